//! The host's screen at a session's door: pick a session, then its roster — mark people present
//! by typing or scanning, let walk-ins take free seats, refuse when full and offer the waitlist,
//! undo a mark, and see whom to call when a seat frees.
//!
//! Model and `update` only: [`super::host_effects`] carries out the [`HostEffect`]s through the
//! station, [`super::view::host`] draws.

use uuid::Uuid;

use crate::domain::SessionKind;
use crate::domain::seats::{Occupant, Warning};
use crate::i18n::T;
use crate::station::{Consent, DoorOutcome, SeatOutcome, SessionSummary};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::app::{App, Effect, Screen};

const PAGE: isize = 10;

/// The kinds the picker's filter steps through (Tab), after "all".
pub const KINDS: [SessionKind; 5] =
    [SessionKind::MasterClass, SessionKind::Festival, SessionKind::Platform, SessionKind::Plenary, SessionKind::Other];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Host {
    /// The session whose roster is open; `None` = the picker.
    pub session: Option<String>,
    pub picker: Picker,
    pub roster: Roster,
    /// The list of keys (F1) is open.
    pub help: bool,
}

/// Today's sessions, running now first; a text filter over title and room, and a kind filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Picker {
    pub sessions: Vec<SessionSummary>,
    pub filter: String,
    pub kind: Option<SessionKind>,
    pub selected: usize,
}

impl Picker {
    /// The sessions the filters let through, in display order.
    pub fn shown(&self) -> Vec<&SessionSummary> {
        let words: Vec<String> = crate::text::fold::fold(&self.filter).split_whitespace().map(str::to_owned).collect();
        self.sessions
            .iter()
            .filter(|s| self.kind.is_none_or(|k| s.session.kind == k))
            .filter(|s| {
                let s = &s.session;
                let text = crate::text::fold::fold(&format!(
                    "{} {} {} {} {}",
                    s.id, s.room, s.title.kk, s.title.ru, s.title.en
                ));
                words.iter().all(|w| text.contains(w.as_str()))
            })
            .collect()
    }

    fn selected_id(&self) -> Option<String> {
        self.shown().get(self.selected).map(|s| s.session.id.clone())
    }
}

/// One line of the roster: someone on the session's list, or (searching) a registrant who is not.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    pub code: String,
    pub occupant: Option<Occupant>,
}

/// What the roster shows, as loaded from the station.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RosterView {
    pub summary: Option<SessionSummary>,
    pub rows: Vec<RosterRow>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Roster {
    pub view: RosterView,
    pub query: String,
    pub selected: usize,
    pub prompt: Option<Prompt>,
    pub banner: Option<HostBanner>,
    pub busy: bool,
}

impl Roster {
    pub fn selected_code(&self) -> Option<&str> {
        self.view.rows.get(self.selected).map(|r| r.code.as_str())
    }

    fn selected_row(&self) -> Option<&RosterRow> {
        self.view.rows.get(self.selected)
    }
}

/// A question on top of the roster, answered with Enter (yes) or Esc (no). Typing answers no
/// and starts the next search: a scanner's next badge must never confirm the previous person.
#[derive(Debug, Clone, PartialEq)]
pub enum Prompt {
    /// Not signed up (or, `released`, signed up but the seat released at that local time as a
    /// no-show) and/or outside a rule: let in anyway?
    Door { code: String, walk_in: bool, released: Option<chrono::NaiveDateTime>, warnings: Vec<Warning> },
    /// No seat: add to the waitlist?
    Full { code: String, waiting: usize },
    /// Undo this door mark?
    Undo { code: String, fact: Uuid },
    /// Give up this seat (or waitlist place)?
    Cancel { code: String },
    /// Sign up (or join the waitlist, as `op` says) despite these warnings?
    SignUp { code: String, op: SeatOp, warnings: Vec<Warning> },
}

