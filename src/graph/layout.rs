//! Where the SVG writer puts things: a layered (Sugiyama) layout of boxes and the routes of
//! the edges between them, cut into stacked strips so that big graphs keep a readable shape.
//!
//! The layout sees only sizes and edges — boxes with a width and height, edges with their
//! ends, whether they decide the vertical order, and the size of their label — never what
//! the nodes mean or how the links between them were found, so the views can change freely.
//!
//! Why not a crate: `rust-sugiyama` (the one maintained layered-layout crate on crates.io)
//! returns node positions only, not where the long edges' dummy vertices go, so its edges
//! could not be routed around boxes; it cannot stack a wide drawing in strips to hold an aspect
//! ratio, nor make room for edge labels; and it brings in `petgraph`. The steps here are the
//! textbook ones, each a few dozen lines:
//!
//! 1. **Layering**: longest path along the layering edges (cycles broken by a depth-first
//!    search), sources pulled down next to what they lead to.
//! 2. **Strips**: when the drawing is wider than the target width, it is cut into vertical
//!    strips by where the boxes fell, and the strips are stacked, each keeping its layers: a
//!    team stays next to its parent and children and most edges stay inside a strip. A box
//!    with boxes below it heads the first strip of those, so layering edges still point
//!    down. The stacked rows are then laid out again (steps 3 to 6).
//! 3. **Gap rows and dummy vertices**: between two rows of boxes lies a row for edge traffic.
//!    Every edge becomes a chain of vertices, one per row it crosses; its label is a vertex of
//!    the label's size in a gap row, so labels take room like boxes do and never overlap. An
//!    edge between two boxes of one row turns in the gap row above.
//! 4. **Crossing reduction**: barycentre sweeps, down and up.
//! 5. **Coordinates**: rows packed left to right, then each vertex pulled toward its
//!    neighbours while keeping the order and the gaps.
//! 6. **Routes**: vertical through a row (in the edge's own slot), curves with vertical ends
//!    between rows (a cubic curve stays between its end points' heights, where no box is).
//!    So no edge crosses a box or a label.
//!
//! The steps that work on plain numbers (layering, ordering, placing a row) are in
//! `layered.rs`. Boxes with no edges go in a grid below. The SVG writer may lay a graph out
//! several times with narrower strips until its width and height are within 1:3 to 3:1
//! ([`balanced`]).

use super::layered::{layers, order_rows, place_in_order};

/// A box's place: top-left corner and size.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Placed {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) w: f64,
    pub(crate) h: f64,
}

/// An edge as the layout sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LayoutEdge {
    pub(crate) from: usize,
    pub(crate) to: usize,
    /// Whether the edge decides the vertical order (`from` above `to`).
    pub(crate) layering: bool,
    /// Width and height of the edge's label, if it has one.
    pub(crate) label: Option<(f64, f64)>,
}

/// Where an edge goes: points from its `from` box to its `to` box, joined by vertical lines
/// (same x) or curves with vertical ends; and the centre of its label. A loop (an edge from
/// a box to itself) has no points: it is drawn at the right of its box, where room is kept.
#[derive(Debug, Clone, Default)]
pub(crate) struct Route {
    pub(crate) points: Vec<(f64, f64)>,
    pub(crate) label: Option<(f64, f64)>,
}

/// Where everything goes.
pub(crate) struct Layout {
    pub(crate) nodes: Vec<Placed>,
    pub(crate) routes: Vec<Route>,
    /// Where the grid of unconnected boxes starts (its heading goes here), if there is one.
    pub(crate) grid_top: Option<f64>,
    pub(crate) width: f64,
    pub(crate) height: f64,
}

/// Horizontal gap between two boxes of a row.
pub(crate) const H_GAP: f64 = 28.0;
/// Horizontal gap next to an edge's slot.
const EDGE_GAP: f64 = 12.0;
/// Width of an edge's slot in a row it crosses.
const EDGE_W: f64 = 6.0;
/// Vertical gap between a row and the next.
const ROW_GAP: f64 = 26.0;
/// Room kept at the right of a box for a loop.
pub(crate) const LOOP_W: f64 = 44.0;
/// Above this many dummy vertices the edges are drawn straight from box to box (no routing),
/// so that a huge plan still draws in seconds.
const MAX_DUMMIES: usize = 60_000;
/// Space kept above the grid of unconnected boxes for its heading.
pub(crate) const GRID_HEADING: f64 = 24.0;

