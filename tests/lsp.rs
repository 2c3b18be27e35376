//! The language server in process: JSON-RPC requests go through `LspService` (as
//! `tower::Service` calls), and what the server sends the client (diagnostics, progress, log
//! messages, registrations) is read from its client socket, where client requests are answered
//! with `null`.
//!
//! Fixtures mark cursor positions with `$0` (removed from the text; several marks give several
//! cursors, in order). Workspaces are written to a temporary folder that is the workspace
//! folder. Positions sent to and checked from the server are computed here, independently of
//! the server's own conversion, in UTF-16 or UTF-8 as negotiated.
//!
//! These tests check the protocol: positions and encodings, ranges, capabilities, error
//! responses, versioning, workspace edits, and keeping the workspace in sync with the editor
//! and the disk. What each feature answers is tested at the `ide` boundary (`src/ide/tests/`).

use std::collections::HashMap;
use std::future::poll_fn;
use std::path::Path;
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tower::Service;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::LspService;

use coord::server::Backend;

/// The date `overdue-task` compares with in these tests.
const TODAY: &str = "2026-11-01";

const PEOPLE: &str = r#"## Alice runs the platform team.
person alice "Alice Chen" { role "Engineering manager"  email "alice@example.com" }
person bob
person carol
person dave "Dave Ortiz"
person erin
person zoe
"#;

const TEAMS: &str = r#"## Owns the public API and its SDKs.
team platform "Platform" {
  lead alice
  members bob, carol
  parent engineering
  model service-provider
}

team engineering "Engineering" { lead zoe }
team marketing "Product marketing" { lead dave  members erin }
"#;

const WORK: &str = r#"meeting platform-weekly "Platform weekly" {
  owner alice
  attendees platform
  cadence weekly
  length 45m
}

liaison dave {
  from marketing
  to platform
  attends platform-weekly
  needs "delivery dates", "terminology"
}

task schema-freeze "Freeze the v2 schema" { owner bob  due 2026-11-15  status doing }
## The launch everyone waits for.
task api-v2 "Launch API v2" {
  owner platform
  due 2026-12-01
  depends-on schema-freeze
}
task launch-post "Launch blog post" { owner marketing  due 2026-12-03  depends-on api-v2 }
"#;

fn base() -> Vec<(&'static str, String)> {
    vec![
        ("people.plan", PEOPLE.to_string()),
        ("teams.plan", TEAMS.to_string()),
        ("work.plan", WORK.to_string()),
    ]
}

/// Removes the `$0` marks, returning the text and the offsets where they were.
fn marked(text: &str) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut marks = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("$0") {
        out.push_str(&rest[..i]);
        marks.push(out.len());
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    (out, marks)
}

/// An LSP position of `offset` in `text`, counted independently of the server.
fn position(text: &str, offset: usize, utf8: bool) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let character = if utf8 {
        offset - line_start
    } else {
        text[line_start..offset].encode_utf16().count()
    };
    json!({"line": line, "character": character})
}

/// The byte offset of an LSP position in `text`.
fn offset(text: &str, pos: &Value, utf8: bool) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let character = pos["character"].as_u64().unwrap() as usize;
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n').expect("line in range") + 1;
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    text.len()
}

/// Applies LSP text edits (`[{range, newText}]`) to `text`.
fn apply(text: &str, edits: &[Value], utf8: bool) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], utf8),
                offset(text, &e["range"]["end"], utf8),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

#[derive(Clone, Copy, Default)]
struct Opts {
    utf8: bool,
    progress: bool,
    watch: bool,
}

struct Lsp {
    service: LspService<Backend>,
    rx: tokio::sync::mpsc::UnboundedReceiver<Request>,
    /// Everything the server sent the client, in order.
    seen: Vec<Request>,
    /// How many messages `next_publish` has looked at, per file.
    read: HashMap<String, usize>,
    next_id: i64,
    utf8: bool,
    dir: tempfile::TempDir,
    /// The text of each file as the client knows it, by name.
    texts: HashMap<String, String>,
    versions: HashMap<String, i32>,
    /// The `$0` cursors of the fixture: file name and offset.
    cursors: Vec<(String, usize)>,
}

fn uri_of(path: &Path) -> String {
    Uri::from_file_path(path).unwrap().as_str().to_string()
}

impl Lsp {
    /// Writes the files (with `$0` marks removed) to a new workspace folder without starting.
    fn new(files: &[(&str, String)], utf8: bool) -> Lsp {
        // Inside a folder without plan files, so that stray `.plan` files in the temporary
        // directory never join the workspace's root (a root without markers reaches up
        // through folders that hold plans).
        let parent = std::env::temp_dir().join("coord-lsp-tests");
        std::fs::create_dir_all(&parent).unwrap();
        let dir = tempfile::tempdir_in(parent).unwrap();
        let mut texts = HashMap::new();
        let mut cursors = Vec::new();
        for (name, text) in files {
            let (text, marks) = marked(text);
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
            cursors.extend(marks.into_iter().map(|m| (name.to_string(), m)));
            texts.insert(name.to_string(), text);
        }
        let (service, socket) = coord::server::service();
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let (mut requests, mut responses) = socket.split();
        tokio::spawn(async move {
            while let Some(req) = requests.next().await {
                if let Some(id) = req.id().cloned() {
                    let _ = responses.send(Response::from_ok(id, Value::Null)).await;
                }
                if tx.send(req).is_err() {
                    break;
                }
            }
        });
        Lsp {
            service,
            rx,
            seen: Vec::new(),
            read: HashMap::new(),
            next_id: 1,
            utf8,
            dir,
            texts,
            versions: HashMap::new(),
            cursors,
        }
    }

    /// A workspace of `files`, initialized.
    async fn start(files: &[(&str, String)], opts: Opts) -> Lsp {
        let mut lsp = Lsp::new(files, opts.utf8);
        lsp.initialize(opts).await;
        lsp
    }

    async fn initialize(&mut self, opts: Opts) -> Value {
        self.initialize_in(Some(""), opts).await
    }

