//! The dashboard: counts and bars only, for a screen others can see. Names appear only when `R`
//! reveals the latest arrivals; notes never.
//!
//! ```text
//! ┌ Organisers' dashboard · day 1 · 2016-11-21 14:05 ─────────────────────┐
//! │ Arrived ███████████████░░░░░░░░░░░░░░░░░░ 523 / 1000                  │  overview page
//! └───────────────────────────────────────────────────────────────────────┘
//!  On site 498 │ Left 25 │ Children 230/450 │ Adults 293/550
//! ┌ Arrivals per 10 minutes ─┐┌ Sessions: running and next ──────────────┐
//! │ ▅▅▅▅▅ ███▇█ ▂▂▂▂▂        ││ 14:00 Robotics ──────────────── 18/20    │
//! └──────────────────────────┘└──────────────────────────────────────────┘
//! ┌ Desks ────────────────────────────────────────────────────────────────┐
//! │ desk-1   in 120  out 3  14:02                                          │
//! └───────────────────────────────────────────────────────────────────────┘
//!  Tab: overview / who came   R: names   Esc: desk
//! ```
//! The second page (Tab) has arrived / registered by category, region and country.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Gauge, LineGauge, Paragraph};

use super::Layout;
use super::fit::{fit, pad};
use crate::domain::Category;
use crate::domain::derived::Direction;
use crate::domain::report::{self, Moment, Report, Row, SessionPhase};
use crate::i18n::{Lang, T};
use crate::tui::app::App;
use crate::tui::dashboard::Page;
use crate::tui::desk::Desk;

