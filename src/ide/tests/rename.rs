use super::apply;
use crate::ide::fixture::Fixture;
use crate::ide::rename::{prepare_rename, rename};

#[test]
fn rename_edits_every_file() {
    let f = Fixture::new(
        "person bo$0b\n//- teams.plan\nteam t { lead bob }\n//- work.plan\ntask x { owner bob }\n",
    );
    let c = f.cursor();
    let (span, old) = prepare_rename(&f.ws, &f.analysis, c.file, c.offset).unwrap();
    assert_eq!((f.text(c.file, span), old.as_str()), ("bob", "bob"));
    let edits = rename(&f.ws, &f.analysis, c.file, c.offset, "robert").unwrap();
    assert_eq!(edits.len(), 3);
    let texts: Vec<String> = f.ws.file_ids().map(|id| apply(&f, id, &edits)).collect();
    assert_eq!(
        texts,
        [
            "person robert\n",
            "team t { lead robert }\n",
            "task x { owner robert }\n"
        ]
    );
}

#[test]
fn rename_refuses_taken_invalid_and_keyword_names_with_a_reason() {
    let f = Fixture::new("person bo$0b\nperson carol\nteam t { lead bob  members carol }\n");
    let c = f.cursor();
    let err = |name: &str| {
        rename(&f.ws, &f.analysis, c.file, c.offset, name)
            .unwrap_err()
            .0
    };
    assert!(
        err("carol").contains("already the name of a person"),
        "{}",
        err("carol")
    );
    assert!(err("team").contains("is a keyword"));
    assert!(err("two words").contains("not a valid name"));
    assert!(err("").contains("empty"));
    assert_eq!(
        rename(&f.ws, &f.analysis, c.file, c.offset, "bob").unwrap(),
        []
    );
}

#[test]
fn only_names_can_be_renamed() {
    let f = Fixture::new("person bob\nteam t { le$0ad bob  members nob$0ody }\n");
    let key = f.cursors[0];
    let e = prepare_rename(&f.ws, &f.analysis, key.file, key.offset).unwrap_err();
    assert!(e.0.contains("only the name of"), "{e}");
    let undefined = f.cursors[1];
    let e = prepare_rename(&f.ws, &f.analysis, undefined.file, undefined.offset).unwrap_err();
    assert!(e.0.contains("not defined anywhere"), "{e}");
}

#[test]
fn a_name_taken_in_another_file_says_where_and_a_name_cannot_start_with_a_digit() {
    let f =
        Fixture::new("person bo$0b\n//- teams.plan\n## The team.\nteam platform { lead bob }\n");
    let c = f.cursor();
    let err = |name: &str| {
        rename(&f.ws, &f.analysis, c.file, c.offset, name)
            .unwrap_err()
            .0
    };
    assert!(
        err("platform").contains("already the name of a team (defined at teams.plan:2)"),
        "{}",
        err("platform")
    );
    assert!(err("2bob").contains("not a valid name"), "{}", err("2bob"));
}
