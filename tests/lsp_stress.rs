//! `coord lsp` under stress, end to end: the built binary spoken to over its standard input and
//! output with real `Content-Length` framing.
//!
//! - An edit storm: a workspace of four plan files (non-ASCII names, one CRLF file), three of
//!   them open, receives 1,000 random incremental edits (seeded; `COORD_STRESS_SEED=N` replays
//!   another storm) as fast as they can be written, with hover, completion and highlight
//!   requests (some cancelled) in between that are not waited for, and a format-on-save of
//!   the first document every hundred edits. The client keeps its own copy of every text,
//!   applying each edit as the protocol says (lines end at `\n`, `\r\n` or `\r`; a column past
//!   the end of a line means its end) in the negotiated encoding, once in UTF-8 and once in
//!   UTF-16. Every answer is checked against the text it was asked about; at the end the
//!   server's view must be the client's: formatting edits applied to the client's text give
//!   `coord::fmt::format` of it, document symbols match those computed from the text, and the
//!   last published diagnostics match `coord check --format json` on the same texts written
//!   to disk. Then `shutdown` and `exit` end the server at once with status 0. Requests not
//!   waited for may be answered `ContentModified` (their document changed before its
//!   analysis was done); one in eight is waited for and must be answered.
//! - Edit by edit: after each of 150 random edits, waited for one at a time, the diagnostics
//!   the server has published for every file (it publishes only those that changed) are what
//!   `coord check` finds in the same texts.
//! - Malformed frames: wrong lengths, bad JSON, JSON that is not JSON-RPC, a huge header line,
//!   a missing or absurd `Content-Length`, unknown headers. The server answers with an error,
//!   keeps serving what the framing lets it find, stays small in memory, and exits when its
//!   input ends.
//! - Cancellation: of `coord/sleep` (a slow request that only exists with
//!   `COORD_LSP_TEST_METHODS=1`), which ends with `RequestCancelled`, and of real requests on a
//!   large synthetic plan, which run to completion (they hold no `.await`) and are answered.
//!
//! Every wait has a deadline, so a hang fails the test instead of blocking it.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use coord::synth::Rng;
#[path = "support/analyze.rs"]
mod analyze_support;
use analyze_support::analyze;
use coord::{Config, Date, FileId, Span, Workspace};

use lsp_client::{frame, uri, Server, TODAY};

// -------------------------------------------------------------------------------------------
// -------------------------------------------------------------------------------------------
// Positions as the protocol defines them

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Enc {
    Utf8,
    Utf16,
}

fn units(s: &str, enc: Enc) -> u32 {
    match enc {
        Enc::Utf8 => s.len() as u32,
        Enc::Utf16 => s.encode_utf16().count() as u32,
    }
}

/// Each line as (start, end of content): lines end at `\n`, `\r\n` or `\r`.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                out.push((start, i));
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

/// Whether `offset` is somewhere a position can point: a character boundary, not inside a
/// `\r\n`.
fn is_position(text: &str, offset: usize) -> bool {
    text.is_char_boundary(offset)
        && !(offset > 0
            && text.as_bytes()[offset - 1] == b'\r'
            && text.as_bytes().get(offset) == Some(&b'\n'))
}

fn position(text: &str, offset: usize, enc: Enc) -> Value {
    assert!(
        is_position(text, offset),
        "offset {offset} is not a position"
    );
    let ls = lines(text);
    let line = ls.iter().rposition(|&(s, _)| s <= offset).unwrap();
    let (start, end) = ls[line];
    assert!(offset <= end, "offset {offset} in a line ending");
    json!({"line": line, "character": units(&text[start..offset], enc)})
}

/// The offset of a position; a column past the end of its line is the line's end (as the
/// protocol says), and so is one inside a character (which a client never sends).
fn offset(text: &str, pos: &Value, enc: Enc) -> usize {
    let line = pos["line"].as_u64().expect("a line") as usize;
    let character = pos["character"].as_u64().expect("a character") as u32;
    let ls = lines(text);
    let Some(&(start, end)) = ls.get(line) else {
        return text.len();
    };
    let mut n = 0;
    for (i, c) in text[start..end].char_indices() {
        if n >= character {
            return start + i;
        }
        n += units(c.encode_utf8(&mut [0; 4]), enc);
    }
    end
}

fn span(text: &str, range: &Value, enc: Enc) -> (usize, usize) {
    (
        offset(text, &range["start"], enc),
        offset(text, &range["end"], enc),
    )
}

/// Applies LSP text edits (non-overlapping, as the protocol requires) to `text`.
fn apply_edits(text: &str, edits: &[Value], enc: Enc) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            let (a, b) = span(text, &e["range"], enc);
            (a, b, e["newText"].as_str().unwrap())
        })
        .collect();
    spans.sort_by_key(|&(a, b, _)| (a, b));
    for w in spans.windows(2) {
        assert!(w[0].1 <= w[1].0, "overlapping edits: {edits:?}");
    }
    let mut out = text.to_string();
    for (a, b, new) in spans.into_iter().rev() {
        assert!(a <= b, "an edit whose end is before its start: {edits:?}");
        out.replace_range(a..b, new);
    }
    out
}

/// A position of `coord check --format json` (1-based line, 1-based column in characters,
/// lines ending at `\n`) as a byte offset.
fn json_offset(text: &str, line: u64, column: u64) -> usize {
    let mut start = 0;
    for _ in 1..line {
        start += text[start..]
            .find('\n')
            .map_or(text.len() - start, |i| i + 1);
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    text[start..end]
        .char_indices()
        .nth(column as usize - 1)
        .map_or(end, |(i, _)| start + i)
}

// -------------------------------------------------------------------------------------------
// The edit storm

/// The workspace: (file name, text, opened in the editor).
fn storm_files() -> Vec<(&'static str, String, bool)> {
    let people = "## The people 😀\r\nperson alice \"Alice Müller\" { role \"lead\" }\r\nperson bob \"Bob 山田\"\r\nperson carol\r\nperson dave \"Dāve\" { meeting-budget 4h }\r\n";
    let teams = "team platform \"Plätform 🚀\" {\n  lead alice\n  members bob, carol\n}\n\nteam équipe-paris {\n  lead dave\n  members carol\n}\n\nmeeting sync \"Weekly sync 📅\" {\n  owner alice\n  attendees platform, équipe-paris\n  cadence weekly\n  length 45m\n}\n";
    let plan = "task ship \"Ship it 🚢\" {\n  owner platform\n  due 2026-12-01\n  depends-on design\n}\n\ntask design { owner 山田 due 2026-10-01 }\n\nliaison bob {\n  from platform\n  to équipe-paris\n  attends sync\n  needs \"roadmap 🗺️\"\n}\n";
    let ops = "person 山田 \"Yamada Tarō\"\ntask rollout { owner nobody depends-on ship }\n";
    vec![
        ("équipe.plan", teams.to_string(), true),
        ("people-crlf.plan", people.to_string(), true),
        ("計画 q3.plan", plan.to_string(), true),
        ("ops.plan", ops.to_string(), false),
    ]
}

const SNIPPETS: &[&str] = &[
    "😀",
    "山田",
    "é",
    "𝄞",
    "ß",
    "🇫🇷",
    "👩\u{200d}💻",
    "\n",
    "\n\n",
    "  ",
    "\t",
    "a",
    "xyz",
    ",",
    "{",
    "}",
    "\"",
    "\"titre 😀\"",
    "person 花子 \"Hanako 🌸\"\n",
    "# note ✨ コメント\n",
    "## doc 📄\n",
    "task t-𝄞 { owner alice }\n",
    "team 調整 {\n  lead carol\n  members alice, bob\n}\n",
    "owner ",
    "members alice, 山田\n",
    "2026-13-40",
    "45m",
    " depends-on ship",
    "liaison carol { from platform to équipe-paris }\n",
];

/// Some text to insert, with the document's line endings (sometimes the other kind).
fn insertion(rng: &mut Rng, crlf: bool) -> String {
    let mut s = String::new();
    for _ in 0..1 + rng.below(3) {
        let piece: &&str = rng.pick(SNIPPETS);
        s.push_str(piece);
    }
    let crlf = if rng.chance(0.15) { !crlf } else { crlf };
    if crlf {
        s = s.replace('\n', "\r\n");
    }
    s
}

/// A random offset where a position can point.
fn random_offset(rng: &mut Rng, text: &str) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !is_position(text, at) {
        at -= 1;
    }
    at
}

