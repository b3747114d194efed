//! Session seats, as pure rules: who holds a seat, who waits, whom to call when one frees, and
//! what a host or a desk should be warned about before letting someone in or signing them up.
//!
//! Seats taken = everyone signed up (imported list and facts) who has not lost the seat as a
//! no-show, plus everyone let in at the door (walk-ins). A signed-up person still absent
//! [`no_show_minutes`] after the start loses the seat: it goes to the first on the waitlist (or,
//! with none waiting, to a walk-in); if they come later they need a free seat like anyone else.
//! Everything here is a function of the [`State`], the session, the imported sign-up list and the
//! time the caller passes in; nothing reads the clock.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, Utc};

use uuid::Uuid;

use super::derived::DerivedKey;
use super::person::PersonView;
use super::{
    AudienceRule, Category, EntryPoint, Fact, FactKind, Person, Program, SeatStatus, Session, SessionKind, State,
};

/// The sign-up list of a session nobody signed up for in the registration system.
pub static NOBODY: BTreeSet<String> = BTreeSet::new();

/// How long before its start a session's door opens without a warning.
pub const DOOR_OPENS_MINUTES: i64 = 30;

/// Minutes after the start after which a signed-up person who has not arrived loses the seat.
/// Short for master classes (a waiting child should not miss the beginning), longer for the
/// platforms and plenaries, where people drift in from other rooms.
pub fn no_show_minutes(kind: SessionKind) -> i64 {
    match kind {
        SessionKind::MasterClass => 10,
        SessionKind::Festival | SessionKind::Other => 15,
        SessionKind::Platform => 20,
        SessionKind::Plenary => 30,
    }
}

/// One person on a session's list: signed up, waiting, cancelled, or let in at the door.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occupant {
    pub code: String,
    pub seat: SeatStatus,
    /// Checked in at the session's door: since when, and the fact (for an undo).
    pub present: Option<(DateTime<Utc>, uuid::Uuid)>,
    /// Signed up but still absent after the no-show time: the seat is free again.
    pub released: bool,
}

impl Occupant {
    pub fn signed_up(&self) -> bool {
        matches!(self.seat, SeatStatus::SignedUp { .. })
    }

    pub fn waiting(&self) -> bool {
        matches!(self.seat, SeatStatus::Waitlisted { .. }) && self.present.is_none()
    }

    /// Counts against the capacity.
    pub fn holds_seat(&self) -> bool {
        self.present.is_some() || (self.signed_up() && !self.released)
    }

    /// Present without a sign-up.
    pub fn walked_in(&self) -> bool {
        self.present.is_some() && !self.signed_up()
    }
}

/// A session's seats at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Occupancy {
    pub capacity: Option<u32>,
    /// Signed up (no-shows past their time included: see `released`).
    pub signed_up: usize,
    pub present: usize,
    pub walk_ins: usize,
    /// Signed up, absent past the no-show time.
    pub released: usize,
    pub taken: usize,
    /// Codes waiting for a seat, first come first.
    pub waitlist: Vec<String>,
}

impl Occupancy {
    /// Seats not taken; `None` for a session without a limit.
    pub fn free(&self) -> Option<usize> {
        self.capacity.map(|c| (c as usize).saturating_sub(self.taken))
    }

    pub fn is_full(&self) -> bool {
        self.free() == Some(0)
    }

    /// Whom to call: the first on the waitlist, as many as there are free seats.
    pub fn offers(&self) -> &[String] {
        let n = self.free().unwrap_or(self.waitlist.len()).min(self.waitlist.len());
        &self.waitlist[..n]
    }

    /// Free seats nobody on the waitlist has a claim to.
    pub fn unclaimed(&self) -> Option<usize> {
        self.free().map(|f| f.saturating_sub(self.waitlist.len()))
    }
}

/// One session with what the rules need beside the state: the imported sign-up list.
#[derive(Debug, Clone, Copy)]
pub struct SessionSeats<'a> {
    pub session: &'a Session,
    /// Codes the registration system signed up for this session.
    pub imported: &'a BTreeSet<String>,
    /// The event's offset, in which the programme's times are written.
    pub offset: FixedOffset,
}

