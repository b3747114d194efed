//! State derived from facts: who came in where and when, who left with whom, who holds a seat.
//!
//! `State` is a pure function of the *set* of facts: applying them in any order gives the same
//! state (movements are kept sorted by time and id; an annulment that arrives before the fact it
//! cancels still cancels it). That is what makes `rebuild`, restore and, later, merging the logs
//! of several stations safe.
//!
//! Every `apply` returns the [`DerivedKey`]s it touched, so the store can persist exactly those
//! entries in the same write as the fact.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::fact::{Digest, DocumentKind, StationKey};
use super::membership::{Admission, Invite, Member, Membership, Revocation};
use super::ownership::{Acceptance, Handover, SessionOwners, Terms};
use super::{EntryPoint, Fact, FactKind, Person};

/// One entry or exit of a person at an entry point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Movement {
    pub fact: Uuid,
    pub at: DateTime<Utc>,
    pub station: String,
    pub operator: String,
    pub direction: Direction,
    /// An override reason, or the adult who collected a minor.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    In,
    Out { collected_by: Option<String> },
}

/// All valid movements of one person at one entry point, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub movements: Vec<Movement>,
}

/// Where a person stands at one entry point right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttendanceStatus {
    NotYet,
    /// In since the check-in that opened the current stay.
    In {
        since: DateTime<Utc>,
        station: String,
        fact: Uuid,
    },
    Out {
        at: DateTime<Utc>,
        collected_by: Option<String>,
    },
}

impl Attendance {
    fn insert(&mut self, m: Movement) {
        let pos = self.movements.partition_point(|x| (x.at, x.fact) < (m.at, m.fact));
        self.movements.insert(pos, m);
    }

    fn remove(&mut self, fact: Uuid) -> bool {
        let before = self.movements.len();
        self.movements.retain(|m| m.fact != fact);
        self.movements.len() != before
    }

    pub fn status(&self) -> AttendanceStatus {
        let Some(last) = self.movements.last() else { return AttendanceStatus::NotYet };
        match &last.direction {
            Direction::Out { collected_by } => {
                AttendanceStatus::Out { at: last.at, collected_by: collected_by.clone() }
            }
            Direction::In => {
                // The stay began at the first In after the last Out.
                let stay_start =
                    self.movements.iter().rev().take_while(|m| m.direction == Direction::In).last().unwrap_or(last);
                AttendanceStatus::In {
                    since: stay_start.at,
                    station: stay_start.station.clone(),
                    fact: stay_start.fact,
                }
            }
        }
    }

    /// The first arrival of the day, even if the person has left since.
    pub fn first_in(&self) -> Option<&Movement> {
        self.movements.iter().find(|m| m.direction == Direction::In)
    }

    pub fn is_in(&self) -> bool {
        matches!(self.status(), AttendanceStatus::In { .. })
    }
}

/// A person's seat in a session, as the facts have it (imported sign-ups are not facts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatChange {
    pub fact: Uuid,
    pub at: DateTime<Utc>,
    pub signed_up: bool,
}

/// Sign-up and cancellation facts for one person and one session, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    pub changes: Vec<SeatChange>,
}

impl Seat {
    /// `None` when no fact decides, so the imported sign-up list does.
    pub fn signed_up(&self) -> Option<bool> {
        self.changes.last().map(|c| c.signed_up)
    }
}

/// One "joined the waitlist" fact of a person for a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitEntry {
    pub fact: Uuid,
    pub at: DateTime<Utc>,
}

/// One printing of a person's badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadgePrint {
    pub fact: Uuid,
    pub at: DateTime<Utc>,
    pub station: String,
}

/// Where a person stands with one session's seats. The latest live fact among sign-ups,
/// cancellations and waitlist entries decides (by time, then fact id), so the answer does not
/// depend on the order facts arrived in; without any, the imported sign-up list does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeatStatus {
    /// Not signed up, never was.
    None,
    /// Holds a seat; `since` is `None` for an imported sign-up.
    SignedUp { since: Option<DateTime<Utc>>, fact: Option<Uuid> },
    /// Waiting for a seat since `since` (the waitlist's order).
    Waitlisted { since: DateTime<Utc>, fact: Uuid },
    /// Gave up the seat or left the waitlist.
    Cancelled { at: DateTime<Utc>, fact: Uuid },
}

