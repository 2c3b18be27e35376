//! What the integration tests share to check a plan: its analysis as of a given date, through
//! the library's one entry point, and `--today`'s date parsing.

use coord::{Analysis, Config, Date, Host, Workspace};

/// The analysis of `ws` with `config` as of `today`.
pub fn analyze(ws: &Workspace, config: &Config, today: Date) -> Analysis {
    Host::new(ws.clone(), config.clone())
        .with_today(today)
        .analyze()
}

/// A `YYYY-MM-DD` date, or `None`.
#[allow(dead_code)] // not every test binary reads dates
pub fn parse_date(s: &str) -> Option<Date> {
    s.parse().ok()
}
