//! `checkin import` and `checkin sample`: registrants in, and the deterministic sample out.

use super::output::outln;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use super::Global;
use crate::io::import::{ImportOptions, parse_category_arg, parse_map_arg, parse_registrants, parse_status_arg};
use crate::io::sample;

/// Largest registrant file read into memory: far above any real event, far below trouble.
const MAX_IMPORT_BYTES: u64 = 512 * 1024 * 1024;
/// How many codes a summary lists before saying "and N more".
const SHOWN_CODES: usize = 10;

pub fn import(
    g: &Global,
    file: &Path,
    dry_run: bool,
    maps: &[String],
    read: &super::ImportArgs,
) -> anyhow::Result<ExitCode> {
    let overrides =
        maps.iter().map(|m| parse_map_arg(m).map_err(anyhow::Error::msg)).collect::<anyhow::Result<Vec<_>>>()?;
    let categories = read
        .categories
        .iter()
        .map(|m| parse_category_arg(m).map_err(anyhow::Error::msg))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let statuses = read
        .statuses
        .iter()
        .map(|m| parse_status_arg(m).map_err(anyhow::Error::msg))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut station = super::data::open(g)?;
    if !dry_run {
        // Said first, not after the column mapping, where it would be missed.
        station.folder().must_own("importing registrants")?;
    }
    let size = std::fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?.len();
    anyhow::ensure!(size <= MAX_IMPORT_BYTES, "{} is {size} bytes: too large for a registrant list", file.display());
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let opts = ImportOptions {
        overrides,
        sheet: read.sheet.clone(),
        categories,
        statuses,
        accept_damaged: read.accept_damaged,
        assign_codes: read.assign_codes,
        first_day: Some(station.event_first_day()),
    };
    let parsed = parse_registrants(&bytes, &opts)
        .map_err(|e| anyhow::anyhow!("{}: {e}. Nothing was imported", file.display()))?;

    outln!("{}: {}", file.display(), parsed.summary())?;
    for (header, field) in &parsed.columns {
        let target = field.map_or("kept as an extra field".to_owned(), |f| format!("→ {}", f.canonical()));
        outln!("  column {header:?} {target}")?;
    }
    for w in &parsed.warnings {
        eprintln!("{}: warning: {}", file.display(), parsed.describe(w));
    }
    if let Some(message) = parsed.unknown_message() {
        eprintln!("{}: {message}", file.display());
    }
    if !parsed.problems.is_empty() || !parsed.unknown.is_empty() {
        for p in &parsed.problems {
            eprintln!("{}: {}", file.display(), parsed.describe(p));
        }
        let n = parsed.problems.len() + usize::from(!parsed.unknown.is_empty());
        eprintln!(
            "{n} {} in {}; nothing was imported. Fix what is listed above and import again",
            if n == 1 { "problem" } else { "problems" },
            file.display()
        );
        return Ok(ExitCode::FAILURE);
    }

    let people: Vec<_> = parsed.people.into_iter().map(|row| row.person).collect();
    let summary = if dry_run { station.folder().plan_import(&people)? } else { station.folder().import(&people)? };
    let verb = if dry_run { "would add" } else { "added" };
    let verb2 = if dry_run { "would update" } else { "updated" };
    outln!("{verb} {}{}", summary.added.len(), shorten(&summary.added))?;
    outln!("{verb2} {}{}", summary.updated.len(), shorten(&summary.updated))?;
    outln!("unchanged {}", summary.unchanged)?;
    if !summary.missing.is_empty() {
        outln!(
            "no longer in the file {}{} (kept as they were, check-ins included; cancel them in the registration \
             system and import its export to mark them)",
            summary.missing.len(),
            shorten(&summary.missing)
        )?;
    }
    if dry_run {
        outln!("dry run: nothing was written")?;
    } else {
        super::data::publish(&mut station)?;
        station.refresh()?;
        if station.is_demo() {
            outln!("note: this data folder still holds the demo event; use a new --data folder for the real one")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// ": … and 8 more", or nothing for no codes.
fn shorten(codes: &[String]) -> String {
    if codes.is_empty() {
        return String::new();
    }
    let mut text = ": ".to_owned() + &codes.iter().take(SHOWN_CODES).cloned().collect::<Vec<_>>().join(", ");
    if codes.len() > SHOWN_CODES {
        text.push_str(&format!(" … and {} more", codes.len() - SHOWN_CODES));
    }
    text
}

pub fn sample(count: usize, seed: u64, out: &Path) -> anyhow::Result<ExitCode> {
    let program = sample::sample_program()?;
    // Streamed: a million people never sit in memory at once.
    let people = sample::people(count, seed, &program);
    if out == Path::new("-") {
        let stdout = std::io::stdout();
        sample::write_csv_stream(people, BufWriter::new(stdout.lock()))?;
    } else {
        let file = File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
        let mut w = BufWriter::new(file);
        sample::write_csv_stream(people, &mut w).with_context(|| format!("cannot write {}", out.display()))?;
        w.flush()?;
        eprintln!("{count} registrants (seed {seed}) written to {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}
