//! Parse and check benchmarks on synthetic organisations of 1k, 10k and 100k tasks, and the
//! update of an analysis after a keystroke that changes a name (as the language server does).
//! Run: `cargo bench --bench check`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use coord::synth::{generate, SynthOptions};
use coord::{Config, FileId, Host, Workspace};
use std::time::{Duration, Instant};

fn sources(tasks: usize) -> Vec<(String, String)> {
    generate(&SynthOptions {
        tasks,
        files: (tasks / 2_500).clamp(1, 40),
        seed: 1,
    })
}

fn bench(c: &mut Criterion) {
    let today = "2026-11-22".parse().unwrap();
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    for tasks in [1_000, 10_000, 100_000] {
        let src = sources(tasks);
        let bytes: usize = src.iter().map(|(_, t)| t.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(BenchmarkId::new("parse", tasks), &src, |b, src| {
            b.iter(|| Workspace::from_texts(src.clone()))
        });
        let host =
            Host::new(Workspace::from_texts(src.clone()), Config::default()).with_today(today);
        group.bench_with_input(BenchmarkId::new("analyze", tasks), &host, |b, host| {
            b.iter(|| host.analyze())
        });
        // A letter typed at the end of the first `owner` value of the largest file, then
        // deleted: each keystroke's analysis is brought up to date from the one before.
        let (file, text) = src
            .iter()
            .enumerate()
            .max_by_key(|(_, (_, t))| t.len())
            .map(|(i, (_, t))| (FileId(i as u32), t.clone()))
            .unwrap();
        let at = text.find("  owner ").expect("an owner") + 8;
        let end = at + text[at..].find('\n').unwrap();
        let edited = format!("{}x{}", &text[..end], &text[end..]);
        group.bench_with_input(BenchmarkId::new("update", tasks), &host, |b, host| {
            b.iter_custom(|iters| {
                let mut host = host.clone();
                let mut analysis = host.analyze();
                let mut spent = Duration::ZERO;
                for i in 0..iters {
                    let before = host.clone();
                    let new = if i % 2 == 0 { &edited } else { &text };
                    host.set_file_text(file, new.clone());
                    let started = Instant::now();
                    analysis = host.reanalyze(&before, analysis);
                    spent += started.elapsed();
                }
                spent
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
