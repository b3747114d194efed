//! Workbooks (.xlsx, .xls, .ods) read cell by cell with calamine, as rows of text for the same
//! column mapping and row checks a CSV file gets.
//!
//! A cell becomes the text Excel shows for it, with two exceptions that matter for codes:
//! whole numbers are written without a decimal part (`950101300123`, not `950101300123.0`), and a
//! number too large to be held exactly (more than 15 digits: a barcode typed into a number cell)
//! is kept as `#DIGITS-LOST` so the row is refused rather than imported with other digits.
//! Dates become `YYYY-MM-DD`. The first sheet is read unless `--sheet` names another.
//!
//! The sheet is read in a thread of its own and handed over a few hundred rows at a time, so
//! its rows are checked while calamine still reads the XML (which is most of an import's time):
//! only those few hundred rows are held, and a panic inside calamine is a refusal, not a crash.

use std::io::{Cursor, Read, Seek};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{Data, DataRef, Reader, Sheets};

use super::ImportError;
use super::headers::MAX_COLUMNS;

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
/// Cells of an .xls or .ods sheet (rows × columns of the range calamine builds), checked before
/// any cell is turned into text. An .xlsx is streamed and needs no such limit.
pub const MAX_CELLS: usize = 40_000_000;

/// What a number cell too large to be exact becomes; the row checks refuse it with its meaning.
pub(super) const DIGITS_LOST: &str = "#DIGITS-LOST";

/// Rows handed over at a time, and how many such chunks may wait for the row checks.
const CHUNK_ROWS: usize = 512;
const CHUNKS_AHEAD: usize = 4;

/// Reads the sheet named `wanted` (any case), or the first one, and gives `use_rows` the
/// sheet's name and its rows as they are read.
pub(super) fn read<T>(
    bytes: &[u8],
    kind: WorkbookKind,
    wanted: Option<&str>,
    use_rows: impl FnOnce(&str, SheetRows) -> Result<T, ImportError>,
) -> Result<T, ImportError> {
    if kind != WorkbookKind::Xls {
        check_unpacked_size(Cursor::new(bytes))?;
    }
    let unreadable = |e: calamine::Error| unreadable(kind, &e);
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
    std::thread::scope(|scope| {
        let (pieces, rows) = sync_channel(CHUNKS_AHEAD);
        let name = name.as_str();
        let reader = scope.spawn(move || {
            let mut out = Chunks { sheet: name, pieces, chunk: Chunk::default(), last: None };
            let piece = match read_cells(&mut book, kind, &mut out) {
                Ok(()) => out.flush().map(|()| Piece::End),
                Err(Stop::Failed(e)) => Ok(Piece::Failed(e)),
                Err(Stop::NobodyReads) => Err(Stop::NobodyReads),
            };
            if let Ok(piece) = piece {
                // Nobody to tell when the rows were given up on.
                let _ = out.pieces.send(piece);
            }
        });
        let used = use_rows(name, SheetRows { kind, pieces: rows, chunk: Chunk::default(), at: 0, ended: false });
        // A panic in the reader has already shown as rows that stop without an end.
        let _ = reader.join();
        used
    })
}

fn unreadable(kind: WorkbookKind, e: &dyn std::fmt::Display) -> ImportError {
    ImportError::NotATable(format!(
        "it looks like an {} but cannot be read ({e}): open it in Excel or LibreOffice and save it again",
        kind.describe()
    ))
}

/// Some rows: the text of their cells that hold something, back to back (not a `String` each:
/// a workbook of 100k people has two million cells), and per cell its row and column (from 0)
/// and where its text lies, in row, then column order.
#[derive(Default)]
struct Chunk {
    text: String,
    cells: Vec<[u32; 4]>,
    rows: usize,
}

/// What the reading thread hands over.
enum Piece {
    Rows(Chunk),
    Failed(ImportError),
    End,
}

/// Why the reading thread stopped early.
enum Stop {
    Failed(ImportError),
    /// The row checks gave up (a refusal of their own): nothing more to read.
    NobodyReads,
}

