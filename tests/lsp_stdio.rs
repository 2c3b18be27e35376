//! `coord lsp` end to end: the built binary, spoken to over its standard input and output
//! with real `Content-Length` framing, as an editor does.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(20);

fn frame(msg: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(msg).unwrap();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body);
    out
}

/// Reads one framed message; `None` at the end of the stream.
fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').expect("a header line");
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.trim().parse::<usize>().expect("a length"));
        }
    }
    let mut body = vec![0; length.expect("Content-Length header")];
    r.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("a JSON body"))
}

struct Server {
    child: Child,
    stdin: Arc<Mutex<Option<ChildStdin>>>,
    rx: Receiver<Value>,
    /// Server-to-client notifications seen while waiting for something else.
    notifications: Vec<Value>,
    next_id: i64,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_coord"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("coord lsp starts");
        let stdin = Arc::new(Mutex::new(child.stdin.take()));
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = channel();
        let answer = stdin.clone();
        std::thread::spawn(move || {
            while let Some(msg) = read_message(&mut stdout) {
                // Answer the server's own requests (progress tokens, registrations).
                if msg.get("method").is_some() && msg.get("id").is_some() {
                    let reply = json!({"jsonrpc": "2.0", "id": msg["id"], "result": null});
                    if let Some(w) = answer.lock().unwrap().as_mut() {
                        let _ = w.write_all(&frame(&reply));
                        let _ = w.flush();
                    }
                }
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Server {
            child,
            stdin,
            rx,
            notifications: Vec::new(),
            next_id: 1,
        }
    }

    fn write_raw(&self, bytes: &[u8]) {
        let mut guard = self.stdin.lock().unwrap();
        let w = guard.as_mut().expect("stdin open");
        w.write_all(bytes).unwrap();
        w.flush().unwrap();
    }

    fn send(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.write_raw(&frame(
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        ));
        id
    }

    fn notify(&self, method: &str, params: Value) {
        self.write_raw(&frame(
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        ));
    }

    fn recv(&mut self) -> Value {
        match self.rx.recv_timeout(TIMEOUT) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => {
                panic!("no message from the server within {TIMEOUT:?}")
            }
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// Waits for the response to request `id`, keeping notifications aside.
    fn response(&mut self, id: i64) -> Value {
        loop {
            let msg = self.recv();
            if msg.get("method").is_none() && msg["id"] == id {
                return msg;
            }
            if msg.get("method").is_some() {
                self.notifications.push(msg);
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send(method, params);
        self.response(id)
    }

    /// The next `publishDiagnostics` for `uri` (including ones already seen but not taken).
    fn diagnostics_for(&mut self, uri: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self.notifications.iter().position(|n| {
                n["method"] == "textDocument/publishDiagnostics"
                    && n["params"]["uri"] == uri
                    && pred(&n["params"])
            }) {
                return self.notifications.remove(i)["params"].clone();
            }
            assert!(
                Instant::now() < deadline,
                "no matching diagnostics for {uri}"
            );
            let msg = self.recv();
            self.notifications.push(msg);
        }
    }

    fn initialize(&mut self, root: &str) -> Value {
        let r = self.request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": {}, "initializationOptions": {"today": "2026-11-01"}}),
        );
        self.notify("initialized", json!({}));
        r
    }

    /// Waits for the process to end.
    fn wait(&mut self, within: Duration) -> ExitStatus {
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

    fn shutdown_and_exit(&mut self) -> ExitStatus {
        let r = self.request("shutdown", json!(null));
        assert_eq!(r["result"], Value::Null, "{r}");
        self.notify("exit", json!(null));
        self.wait(Duration::from_secs(5))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(path: &std::path::Path) -> String {
    tower_lsp_server::ls_types::Uri::from_file_path(path)
        .unwrap()
        .as_str()
        .to_string()
}

#[test]
fn open_diagnose_hover_and_exit_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("people.plan"),
        "person alice \"Alice\"\nteam t { lead alice }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("other.plan"),
        "task closed { owner nobody }\n",
    )
    .unwrap();
    let mut s = Server::start();
    let init = s.initialize(&uri(dir.path()));
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["result"]["serverInfo"]["name"], "coord");

    // A file that is not open gets its diagnostics from the workspace scan.
    let other = s.diagnostics_for(&uri(&dir.path().join("other.plan")), |_| true);
    assert_eq!(other["diagnostics"][0]["code"], "undefined-reference");

    let doc = uri(&dir.path().join("work.plan"));
    let text = "task launch { owner alcie }\n";
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": doc, "languageId": "plan", "version": 1, "text": text}}),
    );
    let published = s.diagnostics_for(&doc, |p| p["version"] == 1);
    let d = &published["diagnostics"][0];
    assert_eq!(d["code"], "undefined-reference");
    assert_eq!(
        d["range"],
        json!({"start": {"line": 0, "character": 20}, "end": {"line": 0, "character": 25}})
    );

    let hover = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&dir.path().join("people.plan"))}, "position": {"line": 1, "character": 15}}),
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("**person alice** — Alice"), "{value}");
    assert!(value.contains("Teams: t (lead)"), "{value}");

    let started = Instant::now();
    let status = s.shutdown_and_exit();
    assert!(status.success(), "{status:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_burst_of_incremental_edits_ends_in_the_clients_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Server::start();
    s.initialize(&uri(dir.path()));
    let doc = uri(&dir.path().join("live.plan"));
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": doc, "languageId": "plan", "version": 1, "text": ""}}),
    );
    // Type a plan character by character, with a few corrections, without waiting.
    let target = "## Platform 😀\nteam platform \"Plätform 山田\" {\n  lead alice\n  members bob, carol\n}\nperson alice\nperson bob\nperson carol\ntask ship { owner platform  due 2026-12-01 }\n";
    let mut text = String::new();
    let mut version = 1;
    let mut burst = Vec::new();
    let position = |text: &str, offset: usize| {
        let before = &text[..offset];
        let line = before.matches('\n').count();
        let start = before.rfind('\n').map_or(0, |p| p + 1);
        json!({"line": line, "character": text[start..offset].encode_utf16().count()})
    };
    for (i, c) in target.chars().enumerate() {
        let mut change = |text: &mut String, a: usize, b: usize, new: &str| {
            version += 1;
            let range = json!({"start": position(text, a), "end": position(text, b)});
            burst.extend(frame(&json!({
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": doc, "version": version}, "contentChanges": [{"range": range, "text": new}]},
            })));
            text.replace_range(a..b, new);
        };
        let end = text.len();
        if i % 7 == 3 {
            // A typo, then its correction.
            change(&mut text, end, end, "x");
            change(&mut text, end, end + 1, "");
        }
        let end = text.len();
        change(&mut text, end, end, &c.to_string());
    }
    assert_eq!(text, target);
    s.write_raw(&burst);
    let symbols = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": doc}}),
    );
    let names: Vec<&str> = symbols["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["platform", "alice", "bob", "carol", "ship"]);
    let platform = &symbols["result"][0];
    assert_eq!(platform["detail"], "team — Plätform 山田");
    assert_eq!(
        platform["range"]["start"],
        json!({"line": 1, "character": 0})
    );
    assert_eq!(platform["range"]["end"], json!({"line": 4, "character": 1}));
    let fields: Vec<&str> = platform["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["detail"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["alice", "bob, carol"]);
    // The same text opened fresh gives the same answer.
    let copy = uri(&dir.path().join("copy.plan"));
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": copy, "languageId": "plan", "version": 1, "text": target}}),
    );
    let again = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": copy}}),
    );
    assert_eq!(again["result"], symbols["result"]);
    // The last diagnostics are for the last version, and the finished plan is clean apart
    // from the copy's duplicates.
    let last = s.diagnostics_for(&doc, |p| p["version"] == version);
    assert!(
        last["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] == "duplicate-definition"),
        "{last}"
    );
    assert!(s.shutdown_and_exit().success());
}

