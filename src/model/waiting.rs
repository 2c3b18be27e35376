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
//!
//! Most of a plan has no loop, so most tasks are taken one by one once every task waiting
//! on them is done (Kahn's order, [`peel`]); only the tasks with a loop somewhere among the
//! tasks waiting on them go through strongly connected groups. Sets are shared, not copied,
//! whenever a task's set equals one already stored (see [`Acc`]).

use super::graph::{peel, strongly_connected_among};
use super::{Flat, Model, TaskId, TeamId};
use std::borrow::Cow;

/// `a` ∪ `b`, both sorted and without repeats, keeping the `cap` smallest, into `out`.
/// Returns whether `out` took an element only `a` has, and one only `b` has: with neither
/// longer than `cap`, `out` equals `a` when it took none only `b` has, and `b` when it took
/// none only `a` has.
fn merge_capped(a: &[TeamId], b: &[TeamId], cap: usize, out: &mut Vec<TeamId>) -> (bool, bool) {
    out.clear();
    let (mut i, mut j) = (0, 0);
    let (mut a_only, mut b_only) = (false, false);
    while out.len() < cap {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x == y => {
                i += 1;
                j += 1;
                x
            }
            (Some(&x), Some(&y)) if x < y => {
                i += 1;
                a_only = true;
                x
            }
            (_, Some(&y)) => {
                j += 1;
                b_only = true;
                y
            }
            (Some(&x), None) => {
                i += 1;
                a_only = true;
                x
            }
            (None, None) => break,
        };
        out.push(next);
    }
    (a_only, b_only)
}

/// Where a set is in a [`Store`].
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
struct Range {
    start: u32,
    len: u32,
}

/// Capped team sets in one vector (no allocation per task). A set equal to one already
/// stored shares its range instead of being stored again: along a chain of one team's tasks,
/// most tasks pass on the very set they receive.
#[derive(Default)]
struct Store {
    items: Vec<TeamId>,
}

impl Store {
    fn get(&self, r: Range) -> &[TeamId] {
        &self.items[r.start as usize..(r.start + r.len) as usize]
    }
    fn push(&mut self, set: &[TeamId]) -> Range {
        let start = self.items.len() as u32;
        self.items.extend_from_slice(set);
        Range {
            start,
            len: set.len() as u32,
        }
    }
}

/// A capped set built by unions. While it equals a stored set (the first set it took, or a
/// larger one that contains it), it is that set, not a copy: most tasks pass on, unchanged,
/// the set they receive, and nothing is copied or stored for them.
#[derive(Default)]
struct Acc {
    /// The set, when it is not a stored one.
    set: Vec<TeamId>,
    /// Where the set is stored, if it is (then `set` is not used).
    stored: Option<Range>,
    scratch: Vec<TeamId>,
}

impl Acc {
    fn clear(&mut self) {
        self.stored = Some(Range::default());
    }

    /// The set ∪= `b` (capped), where `b` is the set stored at `at`, if it is stored.
    fn union(&mut self, store: &Store, b: &[TeamId], at: Option<Range>, cap: usize) {
        let Acc {
            set,
            stored,
            scratch,
        } = self;
        let Some(&first) = b.first() else {
            return;
        };
        let current = match *stored {
            Some(r) => store.get(r),
            None => set.as_slice(),
        };
        // A full set keeps its smallest ids: larger ones cannot change it.
        if current.len() >= cap && current.last().is_some_and(|&last| first > last) {
            return;
        }
        if current.is_empty() {
            if at.is_none() {
                set.clear();
                set.extend_from_slice(&b[..b.len().min(cap)]);
            }
            *stored = at;
            return;
        }
        let (from_current, from_b) = merge_capped(current, b, cap, scratch);
        if !from_b {
            return; // unchanged
        }
        if !from_current && at.is_some() {
            *stored = at; // the union is `b`
            return;
        }
        std::mem::swap(set, scratch);
        *stored = None;
    }

    /// Where the set is stored, storing it if it is not yet.
    fn store(&mut self, store: &mut Store) -> Range {
        *self.stored.get_or_insert_with(|| store.push(&self.set))
    }
}

/// The teams waiting on each task, computed for all tasks at once (see the module comment).
struct Waiting {
    store: Store,
    /// Per task: the teams of the tasks waiting on it, plus, for a task on a loop, the teams
    /// of the loop's own tasks (each task of a loop waits on itself).
    sets: Vec<Range>,
}

impl Waiting {
    /// The teams of the tasks that depend on task `t` directly or through others (including
    /// `t`'s own teams when it is on a loop): the `cap` smallest team ids of that set, sorted,
    /// which is the whole set when it has fewer than `cap`.
    fn of(&self, t: usize) -> &[TeamId] {
        self.store.get(self.sets[t])
    }
}

