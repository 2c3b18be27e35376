//! `coord check`'s progress line: shown on a terminal when a run takes over a second, never
//! when standard error is piped or in CI. The terminal is a real pseudo-terminal, made by
//! util-linux's `script`.

use std::path::Path;
use std::process::{Command, Output};

fn coord() -> &'static str {
    env!("CARGO_BIN_EXE_coord")
}

/// `script`, or why the test cannot run (skip, or fail under `COORD_REQUIRE_ALL=1`).
fn script_available() -> bool {
    let found = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let reason = "`script` (util-linux) is not installed, so no pseudo-terminal can be made";
        if std::env::var("COORD_REQUIRE_ALL").as_deref() == Ok("1") {
            panic!("{reason}, and COORD_REQUIRE_ALL=1");
        }
        eprintln!("skipped: {reason}");
    }
    found
}

/// A plan big enough that checking it takes well over a second in a test (debug) build.
fn big_plan(dir: &Path) -> std::path::PathBuf {
    let org = dir.join("org");
    let status = Command::new(env!("CARGO_BIN_EXE_coord-synth"))
        .args(["--tasks", "60000", "--files", "6"])
        .arg(&org)
        .output()
        .expect("coord-synth runs");
    assert!(status.status.success(), "{status:?}");
    org
}

/// Runs `coord check` on `org` inside a pseudo-terminal, with `CI` set or not; returns what the
/// terminal showed (standard output and error together).
fn on_terminal(org: &Path, ci: bool) -> String {
    let command = format!(
        "{} check --format json --today 2026-11-22 {} > /dev/null",
        coord(),
        org.display()
    );
    let mut script = Command::new("script");
    script.args(["-qec", &command, "/dev/null"]);
    script.env("TERM", "xterm").env_remove("NO_COLOR");
    if ci {
        script.env("CI", "true");
    } else {
        script.env_remove("CI");
    }
    let Output { stdout, .. } = script.output().expect("script runs");
    String::from_utf8_lossy(&stdout).into_owned()
}

#[test]
fn a_slow_check_shows_progress_on_a_terminal_and_never_in_ci_or_a_pipe() {
    if !script_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let org = big_plan(dir.path());

    let shown = on_terminal(&org, false);
    assert!(
        shown.contains("checking 6 plan files"),
        "a slow run on a terminal names its step:\n{shown}"
    );
    // The line is cleared before the run ends: the last thing drawn is an erase.
    assert!(shown.trim_end().ends_with("\u{1b}[2K"), "{shown:?}");

    let in_ci = on_terminal(&org, true);
    assert!(!in_ci.contains("checking"), "CI sees no progress:\n{in_ci}");

    let piped = Command::new(coord())
        .args(["check", "--format", "json", "--today", "2026-11-22"])
        .arg(&org)
        .env_remove("CI")
        .output()
        .unwrap();
    assert_eq!(
        piped.status.code(),
        Some(1),
        "the synthetic plan has errors"
    );
    assert!(
        piped.stderr.is_empty(),
        "a piped standard error gets no progress: {:?}",
        String::from_utf8_lossy(&piped.stderr)
    );
}
