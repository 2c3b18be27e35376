//! The model: every item of the workspace resolved into people, teams, meetings, tasks and
//! coordination links, with the derived facts rules share (who attends what, each task's
//! teams, which teams are linked, weekly meeting time, the dependency graph).

pub mod cycles;
mod derive;
pub(crate) mod edit;
pub mod flat;
pub mod fxhash;
pub mod graph;
pub mod links;
mod lower;
pub mod names;
mod overdue;
pub mod schedule;
pub mod schema;
mod spans;
pub(crate) use spans::Entries;
mod team_meetings;
pub mod waiting;

use crate::diagnostic::Location;
use crate::syntax::{Date, Item, SourceFile, Span, TimeOfDay};
use crate::workspace::{FileId, Workspace};
pub use flat::Flat;
pub use links::{Link, LinkReason};
pub use schema::{FieldKey, KindSet, SymbolKind};

macro_rules! id_type {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize { self.0 as usize }
        }
    )*};
}
id_type!(SymbolId, PersonId, TeamId, MeetingId, TaskId, RotationId, GroupId, LiaisonId, EmbedId);

/// An item of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemRef {
    pub file: FileId,
    pub index: u32,
}

/// A defined name.
#[derive(Debug, Clone, PartialEq)]
pub struct Symbol {
    /// Inline up to 24 bytes: no allocation per name.
    pub name: crate::syntax::CompactString,
    pub kind: SymbolKind,
    /// The name at its definition.
    pub location: Location,
    pub item: ItemRef,
    /// Index into the model's vector for this kind (`people`, `teams`, ...).
    pub index: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    Resolved(SymbolId),
    Undefined,
    /// Defined, but not of a kind this place accepts.
    WrongKind(SymbolId),
}

/// A use of a name: 24 bytes (a large plan has one for nearly every value it writes).
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Where the name is written; [`Reference::name`] reads it from there.
    pub location: Location,
    pub expected: KindSet,
    pub resolution: Resolution,
    /// The field key; see [`Reference::key`].
    pub(crate) field: FieldKey,
}

const _: () = assert!(std::mem::size_of::<Reference>() <= 24);

impl Reference {
    /// The field key, or `""` for the name of a `liaison`/`embedded` item.
    pub fn key(&self) -> &'static str {
        self.field.text()
    }

    /// The name as written (a reference is always one identifier, so its text is its name).
    pub fn name<'w>(&self, ws: &'w Workspace) -> &'w str {
        ws.file(self.location.file).slice(self.location.span)
    }

    pub fn target(&self) -> Option<SymbolId> {
        match self.resolution {
            Resolution::Resolved(s) => Some(s),
            _ => None,
        }
    }
}

/// A resolved reference with where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At<T> {
    pub id: T,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Person(PersonId),
    Team(TeamId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub symbol: SymbolId,
    pub role: Option<String>,
    pub email: Option<String>,
    /// Weekly minutes, when written and valid.
    pub meeting_budget: Option<u64>,
    /// `tz`, when written.
    pub tz: Option<ZoneField>,
}

/// A `tz` value as written, and whether it names an IANA zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneField {
    pub name: String,
    pub span: Span,
    pub valid: bool,
}

