//! Lowering fields in runs of files: a run owns the slots of its own symbols in each kind's
//! vector and writes the rest to its own [`Output`], appended in file order afterwards, so two
//! runs on two threads build the model one run builds.

use super::Lowerer;
use crate::model::*;
use crate::syntax::ItemKind;

/// From this many items, fields are lowered on two threads.
pub(super) const PARALLEL_ITEMS: usize = 20_000;

/// How many symbols of each kind come before a run of files: where its slots start.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Bases {
    pub(super) people: usize,
    pub(super) teams: usize,
    pub(super) meetings: usize,
    pub(super) tasks: usize,
    pub(super) rotations: usize,
    pub(super) groups: usize,
}

impl Bases {
    /// The bases after `counts[kind as usize]` symbols of each kind.
    pub(super) fn from_counts(counts: [u32; 6]) -> Bases {
        let at = |kind: SymbolKind| counts[kind as usize] as usize;
        Bases {
            people: at(SymbolKind::Person),
            teams: at(SymbolKind::Team),
            meetings: at(SymbolKind::Meeting),
            tasks: at(SymbolKind::Task),
            rotations: at(SymbolKind::Rotation),
            groups: at(SymbolKind::CentralizedLiaison),
        }
    }

    pub(super) fn of(m: &Model) -> Bases {
        Bases {
            people: m.people.len(),
            teams: m.teams.len(),
            meetings: m.meetings.len(),
            tasks: m.tasks.len(),
            rotations: m.rotations.len(),
            groups: m.groups.len(),
        }
    }
}

/// What lowering a run of files adds to the model besides its symbols' slots; runs are
/// appended in file order.
#[derive(Default)]
pub(super) struct Output {
    pub(super) references: Vec<Reference>,
    pub(super) field_problems: Vec<FieldProblem>,
    pub(super) allow_fields: Vec<(ItemRef, u32)>,
    pub(super) liaisons: Vec<Liaison>,
    pub(super) embeds: Vec<Embed>,
}

/// Where lowering a run of files writes: the slots of its symbols in each kind's vector (the
/// run's first symbol of a kind is at `base`), and its [`Output`].
pub(super) struct Sink<'s> {
    pub(super) symbols: &'s [Symbol],
    pub(super) base: Bases,
    pub(super) people: &'s mut [Person],
    pub(super) teams: &'s mut [Team],
    pub(super) meetings: &'s mut [Meeting],
    pub(super) tasks: &'s mut [Task],
    pub(super) rotations: &'s mut [Rotation],
    pub(super) groups: &'s mut [Group],
    pub(super) out: Output,
}

impl Sink<'_> {
    pub(super) fn symbol(&self, id: SymbolId) -> &Symbol {
        &self.symbols[id.index()]
    }

    /// The symbol of this run's item of `kind` (one that defines a name) at `index` of its
    /// kind's vector.
    pub(super) fn symbol_at(&self, kind: ItemKind, index: u32) -> SymbolId {
        let i = index as usize;
        match kind {
            ItemKind::Person => self.people[i - self.base.people].symbol,
            ItemKind::Team => self.teams[i - self.base.teams].symbol,
            ItemKind::Meeting => self.meetings[i - self.base.meetings].symbol,
            ItemKind::Task => self.tasks[i - self.base.tasks].symbol,
            ItemKind::Rotation => self.rotations[i - self.base.rotations].symbol,
            ItemKind::CentralizedLiaison => self.groups[i - self.base.groups].symbol,
            ItemKind::Liaison | ItemKind::Embedded => unreachable!("defines no name"),
        }
    }
}

