//! `orphan-person`: a person in no team.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "orphan-person",
    default_severity: Severity::Info,
    summary: "a person in no team",
    doc: r#"## What it checks
That every person is in at least one team: its `lead` or one of its `members`.

## Why it matters
A person's team is how the plan knows where they work. Tasks they own belong to no team, so
their dependencies cannot be checked for coordination, and meetings that list their team do
not include them. Sometimes that is right (a contractor, an executive above the teams in the
plan), which is why this is only information; more often someone was added and never placed.

## How to fix
Add the person to the `members` of their team, or make them its `lead`. If they truly
belong to no team, add `allow orphan-person` to their definition.

## Example
```plan
team platform { lead alice  members bob }
person alice
person bob
person carol
```
`carol` is in no team: add `carol` to `platform`'s members.
"#,
    reads: Facts::ORG,
    finds: Finds::Anywhere,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for (p, person) in m.people.iter().enumerate() {
        if !m.person_teams[p].is_empty() {
            continue;
        }
        let sym = m.symbol(person.symbol);
        out.push(
            Diagnostic::new(RULE.code, sym.location, format!("`{}` is in no team", sym.name)).with_help(format!(
                "add `{}` to a team's `members` (or make them its `lead`), so the plan shows where they work",
                sym.name
            )),
        );
    }
}
