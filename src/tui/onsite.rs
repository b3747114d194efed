//! The on-site screen (F7): everyone checked in and not checked out, grouped by delegation with
//! the chaperones and their phones, filtered as you type; check-out and the printable roll-call
//! from here.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::action::Action;
use super::app::{App, Banner, Effect, Screen};
use super::checkout;
use super::organisers::Job;

const PAGE: isize = 10;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OnSite {
    /// Typed filter (name, code or delegation), or a scanned badge.
    pub filter: String,
    /// Codes on site that match, in roll-call order (by delegation, chaperones first).
    pub rows: Vec<String>,
    pub selected: usize,
    /// The last check-out made at this station, which Ctrl+Z may undo.
    pub last_out: Option<(String, uuid::Uuid)>,
}

impl OnSite {
    pub fn selected_code(&self) -> Option<&str> {
        self.rows.get(self.selected).map(String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Type(char),
    Backspace,
    Move(isize),
    /// Clear the filter, else go back to the desk.
    Escape,
    /// Write the roll-call page and sheet next to the data folder.
    WriteRollCall,
    /// Load the rows again: another window on the folder checked someone in or out.
    Refresh,
    /// The rows on site matching `filter`.
    Rows {
        filter: String,
        rows: Vec<String>,
    },
    /// The roll-call files were written.
    RollCallWritten {
        html: String,
        csv: String,
        people: usize,
    },
}

/// Keys of the on-site screen (no window open).
pub fn key(key: KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match key.code {
        KeyCode::Enter => Action::CheckOut(checkout::Msg::BeginTyped),
        KeyCode::F(10) => Action::CheckOut(checkout::Msg::Begin),
        KeyCode::Char('x' | 'X' | 'ч' | 'Ч') if ctrl => Action::CheckOut(checkout::Msg::Begin),
        KeyCode::Char('p' | 'P' | 'з' | 'З') if ctrl => Action::OnSite(Msg::WriteRollCall),
        KeyCode::Char('z' | 'Z' | 'я' | 'Я') if ctrl => Action::CheckOut(checkout::Msg::AskUndo),
        KeyCode::F(8) => Action::CheckOut(checkout::Msg::AskUndo),
        KeyCode::Esc => Action::OnSite(Msg::Escape),
        KeyCode::Backspace => Action::OnSite(Msg::Backspace),
        KeyCode::Up => Action::OnSite(Msg::Move(-1)),
        KeyCode::Down => Action::OnSite(Msg::Move(1)),
        KeyCode::PageUp => Action::OnSite(Msg::Move(-PAGE)),
        KeyCode::PageDown => Action::OnSite(Msg::Move(PAGE)),
        KeyCode::Char(c) if !ctrl => Action::OnSite(Msg::Type(c)),
        _ => return None,
    })
}

/// Asks for the rows matching the current filter.
pub fn refresh(app: &App) -> Effect {
    Effect::Organisers(Job::OnSiteRows { filter: app.onsite.filter.clone() })
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let model = &mut app.onsite;
    match msg {
        Msg::Type(c) if !c.is_control() => {
            model.filter.push(c);
            vec![refresh(app)]
        }
        Msg::Type(_) => Vec::new(),
        Msg::Backspace => {
            if model.filter.pop().is_some() {
                vec![refresh(app)]
            } else {
                Vec::new()
            }
        }
        Msg::Move(delta) => {
            let last = model.rows.len().saturating_sub(1);
            model.selected = model.selected.saturating_add_signed(delta).min(last);
            Vec::new()
        }
        Msg::Escape if !model.filter.is_empty() => {
            model.filter.clear();
            app.banner = None;
            vec![refresh(app)]
        }
        Msg::Escape => {
            app.screen = Screen::Desk;
            Vec::new()
        }
        Msg::WriteRollCall => vec![Effect::Organisers(Job::WriteRollCall { lang: app.lang })],
        Msg::Refresh => vec![refresh(app)],
        Msg::RollCallWritten { html, csv, people } => {
            app.banner = Some(Banner::Safeguarding(checkout::Notice::RollCall { html, csv, people }));
            Vec::new()
        }
        Msg::Rows { filter, rows } => {
            // A slow answer to an older filter must not replace a newer one.
            if filter == model.filter {
                model.selected = model.selected.min(rows.len().saturating_sub(1));
                model.rows = rows;
            }
            Vec::new()
        }
    }
}
