//! The event's documents besides its facts — the programme and the registrants — as versions
//! that travel between stations.
//!
//! `checkin program` and `checkin import` publish what the folder then holds: its bytes are kept
//! as `DATA/documents/<digest>` (0600) and a `ProgramPublished` / `PeoplePublished` fact names
//! the digest. The fact travels like any other, signed; the bytes are fetched from a peer and
//! kept only if their digest is the one a fact names, then applied. Every station takes the
//! latest version published (by time, then fact id), whatever order it heard of them in.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{Store, StoreError, codec, damaged, write_err};
use crate::domain::{DocumentKind, Fact, FactKind, Person, Program};

const FOLDER: &str = "documents";
/// The largest document taken from a peer (a million registrants is about 150 MB).
pub const MAX_DOCUMENT: u64 = 512 << 20;

/// What [`Store::apply_documents`] changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub program: bool,
    pub people: bool,
}

fn applied_key(kind: DocumentKind) -> &'static [u8] {
    match kind {
        DocumentKind::Program => b"applied_program",
        DocumentKind::People => b"applied_people",
    }
}

fn folder(dir: &Path) -> PathBuf {
    dir.join(FOLDER)
}

fn path_of(dir: &Path, digest: &[u8; 32]) -> PathBuf {
    folder(dir).join(super::identity::hex(digest))
}

impl Store {
    /// Whether this folder's programme and registrants travel to other stations: once the event
    /// has another station or an invitation out. A laptop on its own publishes nothing, so its
    /// folder takes a `restore` after `program` and `import` as it always did.
    pub fn shares_documents(&self) -> bool {
        let membership = self.state.membership();
        membership.members().next().is_some() || membership.invites().next().is_some()
    }

    /// Publishes the programme and the registrants, if they travel and are not published as
    /// they are now (after an import, a programme, or the first invitation).
    pub fn publish_documents(&mut self, at: DateTime<Utc>, operator: &str) -> Result<(), StoreError> {
        if self.shares_documents() {
            self.publish_program(at, operator)?;
            self.publish_people(at, operator)?;
        }
        Ok(())
    }

    /// Publishes the programme this folder holds, for the event's other stations.
    pub fn publish_program(&mut self, at: DateTime<Utc>, operator: &str) -> Result<Option<Fact>, StoreError> {
        let Some(program) = self.program()? else { return Ok(None) };
        let bytes = codec::encode(&program).map_err(|e| damaged("programme", e))?;
        let (digest, size) = self.keep(&bytes, DocumentKind::Program)?;
        if self.state.current_document(DocumentKind::Program).is_some_and(|p| p.digest == digest) {
            return Ok(None);
        }
        Ok(Some(self.record(at, operator, FactKind::ProgramPublished { digest, size })?))
    }

    /// Publishes everyone imported into this folder, for the event's other stations.
    pub fn publish_people(&mut self, at: DateTime<Utc>, operator: &str) -> Result<Option<Fact>, StoreError> {
        let people = self.imported_people()?;
        let bytes = codec::encode(&people).map_err(|e| damaged("people", e))?;
        let (digest, size) = self.keep(&bytes, DocumentKind::People)?;
        if self.state.current_document(DocumentKind::People).is_some_and(|p| p.digest == digest) {
            return Ok(None);
        }
        let count = people.len() as u64;
        Ok(Some(self.record(at, operator, FactKind::PeoplePublished { digest, size, count })?))
    }

    /// Writes `bytes` as a document this folder holds and has applied.
    fn keep(&self, bytes: &[u8], kind: DocumentKind) -> Result<([u8; 32], u64), StoreError> {
        let digest = super::identity::digest(bytes);
        self.write_document(&digest, bytes)?;
        self.sled.meta.insert(applied_key(kind), digest.as_slice()).map_err(write_err)?;
        Ok((digest, bytes.len() as u64))
    }

    fn write_document(&self, digest: &[u8; 32], bytes: &[u8]) -> Result<(), StoreError> {
        let write = |e: std::io::Error| StoreError::Write(format!("{}: {e}", folder(&self.dir).display()));
        let dir = folder(&self.dir);
        std::fs::create_dir_all(&dir).map_err(write)?;
        #[cfg(unix)]
        std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o700)).map_err(write)?;
        let target = path_of(&self.dir, digest);
        if target.exists() {
            return Ok(());
        }
        let temporary = dir.join(format!("{}.tmp", super::identity::hex(digest)));
        let mut file = super::folder::private_file_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temporary)
            .map_err(write)?;
        std::io::Write::write_all(&mut file, bytes).map_err(write)?;
        file.sync_all().map_err(write)?;
        std::fs::rename(&temporary, &target).map_err(write)?;
        super::folder::sync_dir(&dir).map_err(write)
    }

    /// The bytes of the document with `digest`, if this folder holds them intact.
    pub fn document(&self, digest: &[u8; 32]) -> Option<Vec<u8>> {
        let bytes = std::fs::read(path_of(&self.dir, digest)).ok()?;
        (super::identity::digest(&bytes) == *digest).then_some(bytes)
    }

    /// The current documents this folder lacks the bytes of: what to ask peers for.
    pub fn missing_documents(&self) -> Vec<[u8; 32]> {
        [DocumentKind::Program, DocumentKind::People]
            .into_iter()
            .filter_map(|kind| self.state.current_document(kind))
            .filter(|p| !path_of(&self.dir, &p.digest).exists())
            .map(|p| p.digest)
            .collect()
    }

    /// Keeps `bytes` fetched from a peer if they are a document a fact here names; false when
    /// they are not (nothing is written).
    pub fn take_document(&self, bytes: &[u8]) -> Result<bool, StoreError> {
        let digest = super::identity::digest(bytes);
        let named = [DocumentKind::Program, DocumentKind::People]
            .into_iter()
            .filter_map(|kind| self.state.current_document(kind))
            .any(|p| p.digest == digest && p.size == bytes.len() as u64);
        if named {
            self.write_document(&digest, bytes)?;
        }
        Ok(named)
    }

    /// Applies the current programme and registrants if they are newer than what this folder
    /// applied last and their bytes are here.
    pub fn apply_documents(&mut self) -> Result<Applied, StoreError> {
        let mut applied = Applied::default();
        for kind in [DocumentKind::Program, DocumentKind::People] {
            let Some(current) = self.state.current_document(kind).cloned() else { continue };
            let done = self.sled.meta.get(applied_key(kind)).map_err(write_err)?;
            if done.as_deref() == Some(current.digest.as_slice()) {
                continue;
            }
            let Some(bytes) = self.document(&current.digest) else { continue };
            let refused = |why: String| {
                StoreError::Refused(format!("the {kind:?} published by station {} is refused: {why}", current.station))
            };
            match kind {
                DocumentKind::Program => {
                    let mut program: Program = codec::decode_limited(&bytes).map_err(|e| refused(e.to_string()))?;
                    program.clean_texts();
                    program.validate().map_err(|e| refused(e.to_string()))?;
                    self.set_program(&program)?;
                    applied.program = true;
                }
                DocumentKind::People => {
                    let people: Vec<Person> = codec::decode_document(&bytes).map_err(|e| refused(e.to_string()))?;
                    self.import(&people)?;
                    applied.people = true;
                }
            }
            self.sled.meta.insert(applied_key(kind), current.digest.as_slice()).map_err(write_err)?;
            self.sync()?;
            tracing::info!(station = %current.station, "applied the {kind:?} it published");
        }
        Ok(applied)
    }
}
