//! Who decides a session's seats: one station per session, so that capacity holds under any
//! partition of the network.
//!
//! By default the station that published the event's first programme (the organisers' laptop
//! that created the event) owns every session. An organiser hands a session to another station
//! (its door) with a `SeatsHandedOver` fact, which says how far it had seen the old owner's log:
//! the old owner's sign-ups count up to there. The new owner takes over with a `SeatsAccepted`
//! fact, written once it holds every former owner's log up to its cut; its sign-ups after that
//! fact count.
//!
//! **The rule of derivation.** A `SignedUp` fact takes a seat only if its station owned the
//! session when it wrote it, by those terms. Any other sign-up (written by a station that was
//! not the owner, had not heard of a handover yet, or was forged) counts only as an *ask*: the
//! person waits on the waitlist, in order of asking, until the owner decides — exactly like a
//! `SeatAsked` fact. Terms are measured in positions of the writer's own log, never in clock
//! time, and depend only on the set of facts, so every station derives the same seats whatever
//! order the facts arrive in; and since the new owner decides only knowing every sign-up that
//! counts before its term, two owners never give the same seat.
//!
//! Each handover names the one it continues (`previous`: the handover that had made `from` the
//! owner), so the handovers form a tree from the default owner. Two organisers handing one
//! session at once while apart make a fork: the branch of the earlier handover (by time, then
//! fact id) is the chain, and sign-ups on the other are asks. A station decides only once its
//! own view holds the whole path to its handover and every former owner's log on it up to its
//! cut, so whichever branch is the chain, no counted seat was given without seeing the others.
//! A folder without a published programme (a lone laptop that never invited another) has no
//! default owner: until its first handover every sign-up counts, as the folder's single writer
//! decides them all.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One `SeatsHandedOver` fact of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    pub fact: Uuid,
    pub at: DateTime<Utc>,
    /// The station that wrote it (the organiser's).
    pub by: String,
    pub to: String,
    pub from: String,
    pub from_upto: u64,
    pub previous: Option<Uuid>,
}

/// One `SeatsAccepted` fact: `station` took the session over at its fact `seq`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acceptance {
    pub fact: Uuid,
    pub handover: Uuid,
    pub station: String,
    pub seq: u64,
}

/// Every handover and acceptance of one session's seats.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionOwners {
    /// Oldest first.
    pub handovers: Vec<Handover>,
    /// By fact id.
    pub acceptances: Vec<Acceptance>,
}

impl SessionOwners {
    pub fn is_empty(&self) -> bool {
        self.handovers.is_empty() && self.acceptances.is_empty()
    }
}

/// One owner in the chain of a session: the default owner (`handover: None`) or the station a
/// handover gave it to, and how far its sign-ups count once a later handover took it away.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Link<'a> {
    station: &'a str,
    handover: Option<&'a Handover>,
    /// The last fact of its log that counts (`None`: the current owner, still deciding).
    upto: Option<u64>,
}

/// The owners of one session's seats over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms<'a> {
    chain: Vec<Link<'a>>,
    /// No default owner: sign-ups before this point (time, fact id) count whoever wrote them.
    open_until: Option<Option<(DateTime<Utc>, Uuid)>>,
    /// Each station's acceptances of this session's handovers: (its sequence, the handover).
    accepted: Vec<(&'a str, u64, Uuid)>,
}

