//! Writing the roll-call ([`RollCall`]) to a file, for `checkin export onsite` and the on-site
//! screen's Ctrl+P.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::Station;
use crate::domain::rollcall::RollCall;
use crate::i18n::Lang;

/// How a roll-call is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Html,
}

impl Format {
    /// `.html` / `.htm` is a page; anything else a CSV sheet.
    pub fn of(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("html" | "htm") => Format::Html,
            _ => Format::Csv,
        }
    }
}

impl Station {
    /// Writes today's roll-call to `out`; returns how many people are on it.
    pub fn write_roll_call(&self, out: &Path, format: Format, lang: Lang) -> anyhow::Result<usize> {
        let people = self.store.people()?;
        let roll = RollCall::build(&people, self.store.state(), self.today(), self.event_year());
        let offset = self.offset();
        let written = crate::io::write_private(out, |writer| match format {
            Format::Csv => crate::io::rollcall::write_csv(writer, &roll, offset),
            Format::Html => {
                let title = self.program.as_ref().map(|p| p.name.get(lang.code()).to_owned()).unwrap_or_default();
                let at = self.local_now().format("%Y-%m-%d %H:%M").to_string();
                crate::io::rollcall::write_html(writer, &roll, lang, &title, &at, offset)
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
