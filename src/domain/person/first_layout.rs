//! The first stored layout of a [`Person`]: its fields up to `source`, without the aliases,
//! order, status and birth date that came later. Frozen, for two readers:
//!
//! - a walk-in's person inside a fact (and inside the derived state made from it) is written in
//!   this layout, always: a fact's stored bytes never change meaning, whatever `Person` becomes;
//! - the `people` of a folder written before folder format 4 are in it, and are read through it
//!   once, when the folder is upgraded (`store::upgrade`).
//!
//! bincode is not self-describing: the fields, their order and their wire types must stay as
//! they are here (`tests::the_bytes_are_those_of_the_fields_in_order` pins them).

use std::borrow::Borrow;
use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use super::{Category, Person, PhotoConsent, ResponsibleAdult, Source, Status};

/// A person as laid out up to folder format 3. The serde attributes are those `Person` had then,
/// so a walk-in in an exported fact log (JSON) reads as it did too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "Person")]
pub struct FirstLayout {
    code: String,
    #[serde(default)]
    family: String,
    #[serde(default)]
    given: String,
    #[serde(default)]
    patronymic: String,
    #[serde(default)]
    alt_spelling: String,
    category: Category,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    birth_year: Option<u16>,
    #[serde(default)]
    delegation: String,
    #[serde(default)]
    responsible_adults: Vec<ResponsibleAdult>,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    photo_consent: PhotoConsent,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    sessions: Vec<String>,
    #[serde(default)]
    extra: BTreeMap<String, String>,
    #[serde(default)]
    source: Source,
}

/// A person with something only the later layout can hold, asked to be written in the first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "person {code}: a walk-in is stored without other codes, an order, a status or a birth date, and this one has some"
)]
pub struct DoesNotFit {
    pub code: String,
}

impl TryFrom<&Person> for FirstLayout {
    type Error = DoesNotFit;

    /// Refuses, rather than drops, what the first layout has no place for.
    fn try_from(p: &Person) -> Result<FirstLayout, DoesNotFit> {
        if !fits(p) {
            return Err(DoesNotFit { code: p.code.clone() });
        }
        Ok(FirstLayout {
            code: p.code.clone(),
            family: p.family.clone(),
            given: p.given.clone(),
            patronymic: p.patronymic.clone(),
            alt_spelling: p.alt_spelling.clone(),
            category: p.category,
            organisation: p.organisation.clone(),
            country: p.country.clone(),
            region: p.region.clone(),
            birth_year: p.birth_year,
            delegation: p.delegation.clone(),
            responsible_adults: p.responsible_adults.clone(),
            email: p.email.clone(),
            phone: p.phone.clone(),
            photo_consent: p.photo_consent,
            notes: p.notes.clone(),
            sessions: p.sessions.clone(),
            extra: p.extra.clone(),
            source: p.source,
        })
    }
}

impl From<FirstLayout> for Person {
    fn from(p: FirstLayout) -> Person {
        Person {
            code: p.code,
            family: p.family,
            given: p.given,
            patronymic: p.patronymic,
            alt_spelling: p.alt_spelling,
            category: p.category,
            organisation: p.organisation,
            country: p.country,
            region: p.region,
            birth_year: p.birth_year,
            delegation: p.delegation,
            responsible_adults: p.responsible_adults,
            email: p.email,
            phone: p.phone,
            photo_consent: p.photo_consent,
            notes: p.notes,
            sessions: p.sessions,
            extra: p.extra,
            source: p.source,
            aliases: Vec::new(),
            order: String::new(),
            status: Status::Registered,
            birth_date: None,
        }
    }
}

/// Whether `p` can be written in the first layout without losing anything.
pub fn fits(p: &Person) -> bool {
    p.aliases.is_empty() && p.order.is_empty() && p.status == Status::Registered && p.birth_date.is_none()
}

/// A borrowed person that serialises in the first layout.
struct AsFirstLayout<'a>(&'a Person);

impl Serialize for AsFirstLayout<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FirstLayout::try_from(self.0).map_err(serde::ser::Error::custom)?.serialize(s)
    }
}

/// `#[serde(with)]` for a walk-in's person in its fact.
pub mod walk_in {
    use super::*;

