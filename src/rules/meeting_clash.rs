//! `meeting-clash`: two scheduled meetings that overlap in time, with someone who attends both.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::schedule::{day_time, local, Clash};
use crate::model::{MeetingId, Model};

pub static RULE: Rule = Rule {
    code: "meeting-clash",
    default_severity: Severity::Warning,
    summary: "two scheduled meetings overlap in time and someone attends both",
    doc: r#"## What it checks
Every pair of *scheduled* meetings (a `time`, meeting days and a `cadence` other than
`adhoc`) that overlap at least once in the next 13 weeks — counted from the Monday of the
week that contains today, or `--today DATE` — while at least one person attends both. Each
occurrence is placed in the meeting's own zone on its own date (its `tz`, else its owner's
`tz`, else `timezone` in `coord.toml`, else UTC), so daylight saving is applied date by date:
two meetings in Los Angeles and Berlin can clash in the weeks when only one of the two
cities has changed its clocks. Back-to-back meetings do not clash.

`starts` tells Coord which weeks a biweekly meeting meets, and which weekday of the month a
monthly or quarterly one does. Two biweekly meetings in the same slot with `starts` one week
apart alternate and never clash. Without `starts`, Coord cannot know the weeks, so it
reports the two as clashing "on weeks when both meet".

Reported once per pair, at the `time` of the later meeting in the plan, naming the people
who attend both and when the first overlap is, in each person's own time zone when they have
a `tz`.

## Why it matters
A double-booked person misses one of the two meetings, every time. The meeting they skip
loses whatever they carry — a lead's decision, a liaison's context — and nobody notices
until a decision is made without them. Clashes are also easy to miss by hand in distributed
teams, where the same slot is 16:00 for one person and 07:00 for the next.

## How to fix
Move one of the two meetings, or shorten one so they are back to back. If the two alternate
(the same slot, other weeks), give each a `starts` date one week apart so Coord knows. If a
person does not really need to be at both, take them off one and let someone else carry
the news. If the overlap is knowingly accepted, say so with `allow meeting-clash` on the
later meeting.

## Example
```plan
person priya { tz "Europe/Berlin" }
team security { lead priya }
meeting security-sync { owner priya  attendees security  cadence weekly  day wed  time 16:00  length 45m }
meeting architecture-review { owner priya  attendees priya  cadence weekly  day wed  time 16:30 }
```
Every Wednesday `architecture-review` starts while `security-sync` is still running, and
priya is expected at both.
"#,
    reads: Facts::SCHEDULES,
    finds: Finds::Anywhere,
    check,
};

/// The most people named in one message.
const NAMED: usize = 8;

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for clash in &cx.schedules.clashes {
        let (Some((_, time_b)), Some((_, time_a))) = (
            m.meetings[clash.b.index()].time,
            m.meetings[clash.a.index()].time,
        ) else {
            continue;
        };
        let (sa, sb) = (
            cx.schedules.get(clash.a).expect("clashing meetings are scheduled"),
            cx.schedules.get(clash.b).expect("clashing meetings are scheduled"),
        );
        let file = |id: MeetingId| m.symbol(m.meetings[id.index()].symbol).item.file;
        let maybe = !(sa.weeks_known && sb.weeks_known);
        let when = when_text(cx, m, clash);
        let people = name_list(m, &clash.people);
        let message = if maybe {
            format!(
                "`{}` and `{}` clash on weeks when both meet, for {people}: {when}",
                m.meeting_name(clash.b),
                m.meeting_name(clash.a),
            )
        } else {
            format!(
                "`{}` overlaps `{}` for {people}: {when}",
                m.meeting_name(clash.b),
                m.meeting_name(clash.a),
            )
        };
        let help = if maybe {
            format!(
                "if the two alternate (the same slot on other weeks), give each a `starts` date so \
                 Coord knows which weeks each meets; otherwise move or shorten one of them, or take \
                 {} off one",
                if clash.people.len() == 1 { "that person" } else { "someone" }
            )
        } else {
            format!(
                "move or shorten one of the two meetings (back to back is fine), or take {} off one \
                 and let someone else carry the news",
                if clash.people.len() == 1 { "that person" } else { "someone who need not be at both" }
            )
        };
        out.push(
            Diagnostic::new(
                RULE.code,
                Location::new(file(clash.b), time_b),
                message,
            )
            .with_label(
                Location::new(file(clash.a), time_a),
                format!(
                    "`{}`: {}, {}",
                    m.meeting_name(clash.a),
                    sa.describe(),
                    crate::date::format_minutes(sa.minutes as f64)
                ),
            )
            .with_help(help),
        );
    }
}