pub fn draw(frame: &mut Frame, app: &App, desk: &Desk, area: Rect) -> Layout {
    let station = &desk.station;
    let moment = Moment { day: station.today(), now: station.now(), offset: station.offset() };
    let report = Report::build(station.program(), desk.people(), station.state(), moment);
    let [top, body, keys] =
        Split::vertical([Constraint::Length(4), Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let network = complete_line(app, desk);
    totals(frame, app, &report, network, top);
    match app.dashboard.page {
        Page::Overview => overview(frame, app, desk, &report, body),
        Page::Who => who(frame, app.lang, &report, body),
    }
    let lang = app.lang;
    let keys_text = if app.dashboard.show_names { T::DashKeysNamesShown } else { T::DashKeys };
    let mut hint = vec![Span::styled(format!(" {}", keys_text.get(lang)), Style::new().fg(Color::DarkGray))];
    if !app.dashboard.show_names {
        hint.push(Span::styled(format!("  {}", T::DashNamesHidden.get(lang)), Style::new().fg(Color::DarkGray)));
    }
    frame.render_widget(Paragraph::new(Line::from(hint)), keys);
    Layout::default()
}

/// The title, the arrival gauge and the line of counts.
fn totals(frame: &mut Frame, app: &App, r: &Report, network: Option<Line<'static>>, area: Rect) {
    let lang = app.lang;
    let [gauge_area, counts_area] = Split::vertical([Constraint::Length(3), Constraint::Length(1)]).areas(area);
    let day = r.day_number.map(|n| format!("{} {n} · ", T::StatusDay.get(lang))).unwrap_or_default();
    let title = format!(" {} · {day}{} ", T::DashTitle.get(lang), r.at);
    let ratio = ratio(r.total.arrived, r.total.registered);
    let label = format!("{} {} / {}", T::DashArrived.get(lang), r.total.arrived, r.total.registered);
    let mut block = Block::bordered().title(Span::styled(title, Style::new().bold()));
    if let Some(network) = network {
        block = block.title_bottom(network);
    }
    let gauge = Gauge::default()
        .block(block)
        .gauge_style(Style::new().fg(Color::Green).bg(Color::Indexed(236)))
        .ratio(ratio)
        .label(label);
    frame.render_widget(gauge, gauge_area);
    let sep = Span::styled(" │ ", Style::new().fg(Color::DarkGray));
    let counts = Line::from(vec![
        Span::styled(format!(" {} {}", T::DashOnSite.get(lang), r.total.on_site), Style::new().bold().fg(Color::Green)),
        sep.clone(),
        Span::raw(format!("{} {}", T::DashLeft.get(lang), r.left)),
        sep.clone(),
        Span::styled(
            format!(
                "{} {}/{} ({} {})",
                T::DashChildren.get(lang),
                r.children.arrived,
                r.children.registered,
                T::DashOnSite.get(lang).to_lowercase(),
                r.children.on_site
            ),
            Style::new().fg(Color::Cyan),
        ),
        sep.clone(),
        Span::raw(format!("{} {}/{}", T::DashAdults.get(lang), r.adults.arrived, r.adults.registered)),
    ]);
    let mut counts = counts;
    if r.children_without_adult > 0 {
        // Loud, and first on its line's end: these children need someone to go to them now.
        counts.spans.push(sep);
        counts.spans.push(Span::styled(
            format!(
                "⚠ {} {}",
                crate::i18n::count(lang, r.children_without_adult as u64, &crate::i18n::CHILD),
                T::WithNoAdult.get(lang)
            ),
            Style::new().fg(Color::White).bg(Color::Red).bold(),
        ));
    }
    frame.render_widget(Paragraph::new(counts), counts_area);
}

/// How complete these numbers are when stations on other machines add to them, as `report` and
/// the roll-call say it: "as of 14:05 — 7 of 9 stations heard within a minute; door-robotics
/// last heard 13:52". Coloured as the status bar's part ([`super::status::network_style`]), and
/// red for a clock more than a minute off.
pub fn complete_line(app: &App, desk: &Desk) -> Option<Line<'static>> {
    let text = desk.station.completeness(app.network.as_ref(), app.lang)?;
    let style = match &app.network {
        Some(reach) if reach.flagged() => Style::new().fg(Color::White).bg(Color::Red).bold(),
        Some(reach) => super::status::network_style(reach),
        None => Style::new().fg(Color::Yellow),
    };
    Some(Line::from(Span::styled(format!(" {text} "), style)))
}

fn overview(frame: &mut Frame, app: &App, desk: &Desk, r: &Report, area: Rect) {
    let lang = app.lang;
    let desk_rows = ((r.desks.len() + r.duplicates.len()).max(1) as u16 + 2).clamp(3, area.height / 3);
    let [middle, bottom] = Split::vertical([
        Constraint::Min(6),
        Constraint::Length(desk_rows.max(8 * u16::from(app.dashboard.show_names))),
    ])
    .areas(area);
    let [chart_area, sessions_area] =
        Split::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(middle);

    arrivals_chart(frame, lang, r, chart_area);
    sessions(frame, lang, r, sessions_area);

    let (desks_area, names_area) = if app.dashboard.show_names {
        let [a, b] = Split::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(bottom);
        (a, Some(b))
    } else {
        (bottom, None)
    };
    let block = Block::bordered().title(format!(" {} ", T::DashDesks.get(lang)));
    // People let in by two stations apart first (codes, not names): they must not scroll away.
    let mut lines: Vec<Line> =
        r.duplicates.iter().map(|d| Line::styled(twice(lang, d), Style::new().fg(Color::Yellow))).collect();
    lines.extend(r.desks.iter().map(|d| {
        Line::raw(format!(
            "{} {} {:>4}  {} {:>4}  {}",
            pad(&d.station, 14),
            T::DashIns.get(lang),
            d.check_ins,
            T::DashOuts.get(lang),
            d.check_outs,
            d.last
        ))
    }));
    frame.render_widget(Paragraph::new(lines).block(block), desks_area);
    if let Some(area) = names_area {
        latest_arrivals(frame, lang, desk, area);
    }
}

/// "admitted twice: KZ-000005 — 09:10 desk-a, again 09:12 desk-b", with the session at a door.
fn twice(lang: Lang, d: &report::Duplicate) -> String {
    let who = match d.entry.strip_prefix("session:") {
        Some(session) => format!("{} ({session})", d.code),
        None => d.code.clone(),
    };
    crate::i18n::fill(T::DashTwice.get(lang), &[&who, &d.first_at, &d.first_station, &d.again_at, &d.again_station])
}

/// Arrivals per 10 minutes as bars with their counts and start times: the latest that fit.
fn arrivals_chart(frame: &mut Frame, lang: Lang, r: &Report, area: Rect) {
    const BAR: u16 = 5;
    // The latest buckets that fit; the title says from when, so a cut morning is not a quiet one.
    let fitting = usize::from((area.width.saturating_sub(2) + 1) / (BAR + 1)).max(1);
    let shown = &r.arrivals[r.arrivals.len().saturating_sub(fitting)..];
    let title = match shown.first() {
        Some(first) if shown.len() < r.arrivals.len() => {
            // Kazakh puts the postposition after the time: "09:10 бастап".
            let from = match lang {
                Lang::Kk => format!("{} {}", first.start, T::DashFrom.get(lang)),
                _ => format!("{} {}", T::DashFrom.get(lang), first.start),
            };
            format!(" {} · {from} ", T::DashArrivals.get(lang))
        }
        _ => format!(" {} ", T::DashArrivals.get(lang)),
    };
    let block = Block::bordered().title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if r.arrivals.is_empty() {
        let nobody = Line::styled(T::DashNobodyYet.get(lang), Style::new().fg(Color::DarkGray));
        frame.render_widget(Paragraph::new(nobody), inner);
        return;
    }
    let bars: Vec<Bar> = shown
        .iter()
        .map(|b| {
            Bar::default()
                .value(b.arrivals as u64)
                .label(Line::from(b.start.clone()))
                .text_value(b.arrivals.to_string())
        })
        .collect();
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(BAR)
        .bar_gap(1)
        .bar_style(Style::new().fg(Color::Green))
        .value_style(Style::new().fg(Color::Black).bg(Color::Green));
    frame.render_widget(chart, inner);
}

/// Running and next sessions, each with its fill against capacity: who is in for a running one,
/// who signed up for one still to come.
fn sessions(frame: &mut Frame, lang: Lang, r: &Report, area: Rect) {
    let block = Block::bordered().title(format!(" {} ", T::DashSessions.get(lang)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let current: Vec<_> = r.current_sessions().take(usize::from(inner.height)).collect();
    if current.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(T::DashNoSessions.get(lang), Style::new().fg(Color::DarkGray))),
            inner,
        );
        return;
    }
    let label_width = usize::from(inner.width).saturating_sub(19).max(8);
    for (i, s) in current.into_iter().enumerate() {
        let row = Rect { y: inner.y + i as u16, height: 1, ..inner };
        let (mark, count) = match s.phase {
            SessionPhase::Running => (T::DashNow, s.present),
            _ => (T::DashNext, s.signed_up),
        };
        let capacity = s.capacity.map_or(0, |c| c as usize);
        let numbers = if capacity > 0 { format!(" {count}/{capacity}") } else { format!(" {count}") };
        let label = format!("{} {} {}", s.start.format("%H:%M"), mark.get(lang), s.title.get(lang.code()));
        let full = capacity > 0 && count >= capacity;
        let colour = if full {
            Color::Red
        } else if s.phase == SessionPhase::Running {
            Color::Green
        } else {
            Color::Yellow
        };
        let [gauge_area, numbers_area] =
            Split::horizontal([Constraint::Min(1), Constraint::Length(numbers.chars().count() as u16 + 1)]).areas(row);
        let gauge = LineGauge::default()
            .label(pad(&label, label_width))
            .filled_style(Style::new().fg(colour))
            .unfilled_style(Style::new().fg(Color::DarkGray))
            .ratio(ratio(count, capacity));
        frame.render_widget(gauge, gauge_area);
        frame.render_widget(Paragraph::new(numbers), numbers_area);
    }
}

