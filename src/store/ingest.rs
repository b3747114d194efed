//! Taking in facts written by other stations: from a peer over the network, or from a file
//! carried on a USB stick (`checkin merge`). Both take this one path.
//!
//! A fact is stored only if
//! - its signature holds for this event and the key it names,
//! - that key belongs to the event (the founder, or admitted by a ticket; a later revocation
//!   stops the station connecting, not its facts being taken, so that which facts a station
//!   holds never depends on the order it heard things in),
//! - its station's log is bound to that key (or this is the log's first fact),
//! - it is the next of its station's log (logs stay dense; a fact after a gap waits for the rest),
//! - its bytes decode to a fact of that station and sequence, with names a station may have and
//!   every text clean ([`crate::domain::admission::check_arrived`]: the rules every write obeys
//!   that do not depend on what this folder knows now).
//!
//! The same station and sequence with other bytes is a copied data folder (two laptops writing
//! one station's log): it is never stored over ours, and is kept as an [`Alarm`] for the
//! organisers. Facts already held are skipped, so taking in the same facts twice, or in any
//! order, leaves the same facts and therefore the same state.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::identity::{self, SignedFact};
use super::{Store, StoreError, codec, damaged, fact_key, write_err};
use crate::domain::{Fact, FactKind, StationKey};

/// What [`Store::ingest`] did with a batch.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ingested {
    /// Newly stored, durably, in the order they were written.
    pub stored: Vec<Fact>,
    /// Held already (same bytes).
    pub duplicates: usize,
    /// Not yet: after a gap in their log, or from a key this folder does not know is admitted
    /// yet. The sender offers them again once the rest has arrived.
    pub waiting: usize,
    /// Never: a bad signature, bytes that are not a fact, a key that is not the log's.
    pub refused: Vec<String>,
    /// The same station and sequence as a fact held here, with other content.
    pub alarms: Vec<Alarm>,
}

/// Two different facts claiming one place in one station's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alarm {
    pub station: String,
    pub seq: u64,
    /// Where the other version came from (a peer's station name, or a file).
    pub from: String,
    pub seen: DateTime<Utc>,
    pub ours: [u8; 32],
    pub theirs: [u8; 32],
}

impl std::fmt::Display for Alarm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "station {} wrote two different facts as number {} (the other came from {}): two laptops may be using copies of one data folder",
            self.station, self.seq, self.from
        )
    }
}

/// Why one incoming fact was not stored now.
enum Verdict {
    Take(Fact),
    Duplicate,
    Wait,
    Refuse(String),
    Alarm(Alarm),
}

impl Store {
    /// Stores the facts of `incoming` this folder lacks and may accept (see the module's rules),
    /// durably, in one write. `from` names where they came from, for alarms and the log.
    pub fn ingest(&mut self, incoming: &[SignedFact], from: &str, now: DateTime<Utc>) -> Result<Ingested, StoreError> {
        let mut out = Ingested::default();
        let mut pending: Vec<&SignedFact> = incoming.iter().collect();
        let mut taken: Vec<(Fact, SignedFact)> = Vec::new();
        // Keys admitted by Admitted facts of this very batch, and the logs' heads as the batch
        // moves them: a batch may hold a station's admission and then its facts.
        let mut admitted_here: BTreeSet<StationKey> = BTreeSet::new();
        let mut heads = self.logs.clone();
        loop {
            let mut progress = false;
            let mut still = Vec::new();
            for signed in pending {
                let admitted = |key: &StationKey| self.takes_facts_of(key) || admitted_here.contains(key);
                match self.judge(signed, &heads, &admitted, from, now) {
                    Verdict::Take(fact) => {
                        if let FactKind::Admitted { key, .. } = &fact.kind {
                            admitted_here.insert(*key);
                        }
                        heads.note(&fact.station, signed.key, fact.seq);
                        taken.push((fact, signed.clone()));
                        progress = true;
                    }
                    Verdict::Duplicate => out.duplicates += 1,
                    Verdict::Wait => still.push(signed),
                    Verdict::Refuse(why) => out.refused.push(why),
                    Verdict::Alarm(alarm) => out.alarms.push(alarm),
                }
            }
            pending = still;
            if !progress || pending.is_empty() {
                break;
            }
        }
        out.waiting = pending.len();
        for alarm in &out.alarms {
            self.raise(alarm)?;
        }
        if !taken.is_empty() {
            let (facts, entries): (Vec<Fact>, Vec<SignedFact>) = taken.into_iter().unzip();
            self.write_facts(&facts, &entries)?;
            self.journal.extend(facts.iter().cloned());
            if let Some(own) = facts.iter().filter(|f| f.station == self.station).map(|f| f.seq).max() {
                // Our own log, given back by a peer (restored from another station's copy).
                self.next_seq = self.next_seq.max(own + 1);
            }
            out.stored = facts;
        }
        for why in &out.refused {
            tracing::warn!(from, "a fact was refused: {why}");
        }
        Ok(out)
    }

