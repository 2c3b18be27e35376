//! `coord lsp` end to end: the built binary, spoken to over its standard input and output
//! with real `Content-Length` framing, as an editor does.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use lsp_client::{frame, uri, Server};

#[test]
fn open_diagnose_hover_and_exit_cleanly() {
    let dir = lsp_client::workspace_dir();
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
    let init = s.initialize(dir.path(), false);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["result"]["serverInfo"]["name"], "coord");

    // A file that is not open gets its diagnostics from the workspace scan.
    let other = s.take_diagnostics(&uri(&dir.path().join("other.plan")), |_| true);
    assert_eq!(other["diagnostics"][0]["code"], "undefined-reference");

    let doc = uri(&dir.path().join("work.plan"));
    let text = "task launch { owner alcie }\n";
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": doc, "languageId": "plan", "version": 1, "text": text}}),
    );
    let published = s.take_diagnostics(&doc, |p| p["version"] == 1);
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
    let dir = lsp_client::workspace_dir();
    let mut s = Server::start();
    s.initialize(dir.path(), false);
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
    s.write_raw(burst);
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
    let last = s.take_diagnostics(&doc, |p| p["version"] == version);
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
    let dir = lsp_client::workspace_dir();
    let mut s = Server::start();
    let early = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&dir.path().join("a.plan"))}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(early["error"]["code"], -32002, "{early}");
    s.initialize(dir.path(), false);
    let unknown = s.request("coord/doesNotExist", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let bad_params = s.request("textDocument/hover", json!({"textDocument": 3}));
    assert_eq!(bad_params["error"]["code"], -32602, "{bad_params}");
    // Not JSON at all.
    s.write_raw(b"Content-Length: 9\r\n\r\n{not json".to_vec());
    let parse_error = s.null_response(0);
    assert_eq!(parse_error["error"]["code"], -32700, "{parse_error}");
    assert_eq!(parse_error["id"], Value::Null);
    // JSON, but not a JSON-RPC message.
    s.write_raw(frame(&json!([1, 2, 3])));
    let invalid = s.null_response(1);
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");
    // Still serving.
    let status = s.request("coord/status", json!(null));
    assert_eq!(status["result"]["files"], 0, "{status}");
    assert!(s.shutdown_and_exit().success());
}

#[test]
fn exit_without_shutdown_or_at_end_of_input_is_status_1() {
    let mut s = Server::start();
    s.initialize(Path::new("/nonexistent-coord-root"), false);
    s.notify("exit", json!(null));
    assert_eq!(s.wait_exit(Duration::from_secs(5)).code(), Some(1));

    let mut s = Server::start();
    s.initialize(Path::new("/nonexistent-coord-root"), false);
    s.close_input();
    assert_eq!(s.wait_exit(Duration::from_secs(5)).code(), Some(1));
}

