//! Recurrence rules (`RRULE`) to the cadences and days the plan can express, and the first
//! occurrence (the plan's `starts`).

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::event::{parse_datetime, DAY_NAMES, ICAL_DAYS};

pub(super) fn weekday_index(d: Date) -> u8 {
    d.weekday().to_monday_zero_offset() as u8
}

pub(super) fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

/// The recurrence the plan can express.
pub(super) struct Recurrence {
    pub(super) cadence: &'static str,
    pub(super) days: Vec<u8>,
    /// For monthly and quarterly: the n-th weekday (1..=4) and the month step (1 or 3).
    pub(super) nth: Option<(i8, i64)>,
    pub(super) until: Option<Date>,
}

/// Maps an RRULE to a [`Recurrence`], or says why the plan cannot express it.
pub(super) fn recurrence(rrule: &str, start: Date) -> Result<Recurrence, String> {
    let mut parts: BTreeMap<String, String> = BTreeMap::new();
    for part in rrule.split(';').filter(|p| !p.trim().is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            return Err(format!("RRULE part `{part}` is not KEY=VALUE"));
        };
        parts.insert(k.trim().to_ascii_uppercase(), v.trim().to_ascii_uppercase());
    }
    let freq = parts.get("FREQ").cloned().ok_or("RRULE without FREQ")?;
    if let Some(count) = parts.get("COUNT") {
        return Err(format!(
            "a series of {count} occurrences (RRULE COUNT): the plan's meetings have no end"
        ));
    }
    for (key, what) in [
        ("BYMONTHDAY", "a day of the month"),
        ("BYMONTH", "given months"),
        ("BYYEARDAY", "a day of the year"),
        ("BYWEEKNO", "given weeks of the year"),
        ("BYHOUR", "several times a day"),
        ("BYMINUTE", "several times an hour"),
        ("BYSECOND", "given seconds"),
    ] {
        if let Some(v) = parts.get(key) {
            return Err(format!(
                "it repeats on {what} ({key}={v}), which the plan cannot express"
            ));
        }
    }
    let interval: i64 = match parts.get("INTERVAL") {
        Some(i) => i
            .parse()
            .ok()
            .filter(|&i: &i64| i >= 1)
            .ok_or(format!("INTERVAL={i} is not a positive number"))?,
        None => 1,
    };
    let until = match parts.get("UNTIL") {
        Some(u) => Some(
            parse_datetime(u)
                .ok_or(format!("UNTIL={u} is not a date"))?
                .0
                .date(),
        ),
        None => None,
    };
    // BYDAY: plain days, or days with an ordinal (`2WE`, `-1FR`).
    let mut plain = Vec::new();
    let mut ordinal = Vec::new();
    if let Some(byday) = parts.get("BYDAY") {
        for d in byday.split(',') {
            let d = d.trim();
            let split = d.len().saturating_sub(2);
            let (n, day) = (d.get(..split).unwrap_or(""), d.get(split..).unwrap_or(""));
            let Some(idx) = ICAL_DAYS.iter().position(|x| *x == day) else {
                return Err(format!("BYDAY={byday} names a day that is not MO..SU"));
            };
            if n.is_empty() {
                plain.push(idx as u8);
            } else {
                let n: i8 = n
                    .trim_start_matches('+')
                    .parse()
                    .map_err(|_| format!("BYDAY={byday} is not valid"))?;
                ordinal.push((n, idx as u8));
            }
        }
    }
    plain.sort_unstable();
    plain.dedup();
    let setpos = parts.get("BYSETPOS");
    let weekdays: Vec<u8> = (0..5).collect();
    match freq.as_str() {
        "DAILY" | "WEEKLY" => {
            if setpos.is_some() || !ordinal.is_empty() {
                return Err("BYSETPOS or an n-th weekday in a daily or weekly rule".into());
            }
            let days = if plain.is_empty() {
                if freq == "DAILY" {
                    weekdays.clone()
                } else {
                    vec![weekday_index(start)]
                }
            } else {
                plain
            };
            let cadence = match (freq.as_str(), interval, days == weekdays) {
                ("DAILY", 1, _) if days.len() == 7 || days == weekdays => "daily",
                ("DAILY", 1, _) | ("WEEKLY", 1, false) => "weekly",
                ("WEEKLY", 1, true) => "daily",
                ("WEEKLY", 2, _) => "biweekly",
                _ => {
                    return Err(format!(
                        "it repeats every {interval} {}, and the plan knows only every day, \
                         week, second week, month or third month",
                        if freq == "DAILY" { "days" } else { "weeks" }
                    ))
                }
            };
            Ok(Recurrence {
                cadence,
                days,
                nth: None,
                until,
            })
        }
        "MONTHLY" => {
            let cadence = match interval {
                1 => "monthly",
                3 => "quarterly",
                n => {
                    return Err(format!(
                        "it repeats every {n} months, and the plan knows only every month or \
                         every third month"
                    ))
                }
            };
            let (n, day) = match (ordinal.as_slice(), plain.as_slice(), setpos) {
                ([(n, d)], [], None) => (*n, *d),
                ([], [d], Some(pos)) => (
                    pos.parse::<i8>()
                        .map_err(|_| format!("BYSETPOS={pos} is not one position"))?,
                    *d,
                ),
                ([], [], None) => {
                    return Err(format!(
                        "it repeats on day {} of the month; the plan's monthly meetings meet \
                         on the n-th weekday (the second Tuesday, say)",
                        start.day()
                    ))
                }
                _ => {
                    return Err(
                        "it repeats on several weekdays of the month, which the plan cannot \
                         express"
                            .into(),
                    )
                }
            };
            if !(1..=4).contains(&n) {
                return Err(format!(
                    "it repeats on the {} {} of the month; the plan can say the first to the \
                     fourth weekday, not the last or the fifth",
                    if n < 0 {
                        "last".to_string()
                    } else {
                        format!("{n}th")
                    },
                    DAY_NAMES[day as usize]
                ));
            }
            Ok(Recurrence {
                cadence,
                days: vec![day],
                nth: Some((n, if interval == 3 { 3 } else { 1 })),
                until,
            })
        }
        other => Err(format!(
            "it repeats {} (FREQ={other}), which the plan cannot express",
            match other {
                "YEARLY" => "every year",
                "HOURLY" => "every hour",
                "MINUTELY" => "every minute",
                "SECONDLY" => "every second",
                _ => "in an unknown way",
            }
        )),
    }
}

/// The first occurrence on or after `start`: the plan's `starts`.
pub(super) fn first_occurrence(r: &Recurrence, start: Date) -> Option<Date> {
    let monday = |d: Date| add_days(d, -i64::from(weekday_index(d)));
    match r.nth {
        Some((n, step)) => {
            let weekday = jiff::civil::Weekday::from_monday_zero_offset(r.days[0] as i8).ok()?;
            let mut month = start.first_of_month();
            for _ in 0..60 {
                let d = month.nth_weekday_of_month(n, weekday).ok()?;
                if d >= start {
                    return Some(d);
                }
                month = month.checked_add(jiff::Span::new().months(step)).ok()?;
            }
            None
        }
        None => {
            let days: &[u8] = if r.cadence == "daily" {
                &[0, 1, 2, 3, 4]
            } else {
                &r.days
            };
            let week0 = monday(start)?;
            (0..21).filter_map(|i| add_days(start, i)).find(|&d| {
                days.contains(&weekday_index(d))
                    && (r.cadence != "biweekly"
                        || monday(d).is_some_and(|m| {
                            (m.duration_since(week0).as_secs() / 86_400 / 7) % 2 == 0
                        }))
            })
        }
    }
}
