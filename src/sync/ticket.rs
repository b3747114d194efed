//! Join tickets: what `checkin invite` prints and `checkin join` reads.
//!
//! A ticket is one line, `checkin1-` and base32 of: the event, the inviting station's key and
//! addresses, the name the new station will have, when the ticket expires, and a random secret.
//! The inviting station keeps only the secret's digest (in an `Invited` fact) and redeems the
//! ticket once. Whoever holds the ticket can join until then, so it is shown once, on the
//! organiser's screen, and is short-lived.

use std::net::SocketAddr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::StationKey;
use crate::store::{EventId, codec};

const PREFIX: &str = "checkin1-";

/// The longest ticket text read (a ticket is a few hundred characters).
const MAX_TICKET: usize = 4096;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub event: EventId,
    pub event_name: String,
    /// The station that issued the ticket and redeems it.
    pub inviter: StationKey,
    pub inviter_station: String,
    /// Where the inviter listens (its LAN addresses).
    pub addresses: Vec<SocketAddr>,
    /// The new station's name.
    pub station: String,
    pub expires: DateTime<Utc>,
    pub secret: [u8; 32],
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TicketError {
    #[error(
        "this is not a checkin join ticket (it should start with {PREFIX}); copy the whole line `checkin invite` printed"
    )]
    NotATicket,
    #[error("this join ticket is damaged or cut short; copy the whole line `checkin invite` printed")]
    Damaged,
}

impl Ticket {
    /// The ticket as one line of text.
    pub fn encode(&self) -> String {
        let bytes = codec::encode(self).expect("a ticket always encodes");
        format!("{PREFIX}{}", data_encoding::BASE32_NOPAD.encode(&bytes).to_ascii_lowercase())
    }

    pub fn decode(text: &str) -> Result<Ticket, TicketError> {
        let text = text.trim();
        let body = text.strip_prefix(PREFIX).ok_or(TicketError::NotATicket)?;
        if body.len() > MAX_TICKET {
            return Err(TicketError::Damaged);
        }
        let bytes = data_encoding::BASE32_NOPAD
            .decode(body.to_ascii_uppercase().as_bytes())
            .map_err(|_| TicketError::Damaged)?;
        codec::decode_limited(&bytes).map_err(|_| TicketError::Damaged)
    }

    /// The digest the inviting station keeps of the secret.
    pub fn digest(&self) -> [u8; 32] {
        crate::store::identity::digest(&self.secret)
    }

    /// The ticket as a QR code of text blocks, for a phone or a laptop camera on the other side.
    pub fn qr_lines(&self) -> Option<String> {
        let code =
            qrcode::QrCode::with_error_correction_level(self.encode().to_ascii_uppercase(), qrcode::EcLevel::L).ok()?;
        Some(code.render::<qrcode::render::unicode::Dense1x2>().quiet_zone(true).build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket() -> Ticket {
        Ticket {
            event: EventId([7; 16]),
            event_name: "Балаға мейірімді Қазақстан".into(),
            inviter: [1; 32],
            inviter_station: "desk-1".into(),
            addresses: vec!["127.0.0.1:4917".parse().unwrap()],
            station: "door-robotics".into(),
            expires: chrono::DateTime::parse_from_rfc3339("2016-11-21T10:00:00Z").unwrap().to_utc(),
            secret: [9; 32],
        }
    }

    #[test]
    fn a_ticket_reads_back_and_damage_is_told_apart_from_another_text() {
        let text = ticket().encode();
        assert!(text.starts_with(PREFIX) && !text.contains(char::is_whitespace));
        assert_eq!(Ticket::decode(&format!("  {text}\n")).unwrap(), ticket());
        assert_eq!(Ticket::decode(&text.to_ascii_uppercase().replace("CHECKIN1-", PREFIX)).unwrap(), ticket());
        assert_eq!(Ticket::decode("hello"), Err(TicketError::NotATicket));
        assert_eq!(Ticket::decode(&text[..text.len() - 9]), Err(TicketError::Damaged));
        assert_eq!(Ticket::decode(&format!("{PREFIX}{}", "a".repeat(100_000))), Err(TicketError::Damaged));
        assert!(ticket().qr_lines().unwrap().lines().count() > 10);
    }
}
