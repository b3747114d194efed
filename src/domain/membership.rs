//! Which stations belong to the event: who invited whom, who joined with which key, who was
//! revoked. Derived from `Invited`, `Admitted` and `Revoked` facts like the rest of [`State`]
//! (in any order, an annulment undoing any of them), so every station that holds the same facts
//! admits the same keys.
//!
//! [`State`]: super::State

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::fact::{Digest, StationKey};

/// One station's standing in the event, as every live fact about its key has it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Each `Admitted` fact for this key, oldest first (normally one).
    pub admissions: Vec<Admission>,
    /// Each `Revoked` fact for this key, oldest first.
    pub revocations: Vec<Revocation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Admission {
    pub fact: Uuid,
    pub at: DateTime<Utc>,
    /// The name the station joined as.
    pub station: String,
    /// The station that let it in (redeemed the ticket).
    pub by: String,
    pub ticket: Digest,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub fact: Uuid,
    pub at: DateTime<Utc>,
    pub by: String,
    pub reason: Option<String>,
}

impl Member {
    /// Admitted and not revoked: may connect.
    pub fn is_admitted(&self) -> bool {
        self.was_admitted() && self.revocations.is_empty()
    }

    /// Admitted at some point: its facts are taken, even after a revocation (they were signed
    /// while it belonged to the event, or carried by a station that did not know yet).
    pub fn was_admitted(&self) -> bool {
        !self.admissions.is_empty()
    }

    pub fn is_revoked(&self) -> bool {
        !self.revocations.is_empty()
    }

    /// The name it joined as (the first admission's).
    pub fn station(&self) -> Option<&str> {
        self.admissions.first().map(|a| a.station.as_str())
    }

    fn is_empty(&self) -> bool {
        self.admissions.is_empty() && self.revocations.is_empty()
    }

    /// Undoes a revocation. An admission cannot be undone: which facts a station holds must not
    /// depend on the order it heard things in, so a key once admitted stays one whose facts are
    /// taken (a lost laptop is revoked instead, and then no station connects to it).
    fn remove(&mut self, fact: Uuid) -> bool {
        let before = self.revocations.len();
        self.revocations.retain(|r| r.fact != fact);
        before != self.revocations.len()
    }
}

/// A join ticket that was issued: whether it may still be used is [`Membership::ticket_use`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    pub fact: Uuid,
    pub at: DateTime<Utc>,
    /// The station that issued it, the only one that redeems it (so "one-time" needs no
    /// agreement between stations).
    pub by: String,
    /// The name the new station will have.
    pub station: String,
    pub expires: DateTime<Utc>,
}

/// Why a ticket cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketRefusal {
    #[error("this ticket was not issued by this station of the event")]
    Unknown,
    #[error("this ticket expired at {0}; ask for a new one (`checkin invite`)")]
    Expired(DateTime<Utc>),
    #[error("this ticket was used already (by station {0}); ask for a new one (`checkin invite`)")]
    Used(String),
}

/// Members and invites, keyed for the store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Membership {
    pub(super) members: BTreeMap<StationKey, Member>,
    pub(super) invites: BTreeMap<Digest, Invite>,
}

impl Membership {
    pub(super) fn admit(&mut self, key: StationKey, admission: Admission) {
        let member = self.members.entry(key).or_default();
        let pos = member.admissions.partition_point(|a| (a.at, a.fact) < (admission.at, admission.fact));
        member.admissions.insert(pos, admission);
    }

    pub(super) fn revoke(&mut self, key: StationKey, revocation: Revocation) {
        let member = self.members.entry(key).or_default();
        let pos = member.revocations.partition_point(|r| (r.at, r.fact) < (revocation.at, revocation.fact));
        member.revocations.insert(pos, revocation);
    }

    pub(super) fn invite(&mut self, ticket: Digest, invite: Invite) {
        // Two invites with one digest cannot happen (the secret is random); keep the earlier so
        // the result does not depend on order.
        match self.invites.get(&ticket) {
            Some(old) if (old.at, old.fact) <= (invite.at, invite.fact) => {}
            _ => {
                self.invites.insert(ticket, invite);
            }
        }
    }

    /// Takes out the effect of fact `fact` on `key`'s record; true when something changed.
    pub(super) fn annul_member(&mut self, key: &StationKey, fact: Uuid) -> bool {
        let Some(member) = self.members.get_mut(key) else { return false };
        let changed = member.remove(fact);
        if member.is_empty() {
            self.members.remove(key);
        }
        changed
    }

    pub(super) fn annul_invite(&mut self, ticket: &Digest, fact: Uuid) -> bool {
        if self.invites.get(ticket).is_some_and(|i| i.fact == fact) {
            self.invites.remove(ticket);
            return true;
        }
        false
    }

    pub fn member(&self, key: &StationKey) -> Option<&Member> {
        self.members.get(key)
    }

    /// Every key the facts know, admitted or revoked.
    pub fn members(&self) -> impl Iterator<Item = (&StationKey, &Member)> {
        self.members.iter()
    }

    pub fn invites(&self) -> impl Iterator<Item = (&Digest, &Invite)> {
        self.invites.iter()
    }

    /// May a new station join with the ticket whose digest is `ticket` at `now`? (Whether the
    /// station redeeming it issued it is for the caller to check: only that station redeems it.)
    pub fn ticket_use(&self, ticket: &Digest, now: DateTime<Utc>) -> Result<&Invite, TicketRefusal> {
        let invite = self.invites.get(ticket).ok_or(TicketRefusal::Unknown)?;
        let used = self.members.values().flat_map(|m| &m.admissions).find(|a| &a.ticket == ticket);
        if let Some(used) = used {
            return Err(TicketRefusal::Used(used.station.clone()));
        }
        if now >= invite.expires {
            return Err(TicketRefusal::Expired(invite.expires));
        }
        Ok(invite)
    }

    /// The admitted (not revoked) key that joined as `station`, if any.
    pub fn key_of(&self, station: &str) -> Option<&StationKey> {
        self.members.iter().find(|(_, m)| m.is_admitted() && m.station() == Some(station)).map(|(k, _)| k)
    }
}
