//! Who this data folder is in its event: the event it belongs to, and the station key every fact
//! written here is signed with.
//!
//! Every fact travels between stations as the exact bytes stored here plus an Ed25519 signature
//! of them by the key of the folder that wrote it ([`SignedFact`]), so a station that relays facts
//! cannot forge another's. The key is also the folder's iroh endpoint id: the peer a station talks
//! to over the network is the key that signed its facts.
//!
//! ```text
//! DATA/station.key   32 secret bytes, 0600, made once; never copied to another laptop
//! meta "event"       EventInfo: the event's id and name, and the key of the station that made it
//! ```
//!
//! The signed message is `"checkin fact v1\0" ‖ event id ‖ fact bytes`, so a fact signed for one
//! event is worthless in another.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::StationKey;
pub use crate::domain::signed::{EventId, SignedFact, hex};

const KEY_FILE: &str = "station.key";
const SIGNING_CONTEXT: &[u8] = b"checkin fact v1\0";

/// The event a data folder belongs to. Made by the folder that first held it (the event's first
/// station, admitted by being its creator); a station that joins takes its inviter's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventInfo {
    pub id: EventId,
    /// What organisers call it (from the programme, or the folder's name when it was made).
    pub name: String,
    /// The first station: admitted by the event itself, not by a ticket.
    pub founder: StationKey,
    pub created: DateTime<Utc>,
}

impl EventInfo {
    /// A new event whose founder is `key`.
    pub fn found(name: &str, key: StationKey, now: DateTime<Utc>) -> EventInfo {
        EventInfo { id: EventId(rand::random()), name: name.to_owned(), founder: key, created: now }
    }
}

/// The folder's secret station key.
pub struct StationSecret {
    secret: iroh::SecretKey,
}

impl std::fmt::Debug for StationSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StationSecret").field("public", &hex(&self.public())).finish()
    }
}

impl StationSecret {
    pub fn public(&self) -> StationKey {
        *self.secret.public().as_bytes()
    }

    /// The key as iroh takes it, for the network endpoint.
    pub fn iroh_key(&self) -> iroh::SecretKey {
        self.secret.clone()
    }

    pub fn sign(&self, event: &EventId, bytes: &[u8]) -> Vec<u8> {
        self.secret.sign(&message(event, bytes)).to_bytes().to_vec()
    }

    /// A fresh key, for a test or a fresh folder.
    pub fn generate() -> StationSecret {
        StationSecret { secret: iroh::SecretKey::from_bytes(&rand::random()) }
    }
}

/// Whether `fact` is signed for `event` by the key it names.
pub fn verify(event: &EventId, fact: &SignedFact) -> bool {
    let Ok(key) = iroh::PublicKey::from_bytes(&fact.key) else { return false };
    let Ok(sig) = <[u8; 64]>::try_from(fact.sig.as_slice()) else { return false };
    key.verify(&message(event, &fact.bytes), &iroh::Signature::from_bytes(&sig)).is_ok()
}

fn message(event: &EventId, bytes: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(SIGNING_CONTEXT.len() + 16 + bytes.len());
    message.extend_from_slice(SIGNING_CONTEXT);
    message.extend_from_slice(&event.0);
    message.extend_from_slice(bytes);
    message
}

pub fn key_path(dir: &Path) -> PathBuf {
    dir.join(KEY_FILE)
}

/// Reads the folder's key, or makes it when `create` (a new folder, or one from before keys).
pub fn load_or_create(dir: &Path, create: bool) -> std::io::Result<StationSecret> {
    let path = key_path(dir);
    match std::fs::read(&path) {
        Ok(bytes) => {
            let bytes: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{} is damaged ({} bytes, not 32)", path.display(), bytes.len()),
                )
            })?;
            Ok(StationSecret { secret: iroh::SecretKey::from_bytes(&bytes) })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
            let secret = StationSecret::generate();
            write_private(&path, &secret.secret.to_bytes())?;
            Ok(secret)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(std::io::Error::new(
            e.kind(),
            format!(
                "{} is missing: this station cannot sign its facts. Restore it from the laptop's backup, or make a new station with `checkin join`",
                path.display()
            ),
        )),
        Err(e) => Err(std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
    }
}

/// Writes a new file readable by this user only, durably (file and folder synced).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    if let Some(dir) = path.parent() {
        super::folder::sync_dir(dir)?;
    }
    Ok(())
}

/// A BLAKE3 digest, e.g. of a join ticket's secret.
pub fn digest(bytes: &[u8]) -> [u8; 32] {
    *blake3::hash(bytes).as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(secret: &StationSecret, event: &EventId, bytes: &[u8]) -> SignedFact {
        SignedFact { bytes: bytes.to_vec(), key: secret.public(), sig: secret.sign(event, bytes) }
    }

    #[test]
    fn a_signature_holds_for_its_bytes_key_and_event_only() {
        let (a, b) = (StationSecret::generate(), StationSecret::generate());
        let (event, other_event) = (EventId([1; 16]), EventId([2; 16]));
        let fact = signed(&a, &event, b"fact");
        assert!(verify(&event, &fact));
        assert!(!verify(&other_event, &fact), "another event's fact");
        assert!(!verify(&event, &SignedFact { bytes: b"fakt".to_vec(), ..fact.clone() }), "changed bytes");
        assert!(!verify(&event, &SignedFact { key: b.public(), ..fact.clone() }), "claimed by another key");
        assert!(!verify(&event, &SignedFact { sig: vec![0; 3], ..fact }), "a short signature");
    }

    #[test]
    fn the_key_is_made_once_private_and_a_missing_one_is_not_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(load_or_create(tmp.path(), false).is_err(), "not made unless asked");
        let made = load_or_create(tmp.path(), true).unwrap();
        assert_eq!(load_or_create(tmp.path(), true).unwrap().public(), made.public());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(key_path(tmp.path())).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(key_path(tmp.path()), b"short").unwrap();
        let err = load_or_create(tmp.path(), true).unwrap_err();
        assert!(err.to_string().contains("damaged"), "{err}");
    }
}
