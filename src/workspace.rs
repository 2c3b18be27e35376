//! The workspace: which plan files there are, their text, their parse, and position conversion.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use line_index::{LineIndex, TextSize, WideEncoding, WideLineCol};

use crate::syntax::{self, Span};

/// The name of a workspace's configuration file, which also marks a workspace root.
pub const CONFIG_FILE_NAME: &str = "coord.toml";

/// Index of a file in [`Workspace::files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

impl FileId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One plan file: its name for display, its text and its parse.
#[derive(Debug, Clone)]
pub struct PlanFile {
    /// The path as given or found (relative to the current directory where it was), or a URI.
    pub path: String,
    /// The text, shared with its parse (which reads names and values from it).
    pub text: Arc<String>,
    pub syntax: syntax::SourceFile,
    pub(crate) line_index: LineIndex,
}

impl PlanFile {
    pub fn new(path: String, text: String) -> PlanFile {
        PlanFile::new_with(path, text, &mut syntax::Scratch::default())
    }

    /// [`PlanFile::new`], parsing with `scratch`'s memory (one thread parsing several files).
    pub(crate) fn new_with(path: String, text: String, scratch: &mut syntax::Scratch) -> PlanFile {
        let text = Arc::new(text);
        let syntax = syntax::parse_with(Arc::clone(&text), scratch);
        let line_index = LineIndex::new(&text);
        PlanFile {
            path,
            text,
            syntax,
            line_index,
        }
    }

    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// 0-based line and 0-based column in Unicode scalar values.
    pub fn line_col_chars(&self, offset: usize) -> (u32, u32) {
        // The line index knows the line's non-ASCII characters, so this costs nothing on ASCII
        // text; counting the characters from the line start would make many diagnostics on
        // one long line quadratic.
        self.line_col_encoded(offset, Some(WideEncoding::Utf32))
    }

    /// 0-based line and column in the given encoding (`None` = UTF-8 bytes).
    pub fn line_col_encoded(&self, offset: usize, encoding: Option<WideEncoding>) -> (u32, u32) {
        let offset = self.clamp(offset);
        let lc = self.line_index.line_col(TextSize::new(offset as u32));
        match encoding {
            None => (lc.line, lc.col),
            Some(enc) => match self.line_index.to_wide(enc, lc) {
                Some(w) => (w.line, w.col),
                None => (lc.line, lc.col),
            },
        }
    }

    /// The byte offset of a 0-based line and column in the given encoding, clamped into the
    /// text (a position past the end of a line means the line's end, as LSP says).
    pub fn offset_of(&self, line: u32, col: u32, encoding: Option<WideEncoding>) -> usize {
        let Some(range) = self.line_index.line(line) else {
            return self.text.len();
        };
        let line_start: usize = range.start().into();
        let mut line_end: usize = range.end().into();
        // `line()` includes the newline; a column never points past the line's content.
        let line_text = &self.text[line_start..line_end];
        let content = line_text.trim_end_matches(['\n', '\r']);
        line_end = line_start + content.len();
        let utf8_col = match encoding {
            None => col as usize,
            Some(enc) => {
                let wide = WideLineCol { line, col };
                match self.line_index.to_utf8(enc, wide) {
                    Some(lc) => lc.col as usize,
                    None => {
                        // Past the end, or inside a surrogate pair: walk the line.
                        let mut units = 0u32;
                        let mut at = content.len();
                        for (i, c) in content.char_indices() {
                            if units >= col {
                                at = i;
                                break;
                            }
                            units += enc.measure(&c.to_string()) as u32;
                        }
                        at
                    }
                }
            }
        };
        self.clamp((line_start + utf8_col).min(line_end))
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// All plan files that share one namespace, in path order.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    /// Shared (`Arc`), so that a copy of the workspace — the language server's snapshot for an
    /// analysis — shares every file it did not change instead of copying its text and tree.
    pub files: Vec<Arc<PlanFile>>,
}

impl Workspace {
    /// Parses `(path, text)` pairs, in parallel when there are several, keeping their order.
    pub fn from_texts(sources: Vec<(String, String)>) -> Workspace {
        let sized = sources
            .into_iter()
            .map(|source| {
                let bytes = source.1.len() as u64;
                (source, bytes)
            })
            .collect();
        let parsed: Result<Workspace, std::convert::Infallible> =
            Workspace::make_files(sized, |(path, text), scratch| {
                Ok(PlanFile::new_with(path, text, scratch))
            });
        match parsed {
            Ok(ws) => ws,
            Err(never) => match never {},
        }
    }

