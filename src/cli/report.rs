//! `checkin report [--day D] [--json]`: the dashboard's numbers for the end-of-day report.

use std::io::Write;

use super::Global;
use crate::domain::report::{self, Counts, Moment, Report};
use crate::i18n::T;
use crate::station::Station;
use crate::sync::Reach;

pub fn run(g: &Global, day: Option<chrono::NaiveDate>, json: bool) -> anyhow::Result<()> {
    let station = super::data::open(g)?;
    let report = build(&station, day)?;
    let lang = g.lang.unwrap_or_else(crate::i18n::Lang::from_locale).code();
    // Built first, so a reader that goes away (`| head`) is not an error (see `output`).
    let stations = station.reach();
    let ui_lang = crate::i18n::Lang::from_tag(lang);
    let complete = station.completeness(stations.as_ref(), ui_lang);
    let network = Network { stations, other_stations: station.other_stations(), complete };
    let mut out = Vec::new();
    if json {
        serde_json::to_writer_pretty(&mut out, &WithNetwork { report: &report, network })?;
        writeln!(out)?;
    } else {
        write_text(&mut out, &report, &network, &station, lang)?;
    }
    super::output::write_bytes(&out)?;
    Ok(())
}

/// How old the report's truth is when the event has stations on other machines.
#[derive(serde::Serialize)]
struct Network {
    /// What the folder's syncing window hears now; `null` when none syncs.
    stations: Option<Reach>,
    /// The event's stations besides this one (admitted, not revoked).
    other_stations: usize,
    /// The dashboard's and the roll-call's "as of …" line; `null` for an event of one laptop.
    complete: Option<String>,
}

#[derive(serde::Serialize)]
struct WithNetwork<'a> {
    #[serde(flatten)]
    report: &'a Report,
    network: Network,
}

fn write_network(out: &mut impl Write, network: &Network) -> std::io::Result<()> {
    match &network.complete {
        Some(complete) => writeln!(out, "stations:   {complete}"),
        None => Ok(()),
    }
}

/// The report for `day` (today by default) at the station's clock.
pub fn build(station: &Station, day: Option<chrono::NaiveDate>) -> anyhow::Result<Report> {
    let people = station.folder().people()?;
    let moment = Moment { day: day.unwrap_or_else(|| station.today()), now: station.now(), offset: station.offset() };
    Ok(Report::build(station.program(), &people, station.state(), moment))
}

/// A row's name padded by display width, so the numbers line up whatever the script; a longer
/// name is kept whole (a report is read, not a grid).
fn label(name: &str) -> String {
    const WIDTH: usize = 28;
    if unicode_width::UnicodeWidthStr::width(name) < WIDTH {
        crate::tui::view::fit::pad(name, WIDTH)
    } else {
        name.to_owned()
    }
}

fn counts(c: &Counts) -> String {
    format!("{:>5} of {:<5} arrived  {:>5} on site", c.arrived, c.registered, c.on_site)
}

/// The labels are English (like every command's output); names of the event, regions and
/// sessions are in `lang`.
fn write_text(
    out: &mut impl Write,
    r: &Report,
    network: &Network,
    station: &Station,
    lang: &str,
) -> std::io::Result<()> {
    let event = station.event_name(crate::i18n::Lang::from_tag(lang));
    let day = r.day_number.map(|n| format!(" (day {n})")).unwrap_or_default();
    writeln!(out, "{event}\nreport for {}{day}, as of {}", r.day, r.at)?;
    write_network(out, network)?;
    writeln!(out, "\narrived:    {} of {} registered", r.total.arrived, r.total.registered)?;
    writeln!(out, "on site:    {}", r.total.on_site)?;
    writeln!(out, "left:       {}", r.left)?;
    writeln!(out, "children:   {}", counts(&r.children))?;
    if r.children_without_adult > 0 {
        writeln!(out, "            {} with no adult of theirs on site", r.children_without_adult)?;
    }
    writeln!(out, "adults:     {}", counts(&r.adults))?;
    writeln!(out, "\nby category")?;
    let ui_lang = crate::i18n::Lang::from_tag(lang);
    for row in r.by_category.iter().filter(|row| row.counts.registered > 0) {
        let name = crate::domain::Category::parse(&row.key).map_or(row.key.as_str(), |c| T::category(c).get(ui_lang));
        writeln!(out, "  {} {}", label(name), counts(&row.counts))?;
    }
    writeln!(out, "\nby region (Kazakhstan)")?;
    for row in &r.by_region {
        let name = report::region_label(&row.key, lang).unwrap_or(&row.key);
        writeln!(out, "  {} {}", label(name), counts(&row.counts))?;
    }
    writeln!(out, "\nby country")?;
    for row in &r.by_country {
        writeln!(out, "  {} {}", label(&row.key), counts(&row.counts))?;
    }
    writeln!(out, "\nsessions (present / signed up / capacity)")?;
    if r.sessions.is_empty() {
        writeln!(out, "  none on this day")?;
    }
    for s in &r.sessions {
        let capacity = s.capacity.map_or("-".to_owned(), |c| c.to_string());
        let when = format!("{}-{}", s.start.format("%H:%M"), s.end.format("%H:%M"));
        let title = s.title.get(lang);
        writeln!(out, "  {when} {:<20} {:>4} / {:>4} / {:>4}  {title}", s.id, s.present, s.signed_up, capacity)?;
    }
    writeln!(out, "\narrivals per {} minutes", report::BUCKET_MINUTES)?;
    let peak = r.arrivals.iter().map(|b| b.arrivals).max().unwrap_or(0);
    for b in &r.arrivals {
        writeln!(
            out,
            "  {} {:>4} {}",
            b.start,
            b.arrivals,
            report::text_bar(b.arrivals, peak, 30).trim_end_matches('░')
        )?;
    }
    writeln!(out, "\ndesks (check-ins / check-outs / last)")?;
    for d in &r.desks {
        writeln!(out, "  {:<20} {:>5} / {:>5} / {}", d.station, d.check_ins, d.check_outs, d.last)?;
    }
    // Stations apart may each let one person in: counted once, in since the earlier, and listed.
    writeln!(
        out,
        "
admitted twice (by stations apart; the earlier admission counts)"
    )?;
    if r.duplicates.is_empty() {
        writeln!(out, "  none")?;
    }
    for d in &r.duplicates {
        writeln!(
            out,
            "  {:<14} {:<20} {} {}, again {} {}",
            d.code, d.entry, d.first_at, d.first_station, d.again_at, d.again_station
        )?;
    }
    Ok(())
}