/// What just happened at the door.
#[derive(Debug, Clone, PartialEq)]
pub enum HostBanner {
    /// Marked present; `walk_in`: without a sign-up, on a free seat.
    Present {
        code: String,
        walk_in: bool,
    },
    /// Was marked present here before.
    Already {
        code: String,
        since: chrono::DateTime<chrono::Utc>,
        station: String,
    },
    /// No registrant has this code.
    Unknown {
        typed: String,
    },
    /// Refused: full (the person was not added to the waitlist).
    Refused {
        code: String,
    },
    /// The question about letting them in was answered no (Esc, or the next scan): nothing
    /// was recorded for them.
    NotLetIn {
        code: String,
    },
    /// Another station owns the seats: it was asked, and the person waits until it decides
    /// (`online`: it is connected; otherwise "asked offline", decided when it is back).
    Asked {
        code: String,
        owner: String,
        online: bool,
    },
    /// Put on the waitlist at `position`.
    Waitlisted {
        code: String,
        position: usize,
    },
    SignedUp {
        code: String,
    },
    /// Gave up the seat or the waitlist place.
    Cancelled {
        code: String,
    },
    /// The door mark was annulled.
    Undone {
        code: String,
    },
    /// A one-line note: nothing changed, and why.
    Info(T),
    /// Nothing was recorded.
    Failed(String),
}

/// A change to someone's seat, asked for by the host's screen or the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatOp {
    /// Take a seat.
    SignUp,
    /// Join the waitlist of a full session.
    Waitlist,
    /// Give up the seat or the waitlist place.
    Cancel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatRequest {
    pub session: String,
    pub code: String,
    pub op: SeatOp,
    pub consent: Consent,
}

/// What the host's screen asks the event loop to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostEffect {
    /// Today's sessions, for the picker.
    LoadSessions,
    /// `keep`: a periodic refresh, the highlight stays on the same person.
    LoadRoster { session: String, query: String, keep: bool },
    /// A person's sessions, for the desk's sign-up window.
    LoadPersonSessions { code: String },
    /// Let in `typed` if it is a complete code (a scan, any case or layout), else `highlighted`.
    Door { session: String, typed: String, highlighted: Option<String>, consent: Consent },
    /// Undo `code`'s door mark `fact` with an annul fact.
    Annul { code: String, fact: Uuid },
    /// Sign up, waitlist or cancel: from the roster or the desk; the outcome comes back as
    /// [`Action::SeatDone`].
    Seat(SeatRequest),
}

/// Keys on the host's screen, resolved; and the outcomes of its effects.
#[derive(Debug, Clone, PartialEq)]
pub enum HostAction {
    /// A printable character for the filter (picker) or the search box (roster).
    Type(char),
    /// Delete the last character typed.
    Backspace,
    /// Enter: open the session / mark present / answer the prompt.
    Submit,
    /// Close the question, else clear the box, else back to the desk.
    Escape,
    /// Move the highlight by this many rows (negative = up).
    Move(isize),
    /// Highlight the first or the last row.
    MoveToEdge { last: bool },
    /// The mouse clicked on row `n` of the table.
    Click(usize),
    /// Tab: the next kind in the picker's filter.
    NextKind,
    /// F4 on the roster: back to the session picker.
    Picker,
    /// F5 / Ctrl+P: sign the highlighted person up.
    SignUp,
    /// F6 / Ctrl+L: put the highlighted person on the waitlist.
    Waitlist,
    /// Delete / Ctrl+X: cancel the highlighted person's seat or waitlist place (asks first).
    Cancel,
    /// F8 / Ctrl+Z: undo the highlighted person's door mark (asks first).
    Undo,
    /// The clock ticked: reload, as seats free when no-shows pass their time.
    Refresh,
    /// F1: open or close the list of keys.
    Help,

    // ---- outcomes ----
    /// Today's sessions with their seats, for the picker.
    Sessions(Vec<SessionSummary>),
    /// The roster for `query`; `keep`: a refresh, the highlight stays on the same person.
    Roster { query: String, view: RosterView, keep: bool },
    /// Letting someone in at the door finished (or needs the host's answer).
    DoorDone { typed: String, outcome: DoorOutcome },
    /// The undo of `code`'s mark was recorded (`ok`), or refused because the seat is gone.
    Undone { code: String, ok: bool },
    /// An effect failed: nothing was recorded.
    Failed(String),
}

