//! Lowering of each kind but meetings (`meeting.rs`): its checked fields into the model's
//! person, team, task, liaison, embed, rotation or group.

use super::{Checked, ItemFields, Sink};
use crate::model::*;
use crate::syntax::ItemKind;

pub(super) fn blank_person(symbol: SymbolId) -> Person {
    Person {
        symbol,
        role: None,
        email: None,
        meeting_budget: None,
        tz: None,
    }
}

pub(super) fn blank_team(symbol: SymbolId) -> Team {
    Team {
        symbol,
        leads: Vec::new(),
        members: Vec::new(),
        parent: None,
        model: None,
    }
}

pub(super) fn blank_task(symbol: SymbolId) -> Task {
    Task {
        symbol,
        owner: None,
        due: None,
        start: None,
        depends_on: smallvec::SmallVec::new(),
        status: Status::Todo,
    }
}

pub(super) fn blank_rotation(symbol: SymbolId) -> Rotation {
    Rotation {
        symbol,
        from: None,
        to: None,
        roster: Vec::new(),
        period: None,
    }
}

pub(super) fn blank_group(symbol: SymbolId) -> Group {
    Group {
        symbol,
        members: Vec::new(),
        meets: None,
    }
}

/// A resolved reference as the id of its kind's vector (`PersonId`, `TeamId`, ...).
pub(super) fn at<T>(m: &Sink, (id, span): (SymbolId, Span), make: fn(u32) -> T) -> At<T> {
    At {
        id: make(m.symbol(id).index),
        span,
    }
}

/// A resolved person-or-team reference as an [`Owner`].
pub(super) fn owner_of(m: &Sink, (id, span): (SymbolId, Span)) -> At<Owner> {
    let s = m.symbol(id);
    let id = match s.kind {
        SymbolKind::Team => Owner::Team(TeamId(s.index)),
        _ => Owner::Person(PersonId(s.index)),
    };
    At { id, span }
}

pub(super) fn person(m: &mut Sink, it: &ItemFields) {
    let p = &mut m.people[it.index() - m.base.people];
    for w in it.iter() {
        match (w.key, w.first()) {
            ("tz", Some(Checked::Zone(name, valid))) => {
                p.tz = Some(ZoneField {
                    name: name.to_string(),
                    span: w.first_span(),
                    valid,
                })
            }
            ("role", _) => p.role = w.first_str(),
            ("email", _) => p.email = w.first_str(),
            ("meeting-budget", Some(Checked::Duration(d))) => p.meeting_budget = Some(d),
            _ => {}
        }
    }
}

pub(super) fn team(m: &mut Sink, it: &ItemFields) {
    let idx = it.index() - m.base.teams;
    let mut team = blank_team(m.teams[idx].symbol);
    for w in it.iter() {
        match w.key {
            "lead" => team.leads = w.refs().map(|r| at(m, r, PersonId)).collect(),
            "members" => team.members = w.refs().map(|r| at(m, r, PersonId)).collect(),
            "parent" => team.parent = w.refs().map(|r| at(m, r, TeamId)).next(),
            "model" => {
                if let Some(s) = w.first_enum() {
                    team.model = Some((s.to_string(), w.first_span()));
                }
            }
            _ => {}
        }
    }
    m.teams[idx] = team;
}

pub(super) fn task(m: &mut Sink, it: &ItemFields) {
    let idx = it.index() - m.base.tasks;
    let mut t = blank_task(m.tasks[idx].symbol);
    for w in it.iter() {
        match w.key {
            "owner" => t.owner = w.first_ref().map(|r| owner_of(m, r)),
            "due" | "start" => {
                if let Some(Checked::Date(d)) = w.first() {
                    let v = Some((d, w.first_span()));
                    if w.key == "due" {
                        t.due = v
                    } else {
                        t.start = v
                    }
                }
            }
            "depends-on" => t.depends_on = w.refs().map(|r| at(m, r, TaskId)).collect(),
            "status" => {
                if let Some(s) = w.first_enum() {
                    t.status = match s {
                        "doing" => Status::Doing,
                        "blocked" => Status::Blocked,
                        "done" => Status::Done,
                        _ => Status::Todo,
                    };
                }
            }
            _ => {}
        }
    }
    m.tasks[idx] = t;
}

/// A `liaison` or `embedded` item; `person` is its name, resolved.
pub(super) fn liaison_or_embed(m: &mut Sink, it: &ItemFields, person: Option<At<PersonId>>) {
    let mut from = None;
    let mut to = None;
    let mut attends = Vec::new();
    let mut needs = Vec::new();
    for w in it.iter() {
        match w.key {
            "from" => from = w.first_ref().map(|r| at(m, r, TeamId)),
            "to" => to = w.first_ref().map(|r| at(m, r, TeamId)),
            "attends" => attends = w.refs().map(|r| at(m, r, MeetingId)).collect(),
            "needs" => {
                needs = w
                    .checked
                    .iter()
                    .zip(w.values)
                    .filter_map(|(c, v)| match c {
                        Checked::Str(s) => Some((s.to_string(), v.span)),
                        _ => None,
                    })
                    .collect()
            }
            _ => {}
        }
    }
    if it.item.kind == ItemKind::Liaison {
        m.out.liaisons.push(Liaison {
            item: it.item_ref,
            person,
            from,
            to,
            attends,
            needs,
        });
    } else {
        m.out.embeds.push(Embed {
            item: it.item_ref,
            person,
            from,
            to,
        });
    }
}

pub(super) fn rotation(m: &mut Sink, it: &ItemFields) {
    let idx = it.index() - m.base.rotations;
    let mut r = blank_rotation(m.rotations[idx].symbol);
    for w in it.iter() {
        match w.key {
            "from" => r.from = w.first_ref().map(|x| at(m, x, TeamId)),
            "to" => r.to = w.first_ref().map(|x| at(m, x, TeamId)),
            "roster" => r.roster = w.refs().map(|x| at(m, x, PersonId)).collect(),
            "period" => {
                if let Some(d) = w.first_duration() {
                    r.period = Some(d);
                }
            }
            _ => {}
        }
    }
    m.rotations[idx] = r;
}

pub(super) fn group(m: &mut Sink, it: &ItemFields) {
    let idx = it.index() - m.base.groups;
    let mut g = blank_group(m.groups[idx].symbol);
    for w in it.iter() {
        match w.key {
            "members" => g.members = w.refs().map(|r| at(m, r, PersonId)).collect(),
            "meets" => g.meets = w.first_ref().map(|r| at(m, r, MeetingId)),
            _ => {}
        }
    }
    m.groups[idx] = g;
}
