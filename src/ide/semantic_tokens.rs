//! Semantic tokens: every token of a file classified from the syntax tree and the schema.

use super::value_type;
use crate::model::schema::ValueType;
use crate::syntax::{Span, ValueKind};
use crate::workspace::{FileId, Workspace};

/// The token types, in the order of the legend the server announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenType {
    /// A kind keyword.
    Keyword,
    /// A name where it is defined.
    Type,
    /// A field key.
    Property,
    /// A name where it is used.
    Variable,
    /// A value of `cadence`, `kind`, `status` or `model`, or a rule code after `allow`.
    EnumMember,
    String,
    /// Numbers, dates and durations.
    Number,
    Comment,
}

impl TokenType {
    /// The legend, in index order.
    pub const ALL: [TokenType; 8] = [
        TokenType::Keyword,
        TokenType::Type,
        TokenType::Property,
        TokenType::Variable,
        TokenType::EnumMember,
        TokenType::String,
        TokenType::Number,
        TokenType::Comment,
    ];

    /// The LSP name of the type.
    pub fn name(self) -> &'static str {
        match self {
            TokenType::Keyword => "keyword",
            TokenType::Type => "type",
            TokenType::Property => "property",
            TokenType::Variable => "variable",
            TokenType::EnumMember => "enumMember",
            TokenType::String => "string",
            TokenType::Number => "number",
            TokenType::Comment => "comment",
        }
    }

    pub fn index(self) -> u32 {
        TokenType::ALL.iter().position(|t| *t == self).unwrap_or(0) as u32
    }
}

/// Token modifiers, as bits.
pub mod modifiers {
    /// A name where it is defined.
    pub const DECLARATION: u32 = 1;
    /// A `##` doc comment.
    pub const DOCUMENTATION: u32 = 2;
    /// The legend, in bit order.
    pub const ALL: [&str; 2] = ["declaration", "documentation"];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SemanticToken {
    pub span: Span,
    pub ty: TokenType,
    pub modifiers: u32,
}

/// The classified tokens of a file, sorted by position, never overlapping.
pub fn semantic_tokens(ws: &Workspace, file: FileId) -> Vec<SemanticToken> {
    let f = ws.file(file);
    let mut out = Vec::with_capacity(f.syntax.items.len() * 8 + f.syntax.comments.len());
    let mut push = |span: Span, ty: TokenType, modifiers: u32| {
        if !span.is_empty() {
            out.push(SemanticToken {
                span,
                ty,
                modifiers,
            });
        }
    };
    for c in &f.syntax.comments {
        push(
            c.span,
            TokenType::Comment,
            if c.doc { modifiers::DOCUMENTATION } else { 0 },
        );
    }
    for item in &f.syntax.items {
        push(item.kind_span(), TokenType::Keyword, 0);
        if let Some(name) = &item.name {
            if item.kind.defines_name() {
                push(name.span, TokenType::Type, modifiers::DECLARATION);
            } else {
                push(name.span, TokenType::Variable, 0);
            }
        }
        if let Some(span) = item.title_span {
            push(span, TokenType::String, 0);
        }
        for field in item.fields(&f.syntax) {
            push(field.key.span, TokenType::Property, 0);
            let ty = value_type(&f.syntax, item, field);
            for value in field.values(&f.syntax) {
                let class = match (value.kind(&f.syntax), ty) {
                    (ValueKind::Ident, Some(ValueType::Enum(_) | ValueType::RuleCode)) => {
                        TokenType::EnumMember
                    }
                    (ValueKind::Ident, _) => TokenType::Variable,
                    (ValueKind::Str, _) => TokenType::String,
                    (
                        ValueKind::Date(_)
                        | ValueKind::Duration(_)
                        | ValueKind::Number(_)
                        | ValueKind::Time(_),
                        _,
                    ) => TokenType::Number,
                    (ValueKind::Invalid, _) => continue,
                };
                push(value.span, class, 0);
            }
        }
    }
    out.sort_by_key(|t| (t.span.start(), t.span.end()));
    // A recovered tree never shares tokens, but be safe: drop any overlap.
    let mut last_end = 0;
    out.retain(|t| {
        let keep = t.span.start() >= last_end;
        if keep {
            last_end = t.span.end();
        }
        keep
    });
    out
}
