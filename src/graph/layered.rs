//! The steps of the layered layout that work on plain numbers: layering, ordering the rows
//! (barycentre sweeps, crossings counted), and placing a row in order (least squares).

use super::layout::LayoutEdge;

/// Places a row: centres `x` as close as possible to `desired` (least squares, weighted),
/// in order, each at least `min_step[i]` right of the one before. With `y[i] = x[i] - the
/// sum of the steps`, this is isotonic regression, solved exactly by pooling adjacent
/// violators.
pub(super) fn place_in_order(desired: &[f64], weight: &[f64], min_step: &[f64]) -> Vec<f64> {
    let mut offset = Vec::with_capacity(desired.len());
    let mut acc = 0.0;
    for s in min_step {
        acc += s;
        offset.push(acc);
    }
    // Blocks of pooled values: (weighted sum, total weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for i in 0..desired.len() {
        let w = weight[i].max(1e-6);
        blocks.push((w * (desired[i] - offset[i]), w, 1));
        while blocks.len() > 1 {
            let (s1, w1, c1) = blocks[blocks.len() - 1];
            let (s0, w0, c0) = blocks[blocks.len() - 2];
            if s0 / w0 <= s1 / w1 {
                break;
            }
            blocks.pop();
            *blocks.last_mut().unwrap() = (s0 + s1, w0 + w1, c0 + c1);
        }
    }
    let mut out = Vec::with_capacity(desired.len());
    for (s, w, c) in blocks {
        let y = s / w;
        for _ in 0..c {
            out.push(y + offset[out.len()]);
        }
    }
    out
}

/// Barycentre ordering: `sweeps` passes, alternately down (each row sorted by the mean place
/// of its vertices' `up` neighbours) and up (by `down` neighbours). Vertices with no
/// neighbour on that side keep their place.
pub(super) fn order_rows(
    rows: &mut [Vec<usize>],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    n: usize,
    sweeps: usize,
    keep_best: bool,
) {
    let mut best: Option<(usize, Vec<Vec<usize>>)> = None;
    let mut pos = vec![0.0f64; n];
    let renumber = |row: &[usize], pos: &mut Vec<f64>| {
        let len = row.len().max(1) as f64;
        for (i, &v) in row.iter().enumerate() {
            pos[v] = (i as f64 + 0.5) / len;
        }
    };
    for row in rows.iter() {
        renumber(row, &mut pos);
    }
    for sweep in 0..sweeps {
        let downward = sweep % 2 == 0;
        let order: Vec<usize> = if downward {
            (1..rows.len()).collect()
        } else {
            (0..rows.len().saturating_sub(1)).rev().collect()
        };
        let neighbours = if downward { up } else { down };
        for r in order {
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
            // Stable: ties keep their order.
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            rows[r] = keyed.into_iter().map(|(_, v)| v).collect();
            renumber(&rows[r], &mut pos);
        }
        if keep_best {
            let count = crossings(rows, down, n);
            if best.as_ref().is_none_or(|(c, _)| count < *c) {
                best = Some((count, rows.to_vec()));
            }
        }
    }
    if let Some((_, rows_best)) = best {
        rows.clone_from_slice(&rows_best);
    }
}

/// The number of edge crossings between each row and the next (every `down` neighbour is in
/// the next row), counted as inversions with a Fenwick tree.
pub(super) fn crossings(rows: &[Vec<usize>], down: &[Vec<usize>], n: usize) -> usize {
    let mut index = vec![0usize; n];
    for row in rows {
        for (i, &v) in row.iter().enumerate() {
            index[v] = i;
        }
    }
    let mut total = 0;
    for r in 0..rows.len().saturating_sub(1) {
        let size = rows[r + 1].len();
        if size == 0 {
            continue;
        }
        let mut tree = vec![0usize; size + 1];
        let mut seen = 0usize;
        for &v in &rows[r] {
            let mut ends: Vec<usize> = down[v].iter().map(|&w| index[w]).collect();
            ends.sort_unstable();
            for &e in &ends {
                // Edges seen before that end right of `e` cross this one.
                let mut at_most = 0;
                let mut i = e + 1;
                while i > 0 {
                    at_most += tree[i];
                    i &= i - 1;
                }
                total += seen - at_most;
            }
            for &e in &ends {
                let mut i = e + 1;
                while i <= size {
                    tree[i] += 1;
                    i += i & i.wrapping_neg();
                }
                seen += 1;
            }
        }
    }
    total
}

/// Layers of the connected boxes by the layering edges (top to bottom), cycles broken by a
/// depth-first search; a box with nothing above it sits just above its highest successor.
pub(super) fn layers(n: usize, edges: &[LayoutEdge], connected: &[bool]) -> Vec<usize> {
    let mut succ: Vec<Vec<u32>> = vec![Vec::new(); n];
    for e in edges {
        if e.layering && e.from != e.to && connected[e.from] && connected[e.to] {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_placed_in_order_with_their_gaps() {
        // Two vertices that both want x = 10, 20 apart at least: they share the difference.
        let x = place_in_order(&[10.0, 10.0], &[1.0, 1.0], &[0.0, 20.0]);
        assert_eq!(x, vec![0.0, 20.0]);
        // The first is free; the other two want the wrong order and meet at their weighted
        // mean (one apart by the gap): (90 · 1 + 30 · 3) / 4 = 45 after the offsets.
        let x = place_in_order(&[0.0, 100.0, 50.0], &[1.0, 1.0, 3.0], &[0.0, 10.0, 10.0]);
        assert_eq!(x, vec![0.0, 55.0, 65.0]);
    }

    #[test]
    fn crossings_are_counted() {
        // Row 0: a b; row 1: c d. a-d and b-c cross once.
        let rows = vec![vec![0, 1], vec![2, 3]];
        let down = vec![vec![3], vec![2], vec![], vec![]];
        assert_eq!(crossings(&rows, &down, 4), 1);
        let down = vec![vec![2], vec![3], vec![], vec![]];
        assert_eq!(crossings(&rows, &down, 4), 0);
    }
}
