//! Wrong keyboard layout: what a query would have been had the right layout been active.
//!
//! Two Cyrillic layouts are modelled, both over the same physical keys as US QWERTY:
//!
//! * **Russian ЙЦУКЕН** (Windows "Russian"): letters on the letter keys, `х ъ ж э б ю ё` on
//!   `[ ] ; ' , . \``, and `.` / `,` on the `/` key.
//! * **Kazakh** (RST KazSSR 903-90, Windows "Kazakh"): the same letters, and the nine Kazakh
//!   letters on the number row — `2`→ә `3`→і `4`→ң `5`→ғ `8`→ү `9`→ұ `0`→қ `-`→ө `=`→һ, with `1`→„
//!   `6`→`,` `7`→`.` `\``→`(` and `№` on the `/` key. Shift gives the capital letters there.
//!
//! A barcode scanner "types" `KZ-000123` through whatever layout is active, so the code arrives
//! as `ЛЯ-000123` (Russian) or `ЛЯөқққ„әі` (Kazakh); [`to_latin_keys`] undoes both.

/// (US key unshifted, shifted) → (Russian unshifted, shifted).
const RU: &[(char, char, char, char)] = &[
    ('`', '~', 'ё', 'Ё'),
    ('q', 'Q', 'й', 'Й'),
    ('w', 'W', 'ц', 'Ц'),
    ('e', 'E', 'у', 'У'),
    ('r', 'R', 'к', 'К'),
    ('t', 'T', 'е', 'Е'),
    ('y', 'Y', 'н', 'Н'),
    ('u', 'U', 'г', 'Г'),
    ('i', 'I', 'ш', 'Ш'),
    ('o', 'O', 'щ', 'Щ'),
    ('p', 'P', 'з', 'З'),
    ('[', '{', 'х', 'Х'),
    (']', '}', 'ъ', 'Ъ'),
    ('a', 'A', 'ф', 'Ф'),
    ('s', 'S', 'ы', 'Ы'),
    ('d', 'D', 'в', 'В'),
    ('f', 'F', 'а', 'А'),
    ('g', 'G', 'п', 'П'),
    ('h', 'H', 'р', 'Р'),
    ('j', 'J', 'о', 'О'),
    ('k', 'K', 'л', 'Л'),
    ('l', 'L', 'д', 'Д'),
    (';', ':', 'ж', 'Ж'),
    ('\'', '"', 'э', 'Э'),
    ('z', 'Z', 'я', 'Я'),
    ('x', 'X', 'ч', 'Ч'),
    ('c', 'C', 'с', 'С'),
    ('v', 'V', 'м', 'М'),
    ('b', 'B', 'и', 'И'),
    ('n', 'N', 'т', 'Т'),
    ('m', 'M', 'ь', 'Ь'),
    (',', '<', 'б', 'Б'),
    ('.', '>', 'ю', 'Ю'),
    ('/', '?', '.', ','),
    ('@', '@', '"', '"'),
    ('#', '#', '№', '№'),
    ('$', '$', ';', ';'),
    ('^', '^', ':', ':'),
    ('&', '&', '?', '?'),
];

/// Keys whose Kazakh layout differs from the Russian one: (US unshifted, shifted, kk unshifted, shifted).
const KK: &[(char, char, char, char)] = &[
    ('`', '~', '(', ')'),
    ('1', '!', '„', '!'),
    ('2', '@', 'ә', 'Ә'),
    ('3', '#', 'і', 'І'),
    ('4', '$', 'ң', 'Ң'),
    ('5', '%', 'ғ', 'Ғ'),
    ('6', '^', ',', ';'),
    ('7', '&', '.', ':'),
    ('8', '*', 'ү', 'Ү'),
    ('9', '(', 'ұ', 'Ұ'),
    ('0', ')', 'қ', 'Қ'),
    ('-', '_', 'ө', 'Ө'),
    ('=', '+', 'һ', 'Һ'),
    ('/', '?', '№', '?'),
];

/// Which layout a conversion assumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Russian,
    Kazakh,
}

/// A conversion of single characters, for every character below U+0500 (ASCII and Cyrillic,
/// where nearly every typed character lands) an index instead of a scan of the layout's keys:
/// a search converts every query through four of them.
struct Lookup(Vec<Option<char>>);

const LOOKUP_SIZE: usize = 0x500;

/// A scan of a layout's keys for one character.
type Convert = fn(char) -> Option<char>;

impl Lookup {
    /// The table of `convert` (a scan of a layout), for the characters below [`LOOKUP_SIZE`].
    fn of(convert: Convert) -> Lookup {
        Lookup((0..LOOKUP_SIZE as u32).map(|c| char::from_u32(c).and_then(convert)).collect())
    }

    fn get(&self, c: char, convert: Convert) -> Option<char> {
        match self.0.get(c as usize) {
            Some(&k) => k,
            None => convert(c),
        }
    }
}

static RU_KEYS: std::sync::LazyLock<Lookup> = std::sync::LazyLock::new(|| Lookup::of(ru_key_for));
static KK_KEYS: std::sync::LazyLock<Lookup> = std::sync::LazyLock::new(|| Lookup::of(kk_layout_key_for));
static RU_OF_KEYS: std::sync::LazyLock<Lookup> = std::sync::LazyLock::new(|| Lookup::of(ru_of_key));
static KK_OF_KEYS: std::sync::LazyLock<Lookup> = std::sync::LazyLock::new(|| Lookup::of(kk_of_key));

fn kk_key_for(c: char) -> Option<char> {
    KK.iter().find_map(|&(u, s, k, ks)| {
        if c == k {
            Some(u)
        } else if c == ks {
            Some(s)
        } else {
            None
        }
    })
}

