//! The formatter's properties: on generated plans and on re-laid-out and mutated example files
//! (idempotent, meaning kept, every comment kept in order), layout decisions, and the examples.
//! (`coord fmt` itself is tested in `tests/fmt.rs`.)

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config as PropConfig, TestRunner};

use crate::fmt::{format, format_range, Formatter};
use crate::syntax::lexer::{lex, Tok};
use crate::syntax::{parse, ItemKind, Span, ValueKind};
// ---------------------------------------------------------------------------------------------
// What a file means, independently of the formatter.

#[derive(Debug, PartialEq, Eq)]
struct Meaning {
    kind: &'static str,
    name: Option<String>,
    title: Option<String>,
    doc: Option<Vec<String>>,
    /// Each field's key and values.
    fields: Vec<(String, Vec<ValueMeaning>)>,
}

/// A value's kind, with the text of a name or a string.
type ValueMeaning = (ValueKind, Option<String>);

fn meaning(text: &str) -> Vec<Meaning> {
    let file = parse(text);
    assert!(
        file.errors.is_empty(),
        "expected no syntax errors in:\n{text}\n{:?}",
        file.errors
    );
    file.items
        .iter()
        .map(|it| Meaning {
            kind: it.kind.keyword(),
            name: it.name_text(&file).map(str::to_string),
            title: it.title(&file).map(str::to_string),
            // The formatter removes spaces at the ends of lines, comments included.
            doc: it
                .doc(&file)
                .map(|d| d.split('\n').map(|l| l.trim_end().to_string()).collect()),
            fields: it
                .fields(&file)
                .iter()
                .map(|f| {
                    (
                        f.key_text(&file).to_string(),
                        f.values(&file)
                            .iter()
                            .map(|v| {
                                let text = v.as_ident(&file).or(v.string(&file));
                                (v.kind(&file), text.map(str::to_string))
                            })
                            .collect(),
                    )
                })
                .collect(),
        })
        .collect()
}

fn comment_texts(text: &str) -> Vec<String> {
    parse(text)
        .comments
        .iter()
        .map(|c| text[c.span.range()].trim_end().to_string())
        .collect()
}

/// Every property a formatted text must have, given the text it came from.
fn check_formatted(input: &str) -> Result<(), TestCaseError> {
    let out = match format(input) {
        Ok(out) => out,
        Err(e) => {
            return Err(TestCaseError::fail(format!(
                "refused a valid file: {e:?}\n---\n{input}"
            )))
        }
    };
    let again = format(&out)
        .map_err(|e| TestCaseError::fail(format!("refused its own output: {e:?}\n---\n{out}")))?;
    prop_assert_eq!(&again, &out, "not idempotent; input:\n{}", input);
    prop_assert_eq!(
        meaning(&out),
        meaning(input),
        "meaning changed; output:\n{}",
        out
    );
    prop_assert_eq!(
        comment_texts(&out),
        comment_texts(input),
        "comments changed; output:\n{}",
        out
    );
    // Layout invariants.
    let body = out.strip_prefix('\u{feff}').unwrap_or(&out);
    prop_assert_eq!(out.starts_with('\u{feff}'), input.starts_with('\u{feff}'));
    if !body.is_empty() {
        prop_assert!(body.ends_with('\n'), "no final newline:\n{}", out);
        prop_assert!(
            !body.starts_with('\n') && !body.starts_with("\r\n"),
            "leading blank line:\n{}",
            out
        );
    }
    let crlf = input
        .find('\n')
        .is_some_and(|i| i > 0 && input.as_bytes()[i - 1] == b'\r');
    let lines: Vec<&str> = body.split('\n').collect();
    for line in &lines[..lines.len().saturating_sub(1)] {
        prop_assert_eq!(
            line.ends_with('\r'),
            crlf,
            "line ending not kept:\n{:?}",
            out
        );
        let line = line.strip_suffix('\r').unwrap_or(line);
        prop_assert_eq!(line.trim_end(), line, "trailing spaces:\n{}", out);
        let indent = line.len() - line.trim_start_matches(' ').len();
        prop_assert!(
            matches!(indent, 0 | 2 | 4),
            "odd indentation {} in:\n{}",
            indent,
            out
        );
        prop_assert!(!line.starts_with('\t'), "tab indentation:\n{}", out);
    }
    let blank = if crlf { "\r\n\r\n\r\n" } else { "\n\n\n" };
    prop_assert!(!body.contains(blank), "two blank lines in a row:\n{}", out);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Generated plans.

fn ident() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z_][a-z0-9_-]{0,7}",
        1 => prop::sample::select(vec!["équipe_paris", "山田", "api-v2", "_x", "end-", "tasks", "team-x"]).prop_map(str::to_string),
    ]
    .prop_filter("not a keyword", |s| ItemKind::from_keyword(s).is_none())
}

