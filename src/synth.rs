//! Deterministic synthetic organisations for benchmarks and scaling tests.
//!
//! [`generate`] builds an organisation with roughly one person per ten tasks, leaf teams of
//! six to ten people under a hierarchy of area, division and org teams, meetings for every
//! team, liaisons, embedded specialists, rotations, one centralized liaison group per area,
//! and tasks with owners, dates and dependencies: mostly chains within a team, some across
//! teams, forming long chains so transitive fan-out has real work. A small share of the
//! plan is deliberately wrong (unowned tasks, misspelt references, dependency cycles,
//! duplicate definitions, tasks owned by a meeting, starts after due dates, due dates
//! before dependencies, orphan people, oversized meetings, liaisons without needs or
//! meetings, liaison sprawl, dependencies between unlinked teams) so the rules fire.
//! Version 2: people have time zones on three continents (a team mostly in one zone, a few
//! remote members elsewhere), every team meeting has a day and a time in its owner's zone
//! (some biweekly and monthly ones with `starts`), so some meetings clash and some fall
//! outside someone's working hours, now and then a person sits in two teams, and some teams
//! have co-leads (`lead a, b`).
//! The same options always give the same files, byte for byte. 100,000 tasks make about
//! 12 MB of text.

use std::collections::HashSet;
use std::fmt::Write as _;

/// What to generate.
pub struct SynthOptions {
    /// Number of tasks (a few duplicate definitions come on top).
    pub tasks: usize,
    /// Number of files to spread the plan over (at least one is written).
    pub files: usize,
    /// Seed for the pseudo-random choices.
    pub seed: u64,
}

/// Generates the organisation as `(relative path, text)` pairs, e.g. `("org/part-007.plan", ...)`.
pub fn generate(opts: &SynthOptions) -> Vec<(String, String)> {
    let mut rng = Rng::new(opts.seed);
    let mut org = build(opts.tasks, &mut rng);
    inject_problems(&mut org, &mut rng);
    split(&org, opts.files.max(1), opts.seed)
}

// ---------------------------------------------------------------------------------------------
// Pseudo-random numbers (splitmix64)

/// A small seeded pseudo-random generator (splitmix64): the same seed gives the same numbers
/// on every machine. Also drives the language server's edit-storm test.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p` (0 to 1).
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// One of `items`, which must not be empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Word lists

const FIRST: &[&str] = &[
    "ana", "ben", "chloe", "dev", "elif", "farah", "gus", "hana", "ivan", "jade", "kofi", "lena",
    "mateo", "nadia", "omar", "pia", "quinn", "rosa", "sven", "tara", "uma", "vik", "wen", "xena",
    "yusuf", "zara", "josé", "zoë", "björn", "søren", "aiko", "bea", "carl", "dina", "eli", "fay",
    "gil", "ines", "jonas", "kai",
];

const LAST: &[&str] = &[
    "silva", "chen", "okafor", "novak", "patel", "müller", "garcia", "kim", "rossi", "nguyen",
    "haddad", "larsen", "mendes", "ivanova", "tanaka", "byrne", "kowalski", "osei", "dubois",
    "ahmed",
];

const MEMBER_ROLES: &[&str] = &[
    "Software engineer",
    "Software engineer",
    "Senior software engineer",
    "Senior software engineer",
    "Staff engineer",
    "Product manager",
    "Product designer",
    "QA engineer",
    "Data scientist",
    "Site reliability engineer",
];

const TEAM_WORDS: &[&str] = &[
    "ledger",
    "checkout",
    "search",
    "identity",
    "billing",
    "catalog",
    "payments",
    "mobile",
    "growth",
    "onboarding",
    "insights",
    "storage",
    "network",
    "compute",
    "observability",
    "messaging",
    "notifications",
    "pricing",
    "fraud",
    "support-tools",
    "docs",
    "data-platform",
    "ml-platform",
    "design-system",
    "ci",
    "release",
    "security",
    "compliance",
    "partners",
    "ads",
    "maps",
    "media",
    "chat",
    "inbox",
    "reports",
    "api",
    "gateway",
    "sdk",
    "desktop",
    "web",
];

const MODELS: &[&str] = &[
    "independent-executor",
    "independent-executor",
    "independent-executor",
    "service-provider",
    "service-provider",
    "self-service",
    "consultant",
    "objective-expert",
    "tiger-team",
    "away-team",
    "merged-group",
    "single-threaded-owner",
];

