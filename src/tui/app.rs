//! The desk's model and `update`: the only code that changes it.
//!
//! `update` never writes anything itself. It returns [`Effect`]s; the event loop carries them out
//! through the station and feeds the outcome back as another [`Action`]. So a check-in is shown
//! as done only when the store said it is durable.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::action::Action;
use super::checkout::{self, Dialog, Notice};
use super::dashboard::{self, Dashboard};
use super::desk::ResultRow;
use super::group::Group;
use super::onsite::{self, OnSite};
use super::organisers::Job;
use super::walkin::WalkInForm;
use crate::domain::AttendanceStatus;
use crate::i18n::{Lang, T};
use crate::station::CheckIn;

/// Most results a search returns: more than a screen, few enough to stay instant.
pub const RESULT_LIMIT: usize = 50;

/// What the event loop must do for `update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Search {
        query: String,
    },
    /// Check in `typed`: a scanned code or the highlighted person's code.
    CheckIn {
        typed: String,
    },
    Annul {
        fact: Uuid,
        code: String,
    },
    /// Check in these members of `delegation` in one durable write.
    CheckInGroup {
        delegation: String,
        codes: Vec<String>,
        absent: usize,
    },
    /// Register the form's person (the code is given when the fact is written) and check them in.
    WalkIn {
        form: WalkInForm,
    },
    /// The host's screen's work, and seat changes from the desk's sign-up window.
    Host(super::host::HostEffect),
    /// Check-out, the on-site list, roll-call files (see `organisers`).
    Organisers(Job),
    /// Print `code`'s badge, in `lang`, and record it (see `badge`).
    PrintBadge {
        code: String,
        lang: Lang,
    },
}

/// Which screen the station shows; the status bar and windows are common to all.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Screen {
    /// Search and check in.
    #[default]
    Desk,
    /// At a session's door (F4): the session picker or a roster.
    Host(Box<super::host::Host>),
    /// Everyone on site now, by delegation (F7).
    OnSite,
    /// The organisers' numbers (F9).
    Dashboard,
}

/// A window over the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Details {
        code: String,
        show_notes: bool,
    },
    ConfirmUndo {
        code: String,
        fact: Uuid,
        since: DateTime<Utc>,
        station: String,
    },
    Group(Group),
    WalkIn(WalkInForm),
    /// The highlighted person's sessions: sign up, cancel, waitlist.
    SignUp(super::signup::SignUpList),
    /// Who collects a minor at check-out.
    CheckOut(Dialog),
    /// Undo the last check-out made here?
    UndoCheckOut {
        code: String,
        fact: Uuid,
    },
    /// Check out the last adult on site of children who stay, on an organiser's word?
    LastAdult(super::checkout::LastAdult),
}

/// The big message under the results: what just happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Banner {
    CheckedIn {
        code: String,
    },
    Already {
        code: String,
        since: DateTime<Utc>,
        station: String,
    },
    UnknownCode {
        typed: String,
    },
    /// A cancelled (withdrawn, void, …) registration was scanned: nothing recorded.
    NotAdmitted {
        code: String,
        status: crate::domain::Status,
    },
    Undone {
        code: String,
    },
    GroupDone {
        delegation: String,
        done: usize,
        already: usize,
        absent: usize,
    },
    WalkedIn {
        code: String,
    },
    Failed {
        message: String,
    },
    Info(T),
    /// Check-out verdicts and roll-call exports.
    Safeguarding(Notice),
    /// A badge went to `path` (and `printer`); how many times it was printed is in the state.
    BadgePrinted {
        code: String,
        path: String,
        printer: Option<String>,
    },
}

/// Read-only questions `update` may ask about the world.
impl Banner {
    /// The person this banner is about, if it is about one.
    pub fn person(&self) -> Option<&str> {
        match self {
            Banner::CheckedIn { code }
            | Banner::Already { code, .. }
            | Banner::NotAdmitted { code, .. }
            | Banner::Undone { code }
            | Banner::WalkedIn { code }
            | Banner::BadgePrinted { code, .. } => Some(code),
            Banner::UnknownCode { .. }
            | Banner::GroupDone { .. }
            | Banner::Failed { .. }
            | Banner::Info(_)
            | Banner::Safeguarding(_) => None,
        }
    }
}

pub trait Lookup {
    fn status_today(&self, code: &str) -> AttendanceStatus;
    /// The registration code a complete typed or scanned text stands for.
    fn exact_code(&self, typed: &str) -> Option<String>;
    /// A complete code at the end of the box: a badge scanned while a name was half typed.
    fn trailing_code(&self, typed: &str) -> Option<String>;
    fn delegation_of(&self, code: &str) -> Option<String>;
    /// Codes of a delegation's members, chaperones first.
    fn delegation_members(&self, delegation: &str) -> Vec<String>;
}

