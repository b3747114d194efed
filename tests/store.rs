//! The store: round trips, refusals, the second process, replay and restore.

mod common;

use std::collections::BTreeSet;

use checkin::domain::{EntryPoint, Fact, FactKind, Person, State};
use checkin::io::export;
use checkin::store::{FolderError, Store, StoreError};
use chrono::Duration;
use proptest::prelude::*;

fn venue() -> EntryPoint {
    EntryPoint::Venue(common::day1())
}

fn check_in(code: &str) -> FactKind {
    FactKind::CheckedIn { code: code.into(), entry: venue(), note: None }
}

fn listing(dir: &std::path::Path) -> BTreeSet<String> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

#[test]
fn everything_written_is_there_after_reopening() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let (fact, state) = {
        let mut store = Store::open(&dir, "desk-1").unwrap();
        assert!(store.is_empty());
        store.set_program(&common::program()).unwrap();
        store.import(&common::people()).unwrap();
        let fact = store.record(common::morning(), "Aigerim", check_in("KZ-000001")).unwrap();
        assert_eq!((fact.station.as_str(), fact.seq, fact.operator.as_str()), ("desk-1", 1, "Aigerim"));
        (fact, store.state().clone())
    };
    let mut store = Store::open(&dir, "desk-1").unwrap();
    assert_eq!(store.program().unwrap(), Some(common::program()));
    assert_eq!(store.people().unwrap(), common::people());
    assert_eq!(store.facts().collect::<Result<Vec<_>, _>>().unwrap(), vec![fact]);
    assert_eq!(store.state(), &state);
    assert!(store.state().status(&venue(), "KZ-000001") != checkin::domain::AttendanceStatus::NotYet);
    // The sequence continues densely after a restart.
    let next = store.record(common::morning(), "Aigerim", check_in("KZ-000002")).unwrap();
    assert_eq!(next.seq, 2);
}

#[test]
fn reimport_updates_by_code_and_keeps_facts() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path(), "desk-1").unwrap();
    store.import(&common::people()).unwrap();
    store.record(common::morning(), "op", check_in("KZ-000003")).unwrap();

    let mut again = common::people();
    again[2].organisation = "UNICEF".into();
    again.push(common::person("KZ-000006", "Ким", "Ли", checkin::domain::Category::Ngo));
    let plan = store.plan_import(&again).unwrap();
    assert_eq!(plan.added, vec!["KZ-000006"]);
    assert_eq!(plan.updated, vec!["KZ-000003"]);
    assert_eq!(plan.unchanged, 4);
    assert_eq!(store.people_count(), 5, "planning writes nothing");

    store.import(&again).unwrap();
    assert_eq!(store.people_count(), 6);
    assert_eq!(store.person("KZ-000003").unwrap().unwrap().organisation, "UNICEF");
    assert!(store.state().attendance(&venue(), "KZ-000003").is_some(), "facts survive a re-import");
    assert_eq!(store.fact_count(), 1);

    // Someone no longer in the file is named, and kept as they were.
    let fewer = again[1..].to_vec();
    let summary = store.import(&fewer).unwrap();
    assert_eq!(summary.missing, vec![again[0].code.clone()]);
    assert_eq!(store.person(&again[0].code).unwrap().as_ref(), Some(&again[0]));
    assert_eq!(store.people_count(), 6);
}

#[test]
fn a_folder_that_is_not_ours_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("thesis.docx"), b"important").unwrap();
    let before = listing(tmp.path());
    let err = Store::open(tmp.path(), "desk-1").unwrap_err();
    assert!(matches!(err, StoreError::Folder(FolderError::NotOurs { .. })), "{err}");
    assert!(err.to_string().contains("not a checkin data folder"), "{err}");
    assert_eq!(listing(tmp.path()), before);
}

#[test]
fn a_newer_folder_format_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    drop(Store::open(tmp.path(), "desk-1").unwrap());
    let marker = tmp.path().join("CHECKIN-FOLDER");
    std::fs::write(&marker, "checkin data folder\nformat=99\n").unwrap();
    let before = listing(tmp.path());
    let lock_before = std::fs::read(tmp.path().join("checkin.lock")).unwrap();
    let err = Store::open(tmp.path(), "desk-1").unwrap_err();
    assert!(err.to_string().contains("newer checkin"), "{err}");
    assert_eq!(listing(tmp.path()), before);
    assert_eq!(
        std::fs::read(tmp.path().join("checkin.lock")).unwrap(),
        lock_before,
        "not even the lock file is rewritten"
    );
}

