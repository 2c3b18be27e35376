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

/// Sets the allocator's limits for a long-running process; call it before starting threads.
/// `MALLOC_ARENA_MAX` in the environment (glibc's own setting) wins, to compare.
pub fn tune() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
        return;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes glibc's allocator settings; the parameter is valid and
    // it is called before the server starts its threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
