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

use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, MouseButton, MouseEventKind};

use crate::i18n::Lang;
use crate::station::Sharing;
use crate::station::Station;

use action::Action;
use app::App;
use desk::Desk;

/// How often the screen redraws without input, for the clock and other desks' check-ins.
const TICK: Duration = Duration::from_millis(500);

/// What wakes the event loop: the terminal, or another window's request waiting to be answered.
enum Inbox {
    Terminal(Event),
    Others,
    /// The terminal cannot be read any more.
    Closed(std::io::Error),
}

/// Opens the desk on `station` and runs it until the volunteer quits or the process is told to stop.
/// `session`: open that session's roster on the host's screen instead of the desk; `badges`: how
/// the badge key prints.
pub fn run(
    mut station: Station,
    lang: Lang,
    session: Option<&str>,
    badges: crate::station::BadgePrinting,
) -> anyhow::Result<()> {
    let (post, inbox) = mpsc::channel();
    let wake = post.clone();
    let mut sharing = Sharing::start(&mut station, Some(Arc::new(move || drop(wake.send(Inbox::Others)))));
    let mut desk = Desk::new(station)?;
    desk.badges = badges;
    let mut app = App::new(lang);
    if let Some(id) = session {
        desk.dispatch(&mut app, Action::OpenHost { session: Some(id.to_owned()) });
    }
    let mut guard = terminal::TerminalGuard::new()?;
    read_terminal(post);
    let (mut last_tick, mut dirty) = (Instant::now(), true);
    let mut layout = view::Layout::default();
    while !app.quit && !guard.terminated() {
        if dirty {
            guard.terminal.draw(|frame| layout = view::draw(frame, &app, &desk))?;
            dirty = false;
        }
        // Everything queued is handled before the next draw, so nothing typed during a resize
        // (or a scanner's burst) is lost; a resize itself just leads to the redraw above.
        let mut events = Vec::new();
        let mut others = false;
        let first = match inbox.recv_timeout(TICK.saturating_sub(last_tick.elapsed())) {
            Ok(first) => Some(first),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => anyhow::bail!("the terminal can no longer be read"),
        };
        for item in first.into_iter().chain(std::iter::from_fn(|| inbox.try_recv().ok())) {
            match item {
                Inbox::Terminal(event) => events.push(event),
                Inbox::Others => others = true,
                Inbox::Closed(e) => return Err(e.into()),
            }
        }
        let tick = last_tick.elapsed() >= TICK;
        if tick {
            last_tick = Instant::now();
            dirty = true;
        }
        if others || tick {
            dirty |= keep_in_step(&mut sharing, &mut desk, &mut app, tick);
        }
        for event in events {
            dirty = true;
            let action = match event {
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
            if app.quit || guard.terminated() {
                break;
            }
        }
        // A write may have taken the folder over from an owner that went away: share it at
        // once, so windows and commands started now can join.
        sharing.share_if_owner(&mut desk.station);
    }
    Ok(())
}

/// The terminal's events, read on their own thread so that the loop can also be woken by
/// other windows. It ends with the process (or when the terminal cannot be read).
fn read_terminal(post: mpsc::Sender<Inbox>) {
    std::thread::spawn(move || {
        loop {
            let item = match event::read() {
                Ok(event) => Inbox::Terminal(event),
                Err(e) => Inbox::Closed(e),
            };
            let closed = matches!(item, Inbox::Closed(_));
            if post.send(item).is_err() || closed {
                break;
            }
        }
    });
}

/// Answers other windows on the folder or takes in what they wrote, and refreshes what this
/// window shows of it. True when the screen should be drawn again.
fn keep_in_step(sharing: &mut Sharing, desk: &mut Desk, app: &mut App, tick: bool) -> bool {
    let changed = sharing.step(&mut desk.station, tick);
    if changed {
        if let Err(e) = desk.catch_up_with_people() {
            tracing::error!("cannot read the registrants another station published: {e}");
        }
        desk.absorb_walk_ins();
        desk.dispatch(app, Action::OthersWrote);
    }
    let guests = sharing.guests();
    let guests_changed = guests != app.guests;
    app.guests = guests;
    let mut network_changed = false;
    if tick {
        // Real time, not the station's (a demo runs on the event's day): how old is what we hear?
        let network = sharing.sync_status(&desk.station).map(|s| s.reach(chrono::Utc::now()));
        network_changed = network != app.network;
        app.network = network;
    }
    if (tick || changed) && matches!(app.screen, app::Screen::Host(_)) {
        // Seats free as no-shows pass their time and as other windows mark people: keep the
        // counts and the "call" line true.
        desk.dispatch(app, Action::Host(host::HostAction::Refresh));
    }
    if changed && matches!(app.screen, app::Screen::OnSite) {
        desk.dispatch(app, Action::OnSite(onsite::Msg::Refresh));
    }
    changed || guests_changed || network_changed
}