/// Found by the long run of the fault suite: a marker that is not text said "stream did not
/// contain valid UTF-8", and neither said what the file should hold.
#[test]
fn a_damaged_marker_is_refused_with_what_it_should_hold() {
    let tmp = tempfile::tempdir().unwrap();
    drop(Store::open(tmp.path(), "desk-1").unwrap());
    let marker = tmp.path().join("CHECKIN-FOLDER");
    for damaged in [&b"checkin data folder\nformat=\xff4\n"[..], b"checkin data fo"] {
        std::fs::write(&marker, damaged).unwrap();
        let err = Store::open(tmp.path(), "desk-1").unwrap_err();
        assert!(matches!(err, StoreError::Folder(FolderError::BadMarker { .. })), "{err}");
        let holds = format!("\"format={}\"", checkin::store::folder::FOLDER_FORMAT);
        assert!(err.to_string().contains(&holds), "{err}");
        assert_eq!(std::fs::read(&marker).unwrap(), damaged);
    }
}

/// Found by the long run of the fault suite: damage sled detects in its own files was reported
/// as "Read corrupted data at file offset None backtrace ()" and nothing else.
#[test]
fn damage_inside_the_database_is_refused_with_a_way_on() {
    let tmp = tempfile::tempdir().unwrap();
    people_and_one_check_in(tmp.path());
    drop(Store::open(tmp.path(), "desk-1").unwrap()); // sled writes its snapshot on an open
    let snapshot = std::fs::read_dir(tmp.path().join("db"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("snap."))
        .expect("sled's snapshot");
    let mut bytes = std::fs::read(&snapshot).unwrap();
    bytes[3] ^= 0x10;
    std::fs::write(&snapshot, &bytes).unwrap();
    let err = Store::open(tmp.path(), "desk-1").unwrap_err();
    assert!(matches!(err, StoreError::SledDamaged { .. }), "{err}");
    assert!(err.to_string().contains("export facts"), "{err}");
}

/// Found by the long run of the fault suite: a flipped bit in sled's settings file (db/conf)
/// made sled refuse the whole database ("created using a sled version earlier than 0.29").
#[test]
fn a_damaged_sled_settings_file_is_written_again_and_said_once() {
    let tmp = tempfile::tempdir().unwrap();
    let fact = people_and_one_check_in(tmp.path());
    let conf = tmp.path().join("db/conf");
    let good = std::fs::read(&conf).unwrap();
    let mut bytes = good.clone();
    bytes[10] ^= 0xff;
    std::fs::write(&conf, &bytes).unwrap();

    let store = Store::open(tmp.path(), "desk-1").unwrap();
    assert_eq!(store.facts().collect::<Result<Vec<_>, _>>().unwrap(), vec![fact]);
    assert!(store.notices().iter().any(|n| n.contains("settings file was damaged")), "{:?}", store.notices());
    drop(store);
    assert_eq!(std::fs::read(&conf).unwrap(), good, "sled wrote what it had written");
    assert_eq!(std::fs::read(tmp.path().join("db/conf.damaged")).unwrap(), bytes);
    assert!(Store::open(tmp.path(), "desk-1").unwrap().notices().is_empty(), "said once");
}

#[test]
fn a_folder_of_an_older_format_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    drop(Store::open(tmp.path(), "desk-1").unwrap());
    // Format 1 kept one person per key in `people`: read as blocks, it would be misread.
    std::fs::write(tmp.path().join("CHECKIN-FOLDER"), "checkin data folder\nformat=1\n").unwrap();
    let before = listing(tmp.path());
    let err = Store::open(tmp.path(), "desk-1").unwrap_err();
    assert!(matches!(err, StoreError::Folder(FolderError::Older { found: 1, .. })), "{err}");
    assert!(err.to_string().contains("older checkin") && err.to_string().contains("export facts"), "{err}");
    assert_eq!(listing(tmp.path()), before);
}

/// A folder with the common people and KZ-000001 checked in, closed again.
fn people_and_one_check_in(dir: &std::path::Path) -> Fact {
    let mut store = Store::open(dir, "desk-1").unwrap();
    store.import(&common::people()).unwrap();
    store.record(common::morning(), "op", check_in("KZ-000001")).unwrap()
}

