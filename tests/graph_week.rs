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
fn week_of_the_showcase_has_seven_days_and_its_clash() {
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
    assert!(
        title.contains("2026-11-16") && title.contains("UTC"),
        "{title}"
    );
    let days: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && class_has(*n, "day"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(days.len(), 7, "{days:?}");
    assert!(days[0].starts_with("Mon 2026-11-16") && days[6].starts_with("Sun 2026-11-22"));
    assert_eq!(days[2], "Wed 2026-11-18 (today)");

    // The clash: both meetings outlined in red, named under the grid, and in the legend.
    let clashed: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && class_has(*n, "clash"))
        .map(|g| {
            let r = g.children().find(|c| c.has_tag_name("rect")).unwrap();
            assert_eq!(r.attribute("stroke"), Some("#d62728"));
            g.children()
                .find(|c| c.has_tag_name("text"))
                .and_then(|t| t.text())
                .unwrap()
        })
        .collect();
    assert!(
        clashed.contains(&"storefront-weekly") && clashed.contains(&"fulfilment-sync"),
        "{clashed:?}"
    );
    assert!(svg.contains("clash: someone attends both meetings"));
    assert!(svg.contains("storefront-weekly and fulfilment-sync"));
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
