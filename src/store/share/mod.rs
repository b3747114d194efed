//! Several windows on one data folder.
//!
//! sled lets one process open a database, so the first window to open a folder owns it and
//! shares it: it listens on `DATA/checkin.sock` ([`Service`]), and a window or command started on
//! the same folder afterwards becomes its guest ([`Guest`]) instead of being turned away. Every
//! write still happens in the owner's process, one at a time, so a session's capacity and "checked
//! in exactly once" hold across windows; a guest's check-in is acknowledged only once the owner
//! has made it durable.
//!
//! ```text
//!   window A (owner)                          window B (guest)
//!   Store (sled) ── Service ◄── checkin.sock ── Guest: replica of people, facts, state
//!        ▲  main loop answers each request        │  reads locally; writes → Append
//!        └──────── one writer ◄────────────────────┘  stale view → refused, decided again
//! ```
//!
//! When the owner closes, a guest takes the folder over on its next request: it opens the folder
//! itself (and, if it is a window, shares it in turn).

mod guest;
pub mod protocol;
mod service;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use guest::Guest;
pub use service::{Service, Waker};

use super::{FolderError, ImportSummary, People, RebuildReport, Store, StoreError};
use crate::domain::{Fact, FactKind, Person, Program, State};

const SOCKET: &str = "checkin.sock";

/// How long an open waits for a folder in use to be freed or shared, and how often it looks: a
/// folder held by another process, and one being opened or closed by another process.
const JOIN_WAIT: std::time::Duration = std::time::Duration::from_secs(1);
const HANDOVER_WAIT: std::time::Duration = std::time::Duration::from_secs(30);
const JOIN_STEP: std::time::Duration = std::time::Duration::from_millis(50);

/// How long a guest whose owner went away tries to open the folder or join whoever took it: as
/// long as a handover may take. Another guest that took the folder over recovers it (the write-
/// ahead log, the state derived again) before it shares, which on a loaded laptop took over the
/// 5 s this once was, and a scan gave up with its input unfinished.
const TAKE_OVER_WAIT: std::time::Duration = HANDOVER_WAIT;

pub(crate) fn socket_path(dir: &Path) -> PathBuf {
    dir.join(SOCKET)
}

/// A station's access to its data folder: its own, or through the window that owns it.
pub struct DataFolder {
    dir: PathBuf,
    station: String,
    access: Access,
}

enum Access {
    Own(Box<Store>),
    Guest(Box<Guest>),
}

impl From<Store> for DataFolder {
    fn from(store: Store) -> Self {
        DataFolder {
            dir: store.dir().to_owned(),
            station: store.station().to_owned(),
            access: Access::Own(Box::new(store)),
        }
    }
}

impl DataFolder {
    /// Opens `dir` for `station`: itself if no other process has it, else as the guest of the
    /// window sharing it. A folder held by a process that does not share it (a command) is
    /// refused as in use.
    pub fn open(dir: &Path, station: &str) -> Result<DataFolder, StoreError> {
        // A process opening or closing the folder is waited for (a recovery or a last checkpoint
        // can take seconds): the lock frees or the window starts sharing. Any other holder is
        // given JOIN_WAIT: the lock may be held by a passing copy of a descriptor (a process
        // forking), or a window may be about to share; after that, a folder nobody shares is
        // refused as in use.
        let started = std::time::Instant::now();
        // Who holds the folder, as its lock file says, and since when we see it so.
        let mut seen: Option<(Option<super::folder::LockHolder>, std::time::Instant)> = None;
        let access = loop {
            match Store::open_at_once(dir, station) {
                Ok(store) => break Access::Own(Box::new(store)),
                Err(StoreError::Folder(in_use @ FolderError::InUse { .. })) => match Guest::connect(dir, station)? {
                    Some(guest) => break Access::Guest(Box::new(guest)),
                    None => {
                        use super::folder::Holder;
                        let holder = super::folder::holder(dir);
                        let since = match &seen {
                            Some((before, since)) if *before == holder => *since,
                            _ => std::time::Instant::now(),
                        };
                        let passing =
                            holder.as_ref().is_some_and(|h| matches!(h.doing, Some(Holder::Opening | Holder::Closing)));
                        seen = Some((holder, since));
                        let gave_up =
                            if passing { started.elapsed() >= HANDOVER_WAIT } else { since.elapsed() >= JOIN_WAIT };
                        if gave_up {
                            return Err(unshared(dir, in_use));
                        }
                        std::thread::sleep(JOIN_STEP);
                    }
                },
                Err(e) => return Err(e),
            }
        };
        Ok(DataFolder { dir: dir.to_owned(), station: station.to_owned(), access })
    }