#[test]
fn protocol_errors_get_json_rpc_errors_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Server::start();
    let early = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&dir.path().join("a.plan"))}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(early["error"]["code"], -32002, "{early}");
    s.initialize(&uri(dir.path()));
    let unknown = s.request("coord/doesNotExist", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let bad_params = s.request("textDocument/hover", json!({"textDocument": 3}));
    assert_eq!(bad_params["error"]["code"], -32602, "{bad_params}");
    // Not JSON at all.
    s.write_raw(b"Content-Length: 9\r\n\r\n{not json");
    let parse_error = loop {
        let msg = s.recv();
        if msg.get("error").is_some() {
            break msg;
        }
    };
    assert_eq!(parse_error["error"]["code"], -32700, "{parse_error}");
    assert_eq!(parse_error["id"], Value::Null);
    // JSON, but not a JSON-RPC message.
    s.write_raw(&frame(&json!([1, 2, 3])));
    let invalid = loop {
        let msg = s.recv();
        if msg.get("error").is_some() {
            break msg;
        }
    };
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");
    // Still serving.
    let status = s.request("coord/status", json!(null));
    assert_eq!(status["result"]["files"], 0, "{status}");
    assert!(s.shutdown_and_exit().success());
}

#[test]
fn exit_without_shutdown_or_at_end_of_input_is_status_1() {
    let mut s = Server::start();
    s.initialize("file:///nonexistent-coord-root");
    s.notify("exit", json!(null));
    assert_eq!(s.wait(Duration::from_secs(5)).code(), Some(1));

    let mut s = Server::start();
    s.initialize("file:///nonexistent-coord-root");
    s.stdin.lock().unwrap().take();
    assert_eq!(s.wait(Duration::from_secs(5)).code(), Some(1));
}