/// A string literal as a user may write it (raw tabs included), with its decoded value.
fn string_literal() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            6 => "[a-zA-Z0-9 ,{}#é山😀]".prop_map(|s| s),
            1 => Just("\\\"".to_string()),
            1 => Just("\\\\".to_string()),
            1 => Just("\\n".to_string()),
            1 => Just("\\t".to_string()),
            1 => Just("\t".to_string()),
        ],
        0..8,
    )
    .prop_map(|parts| format!("\"{}\"", parts.concat()))
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => ident(),
        2 => string_literal(),
        1 => (0u32..10000, 0u32..100, 0u32..100).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        1 => (0u32..1000, prop::sample::select(vec!['m', 'h', 'd', 'w'])).prop_map(|(n, u)| format!("{n}{u}")),
        1 => "[0-9]{1,4}",
    ]
}

/// An item as its tokens.
fn item() -> impl Strategy<Value = Vec<String>> {
    let field = (ident(), prop::collection::vec(value(), 1..4));
    (
        prop::sample::select(ItemKind::ALL.map(ItemKind::keyword).to_vec()),
        ident(),
        prop::option::of(string_literal()),
        prop_oneof![
            1 => Just(None),
            3 => prop::collection::vec(field, 0..4).prop_map(Some),
        ],
    )
        .prop_map(|(kind, name, title, block)| {
            let mut toks = vec![kind.to_string(), name];
            toks.extend(title);
            if let Some(fields) = block {
                toks.push("{".into());
                for (key, values) in fields {
                    toks.push(key);
                    for (i, v) in values.into_iter().enumerate() {
                        if i > 0 {
                            toks.push(",".into());
                        }
                        toks.push(v);
                    }
                }
                toks.push("}".into());
            }
            toks
        })
}

