//! Coord: coordination plans as code.
//!
//! One direction of flow: text → [`syntax`] (lossless spans, recovered errors) → [`model`]
//! (names resolved across the workspace) → [`rules`] → [`diagnostic`]s → outputs (the CLI's
//! renderers and the language server).

pub mod analysis;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod docs;
pub mod fmt;
pub mod graph;
pub mod host;
pub mod ide;
pub mod import;
pub mod lsp;
pub mod model;
pub mod reference;
pub mod report;
pub mod rules;
pub mod suggest;
pub mod syntax;
pub mod synth;
pub mod workspace;