const VERBS: &[&str] = &[
    "Design",
    "Build",
    "Migrate",
    "Launch",
    "Harden",
    "Document",
    "Refactor",
    "Test",
    "Roll out",
    "Deprecate",
    "Instrument",
    "Scale",
];

const OBJECTS: &[&str] = &[
    "the export API",
    "billing events",
    "the settings page",
    "audit logging",
    "rate limits",
    "the search index",
    "SSO login",
    "dark mode",
    "the data model",
    "alerting",
    "the mobile SDK",
    "usage reports",
    "retry handling",
    "the onboarding flow",
    "feature flags",
    "cost dashboards",
];

const NEEDS: &[&str] = &[
    "delivery dates",
    "API changes",
    "terminology",
    "launch plans",
    "incident follow-ups",
    "capacity",
    "roadmap changes",
    "migration deadlines",
];

// ---------------------------------------------------------------------------------------------
// Dates (days since 1970-01-01)

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    crate::date::days_since_epoch(crate::syntax::Date {
        year: y as u32,
        month: m as u32,
        day: d as u32,
    })
}

fn date(days: i64) -> String {
    crate::date::from_days_since_epoch(days).to_string()
}

/// Tasks are spread over this many days from 2026-09-01.
const SPAN_DAYS: i64 = 480;

fn first_day() -> i64 {
    days_from_civil(2026, 9, 1)
}

/// The "today" the generated statuses assume.
fn today() -> i64 {
    days_from_civil(2026, 11, 22)
}

// ---------------------------------------------------------------------------------------------
// The organisation

struct Person {
    id: String,
    display: String,
    role: &'static str,
    budget: Option<u32>,
    tz: Option<&'static str>,
}

struct Team {
    id: String,
    title: String,
    doc: String,
    lead: String,
    members: Vec<String>,
    parent: Option<String>,
    model: Option<&'static str>,
}

struct Meeting {
    id: String,
    title: String,
    owner: String,
    attendees: Vec<String>,
    cadence: &'static str,
    length: &'static str,
    kind: Option<&'static str>,
}

struct Task {
    id: String,
    title: Option<String>,
    owner: Option<String>,
    start: Option<i64>,
    due: i64,
    deps: Vec<String>,
    status: Option<&'static str>,
    link: bool,
}

enum Item {
    Person(Person),
    Team(Team),
    Meeting(Meeting),
    Liaison {
        person: String,
        from: String,
        to: String,
        attends: String,
        needs: Vec<&'static str>,
    },
    Embedded {
        person: String,
        from: String,
        to: String,
    },
    Rotation {
        id: String,
        from: String,
        to: String,
        roster: Vec<String>,
        period: &'static str,
    },
    Central {
        id: String,
        title: String,
        members: Vec<String>,
        meets: String,
    },
    Task(Task),
}

impl Item {
    fn name(&self) -> Option<&str> {
        match self {
            Item::Person(p) => Some(&p.id),
            Item::Team(t) => Some(&t.id),
            Item::Meeting(m) => Some(&m.id),
            Item::Rotation { id, .. } | Item::Central { id, .. } => Some(id),
            Item::Task(t) => Some(&t.id),
            Item::Liaison { .. } | Item::Embedded { .. } => None,
        }
    }
}

/// A leaf team as the generator sees it while building.
struct Leaf {
    id: String,
    word: &'static str,
    lead: String,
    members: Vec<String>,
    parent: usize,
    tasks: usize,
    /// Teams (leaf indices) linked by a liaison, embed or rotation.
    partners: Vec<usize>,
    items: Vec<Item>,
}

/// A group team (area, division, org, company) above the leaves.
struct Group {
    items: Vec<Item>,
    /// Children: `Ok(leaf index)` or `Err(group index)`.
    children: Vec<Result<usize, usize>>,
}

struct Org {
    /// Item blocks in file order (a group before its children).
    blocks: Vec<Vec<Item>>,
}

