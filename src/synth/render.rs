//! Writes the organisation as plan text, spread over files in block order.

use std::fmt::Write as _;

use super::items::*;
use super::schedule::schedule;

pub(super) fn title(title: &Option<String>) -> String {
    title
        .as_ref()
        .map(|t| format!(" \"{t}\""))
        .unwrap_or_default()
}

pub(super) fn render(item: &Item, out: &mut String) {
    // Writing to a String cannot fail.
    let list = |values: &[String]| values.join(", ");
    match item {
        Item::Person(p) => {
            let email: String =
                p.id.chars()
                    .map(|c| if c == '-' { '.' } else { c })
                    .collect();
            let _ = writeln!(out, "person {} \"{}\" {{", p.id, p.display);
            let _ = writeln!(out, "  role \"{}\"", p.role);
            let _ = writeln!(out, "  email \"{email}@example.com\"");
            if let Some(hours) = p.budget {
                let _ = writeln!(out, "  meeting-budget {hours}h");
            }
            if let Some(tz) = p.tz {
                let _ = writeln!(out, "  tz \"{tz}\"");
            }
            out.push_str("}\n");
        }
        Item::Team(t) => {
            let _ = writeln!(out, "## {}", t.doc);
            let _ = writeln!(out, "team {} \"{}\" {{", t.id, t.title);
            // Some teams have co-leads (`lead a, b`): their first member leads too. Decided
            // from the name, not the generator, so every other item stays the same.
            let members: &[String] = if t.members.len() >= 3 && t.id.len() % 3 == 0 {
                let _ = writeln!(out, "  lead {}, {}", t.lead, t.members[0]);
                &t.members[1..]
            } else {
                let _ = writeln!(out, "  lead {}", t.lead);
                &t.members
            };
            if !members.is_empty() {
                let _ = writeln!(out, "  members {}", list(members));
            }
            if let Some(parent) = &t.parent {
                let _ = writeln!(out, "  parent {parent}");
            }
            if let Some(model) = t.model {
                let _ = writeln!(out, "  model {model}");
            }
            out.push_str("}\n");
        }
        Item::Meeting(m) => {
            let _ = writeln!(out, "meeting {} \"{}\" {{", m.id, m.title);
            let _ = writeln!(out, "  owner {}", m.owner);
            let _ = writeln!(out, "  attendees {}", list(&m.attendees));
            let _ = writeln!(out, "  cadence {}", m.cadence);
            let _ = writeln!(out, "  length {}", m.length);
            if let Some(kind) = m.kind {
                let _ = writeln!(out, "  kind {kind}");
            }
            schedule(&m.id, m.cadence, out);
            out.push_str("}\n");
        }
        Item::Liaison {
            person,
            from,
            to,
            attends,
            needs,
        } => {
            let _ = writeln!(out, "liaison {person} {{");
            let _ = writeln!(out, "  from {from}");
            let _ = writeln!(out, "  to {to}");
            let _ = writeln!(out, "  attends {attends}");
            if !needs.is_empty() {
                let quoted: Vec<String> = needs.iter().map(|n| format!("\"{n}\"")).collect();
                let _ = writeln!(out, "  needs {}", quoted.join(", "));
            }
            out.push_str("}\n");
        }
        Item::Embedded { person, from, to } => {
            let _ = writeln!(out, "embedded {person} {{ from {from}  to {to} }}");
        }
        Item::Rotation {
            id,
            from,
            to,
            roster,
            period,
        } => {
            let _ = writeln!(out, "rotation {id} {{");
            let _ = writeln!(out, "  from {from}");
            let _ = writeln!(out, "  to {to}");
            let _ = writeln!(out, "  roster {}", list(roster));
            let _ = writeln!(out, "  period {period}");
            out.push_str("}\n");
        }
        Item::Central {
            id,
            title,
            members,
            meets,
        } => {
            let _ = writeln!(out, "centralized-liaison {id} \"{title}\" {{");
            let _ = writeln!(out, "  members {}", list(members));
            let _ = writeln!(out, "  meets {meets}");
            out.push_str("}\n");
        }
        Item::Task(t) if t.start.is_none() && !t.link && t.deps.len() < 2 => {
            // Short tasks on one line, as people write them.
            let _ = write!(out, "task {}{} {{ ", t.id, title(&t.title));
            if let Some(owner) = &t.owner {
                let _ = write!(out, "owner {owner}  ");
            }
            let _ = write!(out, "due {}", date(t.due));
            if let Some(dep) = t.deps.first() {
                let _ = write!(out, "  depends-on {dep}");
            }
            if let Some(status) = t.status {
                let _ = write!(out, "  status {status}");
            }
            out.push_str(" }\n");
        }
        Item::Task(t) => {
            let _ = writeln!(out, "task {}{} {{", t.id, title(&t.title));
            if let Some(owner) = &t.owner {
                let _ = writeln!(out, "  owner {owner}");
            }
            if let Some(start) = t.start {
                let _ = writeln!(out, "  start {}", date(start));
            }
            let _ = writeln!(out, "  due {}", date(t.due));
            if !t.deps.is_empty() {
                let _ = writeln!(out, "  depends-on {}", list(&t.deps));
            }
            if let Some(status) = t.status {
                let _ = writeln!(out, "  status {status}");
            }
            if t.link {
                let _ = writeln!(out, "  link \"https://tracker.example.com/{}\"", t.id);
            }
            out.push_str("}\n");
        }
    }
}

/// Renders the blocks and spreads them over `files` files of similar size.
pub(super) fn split(org: &Org, files: usize, seed: u64) -> Vec<(String, String)> {
    let rendered: Vec<String> = org
        .blocks
        .iter()
        .flatten()
        .map(|item| {
            let mut text = String::new();
            render(item, &mut text);
            text
        })
        .collect();
    let total: usize = rendered.iter().map(String::len).sum();
    let width = files.saturating_sub(1).to_string().len().max(3);
    let mut out: Vec<(String, String)> = (0..files)
        .map(|i| {
            (
                format!("org/part-{i:0width$}.plan"),
                format!(
                    "# Synthetic organisation (seed {seed}), part {} of {files}.\n",
                    i + 1
                ),
            )
        })
        .collect();
    let mut written = 0usize;
    let mut last_file = usize::MAX;
    let mut last_one_line = false;
    for text in rendered {
        // The file whose share of the total this item starts in.
        let file = (written * files / total.max(1)).min(files - 1);
        let one_line = text.lines().count() == 1;
        let body = &mut out[file].1;
        // Blank lines between items, except in runs of one-line items.
        if !(one_line && last_one_line && file == last_file) {
            body.push('\n');
        }
        body.push_str(&text);
        written += text.len();
        (last_file, last_one_line) = (file, one_line);
    }
    out
}
