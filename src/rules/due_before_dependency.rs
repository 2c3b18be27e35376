//! `due-before-dependency`: a task is due before a task it depends on is due.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, Location, Severity, TextEdit};

pub static RULE: Rule = Rule {
    code: "due-before-dependency",
    default_severity: Severity::Error,
    summary: "a task is due before a task it depends on is due (one diagnostic per such pair)",
    doc: r#"## What it checks
That no task is due before a task it `depends-on` is due. Each such pair is reported once,
at the `depends-on` value, with the dependency's `due` date labelled. Tasks without a
`due` date, or with one that does not exist (see `invalid-date`), are left out; being due
the same day is accepted.

## Why it matters
A timeline has to agree with its dependencies. If the work you wait on is only due after
your own deadline, then either your date will slip or the dependency is expected early
without its owner knowing. Both are the kind of surprise that hits several teams at once
late in a project, and both are cheap to settle while the plan is still a plan.

## How to fix
Talk to the owner of the dependency, then do one of:
- move this task's `due` to on or after the dependency's (the quick fix does this);
- agree an earlier `due` for the dependency, and write it down;
- drop the `depends-on` if the task does not really wait for it.

## Example
```plan
task api-v2 { owner platform  due 2026-12-01 }
task launch-post { owner marketing  due 2026-11-25  depends-on api-v2 }
```
The blog post is due six days before the API it announces.
"#,
    reads: Facts::TASK_DEPENDENCIES.union(Facts::TASK_DATES),
    finds: Finds::Anywhere,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    // `reported[d] == i`: task `i` has already been reported for depending on `d`.
    let mut reported = vec![u32::MAX; m.tasks.len()];
    for (i, task) in m.tasks.iter().enumerate() {
        let Some((due, due_span)) = task.due.filter(|d| d.0.is_valid()) else {
            continue;
        };
        let sym = m.symbol(task.symbol);
        for dep in &task.depends_on {
            let other = &m.tasks[dep.id.index()];
            let Some((dep_due, dep_due_span)) = other.due.filter(|d| d.0.is_valid()) else {
                continue;
            };
            if due >= dep_due || reported[dep.id.index()] == i as u32 {
                continue;
            }
            reported[dep.id.index()] = i as u32;
            let other_sym = m.symbol(other.symbol);
            out.push(
                Diagnostic::new(
                    RULE.code,
                    Location::new(sym.item.file, dep.span),
                    format!(
                        "`{}` is due {due}, before `{}`, which it depends on, is due ({dep_due})",
                        sym.name, other_sym.name
                    ),
                )
                .with_label(
                    Location::new(other_sym.item.file, dep_due_span),
                    format!("`{}` is due {dep_due}", other_sym.name),
                )
                .with_label(Location::new(sym.item.file, due_span), format!("`{}` is due {due}", sym.name))
                .with_help(format!(
                    "agree the order with the owner of `{}`: move `{}`'s `due` to {dep_due} or later, bring \
                     `{}` forward, or drop the dependency if it is not real",
                    other_sym.name, sym.name, other_sym.name
                ))
                .with_fix(Fix {
                    title: format!("Move `{}`'s due date to {dep_due}", sym.name),
                    edits: vec![TextEdit {
                        file: sym.item.file,
                        span: due_span,
                        new_text: dep_due.to_string(),
                    }],
                    preferred: false,
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<Diagnostic> {
        crate::rules::testing::findings(text, RULE.code)
    }

    #[test]
    fn reports_at_the_dependency_with_its_due_date_labelled() {
        let text = "person p\n\
                    task api { owner p due 2026-12-01 }\n\
                    task post { owner p due 2026-11-25 depends-on api, api }\n";
        let ds = run(text);
        assert_eq!(ds.len(), 1, "one diagnostic per pair: {ds:#?}");
        let d = &ds[0];
        assert_eq!(&text[d.location.span.range()], "api");
        assert!(text[d.location.span.start()..].starts_with("api, api"));
        assert_eq!(
            d.message,
            "`post` is due 2026-11-25, before `api`, which it depends on, is due (2026-12-01)"
        );
        assert_eq!(d.labels[0].message, "`api` is due 2026-12-01");
        assert_eq!(&text[d.labels[0].location.span.range()], "2026-12-01");
        assert_eq!(d.fixes[0].edits[0].new_text, "2026-12-01");
        assert_eq!(&text[d.fixes[0].edits[0].span.range()], "2026-11-25");
    }
}
