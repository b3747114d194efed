//! One station at work: the data folder, the programme, the clock and who is operating it, and
//! the use cases every front end shares, so the TUI and `checkin scan` cannot disagree. One file
//! per use case: `check_in`, `sessions` (door, sign-up, waitlist, cancel, undo), `checkout`,
//! `walk_in`, `rollcall` (writing it out); `retry` decides again what another window overtook.
//! Their pure rules are in [`crate::domain`]; this layer reads the clock and writes facts.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, Utc};

use crate::domain::person::PersonView;
use crate::domain::{EntryPoint, Person, Program, State};
use crate::search::SearchIndex;
use crate::store::StoreError;
use crate::store::share::DataFolder;

mod badges;
mod check_in;
mod checkout;
mod clock;
mod codes;
mod retry;
mod rollcall;
mod seat_authority;
mod seat_owner;
mod sessions;
mod sharing;
mod walk_in;

/// Everyone registered, as the station reads them for a screen (decoded as they are shown).
pub use crate::store::People;
pub use badges::{BadgePrinting, Who};
pub use check_in::CheckIn;
pub use checkout::CheckOut;
pub use clock::Clock;
use codes::CodeList;
pub(crate) use retry::StaleAware;
pub use rollcall::Format;
pub use seat_authority::Authority;
pub use seat_owner::HandoverError;
pub use sessions::{Consent, DoorOutcome, SeatOutcome, SessionError, SessionSummary, VENUE_NOTE};
pub use sharing::{Sharing, Waker};

use crate::text::code::{code_key, reading_keys};

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

/// A station at work. Its fields are its own: screens and commands ask it (the state, the
/// programme, the clock) and write through its use cases, never through the store directly.
pub struct Station {
    store: DataFolder,
    program: Option<Program>,
    clock: Clock,
    operator: String,
    /// Upper-cased code or alias → code as issued, for scanners and sloppy typing.
    codes: CodeList,
    /// Imported people whose registration no longer stands (cancelled, withdrawn, …): few.
    not_admitted: HashMap<String, crate::domain::Status>,
    /// Session id → codes the registration system signed up for it (see [`sessions`]).
    imported_seats: HashMap<String, std::collections::BTreeSet<String>>,
    /// Delegation → codes of its chaperones, who may collect its children (see
    /// [`crate::domain::safeguarding`]): a check-out looks up a handful, not everyone.
    chaperones: HashMap<String, Vec<String>>,
    /// Delegation → codes of its members: the children a chaperone leaves behind.
    members: HashMap<String, Vec<String>>,
    /// Everyone, as read for the code list, kept for [`Station::take_people`] (the desk) so
    /// that start-up reads them once, not twice. Dropped when it may be out of date. With the
    /// generation they were read at ([`crate::store::Store::people_as_of`]).
    people: Option<(People, u64)>,
    /// How this station reaches the event's stations on other machines (`--listen`, `--peer`).
    network: crate::sync::SyncConfig,
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
            not_admitted: HashMap::new(),
            imported_seats: HashMap::new(),
            chaperones: HashMap::new(),
            members: HashMap::new(),
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

    /// The state derived from every fact in the folder, as of the last write or catch-up.
    pub fn state(&self) -> &State {
        self.store.state()
    }

    /// What the event is called, in `lang`: its programme's name once one is loaded, else the
    /// name it was founded with ([`crate::store::Store::event_name`]).
    pub fn event_name(&self, lang: crate::i18n::Lang) -> String {
        let from_program = self.program.as_ref().map(|p| p.name.get(lang.code()).to_owned());
        match from_program.filter(|name| !name.is_empty()) {
            Some(name) => name,
            None => self.store.local().map(|s| s.event_name(lang.code())).unwrap_or_default(),
        }
    }

    /// The event's programme, if one is loaded.
    pub fn program(&self) -> Option<&Program> {
        self.program.as_ref()
    }

    /// Who is operating the station: recorded with every fact.
    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// The station's name: recorded with every fact.
    pub fn name(&self) -> &str {
        self.store.station()
    }

    /// A demo folder (the sample event), shown as such on every screen.
    pub fn is_demo(&self) -> bool {
        self.store.is_demo()
    }

    /// The window whose folder this one works through, when it is a guest.
    pub fn guest_of(&self) -> Option<&str> {
        self.store.guest_of()
    }

    /// The search index of `people` (read with [`take_people_as_of`](Self::take_people_as_of)),
    /// from the folder's snapshot when it matches, else built.
    pub fn search_index(&self, people: &People, generation: u64) -> SearchIndex {
        self.store.search_index(people, generation)
    }

