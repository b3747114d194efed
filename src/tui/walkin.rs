//! Registering someone who is not on the list: a short form whose result is a walk-in fact
//! (plus their check-in), with a code that carries the station so no two desks can collide.

use crate::domain::{Category, Person, ResponsibleAdult, Source};
use crate::i18n::T;
use crate::text::sanitize::sanitize;

/// The form's fields, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Family,
    Given,
    Patronymic,
    Category,
    Country,
    Organisation,
    Phone,
    /// For a minor: who is responsible, and their phone.
    AdultName,
    AdultPhone,
}

pub const INPUTS: [Input; 9] = [
    Input::Family,
    Input::Given,
    Input::Patronymic,
    Input::Category,
    Input::Country,
    Input::Organisation,
    Input::Phone,
    Input::AdultName,
    Input::AdultPhone,
];

/// Longest text the form takes in a field: names and phones are short.
const MAX_INPUT_CHARS: usize = 120;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkInForm {
    pub values: [String; INPUTS.len()],
    pub category: Category,
    pub focus: usize,
    /// Why the last Enter did not register anyone.
    pub problem: Option<T>,
}

impl Default for WalkInForm {
    fn default() -> Self {
        let mut values: [String; INPUTS.len()] = Default::default();
        values[index(Input::Country)] = "KZ".into();
        WalkInForm { values, category: Category::Other, focus: 0, problem: None }
    }
}

fn index(input: Input) -> usize {
    INPUTS.iter().position(|i| *i == input).unwrap_or(0)
}

impl WalkInForm {
    pub fn value(&self, input: Input) -> &str {
        &self.values[index(input)]
    }

    pub fn focused(&self) -> Input {
        INPUTS[self.focus]
    }

    pub fn type_char(&mut self, c: char) {
        if self.focused() == Input::Category || c.is_control() {
            return;
        }
        let v = &mut self.values[self.focus];
        if v.chars().count() < MAX_INPUT_CHARS {
            v.push(c);
        }
    }

    pub fn backspace(&mut self) {
        self.values[self.focus].pop();
    }

    pub fn move_focus(&mut self, delta: isize) {
        let n = INPUTS.len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
    }

    /// ←/→ on the category row.
    pub fn cycle_category(&mut self, delta: isize) {
        let all = Category::ALL;
        let at = all.iter().position(|c| *c == self.category).unwrap_or(0) as isize;
        self.category = all[(at + delta).rem_euclid(all.len() as isize) as usize];
    }

    /// The person this form describes, under `code`; or what is missing.
    pub fn person(&self, code: String) -> Result<Person, T> {
        let clean = |input| sanitize(self.value(input));
        let (family, given) = (clean(Input::Family), clean(Input::Given));
        if family.is_empty() && given.is_empty() {
            return Err(T::WalkInNeedsName);
        }
        let mut responsible_adults = Vec::new();
        if self.category == Category::Child {
            let (name, phone) = (clean(Input::AdultName), clean(Input::AdultPhone));
            if name.is_empty() || phone.is_empty() {
                return Err(T::WalkInNeedsAdult);
            }
            responsible_adults.push(ResponsibleAdult { name, phone, relation: String::new() });
        }
        let country = clean(Input::Country).to_uppercase();
        if !(country.is_empty() || country.len() == 2 && country.chars().all(|c| c.is_ascii_alphabetic())) {
            return Err(T::WalkInCountry);
        }
        Ok(Person {
            code,
            family,
            given,
            patronymic: clean(Input::Patronymic),
            category: self.category,
            organisation: clean(Input::Organisation),
            country,
            phone: clean(Input::Phone),
            responsible_adults,
            source: Source::WalkIn,
            ..Person::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_needs_a_responsible_adult() {
        let mut form = WalkInForm::default();
        for c in "Омаров".chars() {
            form.type_char(c);
        }
        form.focus = index(Input::Category);
        while form.category != Category::Child {
            form.cycle_category(1);
        }
        assert_eq!(form.person("W-1".into()), Err(T::WalkInNeedsAdult));
        form.values[index(Input::AdultName)] = "Омарова Сәуле".into();
        form.values[index(Input::AdultPhone)] = "+7 701 000 0000".into();
        let p = form.person("W-1".into()).unwrap();
        assert_eq!((p.family.as_str(), p.country.as_str(), p.source), ("Омаров", "KZ", Source::WalkIn));
        assert_eq!(p.responsible_adults.len(), 1);
    }

    #[test]
    fn names_are_required_and_cleaned() {
        let mut form = WalkInForm::default();
        assert_eq!(form.person("W-1".into()), Err(T::WalkInNeedsName));
        form.values[0] = "Ли\u{1b}[2J".into();
        assert_eq!(form.person("W-1".into()).unwrap().family, "Ли");
        form.values[index(Input::Country)] = "Kazakhstan".into();
        assert_eq!(form.person("W-1".into()), Err(T::WalkInCountry));
    }
}
