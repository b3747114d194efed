//! Drawing the host's screen: the session picker, or one session's roster. Only the data the
//! door needs: names, category, present/not yet, the "minor" and "no photo" marks — no notes.
//!
//! ```text
//! ┌ 14:00–15:30 Robotics master class · Робототехника зертханасы ┐
//! │ present 5 · signed up 13 · capacity 20 · 2 seats left · …    │  counts (4 rows)
//! │ ☎ Call: Омарова Асель (KZ-000101) — a seat is free           │  whom to call
//! └──────────────────────────────────────────────────────────────┘
//! ┌ Find on the list, or scan a badge ───────────────────────────┐
//! │ > query▏                                                     │  search box (3 rows)
//! └──────────────────────────────────────────────────────────────┘
//!  Here    Seat       Code       Name            Category  Marks   roster (the rest)
//! ┏ ✓ PRESENT ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓  banner (4 rows, when news)
//!  Enter: present  F5: sign up  F6: waitlist  …                    keys (1 row)
//!  station robotics-door │ day 1 │ 14:05 │ …                       status bar (1 row)
//! ```

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Clear, Padding, Paragraph, Row, Table, TableState, Wrap};

use crate::domain::seats::Warning;
use crate::domain::{Person, SessionKind};
use crate::i18n::{self, Lang, T};
use crate::station::SessionSummary;
use crate::tui::app::App;
use crate::tui::desk::Desk;
use crate::tui::host::{Host, HostBanner, Picker, Prompt, Roster, RosterRow, SeatOp};

use super::widgets::{centred, occupant_text, seats_text, session_times};
use super::{Input, input_box};

const WIDE: u16 = 110;

/// Draws the host's screen; returns where its rows landed, for mouse clicks.
pub fn draw(frame: &mut Frame, app: &App, host: &Host, desk: &Desk, area: Rect) -> super::Layout {
    let [body, keys, status] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let mut layout = match &host.session {
        None => picker(frame, app, &host.picker, body),
        Some(_) => roster(frame, app, &host.roster, desk, body),
    };
    let hint = if host.session.is_none() { T::HostPickerKeys } else { T::HostRosterKeys };
    frame.render_widget(Paragraph::new(Line::styled(hint.get(app.lang), Style::new().fg(Color::DarkGray))), keys);
    super::status::draw(frame, app, desk, status);
    if let Some(prompt) = host.session.as_ref().and(host.roster.prompt.as_ref()) {
        draw_prompt(frame, app, &host.roster, prompt, desk, area);
        layout = super::Layout::default();
    }
    if host.help {
        draw_help(frame, app.lang, host.session.is_some(), area);
        layout = super::Layout::default();
    }
    layout
}

/// Where a table's rows landed.
fn table_layout(area: Rect, rows: usize, state: &TableState) -> super::Layout {
    super::Layout {
        results: area,
        first_row_y: area.y + 1,
        rows: rows.saturating_sub(state.offset()),
        offset: state.offset(),
        tall_row: None,
    }
}

