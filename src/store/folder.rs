//! The data folder on disk: recognising it, refusing what is not ours, and owning it exclusively.
//!
//! ```text
//! DATA/
//!   CHECKIN-FOLDER   marker: "checkin data folder" + format version (plain text, read before sled)
//!   checkin.lock     holds the pid of the process that owns the folder (flock'd while open)
//!   db/              sled
//!   checkin.log      diagnostics (tracing), never the terminal
//!   search.snapshot  the built search index, rebuilt whenever stale (see `snapshot`)
//!   facts.wal        facts acknowledged since sled was last made durable (see `wal`)
//! ```

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Layout version of the whole folder. Bump when trees or keys change meaning.
/// 2: the `people` tree holds blocks of people (`store::people`), not one person per key.
/// 3: acknowledged facts may be in `facts.wal` only, until the next checkpoint.
/// 4: the records of `facts.wal` carry a marker and a checksummed header (`wal::Format::Marked`);
///    the folder belongs to an event and has a station key (`station.key`); every fact is signed
///    (`signatures`, and in `facts.wal`), every station's log bound to a key (`logs`).
/// 5: a person in `people` ends in other codes, an order, a status and a birth date (the
///    second layout of `domain::person::Person`). Facts, the derived state and the programme
///    are as they were: a walk-in's fact keeps the first layout for good.
pub const FOLDER_FORMAT: u32 = 5;
/// The older formats opened in place: format 3 only adds `facts.wal`, which a format-2 folder
/// simply has not got; format 4 lays the log's records out differently, so an older log is read
/// the old way and emptied into sled, and signs the facts already there with the folder's new
/// key; format 5 only rewrites the people in their second layout (`store::upgrade`). The upgrade
/// marks the folder so the older checkin refuses it.
pub const UPGRADES_FROM: std::ops::RangeInclusive<u32> = 2..=4;
/// The first format whose `facts.wal` records are marked and hold signed facts: an older folder's
/// log is read unmarked, as bare facts.
pub const WAL_MARKED_SINCE: u32 = 4;
/// The first format whose people are in their second layout: an older folder's are rewritten.
pub const PEOPLE_SECOND_LAYOUT_SINCE: u32 = 5;
const MARKER: &str = "CHECKIN-FOLDER";
const MARKER_TITLE: &str = "checkin data folder";
const LOCK: &str = "checkin.lock";
const JOINED_NAME: &str = "station.name";

#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    #[error(
        "{dir} is not a checkin data folder (it holds other files, e.g. {example:?}); nothing was changed. Choose an empty or new folder with --data"
    )]
    NotOurs { dir: PathBuf, example: String },
    #[error(
        "{dir} was written by a newer checkin (folder format {found}; this one reads {FOLDER_FORMAT}). Nothing was changed: use the newer checkin"
    )]
    Newer { dir: PathBuf, found: u32 },
    #[error(
        "{dir} was written by an older checkin (folder format {found}; this one reads {FOLDER_FORMAT}). Nothing was changed: with the checkin that wrote it, run `checkin export facts`; then, into a new --data folder, `checkin program` your programme file, `checkin import` your registrant file and `checkin restore` the facts"
    )]
    Older { dir: PathBuf, found: u32 },
    #[error(
        "{dir} has a damaged {MARKER} file ({reason}); nothing was changed. If it is a checkin data folder, that file holds two lines: \"{MARKER_TITLE}\" and \"format={FOLDER_FORMAT}\""
    )]
    BadMarker { dir: PathBuf, reason: String },
    #[error(
        "this data folder ({dir}) is open in another checkin (pid {pid}); close that window first, or use another --data folder"
    )]
    InUse { dir: PathBuf, pid: String },
    #[error("cannot use data folder {dir}: {source}")]
    Io { dir: PathBuf, source: std::io::Error },
}

/// Exclusive ownership of a data folder for as long as it lives.
#[derive(Debug)]
pub struct FolderLock {
    file: File,
}

/// What a folder check found.
#[derive(Debug, PartialEq, Eq)]
pub enum FolderKind {
    /// Missing or empty: will be initialised.
    Fresh,
    Ours,
    /// Written in one of [`UPGRADES_FROM`]: opening it upgrades it.
    Upgradable {
        from: u32,
    },
}

