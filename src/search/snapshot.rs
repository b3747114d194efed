//! A built [`SearchIndex`] as bytes and back, so a station can start without folding everyone
//! again. Only the layout lives here; where the bytes go, and whether they are still current, is
//! the store's business ([`crate::store::snapshot`]).
//!
//! Every part is written as it is held in memory (little-endian integers, length first), so
//! reading is a copy, not a rebuild. A reader is given the number of bytes it may consume and
//! refuses any length beyond that, so damaged bytes give an error, never a huge allocation or a
//! panic; the store's checksum catches the rest.

use std::io::{self, Read, Write};

use super::FIELDS;
use super::index::{Bits, FxMap, Postings, Record, SearchIndex, Segment, field_of};
use crate::domain::Person;

/// Layout of the bytes, and of everything the index is built from: bump it whenever folding,
/// tokenising, ranking order or any field of the index changes, so older snapshots are rebuilt.
pub const SNAPSHOT_LAYOUT: u32 = 1;

impl SearchIndex {
    /// Writes the whole index.
    pub fn write_snapshot(&self, w: &mut impl Write) -> io::Result<()> {
        let mut w = Writer { w, buf: Vec::with_capacity(1 << 16) };
        w.u64(self.records.len() as u64)?;
        let mut text = Vec::new();
        let mut meta = Vec::with_capacity(self.records.len() * (FIELDS.len() + 3));
        for r in &self.records {
            text.extend_from_slice(r.text.as_bytes());
            meta.push(text.len() as u32);
            meta.extend_from_slice(&r.ends);
            meta.push(u32::from(r.alive) | u32::from(r.seg) << 1);
            meta.push(r.iid);
        }
        w.bytes(&text)?;
        w.u32s(&meta)?;
        // Sorted, so equal indexes give equal bytes.
        let mut codes: Vec<(&Box<str>, &Vec<u32>)> = self.codes.iter().collect();
        codes.sort_unstable();
        w.u64(codes.len() as u64)?;
        for (k, ids) in codes {
            w.bytes(k.as_bytes())?;
            w.u32s(ids)?;
        }
        for seg in [&self.base, &self.delta] {
            w.segment(seg)?;
        }
        w.u32s(&self.delta_members)?;
        w.u64(self.live as u64)?;
        w.flush()
    }

    /// Whether this index is what [`SearchIndex::build`] gives for `people` (with the same code):
    /// everyone in one segment, none removed, and each record the person's searchable text.
    pub fn is_fresh_index_of(&self, people: &[Person]) -> bool {
        self.records.len() == people.len()
            && self.live == people.len()
            && self.base.n as usize == people.len()
            && self.delta.n == 0
            && self.delta_members.is_empty()
            && self
                .records
                .iter()
                .zip(people)
                .all(|(r, p)| r.alive && FIELDS.iter().all(|&f| r.field(f) == field_of(p, f)))
    }

    /// [`is_fresh_index_of`](Self::is_fresh_index_of) `len` people of whom only the last,
    /// `tail`, are at hand: the others are known to be the ones it was built of (they were saved
    /// with it), so only the count and the records of `tail` are compared.
    pub fn is_fresh_index_ending_with(&self, len: usize, tail: &[&Person]) -> bool {
        self.records.len() == len
            && self.live == len
            && self.base.n as usize == len
            && self.delta.n == 0
            && self.delta_members.is_empty()
            && tail.len() <= len
            && self.records[len - tail.len()..]
                .iter()
                .zip(tail)
                .all(|(r, p)| r.alive && FIELDS.iter().all(|&f| r.field(f) == field_of(p, f)))
    }

