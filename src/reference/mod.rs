//! Reference texts for the plan language: item kinds, team coordination models, fields and enum values.
//!
//! These texts back `coord explain NAME` and hover in the editor for everything that is not a
//! rule (each rule carries its own documentation). The long texts are Markdown files next to
//! this module (`kinds/NAME.md`, `models/NAME.md`), loaded with `include_str!`; field docs are
//! words keyed by the schema (`fields.rs`); the examples are checked with the real parser and
//! model by this module's tests.

mod fields;
mod kinds;
mod models;
mod values;

pub use fields::field;
#[cfg(test)]
use fields::fields;
pub use kinds::KINDS;
pub use models::MODELS;
pub use values::enum_values;

/// Whether a topic is an item kind keyword or a team coordination model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicCategory {
    Kind,
    Model,
}

/// One reference text.
#[derive(Debug)]
pub struct Topic {
    /// The keyword or model name, e.g. `liaison` or `service-provider`.
    pub name: &'static str,
    pub category: TopicCategory,
    /// One sentence, no trailing newline.
    pub summary: &'static str,
    /// Markdown, with sections `## What it is`, `## When to use it` (or `## Why it matters`),
    /// `## How to write it` / `## Pitfalls`, and `## Example` holding a ```` ```plan ```` block.
    pub body: &'static str,
}

/// Looks up a kind keyword, then a team model, by name.
pub fn topic(name: &str) -> Option<&'static Topic> {
    KINDS
        .iter()
        .chain(MODELS.iter())
        .find(|topic| topic.name == name)
}

#[cfg(test)]
mod tests;
