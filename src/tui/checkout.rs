//! Check-out at the exit, from the desk (the highlighted person) or the on-site screen.
//!
//! The station decides (see [`crate::domain::safeguarding`]): an adult is checked out with one
//! key. For a minor the station answers "who is collecting?", and this window lists the
//! authorised adults to pick from after checking their ID, plus "someone else", which asks for
//! the collector's name and an organiser's reason. Without a reason that is refused.
//! The last check-out made at this station can be undone (an annulment), after asking.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::action::Action;
use super::app::{App, Banner, Effect, Lookup, Overlay, Screen};
use super::organisers;
use crate::domain::FactKind;
use crate::domain::authority::{Authority, vouch};
use crate::domain::safeguarding::{CheckOutRefusal, Collector, OVERRIDE_NOTE};
use crate::i18n::T;
use crate::station::CheckOut;

/// Longest name or reason the window takes.
const MAX_INPUT_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// Check out the highlighted person (or the scanned code): F10 / Ctrl+X.
    Begin,
    /// Enter on the on-site screen: check out only who was typed or scanned into its box, so a
    /// stray Enter after a check-out never releases whoever is highlighted.
    BeginTyped,
    Move(isize),
    /// Next field of the override form.
    NextField,
    Type(char),
    Backspace,
    Submit,
    /// The station's answer for `code`.
    Done {
        code: String,
        outcome: CheckOut,
    },
    /// Ask whether to undo the last check-out made here.
    AskUndo,
    ConfirmUndo,
    /// The check-out of `code` was annulled: they are on site again.
    Undone {
        code: String,
    },
    /// Check out the last adult of children on site on the organiser's word typed in that
    /// question (Enter).
    ConfirmLastAdult,
    /// The writer did not take the organiser's word for an override: why.
    NoAuthority {
        why: String,
    },
}

/// What the check-out window holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialog {
    pub code: String,
    pub authorised: Vec<Collector>,
    /// Nothing is chosen until the volunteer moves to a row; `authorised.len()` is the
    /// "someone else" row.
    pub cursor: Option<usize>,
    /// What was typed or scanned while the list is open: only an authorised adult's own badge
    /// code selects them; anything else (the next child's badge) releases nobody.
    pub typed: String,
    /// Open once "someone else" was chosen.
    pub other: Option<OtherCollector>,
    pub problem: Option<T>,
    /// Why the writer refused the override (not an organiser's badge, a wrong passphrase).
    pub refused: Option<String>,
}

/// "Last adult of these children": the chaperone leaving, the children who would stay with no
/// adult, and the organiser's badge or passphrase being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastAdult {
    pub code: String,
    pub children: Vec<String>,
    pub organiser: String,
    pub problem: Option<String>,
}

impl LastAdult {
    pub fn new(code: String, children: Vec<String>) -> LastAdult {
        LastAdult { code, children, organiser: String::new(), problem: None }
    }
}

/// An organiser's word as typed: their badge when it is a code, else the passphrase.
fn authority(world: &dyn Lookup, typed: &str) -> Authority {
    match world.exact_code(typed) {
        Some(code) => Authority::Badge(code),
        None => Authority::Passphrase(typed.to_owned()),
    }
}

/// Keys of the last-adult question: what is typed is the organiser's badge or passphrase.
pub fn last_adult_key(key: KeyEvent, ctrl: bool) -> Option<Action> {
    let msg = match key.code {
        KeyCode::Enter => Msg::ConfirmLastAdult,
        KeyCode::Backspace => Msg::Backspace,
        KeyCode::Esc => return Some(Action::Escape),
        KeyCode::Char(c) if !ctrl => Msg::Type(c),
        _ => return None,
    };
    Some(Action::CheckOut(msg))
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OtherCollector {
    pub name: String,
    pub reason: String,
    /// The organiser's badge or passphrase: an override needs an organiser.
    pub organiser: String,
    /// 0 = name, 1 = reason, 2 = organiser.
    pub focus: usize,
}

impl Dialog {
    pub fn new(code: String, authorised: Vec<Collector>) -> Dialog {
        Dialog { code, authorised, cursor: None, typed: String::new(), other: None, problem: None, refused: None }
    }
}

/// What the banner says after a check-out attempt or a roll-call export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Out { code: String, collected_by: Option<String>, overridden: bool },
    Refused { code: String, named: String },
    NotIn { code: String },
    RollCall { html: String, csv: String, people: usize },
    OutUndone { code: String },
}

/// In the undo question, Enter (or Y) confirms the check-out's undo, not a check-in's.
pub fn confirming_undo(action: Action) -> Action {
    if action == Action::ConfirmUndo { Action::CheckOut(Msg::ConfirmUndo) } else { action }
}

/// The reason recorded when an organiser lets the last adult of children on site out at the desk.
pub const LAST_ADULT_CONFIRMED: &str = "organiser's decision at the desk";

