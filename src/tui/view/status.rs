//! The bottom line on every screen: station, event day, clock, arrivals, who is on site now, demo
//! label, help key.
//!
//! It must fit any width from 80 columns in every language, so each part has a full and a short
//! form and a priority: when the line is too long, the least important parts shorten first, then
//! drop out. The help key, the on-site count (safeguarding) and the arrivals stay longest.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::i18n::T;
use crate::station::DayNote;
use crate::sync::Reach;
use crate::tui::app::App;
use crate::tui::desk::Desk;

/// One part of the status line.
struct Part {
    full: String,
    short: String,
    style: Style,
    /// Higher stays longer.
    priority: u8,
}

const SEPARATOR: &str = " │ ";

pub fn draw(frame: &mut Frame, app: &App, desk: &Desk, area: Rect) {
    let lang = app.lang;
    let station = &desk.station;
    let today = station.today();
    let (day, day_short) = match station.day_note() {
        None => {
            let n = station.program().and_then(|p| p.day_number(today)).unwrap_or(0);
            (format!("{} {n} · {today}", T::StatusDay.get(lang)), format!("{} {n}", T::StatusDay.get(lang)))
        }
        Some(DayNote::NoProgramme) => {
            (format!("{} {today}", T::NoProgramme.get(lang)), today.format("%d.%m").to_string())
        }
        Some(DayNote::OutsideProgramme { .. }) => {
            (format!("{} {today}", T::NotProgrammeDay.get(lang)), today.format("%d.%m").to_string())
        }
    };
    let arrived = station.state().count_arrived(&station.venue_today());
    let plain = Style::new();
    let mut parts = vec![
        Part {
            full: format!("{} {}", T::StatusStation.get(lang), station.name()),
            short: station.name().to_owned(),
            style: plain.bold(),
            priority: 3,
        },
        Part { full: day, short: day_short, style: plain, priority: 2 },
        Part { full: station.local_now().format("%H:%M").to_string(), short: String::new(), style: plain, priority: 4 },
        Part {
            full: format!("{} {arrived} {} {}", T::StatusArrived.get(lang), T::StatusOf.get(lang), desk.registered()),
            short: format!("{arrived}/{}", desk.registered()),
            style: plain,
            priority: 6,
        },
    ];
    let on_site = station.state().count_in(&station.venue_today());
    parts.push(Part {
        full: format!("{} {on_site}", T::StatusOnSite.get(lang)),
        short: format!("{} {on_site}", T::StatusOnSite.get(lang)),
        style: plain.bold(),
        priority: 6,
    });
    if station.is_demo() {
        let label = format!(" {} ", T::Demo.get(lang));
        parts.push(Part {
            full: label.clone(),
            short: label,
            style: Style::new().fg(Color::Black).bg(Color::Yellow),
            priority: 5,
        });
    }
    // Other windows on this data folder: whose folder this one works through, or who works
    // through this one. Dropped first when the line is short.
    let sharing = match station.guest_of() {
        Some(owner) => Some((T::StatusSharedBy, owner.to_owned(), owner.to_owned())),
        None if !app.guests.is_empty() => {
            Some((T::StatusSharedWith, app.guests.join(", "), format!("+{}", app.guests.len())))
        }
        None => None,
    };
    if let Some((label, names, few)) = sharing {
        parts.push(Part {
            full: format!("{} {names}", label.get(lang)),
            short: format!("{} {few}", T::StatusShared.get(lang)),
            style: plain,
            priority: 5,
        });
    }
    if let Some(reach) = &app.network {
        parts.push(network_part(reach, lang));
    }
    parts.push(Part { full: T::HelpKey.get(lang).to_owned(), short: "F1".to_owned(), style: plain, priority: 7 });

    let shown = fit_parts(&parts, usize::from(area.width).saturating_sub(1));
    let mut spans = vec![Span::raw(" ")];
    for (i, (part, text)) in shown.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(SEPARATOR, Style::new().fg(Color::DarkGray)));
        }
        spans.push(Span::styled(text, part.style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(Style::new().bg(Color::Indexed(236))), area);
}

/// The event's other machines: "stations 7/9 · desk-3 12 min ago · 4 not shared".
fn network_part(reach: &Reach, lang: crate::i18n::Lang) -> Part {
    let (full, style) = network_text(reach, lang);
    Part { full, short: format!("{}/{}", reach.heard, reach.stations), style, priority: 5 }
}

