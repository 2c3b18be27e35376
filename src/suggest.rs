//! "Did you mean" suggestions: the closest name by edit distance, fast for many names.

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
    let a: Vec<char> = word.chars().collect();
    let max = threshold(a.len());
    let mut b = Vec::new();
    let mut rows = Vec::new();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let limit = best.map_or(max, |(d, _)| d);
        // Too long or too short to be close: skipped before its characters are collected.
        if c.chars().count().abs_diff(a.len()) > limit {
            continue;
        }
        b.clear();
        b.extend(c.chars());
        if let Some(d) = bounded_osa_with(&a, &b, limit, &mut rows) {
            if best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
                best = Some((d, c));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// The optimal-string-alignment distance (edits: insert, delete, substitute, swap two
/// neighbours) between `a` and `b` if it is at most `max`, else `None`. Only cells within
/// `max` of the diagonal are computed, and it stops as soon as a row exceeds `max`.
#[cfg(test)]
pub fn bounded_osa(a: &[char], b: &[char], max: usize) -> Option<usize> {
    bounded_osa_with(a, b, max, &mut Vec::new())
}

/// [`bounded_osa`] with a scratch buffer, so that scanning many candidates allocates once.
fn bounded_osa_with(a: &[char], b: &[char], max: usize, rows: &mut Vec<usize>) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let (n, m) = (a.len(), b.len());
    const INF: usize = usize::MAX / 2;
    let width = m + 1;
    // Three rolling rows (i-2, i-1, i); cells outside the band stay INF.
    rows.clear();
    rows.resize(3 * width, INF);
    for (j, cell) in rows[..width].iter_mut().enumerate().take(max.min(m) + 1) {
        *cell = j;
    }
    for i in 1..=n {
        let (cur, prev, prev2) = (i % 3 * width, (i + 2) % 3 * width, (i + 1) % 3 * width);
        let lo = i.saturating_sub(max);
        let hi = (i + max).min(m);
        // Reset the cells this row inherits from three rows ago that fall outside the band.
        if lo > 0 {
            rows[cur + lo - 1] = INF;
        }
        if hi < m {
            rows[cur + hi + 1] = INF;
        }
        let mut row_min = INF;
        for j in lo..=hi {
            let v = if j == 0 {
                i
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (rows[prev + j - 1] + cost)
                    .min(rows[prev + j] + 1)
                    .min(rows[cur + j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(rows[prev2 + j - 2] + 1);
                }
                v
            };
            rows[cur + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
    }
    let d = rows[(n % 3) * width + m];
    (d <= max).then_some(d)
}

/// How often each character occurs, folded into 32 buckets. One edit (insertion, deletion,
/// substitution or transposition) changes the histograms' L1 distance by at most 2, so words
/// whose histograms are more than `2 × d` apart are more than `d` edits apart. (A bucket
/// stops counting at 255, which can only make two histograms look closer.)
fn histogram(word: &str) -> [u8; 32] {
    let mut h = [0u8; 32];
    for c in word.chars() {
        let b = &mut h[(c as u32 % 32) as usize];
        *b = b.saturating_add(1);
    }
    h
}

/// [`histogram`] of an ASCII word, from its bytes.
fn histogram_ascii(word: &[u8]) -> [u8; 32] {
    let mut h = [0u8; 32];
    for &c in word {
        let b = &mut h[(c % 32) as usize];
        *b = b.saturating_add(1);
    }
    h
}

fn histogram_distance(a: &[u8; 32], b: &[u8; 32]) -> u32 {
    a.iter().zip(b).map(|(x, y)| x.abs_diff(*y) as u32).sum()
}

/// Names prepared for many look-ups: each look-up runs the exact distance only on names that
/// pass two cheap bounds (length and character histogram).
#[cfg(test)]
pub struct NameSet<'a> {
    names: Vec<(&'a str, u32, [u8; 32])>,
}

#[cfg(test)]
impl<'a> NameSet<'a> {
    pub fn new(names: impl Iterator<Item = &'a str>) -> NameSet<'a> {
        NameSet {
            names: names
                .map(|n| (n, n.chars().count() as u32, histogram(n)))
                .collect(),
        }
    }

    pub fn closest(&self, word: &str) -> Option<&'a str> {
        let len = word.chars().count() as u32;
        let max = threshold(len as usize) as u32;
        let hist = histogram(word);
        closest(
            word,
            self.names
                .iter()
                .filter(|(_, l, h)| {
                    l.abs_diff(len) <= max && histogram_distance(h, &hist) <= 2 * max
                })
                .map(|(n, _, _)| *n),
        )
    }
}

/// The closest name to each of a few `words` among `names`: for each word the answer
/// [`closest`] gives over all the names (the nearest, and of those the first in byte order),
/// found in one pass over the names with nothing sorted or indexed. For a handful of words
/// (a name being typed in the editor) that is cheaper than preparing [`SortedNames`], which
/// sorts every name; its cost grows with names × words, so it is not for many words.
///
/// A name is compared exactly with a word only when two cheap bounds say it can be as close
/// as the best found so far: the difference of their lengths, and half the distance of
/// their character histograms. Most names of a large plan fail the bounds.
pub fn closest_among_few<'a>(
    names: impl Iterator<Item = &'a str>,
    words: &[&str],
) -> Vec<Option<&'a str>> {
    struct Word<'w, 'a> {
        text: &'w str,
        chars: Vec<char>,
        histogram: [u8; 32],
        /// The nearest name so far and its distance.
        best: Option<(usize, &'a str)>,
        /// The largest distance worth suggesting, then the best distance so far (a name
        /// as close as the best may still win a tie).
        limit: usize,
    }
    let mut words: Vec<Word> = words
        .iter()
        .map(|&text| {
            let chars: Vec<char> = text.chars().collect();
            Word {
                text,
                histogram: histogram(text),
                limit: threshold(chars.len()),
                chars,
                best: None,
            }
        })
        .collect();
    let mut name_chars = Vec::new();
    let mut rows = Vec::new();
    for name in names {
        // A name of `b` bytes has between `b / 4` and `b` characters: most names are ruled
        // out by their length before their characters are read.
        let bytes = name.len();
        let fits = |w: &Word| {
            bytes + w.limit >= w.chars.len() && bytes.div_ceil(4) <= w.chars.len() + w.limit
        };
        if !words.iter().any(fits) {
            continue;
        }
        let (name_histogram, name_len) = if name.is_ascii() {
            (histogram_ascii(name.as_bytes()), bytes)
        } else {
            (histogram(name), name.chars().count())
        };
        name_chars.clear();
        for w in words.iter_mut() {
            if name_len.abs_diff(w.chars.len()) > w.limit
                || histogram_distance(&name_histogram, &w.histogram) > 2 * w.limit as u32
                || name == w.text
            {
                continue;
            }
            if name_chars.is_empty() {
                name_chars.extend(name.chars());
            }
            if let Some(d) = bounded_osa_with(&w.chars, &name_chars, w.limit, &mut rows) {
                if w.best
                    .is_none_or(|(bd, bn)| d < bd || (d == bd && name < bn))
                {
                    w.best = Some((d, name));
                    w.limit = d;
                }
            }
        }
    }
    words.into_iter().map(|w| w.best.map(|(_, n)| n)).collect()
}

/// Names sorted for exact look-ups among many: a look-up walks the sorted names as a trie,
/// so names that share a prefix share the rows of the edit-distance table, and every name
/// under a prefix already too far from the word is skipped at once. It gives the same
/// answer as [`closest`] over all the names (the nearest, and of those the first in byte
/// order), in time that grows with the prefixes near the word rather than with the names.
pub struct SortedNames<'a> {
    /// Each name after its first sixteen bytes as a number (kept from the sort: copying the
    /// names out would cost a second vector as long as this one).
    names: Vec<(u128, &'a str)>,
    /// The most bytes a name has (at least its characters): a word with more characters by
    /// more than the threshold is far from every name, and is not walked (each step of the
    /// walk costs the word's length).
    longest: usize,
}

impl<'a> SortedNames<'a> {
    pub fn new(names: impl Iterator<Item = &'a str>) -> SortedNames<'a> {
        // Sorting on the first sixteen bytes as a number first settles most comparisons without
        // reading the names again (names of a large plan often share their first eight bytes:
        // `platform-12-…`); the order is the names' byte order all the same.
        let prefix = |n: &str| {
            let mut bytes = [0u8; 16];
            let len = n.len().min(16);
            bytes[..len].copy_from_slice(&n.as_bytes()[..len]);
            u128::from_be_bytes(bytes)
        };
        let mut keyed: Vec<(u128, &str)> = names.map(|n| (prefix(n), n)).collect();
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        keyed.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        let longest = keyed.iter().map(|(_, n)| n.len()).max();
        SortedNames {
            names: keyed,
            longest: longest.unwrap_or(0),
        }
    }

    pub fn closest(&self, word: &str) -> Option<&'a str> {
        let a: Vec<char> = word.chars().collect();
        let n = a.len();
        let width = n + 1;
        // Names are visited in byte order, so a later name only wins with a smaller distance.
        let mut limit = threshold(n);
        if n > self.longest + limit {
            return None;
        }
        let mut best: Option<&str> = None;
        // `rows[j * width + i]`: the distance between `a[..i]` and the first `j` characters
        // of the path; `path` holds those characters and `ends` their byte ends.
        let mut rows: Vec<usize> = (0..=n).collect();
        let mut path: Vec<char> = Vec::new();
        let mut ends: Vec<usize> = Vec::new();
        let mut k = 0;
        'names: while k < self.names.len() {
            let name = self.names[k].1;
            let common = name.chars().zip(&path).take_while(|(x, y)| x == *y).count();
            path.truncate(common);
            ends.truncate(common);
            rows.truncate((common + 1) * width);
            let mut offset = ends.last().copied().unwrap_or(0);
            for c in name[offset..].chars() {
                offset += c.len_utf8();
                path.push(c);
                ends.push(offset);
                let j = path.len();
                let (cur, prev) = (j * width, (j - 1) * width);
                rows.push(j);
                let mut row_min = j;
                for i in 1..=n {
                    let mut v = (rows[prev + i - 1] + usize::from(a[i - 1] != c))
                        .min(rows[prev + i] + 1)
                        .min(rows[cur + i - 1] + 1);
                    if i > 1 && j > 1 && a[i - 1] == path[j - 2] && a[i - 2] == c {
                        v = v.min(rows[(j - 2) * width + i - 2] + 1);
                    }
                    rows.push(v);
                    row_min = row_min.min(v);
                }
                if row_min > limit {
                    // No name under this prefix is close enough: skip them all.
                    let prefix = &name.as_bytes()[..offset];
                    let rest = &self.names[k + 1..];
                    k += 1 + skip_while_prefixed(rest, prefix);
                    continue 'names;
                }
            }
            let d = rows[path.len() * width + n];
            if d <= limit && name != word {
                best = Some(name);
                if d == 0 {
                    break;
                }
                limit = d - 1;
            }
            k += 1;
        }
        best
    }
}

/// How many of `names` (sorted) from the start begin with `prefix`: a galloping search, as
/// the names skipped under a prefix are usually a few next to each other, not a binary search
/// over every name left.
fn skip_while_prefixed(names: &[(u128, &str)], prefix: &[u8]) -> usize {
    let under = |i: usize| names[i].1.as_bytes().starts_with(prefix);
    let mut end = 1;
    while end <= names.len() && under(end - 1) {
        end *= 2;
    }
    // Every name before `end / 2` is under the prefix; the first one not under is before `end`.
    let from = end / 2;
    let to = end.min(names.len());
    from + names[from..to].partition_point(|(_, s)| s.as_bytes().starts_with(prefix))
}

/// The closest name to each of `words` among very many `names`, for many words at once: the
/// candidates for a word are the names that share a one-deletion variant with it (SymSpell),
/// so the answer is exact for every name within one edit and finds most within two.
///
/// It gives the answers a [`NameIndex`] over the names gives (the first 64 names, in their
/// order, for each variant), without indexing every name: the words' variants (32-bit hashes)
/// are few, so the names are streamed once, each name's variants checked against them
/// through a bit filter and a binary search, and only the matches are kept.
pub fn closest_among_many<'a>(
    names: impl Iterator<Item = &'a str>,
    words: &[&str],
) -> Vec<Option<&'a str>> {
    let mut scratch = DeletionScratch::default();
    let mut hashes = Vec::new();
    // Each word's variants, and every distinct variant of all words, sorted.
    let mut word_hashes: Vec<Vec<u32>> = Vec::with_capacity(words.len());
    for w in words {
        deletion_hashes(w, &mut scratch, &mut hashes);
        word_hashes.push(hashes.clone());
    }
    let mut wanted: Vec<u32> = word_hashes.iter().flatten().copied().collect();
    wanted.sort_unstable();
    wanted.dedup();
    // A bit per hash value, at about 64 bits per wanted variant: most variants of most names
    // are rejected by one bit.
    let bits = (wanted.len() * 64).next_power_of_two().max(64);
    let mask = bits - 1;
    let mut filter = vec![0u64; bits / 64];
    for &h in &wanted {
        let b = h as usize & mask;
        filter[b / 64] |= 1 << (b % 64);
    }
    // For each wanted variant, the first names (up to 64, in order) that have it.
    let mut found: Vec<Vec<(u32, &'a str)>> = vec![Vec::new(); wanted.len()];
    for (i, name) in names.enumerate() {
        deletion_hashes(name, &mut scratch, &mut hashes);
        for &h in &hashes {
            let b = h as usize & mask;
            if filter[b / 64] & (1 << (b % 64)) == 0 {
                continue;
            }
            if let Ok(slot) = wanted.binary_search(&h) {
                let list = &mut found[slot];
                if list.len() < 64 && list.last().is_none_or(|&(j, _)| j != i as u32) {
                    list.push((i as u32, name));
                }
            }
        }
    }
    let mut seen: Vec<(u32, &'a str)> = Vec::new();
    words
        .iter()
        .zip(&word_hashes)
        .map(|(word, hashes)| {
            seen.clear();
            for h in hashes {
                let slot = wanted.binary_search(h).expect("every variant is wanted");
                seen.extend_from_slice(&found[slot]);
            }
            seen.sort_unstable_by_key(|&(i, _)| i);
            seen.dedup_by_key(|&mut (i, _)| i);
            closest(word, seen.iter().map(|&(_, n)| n))
        })
        .collect()
}

/// An index for very many look-ups over very many names: candidates are found through shared
/// one-deletion variants (SymSpell), so a look-up touches a handful of names. It finds every
/// name within one edit and most within two.
///
/// The variants live in one sorted vector of `hash << 32 | name` keys (32-bit hashes of each
/// variant): building it is one sort, a look-up is a binary search per variant, and memory is
/// eight bytes per variant. A hash collision only adds a candidate, which the exact distance
/// then rejects.
#[cfg(test)]
pub struct NameIndex<'a> {
    names: Vec<&'a str>,
    keys: Vec<u64>,
}

