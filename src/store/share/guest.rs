//! A guest window: works on a data folder another window owns, through that window.
//!
//! It keeps a replica of what it needs (programme, people, every fact and the state derived from
//! them), reads from it, and sends every write to the owner, who writes it durably before it
//! answers. A guest is only ever behind, never ahead: it pulls what others wrote on every tick and
//! with every write, and a write made on an out-of-date view is refused as stale and decided again.

use std::collections::HashMap;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::protocol::{self, PROTOCOL, Reply, Request};
use crate::domain::{Fact, FactKind, Person, Program, State};
use crate::store::StoreError;

/// How long a guest waits for the owner (a welcome to 100k people takes a while to put together).
const ANSWER_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Guest {
    stream: Option<UnixStream>,
    pub(super) owner_station: String,
    pub(super) owner_pid: u32,
    pub(super) program: Option<Program>,
    pub(super) demo: bool,
    people: Vec<Person>,
    by_code: HashMap<String, usize>,
    facts: Vec<Fact>,
    pub(super) state: State,
    upto: u64,
    pub(super) next_seq: u64,
}

impl Guest {
    /// Joins the window sharing `dir`, or `None` when no window there shares it.
    pub fn connect(dir: &Path, station: &str) -> Result<Option<Guest>, StoreError> {
        let Ok(mut stream) = super::service::connect(dir) else { return Ok(None) };
        let hello = Request::Hello { protocol: PROTOCOL, station: station.to_owned() };
        let answer = stream
            .set_read_timeout(Some(ANSWER_TIMEOUT))
            .map_err(protocol::WireError::from)
            .and_then(|()| protocol::send(&mut stream, &hello))
            .and_then(|()| protocol::receive::<Reply>(&mut stream));
        let welcome = match answer {
            Ok(Reply::Welcome(w)) => *w,
            Ok(Reply::Refused(message)) => return Err(StoreError::Refused(message)),
            Ok(Reply::StationTaken) => return Err(StoreError::StationTaken(station.to_owned())),
            Ok(other) => return Err(unexpected(other)),
            Err(e) => {
                // The owner is closing or hung: as if it did not share the folder.
                tracing::warn!(error = %e, "the window owning the folder did not welcome us");
                return Ok(None);
            }
        };
        let state = State::replay(&welcome.facts);
        let by_code = welcome.people.iter().enumerate().map(|(i, p)| (p.code.clone(), i)).collect();
        tracing::info!(owner = %welcome.owner_station, pid = welcome.owner_pid, "joined as a guest window");
        Ok(Some(Guest {
            stream: Some(stream),
            owner_station: welcome.owner_station,
            owner_pid: welcome.owner_pid,
            program: welcome.program,
            demo: welcome.demo,
            people: welcome.people,
            by_code,
            facts: welcome.facts,
            state,
            upto: welcome.upto,
            next_seq: welcome.next_seq,
        }))
    }

    pub fn is_connected(&self) -> bool {
        self.stream.is_some()
    }

    pub fn person(&self, code: &str) -> Option<Person> {
        match self.by_code.get(code) {
            Some(&i) => Some(self.people[i].clone()),
            None => self.state.walk_ins().find(|p| p.code == code).cloned(),
        }
    }

    /// What importing `incoming` would change, against the people the owner had imported.
    pub fn plan_import(&self, incoming: &[Person]) -> crate::store::ImportSummary {
        let mut summary = crate::store::ImportSummary::default();
        for p in incoming {
            match self.by_code.get(&p.code).map(|&i| &self.people[i]) {
                None => summary.added.push(p.code.clone()),
                Some(old) if old == p => summary.unchanged += 1,
                Some(_) => summary.updated.push(p.code.clone()),
            }
        }
        let in_file: std::collections::HashSet<&str> = incoming.iter().map(|p| p.code.as_str()).collect();
        summary.missing =
            self.people.iter().filter(|p| !in_file.contains(p.code.as_str())).map(|p| p.code.clone()).collect();
        summary
    }