#[derive(Debug, Clone, Default)]
pub struct App {
    pub lang: Lang,
    pub screen: Screen,
    pub query: String,
    pub rows: Vec<ResultRow>,
    pub selected: usize,
    pub banner: Option<Banner>,
    pub overlay: Option<Overlay>,
    /// The last check-in made at this desk, for a quick undo.
    pub last_check_in: Option<String>,
    /// A submitted check-in whose outcome has not come back yet.
    pub busy: bool,
    pub quit: bool,
    pub onsite: OnSite,
    pub dashboard: Dashboard,
    /// Stations of the other windows working on this data folder through this one.
    pub guests: Vec<String>,
    /// The event's stations on other machines as this one hears them (`None`: not syncing).
    pub network: Option<crate::sync::Reach>,
}

impl App {
    pub fn new(lang: Lang) -> App {
        App { lang, ..App::default() }
    }

    pub fn selected_code(&self) -> Option<&str> {
        self.rows.get(self.selected).map(|r| r.code.as_str())
    }

    fn search(&mut self) -> Vec<Effect> {
        vec![Effect::Search { query: self.query.clone() }]
    }
}

pub fn update(app: &mut App, action: Action, world: &dyn Lookup) -> Vec<Effect> {
    if let Some(effects) = session_update(app, &action) {
        return effects;
    }
    match action {
        Action::Type(c) => {
            if let Some(Overlay::WalkIn(form)) = &mut app.overlay {
                form.type_char(c);
                return Vec::new();
            }
            if let Some(Overlay::Group(group)) = &mut app.overlay {
                // Space ticks; letters in the group window are not a search.
                if c == ' ' {
                    group.toggle();
                }
                return Vec::new();
            }
            if matches!(app.overlay, Some(Overlay::Help | Overlay::Details { .. } | Overlay::SignUp(_))) {
                app.overlay = None;
            }
            // Typing (or the next badge) while "undo?" is asked means no: the question closes,
            // nothing is annulled, and the character starts the next search.
            if matches!(
                app.overlay,
                Some(Overlay::ConfirmUndo { .. } | Overlay::UndoCheckOut { .. } | Overlay::LastAdult { .. })
            ) {
                let kept = matches!(app.overlay, Some(Overlay::LastAdult { .. }));
                app.overlay = None;
                app.banner = Some(Banner::Info(if kept { T::LastAdultKept } else { T::UndoNotDone }));
                if app.screen == Screen::OnSite {
                    return onsite::update(app, onsite::Msg::Type(c));
                }
            }
            if c.is_control() {
                return Vec::new();
            }
            app.query.push(c);
            app.search()
        }
        Action::Backspace => {
            if let Some(Overlay::WalkIn(form)) = &mut app.overlay {
                form.backspace();
                return Vec::new();
            }
            if app.query.pop().is_some() { app.search() } else { Vec::new() }
        }
        Action::DeleteWord => {
            let kept = app.query.trim_end().rfind(char::is_whitespace).map_or(0, |i| i + 1);
            app.query.truncate(kept);
            app.search()
        }
        Action::ClearQuery => {
            app.query.clear();
            app.search()
        }
        Action::Escape => {
            if app.overlay.is_none() && app.screen != Screen::Desk {
                app.screen = Screen::Desk;
                app.dashboard.show_names = false;
                return Vec::new();
            }
            if app.overlay.take().is_none() {
                app.banner = None;
                if !app.query.is_empty() {
                    app.query.clear();
                    return app.search();
                }
            }
            Vec::new()
        }
        Action::Submit => {
            if app.busy {
                return Vec::new();
            }
            match app.overlay.take() {
                Some(Overlay::Group(group)) => {
                    let codes = group.ticked();
                    if codes.is_empty() {
                        return Vec::new();
                    }
                    app.busy = true;
                    let absent = group.members.iter().filter(|m| !m.ticked && !m.already_in).count();
                    return vec![Effect::CheckInGroup { delegation: group.delegation, codes, absent }];
                }
                Some(Overlay::WalkIn(mut form)) => {
                    // Validate now, so the volunteer fixes the form before anything is written.
                    if let Err(problem) = form.person(String::new()) {
                        form.problem = Some(problem);
                        app.overlay = Some(Overlay::WalkIn(form));
                        return Vec::new();
                    }
                    app.busy = true;
                    return vec![Effect::WalkIn { form }];
                }
                other => app.overlay = other,
            }
            // A complete code (a scanner's, in any case or layout) wins over the highlight.
            let typed = match world.exact_code(&app.query).or_else(|| world.trailing_code(&app.query)) {
                Some(code) => code,
                None => match app.selected_code() {
                    Some(code) => code.to_owned(),
                    None if app.query.trim().is_empty() => return Vec::new(),
                    None => {
                        app.banner = Some(Banner::UnknownCode { typed: app.query.trim().to_owned() });
                        app.query.clear();
                        return app.search();
                    }
                },
            };
            app.busy = true;
            vec![Effect::CheckIn { typed }]
        }
        Action::Move(delta) => {
            match &mut app.overlay {
                Some(Overlay::Group(group)) => group.move_cursor(delta),
                Some(Overlay::WalkIn(form)) => form.move_focus(delta.signum()),
                _ if !app.rows.is_empty() => {
                    let last = app.rows.len() - 1;
                    app.selected = app.selected.saturating_add_signed(delta).min(last);
                }
                _ => {}
            }
            Vec::new()
        }
        Action::OpenGroup => {
            let delegation = app.selected_code().and_then(|code| world.delegation_of(code)).filter(|d| !d.is_empty());
            match delegation {
                Some(d) => {
                    let members = world.delegation_members(&d);
                    app.overlay = Some(Overlay::Group(Group::new(d, members, |code| world.status_today(code))));
                }
                None => app.banner = Some(Banner::Info(T::GroupNone)),
            }
            Vec::new()
        }
        Action::ToggleTick => {
            if let Some(Overlay::Group(group)) = &mut app.overlay {
                group.toggle();
            }
            Vec::new()
        }
        Action::TickAll => {
            if let Some(Overlay::Group(group)) = &mut app.overlay {
                group.toggle_all();
            }
            Vec::new()
        }
        Action::OpenWalkIn => {
            app.overlay = Some(Overlay::WalkIn(WalkInForm::default()));
            Vec::new()
        }
        Action::CycleCategory(delta) => {
            if let Some(Overlay::WalkIn(form)) = &mut app.overlay {
                form.cycle_category(delta);
            }
            Vec::new()
        }
        Action::GroupCheckedIn { delegation, done, already, absent } => {
            app.busy = false;
            app.banner = Some(Banner::GroupDone { delegation, done, already, absent });
            app.query.clear();
            app.search()
        }
        Action::WalkedIn { code } => {
            app.busy = false;
            app.last_check_in = Some(code.clone());
            app.banner = Some(Banner::WalkedIn { code });
            app.query.clear();
            app.search()
        }
        Action::MoveToEdge { last } => {
            app.selected = if last { app.rows.len().saturating_sub(1) } else { 0 };
            Vec::new()
        }
        Action::Click(row) => {
            if row < app.rows.len() {
                app.selected = row;
            }
            Vec::new()
        }
        Action::Undo => {
            let candidates = [app.selected_code().map(str::to_owned), app.last_check_in.clone()];
            let target = candidates.into_iter().flatten().find_map(|code| match world.status_today(&code) {
                AttendanceStatus::In { since, station, fact } => Some((code, fact, since, station)),
                _ => None,
            });
            match target {
                Some((code, fact, since, station)) => {
                    app.overlay = Some(Overlay::ConfirmUndo { code, fact, since, station })
                }
                // Nobody here to un-check-in: the last check-out made here, if any.
                None if app.onsite.last_out.is_some() => {
                    return checkout::update(app, checkout::Msg::AskUndo, world);
                }
                None => app.banner = Some(Banner::Info(T::NothingToUndo)),
            }
            Vec::new()
        }
        Action::ConfirmUndo => match app.overlay.take() {
            Some(Overlay::ConfirmUndo { code, fact, .. }) => vec![Effect::Annul { fact, code }],
            other => {
                app.overlay = other;
                Vec::new()
            }
        },
        Action::Details => {
            // After a check-in the box is empty and the banner is about someone ("has notes:
            // open details (F3)"): F3 opens them, not whoever a list might highlight.
            let banner_person = app.banner.as_ref().and_then(Banner::person).filter(|_| app.query.trim().is_empty());
            if let Some(code) = banner_person.or_else(|| app.selected_code()) {
                app.overlay = Some(Overlay::Details { code: code.to_owned(), show_notes: false });
            }
            Vec::new()
        }
        Action::ToggleNotes => {
            if let Some(Overlay::Details { show_notes, .. }) = &mut app.overlay {
                *show_notes = !*show_notes;
            }
            Vec::new()
        }
        Action::ToggleHelp => {
            app.overlay = if app.overlay == Some(Overlay::Help) { None } else { Some(Overlay::Help) };
            Vec::new()
        }
        Action::NextLanguage => {
            app.lang = app.lang.next();
            Vec::new()
        }
        Action::Quit => {
            app.quit = true;
            Vec::new()
        }
        Action::OthersWrote => {
            // A "checked in" that another window has since undone must not stay on screen as
            // if it were still true: the volunteer would wave the person through.
            if let Some(Banner::CheckedIn { code }) = &app.banner
                && world.status_today(code) == AttendanceStatus::NotYet
            {
                app.banner = Some(Banner::Undone { code: code.clone() });
            }
            Vec::new()
        }
        Action::Searched { query, rows } => {
            // A slow answer to an older query must not replace a newer one.
            if query == app.query {
                app.rows = rows;
                app.selected = 0;
            }
            Vec::new()
        }
        Action::CheckedIn { typed, outcome } => {
            app.busy = false;
            app.banner = Some(match outcome {
                CheckIn::Done(fact) => {
                    let code = fact.kind.code().unwrap_or(&typed).to_owned();
                    app.last_check_in = Some(code.clone());
                    Banner::CheckedIn { code }
                }
                CheckIn::Already { since, station } => Banner::Already { code: typed, since, station },
                CheckIn::NotAdmitted { code, status } => Banner::NotAdmitted { code, status },
                CheckIn::Unknown => Banner::UnknownCode { typed },
            });
            // Ready for the next person.
            app.query.clear();
            app.search()
        }
        Action::Undone { code, .. } => {
            app.banner = Some(Banner::Undone { code });
            Vec::new()
        }
        Action::Show(screen) => {
            app.screen = if app.screen == screen { Screen::Desk } else { screen };
            app.overlay = None;
            app.banner = None;
            // The dashboard may stand on a big screen: names shown once are hidden again the
            // next time it opens.
            app.dashboard.show_names = false;
            if app.screen == Screen::OnSite { vec![onsite::refresh(app)] } else { Vec::new() }
        }
        Action::OnSite(msg) => onsite::update(app, msg),
        Action::Dashboard(msg) => dashboard::update(app, msg),
        Action::CheckOut(msg) => checkout::update(app, msg, world),
        Action::PrintBadge => {
            // After a walk-in the list is empty: the badge is theirs.
            let code = app.selected_code().map(str::to_owned).or_else(|| app.last_check_in.clone());
            match code {
                Some(code) => vec![Effect::PrintBadge { code, lang: app.lang }],
                None => {
                    app.banner = Some(Banner::Info(T::BadgeNobody));
                    Vec::new()
                }
            }
        }
        Action::BadgePrinted { code, path, printer } => {
            app.banner = Some(Banner::BadgePrinted { code, path, printer });
            Vec::new()
        }
        Action::Failed { message } => {
            app.busy = false;
            app.banner = Some(Banner::Failed { message });
            Vec::new()
        }
        // Handled by `session_update`.
        Action::OpenHost { .. }
        | Action::Host(_)
        | Action::OpenSignUp
        | Action::SignUp(_)
        | Action::SeatDone { .. } => Vec::new(),
    }
}

