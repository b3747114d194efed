//! Several `scan` processes on one folder, and the owner going away under them: a scan finishes
//! its input (defect 7).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use checkin::store::Store;
use checkin::store::share::protocol::{self, Reply, Request, Welcome};

use crate::support::*;

fn spawn_scan(command: &mut std::process::Command) -> Child {
    command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
}

fn wait_for_socket(dir: &std::path::Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !dir.join("checkin.sock").exists() {
        assert!(Instant::now() < deadline, "nobody shared the folder");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Defect 7: a window that started while the owner was quitting failed with "open in another
/// checkin (pid <the owner>)" once the owner took more than a second to close. The owner is made
/// slow to close (its last checkpoint waits 3 s), and a scan started meanwhile does its work.
#[test]
fn a_scan_started_while_the_owner_quits_waits_and_works() {
    if !has_strace("a_scan_started_while_the_owner_quits_waits_and_works") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    folder_with_people(tmp.path(), 10);
    let wal = tmp.path().join("facts.wal");
    let mut scan = checkin(tmp.path());
    scan.arg("scan");
    let slow = [
        "-o",
        "/dev/null",
        "-P",
        wal.to_str().unwrap(),
        "-e",
        "trace=ftruncate",
        "-e",
        "inject=ftruncate:delay_enter=3000000",
    ];
    let mut owner = spawn_scan(&mut under_strace(&slow, &scan));
    wait_for_socket(tmp.path());
    let mut input = owner.stdin.take().unwrap();
    writeln!(input, "KZ-000001").unwrap();
    let mut output = BufReader::new(owner.stdout.take().unwrap()).lines();
    assert!(output.next().unwrap().unwrap().starts_with("OK"));
    drop(input); // the owner quits, and takes its time
    std::thread::sleep(Duration::from_millis(500));

    let second = run(checkin_as(tmp.path(), "desk-2").arg("scan"), "KZ-000002\n");
    assert_no_crash(&second);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert_eq!(verdicts(&second.stdout, "OK"), ["KZ-000002"]);
    assert!(owner.wait().unwrap().success());
}

/// Defect 7: after the owner was killed, guests whose batches were overtaken 25 times in a row
/// gave up and left the rest of their input unprocessed. Three guests scan the same codes, each in
/// its own order, at full speed while the owner is killed: each answers every code, and each code is in once.
#[test]
fn guests_finish_their_input_when_the_owner_is_killed() {
    const PEOPLE: usize = 600;
    const GUESTS: usize = 3;
    let tmp = tempfile::tempdir().unwrap();
    folder_with_people(tmp.path(), PEOPLE);
    let all = codes(PEOPLE).join("\n") + "\n";
    let mut owner = spawn_scan(checkin_as(tmp.path(), "owner").arg("scan"));
    wait_for_socket(tmp.path());
    let guests: Vec<Child> =
        (1..=GUESTS).map(|i| spawn_scan(checkin_as(tmp.path(), &format!("guest-{i}")).arg("scan"))).collect();
    let feeders: Vec<_> = guests
        .into_iter()
        .enumerate()
        .map(|(i, mut guest)| {
            let mut input = guest.stdin.take().unwrap();
            // Each in its own order, so that every batch meets the others' all the time.
            let mut order: Vec<&str> = all.lines().collect();
            order.sort_by_key(|code| (code.bytes().map(u64::from).sum::<u64>() * (i as u64 + 7)) % 101);
            let all = order.join("\n") + "\n";
            std::thread::spawn(move || {
                for line in all.lines() {
                    if writeln!(input, "{line}").is_err() {
                        break;
                    }
                }
                drop(input);
                guest.wait_with_output().unwrap()
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    owner.kill().unwrap();
    owner.wait().unwrap();

    for (i, feeder) in feeders.into_iter().enumerate() {
        let out = feeder.join().unwrap();
        assert_no_crash(&out);
        assert!(out.status.success(), "guest {}: {}", i + 1, text(&out.stderr));
        let answered = verdicts(&out.stdout, "OK").len() + verdicts(&out.stdout, "ALREADY").len();
        assert_eq!(answered, PEOPLE, "guest {} answered every code", i + 1);
    }
    let found = checked_in(tmp.path());
    let mut once = found.clone();
    once.dedup();
    assert_eq!(found, once, "nobody is in twice");
}

/// A stand-in for the window that owns `dir`: it holds the folder, welcomes one guest, answers
/// its first `stale` appends "another window wrote first" and writes the others. Returns how
/// many appends it answered.
fn owner_that_overtakes(dir: &std::path::Path, stale: usize) -> std::thread::JoinHandle<usize> {
    let mut store = Store::open(dir, "owner").unwrap();
    let listener = std::os::unix::net::UnixListener::bind(dir.join("checkin.sock")).unwrap();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut appends = 0;
        while let Ok(request) = protocol::receive::<Request>(&mut stream) {
            let upto = store.fact_count() as u64;
            let reply = match request {
                Request::Hello { .. } => Reply::Welcome(Box::new(Welcome {
                    owner_station: "owner".into(),
                    owner_pid: std::process::id(),
                    program: store.program().unwrap(),
                    demo: false,
                    people: store.people().unwrap(),
                    facts: store.facts().map(Result::unwrap).collect(),
                    upto,
                    next_seq: 1,
                })),
                Request::Pull { .. } => Reply::Facts { facts: Vec::new(), upto },
                Request::Append { at, operator, kinds, .. } => {
                    appends += 1;
                    if appends <= stale {
                        Reply::Stale { facts: Vec::new(), upto }
                    } else {
                        let facts = store.record_many(at, &operator, kinds).unwrap();
                        Reply::Facts { upto: upto + facts.len() as u64, facts }
                    }
                }
                Request::Merge { .. } => Reply::Refused("not in this test".into()),
            };
            protocol::send(&mut stream, &reply).unwrap();
        }
        appends
    })
}

/// Defect 7: a guest whose batch was overtaken 25 times in a row (an owner just taken over,
/// windows colliding at full speed) gave up and left the rest of its input unprocessed; 25
/// attempts took a fraction of a second. Overtaken 40 times, a scan still does its work.
#[test]
fn a_scan_overtaken_again_and_again_keeps_deciding() {
    let tmp = tempfile::tempdir().unwrap();
    folder_with_people(tmp.path(), 10);
    let owner = owner_that_overtakes(tmp.path(), 40);
    let out = run(checkin_as(tmp.path(), "guest").arg("scan"), "KZ-000001\nKZ-000002\n");
    assert_no_crash(&out);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(verdicts(&out.stdout, "OK").len(), 2, "{}", text(&out.stdout));
    assert!(owner.join().unwrap() > 40);
}