/// One random change to `text`: the LSP change event, and the text after it (computed here,
/// from the range as sent).
fn random_change(rng: &mut Rng, text: &str, crlf: bool, enc: Enc) -> (Value, String) {
    let start = random_offset(rng, text);
    let big = text.len() > 4000;
    let end = match rng.below(10) {
        // An insertion.
        0..=3 if !big => start,
        // A deletion or replacement within a few bytes.
        4..=6 => {
            let mut end = (start + 1 + rng.below(24)).min(text.len());
            while !is_position(text, end) {
                end += 1;
            }
            end
        }
        // Across lines.
        _ => {
            let ls = lines(text);
            let line = ls.iter().rposition(|&(s, _)| s <= start).unwrap();
            let target = (line + 1 + rng.below(if big { 8 } else { 3 })).min(ls.len() - 1);
            let (s, e) = ls[target];
            let mut end = (s + rng.below(e - s + 1)).max(start);
            while !is_position(text, end) {
                end += 1;
            }
            end
        }
    };
    let new_text = if rng.chance(if big { 0.7 } else { 0.3 }) && end > start {
        String::new()
    } else {
        insertion(rng, crlf)
    };
    let mut range = json!({"start": position(text, start, enc), "end": position(text, end, enc)});
    // Sometimes a column past the end of its line, which means the end of the line.
    for (which, at) in [("start", start), ("end", end)] {
        let at_line_end = lines(text).iter().any(|&(_, e)| e == at);
        if at_line_end && rng.chance(0.2) {
            let c = range[which]["character"].as_u64().unwrap();
            range[which]["character"] = json!(c + 1 + rng.below(5) as u64);
        }
    }
    let (a, b) = span(text, &range, enc);
    let mut after = text.to_string();
    after.replace_range(a.min(b)..a.max(b), &new_text);
    (json!({"range": range, "text": new_text}), after)
}

struct Doc {
    name: &'static str,
    uri: String,
    text: String,
    version: i32,
    crlf: bool,
    open: bool,
}

/// What a request sent during the storm should answer, checked against the text it was sent
/// at.
struct Pending {
    method: &'static str,
    doc: usize,
    text: String,
    offset: usize,
    cancelled: bool,
    /// Whether the storm waited for the answer before going on (then nothing changed between
    /// the request and its answer, and the answer must come: no `ContentModified`).
    waited: bool,
    /// The highlights expected (offsets, kind), computed from the client's texts.
    highlights: Option<Vec<(usize, usize, u64)>>,
}

/// The workspace as the server sees it, from the client's texts (paths in order, as the
/// server keeps them).
fn workspace_of(dir: &Path, docs: &[Doc]) -> (Workspace, Vec<usize>) {
    let mut files: Vec<(String, String, usize)> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                dir.join(d.name).to_string_lossy().into_owned(),
                d.text.clone(),
                i,
            )
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let order = files.iter().map(|f| f.2).collect();
    let ws = Workspace::from_texts(files.into_iter().map(|(p, t, _)| (p, t)).collect());
    (ws, order)
}

fn expected_highlights(
    dir: &Path,
    docs: &[Doc],
    doc: usize,
    offset: usize,
) -> Vec<(usize, usize, u64)> {
    let (ws, order) = workspace_of(dir, docs);
    let today: Date = TODAY.parse().unwrap();
    let analysis = analyze(&ws, &Config::default(), today);
    let file = FileId(order.iter().position(|&i| i == doc).unwrap() as u32);
    let mut out: Vec<_> = coord::ide::navigation::highlights(&ws, &analysis, file, offset)
        .into_iter()
        .map(|(s, kind)| {
            let k = match kind {
                coord::ide::navigation::HighlightKind::Definition => 3,
                coord::ide::navigation::HighlightKind::Reference => 2,
            };
            (s.start(), s.end(), k)
        })
        .collect();
    out.sort();
    out
}

/// Document symbols as the server should show them, computed from the text.
fn expected_symbols(text: &str, enc: Enc) -> Value {
    fn convert(text: &str, enc: Enc, d: coord::ide::symbols::DocumentSymbol) -> Value {
        let range = |s: Span| json!({"start": position(text, s.start(), enc), "end": position(text, s.end(), enc)});
        let mut v = json!({
            "name": d.name,
            "range": range(d.span),
            "selectionRange": range(d.selection),
        });
        if let Some(detail) = d.detail {
            v["detail"] = json!(detail);
        }
        if !d.children.is_empty() {
            v["children"] = d
                .children
                .into_iter()
                .map(|c| convert(text, enc, c))
                .collect();
        }
        v
    }
    let ws = Workspace::from_texts(vec![("x.plan".into(), text.to_string())]);
    coord::ide::symbols::document_symbols(&ws, FileId(0))
        .into_iter()
        .map(|d| convert(text, enc, d))
        .collect()
}

/// The parts of the server's symbols that [`expected_symbols`] has.
fn comparable_symbols(symbols: &Value) -> Value {
    symbols
        .as_array()
        .expect("a list of symbols")
        .iter()
        .map(|s| {
            let mut v = json!({
                "name": s["name"],
                "range": s["range"],
                "selectionRange": s["selectionRange"],
            });
            if !s["detail"].is_null() {
                v["detail"] = s["detail"].clone();
            }
            if let Some(children) = s.get("children").filter(|c| !c.is_null()) {
                v["children"] = comparable_symbols(children);
            }
            v
        })
        .collect()
}

type DiagnosticKey = (String, String, usize, usize);

