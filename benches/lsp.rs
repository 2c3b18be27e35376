//! Language server latency, in process, on synthetic workspaces of 1,000, 3,000 (about 10,000
//! lines), 10,000 and 100,000 tasks: what one keystroke costs (apply the change, reparse the
//! file; then, as the server's analysis loop does, copy the changed file for the analysis,
//! re-analyze the workspace, convert the diagnostics that changed), and the per-request
//! features on the largest file. Run: `cargo bench --bench lsp`; `cargo bench --bench lsp --
//! 3000` runs one size. `benches/lsp_roundtrip.rs` measures the same over real stdio.

use std::str::FromStr;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use coord::ide;
use coord::server::State;
use coord::synth::{generate, SynthOptions};

fn bench(c: &mut Criterion) {
    for tasks in [1_000, 3_000, 10_000, 100_000] {
        bench_size(c, tasks);
    }
}

fn bench_size(c: &mut Criterion, tasks: usize) {
    let files = generate(&SynthOptions {
        tasks,
        files: (tasks / 375).clamp(1, 40),
        seed: 1,
    });
    let lines: usize = files.iter().map(|(_, t)| t.lines().count()).sum();
    let mut state = State::new();
    state.today = "2026-11-22".parse().ok();
    state.indexed = true;
    // One workspace root holding every file.
    let root = state.ensure_project(Some(std::path::Path::new("/bench")), Default::default);
    let mut uris = Vec::new();
    for (path, text) in &files {
        let uri = Uri::from_str(&format!("file:///bench/{path}")).unwrap();
        state.set_text(root, &uri, text.clone());
        uris.push(uri);
    }
    state.analyse_now();
    // The largest file is the one being edited.
    let (largest, _) = files
        .iter()
        .enumerate()
        .max_by_key(|(_, (_, t))| t.len())
        .unwrap();
    let uri = uris[largest].clone();
    let text = files[largest].1.clone();
    state.open(root, &uri, 1, text.clone());
    state.analyse_now();

    let mut group = c.benchmark_group(format!("lsp {tasks} tasks ({lines} lines)"));
    group.sample_size(if tasks > 20_000 { 10 } else { 20 });
    let mut version = 1;
    let mut inserted = false;
    group.bench_function("keystroke: change, reparse the file", |b| {
        b.iter(|| {
            version += 1;
            let end = if inserted { 1 } else { 0 };
            let change: TextDocumentContentChangeEvent = serde_json::from_value(json!({
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": end}},
                "text": if inserted { "" } else { " " },
            }))
            .unwrap();
            inserted = !inserted;
            state.change(&uri, version, vec![change]).unwrap();
        })
    });
    state.analyse_now();
    group.bench_function("keystroke: change, re-analyze, publish", |b| {
        b.iter(|| {
            version += 1;
            // Type a space at the start of the file, then delete it again.
            let end = if inserted { 1 } else { 0 };
            let change: TextDocumentContentChangeEvent = serde_json::from_value(json!({
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": end}},
                "text": if inserted { "" } else { " " },
            }))
            .unwrap();
            inserted = !inserted;
            state.change(&uri, version, vec![change]).unwrap();
            state.analyse_now()
        })
    });

    state.analyse_now();
    let (project, _) = state.find(&uri).unwrap();
    let snapshot = project.snapshot().clone();
    let file = snapshot.file_id(&uri).unwrap();
    let ws = snapshot.ws();
    let analysis = snapshot.analysis();
    let text = &ws.file(file).text;
    let name_at = text.find("owner ").map_or(0, |p| p + 7);
    group.bench_function("hover on an owner", |b| {
        b.iter(|| ide::hover::hover(ws, analysis, snapshot.config(), file, name_at))
    });
    group.bench_function("completion after a key", |b| {
        b.iter(|| ide::completion::completions(ws, analysis, file, name_at))
    });
    group.bench_function("references", |b| {
        b.iter(|| ide::navigation::references(ws, analysis, file, name_at, true))
    });
    group.bench_function("semantic tokens of the file", |b| {
        b.iter(|| ide::semantic_tokens::semantic_tokens(ws, file))
    });
    group.bench_function("document symbols of the file", |b| {
        b.iter(|| ide::symbols::document_symbols(ws, file))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
