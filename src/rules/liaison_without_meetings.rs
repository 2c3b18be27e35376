//! `liaison-without-meetings`: a liaison that attends none of the `to` team's meetings.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{insert_field, Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, Location, Severity, TextEdit};
use crate::model::{MeetingId, Owner};
use crate::syntax::Span;

pub static RULE: Rule = Rule {
    code: "liaison-without-meetings",
    default_severity: Severity::Warning,
    summary: "a liaison that attends none of the `to` team's meetings",
    doc: r#"## What it checks
That each liaison `attends` at least one meeting of the team named in its `to`: a meeting
that lists that team in its `attendees`.

## Why it matters
A liaison works by being in the room: they sit in the other team's meetings and carry
context both ways. A liaison who attends none of those meetings is a name on a chart, and
the home team gets no more context than it had without one. If the other team has no
meeting where a liaison fits naturally, that is a sign the liaison model may not fit here
at all.

## How to fix
Add the other team's relevant meeting to `attends` (the editor offers it). If the team has
no meeting that lists it in `attendees`, give it one, or choose another way to coordinate:
an embedded person for deep joint work, or shared notes if the need is small.

## Example
```plan
team marketing { lead dave }
team platform { lead alice }
person dave
person alice
meeting platform-weekly { attendees platform  cadence weekly }
liaison dave { from marketing  to platform  needs "delivery dates" }
```
Add `attends platform-weekly` to the liaison.
"#,
    reads: Facts::ORG,
    finds: Finds::Anywhere,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    if m.liaisons.is_empty() {
        return;
    }
    // The meetings that list each team in their attendees.
    let mut listing: Vec<Vec<MeetingId>> = vec![Vec::new(); m.teams.len()];
    for (mi, meeting) in m.meetings.iter().enumerate() {
        for a in &meeting.attendees {
            if let Owner::Team(t) = a.id {
                let list = &mut listing[t.index()];
                if list.last() != Some(&MeetingId(mi as u32)) {
                    list.push(MeetingId(mi as u32));
                }
            }
        }
    }
    for l in &m.liaisons {
        let Some(to) = l.to else {
            continue;
        };
        let (syntax, item) = m.item(cx.ws, l.item);
        let attends_field = item.field(syntax, "attends");
        // An `attends` with a value that is not a known meeting is reported already; it may
        // be the very meeting this rule would ask for.
        if attends_field.is_some_and(|f| f.has_error || f.value_count() != l.attends.len()) {
            continue;
        }
        let meetings = &listing[to.id.index()];
        if l.attends
            .iter()
            .any(|a| meetings.binary_search(&a.id).is_ok())
        {
            continue;
        }
        let file = l.item.file;
        let (who, team) = (item.name_text(syntax).unwrap_or_default(), m.team_name(to.id));
        let mut d = Diagnostic::new(
            RULE.code,
            m.item_name_location(cx.ws, l.item),
            format!("liaison `{who}` attends none of the meetings of `{team}`"),
        );
        let names = meetings
            .iter()
            .map(|&mt| format!("`{}`", m.meeting_name(mt)))
            .collect::<Vec<_>>();
        d = if meetings.is_empty() {
            d.with_label(Location::new(file, to.span), format!("no meeting lists `{team}` in its attendees"))
                .with_help(format!(
                    "a liaison needs a natural place in the other team's meetings: give `{team}` a meeting \
                     that lists it in `attendees`, or consider another way to coordinate"
                ))
        } else {
            d.with_label(Location::new(file, to.span), format!("`{team}` meets in {}", names.join(", ")))
                .with_help(format!("add one of the meetings of `{team}` to `attends`: a liaison carries context by being in the room"))
        };
        if let Some(&first) = meetings.first() {
            let name = m.meeting_name(first);
            let edit = match attends_field.and_then(|f| f.values(syntax).last()) {
                Some(last) => TextEdit {
                    file,
                    span: Span::at(last.span.end()),
                    new_text: format!(", {name}"),
                },
                None => insert_field(cx.ws, file, item, &format!("attends {name}")),
            };
            d = d.with_fix(Fix {
                title: format!("Attend `{name}`"),
                edits: vec![edit],
                preferred: meetings.len() == 1,
            });
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

    fn apply(text: &str, d: &Diagnostic) -> String {
        let mut out = text.to_string();
        let mut edits = d.fixes[0].edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start()));
        for e in edits {
            out.replace_range(e.span.range(), &e.new_text);
        }
        out
    }

    const TEAMS: &str = "team marketing { lead mia  members dave }\nteam platform { lead alice }\n\
                         person mia\nperson dave\nperson alice\n\
                         meeting platform-weekly { attendees platform  cadence weekly }\n\
                         meeting marketing-weekly { attendees marketing  cadence weekly }\n";

    #[test]
    fn offers_the_team_meeting_and_the_fix_silences_it() {
        for liaison in [
            "liaison dave { from marketing  to platform  needs \"dates\" }\n",
            "liaison dave { from marketing  to platform  attends marketing-weekly  needs \"dates\" }\n",
        ] {
            let text = format!("{TEAMS}{liaison}");
            let ds = check(&text);
            assert_eq!(ds.len(), 1, "{ds:#?}");
            assert_eq!(ds[0].labels[0].message, "`platform` meets in `platform-weekly`");
            assert!(ds[0].fixes[0].preferred);
            let fixed = apply(&text, &ds[0]);
            assert!(fixed.contains("platform-weekly"), "{fixed}");
            assert!(check(&fixed).is_empty(), "{fixed}");
        }
    }

    #[test]
    fn a_team_without_meetings_gets_no_fix() {
        let text = format!("{TEAMS}team billing {{ lead carl }}\nperson carl\nliaison dave {{ from marketing  to billing  needs \"x\" }}\n");
        let ds = check(&text);
        assert_eq!(ds.len(), 1, "{ds:#?}");
        assert!(ds[0].fixes.is_empty());
        assert_eq!(
            ds[0].labels[0].message,
            "no meeting lists `billing` in its attendees"
        );
    }
}
