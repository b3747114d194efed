//! The write-ahead log of facts: what makes a check-in durable with one wait on the device.
//!
//! Making sled durable takes two waits: its `flush` ends in `sync_file_range` (the data reaches
//! the device), and an `fsync` after it flushes the device's cache and the file's size. Every
//! acknowledged fact paid both (~2.3× a raw append + fsync, benches/budget.rs). So each batch of
//! facts is appended here and `fdatasync`'d (one wait) while sled keeps it in memory; a
//! checkpoint ([`super::Store::sync`]) makes sled durable and empties this log, and opening the
//! folder first gives sled back whatever it lost.
//!
//! ```text
//! record: marker "CKWL" ‖ body length (u32 LE) ‖ CRC-32 of the body (u32 LE)
//!         ‖ CRC-32 of the 12 bytes before (u32 LE) ‖ body (one batch: codec-encoded facts)
//! ```
//!
//! A batch is one record, so a torn write loses a whole unacknowledged batch, never part of one.
//! Records are written at the end of the last intact one (not in append mode), so what a failed
//! write left behind is overwritten by the next. The end of a log is taken for a write cut short
//! (dropped: its batch was never acknowledged) only when it looks like one: less than a header,
//! zeros, or an intact header with less body than it announces. Anything else is damage, and
//! the log is refused rather than read as far as the damage: the marker and the header's own
//! checksum find intact records after any damage (a wrong length field included).
//!
//! Folder format 3 wrote records without the marker and the header's checksum
//! ([`Format::Unmarked`]); such a log is read, and emptied, when its folder is upgraded.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

const MARKER: &[u8; 4] = b"CKWL";
const HEADER: usize = 16;
const UNMARKED_HEADER: usize = 8;

/// How the records of a log are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Marker and checksummed header: what this checkin writes (folder format 4).
    Marked,
    /// Length, checksum, body (folder format 3): only read, when such a folder is upgraded.
    Unmarked,
}

/// The log file, open for appending batches.
#[derive(Debug)]
pub struct FactWal {
    path: PathBuf,
    file: File,
    /// End of the last intact record: where the next one goes.
    len: u64,
    /// Bytes after `len` that are not a record of an acknowledged batch: a torn write found on
    /// opening, or one whose `fdatasync` failed and which could not be cut off. A checkpoint
    /// removes them; until then the log does not count as empty.
    stray_tail: bool,
}

/// What [`FactWal::open`] found in the file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recovered {
    /// The bodies of the intact records up to the first that does not check out, in the order
    /// they were written.
    pub batches: Vec<Vec<u8>>,
    /// Bytes after the last intact record, with no intact record after them: a write that
    /// never completed.
    pub torn_bytes: u64,
    /// Where a damaged part of the file starts that has intact records after it: not a write
    /// cut short but a damaged file, whose later batches must not be dropped silently.
    pub damaged_at: Option<u64>,
    /// The bodies of the intact records found after the damage.
    pub after_damage: Vec<Vec<u8>>,
}

impl FactWal {
    /// Opens (or creates) the log at `path` and reads the records it holds, laid out as `format`.
    pub fn open(path: &Path, format: Format) -> io::Result<(FactWal, Recovered)> {
        let created = !path.exists();
        let mut file = OpenOptions::new().read(true).write(true).create(true).truncate(false).mode(0o600).open(path)?;
        // Reading a FIFO or a device would wait forever or read garbage.
        if !file.metadata()?.is_file() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
        }
        if let Some(dir) = path.parent().filter(|_| created) {
            super::folder::sync_dir(dir)?;
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        let recovered = read(&bytes, format);
        let intact: u64 = recovered.batches.iter().map(|b| record_len(format, b)).sum();
        let stray_tail = intact < bytes.len() as u64;
        Ok((FactWal { path: path.to_owned(), file, len: intact, stray_tail }, recovered))
    }

