//! Registrant import: bytes in, people and problems out. Pure: no store, no filesystem.
//!
//! What a registration system or an organiser's spreadsheet hands over is read as:
//!
//! - **Encoding** (the `decode` module): UTF-8 with or without BOM, UTF-16LE/BE (with a BOM, or without
//!   one when the NUL pattern is unmistakable; Excel's "Unicode Text" is UTF-16LE TSV), else
//!   Windows-1251 (Russian Excel's "CSV"). Workbooks (.xlsx/.ods/.xls), images, archives and other
//!   binary files are refused with a message saying what to export instead.
//! - **Shape**: a JSON array of objects (keys are the headers), or a table separated by commas,
//!   tabs or semicolons. The separator is the one that splits the first records into the same
//!   number (≥ 2) of fields most consistently; on a tie tab, then semicolon, then comma. Excel's
//!   `sep=;` first line is honoured. Quoted fields may hold separators and line breaks.
//! - **Header row**: the first non-blank row, unless one of the first ten rows has a code or name
//!   header and earlier rows do not (a title line above the table is skipped with a warning).
//! - **Columns** (the `headers` module): Kazakh / Russian / English aliases and the station's canonical
//!   names, `--map` overrides first. Unknown columns go to [`Person::extra`].
//! - **Full names** in one cell are split by [`split_full_name`] (its doc has the rules:
//!   patronymic endings, passport CAPS, surname endings, Western order for Latin names).
//! - **Rows**: every cell is [`sanitize`]d (codes are otherwise kept exactly as issued; other
//!   text is also put in Unicode NFC). A row that cannot be imported as it stands is reported in
//!   [`ParsedImport::problems`] and left out; a row imported with something set aside (an
//!   unknown country kept as an extra field) is also listed in [`ParsedImport::warnings`].
//!
//! Line numbers are what a text editor or Excel shows: the header is line 1 when it is the first
//! line, and a record that spans several lines (a quoted line break) is reported at the line it
//! starts on. JSON records are numbered from 1 in array order ("record 3").

mod codes;
mod decode;
mod headers;
mod json;
mod names;
mod values;
mod workbook;

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::NaiveDate;

use serde_json::Value;
use unicode_normalization::{UnicodeNormalization, is_nfc};

use crate::domain::person::category_words;
use crate::domain::{Category, Person, ResponsibleAdult, Status};
use crate::io::fields::{Field, parse_adults, parse_sessions};
use crate::text::sanitize::{MAX_FIELD_CHARS, sanitize};

pub use decode::TextEncoding;
pub use names::{NameParts, split_full_name};
pub use values::{BIRTH_YEAR_MAX, BIRTH_YEAR_MIN, country_name, parse_birth, parse_birth_year, resolve_country};
pub use workbook::WorkbookKind;

use headers::{CodeSource, Column};

/// Files larger than this are refused: a registrant list is a few megabytes at most.
pub const MAX_FILE_BYTES: usize = 200 * 1024 * 1024;
/// Tables with more data rows than this are refused.
pub const MAX_ROWS: usize = 5_000_000;
/// How many leading rows may be searched for the header row.
const HEADER_SEARCH_ROWS: usize = 10;
/// How many records the separator detection looks at.
const DELIMITER_SAMPLE_RECORDS: usize = 30;
/// A physical line longer than this is refused before the table is parsed: a registrant row is
/// a few kilobytes, and a 190 MB "line" must not be read into records first.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;
/// How many damaged lines a message lists before "and N more".
const SHOWN_LINES: usize = 10;

/// How the caller wants the file read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// `--map COLUMN=field`: a header (matched like headers are: case, spaces, punctuation and
    /// `ё`/`е` do not matter) and the field it feeds. Wins over automatic matching.
    pub overrides: Vec<(String, Field)>,
    /// `--sheet NAME`: the workbook sheet to read (the first one otherwise).
    pub sheet: Option<String>,
    /// `--category "VALUE=category"`: what a category value the station does not know means.
    pub categories: Vec<(String, Category)>,
    /// `--status "VALUE=status"`: what a registration state the station does not know means.
    pub statuses: Vec<(String, Status)>,
    /// `--accept-damaged`: import names whose letters a code page turned into `?`.
    pub accept_damaged: bool,
    /// `--assign-codes`: give people without a code column stable codes (see `codes::assigned`).
    pub assign_codes: bool,
    /// The event's first day: minors are those under 18 that day.
    pub first_day: Option<NaiveDate>,
}

/// Reads one `--category VALUE=category` argument.
pub fn parse_category_arg(s: &str) -> Result<(String, Category), String> {
    let (value, key) = split_value_arg("--category", s)?;
    let wanted = key.trim().to_lowercase();
    match Category::ALL.into_iter().find(|c| c.key() == wanted) {
        Some(c) => Ok((value, c)),
        None => Err(format!(
            "--category: «{key}» is not a category; use one of: {}",
            Category::ALL.iter().map(|c| c.key()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// Reads one `--status VALUE=status` argument.
pub fn parse_status_arg(s: &str) -> Result<(String, Status), String> {
    let (value, key) = split_value_arg("--status", s)?;
    let wanted = key.trim().to_lowercase();
    match Status::ALL.into_iter().find(|c| c.key() == wanted) {
        Some(c) => Ok((value, c)),
        None => Err(format!(
            "--status: «{key}» is not a status; use one of: {}",
            Status::ALL.iter().map(|c| c.key()).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn split_value_arg(option: &str, s: &str) -> Result<(String, String), String> {
    match s.rsplit_once('=') {
        Some((value, key)) if !value.trim().is_empty() => Ok((value.trim().to_owned(), key.to_owned())),
        _ => Err(format!("{option} expects VALUE=NAME, for example {option} \"Қатысушы=child\"; got «{s}»")),
    }
}

/// Reads one `--map` argument, `COLUMN=field`, where `field` is a [`Field::canonical`] name.
pub fn parse_map_arg(s: &str) -> Result<(String, Field), String> {
    let Some((column, field)) = s.rsplit_once('=') else {
        return Err(format!("--map expects COLUMN=FIELD, for example --map \"Тіркеу коды=code\"; got «{s}»"));
    };
    let column = column.trim();
    if column.is_empty() {
        return Err(format!("--map needs a column name before '=' (got «{s}»)"));
    }
    let wanted = headers::key(field);
    match Field::ALL.into_iter().find(|f| headers::key(f.canonical()) == wanted) {
        Some(f) if !wanted.is_empty() => Ok((column.to_owned(), f)),
        _ => Err(ImportError::UnknownMapField(field.trim().to_owned()).to_string()),
    }
}

/// What the table looked like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    Comma,
    Tab,
    Semicolon,
    JsonArray,
    Workbook(WorkbookKind),
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TableKind::Comma => "comma-separated (CSV)",
            TableKind::Tab => "tab-separated (TSV)",
            TableKind::Semicolon => "semicolon-separated",
            TableKind::JsonArray => "JSON array",
            TableKind::Workbook(kind) => kind.describe(),
        })
    }
}

/// Encoding and shape, for the one-line summary after an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DetectedFormat {
    pub encoding: TextEncoding,
    pub kind: TableKind,
}

impl DetectedFormat {
    /// "line" for tables, "record" for JSON: how [`RowProblem::line`] is meant.
    pub fn row_word(&self) -> &'static str {
        if self.kind == TableKind::JsonArray { "record" } else { "line" }
    }
}

impl fmt::Display for DetectedFormat {
    /// "UTF-8 with BOM, semicolon-separated"; a workbook's kind alone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TableKind::Workbook(_) => write!(f, "{}", self.kind),
            _ => write!(f, "{}, {}", self.encoding, self.kind),
        }
    }
}

/// A registrant read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRow {
    /// Line (tables) or record number (JSON) where the registrant starts.
    pub line: usize,
    pub person: Person,
}

