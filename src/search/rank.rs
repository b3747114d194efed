//! Query evaluation and ranking.
//!
//! A query is read as typed and in its wrong-layout readings (*forms*), each split into tokens
//! with a few skeleton keys each. Evaluation goes through *stages* from the best tier down:
//!
//! ```text
//!   exact code ─► exact/names ─► exact/any ─► prefix/names ─► prefix/any ─► fuzzy/names ─► fuzzy/any
//! ```
//!
//! and stops as soon as `limit` people are found. Within a stage people come out in rank order
//! for free: internal ids *are* rank positions, postings are sorted by them, and each query
//! token's candidates are a sorted list or a bitset (dense prefixes are precomputed), intersected
//! starting from the rarest token. Only survivors are checked for "each query token matches a
//! different written token" (a tiny bipartite matching over slot bitmasks).

use super::fuzzy;
use super::hash::FxSet;
use super::index::{Bits, OTHER_BIT, PHONE_SLOT, SearchIndex, Segment, phone_grams};
use super::records::Record;
use super::{FIELDS, Field, Hit, MatchSpan, Tier};
use crate::text::code::reading_keys;
use crate::text::fold::{self, Opts, Token};
use crate::text::layout;

/// Longer queries are cut: nobody types 256 characters to find a person.
const MAX_QUERY_CHARS: usize = 256;
/// Query tokens beyond this many are ignored.
const MAX_QUERY_TOKENS: usize = 12;
/// Typo tolerance starts at this many letters in a query token.
const TYPO_MIN_LETTERS: u32 = 5;
/// Skeleton keys of a token that are tried with a typo.
const TYPO_VARIANTS: usize = 2;
/// Digits needed before a query token is looked for anywhere inside phone numbers.
const PHONE_MIN_DIGITS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Q {
    Fuzzy,
    Prefix,
    Exact,
}

const STAGES: [(Q, bool); 6] =
    [(Q::Exact, true), (Q::Exact, false), (Q::Prefix, true), (Q::Prefix, false), (Q::Fuzzy, true), (Q::Fuzzy, false)];

fn score_of(tier: Tier, names_only: bool) -> u32 {
    match tier {
        Tier::Code => 7,
        Tier::Exact => 5 + u32::from(names_only),
        Tier::Prefix => 3 + u32::from(names_only),
        Tier::Fuzzy => 1 + u32::from(names_only),
    }
}

/// One query token: its skeleton keys.
#[derive(Debug, Clone)]
struct QTok {
    /// Keys that may match a whole written token (no completions).
    exact: Vec<String>,
    /// Keys that may match as a prefix (all of them).
    prefix: Vec<String>,
    letters: u32,
    /// The digits, when the token is four or more ASCII digits (phone search).
    digits: Option<Vec<u8>>,
}

#[derive(Debug, Clone)]
struct Form {
    toks: Vec<QTok>,
    /// A wrong-layout reading: everything it finds is fuzzy.
    layout: bool,
}

fn qtok(t: Token) -> QTok {
    let mut exact = Vec::new();
    let mut prefix = Vec::new();
    for v in t.variants {
        if v.text.is_empty() {
            continue;
        }
        if !v.completion {
            exact.push(v.text.clone());
        }
        prefix.push(v.text);
    }
    let digits =
        (t.digits && exact.first().is_some_and(|d| d.len() >= PHONE_MIN_DIGITS)).then(|| exact[0].as_bytes().to_vec());
    QTok { exact, prefix, letters: t.letters, digits }
}

/// A query's text as typed or in one of its wrong-layout readings, tokenized.
struct Reading {
    /// A wrong-layout reading ([`layout::alternatives`]).
    layout: bool,
    toks: Vec<Token>,
}

fn readings(query: &str) -> Vec<Reading> {
    let read = |text: String, layout: bool| {
        let mut toks = Vec::new();
        fold::tokenize(&text, Opts { spans: false, completions: true }, &mut toks);
        Reading { layout, toks }
    };
    let alternatives = layout::alternatives(query);
    let mut out = Vec::with_capacity(1 + alternatives.len());
    out.push(read(query.to_owned(), false));
    out.extend(alternatives.into_iter().map(|alt| read(alt, true)));
    out
}

fn forms_of(query: &str) -> Vec<Form> {
    match as_phone_number(query) {
        Some(phone) => forms_of_readings(readings(&phone)),
        None => forms_of_readings(readings(query)),
    }
}

