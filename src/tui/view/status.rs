//! The bottom line on every screen: station, event day, clock, arrivals, who is on site now, demo
//! label, help key.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::T;
use crate::station::DayNote;
use crate::tui::app::App;
use crate::tui::desk::Desk;

pub fn draw(frame: &mut Frame, app: &App, desk: &Desk, area: Rect) {
    let lang = app.lang;
    // The help key keeps its place at the right edge.
    let help = format!(" │ {} ", T::HelpKey.get(lang));
    let help_width = unicode_width::UnicodeWidthStr::width(help.as_str()) as u16;
    let [left, right] =
        ratatui::layout::Layout::horizontal([Constraint::Min(0), Constraint::Length(help_width)]).areas(area);
    // A narrow window drops the date and the word "station" before anything that counts.
    let full = line(app, desk, false);
    let fitting = if full.width() <= usize::from(left.width) { full } else { line(app, desk, true) };
    let style = Style::new().bg(Color::Indexed(236));
    frame.render_widget(Paragraph::new(fitting).style(style), left);
    frame.render_widget(Paragraph::new(help).style(style), right);
}

fn line(app: &App, desk: &Desk, short: bool) -> Line<'static> {
    let lang = app.lang;
    let station = &desk.station;
    let today = station.today();
    let day = match station.day_note() {
        None => {
            let n = station.program.as_ref().and_then(|p| p.day_number(today)).unwrap_or(0);
            if short {
                format!("{} {n}", T::StatusDay.get(lang))
            } else {
                format!("{} {n} · {today}", T::StatusDay.get(lang))
            }
        }
        Some(DayNote::NoProgramme) => format!("{} {today}", T::NoProgramme.get(lang)),
        Some(DayNote::OutsideProgramme { .. }) => format!("{} {today}", T::NotProgrammeDay.get(lang)),
    };
    let arrived = station.store.state().count_arrived(&station.venue_today());
    let on_site = station.store.state().count_in(&station.venue_today());
    let sep = Span::styled(" │ ", Style::new().fg(Color::DarkGray));
    let name = if short {
        format!(" {}", station.store.station())
    } else {
        format!(" {} {}", T::StatusStation.get(lang), station.store.station())
    };
    let mut spans = vec![
        Span::styled(name, Style::new().bold()),
        sep.clone(),
        Span::raw(day),
        sep.clone(),
        Span::raw(station.local_now().format("%H:%M").to_string()),
        sep.clone(),
        Span::raw(format!("{} {arrived} {} {}", T::StatusArrived.get(lang), T::StatusOf.get(lang), desk.registered())),
        sep.clone(),
        Span::styled(format!("{} {on_site}", T::StatusOnSite.get(lang)), Style::new().bold()),
    ];
    if station.store.is_demo() {
        spans.push(sep);
        spans.push(Span::styled(format!(" {} ", T::Demo.get(lang)), Style::new().fg(Color::Black).bg(Color::Yellow)));
    }
    Line::from(spans)
}
