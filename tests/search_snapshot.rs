//! The search snapshot in the data folder: a loaded index answers exactly like a fresh build, and
//! a stale or damaged snapshot is never used (the index is built again and the file rewritten).

use checkin::domain::Person;
use checkin::io::sample;
use checkin::search::SearchIndex;
use checkin::station::Clock;
use checkin::station::Station;
use checkin::store::Store;
use checkin::store::snapshot::{saved_index, search_index};
use std::path::{Path, PathBuf};

fn people(n: usize) -> Vec<Person> {
    let program = sample::sample_program().expect("the bundled programme");
    sample::generate(n, 2016, &program)
}

fn snapshot_file(dir: &Path) -> PathBuf {
    dir.join("search.snapshot")
}

/// Keystroke prefixes of names, codes and phones of some people, and a few fixed hard ones.
fn queries(people: &[Person]) -> Vec<String> {
    let mut qs: Vec<String> =
        ["а", "ахм", "aig ahm", "f[vtnjdf", "kz-000123", "ЛЯ-0001", "smagulova gul", "ахмеотва", "7701", "@"]
            .map(String::from)
            .to_vec();
    for p in people.iter().step_by(37) {
        for text in [&p.family, &p.given, &p.code, &p.phone, &p.delegation] {
            let chars: Vec<char> = text.chars().collect();
            for len in [1, 2, 3, 5, chars.len()] {
                qs.push(chars[..len.min(chars.len())].iter().collect());
            }
        }
        qs.push(format!("{} {}", p.given, p.family));
    }
    qs.retain(|q| !q.trim().is_empty());
    qs
}

fn assert_same_answers(a: &SearchIndex, b: &SearchIndex, people: &[Person]) {
    for q in queries(people) {
        let (ha, hb) = (a.search(&q, 50), b.search(&q, 50));
        assert_eq!(ha, hb, "different hits for {q:?}");
        for h in &ha {
            assert_eq!(a.highlight(&q, h), b.highlight(&q, h), "different highlights for {q:?}");
        }
    }
}

fn open(dir: &Path) -> Store {
    Store::open(dir, "desk-1").expect("the folder opens")
}

#[test]
fn a_loaded_snapshot_answers_exactly_like_a_fresh_build() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let store = open(&dir);
    store.import(&people(1200)).unwrap();
    let (everyone, generation) = store.people_as_of().unwrap();
    let from_sled = everyone.to_slice().into_owned();
    assert!(saved_index(&store, &everyone).is_none(), "no snapshot before the first build");
    let built = search_index(&store, &everyone, generation);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(snapshot_file(&dir)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "children's data: owner only");
    }
    drop(store);
    let store = open(&dir);
    let (everyone, _) = store.people_as_of().unwrap();
    let loaded = saved_index(&store, &everyone).expect("the snapshot is current after a reopen");
    let everyone = everyone.to_slice().into_owned();
    assert_eq!(everyone, from_sled, "the snapshot's people are the tree's");
    assert_same_answers(&loaded, &SearchIndex::build(&everyone), &everyone);
    assert_same_answers(&built, &loaded, &everyone);
}

#[test]
fn a_snapshot_after_changes_is_stale_and_rebuilt() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let store = open(&dir);
    let mut list = people(500);
    store.import(&list).unwrap();
    let (all, generation) = store.people_as_of().unwrap();
    search_index(&store, &all, generation);

    // A re-import that changes one name: the same number of people, other text.
    list[7].family = "Жаңабаева".into();
    store.import(&list).unwrap();
    let (everyone, generation) = store.people_as_of().unwrap();
    assert!(saved_index(&store, &everyone).is_none(), "a re-import makes the snapshot stale");
    let index = search_index(&store, &everyone, generation);
    assert_eq!(index.search("жаңабаева", 5).first().map(|h| h.code.as_str()), Some(list[7].code.as_str()));
    // Those people were read from the people part the import saved, which the build's snapshot
    // holds again byte for byte (people read from sled never vouch for an index: see the damaged
    // snapshot test below).
    assert!(saved_index(&store, &everyone).is_some(), "the same people part");
    let (everyone, _) = store.people_as_of().unwrap();
    assert!(saved_index(&store, &everyone).is_some(), "rewritten after the build");

    // A walk-in lives in the fact log: not a write of `people`, still a change of the people.
    let mut station = Station::new(store, Clock::real(), "op").unwrap();
    let walk_in = Person { code: "W-desk-1-1".into(), family: "Оспанова".into(), ..Default::default() };
    station.walk_in(walk_in).unwrap();
    let (everyone, generation) = station.folder().people_as_of().unwrap();
    assert!(saved_index(station.folder().local().unwrap(), &everyone).is_none(), "a walk-in makes the snapshot stale");
    let index = search_index(station.folder().local().unwrap(), &everyone, generation);
    assert!(saved_index(station.folder().local().unwrap(), &everyone).is_some());
    let everyone = everyone.to_slice().into_owned();
    assert_same_answers(&index, &SearchIndex::build(&everyone), &everyone);

    // Same people, the walk-in's text given otherwise: caught by the records check.
    let n = everyone.len();
    let mut other = everyone[n - 1].clone();
    assert!(index.is_fresh_index_ending_with(n, &[&other]));
    other.family = "Оспан".into();
    assert!(!index.is_fresh_index_ending_with(n, &[&other]), "records must be these people");
    assert!(!index.is_fresh_index_ending_with(n + 1, &[&everyone[n - 1]]), "and as many");
}