    fn judge(
        &self,
        signed: &SignedFact,
        heads: &super::logs::Logs,
        admitted: &dyn Fn(&StationKey) -> bool,
        from: &str,
        now: DateTime<Utc>,
    ) -> Verdict {
        if !identity::verify(&self.event.id, signed) {
            return Verdict::Refuse(format!("a fact from {from} is not signed for this event by the key it names"));
        }
        let fact: Fact = match codec::decode(&signed.bytes) {
            Ok(fact) => fact,
            Err(e) => return Verdict::Refuse(format!("a signed fact from {from} cannot be read: {e}")),
        };
        if super::validate_station(&fact.station).is_err() || fact.seq == 0 {
            return Verdict::Refuse(format!("a fact from {from} names station {:?} wrongly", fact.station));
        }
        if let Err(refusal) = crate::domain::admission::check_arrived(&fact) {
            return Verdict::Refuse(format!(
                "fact {} of station {} from {from} is not one a station writes: {refusal}",
                fact.seq, fact.station
            ));
        }
        if let Some(bound) = heads.key_of(&fact.station)
            && bound != signed.key
        {
            return Verdict::Refuse(format!(
                "a fact of station {} from {from} is signed by {}, not by that station's key",
                fact.station,
                identity::hex(&signed.key[..4])
            ));
        }
        let last = heads.last(&fact.station);
        if fact.seq <= last {
            return match self.sled.facts.get(fact_key(&fact.station, fact.seq)) {
                Ok(Some(ours)) if ours.as_ref() == signed.bytes.as_slice() => Verdict::Duplicate,
                Ok(Some(ours)) => Verdict::Alarm(Alarm {
                    station: fact.station,
                    seq: fact.seq,
                    from: from.to_owned(),
                    seen: now,
                    ours: identity::digest(&ours),
                    theirs: identity::digest(&signed.bytes),
                }),
                // Taken earlier in this batch.
                Ok(None) | Err(_) => Verdict::Duplicate,
            };
        }
        if fact.seq > last + 1 || !admitted(&signed.key) {
            return Verdict::Wait;
        }
        Verdict::Take(fact)
    }

    /// Keeps an alarm (once per pair of versions) for `checkin stations` and the dashboard.
    fn raise(&self, alarm: &Alarm) -> Result<(), StoreError> {
        let mut key = fact_key(&alarm.station, alarm.seq);
        key.extend_from_slice(&alarm.theirs[..8]);
        if self.sled.alarms.contains_key(&key).map_err(write_err)? {
            return Ok(());
        }
        tracing::error!("{alarm}");
        let value = codec::encode(alarm).map_err(|e| damaged("alarm", e))?;
        self.sled.alarms.insert(key, value).map_err(write_err)?;
        Ok(())
    }

    /// Every alarm raised here, oldest station and sequence first.
    pub fn alarms(&self) -> Vec<Alarm> {
        self.sled.alarms.iter().values().filter_map(|v| v.ok().and_then(|v| codec::decode(&v).ok())).collect()
    }

