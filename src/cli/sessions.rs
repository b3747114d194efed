//! `checkin sessions`: a day's sessions with their seats, one per line or as JSON.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use super::Global;
use crate::station::SessionSummary;

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
    let listed: Vec<Listed> = summaries.iter().map(|s| listed(s, lang)).collect();
    // Built first, so a reader that goes away (`| head`) is not an error (see `output`).
    let mut out = Vec::new();
    if json {
        serde_json::to_writer_pretty(&mut out, &listed)?;
        writeln!(out)?;
    } else {
        writeln!(out, "id\tkind\ttitle\troom\tstart\tend\tcapacity\tsigned_up\tpresent\twaitlist")?;
        // A tab or newline in a programme's text must not shift the columns.
        let cell = crate::text::sanitize::sanitize;
        for l in &listed {
            let capacity = l.capacity.map_or_else(|| "-".to_owned(), |c| c.to_string());
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{capacity}\t{}\t{}\t{}",
                cell(l.id),
                l.kind,
                cell(l.title),
                cell(l.room),
                l.start,
                l.end,
                l.signed_up,
                l.present,
                l.waitlist
            )?;
        }
    }
    super::output::write_bytes(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn listed<'a>(s: &'a SessionSummary, lang: &str) -> Listed<'a> {
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
    }
}
