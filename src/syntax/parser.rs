//! The parser: tokens to a syntax tree, with a total grammar so that every error is recovered.
//!
//! The grammar is written with chumsky so that it reads like the spec's EBNF. It never fails:
//! tokens that cannot start what is expected are gathered into `Junk` runs, a missing name,
//! value or closing brace is an absent node, and the tree builder turns those into plain-words
//! `syntax` errors as it goes. The grammar is flat (blocks do not nest), so there is no
//! recursion and no input can overflow the stack.
//!
//! The grammar runs over a compact token slice (a token is 12 bytes) and produces no tree of
//! its own: each rule hands what it matched to the tree builder (chumsky's parser state),
//! which builds the final nodes directly, gathering a block's fields and a field's values in
//! scratch vectors and moving them into exactly-sized vectors when the block or field ends.

use chumsky::extra::SimpleState;
use chumsky::input::{Input as _, MapExtra, ValueInput};
use chumsky::prelude::*;

use super::lexer::Tok;
use super::Builder;

/// A token's span: 32-bit offsets (plan files are at most 256 MB).
pub type TokSpan = SimpleSpan<u32>;

/// A token as the grammar sees it: its kind, and whether a line break comes before it. The
/// grammar needs the line breaks for one thing only: a field's first value must start on its
/// key's line, so that a key alone on its line never takes the next line's key as its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexeme {
    pub tok: Tok,
    pub starts_line: bool,
}

type Extra<'a> = extra::Full<EmptyErr, SimpleState<Builder<'a>>, ()>;

/// The tree builder, from inside a rule.
fn builder<'a, 'e, I>(e: &'e mut MapExtra<'a, '_, I, Extra<'a>>) -> &'e mut Builder<'a>
where
    I: ValueInput<'a, Token = Lexeme, Span = TokSpan>,
{
    e.state()
}

fn plan_parser<'a, I>() -> impl Parser<'a, I, (), Extra<'a>>
where
    I: ValueInput<'a, Token = Lexeme, Span = TokSpan>,
{
    let kind = select! { Lexeme { tok: Tok::Kind(k), .. } = e => (k, e.span()) };
    let ident = select! { Lexeme { tok: Tok::Ident, .. } = e => e.span() };
    let string = select! { Lexeme { tok: Tok::Str, .. } = e => e.span() };
    let value = select! {
        Lexeme { tok: t @ (Tok::Ident | Tok::Str | Tok::Date | Tok::Duration | Tok::Number | Tok::Time | Tok::BadLiteral), .. } = e => (t, e.span())
    };
    // The first value of a field: a value on the key's line.
    let first_value = select! {
        Lexeme { tok: t @ (Tok::Ident | Tok::Str | Tok::Date | Tok::Duration | Tok::Number | Tok::Time | Tok::BadLiteral), starts_line: false } = e => (t, e.span())
    };
    let punct = |t: Tok| select! { Lexeme { tok, .. } = e if tok == t => e.span() };
    let comma = punct(Tok::Comma);

    // The builder is told of each part as soon as it is matched: none of these rules can fail
    // once its first token matched, so nothing told is ever taken back. (`collect::<()>()`
    // runs a repetition with its outputs, which is what calls the builder; a bare
    // `repeated()` would only check the input.)
    let field_head = ident
        .then(first_value.or_not())
        .map_with(|(key, first), e| builder(e).field_head(key, first));
    let field_rest = comma
        .then(value.or_not())
        .map_with(|(comma, value), e| builder(e).field_value(comma, value))
        .repeated()
        .collect::<()>();
    let field = field_head.then(field_rest).map_with(|_, e| {
        let span = e.span();
        builder(e).field_end(span)
    });

    // Anything that can neither start a field nor end the block.
    let block_junk_tok = select! {
        Lexeme { tok: t, .. } = e if !matches!(t, Tok::Ident | Tok::RBrace | Tok::Kind(_)) => (t, e.span())
    };
    let block_junk = block_junk_tok
        .then_ignore(block_junk_tok.repeated())
        .map_with(|first, e| builder(e).block_junk(first));

    // `then`, not `then_ignore`: an ignored part is only checked, never built.
    let block = punct(Tok::LBrace)
        .then(choice((field, block_junk)).repeated().collect::<()>())
        .then(punct(Tok::RBrace).or_not())
        .map(|((open, ()), close)| (open, close));

    let item_head = kind
        .then(ident.or_not())
        .then(string.or_not())
        .map_with(|((kind, name), title), e| builder(e).item_head(kind, name, title));
    let item = item_head.then(block.or_not()).map_with(|((), block), e| {
        let span = e.span();
        builder(e).item_end(block, span)
    });

    let top_junk_tok =
        select! { Lexeme { tok: t, .. } = e if !matches!(t, Tok::Kind(_)) => (t, e.span()) };
    let top_junk = top_junk_tok
        .then_ignore(top_junk_tok.repeated())
        .map_with(|first, e| builder(e).top_junk(first));

    choice((item, top_junk))
        .repeated()
        .collect::<()>()
        .then_ignore(end())
}

/// Runs the grammar over the tokens, building the tree in `builder`. `false` only if the
/// grammar failed to be total, which would be a bug; the caller reports it as a syntax error
/// rather than panicking.
pub fn parse_tokens<'a>(
    tokens: &'a [(Lexeme, TokSpan)],
    text_len: u32,
    builder: Builder<'a>,
) -> (bool, Builder<'a>) {
    let input = tokens.split_token_span(SimpleSpan::from(text_len..text_len));
    let mut state = SimpleState(builder);
    let ok = plan_parser()
        .parse_with_state(input, &mut state)
        .into_output()
        .is_some();
    (ok, state.0)
}
