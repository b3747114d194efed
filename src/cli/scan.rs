//! `checkin scan`: registration codes on stdin, one verdict per line on stdout.
//!
//! Lines are read on a separate thread so that a burst (a scanner's offline log pasted in) is
//! committed with one `fsync` per burst rather than one per code; each verdict is printed only
//! after the write that contains it is durable.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::Global;
use crate::station::Sharing;
use crate::station::{CheckIn, Station};
use crate::station::{Consent, DoorOutcome};

/// How often a guest scan takes in the other windows' facts while no code comes.
const TICK: Duration = Duration::from_millis(500);

/// Upper bound of codes committed together, so a huge log still shows progress.
const MAX_BURST: usize = 256;

pub fn run(g: &Global, session: Option<&str>, check_out: &super::checkout::CheckOutArgs) -> anyhow::Result<ExitCode> {
    check_out.validate(session)?;
    let override_reason = check_out.override_reason.clone();
    let mut station = super::data::open(g)?;
    // A scan at a door runs for hours: windows opened on the folder meanwhile join through it.
    let (post, rx, reader) = read_lines();
    let waker = post.clone();
    // A full queue means lines are waiting, and every line answers the guests too.
    let mut sharing = Sharing::start(&mut station, Some(Arc::new(move || drop(waker.try_send(Input::Others)))));
    drop(post);
    let mut lines = Lines { rx, last_tick: Instant::now(), ended: false };
    if let Some(id) = session {
        station.session(id)?;
        let consent = Consent { walk_in: true, override_warnings: override_reason.is_some(), reason: override_reason };
        return at_session(&mut station, &mut sharing, &mut lines, reader, id, &consent);
    }
    let entry = station.venue_today();
    if let Some(note) = station.day_note() {
        eprintln!("note: {}", note.describe(station.today()));
    }
    let offset = station.offset();
    let stdout = std::io::stdout();
    while let Some(first) = lines.next(&mut station, &mut sharing) {
        let mut burst = vec![first];
        while burst.len() < MAX_BURST {
            match lines.queued() {
                Some(line) => burst.push(line),
                None => break,
            }
        }
        let codes: Vec<&str> = burst.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
        if codes.is_empty() {
            continue;
        }
        if check_out.out {
            super::checkout::check_out_burst(&mut station, &codes, check_out, &mut stdout.lock())?;
            continue;
        }
        let outcomes = station.check_in_many(&codes, &entry)?;
        let mut out = stdout.lock();
        for (typed, outcome) in codes.iter().zip(outcomes) {
            let line = match outcome {
                CheckIn::Done(fact) => {
                    let code = fact.kind.code().unwrap_or(typed);
                    format!("OK\t{code}\t{}", name_of(&station, code))
                }
                CheckIn::Already { since, station: at } => {
                    let code = station.resolve_code(typed).unwrap_or(typed);
                    let time = since.with_timezone(&offset).format("%Y-%m-%d %H:%M");
                    format!("ALREADY\t{code}\tsince {time} at {at}\t{}", name_of(&station, code))
                }
                CheckIn::NotAdmitted { code, status } => {
                    format!("NOT-ADMITTED\t{code}\t{}\t{}", status.key(), name_of(&station, &code))
                }
                CheckIn::Unknown => format!("UNKNOWN\t{}", crate::text::sanitize::sanitize(typed)),
            };
            writeln!(out, "{line}")?;
        }
        out.flush()?;
    }
    finish(reader)
}

type Reader = std::thread::JoinHandle<std::io::Result<()>>;

/// What the reader thread and the other windows post to the scan loop.
enum Input {
    Line(String),
    /// A guest window's request waits for an answer.
    Others,
    /// Standard input has ended (the channel itself stays open: other windows can still post).
    End,
}

/// The lines of input, with the folder shared with (or caught up from) the other windows on it
/// in between.
struct Lines {
    rx: mpsc::Receiver<Input>,
    last_tick: Instant,
    ended: bool,
}