/// Something wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// Line (tables) or record number (JSON), as a person looking at the file counts.
    pub line: usize,
    /// In English, naming the column and the value where that helps.
    pub reason: String,
}

/// The outcome of reading a whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedImport {
    /// Rows that can be imported, in file order.
    pub people: Vec<ImportedRow>,
    /// Rows that were left out, one entry per row, in file order.
    pub problems: Vec<RowProblem>,
    /// Rows that were imported with something set aside or skipped lines (e.g. an unknown
    /// country kept as an extra field, a title line above the header), in file order.
    pub warnings: Vec<RowProblem>,
    pub format: DetectedFormat,
    /// Each header and the field it fed; `None` = kept in [`Person::extra`].
    pub columns: Vec<(String, Option<Field>)>,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// Category and status values the station does not know, each once with its count: the
    /// import is refused until each is mapped (see [`ParsedImport::unknown_message`]).
    pub unknown: Vec<UnknownValue>,
    /// How codes were made, when the file had no code column.
    pub codes_made: Option<&'static str>,
}

/// A category or status value the station does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    pub field: Field,
    pub value: String,
    pub count: usize,
    pub first_line: usize,
}

impl ParsedImport {
    /// "line 7: category «VIP» is not recognised …" (or "record 7: …" for JSON).
    pub fn describe(&self, p: &RowProblem) -> String {
        format!("{} {}: {}", self.format.row_word(), p.line, p.reason)
    }

    /// One message for every unknown value: each with its count and how to map it.
    pub fn unknown_message(&self) -> Option<String> {
        if self.unknown.is_empty() {
            return None;
        }
        let mut out = String::from("values checkin does not know (nothing was imported):");
        for u in &self.unknown {
            let what = if u.field == Field::Status { "status" } else { "category" };
            out += &format!(
                "\n  {what} «{}»: {} {} (first on {} {})",
                u.value,
                u.count,
                if u.count == 1 { "row" } else { "rows" },
                self.format.row_word(),
                u.first_line
            );
        }
        let categories: Vec<&str> = Category::ALL.iter().map(|c| c.key()).collect();
        let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.key()).collect();
        // The example names no category or status: a guessed one ("=child" for a teacher,
        // "=registered" for a cancellation) would be copied as it stands.
        if let Some(u) = self.unknown.iter().find(|u| u.field == Field::Category) {
            out += &format!(
                "\nSay what each category means with --category, e.g. --category \"{}=CATEGORY\", where CATEGORY \
                 is one of: {}",
                u.value,
                categories.join(", ")
            );
        }
        if let Some(u) = self.unknown.iter().find(|u| u.field == Field::Status) {
            out += &format!(
                "\nSay what each status means with --status, e.g. --status \"{}=STATUS\", where STATUS is one \
                 of: {}",
                u.value,
                statuses.join(", ")
            );
        }
        Some(out)
    }

    /// How many people are imported but not to be admitted (cancelled, withdrawn, …).
    pub fn not_admitted(&self) -> usize {
        self.people.iter().filter(|p| !p.person.status.admitted()).count()
    }

    /// "998 registrants read (UTF-8 with BOM, semicolon-separated); 2 rows left out, 1 warning".
    pub fn summary(&self) -> String {
        let n = self.people.len();
        let mut s = format!("{n} {} read ({})", if n == 1 { "registrant" } else { "registrants" }, self.format);
        if let Some(sheet) = &self.sheet {
            s += &format!(", sheet «{sheet}»");
        }
        let not_admitted = self.not_admitted();
        if not_admitted > 0 {
            s += &format!(", {not_admitted} of them cancelled or withdrawn (kept, never admitted)");
        }
        if let Some(how) = self.codes_made {
            s += &format!("; codes {how}");
        }
        if !self.problems.is_empty() {
            let n = self.problems.len();
            s += &format!("; {n} {} left out", if n == 1 { "row" } else { "rows" });
        }
        if !self.warnings.is_empty() {
            let n = self.warnings.len();
            s += &format!(", {n} {}", if n == 1 { "warning" } else { "warnings" });
        }
        s
    }
}

/// A file that cannot be imported at all. Messages tell the organiser what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "the file has no registrants in it: it is empty, blank, or has only a header line. \
         Check that you exported the right sheet or file"
    )]
    Empty,
    #[error(
        "the file is larger than the {} MB checkin accepts ({bytes} bytes): a registrant list is \
         far smaller, so this is probably the wrong file",
        .limit / (1024 * 1024)
    )]
    TooLarge { bytes: usize, limit: usize },
    #[error(
        "the file has more than {limit} rows, more than checkin accepts: this is not a \
         registrant list, or the export is broken"
    )]
    TooManyRows { limit: usize },
    #[error(
        "this file looks like {0}, not a registrant table. Export the registrant list as CSV \
         (UTF-8), as tab-separated \"Unicode Text\" or as a JSON array, and import that file"
    )]
    Binary(&'static str),
    #[error("the workbook has no sheet «{wanted}»; its sheets are: {}", quoted(.sheets))]
    NoSuchSheet { wanted: String, sheets: Vec<String> },
    #[error(
        "line {line} is {bytes} bytes long, more than a registrant row ever is ({limit} bytes): this is not a \
         registrant list, or the export is broken",
        limit = MAX_LINE_BYTES
    )]
    LineTooLong { line: usize, bytes: usize },
    #[error(
        "{total} {} letters replaced by «?» (lines {}{}): the file was saved in a code page without \
         those letters (Russian Excel's \"CSV (разделители — запятые)\" loses every Kazakh letter). Save it again \
         as \"CSV UTF-8\" or as a workbook (.xlsx), and import that; or import it as it is with \
         --accept-damaged (those names will not be found by their real spelling)",
        if *.total == 1 { "name has" } else { "names have" },
        .lines.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", "),
        if *.total > .lines.len() { format!(" and {} more", .total - .lines.len()) } else { String::new() }
    )]
    DamagedText { lines: Vec<usize>, total: usize },
    #[error(
        "line {line}: byte 0x{byte:02X} is not valid UTF-8, although the rest of the file is UTF-8: \
         the file is damaged (or was edited in two encodings). Fix that line, or export the file again"
    )]
    DamagedUtf8 { line: usize, byte: u8 },
    #[error("this file is not a table of registrants: {0}")]
    NotATable(String),
    #[error(
        "no column holds registration codes{}. The columns found are: {}. Name the code column \
         \"code\" (or «Код», «Тіркеу нөмірі», \"Registration number\"), or point to it with \
         --map \"<column>=code\"; if the registration system issued no codes, import with --assign-codes \
         and checkin gives everyone a code made from their e-mail (else name and birth date) that stays the \
         same on every re-import",
        if *.form { " (a Google Form issues none)" } else { "" },
        quoted(.headers)
    )]
    NoCodeColumn { headers: Vec<String>, form: bool },
    #[error(
        "no column holds names. The columns found are: {}. Name them \"family_name\" and \
         \"given_name\" («Фамилия» and «Имя», «Тегі» and «Аты»), or use one full-name column \
         («ФИО», «Аты-жөні», \"Full name\"), or point to one with --map \"<column>=full_name\"",
        quoted(.headers)
    )]
    NoNameColumn { headers: Vec<String> },
    #[error("«{0}» is not a field checkin knows; --map COLUMN=FIELD takes one of: {names}", names = field_names())]
    UnknownMapField(String),
    #[error("--map names the column «{column}», but the file has no such column. The columns found are: {}", quoted(.headers))]
    MapColumnNotFound { column: String, headers: Vec<String> },
}

