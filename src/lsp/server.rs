//! The `LanguageServer` implementation: protocol in, `crate::ide` calls, protocol out.
//!
//! Concurrency: tower-lsp-server runs handlers concurrently, and notifications interleave at
//! every `.await`. Every handler therefore does its state work synchronously under one
//! `std::sync::Mutex` (never held across an `.await`) before awaiting anything, so document
//! changes apply in the order they arrive. Diagnostics are published under a separate async
//! lock, each time from the latest state, so the last publish always reflects the last edit.
//!
//! Robustness: every piece of analysis runs inside `catch_unwind`; a panic is logged through
//! `window/logMessage` and the request answered with an internal error, and the server goes on.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::json;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::{Client, LanguageServer};

use super::state::{is_plan, key, ChangeError, Project, Scanned, State};
use crate::config::Config;
use crate::ide;
use crate::ide::semantic_tokens::{modifiers, TokenType};
use crate::model::SymbolKind;
use crate::syntax::{ItemKind, Span};
use crate::workspace::{is_discovered, read_plan, RootFinder};

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

    /// Reads one root's plan files (less those of roots nested in it) and its `coord.toml`,
    /// outside the lock; what went wrong goes to `problems` (logged) and `config_problems`
    /// (shown).
    fn scan_root(
        finder: &mut RootFinder,
        root: &Path,
        problems: &mut Vec<String>,
        config_problems: &mut Vec<String>,
    ) -> Scanned {
        let paths = finder.files_of_root(root).unwrap_or_else(|e| {
            problems.push(format!("coord: skipped part of the workspace: {e}"));
            Vec::new()
        });
        let mut files = Vec::new();
        for path in paths {
            let Some(uri) = Uri::from_file_path(&path) else {
                continue;
            };
            match read_plan(&path) {
                Ok(text) => files.push((uri, text)),
                Err(e) => problems.push(format!("coord: skipped {e}")),
            }
        }
        let config = Config::discover(root).unwrap_or_else(|e| {
            config_problems.push(format!("coord: {e}; using the default settings"));
            Config::default()
        });
        Scanned {
            root: root.to_path_buf(),
            config,
            files,
        }
    }

    /// Logs the problems of a scan, and shows those of `coord.toml`.
    async fn report(&self, problems: Vec<String>, config_problems: Vec<String>) {
        for p in problems {
            self.log(lsp::MessageType::WARNING, p).await;
        }
        for p in config_problems {
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
        let mut finder = RootFinder::new();
        let mut roots = Vec::new();
        for folder in &folders {
            roots.extend(finder.roots_in_folder(folder));
        }
        let mut open_roots: HashMap<String, PathBuf> = HashMap::new();
        for uri in &open {
            if let Some(path) = uri.to_file_path() {
                let root = finder.root_of(&path);
                roots.push(root.clone());
                open_roots.insert(key(uri), root);
            }
        }
        roots.sort();
        roots.dedup();
        let (mut problems, mut config_problems) = (Vec::new(), Vec::new());
        let scanned: Vec<Scanned> = roots
            .iter()
            .map(|r| Self::scan_root(&mut finder, r, &mut problems, &mut config_problems))
            .collect();
        let count = scanned.iter().map(|s| s.files.len()).sum();
        self.write("indexing", move |s| {
            s.replace_projects(scanned, |uri| {
                open_roots
                    .get(&key(uri))
                    .cloned()
                    .or_else(|| uri.to_file_path().map(|p| RootFinder::new().root_of(&p)))
            });
            s.indexed = true;
        })
        .await;
        self.report(problems, config_problems).await;
        count
    }

    /// Re-reads a file the state holds from disk, or adds it to project `at` (dropping it
    /// when it is gone or unreadable).
    fn refresh_from_disk(s: &mut State, uri: &Uri, at: Option<usize>) -> Option<String> {
        let path = uri.to_file_path()?.into_owned();
        if !path.exists() {
            s.remove(uri);
            return None;
        }
        match read_plan(&path) {
            Ok(text) => {
                if !s.update_text(uri, text.clone()) {
                    if let Some(at) = at {
                        s.set_text(at, uri, text);
                    }
                }
                None
            }
            Err(e) => {
                s.remove(uri);
                Some(format!("coord: skipped {e}"))
            }
        }
    }
}

