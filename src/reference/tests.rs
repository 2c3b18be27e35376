//! Checks of the reference texts: every kind, model, field and value documented, and every
//! example a valid plan by the real parser and model.

use super::*;
use std::collections::HashSet;

const KIND_NAMES: [&str; 8] = [
    "person",
    "team",
    "meeting",
    "task",
    "liaison",
    "embedded",
    "rotation",
    "centralized-liaison",
];

const MODEL_NAMES: [&str; 10] = [
    "service-provider",
    "consultant",
    "self-service",
    "independent-executor",
    "single-threaded-owner",
    "merged-group",
    "task-force",
    "away-team",
    "tiger-team",
    "objective-expert",
];

/// The fields of each kind in the spec table (without `allow` and `link`).
const SPEC_FIELDS: [(&str, &[&str]); 8] = [
    ("person", &["role", "email", "meeting-budget", "tz"]),
    ("team", &["lead", "members", "parent", "model"]),
    (
        "meeting",
        &[
            "owner",
            "attendees",
            "cadence",
            "length",
            "kind",
            "day",
            "time",
            "tz",
            "starts",
        ],
    ),
    ("task", &["owner", "due", "start", "depends-on", "status"]),
    ("liaison", &["from", "to", "attends", "needs"]),
    ("embedded", &["from", "to"]),
    ("rotation", &["from", "to", "roster", "period"]),
    ("centralized-liaison", &["members", "meets"]),
];

fn all_topics() -> impl Iterator<Item = &'static Topic> {
    KINDS.iter().chain(MODELS.iter())
}

#[test]
fn kinds_and_models_are_the_spec_lists() {
    let kinds: Vec<_> = KINDS.iter().map(|t| t.name).collect();
    assert_eq!(kinds, KIND_NAMES);
    let models: Vec<_> = MODELS.iter().map(|t| t.name).collect();
    assert_eq!(models, MODEL_NAMES);
    assert!(KINDS.iter().all(|t| t.category == TopicCategory::Kind));
    assert!(MODELS.iter().all(|t| t.category == TopicCategory::Model));
}

#[test]
fn names_are_unique() {
    let mut seen = HashSet::new();
    for topic in all_topics() {
        assert!(seen.insert(topic.name), "duplicate topic {}", topic.name);
    }
}

#[test]
fn every_topic_has_summary_body_and_example() {
    for topic in all_topics() {
        let name = topic.name;
        assert!(!topic.summary.trim().is_empty(), "{name}: empty summary");
        assert!(
            !topic.summary.ends_with('\n'),
            "{name}: summary ends with newline"
        );
        assert!(!topic.summary.contains('\n'), "{name}: summary spans lines");
        assert!(
            topic.summary.ends_with('.'),
            "{name}: summary is not a sentence"
        );
        assert!(!topic.body.trim().is_empty(), "{name}: empty body");
        assert!(
            topic.body.starts_with("## What it is"),
            "{name}: no What it is"
        );
        assert!(
            topic.body.contains("## When to use it") || topic.body.contains("## Why it matters"),
            "{name}: no When to use it / Why it matters"
        );
        assert!(
            topic.body.contains("## How to write it") || topic.body.contains("## Pitfalls"),
            "{name}: no How to write it / Pitfalls"
        );
        let example = topic.body.find("## Example").expect("## Example section");
        assert!(
            topic.body[example..].contains("```plan\n"),
            "{name}: no plan block in the example"
        );
        assert!(!plan_blocks(topic.body).is_empty(), "{name}: no plan block");
    }
}

#[test]
fn model_topics_show_their_model() {
    for topic in MODELS {
        let line = format!("model {}", topic.name);
        assert!(
            plan_blocks(topic.body).iter().any(|b| b.contains(&line)),
            "{}: example does not declare `{line}`",
            topic.name
        );
    }
}

#[test]
fn topic_lookup() {
    assert_eq!(topic("liaison").map(|t| t.name), Some("liaison"));
    assert_eq!(
        topic("service-provider").map(|t| t.category),
        Some(TopicCategory::Model)
    );
    assert!(topic("oversized-meeting").is_none());
    assert!(topic("").is_none());
}

