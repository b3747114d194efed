//! Key press to redrawn results, end to end: what a volunteer waits for after each letter.
//!
//! The desk exactly as `checkin` runs it — a real data folder, `Station`, `Desk`, `update` and its
//! effects (the search), then a whole frame drawn at 120×40 — only the terminal is ratatui's
//! `TestBackend`, so the bytes to a real terminal are not counted (a terminal writes only the
//! changed cells). Target (issue 3): p99 ≤ 16 ms at 100k registrants.

mod support;

use std::time::{Duration, Instant};

use checkin::i18n::Lang;
use checkin::station::Clock;
use checkin::station::Station;
use checkin::store::Store;
use checkin::tui::action::Action;
use checkin::tui::app::App;
use checkin::tui::desk::Desk;
use checkin::tui::view;
use chrono::{TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::queries::{self, CATS};
use support::{Stats, fmt_dur, fmt_size};

fn main() {
    let per_cat = support::env_usize("CHECKIN_BENCH_TARGETS", 30);
    println!("# Key press to redrawn results (120×40 frame, {per_cat} typed names per category)\n");
    println!("| registrants | key presses | median | p99 | max | load |\n|---|---|---|---|---|---|");
    // The 1M desk takes minutes to open (see the start-up row of the budget bench).
    for n in support::sizes().into_iter().filter(|&n| n <= 100_000) {
        let people = support::people(n);
        let targets = queries::targets(&people, per_cat, 11);
        let dir = support::scratch(&format!("keypress-{n}"));
        let store = Store::open(&dir, "desk-bench").expect("a scratch data folder");
        store.import(&people).expect("importing the dataset");
        // 09:30 in Astana on the first day: a morning at the desk.
        let clock = Clock::frozen(Utc.with_ymd_and_hms(2016, 11, 21, 3, 30, 0).unwrap());
        let mut desk = Desk::new(Station::new(store, clock, "bench").expect("station")).expect("desk");
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
        let mut samples: Vec<Duration> = Vec::new();
        for cat in CATS {
            for t in targets.iter().filter(|t| t.cat == cat) {
                let mut app = App::new(Lang::Ru);
                for c in t.text.chars().take(8) {
                    let start = Instant::now();
                    desk.dispatch(&mut app, Action::Type(c));
                    terminal
                        .draw(|f| {
                            view::draw(f, &app, &desk);
                        })
                        .expect("drawing");
                    samples.push(start.elapsed());
                }
            }
        }
        let s = Stats::of(&samples);
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            fmt_size(n),
            s.n,
            fmt_dur(s.p50),
            fmt_dur(s.p99),
            fmt_dur(s.max),
            support::load()
        );
    }
}
