//! The one diagnostic value that feeds every output: CLI renderers, JSON, SARIF and the LSP.

use crate::syntax::Span;
use crate::workspace::FileId;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A place in the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub file: FileId,
    pub span: Span,
}

impl Location {
    pub(crate) fn new(file: FileId, span: Span) -> Location {
        Location { file, span }
    }
}

/// A secondary location with what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub location: Location,
    pub message: String,
}

/// A replacement of `span` in `file` by `new_text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub file: FileId,
    pub span: Span,
    pub new_text: String,
}

/// A fix the user can apply (a quick fix in the editor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
    /// Whether this is the obvious fix (LSP `isPreferred`).
    pub preferred: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's code, e.g. `unowned-task`.
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// A diagnostic at the rule's default severity (the engine applies configured levels).
    pub(crate) fn new(
        code: &'static str,
        location: Location,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            // The analysis gives every finding its rule's level, as configured.
            severity: Severity::Error,
            message: message.into(),
            location,
            labels: Vec::new(),
            help: None,
            fixes: Vec::new(),
        }
    }
    pub(crate) fn with_label(
        mut self,
        location: Location,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.labels.push(Label {
            location,
            message: message.into(),
        });
        self
    }
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
    pub(crate) fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic], files: usize) -> Summary {
        let mut s = Summary {
            files,
            ..Summary::default()
        };
        for d in diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}
