//! `checkin scan`: registration codes on stdin, one verdict per line on stdout.
//!
//! Lines are read on a separate thread so that a burst (a scanner's offline log pasted in) is
//! committed with one `fsync` per burst rather than one per code; each verdict is printed only
//! after the write that contains it is durable.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::Global;
use crate::sessions::{Consent, DoorOutcome};
use crate::sharing::Sharing;
use crate::station::{CheckIn, Station};

/// How often a guest scan takes in the other windows' facts while no code comes.
const TICK: Duration = Duration::from_millis(500);

/// Upper bound of codes committed together, so a huge log still shows progress.
const MAX_BURST: usize = 256;

pub fn run(g: &Global, session: Option<&str>, check_out: &super::checkout::CheckOutArgs) -> anyhow::Result<ExitCode> {
    check_out.validate(session)?;
    let override_reason = check_out.override_reason.clone();
    let mut station = super::data::open(g)?;
    // A scan at a door runs for hours: windows opened on the folder meanwhile join through it.
    let mut sharing = Sharing::start(&mut station);
    if let Some(id) = session {
        station.session(id)?;
        let consent = Consent { walk_in: true, override_warnings: override_reason.is_some(), reason: override_reason };
        return at_session(&mut station, &mut sharing, id, &consent);
    }
    let entry = station.venue_today();
    if let Some(note) = station.day_note() {
        eprintln!("note: {}", note.describe(station.today()));
    }
    let (rx, reader) = read_lines();
    let offset = station.offset();
    let stdout = std::io::stdout();
    let mut lines = Lines { rx, last_tick: Instant::now() };
    while let Some(first) = lines.next(&mut station, &mut sharing) {
        let mut burst = vec![first];
        while burst.len() < MAX_BURST {
            match lines.rx.try_recv() {
                Ok(line) => burst.push(line),
                Err(_) => break,
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
                CheckIn::Unknown => format!("UNKNOWN\t{}", crate::domain::text::sanitize(typed)),
            };
            writeln!(out, "{line}")?;
        }
        out.flush()?;
    }
    finish(reader)
}

type Reader = std::thread::JoinHandle<std::io::Result<()>>;

/// The next line of input; while none comes, the folder is shared with (or caught up from) the
/// other windows on it.
struct Lines {
    rx: mpsc::Receiver<String>,
    last_tick: Instant,
}

impl Lines {
    fn next(&mut self, station: &mut Station, sharing: &mut Sharing) -> Option<String> {
        loop {
            match self.rx.recv_timeout(sharing.wait_at_most(TICK.saturating_sub(self.last_tick.elapsed()))) {
                Ok(line) => return Some(line),
                Err(RecvTimeoutError::Disconnected) => return None,
                Err(RecvTimeoutError::Timeout) => {
                    let tick = self.last_tick.elapsed() >= TICK;
                    if tick {
                        self.last_tick = Instant::now();
                    }
                    sharing.step(station, tick);
                }
            }
        }
    }
}

/// Standard input's lines, read on their own thread so a burst can be taken at once.
fn read_lines() -> (mpsc::Receiver<String>, Reader) {
    let (tx, rx) = mpsc::sync_channel::<String>(MAX_BURST * 4);
    let reader = std::thread::spawn(move || -> std::io::Result<()> {
        for line in std::io::stdin().lock().split(b'\n') {
            if tx.send(decode_line(&line?)).is_err() {
                break;
            }
        }
        Ok(())
    });
    (rx, reader)
}

/// One line as a scanner sent it. A scanner set to a Windows code page (or a log saved in one)
/// sends `ЛЯ-000503` as Windows-1251 bytes; one such line must get its verdict, not end the run.
fn decode_line(bytes: &[u8]) -> String {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
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
fn at_session(station: &mut Station, sharing: &mut Sharing, id: &str, consent: &Consent) -> anyhow::Result<ExitCode> {
    let (rx, reader) = read_lines();
    let offset = station.offset();
    let mut out = std::io::stdout();
    let mut lines = Lines { rx, last_tick: Instant::now() };
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
            DoorOutcome::Unknown => format!("UNKNOWN\t{}", crate::domain::text::sanitize(typed)),
        };
        writeln!(out, "{line}")?;
        out.flush()?;
    }
    finish(reader)
}

fn name_of(station: &Station, code: &str) -> String {
    station.person(code).ok().flatten().map(|p| p.full_name()).unwrap_or_default()
}
