//! `coord diff`: what a plan change does to the organisation, matched by item names (never by
//! line numbers, so moving or reformatting items changes nothing).
//!
//! Each side is reduced to a [`Snapshot`] — plain facts keyed by names, taken from the model
//! (which holds every derived fact) — and two snapshots are compared into a [`PlanDiff`].

pub mod git;
pub mod render;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::analysis::Analysis;
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::model::{MeetingKind, SeatHolder, Status, TaskId, TeamId};
use crate::syntax::Date;
use crate::workspace::Workspace;

/// A finding, without its position (positions move when nothing changes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    /// Where it is on its side, `file:line`, for the reader.
    #[serde(skip)]
    pub place: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamFacts {
    pub leads: BTreeSet<String>,
    pub members: BTreeSet<String>,
    pub parent: Option<String>,
    /// Linked teams, each with what links them ("liaison erin", "meeting x").
    pub links: BTreeMap<String, BTreeSet<String>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeetingFacts {
    pub attendees: BTreeSet<String>,
    pub count: usize,
    /// The most attendees it may have (the rule of eight), when it is a decision meeting.
    pub limit: Option<usize>,
    pub schedule: Option<String>,
    pub weekly_minutes: f64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonFacts {
    pub teams: BTreeSet<String>,
    pub weekly_minutes: f64,
    /// Pairs of meetings that clash for them ("a and b").
    pub clashes: BTreeSet<String>,
    /// Meetings outside their working hours.
    pub outside_hours: BTreeSet<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskFacts {
    pub owner: Option<String>,
    pub start: Option<Date>,
    pub due: Option<Date>,
    pub status: String,
    pub depends_on: BTreeSet<String>,
    /// The teams of the task.
    pub teams: BTreeSet<String>,
}

/// One side of a diff: the facts a reviewer cares about, by name.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub findings: Vec<Finding>,
    pub teams: BTreeMap<String, TeamFacts>,
    pub meetings: BTreeMap<String, MeetingFacts>,
    pub people: BTreeMap<String, PersonFacts>,
    pub tasks: BTreeMap<String, TaskFacts>,
}

fn names<'m>(it: impl IntoIterator<Item = &'m str>) -> BTreeSet<String> {
    it.into_iter().map(str::to_string).collect()
}

impl Snapshot {
    pub fn of(ws: &Workspace, analysis: &Analysis, config: &Config) -> Snapshot {
        let model = &analysis.model;
        let findings = analysis
            .diagnostics
            .iter()
            .map(|d| {
                let (line, _) = ws
                    .file(d.location.file)
                    .line_col_chars(d.location.span.start());
                Finding {
                    severity: d.severity,
                    code: d.code,
                    message: d.message.clone(),
                    place: format!("{}:{}", ws.file(d.location.file).path, line + 1),
                }
            })
            .collect();
        let mut teams = BTreeMap::new();
        for (i, team) in model.teams.iter().enumerate() {
            let t = TeamId(i as u32);
            let mut links: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for link in model.links_of(t) {
                links
                    .entry(model.team_name(link.team).to_string())
                    .or_default()
                    .extend(link.reasons.iter().map(|&r| model.describe_link(r)));
            }
            teams.insert(
                model.team_name(t).to_string(),
                TeamFacts {
                    leads: names(team.leads.iter().map(|l| model.person_name(l.id))),
                    members: names(team.members.iter().map(|m| model.person_name(m.id))),
                    parent: team.parent.map(|p| model.team_name(p.id).to_string()),
                    links,
                },
            );
        }
        let mut meetings = BTreeMap::new();
        for (i, meeting) in model.meetings.iter().enumerate() {
            let seats = &model.attendance[i];
            let attendees = seats
                .iter()
                .map(|s| match s.who {
                    SeatHolder::Person(p) => model.person_name(p).to_string(),
                    SeatHolder::Rotation(r) => format!("rotation {}", model.rotation_name(r)),
                })
                .collect();
            meetings.insert(
                model
                    .meeting_name(crate::model::MeetingId(i as u32))
                    .to_string(),
                MeetingFacts {
                    attendees,
                    count: seats.len(),
                    limit: (meeting.kind == MeetingKind::Decision).then_some(config.meeting_limit),
                    schedule: analysis
                        .schedules
                        .get(crate::model::MeetingId(i as u32))
                        .map(|s| s.describe()),
                    weekly_minutes: meeting.weekly_minutes(),
                },
            );
        }
        let mut clashes: Vec<BTreeSet<String>> = vec![BTreeSet::new(); model.people.len()];
        for c in &analysis.schedules.clashes {
            let pair = format!(
                "{} and {}",
                model.meeting_name(c.a),
                model.meeting_name(c.b)
            );
            for p in &c.people {
                clashes[p.index()].insert(pair.clone());
            }
        }
        let mut outside: Vec<BTreeSet<String>> = vec![BTreeSet::new(); model.people.len()];
        for o in &analysis.schedules.outside_hours {
            for (p, _) in &o.people {
                outside[p.index()].insert(model.meeting_name(o.meeting).to_string());
            }
        }
        let mut people = BTreeMap::new();
        for (i, _) in model.people.iter().enumerate() {
            let p = crate::model::PersonId(i as u32);
            people.insert(
                model.person_name(p).to_string(),
                PersonFacts {
                    teams: names(model.person_teams[i].iter().map(|&t| model.team_name(t))),
                    weekly_minutes: model.person_weekly_minutes[i],
                    clashes: std::mem::take(&mut clashes[i]),
                    outside_hours: std::mem::take(&mut outside[i]),
                },
            );
        }
        let mut tasks = BTreeMap::new();
        for (i, task) in model.tasks.iter().enumerate() {
            let t = TaskId(i as u32);
            tasks.insert(
                model.task_name(t).to_string(),
                TaskFacts {
                    owner: task.owner.map(|o| model.owner_name(o.id).to_string()),
                    start: task.start.map(|s| s.0).filter(Date::is_valid),
                    due: task.valid_due(),
                    status: Status::word(task.status).to_string(),
                    depends_on: names(task.depends_on.iter().map(|d| model.task_name(d.id))),
                    teams: names(model.task_teams[i].iter().map(|&x| model.team_name(x))),
                },
            );
        }
        Snapshot {
            findings,
            teams,
            meetings,
            people,
            tasks,
        }
    }
}

/// A value before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change<T> {
    pub before: T,
    pub after: T,
}

