//! The outputs of `coord check`: one list of diagnostics, four formats.
//!
//! - `human`: ariadne reports grouped by file, then a one-line summary (standard output).
//! - `json`: the document the spec fixes, key for key (standard output, nothing else).
//! - `sarif`: SARIF 2.1.0 for code-scanning tools (standard output, nothing else).
//! - `github`: GitHub Actions workflow commands, one annotation per diagnostic, on standard
//!   output; the summary line goes to standard error so that standard output holds only
//!   workflow commands.
//!
//! Every position a machine format shows is 1-based, with columns counted in Unicode
//! characters (scalar values), and an end that is exclusive: the column just after the last
//! character of the span.

pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod sarif;

use std::io::{self, IsTerminal, Write};

use crate::diagnostic::{Diagnostic, Summary};
use crate::syntax::Span;
use crate::workspace::{PlanFile, Workspace};

/// How `coord check` writes its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Annotated source excerpts and a summary line, for people.
    #[default]
    Human,
    /// One JSON document: `{"diagnostics": [...], "summary": {...}}`.
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps).
    Sarif,
    /// GitHub Actions annotations (workflow commands); the summary goes to standard error.
    Github,
}

/// A range in a file: 1-based lines and columns, columns in Unicode characters, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Range {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Range {
    /// The range of `span` in `file` (a span outside the text is clamped into it).
    pub fn of(file: &PlanFile, span: Span) -> Range {
        let span = clamp_span(&file.text, span);
        let (line, column) = file.line_col_chars(span.start());
        // Most spans are a name on one line: their end is found by counting their characters
        // instead of a second look-up in the line index.
        let inner = &file.text[span.range()];
        let (end_line, end_column) = if inner.contains(['\n', '\r']) {
            file.line_col_chars(span.end())
        } else {
            (line, column + inner.chars().count() as u32)
        };
        Range {
            line: line + 1,
            column: column + 1,
            end_line: end_line + 1,
            end_column: end_column + 1,
        }
    }
}

/// `span` moved inside `text` and onto character boundaries, with `start <= end`.
pub(crate) fn clamp_span(text: &str, span: Span) -> Span {
    let fit = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = fit(span.start());
    let end = fit(span.end()).max(start);
    Span::new(start, end)
}

/// Appends `s` to `buf` escaped for a JSON string (without the quotes), exactly as
/// `serde_json` escapes it: `"` and `\\`, the short escapes `\\b \\f \\n \\r \\t`, other
/// control characters as `\\u00xx`; everything else as it is.
pub(crate) fn json_escape(buf: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none of them needs an escape (nearly all text).
        if let Some(word) = bytes.get(i..i + 8) {
            if !may_need_escape(u64::from_le_bytes(word.try_into().expect("eight bytes"))) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        i += 1;
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            0x08 => b'b',
            0x0c => b'f',
            0..=0x1f => b'u',
            _ => continue,
        };
        buf.extend_from_slice(&bytes[from..i - 1]);
        from = i;
        if short == b'u' {
            buf.extend_from_slice(b"\\u00");
            buf.push(HEX[usize::from(b >> 4)]);
            buf.push(HEX[usize::from(b & 0xf)]);
        } else {
            buf.push(b'\\');
            buf.push(short);
        }
    }
    buf.extend_from_slice(&bytes[from..]);
}

/// Whether any of the eight bytes of `word` is a control character, `"` or `\\` (exact: a
/// byte-wise "has a byte less than" and two "has a zero byte" tests).
fn may_need_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0;
    below_space
        || has_zero(word ^ (ONES * u64::from(b'"')))
        || has_zero(word ^ (ONES * u64::from(b'\\')))
}

/// Appends `s` to `buf` as a JSON string, quoted and escaped as `serde_json` writes it.
pub(crate) fn json_string(buf: &mut Vec<u8>, s: &str) {
    buf.push(b'"');
    json_escape(buf, s);
    buf.push(b'"');
}

