//! `liaison-not-member`: a liaison or embedded person who is not in their `from` team.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, Location, Severity, TextEdit};
use crate::model::{At, ItemRef, PersonId, TeamId};

pub static RULE: Rule = Rule {
    code: "liaison-not-member",
    default_severity: Severity::Warning,
    summary: "a liaison or embedded person who is not in their `from` team",
    doc: r#"## What it checks
That the person of a `liaison` or `embedded` item is in the team named by its `from`: one
of its `lead`s or one of its `members`.

## Why it matters
`from` is the liaison's home team: the team that needs the context and that the liaison
reports back to. A liaison who is not part of that team has nobody to carry context back to
in practice, and an embedded specialist who is not in their home team has lost the reporting
line that makes embedding work. Usually the plan is just out of date: the person moved, or
the `from` names the wrong team. Rubick's liaison model works best with a stable person
whose place in the organisation is clear.

## How to fix
Add the person to the `from` team's `members`, or change `from` to the team they are really
in (the editor offers this when they are in exactly one team).

## Example
```plan
team marketing { lead mia }
team platform { lead alice }
team sales { lead sol  members dave }
person mia
person alice
person sol
person dave
meeting platform-weekly { attendees platform  cadence weekly }
liaison dave { from marketing  to platform  attends platform-weekly  needs "delivery dates" }
```
`dave` is in `sales`, not `marketing`: add `dave` to the members of `marketing`, or set
`from sales` if that is the home team.
"#,
    reads: Facts::ORG,
    finds: Finds::Anywhere,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for l in &m.liaisons {
        report(cx, l.item, l.person, l.from, l.to, "liaison", out);
    }
    for e in &m.embeds {
        report(cx, e.item, e.person, e.from, e.to, "embedded person", out);
    }
}

fn report(
    cx: &Context,
    item: ItemRef,
    person: Option<At<PersonId>>,
    from: Option<At<TeamId>>,
    to: Option<At<TeamId>>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let m = cx.model;
    let (Some(person), Some(from)) = (person, from) else {
        return;
    };
    if m.is_in(person.id, from.id) {
        return;
    }
    let (who, team) = (m.person_name(person.id), m.team_name(from.id));
    let teams = &m.person_teams[person.id.index()];
    let mut d = Diagnostic::new(
        RULE.code,
        Location::new(item.file, person.span),
        format!("{what} `{who}` is not in `{team}`, the home team given in `from`"),
    )
    .with_label(
        Location::new(item.file, from.span),
        format!("`{who}` is neither a lead nor a member of `{team}`"),
    );
    let help =
        match teams.as_slice() {
            [] => format!(
                "add `{who}` to the members of `{team}`, or set `from` to the team `{who}` is in"
            ),
            _ => format!(
            "add `{who}` to the members of `{team}`, or set `from` to the team `{who}` is in ({})",
            teams.iter().map(|&t| format!("`{}`", m.team_name(t))).collect::<Vec<_>>().join(", ")
        ),
        };
    d = d.with_help(help);
    // The one team the person is in, unless that is where they liaise to.
    if let Some(&only) = teams
        .first()
        .filter(|&&t| teams.len() == 1 && to.is_none_or(|to| to.id != t))
    {
        let name = m.team_name(only);
        d = d.with_fix(Fix {
            title: format!("Set `from {name}`"),
            edits: vec![TextEdit {
                file: item.file,
                span: from.span,
                new_text: name.to_string(),
            }],
            preferred: false,
        });
    }
    out.push(d);
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;

    fn check(text: &str) -> Vec<Diagnostic> {
        crate::rules::testing::check(text)
    }

    const TEAMS: &str = "team marketing { lead mia }\nteam platform { lead alice }\nteam sales { lead sol  members dave }\n\
                         person mia\nperson dave\nperson alice\nperson sol\n\
                         meeting platform-weekly { attendees platform  cadence weekly }\n";

    #[test]
    fn suggests_the_team_the_person_is_in() {
        let text = format!("{TEAMS}liaison dave {{ from marketing  to platform  attends platform-weekly  needs \"x\" }}\n");
        let ds = check(&text);
        assert_eq!(ds.len(), 1, "{ds:#?}");
        assert_eq!(ds[0].fixes[0].title, "Set `from sales`");
        assert!(ds[0].help.as_deref().unwrap().ends_with("(`sales`)"));
        let e = &ds[0].fixes[0].edits[0];
        let mut fixed = text.clone();
        fixed.replace_range(e.span.range(), &e.new_text);
        assert!(check(&fixed).is_empty(), "{fixed}");
    }

    #[test]
    fn no_fix_that_would_point_back_at_the_to_team() {
        let text = format!("{TEAMS}liaison dave {{ from marketing  to sales  needs \"x\" }}\nmeeting sales-weekly {{ attendees sales  cadence weekly }}\n");
        let ds: Vec<_> = check(&text)
            .into_iter()
            .filter(|d| d.code == "liaison-not-member")
            .collect();
        assert_eq!(ds.len(), 1, "{ds:#?}");
        assert!(ds[0].fixes.is_empty());
    }
}
