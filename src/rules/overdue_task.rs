//! `overdue-task`: a task not `done` whose `due` date has passed.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Location, Severity};

pub static RULE: Rule = Rule {
    code: "overdue-task",
    default_severity: Severity::Info,
    summary: "a task not `done` whose `due` is before today (`--today DATE` overrides the clock)",
    doc: r#"## What it checks
That every task whose `due` date has passed is marked `status done`. A task due today is
not overdue yet. "Today" is the system date, or the one given with `--today DATE` (useful
in CI and for reviewing a plan as of a given day).

## Why it matters
A plan is worth following only while it matches what is really happening. An overdue task
is either finished and not recorded, or late; in both cases the plan now says something
false, and a late task is the one the teams waiting on it need to hear about first.

## How to fix
If the work is finished, set `status done`. If it is late, agree a new `due` date with its
owner and tell whoever depends on it; Coord's `due-before-dependency` then checks that the
tasks waiting on it still fit.

## Example
```plan
task schema-freeze { owner bob  due 2026-11-15  status doing }
```
Checked on 2026-11-22, the schema freeze is 7 days overdue.
"#,
    reads: Facts::TASK_DATES.union(Facts::TASK_DEPENDENCIES),
    finds: Finds::Anywhere,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    if !cx.today.is_valid() {
        return;
    }
    let today = crate::date::days_since_epoch(cx.today);
    for (i, task) in m.tasks.iter().enumerate() {
        // Whether it is overdue is the model's fact (the report and the graphs use it too);
        // how late it is, in days, is this rule's words.
        if !task.is_overdue(cx.today) {
            continue;
        }
        let Some((due, span)) = task.due else {
            continue;
        };
        let late = today - crate::date::days_since_epoch(due);
        let sym = m.symbol(task.symbol);
        let days = if late == 1 {
            "1 day".to_string()
        } else {
            format!("{late} days")
        };
        let waiting = m.dependents[i].len();
        let help = match waiting {
            0 => "if it is finished, set `status done`; if not, agree a new `due` date with its owner".to_string(),
            1 => "if it is finished, set `status done`; if not, agree a new `due` date with its owner and tell \
                  the owner of the task that depends on it"
                .to_string(),
            n => format!(
                "if it is finished, set `status done`; if not, agree a new `due` date with its owner and tell \
                 the owners of the {n} tasks that depend on it"
            ),
        };
        out.push(
            Diagnostic::new(
                RULE.code,
                Location::new(sym.item.file, span),
                format!(
                    "`{}` is {days} overdue: it was due {due} and is not marked done",
                    sym.name
                ),
            )
            .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::lexer::parse_date;

    #[test]
    fn counts_the_days_across_months_and_leap_years() {
        let text = "person p\n\
                    task a { owner p due 2028-02-28 }\n\
                    task b { owner p due 2028-03-01 status blocked }\n\
                    task c { owner p due 2028-03-02 }\n";
        let ws = crate::workspace::Workspace::from_texts(vec![("a.plan".into(), text.into())]);
        // Not the shared harness: this test needs its own date (around a leap day).
        let today = parse_date("2028-03-02").unwrap();
        let ds: Vec<_> = crate::analysis::analyze(&ws, &crate::config::Config::default(), today)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == RULE.code)
            .map(|d| d.message)
            .collect();
        assert_eq!(
            ds,
            vec![
                "`a` is 3 days overdue: it was due 2028-02-28 and is not marked done",
                "`b` is 1 day overdue: it was due 2028-03-01 and is not marked done",
            ]
        );
    }
}
