//! The server's view of the workspaces: one [`Project`] per workspace root (its plan files by
//! URI, open buffers standing in for their disk copy, its own `coord.toml`, and its last
//! analysis), which root each file belongs to, and the open-document versions.
//!
//! Each root is its own namespace, exactly what `coord check ROOT` sees: two plans open in one
//! editor never see each other's names. Which folder is a root is decided by
//! [`crate::workspace::RootFinder`].
//!
//! Everything here is synchronous: the server holds the state behind a `std::sync::Mutex` and
//! never awaits while holding it, so a burst of edits is applied exactly in arrival order.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use line_index::{LineIndex, WideEncoding};
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::ls_types::Uri;

use crate::analysis::{self, Analysis};
use crate::config::Config;
use crate::syntax::Date;
use crate::workspace::{FileId, PlanFile, Workspace};

/// Where each rule's documentation lives: a diagnostic's `codeDescription.href` is this URL
/// followed by `#` and the rule's code (the heading of that rule in `docs/rules.md`).
pub const RULE_DOCS_URL: &str = crate::docs::RULES_PAGE_URL;

/// What the client said it supports, as far as the server cares.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientFlags {
    /// `workspace.didChangeWatchedFiles.dynamicRegistration`.
    pub watch_files: bool,
    /// `window.workDoneProgress`.
    pub work_done_progress: bool,
}

/// Why a document change was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeError {
    NotOpen,
    /// The change's version is not newer than the document's.
    Stale {
        version: i32,
        current: i32,
    },
}

/// One workspace root: its plan files (in path order), its configuration and its analysis.
pub struct Project {
    /// The root folder; `None` for documents that are not files (such as unsaved buffers),
    /// which share one namespace.
    pub root: Option<PathBuf>,
    pub ws: Workspace,
    /// The URI of each file of `ws`, same order.
    uris: Vec<Uri>,
    /// File key (see [`key`]) to index in `ws.files`.
    index: HashMap<String, usize>,
    analysis: Analysis,
    dirty: bool,
    pub config: Config,
    /// `None` for UTF-8, else the negotiated wide encoding (a copy of the state's).
    pub encoding: Option<WideEncoding>,
}

/// The plan files read from disk for one root, with its configuration.
pub struct Scanned {
    pub root: PathBuf,
    pub config: Config,
    pub files: Vec<(Uri, String)>,
}

pub struct State {
    /// One project per workspace root, in the order they were found.
    pub projects: Vec<Project>,
    /// File key to the index of its project in `projects`.
    owner: HashMap<String, usize>,
    /// Open documents by key, with their version.
    open: HashMap<String, i32>,
    /// The folders the client named (workspace folders, or its root); each stands for the
    /// roots found under it (see [`crate::workspace::RootFinder::roots_in_folder`]).
    pub folders: Vec<PathBuf>,
    /// `None` for UTF-8, else the negotiated wide encoding (UTF-16 by default).
    pub encoding: Option<WideEncoding>,
    /// The date `overdue-task` compares with; today when `None`.
    pub today: Option<Date>,
    pub flags: ClientFlags,
    /// Whether the workspace folders have been read: until then nothing is published (an
    /// open buffer alone would show references to other files as undefined).
    pub indexed: bool,
    /// What was last published for each file key: its version and diagnostics.
    published: HashMap<String, (Uri, Option<i32>, Vec<lsp::Diagnostic>)>,
}

impl Default for State {
    fn default() -> State {
        State::new()
    }
}

/// The key a file is known by: its path for `file:` URIs (so that two spellings of one path
/// are one file), else the URI itself.
pub fn key(uri: &Uri) -> String {
    if uri.scheme().as_str().eq_ignore_ascii_case("file") {
        if let Some(path) = uri.to_file_path() {
            return path.to_string_lossy().into_owned();
        }
    }
    uri.as_str().to_string()
}

/// Whether a URI names a plan file.
pub fn is_plan(uri: &Uri) -> bool {
    uri.path().as_str().ends_with(".plan")
}

impl Project {
    pub fn new(root: Option<PathBuf>, config: Config, encoding: Option<WideEncoding>) -> Project {
        let ws = Workspace::default();
        let analysis = analysis::analyze(&ws, &config, analysis::today());
        Project {
            root,
            ws,
            uris: Vec::new(),
            index: HashMap::new(),
            analysis,
            dirty: false,
            config,
            encoding,
        }
    }

    pub fn file_id(&self, uri: &Uri) -> Option<FileId> {
        self.index.get(&key(uri)).map(|&i| FileId(i as u32))
    }

    pub fn uri(&self, file: FileId) -> &Uri {
        &self.uris[file.index()]
    }

    pub fn uris(&self) -> &[Uri] {
        &self.uris
    }

