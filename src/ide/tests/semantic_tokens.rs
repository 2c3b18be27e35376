use crate::ide::fixture::Fixture;
use crate::ide::semantic_tokens::{modifiers, semantic_tokens, TokenType};

#[test]
fn tokens_are_classified_sorted_and_disjoint() {
    let f = Fixture::new(
        "## Doc.\nteam t { lead alice  model tiger-team }\nperson alice\nmeeting m { time 09:30  length 45m }\n",
    );
    let file = f.ws.file_ids().next().unwrap();
    let tokens = semantic_tokens(&f.ws, file);
    for w in tokens.windows(2) {
        assert!(w[0].span.end() <= w[1].span.start(), "{w:?}");
    }
    let of = |text: &str| {
        tokens
            .iter()
            .find(|t| f.text(file, t.span) == text)
            .map(|t| (t.ty, t.modifiers))
    };
    assert_eq!(of("## Doc.").map(|x| x.1), Some(modifiers::DOCUMENTATION));
    let (ty, m) = of("t").unwrap();
    assert_eq!(m & modifiers::DECLARATION, modifiers::DECLARATION, "{ty:?}");
    assert_eq!(of("alice").map(|x| x.0), Some(TokenType::Variable));
    assert!(of("45m").is_some() && of("09:30").is_some());
    assert_eq!(of("45m").map(|x| x.0), of("09:30").map(|x| x.0));
}

#[test]
fn every_token_of_a_plan_is_classified() {
    let f = Fixture::new(
        "## Doc 😀\nteam platform \"Plätform 😀\" {\n  lead alice\n  model service-provider  allow empty-team\n}\r\ntask t { owner platform  due 2026-12-01  length 45m }\n",
    );
    let file = f.ws.file_ids().next().unwrap();
    let pairs: Vec<(&str, &str)> = semantic_tokens(&f.ws, file)
        .into_iter()
        .map(|t| (f.text(file, t.span), t.ty.name()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("## Doc 😀", "comment"),
            ("team", "keyword"),
            ("platform", "type"),
            ("\"Plätform 😀\"", "string"),
            ("lead", "property"),
            ("alice", "variable"),
            ("model", "property"),
            ("service-provider", "enumMember"),
            ("allow", "property"),
            ("empty-team", "enumMember"),
            ("task", "keyword"),
            ("t", "type"),
            ("owner", "property"),
            ("platform", "variable"),
            ("due", "property"),
            ("2026-12-01", "number"),
            ("length", "property"),
            ("45m", "number"),
        ]
    );
}
