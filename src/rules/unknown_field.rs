//! `unknown-field`: a key the item's kind does not take, or a value of the wrong form.

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity, TextEdit};

pub static RULE: Rule = Rule {
    code: "unknown-field",
    default_severity: Severity::Error,
    summary: "a key the item's kind does not take, or a value of the wrong form (`due tomorrow`)",
    doc: r#"## What it checks
That every field is one the item's kind takes (`coord explain team` lists them), given once,
with a value of the right form: a date for `due`, a duration for `length`, one of the listed
words for `cadence`, `kind`, `status` and `model`, a rule code for `allow`, and a single value
for fields that take one.

## Why it matters
A misspelt key is not a harmless typo: `ower alice` leaves the task without an owner, and
`cadance weekly` leaves a meeting out of everyone's weekly meeting time. Coord never silently
ignores a field, so what you wrote is what gets checked.

## How to fix
Use the suggested key or value (the editor offers it as a quick fix), or remove the field.
Dates are `YYYY-MM-DD`; durations are `45m`, `2h`, `3d` or `1w`; text goes in double quotes.

## Example
```plan
task launch { ower alice  due tomorrow }
meeting sync { cadence weeky }
```
`ower` should be `owner`, `due` takes a date such as `2026-12-01`, and `weeky` should be `weekly`.
"#,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for p in &cx.model.field_problems {
        let mut d = Diagnostic::new(RULE.code, p.location, p.message.clone());
        if let Some(help) = &p.help {
            d = d.with_help(help.clone());
        }
        if let Some((loc, label)) = &p.label {
            d = d.with_label(*loc, label.clone());
        }
        if let Some(rep) = &p.replacement {
            d = d.with_fix(Fix {
                title: format!("Replace with `{rep}`"),
                edits: vec![TextEdit {
                    file: p.location.file,
                    span: p.location.span,
                    new_text: rep.clone(),
                }],
                preferred: true,
            });
        }
        out.push(d);
    }
}
