//! The status report: what a coordinator would otherwise assemble by hand from the plan and
//! the check — findings by rule, each team's people, meetings, open and overdue work and
//! links, the riskiest tasks, people over their meeting budget, and the liaisons with what
//! they carry. One [`Report`] value, written as Markdown, JSON or a self-contained HTML page.

use serde::Serialize;

use crate::analysis::Analysis;
use crate::config::Config;
use crate::diagnostic::Summary;
use crate::model::{waiting::OtherTeams, PersonId, Status, TaskId, TeamId};
use crate::syntax::Date;
use crate::workspace::Workspace;

mod table;
#[cfg(test)]
mod tests;
mod write;

pub(crate) use table::{Cell, Column, Inline, Table};
pub use write::{to_html, to_markdown};

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
    let overdue = |t: usize| model.tasks[t].is_overdue(today);

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
    let listed = model.team_listed_meetings();
    let listed_minutes = model.team_listed_minutes();
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
                weekly_meeting_minutes: listed_minutes[i].round() as u64,
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
    let cycles = model.dependency_cycles();
    let mut risky: Vec<usize> = (0..model.tasks.len())
        .filter(|&i| {
            model.tasks[i].status != Status::Done
                && (!blocked[i].0.is_empty() || overdue(i) || cycles.group_of[i].is_some())
        })
        .collect();
    risky.sort_by(|&a, &b| {
        let key = |i: usize| {
            (
                std::cmp::Reverse(blocked[i].0.len()),
                std::cmp::Reverse(cycles.group_of[i].is_some()),
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
                line: file.line_col_chars(loc.span.start()).0 + 1,
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
                on_cycle: cycles.group_of[i].is_some(),
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
// Writers: JSON here; the Markdown and HTML pages in `write.rs`, their tables in `table.rs`.

/// The report as pretty-printed JSON (see `docs/graph-and-report.md` for the fields).
pub fn to_json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
