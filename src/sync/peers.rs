//! What this station knows about the others right now: who is connected, when each was last
//! heard, what each holds, how far its clock is off. Kept in memory by the network thread, read
//! by the screens, and written to `DATA/sync.json` every few seconds so that commands run beside
//! a window (`checkin stations`, `report`, the roll-call) can say how old their truth is.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::wire::Vector;
use crate::domain::StationKey;

const STATUS_FILE: &str = "sync.json";

/// A clock further off than this is worth a warning; see [`FLAG_CLOCK_SECONDS`].
pub const WARN_CLOCK_SECONDS: i64 = 5;
/// A clock further off than this is flagged on the dashboard and in `stations`.
pub const FLAG_CLOCK_SECONDS: i64 = 60;

/// One other station, as this one sees it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Peer {
    pub station: String,
    /// Connected now.
    pub connected: bool,
    /// Where it was last reached.
    pub address: Option<SocketAddr>,
    /// When a message last came from it.
    pub last_heard: Option<DateTime<Utc>>,
    /// What it said it holds (its version vector), as of `last_heard`.
    pub holds: Vector,
    /// Its clock minus ours, in milliseconds, measured on connecting and by pings.
    pub clock_offset_ms: Option<i64>,
    /// Why the last connection ended or was refused, if it was not a plain close.
    pub trouble: Option<String>,
}

/// The whole picture, as written to `sync.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncStatus {
    /// When this picture was taken.
    pub at: Option<DateTime<Utc>>,
    pub station: String,
    /// The event and this station's key, for a command run beside the window that syncs.
    pub event: Option<crate::store::EventInfo>,
    pub key: Option<StationKey>,
    /// Where this station listens (what a join ticket carries).
    pub listening: Vec<SocketAddr>,
    /// Other stations by key (hex).
    pub peers: BTreeMap<String, Peer>,
    /// Two laptops writing as one station, as this folder has seen it.
    #[serde(default)]
    pub alarms: Vec<crate::store::Alarm>,
}

impl SyncStatus {
    pub fn peer_mut(&mut self, key: &StationKey) -> &mut Peer {
        self.peers.entry(crate::store::identity::hex(key)).or_default()
    }

    pub fn peer(&self, key: &StationKey) -> Option<&Peer> {
        self.peers.get(&crate::store::identity::hex(key))
    }

    /// How many of this station's own facts (of `own_last`) no other station has said it holds.
    pub fn not_shared(&self, station: &str, own_last: u64) -> u64 {
        let shared = self.peers.values().filter_map(|p| p.holds.get(station)).copied().max().unwrap_or(0);
        own_last.saturating_sub(shared)
    }

    /// The peers heard within `within` of `now`, and the one heard longest ago among the rest.
    pub fn freshness(&self, now: DateTime<Utc>, within: chrono::Duration) -> (usize, Option<&Peer>) {
        let fresh = self.peers.values().filter(|p| p.last_heard.is_some_and(|t| now - t <= within)).count();
        let stalest =
            self.peers.values().filter(|p| p.last_heard.is_none_or(|t| now - t > within)).min_by_key(|p| p.last_heard);
        (fresh, stalest)
    }

    pub fn path(dir: &Path) -> PathBuf {
        dir.join(STATUS_FILE)
    }

    /// Reads the picture the folder's running station wrote last, if any.
    pub fn read(dir: &Path) -> Option<SyncStatus> {
        let bytes = std::fs::read(Self::path(dir)).ok()?;
        if bytes.len() > 4 << 20 {
            return None;
        }
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes the picture for commands to read: a temporary file renamed over the old one, so a
    /// reader never sees half of it; readable by this user only (it names the stations).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let path = Self::path(dir);
        let temporary = dir.join(format!("{STATUS_FILE}.tmp"));
        let _ = std::fs::remove_file(&temporary);
        let file = crate::io::create_private(&temporary)?;
        serde_json::to_writer_pretty(std::io::BufWriter::new(file), self).map_err(std::io::Error::other)?;
        std::fs::rename(temporary, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_shared_counts_own_facts_no_peer_holds() {
        let mut status = SyncStatus::default();
        assert_eq!(status.not_shared("desk-1", 5), 5);
        status.peer_mut(&[1; 32]).holds.insert("desk-1".into(), 3);
        status.peer_mut(&[2; 32]).holds.insert("desk-1".into(), 4);
        assert_eq!(status.not_shared("desk-1", 5), 1);
        assert_eq!(status.not_shared("desk-1", 4), 0);
    }

    #[test]
    fn freshness_names_the_station_heard_longest_ago() {
        let now = Utc::now();
        let mut status = SyncStatus::default();
        status.peer_mut(&[1; 32]).last_heard = Some(now);
        let old = status.peer_mut(&[2; 32]);
        old.station = "door-robotics".into();
        old.last_heard = Some(now - chrono::Duration::minutes(20));
        status.peer_mut(&[3; 32]).last_heard = Some(now - chrono::Duration::minutes(2));
        let (fresh, stalest) = status.freshness(now, chrono::Duration::minutes(1));
        assert_eq!(fresh, 1);
        assert_eq!(stalest.unwrap().station, "door-robotics");
    }
}
