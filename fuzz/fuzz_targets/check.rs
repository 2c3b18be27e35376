//! `check`: arbitrary bytes, when they are UTF-8, are checked as a plan, the way `coord check`
//! does, once as one file and once split into several files that share a namespace.
//!
//! The split: at every `\x01` byte (the byte is dropped) when there is one, otherwise at the
//! line break nearest the middle, so that definitions in one file and references in another
//! are exercised from plain plan seeds too.
//!
//! Nothing may panic; every span (syntax tree, diagnostics, their labels and fixes) must lie
//! inside its file on character boundaries; the findings are then written in every output
//! format (the human and JSON ones for the split), and the JSON and SARIF outputs must parse.
//! To keep the target fast (over 1,000 inputs a second), one input in 32, by a hash of its
//! bytes, is written in every format; the others are checked only.
#![no_main]

use coord::cli::render::{self, Format};
use coord::{Config, Host, Summary, Workspace};
use libfuzzer_sys::fuzz_target;

mod common;
use common::{in_bounds, TODAY};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Writing every format costs more than checking a small plan, so one input in 32, chosen
    // by its bytes so that a replay does the same, is written in every format.
    let sampled = data
        .iter()
        .fold(0u32, |h, &b| h.wrapping_mul(31).wrapping_add(b as u32))
        % 32
        == 0;
    let (all, split_formats) = if sampled {
        (ALL_FORMATS, SPLIT_FORMATS)
    } else {
        (NONE, NONE)
    };
    check(vec![("a.plan".to_string(), text.to_string())], all);
    let parts = split(text);
    if parts.len() > 1 {
        check(
            parts
                .into_iter()
                .enumerate()
                .map(|(i, t)| (format!("part{i}.plan"), t.to_string()))
                .collect(),
            split_formats,
        );
    }
});

fn split(text: &str) -> Vec<&str> {
    if text.contains('\u{1}') {
        return text.split('\u{1}').take(8).collect();
    }
    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle -= 1;
    }
    let at = text[middle..]
        .find('\n')
        .map(|i| middle + i + 1)
        .or_else(|| text[..middle].rfind('\n').map(|i| i + 1));
    match at {
        Some(at) if at > 0 && at < text.len() => vec![&text[..at], &text[at..]],
        _ => vec![text],
    }
}

/// Every format for one file; for several, the ones with cross-file code (the human report's
/// sections in other files, JSON's per-file positions).
const ALL_FORMATS: &[Format] = &[Format::Human, Format::Json, Format::Sarif, Format::Github];
const SPLIT_FORMATS: &[Format] = &[Format::Human, Format::Json];
const NONE: &[Format] = &[];

fn check(sources: Vec<(String, String)>, formats: &[Format]) {
    let host = Host::new(Workspace::from_texts(sources), Config::default()).with_today(TODAY);
    let ws = host.workspace();
    assert_eq!(ws.files.len(), ws.file_ids().count());
    for id in ws.file_ids() {
        let syntax = &ws.file(id).syntax;
        for item in &syntax.items {
            in_bounds(ws, id, item.span, "item");
            in_bounds(ws, id, item.kind_span(), "item keyword");
            if let Some(name) = &item.name {
                in_bounds(ws, id, name.span, "item name");
            }
            for field in item.fields(syntax) {
                in_bounds(ws, id, field.span(), "field");
                in_bounds(ws, id, field.key.span, "field key");
                for value in field.values(syntax) {
                    in_bounds(ws, id, value.span, "value");
                }
            }
        }
        for c in &syntax.comments {
            in_bounds(ws, id, c.span, "comment");
        }
        for e in &syntax.errors {
            in_bounds(ws, id, e.span, "syntax error");
        }
    }
    let analysis = host.analyze();
    for d in &analysis.diagnostics {
        in_bounds(ws, d.location.file, d.location.span, d.code);
        assert!(!d.message.is_empty(), "{}: empty message", d.code);
        for l in &d.labels {
            in_bounds(ws, l.location.file, l.location.span, d.code);
        }
        for fix in &d.fixes {
            for e in &fix.edits {
                in_bounds(ws, e.file, e.span, d.code);
            }
        }
    }
    let summary = Summary::of(&analysis.diagnostics, ws.files.len());
    for &format in formats {
        let mut out = Vec::new();
        render::render(
            format,
            ws,
            &analysis.diagnostics,
            &summary,
            false,
            &mut out,
        )
        .expect("writing to memory cannot fail");
        let out = String::from_utf8(out).expect("output is UTF-8");
        if matches!(format, Format::Json | Format::Sarif) {
            if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&out) {
                panic!("{format:?} output does not parse: {e}\n{out}");
            }
        }
    }
}