impl ImportError {
    /// The sheet or file holds no registrant list at all (nothing, or no code or name column),
    /// as opposed to a list with something wrong in it.
    fn is_no_registrant_list(&self) -> bool {
        matches!(self, ImportError::Empty | ImportError::NoCodeColumn { .. } | ImportError::NoNameColumn { .. })
    }
}

fn quoted(headers: &[String]) -> String {
    headers.iter().map(|h| format!("«{h}»")).collect::<Vec<_>>().join(", ")
}

fn field_names() -> String {
    Field::ALL.iter().map(|f| f.canonical()).collect::<Vec<_>>().join(", ")
}

/// Reads a registrant file. Whole-file failures are errors; row failures are in
/// [`ParsedImport::problems`].
pub fn parse_registrants(bytes: &[u8], opts: &ImportOptions) -> Result<ParsedImport, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len(), limit: MAX_FILE_BYTES });
    }
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if let decode::Container::Workbook(kind) = decode::container(bytes)? {
        let read_sheet = |sheet: Option<&str>| {
            workbook::read(bytes, kind, sheet, |name, rows| {
                let format = DetectedFormat { encoding: TextEncoding::Utf8, kind: TableKind::Workbook(kind) };
                let mut parsed = parse_records(Source::Sheet(rows), format, opts, "cell")?;
                parsed.sheet = Some(name.to_owned());
                Ok(parsed)
            })
        };
        return match read_sheet(opts.sheet.as_deref()) {
            // A workbook whose first sheet is instructions or a summary: the registrants are on
            // the first later sheet that reads as a list (the summary names the sheet read).
            Err(first) if opts.sheet.is_none() && first.is_no_registrant_list() => {
                for name in workbook::sheet_names(bytes, kind)?.iter().skip(1) {
                    match read_sheet(Some(name)) {
                        Err(e) if e.is_no_registrant_list() => continue,
                        read => return read,
                    }
                }
                Err(first)
            }
            read => read,
        };
    }
    let (text, encoding) = decode::decode(bytes)?;
    let text = text.trim_start_matches('\u{feff}');
    let first = text.trim_start().chars().next();
    match first {
        None => Err(ImportError::Empty),
        Some('[' | '{') => parse_json(text, encoding, opts),
        Some(_) => parse_table(text, encoding, opts),
    }
}

// ---------------------------------------------------------------------------------------------
// Rows

/// One cell as the file gave it.
#[derive(Clone, Copy)]
enum Cell<'a> {
    Text(&'a str),
    Json(&'a Value),
}

/// Clean text for storage: sanitized and NFC.
fn nfc(s: String) -> String {
    if plainly_nfc(&s) || is_nfc(&s) { s } else { s.nfc().collect() }
}

/// Text of Latin (to Latin Extended-B) and Cyrillic letters alone, nearly every cell of a
/// registrant list, is NFC without asking Unicode's tables (that was a sixth of parsing): each of
/// these characters is NFC by itself and none combines with what is before it.
fn plainly_nfc(s: &str) -> bool {
    s.chars().all(|c| matches!(c, '\0'..='\u{2ff}' | '\u{400}'..='\u{482}' | '\u{48a}'..='\u{52f}'))
}

fn char_len(s: &str) -> usize {
    if s.len() <= MAX_FIELD_CHARS { s.len() } else { s.chars().count() }
}

/// The same person built from cells of any source.
struct RowOutcome {
    person: Person,
    problems: Vec<String>,
    warnings: Vec<String>,
    /// Category and status values not known (nor mapped), for one message about them all.
    unknown: Vec<(Field, String)>,
    /// A name has letters a code page replaced by `?`.
    damaged: bool,
    /// The ticket's number within its order, for a code made from the order.
    position: String,
    /// A birth date written `a/b/yyyy`: which way it reads (the file's other dates decide an
    /// ambiguous one).
    slash_date: Option<(values::SlashDate, String)>,
}

/// The parts of the plan every row needs, computed once.
struct RowPlan<'c> {
    columns: &'c [Column],
    labelled_notes: bool,
    code: CodeSource,
    category_map: Vec<(String, Category)>,
    status_map: Vec<(String, Status)>,
}

/// pretix writes a cell that starts like a formula (`= + - @`) with a `'` in front (and alf.io
/// with a tab, which sanitizing drops): the value is what follows.
fn undefused(text: String) -> String {
    let mut chars = text.chars();
    if chars.next() == Some('\'') && matches!(chars.next(), Some('=' | '+' | '-' | '@')) {
        text[1..].to_owned()
    } else {
        text
    }
}

/// A letter turned into `?` by a code page that has not got it (`??рман?али`, `M?ller`): a `?`
/// next to a letter. Names never hold a question mark.
fn has_lost_letters(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        c == '?'
            && (i.checked_sub(1).and_then(|j| chars.get(j)).is_some_and(|c| c.is_alphabetic())
                || chars.get(i + 1).is_some_and(|c| c.is_alphabetic() || *c == '?'))
    })
}

impl<'c> RowPlan<'c> {
    fn new(plan: &'c headers::Plan, opts: &'c ImportOptions) -> Self {
        let notes = plan.columns.iter().filter(|c| c.field == Some(Field::Notes)).count();
        let words = |v: &str| category_words(v).join(" ");
        RowPlan {
            columns: &plan.columns,
            labelled_notes: notes > 1,
            code: plan.code,
            category_map: opts.categories.iter().map(|(v, c)| (words(v), *c)).collect(),
            status_map: opts.statuses.iter().map(|(v, c)| (words(v), *c)).collect(),
        }
    }

    fn category(&self, text: &str) -> Option<Category> {
        let words = category_words(text).join(" ");
        self.category_map.iter().find(|(v, _)| *v == words).map(|(_, c)| *c).or_else(|| Category::parse(text))
    }

    fn status(&self, text: &str) -> Option<Status> {
        let words = category_words(text).join(" ");
        self.status_map.iter().find(|(v, _)| *v == words).map(|(_, c)| *c).or_else(|| Status::parse(text))
    }

