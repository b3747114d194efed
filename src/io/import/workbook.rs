//! Workbooks (.xlsx, .xls, .ods) read cell by cell with calamine, as rows of text for the same
//! column mapping and row checks a CSV file gets.
//!
//! A cell becomes the text Excel shows for it, with two exceptions that matter for codes:
//! whole numbers are written without a decimal part (`950101300123`, not `950101300123.0`), and a
//! number too large to be held exactly (more than 15 digits: a barcode typed into a number cell)
//! is kept as `#DIGITS-LOST` so the row is refused rather than imported with other digits.
//! Dates become `YYYY-MM-DD`. The first sheet is read unless `--sheet` names another.

use std::io::{Cursor, Read, Seek};

use calamine::{Data, Reader, Sheets};

use super::ImportError;

/// The kinds of workbook calamine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkbookKind {
    Xlsx,
    Xls,
    Ods,
}

impl WorkbookKind {
    pub fn describe(self) -> &'static str {
        match self {
            WorkbookKind::Xlsx => "Excel workbook (.xlsx)",
            WorkbookKind::Xls => "Excel 97-2003 workbook (.xls)",
            WorkbookKind::Ods => "OpenDocument spreadsheet (.ods)",
        }
    }
}

/// A zipped workbook may unpack to at most this much: a registrant list of 100k people is about
/// 50 MB of XML, and a "zip bomb" must be refused before it is unpacked.
pub const MAX_UNPACKED_BYTES: u64 = 600 * 1024 * 1024;
/// Cells in the sheet read (rows × columns), checked before any cell is turned into text.
pub const MAX_CELLS: usize = 40_000_000;

/// What a number cell too large to be exact becomes; the row checks refuse it with its meaning.
pub(super) const DIGITS_LOST: &str = "#DIGITS-LOST";

/// One sheet's rows: the sheet's name and, per non-empty row, its number as Excel shows it
/// (1 for the first row) and its cells as text.
pub(super) struct Sheet {
    pub name: String,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Reads the sheet named `wanted` (any case), or the first one.
pub(super) fn read(bytes: &[u8], kind: WorkbookKind, wanted: Option<&str>) -> Result<Sheet, ImportError> {
    if kind != WorkbookKind::Xls {
        check_unpacked_size(Cursor::new(bytes))?;
    }
    let unreadable = |e: calamine::Error| {
        ImportError::NotATable(format!(
            "it looks like an {} but cannot be read ({e}): open it in Excel or LibreOffice and save it again",
            kind.describe()
        ))
    };
    let mut book: Sheets<Cursor<&[u8]>> = match kind {
        WorkbookKind::Xlsx => {
            Sheets::Xlsx(calamine::Xlsx::new(Cursor::new(bytes)).map_err(calamine::Error::Xlsx).map_err(unreadable)?)
        }
        WorkbookKind::Xls => {
            Sheets::Xls(calamine::Xls::new(Cursor::new(bytes)).map_err(calamine::Error::Xls).map_err(unreadable)?)
        }
        WorkbookKind::Ods => {
            Sheets::Ods(calamine::Ods::new(Cursor::new(bytes)).map_err(calamine::Error::Ods).map_err(unreadable)?)
        }
    };
    let names = book.sheet_names();
    let name = match wanted {
        None => names.first().cloned().ok_or(ImportError::Empty)?,
        Some(w) => names
            .iter()
            .find(|n| n.trim().to_lowercase() == w.trim().to_lowercase())
            .cloned()
            .ok_or_else(|| ImportError::NoSuchSheet { wanted: w.to_owned(), sheets: names.clone() })?,
    };
    let range = book.worksheet_range(&name).map_err(unreadable)?;
    let (height, width) = range.get_size();
    if height.saturating_mul(width) > MAX_CELLS {
        return Err(ImportError::NotATable(format!(
            "sheet «{name}» spans {height} rows × {width} columns, more than checkin reads ({MAX_CELLS} cells): \
             is it the registrant list? Delete the empty rows and columns around it"
        )));
    }
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_col = range.start().map_or(0, |(_, col)| col as usize);
    let mut rows = Vec::with_capacity(height);
    for (i, row) in range.rows().enumerate() {
        if row.iter().all(|c| matches!(c, Data::Empty) || matches!(c, Data::String(s) if s.trim().is_empty())) {
            continue;
        }
        // Columns left of the used range are empty: keep positions as Excel numbers them, so a
        // header and its data line up whatever column the table starts in.
        let mut cells = vec![String::new(); first_col];
        cells.extend(row.iter().map(cell_text));
        rows.push((first_row + i + 1, cells));
    }
    Ok(Sheet { name, rows })
}

/// Refuses a zip whose entries would unpack to more than [`MAX_UNPACKED_BYTES`].
fn check_unpacked_size<R: Read + Seek>(reader: R) -> Result<(), ImportError> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|e| {
        ImportError::NotATable(format!("it starts like a workbook but its zip structure is damaged ({e})"))
    })?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| {
            ImportError::NotATable(format!("it starts like a workbook but its zip structure is damaged ({e})"))
        })?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(ImportError::NotATable(format!(
            "the workbook unpacks to {} MB, more than checkin reads ({} MB): a registrant list is far smaller",
            total / (1024 * 1024),
            MAX_UNPACKED_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            }
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A number as the text it stands for: integers without a fraction, and no digits made up.
fn number_text(f: f64) -> String {
    // Above 2^53 not every integer is a float; Excel itself keeps 15 significant digits.
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else if f.fract() == 0.0 {
        DIGITS_LOST.to_owned()
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_their_digits() {
        assert_eq!(number_text(950101300123.0), "950101300123");
        assert_eq!(number_text(2005.0), "2005");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(1.5), "1.5");
        assert_eq!(number_text(12345678901234567890.0), DIGITS_LOST);
    }
}
