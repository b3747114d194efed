//! Everything the station keeps on disk, in one sled database. The only module that touches sled.
//!
//! Trees:
//! - `people`:  the imported [`Person`]s in blocks of consecutive codes, keyed by the block's
//!   first code ([`blocks`] has the layout; walk-ins live in the fact log)
//! - `program`: `"program"` → [`Program`]
//! - `facts`:   station ‖ 0x00 ‖ seq (u64 big-endian) → [`Fact`], so one station's log scans in order
//! - `derived`: [`DerivedKey`] → [`DerivedValue`], written with each fact (made atomic by the write-ahead log)
//! - `meta`:    format version, flags (demo mode), the generation of `people`, the event
//! - `signatures`: the same keys as `facts` → the 64-byte signature of the fact's stored bytes
//! - `logs`:    station → the key (32 bytes) that signs its log (bound by the log's first fact)
//! - `alarms`:  facts another station sent that contradict ours (a copied folder), see [`ingest`]
//!
//! A fact is acknowledged (returned from [`Store::record`]) only once it is durable: in the
//! write-ahead log of facts ([`wal`]), one `fdatasync`. sled holds it in memory until the next
//! checkpoint ([`Store::sync`]): sled's own `flush` ends in `sync_file_range`, which neither
//! flushes the disk's write cache nor the file's size, so it is followed by an `fsync` of sled's
//! log file (and of any blob file sled wrote for a large value, which sled itself never syncs);
//! then the write-ahead log is emptied. Opening the folder gives sled back what it lost.

mod admission;
mod blocks;
pub mod codec;
pub mod documents;
mod engine;
pub mod folder;
pub mod identity;
mod ingest;
mod logs;
pub mod people;
mod privacy;
pub mod share;
pub mod snapshot;
mod upgrade;
pub mod wal;

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::admission::MAX_NAME_CHARS;
use crate::domain::derived::{DerivedKey, DerivedValue};
use crate::domain::{Fact, FactKind, Person, Program, State, StationKey};

pub use engine::panic_is_caught;
pub use folder::FolderError;
pub use identity::{EventId, EventInfo, SignedFact};
pub use ingest::{Alarm, Ingested};
pub use people::People;

const META_FORMAT: &[u8] = b"format";
const META_DEMO: &[u8] = b"demo";
/// Set while a restore writes: see [`Store::restore`].
const META_RESTORING: &[u8] = b"restoring";
/// How often the `people` tree was written (see [`Store::people_generation`]).
const META_PEOPLE_GEN: &[u8] = b"people_generation";
const META_EVENT: &[u8] = b"event";
/// The `Admitted` fact that let this station in (signed by the station that did), kept from
/// `checkin join` to show peers that have not heard of it yet.
const META_ADMISSION: &[u8] = b"admission";
const PROGRAM_KEY: &[u8] = b"program";
/// The write-ahead log is checkpointed into sled once it holds this much (~2,700 check-ins of ~95 bytes):
/// rarely enough that few check-ins wait for sled, often enough that a restart replays little.
const WAL_CHECKPOINT_BYTES: u64 = 256 << 10;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Folder(#[from] FolderError),
    #[error("the database in {dir} cannot be used: {source}")]
    Sled { dir: PathBuf, source: sled::Error },
    #[error(
        "the database in {dir} is damaged (sled: {source}); nothing was changed. Keep the folder as it is, and carry on in a new --data folder: `checkin program`, `checkin import` and `checkin restore` your last `checkin export facts`"
    )]
    SledDamaged { dir: PathBuf, source: sled::Error },
    #[error("could not save to disk: {0}. Nothing was acknowledged; check free space and try again")]
    Write(String),
    #[error("stored data is damaged ({what}): {source}. Run `checkin rebuild`, or restore from an export")]
    Damaged { what: String, source: codec::CodecError },
    #[error(
        "{path} holds a batch of check-ins this checkin cannot read ({source}); nothing was changed. If a newer checkin wrote it, open the folder with that one; otherwise `checkin recover` opens it with every batch that can be read, and keeps the file aside"
    )]
    DamagedWal { path: PathBuf, source: codec::CodecError },
    #[error(
        "{path} is damaged at byte {at}, and check-ins were written after that place; nothing was changed. Run `checkin recover`: it opens the folder with every intact batch of check-ins, before and after the damage, and keeps the damaged file aside"
    )]
    WalDamaged { path: PathBuf, at: u64 },
    #[error("the data folder's database says format {found}; this checkin reads {expected}")]
    Format { found: u32, expected: u32 },
    #[error("station name {0:?} is not allowed: use 1–{MAX_NAME_CHARS} visible characters")]
    BadStation(String),
    #[error("not recorded: {0}")]
    NotAdmitted(#[from] crate::domain::admission::Refusal),
    #[error(
        "nothing was imported: code «{code}» ({person}) is already «{held}», {by}'s, in this event; codes are compared in any case and keyboard layout, so a scan of one would find the other. Give one of them another code, or import one file that holds both"
    )]
    CodeTaken { code: String, person: String, held: String, by: String },
    #[error("restore needs an empty data folder; {0} already holds facts")]
    NotEmpty(PathBuf),
    #[error("the facts to restore are inconsistent: {0}")]
    BadRestore(String),
    #[error(
        "{what} needs the data folder to itself, and it is open in another checkin window (station {owner}, pid {pid}); close the other windows first"
    )]
    Shared { what: String, owner: String, pid: u32 },
    #[error(
        "the window that shared this data folder (station {owner}) has closed before confirming; nothing was acknowledged, try again"
    )]
    OwnerGone { owner: String },
    #[error("another window on this data folder changed it at the same moment; try again")]
    Stale,
    #[error("{0}")]
    Refused(String),
    #[error("station {0:?} is already open on this data folder; give this window another name with --station")]
    StationTaken(String),
    #[error("station name {0:?} belongs to another laptop of this event; give this one its own name with --station")]
    StationOfAnother(String),
}

/// What [`Store::recover`] did with a damaged write-ahead log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Salvage {
    /// Batches of facts given back (each an acknowledged write).
    pub batches: usize,
    pub facts: usize,
    /// Intact records whose batch could not be decoded.
    pub unreadable: usize,
    /// Where the log is kept as it was.
    pub kept: PathBuf,
}

