//! `meeting-outside-hours`: a scheduled meeting outside an attendee's working hours in their
//! own time zone, or on their weekend.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::schedule::{day_time, local};
use crate::model::PersonId;

pub static RULE: Rule = Rule {
    code: "meeting-outside-hours",
    default_severity: Severity::Warning,
    summary: "a scheduled meeting falls outside an attendee's working hours in their own time zone, or on their weekend",
    doc: r#"## What it checks
Every *scheduled* meeting (a `time`, meeting days and a `cadence` other than `adhoc`)
against the working hours of each attendee who has a `tz`: for each of the meeting's days,
its first occurrence in the next 13 weeks is converted to the person's own zone (daylight
saving applied on that date). It is reported when it starts before or ends after
`working-hours` (`coord.toml`, `"08:00-18:00"` by default) there, or falls on their
Saturday or Sunday. The meeting's own time is in its `tz`, else its owner's `tz`, else
`timezone` in `coord.toml`, else UTC. People without a `tz` are not checked.

Reported once per meeting, at its `time`, naming each person with their local day and time:
"Wed 03:00 in Asia/Shanghai for wei".

## Why it matters
The meeting that is convenient for most of a distributed team is often the one at 03:00 for
somebody else. That person either loses their night, or stops coming and loses the
decisions; either way it is the same people, every week, and it rarely shows up in a
calendar tool that displays each person their own time.

## How to fix
There are fairer options than "whoever is outnumbered stays up":
- **Rotate the time**: alternate two slots (with `starts` on two biweekly meetings, one
  week apart), so the early or late hour moves between regions instead of always landing on
  the same people.
- **Split by region**: hold one meeting per region, and let one person (a liaison) carry
  what each decided to the other.
- **Go asynchronous** for status updates, and keep the live meeting for decisions.
- **Record it**: if the people affected agreed to the slot, say so with
  `allow meeting-outside-hours` on the meeting and a comment saying who agreed, so the next
  reader knows it is a choice, not an accident.

If the team's working day is not 08:00-18:00, set `working-hours` in `coord.toml`.

## Example
```plan
person priya { tz "Europe/Berlin" }
person wei { tz "Asia/Shanghai" }
team security { lead priya  members wei }
meeting security-sync { owner priya  attendees security  cadence weekly  day wed  time 16:00  length 45m }
```
16:00 in Berlin is 23:00 in Shanghai: "Wed 23:00 in Asia/Shanghai for wei".
"#,
    reads: Facts::SCHEDULES,
    finds: Finds::Anywhere,
    check,
};

/// The most people named in one message.
const NAMED: usize = 8;

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    let wh = cx.schedules.working_hours;
    for found in &cx.schedules.outside_hours {
        let meeting = &m.meetings[found.meeting.index()];
        let Some((_, time_span)) = meeting.time else {
            continue;
        };
        let file = m.symbol(meeting.symbol).item.file;
        // (local day and time, zone, weekend) → people, in seat order.
        let mut groups: Vec<(String, String, bool, Vec<PersonId>)> = Vec::new();
        for &(p, occurrence) in &found.people {
            let Some((tz, zone)) = cx.schedules.person_zone(p) else {
                continue;
            };
            let start = local(occurrence.start, tz);
            let shown = day_time(&start);
            let weekend = matches!(
                start.weekday(),
                jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
            );
            match groups.iter_mut().find(|g| g.0 == shown && &g.1 == zone) {
                Some(g) => g.3.push(p),
                None => groups.push((shown, zone.clone(), weekend, vec![p])),
            }
        }
        let count = found.people.len();
        let parts: Vec<String> = groups
            .iter()
            .take(NAMED)
            .map(|(shown, zone, weekend, people)| {
                let names: Vec<&str> = people.iter().map(|&p| m.person_name(p)).collect();
                format!(
                    "{shown} in {zone} for {}{}",
                    names.join(", "),
                    if *weekend { " (their weekend)" } else { "" }
                )
            })
            .collect();
        let more = groups.len().saturating_sub(NAMED);
        let who = if count == 1 {
            "1 person".to_string()
        } else {
            format!("{count} people")
        };
        let mut message = format!(
            "`{}` falls outside working hours for {who}: {}",
            m.meeting_name(found.meeting),
            parts.join("; ")
        );
        if more > 0 {
            message.push_str(&format!("; and {more} more local times"));
        }
        let mut d = Diagnostic::new(RULE.code, Location::new(file, time_span), message);
        for &(p, _) in found.people.iter().take(NAMED) {
            if let Some(tz) = &m.people[p.index()].tz {
                let person_file = m.symbol(m.people[p.index()].symbol).item.file;
                d = d.with_label(
                    Location::new(person_file, tz.span),
                    format!("`{}` works in {}", m.person_name(p), tz.name),
                );
            }
        }
        out.push(d.with_help(format!(
            "working hours are {wh} in each person's own zone (`working-hours` in coord.toml). \
             Fairer options: rotate the time between regions, split the meeting by region with a \
             liaison carrying decisions across, or move status updates to writing; if the people \
             affected agreed to this slot, record it with `allow meeting-outside-hours` and a comment"
        )));
    }
}
