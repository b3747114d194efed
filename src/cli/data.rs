//! Commands that manage the data folder: opening it, programme, status, exports, restore, rebuild.

use super::output::outln;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::Global;
use crate::domain::DocumentKind;
use crate::domain::{EntryPoint, Program};
use crate::io::export::{self, Roster};
use crate::station::Station;
use crate::store::StoreError;

/// Where the data lives when neither `--data` nor `$CHECKIN_DATA` says.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("checkin")
}

/// `--station`, else the name this laptop joined its event as (`checkin join`), else
/// `desk-<hostname>`.
fn station_name(g: &Global, dir: &Path) -> String {
    if let Some(name) = &g.station {
        return name.clone();
    }
    if let Some(joined) = crate::store::folder::joined_name(dir) {
        return joined;
    }
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
    let name = station_name(g, &dir);
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
    let mut station = station?;
    station.set_network(g.sync_config());
    let name = station.name().to_owned();
    init_log(&dir);
    tracing::info!(station = %name, dir = %dir.display(), "opened");
    for notice in station.folder().notices() {
        eprintln!("checkin: {notice}");
    }
    Ok(station)
}

/// Diagnostics go to a file in the data folder, never to the terminal the station draws on.
pub(super) fn init_log(dir: &Path) {
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
        None => outln!(
            "event:       {} — no programme loaded (checkin program FILE)",
            station.event_name(crate::i18n::Lang::En)
        )?,
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
    // Which version of the event's programme and registrants this station holds, when they
    // travel between stations (see `checkin invite`).
    let missing = store.local().map(|s| s.missing_documents()).unwrap_or_default();
    for (label, kind) in [("programme:  ", DocumentKind::Program), ("registrants:", DocumentKind::People)] {
        let Some(current) = store.state().current_document(kind) else { continue };
        let count = if kind == DocumentKind::People { format!(" ({} people)", current.count) } else { String::new() };
        let held = if missing.contains(&current.digest) { "waiting for it from the other stations" } else { "held" };
        let at = current.at.with_timezone(&station.offset()).format("%Y-%m-%d %H:%M");
        let version = crate::store::identity::hex(&current.digest[..4]);
        outln!("{label} version {version}{count} published by {} at {at}: {held}", current.station)?;
    }
    Ok(())
}

fn days(p: &Program) -> String {
    p.days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")
}

pub fn load_program(g: &Global, file: &Path) -> anyhow::Result<()> {
    let program = read_program(file)?;
    let mut station = open(g)?;
    station.folder().set_program(&program)?;
    publish(&mut station)?;
    station.refresh()?;
    outln!(
        "programme loaded: {} — {} days, {} sessions",
        program.name.get("en"),
        program.days.len(),
        program.sessions.len()
    )?;
    Ok(())
}

/// `checkin passphrase`: the organisers' passphrase from standard input, kept as a salted hash.
pub fn set_passphrase(g: &Global) -> anyhow::Result<()> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let passphrase = line.trim_end_matches(['\r', '\n']);
    anyhow::ensure!(passphrase.chars().count() >= 8, "the organisers' passphrase needs at least 8 characters");
    let mut station = open(g)?;
    let Some(store) = station.folder_mut().owned() else {
        anyhow::bail!("another checkin window has this data folder open: set the passphrase while none is");
    };
    store.set_organiser_passphrase(passphrase)?;
    outln!("organisers' passphrase set (only its salted hash is kept)")?;
    Ok(())
}

/// Publishes the folder's programme and registrants for the event's other stations, which take
/// the latest published (see [`crate::store::documents`]), once the event has other stations.
pub(super) fn publish(station: &mut Station) -> anyhow::Result<()> {
    let (now, operator) = (station.now(), station.operator().to_owned());
    if let Some(store) = station.folder_mut().owned() {
        store.publish_documents(now, &operator)?;
    }
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
    let written = match station.folder().local() {
        // The folder's own copy has every fact's signature: the file can be merged elsewhere.
        Some(store) => {
            let facts: Vec<_> = store.signed_facts().collect::<Result<_, _>>()?;
            let event = store.event().id;
            crate::io::write_private(out, |w| export::write_facts(w, &event, facts.iter().map(|(f, s)| (f, Some(s)))))
        }
        None => {
            let facts: Vec<_> = station.folder().facts().collect::<Result<_, _>>()?;
            eprintln!(
                "note: another window owns this data folder, so the facts are written without their signatures: \
                 `checkin restore` reads this file, `checkin merge` does not. For a file to merge, export from the \
                 window that owns the folder (or once the others are closed)"
            );
            let no_event = crate::store::EventId([0; 16]);
            crate::io::write_private(out, |w| export::write_facts(w, &no_event, facts.iter().map(|f| (f, None))))
        }
    };
    let n = written.with_context(|| format!("cannot write {}", out.display()))?;
    outln!("{n} facts written to {}", out.display())?;
    Ok(())
}

