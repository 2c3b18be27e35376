//! What the fuzz targets share: the fixed "today" they check against, and the span check.

use coord::{Date, FileId, Span, Workspace};

/// Dates in plans are judged against this day, so that a run does not depend on the clock.
pub const TODAY: Date = Date {
    year: 2026,
    month: 3,
    day: 1,
};

/// Panics unless `span` lies inside file `file` of `ws`, on character boundaries.
pub fn in_bounds(ws: &Workspace, file: FileId, span: Span, what: &str) {
    assert!(
        file.index() < ws.files.len(),
        "{what}: file {file:?} of {}",
        ws.files.len()
    );
    let text = &ws.file(file).text;
    assert!(span.start() <= span.end(), "{what}: reversed span {span:?}");
    assert!(
        span.end() <= text.len(),
        "{what}: {span:?} past the end ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()),
        "{what}: {span:?} not on character boundaries"
    );
}