pub fn key(key: KeyEvent, ctrl: bool) -> Option<Action> {
    let msg = match key.code {
        KeyCode::Up | KeyCode::BackTab => Msg::Move(-1),
        KeyCode::Down => Msg::Move(1),
        KeyCode::Tab => Msg::NextField,
        KeyCode::Enter => Msg::Submit,
        KeyCode::Backspace => Msg::Backspace,
        KeyCode::Esc => return Some(Action::Escape),
        KeyCode::Char(c) if !ctrl => Msg::Type(c),
        _ => return None,
    };
    Some(Action::CheckOut(msg))
}

pub fn update(app: &mut App, msg: Msg, world: &dyn Lookup) -> Vec<Effect> {
    if let Some(Overlay::LastAdult(q)) = &mut app.overlay {
        match msg {
            Msg::Type(c) => {
                if !c.is_control() && q.organiser.chars().count() < MAX_INPUT_CHARS {
                    q.organiser.push(c);
                }
                return Vec::new();
            }
            Msg::Backspace => {
                q.organiser.pop();
                return Vec::new();
            }
            _ => {}
        }
    }
    let dialog = match &mut app.overlay {
        Some(Overlay::CheckOut(d)) => Some(d),
        _ => None,
    };
    match (msg, dialog) {
        (Msg::Begin, _) => begin(app, world),
        (Msg::BeginTyped, _) if app.onsite.filter.trim().is_empty() => {
            app.banner = Some(Banner::Info(T::CheckOutTypeFirst));
            Vec::new()
        }
        (Msg::BeginTyped, _) => begin(app, world),
        (Msg::Done { code, outcome }, _) => done(app, code, outcome),
        (Msg::AskUndo, _) => {
            match app.onsite.last_out.clone() {
                Some((code, fact)) => app.overlay = Some(Overlay::UndoCheckOut { code, fact }),
                None => app.banner = Some(Banner::Info(T::NothingToUndo)),
            }
            Vec::new()
        }
        (Msg::ConfirmUndo, _) => match app.overlay.take() {
            Some(Overlay::UndoCheckOut { code, fact }) => {
                vec![Effect::Organisers(organisers::Job::AnnulCheckOut { code, fact })]
            }
            other => {
                app.overlay = other;
                Vec::new()
            }
        },
        (Msg::ConfirmLastAdult, _) => {
            let Some(Overlay::LastAdult(q)) = &mut app.overlay else { return Vec::new() };
            if app.busy {
                return Vec::new();
            }
            if q.organiser.trim().is_empty() {
                q.problem = Some(T::OrganiserNeeded.get(app.lang).to_owned());
                return Vec::new();
            }
            let reason = vouch(&authority(world, &q.organiser), LAST_ADULT_CONFIRMED);
            q.organiser.clear();
            app.busy = true;
            vec![Effect::Organisers(organisers::Job::CheckOut {
                code: q.code.clone(),
                collected_by: None,
                override_reason: Some(reason),
            })]
        }
        (Msg::NoAuthority { why }, _) => {
            app.busy = false;
            match &mut app.overlay {
                Some(Overlay::LastAdult(q)) => q.problem = Some(why),
                Some(Overlay::CheckOut(d)) => d.refused = Some(why),
                _ => app.banner = Some(Banner::Failed { message: why }),
            }
            Vec::new()
        }

        (Msg::Undone { code }, _) => {
            app.onsite.last_out = None;
            app.banner = Some(Banner::Safeguarding(Notice::OutUndone { code }));
            if app.screen == Screen::OnSite { vec![super::onsite::refresh(app)] } else { Vec::new() }
        }
        (Msg::Move(delta), Some(d)) if d.other.is_none() => {
            let last = d.authorised.len();
            d.cursor = Some(match d.cursor {
                None if delta < 0 => last,
                None => 0,
                Some(at) => at.saturating_add_signed(delta).min(last),
            });
            d.problem = None;
            Vec::new()
        }
        (Msg::Type(c), Some(d)) if d.other.is_none() && !c.is_control() => {
            if d.typed.chars().count() < MAX_INPUT_CHARS {
                d.typed.push(c);
            }
            Vec::new()
        }
        (Msg::Backspace, Some(d)) if d.other.is_none() => {
            d.typed.pop();
            Vec::new()
        }
        (Msg::Move(delta), Some(Dialog { other: Some(o), .. })) => {
            o.focus = (o.focus + if delta < 0 { 2 } else { 1 }) % 3;
            Vec::new()
        }
        (Msg::NextField, Some(Dialog { other: Some(o), .. })) => {
            o.focus = (o.focus + 1) % 3;
            Vec::new()
        }
        (Msg::Type(c), Some(Dialog { other: Some(o), .. })) if !c.is_control() => {
            let field = match o.focus {
                0 => &mut o.name,
                1 => &mut o.reason,
                _ => &mut o.organiser,
            };
            if field.chars().count() < MAX_INPUT_CHARS {
                field.push(c);
            }
            Vec::new()
        }
        (Msg::Backspace, Some(Dialog { other: Some(o), .. })) => {
            match o.focus {
                0 => o.name.pop(),
                1 => o.reason.pop(),
                _ => o.organiser.pop(),
            };
            Vec::new()
        }
        (Msg::Submit, Some(d)) if !app.busy => {
            let request = match &mut d.other {
                None if !d.typed.trim().is_empty() => {
                    let badge = world.exact_code(&d.typed);
                    let adult = d.authorised.iter().find(|c| badge.is_some() && c.code == badge);
                    d.typed.clear();
                    match adult {
                        Some(adult) => Some((adult.name.clone(), None)),
                        None => {
                            d.problem = Some(T::CheckOutNotTheirAdult);
                            None
                        }
                    }
                }
                None => match d.cursor {
                    None => {
                        d.problem = Some(T::CheckOutChooseFirst);
                        None
                    }
                    Some(at) if at < d.authorised.len() => Some((d.authorised[at].name.clone(), None)),
                    Some(_) => {
                        d.other = Some(OtherCollector::default());
                        None
                    }
                },
                // A missing field keeps the form open on it: an Enter never closes the form on
                // nothing, so the next keys are not taken for a new search.
                Some(o) if o.name.trim().is_empty() => {
                    o.focus = 0;
                    d.problem = Some(T::CheckOutNeedsName);
                    None
                }
                Some(o) if o.reason.trim().is_empty() => {
                    o.focus = 1;
                    d.problem = Some(T::CheckOutNeedsReason);
                    None
                }
                Some(o) if o.organiser.trim().is_empty() => {
                    o.focus = 2;
                    d.problem = Some(T::CheckOutOrganiserNeeded);
                    None
                }
                Some(o) => {
                    let reason = vouch(&authority(world, &o.organiser), &o.reason);
                    o.organiser.clear();
                    d.refused = None;
                    Some((o.name.clone(), Some(reason)))
                }
            };
            let Some((collected_by, override_reason)) = request else { return Vec::new() };
            let code = d.code.clone();
            app.busy = true;
            vec![Effect::Organisers(organisers::Job::CheckOut {
                code,
                collected_by: Some(collected_by),
                override_reason,
            })]
        }
        _ => Vec::new(),
    }
}

