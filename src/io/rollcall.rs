//! The evacuation roll-call on paper and in Excel: everyone on site now, grouped by delegation,
//! with the chaperones' phones. CSV (UTF-8 with BOM, like the attendance sheet) and a printable
//! HTML page in the interface language. Medical notes never appear here.

use std::io::Write;

use chrono::FixedOffset;

use crate::domain::rollcall::{Chaperone, Present, RollCall};
use crate::i18n::{self, Lang, T};

const HEADER: [&str; 11] = [
    "delegation",
    "chaperones",
    "code",
    "family_name",
    "given_name",
    "patronymic",
    "category",
    "minor",
    "in_since",
    "station",
    "contact",
];

/// One row per person on site, as a CSV or a workbook ([`super::sheet`]), after a line saying
/// how complete the list is (`complete`) when there is one; returns how many.
pub fn write_sheet(
    out: impl Write,
    format: super::sheet::SheetFormat,
    roll: &RollCall<'_>,
    complete: Option<&str>,
    offset: FixedOffset,
) -> std::io::Result<usize> {
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(roll.len());
    for g in &roll.groups {
        let chaperones = g.chaperones.iter().map(contact_of).collect::<Vec<_>>().join("; ");
        for m in &g.members {
            let p = m.person;
            let row = [
                g.delegation.as_str(),
                &chaperones,
                &p.code,
                &p.family,
                &p.given,
                &p.patronymic,
                p.category.key(),
                if m.minor { "yes" } else { "no" },
                &m.since.with_timezone(&offset).format("%Y-%m-%d %H:%M").to_string(),
                &m.station,
                &contact(m),
            ];
            rows.push(row.map(str::to_owned).to_vec());
        }
    }
    super::sheet::write_table_headed(out, format, "on site", complete, &HEADER, rows)
}

/// Whom to call about this person: a minor's responsible adults, else their own phone.
pub fn contact(m: &Present<'_>) -> String {
    if m.minor {
        let adults = m.person.responsible_adults.iter().map(|a| format!("{} {}", a.name, a.phone).trim().to_owned());
        adults.collect::<Vec<_>>().join("; ")
    } else {
        m.person.phone.clone()
    }
}

fn contact_of(c: &Chaperone) -> String {
    format!("{} {}", c.name, c.phone).trim().to_owned()
}

/// A page to print: how complete it is (`complete`, when stations on other machines add to
/// it), a heading per delegation with its chaperones and phones, then a table with a box to tick
/// per person.
pub fn write_html(
    mut out: impl Write,
    roll: &RollCall<'_>,
    lang: Lang,
    title: &str,
    at: &str,
    complete: Option<&str>,
    offset: FixedOffset,
) -> std::io::Result<usize> {
    let t = |key: T| esc(key.get(lang));
    writeln!(out, "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">", lang.code())?;
    writeln!(out, "<title>{} — {}</title>", t(T::RollTitle), esc(title))?;
    writeln!(
        out,
        "<style>body{{font-family:sans-serif;font-size:11pt}}h2{{margin:1.2em 0 .2em;page-break-after:avoid}}\
         table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #999;padding:2px 6px;text-align:left}}\
         .box{{width:1.5em}}.away{{color:#666}}</style></head><body>"
    )?;
    writeln!(out, "<h1>{} — {}</h1>", t(T::RollTitle), esc(title))?;
    if let Some(complete) = complete {
        writeln!(out, "<p><b>{}</b></p>", esc(complete))?;
    }
    let total = i18n::count(lang, roll.len() as u64, &i18n::PERSON);
    writeln!(out, "<p>{} · {} · {}: {}</p>", esc(at), esc(&total), t(T::DashChildren), roll.minors())?;
    for g in &roll.groups {
        let name = if g.delegation.is_empty() { T::RollNoDelegation.get(lang) } else { g.delegation.as_str() };
        let count = if g.registered > 0 {
            format!("{} {} {}", g.members.len(), t(T::StatusOf), g.registered)
        } else {
            g.members.len().to_string()
        };
        writeln!(out, "<h2>{} <small>({count})</small></h2>", esc(name))?;
        if !g.chaperones.is_empty() {
            let list: Vec<String> = g
                .chaperones
                .iter()
                .map(|c| {
                    let away = if c.on_site {
                        String::new()
                    } else {
                        format!(" <span class=\"away\">({})</span>", t(T::RollAway))
                    };
                    format!("{} <b>{}</b>{away}", esc(&c.name), esc(&c.phone))
                })
                .collect();
            writeln!(out, "<p>{}: {}</p>", t(T::RollChaperones), list.join("; "))?;
        }
        writeln!(
            out,
            "<table><tr><th class=\"box\"></th><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            t(T::ColName),
            t(T::ColCategory),
            t(T::MarkMinor),
            t(T::RollSince),
            t(T::RollContact)
        )?;
        for (i, m) in g.members.iter().enumerate() {
            writeln!(
                out,
                "<tr><td class=\"box\">☐</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                esc(&m.person.full_name()),
                t(T::category(m.person.category)),
                if m.minor { t(T::MarkMinor) } else { String::new() },
                m.since.with_timezone(&offset).format("%H:%M"),
                esc(&contact(m))
            )?;
        }
        writeln!(out, "</table>")?;
    }
    writeln!(out, "</body></html>")?;
    out.flush()?;
    Ok(roll.len())
}

fn esc(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            c => s.push(c),
        }
    }
    s
}
