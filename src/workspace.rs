//! The workspace: which plan files there are, their text, their parse, and position conversion.

use std::path::{Path, PathBuf};

use line_index::{LineIndex, TextSize, WideEncoding, WideLineCol};

use crate::syntax::{self, Span};

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
    pub text: String,
    pub syntax: syntax::SourceFile,
    pub line_index: LineIndex,
}

impl PlanFile {
    pub fn new(path: String, text: String) -> PlanFile {
        let syntax = syntax::parse(&text);
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
    pub files: Vec<PlanFile>,
}

impl Workspace {
    /// Parses `(path, text)` pairs, in parallel when there are several, keeping their order.
    pub fn from_texts(sources: Vec<(String, String)>) -> Workspace {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        if sources.len() < 2 || threads < 2 {
            let files = sources
                .into_iter()
                .map(|(p, t)| PlanFile::new(p, t))
                .collect();
            return Workspace { files };
        }
        let mut slots: Vec<Option<PlanFile>> = Vec::new();
        slots.resize_with(sources.len(), || None);
        let mut work: Vec<(usize, (String, String))> = sources.into_iter().enumerate().collect();
        // Largest first, handed out round-robin, so the threads finish together.
        work.sort_by_key(|(_, (_, t))| std::cmp::Reverse(t.len()));
        let mut buckets: Vec<Vec<(usize, (String, String))>> =
            (0..threads).map(|_| Vec::new()).collect();
        for (i, w) in work.into_iter().enumerate() {
            buckets[i % threads].push(w);
        }
        let parsed: Vec<Vec<(usize, PlanFile)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = buckets
                .into_iter()
                .map(|bucket| {
                    scope.spawn(move || {
                        bucket
                            .into_iter()
                            .map(|(i, (p, t))| (i, PlanFile::new(p, t)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for (i, f) in parsed.into_iter().flatten() {
            slots[i] = Some(f);
        }
        Workspace {
            files: slots.into_iter().flatten().collect(),
        }
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

/// Finds the plan files for the given paths: files as given, and every `.plan` file under each
/// directory (skipping hidden entries, `target/` and what `.gitignore` excludes), sorted by
/// path and without repeats. An empty `paths` means the current directory.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
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
        let walker = ignore::WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(false)
            .require_git(false)
            .ignore(false)
            .parents(true)
            .follow_links(false)
            .filter_entry(|e| {
                !(e.file_type().is_some_and(|t| t.is_dir()) && e.file_name() == "target")
            })
            .build();
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
        if in_root.is_empty() {
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
    let mut sources = Vec::with_capacity(files.len());
    for path in &files {
        sources.push((display(path), read_plan(path)?));
    }
    Ok(Workspace::from_texts(sources))
}

#[cfg(test)]
mod tests {
    use super::*;

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
