//! The server's view of the workspaces: one [`Project`] per workspace root (its plan files by
//! URI, open buffers standing in for their disk copy, its own `coord.toml`), which root each
//! file belongs to, the open-document versions, and each project's newest analysis (a
//! [`Snapshot`]).
//!
//! Each root is its own namespace, exactly what `coord check ROOT` sees: two plans open in one
//! editor never see each other's names. Which folder is a root is decided by
//! [`crate::workspace::RootFinder`].
//!
//! Everything here is synchronous: the server holds the state behind a `std::sync::Mutex` and
//! never awaits while holding it, so a burst of edits is applied exactly in arrival order. An
//! edit re-parses only its file ([`Workspace::replace_file`]) and bumps a revision counter; the
//! analysis runs elsewhere, on a copy: [`State::take_jobs`] hands out a [`Job`] per changed
//! project (its files, brought up to date by copying only the files changed since the copy's
//! last analysis) — unless the edits changed nothing a finding depends on and no request holds
//! the newest snapshot: then it moves that snapshot's analysis with the edits, in place
//! ([`crate::host::Host::follow_edits`]) — and [`State::install`] puts the finished [`Snapshot`] in place and returns
//! the diagnostics to publish: only those of files whose diagnostics, text or version changed.
//! Requests read a snapshot (an `Arc`), never the live texts, so they do not wait for a running
//! analysis.

use std::collections::{HashMap, HashSet};
use std::ops::Deref;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use line_index::{LineIndex, WideEncoding};
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::ls_types::Uri;

use crate::analysis::{self, Analysis};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::host::Host;
use crate::syntax::Date;
use crate::workspace::{FileId, PlanFile, Workspace};

mod files;
mod job;
mod publish;
pub use files::Files;
use job::Copy;
pub use job::{Finished, Job};

/// The diagnostics of one file to publish.
pub struct Publication {
    pub uri: Uri,
    /// The diagnostics as the JSON array the protocol sends (see
    /// [`super::to_proto::diagnostics_json`]).
    pub diagnostics: Vec<u8>,
    /// The version of the document they are of (for open documents).
    pub version: Option<i32>,
}

impl Publication {
    /// The diagnostics as protocol values (read back from their JSON).
    pub fn to_lsp(&self) -> Vec<lsp::Diagnostic> {
        serde_json::from_slice(&self.diagnostics).unwrap_or_default()
    }
}

/// Diagnostics to publish, file by file.
pub type Publish = Vec<Publication>;

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

/// One analysis of a project: the files exactly as they were analysed, and what the analysis
/// found. Requests are answered from the newest snapshot of their document's project.
pub struct Snapshot {
    pub root: Option<PathBuf>,
    /// The inputs analysed (its host holds the configuration and the date too).
    files: Files,
    /// `None` once withdrawn: on a large workspace the analysis that replaces it frees it first
    /// (see [`WITHDRAW_ABOVE`]); requests then wait for the new one.
    analysis: Option<Analysis>,
    /// The project's revision this is the analysis of.
    pub rev: u64,
    /// The version of each open document whose text was analysed (same order as the files).
    versions: Vec<Option<i32>>,
}

impl Deref for Snapshot {
    type Target = Files;
    fn deref(&self) -> &Files {
        &self.files
    }
}

impl Snapshot {
    /// What the analysis found (nothing once withdrawn: requests are never given a withdrawn
    /// snapshot, see [`State::ready`]).
    pub fn analysis(&self) -> &Analysis {
        static NOTHING: std::sync::OnceLock<Analysis> = std::sync::OnceLock::new();
        self.analysis.as_ref().unwrap_or_else(|| {
            NOTHING.get_or_init(|| {
                Host::default()
                    .with_today(crate::date::from_days_since_epoch(0))
                    .analyze()
            })
        })
    }

    /// Whether its analysis was withdrawn (freed before a new analysis of a large workspace).
    pub fn is_withdrawn(&self) -> bool {
        self.analysis.is_none()
    }
}

/// A project with more plan text than this frees its newest analysis before it builds the next
/// one, when no request holds it: at 100,000 tasks (21.5 MB) two analyses alive at once made
/// the server's peak (the one read, the one built, and the holes the freed one leaves in the
/// allocator's memory). Requests that need the analysis wait for the new one meanwhile, as
/// requests on the edited document always do. Smaller projects keep it, so that requests on
/// other documents are answered at once, and free it after the new one is published.
pub const WITHDRAW_ABOVE: usize = 4 << 20;

