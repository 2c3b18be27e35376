//! The lexer: plan text to tokens with byte spans, comments kept aside, literal errors reported.

use super::ast::{Comment, Date, ItemKind, Span, SyntaxError, TimeOfDay};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tok {
    Kind(ItemKind),
    Ident,
    /// A string; `terminated` is false when the closing quote is missing (already reported).
    Str,
    Date,
    Duration,
    Number,
    /// A time of day, `HH:MM` on the 24-hour clock.
    Time,
    /// A digit-led token that is not a number, date, duration or time (already reported).
    BadLiteral,
    LBrace,
    RBrace,
    Comma,
    /// Any other character.
    Unknown,
}

impl Tok {
    /// Whether the token can be a field's value (a name, a string, a date, a duration, a
    /// number, a time, or a digit-led token already reported as malformed).
    pub fn is_value(self) -> bool {
        matches!(
            self,
            Tok::Ident
                | Tok::Str
                | Tok::Date
                | Tok::Duration
                | Tok::Number
                | Tok::Time
                | Tok::BadLiteral
        )
    }

    /// How the token is named in messages.
    pub fn describe(self, text: &str) -> String {
        match self {
            Tok::Kind(k) => format!("the keyword `{k}`"),
            Tok::Ident => format!("`{text}`"),
            Tok::Str => "a string".into(),
            Tok::Date => format!("the date `{text}`"),
            Tok::Duration => format!("the duration `{text}`"),
            Tok::Number => format!("the number `{text}`"),
            Tok::Time => format!("the time `{text}`"),
            Tok::BadLiteral => format!("`{text}`"),
            Tok::LBrace => "`{`".into(),
            Tok::RBrace => "`}`".into(),
            Tok::Comma => "`,`".into(),
            Tok::Unknown => match text.chars().next() {
                Some(c) if c.is_control() || c.is_whitespace() || is_invisible(c) => {
                    format!("the character U+{:04X}", c as u32)
                }
                _ => format!("`{text}`"),
            },
        }
    }
}

/// Invisible formatting characters (Unicode category Cf: zero-width spaces and joiners,
/// direction overrides, the BOM, tags): shown by code point in messages, since quoting them
/// shows nothing, or reorders the text around them.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{180e}'
        | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}'
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{e0000}'..='\u{e007f}')
}

#[derive(Debug, Default)]
pub struct Lexed {
    pub tokens: Vec<(Tok, Span)>,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
}

pub fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

pub fn is_ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Whether `text` is a valid name: an identifier that is not a kind keyword.
pub fn is_valid_name(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some(c) if is_ident_start(c))
        && chars.all(is_ident_continue)
        && ItemKind::from_keyword(text).is_none()
}

pub fn lex(text: &str) -> Lexed {
    let mut out = Lexed {
        tokens: Vec::with_capacity(text.len() / 5),
        ..Lexed::default()
    };
    let mut tokens = std::mem::take(&mut out.tokens);
    lex_into(text, &mut out.comments, &mut out.errors, |tok, span, _| {
        tokens.push((tok, span))
    });
    out.tokens = tokens;
    out
}

