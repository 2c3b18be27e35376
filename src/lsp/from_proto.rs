//! Conversions from protocol types to the analysis's: positions and ranges (in the negotiated
//! encoding) to byte offsets and spans, and the settings an `initialize` request carries.

use std::path::PathBuf;

use tower_lsp_server::ls_types as lsp;

use super::state::{ClientFlags, Files};
use crate::syntax::{Date, Span};
use crate::workspace::FileId;

impl Files {
    /// The byte offset of an LSP position in a file.
    pub fn offset(&self, file: FileId, pos: lsp::Position) -> usize {
        self.ws()
            .file(file)
            .offset_of(pos.line, pos.character, self.encoding)
    }

    /// The span of an LSP range (start and end in order).
    pub fn span(&self, file: FileId, range: lsp::Range) -> Span {
        let a = self.offset(file, range.start);
        let b = self.offset(file, range.end);
        Span::new(a.min(b), a.max(b))
    }
}

/// Whether the client offers UTF-8 positions (else they are UTF-16).
pub(super) fn offers_utf8(params: &lsp::InitializeParams) -> bool {
    params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|encs| encs.contains(&lsp::PositionEncodingKind::UTF8))
}

/// The folders the client names: its workspace folders, else its root.
pub(super) fn roots_of(params: &lsp::InitializeParams) -> Vec<PathBuf> {
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

/// The `today` of `initializationOptions`, when it is a valid date.
pub(super) fn today_of(params: &lsp::InitializeParams) -> Option<Date> {
    params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("today"))
        .and_then(|t| t.as_str())
        .and_then(crate::syntax::lexer::parse_date)
        .filter(|d| d.is_valid())
}

/// What the client said it supports, as far as the server cares.
pub(super) fn client_flags(params: &lsp::InitializeParams) -> ClientFlags {
    let caps = &params.capabilities;
    ClientFlags {
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
    }
}

/// The paths of workspace folders (those that are files).
pub(super) fn folder_paths(folders: &[lsp::WorkspaceFolder]) -> Vec<PathBuf> {
    folders
        .iter()
        .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .collect()
}
