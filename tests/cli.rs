//! The command line as an organiser or a script uses it: outputs, refusals and exit codes.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use checkin::store::Store;

fn checkin(data: &Path, args: &[&str], stdin: &str) -> Output {
    common::run_checkin(
        data,
        &["--station", "desk-2", "--operator", "Aigerim", "--now", "2016-11-21T09:12"],
        args,
        stdin,
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn seeded_folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path(), "desk-1").unwrap();
    store.set_program(&common::program()).unwrap();
    store.import(&common::people()).unwrap();
    tmp
}

#[test]
fn help_is_there_for_every_command() {
    for args in [
        vec!["--help"],
        vec!["scan", "--help"],
        vec!["export", "attendance", "--help"],
        vec!["restore", "--help"],
        vec!["program", "--help"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_checkin")).args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let help = text(&out.stdout);
        assert!(
            help.contains("--data") && help.contains("--station") && help.contains("--now") && help.contains("--lang"),
            "{args:?}: {help}"
        );
    }
}

#[test]
fn scan_says_ok_then_already_then_unknown() {
    let tmp = seeded_folder();
    let out = checkin(tmp.path(), &["scan"], "KZ-000001\n\n kz-000002 \nKZ-000001\nNOPE-1\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(lines[0], "OK\tKZ-000001\tСмағұлова Гүлнар Серікқызы");
    assert_eq!(lines[1], "OK\tKZ-000002\tАхметов Марат", "codes match in any case");
    assert_eq!(lines[2], "ALREADY\tKZ-000001\tsince 2016-11-21 09:12 at desk-2\tСмағұлова Гүлнар Серікқызы");
    assert_eq!(lines[3], "UNKNOWN\tNOPE-1");

    // Another run (another window later in the day) still knows.
    let again = checkin(tmp.path(), &["scan"], "KZ-000002\n");
    assert_eq!(text(&again.stdout), "ALREADY\tKZ-000002\tsince 2016-11-21 09:12 at desk-2\tАхметов Марат\n");
}

#[test]
fn scan_at_an_unknown_session_is_refused() {
    let tmp = seeded_folder();
    let out = checkin(tmp.path(), &["scan", "--session", "nope"], "KZ-000001\n");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no session \"nope\""));
}

#[test]
fn a_second_window_gets_a_plain_message() {
    let tmp = seeded_folder();
    let _held = Store::open(tmp.path(), "desk-1").unwrap();
    let out = checkin(tmp.path(), &["status"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "this data folder ({}) is open in another checkin (pid {})",
            tmp.path().display(),
            std::process::id()
        )),
        "{err}"
    );
}