impl Lines {
    /// The next line; until one comes, other windows' requests are answered as they arrive.
    fn next(&mut self, station: &mut Station, sharing: &mut Sharing) -> Option<String> {
        if self.ended {
            return None;
        }
        loop {
            match self.rx.recv_timeout(TICK.saturating_sub(self.last_tick.elapsed())) {
                Ok(Input::Line(line)) => {
                    sharing.step(station, false);
                    return Some(line);
                }
                Ok(Input::Others) => {
                    sharing.step(station, false);
                }
                Err(RecvTimeoutError::Timeout) => {
                    self.last_tick = Instant::now();
                    sharing.step(station, true);
                }
                Ok(Input::End) | Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// A line already waiting, if any (the rest of a burst).
    fn queued(&mut self) -> Option<String> {
        loop {
            match self.rx.try_recv().ok()? {
                Input::Line(line) => return Some(line),
                // Answered with the burst's first line or the next one.
                Input::Others => continue,
                // Seen again by `next`, which ends the run after this burst.
                Input::End => {
                    self.ended = true;
                    return None;
                }
            }
        }
    }
}

/// Standard input's lines, read on their own thread so a burst can be taken at once.
fn read_lines() -> (mpsc::SyncSender<Input>, mpsc::Receiver<Input>, Reader) {
    let (tx, rx) = mpsc::sync_channel::<Input>(MAX_BURST * 4);
    let post = tx.clone();
    let reader = std::thread::spawn(move || -> std::io::Result<()> {
        let mut result = Ok(());
        for line in std::io::stdin().lock().split(b'\n') {
            match line {
                Ok(line) if tx.send(Input::Line(decode_line(&line))).is_ok() => {}
                Ok(_) => break,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        let _ = tx.send(Input::End);
        result
    });
    (post, rx, reader)
}

/// One line as a scanner sent it. A scanner set to a Windows code page (or a log saved in one)
/// sends `ЛЯ-000503` as Windows-1251 bytes; one such line must get its verdict, not end the run.
/// A log saved by Notepad starts with a UTF-8 byte-order mark and ends its lines with CR LF:
/// neither is part of a code.
fn decode_line(bytes: &[u8]) -> String {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1251.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

fn finish(reader: Reader) -> anyhow::Result<ExitCode> {
    match reader.join() {
        Ok(result) => result?,
        Err(_) => anyhow::bail!("the input reader stopped unexpectedly"),
    }
    Ok(ExitCode::SUCCESS)
}

/// At a session's door: the host's rules, one code at a time (each decision sees the last).
fn at_session(
    station: &mut Station,
    sharing: &mut Sharing,
    lines: &mut Lines,
    reader: Reader,
    id: &str,
    consent: &Consent,
) -> anyhow::Result<ExitCode> {
    let offset = station.offset();
    let mut out = std::io::stdout();
    while let Some(line) = lines.next(station, sharing) {
        let typed = line.trim();
        if typed.is_empty() {
            continue;
        }
        let line = match station.door_check_in(typed, id, consent)? {
            DoorOutcome::Done { fact, walk_in } => {
                let code = fact.kind.code().unwrap_or(typed);
                let verdict = if walk_in { "WALK-IN" } else { "OK" };
                format!("{verdict}\t{code}\t{}", name_of(station, code))
            }
            DoorOutcome::Already { code, since, station: at } => {
                let time = since.with_timezone(&offset).format("%Y-%m-%d %H:%M");
                format!("ALREADY\t{code}\tsince {time} at {at}\t{}", name_of(station, &code))
            }
            DoorOutcome::Full { code, waiting } => {
                format!("FULL\t{code}\twaitlist {waiting}\t{}", name_of(station, &code))
            }
            DoorOutcome::Confirm { code, warnings, .. } => {
                let why: Vec<String> = warnings.iter().map(|w| w.describe()).collect();
                format!("WARN\t{code}\t{}\t{}", why.join("; "), name_of(station, &code))
            }
            DoorOutcome::Unknown => format!("UNKNOWN\t{}", crate::text::sanitize::sanitize(typed)),
            DoorOutcome::NotAdmitted { code, status } => {
                format!("NOT-ADMITTED\t{code}\t{}\t{}", status.key(), name_of(station, &code))
            }
        };
        writeln!(out, "{line}")?;
        out.flush()?;
    }
    finish(reader)
}

fn name_of(station: &Station, code: &str) -> String {
    station.person(code).ok().flatten().map(|p| p.full_name()).unwrap_or_default()
}
