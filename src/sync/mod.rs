//! Stations on many machines: every station of an event, on any laptop, holds every station's
//! facts, and keeps working when the network does not.
//!
//! Facts are keyed station ‖ sequence with dense sequences, signed by their station's key
//! ([`crate::store::identity`]), and the state is a function of the set of facts, so
//! replication is anti-entropy of append-only logs (atuin's record store works this way):
//! two stations exchange what they hold ({station → last sequence}), then each sends what the
//! other lacks, a page at a time; every fact received goes through [`crate::store::Store::ingest`]
//! and is durable before it is acknowledged. After every local write the links are nudged, so
//! peers have it within a moment.
//!
//! iroh carries the bytes (QUIC + TLS 1.3; the endpoint id is the station key, so the peer a
//! link talks to is the key that signs its facts). Relays and internet lookups are off: a
//! venue has no internet. Peers are found on the LAN by mDNS and by addresses given with
//! `--peer` or learnt from other stations.
//!
//! - [`wire`]: the messages, framed with a size limit
//! - [`net`]: the network thread (endpoint, links, join serving)
//! - [`service`]: the folder owner's side, answering the network thread between key presses
//! - [`peers`]: who is linked and when each was heard (also `DATA/sync.json` for commands)
//! - [`ticket`]: one-time join tickets
//! - [`join`]: `checkin join` on a new laptop

pub mod jobs;
pub mod join;
pub mod net;
pub mod peers;
pub mod service;
pub mod ticket;
pub mod wire;

use std::net::SocketAddr;
use std::path::PathBuf;

pub use peers::{Reach, SyncStatus};
pub use service::{Stepped, Syncing};

use crate::domain::StationKey;
use crate::store::Store;

/// How this station reaches the others.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncConfig {
    /// Where to listen; empty: every interface on [`net::DEFAULT_PORT`].
    pub listen: Vec<SocketAddr>,
    /// Stations to dial besides those found by mDNS or learnt from others.
    pub peers: Vec<PeerAddr>,
    /// Find stations on the LAN by mDNS.
    pub mdns: bool,
    /// Sync even when the event has no other station yet (`--listen` or `--peer` given).
    pub forced: bool,
    /// Never sync in this run (`--offline`).
    pub offline: bool,
    /// A file of station keys (hex, one per line) this station must not talk to: how the tests
    /// cut a link (see the README's section on tests), and a way to isolate a misbehaving
    /// laptop at once. Read on every connection attempt.
    pub block_file: Option<PathBuf>,
}

/// A station to dial: an address, with the station's key when it is known (`KEY@ADDR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerAddr {
    pub key: Option<StationKey>,
    pub addr: SocketAddr,
}

impl std::str::FromStr for PeerAddr {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (key, addr) = match text.split_once('@') {
            Some((key, addr)) => {
                let key = parse_key(key).ok_or_else(|| format!("{key:?} is not a station key (64 hex digits)"))?;
                (Some(key), addr)
            }
            None => (None, text),
        };
        let addr = addr.trim().parse().map_err(|_| format!("{addr:?} is not an address like 192.168.1.20:4917"))?;
        Ok(PeerAddr { key, addr })
    }
}

/// A key written as 64 hex digits.
pub fn parse_key(text: &str) -> Option<StationKey> {
    let text = text.trim();
    if text.len() != 64 {
        return None;
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(key)
}

/// Whether this station should sync at all: once the event has another station (or an
/// invitation out), or when asked to with `--listen` / `--peer`. A lone laptop opens no port.
pub fn wanted(store: &Store, config: &SyncConfig) -> bool {
    if config.offline {
        return false;
    }
    let membership = store.state().membership();
    config.forced || membership.members().next().is_some() || membership.invites().next().is_some()
}

/// Whether the link to `key` is cut by [`SyncConfig::block_file`].
pub(crate) fn blocked(config: &SyncConfig, key: &StationKey) -> bool {
    let Some(path) = &config.block_file else { return false };
    let Ok(text) = std::fs::read_to_string(path) else { return false };
    text.lines().filter_map(parse_key).any(|k| k == *key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_peer_is_an_address_with_or_without_its_key() {
        let p: PeerAddr = "127.0.0.1:4917".parse().unwrap();
        assert_eq!((p.key, p.addr.port()), (None, 4917));
        let key = "ab".repeat(32);
        let p: PeerAddr = format!("{key}@127.0.0.2:5000").parse().unwrap();
        assert_eq!(p.key, Some([0xab; 32]));
        assert!("desk-2".parse::<PeerAddr>().unwrap_err().contains("not an address"));
        assert!("zz@127.0.0.1:1".parse::<PeerAddr>().unwrap_err().contains("not a station key"));
    }
}
