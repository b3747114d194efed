//! The long run by hand, whose figures RELIABILITY.md keeps: many kills of `scan`, full disks
//! and damaged files in a row, every one checked for what was acknowledged, lost or made up,
//! with the time the next open took. Ignored by `cargo test`; run it with
//!
//! ```sh
//! FAULT_ROUNDS=40 cargo test --release --test faults long_run -- --ignored --nocapture --test-threads 1
//! ```
//!
//! (`FAULT_SEED` picks another sequence of kill times and damages.)

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::support::*;

fn rounds() -> usize {
    std::env::var("FAULT_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(20)
}

fn rng() -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(std::env::var("FAULT_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(2016))
}

/// What a run found, printed for RELIABILITY.md.
#[derive(Default)]
struct Tally {
    trials: usize,
    acknowledged: usize,
    /// Acknowledged, and not in the folder afterwards.
    lost: usize,
    /// In the folder afterwards, though not acknowledged (in flight when the process died).
    in_flight_kept: usize,
    /// Checked in at the venue twice on one day.
    twice: usize,
    refused: usize,
    crashes: usize,
    recovery: Vec<Duration>,
    notes: BTreeMap<String, usize>,
}

impl Tally {
    fn print(&self, what: &str) {
        let mut times = self.recovery.clone();
        times.sort();
        let pick = |q: f64| times.get(((times.len() as f64 - 1.0) * q) as usize).map_or(0, |d| d.as_millis());
        eprintln!(
            "{what}: {} trials, {} acknowledged, {} lost, {} in flight and kept, {} checked in twice, {} refused with a message, {} crashes; next open median {} ms, max {} ms",
            self.trials,
            self.acknowledged,
            self.lost,
            self.in_flight_kept,
            self.twice,
            self.refused,
            self.crashes,
            pick(0.5),
            pick(1.0)
        );
        for (note, n) in &self.notes {
            eprintln!("  {note}: {n}");
        }
    }

    /// Opens `dir` with `status` (timed), then compares its venue check-ins with `acknowledged`.
    fn check(&mut self, dir: &Path, acknowledged: &[String]) -> bool {
        let started = Instant::now();
        let status = run(checkin(dir).arg("status"), "");
        self.recovery.push(started.elapsed());
        self.tally_crash(&status);
        if !status.status.success() {
            self.refused += 1;
            *self.notes.entry(first_words(&text(&status.stderr))).or_default() += 1;
            return false;
        }
        self.compare(dir, acknowledged);
        true
    }

    fn compare(&mut self, dir: &Path, acknowledged: &[String]) {
        let found = checked_in(dir);
        let mut per_code: BTreeMap<&str, usize> = BTreeMap::new();
        for code in &found {
            *per_code.entry(code).or_default() += 1;
        }
        self.acknowledged += acknowledged.len();
        self.lost += acknowledged.iter().filter(|c| !per_code.contains_key(c.as_str())).count();
        self.in_flight_kept += per_code.keys().filter(|c| !acknowledged.iter().any(|a| a == *c)).count();
        self.twice += per_code.values().filter(|&&n| n > 1).count();
    }

    fn tally_crash(&mut self, out: &std::process::Output) {
        let stderr = text(&out.stderr);
        if out.status.code().is_none() || stderr.contains("panicked") || stderr.contains("memory allocation") {
            self.crashes += 1;
            eprintln!("CRASH: {stderr}");
        }
    }
}

fn first_words(message: &str) -> String {
    let message = message.lines().last().unwrap_or_default();
    let cut = message.find(" is ").or_else(|| message.find(": ")).unwrap_or(message.len());
    let tail: String = message[cut..].chars().take(60).collect();
    format!("refused{tail}…")
}

/// Feeds `codes` to `scan` on `dir` at full speed, kills it after `after`, and returns the codes
/// it printed OK for before dying. With `at_checkpoint`, strace kills it instead as its first
/// checkpoint empties the write-ahead log.
fn killed_scan(dir: &Path, codes: Vec<String>, after: Duration, at_checkpoint: bool) -> Vec<String> {
    let mut scan = checkin(dir);
    scan.arg("scan");
    let wal = dir.join("facts.wal");
    let options =
        ["-o", "/dev/null", "-P", wal.to_str().unwrap(), "-e", "trace=ftruncate", "-e", "inject=ftruncate:signal=KILL"];
    let mut command = if at_checkpoint { under_strace(&options, &scan) } else { scan };
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        for code in codes {
            if writeln!(input, "{code}").is_err() {
                break;
            }
        }
    });
    let output = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || BufReader::new(output).lines().map_while(Result::ok).collect::<Vec<_>>());
    if !at_checkpoint {
        std::thread::sleep(after);
        let _ = child.kill();
    }
    child.wait().unwrap();
    feeder.join().unwrap();
    let lines = reader.join().unwrap().join("\n");
    verdicts(lines.as_bytes(), "OK")
}

