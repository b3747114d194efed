//! One-typo matching against a prefix: Damerau–Levenshtein (optimal string alignment) ≤ 1.
//!
//! In the index the typo is undone on the *query* side: every string one edit away from the
//! query skeleton that is still a prefix of some vocabulary word is looked up as a prefix range.
//! Only characters that really follow a prefix in the vocabulary are tried: a few hundred
//! look-ups even for long queries, most of which the segment's table of first letters
//! ([`heads`](super::heads)) answers without searching the vocabulary.

use super::heads::Letter;
use super::index::{Segment, is_mark};

/// Letters a typo may bring in: not the marks that start the keys of other namespaces (a typo is
/// undone on skeletons, and a skeleton never starts with a mark).
fn typed(c: char) -> bool {
    !is_mark(c)
}

/// Optimal-string-alignment distance between `a` and `b`, or `None` if it is above 1.
pub(crate) fn dl_le1(a: &[char], b: &[char]) -> bool {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if p == n && p == m {
        return true;
    }
    let (a, b) = (&a[p..], &b[p..]);
    if n == m {
        // substitution, or swap of neighbours
        a[1..] == b[1..] || (a.len() >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
    } else if n > m {
        a[1..] == *b
    } else {
        *a == b[1..]
    }
}

/// Skeleton pairs that stand for one typed letter (ч → ch, ш/щ → sh, ю → iu, я → ia): a typo in
/// that letter is two edits of the skeleton, but still one for the person who made it.
const DIGRAPHS: [&str; 4] = ["ch", "sh", "iu", "ia"];

fn starts_with_digraph(s: &[char]) -> bool {
    s.len() >= 2 && DIGRAPHS.iter().any(|d| d.chars().eq(s[..2].iter().copied()))
}

/// One typed-letter edit: [`dl_le1`], or a digraph replaced by one letter, one letter by a
/// digraph, or a digraph left out or added (`shevchshnko` ~ `shevchenko`).
pub(crate) fn letter_edit_le1(a: &[char], b: &[char]) -> bool {
    if dl_le1(a, b) {
        return true;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[p..], &b[p..]);
    let digraph_vs = |d: &[char], other: &[char]| {
        starts_with_digraph(d) && (d[2..] == *other || other.get(1..).is_some_and(|rest| d[2..] == *rest))
    };
    digraph_vs(a, b) || digraph_vs(b, a)
}

/// Length of the prefix of `word` that `query` matches with at most one typed-letter edit (the
/// longest such prefix, |query|-2 … |query|+2 skeleton letters long), if any.
pub(crate) fn prefix_typo_len(query: &[char], word: &[char]) -> Option<usize> {
    let n = query.len();
    for l in [n + 2, n + 1, n, n.saturating_sub(1), n.saturating_sub(2)] {
        if l <= word.len() && l > 0 && letter_edit_le1(query, &word[..l]) {
            return Some(l);
        }
    }
    None
}

/// Into `out`, the vocabulary ranges of the words starting with `s` with one letter added at
/// byte offset `at` (only letters that follow `s[..at]` in the vocabulary are tried).
pub(crate) fn insertion_ranges(seg: &Segment, s: &str, at: usize, out: &mut Vec<(u32, u32)>) {
    let Some(pre) = s.get(..at) else { return };
    let (lo, hi) = seg.prefix_range(pre);
    if lo >= hi {
        return;
    }
    let mut letters = Vec::new();
    seg.letters_after(pre, lo, hi, &mut letters);
    let mut buf = String::with_capacity(s.len() + 4);
    for l in letters.iter().filter(|l| typed(l.c)) {
        buf.clear();
        buf.push_str(pre);
        buf.push(l.c);
        buf.push_str(&s[at..]);
        let r = seg.prefix_range_within(&buf, l.lo, l.hi);
        if r.0 < r.1 {
            out.push(r);
        }
    }
}

/// Vocabulary ranges of the words that have a prefix one edit away from `s` (and not already a
/// prefix of `s` itself matched without a typo). Sorted, merged.
pub(crate) fn typo_ranges(seg: &Segment, s: &str) -> Vec<(u32, u32)> {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut out: Vec<(u32, u32)> = Vec::new();
    if n == 0 || seg.vocab_len() == 0 {
        return out;
    }
    // Byte offset of each char boundary.
    let mut b = Vec::with_capacity(n + 1);
    b.push(0usize);
    for c in &chars {
        b.push(b.last().copied().unwrap_or(0) + c.len_utf8());
    }
    // Longest prefix of s present in the vocabulary, and the range of each prefix up to it.
    let mut ranges: Vec<(u32, u32)> = Vec::with_capacity(n + 1);
    ranges.push((0, seg.vocab_len() as u32));
    for i in 1..=n {
        let (lo, hi) = ranges[i - 1];
        let r = seg.prefix_range_within(&s[..b[i]], lo, hi);
        if r.0 >= r.1 {
            break;
        }
        ranges.push(r);
    }
    let longest = ranges.len() - 1; // s[..longest] exists
    let mut buf = String::with_capacity(s.len() + 4);
    let mut letters: Vec<Letter> = Vec::new();
    let look_within = |t: &str, (lo, hi): (u32, u32), out: &mut Vec<(u32, u32)>| {
        let r = seg.prefix_range_within(t, lo, hi);
        if r.0 < r.1 {
            out.push(r);
        }
    };
    // Every candidate below keeps s[..i], so it is looked up within that prefix's range.
    for i in 0..n.min(longest + 1) {
        // deletion of chars[i]
        if n > 1 {
            buf.clear();
            buf.push_str(&s[..b[i]]);
            buf.push_str(&s[b[i + 1]..]);
            look_within(&buf, ranges[i], &mut out);
        }
        // swap of chars[i], chars[i+1]
        if i + 1 < n && chars[i] != chars[i + 1] {
            buf.clear();
            buf.push_str(&s[..b[i]]);
            buf.push(chars[i + 1]);
            buf.push(chars[i]);
            buf.push_str(&s[b[i + 2]..]);
            look_within(&buf, ranges[i], &mut out);
        }
    }
    // A digraph at i typed for one letter, or one letter for a digraph, or a digraph too many or
    // too few: the typed-letter edits that cost two skeleton edits (see DIGRAPHS).
    for i in 0..n.min(longest + 1) {
        let pre = &s[..b[i]];
        if starts_with_digraph(&chars[i..]) {
            buf.clear();
            buf.push_str(pre);
            buf.push_str(&s[b[i + 2]..]);
            look_within(&buf, ranges[i], &mut out);
            seg.letters_after(pre, ranges[i].0, ranges[i].1, &mut letters);
            for l in letters.iter().filter(|l| typed(l.c)) {
                buf.clear();
                buf.push_str(pre);
                buf.push(l.c);
                buf.push_str(&s[b[i + 2]..]);
                look_within(&buf, (l.lo, l.hi), &mut out);
            }
        }
    }
    for i in 0..=n.min(longest) {
        let pre = &s[..b[i]];
        for d in DIGRAPHS {
            buf.clear();
            buf.push_str(pre);
            buf.push_str(d);
            let (lo, hi) = seg.prefix_range_within(&buf, ranges[i].0, ranges[i].1);
            if lo >= hi {
                continue;
            }
            let with_digraph = buf.len();
            if i < n {
                buf.push_str(&s[b[i + 1]..]);
                look_within(&buf, (lo, hi), &mut out);
                buf.truncate(with_digraph);
            }
            buf.push_str(&s[b[i]..]);
            look_within(&buf, (lo, hi), &mut out);
        }
    }
    // substitution at i / insertion before i: only letters that follow s[..i] in the vocabulary.
    // The words starting with s[..i] + c are one block, so every look-up below is a search of
    // that block, not of the whole vocabulary (that was most of a short query's time).
    for i in 0..=n.min(longest) {
        let (lo, hi) = ranges[i];
        let pre = &s[..b[i]];
        if let Some(letters) = seg.letters_at_typo(&chars, i) {
            // Near the root, the letters that make a three-letter start with the letters around
            // them: the same look-ups, without the tries the table would refuse one by one.
            for (Letter { c, lo, hi }, inserted) in letters.into_iter().filter(|(l, _)| typed(l.c)) {
                buf.clear();
                buf.push_str(pre);
                buf.push(c);
                buf.push_str(&s[b[if inserted { i } else { i + 1 }]..]);
                look_within(&buf, (lo, hi), &mut out);
            }
            continue;
        }
        seg.letters_after(pre, lo, hi, &mut letters);
        for &Letter { c, lo, hi } in letters.iter().filter(|l| typed(l.c)) {
            buf.clear();
            buf.push_str(pre);
            buf.push(c);
            if i < n && c != chars[i] {
                buf.push_str(&s[b[i + 1]..]);
                look_within(&buf, (lo, hi), &mut out);
                buf.truncate(pre.len() + c.len_utf8());
            }
            if i == n || c != chars[i] {
                buf.push_str(&s[b[i]..]);
                look_within(&buf, (lo, hi), &mut out);
            }
        }
    }
    out.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => merged.push(r),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn one_edit() {
        assert!(dl_le1(&c("bekmuhambteov"), &c("bekmuhambetov")));
        assert!(dl_le1(&c("jambul"), &c("jambil")));
        assert!(dl_le1(&c("ahmtova"), &c("ahmetova")));
        assert!(dl_le1(&c("ahmeetova"), &c("ahmetova")));
        assert!(!dl_le1(&c("ahmteova"), &c("ahmetvoa")));
        assert!(!dl_le1(&c("abc"), &c("cba")));
    }

    #[test]
    fn a_typo_in_a_letter_written_as_two_is_still_one_edit() {
        assert!(letter_edit_le1(&c("shevchshnko"), &c("shevchenko")), "е typed as ш");
        assert!(letter_edit_le1(&c("kasimova"), &c("kasishova")), "ш typed as м");
        assert!(letter_edit_le1(&c("bakshirova"), &c("bakirova")), "an ш too many");
        assert!(letter_edit_le1(&c("bakirova"), &c("bakshirova")), "an ш too few");
        assert!(!letter_edit_le1(&c("bakxyirova"), &c("bakirova")), "only digraphs count as one letter");
        assert_eq!(prefix_typo_len(&c("shevchshn"), &c("shevchenko")), Some(8));
    }

    /// The narrowed look-ups the typo pass uses give what a search of the whole vocabulary gives.
    #[test]
    fn searches_within_a_prefix_range_agree_with_searches_of_the_whole_vocabulary() {
        let program = crate::io::sample::sample_program().unwrap();
        let index = crate::search::SearchIndex::build(&crate::io::sample::generate(1500, 7, &program));
        let seg = &index.base;
        let words: Vec<String> = (0..seg.vocab_len() as u32).step_by(7).map(|v| seg.word(v).to_owned()).collect();
        assert!(words.len() > 200, "a real vocabulary: {}", words.len());
        for w in &words {
            let cuts: Vec<usize> = w.char_indices().map(|(i, _)| i).skip(1).chain([w.len()]).collect();
            for pair in cuts.windows(2) {
                let (outer, inner) = (&w[..pair[0]], &w[..pair[1]]);
                let (lo, hi) = seg.prefix_range(outer);
                let whole = seg.prefix_range(inner);
                assert_eq!(seg.prefix_range_within(inner, lo, hi), whole, "{inner:?} within {outer:?}");
                assert!(whole.0 < whole.1, "{inner:?} is a prefix of a word");
                assert_eq!(seg.prefix_run_end(inner, whole.0, hi), whole.1, "run of {inner:?}");
                assert_eq!(seg.prefix_run_end(inner, whole.0, u32::MAX), whole.1, "run of {inner:?}, unbounded");
            }
            // Not a prefix of anything: an empty range, wherever it is searched.
            let absent = format!("{w}\u{10FFFF}");
            let (lo, hi) = seg.prefix_range(w);
            let r = seg.prefix_range_within(&absent, lo, hi);
            assert_eq!(r.0, r.1, "{absent:?}");
        }
    }

    /// The words of every spelling `typo_ranges` tries, found by a search of the whole sorted
    /// vocabulary (no [`Heads`](crate::search::heads::Heads), no narrowed ranges) and merged.
    fn typo_ranges_by_whole_searches(vocab: &[&str], s: &str) -> Vec<(u32, u32)> {
        let chars: Vec<char> = s.chars().collect();
        let n = chars.len();
        let mut letters: Vec<char> = vocab.iter().flat_map(|w| w.chars()).filter(|&c| typed(c)).collect();
        letters.sort_unstable();
        letters.dedup();
        let cat = |parts: &[&[char]]| -> String { parts.iter().flat_map(|p| p.iter()).collect() };
        let mut tries: Vec<String> = Vec::new();
        for i in 0..n {
            let (pre, rest) = (&chars[..i], &chars[i + 1..]);
            if n > 1 {
                tries.push(cat(&[pre, rest]));
            }
            if i + 1 < n && chars[i] != chars[i + 1] {
                tries.push(cat(&[pre, &[chars[i + 1], chars[i]], &chars[i + 2..]]));
            }
            if starts_with_digraph(&chars[i..]) {
                tries.push(cat(&[pre, &chars[i + 2..]]));
                for &c in &letters {
                    tries.push(cat(&[pre, &[c], &chars[i + 2..]]));
                }
            }
        }
        for i in 0..=n {
            let pre = &chars[..i];
            for d in DIGRAPHS {
                let d: Vec<char> = d.chars().collect();
                if i < n {
                    tries.push(cat(&[pre, &d, &chars[i + 1..]]));
                }
                tries.push(cat(&[pre, &d, &chars[i..]]));
            }
            for &c in &letters {
                if i < n && c != chars[i] {
                    tries.push(cat(&[pre, &[c], &chars[i + 1..]]));
                }
                if i == n || c != chars[i] {
                    tries.push(cat(&[pre, &[c], &chars[i..]]));
                }
            }
        }
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for t in &tries {
            let lo = vocab.partition_point(|w| *w < t.as_str());
            let hi = lo + vocab[lo..].iter().take_while(|w| w.starts_with(t.as_str())).count();
            if lo < hi {
                ranges.push((lo as u32, hi as u32));
            }
        }
        crate::search::rank::merge_ranges(ranges)
    }

    /// The typo pass finds exactly the words the spellings it tries start with, however its
    /// look-ups are narrowed (the two-letter table, the letters that follow a prefix).
    #[test]
    fn typo_ranges_are_those_of_whole_vocabulary_searches() {
        let program = crate::io::sample::sample_program().unwrap();
        let index = crate::search::SearchIndex::build(&crate::io::sample::generate(1000, 2016, &program));
        let seg = &index.base;
        let vocab: Vec<&str> = (0..seg.vocab_len() as u32).map(|v| seg.word(v)).collect();
        let mut queries: Vec<String> = ["serik", "sierik", "alekse", "artiom", "shinar", "bakshirova", "ahmtova"]
            .into_iter()
            .map(String::from)
            .collect();
        // Words of the vocabulary, cut, and with one letter changed, dropped or doubled.
        for (k, w) in vocab.iter().enumerate().step_by(41) {
            let cs: Vec<char> = w.chars().collect();
            if cs.len() < 3 {
                continue;
            }
            let at = k % cs.len();
            let mut changed = cs.clone();
            changed[at] = if changed[at] == 'a' { 'o' } else { 'a' };
            let mut dropped = cs.clone();
            dropped.remove(at);
            let mut doubled = cs.clone();
            doubled.insert(at, cs[at]);
            for v in [cs.clone(), cs[..cs.len() - 1].to_vec(), changed, dropped, doubled] {
                queries.push(v.into_iter().collect());
            }
        }
        queries.push("жжжжж".into());
        queries.push("zzzzz".into());
        assert!(queries.len() > 300, "{}", queries.len());
        for q in &queries {
            assert_eq!(typo_ranges(seg, q), typo_ranges_by_whole_searches(&vocab, q), "{q:?}");
        }
    }

    #[test]
    fn typo_against_a_prefix() {
        assert_eq!(prefix_typo_len(&c("ahmte"), &c("ahmetova")), Some(5));
        assert_eq!(prefix_typo_len(&c("ahmtov"), &c("ahmetova")), Some(7));
        assert_eq!(prefix_typo_len(&c("zzzzz"), &c("ahmetova")), None);
    }
}
