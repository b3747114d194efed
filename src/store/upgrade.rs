//! Steps that bring a folder of an older format ([`UPGRADES_FROM`](super::folder::UPGRADES_FROM)) to the current one
//! when it is opened. Each step is self-contained: it knows what it changes, not which format
//! number it belongs to (the caller, `Store::open`, decides from the folder's format whether it
//! runs), and running it again, or after an interruption anywhere, finishes it.
//!
//! [`upgrade_people_layout`]: the people are rewritten in the second layout of a person. Facts,
//! the derived state and the programme are stored as they always were, so nothing else is
//! touched. Each stored person is in exactly one of the two layouts: read to its last byte, a
//! value in the first layout lacks the second's trailing fields and one in the second has bytes
//! the first never reads. So the step tells, person by person, what is left to do.

use std::collections::BTreeMap;

use super::{Store, StoreError, codec, damaged};
use crate::domain::Person;
use crate::domain::person::first_layout::FirstLayout;

/// Rewrites the people stored in the first layout in the second (current) one, in one batch with
/// the `people` generation bumped first (so the search snapshot of the old bytes is never used
/// again); people already in the second layout are left as they are. Returns how many were
/// rewritten: none when there is nothing left to do. A value in neither layout stops it, naming
/// the person, with nothing changed.
pub(super) fn upgrade_people_layout(store: &Store) -> Result<usize, StoreError> {
    let stored = store.stored_people()?;
    let kept = stored.by_code()?;
    let mut rewritten: Vec<(&[u8], Vec<u8>)> = Vec::new();
    for (&code, &value) in &kept {
        let what = || format!("person {}", String::from_utf8_lossy(code));
        // `decode_view` reads a value to its last byte: what tells the two layouts apart.
        match codec::decode_view::<FirstLayout>(value) {
            Ok(old) => rewritten.push((code, codec::encode(&Person::from(old)).map_err(|e| damaged(&what(), e))?)),
            Err(first) => {
                if codec::decode_view::<Person>(value).is_err() {
                    return Err(damaged(&what(), first));
                }
            }
        }
    }
    if rewritten.is_empty() {
        return Ok(0);
    }
    let mut everyone: BTreeMap<&[u8], &[u8]> = kept;
    for (code, bytes) in &rewritten {
        everyone.insert(code, bytes);
    }
    store.write_people(&stored, &everyone)?;
    Ok(rewritten.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AttendanceStatus, EntryPoint, FactKind, Source};
    use crate::io::sample;
    use std::path::Path;

    fn venue() -> EntryPoint {
        EntryPoint::Venue(chrono::NaiveDate::from_ymd_opt(2016, 11, 21).unwrap())
    }

    use crate::store::folder;

    /// People as a checkin of format 3 or 4 could hold them: nothing of the second layout set.
    fn first_layout_people(count: usize) -> Vec<Person> {
        let program = sample::sample_program().unwrap();
        let people = sample::generate(count, 7, &program);
        let mut people: Vec<Person> = people.iter().map(|p| FirstLayout::try_from(p).unwrap().into()).collect();
        people.sort_by(|a, b| a.code.cmp(&b.code));
        people
    }

    /// What a checkin of `format` (3 or 4) left: `people` in the first layout (the first `done`
    /// of them already rewritten, as by an interrupted upgrade; each value `spoil`ed), a walk-in
    /// and a check-in in the fact log, sled and the marker saying `format`.
    fn older_folder(dir: &Path, format: u32, people: &[Person], done: usize, spoil: impl Fn(Vec<u8>) -> Vec<u8>) {
        let mut store = Store::open(dir, "desk-1").unwrap();
        store.import(people).unwrap();
        let walk_in =
            Person { code: "W-desk-1-1".into(), family: "Ким".into(), source: Source::WalkIn, ..Person::default() };
        let kinds = vec![
            FactKind::WalkedIn { person: Box::new(walk_in) },
            FactKind::CheckedIn { code: people[0].code.clone(), entry: venue(), note: None },
        ];
        store.record_many(chrono::Utc::now(), "op", kinds).unwrap();

        let stored = store.stored_people().unwrap();
        let current = stored.by_code().unwrap();
        let old: Vec<(&[u8], Vec<u8>)> = current
            .iter()
            .enumerate()
            .map(|(i, (&code, &value))| {
                let value = match i < done {
                    true => value.to_vec(),
                    false => codec::encode(&FirstLayout::try_from(&codec::decode::<Person>(value).unwrap()).unwrap())
                        .unwrap(),
                };
                (code, spoil(value))
            })
            .collect();
        store.write_people(&stored, &old.iter().map(|(c, v)| (*c, v.as_slice())).collect()).unwrap();
        store.sled.meta.insert(super::super::META_FORMAT, codec::encode(&format).unwrap()).unwrap();
        store.sync().unwrap();
        drop(store);
        std::fs::write(dir.join("CHECKIN-FOLDER"), format!("checkin data folder\nformat={format}\n")).unwrap();
    }

    #[test]
    fn a_format_3_or_4_folder_opens_upgraded_and_an_interrupted_upgrade_is_finished() {
        let people = first_layout_people(60);
        for (format, done) in [(3, 0), (3, 25), (4, 0), (4, 25)] {
            let tmp = tempfile::tempdir().unwrap();
            older_folder(tmp.path(), format, &people, done, |v| v);
            let before = {
                let db = sled::open(folder::db_path(tmp.path())).unwrap();
                let generation = db.open_tree("meta").unwrap().get(super::super::META_PEOPLE_GEN).unwrap().unwrap();
                u64::from_be_bytes(generation.as_ref().try_into().unwrap())
            };

            let store = Store::open(tmp.path(), "desk-1").unwrap();
            let after = store.people_generation().unwrap();
            assert!(after > before, "the search snapshot of the old bytes is never used again");
            let read = store.people().unwrap();
            assert_eq!(read[..people.len()], people[..], "format {format}, done = {done}");
            assert_eq!(read[people.len()].code, "W-desk-1-1");
            assert_ne!(store.state().status(&venue(), &people[0].code), AttendanceStatus::NotYet);
            for (_, value) in store.stored_people().unwrap().by_code().unwrap() {
                codec::decode_view::<Person>(value).expect("every person in the current layout, to its last byte");
            }
            drop(store);
            let marker = std::fs::read_to_string(tmp.path().join("CHECKIN-FOLDER")).unwrap();
            assert_eq!(marker, format!("checkin data folder\nformat={}\n", folder::FOLDER_FORMAT));
            let store = Store::open(tmp.path(), "desk-1").unwrap();
            assert_eq!(store.people_generation().unwrap(), after, "opened again: nothing more to do");
        }
    }

    #[test]
    fn a_person_in_neither_layout_stops_the_upgrade_naming_them() {
        let people = first_layout_people(3);
        let tmp = tempfile::tempdir().unwrap();
        // One byte more than the first layout reads, and far less than the second needs.
        older_folder(tmp.path(), 4, &people, 0, |mut v| {
            v.push(0);
            v
        });
        let err = Store::open(tmp.path(), "desk-1").unwrap_err();
        assert!(matches!(err, StoreError::Damaged { .. }) && err.to_string().contains(&people[0].code), "{err}");
        let marker = std::fs::read_to_string(tmp.path().join("CHECKIN-FOLDER")).unwrap();
        assert_eq!(marker, "checkin data folder\nformat=4\n", "not marked upgraded");
    }
}
