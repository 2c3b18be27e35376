//! Hostile inputs: nothing may panic, hang, or use time or memory out of proportion to the
//! input.
//!
//! - 100,000 nested braces (in several shapes), in-process and through the binary;
//! - a very long line (a comment, a title, a name, an unterminated string, unknown characters,
//!   items one after another), and many findings on one line;
//! - a big realistic plan (time and peak memory measured in a child process);
//! - 100,000 errors in one file: the human report stays bounded and says how many more;
//! - NUL and control characters: clear syntax errors, and nothing raw reaches the terminal;
//! - files that are not UTF-8, symbolic link loops and broken links, FIFOs, folders named like
//!   plans, endless devices; `coord.toml` files that are not TOML or say unknown things;
//! - the inputs the fuzzers in `fuzz/` found (`tests/fixtures/hostile/`).
//!
//! Sizes: a 50 MB plan and a 10 MB line in an optimized build (`cargo test --release --test
//! hostile`) or with `HOSTILE_FULL=1`; a 12 MB plan and a 2 MB line in a debug build, which
//! keeps this file near a minute there. Big inputs are generated at test time (into a
//! temporary directory for the binary); nothing big is checked in.
//!
//! The CLI cases run the real binary with a deadline: a run that does not finish in time is
//! killed and the test fails. In-process cases run on a separate thread with a deadline too
//! (and that thread's default 2 MiB stack, smaller than the binary's main thread, so deep
//! recursion shows up here first).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use coord::cli::render::{self, Format};
#[path = "support/analyze.rs"]
mod analyze_support;
use analyze_support::analyze;
use coord::{Analysis, Config, Date, FileId, PlanFile, Span, Summary, Workspace};

use line_index::WideEncoding;

const TODAY: Date = Date {
    year: 2026,
    month: 3,
    day: 1,
};

// ------------------------------------------------------------------------------------------
// Running things with a deadline

struct Run {
    code: Option<i32>,
    /// Standard output (its first `KEEP` and last `TAIL` bytes when it is longer).
    stdout: String,
    /// The whole length of standard output.
    stdout_len: usize,
    stderr: String,
    took: Duration,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let short = |s: &str| -> String {
            match s.char_indices().nth(2000) {
                Some((i, _)) => format!("{}[... {} bytes in all]", &s[..i], s.len()),
                None => s.to_string(),
            }
        };
        f.debug_struct("Run")
            .field("code", &self.code)
            .field("stdout", &short(&self.stdout))
            .field("stdout_len", &self.stdout_len)
            .field("stderr", &short(&self.stderr))
            .field("took", &self.took)
            .finish()
    }
}

/// How much of each output stream a run keeps: the first `KEEP` bytes and the last `TAIL`.
const KEEP: usize = 4 << 20;
const TAIL: usize = 64 << 10;

/// Runs `coord ARGS` in `dir`, killing it (and failing) if it takes longer than `limit`.
fn coord(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_coord"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the coord binary runs");
    // Read both pipes on their own threads so a full pipe never blocks the child; keep the
    // first `KEEP` bytes of each and count the rest.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let mut tail = std::collections::VecDeque::<u8>::new();
            let mut total = 0usize;
            let mut buf = vec![0u8; 64 * 1024];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                total += n;
                let room = KEEP.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
                if n > room {
                    tail.extend(&buf[room..n]);
                    let excess = tail.len().saturating_sub(TAIL);
                    tail.drain(..excess);
                }
            }
            if total > KEEP {
                kept.extend_from_slice(b"\n[...]\n");
                kept.extend(tail);
            }
            (kept, total)
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for coord") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`coord {}` did not finish within {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let (stdout, stdout_len) = out.join().unwrap();
    let (stderr, _) = err.join().unwrap();
    let run = Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stdout_len,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        took: start.elapsed(),
    };
    eprintln!(
        "`coord {}`: {:.2?}, {} bytes of output",
        args.join(" "),
        run.took,
        run.stdout_len
    );
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "coord panicked: {}",
        run.stderr
    );
    assert!(run.code.is_some(), "coord was killed by a signal: {run:?}");
    run
}

