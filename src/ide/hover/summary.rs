//! Hover on a name: a summary of the person, team, meeting, task, rotation or group from the
//! model (who is in what, who attends, what depends on what, the schedule), then the item's
//! `##` documentation.

use std::fmt::Write as _;

use super::super::list_names;
use crate::config::Config;
use crate::date::format_minutes;
use crate::model::schedule::Schedules;
use crate::model::{MeetingId, PersonId, TaskId, TeamId};
use crate::model::{Model, Owner, SeatHolder, Status, SymbolId, SymbolKind, Via};
use crate::workspace::Workspace;

/// The most names listed in one line of a summary.
const MAX_LISTED: usize = 12;

/// A summary of a defined thing: what it is, its relations, and its doc comment.
/// A summary of the symbol `id`; a meeting's shows its schedule from `schedules`.
pub fn summary_with(
    ws: &Workspace,
    model: &Model,
    schedules: &Schedules,
    config: &Config,
    id: SymbolId,
) -> String {
    let sym = model.symbol(id);
    let (syntax, item) = model.item(ws, sym.item);
    let mut out = String::new();
    let _ = write!(out, "**{} {}**", sym.kind.keyword(), sym.name);
    if let Some(title) = item.title(syntax) {
        let _ = write!(out, " — {title}");
    }
    out.push('\n');
    let index = sym.index as usize;
    let body = match sym.kind {
        SymbolKind::Person => person(ws, model, config, PersonId(sym.index)),
        SymbolKind::Team => team(model, TeamId(sym.index)),
        SymbolKind::Meeting => {
            let m = MeetingId(sym.index);
            let mut lines = meeting(model, config, m);
            lines.splice(1..1, schedule_lines(model, schedules, m));
            lines
        }
        SymbolKind::Task => task(model, TaskId(sym.index)),
        SymbolKind::Rotation => {
            let r = &model.rotations[index];
            let mut lines = Vec::new();
            if let (Some(from), Some(to)) = (r.from, r.to) {
                lines.push(format!(
                    "From {} to {}",
                    model.team_name(from.id),
                    model.team_name(to.id)
                ));
            }
            if !r.roster.is_empty() {
                lines.push(format!(
                    "Roster: {}",
                    list_names(r.roster.iter().map(|p| model.person_name(p.id)), MAX_LISTED)
                ));
            }
            if let Some(period) = r.period {
                lines.push(format!("Each turn lasts {}", format_minutes(period as f64)));
            }
            lines
        }
        SymbolKind::CentralizedLiaison => {
            let g = &model.groups[index];
            let mut lines = vec![format!(
                "{} member{}: {}",
                g.members.len(),
                plural(g.members.len()),
                list_names(
                    g.members.iter().map(|p| model.person_name(p.id)),
                    MAX_LISTED
                )
            )];
            if let Some(m) = g.meets {
                lines.push(format!("Meets in {}", model.meeting_name(m.id)));
            }
            lines
        }
    };
    for line in body {
        let _ = write!(out, "\n{line}  ");
    }
    append_doc(&mut out, item.doc(syntax));
    out.trim_end().to_string()
}