/// Writes the storm's plan files into `root`, as the documents the editor starts with.
fn write_storm_files(root: &std::path::Path) -> Vec<Doc> {
    storm_files()
        .into_iter()
        .map(|(name, text, open)| {
            std::fs::write(root.join(name), &text).unwrap();
            Doc {
                name,
                uri: uri(&root.join(name)),
                crlf: text.contains("\r\n"),
                text,
                version: 1,
                open,
            }
        })
        .collect()
}

fn storm(enc: Enc, seed: u64) {
    let started = Instant::now();
    let dir = lsp_client::workspace_dir();
    let root = dir.path().canonicalize().unwrap();
    let mut docs = write_storm_files(&root);
    // The first document stays formattable throughout, so that formatting can be compared.
    assert!(coord::fmt::format(&docs[0].text).is_ok());

    let mut s = Server::start();
    let init = s.initialize(&root, enc == Enc::Utf8);
    let negotiated = init["result"]["capabilities"]["positionEncoding"].clone();
    assert_eq!(
        negotiated,
        if enc == Enc::Utf8 { "utf-8" } else { "utf-16" },
        "{init}"
    );
    for d in docs.iter().filter(|d| d.open) {
        s.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": d.uri, "languageId": "plan", "version": d.version, "text": d.text}}),
        );
    }

    // `COORD_STRESS_SEED=N` replays (or explores) another storm.
    let seed = std::env::var("COORD_STRESS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(seed);
    let mut rng = Rng::new(seed);
    let mut pending: BTreeMap<i64, Pending> = BTreeMap::new();
    let open: Vec<usize> = (0..docs.len()).filter(|&i| docs[i].open).collect();
    let mut edits = 0;
    let mut formattable_kept = 0;
    let mut next_format = 100;
    let mut formats = 0;
    while edits < 1000 {
        let i = *rng.pick(&open);
        // One to three changes in one notification, each relative to the text after the one
        // before, as the protocol says.
        let n = if rng.chance(0.1) { 2 + rng.below(2) } else { 1 };
        let mut changes = Vec::new();
        let mut text = docs[i].text.clone();
        for _ in 0..n {
            let (change, after) = if i == 0 {
                // Keep the first document free of syntax errors: retry a few times, else
                // insert an empty line at the start.
                (0..12)
                    .map(|_| random_change(&mut rng, &text, docs[i].crlf, enc))
                    .find(|(_, after)| coord::fmt::format(after).is_ok())
                    .inspect(|_| formattable_kept += 1)
                    .unwrap_or_else(|| {
                        let at = position(&text, 0, enc);
                        (
                            json!({"range": {"start": at, "end": at}, "text": "\n"}),
                            format!("\n{text}"),
                        )
                    })
            } else {
                random_change(&mut rng, &text, docs[i].crlf, enc)
            };
            changes.push(change);
            text = after;
            edits += 1;
        }
        docs[i].text = text;
        docs[i].version += 1 + rng.below(2) as i32; // versions may skip numbers
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": docs[i].uri, "version": docs[i].version}, "contentChanges": changes}),
        );
        // A request now and then, not waited for.
        if rng.chance(0.3) {
            let d = *rng.pick(&open);
            let at = random_offset(&mut rng, &docs[d].text);
            let method = *rng.pick(&[
                "textDocument/hover",
                "textDocument/completion",
                "textDocument/documentHighlight",
            ]);
            let id = s.send(
                method,
                json!({"textDocument": {"uri": docs[d].uri}, "position": position(&docs[d].text, at, enc)}),
            );
            let cancelled = rng.chance(0.1);
            if cancelled {
                s.notify("$/cancelRequest", json!({"id": id}));
            }
            // One request in eight is waited for: its answer comes from an analysis of
            // exactly the texts it was asked about, so its highlights can be compared.
            let waited = !cancelled && rng.chance(0.125);
            let highlights = (method == "textDocument/documentHighlight"
                && (waited || rng.chance(0.4)))
            .then(|| expected_highlights(&root, &docs, d, at));
            if waited {
                let r = s.response(id);
                s.inbox.responses.insert(id.to_string(), r);
            }
            pending.insert(
                id,
                Pending {
                    method,
                    doc: d,
                    text: docs[d].text.clone(),
                    offset: at,
                    cancelled,
                    waited,
                    highlights,
                },
            );
        }
        // Now and then, format the first document as an editor does on save: ask, apply the
        // edits to the client's text, and send them back as a change.
        if edits >= next_format {
            next_format += 100;
            let d = &mut docs[0];
            let r = s.request(
                "textDocument/formatting",
                json!({"textDocument": {"uri": d.uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
            );
            let mut edits = r["result"].as_array().cloned().unwrap_or_default();
            let expected = coord::fmt::format(&d.text).expect("the first document formats");
            let got = apply_edits(&d.text, &edits, enc);
            assert!(
                got == expected,
                "formatting on save through the server's edits {edits:?} gives\n{got:?}\ninstead of\n{expected:?}\n(client text {:?})",
                d.text
            );
            // Last edit first, so that each range is still where it was.
            edits.sort_by_key(|e| std::cmp::Reverse(span(&d.text, &e["range"], enc)));
            let changes: Vec<Value> = edits
                .iter()
                .map(|e| json!({"range": e["range"], "text": e["newText"]}))
                .collect();
            d.text = got;
            d.version += 1;
            s.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": d.uri, "version": d.version}, "contentChanges": changes}),
            );
            formats += 1;
        }
        s.drain();
    }
    assert!(formats >= 9);
    assert!(
        formattable_kept > 50,
        "too few edits kept the first document formattable"
    );

    // A last change to each open document that changes nothing: the diagnostics published
    // with that version were computed from the final texts.
    for &i in &open {
        docs[i].version += 1;
        let end = position(&docs[i].text, docs[i].text.len(), enc);
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": docs[i].uri, "version": docs[i].version}, "contentChanges": [{"range": {"start": end, "end": end}, "text": ""}]}),
        );
    }
    // Formatting and symbols, answered from the final texts.
    let checks: Vec<(usize, i64, i64)> = open
        .iter()
        .map(|&i| {
            let f = s.send(
                "textDocument/formatting",
                json!({"textDocument": {"uri": docs[i].uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
            );
            let y = s.send(
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": docs[i].uri}}),
            );
            (i, f, y)
        })
        .collect();
    let storm_time = started.elapsed();

    // Every request of the storm was answered, in the order of the edits around it.
    let ids: Vec<i64> = pending.keys().copied().collect();
    let mut cancelled = 0;
    let mut modified = 0;
    let mut waited = 0;
    for id in ids {
        let r = s.response(id);
        let p = &pending[&id];
        if let Some(e) = r.get("error") {
            // `ContentModified`: the document changed before the analysis of the text the
            // request was about was done; the server does not answer about another text.
            if e["code"] == -32801 && !p.waited {
                modified += 1;
                continue;
            }
            assert!(
                p.cancelled && e["code"] == -32800,
                "{} failed: {r}",
                p.method
            );
            cancelled += 1;
            continue;
        }
        waited += usize::from(p.waited);
        let result = &r["result"];
        let text = &p.text;
        match p.method {
            "textDocument/hover" => {
                if !result.is_null() {
                    let (a, b) = span(text, &result["range"], enc);
                    assert!(
                        a <= p.offset && p.offset <= b && a < b,
                        "hover at {} of {} covers {a}..{b}: {r}",
                        p.offset,
                        docs[p.doc].name
                    );
                }
            }
            "textDocument/completion" => {
                for item in result.as_array().into_iter().flatten() {
                    let (a, b) = span(text, &item["textEdit"]["range"], enc);
                    assert!(
                        a <= p.offset && p.offset <= b,
                        "completion at {} replaces {a}..{b}: {item}",
                        p.offset
                    );
                }
            }
            _ => {
                let mut got: Vec<(usize, usize, u64)> = result
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|h| {
                        let (a, b) = span(text, &h["range"], enc);
                        (a, b, h["kind"].as_u64().unwrap())
                    })
                    .collect();
                got.sort();
                // Only a waited-for request is sure to be answered from an analysis of every
                // file as it was (others may see later edits of the other documents).
                if let (Some(expected), true) = (&p.highlights, p.waited) {
                    assert_eq!(&got, expected, "highlights at {} of {:?}", p.offset, text);
                }
                let names: Vec<&str> = got.iter().map(|&(a, b, _)| &text[a..b]).collect();
                assert!(
                    names.windows(2).all(|w| w[0] == w[1]),
                    "highlights of different names: {names:?}"
                );
            }
        }
    }
    assert!(pending.len() > 200, "only {} requests", pending.len());
    assert!(
        waited > 20,
        "only {waited} requests were waited for and answered"
    );

    // The server's text is the client's.
    let mut formatted_compared = 0;
    for (i, f, y) in checks {
        let d = &docs[i];
        let formatting = s.response(f);
        let edits = formatting["result"].as_array().cloned().unwrap_or_default();
        match coord::fmt::format(&d.text) {
            Ok(expected) => {
                let got = apply_edits(&d.text, &edits, enc);
                assert!(
                    got == expected,
                    "formatting {} through the server's edits {edits:?} gives\n{got:?}\ninstead of\n{expected:?}\n(client text {:?})",
                    d.name,
                    d.text
                );
                formatted_compared += 1;
            }
            Err(_) => assert!(
                edits.is_empty(),
                "{} has syntax errors but the server formats it: {formatting}",
                d.name
            ),
        }
        let symbols = s.response(y);
        assert_eq!(
            comparable_symbols(&symbols["result"]),
            expected_symbols(&d.text, enc),
            "the symbols of {} differ: the server's text is not the client's\n{:?}",
            d.name,
            d.text
        );
    }
    assert!(formatted_compared >= 1);

    // The last diagnostics are those of `coord check` on the same texts.
    let want: Vec<(String, i32)> = open
        .iter()
        .map(|&i| (docs[i].uri.clone(), docs[i].version))
        .collect();
    s.wait_for("diagnostics for the last versions", |inbox| {
        want.iter().all(|(u, v)| {
            inbox
                .publishes
                .iter()
                .any(|p| p["uri"] == u.as_str() && p["version"] == *v)
        })
    });
    // The other files' diagnostics follow the edited documents'.
    let mut published: HashMap<String, Vec<Value>> = HashMap::new();
    let (total, _) =
        settle_and_assert_coord_checks(&mut s, &root, &docs, &mut published, enc, "at the end");
    assert!(
        total > 0,
        "the storm left no diagnostics at all, which tests little"
    );

    // Nothing went wrong inside the server.
    for log in &s.inbox.logs {
        assert!(
            !log.contains("internal error") && !log.contains("ignored a change"),
            "{log}"
        );
    }
    assert!(
        s.inbox.null_responses.is_empty(),
        "{:?}",
        s.inbox.null_responses
    );

    let peak = s.peak_memory_kib().unwrap_or(0);
    assert!(peak < 200 * 1024, "the server peaked at {peak} KiB");

    // Shutdown, then exit: promptly, with status 0; requests after shutdown are refused.
    let at = Instant::now();
    let r = s.request("shutdown", json!(null));
    assert_eq!(r["result"], Value::Null, "{r}");
    let refused = s.request("coord/status", json!(null));
    assert_eq!(refused["error"]["code"], -32600, "{refused}");
    s.notify("exit", json!(null));
    let status = s.wait_exit(Duration::from_secs(5));
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(at.elapsed() < Duration::from_secs(3), "{:?}", at.elapsed());
    eprintln!(
        "storm {enc:?} (seed {seed}): {} requests ({cancelled} cancelled, {modified} answered ContentModified, {waited} waited for), {peak} KiB peak, {storm_time:?} to send, {:?} in all",
        pending.len(),
        started.elapsed()
    );
}

/// Asks `coord/status` (answered once the server has published the analysis of every change
/// before it), writes the client's texts to disk, runs `coord check --format json` on them,
/// and checks that the diagnostics last published for each file are the same (code,
/// severity, range). The server hands its publications to the transport before the answer,
/// but the transport interleaves answers with notifications, so a publication may still be
/// on its way behind the answer: this receives for up to five seconds while they differ.
/// Returns how many diagnostics there are, and the files of the publications received.
fn settle_and_assert_coord_checks(
    s: &mut Server,
    root: &Path,
    docs: &[Doc],
    published: &mut HashMap<String, Vec<Value>>,
    enc: Enc,
    when: &str,
) -> (usize, Vec<String>) {
    s.request("coord/status", Value::Null);
    let from_check = coord_checks(root, docs);
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut received = Vec::new();
    loop {
        received.extend(record_publishes(s, published));
        let same = docs
            .iter()
            .zip(&from_check)
            .all(|(d, want)| published_keys(d, published, enc) == *want);
        if same || !s.pump(deadline) {
            received.extend(record_publishes(s, published));
            let total = assert_same_diagnostics(docs, &from_check, published, enc, when);
            return (total, received);
        }
    }
}

/// Writes the client's texts to disk and runs `coord check --format json` on them: the
/// diagnostics of each of `docs`, sorted.
fn coord_checks(root: &Path, docs: &[Doc]) -> Vec<Vec<DiagnosticKey>> {
    for d in docs {
        std::fs::write(root.join(d.name), &d.text).unwrap();
    }
    let check = Command::new(env!("CARGO_BIN_EXE_coord"))
        .args(["check", "--format", "json", "--today", TODAY])
        .arg(root)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&check.stdout).unwrap_or_else(|e| {
        panic!(
            "coord check --format json: {e}: {}",
            String::from_utf8_lossy(&check.stderr)
        )
    });
    docs.iter()
        .map(|d| {
            let mut from_check: Vec<DiagnosticKey> = report["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|x| {
                    Path::new(x["file"].as_str().unwrap()).file_name() == Some(d.name.as_ref())
                })
                .map(|x| {
                    let a = json_offset(
                        &d.text,
                        x["line"].as_u64().unwrap(),
                        x["column"].as_u64().unwrap(),
                    );
                    let b = json_offset(
                        &d.text,
                        x["end_line"].as_u64().unwrap(),
                        x["end_column"].as_u64().unwrap(),
                    );
                    (
                        x["code"].as_str().unwrap().to_string(),
                        x["severity"].as_str().unwrap().to_string(),
                        a,
                        b,
                    )
                })
                .collect();
            from_check.sort();
            from_check
        })
        .collect()
}

