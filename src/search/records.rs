//! The searchable text of every person, as given, and where each lives in the index: one text
//! arena and plain tables, so the index holds (and a snapshot reads) a few arrays instead of an
//! allocation per person.

use super::{FIELDS, Field};
use crate::domain::Person;

/// Offsets per record in [`Records::bounds`]: where its text starts, then where each field ends.
pub(crate) const BOUNDS: usize = FIELDS.len() + 1;

/// In [`Records::state`]: the person is searchable.
pub(crate) const ALIVE: u8 = 1;
/// In [`Records::state`]: the person lives in the delta segment, not the base one.
pub(crate) const IN_DELTA: u8 = 2;

/// Every person ever given to the index, by `idx`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Records {
    /// All records' searchable fields, each record's concatenated in [`FIELDS`] order. A
    /// replaced record's new text goes to the end; its old text stays behind, unused.
    pub text: String,
    /// [`BOUNDS`] byte offsets into `text` per record.
    pub bounds: Vec<u32>,
    /// [`ALIVE`] and [`IN_DELTA`] bits per record.
    pub state: Vec<u8>,
    /// Internal id of each record in its segment.
    pub iid: Vec<u32>,
}

/// One record's text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record<'a> {
    text: &'a str,
    bounds: &'a [u32],
}

impl<'a> Record<'a> {
    pub fn field(&self, f: Field) -> &'a str {
        let i = f as usize;
        &self.text[self.bounds[i] as usize..self.bounds[i + 1] as usize]
    }

    /// Tie-break order: family, given name, then code, case-insensitively and with look-alike
    /// letters repaired (see [`super::fold::sort_key`]).
    pub fn sort_key(&self) -> String {
        let len = (self.bounds[BOUNDS - 1] - self.bounds[0]) as usize;
        let mut k = String::with_capacity(len);
        for f in [Field::Family, Field::Given] {
            k.push_str(&super::fold::sort_key(self.field(f)));
            k.push('\u{0}');
        }
        k.push_str(self.field(Field::Code));
        k
    }
}

impl Records {
    /// The records of `people`, all alive, in the base segment (internal ids still to be set).
    pub fn of(people: &[Person]) -> Records {
        let len = people.iter().map(|p| FIELDS.iter().map(|&f| field_of(p, f).len()).sum::<usize>()).sum();
        let mut records = Records {
            text: String::with_capacity(len),
            bounds: Vec::with_capacity(people.len() * BOUNDS),
            state: Vec::with_capacity(people.len()),
            iid: Vec::with_capacity(people.len()),
        };
        for p in people {
            records.push(p);
        }
        records
    }

    pub fn len(&self) -> usize {
        self.state.len()
    }

    /// The record of `idx`; panics past the end, like indexing a slice.
    pub fn at(&self, idx: usize) -> Record<'_> {
        Record { text: &self.text, bounds: &self.bounds[idx * BOUNDS..(idx + 1) * BOUNDS] }
    }

    pub fn get(&self, idx: usize) -> Option<Record<'_>> {
        (idx < self.len()).then(|| self.at(idx))
    }

    #[inline]
    pub fn alive(&self, idx: usize) -> bool {
        self.state.get(idx).is_some_and(|s| s & ALIVE != 0)
    }

    /// Segment (0 = base, 1 = delta) and internal id of `idx`.
    pub fn home(&self, idx: usize) -> (u8, u32) {
        (u8::from(self.state[idx] & IN_DELTA != 0), self.iid[idx])
    }

    pub fn set_home(&mut self, idx: usize, seg: u8, iid: u32) {
        let s = &mut self.state[idx];
        *s = if seg == 0 { *s & !IN_DELTA } else { *s | IN_DELTA };
        self.iid[idx] = iid;
    }

    /// Takes `idx` out of search results; false if it already was.
    pub fn kill(&mut self, idx: usize) -> bool {
        let was = self.alive(idx);
        self.state[idx] &= !ALIVE;
        was
    }

    /// Appends a live record of `p`; returns its idx.
    pub fn push(&mut self, p: &Person) -> usize {
        let start = self.bounds.len();
        self.bounds.resize(start + BOUNDS, 0);
        self.state.push(ALIVE);
        self.iid.push(0);
        self.write_text(start, p);
        self.len() - 1
    }

    /// Makes `idx` a live record of `p`, its text written at the end.
    pub fn replace(&mut self, idx: usize, p: &Person) {
        self.state[idx] = ALIVE;
        self.iid[idx] = 0;
        self.write_text(idx * BOUNDS, p);
    }

    fn write_text(&mut self, at: usize, p: &Person) {
        let offset = |n: usize| u32::try_from(n).expect("the searchable text fits in 4 GiB");
        self.bounds[at] = offset(self.text.len());
        for (i, f) in FIELDS.into_iter().enumerate() {
            self.text.push_str(field_of(p, f));
            self.bounds[at + i + 1] = offset(self.text.len());
        }
    }

    /// Whether the record of `idx` is alive and holds exactly `p`'s searchable text.
    pub fn holds(&self, idx: usize, p: &Person) -> bool {
        self.alive(idx) && {
            let r = self.at(idx);
            FIELDS.iter().all(|&f| r.field(f) == field_of(p, f))
        }
    }

    /// Whether the tables fit the text: what [`Record::field`] relies on not to panic.
    pub fn is_consistent(&self) -> bool {
        let n = self.state.len();
        self.bounds.len() == n * BOUNDS
            && self.iid.len() == n
            && self.state.iter().all(|&s| s & !(ALIVE | IN_DELTA) == 0)
            && self.bounds.chunks_exact(BOUNDS).all(|b| {
                b.windows(2).all(|w| w[0] <= w[1]) && b.iter().all(|&o| self.text.is_char_boundary(o as usize))
            })
    }

    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + 4 * self.bounds.capacity() + self.state.capacity() + 4 * self.iid.capacity()
    }
}

pub(crate) fn field_of(p: &Person, f: Field) -> &str {
    match f {
        Field::Family => &p.family,
        Field::Given => &p.given,
        Field::Patronymic => &p.patronymic,
        Field::AltSpelling => &p.alt_spelling,
        Field::Code => &p.code,
        Field::Delegation => &p.delegation,
        Field::Organisation => &p.organisation,
        Field::Email => &p.email,
        Field::Phone => &p.phone,
    }
}
