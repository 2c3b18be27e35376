//! `syntax`: the text does not follow the plan language's grammar.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Location, Severity};

pub static RULE: Rule = Rule {
    code: "syntax",
    default_severity: Severity::Error,
    summary: "the text does not parse (every error is reported; parsing recovers and goes on)",
    doc: r#"## What it checks
That each file follows the plan language's grammar: items written as
`KIND NAME ["Title"] { key value, value ... }`, strings closed on the line they open,
dates as `YYYY-MM-DD`, durations as `45m`, `2h`, `3d` or `1w`, and every `{` closed.

## Why it matters
A plan that does not parse cannot be checked where it is broken. Coord recovers after each
error and checks the rest of the file, so one typo does not hide every other finding, but the
broken part itself is invisible to every other rule until it is fixed.

## How to fix
Read the message: it says what was expected and what was found instead. The usual causes are
a missing closing `}`, a string missing its closing `"`, a field written outside its item's
braces, or a date or duration written another way (`45min` instead of `45m`).

## Example
```plan
meeting platform-weekly {
  owner alice
  length 45min
```
Here `45min` is not a duration (write `45m`), and the `{` is never closed.
"#,
    reads: Facts::SYNTAX,
    finds: Finds::ByFile,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for file in cx.ws.file_ids().filter(|&f| cx.checks(f)) {
        for e in &cx.ws.file(file).syntax.errors {
            let mut d = Diagnostic::new(RULE.code, Location::new(file, e.span), e.message.clone());
            if let Some((span, label)) = &e.label {
                d = d.with_label(Location::new(file, *span), label.clone());
            }
            if let Some(help) = &e.help {
                d = d.with_help(help.clone());
            }
            out.push(d);
        }
    }
}
