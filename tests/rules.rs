//! Rule fixtures: every `.plan` file (or folder of them, one workspace) under
//! `tests/fixtures/rules/<code>/` is checked, and its diagnostics must be exactly the ones its
//! marker comments announce.
//!
//! A marker is a comment line of carets under the line it marks, then the code and,
//! optionally, a piece of the message:
//!
//! ```plan
//! task launch { due 2027-01-01 }
//! #    ^^^^^^ unowned-task: has no owner
//! ```
//!
//! `code[error]` (or `[warning]`, `[info]`) also asserts the severity after configuration.
//! The carets' columns (in characters) are the diagnostic's primary span on the nearest line
//! above that is not a marker. A span at column 0 cannot be marked: indent the line. Lines
//! `#! today: DATE` set the date (default 2026-11-22) and `#! toml: LINE` add a line to the
//! workspace's `coord.toml`. Each rule's folder must hold at least a case where it fires and
//! one where it does not.

use std::path::{Path, PathBuf};

use coord::{Config, Workspace};
#[path = "support/analyze.rs"]
mod analyze_support;
use analyze_support::{analyze, parse_date};

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct Expect {
    file: String,
    line: u32,
    col: u32,
    len: Option<u32>,
    code: String,
    /// `code[error]` in a marker: the diagnostic must have this severity.
    severity: Option<String>,
    message: Option<String>,
}

fn markers(path: &str, text: &str) -> Vec<Expect> {
    let mut out = Vec::new();
    let mut target_line: Option<u32> = None;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let is_marker = trimmed.starts_with('#') && trimmed[1..].trim_start().starts_with('^');
        if !is_marker {
            target_line = Some(n as u32);
            continue;
        }
        let caret_at = line.find('^').unwrap();
        let col = line[..caret_at].chars().count() as u32;
        let rest = &line[caret_at..];
        let len = rest.chars().take_while(|&c| c == '^').count() as u32;
        let spec = rest.trim_start_matches('^').trim();
        let (code, message) = match spec.split_once(':') {
            Some((c, m)) => (c.trim().to_string(), Some(m.trim().to_string())),
            None => (spec.to_string(), None),
        };
        let (code, severity) = match code.split_once('[') {
            Some((c, sev)) => (c.to_string(), Some(sev.trim_end_matches(']').to_string())),
            None => (code, None),
        };
        out.push(Expect {
            file: path.to_string(),
            line: target_line.expect("a marker needs a line above it"),
            col,
            len: Some(len),
            code,
            severity,
            message,
        });
    }
    out
}

fn run_case(case: &Path) -> Result<(), String> {
    let mut files: Vec<PathBuf> = if case.is_dir() {
        std::fs::read_dir(case)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "plan"))
            .collect()
    } else {
        vec![case.to_path_buf()]
    };
    files.sort();
    let mut sources = Vec::new();
    let mut toml = String::new();
    let mut today = parse_date("2026-11-22").unwrap();
    let mut expected = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        for line in text.lines() {
            if let Some(d) = line.strip_prefix("#! today:") {
                today = parse_date(d.trim()).expect("a valid #! today date");
            } else if let Some(t) = line.strip_prefix("#! toml:") {
                toml.push_str(t.trim());
                toml.push('\n');
            }
        }
        expected.extend(markers(&name, &text));
        sources.push((name, text));
    }
    let config = Config::parse(&toml, "coord.toml").map_err(|e| e.to_string())?;
    let ws = Workspace::from_texts(sources);
    let analysis = analyze(&ws, &config, today);
    let mut unmatched: Vec<Expect> = expected.clone();
    let mut unexpected = Vec::new();
    for d in &analysis.diagnostics {
        let file = ws.file(d.location.file);
        let (line, col) = file.line_col_chars(d.location.span.start());
        let (end_line, end_col) = file.line_col_chars(d.location.span.end());
        let len = (end_line == line).then_some(end_col - col);
        let pos = unmatched.iter().position(|e| {
            e.file == file.path
                && e.line == line
                && e.col == col
                && e.code == d.code
                && e.severity.as_ref().is_none_or(|s| s == d.severity.as_str())
                && (len.is_none() || e.len == len || (len == Some(0) && e.len == Some(1)))
                && e.message
                    .as_ref()
                    .is_none_or(|m| d.message.contains(m.as_str()))
        });
        match pos {
            Some(i) => {
                unmatched.remove(i);
            }
            None => unexpected.push(format!(
                "{}:{}:{} {} (len {:?}): {}",
                file.path,
                line + 1,
                col + 1,
                d.code,
                len,
                d.message
            )),
        }
    }
    if unmatched.is_empty() && unexpected.is_empty() {
        return Ok(());
    }
    let mut report = String::new();
    for e in &unmatched {
        report.push_str(&format!(
            "  missing: {}:{}:{} {} (len {:?}){}\n",
            e.file,
            e.line + 1,
            e.col + 1,
            e.code,
            e.len,
            e.message
                .as_ref()
                .map(|m| format!(" containing {m:?}"))
                .unwrap_or_default()
        ));
    }
    for u in &unexpected {
        report.push_str(&format!("  unexpected: {u}\n"));
    }
    Err(report)
}

#[test]
fn rule_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in &dirs {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for case in entries {
            if case.is_dir() || case.extension().is_some_and(|x| x == "plan") {
                cases += 1;
                if let Err(report) = run_case(&case) {
                    failures.push(format!(
                        "{}:\n{report}",
                        case.strip_prefix(&root).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} fixtures failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every rule has fixtures where it fires and where it does not.
#[test]
fn every_rule_has_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut missing = Vec::new();
    let codes = rule_codes();
    assert!(codes.len() > 20, "`coord rules` lists only {codes:?}");
    for code in &codes {
        let dir = root.join(code);
        let mut fires = false;
        let mut quiet = false;
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries {
                let p = e.unwrap().path();
                let texts: Vec<String> = if p.is_dir() {
                    std::fs::read_dir(&p)
                        .unwrap()
                        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap_or_default())
                        .collect()
                } else {
                    vec![std::fs::read_to_string(&p).unwrap_or_default()]
                };
                let marks = texts
                    .iter()
                    .flat_map(|t| markers("", t))
                    .filter(|m| &m.code == code)
                    .count();
                if marks > 0 {
                    fires = true;
                } else {
                    quiet = true;
                }
            }
        }
        if !fires || !quiet {
            missing.push(format!("{code} (fires: {fires}, quiet: {quiet})"));
        }
    }
    assert!(missing.is_empty(), "rules without fixtures: {missing:?}");
}

/// Every rule's code, as `coord rules` lists them: the first word of each line after the
/// header (a summary's continuation lines start with spaces).
fn rule_codes() -> Vec<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_coord"))
        .arg("rules")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with(char::is_whitespace))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}
