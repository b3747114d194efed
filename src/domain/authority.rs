//! Organisers' authority. An **override** — a
//! child released to an adult not on their list, the last chaperone of children on site let out —
//! needs an organiser: their own badge (a registrant of category organiser, whose registration
//! stands), or the organisers' passphrase set for the event's data folder. The organiser's word
//! travels inside the override's reason, as a tag the writer checks itself and then records:
//!
//! ```text
//! sent:     [organiser: badge KZ-000009] mother's call, ID checked
//! sent:     [organiser: passphrase 6b6f6b] mother's call, ID checked   (the passphrase in hex)
//! recorded: [organiser: badge KZ-000009] mother's call, ID checked
//! recorded: [organiser: passphrase] mother's call, ID checked          (never the passphrase)
//! ```
//!
//! A recorded tag sent again (`[organiser: passphrase]`) is no authority: only the passphrase is.
//! The passphrase itself is kept only as a salted Argon2id hash ([`hash_passphrase`]).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// How an organiser vouches for an override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authority {
    /// The organiser's own badge, scanned or typed: their registration code.
    Badge(String),
    /// The organisers' passphrase for the event.
    Passphrase(String),
}

const OPEN: &str = "[organiser: ";
const BADGE: &str = "badge ";
const PASSPHRASE: &str = "passphrase";

/// The reason an override is sent with: `reason` behind the organiser's tag.
pub fn vouch(authority: &Authority, reason: &str) -> String {
    match authority {
        Authority::Badge(code) => format!("{OPEN}{BADGE}{}] {}", code.trim(), reason.trim()),
        Authority::Passphrase(secret) => {
            format!("{OPEN}{PASSPHRASE} {}] {}", data_encoding::HEXLOWER.encode(secret.as_bytes()), reason.trim())
        }
    }
}

/// Why an override is not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoAuthority {
    /// No organiser's tag, or one that is not well formed.
    Missing,
    /// The badge is not an organiser's.
    NotAnOrganiser(String),
    /// No passphrase is set for the event, or this is not it.
    WrongPassphrase,
    /// The tag is there, the reason behind it is not.
    NoReason,
}

impl std::fmt::Display for NoAuthority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoAuthority::Missing => {
                f.write_str("an override needs an organiser: their badge or the organisers' passphrase")
            }
            NoAuthority::NotAnOrganiser(code) => write!(f, "{code} is not an organiser's badge"),
            NoAuthority::WrongPassphrase => f.write_str("that is not the organisers' passphrase"),
            NoAuthority::NoReason => f.write_str("an override needs a reason"),
        }
    }
}

/// Checks the organiser's tag at the start of an override's `reason`, and gives the reason as it
/// is recorded (a passphrase is replaced by the word). `is_organiser` says whether a code is an
/// organiser's badge; `passphrase_hash` is the event's, if one is set.
pub fn authorise(
    reason: &str,
    is_organiser: impl Fn(&str) -> bool,
    passphrase_hash: Option<&str>,
) -> Result<String, NoAuthority> {
    let tagged = reason.trim_start().strip_prefix(OPEN).ok_or(NoAuthority::Missing)?;
    let (tag, rest) = tagged.split_once(']').ok_or(NoAuthority::Missing)?;
    let rest = rest.trim();
    let recorded = if let Some(code) = tag.strip_prefix(BADGE) {
        let code = code.trim();
        if !is_organiser(code) {
            return Err(NoAuthority::NotAnOrganiser(code.to_owned()));
        }
        format!("{OPEN}{BADGE}{code}]")
    } else if let Some(hex) = tag.strip_prefix(PASSPHRASE).and_then(|t| t.strip_prefix(' ')) {
        let secret = data_encoding::HEXLOWER.decode(hex.trim().as_bytes()).map_err(|_| NoAuthority::WrongPassphrase)?;
        let secret = String::from_utf8(secret).map_err(|_| NoAuthority::WrongPassphrase)?;
        if !passphrase_hash.is_some_and(|hash| passphrase_matches(hash, &secret)) {
            return Err(NoAuthority::WrongPassphrase);
        }
        format!("{OPEN}{PASSPHRASE}]")
    } else {
        return Err(NoAuthority::Missing);
    };
    if rest.is_empty() {
        return Err(NoAuthority::NoReason);
    }
    Ok(format!("{recorded} {rest}"))
}

/// The badge code a tag in `text` (anywhere: after a note's prefix) names, for the writer to look
/// its owner up.
pub fn claimed_badge(text: &str) -> Option<&str> {
    let (_, tagged) = text.split_once(OPEN)?;
    Some(tagged.split_once(']')?.0.strip_prefix(BADGE)?.trim())
}

/// Who vouched for a recorded override's reason, for the screens: "badge KZ-000009" or
/// "passphrase", and the reason after it.
pub fn recorded(reason: &str) -> Option<(&str, &str)> {
    let (tag, rest) = reason.strip_prefix(OPEN)?.split_once(']')?;
    Some((tag, rest.trim_start()))
}

/// A salted Argon2id hash of `passphrase` (a PHC string: algorithm, parameters, salt, hash).
pub fn hash_passphrase(passphrase: &str) -> Result<String, String> {
    // 16 random bytes from rand's thread generator (a CSPRNG seeded by the OS).
    let bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&bytes).map_err(|e| e.to_string())?;
    Argon2::default().hash_password(passphrase.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// Whether `passphrase` is the one `hash` (from [`hash_passphrase`]) was made from.
pub fn passphrase_matches(hash: &str, passphrase: &str) -> bool {
    PasswordHash::new(hash)
        .is_ok_and(|parsed| Argon2::default().verify_password(passphrase.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_is_taken_on_an_organisers_badge_or_passphrase_only() {
        let organisers = |code: &str| code == "KZ-000009";
        let hash = hash_passphrase("ақ жол 2016").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("ақ жол"));

        let badge = vouch(&Authority::Badge("KZ-000009".into()), "mother's call");
        assert_eq!(authorise(&badge, organisers, None), Ok("[organiser: badge KZ-000009] mother's call".into()));
        let other = vouch(&Authority::Badge("KZ-000001".into()), "mother's call");
        assert_eq!(authorise(&other, organisers, None), Err(NoAuthority::NotAnOrganiser("KZ-000001".into())));

        let right = vouch(&Authority::Passphrase("ақ жол 2016".into()), "bus leaves");
        assert_eq!(authorise(&right, organisers, Some(&hash)), Ok("[organiser: passphrase] bus leaves".into()));
        let wrong = vouch(&Authority::Passphrase("guess".into()), "bus leaves");
        assert_eq!(authorise(&wrong, organisers, Some(&hash)), Err(NoAuthority::WrongPassphrase));
        assert_eq!(authorise(&right, organisers, None), Err(NoAuthority::WrongPassphrase), "no passphrase set");

        // What is recorded is no authority when sent again; nor is a reason alone.
        assert_eq!(authorise("[organiser: passphrase] bus leaves", organisers, Some(&hash)), Err(NoAuthority::Missing));
        assert_eq!(authorise("bus leaves", organisers, Some(&hash)), Err(NoAuthority::Missing));
        let blank = vouch(&Authority::Badge("KZ-000009".into()), "  ");
        assert_eq!(authorise(&blank, organisers, None), Err(NoAuthority::NoReason));
        assert_eq!(recorded("[organiser: passphrase] bus leaves"), Some(("passphrase", "bus leaves")));
    }
}
