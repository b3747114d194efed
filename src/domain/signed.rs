//! A fact as it travels between stations, and the event it belongs to: plain data, so files and
//! screens can carry them. Signing and checking them is the store's job (`store::identity`).

use serde::{Deserialize, Serialize};

use super::fact::StationKey;

/// 16 random bytes naming one event, shown as 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EventId(pub [u8; 16]);

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&hex(&self.0))
    }
}

/// A fact as it travels: the bytes stored for it, the key that signed them, and the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedFact {
    /// `store::codec::encode` of the fact, exactly as its station stored it.
    pub bytes: Vec<u8>,
    pub key: StationKey,
    /// 64 bytes of Ed25519 signature.
    pub sig: Vec<u8>,
}

/// Bytes as lowercase hex digits (how keys and ids are shown and written to files).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of [`hex`] digits; `None` for an odd length or a character that is not a digit.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_goes_there_and_back_and_refuses_what_is_not_hex() {
        let bytes = [0u8, 1, 0xab, 0xff];
        assert_eq!(hex(&bytes), "0001abff");
        assert_eq!(unhex("0001abff").unwrap(), bytes);
        assert_eq!(unhex("0001ABFF").unwrap(), bytes);
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
        assert_eq!(unhex("é1"), None);
        assert_eq!(EventId([0x10; 16]).to_string(), "10".repeat(16));
    }
}
