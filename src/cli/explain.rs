//! `coord explain NAME` (a rule, an item kind or a team coordination model) and `coord rules`
//! (the table of every rule).

use std::io::Write;
use std::process::ExitCode;

use super::EXIT_OK;
use crate::diagnostic::Severity;
use crate::reference::{self, TopicCategory};
use crate::rules;
use crate::syntax::ItemKind;

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// A rule code (`unowned-task`), an item kind (`liaison`), a team model (`tiger-team`) or
    /// a field (`tz`)
    #[arg(value_name = "NAME")]
    pub name: String,
}

/// Every name `explain` knows, by category: rules, item kinds, team models.
fn categories() -> [(&'static str, Vec<&'static str>); 3] {
    [
        ("rules", rules::ALL.iter().map(|r| r.code).collect()),
        (
            "item kinds",
            reference::KINDS.iter().map(|t| t.name).collect(),
        ),
        (
            "team models",
            reference::MODELS.iter().map(|t| t.name).collect(),
        ),
    ]
}

/// The text `coord explain NAME` prints, or `None` for a name it does not know.
pub fn explanation(name: &str) -> Option<String> {
    let name = name.trim();
    let lower = name.to_lowercase();
    if let Some(rule) = rules::rule(name).or_else(|| rules::rule(&lower)) {
        return Some(format!(
            "# {code} (rule, default level: {level})\n\n{summary}\n\n{doc}\n\n## Configure\n\
             Change its level for the whole workspace in `coord.toml`:\n\n```toml\n[rules]\n\
             {code} = \"warning\"   # or \"error\", \"info\", \"off\"\n```\n\n\
             or silence it on one item with `allow {code}` in that item's block.\n",
            code = rule.code,
            level = rule.default_severity.as_str(),
            summary = sentence(rule.summary),
            doc = rule.doc.trim_end(),
        ));
    }
    let Some(topic) = reference::topic(name).or_else(|| reference::topic(&lower)) else {
        return field_explanation(&lower);
    };
    let category = match topic.category {
        TopicCategory::Kind => "item kind",
        TopicCategory::Model => "team coordination model",
    };
    Some(format!(
        "# {} ({category})\n\n{}\n\n{}\n",
        topic.name,
        topic.summary.trim_end(),
        topic.body.trim_end()
    ))
}

/// A field key (`tz`, `starts`): what it means in each kind that takes it.
fn field_explanation(key: &str) -> Option<String> {
    let mut out = format!("# {key} (field)\n");
    let mut found = false;
    for kind in ItemKind::ALL.map(ItemKind::keyword) {
        if let Some(doc) = reference::field(kind, key) {
            found = true;
            out.push_str(&format!(
                "\n## In a {kind}: `{} {}`\n\n{}\n",
                doc.key, doc.value, doc.doc
            ));
        }
    }
    found.then_some(out)
}

/// A rule summary (`a task without `owner``) as a sentence: capitalised, with a full stop.
fn sentence(summary: &str) -> String {
    let summary = summary.trim();
    let mut chars = summary.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// The message for an unknown name: a suggestion and every name by category.
pub fn unknown(name: &str) -> String {
    let all = categories();
    let suggestion = crate::suggest::closest(
        name,
        all.iter().flat_map(|(_, names)| names.iter().copied()),
    )
    .map(|s| format!(" (did you mean `{s}`?)"))
    .unwrap_or_default();
    let mut message = format!("`{name}` is not a rule, an item kind or a team model{suggestion}");
    message.push_str("\nYou can explain:");
    for (title, names) in &all {
        message.push('\n');
        message.push_str(&wrap(&format!("  {title}: "), &names.join(", "), 100));
    }
    message
}

pub fn run(args: ExplainArgs) -> ExitCode {
    match explanation(&args.name) {
        Some(text) => print(&text),
        None => super::fail(unknown(&args.name)),
    }
}

fn print(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            super::fail(format_args!("cannot write: {e}"))
        }
        _ => ExitCode::from(EXIT_OK),
    }
}

/// Words of `text` after `first` (the first line's prefix), wrapped to `width` columns with
/// continuation lines indented to the prefix's width.
fn wrap(first: &str, text: &str, width: usize) -> String {
    let indent = first.chars().count();
    let mut out = String::from(first);
    let mut col = indent;
    let mut line_empty = true;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if !line_empty && col + 1 + len > width {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            col = indent;
            line_empty = true;
        }
        if !line_empty {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += len;
        line_empty = false;
    }
    out
}

