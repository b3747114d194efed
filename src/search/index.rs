//! The in-memory index: people, their folded tokens, a sorted vocabulary and postings.
//!
//! ```text
//!  SearchIndex
//!   ├─ records[idx]      searchable text of each person as given (for highlighting, rebuilds):
//!   │                    an arena of distinct field values, a value number per field
//!   ├─ codes             folded registration code → idx (exact code = first row): a sorted
//!   │                    table, and a small map of the codes added since
//!   ├─ emails            the people with an e-mail address, by address (an address's start
//!   │                    typed puts its owner first)
//!   ├─ base:  Segment    built in bulk; people renumbered in rank order (family, given, code)
//!   └─ delta: Segment    walk-ins and re-imports since the last bulk build (rebuilt per insert)
//!
//!  Segment (internal id = rank position, so every postings list is already in rank order)
//!   ├─ vocab             every distinct key, sorted: a prefix is a contiguous id range. The
//!   │                    skeletons of every token; for the name fields also the letters as
//!   │                    written (after LIT_MARK) and folded within their script (after
//!   │                    FOLD_MARK), which say how exactly a query token matched; for a
//!   │                    traditional surname the skeletons of its Soviet form (after FORM_MARK)
//!   ├─ post[class]       CSR postings per vocabulary id, per class of field (the name in
//!   │                    either spelling; the patronymic; the rest)
//!   ├─ dense             precomputed bitsets for 1–2 char prefixes that match many people
//!   ├─ heads             the vocabulary ranges of every 1–3 char prefix (derived, not stored)
//!   ├─ tokens            CSR per person: (vocabulary id, slot) — a slot is one written token;
//!   │                    a person's tokens in class order
//!   └─ phones            digits per person + a 4-gram index for "any part of the number"
//! ```
//!
//! Deleted or replaced people are tombstoned in their segment; the delta segment is folded into
//! the base one once it grows past [`DELTA_MAX`] people.

use super::codes::CodeIndex;
use super::emails::EmailIndex;
use super::hash::{FxHasher, FxMap};
use super::heads::{Heads, Letter};
use super::records::Records;
use super::{FIELDS, Field};
use crate::domain::Person;
use crate::domain::person::PersonText;
use crate::text::code::code_key;
use crate::text::fold::{self, Opts, Token};
use std::hash::Hasher;

/// People in the delta segment before it is merged into a rebuilt base segment.
pub(crate) const DELTA_MAX: usize = 2048;

/// Slot bit used in assignment masks for "matched inside the phone number".
pub(crate) const PHONE_SLOT: u32 = 63;
/// Highest slot a written token can get; later tokens share it.
const MAX_SLOT: u32 = 62;
/// In a slot byte, the bit telling the token comes from a non-name field.
pub(crate) const OTHER_BIT: u8 = 0x80;
/// In a slot byte, the bit telling the token comes from the patronymic.
pub(crate) const SECONDARY_BIT: u8 = 0x40;
/// In a slot byte, the bits of the slot itself.
pub(crate) const SLOT_BITS: u8 = 0x3f;
/// Classes of fields, each with postings of its own: [`Class::Primary`] ones rank first.
pub(crate) const CLASSES: usize = 3;

/// Vocabulary keys of the letters of a name token as written (lower case): a namespace of their
/// own, so they never meet a skeleton. Below every letter, so they sort first.
pub(crate) const LIT_MARK: char = '\u{1}';
/// Vocabulary keys of a name token's letters folded within their script
/// ([`fold_within_script`](crate::text::fold)), where that differs from the letters as written.
pub(crate) const FOLD_MARK: char = '\u{2}';
/// Vocabulary keys of the Soviet form of a traditional surname ([`Token::surname_forms`]): the
/// family's other name, found only at its own level.
pub(crate) const FORM_MARK: char = '\u{3}';

/// Whether `c` starts a key of its own namespace ([`LIT_MARK`], [`FOLD_MARK`], [`FORM_MARK`])
/// rather than being a letter of a skeleton.
#[inline]
pub(crate) fn is_mark(c: char) -> bool {
    matches!(c, LIT_MARK | FOLD_MARK | FORM_MARK)
}

/// Which fields a token comes from, as far as ranking cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Class {
    /// Family and given name, and the name in the other script: what a volunteer types.
    Primary = 0,
    /// The patronymic.
    Secondary = 1,
    /// Delegation, organisation, code, e-mail, phone.
    Other = 2,
}