impl SessionSeats<'_> {
    fn entry(&self) -> EntryPoint {
        EntryPoint::Session(self.session.id.clone())
    }

    fn grace(&self) -> Duration {
        Duration::minutes(no_show_minutes(self.session.kind))
    }

    /// When a signed-up person still absent loses the seat: the no-show time after the start,
    /// or, for someone signed up later than that, as long again after their sign-up.
    fn no_show_at(&self, seat: &SeatStatus) -> NaiveDateTime {
        let after_start = self.session.start + self.grace();
        match seat {
            SeatStatus::SignedUp { since: Some(at), .. } => {
                (at.with_timezone(&self.offset).naive_local() + self.grace()).max(after_start)
            }
            _ => after_start,
        }
    }

    /// Everyone on the session's list, in code order.
    pub fn occupants(&self, state: &State, now: NaiveDateTime) -> Vec<Occupant> {
        let entry = self.entry();
        let id = self.session.id.as_str();
        let mut codes: BTreeSet<&str> = self.imported.iter().map(String::as_str).collect();
        codes.extend(state.seat_codes(id));
        codes.extend(state.attendance_at(&entry).map(|(code, _)| code));
        codes.into_iter().map(|code| self.occupant(state, code, now)).collect()
    }

    pub fn occupant(&self, state: &State, code: &str, now: NaiveDateTime) -> Occupant {
        let seat = state.seat_status(&self.session.id, code, self.imported.contains(code));
        let present = match state.status(&self.entry(), code) {
            super::AttendanceStatus::In { since, fact, .. } => Some((since, fact)),
            _ => None,
        };
        let released =
            matches!(seat, SeatStatus::SignedUp { .. }) && present.is_none() && now >= self.no_show_at(&seat);
        Occupant { code: code.to_owned(), seat, present, released }
    }

    pub fn occupancy(&self, state: &State, now: NaiveDateTime) -> Occupancy {
        occupancy_of(self.session.capacity, &self.occupants(state, now))
    }
}

/// May the state go from `before` to `after` (some facts applied)? Not if the seats taken would
/// exceed the capacity — or grow further past it, for logs merged from elsewhere that already do.
pub fn keeps_capacity(seats: SessionSeats<'_>, before: &State, after: &State, now: NaiveDateTime) -> bool {
    let Some(capacity) = seats.session.capacity else { return true };
    let (was, will) = (seats.occupancy(before, now).taken, seats.occupancy(after, now).taken);
    will <= capacity as usize || will <= was
}

/// Counts over an occupant list.
pub fn occupancy_of(capacity: Option<u32>, occupants: &[Occupant]) -> Occupancy {
    let mut waiting: Vec<(DateTime<Utc>, uuid::Uuid, &str)> = occupants
        .iter()
        .filter(|o| o.present.is_none())
        .filter_map(|o| match o.seat {
            SeatStatus::Waitlisted { since, fact } => Some((since, fact, o.code.as_str())),
            _ => None,
        })
        .collect();
    waiting.sort();
    Occupancy {
        capacity,
        signed_up: occupants.iter().filter(|o| o.signed_up()).count(),
        present: occupants.iter().filter(|o| o.present.is_some()).count(),
        walk_ins: occupants.iter().filter(|o| o.walked_in()).count(),
        released: occupants.iter().filter(|o| o.released).count(),
        taken: occupants.iter().filter(|o| o.holds_seat()).count(),
        waitlist: waiting.into_iter().map(|(_, _, code)| code.to_owned()).collect(),
    }
}

/// Something a host may override (the override is recorded in the fact's note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The door opens [`DOOR_OPENS_MINUTES`] before the start.
    TooEarly {
        starts: NaiveDateTime,
    },
    Ended {
        ended: NaiveDateTime,
    },
    /// The session's audience rule: an age outside it.
    Age {
        age: i32,
        min: Option<u8>,
        max: Option<u8>,
    },
    /// The session's audience rule: a category it does not admit.
    Category {
        category: Category,
    },
    /// The person already holds a seat in this session, which overlaps in time.
    Overlap {
        session: String,
    },
    /// Free seats are claimed by people on the waitlist ahead of this person.
    WaitlistFirst {
        waiting: usize,
    },
}

