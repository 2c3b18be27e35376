//! The `LanguageServer` implementation: the wiring from each protocol method to its handler
//! ([`super::handlers`] for requests, [`super::reload`] for what is read from disk), the
//! state's lock, publishing diagnostics and logging.
//!
//! Concurrency: tower-lsp-server runs handlers concurrently, and notifications interleave at
//! every `.await`. Every handler therefore does its state work synchronously under one
//! `std::sync::Mutex` (never held across an `.await`) before awaiting anything, so document
//! changes apply in the order they arrive. Diagnostics are published under a separate async
//! lock, each time from the latest state, so the last publish always reflects the last edit.
//!
//! Robustness: every piece of analysis runs inside `catch_unwind`; a panic is logged through
//! `window/logMessage` and the request answered with an internal error, and the server goes on.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::{Client, LanguageServer};

use super::capabilities::capabilities;
use super::reload::{self, Problems};
use super::state::{is_plan, ChangeError, State};
use super::{from_proto, handlers};
use crate::config::Config;
use crate::ide::rename::RenameError;
use crate::workspace::RootFinder;

/// The JSON-RPC error code LSP uses for a request that was understood but cannot be done
/// (`RequestFailed`), e.g. a rename to a name that is taken.
pub const REQUEST_FAILED: i64 = -32803;

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    publish_lock: tokio::sync::Mutex<()>,
    shutdown: Arc<AtomicBool>,
}

/// Text of a panic payload.
fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
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

