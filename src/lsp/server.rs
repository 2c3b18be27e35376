//! The `LanguageServer` implementation: the wiring from each protocol method to its handler
//! ([`super::handlers`] for requests, [`super::reload`] for what is read from disk), the
//! state's lock, the analysis loop that publishes diagnostics, progress and logging.
//!
//! Concurrency: tower-lsp-server runs handlers concurrently, and notifications interleave at
//! every `.await`. Every handler therefore does its state work synchronously under one
//! `std::sync::Mutex` (never held across an `.await`) before awaiting anything, so document
//! changes apply in the order they arrive; a version older than the document's is dropped.
//! Reading the disk (a workspace scan) runs on tokio's blocking threads, so `shutdown` and
//! `exit` are answered at once even during a long scan.
//!
//! Analysis: a change only re-parses its file and wakes the analysis loop (one task). The loop
//! takes a job per changed project ([`State::take_jobs`]: a copy of its files), runs them on
//! a blocking thread, installs the new snapshots and publishes the diagnostics that changed.
//! Edits made while an analysis runs are taken together by the next one (latest wins: a
//! burst of keystrokes costs one analysis after the one running). An analysis that takes over
//! [`SLOW_ANALYSIS`] shows work-done progress when the client supports it.
//!
//! Requests: each waits for the first index, then is answered from a snapshot, outside the
//! lock. Requests that need only the text (formatting, symbols, semantic tokens, folding) use
//! the document's newest text. Requests that need the analysis use the newest analysis when
//! it saw the document as the request did (other documents may have edits it has not seen
//! yet); when the document has edits it has not seen, the request waits for the analysis
//! that takes them in (already running or queued; a request never starts one), and if the
//! document changes again before that, it is answered `ContentModified` (the client asks
//! again), never from another text than the one it was asked about.
//!
//! Robustness: every piece of analysis runs inside `catch_unwind`; a panic is logged through
//! `window/logMessage` and the request answered with an internal error, and the server goes on.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{watch, Notify};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::{Client, LanguageServer, NotCancellable, OngoingProgress, Unbounded};

use super::capabilities::capabilities;
use super::reload::{self, Problems};
use super::state::{
    is_plan, ChangeError, Files, Finished, Job, Publish, Ready, Scanned, Snapshot, State,
};
use super::stdio::{Prepared, PreparedNotification};
use super::{from_proto, handlers};
use crate::config::Config;
use crate::ide::rename::RenameError;
use crate::workspace::{FileId, RootFinder};

mod analyser;
use analyser::{begin_progress, Analyser};

/// The JSON-RPC error code LSP uses for a request that was understood but cannot be done
/// (`RequestFailed`), e.g. a rename to a name that is taken.
pub const REQUEST_FAILED: i64 = -32803;

/// The JSON-RPC error code LSP uses for a request whose document changed while it waited
/// (`ContentModified`): the answer would be about another text, and the client asks again.
pub const CONTENT_MODIFIED: i64 = -32801;

/// An analysis that takes longer than this shows work-done progress (unless
/// [`super::TEST_METHODS_ENV`] is `1` and `COORD_LSP_SLOW_ANALYSIS_MS` sets another time, for
/// tests).
pub const SLOW_ANALYSIS: Duration = Duration::from_millis(200);