    /// Initializes with `folder` (relative to the workspace directory) as the client's root
    /// and only workspace folder, or with no root at all.
    async fn initialize_in(&mut self, folder: Option<&str>, opts: Opts) -> Value {
        let root = folder.map(|f| uri_of(&self.dir.path().join(f)));
        let encodings = if opts.utf8 {
            json!(["utf-8", "utf-16"])
        } else {
            json!(["utf-16"])
        };
        let result = self
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root,
                    "workspaceFolders": root.as_ref().map(|r| json!([{"uri": r, "name": "ws"}])),
                    "capabilities": {
                        "general": {"positionEncodings": encodings},
                        "window": {"workDoneProgress": opts.progress},
                        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": opts.watch}},
                    },
                    "initializationOptions": {"today": TODAY},
                }),
            )
            .await
            .expect("initialize succeeds");
        self.notify("initialized", json!({})).await;
        result
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn uri(&self, name: &str) -> String {
        uri_of(&self.path(name))
    }

    fn name_of(&self, uri: &str) -> String {
        self.texts
            .keys()
            .find(|n| self.uri(n) == uri)
            .cloned()
            .unwrap_or_else(|| panic!("unknown uri {uri}"))
    }

    fn text(&self, name: &str) -> &str {
        &self.texts[name]
    }

    async fn send(&mut self, req: Request) -> Option<Response> {
        poll_fn(|cx| self.service.poll_ready(cx)).await.unwrap();
        self.service.call(req).await.unwrap()
    }

    /// Sends a request; the result, or the error as JSON.
    async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        let req = Request::build(method.to_string())
            .id(id)
            .params(params)
            .finish();
        let response = self.send(req).await.expect("a request gets a response");
        let (_, result) = response.into_parts();
        result.map_err(|e| serde_json::to_value(e).unwrap())
    }

    async fn notify(&mut self, method: &str, params: Value) {
        let req = Request::build(method.to_string()).params(params).finish();
        assert!(
            self.send(req).await.is_none(),
            "a notification gets no response"
        );
    }

    fn drain(&mut self) {
        while let Ok(r) = self.rx.try_recv() {
            self.seen.push(r);
        }
    }

    /// Lets the socket task forward what the server sent, then collects it.
    async fn settle(&mut self) {
        tokio::time::sleep(Duration::from_millis(20)).await;
        self.drain();
    }

    fn sent(&self, method: &str) -> Vec<Value> {
        self.seen
            .iter()
            .filter(|r| r.method() == method)
            .map(|r| r.params().cloned().unwrap_or(Value::Null))
            .collect()
    }

    /// The next `publishDiagnostics` for `name` not yet looked at.
    async fn next_publish(&mut self, name: &str) -> Value {
        let uri = self.uri(name);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            self.drain();
            let from = self.read.get(name).copied().unwrap_or(0);
            if let Some(i) = self.seen[from..].iter().position(|r| {
                r.method() == "textDocument/publishDiagnostics"
                    && r.params().unwrap()["uri"] == uri.as_str()
            }) {
                self.read.insert(name.to_string(), from + i + 1);
                return self.seen[from + i].params().unwrap().clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, self.rx.recv()).await {
                Ok(Some(r)) => self.seen.push(r),
                _ => panic!("no diagnostics published for {name}"),
            }
        }
    }

    /// The next `publishDiagnostics` for `name` at document version `version`.
    async fn publish_of_version(&mut self, name: &str, version: i32) -> Value {
        loop {
            let p = self.next_publish(name).await;
            if p["version"] == version {
                return p;
            }
        }
    }

    /// The last diagnostics published for `name`, once the server has analysed everything
    /// sent so far (`coord/status` waits for that).
    async fn diagnostics(&mut self, name: &str) -> Vec<Value> {
        self.request("coord/status", json!(null))
            .await
            .expect("coord/status");
        self.settle().await;
        let uri = self.uri(name);
        self.seen
            .iter()
            .rev()
            .find(|r| {
                r.method() == "textDocument/publishDiagnostics"
                    && r.params().unwrap()["uri"] == uri.as_str()
            })
            .map(|r| {
                r.params().unwrap()["diagnostics"]
                    .as_array()
                    .unwrap()
                    .clone()
            })
            .unwrap_or_default()
    }

    async fn open(&mut self, name: &str) {
        let text = self.texts[name].clone();
        self.versions.insert(name.to_string(), 1);
        let uri = self.uri(name);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plan", "version": 1, "text": text}}),
        )
        .await;
    }

    /// Opens a buffer that is not on disk.
    async fn open_new(&mut self, name: &str, text: &str) {
        self.texts.insert(name.to_string(), text.to_string());
        self.open(name).await;
    }

    /// Replaces `start..end` of an open file by `new_text` with an incremental change.
    async fn edit(&mut self, name: &str, start: usize, end: usize, new_text: &str) {
        let text = self.texts[name].clone();
        let range = json!({"start": position(&text, start, self.utf8), "end": position(&text, end, self.utf8)});
        let version = self.versions[name] + 1;
        self.versions.insert(name.to_string(), version);
        let mut updated = text;
        updated.replace_range(start..end, new_text);
        self.texts.insert(name.to_string(), updated);
        let uri = self.uri(name);
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": range, "text": new_text}],
            }),
        )
        .await;
    }

    fn pos(&self, name: &str, offset: usize) -> Value {
        position(&self.texts[name], offset, self.utf8)
    }

    /// `{textDocument, position}` for cursor `i`.
    fn at(&self, i: usize) -> Value {
        let (name, off) = &self.cursors[i];
        json!({"textDocument": {"uri": self.uri(name)}, "position": self.pos(name, *off)})
    }

    /// The byte span of an LSP range in file `name`.
    fn span(&self, name: &str, range: &Value) -> (usize, usize) {
        let text = &self.texts[name];
        (
            offset(text, &range["start"], self.utf8),
            offset(text, &range["end"], self.utf8),
        )
    }

    /// The text `range` covers in file `name`.
    fn covered(&self, name: &str, range: &Value) -> String {
        let (a, b) = self.span(name, range);
        self.texts[name][a..b].to_string()
    }

    /// Applies a `WorkspaceEdit` to the client's texts, returning the changed files' new texts.
    fn apply_workspace_edit(&self, edit: &Value) -> HashMap<String, String> {
        let mut out = HashMap::new();
        for (uri, edits) in edit["changes"].as_object().expect("changes") {
            let name = self.name_of(uri);
            out.insert(
                name.clone(),
                apply(&self.texts[&name], edits.as_array().unwrap(), self.utf8),
            );
        }
        out
    }
}

/// Analyses texts with the library, for checking the effect of edits.
fn codes_after(files: &HashMap<String, String>) -> Vec<String> {
    let mut sources: Vec<(String, String)> =
        files.iter().map(|(n, t)| (n.clone(), t.clone())).collect();
    sources.sort();
    let today = TODAY.parse().unwrap();
    let a = coord::Host::from_texts(sources).with_today(today).analyze();
    a.diagnostics.iter().map(|d| d.code.to_string()).collect()
}

