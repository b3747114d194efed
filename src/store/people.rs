//! Everyone registered, held the way the store reads them: the stored values of the imported
//! people in one buffer, each decoded into a [`Person`] only when asked for (and then kept).
//!
//! A start-up needs only codes, sessions and delegations from everyone, and the desk shows a
//! handful of people at a time: decoding everyone (13 strings, 2 vectors and a map each) was a
//! third of a start-up's time and, as `Person`s, most of its memory.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;

use super::codec::{self, CodecError};
use crate::domain::Person;
use crate::domain::person::{PersonText, PersonView};

/// Which snapshot people part the stored values are, so that the snapshot's index can be
/// matched to them without reading the part again (see [`super::snapshot`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReadFrom {
    pub generation: u64,
    pub len: u64,
    pub crc: u32,
}

/// Everyone, in registration order: the imported people in code order, then walk-ins.
#[derive(Default)]
pub struct People {
    /// Stored values of the people read encoded (the first ones, the imported), back to back.
    stored: Vec<u8>,
    /// Per person read encoded, where its stored value lies in `stored`.
    values: Vec<Range<u32>>,
    /// Per person read encoded, once decoded. Boxed: an empty cell is a pointer, not a `Person`.
    decoded: Vec<OnceCell<Box<Person>>>,
    /// The people after them, held decoded (walk-ins, people built in memory).
    held: Vec<Person>,
    /// Everyone's code, back to back, and where each ends: found without decoding anyone.
    codes: String,
    code_ends: Vec<usize>,
    /// Numbers into the above in code order (equal codes by number), for [`People::person`].
    by_code: Vec<u32>,
    read_from: Option<ReadFrom>,
}

impl People {
    /// The people whose stored values `stored` holds, each after its length (u32 LE), in
    /// order: what [`append_stored`] builds and the snapshot's people part is. Each is read here
    /// as a [`PersonView`], to its last byte, so one not laid out as a person is refused now
    /// (the text a view reads past is checked when the person is decoded). The error says which
    /// person (by number) could not be read.
    pub(crate) fn from_stored(stored: Vec<u8>) -> Result<People, (usize, CodecError)> {
        // Ranges of 4 bytes, not 16: a station never holds 4 GiB of registrants.
        if u32::try_from(stored.len()).is_err() {
            return Err((0, CodecError::TooLarge(stored.len())));
        }
        let mut people = People::default();
        let mut at = 0;
        while at < stored.len() {
            let cut = |_| (people.len(), CodecError::Truncated);
            let len: [u8; 4] = stored.get(at..at + 4).unwrap_or_default().try_into().map_err(cut)?;
            let value = at + 4..at + 4 + u32::from_le_bytes(len) as usize;
            let bytes = stored.get(value.clone()).ok_or((people.len(), CodecError::Truncated))?;
            let view: PersonView = codec::decode_view(bytes).map_err(|e| (people.len(), e))?;
            people.codes.push_str(view.code);
            people.code_ends.push(people.codes.len());
            people.values.push(value.start as u32..value.end as u32);
            people.decoded.push(OnceCell::new());
            at = value.end;
        }
        people.stored = stored;
        people.sort_by_code();
        Ok(people)
    }

    /// Orders `by_code` afresh. Stable and run-aware: stored people come in code order, so
    /// this is about one pass.
    fn sort_by_code(&mut self) {
        let mut by_code: Vec<u32> = (0..self.len() as u32).collect();
        by_code.sort_by(|&a, &b| self.code(a as usize).cmp(self.code(b as usize)));
        self.by_code = by_code;
    }

    /// Marks the stored values as the snapshot's people part `from`.
    pub(crate) fn read_from(mut self, from: ReadFrom) -> People {
        self.read_from = Some(from);
        self
    }

    /// The snapshot people part the stored values are, if they were read from one.
    pub(crate) fn stored_from(&self) -> Option<ReadFrom> {
        self.read_from
    }

    /// How many people are held as stored values (the imported ones, read from the store).
    pub(crate) fn stored_count(&self) -> usize {
        self.values.len()
    }

