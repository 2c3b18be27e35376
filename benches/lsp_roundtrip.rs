//! End-to-end language server latency over real stdio framing: the time from sending a
//! `didChange` to receiving the `publishDiagnostics` for that version, and hover and
//! definition round trips, on synthetic workspaces of 1,000, 3,000 (about 10,000 lines, the
//! size the server's latency targets are stated for), 10,000 and 100,000 tasks.
//! Run: `cargo bench --bench lsp_roundtrip` (uses the release `coord` binary, or the one
//! `COORD_BENCH_BIN` names, e.g. an older build to compare with);
//! `cargo bench --bench lsp_roundtrip -- 3000` runs only the sizes given.

#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::json;

use lsp_client::Server;

fn stats(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<44} p50 {:>7.2} ms   p90 {:>7.2} ms   p99 {:>7.2} ms   max {:>7.2} ms   (n = {})",
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() * 9 / 10]),
        ms(samples[(samples.len() * 99 / 100).min(samples.len() - 1)]),
        ms(*samples.last().unwrap()),
        samples.len()
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let binary = match std::env::var_os("COORD_BENCH_BIN") {
        Some(b) => PathBuf::from(b),
        None => {
            let status = Command::new("cargo")
                .args(["build", "--release", "--quiet", "--bin", "coord"])
                .current_dir(root)
                .status()
                .unwrap();
            assert!(status.success());
            root.join("target/release/coord")
        }
    };
    // `cargo bench` passes `--bench`; any numbers are the sizes to run.
    let mut sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if sizes.is_empty() {
        sizes = vec![1_000, 3_000, 10_000, 100_000];
    }
    for tasks in sizes {
        // Fewer samples where one keystroke re-analyzes a whole 100,000-task workspace.
        let samples = if tasks > 20_000 { 30 } else { 200 };
        run(&binary, tasks, samples);
    }
}

fn run(binary: &Path, tasks: usize, keystrokes: usize) {
    let dir = std::env::temp_dir().join(format!("coord-lsp-bench-{}-{tasks}", std::process::id()));
    let files = coord::synth::generate(&coord::synth::SynthOptions {
        tasks,
        files: (tasks / 375).clamp(1, 40),
        seed: 1,
    });
    let mut lines = 0;
    for (path, text) in &files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        lines += text.lines().count();
    }
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    println!(
        "\n{tasks} tasks: {} files, {lines} lines, {:.1} MB",
        files.len(),
        bytes as f64 / 1e6
    );
    let (path, text) = files.iter().max_by_key(|(_, t)| t.len()).unwrap();
    let uri = lsp_client::uri(&dir.join(path));

    let mut server = Server::start_binary(binary, &[]);
    server.timeout = Duration::from_secs(60);
    server.initialize_with(json!({
        "rootUri": lsp_client::uri(&dir), "capabilities": {},
        "initializationOptions": {"today": "2026-11-22"}}));
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument":{"uri":uri,"languageId":"plan","version":1,"text":text}}),
    );
    server.take_diagnostics(&uri, |p| p["version"] == 1);

    // Keystrokes of two kinds, each typed and then deleted: one at the end of the first line
    // (a comment: nothing a finding depends on changes, so the server follows the edit), and
    // one at the end of the first `owner` value (the name changes, so the workspace is
    // analysed again).
    let first_line_len = text.lines().next().unwrap().encode_utf16().count();
    let owner_end = text
        .lines()
        .enumerate()
        .find_map(|(n, l)| {
            l.trim_start()
                .starts_with("owner ")
                .then(|| (n, l.encode_utf16().count()))
        })
        .expect("an owner field");
    let mut version = 1;
    for (label, (line, end)) in [
        (
            "didChange -> publishDiagnostics (comment)",
            (0, first_line_len),
        ),
        ("didChange -> publishDiagnostics (name)", owner_end),
    ] {
        let mut samples = Vec::new();
        let cpu_before = server.cpu_time();
        for i in 0..keystrokes {
            version += 1;
            let change = if i % 2 == 0 {
                json!({"range":{"start":{"line":line,"character":end},"end":{"line":line,"character":end}},"text":"x"})
            } else {
                json!({"range":{"start":{"line":line,"character":end},"end":{"line":line,"character":end + 1}},"text":""})
            };
            let t = Instant::now();
            server.notify(
                "textDocument/didChange",
                json!({"textDocument":{"uri":uri,"version":version},"contentChanges":[change]}),
            );
            server.take_diagnostics(&uri, |p| p["version"] == version);
            samples.push(t.elapsed());
        }
        stats(label, samples);
        // What the server spent on them, whatever else runs on the machine.
        if let (Some(before), Some(after)) = (cpu_before, server.cpu_time()) {
            println!(
                "{:<44} {:>7.2} ms",
                "  server CPU per keystroke",
                (after - before).as_secs_f64() * 1000.0 / keystrokes as f64
            );
        }
    }
    if let Some(kib) = server.peak_memory_kib() {
        println!(
            "{:<44} {:>7.1} MB",
            "server peak memory",
            kib as f64 / 1024.0
        );
    }

    // Hover and definition on the first `owner` value of the file.
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(n, l)| {
            l.find("owner ")
                .map(|c| (n, l[..c + 6].encode_utf16().count()))
        })
        .expect("an owner field");
    for (method, name) in [
        ("textDocument/hover", "hover"),
        ("textDocument/definition", "definition"),
    ] {
        let mut samples = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            let answer = server.request(
                method,
                json!({"textDocument":{"uri":uri},"position":{"line":line,"character":col}}),
            );
            samples.push(t.elapsed());
            assert!(answer.get("error").is_none(), "{answer}");
        }
        stats(name, samples);
    }

    server.shutdown_and_exit();
    let _ = std::fs::remove_dir_all(&dir);
}
