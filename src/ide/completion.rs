//! Completion by context: kind keywords between items, the fields a kind takes inside its
//! block, and after a key the defined names of the right kind or the allowed values.
//!
//! The context comes from the tokens before the cursor (run through the same item/field shape
//! as the grammar), so it works while the text is half-written and does not parse.

use crate::analysis::Analysis;
use crate::model::schema::{self, ValueType};
use crate::model::SymbolKind;
use crate::syntax::lexer::{self, Tok};
use crate::syntax::{ItemKind, Span};
use crate::workspace::{FileId, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Keyword,
    Field,
    Name(SymbolKind),
    EnumValue,
    Rule,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    /// One line shown next to the label.
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// The text the completion replaces (the word being typed, possibly empty).
    pub replace: Span,
    pub insert_text: String,
}

/// Where the cursor is, as far as completion is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Context {
    /// Between items: a kind keyword starts the next one.
    TopLevel,
    /// Right after a kind keyword: the item's name.
    ItemName(ItemKind),
    /// Inside a block where a key can start: `present` are the keys already written.
    Key {
        kind: ItemKind,
        present: Vec<String>,
    },
    /// After a key (or a comma): a value of that key. `listed` are the values already written
    /// in this field; `item_name` is the name of the item the block belongs to.
    Value {
        kind: ItemKind,
        key: String,
        listed: Vec<String>,
        item_name: Option<String>,
    },
}

#[derive(Debug, Clone)]
enum Phase {
    Key,
    /// Expecting a value; `first` when it would be the field's first (which must be on the
    /// key's line).
    Value {
        key: String,
        listed: Vec<String>,
        first: bool,
    },
    AfterValue {
        key: String,
        listed: Vec<String>,
    },
}

#[derive(Debug, Clone)]
enum State {
    Top,
    AfterKind(ItemKind),
    AfterName(ItemKind, Option<String>),
    Block {
        kind: ItemKind,
        name: Option<String>,
        phase: Phase,
        keys: Vec<String>,
    },
}

/// The next state after `tok`; `starts_line` says a line break comes before it (a field's first
/// value must be on its key's line, so a token on a new line after a bare key starts a field).
fn step(state: State, tok: Tok, text: &str, starts_line: bool) -> State {
    match (state, tok) {
        (_, Tok::Kind(k)) => State::AfterKind(k),
        (State::Top, _) => State::Top,
        (State::AfterKind(k), Tok::Ident) => State::AfterName(k, Some(text.to_string())),
        (State::AfterKind(k), Tok::Str) => State::AfterName(k, None),
        (State::AfterKind(kind), Tok::LBrace) => State::Block {
            kind,
            name: None,
            phase: Phase::Key,
            keys: Vec::new(),
        },
        (State::AfterName(kind, name), Tok::LBrace) => State::Block {
            kind,
            name,
            phase: Phase::Key,
            keys: Vec::new(),
        },
        (State::AfterKind(_), _) => State::Top,
        (State::AfterName(k, n), Tok::Str) => State::AfterName(k, n),
        (State::AfterName(..), _) => State::Top,
        (State::Block { .. }, Tok::RBrace) => State::Top,
        (
            State::Block {
                kind,
                name,
                phase,
                mut keys,
            },
            tok,
        ) => {
            let phase = match (phase, tok) {
                (Phase::Value { first: true, .. }, Tok::Ident) if starts_line => {
                    keys.push(text.to_string());
                    Phase::Value {
                        key: text.to_string(),
                        listed: Vec::new(),
                        first: true,
                    }
                }
                (Phase::Value { first: true, .. }, _) if starts_line => Phase::Key,
                (Phase::Key | Phase::AfterValue { .. }, Tok::Ident) => {
                    keys.push(text.to_string());
                    Phase::Value {
                        key: text.to_string(),
                        listed: Vec::new(),
                        first: true,
                    }
                }
                (
                    Phase::Value {
                        key, mut listed, ..
                    },
                    t,
                ) if t.is_value() => {
                    if t == Tok::Ident {
                        listed.push(text.to_string());
                    }
                    Phase::AfterValue { key, listed }
                }
                (Phase::AfterValue { key, listed }, Tok::Comma) => Phase::Value {
                    key,
                    listed,
                    first: false,
                },
                (phase, _) => phase,
            };
            State::Block {
                kind,
                name,
                phase,
                keys,
            }
        }
    }
}