    pub fn len(&self) -> usize {
        self.values.len() + self.held.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The person with number `i`, decoded the first time it is asked for.
    pub fn get(&self, i: usize) -> Option<&Person> {
        match self.decoded.get(i) {
            Some(cell) => Some(cell.get_or_init(|| Box::new(self.decode_or_code(i)))),
            None => self.held.get(i - self.values.len()),
        }
    }

    /// The person with number `i` decoded from the stored value. Only the fields a view reads
    /// were checked when loaded (the stored bytes are checksummed, so an error is not
    /// expected): one that fails is logged and kept as its code alone, so that people keep
    /// their numbers (the search index's) and the desk keeps working.
    fn decode_or_code(&self, i: usize) -> Person {
        codec::decode(self.stored_slice(i)).unwrap_or_else(|e| {
            tracing::error!("person {} cannot be decoded, only the code is shown: {e}", self.code(i));
            Person { code: self.code(i).to_owned(), ..Person::default() }
        })
    }

    fn stored_slice(&self, i: usize) -> &[u8] {
        let range = self.values.get(i).map_or(0..0, |r| r.start as usize..r.end as usize);
        &self.stored[range]
    }

    /// The code of the person with number `i` ("" past the end).
    pub fn code(&self, i: usize) -> &str {
        let Some(&end) = self.code_ends.get(i) else { return "" };
        let start = if i == 0 { 0 } else { self.code_ends[i - 1] };
        &self.codes[start..end]
    }

    /// Everyone's code, in registration order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.code(i))
    }

    /// The person with exactly this code (the last registered, should two share it).
    pub fn person(&self, code: &str) -> Option<&Person> {
        let after = self.code_position(code);
        let i = *self.by_code.get(after.checked_sub(1)?)? as usize;
        (self.code(i) == code).then(|| self.get(i)).flatten()
    }

    /// Where in `by_code` a person with `code` goes: after everyone with a code up to it.
    fn code_position(&self, code: &str) -> usize {
        self.by_code.partition_point(|&i| self.code(i as usize) <= code)
    }

    /// Adds someone held decoded (a walk-in); returns their number.
    pub fn push(&mut self, person: Person) -> usize {
        let at = self.code_position(&person.code);
        let i = self.push_unordered(person);
        self.by_code.insert(at, i as u32);
        i
    }

    /// [`push`](Self::push) without a place in `by_code`, for [`sort_by_code`](Self::sort_by_code) to give.
    fn push_unordered(&mut self, person: Person) -> usize {
        self.codes.push_str(&person.code);
        self.code_ends.push(self.codes.len());
        self.held.push(person);
        self.len() - 1
    }

