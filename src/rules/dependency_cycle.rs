//! `dependency-cycle`: tasks that depend on each other in a loop.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::graph::cycle_through;

pub static RULE: Rule = Rule {
    code: "dependency-cycle",
    default_severity: Severity::Error,
    summary: "tasks that depend on each other in a loop (self-loops included): one diagnostic per \
              strongly connected group, showing one loop through it with every task on it labelled, in order",
    doc: r#"## What it checks
That `depends-on` never goes round in a circle: no task waits, directly or through other
tasks, on itself. Each group of tasks caught in loops is reported once, with one loop
through the group spelt out (`a → b → c → a`) and every `depends-on` on that loop labelled
in order. A task that names itself in `depends-on` is the smallest loop.

## Why it matters
Dependencies are how a plan says what has to happen first. In a loop every task waits on
another task of the loop, so none of them can start: the plan cannot be carried out as
written, and nobody notices until the first team sits waiting. Often the loop hides a real
disagreement about order between two teams, which is better settled in planning than in
the middle of delivery.

## How to fix
Walk the loop in the message and decide which task truly comes first, then remove the
`depends-on` that contradicts it. If two tasks really need each other, split one of them
(a first version, then the rest) or merge them into one task with one owner.

## Example
```plan
task schema-freeze { owner platform  depends-on api-v2 }
task api-v2 { owner platform  depends-on sdk-release }
task sdk-release { owner platform  depends-on schema-freeze }
```
`schema-freeze → api-v2 → sdk-release → schema-freeze`: none of the three can start.
"#,
    reads: Facts::TASK_DEPENDENCIES,
    finds: Finds::Anywhere,
    check,
};

/// Loops longer than this are shown with their middle elided (the labels show every step).
const SHOWN_STEPS: usize = 12;

/// `a → b → c → a`; a long loop as `a → b → … → y → z → a`.
fn loop_text(names: &[&str]) -> String {
    if names.len() <= SHOWN_STEPS {
        return format!("{} → {}", names.join(" → "), names[0]);
    }
    let head = &names[..SHOWN_STEPS - 3];
    let tail = &names[names.len() - 2..];
    format!(
        "{} → … → {} → {}",
        head.join(" → "),
        tail.join(" → "),
        names[0]
    )
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    // The loops are the model's one fact (also drawn by the graph and listed by the report).
    let cycles = m.dependency_cycles();
    let edges = &cycles.edges;
    for (c, members) in cycles.groups.iter().enumerate() {
        // Tasks are numbered in file order: the smallest is the first one written.
        let start = *members.iter().min().expect("components are not empty");
        let cycle = cycle_through(
            start,
            |w| cycles.group_of[w as usize] == Some(c as u32),
            |v| &edges[v],
        );
        let names: Vec<&str> = cycle
            .iter()
            .map(|&t| m.name(m.tasks[t as usize].symbol))
            .collect();
        let shown = loop_text(&names);
        let first = m.symbol(m.tasks[start as usize].symbol);
        let message = if cycle.len() == 1 {
            format!("task `{}` depends on itself: `{shown}`", first.name)
        } else {
            format!(
                "{} tasks depend on each other in a loop: `{shown}`",
                cycle.len()
            )
        };
        let mut d = Diagnostic::new(RULE.code, first.location, message);
        for (i, &t) in cycle.iter().enumerate() {
            let next = cycle[(i + 1) % cycle.len()];
            let task = &m.tasks[t as usize];
            let from = m.symbol(task.symbol);
            let Some(dep) = task.depends_on.iter().find(|d| d.id.0 == next) else {
                continue; // every step of the loop is an edge; nothing to label otherwise
            };
            let to = m.name(m.tasks[next as usize].symbol);
            d = d.with_label(
                Location::new(from.item.file, dep.span),
                format!("{}. `{}` depends on `{to}`", i + 1, from.name),
            );
        }
        let help = if cycle.len() == 1 {
            format!(
                "remove `{}` from its own `depends-on`: a task cannot wait on itself",
                first.name
            )
        } else {
            "none of these tasks can start: decide which one really comes first and remove the `depends-on` \
             that contradicts it, or split a task in two"
                .to_string()
        };
        let help = if members.len() > cycle.len() {
            format!(
                "{help}. {} tasks in all are tied together by loops here; this is the shortest one through `{}`",
                members.len(),
                first.name
            )
        } else {
            help
        };
        out.push(d.with_help(help));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<Diagnostic> {
        crate::rules::testing::findings(text, RULE.code)
    }

    #[test]
    fn shows_the_loop_from_the_first_task_with_labels_in_order() {
        // Written out of loop order: the loop starts at the first task in the file.
        let text = "person p\n\
                    task c { owner p depends-on a }\n\
                    task a { owner p depends-on b }\n\
                    task b { owner p depends-on c }\n";
        let ds = run(text);
        assert_eq!(ds.len(), 1);
        let d = &ds[0];
        assert_eq!(
            d.message,
            "3 tasks depend on each other in a loop: `c → a → b → c`"
        );
        assert_eq!(&text[d.location.span.range()], "c");
        let labels: Vec<&str> = d.labels.iter().map(|l| l.message.as_str()).collect();
        assert_eq!(
            labels,
            vec![
                "1. `c` depends on `a`",
                "2. `a` depends on `b`",
                "3. `b` depends on `c`"
            ]
        );
        // Each label sits on the `depends-on` value that forms that step.
        let at: Vec<&str> = d
            .labels
            .iter()
            .map(|l| &text[l.location.span.range()])
            .collect();
        assert_eq!(at, vec!["a", "b", "c"]);
        let lines: Vec<usize> = d
            .labels
            .iter()
            .map(|l| text[..l.location.span.start()].matches('\n').count())
            .collect();
        assert_eq!(lines, vec![1, 2, 3]);
    }

    #[test]
    fn one_diagnostic_per_group_and_self_loops() {
        let text = "person p\n\
                    task a { owner p depends-on b, c }\n\
                    task b { owner p depends-on a }\n\
                    task c { owner p depends-on a }\n\
                    task s { owner p depends-on s }\n\
                    task free { owner p depends-on a }\n";
        let ds = run(text);
        assert_eq!(ds.len(), 2, "{ds:#?}");
        assert_eq!(
            ds[0].message,
            "2 tasks depend on each other in a loop: `a → b → a`"
        );
        assert!(
            ds[0].help.as_deref().unwrap().contains("3 tasks in all"),
            "{:?}",
            ds[0].help
        );
        assert_eq!(ds[1].message, "task `s` depends on itself: `s → s`");
        assert_eq!(ds[1].labels.len(), 1);
        assert_eq!(ds[1].labels[0].message, "1. `s` depends on `s`");
    }

    #[test]
    fn a_long_loop_does_not_overflow() {
        let n = 20_000;
        let mut text = String::from("person p\n");
        for i in 0..n {
            text.push_str(&format!(
                "task t{i} {{ owner p depends-on t{} }}\n",
                (i + 1) % n
            ));
        }
        let ds = run(&text);
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].labels.len(), n);
        assert_eq!(
            ds[0].message,
            format!(
                "{n} tasks depend on each other in a loop: \
                 `t0 → t1 → t2 → t3 → t4 → t5 → t6 → t7 → t8 → … → t19998 → t19999 → t0`"
            )
        );
    }
}
