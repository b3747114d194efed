//! Bytes to text: refuse what is not a text table, then pick the encoding.
//!
//! Order of decisions, first match wins:
//!
//! 1. Known binary signatures: a workbook (.xlsx, .ods, old OLE2 .xls) is handed to the
//!    `workbook` reader; other zips (.docx), PDF, images and archives are refused with a message
//!    that says what the file looks like.
//! 2. A byte-order mark: UTF-8, UTF-16LE or UTF-16BE, as it says.
//! 3. No BOM but a UTF-16 pattern (NUL in every other byte of mostly-ASCII text): UTF-16 of that
//!    byte order. Excel always writes a BOM; some scripts do not.
//! 4. NUL bytes or many other C0 control bytes: a binary file.
//! 5. Valid UTF-8: UTF-8.
//! 6. Anything else is a legacy single-byte code page, guessed by chardetng (the detector
//!    Firefox uses) from the letter statistics of the whole file: Windows-1251 (Russian Excel),
//!    Windows-1252 (German, French… Excel), KOI8-R/U, IBM866 and the others it knows.

use std::borrow::Cow;
use std::fmt;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::ImportError;

/// The text encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// A single-byte code page (Windows-1251, Windows-1252, KOI8-R, …), as detected.
    Legacy(&'static Encoding),
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            // As Windows and Excel write them ("Windows-1251"), not encoding_rs's "windows-1251".
            TextEncoding::Legacy(encoding) => return f.write_str(&people_name(encoding.name())),
        })
    }
}

/// A code page's name as people know it: `windows-1251` is "Windows-1251", `koi8-r` "KOI8-R".
fn people_name(name: &str) -> String {
    match name.strip_prefix("windows-") {
        Some(number) => format!("Windows-{number}"),
        None => name.to_uppercase(),
    }
}

/// How much of the file the binary / UTF-16 sniffers look at.
const SNIFF_BYTES: usize = 64 * 1024;

/// What a file is, by its first bytes: a workbook to read cell by cell, or text to decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Container {
    Workbook(super::workbook::WorkbookKind),
    Text,
}

/// Workbooks by their signature; other binary files are refused here.
pub(super) fn container(bytes: &[u8]) -> Result<Container, ImportError> {
    use super::workbook::WorkbookKind;
    let starts = |sig: &[u8]| bytes.starts_with(sig);
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
        return if contains(head, b"opendocument.spreadsheet") {
            Ok(Container::Workbook(WorkbookKind::Ods))
        } else if contains(head, b"word/") || contains(head, b"opendocument.text") {
            Err(ImportError::Binary("a Word document"))
        } else if contains(head, b"xl/") || contains(head, b"[Content_Types].xml") {
            Ok(Container::Workbook(WorkbookKind::Xlsx))
        } else {
            Err(ImportError::Binary("a zip archive"))
        };
    }
    if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Ok(Container::Workbook(WorkbookKind::Xls));
    }
    match binary_signature(bytes) {
        Some(err) => Err(err),
        None => Ok(Container::Text),
    }
}

/// Decodes the whole file. The size limit is checked by the caller.
pub(super) fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, TextEncoding), ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if let Some(err) = binary_signature(bytes) {
        return Err(err);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, label) = if encoding == UTF_8 {
            (UTF_8.decode_without_bom_handling(body).0, TextEncoding::Utf8Bom)
        } else if encoding == UTF_16LE {
            (UTF_16LE.decode_without_bom_handling(body).0, TextEncoding::Utf16Le)
        } else {
            (UTF_16BE.decode_without_bom_handling(body).0, TextEncoding::Utf16Be)
        };
        // A BOM in front of binary junk is still junk.
        if looks_binary_text(&text) {
            return Err(ImportError::Binary("binary data"));
        }
        return Ok((text, label));
    }
    if let Some(label) = utf16_without_bom(bytes) {
        let encoding = if label == TextEncoding::Utf16Le { UTF_16LE } else { UTF_16BE };
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        if !had_errors && !looks_binary_text(&text) {
            return Ok((text, label));
        }
    }
    if looks_binary_bytes(&bytes[..bytes.len().min(SNIFF_BYTES)]) {
        return Err(ImportError::Binary("binary data"));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), TextEncoding::Utf8)),
        Err(_) => match damaged_utf8(bytes) {
            Some(err) => Err(err),
            None => {
                let encoding = legacy_encoding(bytes);
                Ok((encoding.decode_without_bom_handling(bytes).0, TextEncoding::Legacy(encoding)))
            }
        },
    }
}