    /// The store, when this process owns the folder (and may share it).
    pub fn owned(&mut self) -> Option<&mut Store> {
        match &mut self.access {
            Access::Own(store) => Some(store),
            Access::Guest(_) => None,
        }
    }

    /// The store, read-only, when this process owns the folder.
    pub fn local(&self) -> Option<&Store> {
        match &self.access {
            Access::Own(store) => Some(store),
            Access::Guest(_) => None,
        }
    }

    /// What opening the folder did that its user should hear about, once (see [`Store::notices`]).
    pub fn notices(&self) -> &[String] {
        match &self.access {
            Access::Own(store) => store.notices(),
            Access::Guest(_) => &[],
        }
    }

    /// The owning window's station, when this one is its guest.
    pub fn guest_of(&self) -> Option<&str> {
        match &self.access {
            Access::Own(_) => None,
            Access::Guest(g) => Some(&g.owner_station),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn station(&self) -> &str {
        &self.station
    }

    pub fn state(&self) -> &State {
        match &self.access {
            Access::Own(s) => s.state(),
            Access::Guest(g) => &g.state,
        }
    }

    pub fn is_empty(&self) -> bool {
        match &self.access {
            Access::Own(s) => s.is_empty(),
            Access::Guest(g) => g.is_empty(),
        }
    }

    pub fn is_demo(&self) -> bool {
        match &self.access {
            Access::Own(s) => s.is_demo(),
            Access::Guest(g) => g.demo,
        }
    }

    pub fn program(&self) -> Result<Option<Program>, StoreError> {
        match &self.access {
            Access::Own(s) => s.program(),
            Access::Guest(g) => Ok(g.program.clone()),
        }
    }

    pub fn person(&self, code: &str) -> Result<Option<Person>, StoreError> {
        match &self.access {
            Access::Own(s) => s.person(code),
            Access::Guest(g) => Ok(g.person(code)),
        }
    }

    pub fn people(&self) -> Result<Vec<Person>, StoreError> {
        match &self.access {
            Access::Own(s) => s.people(),
            Access::Guest(g) => Ok(g.people()),
        }
    }

    /// [`Store::people_as_of`]: everyone, with the people generation they were read at (a
    /// guest's are the owner's, so it names none: 0; its replica holds them decoded already).
    pub fn people_as_of(&self) -> Result<(People, u64), StoreError> {
        match &self.access {
            Access::Own(s) => s.people_as_of(),
            Access::Guest(g) => Ok((People::from(g.people()), 0)),
        }
    }

    /// The search index of `people` (read at `generation`): from the folder's snapshot, or
    /// built and saved for the next start (see [`super::snapshot`]). A guest builds its own and
    /// leaves the owner's files alone.
    pub fn search_index(&self, people: &People, generation: u64) -> crate::search::SearchIndex {
        match &self.access {
            Access::Own(s) => super::snapshot::search_index(s, people, generation),
            Access::Guest(_) => crate::search::SearchIndex::build_of(people.texts()),
        }
    }

    pub fn people_count(&self) -> usize {
        match &self.access {
            Access::Own(s) => s.people_count(),
            Access::Guest(g) => g.people_count(),
        }
    }

    /// Every fact of every station, each station's log in sequence order.
    pub fn facts(&self) -> Box<dyn Iterator<Item = Result<Fact, StoreError>> + '_> {
        match &self.access {
            Access::Own(s) => Box::new(s.facts()),
            Access::Guest(g) => Box::new(g.facts().into_iter().map(Ok)),
        }
    }

    pub fn fact_count(&self) -> usize {
        match &self.access {
            Access::Own(s) => s.fact_count(),
            Access::Guest(g) => g.fact_count(),
        }
    }

    /// The last fact of `station`'s log this folder holds (0 for none).
    pub fn last_seq_of(&self, station: &str) -> u64 {
        match &self.access {
            Access::Own(s) => s.last_seq_of(station),
            Access::Guest(g) => g.facts().iter().filter(|f| f.station == station).map(|f| f.seq).max().unwrap_or(0),
        }
    }

    pub fn next_seq(&self) -> u64 {
        match &self.access {
            Access::Own(s) => s.next_seq(),
            Access::Guest(g) => g.next_seq,
        }
    }

    // ---- writes ----

    /// One fact, durably (see [`Store::record`]).
    pub fn record(&mut self, at: DateTime<Utc>, operator: &str, kind: FactKind) -> Result<Fact, StoreError> {
        Ok(self.record_many(at, operator, vec![kind])?.remove(0))
    }

    /// Facts whose meaning does not depend on what others wrote meanwhile (an undo, a walk-in
    /// with this station's own code), durably.
    pub fn record_many(
        &mut self,
        at: DateTime<Utc>,
        operator: &str,
        kinds: Vec<FactKind>,
    ) -> Result<Vec<Fact>, StoreError> {
        self.write(at, operator, kinds, false)
    }

    /// Facts decided on [`DataFolder::state`] as it is now ("not in yet", "a seat is free").
    /// [`StoreError::Stale`] when another window wrote first: the state has been brought up to
    /// date and the caller decides again. Never stale for a folder this process owns.
    pub fn record_decided(
        &mut self,
        at: DateTime<Utc>,
        operator: &str,
        kinds: Vec<FactKind>,
    ) -> Result<Vec<Fact>, StoreError> {
        self.write(at, operator, kinds, true)
    }

    fn write(
        &mut self,
        at: DateTime<Utc>,
        operator: &str,
        kinds: Vec<FactKind>,
        only_if_current: bool,
    ) -> Result<Vec<Fact>, StoreError> {
        let result = match &mut self.access {
            Access::Own(s) => return s.record_many(at, operator, kinds),
            Access::Guest(g) => g.append(at, operator, kinds, only_if_current),
        };
        match result {
            // Not acknowledged, and whether the owner wrote it before closing is not known.
            // A decided write is decided again on the view of whoever has the folder now (which
            // holds it if it was written: "already in"); any other write is left to the volunteer.
            Err(StoreError::OwnerGone { .. }) if self.take_over() && only_if_current => Err(StoreError::Stale),
            other => other,
        }
    }

    /// Takes in other stations' facts (from a file: `checkin merge`), through the folder's
    /// owner when another window has it.
    pub fn merge(
        &mut self,
        facts: &[super::SignedFact],
        from: &str,
        at: DateTime<Utc>,
    ) -> Result<super::Ingested, StoreError> {
        match &mut self.access {
            Access::Own(s) => s.ingest(facts, from, at),
            Access::Guest(g) => g.merge(facts, from, at),
        }
    }

    /// Takes in what other windows wrote since the last call; true when anything changed.
    /// A guest whose owner closed takes the folder over here.
    pub fn catch_up(&mut self) -> Result<bool, StoreError> {
        let Access::Guest(g) = &mut self.access else { return Ok(false) };
        match g.pull() {
            Err(StoreError::OwnerGone { .. }) => Ok(self.take_over()),
            other => other,
        }
    }

    /// Opens the folder again after the owner went away: as its owner now, or as the guest of
    /// whichever window took it over first (which may take a moment to start sharing, so that
    /// is waited for a little). True when that worked.
    fn take_over(&mut self) -> bool {
        let deadline = std::time::Instant::now() + TAKE_OVER_WAIT;
        loop {
            match DataFolder::open(&self.dir, &self.station) {
                Ok(reopened) => {
                    tracing::info!(owner = ?reopened.guest_of(), "took the data folder over");
                    if let Access::Own(store) = &reopened.access {
                        // A window that joined another shares the folder in turn once it is
                        // back in its loop: the others, taking it over too, wait for that.
                        store.declare(super::folder::Holder::Opening);
                    }
                    self.access = reopened.access;
                    return true;
                }
                Err(e) if std::time::Instant::now() >= deadline => {
                    tracing::warn!(error = %e, "could not take the data folder over");
                    return false;
                }
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(50)),
            }
        }
    }

