//! `coord explain`: TODO.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ExplainArgs {}

pub fn run(_args: ExplainArgs) -> ExitCode {
    super::fail("`coord explain` is not implemented yet")
}

pub fn list_rules() -> ExitCode {
    super::fail("`coord rules` is not implemented yet")
}
