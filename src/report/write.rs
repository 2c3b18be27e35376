//! The report as a Markdown document and as one HTML page: each table built once (a
//! [`Table`]) and written by both; only the prose around the tables is per format.

use std::fmt::Write as _;

use super::table::html;
use super::{Cell, Column, Inline, Report, RiskyTask, Table, TeamLink};
use crate::date::format_minutes;
use crate::diagnostic::Summary;

const NO_TEAMS: &str = "The plan defines no teams.";
const NO_RISKY_TASKS: &str =
    "No open task blocks another team, is overdue or is on a dependency cycle.";
const RISKY_TASKS_INTRO: &str =
    "Open tasks that other teams wait on, that are overdue, or that are on a dependency cycle.";
const NOBODY_OVERLOADED: &str = "Nobody is over their weekly meeting budget.";
const NO_LIAISONS: &str = "The plan has no liaisons.";

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "3 teams · 12 people · ... — as of 2026-03-02." (without the date's escaping).
fn lede(r: &Report, today: &str) -> String {
    let t = &r.totals;
    format!(
        "{} · {} · {} · {} ({} open, {} overdue) in {} — as of {today}.",
        plural(t.teams, "team", "teams"),
        plural(t.people, "person", "people"),
        plural(t.meetings, "meeting", "meetings"),
        plural(t.tasks, "task", "tasks"),
        t.open_tasks,
        t.overdue_tasks,
        plural(r.files.len(), "file", "files"),
    )
}

fn summary_line(s: &Summary) -> String {
    if s.errors + s.warnings + s.infos == 0 {
        return "no findings".into();
    }
    [
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "infos"),
    ]
    .join(", ")
}

fn why(t: &RiskyTask) -> Vec<String> {
    let mut why = Vec::new();
    if !t.blocked_teams.is_empty() {
        let more = if t.blocked_teams_truncated {
            " and more"
        } else {
            ""
        };
        why.push(format!(
            "{} wait{} on it ({}{more})",
            plural(t.blocked_teams.len(), "other team", "other teams"),
            if t.blocked_teams.len() == 1 { "s" } else { "" },
            t.blocked_teams.join(", ")
        ));
    }
    if t.overdue {
        why.push("overdue".into());
    }
    if t.on_cycle {
        why.push("on a dependency cycle".into());
    }
    why
}