/// Whether a file on disk belongs to its project's files (what `coord check ROOT` finds).
fn in_project(s: &State, uri: &Uri, path: &Path) -> bool {
    s.project_of(uri)
        .and_then(|p| p.root.as_deref())
        .is_some_and(|root| is_discovered(path, root))
}

fn roots_of(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .collect();
    if roots.is_empty() {
        #[allow(deprecated)]
        if let Some(p) = params.root_uri.as_ref().and_then(|u| u.to_file_path()) {
            roots.push(p.into_owned());
        } else if let Some(p) = params.root_path.as_ref() {
            roots.push(PathBuf::from(p));
        }
    }
    roots
}

pub fn symbol_kind(kind: ItemKind) -> lsp::SymbolKind {
    match kind {
        ItemKind::Person => lsp::SymbolKind::OBJECT,
        ItemKind::Team => lsp::SymbolKind::STRUCT,
        ItemKind::Meeting => lsp::SymbolKind::EVENT,
        ItemKind::Task => lsp::SymbolKind::FUNCTION,
        ItemKind::Liaison | ItemKind::Embedded => lsp::SymbolKind::INTERFACE,
        ItemKind::Rotation => lsp::SymbolKind::ENUM,
        ItemKind::CentralizedLiaison => lsp::SymbolKind::NAMESPACE,
    }
}

fn item_kind(kind: SymbolKind) -> ItemKind {
    match kind {
        SymbolKind::Person => ItemKind::Person,
        SymbolKind::Team => ItemKind::Team,
        SymbolKind::Meeting => ItemKind::Meeting,
        SymbolKind::Task => ItemKind::Task,
        SymbolKind::Rotation => ItemKind::Rotation,
        SymbolKind::CentralizedLiaison => ItemKind::CentralizedLiaison,
    }
}

#[allow(deprecated)]
fn document_symbol(
    s: &Project,
    file: crate::workspace::FileId,
    d: ide::symbols::DocumentSymbol,
) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: d.name,
        detail: d.detail,
        kind: match d.kind {
            ide::symbols::OutlineKind::Item(k) => symbol_kind(k),
            ide::symbols::OutlineKind::Field => lsp::SymbolKind::FIELD,
        },
        tags: None,
        deprecated: None,
        range: s.range(file, d.span),
        selection_range: s.range(file, d.selection),
        children: if d.children.is_empty() {
            None
        } else {
            Some(
                d.children
                    .into_iter()
                    .map(|c| document_symbol(s, file, c))
                    .collect(),
            )
        },
    }
}

fn markdown(value: String) -> lsp::MarkupContent {
    lsp::MarkupContent {
        kind: lsp::MarkupKind::Markdown,
        value,
    }
}

