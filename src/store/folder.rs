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
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Layout version of the whole folder. Bump when trees or keys change meaning.
/// 2: the `people` tree holds blocks of people (`store::people`), not one person per key.
/// 3: acknowledged facts may be in `facts.wal` only, until the next checkpoint.
/// 4: the folder belongs to an event and has a station key (`station.key`); every fact is
///    signed (`signatures`, and in `facts.wal`), every station's log bound to a key (`logs`).
pub const FOLDER_FORMAT: u32 = 4;
/// The older formats opened in place: format 3 only added `facts.wal`, which a format-2 folder
/// simply has not got; format 4 signs the facts already there with the folder's new key. The
/// upgrade marks the folder so the older checkin refuses it.
pub const UPGRADES_FROM: std::ops::RangeInclusive<u32> = 2..=3;
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
    #[error("{dir} has a damaged {MARKER} file ({reason}); nothing was changed")]
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
    _file: File,
}

/// What a folder check found.
#[derive(Debug, PartialEq, Eq)]
pub enum FolderKind {
    /// Missing or empty: will be initialised.
    Fresh,
    Ours,
    /// Written in [`UPGRADES_FROM`]: opening it upgrades it.
    Upgradable,
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
    let text = fs::read_to_string(&marker).map_err(io)?;
    let bad = |reason: &str| FolderError::BadMarker { dir: dir.to_owned(), reason: reason.to_owned() };
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
        return Ok(FolderKind::Upgradable);
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
    fs::create_dir_all(dir).map_err(io)?;
    let mut file =
        OpenOptions::new().read(true).write(true).create(true).truncate(false).open(dir.join(LOCK)).map_err(io)?;
    match try_lock_briefly(&file, attempts) {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            let pid = pid.trim();
            return Err(FolderError::InUse {
                dir: dir.to_owned(),
                pid: if pid.is_empty() { "unknown".into() } else { pid.into() },
            });
        }
        Err(fs::TryLockError::Error(e)) => return Err(io(e)),
    }
    file.set_len(0).map_err(io)?;
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    writeln!(file, "{}", std::process::id()).map_err(io)?;
    Ok(FolderLock { _file: file })
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
    let mut f = File::create(&temporary).map_err(io)?;
    write!(f, "{MARKER_TITLE}\nformat={FOLDER_FORMAT}\n").map_err(io)?;
    f.sync_all().map_err(io)?;
    fs::rename(&temporary, dir.join(MARKER)).map_err(io)?;
    sync_dir(dir).map_err(io)
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
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(dir.join(JOINED_NAME))?;
    writeln!(file, "{name}")?;
    file.sync_all()?;
    sync_dir(dir)
}

pub fn log_path(dir: &Path) -> PathBuf {
    dir.join("checkin.log")
}
