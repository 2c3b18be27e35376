//! Code actions: the quick fixes the rules attach to their diagnostics, and "allow this rule
//! here" for warnings and infos.

use crate::analysis::Analysis;
use crate::diagnostic::{Severity, TextEdit};
use crate::syntax::Span;
use crate::workspace::{FileId, Workspace};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    /// The diagnostic it fixes: an index into `Analysis::diagnostics`.
    pub diagnostic: usize,
    pub edits: Vec<TextEdit>,
    pub preferred: bool,
}

/// The actions for the diagnostics of `file` that overlap `range` (a cursor touching a
/// diagnostic's span counts), in diagnostic order.
pub fn code_actions(
    ws: &Workspace,
    analysis: &Analysis,
    file: FileId,
    range: Span,
) -> Vec<CodeAction> {
    let mut out = Vec::new();
    for (index, d) in analysis.diagnostics.iter().enumerate() {
        let span = d.location.span;
        if d.location.file != file || span.start() > range.end() || range.start() > span.end() {
            continue;
        }
        for fix in &d.fixes {
            out.push(CodeAction {
                title: fix.title.clone(),
                diagnostic: index,
                edits: fix.edits.clone(),
                preferred: fix.preferred,
            });
        }
        if matches!(d.severity, Severity::Warning | Severity::Info) {
            if let Some(edit) = allow_edit(ws, file, span.start(), d.code) {
                out.push(CodeAction {
                    title: format!("Allow `{}` for this item", d.code),
                    diagnostic: index,
                    edits: vec![edit],
                    preferred: false,
                });
            }
        }
    }
    out
}

/// The edit that silences `code` for the item around `offset`: a value added to its `allow`
/// field, or a new `allow` field.
pub fn allow_edit(ws: &Workspace, file: FileId, offset: usize, code: &str) -> Option<TextEdit> {
    let syntax = &ws.file(file).syntax;
    let item = syntax.item_at(offset)?;
    if item.allows(syntax, code) {
        return None;
    }
    match item.field(syntax, "allow") {
        Some(field) => {
            let values = field.values(syntax);
            let end = values.last().map_or(field.key.span.end(), |v| v.span.end());
            let sep = if values.is_empty() { " " } else { ", " };
            Some(TextEdit {
                file,
                span: Span::at(end),
                new_text: format!("{sep}{code}"),
            })
        }
        None => Some(crate::rules::insert_field(
            ws,
            file,
            item,
            &format!("allow {code}"),
        )),
    }
}
