//! `coord import`: plan items from the organisation's other sources of truth — a Backstage
//! catalog (teams and people) and iCalendar exports (meetings).
//!
//! Each importer reads its inputs, collects [`Problem`]s (bad input, reported per entity with
//! its file and line, then skipped) and [`Note`]s (things left out on purpose), and returns
//! [`PlanFile`]s: canonical `coord fmt` text with a header comment saying where it came from
//! and how to re-run the import. Writing them (never over an existing file without
//! `--force`) is [`write_plan_files`]'s job.

pub mod backstage;
pub mod ics;
pub mod names;
pub mod windows_zones;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Bad input that was skipped: where it is, what it is, what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `file:line`, or just the file.
    pub location: String,
    /// The entity or event concerned (`Group platform`, `event "Design review"`), if any.
    pub subject: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.subject {
            Some(s) => write!(f, "{}: {}: {}", self.location, s, self.message),
            None => write!(f, "{}: {}", self.location, self.message),
        }
    }
}

/// What an import found: problems make the run exit 1; notes are information only.
#[derive(Debug, Default)]
pub struct Findings {
    pub problems: Vec<Problem>,
    pub notes: Vec<String>,
}

impl Findings {
    pub fn problem(
        &mut self,
        location: impl Into<String>,
        subject: Option<String>,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem {
            location: location.into(),
            subject,
            message: message.into(),
        });
    }
}

/// `file:line` with the file shown as given.
pub fn at(file: &Path, line: usize) -> String {
    format!("{}:{line}", file.display())
}

/// One value in a generated field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A name (a reference or an enum word): written as is.
    Ident(String),
    /// A string: quoted and escaped.
    Str(String),
    /// A date, time or duration, already in plan syntax (`2026-12-02`, `09:30`, `45m`).
    Literal(String),
}

/// One generated plan item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    pub kind: &'static str,
    pub name: String,
    pub title: Option<String>,
    /// Doc comment lines (written as `## line` above the item).
    pub doc: Vec<String>,
    pub fields: Vec<(&'static str, Vec<Value>)>,
}

impl PlanItem {
    pub fn new(kind: &'static str, name: String, title: Option<String>) -> PlanItem {
        PlanItem {
            kind,
            name,
            title,
            doc: Vec::new(),
            fields: Vec::new(),
        }
    }

    /// Adds a field unless `values` is empty.
    pub fn field(&mut self, key: &'static str, values: Vec<Value>) {
        if !values.is_empty() {
            self.fields.push((key, values));
        }
    }
}

/// A plan string literal for `text` (control characters other than newline and tab dropped:
/// the language has no escape for them).
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text of a plan file: `header` as `#` comment lines, a blank line, then the items in
/// the canonical layout (see `grammar/README.md`). The text is passed through
/// [`crate::fmt::format`] so it is exactly what `coord fmt` would write; should the formatter
/// refuse it (a plan language older than the fields used), the generated text, which follows
/// the same layout, is kept.
pub fn render_plan(header: &[String], items: &[PlanItem]) -> String {
    let mut text = String::new();
    for line in header {
        if line.is_empty() {
            text.push_str("#\n");
        } else {
            let _ = writeln!(text, "# {line}");
        }
    }
    for item in items {
        text.push('\n');
        for line in &item.doc {
            let line = line.trim_end();
            if line.is_empty() {
                text.push_str("##\n");
            } else {
                let _ = writeln!(text, "## {line}");
            }
        }
        let _ = write!(text, "{} {}", item.kind, item.name);
        if let Some(title) = &item.title {
            let _ = write!(text, " {}", quote(title));
        }
        if item.fields.is_empty() {
            text.push('\n');
            continue;
        }
        text.push_str(" {\n");
        for (key, values) in &item.fields {
            let values: Vec<String> = values
                .iter()
                .map(|v| match v {
                    Value::Ident(s) | Value::Literal(s) => s.clone(),
                    Value::Str(s) => quote(s),
                })
                .collect();
            let _ = writeln!(text, "  {key} {}", values.join(", "));
        }
        text.push_str("}\n");
    }
    crate::fmt::format(&text).unwrap_or(text)
}

/// A plan file an import produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFile {
    /// The file's name in the output folder (`teams.plan`).
    pub file_name: String,
    pub text: String,
    /// What it holds, for the summary (`12 teams`).
    pub summary: String,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum WriteError {
    /// These files exist and `--force` was not given.
    Exists(Vec<PathBuf>),
    Io(String),
}

/// Writes `files` into `dir` (created when missing). Nothing is written when one of them
/// exists and `force` is false. Each file is written to a temporary file next to it and
/// renamed, so an interrupted run leaves the old file or the new one.
pub fn write_plan_files(
    dir: &Path,
    files: &[PlanFile],
    force: bool,
) -> Result<Vec<PathBuf>, WriteError> {
    let paths: Vec<PathBuf> = files.iter().map(|f| dir.join(&f.file_name)).collect();
    if !force {
        let existing: Vec<PathBuf> = paths.iter().filter(|p| p.exists()).cloned().collect();
        if !existing.is_empty() {
            return Err(WriteError::Exists(existing));
        }
    }
    if let Some(p) = paths.iter().find(|p| p.is_dir()) {
        return Err(WriteError::Io(format!(
            "{} is a folder, not a file: choose another output folder with -o",
            p.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        WriteError::Io(format!(
            "cannot create the output folder {}: {}",
            dir.display(),
            crate::workspace::io_message(&e)
        ))
    })?;
    for (file, path) in files.iter().zip(&paths) {
        let tmp = dir.join(format!(".{}.coord-import.tmp", file.file_name));
        let written = std::fs::write(&tmp, &file.text).and_then(|()| std::fs::rename(&tmp, path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(WriteError::Io(format!(
                "cannot write {}: {}",
                path.display(),
                crate::workspace::io_message(&e)
            )));
        }
    }
    Ok(paths)
}

/// The header lines every imported file starts with: the source (`what`, then each path
/// as given on its own line), and how to re-run.
pub fn header(what: &str, paths: &[PathBuf], command: &str, extra: &[&str]) -> Vec<String> {
    let mut lines = vec![format!("Imported by `coord import` from {what}:")];
    lines.extend(paths.iter().map(|p| format!("  {}", p.display())));
    lines.extend([
        "To pick up changes there, re-run".to_string(),
        format!("  {command} --force"),
        "and review what the change does with `coord diff HEAD` before committing. A".to_string(),
        "re-import replaces this file: edits made here show up in that diff as undone.".to_string(),
    ]);
    lines.extend(extra.iter().map(|s| s.to_string()));
    lines
}

#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_items_follow_the_canonical_layout() {
        let mut team = PlanItem::new("team", "platform".into(), Some("Platform \"core\"".into()));
        team.doc.push("Owns the API.".into());
        team.field(
            "members",
            vec![Value::Ident("bob".into()), Value::Ident("carol".into())],
        );
        team.field("parent", vec![]);
        let bob = PlanItem::new("person", "bob".into(), None);
        let text = render_plan(&["From a test.".into()], &[team, bob]);
        assert_eq!(
            text,
            "# From a test.\n\n## Owns the API.\nteam platform \"Platform \\\"core\\\"\" {\n  members bob, carol\n}\n\nperson bob\n"
        );
        assert_eq!(crate::fmt::format(&text).unwrap(), text);
    }
}