    fn build<'v>(&self, cells: impl Iterator<Item = (usize, Cell<'v>)>) -> RowOutcome {
        let mut p = Person::default();
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut unknown = Vec::new();
        let mut damaged = false;
        let mut position = String::new();
        let mut slash_date = None;
        let mut full_name: Option<(&str, String, names::NameOrder)> = None;
        let mut alt = Vec::new();
        let mut notes: Vec<(&str, String)> = Vec::new();
        let mut responsible_name = String::new();
        let mut responsible_phone: Option<(&str, String)> = None;
        // Fields whose cell was refused (too long), so they are not reported as missing too.
        let mut refused: Vec<Field> = Vec::new();

        for (i, cell) in cells {
            let Some(col) = self.columns.get(i) else { continue };
            let text = match cell {
                Cell::Text(s) if col.field == Some(Field::ResponsibleAdults) && s.contains('\n') => {
                    // One adult per line inside the cell is common; keep them apart.
                    s.lines().map(sanitize).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; ")
                }
                Cell::Text(s) => sanitize(s),
                Cell::Json(v) => sanitize(&json::value_text(v)),
            };
            if text.is_empty() {
                continue;
            }
            let text = undefused(text);
            let len = char_len(&text);
            if len > MAX_FIELD_CHARS {
                problems.push(format!(
                    "field «{}» is {len} characters long (limit {MAX_FIELD_CHARS}): a broken export?",
                    col.header
                ));
                refused.extend(col.field);
                continue;
            }
            let Some(field) = col.field else {
                p.extra.insert(col.extra_key.clone(), nfc(text));
                continue;
            };
            if matches!(field, Field::Family | Field::Given | Field::Patronymic | Field::FullName) {
                damaged |= has_lost_letters(&text);
            }
            if matches!(field, Field::Code | Field::Alias | Field::Order | Field::Position)
                && let Some(reason) = codes::lost_digits(&text)
            {
                problems.push(format!("{}: {reason}", col.header));
                refused.push(field);
                continue;
            }
            match field {
                Field::Code => p.code = text,
                Field::Alias => p.aliases.push(text),
                Field::NationalId => match codes::national_id(&text) {
                    Ok(id) => p.aliases.push(id),
                    Err(reason) => problems.push(reason),
                },
                Field::Order => p.order = text,
                Field::Position => position = text,
                Field::Status => match self.status(&text) {
                    Some(s) => p.status = s,
                    None => unknown.push((Field::Status, text)),
                },
                Field::Void => match crate::io::fields::parse_photo_consent(&text) {
                    Some(crate::domain::PhotoConsent::Yes) => p.status = Status::Void,
                    Some(_) => {}
                    None => match self.status(&text) {
                        Some(s) => p.status = s,
                        None => unknown.push((Field::Status, text)),
                    },
                },
                Field::Family => p.family = nfc(text),
                Field::Given => p.given = nfc(text),
                Field::Patronymic => p.patronymic = nfc(text),
                Field::FullName => full_name = Some((&col.extra_key, nfc(text), col.name_order)),
                Field::AltSpelling => alt.push(nfc(text)),
                Field::Category => match self.category(&text) {
                    Some(c) => p.category = c,
                    None => unknown.push((Field::Category, nfc(text))),
                },
                Field::Organisation => p.organisation = nfc(text),
                Field::Country => match values::resolve_country(&text) {
                    Some(code) => p.country = code,
                    None => {
                        warnings.push(format!(
                            "country «{text}» is not recognised: kept as the extra field «{}», country left empty",
                            col.extra_key
                        ));
                        p.extra.insert(col.extra_key.clone(), nfc(text));
                    }
                },
                Field::Region => p.region = nfc(text),
                Field::BirthYear => match values::parse_birth(&text) {
                    Ok(born) => {
                        p.birth_year = born.map(|(year, _)| year);
                        p.birth_date = born.and_then(|(_, date)| date);
                        slash_date = values::slash_date(&text).map(|d| (d, text.clone()));
                    }
                    Err(reason) => problems.push(reason),
                },
                Field::Delegation => p.delegation = nfc(text),
                Field::ResponsibleAdults => match cell {
                    Cell::Json(Value::Array(items)) => {
                        p.responsible_adults.extend(items.iter().flat_map(adults_from_json))
                    }
                    Cell::Json(v @ Value::Object(_)) => p.responsible_adults.extend(adults_from_json(v)),
                    _ => p.responsible_adults.extend(parse_adults(&nfc(text))),
                },
                Field::ResponsibleName => responsible_name = nfc(text),
                Field::ResponsiblePhone => responsible_phone = Some((&col.extra_key, text)),
                Field::Email => p.email = text,
                Field::Phone => p.phone = text,
                Field::PhotoConsent => match values::parse_consent(&text) {
                    Some(c) => p.photo_consent = c,
                    None => problems
                        .push(format!("photo consent «{text}» is neither yes nor no (yes/no, да/нет, иә/жоқ, 1/0)")),
                },
                Field::Notes => notes.push((&col.header, nfc(text))),
                Field::Sessions => match cell {
                    Cell::Json(Value::Array(items)) => {
                        p.sessions.extend(items.iter().flat_map(|v| parse_sessions(&sanitize(&json::value_text(v)))))
                    }
                    _ => p.sessions.extend(parse_sessions(&text)),
                },
            }
        }

        p.alt_spelling = alt.join(" ");
        p.notes = if self.labelled_notes {
            notes.iter().map(|(h, n)| format!("{h}: {n}")).collect::<Vec<_>>().join("; ")
        } else {
            notes.into_iter().map(|(_, n)| n).collect::<Vec<_>>().join("; ")
        };
        if !responsible_name.is_empty() {
            let phone = responsible_phone.take().map(|(_, ph)| ph).unwrap_or_default();
            p.responsible_adults.push(ResponsibleAdult { name: responsible_name, phone, relation: String::new() });
        } else if let Some((header, phone)) = responsible_phone {
            if let Some(a) = p.responsible_adults.iter_mut().find(|a| a.phone.is_empty()) {
                a.phone = phone;
            } else {
                warnings
                    .push(format!("«{header}» has a phone but no responsible adult's name: kept as an extra field"));
                p.extra.insert(header.to_owned(), phone);
            }
        }
        if let Some((key, full_name, order)) = full_name {
            if p.family.is_empty() && p.given.is_empty() && p.patronymic.is_empty() {
                let parts = names::split_full_name_in(&full_name, order);
                p.family = parts.family;
                p.given = parts.given;
                p.patronymic = parts.patronymic;
            } else if full_name != p.full_name() {
                // Both kinds of name columns, disagreeing: keep the full name too, for search.
                p.extra.insert(key.to_owned(), full_name);
            }
        }
        if self.code == CodeSource::Column && p.code.is_empty() && !refused.contains(&Field::Code) {
            problems.insert(0, "no registration code".to_owned());
        }
        if self.code == CodeSource::Order && p.order.is_empty() && !refused.contains(&Field::Order) {
            problems.insert(0, "no order code (the file has no ticket code, so the order code is used)".to_owned());
        }
        let name_refused = refused.iter().any(|f| matches!(f, Field::Family | Field::Given | Field::FullName));
        if p.family.is_empty() && p.given.is_empty() && !name_refused {
            problems.push("no name: family, given and full name are all empty".to_owned());
        }
        RowOutcome { person: p, problems, warnings, unknown, damaged, position, slash_date }
    }
}