fn append_doc(out: &mut String, doc: Option<&str>) {
    if let Some(doc) = doc.filter(|d| !d.trim().is_empty()) {
        let _ = write!(out, "\n\n---\n\n{}", doc.trim_end());
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn person(ws: &Workspace, model: &Model, config: &Config, p: PersonId) -> Vec<String> {
    let person = &model.people[p.index()];
    let mut lines = Vec::new();
    let mut contact = Vec::new();
    if let Some(role) = &person.role {
        contact.push(role.clone());
    }
    if let Some(email) = &person.email {
        contact.push(email.clone());
    }
    if !contact.is_empty() {
        lines.push(contact.join(" · "));
    }
    let teams = &model.person_teams[p.index()];
    if teams.is_empty() {
        lines.push("In no team".into());
    } else {
        let names: Vec<String> = teams
            .iter()
            .map(|&t| {
                let lead = model.teams[t.index()].leads.iter().any(|l| l.id == p);
                if lead {
                    format!("{} (lead)", model.team_name(t))
                } else {
                    model.team_name(t).to_string()
                }
            })
            .collect();
        lines.push(format!("Teams: {}", names.join(", ")));
    }
    let meetings = &model.person_meetings[p.index()];
    let load = config.meeting_load(ws, model, p);
    if meetings.is_empty() {
        lines.push("Attends no meetings".into());
    } else {
        let budget = match load {
            Some(l) => format!(" (budget {})", format_minutes(l.budget as f64)),
            None => String::new(),
        };
        lines.push(format!(
            "Meetings: {} — {} a week{budget}",
            list_names(meetings.iter().map(|&m| model.meeting_name(m)), MAX_LISTED),
            format_minutes(model.person_weekly_minutes[p.index()]),
        ));
    }
    let owned: Vec<&str> = model
        .tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.owner, Some(o) if o.id == Owner::Person(p)))
        .map(|(i, _)| model.task_name(TaskId(i as u32)))
        .collect();
    if !owned.is_empty() {
        lines.push(format!("Owns tasks: {}", list_names(owned, MAX_LISTED)));
    }
    let owns_meetings: Vec<&str> = model
        .meetings
        .iter()
        .enumerate()
        .filter(|(_, m)| m.owner.is_some_and(|o| o.id == p))
        .map(|(i, _)| model.meeting_name(MeetingId(i as u32)))
        .collect();
    if !owns_meetings.is_empty() {
        lines.push(format!(
            "Owns meetings: {}",
            list_names(owns_meetings, MAX_LISTED)
        ));
    }
    for l in model
        .liaisons
        .iter()
        .filter(|l| l.person.is_some_and(|x| x.id == p))
    {
        let mut line = String::from("Liaison");
        if let Some(from) = l.from {
            let _ = write!(line, " from {}", model.team_name(from.id));
        }
        if let Some(to) = l.to {
            let _ = write!(line, " to {}", model.team_name(to.id));
        }
        if !l.attends.is_empty() {
            let _ = write!(
                line,
                ", attends {}",
                list_names(
                    l.attends.iter().map(|m| model.meeting_name(m.id)),
                    MAX_LISTED
                )
            );
        }
        lines.push(line);
    }
    for e in model
        .embeds
        .iter()
        .filter(|e| e.person.is_some_and(|x| x.id == p))
    {
        let mut line = String::from("Embedded");
        if let Some(from) = e.from {
            let _ = write!(line, " from {}", model.team_name(from.id));
        }
        if let Some(to) = e.to {
            let _ = write!(line, " in {}", model.team_name(to.id));
        }
        lines.push(line);
    }
    for (i, r) in model.rotations.iter().enumerate() {
        if r.roster.iter().any(|x| x.id == p) {
            lines.push(format!(
                "On the roster of rotation {}",
                model.rotation_name(crate::model::RotationId(i as u32))
            ));
        }
    }
    for (i, g) in model.groups.iter().enumerate() {
        if g.members.iter().any(|x| x.id == p) {
            lines.push(format!(
                "Member of centralized liaison {}",
                model.group_name(crate::model::GroupId(i as u32))
            ));
        }
    }
    lines
}

