//! Reading one `VEVENT`: its properties, dates, durations, organizer and attendees, into a
//! meeting the plan can hold, a deliberate skip, or the reason it cannot be imported.

use std::collections::HashMap;

use icalendar::parser::{Component, Property};
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use super::recurrence::{first_occurrence, recurrence};
use super::SkipReason;
use crate::import::windows_zones::{is_iana, to_iana};

/// One attendee or organizer.
#[derive(Debug, Clone)]
pub(super) struct Attendee {
    pub(super) email: String,
    pub(super) cn: Option<String>,
    /// A mailing list (`CUTYPE=GROUP`): never made a person.
    pub(super) group: bool,
}

/// One importable meeting.
#[derive(Debug)]
pub(super) struct Meeting {
    pub(super) uid: Option<String>,
    pub(super) summary: String,
    pub(super) organizer: Option<Attendee>,
    pub(super) attendees: Vec<Attendee>,
    pub(super) cadence: &'static str,
    /// Monday = 0.
    pub(super) days: Vec<u8>,
    pub(super) time: (i8, i8),
    pub(super) tz: Option<String>,
    pub(super) starts: Date,
    pub(super) length_minutes: Option<i64>,
    pub(super) zone_note: Option<String>,
}

pub(super) enum Outcome {
    Meeting(Meeting),
    Skip(SkipReason),
    Unsupported { summary: String, message: String },
}

pub(super) const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
pub(super) const ICAL_DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// Calendar-wide facts events refer to: `VTIMEZONE` locations and `X-WR-TIMEZONE`.
pub(super) struct CalendarContext {
    /// TZID → IANA zone, from `X-LIC-LOCATION` or a recognised TZID.
    pub(super) zones: HashMap<String, String>,
    pub(super) default_zone: Option<String>,
}

impl CalendarContext {
    pub(super) fn new(cal: &Component) -> CalendarContext {
        let mut zones = HashMap::new();
        for c in &cal.components {
            if !c.name.as_str().eq_ignore_ascii_case("VTIMEZONE") {
                continue;
            }
            let Some(tzid) = prop(c, "TZID") else {
                continue;
            };
            let tzid = tzid.val.as_str().trim().to_string();
            let iana = prop(c, "X-LIC-LOCATION")
                .and_then(|p| to_iana(p.val.as_str()))
                .or_else(|| to_iana(&tzid));
            if let Some(iana) = iana {
                zones.insert(tzid, iana);
            }
        }
        let default_zone = cal
            .properties
            .iter()
            .find(|p| p.name.as_str().eq_ignore_ascii_case("X-WR-TIMEZONE"))
            .and_then(|p| to_iana(p.val.as_str()));
        CalendarContext {
            zones,
            default_zone,
        }
    }

    pub(super) fn zone(&self, tzid: &str) -> Option<String> {
        let tzid = tzid.trim().trim_matches('"');
        self.zones.get(tzid).cloned().or_else(|| to_iana(tzid))
    }
}

pub(super) fn prop<'a>(c: &'a Component<'a>, name: &str) -> Option<&'a Property<'a>> {
    c.properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

pub(super) fn param<'a>(p: &'a Property<'a>, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|x| x.val.as_ref())
        .map(|v| v.as_str().trim().trim_matches('"'))
}

/// Decodes a TEXT value's escapes (`\,` `\;` `\n` `\\`).
pub(super) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push(' '),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `mailto:` address of a CAL-ADDRESS property, lower case.
pub(super) fn attendee(p: &Property) -> Option<Attendee> {
    let val = p.val.as_str().trim();
    let email = if let Some(rest) = val
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
        .and_then(|_| val.get(7..))
    {
        rest
    } else if val.contains('@') && !val.contains(':') {
        val
    } else {
        return None;
    };
    let email = email.trim().to_lowercase();
    if email.is_empty() {
        return None;
    }
    let cn = param(p, "CN")
        .map(unescape)
        .filter(|cn| !cn.is_empty() && !cn.eq_ignore_ascii_case(&email));
    let cutype = param(p, "CUTYPE")
        .unwrap_or("INDIVIDUAL")
        .to_ascii_uppercase();
    Some(Attendee {
        email,
        cn,
        group: cutype == "GROUP",
    })
}