/// One batch of the write-ahead log: each fact with what it travels as. Before folder format 4
/// (an unmarked log) a batch was the facts alone; they are signed after the upgrade.
fn wal_batch(body: &[u8], format: wal::Format) -> Result<Vec<(Fact, Option<SignedFact>)>, codec::CodecError> {
    if format == wal::Format::Unmarked {
        let facts: Vec<Fact> = codec::decode(body)?;
        return Ok(facts.into_iter().map(|f| (f, None)).collect());
    }
    let entries: Vec<SignedFact> = codec::decode(body)?;
    entries.into_iter().map(|e| Ok((codec::decode::<Fact>(&e.bytes)?, Some(e)))).collect()
}

/// Copies the log at `path`, as it is, to a new file next to it; returns the copy's path.
fn keep_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = Utc::now().format("%Y%m%d-%H%M%S");
    let kept = path.with_file_name(format!("facts.wal.damaged-{stamp}"));
    let mut copy = folder::private_file_options().write(true).create_new(true).open(&kept)?;
    std::io::copy(&mut File::open(path)?, &mut copy)?;
    copy.sync_all()?;
    folder::sync_dir(path.parent().unwrap_or(Path::new(".")))?;
    Ok(kept)
}

/// What an import did, or would do with `--dry-run`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: usize,
    /// Imported before, and not in this file: kept as they are (with their check-ins).
    pub missing: Vec<String>,
}

pub struct Store {
    dir: PathBuf,
    sled: engine::OpenSled,
    /// This folder's station key, which signs every fact written here.
    secret: identity::StationSecret,
    event: EventInfo,
    /// Each station's log: the key it is bound to and its last sequence number.
    logs: logs::Logs,
    /// sled's log file, opened a second time so `fsync` reaches what `flush` left in caches.
    log_file: File,
    /// sled writes values over ~128 KiB to `db/blobs/` without an fsync; those already synced.
    synced_blobs: std::cell::RefCell<std::collections::HashSet<std::ffi::OsString>>,
    /// Facts acknowledged since sled was last made durable.
    wal: std::cell::RefCell<wal::FactWal>,
    /// Whether sled has every fact of the write-ahead log (it has been replayed): only then may a
    /// checkpoint empty the log.
    wal_replayed: bool,
    state: State,
    station: String,
    next_seq: u64,
    /// Every fact written since the folder was opened, by this station or a guest window's, in
    /// write order: what guests pull to stay current (see [`share`]).
    journal: Vec<Fact>,
    /// See [`Store::notices`].
    notices: Vec<String>,
    /// What the rules of a write need to know about everyone (see [`admission`]).
    registry: std::cell::RefCell<Option<admission::Registry>>,
    /// The imported seats of a write that needs none.
    no_seats: std::collections::HashMap<String, std::collections::BTreeSet<String>>,
    lock: folder::FolderLock,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).field("station", &self.station).finish()
    }
}

impl Store {
    /// Opens (or creates) the data folder `dir` for `station`.
    ///
    /// Refuses, without changing anything, a folder that is not a checkin folder, one written by a
    /// newer format, and one another process has open.
    pub fn open(dir: &Path, station: &str) -> Result<Store, StoreError> {
        Ok(Self::open_with(dir, station, folder::lock, false)?.0)
    }

    /// [`Store::open`] for a folder refused because its write-ahead log is damaged: every batch
    /// that can still be read (an intact record that decodes, before or after the damage) is
    /// given back to sled, and the log as it was is kept aside, next to it.
    pub fn recover(dir: &Path, station: &str) -> Result<(Store, Option<Salvage>), StoreError> {
        Self::open_with(dir, station, folder::lock, true)
    }

    /// [`Store::open`], refusing at once (no grace period) if another process has the folder.
    pub(crate) fn open_at_once(dir: &Path, station: &str) -> Result<Store, StoreError> {
        Ok(Self::open_with(dir, station, folder::lock_at_once, false)?.0)
    }

