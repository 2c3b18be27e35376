//! `blocking-fan-out`: an unfinished task that tasks of several other teams wait on.
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

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::graph::strongly_connected;
use crate::model::{Status, TeamId};
use crate::syntax::Span;

pub static RULE: Rule = Rule {
    code: "blocking-fan-out",
    default_severity: Severity::Warning,
    summary: "a task not `done` that tasks of at least `fan-out-teams` other teams depend on, directly or \
              through others",
    doc: r#"## What it checks
For every task that is not `done`, which teams have tasks waiting on it: tasks that list
it in `depends-on`, tasks that depend on those, and so on, whatever their status. Teams
the task itself belongs to do not count. When at least `fan-out-teams` other teams wait
on it (3 unless `coord.toml` says otherwise), the task is reported with the teams named.
Tasks whose owner is missing or undefined bring no team.

## Why it matters
Most delays stay local. A delay in a task that several other teams are waiting for does
not: it ripples through each of their plans at once, and each team finds out on its own,
usually late. These are the tasks a project review should look at first, and the ones to
report on before they slip, not after.

## How to fix
You cannot always remove the dependency, but you can make it safe:
- surface the task early: make its status and risks visible to every waiting team, and
  give it a clear owner with the time to finish it;
- split it, so the others can start on a first part (a frozen interface, a beta) while
  the rest is finished;
- add slack to the dates of the tasks waiting on it;
- if it is accepted as is, write `allow blocking-fan-out` on the task, or raise
  `fan-out-teams` in `coord.toml`.

## Example
```plan
team platform { lead alice }
team marketing { lead dave }
team growth { lead gil }
team support { lead sam }

task schema-freeze { owner platform  due 2026-12-15  status doing }
task api-v2 { owner platform  depends-on schema-freeze }
task launch-post { owner marketing  depends-on api-v2 }
task signup-flow { owner growth  depends-on api-v2 }
task help-center { owner support  depends-on schema-freeze }
```
Growth, marketing and support all wait on `schema-freeze`, two of them through `api-v2`.
"#,
    check,
};

/// At least this many waiting teams are named in a message before it says "and more".
const SHOWN_TEAMS: usize = 10;
/// Direct dependents labelled per diagnostic.
const LABELLED_DEPENDENTS: usize = 3;

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

/// The teams waiting on each task, computed for all tasks at once (see the module comment).
pub(crate) struct Waiting {
    component_of: Vec<u32>,
    /// Per strongly connected group: the teams of the tasks waiting on it from outside, plus,
    /// for a loop, the teams of its own tasks (each task of a loop waits on itself).
    sets: Vec<Vec<TeamId>>,
}

impl Waiting {
    /// The teams of the tasks that depend on task `t` directly or through others (including
    /// `t`'s own teams when it is on a loop): the `cap` smallest team ids of that set, sorted,
    /// which is the whole set when it has fewer than `cap`.
    pub(crate) fn of(&self, t: usize) -> &[TeamId] {
        &self.sets[self.component_of[t] as usize]
    }
}

