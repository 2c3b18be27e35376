use super::apply;
use crate::ide::code_actions::code_actions;
use crate::ide::fixture::Fixture;
use crate::syntax::Span;

#[test]
fn a_misspelt_name_offers_the_suggestion_as_the_preferred_fix() {
    let f = Fixture::new("person alice\nteam t { lead alice }\ntask x { owner alcie$0 }\n");
    let c = f.cursor();
    let actions = code_actions(&f.ws, &f.analysis, c.file, Span::at(c.offset));
    let fix = actions
        .iter()
        .find(|a| a.preferred)
        .expect("a preferred fix");
    assert!(fix.title.contains("alice"), "{}", fix.title);
    assert!(apply(&f, c.file, &fix.edits).contains("owner alice }"));
}

#[test]
fn warnings_can_be_allowed_for_the_item() {
    let f = Fixture::new("team emp$0ty\n");
    let c = f.cursor();
    let actions = code_actions(&f.ws, &f.analysis, c.file, Span::at(c.offset));
    let allow = actions
        .iter()
        .find(|a| a.title == "Allow `empty-team` for this item")
        .expect("an allow action");
    let fixed = apply(&f, c.file, &allow.edits);
    let again = Fixture::new(&fixed);
    assert!(
        again.analysis.diagnostics.is_empty(),
        "{fixed}\n{:?}",
        again.analysis.diagnostics
    );
}

#[test]
fn errors_cannot_be_allowed_and_other_lines_offer_nothing() {
    let f =
        Fixture::new("person p\nteam t { lead p }\ntask ta$0sk { due 2026-12-01 }\nperson $0q\n");
    let c = f.cursors[0];
    let actions = code_actions(&f.ws, &f.analysis, c.file, Span::at(c.offset));
    assert!(
        actions.iter().all(|a| !a.title.starts_with("Allow")),
        "{actions:?}"
    );
    let c = f.cursors[1];
    let q = code_actions(&f.ws, &f.analysis, c.file, Span::at(c.offset));
    // `q` is an orphan person (an info): only its allow action.
    assert_eq!(q.len(), 1, "{q:?}");
}

/// The codes of a fixture's diagnostics.
fn codes(text: &str) -> Vec<&'static str> {
    Fixture::new(text)
        .analysis
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn an_undefined_name_offers_the_suggestion_then_creating_it() {
    let f = Fixture::new(
        "person alice\nteam t { lead alice }\ntask t1 { owner alc$0ie  due 2026-12-01 }\n",
    );
    let c = f.cursor();
    let actions = code_actions(&f.ws, &f.analysis, c.file, Span::at(c.offset));
    let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Replace with `alice`",
            "Create person `alcie`",
            "Create team `alcie`"
        ]
    );
    let created = apply(&f, c.file, &actions[1].edits);
    assert!(created.ends_with("\nperson alcie\n"), "{created:?}");
    assert!(
        !codes(&created).contains(&"undefined-reference"),
        "{created}"
    );
}

#[test]
fn an_unowned_task_offers_an_owner_that_fixes_it() {
    let f = Fixture::new("person alice\nteam t { lead alice }\ntask t$02 { due 2026-12-01 }\n");
    let c = f.cursor();
    let actions = code_actions(&f.ws, &f.analysis, c.file, Span::at(c.offset));
    let add = actions
        .iter()
        .find(|a| a.title.starts_with("Add `owner "))
        .expect("an add-owner action");
    let fixed = apply(&f, c.file, &add.edits);
    assert!(!codes(&fixed).contains(&"unowned-task"), "{fixed}");
}
