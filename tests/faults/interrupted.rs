//! A process stopped half-way: a restore is all or nothing (defect 2).

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use chrono::Duration;

use checkin::domain::{EntryPoint, Fact, FactKind};

use crate::support::*;

const PEOPLE: usize = 500;

/// An export of `n` check-ins by another station: every registrant arrives, day after day.
fn exported_facts(path: &std::path::Path, n: usize) {
    let facts: Vec<Fact> = (0..n)
        .map(|i| Fact {
            id: uuid::Uuid::now_v7(),
            station: "desk-9".into(),
            seq: i as u64 + 1,
            at: crate::common::morning() + Duration::seconds(i as i64),
            operator: "op".into(),
            kind: FactKind::CheckedIn {
                code: format!("KZ-{:06}", i % PEOPLE + 1),
                entry: EntryPoint::Venue(crate::common::day1() + Duration::days((i / PEOPLE) as i64)),
                note: None,
            },
        })
        .collect();
    let file = std::fs::File::create(path).unwrap();
    let unsigned = facts.iter().map(|f| (f, None));
    checkin::io::export::write_facts(std::io::BufWriter::new(file), &checkin::store::EventId([0; 16]), unsigned)
        .unwrap();
}

/// Runs `restore` on `data` and kills it with SIGKILL once sled has written its log `writes`
/// times. sled writes from several threads, so strace counts the writes (each slowed down, so
/// that the kill comes before the next one) and the test kills.
fn restore_killed_after(data: &std::path::Path, export: &std::path::Path, writes: usize) {
    let mut restore = checkin(data);
    restore.arg("restore").arg(export);
    let options = ["-e", "trace=pwrite64", "-e", "inject=pwrite64:delay_exit=50000", "-o", "/dev/stderr"];
    let mut traced = under_strace(&options, &restore).stderr(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
    let mut done = 0;
    let mut pid = None;
    for line in BufReader::new(traced.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        pid = pid.or_else(|| line.split_whitespace().next().and_then(|p| p.parse::<i32>().ok()));
        if line.contains("pwrite64") && line.contains(") = ") {
            done += 1;
            if done == writes {
                let pid = rustix::process::Pid::from_raw(pid.unwrap()).unwrap();
                rustix::process::kill_process(pid, rustix::process::Signal::KILL).unwrap();
                break;
            }
        }
    }
    assert_eq!(done, writes, "the restore ended before its write {writes}");
    traced.wait().unwrap();
}

/// Defect 2: `restore` killed half-way left every fact and none of the state derived from them
/// ("0 arrived"), and a second scan of an arrived person printed OK and wrote a second
/// check-in. Killed after any of its writes, it either restored everything or left the folder
/// as it was.
#[test]
fn a_restore_killed_half_way_is_all_or_nothing() {
    if !has_strace("a_restore_killed_half_way_is_all_or_nothing") {
        return;
    }
    const FACTS: usize = 5_000;
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("facts.jsonl");
    exported_facts(&export, FACTS);
    let prepared = tmp.path().join("prepared");
    folder_with_people(&prepared, PEOPLE);
    // sled writes its log about 18 times for these facts, the first while opening the folder.
    for writes in [5, 8, 11] {
        let data = tmp.path().join(format!("data-{writes}"));
        assert!(std::process::Command::new("cp").arg("-a").arg(&prepared).arg(&data).status().unwrap().success());
        restore_killed_after(&data, &export, writes);

        let status = run(checkin(&data).arg("status"), "");
        assert_no_crash(&status);
        assert!(status.status.success(), "{}", text(&status.stderr));
        let said = text(&status.stdout);
        let facts: usize = said.lines().find_map(|l| l.strip_prefix("facts:")).unwrap().trim().parse().unwrap();
        let rescan = run(checkin(&data).arg("scan"), "KZ-000001\n");
        match facts {
            0 => assert_eq!(verdicts(&rescan.stdout, "OK"), ["KZ-000001"], "killed after write {writes}"),
            FACTS => assert_eq!(verdicts(&rescan.stdout, "ALREADY"), ["KZ-000001"], "killed after write {writes}"),
            n => panic!("killed after write {writes}: {n} of {FACTS} facts restored"),
        }
        std::fs::remove_dir_all(&data).unwrap();
    }
}
