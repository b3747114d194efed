//! What may be written: the rules every new fact obeys whoever wants it written — this window, a
//! guest window on the same folder, and (to come) a station on another machine. The process that
//! writes a fact checks it here itself, against its own state; it never takes a writer's word.
//!
//! - the registration code is known (imported, a walk-in, or one registered in the same batch);
//! - exactly once: no check-in of someone who is in there already, no second sign-up, no undo of
//!   what is undone or does not exist, no walk-in with a code that is taken;
//! - a check-out is of someone who is in, and a minor leaves only with an authorised adult (one
//!   of their responsible adults or a chaperone of their delegation), or with an organiser's
//!   override that gives a reason; the last chaperone on site of children who stay leaves only
//!   with an override and its reason too;
//! - sessions exist, and none is pushed over its capacity;
//! - an override (a minor released to an unlisted adult, the last chaperone let out) carries an
//!   organiser's word: their badge or the event's passphrase (see [`super::authority`]);
//! - every text that becomes part of a fact is cleaned as an imported one is (no control
//!   characters, escape sequences or bidirectional overrides), and names that must be shown as
//!   given (operator, station) are refused rather than changed.
//!
//! Warnings a host may override (outside the time window, the audience rule) are not rules: the
//! override is recorded in the fact's note.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use uuid::Uuid;

use super::authority;
use super::derived::DerivedKey;
use super::safeguarding::{self, OVERRIDE_NOTE};
use super::seats::{self, Door, SessionSeats, SignUp};
use super::{AttendanceStatus, EntryPoint, FactKind, Person, Program, SeatStatus, Source, State};
use crate::text::sanitize::{MAX_FIELD_CHARS, sanitize};

/// The imported seats of a session nobody signed up for through the registration system.
static NOBODY: BTreeSet<String> = BTreeSet::new();

/// Longest operator or station name.
pub const MAX_NAME_CHARS: usize = 64;

/// What a write is checked against: the state as it is at the moment of writing, and what the
/// folder knows about the people the facts name.
pub struct Ground<'a> {
    pub state: &'a State,
    pub program: Option<&'a Program>,
    /// Session id → codes the registration system signed up for it.
    pub imported_seats: &'a HashMap<String, BTreeSet<String>>,
    /// The registrants the facts name (imported or walk-ins), and the chaperones of the
    /// delegations of the minors among them, by code. A code missing here is unknown.
    pub people: &'a HashMap<String, Person>,
    /// Delegation → codes of its chaperones.
    pub chaperones: &'a HashMap<String, Vec<String>>,
    /// Delegation → codes of its members, for the delegations of the chaperones leaving (whose
    /// members on site are in `people` too).
    pub members: &'a HashMap<String, Vec<String>>,
    /// The organisers' passphrase for the event, as a salted hash, if one is set; an organiser's
    /// badge named by an override is in `people`.
    pub passphrase: Option<&'a str>,
}

/// Why a write was refused. Nothing of it was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum Refusal {
    #[error("no registrant has the code {0:?}")]
    UnknownCode(String),
    #[error("{code} is in already ({entry})")]
    AlreadyIn { code: String, entry: String },
    #[error("{code} is not in on {day}: there is nobody to check out")]
    NotIn { code: String, day: NaiveDate },
    #[error(
        "{code} is a minor, and {collector:?} is not an adult authorised to collect them (without an organiser's override and its reason)"
    )]
    NotAuthorised { code: String, collector: String },
    #[error("no session {0:?} in the programme")]
    NoSession(String),
    #[error("session {0} would be over its capacity")]
    Full(String),
    #[error("{code} is signed up for {session} already")]
    AlreadySignedUp { code: String, session: String },
    #[error("{code} may not join the waitlist of {session} ({why})")]
    NoWaitlist { code: String, session: String, why: String },
    #[error("{code} holds no seat and no waitlist place in {session}")]
    NothingToCancel { code: String, session: String },
    #[error("the code {0:?} is taken: a new registrant needs a new code")]
    CodeTaken(String),
    #[error("fact {0} is not one to undo (unknown, an undo itself, or undone already)")]
    NothingToUndo(Uuid),
    #[error("a new registrant needs a family or a given name")]
    Nameless,
    #[error("{what} {name:?} is not allowed: use 1–{MAX_NAME_CHARS} visible characters")]
    BadName { what: String, name: String },
    #[error(
        "a text in it holds what no station writes (control characters, escape sequences, bidirectional overrides)"
    )]
    Unclean,
    #[error(
        "{code} is the last adult on site of children who stay ({children}): they leave only with an override and its reason"
    )]
    LastAdult { code: String, children: usize },
    #[error("{0}")]
    NoAuthority(String),
}

