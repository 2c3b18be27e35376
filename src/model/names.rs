//! The name table: every defined name to its symbol, through a hash table of symbol ids whose
//! names live in the symbols themselves, so a name is stored once and the table stays small.

use super::fxhash::FxHasher;
use super::{Symbol, SymbolId};
use std::hash::Hasher;

#[derive(Debug, Default, Clone)]
pub struct NameTable {
    table: hashbrown::HashTable<SymbolId>,
}

/// The hash the table files `name` under (also the key of [`RecentNames`]).
pub fn hash(name: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(name.as_bytes());
    h.finish()
}

impl NameTable {
    pub fn with_capacity(n: usize) -> NameTable {
        NameTable {
            table: hashbrown::HashTable::with_capacity(n),
        }
    }

    /// The symbol named `name`, among `symbols` (the ones this table was filled from).
    pub fn get(&self, symbols: &[Symbol], name: &str) -> Option<SymbolId> {
        self.get_hashed(symbols, name, hash(name))
    }

    /// [`NameTable::get`], with `name`'s [`hash`] already computed.
    #[inline]
    pub fn get_hashed(&self, symbols: &[Symbol], name: &str, hash: u64) -> Option<SymbolId> {
        self.table
            .find(hash, |&id| symbols[id.index()].name == name)
            .copied()
    }

    /// Records `id` for `name` unless the name is taken: then returns the symbol that has it.
    /// `symbols` holds every symbol recorded so far (`id`'s own may follow).
    pub fn insert(&mut self, symbols: &[Symbol], name: &str, id: SymbolId) -> Result<(), SymbolId> {
        let rehash = |&s: &SymbolId| hash(&symbols[s.index()].name);
        match self
            .table
            .entry(hash(name), |&s| symbols[s.index()].name == name, rehash)
        {
            hashbrown::hash_table::Entry::Occupied(first) => Err(*first.get()),
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(id);
                Ok(())
            }
        }
    }
}

/// How many names a [`RecentNames`] remembers (a power of two; 8 KB, so it stays in the
/// fastest cache).
const RECENT: usize = 1024;

/// The names looked up (or defined) lately, each in the slot its hash picks: a file mostly
/// refers to the same few people and teams and to tasks defined a few lines before, and
/// finding them here saves the name table's cache misses on a large plan.
pub struct RecentNames {
    /// The high half of the name's hash, and its symbol (`u32::MAX` for an empty slot).
    slots: Box<[(u32, u32)]>,
}

impl Default for RecentNames {
    fn default() -> Self {
        RecentNames {
            slots: vec![(0, u32::MAX); RECENT].into_boxed_slice(),
        }
    }
}

impl RecentNames {
    /// The symbol named `name`: from the recent names, else from `table` (then remembered).
    #[inline]
    pub fn get(&mut self, table: &NameTable, symbols: &[Symbol], name: &str) -> Option<SymbolId> {
        let h = hash(name);
        let slot = &mut self.slots[h as usize & (RECENT - 1)];
        if slot.0 == (h >> 32) as u32 && slot.1 != u32::MAX {
            let id = SymbolId(slot.1);
            if symbols[id.index()].name == name {
                return Some(id);
            }
        }
        let found = table.get_hashed(symbols, name, h);
        if let Some(id) = found {
            *slot = ((h >> 32) as u32, id.0);
        }
        found
    }

    /// Remembers that `name` is `id`'s (a definition, which references nearby often name).
    #[inline]
    pub fn remember(&mut self, name: &str, id: SymbolId) {
        let h = hash(name);
        self.slots[h as usize & (RECENT - 1)] = ((h >> 32) as u32, id.0);
    }
}
