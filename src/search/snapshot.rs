//! A built [`SearchIndex`] as bytes and back, so a station can start without folding everyone
//! again. Only the layout lives here; where the bytes go, and whether they are still current, is
//! the store's business ([`crate::store::snapshot`]).
//!
//! Every part is written as it is held in memory (little-endian integers, length first), so
//! reading is a copy, not a rebuild. A reader is given the number of bytes it may consume and
//! refuses any length beyond that, so damaged bytes give an error, never a huge allocation or a
//! panic; the store's checksum catches the rest.

use std::io::{self, Read, Write};

use zerocopy::{FromBytes, Immutable, IntoBytes};

use super::FIELDS;
use super::codes::{CodeIndex, CodeTable};
use super::emails::EmailIndex;
use super::hash::FxMap;
use super::index::{Bits, CLASSES, Class, Postings, SearchIndex, Segment};
use super::records::Records;
use crate::domain::Person;

/// Layout of the bytes, and of everything the index is built from: bump it whenever folding,
/// tokenising, ranking order or any field of the index changes, so older snapshots are rebuilt.
pub const SNAPSHOT_LAYOUT: u32 = 4;

impl SearchIndex {
    /// Writes the whole index.
    pub fn write_snapshot(&self, w: &mut impl Write) -> io::Result<()> {
        let mut w = Writer { w, buf: Vec::with_capacity(1 << 16) };
        let r = &self.records;
        w.u64(r.len() as u64)?;
        w.bytes(r.text.as_bytes())?;
        w.words(&r.value_off)?;
        w.words(&r.fields)?;
        w.bytes(&r.state)?;
        w.words(&r.iid)?;
        for t in [&self.codes.sorted, &self.codes.added_table()] {
            w.bytes(&t.bytes)?;
            w.words(&t.off)?;
            w.words(&t.idx)?;
        }
        w.words(&self.emails.order)?;
        for seg in [&self.base, &self.delta] {
            w.segment(seg)?;
        }
        w.words(&self.delta_members)?;
        w.u64(self.live as u64)?;
        w.flush()
    }

    /// Whether this index is what [`SearchIndex::build`] gives for `len` people of whom only the
    /// last, `tail`, are at hand: everyone in one segment, none removed, and each of `tail`'s
    /// records the person's searchable text. The others are known to be the ones it was built
    /// of (they were saved with it, under one checksum each), so only the count is compared.
    pub fn is_fresh_index_ending_with(&self, len: usize, tail: &[&Person]) -> bool {
        let first = len.checked_sub(tail.len());
        self.records.len() == len
            && self.live == len
            && self.base.n as usize == len
            && self.delta.n == 0
            && self.delta_members.is_empty()
            && first.is_some_and(|first| tail.iter().enumerate().all(|(i, p)| self.records.holds(first + i, p)))
    }

    /// Reads what [`write_snapshot`](Self::write_snapshot) wrote, consuming at most `limit` bytes.
    pub fn read_snapshot(r: &mut impl Read, limit: u64) -> io::Result<SearchIndex> {
        let mut r = Reader { r, left: limit };
        let n = r.len(4 * FIELDS.len() as u64 + 5)?;
        let text = String::from_utf8(r.bytes()?).map_err(|_| damaged("record text is not UTF-8"))?;
        let records = Records { text, value_off: r.words()?, fields: r.words()?, state: r.bytes()?, iid: r.words()? };
        if records.len() != n || !records.is_consistent() {
            return Err(damaged("record table"));
        }
        let mut tables = [CodeTable::default(), CodeTable::default()];
        for t in &mut tables {
            *t = CodeTable { bytes: r.bytes()?, off: r.words()?, idx: r.words()? };
            if !t.is_consistent(n) {
                return Err(damaged("code table"));
            }
        }
        let [sorted, added] = tables;
        let added = CodeIndex::added_of(&added).ok_or_else(|| damaged("code key"))?;
        let codes = CodeIndex { sorted, added };
        let emails = EmailIndex { order: r.words()? };
        if !below(&emails.order, n) {
            return Err(damaged("e-mail order"));
        }
        let base = r.segment(n)?;
        let delta = r.segment(n)?;
        let delta_members: Vec<u32> = r.words()?;
        let live = r.u64()? as usize;
        let home_ok = (0..n).filter(|&i| records.alive(i)).all(|i| {
            let (seg, iid) = records.home(i);
            iid < if seg == 0 { base.n } else { delta.n }
        });
        if !home_ok || !below(&delta_members, n) {
            return Err(damaged("person numbers"));
        }
        Ok(SearchIndex { records, codes, emails, base, delta, delta_members, live })
    }
}

