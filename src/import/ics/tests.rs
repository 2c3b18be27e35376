//! Checks of the calendar import: recurrences, dates, durations and events.

use super::event::*;
use super::recurrence::{first_occurrence, recurrence};
use super::*;

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn rules_the_plan_can_express() {
    let start = date("2026-12-02"); // a Wednesday
    let r = recurrence("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", start).unwrap();
    assert_eq!(r.cadence, "daily");
    let r = recurrence("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;WKST=MO", start).unwrap();
    assert_eq!((r.cadence, r.days.clone()), ("biweekly", vec![2]));
    let r = recurrence("FREQ=MONTHLY;BYDAY=1WE", start).unwrap();
    assert_eq!((r.cadence, r.nth), ("monthly", Some((1, 1))));
    let r = recurrence("FREQ=MONTHLY;INTERVAL=3;BYDAY=TH;BYSETPOS=2", start).unwrap();
    assert_eq!((r.cadence, r.days.clone()), ("quarterly", vec![3]));
    let r = recurrence("FREQ=WEEKLY", start).unwrap();
    assert_eq!((r.cadence, r.days.clone()), ("weekly", vec![2]));
    let r = recurrence("FREQ=DAILY", start).unwrap();
    assert_eq!(r.cadence, "daily");
}

#[test]
fn rules_the_plan_cannot_express_say_why() {
    let start = date("2026-12-02");
    for (rule, expect) in [
        ("FREQ=YEARLY", "every year"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15", "day of the month"),
        ("FREQ=MONTHLY", "day 2 of the month"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "last"),
        ("FREQ=WEEKLY;COUNT=4", "series of 4"),
        ("FREQ=WEEKLY;INTERVAL=3", "every 3 weeks"),
        ("FREQ=DAILY;INTERVAL=2", "every 2 days"),
        ("BYDAY=MO", "without FREQ"),
    ] {
        let err = recurrence(rule, start).err().unwrap_or_default();
        assert!(err.contains(expect), "{rule}: {err}");
    }
}

#[test]
fn starts_is_the_first_occurrence() {
    let r = recurrence("FREQ=MONTHLY;BYDAY=2TU", date("2026-12-01")).unwrap();
    assert_eq!(
        first_occurrence(&r, date("2026-12-01")),
        Some(date("2026-12-08"))
    );
    let r = recurrence("FREQ=MONTHLY;BYDAY=1MO", date("2026-12-15")).unwrap();
    assert_eq!(
        first_occurrence(&r, date("2026-12-15")),
        Some(date("2027-01-04"))
    );
    // Friday start, every other Monday: the Monday of the week after next.
    let r = recurrence("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", date("2026-12-04")).unwrap();
    assert_eq!(
        first_occurrence(&r, date("2026-12-04")),
        Some(date("2026-12-14"))
    );
    let r = recurrence("FREQ=WEEKLY;BYDAY=TU,TH", date("2026-12-02")).unwrap();
    assert_eq!(
        first_occurrence(&r, date("2026-12-02")),
        Some(date("2026-12-03"))
    );
}

/// The one event of a calendar text, through [`event`].
fn one_event(text: &str) -> Outcome {
    let unfolded = icalendar::parser::unfold(text);
    let comps = icalendar::parser::read_calendar_simple(&unfolded).unwrap();
    let cal = &comps[0];
    let context = CalendarContext::new(cal);
    let ev = cal
        .components
        .iter()
        .find(|c| c.name.as_str() == "VEVENT")
        .unwrap();
    event(ev, &context, date("2026-12-07"))
}

#[test]
fn a_utc_start_moves_to_the_calendar_zone_with_its_days() {
    // 23:30 UTC on Mondays is 08:30 on Tuesdays in Tokyo.
    let outcome = one_event(
        "BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Asia/Tokyo\r\nBEGIN:VEVENT\r\nSUMMARY:Sync\r\n\
         DTSTART:20261207T233000Z\r\nDTEND:20261208T000000Z\r\n\
         RRULE:FREQ=WEEKLY;BYDAY=MO,TH\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    let Outcome::Meeting(m) = outcome else {
        panic!("not imported")
    };
    assert_eq!(m.time, (8, 30));
    assert_eq!(m.tz.as_deref(), Some("Asia/Tokyo"));
    assert_eq!(m.days, vec![1, 4]);
    assert_eq!(m.starts, date("2026-12-08"));
    assert_eq!(m.length_minutes, Some(30));
}

#[test]
fn an_unknown_zone_is_noted_and_left_out() {
    let outcome = one_event(
        "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nEND:VTIMEZONE\r\n\
         BEGIN:VEVENT\r\nSUMMARY:Vendor call\r\n\
         DTSTART;TZID=\"Customized Time Zone\":20261209T170000\r\nDURATION:PT30M\r\n\
         RRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    let Outcome::Meeting(m) = outcome else {
        panic!("not imported")
    };
    assert_eq!(m.tz, None);
    assert_eq!(m.days, vec![2]);
    assert!(m.zone_note.unwrap().contains("\"Customized Time Zone\""));
}

#[test]
fn durations_and_date_times() {
    assert_eq!(parse_duration("PT45M"), Some(45));
    assert_eq!(parse_duration("PT1H30M"), Some(90));
    assert_eq!(parse_duration("P1D"), Some(1440));
    assert_eq!(parse_duration("P1W"), Some(10080));
    assert_eq!(parse_duration("PT"), Some(0));
    assert_eq!(parse_duration("1H"), None);
    assert_eq!(parse_duration("PT99999999999999999999H"), None);
    assert_eq!(duration(60), "1h");
    assert_eq!(duration(90), "90m");
    let (dt, utc, day) = parse_datetime("20261202T093000Z").unwrap();
    assert_eq!((dt.hour(), dt.minute(), utc, day), (9, 30, true, false));
    assert!(parse_datetime("20261202").unwrap().2);
    assert!(parse_datetime("2026120").is_none());
    assert!(parse_datetime("20261302T093000").is_none());
    assert!(parse_datetime("2026é202T093000").is_none());
    assert!(parse_datetime("202é1202T093000").is_none());
    assert!(parse_datetime("20261202T09é000").is_none());
}
