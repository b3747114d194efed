//! Checking people in at the venue: one at a time (the desk, `checkin scan`) or a delegation
//! at once, each batch in one durable write.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::Station;
use crate::domain::{CheckInRefusal, EntryPoint, Fact, FactKind};
use crate::store::StoreError;

/// How a check-in went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckIn {
    Done(Fact),
    Already {
        since: DateTime<Utc>,
        station: String,
    },
    /// Registered, but cancelled (withdrawn, void, …) in the registration system: not let in.
    NotAdmitted {
        code: String,
        status: crate::domain::Status,
    },
    Unknown,
}

impl Station {
    /// Checks in whoever `typed` resolves to, at `entry`, durably.
    pub fn check_in(&mut self, typed: &str, entry: &EntryPoint) -> Result<CheckIn, StoreError> {
        Ok(self.check_in_many(&[typed], entry)?.remove(0))
    }

    /// Checks in several codes with a single durable write. A code repeated in the batch is
    /// `Already` the second time, exactly as if the codes had come one by one.
    pub fn check_in_many(&mut self, typed: &[&str], entry: &EntryPoint) -> Result<Vec<CheckIn>, StoreError> {
        self.deciding(|station| station.check_in_many_once(typed, entry))
    }

    fn check_in_many_once(&mut self, typed: &[&str], entry: &EntryPoint) -> Result<Vec<CheckIn>, StoreError> {
        let now = self.now();
        let mut outcomes = Vec::with_capacity(typed.len());
        let mut to_record = Vec::new();
        let mut in_this_batch: HashMap<String, usize> = HashMap::new();
        for t in typed {
            let Some(code) = self.resolve_code(t).map(str::to_owned) else {
                outcomes.push(CheckIn::Unknown);
                continue;
            };
            if let Some(&status) = self.not_admitted.get(&code) {
                outcomes.push(CheckIn::NotAdmitted { code, status });
                continue;
            }
            if in_this_batch.contains_key(&code) {
                outcomes.push(CheckIn::Already { since: now, station: self.store.station().to_owned() });
                continue;
            }
            match self.store.state().check_in_decision(entry, &code) {
                Err(CheckInRefusal::AlreadyIn { since, station }) => outcomes.push(CheckIn::Already { since, station }),
                Ok(()) => {
                    in_this_batch.insert(code.clone(), outcomes.len());
                    outcomes.push(CheckIn::Unknown); // replaced by the fact below
                    to_record.push(FactKind::CheckedIn { code, entry: entry.clone(), note: None });
                }
            }
        }
        if !to_record.is_empty() {
            let facts = self.store.record_decided(now, &self.operator, to_record)?;
            for fact in facts {
                let code = fact.kind.code().unwrap_or_default().to_owned();
                outcomes[in_this_batch[&code]] = CheckIn::Done(fact);
            }
        }
        Ok(outcomes)
    }
}
