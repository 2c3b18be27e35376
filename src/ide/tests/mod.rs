//! Editor features tested at the `ide` boundary: cursor-marked fixtures (see
//! [`crate::ide::fixture`]) in, plain data out. The language server's tests only check the
//! protocol on top of these.

mod code_actions;
mod completion;
mod folding_and_symbols;
mod formatting;
mod inlay_hints;
mod navigation;
mod rename;
mod semantic_tokens;

use crate::diagnostic::TextEdit;
use crate::ide::fixture::Fixture;
use crate::workspace::FileId;

/// The text of `file` after applying those of `edits` that are in it.
pub(super) fn apply(f: &Fixture, file: FileId, edits: &[TextEdit]) -> String {
    let mut text = String::clone(&f.ws.file(file).text);
    let mut mine: Vec<&TextEdit> = edits.iter().filter(|e| e.file == file).collect();
    mine.sort_by_key(|e| std::cmp::Reverse(e.span.start()));
    for e in mine {
        text.replace_range(e.span.range(), &e.new_text);
    }
    text
}

/// `file.plan:LINE:COL` (1-based, characters) and the covered text, for readable assertions.
pub(super) fn at(f: &Fixture, file: FileId, span: crate::syntax::Span) -> String {
    let (line, col) = f.ws.file(file).line_col_chars(span.start());
    format!(
        "{}:{}:{} {}",
        crate::ide::file_name(&f.ws, file),
        line + 1,
        col + 1,
        f.text(file, span)
    )
}
