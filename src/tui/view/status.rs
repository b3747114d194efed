//! The bottom line: station, event day, clock, arrivals, demo label, help key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::T;
use crate::station::DayNote;
use crate::tui::app::App;
use crate::tui::desk::Desk;

pub fn draw(frame: &mut Frame, app: &App, desk: &Desk, area: Rect) {
    let lang = app.lang;
    let station = &desk.station;
    let today = station.today();
    let day = match station.day_note() {
        None => {
            let n = station.program.as_ref().and_then(|p| p.day_number(today)).unwrap_or(0);
            format!("{} {n} · {today}", T::StatusDay.get(lang))
        }
        Some(DayNote::NoProgramme) => format!("{} {today}", T::NoProgramme.get(lang)),
        Some(DayNote::OutsideProgramme { .. }) => format!("{} {today}", T::NotProgrammeDay.get(lang)),
    };
    let arrived = station.store.state().count_arrived(&station.venue_today());
    let sep = Span::styled(" │ ", Style::new().fg(Color::DarkGray));
    let mut spans = vec![
        Span::styled(format!(" {} {}", T::StatusStation.get(lang), station.store.station()), Style::new().bold()),
        sep.clone(),
        Span::raw(day),
        sep.clone(),
        Span::raw(station.local_now().format("%H:%M").to_string()),
        sep.clone(),
        Span::raw(format!("{} {arrived} {} {}", T::StatusArrived.get(lang), T::StatusOf.get(lang), desk.registered())),
    ];
    if station.store.is_demo() {
        spans.push(sep.clone());
        spans.push(Span::styled(format!(" {} ", T::Demo.get(lang)), Style::new().fg(Color::Black).bg(Color::Yellow)));
    }
    spans.push(sep);
    spans.push(Span::raw(T::HelpKey.get(lang)));
    frame.render_widget(Paragraph::new(Line::from(spans)).style(Style::new().bg(Color::Indexed(236))), area);
}
