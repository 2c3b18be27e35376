//! The GitHub Action's scripts (`action/*.sh`) and the pre-commit hooks
//! (`.pre-commit-hooks.yaml`), run for real in temporary git repositories: the comment body is
//! `coord diff`'s Markdown, posted once and then updated (against a local stand-in for the
//! GitHub API), and the real `pre-commit` tool blocks a commit with a bad plan.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder holding the `coord` binary under test, first on the PATH of the scripts.
fn path_with_coord() -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_coord")).parent().unwrap();
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A repository with two commits: a small plan, then a change that grows a meeting past eight.
fn two_commits() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("plans")).unwrap();
    let people: String = (1..=9).map(|i| format!("person p{i}\n")).collect();
    std::fs::write(
        root.join("plans/org.plan"),
        format!(
            "{people}\nteam core {{\n  lead p1\n  members p2, p3\n}}\n\nteam ops {{\n  lead p4\n  members p5, p6, p7, p8, p9\n}}\n\nmeeting sync {{\n  owner p1\n  attendees core\n  cadence weekly\n}}\n"
        ),
    )
    .unwrap();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "base"]);
    let base = git(root, &["rev-parse", "HEAD"]);
    let text = std::fs::read_to_string(root.join("plans/org.plan")).unwrap();
    std::fs::write(
        root.join("plans/org.plan"),
        text.replace("attendees core\n", "attendees core, ops\n"),
    )
    .unwrap();
    git(root, &["commit", "-qam", "everyone in sync"]);
    let head = git(root, &["rev-parse", "HEAD"]);
    (dir, base, head)
}

fn script(name: &str, dir: &Path) -> Command {
    let mut cmd = Command::new("bash");
    cmd.arg(repo_root().join("action").join(name))
        .current_dir(dir)
        .env("PATH", path_with_coord())
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_TOKEN")
        .env_remove("COORD_PR");
    cmd
}

