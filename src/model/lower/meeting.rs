//! Lowering of a meeting: its attendees, cadence and kind, and its schedule (`day`, `time`,
//! `tz`, `starts`) with the problems only the schedule's fields together show.

use super::kinds::{at, owner_of};
use super::{Checked, ItemFields, Sink, Written};
use crate::model::*;

pub(super) fn blank_meeting(symbol: SymbolId) -> Meeting {
    Meeting {
        symbol,
        owner: None,
        attendees: Vec::new(),
        cadence: None,
        length: None,
        kind: MeetingKind::Decision,
        days: None,
        time: None,
        tz: None,
        starts: None,
        schedule_broken: false,
        starts_off_day: false,
    }
}

pub(super) fn meeting(m: &mut Sink, it: &ItemFields) {
    let idx = it.index() - m.base.meetings;
    let mut mt = blank_meeting(m.meetings[idx].symbol);
    let mut schedule_fields: Vec<Written> = Vec::new();
    for w in it.iter() {
        match w.key {
            "owner" => mt.owner = w.first_ref().map(|r| at(m, r, PersonId)),
            "attendees" => mt.attendees = w.refs().map(|r| owner_of(m, r)).collect(),
            "cadence" => {
                if let Some(s) = w.first_enum() {
                    mt.cadence = Cadence::parse(s);
                }
            }
            "length" => {
                if let Some(d) = w.first_duration() {
                    mt.length = Some(d);
                }
            }
            "kind" => {
                if let Some(s) = w.first_enum() {
                    mt.kind = match s {
                        "status" => MeetingKind::Status,
                        "broadcast" => MeetingKind::Broadcast,
                        _ => MeetingKind::Decision,
                    };
                }
            }
            "day" | "time" | "tz" | "starts" => schedule_fields.push(w),
            _ => {}
        }
    }
    let problems = lower_schedule(&mut mt, it.seen, &schedule_fields, it.item_ref.file);
    m.out.field_problems.extend(problems);
    m.meetings[idx] = mt;
}

/// The weekday of a `day` value (`mon` ... `sun`).
fn weekday_of(word: &str) -> Option<jiff::civil::Weekday> {
    use jiff::civil::Weekday::*;
    Some(match word {
        "mon" => Monday,
        "tue" => Tuesday,
        "wed" => Wednesday,
        "thu" => Thursday,
        "fri" => Friday,
        "sat" => Saturday,
        "sun" => Sunday,
        _ => return None,
    })
}

/// Lowers a meeting's `day`, `time`, `tz` and `starts` (after its other fields), marks the
/// schedule broken when a value it depends on is invalid, and returns the problems: a repeated
/// day, `time` without days, days without `time`.
fn lower_schedule(
    mt: &mut Meeting,
    seen: &[(&str, Span)],
    fields: &[Written],
    file: FileId,
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let mut problem = |span: Span, message: String, help: String| {
        problems.push(FieldProblem {
            location: Location::new(file, span),
            message,
            help: Some(help),
            label: None,
            replacement: None,
        })
    };
    let mut broken = false;
    for &Written {
        key,
        field,
        values,
        checked,
    } in fields
    {
        match key {
            "day" => {
                let mut days = Vec::new();
                for (c, v) in checked.iter().zip(values) {
                    match c {
                        Checked::Enum(word) => {
                            let Some(day) = weekday_of(word) else {
                                broken = true;
                                continue;
                            };
                            if days.contains(&day) {
                                broken = true;
                                problem(
                                    v.span,
                                    format!("`{word}` is given twice in `day`"),
                                    "list each meeting day once".into(),
                                );
                            } else {
                                days.push(day);
                            }
                        }
                        _ => broken = true,
                    }
                }
                days.sort_by_key(|d| d.to_monday_zero_offset());
                mt.days = Some((days, field.key.span));
            }
            "time" => match checked.first() {
                Some(Checked::Time(t)) => mt.time = Some((*t, values[0].span)),
                _ => broken = true,
            },
            "tz" => match checked.first() {
                Some(Checked::Zone(name, valid)) => {
                    broken |= !valid;
                    mt.tz = Some(ZoneField {
                        name: name.to_string(),
                        span: values[0].span,
                        valid: *valid,
                    });
                }
                _ => broken = true,
            },
            "starts" => match checked.first() {
                Some(Checked::Date(d)) => {
                    broken |= !d.is_valid();
                    mt.starts = Some((*d, values[0].span));
                }
                _ => broken = true,
            },
            _ => {}
        }
    }
    let written = |key: &str| seen.iter().find(|(k, _)| *k == key).map(|&(_, s)| s);
    // A key written with a list where one value is taken, or given a value of the wrong form.
    broken |= written("time").is_some() && mt.time.is_none();
    broken |= written("tz").is_some() && mt.tz.is_none();
    broken |= written("starts").is_some() && mt.starts.is_none();
    broken |= written("day").is_some() && mt.days.is_none();
    broken |= written("cadence").is_some() && mt.cadence.is_none();
    // Without its own zone, the meeting takes its owner's: an invalid owner breaks it.
    broken |= mt.tz.is_none() && written("owner").is_some() && mt.owner.is_none();
    if let (Some((starts, span)), false) = (mt.starts, broken) {
        let days = mt.meeting_days();
        let weekday = crate::date::to_civil(starts).map(|d| d.weekday());
        if weekday.is_some_and(|w| !days.contains(&w)) && !days.is_empty() {
            // `invalid-date` reports it at `starts`.
            let _ = span;
            mt.starts_off_day = true;
            broken = true;
        }
    }
    mt.schedule_broken = broken;
    let daily = mt.cadence == Some(Cadence::Daily);
    if let Some(span) = written("time") {
        if written("day").is_none() && written("starts").is_none() && !daily {
            problem(
                span,
                "`time` is given, but not the days the meeting meets".into(),
                "add `day` with the meeting days, as in `day tue, thu`, or a `starts` date; \
                 a `daily` meeting meets Monday to Friday"
                    .into(),
            );
        }
    }
    if let Some(span) = written("day") {
        if written("time").is_none() {
            problem(
                span,
                "`day` is given, but not the `time` the meeting starts".into(),
                "add the local start time, as in `time 09:30`, and its zone with `tz` \
                 (or give the owner a `tz`)"
                    .into(),
            );
        }
    }
    problems
}
