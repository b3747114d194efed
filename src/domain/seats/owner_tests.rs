//! Seats decided by one station per session ([`crate::domain::ownership`]): the derivation rule,
//! and stations apart deciding on their own views, whose facts merged in any order never give
//! more seats than there are.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use super::*;
use crate::domain::{Fact, FactKind, Localized};

const MC: &str = "mc";

fn session(capacity: u32) -> Session {
    let day = NaiveDate::from_ymd_opt(2016, 11, 21).unwrap();
    Session {
        id: MC.into(),
        kind: SessionKind::MasterClass,
        title: Localized { en: MC.into(), ..Localized::default() },
        room: "lab".into(),
        start: day.and_hms_opt(14, 0, 0).unwrap(),
        end: day.and_hms_opt(15, 30, 0).unwrap(),
        capacity: Some(capacity),
        audience: None,
        host: String::new(),
    }
}

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2016, 11, 21).unwrap().and_hms_opt(13, 50, 0).unwrap()
}

/// A fact of `station`'s log, number `seq`, written `second`s into the morning.
fn fact(station: &str, seq: u64, second: u32, kind: FactKind) -> Fact {
    Fact {
        id: Uuid::from_u128((u128::from(second) << 64) | u128::from(seq) << 8 | u128::from(station.len() as u8)),
        station: station.into(),
        seq,
        at: Utc.with_ymd_and_hms(2016, 11, 21, 7, 0, 0).unwrap() + Duration::seconds(i64::from(second)),
        operator: "op".into(),
        kind,
    }
}

fn published(station: &str) -> Fact {
    fact(station, 1, 0, FactKind::ProgramPublished { digest: [7; 32], size: 1 })
}

fn sign(station: &str, seq: u64, second: u32, code: &str) -> Fact {
    fact(station, seq, second, FactKind::SignedUp { code: code.into(), session: MC.into(), note: None })
}

fn taken(state: &State, capacity: u32) -> Occupancy {
    let s = session(capacity);
    let seats = SessionSeats { session: &s, imported: &NOBODY, offset: FixedOffset::east_opt(6 * 3600).unwrap() };
    seats.occupancy(state, now())
}

#[test]
fn only_the_owners_sign_ups_take_seats_and_a_forged_one_is_an_ask() {
    let facts = [published("org"), sign("org", 2, 1, "A"), sign("desk", 1, 2, "B")];
    let state = State::replay(&facts);
    assert_eq!(state.seat_owner(MC), Some("org"));
    let occ = taken(&state, 1);
    assert_eq!(occ.taken, 1);
    assert_eq!(occ.waitlist, ["B"], "the non-owner's sign-up waits as an ask");
    assert!(matches!(state.seat_status(MC, "B", false), SeatStatus::Waitlisted { .. }));
    let SeatStatus::Waitlisted { fact, .. } = state.seat_status(MC, "B", false) else { unreachable!() };
    assert!(state.is_ask(MC, "B", fact));
    // An ask never takes away a seat someone holds.
    let state = State::replay(&[published("org"), sign("org", 2, 1, "A"), sign("desk", 1, 2, "A")]);
    assert!(matches!(state.seat_status(MC, "A", false), SeatStatus::SignedUp { .. }));
}

#[test]
fn a_handover_the_old_owner_has_not_heard_of_leaves_its_later_sign_ups_as_asks() {
    let handover = FactKind::SeatsHandedOver {
        session: MC.into(),
        to: "door".into(),
        from: "org".into(),
        from_upto: 2,
        previous: None,
    };
    // The organiser's laptop (org) signed A up, then wrote the handover at its fact 3 having seen
    // its own log to 2; a desk copy of org (still thinking it owns the session) signs B up as 4.
    let facts = vec![
        published("org"),
        sign("org", 2, 1, "A"),
        fact("org", 3, 2, handover),
        sign("org", 4, 3, "B"),
        sign("door", 1, 4, "D"),
        fact(
            "door",
            2,
            5,
            FactKind::SeatsAccepted { session: MC.into(), handover: Uuid::from_u128((2u128 << 64) | 3 << 8 | 3) },
        ),
        sign("door", 3, 6, "C"),
    ];
    let state = State::replay(&facts);
    assert_eq!(state.seat_owner(MC), Some("door"));
    let occ = taken(&state, 2);
    assert_eq!(occ.taken, 2, "A (before the cut) and C (the new owner's, once it took over)");
    assert_eq!(occ.waitlist, ["B", "D"]);
}