/// One workspace root: its plan files (in path order) as the editor has them now, its
/// configuration, and its newest analysis.
pub struct Project {
    /// Unique among every project the state has had: a finished analysis finds its project by it.
    id: u64,
    /// The root folder; `None` for documents that are not files (such as unsaved buffers),
    /// which share one namespace.
    pub root: Option<PathBuf>,
    /// The files as the editor has them now, and the configuration.
    files: Files,
    /// The revision of the last change to the files or the configuration.
    rev: u64,
    snapshot: Arc<Snapshot>,
    /// The snapshot before, whose files become the next analysis's copy once no request
    /// holds it (so that an analysis copies only the files that changed).
    retired: Option<Arc<Snapshot>>,
    /// The files of the snapshot before, free to become the next analysis's copy.
    spare: Option<Files>,
    /// Whether an analysis of this project is running.
    analysing: bool,
    /// Whether its root is being read from disk (it is not analysed until it is read).
    loading: bool,
    /// The newest revision whose analysis failed (panicked): not tried again, and requests
    /// waiting for it are answered with an error.
    failed_rev: u64,
}

impl Deref for Project {
    type Target = Files;
    fn deref(&self) -> &Files {
        &self.files
    }
}

/// The plan files read from disk for one root (parsed where they were read, not under the
/// state's lock), with its configuration.
pub struct Scanned {
    pub root: PathBuf,
    pub config: Config,
    pub files: Vec<(Uri, Arc<PlanFile>)>,
}

/// What was last published for a file: hashes of it, not a copy (at 100,000 tasks a copy
/// of every diagnostic was 5 MB).
struct Published {
    uri: Uri,
    /// The project whose analysis published it.
    project: u64,
    version: Option<i32>,
    /// The revision of the file's text.
    rev: u64,
    /// How many diagnostics.
    count: usize,
    /// A hash of the diagnostics' published form, with where their labels into other files
    /// point as byte offsets (valid while those files' texts are the same).
    exact: u64,
    /// The same without where the labels into other files point.
    own: u64,
    /// The project's file layout then (file ids change with it).
    layout: u64,
    /// The other files the diagnostics' labels point into, with the revisions of their texts
    /// then.
    points_into: Vec<(String, u64)>,
    /// A hash of where the diagnostics' labels into other files point, as published (their
    /// byte offsets move with edits in those files; their lines and columns seldom do).
    related: u64,
}

/// Where a request about a document stands against its project's newest analysis.
pub enum Ready {
    /// The newest analysis saw the document as the request saw it.
    Now(Arc<Snapshot>, FileId),
    /// The document has edits the newest analysis has not seen yet: wait for the next.
    Wait,
    /// The document changed after the request came: its answer would be about another text.
    Modified,
    /// The analysis of the document's text failed.
    Failed,
    /// The document is not part of the workspace.
    Unknown,
}

/// Which text of a document a request is about: its project and the revision of its text
/// when the request came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    project: u64,
    rev: u64,
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
    /// Whether the workspace folders have been read: until then nothing is analysed or
    /// published (an open buffer alone would show references to other files as undefined).
    pub indexed: bool,
    /// The revision counter: every change to a file or a configuration takes the next.
    rev: u64,
    next_project: u64,
    /// What was last published for each file key.
    published: HashMap<String, Published>,
    /// Analyses replaced by newer ones, to free outside the lock.
    garbage: Vec<Analysis>,
    /// What updated analyses no longer hold (see [`Analysis::take_discarded`]), to free
    /// outside the lock once their diagnostics are published.
    discarded: Vec<Vec<crate::diagnostic::Diagnostic>>,
    /// What to publish after analyses [`State::take_jobs`] followed in place (`None`: it
    /// followed none).
    followed: Option<Publish>,
    /// Whether the analysis loop has taken work ([`State::take_jobs`]) whose diagnostics it
    /// has not published yet: an analysis is installed before its diagnostics go out, and a
    /// request that waits for them (`coord/status`) must not be answered in between.
    pub publishing: bool,
    /// How many analyses were installed, and how many of them followed edits in place
    /// (`coord/status` shows them; the tests check that both paths are taken).
    pub analyses: u64,
    pub followed_analyses: u64,
    /// Projects with more plan text than this withdraw their analysis before the next is
    /// built ([`WITHDRAW_ABOVE`]; tests lower it).
    pub withdraw_above: usize,
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

