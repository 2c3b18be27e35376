//! The status report (`coord report`): its numbers and sections, JSON, Markdown and HTML, and
//! byte-for-byte snapshots of both pages for the two examples and a synthetic organisation;
//! no plan crashes a drawing or the report, and large plans are drawn and reported quickly.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;

use crate::analysis::analyze;
use crate::config::Config;
use crate::graph::tests::{build_report, check_mermaid, parse_xml, today, PLAN};
use crate::graph::{render, Format, View};
use crate::report::{self, Report};
use crate::syntax::Date;
use crate::synth::{generate, SynthOptions};
use crate::workspace::Workspace;

// ---------------------------------------------------------------------------------------------
// The report's content.

#[test]
fn report_numbers() {
    let r = build_report();
    assert_eq!(r.version, 2);
    assert_eq!(r.today, "2026-11-22");
    assert_eq!(r.totals.tasks, 9);
    assert_eq!(r.totals.open_tasks, 8);
    assert_eq!(r.totals.overdue_tasks, 1);
    let platform = r.teams.iter().find(|t| t.name == "platform").unwrap();
    assert_eq!(platform.title.as_deref(), Some("Platform"));
    assert_eq!(platform.people, ["alice", "bob", "carol"]);
    assert_eq!(platform.meetings, ["platform-weekly", "daily-sync"]);
    assert_eq!(platform.weekly_meeting_minutes, 120);
    assert_eq!((platform.open_tasks, platform.overdue_tasks), (2, 1));
    let via: BTreeSet<(&str, &str, &str)> = platform
        .links
        .iter()
        .flat_map(|l| {
            l.reasons
                .iter()
                .map(|r| (l.team.as_str(), r.via, r.through.as_str()))
        })
        .collect();
    // Every reason says in words what makes the link.
    let security = platform
        .links
        .iter()
        .find(|l| l.team == "security")
        .unwrap();
    assert_eq!(security.reasons[0].text, "embedded sofia");
    assert!(via.contains(&("security", "embedded", "sofia")), "{via:?}");
    assert!(
        via.contains(&("support", "rotation", "support-duty")),
        "{via:?}"
    );
    assert!(via.iter().any(|(t, _, _)| *t == "marketing"), "{via:?}");
    assert!(!via.iter().any(|(t, _, _)| *t == "sales"), "{via:?}");

    // Riskiest first: the overdue task that three other teams wait on.
    let names: Vec<&str> = r.risky_tasks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(&names[..2], ["schema-freeze", "api-v2"], "{names:?}");
    let first = &r.risky_tasks[0];
    assert_eq!(first.blocked_teams, ["marketing", "support", "sales"]);
    assert!(first.overdue && !first.on_cycle);
    assert_eq!((first.file.as_str(), first.line), ("plan.plan", 95));
    for cyclic in ["loop-a", "loop-b", "selfish"] {
        let t = r
            .risky_tasks
            .iter()
            .find(|t| t.name == cyclic)
            .expect(cyclic);
        assert!(t.on_cycle);
    }
    assert!(!names.contains(&"old"), "done work is no risk");
    assert_eq!(r.risky_task_count, r.risky_tasks.len());

    // Alice: 45m + 5 × 15m = 2h a week against a budget of 1h.
    assert_eq!(r.overloaded_people.len(), 1);
    let alice = &r.overloaded_people[0];
    assert_eq!(
        (
            alice.name.as_str(),
            alice.weekly_meeting_minutes,
            alice.budget_minutes
        ),
        ("alice", 120, 60)
    );

    assert_eq!(r.liaisons.len(), 1);
    let l = &r.liaisons[0];
    assert_eq!(
        (l.person.as_deref(), l.from.as_deref(), l.to.as_deref()),
        (Some("dave"), Some("marketing"), Some("platform"))
    );
    assert_eq!(
        l.needs,
        ["delivery dates", "feature benefits", "terminology"]
    );
}

