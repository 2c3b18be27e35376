//! Graph algorithms over the model, iterative so that no plan can overflow the stack.

#[cfg(test)]
use super::Flat;

/// Strongly connected components of a directed graph with `n` nodes (Tarjan's algorithm,
/// iterative). Components come out in reverse topological order: a component comes before
/// every component that has an edge into it.
#[cfg(test)]
pub fn strongly_connected<'a>(n: usize, edges: impl Fn(usize) -> &'a [u32]) -> Flat<u32> {
    let mut out = Flat::with_capacity(n, n);
    strongly_connected_among(
        n,
        edges,
        |&w| w as usize,
        |_| true,
        |members| out.push_list(members.iter().copied()),
    );
    out
}

/// The strongly connected components of the part of a graph of `n` nodes that `include`
/// keeps (edges to nodes it leaves out are ignored), each handed to `visit` as soon as it is
/// found (Tarjan's algorithm, iterative), in reverse topological order: a component is
/// visited before every component that has an edge into it. `edges(v)` lists the edges
/// out of `v`, and `target` says which node an edge goes to.
///
/// Visiting instead of collecting lets a caller work on each component while the nodes
/// it points to are known to be done, and restricting the nodes lets it run Tarjan's
/// algorithm only where cycles can be, after peeling off the acyclic part more cheaply.
pub fn strongly_connected_among<'a, E: 'a>(
    n: usize,
    edges: impl Fn(usize) -> &'a [E],
    target: impl Fn(&E) -> usize,
    include: impl Fn(usize) -> bool,
    mut visit: impl FnMut(&[u32]),
) {
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut comp: Vec<u32> = Vec::new();
    let mut next = 0u32;
    // (node, position in its edge list)
    let mut call: Vec<(u32, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN || !include(root) {
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
                let w = target(&succ[*pos]);
                *pos += 1;
                if index[w] == UNSEEN {
                    if !include(w) {
                        continue;
                    }
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
                    visit(&comp);
                }
            }
        }
    }
}

/// Takes, one at a time, each node whose edges all lead to nodes already taken (Kahn's
/// algorithm), calls `visit` on it as it is taken, and marks it in `taken` (nodes already
/// marked there are left out, with their edges). What is left untaken is on a cycle or has
/// edges leading, through others, to one.
///
/// `edges(v)` lists the edges out of `v` and `target` says where an edge goes; `edges_in(v)`
/// lists the edges into `v` (exactly one per edge out, repeats included) and `source` says
/// where one comes from. Each node and edge is looked at a few times, which is cheaper than
/// Tarjan's algorithm when most of a graph has no cycle, as in a plan's dependencies.
pub fn peel<'a, 'b, E: 'a, F: 'b>(
    edges: impl Fn(usize) -> &'a [E],
    target: impl Fn(&E) -> usize,
    edges_in: impl Fn(usize) -> &'b [F],
    source: impl Fn(&F) -> usize,
    taken: &mut [bool],
    mut visit: impl FnMut(usize),
) {
    let n = taken.len();
    // How many edges out of each node lead to nodes not taken yet (all of them, on a first
    // peel: then no edge needs following).
    let first = !taken.contains(&true);
    let mut left: Vec<u32> = (0..n)
        .map(|v| {
            if first {
                edges(v).len() as u32
            } else if taken[v] {
                0
            } else {
                edges(v).iter().filter(|e| !taken[target(e)]).count() as u32
            }
        })
        .collect();
    // Depth first from each node found ready in order: the nodes a taken node makes ready
    // are mostly written next to it, so the walk stays in memory it has just read.
    let mut ready: Vec<u32> = Vec::new();
    for start in 0..n {
        if taken[start] || left[start] != 0 {
            continue;
        }
        ready.push(start as u32);
        while let Some(v) = ready.pop() {
            let v = v as usize;
            taken[v] = true;
            visit(v);
            for f in edges_in(v) {
                let s = source(f);
                // A node taken before this peel is not counted; no other taken node has an
                // edge into one not yet taken.
                if taken[s] {
                    continue;
                }
                left[s] -= 1;
                if left[s] == 0 {
                    ready.push(s as u32);
                }
            }
        }
    }
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

    /// The components as sorted sets, in a canonical order.
    fn canonical(mut comps: Vec<Vec<u32>>) -> Vec<Vec<u32>> {
        for c in &mut comps {
            c.sort_unstable();
        }
        comps.sort();
        comps
    }

    /// A graph of `n` nodes from a seed: mostly edges to nearby earlier nodes (as plans
    /// have), with some going forward, so that it has loops of several sizes.
    fn random_graph(n: usize, seed: u64) -> Vec<Vec<u32>> {
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..n)
            .map(|v| {
                (0..next() % 4)
                    .map(|_| {
                        let r = next();
                        if r % 23 == 0 {
                            (r / 23 % n as u64) as u32
                        } else {
                            v.saturating_sub(1 + (r / 23 % 8) as usize) as u32
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn peeling_leaves_every_loop_and_the_groups_among_the_rest_are_the_same() {
        let mut with_loops = 0;
        for seed in 1..40 {
            let n = 300;
            let edges = random_graph(n, seed);
            let mut reverse: Vec<Vec<u32>> = vec![Vec::new(); n];
            for (v, out) in edges.iter().enumerate() {
                for &w in out {
                    reverse[w as usize].push(v as u32);
                }
            }
            let all = strongly_connected(n, |v| &edges[v]);
            let loops = |comps: &mut dyn Iterator<Item = Vec<u32>>| -> Vec<Vec<u32>> {
                canonical(
                    comps
                        .filter(|c| c.len() > 1 || edges[c[0] as usize].contains(&c[0]))
                        .collect(),
                )
            };
            let expected = loops(&mut all.iter().map(<[u32]>::to_vec));
            // Each peel visits a node after every node its edges lead to.
            let mut taken = vec![false; n];
            let mut order = Vec::new();
            let id = |&w: &u32| w as usize;
            peel(
                |v| &edges[v],
                id,
                |v| &reverse[v],
                id,
                &mut taken,
                |v| order.push(v),
            );
            let mut when = vec![usize::MAX; n];
            for (k, &v) in order.iter().enumerate() {
                when[v] = k;
            }
            for &v in &order {
                assert!(edges[v].iter().all(|&w| when[w as usize] < when[v]));
            }
            peel(|v| &reverse[v], id, |v| &edges[v], id, &mut taken, |_| {});
            for group in &expected {
                assert!(group.iter().all(|&v| !taken[v as usize]), "seed {seed}");
            }
            let mut rest = Vec::new();
            strongly_connected_among(
                n,
                |v| &edges[v],
                id,
                |v| !taken[v],
                |c| rest.push(c.to_vec()),
            );
            assert_eq!(loops(&mut rest.into_iter()), expected, "seed {seed}");
            // Without peeling, the visits are the components in the same order as collected.
            let mut visited = Vec::new();
            strongly_connected_among(n, |v| &edges[v], id, |_| true, |c| visited.push(c.to_vec()));
            assert_eq!(visited, all.iter().map(<[u32]>::to_vec).collect::<Vec<_>>());
            with_loops += usize::from(!expected.is_empty());
        }
        assert!(with_loops > 20, "{with_loops}");
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
