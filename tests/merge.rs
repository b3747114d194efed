//! Taking in other stations' facts (`Store::ingest`, the path of both `checkin merge` and the
//! network sync): signatures, admission, dense logs, copied folders, and that any order and
//! duplication of merges gives the same state.

mod common;

use checkin::domain::{EntryPoint, FactKind, State};
use checkin::store::{SignedFact, Store};
use chrono::Duration;
use proptest::prelude::*;

fn venue() -> EntryPoint {
    EntryPoint::Venue(common::day1())
}

fn check_in(code: &str) -> FactKind {
    FactKind::CheckedIn { code: code.into(), entry: venue(), note: None }
}

/// A station's folder holding the test's registrants (as every station of an event does).
fn open(dir: &std::path::Path, station: &str) -> Store {
    let store = Store::open(dir, station).unwrap();
    if store.people().unwrap().is_empty() {
        store.import(&common::people()).unwrap();
    }
    store
}

fn signed(store: &Store) -> Vec<SignedFact> {
    store.signed_facts().map(|r| r.unwrap().1).collect()
}

/// `founder` lets `joiner` into its event, as `invite` and `join` do over the network: an
/// Invited and an Admitted fact at the founder, the event adopted by the empty joiner.
fn admit(founder: &mut Store, joiner: &mut Store, name: &str) {
    let t = common::morning();
    let ticket = [name.len() as u8; 32];
    founder
        .record(t, "org", FactKind::Invited { station: name.into(), ticket, expires: t + Duration::hours(1) })
        .unwrap();
    founder.record(t, "org", FactKind::Admitted { station: name.into(), key: joiner.station_key(), ticket }).unwrap();
    joiner.adopt_event(founder.event().clone()).unwrap();
    let got = joiner.ingest(&signed(founder), "founder", t).unwrap();
    assert_eq!(got.waiting + got.refused.len(), 0, "{got:?}");
}

struct Event {
    _tmp: tempfile::TempDir,
    stations: Vec<Store>,
}

/// A founder and `n - 1` admitted stations, each in its own folder.
fn event(n: usize) -> Event {
    let tmp = tempfile::tempdir().unwrap();
    let mut stations = vec![open(&tmp.path().join("desk-0"), "desk-0")];
    for i in 1..n {
        let name = format!("desk-{i}");
        let mut joiner = open(&tmp.path().join(&name), &name);
        admit(&mut stations[0], &mut joiner, &name);
        stations.push(joiner);
    }
    Event { _tmp: tmp, stations }
}

#[test]
fn a_check_in_at_one_station_is_already_in_at_another_and_merging_twice_changes_nothing() {
    let mut ev = event(2);
    let t = common::morning();
    ev.stations[0].record(t, "aigerim", check_in("KZ-000001")).unwrap();
    let facts = signed(&ev.stations[0]);
    let b = &mut ev.stations[1];
    let got = b.ingest(&facts, "desk-0", t).unwrap();
    assert_eq!(got.stored.len(), 1, "{got:?}");
    assert!(b.state().check_in_decision(&venue(), "KZ-000001").is_err(), "already in at desk-1");
    let state = b.state().clone();

    let again = b.ingest(&facts, "desk-0", t).unwrap();
    assert_eq!((again.stored.len(), again.duplicates), (0, facts.len()));
    assert_eq!(b.state(), &state);

    // Durable: a reopened folder has it, signature and all.
    let dir = b.dir().to_owned();
    drop(ev.stations.pop());
    let b = open(&dir, "desk-1");
    assert_eq!(b.state(), &state);
    assert!(signed(&b).contains(facts.last().unwrap()));
}

#[test]
fn a_forged_or_foreign_fact_is_refused_and_a_stranger_waits() {
    let mut ev = event(2);
    let t = common::morning();
    ev.stations[0].record(t, "op", check_in("KZ-000001")).unwrap();
    let mut facts = signed(&ev.stations[0]);
    let last = facts.pop().unwrap();

    // A relaying station changes a fact: the signature no longer holds.
    let mut forged = last.clone();
    let at = forged.bytes.len() - 3;
    forged.bytes[at] ^= 1;
    let b = &mut ev.stations[1];
    b.ingest(&facts, "desk-0", t).unwrap();
    let got = b.ingest(std::slice::from_ref(&forged), "desk-0", t).unwrap();
    assert_eq!(got.refused.len(), 1, "{got:?}");
    assert!(got.stored.is_empty());

    // A station of another event (its own founder): its facts are not of this event.
    let tmp = tempfile::tempdir().unwrap();
    let mut other = open(tmp.path(), "desk-0");
    other.record(t, "op", check_in("KZ-000002")).unwrap();
    let got = b.ingest(&signed(&other), "stranger", t).unwrap();
    assert_eq!(got.refused.len(), 1, "{got:?}");

    // A key the event never admitted, signing for this event: kept out until admitted.
    let mut intruder = open(&tmp.path().join("x"), "desk-9");
    intruder.adopt_event(b.event().clone()).unwrap();
    intruder.record(t, "op", check_in("KZ-000003")).unwrap();
    let got = b.ingest(&signed(&intruder), "desk-9", t).unwrap();
    assert_eq!((got.stored.len(), got.waiting), (0, 1), "{got:?}");
    assert_eq!(b.state().status(&venue(), "KZ-000003"), checkin::domain::AttendanceStatus::NotYet);

    // The real fact still goes in.
    assert_eq!(b.ingest(&[last], "desk-0", t).unwrap().stored.len(), 1);
}

