//! `coord fmt`: rewrite plan files in the canonical layout (see `grammar/README.md`).
//!
//! Files are found like `coord check` finds them. A file with syntax errors is never
//! rewritten. Every write is atomic: the new text goes to a hidden temporary file in the same
//! folder, is flushed to disk, and is renamed over the old file, so an interrupted run leaves
//! either the old file or the new one.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{fail, EXIT_FINDINGS, EXIT_OK};
use crate::fmt::{format, FormatError, Formatter};
use crate::workspace::{discover, io_message, read_plan, LoadError};

#[derive(clap::Args)]
pub struct FmtArgs {
    /// Files or folders to format (every .plan file under a folder); `-` formats standard
    /// input to standard output. Default: the current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Change nothing: list the files that are not formatted, and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: FmtArgs) -> ExitCode {
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin {
        if args.paths.len() > 1 {
            return fail("`-` (standard input) cannot be combined with other paths");
        }
        return run_stdin(args.check);
    }
    let files = match discover(&args.paths) {
        Ok(files) => files,
        Err(e) => return fail(e),
    };
    // Every file is read and formatted before anything is written or printed: an unreadable
    // file stops the run (at the first one in order) before anything is written.
    let done = format_all(&files, args.check);
    if let Some(e) = done.iter().find_map(|d| match d {
        Done::Unreadable(e) => Some(e),
        _ => None,
    }) {
        return fail(e);
    }
    // The new texts are written beside their files and flushed to disk all at once (the
    // flushes wait on the disk, not the processor), then renamed over them in order.
    let mut staged = if args.check {
        Vec::new()
    } else {
        stage_all(&files, &done)
    }
    .into_iter();
    let mut renamed_in: Vec<PathBuf> = Vec::new();
    let mut status = EXIT_OK;
    let mut out = std::io::stdout().lock();
    for (path, done) in files.iter().zip(&done) {
        let Done::Read(outcome) = done else {
            continue;
        };
        let shown = display(path);
        match outcome {
            Outcome::Unchanged => continue,
            Outcome::Failed(message) => {
                eprintln!("{message}");
                status = EXIT_FINDINGS;
                continue;
            }
            Outcome::Changed(_) => {}
        }
        if args.check {
            let _ = writeln!(out, "{shown}");
            status = EXIT_FINDINGS;
            continue;
        }
        let written = match staged.next() {
            Some(Ok(file)) => file.rename().map(|()| file.dir),
            Some(Err(e)) => Err(e),
            None => Err(std::io::Error::other("the new text was not written")),
        };
        match written {
            Ok(dir) => {
                if !renamed_in.contains(&dir) {
                    renamed_in.push(dir);
                }
            }
            Err(e) => {
                staged.flatten().for_each(Staged::discard);
                sync_dirs(&renamed_in);
                let _ = out.flush();
                return fail(format_args!(
                    "{shown}: cannot be written: {}",
                    io_message(&e)
                ));
            }
        }
        let _ = writeln!(out, "{shown}");
    }
    sync_dirs(&renamed_in);
    let _ = out.flush();
    // The process ends here: the new texts are left for the operating system to free.
    std::mem::forget(done);
    ExitCode::from(status)
}

/// A file read and formatted, or why it could not be read.
enum Done {
    Read(Outcome),
    Unreadable(LoadError),
}

/// What formatting one file gave.
enum Outcome {
    Unchanged,
    /// The new text (empty when only checking: it is not needed).
    Changed(String),
    /// Why not, with where (`path:line:col: message`).
    Failed(String),
}

/// Reads and formats (or, when `check`, only checks) the files, on as many threads as there
/// are cores (up to 8), each thread keeping one formatter's memory for all of its files; the
/// results are in the order of the files.
fn format_all(files: &[PathBuf], check: bool) -> Vec<Done> {
    let threads = crate::cores::available();
    in_parallel(files, threads, Formatter::default, |formatter, path| {
        // The text itself is not kept: only what formatting it gave.
        let text = match read_plan(path) {
            Ok(text) => text,
            Err(e) => return Done::Unreadable(e),
        };
        let outcome = if check {
            match formatter.is_formatted(&text) {
                Ok(true) => Outcome::Unchanged,
                Ok(false) => Outcome::Changed(String::new()),
                Err(e) => Outcome::Failed(located(&display(path), &text, &e)),
            }
        } else {
            match formatter.format(&text) {
                Ok(f) if f == text => Outcome::Unchanged,
                Ok(f) => Outcome::Changed(f),
                Err(e) => Outcome::Failed(located(&display(path), &text, &e)),
            }
        };
        Done::Read(outcome)
    })
}

/// Writes the new text of every file that changed beside it, flushed to disk (see
/// [`stage`]), in the order of the files; several at a time, since each waits on the disk.
fn stage_all(files: &[PathBuf], done: &[Done]) -> Vec<std::io::Result<Staged>> {
    let changed: Vec<(&PathBuf, &str)> = files
        .iter()
        .zip(done)
        .filter_map(|(path, d)| match d {
            Done::Read(Outcome::Changed(text)) => Some((path, text.as_str())),
            _ => None,
        })
        .collect();
    in_parallel(
        &changed,
        8,
        || (),
        |(), (path, text)| stage(path, text.as_bytes()),
    )
}

