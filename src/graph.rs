//! Drawings of a plan: the task dependency graph, the teams with their coordination links,
//! and a timeline; as Graphviz DOT, Mermaid, or SVG drawn here (a layered layout in pure Rust,
//! no external tools).
//!
//! Every view is first built as one [`Graph`] value (nodes, edges with a [`EdgeKind`], team
//! clusters, a legend) and then written by one of three writers, so that the three formats
//! show the same thing with the same styles.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use crate::model::{
    graph::strongly_connected, MeetingId, Model, Owner, Status, SymbolId, TaskId, TeamId,
};
use crate::rules::format_minutes;
use crate::syntax::Date;
use crate::workspace::Workspace;

/// What to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum View {
    /// Task dependencies, grouped by owning team, with cycles and uncoordinated cross-team
    /// dependencies highlighted.
    Tasks,
    /// The team hierarchy and the coordination links between teams.
    Teams,
    /// A timeline of the tasks with dates (Mermaid gantt chart, or SVG).
    Timeline,
}

/// How to write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphviz DOT (render with `dot -Tsvg`).
    Dot,
    /// Mermaid (renders in GitHub and GitLab Markdown).
    Mermaid,
    /// A standalone SVG image.
    Svg,
}

/// A view that cannot be written in a format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphError(pub String);

