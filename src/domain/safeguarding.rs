//! Safeguarding rules: who is on site now, and to whom a person may be checked out.
//!
//! - **On site** on a day = checked in at the venue and not checked out since (annulled facts do
//!   not count). It reads the derived [`State`], so it is as order-independent as the state is.
//! - **Check-out**: an adult leaves on their own. A minor leaves only with an *authorised adult* —
//!   one of their responsible adults, or a chaperone of their delegation (a person of category
//!   Chaperone with the same delegation) — whose name or badge code the volunteer gives after
//!   checking their ID. Anyone else is refused, unless an organiser overrides with a reason; the
//!   reason goes into the check-out fact's note and the collector's name into `collected_by`.
//! - A checked-out person can come back in: that is a new check-in (see
//!   [`State::check_in_decision`]).
//!
//! - **No child without an adult**: the adults the station sees arrive and leave for a child are
//!   the chaperones of their delegation (registrants; a parent named on the child's form is not
//!   a registrant, so nobody can tell whether they are here). A child on site none of whose
//!   chaperones is on site is flagged ([`without_adult`]); checking out the *last* chaperone on
//!   site of children who stay is an override ([`left_without_adult`], [`LAST_ADULT_NOTE`]).
//!
//! Names are compared by the search engine's folding (case, script, spelling and extra spaces do
//! not matter) and as a set of words (the order does not matter); a shortened name counts only
//! with at least two of the authorised name's words (family and given), never one word alone.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

use super::derived::AttendanceStatus;
use super::{Category, EntryPoint, Person, State};
use crate::text::fold::fold;

/// Codes of everyone on site at the venue on `day`, in code order.
pub fn on_site(state: &State, day: NaiveDate) -> Vec<String> {
    let entry = EntryPoint::Venue(day);
    state.attendance_at(&entry).filter(|(_, a)| a.is_in()).map(|(code, _)| code.to_owned()).collect()
}

/// An adult a minor may be released to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Collector {
    pub name: String,
    pub phone: String,
    /// "mother", "chaperone", … as registered.
    pub relation: String,
    /// The collector's own registration code, when they are a registrant (a chaperone).
    pub code: Option<String>,
}

/// The adults `child` may be released to: their responsible adults first, then the chaperones of
/// their delegation. One entry per person (a chaperone listed as responsible adult appears once,
/// with their code).
pub fn authorised_collectors(child: &Person, people: &[Person]) -> Vec<Collector> {
    let mut out: Vec<Collector> = child
        .responsible_adults
        .iter()
        .filter(|a| !a.name.trim().is_empty())
        .map(|a| Collector { name: a.name.clone(), phone: a.phone.clone(), relation: a.relation.clone(), code: None })
        .collect();
    if !child.delegation.trim().is_empty() {
        let chaperones = people
            .iter()
            .filter(|p| p.category == Category::Chaperone && p.delegation == child.delegation && p.code != child.code);
        for p in chaperones {
            let name = p.full_name();
            match out.iter_mut().find(|c| same_name(&c.name, &name)) {
                Some(known) => {
                    known.code = Some(p.code.clone());
                    if known.phone.is_empty() {
                        known.phone = p.phone.clone();
                    }
                }
                None => out.push(Collector {
                    name,
                    phone: p.phone.clone(),
                    relation: Category::Chaperone.key().to_owned(),
                    code: Some(p.code.clone()),
                }),
            }
        }
    }
    out
}

/// How a check-out was asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CheckOutRequest<'a> {
    /// Who is collecting: a name or a badge code, as typed or picked.
    pub collected_by: Option<&'a str>,
    /// An organiser's reason for releasing a minor to someone not authorised.
    pub override_reason: Option<&'a str>,
}

/// What a permitted check-out records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub collected_by: Option<String>,
    pub note: Option<String>,
}