fn draw_help(frame: &mut Frame, lang: Lang, roster: bool, area: Rect) {
    let keys: &[T] = if roster {
        &[
            T::HostHelpEnter,
            T::HostHelpType,
            T::HostHelpSignUp,
            T::HostHelpWaitlist,
            T::HostHelpCancel,
            T::HostHelpUndo,
            T::HostHelpSessions,
            T::HelpLang,
            T::HostHelpEsc,
        ]
    } else {
        &[T::HostHelpOpen, T::HostHelpFilter, T::HostHelpKind, T::HelpLang, T::HostHelpEsc]
    };
    let mut lines: Vec<Line> = keys.iter().map(|t| Line::raw(t.get(lang))).collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(T::HelpClose.get(lang), Style::new().fg(Color::DarkGray)));
    let rect = centred(area, 72, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .padding(Padding::horizontal(1))
        .title(Span::styled(format!(" {} ", T::HelpTitle.get(lang)), Style::new().bold()));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

// ---- the picker ----

fn picker(frame: &mut Frame, app: &App, p: &Picker, area: Rect) -> super::Layout {
    let lang = app.lang;
    let [head, table] = Layout::vertical([Constraint::Length(3), Constraint::Min(2)]).areas(area);
    let kind = p.kind.map_or(T::KindAll, kind_text).get(lang);
    let input =
        Input { title: T::HostPickerTitle.get(lang), hint: T::HostPickerHint.get(lang), text: &p.filter, cursor: true };
    let kind = Span::styled(format!("   [{}: {kind}]", T::HostKind.get(lang)), Style::new().fg(Color::Cyan));
    input_box(frame, input, vec![kind], head);

    let shown = p.shown();
    if shown.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {}", T::HostNoSessions.get(lang)), Style::new().fg(Color::DarkGray))),
            table,
        );
        return super::Layout::default();
    }
    let wide = area.width >= WIDE;
    let header = Row::new(
        [T::HostColTime, T::HostColKind, T::HostColSession, T::HostColRoom, T::HostColSeats, T::HostColWaiting]
            .map(|t| Cell::from(t.get(lang))),
    )
    .style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    let rows = shown.iter().map(|s| {
        let time = Span::styled(
            format!("{}{}", if s.running { "● " } else { "  " }, session_times(&s.session)),
            if s.running { Style::new().fg(Color::Green).bold() } else { Style::new() },
        );
        Row::new(vec![
            Cell::from(time),
            Cell::from(kind_text(s.session.kind).get(lang)),
            Cell::from(s.session.title.get(lang.code()).to_owned()),
            Cell::from(short_room(&s.session.room).to_owned()),
            Cell::from(seats_text(lang, s)),
            Cell::from(waiting(s)),
        ])
    });
    let widths = [
        Constraint::Length(13),
        Constraint::Length(if wide { 14 } else { 9 }),
        Constraint::Fill(2),
        Constraint::Fill(1),
        Constraint::Length(if wide { 16 } else { 11 }),
        Constraint::Length(5),
    ];
    let t = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = TableState::default().with_selected(Some(p.selected));
    frame.render_stateful_widget(t, table, &mut state);
    table_layout(table, shown.len(), &state)
}

/// "Робототехника зертханасы" from "Оқушылар сарайы, … — Робототехника зертханасы".
fn short_room(room: &str) -> &str {
    room.rsplit(" — ").next().unwrap_or(room)
}

fn waiting(s: &SessionSummary) -> String {
    match s.occupancy.waitlist.len() {
        0 => String::new(),
        n => format!("+{n}"),
    }
}

pub fn kind_text(kind: SessionKind) -> T {
    match kind {
        SessionKind::Plenary => T::KindPlenary,
        SessionKind::Platform => T::KindPlatform,
        SessionKind::Festival => T::KindFestival,
        SessionKind::MasterClass => T::KindMasterClass,
        SessionKind::Other => T::KindOther,
    }
}

// ---- the roster ----

fn roster(frame: &mut Frame, app: &App, r: &Roster, desk: &Desk, area: Rect) -> super::Layout {
    let banner_height = if r.banner.is_some() { 4 } else { 0 };
    // The counts take a second line only when one is too narrow for them.
    let head_lines =
        r.view.summary.as_ref().map_or_else(Vec::new, |s| counts(app, s, desk, area.width.saturating_sub(4)));
    let [head, search, table, banner] = Layout::vertical([
        Constraint::Length(head_lines.len() as u16 + 2),
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(banner_height),
    ])
    .areas(area);
    if let Some(s) = &r.view.summary {
        let title = format!(
            " {} {} · {} ",
            session_times(&s.session),
            s.session.title.get(app.lang.code()),
            short_room(&s.session.room)
        );
        let block = Block::bordered().padding(Padding::horizontal(1)).title(Span::styled(title, Style::new().bold()));
        frame.render_widget(Paragraph::new(head_lines).block(block), head);
        search_box(frame, app, r, search);
    }
    let layout = if r.view.summary.is_some() { rows(frame, app, r, desk, table) } else { super::Layout::default() };
    // Also without a roster: a failure to load it must be said.
    if let Some(b) = &r.banner {
        draw_banner(frame, app, b, desk, banner);
    }
    layout
}