/// Checks a name shown as given with every fact (an operator's, a station's): 1 to
/// [`MAX_NAME_CHARS`] characters, none of them invisible, a control character or a
/// bidirectional override, and no spaces at its ends.
pub fn check_name(what: &'static str, name: &str) -> Result<(), Refusal> {
    let len = name.chars().count();
    let ok = (1..=MAX_NAME_CHARS).contains(&len) && name.trim() == name && sanitize(name) == name;
    if ok { Ok(()) } else { Err(Refusal::BadName { what: what.to_owned(), name: name.to_owned() }) }
}

/// The facts `kinds`, recorded by `operator` at `at`, if the rules allow every one of them (each
/// as if those before it in the batch were written already), with their texts cleaned.
pub fn admit(
    ground: &Ground,
    at: DateTime<Utc>,
    operator: &str,
    kinds: Vec<FactKind>,
) -> Result<Vec<FactKind>, Refusal> {
    check_name("operator name", operator)?;
    let year = ground.program.map_or_else(|| chrono::Datelike::year(&at), Program::year);
    let first_day = ground.program.map_or_else(|| at.date_naive(), Program::first_day);
    let mut batch = Batch::default();
    let mut admitted = Vec::with_capacity(kinds.len());
    for kind in kinds {
        let kind = clean(authorised(ground, kind)?);
        check(ground, &mut batch, &kind, at, Event { year, first_day })?;
        admitted.push(kind);
    }
    if !seats::fits_capacity(ground.program, ground.imported_seats, ground.state, &admitted, at) {
        let session = admitted.iter().find_map(session_of).unwrap_or_default();
        return Err(Refusal::Full(session));
    }
    Ok(admitted)
}

/// Whether a fact that arrives written and signed by another station (over the network, or in a
/// file carried on a USB stick) is one this folder would have written itself: names shown as
/// given, and every text as cleaning leaves it. A signed fact cannot be cleaned without breaking
/// its signature, so one that is not clean is refused instead.
///
/// The rules that depend on the state (exactly once, seats, who may collect a child) were the
/// writer's to check against what it knew when it wrote: two stations apart may both let one
/// person in, and the state counts that arrival once (the earlier); refusing the later fact here
/// would leave the stations' logs different for good.
pub fn check_arrived(fact: &super::Fact) -> Result<(), Refusal> {
    check_name("operator name", &fact.operator)?;
    check_name("station name", &fact.station)?;
    match &fact.kind {
        FactKind::Invited { station, .. }
        | FactKind::Admitted { station, .. }
        | FactKind::SeatAsked { owner: station, .. } => check_name("station name", station)?,
        FactKind::SeatsHandedOver { to, from, .. } => {
            check_name("station name", to)?;
            if !from.is_empty() {
                check_name("station name", from)?;
            }
        }
        _ => {}
    }
    if clean(fact.kind.clone()) != fact.kind {
        return Err(Refusal::Unclean);
    }
    Ok(())
}