/// What goes between two tokens.
#[derive(Debug, Clone)]
enum Gap {
    Nothing,
    Spaces(usize),
    Newlines(usize, &'static str),
    Comment {
        doc: bool,
        text: String,
        newlines: usize,
        eol: &'static str,
    },
}

fn gap() -> impl Strategy<Value = Gap> {
    let eol = prop::sample::select(vec!["\n", "\r\n"]);
    prop_oneof![
        2 => Just(Gap::Nothing),
        6 => (1usize..4).prop_map(Gap::Spaces),
        4 => (1usize..4, eol.clone()).prop_map(|(n, e)| Gap::Newlines(n, e)),
        3 => (any::<bool>(), "[ a-zA-Z#\"{},é]{0,10}", 1usize..3, eol)
            .prop_map(|(doc, text, newlines, eol)| Gap::Comment { doc, text, newlines, eol }),
    ]
}

fn is_punct(t: &str) -> bool {
    matches!(t, "{" | "}" | ",")
}

/// Start offsets of every field's first value in `text` (a valid plan): the gap before such a
/// value must keep it on its key's line.
fn first_value_starts(text: &str) -> Vec<usize> {
    let file = parse(text);
    let mut starts: Vec<usize> = file
        .all_fields()
        .iter()
        .filter_map(|f| f.values(&file).first().map(|v| v.span.start()))
        .collect();
    starts.sort_unstable();
    starts
}

/// Joins tokens with the gaps (cycled), keeping the text valid: no gap is empty between two
/// words, a comment always ends its line, and a field's first value stays on its key's line.
fn render(tokens: &[String], gaps: &[Gap], bom: bool, indent: bool) -> String {
    let mut out = String::new();
    if bom {
        out.push('\u{feff}');
    }
    let spaced = tokens.join(" ");
    let first_values = first_value_starts(&spaced);
    let mut offset = 0;
    let mut same_line = Vec::with_capacity(tokens.len());
    for t in tokens {
        same_line.push(first_values.binary_search(&offset).is_ok());
        offset += t.len() + 1;
    }
    for i in 0..=tokens.len() {
        let g = &gaps[i % gaps.len()];
        let g = match g {
            Gap::Newlines(..) | Gap::Comment { .. } if same_line.get(i) == Some(&true) => {
                &Gap::Spaces(1)
            }
            g => g,
        };
        let prev = i.checked_sub(1).map(|j| tokens[j].as_str());
        let next = tokens.get(i).map(String::as_str);
        match g {
            Gap::Nothing
                if prev.is_some_and(is_punct)
                    || next.is_some_and(is_punct)
                    || prev.is_none()
                    || next.is_none() => {}
            Gap::Nothing | Gap::Spaces(_) => {
                let n = if let Gap::Spaces(n) = g { *n } else { 1 };
                out.push_str(&" ".repeat(n));
            }
            Gap::Newlines(n, eol) => {
                out.push_str(&eol.repeat(*n));
                if indent {
                    out.push('\t');
                }
            }
            Gap::Comment {
                doc,
                text,
                newlines,
                eol,
            } => {
                out.push(' ');
                out.push_str(if *doc { "##" } else { "#" });
                out.push_str(text);
                out.push_str(&eol.repeat(*newlines));
                if indent {
                    out.push_str("  ");
                }
            }
        }
        if let Some(t) = next {
            out.push_str(t);
        }
    }
    out
}

fn plan() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(item(), 0..7),
        prop::collection::vec(gap(), 1..24),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(items, gaps, bom, indent)| render(&items.concat(), &gaps, bom, indent))
}

proptest! {
    #![proptest_config(PropConfig { cases: 600, ..PropConfig::default() })]

    #[test]
    fn generated_plans_format_stably(text in plan()) {
        check_formatted(&text)?;
    }

    #[test]
    fn range_formatting_agrees_with_whole_file(text in plan(), at in 0usize..400) {
        let at = at.min(text.len());
        let whole = format(&text).unwrap();
        if let Some((span, new)) = format_range(&text, Span::at(at)).unwrap() {
            let mut patched = text.clone();
            patched.replace_range(span.range(), &new);
            // The touched items are in their final layout; formatting the rest gives the
            // whole file's layout.
            prop_assert_eq!(meaning(&patched), meaning(&text));
            prop_assert_eq!(comment_texts(&patched), comment_texts(&text));
            prop_assert_eq!(&format(&patched).unwrap(), &whole);
        }
        if whole == text {
            prop_assert_eq!(format_range(&text, Span::at(at)).unwrap(), None);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Example files: re-laid out, commented, and mutated byte by byte.

fn plan_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            plan_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "plan") {
            out.push(p);
        }
    }
}

/// The example plans, or the rule fixtures when there are no examples yet.
fn corpus() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    plan_files(&root.join("examples"), &mut files);
    if files.is_empty() {
        plan_files(&root.join("tests/fixtures"), &mut files);
    }
    assert!(!files.is_empty(), "no example or fixture plans found");
    files
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
        .collect()
}

