//! The progress line `coord check` shows on a terminal when a run takes over a second.
//!
//! It is drawn on standard error, only when standard error is a terminal, `TERM` is not
//! `dumb`, and the run is not in CI (`CI` set, as every CI service does) — so piped output,
//! logs and CI never see it. A run that ends within a second shows nothing at all.

use std::io::IsTerminal;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run may take before the progress line appears.
const DELAY: Duration = Duration::from_secs(1);

/// Whether this process may draw progress: standard error is a terminal and this is not CI.
pub fn wanted() -> bool {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    !ci && !dumb && std::io::stderr().is_terminal()
}

/// A spinner with a message naming the current step and the time spent, hidden until the
/// run has taken [`DELAY`]. Cleared when dropped.
pub struct Progress {
    bar: ProgressBar,
    /// Set when the run ends, so the thread waiting to show the bar gives up.
    done: Arc<(Mutex<bool>, Condvar)>,
}

impl Progress {
    /// Starts the clock. Draws nothing unless `enabled` (see [`wanted`]) and the run is slow.
    pub fn start(enabled: bool, message: &str) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(message.to_string());
        let done = Arc::new((Mutex::new(false), Condvar::new()));
        if enabled {
            let (bar, done) = (bar.clone(), Arc::clone(&done));
            std::thread::spawn(move || {
                let (lock, wake) = &*done;
                let Ok(guard) = lock.lock() else { return };
                let Ok((finished, _)) = wake.wait_timeout_while(guard, DELAY, |d| !*d) else {
                    return;
                };
                if !*finished {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(100));
                }
            });
        }
        Progress { bar, done }
    }

    /// Names the step the run is in now.
    pub fn step(&self, message: &str) {
        self.bar.set_message(message.to_string());
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        let (lock, wake) = &*self.done;
        if let Ok(mut finished) = lock.lock() {
            *finished = true;
        }
        wake.notify_all();
        self.bar.finish_and_clear();
    }
}