#[test]
fn a_log_claimed_by_another_key_is_refused() {
    let mut ev = event(3);
    let t = common::morning();
    ev.stations[1].record(t, "op", check_in("KZ-000001")).unwrap();
    let real = signed(&ev.stations[1]);
    let dir2 = ev.stations[2].dir().to_owned();
    drop(ev.stations.pop());

    // desk-2's laptop started as "desk-1" by mistake, before it heard of the real desk-1.
    let mut mistaken = open(&dir2, "desk-1");
    mistaken.record(t, "op", check_in("KZ-000002")).unwrap();
    let founder = &mut ev.stations[0];
    assert_eq!(founder.ingest(&real, "desk-1", t).unwrap().stored.len(), 1);
    let got = founder.ingest(&signed(&mistaken), "desk-2", t).unwrap();
    assert!(got.stored.iter().all(|f| f.station != "desk-1"), "{got:?}");
    assert!(got.refused.iter().any(|why| why.contains("not by that station's key")), "{got:?}");
    assert!(founder.state().check_in_decision(&venue(), "KZ-000002").is_ok());
    drop(mistaken);

    // A laptop that knows desk-1's log belongs to another key refuses to write as desk-1.
    let tmp = tempfile::tempdir().unwrap();
    let mut fresh = open(tmp.path(), "desk-5");
    admit(&mut ev.stations[0], &mut fresh, "desk-5");
    drop(fresh);
    let mut fresh = open(tmp.path(), "desk-1");
    let err = fresh.record(t, "op", check_in("KZ-000003")).unwrap_err();
    assert!(matches!(err, checkin::store::StoreError::StationOfAnother(_)), "{err}");
}

#[test]
fn the_same_place_in_a_log_with_other_content_raises_an_alarm_and_keeps_ours() {
    let tmp = tempfile::tempdir().unwrap();
    let t = common::morning();
    let mut a = open(&tmp.path().join("a"), "desk-0");
    let mut b = open(&tmp.path().join("b"), "desk-1");
    admit(&mut a, &mut b, "desk-1");
    drop(b);
    // The folder is copied to a second laptop; both go on as desk-1.
    let copy = tmp.path().join("b-copy");
    common::copy_dir(&tmp.path().join("b"), &copy);
    let mut b = open(&tmp.path().join("b"), "desk-1");
    let mut b2 = open(&copy, "desk-1");
    b.record(t, "op", check_in("KZ-000001")).unwrap();
    b2.record(t, "op", check_in("KZ-000002")).unwrap();

    assert_eq!(a.ingest(&signed(&b), "desk-1", t).unwrap().stored.len(), 1);
    let got = a.ingest(&signed(&b2), "desk-1", t).unwrap();
    assert_eq!(got.alarms.len(), 1, "{got:?}");
    assert!(got.stored.is_empty());
    assert_eq!(a.alarms().len(), 1);
    assert_eq!(a.alarms()[0].station, "desk-1");
    assert!(a.state().check_in_decision(&venue(), "KZ-000001").is_err(), "ours is kept");
    assert!(a.state().check_in_decision(&venue(), "KZ-000002").is_ok(), "theirs is not stored");
    // Seen again: still one alarm.
    a.ingest(&signed(&b2), "desk-1", t).unwrap();
    assert_eq!(a.alarms().len(), 1);
}

#[test]
fn a_revoked_station_may_not_connect_but_facts_relayed_from_it_are_still_taken() {
    let mut ev = event(3);
    let t = common::morning();
    let key = ev.stations[1].station_key();
    ev.stations[1].record(t, "op", check_in("KZ-000001")).unwrap();
    let facts = signed(&ev.stations[1]);
    // desk-2 got desk-1's check-in before desk-1's laptop was lost …
    ev.stations[2].ingest(&facts, "desk-1", t).unwrap();
    ev.stations[0].record(t, "org", FactKind::Revoked { key, reason: Some("laptop lost".into()) }).unwrap();
    assert!(!ev.stations[0].admits(&key), "no longer let in");
    // … and relays it to the founder, who knew of the revocation first: the same facts end up
    // everywhere, whatever the order.
    let relayed = signed(&ev.stations[2]);
    assert_eq!(ev.stations[0].ingest(&relayed, "desk-2", t).unwrap().stored.len(), 1);
    assert!(ev.stations[0].state().check_in_decision(&venue(), "KZ-000001").is_err());
    // An undo of the admission changes nothing: admissions are for good.
    let admitted = ev.stations[0]
        .facts()
        .map(Result::unwrap)
        .find(|f| matches!(&f.kind, FactKind::Admitted { key: k, .. } if *k == key))
        .unwrap();
    ev.stations[0].record(t, "org", FactKind::Annulled { fact: admitted.id, reason: None }).unwrap();
    assert!(ev.stations[0].takes_facts_of(&key));
}

