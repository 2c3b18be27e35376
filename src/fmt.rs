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

//!
//! Only the lexer runs on a text before it is laid out: the layout's own grammar ([`step`])
//! accepts exactly the token sequences the parser reads without an error, so the parser runs
//! only to describe the syntax errors of a text the layout turns down. The output is checked
//! the same way (lexed, and read by that grammar). [`Formatter::is_formatted`] stops at the
//! first difference from the input.

use crate::syntax::lexer::{self, Tok};
use crate::syntax::{self, Comment, Lexeme, Span, SyntaxError, TokSpan};

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
    Formatter::default().format(text)
}

/// Formats texts one after another, keeping its working memory (tokens, comments, the
/// output's pieces) from one text to the next, so that each text does not allocate and fault
/// in its own.
#[derive(Default)]
pub struct Formatter {
    scratch: Scratch,
}

impl Formatter {
    /// [`format`].
    pub fn format(&mut self, text: &str) -> Result<String, FormatError> {
        match self.lay_out(text, false)? {
            LaidOut::Laid(laid) => Ok(laid.text),
            // Only when checking.
            LaidOut::Same | LaidOut::Differs => Err(internal(Span::at(0))),
        }
    }

    /// Whether the text is already in the canonical layout (`format(text) == Ok(text)`), or
    /// its syntax errors. The output is compared with the text as it is built, and building
    /// stops at the first difference; the output of a text that would change is not checked
    /// for its meaning (that guards what is written, and nothing is).
    pub fn is_formatted(&mut self, text: &str) -> Result<bool, FormatError> {
        match self.lay_out(text, true)? {
            LaidOut::Same => Ok(true),
            LaidOut::Differs => Ok(false),
            LaidOut::Laid(laid) => Ok(laid.text == text),
        }
    }
}

/// The formatter's working memory (see [`Formatter`]).
#[derive(Default)]
struct Scratch {
    tokens: Vec<(Lexeme, TokSpan)>,
    comments: Vec<Comment>,
    errors: Vec<SyntaxError>,
    notes: Vec<CommentText>,
    pieces: Vec<Piece>,
    /// The output's tokens and comments, for the meaning check.
    out_tokens: Vec<(Lexeme, TokSpan)>,
    out_comments: Vec<Comment>,
    /// The output when only checking (it is not handed out).
    checked: String,
}

/// Formats the items that overlap `range`: the span replaced and its new text, or `None` when
/// nothing changes.
///
/// The replaced span always covers whole lines: from the start of the line of the first item's
/// leading comments to the end of the line of the last item (with its line ending), widened to
/// the neighbouring items that share those lines. Blank lines around the span are left alone.
pub fn format_range(text: &str, range: Span) -> Result<Option<(Span, String)>, FormatError> {
    let done = match Formatter::default().lay_out(text, false)? {
        LaidOut::Laid(laid) => laid,
        LaidOut::Same | LaidOut::Differs => return Err(internal(Span::at(0))),
    };
    let n = done.source.len();
    // Items whose extent (leading comments to trailing comment) touches the range.
    let touches = |s: &std::ops::Range<usize>| s.start <= range.end() && range.start() <= s.end;
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

/// What laying a text out gave: the whole output, or, when only checking, whether it is the
/// text itself.
enum LaidOut {
    Laid(Laid),
    Same,
    Differs,
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

/// One token of the output, with the comments written before and after it.
///
/// Comments are kept in source order, so the comments of each piece are a run of consecutive
/// indices into the file's comments: `leading` (alone on their lines before the piece), then
/// `trailing` (after the piece on its line), and the next piece's `leading` starts where this
/// piece's `trailing` ends.
struct Piece {
    /// The token's text in the source.
    span: Span,
    /// The token's text when it is not written as in the source (a string re-escaped), as an
    /// index into `Pieces::owned`.
    owned: Option<u32>,
    role: Role,
    item: u32,
    /// A key or `}` that directly follows `{`.
    first_in_block: bool,
    /// The source had a blank line right before this token.
    blank_before: bool,
    leading: std::ops::Range<usize>,
    trailing: std::ops::Range<usize>,
}

/// A comment as the formatter writes it.
struct CommentText {
    /// The comment in the source.
    span: Span,
    /// The end of its text without trailing white space (which is not written).
    end: u32,
    blank_before: bool,
}

impl CommentText {
    fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.start()..self.end as usize]
    }
}

