//! Session seats through the station: the door, sign-ups, the waitlist and undo, as the host's
//! screen, the desk and `checkin scan --session` use them; capacity is never exceeded.

mod common;

use checkin::domain::seats::{WaitlistRefusal, Warning};
use checkin::domain::{AudienceRule, Category, FactKind, Person, Session, SessionKind};
use checkin::station::Clock;
use checkin::station::Station;
use checkin::station::{Consent, DoorOutcome, SeatOutcome};
use checkin::store::Store;
use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

const MC: &str = "mc-ships";

/// 14:55 in Astana, five minutes before the ship-modelling class.
fn before_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2016, 11, 21, 8, 55, 0).unwrap()
}

fn program(capacity: u32) -> checkin::domain::Program {
    let mut p = common::program();
    let t = |h: u32, m: u32| common::day1().and_hms_opt(h, m, 0).unwrap();
    p.sessions.push(Session {
        id: MC.into(),
        kind: SessionKind::MasterClass,
        title: checkin::domain::Localized { en: "Ship modelling".into(), ..Default::default() },
        room: "Workshop".into(),
        start: t(15, 0),
        end: t(16, 30),
        capacity: Some(capacity),
        audience: Some(AudienceRule { min_age: Some(10), max_age: Some(16), categories: vec![Category::Child] }),
        host: String::new(),
    });
    // Overlaps the ship-modelling class.
    let mut planetarium = p.sessions[1].clone();
    planetarium.id = "mc-planetarium".into();
    planetarium.start = t(15, 30);
    planetarium.end = t(16, 15);
    planetarium.capacity = Some(30);
    p.sessions.push(planetarium);
    p
}

fn kid(i: usize) -> Person {
    let mut p = common::person(&format!("KZ-1000{i:02}"), "Бала", &format!("Бала{i}"), Category::Child);
    p.birth_year = Some(2005);
    p
}

/// A station with `capacity` seats in MC, `signed` children imported as signed up, 8 more not.
fn station(tmp: &tempfile::TempDir, capacity: u32, signed: usize) -> Station {
    let store = Store::open(tmp.path(), "ships-door").unwrap();
    store.set_program(&program(capacity)).unwrap();
    let mut people: Vec<Person> = (0..signed + 8).map(kid).collect();
    for p in people.iter_mut().take(signed) {
        p.sessions = vec![MC.into()];
    }
    people.extend(common::people());
    store.import(&people).unwrap();
    Station::new(store, Clock::frozen(before_start()), "Dana").unwrap()
}

fn code(i: usize) -> String {
    kid(i).code
}

#[test]
fn the_signed_up_come_in_walk_ins_take_free_seats_and_full_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut st = station(&tmp, 3, 2);
    let ask = Consent::default();
    assert!(matches!(st.door_check_in(&code(0), MC, &ask).unwrap(), DoorOutcome::Done { walk_in: false, .. }));
    assert!(matches!(st.door_check_in(&code(0), MC, &ask).unwrap(), DoorOutcome::Already { .. }));
    // Not signed up: the host is asked first, nothing is written.
    let facts = st.folder().fact_count();
    assert_eq!(
        st.door_check_in(&code(2), MC, &ask).unwrap(),
        DoorOutcome::Confirm { code: code(2), walk_in: true, released: None, warnings: vec![] }
    );
    assert_eq!(st.folder().fact_count(), facts);
    let yes = Consent { walk_in: true, ..Consent::default() };
    assert!(matches!(st.door_check_in(&code(2), MC, &yes).unwrap(), DoorOutcome::Done { walk_in: true, .. }));
    // Two signed up + one walk-in = 3 of 3: the next is refused and offered the waitlist.
    assert_eq!(st.door_check_in(&code(3), MC, &yes).unwrap(), DoorOutcome::Full { code: code(3), waiting: 0 });
    assert!(matches!(
        st.join_waitlist(&code(3), MC, &Consent::default()).unwrap(),
        SeatOutcome::Waitlisted { position: 1, .. }
    ));
    assert!(matches!(
        st.join_waitlist(&code(4), MC, &Consent::default()).unwrap(),
        SeatOutcome::Waitlisted { position: 2, .. }
    ));
    assert_eq!(
        st.join_waitlist(&code(3), MC, &Consent::default()).unwrap(),
        SeatOutcome::NoWaitlist(WaitlistRefusal::AlreadyWaiting { position: 1 })
    );
    let summary = st.summary(MC).unwrap();
    assert_eq!((summary.occupancy.taken, summary.occupancy.present), (3, 2));

    // The absent signed-up child cancels: the first on the waitlist is called.
    assert!(matches!(st.cancel(&code(1), MC).unwrap(), SeatOutcome::Cancelled(_)));
    let occupancy = st.summary(MC).unwrap().occupancy;
    assert_eq!(occupancy.offers(), [code(3)]);
    // Someone behind them gets a warning; they come straight in.
    assert_eq!(
        st.door_check_in(&code(4), MC, &yes).unwrap(),
        DoorOutcome::Confirm {
            code: code(4),
            walk_in: true,
            released: None,
            warnings: vec![Warning::WaitlistFirst { waiting: 2 }]
        }
    );
    assert!(matches!(st.door_check_in(&code(3), MC, &yes).unwrap(), DoorOutcome::Done { walk_in: true, .. }));
    assert!(st.summary(MC).unwrap().occupancy.is_full());
}