fn adults_from_json(v: &Value) -> Vec<ResponsibleAdult> {
    let clean = |v: Option<&Value>| v.map(|v| nfc(sanitize(&json::value_text(v)))).unwrap_or_default();
    match v {
        Value::Object(map) => {
            let get = |keys: &[&str]| keys.iter().find_map(|k| map.get(*k));
            let adult = ResponsibleAdult {
                name: clean(get(&["name", "full_name", "fullName"])),
                phone: clean(get(&["phone", "tel", "telephone", "mobile"])),
                relation: clean(get(&["relation", "relationship", "role"])),
            };
            if adult.name.is_empty() { Vec::new() } else { vec![adult] }
        }
        Value::Array(items) => items.iter().flat_map(adults_from_json).collect(),
        other => parse_adults(&nfc(sanitize(&json::value_text(other)))),
    }
}

/// Collects rows in order; once all are in, makes the codes the file has not got and checks
/// that codes and aliases are unique.
struct Collector<'o> {
    out: ParsedImport,
    rows: usize,
    code: CodeSource,
    opts: &'o ImportOptions,
    /// Per kept person, the ticket's position within its order (for codes made from orders).
    positions: Vec<String>,
    unknown: BTreeMap<(Field, String), (usize, usize)>,
    damaged: Vec<usize>,
    /// Birth dates written `a/b/yyyy`: how many read day first only, month first only, and the
    /// kept rows (index in `out.people`) whose date reads both ways, with the cell.
    slash_dates: (usize, usize, Vec<EitherDate>),
}

/// A kept row (its index in `out.people`) whose birth date reads day first as the first date
/// and month first as the second, with the cell as written.
type EitherDate = (usize, NaiveDate, NaiveDate, String);

impl<'o> Collector<'o> {
    fn new(format: DetectedFormat, plan: &headers::Plan, opts: &'o ImportOptions) -> Self {
        Collector {
            out: ParsedImport {
                people: Vec::new(),
                problems: Vec::new(),
                warnings: Vec::new(),
                format,
                columns: plan.columns.iter().map(|c| (c.header.clone(), c.field)).collect(),
                sheet: None,
                unknown: Vec::new(),
                codes_made: None,
            },
            rows: 0,
            code: plan.code,
            opts,
            positions: Vec::new(),
            unknown: BTreeMap::new(),
            damaged: Vec::new(),
            slash_dates: (0, 0, Vec::new()),
        }
    }

    fn count_row(&mut self) -> Result<(), ImportError> {
        self.rows += 1;
        if self.rows > MAX_ROWS { Err(ImportError::TooManyRows { limit: MAX_ROWS }) } else { Ok(()) }
    }

    fn problem(&mut self, line: usize, reason: String) {
        self.out.problems.push(RowProblem { line, reason });
    }

    fn warning(&mut self, line: usize, reason: String) {
        self.out.warnings.push(RowProblem { line, reason });
    }

    fn add(&mut self, line: usize, row: RowOutcome) {
        for (field, value) in row.unknown {
            let entry = self.unknown.entry((field, value)).or_insert((0, line));
            entry.0 += 1;
        }
        if row.damaged {
            self.damaged.push(line);
        }
        if !row.problems.is_empty() {
            self.problem(line, row.problems.join("; "));
            return;
        }
        if !row.warnings.is_empty() {
            self.warning(line, row.warnings.join("; "));
        }
        match row.slash_date {
            Some((values::SlashDate::DayFirst, _)) => self.slash_dates.0 += 1,
            Some((values::SlashDate::MonthFirst, _)) => self.slash_dates.1 += 1,
            Some((values::SlashDate::Either(dmy, mdy), cell)) => {
                self.slash_dates.2.push((self.out.people.len(), dmy, mdy, cell));
            }
            None => {}
        }
        self.positions.push(row.position);
        self.out.people.push(ImportedRow { line, person: row.person });
    }

    /// A birth date like `12/01/1998` is 12 January or 1 December: the file's other slash dates
    /// decide (`11/22/1998` proves month first). With no proof, or proof both ways, the later
    /// date is taken when the two readings disagree on whether the person is a minor on the
    /// event's first day — the younger reading, so a 17-year-old is never taken for an adult —
    /// and the row says so; otherwise only the year is kept, as before.
    fn read_ambiguous_dates(&mut self) {
        let (day_first, month_first, either) = std::mem::take(&mut self.slash_dates);
        for (i, dmy, mdy, cell) in either {
            let (date, proven) = match (day_first > 0, month_first > 0) {
                (true, false) => (dmy, true),
                (false, true) => (mdy, true),
                _ => (dmy.max(mdy), false),
            };
            // Unproven and the same either way (an adult on both readings): only the year is kept.
            let minor =
                |born: NaiveDate| self.opts.first_day.is_some_and(|d| d.years_since(born).is_none_or(|y| y < 18));
            if !proven && minor(dmy) == minor(mdy) {
                continue;
            }
            let row = &mut self.out.people[i];
            row.person.birth_date = Some(date);
            if !proven {
                let line = row.line;
                self.warning(
                    line,
                    format!(
                        "birth date «{cell}» may be day or month first, and the file's other dates do not say: \
                         read as {date}, the later of the two, so a child is not taken for an adult; write it \
                         as {date} (year-month-day) to be sure"
                    ),
                );
            }
        }
    }

    fn finish(mut self) -> Result<ParsedImport, ImportError> {
        if self.rows == 0 {
            return Err(ImportError::Empty);
        }
        if !self.damaged.is_empty() && !self.opts.accept_damaged {
            let total = self.damaged.len();
            self.damaged.truncate(SHOWN_LINES);
            return Err(ImportError::DamagedText { lines: self.damaged, total });
        }
        self.out.unknown = std::mem::take(&mut self.unknown)
            .into_iter()
            .map(|((field, value), (count, first_line))| UnknownValue { field, value, count, first_line })
            .collect();
        self.read_ambiguous_dates();
        self.make_codes();
        self.order_aliases();
        self.check_unique();
        self.same_order_adults();
        self.out.problems.sort_by_key(|p| p.line);
        self.out.warnings.sort_by_key(|p| p.line);
        Ok(self.out)
    }

    /// Codes for a file without a code column: from the order (and position), or assigned.
    fn make_codes(&mut self) {
        let mut per_order: HashMap<String, usize> = HashMap::new();
        for row in &self.out.people {
            *per_order.entry(row.person.order.clone()).or_default() += 1;
        }
        match self.code {
            CodeSource::Column => {}
            CodeSource::Order => {
                self.out.codes_made = Some("made from the order codes");
                for (row, position) in self.out.people.iter_mut().zip(&self.positions) {
                    let p = &mut row.person;
                    p.code = if !position.is_empty() {
                        format!("{}-{position}", p.order)
                    } else if per_order.get(&p.order) == Some(&1) {
                        p.order.clone()
                    } else {
                        codes::order_member(&p.order, &p.full_name())
                    };
                }
            }
            CodeSource::Assigned => {
                self.out.codes_made = Some("assigned (--assign-codes): from e-mails, else names and birth dates");
                for row in &mut self.out.people {
                    let p = &mut row.person;
                    let born = match (p.birth_date, p.birth_year) {
                        (Some(d), _) => d.to_string(),
                        (None, Some(y)) => y.to_string(),
                        (None, None) => String::new(),
                    };
                    p.code = codes::assigned(&p.email, &p.full_name(), &born);
                }
            }
        }
    }

