//! A plan written from a real organisation's governance data (Kubernetes' `sigs.yaml`:
//! co-chairs, meetings with day, time, zone and frequency) checks with no `syntax` or
//! `unknown-field` finding, and its real clash is found: David Eads leads in two groups whose
//! regular meetings are both biweekly on Wednesday at 11:00 Pacific. Told which weeks each
//! meets (alternating), the two no longer clash.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn check(dir: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_coord"))
        .args(["check", "--format", "json", "--today", "2026-12-07", "."])
        .current_dir(dir)
        .output()
        .expect("coord runs");
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/governance")
}

#[test]
fn the_real_clash_is_found_and_nothing_else() {
    let json = check(&fixture());
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["meeting-clash"], "{json:#}");
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(
        message.contains("auth-regular")
            && message.contains("api-machinery-regular")
            && message.contains("deads2k")
            && message.contains("on weeks when both meet")
            && message.contains("Wed 11:00 in America/Los_Angeles"),
        "{message}"
    );
}

#[test]
fn alternating_weeks_do_not_clash() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture().join("kubernetes-sigs.plan")).unwrap();
    let alternate = |text: &str, meeting: &str, starts: &str| {
        let at = text.find(&format!("meeting {meeting} ")).unwrap();
        let close = at + text[at..].find('}').unwrap();
        format!("{}  starts {starts}\n{}", &text[..close], &text[close..])
    };
    let text = alternate(&text, "api-machinery-regular", "2026-12-09");
    let text = alternate(&text, "auth-regular", "2026-12-16");
    std::fs::write(dir.path().join("sigs.plan"), text).unwrap();
    let json = check(dir.path());
    assert_eq!(json["diagnostics"], serde_json::json!([]), "{json:#}");
}
