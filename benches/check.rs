//! Parse and check benchmarks on synthetic organisations of 1k, 10k and 100k tasks.
//! Run: `cargo bench --bench check`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use coord::analysis::analyze;
use coord::config::Config;
use coord::synth::{generate, SynthOptions};
use coord::workspace::Workspace;

fn sources(tasks: usize) -> Vec<(String, String)> {
    generate(&SynthOptions {
        tasks,
        files: (tasks / 2_500).clamp(1, 40),
        seed: 1,
    })
}

fn bench(c: &mut Criterion) {
    let today = coord::syntax::lexer::parse_date("2026-11-22").unwrap();
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    for tasks in [1_000, 10_000, 100_000] {
        let src = sources(tasks);
        let bytes: usize = src.iter().map(|(_, t)| t.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(BenchmarkId::new("parse", tasks), &src, |b, src| {
            b.iter(|| Workspace::from_texts(src.clone()))
        });
        let ws = Workspace::from_texts(src.clone());
        group.bench_with_input(BenchmarkId::new("analyze", tasks), &ws, |b, ws| {
            b.iter(|| analyze(ws, &Config::default(), today))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