/// "first on 2026-12-02, Wed 16:30 in Europe/Berlin for priya; Wed 23:30 in Asia/Shanghai
/// for wei" — the start of the first overlap, in each person's zone when they have one, else
/// in the later meeting's zone (without the names when all share one local time).
fn when_text(cx: &Context, m: &Model, clash: &Clash) -> String {
    let at = clash.first_overlap();
    let sb = cx.schedules.get(clash.b).expect("scheduled");
    let date = local(at, &sb.zone).date();
    // (local day and time, zone name) → people
    let mut groups: Vec<(String, String, Vec<&str>)> = Vec::new();
    for &p in clash.people.iter().take(NAMED) {
        let (tz, zone_name) = match cx.schedules.person_zone(p) {
            Some((tz, name)) => (tz, name.as_str()),
            None => (&sb.zone, sb.zone_name.as_str()),
        };
        let shown = day_time(&local(at, tz));
        match groups
            .iter_mut()
            .find(|g| g.0 == shown && g.1 == zone_name)
        {
            Some(g) => g.2.push(m.person_name(p)),
            None => groups.push((shown, zone_name.to_string(), vec![m.person_name(p)])),
        }
    }
    // When everyone shares one local time, the names are in the message already.
    if let [(shown, zone, _)] = groups.as_slice() {
        return format!("first on {date}, {shown} in {zone}");
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(shown, zone, people)| format!("{shown} in {zone} for {}", people.join(", ")))
        .collect();
    format!("first on {date}, {}", parts.join("; "))
}

/// "priya", "priya and wei", "priya, tomas and 3 others".
fn name_list(m: &Model, people: &[crate::model::PersonId]) -> String {
    let names: Vec<&str> = people.iter().take(NAMED).map(|&p| m.person_name(p)).collect();
    let rest = people.len().saturating_sub(NAMED);
    match (names.as_slice(), rest) {
        ([one], 0) => one.to_string(),
        (_, 0) => {
            let (last, first) = names.split_last().expect("two or more");
            format!("{} and {last}", first.join(", "))
        }
        _ => format!("{} and {rest} others", names.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;
    use crate::workspace::Workspace;

    fn clashes(text: &str, today: &str) -> Vec<Diagnostic> {
        let ws = Workspace::from_texts(vec![("a.plan".into(), text.into())]);
        let today = crate::syntax::lexer::parse_date(today).unwrap();
        crate::analysis::analyze(&ws, &crate::config::Config::default(), today)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "meeting-clash")
            .collect()
    }

    #[test]
    fn many_meetings_at_one_time_are_checked_quickly_and_each_pair_once() {
        // 300 people in one team, 60 meetings at the same hour: every pair clashes once.
        let mut text = String::from("team t { lead p0 members ");
        let people: Vec<String> = (1..300).map(|i| format!("p{i}")).collect();
        text.push_str(&people.join(", "));
        text.push_str(" }\n");
        for i in 0..300 {
            text.push_str(&format!("person p{i}\n"));
        }
        for i in 0..60 {
            text.push_str(&format!(
                "meeting m{i} {{ attendees t  cadence daily  time 09:00  tz \"UTC\" }}\n"
            ));
        }
        let started = std::time::Instant::now();
        let found = clashes(&text, "2026-11-22");
        assert_eq!(found.len(), 60 * 59 / 2);
        assert!(found[0].message.contains("p0, p1,"), "{}", found[0].message);
        assert!(found[0].message.contains("and 292 others"), "{}", found[0].message);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
    }
}