    fn open_with(
        dir: &Path,
        station: &str,
        lock: fn(&Path) -> Result<folder::FolderLock, FolderError>,
        salvage: bool,
    ) -> Result<(Store, Option<Salvage>), StoreError> {
        validate_station(station)?;
        let kind = folder::inspect(dir)?;
        let lock = lock(dir)?;
        let folder_io = |e| StoreError::Folder(FolderError::Io { dir: dir.to_owned(), source: e });
        let mut notices = Vec::new();
        if kind == folder::FolderKind::Fresh {
            // The marker goes first, so an interrupted first open still leaves a folder we know.
            folder::write_marker(dir)?;
        } else if privacy::make_private(dir).map_err(folder_io)? {
            notices.push(format!(
                "{} could be read by other users of this computer; it is private to you now (folder 0700, files 0600)",
                dir.display()
            ));
        }
        let unfinished = folder::remove_unfinished_snapshots(dir).map_err(folder_io)?;
        if unfinished > 0 {
            tracing::info!("{}: removed {unfinished} snapshot file(s) sled had not finished", dir.display());
        }
        if let Some(kept) = folder::set_aside_damaged_sled_conf(dir).map_err(folder_io)? {
            let notice = format!(
                "sled's settings file was damaged; it was written again (the damaged one is {})",
                kept.display()
            );
            tracing::warn!("{notice}");
            notices.push(notice);
        }
        let sled_err = |source| StoreError::Sled { dir: dir.to_owned(), source };
        let sled = engine::Sled::open(dir).map_err(|source| match source {
            sled::Error::Corruption { .. } | sled::Error::Unsupported(_) => {
                StoreError::SledDamaged { dir: dir.to_owned(), source }
            }
            other => sled_err(other),
        })?;
        // What sled created with the process's umask, and without an fsync.
        privacy::make_private(dir).map_err(folder_io)?;
        folder::sync_sled_files(dir).map_err(folder_io)?;
        let stored_format = match sled.meta.get(META_FORMAT).map_err(sled_err)? {
            Some(bytes) => Some(codec::decode::<u32>(&bytes).map_err(|e| damaged("format version", e))?),
            None => None,
        };
        let upgrading_from = match kind {
            folder::FolderKind::Upgradable { from } => Some(from),
            _ => None,
        };
        match stored_format {
            None | Some(folder::FOLDER_FORMAT) => {}
            Some(found) if upgrading_from.is_some() && folder::UPGRADES_FROM.contains(&found) => {}
            Some(found) => return Err(StoreError::Format { found, expected: folder::FOLDER_FORMAT }),
        }
        let log_file = File::open(folder::db_path(dir).join("db")).map_err(folder_io)?;
        let wal_path = folder::wal_path(dir);
        // A log of an older folder is read as that folder's checkin wrote it, then emptied.
        let wal_format = match stored_format {
            Some(older) if older < folder::WAL_MARKED_SINCE => wal::Format::Unmarked,
            _ => wal::Format::Marked,
        };
        let (wal, recovered) = wal::FactWal::open(&wal_path, wal_format)
            .map_err(|e| folder_io(std::io::Error::new(e.kind(), format!("{}: {e}", wal_path.display()))))?;
        // A key may be made only while no log is bound to one: a folder whose key went missing
        // cannot continue its own logs, and must not pretend to.
        let secret = identity::load_or_create(dir, sled.logs.is_empty()).map_err(folder_io)?;
        let event = match sled.meta.get(META_EVENT).map_err(sled_err)? {
            Some(bytes) => codec::decode(&bytes).map_err(|e| damaged("the event", e))?,
            None => {
                let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let event = EventInfo::found(&name, secret.public(), Utc::now());
                sled.meta
                    .insert(META_EVENT, codec::encode(&event).map_err(|e| damaged("the event", e))?)
                    .map_err(sled_err)?;
                event
            }
        };
        let logs = logs::Logs::load(&sled.logs, &sled.facts).map_err(|e| damaged("the station logs", e))?;

        let mut store = Store {
            dir: dir.to_owned(),
            sled: engine::OpenSled::new(sled),
            secret,
            event,
            logs,
            log_file,
            synced_blobs: Default::default(),
            wal: std::cell::RefCell::new(wal),
            wal_replayed: false,
            state: State::default(),
            station: station.to_owned(),
            next_seq: 1,
            journal: Vec::new(),
            notices,
            registry: Default::default(),
            no_seats: Default::default(),
            lock,
        };
        store.undo_interrupted_restore()?;
        store.state = store.load_state()?;
        let salvaged = store.recover_from_wal(recovered, wal_format, salvage)?;
        if store.state.lacks_writers() {
            // Written by a checkin older than seat ownership, which did not keep who wrote each
            // sign-up: derive the state again, once, so that it does.
            let report = store.rebuild()?;
            tracing::info!(
                "{}: state derived again from {} facts, with who wrote each sign-up",
                dir.display(),
                report.facts
            );
        }
        // Each step of an upgrade is its own, and finishes one that was interrupted: the folder
        // is marked with the new format only after all of them.
        if let Some(from) = upgrading_from.filter(|&from| from < folder::PEOPLE_SECOND_LAYOUT_SINCE) {
            let rewritten = upgrade::upgrade_people_layout(&store)?;
            tracing::info!(
                "{}: folder format {from} upgraded to {}: {rewritten} people rewritten in their second layout",
                store.dir.display(),
                folder::FOLDER_FORMAT,
            );
        }
        if stored_format != Some(folder::FOLDER_FORMAT) {
            // Facts from before signatures (or restored without them) are vouched for by this
            // folder's key: they were written or restored here.
            store.vouch_for_unsigned()?;
            let format = codec::encode(&folder::FOLDER_FORMAT).map_err(|e| damaged("meta", e))?;
            store.sled.meta.insert(META_FORMAT, format).map_err(write_err)?;
            store.sync()?;
        }
        if upgrading_from.is_some() {
            // Only once sled says the new format: an older checkin reads the marker first.
            folder::write_marker(dir)?;
        }
        store.next_seq = store.last_seq(station)? + 1;
        store.declare(folder::Holder::Open);
        Ok((store, salvaged))
    }

    /// Says, in the folder's lock file, that this process needs the folder to itself for a
    /// while: a window started meanwhile is told at once that it is in use, instead of waiting.
    pub(crate) fn hold_exclusively(&self) {
        self.declare(folder::Holder::Exclusive);
    }

    /// Says in the folder's lock file what this process is doing with it (see [`folder::Holder`]).
    pub(crate) fn declare(&self, what: folder::Holder) {
        if let Err(e) = self.lock.declare(what) {
            tracing::warn!("{}: could not write the lock file: {e}", self.dir.display());
        }
    }

