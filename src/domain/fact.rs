//! Facts: the immutable record of everything that happened at a station.
//!
//! Each station appends only to its own log, numbered densely from 1, so logs from several
//! stations can later be merged by comparing the highest sequence number per station.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Person;

/// A station's name, e.g. "desk-2" or "robotics-door".
pub type StationId = String;

/// Where a person is being let in: the venue's entrance for the day, or one session's door.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryPoint {
    /// The event's entrance on a calendar day (in the event's offset).
    Venue(NaiveDate),
    /// A session of the programme (its id); the day is the session's own.
    Session(String),
}

impl EntryPoint {
    /// Short machine form: "2016-11-21" or "session:mc-robotics".
    pub fn key(&self) -> String {
        match self {
            EntryPoint::Venue(d) => d.to_string(),
            EntryPoint::Session(id) => format!("session:{id}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    /// UUIDv7: unique across stations, and sortable by creation time.
    pub id: Uuid,
    pub station: StationId,
    /// Dense per-station sequence, starting at 1.
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// Who pressed the key: the volunteer's or host's name, else the station.
    pub operator: String,
    pub kind: FactKind,
}

/// What happened. New variants go at the end: stored facts are decoded by variant index.
/// Externally tagged (serde's default) because bincode cannot decode internally tagged enums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// A registrant was let in. `note` records a host's override of a warning.
    CheckedIn { code: String, entry: EntryPoint, note: Option<String> },
    /// A registrant left. For a minor, who collected them.
    CheckedOut { code: String, day: NaiveDate, collected_by: Option<String>, note: Option<String> },
    /// An earlier fact no longer counts (undo). The original stays in the log.
    Annulled { fact: Uuid, reason: Option<String> },
    /// Someone not on the list was registered at the station. The person is stored in the
    /// first layout of a person, forever (see [`first_layout`](super::person::first_layout)).
    WalkedIn {
        #[serde(with = "super::person::first_layout::walk_in")]
        person: Box<Person>,
    },
    /// A registrant took a seat in a session.
    SignedUp { code: String, session: String, note: Option<String> },
    /// A registrant gave up their seat, or left the session's waitlist.
    Cancelled { code: String, session: String },
    /// A registrant asked for a seat in a full session and waits for one, in order of this fact.
    Waitlisted { code: String, session: String, note: Option<String> },
    /// A station of the event issued a one-time join ticket for a new station called `station`.
    /// Only the ticket's digest is kept; the ticket itself is shown once, to the organiser.
    Invited { station: StationId, ticket: Digest, expires: DateTime<Utc> },
    /// A station joined the event with the ticket whose digest is `ticket`: facts signed with
    /// `key` are accepted from now on, and peers let it connect.
    Admitted { station: StationId, key: StationKey, ticket: Digest },
    /// A station (a lost laptop) is no longer part of the event: no peer connects to it again.
    Revoked { key: StationKey, reason: Option<String> },
    /// An organiser loaded a programme: its bytes (`size` of them, with BLAKE3 `digest`) travel
    /// to every station, which takes the latest one published.
    ProgramPublished { digest: Digest, size: u64 },
    /// An organiser imported registrants: everyone imported so far, `count` people in a document
    /// of `size` bytes with BLAKE3 `digest`, travels to every station.
    PeoplePublished { digest: Digest, size: u64, count: u64 },
    /// A registrant's badge was printed (or written to a PDF for printing); `printer` is the
    /// printer it was sent to, if any. A second one is a reprint.
    BadgePrinted { code: String, printer: Option<String> },
    /// An organiser handed the seats of `session` to station `to`, taking them from `from` (the
    /// owner as the writer knew it; empty when the event had none), whose sign-ups for it count
    /// up to its fact `from_upto` (the last of its log the writer held). `previous` is the
    /// handover that had made `from` the owner (`None`: the default owner): see
    /// [`crate::domain::ownership`].
    SeatsHandedOver { session: String, to: StationId, from: StationId, from_upto: u64, previous: Option<uuid::Uuid> },
    /// A station that does not own `session`'s seats asked `owner` for one for `code`. It waits
    /// on the waitlist, in order of asking, until the owner decides (see
    /// [`crate::domain::ownership`]); `note` records overridden warnings, as a sign-up's does.
    SeatAsked { code: String, session: String, owner: StationId, note: Option<String> },
    /// The station a session was handed to (by the `SeatsHandedOver` fact `handover`) takes its
    /// seats over: only its sign-ups after this fact count (see [`crate::domain::ownership`]).
    SeatsAccepted { session: String, handover: uuid::Uuid },
}

/// The documents that make up an event besides its facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Program,
    People,
}

/// A station's public key (Ed25519, 32 bytes): its facts are signed with the matching secret key.
pub type StationKey = [u8; 32];

/// A 32-byte digest (BLAKE3), e.g. of a join ticket's secret.
pub type Digest = [u8; 32];

impl FactKind {
    /// The registration code this fact is about, if any.
    pub fn code(&self) -> Option<&str> {
        match self {
            FactKind::CheckedIn { code, .. }
            | FactKind::CheckedOut { code, .. }
            | FactKind::SignedUp { code, .. }
            | FactKind::Cancelled { code, .. }
            | FactKind::Waitlisted { code, .. }
            | FactKind::BadgePrinted { code, .. }
            | FactKind::SeatAsked { code, .. } => Some(code),
            FactKind::WalkedIn { person } => Some(&person.code),
            FactKind::Annulled { .. }
            | FactKind::Invited { .. }
            | FactKind::Admitted { .. }
            | FactKind::Revoked { .. }
            | FactKind::ProgramPublished { .. }
            | FactKind::PeoplePublished { .. }
            | FactKind::SeatsHandedOver { .. }
            | FactKind::SeatsAccepted { .. } => None,
        }
    }

    /// Short machine name of the variant, as in exports.
    pub fn name(&self) -> &'static str {
        match self {
            FactKind::CheckedIn { .. } => "checked_in",
            FactKind::CheckedOut { .. } => "checked_out",
            FactKind::Annulled { .. } => "annulled",
            FactKind::WalkedIn { .. } => "walked_in",
            FactKind::SignedUp { .. } => "signed_up",
            FactKind::Cancelled { .. } => "cancelled",
            FactKind::Waitlisted { .. } => "waitlisted",
            FactKind::Invited { .. } => "invited",
            FactKind::Admitted { .. } => "admitted",
            FactKind::Revoked { .. } => "revoked",
            FactKind::ProgramPublished { .. } => "program_published",
            FactKind::PeoplePublished { .. } => "people_published",
            FactKind::BadgePrinted { .. } => "badge_printed",
            FactKind::SeatsHandedOver { .. } => "seats_handed_over",
            FactKind::SeatAsked { .. } => "seat_asked",
            FactKind::SeatsAccepted { .. } => "seats_accepted",
        }
    }
}
