//! The first two letters of a segment's vocabulary: where the words of each one- and two-letter
//! prefix lie.
//!
//! The vocabulary is sorted, so the words starting with a prefix are one range of ids. The typo
//! pass walks the letters that follow a prefix and looks up a spelling in each of them; near the
//! root that walk and those look-ups were most of a small event's query time (a search of a
//! first letter's words for every first letter). With this table the root's letters are a list,
//! and a look-up starts from its two-letter range: a tiny search of letters, then of a few words.
//!
//! Derived from the vocabulary whenever a segment is made (built or read from the snapshot), never
//! stored: a walk of the sorted words by galloping, a few comparisons per range.

/// Words `lo..hi` start with the letter `c` (after the prefix the table is for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Letter {
    pub c: char,
    pub lo: u32,
    pub hi: u32,
}

/// See the [module docs](self).
#[derive(Debug, Clone)]
pub(crate) struct Heads {
    /// The first letters, in vocabulary order.
    firsts: Vec<Letter>,
    /// `seconds[second_of[i]..second_of[i + 1]]` are the second letters after `firsts[i]`.
    seconds: Vec<Letter>,
    second_of: Vec<u32>,
    /// The place in `firsts` of each ASCII letter ([`NONE`] if no word starts with it): the
    /// skeletons are nearly all ASCII, and a look-up asks this table for every spelling it tries.
    ascii_first: [u32; 128],
    /// For each first letter, the ASCII letters that follow it (bit `d` for letter `d`): the rank
    /// of a bit is its place among the seconds, which come in byte order, ASCII before the rest.
    ascii_seconds: Vec<u128>,
}

/// In [`Heads::ascii_first`]: no word starts with this letter.
const NONE: u32 = u32::MAX;

impl Default for Heads {
    fn default() -> Self {
        Heads {
            firsts: Vec::new(),
            seconds: Vec::new(),
            second_of: Vec::new(),
            ascii_first: [NONE; 128],
            ascii_seconds: Vec::new(),
        }
    }
}

impl Heads {
    /// The table of a sorted vocabulary of `len` words: `word(v)` is word `v`, and
    /// `run_end(p, k)` the end of the run of words starting with `p` that begins at `k`.
    pub fn of<'a>(len: u32, word: impl Fn(u32) -> &'a str, run_end: impl Fn(&str, u32) -> u32) -> Heads {
        let mut heads = Heads::default();
        let mut k = 0u32;
        while k < len {
            let w = word(k);
            let Some(c) = w.chars().next() else {
                k += 1;
                continue;
            };
            let hi = run_end(&w[..c.len_utf8()], k).max(k + 1);
            heads.second_of.push(heads.seconds.len() as u32);
            let mut seconds_mask = 0u128;
            let mut j = k;
            while j < hi {
                let w = word(j);
                let Some(d) = w.get(c.len_utf8()..).and_then(|rest| rest.chars().next()) else {
                    j += 1;
                    continue;
                };
                let end = run_end(&w[..c.len_utf8() + d.len_utf8()], j).clamp(j + 1, hi);
                heads.seconds.push(Letter { c: d, lo: j, hi: end });
                if d.is_ascii() {
                    seconds_mask |= 1 << d as u32;
                }
                j = end;
            }
            if c.is_ascii() {
                heads.ascii_first[c as usize] = heads.firsts.len() as u32;
            }
            heads.firsts.push(Letter { c, lo: k, hi });
            heads.ascii_seconds.push(seconds_mask);
            k = hi;
        }
        heads.second_of.push(heads.seconds.len() as u32);
        heads
    }

    /// False for a table of no words (a default segment): it then knows nothing.
    pub fn is_empty(&self) -> bool {
        self.firsts.is_empty()
    }

    /// The letters that follow `prefix` if it is at most one letter long, else `None`.
    pub fn after(&self, prefix: &str) -> Option<&[Letter]> {
        let mut cs = prefix.chars();
        match (cs.next(), cs.next()) {
            (None, _) => Some(&self.firsts),
            (Some(c), None) => Some(self.find(c).map_or(&[][..], |i| self.seconds_of(i))),
            _ => None,
        }
    }

    /// The range of the words that start with the first two letters of `p` (its first letter if
    /// it has one; everything if it is empty): every word starting with `p` lies in it.
    pub fn around(&self, p: &str) -> (u32, u32) {
        let mut cs = p.chars();
        let Some(c) = cs.next() else { return (0, u32::MAX) };
        let Some(i) = self.find(c) else { return (0, 0) };
        let Some(d) = cs.next() else { return (self.firsts[i].lo, self.firsts[i].hi) };
        let mask = self.ascii_seconds[i];
        let seconds = self.seconds_of(i);
        let j = if d.is_ascii() {
            if mask & (1 << d as u32) == 0 {
                return (0, 0);
            }
            (mask & ((1 << d as u32) - 1)).count_ones() as usize
        } else {
            let ascii = mask.count_ones() as usize;
            match seconds[ascii..].binary_search_by(|l| l.c.cmp(&d)) {
                Ok(j) => ascii + j,
                Err(_) => return (0, 0),
            }
        };
        (seconds[j].lo, seconds[j].hi)
    }

    fn find(&self, c: char) -> Option<usize> {
        if c.is_ascii() {
            let i = self.ascii_first[c as usize];
            return (i != NONE).then_some(i as usize);
        }
        self.firsts.binary_search_by(|l| l.c.cmp(&c)).ok()
    }

    fn seconds_of(&self, i: usize) -> &[Letter] {
        &self.seconds[self.second_of[i] as usize..self.second_of[i + 1] as usize]
    }

    pub fn heap_bytes(&self) -> usize {
        (self.firsts.capacity() + self.seconds.capacity()) * size_of::<Letter>()
            + self.second_of.capacity() * 4
            + self.ascii_seconds.capacity() * 16
    }
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
        assert_eq!(h.after("ab"), None);
        assert_eq!(h.around("abx"), (3, 5));
        assert_eq!(h.around("a1"), (2, 3));
        assert_eq!(h.around("ac"), (5, 6));
        assert_eq!(h.around("aб"), (6, 7));
        assert_eq!(h.around("a"), (1, 7));
        assert_eq!(h.around("бб1"), (9, 11));
        assert_eq!(h.around("ax"), (0, 0));
        assert_eq!(h.around("aд"), (0, 0));
        assert_eq!(h.around("бв"), (0, 0));
        assert_eq!(h.around("x"), (0, 0));
        assert_eq!(h.around("ж"), (0, 0));
        assert_eq!(h.around(""), (0, u32::MAX));
        assert!(!h.is_empty() && heads_of(&[]).is_empty() && heads_of(&[""]).is_empty());
    }
}
