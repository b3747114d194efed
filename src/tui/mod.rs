//! The terminal UI. Data flows one way: a key → [`action::Action`] (keymap) → [`app::update`]
//! changes the model and returns effects → [`desk::Desk`] performs them through the station →
//! their outcomes go back through `update` → [`view`] draws from `&App` and `&Desk`.

pub mod action;
pub mod app;
pub mod checkout;
pub mod dashboard;
pub mod desk;
pub mod group;
mod highlight;
pub mod host;
mod host_effects;
pub mod keymap;
pub mod onsite;
pub mod organisers;
pub mod signup;
pub mod terminal;
pub mod view;
pub mod walkin;

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, MouseButton, MouseEventKind};

use crate::i18n::Lang;
use crate::station::Station;

use action::Action;
use app::App;
use desk::Desk;

/// How often the screen redraws without input, for the clock and other desks' check-ins.
const TICK: Duration = Duration::from_millis(500);

/// Opens the desk on `station` and runs it until the volunteer quits or the process is told to stop.
/// `session`: open that session's roster on the host's screen instead of the desk.
pub fn run(mut station: Station, lang: Lang, session: Option<&str>) -> anyhow::Result<()> {
    let mut sharing = crate::sharing::Sharing::start(&mut station);
    let mut desk = Desk::new(station)?;
    let mut app = App::new(lang);
    if let Some(id) = session {
        desk.dispatch(&mut app, Action::OpenHost { session: Some(id.to_owned()) });
    }
    let mut guard = terminal::TerminalGuard::new()?;
    let (mut last_tick, mut dirty) = (Instant::now(), true);
    let mut layout = view::Layout::default();
    while !app.quit && !guard.terminated() {
        if dirty {
            guard.terminal.draw(|frame| layout = view::draw(frame, &app, &desk))?;
            dirty = false;
        }
        let input = event::poll(sharing.wait_at_most(TICK.saturating_sub(last_tick.elapsed())))?;
        let tick = last_tick.elapsed() >= TICK;
        if tick {
            last_tick = Instant::now();
            dirty = true;
        }
        let others_changed = sharing.step(&mut desk.station, tick);
        if others_changed {
            desk.absorb_walk_ins();
        }
        let guests = sharing.guests();
        if guests != app.guests {
            app.guests = guests;
            dirty = true;
        }
        if (tick || others_changed) && matches!(app.screen, app::Screen::Host(_)) {
            // Seats free as no-shows pass their time and as other windows mark people: keep
            // the counts and the "call" line true.
            desk.dispatch(&mut app, Action::Host(host::HostAction::Refresh));
        }
        if others_changed && matches!(app.screen, app::Screen::OnSite) {
            desk.dispatch(&mut app, Action::OnSite(onsite::Msg::Refresh));
        }
        dirty |= others_changed;
        if !input {
            continue;
        }
        dirty = true;
        // Every queued event is handled before the next draw, so nothing typed during a resize
        // (or a scanner's burst) is lost; a resize itself just leads to the redraw above.
        loop {
            let action = match event::read()? {
                Event::Key(key) => keymap::resolve(key, &app),
                Event::Mouse(m) if m.kind == MouseEventKind::Down(MouseButton::Left) => {
                    layout.row_at(m.column, m.row).map(Action::Click)
                }
                Event::Paste(text) => {
                    for c in text.chars().filter(|c| !c.is_control()) {
                        desk.dispatch(&mut app, Action::Type(c));
                    }
                    None
                }
                _ => None,
            };
            if let Some(action) = action {
                desk.dispatch(&mut app, action);
            }
            if app.quit || guard.terminated() || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    Ok(())
}
