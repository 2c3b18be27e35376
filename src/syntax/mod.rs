//! Syntax: plan text to a syntax tree with spans, comments and recovered errors.

mod ast;
pub(crate) mod lexer;
mod parser;

pub use ast::*;
use ast::{Range32, ValueTok};
use lexer::Tok;
pub(crate) use parser::{Lexeme, TokSpan};
use std::sync::Arc;

fn span(s: TokSpan) -> Span {
    Span::from_u32(s.start, s.end)
}

/// Parses one file. Never fails: errors are in `SourceFile::errors` and the tree holds
/// everything that could be recovered.
pub fn parse(text: &str) -> SourceFile {
    parse_shared(Arc::new(text.to_string()))
}

/// [`parse`], keeping `text` in the tree as it is (no copy).
pub fn parse_shared(text: Arc<String>) -> SourceFile {
    parse_with(text, &mut Scratch::default())
}

/// What parsing needs only while it runs (the tokens), kept from one file to the next when
/// one thread parses several, so that each parse does not allocate and fault in its own.
#[derive(Default)]
pub(crate) struct Scratch {
    tokens: Vec<(Lexeme, TokSpan)>,
}

/// [`parse_shared`], with `scratch`'s memory.
pub(crate) fn parse_with(text: Arc<String>, scratch: &mut Scratch) -> SourceFile {
    let mut file = run_on(&text, true, &mut scratch.tokens);
    file.text = text;
    file
}

/// A file's syntax without its tree: the errors and comments [`parse`] finds (in a
/// `SourceFile` with no items and no text), and the tokens (what the formatter needs, at a
/// fraction of the cost of the tree).
pub(crate) fn check_syntax(text: &str) -> (SourceFile, Vec<(Lexeme, TokSpan)>) {
    let mut tokens = Vec::new();
    let file = run_on(text, false, &mut tokens);
    (file, tokens)
}

/// The token counts that size the tree's vectors (upper bounds on its nodes).
#[derive(Default)]
struct Counts {
    /// Kind keywords: every item starts with one, and every one starts an item.
    kinds: usize,
    /// Identifiers not right after a comma: every field starts with one (an identifier after
    /// a comma is a list's value, but after a stray comma it can start a field: then the
    /// fields' vector grows, which only bad input pays for).
    keys: usize,
    /// Tokens that can be values.
    values: usize,
}

/// Lexes and parses `text` into `tokens` (cleared first), building the tree when
/// `build_tree`; the tree's text is left empty.
fn run_on(text: &str, build_tree: bool, tokens: &mut Vec<(Lexeme, TokSpan)>) -> SourceFile {
    tokens.clear();
    let mut comments = Vec::new();
    let mut errors = Vec::new();
    let Ok(text_len) = u32::try_from(text.len()) else {
        // Spans are 32-bit; files are limited to far less (`workspace::MAX_PLAN_BYTES`).
        errors.push(SyntaxError {
            message: "this file is too large to be parsed (over 4 GB)".into(),
            span: Span::at(0),
            label: None,
            help: None,
        });
        return SourceFile {
            errors,
            ..SourceFile::default()
        };
    };
    tokens.reserve(text.len() / 6);
    let mut counts = Counts::default();
    let mut after_comma = false;
    lexer::lex_into(text, &mut comments, &mut errors, |tok, s, starts_line| {
        counts.kinds += usize::from(matches!(tok, Tok::Kind(_)));
        counts.keys += usize::from(tok == Tok::Ident && !after_comma);
        after_comma = tok == Tok::Comma;
        counts.values += usize::from(tok.is_value());
        tokens.push((
            Lexeme { tok, starts_line },
            TokSpan::from(s.start() as u32..s.end() as u32),
        ));
    });
    // Room for every node the tokens can make, so no vector grows by copying (the spare
    // room is given back at the end, in place).
    let room = |n: usize| if build_tree { n } else { 0 };
    let builder = Builder {
        text,
        tokens,
        build_tree,
        errors,
        items: Vec::with_capacity(room(counts.kinds)),
        fields: Vec::with_capacity(room(counts.keys)),
        values: Vec::with_capacity(room(counts.values)),
        escaped: Vec::new(),
        head: None,
        key: None,
        field_values: 0,
        field_error: false,
        prev_was_item_without_block: false,
    };
    let (ok, builder) = parser::parse_tokens(tokens, text_len, builder);
    let Builder {
        mut items,
        mut fields,
        mut values,
        mut escaped,
        mut errors,
        ..
    } = builder;
    if !ok {
        items.clear();
        fields.clear();
        values.clear();
        escaped.clear();
        errors.push(SyntaxError {
            message: "this file could not be parsed".into(),
            span: Span::at(0),
            label: None,
            help: None,
        });
    }
    let docs = if build_tree {
        docs(text, &items, &comments)
    } else {
        Vec::new()
    };
    items.shrink_to_fit();
    fields.shrink_to_fit();
    values.shrink_to_fit();
    comments.shrink_to_fit();
    errors.sort_by_key(|e| (e.span.start(), e.span.end()));
    SourceFile {
        text: Arc::default(),
        items,
        fields,
        values,
        escaped,
        docs,
        comments,
        errors,
    }
}

