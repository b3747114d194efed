//! Drawing the desk. Nothing here changes state: every function takes `&App` and `&Desk`.
//!
//! ```text
//! ┌ Find a person ───────────────────────────┐
//! │ > aig ahm▏                               │  search box (3 rows)
//! └──────────────────────────────────────────┘
//!  Today   Code       Name           Category  results (the rest)
//! ┌ CHECKED IN ──────────────────────────────┐
//! │ name · category · <18 · delegation …     │  banner (5 rows, when there is news)
//! └──────────────────────────────────────────┘
//!  desk-2 │ day 1 · 2016-11-21 │ 09:14 │ …     status bar (1 row)
//! ```

mod banner;
mod checkout;
mod dashboard;
pub mod fit;
pub mod host;
mod onsite;
mod overlay;
mod results;
mod signup;
mod status;
mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::app::{App, Screen};
use super::desk::Desk;
use crate::i18n::T;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Where things landed on screen, for mouse clicks.
#[derive(Debug, Default, Clone)]
pub struct Layout {
    results: Rect,
    first_row_y: u16,
    /// Rows from `offset` on that are on screen or below it.
    rows: usize,
    /// Index of the first visible result (the table scrolls to keep the highlight visible).
    offset: usize,
    /// The one result drawn two lines high (the highlighted one, with its details line).
    tall_row: Option<usize>,
}

impl Layout {
    /// The result row under the pointer, if any.
    pub fn row_at(&self, x: u16, y: u16) -> Option<usize> {
        let inside =
            x >= self.results.x && x < self.results.right() && y >= self.first_row_y && y < self.results.bottom();
        if !inside {
            return None;
        }
        let mut line = usize::from(y - self.first_row_y);
        for row in self.offset..self.offset + self.rows {
            let height = if self.tall_row == Some(row) { 2 } else { 1 };
            if line < height {
                return Some(row);
            }
            line -= height;
        }
        None
    }
}

pub fn draw(frame: &mut Frame, app: &App, desk: &Desk) -> Layout {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, app, area);
        return Layout::default();
    }
    if let Screen::Host(h) = &app.screen {
        // The host's screen lays out its own status bar and windows.
        return host::draw(frame, app, h, desk, area);
    }
    let [main, status_area] = Split::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let layout = match app.screen {
        Screen::Desk | Screen::Host(_) => desk_screen(frame, app, desk, main),
        Screen::OnSite => onsite::draw(frame, app, desk, main),
        Screen::Dashboard => dashboard::draw(frame, app, desk, main),
    };
    status::draw(frame, app, desk, status_area);
    overlay::draw(frame, app, desk, area);
    layout
}

fn desk_screen(frame: &mut Frame, app: &App, desk: &Desk, area: Rect) -> Layout {
    let [search_area, results_area, banner_area] =
        Split::vertical([Constraint::Length(3), Constraint::Min(5), Constraint::Length(banner_height(app))])
            .areas(area);

    search_box(frame, app, search_area);
    let layout = results::draw(frame, app, desk, results_area);
    if let Some(b) = &app.banner {
        banner::draw(frame, app, desk, b, banner_area);
    }
    layout
}

/// Rows the banner takes on any screen: none without news.
/// The thick coloured frame of a confirmation, with its title in reverse colours. A hint
/// ("nothing to undo") has no title, and then no empty title box either.
pub(super) fn banner_frame(title: &str, color: Color) -> Block<'static> {
    let block = Block::bordered().border_type(ratatui::widgets::BorderType::Thick).border_style(Style::new().fg(color));
    if title.is_empty() {
        return block;
    }
    block
        .title(Span::styled(format!(" {title} "), Style::new().fg(Color::Black).bg(color).add_modifier(Modifier::BOLD)))
}

fn banner_height(app: &App) -> u16 {
    if app.banner.is_some() { 6 } else { 0 }
}

fn search_box(frame: &mut Frame, app: &App, area: Rect) {
    let lang = app.lang;
    let input = Input {
        title: T::SearchTitle.get(lang),
        hint: T::SearchHint.get(lang),
        text: &app.query,
        cursor: app.overlay.is_none(),
    };
    input_box(frame, input, Vec::new(), area);
}

/// A one-line text box in a titled frame.
pub(super) struct Input<'a> {
    pub title: &'a str,
    /// Shown greyed while `text` is empty.
    pub hint: &'a str,
    pub text: &'a str,
    /// Put the terminal's cursor after the text (nothing is open on top).
    pub cursor: bool,
}

/// Draws `input`, then `after` on the same line.
pub(super) fn input_box(frame: &mut Frame, input: Input, after: Vec<Span>, area: Rect) {
    let block = Block::bordered().title(Span::styled(format!(" {} ", input.title), Style::new().bold()));
    let mut spans = vec![Span::raw("> ")];
    spans.push(if input.text.is_empty() {
        Span::styled(input.hint, Style::new().fg(Color::DarkGray))
    } else {
        Span::styled(input.text, Style::new().bold())
    });
    spans.extend(after);
    let inner = block.inner(area);
    frame.render_widget(Paragraph::new(Line::from(spans)).block(block), area);
    if input.cursor {
        let typed = unicode_width::UnicodeWidthStr::width(input.text) as u16;
        frame.set_cursor_position((inner.x + 2 + typed.min(inner.width.saturating_sub(3)), inner.y));
    }
}

fn too_small(frame: &mut Frame, app: &App, area: Rect) {
    let text = format!("{} ({}×{})", T::Enlarge.get(app.lang), area.width, area.height);
    let p = Paragraph::new(text).wrap(Wrap { trim: true }).style(Style::new().add_modifier(Modifier::BOLD));
    frame.render_widget(p, area);
}
