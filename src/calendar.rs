//! The schedule part of the status report: each person's week (meetings per local weekday,
//! clashes, meetings outside their working hours) and each team's meeting times in its
//! people's own zones, built from [`crate::model::schedule`], with Markdown and HTML writers.

use std::fmt::Write as _;

use serde::Serialize;

use crate::analysis::Analysis;
use crate::model::schedule::{day_time, local};
use crate::model::{MeetingId, Model, PersonId};
use crate::report::{Cell, Column, Table};

#[derive(Debug, Clone, Serialize)]
pub struct Calendar {
    /// The first day of the 13-week horizon (the Monday of today's week), `YYYY-MM-DD`.
    pub horizon_start: String,
    /// `working-hours` from `coord.toml`, `HH:MM-HH:MM`.
    pub working_hours: String,
    /// People who attend at least one scheduled meeting, in plan order.
    pub people: Vec<PersonWeek>,
    /// Teams listed as attendees of at least one scheduled meeting, in plan order.
    pub teams: Vec<TeamTimes>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonWeek {
    pub name: String,
    /// The person's `tz`; without one, days are the meetings' own.
    pub tz: Option<String>,
    /// How many of their scheduled meetings fall on each local weekday, Monday first.
    pub meetings_per_day: [usize; 7],
    pub clashes: Vec<ClashNote>,
    pub outside_hours: Vec<OutsideNote>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClashNote {
    /// The two meetings, in plan order.
    pub meetings: [String; 2],
    /// When the first overlap starts, in the person's zone (else the later meeting's):
    /// `2026-11-18 Wed 10:30`.
    pub first: String,
    /// Whether the two may meet on other weeks (biweekly, monthly or quarterly without
    /// `starts`): they clash on weeks when both meet.
    pub weeks_unknown: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutsideNote {
    pub meeting: String,
    /// The person's local day and time: `Wed 23:00`.
    pub local: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamTimes {
    pub team: String,
    pub meetings: Vec<TeamMeetingTime>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamMeetingTime {
    pub meeting: String,
    /// `weekly on Wed at 16:00 Europe/Berlin, 45m`.
    pub schedule: String,
    /// The first occurrence in each of the team's zones.
    pub local: Vec<LocalTime>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LocalTime {
    pub zone: String,
    /// `Wed 23:00`.
    pub time: String,
    /// The team's people in that zone; people without a `tz` are listed under the meeting's.
    pub people: Vec<String>,
}

pub fn build(analysis: &Analysis) -> Calendar {
    let model = &analysis.model;
    let s = &analysis.schedules;
    let mut people = Vec::new();
    for (p, meetings) in model.person_meetings.iter().enumerate() {
        let p = PersonId(p as u32);
        let scheduled: Vec<MeetingId> = meetings
            .iter()
            .copied()
            .filter(|&m| s.get(m).is_some())
            .collect();
        if scheduled.is_empty() {
            continue;
        }
        let zone = s.person_zone(p);
        let mut per_day = [0usize; 7];
        for &m in &scheduled {
            let sched = s.get(m).expect("filtered");
            let mut days = [false; 7];
            for o in &sched.occurrences {
                let w = match zone {
                    Some((tz, _)) => local(o.start, tz).weekday(),
                    None => o.date.weekday(),
                };
                days[w.to_monday_zero_offset() as usize] = true;
            }
            for (n, on) in per_day.iter_mut().zip(days) {
                *n += usize::from(on);
            }
        }
        let clashes = s
            .clashes_of(p)
            .map(|c| {
                let later = s.get(c.b).expect("scheduled");
                let tz = zone.map_or(&later.zone, |(tz, _)| tz);
                let at = local(c.first_overlap(), tz);
                ClashNote {
                    meetings: [
                        model.meeting_name(c.a).to_string(),
                        model.meeting_name(c.b).to_string(),
                    ],
                    first: format!("{} {}", at.date(), day_time(&at)),
                    weeks_unknown: !(s.get(c.a).expect("scheduled").weeks_known
                        && later.weeks_known),
                }
            })
            .collect();
        let outside_hours = s
            .outside_hours
            .iter()
            .filter_map(|o| {
                let (_, occurrence) = o.people.iter().find(|(who, _)| *who == p)?;
                let (tz, _) = zone?;
                Some(OutsideNote {
                    meeting: model.meeting_name(o.meeting).to_string(),
                    local: day_time(&local(occurrence.start, tz)),
                })
            })
            .collect();
        people.push(PersonWeek {
            name: model.person_name(p).to_string(),
            tz: zone.map(|(_, n)| n.clone()),
            meetings_per_day: per_day,
            clashes,
            outside_hours,
        });
    }

    let listed = model.team_listed_meetings();
    let mut teams = Vec::new();
    for (t, meetings) in listed.iter().enumerate() {
        let times: Vec<TeamMeetingTime> = meetings
            .iter()
            .filter_map(|&m| team_meeting_time(analysis, model, t, m))
            .collect();
        if !times.is_empty() {
            teams.push(TeamTimes {
                team: model.team_name(crate::model::TeamId(t as u32)).to_string(),
                meetings: times,
            });
        }
    }
    Calendar {
        horizon_start: s
            .start
            .map(|d| crate::date::from_civil(d).to_string())
            .unwrap_or_default(),
        working_hours: s.working_hours.to_string(),
        people,
        teams,
    }
}

fn team_meeting_time(
    analysis: &Analysis,
    model: &Model,
    team: usize,
    m: MeetingId,
) -> Option<TeamMeetingTime> {
    let s = &analysis.schedules;
    let sched = s.get(m)?;
    let first = sched.occurrences.first()?;
    let mut local_times: Vec<LocalTime> = Vec::new();
    for &p in &model.team_people[team] {
        let (tz, zone) = match s.person_zone(p) {
            Some((tz, name)) => (tz, name.as_str()),
            None => (&sched.zone, sched.zone_name.as_str()),
        };
        let time = day_time(&local(first.start, tz));
        match local_times
            .iter_mut()
            .find(|l| l.zone == zone && l.time == time)
        {
            Some(l) => l.people.push(model.person_name(p).to_string()),
            None => local_times.push(LocalTime {
                zone: zone.to_string(),
                time,
                people: vec![model.person_name(p).to_string()],
            }),
        }
    }
    Some(TeamMeetingTime {
        meeting: model.meeting_name(m).to_string(),
        schedule: format!(
            "{}, {}",
            sched.describe(),
            crate::date::format_minutes(sched.minutes as f64)
        ),
        local: local_times,
    })
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Each person's week: meetings per local weekday, clashes, meetings outside working hours.
fn people_table(c: &Calendar) -> Table {
    let mut columns = vec![Column::text("Person"), Column::text("Zone")];
    columns.extend(DAYS.map(Column::number));
    columns.extend([
        Column::text("Clashes"),
        Column::text("Outside working hours"),
    ]);
    let mut table = Table::new(columns);
    for p in &c.people {
        let mut row = vec![
            Cell::code(p.name.clone()),
            Cell::text(p.tz.as_deref().unwrap_or("—")),
        ];
        row.extend(p.meetings_per_day.iter().map(|n| Cell::text(n.to_string())));
        row.push(Cell::text_or_dash(clash_text(&p.clashes)));
        row.push(Cell::text_or_dash(outside_text(&p.outside_hours)));
        table.rows.push(row);
    }
    table
}

/// Each team's scheduled meetings in its people's zones.
fn team_times_table(c: &Calendar) -> Table {
    let mut table = Table::new(vec![
        Column::text("Team"),
        Column::text("Meeting"),
        Column::text("Schedule"),
        Column::text("Local times"),
    ]);
    for t in &c.teams {
        for m in &t.meetings {
            table.rows.push(vec![
                Cell::code(t.team.clone()),
                Cell::code(m.meeting.clone()),
                Cell::text(m.schedule.clone()),
                Cell::text(local_text(&m.local)),
            ]);
        }
    }
    table
}

/// The two Markdown sections: "Weekly calendars" and "Team meeting times".
pub fn to_markdown(c: &Calendar, o: &mut String) {
    o.push_str("\n## Weekly calendars\n\n");
    if c.people.is_empty() {
        o.push_str("No meeting has a schedule (`day`, `time` and a `cadence`).\n");
    } else {
        let _ = writeln!(
            o,
            "Scheduled meetings per local weekday over the 13 weeks from {}; working hours {}.\n",
            c.horizon_start, c.working_hours
        );
        people_table(c).write_markdown(o);
    }
    if !c.teams.is_empty() {
        o.push_str("\n## Team meeting times\n\n");
        team_times_table(c).write_markdown(o);
    }
}

/// The two HTML sections.
pub fn to_html(c: &Calendar, o: &mut String) {
    let h = crate::graph::xml;
    o.push_str("<h2>Weekly calendars</h2>\n");
    if c.people.is_empty() {
        o.push_str("<p class=\"muted\">No meeting has a schedule (<code>day</code>, <code>time</code> and a <code>cadence</code>).</p>\n");
    } else {
        let _ = writeln!(
            o,
            "<p class=\"muted\">Scheduled meetings per local weekday over the 13 weeks from {}; working hours {}.</p>",
            h(&c.horizon_start),
            h(&c.working_hours)
        );
        people_table(c).write_html(o);
    }
    if !c.teams.is_empty() {
        o.push_str("<h2>Team meeting times</h2>\n");
        team_times_table(c).write_html(o);
    }
}

fn clash_text(clashes: &[ClashNote]) -> String {
    clashes
        .iter()
        .map(|c| {
            format!(
                "{} × {} ({}first {})",
                c.meetings[0],
                c.meetings[1],
                if c.weeks_unknown {
                    "on weeks when both meet; "
                } else {
                    ""
                },
                c.first
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn outside_text(notes: &[OutsideNote]) -> String {
    notes
        .iter()
        .map(|n| format!("{} ({})", n.meeting, n.local))
        .collect::<Vec<_>>()
        .join("; ")
}

fn local_text(times: &[LocalTime]) -> String {
    times
        .iter()
        .map(|l| format!("{} {} ({})", l.time, l.zone, l.people.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}