    /// The order code of a one-person order finds that person too.
    fn order_aliases(&mut self) {
        let mut per_order: HashMap<&str, usize> = HashMap::new();
        for row in &self.out.people {
            if !row.person.order.is_empty() {
                *per_order.entry(row.person.order.as_str()).or_default() += 1;
            }
        }
        let single: std::collections::HashSet<String> =
            per_order.into_iter().filter(|(_, n)| *n == 1).map(|(o, _)| o.to_owned()).collect();
        for row in &mut self.out.people {
            let p = &mut row.person;
            if single.contains(&p.order) && p.order != p.code && !p.aliases.contains(&p.order) {
                p.aliases.push(p.order.clone());
            }
        }
    }

    /// Codes and aliases are unique across the file in any case and keyboard layout; the later
    /// of two rows that share one is left out, naming the earlier.
    fn check_unique(&mut self) {
        let word = self.out.format.row_word();
        let mut taken: HashMap<String, (usize, String)> = HashMap::new();
        let mut kept = Vec::with_capacity(self.out.people.len());
        for mut row in std::mem::take(&mut self.out.people) {
            let p = &mut row.person;
            // An alias equal to the code (or to another alias) says nothing more.
            let own: Vec<String> = crate::text::code::clash_keys(&p.code);
            let mut seen = own.clone();
            p.aliases.retain(|a| {
                let keys = crate::text::code::clash_keys(a);
                let new = !keys.iter().any(|k| seen.contains(k));
                seen.extend(keys);
                new
            });
            let mut clash = None;
            for code in std::iter::once(&p.code).chain(&p.aliases) {
                for k in crate::text::code::clash_keys(code) {
                    if let Some((line, other)) = taken.get(&k) {
                        clash.get_or_insert_with(|| (code.clone(), *line, other.clone()));
                    }
                }
            }
            if let Some((code, line, other)) = clash {
                let place = if word == "record" { format!("by record {line}") } else { format!("on {word} {line}") };
                // Why two different-looking codes clash is said only when they do look different.
                let why = match code == other {
                    true => String::new(),
                    false => format!(" as «{other}» (codes are compared in any case and keyboard layout)"),
                };
                self.out
                    .problems
                    .push(RowProblem {
                        line: row.line, reason: format!("code «{code}» is already used {place}{why}")
                    });
                continue;
            }
            for code in std::iter::once(&p.code).chain(&p.aliases) {
                for k in crate::text::code::clash_keys(code) {
                    taken.entry(k).or_insert((row.line, code.clone()));
                }
            }
            kept.push(row);
        }
        self.out.people = kept;
    }

    /// A minor with no responsible adult given, in an order with adults (a parent who bought the
    /// family's tickets): those adults may collect them, marked "same order" so the desk sees why.
    fn same_order_adults(&mut self) {
        let minor = |p: &Person| match self.opts.first_day {
            Some(day) => p.is_minor(day),
            None => p.category.is_minor_category(),
        };
        let mut adults: HashMap<String, Vec<ResponsibleAdult>> = HashMap::new();
        for row in &self.out.people {
            let p = &row.person;
            if !p.order.is_empty() && !minor(p) && p.status.admitted() {
                adults.entry(p.order.clone()).or_default().push(ResponsibleAdult {
                    name: p.full_name(),
                    phone: p.phone.clone(),
                    relation: format!("same order {}", p.order),
                });
            }
        }
        for row in &mut self.out.people {
            let is_minor = minor(&row.person);
            let p = &mut row.person;
            if is_minor
                && p.responsible_adults.is_empty()
                && let Some(found) = adults.get(&p.order)
            {
                p.responsible_adults = found.clone();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tables

/// Line numbers from byte offsets, counting forward only (one pass over the file).
struct LineCounter<'t> {
    bytes: &'t [u8],
    pos: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter { bytes: text.as_bytes(), pos: 0, line: 1 }
    }

    /// The line a record starts on. The csv reader's position is where it began looking, which
    /// may be before blank lines it skipped.
    fn line_of(&mut self, mut byte: usize) -> usize {
        while matches!(self.bytes.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        let end = byte.min(self.bytes.len());
        if end > self.pos {
            let chunk = &self.bytes[self.pos..end];
            for (i, b) in chunk.iter().enumerate() {
                match b {
                    b'\n' => self.line += 1,
                    b'\r' if self.bytes.get(self.pos + i + 1) != Some(&b'\n') => self.line += 1,
                    _ => {}
                }
            }
            self.pos = end;
        }
        self.line
    }
}

fn reader(delimiter: u8, text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes())
}

fn is_blank(rec: &csv::StringRecord) -> bool {
    rec.iter().all(|f| f.trim().is_empty())
}

/// Picks the separator that gives the most records with the same field count (≥ 2).
fn detect_delimiter(text: &str) -> u8 {
    let mut best = (b',', (0usize, 0usize));
    for d in [b'\t', b';', b','] {
        let mut rdr = reader(d, text);
        let mut rec = csv::StringRecord::new();
        let mut counts: HashMap<usize, usize> = HashMap::new();
        let mut seen = 0;
        while seen < DELIMITER_SAMPLE_RECORDS && rdr.read_record(&mut rec).unwrap_or(false) {
            if is_blank(&rec) {
                continue;
            }
            seen += 1;
            if rec.len() >= 2 {
                *counts.entry(rec.len()).or_default() += 1;
            }
        }
        let score = counts.into_iter().map(|(len, n)| (n, len)).max().unwrap_or((0, 0));
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// Excel's separator hint: a first line `sep=;`.
fn sep_hint(text: &str) -> Option<u8> {
    let first = text.lines().next()?.trim_end();
    let rest = first.strip_prefix("sep=").or_else(|| first.strip_prefix("SEP="))?;
    match rest.as_bytes() {
        [b] if matches!(b, b',' | b';' | b'\t') => Some(*b),
        [] if first.len() == 4 && text[4..].starts_with('\t') => Some(b'\t'),
        _ => None,
    }
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b'\t' => "tab",
        b';' => "semicolon",
        _ => "comma",
    }
}

/// A header cell as shown and matched: sanitized, with line breaks inside the cell kept as
/// " / " so a bilingual header written on two lines ("Тегі⏎Фамилия") still splits into parts.
fn header_text(cell: &str) -> String {
    if cell.contains(['\n', '\r']) {
        sanitize(&cell.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" / "))
    } else {
        sanitize(cell)
    }
}

/// The non-blank records of a table, each with the line it starts on.
struct Records<'t> {
    text: &'t str,
    rdr: csv::Reader<&'t [u8]>,
    lines: LineCounter<'t>,
}

/// Where a record starts, and whether it is the one an unclosed quote ran away with.
#[derive(Clone, Copy)]
struct RecordInfo {
    line: usize,
    unclosed_quote: bool,
}

impl<'t> Records<'t> {
    fn new(text: &'t str, delimiter: u8) -> Self {
        Records { text, rdr: reader(delimiter, text), lines: LineCounter::new(text) }
    }