const INDENT: &str = "  ";
const CONTINUATION: &str = "    ";

fn refuse(errors: &[syntax::SyntaxError]) -> FormatError {
    let first = &errors[0];
    let more = match errors.len() {
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

/// Why a text that the lexer or the layout's grammar turned down (at `at`) is not formatted:
/// its syntax errors, as the parser describes them, or, should the parser find none, the
/// formatter's own failure.
fn refusal(text: &str, at: Span) -> FormatError {
    let (checked, _) = syntax::check_syntax(text);
    if checked.errors.is_empty() {
        internal(at)
    } else {
        refuse(&checked.errors)
    }
}

/// Lexes `text` into `tokens` and `comments` (cleared first, as is `errors`, which gathers
/// the lexer's errors). False when the lexer found an error, or the text is too large for
/// 32-bit offsets: then the text has a syntax error.
fn lex_clean(
    text: &str,
    tokens: &mut Vec<(Lexeme, TokSpan)>,
    comments: &mut Vec<Comment>,
    errors: &mut Vec<SyntaxError>,
) -> bool {
    tokens.clear();
    comments.clear();
    errors.clear();
    if u32::try_from(text.len()).is_err() {
        return false;
    }
    tokens.reserve(text.len() / 6);
    lexer::lex_into(text, comments, errors, |tok, s, starts_line| {
        tokens.push((
            Lexeme { tok, starts_line },
            TokSpan::from(s.start() as u32..s.end() as u32),
        ));
    });
    errors.is_empty()
}

fn tok_span(s: TokSpan) -> Span {
    Span::new(s.start as usize, s.end as usize)
}

/// The line breaks in `bytes[from..to]`, the white space between two tokens or comments
/// (neither holds a line break): whether the second is on the same line, the next, or after
/// a blank line.
fn breaks(bytes: &[u8], from: usize, to: usize) -> usize {
    bytes[from..to].iter().filter(|&&b| b == b'\n').count()
}

/// A string token's text in canonical form, or `None` when it already is: the form is
/// canonical unless the string holds an escape or a tab (an escape may be written another
/// way; a tab is written `\t`).
fn canonical_string(token_text: &str) -> Option<String> {
    let plain = token_text.len() >= 2
        && token_text.ends_with('"')
        && !token_text.as_bytes()[1..token_text.len() - 1]
            .iter()
            .any(|&b| b == b'\\' || b == b'\t' || b == b'"');
    if plain {
        return None;
    }
    let canonical = lexer::escape(&lexer::unescape(token_text));
    (canonical != token_text).then_some(canonical)
}

/// Whether `out`, from `*compared` on, is the same as `body` (and not longer); `*compared`
/// moves to the end of `out`.
fn same_so_far(out: &str, body: &[u8], compared: &mut usize) -> bool {
    let same = out.len() <= body.len() && out.as_bytes()[*compared..] == body[*compared..out.len()];
    *compared = out.len();
    same
}

impl Formatter {
    /// Lays `text` out. When `check`, stops at the first difference from `text` where it can
    /// (`Differs`; not with CRLF line endings: then it only reads the rest of the tokens for
    /// syntax errors), and skips the meaning check.
    fn lay_out(&mut self, text: &str, check: bool) -> Result<LaidOut, FormatError> {
        let Scratch {
            tokens,
            comments,
            errors,
            notes,
            pieces,
            out_tokens,
            out_comments,
            checked,
        } = &mut self.scratch;
        if !lex_clean(text, tokens, comments, errors) {
            return Err(refusal(text, Span::at(0)));
        }
        let tokens = &tokens[..];
        let bytes = text.as_bytes();

        // Comments, with whether a blank line separates each from what precedes it.
        notes.clear();
        notes.extend(comments.iter().map(|c| CommentText {
            span: c.span,
            end: (c.span.start() + text[c.span.range()].trim_end().len()) as u32,
            blank_before: false,
        }));

        // Line endings and the byte-order mark, as the file had them.
        let crlf = text
            .find('\n')
            .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r');
        let bom = text.starts_with('\u{feff}');
        // When checking (and without CRLF), the output is compared with the text after its
        // byte-order mark as each item is written, and the layout stops at the first
        // difference.
        let early = check && !crlf;
        let body = &bytes[if bom { '\u{feff}'.len_utf8() } else { 0 }..];
        let mut compared = 0;
        let mut returned = String::new();
        let out: &mut String = if check {
            checked.clear();
            checked
        } else {
            &mut returned
        };
        out.reserve(text.len() + text.len() / 8);
        let mut emit = Emitter {
            out,
            open_line: false,
            must_break: false,
            output: Vec::new(),
        };

        // Walk tokens and comments in source order, building pieces and attaching comments;
        // each item is settled and written when the next one starts.
        pieces.clear();
        pieces.reserve(tokens.len());
        let mut owned: Vec<String> = Vec::new();
        let mut has_block: Vec<bool> = Vec::new();
        let mut item_first_offset: Vec<usize> = Vec::new();
        let mut item_last_offset: Vec<usize> = Vec::new();
        let (mut ti, mut ci) = (0usize, 0usize);
        // The comments alone on their lines since the last piece: `pending_from..ci`.
        let mut pending_from: Option<usize> = None;
        // Whether the previous element was a token (or a comment), and where it ended.
        let mut prev: Option<bool> = None;
        let mut prev_end = 0;
        let mut state = State::Top;
        let mut skip_close = false;
        let mut pending_start: Option<usize> = None;
        // The pieces before this one are settled and written.
        let mut written = 0;
        while ti < tokens.len() || ci < notes.len() {
            let comment_next = ci < notes.len()
                && (ti >= tokens.len() || notes[ci].span.start() < tokens[ti].1.start as usize);
            if comment_next {
                let gap = breaks(bytes, prev_end, notes[ci].span.start());
                notes[ci].blank_before = prev.is_some() && gap >= 2;
                let trailing = prev == Some(true) && gap == 0;
                match (trailing, pieces.last_mut()) {
                    (true, Some(p)) => {
                        if p.trailing.end != ci {
                            return Err(internal(notes[ci].span));
                        }
                        p.trailing.end = ci + 1;
                        if let Some(last) = item_last_offset.last_mut() {
                            *last = notes[ci].span.end();
                        }
                    }
                    _ => {
                        pending_start.get_or_insert(notes[ci].span.start());
                        pending_from.get_or_insert(ci);
                    }
                }
                prev = Some(false);
                prev_end = notes[ci].span.end();
                ci += 1;
                continue;
            }
            let (Lexeme { tok, starts_line }, span) = tokens[ti];
            let span = tok_span(span);
            // No line break since the previous token: none since the previous element.
            let gap = if starts_line || prev != Some(true) {
                breaks(bytes, prev_end, span.start())
            } else {
                0
            };
            let blank_before = prev.is_some() && gap >= 2;
            prev = Some(true);
            prev_end = span.end();
            ti += 1;
            let Some((role, next)) = step(state, tok, starts_line) else {
                return Err(refusal(text, span));
            };
            state = next;
            if role == Role::Kind {
                has_block.push(false);
                item_first_offset.push(pending_start.unwrap_or(span.start()));
                item_last_offset.push(span.end());
            }
            pending_start = None;
            let item = has_block.len().saturating_sub(1);
            if let Some(last) = item_last_offset.last_mut() {
                *last = span.end();
            }
            // `{}` with nothing inside and no comment before it is dropped (a comment before or
            // inside it would have to move, and could become an item's doc comment).
            if role == Role::Open {
                let empty = matches!(
                    tokens.get(ti),
                    Some((
                        Lexeme {
                            tok: Tok::RBrace,
                            ..
                        },
                        _
                    ))
                ) && pending_from.is_none()
                    && pieces.last().is_some_and(|p| p.trailing.is_empty())
                    && !(ci < notes.len() && notes[ci].span.start() < tokens[ti].1.start as usize);
                if empty {
                    skip_close = true;
                    continue;
                }
                has_block[item] = true;
            }
            if role == Role::Close && std::mem::take(&mut skip_close) {
                continue;
            }
            let owned_text = match tok {
                Tok::Str => canonical_string(&text[span.range()]).map(|s| {
                    owned.push(s);
                    (owned.len() - 1) as u32
                }),
                _ => None,
            };
            let first_in_block = matches!(role, Role::Key | Role::Close)
                && pieces.last().is_some_and(|p| p.role == Role::Open);
            pieces.push(Piece {
                span,
                owned: owned_text,
                role,
                item: item as u32,
                first_in_block,
                blank_before,
                leading: pending_from.take().unwrap_or(ci)..ci,
                trailing: ci..ci,
            });
            if role == Role::Kind {
                // The items before this one are whole: settle and write them.
                let this = pieces.len() - 1;
                for i in written..this {
                    settle(pieces, i);
                    emit.piece(&pieces[i], text, notes, &has_block, &owned);
                }
                written = this;
                if early && !same_so_far(emit.out, body, &mut compared) {
                    // The rest is only read for syntax errors.
                    for &(lexeme, span) in &tokens[ti..] {
                        match step(state, lexeme.tok, lexeme.starts_line) {
                            Some((_, next)) => state = next,
                            None => return Err(refusal(text, tok_span(span))),
                        }
                    }
                    if !state.can_end() {
                        return Err(refusal(text, Span::at(text.len())));
                    }
                    return Ok(LaidOut::Differs);
                }
            }
        }
        if !state.can_end() {
            return Err(refusal(text, Span::at(text.len())));
        }
        let mut eof_leading = pending_from.take().unwrap_or(ci)..ci;
        for i in written..pieces.len() {
            if let Some(split) = settle(pieces, i) {
                eof_leading.start = split;
            }
            emit.piece(&pieces[i], text, notes, &has_block, &owned);
        }
        emit.end(eof_leading, text, notes);
        let Emitter {
            out, mut output, ..
        } = emit;
        if early && !(same_so_far(out, body, &mut compared) && out.len() == body.len()) {
            return Ok(LaidOut::Differs);
        }

        if (crlf || bom) && !early {
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
                adjusted.push_str(out);
            }
            *out = adjusted;
        }

        // The output must mean exactly what the input meant (an unchanged text trivially
        // does; a text only checked is not written).
        let same = early || *out == text;
        if check && !same {
            return Ok(LaidOut::Differs);
        }
        if !same
            && !meaning_kept(
                text,
                comments,
                tokens,
                out,
                out_tokens,
                out_comments,
                errors,
            )
        {
            return Err(internal(Span::at(0)));
        }
        if item_first_offset.len() != output.len() {
            return Err(internal(Span::at(0)));
        }
        if check {
            return Ok(LaidOut::Same);
        }
        let source = item_first_offset
            .into_iter()
            .zip(item_last_offset)
            .map(|(s, e)| s..e)
            .collect::<Vec<_>>();
        Ok(LaidOut::Laid(Laid {
            text: std::mem::take(out),
            source,
            output,
        }))
    }
}

/// Moves the comments of piece `i` that cannot stay where they are; the next piece, if any,
/// must be there. Comments cannot sit before a glued piece (`,` or `{`) nor after it on its
/// own: they move after it. Of several comments after one piece, the first stays on the line
/// and the others go on their own lines before the next piece, or at the end of the file:
/// then the first of those is returned. (Comments stay in order, so a move only shifts the
/// bounds between neighbouring runs.)
fn settle(pieces: &mut [Piece], i: usize) -> Option<usize> {
    if i + 1 < pieces.len() && pieces[i + 1].role.glued() {
        let from = pieces[i].trailing.start;
        let to = pieces[i + 1].trailing.end;
        pieces[i].trailing = from..from;
        pieces[i + 1].leading = from..from;
        pieces[i + 1].trailing = from..to;
    }
    if pieces[i].trailing.len() > 1 {
        let split = pieces[i].trailing.start + 1;
        pieces[i].trailing.end = split;
        match pieces.get_mut(i + 1) {
            Some(next) => next.leading.start = split,
            None => return Some(split),
        }
    }
    None
}

/// Writes the pieces of a text, in order, into `out`.
struct Emitter<'o> {
    out: &'o mut String,
    /// A piece has been written on the current line.
    open_line: bool,
    /// The last piece had a comment after it: what follows goes on the next line.
    must_break: bool,
    /// The whole lines each item fills, from its first leading comment.
    output: Vec<std::ops::Range<usize>>,
}

