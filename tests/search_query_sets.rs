//! The project's own query sets, one per FOLDING.md requirement, over the bundled sample's 1000
//! registrants: the same sets `cargo bench` reports hit@1 / hit@3 / keystrokes for
//! (benches/support/queries.rs, spelled with their own tables, not the library's folding).
//! Here they are a floor: at the real event's size each requirement finds its person in the
//! first three rows nearly always.

#[path = "../benches/support/mod.rs"]
mod support;

use checkin::search::SearchIndex;
use support::queries::{self, CATS, Cat};

/// Share of each set that must be in the top three (the bench measured 98–100 % at 1k).
const FLOOR: f64 = 0.95;

#[test]
fn every_requirement_finds_its_person_in_the_top_three() {
    let people = support::people(1000);
    let index = SearchIndex::build(&people);
    let targets = queries::targets(&people, 60, 7);
    let mut report = Vec::new();
    let mut failed = Vec::new();
    for cat in CATS {
        let set: Vec<_> = targets.iter().filter(|t| t.cat == cat).collect();
        assert!(!set.is_empty() || cat == Cat::Homoglyph, "no queries for {cat:?}");
        if set.is_empty() {
            continue;
        }
        let misses: Vec<&str> = set
            .iter()
            .filter(|t| !index.search(&t.text, 3).iter().any(|h| queries::same_person(cat, &people, t.idx, h.idx)))
            .map(|t| t.text.as_str())
            .collect();
        let rate = 1.0 - misses.len() as f64 / set.len() as f64;
        report.push(format!("{}: {:.0} % of {}", cat.name(), rate * 100.0, set.len()));
        if rate < FLOOR {
            failed.push(format!("{}: {:.0} % (misses: {misses:?})", cat.name(), rate * 100.0));
        }
    }
    eprintln!("hit@3 per requirement: {}", report.join("; "));
    assert!(failed.is_empty(), "below the floor:\n{}", failed.join("\n"));
}
