//! Someone who is not on the list: registered with a code of this station's and checked in,
//! in one durable write.

use super::{Station, note_delegation};
use crate::domain::FactKind;
use crate::domain::person::PersonView;
use crate::domain::person::first_layout::FirstLayout;
use crate::store::StoreError;

impl Station {
    /// The code a walk-in registered now gets: this station's name and the number its next
    /// fact will have, so two stations never give out the same one.
    pub fn walk_in_code(&self) -> String {
        format!("W-{}-{}", self.store.station(), self.store.next_seq())
    }

    /// Registers someone not on the list and checks them in, in one durable write.
    pub fn walk_in(&mut self, person: crate::domain::Person) -> Result<(), StoreError> {
        // Its fact keeps the first layout of a person for good: nothing may be dropped from it.
        if let Err(e) = FirstLayout::try_from(&person) {
            return Err(StoreError::Refused(e.to_string()));
        }
        let code = person.code.clone();
        note_delegation(&mut self.chaperones, &mut self.members, &PersonView::of(&person));
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

    fn forget_chaperone(&mut self, code: &str) {
        for codes in self.chaperones.values_mut() {
            codes.retain(|c| c != code);
        }
    }
}