#[test]
fn a_stale_decision_cannot_exceed_the_capacity_at_write_time() {
    let tmp = tempfile::tempdir().unwrap();
    let mut st = station(&tmp, 1, 0);
    // The host sees "1 seat left" for child 0 and hesitates…
    assert!(matches!(st.door_check_in(&code(0), MC, &Consent::default()).unwrap(), DoorOutcome::Confirm { .. }));
    // …meanwhile the desk signs child 1 up for the last seat.
    assert!(matches!(st.sign_up(&code(1), MC, &Consent::default()).unwrap(), SeatOutcome::SignedUp(_)));
    // The host's confirmation is checked against the store now: refused.
    let yes = Consent { walk_in: true, ..Consent::default() };
    assert!(matches!(st.door_check_in(&code(0), MC, &yes).unwrap(), DoorOutcome::Full { .. }));
    assert_eq!(st.summary(MC).unwrap().occupancy.taken, 1);
}

#[test]
fn undoing_a_cancellation_is_refused_when_the_seat_was_given_away() {
    let tmp = tempfile::tempdir().unwrap();
    let mut st = station(&tmp, 1, 1);
    let SeatOutcome::Cancelled(cancelled) = st.cancel(&code(0), MC).unwrap() else { panic!() };
    assert!(matches!(st.sign_up(&code(1), MC, &Consent::default()).unwrap(), SeatOutcome::SignedUp(_)));
    assert!(!st.annul(cancelled.id, None).unwrap(), "the seat is taken");
    assert_eq!(st.summary(MC).unwrap().occupancy.taken, 1);
}

#[test]
fn warnings_are_overridden_only_on_purpose_and_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut st = station(&tmp, 5, 0);
    // An adult chaperone at a children's class, too early.
    st.use_clock(Clock::frozen(before_start() - Duration::hours(2)));
    let DoorOutcome::Confirm { warnings, .. } = st.door_check_in("KZ-000002", MC, &Consent::default()).unwrap() else {
        panic!()
    };
    assert!(warnings.iter().any(|w| matches!(w, Warning::TooEarly { .. })));
    assert!(warnings.iter().any(|w| matches!(w, Warning::Category { .. })));
    let DoorOutcome::Done { fact, .. } =
        st.door_check_in("KZ-000002", MC, &Consent::all(Some("helps the host".into()))).unwrap()
    else {
        panic!()
    };
    let FactKind::CheckedIn { note: Some(note), .. } = &fact.kind else { panic!("{fact:?}") };
    assert!(note.starts_with("override too-early") && note.ends_with(": helps the host"), "{note}");
    assert_eq!((fact.station.as_str(), fact.operator.as_str()), ("ships-door", "Dana"));
}

