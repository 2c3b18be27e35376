//! The SVG writer: a standalone picture of a [`Graph`], placed by [`super::layout`].

use std::fmt::Write as _;

use super::layout::{balanced, LayoutEdge, Placed};
use super::{Graph, Node, Shape};

const FONT: &str = "Helvetica, Arial, sans-serif";
const LINE_H: f64 = 15.0;
const PAD: f64 = 8.0;
const MAX_LABEL_CHARS: usize = 42;
const EDGE_LABEL_SIZE: f64 = 10.0;
/// The narrowest picture (the legend needs room).
const MIN_WIDTH: f64 = 640.0;
/// The widest shape a graph is drawn in (width to height); the layout aims below it.
const MAX_RATIO: f64 = 2.6;
/// Bold text is this much wider than regular text.
const BOLD: f64 = 1.1;

/// Escapes text for XML and HTML; characters XML 1.0 forbids become spaces.
pub(crate) fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            '\u{fffe}' | '\u{ffff}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX_LABEL_CHARS {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX_LABEL_CHARS - 1).collect();
        t.push('…');
        t
    }
}

/// Approximate width of text in Helvetica at `size` px (regular weight), from its characters.
pub(crate) fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| {
            let w = if c.is_ascii_uppercase() || c == 'm' || c == 'w' {
                0.75
            } else if c.is_ascii() {
                0.55
            } else if (c as u32) >= 0x1100 {
                1.0
            } else {
                0.6
            };
            w * size
        })
        .sum()
}

/// A node's box: its widest line and its lines' height, with padding and room for the shape.
fn node_size(n: &Node) -> (f64, f64) {
    let w = n
        .label
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                text_width(&shorten(l), 12.0) * BOLD
            } else {
                text_width(&shorten(l), 10.5)
            }
        })
        .fold(0.0, f64::max)
        + 2.0 * PAD
        + match n.shape {
            Shape::Box => 0.0,
            Shape::Hexagon => 24.0,
            Shape::Ellipse => 30.0,
        };
    (w.max(70.0), n.label.len() as f64 * LINE_H + 2.0 * PAD)
}

/// An SVG path through `points`: straight where two points are one above the other, else a
/// curve that leaves and arrives vertically (and so stays between the two points' heights).
fn path_through(points: impl Iterator<Item = (f64, f64)>) -> String {
    let mut d = String::new();
    let mut last: Option<(f64, f64)> = None;
    for (x1, y1) in points {
        match last {
            None => {
                let _ = write!(d, "M{x1:.1},{y1:.1}");
            }
            Some((x0, _)) if (x0 - x1).abs() < 0.05 => {
                let _ = write!(d, " L{x1:.1},{y1:.1}");
            }
            Some((x0, y0)) => {
                let my = (y0 + y1) / 2.0;
                let _ = write!(d, " C{x0:.1},{my:.1} {x1:.1},{my:.1} {x1:.1},{y1:.1}");
            }
        }
        last = Some((x1, y1));
    }
    d
}

pub(crate) struct SvgOut {
    pub(crate) body: String,
    pub(crate) width: f64,
    pub(crate) height: f64,
}

pub(crate) fn svg_document(title: &str, content: SvgOut) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"{FONT}\" role=\"img\">\n<title>{t}</title>\n<rect x=\"0\" y=\"0\" width=\"{w:.0}\" height=\"{h:.0}\" fill=\"#ffffff\"/>\n{body}</svg>\n",
        w = content.width,
        h = content.height,
        t = xml(title),
        body = content.body
    )
}

fn arrow_marker_id(color: &str) -> String {
    format!("arrow-{}", color.trim_start_matches('#'))
}

fn dash_attr(dash: &str) -> String {
    if dash.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{dash}\"")
    }
}

