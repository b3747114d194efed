//! When typed or scanned text is a registration code: the one rule the desk's Enter, `checkin
//! scan`, the host's door and the search's first row share.
//!
//! Two spellings are the same code when their [`code_key`]s are equal: case and spaces do not
//! count (a volunteer types `kz-000123`, a scanner may add a space), every other character does.
//! Separators and look-alike letters are *not* folded away: `KH-12` and `H-12` fold alike for
//! search, but they are two people's codes, and checking in the wrong one is worse than asking.
//! Typed text is also read as if typed in the other keyboard layout ([`reading_keys`]).

use super::layout::{self, Layout};

/// The key two codes compare by: without white space, upper case.
pub fn code_key(code: &str) -> String {
    let mut key = String::with_capacity(code.len());
    push_code_key(&mut key, code);
    key
}

/// Appends [`code_key`] of `code` to `out`.
pub fn push_code_key(out: &mut String, code: &str) {
    let kept = code.chars().filter(|c| !c.is_whitespace());
    if code.is_ascii() {
        // Issued codes are ASCII: no per-character Unicode case tables.
        out.extend(kept.map(|c| c.to_ascii_uppercase()));
    } else {
        out.extend(kept.flat_map(char::to_uppercase));
    }
}

/// The keys of what `typed` may stand for, to be tried in order, the first that is a code
/// counting: as typed, then through the other keyboard layouts (a scanner types `KZ-000123` as
/// `ЛЯ-000123` when the Russian layout is on). Empty for blank text.
pub fn reading_keys(typed: &str) -> Vec<String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Vec::new();
    }
    let readings = [
        typed.to_owned(),
        layout::to_latin_keys(typed, Layout::Russian),
        layout::to_latin_keys(typed, Layout::Kazakh),
        layout::from_latin_keys(typed, Layout::Russian),
    ];
    let mut keys: Vec<String> = Vec::with_capacity(readings.len());
    for r in &readings {
        let key = code_key(r);
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// The keys an issued code is found by: [`code_key`] as written and as typed through the
/// Russian or Kazakh layout. Two issued codes (or a code and another code of a person) clash
/// when their key sets meet: a scan of one would find the other.
pub fn clash_keys(code: &str) -> Vec<String> {
    let mut out = vec![code_key(code)];
    if !code.is_ascii() {
        for layout in [Layout::Russian, Layout::Kazakh] {
            let k = code_key(&layout::to_latin_keys(code, layout));
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_clash_across_case_space_and_layout_and_nothing_else() {
        let meet = |a: &str, b: &str| clash_keys(a).iter().any(|k| clash_keys(b).contains(k));
        assert!(meet("ab12cd", "AB12CD"));
        assert!(meet("ab 12cd", "AB12CD"));
        assert!(meet("ФИ12ВС", "AB12DC"), "{:?}", clash_keys("ФИ12ВС"));
        assert!(!meet("AB12CD", "AB12CE"));
    }

    #[test]
    fn ascii_keys_are_the_unicode_ones() {
        let unicode =
            |c: &str| -> String { c.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect() };
        for code in ["kz-000001", " Kz 1\u{b}\t", "w-1-1\r\n", "ЛЯ-000093", "straße-1", ""] {
            assert_eq!(code_key(code), unicode(code), "{code:?}");
        }
    }

    #[test]
    fn a_code_reads_through_either_layout_and_keeps_its_separators() {
        assert_eq!(reading_keys(" kz-000123 ")[0], "KZ-000123");
        assert!(reading_keys("ЛЯ-000123").contains(&"KZ-000123".to_owned()));
        assert!(reading_keys("ЛЯөқққ„әі").contains(&"KZ-000123".to_owned()));
        assert!(!reading_keys("KZ000123").contains(&"KZ-000123".to_owned()));
        assert!(reading_keys("  ").is_empty());
    }
}