impl Class {
    pub fn of_field(f: Field) -> Class {
        match f {
            Field::Family | Field::Given | Field::AltSpelling => Class::Primary,
            Field::Patronymic => Class::Secondary,
            _ => Class::Other,
        }
    }

    fn bits(self) -> u8 {
        match self {
            Class::Primary => 0,
            Class::Secondary => SECONDARY_BIT,
            Class::Other => OTHER_BIT,
        }
    }

    /// The class of a token's slot byte.
    #[inline]
    pub fn of_slot(slot: u8) -> Class {
        if slot & OTHER_BIT != 0 {
            Class::Other
        } else if slot & SECONDARY_BIT != 0 {
            Class::Secondary
        } else {
            Class::Primary
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Small building blocks

/// A fixed-size set of internal ids.
#[derive(Debug, Clone, Default)]
pub(crate) struct Bits {
    pub words: Vec<u64>,
}

impl Bits {
    pub fn new(n: usize) -> Self {
        Bits { words: vec![0; n.div_ceil(64)] }
    }
    pub fn full(n: usize) -> Self {
        let mut b = Bits { words: vec![!0; n.div_ceil(64)] };
        if !n.is_multiple_of(64)
            && let Some(last) = b.words.last_mut()
        {
            *last = (1u64 << (n % 64)) - 1;
        }
        b
    }
    #[inline]
    pub fn set(&mut self, i: u32) {
        self.words[(i >> 6) as usize] |= 1 << (i & 63);
    }
    #[inline]
    pub fn clear(&mut self, i: u32) {
        self.words[(i >> 6) as usize] &= !(1 << (i & 63));
    }
    #[inline]
    pub fn get(&self, i: u32) -> bool {
        self.words.get((i >> 6) as usize).is_some_and(|w| w >> (i & 63) & 1 == 1)
    }
    pub fn or_assign(&mut self, o: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&o.words) {
            *a |= *b;
        }
    }
    pub fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8
    }
}

/// Postings in compressed-row form: the ids of vocabulary entry `v` are `ids[off[v]..off[v+1]]`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Postings {
    pub off: Vec<u32>,
    pub ids: Vec<u32>,
}

impl Postings {
    /// The postings of a vocabulary id range, as one slice of sorted runs.
    #[inline]
    pub fn range(&self, lo: u32, hi: u32) -> &[u32] {
        &self.ids[self.off[lo as usize] as usize..self.off[hi as usize] as usize]
    }
    #[inline]
    pub fn count(&self, lo: u32, hi: u32) -> usize {
        (self.off[hi as usize] - self.off[lo as usize]) as usize
    }
}

/// The key under which a registration code is found as "the exact code": the one rule of
/// [`crate::text::code`], so the first row is marked as the code exactly when Enter checks that
/// code in. None for a blank code.
fn code_key_of(code: &str) -> Option<String> {
    Some(code_key(code)).filter(|k| !k.is_empty())
}

pub(crate) fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

// ---------------------------------------------------------------------------------------------
// Segment

#[derive(Debug, Clone, Default)]
pub(crate) struct Segment {
    pub n: u32,
    /// Internal id → index of the person in the whole index.
    pub ext: Vec<u32>,
    pub alive: Bits,
    pub vocab_bytes: String,
    pub vocab_off: Vec<u32>,
    /// Per [`Class`].
    pub post: [Postings; CLASSES],
    /// Bitsets of dense short-prefix ranges, keyed by (lo, hi) vocabulary range, per [`Class`].
    pub dense: [FxMap<(u32, u32), Bits>; CLASSES],
    pub tok_off: Vec<u32>,
    pub tok_vid: Vec<u32>,
    pub tok_slot: Vec<u8>,
    pub phone_bytes: Vec<u8>,
    pub phone_off: Vec<u32>,
    /// 4-gram (0..10_000) → internal ids whose phone contains it.
    pub gram_off: Vec<u32>,
    pub gram_ids: Vec<u32>,
    /// Where the words of each prefix of up to three letters lie (derived from `vocab_*`).
    pub heads: Heads,
}

/// The distinct token texts met while building, each held once, numbered as met: one arena of
/// text, and a table from a text's hash to the last number with that hash (`chain` leads from
/// a number to the one before it with the same hash). A map of boxed strings held every token
/// twice, an allocation each, and was most of a first start's memory. 32 bits of hash are
/// enough: the chain sorts out the few texts that share them.
struct Interner {
    bytes: String,
    /// Token `t` is `bytes[ends[t - 1]..ends[t]]` (from 0 for the first).
    ends: Vec<u32>,
    heads: FxMap<u32, u32>,
    chain: Vec<u32>,
}

