//! `checkin scan --out`: check-out verdicts, one line per code, each printed only after the
//! write that holds it is durable (the burst loop is `scan`'s).
//!
//! ```text
//! OUT      KZ-000017  Тоқаева Гаухар Мұратқызы
//! OUT      KZ-000019  Иванов Максим Максимович  collected by Тоқаева Гаухар Мұратқызы
//! REFUSED  KZ-000019  Иванов Максим Максимович  minor: "Петров Пётр" is not an authorised adult; authorised: …
//! NOT-IN   KZ-000020  Омарова Асель             not on site today
//! WARN     KZ-000017  Тоқаева Гаухар Мұратқызы  last adult on site of 4 children of Ақтөбе — 1: …
//! UNKNOWN  XX-1
//! ```
//!
//! A line may carry its own collector after a tab (`KZ-000019<TAB>KZ-000017`: the child's badge,
//! then the chaperone's); otherwise `--collected-by` names them for every line.

use std::io::Write;

use crate::domain::FactKind;
use crate::domain::authority::{Authority, vouch};
use crate::domain::safeguarding::{CheckOutRefusal, CheckOutRequest, Collector, LAST_ADULT_NOTE, OVERRIDE_NOTE};
use crate::station::CheckOut;
use crate::station::Station;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct CheckOutArgs {
    /// Check people out at the exit instead of in: adults leave, a minor only with an authorised
    /// adult named by --collected-by (or after a tab on the line)
    #[arg(long)]
    pub out: bool,
    /// With --out: who is collecting (name as on their ID, or their badge code)
    #[arg(long, value_name = "NAME", requires = "out")]
    pub collected_by: Option<String>,
    /// Let people through despite a warning, recording REASON with the fact: with --session, a
    /// check-in outside the session's time or audience rule; with --out, a minor released to a
    /// collector who is not authorised, or the last chaperone on site of children who stay
    /// (an organiser's decision)
    #[arg(long = "override", value_name = "REASON")]
    pub override_reason: Option<String>,
    /// With --out --override: the organiser who decides, by their badge code (or set
    /// CHECKIN_ORGANISER_PASSPHRASE to the organisers' passphrase instead)
    #[arg(long, value_name = "BADGE", requires = "out")]
    pub organiser: Option<String>,
}

/// Where `scan --out --override` takes the organisers' passphrase from (never the command line,
/// which other users can list).
pub const PASSPHRASE_VAR: &str = "CHECKIN_ORGANISER_PASSPHRASE";

impl CheckOutArgs {
    pub fn validate(&self, session: Option<&str>) -> anyhow::Result<()> {
        anyhow::ensure!(
            !(self.out && session.is_some()),
            "--out checks people out of the venue; it takes no --session"
        );
        anyhow::ensure!(
            self.override_reason.is_none() || session.is_some() || self.out,
            "--override needs --session (a host's override) or --out (an organiser's)"
        );
        anyhow::ensure!(
            !(self.out && self.override_reason.is_some()) || self.authority().is_some(),
            "--out --override needs an organiser: --organiser BADGE, or the organisers' passphrase in {PASSPHRASE_VAR}"
        );
        Ok(())
    }

    /// The organiser's word for an override at the exit: their badge, else the passphrase.
    fn authority(&self) -> Option<Authority> {
        match &self.organiser {
            Some(badge) => Some(Authority::Badge(badge.clone())),
            None => std::env::var(PASSPHRASE_VAR).ok().filter(|p| !p.is_empty()).map(Authority::Passphrase),
        }
    }

    /// The override's reason as the writer takes it: behind the organiser's word.
    fn vouched_reason(&self) -> Option<String> {
        let reason = self.override_reason.as_deref()?;
        Some(match self.authority() {
            Some(authority) => vouch(&authority, reason),
            None => reason.to_owned(),
        })
    }
}

