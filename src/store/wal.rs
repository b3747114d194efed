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
//! record: body length (u32 LE) ‖ CRC-32 of the body (u32 LE) ‖ body (one batch: codec-encoded facts)
//! ```
//!
//! A batch is one record, so a torn write loses a whole unacknowledged batch, never part of one.
//! Records are written at the end of the last intact one (not in append mode), so what a failed
//! write left behind is overwritten by the next.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

const HEADER: usize = 8;

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
#[derive(Debug, Default)]
pub struct Recovered {
    /// The bodies of the intact records, in the order they were written.
    pub batches: Vec<Vec<u8>>,
    /// Bytes after the last intact record: a write that never completed.
    pub torn_bytes: u64,
    /// Where a damaged record lies that has an intact one after it: not a write cut short but a
    /// damaged file, whose later batches must not be dropped silently.
    pub damaged_at: Option<u64>,
}

impl FactWal {
    /// Opens (or creates) the log at `path` and reads the records it holds.
    pub fn open(path: &Path) -> io::Result<(FactWal, Recovered)> {
        let created = !path.exists();
        let mut file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path)?;
        // Reading a FIFO or a device would wait forever or read garbage.
        if !file.metadata()?.is_file() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
        }
        if let Some(dir) = path.parent().filter(|_| created) {
            super::folder::sync_dir(dir)?;
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        let (batches, intact) = intact_records(&bytes);
        let torn_bytes = (bytes.len() - intact) as u64;
        let damaged_at = damaged_record_before_intact_ones(&bytes[intact..]).then_some(intact as u64);
        let recovered = Recovered { batches, torn_bytes, damaged_at };
        Ok((FactWal { path: path.to_owned(), file, len: intact as u64, stray_tail: torn_bytes > 0 }, recovered))
    }

    /// Appends one batch and returns once it is on the device.
    pub fn append(&mut self, body: &[u8]) -> io::Result<()> {
        let body_len = u32::try_from(body.len()).map_err(|_| io::Error::other("a batch of facts over 4 GiB"))?;
        let mut record = Vec::with_capacity(HEADER + body.len());
        record.extend_from_slice(&body_len.to_le_bytes());
        record.extend_from_slice(&crc32fast::hash(body).to_le_bytes());
        record.extend_from_slice(body);
        // fdatasync: the data and the file's new size, without the timestamps.
        let written = self.file.write_all_at(&record, self.len).and_then(|()| self.file.sync_data());
        if written.is_err() && self.file.set_len(self.len).is_err() {
            // A whole record may be in the file although its batch was never acknowledged.
            self.stray_tail = true;
        }
        written?;
        self.len += record.len() as u64;
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

/// The bodies of the records at the start of `bytes` up to the first that is cut short or fails
/// its checksum, and where that one starts.
fn intact_records(bytes: &[u8]) -> (Vec<Vec<u8>>, usize) {
    let mut batches = Vec::new();
    let mut at = 0;
    while let Some(header) = bytes.get(at..at + HEADER) {
        let len = u32::from_le_bytes(header[..4].try_into().expect("4 bytes")) as usize;
        let crc = u32::from_le_bytes(header[4..].try_into().expect("4 bytes"));
        let Some(body) = bytes.get(at + HEADER..at + HEADER + len) else { break };
        if crc32fast::hash(body) != crc {
            break;
        }
        batches.push(body.to_vec());
        at += HEADER + len;
    }
    (batches, at)
}

/// Whether `rest` (what follows the intact records) starts with a complete record that fails its
/// checksum and is followed by an intact one.
fn damaged_record_before_intact_ones(rest: &[u8]) -> bool {
    let Some(header) = rest.get(..HEADER) else { return false };
    let len = u32::from_le_bytes(header[..4].try_into().expect("4 bytes")) as usize;
    rest.get(HEADER + len..).is_some_and(|after| !intact_records(after).0.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reopen(path: &Path) -> Recovered {
        FactWal::open(path).unwrap().1
    }

    #[test]
    fn batches_come_back_in_order_and_clear_empties_the_log() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("facts.wal");
        let (mut wal, recovered) = FactWal::open(&path).unwrap();
        assert!(recovered.batches.is_empty() && wal.is_empty());
        wal.append(b"first").unwrap();
        wal.append(b"").unwrap();
        wal.append(b"third batch").unwrap();
        drop(wal);
        let recovered = reopen(&path);
        assert_eq!(recovered.batches, [b"first".to_vec(), Vec::new(), b"third batch".to_vec()]);
        assert_eq!(recovered.torn_bytes, 0);

        let (mut wal, _) = FactWal::open(&path).unwrap();
        wal.clear().unwrap();
        wal.append(b"after").unwrap();
        drop(wal);
        assert_eq!(reopen(&path).batches, [b"after".to_vec()]);
    }

    #[test]
    fn a_torn_or_damaged_record_ends_the_log_and_the_next_batch_overwrites_it() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("facts.wal");
        let (mut wal, _) = FactWal::open(&path).unwrap();
        wal.append(b"kept").unwrap();
        drop(wal);
        let intact = std::fs::metadata(&path).unwrap().len();

        // A write cut short: a header promising more than follows.
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(&100u32.to_le_bytes());
        bytes.extend_from_slice(&[0; 4]);
        bytes.extend_from_slice(b"partial");
        std::fs::write(&path, &bytes).unwrap();
        let (mut wal, recovered) = FactWal::open(&path).unwrap();
        assert_eq!(recovered.batches, [b"kept".to_vec()]);
        assert_eq!(recovered.torn_bytes, bytes.len() as u64 - intact);

        wal.append(b"next").unwrap();
        drop(wal);
        assert_eq!(reopen(&path).batches, [b"kept".to_vec(), b"next".to_vec()]);

        // A flipped bit in the last record's body: a write that did not complete, dropped.
        let clean = std::fs::read(&path).unwrap();
        let mut bytes = clean.clone();
        bytes[2 * HEADER + "kept".len() + "next".len() - 1] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        let recovered = reopen(&path);
        assert_eq!((recovered.batches, recovered.damaged_at), (vec![b"kept".to_vec()], None));

        // In the first: the intact record after it says the file is damaged, not torn.
        let mut bytes = clean;
        bytes[HEADER] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        let recovered = reopen(&path);
        assert!(recovered.batches.is_empty());
        assert_eq!(recovered.damaged_at, Some(0));
    }

    #[test]
    fn only_a_regular_file_is_a_log() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(FactWal::open(tmp.path()).is_err(), "a directory");
        // A FIFO would make reading the log wait forever.
        let fifo = tmp.path().join("facts.wal");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
        assert!(made.success());
        let err = FactWal::open(&fifo).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
    }
}