/// The tokens and comments of a valid file, in order, re-joined with the given gaps (a comment
/// keeps its line end).
fn relayout(text: &str, gaps: &[Gap]) -> String {
    let lexed = lex(text);
    let first_values = first_value_starts(text);
    // (is a comment, text, is a field's first value)
    let mut parts: Vec<(bool, &str, bool)> = lexed
        .tokens
        .iter()
        .map(|(_, s)| {
            let first = first_values.binary_search(&s.start()).is_ok();
            (false, &text[s.range()], first)
        })
        .collect();
    for c in &lexed.comments {
        let at = lexed
            .tokens
            .partition_point(|(_, s)| s.start() < c.span.start());
        let idx = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.0)
            .nth(at)
            .map_or(parts.len(), |(i, _)| i);
        parts.insert(idx, (true, &text[c.span.range()], false));
    }
    let mut out = String::new();
    for (i, &(is_comment, t, first_value)) in parts.iter().enumerate() {
        if i > 0 && first_value && !parts[i - 1].0 {
            out.push(' ');
        } else if i > 0 {
            match &gaps[i % gaps.len()] {
                Gap::Nothing if is_punct(t) || is_punct(parts[i - 1].1) => {}
                Gap::Newlines(n, eol) => out.push_str(&eol.repeat(*n)),
                Gap::Comment { text, eol, .. } => {
                    out.push_str(" #");
                    out.push_str(text);
                    out.push_str(eol);
                }
                _ => out.push(' '),
            }
        }
        out.push_str(t);
        if is_comment {
            out.push('\n');
        }
    }
    out
}

#[test]
fn examples_are_stable() {
    let mut not_canonical = Vec::new();
    for (path, text) in corpus() {
        let file = parse(&text);
        if !file.errors.is_empty() {
            let before = text.clone();
            assert!(
                format(&text).is_err(),
                "{} has syntax errors but was formatted",
                path.display()
            );
            assert_eq!(text, before);
            continue;
        }
        let mut runner = TestRunner::new(PropConfig {
            cases: 1,
            ..PropConfig::default()
        });
        runner
            .run(&Just(text.clone()), |t| check_formatted(&t))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if format(&text).unwrap() != text {
            not_canonical.push(path.display().to_string());
        }
    }
    if !not_canonical.is_empty() {
        println!(
            "note: not in canonical layout (run `coord fmt`): {}",
            not_canonical.join(", ")
        );
    }
}

#[test]
fn relaid_out_examples_format_stably() {
    let files: Vec<(PathBuf, String)> = corpus()
        .into_iter()
        .filter(|(_, t)| parse(t).errors.is_empty())
        .collect();
    let mut runner = TestRunner::new(PropConfig {
        cases: 300,
        ..PropConfig::default()
    });
    let strategy = (0..files.len(), prop::collection::vec(gap(), 1..16));
    runner
        .run(&strategy, |(i, gaps)| {
            let text = relayout(&files[i].1, &gaps);
            check_formatted(&text)
        })
        .unwrap();
}

#[test]
fn mutated_examples_never_crash_and_never_change_meaning() {
    let files = corpus();
    let mut runner = TestRunner::new(PropConfig {
        cases: 500,
        ..PropConfig::default()
    });
    let strategy = (
        0..files.len(),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                prop_oneof![Just(None), "[ \n#\"{},a-z0-9\\\\]".prop_map(Some)],
            ),
            1..4,
        ),
    );
    runner
        .run(&strategy, |(i, edits)| {
            let mut text = files[i].1.clone();
            for (at, insert) in edits {
                if text.is_empty() {
                    break;
                }
                let mut pos = at.index(text.len());
                while !text.is_char_boundary(pos) {
                    pos -= 1;
                }
                match insert {
                    Some(s) => text.insert_str(pos, &s),
                    None => {
                        let c = text[pos..].chars().next().map_or(0, char::len_utf8);
                        text.replace_range(pos..pos + c, "");
                    }
                }
            }
            if parse(&text).errors.is_empty() {
                check_formatted(&text)
            } else {
                prop_assert!(
                    format(&text).is_err(),
                    "a file with syntax errors was formatted"
                );
                Ok(())
            }
        })
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// Chosen layout, case by case.