    /// Appends one batch and returns once it is on the device.
    pub fn append(&mut self, body: &[u8]) -> io::Result<()> {
        let record = record(body)?;
        // fdatasync: the data and the file's new size, without the timestamps.
        let written = self.file.write_all_at(&record, self.len).and_then(|()| self.file.sync_data());
        if written.is_err() && self.file.set_len(self.len).is_err() {
            // A whole record may be in the file although its batch was never acknowledged: its
            // header is voided (zeros read as a write cut short), so that no later open can take
            // it for an acknowledged batch. The next record is written over it.
            let voided = self.file.write_all_at(&[0; HEADER], self.len).and_then(|()| self.file.sync_data());
            if let Err(e) = voided {
                tracing::error!(
                    "{}: a batch that was not acknowledged could not be voided ({e}); the next open may count it",
                    self.path.display()
                );
            }
            self.stray_tail = true;
        }
        written?;
        self.len += record.len() as u64;
        // What a failed write left after this record would read as damage: cut off.
        if self.stray_tail && self.file.set_len(self.len).is_ok() {
            self.stray_tail = false;
        }
        Ok(())
    }

    /// Bytes of intact records: how much a checkpoint would let go.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0 && !self.stray_tail
    }

    /// Empties the log. Call only once everything in it is durable elsewhere.
    pub fn clear(&mut self) -> io::Result<()> {
        self.file.set_len(0)?;
        self.file.sync_data()?;
        self.len = 0;
        self.stray_tail = false;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A log every append to fails, as on a full disk.
    #[cfg(test)]
    pub(super) fn unwritable(path: &Path) -> FactWal {
        FactWal { path: path.to_owned(), file: File::open(path).expect("the log exists"), len: 0, stray_tail: false }
    }
}

/// One batch as a record of this checkin's format.
pub fn record(body: &[u8]) -> io::Result<Vec<u8>> {
    let body_len = u32::try_from(body.len()).map_err(|_| io::Error::other("a batch of facts over 4 GiB"))?;
    let mut record = Vec::with_capacity(HEADER + body.len());
    record.extend_from_slice(MARKER);
    record.extend_from_slice(&body_len.to_le_bytes());
    record.extend_from_slice(&crc32fast::hash(body).to_le_bytes());
    record.extend_from_slice(&crc32fast::hash(&record).to_le_bytes());
    record.extend_from_slice(body);
    Ok(record)
}

fn record_len(format: Format, body: &[u8]) -> u64 {
    let header = if format == Format::Marked { HEADER } else { UNMARKED_HEADER };
    (header + body.len()) as u64
}

/// What the bytes of a log hold: the intact records from the start, and then either a torn
/// tail or a damaged part with intact records after it. Reads nothing but `bytes`.
pub fn read(bytes: &[u8], format: Format) -> Recovered {
    let mut recovered = Recovered::default();
    let (batches, end) = intact_from(bytes, 0, format);
    recovered.batches = batches;
    let mut at = end;
    while at < bytes.len() {
        let Some(next) = next_intact_record(bytes, at, format) else {
            if recovered.damaged_at.is_some() {
                break;
            }
            if format == Format::Unmarked || is_cut_short(&bytes[at..]) {
                recovered.torn_bytes = (bytes.len() - at) as u64;
            } else {
                // A whole record that does not check out: damage, not a write that was cut short.
                recovered.damaged_at = Some(at as u64);
            }
            break;
        };
        recovered.damaged_at.get_or_insert(at as u64);
        let (batches, end) = intact_from(bytes, next, format);
        recovered.after_damage.extend(batches);
        at = end;
    }
    recovered
}

/// Whether `tail`, the end of a log after its last intact record, is what a write cut short
/// leaves (its batch was never acknowledged): less than a header, a header that is zeros (blocks
/// never written, or a record voided after its write failed), or an intact header with less body
/// than it announces. Anything else, a whole record that does not check out, is damage.
fn is_cut_short(tail: &[u8]) -> bool {
    let Some(header) = tail.get(..HEADER) else { return true };
    if header.iter().all(|&b| b == 0) {
        return true;
    }
    let field = |i: usize| u32::from_le_bytes(header[i..i + 4].try_into().expect("4 bytes"));
    let intact_header = &header[..4] == MARKER && crc32fast::hash(&header[..12]) == field(12);
    intact_header && tail.len() < HEADER + field(4) as usize
}

/// The bodies of the intact records from `at` on, up to the first that is cut short or does not
/// check out, and where that one starts.
fn intact_from(bytes: &[u8], mut at: usize, format: Format) -> (Vec<Vec<u8>>, usize) {
    let mut batches = Vec::new();
    while let Some((body, end)) = record_at(bytes, at, format) {
        batches.push(body.to_vec());
        at = end;
    }
    (batches, at)
}