/// The completion context at `offset` and the span of the word being typed; `None` inside a
/// comment, a string or another literal.
pub(crate) fn context(text: &str, offset: usize) -> Option<(Context, Span)> {
    let lexed = lexer::lex(text);
    if lexed
        .comments
        .iter()
        .any(|c| c.span.start() < offset && offset <= c.span.end())
    {
        return None;
    }
    let i = lexed.tokens.partition_point(|(_, s)| s.end() < offset);
    let mut replace = Span::at(offset);
    let mut before = lexed.tokens.partition_point(|(_, s)| s.end() <= offset);
    if let Some(&(tok, span)) = lexed.tokens.get(i) {
        if span.start() < offset && offset <= span.end() {
            match tok {
                Tok::Ident | Tok::Kind(_) => {
                    replace = span;
                    before = i;
                }
                // Inside a literal (or right after a string's closing quote): nothing to offer.
                Tok::Str
                | Tok::Date
                | Tok::Duration
                | Tok::Number
                | Tok::BadLiteral
                | Tok::Unknown
                    if offset < span.end() || tok == Tok::Str =>
                {
                    return None;
                }
                _ => {}
            }
        }
    }
    let breaks_before = |from: usize, to: usize| text[from..to].contains('\n');
    let mut state = State::Top;
    let mut prev_end = 0;
    for &(tok, span) in &lexed.tokens[..before] {
        state = step(
            state,
            tok,
            &text[span.range()],
            breaks_before(prev_end, span.start()),
        );
        prev_end = span.end();
    }
    // A bare key followed by the cursor on a later line: the cursor starts a new field.
    if let State::Block {
        phase: phase @ Phase::Value { first: true, .. },
        ..
    } = &mut state
    {
        if breaks_before(prev_end, replace.start()) {
            *phase = Phase::Key;
        }
    }
    let context = match state {
        State::Top | State::AfterName(..) => Context::TopLevel,
        State::AfterKind(k) => Context::ItemName(k),
        State::Block {
            kind,
            name,
            phase,
            mut keys,
        } => match phase {
            Phase::Key | Phase::AfterValue { .. } => {
                // Keys written after the cursor count as present too.
                let after = if replace.is_empty() {
                    before
                } else {
                    before + 1
                };
                let mut rest = State::Block {
                    kind,
                    name: None,
                    phase: Phase::Key,
                    keys: Vec::new(),
                };
                let mut prev_end = replace.end();
                for &(tok, span) in &lexed.tokens[after.min(lexed.tokens.len())..] {
                    if matches!(tok, Tok::Kind(_) | Tok::RBrace) {
                        break;
                    }
                    rest = step(
                        rest,
                        tok,
                        &text[span.range()],
                        breaks_before(prev_end.min(span.start()), span.start()),
                    );
                    prev_end = span.end();
                }
                if let State::Block { keys: more, .. } = rest {
                    keys.extend(more);
                }
                Context::Key {
                    kind,
                    present: keys,
                }
            }
            Phase::Value { key, listed, .. } => Context::Value {
                kind,
                key,
                listed,
                item_name: name,
            },
        },
    };
    Some((context, replace))
}

