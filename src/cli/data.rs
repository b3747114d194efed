//! Commands that manage the data folder: opening it, programme, status, exports, restore, rebuild.

use super::output::outln;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::Global;
use crate::domain::{EntryPoint, Program};
use crate::io::export::{self, Roster};
use crate::station::Station;
use crate::store::StoreError;

/// Where the data lives when neither `--data` nor `$CHECKIN_DATA` says.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("checkin")
}

fn station_name(g: &Global) -> String {
    g.station.clone().unwrap_or_else(|| {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .or_else(|| std::env::var("COMPUTERNAME").ok())
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty());
        format!("desk-{}", host.as_deref().unwrap_or("1"))
    })
}

/// Windows one machine may open on a folder under its default station name (desk-host-2, …).
const MAX_DEFAULT_WINDOWS: u32 = 20;

/// Who operates the station: `--operator` (refused unless it is a visible name: it is recorded
/// with every fact and shown on every screen), else the login name when it is one, else the
/// station's name.
fn operator_name(g: &Global, station: &str) -> anyhow::Result<String> {
    use crate::domain::admission::check_name;
    if let Some(given) = &g.operator {
        check_name("operator name", given)?;
        return Ok(given.clone());
    }
    let login = std::env::var("USER").ok().or_else(|| std::env::var("USERNAME").ok());
    Ok(login.filter(|name| check_name("operator name", name).is_ok()).unwrap_or_else(|| station.to_owned()))
}

/// Opens the data folder for this station and starts the log file inside it.
pub fn open(g: &Global) -> anyhow::Result<Station> {
    let dir = g.data.clone().unwrap_or_else(default_data_dir);
    let name = station_name(g);
    // Before opening a folder that is already ours, so that what opening does (giving sled back
    // the check-ins a crash kept from it) is in its log; a new folder gets the file after.
    if crate::store::folder::has_marker(&dir) {
        init_log(&dir);
    }
    let mut station = Station::open(&dir, &name, &operator_name(g, &name)?, g.now.as_deref());
    // A second window on this machine without --station gets the machine's name plus a number,
    // as each window must record its facts under a name of its own; a name given is kept.
    if g.station.is_none() {
        for n in 2..=MAX_DEFAULT_WINDOWS {
            if !station.as_ref().is_err_and(|e| matches!(e.downcast_ref(), Some(StoreError::StationTaken(_)))) {
                break;
            }
            let numbered = format!("{name}-{n}");
            station = Station::open(&dir, &numbered, &operator_name(g, &numbered)?, g.now.as_deref());
        }
    }
    let station = station?;
    let name = station.name().to_owned();
    init_log(&dir);
    tracing::info!(station = %name, dir = %dir.display(), "opened");
    for notice in station.folder().notices() {
        eprintln!("checkin: {notice}");
    }
    Ok(station)
}

/// Diagnostics go to a file in the data folder, never to the terminal the station draws on.
fn init_log(dir: &Path) {
    let file = crate::store::folder::private_file_options()
        .create(true)
        .append(true)
        .open(crate::store::folder::log_path(dir));
    let Ok(file) = file else { return };
    // A log line that cannot be written (a full disk) is lost quietly: the screen is for the
    // volunteer, and what failed is said there by the command itself.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .log_internal_errors(false)
        .try_init();
}

pub fn status(g: &Global) -> anyhow::Result<()> {
    let station = open(g)?;
    print_status(&station)
}

pub fn print_status(station: &Station) -> anyhow::Result<()> {
    let lang = "en";
    let store = station.folder();
    outln!("data folder: {}", store.dir().display())?;
    outln!("station:     {} (operator {})", store.station(), station.operator())?;
    match station.program() {
        Some(p) => outln!("event:       {} — {} sessions, days {}", p.name.get(lang), p.sessions.len(), days(p))?,
        None => outln!("event:       no programme loaded (checkin program FILE)")?,
    }
    if store.is_demo() {
        outln!("mode:        DEMO (bundled sample event)")?;
    }
    outln!("clock:       {}", station.local_now().format("%Y-%m-%d %H:%M %:z"))?;
    if let Some(note) = station.day_note() {
        outln!("note:        {}", note.describe(station.today()))?;
    }
    let today = station.venue_today();
    outln!("people:      {} registered", store.people_count())?;
    outln!("today:       {} arrived, {} in now", store.state().count_arrived(&today), store.state().count_in(&today))?;
    outln!("facts:       {}", store.fact_count())?;
    Ok(())
}

fn days(p: &Program) -> String {
    p.days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")
}

