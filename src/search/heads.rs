//! The first letters of a segment's vocabulary: where the words of each prefix of up to
//! [`DEPTH`] letters lie.
//!
//! The vocabulary is sorted, so the words starting with a prefix are one range of ids. The typo
//! pass walks the letters that follow a prefix and looks up a spelling in each of them; near the
//! root that walk and those look-ups were most of a small event's query time (a search of a
//! first letter's words for every first letter). With this table the letters after a short
//! prefix are a list, and a look-up starts from the range of its first [`DEPTH`] letters: most
//! spellings the typo pass tries are no word's prefix, and the table says so without a search.
//!
//! Derived from the vocabulary whenever a segment is made (built or read from the snapshot), never
//! stored: a walk of the sorted words by galloping, a few comparisons per range.

/// Letters of a prefix the table knows.
pub(crate) const DEPTH: usize = 3;

/// Words `lo..hi` start with the letter `c` (after the prefix the table is for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Letter {
    pub c: char,
    pub lo: u32,
    pub hi: u32,
}

/// The `d+1`-th letters of the words (`levels[d]`), grouped by the prefix they follow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Level {
    letters: Vec<Letter>,
    /// The letters after `letters[i]` (in the next level) are [`Run`] `i` of this level.
    runs: Vec<Run>,
}

/// The letters after one prefix: `letters[start..end]` of a level, and the ASCII ones among them
/// as bits (bit `c` for letter `c`). They come in byte order, ASCII before the rest, so the
/// rank of a bit is a letter's place: skeletons are nearly all ASCII, and finding a letter is a
/// mask and a count, not a search.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Run {
    start: u32,
    end: u32,
    ascii: u128,
}

/// See the [module docs](self).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Heads {
    levels: [Level; DEPTH],
    /// The first letters: `levels[0]` whole.
    root: Run,
    /// Every three-letter start `a b c` of a word, as letter `a` (and the words starting `abc`)
    /// keyed by `(b, c)`: the letters a typo at the first letter may have replaced or added.
    before: Vec<(u64, Letter)>,
    /// The same starts as letter `b` keyed by `(a, c)`: for a typo at the second letter.
    between: Vec<(u64, Letter)>,
}

fn pair(x: char, y: char) -> u64 {
    (u64::from(x) << 32) | u64::from(y)
}

/// The letters of `table` keyed by `key` (the table is sorted by key).
fn keyed(table: &[(u64, Letter)], key: u64) -> impl Iterator<Item = &Letter> {
    let start = table.partition_point(|(k, _)| *k < key);
    table[start..].iter().take_while(move |(k, _)| *k == key).map(|(_, l)| l)
}

