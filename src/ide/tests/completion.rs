use crate::ide::completion::{completions, CompletionKind};
use crate::ide::fixture::Fixture;

fn labels(text: &str) -> Vec<String> {
    let f = Fixture::new(text);
    let c = f.cursor();
    completions(&f.ws, &f.analysis, c.file, c.offset)
        .into_iter()
        .map(|c| c.label)
        .collect()
}

const PEOPLE: &str = "person alice\nperson bob\nteam platform { lead alice }\n";

#[test]
fn kinds_at_the_top_level() {
    let got = labels("person alice\n$0");
    assert_eq!(got.len(), 8);
    assert!(got.contains(&"centralized-liaison".to_string()));
}

#[test]
fn keys_not_yet_written() {
    let got = labels("team t {\n  lead alice\n  $0\n}\nperson alice");
    assert!(got.contains(&"members".to_string()), "{got:?}");
    assert!(!got.contains(&"lead".to_string()), "{got:?}");
}

#[test]
fn names_of_the_right_kind_after_a_key() {
    let got = labels(&format!("{PEOPLE}task x {{ owner $0 }}"));
    // An owner is a person or a team.
    assert!(got.contains(&"alice".to_string()) && got.contains(&"platform".to_string()));
    let got = labels(&format!("{PEOPLE}team t {{ members alice, $0 }}"));
    assert_eq!(got, ["bob"], "already listed names are left out");
}

#[test]
fn enum_values_and_rule_codes() {
    let got = labels("meeting m { cadence $0 }");
    assert!(got.contains(&"biweekly".to_string()), "{got:?}");
    let f = Fixture::new("meeting m { allow over$0 }");
    let c = f.cursor();
    let all = completions(&f.ws, &f.analysis, c.file, c.offset);
    assert!(all
        .iter()
        .any(|x| x.label == "oversized-meeting" && x.kind == CompletionKind::Rule));
}

#[test]
fn a_bare_key_then_a_new_line_offers_keys_not_values() {
    // Version 2: a field's first value is on its key's line, so the next line starts a field.
    let got = labels("meeting m {\n  kind\n  $0\n}");
    assert!(got.contains(&"attendees".to_string()), "{got:?}");
    assert!(!got.contains(&"decision".to_string()), "{got:?}");
    // After a comma, a list goes on over lines.
    let got = labels(&format!("{PEOPLE}team t {{ members alice,\n  $0 }}"));
    assert_eq!(got, ["bob"]);
}

#[test]
fn nothing_inside_comments_and_strings() {
    assert!(labels("# a comm$0ent\n").is_empty());
    assert!(labels("person a { role \"Lea$0d\" }").is_empty());
}

/// A small organisation in three files, after the case under test (in `main.plan`).
const ORG: &str = r#"
//- people.plan
## Alice runs the platform team.
person alice "Alice Chen" { role "Engineering manager"  email "alice@example.com" }
person bob
person carol
person dave "Dave Ortiz"
person erin
person zoe
//- teams.plan
## Owns the public API and its SDKs.
team platform "Platform" {
  lead alice
  members bob, carol
  parent engineering
  model service-provider
}

team engineering "Engineering" { lead zoe }
team marketing "Product marketing" { lead dave  members erin }
//- work.plan
meeting platform-weekly "Platform weekly" {
  owner alice
  attendees platform
  cadence weekly
  length 45m
}

liaison dave {
  from marketing
  to platform
  attends platform-weekly
  needs "delivery dates", "terminology"
}

task schema-freeze "Freeze the v2 schema" { owner bob  due 2026-11-15  status doing }
## The launch everyone waits for.
task api-v2 "Launch API v2" {
  owner platform
  due 2026-12-01
  depends-on schema-freeze
}
task launch-post "Launch blog post" { owner marketing  due 2026-12-03  depends-on api-v2 }
"#;

/// The completions at the cursor of `case` (one file) in the organisation above.
fn in_org(case: &str) -> Vec<crate::ide::completion::Completion> {
    let f = Fixture::new(&format!("{case}\n{ORG}"));
    let c = f.cursor();
    completions(&f.ws, &f.analysis, c.file, c.offset)
}

fn names(items: &[crate::ide::completion::Completion]) -> Vec<&str> {
    items.iter().map(|c| c.label.as_str()).collect()
}

