//! The Mermaid flowchart writer (renders in GitHub and GitLab Markdown).

use std::fmt::Write as _;

use super::{EdgeKind, Graph, Node, Shape};

/// Text inside a quoted Mermaid label: entity codes for the characters Mermaid reads itself.
pub(crate) fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn mermaid_arrow(kind: EdgeKind) -> &'static str {
    let st = kind.style();
    match (st.dash.is_empty(), st.width >= 2.5, st.directed) {
        (true, true, true) => "==>",
        (true, true, false) => "===",
        (true, false, true) => "-->",
        (true, false, false) => "---",
        (false, _, true) => "-.->",
        (false, _, false) => "-.-",
    }
}

fn mermaid_link_style(kind: EdgeKind) -> String {
    let st = kind.style();
    let mut s = format!("stroke:{},stroke-width:{}px", st.color, st.width);
    if !st.dash.is_empty() {
        let _ = write!(s, ",stroke-dasharray:{}", st.dash);
    }
    s
}

/// A Mermaid flowchart.
pub fn to_mermaid(g: &Graph) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "---\ntitle: {}\n---", mermaid_text(&g.title));
    out.push_str("flowchart TB\n");
    for note in &g.notes {
        let _ = writeln!(out, "  %% {}", note.replace('\n', " "));
    }
    let node_def = |i: usize, n: &Node| -> String {
        let text = n
            .label
            .iter()
            .map(|l| mermaid_text(l))
            .collect::<Vec<_>>()
            .join("<br/>");
        match n.shape {
            Shape::Box => format!("n{i}(\"{text}\")"),
            Shape::Hexagon => format!("n{i}{{{{\"{text}\"}}}}"),
            Shape::Ellipse => format!("n{i}([\"{text}\"])"),
        }
    };
    let mut by_cluster: Vec<Vec<usize>> = vec![Vec::new(); g.clusters.len()];
    for (i, n) in g.nodes.iter().enumerate() {
        match n.cluster {
            Some(c) => by_cluster[c].push(i),
            None => {
                let _ = writeln!(out, "  {}", node_def(i, n));
            }
        }
    }
    for (c, members) in by_cluster.iter().enumerate() {
        let _ = writeln!(
            out,
            "  subgraph c{c}[\"{}\"]",
            mermaid_text(&g.clusters[c].label)
        );
        for &i in members {
            let _ = writeln!(out, "    {}", node_def(i, &g.nodes[i]));
        }
        out.push_str("  end\n");
    }
    // Link indices, for `linkStyle`, in the order links are written.
    let mut link_styles: Vec<(EdgeKind, Vec<usize>)> = Vec::new();
    let mut add_style =
        |kind: EdgeKind, index: usize| match link_styles.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, v)) => v.push(index),
            None => link_styles.push((kind, vec![index])),
        };
    let mut links = 0usize;
    for e in &g.edges {
        let arrow = mermaid_arrow(e.kind);
        match &e.label {
            Some(l) => {
                let _ = writeln!(
                    out,
                    "  n{} {arrow}|\"{}\"| n{}",
                    e.from,
                    mermaid_text(l),
                    e.to
                );
            }
            None => {
                let _ = writeln!(out, "  n{} {arrow} n{}", e.from, e.to);
            }
        }
        add_style(e.kind, links);
        links += 1;
    }
    if !g.legend.is_empty() || !g.node_keys.is_empty() {
        out.push_str("  subgraph legend[\"Legend\"]\n    direction LR\n");
        for (k, kind) in g.legend.iter().enumerate() {
            let _ = writeln!(
                out,
                "    legend_a{k}[\" \"] {} legend_b{k}[\"{}\"]",
                mermaid_arrow(*kind),
                mermaid_text(kind.style().legend)
            );
            add_style(*kind, links);
            links += 1;
        }
        for (k, key) in g.node_keys.iter().enumerate() {
            let _ = writeln!(out, "    legend_n{k}(\"{}\")", mermaid_text(&key.label));
        }
        out.push_str("  end\n");
        for k in 0..g.legend.len() {
            let _ = writeln!(out, "  style legend_a{k} fill:none,stroke:none");
            let _ = writeln!(out, "  style legend_b{k} fill:none,stroke:none");
        }
        for (k, key) in g.node_keys.iter().enumerate() {
            let _ = writeln!(
                out,
                "  style legend_n{k} {}",
                mermaid_node_style(key.fill, key.stroke, key.text, key.stroke_width, key.dashed)
            );
        }
        out.push_str("  style legend fill:#ffffff,stroke:#bbbbbb\n");
    }
    for (c, cl) in g.clusters.iter().enumerate() {
        let _ = writeln!(
            out,
            "  style c{c} fill:#fbfbfb,stroke:{},color:{}",
            cl.stroke, cl.stroke
        );
    }
    for (i, n) in g.nodes.iter().enumerate() {
        let _ = writeln!(
            out,
            "  style n{i} {}",
            mermaid_node_style(n.fill, n.stroke, n.text, n.stroke_width, n.dashed)
        );
    }
    for (kind, indices) in link_styles {
        let list: Vec<String> = indices.iter().map(usize::to_string).collect();
        let mut style = mermaid_link_style(kind);
        if g.edges.iter().any(|e| e.kind == kind && e.label.is_some()) {
            let _ = write!(style, ",color:{}", kind.style().color);
        }
        let _ = writeln!(out, "  linkStyle {} {}", list.join(","), style);
    }
    out
}

fn mermaid_node_style(fill: &str, stroke: &str, text: &str, width: f32, dashed: bool) -> String {
    let mut s = format!("fill:{fill},stroke:{stroke},color:{text},stroke-width:{width}px");
    if dashed {
        s.push_str(",stroke-dasharray:4 3");
    }
    s
}
