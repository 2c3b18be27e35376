//! `coord graph` and `coord report`: what each view shows, that every format is well formed
//! (DOT through Graphviz when installed, SVG and HTML as XML, the HTML page in headless
//! Chromium when installed), the report's numbers, and the command lines.
//!
//! Tests that need Graphviz (`dot`) or Chromium skip with a printed reason when the tool is
//! missing, and fail instead when `COORD_REQUIRE_ALL=1`.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use coord::analysis::analyze;
use coord::config::Config;
use coord::graph::{render, Format, View};
use coord::model::waiting::OtherTeams;
use coord::model::Model;
use coord::report::{self, Report};
use coord::syntax::lexer::parse_date;
use coord::syntax::Date;
use coord::workspace::Workspace;
use proptest::prelude::*;

const PLAN: &str = r#"
## Owns the public API and its SDKs.
team platform "Platform" {
  lead alice
  members bob, carol
  parent engineering
  model service-provider
}

team engineering "Engineering" {
  lead zoe
}

team marketing "Product marketing" {
  lead dave
  members erin
}

team security "Security" {
  lead sofia
}

team support "Support" {
  lead sam
}

team sales "Sales" {
  lead vera
}

team isolated "Isolated" {
  lead ivy
}

person alice "Alice Chen" {
  role "Engineering manager"
  meeting-budget 1h
}

person bob
person carol
person dave "Dave Ortiz"
person erin
person zoe
person sofia
person sam
person vera
person ivy

meeting platform-weekly "Platform weekly" {
  owner alice
  attendees platform
  cadence weekly
  length 45m
}

meeting daily-sync {
  owner alice
  attendees platform
  cadence daily
  length 15m
}

meeting launch-sync "Launch sync" {
  owner dave
  attendees dave, vera
  cadence weekly
  length 30m
}

liaison dave {
  from marketing
  to platform
  attends platform-weekly
  needs "delivery dates", "feature benefits", "terminology"
}

embedded sofia {
  from security
  to platform
}

rotation support-duty {
  from platform
  to support
  roster bob, carol
  period 1w
}

centralized-liaison leads {
  members alice, dave
  meets platform-weekly
}

task schema-freeze "Freeze the v2 schema" {
  owner bob
  due 2026-11-15
  status doing
}

task api-v2 "Launch API v2" {
  owner platform
  due 2026-12-01
  depends-on schema-freeze
}

task launch-post "Launch blog post" {
  owner marketing
  due 2026-12-03
  depends-on api-v2
}

task sales-deck {
  owner sales
  start 2026-12-02
  due 2026-12-10
  depends-on api-v2
}

task support-docs {
  owner support
  due 2026-12-05
  depends-on api-v2
}

task loop-a {
  owner security
  due 2026-12-20
  depends-on loop-b
}

task loop-b {
  owner security
  depends-on loop-a
}

task old "Old <work> & \"quotes\"" {
  owner sam
  due 2026-10-01
  status done
}

task selfish {
  owner ivy
  due 2027-01-01
  depends-on selfish
}
"#;

fn today() -> Date {
    parse_date("2026-11-22").unwrap()
}

fn workspace() -> Workspace {
    let ws = Workspace::from_texts(vec![("plan.plan".into(), PLAN.into())]);
    assert!(
        ws.files[0].syntax.errors.is_empty(),
        "{:?}",
        ws.files[0].syntax.errors
    );
    ws
}

fn draw(view: View, format: Format) -> String {
    let ws = workspace();
    let model = Model::build(&ws);
    render(&ws, &model, view, format, today()).unwrap()
}

fn build_report() -> Report {
    let ws = workspace();
    let analysis = analyze(&ws, &Config::default(), today());
    report::build(&ws, &analysis, &Config::default(), today())
}

fn require_all() -> bool {
    std::env::var("COORD_REQUIRE_ALL").is_ok_and(|v| v == "1")
}

/// Skips (prints why) or, with `COORD_REQUIRE_ALL=1`, fails.
fn skip(reason: &str) {
    if require_all() {
        panic!("COORD_REQUIRE_ALL=1 but {reason}");
    }
    println!("skipped: {reason}");
}

fn find_tool(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

fn parse_xml(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options)
        .unwrap_or_else(|e| panic!("not valid XML: {e}\n{text}"))
}

// ---------------------------------------------------------------------------------------------
// Snapshots of both examples in every view and format.

