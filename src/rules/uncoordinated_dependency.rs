//! `uncoordinated-dependency`: a cross-team dependency with nothing linking the two teams.

use crate::model::edit::Facts;
use crate::rules::{Finds, Reach};
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::{Model, Owner, TaskId, TeamId};

pub static RULE: Rule = Rule {
    code: "uncoordinated-dependency",
    default_severity: Severity::Warning,
    summary: "a task of one team depends on a task of another, and no liaison, embed, rotation, \
              centralized liaison, shared person or shared meeting links the two teams",
    doc: r#"## What it checks
Every dependency between tasks of different teams (the two tasks share no team; a task's
teams are its owner team, or the teams its owner person is in) must be matched by some
coordination between those teams. The teams count as linked when any of these connects a
team of the one task with a team of the other:
- a `liaison`, `embedded` person or `rotation` going from one to the other (either way);
- a `centralized-liaison` group with members in both;
- a person who is in both teams (one of the leads or members of each);
- a meeting attended by someone in each, unless it is `kind broadcast`: an all-hands or a
  demo day carries news one way and coordinates nobody, so it links no teams.

Reported at the `depends-on` value. Tasks without an owner (or with an owner that is not
defined) are left out: `unowned-task` and `undefined-reference` cover them.

## Why it matters
A dependency on another team is a promise made by people who may never talk to each other.
Without a channel between the teams, a slip on one side is discovered by the other when it
is already late, and the context that makes the handover work (dates, scope, terminology)
never flows. Visible dependencies need a visible way to coordinate them.

## How to fix
Pick the lightest coordination model that fits, and write it into the plan:
- a **liaison** from the waiting team who attends the other team's meetings;
- an **embedded** specialist, when the work needs deep shared context;
- a **rotation**, when someone must be available and the burden should be shared;
- a **centralized liaison** group (say, one lead per team) that both teams sit in;
- someone who really works in both teams, written as a member of each;
- or a **shared meeting** (a decision or status meeting, not a broadcast) that someone from
  each team attends.

If the dependency is not real, remove it; if one team should own both tasks, change an owner.

## Example
```plan
team platform { lead alice }
team marketing { lead dave }
person alice
person dave
task api-v2 { owner platform  due 2026-12-01 }
task launch-post { owner marketing  due 2026-12-03  depends-on api-v2 }
```
Marketing waits on platform, and nothing connects the two teams. Adding
`liaison dave { from marketing  to platform  attends platform-weekly  needs "delivery dates" }`
(with the meeting) links them.
"#,
    reads: Facts::TASK_OWNERS
        .union(Facts::TASK_DEPENDENCIES)
        .union(Facts::ORG),
    finds: Finds::ByTask(Reach::Direct),
    check,
};

