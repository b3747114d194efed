//! The on-site screen: a filter box, then everyone on site grouped by delegation — a header per
//! delegation with its chaperones and their phones, then its members (name, category, <18, in
//! since, ⊘ for no photos, and on a wide screen the station). Children's own phones and notes are
//! never shown here.
//!
//! ```text
//! ┌ On site now: 3 people, 1 minor ──────────────────────┐
//! │ > filter▏                                            │
//! └──────────────────────────────────────────────────────┘
//!  Ақтөбе облысы — 1 (2) · Тоқаева Гаухар +7 747 854 79 70
//!    Тоқаева Гаухар Мұратқызы        chaperone        09:03
//!    Омарова Асель                   child      <18   09:03
//!  Without a delegation (1)
//!    Müller Jürgen                   intl. org        09:25
//!  Enter/F10: check out   Ctrl+P: print roll-call   Esc: desk
//! ```

use std::collections::HashSet;

use chrono::FixedOffset;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::Layout;
use super::fit::{fit, pad};
use crate::domain::rollcall::{Group, Present, RollCall};
use crate::i18n::{self, T};
use crate::tui::app::App;
use crate::tui::desk::Desk;

/// From this width on, the station that let each person in is shown too.
const WIDE: u16 = 110;

pub fn draw(frame: &mut Frame, app: &App, desk: &Desk, area: Rect) -> Layout {
    let lang = app.lang;
    let station = &desk.station;
    let first_day = station.event_first_day();
    let roll = RollCall::build(desk.people(), station.state(), station.today(), first_day);
    let [filter_area, list_area, banner_area, keys_area] = Split::vertical([
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(super::banner_height(app)),
        Constraint::Length(1),
    ])
    .areas(area);

    let title = format!(
        " {}: {}, {} ",
        T::OnSiteTitle.get(lang),
        i18n::count(lang, roll.len() as u64, &i18n::PERSON),
        i18n::count(lang, roll.minors() as u64, &i18n::MINOR)
    );
    let mut block = Block::bordered().title(Span::styled(title, Style::new().bold()));
    let alone = roll.without_adult().len();
    if alone > 0 {
        block = block.title(Span::styled(
            format!(" ⚠ {} {} ", i18n::count(lang, alone as u64, &i18n::CHILD), T::WithNoAdult.get(lang)),
            Style::new().fg(Color::White).bg(Color::Red).bold(),
        ));
    }
    // Who may be missing: people let in at stations this laptop has not heard from lately.
    if let Some(complete) = super::dashboard::complete_line(app, desk) {
        block = block.title_bottom(complete);
    }
    let line = if app.onsite.filter.is_empty() {
        Line::from(vec![Span::raw("> "), Span::styled(T::OnSiteHint.get(lang), Style::new().fg(Color::DarkGray))])
    } else {
        Line::from(vec![Span::raw("> "), Span::styled(app.onsite.filter.as_str(), Style::new().bold())])
    };
    let inner = block.inner(filter_area);
    frame.render_widget(Paragraph::new(line).block(block), filter_area);
    if app.overlay.is_none() {
        let typed = unicode_width::UnicodeWidthStr::width(app.onsite.filter.as_str()) as u16;
        frame.set_cursor_position((inner.x + 2 + typed.min(inner.width.saturating_sub(3)), inner.y));
    }

    let shown: HashSet<&str> = app.onsite.rows.iter().map(String::as_str).collect();
    let selected = app.onsite.selected_code();
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    for group in &roll.groups {
        let members: Vec<_> = group.members.iter().filter(|m| shown.contains(m.person.code.as_str())).collect();
        if members.is_empty() {
            continue;
        }
        lines.push(header(app, group, members.len(), usize::from(list_area.width)));
        for m in members {
            let is_selected = selected == Some(m.person.code.as_str());
            if is_selected {
                selected_line = lines.len();
            }
            lines.push(member(app, m, usize::from(list_area.width), first_day, station.offset(), is_selected));
        }
    }
    if lines.is_empty() {
        let empty = if roll.is_empty() { T::OnSiteEmpty } else { T::OnSiteNoMatch };
        lines.push(Line::styled(format!(" {}", empty.get(lang)), Style::new().fg(Color::DarkGray)));
    }
    let height = usize::from(list_area.height);
    let offset = (selected_line + 1).saturating_sub(height);
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), list_area);

    if let Some(b) = &app.banner {
        super::banner::draw(frame, app, desk, b, banner_area);
    }
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(" {}   ⊘ {}", T::OnSiteKeys.get(lang), T::MarkNoPhoto.get(lang)),
            Style::new().fg(Color::DarkGray),
        )),
        keys_area,
    );
    Layout::default()
}

