//! Windows over the desk: help, a person's details, and the undo confirmation.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::domain::{AttendanceStatus, PhotoConsent};
use crate::i18n::{self, T};
use crate::tui::app::{App, Overlay};
use crate::tui::desk::Desk;
use crate::tui::group::Group;
use crate::tui::walkin::{self, Input, WalkInForm};

use super::fit;
use super::widgets::centred;

pub fn draw(frame: &mut Frame, app: &App, desk: &Desk, area: Rect) {
    let Some(overlay) = &app.overlay else { return };
    let lang = app.lang;
    let (title, lines, width, height) = match overlay {
        Overlay::Help => {
            let desk_keys = [
                T::HelpType,
                T::HelpEnter,
                T::HelpMove,
                T::HelpUndo,
                T::HelpDetails,
                T::HelpGroup,
                T::HelpWalkIn,
                T::HelpHost,
                T::HelpSignUp,
                T::HelpBadge,
                T::HelpCheckOut,
                T::HelpOnSite,
                T::HelpDashboard,
                T::HelpLang,
                T::HelpClear,
                T::HelpQuit,
            ];
            // Each screen lists what it can do: Enter checks out on the on-site screen.
            let on_site_keys = [
                T::HelpOnSiteType,
                T::HelpOnSiteRow,
                T::HelpRollCall,
                T::HelpUndoOut,
                T::HelpDashboard,
                T::HelpLang,
                T::HelpBack,
                T::HelpQuit,
            ];
            let dashboard_keys =
                [T::HelpDashPages, T::HelpDashNames, T::HelpOnSite, T::HelpLang, T::HelpBack, T::HelpQuit];
            let keys: &[T] = match app.screen {
                crate::tui::app::Screen::OnSite => &on_site_keys,
                crate::tui::app::Screen::Dashboard => &dashboard_keys,
                _ => &desk_keys,
            };
            let mut lines: Vec<Line> = keys.iter().map(|t| Line::raw(t.get(lang))).collect();
            lines.push(Line::raw(""));
            lines.push(Line::styled(T::HelpClose.get(lang), Style::new().fg(Color::DarkGray)));
            let height = lines.len() as u16 + 2;
            (T::HelpTitle.get(lang).to_owned(), lines, 70, height)
        }
        Overlay::Details { code, show_notes } => {
            let lines = details(app, desk, code, *show_notes);
            let height = (lines.len() as u16 + 2).clamp(8, area.height);
            (T::DetailsTitle.get(lang).to_owned(), lines, DETAILS_WIDTH, height)
        }
        Overlay::ConfirmUndo { code, since, station, .. } => {
            let name = desk.person(code).map(|p| p.full_name()).unwrap_or_else(|| code.clone());
            let when = since.with_timezone(&desk.station.offset()).format("%H:%M");
            let lines = vec![
                Line::styled(name, Style::new().bold()),
                Line::raw(format!("{} {when} {} {station}", T::AlreadySince.get(lang), T::AtStation.get(lang))),
                Line::raw(""),
                Line::styled(T::UndoConfirm.get(lang), Style::new().fg(Color::Yellow)),
            ];
            (T::UndoTitle.get(lang).to_owned(), lines, 60, 7)
        }
        Overlay::Group(group) => {
            let height = (group.members.len() as u16 + 5).min(area.height.saturating_sub(2)).max(8);
            let visible = usize::from(height.saturating_sub(5));
            (
                format!("{}: {}", T::GroupTitle.get(lang), group.delegation),
                group_lines(app, desk, group, visible),
                76,
                height,
            )
        }
        Overlay::WalkIn(form) => (T::WalkInTitle.get(lang).to_owned(), walk_in_lines(app, form), 72, 16),
        Overlay::SignUp(list) => return super::signup::draw(frame, app, desk, list, area),
        Overlay::CheckOut(dialog) => super::checkout::dialog(app, desk, dialog),
        Overlay::UndoCheckOut { code, .. } => super::checkout::undo_question(app, desk, code),
        Overlay::LastAdult(question) => super::checkout::last_adult_question(app, desk, question),
    };
    // A long line wraps inside the window: count the rows it takes, so the last line (a problem
    // message, the keys, "Esc closes") is never cut off at the bottom.
    let inner_width = usize::from(width.min(area.width).saturating_sub(2)).max(1);
    let wrapped: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner_width)).sum();
    let height = height.max(u16::try_from(wrapped + 2).unwrap_or(u16::MAX));
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(Span::styled(format!(" {title} "), Style::new().add_modifier(Modifier::BOLD)));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
}