/// Runs `f` on its own thread (default 2 MiB stack) and fails if it takes longer than `limit`.
/// The limits are hang guards (a quadratic case takes hours on these inputs), not performance
/// targets: they are generous so that a loaded machine does not fail them; speed is measured by
/// the benchmarks.
fn within<T: Send + 'static>(
    what: &str,
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    let start = Instant::now();
    let handle = std::thread::Builder::new()
        .name(what.to_string())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .unwrap();
    let value = match rx.recv_timeout(limit) {
        Ok(value) => value,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what}: did not finish within {limit:?}")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
            // The thread panicked (or overflowed its stack, which aborts the process).
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the thread ended without sending"),
        },
    };
    eprintln!("{what}: {:.2?}", start.elapsed());
    value
}

/// Whether to use the full sizes (a 50 MB plan, a 10 MB line): in an optimized build
/// (`cargo test --release --test hostile`), or when `HOSTILE_FULL=1`. A debug build takes over
/// a minute for the 50 MB plan alone (generating, parsing and checking unoptimized), so there
/// the sizes are smaller by default: a 12 MB plan (100,000 tasks) and a 2 MB line.
fn full_size() -> bool {
    !cfg!(debug_assertions) || std::env::var_os("HOSTILE_FULL").is_some_and(|v| v == "1")
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

// ------------------------------------------------------------------------------------------
// Checking in-process

/// Every span of every diagnostic, label and fix lies inside its file on character boundaries.
fn assert_spans_in_bounds(ws: &Workspace, analysis: &Analysis) {
    let ok = |file: FileId, span: Span, what: &str| {
        let text = &ws.file(file).text;
        assert!(
            span.start() <= span.end()
                && span.end() <= text.len()
                && text.is_char_boundary(span.start())
                && text.is_char_boundary(span.end()),
            "{what}: span {span:?} is not inside the text ({} bytes) on character boundaries",
            text.len()
        );
    };
    for d in &analysis.diagnostics {
        ok(d.location.file, d.location.span, d.code);
        for l in &d.labels {
            ok(l.location.file, l.location.span, d.code);
        }
        for f in &d.fixes {
            for e in &f.edits {
                ok(e.file, e.span, d.code);
            }
        }
    }
}

/// Every output format, and the machine-readable ones (the human renderer is slow on huge
/// inputs in a debug build; the binary tests cover it).
const ALL_FORMATS: &[Format] = &[Format::Human, Format::Json, Format::Sarif, Format::Github];
const MACHINE_FORMATS: &[Format] = &[Format::Json, Format::Github];

/// Everything a hostile file goes through in-process: parse, analysis (every span checked),
/// rendering in `formats`, position conversions, and the formatter. Returns the findings'
/// codes and messages.
fn check_in_process(text: String, formats: &[Format]) -> Vec<(&'static str, String)> {
    let ws = Workspace::from_texts(vec![("hostile.plan".into(), text)]);
    let analysis = analyze(&ws, &Config::default(), TODAY);
    assert_spans_in_bounds(&ws, &analysis);
    let summary = Summary::of(&analysis.diagnostics, ws.files.len());
    for &format in formats {
        let mut out = Vec::new();
        render::render(
            format,
            &ws,
            &analysis.diagnostics,
            &summary,
            false,
            &mut out,
        )
        .unwrap();
        if format == Format::Json {
            serde_json::from_slice::<serde_json::Value>(&out).expect("the JSON output parses");
        }
    }
    positions_in_file(ws.file(FileId(0)));
    let text = &ws.file(FileId(0)).text;
    match coord::fmt::format(text) {
        Ok(out) => assert!(coord::syntax::parse(&out).errors.is_empty()),
        Err(e) => assert!(
            e.span.start() <= e.span.end() && e.span.end() <= text.len(),
            "{e:?}"
        ),
    }
    analysis
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.clone()))
        .collect()
}

