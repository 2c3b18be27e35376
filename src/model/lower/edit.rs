//! Lowering again only the files an edit changed. When a changed file defines the same names
//! in the same items as before, every symbol keeps its number and every other file lowers as
//! it did, so the file's own entries are replaced in place and the facts derived again; the
//! lists the edit changed are reported, for the rules that read them.

use super::runs::{lower_items, Bases, Output, Sink};
use super::{kinds, meeting, NO_SYMBOL};
use crate::model::edit::{Facts, Shift};
use crate::model::spans::Lists;
use crate::model::*;
use std::ops::Range;

/// A changed file: its index, its text before, and where the old text's places are now.
pub(crate) struct ChangedFile<'w> {
    pub(crate) file: usize,
    pub(crate) before: &'w crate::workspace::PlanFile,
    pub(crate) shift: Shift,
}

/// What lowering changed files again changed.
pub(crate) struct Relowered {
    /// Which of the model's lists changed.
    pub(crate) facts: Facts,
    /// The tasks whose owner, dependencies or dates changed, and the tasks they depended on
    /// before when their dependencies changed (as indices in the model's tasks).
    pub(crate) tasks: Vec<u32>,
    /// The meetings whose scheduling changed (`Facts::MEETING_SCHEDULING`), as indices in
    /// the model's meetings.
    pub(crate) meetings: Vec<u32>,
}

/// Brings `m`, the model of the workspace before the `changed` files changed (with `by_file`,
/// its entries of each file, kept up to date too), up to date with `ws`, and returns which
/// lists changed; `None`, leaving both as they were, when a changed file does not define the
/// same names in the same items as before (then the whole model must be built again).
pub(crate) fn relower(
    m: &mut Model,
    ws: &Workspace,
    changed: &[ChangedFile],
    by_file: &mut [Entries],
) -> Option<Relowered> {
    if by_file.len() != ws.files.len() {
        return None;
    }
    for c in changed {
        if !same_definitions(&c.before.syntax, &ws.files[c.file].syntax) {
            return None;
        }
    }
    let mut facts = Facts::SYNTAX;
    let mut tasks = Vec::new();
    let mut meetings = Vec::new();
    // Last file first: replacing a file's entries moves those of the files after it only.
    let mut order: Vec<&ChangedFile> = changed.iter().collect();
    order.sort_by_key(|c| std::cmp::Reverse(c.file));
    for c in order {
        let file = FileId(c.file as u32);
        let part = &by_file[c.file];
        let before = FileEntries::take(m, file, part);
        relower_file(m, ws, file, part);
        facts.insert(before.changes(m, file, part, &c.shift, &mut tasks, &mut meetings));
        // The tasks whose items the edit touched (a rule may read an item's text).
        let (old, new) = (&c.before.syntax, &ws.files[c.file].syntax);
        for s in &m.symbols[part.symbols.clone()] {
            if s.kind == SymbolKind::Task && c.shift.touches_item(old, new, s.item.index as usize) {
                tasks.push(s.index);
            }
        }
        // The file's references, liaisons and embeds may be more or fewer now: its ranges and
        // those of the files after it move.
        let (references, liaisons, embeds) = (
            range_of(&m.references, file, |r| r.location.file).len(),
            range_of(&m.liaisons, file, |l| l.item.file).len(),
            range_of(&m.embeds, file, |e| e.item.file).len(),
        );
        let grow = |r: &Range<usize>, len: usize| len as isize - r.len() as isize;
        let part = &mut by_file[c.file];
        let delta = (
            grow(&part.references, references),
            grow(&part.liaisons, liaisons),
            grow(&part.embeds, embeds),
        );
        part.references.end = part.references.start + references;
        part.liaisons.end = part.liaisons.start + liaisons;
        part.embeds.end = part.embeds.start + embeds;
        let by = |r: &mut Range<usize>, d: isize| {
            *r = r.start.wrapping_add_signed(d)..r.end.wrapping_add_signed(d);
        };
        for later in &mut by_file[c.file + 1..] {
            by(&mut later.references, delta.0);
            by(&mut later.liaisons, delta.1);
            by(&mut later.embeds, delta.2);
        }
        facts.insert(
            c.shift
                .touched_items(&c.before.syntax, &ws.files[c.file].syntax),
        );
    }
    // Only the facts derived from what changed are derived again: the tasks' read their
    // owners and dependencies and who is in which team; the others read no task, and only the
    // seats at the changed files' meetings hold places in them, to move.
    if facts.intersects(Facts::ORG) || !move_seats(m, changed, by_file) {
        super::super::derive::derive(m, m.tasks.len() >= super::PARALLEL_ITEMS);
    } else {
        super::super::derive::derive_tasks(
            m,
            facts.intersects(Facts::TASK_OWNERS),
            facts.intersects(Facts::TASK_DEPENDENCIES),
        );
    }
    Some(Relowered {
        facts,
        tasks,
        meetings,
    })
}

