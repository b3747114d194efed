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
    #[serde(flatten)]
    status: Today,
}

/// Where the person stands at the venue today.
#[derive(Serialize)]
struct Today {
    /// "not_yet", "in" or "out".
    today: &'static str,
    /// When the current stay began (in) or the person left (out), event time "HH:MM".
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<String>,
    /// Where the current stay began.
    #[serde(skip_serializing_if = "Option::is_none")]
    station: Option<String>,
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
            status: status_of(&desk, &today, &p.code),
        })
        .collect();
    let text = if json {
        serde_json::to_string_pretty(&found)? + "\n"
    } else {
        found
            .iter()
            .map(|f| {
                let Today { today, since, station } = &f.status;
                let today = match (since, station) {
                    (Some(t), Some(at)) => format!("{today} since {t} at {at}"),
                    (Some(t), None) => format!("{today} {t}"),
                    _ => (*today).to_owned(),
                };
                format!("{}\t{}\t{}\t{}\t{}\t{today}\n", f.code, f.name, f.alt_spelling, f.category, f.matched)
            })
            .collect()
    };
    super::output::write_all(&text)?;
    Ok(if found.is_empty() && !json { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn status_of(desk: &Desk, today: &crate::domain::EntryPoint, code: &str) -> Today {
    let time = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&desk.station.offset()).format("%H:%M").to_string();
    let (today, since, station) = match desk.station.state().status(today, code) {
        AttendanceStatus::NotYet => ("not_yet", None, None),
        AttendanceStatus::In { since, station, .. } => ("in", Some(time(since)), Some(station)),
        AttendanceStatus::Out { at, .. } => ("out", Some(time(at)), None),
    };
    Today { today, since, station }
}
