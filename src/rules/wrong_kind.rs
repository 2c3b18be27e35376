//! `wrong-kind`: a reference to the wrong kind of thing.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Resolution;

pub static RULE: Rule = Rule {
    code: "wrong-kind",
    default_severity: Severity::Error,
    summary: "a reference to the wrong kind of thing (`owner platform-weekly` names a meeting)",
    doc: r#"## What it checks
That each reference names the kind of thing its field takes: an `owner` is a person or a
team, `depends-on` lists tasks, `attends` lists meetings, `from` and `to` are teams, and the
name of a `liaison` or `embedded` item is a person.

## Why it matters
A meeting cannot own a task and a person cannot be a dependency. Such a reference usually
means a name was confused with a similar one, and whatever the field was meant to say is lost.

## How to fix
Replace the name with one of the right kind. The message says what the name is and what the
field takes; the label points at the definition.

## Example
```plan
meeting platform-weekly { cadence weekly }
task api-v2 { owner platform-weekly }
```
`platform-weekly` is a meeting; the owner should be the `platform` team or a person.
"#,
    reads: Facts::REFERENCES,
    finds: Finds::ByFile,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for r in &m.references {
        let Resolution::WrongKind(id) = r.resolution else {
            continue;
        };
        if !cx.checks(r.location.file) {
            continue;
        }
        let found = m.symbol(id);
        let place = if r.key().is_empty() {
            "the name of this item".to_string()
        } else {
            format!("`{}`", r.key())
        };
        out.push(
            Diagnostic::new(
                RULE.code,
                r.location,
                format!(
                    "`{}` is {}, but {place} takes {}",
                    r.name(cx.ws),
                    found.kind.a(),
                    r.expected.describe()
                ),
            )
            .with_label(
                found.location,
                format!("`{}` is defined here as {}", found.name, found.kind.a()),
            )
            .with_help(format!("name {} here", r.expected.describe())),
        );
    }
}
