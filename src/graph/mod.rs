//! Drawings of a plan: the task dependency graph, the teams with their coordination links,
//! and a timeline; as Graphviz DOT, Mermaid, or SVG drawn here (a layered layout in pure Rust,
//! no external tools).
//!
//! Every view is first built as one [`Graph`] value (nodes, edges with a [`EdgeKind`], team
//! clusters, a legend) by `views`, and then written by one of three writers (`dot`,
//! `mermaid`, `svg`, the last placing nodes with `layout`), so that the three formats show
//! the same thing with the same styles. The timeline is its own picture (`timeline`), with
//! its own writers; so is the calendar of the week (`week`, SVG only), sharing
//! `svg::svg_document`.

mod dot;
mod layered;
mod layout;
mod mermaid;
mod svg;
mod timeline;
mod views;
mod week;

#[cfg(test)]
pub(crate) mod tests;

use crate::config::Config;
use crate::model::schedule::Schedules;
use crate::model::Model;
use crate::syntax::Date;
use crate::workspace::Workspace;

pub(crate) use svg::xml;

/// What to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Task dependencies, grouped by owning team, with cycles and uncoordinated cross-team
    /// dependencies highlighted.
    Tasks,
    /// The team hierarchy and the coordination links between teams.
    Teams,
    /// A timeline of the tasks with dates (Mermaid gantt chart, or SVG).
    Timeline,
    /// The scheduled meetings of the week that contains today, as an SVG calendar (one
    /// column per day, one band per hour, clashes outlined in red), in one time zone.
    Week,
}

/// The message for the week view in a format other than SVG.
pub const WEEK_SVG_ONLY: &str =
    "the week view is a calendar, drawn only as SVG: use `--format svg`";

/// How to write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Draws `view` of the plan in `format`. `today` decides which tasks are overdue, and which
/// week the week view shows; the week view's times are in UTC (see [`render_with`]).
pub fn render(
    ws: &Workspace,
    model: &Model,
    view: View,
    format: Format,
    today: Date,
) -> Result<String, GraphError> {
    render_with(ws, model, view, format, today, &Config::default())
}

/// Like [`render`], with the settings of `coord.toml`: the week view shows its times in
/// `timezone` (default UTC), which is also the zone of meetings that name none, and shades
/// the hours outside `working-hours`.
pub fn render_with(
    ws: &Workspace,
    model: &Model,
    view: View,
    format: Format,
    today: Date,
    config: &Config,
) -> Result<String, GraphError> {
    match view {
        View::Week => {
            if format != Format::Svg {
                return Err(GraphError(WEEK_SVG_ONLY.into()));
            }
            // The horizon from the week before, so that it holds every occurrence of today's
            // week in any zone (Sunday evening in one zone is Monday in another).
            let week_before =
                crate::date::from_days_since_epoch(crate::date::days_since_epoch(today) - 7);
            let schedules = Schedules::compute(
                model,
                config.timezone.as_deref(),
                config.working_hours,
                week_before,
            );
            Ok(week::week_svg(
                model,
                &schedules,
                crate::model::schedule::horizon_start(today),
                crate::date::to_civil(today),
                config.timezone.as_deref(),
            ))
        }
        View::Tasks | View::Teams => {
            let graph = match view {
                View::Tasks => views::tasks_graph(ws, model, today),
                _ => views::teams_graph(ws, model),
            };
            Ok(match format {
                Format::Dot => dot::to_dot(&graph),
                Format::Mermaid => mermaid::to_mermaid(&graph),
                Format::Svg => svg::to_svg(&graph),
            })
        }
        View::Timeline => {
            let timeline = timeline::timeline(ws, model, today);
            match format {
                Format::Mermaid => Ok(timeline::timeline_mermaid(&timeline)),
                Format::Svg => Ok(timeline::timeline_svg(&timeline)),
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
    /// Between two teams that have a person in common.
    SharedPerson,
}

pub(crate) struct EdgeStyle {
    pub(crate) color: &'static str,
    pub(crate) width: f32,
    /// SVG dash pattern; empty for a solid line.
    pub(crate) dash: &'static str,
    pub(crate) directed: bool,
    pub(crate) legend: &'static str,
}

impl EdgeKind {
    pub(crate) fn style(self) -> EdgeStyle {
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
            EdgeKind::SharedPerson => s("#17becf", 1.6, "", false, "a person in both teams"),
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

pub(crate) const FILLS: [&str; 10] = [
    "#dbe9f6", "#fde2c8", "#d7f0d2", "#f9d5d3", "#e6dcf1", "#efe0d6", "#f8e1f0", "#e6e6e6",
    "#f0f0c4", "#d4eff2",
];
pub(crate) const STROKES: [&str; 10] = [
    "#3b75af", "#d9822b", "#3a923a", "#c03d3e", "#7f5fa8", "#8d6a5a", "#c767a8", "#7f7f7f",
    "#a8a832", "#2fa9b8",
];
pub(crate) const DIM_FILL: &str = "#f4f4f4";
pub(crate) const DIM_STROKE: &str = "#c8c8c8";
pub(crate) const DIM_TEXT: &str = "#9a9a9a";
pub(crate) const RED: &str = "#d62728";
pub(crate) const ORANGE: &str = "#e6550d";