/// Position conversions at a few offsets and positions stay in the text.
fn positions_in_file(file: &PlanFile) {
    let len = file.text.len();
    for enc in [None, Some(WideEncoding::Utf16), Some(WideEncoding::Utf32)] {
        for offset in [0, 1, len / 3, len / 2, len.saturating_sub(1), len, len + 1] {
            let (line, col) = file.line_col_encoded(offset, enc);
            let back = file.offset_of(line, col, enc);
            assert!(back <= len && file.text.is_char_boundary(back));
            file.line_col_chars(offset);
        }
        for (line, col) in [(0, 0), (0, u32::MAX), (1, 5), (u32::MAX, u32::MAX)] {
            let at = file.offset_of(line, col, enc);
            assert!(at <= len && file.text.is_char_boundary(at));
        }
    }
}

fn syntax_errors(found: &[(&'static str, String)]) -> usize {
    found.iter().filter(|(code, _)| *code == "syntax").count()
}

// ------------------------------------------------------------------------------------------
// Deep nesting

/// Shapes of 100,000-deep nesting: bare braces, braces after an item header, blocks opened
/// inside blocks, and as many closing braces.
fn nested_shapes() -> Vec<(&'static str, String)> {
    const N: usize = 100_000;
    vec![
        ("bare `{`", "{".repeat(N)),
        ("`team t {` then `{`", format!("team t {}", "{".repeat(N))),
        (
            "field values of `{`",
            format!("team t {{\n  members {}\n}}\n", "{ ".repeat(N)),
        ),
        ("bare `}`", "}".repeat(N)),
        (
            "`{}` pairs nested",
            format!("{}{}", "{".repeat(N), "}".repeat(N)),
        ),
    ]
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_stack_overflow() {
    for (shape, text) in nested_shapes() {
        let found = within(shape, Duration::from_secs(120), move || {
            check_in_process(text, ALL_FORMATS)
        });
        assert!(syntax_errors(&found) > 0, "{shape}: no syntax error");
    }
}

#[test]
fn deep_nesting_through_the_binary() {
    let dir = temp();
    for (i, (shape, text)) in nested_shapes().into_iter().enumerate() {
        let name = format!("nested{i}.plan");
        write(dir.path(), &name, text);
        let run = coord(
            dir.path(),
            &["check", "--format", "json", &name],
            Duration::from_secs(120),
        );
        assert_eq!(run.code, Some(1), "{shape}: {}", run.stderr);
        assert!(
            run.stdout.contains("\"syntax\""),
            "{shape}: {}",
            &run.stdout[..run.stdout.len().min(500)]
        );
    }
}

// ------------------------------------------------------------------------------------------
// One very long line

/// The length of the long line: 10 MB, or 2 MB in a debug build unless [`full_size`] (still
/// enough to turn any per-finding scan of the line into minutes).
fn long_line_len() -> usize {
    if full_size() {
        10 << 20
    } else {
        2 << 20
    }
}

/// Items one after another on one line (each person is an `orphan-person` finding).
fn items_on_one_line(len: usize) -> String {
    let mut s = String::with_capacity(len + 64);
    let mut i = 0;
    while s.len() < len {
        use std::fmt::Write as _;
        write!(s, "person p{i} ").unwrap();
        i += 1;
    }
    s
}

/// A long line in the shapes a line can take, each with at most a few findings: a comment,
/// a title (non-ASCII), a name, an unterminated string, characters the language does not know.
fn long_lines() -> Vec<(&'static str, String)> {
    let n = long_line_len();
    vec![
        ("a comment", format!("person p\n# {}\n", "x".repeat(n))),
        ("a title", format!("person p \"{}\"\n", "é".repeat(n / 2))),
        ("a name", format!("person p{}\n", "x".repeat(n))),
        (
            "an unterminated string",
            format!("person p \"{}", "x".repeat(n)),
        ),
        (
            "unknown characters",
            format!("person p {}\n", "@".repeat(n)),
        ),
    ]
}

#[test]
fn a_long_line_checks_in_process() {
    let mut shapes = long_lines();
    shapes.push(("items on one line", items_on_one_line(long_line_len())));
    for (shape, text) in shapes {
        within(shape, Duration::from_secs(120), move || {
            check_in_process(text, MACHINE_FORMATS)
        });
    }
}

#[test]
fn a_long_line_through_the_binary() {
    let dir = temp();
    for (i, (shape, text)) in long_lines().into_iter().enumerate() {
        let name = format!("long{i}.plan");
        let size = text.len();
        write(dir.path(), &name, text);
        let run = coord(dir.path(), &["check", &name], Duration::from_secs(120));
        assert!(matches!(run.code, Some(0 | 1)), "{shape}: {run:?}");
        // At most a few findings: the output is proportional to the input (a long name is
        // quoted in the message, the label and the help).
        assert!(
            run.stdout_len < 16 * size,
            "{shape}: {} bytes of human output for a {size}-byte line",
            run.stdout_len
        );
        assert!(
            run.stdout.contains(" in 1 file"),
            "{shape}: no summary line"
        );
    }
}

/// Many findings on one long line: the human report shows a bounded number of them, each
/// with the part of the line around it, not the whole line again for every finding.
#[test]
fn many_findings_on_one_long_line_print_a_bounded_report() {
    let dir = temp();
    let cases = [
        ("items.plan", items_on_one_line(long_line_len())),
        ("errors.plan", many_errors(" ")),
    ];
    for (name, text) in cases {
        write(dir.path(), name, text);
        let run = coord(dir.path(), &["check", name], Duration::from_secs(120));
        assert!(matches!(run.code, Some(0 | 1)), "{name}: {run:?}");
        assert!(
            run.stdout_len < 1 << 20,
            "{name}: {} bytes of human output",
            run.stdout_len
        );
        assert!(
            count_of_more(&run.stdout).is_some(),
            "{name}: does not say how many more"
        );
    }
}

// ------------------------------------------------------------------------------------------
// A 50 MB plan

/// A realistic plan in one file from the synthetic organisation generator: about 50 MB
/// (420,000 tasks), or 12 MB (100,000 tasks) unless [`full_size`].
fn big_plan() -> String {
    let files = coord::synth::generate(&coord::synth::SynthOptions {
        tasks: if full_size() { 420_000 } else { 100_000 },
        files: 1,
        seed: 7,
    });
    files
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Peak resident memory of this process so far, in bytes (Linux).
fn peak_rss() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
fn a_fifty_megabyte_plan_checks_in_proportional_time_and_memory() {
    // Run alone in a child process so that the peak memory is this check's own.
    if std::env::var_os("HOSTILE_FIFTY_MB").is_none() {
        let exe = std::env::current_exe().unwrap();
        let start = Instant::now();
        let mut child = Command::new(exe)
            .args([
                "--exact",
                "a_fifty_megabyte_plan_checks_in_proportional_time_and_memory",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("HOSTILE_FIFTY_MB", "1")
            .spawn()
            .unwrap();
        let limit = Duration::from_secs(if cfg!(debug_assertions) && full_size() {
            300
        } else {
            60
        });
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                panic!("checking a big plan did not finish within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "checking a big plan failed: {status}");
        return;
    }
    let text = big_plan();
    let size = text.len();
    let tasks = if full_size() { 420_000 } else { 100_000 };
    assert!(size > tasks * 110, "the generated plan is {size} bytes");
    let before = peak_rss().unwrap_or(0);
    let start = Instant::now();
    let ws = Workspace::from_texts(vec![("big.plan".into(), text)]);
    let parsed = start.elapsed();
    let analysis = analyze(&ws, &Config::default(), TODAY);
    let took = start.elapsed();
    assert!(ws.file(FileId(0)).syntax.items.len() > tasks);
    assert!(
        !analysis.diagnostics.is_empty(),
        "the generator plants problems"
    );
    assert_spans_in_bounds(&ws, &analysis);
    if let (Some(after), true) = (peak_rss(), before > 0) {
        let grew = after.saturating_sub(before);
        eprintln!(
            "{} MB plan ({size} bytes): parsed in {parsed:.2?}, checked in {took:.2?}, peak memory +{} MB ({:.1}x the text)",
            size >> 20,
            grew >> 20,
            grew as f64 / size as f64
        );
        assert!(
            grew < 40 * size,
            "checking {size} bytes took {grew} bytes of memory ({}x)",
            grew / size
        );
    }
}

// ------------------------------------------------------------------------------------------
// 100,000 errors

/// 100,000 syntax errors (and as many `orphan-person` infos), separated by `sep`.
fn many_errors(sep: &str) -> String {
    let mut s = String::new();
    for i in 0..100_000 {
        s.push_str(&format!("person p{i} {{ role }}{sep}"));
    }
    s
}

/// The count in "N more" (or "N others"), if the text says how many more there are.
fn count_of_more(text: &str) -> Option<usize> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .collect();
    words.windows(2).find_map(|w| {
        let n: usize = w[0].replace(',', "").parse().ok()?;
        (w[1].starts_with("more") || w[1].starts_with("other")).then_some(n)
    })
}

#[test]
fn a_hundred_thousand_errors_in_process() {
    for sep in ["\n", " "] {
        let text = many_errors(sep);
        let found = within("100,000 errors", Duration::from_secs(60), move || {
            check_in_process(text, MACHINE_FORMATS)
        });
        assert!(
            syntax_errors(&found) >= 100_000,
            "{} syntax errors",
            syntax_errors(&found)
        );
    }
}

#[test]
fn a_hundred_thousand_errors_print_a_bounded_report_saying_how_many_more() {
    let dir = temp();
    {
        let name = "errors.plan";
        write(dir.path(), name, many_errors("\n"));
        let run = coord(dir.path(), &["check", name], Duration::from_secs(120));
        assert_eq!(run.code, Some(1), "{name}: {}", run.stderr);
        assert!(
            run.stdout_len < 1 << 20,
            "{name}: {} bytes of human output for 100,000 errors",
            run.stdout_len
        );
        let tail = &run.stdout[run.stdout.len().saturating_sub(4000)..];
        // The summary line counts every finding ("100000 errors, 100000 infos in 1 file") ...
        let summary = tail.lines().last().unwrap_or("");
        assert!(
            summary.starts_with("100000 errors") || summary.starts_with("100,000 errors"),
            "{name}: summary line {summary:?}"
        );
        let total: usize = summary
            .split(|c: char| !c.is_ascii_digit() && c != ',')
            .filter_map(|w| w.replace(',', "").parse::<usize>().ok())
            .sum::<usize>()
            - 1; // "in 1 file"
                 // ... and the report says how many it does not show.
        let more = count_of_more(&run.stdout);
        assert!(
            more.is_some_and(|n| n < total && n + 1000 > total),
            "{name}: the report does not say how many more of the {total} findings there are:\n{tail}"
        );
    }
    // Machine-readable output keeps every finding.
    let run = coord(
        dir.path(),
        &["check", "--format", "github", "errors.plan"],
        Duration::from_secs(60),
    );
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.starts_with("::"), "{}", &run.stdout[..200]);
    assert!(
        run.stdout_len > 100_000 * 60,
        "{} bytes of annotations for 200,000 findings",
        run.stdout_len
    );
}

// ------------------------------------------------------------------------------------------
// NUL and control characters

/// Characters that do not belong in a plan, each between two items.
const ODD_CHARACTERS: &[(char, &str)] = &[
    ('\0', "U+0000"),
    ('\u{7}', "U+0007"),
    ('\u{8}', "U+0008"),
    ('\u{1b}', "U+001B"),
    ('\u{7f}', "U+007F"),
    ('\u{9b}', "U+009B"),
    ('\u{202e}', "U+202E"),
    ('\u{200b}', "U+200B"),
    ('\u{feff}', "U+FEFF"),
];

#[test]
fn control_characters_are_clear_syntax_errors() {
    for &(c, code) in ODD_CHARACTERS {
        let text = format!("person a\n{c}\nperson b{c}c\nteam t {{ lead a{c} members b }}\n");
        let found = within(code, Duration::from_secs(10), move || {
            check_in_process(text, ALL_FORMATS)
        });
        let syntax: Vec<&String> = found
            .iter()
            .filter(|(k, _)| *k == "syntax")
            .map(|(_, m)| m)
            .collect();
        assert_eq!(syntax.len(), 3, "{code}: {syntax:?}");
        for message in syntax {
            // Named by code point: the character itself may be invisible, or rewrite the line.
            assert!(message.contains(code), "{code}: {message:?}");
            assert!(!message.contains(c), "{code}: {message:?}");
        }
    }
}

#[test]
fn a_file_of_nul_bytes_is_checked() {
    let found = within("NUL", Duration::from_secs(120), || {
        check_in_process("\0".repeat(1 << 20), ALL_FORMATS)
    });
    assert!(syntax_errors(&found) > 0);
    assert!(found.iter().any(|(_, m)| m.contains("U+0000")), "{found:?}");
}

#[test]
fn control_characters_never_reach_the_terminal() {
    // A plan is text from anyone (a pull request, a shared drive): escape sequences in it
    // must not reach the terminal or the CI log of whoever checks it (they can retitle the
    // window, hide lines, fake output).
    let dir = temp();
    let mut text = String::from("person a \"Ann\u{1b}]0;pwned\u{7}\"\n");
    for &(c, _) in ODD_CHARACTERS {
        text.push_str(&format!("person x{}{c}y\n", text.len()));
    }
    text.push_str("team t \"\u{1b}[2J\u{1b}[31mred\" { lead a\u{1b}[8m }\n# \u{1b}[1A\u{1b}[2K\n");
    write(dir.path(), "odd.plan", &text);
    let mut leaks = Vec::new();
    for format in ["human", "github"] {
        let run = coord(
            dir.path(),
            &["check", "--format", format, "odd.plan"],
            Duration::from_secs(120),
        );
        assert_eq!(run.code, Some(1), "{format}: {run:?}");
        let raw: Vec<char> = run
            .stdout
            .chars()
            .filter(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
            .collect();
        if !raw.is_empty() {
            leaks.push(format!("{format}: {raw:?}"));
        }
    }
    assert!(
        leaks.is_empty(),
        "the output carries raw control characters:\n{}",
        leaks.join("\n")
    );
    let run = coord(
        dir.path(),
        &["check", "--format", "json", "odd.plan"],
        Duration::from_secs(120),
    );
    assert!(
        !run.stdout.contains('\u{1b}'),
        "JSON escapes control characters"
    );
    serde_json::from_str::<serde_json::Value>(&run.stdout).expect("the JSON output parses");
}

// ------------------------------------------------------------------------------------------
// Files that cannot be read as plans

/// Exit status 2, nothing on standard output, and one line on standard error naming `what`.
fn assert_cannot_run(run: &Run, what: &[&str]) {
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{run:?}");
    for w in what {
        assert!(run.stderr.contains(w), "expected {w:?} in {:?}", run.stderr);
    }
}

#[test]
fn invalid_utf8_exits_2_naming_the_file() {
    let cases: &[(&str, &[u8])] = &[
        ("latin1.plan", b"person caf\xe9\n"),
        (
            "utf16.plan",
            b"\xff\xfep\x00e\x00r\x00s\x00o\x00n\x00 \x00a\x00\n\x00",
        ),
        ("overlong.plan", b"person a\n# \xc0\xaf\n"),
        ("surrogate.plan", b"person \xed\xa0\x80\n"),
        ("truncated.plan", b"person a \"\xf0\x9f\x98"),
        ("continuation.plan", b"\x80person a\n"),
    ];
    let dir = temp();
    write(dir.path(), "good.plan", "person g\n");
    for (name, bytes) in cases {
        let sub = format!("deep/er/{name}");
        write(dir.path(), &sub, bytes);
        // Alone, and found in a directory among good files.
        let run = coord(dir.path(), &["check", &sub], Duration::from_secs(10));
        assert_cannot_run(&run, &[&sub, "not valid UTF-8"]);
        let run = coord(dir.path(), &["check"], Duration::from_secs(10));
        assert_cannot_run(&run, &[&sub, "not valid UTF-8"]);
        std::fs::remove_file(dir.path().join(&sub)).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang_and_broken_links_are_named() {
    use std::os::unix::fs::symlink;
    let dir = temp();
    let root = dir.path();
    write(root, "plans/a.plan", "person a\nteam t { lead a }\n");
    // Folder links that loop: not followed.
    symlink(".", root.join("plans/here")).unwrap();
    symlink("..", root.join("plans/up")).unwrap();
    std::fs::create_dir_all(root.join("plans/x/y")).unwrap();
    symlink("../../x", root.join("plans/x/y/back")).unwrap();
    // A folder named like a plan: searched like any folder.
    write(
        root,
        "plans/folder.plan/b.plan",
        "person b\nteam u { lead b }\n",
    );
    // A link to a plan that is checked anyway: checked once (no duplicate definitions).
    symlink("a.plan", root.join("plans/again.plan")).unwrap();
    // A link to a plan outside the folder: checked.
    write(root, "elsewhere/c.plan", "person c\nteam v { lead c }\n");
    symlink("../elsewhere/c.plan", root.join("plans/c.plan")).unwrap();

    let run = coord(
        root,
        &["check", "--format", "json", "plans"],
        Duration::from_secs(120),
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 3, "{json}");
    assert!(
        !run.stdout.contains("duplicate-definition"),
        "{}",
        run.stdout
    );

    // A link to itself, and a dangling link: a clear error naming it.
    symlink("self.plan", root.join("plans/self.plan")).unwrap();
    let run = coord(root, &["check", "plans"], Duration::from_secs(120));
    assert_cannot_run(&run, &["plans/self.plan", "symbolic link", "loop"]);
    std::fs::remove_file(root.join("plans/self.plan")).unwrap();
    symlink("gone.plan", root.join("plans/dangling.plan")).unwrap();
    let run = coord(root, &["check", "plans"], Duration::from_secs(120));
    assert_cannot_run(&run, &["plans/dangling.plan", "does not exist"]);
    let run = coord(
        root,
        &["check", "plans/dangling.plan"],
        Duration::from_secs(120),
    );
    assert_cannot_run(&run, &["plans/dangling.plan", "no such file"]);
}

#[cfg(unix)]
#[test]
fn special_files_do_not_hang_or_fill_the_memory() {
    let dir = temp();
    write(dir.path(), "a.plan", "person a\nteam t { lead a }\n");
    // A FIFO named like a plan in a searched folder is not a plan file: skipped (opening
    // it would wait for a writer forever).
    let fifo = dir.path().join("pipe.plan");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let run = coord(dir.path(), &["check"], Duration::from_secs(120));
        assert_eq!(run.code, Some(0), "{run:?}");
    }
    // A folder named like a plan, given as the path: searched, and it has no plans.
    std::fs::create_dir(dir.path().join("x.plan")).unwrap();
    let run = coord(dir.path(), &["check", "x.plan"], Duration::from_secs(120));
    assert_cannot_run(&run, &["x.plan", "no .plan files"]);
    // An endless device given as the path: refused once it is larger than any plan.
    if Path::new("/dev/zero").exists() {
        let run = coord(
            dir.path(),
            &["check", "/dev/zero"],
            Duration::from_secs(120),
        );
        assert_cannot_run(&run, &["/dev/zero", "too large"]);
    }
}

// ------------------------------------------------------------------------------------------
// coord.toml

#[test]
fn a_bad_coord_toml_exits_2_naming_the_file_and_line() {
    let dir = temp();
    write(dir.path(), "plan.plan", "person a\nteam t { lead a }\n");
    let cases: &[(&str, &[u8], &[&str])] = &[
        (
            "not TOML",
            b"meeting-limit = 6\n[rules\n",
            &["coord.toml:2", "invalid TOML"],
        ),
        (
            "a plan, not TOML",
            b"person a\nteam t { lead a }\n",
            &["coord.toml:1", "invalid TOML"],
        ),
        (
            "unknown key",
            b"meeting-limit = 6\n\nmeeting-limt = 6\n",
            &["coord.toml:3", "meeting-limt"],
        ),
        (
            "unknown key named in a comment above",
            b"# meeting-limt was renamed\nmeeting-limit = 6\nmeeting-limt = 6\n",
            &["coord.toml:3", "meeting-limt"],
        ),
        (
            "unknown rule",
            b"[rules]\nunowned-task = \"off\"\nno-such-rule = \"off\"\n",
            &["coord.toml:3", "no-such-rule"],
        ),
        (
            "bad level",
            b"[rules]\nunowned-task = \"loud\"\n",
            &["coord.toml:2", "unowned-task"],
        ),
        (
            "wrong type",
            b"meeting-limit = \"six\"\n",
            &["coord.toml:1", "meeting-limit"],
        ),
        (
            "negative",
            b"meeting-limit = -1\n",
            &["coord.toml:1", "meeting-limit"],
        ),
        (
            "huge",
            b"meeting-limit = 99999999999999999999999\n",
            &["coord.toml:1"],
        ),
        (
            "bad duration",
            b"meeting-budget = \"99999999999999999999w\"\n",
            &["coord.toml:1", "meeting-budget"],
        ),
        ("NUL", b"meeting-limit = 6\0\n", &["coord.toml:1"]),
        (
            "not UTF-8",
            b"meeting-limit = 6 # caf\xe9\n",
            &["coord.toml", "valid utf-8"],
        ),
    ];
    for (what, bytes, expected) in cases {
        write(dir.path(), "coord.toml", bytes);
        let run = coord(dir.path(), &["check"], Duration::from_secs(10));
        assert_cannot_run(&run, expected);
        eprintln!("{what}: {}", run.stderr.trim_end());
    }
    // Deep nesting: an error, not a stack overflow.
    for deep in [
        format!("a = {}", "[".repeat(100_000)),
        format!("a = {}", "{ b = ".repeat(100_000)),
        "[a]\n".repeat(50_000),
        format!("{} = 1", vec!["a"; 50_000].join(".")),
    ] {
        write(dir.path(), "coord.toml", deep);
        let run = coord(dir.path(), &["check"], Duration::from_secs(120));
        assert_cannot_run(&run, &["coord.toml"]);
    }
}

// ------------------------------------------------------------------------------------------
// What the fuzzers found

/// What a file means to the formatter: items (kind, name, title, doc comment without trailing
/// white space) and their fields (keys and values), spans aside; `{}` and no block alike.
fn meaning(text: &str) -> Vec<String> {
    let file = coord::syntax::parse(text);
    file.items
        .iter()
        .map(|item| {
            let doc = item.doc(&file).map(|d| {
                d.split('\n')
                    .map(str::trim_end)
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            let fields: Vec<String> = item
                .fields(&file)
                .iter()
                .map(|f| {
                    let values: Vec<_> = f
                        .values(&file)
                        .iter()
                        .map(|v| (v.kind(&file), v.as_ident(&file).or(v.string(&file))))
                        .collect();
                    format!("{} {values:?}", f.key_text(&file))
                })
                .collect();
            format!(
                "{:?} {:?} {:?} {doc:?} {fields:?}",
                item.kind,
                item.name_text(&file),
                item.title(&file)
            )
        })
        .collect()
}

#[test]
fn fuzzer_findings_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "plan") {
            continue;
        }
        seen += 1;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("fixtures are UTF-8");
        // `check`: one file, and split in two at the middle line.
        within(&name, Duration::from_secs(10), {
            let text = text.clone();
            move || check_in_process(text, ALL_FORMATS)
        });
        let mut middle = text.len() / 2;
        while !text.is_char_boundary(middle) {
            middle -= 1;
        }
        let at = text[middle..]
            .find('\n')
            .map_or(text.len(), |i| middle + i + 1);
        let ws = Workspace::from_texts(vec![
            ("a.plan".into(), text[..at].to_string()),
            ("b.plan".into(), text[at..].to_string()),
        ]);
        assert_spans_in_bounds(&ws, &analyze(&ws, &Config::default(), TODAY));
        // `fmt`: formats to something that parses, means the same, and stays as it is.
        if let Ok(out) = coord::fmt::format(&text) {
            assert!(
                coord::syntax::parse(&out).errors.is_empty(),
                "{name}:\n{out}"
            );
            assert_eq!(meaning(&text), meaning(&out), "{name}:\n{out}");
            assert_eq!(coord::fmt::format(&out).as_ref(), Ok(&out), "{name}");
        }
        // `positions`.
        positions_in_file(&PlanFile::new(name, text));
    }
    assert!(seen > 0, "no fixtures in {}", dir.display());
}