    /// What opening the folder did that its user should hear about, once (a folder made private).
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// Gives sled back the facts acknowledged since its last checkpoint that it lost (in a
    /// killed process or a power cut), then empties the write-ahead log. A damaged log is
    /// refused, or with `salvage`, kept aside while every batch that can be read is given back.
    fn recover_from_wal(
        &mut self,
        recovered: wal::Recovered,
        format: wal::Format,
        salvage: bool,
    ) -> Result<Option<Salvage>, StoreError> {
        let path = self.wal.borrow().path().to_owned();
        if recovered.torn_bytes > 0 {
            // A write cut short: its facts were never acknowledged.
            tracing::warn!(
                "{}: ignoring {} bytes after the last complete batch of facts",
                path.display(),
                recovered.torn_bytes
            );
        }
        if let Some(at) = recovered.damaged_at.filter(|_| !salvage) {
            return Err(StoreError::WalDamaged { path, at });
        }
        let mut batches = Vec::new();
        let mut unreadable = 0;
        for body in recovered.batches.iter().chain(&recovered.after_damage) {
            match wal_batch(body, format) {
                Ok(batch) => batches.push(batch),
                Err(_) if salvage => unreadable += 1,
                Err(source) => return Err(StoreError::DamagedWal { path, source }),
            }
        }
        let salvaged = if recovered.damaged_at.is_some() || unreadable > 0 {
            let kept = keep_aside(&path).map_err(|e| StoreError::Write(format!("{}: {e}", path.display())))?;
            Some(Salvage { batches: batches.len(), facts: batches.iter().map(Vec::len).sum(), unreadable, kept })
        } else {
            None
        };
        if batches.is_empty() {
            self.wal_replayed = true;
            // Only a torn write, if anything: nothing of it was acknowledged.
            return if self.wal.borrow().is_empty() { Ok(salvaged) } else { self.sync().map(|()| salvaged) };
        }
        let mut lost = sled::Batch::default();
        let mut lost_signatures = sled::Batch::default();
        let mut lost_count = 0;
        for (fact, entry) in batches.into_iter().flatten() {
            let key = fact_key(&fact.station, fact.seq);
            if let Some(entry) = &entry {
                self.logs.bind(&self.sled.logs, &fact.station, entry.key, fact.seq).map_err(write_err)?;
                lost_signatures.insert(key.clone(), entry.sig.as_slice());
            }
            if !self.sled.facts.contains_key(&key).map_err(write_err)? {
                let bytes = match entry {
                    Some(entry) => entry.bytes,
                    None => codec::encode(&fact).map_err(|e| damaged("fact", e))?,
                };
                lost.insert(key, bytes);
                lost_count += 1;
            }
        }
        self.sled.facts.apply_batch(lost).map_err(write_err)?;
        self.sled.signatures.apply_batch(lost_signatures).map_err(write_err)?;
        // sled may have kept any part of the derived writes since its checkpoint: derive the
        // state again from the whole fact log. Only then may the log go.
        let report = self.rebuild()?;
        self.wal_replayed = true;
        self.sync()?;
        tracing::info!(
            "{}: {lost_count} facts given back from the write-ahead log; the state was derived again from {} facts",
            self.dir.display(),
            report.facts
        );
        Ok(salvaged)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn station(&self) -> &str {
        &self.station
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// The event this folder belongs to.
    pub fn event(&self) -> &EventInfo {
        &self.event
    }

    /// This folder's station key (public half): its iroh endpoint id, and what its facts are
    /// signed with.
    pub fn station_key(&self) -> StationKey {
        self.secret.public()
    }

    /// The secret key, for this folder's network endpoint (only the process owning the folder).
    pub(crate) fn iroh_key(&self) -> iroh::SecretKey {
        self.secret.iroh_key()
    }

    /// Station → key of every log held here.
    pub fn log_keys(&self) -> Vec<(String, StationKey)> {
        self.logs.keys().map(|(s, k)| (s.to_owned(), *k)).collect()
    }

    /// The signed fact that admitted this station to its event (none for the event's founder).
    pub fn admission(&self) -> Option<SignedFact> {
        self.sled.meta.get(META_ADMISSION).ok().flatten().and_then(|v| codec::decode(&v).ok())
    }

    pub fn set_admission(&self, admission: &SignedFact) -> Result<(), StoreError> {
        let bytes = codec::encode(admission).map_err(|e| damaged("the admission", e))?;
        self.sled.meta.insert(META_ADMISSION, bytes).map_err(write_err)?;
        self.sync()
    }

    /// Makes this folder, which has no facts yet, a station of `event` (`checkin join`): its
    /// facts are signed for that event from now on.
    pub fn adopt_event(&mut self, event: EventInfo) -> Result<(), StoreError> {
        if !self.sled.facts.is_empty() {
            return Err(StoreError::NotEmpty(self.dir.clone()));
        }
        let bytes = codec::encode(&event).map_err(|e| damaged("the event", e))?;
        self.sled.meta.insert(META_EVENT, bytes).map_err(write_err)?;
        self.event = event;
        self.sync()
    }

    /// No programme, no people and no facts: a folder the demo may fill.
    pub fn is_empty(&self) -> bool {
        self.sled.people.is_empty() && self.sled.program.is_empty() && self.sled.facts.is_empty()
    }

    // ---- durability ----

    /// Makes everything written to sled so far survive a killed process and a power cut, and
    /// empties the write-ahead log of facts, which it makes redundant: a checkpoint.
    pub fn sync(&self) -> Result<(), StoreError> {
        let write = |e: std::io::Error| StoreError::Write(e.to_string());
        self.sled.db.flush().map_err(|e| StoreError::Write(e.to_string()))?;
        // Blobs first: the log may point at them once it is synced.
        self.sync_new_blobs().map_err(write)?;
        self.log_file.sync_all().map_err(write)?;
        let mut wal = self.wal.borrow_mut();
        if self.wal_replayed && !wal.is_empty() {
            wal.clear().map_err(write)?;
        }
        Ok(())
    }

    /// fsyncs blob files sled created since the last call (usually none: our values are small).
    fn sync_new_blobs(&self) -> std::io::Result<()> {
        let dir = folder::db_path(&self.dir).join("blobs");
        let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(()) };
        let mut synced = self.synced_blobs.borrow_mut();
        let mut any_new = false;
        for entry in entries {
            let entry = entry?;
            if !synced.contains(&entry.file_name()) {
                match File::open(entry.path()) {
                    Ok(f) => f.sync_all()?,
                    // sled garbage-collected it in the meantime: nothing left to make durable.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    Err(e) => return Err(e),
                }
                synced.insert(entry.file_name());
                any_new = true;
            }
        }
        if any_new {
            folder::sync_dir(&dir)?;
        }
        Ok(())
    }

    // ---- meta ----

    pub fn is_demo(&self) -> bool {
        matches!(self.sled.meta.get(META_DEMO), Ok(Some(v)) if v.as_ref() == [1])
    }

    pub fn set_demo(&self, demo: bool) -> Result<(), StoreError> {
        self.sled.meta.insert(META_DEMO, &[u8::from(demo)]).map_err(write_err)?;
        self.sync()
    }

    // ---- programme ----

    /// What the event is called: its programme's name once one is loaded or has arrived (in
    /// `lang`, else any language it has), else the name it was founded with (the first
    /// station's folder name). Every message naming the event takes it from here.
    pub fn event_name(&self, lang: &str) -> String {
        let from_program = self.program().ok().flatten().map(|p| p.name.get(lang).to_owned());
        from_program.filter(|name| !name.is_empty()).unwrap_or_else(|| self.event.name.clone())
    }

    pub fn program(&self) -> Result<Option<Program>, StoreError> {
        match self.sled.program.get(PROGRAM_KEY).map_err(write_err)? {
            Some(bytes) => Ok(Some(codec::decode(&bytes).map_err(|e| damaged("programme", e))?)),
            None => Ok(None),
        }
    }

    /// Replaces the programme. The caller validates it first.
    pub fn set_program(&self, program: &Program) -> Result<(), StoreError> {
        let bytes = codec::encode(program).map_err(|e| damaged("programme", e))?;
        self.sled.program.insert(PROGRAM_KEY, bytes).map_err(write_err)?;
        self.sync()
    }

    // ---- people ----

    pub fn person(&self, code: &str) -> Result<Option<Person>, StoreError> {
        // The last block starting at or before the code is the only one that may hold it.
        if let Some(item) = self.sled.people.range(..=code.as_bytes()).next_back() {
            let (_, block) = item.map_err(write_err)?;
            for entry in blocks::entries(&block) {
                let (found, value) = entry.map_err(|e| damaged("a block of people", e))?;
                if found == code.as_bytes() {
                    return Ok(Some(codec::decode(value).map_err(|e| damaged(&format!("person {code}"), e))?));
                }
            }
        }
        Ok(self.state.walk_ins().find(|p| p.code == code).cloned())
    }

    /// Imported people in code order, then walk-ins, each decoded.
    pub fn people(&self) -> Result<Vec<Person>, StoreError> {
        let (people, _) = self.people_as_of()?;
        people.into_vec().map_err(|(code, e)| damaged(&format!("person {code}"), e))
    }

    /// Imported people in code order, then walk-ins, decoded only as they are used; and the
    /// [generation](Self::people_generation) read before them: what a copy made from them may
    /// be stamped with (another process may import while they are read; then the copy is
    /// stale, never current for people it does not have).
    pub fn people_as_of(&self) -> Result<(People, u64), StoreError> {
        let generation = self.people_generation()?;
        // The folder's snapshot holds the tree as of its current generation: one sequential
        // read instead of walking sled (which also fills sled's cache with the whole tree).
        let mut people = match snapshot::saved_people(self, generation) {
            Some(people) => people,
            None => self.people_from_sled()?,
        };
        for p in self.state.walk_ins() {
            people.push(p.clone());
        }
        Ok((people, generation))
    }

    fn people_from_sled(&self) -> Result<People, StoreError> {
        // Not `with_capacity(self.sled.people.len())`: sled counts a tree by walking all of it, which
        // was a tenth of the station's start-up at 100k people (benches/budget.rs).
        let mut stored = Vec::new();
        for item in self.sled.people.iter() {
            let (_, block) = item.map_err(write_err)?;
            for entry in blocks::entries(&block) {
                let (_, value) = entry.map_err(|e| damaged("a block of people", e))?;
                people::append_stored(&mut stored, value);
            }
        }
        People::from_stored(stored).map_err(|(at, e)| damaged(&format!("person {}", self.stored_code(at)), e))
    }

    /// The code of the `at`-th person in the `people` tree, for an error message.
    fn stored_code(&self, at: usize) -> String {
        let entries = self.sled.people.iter().values().flatten().flat_map(|block| {
            blocks::entries(&block)
                .map(|e| e.map(|(code, _)| String::from_utf8_lossy(code).into_owned()))
                .collect::<Vec<_>>()
        });
        entries.flatten().nth(at).unwrap_or_default()
    }

    /// Imported people in code order, without walk-ins (a guest window gets those as facts).
    pub(crate) fn imported_people(&self) -> Result<Vec<Person>, StoreError> {
        let mut people = self.people()?;
        people.truncate(people.len() - self.state.walk_ins().count());
        Ok(people)
    }

    pub fn people_count(&self) -> usize {
        let imported: usize = self
            .sled
            .people
            .iter()
            .values()
            .flatten()
            .map(|b| blocks::entries(&b).take_while(Result::is_ok).count())
            .sum();
        imported + self.state.walk_ins().count()
    }

    /// What importing `incoming` would change; nothing is written.
    pub fn plan_import(&self, incoming: &[Person]) -> Result<ImportSummary, StoreError> {
        plan(&encode_people(incoming)?, &self.stored_people()?.by_code()?)
    }

    /// Adds new people and updates existing ones by code, all or nothing, durably.
    /// Facts are never touched: a re-imported person keeps their check-ins.
    pub fn import(&self, incoming: &[Person]) -> Result<ImportSummary, StoreError> {
        let encoded = encode_people(incoming)?;
        let stored = self.stored_people()?;
        let mut everyone = stored.by_code()?;
        let summary = plan(&encoded, &everyone)?;
        for (p, bytes) in &encoded {
            everyone.insert(p.code.as_bytes(), bytes);
        }
        self.write_people(&stored, &everyone)?;
        // Only a head start for the next start: without it, that start reads sled's tree.
        let saved = self
            .people_generation()
            .map_err(|e| std::io::Error::other(e.to_string()))
            .and_then(|generation| snapshot::save_imported(self, generation, everyone.values().copied()));
        if let Err(e) = saved {
            tracing::warn!("could not save the imported people for the next start in {}: {e}", self.dir.display());
        }
        Ok(summary)
    }

    /// Makes the `people` tree hold `everyone` (code → stored value) instead of `stored`, durably,
    /// in one batch: sled applies it whole or not at all, so an interruption leaves the old people.
    fn write_people(&self, stored: &StoredPeople, everyone: &BTreeMap<&[u8], &[u8]>) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for (key, block) in blocks::changes(&stored.blocks, blocks::blocks(everyone.iter().map(|(c, v)| (*c, *v)))) {
            match block {
                Some(block) => batch.insert(key, block),
                None => batch.remove(key),
            }
        }
        self.bump_people_generation()?;
        self.sled.people.apply_batch(batch).map_err(write_err)?;
        self.sync()
    }

