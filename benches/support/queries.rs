//! Query sets built from the registrants themselves, one per FOLDING.md requirement: what a
//! volunteer would type to find a given person. The spellings are made here with their own small
//! tables, not with the library's folding, so the bench does not grade the library against
//! itself (`fold` is used only to tell two spellings that search cannot tell apart).

use checkin::domain::Person;
use checkin::text::fold::fold;

use super::Pick;

/// Which requirement a query exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cat {
    /// The name as written, lower case (the easy case, for reference).
    Native,
    /// Cyrillic names in Latin (passport or informal scheme), Latin diacritics typed plain.
    Translit,
    /// Kazakh Cyrillic typed with Russian letters (Смағұлова → смагулова).
    Russian,
    /// A stored surname with Latin look-alikes (Cадыкова), typed in clean Cyrillic or Latin.
    Homoglyph,
    /// Given name first, then family name.
    Order,
    /// One edit (substitute, delete, insert, swap) in a surname of 5+ letters.
    Typo,
    /// Typed with the other keyboard layout active (f[vtnjdf for ахметова).
    Layout,
    /// The registration code, in lower case or through the Russian layout (ЛЯ-000123).
    Code,
}

pub const CATS: [Cat; 8] =
    [Cat::Native, Cat::Translit, Cat::Russian, Cat::Homoglyph, Cat::Order, Cat::Typo, Cat::Layout, Cat::Code];

impl Cat {
    pub fn name(self) -> &'static str {
        match self {
            Cat::Native => "as written",
            Cat::Translit => "transliterated",
            Cat::Russian => "Russian-mediated",
            Cat::Homoglyph => "homoglyphs",
            Cat::Order => "token order",
            Cat::Typo => "one typo",
            Cat::Layout => "wrong layout",
            Cat::Code => "code",
        }
    }
}

/// One person to find and the whole text a volunteer would type for them.
#[derive(Debug, Clone)]
pub struct Target {
    pub cat: Cat,
    pub idx: usize,
    pub text: String,
}

/// Up to `per_cat` targets for every category, picked deterministically from `people`.
pub fn targets(people: &[Person], per_cat: usize, seed: u64) -> Vec<Target> {
    let mut pick = Pick::new(seed);
    let mut order: Vec<usize> = (0..people.len()).collect();
    pick.shuffle(&mut order);
    let mut out = Vec::new();
    for cat in CATS {
        let mut got = 0;
        for &i in &order {
            if got == per_cat {
                break;
            }
            if let Some(text) = spell(cat, &people[i], &mut pick) {
                out.push(Target { cat, idx: i, text });
                got += 1;
            }
        }
    }
    out
}

/// Every keystroke of a search box: the first 1–6 characters of each target's text, and the
/// "first letters of two words" form (`aig ahm`), with the category each came from.
pub fn keystrokes(targets: &[Target]) -> Vec<(Cat, String)> {
    let mut out = Vec::new();
    for t in targets {
        let chars: Vec<char> = t.text.chars().collect();
        for n in 1..=chars.len().min(6) {
            let q: String = chars[..n].iter().collect();
            if !q.ends_with(' ') {
                out.push((t.cat, q));
            }
        }
        if t.cat == Cat::Order {
            let words: Vec<&str> = t.text.split(' ').collect();
            if words.len() >= 2 {
                let short = |w: &str| w.chars().take(3).collect::<String>();
                out.push((t.cat, format!("{} {}", short(words[0]), short(words[1]))));
            }
        }
    }
    out
}

/// Whether `found` would satisfy the volunteer looking for `target`: the person, or (for name
/// queries) a namesake whose name search cannot tell apart from theirs.
pub fn same_person(cat: Cat, people: &[Person], target: usize, found: usize) -> bool {
    if found == target {
        return true;
    }
    if cat == Cat::Code {
        return false;
    }
    let (a, b) = (&people[target], &people[found]);
    fold(&a.family) == fold(&b.family) && fold(&a.given) == fold(&b.given)
}