/// The diagnostics last published for `d`, sorted.
fn published_keys(
    d: &Doc,
    published: &HashMap<String, Vec<Value>>,
    enc: Enc,
) -> Vec<DiagnosticKey> {
    let severity = |n: &Value| match n.as_u64() {
        Some(1) => "error",
        Some(2) => "warning",
        _ => "info",
    };
    let mut from_server: Vec<DiagnosticKey> = published
        .get(&d.uri)
        .into_iter()
        .flatten()
        .map(|x| {
            let (a, b) = span(&d.text, &x["range"], enc);
            (
                x["code"].as_str().unwrap().to_string(),
                severity(&x["severity"]).to_string(),
                a,
                b,
            )
        })
        .collect();
    from_server.sort();
    from_server
}

/// Checks that what was published for each of `docs` is `from_check` (in the same order).
/// Returns how many diagnostics there are.
fn assert_same_diagnostics(
    docs: &[Doc],
    from_check: &[Vec<DiagnosticKey>],
    published: &HashMap<String, Vec<Value>>,
    enc: Enc,
    when: &str,
) -> usize {
    let mut total = 0;
    for (d, want) in docs.iter().zip(from_check) {
        assert_eq!(
            published_keys(d, published, enc),
            *want,
            "{when}, the diagnostics of {} differ from coord check's\n{:?}",
            d.name,
            d.text
        );
        total += want.len();
    }
    total
}