/// present · signed up · capacity, then what changes the seats (no-shows, walk-ins, seats left,
/// waitlist) on the same line if it fits in `width`; then whom to call, or the no-show rule.
fn counts(app: &App, s: &SessionSummary, desk: &Desk, width: u16) -> Vec<Line<'static>> {
    let lang = app.lang;
    let o = &s.occupancy;
    let sep = || Span::styled(" · ", Style::new().fg(Color::DarkGray));
    let list = vec![
        Span::styled(format!("{} {}", T::HostPresent.get(lang), o.present), Style::new().fg(Color::Green).bold()),
        sep(),
        Span::raw(format!("{} {}", T::HostSignedUp.get(lang), o.signed_up)),
        sep(),
        Span::raw(format!(
            "{} {}",
            T::HostCapacity.get(lang),
            s.session.capacity.map_or("∞".to_owned(), |c| c.to_string())
        )),
    ];
    let mut seats = Vec::new();
    if o.released > 0 {
        seats
            .push(Span::styled(format!("{} {}", T::HostNoShows.get(lang), o.released), Style::new().fg(Color::Yellow)));
    }
    if o.walk_ins > 0 {
        seats.push(Span::raw(format!("{} {}", T::HostWalkIns.get(lang), o.walk_ins)));
    }
    seats.push(match o.free() {
        Some(0) => Span::styled(T::HostFull.get(lang), Style::new().fg(Color::White).bg(Color::Red).bold()),
        Some(n) => Span::styled(
            format!("{} {}", i18n::count(lang, n as u64, &i18n::SEAT), T::HostLeft.get(lang)),
            Style::new().bold(),
        ),
        None => Span::raw("∞"),
    });
    if !o.waitlist.is_empty() {
        seats.push(Span::raw(format!("{} {}", T::HostWaitlist.get(lang), o.waitlist.len())));
    }
    let seats: Vec<Span> =
        seats.into_iter().enumerate().flat_map(|(i, span)| (i > 0).then(sep).into_iter().chain([span])).collect();
    let wide = |spans: &[Span]| spans.iter().map(Span::width).sum::<usize>();
    let mut lines = if wide(&list) + 3 + wide(&seats) <= usize::from(width) {
        vec![Line::from(list.into_iter().chain([sep()]).chain(seats).collect::<Vec<_>>())]
    } else {
        vec![Line::from(list), Line::from(seats)]
    };
    lines.push(if o.offers().is_empty() {
        let minutes = crate::domain::seats::no_show_minutes(s.session.kind);
        Line::styled(
            format!("{} {minutes} {}", T::HostNoShowRule.get(lang), T::HostMinutes.get(lang)),
            Style::new().fg(Color::DarkGray),
        )
    } else {
        let who: Vec<String> = o.offers().iter().map(|c| format!("{} ({c})", name(desk, c))).collect();
        Line::styled(
            format!("☎ {}: {} — {}", T::HostCall.get(lang), who.join(", "), T::HostSeatFree.get(lang)),
            Style::new().fg(Color::Black).bg(Color::Yellow).bold(),
        )
    });
    lines
}

fn search_box(frame: &mut Frame, app: &App, r: &Roster, area: Rect) {
    let lang = app.lang;
    let input = Input {
        title: T::HostSearchTitle.get(lang),
        hint: T::HostSearchHint.get(lang),
        text: &r.query,
        cursor: r.prompt.is_none(),
    };
    input_box(frame, input, Vec::new(), area);
}

