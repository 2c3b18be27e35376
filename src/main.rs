//! The `coord` binary: see `coord --help`.

/// mimalloc instead of the system allocator: checking a plan allocates many small nodes, and
/// with glibc's allocator a third of `coord check`'s time on a 100,000-task plan went to
/// `malloc`, `free` and page faults (README, "Performance").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    coord::cli::main()
}
