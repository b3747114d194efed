//! Codes a person can show: checking what a cell holds, making codes when the file has none,
//! and the key two codes are compared by.
//!
//! Codes (and aliases) are unique across the event as a scanner and a volunteer see them: in any
//! case and whichever keyboard layout typed them (`AB12CD`, `ab12cd` and `ФИ12СВ` typed on a
//! Russian layout are one code), so two that differ only so are refused, naming both lines.

use crate::text::layout::{Layout, to_latin_keys};

/// The keys `code` is found by: upper case without spaces, as typed and as typed through the
/// Russian or Kazakh layout. Two codes collide when their key sets meet.
pub(super) fn keys(code: &str) -> Vec<String> {
    let key = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect() };
    let mut out = vec![key(code)];
    if !code.is_ascii() {
        for layout in [Layout::Russian, Layout::Kazakh] {
            let k = key(&to_latin_keys(code, layout));
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// Why a code cell cannot be a code: Excel's scientific notation (`9,50101E+11`) or a number
/// too large for a cell (see `workbook`), whose digits are lost either way.
pub(super) fn lost_digits(value: &str) -> Option<String> {
    let scientific = {
        let v = value.trim();
        let (mantissa, exponent) = v.split_once(['e', 'E']).unwrap_or_default();
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        !mantissa.is_empty()
            && !exponent.is_empty()
            && exponent.bytes().all(|b| b.is_ascii_digit())
            && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
            && mantissa.bytes().next().is_some_and(|b| b.is_ascii_digit())
    };
    if scientific || value == super::workbook::DIGITS_LOST {
        Some(format!(
            "«{value}» is a number Excel shortened (scientific notation, or more than 15 digits): its digits are \
             lost. Format the column as Text in Excel and copy the codes again, or export from the registration \
             system as CSV"
        ))
    } else {
        None
    }
}

/// An ИИН / ЖСН as its 12 digits (spaces and dashes dropped), or why it is not one.
pub(super) fn national_id(value: &str) -> Result<String, String> {
    let digits: String = value.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("ИИН «{value}» is not 12 digits"));
    }
    match digits.len() {
        12 => Ok(digits),
        11 => Err(format!(
            "ИИН «{value}» has 11 digits: Excel drops a leading zero from a number. Format the column as Text and \
             type the zero back, or export the file again"
        )),
        n => Err(format!("ИИН «{value}» has {n} digits, not 12")),
    }
}

/// Crockford's base-32 digits: no I, L, O, U, so a code read aloud or retyped stays the same.
const BASE32: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `chars` base-32 digits of a 64-bit FNV-1a hash of `text`: the same text gives the same code
/// on every machine and every version (unlike std's hasher), which is what makes assigned codes
/// stable across re-imports.
pub(super) fn stable_digits(text: &str, chars: usize) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (0..chars).map(|i| BASE32[((h >> (5 * i)) & 31) as usize] as char).collect()
}

/// The code `--assign-codes` gives a person: from the e-mail if there is one (`E-…`), else from
/// the name and birth date or year (`N-…`). The same person in the next export gets the same code.
pub(super) fn assigned(email: &str, name: &str, born: &str) -> String {
    let email = email.trim().to_lowercase();
    if email.contains('@') {
        format!("E-{}", stable_digits(&email, 8))
    } else {
        let name: Vec<String> = crate::domain::person::category_words(name);
        format!("N-{}", stable_digits(&format!("{}|{born}", name.join(" ")), 8))
    }
}

/// The code of one ticket of a multi-ticket order with no ticket code: the order code and a
/// short stable part made from the attendee's name (not from the row's position, which an
/// export sorted by name would change, swapping two siblings' codes).
pub(super) fn order_member(order: &str, name: &str) -> String {
    let name: Vec<String> = crate::domain::person::category_words(name);
    format!("{order}-{}", stable_digits(&name.join(" "), 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_meet_across_case_and_layout() {
        let meet = |a: &str, b: &str| keys(a).iter().any(|k| keys(b).contains(k));
        assert!(meet("ab12cd", "AB12CD"));
        assert!(meet("ab 12cd", "AB12CD"));
        assert!(meet("ФИ12ВС", "AB12DC"), "{:?}", keys("ФИ12ВС"));
        assert!(!meet("AB12CD", "AB12CE"));
    }

    #[test]
    fn scientific_notation_and_lost_digits() {
        for lost in ["9,50101E+11", "9.50101E+11", "1E+15", super::super::workbook::DIGITS_LOST] {
            assert!(lost_digits(lost).is_some(), "{lost}");
        }
        for fine in ["950101300123", "E-12", "KZ-1E5", "ABCDE1"] {
            assert!(lost_digits(fine).is_none(), "{fine}");
        }
    }

    #[test]
    fn national_ids_keep_their_zeros() {
        assert_eq!(national_id("050101 300123"), Ok("050101300123".to_owned()));
        assert!(national_id("50101300123").unwrap_err().contains("leading zero"));
        assert!(national_id("9,50101E+11").is_err());
    }

    #[test]
    fn assigned_codes_are_stable_and_distinct() {
        assert_eq!(assigned("A.Omarova@mail.kz ", "", ""), assigned("a.omarova@mail.kz", "x", "y"));
        assert_ne!(assigned("a@b.kz", "", ""), assigned("c@b.kz", "", ""));
        assert_eq!(assigned("", "Омарова Айгүл", "2005"), assigned("", "ОМАРОВА  айгүл", "2005"));
        assert_ne!(assigned("", "Омарова Айгүл", "2005"), assigned("", "Омарова Айгүл", "2006"));
        // Fixed forever: an assigned code that changed would turn a re-import into new people.
        assert_eq!(assigned("a@b.kz", "", ""), "E-".to_owned() + &stable_digits("a@b.kz", 8));
        assert_eq!(stable_digits("", 4), "5S84");
    }
}
