//! The organisers' and the safeguarding lead's command line: `scan --out`, `export onsite`,
//! `report`. Outputs, refusals and what lands in the fact log.

mod common;

use std::path::Path;
use std::process::Output;

use checkin::domain::{Category, FactKind, Person};
use checkin::station::Station;
use checkin::store::Store;

fn checkin_at(data: &Path, now: &str, args: &[&str], stdin: &str) -> Output {
    common::run_checkin(data, &["--station", "exit-1", "--operator", "Dana", "--now", now], args, stdin)
}

fn checkin(data: &Path, args: &[&str], stdin: &str) -> Output {
    checkin_at(data, "2016-11-21T16:30", args, stdin)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The shared fixtures plus a delegation: a child, its chaperone (with a phone), and a child of
/// another delegation with its own chaperone.
fn people() -> Vec<Person> {
    let mut people = common::people();
    let mut chaperone = common::person("KZ-000020", "Тоқаева", "Гаухар", Category::Chaperone);
    chaperone.patronymic = "Мұратқызы".into();
    chaperone.delegation = "Ақтөбе облысы — 1".into();
    chaperone.phone = "+7 747 854 79 70".into();
    let mut child = common::person("KZ-000021", "Омарова", "Асель", Category::Child);
    child.delegation = "Ақтөбе облысы — 1".into();
    child.region = "Ақтөбе облысы".into();
    child.country = "KZ".into();
    child.birth_year = Some(2006);
    let mut other = common::person("KZ-000022", "Ким", "Ли", Category::Chaperone);
    other.delegation = "Атырау облысы — 1".into();
    people.extend([chaperone, child, other]);
    people
}

const PASSPHRASE: &str = "Астана 2016 балаға";

fn set_passphrase(data: &Path) {
    let out = checkin(data, &["passphrase"], &format!("{PASSPHRASE}\n"));
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// As `checkin`, with the organisers' passphrase in the environment.
fn checkin_with_passphrase(data: &Path, args: &[&str], stdin: &str) -> Output {
    common::run_checkin_env(
        data,
        &["--station", "exit-1", "--operator", "Dana", "--now", "2016-11-21T16:30"],
        args,
        stdin,
        &[("CHECKIN_ORGANISER_PASSPHRASE", PASSPHRASE)],
    )
}

fn seeded_folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path(), "desk-1").unwrap();
    store.set_program(&common::program()).unwrap();
    store.import(&people()).unwrap();
    tmp
}

fn lines(out: &Output) -> Vec<String> {
    text(&out.stdout).lines().map(str::to_owned).collect()
}

