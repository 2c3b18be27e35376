//! End-to-end language server latency over real stdio framing: the time from sending a
//! `didChange` to receiving the `publishDiagnostics` for that version, and hover and
//! definition round trips, on synthetic workspaces of 1,000, 3,000 (about 10,000 lines, the
//! size the server's latency targets are stated for), 10,000 and 100,000 tasks.
//! Run: `cargo bench --bench lsp_roundtrip` (uses the release `coord` binary);
//! `cargo bench --bench lsp_roundtrip -- 3000` runs only the sizes given.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

fn send(stdin: &mut impl Write, msg: &Value) {
    let body = msg.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

fn reader(stdout: impl Read + Send + 'static) -> mpsc::Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length: ") {
                    len = v.parse().unwrap();
                }
            }
            let mut body = vec![0; len];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        }
    });
    rx
}

fn wait_for(rx: &mpsc::Receiver<Value>, pred: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let msg = rx.recv_timeout(left).expect("the server answered in time");
        if pred(&msg) {
            return msg;
        }
    }
}

fn stats(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<44} median {:>7.2} ms   p90 {:>7.2} ms   max {:>7.2} ms   (n = {})",
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() * 9 / 10]),
        ms(*samples.last().unwrap()),
        samples.len()
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new("cargo")
        .args(["build", "--release", "--quiet", "--bin", "coord"])
        .current_dir(root)
        .status()
        .unwrap();
    assert!(status.success());
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
        run(root, tasks, samples);
    }
}

fn run(root: &Path, tasks: usize, keystrokes: usize) {
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
    let uri = format!("file://{}", dir.join(path).display());

    let mut child = Command::new(root.join("target/release/coord"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let rx = reader(child.stdout.take().unwrap());
    send(
        &mut stdin,
        &json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{
        "rootUri": format!("file://{}", dir.display()), "capabilities": {},
        "initializationOptions": {"today": "2026-11-22"}}}),
    );
    wait_for(&rx, |m| m["id"] == 1);
    send(
        &mut stdin,
        &json!({"jsonrpc":"2.0","method":"initialized","params":{}}),
    );
    send(
        &mut stdin,
        &json!({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{
        "textDocument":{"uri":uri,"languageId":"plan","version":1,"text":text}}}),
    );
    wait_for(&rx, |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri.as_str()
            && m["params"]["version"] == 1
    });

    // Keystrokes: type a character at the end of the first line, then delete it.
    let first_line_len = text.lines().next().unwrap().encode_utf16().count();
    let mut samples = Vec::new();
    for i in 0..keystrokes {
        let version = i + 2;
        let change = if i % 2 == 0 {
            json!({"range":{"start":{"line":0,"character":first_line_len},"end":{"line":0,"character":first_line_len}},"text":"x"})
        } else {
            json!({"range":{"start":{"line":0,"character":first_line_len},"end":{"line":0,"character":first_line_len + 1}},"text":""})
        };
        let t = Instant::now();
        send(
            &mut stdin,
            &json!({"jsonrpc":"2.0","method":"textDocument/didChange","params":{
            "textDocument":{"uri":uri,"version":version},"contentChanges":[change]}}),
        );
        wait_for(&rx, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && m["params"]["version"] == version
        });
        samples.push(t.elapsed());
    }
    stats("didChange -> publishDiagnostics", samples);

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
        for i in 0..200 {
            let id = 1000 + i;
            let t = Instant::now();
            send(
                &mut stdin,
                &json!({"jsonrpc":"2.0","id":id,"method":method,"params":{
                "textDocument":{"uri":uri},"position":{"line":line,"character":col}}}),
            );
            let answer = wait_for(&rx, |m| m["id"] == id);
            samples.push(t.elapsed());
            assert!(answer.get("error").is_none(), "{answer}");
        }
        stats(name, samples);
        // Separate the id ranges of the two methods.
        std::thread::sleep(Duration::from_millis(10));
    }

    send(
        &mut stdin,
        &json!({"jsonrpc":"2.0","id":9,"method":"shutdown"}),
    );
    wait_for(&rx, |m| m["id"] == 9);
    send(&mut stdin, &json!({"jsonrpc":"2.0","method":"exit"}));
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