fn with(extra: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut files = base();
    files.extend(extra.iter().map(|(n, t)| (*n, t.to_string())));
    files
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

// -------------------------------------------------------------------------------------------
// Lifecycle, workspace and diagnostics

#[tokio::test]
async fn requests_before_initialize_are_refused() {
    let mut lsp = Lsp::new(&base(), false);
    let err = lsp
        .request("textDocument/hover", json!({"textDocument": {"uri": "file:///x.plan"}, "position": {"line": 0, "character": 0}}))
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32002, "{err}");
    let result = lsp.initialize(Opts::default()).await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(
        result["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental sync"
    );
    let err = lsp
        .request("coord/noSuchMethod", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32601);
}

#[tokio::test]
async fn utf8_is_chosen_when_offered() {
    let mut lsp = Lsp::new(&base(), true);
    let result = lsp
        .initialize(Opts {
            utf8: true,
            ..Opts::default()
        })
        .await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    let status = lsp.request("coord/status", json!(null)).await.unwrap();
    assert_eq!(status["files"], 3);
    assert_eq!(status["positionEncoding"], "utf-8");
}

#[tokio::test]
async fn every_file_gets_diagnostics_on_initialize_without_being_opened() {
    let files = with(&[
        ("sub/broken.plan", "task t1 { owner alcie }\nperson bob\n"),
        ("clean.plan", "person solo\nteam solo-team { lead solo }\n"),
    ]);
    let mut lsp = Lsp::start(&files, Opts::default()).await;
    let published = lsp.next_publish("sub/broken.plan").await;
    assert_eq!(
        published["version"],
        Value::Null,
        "a file that is not open has no version"
    );
    let diags = published["diagnostics"].as_array().unwrap();
    let mut got = codes(diags);
    got.sort();
    assert_eq!(got, ["duplicate-definition", "undefined-reference"]);
    let undefined = diags
        .iter()
        .find(|d| d["code"] == "undefined-reference")
        .unwrap();
    assert_eq!(undefined["severity"], 1);
    assert_eq!(undefined["source"], "coord");
    assert_eq!(lsp.covered("sub/broken.plan", &undefined["range"]), "alcie");
    assert_eq!(
        undefined["codeDescription"]["href"],
        format!("{}#undefined-reference", coord::server::RULE_DOCS_URL)
    );
    assert!(
        undefined["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `alice`"),
        "{undefined}"
    );
    assert_eq!(undefined["data"]["code"], "undefined-reference");
    assert_eq!(undefined["data"]["fixes"][0], "Replace with `alice`");
    // The duplicate points at the first definition, in another file.
    let dup = diags
        .iter()
        .find(|d| d["code"] == "duplicate-definition")
        .unwrap();
    let related = &dup["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], lsp.uri("people.plan"));
    assert_eq!(related["message"], "first defined here");
    assert_eq!(
        lsp.covered("people.plan", &related["location"]["range"]),
        "bob"
    );
    // Clean files get no (or empty) diagnostics.
    assert!(lsp.diagnostics("clean.plan").await.is_empty());
    assert!(lsp.diagnostics("work.plan").await.is_empty());
}

#[tokio::test]
async fn progress_is_reported_and_watchers_registered_when_supported() {
    let mut lsp = Lsp::start(
        &base(),
        Opts {
            progress: true,
            watch: true,
            ..Opts::default()
        },
    )
    .await;
    lsp.settle().await;
    assert_eq!(lsp.sent("window/workDoneProgress/create").len(), 1);
    let progress = lsp.sent("$/progress");
    let kinds: Vec<&str> = progress
        .iter()
        .map(|p| p["value"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"begin"));
    assert_eq!(kinds.last(), Some(&"end"));
    assert!(progress.last().unwrap()["value"]["message"]
        .as_str()
        .unwrap()
        .contains("3 plan files"));
    let reg = &lsp.sent("client/registerCapability")[0]["registrations"][0];
    assert_eq!(reg["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = reg["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    assert_eq!(globs, ["**/*.plan", "**/coord.toml"]);

    let mut plain = Lsp::start(&base(), Opts::default()).await;
    plain.settle().await;
    assert!(plain.sent("$/progress").is_empty());
    assert!(plain.sent("client/registerCapability").is_empty());
}

#[tokio::test]
async fn a_file_that_is_not_utf8_is_logged_and_skipped() {
    let mut lsp = Lsp::new(&with(&[("extra.plan", "person solo\n")]), false);
    std::fs::write(lsp.path("latin1.plan"), b"person caf\xe9\n").unwrap();
    lsp.initialize(Opts::default()).await;
    lsp.settle().await;
    let logs: Vec<String> = lsp
        .sent("window/logMessage")
        .iter()
        .map(|m| m["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        logs.iter()
            .any(|m| m.contains("latin1.plan") && m.contains("UTF-8")),
        "{logs:?}"
    );
    let status = lsp.request("coord/status", json!(null)).await.unwrap();
    assert_eq!(status["files"], 4, "the other files are indexed");
}

#[tokio::test]
async fn coord_toml_is_read_from_the_workspace_folder_and_watched() {
    let files = with(&[
        ("coord.toml", "[rules]\nunowned-task = \"info\"\n"),
        ("more.plan", "task loose { due 2026-12-01 }\n"),
    ]);
    let mut lsp = Lsp::start(
        &files,
        Opts {
            watch: true,
            ..Opts::default()
        },
    )
    .await;
    let diags = lsp.diagnostics("more.plan").await;
    assert_eq!(codes(&diags), ["unowned-task"]);
    assert_eq!(diags[0]["severity"], 3, "info maps to Information");

    std::fs::write(lsp.path("coord.toml"), "[rules]\nunowned-task = \"off\"\n").unwrap();
    let uri = lsp.uri("coord.toml");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 2}]}),
    )
    .await;
    assert!(lsp.diagnostics("more.plan").await.is_empty(), "turned off");

    std::fs::write(
        lsp.path("coord.toml"),
        "[rules]\nunowned-task = \"warning\"\n",
    )
    .unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 2}]}),
    )
    .await;
    let diags = lsp.diagnostics("more.plan").await;
    assert_eq!(diags[0]["severity"], 2);
}

#[tokio::test]
async fn watched_plan_files_are_created_changed_and_deleted() {
    let mut lsp = Lsp::start(
        &base(),
        Opts {
            watch: true,
            ..Opts::default()
        },
    )
    .await;
    std::fs::write(lsp.path("new.plan"), "task fresh { owner nobody }\n").unwrap();
    lsp.texts.insert("new.plan".into(), String::new());
    let uri = lsp.uri("new.plan");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 1}]}),
    )
    .await;
    assert_eq!(
        codes(
            &lsp.next_publish("new.plan").await["diagnostics"]
                .as_array()
                .unwrap()
                .clone()
        ),
        ["undefined-reference"]
    );

    std::fs::write(lsp.path("new.plan"), "task fresh { owner bob }\n").unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 2}]}),
    )
    .await;
    assert!(lsp.next_publish("new.plan").await["diagnostics"]
        .as_array()
        .unwrap()
        .is_empty());

    // Deleting a file with diagnostics clears them, and what it defined is gone.
    std::fs::write(lsp.path("new.plan"), "task fresh { owner nobody }\n").unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 2}]}),
    )
    .await;
    assert_eq!(
        lsp.next_publish("new.plan").await["diagnostics"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    std::fs::remove_file(lsp.path("new.plan")).unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 3}]}),
    )
    .await;
    assert!(lsp.next_publish("new.plan").await["diagnostics"]
        .as_array()
        .unwrap()
        .is_empty());
    let status = lsp.request("coord/status", json!(null)).await.unwrap();
    assert_eq!(status["files"], 3);
}

