//! `coord graph --view week`: the week of `--today` as an SVG calendar, through the real
//! binary: seven day columns, the clash outlined and named, and the other formats refused.
//! What the drawing holds and that it is readable: `src/graph/tests/week.rs`.

use std::path::Path;
use std::process::Command;

fn class_has(n: roxmltree::Node, class: &str) -> bool {
    n.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|w| w == class))
}

fn coord() -> Command {
    Command::new(env!("CARGO_BIN_EXE_coord"))
}

#[test]
fn week_of_the_showcase_is_drawn_for_the_week_of_today() {
    // What the drawing holds is tested in the library; here, that the command's flags reach
    // it: `--today` picks the week and the day marked as today, and stdout is one SVG.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/showcase");
    let out = coord()
        .args(["graph", "--view", "week", "--today", "2026-11-18"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the SVG parses");
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .unwrap();
    assert!(title.contains("2026-11-16"), "{title}");
    let today: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && class_has(*n, "day"))
        .filter_map(|n| n.text())
        .filter(|t| t.ends_with("(today)"))
        .collect();
    assert_eq!(today, ["Wed 2026-11-18 (today)"]);
    assert!(svg.contains("clash: someone attends both meetings"));
}

#[test]
fn week_view_is_svg_only() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/showcase");
    for format in ["dot", "mermaid"] {
        let out = coord()
            .args(["graph", "--view", "week", "--format", format])
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("only as SVG"), "{err}");
    }
}