    fn next(&mut self, rec: &mut csv::StringRecord) -> Result<Option<RecordInfo>, ImportError> {
        loop {
            let more = self
                .rdr
                .read_record(rec)
                .map_err(|e| ImportError::NotATable(format!("the table cannot be read: {e}")))?;
            if !more {
                return Ok(None);
            }
            if is_blank(rec) {
                continue;
            }
            let start = rec.position().map_or(0, |p| p.byte() as usize);
            let line = self.lines.line_of(start);
            // A quote that is never closed makes the csv reader take the rest of the file as
            // one cell. It shows as a last record holding a line break and an odd number of quotes.
            let at_end = self.rdr.position().byte() as usize >= self.text.len();
            let unclosed_quote = at_end
                && rec.iter().any(|f| f.contains(['\n', '\r']))
                && self.text.get(start..).is_some_and(|raw| raw.matches('"').count() % 2 == 1);
            return Ok(Some(RecordInfo { line, unclosed_quote }));
        }
    }
}

/// Refuses a file with a physical line longer than [`MAX_LINE_BYTES`], before any parsing.
fn check_line_lengths(text: &str) -> Result<(), ImportError> {
    for (line, l) in (1..).zip(text.split('\n')) {
        if l.len() > MAX_LINE_BYTES {
            return Err(ImportError::LineTooLong { line, bytes: l.len() });
        }
    }
    Ok(())
}

fn parse_table(text: &str, encoding: TextEncoding, opts: &ImportOptions) -> Result<ParsedImport, ImportError> {
    check_line_lengths(text)?;
    let hint = sep_hint(text);
    let delimiter = hint.unwrap_or_else(|| detect_delimiter(text));
    let kind = match delimiter {
        b'\t' => TableKind::Tab,
        b';' => TableKind::Semicolon,
        _ => TableKind::Comma,
    };
    let mut records = Records::new(text, delimiter);
    if hint.is_some() {
        records.next(&mut csv::StringRecord::new())?;
    }
    parse_records(Source::Csv(records), DetectedFormat { encoding, kind }, opts, delimiter_name(delimiter))
}

/// Where rows come from: a text table, or a workbook's sheet.
enum Source<'t> {
    Csv(Records<'t>),
    Sheet(workbook::SheetRows),
}

impl Source<'_> {
    fn next(&mut self, rec: &mut csv::StringRecord) -> Result<Option<RecordInfo>, ImportError> {
        match self {
            Source::Csv(records) => records.next(rec),
            Source::Sheet(rows) => Ok(rows.next_into(rec)?.map(|line| RecordInfo { line, unclosed_quote: false })),
        }
    }
}

/// The rows of a table: the header found among the first ones, then every row checked and built.
/// `sep` names the separator for a row of the wrong width ("comma", "cell").
fn parse_records(
    mut records: Source<'_>,
    format: DetectedFormat,
    opts: &ImportOptions,
    sep: &str,
) -> Result<ParsedImport, ImportError> {
    let mut rec = csv::StringRecord::new();
    // The first non-blank records, to find the header among them.
    let mut head: Vec<(RecordInfo, csv::StringRecord)> = Vec::new();
    while head.len() < HEADER_SEARCH_ROWS {
        match records.next(&mut rec)? {
            Some(info) => head.push((info, rec.clone())),
            None => break,
        }
    }
    let header_cells = |r: &csv::StringRecord| r.iter().map(header_text).collect::<Vec<_>>();
    let header_at =
        head.iter().position(|(_, r)| headers::looks_like_header(&header_cells(r), &opts.overrides)).unwrap_or(0);
    if head.len() <= header_at + 1 {
        // Nothing, or only a header: say so before complaining about its columns.
        match records.next(&mut rec)? {
            Some(info) if !head.is_empty() => head.push((info, rec.clone())),
            _ => return Err(ImportError::Empty),
        }
    }
    let mut header = header_cells(&head[header_at].1);
    // A sheet's header row may end in empty cells the data rows do not have.
    if matches!(records, Source::Sheet(_)) {
        while header.last().is_some_and(String::is_empty) {
            header.pop();
        }
    }
    let columns = headers::plan(&header, &opts.overrides, opts.assign_codes)?;
    let plan = RowPlan::new(&columns, opts);
    let mut out = Collector::new(format, &columns, opts);
    for (info, _) in &head[..header_at] {
        out.warning(info.line, "skipped: this line is above the header row (a title?)".to_owned());
    }

    let width = columns.columns.len();
    let sheet = matches!(records, Source::Sheet(_));
    let row = |out: &mut Collector, info: RecordInfo, rec: &csv::StringRecord| -> Result<(), ImportError> {
        out.count_row()?;
        if info.unclosed_quote {
            out.problem(
                info.line,
                "a quote (\") opened in this row is never closed, so the rest of the file was read as one cell: \
                 close the quote or remove it"
                    .to_owned(),
            );
            return Ok(());
        }
        let n = rec.len();
        if (n < width && !sheet) || rec.iter().skip(width).any(|c| !c.trim().is_empty()) {
            out.problem(
                info.line,
                format!("this row has {n} fields but the header has {width}: a missing or extra {sep}, or an unclosed quote?"),
            );
            return Ok(());
        }
        out.add(info.line, plan.build(rec.iter().take(width).enumerate().map(|(i, c)| (i, Cell::Text(c)))));
        Ok(())
    };
    for (info, r) in &head[header_at + 1..] {
        row(&mut out, *info, r)?;
    }
    while let Some(info) = records.next(&mut rec)? {
        row(&mut out, info, &rec)?;
    }
    out.finish()
}

// ---------------------------------------------------------------------------------------------
// JSON