fn rows(frame: &mut Frame, app: &App, r: &Roster, desk: &Desk, area: Rect) -> super::Layout {
    let lang = app.lang;
    if r.view.rows.is_empty() {
        let text = if r.query.trim().is_empty() { T::HostEmptyRoster } else { T::NoMatches };
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {}", text.get(lang)), Style::new().fg(Color::DarkGray))),
            area,
        );
        return super::Layout::default();
    }
    let wide = area.width >= WIDE;
    let mut header = vec![T::HostColHere, T::HostColSeat, T::ColCode, T::ColName, T::ColCategory];
    let mut widths = vec![
        Constraint::Length(7),
        Constraint::Length(11),
        Constraint::Length(10),
        Constraint::Fill(1),
        Constraint::Length(11),
    ];
    if wide {
        header.push(T::ColDelegation);
        widths.push(Constraint::Length(22));
    }
    widths.push(Constraint::Length(13));
    let mut cells: Vec<Cell> = header.iter().map(|t| Cell::from(t.get(lang))).collect();
    cells.push(Cell::from(""));
    let header = Row::new(cells).style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    let first_day = desk.station.event_first_day();
    let waitlist = r.view.summary.as_ref().map(|s| s.occupancy.waitlist.as_slice()).unwrap_or_default();
    let offset = desk.station.offset();
    let rows = r.view.rows.iter().filter_map(|row| desk.person(&row.code).map(|p| (row, p))).map(|(row, p)| {
        let here = match row.occupant.as_ref().and_then(|o| o.present) {
            Some((since, _)) => Span::styled(
                format!("✓ {}", since.with_timezone(&offset).format("%H:%M")),
                Style::new().fg(Color::Green).bold(),
            ),
            None => Span::styled(T::StatusNotYet.get(lang), Style::new().fg(Color::DarkGray)),
        };
        let mut cells = vec![
            Cell::from(here),
            Cell::from(seat_text(lang, row, waitlist)),
            Cell::from(p.code.clone()),
            Cell::from(p.full_name()),
            Cell::from(T::category(p.category).get(lang)),
        ];
        if wide {
            cells.push(Cell::from(p.delegation.clone()));
        }
        cells.push(Cell::from(Line::from(marks(lang, p, first_day))));
        Row::new(cells)
    });
    let t = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = TableState::default().with_selected(Some(r.selected));
    frame.render_stateful_widget(t, area, &mut state);
    table_layout(area, r.view.rows.len(), &state)
}

fn seat_text(lang: Lang, row: &RosterRow, waitlist: &[String]) -> Span<'static> {
    match &row.occupant {
        Some(o) => occupant_text(lang, o, waitlist),
        None => Span::styled(T::SeatNotListed.get(lang), Style::new().fg(Color::DarkGray)),
    }
}

/// The safeguarding marks: minor, no photos. (Notes never appear on the host's screen.)
fn marks(lang: Lang, p: &Person, first_day: chrono::NaiveDate) -> Vec<Span<'static>> {
    super::results::marks(lang, p, first_day)
}

fn name(desk: &Desk, code: &str) -> String {
    desk.person(code).map_or_else(|| code.to_owned(), Person::full_name)
}

fn draw_banner(frame: &mut Frame, app: &App, banner: &HostBanner, desk: &Desk, area: Rect) {
    let lang = app.lang;
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&desk.station.offset()).format("%H:%M").to_string();
    let first_day = desk.station.event_first_day();
    let who = |code: &str| -> Line<'static> {
        let Some(p) = desk.person(code) else { return Line::raw(code.to_owned()) };
        let mut spans = vec![
            Span::styled(p.full_name(), Style::new().bold()),
            Span::raw(format!(" · {} · ", T::category(p.category).get(lang))),
            Span::styled(p.code.clone(), Style::new().fg(Color::DarkGray)),
            Span::raw("  "),
        ];
        spans.extend(marks(lang, p, first_day));
        Line::from(spans)
    };
    let (title, color, lines) = match banner {
        HostBanner::Present { code, walk_in: false } => {
            (format!("✓ {}", T::HostMarkedPresent.get(lang)), Color::Green, vec![who(code)])
        }
        HostBanner::Present { code, walk_in: true } => {
            (format!("✓ {}", T::HostWalkInDone.get(lang)), Color::Green, vec![who(code)])
        }
        HostBanner::Already { code, since, station } => (
            format!("! {}", T::AlreadyIn.get(lang)),
            Color::Yellow,
            vec![
                who(code),
                Line::raw(format!(
                    "{} {} {} {station}",
                    T::AlreadySince.get(lang),
                    local(*since),
                    T::AtStation.get(lang)
                )),
            ],
        ),
        HostBanner::Unknown { typed } => (
            format!("? {}", T::UnknownCode.get(lang)),
            Color::Red,
            vec![Line::styled(typed.clone(), Style::new().bold())],
        ),
        HostBanner::Refused { code } => (format!("✗ {}", T::HostRefusedFull.get(lang)), Color::Red, vec![who(code)]),
        HostBanner::NotLetIn { code } => (format!("✗ {}", T::HostNotLetIn.get(lang)), Color::Red, vec![who(code)]),
        HostBanner::Waitlisted { code, position } => {
            (format!("{} {position}", T::HostWaitlistNumber.get(lang)), Color::Magenta, vec![who(code)])
        }
        HostBanner::Asked { code, owner, online } => {
            let title = if *online { T::HostAskedOwner } else { T::HostAskedOffline };
            let explained = if *online { T::SeatAskedOwner } else { T::SeatAskedOffline };
            let owner = format!("{} {owner}", T::HostSeatsOwnedBy.get(lang));
            (
                title.get(lang).to_owned(),
                Color::Yellow,
                vec![who(code), Line::raw(explained.get(lang)), Line::raw(owner)],
            )
        }
        HostBanner::SignedUp { code } => (format!("✓ {}", T::SignUpDone.get(lang)), Color::Green, vec![who(code)]),
        HostBanner::Cancelled { code } => (T::CancelDone.get(lang).to_owned(), Color::Cyan, vec![who(code)]),
        HostBanner::Undone { code } => (T::HostMarkUndone.get(lang).to_owned(), Color::Cyan, vec![who(code)]),
        HostBanner::Info(t) => (String::new(), Color::DarkGray, vec![Line::raw(t.get(lang))]),
        HostBanner::Failed(message) => {
            (format!("✗ {}", T::SaveFailed.get(lang)), Color::Red, vec![Line::raw(message.clone())])
        }
    };
    let block = super::banner_frame(&title, color).padding(Padding::horizontal(1));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

