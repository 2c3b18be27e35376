//! The LSP test client shared by the stdio, stress and benchmark code: starts `coord lsp`,
//! writes framed messages (through a writer thread, so a test never blocks on the pipe),
//! reads the server's output strictly (a badly framed message fails the test), answers the
//! server's own requests, files what arrives (responses by id, diagnostics, log messages),
//! and waits for things with a deadline, so a hang fails instead of blocking.
//!
//! Included with `mod support;` / `#[path = "support/lsp_client.rs"] mod lsp_client;` by
//! `tests/lsp_stdio.rs`, `tests/lsp_stress.rs` and `benches/lsp_roundtrip.rs`.

#![allow(dead_code)] // each includer uses part of it

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The `today` every test client sends (`initializationOptions`).
pub const TODAY: &str = "2026-11-01";
/// The longest wait for any one thing from the server (unless [`Server::timeout`] is set).
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// One message with its `Content-Length` header.
pub fn frame(msg: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(msg).unwrap();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body);
    out
}

/// Reads one framed message, strictly (the server must always frame its output well).
/// `Ok(None)` at the end of the stream.
pub fn read_message(r: &mut impl BufRead) -> Result<Option<Value>, String> {
    let mut length = None;
    let mut first = true;
    loop {
        let mut line = String::new();
        match r.read_line(&mut line) {
            Ok(0) if first => return Ok(None),
            Ok(0) => return Err("the output ended inside a header".into()),
            Ok(_) => {}
            Err(e) => return Err(format!("reading the output: {e}")),
        }
        first = false;
        if !line.ends_with("\r\n") {
            return Err(format!("a header line not ended by CRLF: {line:?}"));
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("not a header: {line:?}"))?;
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("bad length {value:?}"))?,
            );
        }
    }
    let length = length.ok_or("a message without Content-Length")?;
    let mut body = vec![0; length];
    r.read_exact(&mut body)
        .map_err(|e| format!("the output ended inside a body: {e}"))?;
    serde_json::from_slice(&body).map(Some).map_err(|e| {
        format!(
            "a body that is not JSON ({e}): {:?}",
            String::from_utf8_lossy(&body)
        )
    })
}

/// What the server sent, in order.
#[derive(Default)]
pub struct Inbox {
    /// Responses by id (ids are numbers here, `null` for errors about unreadable messages).
    pub responses: HashMap<String, Value>,
    /// Responses with id `null`, in order.
    pub null_responses: Vec<Value>,
    /// Every `publishDiagnostics` (its `params`), in order.
    pub publishes: Vec<Value>,
    /// `window/logMessage` and `window/showMessage` texts.
    pub logs: Vec<String>,
    /// Every `$/progress` (its `params`), in order.
    pub progress: Vec<Value>,
    /// The methods of the requests the server sent (each answered with `null`), in order.
    pub server_requests: Vec<String>,
}

/// A running `coord lsp` and what it has sent.
pub struct Server {
    child: Child,
    /// To the writer thread; `None` closes the server's standard input.
    out: Sender<Option<Vec<u8>>>,
    rx: Receiver<Result<Value, String>>,
    pub inbox: Inbox,
    next_id: i64,
    ended: bool,
    /// What the server wrote on standard error.
    pub stderr: Arc<Mutex<String>>,
    /// The longest wait for any one thing ([`TIMEOUT`] unless changed).
    pub timeout: Duration,
}

impl Server {
    /// Starts the `coord` binary cargo built for this test.
    pub fn start() -> Server {
        Server::start_with_env(&[])
    }

    /// Starts the test's `coord` binary with extra environment variables.
    pub fn start_with_env(env: &[(&str, &str)]) -> Server {
        Server::start_binary(Path::new(env!("CARGO_BIN_EXE_coord")), env)
    }

