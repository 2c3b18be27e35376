//! The timeline view: tasks with dates as a gantt chart, in Mermaid or SVG.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::svg::{shorten, svg_document, xml, SvgOut};
use super::views::team_display;
use super::{DIM_FILL, DIM_STROKE, DIM_TEXT, RED};
use crate::model::{Model, Status, TaskId, TeamId};
use crate::syntax::Date;
use crate::workspace::Workspace;

/// One bar or milestone of the timeline.
#[derive(Debug, Clone)]
pub struct Bar {
    pub task: TaskId,
    pub label: String,
    pub start: Option<Date>,
    /// Tasks this one starts after (its dependencies that are on the chart), when it has no
    /// `start` of its own.
    pub after: Vec<TaskId>,
    /// The day it starts, computed (its start, or the latest due date of `after`).
    pub start_day: Option<i64>,
    pub due: Date,
    pub status: Status,
    pub critical: bool,
}

#[derive(Debug, Clone)]
pub struct Timeline {
    /// Sections (a team, or no team) with their bars.
    pub sections: Vec<(String, Vec<Bar>)>,
    /// Tasks not shown because they have no valid due date.
    pub skipped: Vec<String>,
    /// Drawn as a line in the SVG.
    pub today: Date,
}

pub(crate) fn timeline(ws: &Workspace, model: &Model, today: Date) -> Timeline {
    let cycles = model.dependency_cycles();
    let due: Vec<Option<Date>> = model.tasks.iter().map(|t| t.valid_due()).collect();
    let mut section_of_team: HashMap<TeamId, usize> = HashMap::new();
    let mut sections: Vec<(String, Vec<Bar>)> = Vec::new();
    let mut no_team: Vec<Bar> = Vec::new();
    let mut skipped = Vec::new();
    for (i, task) in model.tasks.iter().enumerate() {
        let id = TaskId(i as u32);
        let Some(d) = due[i] else {
            skipped.push(model.task_name(id).to_string());
            continue;
        };
        let start = task.start.map(|s| s.0).filter(|s| s.is_valid() && *s <= d);
        let mut after: Vec<TaskId> = Vec::new();
        if start.is_none() {
            let deps: Vec<TaskId> = task
                .depends_on
                .iter()
                .map(|x| x.id)
                .filter(|&x| {
                    due[x.index()].is_some()
                        && !(cycles.group_of[i].is_some()
                            && cycles.group_of[x.index()] == cycles.group_of[i])
                })
                .collect();
            // Only when every dependency is due by this task's due date (else the bar would
            // run backwards: `due-before-dependency` reports that).
            if deps
                .iter()
                .all(|x| due[x.index()].is_some_and(|dd| dd <= d))
            {
                after = deps;
                after.sort();
                after.dedup();
            }
        }
        let start_day = start.map(crate::date::days_since_epoch).or_else(|| {
            after
                .iter()
                .filter_map(|x| due[x.index()])
                .map(crate::date::days_since_epoch)
                .max()
        });
        let label = model
            .title(ws, task.symbol)
            .unwrap_or_else(|| model.task_name(id).to_string());
        let bar = Bar {
            task: id,
            label,
            start,
            after,
            start_day,
            due: d,
            status: task.status,
            critical: cycles.group_of[i].is_some()
                || model.tasks[id.index()].is_overdue(today)
                || task.status == Status::Blocked,
        };
        match model.task_teams[i].first() {
            Some(&t) => {
                let s = *section_of_team.entry(t).or_insert_with(|| {
                    sections.push((team_display(ws, model, t), Vec::new()));
                    sections.len() - 1
                });
                sections[s].1.push(bar);
            }
            None => no_team.push(bar),
        }
    }
    if !no_team.is_empty() {
        sections.push(("No team".into(), no_team));
    }
    Timeline {
        sections,
        skipped,
        today,
    }
}

