//! The views as drawings: the task dependencies and the teams with their links, each built
//! as one [`Graph`] that every writer draws; and the facts about the plan they show.

use std::collections::{HashMap, HashSet};

use super::{
    Cluster, Edge, EdgeKind, Graph, Node, NodeKey, Shape, DIM_FILL, DIM_STROKE, DIM_TEXT, FILLS,
    ORANGE, RED, STROKES,
};
use crate::date::format_minutes;
use crate::model::{
    EmbedId, LiaisonId, LinkReason, MeetingId, Model, RotationId, Status, TaskId, TeamId,
};
use crate::syntax::Date;
use crate::workspace::Workspace;

/// A team as people know it: its title, or its name.
pub fn team_display(ws: &Workspace, model: &Model, t: TeamId) -> String {
    model
        .title(ws, model.teams[t.index()].symbol)
        .unwrap_or_else(|| model.team_name(t).to_string())
}

pub(crate) fn tasks_graph(ws: &Workspace, model: &Model, today: Date) -> Graph {
    let cycles = model.dependency_cycles();
    let mut cluster_of_team: HashMap<TeamId, usize> = HashMap::new();
    let mut clusters = Vec::new();
    let mut nodes = Vec::with_capacity(model.tasks.len());
    let mut any_overdue = false;
    let mut any_done = false;
    for (i, task) in model.tasks.iter().enumerate() {
        let id = TaskId(i as u32);
        let cluster = model.task_teams[i].first().map(|&t| {
            *cluster_of_team.entry(t).or_insert_with(|| {
                let k = clusters.len();
                clusters.push(Cluster {
                    label: team_display(ws, model, t),
                    fill: FILLS[k % FILLS.len()],
                    stroke: STROKES[k % STROKES.len()],
                });
                k
            })
        });
        let mut label = vec![model.task_name(id).to_string()];
        if let Some(title) = model.title(ws, task.symbol) {
            label.push(title);
        }
        let overdue = model.tasks[id.index()].is_overdue(today);
        let mut facts = Vec::new();
        if let Some((due, _)) = task.due {
            facts.push(format!("due {due}"));
        }
        if task.status != Status::Todo {
            facts.push(Status::word(task.status).to_string());
        }
        if overdue {
            facts.push("overdue".into());
        }
        if !facts.is_empty() {
            label.push(facts.join(" · "));
        }
        let done = task.status == Status::Done;
        any_done |= done;
        any_overdue |= overdue;
        let (fill, stroke) = match cluster {
            Some(k) => (FILLS[k % FILLS.len()], STROKES[k % STROKES.len()]),
            None => ("#ffffff", "#7f7f7f"),
        };
        let on_cycle = cycles.group_of[i].is_some();
        nodes.push(Node {
            label,
            cluster,
            fill: if done { DIM_FILL } else { fill },
            stroke: if on_cycle {
                RED
            } else if overdue {
                ORANGE
            } else if done {
                DIM_STROKE
            } else {
                stroke
            },
            text: if done { DIM_TEXT } else { "#1a1a1a" },
            stroke_width: if on_cycle || overdue { 2.5 } else { 1.2 },
            dashed: done,
            shape: Shape::Box,
        });
    }
    let mut edges = Vec::new();
    let mut seen = HashSet::new();
    for (i, task) in model.tasks.iter().enumerate() {
        for dep in &task.depends_on {
            let (from, to) = (dep.id.index(), i);
            if !seen.insert((from, to)) {
                continue;
            }
            let kind = if cycles.group_of[from].is_some()
                && cycles.group_of[from] == cycles.group_of[to]
            {
                EdgeKind::Cycle
            } else if model.uncoordinated(dep.id, TaskId(i as u32)) {
                EdgeKind::Uncoordinated
            } else if model.tasks[from].status == Status::Done {
                EdgeKind::DependsOnDone
            } else {
                EdgeKind::Depends
            };
            edges.push(Edge {
                from,
                to,
                kind,
                label: None,
            });
        }
    }
    let mut legend: Vec<EdgeKind> = vec![EdgeKind::Depends];
    for k in [
        EdgeKind::DependsOnDone,
        EdgeKind::Cycle,
        EdgeKind::Uncoordinated,
    ] {
        if edges.iter().any(|e| e.kind == k) {
            legend.push(k);
        }
    }
    let mut node_keys = Vec::new();
    if !cycles.groups.is_empty() {
        node_keys.push(NodeKey {
            label: "on a dependency cycle".into(),
            fill: "#ffffff",
            stroke: RED,
            text: "#1a1a1a",
            stroke_width: 2.5,
            dashed: false,
        });
    }
    if any_overdue {
        node_keys.push(NodeKey {
            label: "overdue".into(),
            fill: "#ffffff",
            stroke: ORANGE,
            text: "#1a1a1a",
            stroke_width: 2.5,
            dashed: false,
        });
    }
    if any_done {
        node_keys.push(NodeKey {
            label: "done".into(),
            fill: DIM_FILL,
            stroke: DIM_STROKE,
            text: DIM_TEXT,
            stroke_width: 1.2,
            dashed: true,
        });
    }
    let mut notes = Vec::new();
    if model.tasks.is_empty() {
        notes.push("the plan has no tasks".into());
    }
    Graph {
        title: "Task dependencies".into(),
        nodes,
        edges,
        clusters,
        legend,
        node_keys,
        notes,
        layering: &[
            EdgeKind::Depends,
            EdgeKind::DependsOnDone,
            EdgeKind::Cycle,
            EdgeKind::Uncoordinated,
        ],
        unconnected: "Tasks with no dependencies either way",
    }
}

