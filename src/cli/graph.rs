//! `coord graph`: TODO.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct GraphArgs {}

pub fn run(_args: GraphArgs) -> ExitCode {
    super::fail("`coord graph` is not implemented yet")
}
