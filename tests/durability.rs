//! A check-in (or check-out) that `checkin scan` acknowledged must survive the process being
//! killed.
//!
//! The scanner is fed codes one at a time and SIGKILLed mid-stream; after reopening the folder
//! every code it had acknowledged is checked in (or out). (A power cut cannot be simulated here:
//! that is what the fsync after each write is for; `cargo bench` measures what it costs.)

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use checkin::domain::{AttendanceStatus, Category, EntryPoint, FactKind, Person};
use checkin::store::Store;

const PEOPLE: usize = 400;

fn folder(category: Category) -> (tempfile::TempDir, Vec<Person>) {
    let tmp = tempfile::tempdir().unwrap();
    let people: Vec<_> =
        (0..PEOPLE).map(|i| common::person(&format!("KZ-{i:06}"), "Омаров", "Асель", category)).collect();
    let store = Store::open(tmp.path(), "desk-1").unwrap();
    store.set_program(&common::program()).unwrap();
    store.import(&people).unwrap();
    (tmp, people)
}

/// Runs `checkin scan <extra>` on `data`, feeds it every code, kills it with SIGKILL once at
/// least 60 verdicts came back, and returns the codes of the lines that start with `verdict`.
fn acknowledged_before_the_kill(data: &Path, extra: &[&str], people: &[Person], verdict: &str) -> Vec<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_checkin"))
        .args(["--data", data.to_str().unwrap(), "--station", "desk-1", "--now", "2016-11-21T09:00", "scan"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();

    // Read verdicts on a thread so we can stop at an arbitrary point of the stream.
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });

    // Keep the scanner busy: codes go in faster than they are acknowledged, so some are in
    // flight (read, maybe written, not yet printed) when the kill arrives.
    let codes: Vec<String> = people.iter().map(|p| p.code.clone()).collect();
    let feeder = std::thread::spawn(move || {
        for code in &codes {
            if writeln!(stdin, "{code}").is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    });

    let mut acknowledged = Vec::new();
    while acknowledged.len() < 60 {
        let line = rx.recv_timeout(Duration::from_secs(30)).expect("scan stopped answering");
        acknowledged.push(line);
    }
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no goodbye.
    child.wait().unwrap();
    // Lines already in the pipe when the process died were printed, so they count too.
    acknowledged.extend(rx.iter());
    reader.join().unwrap();
    feeder.join().unwrap();

    let prefix = format!("{verdict}\t");
    let ok: Vec<String> = acknowledged
        .iter()
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .map(|rest| rest.split('\t').next().unwrap().to_owned())
        .collect();
    assert!(ok.len() >= 60, "expected at least 60 {verdict} lines, got {acknowledged:?}");
    assert!(ok.len() < PEOPLE, "the kill must land mid-stream");
    ok
}

/// The log holds at least `acknowledged` facts, densely numbered from 1.
fn assert_dense_log(store: &Store, acknowledged: usize) {
    let seqs: Vec<u64> = store.facts().map(|f| f.unwrap().seq).collect();
    assert!(seqs.len() >= acknowledged);
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>());
}

#[test]
fn every_code_printed_ok_survives_sigkill() {
    let (tmp, people) = folder(Category::Child);
    let ok = acknowledged_before_the_kill(tmp.path(), &[], &people, "OK");

    let store = Store::open(tmp.path(), "desk-1").unwrap();
    let venue = EntryPoint::Venue(common::day1());
    for code in &ok {
        assert!(
            matches!(store.state().status(&venue, code), AttendanceStatus::In { .. }),
            "{code} was acknowledged but is not checked in after the kill"
        );
    }
    assert_dense_log(&store, ok.len());
}

#[test]
fn every_check_out_printed_survives_sigkill() {
    let (tmp, people) = folder(Category::Ngo);
    {
        let mut store = Store::open(tmp.path(), "desk-1").unwrap();
        let arrivals = people
            .iter()
            .map(|p| FactKind::CheckedIn { code: p.code.clone(), entry: EntryPoint::Venue(common::day1()), note: None })
            .collect();
        store.record_many(common::morning(), "op", arrivals).unwrap();
    }
    let out = acknowledged_before_the_kill(tmp.path(), &["--out"], &people, "OUT");

    let store = Store::open(tmp.path(), "desk-1").unwrap();
    let venue = EntryPoint::Venue(common::day1());
    for code in &out {
        assert!(
            matches!(store.state().status(&venue, code), AttendanceStatus::Out { .. }),
            "{code} was acknowledged but is not checked out after the kill"
        );
    }
    assert_dense_log(&store, PEOPLE + out.len());
}

/// `checkin import` SIGKILLed at moments spread over its run (parsing, the generation bump, the
/// write of the people): the folder then holds the people from before, or all of the new ones.
#[test]
fn an_import_killed_midway_leaves_the_old_people_or_all_the_new() {
    let program = checkin::io::sample::sample_program().unwrap();
    let before = checkin::io::sample::generate(3000, 11, &program);
    let mut incoming = before.clone();
    for p in &mut incoming {
        p.organisation.push_str(" (new)");
    }
    incoming.extend(checkin::io::sample::generate(1000, 12, &program).into_iter().map(|mut p| {
        p.code.insert_str(0, "NEW-");
        p
    }));
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("registrants.csv");
    checkin::io::sample::write_csv(&incoming, std::fs::File::create(&csv).unwrap()).unwrap();

    let folder_with_the_old_people = |name: &str| {
        let dir = tmp.path().join(name);
        let store = Store::open(&dir, "desk-1").unwrap();
        store.set_program(&common::program()).unwrap();
        store.import(&before).unwrap();
        (dir, store.people().unwrap())
    };
    let import = |dir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_checkin"))
            .args(["--data", dir.to_str().unwrap(), "--station", "desk-1", "import", csv.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };

    // A whole import first: what "all of the new ones" is, and how long an import runs.
    let (dir, old) = folder_with_the_old_people("whole");
    let started = std::time::Instant::now();
    let whole = import(&dir).wait_with_output().unwrap();
    assert!(whole.status.success(), "{}", String::from_utf8_lossy(&whole.stderr));
    let run = started.elapsed();
    let new = Store::open(&dir, "desk-1").unwrap().people().unwrap();
    assert_eq!((old.len(), new.len()), (3000, 4000));

    let mut outcomes = Vec::new();
    for i in 1..=8u32 {
        let (dir, _) = folder_with_the_old_people(&format!("killed-{i}"));
        let mut child = import(&dir);
        std::thread::sleep(run * i / 9);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let people = Store::open(&dir, "desk-1").unwrap().people().unwrap();
        assert!(people == old || people == new, "kill {i} of 8 left {} people, neither before nor after", people.len());
        outcomes.push(if people == new { "new" } else { "old" });
    }
    eprintln!("import runs {run:?}; after the kills: {outcomes:?}");
}
