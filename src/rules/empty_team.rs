//! `empty-team`: a team with no lead and no members.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "empty-team",
    default_severity: Severity::Warning,
    summary: "a team with no lead and no members",
    doc: r#"## What it checks
That every team has a `lead` or at least one of `members`.

## Why it matters
Everything Coord says about a team comes from its people: a team listed in a meeting's
`attendees` stands for its lead and members, a task owned by the team is worked by them, and
two teams are linked when their people meet. A team with nobody in it attends nothing,
coordinates with nobody, and makes dependencies on its work look safer than they are. It is
usually a placeholder that was never filled in, or a team that no longer exists.

## How to fix
Add the team's `lead` and `members`. If the team is gone, remove it and move its tasks and
meetings to the team that took over its work.

## Example
```plan
team data-platform "Data platform" { parent engineering }
team engineering { lead zoe }
person zoe
```
Add `lead` and `members` to `data-platform`, or remove it.
"#,
    reads: Facts::ORG,
    finds: Finds::Anywhere,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for team in &m.teams {
        let sym = m.symbol(team.symbol);
        let (syntax, item) = m.item(cx.ws, sym.item);
        // A `lead` or `members` naming someone undefined still says the team has people.
        if item.field(syntax, "lead").is_some() || item.field(syntax, "members").is_some() {
            continue;
        }
        out.push(
            Diagnostic::new(RULE.code, sym.location, format!("team `{}` has no lead and no members", sym.name)).with_help(
                "add `lead PERSON` and `members PERSON, ...`: a team with nobody in it attends no meetings \
                 and does no work; remove it if it no longer exists",
            ),
        );
    }
}