#[test]
fn a_seat_asked_fact_waits_in_order_of_asking_until_the_owner_signs_up() {
    let ask = |station: &str, seq, second, code: &str| {
        fact(
            station,
            seq,
            second,
            FactKind::SeatAsked { code: code.into(), session: MC.into(), owner: "org".into(), note: None },
        )
    };
    let facts = [published("org"), ask("desk", 1, 5, "B"), ask("door", 1, 3, "C")];
    let state = State::replay(&facts);
    assert_eq!(taken(&state, 3).waitlist, ["C", "B"]);
    let mut facts = facts.to_vec();
    facts.push(sign("org", 2, 6, "C"));
    let state = State::replay(&facts);
    let occ = taken(&state, 3);
    assert_eq!((occ.taken, occ.waitlist.as_slice()), (1, &["B".to_owned()][..]));
}

/// What a station does in the simulation.
#[derive(Debug, Clone)]
enum Op {
    /// Station `0` signs kid `1` up (if it decides the seats; else it asks).
    SignUp(usize, usize),
    /// The desk signs kid `0` up though it owns nothing (an old or forged station).
    Forge(usize),
    Cancel(usize, usize),
    /// Station `0` takes in everything station `1` holds.
    Sync(usize, usize),
    /// Station `0` (an organiser) hands the session to station `1`.
    HandOver(usize, usize),
    /// Station `0`'s owner decides the asks it holds.
    Decide(usize),
}

const STATIONS: [&str; 3] = ["org", "door", "desk"];

fn op() -> impl Strategy<Value = Op> {
    let st = 0..STATIONS.len();
    prop_oneof![
        4 => (st.clone(), 0..8usize).prop_map(|(s, k)| Op::SignUp(s, k)),
        1 => (0..8usize).prop_map(Op::Forge),
        1 => (st.clone(), 0..8usize).prop_map(|(s, k)| Op::Cancel(s, k)),
        4 => (st.clone(), st.clone()).prop_map(|(a, b)| Op::Sync(a, b)),
        1 => (st.clone(), st.clone()).prop_map(|(a, b)| Op::HandOver(a, b)),
        2 => st.prop_map(Op::Decide),
    ]
}

/// One station's view: the facts it holds.
#[derive(Default, Clone)]
struct View {
    facts: BTreeMap<(String, u64), Fact>,
}

impl View {
    fn state(&self) -> State {
        State::replay(self.facts.values())
    }

    fn held(&self, station: &str) -> u64 {
        self.facts.keys().filter(|(s, _)| s == station).map(|(_, n)| *n).max().unwrap_or(0)
    }

