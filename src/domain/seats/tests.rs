use std::collections::BTreeSet;

use chrono::{NaiveDate, TimeZone, Utc};
use uuid::Uuid;

use super::*;
use crate::domain::{Fact, FactKind, Localized};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 11, 21).unwrap()
}

fn astana() -> FixedOffset {
    FixedOffset::east_opt(6 * 3600).unwrap()
}

fn at(h: u32, m: u32) -> NaiveDateTime {
    day().and_hms_opt(h, m, 0).unwrap()
}

fn session(id: &str, start: NaiveDateTime, end: NaiveDateTime, capacity: u32) -> Session {
    Session {
        id: id.into(),
        kind: SessionKind::MasterClass,
        title: Localized { en: id.into(), ..Localized::default() },
        room: "lab".into(),
        start,
        end,
        capacity: Some(capacity),
        audience: Some(AudienceRule { min_age: Some(10), max_age: Some(16), categories: vec![Category::Child] }),
        host: String::new(),
    }
}

fn program_of(sessions: Vec<Session>) -> Program {
    Program {
        name: Localized { en: "x".into(), ..Localized::default() },
        venue: Localized::default(),
        utc_offset: "+06:00".parse().unwrap(),
        days: vec![day()],
        sessions,
    }
}

fn child(code: &str, birth_year: u16) -> Person {
    Person { code: code.into(), category: Category::Child, birth_year: Some(birth_year), ..Person::default() }
}

fn fact(n: u32, kind: FactKind) -> Fact {
    Fact {
        id: Uuid::now_v7(),
        station: "door".into(),
        seq: u64::from(n),
        at: Utc.with_ymd_and_hms(2016, 11, 21, 7, 0, n).unwrap(),
        operator: "host".into(),
        kind,
    }
}

fn sign(n: u32, code: &str) -> Fact {
    fact(n, FactKind::SignedUp { code: code.into(), session: "mc".into(), note: None })
}

fn wait(n: u32, code: &str) -> Fact {
    fact(n, FactKind::Waitlisted { code: code.into(), session: "mc".into(), note: None })
}

fn cancel(n: u32, code: &str) -> Fact {
    fact(n, FactKind::Cancelled { code: code.into(), session: "mc".into() })
}

fn arrive(n: u32, code: &str) -> Fact {
    fact(n, FactKind::CheckedIn { code: code.into(), entry: EntryPoint::Session("mc".into()), note: None })
}

#[test]
fn taken_is_signed_up_plus_walk_ins_and_the_waitlist_is_first_come() {
    let s = session("mc", at(14, 0), at(15, 30), 3);
    let imported: BTreeSet<String> = ["A".to_string()].into();
    let seats = SessionSeats { session: &s, imported: &imported, offset: astana() };
    let facts = [sign(1, "B"), arrive(2, "C"), wait(4, "E"), wait(3, "D"), arrive(5, "A")];
    let state = State::replay(&facts);
    let occ = seats.occupancy(&state, at(13, 50));
    assert_eq!((occ.taken, occ.signed_up, occ.present, occ.walk_ins), (3, 2, 2, 1));
    assert!(occ.is_full());
    assert_eq!(occ.waitlist, ["D", "E"], "by the time they asked, not by arrival of the facts");
    assert!(occ.offers().is_empty());

    // B cancels: the first on the waitlist is offered the seat.
    let mut facts = facts.to_vec();
    facts.push(cancel(6, "B"));
    let state = State::replay(&facts);
    let occ = seats.occupancy(&state, at(13, 55));
    assert_eq!(occ.free(), Some(1));
    assert_eq!(occ.offers(), ["D"]);
    let e = child("E", 2005);
    assert_eq!(
        door(seats, &state, &e, 2016, at(13, 55)),
        Door::Admit { walk_in: true, released: None, warnings: vec![Warning::WaitlistFirst { waiting: 2 }] },
        "E is behind D"
    );
    let d = child("D", 2005);
    assert_eq!(
        door(seats, &state, &d, 2016, at(13, 55)),
        Door::Admit { walk_in: true, released: None, warnings: vec![] }
    );
}

