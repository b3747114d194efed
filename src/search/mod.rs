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
//! [`Tier::Code`] (the registration code by the rule of [`crate::text::code`]: any case, either layout) >
//! [`Tier::Exact`] (every token is a whole written token) > [`Tier::Prefix`] > [`Tier::Fuzzy`]
//! (a typo or the wrong layout). Within a tier, people whose match lies entirely in the name
//! fields come first; ties are broken by family name, given name, then code.

mod codes;
mod fuzzy;
mod hash;
mod heads;
mod index;
mod rank;
mod records;
mod snapshot;

pub use index::SearchIndex;
pub use rank::Highlighter;
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

impl Field {
    /// The name fields, which rank above matches in other fields.
    pub fn is_name(self) -> bool {
        matches!(self, Field::Family | Field::Given | Field::Patronymic | Field::AltSpelling)
    }
}

/// How well a person matched; higher is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tier {
    /// A typo or a wrong keyboard layout was needed.
    Fuzzy,
    /// Every query token is a prefix of a written token.
    Prefix,
    /// Every query token is a whole written token.
    Exact,
    /// The query is this person's registration code.
    Code,
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
    /// Sort score, higher first: the tier, and whether only name fields were needed.
    pub score: u32,
    /// True when a typo or the wrong keyboard layout was needed: show it with a "~".
    pub fuzzy: bool,
    /// Which reading of the query (as typed, or a wrong-layout one) found the person; with
    /// `names_only`, what [`SearchIndex::highlight`] needs to find the matched parts again.
    pub(crate) form: usize,
    /// Found by the name fields alone.
    pub(crate) names_only: bool,
}