/// Appends a number in decimal.
pub(crate) fn json_number(buf: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

/// Writes `chunks` pieces of output in order, each rendered by `render` (given a state made
/// by `state`, the chunk's number and a buffer to append to). With `parallel`, a second
/// thread renders every other chunk while this one renders and writes the rest, so that a
/// large output takes about half the time; a small one stays on this thread (starting a
/// thread costs more than rendering it). Each thread makes its own state.
///
/// When writing fails (a closed pipe), the other thread stops at its next chunk.
pub(crate) fn write_chunks<S>(
    out: &mut dyn Write,
    chunks: usize,
    parallel: bool,
    state: impl Fn() -> S + Sync,
    render: impl Fn(&mut S, usize, &mut Vec<u8>) -> io::Result<()> + Sync,
) -> io::Result<()> {
    let parallel = parallel && chunks >= 2 && crate::cores::available() >= 2;
    let mut buf = Vec::new();
    if !parallel {
        let mut state = state();
        for chunk in 0..chunks {
            buf.clear();
            render(&mut state, chunk, &mut buf)?;
            out.write_all(&buf)?;
        }
        return Ok(());
    }
    // Rendered odd chunks come back in order; written buffers go back to be filled again.
    let (rendered_tx, rendered) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(1);
    let (spent, spent_rx) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let (state, render) = (&state, &render);
        let other = scope.spawn(move || {
            let mut state = state();
            for chunk in (1..chunks).step_by(2) {
                let mut buf = spent_rx.try_recv().unwrap_or_default();
                buf.clear();
                let done = render(&mut state, chunk, &mut buf).map(|()| buf);
                if rendered_tx.send(done).is_err() {
                    return;
                }
            }
        });
        // Owns the receiving end, so that leaving early (a failed write) lets the other
        // thread finish before it is joined.
        let write_all = move || -> io::Result<()> {
            let rendered = rendered;
            let mut own = state();
            for chunk in (0..chunks).step_by(2) {
                buf.clear();
                render(&mut own, chunk, &mut buf)?;
                out.write_all(&buf)?;
                if chunk + 1 == chunks {
                    break;
                }
                match rendered.recv() {
                    Ok(done) => {
                        let other = done?;
                        out.write_all(&other)?;
                        let _ = spent.send(other);
                    }
                    // The other thread is gone (it panicked): its chunk is rendered here.
                    Err(_) => {
                        buf.clear();
                        render(&mut own, chunk + 1, &mut buf)?;
                        out.write_all(&buf)?;
                    }
                }
            }
            Ok(())
        };
        let written = write_all();
        // Joined here, so that a panic on that thread is not raised again by the scope.
        let _ = other.join();
        written
    })
}

/// Writes the diagnostics of files in `ws` (the others are not shown) as the items of a JSON
/// list, each on a line of its own after a comma (the first without one), rendered by `item`
/// in blocks through [`write_chunks`]. Returns whether any was written.
pub(crate) fn write_json_items(
    out: &mut dyn Write,
    ws: &Workspace,
    diagnostics: &[Diagnostic],
    item: impl Fn(&mut Vec<u8>, &Diagnostic) + Sync,
) -> io::Result<bool> {
    let shown = |d: &Diagnostic| d.location.file.index() < ws.files.len();
    let first = diagnostics.iter().position(shown);
    write_chunks(
        out,
        diagnostics.len().div_ceil(DIAGNOSTICS_PER_CHUNK),
        diagnostics.len() >= PARALLEL_FROM_DIAGNOSTICS,
        || (),
        |(), chunk, buf| {
            let from = chunk * DIAGNOSTICS_PER_CHUNK;
            let to = (from + DIAGNOSTICS_PER_CHUNK).min(diagnostics.len());
            for (i, d) in diagnostics[from..to].iter().enumerate() {
                if shown(d) {
                    buf.extend_from_slice(if Some(from + i) == first {
                        b"\n"
                    } else {
                        b",\n"
                    });
                    item(buf, d);
                }
            }
            Ok(())
        },
    )?;
    Ok(first.is_some())
}

/// Diagnostics per chunk of a machine format rendered on two threads, and the fewest
/// diagnostics worth a second thread (about a millisecond of rendering).
pub(crate) const DIAGNOSTICS_PER_CHUNK: usize = 256;
pub(crate) const PARALLEL_FROM_DIAGNOSTICS: usize = 4096;

