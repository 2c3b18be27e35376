//! `unowned-task`: a task without an `owner`.

use crate::model::edit::Facts;
use crate::rules::{Finds, Reach};
use super::{insert_field, Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::{Owner, TaskId};

pub static RULE: Rule = Rule {
    code: "unowned-task",
    default_severity: Severity::Error,
    summary: "a task without `owner`",
    doc: r#"## What it checks
That every task has an `owner` field naming the person or team responsible for it.

## Why it matters
Work with no clear owner is the work that stalls, above all when it crosses teams: everyone
assumes someone else has it. One named owner per task is the first rule of project
coordination, and the owner is also how Coord knows which team a task belongs to, so an
unowned task is invisible to the cross-team rules (`uncoordinated-dependency`,
`blocking-fan-out`).

## How to fix
Add `owner PERSON` or `owner TEAM`. If nobody can be named, that is the finding: raise it
before the task becomes late. The editor's quick fix suggests the owner of a neighbouring task.

## Example
```plan
task migrate-billing "Migrate billing to v2" { due 2027-02-01 }
```
Add `owner payments` (a team) or `owner priya` (a person).
"#,
    reads: Facts::TASKS
        .union(Facts::TASK_OWNERS)
        .union(Facts::TASK_DEPENDENCIES)
        .union(Facts::TEAMS),
    finds: Finds::ByTask(Reach::Direct),
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for (i, task) in m.tasks.iter().enumerate() {
        if !cx.checks_task(i) {
            continue;
        }
        if task.owner.is_some() {
            continue; // an owner that resolved was written
        }
        let sym = m.symbol(task.symbol);
        let (syntax, item) = m.item(cx.ws, sym.item);
        if item.field(syntax, "owner").is_some() {
            continue;
        }
        let mut d = Diagnostic::new(
            RULE.code,
            sym.location,
            format!("task `{}` has no owner", sym.name),
        )
        .with_help("add `owner PERSON` or `owner TEAM`: work without one clear owner stalls");
        if let Some(owner) = neighbour_owner(cx, TaskId(i as u32)) {
            let name = m.owner_name(owner).to_string();
            d = d.with_fix(Fix {
                title: format!("Add `owner {name}`"),
                edits: vec![insert_field(
                    cx.ws,
                    sym.item.file,
                    item,
                    &format!("owner {name}"),
                )],
                preferred: true,
            });
        }
        out.push(d);
    }
}

/// The owner of a task this one depends on or that depends on it, else the first team.
fn neighbour_owner(cx: &Context, t: TaskId) -> Option<Owner> {
    let m = cx.model;
    let task = &m.tasks[t.index()];
    task.depends_on
        .iter()
        .map(|d| d.id)
        .chain(m.dependents[t.index()].iter().copied())
        .find_map(|n| m.tasks[n.index()].owner.map(|o| o.id))
        .or_else(|| (!m.teams.is_empty()).then_some(Owner::Team(crate::model::TeamId(0))))
}
