//! The check-out window (who collects a minor) and the banners of check-outs and roll-calls.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use crate::domain::AttendanceStatus;
use crate::i18n::{self, T};
use crate::tui::app::App;
use crate::tui::checkout::{Dialog, LastAdult, Notice};
use crate::tui::desk::Desk;

/// Title, lines, width and height of the window.
pub fn dialog(app: &App, desk: &Desk, d: &Dialog) -> (String, Vec<Line<'static>>, u16, u16) {
    let lang = app.lang;
    let dim = Style::new().fg(Color::DarkGray);
    let name = desk.person(&d.code).map(|p| p.full_name()).unwrap_or_else(|| d.code.clone());
    let delegation = desk.person(&d.code).map(|p| p.delegation.clone()).unwrap_or_default();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(name, Style::new().bold()),
            Span::styled(format!("  {} · {delegation}", T::Minor.get(lang)), Style::new().fg(Color::Cyan)),
        ]),
        Line::raw(""),
    ];
    match &d.other {
        None => {
            lines.push(Line::raw(if d.authorised.is_empty() {
                T::CheckOutNoneAuthorised.get(lang)
            } else {
                T::CheckOutCheckId.get(lang)
            }));
            let today = desk.station.venue_today();
            for (i, c) in d.authorised.iter().enumerate() {
                let relation = if c.relation.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", T::relation(&c.relation, lang))
                };
                // Whether a registrant collector is in the building: a chaperone not checked in
                // today is not at the door either.
                let here = c.code.as_deref().map(|code| match desk.station.state().status(&today, code) {
                    AttendanceStatus::In { .. } => format!(" · {}", T::CollectorOnSite.get(lang)),
                    _ => format!(" · {}", T::CollectorNotIn.get(lang)),
                });
                let text = format!("  {}{relation}  {}{}", c.name, c.phone, here.unwrap_or_default());
                lines.push(Line::styled(text, row_style(d.cursor == Some(i))));
            }
            let other = format!("  {}", T::CheckOutSomeoneElse.get(lang));
            lines.push(Line::styled(other, row_style(d.cursor == Some(d.authorised.len())).fg(Color::Yellow)));
            if !d.typed.is_empty() {
                lines.push(Line::styled(format!("  {}: {}", T::CheckOutBadge.get(lang), d.typed), Style::new().bold()));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(T::CheckOutKeys.get(lang), dim));
        }
        Some(o) => {
            lines.push(Line::styled(T::CheckOutSomeoneElse.get(lang), Style::new().fg(Color::Yellow)));
            for (i, (label, value)) in [
                (T::CheckOutCollector, o.name.clone()),
                (T::CheckOutReason, o.reason.clone()),
                (T::OrganiserField, masked(&o.organiser)),
            ]
            .into_iter()
            .enumerate()
            {
                let focused = i == o.focus;
                let label_style = if focused { Style::new().bold().fg(Color::Yellow) } else { dim };
                let cursor = if focused { "▏" } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(super::fit::pad(label.get(lang), 33), label_style),
                    Span::raw(format!("{value}{cursor}")),
                ]));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(T::CheckOutOverrideKeys.get(lang), dim));
        }
    }
    if let Some(problem) = d.problem {
        lines.push(Line::styled(problem.get(lang), Style::new().fg(Color::Red).bold()));
    }
    if let Some(refused) = &d.refused {
        lines.push(Line::styled(refused.clone(), Style::new().fg(Color::Red).bold()));
    }
    let height = lines.len() as u16 + 2;
    (T::CheckOutTitle.get(lang).to_owned(), lines, 76, height)
}

/// "Undo check-out?" with who left, when, and with whom.
pub fn undo_question(app: &App, desk: &Desk, code: &str) -> (String, Vec<Line<'static>>, u16, u16) {
    let lang = app.lang;
    let name = desk.person(code).map(|p| p.full_name()).unwrap_or_else(|| code.to_owned());
    let mut lines = vec![Line::styled(name, Style::new().bold())];
    let station = &desk.station;
    if let AttendanceStatus::Out { at, collected_by } = station.state().status(&station.venue_today(), code) {
        let by = collected_by.map(|c| format!(" — {} {c}", T::CollectedBy.get(lang))).unwrap_or_default();
        let at = at.with_timezone(&station.offset()).format("%H:%M");
        lines.push(Line::raw(format!("{} {at}{by}", T::StatusOut.get(lang))));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(T::UndoConfirm.get(lang), Style::new().fg(Color::Yellow)));
    (T::UndoCheckOutTitle.get(lang).to_owned(), lines, 64, 7)
}