/// The body of the intact record starting at `at`, and where it ends.
fn record_at(bytes: &[u8], at: usize, format: Format) -> Option<(&[u8], usize)> {
    let (header_len, len, crc) = match format {
        Format::Marked => {
            let header = bytes.get(at..at.checked_add(HEADER)?)?;
            let field = |i: usize| u32::from_le_bytes(header[i..i + 4].try_into().expect("4 bytes"));
            if &header[..4] != MARKER || crc32fast::hash(&header[..12]) != field(12) {
                return None;
            }
            (HEADER, field(4) as usize, field(8))
        }
        Format::Unmarked => {
            let header = bytes.get(at..at.checked_add(UNMARKED_HEADER)?)?;
            let len = u32::from_le_bytes(header[..4].try_into().expect("4 bytes")) as usize;
            // A batch is never empty: eight zero bytes are a torn write's zeros, not a record.
            if len == 0 {
                return None;
            }
            (UNMARKED_HEADER, len, u32::from_le_bytes(header[4..].try_into().expect("4 bytes")))
        }
    };
    let start = at + header_len;
    let body = bytes.get(start..start.checked_add(len)?)?;
    (crc32fast::hash(body) == crc).then_some((body, start + len))
}

/// Where the first intact record after `at` starts, if any. Unmarked records have no marker to
/// look for, so every place is tried (a format-3 log is read once, when its folder is upgraded).
fn next_intact_record(bytes: &[u8], at: usize, format: Format) -> Option<usize> {
    let candidates = (at + 1)..bytes.len();
    match format {
        Format::Marked => {
            candidates.filter(|&i| bytes[i..].starts_with(MARKER)).find(|&i| record_at(bytes, i, format).is_some())
        }
        Format::Unmarked => candidates.into_iter().find(|&i| record_at(bytes, i, format).is_some()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reopen(path: &Path) -> Recovered {
        FactWal::open(path, Format::Marked).unwrap().1
    }

    fn log_of(batches: &[&[u8]]) -> Vec<u8> {
        batches.iter().flat_map(|b| record(b).unwrap()).collect()
    }

    #[test]
    fn batches_come_back_in_order_and_clear_empties_the_log() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("facts.wal");
        let (mut wal, recovered) = FactWal::open(&path, Format::Marked).unwrap();
        assert!(recovered.batches.is_empty() && wal.is_empty());
        wal.append(b"first").unwrap();
        wal.append(b"").unwrap();
        wal.append(b"third batch").unwrap();
        drop(wal);
        let recovered = reopen(&path);
        assert_eq!(recovered.batches, [b"first".to_vec(), Vec::new(), b"third batch".to_vec()]);
        assert_eq!(recovered.torn_bytes, 0);

        let (mut wal, _) = FactWal::open(&path, Format::Marked).unwrap();
        wal.clear().unwrap();
        wal.append(b"after").unwrap();
        drop(wal);
        assert_eq!(reopen(&path).batches, [b"after".to_vec()]);
    }

    #[test]
    fn a_torn_record_ends_the_log_and_the_next_batch_overwrites_it() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("facts.wal");
        let (mut wal, _) = FactWal::open(&path, Format::Marked).unwrap();
        wal.append(b"kept").unwrap();
        drop(wal);
        let intact = std::fs::metadata(&path).unwrap().len();

        // A write cut short: a header promising more than follows.
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(&record(&[7; 100]).unwrap()[..HEADER + 10]);
        std::fs::write(&path, &bytes).unwrap();
        let (mut wal, recovered) = FactWal::open(&path, Format::Marked).unwrap();
        assert_eq!(recovered.batches, [b"kept".to_vec()]);
        assert_eq!((recovered.torn_bytes, recovered.damaged_at), (bytes.len() as u64 - intact, None));
        assert!(!wal.is_empty(), "the torn bytes are there until a checkpoint");

        // Written over them, and what is left of them after it is cut off.
        wal.append(b"next").unwrap();
        assert!(!wal.stray_tail);
        drop(wal);
        let log = log_of(&[b"kept", b"next"]);
        assert_eq!(std::fs::read(&path).unwrap(), log);
    }

    #[test]
    fn only_what_a_cut_short_write_leaves_is_dropped_at_the_end() {
        let log = log_of(&[b"kept", b"last batch"]);
        let last = record(b"kept").unwrap().len();
        let cut_short: [(&str, Vec<u8>); 4] = [
            ("part of a header", log[..last + 7].to_vec()),
            ("a header with half its body", log[..log.len() - 3].to_vec()),
            ("a voided header", [&log[..last], &[0; HEADER][..], &log[last + HEADER..]].concat()),
            ("zeros", [&log[..last], &[0; 40][..]].concat()),
        ];
        for (what, bytes) in cut_short {
            let recovered = read(&bytes, Format::Marked);
            assert_eq!(recovered.batches, [b"kept".to_vec()], "{what}");
            assert_eq!((recovered.torn_bytes, recovered.damaged_at), ((bytes.len() - last) as u64, None), "{what}");
        }
        // A whole last record that does not check out was acknowledged, and is damaged.
        for at in [last + 1, last + 5, last + HEADER, log.len() - 1] {
            let mut bytes = log.clone();
            bytes[at] ^= 0x20;
            let recovered = read(&bytes, Format::Marked);
            assert_eq!((recovered.batches.len(), recovered.damaged_at), (1, Some(last as u64)), "byte {at}");
        }
    }

    #[test]
    fn damage_anywhere_before_an_intact_record_is_found_a_wrong_length_included() {
        let clean = log_of(&[b"first batch", b"second batch", b"third batch"]);
        let second = record(b"first batch").unwrap().len();
        type Spoil = fn(&mut Vec<u8>);
        let spoilt: [(&str, Spoil); 5] = [
            ("length of the first record set to 2^32 - 1", |b| b[4..8].copy_from_slice(&[0xff; 4])),
            ("length of the first record set to 0", |b| b[4..8].copy_from_slice(&[0; 4])),
            ("a bit of the first body", |b| b[HEADER] ^= 1),
            ("the first marker", |b| b[0] = b'X'),
            ("the first header's checksum", |b| b[12] ^= 0x80),
        ];
        for (what, spoil) in spoilt {
            let mut bytes = clean.clone();
            spoil(&mut bytes);
            let recovered = read(&bytes, Format::Marked);
            assert_eq!(recovered.damaged_at, Some(0), "{what}");
            assert!(recovered.batches.is_empty(), "{what}");
            assert_eq!(recovered.after_damage, [b"second batch".to_vec(), b"third batch".to_vec()], "{what}");
        }
        // Damage in the middle record: the first is intact, the third is found after it.
        let mut bytes = clean.clone();
        bytes[second + 5] ^= 0x10;
        let recovered = read(&bytes, Format::Marked);
        assert_eq!(recovered.batches, [b"first batch".to_vec()]);
        assert_eq!(
            (recovered.damaged_at, recovered.after_damage),
            (Some(second as u64), vec![b"third batch".to_vec()])
        );
    }

    #[test]
    fn a_log_of_folder_format_3_is_read_and_its_damage_found_too() {
        let unmarked = |body: &[u8]| -> Vec<u8> {
            let mut r = (body.len() as u32).to_le_bytes().to_vec();
            r.extend_from_slice(&crc32fast::hash(body).to_le_bytes());
            r.extend_from_slice(body);
            r
        };
        let clean: Vec<u8> = [unmarked(b"first batch"), unmarked(b"second batch")].concat();
        assert_eq!(read(&clean, Format::Unmarked).batches, [b"first batch".to_vec(), b"second batch".to_vec()]);
        // The zeros a torn write can leave are no records.
        let mut zeros = clean.clone();
        zeros.extend_from_slice(&[0; 64]);
        let recovered = read(&zeros, Format::Unmarked);
        assert_eq!((recovered.batches.len(), recovered.torn_bytes, recovered.damaged_at), (2, 64, None));
        let mut long = clean;
        long[..4].copy_from_slice(&[0xff; 4]);
        let recovered = read(&long, Format::Unmarked);
        assert_eq!((recovered.damaged_at, recovered.after_damage), (Some(0), vec![b"second batch".to_vec()]));
    }

    #[test]
    fn only_a_regular_file_is_a_log() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(FactWal::open(tmp.path(), Format::Marked).is_err(), "a directory");
        // A FIFO would make reading the log wait forever.
        let fifo = tmp.path().join("facts.wal");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
        assert!(made.success());
        let err = FactWal::open(&fifo, Format::Marked).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
    }
}