/// Looks at `dir` without changing anything.
pub fn inspect(dir: &Path) -> Result<FolderKind, FolderError> {
    let io = |source| FolderError::Io { dir: dir.to_owned(), source };
    if !dir.exists() {
        return Ok(FolderKind::Fresh);
    }
    let marker = dir.join(MARKER);
    if !marker.exists() {
        let mut entries = fs::read_dir(dir).map_err(io)?;
        return match entries.next() {
            None => Ok(FolderKind::Fresh),
            Some(entry) => Err(FolderError::NotOurs {
                dir: dir.to_owned(),
                example: entry.map_err(io)?.file_name().to_string_lossy().into_owned(),
            }),
        };
    }
    let bad = |reason: &str| FolderError::BadMarker { dir: dir.to_owned(), reason: reason.to_owned() };
    let text = match fs::read_to_string(&marker) {
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => return Err(bad("it is not text")),
        other => other.map_err(io)?,
    };
    let mut lines = text.lines();
    if lines.next() != Some(MARKER_TITLE) {
        return Err(bad("first line is not \"checkin data folder\""));
    }
    let found = lines
        .find_map(|l| l.strip_prefix("format="))
        .ok_or_else(|| bad("no format= line"))?
        .trim()
        .parse::<u32>()
        .map_err(|_| bad("format= is not a number"))?;
    if found > FOLDER_FORMAT {
        return Err(FolderError::Newer { dir: dir.to_owned(), found });
    }
    if UPGRADES_FROM.contains(&found) {
        return Ok(FolderKind::Upgradable { from: found });
    }
    // Read as the current format, its trees would be misread.
    if found < FOLDER_FORMAT {
        return Err(FolderError::Older { dir: dir.to_owned(), found });
    }
    Ok(FolderKind::Ours)
}

/// Takes the folder for this process. Call after [`inspect`] accepted it.
pub fn lock(dir: &Path) -> Result<FolderLock, FolderError> {
    lock_within(dir, GRACE_ATTEMPTS)
}

/// [`lock`] without the grace period: for a window that would rather join the folder's owner
/// at once than wait to see whether the owner is only a passing descriptor copy.
pub fn lock_at_once(dir: &Path) -> Result<FolderLock, FolderError> {
    lock_within(dir, 1)
}

fn lock_within(dir: &Path, attempts: u32) -> Result<FolderLock, FolderError> {
    let io = |source| FolderError::Io { dir: dir.to_owned(), source };
    create_private_dir(dir).map_err(io)?;
    let file =
        private_file_options().read(true).write(true).create(true).truncate(false).open(dir.join(LOCK)).map_err(io)?;
    match try_lock_briefly(&file, attempts) {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let pid = holder(dir).map_or_else(|| "unknown".to_owned(), |h| h.pid);
            return Err(FolderError::InUse { dir: dir.to_owned(), pid });
        }
        Err(fs::TryLockError::Error(e)) => return Err(io(e)),
    }
    let lock = FolderLock { file };
    lock.declare(Holder::Opening).map_err(io)?;
    Ok(lock)
}

/// What the process that holds a folder is doing, written after its pid into `checkin.lock` for
/// a window that wants to join it: worth waiting for, or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// Opening the folder (giving sled back what a crash took can take a while): it shares the
    /// folder or lets go of it in a moment.
    Opening,
    /// Open: a window shares it (see `checkin.sock`), a command works with it.
    Open,
    /// An import, programme, restore, rebuild or recover: it needs the folder to itself.
    Exclusive,
    /// Closing the folder (its last checkpoint): it is free in a moment.
    Closing,
}

impl Holder {
    fn word(self) -> &'static str {
        match self {
            Holder::Opening => "opening",
            Holder::Open => "open",
            Holder::Exclusive => "exclusive",
            Holder::Closing => "closing",
        }
    }
}

impl FolderLock {
    /// Says what this process is doing with the folder (see [`Holder`]).
    pub fn declare(&self, what: Holder) -> std::io::Result<()> {
        use std::os::unix::fs::FileExt;
        let line = format!("{} {}\n", std::process::id(), what.word());
        self.file.set_len(0)?;
        self.file.write_all_at(line.as_bytes(), 0)
    }
}

/// Who holds a folder's lock, as far as its lock file tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockHolder {
    pub pid: String,
    /// What it said it is doing (nothing, for a checkin from before this was said).
    pub doing: Option<Holder>,
}

/// The process holding `dir`'s lock, as its lock file says.
pub fn holder(dir: &Path) -> Option<LockHolder> {
    let text = fs::read_to_string(dir.join(LOCK)).ok()?;
    let mut words = text.split_whitespace();
    let pid = words.next()?.to_owned();
    let doing = match words.next() {
        Some("opening") => Some(Holder::Opening),
        Some("open") => Some(Holder::Open),
        Some("exclusive") => Some(Holder::Exclusive),
        Some("closing") => Some(Holder::Closing),
        _ => None,
    };
    Some(LockHolder { pid, doing })
}

/// How long a lock held by a transient copy of a descriptor is waited for (20 × 50 ms = 1 s).
pub const GRACE_ATTEMPTS: u32 = 20;
pub const GRACE_STEP: std::time::Duration = std::time::Duration::from_millis(50);