/// Width of the details window, and of its label column.
const DETAILS_WIDTH: u16 = 76;
const LABEL_WIDTH: usize = 18;

fn details(app: &App, desk: &Desk, code: &str, show_notes: bool) -> Vec<Line<'static>> {
    let lang = app.lang;
    let Some(p) = desk.person(code) else { return vec![Line::raw(code.to_owned())] };
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&desk.station.offset()).format("%H:%M").to_string();
    let today = match desk.station.state().status(&desk.station.venue_today(), code) {
        AttendanceStatus::NotYet => T::StatusNotYet.get(lang).to_owned(),
        AttendanceStatus::In { since, station, .. } => {
            format!("{} {} ({station})", T::StatusIn.get(lang), local(since))
        }
        AttendanceStatus::Out { at, collected_by } => {
            format!(
                "{} {}{}",
                T::StatusOut.get(lang),
                local(at),
                collected_by.map(|c| format!(" — {c}")).unwrap_or_default()
            )
        }
    };
    let mut fields: Vec<(String, String)> = vec![
        (T::FieldCode.get(lang).to_owned(), p.code.clone()),
        (T::FieldToday.get(lang).to_owned(), today),
        (T::ColCategory.get(lang).to_owned(), T::category(p.category).get(lang).to_owned()),
    ];
    let optional = [
        (T::FieldOtherSpelling, p.alt_spelling.clone()),
        (T::FieldOrganisation, p.organisation.clone()),
        (T::FieldCountry, p.country.clone()),
        (T::FieldRegion, p.region.clone()),
        (T::ColDelegation, p.delegation.clone()),
        (T::FieldBirthYear, p.birth_year.map(|y| y.to_string()).unwrap_or_default()),
        (T::FieldPhone, p.phone.clone()),
        (T::FieldEmail, p.email.clone()),
        (T::FieldSessions, session_titles(desk, &p.sessions, lang)),
    ];
    fields.extend(optional.into_iter().filter(|(_, v)| !v.is_empty()).map(|(t, v)| (t.get(lang).to_owned(), v)));
    fields.extend(p.extra.iter().map(|(k, v)| (k.clone(), v.clone())));
    for adult in &p.responsible_adults {
        fields.push((
            T::FieldResponsible.get(lang).to_owned(),
            format!("{} {} {}", adult.name, adult.phone, T::relation(&adult.relation, lang)),
        ));
    }
    let photos = match p.photo_consent {
        PhotoConsent::Yes => T::PhotosYes,
        PhotoConsent::No => T::PhotosNo,
        PhotoConsent::Unknown => T::PhotosUnknown,
    };
    fields.push((T::FieldPhotos.get(lang).to_owned(), photos.get(lang).to_owned()));
    let notes = match (p.notes.is_empty(), show_notes) {
        (true, _) => T::DetailsNoNotes.get(lang).to_owned(),
        (false, true) => p.notes.clone(),
        (false, false) => T::DetailsNotesHidden.get(lang).to_owned(),
    };
    fields.push((T::FieldNotes.get(lang).to_owned(), notes));

    let value_width = usize::from(DETAILS_WIDTH) - 2 - LABEL_WIDTH;
    let mut lines = vec![Line::styled(fit::fit(&p.full_name(), value_width + LABEL_WIDTH), Style::new().bold())];
    for (label, value) in fields {
        // A long value wraps inside its own column, never back under the labels.
        let label = format!("{:<LABEL_WIDTH$}", fit::fit(&label, LABEL_WIDTH - 1));
        for (i, part) in fit::wrap(&value, value_width).into_iter().enumerate() {
            let label = if i == 0 { label.clone() } else { " ".repeat(LABEL_WIDTH) };
            lines.push(Line::from(vec![Span::styled(label, Style::new().fg(Color::DarkGray)), Span::raw(part)]));
        }
    }
    lines.push(Line::styled(T::DetailsClose.get(lang), Style::new().fg(Color::DarkGray)));
    lines
}

