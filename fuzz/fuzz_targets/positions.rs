//! `positions`: conversions between byte offsets and (line, column) positions, in UTF-8 bytes,
//! UTF-16 code units (what most editors send over LSP) and Unicode scalar values.
//!
//! Input: the text, then optionally a `0xFF` byte (never part of UTF-8) followed by (line,
//! column) pairs, two little-endian `u16`s each. The text is decoded lossily so that every input
//! is used.
//!
//! Each conversion is compared with a plain reference computed here from the text (lines end at
//! `\n`; a line's content excludes its `\r\n` or `\n`):
//! - `line_col_encoded` / `line_col_chars` of offsets among the first 4096 give the line and
//!   the column counted in the encoding: every offset next to a line break or inside or next
//!   to a non-ASCII character (up to 384 of them), and every 64th offset; offsets off a
//!   character boundary or past the end are clamped, never a panic. (Inside a run of ASCII
//!   every offset converts the same way: checking each of them cost most of the target's time
//!   and found nothing the sampled ones would not.)
//! - `offset_of` always gives an offset on a character boundary inside the text: the position's
//!   offset when it is exact, one of the two boundaries around a column inside a character,
//!   the end of the line's content for a column past it, the end of the text for a line past
//!   the last; and it round-trips every offset that is a valid position.
#![no_main]

use coord::PlanFile;
use libfuzzer_sys::fuzz_target;
use line_index::WideEncoding;

const ENCODINGS: [Option<WideEncoding>; 3] =
    [None, Some(WideEncoding::Utf16), Some(WideEncoding::Utf32)];

fn units(s: &str, enc: Option<WideEncoding>) -> usize {
    match enc {
        None => s.len(),
        Some(WideEncoding::Utf16) => s.encode_utf16().count(),
        Some(WideEncoding::Utf32) => s.chars().count(),
        Some(other) => unreachable!("no reference for {other:?}"),
    }
}

/// Byte ranges of each line's content (without its line ending).
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let content = text[start..i].trim_end_matches('\r');
            out.push((start, start + content.len()));
            start = i + 1;
        }
    }
    let content = text[start..].trim_end_matches(['\r', '\n']);
    out.push((start, start + content.len()));
    out
}

/// How many offsets next to an edge are converted per input: enough for every edge of a
/// plan-like text of a few kilobytes, few enough that a text of edges only stays fast.
const EDGE_BUDGET: usize = 384;

/// Each character of a line's content: its byte offset in the line and the columns before it
/// in the encoding.
fn column_starts(content: &str, enc: Option<WideEncoding>) -> Vec<(usize, usize)> {
    let mut walked = 0;
    content
        .char_indices()
        .map(|(i, c)| {
            let at = (i, walked);
            walked += units(c.encode_utf8(&mut [0; 4]), enc);
            at
        })
        .collect()
}

/// Whether `offset` is worth converting: next to or on a line break or a non-ASCII byte (every
/// byte of a multi-byte character is one), at either end, or every 64th offset of a plain
/// ASCII run.
fn near_edge(bytes: &[u8], offset: usize) -> bool {
    let lo = offset.saturating_sub(1);
    let hi = (offset + 2).min(bytes.len());
    offset % 64 == 0
        || lo == 0
        || hi == bytes.len()
        || bytes[lo..hi]
            .iter()
            .any(|&b| b == b'\n' || b == b'\r' || !b.is_ascii())
}

