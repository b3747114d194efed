//! Keeps a long-running station (the desk window, `checkin scan`) in step with the other
//! windows on its data folder (see [`crate::store::share`]): the owner answers its guests as
//! soon as a request arrives (its [`Waker`] interrupts the wait for input), a guest takes in
//! what the others wrote on every tick, and a guest whose owner closed starts sharing in turn.

use super::Station;
use crate::store::share::Service;
pub use crate::store::share::Waker;

#[derive(Default)]
pub struct Sharing {
    service: Option<Service>,
    waker: Option<Waker>,
    /// Sharing was tried and failed (said once in the log, not retried on every tick).
    failed: bool,
}

impl Sharing {
    /// Shares the folder if this window owns it, before the desk is built: a window opened
    /// meanwhile waits for its welcome instead of being turned away. Without sharing (a path
    /// too long for a socket, a read-only folder) the window still works; others are turned away.
    /// `waker` is called when a guest's request waits, to end the caller's wait for input.
    pub fn start(station: &mut Station, waker: Option<Waker>) -> Sharing {
        let mut sharing = Sharing { service: None, waker, failed: false };
        sharing.share_if_owner(station);
        sharing
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
        if changed {
            station.absorb_walk_ins();
        }
        // A guest that took the folder over shares it now.
        self.share_if_owner(station);
        changed
    }

    /// Station names of the guest windows served now (empty for a guest or a lone window).
    pub fn guests(&self) -> Vec<String> {
        self.service.as_ref().map(Service::guests).unwrap_or_default()
    }
}