    pub fn serialize<P: Borrow<Person>, S: Serializer>(p: &P, s: S) -> Result<S::Ok, S::Error> {
        AsFirstLayout(p.borrow()).serialize(s)
    }

    pub fn deserialize<'de, P: From<Person>, D: Deserializer<'de>>(d: D) -> Result<P, D::Error> {
        Ok(P::from(FirstLayout::deserialize(d)?.into()))
    }
}

/// `#[serde(with)]` for the walk-ins of one code in the derived state: (fact, person) pairs.
pub mod walk_ins {
    use super::*;

    pub fn serialize<S: Serializer>(all: &[(Uuid, Person)], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(all.iter().map(|(fact, p)| (fact, AsFirstLayout(p))))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(Uuid, Person)>, D::Error> {
        let all = Vec::<(Uuid, FirstLayout)>::deserialize(d)?;
        Ok(all.into_iter().map(|(fact, p)| (fact, p.into())).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Fact, FactKind};
    use crate::store::codec;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn walk_in() -> Person {
        Person {
            code: "W-desk-1-1".into(),
            family: "Смағұлова".into(),
            given: "Айгерім".into(),
            category: Category::Chaperone,
            birth_year: Some(1984),
            delegation: "Алматы-1".into(),
            responsible_adults: vec![ResponsibleAdult {
                name: "Ана".into(), phone: "+7".into(), relation: "".into()
            }],
            sessions: vec!["s1".into()],
            extra: BTreeMap::from([("badge".into(), "VIP".into())]),
            source: Source::WalkIn,
            ..Person::default()
        }
    }

    /// The first layout is its nineteen fields one after another, as bincode writes a tuple of
    /// them: built here without [`FirstLayout`], so a change to it cannot go unnoticed.
    #[test]
    fn the_bytes_are_those_of_the_fields_in_order() {
        let p = walk_in();
        let names = (&p.code, &p.family, &p.given, &p.patronymic, &p.alt_spelling, p.category, &p.organisation);
        let places = (&p.country, &p.region, p.birth_year, &p.delegation, &p.responsible_adults, &p.email);
        let rest = (&p.phone, p.photo_consent, &p.notes, &p.sessions, &p.extra, p.source);
        let by_hand = codec::encode(&(names, places, rest)).unwrap();
        assert_eq!(codec::encode(&FirstLayout::try_from(&p).unwrap()).unwrap(), by_hand);

        // …and so is a walk-in's fact, whatever the later layout of `Person` adds.
        let at = Utc.with_ymd_and_hms(2016, 11, 21, 9, 0, 0).unwrap();
        let fact = Fact {
            id: Uuid::from_u128(7),
            station: "desk-1".into(),
            seq: 1,
            at,
            operator: "op".into(),
            kind: FactKind::WalkedIn { person: Box::new(p.clone()) },
        };
        let walked_in_variant = 3u32;
        let fact_by_hand = codec::encode(&(
            fact.id,
            &fact.station,
            fact.seq,
            at,
            &fact.operator,
            walked_in_variant,
            (names, places, rest),
        ))
        .unwrap();
        assert_eq!(codec::encode(&fact).unwrap(), fact_by_hand);
        assert_eq!(codec::decode::<Fact>(&fact_by_hand).unwrap(), fact);
    }

    #[test]
    fn what_the_first_layout_cannot_hold_is_refused_not_dropped() {
        let fine = walk_in();
        assert!(fits(&fine));
        for late in [
            Person { aliases: vec!["950101300123".into()], ..fine.clone() },
            Person { order: "ORD1".into(), ..fine.clone() },
            Person { status: Status::Cancelled, ..fine.clone() },
            Person { birth_date: NaiveDate::from_ymd_opt(1984, 3, 12), ..fine.clone() },
        ] {
            let kind = FactKind::WalkedIn { person: Box::new(late) };
            let err = codec::encode(&kind).unwrap_err();
            assert!(err.to_string().contains("W-desk-1-1"), "{err}");
        }
        let back: Person = FirstLayout::try_from(&fine).unwrap().into();
        assert_eq!(back, fine);
    }
}
