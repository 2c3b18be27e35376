//! Coord: coordination plans as code.
//!
//! One direction of flow: text → `syntax` (lossless spans, recovered errors) → `model`
//! (names resolved across the workspace) → `rules` → [`Diagnostic`]s → outputs (the CLI's
//! renderers and the language server).
//!
//! # Public API
//!
//! The library's surface is what the `coord` binaries, the benches, the fuzz targets and the
//! integration tests use; everything else is crate-private (ARCHITECTURE.md, "Public API";
//! `tests/public_api.rs` fails when a public module or re-export appears that is not listed).
//!
//! - [`Host`] — the one entry point: a plan's inputs ([`Workspace`], [`Config`], today's
//!   [`Date`]) and, from [`Host::analyze`], their [`Analysis`]: the sorted [`Diagnostic`]s
//!   (code, [`Severity`], message, [`Location`], [`Label`]s, help, [`Fix`]es of [`TextEdit`]s),
//!   counted by [`Summary`].
//! - [`Workspace`], [`PlanFile`], [`FileId`], [`Span`] — the files, their text and parse, and
//!   byte positions with their line/column conversions.
//! - [`syntax`] — [`syntax::parse`] and the syntax tree (the `fmt` fuzz target compares trees).
//! - [`ide`] — the editor features as plain functions over a workspace and its analysis (the
//!   language server's boundary, like rust-analyzer's `ide` crate).
//! - [`fmt`] — the formatter.
//! - [`synth`] — deterministic synthetic plans for benchmarks and `coord-synth`.
//! - [`server`] — the language server as an in-process `tower` service.
//! - [`cli`] — [`cli::main`] (the `coord` binary) and the diagnostic renderers
//!   ([`cli::render::render`]).

pub mod cli;
pub mod fmt;
pub mod ide;
pub mod syntax;
pub mod synth;

mod analysis;
mod calendar;
mod config;
mod cores;
mod date;
mod diagnostic;
mod diff;
mod docs;
mod graph;
mod host;
mod import;
mod lsp;
mod model;
mod reference;
mod report;
mod rules;
mod suggest;
mod workspace;

/// The language server as an in-process `tower` service: what `coord lsp` serves over
/// standard input and output, for tests and embedders that talk to it without a process.
pub mod server {
    pub use crate::lsp::{service, Backend, RULE_DOCS_URL};

    /// Not part of the API: the server's in-process state, for `benches/lsp.rs` only (it
    /// times a keystroke inside the server without a protocol round trip).
    #[doc(hidden)]
    pub use crate::lsp::state::State;
}

pub use analysis::Analysis;
pub use config::{Config, ConfigError};
pub use diagnostic::{Diagnostic, Fix, Label, Location, Severity, Summary, TextEdit};
pub use host::Host;
pub use syntax::{Date, Span};
pub use workspace::{FileId, LoadError, PlanFile, Workspace};