/// Why a check-out is not recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum CheckOutRefusal {
    /// Not checked in at the venue today (never came, or already left).
    NotIn,
    /// A minor, and nobody was named as collecting them.
    NeedsCollector { authorised: Vec<Collector> },
    /// A minor, and the named adult is not authorised (and no organiser override was given).
    NotAuthorised { named: String, authorised: Vec<Collector> },
    /// An adult who is the last one on site of these children (codes), who stay: they may leave
    /// only with an override and its reason.
    LastAdult { children: Vec<String> },
}

/// Prefix of the note of a check-out an organiser allowed against the rule.
pub const OVERRIDE_NOTE: &str = "organiser override: ";

/// Prefix of the note of a check-out that left children on site without an adult (see
/// [`left_without_adult`]), before the reason given for it.
pub const LAST_ADULT_NOTE: &str = "children left without an adult: ";

/// A child and the registrants who may collect them (their delegation's chaperones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ward<'a> {
    pub child: &'a str,
    pub adults: Vec<&'a str>,
}

/// Whether a child on site has none of their `adults` on site. A child with no registered adult
/// is not judged: the station cannot see their parents arrive.
pub fn without_adult(adults: &[&str], on_site: impl Fn(&str) -> bool) -> bool {
    !adults.is_empty() && !adults.iter().any(|a| on_site(a))
}

/// The children on site whom `leaving`, an adult on site now, leaves with no adult on site: one
/// of their adults is `leaving`, and none of the others is here. A child who had no adult on site
/// before is not counted (this check-out changes nothing for them); nor is one leaving too.
pub fn left_without_adult<'a>(wards: &[Ward<'a>], leaving: &str, on_site: impl Fn(&str) -> bool) -> Vec<&'a str> {
    if !on_site(leaving) {
        return Vec::new();
    }
    wards
        .iter()
        .filter(|w| w.child != leaving && on_site(w.child) && w.adults.contains(&leaving))
        .filter(|w| !w.adults.iter().any(|a| *a != leaving && on_site(a)))
        .map(|w| w.child)
        .collect()
}

/// Whether an adult may leave children `left` (from [`left_without_adult`]) on site with no
/// adult: only with an override's reason, which becomes the check-out's note.
pub fn decide_last_adult(left: &[&str], override_reason: Option<&str>) -> Result<Option<String>, CheckOutRefusal> {
    if left.is_empty() {
        return Ok(None);
    }
    match override_reason.map(crate::text::sanitize::sanitize).filter(|r| !r.trim().is_empty()) {
        Some(reason) => Ok(Some(format!("{LAST_ADULT_NOTE}{}", reason.trim()))),
        None => Err(CheckOutRefusal::LastAdult { children: left.iter().map(|c| (*c).to_owned()).collect() }),
    }
}

/// Whether a check-out's note records leaving children without an adult, with a reason.
pub fn leaves_children_rightly(note: Option<&str>) -> bool {
    note.and_then(|n| n.strip_prefix(LAST_ADULT_NOTE)).is_some_and(|reason| !reason.trim().is_empty())
}

/// Decides a check-out of someone (`minor` as the event's year makes them) who is `status` at
/// the venue today, with `authorised` as from [`authorised_collectors`].
pub fn decide_check_out(
    minor: bool,
    status: &AttendanceStatus,
    authorised: &[Collector],
    request: CheckOutRequest<'_>,
) -> Result<Release, CheckOutRefusal> {
    if !matches!(status, AttendanceStatus::In { .. }) {
        return Err(CheckOutRefusal::NotIn);
    }
    let named = request.collected_by.map(crate::text::sanitize::sanitize).filter(|n| !n.trim().is_empty());
    if !minor {
        return Ok(Release { collected_by: named, note: None });
    }
    let Some(named) = named else {
        return Err(CheckOutRefusal::NeedsCollector { authorised: authorised.to_vec() });
    };
    if let Some(c) = authorised.iter().find(|c| collector_matches(c, &named)) {
        return Ok(Release { collected_by: Some(c.name.clone()), note: None });
    }
    match request.override_reason.map(crate::text::sanitize::sanitize).filter(|r| !r.trim().is_empty()) {
        Some(reason) => {
            Ok(Release { collected_by: Some(named), note: Some(format!("{OVERRIDE_NOTE}{}", reason.trim())) })
        }
        None => Err(CheckOutRefusal::NotAuthorised { named, authorised: authorised.to_vec() }),
    }
}

