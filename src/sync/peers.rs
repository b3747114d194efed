//! What this station knows about the others right now: who is connected, when each was last
//! heard, what each holds, how far its clock is off. Kept in memory by the network thread, read
//! by the screens, and written to `DATA/sync.json` every few seconds so that commands run beside
//! a window (`checkin stations`, `report`, the roll-call) can say how old their truth is.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::wire::Vector;
use crate::domain::StationKey;
use crate::i18n::{Lang, T, fill};

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
    /// What this folder holds (its version vector).
    #[serde(default)]
    pub holds: Vector,
    /// The event's stations that may connect (founder and admitted, not revoked), this one
    /// included: name and key (hex).
    #[serde(default)]
    pub members: Vec<(String, String)>,
}

/// How much of the event this station hears, and how old its truth is: for the status bar, the
/// dashboard, the report and the roll-call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reach {
    /// When the picture was taken.
    pub as_of: DateTime<Utc>,
    /// The event's stations, this one included.
    pub stations: usize,
    /// This one and the others heard within [`HEARD_WITHIN_SECONDS`].
    pub heard: usize,
    /// The other station heard longest ago (beyond that minute) and when; `None` if never heard.
    pub stalest: Option<(String, Option<DateTime<Utc>>)>,
    /// Facts held here that no other station has said it holds.
    pub not_shared: u64,
    /// Stations whose clock is more than [`WARN_CLOCK_SECONDS`] off ours, and by how many seconds
    /// (theirs minus ours).
    pub clocks_off: Vec<(String, i64)>,
    /// Two laptops writing as one station.
    pub alarms: usize,
}

/// A station heard within this many seconds is within reach: an ask to it is answered at once.
pub const REACHES_WITHIN_SECONDS: i64 = 10;

/// A station heard within this many seconds counts as heard (its facts are at most that old).
pub const HEARD_WITHIN_SECONDS: i64 = 60;

impl Reach {
    /// "as of 14:32 — 27 of 29 stations heard within a minute; door-robotics last heard 14:12",
    /// then facts not yet shared, clocks off and alarms: the one wording of the dashboard,
    /// `report`, the roll-call page and its sheets (see [`completeness`]).
    pub fn describe(&self, lang: Lang, offset: FixedOffset) -> String {
        let time = |t: DateTime<Utc>| t.with_timezone(&offset).format("%H:%M").to_string();
        let (heard, stations) = (self.heard.to_string(), self.stations.to_string());
        let mut out = fill(T::ReachHeard.get(lang), &[&time(self.as_of), &heard, &stations]);
        let mut more = |text: String| {
            out.push_str("; ");
            out.push_str(&text);
        };
        if let Some((station, when)) = &self.stalest {
            more(match when {
                Some(when) => fill(T::ReachLastHeard.get(lang), &[station, &time(*when)]),
                None => fill(T::ReachNeverHeard.get(lang), &[station]),
            });
        }
        if self.not_shared > 0 {
            more(fill(T::ReachNotShared.get(lang), &[&self.not_shared.to_string()]));
        }
        for (station, seconds) in &self.clocks_off {
            more(fill(T::ReachClockOff.get(lang), &[station, &format!("{seconds:+}")]));
        }
        if self.alarms > 0 {
            more(fill(T::ReachAlarm.get(lang), &[&self.alarms.to_string()]));
        }
        out
    }

    /// A clock more than [`FLAG_CLOCK_SECONDS`] off, or two laptops writing as one station:
    /// what the organisers must see in red.
    pub fn flagged(&self) -> bool {
        self.alarms > 0 || self.clocks_off.iter().any(|(_, s)| s.abs() > FLAG_CLOCK_SECONDS)
    }
}