#[test]
fn layout_decisions() {
    let cases: &[(&str, &str)] = &[
        // Blocks are always multi-line; empty braces go.
        (
            "team e \"E\" { lead zoe }",
            "team e \"E\" {\n  lead zoe\n}\n",
        ),
        ("person zoe {}", "person zoe\n"),
        ("person zoe { # why\n}", "person zoe { # why\n}\n"),
        // Brace-less items on adjacent lines stay grouped; a blank line around blocks.
        (
            "person a\nperson b\nteam t { lead a }\nperson c",
            "person a\nperson b\n\nteam t {\n  lead a\n}\n\nperson c\n",
        ),
        ("person a\n\n\n\nperson b", "person a\n\nperson b\n"),
        ("person a person b", "person a\nperson b\n"),
        // Values: `, ` between them; a field's continuation lines only when a comment forces it.
        (
            "team t { members a ,b,\n c }",
            "team t {\n  members a, b, c\n}\n",
        ),
        (
            "team t { members a, # first\n b }",
            "team t {\n  members a, # first\n    b\n}\n",
        ),
        (
            "team t { members a # first\n , b }",
            "team t {\n  members a, # first\n    b\n}\n",
        ),
        // Comments in a header.
        (
            "team # c\n t { lead a }",
            "team # c\n    t {\n  lead a\n}\n",
        ),
        ("team t # c\n{ lead a }", "team t { # c\n  lead a\n}\n"),
        // No blank line at the start of a block or before its end; kept between fields.
        (
            "team t {\n\n  lead a\n\n\n  members b\n\n}",
            "team t {\n  lead a\n\n  members b\n}\n",
        ),
        // Doc comments stay attached; a detached `##` stays detached.
        (
            "## Doc\nteam t { lead a }\n## Not doc\n\nperson a",
            "## Doc\nteam t {\n  lead a\n}\n\n## Not doc\n\nperson a\n",
        ),
        (
            "team t { lead a }\n## Doc\nperson a",
            "team t {\n  lead a\n}\n\n## Doc\nperson a\n",
        ),
        // Trailing spaces in comments go; strings are re-escaped.
        (
            "# note   \nperson a \"tab\there\"",
            "# note\nperson a \"tab\\there\"\n",
        ),
        // Only comments, and nothing.
        ("\n\n# a\n\n\n# b\n\n", "# a\n\n# b\n"),
        ("", ""),
        ("\u{feff}", "\u{feff}"),
        ("  \n\n", ""),
    ];
    for (input, expected) in cases {
        assert_eq!(format(input).as_deref(), Ok(*expected), "input: {input:?}");
        assert_eq!(
            format(expected).as_deref(),
            Ok(*expected),
            "not stable: {expected:?}"
        );
    }
}

#[test]
fn syntax_errors_are_refused_with_their_place() {
    for bad in [
        "team a { lead }",
        "person a \"open",
        "team a {",
        "meeting m { length 45min }",
        "person a @",
    ] {
        let e = format(bad).unwrap_err();
        assert!(e.message.starts_with("not formatted"), "{}", e.message);
        assert!(e.span.end() <= bad.len());
        assert!(format_range(bad, Span::at(0)).is_err());
    }
}

#[test]
fn large_files_format_quickly() {
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!(
            "# task {i}\ntask t{i} \"Task {i}\" {{ owner p{}  due 2026-11-15 depends-on t{}, t{} }}\n",
            i % 50,
            i / 2,
            i / 3
        ));
    }
    let start = std::time::Instant::now();
    let out = format(&text).unwrap();
    assert!(out.len() > text.len());
    // Generous: debug build on a shared machine; release is far faster.
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}
#[test]
fn tokens_survive_formatting() {
    // A cheap cross-check of the lexer's view: the formatted file has the same tokens, with
    // strings compared by value.
    let input = "task t \"a\tb\" { owner p  due 2026-02-30 depends-on x,y status todo }";
    let out = format(input).unwrap();
    let toks = |s: &str| -> Vec<(Tok, String)> {
        let l = lex(s);
        l.tokens
            .iter()
            .map(|(t, sp)| (*t, crate::syntax::lexer::unescape(&s[sp.range()])))
            .collect()
    };
    assert_eq!(toks(&out), toks(input));
}

/// The shipped examples are in the canonical layout, as `coord fmt --check` would require in
/// a user's CI (the deliberately broken showcase file aside).
#[test]
fn examples_are_in_canonical_layout() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut stack = vec![root];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "plan") {
                let text = std::fs::read_to_string(&path).unwrap();
                if !parse(&text).errors.is_empty() {
                    continue;
                }
                checked += 1;
                assert_eq!(
                    format(&text).unwrap(),
                    text,
                    "{} is not formatted: run `coord fmt examples`",
                    path.display()
                );
            }
        }
    }
    assert!(checked >= 5, "expected the example plans, found {checked}");
}

