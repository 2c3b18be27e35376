use crate::ide::fixture::Fixture;
use crate::ide::inlay_hints::inlay_hints;
use crate::syntax::Span;

#[test]
fn team_sizes_and_meeting_attendance() {
    let f = Fixture::new(
        "person a\nperson b\nperson c\nteam t { lead a  members b }\n\
         meeting m { attendees t, c  cadence weekly }\n",
    );
    let file = f.ws.file_ids().next().unwrap();
    let all = Span::new(0, f.ws.file(file).text.len());
    let hints: Vec<(String, String)> = inlay_hints(&f.ws, &f.analysis, file, all)
        .into_iter()
        .map(|h| {
            (
                f.ws.file(file).text[..h.offset]
                    .lines()
                    .last()
                    .unwrap()
                    .to_string(),
                h.label,
            )
        })
        .collect();
    assert_eq!(
        hints,
        [
            ("team t".to_string(), "2 people".to_string()),
            (
                "meeting m { attendees t, c".to_string(),
                "3 attending".to_string()
            ),
        ]
    );
    // Only the hints in the range asked for.
    let first_lines = Span::new(0, 10);
    assert!(inlay_hints(&f.ws, &f.analysis, file, first_lines).is_empty());
}

#[test]
fn one_person_is_singular() {
    let f = Fixture::new("person a\nteam solo { lead a }\n");
    let file = f.ws.file_ids().next().unwrap();
    let all = Span::new(0, f.ws.file(file).text.len());
    let labels: Vec<String> = inlay_hints(&f.ws, &f.analysis, file, all)
        .into_iter()
        .map(|h| h.label)
        .collect();
    assert_eq!(labels, ["1 person"]);
}
