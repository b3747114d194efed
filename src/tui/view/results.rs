//! The result rows: status today, code, name (both spellings when there is room), category,
//! where from, and the safeguarding marks. Matched parts are highlighted; fuzzy finds carry "~".

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

use super::Layout;
use crate::domain::{AttendanceStatus, Person};
use crate::i18n::T;
use crate::tui::app::App;
use crate::tui::desk::{Desk, ResultRow, Shown};

use super::fit::fit;

const WIDE: u16 = 110;
/// Widths of the fixed columns (status, category, from, delegation, marks).
const STATUS_W: u16 = 8;
const CATEGORY_W: u16 = 11;
const MARKS_W: u16 = 13;
const SPACING: u16 = 1;

pub fn draw(frame: &mut Frame, app: &App, desk: &Desk, area: Rect) -> Layout {
    let lang = app.lang;
    if app.rows.is_empty() {
        // The search box already carries the hint; here only "nobody matches" is news.
        if !app.query.trim().is_empty() {
            let p =
                Paragraph::new(Line::styled(format!(" {}", T::NoMatches.get(lang)), Style::new().fg(Color::DarkGray)));
            frame.render_widget(p, area);
        }
        return Layout::default();
    }
    let wide = area.width >= WIDE;
    // Codes are never cut: a cut walk-in code (W-desk-1-1 for W-desk-1-15) reads as another one.
    let code_w = app.rows.iter().map(|r| r.code.width()).max().unwrap_or(0).clamp(6, 20) as u16;
    let from_w = if wide { 16 } else { 10 };
    let mut header = vec![T::ColStatus, T::ColCode, T::ColName, T::ColCategory, T::ColFrom];
    let mut fixed = vec![STATUS_W, code_w, 0, CATEGORY_W, from_w];
    if wide {
        header.push(T::ColDelegation);
        fixed.push(22);
    }
    header.push(T::MarkFuzzy); // the marks column has no title; "~" stands in
    fixed.push(MARKS_W);
    let name_w = area.width.saturating_sub(fixed.iter().sum::<u16>() + SPACING * (fixed.len() as u16 - 1));
    let widths: Vec<Constraint> =
        fixed.iter().map(|&w| if w == 0 { Constraint::Length(name_w) } else { Constraint::Length(w) }).collect();
    let header_cells: Vec<Cell> = header
        .iter()
        .enumerate()
        .map(|(i, t)| Cell::from(if i + 1 == header.len() { "" } else { t.get(lang) }))
        .collect();
    let header = Row::new(header_cells).style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));

    let first_day = desk.station.event_first_day();
    let columns = Columns { wide, name: usize::from(name_w), from: from_w };
    let mut tall_row = None;
    let found: Vec<(usize, &ResultRow, &Person)> =
        app.rows.iter().enumerate().filter_map(|(i, r)| desk.person(&r.code).map(|p| (i, r, p))).collect();
    // Only rows that can be on screen need their highlights: for a fresh list in a 120x40
    // terminal the first 36 of the 50, the others once the selection moves towards them (each
    // row's are computed once). The table keeps the selected row in view and every
    // row is at least one line tall, below a one-line header, so the rows it shows lie within
    // the area's height of the selected one, on either side.
    let selected_at = app.selected.min(found.len().saturating_sub(1));
    let reach = usize::from(area.height);
    let lo = selected_at.saturating_sub(reach);
    let hi = (selected_at + reach).min(found.len()).max(lo);
    desk.highlight_rows(found[lo..hi].iter().map(|&(_, r, _)| r));
    let rows: Vec<Row> = found
        .into_iter()
        .map(|(i, r, p)| (i, row(app, desk, r, p, columns, first_day, i == app.selected)))
        .map(|(i, (row, height))| {
            if height > 1 {
                tall_row = Some(i);
            }
            row
        })
        .collect();
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(SPACING)
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = TableState::default().with_selected(Some(app.selected));
    frame.render_stateful_widget(table, area, &mut state);
    Layout {
        results: area,
        first_row_y: area.y + 1,
        rows: app.rows.len().saturating_sub(state.offset()),
        offset: state.offset(),
        tall_row,
    }
}

#[derive(Clone, Copy)]
struct Columns {
    wide: bool,
    /// Display width of the name and the "from" columns.
    name: usize,
    from: u16,
}

