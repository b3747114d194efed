//! What the benchmark programs share: the datasets, a scratch folder on the data's own disk, and
//! latency statistics. Each bench is its own crate, so not every one uses every helper.
#![allow(dead_code)]

pub mod queries;

use std::path::PathBuf;
use std::time::Duration;

use checkin::domain::Person;
use checkin::io::sample;

/// The seed of the bundled `data/registrants.csv`, so the 1k dataset is the demo's own people.
pub const SEED: u64 = 2016;

/// The dataset sizes the issue asks for, limited by `CHECKIN_BENCH_MAX` (e.g. `100000` for a
/// quick run) and `CHECKIN_BENCH_MIN` (e.g. `1000000` to run only the largest).
pub fn sizes() -> Vec<usize> {
    let max = env_usize("CHECKIN_BENCH_MAX", usize::MAX);
    let min = env_usize("CHECKIN_BENCH_MIN", 0);
    [1_000, 10_000, 100_000, 1_000_000].into_iter().filter(|&n| n <= max && n >= min).collect()
}

pub fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v.replace('_', "").parse().unwrap_or_else(|_| panic!("{name}={v}: not a number")),
        Err(_) => default,
    }
}

/// `count` registrants from the library's own generator (deterministic for [`SEED`]).
pub fn people(count: usize) -> Vec<Person> {
    let program = sample::sample_program().expect("the bundled programme is valid");
    sample::generate(count, SEED, &program)
}

/// The registrant table as an organiser would export it: the raw size memory is held against.
pub fn csv_bytes(people: &[Person]) -> Vec<u8> {
    let mut out = Vec::new();
    sample::write_csv(people, &mut out).expect("writing to memory");
    out
}

/// A fresh folder under `target/checkin-bench/`: the same filesystem as the build and the data,
/// not a tmpfs `/tmp`, so fsync costs what it costs on the real disk.
pub fn scratch(name: &str) -> PathBuf {
    let dir = target_dir().join("checkin-bench").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clearing an old scratch folder");
    }
    std::fs::create_dir_all(&dir).expect("creating a scratch folder");
    dir
}

fn target_dir() -> PathBuf {
    if let Some(t) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(t);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target")
}

/// The 1-minute load average: on a shared machine, other processes' builds show up in p99.
pub fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split(' ').next().map(str::to_owned))
        .unwrap_or_default()
}

/// Percentiles of a set of latencies, by nearest rank.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub n: usize,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

impl Stats {
    pub fn of(samples: &[Duration]) -> Stats {
        assert!(!samples.is_empty(), "no samples");
        let mut s = samples.to_vec();
        s.sort_unstable();
        let rank = |p: f64| s[((p * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1];
        Stats { n: s.len(), p50: rank(0.50), p99: rank(0.99), max: s[s.len() - 1] }
    }
}

/// A latency in the unit that keeps three significant digits readable.
pub fn fmt_dur(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.1} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

pub fn fmt_size(n: usize) -> String {
    match n {
        n if n >= 1_000_000 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// A tiny deterministic generator for picking targets and edits (the query sets must not change
/// between runs, or numbers from two runs cannot be compared).
pub struct Pick(u64);

impl Pick {
    pub fn new(seed: u64) -> Pick {
        Pick(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// User + system CPU time of this process so far (from /proc/self/stat, in clock ticks of 10 ms
/// on Linux): on a loaded machine, wall time alone would hide what the start-up itself costs.
pub fn cpu_ms() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest.split_whitespace().skip(11).take(2).filter_map(|x| x.parse().ok()).collect();
    f.iter().sum::<u64>() * 10
}

/// Peak resident memory of this process so far (VmHWM), in KiB.
pub fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
