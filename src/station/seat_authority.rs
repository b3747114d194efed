//! May this station give a session's seats now ([`crate::domain::ownership`] has the rule):
//! it owns the session and holds every former owner's decisions, or it must ask the owner.

use super::Station;
use crate::domain::FactKind;
use crate::store::StoreError;

/// Whether this station may give `session`'s seats now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authority {
    /// This station owns the session (or, in a lone folder, anyone does).
    Decides,
    /// Another station owns it: ask it.
    Asks { owner: String },
    /// This station owns it since a handover, but does not yet hold the former owner's
    /// decisions up to the cut: until they arrive it cannot know which seats are free.
    Catching { from: String, upto: u64, held: u64 },
}

impl Station {
    /// The station deciding `session`'s seats now; `None` in a lone folder, where every sign-up
    /// counts (the folder's single writer decides them all).
    pub fn seat_owner(&self, session: &str) -> Option<String> {
        self.store.state().seat_owner(session).map(str::to_owned)
    }

    /// May this station give a seat in `session` now? When it may, a session handed to it is
    /// taken over first (see [`crate::domain::ownership`]).
    pub fn seat_authority(&mut self, session: &str) -> Result<Authority, StoreError> {
        let authority = self.authority_now(session);
        if authority == Authority::Decides {
            self.accept_handover(session)?;
        }
        Ok(authority)
    }

    fn authority_now(&self, session: &str) -> Authority {
        let state = self.store.state();
        let terms = state.seat_terms(session);
        let Some(owner) = terms.owner() else { return Authority::Decides };
        if owner != self.name() {
            return Authority::Asks { owner: owner.to_owned() };
        }
        let behind = terms
            .ended()
            .filter(|(station, _)| *station != owner)
            .map(|(station, upto)| (station, upto, self.store.last_seq_of(station)))
            .find(|(_, upto, held)| held < upto);
        match behind {
            Some((from, upto, held)) => Authority::Catching { from: from.to_owned(), upto, held },
            None => Authority::Decides,
        }
    }

    /// Does this station hear the owner of `session` now (as the window that syncs last wrote)? Says whether an ask will be answered within seconds or when the owner is back.
    /// The owner's own window on this folder decides it at once too.
    pub fn owner_reachable(&self, owner: &str) -> bool {
        if self.guest_of() == Some(owner) {
            return true;
        }
        let now = chrono::Utc::now();
        crate::sync::SyncStatus::read_recent(self.folder().dir(), now).is_some_and(|s| s.reaches(owner, now))
    }

    /// The owner takes a session handed to it over (a `SeatsAccepted` fact) once it holds every
    /// former owner's decisions, before its first decision; a no-op when it has already.
    fn accept_handover(&mut self, session: &str) -> Result<(), StoreError> {
        let terms = self.store.state().seat_terms(session);
        let Some(handover) = terms.to_accept().map(|h| h.fact) else { return Ok(()) };
        let kind = FactKind::SeatsAccepted { session: session.to_owned(), handover };
        let (now, operator) = (self.now(), self.operator.clone());
        self.store.record_decided(now, &operator, vec![kind])?;
        Ok(())
    }
}
