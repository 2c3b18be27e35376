//! iCalendar (RFC 5545) exports to `meeting` items, and their attendees to people.
//!
//! Read with the `icalendar` crate's parser: it is maintained, unfolds folded lines (spaces
//! and the tabs Outlook uses) and keeps `VTIMEZONE` components, which are all this needs —
//! the recurrence rules are mapped by hand because the plan expresses only a few of them
//! (`ical`, the alternative, has had no release in years).
//!
//! What maps (see the README, "Importing from Backstage and calendars"):
//! `SUMMARY` → title and name; `RRULE` → `cadence` and `day` (`FREQ=DAILY` → daily;
//! `WEEKLY` → weekly, or biweekly with `INTERVAL=2`, Monday-to-Friday → daily; `MONTHLY`
//! on the n-th weekday (`BYDAY=2WE`, or `BYDAY=WE;BYSETPOS=2`) → monthly, quarterly with
//! `INTERVAL=3`); `DTSTART` → `time`, `tz` (Windows zone names mapped to IANA) and `starts`
//! (the first occurrence); `DTEND`/`DURATION` → `length`; `ORGANIZER` → `owner`;
//! `ATTENDEE` → `attendees`, matched by email against the plan's people.
//! Everything else the plan cannot say (yearly, a day of the month, the last Friday, a
//! fixed number of occurrences, ...) is reported at its event and the event skipped.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use icalendar::parser::{Component, Property};
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use super::names::Names;
use super::windows_zones::{is_iana, to_iana};
use super::{at, Findings, PlanFile, PlanItem, Value};

/// How attendees are matched and added.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A folder of plan files whose people (by `email`) attendees are matched against.
    pub people: Option<PathBuf>,
    /// Make a `person` for each attendee with no match.
    pub add_people: bool,
    /// Plan files the import is about to replace: their names do not count as taken.
    pub replacing: Vec<PathBuf>,
    /// The date series that ended before it are left out.
    pub today: Option<Date>,
}

/// The people of an existing plan, by email, and every name it defines.
#[derive(Debug, Default)]
struct Plan {
    by_email: HashMap<String, String>,
    names: Names,
}

/// Reads the plan under `dir` with the crate's own parser (files in `replacing` left out).
fn load_plan(dir: &Path, replacing: &[PathBuf]) -> Result<Plan, String> {
    let files = crate::workspace::discover(&[dir.to_path_buf()]).map_err(|e| e.to_string())?;
    let replacing: HashSet<PathBuf> = replacing
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut plan = Plan::default();
    for file in files {
        if std::fs::canonicalize(&file).is_ok_and(|c| replacing.contains(&c)) {
            continue;
        }
        let text = crate::workspace::read_plan(&file).map_err(|e| e.to_string())?;
        let parsed = crate::syntax::parse(&text);
        for item in &parsed.items {
            let Some(name) = item.name_text() else {
                continue;
            };
            plan.names.reserve(name);
            if item.kind != crate::syntax::ItemKind::Person {
                continue;
            }
            let email = item.field("email").and_then(|f| f.values.first());
            if let Some(crate::syntax::Value {
                kind: crate::syntax::ValueKind::Str(email),
                ..
            }) = email
            {
                plan.by_email
                    .entry(email.trim().to_lowercase())
                    .or_insert_with(|| name.to_string());
            }
        }
    }
    Ok(plan)
}

/// What `coord import ics` made.
pub struct Imported {
    pub files: Vec<PlanFile>,
    pub meetings: usize,
    pub new_people: usize,
}

