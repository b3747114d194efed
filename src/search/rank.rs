//! Query evaluation and ranking.
//!
//! A query is read as typed and in its wrong-layout readings (*forms*), each split into tokens
//! with a few keys each: its skeletons, its letters as typed and folded within their script, and
//! (for a traditional surname) the skeletons of its Soviet form. Evaluation goes through *stages*
//! from the best down and stops as soon as `limit` people are found:
//!
//! ```text
//!   exact code ─► e-mail start ─► for tier in exact, prefix:
//!                                   for fields in family+given+other spelling, + patronymic, any:
//!                                     for level in letters as typed, folded, any spelling, surname form:
//!                                 fuzzy, for fields as above:
//!                                   wrong-layout readings (whole words, then starts), typos
//! ```
//!
//! (the fields beyond the names have their skeletons only: one level). A stage at a level finds
//! the people whose every token matches at that level or better; one whose wider ranges hold no
//! more postings than the level above is skipped. Within a stage people come out in rank order
//! for free: internal ids *are* rank positions, postings are sorted by them, and each query
//! token's candidates are a sorted list or a bitset (dense prefixes are precomputed), intersected
//! starting from the rarest token. With several tokens, survivors are checked for "each query
//! token matches a different written token" (a tiny bipartite matching over slot bitmasks), and
//! since they can differ in how exactly each token matched, a stage takes a few more people than
//! it needs and orders them by that first ([`contribution`]).

use std::cell::{OnceCell, RefCell};

use super::emails::email_key;
use super::fuzzy;
use super::hash::FxSet;
use super::index::{
    Bits, Class, FOLD_MARK, FORM_MARK, LIT_MARK, PHONE_SLOT, SLOT_BITS, SearchIndex, Segment, first_slot, phone_grams,
};
use super::records::Record;
use super::{FIELDS, Field, Hit, Match, MatchSpan, Matched, Tier};
use crate::text::code::reading_keys;
use crate::text::fold::{self, LetterEdits, Opts, Token};
use crate::text::layout;

/// Longer queries are cut: nobody types 256 characters to find a person.
const MAX_QUERY_CHARS: usize = 256;
/// Query tokens beyond this many are ignored.
pub(crate) const MAX_QUERY_TOKENS: usize = 12;
/// Typo tolerance starts at this many letters in a query token.
const TYPO_MIN_LETTERS: u32 = 5;
/// Skeleton keys of a token that are tried with a typo.
const TYPO_VARIANTS: usize = 2;
/// Digits needed before a query token is looked for anywhere inside phone numbers.
const PHONE_MIN_DIGITS: usize = 4;
/// People a stage takes, at least, when they must be ordered by how exactly they matched
/// before the first `limit` of them are kept.
const SCORED_MIN: usize = 64;

/// How exactly a token matched, as the stages count it (higher is better): with a typo, by the
/// other form of a surname, by a skeleton (another spelling), by the letters folded within their
/// script, by the letters typed.
type Level = u8;
const TYPO: Level = 0;
const FORM: Level = 1;
const SKEL: Level = 2;
const FOLD: Level = 3;
const LIT: Level = 4;
/// Levels a query token is resolved at, best first.
const LEVELS: [Level; 4] = [LIT, FOLD, SKEL, FORM];

fn match_of(level: Level, layout: bool) -> Match {
    match (layout, level) {
        (true, _) => Match::Layout,
        (false, LIT) => Match::Exact,
        (false, FOLD) => Match::Folded,
        (false, SKEL) => Match::Transliterated,
        (false, FORM) => Match::SurnameForm,
        _ => Match::Typo,
    }
}

/// Which tiers a form may reach, and how its candidate ranges are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Q {
    Fuzzy,
    Prefix,
    Exact,
}

impl Q {
    fn tier(self) -> Tier {
        match self {
            Q::Exact => Tier::Exact,
            Q::Prefix => Tier::Prefix,
            Q::Fuzzy => Tier::Fuzzy,
        }
    }
}

/// The stages of the name search, best first: each tier, then the fields it needs, then how
/// exactly the tokens match. In the fuzzy tier a wrong-layout reading is matched at any level,
/// whole written tokens first (the tiers above in one), then come typos.
fn stages() -> impl Iterator<Item = Stage> {
    const CLASSES: [Class; 3] = [Class::Primary, Class::Secondary, Class::Other];
    // Only the name fields keep their letters as written and surname forms.
    let levels = |class: Class| -> &'static [Level] { if class == Class::Other { &[SKEL] } else { &LEVELS } };
    let tier = |q: Q, whole: bool| {
        CLASSES
            .into_iter()
            .flat_map(move |class| levels(class).iter().map(move |&level| Stage { q, class, level, whole }))
    };
    let fuzzy = CLASSES.into_iter().flat_map(move |class| {
        [(FORM, true), (FORM, false), (TYPO, false)].map(|(level, whole)| Stage { q: Q::Fuzzy, class, level, whole })
    });
    tier(Q::Exact, true).chain(tier(Q::Prefix, false)).chain(fuzzy)
}