impl Warning {
    /// Short machine form, for notes and the command line: "audience-age 18 (10-16)".
    pub fn describe(&self) -> String {
        let bounds = |min: &Option<u8>, max: &Option<u8>| {
            format!(
                "{}-{}",
                min.map(|m| m.to_string()).unwrap_or_default(),
                max.map(|m| m.to_string()).unwrap_or_default()
            )
        };
        match self {
            Warning::TooEarly { starts } => format!("too-early (starts {})", starts.format("%H:%M")),
            Warning::Ended { ended } => format!("ended (at {})", ended.format("%Y-%m-%d %H:%M")),
            Warning::Age { age, min, max } => format!("audience-age {age} ({})", bounds(min, max)),
            Warning::Category { category } => format!("audience-category {}", category.key()),
            Warning::Overlap { session } => format!("overlaps {session}"),
            Warning::WaitlistFirst { waiting } => format!("waitlist-first ({waiting} waiting)"),
        }
    }
}

/// The note recorded with a fact let through despite `warnings`.
pub fn override_note(warnings: &[Warning], reason: Option<&str>) -> Option<String> {
    if warnings.is_empty() {
        return None;
    }
    let what: Vec<String> = warnings.iter().map(Warning::describe).collect();
    let why = reason.map(str::trim).filter(|r| !r.is_empty()).map(|r| format!(": {r}")).unwrap_or_default();
    Some(format!("override {}{why}", what.join("; ")))
}

/// The audience rule's objections to `person` (age in the event's `year`).
pub fn audience_warnings(rule: Option<&AudienceRule>, person: &Person, year: i32) -> Vec<Warning> {
    let Some(rule) = rule else { return Vec::new() };
    let mut out = Vec::new();
    if !rule.categories.is_empty() && !rule.categories.contains(&person.category) {
        out.push(Warning::Category { category: person.category });
    }
    if let Some(age) = person.age_in(year) {
        let young = rule.min_age.is_some_and(|m| age < i32::from(m));
        let old = rule.max_age.is_some_and(|m| age > i32::from(m));
        if young || old {
            out.push(Warning::Age { age, min: rule.min_age, max: rule.max_age });
        }
    }
    out
}

fn time_warnings(session: &Session, now: NaiveDateTime) -> Vec<Warning> {
    if now < session.start - Duration::minutes(DOOR_OPENS_MINUTES) {
        vec![Warning::TooEarly { starts: session.start }]
    } else if now >= session.end {
        vec![Warning::Ended { ended: session.end }]
    } else {
        Vec::new()
    }
}

/// Sessions other than `session` that `person` holds a seat in and that overlap it in time.
pub fn overlaps(program: &Program, state: &State, session: &Session, person: &Person) -> Vec<Warning> {
    program
        .sessions
        .iter()
        .filter(|other| other.id != session.id && other.start < session.end && session.start < other.end)
        .filter(|other| {
            let imported = person.sessions.contains(&other.id);
            matches!(state.seat_status(&other.id, &person.code, imported), SeatStatus::SignedUp { .. })
        })
        .map(|other| Warning::Overlap { session: other.id.clone() })
        .collect()
}

/// What the door says about `person`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Door {
    /// May come in, after the warnings (if any) are overridden. `walk_in`: takes a free seat
    /// without a sign-up (also a waitlisted person taking the seat offered). `released`: signed
    /// up, but the seat was released at this time as a no-show; they take a free seat like a
    /// walk-in, and are still signed up.
    Admit {
        walk_in: bool,
        released: Option<NaiveDateTime>,
        warnings: Vec<Warning>,
    },
    Already {
        since: DateTime<Utc>,
        station: String,
    },
    /// No seat for them: the session is full (`waiting` people on the waitlist).
    Full {
        waiting: usize,
    },
}

