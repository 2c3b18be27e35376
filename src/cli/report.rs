//! `coord report`: TODO.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ReportArgs {}

pub fn run(_args: ReportArgs) -> ExitCode {
    super::fail("`coord report` is not implemented yet")
}