/// Only when revealed: the last people in, newest first.
fn latest_arrivals(frame: &mut Frame, lang: Lang, desk: &Desk, area: Rect) {
    let station = &desk.station;
    let venue = station.venue_today();
    let state = station.state();
    let mut arrivals: Vec<_> = desk
        .people()
        .iter()
        .filter_map(|p| {
            let last_in =
                state.attendance(&venue, &p.code)?.movements.iter().rev().find(|m| m.direction == Direction::In)?;
            Some((last_in.at, p))
        })
        .collect();
    arrivals.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.code.cmp(&b.1.code)));
    let width = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line> = arrivals
        .iter()
        .take(usize::from(area.height.saturating_sub(2)))
        .map(|(at, p)| {
            let time = at.with_timezone(&station.offset()).format("%H:%M");
            Line::raw(fit(&format!("{time} {} · {}", p.full_name(), T::category(p.category).get(lang)), width))
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(" {} ", T::DashLatest.get(lang)))),
        area,
    );
}

/// Arrived / registered by category and country (left) and region (right).
fn who(frame: &mut Frame, lang: Lang, r: &Report, area: Rect) {
    let [left, right] = Split::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let categories = (r.by_category.len() as u16 + 2).min(left.height.saturating_sub(4));
    let [category_area, country_area] =
        Split::vertical([Constraint::Length(categories), Constraint::Min(3)]).areas(left);
    let category_label = |row: &Row| {
        Category::ALL
            .iter()
            .find(|c| c.key() == row.key)
            .map_or(row.key.clone(), |c| T::category(*c).get(lang).to_owned())
    };
    breakdown(frame, T::DashByCategory.get(lang), &r.by_category, category_label, category_area);
    breakdown(
        frame,
        T::DashByCountry.get(lang),
        &r.by_country,
        |row: &Row| country_label(lang, &row.key),
        country_area,
    );
    let region_label = |row: &Row| match row.key.as_str() {
        report::KEY_OTHER => T::RegionOther.get(lang).to_owned(),
        report::KEY_NONE => T::RegionNone.get(lang).to_owned(),
        key => report::region_label(key, lang.code()).unwrap_or(key).to_owned(),
    };
    breakdown(frame, T::DashByRegion.get(lang), &r.by_region, region_label, right);
}