    /// Imported people in code order, then walk-ins, as [`crate::store::Store::people`].
    pub fn people(&self) -> Vec<Person> {
        self.people.iter().chain(self.state.walk_ins()).cloned().collect()
    }

    pub fn people_count(&self) -> usize {
        self.people.len() + self.state.walk_ins().count()
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty() && self.program.is_none() && self.facts.is_empty()
    }

    /// Every fact, each station's log in order (as the owner's store lists them).
    pub fn facts(&self) -> Vec<Fact> {
        let mut facts = self.facts.clone();
        facts.sort_by(|a, b| (&a.station, a.seq).cmp(&(&b.station, b.seq)));
        facts
    }

    pub fn fact_count(&self) -> usize {
        self.facts.len()
    }

    /// Takes in what other windows wrote; true when there was anything.
    pub fn pull(&mut self) -> Result<bool, StoreError> {
        match self.call(Request::Pull { since: self.upto })? {
            Reply::Facts { facts, upto } => Ok(self.absorb(facts, upto)),
            other => Err(unexpected(other)),
        }
    }

    /// Has the owner write `kinds` for this station. With `only_if_current`, a write decided on an
    /// out-of-date view is not made: the missing facts are taken in and [`StoreError::Stale`]
    /// says to decide again.
    pub fn append(
        &mut self,
        at: DateTime<Utc>,
        operator: &str,
        kinds: Vec<FactKind>,
        only_if_current: bool,
    ) -> Result<Vec<Fact>, StoreError> {
        let n = kinds.len();
        let request = Request::Append { since: self.upto, only_if_current, at, operator: operator.to_owned(), kinds };
        match self.call(request)? {
            Reply::Facts { facts, upto } => {
                let ours = facts[facts.len().saturating_sub(n)..].to_vec();
                self.absorb(facts, upto);
                self.next_seq = ours.last().map_or(self.next_seq, |f| f.seq + 1);
                Ok(ours)
            }
            Reply::Stale { facts, upto } => {
                self.absorb(facts, upto);
                Err(StoreError::Stale)
            }
            Reply::Refused(message) => Err(StoreError::Refused(message)),
            Reply::NotAdmitted(refusal) => Err(StoreError::NotAdmitted(refusal)),
            other => Err(unexpected(other)),
        }
    }

    fn absorb(&mut self, facts: Vec<Fact>, upto: u64) -> bool {
        let any = !facts.is_empty();
        for fact in &facts {
            self.state.apply(fact);
        }
        self.facts.extend(facts);
        self.upto = upto;
        any
    }

    /// One request and its answer. A broken connection means the owner has gone: the stream is
    /// dropped so the folder can be taken over (see [`super::DataFolder`]).
    /// Has the owner take in other stations' facts (see [`crate::store::Store::ingest`]).
    pub fn merge(
        &mut self,
        facts: &[crate::store::SignedFact],
        from: &str,
        at: DateTime<Utc>,
    ) -> Result<crate::store::Ingested, StoreError> {
        let request = Request::Merge { from: from.to_owned(), at, facts: facts.to_vec() };
        match self.call(request)? {
            Reply::Merged(got) => {
                self.pull()?;
                Ok(got)
            }
            Reply::Refused(message) => Err(StoreError::Refused(message)),
            other => Err(unexpected(other)),
        }
    }

    fn call(&mut self, request: Request) -> Result<Reply, StoreError> {
        let gone = || StoreError::OwnerGone { owner: self.owner_station.clone() };
        let Some(stream) = self.stream.as_mut() else { return Err(gone()) };
        let answer = protocol::send(stream, &request).and_then(|()| protocol::receive::<Reply>(stream));
        answer.map_err(|e| {
            tracing::warn!(error = %e, owner = %self.owner_station, "lost the owning window");
            self.stream = None;
            gone()
        })
    }
}

fn unexpected(reply: Reply) -> StoreError {
    StoreError::Refused(format!("unexpected answer from the owning window: {reply:?}"))
}