/// The table of `coord rules`: code, default level and summary, aligned, at most `width`
/// columns (summaries wrap), with ANSI styles when `color`.
pub fn rules_table(width: usize, color: bool) -> String {
    let headers = ("RULE", "DEFAULT", "WHEN IT FIRES");
    let code_w = rules::ALL
        .iter()
        .map(|r| r.code.len())
        .chain([headers.0.len()])
        .max()
        .unwrap_or(0);
    let level_w = ["warning", headers.1]
        .iter()
        .map(|s| s.len())
        .max()
        .unwrap_or(0);
    let summary_at = code_w + 2 + level_w + 2;
    let summary_w = width.saturating_sub(summary_at).max(20);
    let style = |s: &str, code: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let pad = |s: &str, w: usize| " ".repeat(w.saturating_sub(s.chars().count()));
    let mut out = String::new();
    let header = format!(
        "{}{}  {}{}  {}",
        headers.0,
        pad(headers.0, code_w),
        headers.1,
        pad(headers.1, level_w),
        headers.2
    );
    out.push_str(&style(&header, "1"));
    out.push('\n');
    for r in rules::ALL {
        let level = r.default_severity.as_str();
        let level_style = match r.default_severity {
            Severity::Error => "31",
            Severity::Warning => "33",
            Severity::Info => "34",
        };
        let summary =
            wrap("", r.summary, summary_w).replace('\n', &format!("\n{}", " ".repeat(summary_at)));
        out.push_str(&format!(
            "{}{}  {}{}  {}\n",
            style(r.code, "1"),
            pad(r.code, code_w),
            style(level, level_style),
            pad(level, level_w),
            summary
        ));
    }
    out
}

pub fn list_rules() -> ExitCode {
    print(&rules_table(100, super::render::stdout_color()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_explained() {
        for (_, names) in categories() {
            for name in names {
                let text = explanation(name).unwrap();
                assert!(text.starts_with(&format!("# {name} (")), "{text}");
            }
        }
        let text = explanation("unowned-task").unwrap();
        assert!(text.starts_with(
            "# unowned-task (rule, default level: error)\n\nA task without `owner`.\n"
        ));
        assert!(text.contains("## What it checks"));
        assert!(text.contains(rules::rule("unowned-task").unwrap().doc.trim()));
        let liaison = explanation("liaison").unwrap();
        assert!(liaison.contains("(item kind)"));
        assert!(liaison.contains(reference::topic("liaison").unwrap().summary));
        assert!(explanation("tiger-team")
            .unwrap()
            .contains("(team coordination model)"));
        assert_eq!(explanation("nothing-like-this"), None);
    }

    #[test]
    fn unknown_names_get_a_suggestion_and_the_lists() {
        let m = unknown("unowned-tsk");
        assert!(m.starts_with("`unowned-tsk` is not a rule, an item kind or a team model (did you mean `unowned-task`?)"));
        assert!(m.contains("  rules: syntax, unknown-field,"));
        assert!(m.contains("  item kinds: person, team,"));
        assert!(m.contains("  team models: service-provider,"));
        assert!(m.lines().all(|l| l.chars().count() <= 100), "{m}");
    }

    #[test]
    fn fields_are_explained_in_each_kind() {
        let tz = explanation("tz").unwrap();
        assert!(tz.starts_with("# tz (field)"), "{tz}");
        assert!(tz.contains("## In a person: `tz STRING`"), "{tz}");
        assert!(tz.contains("## In a meeting: `tz STRING`"), "{tz}");
        for key in ["day", "time", "starts"] {
            let text = explanation(key).unwrap();
            assert!(text.contains("## In a meeting:"), "{text}");
        }
        assert!(explanation("starts").unwrap().contains("biweekly"));
        assert!(explanation("no-such-field").is_none());
    }

    #[test]
    fn rules_table_fits_and_lists_every_rule() {
        let table = rules_table(100, false);
        assert!(table.lines().all(|l| l.chars().count() <= 100), "{table}");
        assert!(!table.contains('\u{1b}'));
        for r in rules::ALL {
            assert!(table
                .lines()
                .any(|l| l.starts_with(r.code) && l.contains(r.default_severity.as_str())));
        }
        assert!(rules_table(100, true).contains("\x1b[1m"));
        // The summary column starts at the same place on every line.
        let lines: Vec<&str> = table.lines().collect();
        let summary_at = lines[0].find("WHEN IT FIRES").unwrap();
        for rule in rules::ALL {
            let line = lines
                .iter()
                .find(|l| l.split_whitespace().next() == Some(rule.code))
                .unwrap_or_else(|| panic!("{} missing", rule.code));
            let level = rule.default_severity.as_str();
            assert_eq!(line.split_whitespace().nth(1), Some(level), "{line}");
            let first_word = rule.summary.split_whitespace().next().unwrap();
            assert_eq!(
                &line[summary_at..summary_at + first_word.len()],
                first_word,
                "{line}"
            );
        }
    }

    #[test]
    fn wrapping() {
        assert_eq!(wrap("  x: ", "aa bb cc", 10), "  x: aa bb\n     cc");
    }
}
