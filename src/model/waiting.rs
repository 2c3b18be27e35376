//! Which other teams wait on each task: the teams of the tasks that depend on it, directly or
//! through other tasks. Shared by the `blocking-fan-out` rule and `coord report`.
//!
//! Which teams wait on a task is a reachability question, and full transitive closures are
//! quadratic. Instead the dependency graph is condensed into its strongly connected groups
//! and, from the tasks nobody waits on down to the ones everybody waits on, each group
//! receives the teams waiting on it as a *capped* set: the `cap` smallest team ids of the
//! true set. The smallest `cap` ids of a union are the smallest `cap` ids of the union of
//! the capped sets, so the result is exact whenever it holds fewer than `cap` teams, and
//! otherwise proves at least `cap - |own teams|` other teams. With `cap` at least the
//! threshold plus the most teams one task has, the verdict is always exact; the cost is
//! O((tasks + dependencies) × cap).

use super::graph::strongly_connected;
use super::{Flat, Model, TeamId};
use std::borrow::Cow;

/// `a` ∪ `b`, both sorted and without repeats, keeping the `cap` smallest, into `out`.
fn merge_capped(a: &[TeamId], b: &[TeamId], cap: usize, out: &mut Vec<TeamId>) {
    out.clear();
    let (mut i, mut j) = (0, 0);
    while out.len() < cap {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x == y => {
                i += 1;
                j += 1;
                x
            }
            (Some(&x), Some(&y)) if x < y => {
                i += 1;
                x
            }
            (_, Some(&y)) => {
                j += 1;
                y
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (None, None) => break,
        };
        out.push(next);
    }
}

/// `acc` ∪= `b` (capped), using `scratch` as room to merge; skips the merge when it cannot
/// change `acc` (the common case once sets are full).
fn union_into(acc: &mut Vec<TeamId>, b: &[TeamId], cap: usize, scratch: &mut Vec<TeamId>) {
    let Some(&first) = b.first() else {
        return;
    };
    if acc.len() >= cap && acc.last().is_some_and(|&last| first > last) {
        return;
    }
    if acc.is_empty() {
        acc.extend_from_slice(&b[..b.len().min(cap)]);
        return;
    }
    if acc.as_slice() == b {
        return;
    }
    merge_capped(acc, b, cap, scratch);
    std::mem::swap(acc, scratch);
}

/// Capped team sets, one per strongly connected group, in one vector (no allocation per
/// group): `at[c]` is where group `c`'s set is in `items`.
#[derive(Default)]
struct Sets {
    at: Vec<(u32, u32)>,
    items: Vec<TeamId>,
}

impl Sets {
    fn with_groups(groups: usize) -> Sets {
        Sets {
            at: vec![(0, 0); groups],
            items: Vec::new(),
        }
    }
    fn get(&self, c: usize) -> &[TeamId] {
        let (start, len) = self.at[c];
        &self.items[start as usize..(start + len) as usize]
    }
    fn set(&mut self, c: usize, set: &[TeamId]) {
        self.at[c] = (self.items.len() as u32, set.len() as u32);
        self.items.extend_from_slice(set);
    }
}

/// The teams waiting on each task, computed for all tasks at once (see the module comment).
struct Waiting {
    component_of: Vec<u32>,
    /// Per strongly connected group: the teams of the tasks waiting on it from outside, plus,
    /// for a loop, the teams of its own tasks (each task of a loop waits on itself).
    sets: Sets,
}

impl Waiting {
    /// The teams of the tasks that depend on task `t` directly or through others (including
    /// `t`'s own teams when it is on a loop): the `cap` smallest team ids of that set, sorted,
    /// which is the whole set when it has fewer than `cap`.
    fn of(&self, t: usize) -> &[TeamId] {
        self.sets.get(self.component_of[t] as usize)
    }
}

