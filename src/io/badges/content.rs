//! What a badge says about a person, and what it never says.
//!
//! A badge hangs round a neck all day in front of strangers, many of them children's: it carries
//! the name, category, delegation or country, the code for the scanners and the safeguarding
//! marks — never a phone number, an e-mail, notes, a birth date, the responsible adults or the
//! organisation's internal fields.

use crate::domain::Person;
use crate::i18n::{Lang, T};
use crate::text::passport::passport_latin;

/// Everything printed on one badge, already in the interface language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    pub event: String,
    /// The family name as stored (the first line of the name).
    pub family: String,
    /// Given name and patronymic as stored (the second line).
    pub given: String,
    /// The name in the other script: the stored one, else the passport Latin of a Cyrillic name.
    pub second_spelling: String,
    /// In capitals, as a badge shows it.
    pub category: String,
    /// The delegation, else the country's name.
    pub affiliation: String,
    /// Exactly what the scanner types: the QR code holds it, and it is printed under it.
    pub code: String,
    pub minor: bool,
    pub no_photos: bool,
    /// The marks' words in the interface language.
    pub minor_mark: &'static str,
    pub no_photos_mark: &'static str,
}

/// What every badge of a run shares.
#[derive(Debug, Clone)]
pub struct Occasion {
    pub event: String,
    pub lang: Lang,
    /// The event's first day, on which minors are under 18 (for the minor mark).
    pub first_day: chrono::NaiveDate,
}

impl Badge {
    pub fn of(person: &Person, occasion: &Occasion) -> Badge {
        let lang = occasion.lang;
        let given = [person.given.trim(), person.patronymic.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let affiliation = if person.delegation.trim().is_empty() {
            crate::io::import::country_name(&person.country, lang.code())
                .map_or_else(|| person.country.trim().to_owned(), str::to_owned)
        } else {
            person.delegation.trim().to_owned()
        };
        Badge {
            event: occasion.event.clone(),
            family: person.family.trim().to_owned(),
            given,
            second_spelling: second_spelling(person),
            category: T::category(person.category).get(lang).to_uppercase(),
            affiliation,
            code: person.code.clone(),
            minor: person.is_minor(occasion.first_day),
            no_photos: person.no_photos(occasion.first_day),
            minor_mark: T::MarkMinor.get(lang),
            no_photos_mark: T::NoPhotos.get(lang),
        }
    }

    /// The name as stored, on one line: what a reader of the text layer sees.
    pub fn name(&self) -> String {
        [self.family.as_str(), self.given.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
    }
}

/// The stored other-script spelling; for a Cyrillic name without one, its passport Latin (the
/// transliteration the sample registrants carry too). Latin names get no invented Cyrillic.
fn second_spelling(person: &Person) -> String {
    let stored = person.alt_spelling.trim();
    if !stored.is_empty() {
        return stored.to_owned();
    }
    let name = person.full_name();
    if !name.chars().any(is_cyrillic) {
        return String::new();
    }
    // Kazakh letters mean Kazakh rules (Қасымов → Kassymov); otherwise Russian (Васильев).
    let kazakh = name.chars().any(|c| "әғқңөұүһіӘҒҚҢӨҰҮҺІ".contains(c));
    passport_latin(&name, kazakh)
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Category, PhotoConsent, ResponsibleAdult};

    fn occasion(lang: Lang) -> Occasion {
        Occasion {
            event: "Балаға мейірімді Қазақстан".into(),
            lang,
            first_day: chrono::NaiveDate::from_ymd_opt(2016, 11, 21).unwrap(),
        }
    }

    fn child() -> Person {
        Person {
            code: "KZ-000017".into(),
            family: "Тоқаева".into(),
            given: "Гаухар".into(),
            patronymic: "Мұратқызы".into(),
            category: Category::Child,
            country: "KZ".into(),
            birth_year: Some(2005),
            phone: "+7 701 000 00 00".into(),
            email: "g@example.kz".into(),
            notes: "allergic to nuts".into(),
            organisation: "School 12".into(),
            responsible_adults: vec![ResponsibleAdult {
                name: "Тоқаев Мұрат".into(),
                phone: "+7 702 111 11 11".into(),
                relation: "father".into(),
            }],
            ..Person::default()
        }
    }

    #[test]
    fn a_cyrillic_name_without_a_stored_latin_one_gets_its_passport_spelling() {
        let badge = Badge::of(&child(), &occasion(Lang::En));
        assert_eq!(badge.name(), "Тоқаева Гаухар Мұратқызы");
        assert_eq!(badge.second_spelling, "Tokayeva Gaukhar Muratkyzy");
        assert_eq!(badge.affiliation, "Kazakhstan");
        assert_eq!(badge.category, "CHILD");
        assert!(badge.minor && badge.no_photos);
    }

    #[test]
    fn the_stored_spelling_wins_and_a_latin_name_gets_no_invented_cyrillic() {
        let mut p = child();
        p.alt_spelling = "TOKAYEVA GAUHAR".into();
        assert_eq!(Badge::of(&p, &occasion(Lang::En)).second_spelling, "TOKAYEVA GAUHAR");
        let latin = Person { family: "Gelashvili".into(), given: "Nino".into(), ..Person::default() };
        assert_eq!(Badge::of(&latin, &occasion(Lang::En)).second_spelling, "");
    }

    #[test]
    fn category_and_country_in_the_interface_language_and_the_delegation_first() {
        let badge = Badge::of(&child(), &occasion(Lang::Kk));
        assert_eq!((badge.category.as_str(), badge.affiliation.as_str()), ("БАЛА", "Қазақстан"));
        let mut p = child();
        p.delegation = "Ақмола облысы".into();
        assert_eq!(Badge::of(&p, &occasion(Lang::Ru)).affiliation, "Ақмола облысы");
    }

    #[test]
    fn an_adult_who_consented_has_no_marks() {
        let mut p = child();
        p.category = Category::Ngo;
        p.birth_year = Some(1980);
        p.photo_consent = PhotoConsent::Yes;
        let badge = Badge::of(&p, &occasion(Lang::En));
        assert!(!badge.minor && !badge.no_photos);
    }

    #[test]
    fn nothing_private_reaches_a_badge() {
        let badge = format!("{:?}", Badge::of(&child(), &occasion(Lang::En)));
        for private in ["+7 70", "example.kz", "nuts", "2005", "Тоқаев Мұрат", "father", "School 12"] {
            assert!(!badge.contains(private), "{private} is on the badge: {badge}");
        }
    }
}