/// The completions at `offset`.
pub fn completions(
    ws: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Vec<Completion> {
    let text = &ws.file(file).text;
    let Some((context, replace)) = context(text, offset) else {
        return Vec::new();
    };
    let item = |label: &str,
                kind: CompletionKind,
                detail: Option<String>,
                documentation: Option<String>| Completion {
        label: label.to_string(),
        kind,
        detail,
        documentation,
        replace,
        insert_text: label.to_string(),
    };
    match context {
        Context::TopLevel => ItemKind::ALL
            .iter()
            .map(|k| {
                let topic = crate::reference::topic(k.keyword());
                item(
                    k.keyword(),
                    CompletionKind::Keyword,
                    topic.map(|t| t.summary.to_string()),
                    topic.map(|t| t.body.to_string()),
                )
            })
            .collect(),
        Context::ItemName(kind) => match schema::name_reference(kind) {
            Some(kinds) => names(ws, analysis, kinds.kinds(), &[], None, &item),
            None => Vec::new(),
        },
        Context::Key { kind, present } => schema::fields(kind)
            .iter()
            .filter(|spec| !present.iter().any(|p| p == spec.key))
            .map(|spec| {
                let doc = crate::reference::field(kind.keyword(), spec.key);
                let detail = match doc {
                    Some(d) => format!("{} {}", spec.key, d.value),
                    None => format!("{} — {}", spec.key, spec.ty.describe()),
                };
                item(
                    spec.key,
                    CompletionKind::Field,
                    Some(detail),
                    doc.map(|d| d.doc.to_string()),
                )
            })
            .collect(),
        Context::Value {
            kind,
            key,
            listed,
            item_name,
        } => {
            let Some(spec) = schema::field(kind, &key) else {
                return Vec::new();
            };
            match spec.ty {
                ValueType::Ref(kinds) => names(
                    ws,
                    analysis,
                    kinds.kinds(),
                    &listed,
                    item_name.as_deref(),
                    &item,
                ),
                ValueType::Enum(values) => {
                    let docs = crate::reference::enum_values(&key);
                    values
                        .iter()
                        .filter(|v| !listed.iter().any(|l| l == *v))
                        .map(|v| {
                            let doc = docs
                                .iter()
                                .find(|(name, _)| name == v)
                                .map(|(_, d)| d.to_string());
                            let detail = if key == "model" {
                                crate::reference::topic(v).map(|t| t.summary.to_string())
                            } else {
                                doc.clone()
                            };
                            let mut documentation = doc;
                            if key == "model" {
                                if let Some(t) = crate::reference::topic(v) {
                                    documentation = Some(t.body.to_string());
                                }
                            }
                            item(v, CompletionKind::EnumValue, detail, documentation)
                        })
                        .collect()
                }
                ValueType::RuleCode => crate::rules::ALL
                    .iter()
                    .filter(|r| !listed.iter().any(|l| l == r.code))
                    .map(|r| {
                        item(
                            r.code,
                            CompletionKind::Rule,
                            Some(format!("{}: {}", r.default_severity.as_str(), r.summary)),
                            Some(r.doc.to_string()),
                        )
                    })
                    .collect(),
                ValueType::Str | ValueType::Duration | ValueType::Date | ValueType::Time => {
                    Vec::new()
                }
                ValueType::Zone => Vec::new(),
            }
        }
    }
}

/// Builds a completion from its label, kind, detail and documentation.
type MakeCompletion<'a> =
    dyn Fn(&str, CompletionKind, Option<String>, Option<String>) -> Completion + 'a;

/// The defined names of the given kinds, sorted, without those already listed or the item's
/// own; the detail shows the kind and display title, the documentation the doc comment.
fn names(
    ws: &Workspace,
    analysis: &Analysis,
    kinds: &[SymbolKind],
    listed: &[String],
    own: Option<&str>,
    item: &MakeCompletion,
) -> Vec<Completion> {
    let model = &analysis.model;
    let mut symbols: Vec<_> = model
        .symbols
        .iter()
        .filter(|s| kinds.contains(&s.kind))
        .filter(|s| Some(s.name.as_str()) != own && !listed.iter().any(|l| *l == s.name))
        .collect();
    symbols.sort_by(|a, b| a.name.cmp(&b.name));
    symbols
        .into_iter()
        .map(|s| {
            let (syntax, it) = model.item(ws, s.item);
            let detail = match it.title(syntax) {
                Some(title) => format!("{} — {title}", s.kind.keyword()),
                None => s.kind.keyword().to_string(),
            };
            item(
                &s.name,
                CompletionKind::Name(s.kind),
                Some(detail),
                it.doc(syntax).map(str::to_string),
            )
        })
        .collect()
}