    /// May `me` decide, as `Station::seat_authority` says: it owns the session and holds every
    /// former owner's log up to its cut. `Some(handover)`: once it has accepted that one.
    fn decides(&self, state: &State, me: &str) -> Option<Option<Uuid>> {
        let terms = state.seat_terms(MC);
        let ready = terms.owner() == Some(me) && terms.ended().all(|(s, upto)| self.held(s) >= upto);
        ready.then(|| terms.to_accept().map(|h| h.fact))
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Three stations, apart and together at random, each deciding on its own view with the
    /// capacity guard (the owner) or asking (the others), the organiser handing the session
    /// around, a forger writing sign-ups it has no right to: merged in any order, the facts
    /// give one state, and it never has more seats taken than the capacity.
    #[test]
    fn seats_never_exceed_capacity_and_any_order_gives_the_same_seats(
        capacity in 1u32..4,
        ops in prop::collection::vec(op(), 1..60),
        seed in any::<u64>(),
    ) {
        let s = session(capacity);
        let program = Program {
            name: Localized::default(),
            venue: Localized::default(),
            utc_offset: "+06:00".parse().unwrap(),
            days: vec![s.start.date()],
            sessions: vec![s.clone()],
        };
        let seats = SessionSeats { session: &s, imported: &NOBODY, offset: program.utc_offset };
        let mut views = vec![View::default(); STATIONS.len()];
        let mut clock = 1u32;
        let mut write = |views: &mut Vec<View>, st: usize, kind: FactKind| {
            let me = STATIONS[st];
            let seq = views[st].held(me) + 1;
            // Each station's clock is off by its own amount: only the logs' order may matter.
            clock += 1;
            let f = fact(me, seq, clock + 40 * st as u32 % 97, kind);
            views[st].facts.insert((me.to_owned(), seq), f);
        };
        write(&mut views, 0, FactKind::ProgramPublished { digest: [7; 32], size: 1 });
        // Joining brings the event's programme, and with it who owns the seats by default.
        let founded = views[0].facts.clone();
        for view in &mut views[1..] {
            view.facts.extend(founded.clone());
        }
        for op in ops {
            match op {
                Op::SignUp(st, k) => {
                    let me = STATIONS[st];
                    let state = views[st].state();
                    let kid = Person { code: format!("K{k}"), ..Person::default() };
                    if !matches!(sign_up(&program, seats, &state, &kid, now()), SignUp::Allowed { .. }) {
                        continue;
                    }
                    let decides = views[st].decides(&state, me);
                    if let Some(Some(handover)) = decides {
                        write(&mut views, st, FactKind::SeatsAccepted { session: MC.into(), handover });
                    }
                    let state = views[st].state();
                    let kind = if decides.is_some() {
                        FactKind::SignedUp { code: kid.code, session: MC.into(), note: None }
                    } else {
                        let owner = state.seat_owner(MC).unwrap_or_default().to_owned();
                        FactKind::SeatAsked { code: kid.code, session: MC.into(), owner, note: None }
                    };
                    if fits_capacity(Some(&program), &HashMap::new(), &state, std::slice::from_ref(&kind), now().and_utc()) {
                        write(&mut views, st, kind);
                    }
                }
                // A station never handed the session (a forger that will not be handed it later:
                // one that would, could as well forge the handover).
                Op::Forge(k) => {
                    let st = 2;
                    write(&mut views, st, FactKind::SignedUp { code: format!("K{k}"), session: MC.into(), note: None });
                }
                Op::Cancel(st, k) => {
                    let code = format!("K{k}");
                    let holds = views[st].state().seat_status(MC, &code, false);
                    if matches!(holds, SeatStatus::SignedUp { .. } | SeatStatus::Waitlisted { .. }) {
                        write(&mut views, st, FactKind::Cancelled { code, session: MC.into() });
                    }
                }
                Op::Sync(a, b) => {
                    let theirs = views[b].facts.clone();
                    views[a].facts.extend(theirs);
                }
                Op::HandOver(st, to) => {
                    let state = views[st].state();
                    let from = state.seat_owner(MC).unwrap_or_default().to_owned();
                    // Handed to the organisers' laptop or the door, never to the forger.
                    let to = STATIONS[to % 2];
                    if from != to {
                        let held = |s: &str| views[st].held(s);
                        let kind = FactKind::SeatsHandedOver {
                            previous: state.seat_terms(MC).current().map(|h| h.fact),
                            session: MC.into(),
                            to: to.into(),
                            from_upto: held(&from),
                            from,
                        };
                        write(&mut views, st, kind);
                    }
                }
                Op::Decide(st) => {
                    let me = STATIONS[st];
                    let state = views[st].state();
                    match views[st].decides(&state, me) {
                        None => continue,
                        Some(Some(handover)) => write(&mut views, st, FactKind::SeatsAccepted { session: MC.into(), handover }),
                        Some(None) => {}
                    }
                    let state = views[st].state();
                    let occ = seats.occupancy(&state, now());
                    let asked: Vec<String> = occ
                        .offers()
                        .iter()
                        .take_while(|code| matches!(state.seat_status(MC, code, false), SeatStatus::Waitlisted { fact, .. } if state.is_ask(MC, code, fact)))
                        .cloned()
                        .collect();
                    for code in asked {
                        let state = views[st].state();
                        let kind = FactKind::SignedUp { code, session: MC.into(), note: None };
                        if fits_capacity(Some(&program), &HashMap::new(), &state, std::slice::from_ref(&kind), now().and_utc()) {
                            write(&mut views, st, kind);
                        }
                    }
                }
            }
            for view in &views {
                prop_assert!(seats.occupancy(&view.state(), now()).taken <= capacity as usize);
            }
        }
        let all: Vec<Fact> = views.iter().flat_map(|v| v.facts.clone()).collect::<BTreeMap<_, _>>().into_values().collect();
        let merged = State::replay(&all);
        prop_assert!(seats.occupancy(&merged, now()).taken <= capacity as usize);
        // Any order, with duplicates.
        let mut shuffled = all.clone();
        shuffled.extend(all.iter().take(5).cloned());
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(State::replay(&shuffled), merged);
    }
}
