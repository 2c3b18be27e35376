//! The SVG pictures stay readable at real sizes: synthetic organisations (`crate::synth`) of
//! 35, 100 and 200 teams and a plan of 2,000 tasks are drawn, the SVG is parsed, and every
//! text's box is estimated from its characters and font size (as the writer estimates them).
//! No two texts overlap, no two node boxes overlap, no text outside a node lies on a node,
//! no edge runs through a node's box, and the teams view is between 1:3 and 3:1.

use std::collections::HashMap;

use super::svg_boxes::{num, text_box, Rect};
use crate::graph::{render, Format, View};
use crate::model::Model;
use crate::syntax::lexer::parse_date;
use crate::synth::{generate, SynthOptions};
use crate::workspace::Workspace;

/// The box of a node's shape (rect, ellipse or polygon).
fn shape_box(s: roxmltree::Node) -> Rect {
    match s.tag_name().name() {
        "rect" => {
            let (x, y) = (num(s, "x"), num(s, "y"));
            Rect {
                x0: x,
                y0: y,
                x1: x + num(s, "width"),
                y1: y + num(s, "height"),
            }
        }
        "ellipse" => {
            let (cx, cy, rx, ry) = (num(s, "cx"), num(s, "cy"), num(s, "rx"), num(s, "ry"));
            Rect {
                x0: cx - rx,
                y0: cy - ry,
                x1: cx + rx,
                y1: cy + ry,
            }
        }
        "polygon" => {
            let pts: Vec<(f64, f64)> = s
                .attribute("points")
                .unwrap()
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            Rect {
                x0: pts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min),
                y0: pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min),
                x1: pts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max),
                y1: pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max),
            }
        }
        other => panic!("unexpected node shape {other}"),
    }
}

/// Points along a path made of `M`, `L` and `C` commands (curves sampled).
fn path_points(d: &str) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    let mut at = (0.0, 0.0);
    let mut tokens = d.split_whitespace().peekable();
    let pair = |s: &str| -> (f64, f64) {
        let (x, y) = s.split_once(',').unwrap();
        (x.parse().unwrap(), y.parse().unwrap())
    };
    while let Some(tok) = tokens.next() {
        let (cmd, rest) = tok.split_at(1);
        match cmd {
            "M" => {
                at = pair(rest);
                out.push(at);
            }
            "L" => {
                let p = pair(rest);
                for k in 1..=16 {
                    let t = k as f64 / 16.0;
                    out.push((at.0 + (p.0 - at.0) * t, at.1 + (p.1 - at.1) * t));
                }
                at = p;
            }
            "C" => {
                let c1 = pair(rest);
                let c2 = pair(tokens.next().unwrap());
                let p = pair(tokens.next().unwrap());
                for k in 1..=16 {
                    let t = k as f64 / 16.0;
                    let u = 1.0 - t;
                    let b = |a: f64, b: f64, c: f64, d: f64| {
                        u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
                    };
                    out.push((b(at.0, c1.0, c2.0, p.0), b(at.1, c1.1, c2.1, p.1)));
                }
                at = p;
            }
            other => panic!("unexpected path command {other} in {d}"),
        }
    }
    out
}

/// Rectangles bucketed by 200-pixel cells, for overlap queries.
struct Grid {
    cells: HashMap<(i64, i64), Vec<usize>>,
}

const CELL: f64 = 200.0;

