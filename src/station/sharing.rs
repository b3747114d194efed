//! Keeps a long-running station (the desk window, `checkin scan`) in step with the other
//! windows on its data folder (see [`crate::store::share`]): the owner answers its guests as
//! soon as a request arrives (its [`Waker`] interrupts the wait for input), a guest takes in
//! what the others wrote on every tick, and a guest whose owner closed starts sharing in turn.
//! The owner also syncs with the event's stations on other machines ([`crate::sync`]), once the
//! event has any.

use super::Station;
use crate::store::share::Service;
pub use crate::store::share::Waker;
use crate::sync::{SyncStatus, Syncing};

#[derive(Default)]
pub struct Sharing {
    service: Option<Service>,
    syncing: Option<Syncing>,
    waker: Option<Waker>,
    /// Sharing was tried and failed (said once in the log, not retried on every tick).
    failed: bool,
    /// The sync could not start (said once in the log, not retried).
    sync_failed: bool,
    /// How many stations and invitations the event had when the documents were last published.
    published_at_members: Option<usize>,
}

impl Sharing {
    /// Shares the folder if this window owns it, before the desk is built: a window opened
    /// meanwhile waits for its welcome instead of being turned away. Without sharing (a path
    /// too long for a socket, a read-only folder) the window still works; others are turned away.
    /// `waker` is called when a guest's request waits, to end the caller's wait for input.
    pub fn start(station: &mut Station, waker: Option<Waker>) -> Sharing {
        let mut sharing = Sharing { waker, ..Sharing::default() };
        sharing.share_if_owner(station);
        sharing.sync_if_wanted(station);
        sharing
    }

    /// Starts syncing with the other machines' stations if this window owns the folder and the
    /// event has other stations (or `--listen`/`--peer` asked for it).
    fn sync_if_wanted(&mut self, station: &mut Station) {
        if self.syncing.is_some() || self.sync_failed {
            return;
        }
        let network = station.network.clone();
        let Some(store) = station.store.owned() else { return };
        if !crate::sync::wanted(store, &network) {
            return;
        }
        match Syncing::start(store, network, self.waker.clone()) {
            Ok(syncing) => self.syncing = Some(syncing),
            Err(e) => {
                self.sync_failed = true;
                tracing::warn!(error = %e, "not syncing with the event's other stations");
            }
        }
    }

    /// The owner publishes the programme and registrants for the other stations when the event
    /// gains a station or an invitation (the first invitation may come from a command beside this
    /// window, which cannot publish itself); imports and programmes publish as they load.
    fn publish_if_the_event_grew(&mut self, station: &mut Station) {
        let (now, operator) = (station.clock.now(), station.operator.clone());
        let Some(store) = station.store.owned() else { return };
        let membership = store.state().membership();
        let members = membership.members().count() + membership.invites().count();
        if self.published_at_members == Some(members) {
            return;
        }
        self.published_at_members = Some(members);
        if let Err(e) = store.publish_documents(now, &operator) {
            tracing::error!("cannot publish the programme and registrants for the other stations: {e}");
        }
    }

    /// The other machines' stations as this folder sees them: from the sync this window runs, or
    /// (a window joined to the folder's owner) from what the owner wrote last, if it is recent.
    /// `None` when nobody on this folder syncs.
    pub fn sync_status(&self, station: &Station) -> Option<SyncStatus> {
        match &self.syncing {
            Some(syncing) => Some(syncing.status()),
            None if station.guest_of().is_some() => SyncStatus::read_recent(station.folder().dir(), chrono::Utc::now()),
            None => None,
        }
    }

    /// Starts sharing if this station has just become the folder's owner (it took the folder
    /// over while writing): cheap, for the event loop to call after every event.
    pub fn share_if_owner(&mut self, station: &mut Station) {
        if self.service.is_some() || self.failed {
            return;
        }
        if let Some(store) = station.store.owned() {
            match Service::start(store, self.waker.clone()) {
                Ok(service) => self.service = Some(service),
                Err(e) => {
                    self.failed = true;
                    tracing::warn!(error = %e, "not sharing the data folder: other windows on it will be refused");
                }
            }
        }
    }

    /// Answers guests (owner) or, on a tick, catches up (guest). True when other windows changed
    /// something this one shows; their walk-ins are known codes by then.
    pub fn step(&mut self, station: &mut Station, tick: bool) -> bool {
        let changed = match &self.service {
            Some(service) if station.store.local().is_some() => {
                station.store.owned().is_some_and(|owned| service.answer_pending(owned))
            }
            _ if tick => station.catch_up().unwrap_or_else(|e| {
                tracing::warn!(error = %e, "could not catch up with the other windows");
                false
            }),
            _ => false,
        };
        let now = station.clock.now();
        self.publish_if_the_event_grew(station);
        let received = match (&mut self.syncing, station.store.owned()) {
            (Some(syncing), Some(store)) => {
                let stepped = syncing.step(store, now);
                if (stepped.documents.program || stepped.documents.people)
                    && let Err(e) = station.refresh()
                {
                    tracing::error!("cannot read the programme or registrants another station published: {e}");
                }
                stepped.received
            }
            _ => false,
        };
        if changed || received {
            station.absorb_walk_ins();
        }
        // The owner of a session's seats decides what other stations asked for while it was
        // away, and what they ask now: on a tick when nothing more arrived, so that asks held by
        // several stations are all here first and seats go in order of asking.
        let decided = if tick && !received { self.decide_asks(station) } else { false };
        // A guest that took the folder over shares it now, and syncs.
        self.share_if_owner(station);
        if tick {
            self.sync_if_wanted(station);
        }
        changed || received || decided
    }

    /// Gives seats to what others asked of this station (see [`Station::decide_asks`]); true
    /// when it gave any.
    fn decide_asks(&mut self, station: &mut Station) -> bool {
        match station.decide_asks() {
            Ok(given) => given > 0,
            Err(e) => {
                tracing::warn!(error = %e, "could not decide the seats other stations asked for");
                false
            }
        }
    }

    /// Station names of the guest windows served now (empty for a guest or a lone window).
    pub fn guests(&self) -> Vec<String> {
        self.service.as_ref().map(Service::guests).unwrap_or_default()
    }
}