fn team(model: &Model, t: TeamId) -> Vec<String> {
    let team = &model.teams[t.index()];
    let mut lines = Vec::new();
    let people = &model.team_people[t.index()];
    lines.push(format!(
        "{} {}",
        people.len(),
        if people.len() == 1 {
            "person"
        } else {
            "people"
        }
    ));
    match team.leads.as_slice() {
        [] => {}
        [lead] => lines.push(format!("Lead: {}", model.person_name(lead.id))),
        leads => lines.push(format!(
            "Leads: {}",
            list_names(leads.iter().map(|l| model.person_name(l.id)), MAX_LISTED)
        )),
    }
    if !team.members.is_empty() {
        lines.push(format!(
            "Members: {}",
            list_names(
                team.members.iter().map(|m| model.person_name(m.id)),
                MAX_LISTED
            )
        ));
    }
    if let Some(parent) = team.parent {
        lines.push(format!("Part of {}", model.team_name(parent.id)));
    }
    let children: Vec<&str> = model
        .teams
        .iter()
        .enumerate()
        .filter(|(_, c)| c.parent.is_some_and(|p| p.id == t))
        .map(|(i, _)| model.team_name(TeamId(i as u32)))
        .collect();
    if !children.is_empty() {
        lines.push(format!(
            "Teams within: {}",
            list_names(children, MAX_LISTED)
        ));
    }
    if let Some((m, _)) = &team.model {
        let summary = crate::reference::topic(m).map(|t| t.summary).unwrap_or("");
        lines.push(format!("Model: {m} — {summary}"));
    }
    let links = model.links_of(t);
    if links.is_empty() {
        lines.push("Linked to no other team".into());
    } else {
        let shown: Vec<String> = links
            .iter()
            .take(MAX_LISTED)
            .map(|link| {
                let why: Vec<String> = link
                    .reasons
                    .iter()
                    .map(|&r| model.describe_link(r))
                    .collect();
                format!("{} ({})", model.team_name(link.team), why.join("; "))
            })
            .collect();
        let mut line = format!("Linked to: {}", shown.join(", "));
        if links.len() > MAX_LISTED {
            let _ = write!(line, " and {} more", links.len() - MAX_LISTED);
        }
        lines.push(line);
    }
    let meetings = &model.team_meetings[t.index()];
    if !meetings.is_empty() {
        lines.push(format!(
            "Meetings: {}",
            list_names(meetings.iter().map(|&m| model.meeting_name(m)), MAX_LISTED)
        ));
    }
    let owned: Vec<&str> = model
        .tasks
        .iter()
        .enumerate()
        .filter(|(_, task)| matches!(task.owner, Some(o) if o.id == Owner::Team(t)))
        .map(|(i, _)| model.task_name(TaskId(i as u32)))
        .collect();
    if !owned.is_empty() {
        lines.push(format!("Owns tasks: {}", list_names(owned, MAX_LISTED)));
    }
    lines
}

/// A scheduled meeting's schedule in its own zone, its next occurrence and its clashes.
fn schedule_lines(model: &Model, schedules: &Schedules, m: MeetingId) -> Vec<String> {
    let Some(s) = schedules.get(m) else {
        return Vec::new();
    };
    let from = match s.zone_source {
        "owner" => " (the owner's zone)",
        "coord.toml" => " (`timezone` in coord.toml)",
        "default" => " (no zone given: UTC)",
        _ => "",
    };
    let mut lines = vec![format!(
        "Meets {}, {}{from}",
        s.describe(),
        format_minutes(s.minutes as f64)
    )];
    if let Some(next) = schedules.today.and_then(|d| s.next_on_or_after(d)) {
        let at = crate::model::schedule::local(next.start, &s.zone);
        lines.push(format!(
            "Next: {} {} {}",
            crate::model::schedule::day_time(&at),
            next.date,
            s.zone_name
        ));
    }
    for c in schedules.clashes.iter().filter(|c| c.a == m || c.b == m) {
        let other = if c.a == m { c.b } else { c.a };
        lines.push(format!(
            "Clashes with `{}` for {} ({} times in the 13 weeks from {})",
            model.meeting_name(other),
            list_names(c.people.iter().map(|&p| model.person_name(p)), 4),
            c.count,
            schedules
                .start
                .map(crate::date::from_civil)
                .map(|d| d.to_string())
                .unwrap_or_default()
        ));
    }
    lines
}

