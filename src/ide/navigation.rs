//! Go to definition, find references and document highlight.

use crate::analysis::Analysis;
use crate::diagnostic::Location;
use crate::model::{Resolution, SymbolId};
use crate::syntax::Span;
use crate::workspace::{FileId, Workspace};

/// The defined name at `offset` (a definition, or a reference that resolves, even to the wrong
/// kind), with the span of the name under the cursor.
pub(crate) fn symbol_at(
    _ws: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Option<(SymbolId, Span)> {
    let model = &analysis.model;
    if let Some(r) = model.reference_at(file, offset) {
        return match r.resolution {
            Resolution::Resolved(id) | Resolution::WrongKind(id) => Some((id, r.location.span)),
            Resolution::Undefined => None,
        };
    }
    if let Some(id) = model.definition_at(file, offset) {
        return Some((id, model.definition(id).span));
    }
    // A later definition of a name already defined: it stands for the first one.
    let dup = model
        .duplicates
        .iter()
        .find(|d| d.location.file == file && d.location.span.touches(offset))?;
    Some((dup.first, dup.location.span))
}

/// Where the name at `offset` is defined, with the span under the cursor.
pub fn definition(
    ws: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Option<(Span, Location)> {
    let (id, span) = symbol_at(ws, analysis, file, offset)?;
    Some((span, analysis.model.definition(id)))
}

/// Every place the name at `offset` is written, across the workspace: its definition first
/// (when `include_declaration`), then its references in file order.
pub fn references(
    ws: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let Some((id, _)) = symbol_at(ws, analysis, file, offset) else {
        return Vec::new();
    };
    let mut all = analysis.model.occurrences(id);
    if !include_declaration {
        all.remove(0);
    }
    all
}

/// Whether an occurrence is the definition or a use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HighlightKind {
    Definition,
    Reference,
}

/// The occurrences of the name at `offset` in the same file.
pub fn highlights(
    ws: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Vec<(Span, HighlightKind)> {
    let Some((id, _)) = symbol_at(ws, analysis, file, offset) else {
        return Vec::new();
    };
    let definition = analysis.model.definition(id);
    analysis
        .model
        .occurrences(id)
        .into_iter()
        .filter(|l| l.file == file)
        .map(|l| {
            let kind = if l == definition {
                HighlightKind::Definition
            } else {
                HighlightKind::Reference
            };
            (l.span, kind)
        })
        .collect()
}
