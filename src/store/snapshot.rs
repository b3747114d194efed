//! What a station needs at start-up, kept in `DATA/search.snapshot` so it starts without
//! walking sled's `people` tree and without folding every person again.
//!
//! ```text
//! magic "checkin-search\n\0"          16 bytes
//! stamp length (u64 LE), stamp         which people, and which build of checkin, it is of
//! people length (u64), CRC-32 (u32)    then the `people` tree in key order: per person a
//!                                      length (u32) and the stored value
//! index length (u64), CRC-32 (u32)     then SearchIndex::write_snapshot
//! ```
//!
//! The stamp is the search layout, the crate version and the `people` generation (bumped,
//! durably, before every write of `people`: [`Store::people_generation`]). The people are used
//! when the stamp, the file's length and their checksum are right; they are decoded only as
//! they are used ([`People`]). The index is used only when, in addition, the people at hand were
//! read from this very part, its own checksum is right, it decodes, it has one record per
//! person, and its records after the people part hold exactly the searchable text of the
//! walk-ins — walk-ins live in the fact log, not in `people`, and this is what catches them.
//! Anything else, and any error, means: read sled / build the index, then write a new snapshot.
//! It is never worse than doing without.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use super::people::{People, ReadFrom};
use super::{Store, folder};
use crate::domain::Person;
use crate::search::{SNAPSHOT_LAYOUT, SearchIndex};

const FILE: &str = "search.snapshot";
const MAGIC: &[u8; 16] = b"checkin-search\n\0";

/// The index of `people`, as [`Store::people_as_of`] gave them at `generation`: from the
/// folder's snapshot when it is provably of these people, else built, and then saved (with the
/// people, stamped with `generation`) for the next start.
pub fn search_index(store: &Store, people: &People, generation: u64) -> SearchIndex {
    if let Some(index) = saved_index(store, people) {
        return index;
    }
    // Read in place: a decoded copy of everyone was most of a first start's memory.
    let index = SearchIndex::build_of(people.texts());
    if let Err(e) = save(store, people, generation, &index) {
        tracing::warn!("could not save the search snapshot in {}: {e}", store.dir.display());
    }
    index
}

/// The folder's snapshot of the index, if there is one and it is provably the index of `people`
/// (see [`index_part`]).
pub fn saved_index(store: &Store, people: &People) -> Option<SearchIndex> {
    let generation = store.people_generation().ok()?;
    let loaded = open(store, generation).and_then(|s| match s {
        // An empty index part: written by an import, whose index the first start builds.
        Some(s) if s.index.1 == 0 => Ok(None),
        Some(s) if people.stored_from() == Some(ReadFrom { generation, len: s.people.1, crc: s.people.2 }) => {
            index_part(s, people).map(Some)
        }
        _ => Ok(None),
    });
    logged(store, loaded)
}

/// The imported people as the `people` tree holds them, in code order, if the folder's snapshot
/// is of `generation` (the tree's current one).
pub(super) fn saved_people(store: &Store, generation: u64) -> Option<People> {
    let loaded = open(store, generation).and_then(|s| s.map(|mut s| people_part(&mut s, generation)).transpose());
    logged(store, loaded)
}

/// What a snapshot file of `bytes` holds for `generation`, read as a start reads the folder's
/// (its people, then its index when it has one): for fuzzing the reader with untrusted bytes.
#[doc(hidden)]
pub fn read_untrusted(bytes: &[u8], generation: u64) -> io::Result<Option<(People, Option<SearchIndex>)>> {
    let Some(mut s) = sections(io::Cursor::new(bytes), bytes.len() as u64, generation)? else { return Ok(None) };
    let people = people_part(&mut s, generation)?;
    let index = if s.index.1 == 0 { None } else { Some(index_part(s, &people)?) };
    Ok(Some((people, index)))
}

/// The people part of an open snapshot.
fn people_part<R: Read + Seek>(s: &mut Sections<R>, generation: u64) -> io::Result<People> {
    // One read and one checksum of the whole part (`sections` checked it is in the file).
    s.file.seek(SeekFrom::Start(s.people.0))?;
    let mut body = vec![0u8; s.people.1 as usize];
    s.file.read_exact(&mut body)?;
    check(crc32fast::hash(&body) == s.people.2, "people checksum mismatch")?;
    let people = People::from_stored(body)
        .map_err(|(at, e)| io::Error::new(io::ErrorKind::InvalidData, format!("search snapshot: person {at}: {e}")))?;
    Ok(people.read_from(ReadFrom { generation, len: s.people.1, crc: s.people.2 }))
}

