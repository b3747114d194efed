//! The shared test vectors (tests/fixtures/search/vectors.tsv, a copy of the project's
//! `search/vectors.tsv`): the stored person must be among the first three results.

#[path = "search_support/mod.rs"]
mod common;

use checkin::domain::Person;
use checkin::search::SearchIndex;
use checkin::text::fold::fold;
use std::collections::HashSet;

const VECTORS: &str = include_str!("fixtures/search/vectors.tsv");

/// Queries that only the fuzzy fallback (typo or keyboard layout) may find: FOLDING.md's known
/// hard cases, a typo and a wrong-layout query.
const FUZZY_ALLOWED: &[&str] = &["Джамбул", "Ajgul", "bekmuhambteov", "f[vtnjd"];

fn stored_person(name: &str) -> Person {
    let parts: Vec<&str> = name.split_whitespace().collect();
    Person {
        code: "KZ-777777".into(),
        family: parts.first().copied().unwrap_or_default().into(),
        given: parts.get(1).copied().unwrap_or_default().into(),
        patronymic: parts.get(2..).map(|p| p.join(" ")).unwrap_or_default(),
        ..Default::default()
    }
}

#[test]
fn every_vector_finds_the_stored_person_in_the_top_three() {
    let mut failures = Vec::new();
    let mut fuzzy_needed = Vec::new();
    let mut n = 0;
    for line in VECTORS.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (stored, query) = line.split_once('\t').expect("stored<TAB>query");
        n += 1;
        let target = stored_person(stored);
        let own: HashSet<String> = fold(stored).split(' ').map(String::from).collect();
        // Distractors: common names, none sharing a folded name with the stored person.
        let mut people =
            common::distractors(300, 0x5eed ^ n as u64, |p| fold(&p.full_name()).split(' ').any(|t| own.contains(t)));
        let at = people.len() / 2;
        people.insert(at, target);
        let ix = SearchIndex::build(&people);
        let hits = ix.search(query, 3);
        match hits.iter().find(|h| h.idx == at) {
            Some(h) => {
                if h.fuzzy {
                    fuzzy_needed.push(format!("{stored} ← {query}"));
                    if !FUZZY_ALLOWED.contains(&query) {
                        failures.push(format!("{stored:?} ← {query:?}: found only as fuzzy"));
                    }
                }
            }
            None => {
                let got: Vec<String> = hits.iter().map(|h| people[h.idx].full_name()).collect();
                failures.push(format!(
                    "{stored:?} ← {query:?}: top 3 were {got:?} (fold {:?} / {:?})",
                    fold(stored),
                    fold(query)
                ));
            }
        }
    }
    eprintln!("{n} vectors; fuzzy fallback needed for: {fuzzy_needed:?}");
    assert!(n >= 80, "the fixture has {n} vectors");
    assert!(failures.is_empty(), "{} of {n} vectors failed:\n{}", failures.len(), failures.join("\n"));
}