/// What this station hears of the others, and its colour ([`network_style`]).
pub fn network_text(reach: &Reach, lang: crate::i18n::Lang) -> (String, Style) {
    let mut text = format!("{} {}/{}", T::StatusStations.get(lang), reach.heard, reach.stations);
    if let Some((station, heard)) = &reach.stalest {
        match heard {
            Some(at) => {
                let minutes = (reach.as_of - *at).num_minutes().max(1);
                text.push_str(&format!(" · {station} {minutes} {}", T::StatusMinAgo.get(lang)));
            }
            None => text.push_str(&format!(" · {station} {}", T::StatusNeverHeard.get(lang))),
        }
    }
    if reach.not_shared > 0 {
        text.push_str(&format!(" · {} {}", reach.not_shared, T::StatusNotShared.get(lang)));
    }
    if reach.alarms > 0 {
        text = format!("{} · {text}", T::StatusAlarm.get(lang));
    }
    (text, network_style(reach))
}

/// Yellow when a station has not been heard for five minutes or facts wait to be shared, red on
/// an alarm: the status bar's colour, and the dashboard's and the roll-call's "as of" line's
/// (which also turns red for a clock more than a minute off).
pub fn network_style(reach: &Reach) -> Style {
    let unheard =
        reach.stalest.as_ref().is_some_and(|(_, at)| at.is_none_or(|at| (reach.as_of - at).num_minutes() >= 5));
    if reach.alarms > 0 {
        Style::new().fg(Color::White).bg(Color::Red).bold()
    } else if unheard || reach.not_shared > 0 {
        Style::new().fg(Color::Yellow)
    } else {
        Style::new()
    }
}

/// The parts as they fit into `width`: full forms, then short forms from the lowest priority
/// up, then dropping from the lowest priority up. Order on screen is kept.
fn fit_parts(parts: &[Part], width: usize) -> Vec<(&Part, String)> {
    let mut texts: Vec<Option<String>> = parts.iter().map(|p| Some(p.full.clone())).collect();
    let total = |texts: &[Option<String>]| {
        let shown: Vec<&String> = texts.iter().flatten().filter(|t| !t.is_empty()).collect();
        shown.iter().map(|t| t.width()).sum::<usize>() + SEPARATOR.width() * shown.len().saturating_sub(1)
    };
    let mut by_priority: Vec<usize> = (0..parts.len()).collect();
    by_priority.sort_by_key(|&i| parts[i].priority);
    for &i in &by_priority {
        if total(&texts) <= width {
            break;
        }
        if !parts[i].short.is_empty() {
            texts[i] = Some(parts[i].short.clone());
        }
    }
    for &i in &by_priority {
        if total(&texts) <= width {
            break;
        }
        texts[i] = None;
    }
    parts.iter().zip(texts).filter_map(|(p, t)| t.filter(|t| !t.is_empty()).map(|t| (p, t))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(full: &str, short: &str, priority: u8) -> Part {
        Part { full: full.into(), short: short.into(), style: Style::new(), priority }
    }

    #[test]
    fn the_network_part_says_who_was_heard_when_and_warns_in_colour() {
        let now = chrono::Utc::now();
        let mut reach = Reach {
            as_of: now,
            stations: 9,
            heard: 7,
            stalest: Some(("desk-3".into(), Some(now - chrono::Duration::minutes(2)))),
            not_shared: 0,
            clocks_off: Vec::new(),
            alarms: 0,
        };
        let en = crate::i18n::Lang::En;
        assert_eq!(network_text(&reach, en), ("stations 7/9 · desk-3 2 min ago".to_owned(), Style::new()));
        reach.not_shared = 4;
        let (text, style) = network_text(&reach, en);
        assert_eq!(text, "stations 7/9 · desk-3 2 min ago · 4 not shared");
        assert_eq!(style.fg, Some(Color::Yellow), "facts wait to be shared");
        reach.not_shared = 0;
        reach.stalest = Some(("door-robotics".into(), None));
        assert_eq!(network_text(&reach, en).0, "stations 7/9 · door-robotics never heard");
        reach.alarms = 1;
        let (text, style) = network_text(&reach, en);
        assert!(text.starts_with("ALARM"), "{text}");
        assert_eq!(style.bg, Some(Color::Red));
        assert_eq!(network_part(&reach, en).short, "7/9");
    }

    #[test]
    fn shortens_the_least_important_first_then_drops() {
        let parts =
            [part("station desk-2", "desk-2", 3), part("day 1 · 2016-11-21", "day 1", 2), part("F1 help", "F1", 7)];
        let texts = |w| fit_parts(&parts, w).into_iter().map(|(_, t)| t).collect::<Vec<_>>().join("|");
        assert_eq!(texts(80), "station desk-2|day 1 · 2016-11-21|F1 help");
        assert_eq!(texts(36), "station desk-2|day 1|F1 help");
        assert_eq!(texts(30), "desk-2|day 1|F1 help");
        assert_eq!(texts(22), "desk-2|day 1|F1");
        assert_eq!(texts(12), "desk-2|F1");
    }
}