/// Moves the places of the seats at the changed files' meetings (the `attendees` values that
/// brought them) with the text; false when some place is not certain (then the meetings'
/// facts are derived again).
fn move_seats(m: &mut Model, changed: &[ChangedFile], by_file: &[Entries]) -> bool {
    for c in changed {
        for seats in &mut m.attendance[by_file[c.file].meetings.clone()] {
            for seat in seats {
                if let Via::Listed(span) | Via::Team(_, span) = &mut seat.via {
                    match c.shift.span(*span) {
                        Some(to) => *span = to,
                        None => return false,
                    }
                }
            }
        }
    }
    true
}

/// Whether two syntax trees of a file have the same named items: the same kinds and names at
/// the same indices (then they define the same symbols, numbered the same).
pub(crate) fn same_definitions(old: &SourceFile, new: &SourceFile) -> bool {
    fn named(s: &SourceFile) -> impl Iterator<Item = (usize, crate::syntax::ItemKind, &str)> {
        s.items
            .iter()
            .enumerate()
            .filter_map(move |(i, it)| it.name.map(|n| (i, it.kind, n.text(s))))
    }
    old.items.len() == new.items.len() && named(old).eq(named(new))
}

/// Where a file's entries are in the lists [`Entries`] does not cover, which are in file
/// order too.
fn range_of<T>(list: &[T], file: FileId, file_of: impl Fn(&T) -> FileId) -> Range<usize> {
    let start = list.partition_point(|x| file_of(x) < file);
    let end = start + list[start..].partition_point(|x| file_of(x) <= file);
    start..end
}

