//! The desk's world: the station, everyone searchable, and carrying out `update`'s effects.

use std::sync::{Arc, OnceLock};

use crate::domain::{AttendanceStatus, Person};
use crate::station::People;
use crate::station::{CheckIn, Station};

use super::action::Action;
use super::app::{self, App, Effect, Lookup, RESULT_LIMIT};

/// Which displayed text a highlight refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The full name as shown: family, given, patronymic joined by spaces.
    Name,
    AltSpelling,
    Code,
    Organisation,
    Delegation,
}

/// A matched part of a shown text, in characters (never bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub shown: Shown,
    pub chars: std::ops::Range<usize>,
}

/// One search result as the desk shows it.
///
/// Its highlights are computed only when the row is about to be shown
/// ([`Desk::highlight_rows`]), not by the search: of the 50 results only those on screen need
/// them, and computing them (folding every field of the person again) was most of a search's
/// time.
#[derive(Debug, Clone)]
pub struct ResultRow {
    pub code: String,
    /// How well it matched: code, exact, prefix or fuzzy.
    pub tier: crate::search::Tier,
    /// Found only by typo or keyboard-layout tolerance: marked with "~".
    pub fuzzy: bool,
    /// What the search found, and for which query: enough to find the matched parts again.
    hit: crate::search::Hit,
    query: Arc<str>,
    highlights: OnceLock<Vec<Highlight>>,
}

impl ResultRow {
    /// What the search found, for [`crate::search::explain`] (`checkin search --json`).
    pub fn hit(&self) -> &crate::search::Hit {
        &self.hit
    }

    /// The matched parts, once [`Desk::highlight_rows`] has computed them (empty before).
    pub fn highlights(&self) -> &[Highlight] {
        self.highlights.get().map_or(&[], Vec::as_slice)
    }
}

/// Equal when the same search found the same person the same way; whether the highlights were
/// computed yet does not matter (they follow from the rest).
impl PartialEq for ResultRow {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
            && self.tier == other.tier
            && self.fuzzy == other.fuzzy
            && self.hit == other.hit
            && self.query == other.query
    }
}

impl Eq for ResultRow {}

pub struct Desk {
    pub station: Station,
    /// Where the badge key's badges go.
    pub badges: crate::station::BadgePrinting,
    /// Decoded as they are shown: the desk's start-up reads nobody whole.
    people: People,
    index: crate::search::SearchIndex,
    /// The people generation `people` and `index` were read at.
    generation: u64,
}

impl Desk {
    pub fn new(mut station: Station) -> anyhow::Result<Desk> {
        let (people, generation) = station.take_people_as_of()?;
        let index = station.search_index(&people, generation);
        Ok(Desk { station, badges: Default::default(), people, index, generation })
    }

    /// Reads everyone again if the folder's registrants changed under the desk (a newer list
    /// published by an organiser's station arrived); true when it did.
    pub fn catch_up_with_people(&mut self) -> anyhow::Result<bool> {
        let current = self.station.people_generation()?;
        if current.is_none_or(|g| g == self.generation) {
            return Ok(false);
        }
        self.station.refresh()?;
        let (people, generation) = self.station.take_people_as_of()?;
        self.index = self.station.search_index(&people, generation);
        self.people = people;
        self.generation = generation;
        Ok(true)
    }

    /// The person with exactly this code (the last registered, should two share it).
    pub fn person(&self, code: &str) -> Option<&Person> {
        self.people.person(code)
    }

    /// Everyone registered, walk-ins included. Going through all of them decodes them all:
    /// for the screens that count or list everyone (the dashboard, the roll-call), the first
    /// time one is opened.
    pub fn people(&self) -> &People {
        &self.people
    }

    pub fn registered(&self) -> usize {
        self.people.len()
    }

    pub fn search(&self, query: &str) -> Vec<ResultRow> {
        self.search_limited(query, RESULT_LIMIT)
    }

    pub fn search_limited(&self, query: &str, limit: usize) -> Vec<ResultRow> {
        if query.trim().is_empty() {
            return Vec::new();
        }
        let shared: Arc<str> = Arc::from(query);
        self.index
            .search(query, limit)
            .into_iter()
            .map(|hit| ResultRow {
                code: hit.code.clone(),
                tier: hit.tier,
                fuzzy: hit.fuzzy,
                hit,
                query: Arc::clone(&shared),
                highlights: OnceLock::new(),
            })
            .collect()
    }