fn country_label(lang: Lang, key: &str) -> String {
    if key == report::KEY_NONE { T::RegionNone.get(lang).to_owned() } else { key.to_owned() }
}

/// One line per row: label, arrived/registered, and a bar of the share that arrived.
fn breakdown(frame: &mut Frame, title: &str, rows: &[Row], label: impl Fn(&Row) -> String, area: Rect) {
    let width = usize::from(area.width.saturating_sub(2));
    let numbers_width = 10;
    let bar_width = (width / 4).min(12);
    let label_width = width.saturating_sub(numbers_width + bar_width + 1);
    let lines: Vec<Line> = rows
        .iter()
        .take(usize::from(area.height.saturating_sub(2)))
        .map(|row| {
            let c = row.counts;
            Line::from(vec![
                Span::raw(pad(&label(row), label_width)),
                Span::raw(format!("{:>4}/{:<5}", c.arrived, c.registered)),
                Span::styled(report::text_bar(c.arrived, c.registered, bar_width), Style::new().fg(Color::Green)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(format!(" {title} "))), area);
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { (part as f64 / whole as f64).clamp(0.0, 1.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_admitted_twice_is_one_line_in_each_language() {
        let d = report::Duplicate {
            code: "KZ-000005".into(),
            entry: "2016-11-21".into(),
            first_at: "09:10".into(),
            first_station: "desk-a".into(),
            again_at: "09:12".into(),
            again_station: "desk-b".into(),
        };
        assert_eq!(twice(Lang::En, &d), "admitted twice: KZ-000005 — 09:10 desk-a, again 09:12 desk-b");
        assert_eq!(twice(Lang::Ru, &d), "впущен дважды: KZ-000005 — 09:10 desk-a, снова 09:12 desk-b");
        let door = report::Duplicate { entry: "session:mc-robotics".into(), ..d };
        assert_eq!(twice(Lang::Kk, &door), "екі рет кірді: KZ-000005 (mc-robotics) — 09:10 desk-a, қайта 09:12 desk-b");
    }
}