    /// How this station reaches the event's stations on other machines.
    pub fn network(&self) -> &crate::sync::SyncConfig {
        &self.network
    }

    pub fn set_network(&mut self, network: crate::sync::SyncConfig) {
        self.network = network;
    }

    /// How often the folder's registrants were written (a newer list published by an organiser's
    /// station bumps it); `None` when another window owns the folder and tells us instead.
    pub fn people_generation(&self) -> Result<Option<u64>, StoreError> {
        self.store.local().map(|s| s.people_generation()).transpose()
    }

    /// How much of the event's other stations this folder hears now, from the picture its
    /// syncing window wrote last; `None` when no window on this folder syncs (or it stopped).
    pub fn reach(&self) -> Option<crate::sync::Reach> {
        let now = Utc::now();
        crate::sync::SyncStatus::read_recent(self.store.dir(), now).map(|s| s.reach(now))
    }

    /// The first line of the dashboard, `report`, the roll-call page and its sheets: how complete
    /// what this laptop shows is, given what this folder's sync hears (`reach`, see
    /// [`reach`](Self::reach)). `None` for an event of one laptop.
    pub fn completeness(&self, reach: Option<&crate::sync::Reach>, lang: crate::i18n::Lang) -> Option<String> {
        crate::sync::peers::completeness(reach, self.other_stations(), self.now(), lang, self.offset())
    }

    /// The event's stations besides this one that may write facts (admitted, not revoked): when
    /// there are any and [`reach`](Self::reach) is `None`, what this laptop shows may be behind.
    pub fn other_stations(&self) -> usize {
        let membership = self.store.state().membership();
        let mut keys: std::collections::BTreeSet<_> =
            membership.members().filter(|(_, m)| m.is_admitted()).map(|(k, _)| *k).collect();
        if let Some(store) = self.store.local() {
            let founder = store.event().founder;
            if !membership.member(&founder).is_some_and(|m| m.is_revoked()) {
                keys.insert(founder);
            }
            keys.remove(&store.station_key());
        }
        keys.len()
    }

    /// The data folder itself, for the commands that manage it (import, programme, restore,
    /// rebuild, status, exports) and for tests. Screens ask the station instead.
    pub fn folder(&self) -> &DataFolder {
        &self.store
    }

    /// [`folder`](Self::folder), to change it: call [`refresh`](Self::refresh) after an import
    /// or a programme.
    pub fn folder_mut(&mut self) -> &mut DataFolder {
        &mut self.store
    }

    /// Runs the station on `clock` from now on (tests, rehearsals).
    pub fn use_clock(&mut self, clock: Clock) {
        self.clock = clock;
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
        let mut members = HashMap::new();
        let mut aliases: Vec<(String, String)> = Vec::new();
        let mut not_admitted = HashMap::new();
        let views = people.views().inspect(|p| {
            note_delegation(&mut chaperones, &mut members, p);
            aliases.extend(p.aliases.iter().map(|a| ((*a).to_owned(), p.code.to_owned())));
            if !p.status.admitted() {
                not_admitted.insert(p.code.to_owned(), p.status);
            }
        });
        self.imported_seats = crate::domain::seats::imported_seats(views);
        self.chaperones = chaperones;
        self.members = members;
        self.not_admitted = not_admitted;
        self.codes = CodeList::of(people.codes(), aliases.iter().map(|(a, c)| (a.as_str(), c.as_str())));
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

    /// The year ages are counted in: the programme's, else today's.
    /// The event's first day (today without a programme): who is a minor is decided for it.
    pub fn event_first_day(&self) -> NaiveDate {
        self.program.as_ref().map_or_else(|| self.today(), Program::first_day)
    }

    pub fn event_year(&self) -> i32 {
        use chrono::Datelike;
        self.program.as_ref().map_or_else(|| self.today().year(), |p| p.year())
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
        reading_keys(typed).iter().find_map(|key| self.codes.get(key))
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
            note_delegation(&mut self.chaperones, &mut self.members, &PersonView::of(&p));
            self.codes.insert(&p.code);
        }
    }
}

/// Adds `p` to the members of their delegation, and to its chaperones if they are one.
fn note_delegation(
    chaperones: &mut HashMap<String, Vec<String>>,
    members: &mut HashMap<String, Vec<String>>,
    p: &PersonView,
) {
    if p.delegation.trim().is_empty() {
        return;
    }
    members.entry(p.delegation.to_owned()).or_default().push(p.code.to_owned());
    if p.category == crate::domain::Category::Chaperone {
        chaperones.entry(p.delegation.to_owned()).or_default().push(p.code.to_owned());
    }
}