/// The single-byte code page the bytes were most likely written in. chardetng weighs the
/// letter pairs of each candidate; it never answers UTF-8 here (the bytes are not valid UTF-8).
fn legacy_encoding(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// A UTF-8 file with a few bad bytes (a cell pasted from another program) must not be read as
/// Windows-1251 whole, which would garble every name. Real cp1251 text has hardly any valid
/// multi-byte UTF-8 sequences, while damaged UTF-8 has many for each bad byte.
fn damaged_utf8(bytes: &[u8]) -> Option<ImportError> {
    let (mut multibyte, mut bad, mut first_bad, mut offset) = (0usize, 0usize, None, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            bad += 1;
            first_bad.get_or_insert(offset);
        }
        offset += chunk.invalid().len();
    }
    let at = first_bad?;
    (multibyte >= 10 * bad).then(|| ImportError::DamagedUtf8 {
        line: bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1,
        byte: bytes[at],
    })
}

/// Recognises file types people export by mistake, by their first bytes.
fn binary_signature(bytes: &[u8]) -> Option<ImportError> {
    let starts = |sig: &[u8]| bytes.starts_with(sig);
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") || starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        // Told apart by `container`, which is asked first.
        return Some(ImportError::Binary("a zip archive or an Office file"));
    }
    let kind = if starts(b"%PDF") {
        "a PDF document"
    } else if starts(b"\x89PNG") {
        "a PNG image"
    } else if starts(b"\xFF\xD8\xFF") {
        "a JPEG image"
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        "a GIF image"
    } else if starts(b"\x1F\x8B") {
        "a gzip archive"
    } else if starts(b"7z\xBC\xAF\x27\x1C") {
        "a 7-Zip archive"
    } else if starts(b"Rar!") {
        "a RAR archive"
    } else if starts(b"SQLite format 3\0") {
        "an SQLite database"
    } else {
        return None;
    };
    Some(ImportError::Binary(kind))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// UTF-16 without a BOM shows up as NUL in every other byte wherever the text is ASCII
