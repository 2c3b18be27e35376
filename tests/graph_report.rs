//! `coord graph` and `coord report` on the command line: views, formats, output files and
//! usage errors. What the drawings and the report hold is tested next to their code
//! (`src/graph/tests/`, `src/report/tests.rs`).

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The plan `src/graph/tests/` draws.
const PLAN: &str = include_str!("fixtures/graph/plan.plan");

fn parse_xml(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options)
        .unwrap_or_else(|e| panic!("not valid XML: {e}\n{text}"))
}

// ---------------------------------------------------------------------------------------------
// The command lines.

fn coord(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coord"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn command_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.plan"), PLAN).unwrap();
    let text = |o: &Output| String::from_utf8_lossy(&o.stdout).into_owned();

    let out = coord(dir.path(), &["graph", "--today", "2026-11-22"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text(&out).contains("flowchart TB"), "mermaid by default");

    let out = coord(
        dir.path(),
        &[
            "graph",
            ".",
            "--view",
            "teams",
            "--format",
            "svg",
            "-o",
            "teams.svg",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out), "");
    parse_xml(&std::fs::read_to_string(dir.path().join("teams.svg")).unwrap());

    let out = coord(
        dir.path(),
        &["graph", "--view", "timeline", "--format", "dot"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format mermaid"));

    let out = coord(dir.path(), &["report", "--today", "2026-02-30"]);
    assert_eq!(out.status.code(), Some(2), "an impossible date is refused");

    let out = coord(
        dir.path(),
        &["report", "--format", "json", "--today", "2026-11-22"],
    );
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&text(&out)).unwrap();
    assert_eq!(v["totals"]["overdue_tasks"], 1);

    let out = coord(dir.path(), &["report", "--format", "html", "-o", "r.html"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(dir.path().join("r.html"))
        .unwrap()
        .starts_with("<!DOCTYPE html>"));

    let out = coord(dir.path(), &["report", "missing"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing"));

    // A plan with a syntax error is still drawn, with a note.
    std::fs::write(dir.path().join("broken.plan"), "team { lead x }\n").unwrap();
    let out = coord(dir.path(), &["graph", "--view", "teams"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 syntax error"));
}
