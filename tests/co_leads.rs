//! Co-leads (`lead a, b`) through the editor features, at the `ide` boundary: hover on a team
//! and a person, completion after `lead a,`, rename of a second lead, inlay hints, and the
//! link a shared lead makes.

use coord::ide::{completion, hover, inlay_hints, rename};
#[path = "support/analyze.rs"]
mod analyze_support;
use analyze_support::{analyze, parse_date};
use coord::{Analysis, Config, FileId, Span, Workspace};

const PLAN: &str = "team security \"Security\" { lead priya, tomas  members wei }\n\
                    team platform { lead alice  members tomas }\n\
                    person priya\nperson tomas\nperson wei\nperson alice\n";

fn analysis(text: &str) -> (Workspace, Analysis) {
    let ws = Workspace::from_texts(vec![("a.plan".into(), text.into())]);
    let a = analyze(&ws, &Config::default(), parse_date("2026-11-22").unwrap());
    (ws, a)
}

fn hover_at(text: &str, needle: &str) -> String {
    let (ws, a) = analysis(text);
    let offset = text.find(needle).unwrap() + 1;
    hover::hover(&ws, &a, &Config::default(), FileId(0), offset)
        .unwrap()
        .markdown
}

#[test]
fn hover_on_a_team_shows_every_lead_and_what_links_it() {
    let h = hover_at(PLAN, "security \"");
    assert!(h.contains("Leads: priya, tomas"), "{h}");
    assert!(h.contains("3 people"), "{h}");
    assert!(h.contains("platform (tomas is in both)"), "{h}");
    let h = hover_at(PLAN, "platform {");
    assert!(h.contains("Lead: alice"), "{h}");
}

#[test]
fn hover_on_a_second_lead_says_they_lead() {
    let h = hover_at(PLAN, "tomas\nperson wei");
    assert!(h.contains("security (lead)"), "{h}");
    assert!(h.contains("platform"), "{h}");
}

#[test]
fn completion_after_a_comma_offers_the_other_people() {
    let text = PLAN.replace("lead priya, tomas", "lead priya, ");
    let (ws, a) = analysis(&text);
    let offset = text.find("priya, ").unwrap() + "priya, ".len();
    let labels: Vec<String> = completion::completions(&ws, &a, FileId(0), offset)
        .into_iter()
        .map(|c| c.label)
        .collect();
    assert!(labels.contains(&"tomas".to_string()), "{labels:?}");
    assert!(labels.contains(&"alice".to_string()), "{labels:?}");
    assert!(
        !labels.contains(&"priya".to_string()),
        "already listed: {labels:?}"
    );
}

#[test]
fn renaming_a_second_lead_renames_it_in_the_lead_list() {
    let (ws, a) = analysis(PLAN);
    let offset = PLAN.find("tomas").unwrap() + 1;
    let mut edits = rename::rename(&ws, &a, FileId(0), offset, "tomasz").unwrap();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start()));
    let mut text = PLAN.to_string();
    for e in &edits {
        text.replace_range(e.span.range(), &e.new_text);
    }
    assert!(text.contains("lead priya, tomasz  members wei"), "{text}");
    assert!(text.contains("members tomasz }"), "{text}");
    assert!(text.contains("person tomasz\n"), "{text}");
}

#[test]
fn inlay_hint_counts_co_leads_and_members() {
    let (ws, a) = analysis(PLAN);
    let hints = inlay_hints::inlay_hints(&ws, &a, FileId(0), Span::new(0, PLAN.len()));
    assert_eq!(hints[0].label, "3 people");
    assert!(hints[0]
        .tooltip
        .as_deref()
        .unwrap()
        .contains("leads and members"));
}