/// What an annullable fact affected, so the annulment can find it again.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DerivedKey {
    Attendance {
        entry: EntryPoint,
        code: String,
    },
    Seat {
        session: String,
        code: String,
    },
    WalkIn {
        code: String,
    },
    /// The set of annulled fact ids (one entry per id).
    Annulled {
        fact: Uuid,
    },
    /// Which key a fact landed in (one entry per fact id).
    FactHome {
        fact: Uuid,
    },
    /// A person's waitlist entries for a session.
    Waitlist {
        session: String,
        code: String,
    },
    /// A station's admissions and revocations, by its key.
    Member {
        key: StationKey,
    },
    /// A join ticket issued, by its digest.
    Invite {
        ticket: Digest,
    },
    /// Every published version of the programme or of the registrants.
    Document {
        kind: DocumentKind,
    },
    /// The printings of a person's badge.
    Badge {
        code: String,
    },
    /// Which station wrote a sign-up, as which fact of its log: whether it takes a seat.
    Writer {
        fact: Uuid,
    },
    /// The handovers of a session's seats, and their acceptances.
    Owners {
        session: String,
    },
    /// A person's asks for a seat in a session (`SeatAsked` facts).
    Asks {
        session: String,
        code: String,
    },
}

/// The value stored under a [`DerivedKey`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DerivedValue {
    Attendance(Attendance),
    Seat(Seat),
    /// In the first layout of a person, as in the walk-in facts they come from.
    WalkIns(#[serde(with = "super::person::first_layout::walk_ins")] Vec<(Uuid, Person)>),
    Annulled,
    FactHome(DerivedKey),
    Waitlist(Vec<WaitEntry>),
    Member(Member),
    Invite(Invite),
    Documents(Vec<Published>),
    Badges(Vec<BadgePrint>),
    /// Station and sequence number of a sign-up.
    Writer(String, u64),
    Owners(SessionOwners),
}

/// One published version of an event document (see [`FactKind::ProgramPublished`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub fact: Uuid,
    pub at: DateTime<Utc>,
    pub station: String,
    pub digest: Digest,
    pub size: u64,
    /// People in it (0 for a programme).
    pub count: u64,
}

/// Why a check-in was not recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckInRefusal {
    AlreadyIn { since: DateTime<Utc>, station: String },
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    attendance: BTreeMap<(EntryPoint, String), Attendance>,
    seats: BTreeMap<(String, String), Seat>,
    /// Every live walk-in fact per code; the earliest id is the one that counts. Codes carry the
    /// station so two never collide, but keeping all makes the result independent of order.
    walk_ins: BTreeMap<String, BTreeMap<Uuid, Person>>,
    annulled: BTreeSet<Uuid>,
    fact_home: BTreeMap<Uuid, DerivedKey>,
    /// (session, code) → waitlist entries, oldest first.
    waitlist: BTreeMap<(String, String), Vec<WaitEntry>>,
    membership: Membership,
    /// Each document's published versions, oldest first: the last is the current one.
    documents: BTreeMap<DocumentKind, Vec<Published>>,
    /// code → printings of their badge, oldest first.
    badges: BTreeMap<String, Vec<BadgePrint>>,
    /// Sign-up fact → (station, sequence): who wrote it decides whether it takes a seat.
    writers: BTreeMap<Uuid, (String, u64)>,
    /// session → handovers of its seats and their acceptances.
    owners: BTreeMap<String, SessionOwners>,
    /// (session, code) → asks for a seat, oldest first.
    asks: BTreeMap<(String, String), Vec<WaitEntry>>,
}

