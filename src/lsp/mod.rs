//! The language server (`coord lsp`): the Language Server Protocol over standard input and
//! output, on top of [`crate::ide`].
//!
//! This layer is thin: it keeps the workspace in sync with the editor ([`state`], read from
//! disk by `reload`), converts positions (UTF-8 when the client offers it, else UTF-16) and
//! protocol types (`from_proto`, `to_proto`), and answers every request by calling one plain
//! function of `crate::ide` (`handlers`); [`server`] wires the protocol's methods to these.
//! It is incremental where the analysis lets it be: an edit re-parses only its file, the
//! analysis runs off the async workers on a snapshot (bursts of edits coalesced), requests
//! are answered from the newest analysis of their document's text, and only the diagnostics
//! that changed are published (see [`server`]).
//!
//! What it provides: diagnostics for every plan file of the workspace (with a `codeDescription`
//! link to [`RULE_DOCS_URL`]`#CODE`, labels as related information, and the rule's quick
//! fixes as code actions), hover, go to definition, references, document highlight, rename,
//! completion, document and workspace symbols, semantic tokens, folding ranges, inlay hints
//! and formatting. Besides the standard methods it answers `coord/status` with a summary of
//! its view of the workspace. `initializationOptions` may set `{"today": "YYYY-MM-DD"}`, the
//! date `overdue-task` compares with (for tests and demos).

mod capabilities;
mod from_proto;
mod handlers;
mod memory;
mod reload;
pub mod server;
pub mod state;
pub mod stdio;
mod to_proto;

use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use tower_lsp_server::{ClientSocket, LspService, Server};

pub use server::Backend;
pub use state::RULE_DOCS_URL;

/// When this environment variable is `1`, the server also answers methods that only tests
/// need: `coord/sleep` (a slow request to cancel).
pub const TEST_METHODS_ENV: &str = "COORD_LSP_TEST_METHODS";

/// The service and the socket for messages to the client, ready to be served (by
/// [`run`] over stdio, or by tests in process).
pub fn service() -> (LspService<Backend>, ClientSocket) {
    service_with(None)
}

/// [`service`], publishing diagnostics as [`stdio::Prepared`] frames when `prepared` is given
/// (the output must then be a [`stdio::CheckedOutput`] with the same `prepared`).
fn service_with(prepared: Option<Arc<stdio::Prepared>>) -> (LspService<Backend>, ClientSocket) {
    let builder = LspService::build(move |client| Backend::with_prepared(client, prepared))
        .custom_method("coord/status", Backend::status)
        .custom_method(stdio::MALFORMED_METHOD, Backend::malformed_message)
        .custom_method(stdio::INVALID_METHOD, Backend::invalid_message);
    let builder = if std::env::var_os(TEST_METHODS_ENV).is_some_and(|v| v == "1") {
        builder.custom_method("coord/sleep", Backend::sleep)
    } else {
        builder
    };
    builder.finish()
}

/// Serves the language server on standard input and output until `exit` (status 0 after
/// `shutdown`, 1 without it, as the protocol asks) or the end of the input.
pub fn run() -> ExitCode {
    memory::tune();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("coord: cannot start the language server: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let prepared = Arc::new(stdio::Prepared::default());
    let (service, socket) = service_with(Some(prepared.clone()));
    let shutdown = service.inner().shutdown_flag();
    runtime.block_on(async {
        Server::new(
            stdio::checked_stdin(),
            stdio::CheckedOutput::new(tokio::io::stdout()).with_prepared(prepared),
            socket,
        )
        .serve(service)
        .await;
    });
    // Don't wait for tasks still blocked on the client; the process is ending.
    runtime.shutdown_background();
    if shutdown.load(Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
