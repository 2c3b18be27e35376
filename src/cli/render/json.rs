//! `--format json`: exactly the document of the spec,
//! `{"diagnostics":[{"code","severity","message","file","line","column","end_line","end_column",
//! "labels":[{"file","line","column","end_line","end_column","message"}],"help"}],
//! "summary":{"errors","warnings","infos","files"}}`, keys in that order, `help` null when
//! absent. Fixes are not part of it (the editor offers them).

use std::io::{self, Write};

use serde::Serialize;

use super::Range;
use crate::diagnostic::{Diagnostic, Summary};
use crate::workspace::Workspace;

#[derive(Serialize)]
struct Document<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: &'a Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
}

/// Writes the document, pretty-printed, and a final newline.
pub fn write(
    out: &mut dyn Write,
    ws: &Workspace,
    diagnostics: &[Diagnostic],
    summary: &Summary,
) -> io::Result<()> {
    let doc = Document {
        diagnostics: diagnostics
            .iter()
            .filter_map(|d| {
                let file = ws.files.get(d.location.file.index())?;
                let r = Range::of(file, d.location.span);
                Some(JsonDiagnostic {
                    code: d.code,
                    severity: d.severity.as_str(),
                    message: &d.message,
                    file: &file.path,
                    line: r.line,
                    column: r.column,
                    end_line: r.end_line,
                    end_column: r.end_column,
                    labels: d
                        .labels
                        .iter()
                        .filter_map(|l| {
                            let file = ws.files.get(l.location.file.index())?;
                            let r = Range::of(file, l.location.span);
                            Some(JsonLabel {
                                file: &file.path,
                                line: r.line,
                                column: r.column,
                                end_line: r.end_line,
                                end_column: r.end_column,
                                message: &l.message,
                            })
                        })
                        .collect(),
                    help: d.help.as_deref(),
                })
            })
            .collect(),
        summary,
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}