/// Whether every number in `v` is below `n` (a whole pass, which vectorises, not a search).
fn below(v: &[u32], n: usize) -> bool {
    v.iter().copied().max().is_none_or(|m| (m as usize) < n)
}

/// A set over `n` ids: the right number of words, and no id at or past `n`.
fn bits_ok(words: &[u64], n: u32) -> bool {
    let n = n as usize;
    words.len() == n.div_ceil(64) && (n.is_multiple_of(64) || words.last().is_none_or(|&w| w >> (n % 64) == 0))
}

/// Whether `v` never falls.
fn rising(v: &[u32]) -> bool {
    v.windows(2).fold(true, |ok, w| ok & (w[0] <= w[1]))
}

/// Each person's tokens (`slots[off[i]..off[i+1]]`, `off` already checked) in the order of
/// their [`Class`], which a stage's reading of them relies on.
fn in_class_order(off: &[u32], slots: &[u8]) -> bool {
    off.windows(2).all(|w| slots[w[0] as usize..w[1] as usize].is_sorted_by_key(|&s| Class::of_slot(s)))
}

/// An integer as the snapshot holds it: little-endian, in memory's layout.
trait Word: FromBytes + IntoBytes + Immutable + Copy + Default {
    /// Between the machine's byte order and little-endian (either way: it is a swap or nothing).
    fn swap_le(self) -> Self;
}

impl Word for u32 {
    fn swap_le(self) -> Self {
        self.to_le()
    }
}

impl Word for u64 {
    fn swap_le(self) -> Self {
        self.to_le()
    }
}

fn damaged(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("search snapshot: {what}"))
}

struct Writer<'a, W: Write> {
    w: &'a mut W,
    buf: Vec<u8>,
}

impl<W: Write> Writer<'_, W> {
    fn spill(&mut self) -> io::Result<()> {
        if self.buf.len() >= 1 << 16 {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.w.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
    fn u64(&mut self, v: u64) -> io::Result<()> {
        self.buf.extend_from_slice(&v.to_le_bytes());
        self.spill()
    }
    fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        self.u64(b.len() as u64)?;
        self.flush()?;
        self.w.write_all(b)
    }
    /// A length, then the words as they lie in memory on a little-endian machine.
    fn words<T: Word>(&mut self, v: &[T]) -> io::Result<()> {
        self.u64(v.len() as u64)?;
        self.flush()?;
        if cfg!(target_endian = "little") {
            self.w.write_all(v.as_bytes())
        } else {
            let le: Vec<T> = v.iter().map(|&x| x.swap_le()).collect();
            self.w.write_all(le.as_bytes())
        }
    }
    fn segment(&mut self, s: &Segment) -> io::Result<()> {
        self.u64(u64::from(s.n))?;
        // An empty segment is never searched: it is read back as the default one.
        if s.n == 0 {
            return Ok(());
        }
        self.words(&s.ext)?;
        self.words(&s.alive.words)?;
        self.bytes(s.vocab_bytes.as_bytes())?;
        self.words(&s.vocab_off)?;
        for p in &s.post {
            self.words(&p.off)?;
            self.words(&p.ids)?;
        }
        for d in &s.dense {
            let mut ranges: Vec<(&(u32, u32), &Bits)> = d.iter().collect();
            ranges.sort_unstable_by_key(|(k, _)| **k);
            self.u64(ranges.len() as u64)?;
            for (&(lo, hi), bits) in ranges {
                self.u64(u64::from(lo) | u64::from(hi) << 32)?;
                self.words(&bits.words)?;
            }
        }
        self.words(&s.tok_off)?;
        self.words(&s.tok_vid)?;
        self.bytes(&s.tok_slot)?;
        self.bytes(&s.phone_bytes)?;
        self.words(&s.phone_off)?;
        self.words(&s.gram_off)?;
        self.words(&s.gram_ids)
    }
}

