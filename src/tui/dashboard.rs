//! The organisers' dashboard (F9): the day's numbers as counts and bars, fit for a shared big
//! screen — no names unless `R` reveals the latest arrivals, never any notes. The numbers come
//! from [`crate::domain::report::Report`], the same as `checkin report`.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::action::Action;
use super::app::{App, Effect};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Page {
    /// Totals, arrivals per 10 minutes, running and next sessions, desks.
    #[default]
    Overview,
    /// By category, region and country.
    Who,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dashboard {
    pub page: Page,
    /// The latest arrivals by name: off by default, for a screen the public can see.
    pub show_names: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    NextPage,
    ToggleNames,
}

pub fn key(key: KeyEvent) -> Option<Action> {
    Some(match key.code {
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Right | KeyCode::Left => Action::Dashboard(Msg::NextPage),
        // R in either layout (Russian к).
        KeyCode::Char('r' | 'R' | 'к' | 'К') => Action::Dashboard(Msg::ToggleNames),
        KeyCode::Esc => Action::Escape,
        _ => return None,
    })
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let model = &mut app.dashboard;
    match msg {
        Msg::NextPage => {
            model.page = match model.page {
                Page::Overview => Page::Who,
                Page::Who => Page::Overview,
            }
        }
        Msg::ToggleNames => model.show_names = !model.show_names,
    }
    Vec::new()
}