/// Checks out a burst of lines and prints a verdict per line.
pub fn check_out_burst(
    station: &mut Station,
    lines: &[&str],
    args: &CheckOutArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let parsed: Vec<(&str, Option<&str>)> = lines
        .iter()
        .map(|line| match line.split_once('\t') {
            Some((code, collector)) if !collector.trim().is_empty() => (code.trim(), Some(collector.trim())),
            _ => (line.trim(), args.collected_by.as_deref()),
        })
        .collect();
    let reason = args.vouched_reason();
    let requests: Vec<(&str, CheckOutRequest)> = parsed
        .iter()
        .map(|(code, collector)| {
            (*code, CheckOutRequest { collected_by: *collector, override_reason: reason.as_deref() })
        })
        .collect();
    let outcomes = station.check_out_many(&requests)?;
    for ((typed, _), outcome) in parsed.iter().zip(outcomes) {
        writeln!(out, "{}", verdict(station, typed, &outcome))?;
    }
    out.flush()?;
    Ok(())
}

/// One tab-separated line for a check-out outcome.
pub fn verdict(station: &Station, typed: &str, outcome: &CheckOut) -> String {
    let code = station.resolve_code(typed).unwrap_or(typed).to_owned();
    let name = station.person(&code).ok().flatten().map(|p| p.full_name()).unwrap_or_default();
    match outcome {
        CheckOut::Done(fact) => match &fact.kind {
            FactKind::CheckedOut { collected_by: Some(by), note, .. } => {
                let why =
                    note.as_deref().and_then(|n| n.strip_prefix(OVERRIDE_NOTE)).map(|r| format!("\toverride: {r}"));
                format!("OUT\t{code}\t{name}\tcollected by {by}{}", why.unwrap_or_default())
            }
            FactKind::CheckedOut { note: Some(note), .. } if note.starts_with(LAST_ADULT_NOTE) => {
                format!("OUT\t{code}\t{name}\toverride: {note}")
            }
            _ => format!("OUT\t{code}\t{name}"),
        },
        CheckOut::Refused(CheckOutRefusal::LastAdult { children }) => {
            let delegation = station.person(&code).ok().flatten().map(|p| p.delegation).unwrap_or_default();
            let names: Vec<String> = children
                .iter()
                .map(|c| {
                    station.person(c).ok().flatten().map_or_else(|| c.clone(), |p| format!("{} ({c})", p.full_name()))
                })
                .collect();
            format!(
                "WARN\t{code}\t{name}\tlast adult on site of {} of {delegation}: {}; nothing recorded (--override REASON lets them out)",
                crate::i18n::count(crate::i18n::Lang::En, children.len() as u64, &crate::i18n::CHILD),
                names.join("; ")
            )
        }
        CheckOut::Refused(CheckOutRefusal::NotIn) => {
            let why = match station.state().status(&station.venue_today(), &code) {
                crate::domain::AttendanceStatus::Out { at, collected_by } => {
                    let at = at.with_timezone(&station.offset()).format("%H:%M");
                    let by = collected_by.map(|c| format!(" with {c}")).unwrap_or_default();
                    format!("already left at {at}{by}")
                }
                _ => "not checked in today".to_owned(),
            };
            format!("NOT-IN\t{code}\t{name}\t{why}")
        }
        CheckOut::Refused(CheckOutRefusal::NeedsCollector { authorised }) => {
            format!("REFUSED\t{code}\t{name}\tminor: name who collects them (--collected-by); {}", list(authorised))
        }
        CheckOut::Refused(CheckOutRefusal::NotAuthorised { named, authorised }) => {
            format!("REFUSED\t{code}\t{name}\tminor: {named:?} is not an authorised adult; {}", list(authorised))
        }
        CheckOut::Unknown => format!("UNKNOWN\t{}", crate::text::sanitize::sanitize(typed)),
    }
}

/// "authorised: Name (chaperone, KZ-000017); Name (mother)" — no phones on a terminal log.
fn list(authorised: &[Collector]) -> String {
    if authorised.is_empty() {
        return "no authorised adult is registered: an organiser must decide".to_owned();
    }
    let each = authorised.iter().map(|c| {
        let mut about: Vec<&str> = Vec::new();
        if !c.relation.is_empty() {
            about.push(&c.relation);
        }
        if let Some(code) = &c.code {
            about.push(code);
        }
        if about.is_empty() { c.name.clone() } else { format!("{} ({})", c.name, about.join(", ")) }
    });
    format!("authorised: {}", each.collect::<Vec<_>>().join("; "))
}
