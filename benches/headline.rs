//! Criterion's headline numbers (means with confidence intervals, and change against the last
//! run): a few typical keystrokes on the largest dataset up to 100k, and one durable check-in.
//! The percentile tables are in the `search` and `budget` benches.

mod support;

use std::hint::black_box;
use std::time::Duration;

use checkin::domain::EntryPoint;
use checkin::search::SearchIndex;
use checkin::station::Clock;
use checkin::station::{CheckIn, Station};
use checkin::store::Store;
use criterion::{Criterion, criterion_group, criterion_main};

fn search(c: &mut Criterion) {
    let n = support::sizes().into_iter().filter(|&n| n <= 100_000).max().unwrap_or(1_000);
    let people = support::people(n);
    let index = SearchIndex::build(&people);
    let mut g = c.benchmark_group(format!("search_{}", support::fmt_size(n)));
    g.sample_size(50).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    // One letter, a prefix, Latin for Cyrillic, the wrong layout, a typo, two word starts, a code.
    for q in ["а", "ахм", "akhmetova", "f[vtnjdf", "ахмеотва", "aig ahm", "kz-000123"] {
        g.bench_function(q, |b| b.iter(|| index.search(black_box(q), checkin::tui::app::RESULT_LIMIT)));
    }
    g.finish();
}

fn check_in(c: &mut Criterion) {
    let dir = support::scratch("headline-check-in");
    let people = support::people(5_000);
    let store = Store::open(&dir, "bench").expect("a fresh folder");
    store.import(&people).expect("import");
    let mut station = Station::new(store, Clock::real(), "bench").expect("station");
    let first_day = chrono::NaiveDate::from_ymd_opt(2016, 11, 21).expect("a date");
    let mut next = 0usize;
    let mut g = c.benchmark_group("durable");
    g.sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    g.bench_function("check_in", |b| {
        b.iter(|| {
            // A new check-in each time: criterion runs more iterations than there are people, and
            // checking someone in twice on one day writes nothing, so once everyone is in, the
            // next day begins.
            let code = &people[next % people.len()].code;
            let day = first_day + chrono::Days::new((next / people.len()) as u64);
            next += 1;
            let outcome = station.check_in(code, &EntryPoint::Venue(day)).expect("check-in");
            assert!(matches!(outcome, CheckIn::Done(_)), "every timed check-in writes a fact: {outcome:?}");
            outcome
        })
    });
    g.finish();
}

criterion_group!(benches, search, check_in);
criterion_main!(benches);
