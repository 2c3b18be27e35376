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
//!
//! This file maps to the plan (people matched by email, names, the written items);
//! `event.rs` reads one `VEVENT`, `recurrence.rs` its `RRULE`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use icalendar::parser::Component;
use jiff::civil::Date;

use super::names::Names;
use super::{at, Findings, PlanFile, PlanItem, Value};

mod event;
mod recurrence;
#[cfg(test)]
mod tests;

use event::{duration, event, Attendee, CalendarContext, Meeting, Outcome, DAY_NAMES};

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
            let Some(name) = item.name_text(&parsed) else {
                continue;
            };
            plan.names.reserve(name);
            if item.kind != crate::syntax::ItemKind::Person {
                continue;
            }
            let email = item
                .field(&parsed, "email")
                .and_then(|f| f.values(&parsed).first())
                .and_then(|v| v.string(&parsed));
            if let Some(email) = email {
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
    Ok(Imported { files })
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