/// The members around the cursor, `visible` at a time, then the keys.
fn group_lines(app: &App, desk: &Desk, group: &Group, visible: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let first_day = desk.station.event_first_day();
    let start = group.cursor.saturating_sub(visible.saturating_sub(1));
    let mut lines: Vec<Line> = group
        .members
        .iter()
        .enumerate()
        .skip(start)
        .take(visible)
        .map(|(i, m)| {
            let p = desk.person(&m.code);
            let tick = if m.already_in {
                "✓"
            } else if m.ticked {
                "☑"
            } else {
                "☐"
            };
            let name = p.map(|p| p.full_name()).unwrap_or_else(|| m.code.clone());
            let category = p.map(|p| T::category(p.category).get(lang)).unwrap_or_default();
            let minor = if p.is_some_and(|p| p.is_minor(first_day)) { T::MarkMinor.get(lang) } else { "" };
            let mut text = format!("{tick} {name} · {category} {minor}");
            if m.already_in {
                text.push_str(&format!(" ({})", T::GroupAlready.get(lang)));
            }
            let mut style = if m.already_in { Style::new().fg(Color::DarkGray) } else { Style::new() };
            if i == group.cursor {
                style = style.add_modifier(Modifier::REVERSED);
            }
            Line::styled(text, style)
        })
        .collect();
    lines.push(Line::raw(""));
    let ticked = group.members.iter().filter(|m| m.ticked).count() as u64;
    lines.push(Line::styled(format!("☑ {}", i18n::count(lang, ticked, &i18n::PARTICIPANT)), Style::new().bold()));
    lines.push(Line::styled(T::GroupKeys.get(lang), Style::new().fg(Color::DarkGray)));
    lines
}

fn walk_in_lines(app: &App, form: &WalkInForm) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut lines: Vec<Line> = walkin::INPUTS
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let label = match input {
                Input::Family => T::FieldFamily,
                Input::Given => T::FieldGiven,
                Input::Patronymic => T::FieldPatronymic,
                Input::Category => T::ColCategory,
                Input::Country => T::FieldCountry,
                Input::Organisation => T::FieldOrganisation,
                Input::Phone => T::FieldPhone,
                Input::AdultName => T::FieldResponsible,
                Input::AdultPhone => T::FieldAdultPhone,
            };
            let focused = i == form.focus;
            let value = match input {
                Input::Category => format!("‹ {} ›", T::category(form.category).get(lang)),
                _ if focused => format!("{}▏", form.value(*input)),
                _ => form.value(*input).to_owned(),
            };
            let label_style =
                if focused { Style::new().bold().fg(Color::Yellow) } else { Style::new().fg(Color::DarkGray) };
            Line::from(vec![Span::styled(format!("{:<20}", label.get(lang)), label_style), Span::raw(value)])
        })
        .collect();
    lines.push(Line::raw(""));
    if let Some(problem) = form.problem {
        lines.push(Line::styled(problem.get(lang), Style::new().fg(Color::Red).bold()));
    }
    lines.push(Line::styled(T::WalkInKeys.get(lang), Style::new().fg(Color::DarkGray)));
    lines
}

/// "11:00 Robotics (Science town 1) · 3 seats left" for each signed-up session the programme knows.
fn session_titles(desk: &Desk, ids: &[String], lang: crate::i18n::Lang) -> String {
    let program = desk.station.program();
    ids.iter()
        .map(|id| match program.and_then(|p| p.session(id)) {
            Some(s) => {
                let seats = match desk.station.summary(id).ok().and_then(|sum| sum.occupancy.free()) {
                    Some(0) => format!(" · {}", T::HostFull.get(lang)),
                    Some(n) => format!(" · {} {}", i18n::count(lang, n as u64, &i18n::SEAT), T::HostLeft.get(lang)),
                    None => String::new(),
                };
                format!("{} {} ({}){seats}", s.start.format("%d.%m %H:%M"), s.title.get(lang.code()), s.room)
            }
            None => id.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
