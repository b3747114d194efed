//! Text: what every layer above needs to know about letters, and nothing else (no people, no
//! store, no screen).
//!
//! [`fold`] turns any spelling into the skeleton search compares (FOLDING.md), [`layout`] undoes
//! a wrong keyboard layout, [`code`] says when typed text is a registration code, [`sanitize`]
//! strips what must never reach a terminal or a stored field from text that came from outside,
//! [`passport`] writes a Cyrillic name in Latin as Kazakhstani passports do.

pub mod code;
pub mod fold;
pub mod layout;
pub mod passport;
pub mod sanitize;
