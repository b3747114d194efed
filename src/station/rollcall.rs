//! Writing the roll-call ([`RollCall`]) to a file, for `checkin export onsite` and the on-site
//! screen's Ctrl+P.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::Station;
use crate::domain::rollcall::RollCall;
use crate::i18n::Lang;
use crate::io::sheet::SheetFormat;

/// How a roll-call is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Html,
    Xlsx,
}

impl Format {
    /// `.html` / `.htm` is a page, `.xlsx` a workbook; anything else a CSV sheet.
    pub fn of(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("html" | "htm") => Format::Html,
            Some("xlsx") => Format::Xlsx,
            _ => Format::Csv,
        }
    }
}

impl Station {
    /// Writes today's roll-call to `out`, headed by how complete it is when the event has
    /// stations on other machines; returns how many people are on it.
    /// A CSV is separated as Excel expects in `lang`'s locale unless `delimiter` says otherwise.
    pub fn write_roll_call(
        &self,
        out: &Path,
        format: Format,
        lang: Lang,
        delimiter: Option<u8>,
    ) -> anyhow::Result<usize> {
        let people = self.store.people()?;
        let roll = RollCall::build(&people, self.store.state(), self.today(), self.event_first_day());
        let offset = self.offset();
        // Who is missing from it when stations on other machines let people in too.
        let complete = self.completeness(self.reach().as_ref(), lang);
        let complete = complete.as_deref();
        let written = crate::io::write_private(out, |writer| match format {
            Format::Csv => {
                let delimiter = delimiter.unwrap_or_else(|| crate::io::sheet::list_separator(lang));
                crate::io::rollcall::write_sheet(writer, SheetFormat::Csv { delimiter }, &roll, complete, offset)
            }
            Format::Xlsx => crate::io::rollcall::write_sheet(writer, SheetFormat::Xlsx, &roll, complete, offset),
            Format::Html => {
                let title = self.program.as_ref().map(|p| p.name.get(lang.code()).to_owned()).unwrap_or_default();
                let at = self.local_now().format("%Y-%m-%d %H:%M").to_string();
                crate::io::rollcall::write_html(writer, &roll, lang, &title, &at, complete, offset)
            }
        });
        written.with_context(|| format!("cannot write {}", out.display()))
    }

    /// Where the desk puts a roll-call page and sheet: next to the data folder, by day and time.
    pub fn roll_call_paths(&self) -> (PathBuf, PathBuf) {
        let dir = self.store.dir();
        let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(dir);
        let stamp = self.local_now().format("%Y-%m-%d-%H%M");
        (parent.join(format!("rollcall-{stamp}.html")), parent.join(format!("onsite-{stamp}.csv")))
    }
}