/// The server's capabilities, given the negotiated position encoding.
pub fn capabilities(encoding: lsp::PositionEncodingKind) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(encoding),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![",".into()]),
            ..Default::default()
        }),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        document_highlight_provider: Some(lsp::OneOf::Left(true)),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        document_formatting_provider: Some(lsp::OneOf::Left(true)),
        document_range_formatting_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        folding_range_provider: Some(lsp::FoldingRangeProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(
            lsp::SemanticTokensServerCapabilities::SemanticTokensOptions(
                lsp::SemanticTokensOptions {
                    legend: lsp::SemanticTokensLegend {
                        token_types: TokenType::ALL
                            .iter()
                            .map(|t| lsp::SemanticTokenType::new(t.name()))
                            .collect(),
                        token_modifiers: modifiers::ALL
                            .iter()
                            .map(|m| lsp::SemanticTokenModifier::new(m))
                            .collect(),
                    },
                    full: Some(lsp::SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    ..Default::default()
                },
            ),
        ),
        inlay_hint_provider: Some(lsp::OneOf::Left(true)),
        workspace: Some(lsp::WorkspaceServerCapabilities {
            workspace_folders: Some(lsp::WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(lsp::OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..Default::default()
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encs| encs.contains(&lsp::PositionEncodingKind::UTF8));
        let roots = roots_of(&params);
        let today = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("today"))
            .and_then(|t| t.as_str())
            .and_then(crate::syntax::lexer::parse_date)
            .filter(|d| d.is_valid());
        let caps = &params.capabilities;
        let flags = super::state::ClientFlags {
            watch_files: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
        };
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
        let (mut problems, mut config_problems) = (Vec::new(), Vec::new());
        let scanned = match (&root, known) {
            (Some(r), false) => Some(Self::scan_root(
                &mut finder,
                r,
                &mut problems,
                &mut config_problems,
            )),
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
        self.report(problems, config_problems).await;
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
            .write("didClose", |s| {
                if !s.close(&uri) {
                    return None;
                }
                // Keep the disk copy of a file the workspace scan would find.
                let keep = uri
                    .to_file_path()
                    .is_some_and(|p| p.exists() && in_project(s, &uri, &p));
                if keep {
                    Self::refresh_from_disk(s, &uri, None)
                } else {
                    s.remove(&uri);
                    None
                }
            })
            .await
            .flatten();
        if let Some(p) = problem {
            self.log(lsp::MessageType::WARNING, p).await;
        }
        self.publish().await;
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        let mut config_changed = false;
        let mut problems = Vec::new();
        self.write("didChangeWatchedFiles", |s| {
            for event in &params.changes {
                let uri = &event.uri;
                let path = uri.to_file_path().map(|p| p.into_owned());
                if path
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .is_some_and(|n| n == crate::config::FILE_NAME)
                {
                    config_changed = true;
                    continue;
                }
                if !is_plan(uri) || s.is_open(uri) {
                    continue; // an open buffer stands in for the disk copy
                }
                if event.typ == lsp::FileChangeType::DELETED {
                    s.remove(uri);
                    continue;
                }
                let Some(path) = path else {
                    continue;
                };
                if s.project_of(uri).is_some() {
                    if !in_project(s, uri, &path) {
                        s.remove(uri); // now ignored, say
                    } else if let Some(p) = Self::refresh_from_disk(s, uri, None) {
                        problems.push(p);
                    }
                    continue;
                }
                // A new file joins its root's project when that root is known and its scan
                // would find the file.
                let root = RootFinder::new().root_of(&path);
                let Some(at) = s.project_index(Some(&root)) else {
                    continue;
                };
                if is_discovered(&path, &root) {
                    if let Some(p) = Self::refresh_from_disk(s, uri, Some(at)) {
                        problems.push(p);
                    }
                }
            }
        })
        .await;
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
        let added: Vec<PathBuf> = params
            .event
            .added
            .iter()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        let removed: Vec<PathBuf> = params
            .event
            .removed
            .iter()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
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
        self.request("textDocument/hover", |s| {
            let (s, file) = s.find(&p.text_document.uri)?;
            let offset = s.offset(file, p.position);
            let h = ide::hover::hover(&s.ws, s.analysis(), &s.config, file, offset)?;
            Some(lsp::Hover {
                contents: lsp::HoverContents::Markup(markdown(h.markdown)),
                range: Some(s.range(file, h.span)),
            })
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: lsp::GotoDefinitionParams,
    ) -> Result<Option<lsp::GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        self.request("textDocument/definition", |s| {
            let (s, file) = s.find(&p.text_document.uri)?;
            let offset = s.offset(file, p.position);
            let (_, target) = ide::navigation::definition(&s.ws, s.analysis(), file, offset)?;
            Some(lsp::GotoDefinitionResponse::Scalar(s.location(target)))
        })
        .await
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        let p = params.text_document_position;
        let include = params.context.include_declaration;
        self.request("textDocument/references", |s| {
            let (s, file) = s.find(&p.text_document.uri)?;
            let offset = s.offset(file, p.position);
            let found = ide::navigation::references(&s.ws, s.analysis(), file, offset, include);
            Some(found.into_iter().map(|l| s.location(l)).collect())
        })
        .await
    }

    async fn document_highlight(
        &self,
        params: lsp::DocumentHighlightParams,
    ) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
        let p = params.text_document_position_params;
        self.request("textDocument/documentHighlight", |s| {
            let (s, file) = s.find(&p.text_document.uri)?;
            let offset = s.offset(file, p.position);
            let found = ide::navigation::highlights(&s.ws, s.analysis(), file, offset);
            Some(
                found
                    .into_iter()
                    .map(|(span, kind)| lsp::DocumentHighlight {
                        range: s.range(file, span),
                        kind: Some(match kind {
                            ide::navigation::HighlightKind::Definition => {
                                lsp::DocumentHighlightKind::WRITE
                            }
                            ide::navigation::HighlightKind::Reference => {
                                lsp::DocumentHighlightKind::READ
                            }
                        }),
                    })
                    .collect(),
            )
        })
        .await
    }

    async fn prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> Result<Option<lsp::PrepareRenameResponse>> {
        let result = self
            .request("textDocument/prepareRename", |s| {
                let (s, file) = s.find(&params.text_document.uri)?;
                let offset = s.offset(file, params.position);
                Some(
                    ide::rename::prepare_rename(&s.ws, s.analysis(), file, offset).map(
                        |(span, name)| lsp::PrepareRenameResponse::RangeWithPlaceholder {
                            range: s.range(file, span),
                            placeholder: name,
                        },
                    ),
                )
            })
            .await?;
        match result {
            None => Ok(None),
            Some(Ok(r)) => Ok(Some(r)),
            Some(Err(e)) => Err(failed(e.0)),
        }
    }

    async fn rename(&self, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
        let p = params.text_document_position;
        let new_name = params.new_name;
        let result = self
            .request("textDocument/rename", |s| {
                let (s, file) = s.find(&p.text_document.uri)?;
                let offset = s.offset(file, p.position);
                Some(
                    ide::rename::rename(&s.ws, s.analysis(), file, offset, new_name.trim())
                        .map(|edits| s.workspace_edit(&edits)),
                )
            })
            .await?;
        match result {
            None => Ok(None),
            Some(Ok(edit)) => Ok(Some(edit)),
            Some(Err(e)) => Err(failed(e.0)),
        }
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>> {
        let p = params.text_document_position;
        self.request("textDocument/completion", |s| {
            let (s, file) = s.find(&p.text_document.uri)?;
            let offset = s.offset(file, p.position);
            let found = ide::completion::completions(&s.ws, s.analysis(), file, offset);
            let items = found
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    use ide::completion::CompletionKind as K;
                    let kind = match c.kind {
                        K::Keyword => lsp::CompletionItemKind::KEYWORD,
                        K::Field => lsp::CompletionItemKind::FIELD,
                        K::Name(SymbolKind::Person) => lsp::CompletionItemKind::VARIABLE,
                        K::Name(SymbolKind::Team) => lsp::CompletionItemKind::STRUCT,
                        K::Name(SymbolKind::Meeting) => lsp::CompletionItemKind::EVENT,
                        K::Name(SymbolKind::Task) => lsp::CompletionItemKind::FUNCTION,
                        K::Name(_) => lsp::CompletionItemKind::REFERENCE,
                        K::EnumValue => lsp::CompletionItemKind::ENUM_MEMBER,
                        K::Rule => lsp::CompletionItemKind::CONSTANT,
                    };
                    lsp::CompletionItem {
                        label: c.label,
                        kind: Some(kind),
                        detail: c.detail,
                        documentation: c
                            .documentation
                            .map(|d| lsp::Documentation::MarkupContent(markdown(d))),
                        sort_text: Some(format!("{i:05}")),
                        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                            range: s.range(file, c.replace),
                            new_text: c.insert_text,
                        })),
                        ..Default::default()
                    }
                })
                .collect();
            Some(lsp::CompletionResponse::Array(items))
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: lsp::DocumentSymbolParams,
    ) -> Result<Option<lsp::DocumentSymbolResponse>> {
        self.request("textDocument/documentSymbol", |s| {
            let (s, file) = s.find(&params.text_document.uri)?;
            let symbols = ide::symbols::document_symbols(&s.ws, file)
                .into_iter()
                .map(|d| document_symbol(s, file, d))
                .collect();
            Some(lsp::DocumentSymbolResponse::Nested(symbols))
        })
        .await
    }

    async fn symbol(
        &self,
        params: lsp::WorkspaceSymbolParams,
    ) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
        self.request("workspace/symbol", |st| {
            // Every root's symbols (each found in its own namespace).
            let mut symbols = Vec::new();
            for s in &st.projects {
                let found = ide::symbols::workspace_symbols(&s.ws, s.analysis(), &params.query);
                #[allow(deprecated)]
                symbols.extend(found.into_iter().map(|w| lsp::SymbolInformation {
                    name: w.name,
                    kind: symbol_kind(item_kind(w.kind)),
                    tags: None,
                    deprecated: None,
                    location: s.location(w.location),
                    container_name: w.title,
                }));
            }
            Some(lsp::WorkspaceSymbolResponse::Flat(symbols))
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: lsp::SemanticTokensParams,
    ) -> Result<Option<lsp::SemanticTokensResult>> {
        self.request("textDocument/semanticTokens/full", |s| {
            let (s, file) = s.find(&params.text_document.uri)?;
            let tokens = ide::semantic_tokens::semantic_tokens(&s.ws, file);
            let mut data = Vec::with_capacity(tokens.len());
            let (mut prev_line, mut prev_col) = (0u32, 0u32);
            for t in tokens {
                let start = s.position(file, t.span.start);
                let end = s.position(file, t.span.end);
                if end.line != start.line {
                    continue; // tokens never span lines; be safe
                }
                let delta_line = start.line - prev_line;
                let delta_start = if delta_line == 0 {
                    start.character - prev_col
                } else {
                    start.character
                };
                data.push(lsp::SemanticToken {
                    delta_line,
                    delta_start,
                    length: end.character - start.character,
                    token_type: t.ty.index(),
                    token_modifiers_bitset: t.modifiers,
                });
                prev_line = start.line;
                prev_col = start.character;
            }
            Some(lsp::SemanticTokensResult::Tokens(lsp::SemanticTokens {
                result_id: None,
                data,
            }))
        })
        .await
    }

    async fn folding_range(
        &self,
        params: lsp::FoldingRangeParams,
    ) -> Result<Option<Vec<lsp::FoldingRange>>> {
        self.request("textDocument/foldingRange", |s| {
            let (s, file) = s.find(&params.text_document.uri)?;
            let folds = ide::folding::folding_ranges(&s.ws, file);
            Some(
                folds
                    .into_iter()
                    .filter_map(|f| {
                        let range = s.range(file, f.span);
                        (range.end.line > range.start.line).then_some(lsp::FoldingRange {
                            start_line: range.start.line,
                            start_character: Some(range.start.character),
                            end_line: range.end.line,
                            end_character: Some(range.end.character),
                            kind: Some(match f.kind {
                                ide::folding::FoldKind::Block => lsp::FoldingRangeKind::Region,
                                ide::folding::FoldKind::Comment => lsp::FoldingRangeKind::Comment,
                            }),
                            collapsed_text: None,
                        })
                    })
                    .collect(),
            )
        })
        .await
    }

    async fn inlay_hint(
        &self,
        params: lsp::InlayHintParams,
    ) -> Result<Option<Vec<lsp::InlayHint>>> {
        self.request("textDocument/inlayHint", |s| {
            let (s, file) = s.find(&params.text_document.uri)?;
            let range = s.span(file, params.range);
            let hints = ide::inlay_hints::inlay_hints(&s.ws, s.analysis(), file, range);
            Some(
                hints
                    .into_iter()
                    .map(|h| lsp::InlayHint {
                        position: s.position(file, h.offset),
                        label: lsp::InlayHintLabel::String(h.label),
                        kind: None,
                        text_edits: None,
                        tooltip: h
                            .tooltip
                            .map(|t| lsp::InlayHintTooltip::MarkupContent(markdown(t))),
                        padding_left: Some(true),
                        padding_right: None,
                        data: None,
                    })
                    .collect(),
            )
        })
        .await
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> Result<Option<lsp::CodeActionResponse>> {
        if let Some(only) = &params.context.only {
            if !only
                .iter()
                .any(|k| k.as_str() == "quickfix" || k.as_str().is_empty())
            {
                return Ok(Some(Vec::new()));
            }
        }
        self.request("textDocument/codeAction", |s| {
            let (s, file) = s.find(&params.text_document.uri)?;
            let range = s.span(file, params.range);
            let actions = ide::code_actions::code_actions(&s.ws, s.analysis(), file, range);
            let mut converted: HashMap<usize, lsp::Diagnostic> = HashMap::new();
            let mut out = Vec::with_capacity(actions.len());
            for a in actions {
                let diagnostic = converted
                    .entry(a.diagnostic)
                    .or_insert_with(|| {
                        let ours = s.diagnostic(&s.analysis().diagnostics[a.diagnostic]);
                        // Attach the client's copy when it sent one, so it can match them.
                        params
                            .context
                            .diagnostics
                            .iter()
                            .find(|d| d.range == ours.range && d.code == ours.code)
                            .cloned()
                            .unwrap_or(ours)
                    })
                    .clone();
                out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: a.title,
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic]),
                    edit: Some(s.workspace_edit(&a.edits)),
                    command: None,
                    is_preferred: a.preferred.then_some(true),
                    disabled: None,
                    data: None,
                }));
            }
            Some(out)
        })
        .await
    }

    async fn formatting(
        &self,
        params: lsp::DocumentFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        self.request("textDocument/formatting", |s| {
            let (s, file) = s.find(&params.text_document.uri)?;
            let edits = ide::formatting::format_file(&s.ws, file);
            Some(edits.iter().map(|e| s.text_edit(e)).collect())
        })
        .await
    }

    async fn range_formatting(
        &self,
        params: lsp::DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        self.request("textDocument/rangeFormatting", |s| {
            let (s, file) = s.find(&params.text_document.uri)?;
            let range: Span = s.span(file, params.range);
            let edits = ide::formatting::format_range(&s.ws, file, range);
            Some(edits.iter().map(|e| s.text_edit(e)).collect())
        })
        .await
    }
}

/// Shows the state as JSON for the `coord/status` request: files, workspace roots (each with
/// its files, diagnostics and `coord.toml`), the client's folders, settings.
pub fn status(s: &State) -> serde_json::Value {
    let shown = |p: &Path| p.display().to_string();
    json!({
        "files": s.file_count(),
        "roots": s.projects.iter().filter_map(|p| p.root.as_deref()).map(shown).collect::<Vec<_>>(),
        "folders": s.folders.iter().map(|f| shown(f)).collect::<Vec<_>>(),
        "positionEncoding": if s.encoding.is_none() { "utf-8" } else { "utf-16" },
        "diagnostics": s.diagnostic_count(),
        "config": s.projects.first().and_then(|p| p.config.path.as_deref()).map(shown),
        "workspaces": s.projects.iter().map(|p| json!({
            "root": p.root.as_deref().map(shown),
            "files": p.ws.files.len(),
            "diagnostics": p.analysis().diagnostics.len(),
            "config": p.config.path.as_deref().map(shown),
        })).collect::<Vec<_>>(),
    })
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
        self.request("coord/status", |s| Some(status(s)))
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