/// How complete what this laptop shows is, as the first line of the dashboard, `report`, the
/// roll-call page and its sheets: what the folder's syncing window hears (`reach`); or, when no
/// window syncs and the event has `other_stations`, that only this laptop's facts are counted.
/// `None` for an event of one laptop, whose truth is whole.
pub fn completeness(
    reach: Option<&Reach>,
    other_stations: usize,
    now: DateTime<Utc>,
    lang: Lang,
    offset: FixedOffset,
) -> Option<String> {
    match reach {
        Some(reach) => Some(reach.describe(lang, offset)),
        None if other_stations == 0 => None,
        None => {
            let time = now.with_timezone(&offset).format("%H:%M").to_string();
            Some(fill(T::ReachNotSyncing.get(lang), &[&time, &other_stations.to_string()]))
        }
    }
}

impl SyncStatus {
    pub fn peer_mut(&mut self, key: &StationKey) -> &mut Peer {
        self.peers.entry(crate::store::identity::hex(key)).or_default()
    }

    pub fn peer(&self, key: &StationKey) -> Option<&Peer> {
        self.peers.get(&crate::store::identity::hex(key))
    }

    /// Does this station hear the one named `station` at `now`: connected, or heard within the
    /// last [`REACHES_WITHIN_SECONDS`] (connections come and go between exchanges)?
    pub fn reaches(&self, station: &str, now: DateTime<Utc>) -> bool {
        let within = chrono::Duration::seconds(REACHES_WITHIN_SECONDS);
        let hears = |p: &Peer| p.connected || p.last_heard.is_some_and(|t| (now - t).abs() <= within);
        let mut keys = self.members.iter().filter(|(name, _)| name == station).map(|(_, key)| key);
        keys.any(|key| self.peers.get(key).is_some_and(hears))
            || self.peers.values().any(|p| p.station == station && hears(p))
    }

    /// Takes from the picture a previous run of this folder left (`previous`) where each other
    /// station was last reached and when it was last heard, so `stations` keeps a laptop's last
    /// address while it is away. Nothing from another event's picture.
    pub fn remember(&mut self, previous: SyncStatus) {
        let event = |s: &SyncStatus| s.event.as_ref().map(|e| e.id.0);
        if event(&previous).is_none() || event(&previous) != event(self) {
            return;
        }
        for (key, peer) in previous.peers {
            let kept =
                Peer { station: peer.station, address: peer.address, last_heard: peer.last_heard, ..Peer::default() };
            self.peers.entry(key).or_insert(kept);
        }
    }

    /// What `station` holds (`own`) that `peer` has not said it holds: facts not yet shared
    /// with it.
    pub fn not_shared_with(own: &Vector, peer: &Peer) -> u64 {
        own.iter().map(|(station, &last)| last.saturating_sub(peer.holds.get(station).copied().unwrap_or(0))).sum()
    }

    /// How many of this station's own facts (of `own_last`) no other station has said it holds.
    pub fn not_shared(&self, station: &str, own_last: u64) -> u64 {
        let shared = self.peers.values().filter_map(|p| p.holds.get(station)).copied().max().unwrap_or(0);
        own_last.saturating_sub(shared)
    }