#[test]
fn signing_up_for_an_overlapping_session_warns_and_the_override_is_noted() {
    let tmp = tempfile::tempdir().unwrap();
    let mut st = station(&tmp, 5, 1);
    assert_eq!(
        st.sign_up(&code(0), "mc-planetarium", &Consent::default()).unwrap(),
        SeatOutcome::Warn(vec![Warning::Overlap { session: MC.into() }])
    );
    assert_eq!(st.folder().fact_count(), 0);
    let SeatOutcome::SignedUp(fact) =
        st.sign_up(&code(0), "mc-planetarium", &Consent::all(Some("leaves early".into()))).unwrap()
    else {
        panic!()
    };
    let FactKind::SignedUp { note: Some(note), .. } = &fact.kind else { panic!("{fact:?}") };
    assert_eq!(note, "override overlaps mc-ships: leaves early");
    assert_eq!(st.sign_up(&code(0), "mc-planetarium", &Consent::default()).unwrap(), SeatOutcome::AlreadySignedUp);
}

#[test]
fn a_signed_up_no_show_frees_the_seat_for_the_waitlist() {
    let tmp = tempfile::tempdir().unwrap();
    let mut st = station(&tmp, 1, 1);
    assert!(matches!(st.join_waitlist(&code(1), MC, &Consent::default()).unwrap(), SeatOutcome::Waitlisted { .. }));
    assert!(st.summary(MC).unwrap().occupancy.offers().is_empty());
    st.use_clock(Clock::frozen(before_start() + Duration::minutes(5 + 10)));
    assert_eq!(st.summary(MC).unwrap().occupancy.offers(), [code(1)], "10 minutes after a master class starts");
}

#[test]
fn unknown_sessions_and_codes_are_plain_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let mut st = station(&tmp, 1, 0);
    assert!(
        st.door_check_in(&code(0), "nope", &Consent::default())
            .unwrap_err()
            .to_string()
            .contains("no session \"nope\"")
    );
    assert_eq!(st.door_check_in("XX-1", MC, &Consent::default()).unwrap(), DoorOutcome::Unknown);
    assert_eq!(st.sign_up("XX-1", MC, &Consent::default()).unwrap(), SeatOutcome::Unknown);
    assert_eq!(st.cancel(&code(0), MC).unwrap(), SeatOutcome::NotSignedUp);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Whatever hosts and desks do, in any order, with every warning overridden: the seats taken
    /// never exceed the capacity, at the time of any write or after. (An imported list that
    /// overbooks a session already is never made worse.)
    #[test]
    /// Each step is (what, whom): 0 sign up, 1 cancel, 2 door, 3 waitlist, 4 annul the whom-th
    /// earlier fact, 5 let the clock run whom/3 minutes.
    fn capacity_is_never_exceeded(capacity in 1u32..4, signed in 0usize..5, steps in prop::collection::vec((0u8..6, 0usize..64), 1..40)) {
        let tmp = tempfile::tempdir().unwrap();
        let mut st = station(&tmp, capacity, signed);
        let all = Consent::all(None);
        let mut t = before_start();
        let bound = (capacity as usize).max(signed);
        for (what, whom) in steps {
            let kid = code(whom % 10);
            match what {
                0 => { st.sign_up(&kid, MC, &all).unwrap(); }
                1 => { st.cancel(&kid, MC).unwrap(); }
                2 => { st.door_check_in(&kid, MC, &all).unwrap(); }
                3 => { st.join_waitlist(&kid, MC, &Consent::default()).unwrap(); }
                4 => {
                    let facts: Vec<_> = st.folder().facts().map(Result::unwrap).collect();
                    if !facts.is_empty() {
                        st.annul(facts[whom % facts.len()].id, None).unwrap();
                    }
                }
                _ => {
                    t += Duration::minutes(whom as i64 / 3);
                    st.use_clock(Clock::frozen(t));
                }
            }
            let occupancy = st.summary(MC).unwrap().occupancy;
            prop_assert!(occupancy.taken <= bound, "{occupancy:?}");
            prop_assert!(occupancy.offers().len() <= occupancy.free().unwrap_or(0));
        }
    }
}

