use super::at;
use crate::ide::fixture::Fixture;
use crate::ide::navigation::{definition, highlights, references, HighlightKind};

const ORG: &str = "\
person alice
person bob
//- teams.plan
team platform { lead alice  members bob }
//- work.plan
meeting sync { owner alice  attendees platform  cadence weekly }
task api { owner platform  due 2026-12-01 }
task post { owner bob  depends-on api }
";

#[test]
fn definition_crosses_files() {
    let f = Fixture::new(&ORG.replace("owner platform", "owner plat$0form"));
    let c = f.cursor();
    let (span, target) = definition(&f.ws, &f.analysis, c.file, c.offset).unwrap();
    assert_eq!(f.text(c.file, span), "platform");
    assert_eq!(at(&f, target.file, target.span), "teams.plan:1:6 platform");
}

#[test]
fn definition_of_a_definition_is_itself_and_nothing_for_undefined_names() {
    let f = Fixture::new("person a$0lice\nteam t { lead alice }\ntask x { owner nob$0ody }\n");
    let c = f.cursors[0];
    let (_, target) = definition(&f.ws, &f.analysis, c.file, c.offset).unwrap();
    assert_eq!(at(&f, target.file, target.span), "main.plan:1:8 alice");
    let c = f.cursors[1];
    assert_eq!(definition(&f.ws, &f.analysis, c.file, c.offset), None);
}

#[test]
fn references_list_the_definition_first_then_uses_in_file_order() {
    let f = Fixture::new(&ORG.replace("person alice", "person ali$0ce"));
    let c = f.cursor();
    let all: Vec<String> = references(&f.ws, &f.analysis, c.file, c.offset, true)
        .into_iter()
        .map(|l| at(&f, l.file, l.span))
        .collect();
    assert_eq!(
        all,
        [
            "main.plan:1:8 alice",
            "teams.plan:1:22 alice",
            "work.plan:1:22 alice"
        ]
    );
    let uses = references(&f.ws, &f.analysis, c.file, c.offset, false);
    assert_eq!(uses.len(), 2);
}

#[test]
fn highlights_stay_in_the_file_and_mark_the_definition() {
    let f = Fixture::new("person bob\nteam t { lead bob  members b$0ob }\ntask x { owner bob }\n");
    let c = f.cursor();
    let kinds: Vec<(String, HighlightKind)> = highlights(&f.ws, &f.analysis, c.file, c.offset)
        .into_iter()
        .map(|(s, k)| (at(&f, c.file, s), k))
        .collect();
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    assert_eq!(
        kinds[0],
        ("main.plan:1:8 bob".to_string(), HighlightKind::Definition)
    );
    assert!(kinds[1..]
        .iter()
        .all(|(_, k)| *k == HighlightKind::Reference));
}
