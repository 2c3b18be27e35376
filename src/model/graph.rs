//! Graph algorithms over the model, iterative so that no plan can overflow the stack.

use super::Flat;

/// Strongly connected components of a directed graph with `n` nodes (Tarjan's algorithm,
/// iterative). Components come out in reverse topological order: a component comes before
/// every component that has an edge into it.
pub fn strongly_connected<'a>(n: usize, edges: impl Fn(usize) -> &'a [u32]) -> Flat<u32> {
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut out = Flat::with_capacity(n, n);
    let mut comp: Vec<u32> = Vec::new();
    let mut next = 0u32;
    // (node, position in its edge list)
    let mut call: Vec<(u32, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        call.push((root as u32, 0));
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root as u32);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut pos)) = call.last_mut() {
            let vs = v as usize;
            let succ = edges(vs);
            if *pos < succ.len() {
                let w = succ[*pos] as usize;
                *pos += 1;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w as u32);
                    on_stack[w] = true;
                    call.push((w as u32, 0));
                } else if on_stack[w] {
                    low[vs] = low[vs].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    let p = parent as usize;
                    low[p] = low[p].min(low[vs]);
                }
                if low[vs] == index[vs] {
                    comp.clear();
                    loop {
                        let w = stack.pop().expect("on stack");
                        on_stack[w as usize] = false;
                        comp.push(w);
                        if w as usize == vs {
                            break;
                        }
                    }
                    comp.reverse();
                    out.push_list(comp.iter().copied());
                }
            }
        }
    }
    out
}

/// A shortest cycle through `start` that stays inside `members` (breadth-first), as the list
/// of nodes from `start` back to just before `start`.
pub fn cycle_through<'a>(
    start: u32,
    in_component: impl Fn(u32) -> bool,
    edges: impl Fn(usize) -> &'a [u32],
) -> Vec<u32> {
    use std::collections::{HashMap, VecDeque};
    let mut parent: HashMap<u32, u32> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in edges(v as usize) {
            if !in_component(w) {
                continue;
            }
            if w == start {
                let mut path = vec![v];
                let mut at = v;
                while at != start {
                    at = parent[&at];
                    path.push(at);
                }
                path.reverse();
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_components_and_cycles() {
        // 0 -> 1 -> 2 -> 0, 2 -> 3, 4 -> 4
        let edges: Vec<Vec<u32>> = vec![vec![1], vec![2], vec![0, 3], vec![], vec![4]];
        let comps = strongly_connected(5, |v| &edges[v]);
        let mut sizes: Vec<usize> = comps.iter().map(<[u32]>::len).collect();
        sizes.sort();
        assert_eq!(sizes, vec![1, 1, 3]);
        // 3 is a sink: it comes before the component that reaches it.
        let pos = |n: u32| comps.iter().position(|c| c.contains(&n)).unwrap();
        assert!(pos(3) < pos(0));
        assert_eq!(cycle_through(0, |n| n < 3, |v| &edges[v]), vec![0, 1, 2]);
        assert_eq!(cycle_through(4, |n| n == 4, |v| &edges[v]), vec![4]);
    }

    #[test]
    fn long_chains_do_not_overflow() {
        let n = 200_000;
        let edges: Vec<Vec<u32>> = (0..n)
            .map(|i| {
                if i + 1 < n {
                    vec![i as u32 + 1]
                } else {
                    vec![0]
                }
            })
            .collect();
        let comps = strongly_connected(n, |v| &edges[v]);
        assert_eq!(comps.len(), 1);
    }
}
