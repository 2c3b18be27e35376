//! Human output: one ariadne report per diagnostic, in the order the analysis sorted them
//! (by file in path order, then position).
//!
//! Diagnostic spans are byte offsets; ariadne is given character offsets (`IndexType::Char`),
//! converted here with a per-file table of line starts. Ariadne 0.6.0's byte mode cannot be
//! used: for a section of a report in a file other than the primary one it reads a character
//! offset as a byte offset (`write.rs`, the `╭─[ file:line:col ]` location), which shows a
//! wrong position, or panics, as soon as that file has a non-ASCII character before the label.
//!
//! Before the text is handed over, the characters ariadne would take for line breaks but the
//! plan language does not (a lone carriage return, vertical tab, form feed, U+0085, U+2028,
//! U+2029) are replaced by a space each, so that ariadne's line numbers are the ones every
//! other output shows and every character offset stays where it was.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::OnceLock;

use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};

use super::clamp_span;
use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::Span;
use crate::workspace::{FileId, Workspace};

/// A source as ariadne sees it: the file's index, shown as its path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Src {
    index: usize,
    path: Rc<str>,
}

impl fmt::Display for Src {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)
    }
}

type AriadneSpan = (Src, std::ops::Range<usize>);

/// The colour ariadne gives to the header of an info report; written out even when colour is
/// off (ariadne does not filter a custom kind's colour), so it is stripped then.
const INFO_COLOR: Color = Color::Blue;

/// Byte offsets to character offsets in one text: the byte and character offset of each line
/// start (lines end at `\n`).
struct CharMap {
    lines: Vec<(usize, usize)>,
}

impl CharMap {
    fn new(text: &str) -> CharMap {
        let mut lines = vec![(0, 0)];
        let mut chars = 0;
        for (i, c) in text.char_indices() {
            chars += 1;
            if c == '\n' {
                lines.push((i + 1, chars));
            }
        }
        CharMap { lines }
    }

    /// The character offset of `byte`, which must be a character boundary of `text`.
    fn char_offset(&self, text: &str, byte: usize) -> usize {
        let i = self
            .lines
            .partition_point(|&(b, _)| b <= byte)
            .saturating_sub(1);
        let (line_byte, line_char) = self.lines[i];
        line_char + text[line_byte..byte].chars().count()
    }
}

/// The most reports shown for one file; the rest are counted in one line, so that a file with
/// thousands of problems (often one mistake repeated) gives a readable, bounded report.
pub const PER_FILE_LIMIT: usize = 100;

/// Writes one report per diagnostic, each followed by an empty line, at most
/// [`PER_FILE_LIMIT`] per file. Nothing is written for an empty list.
///
/// Each file's reports are rendered as one block; with many reports, the blocks are rendered
/// on two threads and written in order.
pub fn write(
    out: &mut dyn Write,
    ws: &Workspace,
    diagnostics: &[Diagnostic],
    color: bool,
) -> io::Result<()> {
    // Diagnostics come sorted by file: each run of one primary file is a block (the cap
    // counts per run). Diagnostics of no file in the workspace are skipped.
    let mut blocks: Vec<usize> = Vec::new();
    let mut current: Option<FileId> = None;
    let mut reports = 0usize;
    let mut in_block = 0usize;
    for (i, d) in diagnostics.iter().enumerate() {
        let file = d.location.file;
        if file.index() >= ws.files.len() {
            continue;
        }
        if current != Some(file) {
            current = Some(file);
            blocks.push(i);
            in_block = 0;
        }
        if in_block < PER_FILE_LIMIT {
            in_block += 1;
            reports += 1;
        }
    }
    let shared = Shared::new(ws);
    // About a millisecond of rendering; less is not worth a thread.
    const PARALLEL_FROM_REPORTS: usize = 200;
    super::write_chunks(
        out,
        blocks.len(),
        reports >= PARALLEL_FROM_REPORTS,
        || Painter::new(ws, &shared, color),
        |painter, block, buf| {
            let from = blocks[block];
            let to = blocks.get(block + 1).copied().unwrap_or(diagnostics.len());
            painter.write_block(buf, &diagnostics[from..to])
        },
    )
}

