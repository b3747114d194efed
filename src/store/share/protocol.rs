//! What a guest window and the window that owns the data folder say to each other, and how a
//! message travels: a 4-byte big-endian length, then the value in the store's own codec.

use std::io::{Read, Write};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::admission::Refusal;
use crate::domain::{Fact, FactKind, Person, Program};
use crate::store::codec;

/// Bumped whenever a message changes shape; the owner refuses guests that speak another one.
/// 2: the owner checks every append by the rules, and says which one it broke.
/// 3: a welcome's people are in the second layout of a person (folder format 4).
pub const PROTOCOL: u32 = 3;

/// A welcome carries everyone registered: 1M people are ~300 MB, so this leaves room while a
/// corrupt length can still not make us allocate without end.
const MAX_FRAME: u32 = 1 << 30;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// The first message of a connection: who the guest is.
    Hello { protocol: u32, station: String },
    /// Facts written since the guest's position in the owner's journal.
    Pull { since: u64 },
    /// Write facts for the guest's station. With `only_if_current`, nothing is written unless
    /// the guest has seen every fact up to now: what it decided may otherwise be out of date.
    Append { since: u64, only_if_current: bool, at: DateTime<Utc>, operator: String, kinds: Vec<FactKind> },
    /// Take in other stations' facts (`checkin merge` beside an open window), as from a peer.
    Merge { from: String, at: DateTime<Utc>, facts: Vec<crate::store::SignedFact> },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Reply {
    Welcome(Box<Welcome>),
    /// `facts` are the journal from the guest's position to `upto`; after an append, the
    /// guest's own facts are the last ones.
    Facts {
        facts: Vec<Fact>,
        upto: u64,
    },
    /// The append was not written: these facts came first; decide again.
    Stale {
        facts: Vec<Fact>,
        upto: u64,
    },
    Refused(String),
    /// Another window on the folder already works as this station.
    StationTaken,
    /// What a [`Request::Merge`] did.
    Merged(crate::store::Ingested),
    /// The append broke a rule every write obeys (see [`crate::domain::admission`]): nothing
    /// was written.
    NotAdmitted(Refusal),
}

/// Everything a guest needs to work as if it had opened the folder itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Welcome {
    pub owner_station: String,
    pub owner_pid: u32,
    pub program: Option<Program>,
    pub demo: bool,
    /// Imported people, in code order (walk-ins come with the facts).
    pub people: Vec<Person>,
    /// Every fact in the folder, each station's log in order.
    pub facts: Vec<Fact>,
    /// The owner's journal position these facts reach.
    pub upto: u64,
    /// The sequence number the guest's station continues with.
    pub next_seq: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("message of {0} bytes is larger than any checkin sends")]
    TooLarge(u64),
    #[error(transparent)]
    Codec(#[from] codec::CodecError),
}

pub fn send<T: Serialize>(to: &mut impl Write, message: &T) -> Result<(), WireError> {
    let body = codec::encode(message)?;
    let len =
        u32::try_from(body.len()).ok().filter(|&l| l <= MAX_FRAME).ok_or(WireError::TooLarge(body.len() as u64))?;
    to.write_all(&len.to_be_bytes())?;
    to.write_all(&body)?;
    to.flush()?;
    Ok(())
}

pub fn receive<T: serde::de::DeserializeOwned>(from: &mut impl Read) -> Result<T, WireError> {
    let mut len = [0u8; 4];
    from.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len);
    if len > MAX_FRAME {
        return Err(WireError::TooLarge(u64::from(len)));
    }
    // Grown as the bytes arrive, not reserved for what the length claims: a peer that claims a
    // gigabyte and sends nothing costs nothing.
    let mut body = Vec::new();
    from.take(u64::from(len)).read_to_end(&mut body)?;
    if body.len() < len as usize {
        return Err(WireError::Io(std::io::ErrorKind::UnexpectedEof.into()));
    }
    Ok(codec::decode(&body)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_survives_the_wire_and_a_bad_length_is_refused() {
        let mut wire = Vec::new();
        send(&mut wire, &Request::Pull { since: 7 }).unwrap();
        let back: Request = receive(&mut wire.as_slice()).unwrap();
        assert!(matches!(back, Request::Pull { since: 7 }));

        let huge = (MAX_FRAME + 1).to_be_bytes();
        assert!(matches!(receive::<Request>(&mut huge.as_slice()), Err(WireError::TooLarge(_))));
        let cut = &wire[..wire.len() - 1];
        assert!(matches!(receive::<Request>(&mut &cut[..]), Err(WireError::Io(_))));
    }
}
