//! The confirmation under the results: unmistakable, and only what the desk needs to know.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::Person;
use crate::i18n::{self, T};
use crate::tui::app::{App, Banner};
use crate::tui::desk::Desk;

use super::fit::fit;

pub fn draw(frame: &mut Frame, app: &App, desk: &Desk, banner: &Banner, area: Rect) {
    let lang = app.lang;
    let width = usize::from(area.width.saturating_sub(2));
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&desk.station.offset()).format("%H:%M").to_string();
    let (title, color, lines): (String, Color, Vec<Line>) = match banner {
        Banner::CheckedIn { code } => (
            format!("✓ {}", T::CheckedIn.get(lang)),
            Color::Green,
            desk.person(code).map_or_else(Vec::new, |p| who(app, desk, p, width)),
        ),
        Banner::Already { code, since, station } => {
            let mut lines = desk.person(code).map_or_else(Vec::new, |p| vec![name_line(p, width)]);
            lines.push(Line::styled(
                format!("{} {} {} {}", T::AlreadySince.get(lang), local(*since), T::AtStation.get(lang), station),
                Style::new().bold(),
            ));
            lines.push(Line::raw(T::NoSecondCheckIn.get(lang)));
            (format!("! {}", T::AlreadyIn.get(lang)), Color::Yellow, lines)
        }
        Banner::UnknownCode { typed } => (
            format!("? {}", T::UnknownCode.get(lang)),
            Color::Red,
            vec![Line::styled(typed.clone(), Style::new().bold()), Line::raw(T::UnknownCodeHelp.get(lang))],
        ),
        Banner::NotAdmitted { code, status } => {
            let mut lines = desk.person(code).map_or_else(Vec::new, |p| vec![name_line(p, width)]);
            lines.push(Line::styled(format!("{code}: {}", status.key()), Style::new().bold()));
            lines.push(Line::raw(T::NotAdmittedHelp.get(lang)));
            (format!("✗ {}", T::NotAdmitted.get(lang)), Color::Red, lines)
        }
        Banner::Undone { code } => (
            T::Annulled.get(lang).to_owned(),
            Color::Cyan,
            desk.person(code).map_or_else(Vec::new, |p| vec![name_line(p, width)]),
        ),
        Banner::GroupDone { delegation, done, already, absent } => {
            let mut counts = vec![format!("✓ {}", i18n::count(lang, *done as u64, &i18n::PARTICIPANT))];
            if *already > 0 {
                counts.push(format!("{}: {already}", T::GroupAlready.get(lang)));
            }
            if *absent > 0 {
                counts.push(format!("{}: {absent}", T::GroupAbsent.get(lang)));
            }
            let lines = vec![Line::styled(delegation.clone(), Style::new().bold()), Line::raw(counts.join(" · "))];
            (format!("✓ {}", T::GroupDone.get(lang)), Color::Green, lines)
        }
        Banner::WalkedIn { code } => {
            let mut lines = desk.person(code).map_or_else(Vec::new, |p| who(app, desk, p, width));
            lines.push(Line::styled(T::BadgeHint.get(lang), Style::new().fg(Color::DarkGray)));
            (format!("✓ {}", T::WalkInDone.get(lang)), Color::Green, lines)
        }
        Banner::BadgePrinted { code, path, printer } => {
            // A reprint stands out: the first badge may be lost, or in someone else's hands.
            let prints = desk.station.state().badge_prints(code);
            let (title, color) = match prints {
                [_, _, ..] => (T::BadgeReprinted, Color::Yellow),
                _ => (T::BadgePrinted, Color::Green),
            };
            let mut lines = desk.person(code).map_or_else(Vec::new, |p| vec![name_line(p, width)]);
            if let [first, _, ..] = prints {
                lines.push(Line::styled(
                    format!(
                        "{} {} {} {} {} {}",
                        T::BadgePrints.get(lang),
                        prints.len(),
                        T::BadgeTimes.get(lang),
                        local(first.at),
                        T::AtStation.get(lang),
                        first.station
                    ),
                    Style::new().bold(),
                ));
            }
            let mut place = format!("PDF: {path}");
            if let Some(printer) = printer {
                place = format!("{} {printer} · {place}", T::BadgeSentTo.get(lang));
            }
            lines.push(Line::raw(place));
            (format!("✓ {}", title.get(lang)), color, lines)
        }
        Banner::Failed { message } => {
            (format!("✗ {}", T::SaveFailed.get(lang)), Color::Red, vec![Line::raw(message.clone())])
        }
        Banner::Info(text) => (String::new(), Color::DarkGray, vec![Line::raw(text.get(lang))]),
        Banner::Safeguarding(notice) => super::checkout::banner(app, desk, notice),
    };
    let block = super::banner_frame(&title, color);
    // Names are already cut to the width (`fit`), so wrapping only ever folds a long message,
    // such as why a check-out was refused, instead of cutting its end off.
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), area);
}

/// The name in both spellings, cut with "…" to the banner's width, and the code.
fn name_line(p: &Person, width: usize) -> Line<'static> {
    let code = format!("  {}", p.code);
    let name_width = width.saturating_sub(unicode_width::UnicodeWidthStr::width(code.as_str()));
    Line::from(vec![
        Span::styled(fit(&both_spellings(p), name_width), Style::new().add_modifier(Modifier::BOLD)),
        Span::styled(code, Style::new().fg(Color::DarkGray)),
    ])
}

fn both_spellings(p: &Person) -> String {
    if p.alt_spelling.is_empty() { p.full_name() } else { format!("{} / {}", p.full_name(), p.alt_spelling) }
}

/// The name (both spellings) on a line of its own, so a long one is cut, never what follows:
/// then category, code and the safeguarding flags; then, for a minor, the delegation and the
/// responsible adult.
fn who(app: &App, desk: &Desk, p: &Person, width: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let first_day = desk.station.event_first_day();
    let mut second = vec![
        Span::raw(format!("{} · ", T::category(p.category).get(lang))),
        Span::styled(p.code.clone(), Style::new().fg(Color::DarkGray)),
    ];
    if p.no_photos(first_day) {
        second.push(Span::raw("  "));
        second.push(Span::styled(
            format!("⊘ {}", T::NoPhotos.get(lang)),
            Style::new().fg(Color::White).bg(Color::Red).bold(),
        ));
    }
    if !p.notes.is_empty() {
        second.push(Span::raw("  "));
        second.push(Span::styled(format!("ⓘ {}", T::HasNotes.get(lang)), Style::new().fg(Color::Magenta).bold()));
    }
    let mut lines = vec![
        Line::styled(fit(&both_spellings(p), width), Style::new().add_modifier(Modifier::BOLD)),
        Line::from(second),
    ];
    if p.is_minor(first_day) {
        let cyan = Style::new().fg(Color::Cyan);
        lines.push(Line::styled(fit(&format!("{} · {}", T::Minor.get(lang), p.delegation), width), cyan));
        if let Some(adult) = p.responsible_adults.first() {
            let text = format!("{}: {} {}", T::ResponsibleAdult.get(lang), adult.name, adult.phone);
            lines.push(Line::styled(fit(&text, width), cyan));
        }
        if desk.station.without_adult(p) {
            let text = format!("⚠ {}", T::NoAdultOnSite.get(lang));
            lines.insert(1, Line::styled(fit(&text, width), Style::new().fg(Color::White).bg(Color::Red).bold()));
        }
    }
    lines
}