/// Reads the calendar files and makes `meetings.plan` (and `calendar-people.plan` with
/// `--add-people`). `Err` when the `--people` plan cannot be read (nothing is imported then).
pub fn import(
    inputs: &[PathBuf],
    options: &Options,
    command: &str,
    findings: &mut Findings,
) -> Result<Imported, String> {
    let mut plan = match &options.people {
        Some(dir) => load_plan(dir, &options.replacing)?,
        None => Plan::default(),
    };
    let today = options.today.unwrap_or_else(|| jiff::Zoned::now().date());
    let mut people = People {
        new: BTreeMap::new(),
        unmatched: BTreeMap::new(),
        add: options.add_people,
    };
    let mut meetings = Vec::new();
    let mut seen_uids: HashSet<String> = HashSet::new();
    let mut skipped = Skipped::default();
    for file in inputs {
        let Some(text) = read_text(file, findings) else {
            continue;
        };
        let unfolded = icalendar::parser::unfold(text.trim_start_matches('\u{feff}'));
        let components = match icalendar::parser::read_calendar_simple(&unfolded) {
            Ok(c) => c,
            Err(e) => {
                let offset = (e.input.as_ptr() as usize).saturating_sub(unfolded.as_ptr() as usize);
                let line = physical_line(&text, &unfolded, offset);
                findings.problem(
                    at(file, line),
                    None,
                    "not iCalendar (RFC 5545) text that can be read: file skipped",
                );
                continue;
            }
        };
        let calendars: Vec<&Component> = components
            .iter()
            .filter(|c| c.name.as_str().eq_ignore_ascii_case("VCALENDAR"))
            .collect();
        if calendars.is_empty() {
            findings.problem(
                at(file, 1),
                None,
                "not an iCalendar file (no BEGIN:VCALENDAR): file skipped",
            );
            continue;
        }
        let event_lines = begin_lines(&text, "VEVENT");
        let mut event_index = 0;
        for cal in calendars {
            let context = CalendarContext::new(cal);
            for comp in &cal.components {
                let name = comp.name.as_str().to_ascii_uppercase();
                if name != "VEVENT" {
                    if matches!(name.as_str(), "VTODO" | "VJOURNAL") {
                        skipped.other_components += 1;
                    }
                    continue;
                }
                let line = event_lines.get(event_index).copied().unwrap_or(1);
                event_index += 1;
                let location = at(file, line);
                match event(comp, &context, today) {
                    Outcome::Meeting(m) => {
                        if let Some(uid) = &m.uid {
                            if !seen_uids.insert(uid.clone()) {
                                skipped.duplicates += 1;
                                continue;
                            }
                        }
                        if let Some(note) = &m.zone_note {
                            findings.notes.push(format!("{location}: {note}"));
                        }
                        meetings.push(m);
                    }
                    Outcome::Skip(why) => skipped.count(why),
                    Outcome::Unsupported { summary, message } => findings.problem(
                        location,
                        Some(format!("event {}", super::quote(&summary))),
                        format!("{message}: skipped"),
                    ),
                }
            }
        }
    }
    skipped.report(findings);

    // Names: meetings, then new people, all different from the plan's names.
    let mut items = Vec::new();
    let mut meeting_count = 0;
    let mut resolved: Vec<(PlanItem, &Meeting)> = Vec::new();
    for m in &meetings {
        let name = plan.names.unique(&m.summary, "meeting");
        resolved.push((PlanItem::new("meeting", name, Some(m.summary.clone())), m));
    }
    for (mut item, m) in resolved {
        let owner = m
            .organizer
            .as_ref()
            .and_then(|o| people.person(o, &mut plan));
        let mut attendees: BTreeSet<String> = owner.iter().cloned().collect();
        for a in &m.attendees {
            if let Some(n) = people.person(a, &mut plan) {
                attendees.insert(n);
            }
        }
        if let Some(owner) = owner {
            item.field("owner", vec![Value::Ident(owner)]);
        }
        item.field(
            "attendees",
            attendees.into_iter().map(Value::Ident).collect(),
        );
        item.field("cadence", vec![Value::Ident(m.cadence.to_string())]);
        if let Some(len) = m.length_minutes.filter(|&l| l > 0) {
            item.field("length", vec![Value::Literal(duration(len))]);
        }
        if m.cadence != "daily" {
            item.field(
                "day",
                m.days
                    .iter()
                    .map(|&d| Value::Ident(DAY_NAMES[d as usize].to_string()))
                    .collect(),
            );
        }
        item.field(
            "time",
            vec![Value::Literal(format!("{:02}:{:02}", m.time.0, m.time.1))],
        );
        if let Some(tz) = &m.tz {
            item.field("tz", vec![Value::Str(tz.clone())]);
        }
        item.field("starts", vec![Value::Literal(m.starts.to_string())]);
        items.push(item);
        meeting_count += 1;
    }

    if !people.unmatched.is_empty() {
        let n = people.unmatched.len();
        let list: Vec<String> = people
            .unmatched
            .iter()
            .map(|(email, a)| match &a.cn {
                Some(cn) => format!("{cn} <{email}>"),
                None => email.clone(),
            })
            .collect();
        let place = match &options.people {
            Some(dir) => format!("in the plan under {}", dir.display()),
            None => "(no plan given with --people)".to_string(),
        };
        findings.notes.push(format!(
            "{n} attendee{} matched no person {place} by email and {} left out: {}. \
             Give those people an `email`, or re-run with --add-people to add them as new people.",
            if n == 1 { "" } else { "s" },
            if n == 1 { "was" } else { "were" },
            list.join(", ")
        ));
    }

    let source = if inputs.len() == 1 {
        "the calendar export"
    } else {
        "the calendar exports"
    };
    let mut files = Vec::new();
    if !items.is_empty() {
        let header = super::header(
            source,
            inputs,
            command,
            &[
                "Attendees were matched to people by email; see the import's output for the",
                "ones that were not.",
            ],
        );
        files.push(PlanFile {
            file_name: "meetings.plan".into(),
            text: super::render_plan(&header, &items),
            summary: format!(
                "{meeting_count} meeting{}",
                if meeting_count == 1 { "" } else { "s" }
            ),
        });
    }
    let new_people = people.new.len();
    if new_people > 0 {
        let header = super::header(
            source,
            inputs,
            command,
            &["People who attend the calendar's meetings and were not in the plan."],
        );
        let mut items: Vec<PlanItem> = people
            .new
            .into_iter()
            .map(|(email, (name, cn))| {
                let mut p = PlanItem::new("person", name, cn);
                p.field("email", vec![Value::Str(email)]);
                p
            })
            .collect();
        items.sort_by(|a, b| a.name.cmp(&b.name));
        files.push(PlanFile {
            file_name: "calendar-people.plan".into(),
            text: super::render_plan(&header, &items),
            summary: format!(
                "{new_people} new {}",
                if new_people == 1 { "person" } else { "people" }
            ),
        });
    }
    Ok(Imported {
        files,
        meetings: meeting_count,
        new_people,
    })
}