/// How long an analysis runs before it shows progress.
fn slow_analysis() -> Duration {
    let test_methods = std::env::var_os(super::TEST_METHODS_ENV).is_some_and(|v| v == "1");
    std::env::var("COORD_LSP_SLOW_ANALYSIS_MS")
        .ok()
        .filter(|_| test_methods)
        .and_then(|ms| ms.parse().ok())
        .map_or(SLOW_ANALYSIS, Duration::from_millis)
}

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    /// Wakes the analysis loop after a change.
    wake: Arc<Notify>,
    /// Counts the analyses installed: requests waiting for one watch it.
    installed: Arc<watch::Sender<u64>>,
    /// Whether the first index of the workspace exists: requests wait for it.
    indexed: Arc<watch::Sender<bool>>,
    /// Whether the indexing progress is showing (the analysis loop then shows none).
    indexing: Arc<AtomicBool>,
    loop_started: AtomicBool,
    shutdown: Arc<AtomicBool>,
    /// Where diagnostics serialized here go, to be written in place of their placeholders
    /// (see [`super::stdio::Prepared`]); `None` when the output does not replace them (in
    /// process), and diagnostics go through the client as protocol values.
    prepared: Option<Arc<Prepared>>,
}

/// Text of a panic payload.
pub fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Runs `f` on the state under the lock, turning a panic into an error message. The lock is
/// released before returning, and a panic never poisons it (it is caught while the guard lives).
pub fn guarded<T>(
    state: &Mutex<State>,
    f: impl FnOnce(&mut State) -> T,
) -> std::result::Result<T, String> {
    let mut guard = state.lock().unwrap_or_else(PoisonError::into_inner);
    catch_unwind(AssertUnwindSafe(|| f(&mut guard))).map_err(panic_message)
}

fn failed(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::ServerError(REQUEST_FAILED),
        message: message.into().into(),
        data: None,
    }
}

fn content_modified() -> Error {
    Error {
        code: ErrorCode::ServerError(CONTENT_MODIFIED),
        message: "the document changed while the request waited for its analysis".into(),
        data: None,
    }
}