    // ---- what only the owner of a folder may do ----

    fn own(&self, what: &str) -> Result<&Store, StoreError> {
        match &self.access {
            Access::Own(s) => {
                s.hold_exclusively();
                Ok(s)
            }
            Access::Guest(g) => Err(shared(g, what)),
        }
    }

    fn own_mut(&mut self, what: &str) -> Result<&mut Store, StoreError> {
        match &mut self.access {
            Access::Own(s) => {
                s.hold_exclusively();
                Ok(s)
            }
            Access::Guest(g) => Err(shared(g, what)),
        }
    }

    /// Refuses, as [`DataFolder::import`] would, when other windows have the folder open.
    pub fn must_own(&self, what: &str) -> Result<(), StoreError> {
        self.own(what).map(drop)
    }

    pub fn set_demo(&self, demo: bool) -> Result<(), StoreError> {
        self.own("loading the demo")?.set_demo(demo)
    }

    pub fn set_program(&self, program: &Program) -> Result<(), StoreError> {
        self.own("loading a programme")?.set_program(program)
    }

    pub fn plan_import(&self, incoming: &[Person]) -> Result<ImportSummary, StoreError> {
        match &self.access {
            Access::Own(s) => s.plan_import(incoming),
            Access::Guest(g) => Ok(g.plan_import(incoming)),
        }
    }

