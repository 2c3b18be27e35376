//! The `coord` binary: see `coord --help`.

fn main() -> std::process::ExitCode {
    coord::cli::main()
}