/// Makes the folder at `dir` look as checkin of folder format `format` left it.
fn as_written_by_format(dir: &std::path::Path, format: u32) {
    let db = sled::open(dir.join("db")).unwrap();
    db.open_tree("meta").unwrap().insert("format", checkin::store::codec::encode(&format).unwrap()).unwrap();
    db.flush().unwrap();
    std::fs::write(dir.join("CHECKIN-FOLDER"), format!("checkin data folder\nformat={format}\n")).unwrap();
}

#[test]
fn folders_of_the_previous_formats_are_upgraded_in_place_and_then_refused_by_those_checkins() {
    for previous in [2u32, 3] {
        let tmp = tempfile::tempdir().unwrap();
        let fact = people_and_one_check_in(tmp.path());
        // Format 3 is format 4 without the event, the station key and the signatures; format 2
        // is format 3 without the write-ahead log. The marker and sled's meta say which.
        {
            let db = sled::open(tmp.path().join("db")).unwrap();
            db.open_tree("meta").unwrap().insert("format", checkin::store::codec::encode(&previous).unwrap()).unwrap();
            db.open_tree("meta").unwrap().remove("event").unwrap();
            for tree in ["signatures", "logs"] {
                db.drop_tree(tree).unwrap();
            }
            db.flush().unwrap();
        }
        std::fs::remove_file(tmp.path().join("station.key")).unwrap();
        std::fs::write(tmp.path().join("CHECKIN-FOLDER"), format!("checkin data folder\nformat={previous}\n")).unwrap();
        if previous == 2 {
            std::fs::remove_file(tmp.path().join("facts.wal")).unwrap();
        }

        let store = Store::open(tmp.path(), "desk-1").unwrap();
        assert_eq!(store.people().unwrap(), common::people());
        assert_eq!(store.facts().collect::<Result<Vec<_>, _>>().unwrap(), vec![fact.clone()]);
        let signed: Vec<_> = store.signed_facts().collect::<Result<_, _>>().unwrap();
        assert_eq!(signed.len(), 1, "the fact from before signatures is signed by this folder's key");
        assert_eq!(signed[0].1.key, store.station_key());
        drop(store);
        let marker = std::fs::read_to_string(tmp.path().join("CHECKIN-FOLDER")).unwrap();
        assert_eq!(
            marker,
            format!("checkin data folder\nformat={}\n", checkin::store::folder::FOLDER_FORMAT),
            "a format-{previous} checkin now refuses it as newer"
        );
        assert!(!listing(tmp.path()).contains("CHECKIN-FOLDER.tmp"));
        Store::open(tmp.path(), "desk-1").unwrap();
    }
}

/// Copies a folder (files and folders only) from `from` to `to`.
fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `tests/fixtures/folder-format-3/data` was written by the checkin of folder format 3 (see
/// HOW.md there): people in the first layout of a person, a walk-in in the fact log, a search
/// snapshot of those people. It opens upgraded, nothing lost.
#[test]
fn a_folder_written_by_the_format_3_checkin_opens_upgraded_with_everything_in_it() {
    use checkin::domain::{AttendanceStatus, Category, PhotoConsent, ResponsibleAdult, Source};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    copy_folder(std::path::Path::new("tests/fixtures/folder-format-3/data"), &dir);

    let mut store = Store::open(&dir, "desk-1").unwrap();
    let people = store.people().unwrap();
    let codes: Vec<&str> = people.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["KZ-000001", "KZ-000002", "KZ-000017", "KZ-000019", "KZ-000020", "KZ-000021", "W-desk-2-1"]);
    let ivanov = &people[3];
    assert_eq!(
        (ivanov.family.as_str(), ivanov.given.as_str(), ivanov.patronymic.as_str()),
        ("Иванов", "Максим", "Максимович")
    );
    assert_eq!(
        (ivanov.category, ivanov.birth_year, ivanov.delegation.as_str()),
        (Category::Child, Some(2002), "Алматы облысы — 5")
    );
    assert_eq!(ivanov.responsible_adults[1].name, "Мақашова Ақерке Асқарқызы");
    assert_eq!(ivanov.sessions, ["mc-planetarium-5"]);
    assert!(ivanov.aliases.is_empty() && ivanov.order.is_empty() && ivanov.birth_date.is_none());
    let walk_in = Person {
        code: "W-desk-2-1".into(),
        family: "Сейітова".into(),
        given: "Әйгерім".into(),
        patronymic: "Ерланқызы".into(),
        alt_spelling: "SEITOVA AIGERIM".into(),
        category: Category::Child,
        organisation: "Мектеп №5".into(),
        country: "KZ".into(),
        region: "Астана қаласы".into(),
        birth_year: Some(2005),
        delegation: "Астана — 1".into(),
        responsible_adults: vec![ResponsibleAdult {
            name: "Сейітов Ерлан".into(),
            phone: "+7 701 000 00 00".into(),
            relation: "father".into(),
        }],
        phone: "+7 702 111 22 33".into(),
        photo_consent: PhotoConsent::No,
        notes: "аллергия".into(),
        sessions: vec!["mc-planetarium-5".into()],
        extra: [("badge".to_owned(), "walk-in".to_owned())].into(),
        source: Source::WalkIn,
        ..Person::default()
    };
    assert_eq!(people[6], walk_in);
    let facts: Vec<Fact> = store.facts().collect::<Result<_, _>>().unwrap();
    assert_eq!(facts.len(), 5);
    assert!(facts.iter().any(|f| matches!(&f.kind, FactKind::WalkedIn { person } if **person == walk_in)));
    assert!(matches!(store.state().status(&venue(), "KZ-000019"), AttendanceStatus::In { .. }));
    assert!(matches!(store.state().status(&venue(), "KZ-000001"), AttendanceStatus::Out { .. }));
    assert!(!store.rebuild().unwrap().drifted, "the stored derived state reads as it was written");
    drop(store);
    let marker = std::fs::read_to_string(dir.join("CHECKIN-FOLDER")).unwrap();
    assert_eq!(marker, format!("checkin data folder\nformat={}\n", checkin::store::folder::FOLDER_FORMAT));

    // The desk's search on it: the snapshot of the old bytes is replaced, not misread.
    for (query, code) in [("Иванов Максим", "KZ-000019"), ("Сейітова", "W-desk-2-1")] {
        let out = common::run_checkin(&dir, &[], &["search", query], "");
        let first = String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().to_owned();
        assert!(out.status.success() && first.starts_with(code), "{query}: {out:?}");
    }
}