#[test]
#[ignore = "the long run by hand: see RELIABILITY.md"]
fn long_run_kills() {
    const PEOPLE: usize = 40_000;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    folder_with_people(&dir, PEOPLE);
    let mut rng = rng();
    let mut tally = Tally::default();
    let mut next = 0;
    let mut acknowledged = Vec::new();
    let all = codes(PEOPLE);
    for round in 0..rounds() {
        let at_checkpoint = has_strace("long_run_kills") && round % 2 == 1;
        // A checkpoint comes every ~2,700 check-ins: enough codes to reach one.
        let n = if at_checkpoint { 3_000 } else { rng.random_range(100..3_000) };
        let batch: Vec<String> = all[next..(next + n).min(PEOPLE)].to_vec();
        next += batch.len();
        let after = Duration::from_millis(rng.random_range(20..1_500));
        acknowledged.extend(killed_scan(&dir, batch, after, at_checkpoint));
        *tally
            .notes
            .entry(if at_checkpoint { "killed in a checkpoint" } else { "killed at a random moment" }.into())
            .or_default() += 1;
        tally.trials += 1;
        let mut ours = Tally::default();
        ours.check(&dir, &acknowledged);
        tally.recovery.extend(ours.recovery);
        tally.crashes += ours.crashes;
        tally.refused += ours.refused;
        assert_eq!((ours.lost, ours.twice, ours.crashes, ours.refused), (0, 0, 0, 0), "round {round}");
        if next >= PEOPLE {
            break;
        }
    }
    tally.compare(&dir, &acknowledged);
    tally.print("kills of scan");
    assert_eq!((tally.lost, tally.twice, tally.crashes), (0, 0, 0));
}

#[test]
#[ignore = "the long run by hand: see RELIABILITY.md"]
fn long_run_full_disks() {
    const PEOPLE: usize = 1_000;
    let Some(disk) = small_disk("long_run_full_disks", 16 << 10) else { return };
    let prepared = tempfile::tempdir().unwrap();
    folder_with_people(prepared.path(), PEOPLE);
    let all = codes(PEOPLE).join("\n") + "\n";
    let mut tally = Tally::default();
    let levels: Vec<u64> = (0..rounds()).map(|i| (i as u64 * 1_600) / rounds() as u64).collect();
    for leave_kib in levels {
        let data = disk.path.join("data");
        assert!(Command::new("cp").arg("-a").arg(prepared.path()).arg(&data).status().unwrap().success());
        disk.fill_leaving(leave_kib);
        let scan = run(checkin(&data).arg("scan"), &all);
        tally.tally_crash(&scan);
        tally.tally_crash(&run(checkin(&data).arg("status"), ""));
        disk.free_again();
        tally.trials += 1;
        let acknowledged = verdicts(&scan.stdout, "OK");
        *tally
            .notes
            .entry(format!("scans stopped by the full disk before the end: {}", acknowledged.len() < PEOPLE))
            .or_default() += 1;
        tally.check(&data, &acknowledged);
        std::fs::remove_dir_all(&data).unwrap();
    }
    tally.print("full disks under scan");
    assert_eq!((tally.lost, tally.in_flight_kept, tally.twice, tally.crashes, tally.refused), (0, 0, 0, 0, 0));
}

