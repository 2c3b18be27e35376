//! The command line: `coord check`, `explain`, `rules`, `fmt`, `graph`, `report`, `diff`, `import`
//! and `lsp`.

pub(crate) mod check;
pub(crate) mod diff;
pub(crate) mod explain;
pub(crate) mod fmt;
pub(crate) mod graph;
pub(crate) mod import;
mod progress;
pub mod render;
pub(crate) mod report;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status: the command ran and found no errors.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit status: errors were found (or warnings with `--deny-warnings`), or `fmt --check` found
/// files to reformat.
pub(crate) const EXIT_FINDINGS: u8 = 1;
/// Exit status: the command could not run (bad usage, unreadable input, invalid config).
pub(crate) const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "coord",
    version,
    about = "Coordination plans as code: check, format and explore .plan files",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check plan files and report problems (exit 1 on errors)
    Check(check::CheckArgs),
    /// Explain a rule, an item kind or a team coordination model
    Explain(explain::ExplainArgs),
    /// List the rules with their default levels
    Rules,
    /// Rewrite plan files in the canonical layout
    Fmt(fmt::FmtArgs),
    /// Draw the plan: task dependencies, teams and links, a timeline, or the week of meetings
    Graph(graph::GraphArgs),
    /// Write a status report of the plan
    Report(report::ReportArgs),
    /// Show what a plan change does to the organisation (for plan reviews)
    Diff(diff::DiffArgs),
    /// Write plan files from a Backstage catalog or calendar (.ics) exports
    Import(import::ImportArgs),
    /// Run the language server on standard input and output
    Lsp(LspArgs),
}

/// `coord lsp` options: what language clients pass by convention. Standard input and output
/// is the only transport, and the client's process id is not needed, so both are accepted
/// and change nothing (VS Code's client sends `--stdio`, some clients `--clientProcessId`).
#[derive(clap::Args, Debug)]
struct LspArgs {
    /// Speak LSP on standard input and output (the default and only transport)
    #[arg(long)]
    stdio: bool,
    /// The editor's process id (accepted and ignored)
    #[arg(long = "clientProcessId", value_name = "PID")]
    client_process_id: Option<String>,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Rules => explain::list_rules(),
        Command::Fmt(args) => fmt::run(args),
        Command::Graph(args) => graph::run(args),
        Command::Report(args) => report::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Import(args) => import::run(args),
        Command::Lsp(_) => crate::lsp::run(),
    }
}

/// Prints `coord: message` on standard error and returns the "could not run" status.
pub(crate) fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("coord: {message}");
    ExitCode::from(EXIT_USAGE)
}
