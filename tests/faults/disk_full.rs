//! A full disk: nothing acknowledged is lost, nothing reported as not saved counts, and the
//! folder opens again once there is space (defects 1 and 8).

use crate::support::*;

/// Defect 1: an open that failed on a full disk left a `db/snap.*.generating` of 0 bytes, and
/// every later open said "Read corrupted data" until it was deleted by hand.
#[test]
fn a_snapshot_sled_did_not_finish_does_not_stop_the_next_open() {
    let tmp = tempfile::tempdir().unwrap();
    folder_with_people(tmp.path(), 20);
    let out = run(checkin(tmp.path()).arg("scan"), "KZ-000001\n");
    assert_eq!(verdicts(&out.stdout, "OK"), ["KZ-000001"]);
    let db = tmp.path().join("db");
    let newest = std::fs::read_dir(&db)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|n| n.starts_with("snap."))
        .max()
        .expect("sled wrote a snapshot");
    // What the failed open left: sled sorts its snapshot files by name and takes the last.
    std::fs::write(db.join(format!("{newest}1.generating")), b"").unwrap();

    let out = run(checkin(tmp.path()).arg("status"), "");
    assert_no_crash(&out);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(checked_in(tmp.path()), ["KZ-000001"]);
}

/// Defects 1 and 8, as found: `scan` on a disk that fills up under it, `status` while it is
/// full, then space again. Every code printed OK is checked in, no other (253 codes reported
/// as not saved used to turn up later), and the folder opens.
#[test]
fn on_a_full_disk_what_was_acknowledged_is_kept_and_nothing_else_counts() {
    let Some(disk) = small_disk("on_a_full_disk_what_was_acknowledged_is_kept_and_nothing_else_counts", 16 << 10)
    else {
        return;
    };
    const PEOPLE: usize = 1000;
    let prepared = tempfile::tempdir().unwrap();
    folder_with_people(prepared.path(), PEOPLE);
    let all_codes = codes(PEOPLE).join("\n") + "\n";
    // Where the disk runs out: within the scan (where an older build let 99 check-ins reported
    // as not saved turn up later, leaving 250 KiB), or before it.
    for leave_kib in [250, 450, 0] {
        let data = disk.path.join(format!("data-{leave_kib}"));
        let copied = std::process::Command::new("cp").arg("-a").arg(prepared.path()).arg(&data).status().unwrap();
        assert!(copied.success());
        disk.fill_leaving(leave_kib);

        let scan = run(checkin(&data).arg("scan"), &all_codes);
        assert_no_crash(&scan);
        let mut acknowledged = verdicts(&scan.stdout, "OK");
        if acknowledged.len() < PEOPLE {
            assert!(!scan.status.success(), "leaving {leave_kib} KiB: a scan that stopped early says so");
        }
        assert_no_crash(&run(checkin(&data).arg("status"), ""));

        disk.free_again();
        let status = run(checkin(&data).arg("status"), "");
        assert_no_crash(&status);
        assert!(status.status.success(), "leaving {leave_kib} KiB, then freed: {}", text(&status.stderr));
        acknowledged.sort();
        let found = checked_in(&data);
        let unsaid: Vec<_> = found.iter().filter(|c| !acknowledged.contains(c)).take(3).collect();
        let lost: Vec<_> = acknowledged.iter().filter(|c| !found.contains(c)).take(3).collect();
        assert!(
            found == acknowledged,
            "leaving {leave_kib} KiB: {} checked in, {} printed OK; not printed OK e.g. {unsaid:?}, lost e.g. {lost:?}",
            found.len(),
            acknowledged.len()
        );
        std::fs::remove_dir_all(&data).unwrap();
    }
}