    /// The `people` tree's blocks as they are now.
    fn stored_people(&self) -> Result<StoredPeople, StoreError> {
        let blocks = self.sled.people.iter().collect::<Result<_, _>>().map_err(write_err)?;
        Ok(StoredPeople { blocks })
    }

    /// Counts writes of the `people` tree, so a copy made from it can tell it is out of date.
    pub fn people_generation(&self) -> Result<u64, StoreError> {
        match self.sled.meta.get(META_PEOPLE_GEN).map_err(write_err)? {
            Some(v) => Ok(u64::from_be_bytes(
                v.as_ref().try_into().map_err(|_| StoreError::Write("people generation of wrong length".into()))?,
            )),
            None => Ok(0),
        }
    }

    /// Bumped, durably, *before* the people change: a crash in between leaves a copy stale
    /// for nothing, never current for people it does not have.
    fn bump_people_generation(&self) -> Result<(), StoreError> {
        let next = self.people_generation()?.wrapping_add(1);
        self.sled.meta.insert(META_PEOPLE_GEN, &next.to_be_bytes()).map_err(write_err)?;
        self.sync()
    }

    // ---- facts ----

    /// Appends a fact to this station's log, updates the derived state with it,
    /// and returns only once both are durable.
    pub fn record(&mut self, at: DateTime<Utc>, operator: &str, kind: FactKind) -> Result<Fact, StoreError> {
        let mut facts = self.record_many(at, operator, vec![kind])?;
        Ok(facts.remove(0))
    }