impl HostBanner {
    /// Says the previous person was not let in: kept on screen under the next person's
    /// question, so that a scan that answered no is never mistaken for a yes.
    pub fn turned_away(&self) -> bool {
        matches!(self, HostBanner::NotLetIn { .. } | HostBanner::Refused { .. })
    }
}

impl Host {
    pub fn picker() -> Host {
        Host::default()
    }

    pub fn at(session: String) -> Host {
        Host { session: Some(session), ..Host::default() }
    }

    /// The effect that fills this screen with data.
    pub fn load(&self) -> HostEffect {
        match &self.session {
            None => HostEffect::LoadSessions,
            Some(id) => HostEffect::LoadRoster { session: id.clone(), query: self.roster.query.clone(), keep: false },
        }
    }
}

/// Keys on the host's screen. Ctrl+C / Ctrl+Q (quit) are handled before.
///
/// Every F-key has a Ctrl alternative, for browser terminals that keep F5/F6 (reload, address
/// bar) to themselves: Ctrl+P signs up (as it opens the sign-up window at the desk), Ctrl+L puts
/// on the waitList, Ctrl+X cancels (X in the sign-up window). None is a key the desk uses for
/// another screen (Ctrl+D is the dashboard there, so not "cancel" here), nor one a browser never
/// lets a page have (Ctrl+W, Ctrl+T, Ctrl+N).
pub fn key(key: KeyEvent, host: &Host) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if host.help {
        // Any key closes the list of keys; typing (or a scan) goes on to the box.
        return match key.code {
            KeyCode::Char(c) if !ctrl => Some(Action::Host(HostAction::Type(c))),
            _ => Some(Action::Host(HostAction::Help)),
        };
    }
    if host.roster.prompt.is_some() && host.session.is_some() {
        return prompt_key(key).map(Action::Host);
    }
    let a = match key.code {
        KeyCode::F(1) => HostAction::Help,
        KeyCode::F(2) => return Some(Action::NextLanguage),
        KeyCode::Enter => HostAction::Submit,
        KeyCode::Esc => HostAction::Escape,
        KeyCode::Backspace => HostAction::Backspace,
        KeyCode::Up => HostAction::Move(-1),
        KeyCode::Down => HostAction::Move(1),
        KeyCode::PageUp => HostAction::Move(-PAGE),
        KeyCode::PageDown => HostAction::Move(PAGE),
        KeyCode::Home => HostAction::MoveToEdge { last: false },
        KeyCode::End => HostAction::MoveToEdge { last: true },
        KeyCode::Tab if host.session.is_none() => HostAction::NextKind,
        KeyCode::F(4) if host.session.is_some() => HostAction::Picker,
        KeyCode::F(5) => HostAction::SignUp,
        KeyCode::F(6) => HostAction::Waitlist,
        KeyCode::F(8) => HostAction::Undo,
        KeyCode::Delete => HostAction::Cancel,
        KeyCode::Char(c) if ctrl => match c.to_ascii_lowercase() {
            'z' => HostAction::Undo,
            'p' => HostAction::SignUp,
            'l' => HostAction::Waitlist,
            'x' => HostAction::Cancel,
            'e' if host.session.is_some() => HostAction::Picker,
            'u' => HostAction::Escape,
            _ => return None,
        },
        KeyCode::Char(c) => HostAction::Type(c),
        _ => return None,
    };
    Some(Action::Host(a))
}

/// Keys while a question is open. Only Enter says yes: letters are a scanner typing the next
/// badge or the host typing a name, so they answer no and go to the search box.
fn prompt_key(key: KeyEvent) -> Option<HostAction> {
    match key.code {
        KeyCode::Enter => Some(HostAction::Submit),
        KeyCode::Esc => Some(HostAction::Escape),
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Some(HostAction::Type(c)),
        _ => None,
    }
}

/// Closes the question unanswered (Esc or typing): nothing is recorded, and the banner says so.
fn decline(r: &mut Roster) {
    match r.prompt.take() {
        Some(Prompt::Door { code, .. }) => r.banner = Some(HostBanner::NotLetIn { code }),
        Some(Prompt::Full { code, .. }) => r.banner = Some(HostBanner::Refused { code }),
        Some(Prompt::Undo { .. } | Prompt::Cancel { .. } | Prompt::SignUp { .. }) | None => {}
    }
}