    /// Makes one file of each source with `make` (which reads and parses it), in parallel when
    /// the sources are large enough, keeping their order. `bytes` is each source's size, as
    /// far as it is known, for sharing the work out.
    ///
    /// On failure the error is the one of the first failing source in order, as making them
    /// one by one would give: a source after a known failure is skipped, every one before it
    /// is still made.
    fn make_files<S: Send, E: Send>(
        sources: Vec<(S, u64)>,
        make: impl Fn(S, &mut syntax::Scratch) -> Result<PlanFile, E> + Sync,
    ) -> Result<Workspace, E> {
        // Starting threads costs more than parsing a small workspace (a fuzzer's input, one
        // team's plan): below this many bytes, parse on this thread.
        const PARALLEL_FROM_BYTES: u64 = 256 * 1024;
        let bytes: u64 = sources.iter().map(|(_, b)| b).sum();
        let threads = if sources.len() < 2 || bytes < PARALLEL_FROM_BYTES {
            1
        } else {
            crate::cores::available().min(8).min(sources.len())
        };
        if threads < 2 {
            let mut scratch = syntax::Scratch::default();
            let files = sources
                .into_iter()
                .map(|(s, _)| make(s, &mut scratch).map(Arc::new))
                .collect::<Result<_, E>>()?;
            return Ok(Workspace { files });
        }
        let count = sources.len();
        // Largest first, taken one at a time by whichever thread is free, so the threads
        // finish together.
        let mut work: Vec<(usize, (S, u64))> = sources.into_iter().enumerate().collect();
        work.sort_by_key(|(_, (_, b))| std::cmp::Reverse(*b));
        let work: Vec<std::sync::Mutex<Option<(usize, S)>>> = work
            .into_iter()
            .map(|(i, (s, _))| std::sync::Mutex::new(Some((i, s))))
            .collect();
        let next = std::sync::atomic::AtomicUsize::new(0);
        // The index of the first failing source found so far (`usize::MAX`: none).
        let first_failure = std::sync::atomic::AtomicUsize::new(usize::MAX);
        let worker = || {
            use std::sync::atomic::Ordering::Relaxed;
            let mut scratch = syntax::Scratch::default();
            let mut made = Vec::new();
            let mut failed = Vec::new();
            loop {
                let k = next.fetch_add(1, Relaxed);
                let Some(slot) = work.get(k) else { break };
                let taken = slot.lock().ok().and_then(|mut s| s.take());
                let Some((i, source)) = taken else { continue };
                if i > first_failure.load(Relaxed) {
                    continue;
                }
                match make(source, &mut scratch) {
                    Ok(file) => made.push((i, file)),
                    Err(e) => {
                        first_failure.fetch_min(i, Relaxed);
                        failed.push((i, e));
                    }
                }
            }
            (made, failed)
        };
        // One share of the work is done on this thread: one thread fewer to start, and its
        // trees grow in this thread's allocator arena, which glibc extends in large steps (a
        // new thread's arena grows one `mprotect` call at a time).
        let results: Vec<Made<E>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
            // As for the other threads, a panic loses that thread's files rather than
            // the process.
            let own =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(worker)).unwrap_or_default();
            std::iter::once(own)
                .chain(handles.into_iter().map(|h| h.join().unwrap_or_default()))
                .collect()
        });
        let mut slots: Vec<Option<PlanFile>> = Vec::new();
        slots.resize_with(count, || None);
        let mut failure: Option<(usize, E)> = None;
        for (made, failed) in results {
            for (i, file) in made {
                slots[i] = Some(file);
            }
            for (i, e) in failed {
                if failure.as_ref().is_none_or(|(j, _)| i < *j) {
                    failure = Some((i, e));
                }
            }
        }
        if let Some((_, e)) = failure {
            return Err(e);
        }
        Ok(Workspace {
            files: slots.into_iter().flatten().map(Arc::new).collect(),
        })
    }

    /// Gives one file a new text, re-lexing and re-parsing only that file (the language
    /// server's keystroke); the other files' parses are kept as they are.
    pub(crate) fn replace_file(&mut self, id: FileId, text: String) {
        let file = &mut self.files[id.index()];
        let path = file.path.clone();
        *file = Arc::new(PlanFile::new(path, text));
    }

    pub fn file(&self, id: FileId) -> &PlanFile {
        &self.files[id.index()]
    }

    pub fn file_ids(&self) -> impl Iterator<Item = FileId> {
        (0..self.files.len() as u32).map(FileId)
    }

    pub fn find(&self, path: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| FileId(i as u32))
    }
}

