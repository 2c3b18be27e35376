//! Generated documentation: the README's rule table and `docs/rules.md`, both from the rules'
//! own texts, so that `coord explain`, editor hover and the docs never disagree.

#[cfg(test)]
use crate::rules::ALL;

#[cfg(test)]
const TABLE_START: &str = "<!-- rules-table:start (generated from src/rules; run COORD_BLESS=1 cargo test --lib docs) -->";
#[cfg(test)]
const TABLE_END: &str = "<!-- rules-table:end -->";

/// Where the rules' full texts are published: `docs/rules.md` in the repository that
/// `Cargo.toml` names, one heading per rule.
pub const RULES_PAGE_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

/// Where the full text of a rule is published (the link in editor diagnostics).
pub fn rule_url(code: &str) -> String {
    format!("{RULES_PAGE_URL}#{code}")
}

/// The Markdown table of every rule: code, default level, when it fires.
#[cfg(test)]
fn rules_table() -> String {
    let mut out = String::from("| code | default | fires when |\n| --- | --- | --- |\n");
    for r in ALL {
        out.push_str(&format!(
            "| [`{}`](docs/rules.md#{}) | {} | {} |\n",
            r.code,
            r.code,
            r.default_severity.as_str(),
            r.summary.replace('|', "\\|")
        ));
    }
    out
}

/// `docs/rules.md`: every rule's full text.
#[cfg(test)]
fn rules_page() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from src/rules by `COORD_BLESS=1 cargo test --lib docs`; edit the rule files, not this page. -->\n\n\
         Each rule's code is its name. Change a rule's level in `coord.toml` under `[rules]`, or silence it\n\
         for one item with `allow CODE`. `coord explain CODE` prints the same text.\n\n",
    );
    for r in ALL {
        out.push_str(&format!(
            "- [`{}`](#{}) ({}): {}\n",
            r.code,
            r.code,
            r.default_severity.as_str(),
            r.summary
        ));
    }
    for r in ALL {
        out.push_str(&format!(
            "\n<a id=\"{}\"></a>\n\n## `{}`\n\nDefault level: **{}**. Fires when {}.\n\n{}\n",
            r.code,
            r.code,
            r.default_severity.as_str(),
            r.summary,
            demote_headings(r.doc.trim())
        ));
    }
    out
}

/// Turns the doc's `## Section` headings into `### Section` under the rule's heading.
#[cfg(test)]
fn demote_headings(doc: &str) -> String {
    doc.lines()
        .map(|l| {
            if l.starts_with("## ") {
                format!("#{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Replaces the generated table in a README's text.
#[cfg(test)]
fn with_rules_table(readme: &str) -> Option<String> {
    let start = readme.find(TABLE_START)? + TABLE_START.len();
    let end = readme.find(TABLE_END)?;
    (start <= end).then(|| format!("{}\n{}{}", &readme[..start], rules_table(), &readme[end..]))
}

/// The generated docs (README rule table, docs/rules.md) match the rules' own texts, and every
/// rule's text has the sections `coord explain` and hover rely on.
/// Regenerate with `COORD_BLESS=1 cargo test --lib docs`.
#[cfg(test)]
mod tests {
    use super::*;

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
            "{} is out of date: run `COORD_BLESS=1 cargo test --lib docs`",
            path.display()
        );
    }

    #[test]
    fn readme_rule_table_is_current() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
        let expected = with_rules_table(&readme).expect("README has the rules-table markers");
        check_or_bless(&root.join("README.md"), &expected);
    }

    #[test]
    fn rules_page_is_current() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        check_or_bless(&root.join("docs/rules.md"), &rules_page());
    }

    #[test]
    fn every_rule_is_documented() {
        for r in crate::rules::ALL {
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
        for r in crate::rules::ALL {
            let Some(start) = r.doc.find("```plan\n") else {
                continue;
            };
            let body = &r.doc[start + 8..];
            let example = &body[..body.find("```").unwrap_or(body.len())];
            let ws = crate::workspace::Workspace::from_texts(vec![(
                "example.plan".into(),
                example.into(),
            )]);
            let today = crate::syntax::lexer::parse_date("2026-11-22").unwrap();
            let a = crate::analysis::analyze(&ws, &crate::config::Config::default(), today);
            assert!(
                a.diagnostics.iter().any(|d| d.code == r.code),
                "the example in `{}`'s doc does not trigger it:\n{example}",
                r.code
            );
        }
    }
}