    /// How much of the event this picture hears at `now`.
    pub fn reach(&self, now: DateTime<Utc>) -> Reach {
        let within = chrono::Duration::seconds(HEARD_WITHIN_SECONDS);
        let own_key = self.key.map(|k| crate::store::identity::hex(&k));
        let others: Vec<(&String, Option<&Peer>)> = self
            .members
            .iter()
            .filter(|(_, key)| Some(key) != own_key.as_ref())
            .map(|(name, key)| (name, self.peers.get(key)))
            .collect();
        let heard_at = |peer: Option<&Peer>| peer.and_then(|p| p.last_heard);
        let heard = others.iter().filter(|(_, p)| heard_at(*p).is_some_and(|t| now - t <= within)).count();
        let stalest = others
            .iter()
            .filter(|(_, p)| heard_at(*p).is_none_or(|t| now - t > within))
            .min_by_key(|(_, p)| heard_at(*p))
            .map(|(name, p)| ((*name).clone(), heard_at(*p)));
        let mut clocks_off: Vec<(String, i64)> = self
            .peers
            .values()
            .filter_map(|p| Some((p.station.clone(), p.clock_offset_ms? / 1000)))
            .filter(|(_, s)| s.abs() > WARN_CLOCK_SECONDS)
            .collect();
        clocks_off.sort();
        let not_shared = self
            .holds
            .iter()
            .map(|(station, &last)| {
                let shared = self.peers.values().filter_map(|p| p.holds.get(station)).copied().max().unwrap_or(0);
                last.saturating_sub(shared)
            })
            .sum();
        Reach {
            as_of: self.at.unwrap_or(now),
            stations: others.len() + 1,
            heard: heard + 1,
            stalest,
            not_shared,
            clocks_off,
            alarms: self.alarms.len(),
        }
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

    /// [`read`](Self::read), if the picture was taken within the last 10 seconds of `now` (it is
    /// written every 2 s while a window syncs): else nobody on the folder is syncing now.
    pub fn read_recent(dir: &Path, now: DateTime<Utc>) -> Option<SyncStatus> {
        Self::read(dir).filter(|s| s.at.is_some_and(|at| (now - at).num_seconds().abs() <= 10))
    }

    /// Writes the picture for commands to read: a temporary file renamed over the old one, so a
    /// reader never sees half of it; readable by this user only (it names the stations).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let path = Self::path(dir);
        let temporary = dir.join(format!("{STATUS_FILE}.tmp"));
        let _ = std::fs::remove_file(&temporary);
        let file =
            crate::store::folder::private_file_options().write(true).create(true).truncate(true).open(&temporary)?;
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
    fn reach_counts_the_event_s_stations_heard_within_a_minute_and_what_is_not_shared() {
        let now = Utc::now();
        let hex = crate::store::identity::hex;
        let mut status = SyncStatus { key: Some([9; 32]), at: Some(now), ..SyncStatus::default() };
        status.members = vec![
            ("desk-1".into(), hex(&[9; 32])),
            ("desk-2".into(), hex(&[1; 32])),
            ("door-robotics".into(), hex(&[2; 32])),
            ("desk-3".into(), hex(&[3; 32])),
        ];
        status.holds = [("desk-1".to_owned(), 10), ("desk-2".to_owned(), 4)].into();
        let desk2 = status.peer_mut(&[1; 32]);
        desk2.station = "desk-2".into();
        desk2.last_heard = Some(now - chrono::Duration::seconds(5));
        desk2.holds = [("desk-1".to_owned(), 6), ("desk-2".to_owned(), 4)].into();
        desk2.clock_offset_ms = Some(-90_000);
        let door = status.peer_mut(&[2; 32]);
        door.station = "door-robotics".into();
        door.last_heard = Some(now - chrono::Duration::minutes(12));
        // A station that connected once but is no longer of the event (revoked) does not count.
        status.peer_mut(&[7; 32]).last_heard = Some(now);

        let reach = status.reach(now);
        assert_eq!((reach.heard, reach.stations), (2, 4), "this one and desk-2, of four");
        assert_eq!(reach.stalest, Some(("desk-3".to_owned(), None)), "never heard is the stalest");
        assert_eq!(reach.not_shared, 4, "desk-1's facts 7 to 10 are on no other station");
        assert_eq!(reach.clocks_off, [("desk-2".to_owned(), -90)]);
        let text = reach.describe(Lang::En, FixedOffset::east_opt(5 * 3600).unwrap());
        assert!(text.contains("2 of 4 stations heard within a minute; desk-3 never heard"), "{text}");
        assert!(text.contains("4 facts here not yet on another station"), "{text}");
        assert!(text.contains("desk-2's clock is -90 s off"), "{text}");

        status.members.retain(|(name, _)| name != "desk-3");
        let reach = status.reach(now);
        assert_eq!(reach.stalest.as_ref().map(|s| s.0.as_str()), Some("door-robotics"));
        assert!(reach.describe(Lang::En, FixedOffset::east_opt(0).unwrap()).contains("door-robotics last heard"));
    }

    #[test]
    fn completeness_is_one_sentence_in_every_language_or_none_for_a_lone_laptop() {
        use chrono::TimeZone;
        let astana = FixedOffset::east_opt(6 * 3600).unwrap();
        let local = |h, m| astana.with_ymd_and_hms(2016, 11, 21, h, m, 5).unwrap().with_timezone(&Utc);
        let reach = Reach {
            as_of: local(14, 32),
            stations: 29,
            heard: 27,
            stalest: Some(("door-robotics".into(), Some(local(14, 12)))),
            not_shared: 0,
            clocks_off: Vec::new(),
            alarms: 0,
        };
        let line = |lang| completeness(Some(&reach), 28, local(14, 33), lang, astana).unwrap();
        assert_eq!(
            line(Lang::En),
            "as of 14:32 — 27 of 29 stations heard within a minute; door-robotics last heard 14:12"
        );
        assert_eq!(
            line(Lang::Ru),
            "на 14:32 — за последнюю минуту на связи 27 из 29 стоек; door-robotics: последняя связь в 14:12"
        );
        assert_eq!(
            line(Lang::Kk),
            "14:32 кезіндегі жағдай — соңғы минутта 29 бекеттің 27 байланыста болды; door-robotics: соңғы байланыс 14:12"
        );
        assert!(!reach.flagged());

        assert_eq!(completeness(None, 0, local(9, 0), Lang::En, astana), None, "one laptop: nothing to qualify");
        let alone = completeness(None, 3, local(9, 0), Lang::En, astana).unwrap();
        assert_eq!(
            alone,
            "as of 09:00 — not syncing now: only what this laptop holds (the event has 3 other stations)"
        );
        assert!(completeness(None, 3, local(9, 0), Lang::Ru, astana).unwrap().contains("синхронизации нет"));

        let flagged = Reach { clocks_off: vec![("desk-2".into(), -90)], ..reach.clone() };
        assert!(flagged.flagged(), "a clock a minute and a half off is flagged");
        assert!(
            Reach { clocks_off: vec![("desk-2".into(), 7)], ..reach.clone() }
                .describe(Lang::En, astana)
                .contains("desk-2's clock is +7 s off")
        );
        assert!(!Reach { clocks_off: vec![("desk-2".into(), 7)], ..reach }.flagged(), "7 s is a warning, not a flag");
    }

    #[test]
    fn a_new_run_remembers_where_each_station_was_last_reached_in_the_same_event_only() {
        let event = |id: u8| crate::store::EventInfo {
            id: crate::store::identity::EventId([id; 16]),
            name: "Forum".into(),
            founder: [0; 32],
            created: Utc::now(),
        };
        let now = Utc::now();
        let mut before = SyncStatus { event: Some(event(1)), ..SyncStatus::default() };
        let peer = before.peer_mut(&[1; 32]);
        peer.station = "desk-2".into();
        peer.connected = true;
        peer.address = Some("192.168.1.20:4917".parse().unwrap());
        peer.last_heard = Some(now);
        peer.holds = [("desk-2".to_owned(), 9)].into();

        let mut fresh = SyncStatus { event: Some(event(1)), ..SyncStatus::default() };
        fresh.remember(before.clone());
        let kept = fresh.peer(&[1; 32]).unwrap();
        assert_eq!((kept.station.as_str(), kept.address, kept.last_heard), ("desk-2", peer_address(), Some(now)));
        assert!(!kept.connected && kept.holds.is_empty(), "not linked, holding unknown, until it is heard again");

        let mut other = SyncStatus { event: Some(event(2)), ..SyncStatus::default() };
        other.remember(before);
        assert!(other.peers.is_empty());
    }

    fn peer_address() -> Option<SocketAddr> {
        Some("192.168.1.20:4917".parse().unwrap())
    }

    #[test]
    fn not_shared_with_a_peer_counts_what_it_lacks_of_every_log() {
        let own: Vector = [("desk-1".to_owned(), 10), ("desk-2".to_owned(), 4)].into();
        let peer = Peer { holds: [("desk-1".to_owned(), 7)].into(), ..Peer::default() };
        assert_eq!(SyncStatus::not_shared_with(&own, &peer), 3 + 4);
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