/// Is `typed` (a name or a badge code) this collector?
pub fn collector_matches(c: &Collector, typed: &str) -> bool {
    let code_key = |s: &str| s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect::<String>();
    if c.code.as_deref().is_some_and(|code| code_key(code) == code_key(typed)) {
        return true;
    }
    let wanted = words(&c.name);
    let given = words(typed);
    if given.is_empty() || !given.is_subset(&wanted) {
        return false;
    }
    given.len() >= 2 || given.len() == wanted.len()
}

fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (words(a), words(b));
    !a.is_empty() && a == b
}

fn words(name: &str) -> BTreeSet<String> {
    fold(name).split_whitespace().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Fact, FactKind, ResponsibleAdult};
    use chrono::{DateTime, Duration, TimeZone, Utc};
    use proptest::prelude::*;
    use uuid::Uuid;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2016, 11, 21).unwrap()
    }

    fn person(code: &str, family: &str, given: &str, category: Category, delegation: &str) -> Person {
        Person {
            code: code.into(),
            family: family.into(),
            given: given.into(),
            category,
            delegation: delegation.into(),
            ..Person::default()
        }
    }

    fn people() -> Vec<Person> {
        let mut child = person("KZ-1", "Омарова", "Асель", Category::Child, "Ақтөбе облысы — 1");
        child.responsible_adults =
            vec![ResponsibleAdult {
                name: "Омаров Ерлан".into(), phone: "+7 701 1".into(), relation: "father".into()
            }];
        let mut chaperone = person("KZ-2", "Тоқаева", "Гаухар", Category::Chaperone, "Ақтөбе облысы — 1");
        chaperone.patronymic = "Мұратқызы".into();
        chaperone.phone = "+7 747 2".into();
        vec![
            child,
            chaperone,
            person("KZ-3", "Ким", "Ли", Category::Chaperone, "Атырау облысы — 1"),
            person("KZ-4", "Müller", "Jürgen", Category::InternationalOrg, ""),
        ]
    }

    fn inside() -> AttendanceStatus {
        AttendanceStatus::In { since: Utc::now(), station: "desk-1".into(), fact: Uuid::nil() }
    }

    fn ask<'a>(collected_by: Option<&'a str>, override_reason: Option<&'a str>) -> CheckOutRequest<'a> {
        CheckOutRequest { collected_by, override_reason }
    }

    #[test]
    fn a_minor_may_go_with_a_responsible_adult_or_the_delegations_chaperone_only() {
        let people = people();
        let authorised = authorised_collectors(&people[0], &people);
        let names: Vec<&str> = authorised.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Омаров Ерлан", "Тоқаева Гаухар Мұратқызы"], "not the other delegation's chaperone");
        assert_eq!(authorised[1].code.as_deref(), Some("KZ-2"));

        let decide = |r| decide_check_out(true, &inside(), &authorised, r);
        assert_eq!(
            decide(ask(Some("  токаева   ГАУХАР "), None)),
            Ok(Release { collected_by: Some("Тоқаева Гаухар Мұратқызы".into()), note: None }),
            "case, spaces, Russian spelling and a missing patronymic do not matter"
        );
        assert!(decide(ask(Some("Tokayeva Gaukhar"), None)).is_ok(), "Latin passport spelling");
        assert!(decide(ask(Some("kz-2"), None)).is_ok(), "the chaperone's badge code");
        assert!(decide(ask(Some("Ерлан Омаров"), None)).is_ok(), "word order does not matter");
        assert!(
            matches!(decide(ask(Some("Гаухар"), None)), Err(CheckOutRefusal::NotAuthorised { .. })),
            "one word is not enough"
        );
        assert!(
            matches!(decide(ask(Some("Ким Ли"), None)), Err(CheckOutRefusal::NotAuthorised { named, .. }) if named == "Ким Ли")
        );
        assert!(
            matches!(decide(ask(None, None)), Err(CheckOutRefusal::NeedsCollector { authorised }) if authorised.len() == 2)
        );
        assert!(
            matches!(decide(ask(Some("Ким Ли"), Some("   "))), Err(CheckOutRefusal::NotAuthorised { .. })),
            "a blank reason is no reason"
        );
        assert_eq!(
            decide(ask(Some("Ким Ли"), Some("mother's call, ID checked"))),
            Ok(Release {
                collected_by: Some("Ким Ли".into()),
                note: Some("organiser override: mother's call, ID checked".into())
            })
        );
    }

    #[test]
    fn an_adult_leaves_with_one_key_and_nobody_leaves_twice() {
        assert_eq!(
            decide_check_out(false, &inside(), &[], ask(None, None)),
            Ok(Release { collected_by: None, note: None })
        );
        let out = AttendanceStatus::Out { at: Utc::now(), collected_by: None };
        assert_eq!(decide_check_out(false, &out, &[], ask(None, None)), Err(CheckOutRefusal::NotIn));
        assert_eq!(
            decide_check_out(false, &AttendanceStatus::NotYet, &[], ask(None, None)),
            Err(CheckOutRefusal::NotIn)
        );
    }

    #[test]
    fn a_chaperone_who_is_also_the_responsible_adult_appears_once() {
        let mut people = people();
        people[0].responsible_adults.push(ResponsibleAdult {
            name: "ТОҚАЕВА Гаухар Мұратқызы".into(),
            phone: String::new(),
            relation: "chaperone".into(),
        });
        let authorised = authorised_collectors(&people[0], &people);
        assert_eq!(authorised.len(), 2);
        assert_eq!((authorised[1].code.as_deref(), authorised[1].phone.as_str()), (Some("KZ-2"), "+7 747 2"));
    }

    #[test]
    fn the_last_chaperone_on_site_leaves_only_with_a_reason() {
        let wards = [
            Ward { child: "C1", adults: vec!["A1", "A2"] },
            Ward { child: "C2", adults: vec!["A1", "A2"] },
            Ward { child: "C3", adults: vec!["A1", "A2"] },
            Ward { child: "C4", adults: vec!["B1"] },
        ];
        let here = |set: &'static [&'static str]| move |c: &str| set.contains(&c);
        // Both chaperones here: the first may go, nobody is left alone.
        assert!(left_without_adult(&wards, "A1", here(&["A1", "A2", "C1", "C2"])).is_empty());
        // The second one: the two children on site are left; C3 is not here, C4 not theirs.
        let left = left_without_adult(&wards, "A2", here(&["A2", "C1", "C2", "C4", "B1"]));
        assert_eq!(left, ["C1", "C2"]);
        assert_eq!(
            decide_last_adult(&left, None),
            Err(CheckOutRefusal::LastAdult { children: vec!["C1".into(), "C2".into()] })
        );
        assert!(decide_last_adult(&left, Some("  ")).is_err(), "a blank reason is no reason");
        let note = decide_last_adult(&left, Some("bus leaves with the driver")).unwrap();
        assert_eq!(note.as_deref(), Some("children left without an adult: bus leaves with the driver"));
        assert!(leaves_children_rightly(note.as_deref()));
        assert!(!leaves_children_rightly(Some("organiser override: x")));
        // A chaperone who is not on site leaves nobody (there is no check-out to make anyway).
        assert!(left_without_adult(&wards, "A2", here(&["C1"])).is_empty());
        assert_eq!(decide_last_adult(&[], None), Ok(None));
    }

    #[test]
    fn a_child_is_flagged_only_when_none_of_their_registered_adults_is_here() {
        assert!(without_adult(&["A1", "A2"], |c| c == "C1"));
        assert!(!without_adult(&["A1", "A2"], |c| c == "A2"));
        assert!(!without_adult(&[], |_| false), "no registered adult: not judged");
    }

    // ---- on site = checked in minus checked out, whatever the order ----

    #[derive(Debug, Clone)]
    enum Step {
        In(usize, i64),
        Out(usize, i64),
        /// Annul the n-th earlier fact.
        Annul(usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            3 => (0..5usize, 0..40i64).prop_map(|(c, m)| Step::In(c, m)),
            2 => (0..5usize, 0..40i64).prop_map(|(c, m)| Step::Out(c, m)),
            1 => (0..64usize).prop_map(Step::Annul),
        ]
    }

    fn facts(steps: &[Step]) -> Vec<Fact> {
        let t0: DateTime<Utc> = Utc.with_ymd_and_hms(2016, 11, 21, 3, 0, 0).unwrap();
        let mut out: Vec<Fact> = Vec::new();
        for (i, s) in steps.iter().enumerate() {
            let code = |c: &usize| format!("KZ-{c}");
            let (kind, minutes) = match s {
                Step::In(c, m) => {
                    (FactKind::CheckedIn { code: code(c), entry: EntryPoint::Venue(day()), note: None }, *m)
                }
                Step::Out(c, m) => {
                    (FactKind::CheckedOut { code: code(c), day: day(), collected_by: None, note: None }, *m)
                }
                Step::Annul(n) if !out.is_empty() => {
                    (FactKind::Annulled { fact: out[n % out.len()].id, reason: None }, 45)
                }
                Step::Annul(_) => continue,
            };
            let id = Uuid::from_u128(i as u128 + 1);
            let at = t0 + Duration::minutes(minutes);
            out.push(Fact { id, station: "desk-1".into(), seq: i as u64 + 1, at, operator: "op".into(), kind });
        }
        out
    }

    /// The rule stated directly: of each person's live movements, ordered by time (then id),
    /// the last one is an arrival.
    fn expected_on_site(facts: &[Fact]) -> Vec<String> {
        let annulled: BTreeSet<Uuid> = facts
            .iter()
            .filter_map(|f| match f.kind {
                FactKind::Annulled { fact, .. } => Some(fact),
                _ => None,
            })
            .collect();
        let mut last: std::collections::BTreeMap<String, (DateTime<Utc>, Uuid, bool)> = Default::default();
        for f in facts.iter().filter(|f| !annulled.contains(&f.id)) {
            let (code, is_in) = match &f.kind {
                FactKind::CheckedIn { code, .. } => (code, true),
                FactKind::CheckedOut { code, .. } => (code, false),
                _ => continue,
            };
            let e = last.entry(code.clone()).or_insert((f.at, f.id, is_in));
            if (f.at, f.id) >= (e.0, e.1) {
                *e = (f.at, f.id, is_in);
            }
        }
        last.into_iter().filter(|(_, (_, _, is_in))| *is_in).map(|(c, _)| c).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn on_site_is_checked_in_minus_checked_out_in_any_order(
            steps in prop::collection::vec(step(), 0..30),
            seed in any::<u64>(),
        ) {
            let facts = facts(&steps);
            let want = expected_on_site(&facts);
            let state = State::replay(&facts);
            prop_assert_eq!(&on_site(&state, day()), &want);

            let mut shuffled = facts.clone();
            let mut rng = seed;
            for i in (1..shuffled.len()).rev() {
                rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (rng >> 33) as usize % (i + 1));
            }
            let state = State::replay(&shuffled);
            prop_assert_eq!(&on_site(&state, day()), &want);
            // Every other day is empty.
            prop_assert!(on_site(&state, day().succ_opt().unwrap()).is_empty());
        }
    }
}
