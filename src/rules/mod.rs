//! The rules: one file each, carrying its code, default level, documentation and check.
//!
//! A rule's documentation is the single text behind `coord explain CODE`, editor hover on a
//! diagnostic, and the README's rule table.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::schedule::Schedules;
use crate::model::Model;
use crate::syntax::Date;
use crate::workspace::Workspace;
use std::sync::OnceLock;

pub struct Rule {
    /// The code, which is also its name: `unowned-task`.
    pub code: &'static str,
    pub default_severity: Severity,
    /// When it fires, in one line (the rule table).
    pub summary: &'static str,
    /// Markdown with the sections `## What it checks`, `## Why it matters`, `## How to fix`
    /// and `## Example` (a ```plan block that triggers it).
    pub doc: &'static str,
    pub check: fn(&Context, &mut Vec<Diagnostic>),
    /// The model's lists it reads, directly or through facts derived from them: when an edit
    /// changed none of them, what it found before still holds (moved with the text).
    pub reads: crate::model::edit::Facts,
    /// How what it finds depends on where: after an edit, a rule that reads what changed runs
    /// again on the part its findings there may have changed in, when it can say.
    pub finds: Finds,
}

/// What a rule's findings are about, for running it again on part of a plan after an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finds {
    /// Anything anywhere: it runs again whole.
    Anywhere,
    /// File by file: what it finds about a file's entries depends only on them and the names
    /// defined, and is in that file. It runs again on the changed files only
    /// ([`Context::checks`]), keeping what it found in the others.
    ByFile,
    /// Task by task, each finding in the item of the task it is about: what it finds about a
    /// task depends only on the organisation, the task, and the tasks `Reach` says (their
    /// owners, dependencies, dates and items). After an edit of tasks alone it runs again on
    /// the tasks whose findings that edit may change ([`Context::checks_task`]), keeping what
    /// it found about the others.
    ByTask(Reach),
}

/// Which other tasks a rule that finds task by task reads for a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The tasks that wait on it, directly or through others.
    Waiting,
    /// The tasks it depends on and those that depend on it, directly.
    Direct,
}

/// What a rule sees.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub ws: &'a Workspace,
    pub model: &'a Model,
    /// Meeting occurrences over the horizon, clashes and out-of-hours meetings: computed by
    /// the first rule (or thread) that reads them, while the other rules run.
    pub schedules: LazySchedules<'a>,
    pub config: &'a Config,
    pub today: Date,
    /// The files to check, for a rule that finds file by file ([`Finds::ByFile`]); `None`:
    /// every file.
    pub files: Option<&'a [bool]>,
    /// The tasks to check, for a rule that finds task by task ([`Finds::ByTask`]);
    /// `None`: every task.
    pub tasks: Option<&'a [bool]>,
}

impl Context<'_> {
    /// Whether a rule that finds file by file checks `file`.
    pub fn checks(&self, file: crate::workspace::FileId) -> bool {
        self.files.is_none_or(|files| files[file.index()])
    }

    /// Whether a rule that finds task by task checks task `task`.
    pub fn checks_task(&self, task: usize) -> bool {
        self.tasks.is_none_or(|tasks| tasks[task])
    }
}

/// The schedules of a check, computed once, on first use, by whichever thread reads them
/// first; a thread that reads them meanwhile waits for that one.
#[derive(Clone, Copy)]
pub struct LazySchedules<'a> {
    cell: &'a OnceLock<Schedules>,
    model: &'a Model,
    config: &'a Config,
    today: Date,
}

impl<'a> LazySchedules<'a> {
    pub fn new(
        cell: &'a OnceLock<Schedules>,
        model: &'a Model,
        config: &'a Config,
        today: Date,
    ) -> LazySchedules<'a> {
        LazySchedules {
            cell,
            model,
            config,
            today,
        }
    }
}

impl std::ops::Deref for LazySchedules<'_> {
    type Target = Schedules;
    fn deref(&self) -> &Schedules {
        self.cell
            .get_or_init(|| schedules_for(self.model, self.config, self.today))
    }
}

/// The schedules as `config` asks for them (its zone and working hours), from `today`'s week.
pub fn schedules_for(model: &Model, config: &Config, today: Date) -> Schedules {
    Schedules::compute(
        model,
        config.timezone.as_deref(),
        config.working_hours,
        today,
    )
}

