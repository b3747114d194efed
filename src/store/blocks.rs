//! How the `people` tree holds the imported people: in blocks of consecutive codes, so an
//! import of 100k people is a few thousand sled inserts instead of 100k (sled's work per insert
//! was ~85 % of `Store::import`: BENCHMARKS.md, branch `perf-import`).
//!
//! ```text
//! key    the first code of the block
//! value  per person, in code order: code length (u32 LE), code,
//!        value length (u32 LE), the person as `codec::encode` stores it
//! ```
//!
//! A person is in the last block whose key is at or before their code. A block ends after a code
//! whose hash says so (once it holds [`MIN_BLOCK`] bytes), or before it would pass
//! [`MAX_BLOCK`]: the ends depend on the codes, not on positions, so an import that changes a few
//! people rewrites only their blocks.

use std::collections::BTreeMap;

use sled::IVec;

use super::codec::CodecError;

/// Blocks are cut no shorter than this, unless they are the last one.
const MIN_BLOCK: usize = 3 << 10;
/// No block passes this (one person larger than it is a block alone). sled splits a leaf once it
/// has more than 16 entries and writes a leaf over ~128 KiB (a quarter of its 512 KiB segment)
/// as a blob file of its own, which it never syncs and we would have to: 17 × 6 KiB stays below.
const MAX_BLOCK: usize = 6 << 10;
/// About one code in this many ends a block (past [`MIN_BLOCK`]).
const BOUNDARY_EVERY: u32 = 8;

/// The people of one block, in code order: (code, stored value).
pub(super) fn entries(block: &[u8]) -> Entries<'_> {
    Entries { rest: block }
}

pub(super) struct Entries<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Entries<'a> {
    type Item = Result<(&'a [u8], &'a [u8]), CodecError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let entry = take_part(&mut self.rest).and_then(|code| Ok((code, take_part(&mut self.rest)?)));
        if entry.is_err() {
            // Nothing after a damaged length can be trusted.
            self.rest = &[];
        }
        Some(entry)
    }
}

/// A length (u32 LE) and that many bytes, from the front of `rest`.
fn take_part<'a>(rest: &mut &'a [u8]) -> Result<&'a [u8], CodecError> {
    let damaged = || CodecError::Decode(bincode::error::DecodeError::Other("a block of people ends inside a person"));
    let (len, after) = rest.split_first_chunk::<4>().ok_or_else(damaged)?;
    let len = u32::from_le_bytes(*len) as usize;
    if len > after.len() {
        return Err(damaged());
    }
    let (part, after) = after.split_at(len);
    *rest = after;
    Ok(part)
}

/// `people` (code → stored value, in code order) cut into blocks: (key, value) for sled.
pub(super) fn blocks<'a>(people: impl IntoIterator<Item = (&'a [u8], &'a [u8])>) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    let mut current: Option<(Vec<u8>, Vec<u8>)> = None;
    for (code, value) in people {
        let len = 8 + code.len() + value.len();
        if current.as_ref().is_some_and(|(_, body)| body.len() + len > MAX_BLOCK) {
            out.extend(current.take());
        }
        let (_, body) = current.get_or_insert_with(|| (code.to_vec(), Vec::with_capacity(MAX_BLOCK.max(len))));
        for part in [code, value] {
            body.extend_from_slice(&(part.len() as u32).to_le_bytes());
            body.extend_from_slice(part);
        }
        if body.len() >= MIN_BLOCK && crc32fast::hash(code).is_multiple_of(BOUNDARY_EVERY) {
            out.extend(current.take());
        }
    }
    out.extend(current);
    out
}

/// What turns the tree's `old` blocks into `new` ones, as (key, new value or removal):
/// unchanged blocks are left alone.
pub(super) fn changes(old: &[(IVec, IVec)], new: Vec<(Vec<u8>, Vec<u8>)>) -> Vec<(Vec<u8>, Option<Vec<u8>>)> {
    let mut gone: BTreeMap<&[u8], &[u8]> = old.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
    let mut out = Vec::new();
    for (key, value) in new {
        match gone.remove(key.as_slice()) {
            Some(same) if same == value.as_slice() => {}
            _ => out.push((key, Some(value))),
        }
    }
    out.extend(gone.into_keys().map(|key| (key.to_vec(), None)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(n: usize) -> Vec<(Vec<u8>, Vec<u8>)> {
        (0..n).map(|i| (format!("KZ-{i:06}").into_bytes(), vec![1u8; 200 + i % 150])).collect()
    }

    fn flat(blocks: &[(Vec<u8>, Vec<u8>)]) -> Vec<(Vec<u8>, Vec<u8>)> {
        blocks.iter().flat_map(|(_, b)| entries(b).map(|e| e.map(|(c, v)| (c.to_vec(), v.to_vec())).unwrap())).collect()
    }

    #[test]
    fn blocks_hold_everyone_in_order_keyed_by_their_first_code() {
        let people = people(5000);
        let blocks = blocks(people.iter().map(|(c, v)| (c.as_slice(), v.as_slice())));
        assert!(blocks.len() > 100 && blocks.len() < 2000, "{} blocks", blocks.len());
        assert_eq!(flat(&blocks), people);
        for (key, body) in &blocks {
            assert_eq!(entries(body).next().unwrap().unwrap().0, key.as_slice());
            assert!(body.len() <= MAX_BLOCK);
        }
    }

    #[test]
    fn a_person_larger_than_a_block_is_a_block_alone() {
        let mut people = people(60);
        people[30].1 = vec![7u8; MAX_BLOCK * 3];
        let blocks = blocks(people.iter().map(|(c, v)| (c.as_slice(), v.as_slice())));
        assert!(blocks.iter().any(|(k, b)| *k == people[30].0 && entries(b).count() == 1));
        assert_eq!(flat(&blocks), people);
    }

    #[test]
    fn a_small_change_rewrites_only_nearby_blocks() {
        let old_people = people(20_000);
        let cut = |p: &[(Vec<u8>, Vec<u8>)]| blocks(p.iter().map(|(c, v)| (c.as_slice(), v.as_slice())));
        let old: Vec<(IVec, IVec)> = cut(&old_people).into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        let mut new_people = old_people.clone();
        new_people[10_000].1.push(9);
        new_people.insert(15_000, (b"KZ-014999a".to_vec(), vec![2u8; 300]));
        let changes = changes(&old, cut(&new_people));
        assert!(changes.iter().all(|(_, v)| v.is_some()), "no block disappears");
        assert!((2..=6).contains(&changes.len()), "{} blocks rewritten of {}", changes.len(), old.len());
        // Everyone gone: every block is removed.
        assert_eq!(super::changes(&old, Vec::new()).len(), old.len());
    }

    #[test]
    fn damaged_blocks_are_errors() {
        let blocks = blocks([(&b"KZ-1"[..], &b"\x01abc"[..])]);
        let body = &blocks[0].1;
        for cut in 1..body.len() {
            assert!(entries(&body[..cut]).any(|e| e.is_err()), "cut at {cut}");
        }
    }
}
