//! `coord fmt`: TODO.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct FmtArgs {}

pub fn run(_args: FmtArgs) -> ExitCode {
    super::fail("`coord fmt` is not implemented yet")
}
