//! Who decides a session's seats, as a station lives it ([`crate::domain::ownership`] has the
//! rule): the owner deciding what others asked, and an organiser handing a session to another
//! station. Whether this station may decide is [`super::seat_authority`]; asking is the
//! sign-up's ([`super::sessions`]).
//!
//! An ask is a `SeatAsked` fact: it travels to the owner with every other fact (within a second
//! while the two are connected, when the network is back otherwise), and the owner's seat — or
//! its silence, while the seats are taken — comes back the same way. One path online and
//! offline, and nothing an owner decides is lost if the asker is gone by then.

use super::Station;
use super::seat_authority::Authority;
use super::sessions::{Consent, SeatOutcome, SessionError};
use crate::domain::{FactKind, SeatStatus};
use crate::store::StoreError;

/// Why a handover was refused.
#[derive(Debug, thiserror::Error)]
pub enum HandoverError {
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("no station {0:?} in this event (see `checkin stations`)")]
    UnknownStation(String),
    #[error("station {0:?} was revoked: hand the session to a station of the event")]
    Revoked(String),
    #[error("{station} owns {session} already")]
    Already { station: String, session: String },
}

impl Station {
    /// The owner's side: gives a seat to each person who asked for one (at another station, or
    /// with a sign-up that did not count) in sessions this station decides, in order of asking,
    /// while seats are free for them — behind anyone waiting longer. Every rule is checked here
    /// again, as for a sign-up at this desk. Returns how many seats were given.
    pub fn decide_asks(&mut self) -> Result<usize, SessionError> {
        let Some(program) = self.program.as_ref() else { return Ok(0) };
        let mine: Vec<String> = program
            .sessions
            .iter()
            .filter(|s| self.store.state().seat_owner(&s.id) == Some(self.name()))
            .map(|s| s.id.clone())
            .collect();
        let mut given = 0;
        for id in mine {
            if self.seat_authority(&id)? != Authority::Decides {
                continue;
            }
            let offered: Vec<String> = self.summary(&id)?.occupancy.offers().to_vec();
            for code in offered {
                let asked = match self.occupant(&id, &code)?.seat {
                    SeatStatus::Waitlisted { fact, .. } => self.store.state().is_ask(&id, &code, fact),
                    _ => false,
                };
                if !asked {
                    // Someone who joined the waitlist waits for the host to call them.
                    break;
                }
                let consent = Consent::all(Some("asked at another station".into()));
                match self.sign_up(&code, &id, &consent)? {
                    SeatOutcome::SignedUp(_) => given += 1,
                    other => tracing::info!(session = %id, %code, ?other, "an ask was not given a seat"),
                }
            }
        }
        Ok(given)
    }

    /// An organiser hands session `id`'s seats to `to` (its door station, or another when the
    /// owner's laptop was lost): from now on only `to`'s sign-ups take seats, and the former
    /// owner's count up to the last of its facts this folder holds.
    pub fn hand_over_seats(&mut self, id: &str, to: &str) -> Result<(), HandoverError> {
        self.session(id)?;
        let state = self.store.state();
        let membership = state.membership();
        let named = |m: &crate::domain::membership::Member| m.admissions.iter().any(|a| a.station == to);
        let revoked = membership.members().any(|(_, m)| named(m) && m.is_revoked());
        if revoked && membership.key_of(to).is_none() {
            return Err(HandoverError::Revoked(to.to_owned()));
        }
        let known = membership.key_of(to).is_some() || self.store.last_seq_of(to) > 0 || to == self.name();
        if !known {
            return Err(HandoverError::UnknownStation(to.to_owned()));
        }
        let from = state.seat_owner(id).unwrap_or_default().to_owned();
        if from == to {
            return Err(HandoverError::Already { station: to.to_owned(), session: id.to_owned() });
        }
        let kind = FactKind::SeatsHandedOver {
            session: id.to_owned(),
            to: to.to_owned(),
            from_upto: if from.is_empty() { 0 } else { self.held_seq(&from) },
            previous: state.seat_terms(id).current().map(|h| h.fact),
            from,
        };
        let (now, operator) = (self.now(), self.operator.clone());
        self.store.record_decided(now, &operator, vec![kind]).map_err(SessionError::from)?;
        Ok(())
    }

    /// The last fact of `station`'s log held here; for this station, the last one written.
    fn held_seq(&self, station: &str) -> u64 {
        if station == self.name() { self.store.next_seq().saturating_sub(1) } else { self.store.last_seq_of(station) }
    }
}

impl From<StoreError> for HandoverError {
    fn from(e: StoreError) -> Self {
        HandoverError::Session(SessionError::Store(e))
    }
}