/// The index part of an open snapshot, if it is the index of `people`: the people read from
/// this very snapshot's people part, then the walk-ins.
///
/// The people part and the index are written together, under one stamp, so when `people` were
/// read from this very people part, the index's first records are of them by construction:
/// only the count and the people after them, the walk-ins (from the fact log), are compared,
/// and the people part is not read again. People read otherwise (from sled, because the part
/// was damaged or stale) never match, so the snapshot is rewritten.
fn index_part<R: Read + Seek>(s: Sections<R>, people: &People) -> io::Result<SearchIndex> {
    let mut file = s.file.into_inner();
    file.seek(SeekFrom::Start(s.index.0))?;
    // Checksummed as the buffer fills, 64 KiB at a time: per read of the index's small
    // fields it was a slow path of its own.
    let part = Crc { inner: file.take(s.index.1), crc: crc32fast::Hasher::new() };
    let mut body = BufReader::with_capacity(1 << 16, part);
    let index = SearchIndex::read_snapshot(&mut body, s.index.1)?;
    io::copy(&mut body, &mut io::sink())?;
    check(body.into_inner().crc.finalize() == s.index.2, "index checksum mismatch")?;
    let walk_ins: Vec<&Person> = (people.stored_count()..people.len()).filter_map(|i| people.get(i)).collect();
    check(index.is_fresh_index_ending_with(people.len(), &walk_ins), "its records are not these people")?;
    Ok(index)
}

fn logged<T>(store: &Store, loaded: io::Result<Option<T>>) -> Option<T> {
    loaded.unwrap_or_else(|e| {
        tracing::info!("search snapshot in {} not used: {e}", store.dir.display());
        None
    })
}

fn check(ok: bool, what: &str) -> io::Result<()> {
    if ok { Ok(()) } else { Err(io::Error::new(io::ErrorKind::InvalidData, what.to_owned())) }
}

fn stamp(generation: u64) -> Vec<u8> {
    let mut s = Vec::new();
    s.extend_from_slice(&SNAPSHOT_LAYOUT.to_le_bytes());
    s.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    s.push(0);
    s.extend_from_slice(&generation.to_le_bytes());
    s
}

/// An open snapshot of the current stamp, its sections as (offset, length, CRC-32).
struct Sections<R> {
    file: BufReader<R>,
    people: (u64, u64, u32),
    index: (u64, u64, u32),
}

/// The folder's snapshot if it has the stamp of `generation` and the right length; `None` if
/// there is none or it is stale.
fn open(store: &Store, generation: u64) -> io::Result<Option<Sections<File>>> {
    let file = match File::open(store.dir.join(FILE)) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let size = file.metadata()?.len();
    sections(file, size, generation)
}

/// The sections of the snapshot in `file` (of `size` bytes) if it has the stamp of `generation`
/// and every section lies within it.
fn sections<R: Read + Seek>(file: R, size: u64, generation: u64) -> io::Result<Option<Sections<R>>> {
    let stamp = stamp(generation);
    let mut r = BufReader::with_capacity(1 << 16, file);
    let mut magic = [0u8; 16];
    r.read_exact(&mut magic)?;
    let stamp_len = read_u64(&mut r)?;
    if magic != *MAGIC || stamp_len != stamp.len() as u64 {
        return Ok(None);
    }
    let mut found = vec![0u8; stamp.len()];
    r.read_exact(&mut found)?;
    if found != stamp {
        return Ok(None);
    }
    let section = |r: &mut BufReader<R>, at: u64| -> io::Result<(u64, u64, u32)> {
        let len = read_u64(r)?;
        let mut crc = [0u8; 4];
        r.read_exact(&mut crc)?;
        let start = at + 12;
        check(start.checked_add(len).is_some_and(|end| end <= size), "section beyond the end of the file")?;
        Ok((start, len, u32::from_le_bytes(crc)))
    };
    let people = section(&mut r, 16 + 8 + stamp_len)?;
    r.seek(SeekFrom::Start(people.0 + people.1))?;
    let index = section(&mut r, people.0 + people.1)?;
    check(index.0 + index.1 == size, "length does not match the file")?;
    Ok(Some(Sections { file: r, people, index }))
}