/// The door's decision for `person` at `now` (local time of the event).
pub fn door(seats: SessionSeats<'_>, state: &State, person: &Person, year: i32, now: NaiveDateTime) -> Door {
    let session = seats.session;
    if let super::AttendanceStatus::In { since, station, .. } = state.status(&seats.entry(), &person.code) {
        return Door::Already { since, station };
    }
    let me = seats.occupant(state, &person.code, now);
    let mut warnings = time_warnings(session, now);
    warnings.extend(audience_warnings(session.audience.as_ref(), person, year));
    if me.holds_seat() {
        return Door::Admit { walk_in: false, released: None, warnings };
    }
    let occupancy = seats.occupancy(state, now);
    if occupancy.is_full() {
        return Door::Full { waiting: occupancy.waitlist.len() };
    }
    if let Some(w) = waitlist_first(&occupancy, &person.code) {
        warnings.push(w);
    }
    let released = me.released.then(|| seats.no_show_at(&me.seat));
    Door::Admit { walk_in: released.is_none(), released, warnings }
}

/// A warning when the free seats are claimed by people waiting ahead of `code`.
fn waitlist_first(occupancy: &Occupancy, code: &str) -> Option<Warning> {
    let offered = occupancy.offers().iter().any(|c| c == code);
    let unclaimed = occupancy.unclaimed().unwrap_or(usize::MAX);
    (!offered && unclaimed == 0 && !occupancy.waitlist.is_empty())
        .then_some(Warning::WaitlistFirst { waiting: occupancy.waitlist.len() })
}

/// What signing `person` up for the session would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignUp {
    /// May be signed up, after the warnings (if any) are overridden.
    Allowed {
        warnings: Vec<Warning>,
    },
    AlreadySignedUp,
    /// No seat: offer the waitlist (`waiting` already on it; `on_it` if this person is).
    Full {
        waiting: usize,
        on_it: bool,
    },
}

pub fn sign_up(
    program: &Program,
    seats: SessionSeats<'_>,
    state: &State,
    person: &Person,
    now: NaiveDateTime,
) -> SignUp {
    let session = seats.session;
    let me = seats.occupant(state, &person.code, now);
    if me.signed_up() && !me.released {
        return SignUp::AlreadySignedUp;
    }
    let occupancy = seats.occupancy(state, now);
    let on_it = occupancy.waitlist.contains(&person.code);
    // Someone already in at the door keeps the seat they occupy: signing them up adds nobody.
    if occupancy.is_full() && me.present.is_none() {
        return SignUp::Full { waiting: occupancy.waitlist.len(), on_it };
    }
    let mut warnings = Vec::new();
    if now >= session.end {
        warnings.push(Warning::Ended { ended: session.end });
    }
    warnings.extend(audience_warnings(session.audience.as_ref(), person, program.year()));
    warnings.extend(overlaps(program, state, session, person));
    if me.present.is_none()
        && let Some(w) = waitlist_first(&occupancy, &person.code)
    {
        warnings.push(w);
    }
    SignUp::Allowed { warnings }
}

/// Why joining a waitlist is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitlistRefusal {
    /// Holds a seat already (or is in).
    HasSeat,
    AlreadyWaiting {
        position: usize,
    },
    /// A seat is free for them: sign up instead.
    SeatsFree,
}

pub fn join_waitlist(
    seats: SessionSeats<'_>,
    state: &State,
    code: &str,
    now: NaiveDateTime,
) -> Result<usize, WaitlistRefusal> {
    let me = seats.occupant(state, code, now);
    if me.holds_seat() {
        return Err(WaitlistRefusal::HasSeat);
    }
    let occupancy = seats.occupancy(state, now);
    if let Some(i) = occupancy.waitlist.iter().position(|c| c == code) {
        return Err(WaitlistRefusal::AlreadyWaiting { position: i + 1 });
    }
    if occupancy.unclaimed().is_none_or(|n| n > 0) {
        return Err(WaitlistRefusal::SeatsFree);
    }
    Ok(occupancy.waitlist.len() + 1)
}

