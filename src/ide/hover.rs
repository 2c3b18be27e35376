//! Hover: what the thing under the cursor is, in Markdown.
//!
//! On a kind keyword, field key, enum value, team model or rule code after `allow`: the
//! reference documentation. On a name: a summary of the person, team, meeting, task, rotation
//! or group from the model (who is in what, who attends, what depends on what), then the item's
//! `##` documentation.

use std::fmt::Write as _;

use super::{describe_location, list_names, node_at, value_type, Node};
use crate::analysis::Analysis;
use crate::config::Config;
use crate::model::schedule::Schedules;
use crate::model::schema::ValueType;
use crate::model::{
    LinkVia, Model, Owner, Resolution, SeatHolder, Status, SymbolId, SymbolKind, Via,
};
use crate::model::{MeetingId, PersonId, TaskId, TeamId};
use crate::rules::format_minutes;
use crate::syntax::{Item, Span, ValueKind};
use crate::workspace::{FileId, Workspace};

/// The most names listed in one line of a summary.
const MAX_LISTED: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverResult {
    /// The span the hover is about.
    pub span: Span,
    pub markdown: String,
}

pub fn hover(
    ws: &Workspace,
    analysis: &Analysis,
    config: &Config,
    file: FileId,
    offset: usize,
) -> Option<HoverResult> {
    let model = &analysis.model;
    let summary = |ws: &Workspace, model: &Model, config: &Config, id: SymbolId| {
        summary_with(ws, model, &analysis.schedules, config, id)
    };
    // A reference first: the name of a liaison item is a reference, not a definition.
    if let Some(r) = model.reference_at(file, offset) {
        let span = r.location.span;
        let markdown = match r.resolution {
            Resolution::Resolved(id) => summary(ws, model, config, id),
            Resolution::WrongKind(id) => format!(
                "`{}` is {}, but {} is expected here\n\n---\n\n{}",
                r.name(ws),
                model.symbol(id).kind.a(),
                r.expected.describe(),
                summary(ws, model, config, id)
            ),
            Resolution::Undefined => format!(
                "`{}` is not defined anywhere in the workspace: define {} with this name, or fix the name",
                r.name(ws),
                r.expected.describe()
            ),
        };
        return Some(HoverResult { span, markdown });
    }
    let node = node_at(ws.file(file), offset)?;
    let span = node.span();
    let markdown = match node {
        Node::Keyword(item) => {
            let topic = crate::reference::topic(item.kind.keyword())?;
            format!(
                "**{}** — {}\n\n{}",
                topic.name,
                topic.summary,
                topic.body.trim_end()
            )
        }
        Node::Name(_) => {
            if let Some(id) = model.definition_at(file, offset) {
                summary(ws, model, config, id)
            } else if let Some(dup) = model
                .duplicates
                .iter()
                .find(|d| d.location.file == file && d.location.span.touches(offset))
            {
                let first = model.symbol(dup.first);
                format!(
                    "`{}` is already defined at {}: this second definition is ignored\n\n---\n\n{}",
                    first.name,
                    describe_location(ws, first.location.file, first.location.span),
                    summary(ws, model, config, dup.first)
                )
            } else {
                return None;
            }
        }
        Node::Title(_) => return None,
        Node::Key(item, field) => {
            let doc = crate::reference::field(item.kind.keyword(), &field.key.text)?;
            format!(
                "**`{}`** `{}` — field of a {}\n\n{}",
                doc.key, doc.value, item.kind, doc.doc
            )
        }
        Node::Value(item, field, value) => {
            let ValueKind::Ident(word) = &value.kind else {
                return None;
            };
            match value_type(item, field)? {
                ValueType::RuleCode => {
                    let rule = crate::rules::rule(word)?;
                    format!(
                        "**`{}`** — rule, {} by default\n\n{}\n\n{}",
                        rule.code,
                        rule.default_severity.as_str(),
                        rule.summary,
                        rule.doc.trim_end()
                    )
                }
                ValueType::Enum(_) => enum_hover(&field.key.text, word)?,
                _ => return None,
            }
        }
    };
    Some(HoverResult { span, markdown })
}