/// In [`Interner::chain`]: no earlier token with this hash.
const CHAIN_END: u32 = u32::MAX;

impl Interner {
    fn new() -> Self {
        Interner { bytes: String::new(), ends: Vec::new(), heads: FxMap::default(), chain: Vec::new() }
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn text(&self, t: u32) -> &str {
        let start = if t == 0 { 0 } else { self.ends[t as usize - 1] as usize };
        &self.bytes[start..self.ends[t as usize] as usize]
    }

    fn id(&mut self, s: &str) -> u32 {
        let mut h = FxHasher::default();
        h.write(s.as_bytes());
        let hash = h.finish() as u32;
        let head = self.heads.get(&hash).copied().unwrap_or(CHAIN_END);
        let mut t = head;
        while t != CHAIN_END {
            if self.text(t) == s {
                return t;
            }
            t = self.chain[t as usize];
        }
        let t = self.ends.len() as u32;
        self.bytes.push_str(s);
        self.ends.push(u32::try_from(self.bytes.len()).expect("the vocabulary fits in 4 GiB"));
        self.chain.push(head);
        self.heads.insert(hash, t);
        t
    }
}

/// How a field's text is folded for the index: the name (family, given, in the other script)
/// also keeps its letters as written (how exactly a query matched; not the patronymic, whose
/// matches rank below the name's anyway), a family name also its other surname form.
pub(crate) fn fold_opts(f: Field) -> Opts {
    let literal = Class::of_field(f) == Class::Primary;
    Opts { literal, surname: matches!(f, Field::Family | Field::AltSpelling), ..Opts::default() }
}

/// Folded tokens of one field value, as (token index within the field, temp id), and how many
/// tokens the field counts (`ntok`).
fn fold_field(f: Field, text: &str, int: &mut Interner, scratch: &mut Vec<Token>, out: &mut Vec<(u32, u32)>) -> u32 {
    out.clear();
    match f {
        Field::Phone => {
            let d = phone_digits(text);
            if d.is_empty() {
                return 0;
            }
            out.push((0, int.id(&d)));
            1
        }
        _ => {
            scratch.clear();
            fold::tokenize(text, fold_opts(f), scratch);
            let mut key = String::new();
            let mut marked = |mark: char, text: &str, int: &mut Interner| {
                key.clear();
                key.push(mark);
                key.push_str(text);
                int.id(&key)
            };
            for (i, t) in scratch.iter().enumerate() {
                let i = i as u32;
                for v in &t.variants {
                    if !v.text.is_empty() {
                        out.push((i, int.id(&v.text)));
                    }
                }
                if !t.literal.is_empty() {
                    out.push((i, marked(LIT_MARK, &t.literal, int)));
                    if t.folded != t.literal && !t.folded.is_empty() {
                        out.push((i, marked(FOLD_MARK, &t.folded, int)));
                    }
                }
                for form in &t.surname_forms {
                    out.push((i, marked(FORM_MARK, form, int)));
                }
            }
            let mut ntok = scratch.len() as u32;
            if f == Field::Code && !scratch.is_empty() {
                // The code as one word, and its number without leading zeros: `kz000123`, `123`.
                let joined: String = scratch.iter().map(|t| t.variants[0].text.as_str()).collect();
                let mut extra = vec![joined];
                if let Some(last) = scratch.iter().rev().find(|t| t.digits) {
                    let num = last.variants[0].text.trim_start_matches('0');
                    if !num.is_empty() && num != last.variants[0].text {
                        extra.push(num.to_string());
                    }
                }
                for e in extra {
                    out.push((ntok, int.id(&e)));
                    ntok += 1;
                }
            }
            ntok
        }
    }
}

/// The slot of the first token of field `f`, when the fields before it took the slots below
/// `next`. The other spelling of the name takes the name's own slots: it is the same written
/// tokens in another script, so a query may not match one name twice through it (`serik serik`
/// is two people's names, not Серік with SERIK).
pub(crate) fn first_slot(f: Field, next: u32) -> u32 {
    if f == Field::AltSpelling { 0 } else { next }
}

/// The folded tokens of the field values met so far that repeat (names, delegations,
/// organisations), all in one table: a value's are `toks[start..end]`.
#[derive(Default)]
struct Memo<'a> {
    /// By the kind of folding ([`fold_opts`]) and the text.
    at: FxMap<(u8, &'a str), (u32, u32, u32)>,
    toks: Vec<(u32, u32)>,
}

impl Segment {
    /// Builds a segment over `members` (indexes into `records`), renumbering them in rank order.
    pub fn build(records: &Records, members: &[u32]) -> Segment {
        let n = members.len();
        // 1. Rank order of people: first, so their tokens are written in that order right away
        // (not folded in member order and copied over).
        let order = rank_order(records, members);
        // 2. Fold every person's fields (memoised: names repeat), in rank order, with temporary
        // vocabulary ids (numbered as met).
        let mut int = Interner::new();
        let mut memo = Memo::default();
        let mut scratch = Vec::new();
        let mut field_toks = Vec::new();
        let mut tok_off = Vec::with_capacity(n + 1);
        let mut tok_vid: Vec<u32> = Vec::new();
        let mut tok_slot: Vec<u8> = Vec::new();
        let mut ext = Vec::with_capacity(n);
        let mut by_class: Vec<(Class, u8, u32)> = Vec::new();
        tok_off.push(0u32);
        for &o in &order {
            let m = members[o as usize];
            let r = records.at(m as usize);
            let mut slot = 0u32;
            for f in FIELDS {
                let text = r.field(f);
                if text.is_empty() {
                    continue;
                }
                let other = Class::of_field(f).bits();
                let memoise = !matches!(f, Field::Code | Field::Email | Field::Phone);
                // The same text folds to other keys in another kind of field (a patronymic
                // Нұрланқызы has no surname form, a family name Нұрланқызы has).
                let opts = fold_opts(f);
                let key = (u8::from(opts.literal) | u8::from(opts.surname) << 1, text);
                let known = if memoise { memo.at.get(&key).copied() } else { None };
                let (toks, ntok) = match known {
                    Some((s, e, ntok)) => (&memo.toks[s as usize..e as usize], ntok),
                    None => {
                        let ntok = fold_field(f, text, &mut int, &mut scratch, &mut field_toks);
                        if memoise {
                            let s = memo.toks.len() as u32;
                            memo.toks.extend_from_slice(&field_toks);
                            memo.at.insert(key, (s, memo.toks.len() as u32, ntok));
                        }
                        (field_toks.as_slice(), ntok)
                    }
                };
                let first = first_slot(f, slot);
                for &(ti, id) in toks {
                    tok_slot.push((first + ti).min(MAX_SLOT) as u8 | other);
                    tok_vid.push(id);
                }
                slot = slot.max(first + ntok);
            }
            // In class order: a stage reads a person's tokens only up to its widest class.
            let start = *tok_off.last().unwrap_or(&0) as usize;
            by_class.clear();
            by_class.extend(tok_slot[start..].iter().zip(&tok_vid[start..]).map(|(&s, &v)| (Class::of_slot(s), s, v)));
            by_class.sort_by_key(|t| t.0);
            for (k, &(_, s, v)) in by_class.iter().enumerate() {
                tok_slot[start + k] = s;
                tok_vid[start + k] = v;
            }
            tok_off.push(tok_vid.len() as u32);
            ext.push(m);
        }
        drop(memo);
        drop(order);
        tok_vid.shrink_to_fit();
        tok_slot.shrink_to_fit();
        // 3. Sorted vocabulary, and the tokens' temporary ids turned into its ids.
        drop(std::mem::take(&mut int.heads));
        drop(std::mem::take(&mut int.chain));
        let mut vorder: Vec<u32> = (0..int.len() as u32).collect();
        vorder.sort_unstable_by(|&a, &b| int.text(a).cmp(int.text(b)));
        let mut remap = vec![0u32; int.len()];
        let mut vocab_bytes = String::with_capacity(int.bytes.len());
        let mut vocab_off = Vec::with_capacity(int.len() + 1);
        vocab_off.push(0u32);
        for (vid, &t) in vorder.iter().enumerate() {
            remap[t as usize] = vid as u32;
            vocab_bytes.push_str(int.text(t));
            vocab_off.push(vocab_bytes.len() as u32);
        }
        drop(int);
        let nv = vorder.len();
        drop(vorder);
        for v in &mut tok_vid {
            *v = remap[*v as usize];
        }
        drop(remap);
        // 5. Postings, per class, deduplicated per person.
        let mut counts: [Vec<u32>; CLASSES] = std::array::from_fn(|_| vec![0u32; nv + 1]);
        let mut seen: Vec<(u32, u8)> = Vec::new();
        let person_keys = |iid: usize, seen: &mut Vec<(u32, u8)>| {
            seen.clear();
            for k in tok_off[iid] as usize..tok_off[iid + 1] as usize {
                seen.push((tok_vid[k], Class::of_slot(tok_slot[k]) as u8));
            }
            seen.sort_unstable();
            seen.dedup();
        };
        for iid in 0..n {
            person_keys(iid, &mut seen);
            for &(v, c) in seen.iter() {
                counts[c as usize][v as usize + 1] += 1;
            }
        }
        let mut post: [Postings; CLASSES] = Default::default();
        for c in 0..CLASSES {
            let mut off = std::mem::take(&mut counts[c]);
            for v in 0..nv {
                off[v + 1] += off[v];
            }
            post[c] = Postings { ids: vec![0; off[nv] as usize], off };
        }
        let mut fill: [Vec<u32>; CLASSES] = std::array::from_fn(|c| post[c].off[..nv].to_vec());
        for iid in 0..n {
            person_keys(iid, &mut seen);
            for &(v, c) in seen.iter() {
                let f = &mut fill[c as usize][v as usize];
                post[c as usize].ids[*f as usize] = iid as u32;
                *f += 1;
            }
        }
        drop(fill);
        let mut seg = Segment {
            n: n as u32,
            ext,
            alive: Bits::full(n),
            vocab_bytes,
            vocab_off,
            post,
            dense: Default::default(),
            tok_off,
            tok_vid,
            tok_slot,
            ..Default::default()
        };
        seg.heads = seg.vocab_heads();
        seg.build_dense();
        seg.build_phones(records);
        seg
    }

