//! `coord import` end to end: a Backstage catalog and calendar exports from Google Calendar,
//! Outlook and Fastmail (fixtures in `tests/fixtures/import/`) become plan files that
//! `coord check` and `coord fmt` accept; bad input is reported with its location and
//! skipped; existing files are never overwritten without `--force`; hostile input never
//! panics.
//!
//! Every test runs the real binary on real files in a temporary folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

const TODAY: &str = "2026-12-07";

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

fn coord(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_coord"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .expect("run coord");
    Run {
        code: out.status.code().expect("coord was killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// A temporary folder holding a copy of the import fixtures under `in/`.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures(), &dir.path().join("in"));
    dir
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

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The items of a plan file without its header comment.
fn body(text: &str) -> String {
    text.lines()
        .skip_while(|l| l.starts_with('#') || l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `coord check --format json` findings in `dir` as (code, file, line, message).
fn findings(dir: &Path, plan: &str) -> Vec<(String, String, u64, String)> {
    let run = coord(dir, &["check", "--format", "json", "--today", TODAY, plan]);
    assert!(run.code <= 1, "{run:?}");
    let json: Value = serde_json::from_str(&run.stdout).expect("check --format json");
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Asserts the plan under `dir/plan` has no `syntax` or `unknown-field` finding.
fn assert_checks_clean(dir: &Path, plan: &str) {
    let bad: Vec<_> = findings(dir, plan)
        .into_iter()
        .filter(|(code, ..)| code == "syntax" || code == "unknown-field")
        .collect();
    assert!(bad.is_empty(), "findings in imported plans: {bad:#?}");
}

fn import_catalog(dir: &Path) -> Run {
    let run = coord(
        dir,
        &[
            "import",
            "backstage",
            "in/backstage/catalog-info.yaml",
            "-o",
            "plan",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    run
}

fn import_calendar(dir: &Path, app: &str, extra: &[&str]) -> Run {
    let file = format!("in/calendars/{app}.ics");
    let out = format!("plan/{app}");
    let mut args = vec![
        "import", "ics", &file, "--people", "plan", "-o", &out, "--today", TODAY,
    ];
    args.extend_from_slice(extra);
    coord(dir, &args)
}

#[test]
fn a_backstage_catalog_becomes_teams_and_people() {
    let dir = workdir();
    let run = import_catalog(dir.path());
    assert!(run.stdout.contains("plan/teams.plan (14 teams)"), "{run:?}");
    assert!(
        run.stdout.contains("plan/people.plan (32 people)"),
        "{run:?}"
    );
    let teams = read(&dir.path().join("plan/teams.plan"));
    let people = read(&dir.path().join("plan/people.plan"));
    // Where it came from, and how to re-run it.
    assert!(teams.starts_with(
        "# Imported by `coord import` from the Backstage catalog:\n#   in/backstage/catalog-info.yaml\n"
    ));
    assert!(teams
        .contains("#   coord import backstage in/backstage/catalog-info.yaml -o plan --force\n"));
    assert!(teams.contains("teams have no `lead`"));
    // Members from the group's spec.members and the users' memberOf, merged; parent from
    // spec.parent; titles from displayName; descriptions as doc comments.
    assert!(teams.contains(
        "## Owns the public API, its SDKs and the developer portal.\n\
         ## Backstage group type: team.\n\
         ## Email: platform@acme.example\n\
         team platform \"Platform\" {\n  \
         members alice-chen, bob, carol-nguyen, dmitri-volkov, sam-oconnor\n  \
         parent engineering\n}\n"
    ));
    // Parent from the parent's spec.children when the group names none.
    assert!(teams.contains(
        "team design \"Design\" {\n  members olivia-brown, pablo-silva\n  parent product\n}\n"
    ));
    // Someone in two teams is in both.
    assert!(teams.contains("members hiro-tanaka, priya-raman, tomas-novak\n"));
    assert!(teams.contains("members erin-walsh, farid-haddad, grace-kim, hiro-tanaka\n"));
    // A root group with no members is a brace-less team.
    assert!(teams.contains("team acme \"Acme Inc.\"\n"));
    assert!(!teams.contains("lead "));
    assert!(people
        .contains("person zoe-martin \"Zoë Martin\" {\n  email \"zoe.martin@acme.example\"\n}\n"));
    assert!(people.contains("person sam-oconnor \"Sam O'Connor\" {"));
    // Canonical: `coord fmt --check` has nothing to change, and the checker finds no
    // syntax or unknown-field problem.
    let fmt = coord(dir.path(), &["fmt", "--check", "plan"]);
    assert_eq!(fmt.code, 0, "{fmt:?}");
    assert_checks_clean(dir.path(), "plan");
    let codes: Vec<String> = findings(dir.path(), "plan")
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert!(
        codes
            .iter()
            .all(|c| c == "empty-team" || c == "orphan-person"),
        "{codes:?}"
    );
}

#[test]
fn a_catalog_folder_reads_each_file_once() {
    let dir = workdir();
    import_catalog(dir.path());
    let run = coord(
        dir.path(),
        &["import", "backstage", "in/backstage", "-o", "again"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    for file in ["teams.plan", "people.plan"] {
        assert_eq!(
            body(&read(&dir.path().join("plan").join(file))),
            body(&read(&dir.path().join("again").join(file))),
            "{file}"
        );
    }
}

#[test]
fn google_calendar_export_becomes_meetings() {
    let dir = workdir();
    import_catalog(dir.path());
    let run = import_calendar(dir.path(), "google", &[]);
    // The yearly offsite cannot be imported: exit 1, reported at its event.
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains(
            "in/calendars/google.ics:152: event \"Annual architecture offsite\": it repeats every \
         year (FREQ=YEARLY), which the plan cannot express: skipped"
        ),
        "{run:?}"
    );
    assert!(run.stderr.contains("left out 1 × one-off event"), "{run:?}");
    assert!(run.stderr.contains("RECURRENCE-ID"), "{run:?}");
    // The external contractor is listed, with a count.
    assert!(
        run.stderr.contains(
            "1 attendee matched no person in the plan under plan by email and was left out: \
         Kim Lauer <contractor@partner.example>"
        ),
        "{run:?}"
    );
    let meetings = read(&dir.path().join("plan/google/meetings.plan"));
    // Monday-to-Friday weekly is daily; the room resource is not an attendee.
    assert!(
        meetings.contains(
            "meeting platform-standup \"Platform standup\" {\n  owner alice-chen\n  \
         attendees alice-chen, bob, carol-nguyen, dmitri-volkov\n  cadence daily\n  \
         length 15m\n  time 09:30\n  tz \"Europe/Berlin\"\n  starts 2026-12-01\n}\n"
        ),
        "{meetings}"
    );
    // Whoever declined (zoe) is not an attendee.
    assert!(meetings.contains(
        "  attendees alice-chen, bob, carol-nguyen, sam-oconnor\n  cadence weekly\n  length 1h\n  \
         day wed\n  time 14:00\n"
    ), "{meetings}");
    // A UTC start is shown in the calendar's zone (15:00Z is 16:00 in Berlin in December).
    assert!(
        meetings.contains(
            "  cadence biweekly\n  length 45m\n  day thu\n  time 16:00\n  tz \"Europe/Berlin\"\n  \
         starts 2026-12-03\n"
        ),
        "{meetings}"
    );
    assert!(!meetings.contains("Incident retro"));
}

#[test]
fn outlook_export_with_windows_zone_names_becomes_meetings() {
    let dir = workdir();
    import_catalog(dir.path());
    let run = import_calendar(dir.path(), "outlook", &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains(
        "in/calendars/outlook.ics:154: event \"Finance close check-in\": it repeats on a day of \
         the month (BYMONTHDAY=15)"
    ), "{run:?}");
    let meetings = read(&dir.path().join("plan/outlook/meetings.plan"));
    // "Pacific Standard Time" is America/Los_Angeles; every second Wednesday is biweekly.
    assert!(meetings.contains(
        "meeting payments-platform-sync \"Payments / Platform sync\" {\n  owner dave-ortiz\n  \
         attendees alice-chen, dave-ortiz, erin-walsh, grace-kim\n  cadence biweekly\n  \
         length 1h\n  day wed\n  time 10:00\n  tz \"America/Los_Angeles\"\n  starts 2026-12-02\n}\n"
    ), "{meetings}");
    // "W. Europe Standard Time" is Europe/Berlin; the first Thursday monthly.
    assert!(
        meetings.contains(
            "  cadence monthly\n  length 90m\n  day thu\n  time 16:00\n  tz \"Europe/Berlin\"\n  \
         starts 2026-12-03\n"
        ),
        "{meetings}"
    );
    assert!(meetings.contains("  tz \"Asia/Tokyo\"\n"), "{meetings}");
    assert!(!meetings.contains("room"), "{meetings}");
}

#[test]
fn fastmail_export_with_folded_lines_becomes_meetings() {
    let dir = workdir();
    import_catalog(dir.path());
    let run = import_calendar(dir.path(), "fastmail", &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains(
        "in/calendars/fastmail.ics:116: event \"Onboarding sessions\": a series of 4 occurrences"
    ), "{run:?}");
    assert!(
        run.stderr
            .contains("left out 1 × series that ended before today"),
        "{run:?}"
    );
    let meetings = read(&dir.path().join("plan/fastmail/meetings.plan"));
    // A summary folded over two lines, cut to a name at a word.
    assert!(meetings.contains(
        "meeting data-analytics-metrics-review-with-the \"Data & Analytics: metrics review with \
         the product managers and the SRE on call\" {"
    ), "{meetings}");
    // DURATION instead of DTEND; BYSETPOS every third month is quarterly on the 2nd Thursday.
    assert!(meetings.contains(
        "  cadence quarterly\n  length 90m\n  day thu\n  time 13:00\n  tz \"America/New_York\"\n  \
         starts 2026-12-10\n"
    ), "{meetings}");
    assert!(meetings.contains("attendees lena-fischer, mateo-rossi, tariq-aziz\n"));
}

#[test]
fn the_whole_organisation_checks_clean() {
    let dir = workdir();
    import_catalog(dir.path());
    for app in ["google", "outlook", "fastmail"] {
        let run = import_calendar(dir.path(), app, &["--add-people"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(!run.stderr.contains("matched no person"), "{run:?}");
    }
    let added = read(&dir.path().join("plan/google/calendar-people.plan"));
    assert!(
        body(&added)
            == "person contractor \"Kim Lauer\" {\n  email \"contractor@partner.example\"\n}",
        "{added}"
    );
    let added = read(&dir.path().join("plan/fastmail/calendar-people.plan"));
    assert!(
        added.contains("person advisor \"Prof. Ada Byron\" {"),
        "{added}"
    );
    assert_checks_clean(dir.path(), "plan");
    let fmt = coord(dir.path(), &["fmt", "--check", "plan"]);
    assert_eq!(fmt.code, 0, "{fmt:?}");
}

#[test]
fn existing_files_are_replaced_only_with_force() {
    let dir = workdir();
    import_catalog(dir.path());
    let teams = dir.path().join("plan/teams.plan");
    std::fs::write(&teams, "team mine\n").unwrap();
    let args = [
        "import",
        "backstage",
        "in/backstage/catalog-info.yaml",
        "-o",
        "plan",
    ];
    let run = coord(dir.path(), &args);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("already exist"), "{run:?}");
    assert!(run.stderr.contains("--force"), "{run:?}");
    assert_eq!(read(&teams), "team mine\n");
    let mut forced = args.to_vec();
    forced.push("--force");
    let run = coord(dir.path(), &forced);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(read(&teams).contains("team platform"));
    // Re-importing the same catalog gives the same text: a diff shows only real changes.
    let before = read(&teams);
    coord(dir.path(), &forced);
    assert_eq!(read(&teams), before);
}

#[test]
fn a_calendar_import_can_replace_its_own_output_in_the_people_folder() {
    let dir = workdir();
    import_catalog(dir.path());
    let args = [
        "import",
        "ics",
        "in/calendars/outlook.ics",
        "--people",
        "plan",
        "-o",
        "plan",
        "--today",
        TODAY,
    ];
    assert_eq!(coord(dir.path(), &args).code, 1);
    let first = read(&dir.path().join("plan/meetings.plan"));
    let mut forced = args.to_vec();
    forced.push("--force");
    assert_eq!(coord(dir.path(), &forced).code, 1);
    // The old meetings.plan's names do not count as taken: no `-2` names.
    assert_eq!(read(&dir.path().join("plan/meetings.plan")), first);
}

#[test]
fn bad_catalog_entities_are_reported_and_skipped() {
    let dir = workdir();
    let run = coord(
        dir.path(),
        &["import", "backstage", "in/backstage-bad", "-o", "plan"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    for expected in [
        "in/backstage-bad/broken.yaml:5: not valid YAML",
        "in/backstage-bad/catalog-info.yaml:11: Location partly-broken: target \
         https://github.com/acme/catalog/blob/main/users.yaml is not a local file",
        "in/backstage-bad/catalog-info.yaml:10: cannot read in/backstage-bad/missing.yaml",
        "in/backstage-bad/entities.yaml:1: Component checkout-service: only Group, User and \
         Location entities are imported: skipped",
        "in/backstage-bad/entities.yaml:32: not a Backstage entity",
        "in/backstage-bad/entities.yaml:35: User Erin: defined again (first at \
         in/backstage-bad/entities.yaml:22)",
        "in/backstage-bad/entities.yaml:20: Group payments: `spec.members` names \
         user:default/ghost, which is not in the catalog files read",
        "in/backstage-bad/entities.yaml:30: User erin: `spec.memberOf` names \
         component:default/checkout-service, which is not a group",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in {run:?}"
        );
    }
    assert!(run.stderr.contains("problems reported above"), "{run:?}");
    // What could be imported was written.
    assert!(read(&dir.path().join("plan/teams.plan"))
        .contains("team payments \"Payments\" {\n  members erin\n}\n"));
    assert_checks_clean(dir.path(), "plan");
}

#[test]
fn nothing_importable_exits_2_and_writes_nothing() {
    let dir = workdir();
    for args in [
        vec!["import", "ics", "in/calendars-bad/notes.ics", "-o", "out"],
        vec![
            "import",
            "ics",
            "in/calendars-bad/truncated.ics",
            "-o",
            "out",
        ],
        vec![
            "import",
            "backstage",
            "in/backstage-bad/broken.yaml",
            "-o",
            "out",
        ],
        vec![
            "import",
            "backstage",
            "in/calendars/google.ics",
            "-o",
            "out",
        ],
        vec!["import", "ics", "in/backstage/org/groups.yaml", "-o", "out"],
    ] {
        let run = coord(dir.path(), &args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(
            run.stderr.contains("nothing was written"),
            "{args:?}: {run:?}"
        );
        assert!(!dir.path().join("out").exists(), "{args:?}");
    }
    let run = coord(
        dir.path(),
        &["import", "ics", "in/calendars-bad/notes.ics", "-o", "out"],
    );
    assert!(
        run.stderr
            .contains("in/calendars-bad/notes.ics:1: not iCalendar"),
        "{run:?}"
    );
    // A calendar cut short is reported at its last line.
    let run = coord(
        dir.path(),
        &[
            "import",
            "ics",
            "in/calendars-bad/truncated.ics",
            "-o",
            "out",
        ],
    );
    assert!(
        run.stderr
            .contains("in/calendars-bad/truncated.ics:7: not iCalendar"),
        "{run:?}"
    );
}

#[test]
fn bad_usage_exits_2() {
    let dir = workdir();
    for (args, expected) in [
        (
            vec!["import", "backstage", "nowhere.yaml"],
            "nowhere.yaml: no such file or folder",
        ),
        (
            vec![
                "import",
                "ics",
                "in/calendars/google.ics",
                "--people",
                "nowhere",
            ],
            "--people nowhere: not a folder",
        ),
        (
            vec![
                "import",
                "ics",
                "in/calendars/google.ics",
                "--today",
                "soon",
            ],
            "--today soon: not a date",
        ),
        (vec!["import", "ics"], "FILE"),
    ] {
        let run = coord(dir.path(), &args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains(expected), "{args:?}: {run:?}");
    }
}

#[test]
fn help_describes_both_sources() {
    let dir = workdir();
    let run = coord(dir.path(), &["import", "--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("backstage") && run.stdout.contains("ics"));
    assert!(run.stdout.contains("--force"), "{run:?}");
    let run = coord(dir.path(), &["import", "ics", "--help"]);
    for flag in [
        "--people",
        "--add-people",
        "--force",
        "-o",
        "RRULE",
        "ATTENDEE",
    ] {
        assert!(run.stdout.contains(flag), "{flag}: {run:?}");
    }
    let run = coord(dir.path(), &["import", "backstage", "--help"]);
    for word in ["Location", "memberOf", "lead"] {
        assert!(run.stdout.contains(word), "{word}: {run:?}");
    }
    let run = coord(dir.path(), &["--help"]);
    assert!(run.stdout.contains("import"), "{run:?}");
}

/// Hand-written hostile inputs: each import must end with a status, never a panic.
#[test]
fn hostile_inputs_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let deep_yaml = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let deep_map = (0..3000).fold(String::new(), |mut s, i| {
        s.push_str(&" ".repeat(i));
        s.push_str("a:\n");
        s
    });
    let laughs = "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n\
                  c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n";
    let yaml_cases: Vec<(&str, Vec<u8>)> = vec![
        ("deep.yaml", deep_yaml.into_bytes()),
        ("deepmap.yaml", deep_map.into_bytes()),
        ("laughs.yaml", laughs.as_bytes().to_vec()),
        ("binary.yaml", vec![0xff, 0xfe, 0x00, 0x41, 0x80]),
        ("empty.yaml", Vec::new()),
        (
            "weird.yaml",
            b"kind: Group\nmetadata: {name: [1]}\n---\nkind: User\nmetadata:\n  name: u\nspec:\n  memberOf: {a: b}\n  profile: 7\n---\nkind: Location\nmetadata: {name: l}\nspec: {targets: [../../../../etc/passwd, '*', '{', '']}\n".to_vec(),
        ),
        (
            "cycle.yaml",
            b"kind: Location\nmetadata: {name: self}\nspec: {target: ./cycle.yaml}\n".to_vec(),
        ),
    ];
    for (name, bytes) in &yaml_cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let run = coord(
            dir.path(),
            &["import", "backstage", name, "-o", "out", "--force"],
        );
        assert!(matches!(run.code, 0..=2), "{name}: {run:?}");
        assert!(!run.stderr.contains("panicked"), "{name}: {run:?}");
    }
    let event = |body: &str| {
        format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n{body}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    };
    let ics_cases: Vec<(&str, String)> = vec![
        ("nested.ics", "BEGIN:VCALENDAR\r\n".repeat(3000)),
        ("fold.ics", format!("BEGIN:VCALENDAR\r\nX:{}\r\nEND:VCALENDAR\r\n", " a\r\n".repeat(5000))),
        ("rrule.ics", event("SUMMARY:x\r\nDTSTART:20261201T090000\r\nRRULE:FREQ=WEEKLY;INTERVAL=99999999999999999999;BYDAY=9XX,,MO")),
        ("bysetpos.ics", event("SUMMARY:x\r\nDTSTART:20261201T090000\r\nRRULE:FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-128")),
        ("nth.ics", event("SUMMARY:x\r\nDTSTART:20261201T090000\r\nRRULE:FREQ=MONTHLY;BYDAY=99999TU")),
        ("dates.ics", event("SUMMARY:x\r\nDTSTART;TZID=Mars:99991231T235959Z\r\nDTEND:00000101T000000\r\nRRULE:FREQ=DAILY;UNTIL=garbage")),
        ("far.ics", event("SUMMARY:x\r\nDTSTART;TZID=Pacific/Kiritimati:99991231T235900\r\nDURATION:P99999999W\r\nRRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=4SU")),
        ("edge.ics", "BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Pacific/Kiritimati\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nDTSTART:99991231T235900Z\r\nDTEND;TZID=Pacific/Kiritimati:99991231T235900\r\nRRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=4SU\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:z\r\nDTSTART;TZID=Etc/GMT+12:00000101T000000\r\nDTEND:99991231T235900Z\r\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SU\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".to_string()),
        ("utc.ics", event("SUMMARY:x\r\nDTSTART:99991231T235900Z\r\nRRULE:FREQ=WEEKLY;BYDAY=SU")),
        ("att.ics", event("SUMMARY:\\\r\nDTSTART:20261201T090000\r\nRRULE:FREQ=WEEKLY\r\nATTENDEE;CN=\"unterminated:mailto:\r\nATTENDEE:mailto:\r\nORGANIZER:mailto:@")),
        ("unicode.ics", event("SUMMARY:会議 🎉\r\nDTSTART:2026é201T090000\r\nRRULE:FREQ=WEEKLY")),
        ("unicode2.ics", event("SUMMARY:x\r\nDTSTART:202é1201T090000\r\nRRULE:FREQ=WEEKLY;UNTIL=2é")),
        ("mailto.ics", event("SUMMARY:x\r\nDTSTART:20261201T090000\r\nRRULE:FREQ=WEEKLY\r\nORGANIZER:mailtö:a@x\r\nATTENDEE:maiĺto:b@x\r\nATTENDEE;CN=é:mailto:ÉMILE@X")),
    ];
    for (name, text) in &ics_cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        let run = coord(
            dir.path(),
            &[
                "import",
                "ics",
                name,
                "-o",
                "out",
                "--force",
                "--add-people",
            ],
        );
        assert!(matches!(run.code, 0..=2), "{name}: {run:?}");
        assert!(!run.stderr.contains("panicked"), "{name}: {run:?}");
    }
    // Whatever was written parses.
    if dir.path().join("out").exists() {
        let run = coord(dir.path(), &["check", "out", "--today", TODAY]);
        assert!(run.code <= 1, "{run:?}");
    }
}

/// The documented way to stay in sync: re-import the changed source and `coord diff` the
/// result. Moving one user to another group in the catalog is exactly one change.
#[test]
fn a_reimport_of_a_changed_catalog_diffs_as_that_change() {
    let dir = workdir();
    import_catalog(dir.path());
    let users = dir.path().join("in/backstage/org/users/engineering.yaml");
    let text = read(&users);
    let changed = text.replace(
        "name: bob\nspec:\n  profile:\n    displayName: Bob Okafor\n    email: bob@acme.example\n  memberOf: [platform]",
        "name: bob\nspec:\n  profile:\n    displayName: Bob Okafor\n    email: bob@acme.example\n  memberOf: [payments]",
    );
    assert_ne!(changed, text, "the fixture changed: update this test");
    std::fs::write(&users, changed).unwrap();
    // `bob` is also in platform's own spec.members: take him out there too.
    let groups = dir.path().join("in/backstage/org/groups.yaml");
    let text = read(&groups);
    std::fs::write(&groups, text.replace("    - bob\n", "")).unwrap();
    let run = coord(
        dir.path(),
        &[
            "import",
            "backstage",
            "in/backstage/catalog-info.yaml",
            "-o",
            "new",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let diff = coord(dir.path(), &["diff", "plan", "new", "--today", TODAY]);
    assert!(diff.code <= 1, "{diff:?}");
    assert!(
        diff.stdout.contains("bob moves platform → payments"),
        "{diff:?}"
    );
}
