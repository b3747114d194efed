//! Each station's log as this folder holds it: which key signs it and how far it goes.
//!
//! A log is bound to the key that signed its first fact, for good: a fact of that log signed by
//! any other key is a forgery (or a copied folder), never accepted. Logs are dense (sequence 1,
//! 2, 3 … with no gap: [`super::ingest`] takes a station's facts only in order), so the last
//! sequence per station is this folder's version vector — what a peer compares to send the rest.

use std::collections::BTreeMap;

use crate::domain::StationKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Head {
    key: StationKey,
    last: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Logs {
    heads: BTreeMap<String, Head>,
}

impl Logs {
    /// The bindings stored in `tree` (station → key), each with its last sequence in `facts`.
    pub(super) fn load(tree: &sled::Tree, facts: &sled::Tree) -> Result<Logs, super::codec::CodecError> {
        let mut heads = BTreeMap::new();
        for item in tree.iter() {
            let (station, key) = item.map_err(|_| super::codec::CodecError::Truncated)?;
            let key: StationKey = key.as_ref().try_into().map_err(|_| super::codec::CodecError::Truncated)?;
            let station = String::from_utf8_lossy(&station).into_owned();
            let last = last_seq(facts, &station);
            heads.insert(station, Head { key, last });
        }
        Ok(Logs { heads })
    }

    /// Records that `station`'s log holds `seq`, binding it to `key` if it is new.
    pub(super) fn bind(&mut self, tree: &sled::Tree, station: &str, key: StationKey, seq: u64) -> sled::Result<()> {
        match self.heads.get_mut(station) {
            Some(head) => head.last = head.last.max(seq),
            None => {
                tree.insert(station.as_bytes(), key.as_slice())?;
                self.heads.insert(station.to_owned(), Head { key, last: seq });
            }
        }
        Ok(())
    }

    /// [`Logs::bind`] in memory only: a scratch copy following a batch before it is written, or
    /// the heads moved by a write whose bindings sled takes separately.
    pub(super) fn note(&mut self, station: &str, key: StationKey, seq: u64) {
        let head = self.heads.entry(station.to_owned()).or_insert(Head { key, last: 0 });
        head.last = head.last.max(seq);
    }

    pub(super) fn key_of(&self, station: &str) -> Option<StationKey> {
        self.heads.get(station).map(|h| h.key)
    }

    /// The last sequence of `station`'s log held here (0 for none).
    pub(super) fn last(&self, station: &str) -> u64 {
        self.heads.get(station).map_or(0, |h| h.last)
    }

    /// Station → last sequence held: the version vector.
    pub(super) fn vector(&self) -> BTreeMap<String, u64> {
        self.heads.iter().map(|(s, h)| (s.clone(), h.last)).collect()
    }

    /// Station → key, for every log held.
    pub(super) fn keys(&self) -> impl Iterator<Item = (&str, &StationKey)> {
        self.heads.iter().map(|(s, h)| (s.as_str(), &h.key))
    }
}

fn last_seq(facts: &sled::Tree, station: &str) -> u64 {
    let mut prefix = station.as_bytes().to_vec();
    prefix.push(0);
    facts
        .scan_prefix(&prefix)
        .keys()
        .next_back()
        .and_then(Result::ok)
        .and_then(|key| key.get(prefix.len()..).and_then(|t| <[u8; 8]>::try_from(t).ok()))
        .map_or(0, u64::from_be_bytes)
}