impl Grid {
    fn new(rects: &[Rect]) -> Grid {
        let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (i, r) in rects.iter().enumerate() {
            for cx in (r.x0 / CELL).floor() as i64..=(r.x1 / CELL).floor() as i64 {
                for cy in (r.y0 / CELL).floor() as i64..=(r.y1 / CELL).floor() as i64 {
                    cells.entry((cx, cy)).or_default().push(i);
                }
            }
        }
        Grid { cells }
    }
    fn near(&self, r: &Rect) -> Vec<usize> {
        let mut out = Vec::new();
        for cx in (r.x0 / CELL).floor() as i64..=(r.x1 / CELL).floor() as i64 {
            for cy in (r.y0 / CELL).floor() as i64..=(r.y1 / CELL).floor() as i64 {
                if let Some(list) = self.cells.get(&(cx, cy)) {
                    out.extend(list);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// What the picture is made of, and the checks every picture must pass. Returns the
/// picture's width and height.
fn check_readable(svg: &str, what: &str) -> (f64, f64) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{what}: {e}"));
    let root = doc.root_element();
    let (width, height) = (num(root, "width"), num(root, "height"));
    let nodes: Vec<(roxmltree::Node, Rect)> = doc
        .descendants()
        .filter(|n| n.attribute("id").is_some_and(|i| i.starts_with("node-")))
        .map(|g| (g, shape_box(g.first_element_child().unwrap())))
        .collect();
    assert!(!nodes.is_empty(), "{what}: no nodes");
    let node_rects: Vec<Rect> = nodes.iter().map(|n| n.1).collect();
    let node_grid = Grid::new(&node_rects);
    for (i, r) in node_rects.iter().enumerate() {
        assert!(
            r.x0 >= 0.0 && r.y0 >= 0.0 && r.x1 <= width && r.y1 <= height,
            "{what}: node {i} outside the picture: {r:?}"
        );
        for j in node_grid.near(r) {
            assert!(
                j == i || !r.overlaps(&node_rects[j], 0.5),
                "{what}: nodes {i} and {j} overlap: {r:?} {:?}",
                node_rects[j]
            );
        }
    }
    // Texts: inside their node, or (outside every node) on no node.
    let texts: Vec<(Option<usize>, Rect, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.text().is_some_and(|t| !t.trim().is_empty()))
        .map(|t| {
            let owner = t.ancestors().find_map(|a| {
                a.attribute("id")
                    .and_then(|i| i.strip_prefix("node-"))
                    .map(|k| k.parse::<usize>().unwrap())
            });
            (owner, text_box(t), t.text().unwrap())
        })
        .collect();
    let text_rects: Vec<Rect> = texts.iter().map(|t| t.1).collect();
    let text_grid = Grid::new(&text_rects);
    for (i, (owner, r, text)) in texts.iter().enumerate() {
        assert!(
            r.x0 >= -0.5 && r.x1 <= width + 0.5 && r.y1 <= height + 0.5,
            "{what}: text {text:?} outside the picture ({width} x {height}): {r:?}"
        );
        for j in text_grid.near(r) {
            assert!(
                j == i || !r.overlaps(&text_rects[j], 0.5),
                "{what}: texts {text:?} and {:?} overlap: {r:?} {:?}",
                texts[j].2,
                text_rects[j]
            );
        }
        match owner {
            Some(k) => {
                let b = node_rects[*k];
                assert!(
                    r.x0 >= b.x0 && r.x1 <= b.x1 && r.y0 >= b.y0 && r.y1 <= b.y1,
                    "{what}: text {text:?} sticks out of its node: {r:?} {b:?}"
                );
            }
            None => {
                for j in node_grid.near(r) {
                    assert!(
                        !r.overlaps(&node_rects[j], 0.5),
                        "{what}: text {text:?} lies on node {j}: {r:?} {:?}",
                        node_rects[j]
                    );
                }
            }
        }
    }
    // Edges run around nodes: no point of an edge is inside a node's box.
    let mut edges = 0;
    for path in doc
        .descendants()
        .filter(|n| n.has_tag_name("path") && n.parent().is_some_and(|p| p.has_tag_name("g")))
    {
        edges += 1;
        let d = path.attribute("d").unwrap();
        for p in path_points(d) {
            let probe = Rect {
                x0: p.0,
                y0: p.1,
                x1: p.0,
                y1: p.1,
            };
            for j in node_grid.near(&probe) {
                assert!(
                    !node_rects[j].contains_strictly(p, 1.0),
                    "{what}: an edge runs through node {j} at {p:?}: {d}"
                );
            }
        }
    }
    assert!(edges > 0, "{what}: no edges");
    (width, height)
}

fn synthetic(tasks: usize) -> (Workspace, Model) {
    let files = generate(&SynthOptions {
        tasks,
        files: 4,
        seed: 7,
    });
    let ws = Workspace::from_texts(files);
    let model = Model::build(&ws);
    (ws, model)
}

fn teams_view_is_readable(teams: usize) {
    // About 1.2 teams (leaf teams and the hierarchy above) per 80 tasks.
    let (ws, model) = synthetic(teams * 80 * 5 / 6);
    let count = model.teams.len();
    assert!(
        count * 10 >= teams * 9 && count * 10 <= teams * 11,
        "asked for about {teams} teams, got {count}"
    );
    let today = parse_date("2026-11-22").unwrap();
    let svg = render(&ws, &model, View::Teams, Format::Svg, today).unwrap();
    let what = format!("teams view of {count} teams");
    let (w, h) = check_readable(&svg, &what);
    let ratio = w / h;
    println!("{what}: {w} x {h} (ratio {ratio:.2})");
    assert!(
        (1.0 / 3.0..=3.0).contains(&ratio),
        "{what}: {w} x {h} is not between 1:3 and 3:1"
    );
}

#[test]
fn teams_view_of_35_teams_is_readable() {
    teams_view_is_readable(35);
}

#[test]
fn teams_view_of_100_teams_is_readable() {
    teams_view_is_readable(100);
}

#[test]
fn teams_view_of_200_teams_is_readable() {
    teams_view_is_readable(200);
}

#[test]
fn tasks_view_of_2000_tasks_is_readable() {
    let (ws, model) = synthetic(2_000);
    let today = parse_date("2026-11-22").unwrap();
    let svg = render(&ws, &model, View::Tasks, Format::Svg, today).unwrap();
    let (w, h) = check_readable(&svg, "tasks view of 2,000 tasks");
    println!("tasks view of 2,000 tasks: {w} x {h}");
    assert!(
        (1.0 / 3.0..=3.0).contains(&(w / h)),
        "tasks view: {w} x {h} is not between 1:3 and 3:1"
    );
}
