//! How the language server keeps its memory near what it holds: glibc's allocator, left to
//! itself, keeps what a long-running server frees in arenas that other threads cannot use.
//!
//! Each full analysis builds a new model (tens of megabytes at 100,000 tasks, in a few large
//! vectors) on a blocking thread and its rules' and lowering's threads, while the one it
//! replaces is still read; the old one is freed after. glibc gives threads that allocate at
//! the same time arenas of their own (up to eight per core), and memory freed in one arena
//! serves only the threads attached to it, so the analyses' memory spread over the arenas:
//! measured at 100,000 tasks with name keystrokes (each a full analysis), the server's
//! resident memory grew to 410-500 MB for a heap of about 210 MB. With one arena it peaks at
//! about 250 MB. Measured alternatives: two arenas, 330 MB; two arenas with every block of
//! 256 KiB or more mapped on its own and `malloc_trim` after each replaced analysis, 205-225
//! MB, but each analysis then faults its memory in again (about 30 ms of CPU per analysis at
//! 100,000 tasks, against about 10 ms for one arena's lock). `coord check`, which frees
//! nothing before it exits, keeps glibc's defaults.
//!
//! A large project frees its analysis before it builds the next (`state::WITHDRAW_ABOVE`), so
//! the new one's large blocks fit where the old one's were. glibc's defaults then gave the
//! freed top of the heap back to the system, only for the next analysis to fault it in again
//! (3 times the page faults of keeping both analyses, measured at 100,000 tasks); so blocks
//! below 32 MiB come from the heap (glibc's own limit for its moving threshold), and the top
//! is given back only past 64 MiB free: 29,000 page faults over the benchmark's 30 name
//! keystrokes at 100,000 tasks instead of 208,000 (69,000 before withdrawing), at the same
//! peak (123 MB).

/// Sets the allocator's limits for a long-running process; call it before starting threads.
/// `MALLOC_ARENA_MAX` in the environment (glibc's own setting) wins, to compare.
/// `GLIBC_TUNABLES` naming any of glibc's allocator settings wins for all of them.
pub fn tune() {
    if std::env::var("GLIBC_TUNABLES").is_ok_and(|t| t.contains("glibc.malloc.")) {
        return;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes glibc's allocator settings; the parameters are valid and
    // it is called before the server starts its threads.
    unsafe {
        if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
            libc::mallopt(libc::M_ARENA_MAX, 1);
        }
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 64 << 20);
    }
}
