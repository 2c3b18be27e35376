//! Dependency cycles: which tasks wait on themselves, directly or through other tasks — the
//! one home of that fact for `dependency-cycle`, the tasks graph, the timeline and the report.

use super::graph::{peel, strongly_connected_among};
use super::{Flat, Model, TaskId};

/// The loops of the dependency graph: each strongly connected group of two or more tasks,
/// and each task that depends on itself.
#[derive(Debug, Clone)]
pub struct DependencyCycles<'m> {
    /// For each task, the tasks it depends on (raw indices): [`Model::dependency_edges`].
    pub edges: &'m Flat<u32>,
    /// The tasks of each loop group, a group before every group that depends on it.
    pub groups: Vec<Vec<u32>>,
    /// For each task, the loop group it is on, if any.
    pub group_of: Vec<Option<u32>>,
}

#[cfg(test)]
impl DependencyCycles<'_> {
    /// Whether `task` is on a dependency cycle.
    pub fn contains(&self, task: TaskId) -> bool {
        self.group_of[task.index()].is_some()
    }

    /// Whether `a` and `b` are on the same cycle group (so an edge between them is part of a loop).
    pub fn same_group(&self, a: TaskId, b: TaskId) -> bool {
        let group = self.group_of[a.index()];
        group.is_some() && group == self.group_of[b.index()]
    }
}

impl Model {
    /// The dependency graph's loops, computed from [`Model::dependency_edges`].
    ///
    /// Most tasks of a plan are on no loop, and telling them apart is cheaper than finding
    /// strongly connected groups: first the tasks that depend on no loop are peeled off (a
    /// task whose dependencies are all peeled), then, of the rest, those that no loop depends
    /// on. Every task of a loop is left, and the groups are found among those only.
    pub fn dependency_cycles(&self) -> DependencyCycles<'_> {
        let edges = self.dependency_edges();
        let n = edges.len();
        let mut peeled = vec![false; n];
        let (deps, dependents) = (|v| &edges[v], |v| &self.dependents[v]);
        let (to_dep, to_dependent) = (|&w: &u32| w as usize, |t: &TaskId| t.index());
        peel(deps, to_dep, dependents, to_dependent, &mut peeled, |_| {});
        peel(dependents, to_dependent, deps, to_dep, &mut peeled, |_| {});
        let mut groups = Vec::new();
        let mut group_of = vec![None; n];
        strongly_connected_among(
            n,
            deps,
            to_dep,
            |v| !peeled[v],
            |members| {
                let is_loop = members.len() > 1 || edges[members[0] as usize].contains(&members[0]);
                if is_loop {
                    for &v in members {
                        group_of[v as usize] = Some(groups.len() as u32);
                    }
                    groups.push(members.to_vec());
                }
            },
        );
        DependencyCycles {
            edges,
            groups,
            group_of,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Model, TaskId};
    use crate::workspace::Workspace;

    #[test]
    fn loops_and_self_loops_are_cycles_chains_are_not() {
        let text = "task a { depends-on b }\ntask b { depends-on a }\ntask c { depends-on c }\n\
                    task d { depends-on a }\ntask e\n";
        let ws = Workspace::from_texts(vec![("p.plan".into(), text.into())]);
        let model = Model::build(&ws);
        let cycles = model.dependency_cycles();
        let on: Vec<bool> = (0..5).map(|i| cycles.contains(TaskId(i))).collect();
        assert_eq!(on, [true, true, true, false, false]);
        assert!(cycles.same_group(TaskId(0), TaskId(1)));
        assert!(!cycles.same_group(TaskId(0), TaskId(2)));
        assert!(!cycles.same_group(TaskId(3), TaskId(4)));
        assert_eq!(cycles.groups.len(), 2);
    }

    #[test]
    fn the_loops_of_a_generated_plan_are_its_strongly_connected_groups() {
        // A generated plan (thousands of tasks, most of them in chains), with a loop of three
        // tasks, a task depending on itself, and tasks before and after the loops.
        let mut sources = crate::synth::generate(&crate::synth::SynthOptions {
            tasks: 5_000,
            files: 4,
            seed: 7,
        });
        sources.push((
            "loop.plan".into(),
            "task loop-a { depends-on loop-b }\ntask loop-b { depends-on loop-c, first }\n\
             task loop-c { depends-on loop-a }\ntask after { depends-on loop-a, itself }\n\
             task itself { depends-on itself, first }\ntask first\n"
                .into(),
        ));
        let ws = Workspace::from_texts(sources);
        let model = Model::build(&ws);
        let edges = model.dependency_edges();
        let mut expected: Vec<Vec<u32>> =
            crate::model::graph::strongly_connected(edges.len(), |v| &edges[v])
                .iter()
                .filter(|c| c.len() > 1 || edges[c[0] as usize].contains(&c[0]))
                .map(|c| {
                    let mut c = c.to_vec();
                    c.sort_unstable();
                    c
                })
                .collect();
        expected.sort();
        let cycles = model.dependency_cycles();
        let mut found: Vec<Vec<u32>> = cycles
            .groups
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.sort_unstable();
                c
            })
            .collect();
        found.sort();
        assert!(expected.len() >= 2, "{expected:?}");
        assert_eq!(found, expected);
        for (g, group) in cycles.groups.iter().enumerate() {
            assert!(group
                .iter()
                .all(|&v| cycles.group_of[v as usize] == Some(g as u32)));
        }
        let on_loops = cycles.group_of.iter().filter(|g| g.is_some()).count();
        assert_eq!(on_loops, expected.iter().map(Vec::len).sum::<usize>());
    }
}
