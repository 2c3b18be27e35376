//! `coord diff` end to end: a realistic plan change in a real git repository (a person moves
//! team, a liaison is removed, a meeting grows past eight, a task slips), the same change
//! reformatted and with items moved between files, two folders, exit statuses and bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `coord diff ARGS --today 2026-12-01` in `dir`.
fn coord(dir: &Path, args: &[&str]) -> Run {
    run(dir, &[args, &["--today", "2026-12-01"]].concat())
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_coord"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run coord");
    Run {
        code: out.status.code().expect("not killed"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
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
    String::from_utf8(out.stdout).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// A repository with `examples/acme` committed on `main`, and a branch `change` with the
/// realistic change. Returns the repository and its plan folder.
fn repo_with_change() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let acme = root.join("acme");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme"),
        &acme,
    );
    git(&root, &["init", "-q", "-b", "main"]);
    git(&root, &["add", "."]);
    git(&root, &["commit", "-qm", "the plan as it is"]);
    git(&root, &["checkout", "-qb", "change"]);
    // bob moves from platform to payments.
    edit(
        &acme.join("teams/platform.plan"),
        "members bob, carol, dmitri, priya",
        "members carol, dmitri, priya",
    );
    let payments = std::fs::read_to_string(acme.join("teams/payments.plan")).unwrap();
    let members = payments
        .lines()
        .find(|l| l.trim_start().starts_with("members "))
        .unwrap()
        .to_string();
    edit(
        &acme.join("teams/payments.plan"),
        &members,
        &format!("{members}, bob"),
    );
    // erin's liaison to platform is removed.
    let gtm = acme.join("teams/gtm.plan");
    let text = std::fs::read_to_string(&gtm).unwrap();
    let start = text.find("## Marketing needs to know").unwrap();
    let end = text.find("## Support needs").unwrap();
    std::fs::write(&gtm, format!("{}{}", &text[..start], &text[end..])).unwrap();
    // platform-planning grows past eight.
    edit(
        &acme.join("teams/platform.plan"),
        "  attendees platform\n  cadence weekly\n  length 1h",
        "  attendees platform, hana, ivan, jia, kemal, marco\n  cadence weekly\n  length 1h",
    );
    // metering-api slips two weeks.
    edit(
        &acme.join("q1-2027.plan"),
        "  start 2027-01-04\n  due 2027-02-12",
        "  start 2027-01-04\n  due 2027-02-26",
    );
    git(&root, &["commit", "-qam", "the change under review"]);
    (dir, acme)
}

fn names(section: &Value) -> Vec<&str> {
    section
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect()
}