/// A hit's sort score: higher first, in the order of the stages, then [`contribution`]s within
/// one (below 2^19).
fn hit_score(tier: Tier, st: Stage, within: u32) -> u32 {
    let tier = match tier {
        Tier::Fuzzy => 0,
        Tier::Prefix => 1,
        Tier::Exact => 2,
        Tier::Email => 3,
        Tier::Code => 4,
    };
    let level = u32::from(st.level) << 1 | u32::from(st.whole);
    (tier << 29) | ((2 - st.class as u32) << 27) | (level << 23) | within.min((1 << 19) - 1)
}

/// One query token: its keys.
#[derive(Debug, Clone)]
struct QTok {
    /// The token as typed (in its reading), to say how it matched.
    typed: String,
    /// Skeletons that may match a whole written token (no completions).
    exact: Vec<String>,
    /// Skeletons that may match as a prefix (all of them).
    prefix: Vec<String>,
    /// The letters as typed, after [`LIT_MARK`]: they match a name's letters as written.
    literal: String,
    /// The letters folded within their script, after each mark: they match a name's letters
    /// folded ([`FOLD_MARK`]), or as written where folding changes nothing ([`LIT_MARK`]).
    folded: Vec<String>,
    /// Skeletons of the token's own Soviet form, if it is a traditional surname
    /// ([`Token::surname_forms`]): they match a Soviet form stored (the token's skeletons after
    /// [`FORM_MARK`] match a traditional one stored, typed in its Soviet form).
    surname_forms: Vec<String>,
    letters: u32,
    /// The digits, when the token is four or more ASCII digits (phone search).
    digits: Option<Vec<u8>>,
    /// What the typo pass on skeletons cannot see of this token, made when it first needs it.
    edits: OnceCell<LetterEdits>,
}

impl QTok {
    /// What the typo pass on skeletons cannot see of this token ([`fold::letter_edits`]).
    fn edits(&self) -> &LetterEdits {
        self.edits.get_or_init(|| fold::letter_edits(self.literal.strip_prefix(LIT_MARK).unwrap_or_default()))
    }
}

#[derive(Debug, Clone)]
struct Form {
    toks: Vec<QTok>,
    /// A wrong-layout reading: everything it finds is fuzzy.
    layout: bool,
}

fn marked(mark: char, text: &str) -> String {
    let mut k = String::with_capacity(text.len() + 1);
    k.push(mark);
    k.push_str(text);
    k
}

fn qtok(t: Token, text: &[char]) -> QTok {
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
    let (literal, folded) = if t.literal.is_empty() {
        (String::new(), Vec::new())
    } else if t.folded == t.literal {
        (marked(LIT_MARK, &t.literal), vec![marked(FOLD_MARK, &t.folded)])
    } else {
        (marked(LIT_MARK, &t.literal), vec![marked(LIT_MARK, &t.folded), marked(FOLD_MARK, &t.folded)])
    };
    let typed = text.get(t.start as usize..t.end as usize).map(|cs| cs.iter().collect()).unwrap_or_default();
    QTok {
        typed,
        exact,
        prefix,
        literal,
        folded,
        surname_forms: t.surname_forms,
        letters: t.letters,
        digits,
        edits: OnceCell::new(),
    }
}

/// A query's text as typed or in one of its wrong-layout readings, tokenized.
struct Reading {
    /// A wrong-layout reading ([`layout::alternatives`]).
    layout: bool,
    text: Vec<char>,
    toks: Vec<Token>,
}