impl Emitter<'_> {
    /// Writes a settled piece, with its comments.
    fn piece(
        &mut self,
        p: &Piece,
        text: &str,
        notes: &[CommentText],
        has_block: &[bool],
        owned: &[String],
    ) {
        let out = &mut *self.out;
        let piece_text = match p.owned {
            Some(i) => &owned[i as usize],
            None => &text[p.span.range()],
        };
        match p.role {
            Role::Kind | Role::Key | Role::Close => {
                if self.open_line {
                    out.push('\n');
                    if p.role == Role::Kind {
                        if let Some(r) = self.output.last_mut() {
                            r.end = out.len();
                        }
                    }
                }
                // Whether a blank line goes before the `k`th leading comment (or, for
                // `k == leading.len()`, before the piece).
                let item = p.item as usize;
                let blank = |k: usize| {
                    if k == 0 && p.first_in_block {
                        return false;
                    }
                    if k == 0
                        && p.role == Role::Kind
                        && item > 0
                        && (has_block[item - 1] || has_block[item])
                    {
                        return true;
                    }
                    match p.leading.clone().nth(k) {
                        Some(c) => notes[c].blank_before,
                        None => p.blank_before && p.role != Role::Close,
                    }
                };
                let (comment_indent, indent) = match p.role {
                    Role::Kind => ("", ""),
                    Role::Key => (INDENT, INDENT),
                    _ => (INDENT, ""),
                };
                for (k, c) in p.leading.clone().enumerate() {
                    if blank(k) && !out.is_empty() {
                        out.push('\n');
                    }
                    if k == 0 && p.role == Role::Kind {
                        self.output.push(out.len()..out.len());
                    }
                    out.push_str(comment_indent);
                    out.push_str(notes[c].text(text));
                    out.push('\n');
                }
                if blank(p.leading.len()) && !out.is_empty() {
                    out.push('\n');
                }
                if p.leading.is_empty() && p.role == Role::Kind {
                    self.output.push(out.len()..out.len());
                }
                out.push_str(indent);
                out.push_str(piece_text);
            }
            Role::Name | Role::Title | Role::FirstValue | Role::Value => {
                if self.must_break || !p.leading.is_empty() {
                    out.push('\n');
                    for c in p.leading.clone() {
                        out.push_str(CONTINUATION);
                        out.push_str(notes[c].text(text));
                        out.push('\n');
                    }
                    out.push_str(CONTINUATION);
                } else {
                    out.push(' ');
                }
                out.push_str(piece_text);
            }
            Role::Open => {
                out.push(' ');
                out.push_str(piece_text);
            }
            Role::Comma => out.push_str(piece_text),
        }
        self.open_line = true;
        self.must_break = false;
        if !p.trailing.is_empty() {
            out.push(' ');
            out.push_str(notes[p.trailing.start].text(text));
            self.must_break = true;
        }
    }

    /// Ends the text: the last line, and the comments after the last piece.
    fn end(&mut self, eof_leading: std::ops::Range<usize>, text: &str, notes: &[CommentText]) {
        let out = &mut *self.out;
        if self.open_line {
            out.push('\n');
            if let Some(r) = self.output.last_mut() {
                r.end = out.len();
            }
        }
        for c in eof_leading {
            if notes[c].blank_before && !out.is_empty() {
                out.push('\n');
            }
            out.push_str(notes[c].text(text));
            out.push('\n');
        }
    }
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