impl std::fmt::Display for GraphError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Draws `view` of the plan in `format`. `today` decides which tasks are overdue.
pub fn render(
    ws: &Workspace,
    model: &Model,
    view: View,
    format: Format,
    today: Date,
) -> Result<String, GraphError> {
    match view {
        View::Tasks | View::Teams => {
            let graph = match view {
                View::Tasks => tasks_graph(ws, model, today),
                _ => teams_graph(ws, model),
            };
            Ok(match format {
                Format::Dot => to_dot(&graph),
                Format::Mermaid => to_mermaid(&graph),
                Format::Svg => to_svg(&graph),
            })
        }
        View::Timeline => {
            let timeline = timeline(ws, model, today);
            match format {
                Format::Mermaid => Ok(timeline_mermaid(&timeline)),
                Format::Svg => Ok(timeline_svg(&timeline)),
                Format::Dot => Err(GraphError(
                    "the timeline view is a gantt chart, which Graphviz does not draw: use `--format mermaid` or `--format svg`"
                        .into(),
                )),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The drawing model shared by the writers.

/// The kinds of edges, each with one style in every format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    /// The arrow goes from a task to a task that waits for it.
    Depends,
    /// Like `Depends`, from a task that is done.
    DependsOnDone,
    /// Both tasks are on a dependency cycle.
    Cycle,
    /// The tasks share no team and their teams have no coordination link.
    Uncoordinated,
    /// From a parent team to a child team.
    Parent,
    Liaison,
    Embedded,
    Rotation,
    /// Between a centralized-liaison group and a team of one of its members.
    Group,
    /// Between a team and a meeting that people of two or more teams attend.
    Meeting,
}

struct EdgeStyle {
    color: &'static str,
    width: f32,
    /// SVG dash pattern; empty for a solid line.
    dash: &'static str,
    directed: bool,
    legend: &'static str,
}

impl EdgeKind {
    fn style(self) -> EdgeStyle {
        let s = |color, width, dash, directed, legend| EdgeStyle {
            color,
            width,
            dash,
            directed,
            legend,
        };
        match self {
            EdgeKind::Depends => s(
                "#555555",
                1.2,
                "",
                true,
                "dependency (arrow to the waiting task)",
            ),
            EdgeKind::DependsOnDone => s("#c4c4c4", 1.0, "", true, "dependency on a done task"),
            EdgeKind::Cycle => s("#d62728", 2.5, "", true, "dependency cycle"),
            EdgeKind::Uncoordinated => s(
                "#d62728",
                1.8,
                "6 4",
                true,
                "cross-team dependency with no coordination link",
            ),
            EdgeKind::Parent => s("#444444", 1.4, "", true, "parent team → child team"),
            EdgeKind::Liaison => s(
                "#1f77b4",
                1.6,
                "6 4",
                true,
                "liaison (home team → team they attend)",
            ),
            EdgeKind::Embedded => s(
                "#2ca02c",
                2.6,
                "",
                true,
                "embedded (home team → team they work in)",
            ),
            EdgeKind::Rotation => s("#ff7f0e", 1.8, "2 4", true, "rotation (from → to)"),
            EdgeKind::Group => s(
                "#9467bd",
                1.4,
                "8 3 2 3",
                false,
                "centralized liaison member",
            ),
            EdgeKind::Meeting => s(
                "#8c8c8c",
                1.2,
                "2 3",
                false,
                "shared meeting (people of the team attend it)",
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Box,
    Hexagon,
    Ellipse,
}

#[derive(Debug, Clone)]
pub struct Node {
    /// Lines of text; the first is the name.
    pub label: Vec<String>,
    pub cluster: Option<usize>,
    pub fill: &'static str,
    pub stroke: &'static str,
    pub text: &'static str,
    pub stroke_width: f32,
    pub dashed: bool,
    pub shape: Shape,
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    pub label: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Cluster {
    pub label: String,
    pub fill: &'static str,
    pub stroke: &'static str,
}

/// A node style shown in the legend.
#[derive(Debug, Clone)]
pub struct NodeKey {
    pub label: String,
    pub fill: &'static str,
    pub stroke: &'static str,
    pub text: &'static str,
    pub stroke_width: f32,
    pub dashed: bool,
}

#[derive(Debug, Clone)]
pub struct Graph {
    pub title: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub clusters: Vec<Cluster>,
    /// Edge kinds shown in the legend, in order.
    pub legend: Vec<EdgeKind>,
    pub node_keys: Vec<NodeKey>,
    /// Shown as comments (DOT, Mermaid) or as a note (SVG).
    pub notes: Vec<String>,
    /// Edges of these kinds decide the vertical order of the SVG layout.
    pub layering: &'static [EdgeKind],
    /// The heading over the nodes with no edges, in the SVG.
    pub unconnected: &'static str,
}

const FILLS: [&str; 10] = [
    "#dbe9f6", "#fde2c8", "#d7f0d2", "#f9d5d3", "#e6dcf1", "#efe0d6", "#f8e1f0", "#e6e6e6",
    "#f0f0c4", "#d4eff2",
];
const STROKES: [&str; 10] = [
    "#3b75af", "#d9822b", "#3a923a", "#c03d3e", "#7f5fa8", "#8d6a5a", "#c767a8", "#7f7f7f",
    "#a8a832", "#2fa9b8",
];
const DIM_FILL: &str = "#f4f4f4";
const DIM_STROKE: &str = "#c8c8c8";
const DIM_TEXT: &str = "#9a9a9a";
const RED: &str = "#d62728";
const ORANGE: &str = "#e6550d";

fn title_of(ws: &Workspace, model: &Model, symbol: SymbolId) -> Option<String> {
    let s = model.symbol(symbol);
    let file = ws.files.get(s.item.file.index())?;
    file.syntax
        .items
        .get(s.item.index as usize)?
        .title
        .as_ref()
        .map(|t| t.0.clone())
}

/// A team as people know it: its title, or its name.
pub fn team_display(ws: &Workspace, model: &Model, t: TeamId) -> String {
    title_of(ws, model, model.teams[t.index()].symbol)
        .unwrap_or_else(|| model.team_name(t).to_string())
}

/// The meetings that list each team in `attendees` (the team's meetings, as the language
/// defines them), each once, in meeting order.
pub fn team_listed_meetings(model: &Model) -> Vec<Vec<MeetingId>> {
    let mut out: Vec<Vec<MeetingId>> = vec![Vec::new(); model.teams.len()];
    for (i, m) in model.meetings.iter().enumerate() {
        for a in &m.attendees {
            if let Owner::Team(t) = a.id {
                let list = &mut out[t.index()];
                if list.last() != Some(&MeetingId(i as u32)) {
                    list.push(MeetingId(i as u32));
                }
            }
        }
    }
    out
}

/// Weekly minutes of each team's meetings (those that list it in `attendees`).
pub fn team_meeting_minutes(model: &Model) -> Vec<f64> {
    team_listed_meetings(model)
        .iter()
        .map(|list| {
            list.iter()
                .map(|m| model.meetings[m.index()].weekly_minutes())
                .sum()
        })
        .collect()
}

/// Tasks on a dependency cycle (a strongly connected group of two or more, or a task that
/// depends on itself), as a component number per task.
pub fn cycle_components(model: &Model) -> Vec<Option<u32>> {
    let edges: Vec<Vec<u32>> = model
        .tasks
        .iter()
        .map(|t| t.depends_on.iter().map(|d| d.id.0).collect())
        .collect();
    let mut out = vec![None; model.tasks.len()];
    for (c, comp) in strongly_connected(edges.len(), |v| &edges[v])
        .into_iter()
        .enumerate()
    {
        let cyclic = comp.len() > 1 || edges[comp[0] as usize].contains(&comp[0]);
        if cyclic {
            for v in comp {
                out[v as usize] = Some(c as u32);
            }
        }
    }
    out
}

/// Whether a dependency between two tasks crosses teams with no coordination link: the tasks
/// have teams, share none, and no team of the one is linked to a team of the other.
pub fn uncoordinated(model: &Model, a: TaskId, b: TaskId) -> bool {
    let (ta, tb) = (&model.task_teams[a.index()], &model.task_teams[b.index()]);
    if ta.is_empty() || tb.is_empty() || ta.iter().any(|t| tb.contains(t)) {
        return false;
    }
    !ta.iter()
        .any(|&x| tb.iter().any(|&y| model.link(x, y).is_some()))
}

fn is_overdue(model: &Model, t: TaskId, today: Date) -> bool {
    let task = &model.tasks[t.index()];
    task.status != Status::Done && task.valid_due().is_some_and(|d| d < today)
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Todo => "todo",
        Status::Doing => "doing",
        Status::Blocked => "blocked",
        Status::Done => "done",
    }
}

fn tasks_graph(ws: &Workspace, model: &Model, today: Date) -> Graph {
    let cycles = cycle_components(model);
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
        if let Some(title) = title_of(ws, model, task.symbol) {
            label.push(title);
        }
        let overdue = is_overdue(model, id, today);
        let mut facts = Vec::new();
        if let Some((due, _)) = task.due {
            facts.push(format!("due {due}"));
        }
        if task.status != Status::Todo {
            facts.push(status_word(task.status).to_string());
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
        let on_cycle = cycles[i].is_some();
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
            let kind = if cycles[from].is_some() && cycles[from] == cycles[to] {
                EdgeKind::Cycle
            } else if uncoordinated(model, dep.id, TaskId(i as u32)) {
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
    if cycles.iter().any(Option::is_some) {
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

fn teams_graph(ws: &Workspace, model: &Model) -> Graph {
    let load = team_meeting_minutes(model);
    let mut nodes = Vec::with_capacity(model.teams.len() + model.groups.len());
    for (i, team) in model.teams.iter().enumerate() {
        let t = TeamId(i as u32);
        let mut label = vec![model.team_name(t).to_string()];
        if let Some(title) = title_of(ws, model, team.symbol) {
            label.push(title);
        }
        let people = model.team_people[i].len();
        let mut line = match team.lead {
            Some(lead) => format!("lead {} · ", model.person_name(lead.id)),
            None => String::new(),
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
    for l in &model.liaisons {
        if let (Some(from), Some(to)) = (l.from, l.to) {
            edges.push(Edge {
                from: from.id.index(),
                to: to.id.index(),
                kind: EdgeKind::Liaison,
                label: l.person.map(|p| model.person_name(p.id).to_string()),
            });
        }
    }
    for e in &model.embeds {
        if let (Some(from), Some(to)) = (e.from, e.to) {
            edges.push(Edge {
                from: from.id.index(),
                to: to.id.index(),
                kind: EdgeKind::Embedded,
                label: e.person.map(|p| model.person_name(p.id).to_string()),
            });
        }
    }
    for (r, rot) in model.rotations.iter().enumerate() {
        if let (Some(from), Some(to)) = (rot.from, rot.to) {
            edges.push(Edge {
                from: from.id.index(),
                to: to.id.index(),
                kind: EdgeKind::Rotation,
                label: Some(
                    model
                        .rotation_name(crate::model::RotationId(r as u32))
                        .to_string(),
                ),
            });
        }
    }
    for (g, group) in model.groups.iter().enumerate() {
        let node = nodes.len();
        let mut label = vec![model
            .group_name(crate::model::GroupId(g as u32))
            .to_string()];
        if let Some(title) = title_of(ws, model, group.symbol) {
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
    // Meetings that coordinate teams not otherwise linked, as hubs (one edge per team rather
    // than one per pair). A pair counts when the two teams are not already linked by a
    // liaison, embed, rotation or group, and neither is the other's parent or ancestor (a
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
                    model.direct_links.contains_key(&(a, b)) || ancestor(a, b) || ancestor(b, a);
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
        if let Some(title) = title_of(ws, model, meeting.symbol) {
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

// ---------------------------------------------------------------------------------------------
// DOT.

fn dot_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dot_label(lines: &[String]) -> String {
    let escaped: Vec<String> = lines
        .iter()
        .map(|l| dot_str(l))
        .map(|s| s[1..s.len() - 1].to_string())
        .collect();
    format!("\"{}\"", escaped.join("\\n"))
}

fn dot_edge_attrs(kind: EdgeKind, label: Option<&str>) -> String {
    let st = kind.style();
    let mut attrs = vec![
        format!("color=\"{}\"", st.color),
        format!("penwidth={}", st.width),
    ];
    match st.dash {
        "" => {}
        "2 4" | "2 3" => attrs.push("style=dotted".into()),
        _ => attrs.push("style=dashed".into()),
    }
    if !st.directed {
        attrs.push("dir=none".into());
    }
    if let Some(l) = label {
        attrs.push(format!("label={}", dot_str(l)));
        attrs.push(format!("fontcolor=\"{}\"", st.color));
    }
    attrs.join(", ")
}

fn dot_node_attrs(n: &Node) -> String {
    let mut style = vec!["filled"];
    if n.shape == Shape::Box {
        style.push("rounded");
    }
    if n.dashed {
        style.push("dashed");
    }
    format!(
        "label={}, shape={}, style=\"{}\", fillcolor=\"{}\", color=\"{}\", fontcolor=\"{}\", penwidth={}",
        dot_label(&n.label),
        match n.shape {
            Shape::Box => "box",
            Shape::Hexagon => "hexagon",
            Shape::Ellipse => "ellipse",
        },
        style.join(","),
        n.fill,
        n.stroke,
        n.text,
        n.stroke_width
    )
}

/// Graphviz DOT.
pub fn to_dot(g: &Graph) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "// {} (drawn by coord graph)", g.title);
    for note in &g.notes {
        let _ = writeln!(out, "// {note}");
    }
    out.push_str("digraph plan {\n");
    let _ = writeln!(
        out,
        "  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, label={}, labelloc=t, nodesep=0.3, ranksep=0.5];",
        dot_str(&g.title)
    );
    out.push_str("  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
    let mut by_cluster: Vec<Vec<usize>> = vec![Vec::new(); g.clusters.len()];
    for (i, n) in g.nodes.iter().enumerate() {
        match n.cluster {
            Some(c) => by_cluster[c].push(i),
            None => {
                let _ = writeln!(out, "  n{i} [{}];", dot_node_attrs(n));
            }
        }
    }
    for (c, members) in by_cluster.iter().enumerate() {
        let cl = &g.clusters[c];
        let _ = writeln!(
            out,
            "  subgraph cluster_{c} {{\n    label={}; style=\"rounded\"; color=\"{}\"; fontcolor=\"{}\";",
            dot_str(&cl.label),
            cl.stroke,
            cl.stroke
        );
        for &i in members {
            let _ = writeln!(out, "    n{i} [{}];", dot_node_attrs(&g.nodes[i]));
        }
        out.push_str("  }\n");
    }
    for e in &g.edges {
        let _ = writeln!(
            out,
            "  n{} -> n{} [{}];",
            e.from,
            e.to,
            dot_edge_attrs(e.kind, e.label.as_deref())
        );
    }
    if !g.legend.is_empty() || !g.node_keys.is_empty() {
        out.push_str("  subgraph cluster_legend {\n    label=\"Legend\"; style=\"rounded\"; color=\"#bbbbbb\"; fontcolor=\"#555555\";\n");
        out.push_str(
            "    node [shape=plaintext, style=\"\", fontsize=9, fontcolor=\"#333333\"];\n",
        );
        for (k, kind) in g.legend.iter().enumerate() {
            let _ = writeln!(
                out,
                "    legend_a{k} [label=\"\", shape=point, width=0.05];"
            );
            let _ = writeln!(
                out,
                "    legend_b{k} [label={}];",
                dot_str(kind.style().legend)
            );
            let _ = writeln!(
                out,
                "    legend_a{k} -> legend_b{k} [{}];",
                dot_edge_attrs(*kind, None)
            );
        }
        for (k, key) in g.node_keys.iter().enumerate() {
            let mut style = vec!["filled", "rounded"];
            if key.dashed {
                style.push("dashed");
            }
            let _ = writeln!(
                out,
                "    legend_n{k} [label={}, shape=box, style=\"{}\", fillcolor=\"{}\", color=\"{}\", fontcolor=\"{}\", penwidth={}];",
                dot_str(&key.label),
                style.join(","),
                key.fill,
                key.stroke,
                key.text,
                key.stroke_width
            );
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    out
}

// ---------------------------------------------------------------------------------------------
// Mermaid.

/// Text inside a quoted Mermaid label: entity codes for the characters Mermaid reads itself.
fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn mermaid_arrow(kind: EdgeKind) -> &'static str {
    let st = kind.style();
    match (st.dash.is_empty(), st.width >= 2.5, st.directed) {
        (true, true, true) => "==>",
        (true, true, false) => "===",
        (true, false, true) => "-->",
        (true, false, false) => "---",
        (false, _, true) => "-.->",
        (false, _, false) => "-.-",
    }
}

fn mermaid_link_style(kind: EdgeKind) -> String {
    let st = kind.style();
    let mut s = format!("stroke:{},stroke-width:{}px", st.color, st.width);
    if !st.dash.is_empty() {
        let _ = write!(s, ",stroke-dasharray:{}", st.dash);
    }
    s
}

/// A Mermaid flowchart.
pub fn to_mermaid(g: &Graph) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "---\ntitle: {}\n---", mermaid_text(&g.title));
    out.push_str("flowchart TB\n");
    for note in &g.notes {
        let _ = writeln!(out, "  %% {}", note.replace('\n', " "));
    }
    let node_def = |i: usize, n: &Node| -> String {
        let text = n
            .label
            .iter()
            .map(|l| mermaid_text(l))
            .collect::<Vec<_>>()
            .join("<br/>");
        match n.shape {
            Shape::Box => format!("n{i}(\"{text}\")"),
            Shape::Hexagon => format!("n{i}{{{{\"{text}\"}}}}"),
            Shape::Ellipse => format!("n{i}([\"{text}\"])"),
        }
    };
    let mut by_cluster: Vec<Vec<usize>> = vec![Vec::new(); g.clusters.len()];
    for (i, n) in g.nodes.iter().enumerate() {
        match n.cluster {
            Some(c) => by_cluster[c].push(i),
            None => {
                let _ = writeln!(out, "  {}", node_def(i, n));
            }
        }
    }
    for (c, members) in by_cluster.iter().enumerate() {
        let _ = writeln!(
            out,
            "  subgraph c{c}[\"{}\"]",
            mermaid_text(&g.clusters[c].label)
        );
        for &i in members {
            let _ = writeln!(out, "    {}", node_def(i, &g.nodes[i]));
        }
        out.push_str("  end\n");
    }
    // Link indices, for `linkStyle`, in the order links are written.
    let mut link_styles: Vec<(EdgeKind, Vec<usize>)> = Vec::new();
    let mut add_style =
        |kind: EdgeKind, index: usize| match link_styles.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, v)) => v.push(index),
            None => link_styles.push((kind, vec![index])),
        };
    let mut links = 0usize;
    for e in &g.edges {
        let arrow = mermaid_arrow(e.kind);
        match &e.label {
            Some(l) => {
                let _ = writeln!(
                    out,
                    "  n{} {arrow}|\"{}\"| n{}",
                    e.from,
                    mermaid_text(l),
                    e.to
                );
            }
            None => {
                let _ = writeln!(out, "  n{} {arrow} n{}", e.from, e.to);
            }
        }
        add_style(e.kind, links);
        links += 1;
    }
    if !g.legend.is_empty() || !g.node_keys.is_empty() {
        out.push_str("  subgraph legend[\"Legend\"]\n    direction LR\n");
        for (k, kind) in g.legend.iter().enumerate() {
            let _ = writeln!(
                out,
                "    legend_a{k}[\" \"] {} legend_b{k}[\"{}\"]",
                mermaid_arrow(*kind),
                mermaid_text(kind.style().legend)
            );
            add_style(*kind, links);
            links += 1;
        }
        for (k, key) in g.node_keys.iter().enumerate() {
            let _ = writeln!(out, "    legend_n{k}(\"{}\")", mermaid_text(&key.label));
        }
        out.push_str("  end\n");
        for k in 0..g.legend.len() {
            let _ = writeln!(out, "  style legend_a{k} fill:none,stroke:none");
            let _ = writeln!(out, "  style legend_b{k} fill:none,stroke:none");
        }
        for (k, key) in g.node_keys.iter().enumerate() {
            let _ = writeln!(
                out,
                "  style legend_n{k} {}",
                mermaid_node_style(key.fill, key.stroke, key.text, key.stroke_width, key.dashed)
            );
        }
        out.push_str("  style legend fill:#ffffff,stroke:#bbbbbb\n");
    }
    for (c, cl) in g.clusters.iter().enumerate() {
        let _ = writeln!(
            out,
            "  style c{c} fill:#fbfbfb,stroke:{},color:{}",
            cl.stroke, cl.stroke
        );
    }
    for (i, n) in g.nodes.iter().enumerate() {
        let _ = writeln!(
            out,
            "  style n{i} {}",
            mermaid_node_style(n.fill, n.stroke, n.text, n.stroke_width, n.dashed)
        );
    }
    for (kind, indices) in link_styles {
        let list: Vec<String> = indices.iter().map(usize::to_string).collect();
        let mut style = mermaid_link_style(kind);
        if g.edges.iter().any(|e| e.kind == kind && e.label.is_some()) {
            let _ = write!(style, ",color:{}", kind.style().color);
        }
        let _ = writeln!(out, "  linkStyle {} {}", list.join(","), style);
    }
    out
}

fn mermaid_node_style(fill: &str, stroke: &str, text: &str, width: f32, dashed: bool) -> String {
    let mut s = format!("fill:{fill},stroke:{stroke},color:{text},stroke-width:{width}px");
    if dashed {
        s.push_str(",stroke-dasharray:4 3");
    }
    s
}

// ---------------------------------------------------------------------------------------------
// SVG: a layered layout (longest-path layers, barycentric ordering), drawn here.

const FONT: &str = "Helvetica, Arial, sans-serif";
const LINE_H: f64 = 15.0;
const PAD: f64 = 8.0;
const H_GAP: f64 = 28.0;
const V_GAP: f64 = 80.0;
const MAX_PER_ROW: usize = 10;
const MAX_LABEL_CHARS: usize = 42;

/// Escapes text for XML and HTML; characters XML 1.0 forbids become spaces.
pub(crate) fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            '\u{fffe}' | '\u{ffff}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX_LABEL_CHARS {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX_LABEL_CHARS - 1).collect();
        t.push('…');
        t
    }
}

/// Approximate width of text at 11px Helvetica.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| {
            let w = if c.is_ascii_uppercase() || c == 'm' || c == 'w' {
                0.75
            } else if c.is_ascii() {
                0.55
            } else if (c as u32) >= 0x1100 {
                1.0
            } else {
                0.6
            };
            w * size
        })
        .sum()
}

#[derive(Debug, Clone, Copy, Default)]
struct Placed {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// Layers of the connected nodes by the layering edges (top to bottom), cycles broken by a
/// depth-first search; a node with nothing above it sits just above its highest successor.
fn layers(g: &Graph, connected: &[bool]) -> Vec<usize> {
    let n = g.nodes.len();
    let mut succ: Vec<Vec<u32>> = vec![Vec::new(); n];
    for e in &g.edges {
        if g.layering.contains(&e.kind) && e.from != e.to && connected[e.from] && connected[e.to] {
            succ[e.from].push(e.to as u32);
        }
    }
    // Drop back edges (iterative DFS): what remains is acyclic.
    let mut state = vec![0u8; n];
    let mut kept: Vec<Vec<u32>> = vec![Vec::new(); n];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (v, ref mut pos)) = stack.last_mut() {
            if *pos < succ[v].len() {
                let w = succ[v][*pos] as usize;
                *pos += 1;
                match state[w] {
                    0 => {
                        kept[v].push(w as u32);
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    2 => kept[v].push(w as u32),
                    _ => {} // back edge
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    // Longest path from the sources, in Kahn's order.
    let mut indeg = vec![0usize; n];
    for list in &kept {
        for &w in list {
            indeg[w as usize] += 1;
        }
    }
    let sources: Vec<bool> = indeg.iter().map(|&d| d == 0).collect();
    let mut layer = vec![0usize; n];
    let mut queue: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut head = 0;
    while head < queue.len() {
        let v = queue[head];
        head += 1;
        for &w in &kept[v] {
            let w = w as usize;
            layer[w] = layer[w].max(layer[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push(w);
            }
        }
    }
    // Pull sources down next to what they lead to (successors are final first).
    for &v in queue.iter().rev() {
        if sources[v] {
            if let Some(min) = kept[v].iter().map(|&w| layer[w as usize]).min() {
                layer[v] = min.saturating_sub(1);
            }
        }
    }
    layer
}

/// Where everything goes: node boxes and, for each edge, the points of its route from its
/// `from` node to its `to` node (`None`: a loop, or two nodes side by side in one row).
struct Layout {
    nodes: Vec<Placed>,
    routes: Vec<Option<Vec<(f64, f64)>>>,
    /// Where the grid of unconnected nodes starts, if there is one.
    grid_top: Option<f64>,
    width: f64,
    height: f64,
}

const DUMMY_W: f64 = 8.0;
const MAX_DUMMIES: usize = 4000;

/// A layered layout: longest-path layers, long edges split at every layer they cross (small
/// graphs), barycentric ordering, then x positions pulled toward neighbours. Nodes with no
/// edges go in a grid below. Near-linear: a fixed number of sweeps, each sorting the rows.
fn layout(g: &Graph, sizes: &[(f64, f64)]) -> Layout {
    let n = g.nodes.len();
    let mut connected = vec![false; n];
    for e in &g.edges {
        if e.from != e.to {
            connected[e.from] = true;
            connected[e.to] = true;
        }
    }
    let layer = layers(g, &connected);
    let dummies_needed: usize = g
        .edges
        .iter()
        .filter(|e| e.from != e.to)
        .map(|e| layer[e.from].abs_diff(layer[e.to]).saturating_sub(1))
        .sum();
    let use_dummies = dummies_needed <= MAX_DUMMIES;

    // Vertices: the nodes, then one dummy per crossed layer of each long edge.
    let mut vlayer = layer.clone();
    let mut vsize: Vec<(f64, f64)> = sizes.to_vec();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut chains: Vec<Vec<usize>> = vec![Vec::new(); g.edges.len()];
    for (k, e) in g.edges.iter().enumerate() {
        if e.from == e.to || layer[e.from] == layer[e.to] {
            continue;
        }
        let (top, bottom) = if layer[e.from] < layer[e.to] {
            (e.from, e.to)
        } else {
            (e.to, e.from)
        };
        let mut prev = top;
        if use_dummies {
            for l in layer[top] + 1..layer[bottom] {
                let d = vlayer.len();
                vlayer.push(l);
                vsize.push((DUMMY_W, 0.0));
                up.push(vec![prev]);
                down.push(Vec::new());
                down[prev].push(d);
                chains[k].push(d);
                prev = d;
            }
        }
        down[prev].push(bottom);
        up[bottom].push(prev);
    }
    let nv = vlayer.len();
    let depth = (0..n)
        .filter(|&v| connected[v])
        .map(|v| layer[v] + 1)
        .max()
        .unwrap_or(0);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for v in 0..nv {
        if v >= n || connected[v] {
            rows[vlayer[v]].push(v);
        }
    }
    let cluster = |v: usize| {
        if v < n {
            g.nodes[v].cluster.unwrap_or(usize::MAX)
        } else {
            usize::MAX
        }
    };
    for row in &mut rows {
        row.sort_by_key(|&v| (cluster(v), v));
    }

    // Ordering: barycentres of the neighbours' relative positions, sweeping down and up.
    let mut pos = vec![0.0f64; nv];
    let renumber = |row: &[usize], pos: &mut Vec<f64>| {
        let len = row.len().max(1) as f64;
        for (i, &v) in row.iter().enumerate() {
            pos[v] = (i as f64 + 0.5) / len;
        }
    };
    for row in &rows {
        renumber(row, &mut pos);
    }
    for sweep in 0..8 {
        let downward = sweep % 2 == 0;
        let order: Vec<usize> = if downward {
            (1..rows.len()).collect()
        } else {
            (0..rows.len().saturating_sub(1)).rev().collect()
        };
        for r in order {
            let neighbours = if downward { &up } else { &down };
            let mut keyed: Vec<(f64, usize)> = rows[r]
                .iter()
                .map(|&v| {
                    let list = &neighbours[v];
                    let key = if list.is_empty() {
                        pos[v]
                    } else {
                        list.iter().map(|&u| pos[u]).sum::<f64>() / list.len() as f64
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            rows[r] = keyed.into_iter().map(|(_, v)| v).collect();
            renumber(&rows[r], &mut pos);
        }
    }
    if !use_dummies {
        // Too big for routed edges: wrap wide layers so that the picture stays readable.
        rows = rows
            .into_iter()
            .flat_map(|row| {
                row.chunks(MAX_PER_ROW)
                    .map(<[usize]>::to_vec)
                    .collect::<Vec<_>>()
            })
            .collect();
    }

    // x: pack each row, then pull every vertex toward its neighbours' centres.
    let gap = |a: usize, b: usize| if a < n && b < n { H_GAP } else { 10.0 };
    let mut cx = vec![0.0f64; nv];
    for row in &rows {
        let total: f64 = row.iter().map(|&v| vsize[v].0).sum::<f64>()
            + H_GAP * row.len().saturating_sub(1) as f64;
        let mut x = -total / 2.0;
        for &v in row {
            cx[v] = x + vsize[v].0 / 2.0;
            x += vsize[v].0 + H_GAP;
        }
    }
    for iteration in 0..8 {
        let order: Vec<usize> = if iteration % 2 == 0 {
            (0..rows.len()).collect()
        } else {
            (0..rows.len()).rev().collect()
        };
        for r in order {
            let row = &rows[r];
            let desired: Vec<f64> = row
                .iter()
                .map(|&v| {
                    let count = up[v].len() + down[v].len();
                    if count == 0 {
                        cx[v]
                    } else {
                        (up[v].iter().chain(&down[v]).map(|&u| cx[u]).sum::<f64>()) / count as f64
                    }
                })
                .collect();
            let mut placed_x = Vec::with_capacity(row.len());
            let mut right = f64::NEG_INFINITY;
            for (i, &v) in row.iter().enumerate() {
                let w = vsize[v].0;
                let min_left = if i == 0 {
                    f64::NEG_INFINITY
                } else {
                    right + gap(row[i - 1], v)
                };
                let left = (desired[i] - w / 2.0).max(min_left);
                placed_x.push(left + w / 2.0);
                right = left + w;
            }
            let shift = desired
                .iter()
                .zip(&placed_x)
                .map(|(d, p)| d - p)
                .sum::<f64>()
                / row.len().max(1) as f64;
            for (i, &v) in row.iter().enumerate() {
                cx[v] = placed_x[i] + shift;
            }
        }
    }
    // Close empty vertical bands (between separate groups) down to a fixed gap.
    let mut spans: Vec<(f64, f64)> = rows
        .iter()
        .flatten()
        .map(|&v| (cx[v] - vsize[v].0 / 2.0, cx[v] + vsize[v].0 / 2.0))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut bands: Vec<(f64, f64)> = Vec::new(); // (band start, shift to apply from there)
    let mut reach = f64::NEG_INFINITY;
    let mut shift = 0.0;
    for (l, r) in spans {
        if reach.is_finite() && l - reach > 2.0 * H_GAP {
            shift -= l - reach - 2.0 * H_GAP;
            bands.push((l, shift));
        }
        reach = reach.max(r);
    }
    if !bands.is_empty() {
        for v in rows.iter().flatten().copied() {
            let left = cx[v] - vsize[v].0 / 2.0;
            let i = bands.partition_point(|&(start, _)| start <= left);
            if i > 0 {
                cx[v] += bands[i - 1].1;
            }
        }
    }
    let min_left = rows
        .iter()
        .flatten()
        .map(|&v| cx[v] - vsize[v].0 / 2.0)
        .fold(f64::INFINITY, f64::min);
    let min_left = if min_left.is_finite() { min_left } else { 0.0 };
    let mut width: f64 = 0.0;
    let mut nodes = vec![Placed::default(); n];
    let mut row_span: Vec<(f64, f64)> = Vec::with_capacity(rows.len());
    let mut row_of = vec![0usize; nv];
    let mut y = 0.0;
    for (r, row) in rows.iter().enumerate() {
        let h = row
            .iter()
            .map(|&v| vsize[v].1)
            .fold(0.0, f64::max)
            .max(20.0);
        for &v in row {
            row_of[v] = r;
            let x = cx[v] - min_left;
            width = width.max(x + vsize[v].0 / 2.0);
            if v < n {
                nodes[v] = Placed {
                    x: x - vsize[v].0 / 2.0,
                    y: y + (h - vsize[v].1) / 2.0,
                    w: vsize[v].0,
                    h: vsize[v].1,
                };
            }
        }
        row_span.push((y, y + h));
        y += h + V_GAP;
    }
    let mut height = if rows.is_empty() { 0.0 } else { y - V_GAP };

    // Unconnected nodes: a grid below.
    let mut isolated: Vec<usize> = (0..n).filter(|&v| !connected[v]).collect();
    isolated.sort_by_key(|&v| (cluster(v), v));
    let grid_top = (!isolated.is_empty()).then(|| {
        if rows.is_empty() {
            0.0
        } else {
            height + V_GAP / 2.0
        }
    });
    if let Some(top) = grid_top {
        let mut y = top + 24.0;
        for chunk in isolated.chunks(MAX_PER_ROW) {
            let h = chunk.iter().map(|&v| sizes[v].1).fold(0.0, f64::max);
            let mut x = 0.0;
            for &v in chunk {
                nodes[v] = Placed {
                    x,
                    y: y + (h - sizes[v].1) / 2.0,
                    w: sizes[v].0,
                    h: sizes[v].1,
                };
                x += sizes[v].0 + H_GAP;
            }
            width = width.max(x - H_GAP);
            y += h + H_GAP;
        }
        height = y - H_GAP;
    }

    // Routes: from the `from` node through its dummies to the `to` node.
    let routes = g
        .edges
        .iter()
        .enumerate()
        .map(|(k, e)| {
            if e.from == e.to || layer[e.from] == layer[e.to] || !connected[e.from] {
                return None;
            }
            let (top, bottom) = if layer[e.from] < layer[e.to] {
                (e.from, e.to)
            } else {
                (e.to, e.from)
            };
            let (t, b) = (&nodes[top], &nodes[bottom]);
            let mut points = vec![(t.x + t.w / 2.0, t.y + t.h)];
            for &d in &chains[k] {
                let (y0, y1) = row_span[row_of[d]];
                let x = cx[d] - min_left;
                points.push((x, y0));
                points.push((x, y1));
            }
            points.push((b.x + b.w / 2.0, b.y));
            if top != e.from {
                points.reverse();
            }
            Some(points)
        })
        .collect();
    Layout {
        nodes,
        routes,
        grid_top,
        width,
        height,
    }
}

struct SvgOut {
    body: String,
    width: f64,
    height: f64,
}

fn svg_document(title: &str, content: SvgOut) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"{FONT}\" role=\"img\">\n<title>{t}</title>\n<rect x=\"0\" y=\"0\" width=\"{w:.0}\" height=\"{h:.0}\" fill=\"#ffffff\"/>\n{body}</svg>\n",
        w = content.width,
        h = content.height,
        t = xml(title),
        body = content.body
    )
}

fn arrow_marker_id(color: &str) -> String {
    format!("arrow-{}", color.trim_start_matches('#'))
}

fn dash_attr(dash: &str) -> String {
    if dash.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{dash}\"")
    }
}

/// A standalone SVG picture of the graph.
pub fn to_svg(g: &Graph) -> String {
    let mut body = String::new();
    let margin = 20.0;
    // Title.
    let _ = writeln!(
        body,
        "<text x=\"{margin}\" y=\"{}\" font-size=\"16\" font-weight=\"bold\" fill=\"#222222\">{}</text>",
        margin + 12.0,
        xml(&g.title)
    );
    let mut y = margin + 26.0;
    // Legend, wrapped into lines.
    let mut legend_items: Vec<(String, f64)> = Vec::new();
    for kind in &g.legend {
        let st = kind.style();
        let marker = if st.directed {
            format!(" marker-end=\"url(#{})\"", arrow_marker_id(st.color))
        } else {
            String::new()
        };
        let label = st.legend;
        let w = 40.0 + text_width(label, 11.0) + 24.0;
        legend_items.push((
            format!(
                "<line x1=\"0\" y1=\"6\" x2=\"32\" y2=\"6\" stroke=\"{}\" stroke-width=\"{}\"{}{marker}/><text x=\"40\" y=\"10\" font-size=\"11\" fill=\"#333333\">{}</text>",
                st.color,
                st.width,
                dash_attr(st.dash),
                xml(label)
            ),
            w,
        ));
    }
    for key in &g.node_keys {
        let w = 30.0 + text_width(&key.label, 11.0) + 24.0;
        legend_items.push((
            format!(
                "<rect x=\"0\" y=\"0\" width=\"22\" height=\"13\" rx=\"3\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{}/><text x=\"30\" y=\"10\" font-size=\"11\" fill=\"#333333\">{}</text>",
                key.fill,
                key.stroke,
                key.stroke_width,
                if key.dashed { " stroke-dasharray=\"4 3\"" } else { "" },
                xml(&key.label)
            ),
            w,
        ));
    }
    for cl in &g.clusters {
        let w = 30.0 + text_width(&cl.label, 11.0) + 24.0;
        legend_items.push((
            format!(
                "<rect x=\"0\" y=\"0\" width=\"22\" height=\"13\" rx=\"3\" fill=\"{}\" stroke=\"{}\"/><text x=\"30\" y=\"10\" font-size=\"11\" fill=\"#333333\">{}</text>",
                cl.fill,
                cl.stroke,
                xml(&cl.label)
            ),
            w,
        ));
    }

    // Node sizes and layout.
    let sizes: Vec<(f64, f64)> = g
        .nodes
        .iter()
        .map(|n| {
            let w = n
                .label
                .iter()
                .enumerate()
                .map(|(i, l)| text_width(&shorten(l), if i == 0 { 12.0 } else { 10.5 }))
                .fold(0.0, f64::max)
                + 2.0 * PAD
                + match n.shape {
                    Shape::Box => 0.0,
                    Shape::Hexagon => 24.0,
                    Shape::Ellipse => 30.0,
                };
            (w.max(70.0), n.label.len() as f64 * LINE_H + 2.0 * PAD)
        })
        .collect();
    let lay = layout(g, &sizes);
    let legend_width_limit = lay.width.max(640.0);
    // Legend placement now that the width is known.
    let (mut lx, mut ly) = (0.0, 0.0);
    let mut legend_svg = String::new();
    for (item, w) in &legend_items {
        if lx > 0.0 && lx + w > legend_width_limit {
            lx = 0.0;
            ly += 20.0;
        }
        let _ = writeln!(
            legend_svg,
            "<g transform=\"translate({:.1},{:.1})\">{item}</g>",
            margin + lx,
            y + ly
        );
        lx += w;
    }
    if !legend_items.is_empty() {
        body.push_str(&legend_svg);
        y += ly + 30.0;
    }
    for note in &g.notes {
        let _ = writeln!(
            body,
            "<text x=\"{margin}\" y=\"{:.1}\" font-size=\"11\" fill=\"#666666\">{}</text>",
            y + 4.0,
            xml(note)
        );
        y += 18.0;
    }
    y += 16.0;
    let (ox, oy) = (margin, y);
    let placed: Vec<Placed> = lay
        .nodes
        .iter()
        .map(|p| Placed {
            x: p.x + ox,
            y: p.y + oy,
            w: p.w,
            h: p.h,
        })
        .collect();
    if let Some(top) = lay.grid_top {
        let _ = writeln!(
            body,
            "<text x=\"{ox}\" y=\"{:.1}\" font-size=\"11\" fill=\"#666666\">{}</text>",
            oy + top + 12.0,
            xml(g.unconnected)
        );
    }
    let height = oy + lay.height + margin;
    let width = (lay.width + 2.0 * margin).max(legend_width_limit + 2.0 * margin);

    // Arrow markers, one per colour.
    let mut colors: Vec<&str> = g.legend.iter().map(|k| k.style().color).collect();
    colors.extend(g.edges.iter().map(|e| e.kind.style().color));
    colors.sort_unstable();
    colors.dedup();
    body.push_str("<defs>\n");
    for c in &colors {
        let _ = writeln!(
            body,
            "<marker id=\"{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{c}\"/></marker>",
            arrow_marker_id(c)
        );
    }
    body.push_str("</defs>\n");

    // Edges, under the nodes. Parallel edges between one pair bend apart.
    let mut pair_count: HashMap<(usize, usize), usize> = HashMap::new();
    let mut arcs_in_row: HashMap<i64, usize> = HashMap::new();
    let mut labels_svg = String::new();
    body.push_str("<g fill=\"none\">\n");
    for (ei, e) in g.edges.iter().enumerate() {
        let st = e.kind.style();
        let key = (e.from.min(e.to), e.from.max(e.to));
        let k = pair_count.entry(key).or_insert(0);
        let bend = *k as f64 * 18.0 * if *k % 2 == 0 { 1.0 } else { -1.0 };
        *k += 1;
        let (a, b) = (&placed[e.from], &placed[e.to]);
        let marker = if st.directed {
            format!(" marker-end=\"url(#{})\"", arrow_marker_id(st.color))
        } else {
            String::new()
        };
        let route = lay.routes[ei].as_ref().filter(|r| r.len() > 2);
        let (d, mid) = if let Some(points) = route {
            // Through the rows it crosses: vertical inside a row, curves between rows.
            let pts: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (x + ox, y + oy)).collect();
            let mut d = format!("M{:.1},{:.1}", pts[0].0, pts[0].1);
            for w in pts.windows(2) {
                let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                if (x0 - x1).abs() < 0.05 {
                    let _ = write!(d, " L{x1:.1},{y1:.1}");
                } else {
                    let my = (y0 + y1) / 2.0;
                    let _ = write!(d, " C{x0:.1},{my:.1} {x1:.1},{my:.1} {x1:.1},{y1:.1}");
                }
            }
            let m = pts.len() / 2;
            (
                d,
                (
                    (pts[m - 1].0 + pts[m].0) / 2.0,
                    (pts[m - 1].1 + pts[m].1) / 2.0,
                ),
            )
        } else if e.from == e.to {
            let (x, y0) = (a.x + a.w, a.y + a.h / 2.0);
            (
                format!(
                    "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                    x,
                    y0 - 6.0,
                    x + 40.0,
                    y0 - 30.0,
                    x + 40.0,
                    y0 + 30.0,
                    x,
                    y0 + 6.0
                ),
                (x + 30.0, y0),
            )
        } else {
            let (ax, bx) = (a.x + a.w / 2.0 + bend, b.x + b.w / 2.0 + bend);
            let (p0, p3, c1, c2);
            if b.y > a.y + a.h {
                p0 = (ax, a.y + a.h);
                p3 = (bx, b.y);
                let dy = (p3.1 - p0.1) / 2.0;
                c1 = (p0.0, p0.1 + dy);
                c2 = (p3.0, p3.1 - dy);
            } else if a.y > b.y + b.h {
                p0 = (ax, a.y);
                p3 = (bx, b.y + b.h);
                let dy = (p0.1 - p3.1) / 2.0;
                c1 = (p0.0, p0.1 - dy);
                c2 = (p3.0, p3.1 + dy);
            } else {
                // Same row: an arc above.
                p0 = (ax, a.y);
                p3 = (bx, b.y);
                // Kept inside the gap above the row, so that it never crosses the row above;
                // successive arcs over one row rise to different heights so that their labels
                // do not sit on one another.
                let slot = arcs_in_row.entry(a.y.round() as i64).or_insert(0usize);
                let lift = (28.0 + (*slot % 4) as f64 * 16.0 + bend.abs()).min(V_GAP * 0.95);
                *slot += 1;
                c1 = (p0.0, p0.1 - lift);
                c2 = (p3.0, p3.1 - lift);
            }
            let mid = (
                (p0.0 + 3.0 * c1.0 + 3.0 * c2.0 + p3.0) / 8.0,
                (p0.1 + 3.0 * c1.1 + 3.0 * c2.1 + p3.1) / 8.0,
            );
            (
                format!(
                    "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                    p0.0, p0.1, c1.0, c1.1, c2.0, c2.1, p3.0, p3.1
                ),
                mid,
            )
        };
        let _ = writeln!(
            body,
            "<path d=\"{d}\" stroke=\"{}\" stroke-width=\"{}\"{}{marker}/>",
            st.color,
            st.width,
            dash_attr(st.dash)
        );
        if let Some(l) = &e.label {
            let _ = writeln!(
                labels_svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                mid.0,
                mid.1 + 3.0,
                st.color,
                xml(&shorten(l))
            );
        }
    }
    body.push_str("</g>\n");

    // Nodes.
    for (i, n) in g.nodes.iter().enumerate() {
        let p = &placed[i];
        let dash = if n.dashed {
            " stroke-dasharray=\"4 3\""
        } else {
            ""
        };
        let _ = write!(body, "<g id=\"node-{i}\">");
        match n.shape {
            Shape::Box => {
                let _ = write!(
                    body,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>",
                    p.x, p.y, p.w, p.h, n.fill, n.stroke, n.stroke_width
                );
            }
            Shape::Ellipse => {
                let _ = write!(
                    body,
                    "<ellipse cx=\"{:.1}\" cy=\"{:.1}\" rx=\"{:.1}\" ry=\"{:.1}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>",
                    p.x + p.w / 2.0,
                    p.y + p.h / 2.0,
                    p.w / 2.0,
                    p.h / 2.0,
                    n.fill,
                    n.stroke,
                    n.stroke_width
                );
            }
            Shape::Hexagon => {
                let c = 12.0;
                let _ = write!(
                    body,
                    "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>",
                    p.x + c,
                    p.y,
                    p.x + p.w - c,
                    p.y,
                    p.x + p.w,
                    p.y + p.h / 2.0,
                    p.x + p.w - c,
                    p.y + p.h,
                    p.x + c,
                    p.y + p.h,
                    p.x,
                    p.y + p.h / 2.0,
                    n.fill,
                    n.stroke,
                    n.stroke_width
                );
            }
        }
        for (k, line) in n.label.iter().enumerate() {
            let (size, weight) = if k == 0 {
                (12.0, " font-weight=\"bold\"")
            } else {
                (10.5, "")
            };
            let _ = write!(
                body,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{size}\"{weight} text-anchor=\"middle\" fill=\"{}\">{}</text>",
                p.x + p.w / 2.0,
                p.y + PAD + LINE_H * (k as f64 + 1.0) - 4.0,
                n.text,
                xml(&shorten(line))
            );
        }
        body.push_str("</g>\n");
    }
    body.push_str(&labels_svg);
    svg_document(
        &g.title,
        SvgOut {
            body,
            width,
            height,
        },
    )
}

// ---------------------------------------------------------------------------------------------
// The timeline.

/// Days since 1970-01-01 (see [`crate::date`]).
pub fn days_from_civil(d: Date) -> i64 {
    crate::date::days_since_epoch(d)
}

/// One bar or milestone of the timeline.
#[derive(Debug, Clone)]
pub struct Bar {
    pub task: TaskId,
    pub label: String,
    pub start: Option<Date>,
    /// Tasks this one starts after (its dependencies that are on the chart), when it has no
    /// `start` of its own.
    pub after: Vec<TaskId>,
    /// The day it starts, computed (its start, or the latest due date of `after`).
    pub start_day: Option<i64>,
    pub due: Date,
    pub status: Status,
    pub critical: bool,
}

#[derive(Debug, Clone)]
pub struct Timeline {
    /// Sections (a team, or no team) with their bars.
    pub sections: Vec<(String, Vec<Bar>)>,
    /// Tasks not shown because they have no valid due date.
    pub skipped: Vec<String>,
    /// Drawn as a line in the SVG.
    pub today: Date,
}

fn timeline(ws: &Workspace, model: &Model, today: Date) -> Timeline {
    let cycles = cycle_components(model);
    let due: Vec<Option<Date>> = model.tasks.iter().map(|t| t.valid_due()).collect();
    let mut section_of_team: HashMap<TeamId, usize> = HashMap::new();
    let mut sections: Vec<(String, Vec<Bar>)> = Vec::new();
    let mut no_team: Vec<Bar> = Vec::new();
    let mut skipped = Vec::new();
    for (i, task) in model.tasks.iter().enumerate() {
        let id = TaskId(i as u32);
        let Some(d) = due[i] else {
            skipped.push(model.task_name(id).to_string());
            continue;
        };
        let start = task.start.map(|s| s.0).filter(|s| s.is_valid() && *s <= d);
        let mut after: Vec<TaskId> = Vec::new();
        if start.is_none() {
            let deps: Vec<TaskId> = task
                .depends_on
                .iter()
                .map(|x| x.id)
                .filter(|&x| {
                    due[x.index()].is_some()
                        && !(cycles[i].is_some() && cycles[x.index()] == cycles[i])
                })
                .collect();
            // Only when every dependency is due by this task's due date (else the bar would
            // run backwards: `due-before-dependency` reports that).
            if deps
                .iter()
                .all(|x| due[x.index()].is_some_and(|dd| dd <= d))
            {
                after = deps;
                after.sort();
                after.dedup();
            }
        }
        let start_day = start.map(days_from_civil).or_else(|| {
            after
                .iter()
                .filter_map(|x| due[x.index()])
                .map(days_from_civil)
                .max()
        });
        let label =
            title_of(ws, model, task.symbol).unwrap_or_else(|| model.task_name(id).to_string());
        let bar = Bar {
            task: id,
            label,
            start,
            after,
            start_day,
            due: d,
            status: task.status,
            critical: cycles[i].is_some()
                || is_overdue(model, id, today)
                || task.status == Status::Blocked,
        };
        match model.task_teams[i].first() {
            Some(&t) => {
                let s = *section_of_team.entry(t).or_insert_with(|| {
                    sections.push((team_display(ws, model, t), Vec::new()));
                    sections.len() - 1
                });
                sections[s].1.push(bar);
            }
            None => no_team.push(bar),
        }
    }
    if !no_team.is_empty() {
        sections.push(("No team".into(), no_team));
    }
    Timeline {
        sections,
        skipped,
        today,
    }
}

/// Text Mermaid's gantt syntax cannot hold (`:` ends a task name, `#` and `;` start comments
/// or separate statements, and `<` `>` would be read as markup).
fn gantt_text(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| match c {
            ':' | '#' | ';' | '\n' | '\r' | '\t' => ' ',
            '<' => '‹',
            '>' => '›',
            c => c,
        })
        .collect();
    let trimmed = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if trimmed.is_empty() {
        "(untitled)".into()
    } else {
        trimmed
    }
}

/// A Mermaid gantt chart.
pub fn timeline_mermaid(t: &Timeline) -> String {
    let mut out =
        String::from("gantt\n  title Timeline\n  dateFormat YYYY-MM-DD\n  axisFormat %Y-%m-%d\n");
    if !t.skipped.is_empty() {
        let _ = writeln!(out, "  %% not shown, no due date: {}", t.skipped.join(", "));
    }
    if t.sections.is_empty() {
        out.push_str("  %% no task has a due date: nothing to show\n");
    }
    for (name, bars) in &t.sections {
        let _ = writeln!(out, "  section {}", gantt_text(name));
        for b in bars {
            let mut tags = Vec::new();
            match b.status {
                Status::Done => tags.push("done"),
                Status::Doing => tags.push("active"),
                _ => {}
            }
            if b.critical {
                tags.push("crit");
            }
            let id = format!("t{}", b.task.0);
            let due = b.due.to_string();
            let when = if let Some(s) = b.start {
                format!("{s}, {due}")
            } else if !b.after.is_empty() {
                let list: Vec<String> = b.after.iter().map(|x| format!("t{}", x.0)).collect();
                format!("after {}, {due}", list.join(" "))
            } else {
                tags.push("milestone");
                format!("{due}, 0d")
            };
            tags.push(&id);
            let _ = writeln!(
                out,
                "  {} :{}, {when}",
                gantt_text(&b.label),
                tags.join(", ")
            );
        }
    }
    out
}

/// The timeline as a standalone SVG gantt chart.
pub fn timeline_svg(t: &Timeline) -> String {
    let margin = 20.0;
    let label_w = 240.0;
    let row_h = 24.0;
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<text x=\"{margin}\" y=\"{}\" font-size=\"16\" font-weight=\"bold\" fill=\"#222222\">Timeline</text>",
        margin + 12.0
    );
    let mut y = margin + 34.0;
    if !t.skipped.is_empty() {
        let _ = writeln!(
            body,
            "<text x=\"{margin}\" y=\"{y:.1}\" font-size=\"11\" fill=\"#666666\">{}</text>",
            xml(&shorten_list("Not shown, no due date: ", &t.skipped))
        );
        y += 20.0;
    }
    let days: Vec<i64> = t
        .sections
        .iter()
        .flat_map(|(_, bars)| {
            bars.iter()
                .flat_map(|b| [Some(days_from_civil(b.due)), b.start_day])
                .flatten()
        })
        .collect();
    let (lo, hi) = match (days.iter().min(), days.iter().max()) {
        (Some(&lo), Some(&hi)) => (lo - 2, hi + 3),
        _ => {
            let _ = writeln!(body, "<text x=\"{margin}\" y=\"{y:.1}\" font-size=\"12\" fill=\"#444444\">No task has a due date: nothing to show.</text>");
            return svg_document(
                "Timeline",
                SvgOut {
                    body,
                    width: 640.0,
                    height: y + margin,
                },
            );
        }
    };
    let span = (hi - lo).max(1) as f64;
    let scale = (900.0 / span).clamp(1.0, 40.0);
    let chart_x = margin + label_w;
    let chart_w = span * scale;
    let rows: usize = t.sections.iter().map(|(_, b)| b.len() + 1).sum();
    let axis_y = y + 14.0;
    let chart_top = axis_y + 8.0;
    let chart_bottom = chart_top + rows as f64 * row_h;
    // Month ticks.
    let mut day = lo;
    let mut last_label_x = f64::MIN;
    while day <= hi {
        let d = crate::date::from_days_since_epoch(day);
        if d.day == 1 || (day == lo && hi - lo < 45) {
            let x = chart_x + (day - lo) as f64 * scale;
            let _ = writeln!(
                body,
                "<line x1=\"{x:.1}\" y1=\"{chart_top:.1}\" x2=\"{x:.1}\" y2=\"{chart_bottom:.1}\" stroke=\"#e4e4e4\"/>"
            );
            if x - last_label_x > 70.0 {
                let _ = writeln!(
                    body,
                    "<text x=\"{x:.1}\" y=\"{axis_y:.1}\" font-size=\"10\" fill=\"#666666\">{:04}-{:02}</text>",
                    d.year, d.month
                );
                last_label_x = x;
            }
        }
        day += 1;
    }
    let today = days_from_civil(t.today);
    if (lo..=hi).contains(&today) {
        let x = chart_x + (today - lo) as f64 * scale;
        let _ = writeln!(
            body,
            "<line x1=\"{x:.1}\" y1=\"{chart_top:.1}\" x2=\"{x:.1}\" y2=\"{chart_bottom:.1}\" stroke=\"{RED}\" stroke-dasharray=\"3 3\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"{RED}\">today</text>",
            x + 3.0,
            chart_top + 10.0
        );
    }
    let mut row_y = chart_top;
    for (name, bars) in &t.sections {
        let _ = writeln!(
            body,
            "<text x=\"{margin}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" fill=\"#222222\">{}</text>",
            row_y + 16.0,
            xml(&shorten(name))
        );
        row_y += row_h;
        for b in bars {
            let (fill, stroke, text) = match b.status {
                Status::Done => (DIM_FILL, DIM_STROKE, DIM_TEXT),
                _ if b.critical => ("#f9d5d3", RED, "#1a1a1a"),
                Status::Doing => ("#dbe9f6", "#3b75af", "#1a1a1a"),
                _ => ("#e6e6e6", "#7f7f7f", "#1a1a1a"),
            };
            let _ = writeln!(
                body,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{text}\">{}</text>",
                margin + 12.0,
                row_y + 16.0,
                xml(&shorten(&b.label))
            );
            let end = chart_x + (days_from_civil(b.due) - lo) as f64 * scale;
            match b.start_day {
                Some(s) => {
                    let x = chart_x + (s - lo) as f64 * scale;
                    let _ = writeln!(
                        body,
                        "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"{fill}\" stroke=\"{stroke}\"><title>{}</title></rect>",
                        row_y + 4.0,
                        (end - x).max(2.0),
                        row_h - 8.0,
                        xml(&format!("{} → {}", crate::date::from_days_since_epoch(s), b.due))
                    );
                }
                None => {
                    let (cx, cy, r) = (end, row_y + row_h / 2.0, 7.0);
                    let _ = writeln!(
                        body,
                        "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{fill}\" stroke=\"{stroke}\"><title>due {}</title></polygon>",
                        cx,
                        cy - r,
                        cx + r,
                        cy,
                        cx,
                        cy + r,
                        cx - r,
                        cy,
                        b.due
                    );
                }
            }
            row_y += row_h;
        }
    }
    let width = chart_x + chart_w + margin;
    svg_document(
        "Timeline",
        SvgOut {
            body,
            width: width.max(640.0),
            height: chart_bottom + margin,
        },
    )
}

fn shorten_list(prefix: &str, names: &[String]) -> String {
    let mut s = prefix.to_string();
    for (i, n) in names.iter().enumerate() {
        if s.len() > 150 {
            let _ = write!(s, " and {} more", names.len() - i);
            break;
        }
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(n);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(dot_str("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(mermaid_text("a\"#<b>&"), "a#quot;#35;#lt;b#gt;#amp;");
        assert_eq!(xml("<a & 'b'>\u{1}"), "&lt;a &amp; &#39;b&#39;&gt; ");
        assert_eq!(gantt_text("a: b; #c"), "a b c");
    }
}