/// What one thread of [`Workspace::make_files`] made: files and failures, each with its
/// source's index.
type Made<E> = (Vec<(usize, PlanFile)>, Vec<(usize, E)>);

/// Why a plan could not be read: always names the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

fn display(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./")
        .map(str::to_string)
        .unwrap_or_else(|| s.into_owned())
}

/// The walk [`discover`] makes of a folder: hidden entries, `target/` folders and what
/// `.gitignore` files (in the folder and above it) exclude are skipped; links to folders are
/// not followed.
fn walker(root: &Path, toward: Option<PathBuf>) -> ignore::WalkBuilder {
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .ignore(false)
        .parents(true)
        .follow_links(false)
        .filter_entry(move |e| {
            let target = e.file_type().is_some_and(|t| t.is_dir()) && e.file_name() == "target";
            // With `toward`, only the folders on the way to that path are entered.
            !target && toward.as_ref().is_none_or(|p| p.starts_with(e.path()))
        });
    builder
}

/// Whether [`discover`] of the folder `root` would find the plan file `path` (which lies
/// under `root`): no hidden folder or `target/` on the way, and not excluded by a
/// `.gitignore`. The language server asks this of a file that appears or closes, so that it
/// sees the same files as `coord check ROOT`.
pub fn is_discovered(path: &Path, root: &Path) -> bool {
    if !path.starts_with(root) || path.extension().is_none_or(|x| x != "plan") {
        return false;
    }
    // The same walk, entering only the folders on the way to the file.
    walker(root, Some(path.to_path_buf()))
        .build()
        .filter_map(Result::ok)
        .any(|e| e.path() == path)
}

/// Finds the workspace roots of plan files, by the one rule every editor client shares (see
/// `editors/README.md`, "Workspace roots"): a file's root is the nearest folder at or above
/// it that holds `coord.toml`; else the nearest that holds `.git`; else the highest folder
/// reached by walking up from the file's folder through folders that hold `.plan` files.
/// Each root is its own namespace, checked as `coord check ROOT` checks it.
///
/// Answers are remembered per folder, so finding the roots of many files costs one look at
/// each folder.
#[derive(Debug, Default)]
pub struct RootFinder {
    /// Folder to its root.
    roots: std::collections::HashMap<PathBuf, PathBuf>,
    /// Folder to whether it directly holds a `.plan` file.
    has_plans: std::collections::HashMap<PathBuf, bool>,
}

impl RootFinder {
    pub fn new() -> RootFinder {
        RootFinder::default()
    }

    /// The root of a plan file (or of a folder, as if for a file in it). A relative path is
    /// taken from the current directory.
    pub fn root_of(&mut self, path: &Path) -> PathBuf {
        let path = absolute(path);
        let dir = if path.is_dir() {
            path
        } else {
            match path.parent() {
                Some(p) => p.to_path_buf(),
                None => path,
            }
        };
        if let Some(root) = self.roots.get(&dir) {
            return root.clone();
        }
        let root = self.find(&dir);
        self.roots.insert(dir, root.clone());
        root
    }

