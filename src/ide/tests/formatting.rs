use super::apply;
use crate::ide::fixture::Fixture;
use crate::ide::formatting::{format_file, format_range};
use crate::syntax::Span;

#[test]
fn whole_file_and_range_formatting() {
    let f = Fixture::new("person   a\nteam t {lead a   members b}\nperson b\n");
    let file = f.ws.file_ids().next().unwrap();
    let formatted = apply(&f, file, &format_file(&f.ws, file));
    assert_eq!(
        formatted,
        "person a\n\nteam t {\n  lead a\n  members b\n}\n\nperson b\n"
    );
    // A range touching only the team formats only the team.
    let team = Span::new(12, 20);
    let partly = apply(&f, file, &format_range(&f.ws, file, team));
    assert!(partly.starts_with("person   a\n"), "{partly}");
    assert!(
        partly.contains("team t {\n  lead a\n  members b\n}"),
        "{partly}"
    );
}

#[test]
fn a_file_with_a_syntax_error_is_not_formatted() {
    let f = Fixture::new("team t {\n  lead\n}\n");
    let file = f.ws.file_ids().next().unwrap();
    assert!(format_file(&f.ws, file).is_empty());
}
