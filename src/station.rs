//! One station at work: the data folder, the programme, the clock and who is operating it.
//! The use cases every front end shares (check in, which day it is, resolving a scanned code)
//! live here, so the TUI and `checkin scan` cannot disagree.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, Utc};

use crate::clock::{self, Clock};
use crate::domain::person::PersonView;
use crate::domain::{CheckInRefusal, EntryPoint, Fact, FactKind, Person, Program};
use crate::store::share::DataFolder;
use crate::store::{People, StoreError};

mod codes;
use codes::{CodeList, code_key};

/// Shortest code recognised at the end of other text in the search box.
pub const MIN_SCANNED_TAIL: usize = 4;

/// Offset used when no programme says otherwise: the machine's own.
fn local_offset() -> FixedOffset {
    Local::now().offset().fix()
}

/// Why today's check-ins carry a note instead of a programme day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayNote {
    NoProgramme,
    /// E.g. an accreditation day before the event: check-ins still count for this calendar day.
    OutsideProgramme {
        day: NaiveDate,
    },
}

impl DayNote {
    /// One line for logs and the command line (the TUI has its own translated text).
    pub fn describe(&self, today: NaiveDate) -> String {
        match self {
            DayNote::NoProgramme => format!("no programme loaded: check-ins count for {today}"),
            DayNote::OutsideProgramme { day } => {
                format!("{day} is not a day of the programme: check-ins count for that calendar day")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckIn {
    Done(Fact),
    Already { since: DateTime<Utc>, station: String },
    Unknown,
}

pub struct Station {
    pub store: DataFolder,
    pub program: Option<Program>,
    pub clock: Clock,
    pub operator: String,
    /// Upper-cased code → code as issued, for scanners and sloppy typing.
    codes: CodeList,
    /// Session id → codes the registration system signed up for it (see [`crate::sessions`]).
    pub(crate) imported_seats: HashMap<String, std::collections::BTreeSet<String>>,
    /// Delegation → codes of its chaperones, who may collect its children (see
    /// [`crate::domain::safeguarding`]): a check-out looks up a handful, not everyone.
    pub(crate) chaperones: HashMap<String, Vec<String>>,
    /// Everyone, as read for the code list, kept for [`Station::take_people`] (the desk) so
    /// that start-up reads them once, not twice. Dropped when it may be out of date. With the
    /// generation they were read at ([`crate::store::Store::people_as_of`]).
    people: Option<(People, u64)>,
    /// How this station reaches the event's stations on other machines (`--listen`, `--peer`).
    pub network: crate::sync::SyncConfig,
}

impl Station {
    pub fn new(store: impl Into<DataFolder>, clock: Clock, operator: &str) -> Result<Station, StoreError> {
        let store = store.into();
        let program = store.program()?;
        let mut station = Station {
            store,
            program,
            clock,
            operator: operator.to_owned(),
            codes: CodeList::default(),
            imported_seats: HashMap::new(),
            chaperones: HashMap::new(),
            people: None,
            network: crate::sync::SyncConfig::default(),
        };
        station.reload_codes()?;
        Ok(station)
    }

    /// Opens `dir` as `station_name`; `now` is the raw `--now` text, read in the event's offset.
    pub fn open(dir: &Path, station_name: &str, operator: &str, now: Option<&str>) -> anyhow::Result<Station> {
        let store = DataFolder::open(dir, station_name)?;
        let mut station = Station::new(store, Clock::real(), operator)?;
        station.set_clock(now)?;
        Ok(station)
    }

    /// `--now` if given; else, in a demo folder, real time of day moved onto the event's first
    /// day, so the sample event can be tried on any date; else the real clock.
    pub fn set_clock(&mut self, now: Option<&str>) -> anyhow::Result<()> {
        self.clock = match (now, &self.program) {
            (Some(text), _) => Clock::starting_at(clock::parse_time(text, self.offset()).map_err(anyhow::Error::msg)?),
            (None, Some(program)) if self.store.is_demo() => {
                Clock::starting_at(clock::same_time_on(program.first_day(), Utc::now(), program.utc_offset))
            }
            (None, _) => Clock::real(),
        };
        Ok(())
    }

    /// Re-reads the programme and code list after an import or a programme load.
    pub fn refresh(&mut self) -> Result<(), StoreError> {
        self.program = self.store.program()?;
        self.reload_codes()
    }

    fn reload_codes(&mut self) -> Result<(), StoreError> {
        self.people = None;
        let (people, generation) = self.store.people_as_of()?;
        // One pass over views of the stored values: nobody is decoded into a `Person` for these.
        let mut chaperones = HashMap::new();
        let views = people.views().inspect(|p| note_chaperone(&mut chaperones, p));
        self.imported_seats = crate::sessions::imported_seats(views);
        self.chaperones = chaperones;
        self.codes = CodeList::of(people.codes());
        self.people = Some((people, generation));
        Ok(())
    }

    /// Everyone registered, walk-ins included, as [`DataFolder::people`] gives them: the people read
    /// when the station opened or was last [refreshed](Self::refresh), handed over once (decoding
    /// everyone again was a quarter of the desk's start-up), else read from the store again.
    /// Like the code list, it does not see people added to `store` directly since then.
    pub fn take_people(&mut self) -> Result<People, StoreError> {
        Ok(self.take_people_as_of()?.0)
    }

    /// [`take_people`](Self::take_people), with the people generation they were read at.
    pub fn take_people_as_of(&mut self) -> Result<(People, u64), StoreError> {
        match self.people.take() {
            Some(kept) => Ok(kept),
            None => self.store.people_as_of(),
        }
    }

    pub fn offset(&self) -> FixedOffset {
        self.program.as_ref().map_or_else(local_offset, |p| p.utc_offset)
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn local_now(&self) -> DateTime<FixedOffset> {
        self.now().with_timezone(&self.offset())
    }

    pub fn today(&self) -> NaiveDate {
        self.local_now().date_naive()
    }

    pub fn day_note(&self) -> Option<DayNote> {
        match &self.program {
            None => Some(DayNote::NoProgramme),
            Some(p) if p.day_number(self.today()).is_none() => Some(DayNote::OutsideProgramme { day: self.today() }),
            Some(_) => None,
        }
    }

    pub fn venue_today(&self) -> EntryPoint {
        EntryPoint::Venue(self.today())
    }

    /// The registration code a typed or scanned text stands for, if any: in any case, and
    /// whichever keyboard layout was active (a scanner types `KZ-000123` as `ЛЯ-000123` when the
    /// Russian layout is on).
    pub fn resolve_code(&self, typed: &str) -> Option<&str> {
        use crate::search::layout::{Layout, from_latin_keys, to_latin_keys};
        let typed = typed.trim();
        if typed.is_empty() {
            return None;
        }
        let readings = [
            typed.to_owned(),
            to_latin_keys(typed, Layout::Russian),
            to_latin_keys(typed, Layout::Kazakh),
            from_latin_keys(typed, Layout::Russian),
        ];
        readings.iter().find_map(|r| self.codes.get(&code_key(r)))
    }

    /// A code a scanner typed after text already in the box (`tokaevaЛЯ-000093`): the longest
    /// tail that is a complete code. Only tails with a digit and at least [`MIN_SCANNED_TAIL`]
    /// characters count, so the end of a typed name is never taken for a short code.
    pub fn resolve_trailing_code(&self, typed: &str) -> Option<&str> {
        let typed = typed.trim();
        typed
            .char_indices()
            .skip(1)
            .map(|(i, _)| &typed[i..])
            .filter(|tail| tail.chars().count() >= MIN_SCANNED_TAIL && tail.chars().any(|c| c.is_ascii_digit()))
            .find_map(|tail| self.resolve_code(tail))
    }

    pub fn person(&self, code: &str) -> Result<Option<Person>, StoreError> {
        self.store.person(code)
    }

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

    /// Runs a use case that decides on the state and then writes, again while another window
    /// on the folder wrote first ([`StoreError::Stale`]: the state is up to date by then).
    pub(crate) fn deciding<T, E: StaleAware>(
        &mut self,
        mut use_case: impl FnMut(&mut Self) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut attempt = 1;
        loop {
            match use_case(self) {
                Err(e) if e.is_stale() && attempt < DECIDE_ATTEMPTS => {
                    attempt += 1;
                    self.absorb_walk_ins();
                    // Windows that keep colliding (hosts scanning into one session at the same
                    // instant) are spread apart a little, so one of them is never always last.
                    let jitter = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.subsec_nanos());
                    std::thread::sleep(std::time::Duration::from_micros(u64::from(jitter % (500 * attempt))));
                }
                other => return other,
            }
        }
    }

    /// Brings the view up to date with what other windows on the folder wrote; true when
    /// anything changed. Their walk-ins become known codes here.
    pub fn catch_up(&mut self) -> Result<bool, StoreError> {
        let changed = self.store.catch_up()?;
        if changed {
            self.absorb_walk_ins();
        }
        Ok(changed)
    }

    /// Walk-ins registered by other windows become known codes (scans and exact codes find them).
    pub fn absorb_walk_ins(&mut self) {
        let new: Vec<Person> =
            self.store.state().walk_ins().filter(|p| self.codes.get(&code_key(&p.code)).is_none()).cloned().collect();
        if !new.is_empty() {
            // The kept people lack them now: the store has them all.
            self.people = None;
        }
        for p in new {
            note_chaperone(&mut self.chaperones, &PersonView::of(&p));
            self.codes.insert(&p.code);
        }
    }

    fn forget_chaperone(&mut self, code: &str) {
        for codes in self.chaperones.values_mut() {
            codes.retain(|c| c != code);
        }
    }
}

/// Adds `p` to the chaperones of their delegation, if they are one.
fn note_chaperone(chaperones: &mut HashMap<String, Vec<String>>, p: &PersonView) {
    if p.category == crate::domain::Category::Chaperone && !p.delegation.trim().is_empty() {
        chaperones.entry(p.delegation.to_owned()).or_default().push(p.code.to_owned());
    }
}

/// A use case decided on a stale view is tried this many times before the volunteer is told
/// to try again (each retry follows another window's write, so more means a very busy folder).
const DECIDE_ATTEMPTS: u32 = 25;

/// Errors that can say "decided on an out-of-date view".
pub(crate) trait StaleAware {
    fn is_stale(&self) -> bool;
}

impl StaleAware for StoreError {
    fn is_stale(&self) -> bool {
        matches!(self, StoreError::Stale)
    }
}

impl Station {
    /// Registers someone not on the list and checks them in, in one durable write.
    pub fn walk_in(&mut self, person: crate::domain::Person) -> Result<(), StoreError> {
        let code = person.code.clone();
        note_chaperone(&mut self.chaperones, &PersonView::of(&person));
        let kinds = vec![
            FactKind::WalkedIn { person: Box::new(person) },
            FactKind::CheckedIn { code: code.clone(), entry: self.venue_today(), note: None },
        ];
        let now = self.now();
        if let Err(e) = self.store.record_many(now, &self.operator, kinds) {
            self.forget_chaperone(&code);
            return Err(e);
        }
        self.codes.insert(&code);
        // The kept people lack this one now: the store has them all.
        self.people = None;
        Ok(())
    }
}