/// A VS Code multi-root workspace over real stdio: two folders that each define `alice`, and
/// a third file opened from outside both (a copy of a plan with no `coord.toml` or `.git`,
/// whose root is found by walking up). Each is its own namespace: no duplicate definitions,
/// each reference resolves in its own root, and one server holds all three roots.
#[test]
fn multi_root_folders_and_a_file_outside_them_are_separate_namespaces() {
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path();
    let write = |path: &str, text: &str| {
        let p = top.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("north/coord.toml", "");
    write("north/people.plan", "person alice \"Alice North\"\n");
    write(
        "north/work.plan",
        "task n1 { owner alice  due 2026-12-01 }\n",
    );
    write(
        "south/coord.toml",
        "[rules]\nundefined-reference = \"warning\"\n",
    );
    write("south/people.plan", "person alice \"Alice South\"\n");
    write(
        "south/work.plan",
        "task s1 { owner alice  due 2026-12-01 }\ntask s2 { owner bob  due 2026-12-01 }\n",
    );
    write("elsewhere/acme/people.plan", "person carol\n");
    write(
        "elsewhere/acme/teams/t.plan",
        "team t { lead carol }\ntask e1 { owner alice  due 2026-12-01 }\n",
    );

    let mut s = Server::start();
    let (north, south) = (uri(&top.join("north")), uri(&top.join("south")));
    s.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": north,
            "workspaceFolders": [{"uri": north, "name": "north"}, {"uri": south, "name": "south"}],
            "capabilities": {},
            "initializationOptions": {"today": "2026-11-01"},
        }),
    );
    s.notify("initialized", json!({}));

    let codes = |p: &Value| -> Vec<(String, i64)> {
        p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["severity"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    // south: `bob` is undefined there, a warning by south's own coord.toml; alice resolves.
    let south_work = uri(&top.join("south/work.plan"));
    let p = s.diagnostics_for(&south_work, |p| {
        !p["diagnostics"].as_array().unwrap().is_empty()
    });
    assert_eq!(codes(&p), [("undefined-reference".to_string(), 2)], "{p}");
    assert!(
        p["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("bob"),
        "{p}"
    );
    assert_eq!(p["diagnostics"][0]["source"], "coord", "{p}");

    let status = s.request("coord/status", json!(null));
    let roots: Vec<&str> = status["result"]["roots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    let shown = |p: &str| top.join(p).display().to_string();
    assert_eq!(roots, [shown("north"), shown("south")], "{status}");
    // Each root has exactly `coord check ROOT`'s diagnostics (no duplicate alice).
    for w in status["result"]["workspaces"].as_array().unwrap() {
        let root = w["root"].as_str().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_coord"))
            .args(["check", root, "--format", "json", "--today", "2026-11-01"])
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let want = json["diagnostics"].as_array().unwrap();
        assert_eq!(w["diagnostics"], want.len(), "{root}: {json}");
        assert!(
            want.iter().all(|d| d["code"] != "duplicate-definition"),
            "{json}"
        );
    }

    // A file opened outside both folders: its root is elsewhere/acme (walking up through
    // folders of plans), in the same server; carol resolves from acme's people.plan, and the
    // alice of north and south is not seen there.
    let t = top.join("elsewhere/acme/teams/t.plan");
    let t_uri = uri(&t);
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": t_uri, "languageId": "plan", "version": 1,
               "text": std::fs::read_to_string(&t).unwrap()}}),
    );
    let p = s.diagnostics_for(&t_uri, |p| p["version"] == 1);
    let found: Vec<String> = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(found.len(), 1, "only alice is undefined here: {found:?}");
    assert!(found[0].contains("alice"), "{found:?}");
    let status = s.request("coord/status", json!(null));
    assert_eq!(
        status["result"]["roots"].as_array().unwrap().len(),
        3,
        "{status}"
    );
    assert!(
        status["result"]["roots"]
            .as_array()
            .unwrap()
            .contains(&json!(shown("elsewhere/acme"))),
        "{status}"
    );
    assert!(s.shutdown_and_exit().success());
}
