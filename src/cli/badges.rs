//! `checkin badges --out FILE.pdf [--who all|new|CODE…] [--layout …] [--printer NAME]`.

use std::path::Path;
use std::process::ExitCode;

use super::Global;
use super::output::outln;
use crate::i18n::Lang;
use crate::io::badges::Layout;
use crate::station::Who;

pub struct BadgeArgs<'a> {
    pub out: &'a Path,
    pub who: &'a [String],
    pub layout: Layout,
    pub printer: Option<&'a str>,
    pub preview: bool,
}

pub fn run(g: &Global, args: BadgeArgs) -> anyhow::Result<ExitCode> {
    let mut station = super::data::open(g)?;
    let lang = g.lang.unwrap_or_else(Lang::from_locale);
    let people = station.badge_people(&Who::parse(args.who))?;
    if people.is_empty() {
        outln!("no badges to print: every registrant's badge has been printed (--who all prints them again)")?;
        return Ok(ExitCode::SUCCESS);
    }
    let reprints = people.iter().filter(|p| !station.state().badge_prints(&p.code).is_empty()).count();
    let written = station.write_badges(&people, args.layout, lang, args.out)?;
    for (code, chars) in &written.missing_glyphs {
        eprintln!("checkin: the badge of {code} has characters no built-in font has (printed as a box): {chars}");
    }
    if let Some(printer) = args.printer {
        crate::io::printer::print_pdf(printer, args.out, "badges")
            .map_err(|e| anyhow::anyhow!("{} written, but not printed: {e}", args.out.display()))?;
    }
    let codes: Vec<String> = people.into_iter().map(|p| p.code).collect();
    if !args.preview {
        station.record_badges_printed(&codes, args.printer)?;
    }
    let reprinted = if reprints > 0 { format!(", {reprints} of them reprints") } else { String::new() };
    let recorded = if args.preview { "; not recorded as printed (--preview)" } else { "" };
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    outln!(
        "{} on {} written to {}{reprinted}{recorded}",
        plural(written.badges, "badge", "badges"),
        plural(written.pages, "page", "pages"),
        args.out.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