impl State {
    /// Whether a text may end here (not inside an item's head or block).
    fn can_end(self) -> bool {
        matches!(self, State::Top | State::AfterName | State::AfterTitle)
    }
}

/// The layout's grammar: a token's role and the state after it, or `None` where the token
/// cannot come. It accepts exactly the token sequences the parser (`syntax::parser`) reads
/// without an error: `KIND NAME ["Title"] [{ FIELD* }]` items, a field `KEY VALUE (, VALUE)*`
/// with its first value on its key's line. (The fuzz target `fmt` and the property tests
/// check that the formatter refuses exactly the texts the parser finds errors in.)
#[inline]
fn step(state: State, tok: Tok, starts_line: bool) -> Option<(Role, State)> {
    Some(match (state, tok) {
        (State::Top | State::AfterName | State::AfterTitle, Tok::Kind(_)) => {
            (Role::Kind, State::AfterKind)
        }
        (State::AfterKind, Tok::Ident) => (Role::Name, State::AfterName),
        (State::AfterName, Tok::Str) => (Role::Title, State::AfterTitle),
        (State::AfterName | State::AfterTitle, Tok::LBrace) => (Role::Open, State::BlockStart),
        (State::BlockStart | State::AfterValue, Tok::Ident) => (Role::Key, State::AfterKey),
        (State::BlockStart | State::AfterValue, Tok::RBrace) => (Role::Close, State::Top),
        (State::AfterKey, t) if is_value(t) && !starts_line => {
            (Role::FirstValue, State::AfterValue)
        }
        (State::AfterValue, Tok::Comma) => (Role::Comma, State::AfterComma),
        (State::AfterComma, t) if is_value(t) => (Role::Value, State::AfterValue),
        _ => return None,
    })
}