/// Writes the snapshot atomically (a private temporary file, fsync'd, renamed over the old one).
fn save(store: &Store, people: &People, generation: u64, index: &SearchIndex) -> io::Result<()> {
    // Imported people only: `people` ends with the walk-ins, which come from the fact log.
    let imported = people.len().saturating_sub(store.state.walk_ins().count());
    let values = (0..imported).map(|i| people.stored_value(i).map_err(io::Error::other));
    write(store, generation, values, Some(index))
}

/// Saves the imported people an import has just written, in code order, with an empty index
/// part: the first start after an import then reads them from this file, as every later start
/// does, instead of walking sled's `people` tree (sled keeps what it read for good: most of a
/// first start's memory beyond the index, BENCHMARKS.md "After branch `perf-build`"). It builds
/// the index and writes the whole snapshot.
pub(super) fn save_imported<'a>(
    store: &Store,
    generation: u64,
    values: impl Iterator<Item = &'a [u8]>,
) -> io::Result<()> {
    write(store, generation, values.map(Ok), None)
}

fn write<V: AsRef<[u8]>>(
    store: &Store,
    generation: u64,
    values: impl Iterator<Item = io::Result<V>>,
    index: Option<&SearchIndex>,
) -> io::Result<()> {
    let stamp = stamp(generation);
    let dir = &store.dir;
    let tmp: PathBuf = dir.join(format!("{FILE}.tmp"));
    // Private (0600): the snapshot holds everyone's names.
    let file = folder::private_file_options().write(true).create(true).truncate(true).open(&tmp)?;
    let mut w = BufWriter::with_capacity(1 << 16, file);
    w.write_all(MAGIC)?;
    w.write_all(&(stamp.len() as u64).to_le_bytes())?;
    w.write_all(&stamp)?;
    let w = section(w, |w| {
        for value in values {
            let value = value?;
            let value = value.as_ref();
            w.write_all(&(value.len() as u32).to_le_bytes())?;
            w.write_all(value)?;
        }
        Ok(())
    })?;
    let w = section(w, |w| index.map_or(Ok(()), |index| index.write_snapshot(w)))?;
    let file = w.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, dir.join(FILE))?;
    folder::sync_dir(dir)
}

/// Writes one section: its length and CRC-32 (filled in afterwards), then what `body` writes.
fn section(
    mut w: BufWriter<File>,
    body: impl FnOnce(&mut Crc<BufWriter<File>>) -> io::Result<()>,
) -> io::Result<BufWriter<File>> {
    let at = w.stream_position()?;
    w.write_all(&[0u8; 12])?;
    let mut c = Crc { inner: w, crc: crc32fast::Hasher::new() };
    body(&mut c)?;
    let (mut w, crc) = (c.inner, c.crc.finalize());
    let end = w.stream_position()?;
    w.seek(SeekFrom::Start(at))?;
    w.write_all(&(end - at - 12).to_le_bytes())?;
    w.write_all(&crc.to_le_bytes())?;
    w.seek(SeekFrom::Start(end))?;
    Ok(w)
}

fn read_u64(r: &mut impl Read) -> io::Result<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

/// Passes bytes through, keeping a CRC-32 of them.
struct Crc<T> {
    inner: T,
    crc: crc32fast::Hasher,
}

impl<T: Read> Read for Crc<T> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }
}

impl<T: Write> Write for Crc<T> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_leaves_its_people_for_the_next_start_which_completes_the_snapshot() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path(), "desk-1").unwrap();
        let program = crate::io::sample::sample_program().unwrap();
        let list = crate::io::sample::generate(300, 1, &program);
        store.import(&list[..200]).unwrap();
        store.import(&list[100..]).unwrap();
        let generation = store.people_generation().unwrap();
        let saved = saved_people(&store, generation).expect("the import saved its people");
        let from_sled = store.people_from_sled().unwrap();
        assert_eq!(saved.len(), 300, "both imports, each person once");
        assert_eq!(saved.to_slice(), from_sled.to_slice(), "the people tree as it is, in code order");
        assert!(saved_index(&store, &saved).is_none(), "no index yet: the first start builds it");

        let built = search_index(&store, &saved, generation);
        let next = saved_people(&store, generation).expect("still the people");
        let loaded = saved_index(&store, &next).expect("the first start wrote the whole snapshot");
        assert_eq!(loaded.search("а", 50), built.search("а", 50));
    }
}
