//! `ide`: every editor feature of the language server, on arbitrary text, at many cursors.
//!
//! Input: UTF-8 text, split into files that share a namespace at every `\x01` byte (as the
//! `check` target does). In the first file, the features that take a cursor (hover, definition,
//! references, highlights, completion, prepare-rename and rename, code actions, allow edits)
//! run at up to 16 character boundaries (range formatting at every fourth) spread over the text; the whole-file ones (symbols,
//! semantic tokens, folding, inlay hints, formatting, workspace symbols) run on every file.
//!
//! Nothing may panic, and what the server would send must make sense to an editor: every span
//! lies inside its file on character boundaries; the edits of one change do not overlap;
//! semantic tokens are sorted and disjoint; a hover or a definition is about a span that
//! touches the cursor.
#![no_main]

use coord::ide;
use coord::{Config, FileId, Host, Span, TextEdit, Workspace};
use libfuzzer_sys::fuzz_target;

mod common;
use common::{in_bounds, TODAY};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let sources = text
        .split('\u{1}')
        .take(4)
        .enumerate()
        .map(|(i, t)| (format!("part{i}.plan"), t.to_string()))
        .collect();
    let host = Host::new(Workspace::from_texts(sources), Config::default()).with_today(TODAY);
    let (ws, config) = (host.workspace(), host.config());
    let analysis = host.analyze();
    let bounds = |file: FileId, span: Span, what: &str| in_bounds(ws, file, span, what);
    let edits_ok = |edits: &[TextEdit], what: &str| {
        let mut spans: Vec<(FileId, Span)> = edits.iter().map(|e| (e.file, e.span)).collect();
        for &(file, span) in &spans {
            bounds(file, span, what);
        }
        spans.sort_by_key(|&(f, s)| (f, s.start(), s.end()));
        for w in spans.windows(2) {
            assert!(
                w[0].0 != w[1].0 || w[0].1.end() <= w[1].1.start(),
                "{what}: overlapping edits {:?} and {:?}",
                w[0],
                w[1]
            );
        }
    };

    for file in ws.file_ids() {
        let len = ws.file(file).text.len();
        for s in ide::symbols::document_symbols(ws, file) {
            symbol_ok(&bounds, file, &s);
        }
        let tokens = ide::semantic_tokens::semantic_tokens(ws, file);
        for t in &tokens {
            bounds(file, t.span, "semantic token");
        }
        for w in tokens.windows(2) {
            assert!(
                w[0].span.end() <= w[1].span.start(),
                "semantic tokens overlap or are out of order: {:?} then {:?}",
                w[0].span,
                w[1].span
            );
        }
        for f in ide::folding::folding_ranges(ws, file) {
            bounds(file, f.span, "fold");
        }
        let whole = Span::new(0, len);
        for h in ide::inlay_hints::inlay_hints(ws, &analysis, file, whole) {
            bounds(file, Span::new(h.offset, h.offset), "inlay hint");
        }
        edits_ok(&ide::formatting::format_file(ws, file), "format file");
        for a in ide::code_actions::code_actions(ws, &analysis, file, whole) {
            assert!(a.diagnostic < analysis.diagnostics.len());
            edits_ok(&a.edits, &a.title);
        }
    }
    for query in ["", "a", "team"] {
        for s in ide::symbols::workspace_symbols(ws, &analysis, query) {
            bounds(s.location.file, s.location.span, "workspace symbol");
        }
    }

    let Some(file) = ws.file_ids().next() else {
        return;
    };
    let text = &ws.file(file).text;
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    // Sixteen cursors spread over the text, and a range formatting at every fourth: more made
    // the target too slow to explore (each cursor runs every feature).
    let step = boundaries.len().div_ceil(16).max(1);
    for (n, &offset) in boundaries.iter().step_by(step).enumerate() {
        let cursor = Span::new(offset, offset);
        if let Some(h) = ide::hover::hover(ws, &analysis, config, file, offset) {
            bounds(file, h.span, "hover");
            assert!(
                h.span.touches(offset),
                "hover {:?} away from {offset}",
                h.span
            );
            assert!(!h.markdown.is_empty(), "empty hover at {offset}");
        }
        if let Some((origin, target)) = ide::navigation::definition(ws, &analysis, file, offset) {
            bounds(file, origin, "definition origin");
            assert!(
                origin.touches(offset),
                "definition from {origin:?} away from {offset}"
            );
            bounds(target.file, target.span, "definition target");
        }
        for include in [false, true] {
            for l in ide::navigation::references(ws, &analysis, file, offset, include) {
                bounds(l.file, l.span, "reference");
            }
        }
        for (span, _) in ide::navigation::highlights(ws, &analysis, file, offset) {
            bounds(file, span, "highlight");
        }
        for c in ide::completion::completions(ws, &analysis, file, offset) {
            bounds(file, c.replace, "completion");
            assert!(
                c.replace.touches(offset),
                "completion replaces {:?} away from {offset}",
                c.replace
            );
        }
        if let Ok((span, _)) = ide::rename::prepare_rename(ws, &analysis, file, offset) {
            bounds(file, span, "prepare rename");
            if let Ok(edits) = ide::rename::rename(ws, &analysis, file, offset, "renamed_x") {
                edits_ok(&edits, "rename");
            }
        }
        for a in ide::code_actions::code_actions(ws, &analysis, file, cursor) {
            edits_ok(&a.edits, &a.title);
        }
        if let Some(e) = ide::code_actions::allow_edit(ws, file, offset, "unowned-task") {
            edits_ok(&[e], "allow edit");
        }
        if n % 4 == 0 {
            for e in ide::formatting::format_range(ws, file, Span::new(0, offset)) {
                edits_ok(&[e], "format range");
            }
        }
    }
});

fn symbol_ok(bounds: &dyn Fn(FileId, Span, &str), file: FileId, s: &ide::symbols::DocumentSymbol) {
    bounds(file, s.span, "document symbol");
    bounds(file, s.selection, "document symbol selection");
    assert!(
        s.span.start() <= s.selection.start() && s.selection.end() <= s.span.end(),
        "selection {:?} outside its symbol {:?}",
        s.selection,
        s.span
    );
    for c in &s.children {
        symbol_ok(bounds, file, c);
    }
}