/// Whether lexed tokens (without lexer errors) make a text without syntax errors.
fn well_formed(tokens: &[(Lexeme, TokSpan)]) -> bool {
    let mut state = State::Top;
    for (lexeme, _) in tokens {
        match step(state, lexeme.tok, lexeme.starts_line) {
            Some((_, next)) => state = next,
            None => return false,
        }
    }
    state.can_end()
}

fn is_value(t: Tok) -> bool {
    matches!(
        t,
        Tok::Ident | Tok::Str | Tok::Date | Tok::Duration | Tok::Number | Tok::Time
    )
}

/// The tokens that carry meaning: all but the braces of empty blocks (an item written
/// `person a {}` means what `person a` means).
fn meaningful(tokens: &[(Lexeme, TokSpan)]) -> impl Iterator<Item = (Tok, Span)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || loop {
        let (lexeme, span) = *tokens.get(i)?;
        i += 1;
        if lexeme.tok == Tok::LBrace
            && matches!(
                tokens.get(i),
                Some((
                    Lexeme {
                        tok: Tok::RBrace,
                        ..
                    },
                    _
                ))
            )
        {
            i += 1;
            continue;
        }
        return Some((lexeme.tok, tok_span(span)));
    })
}

/// [`meaning_kept`], with memory of its own.
#[cfg(test)]
fn same_meaning(
    a_text: &str,
    a_comments: &[syntax::Comment],
    a_tokens: &[(Lexeme, TokSpan)],
    b_text: &str,
) -> bool {
    meaning_kept(
        a_text,
        a_comments,
        a_tokens,
        b_text,
        &mut Vec::new(),
        &mut Vec::new(),
        &mut Vec::new(),
    )
}

