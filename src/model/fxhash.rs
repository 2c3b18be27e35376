//! A fast, non-cryptographic hasher for name tables (the Fx hash of rustc and Firefox).

use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // The multiply carries a late byte's difference only upwards, but the table picks a
        // bucket from the low bits: names that differ only near their end (`p100000`,
        // `p100001`, ...) would share buckets and make lookups linear. Mix the high bits
        // down (murmur3's finalizer).
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

pub type FxBuildHasher = BuildHasherDefault<FxHasher>;
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuildHasher>;

#[cfg(test)]
mod tests {
    #[test]
    fn names_that_differ_only_at_the_end_spread_over_the_name_table() {
        // Name tables hash with the Fx hash. Its multiply carries a late character's difference
        // only upwards, and the table picks a bucket from the low bits: without a final mix,
        // `p0` ... `p65535` fell into 256 buckets, and 400,000 people took seconds to look up.
        use std::hash::BuildHasher;
        let hasher = super::FxBuildHasher::default();
        for pattern in ["p", "task-", "person-number-"] {
            let buckets: std::collections::HashSet<u64> = (0..65_536)
                .map(|i| hasher.hash_one(format!("{pattern}{i:06}").as_str()) & 0xffff)
                .collect();
            // Random hashes fill about 41,000 of the 65,536 buckets.
            assert!(
                buckets.len() > 35_000,
                "`{pattern}NNNNNN` names fill only {} of 65,536 buckets",
                buckets.len()
            );
        }
    }
}
