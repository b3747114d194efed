//! The session use cases the host's screen, the desk and `checkin scan --session` share: list
//! sessions with their seats, the roster, letting someone in at the door, signing up,
//! cancelling, the waitlist and undoing a mark.
//!
//! Every write goes through `Station::record_guarded`, which checks the capacity against the
//! store's state at the moment of writing (every write to a folder happens in the process that
//! owns it, and a guest window's write decided on an out-of-date view is refused and decided
//! again, see [`crate::store::share`]): a decision shown on screen a minute ago, or made in
//! another window, can never push a session over its capacity.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use uuid::Uuid;

use super::Station;
use super::seat_authority::Authority;
use crate::domain::seats::{
    self, Door, NOBODY, Occupancy, Occupant, SessionSeats, SignUp, WaitlistRefusal, Warning, fits_capacity,
};
use crate::domain::{EntryPoint, Fact, FactKind, Session};
use crate::store::StoreError;

/// A session as listed: with its seats now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    pub session: Session,
    pub occupancy: Occupancy,
    pub running: bool,
}

/// What the host agreed to when letting someone in or signing them up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Consent {
    /// Let a person who holds no seat take a free one: not signed up, or signed up but released
    /// as a no-show.
    pub walk_in: bool,
    /// Go ahead despite the warnings; they are recorded in the fact's note.
    pub override_warnings: bool,
    /// The host's words, added to the note.
    pub reason: Option<String>,
}

impl Consent {
    pub fn all(reason: Option<String>) -> Consent {
        Consent { walk_in: true, override_warnings: true, reason }
    }
}

/// Note of the venue check-in made when a host lets in someone no desk had checked in today.
pub const VENUE_NOTE: &str = "checked in at the door of";

/// How letting someone in at a session's door went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DoorOutcome {
    /// Recorded, durably. `walk_in`: took a free seat without a sign-up.
    Done {
        fact: Fact,
        walk_in: bool,
    },
    Already {
        code: String,
        since: DateTime<Utc>,
        station: String,
    },
    Unknown,
    /// Nothing recorded: the registration was cancelled (withdrawn, void, …).
    NotAdmitted {
        code: String,
        status: crate::domain::Status,
    },
    /// Nothing recorded: no seat for them. Offer the waitlist.
    Full {
        code: String,
        waiting: usize,
    },
    /// Nothing recorded yet: the host must confirm the walk-in (or, `released`, a signed-up
    /// person whose seat was released as a no-show at that local time taking a free seat) and/or
    /// override the warnings.
    Confirm {
        code: String,
        walk_in: bool,
        released: Option<NaiveDateTime>,
        warnings: Vec<Warning>,
    },
}

/// How a sign-up, a cancellation or joining the waitlist went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeatOutcome {
    SignedUp(Fact),
    /// Another station owns the session's seats: it was asked, with this fact, and the person
    /// waits on the waitlist until it decides. `online`: it is connected now and will answer
    /// within seconds; otherwise it decides when it is back ("asked offline").
    Asked {
        fact: Fact,
        owner: String,
        online: bool,
    },
    Waitlisted {
        fact: Fact,
        position: usize,
    },
    Cancelled(Fact),
    AlreadySignedUp,
    Full {
        waiting: usize,
        on_it: bool,
    },
    /// Nothing recorded: override these first.
    Warn(Vec<Warning>),
    /// Joining the waitlist was refused.
    NoWaitlist(WaitlistRefusal),
    /// Nothing to cancel.
    NotSignedUp,
    Unknown,
}

