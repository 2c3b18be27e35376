//! No input may crash the checker or its outputs.
//!
//! Real plans (`examples/**/*.plan`, and the CLI fixtures with CRLF and non-ASCII text; the
//! rule fixtures when there are no examples) are mutated at random: bytes and characters
//! deleted, inserted and replaced, lines duplicated, dropped and swapped, the text truncated,
//! punctuation, keywords, NUL, emoji, CJK, CR and odd line separators inserted. Each result is
//! parsed and analysed together with the rest of its workspace, and rendered in every output
//! format. Nothing may panic, every span of every diagnostic, label and fix must lie inside its
//! file on character boundaries, and the JSON output must parse.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use coord::cli::render::{self, Format};
#[path = "support/analyze.rs"]
mod analyze_support;
use analyze_support::{analyze, parse_date};
use coord::{Config, FileId, Span, Summary, Workspace};

use proptest::prelude::*;
use proptest::sample::Index;

/// A workspace to mutate: its files' names and texts.
type Group = Vec<(String, String)>;

fn plan_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            plan_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "plan") {
            out.push(path);
        }
    }
}

fn group_of(paths: &[PathBuf], root: &Path) -> Group {
    let mut files: Group = paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let name = p
                .strip_prefix(root)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/");
            Some((name, text))
        })
        .collect();
    files.sort();
    files
}

/// The corpus: one group per example folder (its files share a namespace), the CLI fixtures,
/// and, without examples, one group per rule fixture.
fn corpus() -> &'static [Group] {
    static CORPUS: OnceLock<Vec<Group>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut groups = Vec::new();
        let mut example_dirs: Vec<PathBuf> = std::fs::read_dir(root.join("examples"))
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        example_dirs.sort();
        for dir in example_dirs {
            let mut paths = Vec::new();
            if dir.is_dir() {
                plan_files(&dir, &mut paths);
            } else if dir.extension().is_some_and(|x| x == "plan") {
                paths.push(dir.clone());
            }
            if !paths.is_empty() {
                groups.push(group_of(&paths, root));
            }
        }
        let mut cli = Vec::new();
        plan_files(&root.join("tests/fixtures/cli"), &mut cli);
        if !cli.is_empty() {
            groups.push(group_of(&cli, root));
        }
        if groups.len() < 2 {
            let mut fixtures = Vec::new();
            plan_files(&root.join("tests/fixtures/rules"), &mut fixtures);
            fixtures.sort();
            groups.extend(
                fixtures
                    .iter()
                    .map(|p| group_of(std::slice::from_ref(p), root)),
            );
        }
        groups.retain(|g| !g.is_empty());
        assert!(!groups.is_empty(), "no plan files to mutate");
        groups
    })
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "\"",
    ",",
    "#",
    "##",
    "\0",
    "😀",
    "🎌🚀",
    "\r",
    "\r\n",
    "\n",
    "山田",
    "é",
    "\u{2028}",
    "\u{0B}",
    "\u{85}",
    "\t",
    "\u{feff}",
    "\\",
    "\"\\",
    " ",
    "person",
    "team",
    "task",
    "meeting",
    "liaison",
    "embedded",
    "rotation",
    "centralized-liaison",
    "owner",
    "depends-on",
    "members",
    "lead",
    "attendees",
    "allow",
    "parent",
    "from",
    "to",
    "attends",
    "2026-02-30",
    "2026-11-22",
    "45m",
    "1w",
    "45min",
    "0",
    "99999999999999999999999",
    "-",
    "_",
    "a,",
    "{}",
    "x {",
    "task t { depends-on t }",
    "team t { parent t }",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteByte(Index),
    InsertByte(Index, u8),
    ReplaceByte(Index, u8),
    DeleteChar(Index),
    InsertToken(Index, Index),
    ReplaceChar(Index, Index),
    DuplicateLine(Index),
    DeleteLine(Index),
    SwapLines(Index, Index),
    DeleteRange(Index, Index),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => any::<Index>().prop_map(Mutation::DeleteByte),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::InsertByte(i, b)),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::ReplaceByte(i, b)),
        1 => any::<Index>().prop_map(Mutation::DeleteChar),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(i, t)| Mutation::InsertToken(i, t)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(i, t)| Mutation::ReplaceChar(i, t)),
        1 => any::<Index>().prop_map(Mutation::DuplicateLine),
        1 => any::<Index>().prop_map(Mutation::DeleteLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::DeleteRange(a, b)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
    ]
}

