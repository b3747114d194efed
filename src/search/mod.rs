//! Finding a person from what a volunteer types (see FOLDING.md in the shared notes).
//!
//! Pure: no IO, no clock. [`fold`] turns any spelling into a skeleton, [`layout`] undoes a wrong
//! keyboard layout, [`SearchIndex`] finds and ranks people.

pub mod fold;
pub mod layout;