/// The forms of a query's readings (those of the query written as one phone number, if it is one).
fn forms_of_readings(readings: Vec<Reading>) -> Vec<Form> {
    let mut forms = Vec::new();
    for r in readings {
        let toks: Vec<QTok> =
            r.toks.into_iter().map(qtok).filter(|t| !t.prefix.is_empty()).take(MAX_QUERY_TOKENS).collect();
        if !toks.is_empty() {
            forms.push(Form { toks, layout: r.layout });
        }
    }
    forms
}

/// A query written like a phone number (`+7 (778) 627-55-06`, `8 778 627`) as one run of digits,
/// so it is matched against phones as a whole instead of as separate short tokens. The trunk
/// prefix of Kazakhstan and Russia goes: `8 778 …` and `+7 778 …` both become `778…`.
fn as_phone_number(query: &str) -> Option<String> {
    let q = query.trim();
    let phone_like = q.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    if !phone_like || digits.len() < PHONE_MIN_DIGITS || digits.len() == q.len() {
        return None;
    }
    match digits.strip_prefix(['7', '8']) {
        Some(national) if digits.len() == 11 => Some(national.to_owned()),
        _ => Some(digits),
    }
}

/// A query token resolved against one segment's vocabulary.
#[derive(Default)]
struct RTok {
    exact: Vec<(u32, u32)>,
    prefix: Vec<(u32, u32)>,
    /// prefix ∪ one-typo ranges, computed on first use.
    fuzzy: Option<Vec<(u32, u32)>>,
    /// Internal ids whose phone contains the token's digits, computed on first use.
    phone: Option<Vec<u32>>,
}

pub(super) fn merge_ranges(mut v: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    v.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(v.len());
    for r in v {
        if r.0 >= r.1 {
            continue;
        }
        match out.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => out.push(r),
        }
    }
    out
}

fn resolve(seg: &Segment, t: &QTok) -> RTok {
    let exact = merge_ranges(t.exact.iter().filter_map(|w| seg.exact(w)).map(|v| (v, v + 1)).collect());
    let prefix = merge_ranges(t.prefix.iter().map(|w| seg.prefix_range(w)).collect());
    RTok { exact, prefix, fuzzy: None, phone: None }
}