/// What rendering reports keeps between them: each file's character offsets and text as
/// ariadne reads it, made once when first needed and shared by the rendering threads.
struct Shared<'a> {
    maps: Vec<OnceLock<CharMap>>,
    sources: Vec<OnceLock<Source<Cow<'a, str>>>>,
}

impl Shared<'_> {
    fn new(ws: &Workspace) -> Shared<'_> {
        Shared {
            maps: ws.files.iter().map(|_| OnceLock::new()).collect(),
            sources: ws.files.iter().map(|_| OnceLock::new()).collect(),
        }
    }
}

/// One thread's painter: the shared tables and each file's path as ariadne shows it.
struct Painter<'a> {
    ws: &'a Workspace,
    color: bool,
    paths: Vec<Rc<str>>,
    shared: &'a Shared<'a>,
}

/// The file texts as ariadne reads them.
struct Sources<'a> {
    ws: &'a Workspace,
    shared: &'a Shared<'a>,
}

impl<'a> ariadne::Cache<Src> for Sources<'a> {
    type Storage = Cow<'a, str>;

    fn fetch(&mut self, id: &Src) -> Result<&Source<Self::Storage>, impl fmt::Debug> {
        let (ws, shared) = (self.ws, self.shared);
        match (ws.files.get(id.index), shared.sources.get(id.index)) {
            (Some(file), Some(slot)) => {
                Ok(slot.get_or_init(|| Source::from(for_ariadne(&file.text))))
            }
            _ => Err(format!("no file {}", id.path)),
        }
    }

    fn display<'b>(&self, id: &'b Src) -> Option<impl fmt::Display + 'b> {
        Some(id)
    }
}