// ---------------------------------------------------------------------------------------------
// The layout's grammar stands in for the parser, and `--check` stops early: both must agree
// with the slow, plain answers.

/// Tokens, spaces, line breaks and comments, glued in any order.
const SOUP: &[&str] = &[
    "team",
    "person",
    "task",
    " a",
    " b",
    " \"T\"",
    " \"x\\ty\"",
    "{",
    "}",
    ",",
    " ",
    " owner",
    " 2026-01-01",
    " 3d",
    " 7",
    " 09:30",
    " 9:3",
    "@",
    "  ",
    "\n",
    "\r\n",
    "# c\n",
    " ## d\n",
    "\n\n",
    "\u{feff}",
];

/// Generated items with a few tokens inserted or removed, joined by spaces, line breaks and
/// comments (a field's first value may land on the next line): texts near a valid plan.
fn near_plan() -> impl Strategy<Value = String> {
    let gap = prop::sample::select(vec![
        " ", " ", " ", "  ", "", "\n", "\n\n", " # c\n", " ## d\n", "\r\n", "\n## e\n",
    ]);
    (
        prop::collection::vec(item(), 0..5),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                prop::option::of(prop::sample::select(SOUP)),
            ),
            0..3,
        ),
        prop::collection::vec(gap, 1..16),
    )
        .prop_map(|(items, edits, gaps)| {
            let mut tokens = items.concat();
            for (at, insert) in edits {
                let i = at.index(tokens.len() + 1);
                match insert {
                    Some(t) => tokens.insert(i, t.to_string()),
                    None if i < tokens.len() => {
                        tokens.remove(i);
                    }
                    None => {}
                }
            }
            let mut out = String::new();
            for (i, t) in tokens.iter().enumerate() {
                if i > 0 {
                    out.push_str(gaps[i % gaps.len()]);
                }
                out.push_str(t);
            }
            out
        })
}

fn token_soup() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => prop::collection::vec(prop::sample::select(SOUP), 0..28).prop_map(|parts| parts.concat()),
        3 => near_plan(),
    ]
}

proptest! {
    #![proptest_config(PropConfig { cases: 2000, ..PropConfig::default() })]

    /// The formatter refuses exactly the texts the parser finds errors in, with the parser's
    /// first error, and checking agrees with formatting (memory kept from text to text).
    #[test]
    fn refuses_exactly_what_the_parser_refuses(text in token_soup(), before in token_soup()) {
        let errors = parse(&text).errors;
        let formatted = format(&text);
        match &formatted {
            Ok(out) => prop_assert!(errors.is_empty(), "formatted a file with syntax errors {:?}\n{}\n---\n{}", errors, text, out),
            Err(e) => {
                prop_assert!(!errors.is_empty(), "refused a file without syntax errors: {}\n{}", e.message, text);
                prop_assert_eq!(e.span, errors[0].span);
                prop_assert!(e.message.contains(&errors[0].message));
            }
        }
        let mut formatter = Formatter::default();
        let _ = formatter.format(&before);
        let _ = formatter.is_formatted(&before);
        prop_assert_eq!(&formatter.format(&text), &formatted);
        let checked = formatter.is_formatted(&text);
        match (&formatted, &checked) {
            (Ok(out), Ok(same)) => {
                prop_assert_eq!(*out == text, *same);
                prop_assert_eq!(formatter.is_formatted(out), Ok(true));
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            _ => prop_assert!(false, "format {:?} but is_formatted {:?}", formatted, checked),
        }
    }

    /// On generated plans (CRLF and BOM included), checking says what formatting says.
    #[test]
    fn checking_agrees_with_formatting(text in plan()) {
        let out = format(&text).unwrap();
        let mut formatter = Formatter::default();
        prop_assert_eq!(formatter.is_formatted(&text), Ok(out == text));
        prop_assert_eq!(formatter.is_formatted(&out), Ok(true));
        // A difference at the very end only.
        let mut longer = out.clone();
        longer.push('\n');
        prop_assert_eq!(formatter.is_formatted(&longer), Ok(format(&longer).unwrap() == longer));
    }
}
