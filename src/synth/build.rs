//! Builds the organisation: leaf teams and their people, the hierarchy above them, meetings,
//! liaisons, embeds, rotations, centralized liaison groups, and tasks with dependencies.

use super::items::*;
use super::rng::Rng;
use super::schedule::zone_of;
use super::words::*;

pub(super) fn build(n_tasks: usize, rng: &mut Rng) -> Org {
    let n_leaves = n_tasks.div_ceil(80).max(1);
    let mut people = 0usize;

    // Leaf teams and their people.
    let mut leaves: Vec<Leaf> = Vec::with_capacity(n_leaves);
    for t in 0..n_leaves {
        let word = TEAM_WORDS[t % TEAM_WORDS.len()];
        let id = format!("{word}-{}", t / TEAM_WORDS.len() + 1);
        let size = rng.range(6, 10);
        let mut items = Vec::new();
        let mut ids = Vec::new();
        for i in 0..size {
            let role = if i == 0 {
                "Engineering manager"
            } else if i == 1 {
                "Tech lead"
            } else {
                *rng.pick(MEMBER_ROLES)
            };
            let mut person = new_person(people, rng, role);
            person.tz = zone_of(t, i);
            people += 1;
            ids.push(person.id.clone());
            items.push(Item::Person(person));
        }
        // Now and then a person nobody put in a team.
        if rng.chance(0.004) {
            let person = new_person(people, rng, "Contractor");
            people += 1;
            items.push(Item::Person(person));
        }
        let lead = ids.remove(0);
        let base = n_tasks / n_leaves;
        let tasks = base + usize::from(t < n_tasks % n_leaves);
        leaves.push(Leaf {
            id,
            word,
            lead,
            members: ids,
            parent: 0,
            tasks,
            partners: Vec::new(),
            items,
        });
    }

    // Now and then a person who sits in two teams: the last member of every tenth team is
    // also a member of the next one.
    for t in (3..n_leaves.saturating_sub(1)).step_by(10) {
        if let Some(person) = leaves[t].members.last().cloned() {
            if !leaves[t + 1].members.contains(&person) && leaves[t + 1].lead != person {
                leaves[t + 1].members.push(person);
            }
        }
    }

    // The hierarchy: groups of up to six, level by level, up to one company team.
    let mut groups: Vec<Group> = Vec::new();
    let mut level: Vec<(Result<usize, usize>, String, String)> = leaves
        .iter()
        .enumerate()
        .map(|(i, l)| (Ok(i), l.id.clone(), l.lead.clone()))
        .collect();
    let mut depth = 1;
    loop {
        let n_groups = level.len().div_ceil(6);
        let mut next = Vec::with_capacity(n_groups);
        for (g, chunk) in level.chunks(6).enumerate() {
            let (id, title) = if n_groups == 1 {
                ("company".to_string(), "Company".to_string())
            } else {
                let prefix = match depth {
                    1 => "area".to_string(),
                    2 => "division".to_string(),
                    3 => "org".to_string(),
                    d => format!("org{d}"),
                };
                (
                    format!("{prefix}-{g}"),
                    format!("{} {g}", title_case(&prefix)),
                )
            };
            let lead = chunk[0].2.clone();
            let members: Vec<String> = chunk[1..].iter().map(|c| c.2.clone()).collect();
            let group_index = groups.len();
            let mut items = Vec::new();
            items.push(Item::Team(Team {
                id: id.clone(),
                title: title.clone(),
                doc: format!("The leads of the teams under {title}."),
                lead: lead.clone(),
                members,
                parent: None,
                model: None,
            }));
            items.push(Item::Meeting(Meeting {
                id: format!("{id}-staff"),
                title: format!("{title} staff meeting"),
                owner: lead.clone(),
                attendees: vec![id.clone()],
                cadence: "weekly",
                length: "1h",
                kind: None,
            }));
            if depth == 1 {
                // One tech lead per team, meeting weekly.
                let techs: Vec<String> = chunk
                    .iter()
                    .map(|c| match c.0 {
                        Ok(leaf) => leaves[leaf].members[0].clone(),
                        Err(_) => c.2.clone(),
                    })
                    .collect();
                items.push(Item::Central {
                    id: format!("{id}-tech-leads"),
                    title: format!("{title} tech leads"),
                    members: techs.clone(),
                    meets: format!("{id}-tech-sync"),
                });
                items.push(Item::Meeting(Meeting {
                    id: format!("{id}-tech-sync"),
                    title: format!("{title} tech sync"),
                    owner: techs[0].clone(),
                    attendees: techs,
                    cadence: "weekly",
                    length: "45m",
                    kind: None,
                }));
            }
            for child in chunk {
                match child.0 {
                    Ok(leaf) => leaves[leaf].parent = group_index,
                    Err(group) => {
                        if let Some(Item::Team(team)) = groups[group].items.first_mut() {
                            team.parent = Some(id.clone());
                        }
                    }
                }
            }
            groups.push(Group {
                items,
                children: chunk.iter().map(|c| c.0).collect(),
            });
            next.push((Err(group_index), id, lead));
        }
        if n_groups == 1 {
            break;
        }
        level = next;
        depth += 1;
    }

    // Siblings: leaves under the same area.
    let siblings = |leaves: &[Leaf], t: usize| -> Vec<usize> {
        groups[leaves[t].parent]
            .children
            .iter()
            .filter_map(|c| c.ok())
            .filter(|&s| s != t)
            .collect()
    };

    // Leaf meetings, liaisons, embeds and rotations.
    for t in 0..n_leaves {
        let id = leaves[t].id.clone();
        let title = team_title(leaves[t].word);
        let lead = leaves[t].lead.clone();
        let mut items = Vec::new();
        items.push(Item::Meeting(Meeting {
            id: format!("{id}-weekly"),
            title: format!("{title} weekly"),
            owner: lead.clone(),
            attendees: vec![id.clone()],
            cadence: "weekly",
            length: if rng.chance(0.5) { "45m" } else { "1h" },
            kind: None,
        }));
        if rng.chance(0.5) {
            items.push(Item::Meeting(Meeting {
                id: format!("{id}-standup"),
                title: format!("{title} standup"),
                owner: leaves[t].members[0].clone(),
                attendees: vec![id.clone()],
                cadence: "daily",
                length: "15m",
                kind: Some("status"),
            }));
        }
        if rng.chance(0.3) {
            items.push(Item::Meeting(Meeting {
                id: format!("{id}-retro"),
                title: format!("{title} retrospective"),
                owner: lead.clone(),
                attendees: vec![id.clone()],
                cadence: "biweekly",
                length: "1h",
                kind: None,
            }));
        }
        let sibs = siblings(&leaves, t);
        let other = |rng: &mut Rng| -> Option<usize> {
            if n_leaves < 2 {
                None
            } else if !sibs.is_empty() && rng.chance(0.5) {
                Some(*rng.pick(&sibs))
            } else {
                let o = rng.below(n_leaves - 1);
                Some(if o >= t { o + 1 } else { o })
            }
        };
        if rng.chance(0.3) {
            if let Some(to) = other(rng) {
                let needs = if rng.chance(0.05) {
                    Vec::new()
                } else {
                    let k = rng.range(1, 3);
                    let start = rng.below(NEEDS.len());
                    (0..k).map(|i| NEEDS[(start + i) % NEEDS.len()]).collect()
                };
                let attends = if rng.chance(0.03) {
                    format!("{id}-weekly")
                } else {
                    format!("{}-weekly", leaves[to].id)
                };
                items.push(Item::Liaison {
                    person: leaves[t].members[1].clone(),
                    from: id.clone(),
                    to: leaves[to].id.clone(),
                    attends,
                    needs,
                });
                leaves[t].partners.push(to);
                leaves[to].partners.push(t);
                // Now and then the same person is sent to two more teams.
                if rng.chance(0.05) {
                    for _ in 0..2 {
                        let Some(more) = other(rng) else { break };
                        items.push(Item::Liaison {
                            person: leaves[t].members[1].clone(),
                            from: id.clone(),
                            to: leaves[more].id.clone(),
                            attends: format!("{}-weekly", leaves[more].id),
                            needs: vec![*rng.pick(NEEDS)],
                        });
                        leaves[t].partners.push(more);
                        leaves[more].partners.push(t);
                    }
                }
            }
        }
        if rng.chance(0.05) {
            if let Some(to) = other(rng) {
                items.push(Item::Embedded {
                    person: leaves[t].members[2].clone(),
                    from: id.clone(),
                    to: leaves[to].id.clone(),
                });
                leaves[t].partners.push(to);
                leaves[to].partners.push(t);
            }
        }
        if rng.chance(0.1) {
            if let Some(to) = other(rng) {
                items.push(Item::Rotation {
                    id: format!("{id}-duty"),
                    from: id.clone(),
                    to: leaves[to].id.clone(),
                    roster: leaves[t].members[3..].to_vec(),
                    period: if rng.chance(0.7) { "1w" } else { "2w" },
                });
                leaves[t].partners.push(to);
                leaves[to].partners.push(t);
            }
        }
        let team = Item::Team(Team {
            id: id.clone(),
            title: title.clone(),
            doc: format!(
                "Owns {} for the {} area.",
                leaves[t].word,
                groups[leaves[t].parent]
                    .items
                    .first()
                    .and_then(Item::name)
                    .unwrap_or("company")
            ),
            lead,
            members: leaves[t].members.clone(),
            parent: groups[leaves[t].parent]
                .items
                .first()
                .and_then(Item::name)
                .map(str::to_string),
            model: if rng.chance(0.6) {
                Some(*rng.pick(MODELS))
            } else {
                None
            },
        });
        let people = std::mem::take(&mut leaves[t].items);
        leaves[t].items.push(team);
        leaves[t].items.extend(people);
        leaves[t].items.extend(items);
    }

    // Tasks.
    let task_id = |leaves: &[Leaf], t: usize, pos: usize| format!("{}-{pos}", leaves[t].id);
    let due_of = |count: usize, pos: usize| first_day() + (pos as i64 * SPAN_DAYS) / count as i64;
    for t in 0..n_leaves {
        let count = leaves[t].tasks;
        if count == 0 {
            continue;
        }
        let sibs = siblings(&leaves, t);
        // Some teams work in long chains, others in short ones.
        let chain = if rng.chance(0.5) { 0.95 } else { 0.5 };
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut cross: Vec<Vec<String>> = vec![Vec::new(); count];
        for pos in 1..count {
            if rng.chance(chain) {
                deps[pos].push(pos - 1);
            }
            if pos > 2 && rng.chance(0.15) {
                let back = rng.range(2, pos.min(20));
                deps[pos].push(pos - back);
            }
            if n_leaves > 1 && rng.chance(0.025) {
                let partners = &leaves[t].partners;
                let other = if !sibs.is_empty() && rng.chance(0.55) {
                    *rng.pick(&sibs)
                } else if !partners.is_empty() && rng.chance(0.65) {
                    *rng.pick(partners)
                } else {
                    let o = rng.below(n_leaves - 1);
                    if o >= t {
                        o + 1
                    } else {
                        o
                    }
                };
                let other_count = leaves[other].tasks;
                let scaled = pos * other_count / count;
                let back = rng.range(1, 5);
                if other_count > 0 && scaled >= back {
                    cross[pos].push(task_id(&leaves, other, scaled - back));
                }
            }
        }
        // About one dependency loop per 5,000 tasks.
        if count > 8 && rng.chance(count as f64 / 5000.0) {
            let p = rng.below(count - 4);
            let k = rng.range(1, 3);
            for (q, d) in deps.iter_mut().enumerate().skip(p + 1).take(k) {
                if !d.contains(&(q - 1)) {
                    d.push(q - 1);
                }
            }
            deps[p].push(p + k);
        }
        let mut team_people = vec![leaves[t].lead.clone()];
        team_people.extend(leaves[t].members.iter().cloned());
        for pos in 0..count {
            let mut due = due_of(count, pos);
            if !deps[pos].is_empty() && rng.chance(0.0005) {
                due -= 20;
            }
            let status = if due < today() {
                if rng.chance(0.97) {
                    Some("done")
                } else {
                    Some(*rng.pick(&["doing", "blocked"]))
                }
            } else if due < today() + 30 && rng.chance(0.5) {
                Some("doing")
            } else if rng.chance(0.03) {
                Some("blocked")
            } else {
                None
            };
            let owner = if rng.chance(0.25) {
                leaves[t].id.clone()
            } else {
                rng.pick(&team_people).clone()
            };
            let mut names: Vec<String> =
                deps[pos].iter().map(|&d| task_id(&leaves, t, d)).collect();
            names.append(&mut cross[pos]);
            let task = Task {
                id: task_id(&leaves, t, pos),
                title: if rng.chance(0.5) {
                    Some(format!("{} {}", rng.pick(VERBS), rng.pick(OBJECTS)))
                } else {
                    None
                },
                owner: Some(owner),
                start: if rng.chance(0.0003) {
                    // Now and then a start after the due date.
                    Some(due + rng.range(1, 10) as i64)
                } else if rng.chance(0.15) {
                    Some(due - rng.range(7, 30) as i64)
                } else {
                    None
                },
                due,
                deps: names,
                status,
                link: rng.chance(0.04),
            };
            leaves[t].items.push(Item::Task(task));
        }
    }

    // Blocks in depth-first order from the company team.
    let mut group_items: Vec<Option<Vec<Item>>> = groups
        .iter_mut()
        .map(|g| Some(std::mem::take(&mut g.items)))
        .collect();
    let mut leaf_items: Vec<Option<Vec<Item>>> = leaves
        .iter_mut()
        .map(|l| Some(std::mem::take(&mut l.items)))
        .collect();
    let mut blocks = Vec::new();
    let mut stack: Vec<Result<usize, usize>> = vec![Err(groups.len() - 1)];
    while let Some(node) = stack.pop() {
        match node {
            Ok(leaf) => blocks.extend(leaf_items[leaf].take()),
            Err(group) => {
                blocks.extend(group_items[group].take());
                stack.extend(groups[group].children.iter().rev().copied());
            }
        }
    }
    Org { blocks }
}
