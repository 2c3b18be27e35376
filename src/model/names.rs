//! The name table: every defined name to its symbol, through a hash table of symbol ids whose
//! names live in the symbols themselves, so a name is stored once and the table stays small.

use super::fxhash::FxHasher;
use super::{Symbol, SymbolId};
use std::hash::Hasher;

#[derive(Debug, Default, Clone)]
pub struct NameTable {
    table: hashbrown::HashTable<SymbolId>,
}

fn hash(name: &str) -> u64 {
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
        self.table
            .find(hash(name), |&id| symbols[id.index()].name == name)
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