/// One result. The highlighted row — the one Enter checks in — has a second line with what the
/// narrow columns leave out: the delegation and where and when the person came in.
fn row<'a>(
    app: &App,
    desk: &Desk,
    r: &'a ResultRow,
    p: &'a Person,
    columns: Columns,
    first_day: chrono::NaiveDate,
    selected: bool,
) -> (Row<'a>, u16) {
    let lang = app.lang;
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&desk.station.offset()).format("%H:%M").to_string();
    let today = desk.station.state().status(&desk.station.venue_today(), &p.code);
    let status = match &today {
        AttendanceStatus::NotYet => Span::styled(T::StatusNotYet.get(lang), Style::new().fg(Color::DarkGray)),
        AttendanceStatus::In { since, .. } => {
            Span::styled(format!("✓ {}", local(*since)), Style::new().fg(Color::Green).bold())
        }
        AttendanceStatus::Out { at, .. } => Span::styled(format!("← {}", local(*at)), Style::new().fg(Color::Yellow)),
    };
    let full = p.full_name();
    let both = if p.alt_spelling.is_empty() { full.clone() } else { format!("{full} / {}", p.alt_spelling) };
    let fuzzy_w = usize::from(r.fuzzy);
    let shown = fit(&both, columns.name.saturating_sub(fuzzy_w));
    let mut name: Vec<Span> = Vec::new();
    if r.fuzzy {
        name.push(Span::styled("~", Style::new().fg(Color::Magenta)));
    }
    // Highlights are char ranges of the full name and of the other spelling within `both`.
    let alt_offset = full.chars().count() + 3;
    let mut hl = ranges(r, Shown::Name);
    hl.extend(ranges(r, Shown::AltSpelling).into_iter().map(|x| x.start + alt_offset..x.end + alt_offset));
    name.extend(highlighted(&shown, hl));
    let from = if p.country.is_empty() || p.country == "KZ" { p.region.as_str() } else { p.country.as_str() };
    let from = fit(from, usize::from(columns.from));
    let marks = marks(lang, p, first_day);
    let mut name_cell = vec![Line::from(name)];
    if selected {
        let mut more = Vec::new();
        match today {
            AttendanceStatus::In { since, station, .. } => {
                more.push(format!("{} {} {} {station}", T::StatusIn.get(lang), local(since), T::AtStation.get(lang)))
            }
            AttendanceStatus::Out { at, .. } => more.push(format!("{} {}", T::StatusOut.get(lang), local(at))),
            AttendanceStatus::NotYet => {}
        }
        if !columns.wide && !p.delegation.is_empty() {
            more.push(p.delegation.clone());
        }
        if !more.is_empty() {
            name_cell.push(Line::raw(fit(&more.join(" · "), columns.name)));
        }
    }
    let height = name_cell.len() as u16;
    let mut cells = vec![
        Cell::from(status),
        Cell::from(Line::from(highlighted(&p.code, ranges(r, Shown::Code)))),
        Cell::from(Text::from(name_cell)),
        Cell::from(T::category(p.category).get(lang)),
        Cell::from(from),
    ];
    if columns.wide {
        cells.push(Cell::from(Line::from(highlighted(&p.delegation, ranges(r, Shown::Delegation)))));
    }
    cells.push(Cell::from(Line::from(marks)));
    (Row::new(cells).height(height), height)
}

/// The safeguarding marks: minor, no photos (the host's roster shows the same).
pub(super) fn marks(lang: crate::i18n::Lang, p: &Person, first_day: chrono::NaiveDate) -> Vec<Span<'static>> {
    let mut marks = Vec::new();
    if p.is_minor(first_day) {
        marks.push(Span::styled(T::MarkMinor.get(lang), Style::new().fg(Color::Cyan).bold()));
    }
    if p.no_photos(first_day) {
        if !marks.is_empty() {
            marks.push(Span::raw(" "));
        }
        marks.push(Span::styled(format!("⊘{}", T::MarkNoPhoto.get(lang)), Style::new().fg(Color::Red).bold()));
    }
    marks
}

fn ranges(r: &ResultRow, shown: Shown) -> Vec<Range<usize>> {
    r.highlights().iter().filter(|h| h.shown == shown).map(|h| h.chars.clone()).collect()
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
            spans.push(if current_hl {
                Span::styled(std::mem::take(&mut current), hl)
            } else {
                Span::raw(std::mem::take(&mut current))
            });
        }
        current_hl = is_hl;
        current.push(c);
    }
    if !current.is_empty() {
        spans.push(if current_hl { Span::styled(current, hl) } else { Span::raw(current) });
    }
    spans
}