/// The character boundary at or before `i.index(len + 1)`.
fn boundary(text: &str, i: &Index) -> usize {
    let mut at = i.index(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &mut String, m: &Mutation) {
    let mut bytes = std::mem::take(text).into_bytes();
    let lines = |t: &str| -> Vec<String> { t.split_inclusive('\n').map(str::to_string).collect() };
    match m {
        Mutation::DeleteByte(i) if !bytes.is_empty() => {
            bytes.remove(i.index(bytes.len()));
        }
        Mutation::InsertByte(i, b) => bytes.insert(i.index(bytes.len() + 1), *b),
        Mutation::ReplaceByte(i, b) if !bytes.is_empty() => {
            let at = i.index(bytes.len());
            bytes[at] = *b;
        }
        _ => {
            let mut t = String::from_utf8(bytes).expect("text is kept valid UTF-8");
            match m {
                Mutation::DeleteChar(i) => {
                    let at = boundary(&t, i);
                    if at < t.len() {
                        t.remove(at);
                    }
                }
                Mutation::InsertToken(i, tok) => {
                    let at = boundary(&t, i);
                    t.insert_str(at, TOKENS[tok.index(TOKENS.len())]);
                }
                Mutation::ReplaceChar(i, tok) => {
                    let at = boundary(&t, i);
                    if let Some(c) = t[at..].chars().next() {
                        t.replace_range(at..at + c.len_utf8(), TOKENS[tok.index(TOKENS.len())]);
                    }
                }
                Mutation::DuplicateLine(i) => {
                    let mut l = lines(&t);
                    if !l.is_empty() {
                        let at = i.index(l.len());
                        let copy = l[at].clone();
                        l.insert(at, copy);
                        t = l.concat();
                    }
                }
                Mutation::DeleteLine(i) => {
                    let mut l = lines(&t);
                    if !l.is_empty() {
                        l.remove(i.index(l.len()));
                        t = l.concat();
                    }
                }
                Mutation::SwapLines(a, b) => {
                    let mut l = lines(&t);
                    if !l.is_empty() {
                        let (a, b) = (a.index(l.len()), b.index(l.len()));
                        l.swap(a, b);
                        t = l.concat();
                    }
                }
                Mutation::DeleteRange(a, b) => {
                    let (a, b) = (boundary(&t, a), boundary(&t, b));
                    t.replace_range(a.min(b)..a.max(b), "");
                }
                Mutation::Truncate(i) => {
                    let at = boundary(&t, i);
                    t.truncate(at);
                }
                _ => {}
            }
            bytes = t.into_bytes();
        }
    }
    *text = String::from_utf8_lossy(&bytes).into_owned();
}

fn check_span(ws: &Workspace, file: FileId, span: Span, what: &str) {
    assert!(
        file.index() < ws.files.len(),
        "{what}: file {file:?} out of range"
    );
    let text = &ws.file(file).text;
    assert!(
        span.start() <= span.end() && span.end() <= text.len(),
        "{what}: span {span:?} outside {} ({} bytes)",
        ws.file(file).path,
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()),
        "{what}: span {span:?} not on character boundaries in {}",
        ws.file(file).path
    );
}

/// Analyses and renders a workspace, checking every invariant.
fn check_workspace(sources: Vec<(String, String)>) {
    let ws = Workspace::from_texts(sources);
    let today = parse_date("2026-11-22").unwrap();
    let analysis = analyze(&ws, &Config::default(), today);
    for d in &analysis.diagnostics {
        check_span(&ws, d.location.file, d.location.span, d.code);
        assert!(!d.message.is_empty(), "{}: empty message", d.code);
        for l in &d.labels {
            check_span(&ws, l.location.file, l.location.span, d.code);
        }
        for fix in &d.fixes {
            for e in &fix.edits {
                check_span(&ws, e.file, e.span, d.code);
            }
        }
    }
    let summary = Summary::of(&analysis.diagnostics, ws.files.len());
    for (format, color) in [
        (Format::Human, false),
        (Format::Human, true),
        (Format::Json, false),
        (Format::Sarif, false),
        (Format::Github, false),
    ] {
        let mut out = Vec::new();
        render::render(
            format,
            &ws,
            &analysis.diagnostics,
            &summary,
            color,
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).expect("output is UTF-8");
        if format == Format::Json {
            let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON output parses");
            assert_eq!(
                doc["diagnostics"].as_array().unwrap().len(),
                analysis.diagnostics.len()
            );
        }
        if format == Format::Github {
            assert_eq!(
                text.lines().count(),
                analysis.diagnostics.len(),
                "one line each"
            );
        }
    }
}

#[test]
fn the_corpus_itself_is_handled() {
    for group in corpus() {
        check_workspace(group.clone());
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        // `PROPTEST_CASES=20000` for a deeper run.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256),
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_plans_never_panic(
        group in any::<Index>(),
        file in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..10),
    ) {
        let groups = corpus();
        let mut sources = groups[group.index(groups.len())].clone();
        let at = file.index(sources.len());
        for m in &mutations {
            apply(&mut sources[at].1, m);
        }
        check_workspace(sources);
    }
}
