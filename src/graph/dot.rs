//! The Graphviz DOT writer (render with `dot -Tsvg`).

use std::fmt::Write as _;

use super::{EdgeKind, Graph, Node, Shape};

pub(crate) fn dot_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dot_label(lines: &[String]) -> String {
    let escaped: Vec<String> = lines
        .iter()
        .map(|l| dot_str(l))
        .map(|s| s[1..s.len() - 1].to_string())
        .collect();
    format!("\"{}\"", escaped.join("\\n"))
}

fn dot_edge_attrs(kind: EdgeKind, label: Option<&str>) -> String {
    let st = kind.style();
    let mut attrs = vec![
        format!("color=\"{}\"", st.color),
        format!("penwidth={}", st.width),
    ];
    match st.dash {
        "" => {}
        "2 4" | "2 3" => attrs.push("style=dotted".into()),
        _ => attrs.push("style=dashed".into()),
    }
    if !st.directed {
        attrs.push("dir=none".into());
    }
    if let Some(l) = label {
        attrs.push(format!("label={}", dot_str(l)));
        attrs.push(format!("fontcolor=\"{}\"", st.color));
    }
    attrs.join(", ")
}

fn dot_node_attrs(n: &Node) -> String {
    let mut style = vec!["filled"];
    if n.shape == Shape::Box {
        style.push("rounded");
    }
    if n.dashed {
        style.push("dashed");
    }
    format!(
        "label={}, shape={}, style=\"{}\", fillcolor=\"{}\", color=\"{}\", fontcolor=\"{}\", penwidth={}",
        dot_label(&n.label),
        match n.shape {
            Shape::Box => "box",
            Shape::Hexagon => "hexagon",
            Shape::Ellipse => "ellipse",
        },
        style.join(","),
        n.fill,
        n.stroke,
        n.text,
        n.stroke_width
    )
}

/// Graphviz DOT.
pub fn to_dot(g: &Graph) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "// {} (drawn by coord graph)", g.title);
    for note in &g.notes {
        let _ = writeln!(out, "// {note}");
    }
    out.push_str("digraph plan {\n");
    let _ = writeln!(
        out,
        "  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, label={}, labelloc=t, nodesep=0.3, ranksep=0.5];",
        dot_str(&g.title)
    );
    out.push_str("  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
    let mut by_cluster: Vec<Vec<usize>> = vec![Vec::new(); g.clusters.len()];
    for (i, n) in g.nodes.iter().enumerate() {
        match n.cluster {
            Some(c) => by_cluster[c].push(i),
            None => {
                let _ = writeln!(out, "  n{i} [{}];", dot_node_attrs(n));
            }
        }
    }
    for (c, members) in by_cluster.iter().enumerate() {
        let cl = &g.clusters[c];
        let _ = writeln!(
            out,
            "  subgraph cluster_{c} {{\n    label={}; style=\"rounded\"; color=\"{}\"; fontcolor=\"{}\";",
            dot_str(&cl.label),
            cl.stroke,
            cl.stroke
        );
        for &i in members {
            let _ = writeln!(out, "    n{i} [{}];", dot_node_attrs(&g.nodes[i]));
        }
        out.push_str("  }\n");
    }
    for e in &g.edges {
        let _ = writeln!(
            out,
            "  n{} -> n{} [{}];",
            e.from,
            e.to,
            dot_edge_attrs(e.kind, e.label.as_deref())
        );
    }
    if !g.legend.is_empty() || !g.node_keys.is_empty() {
        out.push_str("  subgraph cluster_legend {\n    label=\"Legend\"; style=\"rounded\"; color=\"#bbbbbb\"; fontcolor=\"#555555\";\n");
        out.push_str(
            "    node [shape=plaintext, style=\"\", fontsize=9, fontcolor=\"#333333\"];\n",
        );
        for (k, kind) in g.legend.iter().enumerate() {
            let _ = writeln!(
                out,
                "    legend_a{k} [label=\"\", shape=point, width=0.05];"
            );
            let _ = writeln!(
                out,
                "    legend_b{k} [label={}];",
                dot_str(kind.style().legend)
            );
            let _ = writeln!(
                out,
                "    legend_a{k} -> legend_b{k} [{}];",
                dot_edge_attrs(*kind, None)
            );
        }
        for (k, key) in g.node_keys.iter().enumerate() {
            let mut style = vec!["filled", "rounded"];
            if key.dashed {
                style.push("dashed");
            }
            let _ = writeln!(
                out,
                "    legend_n{k} [label={}, shape=box, style=\"{}\", fillcolor=\"{}\", color=\"{}\", fontcolor=\"{}\", penwidth={}];",
                dot_str(&key.label),
                style.join(","),
                key.fill,
                key.stroke,
                key.text,
                key.stroke_width
            );
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    out
}