#[test]
fn kind_keywords_in_order_with_their_summary() {
    let items = in_org("person x\n$0");
    assert_eq!(
        names(&items),
        [
            "person",
            "team",
            "meeting",
            "task",
            "liaison",
            "embedded",
            "rotation",
            "centralized-liaison"
        ]
    );
    let team = items.iter().find(|i| i.label == "team").unwrap();
    assert_eq!(team.kind, CompletionKind::Keyword);
    assert_eq!(
        team.detail.as_deref(),
        Some(crate::reference::topic("team").unwrap().summary)
    );
    let items = in_org("person x\nmee$0");
    let meeting = items.iter().find(|i| i.label == "meeting").unwrap();
    assert_eq!(
        meeting.detail.as_deref(),
        Some(crate::reference::topic("meeting").unwrap().summary)
    );
}

#[test]
fn fields_a_kind_takes_in_order_with_their_docs() {
    let items = in_org("task t {\n  owner bob\n  du$0\n  status todo\n}");
    assert_eq!(
        names(&items),
        ["due", "start", "depends-on", "allow", "link"]
    );
    assert_eq!(
        items[0].documentation.as_deref(),
        Some(crate::reference::field("task", "due").unwrap().doc)
    );
    assert_eq!(
        names(&in_org("meeting m { owner alice $0 }")),
        [
            "attendees",
            "cadence",
            "length",
            "kind",
            "day",
            "time",
            "tz",
            "starts",
            "allow",
            "link"
        ]
    );
    assert_eq!(
        names(&in_org("rotation r {\n  $0\n}")),
        ["from", "to", "roster", "period", "allow", "link"]
    );
}

#[test]
fn names_of_the_right_kind_with_title_and_doc() {
    let items = in_org("task t { owner $0 }");
    let got = names(&items);
    assert!(
        got.contains(&"alice") && got.contains(&"platform"),
        "{got:?}"
    );
    assert!(
        !got.contains(&"platform-weekly") && !got.contains(&"api-v2"),
        "{got:?}"
    );
    let alice = items.iter().find(|i| i.label == "alice").unwrap();
    assert_eq!(alice.detail.as_deref(), Some("person — Alice Chen"));
    assert_eq!(
        alice.documentation.as_deref(),
        Some("Alice runs the platform team.")
    );
    assert_eq!(
        names(&in_org("liaison erin { from marketing  attends $0 }")),
        ["platform-weekly"]
    );
    assert_eq!(
        names(&in_org("task t2 { owner bob  depends-on api-v2, $0 }")),
        ["launch-post", "schema-freeze"],
        "not itself, not api-v2 again"
    );
    let items = in_org("meeting m { attendees alice, $0");
    let got = names(&items);
    assert!(
        got.contains(&"bob") && got.contains(&"engineering") && !got.contains(&"alice"),
        "{got:?}"
    );
    assert_eq!(
        names(&in_org("liaison $0")),
        ["alice", "bob", "carol", "dave", "erin", "zoe"]
    );
    assert_eq!(
        names(&in_org("team x { parent eng$0 }")),
        ["engineering", "marketing", "platform"]
    );
}

#[test]
fn allowed_values_in_order_with_their_docs() {
    let items = in_org("meeting m { cadence $0 }");
    assert_eq!(
        names(&items),
        [
            "daily",
            "weekly",
            "biweekly",
            "monthly",
            "quarterly",
            "adhoc"
        ]
    );
    let (_, weekly) = crate::reference::enum_values("cadence")
        .iter()
        .find(|(v, _)| *v == "weekly")
        .unwrap();
    assert_eq!(items[1].documentation.as_deref(), Some(*weekly));
    assert_eq!(
        names(&in_org("meeting m { kind $0 }")),
        ["decision", "status", "broadcast"]
    );
    assert_eq!(
        names(&in_org("task t { status $0 }")),
        ["todo", "doing", "blocked", "done"]
    );
    let models = in_org("team x { model $0 }");
    assert_eq!(models.len(), 10);
    assert!(names(&models).contains(&"single-threaded-owner"));
    let items = in_org("person p { allow orphan-person, $0 }");
    let got = names(&items);
    assert_eq!(got.len(), crate::rules::ALL.len() - 1);
    assert!(!got.contains(&"orphan-person") && got.contains(&"meeting-overload"));
    let overload = items
        .iter()
        .find(|i| i.label == "meeting-overload")
        .unwrap();
    assert!(overload.detail.as_deref().unwrap().starts_with("warning: "));
    assert_eq!(
        overload.documentation.as_deref(),
        Some(crate::rules::rule("meeting-overload").unwrap().doc)
    );
    // Nothing for a date.
    assert!(in_org("task t { due $0 }").is_empty());
}