/// `deps(t)` lists the tasks `t` depends on, for `n` tasks; `teams(t)` the teams of `t`,
/// sorted.
fn waiting_teams<'d>(
    n: usize,
    deps: impl Fn(usize) -> &'d [u32],
    teams: impl Fn(usize) -> &'d [TeamId],
    cap: usize,
) -> Waiting {
    let pairs: Vec<(u32, u32)> = (0..n)
        .flat_map(|t| deps(t).iter().map(move |&d| (d, t as u32)))
        .collect();
    let dependents = Flat::from_pairs(n, &pairs);
    drop(pairs);
    // Components come out with every component before those that depend on it, so in
    // reverse order the tasks waiting on a component are done before it.
    let components = strongly_connected(n, &deps);
    let mut component_of = vec![0u32; n];
    for (c, members) in components.iter().enumerate() {
        for &v in members {
            component_of[v as usize] = c as u32;
        }
    }
    // `full[c]`: the teams of the tasks of `c` and of every task waiting on it, which is
    // what `c` passes on to the tasks it depends on.
    let mut full = Sets::with_groups(components.len());
    let mut sets = Sets::with_groups(components.len());
    let (mut acc, mut scratch, mut with_own) = (Vec::new(), Vec::new(), Vec::new());
    for (c, members) in components.iter().enumerate().rev() {
        acc.clear();
        for &x in members {
            for &y in &dependents[x as usize] {
                let cy = component_of[y as usize] as usize;
                if cy != c {
                    union_into(&mut acc, full.get(cy), cap, &mut scratch);
                }
            }
        }
        let has_dependencies = members.iter().any(|&x| !deps(x as usize).is_empty());
        if members.len() > 1 {
            for &x in members {
                union_into(&mut acc, teams(x as usize), cap, &mut scratch);
            }
            if has_dependencies {
                full.set(c, &acc);
            }
        } else if has_dependencies {
            let own = teams(members[0] as usize);
            if acc.is_empty() {
                full.set(c, &own[..own.len().min(cap)]);
            } else {
                merge_capped(&acc, own, cap, &mut with_own);
                full.set(c, &with_own);
            }
        }
        sets.set(c, &acc);
    }
    Waiting { component_of, sets }
}

/// The other teams waiting on every task of a plan, computed once.
pub struct OtherTeams<'m> {
    waiting: Waiting,
    /// Each task's own teams, sorted and without repeats.
    own: Cow<'m, Flat<TeamId>>,
    cap: usize,
    max_own: usize,
}

