//! Pass 1 of lowering: every definition, in path order (a later definition of a name is a
//! duplicate), numbered by kind in file order. On a large plan the named items are collected
//! in two halves of the files, and the names claimed in two shards of the name table, at once.

use super::runs::Bases;
use super::{kinds, meeting, NO_SYMBOL};
use crate::model::names::{self, shard_of, NameTable};
use crate::model::*;
use hashbrown::hash_table::{Entry, HashTable};

/// An item with a name: what the table needs to claim it without reading the tree again.
#[derive(Clone, Copy)]
struct Named {
    hash: u64,
    file: u32,
    item: u32,
    name: Span,
    /// `None` for an item whose name defines nothing (a `liaison`'s person).
    kind: Option<SymbolKind>,
}

/// The named items of two runs of files, in path order (the first run's, then the second's).
struct AllNamed {
    first: Vec<Named>,
    second: Vec<Named>,
}

impl AllNamed {
    fn len(&self) -> usize {
        self.first.len() + self.second.len()
    }
    fn at(&self, i: u32) -> &Named {
        let i = i as usize;
        match i.checked_sub(self.first.len()) {
            None => &self.first[i],
            Some(j) => &self.second[j],
        }
    }
    fn iter(&self) -> impl Iterator<Item = &Named> {
        self.first.iter().chain(&self.second)
    }
}

/// What pass 1 gives the rest of lowering: the items to lower with their symbol's index in
/// its kind's vector (`NO_SYMBOL` for an item that defines no name), and where each file's
/// symbols of each kind start.
pub(super) struct Definitions {
    pub(super) live: Vec<(ItemRef, u32)>,
    pub(super) file_bases: Vec<Bases>,
}

