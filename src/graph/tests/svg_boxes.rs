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

/// Width of text in Helvetica at `size` px, from its characters: the writer's estimate.
pub fn text_width(s: &str, size: f64) -> f64 {
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

/// A number attribute of an SVG element.
pub fn num(node: roxmltree::Node, attr: &str) -> f64 {
    node.attribute(attr)
        .unwrap_or_else(|| panic!("{attr} missing on {node:?}"))
        .parse()
        .unwrap()
}
