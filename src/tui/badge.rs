//! The desk's badge key: one person's badge to a PDF next to the data folder, to the printer
//! when one is configured, and the printing recorded — or a message saying what did not happen.

use super::action::Action;
use super::desk::Desk;
use crate::i18n::Lang;
use crate::io::badges::Layout;

/// How the desk prints badges (`checkin --printer NAME --badge-layout LAYOUT`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BadgePrinting {
    /// The `lp` printer; `None`: the PDF only.
    pub printer: Option<String>,
    pub layout: Layout,
}

pub fn perform(desk: &mut Desk, code: &str, lang: Lang) -> Action {
    let Some(person) = desk.person(code).cloned() else {
        return Action::Failed { message: format!("no registrant has the code {code}") };
    };
    let station = &mut desk.station;
    let written = station.desk_badge_path(code).and_then(|path| {
        station.write_badges(std::slice::from_ref(&person), desk.badges.layout, lang, &path).map(|_| path)
    });
    let path = match written {
        Ok(path) => path,
        Err(e) => return Action::Failed { message: format!("{e:#}") },
    };
    let printer = desk.badges.printer.clone();
    if let Some(name) = &printer
        && let Err(e) = crate::io::printer::print_pdf(name, &path, &format!("badge {code}"))
    {
        // Not printed, so not recorded: the PDF is there to print by hand.
        return Action::Failed { message: format!("{} written, not printed: {e}", path.display()) };
    }
    match station.record_badges_printed(std::slice::from_ref(&person.code), printer.as_deref()) {
        Ok(_) => Action::BadgePrinted { code: person.code, path: path.display().to_string(), printer },
        Err(e) => Action::Failed { message: e.to_string() },
    }
}
