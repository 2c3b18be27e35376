//! `liaison-without-needs`: a liaison with no `needs`.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "liaison-without-needs",
    default_severity: Severity::Warning,
    summary: "a liaison with no `needs`: if notes or an email would do, no liaison is needed",
    doc: r#"## What it checks
That every `liaison` item says, in `needs`, what context the home team needs from the other
team: for product marketing following an engineering team, say, delivery dates, the benefits
of a feature, its terminology and how it fits the offering.

## Why it matters
A liaison costs a person several meetings a week. In Rubick's liaison model that cost is
worth it only when the need for context is more than minimal; if notes from the meeting or
an email would do, no liaison is needed. Writing the needs down tests that, and it is also
what the liaison should tell the other team's meeting: why they are there and what they are
listening for.

## How to fix
Add `needs "...", "..."` listing what the home team needs. If you cannot name anything
beyond what the meeting notes already say, consider dropping the liaison and sharing notes
instead.

## Example
```plan
team marketing { lead dave }
team platform { lead alice }
person dave
person alice
meeting platform-weekly { attendees platform  cadence weekly }
liaison dave { from marketing  to platform  attends platform-weekly }
```
Add `needs "delivery dates", "feature benefits", "terminology"`.
"#,
    reads: Facts::ORG,
    finds: Finds::Anywhere,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for l in &m.liaisons {
        let (syntax, item) = m.item(cx.ws, l.item);
        // A `needs` written with invalid values is present: those values are reported already.
        if item.field(syntax, "needs").is_some() {
            continue;
        }
        let who = item.name_text(syntax).unwrap_or_default();
        let to =
            l.to.map(|t| format!(" to `{}`", m.team_name(t.id)))
                .unwrap_or_default();
        out.push(
            Diagnostic::new(
                RULE.code,
                m.item_name_location(cx.ws, l.item),
                format!("liaison `{who}`{to} does not say what context the home team needs"),
            )
            .with_help(
                "add `needs \"...\"` listing what the home team needs from the other team; \
                 if meeting notes or an email would cover it, no liaison is needed",
            ),
        );
    }
}