    /// The [`Heads`] of this segment's vocabulary.
    pub fn vocab_heads(&self) -> Heads {
        Heads::of(self.vocab_len() as u32, |v| self.word(v), |p, k| self.prefix_run_end(p, k, u32::MAX))
    }

    /// Bitsets for the 1- and 2-letter prefixes that match many people, so that a query of
    /// one or two letters never has to walk a large part of the postings. A key after a mark
    /// ([`is_mark`]) counts its letters after the mark.
    fn build_dense(&mut self) {
        let n = self.n as usize;
        let threshold = (n / 64).max(256);
        let nv = self.vocab_len();
        for letters in 1..=2usize {
            let mut lo = 0u32;
            while (lo as usize) < nv {
                let w = self.word(lo);
                let marked = w.starts_with(is_mark);
                let Some(p) = char_prefix(w, letters + usize::from(marked)) else {
                    lo += 1;
                    continue;
                };
                // `word(lo)` starts with `p`: the run of words that do begins here.
                let hi = self.prefix_run_end(p, lo, u32::MAX);
                // Not for the patronymic: a query of one or two letters has found its rows in
                // the names before it gets there.
                for c in [Class::Primary as usize, Class::Other as usize] {
                    if self.post[c].count(lo, hi) >= threshold {
                        let mut b = Bits::new(n);
                        for &id in self.post[c].range(lo, hi) {
                            b.set(id);
                        }
                        self.dense[c].insert((lo, hi), b);
                    }
                }
                lo = hi.max(lo + 1);
            }
        }
    }