fn team_list(m: &Model, teams: &[TeamId]) -> String {
    teams
        .iter()
        .map(|&t| m.team_name(t))
        .collect::<Vec<_>>()
        .join(", ")
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    // `reported[d] == i`: task `i` has already been reported for depending on `d`.
    let mut reported = vec![u32::MAX; m.tasks.len()];
    // The dependencies are read from the model's compact graph, in the order the tasks list
    // them; a task itself is only read when it is reported.
    for (i, deps) in m.dependency_edges().iter().enumerate() {
        if deps.is_empty() || !cx.checks_task(i) {
            continue;
        }
        let teams = &m.task_teams[i];
        if teams.is_empty() {
            continue;
        }
        for (k, &x) in deps.iter().enumerate() {
            if reported[x as usize] == i as u32 || !m.uncoordinated(TaskId(x), TaskId(i as u32)) {
                continue;
            }
            let task = &m.tasks[i];
            let dep = &task.depends_on[k];
            let other_teams = &m.task_teams[x as usize];
            reported[x as usize] = i as u32;
            let sym = m.symbol(task.symbol);
            let other = &m.tasks[dep.id.index()];
            let other_sym = m.symbol(other.symbol);
            let (mine, theirs) = (team_list(m, teams), team_list(m, other_teams));
            let mut d = Diagnostic::new(
                RULE.code,
                Location::new(sym.item.file, dep.span),
                format!(
                    "`{}` ({mine}) depends on `{}` ({theirs}), but nothing links {mine} with {theirs}",
                    sym.name, other_sym.name
                ),
            );
            if let Some(owner) = other.owner {
                let by = match owner.id {
                    Owner::Team(t) => format!("the {} team", m.team_name(t)),
                    Owner::Person(p) => format!("{}, who is in {theirs}", m.person_name(p)),
                };
                d = d.with_label(
                    Location::new(other_sym.item.file, owner.span),
                    format!("`{}` is owned by {by}", other_sym.name),
                );
            }
            let (a, b) = (m.team_name(teams[0]), m.team_name(other_teams[0]));
            let mut help = format!(
                "link the teams: a liaison from {a} who attends {b}'s meetings (`liaison PERSON {{ from {a}  to {b} }}`), \
                 an embedded specialist, a rotation, a centralized liaison group with members in both, someone who is \
                 in both teams, or a meeting that someone from each team attends"
            );
            if let Some(all) = teams
                .iter()
                .find_map(|&x| other_teams.iter().find_map(|&y| m.shared_broadcast(x, y)))
            {
                help.push_str(&format!(
                    "; `{}` does not count: it is a broadcast, which shares news but coordinates nobody",
                    m.meeting_name(all)
                ));
            }
            out.push(d.with_help(help));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<Diagnostic> {
        crate::rules::testing::findings(text, RULE.code)
    }

    const TEAMS: &str =
        "team platform { lead alice }\nteam marketing { lead dave }\nteam growth { lead gil }\n\
                         person alice\nperson dave\nperson gil\n";

    #[test]
    fn names_the_teams_and_labels_the_owner() {
        let text = format!(
            "{TEAMS}task api {{ owner alice }}\ntask post {{ owner marketing depends-on api }}\n"
        );
        let ds = run(&text);
        assert_eq!(ds.len(), 1);
        let d = &ds[0];
        assert_eq!(d.message, "`post` (marketing) depends on `api` (platform), but nothing links marketing with platform");
        assert_eq!(&text[d.location.span.range()], "api");
        assert_eq!(
            d.labels[0].message,
            "`api` is owned by alice, who is in platform"
        );
        assert_eq!(&text[d.labels[0].location.span.range()], "alice");
        let help = d.help.as_deref().unwrap();
        for way in [
            "liaison",
            "embedded",
            "rotation",
            "centralized liaison",
            "meeting",
        ] {
            assert!(help.contains(way), "{help}");
        }
    }

    #[test]
    fn a_shared_broadcast_is_named_as_not_counting() {
        let text = format!(
            "{TEAMS}meeting all-hands {{ attendees platform, marketing  cadence monthly  kind broadcast }}\n\
             task api {{ owner platform }}\ntask post {{ owner marketing depends-on api }}\n"
        );
        let ds = run(&text);
        assert_eq!(ds.len(), 1);
        let help = ds[0].help.as_deref().unwrap();
        assert!(
            help.ends_with("; `all-hands` does not count: it is a broadcast, which shares news but coordinates nobody"),
            "{help}"
        );
        // The same meeting as a decision meeting links the teams.
        assert!(run(&text.replace("  kind broadcast", "")).is_empty());
    }

    #[test]
    fn any_link_between_any_of_the_teams_is_enough() {
        // dave is in marketing and growth; growth has a rotation to platform.
        let text = "team platform { lead alice }\nteam marketing { lead dave }\nteam growth { lead gil members dave }\n\
                    person alice\nperson dave\nperson gil\n\
                    rotation r { from growth to platform roster gil period 1w }\n\
                    task api { owner platform }\ntask post { owner dave depends-on api }\n";
        assert!(run(text).is_empty());
        // Without the rotation it fires, naming both of dave's teams.
        let text = text.replace(
            "rotation r { from growth to platform roster gil period 1w }\n",
            "",
        );
        let ds = run(&text);
        assert_eq!(ds.len(), 1);
        assert!(
            ds[0]
                .message
                .starts_with("`post` (marketing, growth) depends on"),
            "{}",
            ds[0].message
        );
    }
}
