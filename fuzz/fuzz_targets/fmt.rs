//! `fmt`: arbitrary text through the formatter.
//!
//! When it formats: the output has no syntax errors, formatting it again changes nothing, and
//! it means the same as the input: the same items (kind, name, title, doc comment up to trailing
//! white space) with the same
//! fields (keys and values, in order), spans aside. When it refuses, the input has syntax
//! errors and the error's span lies inside the text. Nothing may panic.
#![no_main]

use coord::syntax::{self, ItemKind, SourceFile, ValueKind};
use libfuzzer_sys::fuzz_target;

/// A value's kind, with the text of a name or a string.
type Value = (ValueKind, Option<String>);
type Field = (String, Vec<Value>);
type Item = (
    ItemKind,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<Vec<Field>>,
);

/// What a file means, without its spans.
fn meaning(file: &SourceFile) -> Vec<Item> {
    file.items
        .iter()
        .map(|item| {
            (
                item.kind,
                item.name_text(file).map(str::to_string),
                item.title(file).map(str::to_string),
                // The formatter drops trailing white space from comment lines.
                item.doc(file).map(|d| {
                    d.split('\n')
                        .map(str::trim_end)
                        .collect::<Vec<_>>()
                        .join("\n")
                }),
                item.block.map(|_| {
                    item.fields(file)
                        .iter()
                        .map(|f| {
                            (
                                f.key_text(file).to_string(),
                                f.values(file)
                                    .iter()
                                    .map(|v| {
                                        let text = v.as_ident(file).or(v.string(file));
                                        (v.kind(file), text.map(str::to_string))
                                    })
                                    .collect(),
                            )
                        })
                        .collect()
                }),
            )
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let before = syntax::parse(text);
    match coord::fmt::format(text) {
        Ok(out) => {
            assert!(
                before.errors.is_empty(),
                "formatted a file with syntax errors: {:?}",
                before.errors
            );
            let after = syntax::parse(&out);
            assert!(
                after.errors.is_empty(),
                "the output has syntax errors {:?}\n--- input\n{text}\n--- output\n{out}",
                after.errors
            );
            let (a, b) = (meaning(&before), meaning(&after));
            // A block with no fields is written without braces: `{}` and nothing mean the same.
            let norm = |items: Vec<Item>| -> Vec<Item> {
                items
                    .into_iter()
                    .map(|(k, n, t, d, b)| (k, n, t, d, b.filter(|f| !f.is_empty())))
                    .collect()
            };
            assert_eq!(
                norm(a),
                norm(b),
                "formatting changed the meaning\n--- input\n{text}\n--- output\n{out}"
            );
            assert_eq!(
                before.comments.len(),
                after.comments.len(),
                "formatting lost or added a comment\n--- input\n{text}\n--- output\n{out}"
            );
            match coord::fmt::format(&out) {
                Ok(again) => assert_eq!(
                    again, out,
                    "formatting is not idempotent\n--- input\n{text}\n--- once\n{out}\n--- twice\n{again}"
                ),
                Err(e) => panic!("the output cannot be formatted again: {e}\n--- input\n{text}\n--- output\n{out}"),
            }
        }
        Err(e) => {
            assert!(
                e.span.start() <= e.span.end() && e.span.end() <= text.len(),
                "error span {:?} outside the text ({})",
                e.span,
                text.len()
            );
            assert!(!e.message.is_empty());
            // Refusing a file without syntax errors is the formatter giving up on itself.
            assert!(
                !before.errors.is_empty(),
                "refused a file without syntax errors: {e}\n--- input\n{text}"
            );
        }
    }
});
