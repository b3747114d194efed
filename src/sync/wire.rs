//! What stations say to each other on a QUIC stream: length-prefixed messages, each a bincode
//! value (through the store's codec, so it carries a format byte), none larger than
//! [`MAX_MESSAGE`]. A peer is untrusted input: a length beyond the limit, bytes that are not a
//! message, or a stream cut short is an error for that connection, never an allocation of what
//! the peer claims.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Digest, StationKey};
use crate::store::{EventId, EventInfo, SignedFact, codec};

/// Bumped when a message changes meaning; a peer speaking another is refused with a message.
pub const PROTOCOL: u32 = 1;

/// The largest message read: a page of facts ([`PAGE_FACTS`] of them) fits many times over.
pub const MAX_MESSAGE: usize = 4 << 20;

/// Facts sent per page.
pub const PAGE_FACTS: usize = 256;

/// Station → last sequence held.
pub type Vector = BTreeMap<String, u64>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Message {
    /// The first message each way on a sync connection.
    Hello(Hello),
    /// Facts the other side lacks, in their logs' order.
    Facts(Vec<SignedFact>),
    /// What the sender holds now (after storing a page, or as an answer to a nudge).
    Have(Vector),
    /// For the clock: `sent` is the sender's clock; the answer is a [`Message::Pong`].
    Ping {
        sent: DateTime<Utc>,
    },
    Pong {
        sent: DateTime<Utc>,
        at: DateTime<Utc>,
    },
    /// The connection is refused, and why (shown to the other station's operator).
    Refused(String),
    /// Asks for the bytes of an event document (programme, registrants) a fact names.
    GetDocument(Digest),
    /// A part of a document, in order: `offset` bytes of `total` came before.
    DocumentPart {
        digest: Digest,
        offset: u64,
        total: u64,
        bytes: Vec<u8>,
    },
    /// The sender does not hold that document.
    NoDocument(Digest),
}

/// The largest part of a document sent in one message.
pub const DOCUMENT_PART: usize = 1 << 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    pub protocol: u32,
    pub event: EventId,
    /// The sender's station name.
    pub station: String,
    /// The sender's clock when it sent this.
    pub clock: DateTime<Utc>,
    pub have: Vector,
    /// Where the sender listens, and where it knows other stations listen: a station told of
    /// one peer finds the rest.
    pub addresses: Vec<(StationKey, Vec<SocketAddr>)>,
    /// The fact that admitted the sender (signed by the station that let it in), for a peer
    /// that has not heard of the admission yet. Empty for the event's founder.
    pub admission: Vec<SignedFact>,
}

/// The first message on a join connection, from the new station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequest {
    pub protocol: u32,
    pub event: EventId,
    /// The ticket's secret; the inviter knows only its digest.
    pub secret: [u8; 32],
    pub station: String,
}

/// The inviter's answer to a [`JoinRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum JoinReply {
    Welcome { event: EventInfo, admission: SignedFact },
    Refused(String),
}

#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("the peer sent a message of {0} bytes; at most {MAX_MESSAGE} are accepted")]
    TooLarge(u64),
    #[error("the peer sent something that is not a checkin message: {0}")]
    Garbled(#[from] codec::CodecError),
    #[error("the connection broke: {0}")]
    Broken(String),
}

/// Writes one message.
pub async fn send<T: Serialize>(out: &mut iroh::endpoint::SendStream, message: &T) -> Result<(), WireError> {
    let body = codec::encode(message)?;
    if body.len() > MAX_MESSAGE {
        return Err(WireError::TooLarge(body.len() as u64));
    }
    let mut framed = Vec::with_capacity(4 + body.len());
    framed.extend_from_slice(&(body.len() as u32).to_be_bytes());
    framed.extend_from_slice(&body);
    out.write_all(&framed).await.map_err(|e| WireError::Broken(e.to_string()))
}

/// Reads one message; `None` when the peer finished the stream cleanly.
pub async fn receive<T: serde::de::DeserializeOwned>(
    input: &mut iroh::endpoint::RecvStream,
) -> Result<Option<T>, WireError> {
    let mut length = [0u8; 4];
    match input.read_exact(&mut length).await {
        Ok(()) => {}
        Err(iroh::endpoint::ReadExactError::FinishedEarly(0)) => return Ok(None),
        Err(e) => return Err(WireError::Broken(e.to_string())),
    }
    let length = u32::from_be_bytes(length) as u64;
    if length as usize > MAX_MESSAGE {
        return Err(WireError::TooLarge(length));
    }
    let mut body = vec![0u8; length as usize];
    input.read_exact(&mut body).await.map_err(|e| WireError::Broken(e.to_string()))?;
    Ok(Some(codec::decode_limited(&body)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_round_trips_and_garbage_is_an_error_not_a_panic() {
        let hello = Message::Have(BTreeMap::from([("desk-1".to_owned(), 7)]));
        let bytes = codec::encode(&hello).unwrap();
        assert_eq!(codec::decode_limited::<Message>(&bytes).unwrap(), hello);
        // Format byte, variant (Have = 2, Facts = 1), then a length of 2^40 (varint: 253 + u64 LE):
        // a vector claiming 2^40 stations, a page claiming 2^40 facts. Refused, not allocated.
        let claim = [0xfd, 0, 0, 0, 0, 0, 1, 0, 0];
        for variant in [2u8, 1] {
            let mut hostile = vec![1u8, variant];
            hostile.extend_from_slice(&claim);
            assert!(codec::decode_limited::<Message>(&hostile).is_err());
        }
    }
}