/// Every drawing of `examples/acme` and `examples/showcase`, compared with its snapshot in
/// `tests/snapshots/` (review a change with `cargo insta review`, or accept it with
/// `INSTA_UPDATE=always cargo test --test graph_report`). The SVG snapshots are checked to
/// be XML first.
#[test]
fn example_drawings_match_their_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for example in ["acme", "showcase"] {
        let ws = coord::workspace::load(&[root.join("examples").join(example)]).unwrap();
        let model = Model::build(&ws);
        for (view, view_name) in [
            (View::Tasks, "tasks"),
            (View::Teams, "teams"),
            (View::Timeline, "timeline"),
        ] {
            for (format, ext) in [
                (Format::Dot, "dot"),
                (Format::Mermaid, "mermaid"),
                (Format::Svg, "svg"),
            ] {
                let Ok(text) = render(&ws, &model, view, format, today()) else {
                    assert_eq!((view, format), (View::Timeline, Format::Dot));
                    continue;
                };
                if format == Format::Svg {
                    parse_xml(&text);
                }
                insta::assert_snapshot!(format!("{example}-{view_name}-{ext}"), text);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The tasks view.

#[test]
fn tasks_dot_groups_by_team_and_highlights_problems() {
    let dot = draw(View::Tasks, Format::Dot);
    assert!(dot.contains("digraph plan {"));
    for team in [
        "Platform",
        "Product marketing",
        "Security",
        "Sales",
        "Support",
    ] {
        assert!(
            dot.contains(&format!("label=\"{team}\"; style=\"rounded\"")),
            "no cluster for {team}:\n{dot}"
        );
    }
    let line_of = |from: &str, to: &str| -> String {
        let ids = task_ids(&dot);
        let (a, b) = (ids[from], ids[to]);
        dot.lines()
            .find(|l| l.trim_start().starts_with(&format!("n{a} -> n{b} ")))
            .unwrap_or_else(|| panic!("no edge {from} -> {to}:\n{dot}"))
            .to_string()
    };
    // Dependencies point at the waiting task; the cycle is red and bold, the uncoordinated
    // cross-team dependency red and dashed, a coordinated one plain.
    assert!(line_of("schema-freeze", "api-v2").contains("#555555"));
    let cycle = line_of("loop-a", "loop-b");
    assert!(
        cycle.contains("#d62728") && cycle.contains("penwidth=2.5"),
        "{cycle}"
    );
    assert!(line_of("selfish", "selfish").contains("#d62728"));
    let unco = line_of("api-v2", "sales-deck");
    assert!(
        unco.contains("#d62728") && unco.contains("style=dashed"),
        "{unco}"
    );
    assert!(
        !line_of("api-v2", "support-docs").contains("dashed"),
        "support is linked by a rotation"
    );
    assert!(
        !line_of("api-v2", "launch-post").contains("dashed"),
        "marketing is linked by a liaison"
    );
    // Done work is dimmed; labels are escaped.
    let old = dot
        .lines()
        .find(|l| l.contains("old\\n"))
        .expect("the done task");
    assert!(old.contains("dashed") && old.contains("#9a9a9a"), "{old}");
    assert!(old.contains("Old <work> & \\\"quotes\\\""), "{old}");
    assert!(dot.contains("subgraph cluster_legend"));
}

/// Task name → node number, from the DOT node lines (`nK [label="name\n...`).
fn task_ids(dot: &str) -> std::collections::HashMap<String, usize> {
    let mut out = std::collections::HashMap::new();
    for line in dot.lines() {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix('n') {
            if let Some((num, attrs)) = rest.split_once(" [label=\"") {
                if let Ok(k) = num.parse::<usize>() {
                    let name = attrs.split(['\\', '"']).next().unwrap().to_string();
                    out.insert(name, k);
                }
            }
        }
    }
    out
}

/// A Mermaid flowchart's structure: defined node ids, links in order, link styles. The
/// drawings of known plans are compared with snapshots; this check is for the property test,
/// whose random plans (odd characters in titles, any shape of graph) no snapshot can cover.
fn check_mermaid(text: &str) -> (HashSet<String>, Vec<(String, String)>) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("---"));
    assert!(lines.next().unwrap().starts_with("title: "));
    assert_eq!(lines.next(), Some("---"));
    assert_eq!(lines.next(), Some("flowchart TB"));
    let mut defined = HashSet::new();
    let mut links = Vec::new();
    let mut styled = Vec::new();
    let mut depth = 0i32;
    let arrows = ["-.->", "-.-", "==>", "===", "-->", "---"];
    for line in lines {
        let t = line.trim();
        if t.is_empty() || t.starts_with("%%") {
            continue;
        }
        if t.starts_with("subgraph ") {
            depth += 1;
            continue;
        }
        if t == "end" {
            depth -= 1;
            assert!(depth >= 0, "unbalanced end");
            continue;
        }
        if t.starts_with("direction ") || t.starts_with("style ") {
            continue;
        }
        if let Some(rest) = t.strip_prefix("linkStyle ") {
            let (indices, _) = rest.split_once(' ').unwrap();
            styled.extend(indices.split(',').map(|i| i.parse::<usize>().unwrap()));
            continue;
        }
        // A link: `A arrow [|"label"|] B`, where A and B may carry a shape.
        if let Some(arrow) = arrows
            .iter()
            .find(|a| t.contains(&format!(" {a} ")) || t.contains(&format!(" {a}|")))
        {
            let (left, right) = t.split_once(&format!(" {arrow}")).unwrap();
            let right = right.trim_start();
            let right = match right.strip_prefix('|') {
                Some(r) => r.split_once("| ").expect("closed label").1,
                None => right,
            };
            let id = |s: &str| s.split(['[', '(', '{']).next().unwrap().trim().to_string();
            for side in [left, right] {
                if side.contains('[') || side.contains('(') {
                    defined.insert(id(side));
                }
            }
            links.push((id(left), id(right)));
            continue;
        }
        // A node definition: `id("label")`, `id{{"label"}}`, `id(["label"])`.
        let id = t.split(['[', '(', '{']).next().unwrap();
        assert!(
            !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "odd line: {t}"
        );
        let inner = &t[id.len()..];
        let quotes = inner.matches('"').count();
        assert_eq!(quotes, 2, "a label must be one quoted string: {t}");
        defined.insert(id.to_string());
    }
    assert_eq!(depth, 0, "unbalanced subgraphs");
    for (a, b) in &links {
        assert!(
            defined.contains(a) && defined.contains(b),
            "link to an undefined node: {a} {b}"
        );
    }
    styled.sort();
    let expected: Vec<usize> = (0..links.len()).collect();
    assert_eq!(styled, expected, "every link styled exactly once");
    (defined, links)
}

#[test]
fn tasks_mermaid_matches_its_snapshot() {
    let text = draw(View::Tasks, Format::Mermaid);
    insta::assert_snapshot!("plan-tasks-mermaid", text);
    assert!(text.contains("subgraph c0[\"Platform\"]"), "{text}");
    assert!(
        text.contains("Old #lt;work#gt; #amp; #quot;quotes#quot;"),
        "{text}"
    );
    assert!(text.contains("==>"), "the cycle is drawn thick:\n{text}");
}

#[test]
fn tasks_svg_is_valid_and_complete() {
    let svg = draw(View::Tasks, Format::Svg);
    let doc = parse_xml(&svg);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    for task in [
        "schema-freeze",
        "api-v2",
        "launch-post",
        "sales-deck",
        "support-docs",
        "loop-a",
        "loop-b",
        "old",
        "selfish",
    ] {
        assert!(texts.contains(&task), "{task} not drawn");
    }
    assert!(texts.contains(&"Old <work> & \"quotes\""));
    let nodes = doc
        .descendants()
        .filter(|n| n.attribute("id").is_some_and(|i| i.starts_with("node-")))
        .count();
    assert_eq!(nodes, 9);
    // Red edges: the cycle (2 + the self-loop) and the uncoordinated dependency.
    let red = doc
        .descendants()
        .filter(|n| n.has_tag_name("path") && n.attribute("stroke") == Some("#d62728"))
        .count();
    assert_eq!(red, 4);
    let width: f64 = root.attribute("width").unwrap().parse().unwrap();
    let height: f64 = root.attribute("height").unwrap().parse().unwrap();
    assert!(width > 300.0 && height > 200.0);
    // Every node is inside the picture, and no two nodes overlap.
    let rects: Vec<(f64, f64, f64, f64)> = doc
        .descendants()
        .filter(|n| n.attribute("id").is_some_and(|i| i.starts_with("node-")))
        .map(|g| {
            let r = g.first_element_child().unwrap();
            let f = |a: &str| r.attribute(a).unwrap().parse::<f64>().unwrap();
            (f("x"), f("y"), f("width"), f("height"))
        })
        .collect();
    for (i, a) in rects.iter().enumerate() {
        assert!(
            a.0 >= 0.0 && a.1 >= 0.0 && a.0 + a.2 <= width && a.1 + a.3 <= height,
            "outside: {a:?}"
        );
        for b in &rects[i + 1..] {
            let apart =
                a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1;
            assert!(apart, "overlap: {a:?} {b:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The teams view.

#[test]
fn teams_view_shows_every_kind_of_link() {
    let dot = draw(View::Teams, Format::Dot);
    let edge = |color: &str, label: &str| {
        dot.lines().any(|l| {
            l.contains(" -> ")
                && l.contains(&format!("color=\"{color}\""))
                && l.contains(&format!("label=\"{label}\""))
        })
    };
    // Each edge names what makes the link, in the words the report and hover use.
    assert!(edge("#1f77b4", "liaison dave"), "liaison:\n{dot}");
    assert!(edge("#2ca02c", "embedded sofia"), "embedded:\n{dot}");
    assert!(edge("#ff7f0e", "rotation support-duty"), "rotation:\n{dot}");
    assert!(
        dot.lines()
            .any(|l| l.contains(" -> ") && l.contains("#444444")),
        "parent"
    );
    assert!(
        dot.contains("shape=hexagon"),
        "the centralized liaison group"
    );
    assert!(
        dot.lines()
            .filter(|l| l.contains(" -> ") && l.contains("#9467bd") && l.contains("dir=none"))
            .count()
            >= 2
    );
    // Shared meetings: launch-sync joins marketing and sales, which nothing else links.
    assert!(dot.contains("launch-sync\\nLaunch sync"), "{dot}");
    assert!(
        !dot.contains("daily-sync\\n"),
        "daily-sync only joins already-linked teams"
    );
    // Meeting load per team: platform-weekly 45m + daily-sync 5 × 15m.
    assert!(dot.contains("platform\\nPlatform\\nlead alice · 3 people\\nmeetings 2h/week\\nmodel: service-provider"), "{dot}");
    assert!(dot.contains("subgraph cluster_legend"));
    for legend in [
        "liaison (home team",
        "embedded (home team",
        "rotation (from",
        "centralized liaison member",
        "shared meeting",
        "parent team",
    ] {
        assert!(dot.contains(legend), "legend misses {legend}");
    }
}

#[test]
fn teams_view_draws_co_leads_shared_people_and_no_broadcast_hub() {
    let text = "team a { lead ann, bo }\nteam b { lead cy  members ann }\nteam c { lead di }\n\
                person ann\nperson bo\nperson cy\nperson di\n\
                meeting all-hands { attendees a, b, c  kind broadcast  cadence monthly }\n\
                meeting ac-sync { attendees bo, di  cadence weekly }\n";
    let ws = Workspace::from_texts(vec![("t.plan".into(), text.into())]);
    let model = Model::build(&ws);
    let dot = render(&ws, &model, View::Teams, Format::Dot, today()).unwrap();
    assert!(dot.contains("a\\nleads ann, bo · 2 people"), "{dot}");
    // ann is in a and b: one edge between them, saying so.
    let shared: Vec<&str> = dot
        .lines()
        .filter(|l| l.starts_with("  n") && l.contains(" -> ") && l.contains("#17becf"))
        .collect();
    assert_eq!(shared.len(), 1, "{dot}");
    assert!(shared[0].starts_with("  n0 -> n1 ") && shared[0].contains("label=\"ann is in both\""));
    assert!(dot.contains("a person in both teams"), "legend:\n{dot}");
    // The broadcast joins nobody; ac-sync joins a and c, which nothing else links.
    assert!(!dot.contains("all-hands\\n"), "{dot}");
    assert!(dot.contains("ac-sync\\n"), "{dot}");
}

#[test]
fn teams_mermaid_and_svg_are_well_formed() {
    let text = draw(View::Teams, Format::Mermaid);
    insta::assert_snapshot!("plan-teams-mermaid", text);
    assert!(text.contains("-.->|\"liaison dave\"|"), "{text}");
    let svg = draw(View::Teams, Format::Svg);
    let doc = parse_xml(&svg);
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    for t in [
        "platform",
        "marketing",
        "leads",
        "launch-sync",
        "liaison dave",
        "embedded sofia",
        "rotation support-duty",
        "meetings 2h/week",
    ] {
        assert!(texts.contains(&t), "{t} not drawn");
    }
    assert!(
        doc.descendants().any(|n| n.has_tag_name("polygon")),
        "hexagon"
    );
    assert!(
        doc.descendants().any(|n| n.has_tag_name("ellipse")),
        "meeting"
    );
}

// ---------------------------------------------------------------------------------------------
// The timeline.

#[test]
fn timeline_is_a_gantt_chart() {
    let text = draw(View::Timeline, Format::Mermaid);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "gantt");
    assert!(lines.contains(&"  dateFormat YYYY-MM-DD"));
    assert!(
        lines.contains(&"  %% not shown, no due date: loop-b"),
        "{text}"
    );
    assert!(lines.contains(&"  section Platform"));
    // Ids are t<task number>: schema-freeze is t0.
    assert!(
        lines.contains(&"  Freeze the v2 schema :active, crit, milestone, t0, 2026-11-15, 0d"),
        "{text}"
    );
    assert!(
        lines.contains(&"  Launch API v2 :t1, after t0, 2026-12-01"),
        "{text}"
    );
    assert!(
        lines.contains(&"  sales-deck :t3, 2026-12-02, 2026-12-10"),
        "{text}"
    );
    assert!(
        lines.contains(&"  Old ‹work› & \"quotes\" :done, milestone, t7, 2026-10-01, 0d"),
        "{text}"
    );
    // Every `after` names a task on the chart.
    let ids: HashSet<&str> = lines
        .iter()
        .filter_map(|l| l.split_once(" :"))
        .flat_map(|(_, rest)| rest.split(", "))
        .filter(|p| p.starts_with('t') && p[1..].chars().all(|c| c.is_ascii_digit()))
        .collect();
    for l in &lines {
        if let Some(after) = l.split("after ").nth(1) {
            for id in after.split(',').next().unwrap().split_whitespace() {
                assert!(ids.contains(id), "{id} is not on the chart:\n{text}");
            }
        }
    }
    let svg = draw(View::Timeline, Format::Svg);
    let doc = parse_xml(&svg);
    assert!(doc.descendants().filter(|n| n.has_tag_name("rect")).count() >= 4);
    let ws = workspace();
    let model = Model::build(&ws);
    assert!(render(&ws, &model, View::Timeline, Format::Dot, today()).is_err());
}

// ---------------------------------------------------------------------------------------------
// Graphviz and Chromium.

#[test]
fn dot_output_renders_with_graphviz() {
    let Some(dot) = find_tool(&["dot"]) else {
        return skip("Graphviz `dot` is not installed (apt-get install graphviz)");
    };
    let mut cases = vec![
        draw(View::Tasks, Format::Dot),
        draw(View::Teams, Format::Dot),
    ];
    // And the example plans, when they are there.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for example in ["acme", "showcase"] {
        if let Ok(ws) = coord::workspace::load(&[root.join(example)]) {
            let model = Model::build(&ws);
            for view in [View::Tasks, View::Teams] {
                cases.push(render(&ws, &model, view, Format::Dot, today()).unwrap());
            }
        }
    }
    for text in cases {
        let mut child = Command::new(&dot)
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "dot failed: {stderr}\n{text}");
        assert!(
            !stderr.contains("Warning") && !stderr.contains("Error"),
            "dot complained: {stderr}"
        );
        let svg = String::from_utf8(out.stdout).unwrap();
        parse_xml(&svg);
    }
}

fn chromium() -> Option<PathBuf> {
    find_tool(&[
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ])
}

fn run_chromium(chromium: &Path, profile: &Path, args: &[&str], page: &Path) -> Output {
    let url = format!("file://{}", page.display());
    Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .output()
        .expect("chromium runs")
}

#[test]
fn html_report_renders_in_a_browser() {
    let report = build_report();
    let ws = workspace();
    let model = Model::build(&ws);
    let svg = render(&ws, &model, View::Teams, Format::Svg, today()).unwrap();
    let html = report::to_html(&report, &svg);
    // Self-contained: no scripts, no external resources.
    for banned in ["<script", "<link", " src=", "@import", "https://", "href="] {
        assert!(
            !html.contains(banned),
            "the page refers to something outside it ({banned})"
        );
    }
    assert!(
        html.match_indices("url(")
            .all(|(i, _)| html[i + 4..].starts_with('#')),
        "only references inside the page"
    );
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    // Well formed (the page is written as XHTML-compatible markup).
    parse_xml(html.strip_prefix("<!DOCTYPE html>\n").unwrap());

    let Some(chromium) = chromium() else {
        return skip("Chromium is not installed (apt-get install chromium)");
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).unwrap();
    let out = run_chromium(
        &chromium,
        &dir.path().join("profile-dom"),
        &["--dump-dom"],
        &page,
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in [
        "Platform",
        "Product marketing",
        "Security",
        "Support",
        "Sales",
        "Isolated",
    ] {
        assert!(dom.contains(name), "the rendered page does not show {name}");
    }
    assert!(dom.contains("<svg"), "the teams drawing is in the page");
    let png = dir.path().join("report.png");
    let out = run_chromium(
        &chromium,
        &dir.path().join("profile-png"),
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1200,1600",
        ],
        &page,
    );
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // A blank 1200×1600 page compresses to a few kilobytes; this one has text and a drawing.
    assert!(
        bytes.len() > 40_000,
        "screenshot too small to hold the report: {} bytes",
        bytes.len()
    );
}

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
            .filter(|d| d.severity == coord::diagnostic::Severity::Error)
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
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
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
    assert_eq!(
        keys,
        sorted(&[
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
            "calendar"
        ])
    );
    let team_keys: Vec<&str> = v["teams"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
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
    let risk_keys: Vec<&str> = v["risky_tasks"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
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
    let summary: Vec<&str> = v["summary"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
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
// Blocked teams: the near-linear propagation agrees with a search from every task.

fn random_plan(owners: &[usize], deps: &[(usize, usize)]) -> String {
    let mut text = String::new();
    for t in 0..5 {
        text.push_str(&format!("team t{t} {{ lead p{t} }}\nperson p{t}\n"));
    }
    for (i, owner) in owners.iter().enumerate() {
        let mine: Vec<String> = deps
            .iter()
            .filter(|(a, _)| *a == i)
            .map(|(_, b)| format!("k{b}"))
            .collect();
        let depends = if mine.is_empty() {
            String::new()
        } else {
            format!(" depends-on {}", mine.join(", "))
        };
        text.push_str(&format!("task k{i} {{ owner t{owner}{depends} }}\n"));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn other_teams_waiting_match_a_search(
        owners in prop::collection::vec(0usize..5, 1..25),
        raw_deps in prop::collection::vec((0usize..25, 0usize..25), 0..40),
    ) {
        let n = owners.len();
        let deps: Vec<(usize, usize)> = raw_deps.into_iter().map(|(a, b)| (a % n, b % n)).collect();
        let ws = Workspace::from_texts(vec![("r.plan".into(), random_plan(&owners, &deps))]);
        let model = Model::build(&ws);
        for at_least in [64, 3, 1] {
            let waiting = OtherTeams::compute(&model, at_least);
            for start in 0..n {
                let (found, more) = waiting.of(start);
                let found: Vec<u32> = found.iter().map(|t| t.0).collect();
                // Every task that depends on `start`, directly or through others.
                let mut seen = vec![false; n];
                let mut stack = vec![start];
                while let Some(v) = stack.pop() {
                    for w in &model.dependents[v] {
                        if !seen[w.index()] {
                            seen[w.index()] = true;
                            stack.push(w.index());
                        }
                    }
                }
                let own: HashSet<u32> = model.task_teams[start].iter().map(|t| t.0).collect();
                let mut expected: Vec<u32> = (0..n)
                    .filter(|&w| seen[w])
                    .flat_map(|w| model.task_teams[w].iter().map(|t| t.0))
                    .filter(|t| !own.contains(t))
                    .collect();
                expected.sort();
                expected.dedup();
                if more {
                    // At least `at_least` named, the smallest ids of the true set.
                    prop_assert!(found.len() >= at_least, "task k{} ({})", start, at_least);
                    prop_assert_eq!(&found[..], &expected[..found.len()], "task k{} ({})", start, at_least);
                } else {
                    prop_assert_eq!(&found, &expected, "task k{} ({})", start, at_least);
                }
            }
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
        prop::sample::select(vec![
            "person",
            "team",
            "meeting",
            "task",
            "liaison",
            "embedded",
            "rotation",
            "centralized-liaison",
        ]),
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