#[inline]
fn in_ranges(v: u32, rs: &[(u32, u32)]) -> bool {
    if rs.len() <= 8 {
        rs.iter().any(|&(lo, hi)| v >= lo && v < hi)
    } else {
        let i = rs.partition_point(|&(lo, _)| lo <= v);
        i > 0 && v < rs[i - 1].1
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Candidate people of one query token in one stage.
enum CSet {
    Bits(Bits),
    List(Vec<u32>),
}

impl CSet {
    #[inline]
    fn has(&self, id: u32) -> bool {
        match self {
            CSet::Bits(b) => b.get(id),
            CSet::List(l) => l.binary_search(&id).is_ok(),
        }
    }
}

/// Evaluation of one form against one segment.
struct Plan<'a> {
    seg: &'a Segment,
    form: &'a Form,
    toks: Vec<RTok>,
}

impl<'a> Plan<'a> {
    fn new(seg: &'a Segment, form: &'a Form) -> Self {
        let toks = form.toks.iter().map(|t| resolve(seg, t)).collect();
        Plan { seg, form, toks }
    }

    /// Ranges of token `j` at quality `q` (None: this form cannot reach `q`).
    fn ranges(&mut self, j: usize, q: Q) -> Option<&[(u32, u32)]> {
        if self.form.layout {
            return (q == Q::Fuzzy).then_some(self.toks[j].prefix.as_slice());
        }
        Some(match q {
            Q::Exact => &self.toks[j].exact,
            Q::Prefix => &self.toks[j].prefix,
            Q::Fuzzy => {
                if self.toks[j].fuzzy.is_none() {
                    let t = &self.form.toks[j];
                    let mut r = self.toks[j].prefix.clone();
                    if t.letters >= TYPO_MIN_LETTERS && t.digits.is_none() {
                        for w in t.exact.iter().take(TYPO_VARIANTS) {
                            r.extend(fuzzy::typo_ranges(self.seg, w));
                        }
                    }
                    self.toks[j].fuzzy = Some(merge_ranges(r));
                }
                self.toks[j].fuzzy.as_deref().unwrap_or_default()
            }
        })
    }

    /// People whose phone contains token `j`'s digits (sorted internal ids).
    fn phone(&mut self, j: usize) -> Option<&[u32]> {
        if self.form.layout {
            return None;
        }
        let d = self.form.toks[j].digits.as_ref()?;
        if self.toks[j].phone.is_none() {
            let seg = self.seg;
            let mut grams = Vec::new();
            phone_grams(d, &mut grams);
            let best = grams
                .iter()
                .map(|&g| (seg.gram_off[g + 1] - seg.gram_off[g], g))
                .min()
                .map(|(_, g)| &seg.gram_ids[seg.gram_off[g] as usize..seg.gram_off[g + 1] as usize])
                .unwrap_or(&[]);
            let ids = best.iter().copied().filter(|&id| contains(seg.phone(id), d).is_some()).collect();
            self.toks[j].phone = Some(ids);
        }
        self.toks[j].phone.as_deref()
    }

    /// The candidate set of token `j` in stage (q, names_only).
    fn set(&mut self, j: usize, q: Q, names_only: bool) -> Option<(CSet, usize)> {
        let phone: Vec<u32> = if q != Q::Exact && !names_only {
            self.phone(j).map(<[u32]>::to_vec).unwrap_or_default()
        } else {
            Vec::new()
        };
        let seg = self.seg;
        let ranges = self.ranges(j, q)?;
        let classes: &[usize] = if names_only { &[0] } else { &[0, 1] };
        let mut count = phone.len();
        for &c in classes {
            for &(lo, hi) in ranges {
                count += seg.post[c].count(lo, hi);
            }
        }
        if count == 0 {
            return Some((CSet::List(Vec::new()), 0));
        }
        let n = seg.n as usize;
        if count * 128 > n {
            let mut b = Bits::new(n);
            for &c in classes {
                for &(lo, hi) in ranges {
                    if let Some(d) = seg.dense[c].get(&(lo, hi)) {
                        b.or_assign(d);
                    } else {
                        for &id in seg.post[c].range(lo, hi) {
                            b.set(id);
                        }
                    }
                }
            }
            for &id in &phone {
                b.set(id);
            }
            Some((CSet::Bits(b), count))
        } else {
            let mut l = Vec::with_capacity(count);
            for &c in classes {
                for &(lo, hi) in ranges {
                    l.extend_from_slice(seg.post[c].range(lo, hi));
                }
            }
            l.extend_from_slice(&phone);
            l.sort_unstable();
            l.dedup();
            Some((CSet::List(l), count))
        }
    }

    /// Up to `need` people of this stage in rank order, skipping `skip` (ext idxs).
    fn run(&mut self, q: Q, names_only: bool, need: usize, skip: &FxSet<u32>) -> Vec<u32> {
        let m = self.form.toks.len();
        let mut sets = Vec::with_capacity(m);
        for j in 0..m {
            match self.set(j, q, names_only) {
                Some((s, c)) if c > 0 => sets.push((c, s)),
                _ => return Vec::new(),
            }
        }
        // Slot ranges per token for the distinct-token check.
        let check = m > 1;
        let ranges: Vec<Vec<(u32, u32)>> =
            if check { (0..m).map(|j| self.ranges(j, q).unwrap_or_default().to_vec()).collect() } else { Vec::new() };
        let digits: Vec<Option<&[u8]>> = self.form.toks.iter().map(|t| t.digits.as_deref()).collect();
        let seg = self.seg;
        let mut out = Vec::new();
        let accept = |id: u32, out: &mut Vec<u32>| -> bool {
            if !seg.alive.get(id) || skip.contains(&seg.ext[id as usize]) {
                return false;
            }
            if check && !distinct_tokens(seg, id, &ranges, &digits, q != Q::Exact && !names_only, names_only) {
                return false;
            }
            out.push(id);
            out.len() >= need
        };
        sets.sort_by_key(|(c, _)| *c);
        let all_bits = sets.iter().all(|(_, s)| matches!(s, CSet::Bits(_)));
        if all_bits {
            let words = seg.alive.words.len();
            for w in 0..words {
                let mut x = seg.alive.words[w];
                for (_, s) in &sets {
                    if let CSet::Bits(b) = s {
                        x &= b.words[w];
                    }
                }
                while x != 0 {
                    let id = (w as u32) * 64 + x.trailing_zeros();
                    x &= x - 1;
                    if accept(id, &mut out) {
                        return out;
                    }
                }
            }
        } else {
            let (driver, rest) = sets.split_first().expect("m >= 1");
            let list: &[u32] = match &driver.1 {
                CSet::List(l) => l,
                CSet::Bits(_) => unreachable!("the smallest set is a list when not all are bitsets"),
            };
            'ids: for &id in list {
                for (_, s) in rest {
                    if !s.has(id) {
                        continue 'ids;
                    }
                }
                if accept(id, &mut out) {
                    return out;
                }
            }
        }
        out
    }
}

