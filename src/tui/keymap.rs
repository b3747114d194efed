//! Keys to actions: resolve first, execute later (in `update`).
//!
//! Only key *presses* count: Windows terminals also report releases (crossterm ≥ 0.26), and
//! counting those would type every letter twice. Repeats are kept — holding Backspace should
//! delete. No binding relies on keys common terminals swallow (Ctrl+S), and everything has an
//! F-key or a Ctrl-key alternative.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::app::{App, Overlay, Screen};
use super::{checkout, dashboard, onsite};

const PAGE: isize = 10;

pub fn resolve(key: KeyEvent, app: &App) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    // Quitting works everywhere.
    if ctrl && matches!(key.code, KeyCode::Char('c' | 'q' | 'C' | 'Q')) {
        return Some(Action::Quit);
    }
    if let Screen::Host(host) = &app.screen {
        return super::host::key(key, host);
    }
    match &app.overlay {
        Some(Overlay::SignUp(_)) => super::signup::key(key),
        // Typing through the help goes to the desk's search box; elsewhere it only closes it.
        Some(Overlay::Help) if app.screen != Screen::Desk => help_key(key).filter(|a| *a == Action::ToggleHelp),
        Some(Overlay::Help) => help_key(key),
        Some(Overlay::Details { .. }) => details_key(key, ctrl, alt),
        Some(Overlay::ConfirmUndo { .. }) => confirm_key(key),
        Some(Overlay::Group(_)) => group_key(key),
        Some(Overlay::WalkIn(_)) => walk_in_key(key, ctrl),
        Some(Overlay::CheckOut(_)) => checkout::key(key, ctrl),
        Some(Overlay::UndoCheckOut { .. }) => confirm_key(key).map(checkout::confirming_undo),
        Some(Overlay::LastAdult(_)) => checkout::last_adult_key(key, ctrl),
        None => screen_key(key, ctrl).or_else(|| match app.screen {
            // The host's screen took its keys above.
            Screen::Desk | Screen::Host(_) => desk_key(key, app, ctrl, alt),
            Screen::OnSite => onsite::key(key, ctrl),
            Screen::Dashboard => dashboard::key(key),
        }),
    }
}

/// Keys every screen shares: help, language, and switching screens.
fn screen_key(key: KeyEvent, ctrl: bool) -> Option<Action> {
    match key.code {
        KeyCode::F(1) => Some(Action::ToggleHelp),
        KeyCode::F(2) => Some(Action::NextLanguage),
        KeyCode::F(7) => Some(Action::Show(Screen::OnSite)),
        KeyCode::F(9) => Some(Action::Show(Screen::Dashboard)),
        // Ctrl+E is the host's screen (see desk_key); T for "who is here today".
        KeyCode::Char('t' | 'T') if ctrl => Some(Action::Show(Screen::OnSite)),
        KeyCode::Char('d' | 'D') if ctrl => Some(Action::Show(Screen::Dashboard)),
        _ => None,
    }
}