/// The start of an item, kept while its block is parsed.
struct ItemHead {
    kind: ItemKind,
    kind_span: Span,
    name: Option<Span>,
    title: Option<Span>,
    /// Where its fields start in the file's fields.
    fields: usize,
}

/// Builds the tree as the grammar matches its parts (the grammar's state, see `parser`):
/// items, fields and values, each pushed onto the file's one vector of them as it ends, with
/// the errors for what is missing or out of place.
struct Builder<'a> {
    text: &'a str,
    tokens: &'a [(Lexeme, TokSpan)],
    /// Whether to build the tree, or only find the errors.
    build_tree: bool,
    errors: Vec<SyntaxError>,
    items: Vec<Item>,
    fields: Vec<Field>,
    values: Vec<Value>,
    /// Strings with escapes, decoded, by their start.
    escaped: Vec<(u32, Box<str>)>,
    head: Option<ItemHead>,
    key: Option<Span>,
    /// Where the current field's values start in `values`.
    field_values: usize,
    field_error: bool,
    prev_was_item_without_block: bool,
}

impl Builder<'_> {
    fn slice(&self, s: Span) -> &str {
        &self.text[s.range()]
    }

    fn error(&mut self, span: Span, message: String, help: Option<String>) {
        self.errors.push(SyntaxError {
            message,
            span,
            label: None,
            help,
        });
    }

    /// The token that starts at or after `offset`, if any.
    fn token_at_or_after(&self, offset: usize) -> Option<(Tok, Span)> {
        let i = self
            .tokens
            .partition_point(|(_, s)| (s.start as usize) < offset);
        self.tokens.get(i).map(|&(l, s)| (l.tok, span(s)))
    }

    fn describe_next(&self, offset: usize) -> String {
        match self.token_at_or_after(offset) {
            Some((t, s)) => t.describe(self.slice(s)),
            None => "the end of the file".into(),
        }
    }

    /// Keeps the decoded text of the string token at `s` when it has escapes (the others are
    /// read from the text).
    fn string(&mut self, s: Span) {
        let text = self.slice(s);
        if text.contains('\\') {
            let decoded = lexer::unescape(text).into_boxed_str();
            self.escaped.push((s.start() as u32, decoded));
        }
    }

    fn item_head(
        &mut self,
        (kind, kind_span): (ItemKind, TokSpan),
        name: Option<TokSpan>,
        title: Option<TokSpan>,
    ) {
        let kind_span = span(kind_span);
        let name = match name {
            Some(s) => Some(span(s)),
            None => {
                let found = self.describe_next(kind_span.end());
                let help = if matches!(
                    self.token_at_or_after(kind_span.end()),
                    Some((Tok::Kind(_), _))
                ) {
                    "kind keywords are reserved and cannot be names".to_string()
                } else {
                    format!(
                        "write it as `{kind} NAME {{ ... }}`; a name starts with a letter or `_`"
                    )
                };
                self.error(
                    kind_span,
                    format!("expected a name after `{kind}`, found {found}"),
                    Some(help),
                );
                None
            }
        };
        let title = title.map(span);
        if let (Some(t), true) = (title, self.build_tree) {
            // Here, not when the item ends: the strings are kept in the order of the text.
            self.string(t);
        }
        self.head = Some(ItemHead {
            kind,
            kind_span,
            name,
            title,
            fields: self.fields.len(),
        });
    }

    fn item_end(&mut self, block: Option<(TokSpan, Option<TokSpan>)>, item_span: TokSpan) {
        let Some(ItemHead {
            kind,
            kind_span,
            name,
            title,
            fields,
        }) = self.head.take()
        else {
            return;
        };
        let item_span = span(item_span);
        debug_assert_eq!(kind_span.start(), item_span.start());
        let block = block.map(|(open, close)| {
            let open = span(open);
            let close = close.map(span);
            if close.is_none() {
                let next = self.token_at_or_after(item_span.end());
                let (at, found) = match next {
                    Some((t, s)) => (s, t.describe(self.slice(s))),
                    None => (Span::at(self.text.len()), "the end of the file".to_string()),
                };
                let what = match name {
                    Some(n) => format!("the block of `{}`", self.slice(n)),
                    None => format!("this `{kind}` block"),
                };
                self.errors.push(SyntaxError {
                    message: format!("{what} is never closed: expected `}}` before {found}"),
                    span: open,
                    label: Some((at, "the block should end before this".into())),
                    help: Some("add `}` after the block's last field".into()),
                });
            }
            Block { open, close }
        });
        self.prev_was_item_without_block = block.is_none();
        if !self.build_tree {
            return;
        }
        self.items.push(Item {
            kind,
            name: name.map(|span| Ident { span }),
            title_span: title,
            block,
            fields: Range32::new(fields, self.fields.len()),
            span: item_span,
        });
    }

    /// Adds a value to the current field.
    fn push_value(&mut self, (tok, s): (Tok, TokSpan)) {
        let s = span(s);
        let tok = match tok {
            Tok::Ident => ValueTok::Ident,
            Tok::Str => {
                self.string(s);
                ValueTok::Str
            }
            Tok::Date => ValueTok::Date,
            Tok::Duration => ValueTok::Duration,
            Tok::Number => ValueTok::Number,
            Tok::Time => ValueTok::Time,
            _ => ValueTok::Invalid,
        };
        self.values.push(Value { tok, span: s });
    }

    fn field_head(&mut self, key: TokSpan, first: Option<(Tok, TokSpan)>) {
        let key = span(key);
        self.field_values = self.values.len();
        self.field_error = false;
        match first {
            Some(v) => {
                if self.build_tree {
                    self.push_value(v);
                }
            }
            None => {
                self.field_error = true;
                let next = self.token_at_or_after(key.end());
                let alone_on_line = match next {
                    Some((_, s)) => self.text[key.end()..s.start()].contains('\n'),
                    None => true,
                };
                let key_text = self.slice(key);
                if alone_on_line || matches!(next, Some((Tok::RBrace, _))) {
                    let (message, help) = (
                        format!("`{key_text}` needs a value"),
                        format!(
                            "write the value on the same line as the key: `{key_text} VALUE`; if `{key_text}` is meant as a value, the field before it is missing a comma"
                        ),
                    );
                    self.error(key, message, Some(help));
                } else {
                    let found = self.describe_next(key.end());
                    let (message, help) = (
                        format!("expected a value after `{key_text}`, found {found}"),
                        format!(
                            "write the field as `{key_text} VALUE`; if `{key_text}` is meant as a value, the field before it is missing a comma"
                        ),
                    );
                    self.error(key, message, Some(help));
                }
            }
        }
        self.key = Some(key);
    }

    fn field_value(&mut self, comma: TokSpan, value: Option<(Tok, TokSpan)>) {
        match value {
            Some(v) => {
                if self.build_tree {
                    self.push_value(v);
                }
            }
            None => {
                self.field_error = true;
                let found = self.describe_next(comma.end as usize);
                self.error(
                    span(comma),
                    format!("expected a value after `,`, found {found}"),
                    Some("remove the trailing comma, or add the missing value".into()),
                );
            }
        }
    }

    fn field_end(&mut self, field_span: TokSpan) {
        let Some(key) = self.key.take() else {
            return;
        };
        if !self.build_tree {
            return;
        }
        debug_assert_eq!(field_span.start as usize, key.start());
        self.fields.push(Field {
            key: Ident { span: key },
            values: Range32::new(self.field_values, self.values.len()),
            has_error: self.field_error,
            end: field_span.end,
        });
    }

    fn block_junk(&mut self, (tok, s): (Tok, TokSpan)) {
        let s = span(s);
        if tok == Tok::BadLiteral {
            return; // already reported by the lexer
        }
        let help = match tok {
            Tok::LBrace => Some(
                "blocks do not nest: an item's fields go directly inside its `{ }`".to_string(),
            ),
            Tok::Comma => Some("a comma separates the values of one field".to_string()),
            Tok::Str | Tok::Date | Tok::Duration | Tok::Number | Tok::Time => {
                Some("a value belongs after a field name, as in `due 2026-12-01`".to_string())
            }
            _ => None,
        };
        let found = tok.describe(self.slice(s));
        self.error(
            s,
            format!("expected a field name or `}}`, found {found}"),
            help,
        );
    }

    fn top_junk(&mut self, (tok, s): (Tok, TokSpan)) {
        let after_item_without_block = std::mem::take(&mut self.prev_was_item_without_block);
        let s = span(s);
        if tok == Tok::BadLiteral {
            return;
        }
        let text = self.slice(s).to_string();
        let help = match tok {
            Tok::Ident => {
                // The distance is at least the difference in length: most words are not
                // measured.
                let chars = text.chars().count();
                let close = ItemKind::ALL
                    .iter()
                    .filter(|k| k.keyword().len().abs_diff(chars) <= 2)
                    .map(|k| (strsim::damerau_levenshtein(k.keyword(), &text), k))
                    .filter(|(d, k)| *d <= 2 && *d < k.keyword().len() / 2 + 1)
                    .min_by_key(|(d, _)| *d);
                match close {
                    Some((_, k)) => Some(format!("did you mean `{k}`?")),
                    None if after_item_without_block => Some(
                        "fields go inside the item's `{ }`, as in `team platform { lead alice }`"
                            .into(),
                    ),
                    None => None,
                }
            }
            Tok::RBrace => Some("this `}` has no matching `{`".into()),
            _ => None,
        };
        let found = tok.describe(&text);
        let help = help.or_else(|| {
            Some("every item starts with a kind: person, team, meeting, task, liaison, embedded, rotation or centralized-liaison".into())
        });
        self.error(
            s,
            format!("expected an item such as `team NAME {{ ... }}`, found {found}"),
            help,
        );
    }
}

