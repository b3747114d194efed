//! The main loop's side of the sync: it owns the store, so it answers the network thread's
//! questions ([`Job`]) between key presses, and after every change publishes what the store
//! holds ([`Published`]) — which wakes every link to send the new facts at once.

use std::collections::BTreeSet;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tokio::sync::watch;

use super::SyncConfig;
use super::jobs::{Job, Published};
use super::net::{self, Net};
use super::peers::SyncStatus;
use crate::domain::{FactKind, StationKey};
use crate::store::share::Waker;
use crate::store::{EventInfo, SignedFact, Store};

impl Published {
    pub(super) fn of(store: &Store) -> Published {
        let membership = store.state().membership();
        let revoked: BTreeSet<StationKey> =
            membership.members().filter(|(_, m)| m.is_revoked()).map(|(k, _)| *k).collect();
        let mut admitted: BTreeSet<StationKey> =
            membership.members().filter(|(_, m)| m.is_admitted()).map(|(k, _)| *k).collect();
        let founder = store.event().founder;
        if !revoked.contains(&founder) {
            admitted.insert(founder);
        }
        Published {
            event: store.event().id,
            event_name: store.event_name("en"),
            station: store.station().to_owned(),
            key: store.station_key(),
            vector: store.vector(),
            admitted,
            revoked,
            admission: store.admission().into_iter().collect(),
            wanted: store.missing_documents(),
        }
    }
}

/// The sync of one data folder, run by the process that owns it.
pub struct Syncing {
    jobs: Receiver<Job>,
    published: watch::Sender<Arc<Published>>,
    status: Arc<Mutex<SyncStatus>>,
    stop: watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// What a [`Syncing::step`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stepped {
    /// Facts from other stations were stored: what the screens show may have changed.
    pub received: bool,
    /// A programme or registrant list published by another station was applied.
    pub documents: crate::store::documents::Applied,
}

impl Syncing {
    /// Starts the network thread for `store`'s folder. `waker` ends the main loop's wait for
    /// input when a question arrives.
    pub fn start(store: &Store, config: SyncConfig, waker: Option<Waker>) -> std::io::Result<Syncing> {
        let (jobs_tx, jobs) = std::sync::mpsc::channel();
        let (published, published_rx) = watch::channel(Arc::new(Published::of(store)));
        let (stop, stop_rx) = watch::channel(false);
        let mut status = SyncStatus {
            station: store.station().to_owned(),
            event: Some(store.event().clone()),
            key: Some(store.station_key()),
            ..SyncStatus::default()
        };
        if let Some(previous) = SyncStatus::read(store.dir()) {
            status.remember(previous);
        }
        let status = Arc::new(Mutex::new(status));
        let secret = store.iroh_key();
        let net = Arc::new(Net::new(jobs_tx, waker, published_rx, status.clone(), config, store.dir().to_owned()));
        let thread = std::thread::Builder::new().name("sync".into()).spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(runtime) => runtime,
                Err(e) => {
                    tracing::error!("the sync cannot start: {e}");
                    return;
                }
            };
            runtime.block_on(async move {
                match net::bind(secret, &net).await {
                    Ok(endpoint) => net::run(endpoint, net, stop_rx).await,
                    Err(why) => {
                        tracing::error!("the sync cannot start: {why}");
                        net.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner).listening.clear();
                    }
                }
            });
        })?;
        Ok(Syncing { jobs, published, status, stop, thread: Some(thread) })
    }

    /// Answers the network thread's questions and publishes what changed. Cheap when nothing
    /// happened: for the event loop to call after every event.
    pub fn step(&mut self, store: &mut Store, now: DateTime<Utc>) -> Stepped {
        let mut stepped = Stepped::default();
        while let Ok(job) = self.jobs.try_recv() {
            if self.answer(store, job, now) {
                stepped.received = true;
            }
        }
        if stepped.received {
            match store.apply_documents() {
                Ok(applied) => stepped.documents = applied,
                Err(e) => tracing::error!("{e}"),
            }
        }
        // Alarms raised by any write (a merge through another window too) show at once.
        let alarms = store.alarms();
        let holds = store.vector();
        {
            let mut status = self.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if status.alarms != alarms {
                status.alarms = alarms;
            }
            if status.holds != holds {
                status.holds = holds;
                status.members = members(store);
            }
        }
        let fresh = Published::of(store);
        self.published.send_if_modified(|current| {
            if **current == fresh {
                return false;
            }
            *current = Arc::new(fresh);
            true
        });
        stepped
    }

    /// True when facts were stored.
    fn answer(&self, store: &mut Store, job: Job, now: DateTime<Utc>) -> bool {
        match job {
            Job::Read { station, after, limit, reply } => {
                let facts = store.signed_facts_after(&station, after, limit).unwrap_or_else(|e| {
                    tracing::error!("cannot read station {station}'s facts for a peer: {e}");
                    Vec::new()
                });
                let _ = reply.send(facts);
                false
            }
            Job::Ingest { from, facts, reply } => {
                let stored = match store.ingest(&facts, &from, now) {
                    Ok(got) => {
                        for alarm in &got.alarms {
                            tracing::error!("ALARM: {alarm}");
                        }
                        !got.stored.is_empty()
                    }
                    // Not stored, so not acknowledged: the peer offers them again.
                    Err(e) => {
                        tracing::error!("facts from {from} could not be stored: {e}");
                        false
                    }
                };
                let _ = reply.send(store.vector());
                stored
            }
            Job::Redeem { secret, station, key, reply } => {
                let _ = reply.send(redeem(store, &secret, &station, key, now));
                true
            }
            Job::ReadDocument { digest, reply } => {
                let _ = reply.send(store.document(&digest));
                false
            }
            Job::TakeDocument { bytes, reply } => {
                let kept = store.take_document(&bytes).unwrap_or_else(|e| {
                    tracing::error!("a document from a peer could not be kept: {e}");
                    false
                });
                let _ = reply.send(kept);
                // Applied with the next facts' step: mark as received so it is looked at now.
                kept
            }
        }
    }

    /// The other stations as this one sees them now.
    pub fn status(&self) -> SyncStatus {
        self.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}

