//! What a check-in costs in a window that joined another window's data folder (issue 4), next to
//! one in a window that owns its folder and to the disk's own `write` + `fsync`, taking turns.
//!
//! The owning window is a thread running the owner's side as `checkin` does between key
//! presses: it waits for input (none comes here) until its waker says a guest's request is
//! waiting or the tick is due, then [`Sharing::step`] answers the requests.

#[path = "support/mod.rs"]
mod support;

use std::fs::OpenOptions;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use checkin::domain::EntryPoint;
use checkin::station::Clock;
use checkin::station::Sharing;
use checkin::station::{CheckIn, Station};
use checkin::store::Store;
use checkin::store::share::DataFolder;
use support::{Stats, fmt_dur};

const TICK: Duration = Duration::from_millis(500);

fn main() {
    let rounds = support::env_usize("CHECKIN_BENCH_COMMITS", 300);
    let dir = support::scratch("sharing");
    let people = support::people(rounds + 20);
    let (shared, own) = (dir.join("shared"), dir.join("own"));
    for folder in [&shared, &own] {
        Store::open(folder, "setup").expect("a fresh folder").import(&people).expect("import");
    }
    let closing = Arc::new(AtomicBool::new(false));
    let owner = {
        let (closing, shared) = (closing.clone(), shared.clone());
        let (ready, is_ready) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let mut station = Station::open(&shared, "owner", "bench", None).expect("the owner");
            let me = std::thread::current();
            let mut sharing = Sharing::start(&mut station, Some(Arc::new(move || me.unpark())));
            ready.send(()).expect("telling the bench");
            while !closing.load(Ordering::SeqCst) {
                std::thread::park_timeout(TICK);
                sharing.step(&mut station, false);
            }
        });
        is_ready.recv().expect("the owner started");
        thread
    };
    let mut guest =
        Station::new(DataFolder::open(&shared, "guest").expect("joining"), Clock::real(), "bench").expect("the guest");
    assert!(guest.folder().guest_of().is_some(), "the bench must measure a guest");
    let mut alone = Station::open(&own, "alone", "bench", None).expect("a folder of its own");
    let entry = EntryPoint::Venue(chrono::NaiveDate::from_ymd_opt(2016, 11, 21).expect("a date"));
    let mut raw = OpenOptions::new().create(true).append(true).open(dir.join("raw.log")).expect("raw log");
    let record = [b'x'; 160];

    let (mut t_raw, mut t_own, mut t_guest) = (Vec::new(), Vec::new(), Vec::new());
    let warmup = 10;
    let load_before = support::load();
    for (i, p) in people.iter().enumerate().take(rounds + warmup) {
        let t = Instant::now();
        raw.write_all(&record).expect("write");
        raw.sync_all().expect("fsync");
        let d_raw = t.elapsed();
        let t = Instant::now();
        assert!(matches!(alone.check_in(&p.code, &entry).expect("own check-in"), CheckIn::Done(_)));
        let d_own = t.elapsed();
        let t = Instant::now();
        assert!(matches!(guest.check_in(&p.code, &entry).expect("guest check-in"), CheckIn::Done(_)));
        let d_guest = t.elapsed();
        if i >= warmup {
            t_raw.push(d_raw);
            t_own.push(d_own);
            t_guest.push(d_guest);
        }
    }
    closing.store(true, Ordering::SeqCst);
    drop(guest);
    owner.join().expect("the owner closed");

    println!("# Durable check-in in a joined window (benches/sharing.rs)\n");
    println!("load average {load_before} / {} ; {rounds} check-ins each, taking turns\n", support::load());
    println!("| writer | median | p99 | max | p99 / raw p99 |");
    println!("|---|---|---|---|---|");
    let raw_stats = Stats::of(&t_raw);
    for (name, samples) in [
        ("raw write + fsync", &t_raw),
        ("check-in, own folder", &t_own),
        ("check-in, joined window (through the owner)", &t_guest),
    ] {
        let s = Stats::of(samples);
        println!(
            "| {name} | {} | {} | {} | {:.2} |",
            fmt_dur(s.p50),
            fmt_dur(s.p99),
            fmt_dur(s.max),
            s.p99.as_secs_f64() / raw_stats.p99.as_secs_f64()
        );
    }
}
