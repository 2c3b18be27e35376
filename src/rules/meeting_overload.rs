//! `meeting-overload`: a person whose weekly meeting time exceeds their budget.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::date::format_minutes;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Cadence, MeetingId};

pub static RULE: Rule = Rule {
    code: "meeting-overload",
    default_severity: Severity::Warning,
    summary: "a person whose weekly meeting time (cadence × length over their meetings) exceeds their budget",
    doc: r#"## What it checks
How much time each person spends in meetings in a typical week, against their budget: the
person's `meeting-budget`, else `meeting-budget` in `coord.toml` (10h by default). A
meeting's weekly time is its `length` (30m when not given) times how often it happens:
`daily` counts 5 a week, `weekly` 1, `biweekly` ½, `monthly` ¼, `quarterly` 1/13, and
`adhoc` or no `cadence` nothing. A person attends a meeting when it lists them or their
team, when they are a liaison who `attends` it, or when they are embedded into a team that
attends it. The biggest meetings are shown.

## Why it matters
Meeting time is the cost of coordination, and it lands on a few people: leads, liaisons,
embedded specialists. Each meeting looks cheap on its own; together they leave no time for
the work they coordinate. An overloaded liaison is also a sign that the coordination model
is wrong, not that the person needs to try harder: Rubick's liaison model assumes a few
meetings a week for one person.

## How to fix
Start with the biggest meetings shown: drop the ones the person does not need, shorten them,
meet less often, or let one person represent the team. Hand a liaison role to someone else
or to a `rotation` to share the load. If the load is intended (a program manager, say), set
`meeting-budget` on the person to say so.

## Example
```plan
team platform { lead alice }
person alice { meeting-budget 4h }
meeting standup { attendees platform  cadence daily  length 30m }
meeting planning { attendees platform  cadence weekly  length 2h }
```
`alice` spends 4h 30m a week in meetings, over the 4h budget: shorten `planning`.
"#,
    reads: Facts::ORG,
    finds: Finds::Anywhere,
    check,
};

/// How many of the biggest meetings are labelled.
const SHOWN: usize = 3;

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for (p, person) in m.people.iter().enumerate() {
        let sym = m.symbol(person.symbol);
        let Some(load) = cx
            .config
            .meeting_load(cx.ws, m, crate::model::PersonId(p as u32))
            .filter(|l| l.is_over())
        else {
            continue;
        };
        let (minutes, budget) = (load.minutes, load.budget);
        let mut biggest: Vec<(MeetingId, f64)> = m.person_meetings[p]
            .iter()
            .map(|&mt| (mt, m.meetings[mt.index()].weekly_minutes()))
            .collect();
        biggest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut d = Diagnostic::new(
            RULE.code,
            sym.location,
            format!(
                "`{}` spends {} a week in meetings, over the {} budget",
                sym.name,
                format_minutes(minutes),
                format_minutes(budget as f64)
            ),
        );
        for &(mt, weekly) in biggest.iter().take(SHOWN).filter(|(_, w)| *w > 0.0) {
            let meeting = &m.meetings[mt.index()];
            let how = meeting.cadence.map_or("", cadence_name);
            d = d.with_label(
                m.definition(meeting.symbol),
                format!(
                    "`{}`: {} a week ({how}, {})",
                    m.meeting_name(mt),
                    format_minutes(weekly),
                    format_minutes(meeting.minutes() as f64)
                ),
            );
        }
        let over = format_minutes(minutes - budget as f64);
        out.push(d.with_help(format!(
            "free up {over} a week: drop, shorten or thin out the biggest meetings, or hand a liaison role \
             to someone else; if this load is intended, set `meeting-budget` on `{}`",
            sym.name
        )));
    }
}

fn cadence_name(c: Cadence) -> &'static str {
    match c {
        Cadence::Daily => "daily",
        Cadence::Weekly => "weekly",
        Cadence::Biweekly => "biweekly",
        Cadence::Monthly => "monthly",
        Cadence::Quarterly => "quarterly",
        Cadence::Adhoc => "adhoc",
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;

    fn check(text: &str) -> Vec<Diagnostic> {
        crate::rules::testing::check(text)
    }

    const PLAN: &str = "\
team platform { lead alice  members bob }
person alice
person bob { meeting-budget 20h }
meeting standup { attendees platform  cadence daily  length 30m }
meeting planning { attendees platform  cadence weekly  length 2h }
meeting review { attendees alice  cadence biweekly  length 1h }
meeting retro { attendees alice  cadence monthly  length 1h }
meeting one-on-ones { attendees alice  cadence weekly  length 5h }
meeting offsite { attendees alice  cadence adhoc  length 1d }
";

    #[test]
    fn reports_minutes_budget_and_biggest_meetings() {
        let ds = check(PLAN);
        assert_eq!(ds.len(), 1, "{ds:#?}");
        let d = &ds[0];
        assert_eq!(d.code, "meeting-overload");
        // 2h 30m + 2h + 30m + 15m + 5h = 10h 15m.
        assert_eq!(
            d.message,
            "`alice` spends 10h 15m a week in meetings, over the 10h budget"
        );
        let labels: Vec<&str> = d.labels.iter().map(|l| l.message.as_str()).collect();
        assert_eq!(
            labels,
            vec![
                "`one-on-ones`: 5h a week (weekly, 5h)",
                "`standup`: 2h 30m a week (daily, 30m)",
                "`planning`: 2h a week (weekly, 2h)"
            ]
        );
        assert!(d.help.as_deref().unwrap().starts_with("free up 15m a week"));
    }

    #[test]
    fn budgets_from_the_person_and_the_config() {
        let roomy = PLAN.replace(
            "person alice\n",
            "person alice { meeting-budget 10h, 15m }\n",
        );
        // `10h, 15m` is two values: a list given to a one-value key, so the budget is unknown.
        assert!(check(&roomy).iter().all(|d| d.code != "meeting-overload"));
        let roomy = PLAN.replace("person alice\n", "person alice { meeting-budget 615m }\n");
        assert!(check(&roomy).is_empty());
        let tight = PLAN.replace(
            "person bob { meeting-budget 20h }",
            "person bob { meeting-budget 4h }",
        );
        let ds = check(&tight);
        assert_eq!(ds.len(), 2);
        assert!(ds
            .iter()
            .any(|d| d.message == "`bob` spends 4h 30m a week in meetings, over the 4h budget"));
    }
}
