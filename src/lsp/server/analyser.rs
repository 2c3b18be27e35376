//! The server's analysis loop: whenever documents changed, analyse the changed projects off
//! the async workers (latest edit wins), show work-done progress for slow analyses, and
//! publish what changed.

use super::*;
use crate::lsp::state::Publication;

/// Analyses of less plan text than this (about 10,000 lines, a few milliseconds) run on the
/// analysis loop's own task, unless tests ask for progress on every analysis: handing them to
/// a blocking thread and waking up when they are done cost a good part of a keystroke's
/// latency on a small plan.
const RUN_HERE_BELOW: usize = 1 << 20;

/// What the analysis loop needs of the backend.
pub(super) struct Analyser {
    pub(super) client: Client,
    pub(super) state: Arc<Mutex<State>>,
    pub(super) wake: Arc<Notify>,
    pub(super) installed: Arc<watch::Sender<u64>>,
    pub(super) indexing: Arc<AtomicBool>,
    pub(super) slow: Duration,
    pub(super) prepared: Option<Arc<Prepared>>,
}

impl Analyser {
    /// Analyses what changed, whenever something did, until the server ends.
    pub(super) async fn run(self) {
        loop {
            self.wake.notified().await;
            while self.round().await {}
        }
    }

    /// Runs the pending analyses, installs them and publishes what changed; false when there
    /// was nothing to do.
    async fn round(&self) -> bool {
        let taken = guarded(&self.state, |s| {
            let jobs = s.take_jobs();
            (
                jobs,
                s.take_followed(),
                s.flags.work_done_progress,
                s.take_garbage(),
            )
        });
        let (jobs, followed, progress_supported, garbage) = match taken {
            Ok(t) => t,
            Err(panic) => {
                self.log_error(&panic).await;
                return false;
            }
        };
        // The analyses that followed the edits in place (no new analysis needed).
        let any_followed = followed.is_some();
        self.publish(followed.unwrap_or_default()).await;
        let small = jobs.iter().map(Job::bytes).sum::<usize>() < RUN_HERE_BELOW;
        if jobs.is_empty() {
            if !garbage.is_empty() {
                // On a blocking thread, out of the way of the next keystroke (which, typed
                // at once, would otherwise wait for it).
                tokio::task::spawn_blocking(move || drop(garbage));
            }
            if any_followed {
                self.published().await;
            }
            return any_followed;
        }
        if small && !self.slow.is_zero() {
            // Quicker than handing it to another thread and waking up when it is done.
            drop(garbage);
            let finished: Vec<Finished> = jobs.into_iter().map(Job::run).collect();
            self.install_and_publish(finished).await;
            return true;
        }
        let ids: Vec<(u64, u64)> = jobs.iter().map(Job::id).collect();
        let files: usize = jobs.iter().map(Job::file_count).sum();
        // The analyses replaced last time are freed here, on the thread that built them (one
        // allocator arena for the analyses, not one per thread that touched them).
        let mut task = tokio::task::spawn_blocking(move || {
            drop(garbage);
            jobs.into_iter().map(Job::run).collect::<Vec<Finished>>()
        });
        // Zero (for tests) makes every analysis slow, however quick.
        let quick = if self.slow.is_zero() {
            None
        } else {
            tokio::time::timeout(self.slow, &mut task).await.ok()
        };
        let joined = match quick {
            Some(joined) => joined,
            None => {
                let progress = if progress_supported && !self.indexing.load(Ordering::SeqCst) {
                    begin_progress(
                        &self.client,
                        "coord/analysis",
                        "Analyzing",
                        format!("checking {}", plural(files, "plan file")),
                    )
                    .await
                } else {
                    None
                };
                let joined = task.await;
                if let Some(progress) = progress {
                    progress.finish().await;
                }
                joined
            }
        };
        let finished = joined.unwrap_or_else(|e| {
            ids.iter()
                .map(|&id| Finished::abandoned(id, e.to_string()))
                .collect()
        });
        self.install_and_publish(finished).await;
        true
    }

    /// Installs finished analyses and publishes what changed.
    async fn install_and_publish(&self, finished: Vec<Finished>) {
        let mut batches = Vec::new();
        for f in finished {
            if let Some(panic) = f.panic() {
                self.log_error(panic).await;
            }
            match guarded(&self.state, |s| s.install(f)) {
                Ok(batch) => batches.push(batch),
                Err(panic) => self.log_error(&panic).await,
            }
        }
        self.publish(batches.into_iter().flatten().collect()).await;
        self.published().await;
        // What the updated analyses dropped, freed now that their diagnostics are out, on a
        // blocking thread: out of the way of the next keystroke's analysis.
        if let Ok(discarded) = guarded(&self.state, State::take_discarded) {
            if !discarded.is_empty() {
                tokio::task::spawn_blocking(move || drop(discarded));
            }
        }
    }

    /// Says that what this round took is published: a request that waited for its analysis
    /// (`coord/status` too) is answered after its diagnostics went out.
    async fn published(&self) {
        if let Err(panic) = guarded(&self.state, |s| s.publishing = false) {
            self.log_error(&panic).await;
        }
        self.installed.send_modify(|n| *n += 1);
    }

    /// Publishes diagnostics, in order: as prepared frames when the output takes them, else
    /// through the client.
    async fn publish(&self, publish: Publish) {
        for p in publish {
            match &self.prepared {
                Some(prepared) => {
                    let ticket = prepared.put(publish_diagnostics_body(&p));
                    self.client
                        .send_notification::<PreparedNotification>(ticket)
                        .await;
                }
                None => {
                    let diagnostics = p.to_lsp();
                    self.client
                        .publish_diagnostics(p.uri, diagnostics, p.version)
                        .await;
                }
            }
        }
    }

    async fn log_error(&self, panic: &str) {
        self.client
            .log_message(
                lsp::MessageType::ERROR,
                format!("coord: internal error in analysis: {panic}"),
            )
            .await;
    }
}

/// The whole `textDocument/publishDiagnostics` notification of a publication, as JSON.
fn publish_diagnostics_body(p: &Publication) -> Vec<u8> {
    let mut body = Vec::with_capacity(p.diagnostics.len() + 256);
    body.extend_from_slice(
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
    );
    // A string into a `Vec`: cannot fail.
    let _ = serde_json::to_writer(&mut body, p.uri.as_str());
    body.extend_from_slice(br#","diagnostics":"#);
    body.extend_from_slice(&p.diagnostics);
    if let Some(version) = p.version {
        body.extend_from_slice(format!(r#","version":{version}"#).as_bytes());
    }
    body.extend_from_slice(b"}}");
    body
}

/// Begins work-done progress (after asking the client to create its token); `None` when the
/// client refuses.
pub(super) async fn begin_progress(
    client: &Client,
    token: &str,
    title: &str,
    message: String,
) -> Option<OngoingProgress<Unbounded, NotCancellable>> {
    let token = lsp::ProgressToken::String(token.into());
    client.create_work_done_progress(token.clone()).await.ok()?;
    Some(
        client
            .progress(token, title)
            .with_message(message)
            .begin()
            .await,
    )
}
