//! Random calendars and catalogs through the imports: never a panic, and what they make parses.

use proptest::prelude::*;

fn calendar_fragment() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "BEGIN:VCALENDAR",
        "END:VCALENDAR",
        "BEGIN:VEVENT",
        "END:VEVENT",
        "BEGIN:VTIMEZONE",
        "END:VTIMEZONE",
        "TZID:W. Europe Standard Time",
        "SUMMARY:Sync",
        "DTSTART;TZID=\"Pacific Standard Time\":20261202T100000",
        "DTSTART:20261202T100000Z",
        "DTSTART:2026120é",
        "RRULE:FREQ=MONTHLY;BYDAY=2é",
        "ATTENDEE:mailtoé:x",
        "DTSTART;VALUE=DATE:20261202",
        "DTEND:20261202T1030",
        "DURATION:PT1H",
        "RRULE:FREQ=WEEKLY;BYDAY=MO,WE",
        "RRULE:FREQ=MONTHLY;BYDAY=-1FR",
        "RRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=TH;BYSETPOS=2",
        "RRULE:FREQ=DAILY;COUNT=3",
        "ATTENDEE;CN=A;CUTYPE=GROUP:mailto:a@x",
        "ORGANIZER:mailto:b@x",
        "RECURRENCE-ID:20261209T100000Z",
        " folded",
        "\tfolded",
        ":",
        ";",
        "",
    ])
    .prop_map(str::to_string)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random calendar-shaped text through the library import: never a panic, and any
    /// meetings file it makes parses without syntax errors.
    #[test]
    fn random_calendars_never_panic(lines in prop::collection::vec(
                                        prop_oneof![3 => calendar_fragment(), 1 => "\\PC{0,16}"],
                                        0..40),
                                    noise in "\\PC{0,40}") {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.ics");
        let mut text = lines.join("\r\n");
        text.push_str(&noise);
        std::fs::write(&file, &text).unwrap();
        let mut findings = crate::import::Findings::default();
        let options = crate::import::ics::Options {
            add_people: true,
            today: Some("2026-12-07".parse().unwrap()),
            ..Default::default()
        };
        let imported = crate::import::ics::import(&[file], &options, "coord import ics x.ics", &mut findings)
            .unwrap();
        for f in imported.files {
            for item in crate::syntax::parse(&f.text).items {
                prop_assert!(item.name.is_some());
            }
        }
    }

    /// Random YAML-ish text through the Backstage import: never a panic.
    #[test]
    fn random_catalogs_never_panic(text in "(kind: (Group|User|Location)\n|metadata:\n  name: [a-z.]{1,5}\n|spec:\n  (members|memberOf|children|targets): \\[[a-z:/, ]{0,12}\\]\n|---\n|\\PC{0,12}\n){0,12}") {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.yaml");
        std::fs::write(&file, &text).unwrap();
        let mut findings = crate::import::Findings::default();
        let imported = crate::import::backstage::import(&[file], "coord import backstage c.yaml", &mut findings);
        for f in imported.files {
            let parsed = crate::syntax::parse(&f.text);
            prop_assert!(parsed.errors.is_empty(), "{}", f.text);
        }
    }
}
