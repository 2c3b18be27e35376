//! One analysis run of the language server: the files it runs on ([`Copy`]: a copy made
//! already, or the newest snapshot's files with the changed ones put in), the [`Job`] that
//! runs it off the async workers, and what it gives back ([`Finished`]); and the state's side
//! of it: which jobs to run, edits followed in place instead, a finished job installed.

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
    /// The bytes of plan text it analyses.
    pub(super) bytes: usize,
    pub(super) versions: Vec<Option<i32>>,
    pub(super) config: Config,
    pub(super) today: Date,
    /// The analysis it replaces, withdrawn from the newest snapshot: to update, or to free
    /// before the new one is built.
    pub(super) withdrawn: Option<Withdrawn>,
}

/// An analysis a [`Job`] took from the newest snapshot (requests wait for the job meanwhile).
pub(super) enum Withdrawn {
    /// To bring up to date ([`Host::update`]): the edits since keep every changed file's
    /// definitions. With the inputs it is the analysis of.
    ToUpdate { base: Box<Host>, analysis: Analysis },
    /// To free before the new analysis is built, on a large project (see [`WITHDRAW_ABOVE`]).
    ToFree(Analysis),
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

    /// The bytes of plan text to analyse.
    pub fn bytes(&self) -> usize {
        self.bytes
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
            withdrawn,
            ..
        } = self;
        let result = catch_unwind(AssertUnwindSafe(move || {
            let previous = match withdrawn {
                Some(Withdrawn::ToUpdate { base, analysis }) => Some((base, analysis)),
                // Freed first, so that the new analysis takes its place in memory.
                Some(Withdrawn::ToFree(analysis)) => {
                    drop(analysis);
                    None
                }
                None => None,
            };
            let mut files = files.into_files();
            files.host.set_config(config);
            files.host.set_today(Some(today));
            let analysis = match previous {
                Some((base, previous)) => files.host.reanalyze(&base, previous),
                None => files.host.analyze(),
            };
            Snapshot {
                root,
                files,
                analysis: Some(analysis),
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

/// Running analyses: handing out jobs, following edits in place, and installing what a job
/// found.
impl State {
    /// The analyses to run now: one per project that changed since its newest analysis and
    /// is not being analysed already (none before the workspace is indexed). Each job holds
    /// its own copy of the files, so edits go on while it runs.
    pub fn take_jobs(&mut self) -> Vec<Job> {
        if !self.indexed {
            return Vec::new();
        }
        let today = self.today.unwrap_or_else(analysis::today);
        // An older analysis no request reads is freed before a new one is built.
        self.reclaim_retired();
        let mut jobs = Vec::new();
        for at in 0..self.projects.len() {
            let p = &self.projects[at];
            if p.analysing || p.loading || !p.has_work() {
                continue;
            }
            if let Some(publish) = self.follow_edits(at, today) {
                self.followed.get_or_insert_with(Vec::new).extend(publish);
                continue;
            }
            let withdraw_above = self.withdraw_above;
            let p = &mut self.projects[at];
            let bytes: usize = p.files.ws().files.iter().map(|f| f.text.len()).sum();
            let mut next = p.files.host.clone();
            next.set_today(Some(today));
            next.set_config(p.config().clone());
            let (layout, failed_rev) = (p.files.layout, p.failed_rev);
            let updatable = |s: &Snapshot| {
                s.files.layout == layout && failed_rev <= s.rev && next.can_update(&s.files.host)
            };
            // The newest analysis, when no request reads it: updated when the edits since
            // allow, else freed first on a large project.
            let withdrawn = match Arc::get_mut(&mut p.snapshot) {
                Some(s) if s.analysis.is_some() && updatable(s) => {
                    s.analysis.take().map(|analysis| Withdrawn::ToUpdate {
                        base: Box::new(s.files.host.clone()),
                        analysis,
                    })
                }
                Some(s) if bytes > withdraw_above => s.analysis.take().map(Withdrawn::ToFree),
                _ => None,
            };
            let files = p.copy_for_analysis();
            let versions = p
                .files
                .ws()
                .files
                .iter()
                .map(|f| self.open.get(&f.path).copied())
                .collect();
            p.analysing = true;
            jobs.push(Job {
                project: p.id,
                rev: p.rev,
                root: p.root.clone(),
                files,
                file_count: p.files.ws().files.len(),
                bytes,
                versions,
                config: p.config().clone(),
                today,
                withdrawn,
            });
        }
        self.publishing |= !jobs.is_empty() || self.followed.is_some();
        jobs
    }

    /// Moves project `at`'s newest analysis with the edits made since, in place, when no
    /// request holds it and that certainly gives what a new analysis would (only texts changed,
    /// and only in what no finding depends on: see [`Host::follow_edits`]); then returns what
    /// to publish. It costs a pass over the analysis's spans instead of a new analysis.
    fn follow_edits(&mut self, at: usize, today: Date) -> Option<Publish> {
        let p = &mut self.projects[at];
        let s = Arc::get_mut(&mut p.snapshot)?;
        if s.files.layout != p.files.layout || p.failed_rev > s.rev {
            return None;
        }
        let analysis = s.analysis.as_mut()?;
        let mut next = p.files.clone();
        next.host.set_today(Some(today));
        if !next.host.follow_edits(&s.files.host, analysis) {
            return None;
        }
        s.versions = next
            .ws()
            .files
            .iter()
            .map(|f| self.open.get(&f.path).copied())
            .collect();
        s.files = next;
        s.rev = p.rev;
        self.analyses += 1;
        self.followed_analyses += 1;
        let (id, snapshot) = (p.id, p.snapshot.clone());
        let mut out = self.changed_diagnostics(id, &snapshot);
        out.extend(self.clear_orphans(Some((id, &snapshot))));
        Some(out)
    }

    /// What to publish after the analyses [`State::take_jobs`] followed in place; `None` when
    /// it followed none.
    pub fn take_followed(&mut self) -> Option<Publish> {
        self.followed.take()
    }

    /// Puts a finished analysis in place and returns what to publish: the diagnostics of
    /// every file of its project whose diagnostics, text or version changed since they were
    /// last published (the documents whose version changed first), and an empty list for
    /// files that left the workspace.
    pub fn install(&mut self, finished: Finished) -> Publish {
        let Some(at) = self.projects.iter().position(|p| p.id == finished.project) else {
            return self.clear_orphans(None);
        };
        let p = &mut self.projects[at];
        p.analysing = false;
        match finished.result {
            Ok(mut snapshot) => {
                self.analyses += 1;
                if let Some(analysis) = snapshot.analysis.as_mut() {
                    let discarded = analysis.take_discarded();
                    if !discarded.is_empty() {
                        self.discarded.push(discarded);
                    }
                }
                let old = std::mem::replace(&mut p.snapshot, Arc::new(snapshot));
                retire(p, old, &mut self.garbage);
            }
            Err(_) => {
                p.failed_rev = p.failed_rev.max(finished.rev);
                return Vec::new();
            }
        }
        let snapshot = p.snapshot.clone();
        let project = p.id;
        let mut out = self.changed_diagnostics(project, &snapshot);
        out.extend(self.clear_orphans(Some((project, &snapshot))));
        out
    }

    /// The analyses replaced since the last call, for the caller to free outside the lock
    /// (freeing a large analysis takes a while).
    pub fn take_garbage(&mut self) -> Vec<Analysis> {
        std::mem::take(&mut self.garbage)
    }

    /// What the analyses installed since the last call no longer hold, for the caller to free
    /// outside the lock, after publishing.
    pub fn take_discarded(&mut self) -> Vec<Vec<crate::diagnostic::Diagnostic>> {
        std::mem::take(&mut self.discarded)
    }

    /// Whether `snapshot` is a project's older snapshot, kept only while requests read it.
    pub fn is_retired(&self, snapshot: &Arc<Snapshot>) -> bool {
        self.projects
            .iter()
            .any(|p| p.retired.as_ref().is_some_and(|r| Arc::ptr_eq(r, snapshot)))
    }

    /// Takes back the older snapshots no request reads any more: their files become the next
    /// analysis's copy and their analyses garbage (see [`State::take_garbage`]), so that one
    /// analysis is alive once the requests that read the one before are answered, not until
    /// the next edit.
    pub fn reclaim_retired(&mut self) {
        for p in &mut self.projects {
            if let Some(retired) = p.retired.take() {
                retire(p, retired, &mut self.garbage);
            }
        }
    }

    /// Runs every pending analysis here and now, and returns what to publish (for benchmarks
    /// and tests; the server runs them off its async workers).
    pub fn analyse_now(&mut self) -> Publish {
        let mut out = Vec::new();
        loop {
            let jobs = self.take_jobs();
            out.extend(self.take_followed().into_iter().flatten());
            if jobs.is_empty() {
                return out;
            }
            for job in jobs {
                let finished = job.run();
                out.extend(self.install(finished));
            }
            self.take_garbage();
            self.take_discarded();
        }
    }
}

/// Lets go of project `p`'s older snapshot `old`: its files become the next analysis's copy
/// and its analysis goes to `garbage` (freed outside the lock, see [`State::take_garbage`]),
/// unless a request still reads it; then it is kept as `p.retired` until none does.
fn retire(p: &mut Project, old: Arc<Snapshot>, garbage: &mut Vec<Analysis>) {
    match Arc::try_unwrap(old) {
        Ok(old) => {
            if p.spare.is_none() {
                p.spare = Some(old.files);
            }
            garbage.extend(old.analysis);
        }
        Err(still_read) => p.retired = Some(still_read),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn an_older_analysis_a_request_read_is_freed_once_the_request_lets_go() {
        let mut state = State::new();
        state.today = "2026-11-22".parse().ok();
        state.indexed = true;
        let at = state.ensure_project(Some(Path::new("/plan")), Config::default);
        let uri = Uri::from_str("file:///plan/a.plan").unwrap();
        state.set_text(at, &uri, "person ann\ntask t \"T\" { owner ann }\n".into());
        state.analyse_now();
        assert!(state.take_garbage().is_empty());
        // A request reads the newest analysis while a name changes: a new analysis is
        // installed, and the one the request reads is kept for it.
        let read = state.projects[at].snapshot().clone();
        state.set_text(at, &uri, "person ann\ntask t \"T\" { owner bob }\n".into());
        state.analyse_now();
        assert!(state.is_retired(&read));
        state.reclaim_retired();
        assert!(state.projects[at].retired.is_some(), "still read");
        assert!(state.take_garbage().is_empty());
        // Once the request lets go, its analysis is garbage and its files the spare copy.
        drop(read);
        state.reclaim_retired();
        assert!(state.projects[at].retired.is_none());
        assert!(state.projects[at].spare.is_some());
        assert_eq!(state.take_garbage().len(), 1);
        let newest = state.projects[at].snapshot().analysis();
        assert!(newest
            .diagnostics
            .iter()
            .any(|d| d.code == "undefined-reference"));
    }

    #[test]
    fn a_large_projects_analysis_is_freed_before_the_next_is_built_unless_a_request_reads_it() {
        let mut state = State::new();
        state.today = "2026-11-22".parse().ok();
        state.indexed = true;
        state.withdraw_above = 0;
        let at = state.ensure_project(Some(Path::new("/plan")), Config::default);
        let uri = Uri::from_str("file:///plan/a.plan").unwrap();
        let other = Uri::from_str("file:///plan/b.plan").unwrap();
        state.set_text(at, &other, "task u \"U\" { owner ann }\n".into());
        state.set_text(at, &uri, "person ann\ntask t \"T\" { owner ann }\n".into());
        state.analyse_now();
        let seen = state.seen(&other).unwrap();
        assert!(matches!(state.ready(&other, seen), Ready::Now(..)));
        // A name changes: the job takes the analysis with it, and requests wait for the next.
        state.set_text(at, &uri, "person ann\ntask t \"T\" { owner bob }\n".into());
        let jobs = state.take_jobs();
        assert_eq!(jobs.len(), 1);
        assert!(jobs[0].withdrawn.is_some());
        assert!(state.projects[at].snapshot().is_withdrawn());
        assert!(matches!(state.ready(&other, seen), Ready::Wait));
        assert!(!state.has_analysed(&state.revisions()));
        assert_eq!(state.diagnostic_count(), 0);
        for job in jobs {
            let finished = job.run();
            state.install(finished);
        }
        assert!(matches!(state.ready(&other, seen), Ready::Now(..)));
        assert!(state.diagnostic_count() > 0);
        // A request reads the newest analysis: it is kept for it.
        let read = state.projects[at].snapshot().clone();
        state.set_text(
            at,
            &uri,
            "person ann\ntask t \"T\" { owner bobby }\n".into(),
        );
        let jobs = state.take_jobs();
        assert!(jobs[0].withdrawn.is_none());
        assert!(!read.is_withdrawn());
        // An analysis that fails after its snapshot was withdrawn: requests are told so.
        drop(read);
        for job in jobs {
            let finished = job.run();
            state.install(finished);
        }
        state.set_text(at, &uri, "person ann\n".into());
        let jobs = state.take_jobs();
        assert!(jobs[0].withdrawn.is_some());
        let (project, rev) = jobs[0].id();
        drop(jobs);
        state.install(Finished::abandoned((project, rev), "lost".into()));
        let seen = state.seen(&other).unwrap();
        assert!(matches!(state.ready(&other, seen), Ready::Failed));
        assert!(state.has_analysed(&state.revisions()));
    }
}