fn spell(cat: Cat, p: &Person, pick: &mut Pick) -> Option<String> {
    let (fam, giv) = (p.family.to_lowercase(), p.given.to_lowercase());
    if fam.is_empty() || giv.is_empty() {
        return None;
    }
    let cyr = is_script(&fam, is_cyrillic) && is_script(&giv, is_cyrillic);
    let lat = is_script(&fam, is_latin) && is_script(&giv, is_latin);
    let scheme = if pick.below(2) == 0 { Scheme::Passport } else { Scheme::Informal };
    match cat {
        Cat::Native => (cyr || lat).then(|| format!("{fam} {giv}")),
        Cat::Translit if cyr => Some(format!("{} {}", translit(&fam, scheme), translit(&giv, scheme))),
        Cat::Translit if lat && (has_diacritic(&fam) || has_diacritic(&giv)) => {
            Some(format!("{} {}", plain_latin(&fam), plain_latin(&giv)))
        }
        Cat::Translit => None,
        Cat::Russian => {
            (cyr && (has_kazakh(&fam) || has_kazakh(&giv))).then(|| format!("{} {}", russify(&fam), russify(&giv)))
        }
        Cat::Homoglyph => {
            let mixed = fam.chars().any(is_latin) && fam.chars().any(is_cyrillic);
            let clean = fam.chars().map(unconfuse).collect::<String>();
            (mixed && is_script(&giv, is_cyrillic)).then(|| match scheme {
                Scheme::Passport => format!("{clean} {giv}"),
                Scheme::Informal => format!("{} {}", translit(&clean, scheme), translit(&giv, scheme)),
            })
        }
        Cat::Order if cyr && pick.below(2) == 0 => {
            Some(format!("{} {}", translit(&giv, scheme), translit(&fam, scheme)))
        }
        Cat::Order => (cyr || lat).then(|| format!("{giv} {fam}")),
        Cat::Typo => {
            let letters = fam.chars().count();
            if !(cyr || lat) || letters < 6 {
                return None;
            }
            Some(format!("{} {giv}", typo(&fam, pick)))
        }
        Cat::Layout if cyr => Some(latin_keys(&format!("{} {}", russify(&fam), russify(&giv)))),
        Cat::Layout if lat && !has_diacritic(&fam) && !has_diacritic(&giv) => {
            Some(cyrillic_keys(&format!("{fam} {giv}")))
        }
        Cat::Layout => None,
        Cat::Code if p.code.is_empty() => None,
        Cat::Code if pick.below(2) == 0 => Some(p.code.to_lowercase()),
        Cat::Code => Some(cyrillic_keys(&p.code)),
    }
}

// ---------------------------------------------------------------------------------------------
// Scripts

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}')
}

/// Every letter of `s` is of one script (hyphens, apostrophes and spaces aside).
fn is_script(s: &str, script: fn(char) -> bool) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).all(script) && s.chars().any(char::is_alphabetic)
}

fn has_diacritic(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{00C0}'..='\u{024F}'))
}

fn has_kazakh(s: &str) -> bool {
    s.chars().any(|c| "әғқңөұүһі".contains(c))
}

/// The Kazakh letters a Russian keyboard does not have, as Russian-mediated spelling writes them.
fn russify(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ә' => 'а',
            'ғ' => 'г',
            'қ' => 'к',
            'ң' => 'н',
            'ө' => 'о',
            'ұ' | 'ү' => 'у',
            'һ' => 'х',
            'і' => 'и',
            c => c,
        })
        .collect()
}

/// A Latin letter pasted into a Cyrillic word, as the Cyrillic letter it looks like.
fn unconfuse(c: char) -> char {
    const PAIRS: &[(char, char)] = &[
        ('a', 'а'),
        ('o', 'о'),
        ('c', 'с'),
        ('e', 'е'),
        ('p', 'р'),
        ('x', 'х'),
        ('y', 'у'),
        ('k', 'к'),
        ('m', 'м'),
        ('h', 'н'),
        ('t', 'т'),
        ('b', 'в'),
    ];
    PAIRS.iter().find(|&&(l, _)| l == c).map_or(c, |&(_, k)| k)
}