/// `flock` with a short grace period. A lock is shared by every copy of its descriptor, and a
/// process that spawns a child (a test harness, a shell-out) holds such a copy for the instant
/// between fork and exec; a folder closed just before must not look "open elsewhere" because of it.
fn try_lock_briefly(file: &File, attempts: u32) -> Result<(), fs::TryLockError> {
    for _ in 1..attempts {
        match file.try_lock() {
            Err(fs::TryLockError::WouldBlock) => std::thread::sleep(GRACE_STEP),
            other => return other,
        }
    }
    file.try_lock()
}

/// Writes the marker of a new folder, or of one being upgraded, with this format, atomically (a
/// crash leaves the old marker or the new), and makes the new entries durable.
pub fn write_marker(dir: &Path) -> Result<(), FolderError> {
    let io = |source| FolderError::Io { dir: dir.to_owned(), source };
    let temporary = dir.join(format!("{MARKER}.tmp"));
    let mut f = private_file_options().write(true).create(true).truncate(true).open(&temporary).map_err(io)?;
    write!(f, "{MARKER_TITLE}\nformat={FOLDER_FORMAT}\n").map_err(io)?;
    f.sync_all().map_err(io)?;
    fs::rename(&temporary, dir.join(MARKER)).map_err(io)?;
    sync_dir(dir).map_err(io)
}

/// A new folder (its parents as usual) readable by its owner only, whatever the umask.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    match fs::DirBuilder::new().mode(0o700).create(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        other => other,
    }
}

/// Options that create a file readable by its owner only (the umask may take away, never add).
pub fn private_file_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.mode(0o600);
    options
}

/// Removes the snapshot files sled was still writing when an earlier open failed (a full disk):
/// sled takes the newest `snap.*` file for its snapshot, an unfinished one included, and then
/// refuses to open ("corrupted data"). A snapshot counts once sled has renamed it, so an
/// unfinished one holds nothing sled needs. Returns how many there were.
pub fn remove_unfinished_snapshots(dir: &Path) -> std::io::Result<usize> {
    let db = db_path(dir);
    let entries = match fs::read_dir(&db) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            fs::remove_file(db.join(&*name))?;
            removed += 1;
        }
    }
    if removed > 0 {
        sync_dir(&db)?;
    }
    Ok(removed)
}

/// Sets aside sled's `db/conf` when its checksum is wrong, so that sled writes it again: it
/// holds only the storage parameters sled is opened with (checkin never changes them from
/// sled's defaults), and damaged, sled refuses the whole database. Returns where the damaged
/// file was kept, if it was.
pub fn set_aside_damaged_sled_conf(dir: &Path) -> std::io::Result<Option<PathBuf>> {
    let conf = db_path(dir).join("conf");
    let bytes = match fs::read(&conf) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    // sled treats a file this short as missing, and writes it again by itself.
    let Some((body, crc)) = bytes.split_last_chunk::<4>().filter(|_| bytes.len() > 8) else { return Ok(None) };
    if crc32fast::hash(body) == u32::from_le_bytes(*crc) {
        return Ok(None);
    }
    let kept = db_path(dir).join("conf.damaged");
    fs::rename(&conf, &kept)?;
    sync_dir(&db_path(dir))?;
    Ok(Some(kept))
}

/// Makes durable what sled creates without an fsync of its own: its `conf` file, and the names
/// in `db/` (the snapshot it renames into place on every open; `db/` itself in a new folder).
pub fn sync_sled_files(dir: &Path) -> std::io::Result<()> {
    let db = db_path(dir);
    match File::open(db.join("conf")) {
        Ok(conf) => conf.sync_all()?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    sync_dir(&db)?;
    sync_dir(dir)
}

/// fsync of a directory, so that files created in it survive a power cut.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    Ok(())
}

pub fn db_path(dir: &Path) -> PathBuf {
    dir.join("db")
}

/// Whether `dir` has a checkin folder's marker (of any format): it may hold our log file.
pub fn has_marker(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

pub fn wal_path(dir: &Path) -> PathBuf {
    dir.join("facts.wal")
}

/// The station name this folder joined its event as (`checkin join` writes it), if any.
pub fn joined_name(dir: &Path) -> Option<String> {
    let name = fs::read_to_string(dir.join(JOINED_NAME)).ok()?;
    let name = name.trim();
    (!name.is_empty() && name.len() <= 256).then(|| name.to_owned())
}

/// Remembers the name this folder joined its event as, so the desk opens under it.
pub fn write_joined_name(dir: &Path, name: &str) -> std::io::Result<()> {
    let mut file = private_file_options().write(true).create(true).truncate(true).open(dir.join(JOINED_NAME))?;
    writeln!(file, "{name}")?;
    file.sync_all()?;
    sync_dir(dir)
}

pub fn log_path(dir: &Path) -> PathBuf {
    dir.join("checkin.log")
}