/// `deps(t)` lists the tasks `t` depends on, for `n` tasks, and `dependents(t)` the tasks
/// that depend on `t` (once per dependency, as [`Model::dependents`]); `teams(t)` the teams
/// of `t`, sorted.
fn waiting_teams<'d>(
    n: usize,
    deps: impl Fn(usize) -> &'d [u32],
    dependents: impl Fn(usize) -> &'d [TaskId],
    teams: impl Fn(usize) -> &'d [TeamId],
    cap: usize,
) -> Waiting {
    let mut store = Store::default();
    let mut sets = vec![Range::default(); n];
    // `full[t]`: the teams of `t` and of every task waiting on it, which is what `t` passes on
    // to the tasks it depends on (set only for tasks that depend on some).
    let mut full = vec![Range::default(); n];
    let mut acc = Acc::default();
    // A task is done once its sets are stored; every task waiting on it is done before it.
    let mut done = vec![false; n];
    // Most of a plan has no loop: first, tasks whose dependents are all done, one at a time
    // (cheaper than finding strongly connected groups, which such a task is alone in).
    peel(
        &dependents,
        |y| y.index(),
        &deps,
        |&x| x as usize,
        &mut done,
        |x| {
            acc.clear();
            for &y in dependents(x) {
                acc.union(
                    &store,
                    store.get(full[y.index()]),
                    Some(full[y.index()]),
                    cap,
                );
            }
            sets[x] = acc.store(&mut store);
            if !deps(x).is_empty() {
                acc.union(&store, teams(x), None, cap);
                full[x] = acc.store(&mut store);
            }
        },
    );
    // The rest: the tasks with a loop among the tasks waiting on them, by strongly connected
    // groups of the graph from a task to its dependents, which come out with every group
    // after the groups waiting on it.
    let peeled = done.clone();
    strongly_connected_among(
        n,
        &dependents,
        |y| y.index(),
        |x| !peeled[x],
        |members| {
            acc.clear();
            for &x in members {
                for &y in dependents(x as usize) {
                    // The dependents not done yet are the group's own tasks.
                    if done[y.index()] {
                        acc.union(
                            &store,
                            store.get(full[y.index()]),
                            Some(full[y.index()]),
                            cap,
                        );
                    }
                }
            }
            let has_dependencies = members.iter().any(|&x| !deps(x as usize).is_empty());
            if members.len() > 1 {
                for &x in members {
                    acc.union(&store, teams(x as usize), None, cap);
                }
                let r = acc.store(&mut store);
                for &x in members {
                    sets[x as usize] = r;
                    if has_dependencies {
                        full[x as usize] = r;
                    }
                }
            } else {
                let x = members[0] as usize;
                sets[x] = acc.store(&mut store);
                if has_dependencies {
                    acc.union(&store, teams(x), None, cap);
                    full[x] = acc.store(&mut store);
                }
            }
            for &x in members {
                done[x as usize] = true;
            }
        },
    );
    Waiting { store, sets }
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
        let waiting = waiting_teams(
            m.tasks.len(),
            |t| &edges[t],
            |t| &m.dependents[t],
            |t| &own[t],
            cap,
        );
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

    /// At least as many as [`OtherTeams::of`] lists for task `t`, found without listing them:
    /// a task with fewer than the threshold here cannot have that many.
    pub fn at_most(&self, t: usize) -> usize {
        self.waiting.of(t).len()
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
        let taken = merge_capped(&ids(&[1, 4, 9]), &ids(&[2, 4, 5, 7]), 4, &mut out);
        assert_eq!(out, ids(&[1, 2, 4, 5]));
        assert_eq!(taken, (true, true));
        let taken = merge_capped(&ids(&[]), &ids(&[3]), 4, &mut out);
        assert_eq!(out, ids(&[3]));
        assert_eq!(taken, (false, true));
        // What only `b` has is past the cap: `out` is `a`.
        let taken = merge_capped(&ids(&[1, 2]), &ids(&[1, 3]), 2, &mut out);
        assert_eq!(out, ids(&[1, 2]));
        assert_eq!(taken, (true, false));
        // `a` within `b`: `out` is `b`.
        let taken = merge_capped(&ids(&[3]), &ids(&[1, 3]), 4, &mut out);
        assert_eq!(out, ids(&[1, 3]));
        assert_eq!(taken, (false, true));
    }

    /// For each task, the tasks that list it in `deps`, once per listing.
    fn reverse(deps: &[Vec<u32>]) -> Vec<Vec<TaskId>> {
        let mut dependents = vec![Vec::new(); deps.len()];
        for (y, list) in deps.iter().enumerate() {
            for &x in list {
                dependents[x as usize].push(TaskId(y as u32));
            }
        }
        dependents
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
        let dependents = reverse(&deps);
        let waiting = waiting_teams(
            deps.len(),
            |t| &deps[t],
            |t| &dependents[t],
            |t| &teams[t],
            13,
        );
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
        let dependents = reverse(&deps);
        let waiting = waiting_teams(
            deps.len(),
            |t| &deps[t],
            |t| &dependents[t],
            |t| &teams[t],
            13,
        );
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

    #[test]
    fn a_generated_plan_agrees_with_a_search() {
        // A plan as large plans are written (teams' chains of tasks, dependencies across
        // teams, a few loops), with the threshold low enough that many sets fill up.
        let sources = crate::synth::generate(&crate::synth::SynthOptions {
            tasks: 3_000,
            files: 3,
            seed: 11,
        });
        let ws = Workspace::from_texts(sources);
        let model = Model::build(&ws);
        let n = model.tasks.len();
        let waiting = OtherTeams::compute(&model, 3);
        let (mut full, mut partial) = (0, 0);
        let mut seen = vec![usize::MAX; n];
        for start in 0..n {
            let mut stack = vec![start];
            let mut teams: Vec<TeamId> = Vec::new();
            while let Some(v) = stack.pop() {
                for w in &model.dependents[v] {
                    if seen[w.index()] != start {
                        seen[w.index()] = start;
                        stack.push(w.index());
                        teams.extend_from_slice(&model.task_teams[w.index()]);
                    }
                }
            }
            let own = &model.task_teams[start];
            teams.retain(|t| !own.contains(t));
            teams.sort_unstable();
            teams.dedup();
            let (found, more) = waiting.of(start);
            assert!(waiting.at_most(start) >= found.len());
            if more {
                full += 1;
                assert_eq!(found[..], teams[..found.len()], "task {start}");
            } else {
                partial += usize::from(!found.is_empty());
                assert_eq!(found, teams, "task {start}");
            }
        }
        assert!(full > 20 && partial > 500, "{full} {partial}");
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
