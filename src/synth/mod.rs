//! Deterministic synthetic organisations for benchmarks and scaling tests.
//!
//! [`generate`] builds an organisation with roughly one person per ten tasks, leaf teams of
//! six to ten people under a hierarchy of area, division and org teams, meetings for every
//! team, liaisons, embedded specialists, rotations, one centralized liaison group per area,
//! and tasks with owners, dates and dependencies: mostly chains within a team, some across
//! teams, forming long chains so transitive fan-out has real work. A small share of the
//! plan is deliberately wrong (unowned tasks, misspelt references, dependency cycles,
//! duplicate definitions, tasks owned by a meeting, starts after due dates, due dates
//! before dependencies, orphan people, oversized meetings, liaisons without needs or
//! meetings, liaison sprawl, dependencies between unlinked teams) so the rules fire.
//! Version 2: people have time zones on three continents (a team mostly in one zone, a few
//! remote members elsewhere), every team meeting has a day and a time in its owner's zone
//! (some biweekly and monthly ones with `starts`), so some meetings clash and some fall
//! outside someone's working hours, now and then a person sits in two teams, and some teams
//! have co-leads (`lead a, b`).
//! The same options always give the same files, byte for byte. 100,000 tasks make about
//! 12 MB of text.

mod build;
mod items;
mod problems;
mod render;
mod rng;
mod schedule;
#[cfg(test)]
mod tests;
mod words;

use build::build;
use problems::inject_problems;
use render::split;
pub use rng::Rng;

/// What to generate.
pub struct SynthOptions {
    /// Number of tasks (a few duplicate definitions come on top).
    pub tasks: usize,
    /// Number of files to spread the plan over (at least one is written).
    pub files: usize,
    /// Seed for the pseudo-random choices.
    pub seed: u64,
}

/// Generates the organisation as `(relative path, text)` pairs, e.g. `("org/part-007.plan", ...)`.
pub fn generate(opts: &SynthOptions) -> Vec<(String, String)> {
    let mut rng = Rng::new(opts.seed);
    let mut org = build(opts.tasks, &mut rng);
    inject_problems(&mut org, &mut rng);
    split(&org, opts.files.max(1), opts.seed)
}
