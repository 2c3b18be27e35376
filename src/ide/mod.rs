//! Editor features as plain functions over the workspace and its analysis.
//!
//! Every feature takes the parsed [`Workspace`], the [`Analysis`] of it, a file and a byte
//! offset (or span), and returns plain data with byte spans. Nothing here knows about the
//! Language Server Protocol: `crate::lsp` only converts positions and protocol types, so the
//! features can be tested, benchmarked and reused (by the CLI, say) without a server.
//!
//! [`Workspace`]: crate::workspace::Workspace
//! [`Analysis`]: crate::analysis::Analysis

pub mod code_actions;
pub mod completion;
#[cfg(test)]
pub mod fixture;
pub mod folding;
pub mod formatting;
pub mod hover;
pub mod inlay_hints;
pub mod navigation;
pub mod rename;
pub mod semantic_tokens;
pub mod symbols;
#[cfg(test)]
mod tests;

use crate::model::schema::{self, ValueType};
use crate::syntax::{Field, Item, SourceFile, Span, Value};
use crate::workspace::{FileId, PlanFile, Workspace};

/// What the cursor is on, in the syntax tree.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Node<'a> {
    /// The kind keyword (`team`).
    Keyword(&'a Item),
    /// The item's name.
    Name(&'a Item),
    /// The item's display title.
    Title(&'a Item),
    /// A field's key.
    Key(&'a Item, &'a Field),
    /// A value of a field.
    Value(&'a Item, &'a Field, &'a Value),
}

impl Node<'_> {
    pub fn span(&self) -> Span {
        match self {
            Node::Keyword(item) => item.kind_span(),
            Node::Name(item) => item.name.map_or(item.kind_span(), |n| n.span),
            Node::Title(item) => item.title_span.unwrap_or(item.kind_span()),
            Node::Key(_, field) => field.key.span,
            Node::Value(_, _, value) => value.span,
        }
    }
}

/// The node of the syntax tree at `offset`: a token that contains it, else one that ends there
/// (the cursor just after a name is on that name).
pub(crate) fn node_at(file: &PlanFile, offset: usize) -> Option<Node<'_>> {
    let mut touching: Option<Node> = None;
    let start = file
        .syntax
        .items
        .partition_point(|it| it.span.end() < offset);
    for item in file.syntax.items[start..]
        .iter()
        .take_while(|it| it.span.start() <= offset)
    {
        let mut candidates: Vec<Node> = vec![Node::Keyword(item)];
        if item.name.is_some() {
            candidates.push(Node::Name(item));
        }
        if item.title_span.is_some() {
            candidates.push(Node::Title(item));
        }
        for field in item
            .fields(&file.syntax)
            .iter()
            .filter(|f| f.span().touches(offset))
        {
            candidates.push(Node::Key(item, field));
            candidates.extend(
                field
                    .values(&file.syntax)
                    .iter()
                    .map(|v| Node::Value(item, field, v)),
            );
        }
        for node in candidates {
            let span = node.span();
            if span.start() <= offset && offset < span.end() {
                return Some(node);
            }
            if span.end() == offset && !span.is_empty() && touching.is_none() {
                touching = Some(node);
            }
        }
    }
    touching
}

/// The type of the values of `field` in `item`, when the kind takes that key.
pub(crate) fn value_type(file: &SourceFile, item: &Item, field: &Field) -> Option<ValueType> {
    schema::field(item.kind, field.key_text(file)).map(|spec| spec.ty)
}

/// The file name of a workspace file, for messages (`people.plan` for
/// `file:///org/people.plan`).
pub(crate) fn file_name(ws: &Workspace, file: FileId) -> &str {
    let path = ws.file(file).path.as_str();
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// `name (file.plan:LINE)` style location for messages, 1-based line.
pub(crate) fn describe_location(ws: &Workspace, file: FileId, span: Span) -> String {
    let (line, _) = ws.file(file).line_col_chars(span.start());
    format!("{}:{}", file_name(ws, file), line + 1)
}

/// Joins names as `a, b, c and 3 more`, listing at most `max` and counting the rest. Names in
/// a list read plainly (no code spans): a hover is read in small terminal floats too.
pub(crate) fn list_names<'a>(names: impl IntoIterator<Item = &'a str>, max: usize) -> String {
    let mut names = names.into_iter();
    let mut out = String::new();
    let mut rest = 0usize;
    for (i, n) in names.by_ref().enumerate() {
        if i == max {
            rest = 1;
            break;
        }
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(n);
    }
    rest += names.count();
    if rest > 0 {
        out.push_str(&format!(" and {rest} more"));
    }
    out
}