pub(crate) fn teams_graph(ws: &Workspace, model: &Model) -> Graph {
    let load = model.team_listed_minutes();
    let mut nodes = Vec::with_capacity(model.teams.len() + model.groups.len());
    for (i, team) in model.teams.iter().enumerate() {
        let t = TeamId(i as u32);
        let mut label = vec![model.team_name(t).to_string()];
        if let Some(title) = model.title(ws, team.symbol) {
            label.push(title);
        }
        let people = model.team_people[i].len();
        let mut line = match team.leads.as_slice() {
            [] => String::new(),
            [lead] => format!("lead {} · ", model.person_name(lead.id)),
            leads => format!(
                "leads {} · ",
                leads
                    .iter()
                    .map(|l| model.person_name(l.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        line.push_str(&format!(
            "{people} {}",
            if people == 1 { "person" } else { "people" }
        ));
        label.push(line);
        label.push(format!("meetings {}/week", format_minutes(load[i])));
        if let Some((m, _)) = &team.model {
            label.push(format!("model: {m}"));
        }
        let k = i % FILLS.len();
        nodes.push(Node {
            label,
            cluster: None,
            fill: FILLS[k],
            stroke: STROKES[k],
            text: "#1a1a1a",
            stroke_width: 1.4,
            dashed: false,
            shape: Shape::Box,
        });
    }
    let mut edges = Vec::new();
    for (i, team) in model.teams.iter().enumerate() {
        if let Some(parent) = team.parent {
            edges.push(Edge {
                from: parent.id.index(),
                to: i,
                kind: EdgeKind::Parent,
                label: None,
            });
        }
    }
    for (i, l) in model.liaisons.iter().enumerate() {
        if let (Some(from), Some(to)) = (l.from, l.to) {
            edges.push(Edge {
                from: from.id.index(),
                to: to.id.index(),
                kind: EdgeKind::Liaison,
                label: Some(model.describe_link(LinkReason::Liaison(LiaisonId(i as u32)))),
            });
        }
    }
    for (i, e) in model.embeds.iter().enumerate() {
        if let (Some(from), Some(to)) = (e.from, e.to) {
            edges.push(Edge {
                from: from.id.index(),
                to: to.id.index(),
                kind: EdgeKind::Embedded,
                label: Some(model.describe_link(LinkReason::Embedded(EmbedId(i as u32)))),
            });
        }
    }
    for (r, rot) in model.rotations.iter().enumerate() {
        if let (Some(from), Some(to)) = (rot.from, rot.to) {
            edges.push(Edge {
                from: from.id.index(),
                to: to.id.index(),
                kind: EdgeKind::Rotation,
                label: Some(model.describe_link(LinkReason::Rotation(RotationId(r as u32)))),
            });
        }
    }
    for (g, group) in model.groups.iter().enumerate() {
        let node = nodes.len();
        let mut label = vec![model
            .group_name(crate::model::GroupId(g as u32))
            .to_string()];
        if let Some(title) = model.title(ws, group.symbol) {
            label.push(title);
        }
        label.push("centralized liaison".into());
        if let Some(meets) = group.meets {
            label.push(format!("meets in {}", model.meeting_name(meets.id)));
        }
        nodes.push(Node {
            label,
            cluster: None,
            fill: "#efe7f7",
            stroke: "#9467bd",
            text: "#1a1a1a",
            stroke_width: 1.4,
            dashed: false,
            shape: Shape::Hexagon,
        });
        let mut teams: Vec<TeamId> = group
            .members
            .iter()
            .flat_map(|m| model.person_teams[m.id.index()].iter().copied())
            .collect();
        teams.sort();
        teams.dedup();
        for t in teams {
            edges.push(Edge {
                from: t.index(),
                to: node,
                kind: EdgeKind::Group,
                label: None,
            });
        }
    }
    // Teams with people in common, one edge a pair, naming them.
    let mut shared_people = false;
    for a in 0..model.teams.len() {
        for link in model
            .links_of(TeamId(a as u32))
            .into_iter()
            .filter(|l| l.team.index() > a)
        {
            let words: Vec<String> = link
                .reasons
                .iter()
                .filter(|r| matches!(r, LinkReason::SharedPerson(_)))
                .map(|&r| model.describe_link(r))
                .collect();
            if !words.is_empty() {
                shared_people = true;
                edges.push(Edge {
                    from: a,
                    to: link.team.index(),
                    kind: EdgeKind::SharedPerson,
                    label: Some(words.join("; ")),
                });
            }
        }
    }
    // Meetings that coordinate teams not otherwise linked, as hubs (one edge per team rather
    // than one per pair). A pair counts when the two teams are not already linked by a
    // liaison, embed, rotation, group or shared person, and neither is the other's parent or ancestor (a
    // lead meeting with the parent team is the hierarchy, drawn already). Broadcast meetings
    // share information, not decisions, and are left out.
    let ancestor = |a: TeamId, b: TeamId| {
        // Whether `a` is above `b` in the hierarchy (bounded walk: parent loops end).
        let mut at = b;
        for _ in 0..model.teams.len() {
            match model.teams[at.index()].parent {
                Some(p) if p.id == a => return true,
                Some(p) => at = p.id,
                None => return false,
            }
        }
        false
    };
    let mut left_out = 0usize;
    for (m, meeting) in model.meetings.iter().enumerate() {
        if meeting.kind == crate::model::MeetingKind::Broadcast {
            left_out += 1;
            continue;
        }
        let mut present: Vec<TeamId> = model.attendance[m]
            .iter()
            .filter_map(|seat| match seat.who {
                crate::model::SeatHolder::Person(p) => Some(p),
                crate::model::SeatHolder::Rotation(_) => None,
            })
            .flat_map(|p| model.person_teams[p.index()].iter().copied())
            .collect();
        present.sort();
        present.dedup();
        let mut teams: Vec<TeamId> = Vec::new();
        for (i, &a) in present.iter().enumerate() {
            for &b in &present[i + 1..] {
                let linked =
                    !model.standing_reasons(a, b, 1).is_empty() || ancestor(a, b) || ancestor(b, a);
                if !linked {
                    teams.push(a);
                    teams.push(b);
                }
            }
        }
        teams.sort();
        teams.dedup();
        if teams.len() < 2 {
            continue;
        }
        let node = nodes.len();
        let id = MeetingId(m as u32);
        let mut label = vec![model.meeting_name(id).to_string()];
        if let Some(title) = model.title(ws, meeting.symbol) {
            label.push(title);
        }
        let mut facts = vec![format!("{} people", model.attendance[m].len())];
        if meeting.weekly_minutes() > 0.0 {
            facts.push(format!("{}/week", format_minutes(meeting.weekly_minutes())));
        }
        match meeting.kind {
            crate::model::MeetingKind::Decision => {}
            crate::model::MeetingKind::Status => facts.push("status".into()),
            crate::model::MeetingKind::Broadcast => facts.push("broadcast".into()),
        }
        label.push(facts.join(" · "));
        nodes.push(Node {
            label,
            cluster: None,
            fill: "#f7f7f7",
            stroke: "#8c8c8c",
            text: "#1a1a1a",
            stroke_width: 1.0,
            dashed: false,
            shape: Shape::Ellipse,
        });
        for t in teams {
            edges.push(Edge {
                from: t.index(),
                to: node,
                kind: EdgeKind::Meeting,
                label: None,
            });
        }
    }
    let legend = [
        EdgeKind::Parent,
        EdgeKind::Liaison,
        EdgeKind::Embedded,
        EdgeKind::Rotation,
        EdgeKind::Group,
        EdgeKind::Meeting,
    ]
    .to_vec();
    let mut legend = legend;
    if shared_people {
        legend.push(EdgeKind::SharedPerson);
    }
    let mut notes = vec![
        "meetings/week in a team: the weekly time of the meetings that list the team as attendee"
            .to_string(),
        "ovals: meetings that bring together teams with no other link (not counting parent teams)"
            .to_string(),
    ];
    if left_out > 0 {
        notes.push(format!(
            "{} left out (information only)",
            if left_out == 1 {
                "1 broadcast meeting".to_string()
            } else {
                format!("{left_out} broadcast meetings")
            }
        ));
    }
    if model.teams.is_empty() {
        notes.push("the plan has no teams".into());
    }
    Graph {
        title: "Teams and coordination links".into(),
        nodes,
        edges,
        clusters: Vec::new(),
        legend,
        node_keys: Vec::new(),
        notes,
        layering: &[EdgeKind::Parent, EdgeKind::Group, EdgeKind::Meeting],
        unconnected: "Teams with no parent, children or links",
    }
}
