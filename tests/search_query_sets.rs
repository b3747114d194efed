//! The project's own query sets, one per FOLDING.md requirement and per kind of query issue 18
//! found missing the first row, over the sample generator's registrants (whose surnames are
//! written in both their Kazakh and their Russian-mediated spelling): the same sets `cargo
//! bench` reports hit@1 / hit@3 / keystrokes for (benches/support/queries.rs, spelled with
//! their own tables, not the library's folding).
//!
//! Issue 18's targets are hit@1 ≥ 0.97 in every class at 1k and 10k registrants (held here) and
//! a median of at most 4 keystrokes until the person is the first row. The second is not met
//! (BENCHMARKS.md, "Search quality per kind of query"): it is the ignored test at the end, which
//! says by how much; the tests that run keep the medians from growing past today's.

#[path = "../benches/support/mod.rs"]
mod support;

use checkin::domain::Person;
use checkin::search::SearchIndex;
use support::queries::{self, CATS, Cat, Quality, Target};

/// Share of each set whose person must be the first row for the whole typed text.
const HIT1: f64 = 0.97;
/// Issue 18's median keystrokes until the person is the first row, typing the shortest prefixes
/// of each word.
const MEDIAN_KEYS: usize = 4;

/// The people, their index and the query sets of one list size (60 people per class).
struct Sets {
    people: Vec<Person>,
    index: SearchIndex,
    targets: Vec<Target>,
}

impl Sets {
    fn of(registrants: usize) -> Sets {
        let people = support::people(registrants);
        let index = SearchIndex::build(&people);
        let targets = queries::targets(&people, 60, registrants as u64);
        Sets { people, index, targets }
    }

    /// Each class's quality (classes the generator gave nobody for are left out, and must be
    /// the rare ones).
    fn quality(&self) -> Vec<(Cat, Quality)> {
        let mut out = Vec::new();
        for cat in CATS {
            let q = queries::quality(cat, &self.people, &self.targets, |text, n| {
                self.index.search(text, n).iter().map(|h| h.idx).collect()
            });
            let rare = matches!(cat, Cat::Homoglyph | Cat::Foreign | Cat::LatinExact);
            assert!(q.targets > 0 || rare, "no queries for {cat:?}");
            if q.targets > 0 {
                out.push((cat, q));
            }
        }
        let lines: Vec<String> = out.iter().map(|(cat, q)| line(*cat, q)).collect();
        eprintln!("{} registrants:\n{}", self.people.len(), lines.join("\n"));
        out
    }

    /// The typed texts of class `cat` whose person is not the first row, with what is.
    fn misses(&self, cat: Cat) -> Vec<String> {
        self.targets
            .iter()
            .filter(|t| t.cat == cat)
            .filter_map(|t| {
                let first = self.index.search(&t.text, 1);
                let hit = first.first();
                if hit.is_some_and(|h| queries::same_person(cat, &self.people, t.idx, h.idx)) {
                    return None;
                }
                let shown = hit.map(|h| {
                    let p = &self.people[h.idx];
                    format!("{} {} ({:?}, {:?})", p.family, p.given, h.tier, h.matched().collect::<Vec<_>>())
                });
                Some(format!("{:?} → {}", t.text, shown.unwrap_or_else(|| "nobody".into())))
            })
            .collect()
    }
}

fn line(cat: Cat, q: &Quality) -> String {
    let keys = q.median_keys.map_or("never".to_owned(), |k| k.to_string());
    format!(
        "{}: {} targets, hit@1 {:.0} %, hit@3 {:.0} %, median keystrokes {keys}",
        cat.name(),
        q.targets,
        100.0 * q.rate(q.hit1),
        100.0 * q.rate(q.hit3)
    )
}

/// Whether the keystroke median says something of the ranking. Not for a registration code or
/// an e-mail address: each is one word, made to be its owner's alone only when typed far enough
/// (every shorter start of a code is ten other codes' too; an e-mail set's text is by
/// construction the shortest start no other address has), so its count is its length.
fn keys_count(cat: Cat) -> bool {
    !matches!(cat, Cat::Code | Cat::Email)
}

/// hit@1 ≥ [`HIT1`] in every class, and no class's median keystrokes above `keys_now` (the
/// largest measured when issue 18's work was committed: a guard against a worse ranking, not the
/// target, which [`the_median_keystrokes_target`] holds).
fn check(registrants: usize, keys_now: usize) {
    let sets = Sets::of(registrants);
    let mut failed = Vec::new();
    for (cat, q) in sets.quality() {
        let keys_grew = keys_count(cat) && q.median_keys.is_none_or(|k| k > keys_now);
        if q.rate(q.hit1) < HIT1 || keys_grew {
            failed.push(format!("{} (not the first row: {:?})", line(cat, &q), sets.misses(cat)));
        }
    }
    assert!(failed.is_empty(), "{registrants} registrants, below the targets:\n{}", failed.join("\n"));
}

#[test]
fn every_kind_of_query_finds_its_person_first_at_1k() {
    check(1000, 5);
}

#[test]
fn every_kind_of_query_finds_its_person_first_at_10k() {
    check(10_000, 6);
}

/// Issue 18's keystroke target, not met today: at 1k the Russian-mediated, wrong-layout and
/// swapped queries take a median of 5 (their letters are not the ones written, and people whose
/// letters they are come first); at 10k most classes take 5 or 6, even the names as written (that
/// many people share their first letters). Run with `--ignored` to see where it stands.
#[test]
#[ignore = "issue 18's median keystrokes ≤ 4 is not met (5 in three classes at 1k, 4–6 at 10k): BENCHMARKS.md"]
fn the_median_keystrokes_target() {
    let mut over = Vec::new();
    for registrants in [1000, 10_000] {
        for (cat, q) in Sets::of(registrants).quality() {
            if keys_count(cat) && q.median_keys.is_none_or(|k| k > MEDIAN_KEYS) {
                over.push(format!("{registrants}: {}", line(cat, &q)));
            }
        }
    }
    assert!(over.is_empty(), "median keystrokes above {MEDIAN_KEYS}:\n{}", over.join("\n"));
}