fn meeting(model: &Model, config: &Config, m: MeetingId) -> Vec<String> {
    let meeting = &model.meetings[m.index()];
    let mut lines = Vec::new();
    let mut facts = Vec::new();
    if let Some(c) = meeting.cadence {
        facts.push(format!("{c:?}").to_lowercase());
    } else {
        facts.push("no cadence".into());
    }
    facts.push(format_minutes(meeting.minutes() as f64));
    facts.push(
        match meeting.kind {
            crate::model::MeetingKind::Decision => "decision",
            crate::model::MeetingKind::Status => "status",
            crate::model::MeetingKind::Broadcast => "broadcast",
        }
        .to_string(),
    );
    if let Some(owner) = meeting.owner {
        facts.push(format!("owner {}", model.person_name(owner.id)));
    }
    lines.push(facts.join(" · "));
    let seats = &model.attendance[m.index()];
    let limit = if meeting.kind == crate::model::MeetingKind::Decision {
        format!(" (a decision meeting: at most {})", config.meeting_limit)
    } else {
        String::new()
    };
    lines.push(format!(
        "{} attendee{}{limit}",
        seats.len(),
        plural(seats.len())
    ));
    // Group the seats by how they got there, in order of first appearance.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for seat in seats {
        let who = match seat.who {
            SeatHolder::Person(p) => model.person_name(p).to_string(),
            SeatHolder::Rotation(r) => {
                format!("one seat for rotation {}", model.rotation_name(r))
            }
        };
        let via = match seat.via {
            Via::Listed(_) => "listed".to_string(),
            Via::Team(t, _) => format!("via team {}", model.team_name(t)),
            Via::Liaison(l) => {
                let from = model.liaisons[l.index()]
                    .from
                    .map(|f| format!(" from {}", model.team_name(f.id)));
                format!("liaison{}", from.unwrap_or_default())
            }
            Via::Embedded(e) => {
                let from = model.embeds[e.index()]
                    .from
                    .map(|f| format!(" from {}", model.team_name(f.id)));
                format!("embedded{}", from.unwrap_or_default())
            }
            Via::Rotation(_) => "rotation".to_string(),
        };
        match groups.iter_mut().find(|(v, _)| *v == via) {
            Some((_, whos)) => whos.push(who),
            None => groups.push((via, vec![who])),
        }
    }
    for (via, whos) in groups {
        let shown = whos
            .iter()
            .take(MAX_LISTED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = if whos.len() > MAX_LISTED {
            format!(" and {} more", whos.len() - MAX_LISTED)
        } else {
            String::new()
        };
        lines.push(format!("- {shown}{more} — {via}"));
    }
    if meeting.cadence.is_some() {
        lines.push(format!(
            "Costs each attendee {} a week",
            format_minutes(meeting.weekly_minutes())
        ));
    }
    lines
}

fn task(model: &Model, t: TaskId) -> Vec<String> {
    let task = &model.tasks[t.index()];
    let mut lines = Vec::new();
    let mut facts = Vec::new();
    facts.push(
        match task.status {
            Status::Todo => "todo",
            Status::Doing => "doing",
            Status::Blocked => "blocked",
            Status::Done => "done",
        }
        .to_string(),
    );
    match task.owner {
        Some(o) => facts.push(format!("owner {}", model.owner_name(o.id))),
        None => facts.push("no owner".into()),
    }
    if let Some((start, _)) = task.start {
        facts.push(format!("starts {start}"));
    }
    if let Some((due, _)) = task.due {
        facts.push(format!("due {due}"));
    }
    lines.push(facts.join(" · "));
    let teams = &model.task_teams[t.index()];
    if !teams.is_empty() {
        lines.push(format!(
            "Teams: {}",
            list_names(teams.iter().map(|&x| model.team_name(x)), MAX_LISTED)
        ));
    }
    if !task.depends_on.is_empty() {
        lines.push(format!(
            "Depends on: {}",
            list_names(
                task.depends_on.iter().map(|d| model.task_name(d.id)),
                MAX_LISTED
            )
        ));
    }
    let dependents = &model.dependents[t.index()];
    if dependents.is_empty() {
        lines.push("Blocks no other task".into());
    } else {
        lines.push(format!(
            "Blocks: {}",
            list_names(dependents.iter().map(|&d| model.task_name(d)), MAX_LISTED)
        ));
    }
    lines
}