/// Whether each query token can be given a different written token of person `id`.
fn distinct_tokens(
    seg: &Segment,
    id: u32,
    ranges: &[Vec<(u32, u32)>],
    digits: &[Option<&[u8]>],
    phone_ok: bool,
    names_only: bool,
) -> bool {
    let m = ranges.len();
    let mut masks = [0u64; MAX_QUERY_TOKENS];
    let (vids, slots) = seg.person_tokens(id);
    for (&v, &s) in vids.iter().zip(slots) {
        if names_only && s & OTHER_BIT != 0 {
            continue;
        }
        let bit = 1u64 << (s & 0x3f);
        for j in 0..m {
            if in_ranges(v, &ranges[j]) {
                masks[j] |= bit;
            }
        }
    }
    if phone_ok {
        for j in 0..m {
            if let Some(d) = digits[j]
                && contains(seg.phone(id), d).is_some()
            {
                masks[j] |= 1 << PHONE_SLOT;
            }
        }
    }
    has_matching(&masks[..m])
}

/// Is there an injective assignment of tokens to slots, token j taking a slot of `masks[j]`?
fn has_matching(masks: &[u64]) -> bool {
    fn augment(j: usize, masks: &[u64], owner: &mut [u8; 64], visited: &mut u64) -> bool {
        let mut cand = masks[j] & !*visited;
        while cand != 0 {
            let s = cand.trailing_zeros() as usize;
            cand &= cand - 1;
            *visited |= 1 << s;
            if owner[s] == u8::MAX || augment(owner[s] as usize, masks, owner, visited) {
                owner[s] = j as u8;
                return true;
            }
        }
        false
    }
    let mut owner = [u8::MAX; 64];
    for j in 0..masks.len() {
        let mut visited = 0u64;
        if !augment(j, masks, &mut owner, &mut visited) {
            return false;
        }
    }
    true
}

/// A found person, before it becomes a [`Hit`].
struct Found {
    ext: u32,
    tier: Tier,
    names_only: bool,
    form: usize,
}

