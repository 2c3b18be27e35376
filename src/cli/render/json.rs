//! `--format json`: exactly the document of the spec,
//! `{"diagnostics":[{"code","severity","message","file","line","column","end_line","end_column",
//! "labels":[{"file","line","column","end_line","end_column","message"}],"help"}],
//! "summary":{"errors","warnings","infos","files"}}`, keys in that order, `help` null when
//! absent. Fixes are not part of it (the editor offers them).

use std::io::{self, Write};

use super::{json_number, json_string, write_json_items, Range};
use crate::diagnostic::{Diagnostic, Summary};
use crate::workspace::Workspace;

/// Writes the document, pretty-printed as `serde_json` pretty-prints (two-space indent), and a
/// final newline.
///
/// The document is written as it goes, a block of diagnostics at a time (on two threads for
/// a long list): a check of a large plan has tens of thousands of findings and ten megabytes
/// of JSON. Strings are escaped as `serde_json` escapes them, each file's path once.
pub fn write(
    out: &mut dyn Write,
    ws: &Workspace,
    diagnostics: &[Diagnostic],
    summary: &Summary,
) -> io::Result<()> {
    let paths: Vec<Vec<u8>> = ws
        .files
        .iter()
        .map(|f| {
            let mut quoted = Vec::with_capacity(f.path.len() + 2);
            json_string(&mut quoted, &f.path);
            quoted
        })
        .collect();
    out.write_all(b"{\n  \"diagnostics\": [")?;
    let any = write_json_items(out, ws, diagnostics, |buf, d| {
        diagnostic(buf, ws, &paths, d)
    })?;
    let mut buf: Vec<u8> = Vec::with_capacity(256);
    if any {
        buf.extend_from_slice(b"\n  ");
    }
    buf.extend_from_slice(b"],\n  \"summary\": ");
    // The summary as serde pretty-prints it, one level in.
    let summary = serde_json::to_string_pretty(summary).map_err(io::Error::other)?;
    buf.extend_from_slice(summary.replace('\n', "\n  ").as_bytes());
    buf.extend_from_slice(b"\n}\n");
    out.write_all(&buf)
}

/// Appends one diagnostic (whose file is in `ws`), one level into the list.
fn diagnostic(buf: &mut Vec<u8>, ws: &Workspace, paths: &[Vec<u8>], d: &Diagnostic) {
    let file = &ws.files[d.location.file.index()];
    buf.extend_from_slice(b"    {\n      \"code\": ");
    json_string(buf, d.code);
    buf.extend_from_slice(b",\n      \"severity\": ");
    json_string(buf, d.severity.as_str());
    buf.extend_from_slice(b",\n      \"message\": ");
    json_string(buf, &d.message);
    buf.extend_from_slice(b",\n      \"file\": ");
    buf.extend_from_slice(&paths[d.location.file.index()]);
    range(buf, Range::of(file, d.location.span), "      ");
    buf.extend_from_slice(b",\n      \"labels\": [");
    let mut first_label = true;
    for l in &d.labels {
        let Some(label_file) = ws.files.get(l.location.file.index()) else {
            continue;
        };
        buf.extend_from_slice(if first_label { b"\n" } else { b",\n" });
        first_label = false;
        buf.extend_from_slice(b"        {\n          \"file\": ");
        buf.extend_from_slice(&paths[l.location.file.index()]);
        range(buf, Range::of(label_file, l.location.span), "          ");
        buf.extend_from_slice(b",\n          \"message\": ");
        json_string(buf, &l.message);
        buf.extend_from_slice(b"\n        }");
    }
    if !first_label {
        buf.extend_from_slice(b"\n      ");
    }
    buf.extend_from_slice(b"],\n      \"help\": ");
    match &d.help {
        Some(help) => json_string(buf, help),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b"\n    }");
}

/// `,\n"line": L,\n"column": C,\n"end_line": L,\n"end_column": C`, each line indented.
fn range(buf: &mut Vec<u8>, r: Range, indent: &str) {
    for (key, n) in [
        ("line", r.line),
        ("column", r.column),
        ("end_line", r.end_line),
        ("end_column", r.end_column),
    ] {
        buf.extend_from_slice(b",\n");
        buf.extend_from_slice(indent.as_bytes());
        buf.push(b'"');
        buf.extend_from_slice(key.as_bytes());
        buf.extend_from_slice(b"\": ");
        json_number(buf, n.into());
    }
}
