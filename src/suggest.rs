//! "Did you mean" suggestions: the closest name by edit distance, with an index for large sets.

use std::collections::HashMap;

/// The largest edit distance worth suggesting for a word of this length.
fn threshold(len: usize) -> usize {
    match len {
        0..=3 => 1,
        4..=8 => 2,
        _ => 3,
    }
}

/// The candidate closest to `word`, if any is close enough. Linear in the candidates.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let max = threshold(word.chars().count());
    candidates
        .filter(|c| *c != word)
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, _)| *d <= max)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// An index for many look-ups over many names: candidates are gathered through shared
/// one-deletion variants (SymSpell), so a look-up touches a handful of names, not all of them.
/// It finds every name within one edit and most within two.
pub struct NameIndex<'a> {
    names: Vec<&'a str>,
    variants: HashMap<u64, Vec<u32>>,
}

fn hash(s: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(s)
}

fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    std::iter::once(word.to_string()).chain(chars.into_iter().map(move |(i, c)| {
        let mut s = String::with_capacity(word.len());
        s.push_str(&word[..i]);
        s.push_str(&word[i + c.len_utf8()..]);
        s
    }))
}

impl<'a> NameIndex<'a> {
    pub fn new(names: impl Iterator<Item = &'a str>) -> NameIndex<'a> {
        let names: Vec<&str> = names.collect();
        let mut variants: HashMap<u64, Vec<u32>> = HashMap::with_capacity(names.len() * 8);
        for (i, n) in names.iter().enumerate() {
            for v in deletions(n) {
                let e = variants.entry(hash(&v)).or_default();
                if e.last() != Some(&(i as u32)) {
                    e.push(i as u32);
                }
            }
        }
        NameIndex { names, variants }
    }

    pub fn closest(&self, word: &str) -> Option<&'a str> {
        let mut seen: Vec<u32> = Vec::new();
        for v in deletions(word) {
            if let Some(ids) = self.variants.get(&hash(&v)) {
                seen.extend(ids.iter().take(64));
            }
        }
        seen.sort_unstable();
        seen.dedup();
        closest(word, seen.into_iter().map(|i| self.names[i as usize]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_near_misses_only() {
        let names = ["alice", "bob", "platform", "marketing"];
        assert_eq!(closest("alcie", names.into_iter()), Some("alice"));
        assert_eq!(closest("platfrom", names.into_iter()), Some("platform"));
        assert_eq!(closest("zed", names.into_iter()), None);
        let index = NameIndex::new(names.into_iter());
        assert_eq!(index.closest("alcie"), Some("alice"));
        assert_eq!(index.closest("platfor"), Some("platform"));
        assert_eq!(index.closest("markting"), Some("marketing"));
        assert_eq!(index.closest("zed"), None);
    }
}
