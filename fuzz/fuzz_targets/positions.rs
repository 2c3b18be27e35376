//! `positions`: conversions between byte offsets and (line, column) positions, in UTF-8 bytes,
//! UTF-16 code units (what most editors send over LSP) and Unicode scalar values.
//!
//! Input: the text, then optionally a `0xFF` byte (never part of UTF-8) followed by (line,
//! column) pairs, two little-endian `u16`s each. The text is decoded lossily so that every input
//! is used.
//!
//! Each conversion is compared with a plain reference computed here from the text (lines end at
//! `\n`; a line's content excludes its `\r\n` or `\n`):
//! - `line_col_encoded` / `line_col_chars` of every offset (the first 4096) give the line and
//!   the column counted in the encoding; offsets off a character boundary or past the end are
//!   clamped, never a panic;
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
        // Positions to offsets.
        let mut all: Vec<(u32, u32)> = points.clone();
        for l in 0..lines.len().min(64) as u32 + 2 {
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
            let content = &text[start..end];
            // The boundaries around the column.
            let mut lo = start;
            let mut hi = end;
            let mut walked = 0usize;
            for (i, c) in content.char_indices() {
                if walked <= col as usize {
                    lo = start + i;
                }
                if walked >= col as usize {
                    hi = start + i;
                    break;
                }
                walked += units(c.encode_utf8(&mut [0; 4]), enc);
            }
            if walked <= col as usize && hi == end {
                lo = end;
            }
            assert!(
                offset == lo || offset == hi,
                "({line}, {col}) -> {offset}, expected {lo} or {hi} ({enc:?}) in {content:?}"
            );
        }
    }
});
