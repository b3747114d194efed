//! At the desk: the highlighted person's sessions from today on, with seats left — sign up,
//! cancel, or join the waitlist of a full one. A window over the desk (`Overlay::SignUp`).

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::domain::seats::{Occupant, Warning};
use crate::i18n::T;
use crate::station::{Consent, SeatOutcome, SessionSummary};

use super::action::Action;
use super::app::{App, Banner, Effect, Overlay};
use super::host::{self, HostEffect, SeatOp, SeatReply, SeatRequest};

/// One session in the window, with this person's place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionLine {
    pub summary: SessionSummary,
    pub occupant: Occupant,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignUpList {
    pub code: String,
    pub lines: Vec<SessionLine>,
    pub cursor: usize,
    /// A question about the session under the cursor, answered with Enter or Esc.
    pub prompt: Option<SignUpPrompt>,
    /// What the last key did.
    pub message: Option<T>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignUpPrompt {
    /// Sign up (or join the waitlist, as `op` says) despite these warnings?
    Warn { session: String, op: SeatOp, warnings: Vec<Warning> },
    /// Full: join the waitlist?
    Full { session: String, waiting: usize },
    /// Give up the seat (or waitlist place)?
    Cancel { session: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum SignUpAction {
    Move(isize),
    /// Enter: sign up for the session under the cursor, or answer the question.
    Submit,
    /// W: join the waitlist.
    Waitlist,
    /// Delete / X: cancel (asks first).
    Cancel,
    Escape,
    Loaded {
        lines: Vec<SessionLine>,
    },
}

impl SignUpList {
    fn session(&self) -> Option<&str> {
        self.lines.get(self.cursor).map(|l| l.summary.session.id.as_str())
    }
}

pub fn key(key: KeyEvent) -> Option<Action> {
    let a = match key.code {
        KeyCode::Up => SignUpAction::Move(-1),
        KeyCode::Down => SignUpAction::Move(1),
        KeyCode::PageUp => SignUpAction::Move(-10),
        KeyCode::PageDown => SignUpAction::Move(10),
        KeyCode::Enter => SignUpAction::Submit,
        // W / X in either layout (Russian ц / ч).
        KeyCode::Char('w' | 'W' | 'ц' | 'Ц') => SignUpAction::Waitlist,
        KeyCode::Delete | KeyCode::Char('x' | 'X' | 'ч' | 'Ч') => SignUpAction::Cancel,
        KeyCode::Esc | KeyCode::F(12) => SignUpAction::Escape,
        // Anything else typed (the next badge from a scanner) closes the window, changes no
        // seat, and goes on into the search box: its Enter must not sign anyone up.
        KeyCode::Char(c) if !key.modifiers.contains(ratatui::crossterm::event::KeyModifiers::CONTROL) => {
            return Some(Action::Type(c));
        }
        _ => return None,
    };
    Some(Action::SignUp(a))
}

/// Opens the window for the highlighted person.
pub fn open(app: &mut App) -> Vec<Effect> {
    let Some(code) = app.selected_code().map(str::to_owned) else {
        app.banner = Some(Banner::Info(T::SignUpNobody));
        return Vec::new();
    };
    app.overlay = Some(Overlay::SignUp(SignUpList {
        code: code.clone(),
        lines: Vec::new(),
        cursor: 0,
        prompt: None,
        message: None,
    }));
    vec![Effect::Host(HostEffect::LoadPersonSessions { code })]
}

pub fn update(app: &mut App, action: SignUpAction) -> Vec<Effect> {
    let Some(Overlay::SignUp(list)) = &mut app.overlay else { return Vec::new() };
    let seat = |list: &SignUpList, session: &str, op, consent| {
        vec![Effect::Host(host::seat(session, &list.code, op, consent))]
    };
    match action {
        SignUpAction::Move(d) => {
            list.prompt = None;
            list.cursor = list.cursor.saturating_add_signed(d).min(list.lines.len().saturating_sub(1));
        }
        SignUpAction::Escape => {
            if list.prompt.take().is_none() {
                app.overlay = None;
            }
        }
        SignUpAction::Submit => match list.prompt.take() {
            Some(SignUpPrompt::Warn { session, op, .. }) => return seat(list, &session, op, Consent::all(None)),
            Some(SignUpPrompt::Full { session, .. }) => {
                return seat(list, &session, SeatOp::Waitlist, Consent::default());
            }
            Some(SignUpPrompt::Cancel { session }) => return seat(list, &session, SeatOp::Cancel, Consent::default()),
            None => {
                if let Some(session) = list.session().map(str::to_owned) {
                    return seat(list, &session, SeatOp::SignUp, Consent::default());
                }
            }
        },
        SignUpAction::Waitlist => {
            if let Some(session) = list.session().map(str::to_owned) {
                list.prompt = None;
                return seat(list, &session, SeatOp::Waitlist, Consent::default());
            }
        }
        SignUpAction::Cancel => {
            if let Some(line) = list.lines.get(list.cursor) {
                if line.occupant.signed_up() || line.occupant.waiting() {
                    list.prompt = Some(SignUpPrompt::Cancel { session: line.summary.session.id.clone() });
                } else {
                    list.message = Some(T::HostNothingToCancel);
                }
            }
        }
        SignUpAction::Loaded { lines } => {
            list.lines = lines;
            list.cursor = list.cursor.min(list.lines.len().saturating_sub(1));
        }
    }
    Vec::new()
}

/// A seat change asked from this window came back.
pub fn seat_done(app: &mut App, request: SeatRequest, outcome: Result<SeatOutcome, String>) -> Vec<Effect> {
    let Some(Overlay::SignUp(list)) = &mut app.overlay else { return Vec::new() };
    let session = request.session.clone();
    list.message = match host::seat_reply(outcome) {
        SeatReply::SignedUp => Some(T::SignUpDone),
        SeatReply::Asked { online: true, .. } => Some(T::SeatAskedOwner),
        SeatReply::Asked { online: false, .. } => Some(T::SeatAskedOffline),
        SeatReply::Waitlisted { .. } => Some(T::WaitlistDone),
        SeatReply::Cancelled => Some(T::CancelDone),
        SeatReply::OfferWaitlist { waiting } => {
            list.prompt = Some(SignUpPrompt::Full { session, waiting });
            None
        }
        SeatReply::AskOverride(warnings) => {
            list.prompt = Some(SignUpPrompt::Warn { session, op: request.op, warnings });
            None
        }
        SeatReply::Info(t) => Some(t),
        SeatReply::Failed(message) => {
            app.banner = Some(Banner::Failed { message });
            None
        }
    };
    vec![Effect::Host(HostEffect::LoadPersonSessions { code: request.code })]
}