/// What the facts before this one in the same batch did.
#[derive(Default)]
struct Batch {
    walk_ins: HashMap<String, Person>,
    checked_in: HashSet<(EntryPoint, String)>,
    checked_out: HashSet<(NaiveDate, String)>,
    undone: HashSet<Uuid>,
    /// The facts admitted so far, for the seats of a session, which are judged on the state
    /// with them written (rarely more than one: a door mark and its venue check-in).
    admitted: Vec<FactKind>,
}

impl Batch {
    fn person<'a>(&'a self, ground: &'a Ground, code: &str) -> Result<&'a Person, Refusal> {
        let known = ground.people.get(code).or_else(|| self.walk_ins.get(code));
        known.ok_or_else(|| Refusal::UnknownCode(code.to_owned()))
    }

    fn is_in(&self, ground: &Ground, entry: &EntryPoint, code: &str) -> bool {
        let key = (entry.clone(), code.to_owned());
        let out_in_batch = match entry {
            EntryPoint::Venue(day) => self.checked_out.contains(&(*day, code.to_owned())),
            EntryPoint::Session(_) => false,
        };
        !out_in_batch
            && (self.checked_in.contains(&key)
                || matches!(ground.state.status(entry, code), AttendanceStatus::In { .. }))
    }

    /// The state as it would be with the facts admitted before in this batch written.
    fn state<'a>(&self, ground: &'a Ground, at: DateTime<Utc>) -> std::borrow::Cow<'a, State> {
        if self.admitted.is_empty() {
            return std::borrow::Cow::Borrowed(ground.state);
        }
        std::borrow::Cow::Owned(seats::state_after(ground.state, &self.admitted, at))
    }
}

/// When the event is: its year counts a session audience's ages, its first day who is a minor.
#[derive(Clone, Copy)]
struct Event {
    year: i32,
    first_day: chrono::NaiveDate,
}