#[test]
fn a_realistic_change_shows_exactly_its_changes_and_their_consequences() {
    let (dir, _) = repo_with_change();
    let root = dir.path();
    let run = coord(root, &["diff", "main", "change", "--format", "json"]);
    assert_eq!(run.code, 1, "the slip introduces an error: {run:?}");
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let diff = &json["diff"];
    // Teams: bob leaves platform and joins payments. With erin's liaison gone and bob (who
    // sat in launch readiness for platform) moved, nothing links platform with marketing or
    // product any more: the all-hands is a broadcast and links nobody.
    assert_eq!(
        names(&diff["teams"]),
        ["marketing", "payments", "platform", "product"],
        "{run:?}"
    );
    assert_eq!(
        diff["teams"][1]["people"]["added"],
        serde_json::json!(["bob"])
    );
    assert_eq!(
        diff["teams"][2]["people"]["removed"],
        serde_json::json!(["bob"])
    );
    let lost = &diff["teams"][0]["links_lost"][0];
    assert_eq!(lost["other"], "platform");
    assert_eq!(lost["through"][0], "liaison erin");
    // Meetings: platform-planning past eight; bob's team meetings change.
    let meetings = names(&diff["meetings"]);
    assert!(meetings.contains(&"platform-planning"), "{meetings:?}");
    let planning = diff["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "platform-planning")
        .unwrap();
    assert_eq!(planning["count"]["before"], 6);
    assert_eq!(planning["count"]["after"], 9);
    assert_eq!(planning["crosses_limit"], 8);
    assert_eq!(
        planning["attendees"]["removed"],
        serde_json::json!(["bob", "erin"])
    );
    for m in &meetings {
        assert!(
            m.starts_with("platform-") || m.starts_with("payments-"),
            "only platform's and payments' meetings change: {meetings:?}"
        );
    }
    // People: bob moves; erin loses the meeting she attended as liaison; the new attendees.
    let people = names(&diff["people"]);
    for who in ["bob", "erin", "hana", "ivan", "jia", "kemal", "marco"] {
        assert!(people.contains(&who), "{who} missing from {people:?}");
    }
    // Tasks: only metering-api, which slips 14 days and now overtakes the load test.
    assert_eq!(names(&diff["tasks"]), ["metering-api"]);
    let task = &diff["tasks"][0];
    assert_eq!(task["slip_days"], 14);
    assert_eq!(task["ripples"][0]["task"], "metering-load-test");
    // Findings: the meeting past eight and the load test now due before what it waits for.
    let introduced: Vec<&str> = diff["introduced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(introduced.contains(&"oversized-meeting"), "{introduced:?}");
    assert!(
        introduced.contains(&"due-before-dependency"),
        "{introduced:?}"
    );
    let headline = json["headline"].as_str().unwrap();
    assert!(
        headline.contains("platform-planning 6 → 9 attendees (past the limit of 8)"),
        "{headline}"
    );
    assert!(
        headline.contains("bob moves platform → payments"),
        "{headline}"
    );
}

#[test]
fn reformatting_and_moving_items_between_files_changes_nothing() {
    let (dir, acme) = repo_with_change();
    let root = dir.path();
    let before = coord(root, &["diff", "main", "change", "--format", "json"]);
    // The same change, laid out badly, reformatted, and with a team moved to another file.
    let platform = acme.join("teams/platform.plan");
    let text = std::fs::read_to_string(&platform).unwrap();
    std::fs::write(
        &platform,
        text.replace("\n  ", "\n        ").replace("{\n", "{ "),
    )
    .unwrap();
    let fmt = run(&acme, &["fmt", "."]);
    assert!(fmt.code == 0, "{fmt:?}");
    let mobile = acme.join("teams/mobile.plan");
    let text = std::fs::read_to_string(&mobile).unwrap();
    std::fs::remove_file(&mobile).unwrap();
    let org = acme.join("org.plan");
    let mut all = std::fs::read_to_string(&org).unwrap();
    all.push('\n');
    all.push_str(&text);
    std::fs::write(&org, all).unwrap();
    git(
        root,
        &["commit", "-qam", "reformat and move mobile into org.plan"],
    );
    let after = coord(root, &["diff", "main", "change", "--format", "json"]);
    let strip = |r: &Run| {
        let mut v: Value = serde_json::from_str(&r.stdout).unwrap();
        v.as_object_mut().unwrap().remove("head");
        v
    };
    assert_eq!(strip(&before), strip(&after), "{after:?}");
    // And against itself, nothing at all.
    let same = coord(root, &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(same.code, 0, "{same:?}");
    assert!(
        same.stdout.contains("does not change the organisation"),
        "{same:?}"
    );
}

#[test]
fn markdown_is_a_pull_request_comment_and_warnings_can_be_denied() {
    let (dir, acme) = repo_with_change();
    let root = dir.path();
    // Without the slip, the change introduces only a warning (the meeting past eight).
    edit(
        &acme.join("q1-2027.plan"),
        "  due 2027-02-26",
        "  due 2027-02-12",
    );
    git(root, &["commit", "-qam", "no slip"]);
    let md = coord(root, &["diff", "main", "change", "--format", "markdown"]);
    assert_eq!(md.code, 0, "warnings alone do not fail: {md:?}");
    assert!(
        md.stdout
            .starts_with("### Coord: what this change does to the plan\n\n**+1 warning"),
        "{md:?}"
    );
    assert!(md.stdout.contains("<details><summary>Meetings ("), "{md:?}");
    let denied = coord(root, &["diff", "main", "change", "--deny-new-warnings"]);
    assert_eq!(denied.code, 1, "{denied:?}");
    // The working tree against main is the default head; on `change`, main is the base.
    let default = coord(root, &["diff", "--format", "json"]);
    let json: Value = serde_json::from_str(&default.stdout).unwrap();
    assert_eq!(json["head"], "the working tree", "{default:?}");
    assert!(!json["diff"]["teams"].as_array().unwrap().is_empty());
}

#[test]
fn two_folders_are_compared_without_git() {
    let (dir, acme) = repo_with_change();
    let old = dir.path().join("old");
    git(
        dir.path(),
        &["worktree", "add", "-q", old.to_str().unwrap(), "main"],
    );
    let outside = tempfile::tempdir().unwrap();
    copy_dir(&old.join("acme"), &outside.path().join("before"));
    copy_dir(&acme, &outside.path().join("after"));
    let run = coord(
        outside.path(),
        &["diff", "before", "after", "--format", "json"],
    );
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["base"], "before", "{run:?}");
    assert_eq!(names(&json["diff"]["tasks"]), ["metering-api"]);
}

#[test]
fn bad_input_is_a_clear_error_and_nothing_is_written() {
    let (dir, acme) = repo_with_change();
    let root = dir.path();
    let status = || git(root, &["status", "--porcelain"]);
    let clean = status();
    let run = coord(root, &["diff", "no-such-branch", "change"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no-such-branch"), "{run:?}");
    // A plan that does not parse on one side.
    edit(&acme.join("people.plan"), "person ", "person {{ ");
    git(root, &["commit", "-qam", "broken"]);
    let run = coord(root, &["diff", "main", "change"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("change: acme/people.plan:"), "{run:?}");
    assert_eq!(status(), clean, "nothing written");
    // Not a repository, and not two folders.
    let outside = tempfile::tempdir().unwrap();
    let run = coord(outside.path(), &["diff", "main"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("not inside a git repository") || run.stderr.contains("main"),
        "{run:?}"
    );
}

#[test]
fn a_schedule_change_shows_the_new_time_and_who_it_now_falls_outside_hours_for() {
    let (dir, acme) = repo_with_change();
    let root = dir.path();
    edit(
        &acme.join("teams/platform.plan"),
        "  day thu\n  time 14:00",
        "  day thu\n  time 03:00",
    );
    git(root, &["commit", "-qam", "planning at 3 in the morning"]);
    let run = coord(root, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let diff = &json["diff"];
    assert_eq!(names(&diff["meetings"]), ["platform-planning"], "{run:?}");
    let schedule = &diff["meetings"][0]["schedule"];
    assert!(
        schedule["before"].as_str().unwrap().contains("14:00")
            && schedule["after"].as_str().unwrap().contains("03:00"),
        "{schedule}"
    );
    let people = diff["people"].as_array().unwrap();
    assert!(!people.is_empty(), "{run:?}");
    for p in people {
        assert_eq!(
            p["outside_hours"]["added"],
            serde_json::json!(["platform-planning"]),
            "{p}"
        );
    }
    let introduced: Vec<&str> = diff["introduced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(introduced, ["meeting-outside-hours"], "{run:?}");
}
