//! The result rows: status today, code, name (both spellings when there is room), category,
//! where from, and the safeguarding marks. Matched parts are highlighted; fuzzy finds carry "~".

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::Layout;
use crate::domain::{AttendanceStatus, Person};
use crate::i18n::T;
use crate::tui::app::App;
use crate::tui::desk::{Desk, ResultRow, Shown};

const WIDE: u16 = 110;

pub fn draw(frame: &mut Frame, app: &App, desk: &Desk, area: Rect) -> Layout {
    let lang = app.lang;
    if app.rows.is_empty() {
        // The search box already carries the hint; here only "nobody matches" is news.
        if !app.query.trim().is_empty() {
            let p = Paragraph::new(Line::styled(format!(" {}", T::NoMatches.get(lang)), Style::new().fg(Color::DarkGray)));
            frame.render_widget(p, area);
        }
        return Layout::default();
    }
    let wide = area.width >= WIDE;
    let mut header = vec![T::ColStatus, T::ColCode, T::ColName, T::ColCategory, T::ColFrom];
    let mut widths = vec![
        Constraint::Length(8),
        Constraint::Length(10),
        Constraint::Fill(1),
        Constraint::Length(11),
        Constraint::Length(if wide { 16 } else { 10 }),
    ];
    if wide {
        header.push(T::ColDelegation);
        widths.push(Constraint::Length(22));
    }
    header.push(T::MarkFuzzy); // the marks column has no title; "~" stands in
    widths.push(Constraint::Length(13));
    let header_cells: Vec<Cell> = header
        .iter()
        .enumerate()
        .map(|(i, t)| Cell::from(if i + 1 == header.len() { "" } else { t.get(lang) }))
        .collect();
    let header = Row::new(header_cells).style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));

    let year = desk.station.program.as_ref().map_or(desk.station.today().format("%Y").to_string().parse().unwrap_or(2016), |p| p.year());
    let rows = app.rows.iter().filter_map(|r| desk.person(&r.code).map(|p| row(app, desk, r, p, wide, year)));
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = TableState::default().with_selected(Some(app.selected));
    frame.render_stateful_widget(table, area, &mut state);
    Layout { results: area, first_row_y: area.y + 1, rows: app.rows.len().saturating_sub(state.offset()), offset: state.offset() }
}

fn row<'a>(app: &App, desk: &Desk, r: &'a ResultRow, p: &'a Person, wide: bool, year: i32) -> Row<'a> {
    let lang = app.lang;
    let status = match desk.station.store.state().status(&desk.station.venue_today(), &p.code) {
        AttendanceStatus::NotYet => Span::styled(T::StatusNotYet.get(lang), Style::new().fg(Color::DarkGray)),
        AttendanceStatus::In { since, .. } => Span::styled(
            format!("✓ {}", since.with_timezone(&desk.station.offset()).format("%H:%M")),
            Style::new().fg(Color::Green).bold(),
        ),
        AttendanceStatus::Out { at, .. } => {
            Span::styled(format!("← {}", at.with_timezone(&desk.station.offset()).format("%H:%M")), Style::new().fg(Color::Yellow))
        }
    };
    let mut name: Vec<Span> = Vec::new();
    if r.fuzzy {
        name.push(Span::styled("~", Style::new().fg(Color::Magenta)));
    }
    name.extend(highlighted(&p.full_name(), ranges(r, Shown::Name)));
    if !p.alt_spelling.is_empty() {
        name.push(Span::styled(" / ", Style::new().fg(Color::DarkGray)));
        name.extend(highlighted(&p.alt_spelling, ranges(r, Shown::AltSpelling)));
    }
    let from = if p.country.is_empty() || p.country == "KZ" { p.region.clone() } else { p.country.clone() };
    let marks = marks(lang, p, year);
    let mut cells = vec![
        Cell::from(status),
        Cell::from(Line::from(highlighted(&p.code, ranges(r, Shown::Code)))),
        Cell::from(Line::from(name)),
        Cell::from(T::category(p.category).get(lang)),
        Cell::from(from),
    ];
    if wide {
        cells.push(Cell::from(Line::from(highlighted(&p.delegation, ranges(r, Shown::Delegation)))));
    }
    cells.push(Cell::from(Line::from(marks)));
    Row::new(cells)
}

/// The safeguarding marks: minor, no photos (the host's roster shows the same).
pub(super) fn marks(lang: crate::i18n::Lang, p: &Person, year: i32) -> Vec<Span<'static>> {
    let mut marks = Vec::new();
    if p.is_minor(year) {
        marks.push(Span::styled(T::MarkMinor.get(lang), Style::new().fg(Color::Cyan).bold()));
    }
    if p.no_photos(year) {
        if !marks.is_empty() {
            marks.push(Span::raw(" "));
        }
        marks.push(Span::styled(format!("⊘{}", T::MarkNoPhoto.get(lang)), Style::new().fg(Color::Red).bold()));
    }
    marks
}

fn ranges(r: &ResultRow, shown: Shown) -> Vec<Range<usize>> {
    r.highlights.iter().filter(|h| h.shown == shown).map(|h| h.chars.clone()).collect()
}

/// `text` split into plain and highlighted spans by character ranges.
pub fn highlighted(text: &str, ranges: Vec<Range<usize>>) -> Vec<Span<'static>> {
    let hl = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let mut spans = Vec::new();
    let mut current = String::new();
    let mut current_hl = false;
    for (i, c) in text.chars().enumerate() {
        let is_hl = ranges.iter().any(|r| r.contains(&i));
        if is_hl != current_hl && !current.is_empty() {
            spans.push(if current_hl { Span::styled(std::mem::take(&mut current), hl) } else { Span::raw(std::mem::take(&mut current)) });
        }
        current_hl = is_hl;
        current.push(c);
    }
    if !current.is_empty() {
        spans.push(if current_hl { Span::styled(current, hl) } else { Span::raw(current) });
    }
    spans
}