    fn find(&mut self, dir: &Path) -> PathBuf {
        if let Some(d) = dir.ancestors().find(|d| d.join(CONFIG_FILE_NAME).is_file()) {
            return d.to_path_buf();
        }
        if let Some(d) = dir.ancestors().find(|d| d.join(".git").exists()) {
            return d.to_path_buf();
        }
        let mut root = dir;
        while let Some(parent) = root.parent() {
            if !self.holds_plans(parent) {
                break;
            }
            root = parent;
        }
        root.to_path_buf()
    }

    fn holds_plans(&mut self, dir: &Path) -> bool {
        if let Some(&known) = self.has_plans.get(dir) {
            return known;
        }
        let found = std::fs::read_dir(dir).is_ok_and(|entries| {
            entries.filter_map(Result::ok).any(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.ends_with(".plan")
                    && !name.starts_with('.')
                    && std::fs::metadata(e.path()).is_ok_and(|m| m.is_file())
            })
        });
        self.has_plans.insert(dir.to_path_buf(), found);
        found
    }

    /// The roots a folder that an editor opened (a workspace folder) stands for: the roots
    /// of the plan files under it; when some of them hold `coord.toml`, only those (a
    /// repository that marks its plans with `coord.toml` does not also get a namespace of
    /// its test fixtures; such a file gets its root when it is opened). Sorted, no repeats.
    pub fn roots_in_folder(&mut self, folder: &Path) -> Vec<PathBuf> {
        let folder = absolute(folder);
        let files = discover(std::slice::from_ref(&folder)).unwrap_or_default();
        let mut roots: Vec<PathBuf> = files.iter().map(|f| self.root_of(f)).collect();
        if roots.is_empty() {
            // No plan yet: the folder's own root when it is marked, so new files land there.
            let root = self.root_of(&folder);
            if root.join(CONFIG_FILE_NAME).is_file() {
                roots.push(root);
            }
        }
        roots.sort();
        roots.dedup();
        if roots.iter().any(|r| r.join(CONFIG_FILE_NAME).is_file()) {
            roots.retain(|r| r.join(CONFIG_FILE_NAME).is_file());
        }
        roots
    }

    /// The plan files of one root: what [`discover`] finds under it, less the files of other
    /// roots nested inside it (a folder below with its own `coord.toml`, say).
    pub fn files_of_root(&mut self, root: &Path) -> Result<Vec<PathBuf>, LoadError> {
        // A root without plan files of its own is no error here (its files may all belong to
        // nested roots, or be open buffers not yet saved).
        let files = find_plans(&[root.to_path_buf()], Require::Nothing)?;
        Ok(files
            .into_iter()
            .filter(|f| self.root_of(f) == root)
            .collect())
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Finds the plan files for the given paths: files as given, and every `.plan` file under each
/// directory (skipping hidden entries, `target/` and what `.gitignore` excludes), sorted by
/// path and without repeats. An empty `paths` means the current directory.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    find_plans(paths, Require::PlansInEachFolder)
}

/// Whether [`find_plans`] fails for a folder without plan files.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Require {
    /// `coord check DIR` on a folder without plans is an error (a wrong path, most likely).
    PlansInEachFolder,
    Nothing,
}