/// A team's links in a few words: each linked team with the first thing that links it, teams
/// linked the same way together ("billing, search (tech-leads group), payments (liaison
/// erin)"). With `all`, every kept reason of each link ("liaison erin; meeting sync").
fn links_text(links: &[TeamLink], all: bool) -> String {
    let mut by_reasons: Vec<(String, Vec<&str>)> = Vec::new();
    for l in links {
        let shown = if all { l.reasons.len() } else { 1 };
        let why = l
            .reasons
            .iter()
            .take(shown)
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        match by_reasons.iter_mut().find(|(w, _)| *w == why) {
            Some((_, teams)) => teams.push(&l.team),
            None => by_reasons.push((why, vec![&l.team])),
        }
    }
    if by_reasons.is_empty() {
        return "—".into();
    }
    by_reasons
        .iter()
        .map(|(why, teams)| format!("{} ({why})", teams.join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The leads of a team for a table cell, or a dash.
fn leads_text(leads: &[String]) -> String {
    if leads.is_empty() {
        "—".into()
    } else {
        leads.join(", ")
    }
}

fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

/// Findings by rule.
fn rules_table(r: &Report) -> Table {
    let mut table = Table::new(vec![
        Column::text("Rule"),
        Column::text("Level"),
        Column::number("Findings"),
        Column::text("What it means"),
    ]);
    for rule in &r.rules {
        table.rows.push(vec![
            Cell::code(rule.code),
            Cell::text(rule.severity).with_class(rule.severity),
            Cell::text(rule.count.to_string()),
            Cell::text(rule.summary),
        ]);
    }
    table
}

fn teams_table(r: &Report) -> Table {
    let mut table = Table::new(vec![
        Column::text("Team"),
        Column::text("Leads"),
        Column::number("People"),
        Column::number("Meetings"),
        Column::number("Weekly meeting time"),
        Column::number("Open tasks"),
        Column::number("Overdue"),
        Column::text("Linked to"),
    ]);
    for team in &r.teams {
        // Markdown: "**Title** (`name`)" or "**`name`**"; HTML: "<strong>Title</strong> <code>name</code>".
        let name = match &team.title {
            Some(title) => vec![
                Inline::Strong(vec![text(title)]),
                text(" "),
                Inline::MarkdownOnly(vec![text("(")]),
                Inline::Code(team.name.clone()),
                Inline::MarkdownOnly(vec![text(")")]),
            ],
            None => vec![
                Inline::MarkdownOnly(vec![Inline::Strong(vec![Inline::Code(team.name.clone())])]),
                Inline::HtmlOnly(vec![Inline::Code(team.name.clone())]),
            ],
        };
        table.rows.push(vec![
            Cell::new(name),
            Cell::text(leads_text(&team.leads)),
            Cell::text(team.people.len().to_string()).with_title(team.people.join(", ")),
            Cell::text(team.meetings.len().to_string()).with_title(team.meetings.join(", ")),
            Cell::text(format_minutes(team.weekly_meeting_minutes as f64)),
            Cell::text(team.open_tasks.to_string()),
            Cell::text(team.overdue_tasks.to_string()),
            Cell::text(links_text(&team.links, false)).with_title(links_text(&team.links, true)),
        ]);
    }
    table
}

fn risky_tasks_table(r: &Report) -> Table {
    let mut table = Table::new(vec![
        Column::text("Task"),
        Column::text("Owner"),
        Column::text("Due"),
        Column::text("Status"),
        Column::text("Why"),
    ]);
    for task in &r.risky_tasks {
        let mut name = vec![Inline::Code(task.name.clone())];
        match &task.title {
            Some(title) => name.extend([text(" "), text(title)]),
            None => name.push(Inline::HtmlOnly(vec![text(" ")])),
        }
        name.push(Inline::HtmlOnly(vec![
            Inline::Break,
            Inline::Muted(vec![text(format!("{}:{}", task.file, task.line))]),
        ]));
        let mut tags = Vec::new();
        if !task.blocked_teams.is_empty() {
            tags.push(Inline::Tag(
                "blocks",
                format!(
                    "blocks {}{}",
                    plural(task.blocked_teams.len(), "team", "teams"),
                    if task.blocked_teams_truncated {
                        "+"
                    } else {
                        ""
                    }
                ),
            ));
        }
        if task.overdue {
            tags.push(Inline::Tag("late", "overdue".into()));
        }
        if task.on_cycle {
            tags.push(Inline::Tag("cycle", "cycle".into()));
        }
        tags.push(Inline::Break);
        table.rows.push(vec![
            Cell::new(name),
            Cell::text(task.owner.as_deref().unwrap_or("—")),
            Cell::text(task.due.as_deref().unwrap_or("—")),
            Cell::text(task.status),
            Cell::new(vec![Inline::HtmlOnly(tags), text(why(task).join("; "))]),
        ]);
    }
    table
}

fn overloaded_people_table(r: &Report) -> Table {
    let mut table = Table::new(vec![
        Column::text("Person"),
        Column::number("Weekly meetings"),
        Column::number("Budget"),
        Column::text("Meetings"),
    ]);
    for p in &r.overloaded_people {
        table.rows.push(vec![
            Cell::new(vec![
                Inline::Code(p.name.clone()),
                Inline::HtmlOnly(vec![text(" "), text(p.title.clone().unwrap_or_default())]),
            ]),
            Cell::text(format_minutes(p.weekly_meeting_minutes as f64)),
            Cell::text(format_minutes(p.budget_minutes as f64)),
            Cell::text(p.meetings.join(", ")),
        ]);
    }
    table
}

fn liaisons_table(r: &Report) -> Table {
    let mut table = Table::new(vec![
        Column::text("Liaison"),
        Column::text("From → to"),
        Column::text("Attends"),
        Column::text("Carries back (needs)"),
    ]);
    let q = |s: &Option<String>| text(s.as_deref().unwrap_or("?"));
    for l in &r.liaisons {
        let needs = if l.needs.is_empty() {
            let no_needs = |words: &str| vec![text(words), Inline::Code("needs".into()), text(")")];
            vec![
                Inline::MarkdownOnly(no_needs("— (no ")),
                Inline::HtmlOnly(vec![Inline::Muted(no_needs("nothing written (no "))]),
            ]
        } else {
            vec![Inline::List(l.needs.clone())]
        };
        table.rows.push(vec![
            Cell::new(vec![q(&l.person)]),
            Cell::new(vec![q(&l.from), text(" → "), q(&l.to)]),
            Cell::text_or_dash(l.attends.join(", ")),
            Cell::new(needs),
        ]);
    }
    table
}

/// The report as Markdown (fits a pull-request comment).
pub fn to_markdown(r: &Report) -> String {
    let mut o = String::new();
    o.push_str("# Coordination report\n\n");
    let _ = writeln!(o, "{}\n", lede(r, &r.today));
    let _ = write!(o, "**Check:** {}.", summary_line(&r.summary));
    if r.rules.is_empty() {
        o.push('\n');
    } else {
        o.push_str(" Run `coord check` for each finding and how to fix it.\n\n");
        rules_table(r).write_markdown(&mut o);
    }
    o.push_str("\n## Teams\n\n");
    if r.teams.is_empty() {
        let _ = writeln!(o, "{NO_TEAMS}");
    } else {
        teams_table(r).write_markdown(&mut o);
    }
    o.push_str("\n## Riskiest tasks\n\n");
    if r.risky_tasks.is_empty() {
        let _ = writeln!(o, "{NO_RISKY_TASKS}");
    } else {
        let _ = writeln!(o, "{RISKY_TASKS_INTRO}\n");
        risky_tasks_table(r).write_markdown(&mut o);
        if r.risky_task_count > r.risky_tasks.len() {
            let _ = writeln!(
                o,
                "\n…and {} more.",
                r.risky_task_count - r.risky_tasks.len()
            );
        }
    }
    o.push_str("\n## People over their meeting budget\n\n");
    if r.overloaded_people.is_empty() {
        let _ = writeln!(o, "{NOBODY_OVERLOADED}");
    } else {
        overloaded_people_table(r).write_markdown(&mut o);
    }
    crate::calendar::to_markdown(&r.calendar, &mut o);
    o.push_str("\n## Liaisons\n\n");
    if r.liaisons.is_empty() {
        let _ = writeln!(o, "{NO_LIAISONS}");
    } else {
        liaisons_table(r).write_markdown(&mut o);
    }
    o
}

const CSS: &str = "body{font-family:Helvetica,Arial,sans-serif;color:#1a1a1a;margin:2rem auto;max-width:1100px;padding:0 1rem;line-height:1.45}\
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}\
.lede{color:#555}table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92rem}\
th,td{border-bottom:1px solid #e3e3e3;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f6f6f6}\
td.n{text-align:right;font-variant-numeric:tabular-nums}code{background:#f2f2f2;padding:0 .25rem;border-radius:3px}\
.error{color:#b3261e;font-weight:bold}.warning{color:#a15c00;font-weight:bold}.info{color:#31639c}\
.tag{display:inline-block;border-radius:3px;padding:0 .35rem;margin-right:.25rem;font-size:.8rem;background:#eee}\
.tag.late{background:#fde2c8}.tag.cycle{background:#f9d5d3}.tag.blocks{background:#dbe9f6}\
figure{margin:1rem 0;overflow-x:auto;border:1px solid #e3e3e3;border-radius:6px}figure svg{display:block;max-width:100%;height:auto}\
.muted{color:#777}";

/// A muted HTML paragraph.
fn muted(o: &mut String, words: &str) {
    let _ = writeln!(o, "<p class=\"muted\">{words}</p>");
}

/// The report as one self-contained HTML page: inline style, the teams drawing inline (as
/// SVG), no external resources.
pub fn to_html(r: &Report, teams_svg: &str) -> String {
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>Coordination report</title>\n");
    let _ = writeln!(o, "<style>{CSS}</style>\n</head>\n<body>");
    o.push_str("<h1>Coordination report</h1>\n");
    let _ = writeln!(o, "<p class=\"lede\">{}</p>", lede(r, &html(&r.today)));
    let _ = writeln!(
        o,
        "<p><strong>Check:</strong> {}.</p>",
        html(&summary_line(&r.summary))
    );
    if !r.rules.is_empty() {
        rules_table(r).write_html(&mut o);
    }
    o.push_str("<h2>Teams</h2>\n");
    let _ = writeln!(o, "<figure>{}</figure>", strip_xml_prolog(teams_svg));
    if r.teams.is_empty() {
        muted(&mut o, NO_TEAMS);
    } else {
        teams_table(r).write_html(&mut o);
    }
    o.push_str("<h2>Riskiest tasks</h2>\n");
    if r.risky_tasks.is_empty() {
        muted(&mut o, NO_RISKY_TASKS);
    } else {
        risky_tasks_table(r).write_html(&mut o);
        if r.risky_task_count > r.risky_tasks.len() {
            muted(
                &mut o,
                &format!("…and {} more.", r.risky_task_count - r.risky_tasks.len()),
            );
        }
    }
    o.push_str("<h2>People over their meeting budget</h2>\n");
    if r.overloaded_people.is_empty() {
        muted(&mut o, NOBODY_OVERLOADED);
    } else {
        overloaded_people_table(r).write_html(&mut o);
    }
    crate::calendar::to_html(&r.calendar, &mut o);
    o.push_str("<h2>Liaisons</h2>\n");
    if r.liaisons.is_empty() {
        muted(&mut o, NO_LIAISONS);
    } else {
        liaisons_table(r).write_html(&mut o);
    }
    let _ = writeln!(
        o,
        "<p class=\"muted\">Generated by <code>coord report</code> from {}.</p>\n</body>\n</html>",
        html(&r.files.join(", "))
    );
    o
}

fn strip_xml_prolog(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}