impl SearchIndex {
    /// The people matching `query`, best first, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        if limit == 0 || self.is_empty() {
            return Vec::new();
        }
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let codes = self.code_matches(&query);
        let forms = forms_of(&query);
        // Room for the rows a desk asks for, without growing (a limit may also be "everyone").
        let room = limit.min(256);
        let mut found: Vec<Found> = Vec::with_capacity(room);
        let mut skip: FxSet<u32> = FxSet::with_capacity_and_hasher(room, Default::default());
        // 1. The exact registration code.
        for idx in codes {
            if found.len() < limit && skip.insert(idx as u32) {
                found.push(Found { ext: idx as u32, tier: Tier::Code, names_only: false, form: usize::MAX });
            }
        }
        if forms.is_empty() {
            return self.finish(found);
        }
        // 2. Stages, best first, over both segments and all forms.
        let segs: Vec<&Segment> = [&self.base, &self.delta].into_iter().filter(|s| s.n > 0).collect();
        let mut plans: Vec<Vec<Plan>> = segs.iter().map(|s| forms.iter().map(|f| Plan::new(s, f)).collect()).collect();
        for (q, names_only) in STAGES {
            let need = limit - found.len();
            if need == 0 {
                break;
            }
            // (sort key if several segments, ext, form)
            let mut batch: Vec<(u32, usize)> = Vec::new();
            let mut per_seg: Vec<Vec<(u32, usize)>> = Vec::new();
            for seg_plans in plans.iter_mut() {
                let mut got: Vec<(u32, usize)> = Vec::new(); // (iid, form)
                for (fi, plan) in seg_plans.iter_mut().enumerate() {
                    if plan.form.layout && q != Q::Fuzzy {
                        continue;
                    }
                    for iid in plan.run(q, names_only, need, &skip) {
                        got.push((iid, fi));
                    }
                }
                got.sort_by_key(|&(iid, fi)| (iid, fi));
                got.dedup_by_key(|x| x.0);
                got.truncate(need);
                let seg = segs[per_seg.len()];
                per_seg.push(got.into_iter().map(|(iid, fi)| (seg.ext[iid as usize], fi)).collect());
            }
            if per_seg.len() == 1 {
                batch = per_seg.pop().unwrap_or_default();
            } else {
                let mut keyed: Vec<(String, u32, usize)> = per_seg
                    .into_iter()
                    .flatten()
                    .map(|(e, fi)| (self.records.at(e as usize).sort_key(), e, fi))
                    .collect();
                keyed.sort();
                batch.extend(keyed.into_iter().map(|(_, e, fi)| (e, fi)));
            }
            let tier = match q {
                Q::Exact => Tier::Exact,
                Q::Prefix => Tier::Prefix,
                Q::Fuzzy => Tier::Fuzzy,
            };
            for (e, fi) in batch.into_iter().take(need) {
                if skip.insert(e) {
                    let tier = if forms[fi].layout { Tier::Fuzzy } else { tier };
                    found.push(Found { ext: e, tier, names_only, form: fi });
                }
            }
        }
        self.finish(found)
    }

    /// The person whose registration code `query` is ([`crate::text::code`]: any case, either
    /// keyboard layout), when exactly one person has it: a scanner's code + Enter.
    pub fn exact_code(&self, query: &str) -> Option<usize> {
        let m = self.code_matches(query);
        (m.len() == 1).then(|| m[0])
    }

    /// The people whose code `query` is: those of the first reading of it that is someone's code.
    fn code_matches(&self, query: &str) -> Vec<usize> {
        let q: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let mut out: Vec<usize> = Vec::new();
        for k in reading_keys(&q) {
            for i in self.codes.get(&k) {
                if self.records.alive(i as usize) && !out.contains(&(i as usize)) {
                    out.push(i as usize);
                }
            }
            if !out.is_empty() {
                break;
            }
        }
        out.sort_by_cached_key(|&i| (self.records.at(i).sort_key(), i));
        out
    }

    fn finish(&self, found: Vec<Found>) -> Vec<Hit> {
        found
            .into_iter()
            .map(|f| Hit {
                idx: f.ext as usize,
                code: self.records.at(f.ext as usize).field(Field::Code).to_string(),
                tier: f.tier,
                score: score_of(f.tier, f.names_only),
                fuzzy: f.tier == Tier::Fuzzy,
                form: f.form,
                names_only: f.names_only,
            })
            .collect()
    }

    /// Prepares highlighting for hits of `query` (the same text that was given to
    /// [`search`](Self::search)): reads the query once, then [`Highlighter::spans`] per hit.
    pub fn highlighter(&self, query: &str) -> Highlighter<'_> {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        Highlighter { index: self, forms: forms_of(&query) }
    }

    /// What of `hit`'s fields `query` matched, for highlighting (char ranges). For several hits
    /// of one query, [`highlighter`](Self::highlighter) reads the query only once.
    pub fn highlight(&self, query: &str, hit: &Hit) -> Vec<MatchSpan> {
        self.highlighter(query).spans(hit)
    }
}

/// Highlighting for the hits of one query, computed only for the hits that are shown: searching
/// does not compute it (folding every field of every hit again was most of a query's time).
pub struct Highlighter<'a> {
    index: &'a SearchIndex,
    forms: Vec<Form>,
}

impl Highlighter<'_> {
    /// What of `hit`'s fields the query matched (char ranges of the stored texts). `hit` must
    /// come from [`SearchIndex::search`] with this query on this index.
    pub fn spans(&self, hit: &Hit) -> Vec<MatchSpan> {
        let Some(r) = self.index.records.get(hit.idx) else { return Vec::new() };
        if hit.tier == Tier::Code {
            let n = r.field(Field::Code).chars().count();
            return vec![MatchSpan { field: Field::Code, start: 0, end: n }];
        }
        match self.forms.get(hit.form) {
            Some(form) => highlight(r, form, hit.tier, hit.names_only),
            None => Vec::new(),
        }
    }
}

