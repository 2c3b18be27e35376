//! `coord graph`: draw the plan — task dependencies, teams and their links, or a timeline —
//! as Graphviz DOT, Mermaid or SVG.

use std::path::PathBuf;
use std::process::ExitCode;

use super::fail;
use super::report::{emit, load_plan, parse_today};
use crate::graph::{render, Format, View};
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
    pub view: View,
    /// How to write it (the timeline is a gantt chart: mermaid or svg).
    #[arg(long, value_enum, default_value = "mermaid")]
    pub format: Format,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The date overdue tasks are measured against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<Date>,
}

pub fn run(args: GraphArgs) -> ExitCode {
    if args.view == View::Timeline && args.format == Format::Dot {
        return fail("the timeline view is a gantt chart, which Graphviz does not draw: use `--format mermaid` or `--format svg`");
    }
    let (ws, _config) = match load_plan(&args.paths) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let today = args.today.unwrap_or_else(crate::date::today);
    let model = Model::build(&ws);
    match render(&ws, &model, args.view, args.format, today) {
        Ok(text) => emit(&text, args.output.as_deref()),
        Err(e) => fail(e),
    }
}
