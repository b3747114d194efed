//! Damaged files in the data folder: refused with a message saying what to do, never read as
//! far as the damage and never an abort (defects 3 and 4).

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use crate::support::*;

/// A folder whose `facts.wal` holds `n` acknowledged batches of one check-in each: `scan` is
/// fed one code at a time and killed before it could checkpoint. Returns the codes printed OK.
fn killed_scan_with_batches(dir: &std::path::Path, n: usize) -> Vec<String> {
    folder_with_people(dir, 50);
    let mut child = checkin(dir).arg("scan").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let mut output = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut acknowledged = Vec::new();
    for code in codes(n) {
        writeln!(input, "{code}").unwrap();
        let line = output.next().expect("a verdict").unwrap();
        assert!(line.starts_with(&format!("OK\t{code}")), "{line}");
        acknowledged.push(code);
    }
    child.kill().unwrap();
    child.wait().unwrap();
    acknowledged
}

/// Defect 3: with the first record's length set to 0xFFFFFFFF, the whole log was skipped as a
/// write cut short, and acknowledged check-ins with it.
#[test]
fn a_damaged_length_in_the_log_is_refused_not_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    killed_scan_with_batches(tmp.path(), 5);
    let wal = tmp.path().join("facts.wal");
    let mut bytes = std::fs::read(&wal).unwrap();
    assert!(!bytes.is_empty(), "the kill left the batches in the log");
    // The length field, whichever of the two record layouts: the first eight bytes cover both.
    bytes[..8].copy_from_slice(&[0xff; 8]);
    std::fs::write(&wal, &bytes).unwrap();

    let out = run(checkin(tmp.path()).arg("status"), "");
    assert_no_crash(&out);
    let said = text(&out.stderr);
    assert!(!out.status.success(), "opened as if the log were only cut short: {}", text(&out.stdout));
    assert!(said.contains("facts.wal") && said.contains("checkin recover"), "what to do: {said}");
    assert_eq!(std::fs::read(&wal).unwrap(), bytes, "the log is left as it was");
}

/// Defect 3, what the refusal's message offers: every intact batch, before and after the
/// damage, is put back; the damaged bytes are kept aside.
#[test]
fn recover_puts_back_every_intact_batch_of_a_damaged_log() {
    let tmp = tempfile::tempdir().unwrap();
    let acknowledged = killed_scan_with_batches(tmp.path(), 5);
    let wal = tmp.path().join("facts.wal");
    let mut bytes = std::fs::read(&wal).unwrap();
    // A bit of the second record's body: its batch is lost, the three after it are not.
    let second = bytes.len() / 5 + 20;
    bytes[second] ^= 0x40;
    std::fs::write(&wal, &bytes).unwrap();

    let out = run(checkin(tmp.path()).arg("recover"), "");
    assert_no_crash(&out);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("4 intact batches"), "{}", text(&out.stdout));
    let kept: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|n| n.starts_with("facts.wal.damaged"))
        .collect();
    assert_eq!(kept.len(), 1, "the damaged log is kept aside");
    assert_eq!(std::fs::read(tmp.path().join(&kept[0])).unwrap(), bytes);
    let mut expected = acknowledged.clone();
    expected.remove(1);
    assert_eq!(checked_in(tmp.path()), expected);
}

/// Defect 4: a log of one batch, its checksum right, whose first text claims 2^40 bytes made
/// every open abort ("memory allocation of 1099511627776 bytes failed").
#[test]
fn a_log_claiming_a_huge_text_is_refused_not_an_abort() {
    let tmp = tempfile::tempdir().unwrap();
    folder_with_people(tmp.path(), 5);
    let mut body = vec![checkin::store::codec::VALUE_FORMAT, 1]; // a list of one fact
    body.push(16); // its id: 16 bytes
    body.extend_from_slice(&[7; 16]);
    body.push(253); // its station's length: a u64 follows
    body.extend_from_slice(&(1u64 << 40).to_le_bytes());
    let wal = tmp.path().join("facts.wal");
    std::fs::write(&wal, checkin::store::wal::record(&body).unwrap()).unwrap();

    let out = run(checkin(tmp.path()).arg("status"), "");
    assert_no_crash(&out);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("facts.wal"), "{}", text(&out.stderr));
}
