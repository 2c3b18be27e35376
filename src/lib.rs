//! Coord: coordination plans as code. Text → syntax → model → rules → diagnostics → outputs.

pub mod syntax;
pub mod reference;
pub mod synth;