/// The doc comment of each item that has one (the run of `##` lines directly above it, no
/// blank line between), by the item's start.
fn docs(text: &str, items: &[Item], comments: &[Comment]) -> Vec<(u32, Box<str>)> {
    let mut docs = Vec::new();
    doc_runs(
        text,
        comments,
        items.iter().map(|i| i.span.start()),
        |i, run| {
            let mut doc = String::new();
            for (k, c) in comments[run].iter().enumerate() {
                if k > 0 {
                    doc.push('\n');
                }
                doc.push_str(doc_line(text, c));
            }
            docs.push((items[i].span.start() as u32, doc.into_boxed_str()));
        },
    );
    docs
}

/// A doc comment's line: its text without the leading `##` and one space.
pub(crate) fn doc_line<'t>(text: &'t str, comment: &Comment) -> &'t str {
    let body = &text[comment.span.start() + 2..comment.span.end()];
    body.strip_prefix(' ').unwrap_or(body)
}

/// Finds the doc comment of each item, given the items' starts in order: the run of `##`
/// lines directly above it (no blank line between), as a range of indices into `comments`,
/// handed to `found` with the item's index. Items without one are skipped.
pub(crate) fn doc_runs(
    text: &str,
    comments: &[Comment],
    item_starts: impl IntoIterator<Item = usize>,
    mut found: impl FnMut(usize, std::ops::Range<usize>),
) {
    let bytes = text.as_bytes();
    // Whitespace as the lexer sees it (any Unicode whitespace), short of a line break: the
    // formatter normalises it, so it must not decide whether a comment is a doc comment.
    let blank = |c: char| c != '\n' && c.is_whitespace();
    let only_space = |from: usize, to: usize| text[from..to].chars().all(blank);
    let first_line = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let line_start = |pos: usize| {
        bytes[..pos]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(first_line, |p| p + 1)
    };
    let mut next_comment = 0;
    for (index, start) in item_starts.into_iter().enumerate() {
        // Comments that end before the item starts.
        while next_comment < comments.len() && comments[next_comment].span.end() <= start {
            next_comment += 1;
        }
        // Only an item first on its line can have a doc comment. Looking back over spaces
        // only (not to the line start) keeps many items on one long line linear.
        let from = first_line.min(start);
        let mut boundary = match text[from..start]
            .char_indices()
            .rev()
            .find(|&(_, c)| !blank(c))
        {
            None => from,
            Some((p, '\n')) => from + p + 1,
            Some(_) => continue,
        };
        let mut i = next_comment;
        while i > 0 {
            let c = &comments[i - 1];
            if !c.doc || c.span.end() >= boundary || boundary <= first_line {
                break;
            }
            // The comment must sit on the line right above `boundary` (only spaces between
            // its end and that line's break, which is at `boundary - 1`), alone on its line.
            // The end is checked first, looking back over spaces only: a comment far above
            // costs nothing to turn down, so many items after it stay linear.
            let content_end = text[..boundary - 1].trim_end_matches(blank).len();
            if content_end > c.span.end() {
                break;
            }
            let c_line = line_start(c.span.start());
            if !only_space(c_line, c.span.start()) {
                break;
            }
            boundary = c_line;
            i -= 1;
        }
        if i < next_comment {
            found(index, i..next_comment);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        parse(text).errors.into_iter().map(|e| e.message).collect()
    }

    #[test]
    fn parses_the_spec_shapes() {
        let f = parse("## Owns the API.\n## Two lines.\nteam platform \"Platform\" {\n  lead alice\n  members bob, carol\n}\nperson bob\n");
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(f.items.len(), 2);
        let t = &f.items[0];
        assert_eq!(t.kind, ItemKind::Team);
        assert_eq!(t.name_text(&f), Some("platform"));
        assert_eq!(t.title(&f), Some("Platform"));
        assert_eq!(t.doc(&f), Some("Owns the API.\nTwo lines."));
        assert_eq!(t.fields(&f).len(), 2);
        assert_eq!(t.field(&f, "members").unwrap().values(&f).len(), 2);
        assert_eq!(f.items[1].doc(&f), None);
    }

    #[test]
    fn fields_need_no_terminator() {
        let f = parse("team m { lead dave  members erin, frank lead x }");
        let keys: Vec<_> = f.items[0]
            .fields(&f)
            .iter()
            .map(|k| k.key_text(&f))
            .collect();
        assert_eq!(keys, ["lead", "members", "lead"]);
    }

    #[test]
    fn recovers_from_a_stray_character() {
        let f = parse("team a { lead x @ members y }\nperson x");
        assert_eq!(f.errors.len(), 1);
        assert!(f.errors[0]
            .message
            .contains("expected a field name or `}`, found `@`"));
        assert_eq!(f.items.len(), 2);
        assert_eq!(f.items[0].fields(&f).len(), 2);
    }

    #[test]
    fn missing_brace_points_at_the_open_brace() {
        let text = "team a {\n  lead x\nperson x\n";
        let f = parse(text);
        assert_eq!(f.errors.len(), 1);
        assert_eq!(f.errors[0].span, Span::new(7, 8));
        assert!(f.errors[0].message.contains("never closed"));
        assert_eq!(f.items.len(), 2);
    }

    #[test]
    fn a_key_alone_on_its_line_is_one_error() {
        // Version 2: the first value must be on the key's line; the next line starts afresh.
        let f = parse("meeting m {\n  kind\n  attendees a, b\n  cadence weekly\n}");
        assert_eq!(f.errors.len(), 1, "{:?}", f.errors);
        assert_eq!(f.errors[0].message, "`kind` needs a value");
        let fields = f.items[0].fields(&f);
        let keys: Vec<_> = fields.iter().map(|k| k.key_text(&f)).collect();
        assert_eq!(keys, ["kind", "attendees", "cadence"]);
        assert_eq!(fields[1].values(&f).len(), 2);
        // After a comma, a list goes on over the next lines (CRLF too).
        let f = parse("team t {\r\n  members a,\r\n    b\r\n}");
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(f.items[0].fields(&f)[0].values(&f).len(), 2);
    }

    #[test]
    fn times_are_tokens() {
        let f = parse("meeting m { time 09:30 }");
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let v = &f.items[0].fields(&f)[0].values(&f)[0];
        assert_eq!(
            v.kind(&f),
            ValueKind::Time(TimeOfDay {
                hour: 9,
                minute: 30
            })
        );
        for bad in ["9:30", "24:00", "12:60", "09:3", "09:30x", "0930:"] {
            let f = parse(&format!("meeting m {{ time {bad} }}"));
            assert_eq!(f.errors.len(), 1, "{bad}: {:?}", f.errors);
            assert!(
                f.errors[0].message.contains("is not a time of day"),
                "{bad}"
            );
        }
    }

    #[test]
    fn missing_name_and_value() {
        assert!(messages("team { lead x }")[0].contains("expected a name after `team`"));
        assert!(messages("task t { owner }")[0].contains("`owner` needs a value"));
        assert!(messages("task t { owner { }")[0].contains("expected a value after `owner`"));
        assert!(messages("team t { members a, }")[0].contains("expected a value after `,`"));
    }

    #[test]
    fn unterminated_string_is_one_error_and_parsing_goes_on() {
        let f = parse("person a { role \"Lead\n}\nperson b");
        assert_eq!(f.errors.len(), 1, "{:?}", f.errors);
        assert_eq!(f.items.len(), 2);
    }

    #[test]
    fn bad_literals_are_reported_once() {
        let f = parse("meeting m { length 45min }");
        assert_eq!(f.errors.len(), 1);
        assert_eq!(
            f.items[0].fields(&f)[0].values(&f)[0].kind(&f),
            ValueKind::Invalid
        );
    }

    #[test]
    fn misspelled_keyword_gets_a_suggestion() {
        let f = parse("meetin m { }");
        assert_eq!(f.errors[0].help.as_deref(), Some("did you mean `meeting`?"));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = format!("team a {}", "{".repeat(100_000));
        let f = parse(&text);
        assert_eq!(f.items.len(), 1);
        assert_eq!(f.errors.len(), 2); // the junk run, and the unclosed block
    }

    #[test]
    fn crlf_and_bom() {
        let f = parse("\u{feff}## Doc\r\nperson a \"A\"\r\n");
        assert!(f.errors.is_empty());
        assert_eq!(f.items[0].doc(&f), Some("Doc"));
    }

    #[test]
    fn doc_comments_see_whitespace_as_the_lexer_does() {
        // Found by fuzzing the formatter: a vertical tab before `##` made the comment "not
        // alone on its line" here, while the formatter dropped the tab and made it a doc.
        let f = parse("team a\n\u{b}## Doc\n\u{a0}team b");
        assert_eq!(f.items[1].doc(&f), Some("Doc"));
    }

    #[test]
    fn a_doc_comment_after_a_long_line_is_not_looked_at_again_by_every_later_item() {
        // Each later item first on its line used to find the comment's line start, scanning
        // the whole long line again: quadratic.
        let mut text = "person p ".repeat(40_000);
        text.push_str("## not alone on its line\n");
        for i in 0..40_000 {
            text.push_str(&format!("person q{i}\n"));
        }
        let started = std::time::Instant::now();
        let f = parse(&text);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert_eq!(f.items.len(), 80_000);
        assert!(f.items.iter().all(|i| i.doc(&f).is_none()));
        let f = parse("person a ## trailing\nperson b\n  ## doc  \r\n  person c");
        assert_eq!(f.items[1].doc(&f), None);
        assert_eq!(f.items[2].doc(&f), Some("doc  "));
    }

    #[test]
    fn doc_comment_must_be_directly_above() {
        let f = parse("## Not attached\n\nperson a\n## trailing\n# plain\nperson b");
        assert_eq!(f.items[0].doc(&f), None);
        assert_eq!(f.items[1].doc(&f), None);
    }
}