#[test]
fn report_counts_findings_by_rule() {
    let text = format!("{PLAN}\ntask orphan {{ owner nobody-here }}\nteam {{ }}\n");
    let ws = Workspace::from_texts(vec![("plan.plan".into(), text)]);
    let analysis = analyze(&ws, &Config::default(), today());
    let r = report::build(&ws, &analysis, &Config::default(), today());
    let count = |code: &str| r.rules.iter().find(|c| c.code == code).map(|c| c.count);
    assert_eq!(count("syntax"), Some(1));
    assert_eq!(count("undefined-reference"), Some(1));
    assert_eq!(
        r.summary.errors,
        analysis
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .count()
    );
    assert_eq!(
        r.rules.iter().map(|c| c.count).sum::<usize>(),
        analysis.diagnostics.len()
    );
}

#[test]
fn report_json_is_stable() {
    let json = report::to_json(&build_report());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    // Keys in the documented order, as written (a parsed map sorts them).
    let in_order = |keys: &[&str], indent: &str| {
        let at: Vec<usize> = keys
            .iter()
            .map(|k| {
                json.find(&format!("\n{indent}\"{k}\": "))
                    .unwrap_or_else(|| panic!("no key {k}"))
            })
            .collect();
        assert!(
            at.windows(2).all(|w| w[0] < w[1]),
            "keys out of order: {keys:?}"
        );
    };
    let keys = keys_of(&v);
    let expected_top = [
        "version",
        "today",
        "files",
        "totals",
        "summary",
        "rules",
        "teams",
        "risky_task_count",
        "risky_tasks",
        "overloaded_people",
        "liaisons",
        "calendar",
    ];
    in_order(&expected_top, "  ");
    fn sorted<'a>(v: &[&'a str]) -> Vec<&'a str> {
        let mut v = v.to_vec();
        v.sort();
        v
    }
    assert_eq!(keys, sorted(&expected_top));
    let team_keys = keys_of(&v["teams"][0]);
    assert_eq!(
        team_keys,
        sorted(&[
            "name",
            "title",
            "leads",
            "parent",
            "people",
            "meetings",
            "weekly_meeting_minutes",
            "open_tasks",
            "overdue_tasks",
            "links"
        ])
    );
    let risk_keys = keys_of(&v["risky_tasks"][0]);
    assert_eq!(
        risk_keys,
        sorted(&[
            "name",
            "title",
            "file",
            "line",
            "owner",
            "teams",
            "status",
            "due",
            "blocked_teams",
            "blocked_teams_truncated",
            "overdue",
            "on_cycle"
        ])
    );
    let summary = keys_of(&v["summary"]);
    assert_eq!(summary, sorted(&["errors", "warnings", "infos", "files"]));
    // The same input gives the same bytes.
    assert_eq!(json, report::to_json(&build_report()));
}

