//! `checkin`: a terminal check-in station for conferences.
//!
//! Layers, from the bottom: [`domain`] (pure types and rules), [`store`] (the only module that
//! touches sled), [`io`] (files in and out), [`cli`] (commands) — and the terminal UI on top.

pub mod cli;
pub mod domain;
pub mod i18n;
pub mod io;
pub mod search;
pub mod station;
pub mod store;
pub mod text;
pub mod tui;