#[tokio::test]
async fn open_buffers_stand_in_for_the_disk_copy_and_diagnostics_carry_versions() {
    let mut lsp = Lsp::start(
        &with(&[("t.plan", "task t { owner alice }\n")]),
        Opts::default(),
    )
    .await;
    lsp.open("t.plan").await;
    let p = lsp.next_publish("t.plan").await;
    assert_eq!(p["version"], 1);
    let at = lsp.text("t.plan").find("alice").unwrap();
    lsp.edit("t.plan", at, at + 5, "alicia").await;
    let p = lsp.next_publish("t.plan").await;
    assert_eq!(p["version"], 2);
    assert_eq!(
        codes(p["diagnostics"].as_array().unwrap()),
        ["undefined-reference"]
    );
    // The disk copy still says alice; a watcher event for the open file changes nothing.
    let uri = lsp.uri("t.plan");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 2}]}),
    )
    .await;
    assert_eq!(
        codes(&lsp.diagnostics("t.plan").await),
        ["undefined-reference"]
    );
    // Fixed: cleared, with the new version.
    let at = lsp.text("t.plan").find("alicia").unwrap();
    lsp.edit("t.plan", at, at + 6, "alice").await;
    let p = lsp.next_publish("t.plan").await;
    assert_eq!(p["version"], 3);
    assert!(p["diagnostics"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn closing_reverts_to_disk_and_a_file_gone_from_disk_is_cleared() {
    let mut lsp = Lsp::start(
        &with(&[("t.plan", "task t { owner alice }\n")]),
        Opts::default(),
    )
    .await;
    lsp.open("t.plan").await;
    let at = lsp.text("t.plan").find("alice").unwrap();
    lsp.edit("t.plan", at, at + 5, "nobody").await;
    assert_eq!(
        codes(&lsp.diagnostics("t.plan").await),
        ["undefined-reference"]
    );
    let uri = lsp.uri("t.plan");
    lsp.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
    assert!(
        lsp.diagnostics("t.plan").await.is_empty(),
        "the disk copy is fine"
    );

    // An unsaved buffer with problems, then closed: its diagnostics go away.
    lsp.open_new("scratch.plan", "task s { owner ghost }\n")
        .await;
    assert_eq!(
        codes(
            &lsp.next_publish("scratch.plan").await["diagnostics"]
                .as_array()
                .unwrap()
                .clone()
        ),
        ["undefined-reference"]
    );
    let uri = lsp.uri("scratch.plan");
    lsp.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
    assert!(lsp.next_publish("scratch.plan").await["diagnostics"]
        .as_array()
        .unwrap()
        .is_empty());
}

/// Only files whose diagnostics (or version) changed are published again: an edit that
/// changes nothing but the edited document's text publishes that document alone; one that
/// breaks a reference publishes the file that holds it too; and a file whose problem is
/// fixed is published clean.
#[tokio::test]
async fn only_the_files_whose_diagnostics_changed_are_published() {
    let mut lsp = Lsp::start(
        &with(&[("t.plan", "task t { owner nobody  due 2026-12-01 }\n")]),
        Opts::default(),
    )
    .await;
    lsp.diagnostics("t.plan").await;
    let count = |lsp: &Lsp| lsp.sent("textDocument/publishDiagnostics").len();
    let uris = |lsp: &Lsp, from: usize| -> Vec<String> {
        lsp.sent("textDocument/publishDiagnostics")[from..]
            .iter()
            .map(|p| lsp.name_of(p["uri"].as_str().unwrap()))
            .collect()
    };
    lsp.open("people.plan").await;
    lsp.diagnostics("people.plan").await;
    // A comment: only the edited document (its new version).
    let before = count(&lsp);
    lsp.edit("people.plan", 0, 0, "# who is who\n").await;
    lsp.diagnostics("people.plan").await;
    assert_eq!(uris(&lsp, before), ["people.plan"]);
    // Renaming carol breaks teams.plan's reference: teams.plan too, after the edited one.
    let before = count(&lsp);
    let at = lsp.text("people.plan").find("person carol").unwrap() + 7;
    lsp.edit("people.plan", at, at + 5, "caro").await;
    lsp.diagnostics("people.plan").await;
    assert_eq!(uris(&lsp, before), ["people.plan", "teams.plan"]);
    // Defining nobody fixes t.plan, which is published clean.
    let before = count(&lsp);
    let end = lsp.text("people.plan").len();
    lsp.edit("people.plan", end, end, "person nobody\n").await;
    lsp.diagnostics("people.plan").await;
    assert_eq!(uris(&lsp, before), ["people.plan", "t.plan"]);
    assert!(lsp.diagnostics("t.plan").await.is_empty());
}

#[tokio::test]
async fn a_change_in_one_file_republishes_another() {
    let mut lsp = Lsp::start(&base(), Opts::default()).await;
    assert!(lsp.diagnostics("teams.plan").await.is_empty());
    lsp.open("people.plan").await;
    // Rename bob in his definition only: teams.plan (not open) now refers to nobody.
    let at = lsp.text("people.plan").find("person bob").unwrap() + 7;
    lsp.edit("people.plan", at, at + 3, "bobb").await;
    let p = lsp.next_publish("teams.plan").await;
    let diags = p["diagnostics"].as_array().unwrap();
    assert_eq!(codes(diags), ["undefined-reference"]);
    assert_eq!(lsp.covered("teams.plan", &diags[0]["range"]), "bob");
    assert!(
        diags[0]["message"].as_str().unwrap().contains("`bobb`"),
        "suggests the new name"
    );
    assert_eq!(
        codes(&lsp.diagnostics("work.plan").await),
        ["undefined-reference"]
    );
}

#[tokio::test]
async fn stale_versions_are_ignored_and_a_burst_of_edits_ends_in_the_clients_text() {
    for utf8 in [false, true] {
        let mut lsp = Lsp::start(
            &with(&[("live.plan", "")]),
            Opts {
                utf8,
                ..Opts::default()
            },
        )
        .await;
        lsp.open("live.plan").await;
        // A deterministic stream of inserts and deletes with multi-byte text and CRLF.
        let snippets = [
            "team t😀 \"Ünï 山田\" {\n  lead alice\n}\n",
            "person p",
            "é",
            "😀😀",
            "\r\n",
            " { role \"x\" }",
            "task a { owner bob depends-on b }\r\n",
            "# 注释 comment\n",
        ];
        let mut seed: u64 = 7;
        for i in 0..300 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let text = lsp.text("live.plan").to_string();
            // Never between the two characters of a CRLF (no editor puts a position there).
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .filter(|&i| {
                    !(i > 0
                        && text.as_bytes()[i - 1] == b'\r'
                        && text.as_bytes().get(i) == Some(&b'\n'))
                })
                .collect();
            let a = bounds[(seed >> 33) as usize % bounds.len()];
            let delete = if i % 3 == 0 && a < text.len() {
                (seed >> 20) as usize % 6
            } else {
                0
            };
            let b = bounds
                .iter()
                .copied()
                .filter(|&x| x >= a)
                .nth(delete)
                .unwrap_or(text.len());
            let insert = if i % 3 == 0 {
                ""
            } else {
                snippets[(seed >> 40) as usize % snippets.len()]
            };
            lsp.edit("live.plan", a, b, insert).await;
        }
        let final_text = lsp.text("live.plan").to_string();
        // A stale change (an old version) is ignored.
        let uri = lsp.uri("live.plan");
        lsp.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "person stale\n"}]}),
        )
        .await;
        // Compare with the same text opened as another document: the answers must match.
        lsp.open_new("expected.plan", &final_text).await;
        for method in [
            "textDocument/documentSymbol",
            "textDocument/semanticTokens/full",
            "textDocument/foldingRange",
        ] {
            let got = lsp
                .request(
                    method,
                    json!({"textDocument": {"uri": lsp.uri("live.plan")}}),
                )
                .await
                .unwrap();
            let want = lsp
                .request(
                    method,
                    json!({"textDocument": {"uri": lsp.uri("expected.plan")}}),
                )
                .await
                .unwrap();
            assert_eq!(got, want, "{method} (utf8: {utf8})");
        }
        let symbols = lsp
            .request(
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": lsp.uri("live.plan")}}),
            )
            .await
            .unwrap();
        assert!(!symbols.as_array().unwrap().is_empty());
    }
}

// -------------------------------------------------------------------------------------------
// Hover

// What hovers say is tested at the `ide` boundary (src/ide/hover/ and src/ide/tests/); here, the protocol.

#[tokio::test]
async fn hover_on_a_reference_is_the_summary_of_its_target_with_its_range() {
    let files = with(&[(
        "h.plan",
        "task t { owner bo$0b  depends-on nothing$0-here }\n",
    )]);
    let mut lsp = Lsp::start(&files, Opts::default()).await;
    let h = lsp.request("textDocument/hover", lsp.at(0)).await.unwrap();
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**person bob**"));
    assert_eq!(lsp.covered("h.plan", &h["range"]), "bob");
    let h = lsp.request("textDocument/hover", lsp.at(1)).await.unwrap();
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("not defined anywhere"));
}

// -------------------------------------------------------------------------------------------
// Navigation

#[tokio::test]
async fn definition_references_and_highlight_work_across_files() {
    let mut files = base();
    files[1].1 = TEAMS.replace("members bob", "members b$0ob");
    files[2].1 = WORK.replace("attendees platform", "attendees plat$0form");
    let mut lsp = Lsp::start(&files, Opts::default()).await;

    let def = lsp
        .request("textDocument/definition", lsp.at(0))
        .await
        .unwrap();
    assert_eq!(def["uri"], lsp.uri("people.plan"));
    assert_eq!(lsp.covered("people.plan", &def["range"]), "bob");
    let def_line = def["range"]["start"]["line"].clone();
    assert_eq!(def_line, 2);

    let mut params = lsp.at(1);
    params["context"] = json!({"includeDeclaration": true});
    let refs = lsp
        .request("textDocument/references", params.clone())
        .await
        .unwrap();
    let places: Vec<(String, String)> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let name = lsp.name_of(l["uri"].as_str().unwrap());
            let covered = lsp.covered(&name, &l["range"]);
            (name, covered)
        })
        .collect();
    assert!(places.iter().all(|(_, c)| c == "platform"), "{places:?}");
    let mut in_files: Vec<&str> = places.iter().map(|(n, _)| n.as_str()).collect();
    in_files.sort();
    // Definition, then the attendees in work.plan, the liaison's `to` and the task owner.
    assert_eq!(
        in_files,
        ["teams.plan", "work.plan", "work.plan", "work.plan"]
    );
    assert_eq!(places[0].0, "teams.plan", "the declaration comes first");
    params["context"] = json!({"includeDeclaration": false});
    let refs = lsp
        .request("textDocument/references", params)
        .await
        .unwrap();
    assert_eq!(refs.as_array().unwrap().len(), 3);

    let hl = lsp
        .request("textDocument/documentHighlight", lsp.at(1))
        .await
        .unwrap();
    let hl = hl.as_array().unwrap();
    assert_eq!(
        hl.len(),
        3,
        "three uses in work.plan, the definition is elsewhere"
    );
    assert!(hl
        .iter()
        .all(|h| h["kind"] == 2 && lsp.covered("work.plan", &h["range"]) == "platform"));
    let mut params = lsp.at(0);
    params["position"] = lsp.pos(
        "teams.plan",
        lsp.text("teams.plan").find("team platform").unwrap() + 6,
    );
    let hl = lsp
        .request("textDocument/documentHighlight", params)
        .await
        .unwrap();
    assert_eq!(hl[0]["kind"], 3, "the definition is a write");
}

