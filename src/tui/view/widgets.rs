//! Small pieces more than one view draws: a centred window, a session's seats and times, a
//! person's place in a session.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use crate::domain::seats::Occupant;
use crate::domain::{SeatStatus, Session};
use crate::i18n::{Lang, T};
use crate::station::SessionSummary;

/// A `width` x `height` rectangle in the middle of `area` (cut to fit it).
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(row);
    rect
}

/// Seats left of capacity, coloured as they run out; "∞" without a capacity.
pub fn seats_text(lang: Lang, s: &SessionSummary) -> Span<'static> {
    match (s.occupancy.free(), s.session.capacity) {
        (Some(0), _) => Span::styled(T::HostFull.get(lang), Style::new().fg(Color::Red).bold()),
        (Some(free), Some(cap)) => {
            let style =
                if free * 5 <= cap as usize { Style::new().fg(Color::Yellow) } else { Style::new().fg(Color::Green) };
            Span::styled(format!("{free} / {cap}"), style)
        }
        _ => Span::raw("∞"),
    }
}

/// A person's place in one session, in words (the host's roster, the desk's sign-up window).
pub fn occupant_text(lang: Lang, o: &Occupant, waitlist: &[String]) -> Span<'static> {
    match &o.seat {
        SeatStatus::SignedUp { .. } if o.released => {
            Span::styled(T::SeatReleased.get(lang), Style::new().fg(Color::Yellow))
        }
        SeatStatus::SignedUp { .. } => Span::raw(T::SeatSignedUp.get(lang)),
        _ if o.present.is_some() => Span::styled(T::SeatWalkIn.get(lang), Style::new().fg(Color::Cyan)),
        SeatStatus::Waitlisted { .. } => {
            let n = waitlist.iter().position(|c| *c == o.code).map_or(0, |i| i + 1);
            Span::styled(format!("{} {n}", T::SeatWaiting.get(lang)), Style::new().fg(Color::Magenta))
        }
        SeatStatus::Cancelled { .. } => Span::styled(
            T::SeatCancelled.get(lang),
            Style::new().fg(Color::DarkGray).add_modifier(Modifier::CROSSED_OUT),
        ),
        SeatStatus::None => Span::styled(T::SeatNotListed.get(lang), Style::new().fg(Color::DarkGray)),
    }
}

/// "09:00–10:30".
pub fn session_times(s: &Session) -> String {
    format!("{}–{}", s.start.format("%H:%M"), s.end.format("%H:%M"))
}