/// `update` for the host's screen; `app.screen` is `Screen::Host`.
pub fn update(app: &mut App, action: HostAction) -> Vec<Effect> {
    let Screen::Host(host) = &mut app.screen else { return Vec::new() };
    match action {
        HostAction::Help => {
            host.help = !host.help;
            return Vec::new();
        }
        HostAction::Type(_) => host.help = false,
        _ => {}
    }
    let effects = match &host.session {
        None => picker_update(host, action),
        Some(_) => roster_update(host, action),
    };
    if let Some(Back::Desk) = effects.1 {
        app.screen = Screen::Desk;
    }
    effects.0.into_iter().map(Effect::Host).collect()
}

enum Back {
    Desk,
}

type Outcome = (Vec<HostEffect>, Option<Back>);

fn picker_update(host: &mut Host, action: HostAction) -> Outcome {
    let p = &mut host.picker;
    match action {
        HostAction::Type(c) if !c.is_control() => {
            p.filter.push(c);
            p.selected = 0;
        }
        HostAction::Backspace => {
            p.filter.pop();
            p.selected = 0;
        }
        HostAction::NextKind => {
            let at = p.kind.and_then(|k| KINDS.iter().position(|x| *x == k));
            p.kind = match at {
                None => Some(KINDS[0]),
                Some(i) if i + 1 < KINDS.len() => Some(KINDS[i + 1]),
                Some(_) => None,
            };
            p.selected = 0;
        }
        HostAction::Move(d) => p.selected = p.selected.saturating_add_signed(d).min(p.shown().len().saturating_sub(1)),
        HostAction::MoveToEdge { last } => p.selected = if last { p.shown().len().saturating_sub(1) } else { 0 },
        HostAction::Click(row) if row < p.shown().len() => p.selected = row,
        HostAction::Escape if !p.filter.is_empty() || p.kind.is_some() => {
            p.filter.clear();
            p.kind = None;
        }
        HostAction::Escape => return (Vec::new(), Some(Back::Desk)),
        HostAction::Submit => {
            if let Some(id) = p.selected_id() {
                host.session = Some(id);
                host.roster = Roster::default();
                return (vec![host.load()], None);
            }
        }
        HostAction::Refresh => return (vec![HostEffect::LoadSessions], None),
        HostAction::Sessions(list) => {
            p.sessions = list;
            p.selected = p.selected.min(p.shown().len().saturating_sub(1));
        }
        _ => {}
    }
    (Vec::new(), None)
}

