//! The desk's badge key: one person's badge to a PDF next to the data folder, to the printer
//! when one is configured, and the printing recorded — or a message saying what did not happen.

use std::path::PathBuf;

use crate::domain::Person;
use crate::i18n::Lang;
use crate::io::badges::Layout;
use crate::station::Station;

/// How the desk prints badges (`checkin --printer NAME --badge-layout LAYOUT`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BadgePrinting {
    /// The `lp` printer; `None`: the PDF only.
    pub printer: Option<String>,
    pub layout: Layout,
}

/// Prints `person`'s badge and records it; the PDF's path, or why nothing was recorded.
pub fn print(station: &mut Station, person: &Person, printing: &BadgePrinting, lang: Lang) -> Result<PathBuf, String> {
    let path = station
        .desk_badge_path(&person.code)
        .and_then(|path| station.write_badges(std::slice::from_ref(person), printing.layout, lang, &path).map(|_| path))
        .map_err(|e| format!("{e:#}"))?;
    if let Some(name) = &printing.printer {
        // Not printed, so not recorded: the PDF is there to print by hand.
        crate::io::printer::print_pdf(name, &path, &format!("badge {}", person.code))
            .map_err(|e| format!("{} written, not printed: {e}", path.display()))?;
    }
    station
        .record_badges_printed(std::slice::from_ref(&person.code), printing.printer.as_deref())
        .map_err(|e| e.to_string())?;
    Ok(path)
}
