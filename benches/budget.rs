//! The rest of the performance budget: durable check-in against the disk's own floor and SQLite,
//! import of 100k CSV rows, and start-up and peak memory of a station at 100k and 1M.
//!
//! Start-up and memory are measured in a fresh child process per run (this same executable,
//! re-run with `--child-startup DIR`), so the peak RSS is the station's alone.

mod support;

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use checkin::domain::EntryPoint;
use checkin::io::import::{ImportOptions, parse_registrants};
use checkin::station::Clock;
use checkin::station::{CheckIn, Station};
use checkin::store::Store;
use checkin::tui::desk::Desk;

use support::{Stats, fmt_dur, fmt_size, mib};

const CHILD_FLAG: &str = "--child-startup";
/// Start-ups from the snapshot per size (after the first one, which builds it); the table gives
/// the median and the worst. One at 1M, to keep the whole `cargo bench` short.
fn startup_runs(n: usize) -> usize {
    if n >= 1_000_000 { 1 } else { 3 }
}
/// Imports timed per bench run (`CHECKIN_BENCH_IMPORT_RUNS` to change it).
fn import_runs() -> usize {
    support::env_usize("CHECKIN_BENCH_IMPORT_RUNS", 3)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == CHILD_FLAG) {
        child_startup(Path::new(&args[i + 1]));
        return;
    }
    // `CHECKIN_BENCH_ONLY=import` (or `durable`, `startup`) runs one part alone, e.g. to profile it.
    let only = std::env::var("CHECKIN_BENCH_ONLY").ok();
    let wanted = |part: &str| only.as_deref().is_none_or(|o| o == part);
    if wanted("durable") {
        durable_check_in();
    }
    if wanted("import") {
        import_100k();
    }
    if wanted("startup") {
        startup_and_memory();
    }
}

// ---------------------------------------------------------------------------------------------
// Durable check-in

fn durable_check_in() {
    let rounds = support::env_usize("CHECKIN_BENCH_COMMITS", 300);
    let dir = support::scratch("durable");
    let people = support::people(rounds + 20);
    let store = Store::open(&dir.join("station"), "bench").expect("opening the station folder");
    store.import(&people).expect("import");
    let mut station = Station::new(store, Clock::real(), "bench").expect("station");
    let entry = EntryPoint::Venue(chrono::NaiveDate::from_ymd_opt(2016, 11, 21).expect("a date"));

    let mut raw = OpenOptions::new().create(true).append(true).open(dir.join("raw.log")).expect("raw log");
    // About the size of one encoded check-in fact.
    let record = [b'x'; 160];
    let sql = rusqlite::Connection::open(dir.join("facts.sqlite")).expect("SQLite file");
    sql.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE facts(id INTEGER PRIMARY KEY, body BLOB NOT NULL);",
    )
    .expect("SQLite set-up");
    let mut insert = sql.prepare("INSERT INTO facts(body) VALUES (?1)").expect("insert");

    // The three writers take turns, so a slow moment of the disk falls on all of them alike.
    let (mut t_raw, mut t_sql, mut t_ours) = (Vec::new(), Vec::new(), Vec::new());
    let warmup = 10;
    for (i, person) in people.iter().enumerate().take(rounds + warmup) {
        let t = Instant::now();
        raw.write_all(&record).expect("write");
        raw.sync_all().expect("fsync");
        let d_raw = t.elapsed();

        let t = Instant::now();
        insert.execute([&record[..]]).expect("SQLite insert");
        let d_sql = t.elapsed();

        let t = Instant::now();
        let outcome = station.check_in(&person.code, &entry).expect("check-in");
        let d_ours = t.elapsed();
        assert!(matches!(outcome, CheckIn::Done(_)), "{} was not checked in: {outcome:?}", person.code);

        if i >= warmup {
            t_raw.push(d_raw);
            t_sql.push(d_sql);
            t_ours.push(d_ours);
        }
    }
    let (r, s, o) = (Stats::of(&t_raw), Stats::of(&t_sql), Stats::of(&t_ours));
    println!("# Durable check-in ({rounds} acknowledged facts each, interleaved, in {})\n", dir.display());
    println!("| writer | median | p99 | max |\n|---|---|---|---|");
    for (name, st) in [
        ("raw write + fsync (the floor)", r),
        ("SQLite WAL, synchronous=FULL", s),
        ("Station::check_in (Store::record_many)", o),
    ] {
        println!("| {name} | {} | {} | {} |", fmt_dur(st.p50), fmt_dur(st.p99), fmt_dur(st.max));
    }
    let ratio = o.p99.as_secs_f64() / r.p99.as_secs_f64();
    println!(
        "\ncheck-in p99 / raw p99 = {ratio:.2} (target ≤ 2: {}); medians: {:.2}\n",
        if ratio <= 2.0 { "met" } else { "MISSED" },
        o.p50.as_secs_f64() / r.p50.as_secs_f64()
    );
}

// ---------------------------------------------------------------------------------------------
// Import

