//! The name table: every defined name to its symbol, through a hash table of symbol ids whose
//! names live in the symbols themselves, so a name is stored once and the table stays small.
//! It is two tables, each for the names whose hash has one value of one bit, so that two
//! threads can fill it at once (`lower/definitions.rs`).

use super::fxhash::FxHasher;
use super::{Symbol, SymbolId};
use std::hash::Hasher;

#[derive(Debug, Default, Clone)]
pub struct NameTable {
    /// Symbol ids, filed by the hash of their names; `shards[shard_of(hash)]`.
    shards: [hashbrown::HashTable<u32>; 2],
}

/// The hash the table files `name` under (also the key of [`RecentNames`]).
pub fn hash(name: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(name.as_bytes());
    h.finish()
}

/// The shard of the table a name's hash files it in: a bit just below the ones hashbrown
/// keeps as a tag, and above the ones it indexes with.
pub fn shard_of(hash: u64) -> usize {
    (hash >> 56) as usize & 1
}

impl NameTable {
    /// The table of two shards, each holding the symbol ids of the names whose hash has
    /// [`shard_of`] equal to its index.
    pub fn from_shards(shards: [hashbrown::HashTable<u32>; 2]) -> NameTable {
        NameTable { shards }
    }

    /// The symbol named `name`, among `symbols` (the ones this table was filled from).
    pub fn get(&self, symbols: &[Symbol], name: &str) -> Option<SymbolId> {
        self.get_hashed(symbols, name, hash(name))
    }

    /// [`NameTable::get`], with `name`'s [`hash`] already computed.
    #[inline]
    pub fn get_hashed(&self, symbols: &[Symbol], name: &str, hash: u64) -> Option<SymbolId> {
        self.shards[shard_of(hash)]
            .find(hash, |&id| symbols[id as usize].name == name)
            .map(|&id| SymbolId(id))
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