    /// Several facts in one durable write (a scanner's burst, a delegation checked in together).
    /// All are acknowledged together after a single `fsync`.
    pub fn record_many(
        &mut self,
        at: DateTime<Utc>,
        operator: &str,
        kinds: Vec<FactKind>,
    ) -> Result<Vec<Fact>, StoreError> {
        let station = self.station.clone();
        self.record_for(&station, at, operator, kinds)
    }

    /// [`Store::record_many`] for `station`, which may be a guest window's: its facts continue
    /// its own log, so every station's sequence stays dense whoever owns the folder.
    pub(crate) fn record_for(
        &mut self,
        station: &str,
        at: DateTime<Utc>,
        operator: &str,
        kinds: Vec<FactKind>,
    ) -> Result<Vec<Fact>, StoreError> {
        validate_station(station)?;
        if self.logs.key_of(station).is_some_and(|key| key != self.secret.public()) {
            return Err(StoreError::StationOfAnother(station.to_owned()));
        }
        let kinds = self.admit(at, operator, kinds)?;
        let own = station == self.station;
        let first = if own { self.next_seq } else { self.last_seq(station)? + 1 };
        let facts: Vec<Fact> = kinds
            .into_iter()
            .enumerate()
            .map(|(i, kind)| Fact {
                id: Uuid::now_v7(),
                station: station.to_owned(),
                seq: first + i as u64,
                at,
                operator: operator.to_owned(),
                kind,
            })
            .collect();
        let signed = facts
            .iter()
            .map(|fact| {
                let bytes = codec::encode(fact).map_err(|e| damaged("fact", e))?;
                let sig = self.secret.sign(&self.event.id, &bytes);
                Ok(SignedFact { bytes, key: self.secret.public(), sig })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        self.write_facts(&facts, &signed)?;
        if own {
            self.next_seq += facts.len() as u64;
        }
        self.journal.extend(facts.iter().cloned());
        Ok(facts)
    }

    /// How many facts have been written since the folder was opened.
    pub(crate) fn journal_len(&self) -> u64 {
        self.journal.len() as u64
    }

    /// The facts written since journal position `since` (none for a position beyond it).
    pub(crate) fn journal_since(&self, since: u64) -> &[Fact] {
        self.journal.get(since as usize..).unwrap_or(&[])
    }

    /// The sequence number `station`'s next fact will get.
    pub(crate) fn next_seq_of(&self, station: &str) -> Result<u64, StoreError> {
        if station == self.station { Ok(self.next_seq) } else { Ok(self.last_seq(station)? + 1) }
    }

    /// Writes `facts` (each with its stored bytes and signature in `entries`, in the same
    /// order) and what they change in the derived state; returns once they are durable.
    fn write_facts(&mut self, facts: &[Fact], entries: &[SignedFact]) -> Result<(), StoreError> {
        // The write-ahead log first: what it refuses (a full disk) has touched nothing else, so a
        // fact reported as not saved can never turn up later.
        let body = codec::encode(&entries).map_err(|e| damaged("fact", e))?;
        self.wal.borrow_mut().append(&body).map_err(|e| StoreError::Write(e.to_string()))?;
        // Acknowledged from here on, whatever sled does with it.
        let mut new_logs: Vec<(&str, StationKey)> = Vec::new();
        for (fact, entry) in facts.iter().zip(entries) {
            if self.logs.key_of(&fact.station).is_none() && !new_logs.iter().any(|(s, _)| *s == fact.station) {
                new_logs.push((&fact.station, entry.key));
            }
            self.logs.note(&fact.station, entry.key, fact.seq);
        }
        let mut derived_writes: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
        let mut fact_writes = Vec::with_capacity(facts.len());
        for (fact, entry) in facts.iter().zip(entries) {
            fact_writes.push((fact_key(&fact.station, fact.seq), entry));
            for key in self.state.apply(fact) {
                let value =
                    self.state.value(&key).map(|v| codec::encode(&v)).transpose().map_err(|e| damaged("derived", e))?;
                derived_writes.insert(codec::encode_key(&key).map_err(|e| damaged("derived key", e))?, value);
            }
        }
        // Plain inserts, not a sled transaction: a transaction (or batch) seals sled's log buffer
        // and writes it to the device at once, which then competes with the write-ahead log's
        // fdatasync. The write-ahead log is what makes the facts atomic and durable; a restart
        // after a crash derives the state again (`recover_from_wal`).
        let inserted = (|| {
            for (k, entry) in &fact_writes {
                self.sled.facts.insert(k.as_slice(), entry.bytes.as_slice())?;
                self.sled.signatures.insert(k.as_slice(), entry.sig.as_slice())?;
            }
            for (station, key) in &new_logs {
                self.sled.logs.insert(station.as_bytes(), key.as_slice())?;
            }
            for (k, v) in &derived_writes {
                match v {
                    Some(v) => self.sled.derived.insert(k.as_slice(), v.as_slice())?,
                    None => self.sled.derived.remove(k.as_slice())?,
                };
            }
            Ok::<_, sled::Error>(())
        })();
        match inserted {
            Err(e) => {
                // sled lacks facts the log has: the log is kept until the next open gives them back.
                self.wal_replayed = false;
                tracing::error!(
                    "{}: sled could not take acknowledged facts ({e}); the write-ahead log keeps them for the next open",
                    self.dir.display()
                );
            }
            Ok(()) if self.wal.borrow().len() >= WAL_CHECKPOINT_BYTES => {
                // The facts are durable already; a failed checkpoint is tried again with the next.
                if let Err(e) = self.sync() {
                    tracing::warn!("checkpoint of {} failed: {e}", self.dir.display());
                }
            }
            Ok(()) => {}
        }
        Ok(())
    }

    /// Every fact of every station, each station's log in sequence order.
    pub fn facts(&self) -> impl Iterator<Item = Result<Fact, StoreError>> + '_ {
        self.sled.facts.iter().map(|item| {
            let (_, bytes) = item.map_err(write_err)?;
            codec::decode(&bytes).map_err(|e| damaged("fact", e))
        })
    }

    /// The sequence number the next fact of this station will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    pub fn fact_count(&self) -> usize {
        self.sled.facts.len()
    }