/// Facts taken in per durable write by `merge`.
const MERGE_PAGE: usize = 1000;

struct MergeSummary {
    stored: usize,
    duplicates: usize,
    waiting: usize,
    refused: Vec<String>,
    alarms: Vec<crate::store::Alarm>,
}

/// `checkin merge FILE`: takes in another station's facts from a file (`export facts` there),
/// through the same checks as facts from a peer on the network. Idempotent.
pub fn merge(g: &Global, file: &Path) -> anyhow::Result<()> {
    let input = File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let logged = export::read_facts(BufReader::new(input))
        .map_err(|e| anyhow::anyhow!("{}: {e}; nothing was merged", file.display()))?;
    let mut station = open(g)?;
    let now = station.now();
    // Which event the folder is: known here, or from the owning window's sync status; else the
    // owner's checks refuse another event's facts one by one.
    let event = match station.folder().local() {
        Some(store) => Some(store.event().id),
        None => crate::sync::SyncStatus::read(station.folder().dir()).and_then(|s| s.event).map(|e| e.id),
    };
    let mut signed = Vec::with_capacity(logged.len());
    for (i, line) in logged.into_iter().enumerate() {
        match (line.signed, event) {
            (Some((from_event, fact)), Some(event)) if from_event == event => signed.push(fact),
            (Some((_, fact)), None) => signed.push(fact),
            (Some((from_event, _)), Some(event)) => anyhow::bail!(
                "{}: the facts are of another event ({from_event}; this folder is event {event}); nothing was merged",
                file.display()
            ),
            (None, _) => anyhow::bail!(
                "{}: fact {} has no signature (the file was written by an older checkin, or by a window that did not own its folder); `checkin restore` reads such a file into an empty folder. Nothing was merged",
                file.display(),
                i + 1
            ),
        }
    }
    let from = format!("file {}", file.display());
    let mut merged = crate::store::Ingested::default();
    // A page at a time, as from a peer: each page is one durable write.
    for page in signed.chunks(MERGE_PAGE) {
        let step = station.folder_mut().merge(page, &from, now)?;
        merged.stored.extend(step.stored);
        merged.duplicates += step.duplicates;
        merged.refused.extend(step.refused);
        merged.alarms.extend(step.alarms);
        merged.waiting = step.waiting;
    }
    station.absorb_walk_ins();
    let merged = MergeSummary {
        stored: merged.stored.len(),
        duplicates: merged.duplicates,
        waiting: merged.waiting,
        refused: merged.refused,
        alarms: merged.alarms,
    };
    outln!(
        "{} facts merged from {}; {} were here already{}",
        merged.stored,
        file.display(),
        merged.duplicates,
        if merged.waiting > 0 {
            format!("; {} wait for earlier facts of their station that the file does not have", merged.waiting)
        } else {
            String::new()
        }
    )?;
    for why in merged.refused.iter().take(5) {
        eprintln!("refused: {why}");
    }
    for alarm in &merged.alarms {
        eprintln!("ALARM: {alarm}");
    }
    if !merged.refused.is_empty() || !merged.alarms.is_empty() {
        anyhow::bail!(
            "{} facts refused and {} alarms raised; everything else was merged",
            merged.refused.len(),
            merged.alarms.len()
        );
    }
    Ok(())
}

pub fn restore(g: &Global, file: &Path) -> anyhow::Result<()> {
    let input = File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let facts: Vec<_> = export::read_facts(BufReader::new(input))
        .map_err(|e| anyhow::anyhow!("{}: {e}; nothing was restored", file.display()))?
        .into_iter()
        .map(|logged| logged.fact)
        .collect();
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
    let (store, salvage) = crate::store::Store::recover(&dir, &station_name(g, &dir))?;
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
