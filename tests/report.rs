//! `coord report` as Markdown and HTML, byte for byte: snapshots of both pages for the two
//! examples and a synthetic organisation (cycles, overdue work, people over budget, liaisons
//! without `needs`, more risky tasks than are listed), so that a change to how the tables are
//! built or written shows up as a snapshot diff (`cargo insta review`, or
//! `INSTA_UPDATE=always cargo test --test report` to accept).

use std::path::Path;

use coord::analysis::analyze;
use coord::config::Config;
use coord::report::{self, Report};
use coord::syntax::Date;
use coord::synth::{generate, SynthOptions};
use coord::workspace::Workspace;

const TODAY: Date = Date {
    year: 2026,
    month: 12,
    day: 2,
};

/// A stand-in for the teams drawing (its own snapshots are in `tests/graph_report.rs`), with
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
    let ws = coord::workspace::load(&[examples.join(name)]).unwrap();
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