macro_rules! rules {
    ($($module:ident),* $(,)?) => {
        $(pub mod $module;)*
        /// Every rule, in the order of the spec's table.
        pub static ALL: &[&Rule] = &[$(&$module::RULE),*];
    };
}

rules!(
    syntax,
    unknown_field,
    duplicate_definition,
    undefined_reference,
    wrong_kind,
    invalid_date,
    unowned_task,
    dependency_cycle,
    hierarchy_cycle,
    oversized_meeting,
    due_before_dependency,
    liaison_to_own_team,
    liaison_not_member,
    liaison_already_member,
    liaison_without_needs,
    liaison_without_meetings,
    liaison_sprawl,
    rotation_without_period,
    empty_team,
    meeting_overload,
    uncoordinated_dependency,
    blocking_fan_out,
    orphan_person,
    overdue_task,
    meeting_clash,
    meeting_outside_hours,
);

pub fn rule(code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code == code)
}

/// An edit that adds the field `line` (e.g. `owner alice`) to `item`, as the last field of
/// its block, creating the block when the item has none. Keeps the block's layout: on a new
/// line in a multi-line block, inline in a one-line block.
pub fn insert_field(
    ws: &Workspace,
    file: crate::workspace::FileId,
    item: &crate::syntax::Item,
    line: &str,
) -> crate::diagnostic::TextEdit {
    use crate::diagnostic::TextEdit;
    use crate::syntax::Span;
    let syntax = &ws.file(file).syntax;
    let text = &ws.file(file).text;
    match &item.block {
        Some(block) => {
            let close = block.close.map_or(item.span.end(), |c| c.start());
            let multi_line = text[block.open.end()..close].contains('\n');
            if multi_line {
                // Insert at the start of the closing brace's line, indented like the fields.
                let line_start = text[..close].rfind('\n').map_or(0, |p| p + 1);
                let indent = item
                    .fields(syntax)
                    .first()
                    .map(|f| {
                        let ls = text[..f.span().start()].rfind('\n').map_or(0, |p| p + 1);
                        text[ls..f.span().start()].to_string()
                    })
                    .filter(|s| s.chars().all(|c| c == ' ' || c == '\t'))
                    .unwrap_or_else(|| "  ".into());
                if text[line_start..close].trim().is_empty() {
                    TextEdit {
                        file,
                        span: Span::at(line_start),
                        new_text: format!("{indent}{line}\n"),
                    }
                } else {
                    TextEdit {
                        file,
                        span: Span::at(close),
                        new_text: format!("\n{indent}{line}\n"),
                    }
                }
            } else {
                let before = &text[block.open.end()..close];
                let trimmed_end = block.open.end() + before.trim_end().len();
                let sep = if before.trim().is_empty() { " " } else { "  " };
                TextEdit {
                    file,
                    span: Span::new(trimmed_end, close),
                    new_text: format!("{sep}{line} "),
                }
            }
        }
        None => TextEdit {
            file,
            span: Span::at(item.span.end()),
            new_text: format!(" {{ {line} }}"),
        },
    }
}

/// The one harness the rules' unit tests share: a plan text checked as one file on the
/// fixtures' date (2026-11-22), as `coord check` would.
#[cfg(test)]
pub(crate) mod testing {
    use crate::config::Config;
    use crate::diagnostic::Diagnostic;
    use crate::syntax::Date;
    use crate::workspace::Workspace;

    /// The date the rules' tests and the `ide` fixtures are checked on.
    pub const TODAY: Date = Date {
        year: 2026,
        month: 11,
        day: 22,
    };

    /// Every finding in `text`, with `config`.
    pub fn check_with(text: &str, config: &Config) -> Vec<Diagnostic> {
        let ws = Workspace::from_texts(vec![("a.plan".into(), text.into())]);
        crate::analysis::analyze(&ws, config, TODAY).diagnostics
    }

    /// Every finding in `text`, with the default configuration.
    pub fn check(text: &str) -> Vec<Diagnostic> {
        check_with(text, &Config::default())
    }

    /// The findings of rule `code` in `text`, with `config`.
    pub fn findings_with(text: &str, code: &str, config: &Config) -> Vec<Diagnostic> {
        let mut found = check_with(text, config);
        found.retain(|d| d.code == code);
        found
    }

    /// The findings of rule `code` in `text`, with the default configuration.
    pub fn findings(text: &str, code: &str) -> Vec<Diagnostic> {
        findings_with(text, code, &Config::default())
    }
}
