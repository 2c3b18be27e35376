//! The `coord` binary end to end: exit statuses, discovery, configuration lookup, standard
//! input, the four output formats (snapshots under `tests/snapshots/`), `explain` and `rules`.
//!
//! Every test runs the real binary on real files, in a temporary directory or in
//! `tests/fixtures/cli/`. Runs are made deterministic with `--today` and relative paths.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

const TODAY: &str = "2026-11-22";

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

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coord"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE");
    cmd
}

fn finish(output: std::process::Output) -> Run {
    Run {
        code: output.status.code().expect("coord was killed by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `coord ARGS` in `dir` with nothing on standard input.
fn coord(dir: &Path, args: &[&str]) -> Run {
    finish(
        command(dir, args)
            .stdin(Stdio::null())
            .output()
            .expect("run coord"),
    )
}

/// Runs `coord ARGS` in `dir` with `input` on standard input.
fn coord_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Run {
    let mut child = command(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run coord");
    // coord may exit without reading (a usage error): a closed pipe is not a failure here.
    let _ = child.stdin.take().unwrap().write_all(input);
    finish(child.wait_with_output().unwrap())
}

fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli")
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {run:?}"))
}

/// The `(file, code)` of each diagnostic of a JSON run.
fn findings(run: &Run) -> Vec<(String, String)> {
    json(run)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Asserts a "could not run" failure: status 2 and one line `coord: ...` on standard error
/// containing every piece of `expected`.
fn assert_cannot_run(run: &Run, expected: &[&str]) {
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line on stderr: {run:?}");
    assert!(lines[0].starts_with("coord: "), "{run:?}");
    for piece in expected {
        assert!(lines[0].contains(piece), "missing {piece:?}: {run:?}");
    }
}

const CLEAN: &str = "team platform { lead alice  members bob }\nperson alice\nperson bob\n\
                     task api { owner platform  due 2027-12-01 }\n";
const UNOWNED: &str = "task api { due 2027-12-01 }\n";

// ------------------------------------------------------------------------------------------
// Exit statuses

#[test]
fn clean_plan_exits_0_with_a_summary_only() {
    let run = coord(&fixtures().join("clean"), &["check", "--today", TODAY]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "no problems in 1 file\n");
    assert!(run.stderr.is_empty(), "{run:?}");
}

#[test]
fn errors_exit_1() {
    let dir = temp();
    write(dir.path(), "plan.plan", UNOWNED);
    let run = coord(dir.path(), &["check", "--today", TODAY]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("[unowned-task] Error: task `api` has no owner"),
        "{run:?}"
    );
    assert!(run.stdout.ends_with("\n1 error in 1 file\n"), "{run:?}");
}

#[test]
fn warnings_exit_0_unless_denied() {
    let dir = temp();
    write(dir.path(), "plan.plan", UNOWNED);
    write(
        dir.path(),
        "coord.toml",
        "[rules]\nunowned-task = \"warning\"\n",
    );
    let run = coord(dir.path(), &["check", "--today", TODAY]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("[unowned-task] Warning:"), "{run:?}");
    assert!(run.stdout.ends_with("1 warning in 1 file\n"), "{run:?}");
    let run = coord(dir.path(), &["check", "--today", TODAY, "--deny-warnings"]);
    assert_eq!(run.code, 1, "{run:?}");
}

#[test]
fn infos_never_fail_the_check() {
    let dir = temp();
    write(dir.path(), "plan.plan", UNOWNED);
    write(
        dir.path(),
        "coord.toml",
        "[rules]\nunowned-task = \"info\"\n",
    );
    let run = coord(dir.path(), &["check", "--today", TODAY, "--deny-warnings"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("[unowned-task] Info:"), "{run:?}");
    assert!(!run.stdout.contains('\u{1b}'), "no colour codes: {run:?}");
}

#[test]
fn missing_path_exits_2() {
    let dir = temp();
    let run = coord(dir.path(), &["check", "nope.plan"]);
    assert_cannot_run(&run, &["nope.plan: no such file or directory"]);
}

#[test]
fn directory_without_plans_exits_2() {
    let dir = temp();
    write(dir.path(), "empty/readme.txt", "not a plan");
    let run = coord(dir.path(), &["check", "empty"]);
    assert_cannot_run(&run, &["empty: no .plan files found"]);
    let run = coord(&dir.path().join("empty"), &["check"]);
    assert_cannot_run(&run, &["no .plan files found"]);
}

#[test]
fn non_utf8_file_exits_2_naming_it() {
    let dir = temp();
    write(dir.path(), "good.plan", CLEAN);
    write(dir.path(), "bad.plan", b"person \xff\xfe\n");
    let run = coord(dir.path(), &["check"]);
    assert_cannot_run(&run, &["bad.plan: is not valid UTF-8", "offset 7"]);
}

#[test]
fn unreadable_file_exits_2() {
    // Root reads files whatever their mode, so a `chmod 000` file only proves something when
    // the test runs unprivileged; a file the kernel refuses to read proves it for everyone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp();
        let path = write(dir.path(), "secret.plan", CLEAN);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&path).is_err() {
            let run = coord(dir.path(), &["check", "secret.plan"]);
            assert_cannot_run(&run, &["secret.plan: cannot be read: permission denied"]);
        }
    }
    #[cfg(target_os = "linux")]
    {
        // Reading a process's own memory from offset 0 fails with an I/O error.
        let run = coord(Path::new("/"), &["check", "/proc/self/mem"]);
        assert_cannot_run(&run, &["/proc/self/mem: cannot be read"]);
    }
}

#[test]
fn bad_today_exits_2() {
    let dir = temp();
    write(dir.path(), "plan.plan", CLEAN);
    for bad in ["2026-02-30", "tomorrow", "2026-1-5"] {
        let run = coord(dir.path(), &["check", "--today", bad]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stdout.is_empty(), "{run:?}");
        assert!(run.stderr.contains("--today"), "{run:?}");
        assert!(run.stderr.contains(bad), "{run:?}");
    }
}

#[test]
fn bad_usage_exits_2() {
    let dir = temp();
    write(dir.path(), "plan.plan", CLEAN);
    let run = coord(dir.path(), &["check", "--format", "xml"]);
    assert_eq!(run.code, 2, "{run:?}");
    let run = coord(dir.path(), &["check", "--no-such-flag"]);
    assert_eq!(run.code, 2, "{run:?}");
}

#[test]
fn invalid_config_exits_2_naming_the_file() {
    let dir = temp();
    write(dir.path(), "plan.plan", CLEAN);
    write(dir.path(), "coord.toml", "[rules\n");
    let run = coord(dir.path(), &["check"]);
    assert_cannot_run(&run, &["coord.toml:1: invalid TOML"]);

    write(dir.path(), "coord.toml", "meeting-limt = 6\n");
    let run = coord(dir.path(), &["check"]);
    assert_cannot_run(
        &run,
        &[
            "coord.toml:1: unknown key `meeting-limt`",
            "did you mean `meeting-limit`",
        ],
    );

    write(dir.path(), "coord.toml", "[rules]\nunowned-tsk = \"off\"\n");
    let run = coord(dir.path(), &["check"]);
    assert_cannot_run(&run, &["coord.toml:2: unknown rule `unowned-tsk`"]);
}

/// `timezone` and `working-hours` in coord.toml: a bad value stops every command that reads
/// the configuration with exit 2, naming the file and the key; a good one is used.
#[test]
fn schedule_settings_in_config_are_checked() {
    let dir = temp();
    write(
        dir.path(),
        "plan.plan",
        "person wei { tz \"Asia/Shanghai\" }\nteam t { lead wei }\n\
         meeting sync { owner wei  attendees t  cadence weekly  day wed  time 16:00  tz \"Europe/Berlin\" }\n",
    );
    for (toml, expected) in [
        (
            "timezone = \"Europe/Berln\"\n",
            &[
                "coord.toml:1: `timezone` must be an IANA time zone name",
                "did you mean \"Europe/Berlin\"?",
            ][..],
        ),
        (
            "meeting-limit = 8\nworking-hours = \"18:00-08:00\"\n",
            &["coord.toml:2: `working-hours` must be a start and an end time, start first"][..],
        ),
        (
            "working-hours = \"9:00-17:00\"\n",
            &["coord.toml:1: `working-hours`"][..],
        ),
        (
            "working-hours = 8\n",
            &["coord.toml:1: `working-hours`"][..],
        ),
    ] {
        write(dir.path(), "coord.toml", toml);
        for command in [&["check"][..], &["report"][..]] {
            let run = coord(dir.path(), command);
            assert_cannot_run(&run, expected);
        }
    }
    // 16:00 in Berlin is 23:00 in Shanghai: outside 08:00-18:00, inside 08:00-23:59 hours.
    write(
        dir.path(),
        "coord.toml",
        "working-hours = \"08:00-18:00\"\n",
    );
    let run = coord(dir.path(), &["check", "--today", TODAY]);
    assert!(
        run.stdout.contains("Wed 23:00 in Asia/Shanghai for wei"),
        "{run:?}"
    );
    write(
        dir.path(),
        "coord.toml",
        "working-hours = \"09:00-23:59\"\ntimezone = \"Asia/Tokyo\"\n",
    );
    let run = coord(dir.path(), &["check", "--today", TODAY]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stdout.contains("meeting-outside-hours"), "{run:?}");
}

// ------------------------------------------------------------------------------------------
// Discovery and the shared namespace

#[test]
fn discovery_skips_hidden_target_and_gitignored_files() {
    let dir = temp();
    // Every file has a syntax error, so every checked file shows up in the findings.
    let broken = "person a @\n";
    write(dir.path(), "top.plan", broken);
    write(dir.path(), "sub/dir/deep.plan", broken);
    write(dir.path(), ".hidden/h.plan", broken);
    write(dir.path(), ".dotfile.plan", broken);
    write(dir.path(), "target/t.plan", broken);
    write(dir.path(), "sub/target/t.plan", broken);
    write(dir.path(), "ignored.plan", broken);
    write(dir.path(), "build/b.plan", broken);
    write(dir.path(), "notes.txt", broken);
    // No git repository: .gitignore is honoured anyway.
    write(dir.path(), ".gitignore", "ignored.plan\nbuild/\n");
    assert!(!dir.path().join(".git").exists());

    let run = coord(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let mut files: Vec<String> = findings(&run).into_iter().map(|(f, _)| f).collect();
    files.dedup();
    assert_eq!(files, ["sub/dir/deep.plan", "top.plan"], "{run:?}");
    assert_eq!(json(&run)["summary"]["files"], 2);

    // The same from outside, naming the directory: paths are shown as given.
    let name = dir.path().file_name().unwrap().to_str().unwrap();
    let run = coord(
        dir.path().parent().unwrap(),
        &["check", "--format", "json", name],
    );
    let mut files: Vec<String> = findings(&run).into_iter().map(|(f, _)| f).collect();
    files.dedup();
    assert_eq!(
        files,
        [
            format!("{name}/sub/dir/deep.plan"),
            format!("{name}/top.plan")
        ],
        "{run:?}"
    );
}

#[test]
fn files_given_explicitly_are_checked_together_in_one_namespace() {
    let dir = temp();
    write(dir.path(), "teams.plan", "team platform { lead alice }\n");
    write(dir.path(), "people/alice.plan", "person alice\n");
    let run = coord(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(json(&run)["summary"]["files"], 2);

    // A name defined in a file that is not checked is undefined.
    let run = coord(dir.path(), &["check", "--format", "json", "teams.plan"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        findings(&run),
        [("teams.plan".to_string(), "undefined-reference".to_string())]
    );

    // A file and a directory, together.
    let run = coord(
        dir.path(),
        &["check", "--format", "json", "teams.plan", "people"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(json(&run)["summary"]["files"], 2);
}

#[test]
fn duplicate_paths_are_checked_once() {
    let dir = temp();
    write(dir.path(), "a.plan", "person alice\n");
    let run = coord(
        dir.path(),
        &["check", "--format", "json", "a.plan", ".", "a.plan"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(json(&run)["summary"]["files"], 1, "{run:?}");
}

// ------------------------------------------------------------------------------------------
// Standard input

#[test]
fn stdin_is_one_plan_named_stdin() {
    let dir = temp();
    let run = coord_stdin(
        dir.path(),
        &["check", "--format", "json", "-"],
        UNOWNED.as_bytes(),
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        findings(&run),
        [("<stdin>".to_string(), "unowned-task".to_string())]
    );
    assert_eq!(json(&run)["summary"]["files"], 1);

    let run = coord_stdin(dir.path(), &["check", "-"], CLEAN.as_bytes());
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "no problems in 1 file\n");

    // Configuration is looked up from the current directory.
    write(
        dir.path(),
        "coord.toml",
        "[rules]\nunowned-task = \"off\"\n",
    );
    let run = coord_stdin(dir.path(), &["check", "-"], UNOWNED.as_bytes());
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn stdin_errors_exit_2() {
    let dir = temp();
    write(dir.path(), "a.plan", CLEAN);
    let run = coord_stdin(dir.path(), &["check", "-", "a.plan"], CLEAN.as_bytes());
    assert_cannot_run(&run, &["`-`", "cannot be combined"]);
    let run = coord_stdin(dir.path(), &["check", "-"], b"person \xc3\x28\n");
    assert_cannot_run(&run, &["<stdin>: is not valid UTF-8"]);
}

// ------------------------------------------------------------------------------------------
// Configuration lookup

#[test]
fn config_is_found_from_the_first_path_and_its_parents() {
    let dir = temp();
    write(
        dir.path(),
        "proj/coord.toml",
        "[rules]\nunowned-task = \"off\"\n",
    );
    write(dir.path(), "proj/plans/q3/tasks.plan", UNOWNED);
    write(
        dir.path(),
        "other/more.plan",
        "task more { due 2027-12-01 }\n",
    );

    // Next to the first path's directory, found from a parent of it.
    let run = coord(dir.path(), &["check", "proj/plans"]);
    assert_eq!(run.code, 0, "{run:?}");
    // From a file path.
    let run = coord(dir.path(), &["check", "proj/plans/q3/tasks.plan"]);
    assert_eq!(run.code, 0, "{run:?}");
    // From the current directory when no path is given, looking in its parents.
    let run = coord(&dir.path().join("proj/plans/q3"), &["check"]);
    assert_eq!(run.code, 0, "{run:?}");
    // Only the first path counts: `other/` has no coord.toml, so the rule is on for both.
    let run = coord(
        dir.path(),
        &["check", "--format", "json", "other", "proj/plans"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(findings(&run).len(), 2, "{run:?}");
    // And the other way round, proj's configuration applies to both.
    let run = coord(dir.path(), &["check", "proj/plans", "other"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn explicit_config_replaces_the_lookup() {
    let dir = temp();
    write(
        dir.path(),
        "coord.toml",
        "[rules]\nunowned-task = \"off\"\n",
    );
    write(
        dir.path(),
        "strict.toml",
        "[rules]\nunowned-task = \"error\"\n",
    );
    write(dir.path(), "plan.plan", UNOWNED);
    assert_eq!(coord(dir.path(), &["check"]).code, 0);
    let run = coord(dir.path(), &["check", "--config", "strict.toml"]);
    assert_eq!(run.code, 1, "{run:?}");

    let run = coord(dir.path(), &["check", "--config", "missing.toml"]);
    assert_cannot_run(
        &run,
        &["missing.toml: cannot be read: no such file or directory"],
    );
    let run = coord(dir.path(), &["check", "--config", "."]);
    assert_cannot_run(&run, &["cannot be read"]);
    write(dir.path(), "bad.toml", "frobnicate = 1\n");
    let run = coord(dir.path(), &["check", "--config", "bad.toml"]);
    assert_cannot_run(&run, &["bad.toml:1: unknown key `frobnicate`"]);
}

// ------------------------------------------------------------------------------------------
// Output formats, on `tests/fixtures/cli/snapshot/`: two files (one with CRLF line endings),
// names and titles in CJK and emoji, a label in the other file, help texts, and a
// coord.toml that makes one rule a warning so that every severity shows.

fn snapshot_run(format: &str) -> Run {
    let run = coord(
        &fixtures(),
        &["check", "--today", TODAY, "--format", format, "snapshot"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    run
}

#[test]
fn snapshot_fixture_is_what_it_claims() {
    let crlf = std::fs::read_to_string(fixtures().join("snapshot/a-people.plan")).unwrap();
    assert!(
        crlf.contains("\r\n") && !crlf.replace("\r\n", "").contains('\n'),
        "all CRLF"
    );
    assert!(crlf.contains('🚀') && crlf.contains('山'));
    let lf = std::fs::read_to_string(fixtures().join("snapshot/b-tasks.plan")).unwrap();
    assert!(!lf.contains('\r'));
}

#[test]
fn human_format() {
    let run = snapshot_run("human");
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour codes with NO_COLOR"
    );
    assert!(
        !run.stdout.contains('\r'),
        "CRLF does not leak into the output"
    );
    assert!(run.stderr.is_empty());
    insta::assert_snapshot!("human", run.stdout);
}

#[test]
fn json_format() {
    let run = snapshot_run("json");
    assert!(run.stderr.is_empty());
    insta::assert_snapshot!("json", run.stdout);
}

#[test]
fn github_format() {
    let run = snapshot_run("github");
    // Standard output is only workflow commands; the summary is on standard error.
    assert!(run.stdout.lines().all(|l| l.starts_with("::error ")
        || l.starts_with("::warning ")
        || l.starts_with("::notice ")));
    assert_eq!(
        run.stderr.lines().last(),
        Some("3 errors, 1 warning, 1 info in 2 files"),
        "{run:?}"
    );
    insta::assert_snapshot!("github", run.stdout);
}

#[test]
fn sarif_format() {
    let run = snapshot_run("sarif");
    assert!(run.stderr.is_empty());
    let mut log = json(&run);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"]
        .as_str()
        .unwrap()
        .contains("sarif-schema-2.1.0"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "coord");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    // One rule entry per code, in registry order, with its documentation (checked against
    // the registry by src/cli/render/sarif.rs's tests), as `coord rules` lists them.
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<Value> = rules.iter().map(|r| r["id"].clone()).collect();
    assert_eq!(ids, rule_codes());
    // Each result points at its rule.
    for result in runs[0]["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }

    // The snapshot holds the results; rule texts belong to the rules and change with them.
    let driver = &mut log["runs"][0]["tool"]["driver"];
    driver["version"] = "[version]".into();
    driver["semanticVersion"] = "[version]".into();
    driver["rules"] = Value::from(ids);
    insta::assert_snapshot!("sarif", serde_json::to_string_pretty(&log).unwrap());
}

#[test]
fn json_has_exactly_the_specified_shape() {
    let run = snapshot_run("json");
    let doc = json(&run);
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let sorted = |list: &[&str]| -> Vec<String> {
        let mut k: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        k.sort();
        k
    };
    assert_eq!(keys(&doc), sorted(&["diagnostics", "summary"]));
    assert_eq!(
        keys(&doc["summary"]),
        sorted(&["errors", "warnings", "infos", "files"])
    );
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    let position = ["line", "column", "end_line", "end_column"];
    let mut counts = [0u64; 3];
    for d in diagnostics {
        assert_eq!(
            keys(d),
            sorted(&[
                "code",
                "severity",
                "message",
                "file",
                "line",
                "column",
                "end_line",
                "end_column",
                "labels",
                "help"
            ])
        );
        for k in ["code", "message", "file"] {
            assert!(d[k].is_string(), "{k}: {d}");
        }
        assert!(d["help"].is_string() || d["help"].is_null());
        match d["severity"].as_str().unwrap() {
            "error" => counts[0] += 1,
            "warning" => counts[1] += 1,
            "info" => counts[2] += 1,
            other => panic!("severity {other}"),
        }
        for k in position {
            assert!(d[k].as_u64().unwrap() >= 1, "{k} is 1-based: {d}");
        }
        for l in d["labels"].as_array().unwrap() {
            assert_eq!(
                keys(l),
                sorted(&[
                    "file",
                    "line",
                    "column",
                    "end_line",
                    "end_column",
                    "message"
                ])
            );
            for k in position {
                assert!(l[k].as_u64().unwrap() >= 1);
            }
        }
    }
    let s = &doc["summary"];
    assert_eq!(
        [
            s["errors"].as_u64().unwrap(),
            s["warnings"].as_u64().unwrap(),
            s["infos"].as_u64().unwrap()
        ],
        counts
    );
    assert_eq!(s["files"], 2);

    // Keys come in the specified order.
    let first = &run.stdout[run.stdout.find("\"code\"").unwrap()..];
    let order = [
        "\"code\"",
        "\"severity\"",
        "\"message\"",
        "\"file\"",
        "\"line\"",
        "\"column\"",
        "\"end_line\"",
        "\"end_column\"",
        "\"labels\"",
        "\"help\"",
    ];
    let at: Vec<usize> = order.iter().map(|k| first.find(k).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "key order {at:?}");
}

/// The text between two 1-based character columns of a line of a fixture file.
fn text_at(file: &str, line: u64, column: u64, end_column: u64) -> String {
    let text = std::fs::read_to_string(fixtures().join(file)).unwrap();
    let line = text.split('\n').nth(line as usize - 1).unwrap();
    line.chars()
        .skip(column as usize - 1)
        .take((end_column - column) as usize)
        .collect()
}

#[test]
fn json_columns_count_characters() {
    let run = snapshot_run("json");
    let doc = json(&run);
    let mut checked = 0;
    let mut seen = Vec::new();
    for d in doc["diagnostics"].as_array().unwrap() {
        let message = d["message"].as_str().unwrap();
        // `name` in the message is exactly the text the range covers.
        let Some(name) = message.split('`').nth(1) else {
            continue;
        };
        if !matches!(
            d["code"].as_str().unwrap(),
            "undefined-reference" | "duplicate-definition"
        ) {
            continue;
        }
        assert_eq!(d["line"], d["end_line"]);
        let covered = text_at(
            d["file"].as_str().unwrap(),
            d["line"].as_u64().unwrap(),
            d["column"].as_u64().unwrap(),
            d["end_column"].as_u64().unwrap(),
        );
        assert_eq!(covered, name, "{d}");
        for l in d["labels"].as_array().unwrap() {
            let covered = text_at(
                l["file"].as_str().unwrap(),
                l["line"].as_u64().unwrap(),
                l["column"].as_u64().unwrap(),
                l["end_column"].as_u64().unwrap(),
            );
            assert_eq!(covered, name, "{l}");
        }
        seen.push(name.to_string());
        checked += 1;
    }
    // `platfrom` follows two emoji on its line; `carol` follows an emoji and CJK, in the CRLF file.
    assert!(seen.contains(&"platfrom".to_string()), "{seen:?}");
    assert!(seen.contains(&"carol".to_string()), "{seen:?}");
    assert!(seen.contains(&"bob".to_string()), "{seen:?}");
    assert!(checked >= 3);
    let platfrom = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("`platfrom`"))
        .unwrap();
    // `task launch "🚀🚀 launch" { owner platfrom`: 32 characters before it (but 36 bytes).
    assert_eq!(platfrom["column"], 33);
}

// ------------------------------------------------------------------------------------------
// explain and rules

#[test]
fn explain_prints_rules_kinds_and_models() {
    let dir = temp();
    let run = coord(dir.path(), &["explain", "unowned-task"]);
    assert_eq!(run.code, 0, "{run:?}");
    // What the text holds (the rule's doc, the kind's summary): src/cli/explain.rs's tests.
    assert!(
        run.stdout
            .starts_with("# unowned-task (rule, default level: error)\n"),
        "{run:?}"
    );
    assert!(run.stdout.contains("## What it checks"), "{run:?}");

    let run = coord(dir.path(), &["explain", "liaison"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with("# liaison (item kind)\n"), "{run:?}");

    let run = coord(dir.path(), &["explain", "tiger-team"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .starts_with("# tiger-team (team coordination model)\n"),
        "{run:?}"
    );
}

#[test]
fn explain_unknown_name_exits_2_with_a_suggestion() {
    let dir = temp();
    let run = coord(dir.path(), &["explain", "liason"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.starts_with(
            "coord: `liason` is not a rule, an item kind or a team model (did you mean `liaison`?)"
        ),
        "{run:?}"
    );
    assert!(run.stderr.contains("rules: syntax, "), "{run:?}");
    assert!(run.stderr.contains("item kinds: person, "), "{run:?}");
    assert!(
        run.stderr.contains("team models: service-provider, "),
        "{run:?}"
    );
    let run = coord(dir.path(), &["explain"]);
    assert_eq!(run.code, 2, "{run:?}");
}

#[test]
fn rules_lists_every_rule_in_100_columns() {
    let dir = temp();
    let run = coord(dir.path(), &["rules"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stdout.contains('\u{1b}'), "no colour off a terminal");
    assert!(
        run.stdout.lines().all(|l| l.chars().count() <= 100),
        "{run:?}"
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("RULE"));
    // Every rule, with its level and summary in aligned columns: the table's own tests in
    // src/cli/explain.rs check it against the registry; here, that the command prints it.
    let summary_at = lines[0].find("WHEN IT FIRES").unwrap();
    let rules: Vec<&&str> = lines[1..].iter().filter(|l| !l.starts_with(' ')).collect();
    assert!(rules.len() > 20, "{run:?}");
    for line in rules {
        let level = line.split_whitespace().nth(1);
        assert!(
            matches!(level, Some("error" | "warning" | "info")),
            "{line}"
        );
        assert_ne!(line.as_bytes()[summary_at], b' ', "{line}");
        assert_eq!(line.as_bytes()[summary_at - 1], b' ', "{line}");
    }
}

/// Every rule's code, as `coord rules` lists them (one a line after the header; a summary's
/// continuation lines start with spaces).
fn rule_codes() -> Vec<Value> {
    let run = coord(&fixtures(), &["rules"]);
    assert_eq!(run.code, 0, "{run:?}");
    run.stdout
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .map(Value::from)
        .collect()
}

/// A file with very many findings gets a bounded report: the first 100, then how many more.
#[test]
fn human_output_caps_findings_per_file() {
    let dir = temp();
    let members: Vec<String> = (0..150).map(|i| format!("p{i}")).collect();
    let mut text = format!("team t {{ members {} }}\n", members.join(", "));
    for i in 0..150 {
        text.push_str(&format!("person p{i} {{ phone \"x\" }}\n"));
    }
    write(dir.path(), "many.plan", &text);
    write(
        dir.path(),
        "few.plan",
        "person q { phone \"x\" }\nteam u { lead q }\n",
    );
    let run = coord(dir.path(), &["check", "--today", "2026-11-22"]);
    assert_eq!(run.code, 1);
    let reports = run.stdout.matches("[unknown-field]").count();
    assert_eq!(reports, 101, "100 for many.plan and 1 for few.plan");
    assert!(
        run.stdout
            .contains("... and 50 more findings in many.plan, not shown"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("more findings in few.plan"));
    assert!(
        run.stdout.contains("151 errors"),
        "the summary counts every finding"
    );
    // Machine formats keep them all.
    let all = coord(
        dir.path(),
        &["check", "--format", "json", "--today", "2026-11-22"],
    );
    assert_eq!(json(&all)["diagnostics"].as_array().unwrap().len(), 151);
}

/// One LSP message with its `Content-Length` header.
fn lsp_frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Reads the LSP messages the server writes, on a thread, so that a silent server fails the
/// test after a timeout instead of hanging it.
fn lsp_reader(stdout: std::process::ChildStdout) -> std::sync::mpsc::Receiver<Value> {
    use std::io::{BufRead, BufReader, Read};
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = n.trim().parse::<usize>().ok();
                }
            }
            let mut body = vec![0; length.expect("a Content-Length header")];
            reader.read_exact(&mut body).unwrap();
            if send.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        }
    });
    receive
}

#[test]
fn lsp_accepts_the_arguments_language_clients_send() {
    // VS Code's client runs `coord lsp --stdio`; some clients add `--clientProcessId N` or
    // `--clientProcessId=N`. Each must start a server that answers `initialize` and shuts down
    // cleanly, as a client drives it: one request, then its answer.
    let dir = temp();
    write(
        dir.path(),
        "plan.plan",
        "person alice {\n  name \"Alice\"\n}\n",
    );
    // Its own workspace root, whatever plan files the temporary folder's parents hold.
    write(dir.path(), "coord.toml", "");
    let root = format!("file://{}", dir.path().display());
    let timeout = std::time::Duration::from_secs(30);
    for args in [
        &["lsp", "--stdio", "--clientProcessId", "123"][..],
        &["lsp", "--clientProcessId=123", "--stdio"],
        &["lsp", "--stdio"],
        &["lsp"],
    ] {
        let mut child = command(dir.path(), args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run coord");
        let mut stdin = child.stdin.take().unwrap();
        let messages = lsp_reader(child.stdout.take().unwrap());
        let answer = |id: i64| loop {
            let message = messages
                .recv_timeout(timeout)
                .unwrap_or_else(|_| panic!("coord {args:?} did not answer request {id}"));
            if message["id"] == id {
                return message;
            }
        };
        stdin
            .write_all(&lsp_frame(&serde_json::json!({
                "jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"processId": null, "rootUri": root, "capabilities": {}},
            })))
            .unwrap();
        let init = answer(1);
        assert!(
            init["result"]["capabilities"].is_object(),
            "coord {args:?}: {init}"
        );
        stdin
            .write_all(&lsp_frame(
                &serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
            ))
            .unwrap();
        stdin
            .write_all(&lsp_frame(
                &serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
            ))
            .unwrap();
        let shutdown = answer(2);
        assert!(shutdown["error"].is_null(), "coord {args:?}: {shutdown}");
        stdin
            .write_all(&lsp_frame(
                &serde_json::json!({"jsonrpc": "2.0", "method": "exit"}),
            ))
            .unwrap();
        drop(stdin);
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "coord {args:?} after exit");
    }
    // Other options are still usage errors.
    let run = coord(dir.path(), &["lsp", "--tcp"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--tcp"), "{run:?}");
}