// -------------------------------------------------------------------------------------------
// Rename

#[tokio::test]
async fn renaming_a_team_updates_every_file() {
    let mut files = base();
    files[1].1 = TEAMS.replace("team platform", "team pla$0tform");
    let mut lsp = Lsp::start(&files, Opts::default()).await;
    let prep = lsp
        .request("textDocument/prepareRename", lsp.at(0))
        .await
        .unwrap();
    assert_eq!(prep["placeholder"], "platform");
    assert_eq!(lsp.covered("teams.plan", &prep["range"]), "platform");

    let mut params = lsp.at(0);
    params["newName"] = json!("core-platform");
    let edit = lsp.request("textDocument/rename", params).await.unwrap();
    let changed = lsp.apply_workspace_edit(&edit);
    assert_eq!(changed.len(), 2, "teams.plan and work.plan");
    assert!(changed["teams.plan"].contains("team core-platform \"Platform\""));
    assert_eq!(
        changed["work.plan"],
        WORK.replace("platform\n", "core-platform\n")
    );
    let mut all: HashMap<String, String> = lsp.texts.clone();
    all.extend(changed);
    assert!(codes_after(&all).is_empty(), "{:?}", codes_after(&all));
}

// Why a name is refused is tested at the `ide` boundary (src/ide/tests/rename.rs); here, that
// the reason reaches the client as a `RequestFailed` error, and that the new name is trimmed.
#[tokio::test]
async fn rename_refuses_bad_and_taken_names_with_a_clear_message() {
    let files = with(&[("r.plan", "task r { owner bo$0b  due 2026-12-01 }\n")]);
    let mut lsp = Lsp::start(&files, Opts::default()).await;
    for (name, want) in [
        ("bob smith", "not a valid name"),
        (
            "platform",
            "already the name of a team (defined at teams.plan:2)",
        ),
    ] {
        let mut params = lsp.at(0);
        params["newName"] = json!(name);
        let err = lsp
            .request("textDocument/rename", params)
            .await
            .unwrap_err();
        assert_eq!(err["code"], -32803, "{err}");
        assert!(
            err["message"].as_str().unwrap().contains(want),
            "{name}: {err}"
        );
    }
    // Spaces around a new name are not part of it.
    let mut params = lsp.at(0);
    params["newName"] = json!(" robert ");
    let edit = lsp.request("textDocument/rename", params).await.unwrap();
    let changed = lsp.apply_workspace_edit(&edit);
    assert!(
        changed["people.plan"].contains("person robert\n"),
        "{changed:?}"
    );
    // Not on a name.
    let mut params = lsp.at(0);
    params["position"] = json!({"line": 0, "character": 1});
    let err = lsp
        .request("textDocument/prepareRename", params)
        .await
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("can be renamed"),
        "{err}"
    );
    // Same name: nothing to do.
    let mut params = lsp.at(0);
    params["newName"] = json!("bob");
    let edit = lsp.request("textDocument/rename", params).await.unwrap();
    assert!(
        edit["changes"].as_object().is_none_or(|c| c.is_empty()),
        "{edit}"
    );
}

// -------------------------------------------------------------------------------------------
// Completion

async fn complete(case: &str) -> (Vec<Value>, Lsp) {
    let mut lsp = Lsp::start(&with(&[("c.plan", case)]), Opts::default()).await;
    let r = lsp
        .request("textDocument/completion", lsp.at(0))
        .await
        .unwrap();
    let items = if r.is_null() {
        Vec::new()
    } else {
        r.as_array().unwrap().clone()
    };
    (items, lsp)
}

/// The `ide`'s completion labelled `label` at the `$0` of `case` (the words the protocol must
/// carry; src/ide/tests/completion.rs checks they are the reference's).
fn ide_completion(case: &str, label: &str) -> coord::ide::completion::Completion {
    let at = case.find("$0").unwrap();
    let host = coord::Host::from_texts(vec![("c.plan".into(), case.replace("$0", ""))]);
    let analysis = host.analyze();
    let file = host.workspace().file_ids().next().unwrap();
    coord::ide::completion::completions(host.workspace(), &analysis, file, at)
        .into_iter()
        .find(|c| c.label == label)
        .unwrap()
}

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["label"].as_str().unwrap()).collect()
}

// What completion offers, in what order, with which words, is tested at the `ide` boundary
// (src/ide/tests/completion.rs); here, the protocol: item kinds, the order kept through
// `sortText`, the edit replacing the word being typed, Markdown documentation, and an empty
// list where nothing fits.

#[tokio::test]
async fn completion_items_carry_kind_order_edit_range_and_markdown() {
    let (items, lsp) = complete("person x\nmee$0").await;
    assert!(labels(&items).contains(&"meeting"));
    assert!(items.iter().all(|i| i["kind"] == 14), "keywords: {items:?}");
    let sort: Vec<&str> = items
        .iter()
        .map(|i| i["sortText"].as_str().unwrap())
        .collect();
    assert!(sort.windows(2).all(|w| w[0] < w[1]), "{sort:?}");
    assert_eq!(lsp.covered("c.plan", &items[0]["textEdit"]["range"]), "mee");
    let meeting = items.iter().find(|i| i["label"] == "meeting").unwrap();
    assert_eq!(
        meeting["detail"],
        ide_completion("person x\nmee$0", "meeting").detail.unwrap()
    );

    let (items, lsp) = complete("task t {\n  owner bob\n  du$0\n  status todo\n}\n").await;
    let due = items.iter().find(|i| i["label"] == "due").unwrap();
    assert_eq!(due["kind"], 5, "field");
    assert_eq!(due["documentation"]["kind"], "markdown");
    assert_eq!(
        due["documentation"]["value"],
        ide_completion("task t {\n  owner bob\n  du$0\n  status todo\n}\n", "due")
            .documentation
            .unwrap()
    );
    assert_eq!(lsp.covered("c.plan", &due["textEdit"]["range"]), "du");

    let (items, _) = complete("task t { owner $0 }").await;
    let kind_of = |items: &[Value], label: &str| {
        items.iter().find(|i| i["label"] == label).unwrap()["kind"].clone()
    };
    assert_eq!(kind_of(&items, "alice"), 6, "a person is a variable");
    assert_eq!(kind_of(&items, "platform"), 22, "a team is a struct");
    let (items, _) = complete("meeting m { cadence $0 }").await;
    assert_eq!(kind_of(&items, "weekly"), 20, "enum member");
    let (items, _) = complete("person p { allow $0 }").await;
    assert_eq!(kind_of(&items, "orphan-person"), 21, "a rule is a constant");

    // Nothing fits inside a comment: an empty list, not an error.
    let mut lsp = Lsp::start(&with(&[("c.plan", "# owner $0\n")]), Opts::default()).await;
    let r = lsp
        .request("textDocument/completion", lsp.at(0))
        .await
        .unwrap();
    assert_eq!(r, json!([]));
}

// -------------------------------------------------------------------------------------------
// Symbols, semantic tokens, folding, inlay hints

// Which symbols there are, their details and how queries match are tested at the `ide`
// boundary (src/ide/tests/folding_and_symbols.rs); here, the protocol shape: nesting, symbol
// kinds, ranges and workspace-symbol locations.