fn parse_json(text: &str, encoding: TextEncoding, opts: &ImportOptions) -> Result<ParsedImport, ImportError> {
    let top: json::Top = serde_json::from_str(text).map_err(|e| {
        ImportError::NotATable(format!(
            "it starts like JSON but is not valid JSON ({e}); fix the file or export it again"
        ))
    })?;
    let items = match top {
        json::Top::Array(items) => items,
        json::Top::Other(kind) => {
            return Err(ImportError::NotATable(format!(
                "the JSON holds {kind}, not an array of records like [{{\"code\": \"A-1\", \"full_name\": \"…\"}}, …]"
            )));
        }
    };
    if items.len() > MAX_ROWS {
        return Err(ImportError::TooManyRows { limit: MAX_ROWS });
    }
    let blank = |item: &json::Item| match item {
        json::Item::Record(fields) => fields.iter().all(|(_, v)| match v {
            Value::Null => true,
            Value::String(s) => s.trim().is_empty(),
            _ => false,
        }),
        json::Item::Other(_) => false,
    };
    if items.iter().all(blank) {
        return Err(ImportError::Empty);
    }
    let mut keys: Vec<&str> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for item in &items {
        if let json::Item::Record(fields) = item {
            for (k, _) in fields {
                if !index.contains_key(k.as_str()) {
                    index.insert(k, keys.len());
                    keys.push(k);
                }
            }
        }
    }
    if !items.iter().any(|i| matches!(i, json::Item::Record(_))) {
        let kind = items.iter().find_map(|i| match i {
            json::Item::Other(kind) => Some(*kind),
            json::Item::Record(_) => None,
        });
        return Err(ImportError::NotATable(format!(
            "the JSON array holds {}, not records like {{\"code\": \"A-1\", \"full_name\": \"…\"}}",
            kind.unwrap_or("nothing")
        )));
    }
    let header: Vec<String> = keys.iter().map(|k| sanitize(k)).collect();
    let columns = headers::plan(&header, &opts.overrides, opts.assign_codes)?;
    let plan = RowPlan::new(&columns, opts);
    let mut out = Collector::new(DetectedFormat { encoding, kind: TableKind::JsonArray }, &columns, opts);
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        if blank(item) {
            continue;
        }
        out.count_row()?;
        match item {
            json::Item::Record(fields) => {
                let cells = fields.iter().filter_map(|(k, v)| Some((*index.get(k.as_str())?, Cell::Json(v))));
                out.add(n, plan.build(cells));
            }
            json::Item::Other(kind) => out.problem(n, format!("this element is {kind}, not a record ({{…}})")),
        }
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PhotoConsent;

    fn parse(text: &str) -> ParsedImport {
        parse_registrants(text.as_bytes(), &ImportOptions::default()).unwrap()
    }

    #[test]
    fn a_small_csv() {
        let r = parse(
            "code,family_name,given_name,category,country,birth_year,photo_consent\nA-1,Омарова,Айгүл,child,kz,2005,no\n",
        );
        assert_eq!(r.format, DetectedFormat { encoding: TextEncoding::Utf8, kind: TableKind::Comma });
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let p = &r.people[0];
        assert_eq!(r.people[0].line, 2);
        assert_eq!(
            (p.person.code.as_str(), p.person.family.as_str(), p.person.given.as_str()),
            ("A-1", "Омарова", "Айгүл")
        );
        assert_eq!(p.person.category, Category::Child);
        assert_eq!(p.person.country, "KZ");
        assert_eq!(p.person.birth_year, Some(2005));
        assert_eq!(p.person.photo_consent, PhotoConsent::No);
    }

    #[test]
    fn line_numbers_skip_blank_lines_and_follow_quoted_breaks() {
        let r = parse(
            "code;ФИО;Примечание\r\n\r\nA1;Иванов Иван;\"две\r\nстроки\"\r\n\r\n\r\nA2;Петров Пётр;\r\nA1;Дубль Дубль;\r\n",
        );
        let lines: Vec<usize> = r.people.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 7]);
        assert_eq!(r.people[0].person.notes, "две строки");
        assert_eq!(r.problems, [RowProblem { line: 8, reason: "code «A1» is already used on line 3".into() }]);
    }

    #[test]
    fn title_line_above_the_header_is_skipped_with_a_warning() {
        let r = parse("Список участников;;\n;;\nКод;Фамилия;Имя\nK-1;Ахметов;Марат\n");
        assert_eq!(r.people.len(), 1);
        assert_eq!(r.people[0].line, 4);
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].line, 1);
    }

    #[test]
    fn sep_hint_line() {
        let r = parse("sep=,\ncode;x,name\nA;1,Ким Ольга\n");
        assert_eq!(r.format.kind, TableKind::Comma);
        assert_eq!(r.people[0].person.extra.get("code;x"), None);
        assert_eq!(r.people[0].line, 3);
    }

    #[test]
    fn plainly_nfc_text_is_nfc() {
        use unicode_normalization::{IsNormalized, char::canonical_combining_class, is_nfc_quick};
        // Each character is NFC alone and does not reorder or combine with a neighbour before it.
        let plain = ('\0'..='\u{2ff}').chain('\u{400}'..='\u{482}').chain('\u{48a}'..='\u{52f}');
        for c in plain {
            assert!(plainly_nfc(c.encode_utf8(&mut [0; 4])));
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
        }
        for not_plain in ["e\u{301}", "\u{483}", "李", "й\u{306}"] {
            assert!(!plainly_nfc(not_plain), "{not_plain:?}");
        }
        assert_eq!(nfc("й\u{306}".into()), "й\u{306}".nfc().collect::<String>());
    }

    #[test]
    fn too_many_rows_is_refused() {
        let format = DetectedFormat { encoding: TextEncoding::Utf8, kind: TableKind::Comma };
        let plan = headers::Plan { columns: Vec::new(), code: CodeSource::Column };
        let opts = ImportOptions::default();
        let mut c = Collector::new(format, &plan, &opts);
        c.rows = MAX_ROWS - 1;
        assert!(c.count_row().is_ok());
        assert_eq!(c.count_row(), Err(ImportError::TooManyRows { limit: MAX_ROWS }));
    }

    #[test]
    fn parse_map_args() {
        assert_eq!(parse_map_arg("Тіркеу коды=code"), Ok(("Тіркеу коды".to_owned(), Field::Code)));
        assert_eq!(parse_map_arg(" Parent = responsible_name "), Ok(("Parent".to_owned(), Field::ResponsibleName)));
        assert_eq!(parse_map_arg("X=Family Name"), Ok(("X".to_owned(), Field::Family)));
        let e = parse_map_arg("X=surname").unwrap_err();
        assert!(e.contains("family_name") && e.contains("surname"), "{e}");
        assert!(parse_map_arg("code").is_err());
        assert!(parse_map_arg("=code").is_err());
    }

    #[test]
    fn responsible_adults_from_name_and_phone_columns() {
        let r =
            parse("code,name,parent name,parent phone\nC1,Ким Ольга,Ким Анна,+7 701 000 00 00\nC2,Ли Вера,,+7 702\n");
        assert_eq!(
            r.people[0].person.responsible_adults,
            [ResponsibleAdult {
                name: "Ким Анна".into(), phone: "+7 701 000 00 00".into(), relation: String::new()
            }]
        );
        assert_eq!(r.people[1].person.extra.get("parent phone").map(String::as_str), Some("+7 702"));
        assert_eq!(r.warnings.len(), 1);
    }

    #[test]
    fn json_keeps_key_order_and_nested_lists() {
        let r = parse(
            r#"[{"code": 1001, "full_name": "Иванов Иван Иванович", "sessions": ["mc-robotics", "p-01"],
                 "responsible_adults": [{"name": "Иванова Мария", "phone": "+7 701", "relation": "mother"}],
                 "zeta": null, "alpha": 2.0}]"#,
        );
        let p = &r.people[0].person;
        assert_eq!(p.code, "1001");
        assert_eq!((p.family.as_str(), p.given.as_str(), p.patronymic.as_str()), ("Иванов", "Иван", "Иванович"));
        assert_eq!(p.sessions, ["mc-robotics", "p-01"]);
        assert_eq!(p.responsible_adults[0].relation, "mother");
        assert_eq!(p.extra.get("alpha").map(String::as_str), Some("2"));
        let headers: Vec<&str> = r.columns.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(headers, ["code", "full_name", "sessions", "responsible_adults", "zeta", "alpha"]);
    }
}
