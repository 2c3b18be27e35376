//! `liaison-sprawl`: a person who is liaison to more than `liaison-limit` teams.

use crate::model::edit::Facts;
use crate::rules::Finds;
use std::collections::HashSet;

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{LiaisonId, TeamId};

pub static RULE: Rule = Rule {
    code: "liaison-sprawl",
    default_severity: Severity::Warning,
    summary: "a person who is liaison to more than `liaison-limit` teams",
    doc: r#"## What it checks
How many different teams each person is a liaison to (the distinct `to` teams of their
`liaison` items). More than `liaison-limit`, 2 by default, is reported once, at the person's
definition, with each of their liaison items shown.

## Why it matters
A liaison is meant to be a stable, natural presence in the other team's meetings. One person
spread over many teams cannot be that anywhere: they sit in too many meetings, build shallow
context and become the bottleneck for all of it. In Rubick's words, liaisons sprinkled
everywhere suggest poor information flow or a structural problem, and the fix is rarely one
more liaison.

## How to fix
Keep the liaisons where the need for context is greatest and hand the others on: to another
person of the home team, to a `rotation` when the point is that someone is always available,
or to an embedded person when the work is really joint. If many teams need the same
context, a `centralized-liaison` group or a regular broadcast may serve them better. Raise
`liaison-limit` in `coord.toml` only if your organisation deliberately works this way.

## Example
```plan
team marketing { lead dave }
team platform { lead alice }
team mobile { lead bea }
team billing { lead carl }
person dave
person alice
person bea
person carl
meeting platform-weekly { attendees platform  cadence weekly }
meeting mobile-weekly { attendees mobile  cadence weekly }
meeting billing-weekly { attendees billing  cadence weekly }
liaison dave { from marketing  to platform  attends platform-weekly  needs "dates" }
liaison dave { from marketing  to mobile  attends mobile-weekly  needs "dates" }
liaison dave { from marketing  to billing  attends billing-weekly  needs "dates" }
```
`dave` is liaison to three teams: give one of them to someone else in marketing.
"#,
    reads: Facts::ORG,
    finds: Finds::Anywhere,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    let limit = cx.config.liaison_limit;
    let mut by_person: Vec<Vec<(LiaisonId, TeamId)>> = vec![Vec::new(); m.people.len()];
    for (i, l) in m.liaisons.iter().enumerate() {
        if let (Some(p), Some(to)) = (l.person, l.to) {
            by_person[p.id.index()].push((LiaisonId(i as u32), to.id));
        }
    }
    for (p, items) in by_person.iter().enumerate() {
        if items.len() <= limit {
            continue;
        }
        let mut teams: Vec<TeamId> = items.iter().map(|&(_, t)| t).collect();
        teams.sort_unstable();
        teams.dedup();
        if teams.len() <= limit {
            continue;
        }
        let person = &m.people[p];
        let who = m.name(person.symbol);
        // Teams in the order the liaison items were written.
        let mut seen = HashSet::new();
        let listing = items
            .iter()
            .filter(|&&(_, t)| seen.insert(t))
            .map(|&(_, t)| format!("`{}`", m.team_name(t)))
            .collect::<Vec<_>>()
            .join(", ");
        let mut d = Diagnostic::new(
            RULE.code,
            m.definition(person.symbol),
            format!(
                "`{who}` is liaison to {} teams ({listing}), more than {limit}",
                teams.len()
            ),
        );
        for &(l, t) in items {
            let at = m.item_name_location(cx.ws, m.liaisons[l.index()].item);
            d = d.with_label(at, format!("liaison to `{}`", m.team_name(t)));
        }
        out.push(d.with_help(
            "one person cannot be a natural presence in that many teams' meetings: keep the liaisons \
             that matter most and hand the others to someone else, a rotation or an embedded person",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;

    fn check(text: &str) -> Vec<Diagnostic> {
        crate::rules::testing::check(text)
    }

    const TEAMS: &str = "team home { lead dave  members erin }\nteam a { lead pa }\nteam b { lead pb }\nteam c { lead pc }\n\
                         person dave\nperson erin\nperson pa\nperson pb\nperson pc\n\
                         meeting ma { attendees a  cadence weekly }\nmeeting mb { attendees b  cadence weekly }\n\
                         meeting mc { attendees c  cadence weekly }\n";

    fn liaison(who: &str, to: &str) -> String {
        format!("liaison {who} {{ from home  to {to}  attends m{to}  needs \"dates\" }}\n")
    }

    #[test]
    fn counts_distinct_teams_once_per_person() {
        let text = format!(
            "{TEAMS}{}{}{}{}",
            liaison("dave", "a"),
            liaison("dave", "b"),
            liaison("dave", "c"),
            liaison("dave", "a")
        );
        let ds = check(&text);
        assert_eq!(ds.len(), 1, "{ds:#?}");
        assert_eq!(ds[0].code, "liaison-sprawl");
        assert!(
            ds[0]
                .message
                .contains("to 3 teams (`a`, `b`, `c`), more than 2"),
            "{}",
            ds[0].message
        );
        // One label per liaison item, the repeated team included.
        assert_eq!(ds[0].labels.len(), 4);
        assert_eq!(ds[0].labels[3].message, "liaison to `a`");
    }

    #[test]
    fn repeated_teams_and_other_people_do_not_add_up() {
        let text = format!(
            "{TEAMS}{}{}{}{}",
            liaison("dave", "a"),
            liaison("dave", "b"),
            liaison("dave", "a"),
            liaison("erin", "c")
        );
        assert!(check(&text).is_empty());
    }
}
