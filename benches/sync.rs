//! Stations on several machines (issue 14): eight stations on loopback, each a thread owning its
//! folder and running the sync as `checkin sync` does (the network on its own thread, the owner
//! answering it between "key presses").
//!
//! - how long a check-in at one station takes to be held by all seven others (p50/p95/max);
//! - after a partition into two halves of four, each station having written 2,000 facts, how
//!   long until all eight hold the same;
//! - a check-in's acknowledgement (durable) with the sync running, against a folder that does
//!   not sync, taking turns in the same run (p99 ratio);
//! - the extra resident memory of one idle syncing station, against the same process before it
//!   started syncing.
//!
//! `cargo bench --features bench --bench sync`; `CHECKIN_BENCH_ROUNDS` check-ins (default 200).

#[path = "support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use checkin::domain::{EntryPoint, FactKind, Person};
use checkin::store::Store;
use checkin::sync::{PeerAddr, SyncConfig, Syncing};
use chrono::{NaiveDate, Utc};
use support::fmt_dur;

const STATIONS: usize = 8;
const PARTITION_FACTS: usize = 2_000;

/// What the bench asks a station's thread to do.
enum Ask {
    /// Check these codes in at this day's venue, one durable write each; answer with the
    /// acknowledgement times.
    CheckIn(Vec<String>, NaiveDate, Sender<Vec<Duration>>),
    /// The same in batches of 100 (the partition's bulk), answering when done.
    Bulk(Vec<String>, NaiveDate, Sender<()>),
    Stop,
}

/// What a station's thread shows the bench after every step.
#[derive(Default, Clone)]
struct Seen {
    vector: BTreeMap<String, u64>,
    linked: usize,
}

struct Node {
    name: String,
    asks: Sender<Ask>,
    seen: Arc<Mutex<Seen>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 11, 21).expect("a date") + chrono::Duration::days(i64::from(n))
}

fn check_ins(codes: &[String], on: NaiveDate) -> Vec<FactKind> {
    codes.iter().map(|c| FactKind::CheckedIn { code: c.clone(), entry: EntryPoint::Venue(on), note: None }).collect()
}

/// A station's thread: owns `store`, syncs it with `config`, answers the bench.
fn run(mut store: Store, config: SyncConfig, asks: Receiver<Ask>, seen: Arc<Mutex<Seen>>) {
    let me = std::thread::current();
    let mut syncing = Syncing::start(&store, config, Some(Arc::new(move || me.unpark()))).expect("the sync starts");
    loop {
        syncing.step(&mut store, Utc::now());
        {
            let status = syncing.status();
            let mut seen = seen.lock().expect("seen");
            seen.vector = store.vector();
            seen.linked = status.peers.values().filter(|p| p.connected).count();
        }
        match asks.recv_timeout(Duration::from_millis(1)) {
            Ok(Ask::CheckIn(codes, on, reply)) => {
                let mut times = Vec::new();
                for kind in check_ins(&codes, on) {
                    let t = Instant::now();
                    store.record(Utc::now(), "bench", kind).expect("a check-in");
                    times.push(t.elapsed());
                    syncing.step(&mut store, Utc::now());
                }
                let _ = reply.send(times);
            }
            Ok(Ask::Bulk(codes, on, reply)) => {
                for chunk in codes.chunks(100) {
                    store.record_many(Utc::now(), "bench", check_ins(chunk, on)).expect("check-ins");
                    syncing.step(&mut store, Utc::now());
                }
                let _ = reply.send(());
            }
            Ok(Ask::Stop) => return,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => std::thread::park_timeout(Duration::from_millis(20)),
        }
    }
}

fn free_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0").expect("a port").local_addr().expect("its address").port()
}

/// Resident memory of this process now (VmRSS), in bytes.
fn rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    kib * 1024
}

fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(1));
    }
    start.elapsed()
}

