//! Rename a person, team, meeting, task, rotation or group everywhere in the workspace.

use super::describe_location;
use super::navigation::symbol_at;
use crate::analysis::Analysis;
use crate::diagnostic::TextEdit;
use crate::syntax::lexer::is_valid_name;
use crate::syntax::{ItemKind, Span};
use crate::workspace::{FileId, Workspace};

/// Why a rename cannot be done, in words for the person renaming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameError(pub String);

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name under the cursor that a rename would change, and its current text.
pub fn prepare_rename(
    ws: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Result<(Span, String), RenameError> {
    match symbol_at(ws, analysis, file, offset) {
        Some((id, span)) => Ok((span, analysis.model.name(id).to_string())),
        None => Err(RenameError(not_renamable(ws, analysis, file, offset))),
    }
}

fn not_renamable(ws: &Workspace, analysis: &Analysis, file: FileId, offset: usize) -> String {
    if let Some(r) = analysis.model.reference_at(file, offset) {
        return format!(
            "`{}` is not defined anywhere, so there is nothing to rename; define it first, or fix the name",
            r.name(ws)
        );
    }
    "only the name of a person, team, meeting, task, rotation or group can be renamed".into()
}

/// The edits that rename the name at `offset` to `new_name` in every file: its definition and
/// every reference to it.
pub fn rename(
    ws: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Result<Vec<TextEdit>, RenameError> {
    let Some((id, _)) = symbol_at(ws, analysis, file, offset) else {
        return Err(RenameError(not_renamable(ws, analysis, file, offset)));
    };
    let model = &analysis.model;
    let old = model.name(id);
    if new_name == old {
        return Ok(Vec::new());
    }
    check_name(new_name)?;
    if let Some(existing) = model.lookup(new_name) {
        return Err(RenameError(format!(
            "`{new_name}` is already the name of {} (defined at {}): choose another name, because names are shared by every plan file of the workspace",
            existing.kind.a(),
            describe_location(ws, existing.location.file, existing.location.span)
        )));
    }
    if let Some(dup) = model
        .duplicates
        .iter()
        .find(|d| ws.file(d.location.file).slice(d.location.span) == new_name)
    {
        return Err(RenameError(format!(
            "`{new_name}` is already defined at {}: choose another name",
            describe_location(ws, dup.location.file, dup.location.span)
        )));
    }
    let mut edits: Vec<TextEdit> = model
        .occurrences(id)
        .into_iter()
        .map(|l| TextEdit {
            file: l.file,
            span: l.span,
            new_text: new_name.to_string(),
        })
        .collect();
    edits.sort_by_key(|e| (e.file, e.span.start()));
    edits.dedup_by_key(|e| (e.file, e.span));
    Ok(edits)
}

/// Whether `name` can be a name, with the reason when it cannot.
pub(crate) fn check_name(name: &str) -> Result<(), RenameError> {
    if is_valid_name(name) {
        return Ok(());
    }
    if ItemKind::from_keyword(name).is_some() {
        return Err(RenameError(format!(
            "`{name}` is a keyword and cannot be a name: choose another name"
        )));
    }
    if name.is_empty() {
        return Err(RenameError("the new name is empty".into()));
    }
    Err(RenameError(format!(
        "`{name}` is not a valid name: a name starts with a letter or `_`, then letters, digits, `_` or `-` (no spaces)"
    )))
}