fn read_text(file: &Path, findings: &mut Findings) -> Option<String> {
    match std::fs::read(file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => Some(t),
            Err(_) => {
                findings.problem(
                    file.display().to_string(),
                    None,
                    "not UTF-8 text, so not an iCalendar file: skipped",
                );
                None
            }
        },
        Err(e) => {
            findings.problem(
                file.display().to_string(),
                None,
                format!(
                    "cannot be read: {}: skipped",
                    crate::workspace::io_message(&e)
                ),
            );
            None
        }
    }
}

/// The 1-based line in `text` (as folded) of byte `offset` in `unfolded`.
fn physical_line(text: &str, unfolded: &str, offset: usize) -> usize {
    let offset = offset.min(unfolded.len());
    let logical = unfolded.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    let mut seen = 0;
    for (i, line) in text.trim_end().split('\n').enumerate() {
        if i > 0 && (line.starts_with(' ') || line.starts_with('\t')) {
            continue;
        }
        if seen == logical {
            return i + 1;
        }
        seen += 1;
    }
    // Past the end: the last line that has text.
    text.trim_end().split('\n').count().max(1)
}

/// The 1-based lines of each `BEGIN:NAME`, in order.
fn begin_lines(text: &str, name: &str) -> Vec<usize> {
    text.split('\n')
        .enumerate()
        .filter(|(_, l)| {
            l.trim_end()
                .strip_prefix("BEGIN:")
                .or_else(|| l.trim_end().strip_prefix("begin:"))
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// Attendees found, matched and added.
struct People {
    /// email → (new plan name, display name).
    new: BTreeMap<String, (String, Option<String>)>,
    /// email → the attendee, for the list of those left out.
    unmatched: BTreeMap<String, Attendee>,
    add: bool,
}

impl People {
    /// The plan name for an attendee: a person of the plan with that email, else (with
    /// `--add-people`) a new person; `None` when left out.
    fn person(&mut self, a: &Attendee, plan: &mut Plan) -> Option<String> {
        if let Some(n) = plan.by_email.get(&a.email) {
            return Some(n.clone());
        }
        if let Some((n, _)) = self.new.get(&a.email) {
            return Some(n.clone());
        }
        if !self.add || a.group {
            self.unmatched
                .entry(a.email.clone())
                .or_insert_with(|| a.clone());
            return None;
        }
        let local = a.email.split('@').next().unwrap_or(&a.email);
        let name = plan.names.unique(local, "person");
        self.new
            .insert(a.email.clone(), (name.clone(), a.cn.clone()));
        Some(name)
    }
}

/// Counts of events left out on purpose, reported as one note each.
#[derive(Debug, Default)]
struct Skipped {
    one_off: usize,
    all_day: usize,
    cancelled: usize,
    overrides: usize,
    ended: usize,
    duplicates: usize,
    other_components: usize,
}

enum SkipReason {
    OneOff,
    AllDay,
    Cancelled,
    Override,
    Ended,
}

impl Skipped {
    fn count(&mut self, why: SkipReason) {
        match why {
            SkipReason::OneOff => self.one_off += 1,
            SkipReason::AllDay => self.all_day += 1,
            SkipReason::Cancelled => self.cancelled += 1,
            SkipReason::Override => self.overrides += 1,
            SkipReason::Ended => self.ended += 1,
        }
    }
    fn report(&self, findings: &mut Findings) {
        let lines = [
            (
                self.one_off,
                "one-off event (no RRULE), not a recurring meeting",
            ),
            (self.all_day, "recurring all-day event, not a meeting"),
            (self.cancelled, "cancelled event"),
            (
                self.overrides,
                "change to one occurrence of a series (RECURRENCE-ID)",
            ),
            (self.ended, "series that ended before today (UNTIL)"),
            (self.duplicates, "event seen before (same UID)"),
            (self.other_components, "to-do or journal entry"),
        ];
        for (n, what) in lines {
            if n > 0 {
                findings.notes.push(format!("left out {n} × {what}"));
            }
        }
    }
}

/// One attendee or organizer.
#[derive(Debug, Clone)]
struct Attendee {
    email: String,
    cn: Option<String>,
    /// A mailing list (`CUTYPE=GROUP`): never made a person.
    group: bool,
}

/// One importable meeting.
#[derive(Debug)]
struct Meeting {
    uid: Option<String>,
    summary: String,
    organizer: Option<Attendee>,
    attendees: Vec<Attendee>,
    cadence: &'static str,
    /// Monday = 0.
    days: Vec<u8>,
    time: (i8, i8),
    tz: Option<String>,
    starts: Date,
    length_minutes: Option<i64>,
    zone_note: Option<String>,
}

enum Outcome {
    Meeting(Meeting),
    Skip(SkipReason),
    Unsupported { summary: String, message: String },
}

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const ICAL_DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// Calendar-wide facts events refer to: `VTIMEZONE` locations and `X-WR-TIMEZONE`.
struct CalendarContext {
    /// TZID → IANA zone, from `X-LIC-LOCATION` or a recognised TZID.
    zones: HashMap<String, String>,
    default_zone: Option<String>,
}

impl CalendarContext {
    fn new(cal: &Component) -> CalendarContext {
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

    fn zone(&self, tzid: &str) -> Option<String> {
        let tzid = tzid.trim().trim_matches('"');
        self.zones.get(tzid).cloned().or_else(|| to_iana(tzid))
    }
}

fn prop<'a>(c: &'a Component<'a>, name: &str) -> Option<&'a Property<'a>> {
    c.properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn param<'a>(p: &'a Property<'a>, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|x| x.val.as_ref())
        .map(|v| v.as_str().trim().trim_matches('"'))
}

/// Decodes a TEXT value's escapes (`\,` `\;` `\n` `\\`).
fn unescape(text: &str) -> String {
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
fn attendee(p: &Property) -> Option<Attendee> {
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
fn parse_datetime(value: &str) -> Option<(DateTime, bool, bool)> {
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
fn parse_duration(value: &str) -> Option<i64> {
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
fn duration(minutes: i64) -> String {
    if minutes % 60 == 0 {
        format!("{}h", minutes / 60)
    } else {
        format!("{minutes}m")
    }
}

fn weekday_index(d: Date) -> u8 {
    d.weekday().to_monday_zero_offset() as u8
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

/// The recurrence the plan can express.
struct Recurrence {
    cadence: &'static str,
    days: Vec<u8>,
    /// For monthly and quarterly: the n-th weekday (1..=4) and the month step (1 or 3).
    nth: Option<(i8, i64)>,
    until: Option<Date>,
}

/// Maps an RRULE to a [`Recurrence`], or says why the plan cannot express it.
fn recurrence(rrule: &str, start: Date) -> Result<Recurrence, String> {
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
fn first_occurrence(r: &Recurrence, start: Date) -> Option<Date> {
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

/// One VEVENT to a meeting, a deliberate skip, or a reason it cannot be imported.
fn event(c: &Component, cal: &CalendarContext, today: Date) -> Outcome {
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
fn to_local(dt: DateTime, from: TimeZone, to: &str) -> Option<DateTime> {
    let to = jiff::tz::db().get(to).ok()?;
    Some(dt.to_zoned(from).ok()?.with_time_zone(to).datetime())
}

#[cfg(test)]
mod tests {
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
}