#[test]
fn a_folder_of_format_3_is_upgraded_with_the_check_ins_its_log_held() {
    let tmp = tempfile::tempdir().unwrap();
    let first = people_and_one_check_in(tmp.path());
    // What a kill left in a format-3 folder: a batch only in its log, whose records had no
    // marker (length, checksum, body), and a torn write after it.
    let mut lost = first.clone();
    lost.seq = 2;
    lost.id = uuid::Uuid::now_v7();
    lost.kind = check_in("KZ-000002");
    let body = checkin::store::codec::encode(&vec![lost.clone()]).unwrap();
    let mut log = (body.len() as u32).to_le_bytes().to_vec();
    log.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    log.extend_from_slice(&body);
    log.extend_from_slice(&[0; 12]);
    std::fs::write(tmp.path().join("facts.wal"), &log).unwrap();
    as_written_by_format(tmp.path(), 3);

    let mut store = Store::open(tmp.path(), "desk-1").unwrap();
    assert_eq!(store.facts().collect::<Result<Vec<_>, _>>().unwrap(), vec![first, lost]);
    assert_eq!(std::fs::metadata(tmp.path().join("facts.wal")).unwrap().len(), 0, "emptied into sled");
    assert_eq!(store.record(common::morning(), "op", check_in("KZ-000003")).unwrap().seq, 3);
    drop(store);
    let marker = std::fs::read_to_string(tmp.path().join("CHECKIN-FOLDER")).unwrap();
    assert_eq!(
        marker,
        format!("checkin data folder\nformat={}\n", checkin::store::folder::FOLDER_FORMAT),
        "a format-3 checkin would misread the new log"
    );
    assert_eq!(Store::open(tmp.path(), "desk-1").unwrap().fact_count(), 3);
}

/// A folder with one check-in whose `facts.wal` holds `batches`, then `spoil`ed: the error its
/// opening gives, once it is checked that the log was left as it was.
fn refusal_of_a_log(batches: &[&[u8]], spoil: impl FnOnce(&mut Vec<u8>)) -> StoreError {
    let tmp = tempfile::tempdir().unwrap();
    people_and_one_check_in(tmp.path());
    let wal = tmp.path().join("facts.wal");
    let (mut log, _) = checkin::store::wal::FactWal::open(&wal, checkin::store::wal::Format::Marked).unwrap();
    for batch in batches {
        log.append(batch).unwrap();
    }
    drop(log);
    let mut bytes = std::fs::read(&wal).unwrap();
    spoil(&mut bytes);
    std::fs::write(&wal, &bytes).unwrap();
    let err = Store::open(tmp.path(), "desk-1").unwrap_err();
    assert_eq!(std::fs::read(&wal).unwrap(), bytes, "the log is kept as it was");
    assert!(err.to_string().contains("facts.wal") && err.to_string().contains("checkin recover"), "{err}");
    err
}