/// Takes every `publishDiagnostics` received so far, in order, into `published` (the last
/// for each file wins, as in an editor).
fn record_publishes(s: &mut Server, published: &mut HashMap<String, Vec<Value>>) -> Vec<String> {
    s.drain();
    let mut uris = Vec::new();
    for p in s.inbox.publishes.drain(..) {
        let uri = p["uri"].as_str().unwrap().to_string();
        published.insert(uri.clone(), p["diagnostics"].as_array().unwrap().clone());
        uris.push(uri);
    }
    uris
}

/// Edits one at a time (a share `gentle` of them with [`gentle_change`]), waiting after each
/// for the diagnostics of the edited document's new version; then the diagnostics the server
/// has published for every file (it publishes only those that changed) must be what
/// `coord check` finds in the same texts. Returns the server's `coord/status` at the end.
fn edit_by_edit(enc: Enc, seed: u64, edits: usize, gentle: f64) -> Value {
    let dir = lsp_client::workspace_dir();
    let root = dir.path().canonicalize().unwrap();
    let mut docs = write_storm_files(&root);
    let mut s = Server::start();
    s.initialize(&root, enc == Enc::Utf8);
    let open: Vec<usize> = (0..docs.len()).filter(|&i| docs[i].open).collect();
    for &i in &open {
        let d = &docs[i];
        s.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": d.uri, "languageId": "plan", "version": 1, "text": d.text}}),
        );
    }
    let mut published: HashMap<String, Vec<Value>> = HashMap::new();
    let want: Vec<String> = open.iter().map(|&i| docs[i].uri.clone()).collect();
    s.wait_for("the first diagnostics of every open document", |inbox| {
        want.iter().all(|u| {
            inbox
                .publishes
                .iter()
                .any(|p| p["uri"] == u.as_str() && p["version"] == 1)
        })
    });
    settle_and_assert_coord_checks(&mut s, &root, &docs, &mut published, enc, "after opening");
    let mut rng = Rng::new(seed);
    let mut republished_others = 0;
    for n in 0..edits {
        let i = *rng.pick(&open);
        let (change, after) = if gentle > 0.0 && rng.chance(gentle) {
            gentle_change(&mut rng, &docs[i].text, docs[i].crlf, enc)
        } else {
            random_change(&mut rng, &docs[i].text, docs[i].crlf, enc)
        };
        docs[i].text = after;
        docs[i].version += 1;
        let (u, v) = (docs[i].uri.clone(), docs[i].version);
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": v}, "contentChanges": [change]}),
        );
        // The edited document's diagnostics come first of those its analysis publishes;
        // The edited document's diagnostics come first, the other files' after them.
        s.wait_for(&format!("the diagnostics of edit {n}"), |inbox| {
            inbox
                .publishes
                .iter()
                .any(|p| p["uri"] == u.as_str() && p["version"] == v)
        });
        let when = format!("after edit {n}");
        let (_, received) =
            settle_and_assert_coord_checks(&mut s, &root, &docs, &mut published, enc, &when);
        republished_others += received.iter().filter(|r| **r != u).count();
    }
    // Publishing only what changed still republished other files now and then (an edit in
    // one file changes what another's references mean).
    assert!(
        republished_others > 0,
        "no edit changed another file's diagnostics"
    );
    for log in &s.inbox.logs {
        assert!(!log.contains("internal error"), "{log}");
    }
    let status = s.request("coord/status", Value::Null)["result"].clone();
    let exit = s.shutdown_and_exit();
    assert_eq!(exit.code(), Some(0), "{exit:?}");
    status
}

#[test]
fn after_every_edit_the_published_diagnostics_are_coord_checks() {
    edit_by_edit(Enc::Utf16, 0x5EED_0003, 150, 0.0);
}

/// Edits most of which change nothing a finding depends on (comments, titles, spaces, blank
/// lines), which the server follows by moving the previous analysis's spans instead of
/// analysing again, mixed with edits that change names and values: after each, the
/// published diagnostics are still exactly `coord check`'s.
#[test]
fn after_every_edit_that_keeps_or_changes_meaning_the_diagnostics_are_coord_checks() {
    let status = edit_by_edit(Enc::Utf8, 0x5EED_0004, 120, 0.75);
    let followed = status["analyses"]["followedEdits"].as_u64().unwrap();
    let all = status["analyses"]["all"].as_u64().unwrap();
    assert!(followed >= 30, "few edits were followed: {status}");
    assert!(
        all - followed >= 10,
        "few edits were analysed again: {status}"
    );
}