fn change<T: PartialEq + Clone>(before: &T, after: &T) -> Option<Change<T>> {
    (before != after).then(|| Change {
        before: before.clone(),
        after: after.clone(),
    })
}

/// What was added to and removed from a set.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SetChange {
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl SetChange {
    fn of(before: &BTreeSet<String>, after: &BTreeSet<String>) -> SetChange {
        SetChange {
            added: after.difference(before).cloned().collect(),
            removed: before.difference(after).cloned().collect(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// Whether an item is new, gone or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    Added,
    Removed,
    Changed,
}

/// A link between two teams gained or lost, with what made it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkChange {
    pub team: String,
    pub other: String,
    /// What links them on the side where they are linked.
    pub through: Vec<String>,
    /// The reasons that remain after the change (empty: the teams are no longer linked).
    pub remaining: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamDiff {
    pub name: String,
    pub presence: Presence,
    #[serde(skip_serializing_if = "SetChange::is_empty")]
    pub people: SetChange,
    #[serde(skip_serializing_if = "SetChange::is_empty")]
    pub leads: SetChange,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Change<Option<String>>>,
    pub links_gained: Vec<LinkChange>,
    pub links_lost: Vec<LinkChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingDiff {
    pub name: String,
    pub presence: Presence,
    #[serde(skip_serializing_if = "SetChange::is_empty")]
    pub attendees: SetChange,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<Change<usize>>,
    /// The limit of a decision meeting when the change crosses it, up or down.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crosses_limit: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekly_minutes: Option<Change<f64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonDiff {
    pub name: String,
    pub presence: Presence,
    #[serde(skip_serializing_if = "SetChange::is_empty")]
    pub teams: SetChange,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekly_minutes: Option<Change<f64>>,
    /// Clashing pairs of meetings gained and lost.
    #[serde(skip_serializing_if = "SetChange::is_empty")]
    pub clashes: SetChange,
    /// Meetings now (or no longer) outside their working hours.
    #[serde(skip_serializing_if = "SetChange::is_empty")]
    pub outside_hours: SetChange,
}

/// A dependent task that a slip now overtakes: it starts (or is due) before the slipped task is
/// due, and did not before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ripple {
    pub task: String,
    pub teams: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskDiff {
    pub name: String,
    pub presence: Presence,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<Change<Option<String>>>,
    /// Days the due date moved (positive: later).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slip_days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Change<String>>,
    #[serde(skip_serializing_if = "SetChange::is_empty")]
    pub depends_on: SetChange,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ripples: Vec<Ripple>,
}

/// Everything a change does, in name order within each section.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlanDiff {
    pub introduced: Vec<Finding>,
    pub resolved: Vec<Finding>,
    pub teams: Vec<TeamDiff>,
    pub meetings: Vec<MeetingDiff>,
    pub people: Vec<PersonDiff>,
    pub tasks: Vec<TaskDiff>,
}

impl PlanDiff {
    /// Whether the change changes nothing a reviewer would see.
    pub fn is_empty(&self) -> bool {
        self.introduced.is_empty()
            && self.resolved.is_empty()
            && self.teams.is_empty()
            && self.meetings.is_empty()
            && self.people.is_empty()
            && self.tasks.is_empty()
    }

    pub fn introduced_count(&self, severity: Severity) -> usize {
        self.introduced
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    pub fn resolved_count(&self, severity: Severity) -> usize {
        self.resolved
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The findings of `a` not in `b`, counting repeats (two equal findings before and three after
/// is one introduced).
fn minus(a: &[Finding], b: &[Finding]) -> Vec<Finding> {
    let key = |f: &Finding| (f.code, f.message.clone());
    let mut left: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for f in b {
        *left.entry(key(f)).or_default() += 1;
    }
    let mut out = Vec::new();
    for f in a {
        match left.get_mut(&key(f)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(f.clone()),
        }
    }
    out.sort_by(|x, y| (x.severity, x.code, &x.message).cmp(&(y.severity, y.code, &y.message)));
    out
}

/// Compares two sides of a change.
pub fn compare(before: &Snapshot, after: &Snapshot) -> PlanDiff {
    let mut diff = PlanDiff {
        introduced: minus(&after.findings, &before.findings),
        resolved: minus(&before.findings, &after.findings),
        ..PlanDiff::default()
    };
    let empty_team = TeamFacts::default();
    for name in keys(&before.teams, &after.teams) {
        let (b, a) = (before.teams.get(name), after.teams.get(name));
        let presence = presence(b.is_some(), a.is_some());
        let (b, a) = (b.unwrap_or(&empty_team), a.unwrap_or(&empty_team));
        let all = |t: &TeamFacts| t.leads.union(&t.members).cloned().collect::<BTreeSet<_>>();
        let mut links_gained = Vec::new();
        let mut links_lost = Vec::new();
        for other in keys(&b.links, &a.links) {
            let (lb, la) = (b.links.get(other), a.links.get(other));
            match (lb, la) {
                (None, Some(la)) => links_gained.push(LinkChange {
                    team: name.clone(),
                    other: other.clone(),
                    through: la.iter().cloned().collect(),
                    remaining: la.iter().cloned().collect(),
                }),
                (Some(lb), None) => links_lost.push(LinkChange {
                    team: name.clone(),
                    other: other.clone(),
                    through: lb.iter().cloned().collect(),
                    remaining: Vec::new(),
                }),
                _ => {}
            }
        }
        let t = TeamDiff {
            name: name.clone(),
            presence,
            people: SetChange::of(&all(b), &all(a)),
            leads: SetChange::of(&b.leads, &a.leads),
            parent: change(&b.parent, &a.parent),
            links_gained,
            links_lost,
        };
        if presence != Presence::Changed
            || !t.people.is_empty()
            || !t.leads.is_empty()
            || t.parent.is_some()
            || !t.links_gained.is_empty()
            || !t.links_lost.is_empty()
        {
            diff.teams.push(t);
        }
    }
    let empty_meeting = MeetingFacts::default();
    for name in keys(&before.meetings, &after.meetings) {
        let (b, a) = (before.meetings.get(name), after.meetings.get(name));
        let presence = presence(b.is_some(), a.is_some());
        let (b, a) = (b.unwrap_or(&empty_meeting), a.unwrap_or(&empty_meeting));
        let limit = a.limit.or(b.limit);
        let crosses_limit =
            limit.filter(|&l| (b.count > l) != (a.count > l) && presence == Presence::Changed);
        let m = MeetingDiff {
            name: name.clone(),
            presence,
            attendees: SetChange::of(&b.attendees, &a.attendees),
            count: change(&b.count, &a.count),
            crosses_limit,
            schedule: change(&b.schedule, &a.schedule),
            weekly_minutes: change(&b.weekly_minutes, &a.weekly_minutes),
        };
        if presence != Presence::Changed
            || !m.attendees.is_empty()
            || m.count.is_some()
            || m.schedule.is_some()
            || m.weekly_minutes.is_some()
        {
            diff.meetings.push(m);
        }
    }
    let empty_person = PersonFacts::default();
    for name in keys(&before.people, &after.people) {
        let (b, a) = (before.people.get(name), after.people.get(name));
        let presence = presence(b.is_some(), a.is_some());
        let (b, a) = (b.unwrap_or(&empty_person), a.unwrap_or(&empty_person));
        let p = PersonDiff {
            name: name.clone(),
            presence,
            teams: SetChange::of(&b.teams, &a.teams),
            weekly_minutes: change(&b.weekly_minutes, &a.weekly_minutes)
                .filter(|c| (c.before - c.after).abs() > 1e-9),
            clashes: SetChange::of(&b.clashes, &a.clashes),
            outside_hours: SetChange::of(&b.outside_hours, &a.outside_hours),
        };
        if presence != Presence::Changed
            || !p.teams.is_empty()
            || p.weekly_minutes.is_some()
            || !p.clashes.is_empty()
            || !p.outside_hours.is_empty()
        {
            diff.people.push(p);
        }
    }
    let empty_task = TaskFacts::default();
    for name in keys(&before.tasks, &after.tasks) {
        let (b, a) = (before.tasks.get(name), after.tasks.get(name));
        let presence = presence(b.is_some(), a.is_some());
        let (b, a) = (b.unwrap_or(&empty_task), a.unwrap_or(&empty_task));
        let show = |d: &Option<Date>| d.map(|d| d.to_string());
        let slip_days = match (b.due, a.due) {
            (Some(x), Some(y)) if x != y => {
                Some(crate::date::days_since_epoch(y) - crate::date::days_since_epoch(x))
            }
            _ => None,
        };
        let ripples = match (slip_days, b.due, a.due) {
            (Some(days), Some(old), Some(new)) if days > 0 => ripples(after, name, old, new),
            _ => Vec::new(),
        };
        let t = TaskDiff {
            name: name.clone(),
            presence,
            owner: change(&b.owner, &a.owner),
            due: change(&show(&b.due), &show(&a.due)),
            slip_days,
            start: change(&show(&b.start), &show(&a.start)),
            status: change(&b.status, &a.status).filter(|_| presence == Presence::Changed),
            depends_on: SetChange::of(&b.depends_on, &a.depends_on),
            ripples,
        };
        if presence != Presence::Changed
            || t.owner.is_some()
            || t.due.is_some()
            || t.start.is_some()
            || t.status.is_some()
            || !t.depends_on.is_empty()
        {
            diff.tasks.push(t);
        }
    }
    diff
}

/// The tasks that depend on `task` (directly) and that its new due date now overtakes: they
/// start — or, without a start, are due — before `new` but not before `old`.
fn ripples(after: &Snapshot, task: &str, old: Date, new: Date) -> Vec<Ripple> {
    after
        .tasks
        .iter()
        .filter(|(_, t)| t.depends_on.contains(task))
        .filter_map(|(name, t)| {
            let when = t.start.or(t.due)?;
            (when < new && when >= old).then(|| Ripple {
                task: name.clone(),
                teams: t.teams.iter().cloned().collect(),
            })
        })
        .collect()
}

fn presence(before: bool, after: bool) -> Presence {
    match (before, after) {
        (false, _) => Presence::Added,
        (_, false) => Presence::Removed,
        _ => Presence::Changed,
    }
}

/// The names on either side, in order.
fn keys<'a, V>(a: &'a BTreeMap<String, V>, b: &'a BTreeMap<String, V>) -> BTreeSet<&'a String> {
    a.keys().chain(b.keys()).collect()
}
