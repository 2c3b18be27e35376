//! The drawings (`coord graph`): what each view shows, that every format is well formed (DOT
//! through Graphviz when installed, SVG and HTML as XML, the HTML report in headless Chromium
//! when installed), with snapshots of the examples. The week view: `week.rs`; readability at
//! real sizes: `scale.rs`; the command lines: `tests/graph_report.rs`.
//!
//! Tests that need Graphviz (`dot`) or Chromium skip with a printed reason when the tool is
//! missing, and fail instead when `COORD_REQUIRE_ALL=1`.

mod scale;
pub(crate) mod svg_boxes;
mod week;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::analysis::analyze;
use crate::config::Config;
use crate::graph::{render, Format, View};
use crate::model::Model;
use crate::report::{self, Report};
use crate::syntax::lexer::parse_date;
use crate::syntax::Date;
use crate::workspace::Workspace;

/// The plan most tests draw (`coord graph`'s command-line tests use it too).
pub(crate) const PLAN: &str = include_str!("../../../tests/fixtures/graph/plan.plan");

pub(crate) fn today() -> Date {
    parse_date("2026-11-22").unwrap()
}

pub(crate) fn workspace() -> Workspace {
    let ws = Workspace::from_texts(vec![("plan.plan".into(), PLAN.into())]);
    assert!(
        ws.files[0].syntax.errors.is_empty(),
        "{:?}",
        ws.files[0].syntax.errors
    );
    ws
}

pub(crate) fn draw(view: View, format: Format) -> String {
    let ws = workspace();
    let model = Model::build(&ws);
    render(&ws, &model, view, format, today()).unwrap()
}

pub(crate) fn build_report() -> Report {
    let ws = workspace();
    let analysis = analyze(&ws, &Config::default(), today());
    report::build(&ws, &analysis, &Config::default(), today())
}

pub(crate) fn require_all() -> bool {
    std::env::var("COORD_REQUIRE_ALL").is_ok_and(|v| v == "1")
}

/// Skips (prints why) or, with `COORD_REQUIRE_ALL=1`, fails.
pub(crate) fn skip(reason: &str) {
    if require_all() {
        panic!("COORD_REQUIRE_ALL=1 but {reason}");
    }
    println!("skipped: {reason}");
}

pub(crate) fn find_tool(names: &[&str]) -> Option<PathBuf> {
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

pub(crate) fn parse_xml(text: &str) -> roxmltree::Document<'_> {
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
/// `src/graph/tests/snapshots/` (review a change with `cargo insta review`, or accept it with
/// `INSTA_UPDATE=always cargo test --lib graph::tests`). The SVG snapshots are checked to
/// be XML first.
#[test]
fn example_drawings_match_their_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for example in ["acme", "showcase"] {
        let ws = crate::workspace::load(&[root.join("examples").join(example)]).unwrap();
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
pub(crate) fn check_mermaid(text: &str) -> (HashSet<String>, Vec<(String, String)>) {
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
        if let Ok(ws) = crate::workspace::load(&[root.join(example)]) {
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
