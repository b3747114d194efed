//! `checkin`: a terminal check-in station for conferences.
//!
//! The modules are layers; a module imports only from the layers below it (`tests/layers.rs`
//! checks this). From the top:
//!
//! ```text
//!  cli       the commands; `checkin` without one opens the terminal UI
//!  tui       screens and windows: key → Msg → update → Effect, views that only read
//!  station   the use cases (check in, sessions, check-out, walk-in, roll-call, badges) behind one
//!            `Station` whose fields are private; its clock; keeping in step with other windows
//!  sync      stations on many machines: iroh links, join tickets, the network thread that
//!            asks the folder's owner for facts and hands it what peers sent
//!  store     the only code that touches sled: facts, write-ahead log, one versioned codec,
//!            the search snapshot, sharing a folder between windows
//!  io        files in and out: import, export, sample event, roll-call page, badge PDFs, `lp`
//!  i18n      every word a volunteer sees, in Kazakh, Russian and English
//!  search    index and ranking
//!  domain    pure types and rules: programme, person, facts, derived state, seats,
//!            safeguarding, roll-call, report; no IO, no clock
//!  text      letters: folding, keyboard layouts, "the same code", sanitising, passport Latin
//! ```
//!
//! `i18n` is one file at the top level rather than a folder: the screens, the commands and the
//! printed roll-call page all need it, and it needs nothing but the domain's categories.

// The terminal belongs to the screen, and a command's output may go to a pipe nobody reads any
// more: commands print through `cli::output`, never `println!` (which panics on a closed pipe).
#![warn(clippy::print_stdout)]

pub mod cli;
pub mod domain;
pub mod i18n;
pub mod io;
pub mod search;
pub mod station;
pub mod store;
pub mod sync;
pub mod text;
pub mod tui;