fn ru_key_for(c: char) -> Option<char> {
    RU.iter().find_map(|&(u, s, r, rs)| {
        if c == r {
            Some(u)
        } else if c == rs {
            Some(s)
        } else {
            None
        }
    })
}

/// The US key that types `c` in the Kazakh layout: the number row first (`,` and `.` are there,
/// not on the `/` key), then the keys it shares with the Russian one.
fn kk_layout_key_for(c: char) -> Option<char> {
    kk_key_for(c).or_else(|| match c {
        ',' | '.' | '"' | '№' | ';' | ':' | '?' => None,
        _ => ru_key_for(c),
    })
}

/// What US key `c` types in the Russian layout.
fn ru_of_key(c: char) -> Option<char> {
    RU.iter().find_map(|&(u, s, r, rs)| {
        if c == u {
            Some(r)
        } else if c == s && u != s {
            Some(rs)
        } else {
            None
        }
    })
}

/// What US key `c` types in the Kazakh layout: its number row, else as in the Russian one.
fn kk_of_key(c: char) -> Option<char> {
    KK.iter()
        .find_map(|&(u, s, k, ks)| {
            if c == u {
                Some(k)
            } else if c == s {
                Some(ks)
            } else {
                None
            }
        })
        .or_else(|| ru_of_key(c))
}

/// The keys pressed to type `text` in `layout`, read as US QWERTY (`f[vtnjdf` for `ахметова`).
/// Characters the layout does not produce are kept.
pub fn to_latin_keys(text: &str, layout: Layout) -> String {
    let (table, convert): (&Lookup, Convert) = match layout {
        Layout::Russian => (&RU_KEYS, ru_key_for),
        Layout::Kazakh => (&KK_KEYS, kk_layout_key_for),
    };
    text.chars().map(|c| table.get(c, convert).unwrap_or(c)).collect()
}

/// What `text`, typed as US QWERTY keys, gives with `layout` active (`f[vtnjdf` → `ахметова`).
pub fn from_latin_keys(text: &str, layout: Layout) -> String {
    let (table, convert): (&Lookup, Convert) = match layout {
        Layout::Russian => (&RU_OF_KEYS, ru_of_key),
        Layout::Kazakh => (&KK_OF_KEYS, kk_of_key),
    };
    text.chars().map(|c| table.get(c, convert).unwrap_or(c)).collect()
}

fn has_cyrillic(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}') || c == '„' || c == '№')
}

fn has_latin_keys(s: &str) -> bool {
    s.chars().any(|c| {
        c.is_ascii_alphabetic()
            || matches!(c, '[' | ']' | ';' | '\'' | ',' | '.' | '`' | '{' | '}' | ':' | '"' | '<' | '>')
    })
}

/// The other readings of a query typed in the wrong layout, without the query itself and
/// without duplicates. A Cyrillic query gives its QWERTY keys (Russian and Kazakh reading); a
/// Latin one gives what those keys type in the Russian layout, and in the Kazakh one when the
/// number row is involved.
pub fn alternatives(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: String| {
        if s != query && !out.contains(&s) {
            out.push(s);
        }
    };
    if has_cyrillic(query) {
        add(to_latin_keys(query, Layout::Russian));
        add(to_latin_keys(query, Layout::Kazakh));
    }
    if has_latin_keys(query) {
        add(from_latin_keys(query, Layout::Russian));
        if query.chars().any(|c| matches!(c, '2'..='5' | '8' | '9' | '0' | '-' | '=')) {
            add(from_latin_keys(query, Layout::Kazakh));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_the_layouts() {
        let convert: [(&Lookup, Convert); 4] =
            [(&RU_KEYS, ru_key_for), (&KK_KEYS, kk_layout_key_for), (&RU_OF_KEYS, ru_of_key), (&KK_OF_KEYS, kk_of_key)];
        for (table, scan) in convert {
            for c in ('\0'..='\u{5ff}').chain(['„', '№', '€']) {
                assert_eq!(table.get(c, scan), scan(c), "{c:?}");
            }
        }
    }

    #[test]
    fn russian_layout_both_ways() {
        assert_eq!(from_latin_keys("f[vtnjdf", Layout::Russian), "ахметова");
        assert_eq!(to_latin_keys("ахметова", Layout::Russian), "f[vtnjdf");
        assert_eq!(to_latin_keys("ЛЯ-000123", Layout::Russian), "KZ-000123");
        assert_eq!(from_latin_keys("KZ-000123", Layout::Russian), "ЛЯ-000123");
        assert_eq!(from_latin_keys("Cthutq", Layout::Russian), "Сергей");
        assert_eq!(to_latin_keys("ю.", Layout::Russian), "./");
    }

    #[test]
    fn kazakh_layout_number_row() {
        assert_eq!(from_latin_keys("KZ-000123", Layout::Kazakh), "ЛЯөқққ„әі");
        assert_eq!(to_latin_keys("ЛЯөқққ„әі", Layout::Kazakh), "KZ-000123");
        assert_eq!(from_latin_keys("2ctk", Layout::Kazakh), "әсел");
        assert_eq!(to_latin_keys("Ә", Layout::Kazakh), "@");
        assert_eq!(from_latin_keys("=fcty", Layout::Kazakh), "һасен");
    }

    #[test]
    fn alternatives_of_a_query() {
        assert!(alternatives("f[vtnjdf").contains(&"ахметова".to_string()));
        assert!(alternatives("ЛЯ-000123").contains(&"KZ-000123".to_string()));
        assert!(alternatives("ЛЯөқққ„әі").contains(&"KZ-000123".to_string()));
        assert!(alternatives("123").is_empty());
    }
}
