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