#[derive(Clone, Copy)]
enum Scheme {
    /// Close to ICAO 9303: kh, zh, ia/iu, й → i.
    Passport,
    /// What people type in chats: h, j, ya/yu, q for қ, gh for ғ, ng for ң.
    Informal,
}

fn translit(s: &str, scheme: Scheme) -> String {
    let informal = matches!(scheme, Scheme::Informal);
    let mut out = String::new();
    let mut word_start = true;
    for c in s.chars() {
        let t: &str = match c {
            'а' | 'ә' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'ғ' => {
                if informal {
                    "gh"
                } else {
                    "g"
                }
            }
            'д' => "d",
            'е' if word_start => "ye",
            'е' | 'э' => "e",
            'ё' => "yo",
            'ж' => {
                if informal {
                    "j"
                } else {
                    "zh"
                }
            }
            'з' => "z",
            'и' | 'і' => "i",
            'й' => {
                if informal {
                    "y"
                } else {
                    "i"
                }
            }
            'к' => "k",
            'қ' => {
                if informal {
                    "q"
                } else {
                    "k"
                }
            }
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'ң' => {
                if informal {
                    "ng"
                } else {
                    "n"
                }
            }
            'о' | 'ө' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' | 'ұ' | 'ү' => "u",
            'ф' => "f",
            'х' => {
                if informal {
                    "h"
                } else {
                    "kh"
                }
            }
            'һ' => "h",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'ю' => {
                if informal {
                    "yu"
                } else {
                    "iu"
                }
            }
            'я' => {
                if informal {
                    "ya"
                } else {
                    "ia"
                }
            }
            _ => {
                out.push(c);
                word_start = !c.is_alphabetic();
                continue;
            }
        };
        out.push_str(t);
        word_start = false;
    }
    out
}

/// Latin letters without their marks, as typed on a plain keyboard (müller, łukasz → lukasz).
fn plain_latin(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.chars()
        .map(|c| match c {
            'ł' => 'l',
            'ø' => 'o',
            'ı' => 'i',
            'đ' => 'd',
            'ß' => 's',
            c => c,
        })
        .collect::<String>()
        .nfd()
        .filter(|c| c.is_ascii())
        .collect()
}

/// US keys of the Russian ЙЦУКЕН layout, in key order.
const QWERTY: &str = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.";
const JCUKEN: &str = "ёйцукенгшщзхъфывапролджэячсмитьбю";

/// The keys pressed to type Cyrillic `s` on a Russian keyboard, read as Latin.
fn latin_keys(s: &str) -> String {
    s.chars().map(|c| JCUKEN.chars().position(|k| k == c).and_then(|i| QWERTY.chars().nth(i)).unwrap_or(c)).collect()
}

/// What Latin `s` gives when typed with the Russian layout active (case kept, as Shift does).
fn cyrillic_keys(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let lower = c.to_ascii_lowercase();
            let k = QWERTY.chars().position(|q| q == lower).and_then(|i| JCUKEN.chars().nth(i)).unwrap_or(c);
            if c.is_ascii_uppercase() { k.to_uppercase().collect::<Vec<_>>() } else { vec![k] }
        })
        .collect()
}

/// One edit within the first five letters (so a 5–6 character keystroke already holds it) that
/// search cannot fold away.
fn typo(word: &str, pick: &mut Pick) -> String {
    let chars: Vec<char> = word.chars().collect();
    let alphabet: Vec<char> = if chars.iter().any(|&c| is_cyrillic(c)) {
        "бвгдзклмнпрстфхцчш".chars().collect()
    } else {
        "bcdfgklmnprstvz".chars().collect()
    };
    for _ in 0..32 {
        let at = 1 + pick.below(4);
        let mut c = chars.clone();
        match pick.below(4) {
            0 => c[at] = alphabet[pick.below(alphabet.len())],
            1 => {
                c.remove(at);
            }
            2 => c.insert(at, alphabet[pick.below(alphabet.len())]),
            _ => c.swap(at, at + 1),
        }
        let t: String = c.into_iter().collect();
        if fold(&t) != fold(word) {
            return t;
        }
    }
    word.to_owned()
}
