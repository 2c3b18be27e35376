//! One analysis run of the language server: the files it runs on ([`Copy`]: a copy made
//! already, or the newest snapshot's files with the changed ones put in), the [`Job`] that
//! runs it off the async workers, and what it gives back ([`Finished`]).

use super::*;

/// The files an analysis runs on: a copy made already, or the newest snapshot's files to copy
/// (off the lock) with the files changed since put in.
pub(super) enum Copy {
    Ready(Box<Files>),
    Patch {
        base: Arc<Snapshot>,
        changed: Vec<(usize, Uri, Arc<PlanFile>, u64)>,
        encoding: Option<WideEncoding>,
    },
}

impl Copy {
    pub(super) fn into_files(self) -> Files {
        match self {
            Copy::Ready(files) => *files,
            Copy::Patch {
                base,
                changed,
                encoding,
            } => {
                let mut files = base.files.clone();
                drop(base);
                for (i, uri, file, rev) in changed {
                    files.host.workspace_mut().files[i] = file;
                    files.uris[i] = uri;
                    files.revs[i] = rev;
                }
                files.encoding = encoding;
                files
            }
        }
    }
}

/// The analysis of one project's files, to run off the server's async workers.
pub struct Job {
    pub(super) project: u64,
    pub(super) rev: u64,
    pub(super) root: Option<PathBuf>,
    pub(super) files: Copy,
    pub(super) file_count: usize,
    pub(super) versions: Vec<Option<i32>>,
    pub(super) config: Config,
    pub(super) today: Date,
}

/// A finished [`Job`]: the new snapshot, or the panic's message.
pub struct Finished {
    pub(super) project: u64,
    pub(super) rev: u64,
    pub(super) result: Result<Snapshot, String>,
}

impl Job {
    /// The project and revision it analyses.
    pub fn id(&self) -> (u64, u64) {
        (self.project, self.rev)
    }

    /// The number of files to analyse.
    pub fn file_count(&self) -> usize {
        self.file_count
    }

    /// Analyses the files (a panic is caught and returned as its message).
    pub fn run(self) -> Finished {
        let Job {
            project,
            rev,
            root,
            files,
            versions,
            config,
            today,
            ..
        } = self;
        let result = catch_unwind(AssertUnwindSafe(move || {
            let mut files = files.into_files();
            files.host.set_config(config);
            files.host.set_today(Some(today));
            let analysis = files.host.analyze();
            Snapshot {
                root,
                files,
                analysis,
                rev,
                versions,
            }
        }))
        .map_err(crate::lsp::server::panic_message);
        Finished {
            project,
            rev,
            result,
        }
    }
}

impl Finished {
    /// A job that did not finish (its task was lost), with why.
    pub fn abandoned((project, rev): (u64, u64), why: String) -> Finished {
        Finished {
            project,
            rev,
            result: Err(why),
        }
    }

    /// What went wrong, when the analysis panicked.
    pub fn panic(&self) -> Option<&str> {
        self.result.as_ref().err().map(String::as_str)
    }
}
