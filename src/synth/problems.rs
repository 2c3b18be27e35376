//! The deliberate mistakes: unowned tasks, misspelt references, a task owned by a meeting,
//! duplicate definitions, so the rules have something to find.

use std::collections::HashSet;

use super::items::*;
use super::rng::Rng;

/// A name close to `name` that is not defined: a letter dropped, doubled or swapped.
pub(super) fn near_miss(name: &str, defined: &HashSet<String>, rng: &mut Rng) -> String {
    let chars: Vec<char> = name.chars().collect();
    let letters: Vec<usize> = (1..chars.len())
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    for _ in 0..16 {
        if letters.is_empty() {
            break;
        }
        let i = *rng.pick(&letters);
        let mut out = chars.clone();
        match rng.below(3) {
            0 => {
                out.remove(i);
            }
            1 => out.insert(i, chars[i]),
            _ => out.swap(i - 1, i),
        }
        let candidate: String = out.into_iter().collect();
        if candidate != name && !defined.contains(&candidate) {
            return candidate;
        }
    }
    format!("{name}-old")
}

/// Unowned tasks, misspelt references, a task owned by a meeting, duplicate definitions.
pub(super) fn inject_problems(org: &mut Org, rng: &mut Rng) {
    let defined: HashSet<String> = org
        .blocks
        .iter()
        .flatten()
        .filter_map(|item| item.name().map(str::to_string))
        .collect();
    let n_blocks = org.blocks.len();
    let mut duplicates: Vec<(usize, Task)> = Vec::new();
    let mut counter = 0usize;
    for b in 0..n_blocks {
        let meeting = org.blocks[b].iter().find_map(|item| match item {
            Item::Meeting(m) => Some(m.id.clone()),
            _ => None,
        });
        for item in &mut org.blocks[b] {
            let Item::Task(task) = item else { continue };
            let roll = rng.below(100_000);
            if roll < 200 {
                task.owner = None;
            } else if roll < 300 && !task.deps.is_empty() {
                let i = rng.below(task.deps.len());
                task.deps[i] = near_miss(&task.deps[i], &defined, rng);
            } else if roll < 350 {
                if let Some(owner) = task.owner.take() {
                    task.owner = Some(near_miss(&owner, &defined, rng));
                }
            } else if roll < 360 {
                if let Some(meeting) = &meeting {
                    task.owner = Some(meeting.clone());
                }
            }
            counter += 1;
            // One duplicate definition per 10,000 tasks, in a block far away.
            if counter % 10_000 == 5_000 {
                let to = rng.below(n_blocks);
                duplicates.push((
                    to,
                    Task {
                        id: task.id.clone(),
                        title: Some("Copied from another plan".to_string()),
                        owner: task.owner.clone(),
                        start: None,
                        due: task.due,
                        deps: Vec::new(),
                        status: None,
                        link: false,
                    },
                ));
            }
        }
    }
    for (block, task) in duplicates {
        org.blocks[block].push(Item::Task(task));
    }
}