#[tokio::test]
async fn document_symbols_nest_fields_under_items_and_workspace_symbols_filter() {
    let mut lsp = Lsp::start(&base(), Opts::default()).await;
    let syms = lsp
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": lsp.uri("teams.plan")}}),
        )
        .await
        .unwrap();
    let syms = syms.as_array().unwrap();
    let names: Vec<&str> = syms.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["platform", "engineering", "marketing"]);
    let platform = &syms[0];
    assert_eq!(platform["kind"], 23, "a team is a struct");
    assert_eq!(platform["detail"], "team — Platform");
    assert_eq!(
        lsp.covered("teams.plan", &platform["selectionRange"]),
        "platform"
    );
    assert!(lsp
        .covered("teams.plan", &platform["range"])
        .starts_with("team platform"));
    assert!(lsp.covered("teams.plan", &platform["range"]).ends_with('}'));
    let lead = &platform["children"][0];
    assert_eq!(
        (&lead["name"], &lead["detail"], &lead["kind"]),
        (&json!("lead"), &json!("alice"), &json!(8))
    );
    assert_eq!(lsp.covered("teams.plan", &lead["selectionRange"]), "lead");

    let found = lsp
        .request("workspace/symbol", json!({"query": "PLAT"}))
        .await
        .unwrap();
    let found = found.as_array().unwrap();
    let names: Vec<&str> = found.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["platform", "platform-weekly"]);
    assert_eq!(found[0]["location"]["uri"], lsp.uri("teams.plan"));
    assert_eq!(
        lsp.covered("teams.plan", &found[0]["location"]["range"]),
        "platform"
    );
    assert_eq!(found[0]["kind"], 23);
    assert_eq!(found[1]["kind"], 24, "a meeting is an event");
    assert_eq!(found[1]["location"]["uri"], lsp.uri("work.plan"));
}

/// Decodes semantic tokens into `(covered text, type name)` pairs.
fn decode_tokens(lsp: &Lsp, name: &str, data: &[Value], legend: &[&str]) -> Vec<(String, String)> {
    let text = lsp.text(name);
    let (mut line, mut col) = (0u64, 0u64);
    let mut out = Vec::new();
    for t in data.chunks(5) {
        let dl = t[0].as_u64().unwrap();
        let ds = t[1].as_u64().unwrap();
        line += dl;
        col = if dl == 0 { col + ds } else { ds };
        let start = json!({"line": line, "character": col});
        let end = json!({"line": line, "character": col + t[2].as_u64().unwrap()});
        let a = offset(text, &start, lsp.utf8);
        let b = offset(text, &end, lsp.utf8);
        out.push((
            text[a..b].to_string(),
            legend[t[3].as_u64().unwrap() as usize].to_string(),
        ));
    }
    out
}

#[tokio::test]
async fn semantic_tokens_are_delta_encoded_in_the_negotiated_encoding() {
    for utf8 in [false, true] {
        let text = "## Doc 😀\nteam platform \"Plätform 😀\" {\n  lead alice\n  model service-provider  allow empty-team\n}\r\ntask t { owner platform  due 2026-12-01  length 45m }\n";
        let mut lsp = Lsp::new(&with(&[("s.plan", text)]), utf8);
        let init = lsp
            .initialize(Opts {
                utf8,
                ..Opts::default()
            })
            .await;
        let legend: Vec<&str> = init["capabilities"]["semanticTokensProvider"]["legend"]
            ["tokenTypes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(
            legend,
            [
                "keyword",
                "type",
                "property",
                "variable",
                "enumMember",
                "string",
                "number",
                "comment"
            ]
        );
        let r = lsp
            .request(
                "textDocument/semanticTokens/full",
                json!({"textDocument": {"uri": lsp.uri("s.plan")}}),
            )
            .await
            .unwrap();
        let tokens = decode_tokens(&lsp, "s.plan", r["data"].as_array().unwrap(), &legend);
        // The relative encoding, in either position encoding, gives back exactly the tokens
        // of the `ide` (whose classification src/ide/tests/semantic_tokens.rs checks).
        let ws = coord::Workspace::from_texts(vec![("s.plan".into(), lsp.text("s.plan").into())]);
        let file = ws.file_ids().next().unwrap();
        let want: Vec<(String, String)> = coord::ide::semantic_tokens::semantic_tokens(&ws, file)
            .into_iter()
            .map(|t| {
                (
                    ws.file(file).text[t.span.range()].to_string(),
                    t.ty.name().to_string(),
                )
            })
            .collect();
        assert_eq!(tokens.len(), 18, "utf8: {utf8}");
        assert_eq!(tokens, want, "utf8: {utf8}");
    }
}

#[tokio::test]
async fn folding_ranges_cover_blocks_and_comment_runs() {
    let text =
        "# one\n# two\n# three\nteam a {\n  lead alice\n}\nteam b { lead bob }\n## doc\nperson x\n";
    let mut lsp = Lsp::start(&with(&[("f.plan", text)]), Opts::default()).await;
    let r = lsp
        .request(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": lsp.uri("f.plan")}}),
        )
        .await
        .unwrap();
    let folds: Vec<(u64, u64, &str)> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
                f["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(folds, [(0, 2, "comment"), (3, 5, "region")]);
}

#[tokio::test]
async fn inlay_hints_count_attendees_and_team_people() {
    let mut lsp = Lsp::start(&base(), Opts::default()).await;
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 100, "character": 0}});
    let r = lsp
        .request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": lsp.uri("work.plan")}, "range": whole}),
        )
        .await
        .unwrap();
    let hints = r.as_array().unwrap();
    assert_eq!(hints.len(), 1);
    assert_eq!(hints[0]["label"], "4 attending");
    let at = lsp.text("work.plan").find("attendees platform").unwrap() + "attendees platform".len();
    assert_eq!(hints[0]["position"], lsp.pos("work.plan", at));

    let r = lsp
        .request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": lsp.uri("teams.plan")}, "range": whole}),
        )
        .await
        .unwrap();
    let labels: Vec<&str> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["3 people", "1 person", "2 people"]);
    let at = lsp.text("teams.plan").find("team platform").unwrap() + "team platform".len();
    assert_eq!(r[0]["position"], lsp.pos("teams.plan", at));
    // Only hints within the requested range.
    let first_lines =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}});
    let r = lsp
        .request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": lsp.uri("teams.plan")}, "range": first_lines}),
        )
        .await
        .unwrap();
    assert_eq!(r.as_array().unwrap().len(), 1);
}

// -------------------------------------------------------------------------------------------
// Code actions and formatting

async fn actions(lsp: &mut Lsp, name: &str, at: usize) -> Vec<Value> {
    let diagnostics = lsp.diagnostics(name).await;
    let pos = lsp.pos(name, at);
    let r = lsp
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": lsp.uri(name)},
                "range": {"start": pos, "end": pos},
                "context": {"diagnostics": diagnostics},
            }),
        )
        .await
        .unwrap();
    r.as_array().unwrap().clone()
}