#[test]
fn a_day_outside_the_programme_still_checks_in_with_a_note() {
    let tmp = seeded_folder();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_checkin"));
    let out = cmd
        .args(["--data", tmp.path().to_str().unwrap(), "--station", "desk-1", "--now", "2016-11-20T16:00", "scan"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = out;
    child.stdin.take().unwrap().write_all(b"KZ-000003\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(text(&out.stdout).starts_with("OK\tKZ-000003"));
    assert!(text(&out.stderr).contains("2016-11-20 is not a day of the programme"), "{}", text(&out.stderr));
}

#[test]
fn bad_programmes_are_refused_with_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let bad_json = tmp.path().join("bad.json");
    std::fs::write(&bad_json, "{ not json").unwrap();
    let out = checkin(&data, &["program", bad_json.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("is not a valid programme"));

    let mut p = common::program();
    p.sessions[0].end = p.sessions[0].start;
    let backwards = tmp.path().join("backwards.json");
    std::fs::write(&backwards, serde_json::to_string(&p).unwrap()).unwrap();
    let out = checkin(&data, &["program", backwards.to_str().unwrap()], "");
    assert!(text(&out.stderr).contains("session \"mc-robotics-1\" ends before it starts"), "{}", text(&out.stderr));

    let good = tmp.path().join("good.json");
    std::fs::write(&good, serde_json::to_string_pretty(&common::program()).unwrap()).unwrap();
    let out = checkin(&data, &["program", good.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("2 days, 1 sessions"));
}

#[test]
fn attendance_exports_open_in_excel_and_restore_round_trips() {
    let tmp = seeded_folder();
    checkin(tmp.path(), &["scan"], "KZ-000001\nKZ-000004\n");
    // 09:12 is before the robotics door opens (10:30): a warning, unless the host overrides it.
    let early = checkin(tmp.path(), &["scan", "--session", "mc-robotics-1"], "KZ-000001\n");
    assert!(text(&early.stdout).starts_with("WARN\tKZ-000001\ttoo-early (starts 11:00)\t"), "{}", text(&early.stdout));
    let ok = checkin(tmp.path(), &["scan", "--session", "mc-robotics-1", "--override", "early bus"], "KZ-000001\n");
    assert!(text(&ok.stdout).starts_with("OK\tKZ-000001\t"), "{}", text(&ok.stdout));

    let sheet = tmp.path().join("attendance.csv");
    let out = checkin(tmp.path(), &["export", "attendance", "--out", sheet.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&sheet).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM, so Excel reads Cyrillic right");
    let csv = text(&bytes[3..]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 1 + common::people().len());
    assert!(rows[0].starts_with("code,family_name,given_name"));
    let row = rows.iter().find(|r| r.starts_with("KZ-000004")).unwrap();
    assert!(row.contains(",in,2016-11-21 09:12:00,desk-2,"), "{row}");
    assert!(rows.iter().find(|r| r.starts_with("KZ-000005")).unwrap().contains(",not_yet,"));

    let roster = tmp.path().join("robotics.csv");
    checkin(tmp.path(), &["export", "attendance", "--session", "mc-robotics-1", "--out", roster.to_str().unwrap()], "");
    let roster = text(&std::fs::read(&roster).unwrap()[3..]);
    assert_eq!(roster.lines().count(), 2, "only the signed-up child: {roster}");
    assert!(roster.contains("KZ-000001") && roster.contains(",yes,in,"));

    let log = tmp.path().join("facts.jsonl");
    let out = checkin(tmp.path(), &["export", "facts", "--out", log.to_str().unwrap()], "");
    assert!(text(&out.stdout).starts_with("3 facts written"));

    // A fresh folder with the same registrants, then the facts: the same sheet comes out.
    let other = tempfile::tempdir().unwrap();
    {
        let store = Store::open(other.path(), "desk-9").unwrap();
        store.set_program(&common::program()).unwrap();
        store.import(&common::people()).unwrap();
    }
    let out = checkin(other.path(), &["restore", log.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("warning"), "{}", text(&out.stderr));
    let sheet2 = other.path().join("attendance.csv");
    checkin(other.path(), &["export", "attendance", "--out", sheet2.to_str().unwrap()], "");
    assert_eq!(std::fs::read(&sheet2).unwrap(), bytes);

    // Restoring into a folder without the registrants works, but says what is missing.
    let bare = tempfile::tempdir().unwrap();
    let out = checkin(bare.path(), &["restore", log.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("warning: 2 registration codes in the log are not registrants"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_broken_fact_log_restores_nothing() {
    let tmp = seeded_folder();
    let log = tmp.path().join("broken.jsonl");
    std::fs::write(&log, "garbage\n").unwrap();
    let out = checkin(tmp.path(), &["restore", log.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("line 1: not a checkin fact"), "{}", text(&out.stderr));
}

#[test]
fn rebuild_reports_what_it_did() {
    let tmp = seeded_folder();
    checkin(tmp.path(), &["scan"], "KZ-000001\n");
    let out = checkin(tmp.path(), &["rebuild"], "");
    assert_eq!(text(&out.stdout), "rebuilt from 1 facts: the stored state was already right\n");
}

#[test]
fn a_bad_clock_is_a_message_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_checkin"))
        .args(["--data", tmp.path().to_str().unwrap(), "--now", "tomorrow", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("\"tomorrow\" is not a time"));
}

#[test]
fn search_prints_the_desk_ranking_code_first() {
    let tmp = seeded_folder();
    checkin(tmp.path(), &["scan"], "KZ-000001\n");
    let out = checkin(tmp.path(), &["search", "smagulova gul"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let first = text(&out.stdout).lines().next().unwrap_or_default().to_owned();
    assert!(first.starts_with("KZ-000001\tСмағұлова Гүлнар Серікқызы\t"), "{first}");
    assert!(first.ends_with("\tin since 09:12 at desk-2"), "today's status is shown: {first}");

    // An exact code in the wrong layout is the first row.
    let out = checkin(tmp.path(), &["search", "ЛЯ-000003", "--json"], "");
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found[0]["code"], "KZ-000003");
    assert_eq!(found[0]["tier"], "code");
    assert_eq!(found[0]["matched"], serde_json::json!([{"token": "ЛЯ-000003", "how": "layout"}]));
    // How each token of a name matched: the letters typed, or folded.
    let out = checkin(tmp.path(), &["search", "смагулова гүлнар", "--json"], "");
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((found[0]["code"].as_str(), found[0]["tier"].as_str()), (Some("KZ-000001"), Some("exact")));
    assert_eq!(
        found[0]["matched"],
        serde_json::json!([{"token": "смагулова", "how": "folded"}, {"token": "гүлнар", "how": "exact"}])
    );
    let found = checkin(tmp.path(), &["search", "KZ-000001", "--json"], "");
    let found: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(
        (found[0]["today"].as_str(), found[0]["since"].as_str(), found[0]["station"].as_str()),
        (Some("in"), Some("09:12"), Some("desk-2"))
    );

    let none = checkin(tmp.path(), &["search", "Qwertyuiop"], "");
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty());
}

#[test]
fn importing_into_an_empty_folder_adds_only_the_file_and_dry_run_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("real-event");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/ru_excel_cp1251.csv");

    let dry = checkin(&data, &["import", file.to_str().unwrap(), "--dry-run"], "");
    assert!(dry.status.success(), "{}", text(&dry.stderr));
    assert!(text(&dry.stdout).contains("dry run: nothing was written"));
    let status = text(&checkin(&data, &["status"], "").stdout);
    assert!(status.contains("people:      0 registered"), "{status}");

    let out = checkin(&data, &["import", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let status = text(&checkin(&data, &["status"], "").stdout);
    assert!(!status.contains("DEMO"), "{status}");
    let people: usize = status
        .lines()
        .find_map(|l| l.strip_prefix("people:"))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..100).contains(&people), "only the file's registrants, not the 1000 sample people: {status}");

    // Importing the same file again changes nothing and duplicates nobody.
    let again = text(&checkin(&data, &["import", file.to_str().unwrap()], "").stdout);
    assert!(again.contains("added 0") && again.contains(&format!("unchanged {people}")), "{again}");
}

#[test]
fn a_file_with_bad_rows_imports_nothing_and_names_the_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("bad.csv");
    std::fs::write(&file, "code,family_name,given_name\nKZ-1,Омаров,Асель\n,Ким,Ли\nKZ-1,Пак,Юна\n").unwrap();
    let data = tmp.path().join("data");
    let out = checkin(&data, &["import", file.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("line 3") && err.contains("line 4") && err.contains("nothing was imported"), "{err}");
    let status = text(&checkin(&data, &["status"], "").stdout);
    assert!(status.contains("people:      0 registered"), "{status}");

    let png = tmp.path().join("photo.csv");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let out = checkin(&data, &["import", png.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(!text(&out.stderr).is_empty());
}

#[test]
fn a_reader_that_went_away_ends_the_output_quietly_and_the_work_still_happens() {
    // `checkin import file | head -1`: stdout is a pipe nobody reads any more.
    let tmp = tempfile::tempdir().unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/ru_excel_cp1251.csv");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_checkin"))
        .arg("--data")
        .arg(tmp.path())
        .arg("import")
        .arg(&file)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{err}");
    let status = checkin(tmp.path(), &["status"], "");
    assert!(text(&status.stdout).contains("people:      5 registered"), "{}", text(&status.stdout));

    // `checkin export onsite --out FILE | head -0`: the roll-call is written all the same.
    let sheet = tmp.path().join("onsite.csv");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_checkin"))
        .arg("--data")
        .arg(tmp.path())
        .args(["export", "onsite", "--out"])
        .arg(&sheet)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{err}");
    assert!(sheet.exists());
}

#[test]
fn escape_sequences_in_a_programme_or_an_operator_name_never_reach_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut program = common::program();
    program.name.en = "Child-friendly\u{1b}[2J\u{1b}]0;pwned\u{7} Kazakhstan".into();
    program.sessions[0].title.en = "Robo\u{1b}[31mtics".into();
    let file = tmp.path().join("program.json");
    std::fs::write(&file, serde_json::to_string(&program).unwrap()).unwrap();
    let out = checkin(&data, &["program", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let status = |operator: &str| {
        Command::new(env!("CARGO_BIN_EXE_checkin"))
            .arg("--data")
            .arg(&data)
            .args(["--operator", operator, "status"])
            .output()
            .unwrap()
    };
    let out = status("Evil");
    let shown = text(&out.stdout);
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'), "{shown:?}");
    assert!(shown.contains("event:       Child-friendly Kazakhstan"), "{shown}");
    assert!(shown.contains("(operator Evil)"), "{shown}");
    // An operator name is recorded with every fact as given: one with an escape is refused.
    let out = status("Ev\u{1b}[2Jil");
    let said = text(&out.stderr);
    assert!(!out.status.success() && said.contains("operator name"), "{said}");
    assert!(!said.contains('\u{1b}') && !text(&out.stdout).contains('\u{1b}'), "{said:?}");
    let stored = Store::open(&data, "desk-1").unwrap().program().unwrap().unwrap();
    assert_eq!(stored.sessions[0].title.en, "Robotics");
}

/// The seeded folder plus a two-seat class from 09:05 (running at 09:12, before its no-show
/// time), with KZ-000002 signed up for it.
fn folder_with_a_class() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path(), "desk-1").unwrap();
    let mut program = common::program();
    let mut class = program.sessions[0].clone();
    class.id = "mc-early".into();
    class.title.en = "Early class".into();
    class.start = common::day1().and_hms_opt(9, 5, 0).unwrap();
    class.end = common::day1().and_hms_opt(10, 0, 0).unwrap();
    class.capacity = Some(2);
    program.sessions.push(class);
    store.set_program(&program).unwrap();
    store.import(&common::people()).unwrap();
    let signed =
        checkin::domain::FactKind::SignedUp { code: "KZ-000002".into(), session: "mc-early".into(), note: None };
    store.record(common::morning(), "Aigerim", signed).unwrap();
    tmp
}

#[test]
fn sessions_lists_the_day_running_first_with_seats() {
    let tmp = folder_with_a_class();
    let out = checkin(tmp.path(), &["sessions"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_owned).collect();
    assert_eq!(lines[0], "id\tkind\ttitle\troom\tstart\tend\tcapacity\tsigned_up\tpresent\twaitlist\towner");
    // A folder no other station joined: no owner to ask, every sign-up counts.
    assert_eq!(
        lines[1],
        "mc-early\tmaster_class\tEarly class\tScience town 1\t2016-11-21T09:05\t2016-11-21T10:00\t2\t1\t0\t0\t-"
    );
    assert!(lines[2].starts_with("mc-robotics-1\tmaster_class\tRobotics\t"), "{}", lines[2]);

    let json = checkin(tmp.path(), &["sessions", "--json", "--day", "2016-11-21"], "");
    let listed: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(listed[0]["id"], "mc-early");
    assert_eq!(listed[0]["seats_left"], 1);
    assert_eq!(listed[0]["running"], true);
    assert_eq!(listed[1]["signed_up"], 1, "KZ-000001 is on the imported list");

    let other_day = checkin(tmp.path(), &["sessions", "--day", "2016-12-01"], "");
    assert!(text(&other_day.stderr).contains("2016-12-01 is not a day of the programme"));
}

#[test]
fn scan_at_a_session_follows_the_hosts_rules_line_by_line() {
    let tmp = folder_with_a_class();
    let out =
        checkin(tmp.path(), &["scan", "--session", "mc-early"], "KZ-000002\nkz-000003\nKZ-000002\nKZ-000004\nNOPE\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_owned).collect();
    assert_eq!(
        lines,
        [
            "OK\tKZ-000002\tАхметов Марат",
            "WALK-IN\tKZ-000003\tMüller Jürgen",
            "ALREADY\tKZ-000002\tsince 2016-11-21 09:12 at desk-2\tАхметов Марат",
            "FULL\tKZ-000004\twaitlist 0\t王 芳",
            "UNKNOWN\tNOPE",
        ]
    );
    let listed: serde_json::Value =
        serde_json::from_slice(&checkin(tmp.path(), &["sessions", "--json"], "").stdout).unwrap();
    assert_eq!((listed[0]["present"].as_u64(), listed[0]["seats_left"].as_u64()), (Some(2), Some(0)));

    // The roster with present times, seats and the override notes.
    let sheet = tmp.path().join("early.csv");
    let out =
        checkin(tmp.path(), &["export", "attendance", "--session", "mc-early", "--out", sheet.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&std::fs::read(&sheet).unwrap()[3..]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[0].ends_with(",left_at,collected_by,seat,note"));
    assert!(
        rows[1].starts_with("KZ-000002,") && rows[1].contains(",yes,in,2016-11-21 09:12:00,desk-2,,,signed_up,"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].starts_with("KZ-000003,") && rows[2].contains(",no,in,2016-11-21 09:12:00,desk-2,,,walk_in,"),
        "{}",
        rows[2]
    );
}

#[test]
fn the_host_screen_refuses_an_unknown_session_before_opening() {
    let tmp = folder_with_a_class();
    let out = checkin(tmp.path(), &["--session", "nope"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no session \"nope\" in the programme"), "{}", text(&out.stderr));
    let help = Command::new(env!("CARGO_BIN_EXE_checkin")).args(["scan", "--help"]).output().unwrap();
    assert!(text(&help.stdout).contains("WALK-IN (not signed up, took a free seat)"));
}

#[test]
fn a_line_that_is_not_utf8_gets_its_verdict_and_the_scan_goes_on() {
    let tmp = seeded_folder();
    let mut child = Command::new(env!("CARGO_BIN_EXE_checkin"))
        .arg("--data")
        .arg(tmp.path())
        .args(["--station", "desk-2", "--now", "2016-11-21T09:12", "scan"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A stray byte, then KZ-000002 typed through the Russian layout by a scanner sending cp1251.
    child.stdin.take().unwrap().write_all(b"KZ-000001\n\xff\xfe\n\xcb\xdf-000002\r\nKZ-000003\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let verdicts: Vec<String> =
        text(&out.stdout).lines().map(|l| l.split('\t').take(2).collect::<Vec<_>>().join(" ")).collect();
    assert_eq!(verdicts, ["OK KZ-000001", "UNKNOWN яю", "OK KZ-000002", "OK KZ-000003"]);
}

#[test]
fn a_pretix_export_imports_without_map_and_every_code_on_a_ticket_scans() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path(), "desk-1").unwrap();
    store.set_program(&common::program()).unwrap();
    drop(store);
    let file = tmp.path().join("orders.csv");
    std::fs::write(
        &file,
        "Event slug,Order code,Position ID,Status,Email,Product,Attendee name,Attendee name: Given name,\
Attendee name: Family name,Attendee email,Ticket secret,Date of birth\n\
astana,QW7RT,1,paid,b@example.kz,Participant,Дана Ахметова,Дана,Ахметова,,s1cr3tqw7rt1aaaa,2005-03-12\n\
astana,QW7RT,2,paid,b@example.kz,Participant,Ерлан Ахметов,Ерлан,Ахметов,,s1cr3tqw7rt2aaaa,1979-01-01\n\
astana,ZZ9KP,1,canceled,c@example.kz,Participant,Арман Сейітов,Арман,Сейітов,,s1cr3tzz9kp1aaaa,1990-01-01\n",
    )
    .unwrap();
    let out = checkin(tmp.path(), &["import", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("1 of them cancelled"), "{}", text(&out.stdout));

    // The secret (in the other layout's letters, as a scanner on a Russian keyboard types it),
    // and the order code of a one-person order; a cancelled ticket is never OK.
    let secret_ru: String = "S1CR3TQW7RT1AAAA"
        .chars()
        .map(|c| match c {
            'S' => 'Ы',
            'C' => 'С',
            'R' => 'К',
            'T' => 'Е',
            'Q' => 'Й',
            'W' => 'Ц',
            'A' => 'Ф',
            other => other,
        })
        .collect();
    let out = checkin(tmp.path(), &["scan"], &format!("{secret_ru}\nzz9kp\ns1cr3tqw7rt2aaaa\n"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_owned).collect();
    assert_eq!(lines[0], "OK\ts1cr3tqw7rt1aaaa\tАхметова Дана");
    assert_eq!(lines[1], "NOT-ADMITTED\ts1cr3tzz9kp1aaaa\tcancelled\tСейітов Арман");
    assert_eq!(lines[2], "OK\ts1cr3tqw7rt2aaaa\tАхметов Ерлан");

    let out = checkin(tmp.path(), &["search", "--json", "zz9kp"], "");
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let arman = &found[0];
    assert_eq!(arman["code"], "s1cr3tzz9kp1aaaa", "the order code of a one-person order finds them");
    assert_eq!((arman["family"].as_str(), arman["given"].as_str()), (Some("Сейітов"), Some("Арман")));
    assert_eq!(arman["status"], "cancelled");
    assert_eq!(arman["aliases"], serde_json::json!(["ZZ9KP"]));
    let out = checkin(tmp.path(), &["search", "--json", "Ахметова"], "");
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found[0]["minor"], true, "11 on the first day, by her birth date");
    assert_eq!(found[0]["patronymic"], "");

    // Re-imported without Дана: she is named, and kept.
    let lines: Vec<&str> = std::fs::read_to_string(&file).unwrap().leak().lines().collect();
    std::fs::write(&file, [lines[0], lines[2], lines[3]].join("\n") + "\n").unwrap();
    let out = checkin(tmp.path(), &["import", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("no longer in the file 1: s1cr3tqw7rt1aaaa"), "{}", text(&out.stdout));
}

#[test]
fn attendance_in_russian_is_semicolon_separated_with_formulas_defused_or_a_workbook() {
    let tmp = seeded_folder();
    let csv = tmp.path().join("day.csv");
    let out = checkin(tmp.path(), &["--lang", "ru", "export", "attendance", "--out", csv.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sheet = std::fs::read_to_string(&csv).unwrap();
    assert!(sheet.starts_with("\u{feff}code;family_name;given_name"), "{sheet}");
    let out = checkin(
        tmp.path(),
        &["--lang", "ru", "export", "attendance", "--delimiter", ",", "--out", csv.to_str().unwrap()],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(&csv).unwrap().starts_with("\u{feff}code,family_name"));
    let xlsx = tmp.path().join("day.xlsx");
    let out = checkin(tmp.path(), &["export", "attendance", "--out", xlsx.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"), "a workbook");
}

#[test]
fn scan_reads_a_log_saved_with_a_byte_order_mark_and_crlf_line_ends() {
    let tmp = seeded_folder();
    let out = checkin(tmp.path(), &["scan"], "\u{feff}KZ-000001\r\nKZ-000003\r\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let verdicts: Vec<&str> = text.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(verdicts, ["OK", "OK"], "{text}");
    let out = checkin(tmp.path(), &["scan", "--out"], "\u{feff}KZ-000003\r\n");
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("OUT\tKZ-000003"));
}
