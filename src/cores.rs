//! How many threads this process can run at once, asked of the system once: the answer
//! (`std::thread::available_parallelism`) reads the cgroup files on Linux, which costs more than
//! parsing and checking a small plan.

use std::sync::OnceLock;

/// The threads this process can run at once (1 when the system does not say).
pub(crate) fn available() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}