fn readings(query: &str) -> Vec<Reading> {
    let read = |text: String, layout: bool| {
        let mut toks = Vec::new();
        // A wrong-layout reading is fuzzy whatever its letters: their exactness is not asked.
        let opts = Opts { spans: false, completions: true, literal: !layout, surname: true };
        fold::tokenize(&text, opts, &mut toks);
        Reading { layout, text: text.chars().collect(), toks }
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
    let typed_tokens = readings.iter().find(|r| !r.layout).map_or(0, |r| r.toks.len());
    for r in readings {
        // A reading that breaks a typed word into pieces (`вхо` read as `d[j`) is not what
        // anyone meant, and its one-letter pieces would match half the event.
        if r.layout && r.toks.len() > typed_tokens {
            continue;
        }
        let text = r.text;
        let toks: Vec<QTok> = r
            .toks
            .into_iter()
            .map(|t| qtok(t, &text))
            .filter(|t| !t.prefix.is_empty())
            .take(MAX_QUERY_TOKENS)
            .collect();
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

/// A query typed from an e-mail address (FOLDING.md, Ranking): one word with `@`, or with a dot
/// between two letters or digits (`a.akhmet`). Its key ([`email_key`]), if so.
fn as_email_start(query: &str) -> Option<String> {
    let q = query.trim();
    if q.is_empty() || q.chars().any(char::is_whitespace) || !q.chars().any(char::is_alphabetic) {
        return None;
    }
    let chars: Vec<char> = q.chars().collect();
    let dot_inside = chars.windows(3).any(|w| w[1] == '.' && w[0].is_alphanumeric() && w[2].is_alphanumeric());
    (q.contains('@') || dot_inside).then(|| email_key(q)).flatten()
}

/// A query token resolved against one segment's vocabulary: for each level, the vocabulary
/// ranges of the words it matches at that level or better (indexed by [`Level`], sorted,
/// merged; none at [`TYPO`]), whole and as a prefix.
#[derive(Default)]
struct RTok {
    exact: [Vec<(u32, u32)>; 5],
    prefix: [Vec<(u32, u32)>; 5],
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

/// Vocabulary ranges of whole words and of prefixes.
type RangePair = (Vec<(u32, u32)>, Vec<(u32, u32)>);

fn resolve(seg: &Segment, t: &QTok) -> RTok {
    // One search per key: the words starting with it, and the first of them if it is the key
    // itself (a key that may match a whole word is also one that may match as a prefix).
    let mut key = String::new();
    let mut look_into = |mark: Option<char>, prefixes: &[String], wholes: &[String], out: &mut RangePair| {
        for w in prefixes {
            key.clear();
            key.extend(mark);
            key.push_str(w);
            let (lo, hi) = seg.prefix_range(&key);
            if lo < hi {
                out.1.push((lo, hi));
                if seg.word(lo) == key && wholes.contains(w) {
                    out.0.push((lo, lo + 1));
                }
            }
        }
    };
    let mut look = |mark: Option<char>, prefixes: &[String], wholes: &[String]| {
        let mut out = RangePair::default();
        look_into(mark, prefixes, wholes, &mut out);
        out
    };
    let literal: &[String] = if t.literal.is_empty() { &[] } else { std::slice::from_ref(&t.literal) };
    // Each level adds its own keys to those of the levels above it.
    let widen = |above: &[(u32, u32)], more: Vec<(u32, u32)>| merge_ranges(above.iter().copied().chain(more).collect());
    let (lit_e, lit_p) = look(None, literal, literal);
    let (fold_e, fold_p) = look(None, &t.folded, &t.folded);
    let (skel_e, skel_p) = look(None, &t.prefix, &t.exact);
    // The other form of a surname: a traditional one stored, its Soviet form typed (under the
    // mark), and the reverse.
    let mut forms = look(Some(FORM_MARK), &t.prefix, &t.exact);
    look_into(None, &t.surname_forms, &t.surname_forms, &mut forms);
    let (form_e, form_p) = forms;
    let lit_e = merge_ranges(lit_e);
    let fold_e = widen(&lit_e, fold_e);
    let skel_e = widen(&fold_e, skel_e);
    let form_e = widen(&skel_e, form_e);
    let lit_p = merge_ranges(lit_p);
    let fold_p = widen(&lit_p, fold_p);
    let skel_p = widen(&fold_p, skel_p);
    let form_p = widen(&skel_p, form_p);
    RTok {
        exact: [Vec::new(), form_e, skel_e, fold_e, lit_e],
        prefix: [Vec::new(), form_p, skel_p, fold_p, lit_p],
        fuzzy: None,
        phone: None,
    }
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

/// One stage's question to a [`Plan`].
#[derive(Clone, Copy)]
struct Stage {
    q: Q,
    /// The widest class of fields the tokens may match in.
    class: Class,
    /// Every token matches at this level or better ([`TYPO`]: with a typo).
    level: Level,
    /// The tokens match whole written tokens (the exact tier, and a wrong-layout reading's
    /// first stages in the fuzzy tier), else their starts.
    whole: bool,
}

impl Stage {
    /// Classes of postings this stage reads.
    fn classes(self) -> std::ops::RangeInclusive<usize> {
        0..=self.class as usize
    }

    /// Whether a phone number may stand for a token.
    fn phone_ok(self) -> bool {
        self.q != Q::Exact && self.class == Class::Other
    }
}

/// A person a stage found: internal id, the score it is ordered by within the stage, and how
/// each token matched.
#[derive(Clone, Copy)]
struct Cand {
    iid: u32,
    score: u32,
    matched: Matched,
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

    /// Makes what stages of tier `q` need that is computed on first use: the typo ranges.
    fn prepare(&mut self, st: Stage) {
        if st.level != TYPO {
            return;
        }
        for j in 0..self.toks.len() {
            if self.toks[j].fuzzy.is_some() {
                continue;
            }
            let t = &self.form.toks[j];
            let mut r = self.toks[j].prefix[usize::from(FORM)].clone();
            if t.letters >= TYPO_MIN_LETTERS && t.digits.is_none() {
                for w in t.exact.iter().take(TYPO_VARIANTS) {
                    r.extend(fuzzy::typo_ranges(self.seg, w));
                }
                let edits = t.edits();
                for w in &edits.spellings {
                    r.push(self.seg.prefix_range(w));
                }
                for (w, at) in &edits.gaps {
                    fuzzy::insertion_ranges(self.seg, w, *at, &mut r);
                }
            }
            self.toks[j].fuzzy = Some(merge_ranges(r));
        }
    }

    /// Ranges of token `j` in stage `st` (None: this form does not reach the stage). For the
    /// fuzzy tier, [`prepare`](Self::prepare) first.
    fn ranges(&self, j: usize, st: Stage) -> Option<&[(u32, u32)]> {
        if !self.reaches(st) {
            return None;
        }
        let t = &self.toks[j];
        Some(match (st.level, st.whole) {
            (TYPO, _) => t.fuzzy.as_deref().unwrap_or_default(),
            (level, true) => &t.exact[usize::from(level)],
            (level, false) => &t.prefix[usize::from(level)],
        })
    }

    /// Whether this form has people to find in stage `st`: a wrong-layout reading only in the
    /// fuzzy tier, not with typos; the text as typed in every tier, with typos in the fuzzy one.
    fn reaches(&self, st: Stage) -> bool {
        if self.form.layout { st.q == Q::Fuzzy && st.level != TYPO } else { st.q != Q::Fuzzy || st.level == TYPO }
    }

    /// Whether stage `st` would find nobody that the stage one level up (the same tier and
    /// fields; for typos, the prefixes at every level) did not: every token has the same postings
    /// there, its wider ranges adding words nobody in these fields has. Most queries are typed
    /// in one script, match no other form of a surname and no typo, so most stages add nothing.
    /// For typos, [`prepare`](Self::prepare) first.
    fn adds_nothing(&self, st: Stage) -> bool {
        let above = match st.level {
            LIT => return false,
            TYPO => Stage { q: Q::Prefix, level: FORM, whole: false, ..st },
            // The fields beyond the names have their skeletons only; a wrong-layout reading has
            // one level.
            _ if st.class == Class::Other || st.q == Q::Fuzzy => return false,
            level => Stage { level: level + 1, ..st },
        };
        (0..self.toks.len()).all(|j| self.count(j, st, 0).0 == self.count(j, above, 0).0)
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

    /// How many postings token `j` has in stage `st`, in all its classes and in its widest one.
    fn count(&self, j: usize, st: Stage, phone: usize) -> (usize, usize) {
        let Some(ranges) = self.ranges(j, st) else { return (0, 0) };
        let mut all = phone;
        let mut widest = phone;
        for c in st.classes() {
            let n: usize = ranges.iter().map(|&(lo, hi)| self.seg.post[c].count(lo, hi)).sum();
            all += n;
            if c == st.class as usize {
                widest += n;
            }
        }
        (all, widest)
    }

    /// The candidate set of token `j` in stage `st`, of `count` postings.
    fn set(&self, j: usize, st: Stage, count: usize, phone: &[u32]) -> CSet {
        let seg = self.seg;
        let ranges = self.ranges(j, st).unwrap_or_default();
        let n = seg.n as usize;
        if count * 128 > n {
            let mut b = Bits::new(n);
            for c in st.classes() {
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
            for &id in phone {
                b.set(id);
            }
            CSet::Bits(b)
        } else {
            let mut l = Vec::with_capacity(count);
            for c in st.classes() {
                for &(lo, hi) in ranges {
                    l.extend_from_slice(seg.post[c].range(lo, hi));
                }
            }
            l.extend_from_slice(phone);
            l.sort_unstable();
            l.dedup();
            CSet::List(l)
        }
    }

    /// Up to `need` people of stage `st`, skipping `skip` (ext idxs): in rank order, or, where
    /// they can differ in how exactly they matched, by [`contribution`] first.
    fn run(&mut self, st: Stage, need: usize, skip: &FxSet<u32>) -> Vec<Cand> {
        let m = self.form.toks.len();
        if !self.reaches(st) {
            return Vec::new();
        }
        self.prepare(st);
        if self.adds_nothing(st) {
            return Vec::new();
        }
        let phones: Vec<Vec<u32>> = if st.phone_ok() {
            (0..m).map(|j| self.phone(j).map(<[u32]>::to_vec).unwrap_or_default()).collect()
        } else {
            Vec::new()
        };
        let phone = |j: usize| phones.get(j).map_or(&[][..], Vec::as_slice);
        // Nothing to do when a token has no candidates, or when none has any in the widest class
        // (the people found then were all found by the narrower stages before).
        let mut counts = [(0usize, 0usize); MAX_QUERY_TOKENS];
        for (j, c) in counts.iter_mut().enumerate().take(m) {
            *c = self.count(j, st, phone(j).len());
        }
        let counts = &counts[..m];
        if counts.iter().any(|&(all, _)| all == 0) || counts.iter().all(|&(_, widest)| widest == 0) {
            return Vec::new();
        }
        let mut sets: Vec<(usize, CSet)> =
            (0..m).map(|j| (counts[j].0, self.set(j, st, counts[j].0, phone(j)))).collect();
        // Several tokens must match distinct written tokens, and then they can differ in how
        // exactly each matched. One token: the people of a stage matched it the same way (in the
        // fuzzy tier as typed, with a typo: whoever matched it otherwise was found by the tiers
        // before). A wrong-layout reading is only checked: its matches are all of a kind.
        let checked = m > 1;
        let scored = checked && !self.form.layout;
        let want = if scored { need.max(SCORED_MIN) } else { need };
        let seg = self.seg;
        let judge = Judge::new(self, st);
        let mut out: Vec<Cand> = Vec::with_capacity(want.min(SCORED_MIN));
        let accept = |id: u32, out: &mut Vec<Cand>| -> bool {
            if !seg.alive.get(id) || skip.contains(&seg.ext[id as usize]) {
                return false;
            }
            let cand = if checked {
                match judge.examine(id, scored) {
                    Some(c) => c,
                    None => return false,
                }
            } else {
                Cand { iid: id, score: 0, matched: Matched::of([match_of(st.level, self.form.layout)]) }
            };
            out.push(cand);
            out.len() >= want
        };
        sets.sort_by_key(|(c, _)| *c);
        let all_bits = sets.iter().all(|(_, s)| matches!(s, CSet::Bits(_)));
        'scan: {
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
                            break 'scan;
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
                        break 'scan;
                    }
                }
            }
        }
        if scored {
            // Stable: equal scores stay in rank order.
            out.sort_by_key(|c| std::cmp::Reverse(c.score));
            out.truncate(need);
        }
        out
    }
}

/// What a stage needs to know of each token to judge a person: the stage's ranges, and those of
/// each level for the score.
struct Judge<'p> {
    seg: &'p Segment,
    st: Stage,
    layout: bool,
    m: usize,
    stage: [&'p [(u32, u32)]; MAX_QUERY_TOKENS],
    toks: &'p [RTok],
    digits: [Option<&'p [u8]>; MAX_QUERY_TOKENS],
    /// [`examine`](Self::examine)'s list of ways, kept between the people of a stage.
    ways: RefCell<Vec<Way>>,
}

impl<'p> Judge<'p> {
    fn new(plan: &'p Plan<'_>, st: Stage) -> Judge<'p> {
        let m = plan.form.toks.len();
        let mut stage: [&[(u32, u32)]; MAX_QUERY_TOKENS] = [&[]; MAX_QUERY_TOKENS];
        let mut digits = [None; MAX_QUERY_TOKENS];
        for (j, t) in plan.form.toks.iter().enumerate() {
            stage[j] = plan.ranges(j, st).unwrap_or_default();
            digits[j] = t.digits.as_deref();
        }
        Judge {
            seg: plan.seg,
            st,
            layout: plan.form.layout,
            m,
            stage,
            toks: &plan.toks,
            digits,
            ways: RefCell::default(),
        }
    }

    /// The level at which vocabulary word `v` matches token `j`, and whether as a whole word.
    #[inline]
    fn level(&self, j: usize, v: u32) -> Option<(Level, bool)> {
        let t = &self.toks[j];
        let whole = in_ranges(v, &t.exact[usize::from(FORM)]);
        let by_level = if self.st.whole { &t.exact } else { &t.prefix };
        for level in LEVELS {
            if in_ranges(v, &by_level[usize::from(level)]) {
                return Some((level, whole));
            }
        }
        (self.st.q == Q::Fuzzy && in_ranges(v, self.stage[j])).then_some((TYPO, false))
    }

    /// Whether each query token can be given a different written token of person `id` in this
    /// stage, and if so the person as a [`Cand`]; `scored`, by the assignment of tokens to
    /// written tokens that matches best ([`contribution`]).
    fn examine(&self, id: u32, scored: bool) -> Option<Cand> {
        let m = self.m;
        let mut masks = [0u64; MAX_QUERY_TOKENS];
        // Every way a token may match a written token.
        let mut options = self.ways.borrow_mut();
        options.clear();
        let (vids, slots) = self.seg.person_tokens(id);
        for (&v, &s) in vids.iter().zip(slots) {
            // A person's tokens come in class order ([`Segment::build`]).
            if Class::of_slot(s) > self.st.class {
                break;
            }
            for (j, mask) in masks.iter_mut().enumerate().take(m) {
                if in_ranges(v, self.stage[j]) {
                    *mask |= 1u64 << (s & SLOT_BITS);
                    if scored {
                        // How, once the tokens are known to match distinct written tokens.
                        options.push((j as u8, s, v, TYPO));
                    }
                }
            }
        }
        let phone = |j: usize| self.digits[j].is_some_and(|d| contains(self.seg.phone(id), d).is_some());
        let phones = if self.st.phone_ok() { (0..m).filter(|&j| phone(j)).fold(0u16, |b, j| b | 1 << j) } else { 0 };
        for j in (0..m).filter(|&j| phones & 1 << j != 0) {
            masks[j] |= 1 << PHONE_SLOT;
        }
        if !has_matching(&masks[..m]) {
            return None;
        }
        if !scored {
            let matched = Matched::of((0..m).map(|_| match_of(self.st.level, self.layout)));
            return Some(Cand { iid: id, score: 0, matched });
        }
        for o in options.iter_mut() {
            let (j, slot, v) = (o.0, o.1, o.2);
            let (level, whole) = self.level(usize::from(j), v).unwrap_or((TYPO, false));
            *o = (j, slot & SLOT_BITS, contribution(level, whole, Class::of_slot(slot)), level);
        }
        for j in (0..m).filter(|&j| phones & 1 << j != 0) {
            options.push((j as u8, PHONE_SLOT as u8, contribution(SKEL, false, Class::Other), SKEL));
        }
        // The best way of each token on each slot, then each token's ways best first.
        options.sort_unstable_by(|a, b| (a.0, a.1, b.2).cmp(&(b.0, b.1, a.2)));
        options.dedup_by_key(|o| (o.0, o.1));
        options.sort_by(|a, b| (a.0, b.2).cmp(&(b.0, a.2)));
        let (total, levels) = best_assignment(&options, m);
        Some(Cand {
            iid: id,
            score: total + u32::from(in_order(&masks[..m])),
            matched: Matched::of(levels[..m].iter().map(|&l| match_of(l, self.layout))),
        })
    }
}

/// How much one query token matching one written token adds to a person's order within one
/// stage (higher first; the sum over the tokens, plus 1 if they were typed in the order the
/// name is written, so that `серик мурат` is Серік Мұрат before Мұрат Серік): first whether it
/// matched without a typo (a given name typed exactly beats one a letter away), then whether it
/// matched the whole written token (as the tiers do), then how exactly its letters matched, then
/// whether in the name (not the patronymic or another field). Each part's sum over
/// [`MAX_QUERY_TOKENS`] tokens keeps to its own bits.
fn contribution(level: Level, whole: bool, class: Class) -> u32 {
    (u32::from(level > TYPO) << 15)
        | (u32::from(whole) << 11)
        | (u32::from(level) << 5)
        | (u32::from(class == Class::Primary) << 1)
}

/// Query tokens that are given their written tokens by trying every way; beyond, each token
/// counts its best way (which another token may have taken).
const ASSIGN_EXACTLY: usize = 5;

/// Ways of matching one query token: (token, slot, contribution, level).
type Way = (u8, u8, u32, Level);

/// The assignment of the `m` query tokens to distinct slots with the largest sum of
/// contributions, from `ways` sorted by token, best first: the sum, and each token's level in it.
fn best_assignment(ways: &[Way], m: usize) -> (u32, [Level; MAX_QUERY_TOKENS]) {
    let mut levels = [TYPO; MAX_QUERY_TOKENS];
    let of = |j: usize| {
        let start = ways.partition_point(|o| usize::from(o.0) < j);
        &ways[start..start + ways[start..].partition_point(|o| usize::from(o.0) == j)]
    };
    if m > ASSIGN_EXACTLY {
        let mut total = 0;
        for (j, level) in levels.iter_mut().enumerate().take(m) {
            if let Some(o) = of(j).first() {
                total += o.2;
                *level = o.3;
            }
        }
        return (total, levels);
    }
    struct Search<'a> {
        ways: [&'a [Way]; ASSIGN_EXACTLY],
        m: usize,
        chosen: [usize; ASSIGN_EXACTLY],
        best: Option<(u32, [usize; ASSIGN_EXACTLY])>,
    }
    fn go(s: &mut Search, j: usize, used: u64, total: u32) {
        if j == s.m {
            if s.best.is_none_or(|(b, _)| total > b) {
                s.best = Some((total, s.chosen));
            }
            return;
        }
        for k in 0..s.ways[j].len() {
            let bit = 1u64 << s.ways[j][k].1;
            if used & bit == 0 {
                s.chosen[j] = k;
                go(s, j + 1, used | bit, total + s.ways[j][k].2);
            }
        }
    }
    let mut search = Search { ways: [&[]; ASSIGN_EXACTLY], m, chosen: [0; ASSIGN_EXACTLY], best: None };
    for (j, w) in search.ways.iter_mut().enumerate().take(m) {
        *w = of(j);
    }
    go(&mut search, 0, 0, 0);
    let Some((total, chosen)) = search.best else { return (0, levels) };
    for j in 0..m {
        levels[j] = search.ways[j][chosen[j]].3;
    }
    (total, levels)
}

/// Whether each query token can take a slot after the previous token's (`masks[j]`: the slots
/// token `j` may take): the tokens typed in the order the person's tokens are written.
fn in_order(masks: &[u64]) -> bool {
    let mut free = !0u64;
    for &mask in masks {
        let take = mask & free;
        if take == 0 {
            return false;
        }
        let slot = take.trailing_zeros();
        free = if slot >= 63 { 0 } else { !0u64 << (slot + 1) };
    }
    true
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

/// A person one stage found: the person (idx), how, and by which form of the query.
type StageHit = (u32, Cand, usize);

/// A found person, before it becomes a [`Hit`].
struct Found {
    ext: u32,
    tier: Tier,
    class: Class,
    score: u32,
    form: usize,
    matched: Matched,
}

impl SearchIndex {
    /// The people matching `query`, best first, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        if limit == 0 || self.is_empty() {
            return Vec::new();
        }
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let forms = forms_of(&query);
        // Room for the rows a desk asks for, without growing (a limit may also be "everyone").
        let room = limit.min(256);
        let mut found: Vec<Found> = Vec::with_capacity(room);
        let mut skip: FxSet<u32> = FxSet::with_capacity_and_hasher(room, Default::default());
        // 1. The exact registration code, 2. the start of an e-mail address.
        let (codes, as_typed) = self.code_matches(&query);
        let code_match = Matched::of([if as_typed { Match::Exact } else { Match::Layout }]);
        let email_match = Matched::of([Match::Exact]);
        let emails = as_email_start(&query).map(|k| self.email_matches(&k, limit)).unwrap_or_default();
        for (idx, tier, matched) in codes
            .into_iter()
            .map(|i| (i, Tier::Code, code_match))
            .chain(emails.into_iter().map(|i| (i, Tier::Email, email_match)))
        {
            if found.len() < limit && skip.insert(idx as u32) {
                let score = hit_score(tier, Stage { q: Q::Exact, class: Class::Other, level: LIT, whole: true }, 0);
                found.push(Found { ext: idx as u32, tier, class: Class::Other, score, form: usize::MAX, matched });
            }
        }
        if forms.is_empty() {
            return self.finish(found);
        }
        // 3. The stages, best first, over both segments and all forms.
        let segs: Vec<&Segment> = [&self.base, &self.delta].into_iter().filter(|s| s.n > 0).collect();
        let mut plans: Vec<Vec<Plan>> = segs.iter().map(|s| forms.iter().map(|f| Plan::new(s, f)).collect()).collect();
        for st in stages() {
            let need = limit - found.len();
            if need == 0 {
                break;
            }
            // Per segment: (candidate, form), best first, one per person.
            let mut per_seg: Vec<Vec<StageHit>> = Vec::new();
            for (si, seg_plans) in plans.iter_mut().enumerate() {
                let mut got: Vec<(Cand, usize)> = Vec::new();
                for (fi, plan) in seg_plans.iter_mut().enumerate() {
                    got.extend(plan.run(st, need, &skip).into_iter().map(|c| (c, fi)));
                }
                got.sort_by_key(|(c, fi)| (c.iid, std::cmp::Reverse(c.score), *fi));
                got.dedup_by_key(|(c, _)| c.iid);
                got.sort_by_key(|(c, _)| (std::cmp::Reverse(c.score), c.iid));
                got.truncate(need);
                per_seg.push(got.into_iter().map(|(c, fi)| (segs[si].ext[c.iid as usize], c, fi)).collect());
            }
            let batch: Vec<StageHit> = if per_seg.len() == 1 {
                per_seg.pop().unwrap_or_default()
            } else {
                let mut keyed: Vec<(std::cmp::Reverse<u32>, String, StageHit)> = per_seg
                    .into_iter()
                    .flatten()
                    .map(|x| (std::cmp::Reverse(x.1.score), self.records.at(x.0 as usize).sort_key(), x))
                    .collect();
                keyed.sort_by(|a, b| (a.0, &a.1, a.2.0).cmp(&(b.0, &b.1, b.2.0)));
                keyed.into_iter().map(|(_, _, x)| x).collect()
            };
            for (e, c, fi) in batch.into_iter().take(need) {
                if skip.insert(e) {
                    let tier = if forms[fi].layout { Tier::Fuzzy } else { st.q.tier() };
                    let score = hit_score(tier, st, c.score);
                    found.push(Found { ext: e, tier, class: st.class, score, form: fi, matched: c.matched });
                }
            }
        }
        self.finish(found)
    }

    /// The person whose registration code `query` is ([`crate::text::code`]: any case, either
    /// keyboard layout), when exactly one person has it: a scanner's code + Enter.
    pub fn exact_code(&self, query: &str) -> Option<usize> {
        let (m, _) = self.code_matches(query);
        (m.len() == 1).then(|| m[0])
    }

    /// The people whose code `query` is: those of the first reading of it that is someone's code;
    /// and whether that reading is the text as typed (not through another keyboard layout).
    fn code_matches(&self, query: &str) -> (Vec<usize>, bool) {
        let q: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let mut out: Vec<usize> = Vec::new();
        let mut as_typed = true;
        for (k, key) in reading_keys(&q).into_iter().enumerate() {
            for i in self.codes.get(&key) {
                if self.records.alive(i as usize) && !out.contains(&(i as usize)) {
                    out.push(i as usize);
                }
            }
            if !out.is_empty() {
                as_typed = k == 0;
                break;
            }
        }
        out.sort_by_cached_key(|&i| (self.records.at(i).sort_key(), i));
        (out, as_typed)
    }

    /// The people whose e-mail address starts with `key`, by address, at most `limit`.
    fn email_matches(&self, key: &str, limit: usize) -> Vec<usize> {
        self.emails.starting_with(&self.records, key, limit)
    }

    fn finish(&self, found: Vec<Found>) -> Vec<Hit> {
        found
            .into_iter()
            .map(|f| Hit {
                idx: f.ext as usize,
                code: self.records.at(f.ext as usize).field(Field::Code).to_string(),
                tier: f.tier,
                score: f.score,
                fuzzy: f.tier == Tier::Fuzzy,
                form: f.form,
                class: f.class,
                matched: f.matched,
            })
            .collect()
    }

    /// Prepares highlighting for hits of `query` (the same text that was given to
    /// [`search`](Self::search)): reads the query once, then [`Highlighter::spans`] per hit.
    pub fn highlighter(&self, query: &str) -> Highlighter<'_> {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        Highlighter { index: self, forms: forms_of(&query), query }
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
    query: String,
}

impl Highlighter<'_> {
    /// What of `hit`'s fields the query matched (char ranges of the stored texts). `hit` must
    /// come from [`SearchIndex::search`] with this query on this index.
    pub fn spans(&self, hit: &Hit) -> Vec<MatchSpan> {
        let Some(r) = self.index.records.get(hit.idx) else { return Vec::new() };
        match hit.tier {
            Tier::Code => {
                let n = r.field(Field::Code).chars().count();
                return vec![MatchSpan { field: Field::Code, start: 0, end: n }];
            }
            Tier::Email => {
                // The address's first characters, as many as the query's (spaces aside).
                let typed = self.query.chars().filter(|c| !c.is_whitespace()).count();
                let email = r.field(Field::Email);
                let end = email.chars().enumerate().filter(|(_, c)| !c.is_whitespace()).nth(typed.saturating_sub(1));
                return end.map(|(i, _)| MatchSpan { field: Field::Email, start: 0, end: i + 1 }).into_iter().collect();
            }
            _ => {}
        }
        match self.forms.get(hit.form) {
            Some(form) => highlight(r, form, hit.tier, hit.class),
            None => Vec::new(),
        }
    }
}

/// The tokens of `query` as `hit` read them (as typed, or in the other keyboard layout), each
/// with how it matched: what `checkin search --json` shows. A code or an e-mail address is one
/// token, the whole query. `hit` must come from [`SearchIndex::search`] with this query.
pub fn explain(query: &str, hit: &Hit) -> Vec<(String, Match)> {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    if !matches!(hit.tier, Tier::Code | Tier::Email)
        && let Some(form) = forms_of(&query).get(hit.form)
    {
        return form.toks.iter().map(|t| t.typed.clone()).zip(hit.matched()).collect();
    }
    hit.matched().map(|m| (query.trim().to_owned(), m)).collect()
}

/// Which parts of the person's fields the query tokens matched (char ranges).
fn highlight(r: Record<'_>, form: &Form, tier: Tier, class: Class) -> Vec<MatchSpan> {
    // candidates: (token j, slot, quality, span)
    let mut cands: Vec<(usize, usize, u8, MatchSpan)> = Vec::new();
    let mut next = 0usize;
    let mut toks = Vec::new();
    for f in FIELDS {
        if Class::of_field(f) > class {
            continue;
        }
        let text = r.field(f);
        if text.is_empty() {
            continue;
        }
        // The slots of the index ([`first_slot`]), so the assignment below is the search's.
        let mut slot = first_slot(f, next as u32) as usize;
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
            next = next.max(slot + 1);
            continue;
        }
        toks.clear();
        let surname = matches!(f, Field::Family | Field::AltSpelling);
        fold::tokenize(text, Opts { spans: true, surname, ..Opts::default() }, &mut toks);
        if f == Field::Code && !toks.is_empty() {
            // The code as one word matches the whole field.
            let joined: String = toks.iter().map(|t| t.variants[0].text.as_str()).collect();
            let n = text.chars().count() as u32;
            let whole = Token {
                start: 0,
                end: n,
                variants: vec![fold::Variant { text: joined, src: Vec::new(), completion: false }],
                ..Token::default()
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
        next = next.max(slot);
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
            let edits = qt.edits();
            for w in &edits.spellings {
                if v.text.starts_with(w.as_str()) {
                    better((1, Some(w.chars().count())));
                }
            }
            for (w, at) in &edits.gaps {
                let (before, after) = w.split_at(*at);
                let filled =
                    v.text.strip_prefix(before).and_then(|rest| rest.chars().next().map(|c| &rest[c.len_utf8()..]));
                if filled.is_some_and(|rest| rest.starts_with(after)) {
                    better((1, Some(w.chars().count() + 1)));
                }
            }
        }
    }
    // The other form of a surname: the whole written token (its letters are not the form's).
    let query_forms = || qt.surname_forms.iter();
    let written_forms = t.surname_forms.iter();
    let by_form = written_forms.clone().any(|f| qt.prefix.iter().any(|w| f.starts_with(w.as_str())))
        || t.variants.iter().any(|v| query_forms().any(|w| v.text.starts_with(w.as_str())));
    if by_form {
        let whole = written_forms.clone().any(|f| qt.exact.contains(f))
            || t.variants.iter().any(|v| query_forms().any(|w| v.text == *w));
        better((if whole { 3 } else { 2 }, None));
    }
    best.map(|(q, l)| (q, l.filter(|&l| l < t.variants[0].text.chars().count().max(1))))
}