pub fn load_program(g: &Global, file: &Path) -> anyhow::Result<()> {
    let program = read_program(file)?;
    let mut station = open(g)?;
    station.folder().set_program(&program)?;
    station.refresh()?;
    outln!(
        "programme loaded: {} — {} days, {} sessions",
        program.name.get("en"),
        program.days.len(),
        program.sessions.len()
    )?;
    Ok(())
}

/// Reads and validates a programme file; every refusal says why.
pub fn read_program(file: &Path) -> anyhow::Result<Program> {
    let text = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let text = String::from_utf8(text).map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", file.display()))?;
    let mut program: Program = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| anyhow::anyhow!("{} is not a valid programme: {e}", file.display()))?;
    program.clean_texts();
    program.validate().map_err(|e| anyhow::anyhow!("{} is refused: {e}", file.display()))?;
    Ok(program)
}

pub fn export_attendance(
    g: &Global,
    session: Option<&str>,
    day: Option<chrono::NaiveDate>,
    out: &Path,
    delimiter: Option<&str>,
) -> anyhow::Result<()> {
    let delimiter = delimiter.map(crate::io::sheet::parse_delimiter).transpose().map_err(anyhow::Error::msg)?;
    let lang = g.lang.unwrap_or_else(crate::i18n::Lang::from_locale);
    let format = crate::io::sheet::SheetFormat::for_path(out, lang, delimiter);
    let station = open(g)?;
    let (entry, roster) = match session {
        Some(id) => {
            let known = station.program().is_some_and(|p| p.session(id).is_some());
            anyhow::ensure!(known, "no session {id:?} in the programme (see `checkin status`)");
            (EntryPoint::Session(id.to_owned()), Roster::Session(id))
        }
        None => (EntryPoint::Venue(day.unwrap_or_else(|| station.today())), Roster::Everyone),
    };
    let people = station.folder().people()?;
    let rows = crate::io::write_private(out, |w| {
        export::write_attendance(w, format, &people, station.state(), &entry, roster, station.offset())
    })
    .with_context(|| format!("cannot write {}", out.display()))?;
    outln!("{rows} rows written to {}", out.display())?;
    Ok(())
}

pub fn export_facts(g: &Global, out: &Path) -> anyhow::Result<()> {
    let station = open(g)?;
    let facts: Vec<_> = station.folder().facts().collect::<Result<_, _>>()?;
    let n = crate::io::write_private(out, |w| export::write_facts(w, &facts))
        .with_context(|| format!("cannot write {}", out.display()))?;
    outln!("{n} facts written to {}", out.display())?;
    Ok(())
}

pub fn restore(g: &Global, file: &Path) -> anyhow::Result<()> {
    let input = File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let facts = export::read_facts(BufReader::new(input))
        .map_err(|e| anyhow::anyhow!("{}: {e}; nothing was restored", file.display()))?;
    let mut station = open(g)?;
    station.folder_mut().restore(&facts)?;
    station.refresh()?;
    outln!("{} facts restored into {}", facts.len(), station.folder().dir().display())?;
    // The log holds check-ins, not the registrant list: say so when the folder lacks the people.
    let unknown: std::collections::BTreeSet<&str> =
        facts.iter().filter_map(|f| f.kind.code()).filter(|code| station.resolve_code(code).is_none()).collect();
    if !unknown.is_empty() {
        eprintln!(
            "warning: {} registration codes in the log are not registrants of this folder (e.g. {}). \
             A full restore is `checkin program FILE` and `checkin import FILE` first, then `restore`",
            unknown.len(),
            unknown.iter().take(3).copied().collect::<Vec<_>>().join(", ")
        );
    }
    Ok(())
}

pub fn recover(g: &Global) -> anyhow::Result<()> {
    let dir = g.data.clone().unwrap_or_else(default_data_dir);
    if crate::store::folder::has_marker(&dir) {
        init_log(&dir);
    }
    let (store, salvage) = crate::store::Store::recover(&dir, &station_name(g))?;
    match salvage {
        None => outln!("{}: the write-ahead log is intact; nothing to recover", store.dir().display())?,
        Some(s) => {
            outln!(
                "{} intact batches of check-ins ({} facts) put back; the damaged write-ahead log is kept as {}",
                s.batches,
                s.facts,
                s.kept.display()
            )?;
            if s.unreadable > 0 {
                outln!("{} intact batches could not be read by this checkin and stay in that file", s.unreadable)?;
            }
        }
    }
    Ok(())
}

pub fn rebuild(g: &Global) -> anyhow::Result<()> {
    let mut station = open(g)?;
    let report = station.folder_mut().rebuild()?;
    let drift = if report.drifted {
        "the stored state had drifted and was replaced"
    } else {
        "the stored state was already right"
    };
    outln!("rebuilt from {} facts: {drift}", report.facts)?;
    Ok(())
}
