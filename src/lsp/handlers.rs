//! The request handlers: each converts the position or range ([`super::from_proto`]), calls
//! one `crate::ide` function and converts its answer ([`super::to_proto`]). Those that need
//! the analysis run on a [`Snapshot`] (the newest analysis of the document's project, outside
//! the state's lock); those that need only the document's text run on [`Files`] (a snapshot's,
//! or the state's own under its lock when the text has edits not analysed yet). See
//! [`super::server`] for which snapshot a request gets.

use std::path::Path;
use std::sync::Arc;

use serde_json::json;
use tower_lsp_server::ls_types as lsp;

use super::state::{Files, Snapshot, State};
use super::to_proto;
use crate::ide;
use crate::ide::rename::RenameError;
use crate::workspace::FileId;

pub(super) fn hover(
    s: &Snapshot,
    file: FileId,
    p: lsp::TextDocumentPositionParams,
) -> Option<lsp::Hover> {
    let offset = s.offset(file, p.position);
    let h = ide::hover::hover(s.ws(), s.analysis(), s.config(), file, offset)?;
    Some(to_proto::hover(s, file, h))
}

pub(super) fn goto_definition(
    s: &Snapshot,
    file: FileId,
    p: lsp::TextDocumentPositionParams,
) -> Option<lsp::GotoDefinitionResponse> {
    let offset = s.offset(file, p.position);
    let (_, target) = ide::navigation::definition(s.ws(), s.analysis(), file, offset)?;
    Some(lsp::GotoDefinitionResponse::Scalar(s.location(target)))
}

pub(super) fn references(
    s: &Snapshot,
    file: FileId,
    params: lsp::ReferenceParams,
) -> Option<Vec<lsp::Location>> {
    let p = params.text_document_position;
    let include = params.context.include_declaration;
    let offset = s.offset(file, p.position);
    let found = ide::navigation::references(s.ws(), s.analysis(), file, offset, include);
    Some(found.into_iter().map(|l| s.location(l)).collect())
}

pub(super) fn document_highlight(
    s: &Snapshot,
    file: FileId,
    p: lsp::TextDocumentPositionParams,
) -> Option<Vec<lsp::DocumentHighlight>> {
    let offset = s.offset(file, p.position);
    let found = ide::navigation::highlights(s.ws(), s.analysis(), file, offset);
    Some(
        found
            .into_iter()
            .map(|h| to_proto::highlight(s, file, h))
            .collect(),
    )
}

pub(super) fn prepare_rename(
    s: &Snapshot,
    file: FileId,
    p: lsp::TextDocumentPositionParams,
) -> Option<Result<lsp::PrepareRenameResponse, RenameError>> {
    let offset = s.offset(file, p.position);
    Some(
        ide::rename::prepare_rename(s.ws(), s.analysis(), file, offset).map(|(span, name)| {
            lsp::PrepareRenameResponse::RangeWithPlaceholder {
                range: s.range(file, span),
                placeholder: name,
            }
        }),
    )
}

pub(super) fn rename(
    s: &Snapshot,
    file: FileId,
    params: lsp::RenameParams,
) -> Option<Result<lsp::WorkspaceEdit, RenameError>> {
    let p = params.text_document_position;
    let offset = s.offset(file, p.position);
    Some(
        ide::rename::rename(s.ws(), s.analysis(), file, offset, params.new_name.trim())
            .map(|edits| s.workspace_edit(&edits)),
    )
}

pub(super) fn completion(
    s: &Snapshot,
    file: FileId,
    p: lsp::TextDocumentPositionParams,
) -> Option<lsp::CompletionResponse> {
    let offset = s.offset(file, p.position);
    let found = ide::completion::completions(s.ws(), s.analysis(), file, offset);
    let items = found
        .into_iter()
        .enumerate()
        .map(|(rank, c)| to_proto::completion_item(s, file, rank, c))
        .collect();
    Some(lsp::CompletionResponse::Array(items))
}

pub(super) fn document_symbol(s: &Files, file: FileId) -> Option<lsp::DocumentSymbolResponse> {
    let symbols = ide::symbols::document_symbols(s.ws(), file)
        .into_iter()
        .map(|d| to_proto::document_symbol(s, file, d))
        .collect();
    Some(lsp::DocumentSymbolResponse::Nested(symbols))
}