impl Heads {
    /// The table of a sorted vocabulary of `len` words: `word(v)` is word `v`, and
    /// `run_end(p, k)` the end of the run of words starting with `p` that begins at `k`.
    pub fn of<'a>(len: u32, word: impl Fn(u32) -> &'a str, run_end: impl Fn(&str, u32) -> u32) -> Heads {
        let mut heads = Heads::default();
        heads.root = letters_of(0, 0, len, &word, &run_end, &mut heads.levels[0].letters);
        for d in 1..DEPTH {
            let (upper, lower) = heads.levels.split_at_mut(d);
            let (parent, level) = (&mut upper[d - 1], &mut lower[0]);
            for l in &parent.letters {
                let prefix_bytes = word(l.lo).chars().take(d).map(char::len_utf8).sum();
                parent.runs.push(letters_of(prefix_bytes, l.lo, l.hi, &word, &run_end, &mut level.letters));
            }
        }
        let [first, second, third] = &heads.levels;
        for (a, run_a) in first.letters.iter().zip(&first.runs) {
            for j in run_a.start..run_a.end {
                let (b, run_b) = (second.letters[j as usize], second.runs[j as usize]);
                for c in &third.letters[run_b.start as usize..run_b.end as usize] {
                    heads.before.push((pair(b.c, c.c), Letter { c: a.c, ..*c }));
                    heads.between.push((pair(a.c, c.c), Letter { c: b.c, ..*c }));
                }
            }
        }
        // Stable: within a key, the letters stay in vocabulary order.
        heads.before.sort_by_key(|(k, _)| *k);
        heads.between.sort_by_key(|(k, _)| *k);
        heads
    }

    /// The letters `a` such that some word starts with `a b c`, each with the range of those
    /// words.
    pub fn before(&self, b: char, c: char) -> impl Iterator<Item = &Letter> {
        keyed(&self.before, pair(b, c))
    }

    /// The letters `b` such that some word starts with `a b c`, each with the range of those
    /// words.
    pub fn between(&self, a: char, c: char) -> impl Iterator<Item = &Letter> {
        keyed(&self.between, pair(a, c))
    }

    /// False for a table of no words (a default segment): it then knows nothing.
    pub fn is_empty(&self) -> bool {
        self.levels[0].letters.is_empty()
    }

    /// The letters that follow `prefix` if it is shorter than [`DEPTH`] letters, else `None`.
    pub fn after(&self, prefix: &str) -> Option<&[Letter]> {
        let mut run = self.root;
        for (d, c) in prefix.chars().enumerate() {
            if d + 1 >= DEPTH {
                return None;
            }
            let Some(i) = self.find(d, run, c) else { return Some(&[]) };
            run = self.levels[d].runs[i];
        }
        let d = prefix.chars().count();
        Some(&self.levels[d].letters[run.start as usize..run.end as usize])
    }

    /// The range of the words that start with the first [`DEPTH`] letters of `p` (all of `p` if
    /// it is shorter; everything if it is empty): every word starting with `p` lies in it.
    pub fn around(&self, p: &str) -> (u32, u32) {
        let mut range = (0, u32::MAX);
        let mut run = self.root;
        for (d, c) in p.chars().take(DEPTH).enumerate() {
            let Some(i) = self.find(d, run, c) else { return (0, 0) };
            let l = self.levels[d].letters[i];
            range = (l.lo, l.hi);
            if d + 1 < DEPTH {
                run = self.levels[d].runs[i];
            }
        }
        range
    }

    /// The place in `levels[d]` of letter `c` of `run`.
    fn find(&self, d: usize, run: Run, c: char) -> Option<usize> {
        let start = run.start as usize;
        if c.is_ascii() {
            let bit = 1u128 << c as u32;
            return (run.ascii & bit != 0).then(|| start + (run.ascii & (bit - 1)).count_ones() as usize);
        }
        let first_other = start + run.ascii.count_ones() as usize;
        let others = &self.levels[d].letters[first_other..run.end as usize];
        others.binary_search_by(|l| l.c.cmp(&c)).ok().map(|j| first_other + j)
    }

    pub fn heap_bytes(&self) -> usize {
        let levels: usize = self
            .levels
            .iter()
            .map(|l| l.letters.capacity() * size_of::<Letter>() + l.runs.capacity() * size_of::<Run>())
            .sum();
        levels + (self.before.capacity() + self.between.capacity()) * size_of::<(u64, Letter)>()
    }
}