/// A rename that cannot be done, as the protocol's `RequestFailed` error.
fn rename_failed<T>(result: Option<std::result::Result<T, RenameError>>) -> Result<Option<T>> {
    match result {
        None => Ok(None),
        Some(Ok(r)) => Ok(Some(r)),
        Some(Err(e)) => Err(failed(e.0)),
    }
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend::with_prepared(client, None)
    }

    /// A backend that publishes diagnostics as [`Prepared`] frames, when `prepared` is given.
    pub fn with_prepared(client: Client, prepared: Option<Arc<Prepared>>) -> Backend {
        Backend {
            client,
            state: Arc::new(Mutex::new(State::new())),
            wake: Arc::new(Notify::new()),
            installed: Arc::new(watch::channel(0).0),
            indexed: Arc::new(watch::channel(false).0),
            indexing: Arc::new(AtomicBool::new(false)),
            loop_started: AtomicBool::new(false),
            shutdown: Arc::new(AtomicBool::new(false)),
            prepared,
        }
    }

    /// Set once `shutdown` has been received (the process then exits with status 0).
    pub fn shutdown_flag(&self) -> Arc<AtomicBool> {
        self.shutdown.clone()
    }

    async fn log(&self, typ: lsp::MessageType, message: impl std::fmt::Display) {
        self.client.log_message(typ, message).await;
    }

    /// Starts the analysis loop (once), on the runtime serving the server.
    fn start_analysis(&self) {
        if self.loop_started.swap(true, Ordering::SeqCst) {
            return;
        }
        let analyser = Analyser {
            client: self.client.clone(),
            state: self.state.clone(),
            wake: self.wake.clone(),
            installed: self.installed.clone(),
            indexing: self.indexing.clone(),
            slow: slow_analysis(),
            prepared: self.prepared.clone(),
        };
        tokio::spawn(analyser.run());
    }

    /// Tells the analysis loop that something changed.
    fn changed(&self) {
        self.wake.notify_one();
    }

    /// Changes the state (synchronously); logs a panic.
    async fn write<T>(&self, what: &str, f: impl FnOnce(&mut State) -> T) -> Option<T> {
        match guarded(&self.state, f) {
            Ok(v) => Some(v),
            Err(panic) => {
                self.internal_error(what, &panic).await;
                None
            }
        }
    }

    async fn internal_error(&self, what: &str, panic: &str) -> Error {
        self.log(
            lsp::MessageType::ERROR,
            format!("coord: internal error in {what}: {panic}"),
        )
        .await;
        let mut e = Error::internal_error();
        e.message = format!("internal error in {what}: {panic}").into();
        e
    }

    /// Waits until the workspace has been read for the first time.
    async fn wait_for_index(&self) {
        let mut indexed = self.indexed.subscribe();
        let _ = indexed.wait_for(|&done| done).await;
    }

    /// Waits until nothing is left to analyse.
    async fn wait_until_settled(&self) {
        let mut installed = self.installed.subscribe();
        while !guarded(&self.state, |s| s.is_settled()).unwrap_or(true) {
            if installed.changed().await.is_err() {
                return;
            }
        }
    }

    /// Waits until every project has an analysis of what it was when this was called (not
    /// of the edits that come after), and its diagnostics went out.
    async fn wait_for_analysis_of_now(&self) {
        let mut installed = self.installed.subscribe();
        let Ok(now) = guarded(&self.state, |s| s.revisions()) else {
            return;
        };
        while !guarded(&self.state, |s| s.has_analysed(&now) && !s.publishing).unwrap_or(true) {
            if installed.changed().await.is_err() {
                return;
            }
        }
    }

    /// Answers a request about a document from the newest analysis that saw the document as
    /// the request does (see the module's documentation). `Ok(None)` when the document is not
    /// part of the workspace.
    async fn analysed<T>(
        &self,
        what: &str,
        uri: &Uri,
        f: impl FnOnce(&Snapshot, FileId) -> Option<T>,
    ) -> Result<Option<T>> {
        self.wait_for_index().await;
        let mut installed = self.installed.subscribe();
        let seen = match guarded(&self.state, |s| s.seen(uri)) {
            Ok(Some(seen)) => seen,
            Ok(None) => return Ok(None),
            Err(panic) => return Err(self.internal_error(what, &panic).await),
        };
        let (snapshot, file) = loop {
            match guarded(&self.state, |s| s.ready(uri, seen)) {
                Ok(Ready::Now(snapshot, file)) => break (snapshot, file),
                Ok(Ready::Wait) => {
                    if installed.changed().await.is_err() {
                        return Ok(None);
                    }
                }
                Ok(Ready::Modified) => return Err(content_modified()),
                Ok(Ready::Failed) => {
                    let panic = "the analysis of this text failed (see the log)";
                    return Err(self.internal_error(what, panic).await);
                }
                Ok(Ready::Unknown) => return Ok(None),
                Err(panic) => return Err(self.internal_error(what, &panic).await),
            }
        };
        let answer = catch_unwind(AssertUnwindSafe(|| f(&snapshot, file)));
        self.release(snapshot);
        match answer {
            Ok(v) => Ok(v),
            Err(panic) => Err(self.internal_error(what, &panic_message(panic)).await),
        }
    }

    /// Lets go of the snapshot a request was answered from. When a newer analysis was
    /// installed meanwhile, the state kept this one only for its readers: the last of them
    /// hands its analysis to a blocking thread to free, so that one analysis stays alive
    /// (not two until the next edit).
    fn release(&self, snapshot: Arc<Snapshot>) {
        if !guarded(&self.state, |s| s.is_retired(&snapshot)).unwrap_or(false) {
            return;
        }
        drop(snapshot);
        let garbage = guarded(&self.state, |s| {
            s.reclaim_retired();
            s.take_garbage()
        });
        if let Ok(garbage) = garbage {
            if !garbage.is_empty() {
                tokio::task::spawn_blocking(move || drop(garbage));
            }
        }
    }

    /// Answers a request that needs only the document's newest text: from the newest
    /// analysis's copy when it has that text (outside the lock), else from the state's files.
    async fn text<T>(
        &self,
        what: &str,
        uri: &Uri,
        f: impl FnOnce(&Files, FileId) -> Option<T>,
    ) -> Result<Option<T>> {
        self.wait_for_index().await;
        let mut f = Some(f);
        let outcome = guarded(&self.state, |s| match s.text_snapshot(uri) {
            Some(found) => Err(found),
            None => Ok(s
                .find(uri)
                .and_then(|(p, file)| f.take().and_then(|f| f(p, file)))),
        });
        let found = match outcome {
            Ok(Ok(answer)) => return Ok(answer),
            Ok(Err(found)) => found,
            Err(panic) => return Err(self.internal_error(what, &panic).await),
        };
        let (snapshot, file) = found;
        let Some(f) = f else { return Ok(None) };
        let answer = catch_unwind(AssertUnwindSafe(|| f(&snapshot, file)));
        self.release(snapshot);
        match answer {
            Ok(v) => Ok(v),
            Err(panic) => Err(self.internal_error(what, &panic_message(panic)).await),
        }
    }

    /// Logs the problems of a scan, and shows those of `coord.toml`.
    async fn report(&self, problems: Problems) {
        for p in problems.logged {
            self.log(lsp::MessageType::WARNING, p).await;
        }
        for p in problems.shown {
            self.log(lsp::MessageType::ERROR, &p).await;
            self.client.show_message(lsp::MessageType::ERROR, p).await;
        }
    }

    /// (Re)builds every project: the roots the client's folders stand for and the roots of
    /// the open documents, each read from disk (on a blocking thread) with its `coord.toml`
    /// (open buffers keep their text). Returns the number of plan files read.
    async fn reindex(&self) -> usize {
        let Some((folders, open)) = self
            .write("indexing", |s| {
                let open: Vec<Uri> = s
                    .files()
                    .into_iter()
                    .filter(|(_, open, _)| *open)
                    .map(|(uri, _, _)| uri)
                    .collect();
                (s.folders.clone(), open)
            })
            .await
        else {
            return 0;
        };
        let read =
            tokio::task::spawn_blocking(move || reload::read_workspace(&folders, &open)).await;
        let mut read = match read {
            Ok(read) => read,
            Err(e) => {
                self.internal_error("indexing", &e.to_string()).await;
                self.write("indexing", |s| s.indexed = true).await;
                return 0;
            }
        };
        let count = read.file_count();
        let problems = std::mem::take(&mut read.problems);
        self.write("indexing", move |s| reload::apply(s, read))
            .await;
        self.changed();
        self.report(problems).await;
        count
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let utf8 = from_proto::offers_utf8(&params);
        let roots = from_proto::roots_of(&params);
        let today = from_proto::today_of(&params);
        let flags = from_proto::client_flags(&params);
        let state = self.state.clone();
        let ok = guarded(&state, move |s| {
            s.set_encoding(if utf8 {
                None
            } else {
                Some(line_index::WideEncoding::Utf16)
            });
            s.folders = roots;
            s.today = today;
            s.flags = flags;
        });
        if let Err(panic) = ok {
            return Err(Error {
                code: ErrorCode::InternalError,
                message: panic.into(),
                data: None,
            });
        }
        let encoding = if utf8 {
            lsp::PositionEncodingKind::UTF8
        } else {
            lsp::PositionEncodingKind::UTF16
        };
        Ok(lsp::InitializeResult {
            capabilities: capabilities(encoding),
            server_info: Some(lsp::ServerInfo {
                name: "coord".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        self.start_analysis();
        let Some((roots, flags)) = self
            .write("initialized", |s| (s.folders.clone(), s.flags))
            .await
        else {
            return;
        };
        let progress = if flags.work_done_progress {
            self.indexing.store(true, Ordering::SeqCst);
            begin_progress(
                &self.client,
                "coord/indexing",
                "Indexing",
                format!("reading {}", plural(roots.len(), "workspace folder")),
            )
            .await
        } else {
            None
        };
        let count = self.reindex().await;
        self.indexed.send_replace(true);
        let message = plural(count, "plan file");
        self.log(lsp::MessageType::INFO, format!("coord: indexed {message}"))
            .await;
        if let Some(progress) = progress {
            progress.report(format!("checking {message}")).await;
            self.wait_until_settled().await;
            progress
                .finish_with_message(format!("Indexed {message}"))
                .await;
        }
        self.indexing.store(false, Ordering::SeqCst);
        if flags.watch_files {
            let watchers = ["**/*.plan", "**/coord.toml"]
                .into_iter()
                .map(|g| lsp::FileSystemWatcher {
                    glob_pattern: lsp::GlobPattern::String(g.into()),
                    kind: None,
                })
                .collect::<Vec<_>>();
            let registration = lsp::Registration {
                id: "coord/watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(
                    lsp::DidChangeWatchedFilesRegistrationOptions { watchers },
                )
                .ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                self.log(
                    lsp::MessageType::WARNING,
                    format!("coord: could not watch plan files: {}", e.message),
                )
                .await;
            }
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let doc = params.text_document;
        if !is_plan(&doc.uri) && doc.language_id != "plan" {
            return;
        }
        // The document's root by the one rule. The document opens at once (a change that
        // follows finds it open); a root not seen yet is read from disk after, on a blocking
        // thread, and its project is not analysed until then (so that references to its other
        // files do not show as undefined meanwhile).
        let root = doc
            .uri
            .to_file_path()
            .map(|p| RootFinder::new().root_of(&p));
        let unknown = self
            .write("didOpen", |s| {
                let known = s.project_index(root.as_deref()).is_some();
                let at = s.ensure_project(root.as_deref(), Config::default);
                s.open(at, &doc.uri, doc.version, doc.text);
                if !known && root.is_some() {
                    s.mark_loading(at);
                }
                !known
            })
            .await
            .unwrap_or(false);
        self.changed();
        let Some(root) = root.filter(|_| unknown) else {
            return;
        };
        let read = root.clone();
        let scanned = tokio::task::spawn_blocking(move || {
            let mut problems = Problems::default();
            let scanned = reload::scan_root(&mut RootFinder::new(), &read, &mut problems);
            (scanned, problems)
        })
        .await;
        let (scanned, problems) = scanned.unwrap_or_else(|e| {
            let mut problems = Problems::default();
            problems
                .logged
                .push(format!("coord: could not read {}: {e}", root.display()));
            let empty = Scanned {
                root,
                config: Config::default(),
                files: Vec::new(),
            };
            (empty, problems)
        });
        self.write("didOpen", |s| s.add_scanned(scanned)).await;
        self.changed();
        self.report(problems).await;
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let result = self
            .write("didChange", |s| {
                s.change(&uri, version, params.content_changes)
            })
            .await;
        match result {
            Some(Ok(())) => self.changed(),
            Some(Err(ChangeError::Stale { version, current })) => {
                self.log(
                    lsp::MessageType::LOG,
                    format!("coord: ignored a change to {} at version {version}: already at version {current}", uri.as_str()),
                )
                .await
            }
            Some(Err(ChangeError::NotOpen)) if is_plan(&uri) => {
                self.log(
                    lsp::MessageType::WARNING,
                    format!("coord: ignored a change to {}, which is not open", uri.as_str()),
                )
                .await
            }
            _ => {}
        }
    }

    async fn did_save(&self, _: lsp::DidSaveTextDocumentParams) {}

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let problem = self
            .write("didClose", |s| reload::closed(s, &uri))
            .await
            .flatten();
        self.changed();
        if let Some(p) = problem {
            self.log(lsp::MessageType::WARNING, p).await;
        }
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        let mut problems = Vec::new();
        let config_changed = self
            .write("didChangeWatchedFiles", |s| {
                reload::watched_files_changed(s, &params.changes, &mut problems)
            })
            .await
            .unwrap_or(false);
        self.changed();
        for p in problems {
            self.log(lsp::MessageType::WARNING, p).await;
        }
        if config_changed {
            // A `coord.toml` that appears or goes can move roots: rebuild them all.
            self.reindex().await;
        }
    }

    async fn did_change_workspace_folders(&self, params: lsp::DidChangeWorkspaceFoldersParams) {
        let added: Vec<PathBuf> = from_proto::folder_paths(&params.event.added);
        let removed: Vec<PathBuf> = from_proto::folder_paths(&params.event.removed);
        self.write("didChangeWorkspaceFolders", |s| {
            s.folders.retain(|r| !removed.contains(r));
            s.folders.extend(added.iter().cloned());
        })
        .await;
        self.reindex().await;
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let p = params.text_document_position_params;
        let uri = p.text_document.uri.clone();
        self.analysed("textDocument/hover", &uri, |s, file| {
            handlers::hover(s, file, p)
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: lsp::GotoDefinitionParams,
    ) -> Result<Option<lsp::GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let uri = p.text_document.uri.clone();
        self.analysed("textDocument/definition", &uri, |s, file| {
            handlers::goto_definition(s, file, p)
        })
        .await
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        let uri = params.text_document_position.text_document.uri.clone();
        self.analysed("textDocument/references", &uri, |s, file| {
            handlers::references(s, file, params)
        })
        .await
    }

    async fn document_highlight(
        &self,
        params: lsp::DocumentHighlightParams,
    ) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
        let p = params.text_document_position_params;
        let uri = p.text_document.uri.clone();
        self.analysed("textDocument/documentHighlight", &uri, |s, file| {
            handlers::document_highlight(s, file, p)
        })
        .await
    }

    async fn prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> Result<Option<lsp::PrepareRenameResponse>> {
        let uri = params.text_document.uri.clone();
        let result = self
            .analysed("textDocument/prepareRename", &uri, |s, file| {
                handlers::prepare_rename(s, file, params)
            })
            .await?;
        rename_failed(result)
    }

    async fn rename(&self, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
        let uri = params.text_document_position.text_document.uri.clone();
        let result = self
            .analysed("textDocument/rename", &uri, |s, file| {
                handlers::rename(s, file, params)
            })
            .await?;
        rename_failed(result)
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>> {
        let p = params.text_document_position;
        let uri = p.text_document.uri.clone();
        self.analysed("textDocument/completion", &uri, |s, file| {
            handlers::completion(s, file, p)
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: lsp::DocumentSymbolParams,
    ) -> Result<Option<lsp::DocumentSymbolResponse>> {
        self.text(
            "textDocument/documentSymbol",
            &params.text_document.uri,
            handlers::document_symbol,
        )
        .await
    }

    async fn symbol(
        &self,
        params: lsp::WorkspaceSymbolParams,
    ) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
        self.wait_for_index().await;
        self.wait_for_analysis_of_now().await;
        // A snapshot whose analysis was withdrawn for a newer one (on a large workspace): wait
        // for that one.
        let mut installed = self.installed.subscribe();
        let snapshots = loop {
            let taken = guarded(&self.state, |s| {
                s.projects.iter().all(|p| !p.awaits_analysis()).then(|| {
                    s.projects
                        .iter()
                        .map(|p| p.snapshot().clone())
                        .collect::<Vec<_>>()
                })
            });
            match taken {
                Ok(None) if installed.changed().await.is_ok() => continue,
                Ok(None) => return Ok(None),
                Ok(Some(snapshots)) => break Ok(snapshots),
                Err(panic) => break Err(panic),
            }
        };
        let answer = snapshots.and_then(|snapshots| {
            let answer = catch_unwind(AssertUnwindSafe(|| {
                handlers::workspace_symbol(&snapshots, params)
            }))
            .map_err(panic_message);
            for snapshot in snapshots {
                self.release(snapshot);
            }
            answer
        });
        match answer {
            Ok(v) => Ok(v),
            Err(panic) => Err(self.internal_error("workspace/symbol", &panic).await),
        }
    }

    async fn semantic_tokens_full(
        &self,
        params: lsp::SemanticTokensParams,
    ) -> Result<Option<lsp::SemanticTokensResult>> {
        self.text(
            "textDocument/semanticTokens/full",
            &params.text_document.uri,
            handlers::semantic_tokens_full,
        )
        .await
    }

    async fn folding_range(
        &self,
        params: lsp::FoldingRangeParams,
    ) -> Result<Option<Vec<lsp::FoldingRange>>> {
        self.text(
            "textDocument/foldingRange",
            &params.text_document.uri,
            handlers::folding_range,
        )
        .await
    }

    async fn inlay_hint(
        &self,
        params: lsp::InlayHintParams,
    ) -> Result<Option<Vec<lsp::InlayHint>>> {
        let uri = params.text_document.uri.clone();
        self.analysed("textDocument/inlayHint", &uri, |s, file| {
            handlers::inlay_hint(s, file, params)
        })
        .await
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> Result<Option<lsp::CodeActionResponse>> {
        if !handlers::wants_quick_fixes(&params) {
            return Ok(Some(Vec::new()));
        }
        let uri = params.text_document.uri.clone();
        self.analysed("textDocument/codeAction", &uri, |s, file| {
            handlers::code_action(s, file, params)
        })
        .await
    }

    async fn formatting(
        &self,
        params: lsp::DocumentFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        self.text(
            "textDocument/formatting",
            &params.text_document.uri,
            handlers::formatting,
        )
        .await
    }

    async fn range_formatting(
        &self,
        params: lsp::DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        let range = params.range;
        self.text(
            "textDocument/rangeFormatting",
            &params.text_document.uri,
            |s, file| handlers::range_formatting(s, file, range),
        )
        .await
    }
}

/// The parameters of `coord/sleep`.
#[derive(Debug, serde::Deserialize)]
pub struct SleepParams {
    pub ms: u64,
}

impl Backend {
    /// Answers a message that was not JSON (see [`super::stdio`]).
    pub async fn malformed_message(&self) -> Result<()> {
        Err(Error::parse_error())
    }

    /// Answers JSON that was not a JSON-RPC message (see [`super::stdio`]).
    pub async fn invalid_message(&self) -> Result<()> {
        Err(Error::invalid_request())
    }

    /// `coord/sleep` (registered only when [`super::TEST_METHODS_ENV`] is `1`): waits `ms`
    /// milliseconds (at most a minute) without holding anything, then answers `ms`; lets tests
    /// cancel a request that is in flight.
    pub async fn sleep(&self, params: SleepParams) -> Result<u64> {
        let ms = params.ms.min(60_000);
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        Ok(ms)
    }

    /// `coord/status`: a summary of the server's view of the workspace (for troubleshooting).
    /// Waits for the analysis of the texts sent before it, so that its counts are of those.
    pub async fn status(&self) -> Result<serde_json::Value> {
        self.wait_for_index().await;
        self.wait_for_analysis_of_now().await;
        match guarded(&self.state, |s| handlers::status(s)) {
            Ok(v) => Ok(v),
            Err(panic) => Err(self.internal_error("coord/status", &panic).await),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_handler_becomes_an_error_and_the_state_stays_usable() {
        let state = Mutex::new(State::new());
        let result: std::result::Result<(), String> = guarded(&state, |s| {
            s.folders.push(PathBuf::from("/before-the-panic"));
            panic!("boom at {}", 42);
        });
        assert_eq!(result, Err("boom at 42".to_string()));
        assert!(!state.is_poisoned(), "the lock is not poisoned");
        let roots = guarded(&state, |s| s.folders.clone()).unwrap();
        assert_eq!(roots, [PathBuf::from("/before-the-panic")]);
    }
}