    fn build_phones(&mut self, records: &Records) {
        let n = self.n as usize;
        self.phone_off = Vec::with_capacity(n + 1);
        self.phone_off.push(0);
        for &e in &self.ext {
            let p = records.at(e as usize).field(Field::Phone);
            self.phone_bytes.extend(p.bytes().filter(u8::is_ascii_digit));
            self.phone_off.push(self.phone_bytes.len() as u32);
        }
        let mut counts = vec![0u32; 10_001];
        let mut g: Vec<usize> = Vec::new();
        for pass in 0..2 {
            let mut fill = counts[..10_000].to_vec();
            if pass == 1 {
                self.gram_ids = vec![0u32; counts[10_000] as usize];
            }
            for iid in 0..n {
                phone_grams(self.phone(iid as u32), &mut g);
                for &x in &g {
                    if pass == 0 {
                        counts[x + 1] += 1;
                    } else {
                        self.gram_ids[fill[x] as usize] = iid as u32;
                        fill[x] += 1;
                    }
                }
            }
            if pass == 0 {
                for x in 0..10_000 {
                    counts[x + 1] += counts[x];
                }
            }
        }
        self.gram_off = counts;
    }

    #[inline]
    pub fn phone(&self, iid: u32) -> &[u8] {
        &self.phone_bytes[self.phone_off[iid as usize] as usize..self.phone_off[iid as usize + 1] as usize]
    }