/// The byte offsets of an LSP range in a text, in order.
fn offsets_in(doc: &PlanFile, range: lsp::Range, encoding: Option<WideEncoding>) -> (usize, usize) {
    let start = doc.offset_of(range.start.line, range.start.character, encoding);
    let end = doc.offset_of(range.end.line, range.end.character, encoding);
    (start.min(end), start.max(end))
}

impl Project {
    fn new(
        id: u64,
        root: Option<PathBuf>,
        config: Config,
        encoding: Option<WideEncoding>,
    ) -> Project {
        let mut files = Files::new(encoding);
        files.host.set_config(config);
        let analysis = files.host.analyze();
        let snapshot = Snapshot {
            root: root.clone(),
            files: files.clone(),
            analysis: Some(analysis),
            rev: 0,
            versions: Vec::new(),
        };
        Project {
            id,
            root,
            files,
            rev: 0,
            snapshot: Arc::new(snapshot),
            retired: None,
            spare: None,
            analysing: false,
            loading: false,
            failed_rev: 0,
        }
    }

    /// The newest analysis.
    pub fn snapshot(&self) -> &Arc<Snapshot> {
        &self.snapshot
    }

    /// Whether the newest analysis is of the files as they are now.
    pub fn is_analysed(&self) -> bool {
        self.snapshot.rev == self.rev
    }

    /// Whether its newest analysis was withdrawn for one that is coming (running or queued).
    pub fn awaits_analysis(&self) -> bool {
        self.snapshot.is_withdrawn() && (self.analysing || self.has_work())
    }

    /// Whether it changed since its newest analysis (or its failed one).
    fn has_work(&self) -> bool {
        self.rev > self.snapshot.rev.max(self.failed_rev)
    }

    /// Whether the file's text is the one the newest analysis saw.
    fn analysed_as_is(&self, file: FileId) -> bool {
        let k = &self.files.ws().file(file).path;
        self.snapshot
            .file_id_of_key(k)
            .is_some_and(|f| self.snapshot.rev(f) == self.files.rev(file))
    }