/// [`discover`], with an empty folder an error or not.
fn find_plans(paths: &[PathBuf], require: Require) -> Result<Vec<PathBuf>, LoadError> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut found = Vec::new();
    for root in paths {
        let meta = std::fs::metadata(root).map_err(|e| LoadError {
            path: display(root),
            message: io_message(&e),
        })?;
        if !meta.is_dir() {
            found.push(root.clone());
            continue;
        }
        let mut in_root = Vec::new();
        let mut links = Vec::new();
        let walker = walker(root, None).build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    // A loop or an unreadable folder is named, not fatal for the others.
                    let path = err_path(&err).unwrap_or_else(|| display(root));
                    return Err(LoadError {
                        path,
                        message: format!("cannot be read: {}", strip_path_prefix(&err.to_string())),
                    });
                }
            };
            if entry.path().extension().is_none_or(|x| x != "plan") {
                continue;
            }
            match entry.file_type() {
                Some(t) if t.is_file() => in_root.push(entry.into_path()),
                // A link named like a plan is checked where it points, and a broken one is an
                // error, not skipped: the user sees the file. Links to folders are not
                // followed (that is what keeps a link loop from hanging the walk).
                Some(t) if t.is_symlink() => match std::fs::metadata(entry.path()) {
                    Ok(m) if m.is_file() => links.push(entry.into_path()),
                    Ok(_) => {}
                    Err(e) => {
                        return Err(LoadError {
                            path: display(entry.path()),
                            message: broken_link_message(&e),
                        })
                    }
                },
                _ => {}
            }
        }
        if !links.is_empty() {
            // A link to a plan that is checked anyway (or linked twice) is checked once.
            let mut seen: std::collections::HashSet<PathBuf> = in_root
                .iter()
                .filter_map(|p| std::fs::canonicalize(p).ok())
                .collect();
            for link in links.drain(..) {
                if std::fs::canonicalize(&link).map_or(true, |target| seen.insert(target)) {
                    in_root.push(link);
                }
            }
        }
        if in_root.is_empty() && require == Require::PlansInEachFolder {
            return Err(LoadError {
                path: display(root),
                message: "no .plan files found in this directory".into(),
            });
        }
        found.extend(in_root);
    }
    // `a.plan` and `./a.plan` (from walking `.`) are one file.
    for path in &mut found {
        if path.components().any(|c| c == std::path::Component::CurDir) {
            *path = path
                .components()
                .filter(|c| *c != std::path::Component::CurDir)
                .collect();
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn broken_link_message(e: &std::io::Error) -> String {
    // ELOOP: the kernel gave up following links (a link to itself, or a cycle of links).
    const ELOOP: i32 = 40;
    match e.kind() {
        std::io::ErrorKind::NotFound => "is a symbolic link to a file that does not exist".into(),
        _ if cfg!(target_os = "linux") && e.raw_os_error() == Some(ELOOP) => {
            "is a symbolic link that leads back to itself (a loop of links)".into()
        }
        _ => format!("cannot be read: {}", io_message(e)),
    }
}

fn err_path(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(display(path)),
        ignore::Error::WithDepth { err, .. } => err_path(err),
        ignore::Error::Loop { child, .. } => Some(display(child)),
        _ => None,
    }
}

fn strip_path_prefix(message: &str) -> String {
    // ignore's messages look like "IO error for operation on PATH: Permission denied".
    message.rsplit(": ").next().unwrap_or(message).to_string()
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_lowercase()
        }
    }
}

/// The largest plan file read: positions are 32-bit, and a device such as `/dev/zero` given as
/// a path must not fill the memory.
pub const MAX_PLAN_BYTES: u64 = 256 << 20;