/// Lowers the fields of `file` again into its slots, and replaces its other entries.
fn relower_file(m: &mut Model, ws: &Workspace, file: FileId, part: &Entries) {
    let syntax = &ws.file(file).syntax;
    // The symbols and duplicates of the file, with their names' new places; the items to lower
    // with their symbol's index.
    let duplicate_items: Vec<u32> = m.duplicates[part.duplicates.clone()]
        .iter()
        .map(|d| d.item.index)
        .collect();
    let mut symbols = part.symbols.clone();
    let mut duplicates = part.duplicates.clone();
    let mut live = Vec::new();
    for (index, item) in syntax.items.iter().enumerate() {
        let Some(name) = item.name else { continue };
        let item_ref = ItemRef {
            file,
            index: index as u32,
        };
        if !item.kind.defines_name() {
            live.push((item_ref, NO_SYMBOL));
        } else if duplicate_items.contains(&(index as u32)) {
            let d = duplicates.next().expect("the same duplicates");
            m.duplicates[d].location.span = name.span;
        } else {
            let s = &mut m.symbols[symbols.next().expect("the same symbols")];
            s.location.span = name.span;
            live.push((item_ref, s.index));
        }
    }

    // Lowering fills blank entries.
    for p in &mut m.people[part.people.clone()] {
        *p = kinds::blank_person(p.symbol);
    }
    for t in &mut m.teams[part.teams.clone()] {
        *t = kinds::blank_team(t.symbol);
    }
    for x in &mut m.meetings[part.meetings.clone()] {
        *x = meeting::blank_meeting(x.symbol);
    }
    for t in &mut m.tasks[part.tasks.clone()] {
        *t = kinds::blank_task(t.symbol);
    }
    for r in &mut m.rotations[part.rotations.clone()] {
        *r = kinds::blank_rotation(r.symbol);
    }
    for g in &mut m.groups[part.groups.clone()] {
        *g = kinds::blank_group(g.symbol);
    }
    let base = Bases {
        people: part.people.start,
        teams: part.teams.start,
        meetings: part.meetings.start,
        tasks: part.tasks.start,
        rotations: part.rotations.start,
        groups: part.groups.start,
    };
    let Model {
        symbols,
        by_name,
        people,
        teams,
        meetings,
        tasks,
        rotations,
        groups,
        ..
    } = m;
    let sink = Sink {
        symbols,
        base,
        people: &mut people[part.people.clone()],
        teams: &mut teams[part.teams.clone()],
        meetings: &mut meetings[part.meetings.clone()],
        tasks: &mut tasks[part.tasks.clone()],
        rotations: &mut rotations[part.rotations.clone()],
        groups: &mut groups[part.groups.clone()],
        out: Output::default(),
    };
    let mut out = lower_items(by_name, ws, sink, &live);
    let key = |r: &Reference| (r.location.file, r.location.span.start());
    if !out.references.is_sorted_by_key(key) {
        out.references.sort_by_key(key);
    }
    m.references.splice(part.references.clone(), out.references);
    let problems = range_of(&m.field_problems, file, |p| p.location.file);
    m.field_problems.splice(problems, out.field_problems);
    let allows = range_of(&m.allow_fields, file, |(item, _)| item.file);
    m.allow_fields.splice(allows, out.allow_fields);
    m.liaisons.splice(part.liaisons.clone(), out.liaisons);
    m.embeds.splice(part.embeds.clone(), out.embeds);
}

/// A file's entries as they were before it was lowered again, to tell which lists changed.
struct FileEntries {
    symbols: Vec<Symbol>,
    duplicates: Vec<Duplicate>,
    references: Vec<Reference>,
    field_problems: Vec<FieldProblem>,
    allow_fields: Vec<(ItemRef, u32)>,
    people: Vec<Person>,
    teams: Vec<Team>,
    meetings: Vec<Meeting>,
    tasks: Vec<Task>,
    liaisons: Vec<Liaison>,
    embeds: Vec<Embed>,
    rotations: Vec<Rotation>,
    groups: Vec<Group>,
}

impl FileEntries {
    fn take(m: &Model, file: FileId, part: &Entries) -> FileEntries {
        FileEntries {
            symbols: m.symbols[part.symbols.clone()].to_vec(),
            duplicates: m.duplicates[part.duplicates.clone()].to_vec(),
            references: m.references[part.references.clone()].to_vec(),
            field_problems: m.field_problems
                [range_of(&m.field_problems, file, |p| p.location.file)]
            .to_vec(),
            allow_fields: m.allow_fields[range_of(&m.allow_fields, file, |(item, _)| item.file)]
                .to_vec(),
            people: m.people[part.people.clone()].to_vec(),
            teams: m.teams[part.teams.clone()].to_vec(),
            meetings: m.meetings[part.meetings.clone()].to_vec(),
            tasks: m.tasks[part.tasks.clone()].to_vec(),
            liaisons: m.liaisons[part.liaisons.clone()].to_vec(),
            embeds: m.embeds[part.embeds.clone()].to_vec(),
            rotations: m.rotations[part.rotations.clone()].to_vec(),
            groups: m.groups[part.groups.clone()].to_vec(),
        }
    }

