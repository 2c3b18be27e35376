//! Parse and check benchmarks on synthetic organisations of 1k, 10k and 100k tasks.
//! Run: `cargo bench --bench check`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use coord::synth::{generate, SynthOptions};
use coord::{Config, Host, Workspace};

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
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
