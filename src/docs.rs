//! Generated documentation: the README's rule table and `docs/rules.md`, both from the rules'
//! own texts, so that `coord explain`, editor hover and the docs never disagree.

use crate::rules::ALL;

pub const TABLE_START: &str = "<!-- rules-table:start (generated from src/rules; run COORD_BLESS=1 cargo test --test docs) -->";
pub const TABLE_END: &str = "<!-- rules-table:end -->";

/// Where the rules' full texts are published: `docs/rules.md` in the repository that
/// `Cargo.toml` names, one heading per rule.
pub const RULES_PAGE_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

/// Where the full text of a rule is published (the link in editor diagnostics).
pub fn rule_url(code: &str) -> String {
    format!("{RULES_PAGE_URL}#{code}")
}

/// The Markdown table of every rule: code, default level, when it fires.
pub fn rules_table() -> String {
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
pub fn rules_page() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from src/rules by `COORD_BLESS=1 cargo test --test docs`; edit the rule files, not this page. -->\n\n\
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
pub fn with_rules_table(readme: &str) -> Option<String> {
    let start = readme.find(TABLE_START)? + TABLE_START.len();
    let end = readme.find(TABLE_END)?;
    (start <= end).then(|| format!("{}\n{}{}", &readme[..start], rules_table(), &readme[end..]))
}
