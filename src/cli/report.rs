//! `coord report`: a status report of the plan as Markdown, JSON or a self-contained HTML page.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{fail, EXIT_OK};
use crate::analysis::analyze;
use crate::config::Config;
use crate::graph::{self, Format as GraphFormat, View};
use crate::report;
use crate::syntax::Date;
use crate::workspace::{load, Workspace};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Markdown, for a pull-request comment or a wiki page.
    Markdown,
    /// JSON, stable and documented in docs/graph-and-report.md.
    Json,
    /// One self-contained HTML page with the teams drawing inline.
    Html,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    /// Files or folders that make up the plan (every .plan file under a folder). Default: the
    /// current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How to write the report.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: ReportFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The date overdue work is measured against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<Date>,
}

pub use crate::date::parse_today;

/// Loads the plan under `paths` and its `coord.toml` (looked up from the first path, or the
/// current folder). On failure, the message is printed and the exit status returned.
pub(super) fn load_plan(paths: &[PathBuf]) -> Result<(Workspace, Config), ExitCode> {
    let ws = load(paths).map_err(fail)?;
    let start = paths.first().map_or(Path::new("."), PathBuf::as_path);
    let config = Config::discover(start).map_err(fail)?;
    let syntax_errors: usize = ws.files.iter().map(|f| f.syntax.errors.len()).sum();
    if syntax_errors > 0 {
        eprintln!(
            "coord: note: the plan has {syntax_errors} syntax error{}; what could not be read is left out (run `coord check`)",
            if syntax_errors == 1 { "" } else { "s" }
        );
    }
    Ok((ws, config))
}

/// Writes `text` to `output`, or to standard output.
pub(super) fn emit(text: &str, output: Option<&Path>) -> ExitCode {
    use std::io::Write;
    match output {
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => ExitCode::from(EXIT_OK),
            Err(e) => fail(format_args!(
                "{}: cannot be written: {}",
                path.display(),
                crate::workspace::io_message(&e)
            )),
        },
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => ExitCode::from(EXIT_OK),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_OK),
                Err(e) => fail(format_args!(
                    "standard output cannot be written: {}",
                    crate::workspace::io_message(&e)
                )),
            }
        }
    }
}

pub fn run(args: ReportArgs) -> ExitCode {
    let (ws, config) = match load_plan(&args.paths) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let today = args.today.unwrap_or_else(crate::date::today);
    let analysis = analyze(&ws, &config, today);
    let report = report::build(&ws, &analysis, &config, today);
    let text = match args.format {
        ReportFormat::Markdown => report::to_markdown(&report),
        ReportFormat::Json => report::to_json(&report),
        ReportFormat::Html => {
            let svg = graph::render(&ws, &analysis.model, View::Teams, GraphFormat::Svg, today)
                .unwrap_or_default();
            report::to_html(&report, &svg)
        }
    };
    emit(&text, args.output.as_deref())
}