    /// Reads what [`write_snapshot`](Self::write_snapshot) wrote, consuming at most `limit` bytes.
    pub fn read_snapshot(r: &mut impl Read, limit: u64) -> io::Result<SearchIndex> {
        let mut r = Reader { r, left: limit };
        let n = r.len(4 * (FIELDS.len() as u64 + 3))?;
        let text = String::from_utf8(r.bytes()?).map_err(|_| damaged("record text is not UTF-8"))?;
        let meta = r.u32s()?;
        let per = FIELDS.len() + 3;
        if meta.len() != n * per {
            return Err(damaged("record table"));
        }
        let mut records = Vec::with_capacity(n);
        let mut start = 0usize;
        for m in meta.chunks_exact(per) {
            let end = m[0] as usize;
            let ends: [u32; FIELDS.len()] = m[1..=FIELDS.len()].try_into().expect("sized chunk");
            let t = text.get(start..end).ok_or_else(|| damaged("record bounds"))?;
            let ok = ends.windows(2).all(|w| w[0] <= w[1])
                && ends[FIELDS.len() - 1] as usize == t.len()
                && ends.iter().all(|&e| t.is_char_boundary(e as usize));
            if !ok {
                return Err(damaged("record field bounds"));
            }
            let flags = m[FIELDS.len() + 1];
            records.push(Record {
                text: t.into(),
                ends,
                alive: flags & 1 == 1,
                seg: (flags >> 1) as u8,
                iid: m[per - 1],
            });
            start = end;
        }
        drop(text);
        let ncodes = r.len(16)?;
        let mut codes = FxMap::default();
        codes.reserve(ncodes);
        for _ in 0..ncodes {
            let k = String::from_utf8(r.bytes()?).map_err(|_| damaged("code key"))?;
            codes.insert(k.into_boxed_str(), r.u32s()?);
        }
        let base = r.segment(n)?;
        let delta = r.segment(n)?;
        let delta_members = r.u32s()?;
        let live = r.u64()? as usize;
        let ix = SearchIndex { records, codes, base, delta, delta_members, live };
        let home_ok = ix.records.iter().filter(|r| r.alive).all(|r| {
            let seg = if r.seg == 0 { &ix.base } else { &ix.delta };
            r.seg <= 1 && r.iid < seg.n
        });
        let ids_ok = ix.codes.values().flatten().chain(&ix.delta_members).all(|&i| (i as usize) < n);
        if !home_ok || !ids_ok {
            return Err(damaged("person numbers"));
        }
        Ok(ix)
    }
}

