//! The project's own query sets, one per FOLDING.md requirement and per kind of query issue 18
//! found missing the first row, over the sample generator's registrants (whose surnames are
//! written in both their Kazakh and their Russian-mediated spelling): the same sets `cargo
//! bench` reports hit@1 / hit@3 / keystrokes for (benches/support/queries.rs, spelled with
//! their own tables, not the library's folding).

#[path = "../benches/support/mod.rs"]
mod support;

use checkin::search::SearchIndex;
use support::queries::{self, CATS, Cat};

/// Share of each set whose person must be the first row for the whole typed text (issue 18's
/// target: 0.97 in every class, at 1k and 10k registrants).
const HIT1: f64 = 0.97;
/// Median keystrokes until the person is the first row, typing the shortest prefixes of each word.
const MEDIAN_KEYS: usize = 4;

fn check(registrants: usize, per_cat: usize) {
    let people = support::people(registrants);
    let index = SearchIndex::build(&people);
    let targets = queries::targets(&people, per_cat, registrants as u64);
    let mut report = Vec::new();
    let mut failed = Vec::new();
    for cat in CATS {
        let q =
            queries::quality(cat, &people, &targets, |text, n| index.search(text, n).iter().map(|h| h.idx).collect());
        let rare = matches!(cat, Cat::Homoglyph | Cat::Foreign | Cat::LatinExact);
        assert!(q.targets > 0 || rare, "no queries for {cat:?}");
        if q.targets == 0 {
            continue;
        }
        let keys = q.median_keys.map_or("never".to_owned(), |k| k.to_string());
        report.push(format!(
            "{}: {} targets, hit@1 {:.0} %, hit@3 {:.0} %, median keystrokes {keys}",
            cat.name(),
            q.targets,
            100.0 * q.rate(q.hit1),
            100.0 * q.rate(q.hit3)
        ));
        if q.rate(q.hit1) < HIT1 || q.median_keys.is_none_or(|k| k > MEDIAN_KEYS) {
            let misses: Vec<&str> = targets
                .iter()
                .filter(|t| t.cat == cat)
                .filter(|t| !index.search(&t.text, 1).iter().any(|h| queries::same_person(cat, &people, t.idx, h.idx)))
                .map(|t| t.text.as_str())
                .collect();
            failed.push(format!("{}: {} (not the first row: {misses:?})", cat.name(), report.last().unwrap()));
        }
    }
    eprintln!("{registrants} registrants:\n{}", report.join("\n"));
    assert!(failed.is_empty(), "below the targets:\n{}", failed.join("\n"));
}

#[test]
fn every_kind_of_query_finds_its_person_first_at_1k() {
    check(1000, 60);
}
