//! The parser: tokens to a syntax tree, with a total grammar so that every error is recovered.
//!
//! The grammar is written with chumsky so that it reads like the spec's EBNF. It never fails:
//! tokens that cannot start what is expected are gathered into `Junk` runs, a missing name,
//! value or closing brace is an absent node, and [`super::parse`] turns those into plain-words
//! `syntax` errors afterwards. The grammar is flat (blocks do not nest), so there is no
//! recursion and no input can overflow the stack.

use chumsky::input::{Input as _, ValueInput};
use chumsky::prelude::*;

use super::ast::ItemKind;
use super::lexer::Tok;

pub type TokSpan = SimpleSpan;

#[derive(Debug)]
pub enum TopElem {
    Item(RawItem),
    Junk { first: (Tok, TokSpan) },
}

#[derive(Debug)]
pub struct RawItem {
    pub kind: (ItemKind, TokSpan),
    pub name: Option<TokSpan>,
    pub title: Option<TokSpan>,
    pub block: Option<RawBlock>,
    pub span: TokSpan,
}

#[derive(Debug)]
pub struct RawBlock {
    pub open: TokSpan,
    pub elems: Vec<BlockElem>,
    pub close: Option<TokSpan>,
}

#[derive(Debug)]
pub enum BlockElem {
    Field(RawField),
    Junk { first: (Tok, TokSpan) },
}

#[derive(Debug)]
pub struct RawField {
    pub key: TokSpan,
    pub first: Option<(Tok, TokSpan)>,
    pub rest: Vec<(TokSpan, Option<(Tok, TokSpan)>)>,
    pub span: TokSpan,
}

type Extra<'a> = extra::Err<Simple<'a, Lexeme>>;

/// A token as the grammar sees it: its kind, and whether a line break comes before it. The
/// grammar needs the line breaks for one thing only: a field's first value must start on its
/// key's line, so that a key alone on its line never takes the next line's key as its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexeme {
    pub tok: Tok,
    pub starts_line: bool,
}

fn plan_parser<'a, I>() -> impl Parser<'a, I, Vec<TopElem>, Extra<'a>>
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

    let field = ident
        .then(first_value.or_not())
        .then(comma.then(value.or_not()).repeated().collect::<Vec<_>>())
        .map_with(|((key, first), rest), e| {
            BlockElem::Field(RawField {
                key,
                first,
                rest,
                span: e.span(),
            })
        });

    // Anything that can neither start a field nor end the block.
    let block_junk_tok = select! {
        Lexeme { tok: t, .. } = e if !matches!(t, Tok::Ident | Tok::RBrace | Tok::Kind(_)) => (t, e.span())
    };
    let block_junk = block_junk_tok
        .then_ignore(block_junk_tok.repeated())
        .map(|first| BlockElem::Junk { first });

    let block = punct(Tok::LBrace)
        .then(choice((field, block_junk)).repeated().collect::<Vec<_>>())
        .then(punct(Tok::RBrace).or_not())
        .map(|((open, elems), close)| RawBlock { open, elems, close });

    let item = kind
        .then(ident.or_not())
        .then(string.or_not())
        .then(block.or_not())
        .map_with(|(((kind, name), title), block), e| {
            TopElem::Item(RawItem {
                kind,
                name,
                title,
                block,
                span: e.span(),
            })
        });

    let top_junk_tok =
        select! { Lexeme { tok: t, .. } = e if !matches!(t, Tok::Kind(_)) => (t, e.span()) };
    let top_junk = top_junk_tok
        .then_ignore(top_junk_tok.repeated())
        .map(|first| TopElem::Junk { first });

    choice((item, top_junk))
        .repeated()
        .collect::<Vec<_>>()
        .then_ignore(end())
}

/// Runs the grammar over the tokens. `None` only if the grammar failed to be total, which
/// would be a bug; the caller reports it as a syntax error rather than panicking.
pub fn parse_tokens(tokens: &[(Lexeme, TokSpan)], text_len: usize) -> Option<Vec<TopElem>> {
    let input = tokens.split_token_span(SimpleSpan::from(text_len..text_len));
    plan_parser().parse(input).into_output()
}
