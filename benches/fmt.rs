//! Formatter benchmarks on synthetic organisations of 1k, 10k and 100k tasks: formatting every
//! file, checking files that are not formatted (as generated: `--check` stops at the first
//! difference), and checking files that are (the whole output is compared).
//! Run: `cargo bench --bench fmt`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use coord::fmt::Formatter;
use coord::synth::{generate, SynthOptions};

fn texts(tasks: usize) -> Vec<String> {
    generate(&SynthOptions {
        tasks,
        files: (tasks / 2_500).clamp(1, 40),
        seed: 1,
    })
    .into_iter()
    .map(|(_, text)| text)
    .collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("fmt");
    group.sample_size(10);
    for tasks in [1_000, 10_000, 100_000] {
        let raw = texts(tasks);
        let bytes: usize = raw.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        let mut formatter = Formatter::default();
        let formatted: Vec<String> = raw
            .iter()
            .map(|t| formatter.format(t).expect("generated plans format"))
            .collect();
        group.bench_with_input(BenchmarkId::new("format", tasks), &raw, |b, raw| {
            b.iter(|| {
                raw.iter()
                    .map(|t| formatter.format(t).map_or(0, |f| f.len()))
                    .sum::<usize>()
            })
        });
        group.bench_with_input(BenchmarkId::new("check-changed", tasks), &raw, |b, raw| {
            b.iter(|| {
                raw.iter()
                    .filter(|t| formatter.is_formatted(t) == Ok(false))
                    .count()
            })
        });
        group.bench_with_input(
            BenchmarkId::new("check-formatted", tasks),
            &formatted,
            |b, texts| {
                b.iter(|| {
                    texts
                        .iter()
                        .filter(|t| formatter.is_formatted(t) == Ok(true))
                        .count()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
