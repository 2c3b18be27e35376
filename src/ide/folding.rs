//! Folding ranges: item blocks and runs of comment lines.

use crate::syntax::Span;
use crate::workspace::{FileId, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldKind {
    Block,
    Comment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    /// From the `{` to the `}` (or the first to the last comment of a run).
    pub span: Span,
    pub kind: FoldKind,
}

/// The folds of a file that span more than one line, in text order.
pub fn folding_ranges(ws: &Workspace, file: FileId) -> Vec<Fold> {
    let f = ws.file(file);
    let text = &f.text;
    let multi_line = |span: Span| text.get(span.range()).is_some_and(|s| s.contains('\n'));
    let mut out = Vec::new();
    for item in &f.syntax.items {
        if let Some(block) = &item.block {
            let end = block.close.map_or(item.span.end(), |c| c.end());
            let span = Span::new(block.open.start(), end);
            if multi_line(span) {
                out.push(Fold {
                    span,
                    kind: FoldKind::Block,
                });
            }
        }
    }
    // Comments on consecutive lines, each alone on its line, form a run.
    let comments = &f.syntax.comments;
    let alone = |span: Span| {
        let line_start = text[..span.start()].rfind('\n').map_or(0, |p| p + 1);
        text[line_start..span.start()].trim().is_empty()
    };
    let mut i = 0;
    while i < comments.len() {
        if !alone(comments[i].span) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < comments.len() && alone(comments[j + 1].span) {
            let between = &text[comments[j].span.end()..comments[j + 1].span.start()];
            if between.matches('\n').count() != 1 || !between.trim().is_empty() {
                break;
            }
            j += 1;
        }
        if j > i {
            out.push(Fold {
                span: Span::new(comments[i].span.start(), comments[j].span.end()),
                kind: FoldKind::Comment,
            });
        }
        i = j + 1;
    }
    out.sort_by_key(|f| f.span.start());
    out
}
