//! `oversized-meeting`: a decision meeting with more than `meeting-limit` attendees.

use crate::model::edit::Facts;
use crate::rules::Finds;
use std::collections::HashMap;

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::{MeetingKind, SeatHolder, Via};
use crate::syntax::Span;

pub static RULE: Rule = Rule {
    code: "oversized-meeting",
    default_severity: Severity::Warning,
    summary: "a `decision` meeting with more than `meeting-limit` attendees (the rule of eight); the count, and which team or liaison brought whom, are shown",
    doc: r#"## What it checks
That a decision meeting (every meeting is one unless it says `kind status` or
`kind broadcast`) has at most `meeting-limit` attendees, 8 by default. Everyone who attends
counts once: the people listed in `attendees`, the lead and members of each team listed
there, each liaison that `attends` it, each person embedded into a team that attends, and
one seat for each rotation into such a team. The diagnostic shows which team, liaison, embed
or rotation brought whom, so you can see where the seats come from.

## Why it matters
Jade Rubick's rule of eight: a meeting of more than eight people is not a meeting that makes
decisions. Meetings grow a seat at a time (a leadership group of five becomes a dozen) and
decide less with every seat. Liaisons are a common cause: each one is cheap, but a liaison
fits only while the meeting they join stays within eight.

## How to fix
Decide what the meeting is for.
- If it is for information, say so with `kind status` or `kind broadcast`: large meetings are
  fine when everyone knows they do not decide.
- If it must decide, trim who attends: list a team's lead instead of the whole team, or let
  one liaison or representative carry context for several.
Splitting it into a small "real" meeting plus a large one rarely works: the large one keeps
trying to decide unless told plainly that it does not, and two meetings share less context.

## Example
```plan
team platform { lead alice  members bob, carol, dan, erin, frank }
team design { lead gina  members hugo, ivan }
person alice
person bob
person carol
person dan
person erin
person frank
person gina
person hugo
person ivan

meeting roadmap-review { attendees platform, design  cadence weekly }
```
Nine people in a decision meeting: mark it `kind status`, or invite `alice` and `gina` only.
"#,
    reads: Facts::ORG.union(Facts::MEETING_ITEMS),
    finds: Finds::Anywhere,
    check,
};

/// Where the seats of a meeting came from, for labels.
enum Source {
    Team {
        span: Span,
        team: String,
        people: Vec<String>,
    },
    Listed(Vec<String>),
    Other(Location, String),
}