#[test]
fn scan_out_releases_adults_and_minors_only_to_authorised_adults() {
    let tmp = seeded_folder();
    let arrived = checkin_at(tmp.path(), "2016-11-21T09:00", &["scan"], "KZ-000021\nKZ-000020\nKZ-000003\nKZ-000001\n");
    assert_eq!(lines(&arrived).len(), 4, "{}", text(&arrived.stderr));

    let out = checkin(tmp.path(), &["scan", "--out"], "KZ-000003\nKZ-000021\nKZ-000005\nNOPE\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let got = lines(&out);
    assert_eq!(got[0], "OUT\tKZ-000003\tMüller Jürgen", "an adult leaves on their own");
    assert!(got[1].starts_with("REFUSED\tKZ-000021\tОмарова Асель\tminor: name who collects them"), "{}", got[1]);
    assert!(got[1].contains("Тоқаева Гаухар Мұратқызы (chaperone, KZ-000020)") && !got[1].contains("+7"), "{}", got[1]);
    assert_eq!(got[2], "NOT-IN\tKZ-000005\tИванова Наталья\tnot checked in today");
    assert_eq!(got[3], "UNKNOWN\tNOPE");

    let stranger = checkin(tmp.path(), &["scan", "--out", "--collected-by", "Ким Ли"], "KZ-000021\n");
    let got = lines(&stranger);
    assert!(
        got[0].starts_with("REFUSED\tKZ-000021\tОмарова Асель\tminor: \"Ким Ли\" is not an authorised adult"),
        "{got:?}"
    );

    // The chaperone's name as typed from a passport, in another case and spacing.
    let fetched = checkin(tmp.path(), &["scan", "--out", "--collected-by", "  TOKAYEVA   gaukhar "], "KZ-000021\n");
    assert_eq!(lines(&fetched), ["OUT\tKZ-000021\tОмарова Асель\tcollected by Тоқаева Гаухар Мұратқызы"]);
    // Gone already.
    let again = checkin(tmp.path(), &["scan", "--out"], "KZ-000021\nKZ-000003\n");
    assert!(lines(&again).iter().all(|l| l.starts_with("NOT-IN\t")), "{:?}", lines(&again));
    assert!(lines(&again)[0].ends_with("\talready left at 16:30 with Тоқаева Гаухар Мұратқызы"), "{:?}", lines(&again));

    // The responsible adult named after a tab on the line, and an organiser's override.
    let line = checkin(tmp.path(), &["scan", "--out"], "KZ-000001\tахметов марат\n");
    assert_eq!(lines(&line), ["OUT\tKZ-000001\tСмағұлова Гүлнар Серікқызы\tcollected by Ахметов Марат"]);

    let store = Store::open(tmp.path(), "desk-1").unwrap();
    let outs: Vec<_> = store
        .facts()
        .map(Result::unwrap)
        .filter_map(|f| match f.kind {
            FactKind::CheckedOut { code, collected_by, note, .. } => {
                Some((code, collected_by, note, f.station, f.operator))
            }
            _ => None,
        })
        .collect();
    assert_eq!(outs.len(), 3, "refusals record nothing: {outs:?}");
    assert_eq!(outs[1].1.as_deref(), Some("Тоқаева Гаухар Мұратқызы"));
    assert_eq!((outs[1].3.as_str(), outs[1].4.as_str()), ("exit-1", "Dana"), "station and operator on every fact");
}

#[test]
fn an_organiser_override_is_recorded_and_a_child_can_come_back_in() {
    let tmp = seeded_folder();
    checkin_at(tmp.path(), "2016-11-21T09:00", &["scan"], "KZ-000021\n");
    let args =
        ["scan", "--out", "--collected-by", "Омарова Сауле", "--override", "mother, ID checked, called chaperone"];
    // No organiser, or a volunteer's badge: refused, nothing recorded.
    let alone = checkin(tmp.path(), &args, "KZ-000021\n");
    assert!(!alone.status.success() && text(&alone.stderr).contains("needs an organiser"), "{}", text(&alone.stderr));
    let volunteer = checkin(tmp.path(), &[&args[..], &["--organiser", "KZ-000003"]].concat(), "KZ-000021\n");
    assert!(!volunteer.status.success());
    assert!(text(&volunteer.stderr).contains("KZ-000003 is not an organiser's badge"), "{}", text(&volunteer.stderr));
    set_passphrase(tmp.path());
    let out = checkin_with_passphrase(tmp.path(), &args, "KZ-000021\n");
    assert_eq!(
        lines(&out),
        [
            "OUT\tKZ-000021\tОмарова Асель\tcollected by Омарова Сауле\toverride: [organiser: passphrase] mother, ID checked, called chaperone"
        ],
        "{}",
        text(&out.stderr)
    );
    let back = checkin_at(tmp.path(), "2016-11-21T17:00", &["scan"], "KZ-000021\n");
    assert!(lines(&back)[0].starts_with("OK\tKZ-000021"), "a new check-in after leaving: {:?}", lines(&back));

    let misuse = checkin(tmp.path(), &["scan", "--out", "--session", "mc-robotics-1"], "");
    assert_eq!(misuse.status.code(), Some(1));
    assert!(text(&misuse.stderr).contains("--out checks people out of the venue"));
    let override_alone = checkin_with_passphrase(tmp.path(), &["scan", "--out", "--override", "why"], "");
    assert!(override_alone.status.success(), "an override at the exit may be for the last chaperone too");
    let at_random = checkin(tmp.path(), &["scan", "--override", "why"], "");
    assert!(!at_random.status.success(), "an override at the venue's entrance means nothing");
}

#[test]
fn the_last_chaperone_out_warns_and_leaves_only_with_a_reason_recorded() {
    let tmp = seeded_folder();
    checkin_at(tmp.path(), "2016-11-21T09:00", &["scan"], "KZ-000021\nKZ-000020\nKZ-000022\n");

    // Ким Ли is another delegation's chaperone: nobody of his is here, he just leaves.
    let out = checkin(tmp.path(), &["scan", "--out"], "KZ-000022\nKZ-000020\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let got = lines(&out);
    assert_eq!(got[0], "OUT\tKZ-000022\tКим Ли");
    assert!(
        got[1].starts_with("WARN\tKZ-000020\tТоқаева Гаухар Мұратқызы\tlast adult on site of 1 child of Ақтөбе облысы — 1: Омарова Асель (KZ-000021)"),
        "{got:?}"
    );
    let report = text(&checkin(tmp.path(), &["report"], "").stdout);
    assert!(!report.contains("no adult of theirs"), "{report}");

    // An override without an organiser is refused before anything is read.
    let alone = checkin(tmp.path(), &["scan", "--out", "--override", "bus driver"], "KZ-000020\n");
    assert!(!alone.status.success() && lines(&alone).is_empty());
    set_passphrase(tmp.path());
    let out = checkin_with_passphrase(
        tmp.path(),
        &["scan", "--out", "--override", "bus driver takes them to the hotel"],
        "KZ-000020\n",
    );
    assert_eq!(
        lines(&out),
        [
            "OUT\tKZ-000020\tТоқаева Гаухар Мұратқызы\toverride: children left without an adult: [organiser: passphrase] bus driver takes them to the hotel"
        ],
        "{}",
        text(&out.stderr)
    );
    let report = text(&checkin(tmp.path(), &["report"], "").stdout);
    assert!(report.contains("1 with no adult of theirs on site"), "{report}");
    let json: serde_json::Value =
        serde_json::from_slice(&checkin(tmp.path(), &["report", "--json"], "").stdout).unwrap();
    assert_eq!(json["children_without_adult"], 1);

    let store = Store::open(tmp.path(), "desk-1").unwrap();
    let notes: Vec<Option<String>> = store
        .facts()
        .map(Result::unwrap)
        .filter_map(|f| match f.kind {
            FactKind::CheckedOut { code, note, .. } if code == "KZ-000020" => Some(note),
            _ => None,
        })
        .collect();
    assert_eq!(
        notes,
        [Some("children left without an adult: [organiser: passphrase] bus driver takes them to the hotel".to_owned())]
    );
}

#[test]
fn the_writer_refuses_a_last_chaperones_check_out_without_a_reason_whoever_asks() {
    let tmp = seeded_folder();
    checkin_at(tmp.path(), "2016-11-21T09:00", &["scan"], "KZ-000021\nKZ-000020\n");
    // What a guest window or a careless caller might send: the check-out alone, no reason.
    let store = Store::open(tmp.path(), "desk-1").unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2016-11-21T10:30:00Z").unwrap().to_utc();
    let day = common::day1();
    let out = |note: Option<&str>| FactKind::CheckedOut {
        code: "KZ-000020".into(),
        day,
        collected_by: None,
        note: note.map(str::to_owned),
    };
    let refused = store.admit(at, "Dana", vec![out(None)]).unwrap_err();
    assert!(refused.to_string().contains("last adult on site of children who stay (1)"), "{refused}");
    // A reason without an organiser, or with a forged one, is no override.
    let no_one = store.admit(at, "Dana", vec![out(Some("children left without an adult: relief on the way"))]);
    assert!(no_one.unwrap_err().to_string().contains("needs an organiser"));
    let recorded = "children left without an adult: [organiser: passphrase] relief on the way";
    assert!(store.admit(at, "Dana", vec![out(Some(recorded))]).is_err(), "the recorded form is no passphrase");
    let badge = "children left without an adult: [organiser: badge KZ-000003] relief on the way";
    assert!(store.admit(at, "Dana", vec![out(Some(badge))]).is_err(), "a press badge is no organiser's");
    store.set_organiser_passphrase("секрет-2016").unwrap();
    let vouched = |secret: &str, reason: &str| {
        let authority = checkin::domain::authority::Authority::Passphrase(secret.into());
        format!("children left without an adult: {}", checkin::domain::authority::vouch(&authority, reason))
    };
    assert!(store.admit(at, "Dana", vec![out(Some(&vouched("wrong", "relief on the way")))]).is_err());
    assert!(store.admit(at, "Dana", vec![out(Some(&vouched("секрет-2016", "  ")))]).is_err(), "a blank reason");
    let admitted = store.admit(at, "Dana", vec![out(Some(&vouched("секрет-2016", "relief on the way")))]).unwrap();
    assert_eq!(admitted, [out(Some(recorded))], "recorded without the passphrase");
    // The child leaving first (with her chaperone) in the same batch leaves nobody behind.
    let child = FactKind::CheckedOut {
        code: "KZ-000021".into(),
        day,
        collected_by: Some("Тоқаева Гаухар Мұратқызы".into()),
        note: None,
    };
    assert!(store.admit(at, "Dana", vec![child, out(None)]).is_ok());
}

#[test]
fn the_roll_call_lists_who_is_on_site_by_delegation_with_chaperone_phones() {
    let tmp = seeded_folder();
    checkin_at(tmp.path(), "2016-11-21T09:00", &["scan"], "KZ-000021\nKZ-000020\nKZ-000003\nKZ-000004\n");
    checkin(tmp.path(), &["scan", "--out"], "KZ-000004\n");

    let sheet = tmp.path().join("onsite.csv");
    let out = checkin(tmp.path(), &["export", "onsite", "--out", sheet.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("3 people on site written to"), "{}", text(&out.stdout));
    let bytes = std::fs::read(&sheet).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM for Excel");
    let csv = text(&bytes[3..]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 4, "{csv}");
    assert!(rows[0].starts_with("delegation,chaperones,code,"));
    assert!(
        rows[1].starts_with("Ақтөбе облысы — 1,Тоқаева Гаухар Мұратқызы +7 747 854 79 70,KZ-000020,"),
        "{}",
        rows[1]
    );
    assert!(rows[2].contains(",KZ-000021,Омарова,Асель,,child,yes,2016-11-21 09:00,"), "{}", rows[2]);
    assert!(rows[3].starts_with(",,KZ-000003,"), "no delegation last: {}", rows[3]);
    assert!(!csv.contains("KZ-000004"), "who left is not on the roll-call");

    let page = tmp.path().join("rollcall.html");
    let out = checkin(tmp.path(), &["--lang", "ru", "export", "onsite", "--out", page.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Перекличка: сейчас на месте") && html.contains("<b>+7 747 854 79 70</b>"), "{html}");
    assert!(html.contains("Без делегации") && html.contains("3 человека"), "{html}");
}

#[test]
fn the_report_has_the_days_numbers_as_text_and_json() {
    let tmp = seeded_folder();
    checkin_at(tmp.path(), "2016-11-21T09:03", &["scan"], "KZ-000021\nKZ-000020\n");
    checkin_at(tmp.path(), "2016-11-21T09:25", &["scan"], "KZ-000003\n");
    checkin_at(tmp.path(), "2016-11-21T11:05", &["scan", "--session", "mc-robotics-1"], "KZ-000021\n");
    checkin(tmp.path(), &["scan", "--out"], "KZ-000003\n");

    let out = checkin(tmp.path(), &["report", "--json"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((r["registered"].as_u64(), r["arrived"].as_u64(), r["on_site"].as_u64()), (Some(8), Some(3), Some(2)));
    assert_eq!(r["left"], 1);
    assert_eq!(r["children"]["on_site"], 1);
    let child = r["by_category"].as_array().unwrap().iter().find(|row| row["key"] == "child").unwrap();
    assert_eq!((child["registered"].as_u64(), child["arrived"].as_u64()), (Some(2), Some(1)));
    let aktobe = r["by_region"].as_array().unwrap().iter().find(|row| row["key"] == "KZ-AKT").unwrap();
    assert_eq!(aktobe["arrived"], 1);
    let robotics = &r["sessions"][0];
    assert_eq!(
        (robotics["present"].as_u64(), robotics["signed_up"].as_u64(), robotics["capacity"].as_u64()),
        (Some(1), Some(1), Some(20))
    );
    let buckets: Vec<(String, u64)> = r["arrivals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["start"].as_str().unwrap().to_owned(), b["arrivals"].as_u64().unwrap()))
        .collect();
    assert_eq!(buckets, [("09:00".into(), 2), ("09:10".into(), 0), ("09:20".into(), 1)]);
    let desks = r["desks"].as_array().unwrap();
    assert_eq!(desks.len(), 1);
    assert_eq!(
        (desks[0]["station"].as_str(), desks[0]["check_ins"].as_u64(), desks[0]["check_outs"].as_u64()),
        (Some("exit-1"), Some(4), Some(1))
    );

    let out = checkin(tmp.path(), &["report"], "");
    let report = text(&out.stdout);
    assert!(report.contains("arrived:    3 of 8 registered") && report.contains("on site:    2"), "{report}");
    assert!(report.contains("Aktobe Region") && report.contains("mc-robotics-1"), "{report}");

    let other_day = checkin(tmp.path(), &["report", "--day", "2016-11-22", "--json"], "");
    let r: serde_json::Value = serde_json::from_slice(&other_day.stdout).unwrap();
    assert_eq!((r["arrived"].as_u64(), r["day_number"].as_u64()), (Some(0), Some(2)));
    let bad = checkin(tmp.path(), &["report", "--day", "yesterday"], "");
    assert_eq!(bad.status.code(), Some(2), "clap refuses a bad date with a message");
    assert!(text(&bad.stderr).contains("--day"));
}

#[test]
fn the_new_commands_explain_themselves() {
    let tmp = tempfile::tempdir().unwrap();
    for (args, wanted) in [
        (vec!["scan", "--help"], "--collected-by"),
        (vec!["report", "--help"], "--json"),
        (vec!["export", "onsite", "--help"], "roll-call"),
    ] {
        let out = checkin(tmp.path(), &args, "");
        assert!(out.status.success(), "{args:?}");
        assert!(text(&out.stdout).contains(wanted), "{args:?}: {}", text(&out.stdout));
    }
    // A folder without programme or people: an empty report, not a failure.
    let out = checkin(&tmp.path().join("empty"), &["report"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("arrived:    0 of 0 registered"), "{}", text(&out.stdout));
}

#[test]
fn a_chaperone_registered_as_a_walk_in_may_collect_their_delegations_children() {
    use checkin::domain::safeguarding::CheckOutRequest;
    use checkin::station::CheckOut;
    use checkin::station::Clock;
    let tmp = seeded_folder();
    let store = Store::open(tmp.path(), "exit-1").unwrap();
    let mut station = Station::new(store, Clock::frozen(common::morning()), "Dana").unwrap();
    let venue = station.venue_today();
    station.check_in("KZ-000021", &venue).unwrap();
    let mut late = common::person("W-exit-1-9", "Сейітов", "Ерлан", Category::Chaperone);
    late.delegation = "Ақтөбе облысы — 1".into();
    station.walk_in(late).unwrap();
    let request = CheckOutRequest { collected_by: Some("W-exit-1-9"), override_reason: None };
    assert!(matches!(station.check_out("KZ-000021", request).unwrap(), CheckOut::Done(_)));
}

/// A volunteer born on 22 November 1998 turns 18 the day after the event's first day: 18 "in
/// 2016" by the year alone, but a minor by the birth date, which every rule goes by. They are
/// not let out alone, are counted among the children and marked minor on the roll-call.
#[test]
fn a_minor_by_birth_date_is_one_at_the_exit_on_the_roll_call_and_in_the_report() {
    use checkin::domain::safeguarding::CheckOutRequest;
    use checkin::station::{CheckOut, Clock};
    let tmp = seeded_folder();
    let mut volunteer = common::person("KZ-000030", "Әлиев", "Тимур", Category::Volunteer);
    volunteer.birth_year = Some(1998);
    volunteer.birth_date = chrono::NaiveDate::from_ymd_opt(1998, 11, 22);
    let store = Store::open(tmp.path(), "exit-1").unwrap();
    let mut everyone = people();
    everyone.push(volunteer);
    store.import(&everyone).unwrap();
    let mut station = Station::new(store, Clock::frozen(common::morning()), "Dana").unwrap();
    let venue = station.venue_today();
    station.check_in("KZ-000030", &venue).unwrap();
    let alone = CheckOutRequest { collected_by: None, override_reason: None };
    let out = station.check_out("KZ-000030", alone).unwrap();
    assert!(matches!(out, CheckOut::Refused(_)), "{out:?}");
    drop(station);

    let sheet = tmp.path().join("onsite.csv");
    let written = checkin(tmp.path(), &["--lang", "en", "export", "onsite", "--out", sheet.to_str().unwrap()], "");
    assert!(written.status.success(), "{}", text(&written.stderr));
    let row = std::fs::read_to_string(&sheet).unwrap().lines().find(|l| l.contains("KZ-000030")).unwrap().to_owned();
    assert!(row.contains(",yes,"), "marked minor: {row}");
    let report = checkin(tmp.path(), &["report", "--json"], "");
    let json: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(json["children"]["arrived"].as_u64(), Some(1), "{json}");
}
