use crate::ide::fixture::Fixture;
use crate::ide::folding::{folding_ranges, FoldKind};
use crate::ide::symbols::{document_symbols, workspace_symbols, OutlineKind};
use crate::syntax::ItemKind;

const TEXT: &str = "\
# The platform team
# and its people.
team platform \"Platform\" {
  lead alice
  members bob
}
person alice
person bob
//- work.plan
task platform-launch { owner platform }
";

#[test]
fn folds_blocks_and_comment_runs_over_several_lines() {
    let f = Fixture::new(TEXT);
    let file = f.ws.file_ids().next().unwrap();
    let folds: Vec<(FoldKind, &str)> = folding_ranges(&f.ws, file)
        .into_iter()
        .map(|x| (x.kind, f.text(file, x.span)))
        .collect();
    assert_eq!(folds.len(), 2, "{folds:?}");
    assert_eq!(folds[0].0, FoldKind::Comment);
    assert_eq!(
        folds[1],
        (FoldKind::Block, "{\n  lead alice\n  members bob\n}")
    );
}

#[test]
fn outline_has_items_with_their_fields() {
    let f = Fixture::new(TEXT);
    let file = f.ws.file_ids().next().unwrap();
    let outline = document_symbols(&f.ws, file);
    let names: Vec<&str> = outline.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["platform", "alice", "bob"]);
    assert_eq!(outline[0].kind, OutlineKind::Item(ItemKind::Team));
    let fields: Vec<&str> = outline[0]
        .children
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(fields, ["lead", "members"]);
}

#[test]
fn workspace_symbols_match_across_files() {
    let f = Fixture::new(TEXT);
    let found: Vec<String> = workspace_symbols(&f.ws, &f.analysis, "platf")
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert!(
        found.contains(&"platform".to_string()) && found.contains(&"platform-launch".to_string()),
        "{found:?}"
    );
}
