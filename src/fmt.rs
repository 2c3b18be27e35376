//! The formatter: one canonical layout for plan files, keeping every comment and meaning.
//!
//! The layout (written down for users in `grammar/README.md`, "Canonical layout"):
//!
//! - an item's header `KIND NAME "Title" {` on one line; its fields one per line, indented two
//!   spaces, values separated by `, `; the closing `}` alone on its line;
//! - an item with no fields (and no comment inside its braces) is written without braces;
//! - a blank line right after each item, except between two brace-less items that were on
//!   adjacent lines, which stay together; elsewhere the blank lines the user wrote are kept,
//!   at most one in a row, never at the start of the file or of a block, nor before a `}`;
//! - every comment is kept in order: a comment alone on its line stays alone on its line,
//!   indented like what follows it; a comment after code stays at the end of that line,
//!   one space after it;
//! - strings are re-escaped canonically; line endings follow the file's first newline; a BOM
//!   is kept; the file ends with one newline.
//!
//! A comment can only sit inside an item's header or a field when the header or field spans
//! lines; then the formatter breaks there and indents the continuation four spaces.
//!
//! The formatter never changes what a file means: a file with syntax errors is refused, and
//! every output is parsed again and compared with the input before it is returned.

use crate::syntax::lexer::{self, Tok};
use crate::syntax::{self, Item, SourceFile, Span};

/// Why a text was not formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub message: String,
    pub span: Span,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Formats a whole file. Fails (changing nothing) when the text has syntax errors.
pub fn format(text: &str) -> Result<String, FormatError> {
    Ok(layout(text)?.text)
}

/// Formats the items that overlap `range`: the span replaced and its new text, or `None` when
/// nothing changes.
///
/// The replaced span always covers whole lines: from the start of the line of the first item's
/// leading comments to the end of the line of the last item (with its line ending), widened to
/// the neighbouring items that share those lines. Blank lines around the span are left alone.
pub fn format_range(text: &str, range: Span) -> Result<Option<(Span, String)>, FormatError> {
    let done = layout(text)?;
    let n = done.source.len();
    // Items whose extent (leading comments to trailing comment) touches the range.
    let touches = |s: &std::ops::Range<usize>| s.start <= range.end && range.start <= s.end;
    let Some(mut first) = done.source.iter().position(touches) else {
        return Ok(None);
    };
    let mut last = done.source.iter().rposition(touches).unwrap_or(first);
    let bytes = text.as_bytes();
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let line_start = |pos: usize| {
        bytes[..pos]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(body_start, |p| p + 1)
    };
    let line_end = |pos: usize| {
        bytes[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |p| pos + p + 1)
    };
    // Widen to whole lines, and to the items that share them.
    loop {
        let start = line_start(done.source[first].start);
        let end = line_end(done.source[last].end);
        let mut changed = false;
        if first > 0 && done.source[first - 1].end > start {
            first -= 1;
            changed = true;
        }
        if last + 1 < n && done.source[last + 1].start < end {
            last += 1;
            changed = true;
        }
        if !changed {
            let replaced = Span::new(start, end);
            let new_text = &done.text[done.output[first].start..done.output[last].end];
            return Ok(
                (text[replaced.range()] != *new_text).then(|| (replaced, new_text.to_string()))
            );
        }
    }
}

/// A formatted text with, for each item, where it was in the source (first leading comment to
/// last trailing comment, byte offsets) and the whole lines it fills in the output.
struct Laid {
    text: String,
    source: Vec<std::ops::Range<usize>>,
    output: Vec<std::ops::Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Kind,
    Name,
    Title,
    Open,
    Key,
    FirstValue,
    Comma,
    Value,
    Close,
}

impl Role {
    fn glued(self) -> bool {
        matches!(self, Role::Open | Role::Comma)
    }
}

