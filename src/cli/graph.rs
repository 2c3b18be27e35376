//! `coord graph`: draw the plan — task dependencies, teams and their links, a timeline, or the
//! week's meetings as a calendar — as Graphviz DOT, Mermaid or SVG.

use std::path::PathBuf;
use std::process::ExitCode;

use super::fail;
use super::report::{emit, load_plan, parse_today};
use crate::graph::{self, render_with};
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
    /// How to write it (default: mermaid; svg for the week view). The timeline is a gantt
    /// chart: mermaid or svg; the week view is svg only.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The date overdue tasks are measured against, and whose week the week view shows
    /// (default: today).
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
    /// The scheduled meetings of the week that contains `--today`, as an SVG calendar: one
    /// column per day, one band per hour, clashes outlined in red, times in `coord.toml`'s
    /// `timezone` (default UTC).
    Week,
}

impl From<ViewArg> for graph::View {
    fn from(v: ViewArg) -> Self {
        match v {
            ViewArg::Tasks => graph::View::Tasks,
            ViewArg::Teams => graph::View::Teams,
            ViewArg::Timeline => graph::View::Timeline,
            ViewArg::Week => graph::View::Week,
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
    let format = args.format.unwrap_or(if args.view == ViewArg::Week {
        FormatArg::Svg
    } else {
        FormatArg::Mermaid
    });
    if args.view == ViewArg::Timeline && format == FormatArg::Dot {
        return fail("the timeline view is a gantt chart, which Graphviz does not draw: use `--format mermaid` or `--format svg`");
    }
    if args.view == ViewArg::Week && format != FormatArg::Svg {
        return fail(graph::WEEK_SVG_ONLY);
    }
    let (ws, config) = match load_plan(&args.paths) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let today = args.today.unwrap_or_else(crate::date::today);
    let model = Model::build(&ws);
    match render_with(&ws, &model, args.view.into(), format.into(), today, &config) {
        Ok(text) => emit(&text, args.output.as_deref()),
        Err(e) => fail(e),
    }
}
