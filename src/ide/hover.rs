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
use crate::date::format_minutes;
use crate::model::schedule::Schedules;
use crate::model::schema::ValueType;
use crate::model::{MeetingId, PersonId, TaskId, TeamId};
use crate::model::{Model, Owner, Resolution, SeatHolder, Status, SymbolId, SymbolKind, Via};
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
    let about = hover_thing(ws, analysis, config, file, offset);
    let findings = findings_at(analysis, file, offset);
    let Some((first, _)) = findings.first() else {
        return about;
    };
    let mut markdown = findings
        .iter()
        .map(|(_, text)| text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let span = match &about {
        Some(h) => {
            markdown.push_str("\n\n---\n\n");
            markdown.push_str(&h.markdown);
            h.span
        }
        None => *first,
    };
    Some(HoverResult { span, markdown })
}

/// The findings whose primary span touches `offset`: each its severity, rule code, message,
/// help and where to read more, so that every editor shows the rule code and the way to
/// `coord explain` it, whatever its diagnostic float shows.
fn findings_at(analysis: &Analysis, file: FileId, offset: usize) -> Vec<(Span, String)> {
    let first = analysis
        .diagnostics
        .partition_point(|d| d.location.file < file);
    analysis.diagnostics[first..]
        .iter()
        .take_while(|d| d.location.file == file && d.location.span.start <= offset)
        .filter(|d| d.location.span.touches(offset))
        .map(|d| {
            let mut text = format!(
                "**{} {}**: {}",
                d.severity.as_str(),
                d.code,
                d.message.trim_end()
            );
            if let Some(help) = &d.help {
                let _ = write!(text, "\n\n{}", help.trim_end());
            }
            let _ = write!(
                text,
                "\n\nWhy it matters and how to fix it: `coord explain {}`",
                d.code
            );
            (d.location.span, text)
        })
        .collect()
}

/// What the thing at `offset` is: a reference, a definition, a keyword, key or value.
fn hover_thing(
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
                small_headings(topic.body.trim_end())
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
                "`{} {}` — a field of every {}\n\n{}",
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
                        "**{}** — a rule, {} by default\n\n{}\n\n{}",
                        rule.code,
                        rule.default_severity.as_str(),
                        rule.summary,
                        small_headings(rule.doc.trim_end())
                    )
                }
                ValueType::Enum(_) => enum_hover(&field.key.text, word)?,
                _ => return None,
            }
        }
    };
    Some(HoverResult { span, markdown })
}

