//! Badges (issue 17): 5,000 badges in one PDF in under 10 s, with memory that does not grow with
//! the number of badges.
//!
//! Each run is a fresh child process (this executable with `--child`), so its peak RSS (VmHWM) is
//! its own. Two parts:
//! - `checkin badges` as the command does it: open the data folder of 5,000 registrants, choose
//!   everyone, write the A4 sheets (and the labels) and sync the file; then record the 5,000
//!   printings in one durable write.
//! - The writer alone, fed 1,000 / 5,000 / 20,000 badges made from the same 1,000 people: if the
//!   peak memory stays put while the PDF grows twenty-fold, memory is bounded.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use checkin::i18n::Lang;
use checkin::io::badges::{Badge, BadgeWriter, Layout, Occasion};
use checkin::station::{Station, Who};
use checkin::store::Store;

use support::{cpu_ms, fmt_dur, mib, peak_rss_kib};

const CHILD: &str = "--child";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == CHILD) {
        child(&args[i + 1..]);
        return;
    }
    let count = support::env_usize("CHECKIN_BENCH_BADGES", 5_000);
    let folder = support::scratch("badges");
    let data = folder.join("data");
    {
        let store = Store::open(&data, "bench").expect("a scratch folder");
        store.set_program(&checkin::io::sample::sample_program().expect("the sample programme")).unwrap();
        store.import(&support::people(count)).expect("importing");
    }

    println!("# Badges (`benches/badges.rs`), load {}\n", support::load());
    println!("| what | badges | pages | wall | CPU | peak RSS (VmHWM) | PDF |");
    println!("|---|---|---|---|---|---|---|");
    for layout in [Layout::A4, Layout::Label62] {
        let out = folder.join(format!("badges-{}.pdf", layout.name()));
        run(&["command", data.to_str().unwrap(), layout.name(), out.to_str().unwrap()]);
    }
    run(&["record", data.to_str().unwrap()]);
    for n in [1_000, 5_000, 20_000] {
        let out = folder.join(format!("writer-{n}.pdf"));
        run(&["writer", &n.to_string(), out.to_str().unwrap()]);
    }
    std::fs::remove_dir_all(&folder).ok();
}

fn run(args: &[&str]) {
    let exe = std::env::current_exe().expect("this bench's executable");
    let out = Command::new(exe).arg(CHILD).args(args).output().expect("running the child");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    print!("{}", String::from_utf8_lossy(&out.stdout));
}

fn child(args: &[String]) {
    let t0 = Instant::now();
    let (what, badges, pages, size) = match args[0].as_str() {
        "command" => {
            // What `checkin badges --out FILE --layout L` does, short of recording the printings.
            let layout = if args[2] == "a4" { Layout::A4 } else { Layout::Label62 };
            let out = Path::new(&args[3]);
            let station = Station::open(Path::new(&args[1]), "bench", "bench", None).expect("the folder");
            let people = station.badge_people(&Who::All).expect("everyone");
            let written = station.write_badges(&people, layout, Lang::Kk, out).expect("writing");
            let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
            (format!("`checkin badges`, {}", layout.name()), written.badges, written.pages, mib(size))
        }
        "record" => {
            let mut station = Station::open(Path::new(&args[1]), "bench", "bench", None).expect("the folder");
            let codes: Vec<String> = station.folder().people().expect("people").into_iter().map(|p| p.code).collect();
            station.record_badges_printed(&codes, None).expect("recording");
            ("recording the printings (one durable write)".to_owned(), codes.len(), 0, "–".to_owned())
        }
        "writer" => {
            let n: usize = args[1].parse().expect("a count");
            let people = support::people(1_000);
            let occasion = Occasion {
                event: "«Балаға мейірімді Қазақстан» конференциясы".into(),
                lang: Lang::Kk,
                first_day: chrono::NaiveDate::from_ymd_opt(2016, 11, 21).expect("a date"),
            };
            let file = std::fs::File::create(&args[2]).expect("the PDF");
            let mut writer = BadgeWriter::new(std::io::BufWriter::new(file), Layout::A4).expect("a writer");
            for p in people.iter().cycle().take(n) {
                writer.add(&Badge::of(p, &occasion)).expect("a badge");
            }
            let (_, written) = writer.finish("bench").expect("finishing");
            let size = std::fs::metadata(&args[2]).map(|m| m.len()).unwrap_or(0);
            ("the writer alone (1,000 people cycled)".to_owned(), written.badges, written.pages, mib(size))
        }
        other => panic!("unknown part {other}"),
    };
    let wall = t0.elapsed();
    println!(
        "| {what} | {badges} | {pages} | {} | {} ms | {} | {size} |",
        fmt_dur(wall),
        cpu_ms(),
        mib(peak_rss_kib() * 1024)
    );
}
