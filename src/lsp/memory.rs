//! How the language server keeps its memory near what it holds: glibc's allocator, left to
//! itself, keeps what a long-running server frees.
//!
//! Each full analysis builds a new model (tens of megabytes at 100,000 tasks, in a few large
//! vectors) on a blocking thread and its rules' threads, while the one it replaces is still
//! read; the old one is freed after. glibc gives each thread that allocates its own arena (up
//! to eight per core) and, once a large block has been freed, raises the size from which it
//! maps blocks of their own, so the next analyses' large vectors land in the arenas and stay
//! there when freed: measured at 100,000 tasks, the server's resident memory grew to 415-500
//! MB for a heap of about 210 MB. So the server (not `coord check`, which frees nothing
//! before it exits) keeps two arenas, maps every block of 256 KiB or more on its own (given
//! back to the system when freed), and trims the arenas after freeing a replaced analysis.

/// Sets the allocator's limits for a long-running process; call it before starting threads.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes glibc's allocator settings; both parameters are valid and
    // it is called before the server starts its threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}

/// Gives memory freed since back to the system (after a replaced analysis was freed).
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases free memory of glibc's arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}