/// (delimiters, digits, Latin names, line ends). Returns the byte order if the pattern is clear.
fn utf16_without_bom(bytes: &[u8]) -> Option<TextEncoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    // At least a fifth of the code units are ASCII, and the other byte of a pair is almost
    // never NUL (U+0100, U+0400, … have a NUL low byte, so allow one in a hundred).
    if odd_nul * 5 >= pairs && even_nul * 100 <= pairs {
        Some(TextEncoding::Utf16Le)
    } else if even_nul * 5 >= pairs && odd_nul * 100 <= pairs {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// C0 controls that do not belong in a text table. Tab, LF, CR, form feed, the DOS end-of-file
/// mark (0x1A) and the pieces of terminal escape sequences are tolerated.
fn is_suspicious_control(b: u32) -> bool {
    b < 0x20 && !matches!(b, 0x09 | 0x0A | 0x0C | 0x0D | 0x1A) && !TERMINAL_CONTROLS.contains(&b)
}

/// ESC, BEL and backspace: what terminal escape sequences pasted into a name consist of. They
/// are sanitized away, so they do not make a file binary (real binaries have NULs and the other
/// C0 bytes in plenty).
const TERMINAL_CONTROLS: [u32; 3] = [0x1B, 0x07, 0x08];

/// A few stray control characters in a name are data to sanitize; NULs in more than a handful
/// of places, or controls in more than 2% of the bytes, are a binary file.
fn binary_verdict(len: usize, nul: usize, controls: usize) -> bool {
    (nul >= 4 && nul * 200 > len) || (controls >= 8 && controls * 50 > len)
}

fn looks_binary_bytes(sample: &[u8]) -> bool {
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let controls = sample.iter().filter(|&&b| is_suspicious_control(u32::from(b))).count();
    binary_verdict(sample.len(), nul, controls)
}

fn looks_binary_text(text: &str) -> bool {
    let (mut len, mut nul, mut controls) = (0usize, 0usize, 0usize);
    for c in text.chars().take(SNIFF_BYTES) {
        len += 1;
        nul += usize::from(c == '\0');
        controls += usize::from(is_suspicious_control(u32::from(c)));
    }
    binary_verdict(len, nul, controls)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
        }
        for unit in text.encode_utf16() {
            out.extend_from_slice(&if le { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        out
    }

    #[test]
    fn boms_win() {
        let (t, e) = decode(b"\xEF\xBB\xBFcode;name\n").unwrap();
        assert_eq!((t.as_ref(), e), ("code;name\n", TextEncoding::Utf8Bom));
        for (le, label) in [(true, TextEncoding::Utf16Le), (false, TextEncoding::Utf16Be)] {
            let bytes = utf16("код\tимя\n", le, true);
            let (t, e) = decode(&bytes).unwrap();
            assert_eq!((t.as_ref(), e), ("код\tимя\n", label));
        }
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let bytes = utf16("code\tname\nA-1\tАйгүл\n", true, false);
        let (t, e) = decode(&bytes).unwrap();
        assert_eq!((t.as_ref(), e), ("code\tname\nA-1\tАйгүл\n", TextEncoding::Utf16Le));
        let (_, e) = decode(&utf16("code\tname\nA-1\tSmith\n", false, false)).unwrap();
        assert_eq!(e, TextEncoding::Utf16Be);
    }

    #[test]
    fn legacy_code_pages_are_told_apart() {
        use encoding_rs::{KOI8_R, WINDOWS_1251, WINDOWS_1252};
        let russian = "Код;Фамилия;Имя\n1;Иванов;Сергей\n2;Смирнова;Екатерина\n";
        let german = "Code;Nachname;Vorname\n1;Müller;Jürgen\n2;Größer;Bärbel\n";
        for (text, encoding) in [(russian, WINDOWS_1251), (russian, KOI8_R), (german, WINDOWS_1252)] {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable);
            let (t, e) = decode(&bytes).unwrap();
            assert_eq!(t.as_ref(), text, "{}", encoding.name());
            // KOI8-U is KOI8-R with Ukrainian letters: for Russian text either reads the same.
            let family = |e: TextEncoding| e.to_string().chars().take(4).collect::<String>();
            assert_eq!(family(e), family(TextEncoding::Legacy(encoding)), "{}", encoding.name());
        }
    }

    #[test]
    fn a_stray_control_character_is_data_not_binary() {
        assert!(decode(b"code,name\nA1,Ai\x00gul\nA2,Ma\x07rat\x1b[2J\n").is_ok());
    }

    #[test]
    fn a_few_bad_bytes_in_utf8_are_reported_not_read_as_cp1251() {
        let bytes = b"code,family_name,given_name\nA-1,\xD0\xA1\xD0\xBC\xD0\xB0\xD2\x93\xD2\xB1\xD0\xBB\xD0\xBE\xD0\xB2\xD0\xB0,X\nA-2,\xD0\x98\xD0\xB2\xFF\xD0\xB0\xD0\xBD\xD0\xBE\xD0\xB2,Y\n";
        assert!(matches!(decode(bytes), Err(ImportError::DamagedUtf8 { line: 3, byte: 0xFF })));
    }

    #[test]
    fn terminal_escapes_in_a_small_file_are_data_not_binary() {
        let text = "code,name\nA1,Ai\x1b[31mgul\x07\x08\x1b]0;pwned\x07\nA2,Ma\x1b[2J\x1b[Hrat\x1bP1$r\x1b\\\n";
        assert!(decode(text.as_bytes()).is_ok());
    }

    #[test]
    fn binaries_are_refused() {
        use super::super::workbook::WorkbookKind;
        assert_eq!(
            container(b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml xl/workbook.xml"),
            Ok(Container::Workbook(WorkbookKind::Xlsx))
        );
        assert!(matches!(container(b"PK\x03\x04\x14\x00word/document.xml"), Err(ImportError::Binary(_))));
        assert!(matches!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(ImportError::Binary("a PNG image"))));
        let noise: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        assert!(matches!(decode(&noise), Err(ImportError::Binary(_))));
        assert!(matches!(decode(b""), Err(ImportError::Empty)));
    }
}
