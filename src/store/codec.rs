//! The one place that turns stored values into bytes and back.
//!
//! bincode is not self-describing, so every value starts with a format version byte. A change of
//! layout (or of encoder) bumps [`VALUE_FORMAT`] here and nowhere else.

use serde::{Deserialize, Serialize, de::DeserializeOwned};

/// Version byte in front of every stored value.
pub const VALUE_FORMAT: u8 = 1;

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("stored value has format {found}, this checkin reads format {VALUE_FORMAT}")]
    Version { found: u8 },
    #[error("stored value is empty")]
    Empty,
    #[error("stored value has {0} bytes more than its fields")]
    Trailing(usize),
    #[error("stored values are cut short")]
    Truncated,
    #[error("{0} bytes of stored values are more than a station holds")]
    TooLarge(usize),
    #[error("stored value is damaged: {0}")]
    Decode(#[from] bincode::error::DecodeError),
    #[error("value cannot be stored: {0}")]
    Encode(#[from] bincode::error::EncodeError),
}

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![VALUE_FORMAT];
    bincode::serde::encode_into_std_write(value, &mut out, config())?;
    Ok(out)
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&version, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    if version != VALUE_FORMAT {
        return Err(CodecError::Version { found: version });
    }
    let (value, _) = bincode::serde::decode_from_slice(body, config())?;
    Ok(value)
}

/// The most any value read from a peer may claim to hold in all (4 MiB: a page of facts).
const PEER_LIMIT: usize = 4 << 20;

/// [`decode`] for bytes from another station: no length inside may make it allocate more than
/// [`PEER_LIMIT`] in all, whatever the bytes claim.
pub fn decode_limited<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&version, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    if version != VALUE_FORMAT {
        return Err(CodecError::Version { found: version });
    }
    let (value, _) = bincode::serde::decode_from_slice(body, config().with_limit::<PEER_LIMIT>())?;
    Ok(value)
}

/// The most a document from a peer (the registrants of a large event) may claim in all.
const DOCUMENT_LIMIT: usize = 1 << 30;

/// [`decode_limited`] for an event document, which may be far larger than a message.
pub fn decode_document<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&version, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    if version != VALUE_FORMAT {
        return Err(CodecError::Version { found: version });
    }
    let (value, _) = bincode::serde::decode_from_slice(body, config().with_limit::<DOCUMENT_LIMIT>())?;
    Ok(value)
}

/// A view of a stored value that borrows its text from `bytes` (see
/// [`crate::domain::person::PersonView`]); unlike [`decode`], it must read the value to its end.
pub fn decode_view<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, CodecError> {
    let (&version, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    if version != VALUE_FORMAT {
        return Err(CodecError::Version { found: version });
    }
    let (value, read) = bincode::serde::borrow_decode_from_slice(body, config())?;
    match body.len() - read {
        0 => Ok(value),
        over => Err(CodecError::Trailing(over)),
    }
}

/// Keys carry no version byte: they must sort, and a format change rewrites them anyway.
pub fn encode_key<T: Serialize>(key: &T) -> Result<Vec<u8>, CodecError> {
    Ok(bincode::serde::encode_to_vec(key, config())?)
}

pub fn decode_key<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    Ok(bincode::serde::decode_from_slice(bytes, config())?.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Category, Person};

    #[test]
    fn round_trips_and_refuses_other_versions() {
        let p =
            Person {
                code: "KZ-1".into(), family: "Смағұлова".into(), category: Category::Child, ..Default::default()
            };
        let bytes = encode(&p).unwrap();
        assert_eq!(bytes[0], VALUE_FORMAT);
        assert_eq!(decode::<Person>(&bytes).unwrap(), p);
        let mut newer = bytes.clone();
        newer[0] = VALUE_FORMAT + 1;
        assert!(matches!(decode::<Person>(&newer), Err(CodecError::Version { .. })));
        assert!(matches!(decode::<Person>(&[]), Err(CodecError::Empty)));
        assert!(matches!(decode::<Person>(&bytes[..bytes.len() / 2]), Err(CodecError::Decode(_))));
    }
}
