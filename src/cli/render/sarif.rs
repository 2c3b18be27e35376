//! `--format sarif`: a SARIF 2.1.0 log with one run.
//!
//! The driver lists every rule (id = code, its summary, its documentation as help), whether or
//! not it fired, so that a code-scanning UI can show the help of any result. Columns are
//! Unicode code points (`columnKind` says so), 1-based, with an exclusive end column, as SARIF
//! defines regions. File URIs are the workspace paths with forward slashes, percent-encoded;
//! relative paths are relative to the directory `coord check` ran in (the repository root in
//! CI).

use std::io::{self, Write};

use serde::Serialize;

use super::Range;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules;
use crate::workspace::{PlanFile, Workspace};

pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where the tool's documentation lives: the package's homepage or repository, if it names one.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|s| !s.is_empty())
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path: forward slashes, and every byte outside RFC 3986's
/// unreserved set (and `/`) percent-encoded. An absolute path becomes a `file://` URI.
pub fn uri(path: &str) -> String {
    let forward = path.replace('\\', "/");
    let (prefix, rest) = if forward.starts_with('/') {
        ("file://", forward.as_str())
    } else if forward.len() >= 3 && forward.as_bytes()[1] == b':' && forward.as_bytes()[2] == b'/' {
        // A Windows drive path, `C:/x`.
        ("file:///", forward.as_str())
    } else {
        ("", forward.as_str())
    };
    let mut out = String::from(prefix);
    for (i, b) in rest.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (b == b':' && prefix == "file:///" && i == 1);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<RuleEntry>,
}

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleEntry {
    id: &'static str,
    name: &'static str,
    short_description: Text<&'static str>,
    full_description: Text<&'static str>,
    help: Help,
    default_configuration: Level,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<String>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<&'a str>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

fn location<'a>(
    file: &PlanFile,
    span: crate::syntax::Span,
    id: Option<usize>,
    message: Option<&'a str>,
) -> Location<'a> {
    let r = Range::of(file, span);
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri(&file.path),
            },
            region: Region {
                start_line: r.line,
                start_column: r.column,
                end_line: r.end_line,
                end_column: r.end_column,
            },
        },
        message: message.map(|text| Text { text }),
    }
}

fn log<'a>(ws: &'a Workspace, diagnostics: &'a [Diagnostic]) -> Log<'a> {
    let rules = rules::ALL
        .iter()
        .map(|r| RuleEntry {
            id: r.code,
            name: r.code,
            short_description: Text { text: r.summary },
            full_description: Text { text: r.doc },
            help: Help {
                text: r.doc,
                markdown: r.doc,
            },
            default_configuration: Level {
                level: level(r.default_severity),
            },
        })
        .collect();
    let results = diagnostics
        .iter()
        .filter_map(|d| {
            let file = ws.files.get(d.location.file.index())?;
            let text = match &d.help {
                Some(help) => format!("{}\n{help}", d.message),
                None => d.message.clone(),
            };
            let related_locations = d
                .labels
                .iter()
                .filter_map(|l| Some((ws.files.get(l.location.file.index())?, l)))
                .enumerate()
                .map(|(i, (file, l))| {
                    location(file, l.location.span, Some(i + 1), Some(&l.message))
                })
                .collect();
            Some(SarifResult {
                rule_id: d.code,
                rule_index: rules::ALL.iter().position(|r| r.code == d.code),
                level: level(d.severity),
                message: Text { text },
                locations: [location(file, d.location.span, None, None)],
                related_locations,
            })
        })
        .collect();
    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "coord",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: information_uri(),
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

/// Writes the log, pretty-printed, and a final newline.
pub fn write(out: &mut dyn Write, ws: &Workspace, diagnostics: &[Diagnostic]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(ws, diagnostics)).map_err(io::Error::other)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("teams/platform.plan"), "teams/platform.plan");
        assert_eq!(uri("my plans\\q3 #1.plan"), "my%20plans/q3%20%231.plan");
        assert_eq!(uri("équipe.plan"), "%C3%A9quipe.plan");
        assert_eq!(uri("/srv/plans/a.plan"), "file:///srv/plans/a.plan");
        assert_eq!(uri("C:\\plans\\a.plan"), "file:///C:/plans/a.plan");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }
}