impl<'a> Terms<'a> {
    /// The terms of a session from its default owner, its handovers and acceptances.
    pub fn new(default_owner: Option<&'a str>, owners: &'a SessionOwners) -> Terms<'a> {
        let mut chain: Vec<Link<'a>> =
            default_owner.map(|station| Link { station, handover: None, upto: None }).into_iter().collect();
        let mut open_until = None;
        let mut previous: Option<Uuid> = None;
        loop {
            let from = chain.last().map_or("", |l| l.station);
            // Without a default owner, the first handover may name any owner it believed in.
            let continues = |h: &&Handover| h.previous == previous && (chain.is_empty() || h.from == from);
            let Some(next) = owners.handovers.iter().filter(continues).min_by_key(|h| (h.at, h.fact)) else { break };
            match chain.last_mut() {
                Some(current) => current.upto = Some(next.from_upto),
                None => open_until = Some((next.at, next.fact)),
            }
            chain.push(Link { station: &next.to, handover: Some(next), upto: None });
            previous = Some(next.fact);
        }
        let open_until = if default_owner.is_none() { Some(open_until) } else { None };
        let mut accepted: Vec<(&str, u64, Uuid)> =
            owners.acceptances.iter().map(|a| (a.station.as_str(), a.seq, a.handover)).collect();
        accepted.sort();
        Terms { chain, open_until, accepted }
    }

    /// The handover that made the current owner (`None`: the default owner, or none).
    pub fn current(&self) -> Option<&'a Handover> {
        self.chain.last().and_then(|l| l.handover)
    }

    /// The handover `station` had last accepted when it wrote its fact `seq` (`None`: none yet).
    fn basis(&self, station: &str, seq: u64) -> Option<Uuid> {
        self.accepted.iter().rfind(|(s, n, _)| *s == station && *n < seq).map(|(_, _, h)| *h)
    }

    /// The terms that ended: each former owner and the last fact of its log that counts. The
    /// owner may take over only once it holds every one of those logs up to there (it cannot
    /// know otherwise which seats they gave).
    pub fn ended(&self) -> impl Iterator<Item = (&'a str, u64)> + '_ {
        self.chain.iter().filter_map(|l| l.upto.map(|upto| (l.station, upto)))
    }

    /// The station deciding the seats now; `None` for a lone folder's session never handed over.
    pub fn owner(&self) -> Option<&'a str> {
        self.chain.last().filter(|l| l.upto.is_none()).map(|l| l.station)
    }

    /// The handover its owner has yet to accept (with a `SeatsAccepted` fact, the last it wrote
    /// for the session) before its sign-ups count.
    pub fn to_accept(&self) -> Option<&'a Handover> {
        let last = self.chain.last().filter(|l| l.upto.is_none())?;
        let h = last.handover?;
        (self.basis(last.station, u64::MAX) != Some(h.fact)).then_some(h)
    }

    /// Does a sign-up written by `station` as its fact `seq`, at `at` with id `fact`, take a
    /// seat? Only if `station` wrote it in a term of the chain: after accepting the handover of
    /// that term (or, the default owner, before accepting any) and up to the term's cut. A
    /// sign-up judged before it is written (no station yet) is assumed to: a capacity check must
    /// never count on a seat being an ask.
    pub fn counts(&self, station: &str, seq: u64, at: DateTime<Utc>, fact: Uuid) -> bool {
        if station.is_empty() {
            return true;
        }
        match self.open_until {
            Some(None) => return true,
            Some(Some(until)) if (at, fact) < until => return true,
            _ => {}
        }
        let basis = self.basis(station, seq);
        self.chain.iter().any(|l| {
            l.station == station && l.handover.map(|h| h.fact) == basis && l.upto.is_none_or(|upto| seq <= upto)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(min: i64) -> DateTime<Utc> {
        DateTime::<Utc>::default() + chrono::Duration::minutes(min)
    }

    fn id(min: i64) -> Uuid {
        Uuid::from_u128(min as u128)
    }

    /// A handover at minute `min` continuing the one of minute `previous`, accepted by its new
    /// owner at its fact `accepted`.
    fn handover(
        min: i64,
        previous: Option<i64>,
        from: &str,
        from_upto: u64,
        to: &str,
        accepted: u64,
    ) -> (Handover, Acceptance) {
        let h = Handover {
            fact: id(min),
            at: at(min),
            by: "org".into(),
            to: to.into(),
            from: from.into(),
            from_upto,
            previous: previous.map(id),
        };
        let a = Acceptance { fact: id(1000 + min), handover: id(min), station: to.into(), seq: accepted };
        (h, a)
    }

    fn owners(all: &[(Handover, Acceptance)]) -> SessionOwners {
        SessionOwners {
            handovers: all.iter().map(|(h, _)| h.clone()).collect(),
            acceptances: all.iter().map(|(_, a)| a.clone()).collect(),
        }
    }

    #[test]
    fn the_default_owner_decides_until_it_hands_over_at_a_cut_of_its_log() {
        let hs = owners(&[handover(10, None, "org", 7, "door", 3)]);
        let terms = Terms::new(Some("org"), &hs);
        assert_eq!(terms.owner(), Some("door"));
        let nil = Uuid::nil();
        assert!(terms.counts("org", 7, at(20), nil), "before the cut, even heard of late");
        assert!(!terms.counts("org", 8, at(5), nil), "after the cut, whatever its clock said");
        assert!(!terms.counts("door", 3, at(30), nil), "the new owner's log up to its acceptance");
        assert!(terms.counts("door", 4, at(0), nil));
        assert!(!terms.counts("desk-2", 1, at(1), nil), "never an owner");
        assert_eq!(terms.ended().collect::<Vec<_>>(), [("org", 7)]);
        // Not accepted yet: the door owns the session, and none of its sign-ups count.
        let not_yet = SessionOwners { handovers: hs.handovers.clone(), acceptances: Vec::new() };
        let terms = Terms::new(Some("org"), &not_yet);
        assert_eq!((terms.owner(), terms.to_accept().map(|h| h.fact)), (Some("door"), Some(id(10))));
        assert!(!terms.counts("door", 40, at(30), nil));
    }

    #[test]
    fn of_two_handovers_written_apart_the_earlier_is_the_chain_and_the_other_branch_asks() {
        let hs = owners(&[handover(11, None, "org", 9, "desk-2", 2), handover(10, None, "org", 7, "door", 3)]);
        let terms = Terms::new(Some("org"), &hs);
        assert_eq!(terms.owner(), Some("door"));
        assert!(!terms.counts("desk-2", 5, at(12), Uuid::nil()));
        assert!(!terms.counts("org", 8, at(12), Uuid::nil()), "the chain's cut");
        // A handover that does not continue the chain (written on an old view) changes nothing.
        let hs = owners(&[handover(10, None, "org", 7, "door", 3), handover(12, Some(10), "org", 9, "desk-2", 0)]);
        assert_eq!(Terms::new(Some("org"), &hs).owner(), Some("door"));
    }

    #[test]
    fn a_station_handed_a_session_back_counts_only_after_accepting_it_again() {
        let hs = owners(&[handover(10, None, "org", 7, "door", 3), handover(12, Some(10), "door", 9, "org", 20)]);
        let terms = Terms::new(Some("org"), &hs);
        assert_eq!(terms.owner(), Some("org"));
        let nil = Uuid::nil();
        assert!(terms.counts("door", 9, at(0), nil) && !terms.counts("door", 10, at(0), nil));
        assert!(terms.counts("org", 21, at(0), nil), "after it took the session back");
        assert!(!terms.counts("org", 15, at(0), nil), "written as the old owner, past its cut");
        assert!(terms.counts("org", 6, at(0), nil), "its first term");
    }

    #[test]
    fn a_lone_folder_counts_every_sign_up_until_its_first_handover() {
        let none = SessionOwners::default();
        let terms = Terms::new(None, &none);
        assert_eq!(terms.owner(), None);
        assert!(terms.counts("desk-1-2", 5, at(0), Uuid::nil()));
        let hs = owners(&[handover(10, None, "", 0, "door", 0)]);
        let terms = Terms::new(None, &hs);
        assert!(terms.counts("desk-1", 5, at(9), Uuid::nil()));
        assert!(!terms.counts("desk-1", 6, at(11), Uuid::nil()));
        assert!(terms.counts("door", 1, at(11), Uuid::nil()));
    }
}