/// Lowers the fields of the `live` items (with their symbol's index), in `runs` runs of
/// files of about the same number of items, each on its own thread.
pub(super) fn lower_fields(
    m: &mut Model,
    ws: &Workspace,
    live: &[(ItemRef, u32)],
    file_bases: &[Bases],
    runs: usize,
) {
    // The first file of the second run: where half the items are lowered.
    let split_file = if runs < 2 || live.is_empty() {
        ws.files.len()
    } else {
        let half = live[live.len() / 2].0.file.index();
        half.max(1)
    };
    let split_item = live.partition_point(|(r, _)| r.file.index() < split_file);
    let (first, second) = live.split_at(split_item);
    let base = file_bases
        .get(split_file)
        .copied()
        .unwrap_or_else(|| Bases::of(m));
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
    let (people_1, people_2) = people.split_at_mut(base.people);
    let (teams_1, teams_2) = teams.split_at_mut(base.teams);
    let (meetings_1, meetings_2) = meetings.split_at_mut(base.meetings);
    let (tasks_1, tasks_2) = tasks.split_at_mut(base.tasks);
    let (rotations_1, rotations_2) = rotations.split_at_mut(base.rotations);
    let (groups_1, groups_2) = groups.split_at_mut(base.groups);
    let sink_1 = Sink {
        symbols,
        base: Bases::default(),
        people: people_1,
        teams: teams_1,
        meetings: meetings_1,
        tasks: tasks_1,
        rotations: rotations_1,
        groups: groups_1,
        out: Output::default(),
    };
    let sink_2 = Sink {
        symbols,
        base,
        people: people_2,
        teams: teams_2,
        meetings: meetings_2,
        tasks: tasks_2,
        rotations: rotations_2,
        groups: groups_2,
        out: Output::default(),
    };
    // A reference is at most one per value (plus a liaison's name): reserving that many up
    // front keeps the largest vector of the model from doubling as it grows.
    let most_references = |items: &[(ItemRef, u32)]| -> usize {
        items
            .iter()
            .map(|(r, _)| {
                let syntax = &ws.file(r.file).syntax;
                let item = &syntax.items[r.index as usize];
                1 + item
                    .fields(syntax)
                    .iter()
                    .map(|f| f.value_count())
                    .sum::<usize>()
            })
            .sum()
    };
    let run = |items: &[(ItemRef, u32)], mut sink: Sink, reserve: usize| -> Output {
        sink.out.references.reserve_exact(reserve);
        lower_items(by_name, ws, sink, items)
    };
    let (out_1, out_2) = if second.is_empty() {
        (
            run(first, sink_1, most_references(first)),
            Output::default(),
        )
    } else {
        std::thread::scope(|scope| {
            // Each run counts its own items (at the same time); the first run's vector, which
            // the second's is appended to, has room for both.
            let (count_2, counted_2) = std::sync::mpsc::sync_channel(1);
            let handle = scope.spawn(move || {
                let reserve = most_references(second);
                let _ = count_2.send(reserve);
                run(second, sink_2, reserve)
            });
            let own = most_references(first);
            // Counted before the run starts, so this only waits for the count (a thread that
            // died before sending shows up in `join` below).
            let total = own + counted_2.recv().unwrap_or(0);
            let out_1 = run(first, sink_1, total);
            let out_2 = handle
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (out_1, out_2)
        })
    };
    for out in [out_1, out_2] {
        if m.references.is_empty() {
            m.references = out.references;
        } else {
            m.references.extend(out.references);
        }
        m.field_problems.extend(out.field_problems);
        m.allow_fields.extend(out.allow_fields);
        m.liaisons.extend(out.liaisons);
        m.embeds.extend(out.embeds);
    }
}

/// Lowers the fields of `items` (each with its symbol's index) into `sink`, and gives what
/// they add to the model besides their slots.
pub(super) fn lower_items(
    names: &names::NameTable,
    ws: &Workspace,
    sink: Sink,
    items: &[(ItemRef, u32)],
) -> Output {
    let mut lowerer = Lowerer {
        names,
        recent: Default::default(),
        ws,
        sink,
        seen: Vec::new(),
        fields: Vec::new(),
        checked: Vec::new(),
    };
    for &(item_ref, index) in items {
        lowerer.item(item_ref, index);
    }
    lowerer.sink.out
}