/// Text Mermaid's gantt syntax cannot hold (`:` ends a task name, `#` and `;` start comments
/// or separate statements, and `<` `>` would be read as markup).
fn gantt_text(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| match c {
            ':' | '#' | ';' | '\n' | '\r' | '\t' => ' ',
            '<' => '‹',
            '>' => '›',
            c => c,
        })
        .collect();
    let trimmed = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if trimmed.is_empty() {
        "(untitled)".into()
    } else {
        trimmed
    }
}

/// A Mermaid gantt chart.
pub fn timeline_mermaid(t: &Timeline) -> String {
    let mut out =
        String::from("gantt\n  title Timeline\n  dateFormat YYYY-MM-DD\n  axisFormat %Y-%m-%d\n");
    if !t.skipped.is_empty() {
        let _ = writeln!(out, "  %% not shown, no due date: {}", t.skipped.join(", "));
    }
    if t.sections.is_empty() {
        out.push_str("  %% no task has a due date: nothing to show\n");
    }
    for (name, bars) in &t.sections {
        let _ = writeln!(out, "  section {}", gantt_text(name));
        for b in bars {
            let mut tags = Vec::new();
            match b.status {
                Status::Done => tags.push("done"),
                Status::Doing => tags.push("active"),
                _ => {}
            }
            if b.critical {
                tags.push("crit");
            }
            let id = format!("t{}", b.task.0);
            let due = b.due.to_string();
            let when = if let Some(s) = b.start {
                format!("{s}, {due}")
            } else if !b.after.is_empty() {
                let list: Vec<String> = b.after.iter().map(|x| format!("t{}", x.0)).collect();
                format!("after {}, {due}", list.join(" "))
            } else {
                tags.push("milestone");
                format!("{due}, 0d")
            };
            tags.push(&id);
            let _ = writeln!(
                out,
                "  {} :{}, {when}",
                gantt_text(&b.label),
                tags.join(", ")
            );
        }
    }
    out
}

