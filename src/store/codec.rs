//! The one place that turns stored values into bytes and back.
//!
//! bincode is not self-describing, so every value starts with a format version byte: a change of
//! encoder bumps [`VALUE_FORMAT`] here and nowhere else. A fact's bytes never change meaning; a
//! change in the layout of one stored type is that type's own (a person's follows the folder
//! format and is upgraded in place: `store::upgrade`).

use serde::{Deserialize, Serialize, de::DeserializeOwned};

/// Version byte in front of every stored value.
pub const VALUE_FORMAT: u8 = 1;

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// The most bytes a decode may read or claim, whatever the input says: bincode reserves the
/// memory for a text before reading it, so a length field of 2^40 (a damaged file, a hostile
/// socket) must be refused, not allocated. A value's texts can never need more memory than its
/// encoding has bytes, so the limit is the first of these at or above the input's length (the
/// limit is a type parameter: a few sizes keep the decoders compiled few).
const LIMITS: [usize; 3] = [64 << 10, 16 << 20, 1 << 30];

/// Runs `$decode` with the configuration limited for the bytes `$input`.
macro_rules! limited {
    ($input:expr, |$config:ident| $decode:expr) => {{
        let len = $input.len();
        if len <= LIMITS[0] {
            let $config = config().with_limit::<{ LIMITS[0] }>();
            $decode.map_err(CodecError::from)
        } else if len <= LIMITS[1] {
            let $config = config().with_limit::<{ LIMITS[1] }>();
            $decode.map_err(CodecError::from)
        } else if len <= LIMITS[2] {
            let $config = config().with_limit::<{ LIMITS[2] }>();
            $decode.map_err(CodecError::from)
        } else {
            Err(CodecError::TooLarge(len))
        }
    }};
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
    Ok(limited!(body, |config| bincode::serde::decode_from_slice(body, config))?.0)
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
    let (value, read) = limited!(body, |config| bincode::serde::borrow_decode_from_slice(body, config))?;
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
    Ok(limited!(bytes, |config| bincode::serde::decode_from_slice(bytes, config))?.0)
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

    #[test]
    fn a_length_claiming_more_than_the_input_is_an_error_not_an_allocation() {
        // A text of 2^40 bytes: allocated before reading, it aborts the process.
        let mut hostile = vec![VALUE_FORMAT, 253];
        hostile.extend_from_slice(&(1u64 << 40).to_le_bytes());
        assert!(matches!(decode::<String>(&hostile), Err(CodecError::Decode(_))));
        assert!(decode_key::<String>(&hostile[1..]).is_err());
        assert!(decode_view::<&str>(&hostile).is_err());
        // Just past the smallest limit: still refused, still no allocation.
        let mut hostile = vec![VALUE_FORMAT, 253];
        hostile.extend_from_slice(&((LIMITS[0] as u64) + 1).to_le_bytes());
        hostile.resize(100, 0);
        assert!(decode::<String>(&hostile).is_err());
    }

    #[test]
    fn values_of_every_size_still_decode_under_their_limit() {
        for size in [0, LIMITS[0] - 16, LIMITS[0] + 1, 3 << 20] {
            let texts = vec!["ж".repeat(size / 20); 10];
            let bytes = encode(&texts).unwrap();
            assert_eq!(decode::<Vec<String>>(&bytes).unwrap(), texts, "{} bytes", bytes.len());
        }
    }
}
