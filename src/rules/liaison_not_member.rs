//! `liaison-not-member`: TODO.

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "liaison-not-member",
    default_severity: Severity::Error,
    summary: "TODO",
    doc: "TODO",
    check,
};

fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
