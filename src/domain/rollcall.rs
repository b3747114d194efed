//! The roll-call: everyone on site now, grouped by delegation, each group with its chaperones and
//! their phones. [`RollCall::build`] is a pure view of the people and the derived state, shared by
//! the on-site screen, `checkin export onsite` and the printable page; the station's
//! `write_roll_call` is the one use case that writes it to a file.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};

use super::safeguarding;
use super::{AttendanceStatus, Category, EntryPoint, Person, State};

/// A delegation's chaperone: whom to call about its children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chaperone {
    pub code: String,
    pub name: String,
    pub phone: String,
    pub on_site: bool,
}

/// Someone on site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Present<'a> {
    pub person: &'a Person,
    pub minor: bool,
    pub since: DateTime<Utc>,
    pub station: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group<'a> {
    /// Empty for people who came on their own.
    pub delegation: String,
    pub chaperones: Vec<Chaperone>,
    /// Chaperones first, then by name.
    pub members: Vec<Present<'a>>,
    /// Everyone registered in the delegation, on site or not (0 without a delegation), so a
    /// chaperone sees at once how many of theirs are not here.
    pub registered: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RollCall<'a> {
    /// Delegations in alphabetical order, then the people without one.
    pub groups: Vec<Group<'a>>,
}

impl<'a> RollCall<'a> {
    /// `people`: everyone, as a slice or as the desk's [`crate::store::People`].
    pub fn build<P>(people: P, state: &State, day: NaiveDate, first_day: NaiveDate) -> RollCall<'a>
    where
        P: IntoIterator<Item = &'a Person> + Copy,
    {
        let venue = EntryPoint::Venue(day);
        let on_site: HashSet<String> = safeguarding::on_site(state, day).into_iter().collect();
        let mut groups: std::collections::BTreeMap<(bool, &str), Group<'a>> = Default::default();
        for p in people.into_iter().filter(|p| on_site.contains(p.code.as_str())) {
            let AttendanceStatus::In { since, station, .. } = state.status(&venue, &p.code) else { continue };
            let delegation = p.delegation.trim();
            let group = groups.entry((delegation.is_empty(), delegation)).or_insert_with(|| Group {
                delegation: delegation.to_owned(),
                chaperones: chaperones(people, delegation, &on_site),
                members: Vec::new(),
                registered: if delegation.is_empty() {
                    0
                } else {
                    people.into_iter().filter(|q| q.delegation.trim() == delegation).count()
                },
            });
            group.members.push(Present { person: p, minor: p.is_minor(first_day), since, station });
        }
        let mut groups: Vec<Group<'a>> = groups.into_values().collect();
        for g in &mut groups {
            g.members.sort_by_cached_key(|m| {
                (m.person.category != Category::Chaperone, crate::text::fold::sort_key(&m.person.full_name()))
            });
        }
        RollCall { groups }
    }

    pub fn len(&self) -> usize {
        self.groups.iter().map(|g| g.members.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    pub fn minors(&self) -> usize {
        self.groups.iter().flat_map(|g| &g.members).filter(|m| m.minor).count()
    }

    /// Children on site none of whose delegation's chaperones is on site (see
    /// [`safeguarding::without_adult`]), in roll-call order.
    pub fn without_adult(&self) -> Vec<&Present<'a>> {
        self.groups.iter().filter(|g| g.without_adult()).flat_map(|g| g.members.iter().filter(|m| m.minor)).collect()
    }
}

impl Group<'_> {
    /// Whether this delegation's children on site have none of its chaperones on site.
    pub fn without_adult(&self) -> bool {
        let adults: Vec<&str> = self.chaperones.iter().map(|c| c.code.as_str()).collect();
        let here: HashSet<&str> = self.chaperones.iter().filter(|c| c.on_site).map(|c| c.code.as_str()).collect();
        safeguarding::without_adult(&adults, |c| here.contains(c))
    }
}