/// `deps[t]` lists the tasks `t` depends on; `teams[t]` the teams of `t`, sorted.
pub(crate) fn waiting_teams(deps: &[Vec<u32>], teams: &[Vec<TeamId>], cap: usize) -> Waiting {
    let n = deps.len();
    let mut dependents: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (t, ds) in deps.iter().enumerate() {
        for &d in ds {
            dependents[d as usize].push(t as u32);
        }
    }
    // Components come out with every component before those that depend on it, so in
    // reverse order the tasks waiting on a component are done before it.
    let components = strongly_connected(n, |v| &deps[v]);
    let mut component_of = vec![0u32; n];
    for (c, members) in components.iter().enumerate() {
        for &v in members {
            component_of[v as usize] = c as u32;
        }
    }
    // `full[c]`: the teams of the tasks of `c` and of every task waiting on it, which is
    // what `c` passes on to the tasks it depends on.
    let mut full: Vec<Vec<TeamId>> = vec![Vec::new(); components.len()];
    let mut sets: Vec<Vec<TeamId>> = vec![Vec::new(); components.len()];
    let mut scratch = Vec::new();
    for (c, members) in components.iter().enumerate().rev() {
        let mut acc = Vec::new();
        for &x in members {
            for &y in &dependents[x as usize] {
                let cy = component_of[y as usize] as usize;
                if cy != c {
                    union_into(&mut acc, &full[cy], cap, &mut scratch);
                }
            }
        }
        let has_dependencies = members.iter().any(|&x| !deps[x as usize].is_empty());
        if members.len() > 1 {
            for &x in members {
                union_into(&mut acc, &teams[x as usize], cap, &mut scratch);
            }
            if has_dependencies {
                full[c] = acc.clone();
            }
        } else if has_dependencies {
            let mut with_own = acc.clone();
            union_into(
                &mut with_own,
                &teams[members[0] as usize],
                cap,
                &mut scratch,
            );
            full[c] = with_own;
        }
        sets[c] = acc;
    }
    Waiting { component_of, sets }
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    let threshold = cx.config.fan_out_teams.max(1);
    if m.teams.len() < threshold {
        return;
    }
    let max_own = m.task_teams.iter().map(Vec::len).max().unwrap_or(0);
    let cap = threshold.max(SHOWN_TEAMS) + max_own;
    let deps = super::dependency_cycle::dependency_edges(m);
    // Each task's teams, sorted (they usually are already: a person's teams come in order).
    let sorted;
    let teams: &[Vec<TeamId>] = if m
        .task_teams
        .iter()
        .all(|t| t.windows(2).all(|w| w[0] < w[1]))
    {
        &m.task_teams
    } else {
        sorted = m
            .task_teams
            .iter()
            .map(|t| {
                let mut t = t.clone();
                t.sort_unstable();
                t.dedup();
                t
            })
            .collect::<Vec<_>>();
        &sorted
    };
    let waiting = waiting_teams(&deps, teams, cap);

    // Which tasks fire, and the other teams waiting on each.
    let mut flagged: Vec<(usize, Vec<TeamId>, bool)> = Vec::new();
    for (i, task) in m.tasks.iter().enumerate() {
        if task.status == Status::Done {
            continue;
        }
        let mut others: Vec<TeamId> = waiting
            .of(i)
            .iter()
            .copied()
            .filter(|t| !teams[i].contains(t))
            .collect();
        if others.len() >= threshold {
            // A full set proves at least `cap - max_own` others; name that many, no more.
            let capped = waiting.of(i).len() >= cap;
            if capped {
                others.truncate(cap - max_own);
            }
            flagged.push((i, others, capped));
        }
    }
    if flagged.is_empty() {
        return;
    }

    // A few direct dependents of other teams for each flagged task, found in one pass.
    let mut is_flagged = vec![false; m.tasks.len()];
    for (i, _, _) in &flagged {
        is_flagged[*i] = true;
    }
    let mut direct: Vec<Vec<(usize, Span)>> = vec![Vec::new(); m.tasks.len()];
    for (y, task) in m.tasks.iter().enumerate() {
        for dep in &task.depends_on {
            let x = dep.id.index();
            if is_flagged[x]
                && direct[x].len() < LABELLED_DEPENDENTS
                && !direct[x].iter().any(|&(other, _)| other == y)
                && teams[y].iter().any(|t| !teams[x].contains(t))
            {
                direct[x].push((y, dep.span));
            }
        }
    }

    for (i, others, capped) in flagged {
        let sym = m.symbol(m.tasks[i].symbol);
        let mut names: Vec<&str> = others.iter().map(|&t| m.team_name(t)).collect();
        names.sort_unstable();
        let message = if capped {
            format!(
                "tasks of {} or more other teams wait on `{}`: {}, and more",
                names.len(),
                sym.name,
                names.join(", ")
            )
        } else {
            format!(
                "tasks of {} other teams wait on `{}`: {}",
                names.len(),
                sym.name,
                names.join(", ")
            )
        };
        let mut d = Diagnostic::new(RULE.code, sym.location, message);
        for &(y, span) in &direct[i] {
            let ys = m.symbol(m.tasks[y].symbol);
            let their: Vec<&str> = teams[y].iter().map(|&t| m.team_name(t)).collect();
            d = d.with_label(
                Location::new(ys.item.file, span),
                format!("`{}` ({}) waits on it here", ys.name, their.join(", ")),
            );
        }
        out.push(d.with_help(format!(
            "a delay to `{}` ripples into the plans of all these teams at once: surface its status and risks to \
             them early, split it so they can start on a first part, or add slack to their dates",
            sym.name
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn run_with(text: &str, config: &Config) -> Vec<Diagnostic> {
        let ws = crate::workspace::Workspace::from_texts(vec![("a.plan".into(), text.into())]);
        let today = crate::syntax::lexer::parse_date("2026-11-22").unwrap();
        crate::analysis::analyze(&ws, config, today)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == RULE.code)
            .collect()
    }

    fn run(text: &str) -> Vec<Diagnostic> {
        run_with(text, &Config::default())
    }

    const ORG: &str = "team platform { lead alice }\nteam marketing { lead dave }\nteam growth { lead gil }\n\
                       team support { lead sam }\nperson alice\nperson dave\nperson gil\nperson sam\n";

    #[test]
    fn names_the_other_teams_directly_or_through_others() {
        let text = format!(
            "{ORG}task schema-freeze {{ owner platform status doing }}\n\
             task api-v2 {{ owner alice depends-on schema-freeze }}\n\
             task launch-post {{ owner marketing depends-on api-v2 status done }}\n\
             task signup-flow {{ owner growth depends-on api-v2 }}\n\
             task help-center {{ owner sam depends-on schema-freeze }}\n"
        );
        let ds = run(&text);
        assert_eq!(ds.len(), 1, "{ds:#?}");
        let d = &ds[0];
        assert_eq!(
            d.message,
            "tasks of 3 other teams wait on `schema-freeze`: growth, marketing, support"
        );
        assert_eq!(&text[d.location.span.range()], "schema-freeze");
        // Only the direct dependent of another team is labelled (api-v2 is platform's own).
        let labels: Vec<&str> = d.labels.iter().map(|l| l.message.as_str()).collect();
        assert_eq!(labels, vec!["`help-center` (support) waits on it here"]);
        assert!(d.help.as_deref().unwrap().contains("split it"));
        // api-v2 has only two other teams waiting; with the limit at 2 it fires as well.
        let config = Config {
            fan_out_teams: 2,
            ..Config::default()
        };
        let ds = run_with(&text, &config);
        let messages: Vec<&str> = ds.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "tasks of 3 other teams wait on `schema-freeze`: growth, marketing, support",
                "tasks of 2 other teams wait on `api-v2`: growth, marketing",
            ]
        );
    }

    #[test]
    fn own_teams_and_unowned_tasks_do_not_count() {
        // dave is in marketing and growth: those are the task's own teams.
        let text = "team platform { lead alice }\nteam marketing { lead dave }\nteam growth { lead gil members dave }\n\
                    team support { lead sam }\nperson alice\nperson dave\nperson gil\nperson sam\n\
                    task core { owner dave }\n\
                    task a { owner marketing depends-on core }\n\
                    task b { owner growth depends-on core }\n\
                    task c { owner platform depends-on core }\n\
                    task d { owner support depends-on core }\n\
                    task e { depends-on core }\n";
        assert!(run(text).is_empty());
    }

    #[test]
    fn a_loop_counts_its_own_members() {
        let text = format!(
            "{ORG}task a {{ owner platform depends-on b }}\n\
             task b {{ owner marketing depends-on c }}\n\
             task c {{ owner growth depends-on a }}\n\
             task d {{ owner support depends-on c }}\n"
        );
        let ds = run(&text);
        let messages: Vec<&str> = ds.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "tasks of 3 other teams wait on `a`: growth, marketing, support",
                "tasks of 3 other teams wait on `b`: growth, platform, support",
                "tasks of 3 other teams wait on `c`: marketing, platform, support",
            ]
        );
    }

    #[test]
    fn many_teams_are_named_up_to_the_cap() {
        let mut text = String::from("person p\ntask core { owner p }\n");
        for i in 0..30 {
            text.push_str(&format!("team t{i:02} {{ lead p{i} }}\nperson p{i}\ntask w{i} {{ owner t{i:02} depends-on core }}\n"));
        }
        let ds = run(&text);
        assert_eq!(ds.len(), 1);
        assert!(
            ds[0]
                .message
                .starts_with("tasks of 10 or more other teams wait on `core`: t00, t01,"),
            "{}",
            ds[0].message
        );
        assert!(
            ds[0].message.ends_with("t09, and more"),
            "{}",
            ds[0].message
        );
        assert_eq!(ds[0].labels.len(), LABELLED_DEPENDENTS);
    }

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
        let waiting = waiting_teams(&deps, &teams, 13);
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
        let waiting = waiting_teams(&deps, &teams, 13);
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
    fn a_long_chain_through_the_whole_check() {
        let n = 50_000;
        let mut text = String::from("team a { lead p }\nteam b { lead p }\nteam c { lead p }\nteam d { lead p }\nperson p\n");
        text.push_str("task t0 { owner a }\n");
        for i in 1..n {
            let team = ["a", "b", "c", "d"][i % 4];
            text.push_str(&format!(
                "task t{i} {{ owner {team} depends-on t{} }}\n",
                i - 1
            ));
        }
        let ds = run(&text);
        // Every task but the last three has the three other teams downstream.
        assert_eq!(ds.len(), n - 3);
        assert_eq!(
            ds[0].message,
            "tasks of 3 other teams wait on `t0`: b, c, d"
        );
    }
}