    /// May the station with `key` connect? The event's founder and every station admitted by a
    /// ticket, unless revoked.
    pub fn admits(&self, key: &StationKey) -> bool {
        let member = self.state.membership().member(key);
        if member.is_some_and(|m| m.is_revoked()) {
            return false;
        }
        *key == self.event.founder || member.is_some_and(|m| m.is_admitted())
    }

    /// May facts signed by `key` be stored? Those of any station that ever belonged to the event.
    pub fn takes_facts_of(&self, key: &StationKey) -> bool {
        *key == self.event.founder || self.state.membership().member(key).is_some_and(|m| m.was_admitted())
    }

    /// The last fact of `station`'s log held here (0 for none).
    pub fn last_seq_of(&self, station: &str) -> u64 {
        self.logs.last(station)
    }

    /// Station → last sequence held here: what a peer compares to send what is missing.
    pub fn vector(&self) -> std::collections::BTreeMap<String, u64> {
        self.logs.vector()
    }

    /// Up to `limit` facts of `station`'s log after sequence `after`, as they travel.
    pub fn signed_facts_after(&self, station: &str, after: u64, limit: usize) -> Result<Vec<SignedFact>, StoreError> {
        let Some(key) = self.logs.key_of(station) else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        let mut prefix = station.as_bytes().to_vec();
        prefix.push(0);
        let start = fact_key(station, after.saturating_add(1));
        for item in self.sled.facts.range(start..).take(limit) {
            let (k, bytes) = item.map_err(write_err)?;
            if !k.starts_with(&prefix) {
                break;
            }
            let sig = self.sled.signatures.get(&k).map_err(write_err)?.ok_or_else(|| {
                StoreError::Write(format!("a fact of station {station} has no signature; run `checkin rebuild`"))
            })?;
            out.push(SignedFact { bytes: bytes.to_vec(), key, sig: sig.to_vec() });
        }
        Ok(out)
    }

    /// Every fact held, each station's log in order, with what it travels as.
    pub fn signed_facts(&self) -> impl Iterator<Item = Result<(Fact, SignedFact), StoreError>> + '_ {
        self.sled.facts.iter().map(|item| {
            let (k, bytes) = item.map_err(write_err)?;
            let fact: Fact = codec::decode(&bytes).map_err(|e| damaged("fact", e))?;
            let key = self.logs.key_of(&fact.station);
            let sig = self.sled.signatures.get(&k).map_err(write_err)?;
            let (Some(key), Some(sig)) = (key, sig) else {
                return Err(StoreError::Write(format!(
                    "fact {} of station {} has no signature; run `checkin rebuild`",
                    fact.seq, fact.station
                )));
            };
            Ok((fact, SignedFact { bytes: bytes.to_vec(), key, sig: sig.to_vec() }))
        })
    }

    /// Signs, with this folder's key, every fact that has no signature yet (facts from before
    /// folder format 4, or restored from a file without signatures): this folder vouches for
    /// them. Logs bound to another key keep theirs: such a fact cannot be unsigned.
    pub(super) fn vouch_for_unsigned(&mut self) -> Result<usize, StoreError> {
        let own = self.secret.public();
        let mut signatures = sled::Batch::default();
        let mut count = 0;
        for item in self.sled.facts.iter() {
            let (key, bytes) = item.map_err(write_err)?;
            if self.sled.signatures.contains_key(&key).map_err(write_err)? {
                continue;
            }
            let fact: Fact = codec::decode(&bytes).map_err(|e| damaged("fact", e))?;
            if self.logs.key_of(&fact.station).is_some_and(|k| k != own) {
                return Err(StoreError::Write(format!(
                    "fact {} of station {} has no signature, and that station's log belongs to another key",
                    fact.seq, fact.station
                )));
            }
            self.logs.bind(&self.sled.logs, &fact.station, own, fact.seq).map_err(write_err)?;
            signatures.insert(key, self.secret.sign(&self.event.id, &bytes));
            count += 1;
        }
        self.sled.signatures.apply_batch(signatures).map_err(write_err)?;
        if count > 0 {
            tracing::info!("{}: {count} facts signed with this station's key", self.dir.display());
        }
        Ok(count)
    }
}