/// A folder with `list` imported and one walk-in called `family`, as a station writes it.
fn folder_with_walk_in(dir: &Path, list: &[Person], family: &str) -> Station {
    let store = open(dir);
    store.import(list).unwrap();
    let mut station = Station::new(store, Clock::real(), "op").unwrap();
    station.walk_in(Person { code: "W-desk-1-1".into(), family: family.into(), ..Default::default() }).unwrap();
    station
}

#[test]
fn a_snapshot_whose_walk_ins_are_not_the_folders_is_not_used() {
    let tmp = tempfile::tempdir().unwrap();
    let list = people(300);
    let (here, there) = (tmp.path().join("here"), tmp.path().join("there"));
    let station = folder_with_walk_in(&here, &list, "Оспанова");
    let (everyone, generation) = station.folder().people_as_of().unwrap();
    search_index(station.folder().local().unwrap(), &everyone, generation);
    drop(station);

    // The same imported people under the same stamp, and another walk-in under the same code:
    // only the walk-in's record can tell the snapshot is not of these people.
    for (family, used) in [("Оспан", false), ("Оспанова", true)] {
        let _ = std::fs::remove_dir_all(&there);
        let station = folder_with_walk_in(&there, &list, family);
        std::fs::copy(snapshot_file(&here), snapshot_file(&there)).unwrap();
        let (everyone, _) = station.folder().people_as_of().unwrap();
        assert_eq!(everyone.len(), list.len() + 1);
        assert_eq!(saved_index(station.folder().local().unwrap(), &everyone).is_some(), used, "walk-in {family}");
    }
}

#[test]
fn a_damaged_snapshot_is_ignored_and_rewritten() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let store = open(&dir);
    store.import(&people(400)).unwrap();
    let (everyone, generation) = store.people_as_of().unwrap();
    let fresh = SearchIndex::build(&everyone.to_slice());
    search_index(&store, &everyone, generation);
    let everyone = everyone.to_slice().into_owned();
    let good = std::fs::read(snapshot_file(&dir)).unwrap();

    let flip = |at: usize| {
        let mut b = good.clone();
        b[at] ^= 0x20;
        b
    };
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("a flipped byte among the people", flip(200)),
        ("a flipped byte in the index", flip(good.len() - good.len() / 3)),
        ("cut in half", good[..good.len() / 2].to_vec()),
        ("cut inside the header", good[..20].to_vec()),
        ("one byte more", [good.as_slice(), &[0]].concat()),
        ("empty", Vec::new()),
        ("not a snapshot", b"hello".repeat(1000)),
    ];
    for (what, bytes) in damages {
        std::fs::write(snapshot_file(&dir), &bytes).unwrap();
        let (people, _) = store.people_as_of().unwrap();
        assert!(saved_index(&store, &people).is_none(), "{what}: must not be used");
        assert_eq!(people.to_slice().into_owned(), everyone, "{what}: the people are read from sled instead");
        let index = search_index(&store, &people, generation);
        assert_same_answers(&index, &fresh, &everyone);
        assert_eq!(std::fs::read(snapshot_file(&dir)).unwrap(), good, "{what}: rewritten as a build writes it");
    }
}

#[test]
fn a_snapshot_of_people_read_before_an_import_is_stamped_stale() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let store = open(&dir);
    let mut list = people(300);
    store.import(&list).unwrap();
    let (before, generation) = store.people_as_of().unwrap();
    // Another process imports after the read; the change is not searchable text, so only the
    // stamp can tell the saved people from the current ones.
    list[3].birth_year = Some(2011);
    store.import(&list).unwrap();
    search_index(&store, &before, generation);
    let now = store.people().unwrap();
    assert_eq!(now[3].birth_year, Some(2011), "the snapshot of older people is not used");
    assert_eq!(now, {
        let mut sorted = list.clone();
        sorted.sort_by(|a, b| a.code.cmp(&b.code));
        sorted
    });
}
