//! Windows over the desk: help, a person's details, and the undo confirmation.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::domain::{AttendanceStatus, PhotoConsent};
use crate::i18n::T;
use crate::tui::app::{App, Overlay};
use crate::tui::desk::Desk;

pub fn draw(frame: &mut Frame, app: &App, desk: &Desk, area: Rect) {
    let Some(overlay) = &app.overlay else { return };
    let lang = app.lang;
    let (title, lines, width, height) = match overlay {
        Overlay::Help => {
            let keys = [T::HelpType, T::HelpEnter, T::HelpMove, T::HelpUndo, T::HelpDetails, T::HelpLang, T::HelpClear, T::HelpQuit];
            let mut lines: Vec<Line> = keys.iter().map(|t| Line::raw(t.get(lang))).collect();
            lines.push(Line::raw(""));
            lines.push(Line::styled(T::HelpClose.get(lang), Style::new().fg(Color::DarkGray)));
            (T::HelpTitle.get(lang), lines, 70, 13)
        }
        Overlay::Details { code, show_notes } => (T::DetailsTitle.get(lang), details(app, desk, code, *show_notes), 76, 20),
        Overlay::ConfirmUndo { code, since, station, .. } => {
            let name = desk.person(code).map(|p| p.full_name()).unwrap_or_else(|| code.clone());
            let when = since.with_timezone(&desk.station.offset()).format("%H:%M");
            let lines = vec![
                Line::styled(name, Style::new().bold()),
                Line::raw(format!("{} {when} {} {station}", T::AlreadySince.get(lang), T::AtStation.get(lang))),
                Line::raw(""),
                Line::styled(T::UndoConfirm.get(lang), Style::new().fg(Color::Yellow)),
            ];
            (T::UndoTitle.get(lang), lines, 60, 7)
        }
    };
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(Span::styled(format!(" {title} "), Style::new().add_modifier(Modifier::BOLD)));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
}

fn details(app: &App, desk: &Desk, code: &str, show_notes: bool) -> Vec<Line<'static>> {
    let lang = app.lang;
    let Some(p) = desk.person(code) else { return vec![Line::raw(code.to_owned())] };
    let field = |label: T, value: String| {
        Line::from(vec![Span::styled(format!("{:<18}", label.get(lang)), Style::new().fg(Color::DarkGray)), Span::raw(value)])
    };
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&desk.station.offset()).format("%H:%M").to_string();
    let today = match desk.station.store.state().status(&desk.station.venue_today(), code) {
        AttendanceStatus::NotYet => T::StatusNotYet.get(lang).to_owned(),
        AttendanceStatus::In { since, station, .. } => format!("{} {} ({station})", T::StatusIn.get(lang), local(since)),
        AttendanceStatus::Out { at, collected_by } => {
            format!("{} {}{}", T::StatusOut.get(lang), local(at), collected_by.map(|c| format!(" — {c}")).unwrap_or_default())
        }
    };
    let mut lines = vec![
        Line::styled(p.full_name(), Style::new().bold()),
        field(T::FieldCode, p.code.clone()),
        field(T::FieldToday, today),
        field(T::ColCategory, T::category(p.category).get(lang).to_owned()),
    ];
    let optional = [
        (T::FieldOtherSpelling, p.alt_spelling.clone()),
        (T::FieldOrganisation, p.organisation.clone()),
        (T::FieldCountry, p.country.clone()),
        (T::FieldRegion, p.region.clone()),
        (T::ColDelegation, p.delegation.clone()),
        (T::FieldBirthYear, p.birth_year.map(|y| y.to_string()).unwrap_or_default()),
        (T::FieldPhone, p.phone.clone()),
        (T::FieldEmail, p.email.clone()),
        (T::FieldSessions, p.sessions.join(", ")),
    ];
    lines.extend(optional.into_iter().filter(|(_, v)| !v.is_empty()).map(|(t, v)| field(t, v)));
    lines.extend(p.extra.iter().map(|(k, v)| {
        Line::from(vec![Span::styled(format!("{k:<18}"), Style::new().fg(Color::DarkGray)), Span::raw(v.clone())])
    }));
    for adult in &p.responsible_adults {
        lines.push(field(T::FieldResponsible, format!("{} {} {}", adult.name, adult.phone, adult.relation)));
    }
    let photos = match p.photo_consent {
        PhotoConsent::Yes => T::PhotosYes,
        PhotoConsent::No => T::PhotosNo,
        PhotoConsent::Unknown => T::PhotosUnknown,
    };
    lines.push(field(T::FieldPhotos, photos.get(lang).to_owned()));
    let notes = match (p.notes.is_empty(), show_notes) {
        (true, _) => T::DetailsNoNotes.get(lang).to_owned(),
        (false, true) => p.notes.clone(),
        (false, false) => T::DetailsNotesHidden.get(lang).to_owned(),
    };
    lines.push(field(T::FieldNotes, notes));
    lines.push(Line::styled(T::DetailsClose.get(lang), Style::new().fg(Color::DarkGray)));
    lines
}

fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(row);
    rect
}
