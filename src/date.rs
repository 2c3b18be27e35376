//! Calendar dates and time zones: the one place that does date arithmetic, on `jiff` with its
//! bundled IANA database (so results are the same on every machine).

use std::collections::HashMap;
use std::sync::OnceLock;

use jiff::civil;
use jiff::tz::{TimeZone, TimeZoneDatabase};

use crate::syntax::Date;

/// The plan's date as a `jiff` date; `None` when it does not exist (`2026-02-30`).
pub fn to_civil(d: Date) -> Option<civil::Date> {
    if !d.is_valid() {
        return None;
    }
    civil::Date::new(
        i16::try_from(d.year).ok()?,
        i8::try_from(d.month).ok()?,
        i8::try_from(d.day).ok()?,
    )
    .ok()
}

/// A `jiff` date as the plan's date.
pub fn from_civil(d: civil::Date) -> Date {
    Date {
        year: d.year().max(0) as u32,
        month: d.month() as u32,
        day: d.day() as u32,
    }
}

const EPOCH: civil::Date = civil::date(1970, 1, 1);

/// Days since 1970-01-01 of a valid date (for day arithmetic and charts); an invalid date
/// counts as the epoch.
pub fn days_since_epoch(d: Date) -> i64 {
    to_civil(d).map_or(0, |c| {
        i64::from(
            EPOCH
                .until((jiff::Unit::Day, c))
                .map_or(0, |span| span.get_days()),
        )
    })
}

/// The date `days` after 1970-01-01 (clamped to the years jiff supports).
pub fn from_days_since_epoch(days: i64) -> Date {
    let days = days.clamp(-719_000, 2_900_000);
    from_civil(
        EPOCH
            .checked_add(jiff::Span::new().days(days))
            .unwrap_or(EPOCH),
    )
}

/// Today's date in UTC, from the system clock.
pub fn today() -> Date {
    from_civil(jiff::Timestamp::now().to_zoned(TimeZone::UTC).date())
}

/// Parses a `--today` argument: a calendar date that exists, as YYYY-MM-DD.
pub fn parse_today(s: &str) -> Result<Date, String> {
    match crate::syntax::lexer::parse_date(s.trim()) {
        Some(d) if d.is_valid() => Ok(d),
        Some(d) if !(1..=12).contains(&d.month) => Err(format!(
            "`{s}` has no month {}: months go from 01 to 12",
            d.month
        )),
        Some(d) => Err(format!(
            "`{s}` does not exist: {:04}-{:02} has {} days",
            d.year,
            d.month,
            crate::syntax::days_in_month(d.year, d.month)
        )),
        None => Err(format!(
            "`{s}` is not a date; write it as YYYY-MM-DD, like 2026-11-22"
        )),
    }
}

/// A calendar date that exists, written YYYY-MM-DD (as `--today` takes it): how users of the
/// library make a [`Date`] for [`crate::Host::with_today`].
impl std::str::FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Date, String> {
        parse_today(s)
    }
}

/// The bundled IANA time zone database.
fn database() -> &'static TimeZoneDatabase {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DB.get_or_init(TimeZoneDatabase::bundled)
}

/// Every IANA zone name the bundled database knows, sorted.
pub fn zone_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<String> = database()
            .available()
            .map(|n| n.as_str().to_string())
            .collect();
        names.sort();
        names
    })
}

/// The zone of an IANA name written exactly (`Europe/Berlin`); `None` when there is none.
pub fn zone(name: &str) -> Option<TimeZone> {
    zone_names()
        .binary_search_by(|n| n.as_str().cmp(name))
        .ok()?;
    database().get(name).ok()
}

/// The closest zone name to a misspelt one, for "did you mean" (`Europe/Berln` →
/// `Europe/Berlin`, `europe/berlin` → `Europe/Berlin`).
pub fn suggest_zone(name: &str) -> Option<&'static str> {
    let names = zone_names();
    if let Some(same) = names.iter().find(|n| n.eq_ignore_ascii_case(name)) {
        return Some(same);
    }
    // Prepared once: zone names share long prefixes (`America/`), which the sorted walk
    // measures once for all of them.
    static SORTED: OnceLock<crate::suggest::SortedNames<'static>> = OnceLock::new();
    // And remembered: the language server lowers the same misspelt zone again at every
    // keystroke in its file.
    thread_local! {
        static SEEN: std::cell::RefCell<HashMap<Box<str>, Option<&'static str>>> =
            std::cell::RefCell::new(HashMap::new());
    }
    if name.len() > 64 {
        // Longer than any zone name by far: nothing is close, at once.
        return None;
    }
    if let Some(seen) = SEEN.with_borrow(|seen| seen.get(name).copied()) {
        return seen;
    }
    let closest = SORTED
        .get_or_init(|| crate::suggest::SortedNames::new(names.iter().map(String::as_str)))
        .closest(name);
    SEEN.with_borrow_mut(|seen| {
        if seen.len() >= 256 {
            seen.clear();
        }
        seen.insert(name.into(), closest);
    });
    closest
}

