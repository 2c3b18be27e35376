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

/// Diagnostics as the JSON array `textDocument/publishDiagnostics` sends: the same as
/// [`Files::diagnostic`] of each, serialized, but written straight from the diagnostics
/// (no `lsp::Diagnostic` or `serde_json::Value` made on the way; publishing a large file's
/// diagnostics that way cost more than finding them on a small plan).
pub(super) fn diagnostics_json(files: &Files, diagnostics: &[diagnostic::Diagnostic]) -> Vec<u8> {
    let mut out = Vec::with_capacity(diagnostics.len() * 640 + 2);
    let published: Vec<Published> = diagnostics.iter().map(|d| Published { files, d }).collect();
    // Writing into a `Vec` fails only when a `Serialize` implementation does; these do not.
    let _ = serde_json::to_writer(&mut out, &published);
    out
}

/// One diagnostic in its published form (see [`diagnostics_json`]).
struct Published<'a> {
    files: &'a Files,
    d: &'a diagnostic::Diagnostic,
}

impl serde::Serialize for Published<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (files, d) = (self.files, self.d);
        let severity = match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        };
        let mut out = serializer.serialize_struct("Diagnostic", 8)?;
        out.serialize_field("range", &files.range(d.location.file, d.location.span))?;
        out.serialize_field("severity", &severity)?;
        out.serialize_field("code", d.code)?;
        out.serialize_field("codeDescription", &Href(&crate::docs::rule_url(d.code)))?;
        out.serialize_field("source", "coord")?;
        out.serialize_field("message", &MessageAndHelp(d))?;
        if !d.labels.is_empty() {
            let related: Vec<Related> = d.labels.iter().map(|l| Related { files, l }).collect();
            out.serialize_field("relatedInformation", &related)?;
        }
        out.serialize_field("data", &Data(d))?;
        out.end()
    }
}

/// `{"href": URL}`.
struct Href<'a>(&'a str);

impl serde::Serialize for Href<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("CodeDescription", 1)?;
        out.serialize_field("href", self.0)?;
        out.end()
    }
}

/// The message, then the help after `\nhelp: `, as one string.
struct MessageAndHelp<'a>(&'a diagnostic::Diagnostic);

impl serde::Serialize for MessageAndHelp<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl std::fmt::Display for MessageAndHelp<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message)?;
        if let Some(help) = &self.0.help {
            f.write_str("\nhelp: ")?;
            f.write_str(help)?;
        }
        Ok(())
    }
}

/// A label as related information.
struct Related<'a> {
    files: &'a Files,
    l: &'a diagnostic::Label,
}

impl serde::Serialize for Related<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("DiagnosticRelatedInformation", 2)?;
        out.serialize_field("location", &self.files.location(self.l.location))?;
        out.serialize_field("message", &self.l.message)?;
        out.end()
    }
}

/// `data`: the rule and the titles of its fixes.
struct Data<'a>(&'a diagnostic::Diagnostic);

impl serde::Serialize for Data<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let titles: Vec<&str> = self.0.fixes.iter().map(|f| f.title.as_str()).collect();
        let mut out = serializer.serialize_struct("Data", 2)?;
        out.serialize_field("code", self.0.code)?;
        out.serialize_field("fixes", &titles)?;
        out.end()
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

#[cfg(test)]
mod tests {
    use super::super::state::State;
    use super::*;

    /// Every plan of the rules' fixtures (between them every rule finds something, with
    /// labels, help and fixes), as one workspace.
    fn fixture_state() -> State {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
        let mut state = State::new();
        state.today = "2026-11-22".parse().ok();
        state.indexed = true;
        let at = state.ensure_project(Some(std::path::Path::new("/fixtures")), Default::default);
        let mut dirs: Vec<_> = std::fs::read_dir(&root).unwrap().flatten().collect();
        dirs.sort_by_key(|d| d.path());
        for dir in dirs {
            for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
                let path = f.path();
                if path.extension().is_some_and(|e| e == "plan") {
                    let name = format!(
                        "file:///fixtures/{}-{}",
                        dir.file_name().to_string_lossy(),
                        path.file_name().unwrap().to_string_lossy()
                    );
                    let text = std::fs::read_to_string(&path).unwrap();
                    state.set_text(at, &Uri::from_str(&name).unwrap(), text);
                }
            }
        }
        state.analyse_now();
        state
    }

    #[test]
    fn diagnostics_written_straight_to_json_are_the_protocols_diagnostics() {
        let state = fixture_state();
        let s = state.projects[0].snapshot();
        let diagnostics = &s.analysis().diagnostics;
        assert!(diagnostics.len() > 100, "{}", diagnostics.len());
        assert!(diagnostics.iter().any(|d| !d.labels.is_empty()));
        assert!(diagnostics.iter().any(|d| !d.fixes.is_empty()));
        assert!(diagnostics.iter().any(|d| d.help.is_some()));
        let written: serde_json::Value =
            serde_json::from_slice(&diagnostics_json(s, diagnostics)).unwrap();
        let converted: Vec<lsp::Diagnostic> = diagnostics.iter().map(|d| s.diagnostic(d)).collect();
        assert_eq!(written, serde_json::to_value(converted).unwrap());
        assert_eq!(diagnostics_json(s, &[]), b"[]");
    }
}
