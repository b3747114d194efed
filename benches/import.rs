//! Reading registrants from a workbook against the same rows as CSV (issue 15: within 2×).
//!
//! `cargo bench --bench import`; `CHECKIN_BENCH_ROWS` (default 100000) sets the size. Both files
//! are made in memory from the sample generator: the CSV as `checkin sample` writes it, the
//! .xlsx with the same header and cells, all text (as registration systems write them).

mod support;

use std::time::{Duration, Instant};

use checkin::io::import::{ImportOptions, parse_registrants};
use checkin::io::sheet::{SheetFormat, write_table};

fn main() {
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

    let opts = ImportOptions::default();
    let time = |bytes: &[u8]| -> Duration {
        let mut best = Duration::MAX;
        for _ in 0..5 {
            let start = Instant::now();
            let parsed = parse_registrants(bytes, &opts).expect("the file imports");
            assert_eq!(parsed.people.len(), rows);
            best = best.min(start.elapsed());
        }
        best
    };
    let csv_time = time(&csv);
    let xlsx_time = time(&xlsx);
    println!("import/{rows} rows");
    println!("  csv:  {:>6} KiB, best of 5 {:>8.1} ms", csv.len() / 1024, csv_time.as_secs_f64() * 1e3);
    println!("  xlsx: {:>6} KiB, best of 5 {:>8.1} ms", xlsx.len() / 1024, xlsx_time.as_secs_f64() * 1e3);
    println!("  xlsx / csv: {:.2}×", xlsx_time.as_secs_f64() / csv_time.as_secs_f64());
}