/// Fills `m`'s symbols, each kind's vector (with blank entries for pass 2 to fill), its name
/// table and its duplicates; on two threads when `parallel`.
pub(super) fn collect(m: &mut Model, ws: &Workspace, parallel: bool) -> Definitions {
    let items: usize = ws.files.iter().map(|f| f.syntax.items.len()).sum();
    // Named items, in two runs of files of about the same number of items.
    let split = if parallel {
        let mut seen = 0;
        ws.files
            .iter()
            .position(|f| {
                seen += f.syntax.items.len();
                seen * 2 >= items
            })
            .map_or(ws.files.len(), |i| i + 1)
    } else {
        ws.files.len()
    };
    let named = if parallel {
        std::thread::scope(|scope| {
            let second = scope.spawn(|| named_items(ws, split..ws.files.len()));
            let first = named_items(ws, 0..split);
            AllNamed {
                first,
                second: second
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            }
        })
    } else {
        AllNamed {
            first: named_items(ws, 0..ws.files.len()),
            second: Vec::new(),
        }
    };

    // Each shard keeps the first item to claim each of its names; the later ones are
    // duplicates, listed as (duplicate, first) in path order.
    let claim = |shard: usize| {
        let text = |n: &Named| &ws.files[n.file as usize].text[n.name.range()];
        // Half the names, and room for the shards' difference in size (a few hundred at a
        // million names), so the table never grows by rehashing.
        let mut table: HashTable<u32> =
            HashTable::with_capacity(named.len() / 2 + named.len() / 64 + 64);
        let mut duplicates = Vec::new();
        for (i, n) in named.iter().enumerate() {
            if n.kind.is_none() || shard_of(n.hash) != shard {
                continue;
            }
            let name = text(n);
            match table.entry(
                n.hash,
                |&c| text(named.at(c)) == name,
                |&c| named.at(c).hash,
            ) {
                Entry::Occupied(first) => duplicates.push((i as u32, *first.get())),
                Entry::Vacant(slot) => {
                    slot.insert(i as u32);
                }
            }
        }
        (table, duplicates)
    };
    let [(mut table_0, dups_0), (mut table_1, dups_1)] = if parallel {
        std::thread::scope(|scope| {
            let one = scope.spawn(|| claim(1));
            let zero = claim(0);
            [
                zero,
                one.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            ]
        })
    } else {
        [claim(0), claim(1)]
    };
    let mut duplicates: Vec<(u32, u32)> = dups_0.into_iter().chain(dups_1).collect();
    duplicates.sort_unstable();

    // Numbering, in path order: each kind's symbols in file order.
    let mut counts = [0usize; 6];
    for n in named.iter() {
        if let Some(kind) = n.kind {
            counts[kind as usize] += 1;
        }
    }
    // The symbol of each named item that claimed its name (read for the duplicates and the
    // table).
    let mut symbol_of = vec![u32::MAX; named.len()];
    // Each symbol's named item and index in its kind's vector, in symbol order.
    let mut order: Vec<(u32, u32)> = Vec::with_capacity(counts.iter().sum());
    let mut next = [0u32; 6];
    let mut live = Vec::with_capacity(named.len());
    let mut file_bases = Vec::with_capacity(ws.files.len());
    let mut next_duplicate = duplicates.iter().peekable();
    let mut all = named.iter().enumerate().peekable();
    for file in ws.file_ids() {
        file_bases.push(Bases::from_counts(next));
        while let Some((i, n)) = all.next_if(|(_, n)| n.file == file.0) {
            let item = ItemRef {
                file,
                index: n.item,
            };
            let Some(kind) = n.kind else {
                live.push((item, NO_SYMBOL));
                continue;
            };
            if let Some(&(_, first)) = next_duplicate.next_if(|(d, _)| *d as usize == i) {
                m.duplicates.push(Duplicate {
                    first: SymbolId(symbol_of[first as usize]),
                    location: Location::new(file, n.name),
                    item,
                });
                continue;
            }
            symbol_of[i] = order.len() as u32;
            let index = next[kind as usize];
            next[kind as usize] += 1;
            order.push((i as u32, index));
            live.push((item, index));
        }
    }

    // The symbols on one thread, each kind's blank entries on another.
    let symbols = |m_symbols: &mut Vec<Symbol>| {
        m_symbols.reserve_exact(order.len());
        // Only items that define a name are numbered: none is skipped.
        m_symbols.extend(order.iter().filter_map(|&(i, index)| {
            let n = named.at(i);
            let file = FileId(n.file);
            Some(Symbol {
                name: ws.files[file.index()].text[n.name.range()].into(),
                kind: n.kind?,
                location: Location::new(file, n.name),
                item: ItemRef {
                    file,
                    index: n.item,
                },
                index,
            })
        }));
    };
    let blanks = |to: Kinds| {
        let count = |kind: SymbolKind| next[kind as usize] as usize;
        to.people.reserve_exact(count(SymbolKind::Person));
        to.teams.reserve_exact(count(SymbolKind::Team));
        to.meetings.reserve_exact(count(SymbolKind::Meeting));
        to.tasks.reserve_exact(count(SymbolKind::Task));
        to.rotations.reserve_exact(count(SymbolKind::Rotation));
        to.groups
            .reserve_exact(count(SymbolKind::CentralizedLiaison));
        for (id, &(i, _)) in order.iter().enumerate() {
            let id = SymbolId(id as u32);
            match named.at(i).kind {
                Some(SymbolKind::Person) => to.people.push(kinds::blank_person(id)),
                Some(SymbolKind::Team) => to.teams.push(kinds::blank_team(id)),
                Some(SymbolKind::Meeting) => to.meetings.push(meeting::blank_meeting(id)),
                Some(SymbolKind::Task) => to.tasks.push(kinds::blank_task(id)),
                Some(SymbolKind::Rotation) => to.rotations.push(kinds::blank_rotation(id)),
                Some(SymbolKind::CentralizedLiaison) => to.groups.push(kinds::blank_group(id)),
                None => {}
            }
        }
    };
    let kinds = Kinds {
        people: &mut m.people,
        teams: &mut m.teams,
        meetings: &mut m.meetings,
        tasks: &mut m.tasks,
        rotations: &mut m.rotations,
        groups: &mut m.groups,
    };
    let m_symbols = &mut m.symbols;
    if parallel {
        std::thread::scope(|scope| {
            let other = scope.spawn(|| blanks(kinds));
            symbols(m_symbols);
            other
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
        });
    } else {
        symbols(m_symbols);
        blanks(kinds);
    }
    // The tables filed named items; the model's files symbols.
    for table in [&mut table_0, &mut table_1] {
        for entry in table.iter_mut() {
            *entry = symbol_of[*entry as usize];
        }
    }
    m.by_name = NameTable::from_shards([table_0, table_1]);
    Definitions { live, file_bases }
}

/// Each kind's vector of the model, to fill with blank entries.
struct Kinds<'m> {
    people: &'m mut Vec<Person>,
    teams: &'m mut Vec<Team>,
    meetings: &'m mut Vec<Meeting>,
    tasks: &'m mut Vec<Task>,
    rotations: &'m mut Vec<Rotation>,
    groups: &'m mut Vec<Group>,
}

/// The named items of files `files`, in order.
fn named_items(ws: &Workspace, files: std::ops::Range<usize>) -> Vec<Named> {
    let count = ws.files[files.clone()]
        .iter()
        .map(|f| f.syntax.items.len())
        .sum();
    let mut named = Vec::with_capacity(count);
    for f in files {
        let syntax = &ws.files[f].syntax;
        for (index, item) in syntax.items.iter().enumerate() {
            // An item without a name has a syntax error saying so.
            let Some(name) = item.name else { continue };
            named.push(Named {
                hash: names::hash(name.text(syntax)),
                file: f as u32,
                item: index as u32,
                name: name.span,
                kind: SymbolKind::of_item(item.kind),
            });
        }
    }
    named
}