/// Founder and seven stations it admitted, each folder holding the registrants; not syncing yet.
fn event(dir: &Path, people: &[Person]) -> Vec<Store> {
    let t = Utc::now();
    let mut stores: Vec<Store> = (0..STATIONS)
        .map(|i| {
            let store = Store::open(&dir.join(format!("desk-{i}")), &format!("desk-{i}")).expect("a folder");
            store.import(people).expect("the registrants");
            store
        })
        .collect();
    for i in 1..STATIONS {
        let ticket = [i as u8; 32];
        let name = format!("desk-{i}");
        let key = stores[i].station_key();
        let founder = &mut stores[0];
        founder
            .record(
                t,
                "org",
                FactKind::Invited { station: name.clone(), ticket, expires: t + chrono::Duration::hours(1) },
            )
            .expect("an invitation");
        founder.record(t, "org", FactKind::Admitted { station: name, key, ticket }).expect("an admission");
    }
    let founding: Vec<_> = stores[0].signed_facts().map(|r| r.expect("a fact").1).collect();
    let event = stores[0].event().clone();
    for store in &mut stores[1..] {
        store.adopt_event(event.clone()).expect("the event");
        store.ingest(&founding, "desk-0", t).expect("the founder's facts");
    }
    stores
}

fn main() {
    let rounds = support::env_usize("CHECKIN_BENCH_ROUNDS", 200);
    let dir = support::scratch("sync");
    let people = support::people(PARTITION_FACTS.max(rounds + 10));
    let codes: Vec<String> = people.iter().map(|p| p.code.clone()).collect();
    println!("sync bench: {STATIONS} stations on 127.0.0.1, {rounds} check-ins; load {}", support::load());

    let stores = event(&dir, &people);
    let ports: Vec<u16> = (0..STATIONS).map(|_| free_port()).collect();
    let founder_key = stores[0].station_key();
    let keys: Vec<_> = stores.iter().map(Store::station_key).collect();
    let block = |i: usize| dir.join(format!("desk-{i}.block"));
    let rss_before = rss();
    let mut nodes = Vec::new();
    for (i, store) in stores.into_iter().enumerate() {
        let config = SyncConfig {
            listen: vec![format!("127.0.0.1:{}", ports[i]).parse().expect("an address")],
            peers: if i == 0 {
                Vec::new()
            } else {
                vec![PeerAddr {
                    key: Some(founder_key),
                    addr: format!("127.0.0.1:{}", ports[0]).parse().expect("addr"),
                }]
            },
            mdns: false,
            forced: true,
            offline: false,
            block_file: Some(block(i)),
        };
        let (asks, asked) = channel();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let thread = {
            let seen = seen.clone();
            std::thread::spawn(move || run(store, config, asked, seen))
        };
        nodes.push(Node { name: format!("desk-{i}"), asks, seen, thread: Some(thread) });
        if i == 0 {
            // One station alone and idle: what its sync costs in memory.
            std::thread::sleep(Duration::from_secs(3));
            let extra = rss().saturating_sub(rss_before);
            println!("idle station: {} more resident memory once it syncs (target ≤ 30 MiB)", support::mib(extra));
        }
    }
    let linked = wait_until("all eight are linked to each other", Duration::from_secs(120), || {
        nodes.iter().all(|n| n.seen.lock().expect("seen").linked == STATIONS - 1)
    });
    println!("full mesh in {}", fmt_dur(linked));

    // 1. A check-in at one station, held by all the others.
    let mut reach = Vec::new();
    let mut ack_sync = Vec::new();
    let offline_store = {
        let store = Store::open(&dir.join("offline"), "offline").expect("a folder");
        store.import(&people).expect("the registrants");
        store
    };
    let mut offline = offline_store;
    let mut ack_offline = Vec::new();
    for (r, code) in codes.iter().take(rounds).enumerate() {
        let at = r % STATIONS;
        let (reply, answer) = channel();
        let _ = nodes[at].asks.send(Ask::CheckIn(vec![code.clone()], day(30), reply));
        let times = answer.recv().expect("an answer");
        let acked = Instant::now();
        ack_sync.extend(times);
        let seq = nodes[at].seen.lock().expect("seen").vector.get(&nodes[at].name).copied().unwrap_or(0);
        let name = nodes[at].name.clone();
        let waited = wait_until("every station holds the check-in", Duration::from_secs(30), || {
            nodes.iter().all(|n| n.seen.lock().expect("seen").vector.get(&name).copied().unwrap_or(0) >= seq)
        });
        reach.push(waited.max(acked.elapsed()));
        // Taking turns: the same write in a folder that does not sync.
        let t = Instant::now();
        offline.record(Utc::now(), "bench", check_ins(std::slice::from_ref(code), day(30)).remove(0)).expect("ok");
        ack_offline.push(t.elapsed());
    }
    let pct = |v: &[Duration], p: f64| {
        let mut s = v.to_vec();
        s.sort_unstable();
        s[((p * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1]
    };
    println!(
        "check-in held by all 7 others: p50 {} p95 {} max {} (target p95 ≤ 1 s, aim ≤ 100 ms); load {}",
        fmt_dur(pct(&reach, 0.5)),
        fmt_dur(pct(&reach, 0.95)),
        fmt_dur(pct(&reach, 1.0)),
        support::load()
    );
    let (with, without) = (pct(&ack_sync, 0.99), pct(&ack_offline, 0.99));
    println!(
        "acknowledgement p50/p99: syncing {} / {}, not syncing {} / {}: p99 ratio {:.2} (target ≤ 1.2); load {}",
        fmt_dur(pct(&ack_sync, 0.5)),
        fmt_dur(with),
        fmt_dur(pct(&ack_offline, 0.5)),
        fmt_dur(without),
        with.as_secs_f64() / without.as_secs_f64(),
        support::load()
    );

    // 2. A partition into two halves; 2,000 facts at every station; healed.
    let half = |i: usize| i < STATIONS / 2;
    for i in 0..STATIONS {
        let others: Vec<String> =
            (0..STATIONS).filter(|&j| half(j) != half(i)).map(|j| checkin::store::identity::hex(&keys[j])).collect();
        std::fs::write(block(i), others.join("\n")).expect("a block list");
    }
    wait_until("the halves are apart", Duration::from_secs(60), || {
        nodes.iter().all(|n| n.seen.lock().expect("seen").linked == STATIONS / 2 - 1)
    });
    let written = Instant::now();
    let replies: Vec<Receiver<()>> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let (reply, answer) = channel();
            let _ = n.asks.send(Ask::Bulk(codes[..PARTITION_FACTS].to_vec(), day(40 + i as u32), reply));
            answer
        })
        .collect();
    for r in replies {
        r.recv().expect("written");
    }
    println!(
        "partition: {PARTITION_FACTS} facts at each of {STATIONS} stations written in {}",
        fmt_dur(written.elapsed())
    );
    let vectors = || nodes.iter().map(|n| n.seen.lock().expect("seen").vector.clone()).collect::<Vec<_>>();
    wait_until("each half agrees within itself", Duration::from_secs(120), || {
        let v = vectors();
        v[..STATIONS / 2].iter().all(|x| *x == v[0]) && v[STATIONS / 2..].iter().all(|x| *x == v[STATIONS / 2])
    });
    let load_at_heal = support::load();
    for i in 0..STATIONS {
        std::fs::write(block(i), "").expect("healed");
    }
    let healed = wait_until("all eight agree", Duration::from_secs(300), || {
        let v = vectors();
        v.iter().all(|x| *x == v[0])
    });
    let total: u64 = vectors()[0].values().sum();
    println!(
        "after the partition ({} facts per half written apart): all eight agree in {} (target ≤ 5 s); {} facts each; load {load_at_heal} → {}",
        PARTITION_FACTS * STATIONS / 2,
        fmt_dur(healed),
        total,
        support::load()
    );

    for n in &mut nodes {
        let _ = n.asks.send(Ask::Stop);
        if let Some(t) = n.thread.take() {
            let _ = t.join();
        }
    }
}