/// A standalone SVG picture of the graph.
pub fn to_svg(g: &Graph) -> String {
    let mut body = String::new();
    let margin = 20.0;
    // Title.
    let _ = writeln!(
        body,
        "<text x=\"{margin}\" y=\"{}\" font-size=\"16\" font-weight=\"bold\" fill=\"#222222\">{}</text>",
        margin + 12.0,
        xml(&g.title)
    );
    let mut y = margin + 26.0;
    // Legend, wrapped into lines.
    let mut legend_items: Vec<(String, f64)> = Vec::new();
    for kind in &g.legend {
        let st = kind.style();
        let marker = if st.directed {
            format!(" marker-end=\"url(#{})\"", arrow_marker_id(st.color))
        } else {
            String::new()
        };
        let label = st.legend;
        let w = 40.0 + text_width(label, 11.0) + 24.0;
        legend_items.push((
            format!(
                "<line x1=\"0\" y1=\"6\" x2=\"32\" y2=\"6\" stroke=\"{}\" stroke-width=\"{}\"{}{marker}/><text x=\"40\" y=\"10\" font-size=\"11\" fill=\"#333333\">{}</text>",
                st.color,
                st.width,
                dash_attr(st.dash),
                xml(label)
            ),
            w,
        ));
    }
    for key in &g.node_keys {
        let w = 30.0 + text_width(&key.label, 11.0) + 24.0;
        legend_items.push((
            format!(
                "<rect x=\"0\" y=\"0\" width=\"22\" height=\"13\" rx=\"3\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{}/><text x=\"30\" y=\"10\" font-size=\"11\" fill=\"#333333\">{}</text>",
                key.fill,
                key.stroke,
                key.stroke_width,
                if key.dashed { " stroke-dasharray=\"4 3\"" } else { "" },
                xml(&key.label)
            ),
            w,
        ));
    }
    for cl in &g.clusters {
        let w = 30.0 + text_width(&cl.label, 11.0) + 24.0;
        legend_items.push((
            format!(
                "<rect x=\"0\" y=\"0\" width=\"22\" height=\"13\" rx=\"3\" fill=\"{}\" stroke=\"{}\"/><text x=\"30\" y=\"10\" font-size=\"11\" fill=\"#333333\">{}</text>",
                cl.fill,
                cl.stroke,
                xml(&cl.label)
            ),
            w,
        ));
    }

    // Node sizes, label sizes and layout.
    let sizes: Vec<(f64, f64)> = g.nodes.iter().map(node_size).collect();
    let edges: Vec<LayoutEdge> = g
        .edges
        .iter()
        .map(|e| LayoutEdge {
            from: e.from,
            to: e.to,
            layering: g.layering.contains(&e.kind),
            label: e.label.as_ref().map(|l| {
                (
                    text_width(&shorten(l), EDGE_LABEL_SIZE) + 8.0,
                    EDGE_LABEL_SIZE + 3.0,
                )
            }),
        })
        .collect();
    // What goes above the drawing, measured at the narrowest legend (an upper bound), so
    // that the layout can hold the whole picture's shape.
    let notes_width = g
        .notes
        .iter()
        .map(|n| text_width(n, 11.0))
        .fold(0.0, f64::max);
    let min_width = notes_width.max(MIN_WIDTH);
    let header = |limit: f64| {
        let mut lines = 0usize;
        let mut lx = 0.0;
        for (_, w) in &legend_items {
            if lx > 0.0 && lx + w > limit {
                lines += 1;
                lx = 0.0;
            }
            lx += w;
        }
        let legend = if legend_items.is_empty() {
            0.0
        } else {
            lines as f64 * 20.0 + 30.0
        };
        legend + 18.0 * g.notes.len() as f64 + 16.0
    };
    let lay = balanced(
        &sizes,
        &edges,
        y + header(min_width) + 2.0 * margin,
        min_width + 2.0 * margin,
        MAX_RATIO,
    );
    let legend_width_limit = lay.width.max(min_width);
    // Legend placement now that the width is known.
    let (mut lx, mut ly) = (0.0, 0.0);
    let mut legend_svg = String::new();
    for (item, w) in &legend_items {
        if lx > 0.0 && lx + w > legend_width_limit {
            lx = 0.0;
            ly += 20.0;
        }
        let _ = writeln!(
            legend_svg,
            "<g transform=\"translate({:.1},{:.1})\">{item}</g>",
            margin + lx,
            y + ly
        );
        lx += w;
    }
    if !legend_items.is_empty() {
        body.push_str(&legend_svg);
        y += ly + 30.0;
    }
    for note in &g.notes {
        let _ = writeln!(
            body,
            "<text x=\"{margin}\" y=\"{:.1}\" font-size=\"11\" fill=\"#666666\">{}</text>",
            y + 4.0,
            xml(note)
        );
        y += 18.0;
    }
    y += 16.0;
    let (ox, oy) = (margin, y);
    let placed: Vec<Placed> = lay
        .nodes
        .iter()
        .map(|p| Placed {
            x: p.x + ox,
            y: p.y + oy,
            w: p.w,
            h: p.h,
        })
        .collect();
    if let Some(top) = lay.grid_top {
        let _ = writeln!(
            body,
            "<text x=\"{ox}\" y=\"{:.1}\" font-size=\"11\" fill=\"#666666\">{}</text>",
            oy + top + 12.0,
            xml(g.unconnected)
        );
    }
    let height = oy + lay.height + margin;
    let width = lay.width.max(legend_width_limit) + 2.0 * margin;

    // Arrow markers, one per colour.
    let mut colors: Vec<&str> = g.legend.iter().map(|k| k.style().color).collect();
    colors.extend(g.edges.iter().map(|e| e.kind.style().color));
    colors.sort_unstable();
    colors.dedup();
    body.push_str("<defs>\n");
    for c in &colors {
        let _ = writeln!(
            body,
            "<marker id=\"{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{c}\"/></marker>",
            arrow_marker_id(c)
        );
    }
    body.push_str("</defs>\n");

    // Edges, under the nodes, along their routes; labels over everything.
    let mut labels_svg = String::new();
    body.push_str("<g fill=\"none\">\n");
    for (ei, e) in g.edges.iter().enumerate() {
        let st = e.kind.style();
        let marker = if st.directed {
            format!(" marker-end=\"url(#{})\"", arrow_marker_id(st.color))
        } else {
            String::new()
        };
        let route = &lay.routes[ei];
        let d = if e.from == e.to {
            let a = &placed[e.from];
            let (x, y0) = (a.x + a.w, a.y + a.h / 2.0);
            format!(
                "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                x,
                y0 - 6.0,
                x + 40.0,
                y0 - 30.0,
                x + 40.0,
                y0 + 30.0,
                x,
                y0 + 6.0
            )
        } else {
            path_through(route.points.iter().map(|&(x, y)| (x + ox, y + oy)))
        };
        let _ = writeln!(
            body,
            "<path d=\"{d}\" stroke=\"{}\" stroke-width=\"{}\"{}{marker}/>",
            st.color,
            st.width,
            dash_attr(st.dash)
        );
        if let (Some(l), Some((x, y))) = (&e.label, route.label) {
            let _ = writeln!(
                labels_svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{EDGE_LABEL_SIZE}\" text-anchor=\"middle\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                x + ox,
                y + oy + EDGE_LABEL_SIZE * 0.3,
                st.color,
                xml(&shorten(l))
            );
        }
    }
    body.push_str("</g>\n");

    // Nodes.
    for (i, n) in g.nodes.iter().enumerate() {
        let p = &placed[i];
        let dash = if n.dashed {
            " stroke-dasharray=\"4 3\""
        } else {
            ""
        };
        let _ = write!(body, "<g id=\"node-{i}\">");
        match n.shape {
            Shape::Box => {
                let _ = write!(
                    body,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>",
                    p.x, p.y, p.w, p.h, n.fill, n.stroke, n.stroke_width
                );
            }
            Shape::Ellipse => {
                let _ = write!(
                    body,
                    "<ellipse cx=\"{:.1}\" cy=\"{:.1}\" rx=\"{:.1}\" ry=\"{:.1}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>",
                    p.x + p.w / 2.0,
                    p.y + p.h / 2.0,
                    p.w / 2.0,
                    p.h / 2.0,
                    n.fill,
                    n.stroke,
                    n.stroke_width
                );
            }
            Shape::Hexagon => {
                let c = 12.0;
                let _ = write!(
                    body,
                    "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>",
                    p.x + c,
                    p.y,
                    p.x + p.w - c,
                    p.y,
                    p.x + p.w,
                    p.y + p.h / 2.0,
                    p.x + p.w - c,
                    p.y + p.h,
                    p.x + c,
                    p.y + p.h,
                    p.x,
                    p.y + p.h / 2.0,
                    n.fill,
                    n.stroke,
                    n.stroke_width
                );
            }
        }
        for (k, line) in n.label.iter().enumerate() {
            let (size, weight) = if k == 0 {
                (12.0, " font-weight=\"bold\"")
            } else {
                (10.5, "")
            };
            let _ = write!(
                body,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{size}\"{weight} text-anchor=\"middle\" fill=\"{}\">{}</text>",
                p.x + p.w / 2.0,
                p.y + PAD + LINE_H * (k as f64 + 1.0) - 4.0,
                n.text,
                xml(&shorten(line))
            );
        }
        body.push_str("</g>\n");
    }
    body.push_str(&labels_svg);
    svg_document(
        &g.title,
        SvgOut {
            body,
            width,
            height,
        },
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping() {
        assert_eq!(super::xml("<a & 'b'>\u{1}"), "&lt;a &amp; &#39;b&#39;&gt; ");
        assert_eq!(super::super::dot::dot_str("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(
            super::super::mermaid::mermaid_text("a\"#<b>&"),
            "a#quot;#35;#lt;b#gt;#amp;"
        );
    }
}
