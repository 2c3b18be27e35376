//! Conversions from the analysis's results (`crate::ide`, `crate::diagnostic`) to protocol
//! types: byte offsets and spans to positions and ranges in the negotiated encoding, edits,
//! diagnostics, and each feature's answer.

use std::collections::HashMap;
use std::str::FromStr;

use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::ls_types::Uri;

use super::state::{Files, Snapshot};
use crate::diagnostic::{self, Severity};
use crate::ide;
use crate::model::SymbolKind;
use crate::syntax::{ItemKind, Span};
use crate::workspace::FileId;

impl Files {
    /// The LSP position of a byte offset in a file.
    pub fn position(&self, file: FileId, offset: usize) -> lsp::Position {
        let (line, character) = self.ws().file(file).line_col_encoded(offset, self.encoding);
        lsp::Position { line, character }
    }

    pub fn range(&self, file: FileId, span: Span) -> lsp::Range {
        lsp::Range {
            start: self.position(file, span.start()),
            end: self.position(file, span.end()),
        }
    }

    pub fn location(&self, loc: diagnostic::Location) -> lsp::Location {
        lsp::Location {
            uri: self.uri(loc.file).clone(),
            range: self.range(loc.file, loc.span),
        }
    }

    /// An edit in LSP form. A position cannot point between the `\r` and the `\n` of a line
    /// ending (a client reads such a column as the end of the line, before the `\r`), so an
    /// edit that starts or ends there takes in that half of the line ending (e.g. the
    /// formatter turning `\r\n` into `\n`).
    pub fn text_edit(&self, edit: &diagnostic::TextEdit) -> lsp::TextEdit {
        let bytes = self.ws().file(edit.file).text.as_bytes();
        let inside_crlf = |at: usize| {
            at > 0 && bytes.get(at - 1) == Some(&b'\r') && bytes.get(at) == Some(&b'\n')
        };
        let mut span = edit.span;
        let mut new_text = edit.new_text.clone();
        if inside_crlf(span.start()) {
            span.set_start(span.start() - 1);
            new_text.insert(0, '\r');
        }
        if inside_crlf(span.end()) {
            span.set_end(span.end() + 1);
            new_text.push('\n');
        }
        lsp::TextEdit {
            range: self.range(edit.file, span),
            new_text,
        }
    }

    /// Edits grouped by file.
    pub fn workspace_edit(&self, edits: &[diagnostic::TextEdit]) -> lsp::WorkspaceEdit {
        let mut changes: HashMap<Uri, Vec<lsp::TextEdit>> = HashMap::new();
        for e in edits {
            changes
                .entry(self.uri(e.file).clone())
                .or_default()
                .push(self.text_edit(e));
        }
        lsp::WorkspaceEdit {
            changes: Some(changes),
            ..lsp::WorkspaceEdit::default()
        }
    }