/// Hashes of `word` with each character deleted, and of `word` itself, 32 bits each. `chars`
/// and `suffix` are scratch buffers.
fn deletion_hashes(word: &str, scratch: &mut DeletionScratch, out: &mut Vec<u32>) {
    const B: u64 = 0x100_0000_01b3;
    out.clear();
    let DeletionScratch { chars, suffix } = scratch;
    chars.clear();
    chars.extend(word.chars().map(|c| c as u64 + 1));
    let n = chars.len();
    // suffix[i] = (hash of chars[i..], B^(n-i)).
    suffix.clear();
    suffix.resize(n + 1, (0, 1));
    for i in (0..n).rev() {
        let (h, p) = suffix[i + 1];
        suffix[i] = (chars[i].wrapping_mul(p).wrapping_add(h), p.wrapping_mul(B));
    }
    let fold = |h: u64, len: usize| {
        let h = (h ^ (len as u64).rotate_left(56)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> 32) as u32
    };
    out.push(fold(suffix[0].0, n));
    let mut prefix = 0u64;
    for i in 0..n {
        let (h, p) = suffix[i + 1];
        out.push(fold(prefix.wrapping_mul(p).wrapping_add(h), n - 1));
        prefix = prefix.wrapping_mul(B).wrapping_add(chars[i]);
    }
}