fn chaperones<'a>(
    people: impl IntoIterator<Item = &'a Person>,
    delegation: &str,
    on_site: &HashSet<String>,
) -> Vec<Chaperone> {
    if delegation.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<Chaperone> = people
        .into_iter()
        .filter(|p| p.category == Category::Chaperone && p.delegation.trim() == delegation)
        .map(|p| Chaperone {
            code: p.code.clone(),
            name: p.full_name(),
            phone: p.phone.clone(),
            on_site: on_site.contains(p.code.as_str()),
        })
        .collect();
    out.sort_by_cached_key(|c| crate::text::fold::sort_key(&c.name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Fact, FactKind};
    use chrono::TimeZone;
    use uuid::Uuid;

    #[test]
    fn groups_by_delegation_with_chaperones_and_leaves_out_who_left() {
        let day = NaiveDate::from_ymd_opt(2016, 11, 21).unwrap();
        let p = |code: &str, family: &str, category, delegation: &str| Person {
            code: code.into(),
            family: family.into(),
            category,
            delegation: delegation.into(),
            phone: format!("+7 {code}"),
            ..Person::default()
        };
        let people = vec![
            p("1", "Омарова", Category::Child, "Ақтөбе — 1"),
            p("2", "Тоқаева", Category::Chaperone, "Ақтөбе — 1"),
            p("3", "Ким", Category::Chaperone, "Ақтөбе — 1"),
            p("4", "Müller", Category::Ngo, ""),
            p("5", "Ли", Category::Child, "Атырау — 2"),
        ];
        let t = Utc.with_ymd_and_hms(2016, 11, 21, 3, 0, 0).unwrap();
        let mut facts: Vec<Fact> = ["1", "2", "4", "5"]
            .iter()
            .enumerate()
            .map(|(i, code)| Fact {
                id: Uuid::from_u128(i as u128 + 1),
                station: "desk-1".into(),
                seq: i as u64 + 1,
                at: t,
                operator: "op".into(),
                kind: FactKind::CheckedIn { code: (*code).into(), entry: EntryPoint::Venue(day), note: None },
            })
            .collect();
        facts.push(Fact {
            id: Uuid::from_u128(9),
            station: "exit".into(),
            seq: 9,
            at: t + chrono::Duration::hours(1),
            operator: "op".into(),
            kind: FactKind::CheckedOut { code: "5".into(), day, collected_by: Some("Ли".into()), note: None },
        });
        let state = State::replay(&facts);
        let roll = RollCall::build(&people, &state, day, day);
        assert_eq!((roll.len(), roll.minors()), (3, 1));
        let names: Vec<(&str, Vec<&str>)> = roll
            .groups
            .iter()
            .map(|g| (g.delegation.as_str(), g.members.iter().map(|m| m.person.code.as_str()).collect()))
            .collect();
        assert_eq!(names, [("Ақтөбе — 1", vec!["2", "1"]), ("", vec!["4"])], "the checked-out child is gone");
        assert_eq!((roll.groups[0].registered, roll.groups[1].registered), (3, 0));
        let chaperones: Vec<(&str, bool)> =
            roll.groups[0].chaperones.iter().map(|c| (c.name.as_str(), c.on_site)).collect();
        assert_eq!(chaperones, [("Ким", false), ("Тоқаева", true)], "every chaperone with a phone, on site or not");
        assert!(roll.without_adult().is_empty(), "Тоқаева is here for Омарова");

        // Тоқаева leaves: Омарова is on site with no adult of hers.
        facts.push(Fact {
            id: Uuid::from_u128(10),
            station: "exit".into(),
            seq: 10,
            at: t + chrono::Duration::hours(2),
            operator: "op".into(),
            kind: FactKind::CheckedOut { code: "2".into(), day, collected_by: None, note: None },
        });
        let state = State::replay(&facts);
        let roll = RollCall::build(&people, &state, day, day);
        let alone: Vec<&str> = roll.without_adult().iter().map(|m| m.person.code.as_str()).collect();
        assert_eq!(alone, ["1"]);
    }
}