    pub fn import(&self, incoming: &[Person]) -> Result<ImportSummary, StoreError> {
        self.own("importing registrants")?.import(incoming)
    }

    pub fn rebuild(&mut self) -> Result<RebuildReport, StoreError> {
        self.own_mut("rebuilding the state")?.rebuild()
    }

    pub fn restore(&mut self, facts: &[Fact]) -> Result<(), StoreError> {
        self.own_mut("restoring facts")?.restore(facts)
    }
}

/// The longest socket path the system takes (`sun_path` holds 108 bytes with the final NUL).
const MAX_SOCKET_PATH: usize = 107;

/// Whether windows can share `dir` at all: the socket's path must fit the system's limit.
pub(crate) fn can_share(dir: &Path) -> bool {
    socket_path(dir).as_os_str().len() <= MAX_SOCKET_PATH
}

/// "In use", and why it could not be joined when the folder's path is what prevents sharing.
fn unshared(dir: &Path, in_use: FolderError) -> StoreError {
    if can_share(dir) {
        return StoreError::Folder(in_use);
    }
    StoreError::Refused(format!(
        "{in_use}. Windows cannot share this folder: its path is {} bytes long, and a shared folder's path must be at most {} bytes; use a shorter --data path",
        dir.as_os_str().len(),
        MAX_SOCKET_PATH - SOCKET.len() - 1
    ))
}

fn shared(guest: &Guest, what: &str) -> StoreError {
    StoreError::Shared { what: what.to_owned(), owner: guest.owner_station.clone(), pid: guest.owner_pid }
}
