//! `coord check [PATH...]`: load the workspace, analyse it, write the findings.
//!
//! Exit status: 0 no errors; 1 errors (or warnings with `--deny-warnings`); 2 the check could
//! not run (bad usage, a missing or unreadable path, a file that is not UTF-8, an invalid
//! `coord.toml`), with one line `coord: ...` on standard error naming what is wrong.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::render::{self, Format};
use super::{EXIT_FINDINGS, EXIT_OK};
use crate::config::Config;
use crate::date::parse_today;
use crate::diagnostic::Summary;
use crate::host::Host;
use crate::syntax::Date;
use crate::workspace::{self, Workspace};

/// The name standard input is shown under.
pub const STDIN_NAME: &str = "<stdin>";

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Plan files, and directories to search for `.plan` files (default: the current
    /// directory). `-` alone reads one plan from standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// How to write the findings. `github` prints the summary line on standard error.
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    pub format: Format,

    /// Exit with status 1 when there are warnings, not only errors.
    #[arg(long)]
    pub deny_warnings: bool,

    /// The date `overdue-task` compares due dates with, as YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    pub today: Option<Date>,

    /// The `coord.toml` to use, instead of looking for one next to the first path and in its
    /// parent directories.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Runs the check and prints the findings on standard output.
pub fn run(args: CheckArgs) -> ExitCode {
    let reads_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if reads_stdin && args.paths.len() > 1 {
        return super::fail(
            "`-` (a plan on standard input) cannot be combined with other paths; check them in separate runs",
        );
    }
    // Not while a plan is typed or piped in on standard input: the line would draw over it.
    let progress = super::progress::Progress::start(
        super::progress::wanted() && !reads_stdin,
        "reading plans",
    );
    let ws = if reads_stdin {
        match read_stdin() {
            Ok(text) => Workspace::from_texts(vec![(STDIN_NAME.to_string(), text)]),
            Err(message) => {
                drop(progress);
                return super::fail(format_args!("{STDIN_NAME}: {message}"));
            }
        }
    } else {
        match workspace::load(&args.paths) {
            Ok(ws) => ws,
            Err(e) => {
                // Cleared first, so the message is not written into the progress line.
                drop(progress);
                return super::fail(e);
            }
        }
    };
    let config = match &args.config {
        Some(path) => Config::load(path),
        None => {
            let start = match args.paths.first() {
                Some(p) if !reads_stdin => p.as_path(),
                _ => Path::new("."),
            };
            Config::discover(start)
        }
    };
    let config = match config {
        Ok(c) => c,
        Err(e) => {
            drop(progress);
            return super::fail(e);
        }
    };
    let host = Host::new(ws, config).with_today(args.today.unwrap_or_else(crate::date::today));
    let ws = host.workspace();
    progress.step(&format!(
        "checking {} plan file{}",
        ws.files.len(),
        if ws.files.len() == 1 { "" } else { "s" }
    ));
    let analysis = host.analyze();
    // Cleared before the findings are written, so the two never mix on a terminal.
    drop(progress);
    let summary = Summary::of(&analysis.diagnostics, ws.files.len());

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let color = args.format == Format::Human && render::stdout_color();
    let written = render::render(
        args.format,
        ws,
        &analysis.diagnostics,
        &summary,
        color,
        &mut out,
    )
    .and_then(|()| out.flush());
    if let Err(e) = written {
        // A closed pipe (`coord check | head`) is not worth a message; anything else is.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return super::fail(format_args!("cannot write the findings: {e}"));
        }
    }
    if args.format == Format::Github {
        let _ = writeln!(std::io::stderr(), "{}", render::summary_line(&summary));
    }
    let failed = summary.errors > 0 || (args.deny_warnings && summary.warnings > 0);
    // The process ends here: freeing millions of small allocations one by one would only
    // cost time (a tenth of a large check), so leave that to the operating system.
    std::mem::forget(analysis);
    std::mem::forget(host);
    ExitCode::from(if failed { EXIT_FINDINGS } else { EXIT_OK })
}

fn read_stdin() -> Result<String, String> {
    let mut bytes = Vec::new();
    // The same limit as for files: `coord check - < /dev/zero` must not fill memory.
    std::io::stdin()
        .lock()
        .take(workspace::MAX_PLAN_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read: {}", workspace::io_message(&e)))?;
    if bytes.len() as u64 > workspace::MAX_PLAN_BYTES {
        return Err(format!(
            "is larger than {} MB, the most a plan file may be",
            workspace::MAX_PLAN_BYTES >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not valid UTF-8 (invalid byte at offset {}); plan files must be UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}