#[test]
fn a_write_ahead_log_this_checkin_cannot_read_is_refused_untouched() {
    // Intact as a record (its checksum is right), but not facts this checkin can decode.
    let err = refusal_of_a_log(&[&[0xff; 40]], |_| {});
    assert!(matches!(err, StoreError::DamagedWal { .. }), "{err}");
}

#[test]
fn a_write_ahead_log_damaged_before_intact_batches_is_refused_untouched() {
    // A bit of the first batch (after its 16-byte header).
    let err = refusal_of_a_log(&[b"first batch", b"second batch"], |bytes| bytes[17] ^= 1);
    assert!(matches!(err, StoreError::WalDamaged { at: 0, .. }), "{err}");
}

#[test]
fn facts_sled_lost_are_given_back_from_the_write_ahead_log() {
    let tmp = tempfile::tempdir().unwrap();
    let kept = people_and_one_check_in(tmp.path());
    let derived_tree = |dir: &std::path::Path| -> Vec<(sled::IVec, sled::IVec)> {
        let db = sled::open(dir.join("db")).unwrap();
        db.open_tree("derived").unwrap().iter().collect::<Result<_, _>>().unwrap()
    };
    let state_after_kept = derived_tree(tmp.path());
    let (lost, lost_signed) = {
        let mut store = Store::open(tmp.path(), "desk-1").unwrap();
        let lost =
            store.record_many(common::morning(), "op", vec![check_in("KZ-000002"), check_in("KZ-000003")]).unwrap();
        let signed: Vec<_> =
            store.signed_facts().map(Result::unwrap).filter(|(f, _)| lost.contains(f)).map(|(_, s)| s).collect();
        (lost, signed)
    };
    assert_ne!(derived_tree(tmp.path()), state_after_kept);
    let checked_in =
        |store: &Store, code: &str| store.state().status(&venue(), code) != checkin::domain::AttendanceStatus::NotYet;
    // What a kill or a power cut before sled's checkpoint leaves: sled has the state as of the
    // first fact only, and the write-ahead log has the batch acknowledged after it.
    {
        let db = sled::open(tmp.path().join("db")).unwrap();
        let facts = db.open_tree("facts").unwrap();
        let signatures = db.open_tree("signatures").unwrap();
        for f in &lost {
            let mut key = f.station.as_bytes().to_vec();
            key.push(0);
            key.extend_from_slice(&f.seq.to_be_bytes());
            assert!(facts.remove(&key).unwrap().is_some());
            assert!(signatures.remove(&key).unwrap().is_some());
        }
        let derived = db.open_tree("derived").unwrap();
        derived.clear().unwrap();
        for (k, v) in state_after_kept {
            derived.insert(k, v).unwrap();
        }
        db.flush().unwrap();
    }
    let (mut wal, _) =
        checkin::store::wal::FactWal::open(&tmp.path().join("facts.wal"), checkin::store::wal::Format::Marked).unwrap();
    wal.append(&checkin::store::codec::encode(&lost_signed).unwrap()).unwrap();
    drop(wal);

    let mut store = Store::open(tmp.path(), "desk-1").unwrap();
    let facts = store.facts().collect::<Result<Vec<_>, _>>().unwrap();
    assert_eq!(facts, [vec![kept], lost.clone()].concat());
    assert!(["KZ-000001", "KZ-000002", "KZ-000003"].iter().all(|c| checked_in(&store, c)));
    assert_eq!(std::fs::metadata(tmp.path().join("facts.wal")).unwrap().len(), 0, "checkpointed");
    assert_eq!(store.record(common::morning(), "op", check_in("KZ-000004")).unwrap().seq, 4);
    assert_eq!(store.signed_facts().filter(Result::is_ok).count(), 4, "signatures given back too");
}