/// Whether the formatted text `b_text` means what the source `a_text` (already lexed without
/// errors into these comments and tokens) means: it has no syntax error, the same tokens
/// (strings compared by value, the braces of empty blocks ignored), the same comments in the
/// same order (trailing spaces ignored) and the same doc comment on each item. Two texts
/// without syntax errors and with the same tokens have the same items, names, titles, fields
/// and values: the grammar reads a token sequence one way only. `b_tokens`, `b_comments` and
/// `errors` are working memory.
fn meaning_kept(
    a_text: &str,
    a_comments: &[syntax::Comment],
    a_tokens: &[(Lexeme, TokSpan)],
    b_text: &str,
    b_tokens: &mut Vec<(Lexeme, TokSpan)>,
    b_comments: &mut Vec<Comment>,
    errors: &mut Vec<SyntaxError>,
) -> bool {
    if !lex_clean(b_text, b_tokens, b_comments, errors) || !well_formed(b_tokens) {
        return false;
    }
    let (b_tokens, b_comments) = (&b_tokens[..], &b_comments[..]);
    let comments_equal = a_comments.len() == b_comments.len()
        && a_comments.iter().zip(b_comments).all(|(x, y)| {
            x.doc == y.doc && a_text[x.span.range()].trim_end() == b_text[y.span.range()].trim_end()
        });
    if !comments_equal {
        return false;
    }
    let mut a_iter = meaningful(a_tokens);
    let mut b_iter = meaningful(b_tokens);
    loop {
        match (a_iter.next(), b_iter.next()) {
            (None, None) => break,
            (Some((x, xs)), Some((y, ys))) => {
                let (xt, yt) = (&a_text[xs.range()], &b_text[ys.range()]);
                let equal = x == y
                    && (xt == yt || (x == Tok::Str && lexer::unescape(xt) == lexer::unescape(yt)));
                if !equal {
                    return false;
                }
            }
            _ => return false,
        }
    }
    // Doc comments: the same lines (trailing spaces ignored) above the same items.
    let docs = |text: &str, comments: &[syntax::Comment], tokens: &[(Lexeme, TokSpan)]| {
        let starts: Vec<usize> = tokens
            .iter()
            .filter(|(l, _)| matches!(l.tok, Tok::Kind(_)))
            .map(|(_, s)| s.start as usize)
            .collect();
        let mut runs = vec![None; starts.len()];
        syntax::doc_runs(text, comments, starts, |i, run| runs[i] = Some(run));
        runs
    };
    let a_docs = docs(a_text, a_comments, a_tokens);
    let b_docs = docs(b_text, b_comments, b_tokens);
    a_docs.len() == b_docs.len()
        && a_docs.iter().zip(&b_docs).all(|(x, y)| match (x, y) {
            (None, None) => true,
            (Some(x), Some(y)) => {
                x.len() == y.len()
                    && a_comments[x.clone()]
                        .iter()
                        .zip(&b_comments[y.clone()])
                        .all(|(c, d)| {
                            syntax::doc_line(a_text, c).trim_end()
                                == syntax::doc_line(b_text, d).trim_end()
                        })
            }
            _ => false,
        })
}

