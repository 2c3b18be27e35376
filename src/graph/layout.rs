//! Where the SVG writer puts things: a layered layout of a [`Graph`]'s nodes and edge routes.

use super::Graph;

pub(crate) const H_GAP: f64 = 28.0;
pub(crate) const V_GAP: f64 = 80.0;
const MAX_PER_ROW: usize = 10;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Placed {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) w: f64,
    pub(crate) h: f64,
}

/// Layers of the connected nodes by the layering edges (top to bottom), cycles broken by a
/// depth-first search; a node with nothing above it sits just above its highest successor.
fn layers(g: &Graph, connected: &[bool]) -> Vec<usize> {
    let n = g.nodes.len();
    let mut succ: Vec<Vec<u32>> = vec![Vec::new(); n];
    for e in &g.edges {
        if g.layering.contains(&e.kind) && e.from != e.to && connected[e.from] && connected[e.to] {
            succ[e.from].push(e.to as u32);
        }
    }
    // Drop back edges (iterative DFS): what remains is acyclic.
    let mut state = vec![0u8; n];
    let mut kept: Vec<Vec<u32>> = vec![Vec::new(); n];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (v, ref mut pos)) = stack.last_mut() {
            if *pos < succ[v].len() {
                let w = succ[v][*pos] as usize;
                *pos += 1;
                match state[w] {
                    0 => {
                        kept[v].push(w as u32);
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    2 => kept[v].push(w as u32),
                    _ => {} // back edge
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    // Longest path from the sources, in Kahn's order.
    let mut indeg = vec![0usize; n];
    for list in &kept {
        for &w in list {
            indeg[w as usize] += 1;
        }
    }
    let sources: Vec<bool> = indeg.iter().map(|&d| d == 0).collect();
    let mut layer = vec![0usize; n];
    let mut queue: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut head = 0;
    while head < queue.len() {
        let v = queue[head];
        head += 1;
        for &w in &kept[v] {
            let w = w as usize;
            layer[w] = layer[w].max(layer[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push(w);
            }
        }
    }
    // Pull sources down next to what they lead to (successors are final first).
    for &v in queue.iter().rev() {
        if sources[v] {
            if let Some(min) = kept[v].iter().map(|&w| layer[w as usize]).min() {
                layer[v] = min.saturating_sub(1);
            }
        }
    }
    layer
}

/// Where everything goes: node boxes and, for each edge, the points of its route from its
/// `from` node to its `to` node (`None`: a loop, or two nodes side by side in one row).
pub(crate) struct Layout {
    pub(crate) nodes: Vec<Placed>,
    pub(crate) routes: Vec<Option<Vec<(f64, f64)>>>,
    /// Where the grid of unconnected nodes starts, if there is one.
    pub(crate) grid_top: Option<f64>,
    pub(crate) width: f64,
    pub(crate) height: f64,
}

const DUMMY_W: f64 = 8.0;
const MAX_DUMMIES: usize = 4000;

/// A layered layout: longest-path layers, long edges split at every layer they cross (small
/// graphs), barycentric ordering, then x positions pulled toward neighbours. Nodes with no
/// edges go in a grid below. Near-linear: a fixed number of sweeps, each sorting the rows.
pub(crate) fn layout(g: &Graph, sizes: &[(f64, f64)]) -> Layout {
    let n = g.nodes.len();
    let mut connected = vec![false; n];
    for e in &g.edges {
        if e.from != e.to {
            connected[e.from] = true;
            connected[e.to] = true;
        }
    }
    let layer = layers(g, &connected);
    let dummies_needed: usize = g
        .edges
        .iter()
        .filter(|e| e.from != e.to)
        .map(|e| layer[e.from].abs_diff(layer[e.to]).saturating_sub(1))
        .sum();
    let use_dummies = dummies_needed <= MAX_DUMMIES;

    // Vertices: the nodes, then one dummy per crossed layer of each long edge.
    let mut vlayer = layer.clone();
    let mut vsize: Vec<(f64, f64)> = sizes.to_vec();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut chains: Vec<Vec<usize>> = vec![Vec::new(); g.edges.len()];
    for (k, e) in g.edges.iter().enumerate() {
        if e.from == e.to || layer[e.from] == layer[e.to] {
            continue;
        }
        let (top, bottom) = if layer[e.from] < layer[e.to] {
            (e.from, e.to)
        } else {
            (e.to, e.from)
        };
        let mut prev = top;
        if use_dummies {
            for l in layer[top] + 1..layer[bottom] {
                let d = vlayer.len();
                vlayer.push(l);
                vsize.push((DUMMY_W, 0.0));
                up.push(vec![prev]);
                down.push(Vec::new());
                down[prev].push(d);
                chains[k].push(d);
                prev = d;
            }
        }
        down[prev].push(bottom);
        up[bottom].push(prev);
    }
    let nv = vlayer.len();
    let depth = (0..n)
        .filter(|&v| connected[v])
        .map(|v| layer[v] + 1)
        .max()
        .unwrap_or(0);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for v in 0..nv {
        if v >= n || connected[v] {
            rows[vlayer[v]].push(v);
        }
    }
    let cluster = |v: usize| {
        if v < n {
            g.nodes[v].cluster.unwrap_or(usize::MAX)
        } else {
            usize::MAX
        }
    };
    for row in &mut rows {
        row.sort_by_key(|&v| (cluster(v), v));
    }

    // Ordering: barycentres of the neighbours' relative positions, sweeping down and up.
    let mut pos = vec![0.0f64; nv];
    let renumber = |row: &[usize], pos: &mut Vec<f64>| {
        let len = row.len().max(1) as f64;
        for (i, &v) in row.iter().enumerate() {
            pos[v] = (i as f64 + 0.5) / len;
        }
    };
    for row in &rows {
        renumber(row, &mut pos);
    }
    for sweep in 0..8 {
        let downward = sweep % 2 == 0;
        let order: Vec<usize> = if downward {
            (1..rows.len()).collect()
        } else {
            (0..rows.len().saturating_sub(1)).rev().collect()
        };
        for r in order {
            let neighbours = if downward { &up } else { &down };
            let mut keyed: Vec<(f64, usize)> = rows[r]
                .iter()
                .map(|&v| {
                    let list = &neighbours[v];
                    let key = if list.is_empty() {
                        pos[v]
                    } else {
                        list.iter().map(|&u| pos[u]).sum::<f64>() / list.len() as f64
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            rows[r] = keyed.into_iter().map(|(_, v)| v).collect();
            renumber(&rows[r], &mut pos);
        }
    }
    if !use_dummies {
        // Too big for routed edges: wrap wide layers so that the picture stays readable.
        rows = rows
            .into_iter()
            .flat_map(|row| {
                row.chunks(MAX_PER_ROW)
                    .map(<[usize]>::to_vec)
                    .collect::<Vec<_>>()
            })
            .collect();
    }

    // x: pack each row, then pull every vertex toward its neighbours' centres.
    let gap = |a: usize, b: usize| if a < n && b < n { H_GAP } else { 10.0 };
    let mut cx = vec![0.0f64; nv];
    for row in &rows {
        let total: f64 = row.iter().map(|&v| vsize[v].0).sum::<f64>()
            + H_GAP * row.len().saturating_sub(1) as f64;
        let mut x = -total / 2.0;
        for &v in row {
            cx[v] = x + vsize[v].0 / 2.0;
            x += vsize[v].0 + H_GAP;
        }
    }
    for iteration in 0..8 {
        let order: Vec<usize> = if iteration % 2 == 0 {
            (0..rows.len()).collect()
        } else {
            (0..rows.len()).rev().collect()
        };
        for r in order {
            let row = &rows[r];
            let desired: Vec<f64> = row
                .iter()
                .map(|&v| {
                    let count = up[v].len() + down[v].len();
                    if count == 0 {
                        cx[v]
                    } else {
                        (up[v].iter().chain(&down[v]).map(|&u| cx[u]).sum::<f64>()) / count as f64
                    }
                })
                .collect();
            let mut placed_x = Vec::with_capacity(row.len());
            let mut right = f64::NEG_INFINITY;
            for (i, &v) in row.iter().enumerate() {
                let w = vsize[v].0;
                let min_left = if i == 0 {
                    f64::NEG_INFINITY
                } else {
                    right + gap(row[i - 1], v)
                };
                let left = (desired[i] - w / 2.0).max(min_left);
                placed_x.push(left + w / 2.0);
                right = left + w;
            }
            let shift = desired
                .iter()
                .zip(&placed_x)
                .map(|(d, p)| d - p)
                .sum::<f64>()
                / row.len().max(1) as f64;
            for (i, &v) in row.iter().enumerate() {
                cx[v] = placed_x[i] + shift;
            }
        }
    }
    // Close empty vertical bands (between separate groups) down to a fixed gap.
    let mut spans: Vec<(f64, f64)> = rows
        .iter()
        .flatten()
        .map(|&v| (cx[v] - vsize[v].0 / 2.0, cx[v] + vsize[v].0 / 2.0))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut bands: Vec<(f64, f64)> = Vec::new(); // (band start, shift to apply from there)
    let mut reach = f64::NEG_INFINITY;
    let mut shift = 0.0;
    for (l, r) in spans {
        if reach.is_finite() && l - reach > 2.0 * H_GAP {
            shift -= l - reach - 2.0 * H_GAP;
            bands.push((l, shift));
        }
        reach = reach.max(r);
    }
    if !bands.is_empty() {
        for v in rows.iter().flatten().copied() {
            let left = cx[v] - vsize[v].0 / 2.0;
            let i = bands.partition_point(|&(start, _)| start <= left);
            if i > 0 {
                cx[v] += bands[i - 1].1;
            }
        }
    }
    let min_left = rows
        .iter()
        .flatten()
        .map(|&v| cx[v] - vsize[v].0 / 2.0)
        .fold(f64::INFINITY, f64::min);
    let min_left = if min_left.is_finite() { min_left } else { 0.0 };
    let mut width: f64 = 0.0;
    let mut nodes = vec![Placed::default(); n];
    let mut row_span: Vec<(f64, f64)> = Vec::with_capacity(rows.len());
    let mut row_of = vec![0usize; nv];
    let mut y = 0.0;
    for (r, row) in rows.iter().enumerate() {
        let h = row
            .iter()
            .map(|&v| vsize[v].1)
            .fold(0.0, f64::max)
            .max(20.0);
        for &v in row {
            row_of[v] = r;
            let x = cx[v] - min_left;
            width = width.max(x + vsize[v].0 / 2.0);
            if v < n {
                nodes[v] = Placed {
                    x: x - vsize[v].0 / 2.0,
                    y: y + (h - vsize[v].1) / 2.0,
                    w: vsize[v].0,
                    h: vsize[v].1,
                };
            }
        }
        row_span.push((y, y + h));
        y += h + V_GAP;
    }
    let mut height = if rows.is_empty() { 0.0 } else { y - V_GAP };

    // Unconnected nodes: a grid below.
    let mut isolated: Vec<usize> = (0..n).filter(|&v| !connected[v]).collect();
    isolated.sort_by_key(|&v| (cluster(v), v));
    let grid_top = (!isolated.is_empty()).then(|| {
        if rows.is_empty() {
            0.0
        } else {
            height + V_GAP / 2.0
        }
    });
    if let Some(top) = grid_top {
        let mut y = top + 24.0;
        for chunk in isolated.chunks(MAX_PER_ROW) {
            let h = chunk.iter().map(|&v| sizes[v].1).fold(0.0, f64::max);
            let mut x = 0.0;
            for &v in chunk {
                nodes[v] = Placed {
                    x,
                    y: y + (h - sizes[v].1) / 2.0,
                    w: sizes[v].0,
                    h: sizes[v].1,
                };
                x += sizes[v].0 + H_GAP;
            }
            width = width.max(x - H_GAP);
            y += h + H_GAP;
        }
        height = y - H_GAP;
    }

    // Routes: from the `from` node through its dummies to the `to` node.
    let routes = g
        .edges
        .iter()
        .enumerate()
        .map(|(k, e)| {
            if e.from == e.to || layer[e.from] == layer[e.to] || !connected[e.from] {
                return None;
            }
            let (top, bottom) = if layer[e.from] < layer[e.to] {
                (e.from, e.to)
            } else {
                (e.to, e.from)
            };
            let (t, b) = (&nodes[top], &nodes[bottom]);
            let mut points = vec![(t.x + t.w / 2.0, t.y + t.h)];
            for &d in &chains[k] {
                let (y0, y1) = row_span[row_of[d]];
                let x = cx[d] - min_left;
                points.push((x, y0));
                points.push((x, y1));
            }
            points.push((b.x + b.w / 2.0, b.y));
            if top != e.from {
                points.reverse();
            }
            Some(points)
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