impl<'m> OtherTeams<'m> {
    /// Exact for every task that fewer than `at_least` other teams wait on; a task with more
    /// gets at least `at_least` of them, and is marked as having more.
    pub fn compute(m: &'m Model, at_least: usize) -> OtherTeams<'m> {
        let own: Cow<'m, Flat<TeamId>> = if m
            .task_teams
            .iter()
            .all(|t| t.windows(2).all(|w| w[0] < w[1]))
        {
            Cow::Borrowed(&m.task_teams)
        } else {
            let mut sorted = Flat::with_capacity(m.task_teams.len(), m.task_teams.len());
            let mut list = Vec::new();
            for t in m.task_teams.iter() {
                list.clear();
                list.extend_from_slice(t);
                list.sort_unstable();
                list.dedup();
                sorted.push_list(list.iter().copied());
            }
            Cow::Owned(sorted)
        };
        let max_own = own.iter().map(<[TeamId]>::len).max().unwrap_or(0);
        let cap = at_least.max(1) + max_own;
        let edges = m.dependency_edges();
        let waiting = waiting_teams(m.tasks.len(), |t| &edges[t], |t| &own[t], cap);
        OtherTeams {
            waiting,
            own,
            cap,
            max_own,
        }
    }

    /// The teams task `t` itself belongs to, sorted.
    pub fn own(&self, t: usize) -> &[TeamId] {
        &self.own[t]
    }

    /// The other teams waiting on task `t`, by id, and whether more may wait than listed.
    pub fn of(&self, t: usize) -> (Vec<TeamId>, bool) {
        let mut others = Vec::new();
        let more = self.of_into(t, &mut others);
        (others, more)
    }

    /// [`OtherTeams::of`] into `others` (cleared first), with no allocation once it has room;
    /// returns whether more may wait than listed.
    pub fn of_into(&self, t: usize, others: &mut Vec<TeamId>) -> bool {
        let all = self.waiting.of(t);
        let own = &self.own[t];
        others.clear();
        others.extend(all.iter().copied().filter(|x| !own.contains(x)));
        // A full set proves at least `cap - max_own` others; name that many, no more.
        let more = all.len() >= self.cap;
        if more {
            others.truncate(self.cap - self.max_own);
        }
        more
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Workspace;
    use proptest::prelude::*;
    use std::collections::HashSet;

    #[test]
    fn capped_sets_keep_the_smallest_ids() {
        let ids = |v: &[u32]| v.iter().map(|&i| TeamId(i)).collect::<Vec<_>>();
        let mut out = Vec::new();
        merge_capped(&ids(&[1, 4, 9]), &ids(&[2, 4, 5, 7]), 4, &mut out);
        assert_eq!(out, ids(&[1, 2, 4, 5]));
        merge_capped(&ids(&[]), &ids(&[3]), 4, &mut out);
        assert_eq!(out, ids(&[3]));
    }

    /// Tasks 0..n in a chain, each depending on the one before, owned in turn by `k` teams.
    fn chain(n: usize, k: u32) -> (Vec<Vec<u32>>, Vec<Vec<TeamId>>) {
        let deps = (0..n)
            .map(|i| if i == 0 { vec![] } else { vec![i as u32 - 1] })
            .collect();
        let teams = (0..n).map(|i| vec![TeamId(i as u32 % k)]).collect();
        (deps, teams)
    }

    #[test]
    fn a_long_chain_is_linear() {
        // Quadratic closures would walk 2 * 10^10 pairs here.
        let n = 200_000;
        let (deps, teams) = chain(n, 50);
        let waiting = waiting_teams(deps.len(), |t| &deps[t], |t| &teams[t], 13);
        assert_eq!(waiting.of(0), (0..13).map(TeamId).collect::<Vec<_>>());
        assert_eq!(waiting.of(n - 2), vec![TeamId(((n - 1) % 50) as u32)]);
        assert!(waiting.of(n - 1).is_empty());
    }

    #[test]
    fn a_wide_dag_is_linear() {
        // 400 layers of 500 tasks; each task depends on 5 tasks of the layer before:
        // 200,000 tasks, a million dependencies, every task reaching most of the graph.
        let (layers, width) = (400usize, 500usize);
        let mut deps = Vec::with_capacity(layers * width);
        let mut teams = Vec::with_capacity(layers * width);
        for l in 0..layers {
            for w in 0..width {
                deps.push(if l == 0 {
                    vec![]
                } else {
                    (0..5)
                        .map(|k| ((l - 1) * width + (w * 7 + k * 101) % width) as u32)
                        .collect()
                });
                teams.push(vec![TeamId(((l * width + w) % 997) as u32)]);
            }
        }
        let waiting = waiting_teams(deps.len(), |t| &deps[t], |t| &teams[t], 13);
        assert_eq!(waiting.of(0).len(), 13);
        assert!(waiting.of((layers - 1) * width).is_empty());
        // Exact where the set is small: the last-but-one layer sees only its dependents' teams.
        let t = (layers - 2) * width;
        let mut expected: Vec<TeamId> = (0..deps.len())
            .filter(|&y| deps[y].contains(&(t as u32)))
            .map(|y| teams[y][0])
            .collect();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(waiting.of(t), expected);
    }

    // ---------------------------------------------------------------------------------------------
    // Blocked teams: the near-linear propagation agrees with a search from every task.

    fn random_plan(owners: &[usize], deps: &[(usize, usize)]) -> String {
        let mut text = String::new();
        for t in 0..5 {
            text.push_str(&format!("team t{t} {{ lead p{t} }}\nperson p{t}\n"));
        }
        for (i, owner) in owners.iter().enumerate() {
            let mine: Vec<String> = deps
                .iter()
                .filter(|(a, _)| *a == i)
                .map(|(_, b)| format!("k{b}"))
                .collect();
            let depends = if mine.is_empty() {
                String::new()
            } else {
                format!(" depends-on {}", mine.join(", "))
            };
            text.push_str(&format!("task k{i} {{ owner t{owner}{depends} }}\n"));
        }
        text
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn other_teams_waiting_match_a_search(
            owners in prop::collection::vec(0usize..5, 1..25),
            raw_deps in prop::collection::vec((0usize..25, 0usize..25), 0..40),
        ) {
            let n = owners.len();
            let deps: Vec<(usize, usize)> = raw_deps.into_iter().map(|(a, b)| (a % n, b % n)).collect();
            let ws = Workspace::from_texts(vec![("r.plan".into(), random_plan(&owners, &deps))]);
            let model = Model::build(&ws);
            for at_least in [64, 3, 1] {
                let waiting = OtherTeams::compute(&model, at_least);
                for start in 0..n {
                    let (found, more) = waiting.of(start);
                    let found: Vec<u32> = found.iter().map(|t| t.0).collect();
                    // Every task that depends on `start`, directly or through others.
                    let mut seen = vec![false; n];
                    let mut stack = vec![start];
                    while let Some(v) = stack.pop() {
                        for w in &model.dependents[v] {
                            if !seen[w.index()] {
                                seen[w.index()] = true;
                                stack.push(w.index());
                            }
                        }
                    }
                    let own: HashSet<u32> = model.task_teams[start].iter().map(|t| t.0).collect();
                    let mut expected: Vec<u32> = (0..n)
                        .filter(|&w| seen[w])
                        .flat_map(|w| model.task_teams[w].iter().map(|t| t.0))
                        .filter(|t| !own.contains(t))
                        .collect();
                    expected.sort();
                    expected.dedup();
                    if more {
                        // At least `at_least` named, the smallest ids of the true set.
                        prop_assert!(found.len() >= at_least, "task k{} ({})", start, at_least);
                        prop_assert_eq!(&found[..], &expected[..found.len()], "task k{} ({})", start, at_least);
                    } else {
                        prop_assert_eq!(&found, &expected, "task k{} ({})", start, at_least);
                    }
                }
            }
        }
    }
}