    /// A copy of the files to analyse: the files of an older snapshot when no request holds
    /// it any more, brought up to date by copying the files that changed since.
    ///
    /// When a request still holds the older snapshot, the copy is made on the analysis's own
    /// thread from the newest snapshot (the files changed since are copied here), so the
    /// lock is never held for a copy of the whole workspace; only after files were added or
    /// removed is the whole copy made here.
    fn copy_for_analysis(&mut self) -> Copy {
        if self.spare.is_none() {
            if let Some(retired) = self.retired.take() {
                match Arc::try_unwrap(retired) {
                    Ok(s) => self.spare = Some(s.files),
                    Err(still_read) => self.retired = Some(still_read),
                }
            }
        }
        let base = &self.snapshot.files;
        if self.spare.is_none() && base.layout == self.files.layout {
            let live = &self.files;
            let changed = (0..live.revs.len())
                .filter(|&i| base.revs[i] != live.revs[i])
                .map(|i| {
                    (
                        i,
                        live.uris[i].clone(),
                        live.ws().files[i].clone(),
                        live.revs[i],
                    )
                })
                .collect();
            return Copy::Patch {
                base: self.snapshot.clone(),
                changed,
                encoding: live.encoding,
            };
        }
        Copy::Ready(Box::new(Files::synced(self.spare.take(), &self.files)))
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
            rev: 0,
            next_project: 1,
            published: HashMap::new(),
            garbage: Vec::new(),
            discarded: Vec::new(),
            followed: None,
            publishing: false,
            analyses: 0,
            followed_analyses: 0,
            withdraw_above: WITHDRAW_ABOVE,
        }
    }

    fn next_rev(&mut self) -> u64 {
        self.rev += 1;
        self.rev
    }

    /// Sets the position encoding, for every project too.
    pub fn set_encoding(&mut self, encoding: Option<WideEncoding>) {
        self.encoding = encoding;
        for p in &mut self.projects {
            p.files.encoding = encoding;
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
        let id = self.next_project;
        self.next_project += 1;
        self.projects.push(Project::new(
            id,
            root.map(Path::to_path_buf),
            config(),
            self.encoding,
        ));
        self.projects.len() - 1
    }

    /// Adds the files of a scanned root that the state does not hold yet (files it holds,
    /// open or not, keep their text), making its project if needed; a project that was made
    /// before its root was read takes the configuration read.
    pub fn add_scanned(&mut self, scanned: Scanned) {
        let Scanned {
            root,
            config,
            files,
        } = scanned;
        let at = match self.project_index(Some(&root)) {
            Some(at) => {
                self.projects[at].loading = false;
                if *self.projects[at].config() != config {
                    let rev = self.next_rev();
                    let p = &mut self.projects[at];
                    p.files.host.set_config(config);
                    p.rev = rev;
                }
                at
            }
            None => self.ensure_project(Some(&root), || config),
        };
        let new: Vec<(Uri, Arc<PlanFile>)> = files
            .into_iter()
            .filter(|(_, f)| !self.owner.contains_key(&f.path))
            .collect();
        self.add_parsed(at, new);
    }

    /// Adds parsed files (whose paths are their keys) to project `at`, moving them there from
    /// other projects.
    fn add_parsed(&mut self, at: usize, files: Vec<(Uri, Arc<PlanFile>)>) {
        if files.is_empty() {
            return;
        }
        let rev = self.next_rev();
        for (_, f) in &files {
            if let Some(old) = self.owner.insert(f.path.clone(), at) {
                if old != at {
                    let p = &mut self.projects[old];
                    p.files.remove(&f.path);
                    p.rev = rev;
                }
            }
        }
        let p = &mut self.projects[at];
        p.files.add_parsed(files, rev);
        p.rev = rev;
    }

    /// The project a document belongs to, and its id there (in the files as they are now).
    pub fn find(&self, uri: &Uri) -> Option<(&Project, FileId)> {
        let project = &self.projects[*self.owner.get(&key(uri))?];
        Some((project, project.file_id(uri)?))
    }

    /// The project a document belongs to.
    pub fn project_of(&self, uri: &Uri) -> Option<&Project> {
        self.owner.get(&key(uri)).map(|&i| &self.projects[i])
    }

    pub fn file_count(&self) -> usize {
        self.projects.iter().map(|p| p.ws().files.len()).sum()
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
        let rev = self.next_rev();
        if let Some(&old) = self.owner.get(&k) {
            if old != at {
                let p = &mut self.projects[old];
                p.files.remove(&k);
                p.rev = rev;
            }
        }
        let p = &mut self.projects[at];
        p.files.set_text(uri, text, rev);
        p.rev = rev;
        self.owner.insert(k, at);
    }

    /// Sets the text of a file the state already holds, in its project.
    pub fn update_text(&mut self, uri: &Uri, text: String) -> bool {
        match self.owner.get(&key(uri)).copied() {
            Some(at) => {
                self.set_text(at, uri, text);
                true
            }
            None => false,
        }
    }

    /// Removes a file (its diagnostics are cleared after the next analysis).
    pub fn remove(&mut self, uri: &Uri) -> bool {
        let k = key(uri);
        let Some(at) = self.owner.remove(&k) else {
            return false;
        };
        self.open.remove(&k);
        let rev = self.next_rev();
        let p = &mut self.projects[at];
        p.rev = rev;
        p.files.remove(&k)
    }

    /// Replaces every project with freshly scanned roots; open documents keep their text and
    /// version and go to the root `root_of` names for them (or stay where they were).
    pub fn replace_projects(
        &mut self,
        scanned: Vec<Scanned>,
        mut root_of: impl FnMut(&Uri) -> Option<PathBuf>,
    ) {
        let mut open_docs = Vec::new();
        for p in std::mem::take(&mut self.projects) {
            let Files { host, uris, .. } = p.files;
            for (file, uri) in host.workspace().files.iter().cloned().zip(uris) {
                if self.open.contains_key(&file.path) {
                    open_docs.push((uri, file, p.root.clone()));
                }
            }
        }
        self.owner.clear();
        for s in scanned {
            self.add_scanned(s);
        }
        for (uri, file, old_root) in open_docs {
            let root = root_of(&uri).or(old_root);
            let at = self.ensure_project(root.as_deref(), || {
                root.as_deref()
                    .and_then(|r| Config::discover(r).ok())
                    .unwrap_or_default()
            });
            self.add_parsed(at, vec![(uri, file)]);
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

    /// Applies the changes of one `didChange`, in order, to the document's text, and re-parses
    /// that file (only).
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
        let encoding = self.encoding;
        let file = self.projects[at]
            .file_id_of_key(&k)
            .ok_or(ChangeError::NotOpen)?;
        let rev = self.next_rev();
        let project = &mut self.projects[at];
        let doc = project.files.ws().file(file);
        // The text after the changes so far; `None` while it is still the file's own, whose
        // line index serves the first change.
        let mut text: Option<String> = None;
        for change in changes {
            match change.range {
                None => text = Some(change.text),
                Some(range) => {
                    let (mut t, (start, end)) = match text.take() {
                        None => (String::clone(&doc.text), offsets_in(doc, range, encoding)),
                        Some(t) => {
                            let tmp = PlanFile {
                                path: String::new(),
                                line_index: LineIndex::new(&t),
                                text: std::sync::Arc::new(t),
                                syntax: Default::default(),
                            };
                            let at = offsets_in(&tmp, range, encoding);
                            (std::sync::Arc::unwrap_or_clone(tmp.text), at)
                        }
                    };
                    t.replace_range(start..end, &change.text);
                    text = Some(t);
                }
            }
        }
        let text = text.unwrap_or_else(|| String::clone(&doc.text));
        project.files.host.set_file_text(file, text);
        project.files.revs[file.index()] = rev;
        project.rev = rev;
        self.open.insert(k, version);
        Ok(())
    }

    // ---------------------------------------------------------------------------------------
    // Analysis

    /// Whether every project's newest analysis (or failed one) is of its files as they are
    /// now: nothing is left to analyse.
    pub fn is_settled(&self) -> bool {
        self.projects.iter().all(|p| !p.has_work())
    }

    /// Each project's revision now (for [`State::has_analysed`]).
    pub fn revisions(&self) -> Vec<(u64, u64)> {
        self.projects.iter().map(|p| (p.id, p.rev)).collect()
    }

    /// Whether every project that is still there has an analysis (or a failed one) of at
    /// least the given revision.
    pub fn has_analysed(&self, revisions: &[(u64, u64)]) -> bool {
        revisions.iter().all(|&(id, rev)| {
            self.projects
                .iter()
                .find(|p| p.id == id)
                .is_none_or(|p| p.snapshot.rev.max(p.failed_rev) >= rev && !p.awaits_analysis())
        })
    }

    /// Marks a project as being read from disk: it is not analysed until
    /// [`State::add_scanned`] gives it its files and configuration.
    pub fn mark_loading(&mut self, at: usize) {
        self.projects[at].loading = true;
    }

    /// The number of diagnostics over every project's newest analysis.
    pub fn diagnostic_count(&self) -> usize {
        self.projects
            .iter()
            .map(|p| p.snapshot.analysis().diagnostics.len())
            .sum()
    }

    // ---------------------------------------------------------------------------------------
    // Requests

    /// Which text of a document a request is about (taken when the request comes).
    pub fn seen(&self, uri: &Uri) -> Option<Seen> {
        let (p, file) = self.find(uri)?;
        Some(Seen {
            project: p.id,
            rev: p.rev(file),
        })
    }

    /// Where a request about `uri`, which saw its text at `seen`, stands against the newest
    /// analysis.
    pub fn ready(&self, uri: &Uri, seen: Seen) -> Ready {
        let Some(p) = self.project_of(uri) else {
            return Ready::Unknown;
        };
        if p.id != seen.project {
            return Ready::Modified;
        }
        let s = &p.snapshot;
        if s.is_withdrawn() {
            // Its analysis was freed for the one being built (or that failed).
            return if p.awaits_analysis() {
                Ready::Wait
            } else {
                Ready::Failed
            };
        }
        match s.file_id(uri) {
            Some(f) if s.rev(f) == seen.rev => Ready::Now(s.clone(), f),
            Some(f) if s.rev(f) > seen.rev => Ready::Modified,
            _ if p.failed_rev >= seen.rev => Ready::Failed,
            _ if p.file_id(uri).is_none() => Ready::Unknown,
            _ => Ready::Wait,
        }
    }

    /// For a request that needs only the document's text: the newest analysis when it saw the
    /// text as it is now (so the work is done outside the lock), else `None` (then answer from
    /// the files as they are, with [`State::find`]).
    pub fn text_snapshot(&self, uri: &Uri) -> Option<(Arc<Snapshot>, FileId)> {
        let (p, file) = self.find(uri)?;
        if !p.analysed_as_is(file) {
            return None;
        }
        let s = p.snapshot.clone();
        let f = s.file_id(uri)?;
        Some((s, f))
    }
}