/// Lays the graph out with strips narrowed until the picture's width to height is at most
/// `max_ratio` (a few tries), given the `extra_height` the writer adds above it (title,
/// legend) and the `min_width` it needs anyway. Graphs that fit stay in one strip.
pub(crate) fn balanced(
    sizes: &[(f64, f64)],
    edges: &[LayoutEdge],
    extra_height: f64,
    min_width: f64,
    max_ratio: f64,
) -> Layout {
    let ratio = |l: &Layout| l.width.max(min_width) / (l.height + extra_height).max(1.0);
    let mut best = layout(sizes, edges, f64::INFINITY);
    if ratio(&best) <= max_ratio {
        return best;
    }
    // Aim at the middle of the allowed range; the area stays roughly the same when strips
    // stack, so the width to aim for is √(target · area).
    let target = (max_ratio / 1.6).max(1.0);
    let mut width = (target * best.width * (best.height + extra_height)).sqrt();
    for _ in 0..4 {
        let next = layout(sizes, edges, width);
        let r = ratio(&next);
        let better = (r - target).abs() < (ratio(&best) - target).abs();
        if better {
            best = next;
        }
        if (1.0 / max_ratio..=max_ratio).contains(&ratio(&best)) {
            break;
        }
        width *= (target / r).sqrt();
    }
    best
}

/// One vertex of the layered graph: a box, or a point of an edge's route.
#[derive(Clone, Copy)]
struct Vertex {
    w: f64,
    h: f64,
    row: usize,
    /// The box it is (`None` for an edge's vertex).
    node: Option<usize>,
}

/// Lays the graph out, in stacked strips if it is wider than `strip_width`.
pub(crate) fn layout(sizes: &[(f64, f64)], edges: &[LayoutEdge], strip_width: f64) -> Layout {
    let n = sizes.len();
    // Room for loops and their labels.
    let mut slot_w: Vec<f64> = sizes.iter().map(|s| s.0).collect();
    for e in edges.iter().filter(|e| e.from == e.to) {
        let lw = e.label.map_or(0.0, |l| l.0 + 4.0);
        slot_w[e.from] = slot_w[e.from].max(sizes[e.from].0 + LOOP_W + lw);
    }
    let mut connected = vec![false; n];
    for e in edges.iter().filter(|e| e.from != e.to) {
        connected[e.from] = true;
        connected[e.to] = true;
    }
    let layer = layers(n, edges, &connected);

    // 2. Bands: order each layer by a first barycentre pass over the boxes alone.
    let depth = (0..n)
        .filter(|&v| connected[v])
        .map(|v| layer[v] + 1)
        .max()
        .unwrap_or(0);
    let mut layer_rows: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for v in (0..n).filter(|&v| connected[v]) {
        layer_rows[layer[v]].push(v);
    }
    let mut near: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges.iter().filter(|e| e.from != e.to) {
        near[e.from].push(e.to);
        near[e.to].push(e.from);
    }
    order_rows(&mut layer_rows, &near, &near, n, 4, false);
    let whole = place(sizes, &slot_w, edges, &connected, &layer_rows, strip_width);
    if whole.width <= strip_width {
        return whole;
    }
    // Too wide: cut the drawing into vertical strips and stack them, each strip keeping its
    // layers (so a team stays next to its parent and its children, and most edges stay
    // inside a strip); then lay the stacked rows out again, routing the edges that cross
    // from one strip to another through the rows between.
    let strips = (whole.width / strip_width).ceil().max(1.0) as usize;
    let strip_w = whole.width / strips as f64;
    let centre = |v: usize| whole.nodes[v].x + whole.nodes[v].w / 2.0;
    // A box with boxes below it goes in the first strip of those (bottom-up), so that every
    // layering edge still points down and a parent heads the strip its children start in.
    let mut strip: Vec<usize> = (0..n)
        .map(|v| ((centre(v) / strip_w).max(0.0) as usize).min(strips - 1))
        .collect();
    let mut below: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        if e.layering && connected[e.from] && layer[e.from] < layer[e.to] {
            below[e.from].push(e.to);
        }
    }
    for row in layer_rows.iter().rev() {
        for &v in row {
            if let Some(first) = below[v].iter().map(|&w| strip[w]).min() {
                strip[v] = first;
            }
        }
    }
    let mut box_rows: Vec<Vec<usize>> = vec![Vec::new(); strips * depth];
    for (l, row) in layer_rows.iter().enumerate() {
        for &v in row {
            box_rows[strip[v] * depth + l].push(v);
        }
    }
    box_rows.retain(|r| !r.is_empty());
    for row in &mut box_rows {
        row.sort_by(|&a, &b| centre(a).total_cmp(&centre(b)));
    }
    place(sizes, &slot_w, edges, &connected, &box_rows, strip_width)
}