/// The lexer itself: hands each token to `push` with its span and whether a line break comes
/// before it (since the previous token, or since the start of the text), and gathers the
/// comments and the literal errors. The parser and [`lex`] keep the tokens in their own
/// layouts.
pub(crate) fn lex_into(
    text: &str,
    comments: &mut Vec<Comment>,
    errors: &mut Vec<SyntaxError>,
    mut push: impl FnMut(Tok, Span, bool),
) {
    let bytes = text.as_bytes();
    let mut i = if text.starts_with('\u{feff}') { 3 } else { 0 };
    // Whether a line break came since the previous token.
    let mut line_break = false;
    let mut emit = |tok: Tok, span: Span, line_break: &mut bool| {
        push(tok, span, *line_break);
        *line_break = false;
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            // Runs of spaces are skipped here rather than a byte per turn of the loop (a
            // plan is a fifth spaces: indentation, and two between fields on one line).
            b'\n' => {
                line_break = true;
                i = skip_spaces(bytes, i + 1);
            }
            b' ' | b'\t' | b'\r' => i = skip_spaces(bytes, i + 1),
            b'#' => {
                let end = memchr_newline(bytes, i);
                let mut content_end = end;
                if content_end > i && bytes[content_end - 1] == b'\r' {
                    content_end -= 1;
                }
                let doc = bytes.get(i + 1) == Some(&b'#');
                comments.push(Comment {
                    span: Span::new(i, content_end),
                    doc,
                });
                i = end;
            }
            b'{' => {
                emit(Tok::LBrace, Span::new(i, i + 1), &mut line_break);
                i += 1;
            }
            b'}' => {
                emit(Tok::RBrace, Span::new(i, i + 1), &mut line_break);
                i += 1;
            }
            b',' => {
                emit(Tok::Comma, Span::new(i, i + 1), &mut line_break);
                i += 1;
            }
            b'"' => {
                let span = lex_string(text, i, errors);
                emit(Tok::Str, span, &mut line_break);
                i = span.end();
            }
            b'0'..=b'9' => {
                let start = i;
                let mut end = scan_ident(text, i);
                // A time: `09:30`. The colon and what follows belong to the same token, so
                // `9:30` and `12:60` are one bad literal, not three tokens.
                let is_clock = bytes.get(end) == Some(&b':');
                if is_clock {
                    end = scan_ident(text, end + 1);
                }
                let word = &text[start..end];
                let span = Span::new(start, end);
                let tok = if is_clock {
                    if parse_time(word).is_some() {
                        Tok::Time
                    } else {
                        Tok::BadLiteral
                    }
                } else {
                    classify_literal(word)
                };
                if tok == Tok::BadLiteral {
                    let (message, help) = if is_clock {
                        (
                            format!("`{word}` is not a time of day"),
                            "times are written `HH:MM` on the 24-hour clock, with two digits each: `09:30`, `17:00` (`00:00` to `23:59`)",
                        )
                    } else {
                        (
                            format!("`{word}` is not a number, a date or a duration"),
                            "dates are written `2026-11-15`, durations `45m`, `2h`, `3d` or `1w`, numbers as plain digits",
                        )
                    };
                    errors.push(SyntaxError {
                        message,
                        span,
                        label: None,
                        help: Some(help.into()),
                    });
                }
                emit(tok, span, &mut line_break);
                i = end;
            }
            _ if b.is_ascii_alphabetic() || b == b'_' => {
                let end = scan_ident(text, i);
                emit(
                    word_token(&text[i..end]),
                    Span::new(i, end),
                    &mut line_break,
                );
                i = end;
            }
            _ => {
                let c = if b < 0x80 {
                    b as char
                } else {
                    text[i..].chars().next().expect("in bounds")
                };
                if is_ident_start(c) {
                    let end = scan_ident(text, i);
                    emit(
                        word_token(&text[i..end]),
                        Span::new(i, end),
                        &mut line_break,
                    );
                    i = end;
                } else if c.is_whitespace() {
                    i += c.len_utf8();
                } else {
                    emit(
                        Tok::Unknown,
                        Span::new(i, i + c.len_utf8()),
                        &mut line_break,
                    );
                    i += c.len_utf8();
                }
            }
        }
    }
}

/// A word's token: a kind keyword, or an identifier.
fn word_token(word: &str) -> Tok {
    // Every keyword starts with one of these letters; most names do not.
    match word.as_bytes()[0] {
        b'c' | b'e' | b'l' | b'm' | b'p' | b'r' | b't' => match ItemKind::from_keyword(word) {
            Some(k) => Tok::Kind(k),
            None => Tok::Ident,
        },
        _ => Tok::Ident,
    }
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

/// Whether each ASCII byte continues an identifier (letters, digits, `_`, `-`).
const IDENT_ASCII: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        b += 1;
    }
    table
};

/// The end of the run of spaces, tabs and carriage returns starting at `from`.
#[inline]
fn skip_spaces(bytes: &[u8], mut from: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\r') = bytes.get(from) {
        from += 1;
    }
    from
}

/// The end of the run of identifier characters starting at `from`.
#[inline]
fn scan_ident(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    // ASCII fast path; fall back to chars for anything else.
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if !IDENT_ASCII[usize::from(b)] {
                return i;
            }
            i += 1;
        } else {
            let c = text[i..].chars().next().expect("in bounds");
            if !is_ident_continue(c) {
                return i;
            }
            i += c.len_utf8();
        }
    }
    i
}

/// The span of the string token that starts at `start` (an open string ends at its line's end,
/// or before a closing brace that ends the line).
fn lex_string(text: &str, start: usize, errors: &mut Vec<SyntaxError>) -> Span {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    loop {
        match bytes.get(i) {
            None | Some(b'\n') | Some(b'\r') => {
                // An open string on a line that ends with `}` most likely forgot its quote
                // before the brace: end it there so the block still closes.
                let line = &text[start..i];
                let end = match line.rfind('}') {
                    Some(p) if p > 0 && line[p + 1..].trim().is_empty() => {
                        start + line[..p].trim_end().len()
                    }
                    _ => i,
                };
                let span = Span::new(start, end);
                errors.push(SyntaxError {
                    message: "this string is never closed".into(),
                    span,
                    label: None,
                    help: Some("add a closing `\"`; a string cannot span lines".into()),
                });
                return span;
            }
            Some(b'"') => {
                return Span::new(start, i + 1);
            }
            Some(b'\\') => match bytes.get(i + 1) {
                Some(b'"' | b'\\' | b'n' | b't') => i += 2,
                Some(b'\n' | b'\r') | None => i += 1,
                Some(_) => {
                    let c = text[i + 1..].chars().next().expect("in bounds");
                    let span = Span::new(i, i + 1 + c.len_utf8());
                    errors.push(SyntaxError {
                        message: format!("`\\{c}` is not a known escape"),
                        span,
                        label: None,
                        help: Some("the escapes are `\\\"`, `\\\\`, `\\n` and `\\t`".into()),
                    });
                    i = span.end();
                }
            },
            Some(_) => i += 1,
        }
    }
}

