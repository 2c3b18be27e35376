//! How a [`PlanDiff`] is written: for a terminal, as a pull-request comment (Markdown with a
//! short headline and collapsible details), and as JSON.

use std::fmt::Write as _;

use super::{Change, Finding, PlanDiff, Presence, SetChange};
use crate::date::format_minutes;
use crate::diagnostic::Severity;

/// The most items the headline names before "and N more changes".
const HEADLINE_ITEMS: usize = 4;

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// "+2 warnings, -1 error" (or "no change in findings").
fn finding_counts(diff: &PlanDiff) -> String {
    let mut parts = Vec::new();
    for (sev, word) in [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "info"),
    ] {
        let added = diff.introduced_count(sev);
        if added > 0 {
            parts.push(format!("+{}", count(added, word)));
        }
        let removed = diff.resolved_count(sev);
        if removed > 0 {
            parts.push(format!("-{}", count(removed, word)));
        }
    }
    if parts.is_empty() {
        "no new or resolved findings".into()
    } else {
        parts.join(", ")
    }
}

/// The one-line summary: the findings' balance, then the changes that matter most.
pub fn headline(diff: &PlanDiff) -> String {
    // (priority, text): crossings of the meeting limit, then lost links, people moving, slips,
    // and other changes in meeting size last.
    let mut items: Vec<(u8, String)> = Vec::new();
    for m in &diff.meetings {
        if let (Presence::Changed, Some(c)) = (m.presence, &m.count) {
            let mut s = format!("{} {} → {} attendees", m.name, c.before, c.after);
            if let Some(limit) = m.crosses_limit {
                let _ = write!(
                    s,
                    " ({} the limit of {limit})",
                    if c.after > limit {
                        "past"
                    } else {
                        "back within"
                    }
                );
            }
            items.push((if m.crosses_limit.is_some() { 0 } else { 4 }, s));
        }
    }
    let mut seen_pairs = std::collections::BTreeSet::new();
    for t in &diff.teams {
        for l in &t.links_lost {
            let pair = if l.team < l.other {
                (l.team.clone(), l.other.clone())
            } else {
                (l.other.clone(), l.team.clone())
            };
            if seen_pairs.insert(pair.clone()) {
                items.push((
                    1,
                    format!(
                        "{} ↔ {} no longer linked (was: {})",
                        pair.0,
                        pair.1,
                        l.through.join(", ")
                    ),
                ));
            }
        }
    }
    for p in &diff.people {
        if p.presence == Presence::Changed && !p.teams.is_empty() {
            items.push((2, format!("{} {}", p.name, moves(&p.teams))));
        }
    }
    for t in &diff.tasks {
        if let Some(days) = t.slip_days.filter(|&d| d > 0) {
            let mut s = format!("{} slips {}", t.name, count(days as usize, "day"));
            if !t.ripples.is_empty() {
                let _ = write!(
                    s,
                    " into {}",
                    t.ripples
                        .iter()
                        .map(|r| r.task.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            items.push((3, s));
        }
    }
    items.sort_by_key(|(priority, _)| *priority);
    let items: Vec<String> = items.into_iter().map(|(_, s)| s).collect();
    let mut out = finding_counts(diff);
    let more = items.len().saturating_sub(HEADLINE_ITEMS);
    for item in items.into_iter().take(HEADLINE_ITEMS) {
        let _ = write!(out, "; {item}");
    }
    if more > 0 {
        let _ = write!(out, "; and {}", count(more, "more change"));
    }
    out
}

/// "joins payments", "leaves platform", "moves platform → payments".
fn moves(teams: &SetChange) -> String {
    match (teams.removed.as_slice(), teams.added.as_slice()) {
        ([from], [to]) => format!("moves {from} → {to}"),
        (removed, added) => {
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("joins {}", added.join(", ")));
            }
            if !removed.is_empty() {
                parts.push(format!("leaves {}", removed.join(", ")));
            }
            parts.join(", ")
        }
    }
}

fn set(change: &SetChange, what: &str) -> Option<String> {
    if change.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !change.added.is_empty() {
        parts.push(format!("+{}", change.added.join(", +")));
    }
    if !change.removed.is_empty() {
        parts.push(format!("-{}", change.removed.join(", -")));
    }
    Some(format!("{what} {}", parts.join(", ")))
}

fn opt(c: &Option<Change<Option<String>>>, what: &str) -> Option<String> {
    let c = c.as_ref()?;
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
    Some(format!("{what} {} → {}", show(&c.before), show(&c.after)))
}

/// The detail lines, one section per kind of item: `(section title, lines)`.
pub fn details(diff: &PlanDiff) -> Vec<(&'static str, Vec<String>)> {
    let finding = |f: &Finding| format!("{} {}: {}", f.severity.as_str(), f.code, f.message);
    let mut sections = Vec::new();
    sections.push((
        "Findings introduced",
        diff.introduced.iter().map(finding).collect(),
    ));
    sections.push((
        "Findings resolved",
        diff.resolved.iter().map(finding).collect(),
    ));
    let presence = |p: Presence, name: &str| match p {
        Presence::Added => format!("{name} (new)"),
        Presence::Removed => format!("{name} (removed)"),
        Presence::Changed => name.to_string(),
    };
    let mut teams = Vec::new();
    for t in &diff.teams {
        let mut facts: Vec<String> = Vec::new();
        if t.presence == Presence::Changed {
            facts.extend(set(&t.people, "people"));
            facts.extend(set(&t.leads, "leads"));
            facts.extend(opt(&t.parent, "parent"));
        }
        for l in &t.links_gained {
            facts.push(format!(
                "now linked to {} ({})",
                l.other,
                l.through.join(", ")
            ));
        }
        for l in &t.links_lost {
            facts.push(format!(
                "no longer linked to {} (was: {})",
                l.other,
                l.through.join(", ")
            ));
        }
        teams.push(join(presence(t.presence, &t.name), facts));
    }
    sections.push(("Teams", teams));
    let mut meetings = Vec::new();
    for m in &diff.meetings {
        let mut facts: Vec<String> = Vec::new();
        if m.presence == Presence::Changed {
            facts.extend(set(&m.attendees, "attendees"));
            if let Some(c) = &m.count {
                let mut s = format!("{} → {} attendees", c.before, c.after);
                if let Some(limit) = m.crosses_limit {
                    let _ = write!(
                        s,
                        " ({} the rule-of-eight limit of {limit})",
                        if c.after > limit {
                            "now past"
                        } else {
                            "back within"
                        }
                    );
                }
                facts.push(s);
            }
            facts.extend(opt(&m.schedule, "schedule"));
            if let Some(c) = &m.weekly_minutes {
                facts.push(format!(
                    "{} → {} a week for each attendee",
                    format_minutes(c.before),
                    format_minutes(c.after)
                ));
            }
        }
        meetings.push(join(presence(m.presence, &m.name), facts));
    }
    sections.push(("Meetings", meetings));
    let mut people = Vec::new();
    for p in &diff.people {
        let mut facts: Vec<String> = Vec::new();
        if p.presence == Presence::Changed {
            if !p.teams.is_empty() {
                facts.push(moves(&p.teams));
            }
            if let Some(c) = &p.weekly_minutes {
                facts.push(format!(
                    "meetings {} → {} a week",
                    format_minutes(c.before),
                    format_minutes(c.after)
                ));
            }
            for pair in &p.clashes.added {
                facts.push(format!("new clash: {pair}"));
            }
            for pair in &p.clashes.removed {
                facts.push(format!("clash resolved: {pair}"));
            }
            for m in &p.outside_hours.added {
                facts.push(format!("{m} now outside their working hours"));
            }
            for m in &p.outside_hours.removed {
                facts.push(format!("{m} back within their working hours"));
            }
        }
        people.push(join(presence(p.presence, &p.name), facts));
    }
    sections.push(("People", people));
    let mut tasks = Vec::new();
    for t in &diff.tasks {
        let mut facts: Vec<String> = Vec::new();
        if t.presence == Presence::Changed {
            facts.extend(opt(&t.owner, "owner"));
            if let Some(c) = &t.due {
                let mut s = opt(&t.due, "due").unwrap_or_default();
                if let Some(days) = t.slip_days {
                    let _ = write!(
                        s,
                        " ({} {})",
                        if days > 0 { "slips" } else { "earlier by" },
                        count(days.unsigned_abs() as usize, "day")
                    );
                }
                let _ = c;
                facts.push(s);
            }
            facts.extend(opt(&t.start, "start"));
            if let Some(c) = &t.status {
                facts.push(format!("status {} → {}", c.before, c.after));
            }
            facts.extend(set(&t.depends_on, "depends on"));
            for r in &t.ripples {
                facts.push(format!(
                    "now overtakes {} ({}), which depends on it",
                    r.task,
                    if r.teams.is_empty() {
                        "no team".to_string()
                    } else {
                        r.teams.join(", ")
                    }
                ));
            }
        }
        tasks.push(join(presence(t.presence, &t.name), facts));
    }
    sections.push(("Tasks", tasks));
    sections.retain(|(_, lines)| !lines.is_empty());
    sections
}

fn join(head: String, facts: Vec<String>) -> String {
    if facts.is_empty() {
        head
    } else {
        format!("{head}: {}", facts.join("; "))
    }
}

/// For a terminal.
pub fn human(diff: &PlanDiff, base: &str, head: &str) -> String {
    let mut out = format!("coord diff {base} → {head}\n{}\n", headline(diff));
    if diff.is_empty() {
        out.push_str("\nThe change does not change the organisation the plan describes.\n");
        return out;
    }
    for (title, lines) in details(diff) {
        let _ = write!(out, "\n{title}:\n");
        for line in lines {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// Escapes text for Markdown (names may hold `_` or `*`).
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '<' | '>' | '[' | ']' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// For a pull-request comment: a headline, then each section in a collapsible block.
pub fn markdown(diff: &PlanDiff, base: &str, head: &str) -> String {
    let mut out = format!(
        "### Coord: what this change does to the plan\n\n**{}**\n\n<sub>{} → {}</sub>\n",
        md(&headline(diff)),
        md(base),
        md(head)
    );
    if diff.is_empty() {
        out.push_str("\nThe change does not change the organisation the plan describes.\n");
        return out;
    }
    for (title, lines) in details(diff) {
        let _ = write!(
            out,
            "\n<details><summary>{title} ({})</summary>\n\n",
            lines.len()
        );
        for line in lines {
            let _ = writeln!(out, "- {}", md(&line));
        }
        out.push_str("\n</details>\n");
    }
    out
}

/// As JSON: the headline and every section, stable keys.
pub fn json(diff: &PlanDiff, base: &str, head: &str) -> String {
    let value = serde_json::json!({
        "base": base,
        "head": head,
        "headline": headline(diff),
        "summary": {
            "introduced": {
                "errors": diff.introduced_count(Severity::Error),
                "warnings": diff.introduced_count(Severity::Warning),
                "infos": diff.introduced_count(Severity::Info),
            },
            "resolved": {
                "errors": diff.resolved_count(Severity::Error),
                "warnings": diff.resolved_count(Severity::Warning),
                "infos": diff.resolved_count(Severity::Info),
            },
        },
        "diff": diff,
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}
