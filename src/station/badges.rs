//! Printing badges: whose, into which file, onto which printer, and the fact that records it —
//! for `checkin badges` and the desk's badge key alike.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::Station;
use crate::domain::{Fact, FactKind, Person};
use crate::i18n::Lang;
use crate::io::badges::{Badge, BadgeError, BadgeWriter, Layout, Occasion, Written};
use crate::store::StoreError;

/// How the desk prints badges (`checkin --printer NAME --badge-layout LAYOUT`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BadgePrinting {
    /// The `lp` printer; `None`: the PDF only.
    pub printer: Option<String>,
    pub layout: Layout,
}

/// Whose badges to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    All,
    /// Those whose badge was never printed.
    New,
    /// These codes, in this order (typed or scanned: any case, any keyboard layout).
    Codes(Vec<String>),
}

impl Who {
    /// `all`, `new`, or codes.
    pub fn parse(words: &[String]) -> Who {
        match words {
            [] => Who::All,
            [one] if one.eq_ignore_ascii_case("all") => Who::All,
            [one] if one.eq_ignore_ascii_case("new") => Who::New,
            codes => Who::Codes(codes.to_vec()),
        }
    }
}

impl Station {
    /// What every badge of this event shares, in `lang`.
    pub fn badge_occasion(&self, lang: Lang) -> Occasion {
        let event = self.program.as_ref().map(|p| p.name.get(lang.code()).to_owned()).unwrap_or_default();
        Occasion { event, lang, first_day: self.event_first_day() }
    }

    /// The people `who` names. Everyone (or everyone new) comes by delegation or country, then
    /// by name, as the badges are handed out; codes come in the order given. An unknown code is
    /// an error naming it, and nothing is printed.
    pub fn badge_people(&self, who: &Who) -> anyhow::Result<Vec<Person>> {
        let mut people: Vec<Person> = match who {
            Who::Codes(typed) => {
                let mut unknown = Vec::new();
                let mut found = Vec::new();
                for t in typed {
                    match self.resolve_code(t).map(str::to_owned) {
                        Some(code) => found.extend(self.person(&code)?),
                        None => unknown.push(t.as_str()),
                    }
                }
                if let Some(p) = found.iter().find(|p| !p.status.admitted()) {
                    anyhow::bail!(
                        "{} ({}) is {} and is never admitted: no badge for them; nothing printed",
                        p.code,
                        p.full_name(),
                        p.status.key()
                    );
                }
                if !unknown.is_empty() {
                    anyhow::bail!("no registrant has the code {}: nothing printed", unknown.join(", "));
                }
                return Ok(found);
            }
            // A cancelled, withdrawn or void registration gets no badge: it would look valid at a door.
            Who::All => self.store.people()?.into_iter().filter(|p| p.status.admitted()).collect(),
            Who::New => {
                let state = self.store.state();
                let unprinted = |p: &Person| state.badge_prints(&p.code).is_empty();
                self.store.people()?.into_iter().filter(|p| p.status.admitted() && unprinted(p)).collect()
            }
        };
        people.sort_by_cached_key(|p| {
            let group = if p.delegation.trim().is_empty() { p.country.clone() } else { p.delegation.clone() };
            (crate::text::fold::sort_key(&group), crate::text::fold::sort_key(&p.full_name()), p.code.clone())
        });
        Ok(people)
    }

    /// Writes the badges of `people` to `out` (readable by its owner only: it holds names and
    /// codes). The file appears whole or not at all: it is written beside and renamed.
    pub fn write_badges(&self, people: &[Person], layout: Layout, lang: Lang, out: &Path) -> anyhow::Result<Written> {
        let occasion = self.badge_occasion(lang);
        let title =
            if occasion.event.is_empty() { "Badges".to_owned() } else { format!("{} — badges", occasion.event) };
        // A badge error is carried out of the writer as an io error, so the file is never put in place.
        let written = crate::io::write_private(out, |file| {
            let badge_error = |e: BadgeError| std::io::Error::other(e.to_string());
            let mut writer = BadgeWriter::new(file, layout).map_err(badge_error)?;
            for p in people {
                writer.add(&Badge::of(p, &occasion)).map_err(badge_error)?;
            }
            let (_, written) = writer.finish(&title).map_err(badge_error)?;
            Ok(written)
        });
        written.with_context(|| format!("cannot write {}", out.display()))
    }

    /// Records that the badges of `codes` were printed (sent to `printer`, if any), in one
    /// durable write.
    pub fn record_badges_printed(&mut self, codes: &[String], printer: Option<&str>) -> Result<Vec<Fact>, StoreError> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let kinds = codes
            .iter()
            .map(|code| FactKind::BadgePrinted { code: code.clone(), printer: printer.map(str::to_owned) })
            .collect();
        let now = self.now();
        self.store.record_many(now, &self.operator, kinds)
    }

    /// The desk's badge key: `person`'s badge to a PDF next to the data folder, to the printer
    /// when one is configured, and the printing recorded. The PDF's path, or why nothing was
    /// recorded.
    pub fn print_badge(&mut self, person: &Person, printing: &BadgePrinting, lang: Lang) -> Result<PathBuf, String> {
        let path = self
            .desk_badge_path(&person.code)
            .and_then(|path| {
                self.write_badges(std::slice::from_ref(person), printing.layout, lang, &path).map(|_| path)
            })
            .map_err(|e| format!("{e:#}"))?;
        if let Some(name) = &printing.printer {
            // Not printed, so not recorded: the PDF is there to print by hand.
            crate::io::printer::print_pdf(name, &path, &format!("badge {}", person.code))
                .map_err(|e| format!("{} written, not printed: {e}", path.display()))?;
        }
        self.record_badges_printed(std::slice::from_ref(&person.code), printing.printer.as_deref())
            .map_err(|e| e.to_string())?;
        Ok(path)
    }

    /// Where the desk puts a badge it prints: a `badges` folder next to the data folder (only
    /// its owner may read it), by code and time.
    pub fn desk_badge_path(&self, code: &str) -> anyhow::Result<PathBuf> {
        let dir = self.store.dir();
        let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(dir);
        let folder = parent.join("badges");
        create_private_dir(&folder).with_context(|| format!("cannot create {}", folder.display()))?;
        let stamp = self.local_now().format("%Y-%m-%d-%H%M%S");
        Ok(folder.join(format!("badge-{}-{stamp}.pdf", file_safe(code))))
    }
}

/// A code as part of a file name: letters, digits, `-` and `_`; anything else (`/` in a ticket
/// secret) becomes `_`.
fn file_safe(code: &str) -> String {
    code.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_reads_all_new_or_codes() {
        assert_eq!(Who::parse(&[]), Who::All);
        assert_eq!(Who::parse(&["NEW".into()]), Who::New);
        assert_eq!(Who::parse(&["all".into()]), Who::All);
        assert_eq!(Who::parse(&["kz-1".into(), "new".into()]), Who::Codes(vec!["kz-1".into(), "new".into()]));
    }

    #[test]
    fn a_code_is_safe_in_a_file_name() {
        assert_eq!(file_safe("KZ-000017"), "KZ-000017");
        assert_eq!(file_safe("../a/b c"), "___a_b_c");
    }
}