/// Appends to `out` the letters at byte `at` of the words `lo..hi` (which share their first `at`
/// bytes), each with its words; returns them as a [`Run`] of `out`.
fn letters_of<'a>(
    at: usize,
    lo: u32,
    hi: u32,
    word: &impl Fn(u32) -> &'a str,
    run_end: &impl Fn(&str, u32) -> u32,
    out: &mut Vec<Letter>,
) -> Run {
    let mut run = Run { start: out.len() as u32, end: 0, ascii: 0 };
    let mut k = lo;
    while k < hi {
        let w = word(k);
        let Some(c) = w.get(at..).and_then(|rest| rest.chars().next()) else {
            k += 1;
            continue;
        };
        let end = run_end(&w[..at + c.len_utf8()], k).clamp(k + 1, hi);
        out.push(Letter { c, lo: k, hi: end });
        if c.is_ascii() {
            run.ascii |= 1 << c as u32;
        }
        k = end;
    }
    run.end = out.len() as u32;
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heads_of(words: &[&str]) -> Heads {
        let run_end = |p: &str, k: u32| {
            (k as usize..words.len()).find(|&j| !words[j].starts_with(p)).unwrap_or(words.len()) as u32
        };
        Heads::of(words.len() as u32, |v| words[v as usize], run_end)
    }

    #[test]
    fn letters_and_ranges_of_a_small_vocabulary() {
        let words = ["", "a", "a1", "ab", "abc", "ac", "aб", "b", "ба", "бб", "бб1", "д"];
        assert!(words.windows(2).all(|w| w[0] < w[1]), "sorted like a vocabulary");
        let h = heads_of(&words);
        let l = |c, lo, hi| Letter { c, lo, hi };
        assert_eq!(h.after("").unwrap(), [l('a', 1, 7), l('b', 7, 8), l('б', 8, 11), l('д', 11, 12)]);
        assert_eq!(h.after("a").unwrap(), [l('1', 2, 3), l('b', 3, 5), l('c', 5, 6), l('б', 6, 7)]);
        assert_eq!(h.after("б").unwrap(), [l('а', 8, 9), l('б', 9, 11)]);
        assert_eq!(h.after("b").unwrap(), []);
        assert_eq!(h.after("z").unwrap(), []);
        assert_eq!(h.after("ab").unwrap(), [l('c', 4, 5)]);
        assert_eq!(h.after("бб").unwrap(), [l('1', 10, 11)]);
        assert_eq!(h.after("ax").unwrap(), []);
        assert_eq!(h.after("abc"), None);
        assert_eq!(h.around("ab"), (3, 5));
        assert_eq!(h.around("abcx"), (4, 5));
        assert_eq!(h.around("abx"), (0, 0));
        assert_eq!(h.around("a1"), (2, 3));
        assert_eq!(h.around("ac"), (5, 6));
        assert_eq!(h.around("aб"), (6, 7));
        assert_eq!(h.around("a"), (1, 7));
        assert_eq!(h.around("бб"), (9, 11));
        assert_eq!(h.around("бб1"), (10, 11));
        assert_eq!(h.around("ax"), (0, 0));
        assert_eq!(h.around("aд"), (0, 0));
        assert_eq!(h.around("бв"), (0, 0));
        assert_eq!(h.around("x"), (0, 0));
        assert_eq!(h.around("ж"), (0, 0));
        assert_eq!(h.around(""), (0, u32::MAX));
        assert!(!h.is_empty() && heads_of(&[]).is_empty() && heads_of(&[""]).is_empty());
    }

    #[test]
    fn the_letters_before_and_between_two_are_those_of_three_letter_starts() {
        let words = ["abc", "abcd", "abx", "bbc", "bbcz", "xyz", "xбz", "xз", "бbc"];
        assert!(words.windows(2).all(|w| w[0] < w[1]), "sorted like a vocabulary");
        let h = heads_of(&words);
        let l = |c, lo, hi| Letter { c, lo, hi };
        assert_eq!(h.before('b', 'c').copied().collect::<Vec<_>>(), [l('a', 0, 2), l('b', 3, 5), l('б', 8, 9)]);
        assert_eq!(h.before('y', 'z').copied().collect::<Vec<_>>(), [l('x', 5, 6)]);
        assert_eq!(h.before('b', 'x').copied().collect::<Vec<_>>(), [l('a', 2, 3)]);
        assert_eq!(h.before('c', 'b').count(), 0);
        assert_eq!(h.between('x', 'z').copied().collect::<Vec<_>>(), [l('y', 5, 6), l('б', 6, 7)]);
        assert_eq!(h.between('a', 'c').copied().collect::<Vec<_>>(), [l('b', 0, 2)]);
        assert_eq!(h.between('x', 'з').count(), 0, "a two-letter word has no third letter");
    }
}