// ---- questions ----

/// "No seats left: taken 20/20", in red.
fn full_line(lang: Lang, summary: Option<&SessionSummary>) -> Line<'static> {
    let cap = summary.and_then(|s| s.session.capacity).unwrap_or(0);
    Line::styled(format!("{} {cap}/{cap}", T::HostFullExplained.get(lang)), Style::new().fg(Color::Red).bold())
}

fn draw_prompt(frame: &mut Frame, app: &App, r: &Roster, prompt: &Prompt, desk: &Desk, area: Rect) {
    let lang = app.lang;
    let first_day = desk.station.event_first_day();
    let who = |code: &str| {
        let mut spans = vec![Span::styled(name(desk, code), Style::new().bold()), Span::raw(format!("  {code}  "))];
        if let Some(p) = desk.person(code) {
            spans.extend(marks(lang, p, first_day));
        }
        Line::from(spans)
    };
    let summary = r.view.summary.as_ref();
    let free = summary.and_then(|s| s.occupancy.free());
    let (title, color, mut lines, keys) = match prompt {
        Prompt::Door { code, walk_in, released, warnings } => {
            let mut lines = vec![who(code)];
            let called = summary.is_some_and(|s| s.occupancy.offers().contains(code));
            let left = free.map_or("∞".to_owned(), |n| i18n::count(lang, n as u64, &i18n::SEAT));
            // Another window may take the last seat while this question is open: say so, as
            // Enter will (never "0 seats left" under a question that offers one).
            let taken_line = (free == Some(0)).then(|| full_line(lang, summary));
            if called {
                lines.push(Line::styled(format!("☎ {}", T::HostCalledFromWaitlist.get(lang)), Style::new().bold()));
            } else if let Some(at) = released {
                // Signed up, late: not a walk-in, but the seat has to be a free one.
                let at = at.format("%H:%M");
                lines.push(Line::styled(
                    format!("{} {at} ({})", T::HostReleasedAt.get(lang), T::HostReleasedNoShow.get(lang)),
                    Style::new().bold(),
                ));
                lines.push(taken_line.unwrap_or_else(|| {
                    Line::raw(format!("{}: {left} {}", T::HostReleasedLetIn.get(lang), T::HostLeft.get(lang)))
                }));
            } else if *walk_in {
                match taken_line {
                    Some(taken) => lines.extend([Line::raw(T::HostNotSignedUp.get(lang)), taken]),
                    None => lines.push(Line::raw(format!(
                        "{} ({left} {})",
                        T::HostNotSignedUp.get(lang),
                        T::HostLeft.get(lang)
                    ))),
                }
            }
            lines.extend(warnings.iter().map(|w| warning_line(lang, w, desk)));
            let title = match (called, *walk_in, released.is_some()) {
                (true, _, _) => T::HostCalledTitle,
                (false, _, true) => T::HostReleasedTitle,
                (false, true, false) => T::HostWalkInTitle,
                (false, false, false) => T::HostWarnTitle,
            };
            let keys = match (warnings.is_empty(), called || released.is_some()) {
                (false, _) => T::HostLetInKeys,
                (true, true) => T::HostLetInPlainKeys,
                (true, false) => T::HostWalkInKeys,
            };
            (title, Color::Yellow, lines, keys)
        }
        Prompt::Full { code, waiting } => {
            let lines = vec![
                who(code),
                full_line(lang, summary),
                Line::raw(format!("{}: {waiting}", T::HostWaitlist.get(lang))),
            ];
            (T::HostFull, Color::Red, lines, T::HostFullKeys)
        }
        Prompt::Undo { code, .. } => (T::HostUndoTitle, Color::Cyan, vec![who(code)], T::UndoConfirm),
        Prompt::Cancel { code } => (T::HostCancelTitle, Color::Cyan, vec![who(code)], T::HostCancelKeys),
        Prompt::SignUp { code, op, warnings } => {
            let mut lines = vec![who(code)];
            lines.extend(warnings.iter().map(|w| warning_line(lang, w, desk)));
            (T::HostWarnTitle, Color::Yellow, lines, anyway_keys(*op))
        }
    };
    lines.push(Line::raw(""));
    lines.push(Line::styled(keys.get(lang), Style::new().fg(color).bold()));
    lines.push(Line::styled(T::HostPromptTyping.get(lang), Style::new().fg(Color::DarkGray)));
    // Long warnings wrap: count the rows they take, so the keys at the bottom are never cut off.
    let inner = usize::from(70.min(area.width).saturating_sub(4)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| textwrap::wrap(&l.spans.iter().map(|s| s.content.as_ref()).collect::<String>(), inner).len().max(1))
        .sum();
    let height = (u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2)).min(area.height);
    let rect = centred(area, 70, height);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(Style::new().fg(color))
        .padding(Padding::horizontal(1))
        .title(Span::styled(format!(" {} ", title.get(lang)), Style::new().fg(Color::Black).bg(color).bold()));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
}

