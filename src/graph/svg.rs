//! The SVG writer: a standalone picture of a [`Graph`], placed by [`super::layout`].

use std::collections::HashMap;
use std::fmt::Write as _;

use super::layout::{layout, Placed, V_GAP};
use super::{Graph, Shape};

const FONT: &str = "Helvetica, Arial, sans-serif";
const LINE_H: f64 = 15.0;
const PAD: f64 = 8.0;
const MAX_LABEL_CHARS: usize = 42;

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

/// Approximate width of text at 11px Helvetica.
fn text_width(s: &str, size: f64) -> f64 {
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

    // Node sizes and layout.
    let sizes: Vec<(f64, f64)> = g
        .nodes
        .iter()
        .map(|n| {
            let w = n
                .label
                .iter()
                .enumerate()
                .map(|(i, l)| text_width(&shorten(l), if i == 0 { 12.0 } else { 10.5 }))
                .fold(0.0, f64::max)
                + 2.0 * PAD
                + match n.shape {
                    Shape::Box => 0.0,
                    Shape::Hexagon => 24.0,
                    Shape::Ellipse => 30.0,
                };
            (w.max(70.0), n.label.len() as f64 * LINE_H + 2.0 * PAD)
        })
        .collect();
    let lay = layout(g, &sizes);
    let legend_width_limit = lay.width.max(640.0);
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
    let width = (lay.width + 2.0 * margin).max(legend_width_limit + 2.0 * margin);

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

    // Edges, under the nodes. Parallel edges between one pair bend apart.
    let mut pair_count: HashMap<(usize, usize), usize> = HashMap::new();
    let mut arcs_in_row: HashMap<i64, usize> = HashMap::new();
    let mut labels_svg = String::new();
    body.push_str("<g fill=\"none\">\n");
    for (ei, e) in g.edges.iter().enumerate() {
        let st = e.kind.style();
        let key = (e.from.min(e.to), e.from.max(e.to));
        let k = pair_count.entry(key).or_insert(0);
        let bend = *k as f64 * 18.0 * if *k % 2 == 0 { 1.0 } else { -1.0 };
        *k += 1;
        let (a, b) = (&placed[e.from], &placed[e.to]);
        let marker = if st.directed {
            format!(" marker-end=\"url(#{})\"", arrow_marker_id(st.color))
        } else {
            String::new()
        };
        let route = lay.routes[ei].as_ref().filter(|r| r.len() > 2);
        let (d, mid) = if let Some(points) = route {
            // Through the rows it crosses: vertical inside a row, curves between rows.
            let pts: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (x + ox, y + oy)).collect();
            let mut d = format!("M{:.1},{:.1}", pts[0].0, pts[0].1);
            for w in pts.windows(2) {
                let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                if (x0 - x1).abs() < 0.05 {
                    let _ = write!(d, " L{x1:.1},{y1:.1}");
                } else {
                    let my = (y0 + y1) / 2.0;
                    let _ = write!(d, " C{x0:.1},{my:.1} {x1:.1},{my:.1} {x1:.1},{y1:.1}");
                }
            }
            let m = pts.len() / 2;
            (
                d,
                (
                    (pts[m - 1].0 + pts[m].0) / 2.0,
                    (pts[m - 1].1 + pts[m].1) / 2.0,
                ),
            )
        } else if e.from == e.to {
            let (x, y0) = (a.x + a.w, a.y + a.h / 2.0);
            (
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
                ),
                (x + 30.0, y0),
            )
        } else {
            let (ax, bx) = (a.x + a.w / 2.0 + bend, b.x + b.w / 2.0 + bend);
            let (p0, p3, c1, c2);
            if b.y > a.y + a.h {
                p0 = (ax, a.y + a.h);
                p3 = (bx, b.y);
                let dy = (p3.1 - p0.1) / 2.0;
                c1 = (p0.0, p0.1 + dy);
                c2 = (p3.0, p3.1 - dy);
            } else if a.y > b.y + b.h {
                p0 = (ax, a.y);
                p3 = (bx, b.y + b.h);
                let dy = (p0.1 - p3.1) / 2.0;
                c1 = (p0.0, p0.1 - dy);
                c2 = (p3.0, p3.1 + dy);
            } else {
                // Same row: an arc above.
                p0 = (ax, a.y);
                p3 = (bx, b.y);
                // Kept inside the gap above the row, so that it never crosses the row above;
                // successive arcs over one row rise to different heights so that their labels
                // do not sit on one another.
                let slot = arcs_in_row.entry(a.y.round() as i64).or_insert(0usize);
                let lift = (28.0 + (*slot % 4) as f64 * 16.0 + bend.abs()).min(V_GAP * 0.95);
                *slot += 1;
                c1 = (p0.0, p0.1 - lift);
                c2 = (p3.0, p3.1 - lift);
            }
            let mid = (
                (p0.0 + 3.0 * c1.0 + 3.0 * c2.0 + p3.0) / 8.0,
                (p0.1 + 3.0 * c1.1 + 3.0 * c2.1 + p3.1) / 8.0,
            );
            (
                format!(
                    "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                    p0.0, p0.1, c1.0, c1.1, c2.0, c2.1, p3.0, p3.1
                ),
                mid,
            )
        };
        let _ = writeln!(
            body,
            "<path d=\"{d}\" stroke=\"{}\" stroke-width=\"{}\"{}{marker}/>",
            st.color,
            st.width,
            dash_attr(st.dash)
        );
        if let Some(l) = &e.label {
            let _ = writeln!(
                labels_svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                mid.0,
                mid.1 + 3.0,
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