#[test]
fn fields_cover_the_spec_table() {
    for (kind, keys) in SPEC_FIELDS {
        let docs = fields(kind);
        let mut expected: Vec<&str> = keys.to_vec();
        expected.extend(["allow", "link"]);
        let actual: Vec<&str> = docs.iter().map(|d| d.key).collect();
        let mut a = actual.clone();
        let mut e = expected.clone();
        a.sort_unstable();
        e.sort_unstable();
        assert_eq!(a, e, "fields of {kind}");
        for doc in docs {
            assert!(!doc.value.is_empty(), "{kind}.{}: empty value", doc.key);
            assert!(!doc.doc.trim().is_empty(), "{kind}.{}: empty doc", doc.key);
            assert!(
                field(kind, doc.key).is_some_and(|f| std::ptr::eq(f, doc)),
                "field({kind}, {})",
                doc.key
            );
        }
    }
    assert!(fields("nope").is_empty());
    assert!(fields("service-provider").is_empty());
    assert!(field("task", "lead").is_none());
    assert!(field("nope", "allow").is_none());
}

#[test]
fn enum_values_cover_the_spec() {
    let names = |key: &str| -> Vec<&str> { enum_values(key).iter().map(|v| v.0).collect() };
    assert_eq!(
        names("cadence"),
        [
            "daily",
            "weekly",
            "biweekly",
            "monthly",
            "quarterly",
            "adhoc"
        ]
    );
    assert_eq!(names("kind"), ["decision", "status", "broadcast"]);
    assert_eq!(names("status"), ["todo", "doing", "blocked", "done"]);
    assert_eq!(names("model"), MODEL_NAMES);
    for (model, doc) in enum_values("model") {
        assert_eq!(Some(*doc), topic(model).map(|t| t.summary));
    }
    for key in ["cadence", "kind", "status", "model"] {
        for (value, doc) in enum_values(key) {
            assert!(!doc.trim().is_empty(), "{key} {value}: empty doc");
            assert!(!doc.contains('\n'), "{key} {value}: doc spans lines");
        }
    }
    for (key, schema_values) in [
        ("cadence", crate::model::schema::CADENCES),
        ("kind", crate::model::schema::MEETING_KINDS),
        ("status", crate::model::schema::STATUSES),
        ("model", crate::model::schema::TEAM_MODELS),
        ("day", crate::model::schema::DAYS),
    ] {
        assert_eq!(names(key), schema_values, "values of {key}");
    }
    assert!(enum_values("owner").is_empty());
}

// --- The examples, read by the real parser and model. ---

fn plan_blocks(body: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find("```plan\n") {
        let after = &rest[start + "```plan\n".len()..];
        let end = after.find("```").expect("unterminated plan block");
        blocks.push(&after[..end]);
        rest = &after[end + 3..];
    }
    blocks
}

/// The findings that make an example wrong as plan language: text that does not parse, a key
/// or value its kind does not take, an impossible date, a reference to the wrong kind, a name
/// defined twice. (Names an example leaves undefined, and the advice rules, are fine: the
/// examples are fragments.)
const WRONG_LANGUAGE: [&str; 5] = [
    "syntax",
    "unknown-field",
    "invalid-date",
    "wrong-kind",
    "duplicate-definition",
];

/// Checks one example with the parser, the model and the rules; the findings that say it is
/// not valid plan language, one per line.
fn check_plan(text: &str) -> Result<(), String> {
    let ws = crate::workspace::Workspace::from_texts(vec![("example.plan".into(), text.into())]);
    let today = crate::syntax::Date {
        year: 2026,
        month: 1,
        day: 5,
    };
    let analysis = crate::analysis::analyze(&ws, &crate::config::Config::default(), today);
    let wrong: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| WRONG_LANGUAGE.contains(&d.code))
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(wrong.join("\n"))
    }
}

#[test]
fn examples_are_valid_plan_language() {
    for topic in all_topics() {
        for block in plan_blocks(topic.body) {
            if let Err(e) = check_plan(block) {
                panic!("{}: invalid example: {e}\n{block}", topic.name);
            }
        }
    }
}

#[test]
fn the_example_checker_rejects_bad_plans() {
    assert!(check_plan("task a { owner b  due 2026-02-30 }").is_err());
    assert!(check_plan("task a { length 45min }").is_err());
    assert!(check_plan("task a { lead b }").is_err());
    assert!(check_plan("meeting m { cadence hourly }").is_err());
    assert!(check_plan("person task").is_err());
    assert!(check_plan("person a \"A\" { role \"x\" email \"y\" }").is_ok());
}
