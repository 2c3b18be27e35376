//! `coord diff`: what a plan change does to the organisation, between two git revisions, a
//! revision and the working tree, or two folders.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{fail, EXIT_FINDINGS, EXIT_OK};
use crate::analysis::analyze;
use crate::diagnostic::Severity;
use crate::diff::git::{self, Side};
use crate::diff::{compare, render, Snapshot};
use crate::syntax::Date;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// For a terminal.
    Human,
    /// For a pull-request comment: a headline and collapsible details.
    Markdown,
    /// JSON, for other tools.
    Json,
}

#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  coord diff                      the working tree against where this branch left main
  coord diff main                 the working tree against main
  coord diff main HEAD examples/  two revisions, only the plan under examples/
  coord diff old/ new/            two folders

Items are matched by name, so moving items between files or reformatting them is no change.
Exit status: 1 when the change introduces errors (or warnings, with --deny-new-warnings),
0 otherwise — even when older findings remain; 2 when the diff could not be made.")]
pub struct DiffArgs {
    /// Up to two revisions (BASE, then HEAD; default: where the branch left the default branch,
    /// and the working tree), then the plan's files or folders. Two folders and no revision
    /// compare the folders.
    #[arg(value_name = "BASE HEAD PATH")]
    pub args: Vec<String>,
    /// How to write the diff.
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiffFormat,
    /// Exit 1 when the change introduces warnings too, not only errors.
    #[arg(long)]
    pub deny_new_warnings: bool,
    /// The date overdue work and schedules are measured against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::report::parse_today)]
    pub today: Option<Date>,
}

/// The two sides the arguments name.
fn sides(args: &DiffArgs) -> Result<(Side, Side), String> {
    let cwd = std::env::current_dir().map_err(|e| format!("the current folder: {e}"))?;
    let repo = git::repo_root(&cwd).ok();
    let mut revs: Vec<String> = Vec::new();
    let mut paths: Vec<PathBuf> = Vec::new();
    for a in &args.args {
        let is_rev = repo.as_deref().is_some_and(|r| git::is_revision(r, a));
        if is_rev && paths.is_empty() && revs.len() < 2 && !Path::new(a).exists() {
            revs.push(a.clone());
        } else {
            paths.push(PathBuf::from(a));
        }
    }
    for p in &paths {
        if !p.exists() {
            return Err(match &repo {
                Some(_) => format!(
                    "`{}` is neither a revision of this repository nor a file or folder",
                    p.display()
                ),
                None => format!("{}: no such file or folder", p.display()),
            });
        }
    }
    // Two folders, no revision: compare the folders.
    if revs.is_empty() && paths.len() == 2 && paths.iter().all(|p| p.is_dir()) {
        let before = git::load_folder(&paths[0].display().to_string(), &paths[..1])
            .map_err(|e| e.to_string())?;
        let after = git::load_folder(&paths[1].display().to_string(), &paths[1..])
            .map_err(|e| e.to_string())?;
        return Ok((before, after));
    }
    let repo = git::repo_root(&cwd).map_err(|e| e.to_string())?;
    // The scope inside the repository, as paths relative to its top folder.
    let repo_canon = repo.canonicalize().unwrap_or(repo.clone());
    let mut scope = Vec::new();
    for p in if paths.is_empty() {
        vec![cwd.clone()]
    } else {
        paths.clone()
    } {
        let abs = cwd
            .join(&p)
            .canonicalize()
            .map_err(|e| format!("{}: {e}", p.display()))?;
        let rel = abs.strip_prefix(&repo_canon).map_err(|_| {
            format!(
                "{} is outside the repository at {}",
                p.display(),
                repo.display()
            )
        })?;
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !rel.is_empty() {
            scope.push(rel);
        }
    }
    let base_rev = match revs.first() {
        Some(r) => r.clone(),
        None => git::default_base(&repo),
    };
    let before = git::load_revision(&repo, &base_rev, &scope).map_err(|e| e.to_string())?;
    let after = match revs.get(1) {
        Some(head) => git::load_revision(&repo, head, &scope).map_err(|e| e.to_string())?,
        None => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            git::load_folder("the working tree", &paths).map_err(|e| e.to_string())?
        }
    };
    Ok((before, after))
}

/// A side whose plan does not parse cannot be compared: the first syntax error, located.
fn parse_problem(side: &Side) -> Option<String> {
    let errors: usize = side.ws.files.iter().map(|f| f.syntax.errors.len()).sum();
    let (file, e) = side
        .ws
        .files
        .iter()
        .find_map(|f| f.syntax.errors.first().map(|e| (f, e)))?;
    let (line, col) = file.line_col_chars(e.span.start());
    Some(format!(
        "{}: {}:{}:{}: {} ({} syntax error{} in all); fix the plan on that side, or compare other revisions",
        side.label,
        file.path,
        line + 1,
        col + 1,
        e.message,
        errors,
        if errors == 1 { "" } else { "s" }
    ))
}

pub fn run(args: DiffArgs) -> ExitCode {
    let (before, after) = match sides(&args) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    for side in [&before, &after] {
        if let Some(problem) = parse_problem(side) {
            return fail(problem);
        }
    }
    let today = args.today.unwrap_or_else(crate::analysis::today);
    let snapshot = |side: &Side| {
        let analysis = analyze(&side.ws, &side.config, today);
        Snapshot::of(&side.ws, &analysis, &side.config)
    };
    let diff = compare(&snapshot(&before), &snapshot(&after));
    let text = match args.format {
        DiffFormat::Human => render::human(&diff, &before.label, &after.label),
        DiffFormat::Markdown => render::markdown(&diff, &before.label, &after.label),
        DiffFormat::Json => render::json(&diff, &before.label, &after.label),
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(text.as_bytes()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return fail(format_args!("writing the diff: {e}"));
        }
    }
    let denied = diff.introduced_count(Severity::Error) > 0
        || (args.deny_new_warnings && diff.introduced_count(Severity::Warning) > 0);
    ExitCode::from(if denied { EXIT_FINDINGS } else { EXIT_OK })
}