    /// Computes the highlights of `rows` that do not have them yet (the view calls it for the
    /// rows that can be on screen); each row's are computed once.
    pub fn highlight_rows<'r>(&self, rows: impl IntoIterator<Item = &'r ResultRow>) {
        let mut current: Option<(Arc<str>, crate::search::Highlighter<'_>)> = None;
        for r in rows {
            if r.highlights.get().is_some() {
                continue;
            }
            if current.as_ref().is_none_or(|(q, _)| !Arc::ptr_eq(q, &r.query)) {
                current = Some((Arc::clone(&r.query), self.index.highlighter(&r.query)));
            }
            let Some((_, h)) = &current else { continue };
            let shown = match self.people.get(r.hit.idx) {
                Some(person) => super::highlight::shown(person, &h.spans(&r.hit)),
                None => Vec::new(),
            };
            let _ = r.highlights.set(shown);
        }
    }

    /// Carries out one effect and says how it went.
    pub fn perform(&mut self, effect: Effect) -> Action {
        match effect {
            Effect::Search { query } => {
                let rows = self.search(&query);
                Action::Searched { query, rows }
            }
            Effect::CheckIn { typed } => {
                let entry = self.station.venue_today();
                match self.station.check_in(&typed, &entry) {
                    Ok(outcome) => {
                        let typed = match &outcome {
                            CheckIn::Done(fact) => fact.kind.code().unwrap_or(&typed).to_owned(),
                            _ => typed,
                        };
                        Action::CheckedIn { typed, outcome }
                    }
                    Err(e) => Action::Failed { message: e.to_string() },
                }
            }
            Effect::CheckInGroup { delegation, codes, absent } => {
                let entry = self.station.venue_today();
                let typed: Vec<&str> = codes.iter().map(String::as_str).collect();
                match self.station.check_in_many(&typed, &entry) {
                    Ok(outcomes) => {
                        let done = outcomes.iter().filter(|o| matches!(o, CheckIn::Done(_))).count();
                        Action::GroupCheckedIn { delegation, done, already: outcomes.len() - done, absent }
                    }
                    Err(e) => Action::Failed { message: e.to_string() },
                }
            }
            Effect::WalkIn { form } => {
                let code = self.station.walk_in_code();
                let person = match form.person(code.clone()) {
                    Ok(p) => p,
                    Err(problem) => return Action::Failed { message: problem.get(crate::i18n::Lang::En).to_owned() },
                };
                match self.station.walk_in(person.clone()) {
                    Ok(()) => {
                        self.add_person(person);
                        Action::WalkedIn { code }
                    }
                    Err(e) => Action::Failed { message: e.to_string() },
                }
            }
            Effect::Host(effect) => super::host_effects::perform(self, effect),
            Effect::Organisers(job) => super::organisers::perform(self, job),
            Effect::PrintBadge { code, lang } => {
                let Some(person) = self.person(&code).cloned() else {
                    return Action::Failed { message: format!("no registrant has the code {code}") };
                };
                match self.station.print_badge(&person, &self.badges, lang) {
                    Ok(path) => {
                        let printer = self.badges.printer.clone();
                        Action::BadgePrinted { code, path: path.display().to_string(), printer }
                    }
                    Err(message) => Action::Failed { message },
                }
            }
            // Once only, also when another window undoes it at the same moment.
            Effect::Annul { fact, code } => match self.station.annul(fact, None) {
                Ok(_) => Action::Undone { code, fact },
                Err(e) => Action::Failed { message: e.to_string() },
            },
        }
    }

    /// Makes walk-ins that another window on the folder registered searchable here.
    pub fn absorb_walk_ins(&mut self) {
        let new: Vec<Person> =
            self.station.state().walk_ins().filter(|p| self.person(&p.code).is_none()).cloned().collect();
        for person in new {
            self.add_person(person);
        }
    }

    /// Makes a newly registered person searchable at once.
    fn add_person(&mut self, person: Person) {
        let idx = self.index.insert(&person);
        debug_assert_eq!(idx, self.people.len(), "the index numbers people as they are added");
        self.people.push(person);
    }

    /// Runs `action` through `update`, then every effect it asks for, until nothing is left.
    pub fn dispatch(&mut self, app: &mut App, action: Action) {
        let mut pending = vec![action];
        while let Some(action) = pending.pop() {
            for effect in app::update(app, action, self) {
                pending.push(self.perform(effect));
            }
        }
    }
}

impl Lookup for Desk {
    fn status_today(&self, code: &str) -> AttendanceStatus {
        self.station.state().status(&self.station.venue_today(), code)
    }

    fn exact_code(&self, typed: &str) -> Option<String> {
        self.station.resolve_code(typed).map(str::to_owned)
    }

    fn trailing_code(&self, typed: &str) -> Option<String> {
        self.station.resolve_trailing_code(typed).map(str::to_owned)
    }

    fn delegation_of(&self, code: &str) -> Option<String> {
        self.person(code).map(|p| p.delegation.clone())
    }

    fn delegation_members(&self, delegation: &str) -> Vec<String> {
        // Found by their views, so that only the delegation is decoded, not everyone.
        let mut members: Vec<&Person> = self.people.where_view(|p| p.delegation == delegation).collect();
        members.sort_by(|a, b| {
            let adult_first = |p: &Person| p.category != crate::domain::Category::Chaperone;
            let key = |p: &Person| crate::text::fold::sort_key(&p.full_name());
            (adult_first(a), key(a)).cmp(&(adult_first(b), key(b)))
        });
        members.into_iter().map(|p| p.code.clone()).collect()
    }
}