    /// Sets the text of a file, adding it (in path order) if it is new.
    fn set_text(&mut self, uri: &Uri, text: String) {
        let k = key(uri);
        self.dirty = true;
        match self.index.get(&k) {
            Some(&i) => {
                self.ws.files[i] = PlanFile::new(k, text);
                self.uris[i] = uri.clone();
            }
            None => {
                let at = self.ws.files.partition_point(|f| f.path < k);
                self.ws.files.insert(at, PlanFile::new(k, text));
                self.uris.insert(at, uri.clone());
                self.reindex();
            }
        }
    }

    fn remove(&mut self, k: &str) -> bool {
        let Some(i) = self.index.get(k).copied() else {
            return false;
        };
        self.ws.files.remove(i);
        self.uris.remove(i);
        self.reindex();
        self.dirty = true;
        true
    }

    fn reindex(&mut self) {
        self.index = self
            .ws
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.clone(), i))
            .collect();
    }

    fn ensure_analysis(&mut self, today: Option<Date>) {
        if self.dirty {
            let today = today.unwrap_or_else(analysis::today);
            self.analysis = analysis::analyze(&self.ws, &self.config, today);
            self.dirty = false;
        }
    }

    /// The analysis; call [`State::ensure_analysis`] first after a change.
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }
}

impl State {
    pub fn new() -> State {
        State {
            projects: Vec::new(),
            owner: HashMap::new(),
            open: HashMap::new(),
            folders: Vec::new(),
            encoding: Some(WideEncoding::Utf16),
            today: None,
            flags: ClientFlags::default(),
            indexed: false,
            published: HashMap::new(),
        }
    }

