//! Reading registrants from a workbook against the same rows as CSV (issue 15: within 2×).
//!
//! `cargo bench --features bench --bench import`; `CHECKIN_BENCH_ROWS` (default 100000) sets the size,
//! `CHECKIN_BENCH_IMPORT_PAIRS` (default 7) how many times each is read, in turns. Both files
//! are made in memory from the sample generator: the CSV as `checkin sample` writes it, the
//! .xlsx with the same header and cells, all text (as registration systems write them).

mod support;

use std::time::{Duration, Instant};

use checkin::io::import::{ImportOptions, parse_registrants};
use checkin::io::sheet::{SheetFormat, write_table};

/// One timed import.
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    /// User and system time of the whole process: both threads of a workbook's import.
    cpu: Duration,
}

/// Run as a child with this flag and a file, the bench imports the file once and prints how far
/// its peak memory rose above what it held with the file read: a fresh process, so that no
/// memory freed by earlier imports hides the peak.
const CHILD_FLAG: &str = "--child-import";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == CHILD_FLAG) {
        child_import(&args[i + 1]);
        return;
    }
    let rows = support::env_usize("CHECKIN_BENCH_ROWS", 100_000);
    let people = support::people(rows);
    let csv = support::csv_bytes(&people);
    let text = String::from_utf8(csv.clone()).expect("the sample is UTF-8");
    let mut lines = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let mut records = lines.records().map(|r| r.expect("the sample parses"));
    let header: Vec<String> = records.next().expect("a header").iter().map(str::to_owned).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let body: Vec<Vec<String>> = records.map(|r| r.iter().map(str::to_owned).collect()).collect();
    let mut xlsx = Vec::new();
    write_table(&mut xlsx, SheetFormat::Xlsx, "registrants", &header, body).expect("writing the workbook");
    drop((text, people));

    let opts = ImportOptions::default();
    let time = |bytes: &[u8]| -> Run {
        let (start, cpu) = (Instant::now(), cpu_time());
        let parsed = parse_registrants(bytes, &opts).expect("the file imports");
        let (wall, cpu) = (start.elapsed(), cpu_time().saturating_sub(cpu));
        assert_eq!(parsed.people.len(), rows);
        Run { wall, cpu }
    };
    // Interleaved, so that both see the same load (on a machine shared with other builds, a
    // second thread's help depends on a free core); the ratio of each pair is taken, and its
    // median reported with the best of each.
    let runs = support::env_usize("CHECKIN_BENCH_IMPORT_PAIRS", 7);
    let load_before = support::load();
    let (mut csv_runs, mut xlsx_runs) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        csv_runs.push(time(&csv));
        xlsx_runs.push(time(&xlsx));
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let best = |t: &[Run], part: fn(&Run) -> Duration| t.iter().map(part).min().unwrap_or_default();
    let ratios = |part: fn(&Run) -> Duration| {
        let mut r: Vec<f64> =
            csv_runs.iter().zip(&xlsx_runs).map(|(c, x)| part(x).as_secs_f64() / part(c).as_secs_f64()).collect();
        r.sort_by(f64::total_cmp);
        r
    };
    println!("import/{rows} rows, {runs} pairs (load {load_before} → {})", support::load());
    let wall: fn(&Run) -> Duration = |t| t.wall;
    let cpu: fn(&Run) -> Duration = |t| t.cpu;
    for (what, part) in [("wall", wall), ("cpu", cpu)] {
        let r = ratios(part);
        println!(
            "  {what:4}  csv best {:>7.1} ms, xlsx best {:>7.1} ms; xlsx / csv: median of pairs {:.2}× ({:.2}×–{:.2}×)",
            ms(best(&csv_runs, part)),
            ms(best(&xlsx_runs, part)),
            r[r.len() / 2],
            r[0],
            r[r.len() - 1]
        );
    }
    let dir = support::scratch("import");
    let peak = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("writing the file");
        let exe = std::env::current_exe().expect("this executable");
        let out = std::process::Command::new(exe).arg(CHILD_FLAG).arg(&path).output().expect("starting the child");
        assert!(out.status.success(), "child failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().parse::<u64>().expect("the child's peak") as f64 / (1 << 20) as f64
    };
    println!(
        "  files: csv {} KiB, xlsx {} KiB; memory the import took above them (peak RSS of a fresh process): \
         csv {:.1} MiB, xlsx {:.1} MiB",
        csv.len() / 1024,
        xlsx.len() / 1024,
        peak("registrants.csv", &csv),
        peak("registrants.xlsx", &xlsx)
    );
}

/// Imports `path` once and prints, in bytes, how far the peak resident size rose above the
/// resident size with the file read (Linux `/proc`).
fn child_import(path: &str) {
    let bytes = std::fs::read(path).expect("reading the file");
    let rss = |name: &str| -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let kib = status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().strip_suffix("kB"));
        kib.and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or_default() * 1024
    };
    let before = rss("VmRSS:");
    let parsed = parse_registrants(&bytes, &ImportOptions::default()).expect("the file imports");
    assert!(!parsed.people.is_empty());
    println!("{}", rss("VmHWM:").saturating_sub(before));
}

/// User and system time of this process so far, all threads (Linux `/proc`, in clock ticks of
/// 10 ms); zero where there is no `/proc`.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (in parentheses, which may hold spaces): utime is the
    // 12th of them, stime the 13th.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after_name.split_whitespace().skip(11).take(2).filter_map(|f| f.parse::<u64>().ok()).sum();
    Duration::from_millis(ticks * 10)
}