fn check(ground: &Ground, batch: &mut Batch, kind: &FactKind, at: DateTime<Utc>, event: Event) -> Result<(), Refusal> {
    let Event { year, first_day } = event;
    // A session's seats, judged by the same rules the use cases decide with.
    let seats = |id: &str| -> Result<(&Program, SessionSeats<'_>, NaiveDateTime), Refusal> {
        let program = ground.program.ok_or_else(|| Refusal::NoSession(id.to_owned()))?;
        let session = program.session(id).ok_or_else(|| Refusal::NoSession(id.to_owned()))?;
        let imported = ground.imported_seats.get(id).unwrap_or(&NOBODY);
        let now = at.with_timezone(&program.utc_offset).naive_local();
        Ok((program, SessionSeats { session, imported, offset: program.utc_offset }, now))
    };
    match kind {
        FactKind::CheckedIn { code, entry, .. } => {
            let person = batch.person(ground, code)?;
            if let EntryPoint::Session(id) = entry {
                let (_, seats, now) = seats(id)?;
                match seats::door(seats, &batch.state(ground, at), person, year, now) {
                    Door::Already { .. } => return Err(Refusal::AlreadyIn { code: code.clone(), entry: entry.key() }),
                    Door::Full { .. } => return Err(Refusal::Full(id.clone())),
                    Door::Admit { .. } => {}
                }
            }
            if batch.is_in(ground, entry, code) {
                return Err(Refusal::AlreadyIn { code: code.clone(), entry: entry.key() });
            }
            batch.checked_in.insert((entry.clone(), code.clone()));
            if let EntryPoint::Venue(day) = entry {
                batch.checked_out.remove(&(*day, code.clone()));
            }
        }
        FactKind::CheckedOut { code, day, collected_by, note } => {
            let person = batch.person(ground, code)?;
            if !batch.is_in(ground, &EntryPoint::Venue(*day), code) {
                return Err(Refusal::NotIn { code: code.clone(), day: *day });
            }
            if person.is_minor(first_day) && !released_rightly(ground, person, collected_by.as_deref(), note.as_deref())
            {
                return Err(Refusal::NotAuthorised {
                    code: code.clone(),
                    collector: collected_by.clone().unwrap_or_default(),
                });
            }
            if !safeguarding::leaves_children_rightly(note.as_deref()) {
                let children = left_without_adult(ground, batch, person, *day, first_day);
                if children > 0 {
                    return Err(Refusal::LastAdult { code: code.clone(), children });
                }
            }
            batch.checked_in.remove(&(EntryPoint::Venue(*day), code.clone()));
            batch.checked_out.insert((*day, code.clone()));
        }
        FactKind::Annulled { fact, .. } => {
            let undoable =
                ground.state.fact_home(*fact).is_some_and(|home| !matches!(home, DerivedKey::Annulled { .. }));
            if !undoable || ground.state.is_annulled(*fact) || !batch.undone.insert(*fact) {
                return Err(Refusal::NothingToUndo(*fact));
            }
        }
        FactKind::WalkedIn { person } => {
            let code = &person.code;
            let taken = ground.people.contains_key(code)
                || batch.walk_ins.contains_key(code)
                || ground.state.walk_ins().any(|p| &p.code == code);
            if code.is_empty() || sanitize(code) != *code || taken {
                return Err(Refusal::CodeTaken(code.clone()));
            }
            if person.family.is_empty() && person.given.is_empty() {
                return Err(Refusal::Nameless);
            }
            batch.walk_ins.insert(code.clone(), (**person).clone());
        }
        FactKind::SignedUp { code, session, .. } => {
            let (program, seats, now) = seats(session)?;
            let person = batch.person(ground, code)?;
            match seats::sign_up(program, seats, &batch.state(ground, at), person, now) {
                SignUp::AlreadySignedUp => {
                    return Err(Refusal::AlreadySignedUp { code: code.clone(), session: session.clone() });
                }
                SignUp::Full { .. } => return Err(Refusal::Full(session.clone())),
                SignUp::Allowed { .. } => {}
            }
        }
        FactKind::BadgePrinted { code, .. } => {
            batch.person(ground, code)?;
        }
        FactKind::SeatAsked { code, session, owner, .. } => {
            let (program, seats, now) = seats(session)?;
            check_name("station name", owner)?;
            let person = batch.person(ground, code)?;
            if seats::sign_up(program, seats, &batch.state(ground, at), person, now) == SignUp::AlreadySignedUp {
                return Err(Refusal::AlreadySignedUp { code: code.clone(), session: session.clone() });
            }
        }
        FactKind::SeatsAccepted { session, .. } => {
            seats(session)?;
        }
        FactKind::SeatsHandedOver { session, to, from, .. } => {
            seats(session)?;
            check_name("station name", to)?;
            if !from.is_empty() {
                check_name("station name", from)?;
            }
        }
        FactKind::Invited { station, .. } | FactKind::Admitted { station, .. } => check_name("station name", station)?,
        FactKind::Revoked { .. } | FactKind::ProgramPublished { .. } | FactKind::PeoplePublished { .. } => {}
        FactKind::Cancelled { code, session } => {
            let (_, seats, now) = seats(session)?;
            batch.person(ground, code)?;
            let holds = seats.occupant(&batch.state(ground, at), code, now).seat;
            if !matches!(holds, SeatStatus::SignedUp { .. } | SeatStatus::Waitlisted { .. }) {
                return Err(Refusal::NothingToCancel { code: code.clone(), session: session.clone() });
            }
        }
        FactKind::Waitlisted { code, session, .. } => {
            let (_, seats, now) = seats(session)?;
            batch.person(ground, code)?;
            if let Err(refusal) = seats::join_waitlist(seats, &batch.state(ground, at), code, now) {
                return Err(Refusal::NoWaitlist {
                    code: code.clone(),
                    session: session.clone(),
                    why: format!("{refusal:?}"),
                });
            }
        }
    }
    batch.admitted.push(kind.clone());
    Ok(())
}