    /// Everyone, decoded (and kept decoded) as the iteration reaches them.
    pub fn iter(&self) -> Iter<'_> {
        Iter { people: self, next: 0 }
    }

    /// What the station needs from everyone, read in place: nobody is decoded for it.
    pub fn views(&self) -> impl Iterator<Item = PersonView<'_>> {
        (0..self.len()).filter_map(|i| self.view(i))
    }

    /// Everyone's searchable text, read in place: what an index is built of, without decoding
    /// anyone. One that cannot be decoded is its code alone, as [`People::get`] gives it.
    pub fn texts(&self) -> impl ExactSizeIterator<Item = PersonText<'_>> {
        (0..self.len()).map(|i| match self.values.get(i) {
            Some(_) => codec::decode_view(self.stored_slice(i)).unwrap_or_else(|e| {
                tracing::error!("person {} cannot be decoded, only the code is searched: {e}", self.code(i));
                PersonText::code_only(self.code(i))
            }),
            None => PersonText::of(&self.held[i - self.values.len()]),
        })
    }

    /// The people whose view passes `keep`, decoded: a few found among everyone, without
    /// decoding everyone.
    pub fn where_view(&self, keep: impl Fn(&PersonView) -> bool) -> impl Iterator<Item = &Person> {
        (0..self.len()).filter(move |&i| self.view(i).is_some_and(|v| keep(&v))).filter_map(|i| self.get(i))
    }

    fn view(&self, i: usize) -> Option<PersonView<'_>> {
        match self.values.get(i) {
            Some(_) => codec::decode_view(self.stored_slice(i)).ok(),
            None => self.held.get(i - self.values.len()).map(PersonView::of),
        }
    }

    /// The stored value of the person with number `i`: as read, or encoded now.
    pub(crate) fn stored_value(&self, i: usize) -> Result<Cow<'_, [u8]>, CodecError> {
        if i < self.values.len() {
            return Ok(Cow::Borrowed(self.stored_slice(i)));
        }
        let p = self.held.get(i - self.values.len()).ok_or(CodecError::Empty)?;
        Ok(Cow::Owned(codec::encode(p)?))
    }

    /// Everyone as `Person`s, as [`People::get`] gives them: borrowed when all are held
    /// decoded (a guest's replica, people built in memory), else copies (those read encoded
    /// stay so).
    pub fn to_slice(&self) -> Cow<'_, [Person]> {
        if self.values.is_empty() {
            return Cow::Borrowed(&self.held);
        }
        let own = |(i, cell): (usize, &OnceCell<Box<Person>>)| match cell.get() {
            Some(p) => Person::clone(p),
            None => self.decode_or_code(i),
        };
        let mut all: Vec<Person> = self.decoded.iter().enumerate().map(own).collect();
        all.extend_from_slice(&self.held);
        Cow::Owned(all)
    }

    /// Everyone as `Person`s, or the code of one that cannot be decoded.
    pub fn into_vec(mut self) -> Result<Vec<Person>, (String, CodecError)> {
        let decoded = std::mem::take(&mut self.decoded);
        let mut out = Vec::with_capacity(self.len());
        for (i, cell) in decoded.into_iter().enumerate() {
            match cell.into_inner() {
                Some(p) => out.push(*p),
                None => out.push(codec::decode(self.stored_slice(i)).map_err(|e| (self.code(i).to_owned(), e))?),
            }
        }
        out.append(&mut self.held);
        Ok(out)
    }
}

/// [`People::iter`].
#[derive(Clone)]
pub struct Iter<'a> {
    people: &'a People,
    next: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Person;

    fn next(&mut self) -> Option<&'a Person> {
        let p = self.people.get(self.next)?;
        self.next += 1;
        Some(p)
    }
}

/// Adds a stored value to a buffer for [`People::from_stored`].
pub(crate) fn append_stored(stored: &mut Vec<u8>, value: &[u8]) {
    stored.extend_from_slice(&(value.len() as u32).to_le_bytes());
    stored.extend_from_slice(value);
}

impl std::fmt::Debug for People {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let decoded = self.decoded.iter().filter(|c| c.get().is_some()).count();
        f.debug_struct("People")
            .field("len", &self.len())
            .field("stored", &self.values.len())
            .field("decoded", &decoded)
            .finish()
    }
}

impl From<Vec<Person>> for People {
    fn from(people: Vec<Person>) -> People {
        // Ordered once at the end: pushing one by one moves `by_code` for every person out of
        // code order.
        let mut out = People::default();
        for p in people {
            out.push_unordered(p);
        }
        out.sort_by_code();
        out
    }
}

impl<'a> IntoIterator for &'a People {
    type Item = &'a Person;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Category;

    fn person(code: &str, family: &str) -> Person {
        Person {
            code: code.into(),
            family: family.into(),
            delegation: "Алматы".into(),
            sessions: vec!["s1".into()],
            ..Person::default()
        }
    }

    fn stored(people: &[Person]) -> Vec<u8> {
        let mut out = Vec::new();
        for p in people {
            append_stored(&mut out, &codec::encode(p).unwrap());
        }
        out
    }

