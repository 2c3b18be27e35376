//! The status report: what a coordinator would otherwise assemble by hand from the plan and
//! the check — findings by rule, each team's people, meetings, open and overdue work and
//! links, the riskiest tasks, people over their meeting budget, and the liaisons with what
//! they carry. One [`Report`] value, written as Markdown, JSON or a self-contained HTML page.

use std::fmt::Write as _;

use serde::Serialize;

use crate::analysis::Analysis;
use crate::config::Config;
use crate::date::format_minutes;
use crate::diagnostic::Summary;
use crate::graph::{cycle_components, team_listed_meetings};
use crate::model::{waiting::OtherTeams, PersonId, Status, TaskId, TeamId};
use crate::syntax::Date;
use crate::workspace::Workspace;

/// The version of the JSON layout; it changes only when a field is removed or changes meaning.
pub const JSON_VERSION: u32 = 2;

/// How many of the riskiest tasks are listed.
pub const RISKY_TASKS_SHOWN: usize = 10;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub version: u32,
    /// The date overdue work is measured against (`YYYY-MM-DD`).
    pub today: String,
    /// The plan files, as given or found.
    pub files: Vec<String>,
    pub totals: Totals,
    /// Findings of `coord check` by severity.
    pub summary: Summary,
    /// Findings by rule, in the order of the rule table; rules with none are left out.
    pub rules: Vec<RuleCount>,
    pub teams: Vec<TeamReport>,
    /// How many tasks are at risk in all; `risky_tasks` holds the first few.
    pub risky_task_count: usize,
    pub risky_tasks: Vec<RiskyTask>,
    pub overloaded_people: Vec<PersonLoad>,
    pub liaisons: Vec<LiaisonReport>,
    /// Each person's week and each team's meeting times, from the meetings' schedules.
    pub calendar: crate::calendar::Calendar,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Totals {
    pub teams: usize,
    pub people: usize,
    pub meetings: usize,
    pub tasks: usize,
    pub open_tasks: usize,
    pub overdue_tasks: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleCount {
    pub code: &'static str,
    pub severity: &'static str,
    pub count: usize,
    pub summary: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamReport {
    pub name: String,
    pub title: Option<String>,
    /// The team's leads (co-leads, chairs), in the order written.
    pub leads: Vec<String>,
    pub parent: Option<String>,
    /// Leads first, then members.
    pub people: Vec<String>,
    /// The meetings that list the team as attendee.
    pub meetings: Vec<String>,
    /// Weekly minutes of those meetings (cadence × length), rounded.
    pub weekly_meeting_minutes: u64,
    pub open_tasks: usize,
    pub overdue_tasks: usize,
    pub links: Vec<TeamLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamLink {
    pub team: String,
    /// What makes the link: its first few reasons, those not made by meetings first.
    pub reasons: Vec<LinkWhy>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkWhy {
    /// `liaison`, `embedded`, `rotation`, `centralized-liaison`, `shared-person` or `meeting`.
    pub via: &'static str,
    /// The person, rotation, group or meeting that makes the link.
    pub through: String,
    /// The reason in words: "liaison erin", "alice is in both", "meeting payments-planning".
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskyTask {
    pub name: String,
    pub title: Option<String>,
    pub file: String,
    pub line: u32,
    pub owner: Option<String>,
    pub teams: Vec<String>,
    pub status: &'static str,
    pub due: Option<String>,
    /// Other teams whose tasks wait on this one, directly or through other tasks.
    pub blocked_teams: Vec<String>,
    /// True when there are more blocked teams than listed (very large plans).
    pub blocked_teams_truncated: bool,
    pub overdue: bool,
    pub on_cycle: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonLoad {
    pub name: String,
    pub title: Option<String>,
    pub weekly_meeting_minutes: u64,
    pub budget_minutes: u64,
    pub meetings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LiaisonReport {
    pub person: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub attends: Vec<String>,
    pub needs: Vec<String>,
}

/// Most other teams listed per task; more are reported as truncated.
const TEAM_CAP: usize = 64;

/// Builds the report from a finished check.
pub fn build(ws: &Workspace, analysis: &Analysis, config: &Config, today: Date) -> Report {
    let model = &analysis.model;
    let overdue = |t: usize| {
        let task = &model.tasks[t];
        task.status != Status::Done && task.valid_due().is_some_and(|d| d < today)
    };

    // Findings by rule.
    let mut rules = Vec::new();
    for rule in crate::rules::ALL {
        let found: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.code == rule.code)
            .collect();
        if let Some(first) = found.first() {
            rules.push(RuleCount {
                code: rule.code,
                severity: first.severity.as_str(),
                count: found.len(),
                summary: rule.summary,
            });
        }
    }

    // Teams.
    let listed = team_listed_meetings(model);
    let mut open = vec![0usize; model.teams.len()];
    let mut late = vec![0usize; model.teams.len()];
    for (i, task) in model.tasks.iter().enumerate() {
        if task.status == Status::Done {
            continue;
        }
        for t in &model.task_teams[i] {
            open[t.index()] += 1;
            if overdue(i) {
                late[t.index()] += 1;
            }
        }
    }
    let teams = model
        .teams
        .iter()
        .enumerate()
        .map(|(i, team)| {
            let t = TeamId(i as u32);
            TeamReport {
                name: model.team_name(t).to_string(),
                title: model.title(ws, team.symbol),
                leads: team
                    .leads
                    .iter()
                    .map(|l| model.person_name(l.id).to_string())
                    .collect(),
                parent: team.parent.map(|p| model.team_name(p.id).to_string()),
                people: model.team_people[i]
                    .iter()
                    .map(|&p| model.person_name(p).to_string())
                    .collect(),
                meetings: listed[i]
                    .iter()
                    .map(|&m| model.meeting_name(m).to_string())
                    .collect(),
                weekly_meeting_minutes: listed[i]
                    .iter()
                    .map(|m| model.meetings[m.index()].weekly_minutes())
                    .sum::<f64>()
                    .round() as u64,
                open_tasks: open[i],
                overdue_tasks: late[i],
                links: model
                    .links_of(t)
                    .into_iter()
                    .map(|link| TeamLink {
                        team: model.team_name(link.team).to_string(),
                        reasons: link
                            .reasons
                            .iter()
                            .map(|&r| LinkWhy {
                                via: r.kind(),
                                through: model.link_through(r).to_string(),
                                text: model.describe_link(r),
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect();

    // The riskiest tasks: open, and blocking other teams, overdue or on a cycle.
    let waiting = OtherTeams::compute(model, TEAM_CAP);
    let blocked: Vec<(Vec<TeamId>, bool)> = (0..model.tasks.len()).map(|i| waiting.of(i)).collect();
    let cycles = cycle_components(model);
    let mut risky: Vec<usize> = (0..model.tasks.len())
        .filter(|&i| {
            model.tasks[i].status != Status::Done
                && (!blocked[i].0.is_empty() || overdue(i) || cycles[i].is_some())
        })
        .collect();
    risky.sort_by(|&a, &b| {
        let key = |i: usize| {
            (
                std::cmp::Reverse(blocked[i].0.len()),
                std::cmp::Reverse(cycles[i].is_some()),
                std::cmp::Reverse(overdue(i)),
                model.tasks[i].valid_due(),
                model.task_name(TaskId(i as u32)).to_string(),
            )
        };
        key(a).cmp(&key(b))
    });
    let risky_task_count = risky.len();
    let risky_tasks = risky
        .into_iter()
        .take(RISKY_TASKS_SHOWN)
        .map(|i| {
            let task = &model.tasks[i];
            let loc = model.definition(task.symbol);
            let file = ws.file(loc.file);
            RiskyTask {
                name: model.task_name(TaskId(i as u32)).to_string(),
                title: model.title(ws, task.symbol),
                file: file.path.clone(),
                line: file.line_col_chars(loc.span.start).0 + 1,
                owner: task.owner.map(|o| model.owner_name(o.id).to_string()),
                teams: model.task_teams[i]
                    .iter()
                    .map(|&t| model.team_name(t).to_string())
                    .collect(),
                status: Status::word(task.status),
                due: task.due.map(|d| d.0.to_string()),
                blocked_teams: blocked[i]
                    .0
                    .iter()
                    .map(|&t| model.team_name(t).to_string())
                    .collect(),
                blocked_teams_truncated: blocked[i].1,
                overdue: overdue(i),
                on_cycle: cycles[i].is_some(),
            }
        })
        .collect();

    // People over their meeting budget.
    let mut overloaded: Vec<PersonLoad> = model
        .people
        .iter()
        .enumerate()
        .filter_map(|(i, person)| {
            let load = config.meeting_load(ws, model, PersonId(i as u32))?;
            let (minutes, budget) = (load.minutes, load.budget);
            load.is_over().then(|| PersonLoad {
                name: model.person_name(PersonId(i as u32)).to_string(),
                title: model.title(ws, person.symbol),
                weekly_meeting_minutes: minutes.round() as u64,
                budget_minutes: budget,
                meetings: model.person_meetings[i]
                    .iter()
                    .map(|&m| model.meeting_name(m).to_string())
                    .collect(),
            })
        })
        .collect();
    overloaded.sort_by(|a, b| {
        b.weekly_meeting_minutes
            .cmp(&a.weekly_meeting_minutes)
            .then(a.name.cmp(&b.name))
    });

    let liaisons = model
        .liaisons
        .iter()
        .map(|l| LiaisonReport {
            person: l.person.map(|p| model.person_name(p.id).to_string()),
            from: l.from.map(|t| model.team_name(t.id).to_string()),
            to: l.to.map(|t| model.team_name(t.id).to_string()),
            attends: l
                .attends
                .iter()
                .map(|m| model.meeting_name(m.id).to_string())
                .collect(),
            needs: l.needs.iter().map(|(n, _)| n.clone()).collect(),
        })
        .collect();

    let open_tasks = model
        .tasks
        .iter()
        .filter(|t| t.status != Status::Done)
        .count();
    Report {
        version: JSON_VERSION,
        today: today.to_string(),
        files: ws.files.iter().map(|f| f.path.clone()).collect(),
        totals: Totals {
            teams: model.teams.len(),
            people: model.people.len(),
            meetings: model.meetings.len(),
            tasks: model.tasks.len(),
            open_tasks,
            overdue_tasks: (0..model.tasks.len()).filter(|&i| overdue(i)).count(),
        },
        summary: Summary::of(&analysis.diagnostics, ws.files.len()),
        rules,
        teams,
        risky_task_count,
        risky_tasks,
        overloaded_people: overloaded,
        liaisons,
        calendar: crate::calendar::build(analysis),
    }
}

// ---------------------------------------------------------------------------------------------
// Writers.

/// The report as pretty-printed JSON (see `docs/graph-and-report.md` for the fields).
pub fn to_json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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

/// Text for a Markdown table cell: no line breaks, `|` escaped, HTML-like text neutralised,
/// backticks kept only when they pair up.
fn md(s: &str) -> String {
    let keep_backticks = s.matches('`').count() % 2 == 0;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' | '\t' => out.push(' '),
            '`' if !keep_backticks => out.push('\''),
            c => out.push(c),
        }
    }
    out
}

fn code(s: &str) -> String {
    format!("`{}`", s.replace('`', "'").replace('|', "\\|"))
}

/// The report as Markdown (fits a pull-request comment).
pub fn to_markdown(r: &Report) -> String {
    let mut o = String::new();
    let t = &r.totals;
    o.push_str("# Coordination report\n\n");
    let _ = writeln!(
        o,
        "{} · {} · {} · {} ({} open, {} overdue) in {} — as of {}.\n",
        plural(t.teams, "team", "teams"),
        plural(t.people, "person", "people"),
        plural(t.meetings, "meeting", "meetings"),
        plural(t.tasks, "task", "tasks"),
        t.open_tasks,
        t.overdue_tasks,
        plural(r.files.len(), "file", "files"),
        r.today
    );
    let _ = write!(o, "**Check:** {}.", summary_line(&r.summary));
    if r.rules.is_empty() {
        o.push('\n');
    } else {
        o.push_str(" Run `coord check` for each finding and how to fix it.\n\n| Rule | Level | Findings | What it means |\n| --- | --- | ---: | --- |\n");
        for rule in &r.rules {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                code(rule.code),
                rule.severity,
                rule.count,
                md(rule.summary)
            );
        }
    }
    o.push_str("\n## Teams\n\n");
    if r.teams.is_empty() {
        o.push_str("The plan defines no teams.\n");
    } else {
        o.push_str("| Team | Leads | People | Meetings | Weekly meeting time | Open tasks | Overdue | Linked to |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for team in &r.teams {
            let name = match &team.title {
                Some(title) => format!("**{}** ({})", md(title), code(&team.name)),
                None => format!("**{}**", code(&team.name)),
            };
            let _ = writeln!(
                o,
                "| {name} | {} | {} | {} | {} | {} | {} | {} |",
                md(&leads_text(&team.leads)),
                team.people.len(),
                team.meetings.len(),
                format_minutes(team.weekly_meeting_minutes as f64),
                team.open_tasks,
                team.overdue_tasks,
                md(&links_text(&team.links, false))
            );
        }
    }
    o.push_str("\n## Riskiest tasks\n\n");
    if r.risky_tasks.is_empty() {
        o.push_str("No open task blocks another team, is overdue or is on a dependency cycle.\n");
    } else {
        o.push_str("Open tasks that other teams wait on, that are overdue, or that are on a dependency cycle.\n\n| Task | Owner | Due | Status | Why |\n| --- | --- | --- | --- | --- |\n");
        for task in &r.risky_tasks {
            let name = match &task.title {
                Some(title) => format!("{} {}", code(&task.name), md(title)),
                None => code(&task.name),
            };
            let _ = writeln!(
                o,
                "| {name} | {} | {} | {} | {} |",
                task.owner.as_deref().map_or("—".to_string(), md),
                task.due.as_deref().unwrap_or("—"),
                task.status,
                md(&why(task).join("; "))
            );
        }
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
        o.push_str("Nobody is over their weekly meeting budget.\n");
    } else {
        o.push_str(
            "| Person | Weekly meetings | Budget | Meetings |\n| --- | ---: | ---: | --- |\n",
        );
        for p in &r.overloaded_people {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                code(&p.name),
                format_minutes(p.weekly_meeting_minutes as f64),
                format_minutes(p.budget_minutes as f64),
                md(&p.meetings.join(", "))
            );
        }
    }
    crate::calendar::to_markdown(&r.calendar, &mut o);
    o.push_str("\n## Liaisons\n\n");
    if r.liaisons.is_empty() {
        o.push_str("The plan has no liaisons.\n");
    } else {
        o.push_str(
            "| Liaison | From → to | Attends | Carries back (needs) |\n| --- | --- | --- | --- |\n",
        );
        for l in &r.liaisons {
            let q = |s: &Option<String>| s.as_deref().map_or("?".to_string(), md);
            let _ = writeln!(
                o,
                "| {} | {} → {} | {} | {} |",
                q(&l.person),
                q(&l.from),
                q(&l.to),
                if l.attends.is_empty() {
                    "—".to_string()
                } else {
                    md(&l.attends.join(", "))
                },
                if l.needs.is_empty() {
                    "— (no `needs`)".to_string()
                } else {
                    md(&l.needs.join("; "))
                }
            );
        }
    }
    o
}

/// Escapes text for HTML (the same escaping as the SVG pictures use).
fn html(s: &str) -> String {
    crate::graph::xml(s)
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

/// The report as one self-contained HTML page: inline style, the teams drawing inline (as
/// SVG), no external resources.
pub fn to_html(r: &Report, teams_svg: &str) -> String {
    let mut o = String::new();
    let t = &r.totals;
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>Coordination report</title>\n");
    let _ = writeln!(o, "<style>{CSS}</style>\n</head>\n<body>");
    o.push_str("<h1>Coordination report</h1>\n");
    let _ = writeln!(
        o,
        "<p class=\"lede\">{} · {} · {} · {} ({} open, {} overdue) in {} — as of {}.</p>",
        plural(t.teams, "team", "teams"),
        plural(t.people, "person", "people"),
        plural(t.meetings, "meeting", "meetings"),
        plural(t.tasks, "task", "tasks"),
        t.open_tasks,
        t.overdue_tasks,
        plural(r.files.len(), "file", "files"),
        html(&r.today)
    );
    let _ = writeln!(
        o,
        "<p><strong>Check:</strong> {}.</p>",
        html(&summary_line(&r.summary))
    );
    if !r.rules.is_empty() {
        o.push_str("<table><thead><tr><th>Rule</th><th>Level</th><th>Findings</th><th>What it means</th></tr></thead><tbody>\n");
        for rule in &r.rules {
            let _ = writeln!(
                o,
                "<tr><td><code>{}</code></td><td class=\"{}\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                html(rule.code),
                rule.severity,
                rule.severity,
                rule.count,
                html(rule.summary)
            );
        }
        o.push_str("</tbody></table>\n");
    }
    o.push_str("<h2>Teams</h2>\n");
    let _ = writeln!(o, "<figure>{}</figure>", strip_xml_prolog(teams_svg));
    if r.teams.is_empty() {
        o.push_str("<p class=\"muted\">The plan defines no teams.</p>\n");
    } else {
        o.push_str("<table><thead><tr><th>Team</th><th>Leads</th><th>People</th><th>Meetings</th><th>Weekly meeting time</th><th>Open tasks</th><th>Overdue</th><th>Linked to</th></tr></thead><tbody>\n");
        for team in &r.teams {
            let name = match &team.title {
                Some(title) => format!(
                    "<strong>{}</strong> <code>{}</code>",
                    html(title),
                    html(&team.name)
                ),
                None => format!("<code>{}</code>", html(&team.name)),
            };
            let _ = writeln!(
                o,
                "<tr><td>{name}</td><td>{}</td><td class=\"n\" title=\"{}\">{}</td><td class=\"n\" title=\"{}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td title=\"{}\">{}</td></tr>",
                html(&leads_text(&team.leads)),
                html(&team.people.join(", ")),
                team.people.len(),
                html(&team.meetings.join(", ")),
                team.meetings.len(),
                format_minutes(team.weekly_meeting_minutes as f64),
                team.open_tasks,
                team.overdue_tasks,
                html(&links_text(&team.links, true)),
                html(&links_text(&team.links, false))
            );
        }
        o.push_str("</tbody></table>\n");
    }
    o.push_str("<h2>Riskiest tasks</h2>\n");
    if r.risky_tasks.is_empty() {
        o.push_str("<p class=\"muted\">No open task blocks another team, is overdue or is on a dependency cycle.</p>\n");
    } else {
        o.push_str("<table><thead><tr><th>Task</th><th>Owner</th><th>Due</th><th>Status</th><th>Why</th></tr></thead><tbody>\n");
        for task in &r.risky_tasks {
            let mut tags = String::new();
            if !task.blocked_teams.is_empty() {
                let _ = write!(
                    tags,
                    "<span class=\"tag blocks\">blocks {}{}</span>",
                    plural(task.blocked_teams.len(), "team", "teams"),
                    if task.blocked_teams_truncated {
                        "+"
                    } else {
                        ""
                    }
                );
            }
            if task.overdue {
                tags.push_str("<span class=\"tag late\">overdue</span>");
            }
            if task.on_cycle {
                tags.push_str("<span class=\"tag cycle\">cycle</span>");
            }
            let _ = writeln!(
                o,
                "<tr><td><code>{}</code> {}<br/><span class=\"muted\">{}:{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{tags}<br/>{}</td></tr>",
                html(&task.name),
                task.title.as_deref().map(html).unwrap_or_default(),
                html(&task.file),
                task.line,
                task.owner.as_deref().map_or("—".to_string(), html),
                task.due.as_deref().unwrap_or("—"),
                task.status,
                html(&why(task).join("; "))
            );
        }
        o.push_str("</tbody></table>\n");
        if r.risky_task_count > r.risky_tasks.len() {
            let _ = writeln!(
                o,
                "<p class=\"muted\">…and {} more.</p>",
                r.risky_task_count - r.risky_tasks.len()
            );
        }
    }
    o.push_str("<h2>People over their meeting budget</h2>\n");
    if r.overloaded_people.is_empty() {
        o.push_str("<p class=\"muted\">Nobody is over their weekly meeting budget.</p>\n");
    } else {
        o.push_str("<table><thead><tr><th>Person</th><th>Weekly meetings</th><th>Budget</th><th>Meetings</th></tr></thead><tbody>\n");
        for p in &r.overloaded_people {
            let _ = writeln!(
                o,
                "<tr><td><code>{}</code> {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                html(&p.name),
                p.title.as_deref().map(html).unwrap_or_default(),
                format_minutes(p.weekly_meeting_minutes as f64),
                format_minutes(p.budget_minutes as f64),
                html(&p.meetings.join(", "))
            );
        }
        o.push_str("</tbody></table>\n");
    }
    crate::calendar::to_html(&r.calendar, &mut o);
    o.push_str("<h2>Liaisons</h2>\n");
    if r.liaisons.is_empty() {
        o.push_str("<p class=\"muted\">The plan has no liaisons.</p>\n");
    } else {
        o.push_str("<table><thead><tr><th>Liaison</th><th>From → to</th><th>Attends</th><th>Carries back (needs)</th></tr></thead><tbody>\n");
        for l in &r.liaisons {
            let q = |s: &Option<String>| s.as_deref().map_or("?".to_string(), html);
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{} → {}</td><td>{}</td><td>{}</td></tr>",
                q(&l.person),
                q(&l.from),
                q(&l.to),
                if l.attends.is_empty() {
                    "—".to_string()
                } else {
                    html(&l.attends.join(", "))
                },
                if l.needs.is_empty() {
                    "<span class=\"muted\">nothing written (no <code>needs</code>)</span>"
                        .to_string()
                } else {
                    format!(
                        "<ul>{}</ul>",
                        l.needs
                            .iter()
                            .map(|n| format!("<li>{}</li>", html(n)))
                            .collect::<String>()
                    )
                }
            );
        }
        o.push_str("</tbody></table>\n");
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