#[test]
fn a_newer_value_format_inside_sled_is_reported_not_panicked() {
    let tmp = tempfile::tempdir().unwrap();
    {
        let store = Store::open(tmp.path(), "desk-1").unwrap();
        store.import(&common::people()).unwrap();
    }
    {
        let db = sled::open(tmp.path().join("db")).unwrap();
        let people = db.open_tree("people").unwrap();
        // The five people are one block, keyed by the first code; each person in it is the code
        // and the stored value, each after a 4-byte length: the value starts with its version.
        let mut bytes = people.get("KZ-000001").unwrap().unwrap().to_vec();
        let code = b"KZ-000002";
        let at = bytes.windows(code.len()).position(|w| w == code).unwrap() + code.len() + 4;
        assert_eq!(bytes[at], checkin::store::codec::VALUE_FORMAT);
        bytes[at] = 200;
        people.insert("KZ-000001", bytes).unwrap();
        db.flush().unwrap();
    }
    // The import also left its people in the search snapshot, which a start would read instead.
    std::fs::remove_file(tmp.path().join("search.snapshot")).unwrap();
    let store = Store::open(tmp.path(), "desk-1").unwrap();
    let err = store.people().unwrap_err();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains("format 200"), "{err}");
}

#[test]
fn a_second_opener_is_told_who_holds_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let _first = Store::open(tmp.path(), "desk-1").unwrap();
    let err = Store::open(tmp.path(), "desk-2").unwrap_err();
    let text = err.to_string();
    assert!(text.contains("open in another checkin"), "{text}");
    assert!(text.contains(&format!("pid {}", std::process::id())), "{text}");
}

#[test]
fn station_names_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(matches!(Store::open(tmp.path(), "desk\u{1b}[2J"), Err(StoreError::BadStation(_))));
    assert!(matches!(Store::open(tmp.path(), "  "), Err(StoreError::BadStation(_))));
}

#[test]
fn rebuild_restores_a_lost_derived_state() {
    let tmp = tempfile::tempdir().unwrap();
    let state = {
        let mut store = Store::open(tmp.path(), "desk-1").unwrap();
        store.import(&common::people()).unwrap();
        let f = store.record(common::morning(), "op", check_in("KZ-000001")).unwrap();
        store.record(common::morning(), "op", check_in("KZ-000002")).unwrap();
        store.record(common::morning(), "op", FactKind::Annulled { fact: f.id, reason: None }).unwrap();
        store.state().clone()
    };
    {
        let db = sled::open(tmp.path().join("db")).unwrap();
        db.open_tree("derived").unwrap().clear().unwrap();
        db.flush().unwrap();
    }
    let mut store = Store::open(tmp.path(), "desk-1").unwrap();
    assert_eq!(store.state(), &State::default());
    let report = store.rebuild().unwrap();
    assert_eq!(report.facts, 3);
    assert!(report.drifted);
    assert_eq!(store.state(), &state);
    drop(store);
    assert_eq!(Store::open(tmp.path(), "desk-1").unwrap().state(), &state, "the rebuilt state is stored");
}

#[test]
fn exported_facts_restore_to_the_same_state() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("a"), "desk-1").unwrap();
    store.set_program(&common::program()).unwrap();
    store.import(&common::people()).unwrap();
    let t = common::morning();
    let f1 = store.record(t, "op", check_in("KZ-000001")).unwrap();
    store.record(t + Duration::minutes(1), "op", check_in("KZ-000003")).unwrap();
    store
        .record(t + Duration::minutes(2), "op", FactKind::Annulled { fact: f1.id, reason: Some("wrong person".into()) })
        .unwrap();
    store
        .record(
            t + Duration::minutes(3),
            "op",
            FactKind::SignedUp { code: "KZ-000002".into(), session: "mc-robotics-1".into(), note: None },
        )
        .unwrap();
    let walk_in =
        Person { code: "W-desk-1-1".into(), family: "Öztürk".into(), given: "İsmail".into(), ..Default::default() };
    store.record(t + Duration::minutes(4), "op", FactKind::WalkedIn { person: Box::new(walk_in) }).unwrap();
    store
        .record(
            t + Duration::hours(8),
            "op",
            FactKind::CheckedOut { code: "KZ-000003".into(), day: common::day1(), collected_by: None, note: None },
        )
        .unwrap();

    let facts: Vec<Fact> = store.facts().collect::<Result<_, _>>().unwrap();
    let signed: Vec<_> = store.signed_facts().collect::<Result<_, _>>().unwrap();
    let mut jsonl = Vec::new();
    export::write_facts(&mut jsonl, &store.event().id, signed.iter().map(|(f, s)| (f, Some(s)))).unwrap();
    let logged = export::read_facts(jsonl.as_slice()).unwrap();
    let read_back: Vec<Fact> = logged.iter().map(|l| l.fact.clone()).collect();
    assert_eq!(read_back, facts);
    let signatures: Vec<_> = logged.into_iter().map(|l| l.signed.unwrap()).collect();
    assert!(signatures.iter().all(|(event, _)| *event == store.event().id));
    assert_eq!(
        signatures.into_iter().map(|(_, s)| s).collect::<Vec<_>>(),
        signed.into_iter().map(|(_, s)| s).collect::<Vec<_>>()
    );

    let mut restored = Store::open(&tmp.path().join("b"), "desk-1").unwrap();
    restored.import(&common::people()).unwrap();
    restored.restore(&read_back).unwrap();
    assert_eq!(restored.state(), store.state());
    assert_eq!(restored.facts().collect::<Result<Vec<_>, _>>().unwrap(), facts);
    // The restored station continues its own sequence instead of reusing numbers.
    assert_eq!(restored.record(t, "op", check_in("KZ-000005")).unwrap().seq, 7);
    // Restoring twice is refused: it would mix two histories.
    assert!(matches!(restored.restore(&read_back), Err(StoreError::NotEmpty(_))));
}