/// Who to check out: a complete code typed or scanned, else the highlighted person.
fn begin(app: &mut App, world: &dyn Lookup) -> Vec<Effect> {
    if app.busy {
        return Vec::new();
    }
    let (typed, highlighted) = match app.screen {
        Screen::OnSite => (app.onsite.filter.as_str(), app.onsite.selected_code()),
        _ => (app.query.as_str(), app.selected_code()),
    };
    let Some(code) = world.exact_code(typed).or_else(|| highlighted.map(str::to_owned)) else {
        app.banner = Some(Banner::Info(T::NothingSelected));
        return Vec::new();
    };
    app.busy = true;
    vec![Effect::Organisers(organisers::Job::CheckOut { code, collected_by: None, override_reason: None })]
}

fn done(app: &mut App, code: String, outcome: CheckOut) -> Vec<Effect> {
    app.busy = false;
    let notice = match outcome {
        CheckOut::Refused(CheckOutRefusal::NeedsCollector { authorised }) => {
            app.overlay = Some(Overlay::CheckOut(Dialog::new(code, authorised)));
            return Vec::new();
        }
        CheckOut::Refused(CheckOutRefusal::LastAdult { children }) => {
            // The box is emptied as after a check-out, for whoever comes next.
            app.overlay = Some(Overlay::LastAdult(LastAdult::new(code, children)));
            app.onsite.filter.clear();
            app.query.clear();
            let mut effects = vec![Effect::Search { query: String::new() }];
            if app.screen == Screen::OnSite {
                effects.push(super::onsite::refresh(app));
            }
            return effects;
        }
        CheckOut::Done(fact) => {
            app.onsite.last_out = Some((code.clone(), fact.id));
            let (collected_by, overridden) = match fact.kind {
                FactKind::CheckedOut { collected_by, note, .. } => {
                    (collected_by, note.is_some_and(|n| n.starts_with(OVERRIDE_NOTE)))
                }
                _ => (None, false),
            };
            Notice::Out { code, collected_by, overridden }
        }
        CheckOut::Refused(CheckOutRefusal::NotAuthorised { named, .. }) => Notice::Refused { code, named },
        CheckOut::Refused(CheckOutRefusal::NotIn) => Notice::NotIn { code },
        CheckOut::Unknown => {
            app.overlay = None;
            app.banner = Some(Banner::UnknownCode { typed: code });
            return Vec::new();
        }
    };
    app.overlay = None;
    app.banner = Some(Banner::Safeguarding(notice));
    // Ready for the next person, on whichever screen.
    app.onsite.filter.clear();
    app.query.clear();
    let mut effects = vec![Effect::Search { query: String::new() }];
    if app.screen == Screen::OnSite {
        effects.push(super::onsite::refresh(app));
    }
    effects
}
