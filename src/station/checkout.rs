//! Check-out at the exit, shared by the desk, the on-site screen and `checkin scan --out`: the
//! station resolves the code, asks [`crate::domain::safeguarding`] whether the person may leave
//! with whoever is collecting them, and records the check-out durably.

use std::collections::HashSet;

use super::Station;
use crate::domain::safeguarding::{self, CheckOutRefusal, CheckOutRequest, Collector};
use crate::domain::{Fact, FactKind, Person};
use crate::store::StoreError;

/// How a check-out went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckOut {
    /// Recorded and durable.
    Done(Fact),
    Refused(CheckOutRefusal),
    /// No registrant has this code.
    Unknown,
}

impl Station {
    /// Checks out whoever `typed` resolves to, if the rules allow, durably.
    pub fn check_out(&mut self, typed: &str, request: CheckOutRequest<'_>) -> Result<CheckOut, StoreError> {
        Ok(self.check_out_many(&[(typed, request)])?.remove(0))
    }

    /// Several check-outs with one durable write. A code repeated in the batch is `NotIn` the
    /// second time, exactly as if the codes had come one by one.
    pub fn check_out_many(&mut self, items: &[(&str, CheckOutRequest<'_>)]) -> Result<Vec<CheckOut>, StoreError> {
        self.deciding(|station| station.check_out_many_once(items))
    }

    fn check_out_many_once(&mut self, items: &[(&str, CheckOutRequest<'_>)]) -> Result<Vec<CheckOut>, StoreError> {
        let (today, first_day, venue) = (self.today(), self.event_first_day(), self.venue_today());
        let mut outcomes = Vec::with_capacity(items.len());
        let mut to_record = Vec::new();
        let mut slots = Vec::new();
        let mut leaving: HashSet<String> = HashSet::new();
        for (typed, request) in items {
            let found = match self.resolve_code(typed).map(str::to_owned) {
                Some(code) => self.store.person(&code)?,
                None => None,
            };
            let Some(person) = found else {
                outcomes.push(CheckOut::Unknown);
                continue;
            };
            let person = &person;
            let status = if leaving.contains(&person.code) {
                crate::domain::AttendanceStatus::NotYet
            } else {
                self.store.state().status(&venue, &person.code)
            };
            let authorised = self.authorised_for(person, first_day)?;
            let left = self.children_left_by(person, first_day, &leaving)?;
            let left: Vec<&str> = left.iter().map(String::as_str).collect();
            let decided = safeguarding::decide_check_out(person.is_minor(first_day), &status, &authorised, *request)
                .and_then(|release| match safeguarding::decide_last_adult(&left, request.override_reason)? {
                    Some(note) => Ok(safeguarding::Release { note: Some(note), ..release }),
                    None => Ok(release),
                });
            match decided {
                Err(refusal) => outcomes.push(CheckOut::Refused(refusal)),
                Ok(release) => {
                    leaving.insert(person.code.clone());
                    slots.push(outcomes.len());
                    outcomes.push(CheckOut::Unknown); // replaced by the fact below
                    to_record.push(FactKind::CheckedOut {
                        code: person.code.clone(),
                        day: today,
                        collected_by: release.collected_by,
                        note: release.note,
                    });
                }
            }
        }
        if !to_record.is_empty() {
            let now = self.now();
            let facts = self.store.record_decided(now, &self.operator, to_record)?;
            for (slot, fact) in slots.into_iter().zip(facts) {
                outcomes[slot] = CheckOut::Done(fact);
            }
        }
        Ok(outcomes)
    }
}

impl Station {
    /// Whether `child`, a minor, has none of their delegation's chaperones on site (see
    /// [`safeguarding::without_adult`]); false for a child with no registered chaperone.
    pub fn without_adult(&self, child: &Person) -> bool {
        let venue = self.venue_today();
        let adults: Vec<&str> =
            self.chaperones.get(&child.delegation).into_iter().flatten().map(String::as_str).collect();
        child.is_minor(self.event_first_day())
            && safeguarding::without_adult(&adults, |c| {
                matches!(self.store.state().status(&venue, c), crate::domain::AttendanceStatus::In { .. })
            })
    }

    /// The children on site whom `person` (a chaperone) would leave with no adult of theirs on
    /// site, with `leaving` (earlier in the same batch) gone too.
    fn children_left_by(
        &self,
        person: &Person,
        first_day: chrono::NaiveDate,
        leaving: &HashSet<String>,
    ) -> Result<Vec<String>, StoreError> {
        if person.category != crate::domain::Category::Chaperone || person.is_minor(first_day) {
            return Ok(Vec::new());
        }
        let venue = self.venue_today();
        let on_site = |c: &str| {
            !leaving.contains(c)
                && matches!(self.store.state().status(&venue, c), crate::domain::AttendanceStatus::In { .. })
        };
        let adults: Vec<&str> =
            self.chaperones.get(&person.delegation).into_iter().flatten().map(String::as_str).collect();
        let mut wards = Vec::new();
        for child in self.members.get(&person.delegation).into_iter().flatten().filter(|c| on_site(c)) {
            if self.store.person(child)?.is_some_and(|p| p.is_minor(first_day)) {
                wards.push(safeguarding::Ward { child, adults: adults.clone() });
            }
        }
        Ok(safeguarding::left_without_adult(&wards, &person.code, on_site).into_iter().map(str::to_owned).collect())
    }

    /// Who may collect `person`: only minors have authorised collectors to look up, among their
    /// responsible adults and their delegation's chaperones.
    fn authorised_for(&self, person: &Person, first_day: chrono::NaiveDate) -> Result<Vec<Collector>, StoreError> {
        if !person.is_minor(first_day) {
            return Ok(Vec::new());
        }
        let mut chaperones = Vec::new();
        for code in self.chaperones.get(&person.delegation).into_iter().flatten() {
            chaperones.extend(self.store.person(code)?);
        }
        Ok(safeguarding::authorised_collectors(person, &chaperones))
    }
}
