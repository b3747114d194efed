//! `checkin search`: the desk's ranking, non-interactively — one result per line, code first.

use std::process::ExitCode;

use serde::Serialize;

use super::Global;
use crate::domain::AttendanceStatus;
use crate::search::Tier;
use crate::tui::desk::Desk;

#[derive(Serialize)]
struct Found<'a> {
    code: &'a str,
    name: String,
    alt_spelling: &'a str,
    category: &'a str,
    delegation: &'a str,
    /// "code", "exact", "prefix" or "fuzzy".
    matched: &'static str,
    /// "not_yet", "in" or "out" at the venue today.
    today: &'static str,
}

pub fn run(g: &Global, query: &str, limit: usize, json: bool) -> anyhow::Result<ExitCode> {
    let desk = Desk::new(super::data::open(g)?)?;
    let rows = desk.search_limited(query, limit);
    let today = desk.station.venue_today();
    let found: Vec<Found> = rows
        .iter()
        .filter_map(|r| desk.person(&r.code).map(|p| (r, p)))
        .map(|(r, p)| Found {
            code: &p.code,
            name: p.full_name(),
            alt_spelling: &p.alt_spelling,
            category: p.category.key(),
            delegation: &p.delegation,
            matched: match r.tier {
                Tier::Code => "code",
                Tier::Exact => "exact",
                Tier::Prefix => "prefix",
                Tier::Fuzzy => "fuzzy",
            },
            today: match desk.station.store.state().status(&today, &p.code) {
                AttendanceStatus::NotYet => "not_yet",
                AttendanceStatus::In { .. } => "in",
                AttendanceStatus::Out { .. } => "out",
            },
        })
        .collect();
    let text = if json {
        serde_json::to_string_pretty(&found)? + "\n"
    } else {
        found.iter().map(|f| format!("{}\t{}\t{}\t{}\t{}\t{}\n", f.code, f.name, f.alt_spelling, f.category, f.matched, f.today)).collect()
    };
    super::output::write_all(&text)?;
    Ok(if found.is_empty() && !json { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
