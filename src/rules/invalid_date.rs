//! `invalid-date`: a date that does not exist, or a task that starts after it is due.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::syntax::{days_in_month, Date};

pub static RULE: Rule = Rule {
    code: "invalid-date",
    default_severity: Severity::Error,
    summary: "a date that does not exist, or `start` after `due`",
    doc: r#"## What it checks
That every task's `due` and `start` dates are real calendar dates (no 30 February, no
month 13, no day 0; 29 February only in leap years), and that a task with both does not
start after it is due. A meeting's `starts` date must exist too, and fall on one of the
meeting's days (`day`, or Monday to Friday for a `daily` meeting): it is the date of one
real occurrence.

## Why it matters
A plan's timeline is only as good as its dates. A date that does not exist cannot be
compared with anything, so Coord leaves it out of every other date check
(`due-before-dependency`, `overdue-task`): the task silently drops out of the timeline. A
task that starts after its deadline is late before anyone touches it, and whoever relies on
that deadline is planning around a date nobody can meet.

## How to fix
Write a real date as `YYYY-MM-DD`. When `start` is after `due`, decide which one is wrong:
move the deadline out (and tell the teams that wait on the task) or start the work earlier.

## Example
```plan
task billing-cutover "Cut billing over to v2" {
  owner payments
  start 2027-03-01
  due 2027-02-30
}
```
February 2027 has 28 days. Had it read `due 2027-02-26`, the task would start after it is due.
"#,
    reads: Facts::TASK_DATES.union(Facts::MEETINGS),
    finds: Finds::Anywhere,
    check,
};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why a date that is not valid does not exist, in the reader's words.
fn why_invalid(d: Date) -> String {
    if d.month == 0 || d.month > 12 {
        format!("there is no month {}: months run from 01 to 12", d.month)
    } else if d.day == 0 {
        "there is no day 00: days start at 01".to_string()
    } else {
        format!(
            "{} {} has {} days",
            MONTHS[d.month as usize - 1],
            d.year,
            days_in_month(d.year, d.month)
        )
    }
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    for meeting in &m.meetings {
        let Some((d, span)) = meeting.starts else {
            continue;
        };
        let sym = m.symbol(meeting.symbol);
        let at = Location::new(sym.item.file, span);
        if !d.is_valid() {
            out.push(
                Diagnostic::new(
                    RULE.code,
                    at,
                    format!("the `starts` date of `{}` does not exist: {}", sym.name, why_invalid(d)),
                )
                .with_help("write the date of one real occurrence as YYYY-MM-DD; until then the meeting has no schedule"),
            );
        } else if meeting.starts_off_day {
            let days = meeting.meeting_days();
            let names: Vec<&str> = days.iter().map(|&w| crate::date::weekday_short(w)).collect();
            let weekday = crate::date::to_civil(d).map_or("", |c| crate::date::weekday_short(c.weekday()));
            let next = crate::date::to_civil(d).and_then(|c| {
                (1..7).filter_map(|n| c.checked_add(jiff::Span::new().days(n)).ok())
                    .find(|c| days.contains(&c.weekday()))
            });
            out.push(
                Diagnostic::new(
                    RULE.code,
                    at,
                    format!(
                        "`{}` starts on {d}, a {weekday}, but it meets on {}",
                        sym.name,
                        names.join(", ")
                    ),
                )
                .with_help(match next {
                    Some(n) => format!(
                        "`starts` is the date of one real occurrence: the next meeting day after it is {} ({})",
                        crate::date::from_civil(n),
                        crate::date::weekday_short(n.weekday())
                    ),
                    None => "`starts` is the date of one real occurrence".to_string(),
                }),
            );
        }
    }
    for task in &m.tasks {
        let sym = m.symbol(task.symbol);
        let file = sym.item.file;
        let mut all_valid = true;
        for (key, date) in [("start", task.start), ("due", task.due)] {
            let Some((d, span)) = date else {
                continue;
            };
            if d.is_valid() {
                continue;
            }
            all_valid = false;
            out.push(
                Diagnostic::new(
                    RULE.code,
                    Location::new(file, span),
                    format!("the `{key}` date of `{}` does not exist: {}", sym.name, why_invalid(d)),
                )
                .with_help("write a real calendar date as YYYY-MM-DD; until then this task is left out of every date check"),
            );
        }
        if !all_valid {
            continue;
        }
        if let (Some((start, start_span)), Some((due, due_span))) = (task.start, task.due) {
            if start > due {
                out.push(
                    Diagnostic::new(
                        RULE.code,
                        Location::new(file, start_span),
                        format!("`{}` starts on {start}, after it is due on {due}", sym.name),
                    )
                    .with_label(Location::new(file, due_span), format!("due {due}, before the work starts"))
                    .with_help(
                        "move the `due` date out (and tell whoever waits on this task) or start the work earlier",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    fn run(text: &str) -> Vec<Diagnostic> {
        crate::rules::testing::findings(text, RULE.code)
    }

    #[test]
    fn explains_why_a_date_does_not_exist() {
        let d = |s: &str| crate::syntax::lexer::parse_date(s).unwrap();
        assert_eq!(why_invalid(d("2026-02-30")), "February 2026 has 28 days");
        assert_eq!(why_invalid(d("2100-02-29")), "February 2100 has 28 days");
        assert_eq!(why_invalid(d("2026-04-31")), "April 2026 has 30 days");
        assert!(why_invalid(d("2026-13-01")).contains("no month 13"));
        assert!(why_invalid(d("2026-00-01")).contains("no month 0"));
        assert!(why_invalid(d("2026-01-00")).contains("no day 00"));
    }

    #[test]
    fn start_after_due_labels_the_due_date() {
        let text = "person p\ntask t { owner p start 2026-12-02 due 2026-12-01 }\n";
        let ds = run(text);
        assert_eq!(ds.len(), 1);
        let d = &ds[0];
        assert_eq!(&text[d.location.span.range()], "2026-12-02");
        assert_eq!(d.labels.len(), 1);
        assert_eq!(&text[d.labels[0].location.span.range()], "2026-12-01");
        assert!(
            d.message.contains("after it is due on 2026-12-01"),
            "{}",
            d.message
        );
    }

    #[test]
    fn an_invalid_date_is_not_also_compared() {
        // The start is after a due date that does not exist: only the bad date is reported.
        let ds = run("person p\ntask t { owner p start 2026-12-02 due 2026-02-30 }\n");
        assert_eq!(ds.len(), 1);
        assert!(
            ds[0].message.contains("`due` date of `t` does not exist"),
            "{}",
            ds[0].message
        );
    }
}