/// A set over `n` ids: the right number of words, and no id at or past `n`.
fn bits_ok(words: &[u64], n: u32) -> bool {
    let n = n as usize;
    words.len() == n.div_ceil(64) && (n.is_multiple_of(64) || words.last().is_none_or(|&w| w >> (n % 64) == 0))
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
    fn u32s(&mut self, v: &[u32]) -> io::Result<()> {
        self.u64(v.len() as u64)?;
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
            self.spill()?;
        }
        Ok(())
    }
    fn u64s(&mut self, v: &[u64]) -> io::Result<()> {
        self.u64(v.len() as u64)?;
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
            self.spill()?;
        }
        Ok(())
    }
    fn segment(&mut self, s: &Segment) -> io::Result<()> {
        self.u64(u64::from(s.n))?;
        // An empty segment is never searched: it is read back as the default one.
        if s.n == 0 {
            return Ok(());
        }
        self.u32s(&s.ext)?;
        self.u64s(&s.alive.words)?;
        self.bytes(s.vocab_bytes.as_bytes())?;
        self.u32s(&s.vocab_off)?;
        for p in &s.post {
            self.u32s(&p.off)?;
            self.u32s(&p.ids)?;
        }
        for d in &s.dense {
            let mut ranges: Vec<(&(u32, u32), &Bits)> = d.iter().collect();
            ranges.sort_unstable_by_key(|(k, _)| **k);
            self.u64(ranges.len() as u64)?;
            for (&(lo, hi), bits) in ranges {
                self.u64(u64::from(lo) | u64::from(hi) << 32)?;
                self.u64s(&bits.words)?;
            }
        }
        self.u32s(&s.tok_off)?;
        self.u32s(&s.tok_vid)?;
        self.bytes(&s.tok_slot)?;
        self.bytes(&s.phone_bytes)?;
        self.u32s(&s.phone_off)?;
        self.u32s(&s.gram_off)?;
        self.u32s(&s.gram_ids)
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
    fn words<const N: usize, T>(&mut self, from: fn([u8; N]) -> T) -> io::Result<Vec<T>> {
        let n = self.len(N as u64)?;
        let mut out = Vec::with_capacity(n);
        let mut buf = vec![0u8; n.min((1 << 16) / N) * N];
        let mut rest = n;
        while rest > 0 {
            let k = rest.min(buf.len() / N);
            let chunk = &mut buf[..k * N];
            self.take(chunk)?;
            out.extend(chunk.chunks_exact(N).map(|c| from(c.try_into().expect("sized chunk"))));
            rest -= k;
        }
        Ok(out)
    }
    fn u32s(&mut self) -> io::Result<Vec<u32>> {
        self.words(u32::from_le_bytes)
    }
    fn u64s(&mut self) -> io::Result<Vec<u64>> {
        self.words(u64::from_le_bytes)
    }
    fn offsets(&mut self, total: usize) -> io::Result<Vec<u32>> {
        let off = self.u32s()?;
        let ok = off.first().is_none_or(|&o| o == 0)
            && off.windows(2).all(|w| w[0] <= w[1])
            && off.last().is_none_or(|&o| o as usize == total);
        if ok { Ok(off) } else { Err(damaged("offsets")) }
    }
    fn segment(&mut self, people: usize) -> io::Result<Segment> {
        let n = self.u64()?;
        let n32 = u32::try_from(n).map_err(|_| damaged("segment size"))?;
        if n == 0 {
            return Ok(Segment::default());
        }
        let ext = self.u32s()?;
        let alive = Bits { words: self.u64s()? };
        let vocab_bytes = String::from_utf8(self.bytes()?).map_err(|_| damaged("vocabulary is not UTF-8"))?;
        let vocab_off = self.offsets(vocab_bytes.len())?;
        if vocab_off.iter().any(|&o| !vocab_bytes.is_char_boundary(o as usize)) {
            return Err(damaged("vocabulary bounds"));
        }
        let nv = vocab_off.len().saturating_sub(1);
        let mut post: [Postings; 2] = Default::default();
        for p in &mut post {
            let off = self.u32s()?;
            let ids = self.u32s()?;
            let ok = off.len() == nv + 1 && off.windows(2).all(|w| w[0] <= w[1]) && off[nv] as usize == ids.len();
            if !ok || ids.iter().any(|&i| i >= n32) {
                return Err(damaged("postings"));
            }
            *p = Postings { off, ids };
        }
        let mut dense: [FxMap<(u32, u32), Bits>; 2] = Default::default();
        for d in &mut dense {
            for _ in 0..self.len(16)? {
                let k = self.u64()?;
                let (lo, hi) = (k as u32, (k >> 32) as u32);
                let words = self.u64s()?;
                if lo > hi || hi as usize > nv || !bits_ok(&words, n32) {
                    return Err(damaged("dense ranges"));
                }
                d.insert((lo, hi), Bits { words });
            }
        }
        let tok_off = self.u32s()?;
        let tok_vid = self.u32s()?;
        let tok_slot = self.bytes()?;
        let phone_bytes = self.bytes()?;
        let phone_off = self.offsets(phone_bytes.len())?;
        let gram_off = self.u32s()?;
        let gram_ids = self.u32s()?;
        let n = n as usize;
        let ok = ext.len() == n
            && ext.iter().all(|&e| (e as usize) < people)
            && bits_ok(&alive.words, n32)
            && tok_off.len() == n + 1
            && tok_off[0] == 0
            && tok_off.windows(2).all(|w| w[0] <= w[1])
            && tok_off[n] as usize == tok_vid.len()
            && tok_slot.len() == tok_vid.len()
            && tok_vid.iter().all(|&v| (v as usize) < nv)
            && phone_off.len() == n + 1
            && gram_off.len() == 10_001
            && gram_off.windows(2).all(|w| w[0] <= w[1])
            && gram_off[10_000] as usize == gram_ids.len()
            && gram_ids.iter().all(|&i| i < n32);
        if !ok {
            return Err(damaged("segment tables"));
        }
        Ok(Segment {
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
        })
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
        for q in ["а", "ахме", "aig", "gul", "kz-000003", "4567", "ozturk ay", "ерл"] {
            assert_eq!(back.search(q, 50), ix.search(q, 50), "{q}");
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