struct Piece {
    text: String,
    role: Role,
    item: usize,
    /// A key or `}` that directly follows `{`.
    first_in_block: bool,
    /// The source had a blank line right before this token.
    blank_before: bool,
    /// Comments alone on their lines just before this piece (indices into `Comments`).
    leading: Vec<usize>,
    /// Comments after this piece on its line.
    trailing: Vec<usize>,
}

struct CommentText<'a> {
    text: &'a str,
    blank_before: bool,
    span: Span,
}

const INDENT: &str = "  ";
const CONTINUATION: &str = "    ";

fn refuse(file: &SourceFile) -> FormatError {
    let first = &file.errors[0];
    let more = match file.errors.len() {
        1 => String::new(),
        2 => " (and 1 more syntax error)".to_string(),
        n => format!(" (and {} more syntax errors)", n - 1),
    };
    FormatError {
        message: format!("not formatted: this file has a syntax error: {}{more}; fix it and run the formatter again", first.message),
        span: first.span,
    }
}

fn internal(span: Span) -> FormatError {
    FormatError {
        message: "not formatted: the formatter could not keep this file's meaning exactly, so it left the file as it was (this is a bug in coord; please report it with the file)".into(),
        span,
    }
}

fn layout(text: &str) -> Result<Laid, FormatError> {
    let parsed = syntax::parse(text);
    if !parsed.errors.is_empty() {
        return Err(refuse(&parsed));
    }
    let lexed = lexer::lex(text);
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line_of = |offset: usize| newlines.partition_point(|&n| n < offset);

    // Comments, with whether a blank line separates each from what precedes it.
    let mut comments: Vec<CommentText> = lexed
        .comments
        .iter()
        .map(|c| CommentText {
            text: text[c.span.range()].trim_end(),
            blank_before: false,
            span: c.span,
        })
        .collect();

    // Walk tokens and comments in source order, building pieces and attaching comments.
    let tokens = &lexed.tokens;
    let mut pieces: Vec<Piece> = Vec::with_capacity(tokens.len());
    let mut eof_leading: Vec<usize> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    let mut has_block: Vec<bool> = Vec::new();
    let mut item_first_offset: Vec<usize> = Vec::new();
    let mut item_last_offset: Vec<usize> = Vec::new();
    let (mut ti, mut ci) = (0usize, 0usize);
    // The line of the previous element, and whether it was a token.
    let mut prev: Option<(usize, bool)> = None;
    let mut state = State::Top;
    let mut skip_close = false;
    let mut pending_start: Option<usize> = None;
    while ti < tokens.len() || ci < comments.len() {
        let comment_next = ci < comments.len()
            && (ti >= tokens.len() || comments[ci].span.start < tokens[ti].1.start);
        if comment_next {
            let line = line_of(comments[ci].span.start);
            comments[ci].blank_before = prev.is_some_and(|(l, _)| line >= l + 2);
            let trailing = prev.is_some_and(|(l, was_token)| was_token && l == line);
            match (trailing, pieces.last_mut()) {
                (true, Some(p)) => {
                    p.trailing.push(ci);
                    if let Some(last) = item_last_offset.last_mut() {
                        *last = comments[ci].span.end;
                    }
                }
                _ => {
                    pending_start.get_or_insert(comments[ci].span.start);
                    pending.push(ci);
                }
            }
            prev = Some((line, false));
            ci += 1;
            continue;
        }
        let (tok, span) = tokens[ti];
        let line = line_of(span.start);
        let blank_before = prev.is_some_and(|(l, _)| line >= l + 2);
        prev = Some((line, true));
        ti += 1;
        let (role, next) = match (state, tok) {
            (State::Top | State::AfterName | State::AfterTitle, Tok::Kind(_)) => {
                (Role::Kind, State::AfterKind)
            }
            (State::AfterKind, Tok::Ident) => (Role::Name, State::AfterName),
            (State::AfterName, Tok::Str) => (Role::Title, State::AfterTitle),
            (State::AfterName | State::AfterTitle, Tok::LBrace) => (Role::Open, State::BlockStart),
            (State::BlockStart | State::AfterValue, Tok::Ident) => (Role::Key, State::AfterKey),
            (State::BlockStart | State::AfterValue, Tok::RBrace) => (Role::Close, State::Top),
            (State::AfterKey, t) if is_value(t) => (Role::FirstValue, State::AfterValue),
            (State::AfterValue, Tok::Comma) => (Role::Comma, State::AfterComma),
            (State::AfterComma, t) if is_value(t) => (Role::Value, State::AfterValue),
            _ => return Err(internal(span)),
        };
        state = next;
        if role == Role::Kind {
            has_block.push(false);
            item_first_offset.push(pending_start.unwrap_or(span.start));
            item_last_offset.push(span.end);
        }
        pending_start = None;
        let item = has_block.len().saturating_sub(1);
        if let Some(last) = item_last_offset.last_mut() {
            *last = span.end;
        }
        // `{}` with nothing inside and no comment before it is dropped (a comment before or
        // inside it would have to move, and could become an item's doc comment).
        if role == Role::Open {
            let empty = matches!(tokens.get(ti), Some((Tok::RBrace, _)))
                && pending.is_empty()
                && pieces.last().is_some_and(|p| p.trailing.is_empty())
                && !(ci < comments.len() && comments[ci].span.start < tokens[ti].1.start);
            if empty {
                skip_close = true;
                continue;
            }
            has_block[item] = true;
        }
        if role == Role::Close && std::mem::take(&mut skip_close) {
            continue;
        }
        let piece_text = match tok {
            Tok::Str => lexer::escape(&lexer::unescape(&text[span.range()])),
            _ => text[span.range()].to_string(),
        };
        let first_in_block = matches!(role, Role::Key | Role::Close)
            && pieces.last().is_some_and(|p| p.role == Role::Open);
        pieces.push(Piece {
            text: piece_text,
            role,
            item,
            first_in_block,
            blank_before,
            leading: std::mem::take(&mut pending),
            trailing: Vec::new(),
        });
    }
    if !matches!(state, State::Top | State::AfterName | State::AfterTitle) {
        return Err(internal(Span::at(text.len())));
    }
    eof_leading.append(&mut pending);

    // Comments cannot sit before a glued piece (`,` or `{`) nor after it on its own: they move
    // after it. Of several comments after one piece, the first stays on the line and the
    // others go on their own lines before the next piece.
    for i in 0..pieces.len() {
        if i + 1 < pieces.len() && pieces[i + 1].role.glued() {
            let mut moved = std::mem::take(&mut pieces[i].trailing);
            moved.append(&mut pieces[i + 1].leading);
            moved.append(&mut pieces[i + 1].trailing);
            pieces[i + 1].trailing = moved;
        }
        if pieces[i].trailing.len() > 1 {
            let mut extra = pieces[i].trailing.split_off(1);
            match pieces.get_mut(i + 1) {
                Some(next) => {
                    extra.append(&mut next.leading);
                    next.leading = extra;
                }
                None => {
                    extra.append(&mut eof_leading);
                    eof_leading = extra;
                }
            }
        }
    }

    // Emit.
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut open_line = false;
    let mut must_break = false;
    let mut output: Vec<std::ops::Range<usize>> = Vec::with_capacity(has_block.len());
    for p in &pieces {
        match p.role {
            Role::Kind | Role::Key | Role::Close => {
                if open_line {
                    out.push('\n');
                    if p.role == Role::Kind {
                        if let Some(r) = output.last_mut() {
                            r.end = out.len();
                        }
                    }
                }
                let mut blanks: Vec<bool> = p
                    .leading
                    .iter()
                    .map(|&c| comments[c].blank_before)
                    .collect();
                blanks.push(p.blank_before && p.role != Role::Close);
                if p.first_in_block {
                    blanks[0] = false;
                }
                if p.role == Role::Kind
                    && p.item > 0
                    && (has_block[p.item - 1] || has_block[p.item])
                {
                    blanks[0] = true;
                }
                let (comment_indent, indent) = match p.role {
                    Role::Kind => ("", ""),
                    Role::Key => (INDENT, INDENT),
                    _ => (INDENT, ""),
                };
                for (k, &c) in p.leading.iter().enumerate() {
                    if blanks[k] && !out.is_empty() {
                        out.push('\n');
                    }
                    if k == 0 && p.role == Role::Kind {
                        output.push(out.len()..out.len());
                    }
                    out.push_str(comment_indent);
                    out.push_str(comments[c].text);
                    out.push('\n');
                }
                if blanks[p.leading.len()] && !out.is_empty() {
                    out.push('\n');
                }
                if p.leading.is_empty() && p.role == Role::Kind {
                    output.push(out.len()..out.len());
                }
                out.push_str(indent);
                out.push_str(&p.text);
            }
            Role::Name | Role::Title | Role::FirstValue | Role::Value => {
                if must_break || !p.leading.is_empty() {
                    out.push('\n');
                    for &c in &p.leading {
                        out.push_str(CONTINUATION);
                        out.push_str(comments[c].text);
                        out.push('\n');
                    }
                    out.push_str(CONTINUATION);
                } else {
                    out.push(' ');
                }
                out.push_str(&p.text);
            }
            Role::Open => {
                out.push(' ');
                out.push_str(&p.text);
            }
            Role::Comma => out.push_str(&p.text),
        }
        open_line = true;
        must_break = false;
        if let Some(&c) = p.trailing.first() {
            out.push(' ');
            out.push_str(comments[c].text);
            must_break = true;
        }
    }
    if open_line {
        out.push('\n');
        if let Some(r) = output.last_mut() {
            r.end = out.len();
        }
    }
    for &c in &eof_leading {
        if comments[c].blank_before && !out.is_empty() {
            out.push('\n');
        }
        out.push_str(comments[c].text);
        out.push('\n');
    }

    // Line endings and the byte-order mark, as the file had them.
    let crlf = text
        .find('\n')
        .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r');
    let bom = text.starts_with('\u{feff}');
    if crlf || bom {
        // Item ranges are in order and line-aligned: each bound moves by the BOM and, with
        // CRLF, by one byte per newline before it.
        let shift = if bom { '\u{feff}'.len_utf8() } else { 0 };
        let (mut count, mut at) = (0usize, 0usize);
        for r in &mut output {
            for bound in [&mut r.start, &mut r.end] {
                if crlf {
                    count += out[at..*bound].matches('\n').count();
                    at = *bound;
                }
                *bound += shift + count;
            }
        }
        let mut adjusted =
            String::with_capacity(out.len() + shift + if crlf { out.len() / 16 } else { 0 });
        if bom {
            adjusted.push('\u{feff}');
        }
        if crlf {
            adjusted.push_str(&out.replace('\n', "\r\n"));
        } else {
            adjusted.push_str(&out);
        }
        out = adjusted;
    }

    // The output must mean exactly what the input meant.
    let reparsed = syntax::parse(&out);
    if !reparsed.errors.is_empty() || !same_meaning(&parsed, &reparsed, text, &out) {
        return Err(internal(Span::at(0)));
    }
    let source = item_first_offset
        .into_iter()
        .zip(item_last_offset)
        .map(|(s, e)| s..e)
        .collect::<Vec<_>>();
    if source.len() != output.len() {
        return Err(internal(Span::at(0)));
    }
    Ok(Laid {
        text: out,
        source,
        output,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Top,
    AfterKind,
    AfterName,
    AfterTitle,
    BlockStart,
    AfterKey,
    AfterValue,
    AfterComma,
}

fn is_value(t: Tok) -> bool {
    matches!(
        t,
        Tok::Ident | Tok::Str | Tok::Date | Tok::Duration | Tok::Number | Tok::Time
    )
}

/// Whether two parses hold the same items (kinds, names, titles, docs, fields and values,
/// ignoring spans, brace-less versus empty blocks and trailing spaces in comments) and the
/// same comments in the same order.
fn same_meaning(a: &SourceFile, b: &SourceFile, a_text: &str, b_text: &str) -> bool {
    fn doc(item: &Item) -> Option<Vec<&str>> {
        item.doc
            .as_deref()
            .map(|d| d.split('\n').map(str::trim_end).collect())
    }
    let items_equal = a.items.len() == b.items.len()
        && a.items.iter().zip(&b.items).all(|(x, y)| {
            x.kind == y.kind
                && x.name_text() == y.name_text()
                && x.title.as_ref().map(|t| &t.0) == y.title.as_ref().map(|t| &t.0)
                && doc(x) == doc(y)
                && x.fields().len() == y.fields().len()
                && x.fields().iter().zip(y.fields()).all(|(f, g)| {
                    f.key.text == g.key.text
                        && f.values.len() == g.values.len()
                        && f.values
                            .iter()
                            .zip(&g.values)
                            .all(|(v, w)| v.kind == w.kind)
                })
        });
    let comments_equal = a.comments.len() == b.comments.len()
        && a.comments.iter().zip(&b.comments).all(|(x, y)| {
            x.doc == y.doc && a_text[x.span.range()].trim_end() == b_text[y.span.range()].trim_end()
        });
    items_equal && comments_equal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(s: &str) -> String {
        format(s).unwrap()
    }

    #[test]
    fn canonical_layout() {
        let src = "team engineering \"Engineering\" { lead zoe }\nteam marketing \"Product marketing\" { lead dave  members erin,frank }\nperson bob\nperson carol {}\n";
        assert_eq!(
            fmt(src),
            "team engineering \"Engineering\" {\n  lead zoe\n}\n\nteam marketing \"Product marketing\" {\n  lead dave\n  members erin, frank\n}\n\nperson bob\nperson carol\n"
        );
    }

    #[test]
    fn comments_stay_in_place() {
        let src = "# header\n\n## Doc\nteam a { # on brace\n  lead x # trailing\n  # own line\n\n\n  members y,   # after comma\n    z\n  # before close\n} # after close\n# end\n";
        let out = fmt(src);
        assert_eq!(
            out,
            "# header\n\n## Doc\nteam a { # on brace\n  lead x # trailing\n  # own line\n\n  members y, # after comma\n    z\n  # before close\n} # after close\n# end\n"
        );
        assert_eq!(fmt(&out), out);
    }

    #[test]
    fn crlf_bom_and_escapes() {
        let src = "\u{feff}person a \"A \\\"b\\\"\" { role \"x\" }\r\nperson b\r\n";
        assert_eq!(
            fmt(src),
            "\u{feff}person a \"A \\\"b\\\"\" {\r\n  role \"x\"\r\n}\r\n\r\nperson b\r\n"
        );
    }

    #[test]
    fn refuses_syntax_errors() {
        let e = format("team a { lead }").unwrap_err();
        assert!(e.message.contains("`lead` needs a value"), "{}", e.message);
        assert_eq!(e.span, Span::new(9, 13));
    }

    #[test]
    fn range_formats_the_touched_items() {
        let src = "person a {role \"x\"}\nperson b {role \"y\"}\n";
        let at = src.find("role \"y\"").unwrap();
        let (span, new) = format_range(src, Span::at(at)).unwrap().unwrap();
        assert_eq!(span, Span::new(20, src.len()));
        assert_eq!(new, "person b {\n  role \"y\"\n}\n");
        assert_eq!(format_range("person a\n", Span::at(0)).unwrap(), None);
        assert_eq!(format_range("# only\n", Span::at(0)).unwrap(), None);
    }
}