#[test]
fn the_comment_is_coord_diffs_markdown_posted_once_then_updated() {
    let (dir, base, head) = two_commits();
    let root = dir.path();
    let body = root.join("comment.md");
    let diff = Command::new(env!("CARGO_BIN_EXE_coord"))
        .args(["diff", &base, &head, "--format", "markdown", "plans"])
        .current_dir(root)
        .output()
        .unwrap();
    let expected = format!(
        "<!-- coord-diff -->\n{}",
        String::from_utf8(diff.stdout).unwrap()
    );
    assert!(expected.contains("sync 3 → 9 attendees"), "{expected}");

    // Without a pull request: the body is written, nothing is posted.
    let out = script("comment.sh", root)
        .env("COORD_BASE", &base)
        .env("COORD_HEAD", &head)
        .env("COORD_PATH", "plans")
        .env("COORD_COMMENT_FILE", &body)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(std::fs::read_to_string(&body).unwrap(), expected);

    // Against a stand-in for the GitHub API: posted once, then updated in place.
    let log = root.join("api.log");
    let mut server = Command::new("python3")
        .arg(repo_root().join("tests/fixtures/action/fake_github.py"))
        .arg(&log)
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut port = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    let api = format!("http://127.0.0.1:{}", port.trim());
    for _ in 0..2 {
        let out = script("comment.sh", root)
            .env("COORD_BASE", &base)
            .env("COORD_HEAD", &head)
            .env("COORD_PATH", "plans")
            .env("COORD_COMMENT_FILE", &body)
            .env("COORD_PR", "7")
            .env("GITHUB_TOKEN", "t0ken")
            .env("GITHUB_REPOSITORY", "acme/plans")
            .env("GITHUB_API_URL", &api)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
    }
    let _ = server.kill();
    let _ = server.wait();
    let requests: Vec<serde_json::Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let methods: Vec<&str> = requests
        .iter()
        .map(|r| r["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["GET", "POST", "GET", "PATCH"], "{requests:?}");
    assert_eq!(requests[1]["path"], "/repos/acme/plans/issues/7/comments");
    assert_eq!(
        requests[3]["path"],
        "/repos/acme/plans/issues/comments/1000"
    );
    assert_eq!(requests[1]["auth"], "Bearer t0ken");
    assert_eq!(requests[1]["body"]["body"], expected);
    assert_eq!(requests[3]["body"]["body"], expected);
}

#[test]
fn the_check_step_annotates_and_fails_on_errors() {
    let (dir, _, _) = two_commits();
    let root = dir.path();
    let out = script("check.sh", root)
        .env("COORD_PATH", "plans")
        .env("COORD_SARIF", "true")
        .output()
        .unwrap();
    // The meeting past eight is a warning: the check passes, unless warnings are denied.
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("::warning file=plans/org.plan"), "{stdout}");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("coord.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let out = script("check.sh", root)
        .env("COORD_PATH", "plans")
        .env("COORD_DENY_WARNINGS", "true")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
}

#[test]
fn the_action_names_scripts_that_exist_and_the_install_step_uses_a_given_coord() {
    let action = std::fs::read_to_string(repo_root().join("action.yml")).unwrap();
    for script in ["install.sh", "check.sh", "comment.sh"] {
        assert!(action.contains(&format!("action/{script}")), "{script}");
        assert!(
            repo_root().join("action").join(script).is_file(),
            "{script}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let github_path = dir.path().join("github_path");
    let out = script("install.sh", dir.path())
        .env("COORD_BIN", env!("CARGO_BIN_EXE_coord"))
        .env("RUNNER_TEMP", dir.path())
        .env("GITHUB_PATH", &github_path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let added = std::fs::read_to_string(&github_path).unwrap();
    let coord = Path::new(added.trim()).join("coord");
    let version = Command::new(coord).arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("coord "));
}

/// `pre-commit`, or why it cannot run (skip, or fail under `COORD_REQUIRE_ALL=1`).
fn pre_commit() -> Option<String> {
    let found = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("pre-commit".into());
    }
    let reason = "pre-commit is not installed (pip install pre-commit)";
    if std::env::var("COORD_REQUIRE_ALL").as_deref() == Ok("1") {
        panic!("{reason}, and COORD_REQUIRE_ALL=1");
    }
    eprintln!("skipped: {reason}");
    None
}

#[test]
fn pre_commit_hooks_block_a_bad_plan_and_pass_a_formatted_one() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    // The hooks of this repository at its current commit (pre-commit clones the revision).
    let this = repo_root();
    let rev = git(&this, &["rev-parse", "HEAD"]);
    let committed = git(
        &this,
        &["ls-tree", "--name-only", "HEAD", ".pre-commit-hooks.yaml"],
    );
    assert!(
        !committed.is_empty(),
        ".pre-commit-hooks.yaml must be committed for pre-commit to use it"
    );
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::write(
        root.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: coord-check\n      - id: coord-fmt\n",
            this.display()
        ),
    )
    .unwrap();
    // pre-commit builds coord with `cargo install` (a release build): sharing this checkout's
    // target folder reuses the dependencies of `cargo build --release` (CI builds it first).
    let target = this.join("target");
    // `program ARGS` in the repository, with pre-commit's and git's settings.
    let run = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .current_dir(root)
            .env("PRE_COMMIT_HOME", this.join("target/pre-commit-home"))
            .env("CARGO_TARGET_DIR", &target)
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .output()
            .unwrap()
    };
    let installed = run(&pre_commit, &["install"]);
    assert!(installed.status.success(), "{installed:?}");
    let commit = |message: &str| run("git", &["commit", "-qm", message]);
    // A plan with an error (a task nobody owns) is refused.
    std::fs::write(
        root.join("plan.plan"),
        "task launch {\n  due 2027-01-01\n}\n",
    )
    .unwrap();
    git(root, &["add", "."]);
    let refused = commit("a bad plan");
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&refused.stdout),
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(
        !refused.status.success(),
        "the commit went through:\n{output}"
    );
    assert!(output.contains("unowned-task"), "{output}");
    // A plan that is not formatted is formatted by the hook (and the commit stops to show it).
    std::fs::write(
        root.join("plan.plan"),
        "person alice\nteam t {lead alice}\ntask launch { owner alice  due 2027-01-01 }\n",
    )
    .unwrap();
    git(root, &["add", "."]);
    let reformatted = commit("unformatted");
    assert!(!reformatted.status.success());
    let text = std::fs::read_to_string(root.join("plan.plan")).unwrap();
    assert!(text.contains("team t {\n  lead alice\n}"), "{text}");
    // The formatted plan passes.
    git(root, &["add", "."]);
    let passed = commit("a good plan");
    assert!(
        passed.status.success(),
        "{}{}",
        String::from_utf8_lossy(&passed.stdout),
        String::from_utf8_lossy(&passed.stderr)
    );
    assert_eq!(git(root, &["log", "--format=%s"]), "a good plan");
}