/// Name, category, <18, ⊘ (no photos), in since; on a wide screen also the station.
fn member(
    app: &App,
    m: &Present<'_>,
    width: usize,
    first_day: chrono::NaiveDate,
    offset: FixedOffset,
    selected: bool,
) -> Line<'static> {
    let lang = app.lang;
    let wide = width >= usize::from(WIDE);
    let name_width = width.saturating_sub(4 + 14 + 5 + 3 + 6 + if wide { 16 } else { 0 });
    let mut spans = vec![
        Span::raw("   "),
        Span::raw(pad(&m.person.full_name(), name_width)),
        Span::raw(" "),
        Span::raw(pad(T::category(m.person.category).get(lang), 13)),
        Span::styled(pad(if m.minor { T::MarkMinor.get(lang) } else { "" }, 5), Style::new().fg(Color::Cyan).bold()),
        Span::styled(if m.person.no_photos(first_day) { "⊘  " } else { "   " }, Style::new().fg(Color::Red).bold()),
        Span::raw(m.since.with_timezone(&offset).format("%H:%M").to_string()),
    ];
    if wide {
        spans.push(Span::styled(format!("  {}", fit(&m.station, 14)), Style::new().fg(Color::DarkGray)));
    }
    if selected {
        spans = spans.into_iter().map(|s| s.patch_style(Style::new().add_modifier(Modifier::REVERSED))).collect();
    }
    Line::from(spans)
}

/// "Ақтөбе облысы — 1 (2) · Тоқаева Гаухар +7 747 …; Ким Ли +7 …", cut to the width.
fn header(app: &App, group: &Group<'_>, shown: usize, width: usize) -> Line<'static> {
    let name = if group.delegation.is_empty() { T::RollNoDelegation.get(app.lang) } else { group.delegation.as_str() };
    let mut text = if group.registered > 0 {
        format!(" {name} ({shown} {} {})", T::StatusOf.get(app.lang), group.registered)
    } else {
        format!(" {name} ({shown})")
    };
    if !group.chaperones.is_empty() {
        // Full names when they fit; else family names only, so every chaperone's phone stays.
        let chaperones = |short: bool| {
            let list: Vec<String> = group
                .chaperones
                .iter()
                .map(|c| {
                    let away = if c.on_site { String::new() } else { format!(" [{}]", T::RollAway.get(app.lang)) };
                    let name =
                        if short { c.name.split_whitespace().next().unwrap_or_default() } else { c.name.as_str() };
                    // The mark right after the name it is about, not after a phone that could
                    // be read as the next chaperone's.
                    format!("{name}{away} {}", c.phone).trim().to_owned()
                })
                .collect();
            format!(" · {}", list.join("; "))
        };
        let full = chaperones(false);
        let fits = unicode_width::UnicodeWidthStr::width(format!("{text}{full}").as_str()) <= width;
        text.push_str(&if fits { full } else { chaperones(true) });
    }
    let style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    if !group.without_adult() {
        return Line::styled(fit(&text, width), style);
    }
    // The flag first, so a narrow screen cuts the chaperones' list, never the warning.
    let flag = format!(" ⚠ {} ·", T::NoAdultOnSite.get(app.lang));
    let rest = width.saturating_sub(unicode_width::UnicodeWidthStr::width(flag.as_str()));
    Line::from(vec![
        Span::styled(flag, Style::new().fg(Color::White).bg(Color::Red).bold()),
        Span::styled(fit(&text, rest), style),
    ])
}
