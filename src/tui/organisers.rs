//! Carrying out the organisers' effects for the desk: check-out, the on-site rows, and the
//! roll-call files. Each answers with the action `update` expects.

use super::action::Action;
use super::desk::Desk;
use super::{checkout, onsite};
use crate::domain::admission::Refusal;
use crate::domain::rollcall::RollCall;
use crate::domain::safeguarding::CheckOutRequest;
use crate::i18n::Lang;
use crate::station::Format;
use crate::store::StoreError;
use crate::text::fold::fold;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// Check `code` out, with whoever is collecting them.
    CheckOut { code: String, collected_by: Option<String>, override_reason: Option<String> },
    /// Who is on site and matches `filter`.
    OnSiteRows { filter: String },
    /// The roll-call page (in `lang`) and sheet, next to the data folder.
    WriteRollCall { lang: Lang },
    /// Undo the check-out `fact` of `code` (an annulment; the check-out stays in the log).
    AnnulCheckOut { code: String, fact: uuid::Uuid },
}

/// The reason recorded with an undone check-out.
const UNDO_REASON: &str = "check-out undone at the station";

pub fn perform(desk: &mut Desk, job: Job) -> Action {
    match job {
        Job::CheckOut { code, collected_by, override_reason } => {
            let request =
                CheckOutRequest { collected_by: collected_by.as_deref(), override_reason: override_reason.as_deref() };
            match desk.station.check_out(&code, request) {
                Ok(outcome) => Action::CheckOut(checkout::Msg::Done { code, outcome }),
                Err(StoreError::NotAdmitted(Refusal::NoAuthority(why))) => {
                    Action::CheckOut(checkout::Msg::NoAuthority { why })
                }
                Err(e) => Action::Failed { message: e.to_string() },
            }
        }
        Job::AnnulCheckOut { code, fact } => match desk.station.annul(fact, Some(UNDO_REASON.to_owned())) {
            Ok(_) => Action::CheckOut(checkout::Msg::Undone { code }),
            Err(e) => Action::Failed { message: e.to_string() },
        },
        Job::OnSiteRows { filter } => {
            let rows = on_site_rows(desk, &filter);
            Action::OnSite(onsite::Msg::Rows { filter, rows })
        }
        Job::WriteRollCall { lang } => {
            let (html, csv) = desk.station.roll_call_paths();
            let written = desk
                .station
                .write_roll_call(&html, Format::Html, lang, None)
                .and_then(|people| desk.station.write_roll_call(&csv, Format::Csv, lang, None).map(|_| people));
            match written {
                Ok(people) => Action::OnSite(onsite::Msg::RollCallWritten {
                    html: html.display().to_string(),
                    csv: csv.display().to_string(),
                    people,
                }),
                Err(e) => Action::Failed { message: format!("{e:#}") },
            }
        }
    }
}

/// Codes on site in roll-call order; a filter keeps those whose name (either spelling), code or
/// delegation contains it, folded like a search (script and case do not matter).
pub fn on_site_rows(desk: &Desk, filter: &str) -> Vec<String> {
    let station = &desk.station;
    let roll = RollCall::build(desk.people(), station.state(), station.today(), station.event_first_day());
    let wanted = fold(filter);
    let exact = station.resolve_code(filter);
    roll.groups
        .iter()
        .flat_map(|g| &g.members)
        .filter(|m| {
            let p = m.person;
            wanted.is_empty()
                || exact == Some(p.code.as_str())
                || [p.full_name(), p.alt_spelling.clone(), p.code.clone(), p.delegation.clone()]
                    .iter()
                    .any(|text| fold(text).contains(&wanted))
        })
        .map(|m| m.person.code.clone())
        .collect()
}