impl<'a> Painter<'a> {
    fn new(ws: &'a Workspace, shared: &'a Shared<'a>, color: bool) -> Painter<'a> {
        Painter {
            ws,
            color,
            paths: ws.files.iter().map(|f| Rc::from(f.path.as_str())).collect(),
            shared,
        }
    }

    /// The span ariadne is given for `span` in a file: character offsets.
    fn at(&mut self, index: usize, span: Span) -> AriadneSpan {
        let text = &self.ws.files[index].text;
        let span = display_span(text, clamp_span(text, span));
        let map = self.shared.maps[index].get_or_init(|| CharMap::new(text));
        let start = map.char_offset(text, span.start());
        let end = map.char_offset(text, span.end());
        (
            Src {
                index,
                path: self.paths[index].clone(),
            },
            start..end,
        )
    }

    /// Writes the reports of one block (diagnostics of one primary file), at most
    /// [`PER_FILE_LIMIT`], and the count of those left out.
    fn write_block(&mut self, out: &mut Vec<u8>, block: &[Diagnostic]) -> io::Result<()> {
        let (ws, color) = (self.ws, self.color);
        let config = Config::default()
            .with_index_type(IndexType::Char)
            .with_color(color);
        let mut buffer = Vec::new();
        let mut current: Option<FileId> = None;
        let mut shown = 0usize;
        let mut hidden = 0usize;
        for d in block {
            let primary_file = d.location.file;
            if primary_file.index() >= ws.files.len() {
                continue;
            }
            current = Some(primary_file);
            if shown == PER_FILE_LIMIT {
                hidden += 1;
                continue;
            }
            shown += 1;
            if on_long_line(ws, d) {
                write_compact(out, ws, d)?;
                continue;
            }
            let (kind, kind_color) = match d.severity {
                Severity::Error => (ReportKind::Error, Color::Red),
                Severity::Warning => (ReportKind::Warning, Color::Yellow),
                Severity::Info => (ReportKind::Custom("Info", INFO_COLOR), INFO_COLOR),
            };
            let mut report = Report::build(kind, self.at(primary_file.index(), d.location.span))
                .with_config(config)
                .with_code(d.code)
                .with_message(visible(&d.message));
            // The primary file's section comes first, then the other files in path order;
            // within a file, labels go by position (ariadne starts a new section when a label
            // is above the previous one). Without colour, ariadne underlines only labels with
            // a message, so the primary label repeats the message.
            let mut labels: Vec<(FileId, Span, Option<&str>)> =
                vec![(primary_file, d.location.span, None)];
            labels.extend(
                d.labels
                    .iter()
                    .filter(|l| l.location.file.index() < ws.files.len())
                    .map(|l| (l.location.file, l.location.span, Some(l.message.as_str()))),
            );
            labels.sort_by_key(|(file, span, message)| {
                (
                    *file != primary_file,
                    *file,
                    span.start(),
                    message.is_some(),
                )
            });
            for (order, (file, span, message)) in labels.into_iter().enumerate() {
                let mut label = Label::new(self.at(file.index(), span))
                    .with_message(visible(message.unwrap_or(&d.message)))
                    .with_order(order as i32);
                if color {
                    label = label.with_color(if message.is_none() {
                        kind_color
                    } else {
                        Color::Cyan
                    });
                }
                report = report.with_label(label);
            }
            if let Some(help) = &d.help {
                report = report.with_help(visible(help));
            }
            buffer.clear();
            report.finish().write_for_stdout(
                Sources {
                    ws,
                    shared: self.shared,
                },
                &mut buffer,
            )?;
            if d.severity == Severity::Info && !color {
                strip_info_color(&mut buffer);
            }
            out.extend_from_slice(&buffer);
            out.push(b'\n');
        }
        if let Some(file) = current {
            write_hidden(out, &ws.file(file).path, hidden)?;
        }
        Ok(())
    }
}

/// Lines longer than this (in bytes) are not echoed: a finding on a 10 MB line would print
/// the whole line. Such findings get a compact report with positions instead.
const LONG_LINE: usize = 2_000;

fn line_len_at(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let bytes = text.as_bytes();
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let end = bytes[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| offset + p);
    end - start
}

fn on_long_line(ws: &Workspace, d: &Diagnostic) -> bool {
    std::iter::once(&d.location)
        .chain(d.labels.iter().map(|l| &l.location))
        .filter(|loc| loc.file.index() < ws.files.len())
        .any(|loc| line_len_at(&ws.file(loc.file).text, loc.span.start()) > LONG_LINE)
}

fn write_compact(out: &mut dyn Write, ws: &Workspace, d: &Diagnostic) -> io::Result<()> {
    let place = |loc: &crate::diagnostic::Location| {
        let file = ws.file(loc.file);
        let (line, col) = file.line_col_chars(loc.span.start());
        format!("{}:{}:{}", file.path, line + 1, col + 1)
    };
    let kind = match d.severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
    };
    writeln!(out, "[{}] {kind}: {}", d.code, visible(&d.message))?;
    writeln!(out, "   ╭─[ {} ]", place(&d.location))?;
    writeln!(out, "   │ (the line is too long to show)")?;
    for l in &d.labels {
        writeln!(out, "   │ {}: {}", place(&l.location), visible(&l.message))?;
    }
    if let Some(help) = &d.help {
        writeln!(out, "   │ Help: {}", visible(help))?;
    }
    writeln!(out, "───╯\n")
}

/// A character that must not reach a terminal as it is (it could move the cursor, retitle the
/// window or reverse the text around it), as a visible stand-in of the same length in
/// characters, so positions do not move.
fn stand_in(c: char) -> Option<char> {
    match c {
        '\n' | '\t' => None,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// `text` with every character that could act on a terminal replaced by a visible stand-in.
fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| stand_in(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| stand_in(c).unwrap_or(c)).collect())
}

fn write_hidden(out: &mut dyn Write, path: &str, hidden: usize) -> io::Result<()> {
    if hidden == 0 {
        return Ok(());
    }
    let findings = if hidden == 1 { "finding" } else { "findings" };
    writeln!(
        out,
        "... and {hidden} more {findings} in {path}, not shown (the first {PER_FILE_LIMIT} are above; `--format json` lists them all)\n"
    )
}

