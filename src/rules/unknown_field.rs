//! `unknown-field`: a key the item's kind does not take, or a value of the wrong form.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, Location, Severity, TextEdit};

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
    // Its `allow` values are read from the items themselves, of every kind.
    reads: Facts::FIELD_PROBLEMS
        .union(Facts::ORG)
        .union(Facts::MEETING_ITEMS)
        .union(Facts::TASKS),
    finds: Finds::ByFile,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    allow_names_no_rule(cx, out);
    for p in &cx.model.field_problems {
        if !cx.checks(p.location.file) {
            continue;
        }
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

/// `allow` values that name no rule, in the items that take part in the rules (not the later
/// definitions of a duplicated name) and in the first `allow` of each (a repeated key is
/// reported as such by the model).
fn allow_names_no_rule(cx: &Context, out: &mut Vec<Diagnostic>) {
    let model = cx.model;
    for &(item_ref, field_index) in &model.allow_fields {
        if !cx.checks(item_ref.file) {
            continue;
        }
        let (syntax, item) = model.item(cx.ws, item_ref);
        let field = &item.fields(syntax)[field_index as usize];
        for v in field.values(syntax) {
            let Some(code) = v.as_ident(syntax) else {
                continue;
            };
            if super::rule(code).is_some() {
                continue;
            }
            let location = Location::new(item_ref.file, v.span);
            let suggestion = crate::suggest::closest(code, super::ALL.iter().map(|r| r.code));
            let mut d = Diagnostic::new(
                RULE.code,
                location,
                format!("`allow` names no rule called `{code}`"),
            )
            .with_help(match suggestion {
                Some(sug) => format!("did you mean `{sug}`? `coord rules` lists every rule"),
                None => "`coord rules` lists every rule".to_string(),
            });
            if let Some(rep) = suggestion {
                d = d.with_fix(Fix {
                    title: format!("Replace with `{rep}`"),
                    edits: vec![TextEdit {
                        file: item_ref.file,
                        span: v.span,
                        new_text: rep.to_string(),
                    }],
                    preferred: true,
                });
            }
            out.push(d);
        }
    }
}