/// Edits the server follows in place, between a file added, a name it defines used in
/// another file, the file removed, and `coord.toml` changed: after each, the published
/// diagnostics are `coord check`'s.
#[test]
fn followed_edits_around_added_and_removed_files_and_a_changed_configuration_are_coord_checks() {
    let dir = lsp_client::workspace_dir();
    let root = dir.path().canonicalize().unwrap();
    let mut docs = write_storm_files(&root);
    let mut s = Server::start();
    s.initialize(&root, true);
    let mut published: HashMap<String, Vec<Value>> = HashMap::new();
    let status = |s: &mut Server| s.request("coord/status", Value::Null)["result"].clone();
    let followed = |s: &mut Server| status(s)["analyses"]["followedEdits"].as_u64().unwrap();
    let settle =
        |s: &mut Server, published: &mut HashMap<String, Vec<Value>>, docs: &[Doc], when: &str| {
            settle_and_assert_coord_checks(s, &root, docs, published, Enc::Utf8, when);
        };
    settle(&mut s, &mut published, &docs, "at the start");
    let edit = |s: &mut Server, docs: &mut [Doc], i: usize, from: &str, to: &str| {
        let d = &mut docs[i];
        let at = d
            .text
            .find(from)
            .unwrap_or_else(|| panic!("{from:?} in {}", d.name));
        let range = json!({"start": position(&d.text, at, Enc::Utf8), "end": position(&d.text, at + from.len(), Enc::Utf8)});
        d.text.replace_range(at..at + from.len(), to);
        d.version += 1;
        if !d.open {
            d.open = true;
            s.notify(
                "textDocument/didOpen",
                json!({"textDocument": {"uri": d.uri, "languageId": "plan", "version": d.version, "text": d.text}}),
            );
        } else {
            s.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": d.uri, "version": d.version}, "contentChanges": [{"range": range, "text": to}]}),
            );
        }
        // Every edit publishes the document's diagnostics for its new version.
        let (u, v) = (d.uri.clone(), d.version);
        s.wait_for(&format!("{} at version {v}", d.name), |inbox| {
            inbox
                .publishes
                .iter()
                .any(|p| p["uri"] == u.as_str() && p["version"] == v)
        });
    };
    for d in &mut docs {
        d.open = false;
    }
    // `ops.plan`'s task is owned by `nobody`, whom no file defines.
    edit(&mut s, &mut docs, 3, "person 山田", "# ops\nperson 山田");
    settle(&mut s, &mut published, &docs, "after opening ops.plan");
    let before = followed(&mut s);
    edit(
        &mut s,
        &mut docs,
        3,
        "# ops",
        "# operations, by the 山田 team",
    );
    edit(
        &mut s,
        &mut docs,
        3,
        "\"Yamada Tarō\"",
        "\"Yamada Tarō (ops)\"",
    );
    settle(
        &mut s,
        &mut published,
        &docs,
        "after a comment and a title in ops.plan",
    );
    assert!(
        followed(&mut s) > before,
        "the comment and title edits were followed"
    );
    // A new file that defines `nobody`: the finding in ops.plan goes.
    std::fs::write(root.join("extra.plan"), "person nobody\n").unwrap();
    docs.push(Doc {
        name: "extra.plan",
        uri: uri(&root.join("extra.plan")),
        text: "person nobody\n".into(),
        version: 1,
        crlf: false,
        open: false,
    });
    let extra = docs.len() - 1;
    edit(
        &mut s,
        &mut docs,
        extra,
        "person nobody",
        "## Nobody.\nperson nobody \"No One\"",
    );
    settle(&mut s, &mut published, &docs, "after adding extra.plan");
    let before = followed(&mut s);
    edit(&mut s, &mut docs, extra, "No One", "Nobody at all");
    edit(&mut s, &mut docs, 3, "# operations", "#  operations");
    settle(&mut s, &mut published, &docs, "after a title in extra.plan");
    assert!(followed(&mut s) > before, "the title edit was followed");
    // Removed: closed, deleted from disk, and the watcher says so.
    let gone = docs.remove(extra);
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": gone.uri}}),
    );
    std::fs::remove_file(root.join("extra.plan")).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": gone.uri, "type": 3}]}),
    );
    s.wait_for("extra.plan's diagnostics cleared", |inbox| {
        inbox
            .publishes
            .iter()
            .any(|p| p["uri"] == gone.uri.as_str())
    });
    settle(&mut s, &mut published, &docs, "after removing extra.plan");
    // A configuration that turns a rule off: analysed again, not followed.
    let before = followed(&mut s);
    std::fs::write(
        root.join("coord.toml"),
        "[rules]\nundefined-reference = \"off\"\n",
    )
    .unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&root.join("coord.toml")), "type": 1}]}),
    );
    let ops = docs[3].uri.clone();
    s.wait_for("ops.plan without undefined-reference", |inbox| {
        inbox.publishes.iter().any(|p| {
            p["uri"] == ops.as_str()
                && !p["diagnostics"].to_string().contains("undefined-reference")
        })
    });
    settle(
        &mut s,
        &mut published,
        &docs,
        "after coord.toml turned a rule off",
    );
    assert_eq!(
        followed(&mut s),
        before,
        "a new configuration is analysed again"
    );
    edit(&mut s, &mut docs, 3, "#  operations", "# ops again");
    settle(
        &mut s,
        &mut published,
        &docs,
        "after a comment under the new coord.toml",
    );
    assert!(followed(&mut s) > before);
    let exit = s.shutdown_and_exit();
    assert_eq!(exit.code(), Some(0), "{exit:?}");
}

/// An edit that keeps the meaning of its line: text typed into a comment or a string, a
/// space between words, a blank line or a comment line. (Typed into a value string, or
/// where a space ends a word, it does change the meaning: both paths are exercised.)
fn gentle_change(rng: &mut Rng, text: &str, crlf: bool, enc: Enc) -> (Value, String) {
    let ls = lines(text);
    let commented: Vec<usize> = (0..ls.len())
        .filter(|&l| text[ls[l].0..ls[l].1].contains('#'))
        .collect();
    let pieces = ["x", " note", "é", "😀", "山"];
    let piece = pieces[rng.below(pieces.len())];
    let newline = if crlf { "\r\n" } else { "\n" };
    let (at, new_text) = match rng.below(5) {
        0 if !commented.is_empty() => (ls[*rng.pick(&commented)].1, piece.to_string()),
        1 => {
            let (s, e) = ls[rng.below(ls.len())];
            let spaces: Vec<usize> = text[s..e]
                .char_indices()
                .filter(|&(i, c)| c == ' ' && i > 0 && !text[s..s + i].trim().is_empty())
                .map(|(i, _)| s + i)
                .collect();
            match spaces.is_empty() {
                true => (s, newline.to_string()),
                false => (*rng.pick(&spaces), " ".to_string()),
            }
        }
        2 => {
            let (s, e) = ls[rng.below(ls.len())];
            match text[s..e].find('"') {
                Some(q) => (s + q + 1, piece.to_string()),
                None => (s, format!("# {piece}{newline}")),
            }
        }
        3 => (ls[rng.below(ls.len())].0, newline.to_string()),
        _ => (ls[rng.below(ls.len())].0, format!("# {piece}{newline}")),
    };
    let range = json!({"start": position(text, at, enc), "end": position(text, at, enc)});
    let mut after = text.to_string();
    after.insert_str(at, &new_text);
    (json!({"range": range, "text": new_text}), after)
}

#[test]
fn an_edit_storm_in_utf8_ends_in_the_clients_text() {
    storm(Enc::Utf8, 0x5EED_0001);
}

#[test]
fn an_edit_storm_in_utf16_ends_in_the_clients_text() {
    storm(Enc::Utf16, 0x5EED_0002);
}

