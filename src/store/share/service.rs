//! The owner's side: a socket in the data folder where guest windows connect.
//!
//! Connections are read on their own threads, but every request is answered by the owning
//! window's main loop ([`Service::answer_pending`]), the one place that touches the store: a
//! guest's write and the owner's own are therefore serialized, and a capacity or "already in"
//! decision can never race with another window's.

use std::collections::BTreeSet;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use super::protocol::{self, PROTOCOL, Reply, Request, Welcome};
use crate::domain::FactKind;
use crate::domain::derived::DerivedKey;
use crate::store::{Store, StoreError};

/// One request waiting for the main loop.
pub struct Job {
    station: String,
    request: Request,
    reply: SyncSender<Reply>,
}

/// Guest windows connected now, by station name.
type Guests = Arc<Mutex<BTreeSet<String>>>;

/// Called from a connection's thread when a request is waiting, so the owner's main loop
/// (blocked on its input) wakes up and answers it at once.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

pub struct Service {
    path: PathBuf,
    jobs: Receiver<Job>,
    guests: Guests,
    stop: Arc<AtomicBool>,
}

impl Service {
    /// Opens the folder's socket for guests. `store` must own the folder (a socket file left by
    /// a window that crashed is removed: holding the lock proves nobody listens on it).
    pub fn start(store: &Store, waker: Option<Waker>) -> std::io::Result<Service> {
        let path = super::socket_path(store.dir());
        if !super::can_share(store.dir()) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("the folder's path is too long for a socket ({} bytes)", path.as_os_str().len()),
            ));
        }
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        // Guests receive everyone's personal data: only this user may connect, from the moment
        // the socket exists (a mode set after binding leaves a moment in which anyone may).
        let listener = crate::store::privacy::created_privately(|| UnixListener::bind(&path))?;
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
        let (tx, jobs) = mpsc::channel();
        let guests: Guests = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let owner = store.station().to_owned();
        {
            let (guests, stop) = (guests.clone(), stop.clone());
            std::thread::Builder::new()
                .name("share-accept".into())
                .spawn(move || accept(listener, tx, guests, stop, owner, waker))?;
        }
        store.declare(crate::store::folder::Holder::Open);
        tracing::info!(socket = %path.display(), "sharing the data folder with other windows");
        Ok(Service { path, jobs, guests, stop })
    }

    /// Answers every request that has arrived; true when any of them wrote facts. A guest's
    /// write is checked by the store as every write is ([`Store::admit`]): the owner never takes
    /// a guest's word for it.
    pub fn answer_pending(&self, store: &mut Store) -> bool {
        let mut wrote = false;
        while let Ok(job) = self.jobs.try_recv() {
            let (reply, written) = answer(store, &job.station, job.request);
            wrote |= written;
            // A guest that went away meanwhile just misses its reply.
            let _ = job.reply.send(reply);
        }
        wrote
    }

    /// Station names of the guest windows connected now.
    pub fn guests(&self) -> Vec<String> {
        self.guests.lock().map(|g| g.iter().cloned().collect()).unwrap_or_default()
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so it sees `stop` and lets go of the listener.
        let _ = UnixStream::connect(&self.path);
        let _ = std::fs::remove_file(&self.path);
    }
}

/// What the owner answers `station`, and whether it wrote anything.
fn answer(store: &mut Store, station: &str, request: Request) -> (Reply, bool) {
    match request {
        Request::Hello { .. } => match welcome(store, station) {
            Ok(w) => (Reply::Welcome(Box::new(w)), false),
            Err(e) => (Reply::Refused(e.to_string()), false),
        },
        Request::Pull { since } => (facts_since(store, since), false),
        Request::Append { since, only_if_current, at, operator, kinds } => {
            if only_if_current && overtaken(store, since, &kinds, at, &operator) {
                let (facts, upto) = journal_from(store, since);
                return (Reply::Stale { facts, upto }, false);
            }
            match store.record_for(station, at, &operator, kinds) {
                Ok(_) => (facts_since(store, since), true),
                Err(StoreError::NotAdmitted(refusal)) => (Reply::NotAdmitted(refusal), false),
                Err(e) => (Reply::Refused(e.to_string()), false),
            }
        }
        Request::Merge { from, at, facts } => match store.ingest(&facts, &from, at) {
            Ok(got) => {
                let wrote = !got.stored.is_empty();
                (Reply::Merged(got), wrote)
            }
            Err(e) => (Reply::Refused(e.to_string()), false),
        },
    }
}