fn desk_key(key: KeyEvent, app: &App, ctrl: bool, alt: bool) -> Option<Action> {
    Some(match key.code {
        KeyCode::Enter => Action::Submit,
        KeyCode::Esc => Action::Escape,
        KeyCode::Backspace if ctrl || alt => Action::DeleteWord,
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Up => Action::Move(-1),
        KeyCode::Down => Action::Move(1),
        KeyCode::PageUp => Action::Move(-PAGE),
        KeyCode::PageDown => Action::Move(PAGE),
        KeyCode::Home => Action::MoveToEdge { last: false },
        KeyCode::End => Action::MoveToEdge { last: true },
        KeyCode::F(3) => Action::Details,
        KeyCode::F(4) => Action::OpenHost { session: None },
        KeyCode::F(12) => Action::OpenSignUp,
        KeyCode::F(5) => Action::OpenGroup,
        KeyCode::F(6) => Action::OpenWalkIn,
        KeyCode::F(8) => Action::Undo,
        KeyCode::F(10) => Action::CheckOut(checkout::Msg::Begin),
        KeyCode::F(11) => Action::PrintBadge,
        KeyCode::Char(c) if ctrl && !alt => match c.to_ascii_lowercase() {
            'u' => Action::ClearQuery,
            'w' | 'h' => Action::DeleteWord,
            'z' => Action::Undo,
            'o' => Action::Details,
            'g' => Action::OpenGroup,
            'n' => Action::OpenWalkIn,
            'e' => Action::OpenHost { session: None },
            'p' => Action::OpenSignUp,
            'x' => Action::CheckOut(checkout::Msg::Begin),
            // B for badge (inside tmux, whose prefix it is, F11 or Ctrl+B twice).
            'b' => Action::PrintBadge,
            _ => return None,
        },
        KeyCode::Char('?') if app.query.is_empty() => Action::ToggleHelp,
        // Ctrl+Alt arrives for AltGr letters on Windows: they are text.
        KeyCode::Char(c) => Action::Type(c),
        _ => return None,
    })
}

fn help_key(key: KeyEvent) -> Option<Action> {
    match key.code {
        // Typing (or a scanner) while the help is open goes to the search box.
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Some(Action::Type(c)),
        KeyCode::Esc | KeyCode::F(1) | KeyCode::Enter => Some(Action::ToggleHelp),
        _ => None,
    }
}

fn details_key(key: KeyEvent, ctrl: bool, alt: bool) -> Option<Action> {
    match key.code {
        KeyCode::Char('n' | 'N' | 'т' | 'Т') if !ctrl && !alt => Some(Action::ToggleNotes),
        KeyCode::Char(c) if !ctrl => Some(Action::Type(c)),
        KeyCode::Esc | KeyCode::F(3) | KeyCode::Enter => Some(Action::Escape),
        KeyCode::Char('o' | 'O') if ctrl => Some(Action::Escape),
        _ => None,
    }
}

fn group_key(key: KeyEvent) -> Option<Action> {
    match key.code {
        KeyCode::Up => Some(Action::Move(-1)),
        KeyCode::Down => Some(Action::Move(1)),
        KeyCode::PageUp => Some(Action::Move(-PAGE)),
        KeyCode::PageDown => Some(Action::Move(PAGE)),
        KeyCode::Char(' ') | KeyCode::Insert => Some(Action::ToggleTick),
        // A in either layout (Russian ф).
        KeyCode::Char('a' | 'A' | 'ф' | 'Ф') => Some(Action::TickAll),
        KeyCode::Enter => Some(Action::Submit),
        KeyCode::Esc => Some(Action::Escape),
        _ => None,
    }
}

fn walk_in_key(key: KeyEvent, ctrl: bool) -> Option<Action> {
    match key.code {
        KeyCode::Tab | KeyCode::Down => Some(Action::Move(1)),
        KeyCode::BackTab | KeyCode::Up => Some(Action::Move(-1)),
        KeyCode::Left => Some(Action::CycleCategory(-1)),
        KeyCode::Right => Some(Action::CycleCategory(1)),
        KeyCode::Backspace => Some(Action::Backspace),
        KeyCode::Enter => Some(Action::Submit),
        KeyCode::Esc => Some(Action::Escape),
        KeyCode::Char(c) if !ctrl => Some(Action::Type(c)),
        _ => None,
    }
}

/// "Undo?": only Enter says yes. A letter is never an answer — a scanner's next badge would
/// otherwise confirm (or a name typed) — it closes the question as a no and is typed on.
fn confirm_key(key: KeyEvent) -> Option<Action> {
    match key.code {
        KeyCode::Enter => Some(Action::ConfirmUndo),
        KeyCode::Esc => Some(Action::Escape),
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Some(Action::Type(c)),
        _ => None,
    }
}