#[test]
fn formatting_edits_apply_as_the_protocol_says_to_mixed_line_endings() {
    let dir = lsp_client::workspace_dir();
    let root = dir.path().canonicalize().unwrap();
    let mut s = Server::start();
    s.initialize(&root, false);
    let texts = [
        "person a\nperson b\r\n",
        "person a\r\nperson b\n",
        "person a\nteam t {\r\n  lead a\r\n}\r\n",
        "person a\r\n\r\nteam t { lead a }\r\n\n\n",
    ];
    for (i, text) in texts.iter().enumerate() {
        let doc = uri(&root.join(format!("mixed-{i}.plan")));
        s.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": doc, "languageId": "plan", "version": 1, "text": text}}),
        );
        let r = s.request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": doc}, "options": {"tabSize": 2, "insertSpaces": true}}),
        );
        let edits = r["result"].as_array().cloned().unwrap_or_default();
        let expected = coord::fmt::format(text).unwrap();
        assert_eq!(
            apply_edits(text, &edits, Enc::Utf16),
            expected,
            "{text:?} with {edits:?}"
        );
    }
}

// -------------------------------------------------------------------------------------------
// Malformed frames

fn with_length(length: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {length}\r\n\r\n").into_bytes();
    out.extend_from_slice(body);
    out
}

fn status_body(id: i64) -> Vec<u8> {
    serde_json::to_vec(
        &json!({"jsonrpc": "2.0", "id": id, "method": "coord/status", "params": null}),
    )
    .unwrap()
}

fn status_frame(id: i64) -> Vec<u8> {
    let body = status_body(id);
    with_length(&body.len().to_string(), &body)
}

#[test]
fn malformed_frames_get_errors_and_the_server_goes_on() {
    let dir = lsp_client::workspace_dir();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("a.plan"), "person alice\n").unwrap();
    let mut s = Server::start();
    s.initialize(&root, false);
    s.assert_responsive("after initialize");

    // Ids 1000 and up: requests lost inside broken frames (never answered).
    let lost = 1000;
    let body = status_body(lost);
    let n = body.len();
    let mut huge_line = vec![b'X'; 1 << 20];
    huge_line.extend_from_slice(b"\r\n\r\n");
    let mut glued_line = vec![b'{'; 1 << 20]; // no line break before the next header
    glued_line.extend_from_slice(b"Content-Type: x");
    let cases: Vec<(&str, Vec<u8>, Option<i64>)> = vec![
        ("invalid JSON", with_length("9", b"{not json"), Some(-32700)),
        (
            "a body that is not UTF-8",
            with_length("4", b"\xff\xfe{}"),
            Some(-32700),
        ),
        ("an empty body", with_length("0", b""), Some(-32700)),
        (
            "JSON that is not JSON-RPC",
            frame(&json!([1, 2, 3])),
            Some(-32600),
        ),
        (
            "an object that is not JSON-RPC",
            frame(&json!({"hello": "world"})),
            Some(-32600),
        ),
        (
            "another JSON-RPC version",
            frame(&json!({"jsonrpc": "1.0", "id": 1, "method": "coord/status"})),
            Some(-32600),
        ),
        (
            "a method that is not a string",
            frame(&json!({"jsonrpc": "2.0", "id": 78, "method": 5})),
            Some(-32600),
        ),
        (
            "a Content-Length shorter than the body",
            with_length(&(n - 10).to_string(), &body),
            Some(-32700),
        ),
        (
            "a Content-Length longer than the body, swallowing the next message",
            [
                with_length(&(n + 40).to_string(), &body),
                status_frame(lost + 1),
            ]
            .concat(),
            Some(-32700),
        ),
        ("a 1 MB header line", huge_line, Some(-32700)),
        ("a 1 MB line running into the next header", glued_line, None),
        (
            "no Content-Length",
            [
                b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n".as_slice(),
                &body,
            ]
            .concat(),
            Some(-32700),
        ),
        (
            "a Content-Length that is not a number",
            with_length("abc", &body),
            Some(-32700),
        ),
        (
            "a negative Content-Length",
            with_length("-5", &body),
            Some(-32700),
        ),
        (
            "a Content-Length of 10 GB",
            with_length("10000000000", b""),
            Some(-32700),
        ),
        (
            "unknown headers",
            [
                b"X-Unknown: 1\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
                    .as_slice(),
                &status_frame(500),
            ]
            .concat(),
            None,
        ),
        (
            "a response to a request the server never sent",
            frame(&json!({"jsonrpc": "2.0", "id": 4242, "result": null})),
            None,
        ),
        (
            "an unknown notification",
            frame(&json!({"jsonrpc": "2.0", "method": "coord/noSuchNotification", "params": {}})),
            None,
        ),
    ];
    let mut errors = 0;
    for (what, bytes, code) in cases {
        s.write_raw(bytes);
        s.assert_responsive(&format!("after {what}"));
        if let Some(code) = code {
            let e = s.null_response(errors);
            errors += 1;
            assert_eq!(e["error"]["code"], code, "{what}: {e}");
            assert!(e["error"]["message"].is_string(), "{what}: {e}");
        }
        // Another round trip, so that an unexpected error would have arrived by now.
        s.assert_responsive(&format!("after {what}"));
        assert_eq!(
            s.inbox.null_responses.len(),
            errors,
            "{what}: {:?}",
            s.inbox.null_responses
        );
    }
    // A message with an id but neither method nor result is answered as a request.
    let r = s.request_raw(frame(&json!({"jsonrpc": "2.0", "id": 77})), 77);
    assert!(
        [-32600, -32601].contains(&r["error"]["code"].as_i64().unwrap_or(0)),
        "{r}"
    );
    let answered = s.response(500);
    assert!(answered["result"]["files"].is_u64(), "{answered}");
    for id in lost..lost + 2 {
        assert!(!s.inbox.responses.contains_key(&id.to_string()));
    }

    // Several bad messages in one write each get their error, in order.
    s.write_raw(
        [
            with_length("9", b"{not json"),
            frame(&json!([1])),
            with_length("9", b"{not json"),
            status_frame(600),
        ]
        .concat(),
    );
    s.response(600);
    let codes: Vec<Value> = (errors..errors + 3)
        .map(|i| s.null_response(i)["error"]["code"].clone())
        .collect();
    assert_eq!(codes, [-32700, -32600, -32700]);

    // A 64 MB line costs no memory: it is skipped, not kept.
    let mut line = vec![b'Y'; 64 << 20];
    line.extend_from_slice(b"\r\n");
    s.write_raw(line);
    s.write_raw(status_frame(700));
    s.response(700);
    let peak = s.peak_memory_kib().expect("the peak memory of the server");
    assert!(peak < 48 * 1024, "the server peaked at {peak} KiB");

    // The server said what it skipped.
    let log = s.stderr.lock().unwrap().clone();
    assert!(
        log.contains("coord"),
        "nothing logged on standard error: {log:?}"
    );

    s.request("shutdown", json!(null));
    s.notify("exit", json!(null));
    assert_eq!(s.wait_exit(Duration::from_secs(5)).code(), Some(0));
}

#[test]
fn a_malformed_message_before_initialize_is_answered_too() {
    let mut s = Server::start();
    s.write_raw(with_length("9", b"{not json"));
    let e = s.null_response(0);
    assert!(e["error"]["code"].is_i64(), "{e}");
    let dir = lsp_client::workspace_dir();
    s.initialize(dir.path(), false);
    s.assert_responsive("after initialize");
}