/// The local day of a session, for listing "today's sessions".
pub fn sessions_on(program: &Program, day: NaiveDate) -> Vec<&Session> {
    let mut out: Vec<&Session> = program.sessions.iter().filter(|s| s.day() == day).collect();
    out.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    out
}

/// Running now first, then those still to come, then those over; each by start time.
pub fn running_first(sessions: &mut [&Session], now: NaiveDateTime) {
    let order = |s: &Session| {
        if now >= s.end {
            2
        } else if s.start <= now {
            0
        } else {
            1
        }
    };
    sessions.sort_by_key(|s| (order(s), s.start, s.id.clone()));
}

/// Session id → codes signed up for it in the registration system.
pub fn imported_seats<'a>(people: impl IntoIterator<Item = PersonView<'a>>) -> HashMap<String, BTreeSet<String>> {
    let mut out: HashMap<String, BTreeSet<String>> = HashMap::new();
    for p in people {
        for &s in &p.sessions {
            if let Some(codes) = out.get_mut(s) {
                codes.insert(p.code.to_owned());
            } else {
                out.insert(s.to_owned(), BTreeSet::from([p.code.to_owned()]));
            }
        }
    }
    out
}

/// Whether recording `kinds` at `at` keeps every session they touch within its capacity on
/// `state` (or, for logs merged from elsewhere that already overfill one, does not fill it
/// further). The one capacity rule: a station applies it before writing, and the window that
/// owns a shared folder applies it again to a guest's write decided on an older view.
pub(crate) fn fits_capacity(
    program: Option<&Program>,
    imported: &HashMap<String, BTreeSet<String>>,
    state: &State,
    kinds: &[FactKind],
    at: DateTime<Utc>,
) -> bool {
    let Some(program) = program else { return true };
    let touched: BTreeSet<String> = kinds.iter().filter_map(|k| session_touched(k, state)).collect();
    if touched.is_empty() {
        return true;
    }
    let after = state_after(state, kinds, at);
    let now = at.with_timezone(&program.utc_offset).naive_local();
    touched.iter().all(|id| {
        let Some(session) = program.session(id) else { return true };
        let seats = SessionSeats { session, imported: imported.get(id).unwrap_or(&NOBODY), offset: program.utc_offset };
        let fits = keeps_capacity(seats, state, &after, now);
        if !fits {
            tracing::warn!(session = %id, "refused: would exceed the capacity");
        }
        fits
    })
}

/// `state` as it would be with `kinds` written at `at`, for judging a batch before it is written.
/// Their ids sort after every fact recorded so far, in batch order, as the real (time-ordered)
/// ids will: ties between facts of one moment are broken by id. No clock read here.
pub(crate) fn state_after(state: &State, kinds: &[FactKind], at: DateTime<Utc>) -> State {
    let mut after = state.clone();
    let first = u128::MAX - kinds.len() as u128;
    for (i, kind) in kinds.iter().enumerate() {
        after.apply(&Fact {
            id: Uuid::from_u128(first + i as u128),
            station: String::new(),
            seq: 0,
            at,
            operator: String::new(),
            kind: kind.clone(),
        });
    }
    after
}

/// The session whose seats a fact can change, if any.
fn session_touched(kind: &FactKind, state: &State) -> Option<String> {
    match kind {
        FactKind::SignedUp { session, .. }
        | FactKind::Cancelled { session, .. }
        | FactKind::Waitlisted { session, .. }
        | FactKind::SeatAsked { session, .. }
        | FactKind::SeatsHandedOver { session, .. }
        | FactKind::SeatsAccepted { session, .. } => Some(session.clone()),
        FactKind::CheckedIn { entry: EntryPoint::Session(id), .. } => Some(id.clone()),
        FactKind::Annulled { fact, .. } => match state.fact_home(*fact)? {
            DerivedKey::Seat { session, .. }
            | DerivedKey::Waitlist { session, .. }
            | DerivedKey::Asks { session, .. }
            | DerivedKey::Owners { session } => Some(session.clone()),
            DerivedKey::Attendance { entry: EntryPoint::Session(id), .. } => Some(id.clone()),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod owner_tests;
#[cfg(test)]
mod tests;