/// Rows on their way from the reading thread, a chunk at a time.
struct Chunks<'a> {
    sheet: &'a str,
    pieces: SyncSender<Piece>,
    chunk: Chunk,
    /// The place of the last cell kept.
    last: Option<(u32, u32)>,
}

impl Chunks<'_> {
    /// The cell at `row`, `col` (from 0) holds `value`: its text is kept unless blank.
    fn put(&mut self, row: u32, col: u32, value: &DataRef) -> Result<(), Stop> {
        let chunk = &mut self.chunk;
        let start = chunk.text.len();
        push_text(&mut chunk.text, value);
        if chunk.text[start..].trim().is_empty() {
            chunk.text.truncate(start);
            return Ok(());
        }
        let failed = |message: String| Err(Stop::Failed(ImportError::NotATable(message)));
        // A cell right of any column a registrant list can have refuses the sheet, as a header
        // that wide does: whatever the file's size, nothing makes a grid up to it.
        if col as usize >= MAX_COLUMNS {
            return failed(format!(
                "sheet «{}» has something in column {} of row {} (checkin accepts up to {MAX_COLUMNS} columns): \
                 is it the registrant list? Delete what is far right of the table",
                self.sheet,
                u64::from(col) + 1,
                u64::from(row) + 1
            ));
        }
        // Excel and LibreOffice write a sheet row by row, left to right; rows out of order are
        // a damaged file, and a cell given twice would leave it unclear which text counts.
        if self.last.is_some_and(|last| (row, col) <= last) {
            return failed(format!(
                "sheet «{}» lists its cells out of order (row {}): the file is damaged; open it in Excel or \
                 LibreOffice and save it again",
                self.sheet,
                u64::from(row) + 1
            ));
        }
        let mut start = start;
        if self.last.is_none_or(|(last_row, _)| row != last_row) {
            if self.chunk.rows == CHUNK_ROWS {
                // The full chunk goes without this cell's text, which starts the next one.
                let text = self.chunk.text.split_off(start);
                self.flush()?;
                self.chunk.text = text;
                start = 0;
            }
            self.chunk.rows += 1;
        }
        self.last = Some((row, col));
        // Unpacked workbooks are limited to far less than 4 GiB.
        let at = |n: usize| n as u32;
        let end = self.chunk.text.len();
        self.chunk.cells.push([row, col, at(start), at(end)]);
        Ok(())
    }

    /// Hands over the rows read so far.
    fn flush(&mut self) -> Result<(), Stop> {
        if self.chunk.rows == 0 {
            return Ok(());
        }
        let chunk = std::mem::take(&mut self.chunk);
        self.pieces.send(Piece::Rows(chunk)).map_err(|_| Stop::NobodyReads)
    }
}

/// Every cell of the sheet into `out`.
fn read_cells(book: &mut Sheets<Cursor<&[u8]>>, kind: WorkbookKind, out: &mut Chunks) -> Result<(), Stop> {
    let failed = |e: calamine::Error| Stop::Failed(unreadable(kind, &e));
    match book {
        // Streamed cell by cell: no grid of the whole sheet is built, nor the copies of each
        // text it takes, which was most of an .xlsx import's time.
        Sheets::Xlsx(xlsx) => {
            let xlsx_error = |e| failed(calamine::Error::Xlsx(e));
            let mut cells = xlsx.worksheet_cells_reader(out.sheet).map_err(xlsx_error)?;
            while let Some(cell) = cells.next_cell().map_err(xlsx_error)? {
                let (row, col) = cell.get_position();
                out.put(row, col, cell.get_value())?;
            }
        }
        other => {
            let range = other.worksheet_range(out.sheet).map_err(failed)?;
            let (height, width) = range.get_size();
            if height.saturating_mul(width) > MAX_CELLS {
                return Err(Stop::Failed(ImportError::NotATable(format!(
                    "sheet «{}» spans {height} rows × {width} columns, more than checkin reads ({MAX_CELLS} \
                     cells): is it the registrant list? Delete the empty rows and columns around it",
                    out.sheet
                ))));
            }
            let (first_row, first_col) = range.start().unwrap_or_default();
            for (row, col, cell) in range.used_cells() {
                out.put(first_row + row as u32, first_col + col as u32, &as_data_ref(cell))?;
            }
        }
    }
    Ok(())
}

