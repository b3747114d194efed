//! What the two sides of the sync say to each other: the network thread asks the main loop,
//! which owns the store, questions ([`Job`]); the main loop tells the network thread what the
//! store holds ([`Published`]) after every change.

use std::collections::BTreeSet;

use tokio::sync::oneshot;

use super::wire::Vector;
use crate::domain::{Digest, StationKey};
use crate::store::{EventId, EventInfo, SignedFact};

/// A question from the network thread, answered by the main loop.
pub enum Job {
    /// Facts of `station` after `after`, at most `limit`.
    Read { station: String, after: u64, limit: usize, reply: oneshot::Sender<Vec<SignedFact>> },
    /// Take in facts a peer sent; the answer is what this station holds afterwards.
    Ingest { from: String, facts: Vec<SignedFact>, reply: oneshot::Sender<Vector> },
    /// A new station presents a join ticket's secret: admit it (an `Admitted` fact) or say why not.
    Redeem {
        secret: [u8; 32],
        station: String,
        key: StationKey,
        reply: oneshot::Sender<Result<(EventInfo, SignedFact), String>>,
    },
    /// The bytes of a document a peer asks for, if held.
    ReadDocument { digest: Digest, reply: oneshot::Sender<Option<Vec<u8>>> },
    /// A document fetched from a peer: kept if a fact names it, then applied.
    TakeDocument { bytes: Vec<u8>, reply: oneshot::Sender<bool> },
}

/// What the network thread may know of the store: enough to greet, admit and push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub event: EventId,
    pub event_name: String,
    pub station: String,
    pub key: StationKey,
    pub vector: Vector,
    /// Keys that may connect.
    pub admitted: BTreeSet<StationKey>,
    pub revoked: BTreeSet<StationKey>,
    /// This station's admission, for peers that have not heard of it yet.
    pub admission: Vec<SignedFact>,
    /// Documents (programme, registrants) the facts name and this folder lacks: asked of peers.
    pub wanted: Vec<Digest>,
}