/// A VS Code multi-root workspace over real stdio: two folders that each define `alice`, and
/// a third file opened from outside both (a copy of a plan with no `coord.toml` or `.git`,
/// whose root is found by walking up). Each is its own namespace: no duplicate definitions,
/// each reference resolves in its own root, and one server holds all three roots.
#[test]
fn multi_root_folders_and_a_file_outside_them_are_separate_namespaces() {
    let dir = lsp_client::workspace_dir();
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
    let p = s.take_diagnostics(&south_work, |p| {
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
    let p = s.take_diagnostics(&t_uri, |p| p["version"] == 1);
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

/// Writes a synthetic organisation of `tasks` tasks into `dir`; returns the files' paths.
fn synthetic(dir: &Path, tasks: usize) -> Vec<std::path::PathBuf> {
    let files = coord::synth::generate(&coord::synth::SynthOptions {
        tasks,
        files: (tasks / 375).clamp(1, 40),
        seed: 7,
    });
    files
        .iter()
        .map(|(path, text)| {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect()
}

/// The `$/progress` notifications of one token, as (kind, title or message).
fn progress_of(s: &Server, token: &str) -> Vec<(String, String)> {
    s.inbox
        .progress
        .iter()
        .filter(|p| p["token"] == token)
        .map(|p| {
            let v = &p["value"];
            let kind = v["kind"].as_str().unwrap_or("").to_string();
            let text = v["title"].as_str().or(v["message"].as_str()).unwrap_or("");
            (kind, text.to_string())
        })
        .collect()
}

/// Work-done progress: "Indexing" while the workspace loads, and "Analyzing" for an analysis
/// slower than the threshold (made 0 ms here, so that every analysis after the index is
/// slow), each begun after the client created its token and ended; none of it, and no token
/// asked for, when the client does not advertise `window.workDoneProgress`.
#[test]
fn progress_begins_and_ends_only_when_the_client_supports_it() {
    for supported in [true, false] {
        let dir = lsp_client::workspace_dir();
        std::fs::write(dir.path().join("people.plan"), "person alice\n").unwrap();
        let doc = uri(&dir.path().join("work.plan"));
        std::fs::write(dir.path().join("work.plan"), "task a { owner nobody }\n").unwrap();
        let mut s = Server::start_with_env(&[
            ("COORD_LSP_TEST_METHODS", "1"),
            ("COORD_LSP_SLOW_ANALYSIS_MS", "0"),
        ]);
        s.initialize_with(json!({
            "rootUri": uri(dir.path()),
            "capabilities": {"window": {"workDoneProgress": supported}},
            "initializationOptions": {"today": lsp_client::TODAY},
        }));
        s.take_diagnostics(&doc, |_| true);
        if supported {
            s.wait_for("the end of indexing", |i| {
                i.progress
                    .iter()
                    .any(|p| p["token"] == "coord/indexing" && p["value"]["kind"] == "end")
            });
        }
        let text = "task a { owner alice }\n";
        s.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": doc, "languageId": "plan", "version": 1, "text": text}}),
        );
        s.take_diagnostics(&doc, |p| p["version"] == 1);
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": doc, "version": 2}, "contentChanges": [{"text": "task a { owner bob }\n"}]}),
        );
        let published = s.take_diagnostics(&doc, |p| p["version"] == 2);
        assert_eq!(published["diagnostics"][0]["code"], "undefined-reference");
        s.drain();
        let creates = s
            .inbox
            .server_requests
            .iter()
            .filter(|m| *m == "window/workDoneProgress/create")
            .count();
        if !supported {
            assert!(s.inbox.progress.is_empty(), "{:?}", s.inbox.progress);
            assert_eq!(creates, 0);
            continue;
        }
        let indexing = progress_of(&s, "coord/indexing");
        assert_eq!(
            indexing.first(),
            Some(&("begin".into(), "Indexing".into())),
            "{indexing:?}"
        );
        assert_eq!(indexing.last().unwrap().0, "end", "{indexing:?}");
        assert!(
            indexing.last().unwrap().1.contains("2 plan files"),
            "{indexing:?}"
        );
        // Each analysis after the index is "slow": each begins and ends before its diagnostics.
        let analysis = progress_of(&s, "coord/analysis");
        assert!(
            analysis.len() >= 4,
            "{analysis:?} {:?} {:?}",
            s.inbox.progress,
            s.inbox.server_requests
        );
        for pair in analysis.chunks(2) {
            assert_eq!(
                pair[0],
                ("begin".into(), "Analyzing".into()),
                "{analysis:?}"
            );
            assert_eq!(pair[1].0, "end", "{analysis:?}");
        }
        assert_eq!(creates, 1 + analysis.len() / 2);
        assert!(s.shutdown_and_exit().success());
    }
}

/// A request sent right after `initialized` waits for the first index, and is answered
/// correctly (a name defined in another file resolves); `shutdown` and `exit` are answered at
/// once even while the first analysis of a large workspace runs.
#[test]
fn requests_wait_for_the_first_index_and_exit_does_not_wait_for_the_analysis() {
    let dir = lsp_client::workspace_dir();
    std::fs::write(dir.path().join("people.plan"), "person alice \"Alice\"\n").unwrap();
    let work = dir.path().join("work.plan");
    std::fs::write(&work, "task launch { owner alice }\n").unwrap();
    let mut s = Server::start();
    s.initialize(dir.path(), false);
    let hover = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&work)}, "position": {"line": 0, "character": 22}}),
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(value.starts_with("**person alice** — Alice"), "{hover}");
    assert!(s.shutdown_and_exit().success());

    // A workspace whose first analysis takes seconds in this (debug) build.
    let big = lsp_client::workspace_dir();
    let files = synthetic(big.path(), 40_000);
    let mut s = Server::start();
    s.initialize(big.path(), false);
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let status = s.shutdown_and_exit();
    let took = started.elapsed();
    assert!(status.success(), "{status:?}");
    assert!(
        took < Duration::from_secs(2),
        "shutdown and exit took {took:?}"
    );
    // Whether the analysis was still running (else this run showed less than it could).
    s.drain();
    let first = uri(&files[0]);
    if s.inbox.publishes.iter().any(|p| p["uri"] == first.as_str()) {
        eprintln!("note: the first analysis finished before exit; make the workspace larger");
    }
}