fn roster_update(host: &mut Host, action: HostAction) -> Outcome {
    let Some(session) = host.session.clone() else { return (Vec::new(), None) };
    let r = &mut host.roster;
    let reload =
        |r: &Roster| vec![HostEffect::LoadRoster { session: session.clone(), query: r.query.clone(), keep: false }];
    match action {
        HostAction::Type(c) if !c.is_control() => {
            // A question still open: whoever it was about is not let in; this is the next search.
            decline(r);
            r.query.push(c);
            return (reload(r), None);
        }
        HostAction::Backspace => {
            if r.query.pop().is_some() {
                return (reload(r), None);
            }
        }
        HostAction::Move(d) => {
            r.selected = r.selected.saturating_add_signed(d).min(r.view.rows.len().saturating_sub(1))
        }
        HostAction::MoveToEdge { last } => r.selected = if last { r.view.rows.len().saturating_sub(1) } else { 0 },
        HostAction::Click(row) if row < r.view.rows.len() => r.selected = row,
        HostAction::Escape => {
            if r.prompt.is_some() {
                decline(r);
                return (Vec::new(), None);
            }
            r.banner = None;
            if r.query.is_empty() {
                return (Vec::new(), Some(Back::Desk));
            }
            r.query.clear();
            return (reload(r), None);
        }
        HostAction::Picker => {
            host.session = None;
            return (vec![HostEffect::LoadSessions], None);
        }
        HostAction::Submit => return (submit(r, &session), None),
        HostAction::SignUp | HostAction::Waitlist => {
            let op = if action == HostAction::SignUp { SeatOp::SignUp } else { SeatOp::Waitlist };
            if let Some(code) = r.selected_code() {
                return (vec![seat(&session, code, op, Consent::default())], None);
            }
        }
        HostAction::Cancel => match r.selected_row() {
            Some(RosterRow { code, occupant: Some(o) }) if o.signed_up() || o.waiting() => {
                r.prompt = Some(Prompt::Cancel { code: code.clone() });
            }
            _ => r.banner = Some(HostBanner::Info(T::HostNothingToCancel)),
        },
        HostAction::Undo => match r.selected_row() {
            Some(RosterRow { code, occupant: Some(Occupant { present: Some((_, fact)), .. }) }) => {
                r.prompt = Some(Prompt::Undo { code: code.clone(), fact: *fact });
            }
            _ => r.banner = Some(HostBanner::Info(T::HostNothingToUndo)),
        },
        HostAction::Refresh if !r.busy => {
            return (vec![HostEffect::LoadRoster { session, query: r.query.clone(), keep: true }], None);
        }
        HostAction::Roster { query, view, keep } => {
            if query == r.query {
                let kept = r.selected_code().map(str::to_owned);
                r.view = view;
                let at = kept.and_then(|c| r.view.rows.iter().position(|row| row.code == c));
                r.selected = if keep || r.query.is_empty() { at.unwrap_or(r.selected) } else { 0 };
                r.selected = r.selected.min(r.view.rows.len().saturating_sub(1));
            }
        }
        HostAction::DoorDone { typed, outcome } => {
            r.busy = false;
            match outcome {
                DoorOutcome::Done { fact, walk_in } => {
                    let code = fact.kind.code().unwrap_or(&typed).to_owned();
                    r.banner = Some(HostBanner::Present { code, walk_in });
                }
                DoorOutcome::Already { code, since, station } => {
                    r.banner = Some(HostBanner::Already { code, since, station })
                }
                DoorOutcome::Unknown => r.banner = Some(HostBanner::Unknown { typed }),
                DoorOutcome::NotAdmitted { code, .. } => r.banner = Some(HostBanner::NotLetIn { code }),
                DoorOutcome::Full { code, waiting } => {
                    r.banner = r.banner.take().filter(HostBanner::turned_away);
                    r.prompt = Some(Prompt::Full { code, waiting });
                }
                DoorOutcome::Confirm { code, walk_in, released, warnings } => {
                    r.banner = r.banner.take().filter(HostBanner::turned_away);
                    r.prompt = Some(Prompt::Door { code, walk_in, released, warnings });
                }
            }
            r.query.clear();
            return (reload(r), None);
        }
        HostAction::Undone { code, ok } => {
            r.banner = Some(if ok { HostBanner::Undone { code } } else { HostBanner::Info(T::HostUndoRefused) });
            return (reload(r), None);
        }
        HostAction::Failed(message) => {
            r.busy = false;
            r.banner = Some(HostBanner::Failed(message));
        }
        HostAction::Sessions(_)
        | HostAction::NextKind
        | HostAction::Type(_)
        | HostAction::Refresh
        | HostAction::Help
        | HostAction::Click(_) => {}
    }
    (Vec::new(), None)
}

/// Enter on the roster: answer the prompt, else mark the scanned code or the highlighted person.
fn submit(r: &mut Roster, session: &str) -> Vec<HostEffect> {
    if r.busy {
        return Vec::new();
    }
    match r.prompt.take() {
        Some(Prompt::Door { code, .. }) => {
            r.busy = true;
            return vec![HostEffect::Door {
                session: session.to_owned(),
                typed: code,
                highlighted: None,
                consent: Consent::all(None),
            }];
        }
        Some(Prompt::Undo { code, fact }) => return vec![HostEffect::Annul { code, fact }],
        Some(Prompt::Full { code, .. }) => return vec![seat(session, &code, SeatOp::Waitlist, Consent::default())],
        Some(Prompt::Cancel { code }) => return vec![seat(session, &code, SeatOp::Cancel, Consent::default())],
        Some(Prompt::SignUp { code, op, .. }) => return vec![seat(session, &code, op, Consent::all(None))],
        None => {}
    }
    let highlighted = r.selected_code().map(str::to_owned);
    if r.query.trim().is_empty() && highlighted.is_none() {
        return Vec::new();
    }
    r.busy = true;
    let typed = r.query.trim().to_owned();
    vec![HostEffect::Door { session: session.to_owned(), typed, highlighted, consent: Consent::default() }]
}

