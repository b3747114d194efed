//! `checkin sessions`: a day's sessions with their seats and who decides them, one per line or
//! as JSON; `--owner` hands a session's seats to a station, `--sign-up` gives (or asks for) one.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use super::Global;
use crate::station::{Consent, SeatOutcome, SessionSummary, Sharing};
use std::time::{Duration, Instant};

#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    /// "plenary", "platform", "festival", "master_class" or "other".
    kind: String,
    title: &'a str,
    room: &'a str,
    start: String,
    end: String,
    /// `null` for a session without a limit.
    capacity: Option<u32>,
    signed_up: usize,
    present: usize,
    walk_ins: usize,
    seats_left: Option<usize>,
    waitlist: usize,
    running: bool,
    /// The station that decides the seats; `null` in a folder no other station ever joined.
    owner: Option<String>,
}

pub fn run(g: &Global, day: Option<NaiveDate>, json: bool) -> anyhow::Result<ExitCode> {
    let station = super::data::open(g)?;
    let program = station.program().ok_or_else(|| anyhow::anyhow!("no programme is loaded (checkin program FILE)"))?;
    let day = day.unwrap_or_else(|| station.today());
    if program.day_number(day).is_none() {
        eprintln!(
            "note: {day} is not a day of the programme ({})",
            program.days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    // Titles in --lang when asked; else English, so scripts see the same text on every machine.
    let lang = g.lang.unwrap_or(crate::i18n::Lang::En).code();
    let summaries = station.sessions_on(day);
    let listed: Vec<Listed> = summaries.iter().map(|s| listed(s, lang, station.seat_owner(&s.session.id))).collect();
    // Built first, so a reader that goes away (`| head`) is not an error (see `output`).
    let mut out = Vec::new();
    if json {
        serde_json::to_writer_pretty(&mut out, &listed)?;
        writeln!(out)?;
    } else {
        writeln!(out, "id\tkind\ttitle\troom\tstart\tend\tcapacity\tsigned_up\tpresent\twaitlist\towner")?;
        // A tab or newline in a programme's text must not shift the columns.
        let cell = crate::text::sanitize::sanitize;
        for l in &listed {
            let capacity = l.capacity.map_or_else(|| "-".to_owned(), |c| c.to_string());
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{capacity}\t{}\t{}\t{}\t{}",
                cell(l.id),
                l.kind,
                cell(l.title),
                cell(l.room),
                l.start,
                l.end,
                l.signed_up,
                l.present,
                l.waitlist,
                l.owner.as_deref().map_or_else(|| "-".to_owned(), cell),
            )?;
        }
    }
    super::output::write_bytes(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn listed<'a>(s: &'a SessionSummary, lang: &str, owner: Option<String>) -> Listed<'a> {
    let o = &s.occupancy;
    Listed {
        id: &s.session.id,
        kind: serde_json::to_value(s.session.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
        title: s.session.title.get(lang),
        room: &s.session.room,
        start: s.session.start.format("%Y-%m-%dT%H:%M").to_string(),
        end: s.session.end.format("%Y-%m-%dT%H:%M").to_string(),
        capacity: s.session.capacity,
        signed_up: o.signed_up,
        present: o.present,
        walk_ins: o.walk_ins,
        seats_left: o.free(),
        waitlist: o.waitlist.len(),
        running: s.running,
        owner,
    }
}

/// `checkin sessions --owner SESSION STATION`.
pub fn hand_over(g: &Global, session: &str, to: &str) -> anyhow::Result<ExitCode> {
    let mut station = super::data::open(g)?;
    let from = station.seat_owner(session);
    station.hand_over_seats(session, to)?;
    let line = match from {
        Some(from) => format!("{session}: seats handed from {from} to {to}\n"),
        None => format!("{session}: seats handed to {to}\n"),
    };
    super::output::write_bytes(line.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// `checkin sessions --cancel SESSION CODE`: CANCELLED or NOT-SIGNED-UP.
pub fn cancel(g: &Global, session: &str, typed: &str) -> anyhow::Result<ExitCode> {
    let mut station = super::data::open(g)?;
    let code = station.resolve_code(typed).map_or_else(|| typed.to_owned(), str::to_owned);
    let (verdict, ok) = match station.cancel(&code, session)? {
        SeatOutcome::Cancelled(_) => ("CANCELLED", true),
        _ => ("NOT-SIGNED-UP", false),
    };
    super::output::write_bytes(format!("{verdict}\t{code}\t{session}\n").as_bytes())?;
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// How long `--sign-up` waits for the owner's verdict on an ask while the owner is connected.
const VERDICT_WAIT: Duration = Duration::from_secs(10);

/// `checkin sessions --sign-up SESSION CODE`: one line, the verdict first.
pub fn sign_up(g: &Global, session: &str, typed: &str, override_reason: Option<String>) -> anyhow::Result<ExitCode> {
    let mut station = super::data::open(g)?;
    let mut sharing = Sharing::start(&mut station, None);
    let code = station.resolve_code(typed).map_or_else(|| typed.to_owned(), str::to_owned);
    let consent = Consent { walk_in: false, override_warnings: override_reason.is_some(), reason: override_reason };
    let (verdict, ok) = match station.sign_up(&code, session, &consent)? {
        SeatOutcome::SignedUp(_) => ("SIGNED-UP".to_owned(), true),
        SeatOutcome::Asked { owner, online, .. } => {
            // The owner's answer comes back as its facts do: wait for it while it is connected.
            let deadline = Instant::now() + if online { VERDICT_WAIT } else { Duration::ZERO };
            loop {
                sharing.step(&mut station, true);
                if station.occupant(session, &code)?.signed_up() {
                    break (format!("SIGNED-UP\tby {owner}"), true);
                }
                if Instant::now() >= deadline {
                    let how = if online { "ASKED" } else { "ASKED-OFFLINE" };
                    break (format!("{how}\t{owner} decides; waitlisted until then"), true);
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        }
        SeatOutcome::AlreadySignedUp => ("ALREADY".to_owned(), true),
        SeatOutcome::Full { waiting, .. } => (format!("FULL\t{waiting} waiting"), false),
        SeatOutcome::Warn(warnings) => {
            let what: Vec<String> = warnings.iter().map(|w| w.describe()).collect();
            (format!("WARN\t{}", what.join("; ")), false)
        }
        SeatOutcome::Unknown => ("UNKNOWN".to_owned(), false),
        other => (format!("{other:?}"), false),
    };
    super::output::write_bytes(format!("{verdict}\t{code}\t{session}\n").as_bytes())?;
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
