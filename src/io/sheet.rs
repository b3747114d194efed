//! Tables written for Excel: the attendance sheet and the roll-call, as CSV or as a workbook.
//!
//! - **CSV** is UTF-8 with a byte-order mark (Excel reads it as UTF-8 only then), separated by
//!   `;` when the interface language is Kazakh or Russian — Excel's list separator there, so the
//!   file opens in columns, not in one — else by `,`; `--delimiter` overrides. A cell that Excel
//!   would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets
//!   a `'` in front, as pretix and Indico do: a registrant named `=HYPERLINK(…)` stays text.
//! - **.xlsx** (rust_xlsxwriter): every cell is written as text, which Excel never evaluates.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use crate::i18n::Lang;

/// Excel only takes a CSV as UTF-8 when it starts with a byte-order mark.
pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Csv { delimiter: u8 },
    Xlsx,
}

impl SheetFormat {
    /// A workbook for a `.xlsx` file; else CSV with `delimiter`, or the one Excel expects in
    /// `lang`'s locale.
    pub fn for_path(path: &Path, lang: Lang, delimiter: Option<u8>) -> SheetFormat {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("xlsx") => SheetFormat::Xlsx,
            _ => SheetFormat::Csv { delimiter: delimiter.unwrap_or_else(|| list_separator(lang)) },
        }
    }
}

/// The list separator of Excel in the language's usual locale: `;` where the decimal mark is
/// a comma (kk-KZ, ru-RU), `,` in English.
pub fn list_separator(lang: Lang) -> u8 {
    match lang {
        Lang::Kk | Lang::Ru => b';',
        Lang::En => b',',
    }
}

/// Reads a `--delimiter` argument: one character of `,` `;` or tab (`\t`, `tab`).
pub fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "\t" | "\\t" | "tab" => Ok(b'\t'),
        _ => Err(format!("--delimiter takes , or ; or tab, not «{s}»")),
    }
}

/// A cell as a CSV cell Excel shows as the text it is: a `'` before what would be a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Writes `header` and `rows` to `out` as `format`; returns how many rows.
pub fn write_table<W: Write>(
    out: W,
    format: SheetFormat,
    sheet_name: &str,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> std::io::Result<usize> {
    write_table_headed(out, format, sheet_name, None, header, rows)
}

/// [`write_table`] with a `heading` line of one cell above the header (how complete a roll-call
/// is), when there is one.
pub fn write_table_headed<W: Write>(
    mut out: W,
    format: SheetFormat,
    sheet_name: &str,
    heading: Option<&str>,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> std::io::Result<usize> {
    let mut n = 0;
    match format {
        SheetFormat::Csv { delimiter } => {
            out.write_all(UTF8_BOM)?;
            let mut csv = csv::WriterBuilder::new().delimiter(delimiter).flexible(true).from_writer(out);
            if let Some(heading) = heading {
                csv.write_record([neutralise(heading).as_ref()])?;
            }
            csv.write_record(header)?;
            for row in rows {
                csv.write_record(row.iter().map(|c| neutralise(c).into_owned()))?;
                n += 1;
            }
            csv.flush()?;
        }
        SheetFormat::Xlsx => {
            let xlsx = |e: rust_xlsxwriter::XlsxError| std::io::Error::other(e.to_string());
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            sheet.set_name(sheet_name).map_err(xlsx)?;
            let bold = rust_xlsxwriter::Format::new().set_bold();
            let top = u32::from(heading.is_some());
            if let Some(heading) = heading {
                sheet.write_string_with_format(0, 0, heading, &bold).map_err(xlsx)?;
            }
            for (c, h) in header.iter().enumerate() {
                sheet.write_string_with_format(top, c as u16, *h, &bold).map_err(xlsx)?;
            }
            for row in rows {
                n += 1;
                for (c, cell) in row.iter().enumerate() {
                    if !cell.is_empty() {
                        sheet.write_string(top + n as u32, c as u16, cell).map_err(xlsx)?;
                    }
                }
            }
            sheet.set_freeze_panes(top + 1, 0).map_err(xlsx)?;
            out.write_all(&book.save_to_buffer().map_err(xlsx)?)?;
            out.flush()?;
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_stay_text() {
        for cell in ["=HYPERLINK(\"http://x\")", "+7 701", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        assert_eq!(neutralise("Омарова"), "Омарова");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn csv_uses_the_locales_separator_and_a_bom() {
        let mut out = Vec::new();
        let format = SheetFormat::for_path(Path::new("a.csv"), Lang::Ru, None);
        write_table(&mut out, format, "x", &["code", "name"], [vec!["K1".into(), "=1+1".into()]]).unwrap();
        assert_eq!(out, "\u{feff}code;name\nK1;'=1+1\n".as_bytes());
        assert_eq!(SheetFormat::for_path(Path::new("a.csv"), Lang::En, None), SheetFormat::Csv { delimiter: b',' });
        assert_eq!(
            SheetFormat::for_path(Path::new("a.csv"), Lang::Kk, Some(b',')),
            SheetFormat::Csv { delimiter: b',' }
        );
        assert_eq!(SheetFormat::for_path(Path::new("A.XLSX"), Lang::Kk, None), SheetFormat::Xlsx);
    }

    #[test]
    fn a_workbook_reads_back_as_written() {
        let mut out = Vec::new();
        let rows = [vec!["K1".to_owned(), "=HYPERLINK(1)".to_owned()], vec!["007".to_owned(), "Әсел".to_owned()]];
        write_table(&mut out, SheetFormat::Xlsx, "attendance", &["code", "given_name"], rows).unwrap();
        let parsed = crate::io::import::parse_registrants(&out, &Default::default()).unwrap();
        let codes: Vec<_> = parsed.people.iter().map(|p| (p.person.code.as_str(), p.person.given.as_str())).collect();
        assert_eq!(codes, [("K1", "=HYPERLINK(1)"), ("007", "Әсел")], "text, not a formula; zeros kept");
    }
}