/// A string token's text without its quotes (the value itself when it has no escapes).
pub fn unquote(token_text: &str) -> &str {
    let inner = token_text.strip_prefix('"').unwrap_or(token_text);
    inner.strip_suffix('"').unwrap_or(inner)
}

/// Decodes a string token's text (with its quotes) into its value.
pub fn unescape(token_text: &str) -> String {
    let inner = unquote(token_text);
    if !inner.contains('\\') {
        return inner.to_string();
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Writes a string value as a plan string literal.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn classify_literal(word: &str) -> Tok {
    let b = word.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        return Tok::Number;
    }
    if parse_date(word).is_some() {
        return Tok::Date;
    }
    if parse_duration(word).is_some() {
        return Tok::Duration;
    }
    Tok::BadLiteral
}

/// Parses `YYYY-MM-DD` (any numbers in range of the shape; validity is checked separately).
pub fn parse_date(word: &str) -> Option<Date> {
    let b = word.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = &word[r];
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    Some(Date {
        year: digits(0..4)?,
        month: digits(5..7)?,
        day: digits(8..10)?,
    })
}

/// Parses `HH:MM` (24-hour clock, two digits each, `00:00` to `23:59`).
pub fn parse_time(word: &str) -> Option<TimeOfDay> {
    let b = word.as_bytes();
    if b.len() != 5 || b[2] != b':' || !(b[..2].iter().chain(&b[3..])).all(u8::is_ascii_digit) {
        return None;
    }
    let hour = (b[0] - b'0') * 10 + (b[1] - b'0');
    let minute = (b[3] - b'0') * 10 + (b[4] - b'0');
    (hour < 24 && minute < 60).then_some(TimeOfDay { hour, minute })
}

/// Parses `45m`, `2h`, `3d`, `1w` into minutes.
pub fn parse_duration(word: &str) -> Option<u64> {
    let unit_char = word.chars().last()?;
    let (digits, unit) = word.split_at(word.len() - unit_char.len_utf8());
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    let factor = match unit {
        "m" => 1,
        "h" => 60,
        "d" => 60 * 24,
        "w" => 60 * 24 * 7,
        _ => return None,
    };
    n.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Tok> {
        lex(text).tokens.into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn literals_are_classified() {
        assert_eq!(
            kinds("12 2026-11-15 45m 2h 3d 1w 45min 2026-1-5"),
            vec![
                Tok::Number,
                Tok::Date,
                Tok::Duration,
                Tok::Duration,
                Tok::Duration,
                Tok::Duration,
                Tok::BadLiteral,
                Tok::BadLiteral
            ]
        );
        assert_eq!(lex("45min 2026-1-5").errors.len(), 2);
    }

    #[test]
    fn digit_led_words_with_multibyte_endings_are_errors() {
        // Found by the tree-sitter differential test: these used to panic.
        for word in ["45m山", "2026-02-30²", "1é"] {
            let l = lex(word);
            assert_eq!(l.tokens.len(), 1, "{word}");
            assert_eq!(l.tokens[0].0, Tok::BadLiteral, "{word}");
        }
        assert_eq!(parse_duration("45m山"), None);
    }

    #[test]
    fn keywords_are_whole_words() {
        assert_eq!(
            kinds("team team-x person2 centralized-liaison équipe_paris 山田"),
            vec![
                Tok::Kind(ItemKind::Team),
                Tok::Ident,
                Tok::Ident,
                Tok::Kind(ItemKind::CentralizedLiaison),
                Tok::Ident,
                Tok::Ident
            ]
        );
    }

    #[test]
    fn strings_and_escapes() {
        let l = lex(r#""a \"b\" \\ \n""#);
        assert!(l.errors.is_empty());
        assert_eq!(
            unescape(&r#""a \"b\" \\ \n""#[l.tokens[0].1.range()]),
            "a \"b\" \\ \n"
        );
        let l = lex("\"open\nteam");
        assert_eq!(l.errors.len(), 1);
        assert_eq!(l.tokens[1].0, Tok::Kind(ItemKind::Team));
        assert_eq!(escape("a\"\\\n\t"), r#""a\"\\\n\t""#);
    }

    #[test]
    fn comments_are_kept_without_cr() {
        let l = lex("# one\r\n## two\r\nteam");
        assert_eq!(l.comments.len(), 2);
        assert_eq!(l.comments[0].span, Span::new(0, 5));
        assert!(l.comments[1].doc);
        assert_eq!(l.tokens.len(), 1);
    }
}