impl State {
    pub fn replay<'a>(facts: impl IntoIterator<Item = &'a Fact>) -> State {
        let mut state = State::default();
        for f in facts {
            state.apply(f);
        }
        state
    }

    /// Folds one fact into the state; returns the keys whose values changed.
    pub fn apply(&mut self, fact: &Fact) -> Vec<DerivedKey> {
        if let FactKind::Annulled { fact: target, .. } = &fact.kind {
            return self.annul(*target);
        }
        if self.fact_home.contains_key(&fact.id) {
            // Seen already: applying twice changes nothing.
            return Vec::new();
        }
        let mut touched = Vec::new();
        if matches!(fact.kind, FactKind::SignedUp { .. }) {
            // Kept for an annulled sign-up too, so that the order of the two does not matter.
            self.writers.insert(fact.id, (fact.station.clone(), fact.seq));
            touched.push(DerivedKey::Writer { fact: fact.id });
        }
        if self.annulled.contains(&fact.id) {
            // Its annulment arrived first: remember where it would have gone, change nothing else,
            // so the state is the same whichever of the two came first.
            self.fact_home.insert(fact.id, home_of(&fact.kind));
            touched.push(DerivedKey::FactHome { fact: fact.id });
            return touched;
        }
        let home = home_of(&fact.kind);
        match &fact.kind {
            FactKind::CheckedIn { code, entry, note } => {
                let key = (entry.clone(), code.clone());
                self.attendance.entry(key).or_default().insert(movement(fact, Direction::In, note));
            }
            FactKind::CheckedOut { code, day, collected_by, note } => {
                let out = Direction::Out { collected_by: collected_by.clone() };
                self.attendance
                    .entry((EntryPoint::Venue(*day), code.clone()))
                    .or_default()
                    .insert(movement(fact, out, note));
            }
            FactKind::SignedUp { code, session, .. } | FactKind::Cancelled { code, session } => {
                let signed_up = matches!(fact.kind, FactKind::SignedUp { .. });
                let seat = self.seats.entry((session.clone(), code.clone())).or_default();
                let change = SeatChange { fact: fact.id, at: fact.at, signed_up };
                let pos = seat.changes.partition_point(|c| (c.at, c.fact) < (change.at, change.fact));
                seat.changes.insert(pos, change);
            }
            FactKind::WalkedIn { person } => {
                self.walk_ins.entry(person.code.clone()).or_default().insert(fact.id, (**person).clone());
            }
            FactKind::Waitlisted { code, session, .. } | FactKind::SeatAsked { code, session, .. } => {
                let key = (session.clone(), code.clone());
                let entries = match fact.kind {
                    FactKind::SeatAsked { .. } => self.asks.entry(key).or_default(),
                    _ => self.waitlist.entry(key).or_default(),
                };
                let entry = WaitEntry { fact: fact.id, at: fact.at };
                let pos = entries.partition_point(|e| (e.at, e.fact) < (entry.at, entry.fact));
                entries.insert(pos, entry);
            }
            FactKind::Invited { station, ticket, expires } => {
                let invite = Invite {
                    fact: fact.id,
                    at: fact.at,
                    by: fact.station.clone(),
                    station: station.clone(),
                    expires: *expires,
                };
                self.membership.invite(*ticket, invite);
            }
            FactKind::Admitted { station, key, ticket } => {
                let admission = Admission {
                    fact: fact.id,
                    at: fact.at,
                    station: station.clone(),
                    by: fact.station.clone(),
                    ticket: *ticket,
                };
                self.membership.admit(*key, admission);
            }
            FactKind::Revoked { key, reason } => {
                let revocation =
                    Revocation { fact: fact.id, at: fact.at, by: fact.station.clone(), reason: reason.clone() };
                self.membership.revoke(*key, revocation);
            }
            FactKind::ProgramPublished { digest, size } | FactKind::PeoplePublished { digest, size, .. } => {
                let (kind, count) = match &fact.kind {
                    FactKind::PeoplePublished { count, .. } => (DocumentKind::People, *count),
                    _ => (DocumentKind::Program, 0),
                };
                let published = Published {
                    fact: fact.id,
                    at: fact.at,
                    station: fact.station.clone(),
                    digest: *digest,
                    size: *size,
                    count,
                };
                let versions = self.documents.entry(kind).or_default();
                let pos = versions.partition_point(|p| (p.at, p.fact) < (published.at, published.fact));
                versions.insert(pos, published);
            }
            FactKind::BadgePrinted { code, .. } => {
                let prints = self.badges.entry(code.clone()).or_default();
                let print = BadgePrint { fact: fact.id, at: fact.at, station: fact.station.clone() };
                let pos = prints.partition_point(|p| (p.at, p.fact) < (print.at, print.fact));
                prints.insert(pos, print);
            }
            FactKind::SeatsHandedOver { session, to, from, from_upto, previous } => {
                let handover = Handover {
                    fact: fact.id,
                    at: fact.at,
                    by: fact.station.clone(),
                    to: to.clone(),
                    from: from.clone(),
                    from_upto: *from_upto,
                    previous: *previous,
                };
                let all = &mut self.owners.entry(session.clone()).or_default().handovers;
                let pos = all.partition_point(|h| (h.at, h.fact) < (handover.at, handover.fact));
                all.insert(pos, handover);
            }
            FactKind::SeatsAccepted { session, handover } => {
                let acceptance =
                    Acceptance { fact: fact.id, handover: *handover, station: fact.station.clone(), seq: fact.seq };
                let all = &mut self.owners.entry(session.clone()).or_default().acceptances;
                let pos = all.partition_point(|a| a.fact < acceptance.fact);
                all.insert(pos, acceptance);
            }
            FactKind::Annulled { .. } => {}
        }
        self.fact_home.insert(fact.id, home.clone());
        touched.extend([home, DerivedKey::FactHome { fact: fact.id }]);
        touched
    }

    fn annul(&mut self, target: Uuid) -> Vec<DerivedKey> {
        if !self.annulled.insert(target) {
            return Vec::new();
        }
        let mut touched = vec![DerivedKey::Annulled { fact: target }];
        if let Some(home) = self.fact_home.get(&target).cloned() {
            let changed = match &home {
                DerivedKey::Attendance { entry, code } => {
                    let key = (entry.clone(), code.clone());
                    let changed = self.attendance.get_mut(&key).is_some_and(|a| a.remove(target));
                    if self.attendance.get(&key).is_some_and(|a| a.movements.is_empty()) {
                        self.attendance.remove(&key);
                    }
                    changed
                }
                DerivedKey::Seat { session, code } => {
                    let key = (session.clone(), code.clone());
                    let seat = self.seats.get_mut(&key);
                    let changed = seat.is_some_and(|s| {
                        let before = s.changes.len();
                        s.changes.retain(|c| c.fact != target);
                        before != s.changes.len()
                    });
                    if self.seats.get(&key).is_some_and(|s| s.changes.is_empty()) {
                        self.seats.remove(&key);
                    }
                    changed
                }
                DerivedKey::WalkIn { code } => {
                    let changed = self.walk_ins.get_mut(code).is_some_and(|all| all.remove(&target).is_some());
                    if self.walk_ins.get(code).is_some_and(BTreeMap::is_empty) {
                        self.walk_ins.remove(code);
                    }
                    changed
                }
                DerivedKey::Waitlist { session, code } => remove_entry(&mut self.waitlist, session, code, target),
                DerivedKey::Asks { session, code } => remove_entry(&mut self.asks, session, code, target),
                DerivedKey::Owners { session } => {
                    let changed = self.owners.get_mut(session).is_some_and(|all| {
                        let before = all.handovers.len() + all.acceptances.len();
                        all.handovers.retain(|h| h.fact != target);
                        all.acceptances.retain(|a| a.fact != target);
                        before != all.handovers.len() + all.acceptances.len()
                    });
                    if self.owners.get(session).is_some_and(SessionOwners::is_empty) {
                        self.owners.remove(session);
                    }
                    changed
                }
                DerivedKey::Member { key } => self.membership.annul_member(key, target),
                DerivedKey::Invite { ticket } => self.membership.annul_invite(ticket, target),
                DerivedKey::Document { kind } => self.documents.get_mut(kind).is_some_and(|versions| {
                    let before = versions.len();
                    versions.retain(|p| p.fact != target);
                    before != versions.len()
                }),
                DerivedKey::Badge { code } => {
                    let changed = self.badges.get_mut(code).is_some_and(|all| {
                        let before = all.len();
                        all.retain(|p| p.fact != target);
                        before != all.len()
                    });
                    if self.badges.get(code).is_some_and(Vec::is_empty) {
                        self.badges.remove(code);
                    }
                    changed
                }
                DerivedKey::Annulled { .. } | DerivedKey::FactHome { .. } | DerivedKey::Writer { .. } => false,
            };
            if changed {
                touched.push(home);
            }
        }
        touched
    }

    /// The current value under `key`, `None` when it should be absent from the store.
    pub fn value(&self, key: &DerivedKey) -> Option<DerivedValue> {
        match key {
            DerivedKey::Attendance { entry, code } => {
                self.attendance.get(&(entry.clone(), code.clone())).map(|a| DerivedValue::Attendance(a.clone()))
            }
            DerivedKey::Seat { session, code } => {
                self.seats.get(&(session.clone(), code.clone())).map(|s| DerivedValue::Seat(s.clone()))
            }
            DerivedKey::WalkIn { code } => self
                .walk_ins
                .get(code)
                .map(|all| DerivedValue::WalkIns(all.iter().map(|(id, p)| (*id, p.clone())).collect())),
            DerivedKey::Annulled { fact } => self.annulled.contains(fact).then_some(DerivedValue::Annulled),
            DerivedKey::FactHome { fact } => self.fact_home.get(fact).cloned().map(DerivedValue::FactHome),
            DerivedKey::Waitlist { session, code } => {
                self.waitlist.get(&(session.clone(), code.clone())).map(|w| DerivedValue::Waitlist(w.clone()))
            }
            DerivedKey::Member { key } => self.membership.members.get(key).cloned().map(DerivedValue::Member),
            DerivedKey::Invite { ticket } => self.membership.invites.get(ticket).cloned().map(DerivedValue::Invite),
            DerivedKey::Document { kind } => {
                self.documents.get(kind).filter(|v| !v.is_empty()).cloned().map(DerivedValue::Documents)
            }
            DerivedKey::Badge { code } => self.badges.get(code).map(|b| DerivedValue::Badges(b.clone())),
            DerivedKey::Writer { fact } => {
                self.writers.get(fact).map(|(station, seq)| DerivedValue::Writer(station.clone(), *seq))
            }
            DerivedKey::Owners { session } => self.owners.get(session).cloned().map(DerivedValue::Owners),
            DerivedKey::Asks { session, code } => {
                self.asks.get(&(session.clone(), code.clone())).map(|w| DerivedValue::Waitlist(w.clone()))
            }
        }
    }

    /// Every stored entry, for writing a rebuilt state out.
    pub fn entries(&self) -> Vec<(DerivedKey, DerivedValue)> {
        let keys = self
            .attendance
            .keys()
            .map(|(entry, code)| DerivedKey::Attendance { entry: entry.clone(), code: code.clone() })
            .chain(
                self.seats
                    .keys()
                    .map(|(session, code)| DerivedKey::Seat { session: session.clone(), code: code.clone() }),
            )
            .chain(self.walk_ins.keys().map(|code| DerivedKey::WalkIn { code: code.clone() }))
            .chain(self.annulled.iter().map(|fact| DerivedKey::Annulled { fact: *fact }))
            .chain(self.fact_home.keys().map(|fact| DerivedKey::FactHome { fact: *fact }))
            .chain(
                self.waitlist
                    .keys()
                    .map(|(session, code)| DerivedKey::Waitlist { session: session.clone(), code: code.clone() }),
            )
            .chain(self.membership.members.keys().map(|key| DerivedKey::Member { key: *key }))
            .chain(self.membership.invites.keys().map(|ticket| DerivedKey::Invite { ticket: *ticket }))
            .chain(self.documents.keys().map(|kind| DerivedKey::Document { kind: *kind }))
            .chain(self.badges.keys().map(|code| DerivedKey::Badge { code: code.clone() }))
            .chain(self.writers.keys().map(|fact| DerivedKey::Writer { fact: *fact }))
            .chain(self.owners.keys().map(|session| DerivedKey::Owners { session: session.clone() }))
            .chain(
                self.asks
                    .keys()
                    .map(|(session, code)| DerivedKey::Asks { session: session.clone(), code: code.clone() }),
            );
        keys.filter_map(|k| self.value(&k).map(|v| (k, v))).collect()
    }

    /// Puts back one stored entry (loading the persisted state at start-up).
    pub fn restore_entry(&mut self, key: DerivedKey, value: DerivedValue) {
        match (key, value) {
            (DerivedKey::Attendance { entry, code }, DerivedValue::Attendance(a)) => {
                self.attendance.insert((entry, code), a);
            }
            (DerivedKey::Seat { session, code }, DerivedValue::Seat(s)) => {
                self.seats.insert((session, code), s);
            }
            (DerivedKey::WalkIn { code }, DerivedValue::WalkIns(all)) => {
                self.walk_ins.insert(code, all.into_iter().collect());
            }
            (DerivedKey::Annulled { fact }, DerivedValue::Annulled) => {
                self.annulled.insert(fact);
            }
            (DerivedKey::FactHome { fact }, DerivedValue::FactHome(home)) => {
                self.fact_home.insert(fact, home);
            }
            (DerivedKey::Waitlist { session, code }, DerivedValue::Waitlist(entries)) => {
                self.waitlist.insert((session, code), entries);
            }
            (DerivedKey::Member { key }, DerivedValue::Member(member)) => {
                self.membership.members.insert(key, member);
            }
            (DerivedKey::Invite { ticket }, DerivedValue::Invite(invite)) => {
                self.membership.invites.insert(ticket, invite);
            }
            (DerivedKey::Document { kind }, DerivedValue::Documents(versions)) => {
                self.documents.insert(kind, versions);
            }
            (DerivedKey::Badge { code }, DerivedValue::Badges(prints)) => {
                self.badges.insert(code, prints);
            }
            (DerivedKey::Writer { fact }, DerivedValue::Writer(station, seq)) => {
                self.writers.insert(fact, (station, seq));
            }
            (DerivedKey::Owners { session }, DerivedValue::Owners(all)) => {
                self.owners.insert(session, all);
            }
            (DerivedKey::Asks { session, code }, DerivedValue::Waitlist(entries)) => {
                self.asks.insert((session, code), entries);
            }
            (key, _) => tracing::warn!(?key, "derived entry with a mismatched value ignored"),
        }
    }

    // ---- questions the screens and commands ask ----

    pub fn attendance(&self, entry: &EntryPoint, code: &str) -> Option<&Attendance> {
        self.attendance.get(&(entry.clone(), code.to_owned()))
    }

    pub fn status(&self, entry: &EntryPoint, code: &str) -> AttendanceStatus {
        self.attendance(entry, code).map_or(AttendanceStatus::NotYet, Attendance::status)
    }

    /// Everyone with at least one movement at `entry`, by code.
    pub fn attendance_at<'a>(&'a self, entry: &'a EntryPoint) -> impl Iterator<Item = (&'a str, &'a Attendance)> + 'a {
        self.attendance
            .range((entry.clone(), String::new())..)
            .take_while(move |((e, _), _)| e == entry)
            .map(|((_, code), a)| (code.as_str(), a))
    }

    /// How many people are in at `entry` right now.
    pub fn count_in(&self, entry: &EntryPoint) -> usize {
        self.attendance_at(entry).filter(|(_, a)| a.is_in()).count()
    }

    /// How many people arrived at `entry` at least once.
    pub fn count_arrived(&self, entry: &EntryPoint) -> usize {
        self.attendance_at(entry).filter(|(_, a)| a.first_in().is_some()).count()
    }

    /// Would a check-in at `entry` be recorded? Refuses a second check-in of someone already in.
    pub fn check_in_decision(&self, entry: &EntryPoint, code: &str) -> Result<(), CheckInRefusal> {
        match self.status(entry, code) {
            AttendanceStatus::In { since, station, .. } => Err(CheckInRefusal::AlreadyIn { since, station }),
            AttendanceStatus::NotYet | AttendanceStatus::Out { .. } => Ok(()),
        }
    }

    pub fn seat(&self, session: &str, code: &str) -> Option<&Seat> {
        self.seats.get(&(session.to_owned(), code.to_owned()))
    }

    /// Holds `person` a seat in `session`? Facts decide; without any, the imported sign-ups do.
    pub fn signed_up(&self, person: &Person, session: &str) -> bool {
        let imported = person.sessions.iter().any(|s| s == session);
        matches!(self.seat_status(session, &person.code, imported), SeatStatus::SignedUp { .. })
    }

    /// Where `code` stands with `session`'s seats; `imported` = on the registration system's list.
    /// Only sign-ups by the session's owner take seats ([`super::ownership`]); the latest of those
    /// and of cancellations and waitlist entries decides. An ask (a `SeatAsked` fact, or a sign-up
    /// that does not count) after it puts someone without a seat on the waitlist, in order of
    /// asking; it never takes a seat away.
    pub fn seat_status(&self, session: &str, code: &str, imported: bool) -> SeatStatus {
        let key = (session.to_owned(), code.to_owned());
        let terms = self.seat_terms(session);
        let changes = self.seats.get(&key).map_or(&[][..], |s| s.changes.as_slice());
        let counts = |c: &SeatChange| !c.signed_up || self.sign_up_counts(&terms, c);
        let seat = changes.iter().rev().find(|c| counts(c));
        let wait = self.waitlist.get(&key).and_then(|w| w.last());
        let decided = match (seat, wait) {
            (Some(c), w) if w.is_none_or(|w| (c.at, c.fact) > (w.at, w.fact)) => {
                if c.signed_up {
                    SeatStatus::SignedUp { since: Some(c.at), fact: Some(c.fact) }
                } else {
                    SeatStatus::Cancelled { at: c.at, fact: c.fact }
                }
            }
            (_, Some(w)) => SeatStatus::Waitlisted { since: w.at, fact: w.fact },
            (_, None) if imported => SeatStatus::SignedUp { since: None, fact: None },
            (_, None) => SeatStatus::None,
        };
        let last_decision = match &decided {
            SeatStatus::SignedUp { .. } | SeatStatus::Waitlisted { .. } => return decided,
            SeatStatus::Cancelled { at, fact } => Some((*at, *fact)),
            SeatStatus::None => None,
        };
        let asked = self.asks.get(&key).into_iter().flatten().map(|e| (e.at, e.fact));
        let unheeded = changes.iter().filter(|c| c.signed_up && !counts(c)).map(|c| (c.at, c.fact));
        // The first ask since the last decision keeps its place in the queue.
        match asked.chain(unheeded).filter(|a| last_decision.is_none_or(|d| *a > d)).min() {
            Some((since, fact)) => SeatStatus::Waitlisted { since, fact },
            None => decided,
        }
    }

    /// Who owns `session`'s seats, over time ([`super::ownership`]).
    pub fn seat_terms(&self, session: &str) -> Terms<'_> {
        static NONE: SessionOwners = SessionOwners { handovers: Vec::new(), acceptances: Vec::new() };
        Terms::new(self.default_seat_owner(), self.owners.get(session).unwrap_or(&NONE))
    }

    /// The station deciding `session`'s seats now; `None` in a lone folder (every sign-up counts).
    pub fn seat_owner(&self, session: &str) -> Option<&str> {
        self.seat_terms(session).owner()
    }

    /// The station that owns every session not handed over: the one that published the event's
    /// first programme (the organisers' laptop that created the event).
    pub fn default_seat_owner(&self) -> Option<&str> {
        self.documents.get(&DocumentKind::Program).and_then(|v| v.first()).map(|p| p.station.as_str())
    }

    fn sign_up_counts(&self, terms: &Terms, change: &SeatChange) -> bool {
        let (station, seq) = self.writers.get(&change.fact).map_or(("", 0), |(s, n)| (s.as_str(), *n));
        terms.counts(station, seq, change.at, change.fact)
    }

    /// Is the fact that puts someone on `session`'s waitlist an ask for a seat (for the owner to
    /// decide), rather than a place on the waitlist they joined?
    pub fn is_ask(&self, session: &str, code: &str, fact: Uuid) -> bool {
        let key = (session.to_owned(), code.to_owned());
        self.asks.get(&key).is_some_and(|all| all.iter().any(|e| e.fact == fact))
            || self.seats.get(&key).is_some_and(|s| s.changes.iter().any(|c| c.fact == fact && c.signed_up))
    }

    /// Sign-ups stored without their writer (by a checkin older than seat ownership): the
    /// derived state must be rebuilt from the facts before it is used.
    pub fn lacks_writers(&self) -> bool {
        self.seats.values().flat_map(|s| &s.changes).any(|c| c.signed_up && !self.writers.contains_key(&c.fact))
    }

    /// Codes with any sign-up, cancellation, waitlist entry or ask for `session`.
    pub fn seat_codes<'a>(&'a self, session: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let in_session = move |map: &'a BTreeMap<(String, String), _>| {
            map.range((session.to_owned(), String::new())..)
                .take_while(move |((s, _), _)| s == session)
                .map(|((_, code), _)| code.as_str())
        };
        let seats = self
            .seats
            .range((session.to_owned(), String::new())..)
            .take_while(move |((s, _), _)| s == session)
            .map(|((_, code), _)| code.as_str());
        seats.chain(in_session(&self.waitlist)).chain(in_session(&self.asks))
    }

    /// The people registered at a desk, one per code.
    pub fn walk_ins(&self) -> impl Iterator<Item = &Person> {
        self.walk_ins.values().filter_map(|all| all.values().next())
    }

    /// The printings of `code`'s badge, oldest first: more than one means reprints.
    pub fn badge_prints(&self, code: &str) -> &[BadgePrint] {
        self.badges.get(code).map_or(&[], Vec::as_slice)
    }

    /// Where a (non-annulment) fact landed, so an annulment's effect can be foreseen.
    pub fn fact_home(&self, fact: Uuid) -> Option<&DerivedKey> {
        self.fact_home.get(&fact)
    }

    /// The current (latest published) version of an event document, if any was published.
    pub fn current_document(&self, kind: DocumentKind) -> Option<&Published> {
        self.documents.get(&kind).and_then(|v| v.last())
    }

    /// The stations of the event as the facts have them (see [`Membership`]).
    pub fn membership(&self) -> &Membership {
        &self.membership
    }

    pub fn is_annulled(&self, fact: Uuid) -> bool {
        self.annulled.contains(&fact)
    }

    /// The parts of the state a decision to record `kind` rests on (and that recording it
    /// changes): "not in yet" reads the person's attendance there, a sign-up their seat and
    /// waitlist entry, an undo the annulled fact and what it affected. Two facts whose grounds
    /// meet cannot both have been decided without seeing each other.
    pub fn grounds(&self, kind: &FactKind) -> Vec<DerivedKey> {
        match kind {
            FactKind::SignedUp { code, session, .. }
            | FactKind::Cancelled { code, session }
            | FactKind::Waitlisted { code, session, .. }
            | FactKind::SeatAsked { code, session, .. } => vec![
                DerivedKey::Seat { session: session.clone(), code: code.clone() },
                DerivedKey::Waitlist { session: session.clone(), code: code.clone() },
                DerivedKey::Asks { session: session.clone(), code: code.clone() },
            ],
            FactKind::Annulled { fact, .. } => {
                let mut keys = vec![DerivedKey::Annulled { fact: *fact }];
                keys.extend(self.fact_home(*fact).cloned());
                keys
            }
            other => vec![home_of(other)],
        }
    }

    /// Days (venue entry points) with any movement, oldest first.
    pub fn venue_days(&self) -> BTreeSet<NaiveDate> {
        self.attendance
            .keys()
            .filter_map(|(e, _)| match e {
                EntryPoint::Venue(d) => Some(*d),
                EntryPoint::Session(_) => None,
            })
            .collect()
    }
}

