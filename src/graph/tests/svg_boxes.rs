//! Text and box geometry of the SVG pictures, for the readability tests (`scale.rs`,
//! `week.rs`): a text's box is estimated from its characters and font size, as the
//! writer estimates it.
#![allow(dead_code)]

#[derive(Debug, Clone, Copy)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn overlaps(&self, o: &Rect, slack: f64) -> bool {
        self.x0 + slack < o.x1
            && o.x0 + slack < self.x1
            && self.y0 + slack < o.y1
            && o.y0 + slack < self.y1
    }
    pub fn contains_strictly(&self, (x, y): (f64, f64), slack: f64) -> bool {
        x > self.x0 + slack && x < self.x1 - slack && y > self.y0 + slack && y < self.y1 - slack
    }
    pub fn inside(&self, o: &Rect, slack: f64) -> bool {
        self.x0 >= o.x0 - slack
            && self.x1 <= o.x1 + slack
            && self.y0 >= o.y0 - slack
            && self.y1 <= o.y1 + slack
    }
}

/// Width of text as the writer estimates it: boxes are checked against the same measure.
pub(crate) use crate::graph::svg::text_width;

/// A number attribute of an SVG element.
pub fn num(node: roxmltree::Node, attr: &str) -> f64 {
    node.attribute(attr)
        .unwrap_or_else(|| panic!("{attr} missing on {node:?}"))
        .parse()
        .unwrap()
}

/// The sum of the `translate(x,y)` of the node's ancestors.
pub fn offset(node: roxmltree::Node) -> (f64, f64) {
    let mut at = (0.0, 0.0);
    for a in node.ancestors() {
        if let Some(t) = a
            .attribute("transform")
            .and_then(|t| t.strip_prefix("translate("))
        {
            let (x, y) = t.trim_end_matches(')').split_once(',').unwrap();
            at.0 += x.trim().parse::<f64>().unwrap();
            at.1 += y.trim().parse::<f64>().unwrap();
        }
    }
    at
}

/// The box of a text element: from the baseline, 0.8 of the size up and 0.2 down.
pub fn text_box(t: roxmltree::Node) -> Rect {
    let (dx, dy) = offset(t);
    let size = num(t, "font-size");
    let mut w = text_width(t.text().unwrap_or(""), size);
    if t.attribute("font-weight") == Some("bold") {
        w *= 1.1;
    }
    let (x, y) = (num(t, "x") + dx, num(t, "y") + dy);
    let x0 = match t.attribute("text-anchor") {
        Some("middle") => x - w / 2.0,
        Some("end") => x - w,
        _ => x,
    };
    Rect {
        x0,
        y0: y - 0.8 * size,
        x1: x0 + w,
        y1: y + 0.2 * size,
    }
}
