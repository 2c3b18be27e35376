//! `undefined-reference`: a name that is defined nowhere in the workspace.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity, TextEdit};
use crate::model::{KindSet, Resolution, SymbolKind};
use crate::suggest::{closest_among_few, closest_among_many, SortedNames};
use crate::syntax::Span;

pub static RULE: Rule = Rule {
    code: "undefined-reference",
    default_severity: Severity::Error,
    summary: "a name that is defined nowhere (with the closest defined name as a suggestion)",
    doc: r#"## What it checks
That every name a field refers to (an owner, a team's members, a meeting's attendees, a
task's dependencies, a liaison's person) is defined somewhere in the workspace, in any file.

## Why it matters
A reference to nobody is a gap in the plan: a task "owned" by a misspelt name has no owner,
and a meeting attendee who does not exist hides who is really in the room. Everything that
depends on the reference (attendance, meeting load, coordination links) skips it.

## How to fix
Use the suggested name if it is a typo (a quick fix in the editor), or define the missing
person, team, meeting or task (the editor offers to create a person or team).

## Example
```plan
person alice
task api-v2 { owner alcie }
```
`alcie` is defined nowhere; did you mean `alice`?
"#,
    reads: Facts::REFERENCES,
    finds: Finds::ByFile,
    check,
};

/// Above this many comparisons, suggestions use a deletion index instead of an exact search.
const SCAN_LIMIT: usize = 100_000_000;
/// Up to this many undefined names of one set of kinds are looked up in one pass over the
/// defined names rather than by sorting those first: in the editor, where one name is
/// being typed, that is several times cheaper. Measured at 100,000 tasks, one pass over the
/// task names for 16 words costs about two thirds of sorting them (and allocates nothing);
/// the pass grows with the words, the sort does not.
const FEW_WORDS: usize = 16;

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    let mut all_undefined = 0usize;
    let undefined: Vec<_> = m
        .references
        .iter()
        .filter(|r| r.resolution == Resolution::Undefined)
        .inspect(|_| all_undefined += 1)
        .filter(|r| cx.checks(r.location.file))
        .collect();
    if undefined.is_empty() {
        return;
    }
    let names_of = |kinds: KindSet| {
        m.symbols
            .iter()
            .filter(move |s| kinds.contains(s.kind))
            .map(|s| s.name.as_str())
    };
    // The closest name for each undefined reference, found per set of kinds it accepts.
    // Chosen by every undefined name of the plan, even when only some files are checked: the
    // index may miss a name two edits away, and a file's findings must not depend on which
    // files are checked.
    let use_index = all_undefined.saturating_mul(m.symbols.len()) > SCAN_LIMIT;
    let mut suggestions: Vec<Option<&str>> = vec![None; undefined.len()];
    let mut sets: Vec<KindSet> = Vec::new();
    for r in &undefined {
        if !sets.contains(&r.expected) {
            sets.push(r.expected);
        }
    }
    for kinds in sets {
        let at: Vec<usize> = (0..undefined.len())
            .filter(|&i| undefined[i].expected == kinds)
            .collect();
        if use_index || at.len() <= FEW_WORDS {
            let words: Vec<&str> = at.iter().map(|&i| undefined[i].name(cx.ws)).collect();
            let found = if use_index {
                closest_among_many(names_of(kinds), &words)
            } else {
                closest_among_few(names_of(kinds), &words)
            };
            for (&i, s) in at.iter().zip(found) {
                suggestions[i] = s;
            }
        } else {
            let sorted = SortedNames::new(names_of(kinds));
            for &i in &at {
                suggestions[i] = sorted.closest(undefined[i].name(cx.ws));
            }
        }
    }
    for (r, suggestion) in undefined.into_iter().zip(suggestions) {
        let mut d = Diagnostic::new(
            RULE.code,
            r.location,
            format!("`{}` is not defined anywhere in the workspace", r.name(cx.ws)),
        );
        let expected = r.expected.describe();
        d = d.with_help(match suggestion {
            Some(s) => format!(
                "did you mean `{s}`? Otherwise define {expected} named `{}`",
                r.name(cx.ws)
            ),
            None => format!("define {expected} named `{}`, or fix the name", r.name(cx.ws)),
        });
        if let Some(s) = suggestion {
            d = d.with_fix(Fix {
                title: format!("Replace with `{s}`"),
                edits: vec![TextEdit {
                    file: r.location.file,
                    span: r.location.span,
                    new_text: s.to_string(),
                }],
                preferred: true,
            });
        }
        let text = &cx.ws.file(r.location.file).text;
        let end = text.len();
        let newline = if text.is_empty() || text.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        for kind in r.expected.kinds() {
            if matches!(kind, SymbolKind::Person | SymbolKind::Team) {
                d = d.with_fix(Fix {
                    title: format!("Create {} `{}`", kind.keyword(), r.name(cx.ws)),
                    edits: vec![TextEdit {
                        file: r.location.file,
                        span: Span::at(end),
                        new_text: format!("{newline}\n{} {}\n", kind.keyword(), r.name(cx.ws)),
                    }],
                    preferred: false,
                });
            }
        }
        out.push(d);
    }
}