#[test]
fn a_lying_content_length_at_the_end_of_the_input_ends_the_server() {
    for length in ["200000000", "268435456", "120"] {
        let mut s = Server::start();
        let dir = lsp_client::workspace_dir();
        s.initialize(dir.path(), false);
        s.assert_responsive("after initialize");
        // The declared body never comes in full: the next request is swallowed.
        s.write_raw(with_length(length, &status_body(50)));
        s.write_raw(status_frame(51));
        std::thread::sleep(Duration::from_millis(200));
        let peak = s.peak_memory_kib().expect("the peak memory of the server");
        assert!(
            peak < 48 * 1024,
            "waiting for {length} bytes, the server peaked at {peak} KiB"
        );
        // Without shutdown, the end of the input ends the server with status 1.
        s.close_input();
        let status = s.wait_exit(Duration::from_secs(5));
        assert_eq!(status.code(), Some(1), "{status:?}");
        assert!(!s.inbox.responses.contains_key("51"));
    }
    // Input ending in the middle of a header.
    let mut s = Server::start();
    s.write_raw(b"Content-Len".to_vec());
    s.close_input();
    assert_eq!(s.wait_exit(Duration::from_secs(5)).code(), Some(1));
}

// -------------------------------------------------------------------------------------------
// Cancellation

#[test]
fn a_cancelled_request_is_answered_with_request_cancelled() {
    let mut s = Server::start_with_env(&[("COORD_LSP_TEST_METHODS", "1")]);
    let dir = lsp_client::workspace_dir();
    s.initialize(dir.path(), false);

    // Not cancelled: it completes.
    let r = s.request("coord/sleep", json!({"ms": 20}));
    assert_eq!(r["result"], 20, "{r}");

    // In flight for ten seconds; other requests are answered meanwhile; cancelled, it ends
    // at once with RequestCancelled.
    let started = Instant::now();
    let slow = s.send("coord/sleep", json!({"ms": 10_000}));
    s.assert_responsive("while a request is in flight");
    s.notify("$/cancelRequest", json!({"id": slow}));
    let r = s.response(slow);
    assert_eq!(r["error"]["code"], -32800, "{r}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );

    // Cancelling what is done or unknown changes nothing; a string id works too.
    s.notify("$/cancelRequest", json!({"id": slow}));
    s.notify("$/cancelRequest", json!({"id": "no-such-request"}));
    s.write_raw(frame(
        &json!({"jsonrpc": "2.0", "id": "sleeper", "method": "coord/sleep", "params": {"ms": 10_000}}),
    ));
    s.notify("$/cancelRequest", json!({"id": "sleeper"}));
    s.wait_for("the answer to the cancelled request \"sleeper\"", |i| {
        i.responses.contains_key("\"sleeper\"")
    });
    assert_eq!(s.inbox.responses["\"sleeper\""]["error"]["code"], -32800);
    s.assert_responsive("after cancellations");

    // Three in flight at once (tower-lsp-server runs four messages at a time, and a
    // `$/cancelRequest` waits for a free place like any other message), two of them
    // cancelled: those end at once, the other completes.
    let started = Instant::now();
    let ids: Vec<i64> = [10_000, 500, 10_000]
        .iter()
        .map(|ms| s.send("coord/sleep", json!({ "ms": ms })))
        .collect();
    s.notify("$/cancelRequest", json!({"id": ids[0]}));
    s.notify("$/cancelRequest", json!({"id": ids[2]}));
    for (i, id) in ids.iter().enumerate() {
        let r = s.response(*id);
        if i == 1 {
            assert_eq!(r["result"], 500, "{r}");
        } else {
            assert_eq!(r["error"]["code"], -32800, "{r}");
        }
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let r = s.request("shutdown", json!(null));
    assert_eq!(r["result"], Value::Null);
    s.notify("exit", json!(null));
    assert_eq!(s.wait_exit(Duration::from_secs(5)).code(), Some(0));

    // Without the variable, there is no such method.
    let mut s = Server::start();
    s.initialize(dir.path(), false);
    let r = s.request("coord/sleep", json!({"ms": 1}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
}

#[test]
fn cancelling_slow_requests_on_a_large_workspace_leaves_the_server_responsive() {
    let dir = lsp_client::workspace_dir();
    let root = dir.path().canonicalize().unwrap();
    let files = coord::synth::generate(&coord::synth::SynthOptions {
        tasks: 20_000,
        files: 8,
        seed: 11,
    });
    for (path, text) in &files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let mut s = Server::start();
    let t = Instant::now();
    s.initialize(&root, false);
    let status = s.request("coord/status", json!(null));
    assert_eq!(status["result"]["files"], files.len(), "{status}");
    eprintln!("indexed in {:?}", t.elapsed());

    // A person that many things refer to.
    let (path, text) = &files[0];
    let doc = uri(&root.join(path));
    let at = text.find("person ").expect("a person") + "person ".len();
    let position = position(text, at, Enc::Utf16);

    let t = Instant::now();
    let symbols = s.send("workspace/symbol", json!({"query": ""}));
    let references = s.send(
        "textDocument/references",
        json!({"textDocument": {"uri": doc}, "position": position, "context": {"includeDeclaration": true}}),
    );
    let hover = s.send(
        "textDocument/hover",
        json!({"textDocument": {"uri": doc}, "position": position}),
    );
    for id in [symbols, references, hover] {
        s.notify("$/cancelRequest", json!({"id": id}));
    }
    // Each is answered, cancelled or complete.
    for id in [symbols, references, hover] {
        let r = s.response(id);
        assert!(
            r["error"]["code"] == -32800 || r.get("result").is_some(),
            "{}",
            r.to_string().chars().take(300).collect::<String>()
        );
        eprintln!(
            "request {id}: {}",
            if r.get("error").is_some() {
                "cancelled"
            } else {
                "completed"
            }
        );
    }
    eprintln!("answered in {:?}", t.elapsed());
    // After an edit, the next request analyses the whole workspace again: the slowest
    // request there is. Cancelled at once, it is answered either way.
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": doc, "languageId": "plan", "version": 1, "text": format!("{text}\ntask extra {{ owner nobody }}\n")}}),
    );
    let t = Instant::now();
    let slow = s.send("workspace/symbol", json!({"query": "extra"}));
    s.notify("$/cancelRequest", json!({"id": slow}));
    let r = s.response(slow);
    assert!(
        r["error"]["code"] == -32800 || r["result"].is_array(),
        "{r}"
    );
    eprintln!("re-analysis answered in {:?}", t.elapsed());
    s.assert_responsive("after cancelled requests");
    let r = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": doc}, "position": position}),
    );
    assert!(r["result"]["contents"]["value"].is_string(), "{r}");
    let r = s.request("shutdown", json!(null));
    assert_eq!(r["result"], Value::Null);
    s.notify("exit", json!(null));
    assert_eq!(s.wait_exit(Duration::from_secs(5)).code(), Some(0));
}