#[test]
fn a_no_show_loses_the_seat_after_the_kinds_minutes() {
    let s = session("mc", at(14, 0), at(15, 30), 1);
    let imported = BTreeSet::new();
    let seats = SessionSeats { session: &s, imported: &imported, offset: astana() };
    let state = State::replay(&[sign(1, "A"), wait(2, "B")]);
    let grace = no_show_minutes(SessionKind::MasterClass);
    let before = seats.occupancy(&state, at(14, 0) + Duration::minutes(grace - 1));
    assert!(before.is_full() && before.offers().is_empty());
    let after = seats.occupancy(&state, at(14, 0) + Duration::minutes(grace));
    assert_eq!(
        (after.released, after.taken, after.signed_up),
        (1, 0, 1),
        "still on the list, no longer holding the seat"
    );
    assert_eq!(after.offers(), ["B"]);
    // A arriving late needs a free seat like anyone: B's claim comes first. A is still signed
    // up, not a walk-in: the door says when the seat was released.
    let late = at(14, 0) + Duration::minutes(grace + 1);
    assert_eq!(
        door(seats, &state, &child("A", 2005), 2016, late),
        Door::Admit {
            walk_in: false,
            released: Some(at(14, 0) + Duration::minutes(grace)),
            warnings: vec![Warning::WaitlistFirst { waiting: 1 }]
        }
    );
}

#[test]
fn a_late_sign_up_keeps_the_seat_as_long_again() {
    let s = session("mc", at(12, 0), at(15, 30), 1);
    let imported = BTreeSet::new();
    let seats = SessionSeats { session: &s, imported: &imported, offset: astana() };
    // Signed up at 13:00:01 local (07:00:01 UTC), long after the start.
    let state = State::replay(&[sign(1, "A")]);
    assert!(!seats.occupant(&state, "A", at(13, 5)).released);
    assert!(seats.occupant(&state, "A", at(13, 11)).released);
}

#[test]
fn full_refuses_newcomers_and_keeps_the_signed_up() {
    let s = session("mc", at(14, 0), at(15, 30), 1);
    let imported: BTreeSet<String> = ["A".to_string()].into();
    let seats = SessionSeats { session: &s, imported: &imported, offset: astana() };
    let state = State::default();
    assert_eq!(door(seats, &state, &child("B", 2005), 2016, at(14, 1)), Door::Full { waiting: 0 });
    assert_eq!(
        door(seats, &state, &child("A", 2005), 2016, at(14, 1)),
        Door::Admit { walk_in: false, released: None, warnings: vec![] }
    );
    assert_eq!(join_waitlist(seats, &state, "B", at(14, 1)), Ok(1));
    assert_eq!(join_waitlist(seats, &state, "A", at(14, 1)), Err(WaitlistRefusal::HasSeat));
    let program = program_of(vec![s.clone()]);
    assert_eq!(
        sign_up(&program, seats, &state, &child("B", 2005), at(13, 0)),
        SignUp::Full { waiting: 0, on_it: false }
    );
    assert_eq!(sign_up(&program, seats, &state, &child("A", 2005), at(13, 0)), SignUp::AlreadySignedUp);
}

#[test]
fn time_audience_and_overlap_warn() {
    let robotics = session("mc", at(14, 0), at(15, 30), 20);
    let ships = session("ships", at(15, 0), at(16, 30), 12);
    let program = program_of(vec![robotics.clone(), ships.clone()]);
    let imported = BTreeSet::new();
    let seats = SessionSeats { session: &robotics, imported: &imported, offset: astana() };
    let state = State::default();
    let adult = Person { code: "M".into(), category: Category::Chaperone, birth_year: Some(1980), ..Person::default() };
    let Door::Admit { warnings, .. } = door(seats, &state, &adult, 2016, at(12, 0)) else { panic!() };
    assert_eq!(
        warnings,
        [
            Warning::TooEarly { starts: at(14, 0) },
            Warning::Category { category: Category::Chaperone },
            Warning::Age { age: 36, min: Some(10), max: Some(16) }
        ]
    );
    let Door::Admit { warnings, .. } = door(seats, &state, &child("K", 2005), 2016, at(15, 30)) else { panic!() };
    assert_eq!(warnings, [Warning::Ended { ended: at(15, 30) }]);

    let mut kid = child("K", 2005);
    kid.sessions = vec!["ships".into()];
    assert_eq!(
        sign_up(&program, seats, &state, &kid, at(9, 0)),
        SignUp::Allowed { warnings: vec![Warning::Overlap { session: "ships".into() }] }
    );
    assert_eq!(
        override_note(&[Warning::Age { age: 17, min: Some(10), max: Some(16) }], Some("host agreed")).as_deref(),
        Some("override audience-age 17 (10-16): host agreed")
    );
}

#[test]
fn leaving_the_waitlist_and_annulling_are_order_independent() {
    let w = wait(1, "A");
    let c = cancel(2, "A");
    let annul = fact(3, FactKind::Annulled { fact: c.id, reason: None });
    let forwards = State::replay([&w, &c, &annul]);
    let backwards = State::replay([&annul, &c, &w]);
    assert_eq!(forwards, backwards);
    assert!(matches!(forwards.seat_status("mc", "A", false), SeatStatus::Waitlisted { .. }));
    let left = State::replay([&c, &w]);
    assert!(matches!(left.seat_status("mc", "A", false), SeatStatus::Cancelled { .. }));
}

