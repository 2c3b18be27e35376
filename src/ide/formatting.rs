//! Formatting through `crate::fmt`, as the smallest edit that turns the text into the
//! formatted text.

use crate::diagnostic::TextEdit;
use crate::syntax::Span;
use crate::workspace::{FileId, Workspace};

/// The edits that format the whole file; none when it is already formatted or cannot be
/// formatted (syntax errors).
pub fn format_file(ws: &Workspace, file: FileId) -> Vec<TextEdit> {
    let text = &ws.file(file).text;
    match crate::fmt::format(text) {
        Ok(formatted) => minimal_edit(file, text, Span::new(0, text.len()), &formatted)
            .into_iter()
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The edits that format the items overlapping `range`.
pub fn format_range(ws: &Workspace, file: FileId, range: Span) -> Vec<TextEdit> {
    let text = &ws.file(file).text;
    match crate::fmt::format_range(text, range) {
        Ok(Some((span, new_text))) if span.end() <= text.len() && span.start() <= span.end() => {
            minimal_edit(file, text, span, &new_text)
                .into_iter()
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Replacing `span` of `text` by `new_text`, trimmed to the part that differs (so the cursor
/// and the undo history of the untouched text are kept).
pub(crate) fn minimal_edit(
    file: FileId,
    text: &str,
    span: Span,
    new_text: &str,
) -> Option<TextEdit> {
    let old = text.get(span.range())?;
    if old == new_text {
        return None;
    }
    let prefix = common_prefix(old, new_text);
    let suffix = common_suffix(&old[prefix..], &new_text[prefix..]);
    Some(TextEdit {
        file,
        span: Span::new(span.start() + prefix, span.end() - suffix),
        new_text: new_text[prefix..new_text.len() - suffix].to_string(),
    })
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
        .min(a.len())
        .min(b.len())
}

fn common_suffix(a: &str, b: &str) -> usize {
    let mut n = 0;
    for (x, y) in a.chars().rev().zip(b.chars().rev()) {
        if x != y {
            break;
        }
        n += x.len_utf8();
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_are_trimmed_to_the_difference() {
        let e = minimal_edit(
            FileId(0),
            "team a {lead b}",
            Span::new(0, 15),
            "team a { lead b }",
        )
        .unwrap();
        let mut out = String::from("team a {lead b}");
        out.replace_range(e.span.range(), &e.new_text);
        assert_eq!(out, "team a { lead b }");
        assert!(e.span.len() < 15);
        assert_eq!(minimal_edit(FileId(0), "x", Span::new(0, 1), "x"), None);
        // Multi-byte characters stay whole.
        let e = minimal_edit(FileId(0), "é😀a", Span::new(0, 7), "é😀b").unwrap();
        assert_eq!(e.span, Span::new(6, 7));
    }
}