/// Whether a guest's write, decided on the view it had at journal position `since`, may no
/// longer be what it would decide now: a fact written since then rests on the same part of the
/// state ("not in yet" for the same person, the same seat, the same undo), or the rules would
/// now refuse it (a session filled up meanwhile). Facts about other people do not overtake it,
/// so windows scanning at the same door at full speed do not keep sending each other back.
fn overtaken(store: &Store, since: u64, kinds: &[FactKind], at: DateTime<Utc>, operator: &str) -> bool {
    let earlier = store.journal_since(since);
    if earlier.is_empty() {
        return false;
    }
    let state = store.state();
    let mine: BTreeSet<DerivedKey> = kinds.iter().flat_map(|k| state.grounds(k)).collect();
    earlier.iter().any(|f| state.grounds(&f.kind).iter().any(|k| mine.contains(k)))
        || store.admit(at, operator, kinds.to_vec()).is_err()
}

fn journal_from(store: &Store, since: u64) -> (Vec<crate::domain::Fact>, u64) {
    (store.journal_since(since).to_vec(), store.journal_len())
}

fn facts_since(store: &Store, since: u64) -> Reply {
    let (facts, upto) = journal_from(store, since);
    Reply::Facts { facts, upto }
}

fn welcome(store: &Store, station: &str) -> Result<Welcome, StoreError> {
    // Recorded with every fact it writes, and shown on every screen: refused unless visible.
    crate::store::validate_station(station)?;
    Ok(Welcome {
        owner_station: store.station().to_owned(),
        owner_pid: std::process::id(),
        program: store.program()?,
        demo: store.is_demo(),
        people: store.imported_people()?,
        facts: store.facts().collect::<Result<_, _>>()?,
        upto: store.journal_len(),
        next_seq: store.next_seq_of(station)?,
    })
}

fn accept(
    listener: UnixListener,
    jobs: Sender<Job>,
    guests: Guests,
    stop: Arc<AtomicBool>,
    owner: String,
    waker: Option<Waker>,
) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let (jobs, guests, owner, waker) = (jobs.clone(), guests.clone(), owner.clone(), waker.clone());
        let spawned = std::thread::Builder::new()
            .name("share-guest".into())
            .spawn(move || serve_guest(stream, &jobs, &guests, &owner, waker.as_ref()));
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "could not serve a guest window");
        }
    }
}

/// One guest's connection: its hello, then request after request until it hangs up.
fn serve_guest(mut stream: UnixStream, jobs: &Sender<Job>, guests: &Guests, owner: &str, waker: Option<&Waker>) {
    let Ok(Request::Hello { protocol, station }) = protocol::receive::<Request>(&mut stream) else { return };
    let refusal = if protocol != PROTOCOL {
        Some(Reply::Refused(format!(
            "the window that has this data folder open runs another checkin version (protocol {protocol} here, {PROTOCOL} there); use the same checkin in both"
        )))
    } else if station == owner || !guests.lock().is_ok_and(|mut g| g.insert(station.clone())) {
        Some(Reply::StationTaken)
    } else {
        None
    };
    if let Some(reply) = refusal {
        let _ = protocol::send(&mut stream, &reply);
        return;
    }
    tracing::info!(%station, "guest window connected");
    let mut request = Request::Hello { protocol, station: station.clone() };
    loop {
        let (reply, answered) = mpsc::sync_channel(1);
        if jobs.send(Job { station: station.clone(), request, reply }).is_err() {
            break; // the owner is closing
        }
        if let Some(wake) = waker {
            wake();
        }
        let Ok(reply) = answered.recv() else { break };
        if protocol::send(&mut stream, &reply).is_err() {
            break;
        }
        match protocol::receive::<Request>(&mut stream) {
            Ok(next) => request = next,
            Err(_) => break,
        }
    }
    if let Ok(mut g) = guests.lock() {
        g.remove(&station);
    }
    tracing::info!(%station, "guest window left");
}

/// Connects to the folder's socket, if a window there shares it.
pub(super) fn connect(dir: &Path) -> std::io::Result<UnixStream> {
    UnixStream::connect(super::socket_path(dir))
}