/// `work` applied to each item, on up to `threads` threads (at most 8), each thread taking
/// the next item not yet taken, with its own `state`; the results are in the order of the
/// items.
fn in_parallel<T: Sync, S, R: Send>(
    items: &[T],
    threads: usize,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.min(8).min(items.len());
    if threads < 2 {
        let mut state = state();
        return items.iter().map(|item| work(&mut state, item)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<R>> = Vec::new();
    slots.resize_with(items.len(), || None);
    let done: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut state = state();
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            // Its memory is left for the operating system, as the rest.
                            std::mem::forget(state);
                            return done;
                        };
                        done.push((i, work(&mut state, item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    for (i, r) in done.into_iter().flatten() {
        slots[i] = Some(r);
    }
    slots.into_iter().flatten().collect()
}

fn run_stdin(check: bool) -> ExitCode {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut bytes) {
        return fail(format_args!("<stdin>: cannot be read: {}", io_message(&e)));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            return fail(format_args!(
                "<stdin>: is not valid UTF-8 (invalid byte at offset {at}); plan files must be UTF-8"
            ));
        }
    };
    if check {
        return match Formatter::default().is_formatted(&text) {
            Ok(true) => ExitCode::from(EXIT_OK),
            Ok(false) => {
                println!("<stdin>");
                ExitCode::from(EXIT_FINDINGS)
            }
            Err(e) => {
                eprintln!("{}", located("<stdin>", &text, &e));
                ExitCode::from(EXIT_FINDINGS)
            }
        };
    }
    match format(&text) {
        Ok(formatted) => {
            let mut out = std::io::stdout().lock();
            match out
                .write_all(formatted.as_bytes())
                .and_then(|()| out.flush())
            {
                Ok(()) => ExitCode::from(EXIT_OK),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_OK),
                Err(e) => fail(format_args!(
                    "standard output cannot be written: {}",
                    io_message(&e)
                )),
            }
        }
        Err(e) => {
            eprintln!("{}", located("<stdin>", &text, &e));
            ExitCode::from(EXIT_FINDINGS)
        }
    }
}

fn display(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./")
        .map(str::to_string)
        .unwrap_or_else(|| s.into_owned())
}

/// `path:line:col: message`, 1-based, columns in characters.
fn located(path: &str, text: &str, e: &FormatError) -> String {
    let mut at = e.span.start().min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let col = before[line_start..]
        .trim_start_matches('\u{feff}')
        .chars()
        .count()
        + 1;
    format!("{path}:{line}:{col}: {}", e.message)
}

/// A file's new text, written beside it and flushed to disk, to be renamed over it.
struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    dir: PathBuf,
}

impl Staged {
    /// Renames the new text over the file (removing it if that fails).
    fn rename(&self) -> std::io::Result<()> {
        std::fs::rename(&self.tmp, &self.target).inspect_err(|_| {
            let _ = std::fs::remove_file(&self.tmp);
        })
    }

    /// Removes the new text, leaving the file as it was.
    fn discard(self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// Writes `contents` to a temporary file beside the file at `path`, flushed to disk and with
/// the file's permissions: renamed over the file, it replaces it so that readers see the old
/// file or the new one, never a mix.
fn stage(path: &Path, contents: &[u8]) -> std::io::Result<Staged> {
    // Write through symbolic links to the file they name.
    let target = std::fs::canonicalize(path)?;
    let dir = target.parent().unwrap_or(Path::new(".")).to_path_buf();
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let permissions = std::fs::metadata(&target)?.permissions();
    if permissions.readonly() {
        // Renaming over it would work, but a read-only file says "do not change me".
        return Err(std::io::Error::other(
            "the file is read-only; make it writable to format it",
        ));
    }
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let candidate = dir.join(format!(
            ".{name}.coord-fmt-{}-{attempt}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(f) => break (candidate, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1
            }
            Err(e) => return Err(e),
        }
    };
    let result = (|| {
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        std::fs::set_permissions(&tmp, permissions)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(Staged { tmp, target, dir })
}

/// Makes the renames in these folders durable (best effort: not every platform can open a
/// folder).
fn sync_dirs(dirs: &[PathBuf]) {
    for dir in dirs {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files are written several at a time, but renamed in order: when one cannot be written,
    /// the files before it are formatted, the ones after it are left as they were, and no
    /// temporary file is left behind.
    #[test]
    fn a_file_that_cannot_be_written_stops_the_run_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let ugly = "person a {role \"x\"}\n";
        let pretty = "person a {\n  role \"x\"\n}\n";
        let names = ["a.plan", "b.plan", "c.plan", "d.plan"];
        for name in names {
            std::fs::write(dir.path().join(name), ugly).unwrap();
        }
        let locked = dir.path().join("b.plan");
        let mut perms = std::fs::metadata(&locked).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&locked, perms).unwrap();
        let code = run(FmtArgs {
            paths: vec![dir.path().to_path_buf()],
            check: false,
        });
        assert_eq!(code, ExitCode::from(crate::cli::EXIT_USAGE));
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(read("a.plan"), pretty);
        for name in &names[1..] {
            assert_eq!(read(name), ugly, "{name}");
        }
        let mut listing: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        listing.sort();
        assert_eq!(listing, names);
    }
}