/// Reference text for a hover: its `## Heading` lines as bold lines, so that a small float
/// (VS Code's, a terminal's) is not taken over by full-size headings.
fn small_headings(doc: &str) -> String {
    let mut in_code = false;
    doc.lines()
        .map(|line| {
            if line.starts_with("```") {
                in_code = !in_code;
            }
            match line.trim_start_matches('#') {
                rest if !in_code && rest.len() < line.len() && rest.starts_with(' ') => {
                    format!("**{}**", rest.trim())
                }
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The documentation of an allowed value of `cadence`, `kind`, `status` or `model`.
fn enum_hover(key: &str, word: &str) -> Option<String> {
    let (value, doc) = crate::reference::enum_values(key)
        .iter()
        .find(|(v, _)| *v == word)?;
    let mut out = format!("**{value}** — a value of `{key}`\n\n{doc}");
    if key == "model" {
        if let Some(topic) = crate::reference::topic(value) {
            let _ = write!(out, "\n\n---\n\n{}", small_headings(topic.body.trim_end()));
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
    let _ = write!(out, "**{} {}**", sym.kind.keyword(), sym.name);
    if let Some((title, _)) = &item.title {
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

#[cfg(test)]
mod tests {
    use super::small_headings;
    use crate::ide::fixture::Fixture;

    /// The hover text at the fixture's one cursor, and the text of the span it is about.
    fn hover(text: &str) -> String {
        let f = Fixture::new(text);
        let c = f.cursor();
        match super::hover(&f.ws, &f.analysis, &f.config, c.file, c.offset) {
            Some(h) => format!("[{}]\n{}", f.text(c.file, h.span), h.markdown),
            None => "(no hover)".into(),
        }
    }

    const ORG: &str = "\
## Alice runs the platform team.
person alice \"Alice Chen\" { role \"Engineering manager\"  email \"alice@example.com\" }
person bob
person carol
person dave
team platform \"Platform\" {
  lead alice
  members bob, carol
  model service-provider
}
team marketing { lead dave }
meeting platform-weekly { owner alice  attendees platform  cadence weekly  length 45m }
liaison dave { from marketing  to platform  attends platform-weekly  needs \"dates\" }
task api-v2 \"Launch API v2\" { owner platform  due 2026-12-01 }
task post { owner marketing  due 2026-12-03  depends-on api-v2 }
";

    #[test]
    fn person_summary_reads_as_plain_text() {
        insta::assert_snapshot!(hover(&ORG.replace("person alice", "person al$0ice")), @r"
        [alice]
        **person alice** — Alice Chen

        Engineering manager · alice@example.com  
        Teams: platform (lead)  
        Meetings: platform-weekly — 45m a week (budget 10h)  
        Owns meetings: platform-weekly  

        ---

        Alice runs the platform team.
        ");
    }

    #[test]
    fn team_summary_names_its_links() {
        insta::assert_snapshot!(hover(&ORG.replace("team platform", "team plat$0form")), @r"
        [platform]
        **team platform** — Platform

        3 people  
        Lead: alice  
        Members: bob, carol  
        Model: service-provider — A team that other teams depend on to reach their own goals.  
        Linked to: marketing (liaison dave; meeting platform-weekly)  
        Meetings: platform-weekly  
        Owns tasks: api-v2
        ");
    }

    #[test]
    fn meeting_summary_says_who_brought_whom() {
        insta::assert_snapshot!(hover(&ORG.replace("meeting platform-weekly", "meeting platform-week$0ly")), @r"
        [platform-weekly]
        **meeting platform-weekly**

        weekly · 45m · decision · owner alice  
        4 attendees (a decision meeting: at most 8)  
        - alice, bob, carol — via team platform  
        - dave — liaison from marketing  
        Costs each attendee 45m a week
        ");
    }

    #[test]
    fn a_reference_shows_its_target() {
        let h = hover(&ORG.replace("depends-on api-v2", "depends-on api$0-v2"));
        assert!(
            h.starts_with("[api-v2]\n**task api-v2** — Launch API v2"),
            "{h}"
        );
        assert!(h.contains("Blocks: post"), "{h}");
        let h = hover(&ORG.replace(
            "task api-v2",
            "## The launch everyone waits for.\ntask api$0-v2",
        ));
        for want in [
            "owner platform · due 2026-12-01",
            "Teams: platform",
            "Blocks: post",
            "The launch everyone waits for.",
        ] {
            assert!(h.contains(want), "missing {want:?} in {h}");
        }
        let h = hover("task t { owner nob$0ody }");
        assert!(
            h.starts_with("[nobody]\n**error undefined-reference**"),
            "{h}"
        );
        assert!(h.contains("`coord explain undefined-reference`"), "{h}");
        assert!(h.contains("not defined anywhere"), "{h}");
    }

    #[test]
    fn a_finding_under_the_cursor_comes_first_with_its_rule_code() {
        let h = hover("person alice\nteam t { lead alice }\ntask sh$0ip { due 2026-12-01 }\n");
        let first_line = h.lines().nth(1).unwrap();
        assert!(first_line.starts_with("**error unowned-task**: "), "{h}");
        assert!(h.contains("`coord explain unowned-task`"), "{h}");
        assert!(h.contains("**task ship**"), "{h}");
    }

    #[test]
    fn keywords_keys_values_and_rule_codes_are_explained() {
        let h = hover("lia$0ison dave { from a  to b }");
        assert!(h.starts_with("[liaison]\n**liaison** — "), "{h}");
        let h = hover("team t { le$0ad zoe }");
        assert!(h.starts_with("[lead]\n`lead "), "{h}");
        assert!(h.contains("a field of every team"), "{h}");
        let h = hover("meeting m { cadence wee$0kly }");
        assert!(h.contains("**weekly** — a value of `cadence`"), "{h}");
        let h = hover("team t { lead zoe  allow empty-t$0eam }\nperson zoe");
        assert!(
            h.contains("**empty-team** — a rule, warning by default"),
            "{h}"
        );
        let h = hover("team t { lead zoe  model tiger$0-team }\nperson zoe");
        let tiger = crate::reference::topic("tiger-team").unwrap();
        assert!(h.contains(&small_headings(tiger.body.trim_end())), "{h}");
        let h = hover("person p { allow orphan-pers$0on }");
        assert!(
            !h.contains("\n## "),
            "headings are bold lines in a hover: {h}"
        );
        assert!(h.contains("**What it checks**"), "{h}");
        assert_eq!(hover("person a \"Ti$0tle\""), "(no hover)");
    }

    #[test]
    fn a_meeting_shows_its_schedule_next_occurrence_and_clashes() {
        let h = hover(
            "person priya { tz \"Europe/Berlin\" }\nteam security { lead priya }\n\
             meeting s$0ync { owner priya  attendees security  cadence weekly  day wed  time 16:00  length 45m }\n\
             meeting review { owner priya  attendees priya  cadence weekly  day wed  time 16:30 }\n",
        );
        assert!(
            h.contains("Meets weekly on Wed at 16:00 Europe/Berlin, 45m (the owner's zone)"),
            "{h}"
        );
        assert!(
            h.contains("Next: Wed 16:00 2026-11-25 Europe/Berlin"),
            "{h}"
        );
        assert!(
            h.contains(
                "Clashes with `review` for priya (13 times in the 13 weeks from 2026-11-16)"
            ),
            "{h}"
        );
        // A meeting without a schedule shows none.
        let h = hover("person p\nmeeting m$0 { owner p  cadence weekly }\n");
        assert!(!h.contains("Meets "), "{h}");
    }
}