/// A DATE or DATE-TIME value: the civil date-time, whether it is UTC (`Z`), and whether
/// it is a date only.
pub(super) fn parse_datetime(value: &str) -> Option<(DateTime, bool, bool)> {
    let v = value.trim();
    let num = |s: &str| -> Option<i32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    // DATE and DATE-TIME values are ASCII; anything else is not one (and is not sliced).
    if v.len() < 8 || !v.is_ascii() {
        return None;
    }
    let date = Date::new(
        i16::try_from(num(&v[..4])?).ok()?,
        i8::try_from(num(&v[4..6])?).ok()?,
        i8::try_from(num(&v[6..8])?).ok()?,
    )
    .ok()?;
    if v.len() == 8 {
        return Some((date.to_datetime(jiff::civil::Time::midnight()), false, true));
    }
    let rest = v.get(8..)?;
    let rest = rest.strip_prefix(['T', 't'])?;
    let (time, utc) = match rest.strip_suffix(['Z', 'z']) {
        Some(t) => (t, true),
        None => (rest, false),
    };
    if time.len() != 6 {
        return None;
    }
    let t = jiff::civil::Time::new(
        i8::try_from(num(&time[..2])?).ok()?,
        i8::try_from(num(&time[2..4])?).ok()?,
        i8::try_from(num(&time[4..6])?).ok()?.min(59),
        0,
    )
    .ok()?;
    Some((date.to_datetime(t), utc, false))
}

/// An RFC 5545 DURATION (`PT45M`, `PT1H30M`, `P1D`, `P1W`) in minutes.
pub(super) fn parse_duration(value: &str) -> Option<i64> {
    let v = value.trim();
    let (neg, v) = match v.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    let v = v.strip_prefix(['P', 'p'])?;
    let mut minutes: i64 = 0;
    let mut number = String::new();
    let mut in_time = false;
    for c in v.chars() {
        match c.to_ascii_uppercase() {
            'T' => in_time = true,
            d if d.is_ascii_digit() => number.push(d),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let per = match (unit, in_time) {
                    ('W', false) => 7 * 24 * 60,
                    ('D', false) => 24 * 60,
                    ('H', true) => 60,
                    ('M', true) => 1,
                    ('S', true) => 0,
                    _ => return None,
                };
                minutes = minutes.checked_add(n.checked_mul(per)?)?;
            }
        }
    }
    if !number.is_empty() {
        return None;
    }
    Some(if neg { -minutes } else { minutes })
}

/// A length in plan syntax: whole hours as `1h`, else minutes (`45m`, `90m`).
pub(super) fn duration(minutes: i64) -> String {
    if minutes % 60 == 0 {
        format!("{}h", minutes / 60)
    } else {
        format!("{minutes}m")
    }
}

