//! `checkin` with no command: open the desk. An empty data folder first gets the bundled sample
//! event, clearly labelled as a demo, with the clock moved onto the event's first day so the demo
//! works on any date.

use super::output::outln;
use std::io::IsTerminal;

use super::Global;
use crate::i18n::Lang;
use crate::io::import::{ImportOptions, parse_registrants};
use crate::io::sample;
use crate::station::BadgePrinting;
use crate::station::Station;

/// The sample registrants, made by `checkin sample --count 1000 --seed 2016`.
const SAMPLE_REGISTRANTS: &[u8] = include_bytes!("../../data/registrants.csv");

pub fn run(g: &Global, force_demo: bool, session: Option<&str>, badges: BadgePrinting) -> anyhow::Result<()> {
    let mut station = super::data::open(g)?;
    if station.folder().is_empty() {
        load_demo(&mut station)?;
        station.set_clock(g.now.as_deref())?;
    } else if force_demo && !station.is_demo() {
        anyhow::bail!(
            "{} already holds an event; the demo only loads into an empty data folder (use --data with a new folder)",
            station.folder().dir().display()
        );
    }
    if let Some(id) = session {
        // Said before the screen opens, where it can be read.
        station.session(id)?;
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        // No terminal to draw on (a pipe, CI): say what is there instead of failing.
        super::data::print_status(&station)?;
        outln!("(not a terminal: the desk opens when checkin runs in a terminal)")?;
        return Ok(());
    }
    crate::tui::run(station, g.lang.unwrap_or_else(Lang::from_locale), session, badges)
}

/// Fills an empty folder with the sample programme and registrants and marks it as a demo.
pub fn load_demo(station: &mut Station) -> anyhow::Result<()> {
    let program = sample::sample_program()?;
    let parsed = parse_registrants(SAMPLE_REGISTRANTS, &ImportOptions::default())?;
    anyhow::ensure!(parsed.problems.is_empty(), "the bundled sample has bad rows: {:?}", parsed.problems.first());
    let people: Vec<_> = parsed.people.into_iter().map(|row| row.person).collect();
    station.folder().set_program(&program)?;
    station.folder().import(&people)?;
    station.folder().set_demo(true)?;
    // A demo event can be joined by other laptops too (`checkin invite`), which publishes it.
    station.refresh()?;
    tracing::info!(people = people.len(), "demo loaded");
    Ok(())
}