/// Every root's symbols (each found in its own namespace).
pub(super) fn workspace_symbol(
    snapshots: &[Arc<Snapshot>],
    params: lsp::WorkspaceSymbolParams,
) -> Option<lsp::WorkspaceSymbolResponse> {
    let mut symbols = Vec::new();
    for s in snapshots {
        let found = ide::symbols::workspace_symbols(s.ws(), s.analysis(), &params.query);
        symbols.extend(found.into_iter().map(|w| to_proto::workspace_symbol(s, w)));
    }
    Some(lsp::WorkspaceSymbolResponse::Flat(symbols))
}

pub(super) fn semantic_tokens_full(s: &Files, file: FileId) -> Option<lsp::SemanticTokensResult> {
    let tokens = ide::semantic_tokens::semantic_tokens(s.ws(), file);
    Some(lsp::SemanticTokensResult::Tokens(
        to_proto::semantic_tokens(s, file, tokens),
    ))
}

pub(super) fn folding_range(s: &Files, file: FileId) -> Option<Vec<lsp::FoldingRange>> {
    let folds = ide::folding::folding_ranges(s.ws(), file);
    Some(
        folds
            .into_iter()
            .filter_map(|f| to_proto::folding_range(s, file, f))
            .collect(),
    )
}

pub(super) fn inlay_hint(
    s: &Snapshot,
    file: FileId,
    params: lsp::InlayHintParams,
) -> Option<Vec<lsp::InlayHint>> {
    let range = s.span(file, params.range);
    let hints = ide::inlay_hints::inlay_hints(s.ws(), s.analysis(), file, range);
    Some(
        hints
            .into_iter()
            .map(|h| to_proto::inlay_hint(s, file, h))
            .collect(),
    )
}

/// Whether a code-action request asks for quick fixes (the only kind the server offers).
pub(super) fn wants_quick_fixes(params: &lsp::CodeActionParams) -> bool {
    params.context.only.as_ref().is_none_or(|only| {
        only.iter()
            .any(|k| k.as_str() == "quickfix" || k.as_str().is_empty())
    })
}

pub(super) fn code_action(
    s: &Snapshot,
    file: FileId,
    params: lsp::CodeActionParams,
) -> Option<lsp::CodeActionResponse> {
    let range = s.span(file, params.range);
    let actions = ide::code_actions::code_actions(s.ws(), s.analysis(), file, range);
    Some(to_proto::code_actions(
        s,
        actions,
        &params.context.diagnostics,
    ))
}

pub(super) fn formatting(s: &Files, file: FileId) -> Option<Vec<lsp::TextEdit>> {
    let edits = ide::formatting::format_file(s.ws(), file);
    Some(edits.iter().map(|e| s.text_edit(e)).collect())
}

pub(super) fn range_formatting(
    s: &Files,
    file: FileId,
    range: lsp::Range,
) -> Option<Vec<lsp::TextEdit>> {
    let range = s.span(file, range);
    let edits = ide::formatting::format_range(s.ws(), file, range);
    Some(edits.iter().map(|e| s.text_edit(e)).collect())
}

/// Shows the state as JSON for the `coord/status` request: files, workspace roots (each with
/// its files, diagnostics and `coord.toml`), the client's folders, settings.
pub fn status(s: &State) -> serde_json::Value {
    let shown = |p: &Path| p.display().to_string();
    json!({
        "files": s.file_count(),
        "roots": s.projects.iter().filter_map(|p| p.root.as_deref()).map(shown).collect::<Vec<_>>(),
        "folders": s.folders.iter().map(|f| shown(f)).collect::<Vec<_>>(),
        "positionEncoding": if s.encoding.is_none() { "utf-8" } else { "utf-16" },
        "diagnostics": s.diagnostic_count(),
        "analyses": {"all": s.analyses, "followedEdits": s.followed_analyses},
        "config": s.projects.first().and_then(|p| p.config().path.as_deref()).map(shown),
        "workspaces": s.projects.iter().map(|p| json!({
            "root": p.root.as_deref().map(shown),
            "files": p.ws().files.len(),
            "diagnostics": p.snapshot().analysis().diagnostics.len(),
            "config": p.config().path.as_deref().map(shown),
        })).collect::<Vec<_>>(),
    })
}