// Which fixes a diagnostic offers and what they do to the plan are tested at the `ide`
// boundary (src/ide/tests/code_actions.rs); here, the protocol: quick-fix kind, preference,
// the client's own copy of the diagnostic attached, the workspace edit's shape, and the `only`
// filter.
#[tokio::test]
async fn quick_fixes_apply_and_fix_the_problem() {
    let files = with(&[(
        "q.plan",
        "task t1 { owner alcie }\ntask t2 { due 2026-12-01 }\n",
    )]);
    let mut lsp = Lsp::start(&files, Opts::default()).await;
    let at = lsp.text("q.plan").find("alcie").unwrap() + 2;
    let acts = actions(&mut lsp, "q.plan", at).await;
    let titles: Vec<&str> = acts.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles[0], "Replace with `alice`", "{titles:?}");
    let replace = &acts[0];
    assert_eq!(replace["kind"], "quickfix");
    assert_eq!(replace["isPreferred"], true);
    assert!(acts[1].get("isPreferred").is_none(), "{}", acts[1]);
    assert_eq!(replace["diagnostics"][0]["code"], "undefined-reference");
    // The diagnostic attached is the client's own copy (matched by range and code).
    let mut sent = lsp.diagnostics("q.plan").await;
    for d in &mut sent {
        d["message"] = json!("the client's words");
    }
    let pos = lsp.pos("q.plan", at);
    let r = lsp
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": lsp.uri("q.plan")},
                "range": {"start": pos, "end": pos},
                "context": {"diagnostics": sent},
            }),
        )
        .await
        .unwrap();
    assert_eq!(r[0]["diagnostics"][0]["message"], "the client's words");
    let changes = replace["edit"]["changes"].as_object().unwrap();
    assert_eq!(changes.keys().collect::<Vec<_>>(), [&lsp.uri("q.plan")]);
    let changed = lsp.apply_workspace_edit(&replace["edit"]);
    assert_eq!(
        changed["q.plan"],
        "task t1 { owner alice }\ntask t2 { due 2026-12-01 }\n"
    );
    // A client that asks only for other kinds gets none.
    let r = lsp
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": lsp.uri("q.plan")},
                "range": {"start": pos, "end": pos},
                "context": {"diagnostics": [], "only": ["refactor"]},
            }),
        )
        .await
        .unwrap();
    assert_eq!(r, json!([]));
}

#[tokio::test]
async fn warnings_and_infos_can_be_allowed_on_their_item() {
    let files = with(&[
        ("coord.toml", "[rules]\nunowned-task = \"warning\"\n"),
        (
            "q.plan",
            "task t2 {\n  due 2026-12-01\n}\ntask t3 { allow orphan-person  due 2026-12-02 }\n",
        ),
    ]);
    let mut lsp = Lsp::start(&files, Opts::default()).await;
    for (item, want) in [
        (
            "t2",
            "task t2 {\n  due 2026-12-01\n  allow unowned-task\n}\n",
        ),
        (
            "t3",
            "task t3 { allow orphan-person, unowned-task  due 2026-12-02 }\n",
        ),
    ] {
        let at = lsp.text("q.plan").find(item).unwrap();
        let acts = actions(&mut lsp, "q.plan", at).await;
        let allow = acts
            .iter()
            .find(|a| a["title"] == "Allow `unowned-task` for this item")
            .unwrap_or_else(|| panic!("no allow action in {acts:?}"));
        assert_eq!(allow["diagnostics"][0]["severity"], 2);
        let changed = lsp.apply_workspace_edit(&allow["edit"]);
        assert!(changed["q.plan"].contains(want), "{}", changed["q.plan"]);
        // The edited file no longer has that warning for this item.
        let uri = lsp.uri("q.plan");
        let version = lsp.versions.get("q.plan").copied().unwrap_or(0) + 1;
        lsp.versions.insert("q.plan".into(), version);
        let text = changed["q.plan"].clone();
        if version == 1 {
            lsp.notify(
                "textDocument/didOpen",
                json!({"textDocument": {"uri": uri, "languageId": "plan", "version": 1, "text": text}}),
            )
            .await;
        } else {
            lsp.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
            )
            .await;
        }
        lsp.texts.insert("q.plan".into(), text);
        lsp.publish_of_version("q.plan", version).await;
    }
    assert!(lsp.diagnostics("q.plan").await.is_empty(), "both allowed");
}

#[tokio::test]
async fn formatting_matches_the_formatter() {
    let text = "team  a   {lead alice\nmembers bob,carol}\nperson   x\n";
    let mut lsp = Lsp::start(&with(&[("fmt.plan", text)]), Opts::default()).await;
    let r = lsp
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": lsp.uri("fmt.plan")}, "options": {"tabSize": 2, "insertSpaces": true}}),
        )
        .await
        .unwrap();
    let edits = r.as_array().unwrap();
    let want = coord::fmt::format(text).unwrap_or_else(|_| text.to_string());
    assert_eq!(apply(text, edits, false), want);
    assert_eq!(edits.is_empty(), want == text);

    let end = text.find("person").unwrap();
    let range = json!({"start": position(text, 0, false), "end": position(text, end, false)});
    let r = lsp
        .request(
            "textDocument/rangeFormatting",
            json!({"textDocument": {"uri": lsp.uri("fmt.plan")}, "range": range, "options": {"tabSize": 2, "insertSpaces": true}}),
        )
        .await
        .unwrap();
    let mut want = text.to_string();
    if let Ok(Some((span, new))) = coord::fmt::format_range(text, coord::syntax::Span::new(0, end))
    {
        want.replace_range(span.range(), &new);
    }
    assert_eq!(apply(text, r.as_array().unwrap(), false), want);

    // A file with syntax errors is not formatted.
    let broken = "team a { lead }}} \"\n";
    lsp.open_new("broken.plan", broken).await;
    let r = lsp
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": lsp.uri("broken.plan")}, "options": {"tabSize": 2, "insertSpaces": true}}),
        )
        .await
        .unwrap();
    if coord::fmt::format(broken).is_err() {
        assert!(r.as_array().unwrap().is_empty());
    }
}

// -------------------------------------------------------------------------------------------
// Positions: emoji, CJK, accents and CRLF in both encodings

#[tokio::test]
async fn positions_are_exact_with_emoji_cjk_accents_and_crlf() {
    let text = "## 山田 😀 équipe\r\nteam 山田-team \"チーム 😀😀\" { lead émile  members zo$0ë, ghost😀 }\r\nperson émile \"Émile 😀\"\r\nperson zoë \"Zoë\" { role \"😀\" }\r\ntask t \"😀\" { owner 山田$0-team  depends-on zzz }\r\n";
    for utf8 in [false, true] {
        let mut lsp = Lsp::new(&[("u.plan", text.to_string())], utf8);
        lsp.initialize(Opts {
            utf8,
            ..Opts::default()
        })
        .await;
        let name = "u.plan";
        // Diagnostics: `ghost` then the emoji (a syntax error) and `zzz`, at exact ranges.
        let diags = lsp.diagnostics(name).await;
        let covered: Vec<(String, String)> = diags
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    lsp.covered(name, &d["range"]),
                )
            })
            .collect();
        assert!(
            covered.contains(&("undefined-reference".into(), "ghost".into())),
            "{covered:?}"
        );
        assert!(
            covered.contains(&("undefined-reference".into(), "zzz".into())),
            "{covered:?}"
        );
        // Hover and definition after multi-byte text on the same line.
        let h = lsp.request("textDocument/hover", lsp.at(0)).await.unwrap();
        assert_eq!(lsp.covered(name, &h["range"]), "zoë", "utf8: {utf8}");
        assert!(h["contents"]["value"].as_str().unwrap().contains("Zoë"));
        let def = lsp
            .request("textDocument/definition", lsp.at(0))
            .await
            .unwrap();
        assert_eq!(lsp.covered(name, &def["range"]), "zoë");
        assert_eq!(def["range"]["start"]["line"], 3);
        let def = lsp
            .request("textDocument/definition", lsp.at(1))
            .await
            .unwrap();
        assert_eq!(lsp.covered(name, &def["range"]), "山田-team");
        // Rename across the line with emoji.
        let mut params = lsp.at(1);
        params["newName"] = json!("équipe-😀");
        let err = lsp
            .request("textDocument/rename", params.clone())
            .await
            .unwrap_err();
        assert!(err["message"]
            .as_str()
            .unwrap()
            .contains("not a valid name"));
        params["newName"] = json!("équipe_東京");
        let edit = lsp.request("textDocument/rename", params).await.unwrap();
        let changed = lsp.apply_workspace_edit(&edit);
        assert_eq!(
            changed[name],
            marked(text).0.replace("山田-team", "équipe_東京"),
            "utf8: {utf8}"
        );
        // Completion replaces exactly the word being typed after emoji.
        let at = lsp.text(name).find("owner 山田").unwrap() + "owner 山".len();
        let mut params = lsp.at(1);
        params["position"] = lsp.pos(name, at);
        let items = lsp
            .request("textDocument/completion", params)
            .await
            .unwrap();
        let item = items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["label"] == "山田-team")
            .unwrap()
            .clone();
        assert_eq!(lsp.covered(name, &item["textEdit"]["range"]), "山田-team");
        // Incremental edits after emoji land where they should.
        lsp.open(name).await;
        let at = lsp.text(name).find("ghost😀").unwrap();
        lsp.edit(name, at, at + "ghost😀".len(), "émile").await;
        let diags = lsp.publish_of_version(name, 2).await;
        let codes: Vec<&str> = codes(diags["diagnostics"].as_array().unwrap());
        assert_eq!(
            codes,
            ["undefined-reference"],
            "only zzz is left (utf8: {utf8})"
        );
    }
}