struct Reader<'a, R: Read> {
    r: &'a mut R,
    left: u64,
}

impl<R: Read> Reader<'_, R> {
    fn take(&mut self, buf: &mut [u8]) -> io::Result<()> {
        self.left = self.left.checked_sub(buf.len() as u64).ok_or_else(|| damaged("longer than its file"))?;
        self.r.read_exact(buf)
    }
    fn u64(&mut self) -> io::Result<u64> {
        let mut b = [0u8; 8];
        self.take(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    /// A count of items of at least `size` bytes each that must fit in what is left.
    fn len(&mut self, size: u64) -> io::Result<usize> {
        let n = self.u64()?;
        if n.saturating_mul(size) > self.left {
            return Err(damaged("length beyond the end"));
        }
        Ok(n as usize)
    }
    fn bytes(&mut self) -> io::Result<Vec<u8>> {
        let mut v = vec![0u8; self.len(1)?];
        self.take(&mut v)?;
        Ok(v)
    }
    /// Words written by [`Writer::words`]: one read into their final place.
    fn words<T: Word>(&mut self) -> io::Result<Vec<T>> {
        // Zeroed memory of this size comes fresh from the system, so zeroing costs nothing.
        let mut v = vec![T::default(); self.len(size_of::<T>() as u64)?];
        self.take(v.as_mut_bytes())?;
        if cfg!(target_endian = "big") {
            v.iter_mut().for_each(|x| *x = x.swap_le());
        }
        Ok(v)
    }
    /// Offsets into `total` bytes: from 0 to `total`, never falling.
    fn offsets(&mut self, total: usize) -> io::Result<Vec<u32>> {
        let off: Vec<u32> = self.words()?;
        let ok = off.first().is_none_or(|&o| o == 0) && rising(&off) && off.last().is_none_or(|&o| o as usize == total);
        if ok { Ok(off) } else { Err(damaged("offsets")) }
    }
    fn segment(&mut self, people: usize) -> io::Result<Segment> {
        let n = self.u64()?;
        let n32 = u32::try_from(n).map_err(|_| damaged("segment size"))?;
        if n == 0 {
            return Ok(Segment::default());
        }
        let ext = self.words()?;
        let alive = Bits { words: self.words()? };
        let vocab_bytes = String::from_utf8(self.bytes()?).map_err(|_| damaged("vocabulary is not UTF-8"))?;
        let vocab_off = self.offsets(vocab_bytes.len())?;
        if vocab_off.iter().any(|&o| !vocab_bytes.is_char_boundary(o as usize)) {
            return Err(damaged("vocabulary bounds"));
        }
        let nv = vocab_off.len().saturating_sub(1);
        let mut post: [Postings; CLASSES] = Default::default();
        for p in &mut post {
            let off = self.words()?;
            let ids = self.words()?;
            let ok = off.len() == nv + 1 && rising(&off) && off[nv] as usize == ids.len();
            if !ok || !below(&ids, n32 as usize) {
                return Err(damaged("postings"));
            }
            *p = Postings { off, ids };
        }
        let mut dense: [FxMap<(u32, u32), Bits>; CLASSES] = Default::default();
        for d in &mut dense {
            for _ in 0..self.len(16)? {
                let k = self.u64()?;
                let (lo, hi) = (k as u32, (k >> 32) as u32);
                let words = self.words()?;
                if lo > hi || hi as usize > nv || !bits_ok(&words, n32) {
                    return Err(damaged("dense ranges"));
                }
                d.insert((lo, hi), Bits { words });
            }
        }
        let tok_off = self.words()?;
        let tok_vid = self.words()?;
        let tok_slot = self.bytes()?;
        let phone_bytes = self.bytes()?;
        let phone_off = self.offsets(phone_bytes.len())?;
        let gram_off = self.words()?;
        let gram_ids = self.words()?;
        let n = n as usize;
        let ok = ext.len() == n
            && below(&ext, people)
            && bits_ok(&alive.words, n32)
            && tok_off.len() == n + 1
            && tok_off[0] == 0
            && rising(&tok_off)
            && tok_off[n] as usize == tok_vid.len()
            && tok_slot.len() == tok_vid.len()
            && in_class_order(&tok_off, &tok_slot)
            && below(&tok_vid, nv)
            && phone_off.len() == n + 1
            && gram_off.len() == 10_001
            && rising(&gram_off)
            && gram_off[10_000] as usize == gram_ids.len()
            && below(&gram_ids, n);
        if !ok {
            return Err(damaged("segment tables"));
        }
        let mut seg = Segment {
            n: n32,
            ext,
            alive,
            vocab_bytes,
            vocab_off,
            post,
            dense,
            tok_off,
            tok_vid,
            tok_slot,
            phone_bytes,
            phone_off,
            gram_off,
            gram_ids,
            heads: Default::default(),
        };
        seg.heads = seg.vocab_heads();
        Ok(seg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(code: &str, family: &str, given: &str, phone: &str) -> Person {
        Person {
            code: code.into(),
            family: family.into(),
            given: given.into(),
            phone: phone.into(),
            email: format!("{}@example.org", code.to_lowercase()),
            ..Default::default()
        }
    }

    fn index() -> SearchIndex {
        let people = [
            person("KZ-000001", "Ахметова", "Айгерім", "+7 701 123 4567"),
            person("KZ-000002", "Смағұлова", "Гүлнар", ""),
            person("KZ-000003", "Öztürk", "Ayşe", "+90 532 000 1111"),
        ];
        let mut ix = SearchIndex::build(&people);
        // A delta segment and a removed person are written and read back too.
        ix.insert(&person("W-1-1", "Ахмедов", "Ерлан", "87011234567"));
        ix.remove(1);
        ix
    }

    fn bytes(ix: &SearchIndex) -> Vec<u8> {
        let mut out = Vec::new();
        ix.write_snapshot(&mut out).unwrap();
        out
    }

    #[test]
    fn round_trip_keeps_every_answer() {
        let ix = index();
        let b = bytes(&ix);
        let back = SearchIndex::read_snapshot(&mut b.as_slice(), b.len() as u64).unwrap();
        assert_eq!(bytes(&back), b);
        // The table of first letters is not stored: a read segment derives the same one.
        assert!(!ix.base.heads.is_empty() && !ix.delta.heads.is_empty());
        assert_eq!(back.base.heads, ix.base.heads);
        assert_eq!(back.delta.heads, ix.delta.heads);
        assert_same_answers(&back, &ix);
    }

    const QUERIES: [&str; 14] = [
        "а",
        "ахме",
        "aig",
        "gul",
        "kz-000003",
        "kz000002",
        "4567",
        "ozturk ay",
        "ерл",
        "w-1-1",
        "ақш",
        "ahmteova",
        "kz-000001@",
        "w-1-2@ex",
    ];

    fn assert_same_answers(a: &SearchIndex, b: &SearchIndex) {
        for q in QUERIES {
            let hits = a.search(q, 50);
            assert_eq!(hits, b.search(q, 50), "{q}");
            for h in &hits {
                assert_eq!(a.highlight(q, h), b.highlight(q, h), "{q}");
            }
        }
    }

    #[test]
    fn a_read_index_takes_changes_like_the_one_written() {
        let mut ix = index();
        let b = bytes(&ix);
        let mut back = SearchIndex::read_snapshot(&mut b.as_slice(), b.len() as u64).unwrap();
        for ix in [&mut ix, &mut back] {
            // A re-import of a person read with the index, one of a walk-in, a new walk-in, and
            // a person taken out and given back under another code.
            ix.upsert(&person("kz-000003", "Öztürk", "Ayşe Nur", ""));
            ix.upsert(&person("W-1-1", "Ахмедов", "Ерлан", "+7 701 000 0000"));
            ix.insert(&person("W-1-2", "Ақшолақ", "Дана", ""));
            ix.replace(0, &person("KZ-000002", "Ахметова", "Айгерім", ""));
        }
        assert_eq!(bytes(&back), bytes(&ix));
        assert_same_answers(&back, &ix);
        assert_eq!(back.exact_code("kz000001"), None);
        assert_eq!(back.search("kz-000002", 50).iter().map(|h| h.idx).collect::<Vec<_>>(), [0]);
    }

    #[test]
    fn a_damaged_number_in_any_table_is_an_error() {
        type Damage = fn(&mut SearchIndex);
        let damages: [(&str, Damage); 27] = [
            ("value offset past the text", |ix| ix.records.value_off[3] = 1 << 30),
            ("value offsets falling", |ix| ix.records.value_off[2] = 0),
            ("value offset inside a letter", |ix| ix.records.value_off[1] += 1),
            ("field value past the end", |ix| ix.records.fields[0] = 1 << 20),
            ("record state", |ix| ix.records.state[0] = 0x81),
            ("record state missing", |ix| {
                ix.records.state.pop();
            }),
            ("internal id past its segment", |ix| ix.records.iid[2] = 3),
            ("code key offset", |ix| ix.codes.sorted.off[1] = 1 << 30),
            ("code keys out of order", |ix| ix.codes.sorted.bytes.reverse()),
            ("code person past the end", |ix| ix.codes.sorted.idx[0] = 4),
            ("added code person past the end", |ix| ix.codes.insert("x".into(), 4)),
            ("e-mail person past the end", |ix| ix.emails.order[0] = 4),
            ("person of an internal id", |ix| ix.base.ext[0] = 4),
            ("alive bits", |ix| ix.base.alive.words.push(0)),
            ("vocabulary offset", |ix| ix.base.vocab_off[1] = 1 << 30),
            ("vocabulary ending early", |ix| *ix.base.vocab_off.last_mut().unwrap() -= 1),
            ("postings offset", |ix| ix.base.post[0].off[1] = 1 << 30),
            ("postings id", |ix| ix.base.post[2].ids[0] = 3),
            ("token offset", |ix| ix.base.tok_off[1] = 1 << 30),
            ("token word", |ix| ix.base.tok_vid[0] = 1 << 30),
            ("token slots", |ix| {
                ix.base.tok_slot.pop();
            }),
            ("token slots out of class order", |ix| ix.base.tok_slot[0] |= 0x80),
            ("phone offset", |ix| ix.base.phone_off[2] = 1 << 30),
            ("phone gram offset", |ix| ix.base.gram_off[7] = 1 << 30),
            ("phone gram id", |ix| ix.base.gram_ids[0] = 3),
            ("delta person", |ix| ix.delta.ext[0] = 4),
            ("delta member", |ix| ix.delta_members[0] = 4),
        ];
        for (what, damage) in damages {
            let mut ix = index();
            damage(&mut ix);
            let b = bytes(&ix);
            assert!(SearchIndex::read_snapshot(&mut b.as_slice(), b.len() as u64).is_err(), "{what}");
        }
    }

    #[test]
    fn damaged_bytes_give_an_error_not_a_panic() {
        let b = bytes(&index());
        // Every cut in the first bytes (the record table), then a few hundred further in.
        for cut in (0..512).chain((512..b.len()).step_by(b.len() / 300 + 1)) {
            assert!(SearchIndex::read_snapshot(&mut &b[..cut], cut as u64).is_err(), "cut at {cut}");
        }
        for i in (0..b.len()).step_by(b.len() / 300 + 1) {
            let mut d = b.clone();
            d[i] ^= 0xff;
            // May decode (a byte of a name) or not; it must not panic or over-allocate.
            let _ = SearchIndex::read_snapshot(&mut d.as_slice(), d.len() as u64);
        }
    }
}