/// Reads a file as UTF-8, naming it in the error.
pub fn read_plan(path: &Path) -> Result<String, LoadError> {
    use std::io::Read;
    let cannot = |e: std::io::Error| LoadError {
        path: display(path),
        message: if path.is_dir() {
            "is a directory".into()
        } else {
            format!("cannot be read: {}", io_message(&e))
        },
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            let size = f.metadata().map_or(0, |m| m.len()).min(MAX_PLAN_BYTES + 1);
            bytes.reserve_exact(size as usize);
            f.take(MAX_PLAN_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_PLAN_BYTES {
        return Err(LoadError {
            path: display(path),
            message: format!(
                "is too large: over {} MB, more than a plan file may be; is it really a plan?",
                MAX_PLAN_BYTES >> 20
            ),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        LoadError {
            path: display(path),
            message: format!(
                "is not valid UTF-8 (invalid byte at offset {at}); plan files must be UTF-8"
            ),
        }
    })
}

/// Discovers and reads the plan files under `paths` into a parsed workspace.
pub fn load(paths: &[PathBuf]) -> Result<Workspace, LoadError> {
    let files = discover(paths)?;
    // Each file is read by the thread that parses it, so that reading overlaps parsing; the
    // sizes (from the folder entries, no reading) share the work out.
    let sized = files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
            (path, bytes)
        })
        .collect();
    Workspace::make_files(sized, |path: PathBuf, scratch| {
        let text = read_plan(&path)?;
        Ok(PlanFile::new_with(display(&path), text, scratch))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        dir
    }

    #[test]
    fn a_root_without_plans_of_its_own_has_no_files_but_checking_it_is_an_error() {
        let t = tree(&["coord.toml", "team/coord.toml", "team/a.plan"]);
        let files = RootFinder::new().files_of_root(t.path()).unwrap();
        assert!(files.is_empty(), "{files:?}");
        let empty = tree(&["coord.toml"]);
        assert!(RootFinder::new()
            .files_of_root(empty.path())
            .unwrap()
            .is_empty());
        let e = discover(&[empty.path().to_path_buf()]).unwrap_err();
        assert_eq!(e.path, display(empty.path()));
    }

    #[test]
    fn the_root_is_the_nearest_coord_toml_even_above_a_git_folder() {
        let t = tree(&["coord.toml", "repo/.git/HEAD", "repo/plans/a.plan"]);
        let root = RootFinder::new().root_of(&t.path().join("repo/plans/a.plan"));
        assert_eq!(root, t.path());
    }

    #[test]
    fn without_coord_toml_the_root_is_the_nearest_git_folder() {
        let t = tree(&[
            "repo/.git/HEAD",
            "repo/plans/deep/a.plan",
            "repo/plans/b.plan",
        ]);
        let mut finder = RootFinder::new();
        let root = finder.root_of(&t.path().join("repo/plans/deep/a.plan"));
        assert_eq!(root, t.path().join("repo"));
        // `.git` as a file (a worktree) counts too.
        let t = tree(&["wt/.git", "wt/x/a.plan"]);
        assert_eq!(
            RootFinder::new().root_of(&t.path().join("wt/x/a.plan")),
            t.path().join("wt")
        );
    }

    #[test]
    fn without_markers_the_root_is_the_highest_folder_of_plans_walking_up() {
        let t = tree(&[
            "acme/org.plan",
            "acme/teams/platform.plan",
            "acme/teams/deep/x.plan",
            "acme/notes/readme.txt",
        ]);
        let mut finder = RootFinder::new();
        let acme = t.path().join("acme");
        assert_eq!(finder.root_of(&acme.join("teams/platform.plan")), acme);
        assert_eq!(finder.root_of(&acme.join("teams/deep/x.plan")), acme);
        assert_eq!(finder.root_of(&acme.join("org.plan")), acme);
        // A folder without plans stops the walk: a file under it roots at its own folder.
        let t = tree(&["top/a.plan", "top/empty/sub/b.plan"]);
        assert_eq!(
            RootFinder::new().root_of(&t.path().join("top/empty/sub/b.plan")),
            t.path().join("top/empty/sub")
        );
    }

    #[test]
    fn a_folder_contributes_its_coord_toml_roots_and_a_root_owns_no_nested_root() {
        let t = tree(&[
            "repo/.git/HEAD",
            "repo/examples/acme/coord.toml",
            "repo/examples/acme/org.plan",
            "repo/examples/acme/teams/platform.plan",
            "repo/examples/showcase/coord.toml",
            "repo/examples/showcase/n.plan",
            "repo/tests/fixtures/bad.plan",
            "repo/target/built.plan",
            "repo/.hidden/h.plan",
        ]);
        let repo = t.path().join("repo");
        let mut finder = RootFinder::new();
        assert_eq!(
            finder.roots_in_folder(&repo),
            [repo.join("examples/acme"), repo.join("examples/showcase")]
        );
        // A folder inside a root (a client's too-low root) stands for that root.
        assert_eq!(
            finder.roots_in_folder(&repo.join("examples/acme/teams")),
            [repo.join("examples/acme")]
        );
        // The fixture's root is the repository, which does not own the examples.
        assert_eq!(finder.root_of(&repo.join("tests/fixtures/bad.plan")), repo);
        assert_eq!(
            finder.files_of_root(&repo).unwrap(),
            [repo.join("tests/fixtures/bad.plan")]
        );
        assert_eq!(
            finder
                .files_of_root(&repo.join("examples/acme"))
                .unwrap()
                .len(),
            2
        );
        // Without coord.toml anywhere, the folder stands for the roots of its files.
        let t = tree(&["plans/a.plan", "plans/teams/b.plan"]);
        assert_eq!(
            RootFinder::new().roots_in_folder(&t.path().join("plans/teams")),
            [t.path().join("plans")]
        );
    }

    #[test]
    fn is_discovered_agrees_with_discover() {
        let t = tree(&[
            "root/a.plan",
            "root/sub/b.plan",
            "root/target/c.plan",
            "root/.hidden/d.plan",
            "root/ignored/e.plan",
            "root/sub/skip.plan",
        ]);
        let root = t.path().join("root");
        std::fs::write(root.join(".gitignore"), "ignored/\nskip.plan\n").unwrap();
        let found = discover(std::slice::from_ref(&root)).unwrap();
        for f in [
            "a.plan",
            "sub/b.plan",
            "target/c.plan",
            ".hidden/d.plan",
            "ignored/e.plan",
            "sub/skip.plan",
        ] {
            let path = root.join(f);
            assert_eq!(
                is_discovered(&path, &root),
                found.contains(&path),
                "{f}: discover found {found:?}"
            );
        }
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn loading_on_several_threads_reports_the_first_failing_file_in_path_order() {
        // Large enough to be read and parsed on several threads; the largest file, taken
        // first, fails after the first failing one in path order.
        let dir = tempfile::tempdir().unwrap();
        let plan = "person p { name: \"P\" }\n".repeat(8_000);
        for name in ["a.plan", "c.plan", "e.plan"] {
            std::fs::write(dir.path().join(name), &plan).unwrap();
        }
        let mut bad = plan.clone().into_bytes();
        bad.push(0xff);
        std::fs::write(dir.path().join("b.plan"), &bad).unwrap();
        bad.extend_from_slice(plan.as_bytes());
        std::fs::write(dir.path().join("d.plan"), &bad).unwrap();
        for _ in 0..5 {
            let e = load(&[dir.path().to_path_buf()]).unwrap_err();
            assert_eq!(e.path, display(&dir.path().join("b.plan")), "{e}");
            assert!(e.message.contains("not valid UTF-8"), "{e}");
        }
        std::fs::remove_file(dir.path().join("b.plan")).unwrap();
        std::fs::remove_file(dir.path().join("d.plan")).unwrap();
        let ws = load(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<&str> = ws
            .files
            .iter()
            .map(|f| &f.path[f.path.len() - 6..])
            .collect();
        assert_eq!(names, ["a.plan", "c.plan", "e.plan"]);
        assert!(ws.files.iter().all(|f| f.text.len() == plan.len()));
    }

    #[test]
    fn columns_in_chars_and_utf16() {
        let f = PlanFile::new("a.plan".into(), "person é😀x\r\nteam t".into());
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col_chars(x), (0, 9));
        assert_eq!(f.line_col_encoded(x, Some(WideEncoding::Utf16)), (0, 10));
        assert_eq!(f.line_col_encoded(x, None), (0, 13));
        assert_eq!(f.offset_of(0, 10, Some(WideEncoding::Utf16)), x);
        assert_eq!(
            f.offset_of(0, 99, Some(WideEncoding::Utf16)),
            f.text.find('\r').unwrap()
        );
        assert_eq!(f.offset_of(1, 0, None), f.text.find("team").unwrap());
        assert_eq!(f.offset_of(7, 0, None), f.text.len());
    }
}