fuzz_target!(|data: &[u8]| {
    let (text_bytes, tail) = match data.iter().rposition(|&b| b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let text = String::from_utf8_lossy(text_bytes).into_owned();
    let points: Vec<(u32, u32)> = tail
        .chunks_exact(4)
        .take(64)
        .map(|c| {
            (
                u16::from_le_bytes([c[0], c[1]]) as u32,
                u16::from_le_bytes([c[2], c[3]]) as u32,
            )
        })
        .collect();
    let file = PlanFile::new("f.plan".into(), text);
    let text = file.text.as_str();
    let lines = lines(text);

    // Offsets to positions, and back, walking the text once: `at` is the last character
    // boundary at or before the offset, `line`/`start` its line, `cols` its column in each
    // encoding.
    let (mut at, mut line, mut start, mut cols) = (0usize, 0usize, 0usize, [0usize; 3]);
    let mut edges = 0;
    for offset in 0..=text.len().min(4096) + 2 {
        let target = offset.min(text.len());
        while let Some(c) = text[at..].chars().next() {
            if at + c.len_utf8() > target {
                break;
            }
            at += c.len_utf8();
            if c == '\n' {
                (line, start, cols) = (line + 1, at, [0; 3]);
            } else {
                cols[0] += c.len_utf8();
                cols[1] += c.len_utf16();
                cols[2] += 1;
            }
        }
        assert_eq!(lines[line].0, start);
        // At most `EDGE_BUDGET` offsets are checked for being at an edge; past that (a text
        // of nothing but line breaks or non-ASCII characters), every 64th.
        if !(offset % 64 == 0 || (edges < EDGE_BUDGET && near_edge(text.as_bytes(), offset))) {
            continue;
        }
        edges += 1;
        let chars = file.line_col_chars(offset);
        assert_eq!(
            chars,
            (line as u32, cols[2] as u32),
            "line_col_chars({offset})"
        );
        for (enc, col) in ENCODINGS.into_iter().zip(cols) {
            let got = file.line_col_encoded(offset, enc);
            assert_eq!(
                got,
                (line as u32, col as u32),
                "line_col_encoded({offset}, {enc:?})"
            );
            if at == offset && at <= lines[line].1 {
                assert_eq!(
                    file.offset_of(line as u32, col as u32, enc),
                    offset,
                    "offset {offset} -> ({line}, {col}) does not come back ({enc:?})"
                );
            }
        }
    }

    for enc in ENCODINGS {
        // Positions to offsets. Each line's character starts are walked once per encoding.
        let mut walks: std::collections::HashMap<u32, Vec<(usize, usize)>> = Default::default();
        let mut all: Vec<(u32, u32)> = points.clone();
        for l in 0..lines.len().min(24) as u32 + 2 {
            all.extend([(l, 0), (l, 1), (l, 2), (l, 3), (l, u32::MAX)]);
        }
        all.push((u32::MAX, 0));
        for (line, col) in all {
            let offset = file.offset_of(line, col, enc);
            assert!(
                offset <= text.len(),
                "({line}, {col}) -> {offset} past the end ({enc:?})"
            );
            assert!(
                text.is_char_boundary(offset),
                "({line}, {col}) -> {offset} inside a character ({enc:?})"
            );
            let Some(&(start, end)) = lines.get(line as usize) else {
                assert_eq!(offset, text.len(), "line {line} past the last ({enc:?})");
                continue;
            };
            // The boundaries around the column: the last character starting at or before it,
            // and the first starting at or after it (the line's end when there is none).
            let content = &text[start..end];
            let starts = walks
                .entry(line)
                .or_insert_with(|| column_starts(content, enc));
            let after = starts.partition_point(|&(_, w)| w < col as usize);
            let hi = starts.get(after).map_or(end, |&(i, _)| start + i);
            let upto = starts.partition_point(|&(_, w)| w <= col as usize);
            // The line's width in the encoding.
            let total = match (content.chars().last(), starts.last()) {
                (Some(c), Some(&(_, w))) => w + units(c.encode_utf8(&mut [0; 4]), enc),
                _ => 0,
            };
            let lo = if after == starts.len() && total <= col as usize {
                end
            } else {
                starts[..upto].last().map_or(start, |&(i, _)| start + i)
            };
            assert!(
                offset == lo || offset == hi,
                "({line}, {col}) -> {offset}, expected {lo} or {hi} ({enc:?}) in {content:?}"
            );
        }
    }
});