    #[inline]
    pub fn vocab_len(&self) -> usize {
        self.vocab_off.len().saturating_sub(1)
    }

    #[inline]
    pub fn word(&self, vid: u32) -> &str {
        &self.vocab_bytes[self.vocab_off[vid as usize] as usize..self.vocab_off[vid as usize + 1] as usize]
    }

    /// Vocabulary ids of the words starting with `p`: a contiguous range.
    pub fn prefix_range(&self, p: &str) -> (u32, u32) {
        self.prefix_range_within(p, 0, u32::MAX)
    }

    /// The bytes of word `vid`: what the searches below compare (byte order is the vocabulary's
    /// order, and slicing bytes needs no check of character boundaries).
    #[inline]
    fn word_bytes(&self, vid: u32) -> &[u8] {
        &self.vocab_bytes.as_bytes()[self.vocab_off[vid as usize] as usize..self.vocab_off[vid as usize + 1] as usize]
    }

    /// [`prefix_range`](Self::prefix_range) when every word starting with `p` is known to lie in
    /// `lo..hi` (the range of a prefix of `p`): a search of that range, not of the vocabulary.
    /// The range is first cut to that of `p`'s first letters ([`Heads::around`]).
    pub fn prefix_range_within(&self, p: &str, lo: u32, hi: u32) -> (u32, u32) {
        let (lo, hi) = if self.heads.is_empty() {
            (lo, hi)
        } else {
            let (a, b) = self.heads.around(p);
            (lo.max(a), hi.min(b))
        };
        let nv = hi.min(self.vocab_len() as u32);
        let (mut a, mut b) = (lo.min(nv), nv);
        let pb = p.as_bytes();
        while a < b {
            let m = a + (b - a) / 2;
            if self.word_bytes(m) < pb {
                a = m + 1;
            } else {
                b = m;
            }
        }
        // Most spellings the typo pass tries are no word's prefix: one comparison says so.
        if a == nv || !self.word_bytes(a).starts_with(pb) {
            return (a, a);
        }
        (a, self.prefix_run_end(p, a, nv))
    }

    /// The end of the run of words starting with `p` that begins at `k` (`word(k)` starts with
    /// `p`), looking no further than `hi`. Galloping from `k`: such runs are mostly short, so
    /// this costs a few comparisons where a search of `k..hi` costs its logarithm.
    pub fn prefix_run_end(&self, p: &str, k: u32, hi: u32) -> u32 {
        let hi = hi.min(self.vocab_len() as u32);
        let p = p.as_bytes();
        let (mut inside, mut step) = (k, 1u32);
        // Grow the step until it leaves the run: the end is then in inside+1 ..= probe.
        let mut outside = loop {
            let probe = inside.saturating_add(step);
            if probe >= hi {
                break hi;
            }
            if !self.word_bytes(probe).starts_with(p) {
                break probe;
            }
            inside = probe;
            step = step.saturating_mul(2);
        };
        while inside + 1 < outside {
            let m = inside + (outside - inside) / 2;
            if self.word_bytes(m).starts_with(p) {
                inside = m;
            } else {
                outside = m;
            }
        }
        outside
    }

    /// The letters that follow `pre` in the words `lo..hi` (the range of `pre`), each with the
    /// range of its words, into `out`: from [`Heads`] near the root, else by galloping.
    /// For a typo at letter `i` (0 or 1) of `query`: the letters `c` that may replace it
    /// (`inserted` false) or be added before it (`inserted` true) so that the spelling's first
    /// three letters start some word, each with the range of those words; exactly the letters
    /// after `query[..i]` whose spelling [`prefix_range_within`](Self::prefix_range_within) does
    /// not refuse at its first three letters. `None` where the table cannot tell (deeper, or a
    /// query too short for three letters).
    pub fn letters_at_typo(&self, query: &[char], i: usize) -> Option<Vec<(Letter, bool)>> {
        if self.heads.is_empty() || i > 1 {
            return None;
        }
        let letter = |l: &Letter, inserted| (*l, inserted);
        let mut out = Vec::new();
        match (i, query) {
            // c s1 s2 … and c s0 s1 …
            (0, [s0, s1, s2, ..]) => {
                out.extend(self.heads.before(*s1, *s2).filter(|l| l.c != *s0).map(|l| letter(l, false)));
                out.extend(self.heads.before(*s0, *s1).filter(|l| l.c != *s0).map(|l| letter(l, true)));
            }
            // s0 c s2 … and s0 c s1 …
            (1, [s0, s1, s2, ..]) => {
                out.extend(self.heads.between(*s0, *s2).filter(|l| l.c != *s1).map(|l| letter(l, false)));
                out.extend(self.heads.between(*s0, *s1).filter(|l| l.c != *s1).map(|l| letter(l, true)));
            }
            _ => return None,
        }
        Some(out)
    }