fn title_case(word: &str) -> String {
    let mut out = String::new();
    for (i, part) in word.split('-').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut chars = part.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

fn team_title(word: &str) -> String {
    match word {
        "ci" | "sdk" | "api" => word.to_ascii_uppercase(),
        _ => title_case(word),
    }
}

fn new_person(index: usize, rng: &mut Rng, role: &'static str) -> Person {
    let first = *rng.pick(FIRST);
    let last = *rng.pick(LAST);
    Person {
        id: format!("{first}-{last}-{index}"),
        display: format!("{} {}", title_case(first), title_case(last)),
        role,
        budget: if rng.chance(0.05) {
            Some(*rng.pick(&[2, 12, 15]))
        } else {
            None
        },
        tz: None,
    }
}

fn build(n_tasks: usize, rng: &mut Rng) -> Org {
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

/// A name close to `name` that is not defined: a letter dropped, doubled or swapped.
fn near_miss(name: &str, defined: &HashSet<String>, rng: &mut Rng) -> String {
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
fn inject_problems(org: &mut Org, rng: &mut Rng) {
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

// ---------------------------------------------------------------------------------------------
// Rendering

fn title(title: &Option<String>) -> String {
    title
        .as_ref()
        .map(|t| format!(" \"{t}\""))
        .unwrap_or_default()
}

/// Zones on three continents; a leaf team works mostly in one of them.
const ZONES: &[&str] = &[
    "Europe/Berlin",
    "America/New_York",
    "Asia/Shanghai",
    "Europe/London",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Europe/Lisbon",
    "America/Sao_Paulo",
    "Asia/Kolkata",
];

/// The zone of person `i` of leaf team `t`: the team's zone, now and then a remote member's
/// zone on another continent, and now and then none.
fn zone_of(t: usize, i: usize) -> Option<&'static str> {
    let team_zone = t * 4 % ZONES.len();
    match (t + i) % 13 {
        0 => None,
        5 => Some(ZONES[(team_zone + 1) % ZONES.len()]),
        _ => Some(ZONES[team_zone]),
    }
}

/// A stable hash of a name (FNV-1a), for choices that must not disturb the seeded stream.
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes a meeting's `day`, `time` and (for some biweekly and monthly meetings) `starts`,
/// chosen from its name: local times between 08:00 and 17:00 in its owner's zone, so teams'
/// own meetings sometimes share a slot (a clash) and cross-region meetings fall outside
/// someone's hours.
fn schedule(id: &str, cadence: &str, out: &mut String) {
    const DAYS: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];
    const TIMES: [&str; 8] = [
        "08:30", "09:00", "10:00", "11:00", "13:00", "14:00", "15:30", "16:30",
    ];
    let h = name_hash(id);
    let day = (h % 5) as usize;
    if cadence != "daily" {
        let _ = writeln!(out, "  day {}", DAYS[day]);
    }
    let _ = writeln!(out, "  time {}", TIMES[(h >> 8) as usize % TIMES.len()]);
    // 2026-11-16 is a Monday; a first or second week, or a first or second weekday of
    // December for monthly meetings.
    let starts = match cadence {
        "biweekly" if (h >> 16) % 3 != 0 => Some(day as i64 + 7 * ((h >> 20) % 2) as i64),
        "monthly" if (h >> 16) % 2 == 0 => {
            // The first such weekday of December 2026 (2026-12-01 is a Tuesday), 14 days
            // after 2026-11-16 plus its day of the month.
            let first = 1 + (day as i64 + 6) % 7;
            Some(14 + first + 7 * ((h >> 20) % 2) as i64)
        }
        _ => None,
    };
    if let Some(offset) = starts {
        let _ = writeln!(
            out,
            "  starts {}",
            date(days_from_civil(2026, 11, 16) + offset)
        );
    }
}

fn render(item: &Item, out: &mut String) {
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
fn split(org: &Org, files: usize, seed: u64) -> Vec<(String, String)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(tasks: usize, files: usize, seed: u64) -> SynthOptions {
        SynthOptions { tasks, files, seed }
    }

    fn total_len(files: &[(String, String)]) -> usize {
        files.iter().map(|f| f.1.len()).sum()
    }

    #[derive(PartialEq)]
    enum Tok {
        Word(String),
        Str,
        Open,
        Close,
        Comma,
    }

    fn lex(text: &str) -> Vec<Tok> {
        let mut toks = Vec::new();
        for line in text.lines() {
            let mut rest = line;
            loop {
                rest = rest.trim_start();
                let Some(c) = rest.chars().next() else { break };
                match c {
                    '#' => break,
                    '{' | '}' | ',' => {
                        toks.push(match c {
                            '{' => Tok::Open,
                            '}' => Tok::Close,
                            _ => Tok::Comma,
                        });
                        rest = &rest[1..];
                    }
                    '"' => {
                        let end = rest[1..].find('"').expect("closed string");
                        toks.push(Tok::Str);
                        rest = &rest[end + 2..];
                    }
                    _ => {
                        let end = rest
                            .find(|c: char| c.is_whitespace() || "{},\"#".contains(c))
                            .unwrap_or(rest.len());
                        toks.push(Tok::Word(rest[..end].to_string()));
                        rest = &rest[end..];
                    }
                }
            }
        }
        toks
    }

    /// Defined names, referenced names and the number of task items.
    fn names(files: &[(String, String)]) -> (Vec<String>, Vec<String>, usize) {
        const REFERRING: &[&str] = &[
            "lead",
            "members",
            "parent",
            "owner",
            "attendees",
            "depends-on",
            "from",
            "to",
            "attends",
            "roster",
            "meets",
        ];
        let word = |t: Option<&Tok>| match t {
            Some(Tok::Word(w)) => w.clone(),
            _ => panic!("expected a word"),
        };
        let mut defined = Vec::new();
        let mut referenced = Vec::new();
        let mut tasks = 0;
        for (_, text) in files {
            let toks = lex(text);
            let mut i = 0;
            while i < toks.len() {
                let kind = word(toks.get(i));
                let name = word(toks.get(i + 1));
                i += 2;
                match kind.as_str() {
                    "liaison" | "embedded" => referenced.push(name),
                    _ => defined.push(name),
                }
                tasks += usize::from(kind == "task");
                if toks.get(i) == Some(&Tok::Str) {
                    i += 1;
                }
                if toks.get(i) != Some(&Tok::Open) {
                    continue;
                }
                i += 1;
                while toks.get(i) != Some(&Tok::Close) {
                    let key = word(toks.get(i));
                    i += 1;
                    loop {
                        if let (true, Some(Tok::Word(w))) =
                            (REFERRING.contains(&key.as_str()), toks.get(i))
                        {
                            referenced.push(w.clone());
                        }
                        i += 1;
                        if toks.get(i) == Some(&Tok::Comma) {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                }
                i += 1;
            }
        }
        (defined, referenced, tasks)
    }

    #[test]
    fn same_seed_same_output() {
        let a = generate(&opts(3_000, 7, 42));
        let b = generate(&opts(3_000, 7, 42));
        assert_eq!(a, b);
        let c = generate(&opts(3_000, 7, 43));
        assert_ne!(a, c);
    }

    #[test]
    fn files_are_named_and_counted() {
        let files = generate(&opts(2_000, 12, 1));
        assert_eq!(files.len(), 12);
        assert_eq!(files[0].0, "org/part-000.plan");
        assert_eq!(files[11].0, "org/part-011.plan");
        let sizes: Vec<usize> = files.iter().map(|f| f.1.len()).collect();
        let max = *sizes.iter().max().unwrap();
        let min = *sizes.iter().min().unwrap();
        assert!(min * 2 > max, "uneven files: {sizes:?}");
        assert_eq!(generate(&opts(10, 0, 1)).len(), 1);
        assert_eq!(generate(&opts(0, 2, 1)).len(), 2);
    }

    #[test]
    fn size_is_roughly_proportional() {
        let small = total_len(&generate(&opts(2_000, 4, 5)));
        let large = total_len(&generate(&opts(8_000, 4, 5)));
        let ratio = large as f64 / small as f64;
        assert!((3.5..4.5).contains(&ratio), "ratio {ratio}");
        // About 100 bytes per task: 100,000 tasks make about 10 MB.
        let per_task = large / 8_000;
        assert!((80..130).contains(&per_task), "{per_task} bytes per task");
    }

    #[test]
    fn references_are_mostly_defined() {
        let files = generate(&opts(20_000, 10, 9));
        let (defined, referenced, tasks) = names(&files);
        assert!((20_000..20_100).contains(&tasks), "{tasks} tasks");
        let set: HashSet<&str> = defined.iter().map(String::as_str).collect();
        assert!(set.len() + 10 >= defined.len(), "too many duplicates");
        assert!(set.len() < defined.len(), "no duplicate at all");
        let missing = referenced
            .iter()
            .filter(|r| !set.contains(r.as_str()))
            .count();
        assert!(missing > 0, "no undefined reference at all");
        assert!(
            missing * 200 < referenced.len(),
            "{missing} of {} references undefined",
            referenced.len()
        );
        let people = files
            .iter()
            .map(|f| f.1.matches("\nperson ").count())
            .sum::<usize>();
        assert!((1_500..2_600).contains(&people), "{people} people");
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(date(today()), "2026-11-22");
        assert_eq!(date(first_day() + SPAN_DAYS), "2027-12-25");
    }
}
