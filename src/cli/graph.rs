//! `coord graph`: draw the plan — task dependencies, teams and their links, or a timeline —
//! as Graphviz DOT, Mermaid or SVG.

use std::path::PathBuf;
use std::process::ExitCode;

use super::fail;
use super::report::{emit, load_plan, parse_today};
use crate::graph::{self, render};
use crate::model::Model;
use crate::syntax::Date;

#[derive(clap::Args)]
pub struct GraphArgs {
    /// Files or folders that make up the plan (every .plan file under a folder). Default: the
    /// current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// What to draw.
    #[arg(long, value_enum, default_value = "tasks")]
    pub view: ViewArg,
    /// How to write it (the timeline is a gantt chart: mermaid or svg).
    #[arg(long, value_enum, default_value = "mermaid")]
    pub format: FormatArg,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The date overdue tasks are measured against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<Date>,
}

/// `--view`: what to draw (the library's [`graph::View`], named for the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ViewArg {
    /// Task dependencies, grouped by owning team, with cycles and uncoordinated cross-team
    /// dependencies highlighted.
    Tasks,
    /// The team hierarchy and the coordination links between teams.
    Teams,
    /// A timeline of the tasks with dates (Mermaid gantt chart, or SVG).
    Timeline,
}

impl From<ViewArg> for graph::View {
    fn from(v: ViewArg) -> Self {
        match v {
            ViewArg::Tasks => graph::View::Tasks,
            ViewArg::Teams => graph::View::Teams,
            ViewArg::Timeline => graph::View::Timeline,
        }
    }
}

/// `--format`: how to write it (the library's [`graph::Format`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Graphviz DOT (render with `dot -Tsvg`).
    Dot,
    /// Mermaid (renders in GitHub and GitLab Markdown).
    Mermaid,
    /// A standalone SVG image.
    Svg,
}

impl From<FormatArg> for graph::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Dot => graph::Format::Dot,
            FormatArg::Mermaid => graph::Format::Mermaid,
            FormatArg::Svg => graph::Format::Svg,
        }
    }
}

pub fn run(args: GraphArgs) -> ExitCode {
    if args.view == ViewArg::Timeline && args.format == FormatArg::Dot {
        return fail("the timeline view is a gantt chart, which Graphviz does not draw: use `--format mermaid` or `--format svg`");
    }
    let (ws, _config) = match load_plan(&args.paths) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let today = args.today.unwrap_or_else(crate::date::today);
    let model = Model::build(&ws);
    match render(&ws, &model, args.view.into(), args.format.into(), today) {
        Ok(text) => emit(&text, args.output.as_deref()),
        Err(e) => fail(e),
    }
}