#[test]
fn report_markdown_reads_well() {
    let md = report::to_markdown(&build_report());
    for heading in [
        "# Coordination report",
        "## Teams",
        "## Riskiest tasks",
        "## People over their meeting budget",
        "## Liaisons",
    ] {
        assert!(md.lines().any(|l| l == heading), "missing {heading}:\n{md}");
    }
    assert!(
        md.contains("| **Platform** (`platform`) | alice | 3 | 2 | 2h | 2 | 1 |"),
        "{md}"
    );
    assert!(
        md.contains("3 other teams wait on it (marketing, support, sales); overdue"),
        "{md}"
    );
    assert!(
        md.contains("| `alice` | 2h | 1h | platform-weekly, daily-sync |"),
        "{md}"
    );
    assert!(md.contains("| dave | marketing → platform | platform-weekly | delivery dates; feature benefits; terminology |"), "{md}");
    // Every table row has as many cells as its header.
    let mut columns = 0;
    for line in md.lines() {
        if line.starts_with("| ") {
            let cells = line.replace("\\|", "").matches('|').count();
            if columns == 0 {
                columns = cells;
            }
            assert_eq!(cells, columns, "ragged row: {line}");
        } else {
            columns = 0;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Large plans.

#[test]
fn large_plans_draw_and_report_quickly() {
    let mut text = String::new();
    for t in 0..40 {
        text.push_str(&format!(
            "team t{t} {{ lead p{t} parent t{} }}\nperson p{t}\n",
            t / 4
        ));
        text.push_str(&format!(
            "meeting m{t} {{ attendees t{t}, p{} cadence weekly }}\n",
            (t + 1) % 40
        ));
    }
    for i in 0..20_000 {
        text.push_str(&format!(
            "task k{i} {{ owner t{} due 2027-01-{:02} depends-on k{}, k{} }}\n",
            i % 40,
            i % 28 + 1,
            i / 2,
            i * 7 % 20_000
        ));
    }
    let ws = Workspace::from_texts(vec![("big.plan".into(), text)]);
    let start = std::time::Instant::now();
    let analysis = analyze(&ws, &Config::default(), today());
    let r = report::build(&ws, &analysis, &Config::default(), today());
    assert_eq!(r.totals.tasks, 20_000);
    for view in [View::Tasks, View::Teams, View::Timeline] {
        for format in [Format::Mermaid, Format::Svg] {
            let out = render(&ws, &analysis.model, view, format, today()).unwrap();
            assert!(!out.is_empty());
        }
    }
    let svg = render(&ws, &analysis.model, View::Tasks, Format::Svg, today()).unwrap();
    parse_xml(&svg);
    // Generous: a debug build on a shared machine.
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
}

// ---------------------------------------------------------------------------------------------
// No plan crashes a drawing or the report.

fn field_line() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "a", "b", "c", "t1", "t2", "m1", "k1", "k2", "g1", "r1", "missing",
    ]);
    let key = prop::sample::select(vec![
        "lead",
        "members",
        "parent",
        "owner",
        "attendees",
        "cadence",
        "length",
        "kind",
        "due",
        "start",
        "depends-on",
        "status",
        "from",
        "to",
        "attends",
        "needs",
        "roster",
        "period",
        "meets",
        "meeting-budget",
        "model",
    ]);
    let value = prop_oneof![
        name.prop_map(str::to_string),
        prop::sample::select(vec![
            "weekly",
            "daily",
            "adhoc",
            "broadcast",
            "status",
            "done",
            "doing",
            "blocked",
            "2026-11-30",
            "2026-02-30",
            "2027-01-05",
            "30m",
            "2h",
            "1w",
            "\"needs <&> text\"",
            "service-provider",
        ])
        .prop_map(str::to_string),
    ];
    (key, prop::collection::vec(value, 1..3)).prop_map(|(k, vs)| format!("{k} {}", vs.join(", ")))
}

