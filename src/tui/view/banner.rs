//! The confirmation under the results: unmistakable, and only what the desk needs to know.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use crate::domain::Person;
use crate::i18n::{self, T};
use crate::tui::app::{App, Banner};
use crate::tui::desk::Desk;

pub fn draw(frame: &mut Frame, app: &App, desk: &Desk, banner: &Banner, area: Rect) {
    let lang = app.lang;
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&desk.station.offset()).format("%H:%M").to_string();
    let (title, color, lines): (String, Color, Vec<Line>) = match banner {
        Banner::CheckedIn { code } => {
            (format!("✓ {}", T::CheckedIn.get(lang)), Color::Green, desk.person(code).map_or_else(Vec::new, |p| who(app, desk, p)))
        }
        Banner::Already { code, since, station } => {
            let mut lines = desk.person(code).map_or_else(Vec::new, |p| vec![name_line(p)]);
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
        Banner::Undone { code } => {
            (T::Annulled.get(lang).to_owned(), Color::Cyan, desk.person(code).map_or_else(Vec::new, |p| vec![name_line(p)]))
        }
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
            (format!("✓ {}", T::WalkInDone.get(lang)), Color::Green, desk.person(code).map_or_else(Vec::new, |p| who(app, desk, p)))
        }
        Banner::Failed { message } => (format!("✗ {}", T::SaveFailed.get(lang)), Color::Red, vec![Line::raw(message.clone())]),
        Banner::Info(text) => (String::new(), Color::DarkGray, vec![Line::raw(text.get(lang))]),
        Banner::Safeguarding(notice) => super::checkout::banner(app, desk, notice),
    };
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(Style::new().fg(color))
        .title(Span::styled(format!(" {title} "), Style::new().fg(Color::Black).bg(color).add_modifier(Modifier::BOLD)));
    // No wrapping: a long name is cut at the border rather than pushing the flags out of view.
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn name_line(p: &Person) -> Line<'static> {
    let mut spans = vec![Span::styled(p.full_name(), Style::new().add_modifier(Modifier::BOLD))];
    if !p.alt_spelling.is_empty() {
        spans.push(Span::raw(format!(" / {}", p.alt_spelling)));
    }
    spans.push(Span::styled(format!("  {}", p.code), Style::new().fg(Color::DarkGray)));
    Line::from(spans)
}

/// Name, category and code; then the safeguarding flags (never pushed out by a long name);
/// then, for a minor, the delegation and the responsible adult.
fn who(app: &App, desk: &Desk, p: &Person) -> Vec<Line<'static>> {
    let lang = app.lang;
    let year = desk.station.program.as_ref().map_or(2016, |pr| pr.year());
    let mut lines = vec![Line::from(vec![
        Span::styled(p.full_name(), Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(format!(" · {} · ", T::category(p.category).get(lang))),
        Span::styled(p.code.clone(), Style::new().fg(Color::DarkGray)),
    ])];
    let mut flags = Vec::new();
    if p.no_photos(year) {
        flags.push(Span::styled(format!("⊘ {}", T::NoPhotos.get(lang)), Style::new().fg(Color::White).bg(Color::Red).bold()));
    }
    if !p.notes.is_empty() {
        if !flags.is_empty() {
            flags.push(Span::raw("  "));
        }
        flags.push(Span::styled(format!("ⓘ {}", T::HasNotes.get(lang)), Style::new().fg(Color::Magenta).bold()));
    }
    if !flags.is_empty() {
        lines.push(Line::from(flags));
    }
    if p.is_minor(year) {
        let cyan = Style::new().fg(Color::Cyan);
        lines.push(Line::styled(format!("{} · {}", T::Minor.get(lang), p.delegation), cyan));
        if let Some(adult) = p.responsible_adults.first() {
            lines.push(Line::styled(format!("{}: {} {}", T::ResponsibleAdult.get(lang), adult.name, adult.phone), cyan));
        }
    }
    lines
}