    /// A diagnostic in LSP form: the range in the negotiated encoding, the rule code with a
    /// link to its documentation, labels as related information, the help after the message,
    /// and `data` naming the rule and its fixes (the quick fixes of `textDocument/codeAction`).
    pub fn diagnostic(&self, d: &diagnostic::Diagnostic) -> lsp::Diagnostic {
        let file = d.location.file;
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let related: Vec<lsp::DiagnosticRelatedInformation> = d
            .labels
            .iter()
            .map(|l| lsp::DiagnosticRelatedInformation {
                location: self.location(l.location),
                message: l.message.clone(),
            })
            .collect();
        lsp::Diagnostic {
            range: self.range(file, d.location.span),
            severity: Some(match d.severity {
                Severity::Error => lsp::DiagnosticSeverity::ERROR,
                Severity::Warning => lsp::DiagnosticSeverity::WARNING,
                Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
            }),
            code: Some(lsp::NumberOrString::String(d.code.to_string())),
            code_description: Uri::from_str(&crate::docs::rule_url(d.code))
                .ok()
                .map(|href| lsp::CodeDescription { href }),
            source: Some("coord".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: Some(serde_json::json!({
                "code": d.code,
                "fixes": d.fixes.iter().map(|f| f.title.as_str()).collect::<Vec<_>>(),
            })),
        }
    }
}

pub fn symbol_kind(kind: ItemKind) -> lsp::SymbolKind {
    match kind {
        ItemKind::Person => lsp::SymbolKind::OBJECT,
        ItemKind::Team => lsp::SymbolKind::STRUCT,
        ItemKind::Meeting => lsp::SymbolKind::EVENT,
        ItemKind::Task => lsp::SymbolKind::FUNCTION,
        ItemKind::Liaison | ItemKind::Embedded => lsp::SymbolKind::INTERFACE,
        ItemKind::Rotation => lsp::SymbolKind::ENUM,
        ItemKind::CentralizedLiaison => lsp::SymbolKind::NAMESPACE,
    }
}

fn item_kind(kind: SymbolKind) -> ItemKind {
    match kind {
        SymbolKind::Person => ItemKind::Person,
        SymbolKind::Team => ItemKind::Team,
        SymbolKind::Meeting => ItemKind::Meeting,
        SymbolKind::Task => ItemKind::Task,
        SymbolKind::Rotation => ItemKind::Rotation,
        SymbolKind::CentralizedLiaison => ItemKind::CentralizedLiaison,
    }
}

pub(super) fn markdown(value: String) -> lsp::MarkupContent {
    lsp::MarkupContent {
        kind: lsp::MarkupKind::Markdown,
        value,
    }
}

pub(super) fn hover(p: &Files, file: FileId, h: ide::hover::HoverResult) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(markdown(h.markdown)),
        range: Some(p.range(file, h.span)),
    }
}

pub(super) fn highlight(
    p: &Files,
    file: FileId,
    (span, kind): (Span, ide::navigation::HighlightKind),
) -> lsp::DocumentHighlight {
    lsp::DocumentHighlight {
        range: p.range(file, span),
        kind: Some(match kind {
            ide::navigation::HighlightKind::Definition => lsp::DocumentHighlightKind::WRITE,
            ide::navigation::HighlightKind::Reference => lsp::DocumentHighlightKind::READ,
        }),
    }
}

/// A completion; `rank` is its place in the list (kept by the client through `sortText`).
pub(super) fn completion_item(
    p: &Files,
    file: FileId,
    rank: usize,
    c: ide::completion::Completion,
) -> lsp::CompletionItem {
    use ide::completion::CompletionKind as K;
    let kind = match c.kind {
        K::Keyword => lsp::CompletionItemKind::KEYWORD,
        K::Field => lsp::CompletionItemKind::FIELD,
        K::Name(SymbolKind::Person) => lsp::CompletionItemKind::VARIABLE,
        K::Name(SymbolKind::Team) => lsp::CompletionItemKind::STRUCT,
        K::Name(SymbolKind::Meeting) => lsp::CompletionItemKind::EVENT,
        K::Name(SymbolKind::Task) => lsp::CompletionItemKind::FUNCTION,
        K::Name(_) => lsp::CompletionItemKind::REFERENCE,
        K::EnumValue => lsp::CompletionItemKind::ENUM_MEMBER,
        K::Rule => lsp::CompletionItemKind::CONSTANT,
    };
    lsp::CompletionItem {
        label: c.label,
        kind: Some(kind),
        detail: c.detail,
        documentation: c
            .documentation
            .map(|d| lsp::Documentation::MarkupContent(markdown(d))),
        sort_text: Some(format!("{rank:05}")),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: p.range(file, c.replace),
            new_text: c.insert_text,
        })),
        ..Default::default()
    }
}

#[allow(deprecated)]
pub(super) fn document_symbol(
    p: &Files,
    file: FileId,
    d: ide::symbols::DocumentSymbol,
) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: d.name,
        detail: d.detail,
        kind: match d.kind {
            ide::symbols::OutlineKind::Item(k) => symbol_kind(k),
            ide::symbols::OutlineKind::Field => lsp::SymbolKind::FIELD,
        },
        tags: None,
        deprecated: None,
        range: p.range(file, d.span),
        selection_range: p.range(file, d.selection),
        children: if d.children.is_empty() {
            None
        } else {
            Some(
                d.children
                    .into_iter()
                    .map(|c| document_symbol(p, file, c))
                    .collect(),
            )
        },
    }
}

