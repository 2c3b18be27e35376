//! `hierarchy-cycle`: teams whose `parent` chain loops.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::TeamId;

pub static RULE: Rule = Rule {
    code: "hierarchy-cycle",
    default_severity: Severity::Error,
    summary: "teams whose `parent` chain loops",
    doc: r#"## What it checks
That following `parent` from team to team always ends at a team with no parent. A team that
is its own parent, or teams that are each other's parent (`a` under `b`, `b` under `a`),
form a loop. Each loop is reported once, with every `parent` on it shown; a team that merely
sits under a loop is not reported again.

## Why it matters
`parent` records the existing reporting line, and a reporting line has a top. A loop means
nobody can say who these teams answer to, which is exactly the question that matters when
work between them needs a decision or an escalation. Liaisons are best mapped along that
hierarchy, so a loop also leaves them without a shape to follow.

## How to fix
Find the team on the loop that is really at the top and remove its `parent` (or point it at
the team it reports to). Usually one of the `parent` fields was written the wrong way round.

## Example
```plan
team platform { lead alice  parent engineering }
team engineering { lead zoe  parent platform }
person alice
person zoe
```
`engineering` is more likely the parent of `platform`: remove `parent platform`.
"#,
    reads: Facts::ORG,
    finds: Finds::Anywhere,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    let n = m.teams.len();
    // Each team has at most one parent, so walking up from every unvisited team finds each
    // loop exactly once: the walk that first re-enters a team of its own path.
    const UNSEEN: u32 = u32::MAX;
    let mut walk = vec![UNSEEN; n];
    for start in 0..n {
        if walk[start] != UNSEEN {
            continue;
        }
        let mut at = start;
        loop {
            walk[at] = start as u32;
            let Some(parent) = m.teams[at].parent else {
                break;
            };
            let next = parent.id.index();
            if walk[next] == start as u32 {
                report(cx, TeamId(next as u32), out);
                break;
            }
            if walk[next] != UNSEEN {
                break; // an earlier walk, whose loop (if any) is reported already
            }
            at = next;
        }
    }
}

/// Reports the loop through `on_loop`.
fn report(cx: &Context, on_loop: TeamId, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    let mut teams = vec![on_loop];
    let mut at = on_loop;
    while let Some(p) = m.teams[at.index()].parent {
        if p.id == on_loop {
            break;
        }
        teams.push(p.id);
        at = p.id;
    }
    // Start the loop at its first-defined team, so the message does not depend on where the
    // walk happened to enter it.
    let first = teams
        .iter()
        .enumerate()
        .min_by_key(|(_, t)| **t)
        .map_or(0, |(i, _)| i);
    teams.rotate_left(first);
    let head = teams[0];
    let path = teams
        .iter()
        .chain(std::iter::once(&head))
        .map(|&t| format!("`{}`", m.team_name(t)))
        .collect::<Vec<_>>()
        .join(" → ");
    let message = if teams.len() == 1 {
        format!("team `{}` is its own parent", m.team_name(head))
    } else {
        format!("these teams' `parent` links form a loop: {path}")
    };
    let mut d = Diagnostic::new(
        RULE.code,
        m.definition(m.teams[head.index()].symbol),
        message,
    );
    for &t in &teams {
        let team = &m.teams[t.index()];
        let parent = team.parent.expect("on the loop");
        let file = m.symbol(team.symbol).item.file;
        d = d.with_label(
            Location::new(file, parent.span),
            format!(
                "`{}` reports to `{}`",
                m.team_name(t),
                m.team_name(parent.id)
            ),
        );
    }
    out.push(d.with_help(
        "a reporting line needs a top: remove the `parent` of the team that reports to nobody, \
         or point it at the team it really reports to",
    ));
}

#[cfg(test)]
mod tests {

    fn check(text: &str) -> Vec<crate::diagnostic::Diagnostic> {
        crate::rules::testing::findings(text, "hierarchy-cycle")
    }

    #[test]
    fn one_diagnostic_per_loop_starting_at_the_first_team() {
        let text =
            "team c { lead p parent a }\nteam a { lead p parent b }\nteam b { lead p parent c }\n\
                    team under { lead p parent b }\nteam self { lead p parent self }\nperson p\n";
        let ds = check(text);
        assert_eq!(ds.len(), 2, "{ds:#?}");
        let looped = ds.iter().find(|d| d.message.contains('→')).unwrap();
        assert!(
            looped.message.ends_with("`c` → `a` → `b` → `c`"),
            "{}",
            looped.message
        );
        assert_eq!(looped.labels.len(), 3);
        assert!(looped
            .labels
            .iter()
            .any(|l| l.message == "`b` reports to `c`"));
        let own = ds
            .iter()
            .find(|d| d.message.contains("its own parent"))
            .unwrap();
        assert_eq!(own.labels.len(), 1);
    }

    #[test]
    fn long_chains_are_fine() {
        let mut text = String::from("person p\nteam t0 { lead p }\n");
        for i in 1..20_000 {
            text.push_str(&format!("team t{i} {{ lead p parent t{} }}\n", i - 1));
        }
        assert!(check(&text).is_empty());
    }
}
