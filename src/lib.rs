//! `checkin`: a terminal check-in station for conferences.
//!
//! Layers, from the bottom: [`domain`] (pure types and rules), [`store`] (the only module that
//! touches sled), [`io`] (files in and out), [`cli`] (commands) — and the terminal UI on top.

pub mod checkout;
pub mod cli;
pub mod clock;
pub mod domain;
pub mod i18n;
pub mod io;
pub mod report;
pub mod rollcall;
pub mod search;
pub mod sessions;
pub mod sharing;
pub mod station;
pub mod store;
pub mod sync;
pub mod tui;
