//! Reading the workspace from disk: each root's plan files and `coord.toml`, re-reading a
//! file that changed or closed, and the files a watched-files notification names. Which files
//! belong to a root is the CLI's rule ([`crate::workspace::RootFinder`],
//! [`crate::workspace::is_discovered`]), so the server sees what `coord check ROOT` sees.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::ls_types::Uri;

use super::state::{is_plan, key, Scanned, State};
use crate::config::Config;
use crate::workspace::{is_discovered, read_plan, RootFinder, Workspace};

/// What went wrong while reading: `logged` goes to the log, `shown` (problems with
/// `coord.toml`) also to the user.
#[derive(Default)]
pub(super) struct Problems {
    pub logged: Vec<String>,
    pub shown: Vec<String>,
}

/// Reads one root's plan files (less those of roots nested in it) and its `coord.toml`, and
/// parses the files (outside the state's lock, on a blocking thread).
pub(super) fn scan_root(finder: &mut RootFinder, root: &Path, problems: &mut Problems) -> Scanned {
    let paths = finder.files_of_root(root).unwrap_or_else(|e| {
        problems
            .logged
            .push(format!("coord: skipped part of the workspace: {e}"));
        Vec::new()
    });
    let mut uris = Vec::new();
    let mut texts = Vec::new();
    for path in paths {
        let Some(uri) = Uri::from_file_path(&path) else {
            continue;
        };
        match read_plan(&path) {
            Ok(text) => {
                texts.push((key(&uri), text));
                uris.push(uri);
            }
            Err(e) => problems.logged.push(format!("coord: skipped {e}")),
        }
    }
    let files = uris
        .into_iter()
        .zip(Workspace::from_texts(texts).files)
        .collect();
    let config = Config::discover(root).unwrap_or_else(|e| {
        problems
            .shown
            .push(format!("coord: {e}; using the default settings"));
        Config::default()
    });
    Scanned {
        root: root.to_path_buf(),
        config,
        files,
    }
}

/// Every root read from disk: those the client's folders stand for and those of the open
/// documents.
pub(super) struct Reload {
    scanned: Vec<Scanned>,
    /// The root of each open document, by key.
    open_roots: HashMap<String, PathBuf>,
    pub problems: Problems,
}

impl Reload {
    /// The number of plan files read.
    pub fn file_count(&self) -> usize {
        self.scanned.iter().map(|s| s.files.len()).sum()
    }
}

/// Reads the roots of `folders` and of the `open` documents (outside the state's lock).
pub(super) fn read_workspace(folders: &[PathBuf], open: &[Uri]) -> Reload {
    let mut finder = RootFinder::new();
    let mut roots = Vec::new();
    for folder in folders {
        roots.extend(finder.roots_in_folder(folder));
    }
    let mut open_roots: HashMap<String, PathBuf> = HashMap::new();
    for uri in open {
        if let Some(path) = uri.to_file_path() {
            let root = finder.root_of(&path);
            roots.push(root.clone());
            open_roots.insert(key(uri), root);
        }
    }
    roots.sort();
    roots.dedup();
    let mut problems = Problems::default();
    let scanned = roots
        .iter()
        .map(|r| scan_root(&mut finder, r, &mut problems))
        .collect();
    Reload {
        scanned,
        open_roots,
        problems,
    }
}

/// Replaces the state's projects with those read (open buffers keep their text).
pub(super) fn apply(s: &mut State, reload: Reload) {
    let Reload {
        scanned,
        open_roots,
        ..
    } = reload;
    s.replace_projects(scanned, |uri| {
        open_roots
            .get(&key(uri))
            .cloned()
            .or_else(|| uri.to_file_path().map(|p| RootFinder::new().root_of(&p)))
    });
    s.indexed = true;
}

/// Re-reads a file the state holds from disk, or adds it to project `at` (dropping it when it
/// is gone or unreadable). Returns what went wrong.
pub(super) fn refresh_from_disk(s: &mut State, uri: &Uri, at: Option<usize>) -> Option<String> {
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

/// Whether a file on disk belongs to its project's files (what `coord check ROOT` finds).
fn in_project(s: &State, uri: &Uri, path: &Path) -> bool {
    s.project_of(uri)
        .and_then(|p| p.root.as_deref())
        .is_some_and(|root| is_discovered(path, root))
}

/// After a document closed: keeps the disk copy of a file the workspace scan would find,
/// else drops the file. Returns what went wrong; `None` also when it was not open.
pub(super) fn closed(s: &mut State, uri: &Uri) -> Option<String> {
    if !s.close(uri) {
        return None;
    }
    let keep = uri
        .to_file_path()
        .is_some_and(|p| p.exists() && in_project(s, uri, &p));
    if keep {
        refresh_from_disk(s, uri, None)
    } else {
        s.remove(uri);
        None
    }
}

/// Applies the files a `workspace/didChangeWatchedFiles` names (open buffers stand in for
/// their disk copy); problems go to `problems`. Returns whether a `coord.toml` changed (then
/// every root must be read again: roots can move).
pub(super) fn watched_files_changed(
    s: &mut State,
    changes: &[lsp::FileEvent],
    problems: &mut Vec<String>,
) -> bool {
    let mut config_changed = false;
    for event in changes {
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
            } else if let Some(p) = refresh_from_disk(s, uri, None) {
                problems.push(p);
            }
            continue;
        }
        // A new file joins its root's project when that root is known and its scan would
        // find the file.
        let root = RootFinder::new().root_of(&path);
        let Some(at) = s.project_index(Some(&root)) else {
            continue;
        };
        if is_discovered(&path, &root) {
            if let Some(p) = refresh_from_disk(s, uri, Some(at)) {
                problems.push(p);
            }
        }
    }
    config_changed
}
