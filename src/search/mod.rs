//! Finding a person from what a volunteer types (FOLDING.md in the shared notes).
//!
//! Pure: no IO, no clock. [`fold`](crate::text::fold) turns any spelling into a skeleton,
//! [`layout`](crate::text::layout) undoes a wrong keyboard layout, [`SearchIndex`] finds and ranks
//! people.
//!
//! # What matches
//!
//! * Every query token must match a *different* written token of the person, in any order, as a
//!   prefix of its skeleton (`aig ahm` finds Ахметова Айгерім).
//! * Searchable: family, given, patronymic, alternative spelling (the name fields), registration
//!   code, delegation, organisation, e-mail, phone (digits: four or more find any part of the
//!   number).
//! * A token of five or more letters may carry one typo (insert, delete, substitute, swap of
//!   neighbours) against the prefix of matching length.
//! * The whole query is also tried as if typed in the wrong keyboard layout ([`layout`](crate::text::layout)).
//!
//! # Ranking
//!
//! [`Tier::Code`] (the registration code by the rule of [`crate::text::code`]: any case, either
//! layout) > [`Tier::Email`] (a query with `@` or a dot between letters that starts someone's
//! e-mail address) > [`Tier::Exact`] (every token is a whole written token) > [`Tier::Prefix`] >
//! [`Tier::Fuzzy`] (a typo or the wrong layout). Within a tier:
//!
//! 1. people found in the family and given names alone, then with the patronymic or the other
//!    spelling, then with any field;
//! 2. by how exactly the worst token matched ([`Match`]): the letters as typed > the same letters
//!    without their marks (`қ` typed as `к`) > another spelling (another script, another surname
//!    form, the other-spelling field);
//! 3. by the sum, over the tokens, of how exactly each matched, whether it matched a whole
//!    written token, and whether in the family or given name (a given name typed exactly beats a
//!    patronymic that merely starts so);
//! 4. by family name, given name, then code.
//!
//! Each hit says how each query token matched ([`Hit::matched`]).

mod codes;
mod emails;
mod fuzzy;
mod hash;
mod heads;
mod index;
mod rank;
mod records;
mod snapshot;

pub use index::SearchIndex;
pub use rank::{Highlighter, explain};
pub use snapshot::SNAPSHOT_LAYOUT;

/// A searchable field of a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Family,
    Given,
    Patronymic,
    AltSpelling,
    Delegation,
    Organisation,
    Code,
    Email,
    Phone,
}

/// Fields in index order: names first, so that their tokens get the low slots.
pub(crate) const FIELDS: [Field; 9] = [
    Field::Family,
    Field::Given,
    Field::Patronymic,
    Field::AltSpelling,
    Field::Delegation,
    Field::Organisation,
    Field::Code,
    Field::Email,
    Field::Phone,
];

/// How well a person matched; higher is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tier {
    /// A typo or a wrong keyboard layout was needed.
    Fuzzy,
    /// Every query token is a prefix of a written token.
    Prefix,
    /// Every query token is a whole written token.
    Exact,
    /// The query (with `@` or a dot between letters) is the start of this person's e-mail address.
    Email,
    /// The query is this person's registration code.
    Code,
}

impl Tier {
    /// How `checkin search --json` names it.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Fuzzy => "fuzzy",
            Tier::Prefix => "prefix",
            Tier::Exact => "exact",
            Tier::Email => "email",
            Tier::Code => "code",
        }
    }
}

/// How one query token matched its written token; higher is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Match {
    /// Only when read as typed in the other keyboard layout (`f[vtnjdf` for `ахметова`).
    Layout,
    /// With one typo (a letter wrong, missing, added, or two swapped).
    Typo,
    /// The other form of a surname (FOLDING.md §10): `Zhumabayev` or `Жумабаев` for
    /// `Жұмабайұлы`, `Serikova` for `Серікқызы`, and the reverse.
    SurnameForm,
    /// Another spelling of it: another script or scheme (`akhmetova` for `Ахметова`).
    Transliterated,
    /// The same letters without their marks: `токаева` for `Тоқаева`, `muller` for `Müller`.
    Folded,
    /// The letters as typed (case aside).
    Exact,
}

impl Match {
    /// How `checkin search --json` names it.
    pub fn name(self) -> &'static str {
        match self {
            Match::Layout => "layout",
            Match::Typo => "typo",
            Match::SurnameForm => "surname_form",
            Match::Transliterated => "transliterated",
            Match::Folded => "folded",
            Match::Exact => "exact",
        }
    }
}

/// Part of a field that matched, for highlighting: a range of *characters* (not bytes) of the
/// field's text as stored in the [`Person`](crate::domain::Person).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MatchSpan {
    pub field: Field,
    pub start: usize,
    pub end: usize,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Position of the person in the slice the index was built from (or as returned by
    /// [`SearchIndex::insert`]).
    pub idx: usize,
    /// The person's registration code, as stored.
    pub code: String,
    pub tier: Tier,
    /// Sort score, higher first: the tier, the fields needed, how exactly the tokens matched
    /// (see the [module docs](self)).
    pub score: u32,
    /// True when a typo or the wrong keyboard layout was needed: show it with a "~".
    pub fuzzy: bool,
    /// Which reading of the query (as typed, or a wrong-layout one) found the person; with
    /// `class`, what [`SearchIndex::highlight`] needs to find the matched parts again.
    pub(crate) form: usize,
    /// The fields the match needed (at most these).
    pub(crate) class: index::Class,
    /// How each token of that reading matched.
    pub(crate) matched: Matched,
}

impl Hit {
    /// How each token of the query matched, in the order of the tokens of
    /// [`explain`] (for a code or an e-mail address: the whole query, one entry).
    pub fn matched(&self) -> impl Iterator<Item = Match> + '_ {
        self.matched.iter()
    }
}

/// The [`Match`] of each query token, packed into a number (three bits each, after the count):
/// a found person carries it without an allocation, through every stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Matched(u64);

impl Matched {
    const ALL: [Match; 5] = [Match::Layout, Match::Typo, Match::SurnameForm, Match::Transliterated, Match::Folded];

    fn code(m: Match) -> u64 {
        Self::ALL.iter().position(|&x| x == m).map_or(5, |p| p as u64)
    }

    fn of_code(c: u64) -> Match {
        Self::ALL.get(c as usize).copied().unwrap_or(Match::Exact)
    }

    pub(crate) fn of(matches: impl IntoIterator<Item = Match>) -> Matched {
        let mut packed = 0u64;
        let mut len = 0u64;
        for m in matches.into_iter().take(rank::MAX_QUERY_TOKENS) {
            packed |= Self::code(m) << (4 + 3 * len);
            len += 1;
        }
        Matched(packed | len)
    }

    fn iter(self) -> impl Iterator<Item = Match> {
        (0..self.0 & 0xf).map(move |k| Self::of_code(self.0 >> (4 + 3 * k) & 0b111))
    }
}