impl Drop for Syncing {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The event's stations that may connect, by name and key (hex): the founder, and every station
/// admitted and not revoked.
fn members(store: &Store) -> Vec<(String, String)> {
    let hex = crate::store::identity::hex;
    let membership = store.state().membership();
    let founder = store.event().founder;
    let mut out = Vec::new();
    if !membership.member(&founder).is_some_and(|m| m.is_revoked()) {
        let name = store.log_keys().into_iter().find(|(_, k)| *k == founder).map(|(s, _)| s);
        out.push((name.unwrap_or_else(|| "(founder)".into()), hex(&founder)));
    }
    for (key, member) in membership.members().filter(|(k, m)| m.is_admitted() && **k != founder) {
        out.push((member.station().unwrap_or_default().to_owned(), hex(key)));
    }
    out
}

/// Admits the station with `key` as `station` if `secret` is the secret of a ticket this folder
/// issued for that name, unused and unexpired.
fn redeem(
    store: &mut Store,
    secret: &[u8; 32],
    station: &str,
    key: StationKey,
    now: DateTime<Utc>,
) -> Result<(EventInfo, SignedFact), String> {
    let ticket = crate::store::identity::digest(secret);
    let invite = store.state().membership().ticket_use(&ticket, now).map_err(|e| e.to_string())?.clone();
    let ours = store.log_keys().into_iter().any(|(s, k)| s == invite.by && k == store.station_key());
    if !ours {
        return Err(
            "this ticket was issued by another station of the event; join with the station that printed it".into()
        );
    }
    if invite.station != station {
        return Err(format!("this ticket is for station {:?}, not {station:?}", invite.station));
    }
    if key == store.event().founder || store.state().membership().member(&key).is_some_and(|m| m.was_admitted()) {
        return Err("this laptop's key belongs to the event already".into());
    }
    if let Some(other) = store.state().membership().key_of(station).filter(|k| **k != key) {
        return Err(format!(
            "a station named {station:?} is in the event already (key {}…); ask for a ticket with another name",
            crate::store::identity::hex(&other[..4])
        ));
    }
    let fact = store
        .record(now, "join", FactKind::Admitted { station: station.to_owned(), key, ticket })
        .map_err(|e| format!("the inviting station could not save the admission: {e}"))?;
    let admission = store
        .signed_facts_after(&fact.station, fact.seq - 1, 1)
        .map_err(|e| e.to_string())?
        .pop()
        .ok_or("the admission was saved but cannot be read back")?;
    tracing::info!(station, "a new station joined with a ticket");
    Ok((store.event().clone(), admission))
}
