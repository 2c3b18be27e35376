//! `coord fmt`: checking, rewriting in place, standard input, and the files it must not touch.
//! (The formatter's properties are unit tests in `src/fmt/props.rs`.)

use std::path::Path;
use std::process::{Command, Output, Stdio};

// ---------------------------------------------------------------------------------------------
// `coord fmt`.

fn coord(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coord"));
    cmd.current_dir(dir).args(args).env("NO_COLOR", "1");
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("coord runs");
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const UGLY: &str = "team t \"T\" { lead a  members b,c }\nperson a\nperson b\nperson c\n";
const PRETTY: &str =
    "team t \"T\" {\n  lead a\n  members b, c\n}\n\nperson a\nperson b\nperson c\n";

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn check_lists_files_to_reformat_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("teams")).unwrap();
    std::fs::write(dir.path().join("teams/ugly.plan"), UGLY).unwrap();
    std::fs::write(dir.path().join("pretty.plan"), PRETTY).unwrap();
    let out = coord(dir.path(), &["fmt", "--check"], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "teams/ugly.plan\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("teams/ugly.plan")).unwrap(),
        UGLY
    );

    let out = coord(dir.path(), &["fmt", "--check", "pretty.plan"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn rewrites_in_place_atomically_keeping_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let ugly = dir.path().join("ugly.plan");
    std::fs::write(&ugly, UGLY).unwrap();
    std::fs::write(dir.path().join("pretty.plan"), PRETTY).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&ugly, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let before = listing(dir.path());
    let out = coord(dir.path(), &["fmt"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "ugly.plan\n", "lists what it rewrote");
    assert_eq!(std::fs::read_to_string(&ugly).unwrap(), PRETTY);
    assert_eq!(
        listing(dir.path()),
        before,
        "no temporary file is left behind"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&ugly).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    // A second run has nothing to do.
    let out = coord(dir.path(), &["fmt", "--check", "."], None);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_file_with_a_syntax_error_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "team t {   lead a\n  members  b,\n}\nperson   a\n";
    std::fs::write(dir.path().join("bad.plan"), bad).unwrap();
    std::fs::write(dir.path().join("ugly.plan"), UGLY).unwrap();
    let out = coord(dir.path(), &["fmt"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(dir.path().join("bad.plan")).unwrap(),
        bad.as_bytes()
    );
    let err = text(&out.stderr);
    assert!(err.starts_with("bad.plan:2:13: not formatted"), "{err}");
    // The other file is still formatted.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ugly.plan")).unwrap(),
        PRETTY
    );
    assert_eq!(listing(dir.path()), ["bad.plan", "ugly.plan"]);
}

#[test]
fn standard_input_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = coord(dir.path(), &["fmt", "-"], Some(UGLY));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), PRETTY);

    let out = coord(dir.path(), &["fmt", "--check", "-"], Some(UGLY));
    assert_eq!(out.status.code(), Some(1));
    let out = coord(dir.path(), &["fmt", "--check", "-"], Some(PRETTY));
    assert_eq!(out.status.code(), Some(0));

    let out = coord(dir.path(), &["fmt", "-"], Some("person a\nteam { }"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "",
        "nothing is written when the input cannot be formatted"
    );
    assert!(
        text(&out.stderr).starts_with("<stdin>:2:1: not formatted"),
        "{}",
        text(&out.stderr)
    );

    let out = coord(dir.path(), &["fmt", "-", "x.plan"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn read_only_files_are_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.plan");
    std::fs::write(&path, UGLY).unwrap();
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    let out = coord(dir.path(), &["fmt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("locked.plan: cannot be written: the file is read-only"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), UGLY);
    assert_eq!(listing(dir.path()), ["locked.plan"]);
}

#[test]
fn crlf_files_stay_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("win.plan");
    std::fs::write(&path, UGLY.replace('\n', "\r\n")).unwrap();
    let out = coord(dir.path(), &["fmt", "win.plan"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, PRETTY.replace('\n', "\r\n"));
}

#[test]
fn unreadable_input_is_a_usage_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = coord(dir.path(), &["fmt", "missing.plan"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("missing.plan"),
        "{}",
        text(&out.stderr)
    );

    std::fs::write(dir.path().join("latin1.plan"), b"person caf\xe9\n").unwrap();
    std::fs::write(dir.path().join("ugly.plan"), UGLY).unwrap();
    let out = coord(dir.path(), &["fmt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("latin1.plan"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ugly.plan")).unwrap(),
        UGLY,
        "nothing is written"
    );
}
