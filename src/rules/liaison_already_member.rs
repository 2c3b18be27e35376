//! `liaison-already-member`: a liaison who is already one of the leads or members of the team
//! they are liaison to.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Location, Severity};

pub static RULE: Rule = Rule {
    code: "liaison-already-member",
    default_severity: Severity::Warning,
    summary: "a liaison who is already a lead or member of the `to` team: an insider there, not a \
              liaison; say they are in both teams, or choose someone from outside",
    doc: r#"## What it checks
That the person of a `liaison` item is not already in the team named by its `to`: neither one
of its `lead`s nor one of its `members`. Not reported when `from` and `to` are the same team
(`liaison-to-own-team` covers that), nor when the person, `from` or `to` does not name what it
should (other rules report those).

## Why it matters
A liaison is someone from *outside* a team who sits in on its meetings and carries context
between it and their home team. A person who already leads or belongs to the `to` team is an
insider there: they hear everything anyway, and nobody outside the team is doing the
carrying. Calling them a liaison makes the plan look better coordinated than it is — it
counts a link that is really one person wearing two hats — and hides the question that
matters: does the home team have its own way into that team's decisions?

## How to fix
Decide which is true, and write that:
- the person really works in both teams: drop the `liaison` item and keep them in the
  `members` (or `lead`) of each team; one person in two teams links those teams by itself;
- the home team needs its own channel: choose a liaison from the home team who is *not* in
  the `to` team, and keep this person where they are.

If the role is an on-call or advisory contact rather than a liaison, see
`coord explain liaison` for how to record it.

## Example
```plan
team steering { lead sara  members priya }
team security { lead priya, tomas }
person sara
person priya
person tomas
meeting security-sync { attendees security  cadence weekly }
liaison priya { from steering  to security  attends security-sync  needs "risks" }
```
`priya` already co-leads `security`: she is an insider there, not steering's liaison to it.
Remove the liaison (she is in both teams), or name someone from steering who is not in
security.
"#,
    reads: Facts::ORG,
    finds: Finds::Anywhere,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for l in &m.liaisons {
        let (Some(person), Some(from), Some(to)) = (l.person, l.from, l.to) else {
            continue;
        };
        if from.id == to.id || !m.is_in(person.id, to.id) {
            continue;
        }
        let (who, team) = (m.person_name(person.id), m.team_name(to.id));
        let leads = &m.teams[to.id.index()].leads;
        let role = if leads.iter().any(|p| p.id == person.id) {
            if leads.len() > 1 {
                "a lead"
            } else {
                "the lead"
            }
        } else {
            "a member"
        };
        let mut d = Diagnostic::new(
            RULE.code,
            Location::new(l.item.file, person.span),
            format!("liaison `{who}` is already {role} of `{team}`, the team they are liaison to"),
        )
        .with_label(
            Location::new(l.item.file, to.span),
            format!("`{who}` is in `{team}`: an insider there, not a liaison"),
        );
        let home = m.team_name(from.id);
        d = d.with_help(format!(
            "if `{who}` works in both teams, drop this liaison and list them in both `{home}` and `{team}`; \
             if `{home}` needs its own channel into `{team}`, choose a liaison from outside `{team}`"
        ));
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;
    use crate::workspace::Workspace;

    fn check(text: &str) -> Vec<Diagnostic> {
        let ws = Workspace::from_texts(vec![("a.plan".into(), text.into())]);
        let today = crate::syntax::lexer::parse_date("2026-11-22").unwrap();
        crate::analysis::analyze(&ws, &crate::config::Config::default(), today)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == super::RULE.code)
            .collect()
    }

    const ORG: &str = "team steering { lead sara  members priya, omar }\nteam security { lead priya, tomas  members wei }\n\
                       person sara\nperson priya\nperson tomas\nperson wei\nperson omar\n\
                       meeting security-sync { attendees security  cadence weekly }\n";

    #[test]
    fn a_co_lead_of_the_to_team_is_an_insider() {
        let text = format!("{ORG}liaison priya {{ from steering  to security  attends security-sync  needs \"risks\" }}\n");
        let ds = check(&text);
        assert_eq!(ds.len(), 1, "{ds:#?}");
        let d = &ds[0];
        assert_eq!(
            d.message,
            "liaison `priya` is already a lead of `security`, the team they are liaison to"
        );
        assert_eq!(&text[d.location.span.range()], "priya");
        assert_eq!(&text[d.labels[0].location.span.range()], "security");
        assert!(d.help.as_deref().unwrap().contains("from outside `security`"));
    }

    #[test]
    fn a_member_of_the_to_team_is_an_insider_too() {
        let text = format!(
            "{}liaison wei {{ from steering  to security  needs \"risks\" }}\n",
            ORG.replace("members priya, omar", "members priya, omar, wei")
        );
        let ds = check(&text);
        assert_eq!(ds.len(), 1, "{ds:#?}");
        assert!(ds[0].message.contains("already a member of `security`"));
    }

    #[test]
    fn an_outsider_and_a_liaison_to_their_own_team_are_not_reported() {
        let text = format!(
            "{ORG}liaison omar {{ from steering  to security  needs \"risks\" }}\n\
             liaison priya {{ from security  to security  needs \"x\" }}\n"
        );
        assert!(check(&text).is_empty());
    }
}
