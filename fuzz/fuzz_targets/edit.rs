//! `edit`: a plan, then edits to it, one by one; after each, the analysis brought up to date
//! from the one before (as `Host::reanalyze` does: followed, or updated, or else made anew)
//! must find exactly what a new analysis of the edited files finds.
//!
//! The input: the plan's text up to the first `\x02` byte (split into files at each `\x01`,
//! as `check` does), then the edits, three bytes each: two for the place, one for what to do
//! there. A plan with no `\x02` (the seeds) is edited at places drawn from its own bytes.
#![no_main]

use coord::{FileId, Host};
use libfuzzer_sys::fuzz_target;

mod common;
use common::{in_bounds, TODAY};

/// The edits tried on one input: each costs two analyses, and more than a few per input
/// would bring the target below 1,000 inputs a second. Long sequences add little: any state
/// they reach is also a plan the fuzzer can write directly, and then edit.
const MAX_EDITS: usize = 3;

/// What an edit inserts, besides a letter at the end of a word, or a deleted character.
const PIECES: [&str; 8] = [
    " ",
    "\n",
    "}",
    "{",
    "# note",
    "owner a ",
    "depends-on ",
    "allow unowned-task ",
];

fuzz_target!(|data: &[u8]| {
    let (plan, ops) = match data.iter().position(|&b| b == 2) {
        Some(at) => (&data[..at], data[at + 1..].to_vec()),
        None => {
            // Edits drawn from the plan's own bytes, so that every seed is edited.
            let mut h = data
                .iter()
                .fold(17u32, |h, &b| h.wrapping_mul(31).wrapping_add(b as u32));
            let ops = (0..12)
                .map(|_| {
                    h = h.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (h >> 16) as u8
                })
                .collect();
            (data, ops)
        }
    };
    let Ok(text) = std::str::from_utf8(plan) else {
        return;
    };
    let files: Vec<(String, String)> = text
        .split('\x01')
        .enumerate()
        .map(|(i, t)| (format!("f{i}.plan"), t.to_string()))
        .collect();
    let mut host = Host::from_texts(files).with_today(TODAY);
    let mut analysis = host.analyze();
    for (k, op) in ops.chunks_exact(3).take(MAX_EDITS).enumerate() {
        let file = FileId((k % host.workspace().files.len()) as u32);
        let old = host.workspace().file(file).text.to_string();
        let mut at = (usize::from(op[0]) << 8 | usize::from(op[1])) % (old.len() + 1);
        while !old.is_char_boundary(at) {
            at -= 1;
        }
        let mut new = old.clone();
        match op[2] % 4 {
            // A letter at the end of the word at or after the place: a name changes.
            0 => {
                let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
                let end = old[at..]
                    .find(word)
                    .map(|p| at + p)
                    .map(|s| old[s..].find(|c| !word(c)).map_or(old.len(), |p| s + p))
                    .unwrap_or(old.len());
                new.insert(end, 'x');
            }
            1 => {
                if let Some(c) = old[at..].chars().next() {
                    new.replace_range(at..at + c.len_utf8(), "");
                }
            }
            _ => new.insert_str(at, PIECES[usize::from(op[2] / 4) % PIECES.len()]),
        }
        let before = host.clone();
        host.set_file_text(file, new);
        // What `Host::reanalyze` does, step by step: when the analysis can be neither
        // followed nor updated, the new analysis it makes is the one to compare with, so
        // only an analysis followed or updated is compared (half the work on such inputs).
        if host.follow_edits(&before, &mut analysis) || host.update(&before, &mut analysis) {
            let fresh = host.analyze();
            assert_eq!(
                analysis.diagnostics, fresh.diagnostics,
                "after edit {k} of file {file:?}"
            );
        } else {
            analysis = host.analyze();
        }
        for d in &analysis.diagnostics {
            in_bounds(
                host.workspace(),
                d.location.file,
                d.location.span,
                "diagnostic",
            );
            for l in &d.labels {
                in_bounds(host.workspace(), l.location.file, l.location.span, "label");
            }
        }
    }
});