#[cfg(test)]
mod props;

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

    #[test]
    fn meaning_check_sees_every_change_a_layout_must_not_make() {
        let src = "## Doc\nteam a \"T\" { lead x  members y, z } # c\nperson b {}\n";
        let same = |out: &str| {
            let (checked, tokens) = syntax::check_syntax(src);
            same_meaning(src, &checked.comments, &tokens, out)
        };
        assert!(same(
            "## Doc\nteam a \"T\" {\n  lead x\n  members y, z\n} # c\n\nperson b\n"
        ));
        assert!(same(
            "## Doc   \nteam a \"T\" { lead x members y,z } # c  \nperson b"
        ));
        // A string is compared by its value.
        let tab = "person a \"x\ty\"";
        let (checked, tokens) = syntax::check_syntax(tab);
        assert!(same_meaning(
            tab,
            &checked.comments,
            &tokens,
            "person a \"x\\ty\"\n"
        ));
        assert!(!same_meaning(
            tab,
            &checked.comments,
            &tokens,
            "person a \"x y\"\n"
        ));
        for changed in [
            // a value, a title, a key, a kind, a comment, a doc comment, a value's order
            "## Doc\nteam a \"T\" { lead x  members y, w } # c\nperson b\n",
            "## Doc\nteam a \"U\" { lead x  members y, z } # c\nperson b\n",
            "## Doc\nteam a \"T\" { owner x  members y, z } # c\nperson b\n",
            "## Doc\nteam a \"T\" { lead x  members y, z } # c\nteam b\n",
            "## Doc\nteam a \"T\" { lead x  members y, z } # d\nperson b\n",
            "## Doc\n\nteam a \"T\" { lead x  members y, z } # c\nperson b\n",
            "## Doc\nteam a \"T\" { lead x  members z, y } # c\nperson b\n",
            // a syntax error, a field moved out of its block
            "## Doc\nteam a \"T\" { lead x  members y, z, } # c\nperson b\n",
            "## Doc\nteam a \"T\" { lead x } members y, z # c\nperson b\n",
        ] {
            assert!(!same(changed), "{changed}");
        }
    }
}
