//! Carrying out the host screen's effects (and the desk's seat changes) through the station.

use std::collections::HashMap;

use crate::domain::seats::Occupant;
use crate::station::SessionError;

use super::action::Action;
use super::desk::Desk;
use super::host::{HostAction, HostEffect, RosterRow, RosterView, SeatOp};
use super::signup::{SessionLine, SignUpAction};

/// Most people a roster search lists beyond the roster itself.
const OTHERS_LIMIT: usize = 30;

pub fn perform(desk: &mut Desk, effect: HostEffect) -> Action {
    let failed = |e: SessionError| Action::Host(HostAction::Failed(e.to_string()));
    match effect {
        HostEffect::LoadSessions => {
            let today = desk.station.today();
            Action::Host(HostAction::Sessions(desk.station.sessions_on(today)))
        }
        HostEffect::LoadRoster { session, query, keep } => match roster_view(desk, &session, &query) {
            Ok(view) => Action::Host(HostAction::Roster { query, view, keep }),
            Err(e) => failed(e),
        },
        HostEffect::Door { session, typed, highlighted, consent } => {
            // As at the desk: a complete code wins over the highlight.
            let who = match highlighted {
                Some(code) if desk.station.resolve_code(&typed).is_none() => code,
                _ => typed.clone(),
            };
            match desk.station.door_check_in(&who, &session, &consent) {
                Ok(outcome) => Action::Host(HostAction::DoorDone { typed, outcome }),
                Err(e) => failed(e),
            }
        }
        HostEffect::Annul { code, fact } => match desk.station.annul(fact, None) {
            Ok(ok) => Action::Host(HostAction::Undone { code, ok }),
            Err(e) => Action::Host(HostAction::Failed(e.to_string())),
        },
        HostEffect::Seat(request) => {
            let st = &mut desk.station;
            let outcome = match request.op {
                SeatOp::SignUp => st.sign_up(&request.code, &request.session, &request.consent),
                SeatOp::Waitlist => st.join_waitlist(&request.code, &request.session, &request.consent),
                SeatOp::Cancel => st.cancel(&request.code, &request.session),
            };
            Action::SeatDone { request, outcome: outcome.map_err(|e| e.to_string()) }
        }
        HostEffect::LoadPersonSessions { code } => {
            Action::SignUp(SignUpAction::Loaded { lines: person_sessions(desk, &code) })
        }
    }
}

/// The roster: with no query everyone on the list — signed up by name, walk-ins, the waitlist
/// in its order, the cancelled; with a query the desk's search, people on the list first, then
/// other registrants (to let them in as walk-ins).
fn roster_view(desk: &Desk, session: &str, query: &str) -> Result<RosterView, SessionError> {
    let summary = desk.station.summary(session)?;
    let occupants = desk.station.roster(session)?;
    let rows = if query.trim().is_empty() {
        let name =
            |code: &str| desk.person(code).map(|p| crate::text::fold::sort_key(&p.full_name())).unwrap_or_default();
        let waitlist = &summary.occupancy.waitlist;
        let mut keyed: Vec<((u8, usize, String), Occupant)> = occupants
            .into_iter()
            .map(|o| {
                let key = if o.signed_up() {
                    (0, 0, name(&o.code))
                } else if o.present.is_some() {
                    (1, 0, name(&o.code))
                } else if let Some(i) = waitlist.iter().position(|c| *c == o.code) {
                    (2, i, String::new())
                } else {
                    (3, 0, name(&o.code))
                };
                (key, o)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        keyed.into_iter().map(|(_, o)| RosterRow { code: o.code.clone(), occupant: Some(o) }).collect()
    } else {
        let mut on_list: HashMap<String, Occupant> = occupants.into_iter().map(|o| (o.code.clone(), o)).collect();
        let hits = desk.search_limited(query, on_list.len() + OTHERS_LIMIT);
        let (mut listed, mut others) = (Vec::new(), Vec::new());
        for hit in hits {
            match on_list.remove(&hit.code) {
                Some(o) => listed.push(RosterRow { code: hit.code, occupant: Some(o) }),
                None => others.push(RosterRow { code: hit.code, occupant: None }),
            }
        }
        others.truncate(OTHERS_LIMIT);
        listed.extend(others);
        listed
    };
    Ok(RosterView { summary: Some(summary), rows })
}

/// Every session from today on, with the person's seat in each.
fn person_sessions(desk: &Desk, code: &str) -> Vec<SessionLine> {
    let st = &desk.station;
    let Some(program) = st.program() else { return Vec::new() };
    let now = st.local_naive();
    let mut days: Vec<_> = program.days.iter().copied().filter(|d| *d >= st.today()).collect();
    days.sort();
    days.iter()
        .flat_map(|d| crate::domain::seats::sessions_on(program, *d))
        .filter(|s| s.end > now)
        .filter_map(|s| {
            let summary = st.summary(&s.id).ok()?;
            let occupant = st.occupant(&s.id, code).ok()?;
            Some(SessionLine { summary, occupant })
        })
        .collect()
}
