//! The desk's sign-up window: a person's sessions from now on, with seats left and their place.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Padding, Paragraph, Row, Table, TableState};

use crate::i18n::T;
use crate::tui::app::App;
use crate::tui::desk::Desk;
use crate::tui::signup::{SignUpList, SignUpPrompt};

use super::host;
use super::widgets::{centred, occupant_text, seats_text, session_times};

pub fn draw(frame: &mut Frame, app: &App, desk: &Desk, list: &SignUpList, area: Rect) {
    let lang = app.lang;
    let rect = centred(area, 78, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let name = desk.person(&list.code).map_or_else(|| list.code.clone(), |p| p.full_name());
    let block = Block::bordered()
        .padding(Padding::horizontal(1))
        .title(Span::styled(format!(" {}: {name} ", T::SignUpTitle.get(lang)), Style::new().bold()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let bottom = bottom_lines(app, desk, list);
    let [table, text] = Layout::vertical([Constraint::Min(2), Constraint::Length(bottom.len() as u16)]).areas(inner);
    frame.render_widget(Paragraph::new(bottom), text);
    if list.lines.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(T::HostNoSessions.get(lang), Style::new().fg(Color::DarkGray))),
            table,
        );
        return;
    }
    let header =
        Row::new([T::HostColTime, T::HostColSeats, T::HostColSeat, T::HostColSession].map(|t| Cell::from(t.get(lang))))
            .style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    let rows = list.lines.iter().map(|l| {
        let s = &l.summary.session;
        Row::new(vec![
            Cell::from(format!("{} {}", s.start.format("%d.%m"), session_times(s))),
            Cell::from(seats_text(lang, &l.summary)),
            Cell::from(occupant_text(lang, &l.occupant, &l.summary.occupancy.waitlist)),
            Cell::from(s.title.get(lang.code()).to_owned()),
        ])
    });
    let widths = [Constraint::Length(17), Constraint::Length(11), Constraint::Length(12), Constraint::Fill(1)];
    let t = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = TableState::default().with_selected(Some(list.cursor));
    frame.render_stateful_widget(t, table, &mut state);
}

/// The question or the last message, then the keys.
fn bottom_lines(app: &App, desk: &Desk, list: &SignUpList) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut lines = vec![Line::raw("")];
    match &list.prompt {
        Some(SignUpPrompt::Warn { op, warnings, .. }) => {
            lines.extend(warnings.iter().map(|w| host::warning_line(lang, w, desk)));
            lines.push(Line::styled(host::anyway_keys(*op).get(lang), Style::new().fg(Color::Yellow).bold()));
        }
        Some(SignUpPrompt::Full { waiting, .. }) => {
            lines.push(Line::styled(
                format!("{} — {}: {waiting}", T::HostFull.get(lang), T::HostWaitlist.get(lang)),
                Style::new().fg(Color::Red).bold(),
            ));
            lines.push(Line::styled(T::HostFullKeys.get(lang), Style::new().fg(Color::Red).bold()));
        }
        Some(SignUpPrompt::Cancel { .. }) => {
            lines.push(Line::styled(T::HostCancelKeys.get(lang), Style::new().fg(Color::Cyan).bold()));
        }
        None => {
            if let Some(m) = list.message {
                lines.push(Line::styled(m.get(lang), Style::new().bold()));
            }
            lines.push(Line::styled(T::SignUpKeys.get(lang), Style::new().fg(Color::DarkGray)));
        }
    }
    lines
}
