//! `checkin search`: the desk's ranking, non-interactively — one result per line, code first.

use std::process::ExitCode;

use serde::Serialize;

use super::Global;
use crate::domain::AttendanceStatus;
use crate::search::explain;
use crate::tui::desk::Desk;

#[derive(Serialize)]
struct Found<'a> {
    code: &'a str,
    name: String,
    family: &'a str,
    given: &'a str,
    patronymic: &'a str,
    /// Under 18 on the event's first day, or a child participant.
    minor: bool,
    /// The registration: "registered", or "cancelled", "withdrawn", … (never admitted).
    status: &'static str,
    /// Every other code that finds this person (ticket secret, barcode, ИИН, order code).
    aliases: &'a [String],
    order: &'a str,
    alt_spelling: &'a str,
    category: &'a str,
    delegation: &'a str,
    /// "code", "email", "exact", "prefix" or "fuzzy": the ranking's tier.
    tier: &'static str,
    /// How each query token matched: the token (as read: in the other keyboard layout for a
    /// "layout" match) and "exact", "folded", "transliterated", "typo" or "layout".
    matched: Vec<TokenMatch>,
    #[serde(flatten)]
    today: Today,
}

#[derive(Serialize)]
struct TokenMatch {
    token: String,
    how: &'static str,
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
    let first_day = desk.station.event_first_day();
    let found: Vec<Found> = rows
        .iter()
        .filter_map(|r| desk.person(&r.code).map(|p| (r, p)))
        .map(|(r, p)| Found {
            code: &p.code,
            name: p.full_name(),
            family: &p.family,
            given: &p.given,
            patronymic: &p.patronymic,
            minor: p.is_minor(first_day),
            status: p.status.key(),
            aliases: &p.aliases,
            order: &p.order,
            alt_spelling: &p.alt_spelling,
            category: p.category.key(),
            delegation: &p.delegation,
            tier: r.tier.name(),
            matched: explain(query, r.hit())
                .into_iter()
                .map(|(token, how)| TokenMatch { token, how: how.name() })
                .collect(),
            today: status_of(&desk, &today, &p.code),
        })
        .collect();
    let text = if json {
        serde_json::to_string_pretty(&found)? + "\n"
    } else {
        found
            .iter()
            .map(|f| {
                let Today { today, since, station } = &f.today;
                let today = match (since, station) {
                    (Some(t), Some(at)) => format!("{today} since {t} at {at}"),
                    (Some(t), None) => format!("{today} {t}"),
                    _ => (*today).to_owned(),
                };
                format!("{}\t{}\t{}\t{}\t{}\t{today}\n", f.code, f.name, f.alt_spelling, f.category, f.tier)
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
