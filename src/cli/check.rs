//! `coord check`: TODO.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct CheckArgs {}

pub fn run(_args: CheckArgs) -> ExitCode {
    super::fail("`coord check` is not implemented yet")
}