    /// Starts `binary lsp` with extra environment variables.
    pub fn start_binary(binary: &Path, env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(binary);
        cmd.arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("coord lsp starts");
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let log = stderr.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            while matches!(err.read_line(&mut line), Ok(n) if n > 0) {
                log.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        // The writer never blocks the test: it owns the pipe and writes what it is given.
        let (out, to_write) = channel::<Option<Vec<u8>>>();
        std::thread::spawn(move || {
            while let Ok(Some(bytes)) = to_write.recv() {
                if stdin
                    .write_all(&bytes)
                    .and_then(|()| stdin.flush())
                    .is_err()
                {
                    // The server is gone; keep draining so senders never fail.
                    while to_write.recv().is_ok() {}
                    return;
                }
            }
        });
        let (tx, rx) = channel();
        let answer = out.clone();
        std::thread::spawn(move || loop {
            match read_message(&mut stdout) {
                Ok(Some(msg)) => {
                    // Answer the server's own requests, if any.
                    if msg.get("method").is_some() && msg.get("id").is_some() {
                        let reply = json!({"jsonrpc": "2.0", "id": msg["id"], "result": null});
                        let _ = answer.send(Some(frame(&reply)));
                    }
                    if tx.send(Ok(msg)).is_err() {
                        return;
                    }
                }
                Ok(None) => return,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            }
        });
        Server {
            child,
            out,
            rx,
            inbox: Inbox::default(),
            next_id: 1,
            ended: false,
            stderr,
            timeout: TIMEOUT,
        }
    }

    pub fn write_raw(&self, bytes: Vec<u8>) {
        let _ = self.out.send(Some(bytes));
    }

    pub fn close_input(&self) {
        let _ = self.out.send(None);
    }

    pub fn send(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.write_raw(frame(
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        ));
        id
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.write_raw(frame(
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        ));
    }

    fn file(&mut self, msg: Value) {
        if let Some(method) = msg.get("method").and_then(Value::as_str) {
            if msg.get("id").is_some() {
                self.inbox.server_requests.push(method.to_string());
            }
            match method {
                "$/progress" => self.inbox.progress.push(msg["params"].clone()),
                "textDocument/publishDiagnostics" => {
                    self.inbox.publishes.push(msg["params"].clone())
                }
                "window/logMessage" | "window/showMessage" => self
                    .inbox
                    .logs
                    .push(msg["params"]["message"].as_str().unwrap_or("").to_string()),
                _ => {}
            }
        } else if msg["id"].is_null() {
            self.inbox.null_responses.push(msg);
        } else {
            self.inbox.responses.insert(msg["id"].to_string(), msg);
        }
    }

    /// Takes one message from the server into the inbox, waiting at most until `deadline`;
    /// false at the deadline or at the end of the output.
    pub fn pump(&mut self, deadline: Instant) -> bool {
        if self.ended {
            return false;
        }
        let wait = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(wait) {
            Ok(Ok(msg)) => {
                self.file(msg);
                true
            }
            Ok(Err(e)) => panic!("the server's output is broken: {e}"),
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => {
                self.ended = true;
                false
            }
        }
    }

    /// Files everything already received, without waiting.
    pub fn drain(&mut self) {
        while let Ok(msg) = self.rx.try_recv() {
            self.file(msg.unwrap_or_else(|e| panic!("the server's output is broken: {e}")));
        }
    }

    /// Waits until `done` holds of the inbox.
    pub fn wait_for(&mut self, what: &str, mut done: impl FnMut(&Inbox) -> bool) {
        let deadline = Instant::now() + self.timeout;
        while !done(&self.inbox) {
            if !self.pump(deadline) {
                assert!(
                    !self.ended,
                    "the server ended its output while waiting for {what}"
                );
                let _ = self.child.kill();
                panic!("the server did not send {what} within {:?}", self.timeout);
            }
        }
    }

    pub fn response(&mut self, id: i64) -> Value {
        let key = id.to_string();
        self.wait_for(&format!("the response to request {id}"), |i| {
            i.responses.contains_key(&key)
        });
        self.inbox.responses.remove(&key).unwrap()
    }

    /// Writes `bytes` and waits for the response with id `id`.
    pub fn request_raw(&mut self, bytes: Vec<u8>, id: i64) -> Value {
        self.write_raw(bytes);
        self.response(id)
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send(method, params);
        self.response(id)
    }

    /// The `n`-th response with id `null` (counting from 0), waiting for it.
    pub fn null_response(&mut self, n: usize) -> Value {
        self.wait_for(&format!("error response #{n} with id null"), |i| {
            i.null_responses.len() > n
        });
        self.inbox.null_responses[n].clone()
    }

    /// `initialize` for the folder `root` (offering UTF-8 positions when `utf8`, else the
    /// default UTF-16), with `today` set to [`TODAY`], then `initialized`.
    pub fn initialize(&mut self, root: &Path, utf8: bool) -> Value {
        let general = if utf8 {
            json!({"positionEncodings": ["utf-8", "utf-16"]})
        } else {
            json!({})
        };
        self.initialize_with(json!({
            "processId": null,
            "rootUri": uri(root),
            "capabilities": {"general": general},
            "initializationOptions": {"today": TODAY},
        }))
    }

    /// `initialize` with the given parameters (it must succeed), then `initialized`.
    pub fn initialize_with(&mut self, params: Value) -> Value {
        let r = self.request("initialize", params);
        assert!(r.get("result").is_some(), "{r}");
        self.notify("initialized", json!({}));
        r
    }

    /// Takes the first `publishDiagnostics` for `uri` whose `params` satisfy `pred` (one
    /// already received or the next to come).
    pub fn take_diagnostics(&mut self, uri: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let matches = |p: &Value| p["uri"] == uri && pred(p);
        self.wait_for(&format!("matching diagnostics for {uri}"), |i| {
            i.publishes.iter().any(matches)
        });
        let at = self.inbox.publishes.iter().position(matches).unwrap();
        self.inbox.publishes.remove(at)
    }

    /// `shutdown`, then `exit`; returns the exit status (which must come within 5 seconds).
    pub fn shutdown_and_exit(&mut self) -> ExitStatus {
        let r = self.request("shutdown", json!(null));
        assert_eq!(r["result"], Value::Null, "{r}");
        self.notify("exit", json!(null));
        self.wait_exit(Duration::from_secs(5))
    }

    /// Waits for the process to end.
    pub fn wait_exit(&mut self, within: Duration) -> ExitStatus {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit within {within:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The CPU time the server has used so far, user and system (Linux).
    #[allow(dead_code)]
    pub fn cpu_time(&self) -> Option<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // The fields after the command name, which is in parentheses.
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let ticks: u64 =
            fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        // The kernel's clock ticks are 1/100 s on Linux (`USER_HZ`).
        Some(Duration::from_millis(ticks * 10))
    }

    /// The server's peak resident memory, in KiB (Linux).
    pub fn peak_memory_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// Asks `coord/status` and checks that the answer comes: the server is still serving.
    pub fn assert_responsive(&mut self, context: &str) {
        let r = self.request("coord/status", json!(null));
        assert!(
            r["result"]["files"].is_u64(),
            "the server did not answer a valid request {context}: {r}"
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A new temporary folder for a workspace, inside a folder that holds no plan files itself
/// (`coord-lsp-tests` in the temporary directory), so that stray `.plan` files left in the
/// temporary directory never make it part of the workspace's root (a root without markers
/// reaches up through folders that hold plans).
pub fn workspace_dir() -> tempfile::TempDir {
    let parent = std::env::temp_dir().join("coord-lsp-tests");
    std::fs::create_dir_all(&parent).unwrap();
    tempfile::tempdir_in(parent).unwrap()
}

/// The `file:` URI of a path, as the server spells it.
pub fn uri(path: &Path) -> String {
    tower_lsp_server::ls_types::Uri::from_file_path(path)
        .unwrap()
        .as_str()
        .to_string()
}