#[test]
fn a_damaged_fact_log_is_refused_with_its_line() {
    let err = export::read_facts("{\"id\":1}\n".as_bytes()).unwrap_err();
    assert!(err.starts_with("line 1:"), "{err}");
}

// ---- replay ----

/// A step of a random history, in terms the generator can always turn into a valid fact.
#[derive(Debug, Clone)]
enum Step {
    In(usize, bool),
    Out(usize),
    SignUp(usize),
    Cancel(usize),
    Wait(usize),
    WalkIn(usize),
    Badge(usize),
    /// Annul the n-th earlier fact (modulo how many there are).
    Annul(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..6usize, any::<bool>()).prop_map(|(c, s)| Step::In(c, s)),
        2 => (0..6usize).prop_map(Step::Out),
        1 => (0..6usize).prop_map(Step::SignUp),
        1 => (0..6usize).prop_map(Step::Cancel),
        1 => (0..6usize).prop_map(Step::Wait),
        1 => (0..3usize).prop_map(Step::WalkIn),
        1 => (0..6usize).prop_map(Step::Badge),
        2 => (0..64usize).prop_map(Step::Annul),
    ]
}

fn kind_of(step: &Step, earlier: &[Fact]) -> Option<FactKind> {
    let code = |i: usize| format!("KZ-{i:06}");
    Some(match step {
        Step::In(c, at_session) => FactKind::CheckedIn {
            code: code(*c),
            entry: if *at_session { EntryPoint::Session("mc-robotics-1".into()) } else { venue() },
            note: None,
        },
        Step::Out(c) => FactKind::CheckedOut {
            code: code(*c),
            day: common::day1(),
            collected_by: Some("chaperone".into()),
            note: None,
        },
        Step::SignUp(c) => FactKind::SignedUp { code: code(*c), session: "mc-robotics-1".into(), note: None },
        Step::Cancel(c) => FactKind::Cancelled { code: code(*c), session: "mc-robotics-1".into() },
        Step::Wait(c) => FactKind::Waitlisted { code: code(*c), session: "mc-robotics-1".into(), note: None },
        Step::WalkIn(n) => FactKind::WalkedIn {
            person: Box::new(common::person(&format!("W-{n}"), "Нұрлан", "Жұмабаев", checkin::domain::Category::Other)),
        },
        Step::Badge(c) => FactKind::BadgePrinted { code: code(*c), printer: None },
        Step::Annul(n) => {
            if earlier.is_empty() {
                return None;
            }
            FactKind::Annulled { fact: earlier[n % earlier.len()].id, reason: None }
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Facts applied one by one through the store — persisted per key and loaded back after a
    /// restart — give exactly the state of replaying the whole log at once; and so does
    /// replaying it in any other order.
    #[test]
    fn replay_equals_one_by_one(steps in prop::collection::vec(step(), 1..24), shuffle_seed in any::<u64>(), minutes in prop::collection::vec(0i64..30, 24)) {
        let tmp = tempfile::tempdir().unwrap();
        let mut facts = Vec::new();
        {
            let mut store = Store::open(tmp.path(), "desk-1").unwrap();
            store.set_program(&common::program()).unwrap();
            let people: Vec<Person> = (0..6)
                .map(|i| common::person(&format!("KZ-{i:06}"), "Омарова", "Асель", checkin::domain::Category::Ngo))
                .collect();
            store.import(&people).unwrap();
            for (i, s) in steps.iter().enumerate() {
                if let Some(kind) = kind_of(s, &facts) {
                    // Times go forwards and backwards: clocks of different desks disagree.
                    let at = common::morning() + Duration::minutes(minutes[i % minutes.len()]);
                    // What the rules refuse (a second check-in, leaving without being in) is
                    // not written, and has no state to persist.
                    match store.record(at, "op", kind) {
                        Ok(fact) => facts.push(fact),
                        Err(StoreError::NotAdmitted(_)) => {}
                        Err(e) => panic!("{e}"),
                    }
                }
            }
        }
        let store = Store::open(tmp.path(), "desk-1").unwrap();
        let replayed = State::replay(&facts);
        prop_assert_eq!(store.state(), &replayed);

        let mut shuffled = facts.clone();
        let mut rng = shuffle_seed;
        for i in (1..shuffled.len()).rev() {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (rng >> 33) as usize % (i + 1));
        }
        prop_assert_eq!(&State::replay(&shuffled), &replayed);
    }
}

#[test]
fn a_value_large_enough_for_a_sled_blob_is_kept() {
    // sled stores values over ~128 KiB as separate blob files, which it never fsyncs itself;
    // the store syncs them before acknowledging (this walks that path and reads the value back).
    let tmp = tempfile::tempdir().unwrap();
    let mut big = common::person("KZ-BIG", "Үлкен", "Жазба", checkin::domain::Category::Ngo);
    big.notes = "ә".repeat(100_000);
    {
        let store = Store::open(tmp.path(), "desk-1").unwrap();
        store.import(std::slice::from_ref(&big)).unwrap();
    }
    let blobs = tmp.path().join("db").join("blobs");
    assert!(!listing(&blobs).is_empty(), "sled wrote no blob; the test no longer covers blob syncing");
    let store = Store::open(tmp.path(), "desk-1").unwrap();
    assert_eq!(store.person("KZ-BIG").unwrap(), Some(big));
}

#[test]
fn everyone_is_found_by_code_across_block_boundaries_and_reimports_count_exactly() {
    // Enough people for hundreds of blocks in the `people` tree.
    let program = checkin::io::sample::sample_program().unwrap();
    let mut people = checkin::io::sample::generate(3000, 7, &program);
    people.sort_by(|a, b| a.code.cmp(&b.code));
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path(), "desk-1").unwrap();
    let first_half: Vec<Person> =
        people.iter().enumerate().filter(|(i, _)| i % 3 != 0).map(|(_, p)| p.clone()).collect();
    let later: Vec<&Person> = people.iter().enumerate().filter(|(i, _)| i % 3 == 0).map(|(_, p)| p).collect();
    let summary = store.import(&first_half).unwrap();
    assert_eq!((summary.added.len(), summary.updated.len(), summary.unchanged), (2000, 0, 0));
    for p in &first_half {
        assert_eq!(store.person(&p.code).unwrap().as_ref(), Some(p), "{}", p.code);
    }
    for p in &later {
        assert_eq!(store.person(&p.code).unwrap(), None, "{} is not imported yet", p.code);
    }
    assert_eq!(store.person("").unwrap(), None, "before the first block");
    assert_eq!(store.person("ZZZ").unwrap(), None, "after the last block");

    // Everyone again, a few changed: the missing third is added in between the blocks' people.
    let mut again = people.clone();
    for p in again.iter_mut().step_by(100) {
        p.organisation.push_str(" (moved)");
    }
    let changed: Vec<String> =
        (0..people.len()).filter(|i| i % 3 != 0 && again[*i] != people[*i]).map(|i| again[i].code.clone()).collect();
    assert!(changed.len() > 10);
    let plan = store.plan_import(&again).unwrap();
    assert_eq!(plan.added, later.iter().map(|p| p.code.clone()).collect::<Vec<_>>());
    assert_eq!(plan.updated, changed);
    assert_eq!(plan.unchanged, 2000 - changed.len());
    assert_eq!(store.import(&again).unwrap(), plan);
    assert_eq!(store.people().unwrap(), again);
    assert_eq!(store.people_count(), 3000);
    drop(store);
    let store = Store::open(tmp.path(), "desk-1").unwrap();
    for p in &again {
        assert_eq!(store.person(&p.code).unwrap().as_ref(), Some(p), "{}", p.code);
    }
    let plan = store.plan_import(&again).unwrap();
    assert_eq!((plan.added.len(), plan.updated.len(), plan.unchanged), (0, 0, 3000));
}