/// A rename that cannot be done, as the protocol's `RequestFailed` error.
fn rename_failed<T>(result: Option<std::result::Result<T, RenameError>>) -> Result<Option<T>> {
    match result {
        None => Ok(None),
        Some(Ok(r)) => Ok(Some(r)),
        Some(Err(e)) => Err(failed(e.0)),
    }
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            state: Arc::new(Mutex::new(State::new())),
            publish_lock: tokio::sync::Mutex::new(()),
            shutdown: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Set once `shutdown` has been received (the process then exits with status 0).
    pub fn shutdown_flag(&self) -> Arc<AtomicBool> {
        self.shutdown.clone()
    }

    async fn log(&self, typ: lsp::MessageType, message: impl std::fmt::Display) {
        self.client.log_message(typ, message).await;
    }

    /// Changes the state (synchronously); logs a panic.
    async fn write<T>(&self, what: &str, f: impl FnOnce(&mut State) -> T) -> Option<T> {
        match guarded(&self.state, f) {
            Ok(v) => Some(v),
            Err(panic) => {
                self.log(
                    lsp::MessageType::ERROR,
                    format!("coord: internal error in {what}: {panic}"),
                )
                .await;
                None
            }
        }
    }

    /// Answers a request from the up-to-date analysis. A panic is logged and answered with an
    /// internal error; `Ok(None)` when the document is not part of the workspace.
    async fn request<T>(
        &self,
        what: &str,
        f: impl FnOnce(&State) -> Option<T>,
    ) -> Result<Option<T>> {
        let result = guarded(&self.state, |s| {
            s.ensure_analysis();
            f(s)
        });
        match result {
            Ok(v) => Ok(v),
            Err(panic) => {
                self.log(
                    lsp::MessageType::ERROR,
                    format!("coord: internal error in {what}: {panic}"),
                )
                .await;
                let mut e = Error::internal_error();
                e.message = format!("internal error in {what}: {panic}").into();
                Err(e)
            }
        }
    }

    /// Publishes the diagnostics that changed, from the latest state.
    async fn publish(&self) {
        let _serial = self.publish_lock.lock().await;
        let Some(batch) = self
            .write("publishing diagnostics", |s| s.publish_batch())
            .await
        else {
            return;
        };
        for (uri, diagnostics, version) in batch {
            self.client
                .publish_diagnostics(uri, diagnostics, version)
                .await;
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
    /// the open documents, each read from disk with its `coord.toml` (open buffers keep
    /// their text). Returns the number of plan files read.
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
        let mut read = reload::read_workspace(&folders, &open);
        let count = read.file_count();
        let problems = std::mem::take(&mut read.problems);
        self.write("indexing", move |s| reload::apply(s, read))
            .await;
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
        let Some((roots, flags)) = self
            .write("initialized", |s| (s.folders.clone(), s.flags))
            .await
        else {
            return;
        };
        let token = lsp::ProgressToken::String("coord/indexing".into());
        let progress = if flags.work_done_progress
            && self
                .client
                .create_work_done_progress(token.clone())
                .await
                .is_ok()
        {
            Some(
                self.client
                    .progress(token, "Indexing plan files")
                    .with_message(format!("{} workspace folder(s)", roots.len()))
                    .begin()
                    .await,
            )
        } else {
            None
        };
        let count = self.reindex().await;
        let message = format!("{count} plan file{}", if count == 1 { "" } else { "s" });
        self.log(lsp::MessageType::INFO, format!("coord: indexed {message}"))
            .await;
        if let Some(progress) = progress {
            progress
                .finish_with_message(format!("Indexed {message}"))
                .await;
        }
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
        self.publish().await;
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
        // The document's root by the one rule; a root not seen yet is read from disk first
        // (outside the lock), so its other files are known when the first diagnostics go out.
        let mut finder = RootFinder::new();
        let root = doc.uri.to_file_path().map(|p| finder.root_of(&p));
        let known = self
            .write("didOpen", |s| s.project_index(root.as_deref()).is_some())
            .await
            .unwrap_or(true);
        let mut problems = Problems::default();
        let scanned = match (&root, known) {
            (Some(r), false) => Some(reload::scan_root(&mut finder, r, &mut problems)),
            _ => None,
        };
        self.write("didOpen", |s| {
            if let Some(scanned) = scanned {
                s.add_scanned(scanned);
            }
            let at = s.ensure_project(root.as_deref(), Config::default);
            s.open(at, &doc.uri, doc.version, doc.text)
        })
        .await;
        self.report(problems).await;
        self.publish().await;
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
            Some(Ok(())) => self.publish().await,
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
        if let Some(p) = problem {
            self.log(lsp::MessageType::WARNING, p).await;
        }
        self.publish().await;
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        let mut problems = Vec::new();
        let config_changed = self
            .write("didChangeWatchedFiles", |s| {
                reload::watched_files_changed(s, &params.changes, &mut problems)
            })
            .await
            .unwrap_or(false);
        for p in problems {
            self.log(lsp::MessageType::WARNING, p).await;
        }
        if config_changed {
            // A `coord.toml` that appears or goes can move roots: rebuild them all.
            self.reindex().await;
        }
        self.publish().await;
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
        self.publish().await;
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let p = params.text_document_position_params;
        self.request("textDocument/hover", |s| handlers::hover(s, p))
            .await
    }

    async fn goto_definition(
        &self,
        params: lsp::GotoDefinitionParams,
    ) -> Result<Option<lsp::GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        self.request("textDocument/definition", |s| {
            handlers::goto_definition(s, p)
        })
        .await
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        self.request("textDocument/references", |s| {
            handlers::references(s, params)
        })
        .await
    }

    async fn document_highlight(
        &self,
        params: lsp::DocumentHighlightParams,
    ) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
        let p = params.text_document_position_params;
        self.request("textDocument/documentHighlight", |s| {
            handlers::document_highlight(s, p)
        })
        .await
    }

    async fn prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> Result<Option<lsp::PrepareRenameResponse>> {
        let result = self
            .request("textDocument/prepareRename", |s| {
                handlers::prepare_rename(s, params)
            })
            .await?;
        rename_failed(result)
    }

    async fn rename(&self, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
        let result = self
            .request("textDocument/rename", |s| handlers::rename(s, params))
            .await?;
        rename_failed(result)
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>> {
        let p = params.text_document_position;
        self.request("textDocument/completion", |s| handlers::completion(s, p))
            .await
    }

    async fn document_symbol(
        &self,
        params: lsp::DocumentSymbolParams,
    ) -> Result<Option<lsp::DocumentSymbolResponse>> {
        self.request("textDocument/documentSymbol", |s| {
            handlers::document_symbol(s, params)
        })
        .await
    }

    async fn symbol(
        &self,
        params: lsp::WorkspaceSymbolParams,
    ) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
        self.request("workspace/symbol", |s| {
            handlers::workspace_symbol(s, params)
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: lsp::SemanticTokensParams,
    ) -> Result<Option<lsp::SemanticTokensResult>> {
        self.request("textDocument/semanticTokens/full", |s| {
            handlers::semantic_tokens_full(s, params)
        })
        .await
    }

    async fn folding_range(
        &self,
        params: lsp::FoldingRangeParams,
    ) -> Result<Option<Vec<lsp::FoldingRange>>> {
        self.request("textDocument/foldingRange", |s| {
            handlers::folding_range(s, params)
        })
        .await
    }

    async fn inlay_hint(
        &self,
        params: lsp::InlayHintParams,
    ) -> Result<Option<Vec<lsp::InlayHint>>> {
        self.request("textDocument/inlayHint", |s| {
            handlers::inlay_hint(s, params)
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
        self.request("textDocument/codeAction", |s| {
            handlers::code_action(s, params)
        })
        .await
    }

    async fn formatting(
        &self,
        params: lsp::DocumentFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        self.request("textDocument/formatting", |s| {
            handlers::formatting(s, params)
        })
        .await
    }

    async fn range_formatting(
        &self,
        params: lsp::DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        self.request("textDocument/rangeFormatting", |s| {
            handlers::range_formatting(s, params)
        })
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
    pub async fn status(&self) -> Result<serde_json::Value> {
        self.request("coord/status", |s| Some(handlers::status(s)))
            .await
            .map(|v| v.unwrap_or(serde_json::Value::Null))
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