/// A folder whose write-ahead log holds `n` acknowledged batches, sled none of them.
fn folder_with_logged_batches(dir: &Path, n: usize) -> Vec<String> {
    folder_with_people(dir, 200);
    let mut child = checkin(dir).arg("scan").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let mut output = BufReader::new(child.stdout.take().unwrap()).lines();
    let codes = codes(n);
    for code in &codes {
        writeln!(input, "{code}").unwrap();
        assert!(output.next().unwrap().unwrap().starts_with("OK"));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    codes
}

#[test]
#[ignore = "the long run by hand: see RELIABILITY.md"]
fn long_run_damaged_files() {
    let tmp = tempfile::tempdir().unwrap();
    let prepared = tmp.path().join("prepared");
    let acknowledged = folder_with_logged_batches(&prepared, 20);
    let mut rng = rng();
    let mut tally = Tally::default();
    let mut lost_with_their_batch = 0;
    for _ in 0..rounds() * 10 {
        let data = tmp.path().join("data");
        assert!(Command::new("cp").arg("-a").arg(&prepared).arg(&data).status().unwrap().success());
        let file = ["facts.wal", "facts.wal", "facts.wal", "search.snapshot", "CHECKIN-FOLDER", "db/conf"]
            [rng.random_range(0..6)];
        let mut bytes = std::fs::read(data.join(file)).unwrap();
        let at = rng.random_range(0..bytes.len());
        let how = match rng.random_range(0..4) {
            0 => {
                bytes[at] ^= 1 << rng.random_range(0..8);
                "a bit flipped"
            }
            1 => {
                let end = (at + 4).min(bytes.len());
                bytes[at..end].fill(0xff);
                "four bytes set to 0xff"
            }
            2 => {
                bytes.truncate(at);
                "cut short"
            }
            _ => {
                let end = (at + 512).min(bytes.len());
                bytes[at..end].fill(0);
                "512 bytes zeroed"
            }
        };
        std::fs::write(data.join(file), &bytes).unwrap();
        *tally.notes.entry(format!("{file}: {how}")).or_default() += 1;
        tally.trials += 1;
        let mut trial = Tally::default();
        if !trial.check(&data, &acknowledged) && file == "facts.wal" {
            // Refused as the README promises; the way out it names must work.
            let recover = run(checkin(&data).arg("recover"), "");
            trial.tally_crash(&recover);
            assert!(recover.status.success(), "{}", text(&recover.stderr));
            let mut after = Tally::default();
            after.compare(&data, &acknowledged);
            lost_with_their_batch += after.lost;
            *tally.notes.entry("facts.wal refused, then recovered".into()).or_default() += 1;
        } else if trial.lost > 0 {
            *tally.notes.entry(format!("LOST without a refusal: {file}: {how} (check-ins)")).or_default() += trial.lost;
        }
        tally.acknowledged += trial.acknowledged;
        tally.lost += trial.lost;
        tally.in_flight_kept += trial.in_flight_kept;
        tally.twice += trial.twice;
        tally.refused += trial.refused;
        tally.crashes += trial.crashes;
        tally.recovery.extend(trial.recovery);
        for (note, n) in trial.notes {
            *tally.notes.entry(note).or_default() += n;
        }
        std::fs::remove_dir_all(&data).unwrap();
    }
    tally.print("damaged files");
    eprintln!("  check-ins of a damaged batch itself, lost with it after `recover`: {lost_with_their_batch}");
    // A log cut short, or whose last record lost its header, reads as a write cut short: what
    // was cut off is lost without a refusal (RELIABILITY.md). Nothing else may be.
    let silent: usize =
        tally.notes.iter().filter(|(n, _)| n.starts_with("LOST") && !n.contains("facts.wal")).map(|(_, n)| n).sum();
    assert_eq!((silent, tally.in_flight_kept, tally.twice, tally.crashes), (0, 0, 0, 0));
}