    fn last_seq(&self, station: &str) -> Result<u64, StoreError> {
        let mut prefix = station.as_bytes().to_vec();
        prefix.push(0);
        match self.sled.facts.scan_prefix(&prefix).next_back() {
            Some(item) => {
                let (key, _) = item.map_err(write_err)?;
                let tail: [u8; 8] =
                    key[prefix.len()..].try_into().map_err(|_| StoreError::Write("fact key of wrong length".into()))?;
                Ok(u64::from_be_bytes(tail))
            }
            None => Ok(0),
        }
    }

    // ---- derived state ----

    fn load_state(&self) -> Result<State, StoreError> {
        let mut state = State::default();
        for item in self.sled.derived.iter() {
            let (k, v) = item.map_err(write_err)?;
            let key: DerivedKey = codec::decode_key(&k).map_err(|e| damaged("derived key", e))?;
            let value: DerivedValue = codec::decode(&v).map_err(|e| damaged("derived value", e))?;
            state.restore_entry(key, value);
        }
        Ok(state)
    }

    /// Recomputes the derived state from the fact log and replaces the stored one.
    /// Returns how many facts were replayed and whether the stored state had drifted.
    pub fn rebuild(&mut self) -> Result<RebuildReport, StoreError> {
        let facts: Vec<Fact> = self.facts().collect::<Result<_, _>>()?;
        let rebuilt = State::replay(&facts);
        let drifted = rebuilt != self.state;
        self.write_whole_state(&rebuilt)?;
        self.state = rebuilt;
        Ok(RebuildReport { facts: facts.len(), drifted })
    }

    fn write_whole_state(&self, state: &State) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for item in self.sled.derived.iter().keys() {
            batch.remove(item.map_err(write_err)?);
        }
        for (k, v) in state.entries() {
            batch.insert(
                codec::encode_key(&k).map_err(|e| damaged("derived key", e))?,
                codec::encode(&v).map_err(|e| damaged("derived", e))?,
            );
        }
        self.sled.derived.apply_batch(batch).map_err(write_err)?;
        self.sync()
    }

    /// Loads an exported fact log into this (fact-less) folder, keeping every fact's station and
    /// sequence, then derives the state from it. All or nothing: the folder is marked, durably,
    /// before anything is written and unmarked once everything is; a restore interrupted in
    /// between (a kill, a power cut, a full disk) is undone here or by the next open.
    pub fn restore(&mut self, facts: &[Fact]) -> Result<(), StoreError> {
        if !self.sled.facts.is_empty() {
            return Err(StoreError::NotEmpty(self.dir.clone()));
        }
        let mut seen = std::collections::HashSet::new();
        let mut batch = sled::Batch::default();
        for f in facts {
            validate_station(&f.station)
                .map_err(|_| StoreError::BadRestore(format!("fact {} has station {:?}", f.id, f.station)))?;
            if !seen.insert((f.station.clone(), f.seq)) {
                return Err(StoreError::BadRestore(format!("station {:?} has sequence {} twice", f.station, f.seq)));
            }
            batch.insert(fact_key(&f.station, f.seq), codec::encode(f).map_err(|e| damaged("fact", e))?);
        }
        self.sled.meta.insert(META_RESTORING, &[1]).map_err(write_err)?;
        self.sync()?;
        let restore = || {
            self.sled.facts.apply_batch(batch).map_err(write_err)?;
            // Restored facts travel as this station vouches for them: signed with its key.
            self.vouch_for_unsigned()?;
            let state = State::replay(facts);
            self.write_whole_state(&state)?;
            self.sled.meta.remove(META_RESTORING).map_err(write_err)?;
            self.sync()?;
            Ok(state)
        };
        match restore() {
            Ok(state) => self.state = state,
            Err(e) => {
                if let Err(undo) = self.undo_interrupted_restore() {
                    tracing::error!("undoing a failed restore failed too ({undo}); the next open tries again");
                }
                self.notices.clear();
                return Err(e);
            }
        }
        self.next_seq = self.last_seq(&self.station.clone())? + 1;
        Ok(())
    }

    /// Takes out what an interrupted [`Store::restore`] wrote (the folder had no facts before
    /// it, or it would not have started), so the folder is as it was before the restore.
    fn undo_interrupted_restore(&mut self) -> Result<(), StoreError> {
        if self.sled.meta.get(META_RESTORING).map_err(write_err)?.is_none() {
            return Ok(());
        }
        self.sled.facts.clear().map_err(write_err)?;
        self.sled.derived.clear().map_err(write_err)?;
        self.sled.signatures.clear().map_err(write_err)?;
        self.sled.logs.clear().map_err(write_err)?;
        self.logs = logs::Logs::default();
        self.state = State::default();
        self.sync()?;
        // Unmarked only once the facts are out for good.
        self.sled.meta.remove(META_RESTORING).map_err(write_err)?;
        self.sync()?;
        let notice = format!(
            "a restore into {} was interrupted: the facts it had written were taken out again, and the folder is as it was before; run `checkin restore` again",
            self.dir.display()
        );
        tracing::warn!("{notice}");
        self.notices.push(notice);
        Ok(())
    }
}

