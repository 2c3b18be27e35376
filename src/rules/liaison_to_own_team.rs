//! `liaison-to-own-team`: a liaison, embed or rotation whose `from` and `to` are one team.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::{At, ItemRef, TeamId};

pub static RULE: Rule = Rule {
    code: "liaison-to-own-team",
    default_severity: Severity::Error,
    summary: "a liaison, embed or rotation whose `from` and `to` are the same team",
    doc: r#"## What it checks
That a `liaison`, `embedded` or `rotation` item goes between two different teams: its `from`
(the home team) and its `to` (the team whose context it carries back, or where the person
works) must not be the same team.

## Why it matters
These coordination models exist to move context across a team boundary. Pointing one back
at its own team links nothing: the people of a team already share its meetings and context.
It is almost always a slip (a copied item whose `to` was not changed), and it hides the
link the plan meant to record, so a dependency between the two real teams may look
uncoordinated.

## How to fix
Set `to` to the other team: the one whose meetings the liaison joins, where the embedded
person works day to day, or that the rotation serves. If there is no other team, remove the
item.

## Example
```plan
team marketing { lead mia  members dave }
person mia
person dave
meeting marketing-weekly { attendees marketing  cadence weekly }
liaison dave { from marketing  to marketing  attends marketing-weekly  needs "delivery dates" }
```
Dave should be the liaison `to platform`, the team whose plans marketing needs to follow.
"#,
    reads: Facts::ORG,
    finds: Finds::Anywhere,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for l in &m.liaisons {
        let (syntax, item) = m.item(cx.ws, l.item);
        let who = item.name_text(syntax).unwrap_or_default();
        report(cx, l.item, l.from, l.to, &format!("liaison `{who}`"), out);
    }
    for e in &m.embeds {
        let (syntax, item) = m.item(cx.ws, e.item);
        let who = item.name_text(syntax).unwrap_or_default();
        report(
            cx,
            e.item,
            e.from,
            e.to,
            &format!("embedded person `{who}`"),
            out,
        );
    }
    for r in &m.rotations {
        let sym = m.symbol(r.symbol);
        report(
            cx,
            sym.item,
            r.from,
            r.to,
            &format!("rotation `{}`", sym.name),
            out,
        );
    }
}

fn report(
    cx: &Context,
    item: ItemRef,
    from: Option<At<TeamId>>,
    to: Option<At<TeamId>>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(from), Some(to)) = (from, to) else {
        return;
    };
    if from.id != to.id {
        return;
    }
    let team = cx.model.team_name(to.id);
    out.push(
        Diagnostic::new(
            RULE.code,
            Location::new(item.file, to.span),
            format!("{what} goes from `{team}` to `{team}` itself"),
        )
        .with_label(Location::new(item.file, from.span), format!("`{team}` is also the home team"))
        .with_help(
            "a liaison, embed or rotation carries context between two teams: set `to` to the other team, \
             or remove the item if there is none",
        ),
    );
}
