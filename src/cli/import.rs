//! `coord import backstage|ics`: write plan files from a Backstage catalog or calendar
//! exports (see `crate::import` for the mapping).
//!
//! Exit status: 0 everything was imported; 1 some input was reported and skipped, the rest
//! written; 2 nothing could be imported, a path is missing, or an output file exists without
//! `--force` — and then nothing is written.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{fail, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::import::{self, Findings, PlanFile, WriteError};

#[derive(clap::Args)]
#[command(after_long_help = "\
Examples:
  coord import backstage catalog-info.yaml -o plan
  coord import ics team.ics --people plan -o plan
  coord import ics team.ics --people plan --add-people -o plan --force

Output files are canonical `coord fmt` text with a header saying where they came from. \
An existing file is never overwritten without --force. To keep a plan in sync, re-run the \
same import with --force and review what the change does with `coord diff HEAD`.

Exit status: 0 all imported; 1 some input was reported and skipped, the rest written; \
2 nothing importable, a missing path, or an output file that exists (nothing written).")]
pub struct ImportArgs {
    #[command(subcommand)]
    pub source: Source,
}

#[derive(clap::Subcommand)]
pub enum Source {
    /// Teams and people from Backstage catalog files (Group, User and Location entities)
    #[command(long_about = "\
Teams and people from Backstage catalog files.

Reads Group and User entities from the YAML files given (folders: every .yaml and .yml file \
under them; a file may hold several documents) and from the local files their Location \
entities point at (`spec.target`/`spec.targets`, relative to the location file; globs \
allowed). Writes teams.plan (a team per Group: title from spec.profile.displayName, members \
from spec.members and the users' spec.memberOf, parent from spec.parent or a parent's \
spec.children) and people.plan (a person per User, with spec.profile.displayName and email). \
Names are the entities' names made valid plan names, unique across both files. Backstage has \
no team lead, so teams have no `lead`: add leads after importing. Entities of other kinds, \
references to entities not in the files, and files that are not YAML are reported with their \
file and line and skipped.")]
    Backstage(BackstageArgs),
    /// Meetings from iCalendar (.ics) exports: recurring events become meetings
    #[command(long_about = "\
Meetings from iCalendar (.ics) exports (Google Calendar, Outlook, Apple Calendar, Fastmail...).

Each recurring event becomes a meeting: SUMMARY gives its title and name; RRULE its cadence \
and days (daily, weekly, every second week, the n-th weekday monthly or every third month); \
DTSTART its time, time zone (Windows zone names are mapped to IANA) and `starts` date; \
DTEND or DURATION its length; ORGANIZER its owner; ATTENDEE addresses its attendees, matched \
by email against the people of the plan in --people. Attendees with no match are listed and \
left out, or added as new people in calendar-people.plan with --add-people. Rooms, \
resources and declined attendees are left out. One-off, all-day and cancelled events are \
counted and left out; recurrence the plan cannot express (yearly, a day of the month, the \
last Friday, a fixed number of occurrences) is reported with its file and line and skipped. \
Writes meetings.plan.")]
    Ics(IcsArgs),
}

#[derive(clap::Args)]
pub struct BackstageArgs {
    /// Catalog YAML files, or folders to read every .yaml/.yml file under
    #[arg(value_name = "FILE|DIR", required = true)]
    pub paths: Vec<PathBuf>,
    /// The folder to write teams.plan and people.plan into
    #[arg(short = 'o', long = "output", value_name = "DIR", default_value = ".")]
    pub output: PathBuf,
    /// Replace output files that already exist
    #[arg(long)]
    pub force: bool,
}