/// The text with each character ariadne breaks lines at, and the plan language does not,
/// replaced by a space.
fn for_ariadne(text: &str) -> Cow<'_, str> {
    // `Some(replacement)` for a character ariadne would break a line at (a space), or one
    // that must not reach the terminal (a visible stand-in); a CRLF's `\r` stays.
    let replace = |c: char, next: Option<char>| match c {
        '\r' if next == Some('\n') => None,
        '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some(' '),
        c => stand_in(c),
    };
    // Every such character starts with one of these bytes (`\r` only matters without a `\n`
    // after it): a text without them, nearly every plan, is used as it is.
    let bytes = text.as_bytes();
    let suspect = |(i, &b): (usize, &u8)| match b {
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        b'\n' | b'\t' => false,
        0..=0x1f | 0x7f | 0xc2 | 0xe2 => true,
        _ => false,
    };
    if !bytes.iter().enumerate().any(suspect) {
        return Cow::Borrowed(text);
    }
    let mut chars = text.chars().peekable();
    let mut needed = false;
    while let Some(c) = chars.next() {
        if replace(c, chars.peek().copied()).is_some() {
            needed = true;
            break;
        }
    }
    if !needed {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(replace(c, chars.peek().copied()).unwrap_or(c));
    }
    Cow::Owned(out)
}

/// An empty span is widened to the character it sits on (or the one before it at the end of a
/// line or of the file), so that ariadne has something to underline.
fn display_span(text: &str, span: Span) -> Span {
    if !span.is_empty() {
        return span;
    }
    let at = span.start();
    match text[at..].chars().next() {
        Some(c) if c != '\n' && c != '\r' => Span::new(at, at + c.len_utf8()),
        _ => match text[..at].chars().next_back() {
            Some(c) if c != '\n' && c != '\r' => Span::new(at - c.len_utf8(), at),
            _ => span,
        },
    }
}

/// Removes the colour codes ariadne writes around `[code] Info:` at the start of a report:
/// `ESC[..m[code] Info:ESC[0m message`.
fn strip_info_color(buffer: &mut Vec<u8>) {
    fn sequence_end(bytes: &[u8], from: usize) -> Option<usize> {
        bytes[from..]
            .iter()
            .position(|&b| b == b'm')
            .map(|i| from + i + 1)
    }
    if !buffer.starts_with(b"\x1b[") {
        return;
    }
    let Some(end) = sequence_end(buffer, 0) else {
        return;
    };
    buffer.drain(..end);
    let line_end = buffer
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(buffer.len());
    let marker = b"Info:\x1b[";
    if let Some(i) = buffer[..line_end]
        .windows(marker.len())
        .position(|w| w == marker)
    {
        let from = i + "Info:".len();
        if let Some(end) = sequence_end(buffer, from) {
            buffer.drain(from..end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_line_breaks_become_spaces() {
        let text = "a\rb\r\nc\u{2028}d\u{0B}e";
        let cleaned = for_ariadne(text);
        assert_eq!(cleaned.chars().count(), text.chars().count());
        assert_eq!(cleaned, "a b\r\nc d e");
        assert!(matches!(for_ariadne("plain\r\ntext\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn char_offsets() {
        let text = "é😀x\r\n山y\n";
        let map = CharMap::new(text);
        let y = text.find('y').unwrap();
        assert_eq!(map.char_offset(text, y), 6);
        assert_eq!(map.char_offset(text, text.find('x').unwrap()), 2);
        assert_eq!(map.char_offset(text, text.len()), 8);
        assert_eq!(map.char_offset(text, 0), 0);
    }

    #[test]
    fn empty_spans_are_widened() {
        assert_eq!(display_span("ab\n", Span::at(1)), Span::new(1, 2));
        assert_eq!(display_span("ab\n", Span::at(2)), Span::new(1, 2));
        assert_eq!(display_span("é", Span::at(2)), Span::new(0, 2));
        assert_eq!(display_span("\n\n", Span::at(1)), Span::at(1));
        assert_eq!(display_span("", Span::at(0)), Span::at(0));
    }
}