// -------------------------------------------------------------------------------------------
// Latency

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_in_a_ten_thousand_line_workspace_is_published_quickly() {
    let generated = coord::synth::generate(&coord::synth::SynthOptions {
        tasks: 3_000,
        files: 8,
        seed: 1,
    });
    let lines: usize = generated.iter().map(|(_, t)| t.lines().count()).sum();
    assert!(lines >= 10_000, "{lines} lines");
    let files: Vec<(&str, String)> = generated
        .iter()
        .map(|(p, t)| (p.as_str(), t.clone()))
        .collect();
    let mut lsp = Lsp::start(&files, Opts::default()).await;
    let name = files[0].0;
    lsp.open(name).await;
    lsp.next_publish(name).await;
    let mut times = Vec::new();
    for i in 0..5 {
        let at = lsp.text(name).len();
        let started = Instant::now();
        lsp.edit(name, at, at, &format!("\nperson extra-{i}\n"))
            .await;
        let version = lsp.versions[name];
        lsp.publish_of_version(name, version).await;
        times.push(started.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    eprintln!("publish after a change: {median:?} (median) for {lines} lines");
    // Release builds publish in a few milliseconds (see benches/lsp.rs); this bound is for
    // unoptimised test builds on a busy machine.
    assert!(median < Duration::from_secs(2), "{median:?}");
}

/// The workspace roots a status reports, relative to the test's directory.
async fn roots(lsp: &mut Lsp) -> Vec<String> {
    let status = lsp.request("coord/status", json!(null)).await.unwrap();
    let top = lsp.dir.path().display().to_string();
    status["roots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let r = r.as_str().unwrap();
            r.strip_prefix(&top)
                .map(|s| s.trim_start_matches('/').to_string())
                .unwrap_or_else(|| r.to_string())
        })
        .collect()
}

fn acme_like() -> Vec<(&'static str, String)> {
    vec![
        (
            "acme/people.plan",
            "person alice \"Alice\"\nperson bob\n".into(),
        ),
        (
            "acme/teams/platform.plan",
            "team platform { lead alice  members bob }\n".into(),
        ),
    ]
}

#[tokio::test]
async fn a_client_without_a_root_gets_the_root_by_the_rule() {
    // No coord.toml, no .git: acme/teams/platform.plan roots at acme/ (walking up through
    // folders of plans), so alice, defined in acme/people.plan, is found.
    let mut lsp = Lsp::new(&acme_like(), false);
    lsp.initialize_in(None, Opts::default()).await;
    assert!(roots(&mut lsp).await.is_empty());
    lsp.open("acme/teams/platform.plan").await;
    let p = lsp.publish_of_version("acme/teams/platform.plan", 1).await;
    assert_eq!(
        codes(p["diagnostics"].as_array().unwrap()),
        Vec::<&str>::new(),
        "{p}"
    );
    assert_eq!(roots(&mut lsp).await, ["acme"]);
    let status = lsp.request("coord/status", json!(null)).await.unwrap();
    assert_eq!(status["files"], 2, "{status}");
}

#[tokio::test]
async fn a_too_low_root_stands_for_the_root_above_it() {
    let mut lsp = Lsp::new(&acme_like(), false);
    lsp.initialize_in(Some("acme/teams"), Opts::default()).await;
    assert_eq!(roots(&mut lsp).await, ["acme"]);
    lsp.open("acme/teams/platform.plan").await;
    let p = lsp.publish_of_version("acme/teams/platform.plan", 1).await;
    assert!(p["diagnostics"].as_array().unwrap().is_empty(), "{p}");
}

#[tokio::test]
async fn a_repository_folder_stands_for_its_coord_toml_roots_and_fixtures_root_when_opened() {
    let files = vec![
        (".git/HEAD", "ref: refs/heads/main\n".to_string()),
        ("examples/acme/coord.toml", String::new()),
        ("examples/acme/people.plan", "person alice\n".into()),
        (
            "examples/acme/work.plan",
            "task a { owner alice  due 2026-12-01 }\n".into(),
        ),
        (
            "examples/showcase/coord.toml",
            "[rules]\nunowned-task = \"off\"\n".into(),
        ),
        (
            "examples/showcase/work.plan",
            "task s { due 2026-12-01 }\ntask t { owner alice  due 2026-12-01 }\n".into(),
        ),
        (
            "tests/fixtures/broken.plan",
            "task f { owner nobody }\n".into(),
        ),
        ("ignored/skip.plan", "task g { owner nobody }\n".into()),
        (".gitignore", "ignored/\n".into()),
    ];
    let mut lsp = Lsp::start(&files, Opts::default()).await;
    assert_eq!(
        roots(&mut lsp).await,
        ["examples/acme", "examples/showcase"]
    );
    // showcase does not see acme's alice, and its own coord.toml turns unowned-task off.
    let p = lsp.next_publish("examples/showcase/work.plan").await;
    assert_eq!(
        codes(p["diagnostics"].as_array().unwrap()),
        ["undefined-reference"],
        "{p}"
    );
    lsp.settle().await;
    assert!(
        lsp.sent("textDocument/publishDiagnostics")
            .iter()
            .all(|p| !p["uri"].as_str().unwrap().contains("/tests/")),
        "the fixtures are not read until one is opened"
    );
    // Opening a fixture gives it its root (the repository, by .git), which holds neither
    // the examples (roots of their own) nor the .gitignored file.
    lsp.open("tests/fixtures/broken.plan").await;
    let p = lsp
        .publish_of_version("tests/fixtures/broken.plan", 1)
        .await;
    assert_eq!(
        codes(p["diagnostics"].as_array().unwrap()),
        ["undefined-reference"],
        "{p}"
    );
    assert_eq!(
        roots(&mut lsp).await,
        ["examples/acme", "examples/showcase", ""]
    );
    let status = lsp.request("coord/status", json!(null)).await.unwrap();
    assert_eq!(
        status["files"], 4,
        "acme 2, showcase 1, the fixture 1: {status}"
    );
}

#[tokio::test]
async fn a_coord_toml_that_appears_makes_a_new_root() {
    let files = vec![
        ("plans/people.plan", "person alice\n".to_string()),
        (
            "plans/sub/work.plan",
            "task w { owner alice  due 2026-12-01 }\n".into(),
        ),
    ];
    let mut lsp = Lsp::start(
        &files,
        Opts {
            watch: true,
            ..Opts::default()
        },
    )
    .await;
    assert_eq!(roots(&mut lsp).await, ["plans"]);
    std::fs::write(lsp.path("plans/sub/coord.toml"), "").unwrap();
    let toml = uri_of(&lsp.path("plans/sub/coord.toml"));
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml, "type": 1}]}),
    )
    .await;
    // sub/ is now its own root: alice is not defined there.
    let p = lsp.next_publish("plans/sub/work.plan").await;
    assert_eq!(
        codes(p["diagnostics"].as_array().unwrap()),
        ["undefined-reference"],
        "{p}"
    );
    // The folder now stands for its coord.toml root only; plans/ is read again when one of
    // its files is opened.
    assert_eq!(roots(&mut lsp).await, ["plans/sub"]);
    lsp.open("plans/people.plan").await;
    lsp.publish_of_version("plans/people.plan", 1).await;
    assert_eq!(roots(&mut lsp).await, ["plans/sub", "plans"]);
}