/// The derived entry a (non-annulment) fact lands in.
fn home_of(kind: &FactKind) -> DerivedKey {
    match kind {
        FactKind::CheckedIn { code, entry, .. } => DerivedKey::Attendance { entry: entry.clone(), code: code.clone() },
        FactKind::CheckedOut { code, day, .. } => {
            DerivedKey::Attendance { entry: EntryPoint::Venue(*day), code: code.clone() }
        }
        FactKind::SignedUp { code, session, .. } | FactKind::Cancelled { code, session } => {
            DerivedKey::Seat { session: session.clone(), code: code.clone() }
        }
        FactKind::WalkedIn { person } => DerivedKey::WalkIn { code: person.code.clone() },
        FactKind::Waitlisted { code, session, .. } => {
            DerivedKey::Waitlist { session: session.clone(), code: code.clone() }
        }
        FactKind::Invited { ticket, .. } => DerivedKey::Invite { ticket: *ticket },
        FactKind::Admitted { key, .. } | FactKind::Revoked { key, .. } => DerivedKey::Member { key: *key },
        FactKind::ProgramPublished { .. } => DerivedKey::Document { kind: DocumentKind::Program },
        FactKind::PeoplePublished { .. } => DerivedKey::Document { kind: DocumentKind::People },
        FactKind::BadgePrinted { code, .. } => DerivedKey::Badge { code: code.clone() },
        FactKind::SeatsHandedOver { session, .. } | FactKind::SeatsAccepted { session, .. } => {
            DerivedKey::Owners { session: session.clone() }
        }
        FactKind::SeatAsked { code, session, .. } => DerivedKey::Asks { session: session.clone(), code: code.clone() },
        // Annulments have no home; `apply` never asks for one.
        FactKind::Annulled { fact, .. } => DerivedKey::Annulled { fact: *fact },
    }
}

fn movement(fact: &Fact, direction: Direction, note: &Option<String>) -> Movement {
    Movement {
        fact: fact.id,
        at: fact.at,
        station: fact.station.clone(),
        operator: fact.operator.clone(),
        direction,
        note: note.clone(),
    }
}

/// Takes fact `target` out of a (session, code) → entries map; true when it was there.
fn remove_entry(map: &mut BTreeMap<(String, String), Vec<WaitEntry>>, session: &str, code: &str, target: Uuid) -> bool {
    let key = (session.to_owned(), code.to_owned());
    let changed = map.get_mut(&key).is_some_and(|all| {
        let before = all.len();
        all.retain(|e| e.fact != target);
        before != all.len()
    });
    if map.get(&key).is_some_and(Vec::is_empty) {
        map.remove(&key);
    }
    changed
}