#[derive(Default)]
struct DeletionScratch {
    chars: Vec<u64>,
    suffix: Vec<(u64, u64)>,
}

#[cfg(test)]
impl<'a> NameIndex<'a> {
    pub fn new(names: impl Iterator<Item = &'a str>) -> NameIndex<'a> {
        let names: Vec<&str> = names.collect();
        let mut keys: Vec<u64> = Vec::with_capacity(names.len() * 12);
        let mut scratch = DeletionScratch::default();
        let mut hashes = Vec::new();
        for (i, n) in names.iter().enumerate() {
            deletion_hashes(n, &mut scratch, &mut hashes);
            keys.extend(hashes.iter().map(|&h| (h as u64) << 32 | i as u64));
        }
        keys.sort_unstable();
        keys.dedup();
        NameIndex { names, keys }
    }

    pub fn closest(&self, word: &str) -> Option<&'a str> {
        let mut seen: Vec<u32> = Vec::new();
        let mut hashes = Vec::new();
        deletion_hashes(word, &mut DeletionScratch::default(), &mut hashes);
        for &h in &hashes {
            let from = self.keys.partition_point(|&k| ((k >> 32) as u32) < h);
            seen.extend(
                self.keys[from..]
                    .iter()
                    .take_while(|&&k| (k >> 32) as u32 == h)
                    .take(64)
                    .map(|&k| k as u32),
            );
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
    fn bounded_distance_agrees_with_strsim() {
        let words = [
            "", "a", "ab", "ba", "abc", "acb", "kitten", "sitting", "platform", "platfrom",
            "équipe", "equipe", "山田", "山本",
        ];
        for x in words {
            for y in words {
                let (a, b): (Vec<char>, Vec<char>) = (x.chars().collect(), y.chars().collect());
                let exact = strsim::osa_distance(x, y);
                for max in 0..4 {
                    let want = (exact <= max).then_some(exact);
                    assert_eq!(bounded_osa(&a, &b, max), want, "{x:?} {y:?} max {max}");
                }
            }
        }
    }

    #[test]
    fn finds_near_misses_only() {
        let names = ["alice", "bob", "platform", "marketing", "équipe"];
        assert_eq!(closest("alcie", names.into_iter()), Some("alice"));
        assert_eq!(closest("platfrom", names.into_iter()), Some("platform"));
        assert_eq!(closest("zed", names.into_iter()), None);
        let set = NameSet::new(names.into_iter());
        let sorted = SortedNames::new(names.into_iter());
        let index = NameIndex::new(names.into_iter());
        for (query, want) in [
            ("alcie", Some("alice")),
            ("platfor", Some("platform")),
            ("markting", Some("marketing")),
            ("equipe", Some("équipe")),
            ("zed", None),
        ] {
            assert_eq!(set.closest(query), want, "{query}");
            assert_eq!(sorted.closest(query), want, "{query}");
            assert_eq!(index.closest(query), want, "{query}");
        }
    }

    #[test]
    fn the_index_finds_every_name_one_edit_away_among_many() {
        let names: Vec<String> = (0..20_000).map(|i| format!("task_{i:05}_x")).collect();
        let index = NameIndex::new(names.iter().map(String::as_str));
        for i in (0..20_000).step_by(997) {
            let name = &names[i];
            // Deleted, substituted and inserted characters.
            let deleted = name.replacen('_', "", 1);
            let substituted = name.replacen('x', "y", 1);
            let inserted = format!("{name}z");
            for query in [deleted, substituted, inserted] {
                let found = index.closest(&query).expect("a name one edit away");
                let d = strsim::osa_distance(found, &query);
                assert!(d <= 1, "{query:?} -> {found:?} ({d} edits)");
            }
        }
        assert_eq!(index.closest("zzzzzzzzzzzzzzzzzzzz"), None);
    }

    #[test]
    fn many_words_at_once_agree_with_the_index() {
        // Names that share variants (more than 64 names for some), near misses of several
        // kinds, repeated letters (a name with the same variant twice) and non-ASCII names.
        let mut names: Vec<String> = (0..3_000).map(|i| format!("t{i}")).collect();
        names.extend((0..500).map(|i| format!("task-{i:03}-aa")));
        names.extend(["équipe", "山田", "aab", "aba", "baa", "a", ""].map(String::from));
        let index = NameIndex::new(names.iter().map(String::as_str));
        let mut words: Vec<String> = Vec::new();
        for name in names.iter().step_by(37) {
            words.push(format!("{name}x"));
            words.push(name.replacen('a', "", 1));
            words.push(name.replacen('t', "r", 1));
        }
        words.extend(["t", "t1", "tt", "equipe", "山", "ab", "zzzzzzzz", ""].map(String::from));
        let queries: Vec<&str> = words.iter().map(String::as_str).collect();
        let many = closest_among_many(names.iter().map(String::as_str), &queries);
        for (q, got) in queries.iter().zip(&many) {
            assert_eq!(*got, index.closest(q), "{q:?}");
        }
        assert!(many.iter().filter(|g| g.is_some()).count() > queries.len() / 2);
    }

    #[test]
    fn sorted_names_agree_with_the_scan() {
        // Names with shared prefixes, several lengths, non-ASCII characters and near ties.
        let mut names: Vec<String> = Vec::new();
        for first in [
            "ana", "anna", "ben", "bén", "carl", "carla", "dina", "søren", "山田",
        ] {
            for last in ["kim", "kimm", "osei", "ose", "novak", "müller"] {
                for i in [0, 1, 7, 12, 123] {
                    names.push(format!("{first}-{last}-{i}"));
                }
            }
        }
        names.extend(["a", "ab", "ba", "abc", "platform", "platfrom", "x"].map(String::from));
        let set = NameSet::new(names.iter().map(String::as_str));
        let sorted = SortedNames::new(names.iter().map(String::as_str));
        assert!(sorted.names.is_sorted(), "in byte order");
        let mut queries: Vec<String> = Vec::new();
        for name in names.iter().step_by(3) {
            let chars: Vec<char> = name.chars().collect();
            queries.push(name.clone());
            for i in 0..chars.len() {
                let mut deleted = chars.clone();
                deleted.remove(i);
                queries.push(deleted.iter().collect());
                let mut swapped = chars.clone();
                if i + 1 < chars.len() {
                    swapped.swap(i, i + 1);
                    queries.push(swapped.iter().collect());
                }
                let mut changed = chars.clone();
                changed[i] = 'q';
                changed.insert(i / 2, 'z');
                queries.push(changed.iter().collect());
            }
        }
        queries.extend(["", "q", "zzzzzzzzzz", "ana-kim", "bn-osei-7"].map(String::from));
        for q in &queries {
            assert_eq!(sorted.closest(q), set.closest(q), "{q:?}");
        }
        // A few words at a time in one pass over the names: the same answers.
        for few in queries.chunks(5) {
            let words: Vec<&str> = few.iter().map(String::as_str).collect();
            let found = closest_among_few(names.iter().map(String::as_str), &words);
            for (q, got) in words.iter().zip(found) {
                assert_eq!(got, sorted.closest(q), "{q:?}");
            }
        }
    }

    #[test]
    fn a_few_words_among_a_generated_plan_agree_with_the_sorted_names() {
        // The names of a large generated plan (people, teams, thousands of tasks), and near
        // misses of them: each character deleted, doubled, swapped or replaced in turn.
        let sources = crate::synth::generate(&crate::synth::SynthOptions {
            tasks: 4_000,
            files: 2,
            seed: 5,
        });
        let ws = crate::workspace::Workspace::from_texts(sources);
        let model = crate::model::Model::build(&ws);
        let names: Vec<&str> = model.symbols.iter().map(|s| s.name.as_str()).collect();
        let sorted = SortedNames::new(names.iter().copied());
        let mut queries: Vec<String> = Vec::new();
        for (k, name) in names.iter().enumerate().step_by(211) {
            let chars: Vec<char> = name.chars().collect();
            let i = k % chars.len();
            let mut changed = chars.clone();
            match k % 4 {
                0 => {
                    changed.remove(i);
                }
                1 => changed.insert(i, chars[i]),
                2 if i + 1 < chars.len() => changed.swap(i, i + 1),
                _ => changed[i] = 'x',
            }
            queries.push(changed.into_iter().collect());
            queries.push(format!("{name}-{k}"));
        }
        queries.extend(["", "x", "zzzzzzzzzzzz"].map(String::from));
        let mut suggested = 0;
        for few in queries.chunks(3) {
            let words: Vec<&str> = few.iter().map(String::as_str).collect();
            let found = closest_among_few(names.iter().copied(), &words);
            for (q, got) in words.iter().zip(found) {
                assert_eq!(got, sorted.closest(q), "{q:?}");
                suggested += usize::from(got.is_some());
            }
        }
        assert!(
            suggested > queries.len() / 2,
            "{suggested} of {}",
            queries.len()
        );
    }
}