/// Why a session use case could not even start.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("no programme is loaded (checkin program FILE)")]
    NoProgramme,
    #[error("no session {0:?} in the programme (see `checkin sessions`)")]
    NoSession(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Station {
    /// The station's clock in the event's local time, as the programme is written.
    pub fn local_naive(&self) -> NaiveDateTime {
        self.local_now().naive_local()
    }

    pub fn session(&self, id: &str) -> Result<&Session, SessionError> {
        let program = self.program.as_ref().ok_or(SessionError::NoProgramme)?;
        program.session(id).ok_or_else(|| SessionError::NoSession(id.to_owned()))
    }

    fn seats(&self, id: &str) -> Result<SessionSeats<'_>, SessionError> {
        let session = self.session(id)?;
        Ok(SessionSeats { session, imported: self.imported_seats.get(id).unwrap_or(&NOBODY), offset: self.offset() })
    }

    fn year(&self) -> i32 {
        self.program.as_ref().map_or(2016, |p| p.year())
    }

    /// The sessions of `day`, running now first, then by start time; each with its seats.
    pub fn sessions_on(&self, day: NaiveDate) -> Vec<SessionSummary> {
        let Some(program) = &self.program else { return Vec::new() };
        let now = self.local_naive();
        let mut list = seats::sessions_on(program, day);
        seats::running_first(&mut list, now);
        list.into_iter().filter_map(|s| self.summary(&s.id).ok()).collect()
    }

    pub fn summary(&self, id: &str) -> Result<SessionSummary, SessionError> {
        let seats = self.seats(id)?;
        let now = self.local_naive();
        let s = seats.session;
        Ok(SessionSummary {
            session: s.clone(),
            occupancy: seats.occupancy(self.store.state(), now),
            running: s.start <= now && now < s.end,
        })
    }

    /// Everyone on the session's list (signed up, waiting, cancelled, let in), in code order.
    pub fn roster(&self, id: &str) -> Result<Vec<Occupant>, SessionError> {
        Ok(self.seats(id)?.occupants(self.store.state(), self.local_naive()))
    }

    pub fn occupant(&self, id: &str, code: &str) -> Result<Occupant, SessionError> {
        Ok(self.seats(id)?.occupant(self.store.state(), code, self.local_naive()))
    }

    /// Lets whoever `typed` resolves to in at session `id`, by the door's rules.
    fn door_check_in_once(&mut self, typed: &str, id: &str, consent: &Consent) -> Result<DoorOutcome, SessionError> {
        let seats = self.seats(id)?;
        let Some(code) = self.resolve_code(typed).map(str::to_owned) else { return Ok(DoorOutcome::Unknown) };
        let Some(person) = self.person(&code)? else { return Ok(DoorOutcome::Unknown) };
        if !person.status.admitted() {
            return Ok(DoorOutcome::NotAdmitted { code, status: person.status });
        }
        let decision = seats::door(seats, self.store.state(), &person, self.year(), self.local_naive());
        let (walk_in, released, warnings) = match decision {
            Door::Already { since, station } => return Ok(DoorOutcome::Already { code, since, station }),
            Door::Full { waiting } => return Ok(DoorOutcome::Full { code, waiting }),
            Door::Admit { walk_in, released, warnings } => (walk_in, released, warnings),
        };
        let takes_free_seat = walk_in || released.is_some();
        if (takes_free_seat && !consent.walk_in) || (!warnings.is_empty() && !consent.override_warnings) {
            return Ok(DoorOutcome::Confirm { code, walk_in, released, warnings });
        }
        let note = seats::override_note(&warnings, consent.reason.as_deref());
        let mut kinds =
            vec![FactKind::CheckedIn { code: code.clone(), entry: EntryPoint::Session(id.to_owned()), note }];
        // Someone at a session's door is in the building: if no desk checked them in today (or
        // they had been checked out), the same write checks them in at the venue, so "on site"
        // and the evacuation list never miss a person a host can see.
        let venue = self.venue_today();
        if !self.store.state().attendance(&venue, &code).is_some_and(crate::domain::Attendance::is_in) {
            let note = Some(format!("{VENUE_NOTE} {id}"));
            kinds.push(FactKind::CheckedIn { code: code.clone(), entry: venue, note });
        }
        match self.record_guarded(kinds)? {
            Some(mut facts) => Ok(DoorOutcome::Done { fact: facts.remove(0), walk_in }),
            None => Ok(DoorOutcome::Full { code, waiting: self.summary(id)?.occupancy.waitlist.len() }),
        }
    }

    /// Signs `code` up for session `id`, by the sign-up rules.
    fn sign_up_once(&mut self, code: &str, id: &str, consent: &Consent) -> Result<SeatOutcome, SessionError> {
        let seats = self.seats(id)?;
        let Some(person) = self.person(code)? else { return Ok(SeatOutcome::Unknown) };
        let program = self.program.as_ref().ok_or(SessionError::NoProgramme)?;
        let warnings = match seats::sign_up(program, seats, self.store.state(), &person, self.local_naive()) {
            SignUp::AlreadySignedUp => return Ok(SeatOutcome::AlreadySignedUp),
            SignUp::Full { waiting, on_it } => return Ok(SeatOutcome::Full { waiting, on_it }),
            SignUp::Allowed { warnings } => warnings,
        };
        if !warnings.is_empty() && !consent.override_warnings {
            return Ok(SeatOutcome::Warn(warnings));
        }
        let note = seats::override_note(&warnings, consent.reason.as_deref());
        match self.seat_authority(id)? {
            Authority::Decides => {}
            Authority::Asks { owner } => return self.ask_for_seat(&person.code, id, owner, note),
            // This station owns it, but waits for the former owner's last decisions: it asks
            // itself, and gives the seat (if still free) once they are here.
            Authority::Catching { .. } => {
                let me = self.name().to_owned();
                return self.ask_for_seat(&person.code, id, me, note);
            }
        }
        let kind = FactKind::SignedUp { code: person.code.clone(), session: id.to_owned(), note };
        match self.record_guarded(vec![kind])? {
            Some(mut facts) => Ok(SeatOutcome::SignedUp(facts.remove(0))),
            None => Ok(SeatOutcome::Full { waiting: self.summary(id)?.occupancy.waitlist.len(), on_it: false }),
        }
    }

    /// Puts `code` on session `id`'s waitlist, when no seat is free for them. As a sign-up, it
    /// warns first when the session overlaps one they hold a seat in.
    fn join_waitlist_once(&mut self, code: &str, id: &str, consent: &Consent) -> Result<SeatOutcome, SessionError> {
        let seats = self.seats(id)?;
        let Some(person) = self.person(code)? else { return Ok(SeatOutcome::Unknown) };
        let position = match seats::join_waitlist(seats, self.store.state(), &person.code, self.local_naive()) {
            Ok(position) => position,
            Err(refusal) => return Ok(SeatOutcome::NoWaitlist(refusal)),
        };
        let program = self.program.as_ref().ok_or(SessionError::NoProgramme)?;
        let warnings = seats::overlaps(program, self.store.state(), seats.session, &person);
        if !warnings.is_empty() && !consent.override_warnings {
            return Ok(SeatOutcome::Warn(warnings));
        }
        let note = seats::override_note(&warnings, consent.reason.as_deref());
        let kind = FactKind::Waitlisted { code: person.code, session: id.to_owned(), note };
        let mut facts = self.record_guarded(vec![kind])?.unwrap_or_default();
        Ok(facts.pop().map_or(SeatOutcome::Full { waiting: position - 1, on_it: false }, |fact| {
            SeatOutcome::Waitlisted { fact, position }
        }))
    }

    /// Gives up `code`'s seat in session `id`, or takes them off its waitlist.
    fn cancel_once(&mut self, code: &str, id: &str) -> Result<SeatOutcome, SessionError> {
        let me = self.occupant(id, code)?;
        let holds = matches!(
            me.seat,
            crate::domain::SeatStatus::SignedUp { .. } | crate::domain::SeatStatus::Waitlisted { .. }
        );
        if !holds {
            return Ok(SeatOutcome::NotSignedUp);
        }
        let kind = FactKind::Cancelled { code: me.code, session: id.to_owned() };
        let mut facts = self.record_guarded(vec![kind])?.unwrap_or_default();
        Ok(facts.pop().map_or(SeatOutcome::NotSignedUp, SeatOutcome::Cancelled))
    }

    /// Undoes an earlier fact (a door mark, a sign-up, a cancellation…) with an annul fact, unless
    /// that would give a seat that is no longer free. `Ok(false)` = refused as full.
    /// A door mark's own venue check-in (see [`VENUE_NOTE`]) is undone with it.
    fn annul_once(&mut self, fact: Uuid, reason: Option<String>) -> Result<bool, StoreError> {
        if self.store.state().is_annulled(fact) {
            // Undone already (in another window): done, without a second annulment.
            return Ok(true);
        }
        let mut kinds = vec![FactKind::Annulled { fact, reason: reason.clone() }];
        if let Some(companion) = self.venue_companion(fact)?.filter(|c| !self.store.state().is_annulled(*c)) {
            kinds.push(FactKind::Annulled { fact: companion, reason });
        }
        match self.record_guarded(kinds) {
            // An undo itself, or a fact the folder does not hold: there is nothing to undo.
            Err(StoreError::NotAdmitted(crate::domain::admission::Refusal::NothingToUndo(_))) => Ok(true),
            other => Ok(other?.is_some()),
        }
    }

    /// The venue check-in written together with door mark `fact`, if there was one: the next
    /// fact of the same station's log, for the same person, with the door's note.
    fn venue_companion(&self, fact: Uuid) -> Result<Option<Uuid>, StoreError> {
        let mut facts = self.store.facts();
        let Some(mark) = facts.find(|f| f.as_ref().is_ok_and(|f| f.id == fact)).transpose()? else { return Ok(None) };
        let FactKind::CheckedIn { code, entry: EntryPoint::Session(id), .. } = &mark.kind else { return Ok(None) };
        let expected = format!("{VENUE_NOTE} {id}");
        Ok(facts.next().transpose()?.filter(|next| next.station == mark.station && next.seq == mark.seq + 1).and_then(
            |next| match &next.kind {
                FactKind::CheckedIn { code: c, entry: EntryPoint::Venue(_), note: Some(n) }
                    if c == code && *n == expected =>
                {
                    Some(next.id)
                }
                _ => None,
            },
        ))
    }

    /// Asks the owner of session `id` for a seat for `code`: the person waits on the waitlist, in
    /// order of asking, until the owner decides. Called by the sign-up once its rules allowed it.
    fn ask_for_seat(
        &mut self,
        code: &str,
        id: &str,
        owner: String,
        note: Option<String>,
    ) -> Result<SeatOutcome, SessionError> {
        let kind = FactKind::SeatAsked { code: code.to_owned(), session: id.to_owned(), owner: owner.clone(), note };
        let (now, operator) = (self.now(), self.operator.clone());
        let fact = self.store.record_decided(now, &operator, vec![kind])?.remove(0);
        let online = self.owner_reachable(&owner);
        Ok(SeatOutcome::Asked { fact, owner, online })
    }

    /// Records `kinds` in one durable write, unless they would push a session over its capacity
    /// (or further over, for logs merged from elsewhere): then nothing is written and `None`
    /// returned. Checked against the store's state at this moment; [`StoreError::Stale`] when
    /// another window wrote first, for the caller to decide again (see [`Station::deciding`]).
    fn record_guarded(&mut self, kinds: Vec<FactKind>) -> Result<Option<Vec<Fact>>, StoreError> {
        if !fits_capacity(self.program.as_ref(), &self.imported_seats, self.store.state(), &kinds, self.now()) {
            return Ok(None);
        }
        let (now, operator) = (self.now(), self.operator.clone());
        match self.store.record_decided(now, &operator, kinds) {
            // The folder's own check, on what it holds this moment, has the last word.
            Err(StoreError::NotAdmitted(crate::domain::admission::Refusal::Full(_))) => Ok(None),
            other => other.map(Some),
        }
    }
}