/// `kind` with the organiser's word on an override checked and put as it is recorded (see
/// [`authority::authorise`]): a check-out's note that releases a minor to an unlisted adult or
/// leaves children without an adult must carry it.
fn authorised(ground: &Ground, kind: FactKind) -> Result<FactKind, Refusal> {
    let FactKind::CheckedOut { code, day, collected_by, note: Some(note) } = kind else { return Ok(kind) };
    let Some((prefix, reason)) = [OVERRIDE_NOTE, safeguarding::LAST_ADULT_NOTE]
        .into_iter()
        .find_map(|prefix| note.strip_prefix(prefix).map(|reason| (prefix, reason)))
    else {
        return Ok(FactKind::CheckedOut { code, day, collected_by, note: Some(note) });
    };
    let is_organiser = |badge: &str| {
        ground.people.get(badge).is_some_and(|p| p.category == super::Category::Organiser && p.status.admitted())
    };
    let reason = authority::authorise(reason, is_organiser, ground.passphrase)
        .map_err(|why| Refusal::NoAuthority(why.to_string()))?;
    Ok(FactKind::CheckedOut { code, day, collected_by, note: Some(format!("{prefix}{reason}")) })
}

/// A minor's check-out names an authorised adult as collector, or records an organiser's
/// override with its reason (see [`safeguarding::decide_check_out`]).
fn released_rightly(ground: &Ground, child: &Person, collected_by: Option<&str>, note: Option<&str>) -> bool {
    let Some(collector) = collected_by.filter(|c| !c.is_empty()) else { return false };
    let chaperones: Vec<Person> = ground
        .chaperones
        .get(&child.delegation)
        .into_iter()
        .flatten()
        .filter_map(|code| ground.people.get(code).cloned())
        .collect();
    let authorised = safeguarding::authorised_collectors(child, &chaperones);
    let overridden = note.and_then(|n| n.strip_prefix(OVERRIDE_NOTE)).is_some_and(|reason| !reason.trim().is_empty());
    authorised.iter().any(|c| c.name == collector) || overridden
}

/// How many children on site `leaving`, a chaperone, would leave with no adult on site (see
/// [`safeguarding::left_without_adult`]), judged with the batch's earlier facts written.
fn left_without_adult(ground: &Ground, batch: &Batch, leaving: &Person, day: NaiveDate, first_day: NaiveDate) -> usize {
    if leaving.category != super::Category::Chaperone || leaving.is_minor(first_day) {
        return 0;
    }
    let adults: Vec<&str> =
        ground.chaperones.get(&leaving.delegation).into_iter().flatten().map(String::as_str).collect();
    let wards: Vec<safeguarding::Ward> = ground
        .members
        .get(&leaving.delegation)
        .into_iter()
        .flatten()
        .filter(|c| ground.people.get(*c).is_some_and(|p| p.is_minor(first_day)))
        .map(|c| safeguarding::Ward { child: c, adults: adults.clone() })
        .collect();
    let venue = EntryPoint::Venue(day);
    safeguarding::left_without_adult(&wards, &leaving.code, |c| batch.is_in(ground, &venue, c)).len()
}

/// The session a fact is about, for a refusal's message.
fn session_of(kind: &FactKind) -> Option<String> {
    match kind {
        FactKind::SignedUp { session, .. }
        | FactKind::Cancelled { session, .. }
        | FactKind::Waitlisted { session, .. }
        | FactKind::SeatAsked { session, .. }
        | FactKind::SeatsHandedOver { session, .. }
        | FactKind::SeatsAccepted { session, .. } => Some(session.clone()),
        FactKind::CheckedIn { entry: EntryPoint::Session(id), .. } => Some(id.clone()),
        _ => None,
    }
}