    #[test]
    fn stored_people_are_found_by_code_and_decoded_once() {
        let list = [person("KZ-1", "Ахметова"), person("KZ-2", "Смағұлова"), person("KZ-3", "Оспанова")];
        let mut people = People::from_stored(stored(&list)).unwrap();
        assert_eq!((people.len(), people.stored_count()), (3, 3));
        assert_eq!(people.codes().collect::<Vec<_>>(), ["KZ-1", "KZ-2", "KZ-3"]);
        let first = people.person("KZ-2").unwrap();
        assert_eq!(first, &list[1]);
        assert!(std::ptr::eq(first, people.get(1).unwrap()), "decoded once, then kept");
        assert!(people.person("KZ-4").is_none() && people.person("KZ").is_none());

        // A walk-in with a code already taken: the last registered counts, in code order.
        people.push(person("KZ-2", "Нұрланова"));
        people.push(person("KZ-0", "Жаңабаева"));
        assert_eq!(people.person("KZ-2").unwrap().family, "Нұрланова");
        assert_eq!(people.person("KZ-0").unwrap().family, "Жаңабаева");
        assert_eq!(people.iter().map(|p| p.family.as_str()).collect::<Vec<_>>()[3..], ["Нұрланова", "Жаңабаева"]);
        let views: Vec<_> = people.views().map(|v| (v.code, v.delegation, v.sessions)).collect();
        assert_eq!(views[4], ("KZ-0", "Алматы", vec!["s1"]));
        assert_eq!(views[0], ("KZ-1", "Алматы", vec!["s1"]));
        assert_eq!(people.stored_value(0).unwrap().as_ref(), codec::encode(&list[0]).unwrap());
        assert_eq!(people.stored_value(4).unwrap().as_ref(), codec::encode(&people.to_slice()[4]).unwrap());
        let all = people.into_vec().unwrap();
        assert_eq!(all[..3], list);
        assert_eq!(all.len(), 5);
    }

    #[test]
    fn damaged_stored_people_are_refused_or_kept_as_their_code() {
        let list = [person("KZ-1", "Zzzz"), person("KZ-2", "Category")];
        let good = stored(&list);
        assert!(matches!(People::from_stored(good[..good.len() - 1].to_vec()), Err((1, _))), "cut short");
        assert!(matches!(People::from_stored(good[..2].to_vec()), Err((0, CodecError::Truncated))));
        let mut newer = good.clone();
        newer[4] = codec::VALUE_FORMAT + 1;
        assert!(matches!(People::from_stored(newer), Err((0, CodecError::Version { .. }))));

        // Not UTF-8 where a view does not look: found when the person is decoded.
        let mut bad = good.clone();
        let at = bad.windows(4).position(|w| w == b"Zzzz").unwrap();
        bad[at] = 0xff;
        let people = People::from_stored(bad.clone()).unwrap();
        assert_eq!(people.to_slice().len(), 2, "numbers are kept");
        assert_eq!(people.get(0).unwrap(), &Person { code: "KZ-1".into(), ..Person::default() });
        assert_eq!(people.get(1).unwrap().family, "Category");
        let texts: Vec<_> = people.texts().map(|t| (t.code, t.family)).collect();
        assert_eq!(texts, [("KZ-1", ""), ("KZ-2", "Category")], "searched as they are shown");
        let bad = People::from_stored(bad).unwrap();
        assert!(matches!(bad.into_vec(), Err((code, _)) if code == "KZ-1"), "a whole copy is refused");
    }

    #[test]
    fn people_built_in_memory_are_held_decoded() {
        let mut list = vec![person("B", "Б"), person("A", "А")];
        list[0].category = Category::Chaperone;
        let people = People::from(list.clone());
        assert_eq!((people.len(), people.stored_count()), (2, 0));
        assert_eq!(people.person("A").unwrap(), &list[1]);
        assert_eq!(people.views().map(|v| v.category).collect::<Vec<_>>(), [Category::Chaperone, Category::Other]);
        assert_eq!(people.to_slice(), list);
        assert!(matches!(people.to_slice(), Cow::Borrowed(_)), "not copied to build an index from");
        assert!(people.stored_from().is_none());
        list.push(person("A", "Ә"));
        assert_eq!(People::from(list).person("A").unwrap().family, "Ә", "the last registered");
    }
}