/// Writes the diagnostics in `format`. `color` only matters for [`Format::Human`]. The human
/// format ends with the summary line; the GitHub format leaves it to the caller (it belongs on
/// standard error); JSON carries the summary in the document and SARIF has none.
pub fn render(
    format: Format,
    ws: &Workspace,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => {
            human::write(out, ws, diagnostics, color)?;
            writeln!(out, "{}", summary_line(summary))
        }
        Format::Json => json::write(out, ws, diagnostics, summary),
        Format::Sarif => sarif::write(out, ws, diagnostics),
        Format::Github => github::write(out, ws, diagnostics),
    }
}

/// `2 errors, 1 warning, 3 infos in 5 files`; `no problems in 5 files` when clean. Counts that
/// are zero are left out.
pub(crate) fn summary_line(s: &Summary) -> String {
    fn count(n: usize, one: &str, many: &str) -> String {
        format!("{n} {}", if n == 1 { one } else { many })
    }
    let mut parts = Vec::new();
    if s.errors > 0 {
        parts.push(count(s.errors, "error", "errors"));
    }
    if s.warnings > 0 {
        parts.push(count(s.warnings, "warning", "warnings"));
    }
    if s.infos > 0 {
        parts.push(count(s.infos, "info", "infos"));
    }
    let found = if parts.is_empty() {
        "no problems".to_string()
    } else {
        parts.join(", ")
    };
    format!("{found} in {}", count(s.files, "file", "files"))
}

/// Whether to colour standard output: only on a terminal, and never when `NO_COLOR` is set to
/// something (https://no-color.org).
pub(crate) fn stdout_color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && io::stdout().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(errors: usize, warnings: usize, infos: usize, files: usize) -> String {
        summary_line(&Summary {
            errors,
            warnings,
            infos,
            files,
        })
    }

    #[test]
    fn summary_counts_and_plurals() {
        assert_eq!(
            summary(2, 1, 3, 5),
            "2 errors, 1 warning, 3 infos in 5 files"
        );
        assert_eq!(summary(1, 0, 1, 1), "1 error, 1 info in 1 file");
        assert_eq!(summary(0, 2, 0, 1), "2 warnings in 1 file");
        assert_eq!(summary(0, 0, 0, 5), "no problems in 5 files");
        assert_eq!(summary(0, 0, 0, 1), "no problems in 1 file");
    }

    #[test]
    fn json_strings_are_escaped_as_serde_json_escapes_them() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é😀\u{2028}\u{feff}\\\"");
        for s in ["", "plain", "a\"b\\c\nd", all.as_str()] {
            let mut buf = Vec::new();
            json_string(&mut buf, s);
            assert_eq!(
                String::from_utf8(buf).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
        // The eight-byte test agrees with the byte-wise one for every byte at every place,
        // next to plain text and next to non-ASCII bytes.
        for b in 0..=255u8 {
            for at in 0..8 {
                for fill in [b'a', 0xc3, 0x7f] {
                    let mut word = [fill; 8];
                    word[at] = b;
                    let want = b < 0x20 || b == b'"' || b == b'\\';
                    assert_eq!(
                        may_need_escape(u64::from_le_bytes(word)),
                        want,
                        "{b} at {at}"
                    );
                }
            }
        }
        for n in [0u64, 7, 10, 4_294_967_295, u64::MAX] {
            let mut buf = Vec::new();
            json_number(&mut buf, n);
            assert_eq!(String::from_utf8(buf).unwrap(), n.to_string());
        }
    }

    #[test]
    fn ranges_count_characters_and_clamp() {
        let f = PlanFile::new("a.plan".into(), "person é😀x\r\nteam t".into());
        let x = f.text.find('x').unwrap();
        let r = Range::of(&f, Span::new(x, x + 1));
        assert_eq!((r.line, r.column, r.end_line, r.end_column), (1, 10, 1, 11));
        let t = f.text.rfind('t').unwrap();
        let r = Range::of(&f, Span::new(t, t + 1));
        assert_eq!((r.line, r.column, r.end_line, r.end_column), (2, 6, 2, 7));
        // Inside the emoji, and past the end: clamped, never a panic.
        let emoji = f.text.find('😀').unwrap();
        assert_eq!(
            clamp_span(&f.text, Span::new(emoji + 1, emoji + 2)),
            Span::new(emoji, emoji)
        );
        assert_eq!(
            clamp_span(&f.text, Span::new(500, 400)),
            Span::new(f.text.len(), f.text.len())
        );
    }
}
