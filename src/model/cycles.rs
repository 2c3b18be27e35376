//! Dependency cycles: which tasks wait on themselves, directly or through other tasks — the
//! one home of that fact for `dependency-cycle`, the tasks graph, the timeline and the report.

use super::graph::strongly_connected;
#[cfg(test)]
use super::TaskId;
use super::{Flat, Model};

/// The loops of the dependency graph: each strongly connected group of two or more tasks,
/// and each task that depends on itself.
#[derive(Debug, Clone)]
pub struct DependencyCycles<'m> {
    /// For each task, the tasks it depends on (raw indices): [`Model::dependency_edges`].
    pub edges: &'m Flat<u32>,
    /// The tasks of each loop group, in the order Tarjan's algorithm gives them (a group
    /// before every group that depends on it).
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
    pub fn dependency_cycles(&self) -> DependencyCycles<'_> {
        let edges = self.dependency_edges();
        let mut groups = Vec::new();
        let mut group_of = vec![None; edges.len()];
        for members in strongly_connected(edges.len(), |v| &edges[v]).iter() {
            let is_loop = members.len() > 1 || edges[members[0] as usize].contains(&members[0]);
            if is_loop {
                for &v in members {
                    group_of[v as usize] = Some(groups.len() as u32);
                }
                groups.push(members.to_vec());
            }
        }
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
}
