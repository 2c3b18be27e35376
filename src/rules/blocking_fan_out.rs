//! `blocking-fan-out`: an unfinished task that tasks of several other teams wait on.
//!
//! Which teams wait on each task comes from [`crate::model::waiting`], shared with `coord report`.

use crate::model::edit::Facts;
use crate::rules::{Finds, Reach};
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::waiting::OtherTeams;
use crate::model::{Status, TeamId};
use std::fmt::Write;

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
    reads: Facts::TASK_ENTRIES.union(Facts::TEAMS),
    finds: Finds::ByTask(Reach::Waiting),
    check,
};

/// At least this many waiting teams are named in a message before it says "and more".
const SHOWN_TEAMS: usize = 10;
/// Direct dependents labelled per diagnostic.
const LABELLED_DEPENDENTS: usize = 3;

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    let threshold = cx.config.fan_out_teams.max(1);
    if m.teams.len() < threshold {
        return;
    }
    let waiting = OtherTeams::compute(m, threshold.max(SHOWN_TEAMS));

    // Which tasks fire, and the other teams waiting on each (in one vector: `flagged` holds
    // the task, where its teams are in `teams`, and whether more may wait).
    let mut flagged: Vec<(usize, std::ops::Range<usize>, bool)> = Vec::new();
    let mut teams: Vec<TeamId> = Vec::new();
    let mut others = Vec::new();
    for (i, task) in m.tasks.iter().enumerate() {
        // Most tasks have fewer teams waiting than the threshold, own teams included: they
        // are passed over without listing their other teams.
        if waiting.at_most(i) < threshold || task.status == Status::Done || !cx.checks_task(i) {
            continue;
        }
        let more = waiting.of_into(i, &mut others);
        if others.len() >= threshold {
            let start = teams.len();
            teams.extend_from_slice(&others);
            flagged.push((i, start..teams.len(), more));
        }
    }
    if flagged.is_empty() {
        return;
    }

    // Teams are named in the order of their names: each team's place in that order, found
    // once, so a message sorts numbers rather than strings.
    let mut by_name: Vec<u32> = (0..m.teams.len() as u32).collect();
    by_name.sort_unstable_by_key(|&t| m.team_name(TeamId(t)));
    let mut rank = vec![0u32; m.teams.len()];
    for (r, &t) in by_name.iter().enumerate() {
        rank[t as usize] = r as u32;
    }

    out.reserve(flagged.len());
    for (i, range, capped) in flagged {
        let sym = m.symbol(m.tasks[i].symbol);
        let names = &mut teams[range];
        names.sort_unstable_by_key(|t| rank[t.index()]);
        let mut message = String::with_capacity(48 + sym.name.len() + names.len() * 16);
        message.push_str("tasks of ");
        let _ = write!(message, "{}", names.len());
        if capped {
            message.push_str(" or more");
        }
        message.push_str(" other teams wait on `");
        message.push_str(&sym.name);
        message.push_str("`: ");
        push_joined(&mut message, names.iter().map(|&t| m.team_name(t)));
        if capped {
            message.push_str(", and more");
        }
        let mut d = Diagnostic::new(RULE.code, sym.location, message);
        // The first few tasks of other teams that depend on it directly (in the order of the
        // tasks, each once), labelled where they say so.
        let mut labelled: [usize; LABELLED_DEPENDENTS] = [usize::MAX; LABELLED_DEPENDENTS];
        let mut len = 0;
        for y in &m.dependents[i] {
            let y = y.index();
            if len == LABELLED_DEPENDENTS {
                break;
            }
            if labelled[..len].contains(&y)
                || !waiting
                    .own(y)
                    .iter()
                    .any(|t| !waiting.own(i).contains(t))
            {
                continue;
            }
            let task = &m.tasks[y];
            let Some(dep) = task.depends_on.iter().find(|d| d.id.index() == i) else {
                continue; // every dependent lists the task; nothing to label otherwise
            };
            labelled[len] = y;
            len += 1;
            let ys = m.symbol(task.symbol);
            let mut label = String::with_capacity(32 + ys.name.len());
            label.push('`');
            label.push_str(&ys.name);
            label.push_str("` (");
            push_joined(&mut label, waiting.own(y).iter().map(|&t| m.team_name(t)));
            label.push_str(") waits on it here");
            d = d.with_label(Location::new(ys.item.file, dep.span), label);
        }
        let mut help = String::with_capacity(HELP.0.len() + HELP.1.len() + sym.name.len());
        help.push_str(HELP.0);
        help.push_str(&sym.name);
        help.push_str(HELP.1);
        out.push(d.with_help(help));
    }
}

/// The help of every finding, before and after the task's name.
const HELP: (&str, &str) = (
    "a delay to `",
    "` ripples into the plans of all these teams at once: surface its status and risks to them early, split it \
     so they can start on a first part, or add slack to their dates",
);

/// Appends `words` separated by `, `.
fn push_joined<'a>(out: &mut String, words: impl Iterator<Item = &'a str>) {
    for (k, w) in words.enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        out.push_str(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn run_with(text: &str, config: &Config) -> Vec<Diagnostic> {
        crate::rules::testing::findings_with(text, RULE.code, config)
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