/// One VEVENT to a meeting, a deliberate skip, or a reason it cannot be imported.
pub(super) fn event(c: &Component, cal: &CalendarContext, today: Date) -> Outcome {
    let summary = prop(c, "SUMMARY")
        .map(|p| unescape(p.val.as_str()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Untitled meeting".to_string());
    let unsupported = |message: String| Outcome::Unsupported {
        summary: summary.clone(),
        message,
    };
    if prop(c, "RECURRENCE-ID").is_some() {
        return Outcome::Skip(SkipReason::Override);
    }
    if prop(c, "STATUS").is_some_and(|p| p.val.as_str().trim().eq_ignore_ascii_case("CANCELLED")) {
        return Outcome::Skip(SkipReason::Cancelled);
    }
    let Some(dtstart) = prop(c, "DTSTART") else {
        return unsupported("no DTSTART, so no time".into());
    };
    let Some((start, start_utc, all_day)) = parse_datetime(dtstart.val.as_str()) else {
        return unsupported(format!(
            "DTSTART {} is not a date-time",
            dtstart.val.as_str()
        ));
    };
    let Some(rrule) = prop(c, "RRULE") else {
        return Outcome::Skip(SkipReason::OneOff);
    };
    if all_day || param(dtstart, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) {
        return Outcome::Skip(SkipReason::AllDay);
    }

    // The zone of `time`, and the local start in it.
    let mut zone_note = None;
    let tzid = param(dtstart, "TZID");
    let (local, tz): (DateTime, Option<String>) = if start_utc {
        match &cal.default_zone {
            Some(z) => match to_local(start, TimeZone::UTC, z) {
                Some(l) => (l, Some(z.clone())),
                None => (start, Some("UTC".into())),
            },
            None => (start, Some("UTC".into())),
        }
    } else if let Some(tzid) = tzid {
        match cal.zone(tzid) {
            Some(z) => (start, Some(z)),
            None => {
                zone_note = Some(format!(
                    "\"{summary}\": time zone \"{tzid}\" is neither an IANA nor a Windows zone \
                     name, so the meeting has no `tz`: add it by hand"
                ));
                (start, None)
            }
        }
    } else {
        // A floating time: the calendar's zone if it names one.
        (start, cal.default_zone.clone())
    };
    let shift = local.date().duration_since(start.date()).as_secs() / 86_400;

    let mut rec = match recurrence(rrule.val.as_str(), local.date()) {
        Ok(r) => r,
        Err(message) => return unsupported(message),
    };
    if shift != 0 {
        for d in &mut rec.days {
            *d = ((i64::from(*d) + shift).rem_euclid(7)) as u8;
        }
        rec.days.sort_unstable();
    }
    if rec.until.is_some_and(|u| u < today) {
        return Outcome::Skip(SkipReason::Ended);
    }
    let Some(starts) = first_occurrence(&rec, local.date()) else {
        return unsupported("no occurrence could be found after DTSTART".into());
    };

    // Length: DTEND − DTSTART (in their zones), else DURATION.
    let length_minutes = match (prop(c, "DTEND"), prop(c, "DURATION")) {
        (Some(end), _) => parse_datetime(end.val.as_str()).and_then(|(end_dt, end_utc, _)| {
            let zone_of = |utc: bool, tzid: Option<&str>| -> Option<TimeZone> {
                if utc {
                    Some(TimeZone::UTC)
                } else {
                    tzid.and_then(|t| cal.zone(t))
                        .and_then(|z| jiff::tz::db().get(&z).ok())
                }
            };
            let a = zone_of(start_utc, tzid);
            let b = zone_of(end_utc, param(end, "TZID"));
            let secs = match (a, b) {
                (Some(a), Some(b)) => {
                    let s = start.to_zoned(a).ok()?;
                    let e = end_dt.to_zoned(b).ok()?;
                    e.duration_since(&s).as_secs()
                }
                _ => end_dt.duration_since(start).as_secs(),
            };
            Some(secs / 60)
        }),
        (None, Some(d)) => parse_duration(d.val.as_str()),
        (None, None) => None,
    };

    let organizer = prop(c, "ORGANIZER").and_then(attendee);
    let attendees = c
        .properties
        .iter()
        .filter(|p| p.name.as_str().eq_ignore_ascii_case("ATTENDEE"))
        .filter(|p| {
            let cutype = param(p, "CUTYPE").unwrap_or("").to_ascii_uppercase();
            let role = param(p, "ROLE").unwrap_or("").to_ascii_uppercase();
            let partstat = param(p, "PARTSTAT").unwrap_or("").to_ascii_uppercase();
            // Rooms and equipment are not people; who declined does not attend.
            !matches!(cutype.as_str(), "ROOM" | "RESOURCE")
                && role != "NON-PARTICIPANT"
                && partstat != "DECLINED"
        })
        .filter_map(attendee)
        .collect();
    let tz = tz.filter(|z| is_iana(z));
    Outcome::Meeting(Meeting {
        uid: prop(c, "UID").map(|p| p.val.as_str().trim().to_string()),
        summary,
        organizer,
        attendees,
        cadence: rec.cadence,
        days: rec.days,
        time: (local.hour(), local.minute()),
        tz,
        starts,
        length_minutes,
        zone_note,
    })
}

/// `dt` in zone `from`, seen in IANA zone `to`.
pub(super) fn to_local(dt: DateTime, from: TimeZone, to: &str) -> Option<DateTime> {
    let to = jiff::tz::db().get(to).ok()?;
    Some(dt.to_zoned(from).ok()?.with_time_zone(to).datetime())
}
