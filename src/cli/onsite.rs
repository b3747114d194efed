//! `checkin export onsite --out FILE`: the evacuation roll-call as CSV, a workbook or a printable page.

use std::path::Path;

use super::Global;
use super::output::outln;
use crate::i18n::Lang;
use crate::station::Format;

pub fn export(g: &Global, out: &Path, format: Option<Format>, delimiter: Option<&str>) -> anyhow::Result<()> {
    let delimiter = delimiter.map(crate::io::sheet::parse_delimiter).transpose().map_err(anyhow::Error::msg)?;
    let station = super::data::open(g)?;
    let lang = g.lang.unwrap_or_else(Lang::from_locale);
    let n = station.write_roll_call(out, format.unwrap_or_else(|| Format::of(out)), lang, delimiter)?;
    outln!("{n} people on site written to {}", out.display())?;
    Ok(())
}