/// The keys under a seat change's warnings: sign up, or join the waitlist, anyway.
pub fn anyway_keys(op: SeatOp) -> T {
    match op {
        SeatOp::Waitlist => T::WaitlistAnywayKeys,
        SeatOp::SignUp | SeatOp::Cancel => T::SignUpAnywayKeys,
    }
}

/// A warning in words, for the host.
pub fn warning_line(lang: Lang, w: &Warning, desk: &Desk) -> Line<'static> {
    let text = match w {
        Warning::TooEarly { starts } => format!("{} {}", T::WarnTooEarly.get(lang), starts.format("%H:%M")),
        Warning::Ended { ended } => format!("{} {}", T::WarnEnded.get(lang), ended.format("%d.%m %H:%M")),
        Warning::Age { age, min, max } => {
            let bound = |b: &Option<u8>| b.map(|x| x.to_string()).unwrap_or_default();
            format!("{} {age}: {} {}–{}", T::WarnAge.get(lang), T::WarnAudienceIs.get(lang), bound(min), bound(max))
        }
        Warning::Category { category } => {
            format!("{}: {}", T::WarnCategory.get(lang), T::category(*category).get(lang))
        }
        Warning::Overlap { session } => {
            let other = desk.station.program().and_then(|p| p.session(session));
            let title =
                other.map_or_else(|| session.clone(), |s| format!("{} {}", session_times(s), s.title.get(lang.code())));
            format!("{}: {title}", T::WarnOverlap.get(lang))
        }
        Warning::WaitlistFirst { waiting } => format!("{} ({waiting})", T::WarnWaitlistFirst.get(lang)),
    };
    Line::styled(format!("⚠ {text}"), Style::new().fg(Color::Yellow))
}