    pub fn letters_after(&self, pre: &str, lo: u32, hi: u32, out: &mut Vec<Letter>) {
        out.clear();
        if !self.heads.is_empty()
            && let Some(letters) = self.heads.after(pre)
        {
            out.extend_from_slice(letters);
            return;
        }
        let hi = hi.min(self.vocab_len() as u32);
        let mut k = lo;
        while k < hi {
            let w = self.word(k);
            let Some(c) = w.get(pre.len()..).and_then(|rest| rest.chars().next()) else {
                k += 1;
                continue;
            };
            let end = self.prefix_run_end(&w[..pre.len() + c.len_utf8()], k, hi).max(k + 1);
            out.push(Letter { c, lo: k, hi: end });
            k = end;
        }
    }

    #[inline]
    pub fn person_tokens(&self, iid: u32) -> (&[u32], &[u8]) {
        let (s, e) = (self.tok_off[iid as usize] as usize, self.tok_off[iid as usize + 1] as usize);
        (&self.tok_vid[s..e], &self.tok_slot[s..e])
    }

    pub fn heap_bytes(&self) -> usize {
        let v = |x: usize| x * 4;
        v(self.ext.capacity())
            + self.alive.heap_bytes()
            + self.vocab_bytes.capacity()
            + v(self.vocab_off.capacity())
            + self.post.iter().map(|p| v(p.off.capacity()) + v(p.ids.capacity())).sum::<usize>()
            + self.dense.iter().flat_map(|m| m.values()).map(|b| b.heap_bytes() + 32).sum::<usize>()
            + v(self.tok_off.capacity())
            + v(self.tok_vid.capacity())
            + self.tok_slot.capacity()
            + self.phone_bytes.capacity()
            + v(self.phone_off.capacity())
            + v(self.gram_off.capacity())
            + v(self.gram_ids.capacity())
            + self.heads.heap_bytes()
    }
}

/// Positions into `members` in rank order: by [sort key](super::records::Record::sort_key),
/// then by idx. The keys are made once, into one arena (not a `String` each).
fn rank_order(records: &Records, members: &[u32]) -> Vec<u32> {
    let mut keys = String::new();
    let mut ends = Vec::with_capacity(members.len());
    for &m in members {
        records.at(m as usize).push_sort_key(&mut keys);
        ends.push(u32::try_from(keys.len()).expect("the sort keys fit in 4 GiB"));
    }
    let key = |i: u32| {
        let start = if i == 0 { 0 } else { ends[i as usize - 1] as usize };
        &keys[start..ends[i as usize] as usize]
    };
    let mut order: Vec<u32> = (0..members.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| key(a).cmp(key(b)).then(members[a as usize].cmp(&members[b as usize])));
    order
}

/// The distinct 4-digit grams (as numbers) of a phone number's digits.
pub(crate) fn phone_grams(d: &[u8], out: &mut Vec<usize>) {
    out.clear();
    for w in d.windows(4) {
        out.push(w.iter().fold(0usize, |a, &b| a * 10 + usize::from(b - b'0')));
    }
    out.sort_unstable();
    out.dedup();
}

/// The first `n` characters of `w`, if it has that many.
fn char_prefix(w: &str, n: usize) -> Option<&str> {
    let mut it = w.char_indices();
    let mut count = 0;
    for (i, _) in it.by_ref() {
        if count == n {
            return Some(&w[..i]);
        }
        count += 1;
    }
    (count == n).then_some(w)
}

// ---------------------------------------------------------------------------------------------
// SearchIndex

/// Finds people by anything a volunteer may type. See the [module docs](super) for what matches.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    pub(crate) records: Records,
    pub(crate) codes: CodeIndex,
    pub(crate) emails: EmailIndex,
    pub(crate) base: Segment,
    pub(crate) delta: Segment,
    pub(crate) delta_members: Vec<u32>,
    pub(crate) live: usize,
}

