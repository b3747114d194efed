//! What leaves the station on purpose: attendance sheets for Excel and the fact log for backup.

use std::io::{BufRead, Write};

use chrono::{DateTime, FixedOffset, Utc};

use crate::domain::derived::{AttendanceStatus, Direction};
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

/// The whole fact log, one JSON object per line.
pub fn write_facts<'a>(mut out: impl Write, facts: impl IntoIterator<Item = &'a Fact>) -> std::io::Result<usize> {
    let mut n = 0;
    for fact in facts {
        serde_json::to_writer(&mut out, fact)?;
        out.write_all(b"\n")?;
        n += 1;
    }
    out.flush()?;
    Ok(n)
}

/// Reads a fact log written by [`write_facts`]. Blank lines are skipped; a bad line is an error
/// naming its number, and nothing is returned (restore is all or nothing).
pub fn read_facts(input: impl BufRead) -> Result<Vec<Fact>, String> {
    let mut facts = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let line = line.map_err(|e| format!("line {}: cannot read: {e}", i + 1))?;
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        let fact: Fact = serde_json::from_str(line).map_err(|e| format!("line {}: not a checkin fact: {e}", i + 1))?;
        facts.push(fact);
    }
    Ok(facts)
}
