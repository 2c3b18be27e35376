//! The language server (`coord lsp`): translates LSP to the analysis and back.

use std::process::ExitCode;

pub fn run() -> ExitCode {
    crate::cli::fail("`coord lsp` is not implemented yet")
}
