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

use super::{json_escape, json_number, json_string, write_json_items, Range};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules;
use crate::workspace::Workspace;

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
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    /// Always empty here: [`write`] writes the results itself.
    results: [(); 0],
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

/// Appends one location (a result's place, or a related place with its id and message), its
/// lines indented by `indent`, as `serde_json` pretty-prints it.
fn location(
    buf: &mut Vec<u8>,
    uri: &[u8],
    r: Range,
    id: Option<usize>,
    message: Option<&str>,
    indent: &str,
) {
    let line = |buf: &mut Vec<u8>, text: &str| {
        buf.extend_from_slice(indent.as_bytes());
        buf.extend_from_slice(text.as_bytes());
    };
    line(buf, "{\n");
    if let Some(id) = id {
        line(buf, "  \"id\": ");
        json_number(buf, id as u64);
        buf.extend_from_slice(b",\n");
    }
    line(buf, "  \"physicalLocation\": {\n");
    line(buf, "    \"artifactLocation\": {\n");
    line(buf, "      \"uri\": ");
    buf.extend_from_slice(uri);
    buf.push(b'\n');
    line(buf, "    },\n");
    line(buf, "    \"region\": {\n");
    for (key, n, last) in [
        ("startLine", r.line, false),
        ("startColumn", r.column, false),
        ("endLine", r.end_line, false),
        ("endColumn", r.end_column, true),
    ] {
        line(buf, "      \"");
        buf.extend_from_slice(key.as_bytes());
        buf.extend_from_slice(b"\": ");
        json_number(buf, n.into());
        buf.extend_from_slice(if last { b"\n" } else { b",\n" });
    }
    line(buf, "    }\n");
    match message {
        Some(text) => {
            line(buf, "  },\n");
            line(buf, "  \"message\": {\n");
            line(buf, "    \"text\": ");
            json_string(buf, text);
            buf.push(b'\n');
            line(buf, "  }\n");
        }
        None => line(buf, "  }\n"),
    }
    line(buf, "}");
}

/// The log without its results, pretty-printed: the driver and its rules.
fn log_without_results() -> Log {
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
            results: [],
        }],
    }
}

/// Writes the log, pretty-printed as `serde_json` pretty-prints it, and a final newline.
///
/// The driver is serialised by serde; the results, tens of thousands for a large plan, are
/// written as they go, a block at a time (on two threads for a long list), each file's URI
/// made once.
pub fn write(out: &mut dyn Write, ws: &Workspace, diagnostics: &[Diagnostic]) -> io::Result<()> {
    let head = serde_json::to_string_pretty(&log_without_results()).map_err(io::Error::other)?;
    // Everything up to the (empty) results array, which is the log's last member.
    const EMPTY: &str = "\"results\": []";
    let at = head
        .rfind(EMPTY)
        .ok_or_else(|| io::Error::other("the SARIF log has no results array"))?;
    let (before, after) = (&head[..at], &head[at + EMPTY.len()..]);
    let uris: Vec<Vec<u8>> = ws
        .files
        .iter()
        .map(|f| {
            let mut quoted = Vec::new();
            json_string(&mut quoted, &uri(&f.path));
            quoted
        })
        .collect();
    out.write_all(before.as_bytes())?;
    out.write_all(b"\"results\": [")?;
    let any = write_json_items(out, ws, diagnostics, |buf, d| result(buf, ws, &uris, d))?;
    let mut buf: Vec<u8> = Vec::with_capacity(64);
    if any {
        buf.extend_from_slice(b"\n      ");
    }
    buf.push(b']');
    buf.extend_from_slice(after.as_bytes());
    buf.push(b'\n');
    out.write_all(&buf)
}

/// Appends one result (a diagnostic whose file is in `ws`), three levels into the log.
fn result(buf: &mut Vec<u8>, ws: &Workspace, uris: &[Vec<u8>], d: &Diagnostic) {
    let file = &ws.files[d.location.file.index()];
    buf.extend_from_slice(b"        {\n          \"ruleId\": ");
    json_string(buf, d.code);
    if let Some(index) = rules::ALL.iter().position(|r| r.code == d.code) {
        buf.extend_from_slice(b",\n          \"ruleIndex\": ");
        json_number(buf, index as u64);
    }
    buf.extend_from_slice(b",\n          \"level\": ");
    json_string(buf, level(d.severity));
    // The message and the help, on two lines of one text.
    buf.extend_from_slice(b",\n          \"message\": {\n            \"text\": \"");
    json_escape(buf, &d.message);
    if let Some(help) = &d.help {
        json_escape(buf, "\n");
        json_escape(buf, help);
    }
    buf.extend_from_slice(b"\"\n          },\n          \"locations\": [\n");
    let uri = &uris[d.location.file.index()];
    location(
        buf,
        uri,
        Range::of(file, d.location.span),
        None,
        None,
        "            ",
    );
    buf.extend_from_slice(b"\n          ]");
    let mut id = 0;
    for l in &d.labels {
        let Some(label_file) = ws.files.get(l.location.file.index()) else {
            continue;
        };
        id += 1;
        buf.extend_from_slice(if id == 1 {
            &b",\n          \"relatedLocations\": [\n"[..]
        } else {
            &b",\n"[..]
        });
        location(
            buf,
            &uris[l.location.file.index()],
            Range::of(label_file, l.location.span),
            Some(id),
            Some(&l.message),
            "            ",
        );
    }
    if id > 0 {
        buf.extend_from_slice(b"\n          ]");
    }
    buf.extend_from_slice(b"\n        }");
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

    /// One rule entry per code, in registry order, with its documentation and default level.
    #[test]
    fn the_driver_lists_every_rule_with_its_documentation() {
        let ws = Workspace::from_texts(vec![("a.plan".into(), "task t { }\n".into())]);
        let mut out = Vec::new();
        write(&mut out, &ws, &[]).unwrap();
        let log: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert_eq!(rules.len(), crate::rules::ALL.len());
        for (entry, rule) in rules.iter().zip(crate::rules::ALL) {
            assert_eq!(entry["id"], rule.code);
            assert_eq!(entry["shortDescription"]["text"], rule.summary);
            assert_eq!(entry["fullDescription"]["text"], rule.doc);
            assert_eq!(entry["help"]["text"], rule.doc);
            assert_eq!(entry["help"]["markdown"], rule.doc);
            let level = match rule.default_severity {
                crate::diagnostic::Severity::Error => "error",
                crate::diagnostic::Severity::Warning => "warning",
                crate::diagnostic::Severity::Info => "note",
            };
            assert_eq!(
                entry["defaultConfiguration"]["level"], level,
                "{}",
                rule.code
            );
        }
    }
}
