//! Checks of the generator: deterministic, the requested size, valid plan text, the planted mistakes present.

use std::collections::HashSet;

use super::items::{date, first_day, today, SPAN_DAYS};
use super::*;

fn opts(tasks: usize, files: usize, seed: u64) -> SynthOptions {
    SynthOptions { tasks, files, seed }
}

fn total_len(files: &[(String, String)]) -> usize {
    files.iter().map(|f| f.1.len()).sum()
}

/// Defined names, referenced names and the number of task items, read with the real parser
/// (which must find no syntax error: the planted mistakes are all above the syntax).
fn names(files: &[(String, String)]) -> (Vec<String>, Vec<String>, usize) {
    use crate::syntax::ItemKind;
    const REFERRING: &[&str] = &[
        "lead",
        "members",
        "parent",
        "owner",
        "attendees",
        "depends-on",
        "from",
        "to",
        "attends",
        "roster",
        "meets",
    ];
    let mut defined = Vec::new();
    let mut referenced = Vec::new();
    let mut tasks = 0;
    for (path, text) in files {
        let parsed = crate::syntax::parse(text);
        assert!(
            parsed.errors.is_empty(),
            "{path}: {:?}",
            parsed.errors.first().map(|e| &e.message)
        );
        for item in &parsed.items {
            let name = item
                .name_text(&parsed)
                .expect("every item is named")
                .to_string();
            match item.kind {
                ItemKind::Liaison | ItemKind::Embedded => referenced.push(name),
                _ => defined.push(name),
            }
            tasks += usize::from(item.kind == ItemKind::Task);
            let fields = item.fields(&parsed).iter();
            for field in fields.filter(|f| REFERRING.contains(&f.key_text(&parsed))) {
                for value in field.values(&parsed) {
                    if let Some(w) = value.as_ident(&parsed) {
                        referenced.push(w.to_string());
                    }
                }
            }
        }
    }
    (defined, referenced, tasks)
}

#[test]
fn same_seed_same_output() {
    let a = generate(&opts(3_000, 7, 42));
    let b = generate(&opts(3_000, 7, 42));
    assert_eq!(a, b);
    let c = generate(&opts(3_000, 7, 43));
    assert_ne!(a, c);
}

#[test]
fn files_are_named_and_counted() {
    let files = generate(&opts(2_000, 12, 1));
    assert_eq!(files.len(), 12);
    assert_eq!(files[0].0, "org/part-000.plan");
    assert_eq!(files[11].0, "org/part-011.plan");
    let sizes: Vec<usize> = files.iter().map(|f| f.1.len()).collect();
    let max = *sizes.iter().max().unwrap();
    let min = *sizes.iter().min().unwrap();
    assert!(min * 2 > max, "uneven files: {sizes:?}");
    assert_eq!(generate(&opts(10, 0, 1)).len(), 1);
    assert_eq!(generate(&opts(0, 2, 1)).len(), 2);
}

#[test]
fn size_is_roughly_proportional() {
    let small = total_len(&generate(&opts(2_000, 4, 5)));
    let large = total_len(&generate(&opts(8_000, 4, 5)));
    let ratio = large as f64 / small as f64;
    assert!((3.5..4.5).contains(&ratio), "ratio {ratio}");
    // About 100 bytes per task: 100,000 tasks make about 10 MB.
    let per_task = large / 8_000;
    assert!((80..130).contains(&per_task), "{per_task} bytes per task");
}

#[test]
fn references_are_mostly_defined() {
    let files = generate(&opts(20_000, 10, 9));
    let (defined, referenced, tasks) = names(&files);
    assert!((20_000..20_100).contains(&tasks), "{tasks} tasks");
    let set: HashSet<&str> = defined.iter().map(String::as_str).collect();
    assert!(set.len() + 10 >= defined.len(), "too many duplicates");
    assert!(set.len() < defined.len(), "no duplicate at all");
    let missing = referenced
        .iter()
        .filter(|r| !set.contains(r.as_str()))
        .count();
    assert!(missing > 0, "no undefined reference at all");
    assert!(
        missing * 200 < referenced.len(),
        "{missing} of {} references undefined",
        referenced.len()
    );
    let people = files
        .iter()
        .map(|f| f.1.matches("\nperson ").count())
        .sum::<usize>();
    assert!((1_500..2_600).contains(&people), "{people} people");
}

#[test]
fn dates_round_trip() {
    assert_eq!(date(today()), "2026-11-22");
    assert_eq!(date(first_day() + SPAN_DAYS), "2027-12-25");
}