/// The use cases as the host's screen, the desk and `checkin scan --session` call them: each
/// decided again, from the top, if another window on the folder wrote first.
impl Station {
    /// Lets whoever `typed` resolves to in at session `id`, by the door's rules.
    pub fn door_check_in(&mut self, typed: &str, id: &str, consent: &Consent) -> Result<DoorOutcome, SessionError> {
        self.deciding(|st| st.door_check_in_once(typed, id, consent))
    }

    /// Signs `code` up for session `id`, by the sign-up rules.
    pub fn sign_up(&mut self, code: &str, id: &str, consent: &Consent) -> Result<SeatOutcome, SessionError> {
        self.deciding(|st| st.sign_up_once(code, id, consent))
    }

    /// Puts `code` on session `id`'s waitlist, when no seat is free for them.
    pub fn join_waitlist(&mut self, code: &str, id: &str, consent: &Consent) -> Result<SeatOutcome, SessionError> {
        self.deciding(|st| st.join_waitlist_once(code, id, consent))
    }

    /// Gives up `code`'s seat in session `id`, or takes them off its waitlist.
    pub fn cancel(&mut self, code: &str, id: &str) -> Result<SeatOutcome, SessionError> {
        self.deciding(|st| st.cancel_once(code, id))
    }

    /// Undoes an earlier fact with an annul fact, unless that would give a seat that is no
    /// longer free: `Ok(false)` = refused as full. Undoing what is undone already writes nothing.
    pub fn annul(&mut self, fact: Uuid, reason: Option<String>) -> Result<bool, StoreError> {
        self.deciding(|st| st.annul_once(fact, reason.clone()))
    }
}

impl super::StaleAware for SessionError {
    fn is_stale(&self) -> bool {
        matches!(self, SessionError::Store(e) if e.is_stale())
    }
}