/// The documentation of an allowed value of `cadence`, `kind`, `status` or `model`.
fn enum_hover(key: &str, word: &str) -> Option<String> {
    let (value, doc) = crate::reference::enum_values(key)
        .iter()
        .find(|(v, _)| *v == word)?;
    let mut out = format!("**`{value}`** — value of `{key}`\n\n{doc}");
    if key == "model" {
        if let Some(topic) = crate::reference::topic(value) {
            let _ = write!(out, "\n\n---\n\n{}", topic.body.trim_end());
        }
    }
    Some(out)
}

/// A summary of a defined thing: what it is, its relations, and its doc comment.
/// A summary of the symbol `id`, without schedules (see [`summary_with`]).
pub fn summary(ws: &Workspace, model: &Model, config: &Config, id: SymbolId) -> String {
    summary_with(ws, model, &Schedules::default(), config, id)
}

/// A summary of the symbol `id`; a meeting's shows its schedule from `schedules`.
pub fn summary_with(
    ws: &Workspace,
    model: &Model,
    schedules: &Schedules,
    config: &Config,
    id: SymbolId,
) -> String {
    let sym = model.symbol(id);
    let item = model.item(ws, sym.item);
    let mut out = String::new();
    let _ = write!(out, "**{}** `{}`", sym.kind.keyword(), sym.name);
    if let Some((title, _)) = &item.title {
        let _ = write!(out, " — {title}");
    }
    out.push('\n');
    let index = sym.index as usize;
    let body = match sym.kind {
        SymbolKind::Person => person(model, config, PersonId(sym.index)),
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
                    "From `{}` to `{}`",
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
                lines.push(format!("Meets in `{}`", model.meeting_name(m.id)));
            }
            lines
        }
    };
    for line in body {
        let _ = write!(out, "\n{line}  ");
    }
    append_doc(&mut out, item);
    out.trim_end().to_string()
}