impl SearchIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Indexes `people`; a hit's `idx` is the position in this slice.
    pub fn build(people: &[Person]) -> Self {
        Self::build_of(people.iter().map(PersonText::of))
    }

    /// Indexes the people whose text `people` gives, in order: a hit's `idx` is the position.
    /// Everything is taken from the text as it goes by, so the people can be read in place.
    pub fn build_of<'a>(people: impl ExactSizeIterator<Item = PersonText<'a>>) -> Self {
        // Other codes (a ticket secret, an ИИН) find their person as the code does; they are not
        // searchable text, so they are taken as the people go by.
        let mut entries = Vec::new();
        let records = Records::of(people.enumerate().map(|(i, p)| {
            for alias in &p.aliases {
                entries.extend(code_key_of(alias).map(|k| (k, i as u32)));
            }
            p
        }));
        let n = records.len();
        entries.reserve(n);
        for i in 0..n {
            entries.extend(code_key_of(records.at(i).field(Field::Code)).map(|k| (k, i as u32)));
        }
        let emails = EmailIndex::of(&records);
        let mut ix = SearchIndex { records, codes: CodeIndex::of(entries), emails, live: n, ..Default::default() };
        ix.rebuild_base();
        ix
    }

    /// People in the index (not counting removed ones).
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Adds a person (a walk-in); returns their `idx`, the next free position.
    pub fn insert(&mut self, person: &Person) -> usize {
        let idx = self.records.push(person);
        self.live += 1;
        self.add_codes(idx as u32, &person.aliases);
        self.delta_members.push(idx as u32);
        self.after_delta_change();
        idx
    }

    /// Replaces the person with the same registration code, or inserts a new one. Returns the idx.
    pub fn upsert(&mut self, person: &Person) -> usize {
        let existing = code_key_of(&person.code).and_then(|k| {
            self.codes.get(&k).find(|&i| {
                self.records.alive(i as usize)
                    && code_key_of(self.records.at(i as usize).field(Field::Code)).as_ref() == Some(&k)
            })
        });
        match existing {
            Some(i) => {
                self.replace(i as usize, person);
                i as usize
            }
            None => self.insert(person),
        }
    }

    /// Replaces the person at `idx` (their record is re-indexed under the same idx).
    pub fn replace(&mut self, idx: usize, person: &Person) {
        if idx >= self.records.len() {
            return;
        }
        self.unlink(idx);
        self.records.replace(idx, person);
        self.live += 1;
        self.add_codes(idx as u32, &person.aliases);
        self.delta_members.push(idx as u32);
        self.after_delta_change();
    }

    /// Removes the person at `idx` from search results.
    pub fn remove(&mut self, idx: usize) {
        if self.records.alive(idx) {
            self.unlink(idx);
            self.after_delta_change();
        }
    }

    /// Heap memory used by the index, in bytes (approximate).
    pub fn heap_bytes(&self) -> usize {
        self.records.heap_bytes()
            + self.codes.heap_bytes()
            + self.emails.heap_bytes()
            + self.base.heap_bytes()
            + self.delta.heap_bytes()
            + 4 * self.delta_members.capacity()
    }

    fn unlink(&mut self, idx: usize) {
        if !self.records.kill(idx) {
            return;
        }
        self.live -= 1;
        let (seg, iid) = self.records.home(idx);
        if seg == 0 {
            self.base.alive.clear(iid);
        } else {
            self.delta_members.retain(|&m| m as usize != idx);
        }
        // Every key: the record keeps the code, but not the person's other codes.
        self.codes.remove_person(idx as u32);
        self.emails.remove(&self.records, idx as u32);
    }

    /// Makes the person at `idx` found by their code, by each of their other codes and by their
    /// e-mail address.
    fn add_codes(&mut self, idx: u32, aliases: &[String]) {
        let code = code_key_of(self.records.at(idx as usize).field(Field::Code));
        for k in code.into_iter().chain(aliases.iter().filter_map(|a| code_key_of(a))) {
            self.codes.insert(k, idx);
        }
        self.emails.insert(&self.records, idx);
    }

    fn after_delta_change(&mut self) {
        if self.delta_members.len() > DELTA_MAX {
            self.delta_members.clear();
            self.delta = Segment::default();
            self.rebuild_base();
        } else {
            self.delta = Segment::build(&self.records, &self.delta_members);
            for (iid, &e) in self.delta.ext.iter().enumerate() {
                self.records.set_home(e as usize, 1, iid as u32);
            }
        }
    }

    fn rebuild_base(&mut self) {
        let members: Vec<u32> = (0..self.records.len() as u32).filter(|&i| self.records.alive(i as usize)).collect();
        self.base = Segment::build(&self.records, &members);
        for (iid, &e) in self.base.ext.iter().enumerate() {
            self.records.set_home(e as usize, 0, iid as u32);
        }
    }
}