fn import_100k() {
    let n = 100_000.min(support::env_usize("CHECKIN_BENCH_MAX", usize::MAX));
    let dir = support::scratch("import");
    let csv = support::csv_bytes(&support::people(n));
    let file = dir.join("registrants.csv");
    std::fs::write(&file, &csv).expect("writing the CSV");
    println!("# Import of {} rows from CSV ({})\n", fmt_size(n), mib(csv.len() as u64));
    println!("| run | read + parse | Store::import (durable) | total |\n|---|---|---|---|");
    let mut totals = Vec::new();
    for run in 1..=import_runs() {
        let folder = dir.join(format!("folder-{run}"));
        let t0 = Instant::now();
        let bytes = std::fs::read(&file).expect("reading the CSV");
        let parsed = parse_registrants(&bytes, &ImportOptions::default()).expect("a valid table");
        assert!(parsed.problems.is_empty(), "rows left out: {:?}", &parsed.problems[..1]);
        let people: Vec<_> = parsed.people.into_iter().map(|r| r.person).collect();
        assert_eq!(people.len(), n);
        let parse = t0.elapsed();
        let store = Store::open(&folder, "bench").expect("a fresh folder");
        let summary = store.import(&people).expect("import");
        assert_eq!(summary.added.len(), n);
        let total = t0.elapsed();
        drop(store);
        println!("| {run} | {} | {} | {} |", fmt_dur(parse), fmt_dur(total - parse), fmt_dur(total));
        totals.push(total);
    }
    let st = Stats::of(&totals);
    let ok = st.p50 <= Duration::from_secs(2);
    println!("\nmedian {} (target ≤ 2 s: {})\n", fmt_dur(st.p50), if ok { "met" } else { "MISSED" });
}

// ---------------------------------------------------------------------------------------------
// Start-up and memory

fn startup_and_memory() {
    let sizes: Vec<usize> = support::sizes().into_iter().filter(|&n| n >= 100_000).collect();
    if sizes.is_empty() {
        return;
    }
    println!("# Start-up (Station::open + Desk::new, as `checkin` does) and peak memory\n");
    println!(
        "| registrants | start | CSV size | open store + code list | Desk::new (people + index) | start-up median | worst | slowest of the first 5 searches (median run) | CPU time (median run) | peak RSS (VmHWM) | RSS / CSV |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut notes = Vec::new();
    for n in sizes {
        let dir = support::scratch(&format!("startup-{n}"));
        let folder = dir.join("data");
        let people = support::people(n);
        let csv_len = support::csv_bytes(&people).len() as u64;
        let t = Instant::now();
        let store = Store::open(&folder, "bench").expect("a fresh folder");
        store.import(&people).expect("import");
        drop(store);
        drop(people);
        notes.push(format!(
            "filling the {} folder (Store::import of generated people) took {}",
            fmt_size(n),
            fmt_dur(t.elapsed())
        ));

        // The first start after an import builds the index and saves the snapshot; the
        // following ones read it. Both are reported: the first is what an import costs.
        let first = run_child(&folder);
        let runs: Vec<ChildReport> = (0..startup_runs(n)).map(|_| run_child(&folder)).collect();
        for (label, runs) in [("first (builds, saves snapshot)", vec![first]), ("from snapshot", runs)] {
            let totals: Vec<Duration> = runs.iter().map(|r| r.open + r.desk).collect();
            let st = Stats::of(&totals);
            let mid = runs.iter().find(|r| r.open + r.desk == st.p50).expect("the median run");
            let hwm = runs.iter().map(|r| r.hwm_kib).max().unwrap_or(0) * 1024;
            println!(
                "| {} | {label} | {} | {} | {} | {} | {} | {} | {} | {} | {:.2}× |",
                fmt_size(n),
                mib(csv_len),
                fmt_dur(mid.open),
                fmt_dur(mid.desk),
                fmt_dur(st.p50),
                fmt_dur(st.max),
                fmt_dur(mid.first_searches),
                fmt_dur(mid.cpu),
                mib(hwm),
                hwm as f64 / csv_len as f64
            );
        }
    }
    println!();
    for n in notes {
        println!("- {n}");
    }
    println!();
}

struct ChildReport {
    open: Duration,
    desk: Duration,
    first_searches: Duration,
    hwm_kib: u64,
    cpu: Duration,
}

fn run_child(folder: &Path) -> ChildReport {
    let exe = std::env::current_exe().expect("this executable");
    let out = Command::new(exe).arg(CHILD_FLAG).arg(folder).output().expect("starting the child");
    assert!(out.status.success(), "child failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |name: &str| -> u64 {
        text.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("child output lacks {name}: {text}"))
    };
    ChildReport {
        open: Duration::from_micros(field("open_us")),
        desk: Duration::from_micros(field("desk_us")),
        first_searches: Duration::from_micros(field("first_search_max_us")),
        hwm_kib: field("hwm_kib"),
        cpu: Duration::from_millis(field("cpu_ms")),
    }
}

/// In the child: start a station on `folder` the way `checkin` does, search a little, report.
fn child_startup(folder: &Path) {
    let t0 = Instant::now();
    let station = Station::open(folder, "bench", "bench", None).expect("opening the folder");
    let open = t0.elapsed();
    let desk = Desk::new(station).expect("the desk");
    let ready = t0.elapsed();
    // The first searches after start-up touch the index's pages for the first time: timed, as
    // a desk is only usable once they are fast too.
    let mut slowest = Duration::ZERO;
    for q in ["а", "ахм", "f[vtnjdf", "kz-000123", "smagulova gul"] {
        let t = Instant::now();
        std::hint::black_box(desk.search(q));
        slowest = slowest.max(t.elapsed());
    }
    let hwm = support::peak_rss_kib();
    println!(
        "open_us={} desk_us={} first_search_max_us={} hwm_kib={hwm} cpu_ms={}",
        open.as_micros(),
        (ready - open).as_micros(),
        slowest.as_micros(),
        support::cpu_ms()
    );
}
