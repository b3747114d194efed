//! sled's handles: opening them, and closing them without a panic reaching the screen.
//!
//! sled 0.34 fsyncs its log file when its last handle goes, and unwraps the result
//! (`pagecache/logger.rs:467`): on a disk whose fsync fails, closing the folder panics. By then
//! every acknowledged fact is in the write-ahead log (a checkpoint that failed leaves the log as
//! it is), so that panic is caught, logged and kept off the screen, and the next open gives sled
//! back what it lost, as after a crash.

use std::cell::Cell;
use std::ops::Deref;
use std::path::Path;

use super::folder;

const SLED_CACHE_BYTES: u64 = 64 << 20;

/// The database and its trees (see the [module list](super) for what each holds).
pub(super) struct Sled {
    pub db: sled::Db,
    pub people: sled::Tree,
    pub program: sled::Tree,
    pub facts: sled::Tree,
    pub derived: sled::Tree,
    pub meta: sled::Tree,
    pub signatures: sled::Tree,
    pub logs: sled::Tree,
    pub alarms: sled::Tree,
}

impl Sled {
    /// Opens sled in `dir`, waiting out the same transient descriptor copies as [`folder::lock`]:
    /// once we hold the folder lock no other checkin has the database, so sled's own lock
    /// clears within moments.
    pub fn open(dir: &Path) -> sled::Result<Sled> {
        let db = open_db(dir)?;
        Ok(Sled {
            people: db.open_tree("people")?,
            program: db.open_tree("program")?,
            facts: db.open_tree("facts")?,
            derived: db.open_tree("derived")?,
            meta: db.open_tree("meta")?,
            signatures: db.open_tree("signatures")?,
            logs: db.open_tree("logs")?,
            alarms: db.open_tree("alarms")?,
            db,
        })
    }
}

fn open_db(dir: &Path) -> sled::Result<sled::Db> {
    // sled's default cache is 1 GiB, and it keeps what it read: the station reads everyone
    // once at most (the snapshot usually spares even that), so a small cache is enough.
    // No background flush: sled is made durable at checkpoints only (`Store::sync`); until then
    // the write-ahead log holds the facts, and a flush in between would only compete with its
    // fdatasync for the device.
    let config = sled::Config::new().path(folder::db_path(dir)).cache_capacity(SLED_CACHE_BYTES).flush_every_ms(None);
    let mut attempt = 1;
    loop {
        match config.open() {
            Err(sled::Error::Io(e)) if attempt < folder::GRACE_ATTEMPTS && e.to_string().contains("acquire lock") => {
                attempt += 1;
                std::thread::sleep(folder::GRACE_STEP);
            }
            other => return other,
        }
    }
}

/// sled's handles from opening the folder until [`OpenSled::close`].
pub(super) struct OpenSled(Option<Sled>);

impl OpenSled {
    pub fn new(sled: Sled) -> OpenSled {
        OpenSled(Some(sled))
    }

    /// Lets go of every handle, so sled closes its files. A panic of sled's on the way is logged,
    /// not shown (see the module's notes).
    pub fn close(&mut self) {
        let Some(sled) = self.0.take() else { return };
        if std::thread::panicking() {
            // A second panic would abort the process: sled is left to the process's exit.
            std::mem::forget(sled);
            return;
        }
        CLOSING.set(true);
        let closed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(sled)));
        CLOSING.set(false);
        if closed.is_err() {
            tracing::error!(
                "sled could not make its log durable while closing; the write-ahead log keeps every acknowledged fact for the next open"
            );
        }
    }
}

impl Deref for OpenSled {
    type Target = Sled;

    fn deref(&self) -> &Sled {
        self.0.as_ref().expect("sled is open until the store is dropped")
    }
}

thread_local! {
    static CLOSING: Cell<bool> = const { Cell::new(false) };
}

/// Whether a panic on this thread comes from sled while it closes, and is caught: a panic hook
/// logs it and keeps it off the screen.
pub fn panic_is_caught() -> bool {
    CLOSING.get()
}
