//! Document symbols (the outline of a file) and workspace symbols (search by name).

use crate::analysis::Analysis;
use crate::diagnostic::Location;
use crate::model::SymbolKind;
use crate::syntax::{Field, Item, ItemKind, SourceFile, Span};
use crate::workspace::{FileId, Workspace};

/// What an outline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineKind {
    Item(ItemKind),
    Field,
}

/// One entry of a file's outline: an item with its fields as children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: OutlineKind,
    /// The whole item or field.
    pub span: Span,
    /// The part to select: the item's name (or keyword), the field's key.
    pub selection: Span,
    pub children: Vec<DocumentSymbol>,
}

/// The outline of a file, in text order.
pub fn document_symbols(ws: &Workspace, file: FileId) -> Vec<DocumentSymbol> {
    let f = ws.file(file);
    f.syntax
        .items
        .iter()
        .map(|item| item_symbol(&f.syntax, item))
        .collect()
}

fn item_symbol(file: &SourceFile, item: &Item) -> DocumentSymbol {
    let (name, selection) = match item.name {
        Some(n) => (n.text(file).to_string(), n.span),
        None => (format!("{} (no name)", item.kind), item.kind_span()),
    };
    let mut detail = item.kind.keyword().to_string();
    if let Some(title) = item.title(file) {
        detail.push_str(" — ");
        detail.push_str(title);
    }
    DocumentSymbol {
        name,
        detail: Some(detail),
        kind: OutlineKind::Item(item.kind),
        span: item.span,
        selection,
        children: item
            .fields(file)
            .iter()
            .map(|f| field_symbol(file, f))
            .collect(),
    }
}

fn field_symbol(file: &SourceFile, field: &Field) -> DocumentSymbol {
    let values: Vec<&str> = field
        .values(file)
        .iter()
        .map(|v| file.slice(v.span))
        .collect();
    let detail = values.join(", ");
    DocumentSymbol {
        name: field.key_text(file).to_string(),
        detail: (!detail.is_empty()).then_some(detail),
        kind: OutlineKind::Field,
        span: field.span(),
        selection: field.key.span,
        children: Vec::new(),
    }
}

/// A defined name found by a workspace symbol search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: SymbolKind,
    pub location: Location,
    /// The display title, if any.
    pub title: Option<String>,
}

/// The most results a search returns (the client asks again as the query grows).
pub(crate) const MAX_RESULTS: usize = 500;

/// The defined names matching `query`: its characters in order, ignoring case (`plw` finds
/// `platform-weekly`); every name for an empty query. Exact and prefix matches first.
pub fn workspace_symbols(ws: &Workspace, analysis: &Analysis, query: &str) -> Vec<WorkspaceSymbol> {
    let query = query.to_lowercase();
    let mut found: Vec<(u8, &crate::model::Symbol)> = analysis
        .model
        .symbols
        .iter()
        .filter_map(|s| {
            let name = s.name.to_lowercase();
            let rank = if name == query {
                0
            } else if name.starts_with(&query) {
                1
            } else if name.contains(&query) {
                2
            } else if is_subsequence(&query, &name) {
                3
            } else {
                return None;
            };
            Some((rank, s))
        })
        .collect();
    found.sort_by(|a, b| (a.0, &a.1.name).cmp(&(b.0, &b.1.name)));
    found
        .into_iter()
        .take(MAX_RESULTS)
        .map(|(_, s)| WorkspaceSymbol {
            name: s.name.to_string(),
            kind: s.kind,
            location: s.location,
            title: {
                let (syntax, item) = analysis.model.item(ws, s.item);
                item.title(syntax).map(str::to_string)
            },
        })
        .collect()
}

fn is_subsequence(needle: &str, haystack: &str) -> bool {
    let mut hay = haystack.chars();
    needle.chars().all(|c| hay.any(|h| h == c))
}