/// "Last adult of these children": who leaves, and the children who would stay with no adult.
pub fn last_adult_question(app: &App, desk: &Desk, q: &LastAdult) -> (String, Vec<Line<'static>>, u16, u16) {
    let (code, children) = (q.code.as_str(), q.children.as_slice());
    let lang = app.lang;
    let name = |c: &str| desk.person(c).map(|p| p.full_name()).unwrap_or_else(|| c.to_owned());
    let mut lines = vec![Line::styled(name(code), Style::new().bold()), Line::raw(T::LastAdultHelp.get(lang))];
    // A delegation is tens of children: the first few by name, then how many more.
    const SHOWN: usize = 8;
    for child in children.iter().take(SHOWN) {
        lines.push(Line::raw(format!("  • {}  {child}", name(child))));
    }
    if children.len() > SHOWN {
        lines.push(Line::raw(format!(
            "  … +{}",
            crate::i18n::count(lang, (children.len() - SHOWN) as u64, &crate::i18n::CHILD)
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(T::LastAdultConfirm.get(lang), Style::new().fg(Color::Yellow)));
    lines.push(Line::from(vec![
        Span::styled(format!("{}: ", T::OrganiserField.get(lang)), Style::new().bold()),
        Span::raw(format!("{}▏", masked(&q.organiser))),
    ]));
    if let Some(problem) = &q.problem {
        lines.push(Line::styled(problem.clone(), Style::new().fg(Color::Red).bold()));
    }
    let height = lines.len() as u16 + 2;
    (T::LastAdultTitle.get(lang).to_owned(), lines, 76, height)
}

/// A badge code or a passphrase as typed: never shown, only how many characters.
fn masked(typed: &str) -> String {
    "•".repeat(typed.chars().count())
}

fn row_style(selected: bool) -> Style {
    if selected { Style::new().add_modifier(Modifier::REVERSED) } else { Style::new() }
}

/// Title, colour and lines of a check-out or roll-call banner.
pub fn banner(app: &App, desk: &Desk, notice: &Notice) -> (String, Color, Vec<Line<'static>>) {
    let lang = app.lang;
    let name = |code: &str| {
        let p = desk.person(code);
        let name = p.map(|p| p.full_name()).unwrap_or_default();
        Line::from(vec![
            Span::styled(name, Style::new().bold()),
            Span::styled(format!("  {code}"), Style::new().fg(Color::DarkGray)),
        ])
    };
    match notice {
        Notice::Out { code, collected_by, overridden } => {
            let mut lines = vec![name(code)];
            if let Some(by) = collected_by {
                lines.push(Line::styled(
                    format!("{} {by}", T::CollectedBy.get(lang)),
                    Style::new().fg(Color::Cyan).bold(),
                ));
            }
            if *overridden {
                lines.push(Line::styled(T::OverrideRecorded.get(lang), Style::new().fg(Color::Yellow)));
            }
            (format!("← {}", T::CheckedOut.get(lang)), Color::Green, lines)
        }
        Notice::Refused { code, named } => {
            let lines = vec![
                name(code),
                Line::styled(format!("«{named}» {}", T::RefusedNotAuthorised.get(lang)), Style::new().bold()),
            ];
            (format!("✗ {}", T::CheckOutRefused.get(lang)), Color::Red, lines)
        }
        Notice::NotIn { code } => (
            format!("! {}", T::NotOnSite.get(lang)),
            Color::Yellow,
            vec![name(code), Line::raw(T::NotOnSiteHelp.get(lang))],
        ),
        Notice::OutUndone { code } => {
            let lines = vec![name(code), Line::raw(T::CheckOutUndoneHelp.get(lang))];
            (format!("↩ {}", T::CheckOutUndone.get(lang)), Color::Cyan, lines)
        }
        Notice::RollCall { html, csv, people } => {
            let lines = vec![
                Line::styled(i18n::count(lang, *people as u64, &i18n::PERSON), Style::new().bold()),
                Line::raw(html.clone()),
                Line::raw(csv.clone()),
            ];
            (format!("✓ {}", T::RollWritten.get(lang)), Color::Green, lines)
        }
    }
}