/// Steps 3 to 6 for boxes already in rows (`box_rows`, top to bottom, each in a first order).
fn place(
    sizes: &[(f64, f64)],
    slot_w: &[f64],
    edges: &[LayoutEdge],
    connected: &[bool],
    box_rows: &[Vec<usize>],
    strip_width: f64,
) -> Layout {
    let n = sizes.len();
    // 3. Rows: box row `r` is row `2r + 1`; the even rows carry edges between them.
    let mut vertices: Vec<Vertex> = (0..n)
        .map(|v| Vertex {
            w: slot_w[v],
            h: sizes[v].1,
            row: usize::MAX,
            node: Some(v),
        })
        .collect();
    for (r, row) in box_rows.iter().enumerate() {
        for &v in row {
            vertices[v].row = 2 * r + 1;
        }
    }
    let dummies_needed: usize = edges
        .iter()
        .filter(|e| e.from != e.to && connected[e.from])
        .map(|e| {
            let (a, b) = (vertices[e.from].row, vertices[e.to].row);
            if a == b {
                1
            } else {
                a.abs_diff(b) - 1
            }
        })
        .sum();
    let routed = dummies_needed <= MAX_DUMMIES;
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); n];
    // Per edge: its vertices from top to bottom (for a turning edge: from, dummy, to), and
    // the one that holds its label. Box rows are never adjacent, so every edge has at least
    // one vertex of its own.
    let mut chains: Vec<Vec<usize>> = vec![Vec::new(); edges.len()];
    let mut label_vertex: Vec<Option<usize>> = vec![None; edges.len()];
    let mut add_vertex = |vertices: &mut Vec<Vertex>, w: f64, h: f64, row: usize| {
        vertices.push(Vertex {
            w,
            h,
            row,
            node: None,
        });
        up.push(Vec::new());
        down.push(Vec::new());
        vertices.len() - 1
    };
    let mut links: Vec<(usize, usize)> = Vec::new(); // (upper, lower) adjacent-row pairs
    for (k, e) in edges.iter().enumerate() {
        if e.from == e.to || !connected[e.from] || !routed {
            continue;
        }
        let (ra, rb) = (vertices[e.from].row, vertices[e.to].row);
        let (lw, lh) = e.label.unwrap_or((EDGE_W, 0.0));
        if ra == rb {
            let d = add_vertex(&mut vertices, lw.max(EDGE_W), lh, ra - 1);
            links.push((d, e.from));
            links.push((d, e.to));
            chains[k] = vec![e.from, d, e.to];
            label_vertex[k] = Some(d);
            continue;
        }
        let (top, bottom, rt, rbm) = if ra < rb {
            (e.from, e.to, ra, rb)
        } else {
            (e.to, e.from, rb, ra)
        };
        // The label goes in the gap row nearest the middle.
        let mid = (rt + rbm) / 2;
        let label_row = if mid % 2 == 0 { mid } else { mid + 1 };
        let mut chain = vec![top];
        for row in rt + 1..rbm {
            let d = if row == label_row && e.label.is_some() {
                let d = add_vertex(&mut vertices, lw, lh, row);
                label_vertex[k] = Some(d);
                d
            } else {
                add_vertex(&mut vertices, EDGE_W, 0.0, row)
            };
            links.push((*chain.last().unwrap(), d));
            chain.push(d);
        }
        links.push((*chain.last().unwrap(), bottom));
        chain.push(bottom);
        chains[k] = chain;
    }
    let nv = vertices.len();
    up.resize(nv, Vec::new());
    down.resize(nv, Vec::new());
    for &(a, b) in &links {
        down[a].push(b);
        up[b].push(a);
    }
    let row_count = 2 * box_rows.len() + 1;
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); row_count];
    for r in box_rows {
        for &v in r {
            rows[vertices[v].row].push(v);
        }
    }
    for (v, vx) in vertices.iter().enumerate().skip(n) {
        rows[vx.row].push(v);
    }

    // 4. Crossing reduction.
    let sweeps = if nv <= 20_000 { 24 } else { 8 };
    order_rows(&mut rows, &up, &down, nv, sweeps, true);

    // 5. x coordinates: each row placed where its vertices' neighbours pull it (links
    // between edge vertices pull harder, so long edges run straight), keeping order and gaps.
    let gap = |a: usize, b: usize| {
        if vertices[a].node.is_some() && vertices[b].node.is_some() {
            H_GAP
        } else {
            EDGE_GAP
        }
    };
    let pull = |a: usize, b: usize| match (vertices[a].node, vertices[b].node) {
        (None, None) => 8.0,
        (None, _) | (_, None) => 2.0,
        _ => 1.0,
    };
    let mut cx = vec![0.0f64; nv];
    for row in &rows {
        let mut x = 0.0;
        for (i, &v) in row.iter().enumerate() {
            if i > 0 {
                x += gap(row[i - 1], v);
            }
            cx[v] = x + vertices[v].w / 2.0;
            x += vertices[v].w;
        }
        let shift = x / 2.0;
        for &v in row {
            cx[v] -= shift;
        }
    }
    for iteration in 0..16 {
        let order: Vec<usize> = if iteration % 2 == 0 {
            (0..rows.len()).collect()
        } else {
            (0..rows.len()).rev().collect()
        };
        for r in order {
            let row = &rows[r];
            if row.is_empty() {
                continue;
            }
            let (desired, weight): (Vec<f64>, Vec<f64>) = row
                .iter()
                .map(|&v| {
                    let (mut sum, mut total) = (0.0, 0.0);
                    for &u in up[v].iter().chain(&down[v]) {
                        let w = pull(u, v);
                        sum += w * cx[u];
                        total += w;
                    }
                    if total == 0.0 {
                        (cx[v], 0.1)
                    } else {
                        (sum / total, total)
                    }
                })
                .unzip();
            let min_step: Vec<f64> = (0..row.len())
                .map(|i| {
                    if i == 0 {
                        0.0
                    } else {
                        (vertices[row[i - 1]].w + vertices[row[i]].w) / 2.0
                            + gap(row[i - 1], row[i])
                    }
                })
                .collect();
            for (v, x) in row.iter().zip(place_in_order(&desired, &weight, &min_step)) {
                cx[*v] = x;
            }
        }
    }
    let min_left = rows
        .iter()
        .flatten()
        .map(|&v| cx[v] - vertices[v].w / 2.0)
        .fold(f64::INFINITY, f64::min);
    let min_left = if min_left.is_finite() { min_left } else { 0.0 };
    for x in &mut cx {
        *x -= min_left;
    }

    // y: rows top to bottom, empty rows left out; boxes top-aligned in their row.
    let mut row_span: Vec<(f64, f64)> = vec![(0.0, 0.0); rows.len()];
    let mut y = 0.0;
    let mut any = false;
    for (r, row) in rows.iter().enumerate() {
        if row.is_empty() {
            row_span[r] = (y, y);
            continue;
        }
        if any {
            y += ROW_GAP;
        }
        any = true;
        let h = row.iter().map(|&v| vertices[v].h).fold(0.0, f64::max);
        row_span[r] = (y, y + h);
        y += h;
    }
    let mut width: f64 = 0.0;
    let mut nodes = vec![Placed::default(); n];
    for row in &rows {
        for &v in row {
            width = width.max(cx[v] + vertices[v].w / 2.0);
            if let Some(node) = vertices[v].node {
                nodes[node] = Placed {
                    x: cx[v] - vertices[v].w / 2.0,
                    y: row_span[vertices[v].row].0,
                    w: sizes[node].0,
                    h: sizes[node].1,
                };
            }
        }
    }
    let mut height = if any { y } else { 0.0 };

    // Unconnected boxes: a grid below, as wide as the rest (or the band width).
    let mut isolated: Vec<usize> = (0..n).filter(|&v| !connected[v]).collect();
    isolated.sort_unstable();
    let grid_top = (!isolated.is_empty()).then_some(if any { height + ROW_GAP } else { 0.0 });
    if let Some(top) = grid_top {
        let total: f64 = isolated.iter().map(|&v| slot_w[v] + H_GAP).sum();
        let limit = if width > 0.0 {
            width.max(600.0)
        } else if strip_width.is_finite() {
            strip_width
        } else {
            // Alone: about twice as wide as high.
            let h =
                isolated.iter().map(|&v| sizes[v].1 + H_GAP).sum::<f64>() / isolated.len() as f64;
            (2.0 * total * h).sqrt().max(600.0)
        };
        let mut y = top + GRID_HEADING;
        let mut x = 0.0;
        let mut line_h: f64 = 0.0;
        for &v in &isolated {
            if x > 0.0 && x + slot_w[v] > limit {
                y += line_h + H_GAP;
                x = 0.0;
                line_h = 0.0;
            }
            nodes[v] = Placed {
                x,
                y,
                w: sizes[v].0,
                h: sizes[v].1,
            };
            line_h = line_h.max(sizes[v].1);
            x += slot_w[v];
            width = width.max(x);
            x += H_GAP;
        }
        height = y + line_h;
    }

    // 6. Routes. Where several edges leave one side of a box, they leave from points spread
    // along it, in the order of where they go, so that they neither bunch nor cross there.
    let mut sides: std::collections::HashMap<(usize, bool), Vec<(f64, usize)>> =
        std::collections::HashMap::new();
    for chain in chains.iter().filter(|c| !c.is_empty()) {
        let last = chain.len() - 1;
        let turning = vertices[chain[0]].row == vertices[chain[last]].row;
        for (end, next) in [(0, 1), (last, last - 1)] {
            let v = chain[end];
            let bottom = end == 0 && !turning;
            sides
                .entry((v, bottom))
                .or_default()
                .push((cx[chain[next]], chain[next]));
        }
    }
    let mut port: std::collections::HashMap<(usize, usize), f64> = std::collections::HashMap::new();
    for ((v, _), mut list) in sides {
        list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let node = vertices[v].node.map_or(Placed::default(), |k| nodes[k]);
        let count = list.len() as f64;
        for (i, &(_, next)) in list.iter().enumerate() {
            let x = if count == 1.0 {
                node.x + node.w / 2.0
            } else {
                node.x + node.w * (0.2 + 0.6 * i as f64 / (count - 1.0))
            };
            port.insert((v, next), x);
        }
    }
    let routes = edges
        .iter()
        .enumerate()
        .map(|(k, e)| {
            if e.from == e.to {
                let p = &nodes[e.from];
                let label = e
                    .label
                    .map(|(lw, _)| (p.x + p.w + LOOP_W + lw / 2.0, p.y + p.h / 2.0));
                return Route {
                    points: Vec::new(),
                    label,
                };
            }
            let chain = &chains[k];
            if chain.is_empty() {
                // Not routed (a huge graph): straight from box to box.
                let (a, b) = (&nodes[e.from], &nodes[e.to]);
                let (p0, p1) = if a.y + a.h <= b.y {
                    ((a.x + a.w / 2.0, a.y + a.h), (b.x + b.w / 2.0, b.y))
                } else {
                    ((a.x + a.w / 2.0, a.y), (b.x + b.w / 2.0, b.y + b.h))
                };
                return Route {
                    points: vec![p0, p1],
                    label: e.label.map(|_| ((p0.0 + p1.0) / 2.0, (p0.1 + p1.1) / 2.0)),
                };
            }
            // A box's vertex is as wide as its slot (with room for a loop): edges meet the box's
            // centre.
            let at = |i: usize| {
                let v = chain[i];
                match vertices[v].node {
                    Some(node) => {
                        let next = if i == 0 { chain[1] } else { chain[i - 1] };
                        port.get(&(v, next))
                            .copied()
                            .unwrap_or(nodes[node].x + nodes[node].w / 2.0)
                    }
                    None => cx[v],
                }
            };
            let mut points = Vec::new();
            let turning = chain.len() == 3
                && vertices[chain[1]].row + 1 == vertices[chain[0]].row
                && vertices[chain[0]].row == vertices[chain[2]].row;
            if turning {
                let (a, d, b) = (chain[0], chain[1], chain[2]);
                points.push((at(0), nodes[a].y));
                points.push((at(1), row_span[vertices[d].row].1));
                points.push((at(2), nodes[b].y));
            } else {
                for (i, &v) in chain.iter().enumerate() {
                    let (top, bottom) = row_span[vertices[v].row];
                    match vertices[v].node {
                        Some(node) if i == 0 => {
                            let p = &nodes[node];
                            points.push((at(i), p.y + p.h));
                            if p.y + p.h < bottom {
                                points.push((at(i), bottom));
                            }
                        }
                        Some(node) => points.push((at(i), nodes[node].y)),
                        None => {
                            points.push((at(i), top));
                            if bottom > top {
                                points.push((at(i), bottom));
                            }
                        }
                    }
                }
                if chain[0] != e.from {
                    points.reverse();
                }
            }
            let label = label_vertex[k].map(|d| {
                let (top, _) = row_span[vertices[d].row];
                (cx[d], top + vertices[d].h / 2.0)
            });
            Route { points, label }
        })
        .collect();
    Layout {
        nodes,
        routes,
        grid_top,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(from: usize, to: usize, layering: bool, label: Option<(f64, f64)>) -> LayoutEdge {
        LayoutEdge {
            from,
            to,
            layering,
            label,
        }
    }

    #[test]
    fn edges_between_boxes_of_one_row_turn_above_it_with_their_label() {
        // 0 is above 1 and 2; 1 and 2 share a row and are linked with a label.
        let sizes = [(100.0, 40.0); 3];
        let edges = [
            edge(0, 1, true, None),
            edge(0, 2, true, None),
            edge(1, 2, false, Some((50.0, 13.0))),
        ];
        let l = layout(&sizes, &edges, f64::INFINITY);
        assert_eq!(l.nodes[1].y, l.nodes[2].y);
        assert!(l.nodes[0].y + 40.0 < l.nodes[1].y);
        let r = &l.routes[2];
        assert_eq!(r.points.len(), 3);
        let (lx, ly) = r.label.unwrap();
        assert!(
            ly < l.nodes[1].y && ly > l.nodes[0].y + 40.0,
            "label between rows"
        );
        assert!(lx > l.nodes[1].x && lx < l.nodes[2].x + 100.0);
    }

    #[test]
    fn wide_drawings_are_stacked_in_strips() {
        // One parent, 40 children: 40 wide in one row, or several bands.
        let sizes = vec![(120.0, 40.0); 41];
        let edges: Vec<LayoutEdge> = (1..41).map(|c| edge(0, c, true, None)).collect();
        let one_row = layout(&sizes, &edges, f64::INFINITY);
        assert!(one_row.width > 40.0 * 120.0);
        let l = balanced(&sizes, &edges, 100.0, 640.0, 2.6);
        assert!(
            l.width / (l.height + 100.0) <= 3.0,
            "{} x {}",
            l.width,
            l.height
        );
        // Every box is below its parent, and no two boxes overlap.
        for (i, a) in l.nodes.iter().enumerate() {
            if i > 0 {
                assert!(a.y > l.nodes[0].y + 40.0);
            }
            for b in &l.nodes[i + 1..] {
                let apart =
                    a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
                assert!(apart, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn loops_keep_room_at_the_right_of_their_box() {
        let sizes = [(100.0, 40.0); 3];
        let edges = [
            edge(0, 1, true, None),
            edge(0, 2, true, None),
            edge(1, 1, true, None),
            edge(2, 2, true, None),
        ];
        let l = layout(&sizes, &edges, f64::INFINITY);
        let (a, b) = if l.nodes[1].x < l.nodes[2].x {
            (l.nodes[1], l.nodes[2])
        } else {
            (l.nodes[2], l.nodes[1])
        };
        assert!(b.x - (a.x + a.w) >= LOOP_W, "{a:?} {b:?}");
        assert!(l.routes[2].points.is_empty());
    }
}