    /// The lists whose entries of `file` in `m` (lowered again; `part` was where they were
    /// and still is for the kinds' slots) differ from these, once these are moved by `shift`.
    /// An entry with a place the change touched counts as changed. Adds to `tasks` the tasks
    /// that changed, and those the ones whose dependencies changed depended on.
    fn changes(
        mut self,
        m: &Model,
        file: FileId,
        part: &Entries,
        shift: &Shift,
        tasks: &mut Vec<u32>,
        meetings: &mut Vec<u32>,
    ) -> Facts {
        // Move every place of the old entries; an entry with a place the change touched is
        // made to differ by a place no entry has.
        let mut move_span = |_: FileId, span: &mut Span| {
            *span = shift.span(*span).unwrap_or(Span::at(usize::MAX >> 1));
        };
        for s in &mut self.symbols {
            move_span(file, &mut s.location.span);
        }
        for d in &mut self.duplicates {
            move_span(file, &mut d.location.span);
        }
        for r in &mut self.references {
            move_span(file, &mut r.location.span);
        }
        for p in &mut self.field_problems {
            move_span(file, &mut p.location.span);
            if let Some((l, _)) = &mut p.label {
                move_span(file, &mut l.span);
            }
        }
        Lists {
            people: &mut self.people,
            teams: &mut self.teams,
            meetings: &mut self.meetings,
            attendance: None,
            tasks: &mut self.tasks,
            liaisons: &mut self.liaisons,
            embeds: &mut self.embeds,
            rotations: &mut self.rotations,
            groups: &mut self.groups,
        }
        .visit(&|_| file, &mut move_span);

        let mut facts = Facts::NONE;
        let mut differ = |same: bool, what: Facts| {
            if !same {
                facts.insert(what);
            }
        };
        let new_references = range_of(&m.references, file, |r| r.location.file);
        differ(
            self.symbols == m.symbols[part.symbols.clone()]
                && self.duplicates == m.duplicates[part.duplicates.clone()],
            Facts::DUPLICATES,
        );
        differ(
            self.references == m.references[new_references],
            Facts::REFERENCES,
        );
        differ(
            self.field_problems
                == m.field_problems[range_of(&m.field_problems, file, |p| p.location.file)]
                && self.allow_fields
                    == m.allow_fields[range_of(&m.allow_fields, file, |(item, _)| item.file)],
            Facts::FIELD_PROBLEMS,
        );
        differ(self.people == m.people[part.people.clone()], Facts::PEOPLE);
        differ(self.teams == m.teams[part.teams.clone()], Facts::TEAMS);
        for (k, (old, new)) in self
            .meetings
            .iter()
            .zip(&m.meetings[part.meetings.clone()])
            .enumerate()
        {
            let scheduling = (old.owner, old.schedule_broken) == (new.owner, new.schedule_broken);
            differ(scheduling, Facts::MEETING_SCHEDULING);
            if !scheduling {
                meetings.push((part.meetings.start + k) as u32);
            }
            let without_scheduling = |x: &Meeting| Meeting {
                owner: None,
                schedule_broken: false,
                ..x.clone()
            };
            differ(
                without_scheduling(old) == without_scheduling(new),
                Facts::MEETINGS,
            );
        }
        for (k, (old, new)) in self
            .tasks
            .iter()
            .zip(&m.tasks[part.tasks.clone()])
            .enumerate()
        {
            let owner = old.owner == new.owner;
            let dependencies = old.depends_on == new.depends_on;
            let dates = (old.start, old.due, old.status) == (new.start, new.due, new.status);
            differ(owner, Facts::TASK_OWNERS);
            differ(dependencies, Facts::TASK_DEPENDENCIES);
            differ(dates, Facts::TASK_DATES);
            if !(owner && dependencies && dates) {
                tasks.push((part.tasks.start + k) as u32);
            }
            if !dependencies {
                tasks.extend(old.depends_on.iter().map(|d| d.id.0));
            }
        }
        let liaisons = range_of(&m.liaisons, file, |l| l.item.file);
        differ(self.liaisons == m.liaisons[liaisons], Facts::LIAISONS);
        let embeds = range_of(&m.embeds, file, |e| e.item.file);
        differ(self.embeds == m.embeds[embeds], Facts::EMBEDS);
        differ(
            self.rotations == m.rotations[part.rotations.clone()],
            Facts::ROTATIONS,
        );
        differ(self.groups == m.groups[part.groups.clone()], Facts::GROUPS);
        facts
    }
}