/// The rows of a sheet, as the reading thread hands them over.
pub(super) struct SheetRows {
    kind: WorkbookKind,
    pieces: Receiver<Piece>,
    chunk: Chunk,
    /// The first cell of `chunk` not yet given out.
    at: usize,
    ended: bool,
}

impl SheetRows {
    /// Fills `record` with the next row that holds something, from column A (the cells before
    /// and between the ones that hold something are empty, so a header and its data line up
    /// wherever the table starts), and returns its number as Excel shows it (1 for the first).
    pub(super) fn next_into(&mut self, record: &mut csv::StringRecord) -> Result<Option<usize>, ImportError> {
        while self.at == self.chunk.cells.len() {
            if self.ended {
                return Ok(None);
            }
            match self.pieces.recv() {
                Ok(Piece::Rows(chunk)) => (self.chunk, self.at) = (chunk, 0),
                Ok(Piece::Failed(e)) => return Err(e),
                Ok(Piece::End) => self.ended = true,
                // The reader stopped without saying why: never take what came as the whole sheet.
                Err(_) => return Err(unreadable(self.kind, &"reading it stopped before its end")),
            }
        }
        let cells = &self.chunk.cells[self.at..];
        let row = cells[0][0];
        record.clear();
        for &[_, col, start, end] in cells.iter().take_while(|c| c[0] == row) {
            while record.len() < col as usize {
                record.push_field("");
            }
            record.push_field(&self.chunk.text[start as usize..end as usize]);
            self.at += 1;
        }
        Ok(Some(row as usize + 1))
    }
}

/// A cell of an .xls or .ods range as the .xlsx reader streams one, its text borrowed.
fn as_data_ref(cell: &Data) -> DataRef<'_> {
    match cell {
        Data::Empty => DataRef::Empty,
        Data::String(s) => DataRef::SharedString(s),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::Error(e) => DataRef::Error(e.clone()),
    }
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

/// Appends the text Excel shows for `cell` (see the module's notes on numbers and dates).
fn push_text(out: &mut String, cell: &DataRef) {
    use std::fmt::Write;
    // `write!` to a `String` cannot fail.
    match cell {
        DataRef::Empty => {}
        DataRef::SharedString(s) => out.push_str(s),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => out.push_str(s),
        DataRef::Int(i) => _ = write!(out, "{i}"),
        DataRef::Float(f) => push_number(out, *f),
        DataRef::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            _ = write!(out, "{y:04}-{m:02}-{day:02}");
            if (h, min, s) != (0, 0, 0) {
                _ = write!(out, " {h:02}:{min:02}:{s:02}");
            }
        }
        DataRef::DateTime(d) => _ = write!(out, "{}", d.as_f64()),
        DataRef::Error(e) => _ = write!(out, "#{e:?}"),
    }
}

/// A number as the text it stands for: integers without a fraction, and no digits made up.
fn push_number(out: &mut String, f: f64) {
    use std::fmt::Write;
    // Above 2^53 not every integer is a float; Excel itself keeps 15 significant digits.
    if f.fract() == 0.0 && f.abs() < 1e15 {
        _ = write!(out, "{}", f as i64);
    } else if f.fract() == 0.0 {
        out.push_str(DIGITS_LOST);
    } else {
        _ = write!(out, "{f}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number_text(f: f64) -> String {
        let mut out = String::new();
        push_number(&mut out, f);
        out
    }

    #[test]
    fn numbers_read_as_their_digits() {
        assert_eq!(number_text(950101300123.0), "950101300123");
        assert_eq!(number_text(2005.0), "2005");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(1.5), "1.5");
        assert_eq!(number_text(12345678901234567890.0), DIGITS_LOST);
    }
}
