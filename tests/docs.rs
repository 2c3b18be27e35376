//! The generated docs (README rule table, docs/rules.md) match the rules' own texts, and every
//! rule's text has the sections `coord explain` and hover rely on.
//! Regenerate with `COORD_BLESS=1 cargo test --test docs`.

use std::path::Path;

fn check_or_bless(path: &Path, expected: &str) {
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    if actual == expected {
        return;
    }
    if std::env::var_os("COORD_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, expected).unwrap();
        return;
    }
    panic!(
        "{} is out of date: run `COORD_BLESS=1 cargo test --test docs`",
        path.display()
    );
}

#[test]
fn readme_rule_table_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let expected =
        coord::docs::with_rules_table(&readme).expect("README has the rules-table markers");
    check_or_bless(&root.join("README.md"), &expected);
}

#[test]
fn rules_page_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    check_or_bless(&root.join("docs/rules.md"), &coord::docs::rules_page());
}

#[test]
fn every_rule_is_documented() {
    for r in coord::rules::ALL {
        for section in [
            "## What it checks",
            "## Why it matters",
            "## How to fix",
            "## Example",
            "```plan",
        ] {
            assert!(
                r.doc.contains(section),
                "rule `{}` lacks `{section}` in its doc",
                r.code
            );
        }
        assert!(
            !r.summary.is_empty() && !r.summary.contains("TODO"),
            "rule `{}` has no summary",
            r.code
        );
    }
}

/// The example in each rule's doc triggers that rule (unless it is about syntax recovery,
/// which needs the broken text itself).
#[test]
fn every_rule_example_fires() {
    for r in coord::rules::ALL {
        let Some(start) = r.doc.find("```plan\n") else {
            continue;
        };
        let body = &r.doc[start + 8..];
        let example = &body[..body.find("```").unwrap_or(body.len())];
        let ws =
            coord::workspace::Workspace::from_texts(vec![("example.plan".into(), example.into())]);
        let today = coord::syntax::lexer::parse_date("2026-11-22").unwrap();
        let a = coord::analysis::analyze(&ws, &coord::config::Config::default(), today);
        assert!(
            a.diagnostics.iter().any(|d| d.code == r.code),
            "the example in `{}`'s doc does not trigger it:\n{example}",
            r.code
        );
    }
}