#[test]
fn the_capacity_guard_refuses_growth_past_the_capacity_only() {
    let s = session("mc", at(14, 0), at(15, 30), 2);
    let imported: BTreeSet<String> = ["A".to_string(), "B".to_string(), "C".to_string()].into();
    let seats = SessionSeats { session: &s, imported: &imported, offset: astana() };
    let now = at(13, 0);
    let cancel_c = cancel(1, "C");
    // Overbooked by the import (3 of 2): a cancellation is fine, a new sign-up is not.
    let before = State::default();
    assert!(keeps_capacity(seats, &before, &State::replay([&cancel_c]), now));
    assert!(!keeps_capacity(seats, &before, &State::replay([&sign(2, "D")]), now));
    // At 2 of 2, undoing the cancellation would make it 3.
    let after_cancel = State::replay([&cancel_c]);
    let annul = fact(3, FactKind::Annulled { fact: cancel_c.id, reason: None });
    assert!(!keeps_capacity(seats, &after_cancel, &State::replay([&cancel_c, &annul]), now));
}

#[test]
fn sessions_running_now_come_first() {
    let a = session("a", at(10, 0), at(11, 0), 1);
    let b = session("b", at(14, 0), at(15, 0), 1);
    let c = session("c", at(9, 0), at(10, 30), 1);
    let mut list = vec![&a, &b, &c];
    running_first(&mut list, at(10, 15));
    let ids: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["c", "a", "b"]);
}

mod property {
    use proptest::prelude::*;

    use super::*;

    #[derive(Debug, Clone)]
    enum Op {
        SignUp(usize),
        Cancel(usize),
        Door(usize),
        Wait(usize),
        Annul(usize),
        Later(i64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (0..8usize).prop_map(Op::SignUp),
            2 => (0..8usize).prop_map(Op::Cancel),
            3 => (0..8usize).prop_map(Op::Door),
            2 => (0..8usize).prop_map(Op::Wait),
            3 => (0..64usize).prop_map(Op::Annul),
            1 => (0..15i64).prop_map(Op::Later),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// The rules alone, every warning overridden, each fact kept only if the capacity guard
        /// agrees: the seats taken never exceed the capacity, and the state of the facts is the
        /// same in any order.
        #[test]
        fn capacity_holds_for_any_sequence(capacity in 1u32..4, signed in 0usize..4, ops in prop::collection::vec(op(), 1..48)) {
            let s = session("mc", at(14, 0), at(15, 30), capacity);
            let program = program_of(vec![s.clone()]);
            let signed = signed.min(capacity as usize);
            let imported: BTreeSet<String> = (0..signed).map(|i| format!("K{i}")).collect();
            let seats = SessionSeats { session: &s, imported: &imported, offset: astana() };
            let mut now = at(13, 50);
            let mut facts: Vec<Fact> = Vec::new();
            let mut state = State::default();
            for (n, op) in ops.into_iter().enumerate() {
                let kid = |i: usize| child(&format!("K{i}"), 2005);
                let kind = match op {
                    Op::SignUp(i) => match sign_up(&program, seats, &state, &kid(i), now) {
                        SignUp::Allowed { .. } => Some(FactKind::SignedUp { code: kid(i).code, session: "mc".into(), note: None }),
                        _ => None,
                    },
                    Op::Cancel(i) => Some(FactKind::Cancelled { code: kid(i).code, session: "mc".into() }),
                    Op::Door(i) => match door(seats, &state, &kid(i), 2016, now) {
                        Door::Admit { .. } => Some(FactKind::CheckedIn { code: kid(i).code, entry: EntryPoint::Session("mc".into()), note: None }),
                        _ => None,
                    },
                    Op::Wait(i) => join_waitlist(seats, &state, &kid(i).code, now)
                        .ok()
                        .map(|_| FactKind::Waitlisted { code: kid(i).code, session: "mc".into(), note: None }),
                    Op::Annul(k) if !facts.is_empty() => Some(FactKind::Annulled { fact: facts[k % facts.len()].id, reason: None }),
                    Op::Annul(_) => None,
                    Op::Later(m) => {
                        now += Duration::minutes(m);
                        None
                    }
                };
                if let Some(kind) = kind {
                    let mut f = fact(n as u32, kind);
                    f.at = now.and_utc() - Duration::hours(6);
                    let mut after = state.clone();
                    after.apply(&f);
                    if keeps_capacity(seats, &state, &after, now) {
                        state = after;
                        facts.push(f);
                    }
                }
                prop_assert!(seats.occupancy(&state, now).taken <= capacity as usize);
            }
            let mut reversed = facts.clone();
            reversed.reverse();
            prop_assert_eq!(State::replay(&reversed), state);
        }
    }
}
