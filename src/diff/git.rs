//! The two sides of `coord diff`: a git revision's plan files (read with the `git` command, in
//! memory — nothing is checked out or written), the working tree, or a folder.
//!
//! Why the `git` command and not a library such as `gix`: every machine that has a repository
//! to review has `git`, it understands every repository layout (worktrees, sparse checkouts,
//! partial clones, `.git` files), and the two commands used (`ls-tree`, `cat-file --batch`) are
//! stable plumbing; a library would add some hundred crates to build for two reads.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::config::Config;
use crate::workspace::{self, Workspace};

/// Why a side could not be loaded, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideError(pub String);

impl std::fmt::Display for SideError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One side of a diff, loaded.
pub struct Side {
    /// How the side is named in the output (`main`, `HEAD`, `the working tree`, a folder).
    pub label: String,
    pub ws: Workspace,
    pub config: Config,
}

fn git(repo: &Path, args: &[&str]) -> Result<String, SideError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            SideError(format!(
                "could not run `git` ({e}); `coord diff` between revisions needs git on the PATH"
            ))
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(SideError(format!(
            "`git {}` failed: {}",
            args.join(" "),
            err.trim()
        )));
    }
    String::from_utf8(out.stdout).map_err(|_| {
        SideError(format!(
            "`git {}` printed text that is not UTF-8",
            args.join(" ")
        ))
    })
}

/// The repository's top folder, or why `dir` is not in a repository.
pub fn repo_root(dir: &Path) -> Result<PathBuf, SideError> {
    git(dir, &["rev-parse", "--show-toplevel"])
        .map(|s| PathBuf::from(s.trim_end()))
        .map_err(|_| {
            SideError(format!(
                "{} is not inside a git repository: give two folders to compare instead, as in `coord diff old/ new/`",
                dir.display()
            ))
        })
}

/// Whether `rev` names a commit of the repository.
pub fn is_revision(repo: &Path, rev: &str) -> bool {
    !rev.starts_with('-')
        && git(
            repo,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
        )
        .is_ok()
}

/// The revision to compare with when none is given: where the current branch left the default
/// branch (`origin/HEAD`, else `main` or `master`), or `HEAD` on the default branch itself.
pub fn default_base(repo: &Path) -> String {
    let mut candidates = Vec::new();
    if let Ok(r) = git(
        repo,
        &["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"],
    ) {
        candidates.push(r.trim().to_string());
    }
    candidates.extend(["main", "master", "origin/main", "origin/master"].map(String::from));
    for branch in candidates {
        if !is_revision(repo, &branch) {
            continue;
        }
        if let Ok(base) = git(repo, &["merge-base", "HEAD", &branch]) {
            let base = base.trim().to_string();
            let head = git(repo, &["rev-parse", "HEAD"]).unwrap_or_default();
            if base == head.trim() {
                return "HEAD".into();
            }
            return base;
        }
    }
    "HEAD".into()
}

/// Whether a path inside the tree is a plan file discovery would take (no hidden part, no
/// `target/` folder).
fn discoverable(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    path.ends_with(".plan") && parts.iter().all(|p| !p.starts_with('.') && *p != "target")
}

/// The plan files of revision `rev` under `scope` (paths relative to the repository's top
/// folder; empty: the whole repository), read in memory, and the `coord.toml` that applies.
pub fn load_revision(repo: &Path, rev: &str, scope: &[String]) -> Result<Side, SideError> {
    if !is_revision(repo, rev) {
        return Err(SideError(format!(
            "`{rev}` is not a revision of the repository at {}: give a branch, tag or commit (see `git log`)",
            repo.display()
        )));
    }
    let mut args = vec![
        "ls-tree",
        "-r",
        "-z",
        "--full-name",
        "--name-only",
        rev,
        "--",
    ];
    let scope_args: Vec<String> = scope.to_vec();
    args.extend(scope_args.iter().map(String::as_str));
    let listing = git(repo, &args)?;
    let paths: Vec<&str> = listing
        .split('\0')
        .filter(|p| !p.is_empty() && discoverable(p))
        .collect();
    // The configuration: the nearest coord.toml at or above the first scope folder.
    let mut config_paths = Vec::new();
    let first = scope.first().map(String::as_str).unwrap_or("");
    let mut dir = first.trim_end_matches('/').to_string();
    if dir.ends_with(".plan") {
        dir = dir
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_string());
    }
    loop {
        config_paths.push(if dir.is_empty() {
            "coord.toml".to_string()
        } else {
            format!("{dir}/coord.toml")
        });
        match dir.rsplit_once('/') {
            Some((parent, _)) => dir = parent.to_string(),
            None if !dir.is_empty() => dir.clear(),
            None => break,
        }
    }
    let mut wanted: Vec<String> = paths.iter().map(|p| format!("{rev}:{p}")).collect();
    wanted.extend(config_paths.iter().map(|p| format!("{rev}:{p}")));
    let blobs = cat_files(repo, &wanted)?;
    let mut sources = Vec::new();
    for (path, blob) in paths.iter().zip(&blobs) {
        let Some(bytes) = blob else { continue };
        let text = String::from_utf8(bytes.clone()).map_err(|_| {
            SideError(format!(
                "{rev}:{path} is not UTF-8 text; plan files must be UTF-8"
            ))
        })?;
        sources.push((path.to_string(), text));
    }
    let mut config = Config::default();
    for (path, blob) in config_paths.iter().zip(&blobs[paths.len()..]) {
        if let Some(bytes) = blob {
            let text = String::from_utf8_lossy(bytes);
            config = Config::parse(&text, &format!("{rev}:{path}"))
                .map_err(|e| SideError(e.to_string()))?;
            break;
        }
    }
    Ok(Side {
        label: rev.to_string(),
        ws: Workspace::from_texts(sources),
        config,
    })
}

/// Reads objects with one `git cat-file --batch`; `None` for those that do not exist.
fn cat_files(repo: &Path, objects: &[String]) -> Result<Vec<Option<Vec<u8>>>, SideError> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| SideError(format!("could not run `git cat-file` ({e})")))?;
    let mut stdin = child.stdin.take().expect("piped");
    let input: String = objects.iter().map(|o| format!("{o}\n")).collect();
    // Write from another thread so a large answer cannot block the writer.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut reader = BufReader::new(child.stdout.take().expect("piped"));
    let mut out = Vec::with_capacity(objects.len());
    for object in objects {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| SideError(format!("reading `git cat-file`: {e}")))?;
        if header.trim_end().ends_with("missing") || header.is_empty() {
            out.push(None);
            continue;
        }
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| {
                SideError(format!(
                    "unexpected answer from `git cat-file` for {object}"
                ))
            })?;
        if size as u64 > workspace::MAX_PLAN_BYTES {
            return Err(SideError(format!("{object} is larger than a plan may be")));
        }
        let mut blob = vec![0; size + 1];
        reader
            .read_exact(&mut blob)
            .map_err(|e| SideError(format!("reading `git cat-file`: {e}")))?;
        blob.pop(); // the newline after each object
        out.push(Some(blob));
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}

/// A folder (or the working tree) as a side: exactly what `coord check PATH...` reads.
pub fn load_folder(label: &str, paths: &[PathBuf]) -> Result<Side, SideError> {
    let ws = workspace::load(paths).map_err(|e| SideError(e.to_string()))?;
    let start = paths.first().map_or(Path::new("."), PathBuf::as_path);
    let config = Config::discover(start).map_err(|e| SideError(e.to_string()))?;
    Ok(Side {
        label: label.to_string(),
        ws,
        config,
    })
}