#[derive(clap::Args)]
pub struct IcsArgs {
    /// iCalendar files (.ics)
    #[arg(value_name = "FILE", required = true)]
    pub paths: Vec<PathBuf>,
    /// The folder to write meetings.plan (and calendar-people.plan) into
    #[arg(short = 'o', long = "output", value_name = "DIR", default_value = ".")]
    pub output: PathBuf,
    /// A folder of plan files whose people are matched to attendees by `email`
    #[arg(long, value_name = "DIR")]
    pub people: Option<PathBuf>,
    /// Add attendees who match no person as new people (calendar-people.plan)
    #[arg(long)]
    pub add_people: bool,
    /// Replace output files that already exist
    #[arg(long)]
    pub force: bool,
    /// Treat this date as today (YYYY-MM-DD): series that ended before it are left out
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

pub fn run(args: ImportArgs) -> ExitCode {
    match args.source {
        Source::Backstage(a) => backstage(a),
        Source::Ics(a) => ics(a),
    }
}

/// The command line to re-run, for the files' header (paths as given).
fn command_line(
    kind: &str,
    paths: &[PathBuf],
    output: &std::path::Path,
    extra: &[String],
) -> String {
    let mut parts = vec![format!("coord import {kind}")];
    parts.extend(paths.iter().map(|p| shell_word(&p.display().to_string())));
    parts.extend(extra.iter().cloned());
    parts.push(format!("-o {}", shell_word(&output.display().to_string())));
    parts.join(" ")
}

fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "-_./:@+=,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn missing_path(paths: &[PathBuf]) -> Option<ExitCode> {
    paths.iter().find(|p| !p.exists()).map(|p| {
        fail(format!(
            "{}: no such file or folder (check the path; nothing was imported)",
            p.display()
        ))
    })
}

fn backstage(args: BackstageArgs) -> ExitCode {
    if let Some(code) = missing_path(&args.paths) {
        return code;
    }
    let command = command_line("backstage", &args.paths, &args.output, &[]);
    let mut findings = Findings::default();
    let imported = import::backstage::import(&args.paths, &command, &mut findings);
    finish(&args.output, &imported.files, args.force, &findings)
}

fn ics(args: IcsArgs) -> ExitCode {
    if let Some(code) = missing_path(&args.paths) {
        return code;
    }
    if let Some(dir) = &args.people {
        if !dir.is_dir() {
            return fail(format!(
                "--people {}: not a folder of plan files (nothing was imported)",
                dir.display()
            ));
        }
    }
    let today = match &args.today {
        Some(t) => match t.parse::<jiff::civil::Date>() {
            Ok(d) => Some(d),
            Err(_) => return fail(format!("--today {t}: not a date (YYYY-MM-DD)")),
        },
        None => None,
    };
    let mut extra = Vec::new();
    if let Some(p) = &args.people {
        extra.push(format!("--people {}", shell_word(&p.display().to_string())));
    }
    if args.add_people {
        extra.push("--add-people".to_string());
    }
    let command = command_line("ics", &args.paths, &args.output, &extra);
    let options = import::ics::Options {
        people: args.people.clone(),
        add_people: args.add_people,
        replacing: ["meetings.plan", "calendar-people.plan"]
            .iter()
            .map(|f| args.output.join(f))
            .collect(),
        today,
    };
    let mut findings = Findings::default();
    match import::ics::import(&args.paths, &options, &command, &mut findings) {
        Ok(imported) => finish(&args.output, &imported.files, args.force, &findings),
        Err(e) => fail(format!("cannot read the plan given with --people: {e}")),
    }
}

/// Reports, writes, and picks the exit status.
fn finish(
    output: &std::path::Path,
    files: &[PlanFile],
    force: bool,
    findings: &Findings,
) -> ExitCode {
    for p in &findings.problems {
        eprintln!("{p}");
    }
    for n in &findings.notes {
        eprintln!("note: {n}");
    }
    if files.is_empty() {
        return fail(if findings.problems.is_empty() {
            "nothing to import: the input holds no importable entities or recurring events"
        } else {
            "nothing could be imported (see the problems above); nothing was written"
        });
    }
    match import::write_plan_files(output, files, force) {
        Ok(paths) => {
            for (file, path) in files.iter().zip(&paths) {
                println!("wrote {} ({})", path.display(), file.summary);
            }
            if findings.problems.is_empty() {
                ExitCode::from(EXIT_OK)
            } else {
                eprintln!(
                    "coord: {} problem{} reported above: that input was skipped, the rest written",
                    findings.problems.len(),
                    if findings.problems.len() == 1 {
                        ""
                    } else {
                        "s"
                    }
                );
                ExitCode::from(EXIT_FINDINGS)
            }
        }
        Err(WriteError::Exists(paths)) => {
            let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            eprintln!(
                "coord: {} already exist{}: nothing was written. Re-run with --force to \
                 replace {}, or choose another folder with -o.",
                list.join(", "),
                if paths.len() == 1 { "s" } else { "" },
                if paths.len() == 1 { "it" } else { "them" }
            );
            ExitCode::from(EXIT_USAGE)
        }
        Err(WriteError::Io(message)) => fail(message),
    }
}
