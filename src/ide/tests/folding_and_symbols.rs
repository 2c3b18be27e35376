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

#[test]
fn outline_details_spans_and_field_values() {
    let f = Fixture::new(
        "team platform \"Platform\" {\n  lead alice\n  members bob, carol\n  model service-provider\n}\nperson alice\nperson bob\nperson carol\n",
    );
    let file = f.ws.file_ids().next().unwrap();
    let outline = document_symbols(&f.ws, file);
    let platform = &outline[0];
    assert_eq!(platform.detail.as_deref(), Some("team — Platform"));
    assert_eq!(f.text(file, platform.selection), "platform");
    let whole = f.text(file, platform.span);
    assert!(
        whole.starts_with("team platform") && whole.ends_with('}'),
        "{whole}"
    );
    let fields: Vec<(&str, Option<&str>)> = platform
        .children
        .iter()
        .map(|c| (c.name.as_str(), c.detail.as_deref()))
        .collect();
    assert_eq!(
        fields,
        [
            ("lead", Some("alice")),
            ("members", Some("bob, carol")),
            ("model", Some("service-provider"))
        ]
    );
    assert!(platform
        .children
        .iter()
        .all(|c| c.kind == OutlineKind::Field));
}

#[test]
fn workspace_symbols_match_fuzzily_ignoring_case_and_all_for_an_empty_query() {
    let f = Fixture::new(
        "person alice\nteam platform { lead alice }\nmeeting platform-weekly { owner alice  attendees platform  cadence weekly }\ntask api { owner platform }\n",
    );
    let names = |query: &str| -> Vec<String> {
        workspace_symbols(&f.ws, &f.analysis, query)
            .into_iter()
            .map(|s| s.name)
            .collect()
    };
    assert_eq!(names("plw"), ["platform-weekly"]);
    assert_eq!(names("PLAT"), ["platform", "platform-weekly"]);
    assert_eq!(names("").len(), 4);
}
