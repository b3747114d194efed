//! A check-in that `checkin scan` printed OK for must survive the process being killed.
//!
//! The scanner is fed codes one at a time and SIGKILLed mid-stream; after reopening the folder
//! every code it had acknowledged is checked in. (A power cut cannot be simulated here: that is
//! what the fsync after each write is for; `cargo bench` measures what it costs.)

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use checkin::domain::{AttendanceStatus, Category, EntryPoint};
use checkin::store::Store;

#[test]
fn every_code_printed_ok_survives_sigkill() {
    let tmp = tempfile::tempdir().unwrap();
    let people: Vec<_> =
        (0..400).map(|i| common::person(&format!("KZ-{i:06}"), "Омаров", "Асель", Category::Child)).collect();
    {
        let store = Store::open(tmp.path(), "desk-1").unwrap();
        store.set_program(&common::program()).unwrap();
        store.import(&people).unwrap();
    }

    let mut child = Command::new(env!("CARGO_BIN_EXE_checkin"))
        .args(["--data", tmp.path().to_str().unwrap(), "--station", "desk-1", "--now", "2016-11-21T09:00", "scan"])
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
    let feeder = std::thread::spawn(move || {
        for p in &people {
            if writeln!(stdin, "{}", p.code).is_err() {
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

    let ok: Vec<&str> = acknowledged
        .iter()
        .filter_map(|l| l.strip_prefix("OK\t"))
        .map(|rest| rest.split('\t').next().unwrap())
        .collect();
    assert!(ok.len() >= 60, "expected at least 60 OK lines, got {acknowledged:?}");
    assert!(ok.len() < 400, "the kill must land mid-stream");

    let store = Store::open(tmp.path(), "desk-1").unwrap();
    let venue = EntryPoint::Venue(common::day1());
    for code in &ok {
        assert!(
            matches!(store.state().status(&venue, code), AttendanceStatus::In { .. }),
            "{code} was acknowledged but is not checked in after the kill"
        );
    }
    // The log holds at least the acknowledged facts, densely numbered from 1.
    let seqs: Vec<u64> = store.facts().map(|f| f.unwrap().seq).collect();
    assert!(seqs.len() >= ok.len());
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>());
}
