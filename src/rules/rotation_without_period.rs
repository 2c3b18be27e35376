//! `rotation-without-period`: a rotation with no `period`, or no `roster`.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{insert_field, Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: Rule = Rule {
    code: "rotation-without-period",
    default_severity: Severity::Error,
    summary: "a rotation with no `period`, or an empty `roster`",
    doc: r#"## What it checks
That every `rotation` says how long each turn lasts (`period`, such as `1w`) and who takes
turns (`roster`, a list of people).

## Why it matters
A rotation is a liaison role that is held for a defined period and then passed on. It builds
less context than a stable liaison, but it shares the burden of being available, which is
the reason to choose it. Without a period nobody knows when their turn ends, so the role
quietly sticks to whoever had it first; without a roster there is nobody to pass it to.
Either way it is not a rotation, and the team it serves cannot count on someone being there.

## How to fix
Add `period` with the length of a turn (a week is common for support or on-call duty) and
`roster` with the people who take turns, usually members of the `from` team. The editor
offers both.

## Example
```plan
team support { lead sue  members sid }
team platform { lead alice }
person sue
person sid
person alice
rotation triage-duty { from support  to platform  roster sue, sid }
```
Add `period 1w` so that duty passes from `sue` to `sid` every week.
"#,
    reads: Facts::ORG,
    finds: Finds::Anywhere,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for r in &m.rotations {
        let sym = m.symbol(r.symbol);
        let (syntax, item) = m.item(cx.ws, sym.item);
        // Written fields count even when their values are invalid (reported already).
        let no_period = item.field(syntax, "period").is_none();
        let no_roster = item
            .field(syntax, "roster")
            .is_none_or(|f| f.value_count() == 0 && !f.has_error);
        let (message, help) = match (no_period, no_roster) {
            (false, false) => continue,
            (true, true) => (
                format!("rotation `{}` has no `period` and no `roster`", sym.name),
                "say how long a turn lasts with `period` (e.g. `period 1w`) and who takes turns with `roster`",
            ),
            (true, false) => (
                format!("rotation `{}` has no `period`: nobody knows when a turn ends", sym.name),
                "add `period` with the length of a turn, e.g. `period 1w`; without it the duty sticks to whoever has it",
            ),
            (false, true) => (
                format!("rotation `{}` has no `roster`: nobody is named to take a turn", sym.name),
                "add `roster` with the people who take turns, usually members of the `from` team",
            ),
        };
        let mut d = Diagnostic::new(RULE.code, sym.location, message).with_help(help);
        if no_period {
            d = d.with_fix(Fix {
                title: "Add `period 1w`".into(),
                edits: vec![insert_field(cx.ws, sym.item.file, item, "period 1w")],
                preferred: false,
            });
        }
        if no_roster && item.field(syntax, "roster").is_none() {
            if let Some(from) = r.from {
                let people = &m.team_people[from.id.index()];
                if !people.is_empty() {
                    let names = people
                        .iter()
                        .map(|&p| m.person_name(p))
                        .collect::<Vec<_>>()
                        .join(", ");
                    d = d.with_fix(Fix {
                        title: format!(
                            "Add `roster {names}` (the people of `{}`)",
                            m.team_name(from.id)
                        ),
                        edits: vec![insert_field(
                            cx.ws,
                            sym.item.file,
                            item,
                            &format!("roster {names}"),
                        )],
                        preferred: false,
                    });
                }
            }
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;

    fn check(text: &str) -> Vec<Diagnostic> {
        crate::rules::testing::check(text)
    }

    #[test]
    fn offers_a_period_and_the_from_team_as_roster() {
        let text = "team support { lead sue  members sid }\nteam platform { lead alice }\n\
                    person sue\nperson sid\nperson alice\nrotation triage { from support  to platform }\n";
        let ds = check(text);
        assert_eq!(ds.len(), 1, "{ds:#?}");
        let titles: Vec<&str> = ds[0].fixes.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "Add `period 1w`",
                "Add `roster sue, sid` (the people of `support`)"
            ]
        );
        // Both fixes applied one after the other leave nothing to report.
        let mut fixed = text.to_string();
        for f in ds[0].fixes.iter().rev() {
            let e = &f.edits[0];
            fixed.replace_range(e.span.range(), &e.new_text);
        }
        assert!(check(&fixed).is_empty(), "{fixed}");
    }
}
