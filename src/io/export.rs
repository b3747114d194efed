//! What leaves the station on purpose: attendance sheets for Excel and the fact log for backup.

use std::io::{BufRead, Write};

use chrono::{DateTime, FixedOffset, Utc};

use crate::domain::derived::{AttendanceStatus, Direction};
use crate::domain::signed::{EventId, SignedFact, hex, unhex};
use crate::domain::{EntryPoint, Fact, Person, SeatStatus, State};

use super::sheet::{SheetFormat, write_table};

const ATTENDANCE_HEADER: [&str; 17] = [
    "code",
    "family_name",
    "given_name",
    "patronymic",
    "category",
    "organisation",
    "country",
    "region",
    "delegation",
    "signed_up",
    "status",
    "arrived_at",
    "station",
    "left_at",
    "collected_by",
    "seat",
    "note",
];

/// Which people an attendance sheet lists.
pub enum Roster<'a> {
    /// Everyone registered (the venue on a day).
    Everyone,
    /// Signed up for the session, on its waitlist, cancelled, or let in at its door.
    Session(&'a str),
}

/// One row per person: who they are, whether they came, when and through which station; as a
/// CSV or a workbook ([`super::sheet`]).
pub fn write_attendance(
    out: impl Write,
    format: SheetFormat,
    people: &[Person],
    state: &State,
    entry: &EntryPoint,
    roster: Roster<'_>,
    offset: FixedOffset,
) -> std::io::Result<usize> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for p in people {
        let attendance = state.attendance(entry, &p.code);
        let seat = match roster {
            Roster::Everyone => None,
            Roster::Session(id) => Some(state.seat_status(id, &p.code, p.sessions.iter().any(|s| s == id))),
        };
        let signed_up = seat.as_ref().map(|s| matches!(s, SeatStatus::SignedUp { .. }));
        if seat == Some(SeatStatus::None) && attendance.is_none() {
            continue;
        }
        let seat = match (&seat, attendance.is_some()) {
            (None, _) => "",
            (Some(SeatStatus::SignedUp { .. }), _) => "signed_up",
            (Some(SeatStatus::Waitlisted { .. }), false) => "waitlisted",
            (Some(SeatStatus::Cancelled { .. }), false) => "cancelled",
            (Some(_), _) => "walk_in",
        };
        let local = |t: DateTime<Utc>| t.with_timezone(&offset).format("%Y-%m-%d %H:%M:%S").to_string();
        let first_in = attendance.and_then(|a| a.first_in());
        let last_out = attendance.and_then(|a| a.movements.iter().rev().find(|m| m.direction != Direction::In));
        let (status, collected_by) = match attendance.map(|a| a.status()) {
            None | Some(AttendanceStatus::NotYet) => ("not_yet", String::new()),
            Some(AttendanceStatus::In { .. }) => ("in", String::new()),
            Some(AttendanceStatus::Out { collected_by, .. }) => ("out", collected_by.unwrap_or_default()),
        };
        let status = if p.status.admitted() { status } else { p.status.key() };
        rows.push(
            [
                p.code.as_str(),
                &p.family,
                &p.given,
                &p.patronymic,
                p.category.key(),
                &p.organisation,
                &p.country,
                &p.region,
                &p.delegation,
                signed_up.map_or("", |s| if s { "yes" } else { "no" }),
                status,
                &first_in.map(|m| local(m.at)).unwrap_or_default(),
                first_in.map_or("", |m| m.station.as_str()),
                &last_out.map(|m| local(m.at)).unwrap_or_default(),
                &collected_by,
                seat,
                first_in.and_then(|m| m.note.as_deref()).unwrap_or_default(),
            ]
            .map(str::to_owned)
            .to_vec(),
        );
    }
    write_table(out, format, "attendance", &ATTENDANCE_HEADER, rows)
}

/// One line of a fact log: the fact's fields for people and scripts, and — for merging into
/// another station — its signed bytes exactly as its station stored them.
#[derive(serde::Serialize, serde::Deserialize)]
struct FactLine {
    #[serde(flatten)]
    fact: Fact,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signed: Option<SignedLine>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct SignedLine {
    /// The event's id (32 hex digits).
    event: String,
    /// The signing station's key (64 hex digits).
    key: String,
    /// The Ed25519 signature (128 hex digits).
    sig: String,
    /// The fact as stored (hex); what the signature is of.
    bytes: String,
}

/// A fact read from a fact log, with its signature when the log carried one.
#[derive(Debug, Clone)]
pub struct LoggedFact {
    pub fact: Fact,
    pub signed: Option<(EventId, SignedFact)>,
}

/// Writes the fact log as JSON Lines: one fact per line, each with its signed bytes when it has
/// them (`checkin merge` needs those; `restore` reads the facts alone).
pub fn write_facts<'a>(
    mut out: impl Write,
    event: &EventId,
    facts: impl IntoIterator<Item = (&'a Fact, Option<&'a SignedFact>)>,
) -> std::io::Result<usize> {
    let mut n = 0;
    for (fact, signed) in facts {
        let signed = signed.map(|s| SignedLine {
            event: event.to_string(),
            key: hex(&s.key),
            sig: hex(&s.sig),
            bytes: hex(&s.bytes),
        });
        serde_json::to_writer(&mut out, &FactLine { fact: fact.clone(), signed })?;
        out.write_all(b"\n")?;
        n += 1;
    }
    out.flush()?;
    Ok(n)
}

/// Reads a fact log written by [`write_facts`] (or by a checkin from before signatures). Blank
/// lines are skipped; a bad line is an error naming its number, and nothing is returned (restore
/// and merge are all or nothing).
pub fn read_facts(input: impl BufRead) -> Result<Vec<LoggedFact>, String> {
    let mut facts = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let line = line.map_err(|e| format!("line {}: cannot read: {e}", i + 1))?;
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        let bad = |e: &dyn std::fmt::Display| format!("line {}: not a checkin fact: {e}", i + 1);
        let read: FactLine = serde_json::from_str(line).map_err(|e| bad(&e))?;
        let signed = match read.signed {
            None => None,
            Some(s) => {
                let event =
                    unhex(&s.event).and_then(|b| <[u8; 16]>::try_from(b).ok()).ok_or_else(|| bad(&"event id"))?;
                let key = unhex(&s.key).and_then(|b| <[u8; 32]>::try_from(b).ok()).ok_or_else(|| bad(&"key"))?;
                let sig = unhex(&s.sig).filter(|b| b.len() == 64).ok_or_else(|| bad(&"signature"))?;
                let bytes = unhex(&s.bytes).ok_or_else(|| bad(&"signed bytes"))?;
                Some((EventId(event), SignedFact { bytes, key, sig }))
            }
        };
        facts.push(LoggedFact { fact: read.fact, signed });
    }
    Ok(facts)
}