/// The timeline as a standalone SVG gantt chart.
pub fn timeline_svg(t: &Timeline) -> String {
    let margin = 20.0;
    let label_w = 240.0;
    let row_h = 24.0;
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<text x=\"{margin}\" y=\"{}\" font-size=\"16\" font-weight=\"bold\" fill=\"#222222\">Timeline</text>",
        margin + 12.0
    );
    let mut y = margin + 34.0;
    if !t.skipped.is_empty() {
        let _ = writeln!(
            body,
            "<text x=\"{margin}\" y=\"{y:.1}\" font-size=\"11\" fill=\"#666666\">{}</text>",
            xml(&shorten_list("Not shown, no due date: ", &t.skipped))
        );
        y += 20.0;
    }
    let days: Vec<i64> = t
        .sections
        .iter()
        .flat_map(|(_, bars)| {
            bars.iter()
                .flat_map(|b| [Some(crate::date::days_since_epoch(b.due)), b.start_day])
                .flatten()
        })
        .collect();
    let (lo, hi) = match (days.iter().min(), days.iter().max()) {
        (Some(&lo), Some(&hi)) => (lo - 2, hi + 3),
        _ => {
            let _ = writeln!(body, "<text x=\"{margin}\" y=\"{y:.1}\" font-size=\"12\" fill=\"#444444\">No task has a due date: nothing to show.</text>");
            return svg_document(
                "Timeline",
                SvgOut {
                    body,
                    width: 640.0,
                    height: y + margin,
                },
            );
        }
    };
    let span = (hi - lo).max(1) as f64;
    let scale = (900.0 / span).clamp(1.0, 40.0);
    let chart_x = margin + label_w;
    let chart_w = span * scale;
    let rows: usize = t.sections.iter().map(|(_, b)| b.len() + 1).sum();
    let axis_y = y + 14.0;
    let chart_top = axis_y + 8.0;
    let chart_bottom = chart_top + rows as f64 * row_h;
    // Month ticks.
    let mut day = lo;
    let mut last_label_x = f64::MIN;
    while day <= hi {
        let d = crate::date::from_days_since_epoch(day);
        if d.day == 1 || (day == lo && hi - lo < 45) {
            let x = chart_x + (day - lo) as f64 * scale;
            let _ = writeln!(
                body,
                "<line x1=\"{x:.1}\" y1=\"{chart_top:.1}\" x2=\"{x:.1}\" y2=\"{chart_bottom:.1}\" stroke=\"#e4e4e4\"/>"
            );
            if x - last_label_x > 70.0 {
                let _ = writeln!(
                    body,
                    "<text x=\"{x:.1}\" y=\"{axis_y:.1}\" font-size=\"10\" fill=\"#666666\">{:04}-{:02}</text>",
                    d.year, d.month
                );
                last_label_x = x;
            }
        }
        day += 1;
    }
    let today = crate::date::days_since_epoch(t.today);
    if (lo..=hi).contains(&today) {
        let x = chart_x + (today - lo) as f64 * scale;
        let _ = writeln!(
            body,
            "<line x1=\"{x:.1}\" y1=\"{chart_top:.1}\" x2=\"{x:.1}\" y2=\"{chart_bottom:.1}\" stroke=\"{RED}\" stroke-dasharray=\"3 3\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"{RED}\">today</text>",
            x + 3.0,
            chart_top + 10.0
        );
    }
    let mut row_y = chart_top;
    for (name, bars) in &t.sections {
        let _ = writeln!(
            body,
            "<text x=\"{margin}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" fill=\"#222222\">{}</text>",
            row_y + 16.0,
            xml(&shorten(name))
        );
        row_y += row_h;
        for b in bars {
            let (fill, stroke, text) = match b.status {
                Status::Done => (DIM_FILL, DIM_STROKE, DIM_TEXT),
                _ if b.critical => ("#f9d5d3", RED, "#1a1a1a"),
                Status::Doing => ("#dbe9f6", "#3b75af", "#1a1a1a"),
                _ => ("#e6e6e6", "#7f7f7f", "#1a1a1a"),
            };
            let _ = writeln!(
                body,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{text}\">{}</text>",
                margin + 12.0,
                row_y + 16.0,
                xml(&shorten(&b.label))
            );
            let end = chart_x + (crate::date::days_since_epoch(b.due) - lo) as f64 * scale;
            match b.start_day {
                Some(s) => {
                    let x = chart_x + (s - lo) as f64 * scale;
                    let _ = writeln!(
                        body,
                        "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"{fill}\" stroke=\"{stroke}\"><title>{}</title></rect>",
                        row_y + 4.0,
                        (end - x).max(2.0),
                        row_h - 8.0,
                        xml(&format!("{} → {}", crate::date::from_days_since_epoch(s), b.due))
                    );
                }
                None => {
                    let (cx, cy, r) = (end, row_y + row_h / 2.0, 7.0);
                    let _ = writeln!(
                        body,
                        "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{fill}\" stroke=\"{stroke}\"><title>due {}</title></polygon>",
                        cx,
                        cy - r,
                        cx + r,
                        cy,
                        cx,
                        cy + r,
                        cx - r,
                        cy,
                        b.due
                    );
                }
            }
            row_y += row_h;
        }
    }
    let width = chart_x + chart_w + margin;
    svg_document(
        "Timeline",
        SvgOut {
            body,
            width: width.max(640.0),
            height: chart_bottom + margin,
        },
    )
}

fn shorten_list(prefix: &str, names: &[String]) -> String {
    let mut s = prefix.to_string();
    for (i, n) in names.iter().enumerate() {
        if s.len() > 150 {
            let _ = write!(s, " and {} more", names.len() - i);
            break;
        }
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(n);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for z in [-1000i64, 0, 59, 60, 20_779, 100_000] {
            assert_eq!(
                crate::date::days_since_epoch(crate::date::from_days_since_epoch(z)),
                z
            );
        }
    }

    #[test]
    fn gantt_escaping() {
        assert_eq!(gantt_text("a: b; #c"), "a b c");
    }
}
