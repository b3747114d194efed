//! Registration code keys ([`code_key`](crate::text::code::code_key)) → the people who have them,
//! for "the exact code". Built and read from a snapshot as one sorted table (a key arena, its
//! offsets, the people's numbers), not a map of two allocations per person; the few keys added
//! after that (walk-ins, replaced people) go to a small map.

use super::hash::FxMap;

/// A taken-out entry of the sorted table.
const GONE: u32 = u32::MAX;

/// Keys and the idx each stands for, sorted by key; equal keys keep their order of insertion.
/// Entry `i` is key `bytes[off[i]..off[i + 1]]` → `idx[i]`.
#[derive(Debug, Clone, Default)]
pub(crate) struct CodeTable {
    pub bytes: Vec<u8>,
    pub off: Vec<u32>,
    pub idx: Vec<u32>,
}

impl CodeTable {
    /// The table of `entries`, sorted stably by key.
    pub fn of(mut entries: Vec<(String, u32)>) -> CodeTable {
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut t = CodeTable {
            bytes: Vec::with_capacity(entries.iter().map(|e| e.0.len()).sum()),
            off: Vec::with_capacity(entries.len() + 1),
            idx: Vec::with_capacity(entries.len()),
        };
        t.off.push(0);
        for (k, i) in entries {
            t.bytes.extend_from_slice(k.as_bytes());
            t.off.push(u32::try_from(t.bytes.len()).expect("code keys fit in 4 GiB"));
            t.idx.push(i);
        }
        t
    }

    pub fn len(&self) -> usize {
        self.idx.len()
    }

    pub fn key(&self, i: usize) -> &[u8] {
        &self.bytes[self.off[i] as usize..self.off[i + 1] as usize]
    }

    /// Entries of `key`: a contiguous range.
    fn range(&self, key: &[u8]) -> std::ops::Range<usize> {
        let lo = partition(self.len(), |i| self.key(i) < key);
        let hi = lo + partition(self.len() - lo, |i| self.key(lo + i) == key);
        lo..hi
    }

    /// Whether the table is what [`key`](Self::key) and a binary search rely on: offsets
    /// running from 0 to the end of the bytes, keys in order, numbers below `people`.
    pub fn is_consistent(&self, people: usize) -> bool {
        self.off.len() == self.idx.len() + 1
            && self.off[0] == 0
            && self.off.windows(2).all(|w| w[0] <= w[1])
            && self.off[self.idx.len()] as usize == self.bytes.len()
            && (1..self.len()).all(|i| self.key(i - 1) <= self.key(i))
            && self.idx.iter().all(|&i| i == GONE || (i as usize) < people)
    }
}

/// How many of `0..n` satisfy `pred`, which holds for a prefix of them.
fn partition(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut a, mut b) = (0, n);
    while a < b {
        let m = a + (b - a) / 2;
        if pred(m) { a = m + 1 } else { b = m }
    }
    a
}

#[derive(Debug, Clone, Default)]
pub(crate) struct CodeIndex {
    /// The keys of the people the index was built with, each with its people in idx order.
    pub sorted: CodeTable,
    /// Keys added since, each with its people in the order they were added.
    pub added: FxMap<Box<str>, Vec<u32>>,
}

impl CodeIndex {
    /// The index of `entries` (key, idx), given in idx order.
    pub fn of(entries: Vec<(String, u32)>) -> CodeIndex {
        CodeIndex { sorted: CodeTable::of(entries), added: FxMap::default() }
    }

    /// The people with `key`: first those of the sorted table, then those added since, so in
    /// the order they were given the key.
    pub fn get<'a>(&'a self, key: &str) -> impl Iterator<Item = u32> + 'a {
        let sorted = self.sorted.idx[self.sorted.range(key.as_bytes())].iter().copied().filter(|&i| i != GONE);
        sorted.chain(self.added.get(key).into_iter().flatten().copied())
    }

    pub fn insert(&mut self, key: String, idx: u32) {
        self.added.entry(key.into_boxed_str()).or_default().push(idx);
    }

    /// Takes out every key of the person `idx`. A pass over the whole table (a person replaced
    /// or removed is rare; a person's keys are not kept anywhere else).
    pub fn remove_person(&mut self, idx: u32) {
        for i in &mut self.sorted.idx {
            if *i == idx {
                *i = GONE;
            }
        }
        self.added.retain(|_, people| {
            people.retain(|&i| i != idx);
            !people.is_empty()
        });
    }

    /// The added keys as a table (for the snapshot); [`added_of`](Self::added_of) reads it back.
    pub fn added_table(&self) -> CodeTable {
        let entries = self.added.iter().flat_map(|(k, v)| v.iter().map(|&i| (k.to_string(), i))).collect();
        CodeTable::of(entries)
    }

    /// The added keys of a table written by [`added_table`](Self::added_table); `None` if it is
    /// not valid UTF-8.
    pub fn added_of(t: &CodeTable) -> Option<FxMap<Box<str>, Vec<u32>>> {
        let mut added: FxMap<Box<str>, Vec<u32>> = FxMap::default();
        for i in 0..t.len() {
            let k = std::str::from_utf8(t.key(i)).ok()?;
            added.entry(k.into()).or_default().push(t.idx[i]);
        }
        Some(added)
    }

    pub fn heap_bytes(&self) -> usize {
        self.sorted.bytes.capacity()
            + 4 * (self.sorted.off.capacity() + self.sorted.idx.capacity())
            + self.added.iter().map(|(k, v)| k.len() + 16 + 24 + v.capacity() * 4 + 8).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(ix: &CodeIndex, k: &str) -> Vec<u32> {
        ix.get(k).collect()
    }

    #[test]
    fn finds_every_person_of_a_key_in_the_order_given() {
        let entries = [("kz2", 0), ("kz1", 1), ("kz2", 2), ("w1", 3), ("kz10", 4)];
        let mut ix = CodeIndex::of(entries.iter().map(|&(k, i)| (k.to_string(), i)).collect());
        assert_eq!(keys(&ix, "kz2"), [0, 2]);
        assert_eq!(keys(&ix, "kz1"), [1]);
        assert_eq!(keys(&ix, "kz"), [] as [u32; 0]);
        assert_eq!(keys(&ix, "w1"), [3]);
        assert_eq!(keys(&ix, "zz"), [] as [u32; 0]);
        // Replacing person 0: taken out, then added again after person 2.
        ix.remove_person(0);
        ix.insert("kz2".into(), 0);
        ix.insert("new".into(), 5);
        ix.insert("secret5".into(), 5);
        assert_eq!(keys(&ix, "kz2"), [2, 0]);
        assert_eq!(keys(&ix, "new"), [5]);
        ix.remove_person(5);
        assert!(!ix.added.contains_key("new") && !ix.added.contains_key("secret5"), "every key of the person");
        assert_eq!(keys(&ix, "kz2"), [2, 0]);
        assert!(ix.sorted.is_consistent(6));
        let back = CodeIndex::added_of(&ix.added_table()).unwrap();
        assert_eq!(back, ix.added);
    }
}