/// Which parts of the person's fields the query tokens matched (char ranges).
fn highlight(r: Record<'_>, form: &Form, tier: Tier, names_only: bool) -> Vec<MatchSpan> {
    // candidates: (token j, slot, quality, span)
    let mut cands: Vec<(usize, usize, u8, MatchSpan)> = Vec::new();
    let mut slot = 0usize;
    let mut toks = Vec::new();
    for f in FIELDS {
        if names_only && !f.is_name() {
            continue;
        }
        let text = r.field(f);
        if text.is_empty() {
            continue;
        }
        if f == Field::Phone {
            // Digit positions of the phone, as char indexes.
            let pos: Vec<usize> =
                text.chars().enumerate().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
            let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_digit).collect();
            for (j, t) in form.toks.iter().enumerate() {
                let hit = t
                    .prefix
                    .iter()
                    .filter(|w| w.bytes().all(|b| b.is_ascii_digit()))
                    .find_map(|w| digits.starts_with(w.as_bytes()).then_some((0, w.len(), 2u8)))
                    .or_else(|| t.digits.as_ref().and_then(|d| contains(&digits, d).map(|p| (p, d.len(), 1u8))));
                if let Some((p, l, qual)) = hit
                    && l > 0
                    && p + l <= pos.len()
                {
                    cands.push((j, slot, qual, MatchSpan { field: f, start: pos[p], end: pos[p + l - 1] + 1 }));
                }
            }
            slot += 1;
            continue;
        }
        toks.clear();
        fold::tokenize(text, Opts { spans: true, completions: false }, &mut toks);
        if f == Field::Code && !toks.is_empty() {
            // The code as one word matches the whole field.
            let joined: String = toks.iter().map(|t| t.variants[0].text.as_str()).collect();
            let n = text.chars().count() as u32;
            let whole = Token {
                start: 0,
                end: n,
                variants: vec![fold::Variant { text: joined, src: Vec::new(), completion: false }],
                letters: 0,
                digits: false,
            };
            toks.push(whole);
        }
        for t in &toks {
            for (j, qt) in form.toks.iter().enumerate() {
                if let Some((qual, len)) = best_match(qt, t, tier, form.layout) {
                    let v = &t.variants[0];
                    let end = if len.is_none() || v.src.is_empty() {
                        t.end
                    } else {
                        let l = len.unwrap_or(0);
                        t.variants.iter().find_map(|v| v.src.get(l.wrapping_sub(1)).map(|s| s.1)).unwrap_or(t.end)
                    };
                    cands.push((j, slot, qual, MatchSpan { field: f, start: t.start as usize, end: end as usize }));
                }
            }
            slot += 1;
        }
    }
    // Greedy distinct assignment: tokens with fewer options first, best quality first.
    let m = form.toks.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by_key(|&j| cands.iter().filter(|c| c.0 == j).count());
    let mut used: Vec<usize> = Vec::new();
    let mut spans: Vec<MatchSpan> = Vec::new();
    for j in order {
        let best = cands.iter().filter(|c| c.0 == j && !used.contains(&c.1)).max_by_key(|c| (c.2, c.3.end - c.3.start));
        if let Some(c) = best {
            used.push(c.1);
            spans.push(c.3);
        }
    }
    spans.sort_by_key(|s| (s.field, s.start, s.end));
    spans.dedup();
    spans
}

/// Best way query token `qt` matches written token `t`: (quality, matched skeleton length, or
/// None for the whole token).
fn best_match(qt: &QTok, t: &Token, tier: Tier, layout: bool) -> Option<(u8, Option<usize>)> {
    let allow_typo = tier == Tier::Fuzzy && !layout && qt.letters >= TYPO_MIN_LETTERS && qt.digits.is_none();
    let mut best: Option<(u8, Option<usize>)> = None;
    let mut better = |cand: (u8, Option<usize>)| {
        if best.is_none_or(|b| cand.0 > b.0) {
            best = Some(cand);
        }
    };
    for v in &t.variants {
        for w in &qt.exact {
            if v.text == *w {
                better((3, None));
            }
        }
        for w in &qt.prefix {
            if v.text.starts_with(w.as_str()) {
                better((2, Some(w.chars().count())));
            }
        }
        if allow_typo {
            let vc: Vec<char> = v.text.chars().collect();
            for w in qt.exact.iter().take(TYPO_VARIANTS) {
                let wc: Vec<char> = w.chars().collect();
                if let Some(l) = fuzzy::prefix_typo_len(&wc, &vc) {
                    better((1, Some(l)));
                }
            }
        }
    }
    best.map(|(q, l)| (q, l.filter(|&l| l < t.variants[0].text.chars().count().max(1))))
}