    /// Sets the position encoding, for every project too.
    pub fn set_encoding(&mut self, encoding: Option<WideEncoding>) {
        self.encoding = encoding;
        for p in &mut self.projects {
            p.encoding = encoding;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Projects and files

    /// The project of a root, if there is one.
    pub fn project_index(&self, root: Option<&Path>) -> Option<usize> {
        self.projects.iter().position(|p| p.root.as_deref() == root)
    }

    /// The project of a root, made (with `config`) when there is none yet.
    pub fn ensure_project(
        &mut self,
        root: Option<&Path>,
        config: impl FnOnce() -> Config,
    ) -> usize {
        if let Some(i) = self.project_index(root) {
            return i;
        }
        self.projects.push(Project::new(
            root.map(Path::to_path_buf),
            config(),
            self.encoding,
        ));
        self.projects.len() - 1
    }

    /// Adds the files of a scanned root that the state does not hold yet (files it holds,
    /// open or not, keep their text), making its project if needed.
    pub fn add_scanned(&mut self, scanned: Scanned) {
        let Scanned {
            root,
            config,
            files,
        } = scanned;
        let at = self.ensure_project(Some(&root), || config);
        for (uri, text) in files {
            if !self.owner.contains_key(&key(&uri)) {
                self.set_text(at, &uri, text);
            }
        }
    }

    /// The project a document belongs to, and its id there.
    pub fn find(&self, uri: &Uri) -> Option<(&Project, FileId)> {
        let project = &self.projects[*self.owner.get(&key(uri))?];
        Some((project, project.file_id(uri)?))
    }

    /// The project a document belongs to.
    pub fn project_of(&self, uri: &Uri) -> Option<&Project> {
        self.owner.get(&key(uri)).map(|&i| &self.projects[i])
    }

    pub fn file_count(&self) -> usize {
        self.projects.iter().map(|p| p.ws.files.len()).sum()
    }

    pub fn is_open(&self, uri: &Uri) -> bool {
        self.open.contains_key(&key(uri))
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.open.get(&key(uri)).copied()
    }

    /// Sets the text of a file in project `at`, moving it there from another project.
    pub fn set_text(&mut self, at: usize, uri: &Uri, text: String) {
        let k = key(uri);
        if let Some(&old) = self.owner.get(&k) {
            if old != at {
                self.projects[old].remove(&k);
            }
        }
        self.projects[at].set_text(uri, text);
        self.owner.insert(k, at);
    }

    /// Sets the text of a file the state already holds, in its project.
    pub fn update_text(&mut self, uri: &Uri, text: String) -> bool {
        match self.owner.get(&key(uri)).copied() {
            Some(at) => {
                self.projects[at].set_text(uri, text);
                true
            }
            None => false,
        }
    }

    /// Removes a file (its diagnostics are cleared on the next publish).
    pub fn remove(&mut self, uri: &Uri) -> bool {
        let k = key(uri);
        let Some(at) = self.owner.remove(&k) else {
            return false;
        };
        self.open.remove(&k);
        self.projects[at].remove(&k)
    }

    /// Replaces every project with freshly scanned roots; open documents keep their text and
    /// version and go to the root `root_of` names for them (or stay where they were).
    pub fn replace_projects(
        &mut self,
        scanned: Vec<Scanned>,
        mut root_of: impl FnMut(&Uri) -> Option<PathBuf>,
    ) {
        let mut open_docs = Vec::new();
        for p in &self.projects {
            for (i, uri) in p.uris.iter().enumerate() {
                if self.open.contains_key(&key(uri)) {
                    open_docs.push((uri.clone(), p.ws.files[i].text.clone(), p.root.clone()));
                }
            }
        }
        self.projects.clear();
        self.owner.clear();
        for s in scanned {
            self.add_scanned(s);
        }
        for (uri, text, old_root) in open_docs {
            let root = root_of(&uri).or(old_root);
            let at = self.ensure_project(root.as_deref(), || {
                root.as_deref()
                    .and_then(|r| Config::discover(r).ok())
                    .unwrap_or_default()
            });
            self.set_text(at, &uri, text);
        }
    }

    /// Every file, as (URI, whether it is open, its project's root).
    pub fn files(&self) -> Vec<(Uri, bool, Option<PathBuf>)> {
        self.projects
            .iter()
            .flat_map(|p| {
                p.uris
                    .iter()
                    .map(|u| (u.clone(), self.is_open(u), p.root.clone()))
            })
            .collect()
    }

    // ---------------------------------------------------------------------------------------
    // Open documents

    /// Opens a document in project `at`.
    pub fn open(&mut self, at: usize, uri: &Uri, version: i32, text: String) {
        self.set_text(at, uri, text);
        self.open.insert(key(uri), version);
    }

    /// Forgets that a document is open; returns whether it was.
    pub fn close(&mut self, uri: &Uri) -> bool {
        self.open.remove(&key(uri)).is_some()
    }

    /// Applies the changes of one `didChange`, in order, to the document's text.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<lsp::TextDocumentContentChangeEvent>,
    ) -> Result<(), ChangeError> {
        let k = key(uri);
        let current = *self.open.get(&k).ok_or(ChangeError::NotOpen)?;
        if version <= current {
            return Err(ChangeError::Stale { version, current });
        }
        let at = *self.owner.get(&k).ok_or(ChangeError::NotOpen)?;
        let project = &mut self.projects[at];
        let i = *project.index.get(&k).ok_or(ChangeError::NotOpen)?;
        let mut text = project.ws.files[i].text.clone();
        let mut line_index = Some(project.ws.files[i].line_index.clone());
        for change in changes {
            match change.range {
                None => {
                    text = change.text;
                    line_index = None;
                }
                Some(range) => {
                    let index = line_index.take().unwrap_or_else(|| LineIndex::new(&text));
                    let doc = PlanFile {
                        path: String::new(),
                        text,
                        syntax: Default::default(),
                        line_index: index,
                    };
                    let mut start =
                        doc.offset_of(range.start.line, range.start.character, self.encoding);
                    let mut end = doc.offset_of(range.end.line, range.end.character, self.encoding);
                    if end < start {
                        std::mem::swap(&mut start, &mut end);
                    }
                    text = doc.text;
                    text.replace_range(start..end, &change.text);
                }
            }
        }
        project.ws.files[i] = PlanFile::new(k.clone(), text);
        project.dirty = true;
        self.open.insert(k, version);
        Ok(())
    }

    // ---------------------------------------------------------------------------------------
    // Analysis

    /// Re-analyses every project that changed since its last analysis.
    pub fn ensure_analysis(&mut self) {
        let today = self.today;
        for p in &mut self.projects {
            p.ensure_analysis(today);
        }
    }

    /// The number of diagnostics over every project (after [`State::ensure_analysis`]).
    pub fn diagnostic_count(&self) -> usize {
        self.projects
            .iter()
            .map(|p| p.analysis.diagnostics.len())
            .sum()
    }

    /// The diagnostics to publish: every file whose diagnostics changed since they were last
    /// published (open files also when their version changed), and an empty list for files
    /// that left the workspace.
    pub fn publish_batch(&mut self) -> Vec<(Uri, Vec<lsp::Diagnostic>, Option<i32>)> {
        if !self.indexed {
            return Vec::new();
        }
        self.ensure_analysis();
        let mut out = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for project in &self.projects {
            let mut per_file: Vec<Vec<lsp::Diagnostic>> = vec![Vec::new(); project.ws.files.len()];
            for d in &project.analysis.diagnostics {
                if let Some(list) = per_file.get_mut(d.location.file.index()) {
                    list.push(project.diagnostic(d));
                }
            }
            for (i, diagnostics) in per_file.into_iter().enumerate() {
                let k = project.ws.files[i].path.as_str();
                seen.insert(k);
                let version = self.open.get(k).copied();
                let unchanged = match self.published.get(k) {
                    Some((_, v, d)) => *d == diagnostics && (version.is_none() || *v == version),
                    None => diagnostics.is_empty() && version.is_none(),
                };
                if unchanged {
                    continue;
                }
                let uri = project.uris[i].clone();
                self.published
                    .insert(k.to_string(), (uri.clone(), version, diagnostics.clone()));
                out.push((uri, diagnostics, version));
            }
        }
        let gone: Vec<String> = self
            .published
            .keys()
            .filter(|k| !seen.contains(k.as_str()))
            .cloned()
            .collect();
        for k in gone {
            if let Some((uri, _, diagnostics)) = self.published.remove(&k) {
                if !diagnostics.is_empty() {
                    out.push((uri, Vec::new(), None));
                }
            }
        }
        out
    }
}
