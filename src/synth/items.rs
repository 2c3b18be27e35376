//! The organisation as the generator holds it before writing: people, teams, meetings,
//! tasks and links as items in blocks, and the calendar days the dates are counted in.

use super::rng::Rng;
use super::words::{FIRST, LAST};

// Dates (days since 1970-01-01)

pub(super) fn day_number(y: i64, m: i64, d: i64) -> i64 {
    crate::date::days_since_epoch(crate::syntax::Date {
        year: y as u32,
        month: m as u32,
        day: d as u32,
    })
}

pub(super) fn date(days: i64) -> String {
    crate::date::from_days_since_epoch(days).to_string()
}

/// Tasks are spread over this many days from 2026-09-01.
pub(super) const SPAN_DAYS: i64 = 480;

pub(super) fn first_day() -> i64 {
    day_number(2026, 9, 1)
}

/// The "today" the generated statuses assume.
pub(super) fn today() -> i64 {
    day_number(2026, 11, 22)
}

// ---------------------------------------------------------------------------------------------
// The organisation

pub(super) struct Person {
    pub(super) id: String,
    pub(super) display: String,
    pub(super) role: &'static str,
    pub(super) budget: Option<u32>,
    pub(super) tz: Option<&'static str>,
}

pub(super) struct Team {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) doc: String,
    pub(super) lead: String,
    pub(super) members: Vec<String>,
    pub(super) parent: Option<String>,
    pub(super) model: Option<&'static str>,
}

pub(super) struct Meeting {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) owner: String,
    pub(super) attendees: Vec<String>,
    pub(super) cadence: &'static str,
    pub(super) length: &'static str,
    pub(super) kind: Option<&'static str>,
}

pub(super) struct Task {
    pub(super) id: String,
    pub(super) title: Option<String>,
    pub(super) owner: Option<String>,
    pub(super) start: Option<i64>,
    pub(super) due: i64,
    pub(super) deps: Vec<String>,
    pub(super) status: Option<&'static str>,
    pub(super) link: bool,
}

pub(super) enum Item {
    Person(Person),
    Team(Team),
    Meeting(Meeting),
    Liaison {
        person: String,
        from: String,
        to: String,
        attends: String,
        needs: Vec<&'static str>,
    },
    Embedded {
        person: String,
        from: String,
        to: String,
    },
    Rotation {
        id: String,
        from: String,
        to: String,
        roster: Vec<String>,
        period: &'static str,
    },
    Central {
        id: String,
        title: String,
        members: Vec<String>,
        meets: String,
    },
    Task(Task),
}

impl Item {
    pub(super) fn name(&self) -> Option<&str> {
        match self {
            Item::Person(p) => Some(&p.id),
            Item::Team(t) => Some(&t.id),
            Item::Meeting(m) => Some(&m.id),
            Item::Rotation { id, .. } | Item::Central { id, .. } => Some(id),
            Item::Task(t) => Some(&t.id),
            Item::Liaison { .. } | Item::Embedded { .. } => None,
        }
    }
}

/// A leaf team as the generator sees it while building.
pub(super) struct Leaf {
    pub(super) id: String,
    pub(super) word: &'static str,
    pub(super) lead: String,
    pub(super) members: Vec<String>,
    pub(super) parent: usize,
    pub(super) tasks: usize,
    /// Teams (leaf indices) linked by a liaison, embed or rotation.
    pub(super) partners: Vec<usize>,
    pub(super) items: Vec<Item>,
}

/// A group team (area, division, org, company) above the leaves.
pub(super) struct Group {
    pub(super) items: Vec<Item>,
    /// Children: `Ok(leaf index)` or `Err(group index)`.
    pub(super) children: Vec<Result<usize, usize>>,
}

pub(super) struct Org {
    /// Item blocks in file order (a group before its children).
    pub(super) blocks: Vec<Vec<Item>>,
}

pub(super) fn title_case(word: &str) -> String {
    let mut out = String::new();
    for (i, part) in word.split('-').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut chars = part.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

pub(super) fn team_title(word: &str) -> String {
    match word {
        "ci" | "sdk" | "api" => word.to_ascii_uppercase(),
        _ => title_case(word),
    }
}

pub(super) fn new_person(index: usize, rng: &mut Rng, role: &'static str) -> Person {
    let first = *rng.pick(FIRST);
    let last = *rng.pick(LAST);
    Person {
        id: format!("{first}-{last}-{index}"),
        display: format!("{} {}", title_case(first), title_case(last)),
        role,
        budget: if rng.chance(0.05) {
            Some(*rng.pick(&[2, 12, 15]))
        } else {
            None
        },
        tz: None,
    }
}