/// The host's screen and the sign-up window (see `host` and `signup`); `None` = a desk action.
fn session_update(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    use super::host::{self, Host, HostAction};
    Some(match (action, &mut app.screen) {
        (Action::OpenHost { session }, _) => {
            app.overlay = None;
            let host = session.clone().map_or_else(Host::picker, Host::at);
            let load = host.load();
            app.screen = Screen::Host(Box::new(host));
            vec![Effect::Host(load)]
        }
        (Action::Host(a), Screen::Host(_)) => host::update(app, a.clone()),
        // Typing and pasting on the host's screen go to its search box.
        (Action::Type(c), Screen::Host(_)) => host::update(app, HostAction::Type(*c)),
        (Action::Click(row), Screen::Host(_)) => host::update(app, HostAction::Click(*row)),
        (Action::SeatDone { request, outcome }, Screen::Host(h)) => {
            host::seat_done(h, request.clone(), outcome.clone()).into_iter().map(Effect::Host).collect()
        }
        (Action::SeatDone { request, outcome }, Screen::Desk) => {
            super::signup::seat_done(app, request.clone(), outcome.clone())
        }
        (Action::OpenSignUp, Screen::Desk) => super::signup::open(app),
        (Action::SignUp(a), Screen::Desk) => super::signup::update(app, a.clone()),
        _ => return None,
    })
}