impl Drop for Store {
    /// A checkpoint on the way out, so the next open has nothing to replay.
    fn drop(&mut self) {
        // A window starting now waits for the folder instead of being turned away.
        let _ = self.lock.declare(folder::Holder::Closing);
        if self.wal_replayed
            && !self.wal.borrow().is_empty()
            && let Err(e) = self.sync()
        {
            tracing::warn!(
                "closing {}: checkpoint failed ({e}); the next open replays the write-ahead log",
                self.dir.display()
            );
        }
        self.sled.close();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RebuildReport {
    pub facts: usize,
    pub drifted: bool,
}

/// What importing `incoming` (encoded) changes against `stored` (code → stored value). An
/// unchanged person has the same bytes (the encoding is canonical), so only changed ones are
/// decoded.
fn plan(incoming: &[(&Person, Vec<u8>)], stored: &BTreeMap<&[u8], &[u8]>) -> Result<ImportSummary, StoreError> {
    let mut summary = ImportSummary::default();
    let in_file: std::collections::HashSet<&[u8]> = incoming.iter().map(|(p, _)| p.code.as_bytes()).collect();
    summary.missing = stored
        .keys()
        .filter(|code| !in_file.contains(*code))
        .map(|code| String::from_utf8_lossy(code).into_owned())
        .collect();
    refuse_codes_taken(incoming, stored, &in_file)?;
    for (p, bytes) in incoming {
        match stored.get(p.code.as_bytes()) {
            None => summary.added.push(p.code.clone()),
            Some(&old) if old == bytes.as_slice() => summary.unchanged += 1,
            Some(&old) => {
                let old: Person = codec::decode(old).map_err(|e| damaged(&format!("person {}", p.code), e))?;
                if old == **p {
                    summary.unchanged += 1;
                } else {
                    summary.updated.push(p.code.clone());
                }
            }
        }
    }
    Ok(summary)
}

/// Codes and other codes are unique across the event in any case and keyboard layout, against
/// the people already here as within one file: otherwise a scan of `AB12CD` finds `ab12cd`,
/// imported earlier, and checks in the wrong person. Those in the file replace themselves.
fn refuse_codes_taken(
    incoming: &[(&Person, Vec<u8>)],
    stored: &BTreeMap<&[u8], &[u8]>,
    in_file: &std::collections::HashSet<&[u8]>,
) -> Result<(), StoreError> {
    use crate::text::code::clash_keys;
    let mut taken: std::collections::HashMap<String, (String, String)> = std::collections::HashMap::new();
    for (code, value) in stored.iter().filter(|(code, _)| !in_file.contains(*code)) {
        let p: Person =
            codec::decode(value).map_err(|e| damaged(&format!("person {}", String::from_utf8_lossy(code)), e))?;
        for c in std::iter::once(&p.code).chain(&p.aliases) {
            for k in clash_keys(c) {
                taken.entry(k).or_insert_with(|| (c.clone(), p.full_name()));
            }
        }
    }
    for (p, _) in incoming {
        for c in std::iter::once(&p.code).chain(&p.aliases) {
            if let Some((held, name)) = clash_keys(c).iter().find_map(|k| taken.get(k)) {
                return Err(StoreError::CodeTaken {
                    code: c.clone(),
                    person: p.full_name(),
                    held: held.clone(),
                    by: name.clone(),
                });
            }
        }
    }
    Ok(())
}

/// The `people` tree as read: its blocks, which the people's stored values point into.
struct StoredPeople {
    blocks: Vec<(sled::IVec, sled::IVec)>,
}

impl StoredPeople {
    /// Everyone's stored value by code (code order is the blocks' order).
    fn by_code(&self) -> Result<BTreeMap<&[u8], &[u8]>, StoreError> {
        let mut out = BTreeMap::new();
        for (_, block) in &self.blocks {
            for entry in blocks::entries(block) {
                let (code, value) = entry.map_err(|e| damaged("a block of people", e))?;
                out.insert(code, value);
            }
        }
        Ok(out)
    }
}

fn encode_people(people: &[Person]) -> Result<Vec<(&Person, Vec<u8>)>, StoreError> {
    people.iter().map(|p| Ok((p, codec::encode(p).map_err(|e| damaged("person", e))?))).collect()
}

fn fact_key(station: &str, seq: u64) -> Vec<u8> {
    let mut key = Vec::with_capacity(station.len() + 9);
    key.extend_from_slice(station.as_bytes());
    key.push(0);
    key.extend_from_slice(&seq.to_be_bytes());
    key
}

pub(crate) fn validate_station(station: &str) -> Result<(), StoreError> {
    crate::domain::admission::check_name("station name", station)
        .map_err(|_| StoreError::BadStation(station.to_owned()))
}

fn write_err(e: sled::Error) -> StoreError {
    StoreError::Write(e.to_string())
}

fn damaged(what: &str, source: codec::CodecError) -> StoreError {
    StoreError::Damaged { what: what.to_owned(), source }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AttendanceStatus, EntryPoint};

    #[test]
    fn a_check_in_that_could_not_be_made_durable_is_forgotten_everywhere() {
        let tmp = tempfile::tempdir().unwrap();
        let mut store = Store::open(tmp.path(), "desk-1").unwrap();
        let program = crate::io::sample::sample_program().unwrap();
        let people = crate::io::sample::generate(3, 1, &program);
        store.import(&people).unwrap();
        let venue = EntryPoint::Venue(program.first_day());
        let check_in = |code: &str| FactKind::CheckedIn { code: code.into(), entry: venue.clone(), note: None };
        let at = Utc::now();
        store.record(at, "op", check_in(&people[0].code)).unwrap();

        let good = store.wal.replace(wal::FactWal::unwritable(&folder::wal_path(tmp.path())));
        let err = store.record(at, "op", check_in(&people[1].code)).unwrap_err();
        assert!(matches!(err, StoreError::Write(_)), "{err}");
        assert_eq!(store.state().status(&venue, &people[1].code), AttendanceStatus::NotYet);
        assert_ne!(store.state().status(&venue, &people[0].code), AttendanceStatus::NotYet);
        assert_eq!(store.fact_count(), 1, "the fact is out of sled, so no checkpoint can keep it");
        assert_eq!(store.next_seq(), 2);

        store.wal.replace(good);
        assert_eq!(store.record(at, "op", check_in(&people[1].code)).unwrap().seq, 2, "tried again, it goes through");
        let state = store.state().clone();
        drop(store);
        let store = Store::open(tmp.path(), "desk-1").unwrap();
        assert_eq!(store.state(), &state);
        assert_eq!(store.fact_count(), 2);
    }
}