impl ZoneField {
    /// The zone name when it is valid.
    pub fn valid_name(&self) -> Option<&str> {
        self.valid.then_some(self.name.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub symbol: SymbolId,
    /// The team's leads (co-leads, chairs), as written.
    pub leads: Vec<At<PersonId>>,
    pub members: Vec<At<PersonId>>,
    pub parent: Option<At<TeamId>>,
    pub model: Option<(String, Span)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    Daily,
    Weekly,
    Biweekly,
    Monthly,
    Quarterly,
    Adhoc,
}

impl Cadence {
    pub fn parse(s: &str) -> Option<Cadence> {
        Some(match s {
            "daily" => Cadence::Daily,
            "weekly" => Cadence::Weekly,
            "biweekly" => Cadence::Biweekly,
            "monthly" => Cadence::Monthly,
            "quarterly" => Cadence::Quarterly,
            "adhoc" => Cadence::Adhoc,
            _ => return None,
        })
    }
    /// Meetings per week.
    pub fn per_week(self) -> f64 {
        match self {
            Cadence::Daily => 5.0,
            Cadence::Weekly => 1.0,
            Cadence::Biweekly => 0.5,
            Cadence::Monthly => 0.25,
            Cadence::Quarterly => 1.0 / 13.0,
            Cadence::Adhoc => 0.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingKind {
    Decision,
    Status,
    Broadcast,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    pub symbol: SymbolId,
    pub owner: Option<At<PersonId>>,
    pub attendees: Vec<At<Owner>>,
    pub cadence: Option<Cadence>,
    /// Minutes; `None` when not written (the default, 30m, applies).
    pub length: Option<u64>,
    pub kind: MeetingKind,
    /// `day`: the valid days written (Monday first), with the field's key span.
    pub days: Option<(Vec<jiff::civil::Weekday>, Span)>,
    /// `time`: the local start time.
    pub time: Option<(TimeOfDay, Span)>,
    pub tz: Option<ZoneField>,
    /// `starts`, as written (valid or not).
    pub starts: Option<(Date, Span)>,
    /// A value the schedule depends on (`day`, `time`, `starts`, `cadence`, `tz`, or the
    /// `owner` reference when there is no `tz`) is written but invalid: the meeting is not
    /// scheduled (no cascades).
    pub schedule_broken: bool,
    /// `starts` is a valid date on a weekday that is not one of the meeting's days
    /// (`invalid-date`).
    pub starts_off_day: bool,
}

pub const DEFAULT_MEETING_MINUTES: u64 = 30;

impl Meeting {
    pub fn minutes(&self) -> u64 {
        self.length.unwrap_or(DEFAULT_MEETING_MINUTES)
    }
    /// The days it meets: Monday to Friday for `daily`, else its `day` values, else the weekday
    /// of a valid `starts`; Monday first.
    pub fn meeting_days(&self) -> Vec<jiff::civil::Weekday> {
        use jiff::civil::Weekday::*;
        if self.cadence == Some(Cadence::Daily) {
            return vec![Monday, Tuesday, Wednesday, Thursday, Friday];
        }
        if let Some((days, _)) = &self.days {
            return days.clone();
        }
        self.starts
            .and_then(|(d, _)| crate::date::to_civil(d))
            .map(|d| vec![d.weekday()])
            .unwrap_or_default()
    }
    /// Whether the meeting is scheduled, as far as its own fields go: a `time`, a cadence
    /// other than `adhoc`, meeting days, and no invalid value its schedule depends on (the
    /// owner's `tz` is checked by [`schedule`]).
    pub fn has_schedule(&self) -> bool {
        !self.schedule_broken
            && self.time.is_some()
            && self.cadence.is_some_and(|c| c != Cadence::Adhoc)
            && !self.meeting_days().is_empty()
    }
    /// Weekly minutes one attendee spends in this meeting.
    pub fn weekly_minutes(&self) -> f64 {
        self.cadence
            .map_or(0.0, |c| c.per_week() * self.minutes() as f64)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Todo,
    Doing,
    Blocked,
    Done,
}

impl Status {
    /// The word as written in a plan (`todo`, `doing`, `blocked`, `done`).
    pub fn word(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Doing => "doing",
            Status::Blocked => "blocked",
            Status::Done => "done",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub symbol: SymbolId,
    pub owner: Option<At<Owner>>,
    /// As written, valid or not (see `Date::is_valid`).
    pub due: Option<(Date, Span)>,
    pub start: Option<(Date, Span)>,
    /// One dependency (the common case) is stored inline, with no allocation.
    pub depends_on: smallvec::SmallVec<[At<TaskId>; 1]>,
    pub status: Status,
}

impl Task {
    pub fn valid_due(&self) -> Option<Date> {
        self.due.map(|d| d.0).filter(Date::is_valid)
    }
}

/// A `liaison` item.
#[derive(Debug, Clone, PartialEq)]
pub struct Liaison {
    pub item: ItemRef,
    pub person: Option<At<PersonId>>,
    pub from: Option<At<TeamId>>,
    pub to: Option<At<TeamId>>,
    pub attends: Vec<At<MeetingId>>,
    pub needs: Vec<(String, Span)>,
}

/// An `embedded` item.
#[derive(Debug, Clone, PartialEq)]
pub struct Embed {
    pub item: ItemRef,
    pub person: Option<At<PersonId>>,
    pub from: Option<At<TeamId>>,
    pub to: Option<At<TeamId>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rotation {
    pub symbol: SymbolId,
    pub from: Option<At<TeamId>>,
    pub to: Option<At<TeamId>>,
    pub roster: Vec<At<PersonId>>,
    pub period: Option<u64>,
}

/// A `centralized-liaison` group.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub symbol: SymbolId,
    pub members: Vec<At<PersonId>>,
    pub meets: Option<At<MeetingId>>,
}

/// A later definition of a name already defined.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub first: SymbolId,
    pub location: Location,
    pub item: ItemRef,
}

/// A field or value that the item's kind does not take, for `unknown-field`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    pub location: Location,
    pub message: String,
    pub help: Option<String>,
    pub label: Option<(Location, String)>,
    /// A replacement for the span (e.g. the suggested key), offered as a fix.
    pub replacement: Option<String>,
}

/// One seat at a meeting, and how it got there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seat {
    pub who: SeatHolder,
    pub via: Via,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatHolder {
    Person(PersonId),
    /// The one seat a rotation holds (whoever is on duty).
    Rotation(RotationId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Listed by name in `attendees` (the span of that value).
    Listed(Span),
    /// Brought by a team listed in `attendees`.
    Team(TeamId, Span),
    Liaison(LiaisonId),
    Embedded(EmbedId),
    Rotation(RotationId),
}

#[derive(Debug, Default)]
pub struct Model {
    pub symbols: Vec<Symbol>,
    pub by_name: names::NameTable,
    pub duplicates: Vec<Duplicate>,
    pub references: Vec<Reference>,
    pub field_problems: Vec<FieldProblem>,
    /// The first `allow` field of each lowered item, as (item, index among its fields).
    pub allow_fields: Vec<(ItemRef, u32)>,

    pub people: Vec<Person>,
    pub teams: Vec<Team>,
    pub meetings: Vec<Meeting>,
    pub tasks: Vec<Task>,
    pub liaisons: Vec<Liaison>,
    pub embeds: Vec<Embed>,
    pub rotations: Vec<Rotation>,
    pub groups: Vec<Group>,

    // Derived.
    /// Lead first, then members, each person once.
    pub team_people: Vec<Vec<PersonId>>,
    /// The teams each person is in.
    pub person_teams: Vec<Vec<TeamId>>,
    /// Seats at each meeting, each person once, in the order they were brought.
    pub attendance: Vec<Vec<Seat>>,
    /// The meetings each person attends.
    pub person_meetings: Vec<Vec<MeetingId>>,
    /// Weekly minutes each person spends in meetings.
    pub person_weekly_minutes: Vec<f64>,
    /// Meetings attended by someone in each team, sorted.
    pub team_meetings: Vec<Vec<MeetingId>>,
    /// Each team's liaison, embed and rotation links, sorted by the other team; see [`links`].
    pub direct_links: Vec<Vec<Link>>,
    /// The centralized-liaison groups with a member in each team, sorted.
    pub team_groups: Vec<Vec<GroupId>>,
    /// The teams of each task.
    pub task_teams: Flat<TeamId>,
    /// Tasks that depend directly on each task.
    pub dependents: Flat<TaskId>,
    /// For each task, the tasks it depends on, as raw indices (see [`Model::dependency_edges`]).
    dependencies: Flat<u32>,
}

impl Model {
    /// The dependency graph: for each task, the tasks it depends on (as raw indices), the
    /// form the graph algorithms take.
    pub fn dependency_edges(&self) -> &Flat<u32> {
        &self.dependencies
    }

    pub fn build(ws: &Workspace) -> Model {
        lower::build(ws)
    }

    pub fn symbol(&self, id: SymbolId) -> &Symbol {
        &self.symbols[id.index()]
    }
    pub fn lookup(&self, name: &str) -> Option<&Symbol> {
        self.by_name
            .get(&self.symbols, name)
            .map(|id| self.symbol(id))
    }
    pub fn name(&self, id: SymbolId) -> &str {
        &self.symbols[id.index()].name
    }
    pub fn person_name(&self, p: PersonId) -> &str {
        self.name(self.people[p.index()].symbol)
    }
    pub fn team_name(&self, t: TeamId) -> &str {
        self.name(self.teams[t.index()].symbol)
    }
    pub fn meeting_name(&self, m: MeetingId) -> &str {
        self.name(self.meetings[m.index()].symbol)
    }
    pub fn task_name(&self, t: TaskId) -> &str {
        self.name(self.tasks[t.index()].symbol)
    }
    pub fn rotation_name(&self, r: RotationId) -> &str {
        self.name(self.rotations[r.index()].symbol)
    }
    pub fn group_name(&self, g: GroupId) -> &str {
        self.name(self.groups[g.index()].symbol)
    }
    pub fn owner_name(&self, o: Owner) -> &str {
        match o {
            Owner::Person(p) => self.person_name(p),
            Owner::Team(t) => self.team_name(t),
        }
    }
    /// Where a symbol's name is defined.
    pub fn definition(&self, id: SymbolId) -> Location {
        self.symbols[id.index()].location
    }
    /// The display title of a defined thing (`team platform "Platform"`), if it has one.
    pub fn title(&self, ws: &Workspace, id: SymbolId) -> Option<String> {
        let s = self.symbol(id);
        let file = ws.files.get(s.item.file.index())?;
        let item = file.syntax.items.get(s.item.index as usize)?;
        item.title(&file.syntax).map(str::to_string)
    }
    /// An item, with the syntax of its file (which its fields, names and values are read
    /// from).
    pub fn item<'w>(&self, ws: &'w Workspace, item: ItemRef) -> (&'w SourceFile, &'w Item) {
        let syntax = &ws.file(item.file).syntax;
        (syntax, &syntax.items[item.index as usize])
    }
    /// Where an item's name is, or its keyword when it has none.
    pub fn item_name_location(&self, ws: &Workspace, item: ItemRef) -> Location {
        let (_, it) = self.item(ws, item);
        Location::new(item.file, it.name.map_or(it.kind_span(), |n| n.span))
    }

    /// Whether person `p` is in team `t`.
    pub fn is_in(&self, p: PersonId, t: TeamId) -> bool {
        self.person_teams[p.index()].contains(&t)
    }

    /// The symbol a name in `item`'s field refers to at `offset`, if any (for the editor).
    pub fn reference_at(&self, file: FileId, offset: usize) -> Option<&Reference> {
        let i = self
            .references
            .partition_point(|r| (r.location.file, r.location.span.end()) < (file, offset));
        self.references[i..]
            .iter()
            .take_while(|r| r.location.file == file && r.location.span.start() <= offset)
            .find(|r| r.location.span.touches(offset))
    }

    /// The symbol whose definition name is at `offset`, if any.
    pub fn definition_at(&self, file: FileId, offset: usize) -> Option<SymbolId> {
        self.symbols
            .iter()
            .position(|s| s.location.file == file && s.location.span.touches(offset))
            .map(|i| SymbolId(i as u32))
    }

    /// Every place a symbol's name is written: its definition first, then its references.
    pub fn occurrences(&self, id: SymbolId) -> Vec<Location> {
        let mut out = vec![self.definition(id)];
        out.extend(
            self.references
                .iter()
                .filter(|r| r.target() == Some(id) || r.resolution == Resolution::WrongKind(id))
                .map(|r| r.location),
        );
        out
    }
}