pub fn seat(session: &str, code: &str, op: SeatOp, consent: Consent) -> HostEffect {
    HostEffect::Seat(SeatRequest { session: session.to_owned(), code: code.to_owned(), op, consent })
}

/// What a seat change's outcome asks of the screen that asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeatReply {
    SignedUp,
    /// Another station owns the seats and was asked; `online`: it is connected now.
    Asked {
        owner: String,
        online: bool,
    },
    Waitlisted {
        position: usize,
    },
    Cancelled,
    /// Full: offer the waitlist.
    OfferWaitlist {
        waiting: usize,
    },
    /// Ask whether to override these.
    AskOverride(Vec<Warning>),
    /// Nothing changed, and why.
    Info(T),
    Failed(String),
}

pub fn seat_reply(outcome: Result<SeatOutcome, String>) -> SeatReply {
    match outcome {
        Ok(SeatOutcome::SignedUp(_)) => SeatReply::SignedUp,
        Ok(SeatOutcome::Asked { owner, online, .. }) => SeatReply::Asked { owner, online },
        Ok(SeatOutcome::Waitlisted { position, .. }) => SeatReply::Waitlisted { position },
        Ok(SeatOutcome::Cancelled(_)) => SeatReply::Cancelled,
        Ok(SeatOutcome::Full { waiting, on_it: false }) => SeatReply::OfferWaitlist { waiting },
        Ok(SeatOutcome::Warn(warnings)) => SeatReply::AskOverride(warnings),
        Ok(other) => SeatReply::Info(seat_info(&other)),
        Err(message) => SeatReply::Failed(message),
    }
}

/// A seat change's outcome, on the roster.
pub fn seat_done(host: &mut Host, request: SeatRequest, outcome: Result<SeatOutcome, String>) -> Vec<HostEffect> {
    let r = &mut host.roster;
    // Ready for the next person, as after a mark at the door.
    r.query.clear();
    let code = request.code.clone();
    r.banner = match seat_reply(outcome) {
        SeatReply::SignedUp => Some(HostBanner::SignedUp { code }),
        SeatReply::Asked { owner, online } => Some(HostBanner::Asked { code, owner, online }),
        SeatReply::Waitlisted { position } => Some(HostBanner::Waitlisted { code, position }),
        SeatReply::Cancelled => Some(HostBanner::Cancelled { code }),
        SeatReply::OfferWaitlist { waiting } => {
            r.prompt = Some(Prompt::Full { code, waiting });
            None
        }
        SeatReply::AskOverride(warnings) => {
            r.prompt = Some(Prompt::SignUp { code, op: request.op, warnings });
            None
        }
        SeatReply::Info(t) => Some(HostBanner::Info(t)),
        SeatReply::Failed(message) => Some(HostBanner::Failed(message)),
    };
    match &host.session {
        Some(session) => vec![HostEffect::LoadRoster { session: session.clone(), query: String::new(), keep: true }],
        None => Vec::new(),
    }
}

/// The one-line answer to a seat change that did nothing.
pub fn seat_info(outcome: &SeatOutcome) -> T {
    use crate::domain::seats::WaitlistRefusal;
    match outcome {
        SeatOutcome::AlreadySignedUp => T::SeatAlreadySignedUp,
        SeatOutcome::Full { on_it: true, .. } => T::SeatAlreadyWaiting,
        SeatOutcome::NoWaitlist(WaitlistRefusal::HasSeat) => T::SeatAlreadySignedUp,
        SeatOutcome::NoWaitlist(WaitlistRefusal::AlreadyWaiting { .. }) => T::SeatAlreadyWaiting,
        SeatOutcome::NoWaitlist(WaitlistRefusal::SeatsFree) => T::SeatFreeSignUp,
        SeatOutcome::NotSignedUp => T::HostNothingToCancel,
        SeatOutcome::Unknown => T::UnknownCode,
        _ => T::SeatFull,
    }
}