/// `kind` with every text in it cleaned as an imported cell is (codes and session ids are
/// compared exactly instead: a code with hidden characters is simply unknown).
fn clean(kind: FactKind) -> FactKind {
    let text = |s: String| cut(sanitize(&s));
    let note = |n: Option<String>| n.map(text).filter(|n| !n.is_empty());
    match kind {
        FactKind::CheckedIn { code, entry, note: n } => FactKind::CheckedIn { code, entry, note: note(n) },
        FactKind::CheckedOut { code, day, collected_by, note: n } => {
            FactKind::CheckedOut { code, day, collected_by: note(collected_by), note: note(n) }
        }
        FactKind::Annulled { fact, reason } => FactKind::Annulled { fact, reason: note(reason) },
        FactKind::WalkedIn { mut person } => {
            for field in person.texts_mut() {
                *field = text(std::mem::take(field));
            }
            person.extra = std::mem::take(&mut person.extra).into_iter().map(|(k, v)| (text(k), v)).collect();
            person.source = Source::WalkIn;
            FactKind::WalkedIn { person }
        }
        FactKind::SignedUp { code, session, note: n } => FactKind::SignedUp { code, session, note: note(n) },
        FactKind::Cancelled { code, session } => FactKind::Cancelled { code, session },
        FactKind::BadgePrinted { code, printer } => FactKind::BadgePrinted { code, printer: note(printer) },
        FactKind::Revoked { key, reason } => FactKind::Revoked { key, reason: note(reason) },
        kind @ (FactKind::Invited { .. }
        | FactKind::Admitted { .. }
        | FactKind::ProgramPublished { .. }
        | FactKind::PeoplePublished { .. }) => kind,
        FactKind::Waitlisted { code, session, note: n } => FactKind::Waitlisted { code, session, note: note(n) },
        FactKind::SeatAsked { code, session, owner, note: n } => {
            FactKind::SeatAsked { code, session, owner, note: note(n) }
        }
        kind @ (FactKind::SeatsHandedOver { .. } | FactKind::SeatsAccepted { .. }) => kind,
    }
}

/// At most [`MAX_FIELD_CHARS`] characters, as an import keeps them.
fn cut(mut s: String) -> String {
    if let Some((at, _)) = s.char_indices().nth(MAX_FIELD_CHARS) {
        s.truncate(at);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Fact;

    fn fact(operator: &str, kind: FactKind) -> Fact {
        Fact {
            id: Uuid::nil(),
            station: "desk-2".into(),
            seq: 1,
            at: DateTime::default(),
            operator: operator.into(),
            kind,
        }
    }

    fn check_in(note: Option<&str>) -> FactKind {
        let entry = EntryPoint::Venue(NaiveDate::from_ymd_opt(2016, 11, 21).unwrap());
        FactKind::CheckedIn { code: "KZ-000001".into(), entry, note: note.map(str::to_owned) }
    }

    #[test]
    fn a_fact_from_another_station_is_taken_only_as_this_folder_would_have_written_it() {
        assert_eq!(check_arrived(&fact("Aigerim", check_in(Some("late bus")))), Ok(()));
        // An operator name that would move the cursor, a note that turns text around, a
        // station admitted under a name with a bidirectional override.
        assert!(matches!(check_arrived(&fact("op\u{1b}[31m", check_in(None))), Err(Refusal::BadName { .. })));
        assert_eq!(check_arrived(&fact("Aigerim", check_in(Some("\u{202e}evil")))), Err(Refusal::Unclean));
        let admitted = FactKind::Admitted { station: "door\u{202e}-1".into(), key: [1; 32], ticket: [2; 32] };
        assert!(matches!(check_arrived(&fact("Aigerim", admitted)), Err(Refusal::BadName { .. })));
        // The state-dependent rules are not this check's: an unknown code passes it.
        let unknown = FactKind::BadgePrinted { code: "XX-1".into(), printer: None };
        assert_eq!(check_arrived(&fact("Aigerim", unknown)), Ok(()));
    }
}