fn append_doc(out: &mut String, item: &Item) {
    if let Some(doc) = item.doc.as_deref().filter(|d| !d.trim().is_empty()) {
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

fn person(model: &Model, config: &Config, p: PersonId) -> Vec<String> {
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
                let lead = model.teams[t.index()].lead.is_some_and(|l| l.id == p);
                if lead {
                    format!("`{}` (lead)", model.team_name(t))
                } else {
                    format!("`{}`", model.team_name(t))
                }
            })
            .collect();
        lines.push(format!("Teams: {}", names.join(", ")));
    }
    let meetings = &model.person_meetings[p.index()];
    let budget = person
        .meeting_budget
        .unwrap_or(config.meeting_budget_minutes);
    if meetings.is_empty() {
        lines.push("Attends no meetings".into());
    } else {
        lines.push(format!(
            "Meetings: {} — {} a week (budget {})",
            list_names(meetings.iter().map(|&m| model.meeting_name(m)), MAX_LISTED),
            format_minutes(model.person_weekly_minutes[p.index()]),
            format_minutes(budget as f64)
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
            let _ = write!(line, " from `{}`", model.team_name(from.id));
        }
        if let Some(to) = l.to {
            let _ = write!(line, " to `{}`", model.team_name(to.id));
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
            let _ = write!(line, " from `{}`", model.team_name(from.id));
        }
        if let Some(to) = e.to {
            let _ = write!(line, " in `{}`", model.team_name(to.id));
        }
        lines.push(line);
    }
    for (i, r) in model.rotations.iter().enumerate() {
        if r.roster.iter().any(|x| x.id == p) {
            lines.push(format!(
                "On the roster of rotation `{}`",
                model.rotation_name(crate::model::RotationId(i as u32))
            ));
        }
    }
    for (i, g) in model.groups.iter().enumerate() {
        if g.members.iter().any(|x| x.id == p) {
            lines.push(format!(
                "Member of centralized liaison `{}`",
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
    if let Some(lead) = team.lead {
        lines.push(format!("Lead: `{}`", model.person_name(lead.id)));
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
        lines.push(format!("Part of `{}`", model.team_name(parent.id)));
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
        lines.push(format!("Model: `{m}` — {summary}"));
    }
    let links = model.links_of(t);
    if links.is_empty() {
        lines.push("Linked to no other team".into());
    } else {
        let shown: Vec<String> = links
            .iter()
            .take(MAX_LISTED)
            .map(|&(other, via)| {
                format!(
                    "`{}` ({})",
                    model.team_name(other),
                    describe_link(model, via)
                )
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

/// Why two teams are linked, in a few words.
pub fn describe_link(model: &Model, via: LinkVia) -> String {
    let person =
        |p: Option<crate::model::At<PersonId>>| p.map_or("someone", |p| model.person_name(p.id));
    match via {
        LinkVia::Liaison(l) => format!("liaison `{}`", person(model.liaisons[l.index()].person)),
        LinkVia::Embedded(e) => format!("embedded `{}`", person(model.embeds[e.index()].person)),
        LinkVia::Rotation(r) => format!("rotation `{}`", model.rotation_name(r)),
        LinkVia::Group(g) => format!("centralized liaison `{}`", model.group_name(g)),
        LinkVia::Meeting(m) => format!("meeting `{}`", model.meeting_name(m)),
    }
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
        facts.push(format!("owner `{}`", model.person_name(owner.id)));
    }
    lines.push(facts.join(" · "));
    let seats = &model.attendance[m.index()];
    let limit = if meeting.kind == crate::model::MeetingKind::Decision {
        format!(" (a decision meeting: at most {})", config.meeting_limit)
    } else {
        String::new()
    };
    lines.push(format!(
        "**{} attendee{}**{limit}",
        seats.len(),
        plural(seats.len())
    ));
    // Group the seats by how they got there, in order of first appearance.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for seat in seats {
        let who = match seat.who {
            SeatHolder::Person(p) => format!("`{}`", model.person_name(p)),
            SeatHolder::Rotation(r) => {
                format!("one seat for rotation `{}`", model.rotation_name(r))
            }
        };
        let via = match seat.via {
            Via::Listed(_) => "listed".to_string(),
            Via::Team(t, _) => format!("via team `{}`", model.team_name(t)),
            Via::Liaison(l) => {
                let from = model.liaisons[l.index()]
                    .from
                    .map(|f| format!(" from `{}`", model.team_name(f.id)));
                format!("liaison{}", from.unwrap_or_default())
            }
            Via::Embedded(e) => {
                let from = model.embeds[e.index()]
                    .from
                    .map(|f| format!(" from `{}`", model.team_name(f.id)));
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
        Some(o) => facts.push(format!("owner `{}`", model.owner_name(o.id))),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_shows_its_schedule_next_occurrence_and_clashes() {
        let text = "person priya { tz \"Europe/Berlin\" }\nteam security { lead priya }\n\
                    meeting sync { owner priya  attendees security  cadence weekly  day wed  time 16:00  length 45m }\n\
                    meeting review { owner priya  attendees priya  cadence weekly  day wed  time 16:30 }\n";
        let ws = Workspace::from_texts(vec![("a.plan".into(), text.into())]);
        let config = Config::default();
        let today = crate::syntax::lexer::parse_date("2026-11-22").unwrap();
        let analysis = crate::analysis::analyze(&ws, &config, today);
        let file = ws.file_ids().next().unwrap();
        let at = text.find("meeting sync").unwrap() + "meeting ".len();
        let shown = hover(&ws, &analysis, &config, file, at).unwrap().markdown;
        assert!(
            shown.contains("Meets weekly on Wed at 16:00 Europe/Berlin, 45m (the owner's zone)"),
            "{shown}"
        );
        assert!(
            shown.contains("Next: Wed 16:00 2026-11-25 Europe/Berlin"),
            "{shown}"
        );
        assert!(
            shown.contains(
                "Clashes with `review` for `priya` (13 times in the 13 weeks from 2026-11-16)"
            ) || shown.contains(
                "Clashes with `review` for priya (13 times in the 13 weeks from 2026-11-16)"
            ),
            "{shown}"
        );
        // A meeting without a schedule shows none.
        let text = "person p\nmeeting m { owner p  cadence weekly }\n";
        let ws = Workspace::from_texts(vec![("a.plan".into(), text.into())]);
        let analysis = crate::analysis::analyze(&ws, &config, today);
        let file = ws.file_ids().next().unwrap();
        let shown = hover(&ws, &analysis, &config, file, text.find("m {").unwrap())
            .unwrap()
            .markdown;
        assert!(!shown.contains("Meets "), "{shown}");
    }
}