/// A working day's hours (`"08:00-18:00"`), in minutes since midnight; start before end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingHours {
    pub start: u32,
    pub end: u32,
}

impl Default for WorkingHours {
    fn default() -> WorkingHours {
        WorkingHours {
            start: 8 * 60,
            end: 18 * 60,
        }
    }
}

impl WorkingHours {
    /// Parses `HH:MM-HH:MM` (24-hour clock, start before end).
    pub fn parse(s: &str) -> Option<WorkingHours> {
        let (a, b) = s.trim().split_once('-')?;
        let time = |t: &str| crate::syntax::lexer::parse_time(t.trim()).map(|t| t.minutes());
        let (start, end) = (time(a)?, time(b)?);
        (start < end).then_some(WorkingHours { start, end })
    }
}

impl std::fmt::Display for WorkingHours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:02}:{:02}-{:02}:{:02}",
            self.start / 60,
            self.start % 60,
            self.end / 60,
            self.end % 60
        )
    }
}

/// The three-letter English name of a weekday: `Mon` ... `Sun`.
pub fn weekday_short(w: jiff::civil::Weekday) -> &'static str {
    use jiff::civil::Weekday::*;
    match w {
        Monday => "Mon",
        Tuesday => "Tue",
        Wednesday => "Wed",
        Thursday => "Thu",
        Friday => "Fri",
        Saturday => "Sat",
        Sunday => "Sun",
    }
}

/// Formats minutes (weekly meeting time, a meeting's length) as `7h 30m`.
pub fn format_minutes(minutes: f64) -> String {
    let total = minutes.round() as u64;
    match (total / 60, total % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        assert_eq!(from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(from_days_since_epoch(20_779).to_string(), "2026-11-22");
        let d = crate::syntax::lexer::parse_date("2026-11-22").unwrap();
        assert_eq!(days_since_epoch(d), 20_779);
        for z in [-1000, -1, 0, 59, 365, 11_000, 20_779, 60_000] {
            assert_eq!(days_since_epoch(from_days_since_epoch(z)), z);
        }
    }

    #[test]
    fn today_must_be_a_real_date() {
        assert_eq!(parse_today("2026-11-22").unwrap().to_string(), "2026-11-22");
        assert!(parse_today("2026-02-30").unwrap_err().contains("28 days"));
        assert!(parse_today("2026-13-01")
            .unwrap_err()
            .contains("no month 13"));
        assert!(parse_today("tomorrow").unwrap_err().contains("YYYY-MM-DD"));
    }

    #[test]
    fn zones_are_exact_names_with_suggestions() {
        assert!(zone("Europe/Berlin").is_some());
        assert!(zone("UTC").is_some());
        assert!(zone("europe/berlin").is_none());
        assert!(zone("Europe/Berln").is_none());
        assert_eq!(suggest_zone("Europe/Berln"), Some("Europe/Berlin"));
        assert_eq!(suggest_zone("europe/berlin"), Some("Europe/Berlin"));
        assert_eq!(suggest_zone("Mars/Olympus"), None);
    }

    /// The prepared look-up suggests what a plain scan of every zone name suggests, for each
    /// zone name misspelt (a character dropped, doubled, or two swapped).
    #[test]
    fn a_zone_suggestion_is_the_closest_zone_name() {
        let names = zone_names();
        for (k, n) in names.iter().enumerate().filter(|(k, _)| k % 3 == 0) {
            let chars: Vec<char> = n.chars().collect();
            let at = k % chars.len();
            let mut dropped = chars.clone();
            dropped.remove(at);
            let mut doubled = chars.clone();
            doubled.insert(at, chars[at]);
            let mut swapped = chars.clone();
            swapped.swap(at, (at + 1) % chars.len());
            for typo in [dropped, doubled, swapped] {
                let typo: String = typo.into_iter().collect();
                if names.iter().any(|n| n.eq_ignore_ascii_case(&typo)) {
                    continue;
                }
                assert_eq!(
                    suggest_zone(&typo),
                    crate::suggest::closest(&typo, names.iter().map(String::as_str)),
                    "{typo}"
                );
            }
        }
    }
}