fn any_plan() -> impl Strategy<Value = String> {
    let item = (
        prop::sample::select(
            crate::syntax::ItemKind::ALL
                .map(crate::syntax::ItemKind::keyword)
                .to_vec(),
        ),
        prop::sample::select(vec![
            "a", "b", "c", "t1", "t2", "m1", "k1", "k2", "g1", "r1",
        ]),
        prop::collection::vec(field_line(), 0..5),
    )
        .prop_map(|(kind, name, fields)| {
            format!("{kind} {name} \"T {name}\" {{ {} }}\n", fields.join("  "))
        });
    prop::collection::vec(item, 0..14).prop_map(|items| items.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_plan_draws_and_reports(text in any_plan()) {
        let ws = Workspace::from_texts(vec![("p.plan".into(), text)]);
        let analysis = analyze(&ws, &Config::default(), today());
        for view in [View::Tasks, View::Teams, View::Timeline] {
            for format in [Format::Dot, Format::Mermaid, Format::Svg] {
                match render(&ws, &analysis.model, view, format, today()) {
                    Ok(out) if format == Format::Svg => {
                        parse_xml(&out);
                    }
                    Ok(out) if format == Format::Mermaid && view != View::Timeline => {
                        check_mermaid(&out);
                    }
                    Ok(_) => {}
                    Err(_) => prop_assert!(view == View::Timeline && format == Format::Dot),
                }
            }
        }
        let r = report::build(&ws, &analysis, &Config::default(), today());
        let svg = render(&ws, &analysis.model, View::Teams, Format::Svg, today()).unwrap();
        parse_xml(report::to_html(&r, &svg).strip_prefix("<!DOCTYPE html>\n").unwrap());
        let _ = report::to_markdown(&r);
        let _: serde_json::Value = serde_json::from_str(&report::to_json(&r)).unwrap();
    }
}

/// The schedule sections: each person's week in their own zone, clashes, out-of-hours
/// meetings, and each team's meeting times in its people's zones.

#[test]
fn report_shows_weekly_calendars_and_team_meeting_times() {
    let plan = r#"
team security "Security" { lead priya  members wei, tomas }
person priya { tz "Europe/Berlin" }
person wei { tz "Asia/Shanghai" }
person tomas
## Alternates with security-triage.
meeting security-sync { owner priya  attendees security  cadence biweekly  day wed  time 16:00  length 45m  starts 2026-12-02 }
meeting security-triage { owner priya  attendees security  cadence biweekly  day wed  time 16:00  starts 2026-12-09 }
meeting arch-review { owner priya  attendees priya  cadence weekly  day mon, wed  time 16:30 }
"#;
    let ws = Workspace::from_texts(vec![("s.plan".into(), plan.into())]);
    let analysis = analyze(&ws, &Config::default(), today());
    let r = report::build(&ws, &analysis, &Config::default(), today());
    let c = &r.calendar;
    assert_eq!(c.horizon_start, "2026-11-16");
    assert_eq!(c.working_hours, "08:00-18:00");
    let person = |name: &str| c.people.iter().find(|p| p.name == name).unwrap();
    // priya: the two alternating meetings and arch-review on Wednesdays, arch-review on Mondays.
    assert_eq!(person("priya").meetings_per_day, [1, 0, 3, 0, 0, 0, 0]);
    assert_eq!(person("priya").tz.as_deref(), Some("Europe/Berlin"));
    // The alternating pair does not clash; arch-review clashes with the 45-minute sync only
    // (the 30-minute triage ends as it starts).
    let clashes: Vec<(String, String, String)> = person("priya")
        .clashes
        .iter()
        .map(|n| {
            (
                n.meetings[0].clone(),
                n.meetings[1].clone(),
                n.first.clone(),
            )
        })
        .collect();
    assert_eq!(
        clashes,
        [(
            "security-sync".to_string(),
            "arch-review".to_string(),
            "2026-12-02 Wed 16:30".to_string()
        ),]
    );
    // wei: 23:00 in Shanghai, outside working hours; Wednesday in Shanghai too.
    assert_eq!(person("wei").meetings_per_day, [0, 0, 2, 0, 0, 0, 0]);
    let outside: Vec<(&str, &str)> = person("wei")
        .outside_hours
        .iter()
        .map(|o| (o.meeting.as_str(), o.local.as_str()))
        .collect();
    assert_eq!(
        outside,
        [
            ("security-sync", "Wed 23:00"),
            ("security-triage", "Wed 23:00")
        ]
    );
    assert!(person("tomas").tz.is_none());
    assert!(person("tomas").outside_hours.is_empty());
    // Team meeting times: each zone once, tomas (no tz) under the meeting's zone.
    assert_eq!(c.teams.len(), 1);
    let sync = &c.teams[0].meetings[0];
    assert_eq!(sync.meeting, "security-sync");
    assert_eq!(sync.schedule, "biweekly on Wed at 16:00 Europe/Berlin, 45m");
    let local: Vec<(String, String, Vec<String>)> = sync
        .local
        .iter()
        .map(|l| (l.zone.clone(), l.time.clone(), l.people.clone()))
        .collect();
    assert_eq!(
        local,
        [
            (
                "Europe/Berlin".to_string(),
                "Wed 16:00".to_string(),
                vec!["priya".to_string(), "tomas".to_string()]
            ),
            (
                "Asia/Shanghai".to_string(),
                "Wed 23:00".to_string(),
                vec!["wei".to_string()]
            ),
        ]
    );
    let md = report::to_markdown(&r);
    assert!(md.contains("## Weekly calendars"), "{md}");
    assert!(
        md.contains("| `wei` | Asia/Shanghai | 0 | 0 | 2 | 0 | 0 | 0 | 0 | — | security-sync (Wed 23:00); security-triage (Wed 23:00) |"),
        "{md}"
    );
    assert!(md.contains("## Team meeting times"), "{md}");
    assert!(
        md.contains("Wed 16:00 Europe/Berlin (priya, tomas); Wed 23:00 Asia/Shanghai (wei)"),
        "{md}"
    );
    let json: serde_json::Value = serde_json::from_str(&report::to_json(&r)).unwrap();
    assert_eq!(
        json["calendar"]["people"][1]["outside_hours"][0]["local"],
        "Wed 23:00"
    );
    assert_eq!(json["calendar"]["people"][0]["meetings_per_day"][2], 3);
    let html = report::to_html(&r, "<svg/>");
    assert!(html.contains("<h2>Weekly calendars</h2>"), "{html}");
    assert!(html.contains("<h2>Team meeting times</h2>"), "{html}");
    assert!(html.contains("security-sync × arch-review"), "{html}");
}

/// A plan without schedules says so instead of showing empty tables.
#[test]
fn report_without_schedules_says_so() {
    let r = build_report();
    let md = report::to_markdown(&r);
    assert!(
        md.contains("No meeting has a schedule") || !r.calendar.people.is_empty(),
        "{md}"
    );
}

// ---------------------------------------------------------------------------------------------
// Both pages, byte for byte (`cargo insta review`, or `INSTA_UPDATE=always cargo test --lib
// report::tests` to accept): the examples and a synthetic organisation (cycles, overdue work,
// people over budget, liaisons without `needs`, more risky tasks than are listed).

const TODAY: Date = Date {
    year: 2026,
    month: 12,
    day: 2,
};

/// A stand-in for the teams drawing (its own snapshots are in `src/graph/tests/`), with
/// an XML prolog the page must leave out.
const TEAMS_SVG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg>the teams</svg>";

fn report_of(ws: &Workspace) -> Report {
    let config = Config::default();
    let analysis = analyze(ws, &config, TODAY);
    report::build(ws, &analysis, &config, TODAY)
}

/// The report of `examples/NAME`, with file paths relative to the examples folder so the
/// snapshots do not depend on where the repository is.
fn example_report(name: &str) -> Report {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let ws = crate::workspace::load(&[examples.join(name)]).unwrap();
    let mut r = report_of(&ws);
    let prefix = format!("{}/", examples.display());
    let relative = |p: &mut String| *p = p.trim_start_matches(&prefix).to_string();
    r.files.iter_mut().for_each(relative);
    r.risky_tasks.iter_mut().for_each(|t| relative(&mut t.file));
    r
}

#[test]
fn example_reports_match_their_snapshots() {
    for name in ["acme", "showcase"] {
        let r = example_report(name);
        assert!(r.files.iter().all(|f| f.starts_with(name)), "{:?}", r.files);
        insta::assert_snapshot!(format!("{name}-markdown"), report::to_markdown(&r));
        insta::assert_snapshot!(format!("{name}-html"), report::to_html(&r, TEAMS_SVG));
    }
}

#[test]
fn synthetic_report_matches_its_snapshot() {
    let files = generate(&SynthOptions {
        tasks: 400,
        files: 3,
        seed: 7,
    });
    let r = report_of(&Workspace::from_texts(files));
    // What the snapshot is meant to cover.
    assert!(r.risky_task_count > r.risky_tasks.len());
    assert!(r.risky_tasks.iter().any(|t| !t.blocked_teams.is_empty()));
    assert!(!r.overloaded_people.is_empty());
    assert!(r.liaisons.iter().any(|l| !l.needs.is_empty()));
    assert!(!r.calendar.people.is_empty());
    insta::assert_snapshot!("synthetic-markdown", report::to_markdown(&r));
    insta::assert_snapshot!("synthetic-html", report::to_html(&r, TEAMS_SVG));
}

/// The keys of a JSON object, in the order serde_json keeps them (sorted).
fn keys_of(v: &serde_json::Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}