impl Source {
    fn push(&mut self, person: String) {
        match self {
            Source::Team { people, .. } | Source::Listed(people) => people.push(person),
            Source::Other(..) => {}
        }
    }
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    let limit = cx.config.meeting_limit;
    for (mi, meeting) in m.meetings.iter().enumerate() {
        let seats = &m.attendance[mi];
        if meeting.kind != MeetingKind::Decision || seats.len() <= limit {
            continue;
        }
        let sym = m.symbol(meeting.symbol);
        let (syntax, item) = m.item(cx.ws, sym.item);
        // A `kind` written with an invalid value is reported as unknown-field; the meeting's
        // real kind is unknown, so do not guess.
        if let Some(kind) = item.field(syntax, "kind") {
            let valid = kind
                .values(syntax)
                .first()
                .and_then(|v| v.as_ident(syntax))
                .is_some_and(|k| k == "decision");
            if !valid {
                continue;
            }
        }
        let file = sym.item.file;
        let mut sources: Vec<Source> = Vec::new();
        // Where the source of each team value and of the people listed by name is.
        let mut team_source: HashMap<Span, usize> = HashMap::new();
        let mut listed_source: Option<usize> = None;
        for seat in seats {
            let person = match seat.who {
                SeatHolder::Person(p) => m.person_name(p).to_string(),
                SeatHolder::Rotation(r) => m.rotation_name(r).to_string(),
            };
            match seat.via {
                Via::Team(t, span) => match team_source.get(&span) {
                    Some(&i) => sources[i].push(person),
                    None => {
                        team_source.insert(span, sources.len());
                        sources.push(Source::Team {
                            span,
                            team: m.team_name(t).to_string(),
                            people: vec![person],
                        });
                    }
                },
                Via::Listed(_) => match listed_source {
                    Some(i) => sources[i].push(person),
                    None => {
                        listed_source = Some(sources.len());
                        sources.push(Source::Listed(vec![person]));
                    }
                },
                Via::Liaison(l) => {
                    let at = m.item_name_location(cx.ws, m.liaisons[l.index()].item);
                    sources.push(Source::Other(at, format!("liaison `{person}` attends")));
                }
                Via::Embedded(e) => {
                    let embed = &m.embeds[e.index()];
                    let at = m.item_name_location(cx.ws, embed.item);
                    let into = embed.to.map_or("", |t| m.team_name(t.id));
                    sources.push(Source::Other(
                        at,
                        format!("embedded in `{into}`: `{person}`"),
                    ));
                }
                Via::Rotation(r) => {
                    let at = m.definition(m.rotations[r.index()].symbol);
                    sources.push(Source::Other(
                        at,
                        format!("one seat for rotation `{person}`"),
                    ));
                }
            }
        }
        let mut d = Diagnostic::new(
            RULE.code,
            sym.location,
            format!(
                "`{}` has {} attendees, more than the {limit} a decision meeting can hold",
                sym.name,
                seats.len()
            ),
        );
        let attendees_key = item.field(syntax, "attendees").map(|f| f.key.span);
        for source in sources {
            d = match source {
                Source::Team { span, team, people } => d.with_label(
                    Location::new(file, span),
                    format!("`{team}` brings {}", people.join(", ")),
                ),
                Source::Listed(people) => match attendees_key {
                    Some(key) => d.with_label(
                        Location::new(file, key),
                        format!("listed by name: {}", people.join(", ")),
                    ),
                    None => d,
                },
                Source::Other(at, message) => d.with_label(at, message),
            };
        }
        out.push(d.with_help(format!(
            "past {limit} people a meeting stops deciding: if it is for information, mark it `kind status` \
             or `kind broadcast`; if it must decide, trim who attends (a team's lead instead of the whole team)"
        )));
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;
    use crate::workspace::Workspace;

    fn check(text: &str) -> (Workspace, Vec<Diagnostic>) {
        let ws = Workspace::from_texts(vec![("a.plan".into(), text.into())]);
        (ws, crate::rules::testing::findings(text, "oversized-meeting"))
    }

    const PLAN: &str = "\
team platform { lead alice  members bob, carol, dan, eve }
team marketing { lead mia  members dave, erin }
team security { lead sam  members sec-sam }
team support { lead sue  members sid }
person alice
person bob
person carol
person dan
person eve
person erin
person mia
person dave
person sam
person sec-sam
person sue
person sid
meeting sync { attendees platform, erin, bob  cadence weekly }
liaison dave { from marketing  to platform  attends sync  needs \"dates\" }
embedded sec-sam { from security  to platform }
rotation support-duty { from support  to platform  roster sue, sid  period 1w }
";

    #[test]
    fn counts_every_seat_and_says_who_brought_whom() {
        let (ws, ds) = check(PLAN);
        let ws_all = crate::analysis::analyze(
            &ws,
            &crate::config::Config::default(),
            crate::syntax::lexer::parse_date("2026-11-22").unwrap(),
        );
        let others: Vec<_> = ws_all
            .diagnostics
            .iter()
            .filter(|d| d.code != "oversized-meeting")
            .collect();
        assert!(others.is_empty(), "{others:#?}");
        assert_eq!(ds.len(), 1, "{ds:#?}");
        let d = &ds[0];
        let text = |l: &crate::diagnostic::Label| {
            ws.file(l.location.file).slice(l.location.span).to_string()
        };
        let labels: Vec<(String, String)> = d
            .labels
            .iter()
            .map(|l| (text(l), l.message.clone()))
            .collect();
        assert_eq!(
            labels,
            vec![
                (
                    "platform".to_string(),
                    "`platform` brings alice, bob, carol, dan, eve".to_string()
                ),
                ("attendees".to_string(), "listed by name: erin".to_string()),
                ("dave".to_string(), "liaison `dave` attends".to_string()),
                (
                    "sec-sam".to_string(),
                    "embedded in `platform`: `sec-sam`".to_string()
                ),
                (
                    "support-duty".to_string(),
                    "one seat for rotation `support-duty`".to_string()
                ),
            ]
        );
        // alice, bob, carol, dan, eve, erin, dave, sec-sam and one rotation seat.
        assert!(d.message.contains("has 9 attendees"), "{}", d.message);
    }

    #[test]
    fn limit_and_kind_decide() {
        // Without the liaison, 8 seats: at the limit, quiet.
        let eight = PLAN.replace("attends sync  ", "");
        assert!(check(&eight).1.is_empty());
        let status = PLAN.replace("cadence weekly }", "cadence weekly  kind status }");
        assert!(check(&status).1.is_empty());
        let explicit = PLAN.replace("cadence weekly }", "cadence weekly  kind decision }");
        assert_eq!(check(&explicit).1.len(), 1);
        // An invalid kind is unknown-field only.
        let invalid = PLAN.replace("cadence weekly }", "cadence weekly  kind standup }");
        assert!(check(&invalid).1.is_empty());
    }
}
