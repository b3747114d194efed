//! The searchable text of every person, as given, and where each lives in the index: one arena
//! of field values and plain tables, so the index holds (and a snapshot reads) a few arrays
//! instead of an allocation per person. A value many people share (a family name, a delegation,
//! an organisation) is held once.

use super::hash::FxMap;
use super::{FIELDS, Field};
use crate::domain::Person;
use crate::domain::person::PersonText;

/// In [`Records::state`]: the person is searchable.
pub(crate) const ALIVE: u8 = 1;
/// In [`Records::state`]: the person lives in the delta segment, not the base one.
pub(crate) const IN_DELTA: u8 = 2;

/// Every person ever given to the index, by `idx`.
#[derive(Debug, Clone)]
pub(crate) struct Records {
    /// Field values, one after the other. A replaced record's values are added at the end; its
    /// old ones stay behind, unused.
    pub text: String,
    /// Value `v` is `text[value_off[v]..value_off[v + 1]]`.
    pub value_off: Vec<u32>,
    /// Per record, the value of each field, in [`FIELDS`] order.
    pub fields: Vec<u32>,
    /// [`ALIVE`] and [`IN_DELTA`] bits per record.
    pub state: Vec<u8>,
    /// Internal id of each record in its segment.
    pub iid: Vec<u32>,
}

impl Default for Records {
    fn default() -> Self {
        Records { text: String::new(), value_off: vec![0], fields: Vec::new(), state: Vec::new(), iid: Vec::new() }
    }
}

/// One record's text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record<'a> {
    records: &'a Records,
    fields: &'a [u32],
}

impl<'a> Record<'a> {
    pub fn field(&self, f: Field) -> &'a str {
        self.records.value(self.fields[f as usize])
    }

    /// Tie-break order: family, given name, then code, case-insensitively and with look-alike
    /// letters repaired (see [`crate::text::fold::sort_key`]).
    pub fn sort_key(&self) -> String {
        let mut k = String::new();
        self.push_sort_key(&mut k);
        k
    }

    /// Appends the [sort key](Self::sort_key) to `k`.
    pub fn push_sort_key(&self, k: &mut String) {
        let parts = [Field::Family, Field::Given, Field::Code].map(|f| self.field(f));
        k.reserve(parts.iter().map(|p| p.len() + 1).sum());
        for p in &parts[..2] {
            k.push_str(&crate::text::fold::sort_key(p));
            k.push('\u{0}');
        }
        k.push_str(parts[2]);
    }
}

impl Records {
    /// The records of `people`, all alive, in the base segment (internal ids still to be set).
    pub fn of<'a>(people: impl ExactSizeIterator<Item = PersonText<'a>>) -> Records {
        let n = people.len();
        let mut records = Records {
            fields: Vec::with_capacity(n * FIELDS.len()),
            state: vec![ALIVE; n],
            iid: vec![0; n],
            ..Records::default()
        };
        let mut known: FxMap<&str, u32> = FxMap::default();
        for p in people {
            for f in FIELDS {
                let s = field_of(&p, f);
                // Codes, e-mails and phones are nearly all different: not worth a look-up.
                let v = if matches!(f, Field::Code | Field::Email | Field::Phone) {
                    records.add_value(s)
                } else {
                    match known.get(s) {
                        Some(&v) => v,
                        None => {
                            let v = records.add_value(s);
                            known.insert(s, v);
                            v
                        }
                    }
                };
                records.fields.push(v);
            }
        }
        records.text.shrink_to_fit();
        records.value_off.shrink_to_fit();
        records
    }

    fn add_value(&mut self, s: &str) -> u32 {
        let offset = |n: usize| u32::try_from(n).expect("the searchable text fits in 4 GiB");
        self.text.push_str(s);
        self.value_off.push(offset(self.text.len()));
        offset(self.value_off.len() - 2)
    }

    #[inline]
    fn value(&self, v: u32) -> &str {
        &self.text[self.value_off[v as usize] as usize..self.value_off[v as usize + 1] as usize]
    }

    pub fn len(&self) -> usize {
        self.state.len()
    }

    /// The record of `idx`; panics past the end, like indexing a slice.
    pub fn at(&self, idx: usize) -> Record<'_> {
        Record { records: self, fields: &self.fields[idx * FIELDS.len()..(idx + 1) * FIELDS.len()] }
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
        let p = PersonText::of(p);
        for f in FIELDS {
            let v = self.add_value(field_of(&p, f));
            self.fields.push(v);
        }
        self.state.push(ALIVE);
        self.iid.push(0);
        self.len() - 1
    }

    /// Makes `idx` a live record of `p`, its values added at the end.
    pub fn replace(&mut self, idx: usize, p: &Person) {
        let p = PersonText::of(p);
        self.state[idx] = ALIVE;
        self.iid[idx] = 0;
        for (i, f) in FIELDS.into_iter().enumerate() {
            self.fields[idx * FIELDS.len() + i] = self.add_value(field_of(&p, f));
        }
    }

    /// Whether the record of `idx` is alive and holds exactly `p`'s searchable text.
    pub fn holds(&self, idx: usize, p: &Person) -> bool {
        self.alive(idx) && {
            let (r, p) = (self.at(idx), PersonText::of(p));
            FIELDS.iter().all(|&f| r.field(f) == field_of(&p, f))
        }
    }

    /// Whether the tables fit the text: what [`Record::field`] relies on not to panic.
    pub fn is_consistent(&self) -> bool {
        let n = self.state.len();
        let values = self.value_off.len().saturating_sub(1);
        self.fields.len() == n * FIELDS.len()
            && self.iid.len() == n
            && self.state.iter().all(|&s| s & !(ALIVE | IN_DELTA) == 0)
            && self.value_off.first() == Some(&0)
            && self.value_off.windows(2).fold(true, |ok, w| ok & (w[0] <= w[1]))
            && self.value_off.iter().all(|&o| self.text.is_char_boundary(o as usize))
            && self.fields.iter().copied().max().is_none_or(|v| (v as usize) < values)
    }

    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + 4 * (self.value_off.capacity() + self.fields.capacity() + self.iid.capacity())
            + self.state.capacity()
    }
}

pub(crate) fn field_of<'a>(p: &PersonText<'a>, f: Field) -> &'a str {
    match f {
        Field::Family => p.family,
        Field::Given => p.given,
        Field::Patronymic => p.patronymic,
        Field::AltSpelling => p.alt_spelling,
        Field::Code => p.code,
        Field::Delegation => p.delegation,
        Field::Organisation => p.organisation,
        Field::Email => p.email,
        Field::Phone => p.phone,
    }
}