#[test]
fn a_gap_waits_for_the_facts_before_it() {
    let mut ev = event(2);
    let t = common::morning();
    for code in ["KZ-000001", "KZ-000002", "KZ-000003"] {
        ev.stations[1].record(t, "op", check_in(code)).unwrap();
    }
    let facts: Vec<_> = ev.stations[1]
        .signed_facts()
        .map(Result::unwrap)
        .filter(|(f, _)| f.station == "desk-1")
        .map(|(_, s)| s)
        .collect();
    let a = &mut ev.stations[0];
    let got = a.ingest(&facts[2..], "desk-1", t).unwrap();
    assert_eq!((got.stored.len(), got.waiting), (0, 1));
    // Out of order within one batch is fine: the batch is taken in its logs' order.
    let mut shuffled = facts.clone();
    shuffled.reverse();
    let got = a.ingest(&shuffled, "desk-1", t).unwrap();
    assert_eq!(got.stored.len(), 3, "{got:?}");
    assert_eq!(a.vector().get("desk-1"), Some(&3));
}

/// What a station does in one step of a random day.
#[derive(Debug, Clone)]
enum Step {
    /// Station `s` checks person `p` in (if not in by its own view).
    In(usize, usize),
    /// Station `s` checks person `p` out.
    Out(usize, usize),
    /// Station `s` undoes its own last fact.
    Undo(usize),
    /// Station `to` takes in everything station `from` holds (a sync or a USB stick).
    Merge(usize, usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..3usize, 0..5usize).prop_map(|(s, p)| Step::In(s, p)),
        1 => (0..3usize, 0..5usize).prop_map(|(s, p)| Step::Out(s, p)),
        1 => (0..3usize).prop_map(Step::Undo),
        3 => (0..3usize, 0..3usize).prop_map(|(f, t)| Step::Merge(f, t)),
    ]
}

proptest! {
    // Each case opens three sled databases and writes durably; a few cases of long random days.
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Stations write and merge in any order, any number of times; once each has taken in
    /// everyone's facts, all hold the same facts and the same state — the state a single
    /// replay of all facts gives.
    #[test]
    fn any_order_and_duplication_of_merges_gives_the_same_state(steps in prop::collection::vec(step(), 1..40)) {
        let mut ev = event(3);
        let t0 = common::morning();
        for (i, step) in steps.iter().enumerate() {
            let t = t0 + Duration::seconds(i as i64);
            match step {
                Step::In(s, p) => {
                    let code = format!("KZ-{:06}", p + 1);
                    if ev.stations[*s].state().check_in_decision(&venue(), &code).is_ok() {
                        ev.stations[*s].record(t, "op", check_in(&code)).unwrap();
                    }
                }
                Step::Out(s, p) => {
                    let code = format!("KZ-{:06}", p + 1);
                    let kind = FactKind::CheckedOut { code, day: common::day1(), collected_by: None, note: None };
                    // Only someone in can leave: the store refuses the rest, as it would a volunteer.
                    match ev.stations[*s].record(t, "op", kind) {
                        Ok(_) | Err(checkin::store::StoreError::NotAdmitted(_)) => {}
                        Err(e) => panic!("{e}"),
                    }
                }
                Step::Undo(s) => {
                    let own: Vec<_> = ev.stations[*s].facts().map(Result::unwrap)
                        .filter(|f| f.station == ev.stations[*s].station() && !matches!(f.kind, FactKind::Annulled { .. })).collect();
                    if let Some(last) = own.last() {
                        match ev.stations[*s].record(t, "op", FactKind::Annulled { fact: last.id, reason: None }) {
                            Ok(_) | Err(checkin::store::StoreError::NotAdmitted(_)) => {}
                            Err(e) => panic!("{e}"),
                        }
                    }
                }
                Step::Merge(from, to) if from != to => {
                    let facts = signed(&ev.stations[*from]);
                    let got = ev.stations[*to].ingest(&facts, "peer", t).unwrap();
                    prop_assert!(got.refused.is_empty() && got.alarms.is_empty(), "{got:?}");
                }
                Step::Merge(..) => {}
            }
        }
        // Everyone gossips until nothing moves: twice round the ring suffices.
        for _ in 0..2 {
            for from in 0..3 {
                for to in 0..3 {
                    if from != to {
                        let facts = signed(&ev.stations[from]);
                        ev.stations[to].ingest(&facts, "peer", t0).unwrap();
                    }
                }
            }
        }
        let all: Vec<_> = ev.stations[0].facts().map(Result::unwrap).collect();
        let replayed = State::replay(&all);
        for s in &ev.stations {
            prop_assert_eq!(s.vector(), ev.stations[0].vector());
            prop_assert_eq!(s.state(), &replayed);
        }
    }
}