#[allow(deprecated)]
pub(super) fn workspace_symbol(
    p: &Files,
    w: ide::symbols::WorkspaceSymbol,
) -> lsp::SymbolInformation {
    lsp::SymbolInformation {
        name: w.name,
        kind: symbol_kind(item_kind(w.kind)),
        tags: None,
        deprecated: None,
        location: p.location(w.location),
        container_name: w.title,
    }
}

/// Semantic tokens in the protocol's relative encoding (each token's line and start relative
/// to the previous one's).
pub(super) fn semantic_tokens(
    p: &Files,
    file: FileId,
    tokens: Vec<ide::semantic_tokens::SemanticToken>,
) -> lsp::SemanticTokens {
    let mut data = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for t in tokens {
        let start = p.position(file, t.span.start());
        let end = p.position(file, t.span.end());
        if end.line != start.line {
            continue; // tokens never span lines; be safe
        }
        let delta_line = start.line - prev_line;
        let delta_start = if delta_line == 0 {
            start.character - prev_col
        } else {
            start.character
        };
        data.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: t.ty.index(),
            token_modifiers_bitset: t.modifiers,
        });
        prev_line = start.line;
        prev_col = start.character;
    }
    lsp::SemanticTokens {
        result_id: None,
        data,
    }
}

/// A fold, or `None` when it does not span lines (the protocol folds whole lines).
pub(super) fn folding_range(
    p: &Files,
    file: FileId,
    f: ide::folding::Fold,
) -> Option<lsp::FoldingRange> {
    let range = p.range(file, f.span);
    (range.end.line > range.start.line).then_some(lsp::FoldingRange {
        start_line: range.start.line,
        start_character: Some(range.start.character),
        end_line: range.end.line,
        end_character: Some(range.end.character),
        kind: Some(match f.kind {
            ide::folding::FoldKind::Block => lsp::FoldingRangeKind::Region,
            ide::folding::FoldKind::Comment => lsp::FoldingRangeKind::Comment,
        }),
        collapsed_text: None,
    })
}

pub(super) fn inlay_hint(
    p: &Files,
    file: FileId,
    h: ide::inlay_hints::InlayHint,
) -> lsp::InlayHint {
    lsp::InlayHint {
        position: p.position(file, h.offset),
        label: lsp::InlayHintLabel::String(h.label),
        kind: None,
        text_edits: None,
        tooltip: h
            .tooltip
            .map(|t| lsp::InlayHintTooltip::MarkupContent(markdown(t))),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// Quick fixes, each naming the diagnostic it fixes: the client's copy of it when the client
/// sent one (so it can match them), else ours.
pub(super) fn code_actions(
    p: &Snapshot,
    actions: Vec<ide::code_actions::CodeAction>,
    client_diagnostics: &[lsp::Diagnostic],
) -> Vec<lsp::CodeActionOrCommand> {
    let mut converted: HashMap<usize, lsp::Diagnostic> = HashMap::new();
    let mut out = Vec::with_capacity(actions.len());
    for a in actions {
        let diagnostic = converted
            .entry(a.diagnostic)
            .or_insert_with(|| {
                let ours = p.diagnostic(&p.analysis().diagnostics[a.diagnostic]);
                client_diagnostics
                    .iter()
                    .find(|d| d.range == ours.range && d.code == ours.code)
                    .cloned()
                    .unwrap_or(ours)
            })
            .clone();
        out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title: a.title,
            kind: Some(lsp::CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic]),
            edit: Some(p.workspace_edit(&a.edits)),
            command: None,
            is_preferred: a.preferred.then_some(true),
            disabled: None,
            data: None,
        }));
    }
    out
}