#[test]
fn someone_let_in_at_a_door_is_on_site_even_without_a_desk_check_in() {
    let tmp = tempfile::tempdir().unwrap();
    let mut st = station(&tmp, 3, 2);
    let venue = st.venue_today();
    // Child 0 came straight to the class; child 1 passed the desk first.
    st.check_in(&code(1), &venue).unwrap();
    for i in [0, 1] {
        assert!(matches!(st.door_check_in(&code(i), MC, &Consent::default()).unwrap(), DoorOutcome::Done { .. }));
    }
    let state = st.state();
    assert!(state.attendance(&venue, &code(0)).is_some_and(|a| a.is_in()), "on site from the door");
    assert_eq!(state.attendance(&venue, &code(1)).map(|a| a.movements.len()), Some(1), "no second venue check-in");
    let notes: Vec<_> = st
        .folder()
        .facts()
        .map(Result::unwrap)
        .filter_map(|f| match f.kind {
            FactKind::CheckedIn { code: c, entry, note } if entry == venue => Some((c, note)),
            _ => None,
        })
        .collect();
    assert_eq!(notes, [(code(1), None), (code(0), Some(format!("{} {MC}", checkin::station::VENUE_NOTE)))]);
}

#[test]
fn a_no_show_arriving_late_is_still_signed_up_and_takes_a_free_seat_after_asking() {
    let tmp = tempfile::tempdir().unwrap();
    let mut st = station(&tmp, 3, 2);
    // 15:12: a master class waits 10 minutes; both signed-up children lost their seats.
    st.use_clock(Clock::frozen(before_start() + Duration::minutes(17)));
    let released_at = common::day1().and_hms_opt(15, 10, 0).unwrap();
    assert_eq!(
        st.door_check_in(&code(0), MC, &Consent::default()).unwrap(),
        DoorOutcome::Confirm { code: code(0), walk_in: false, released: Some(released_at), warnings: vec![] },
        "greeted as signed up, seat released: not as a walk-in"
    );
    let DoorOutcome::Done { walk_in, .. } = st.door_check_in(&code(0), MC, &Consent::all(None)).unwrap() else {
        panic!()
    };
    assert!(!walk_in, "let in as the signed-up person they are");
    let me = st.occupant(MC, &code(0)).unwrap();
    assert!(me.signed_up() && me.present.is_some() && !me.released && !me.walked_in());
    let occupancy = st.summary(MC).unwrap().occupancy;
    assert_eq!((occupancy.taken, occupancy.walk_ins, occupancy.released), (1, 0, 1));
}

#[test]
fn joining_the_waitlist_of_an_overlapping_session_warns_as_signing_up_does() {
    let tmp = tempfile::tempdir().unwrap();
    // The class's one seat is taken; child 1 holds a seat in the overlapping planetarium.
    let mut st = station(&tmp, 1, 1);
    assert!(matches!(st.sign_up(&code(1), "mc-planetarium", &Consent::all(None)).unwrap(), SeatOutcome::SignedUp(_)));
    let facts = st.folder().fact_count();
    assert_eq!(
        st.join_waitlist(&code(1), MC, &Consent::default()).unwrap(),
        SeatOutcome::Warn(vec![Warning::Overlap { session: "mc-planetarium".into() }])
    );
    assert_eq!(st.folder().fact_count(), facts, "nothing recorded before the override");
    let SeatOutcome::Waitlisted { fact, position: 1 } =
        st.join_waitlist(&code(1), MC, &Consent::all(Some("leaves the planetarium".into()))).unwrap()
    else {
        panic!()
    };
    let FactKind::Waitlisted { note: Some(note), .. } = &fact.kind else { panic!("{fact:?}") };
    assert_eq!(note, "override overlaps mc-planetarium: leaves the planetarium");
    // Someone holding nothing else joins without a question.
    assert!(matches!(
        st.join_waitlist(&code(2), MC, &Consent::default()).unwrap(),
        SeatOutcome::Waitlisted { position: 2, .. }
    ));
}
