//! Query sets built from the registrants themselves, one per FOLDING.md requirement: what a
//! volunteer would type to find a given person. The spellings are made here with their own small
//! tables, not with the library's folding, so the bench does not grade the library against
//! itself (`fold` is used only to tell two spellings that search cannot tell apart).

use std::collections::{HashMap, HashSet};

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
    /// The name typed with exactly its own letters where the surname is also written another way
    /// (Тоқаева typed `тоқаева` beside Токаева, and Токаева typed `токаева`): the person with
    /// those very letters first.
    Exact,
    /// A Cyrillic name in passport Latin (zh, kh, ts, ch, sh, iu, ia, ye) with two neighbouring
    /// letters of the surname swapped, at any place (`bazihanov darkhan`).
    Swap,
    /// A typo in the surname, the given name exactly, where a namesake has a given name one letter
    /// away: the given name typed decides (`ахметво данияр` is Данияр, not Даниял).
    ExactOverTypo,
    /// The start of the person's e-mail address, up to a little past its first dot or its `@`.
    Email,
    /// A name with Đ ß æ œ þ ø typed with the two letters they are written as (dj ss ae oe th oe),
    /// or Đ and ø with one.
    Foreign,
    /// A traditional surname (-ұлы, -қызы) typed in its Soviet form (-ов/-ев, -ова/-ева), in
    /// Russian letters or passport Latin.
    SurnameForm,
    /// A name stored in Latin letters only, typed as written, given name first, where the
    /// surname is also someone's in Cyrillic: the Latin record first.
    LatinExact,
}

pub const CATS: [Cat; 15] = [
    Cat::Native,
    Cat::Translit,
    Cat::Russian,
    Cat::Homoglyph,
    Cat::Order,
    Cat::Typo,
    Cat::Layout,
    Cat::Code,
    Cat::Exact,
    Cat::Swap,
    Cat::ExactOverTypo,
    Cat::Email,
    Cat::Foreign,
    Cat::SurnameForm,
    Cat::LatinExact,
];

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
            Cat::Exact => "exact letters",
            Cat::Swap => "swap of neighbours",
            Cat::ExactOverTypo => "exact beats typo",
            Cat::Email => "e-mail start",
            Cat::Foreign => "foreign letters",
            Cat::SurnameForm => "surname form",
            Cat::LatinExact => "exact Latin",
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
    let list = List::of(people);
    let mut out = Vec::new();
    for cat in CATS {
        let mut got = 0;
        for &i in &order {
            if got == per_cat {
                break;
            }
            if let Some(text) = spell(cat, &people[i], &list, &mut pick) {
                out.push(Target { cat, idx: i, text });
                got += 1;
            }
        }
    }
    out
}

/// What some categories need to know of the whole list: the surnames written more than one way,
/// and the given names that go with each surname.
struct List {
    /// Folded surname → its spellings (lower case).
    spellings: HashMap<String, HashSet<String>>,
    /// Folded surname → the folded given names of the people who have it.
    given: HashMap<String, Vec<String>>,
    /// Every e-mail address, lower case, sorted.
    emails: Vec<String>,
}

impl List {
    fn of(people: &[Person]) -> List {
        let mut spellings: HashMap<String, HashSet<String>> = HashMap::new();
        let mut given: HashMap<String, Vec<String>> = HashMap::new();
        for p in people {
            let key = fold(&p.family);
            spellings.entry(key.clone()).or_default().insert(p.family.to_lowercase());
            given.entry(key).or_default().push(fold(&p.given));
        }
        let mut emails: Vec<String> =
            people.iter().filter(|p| !p.email.is_empty()).map(|p| p.email.to_lowercase()).collect();
        emails.sort();
        emails.dedup();
        List { spellings, given, emails }
    }

    /// Whether an address other than `email` starts with `start`.
    fn other_email_starts(&self, email: &str, start: &str) -> bool {
        let from = self.emails.partition_point(|e| e.as_str() < start);
        self.emails[from..].iter().take_while(|e| e.starts_with(start)).any(|e| e != email)
    }

    /// Whether the surname `family` is also written with other letters in the list.
    fn written_otherwise(&self, family: &str) -> bool {
        self.spellings.get(&fold(family)).is_some_and(|s| s.iter().any(|x| *x != family.to_lowercase()))
    }

    /// Whether someone with the surname `family` has a given name one letter away from `given`.
    fn namesake_one_letter_away(&self, family: &str, given: &str) -> bool {
        let g: Vec<char> = fold(given).chars().collect();
        self.given.get(&fold(family)).is_some_and(|all| {
            all.iter().any(|other| {
                let o: Vec<char> = other.chars().collect();
                o != g && one_edit(&o, &g)
            })
        })
    }
}

/// Whether `a` and `b` are one substitution, insertion, deletion or swap of neighbours apart.
fn one_edit(a: &[char], b: &[char]) -> bool {
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (x, y) = (&a[p..], &b[p..]);
    match x.len() as isize - y.len() as isize {
        0 => !x.is_empty() && (x[1..] == y[1..] || (x.len() >= 2 && x[0] == y[1] && x[1] == y[0] && x[2..] == y[2..])),
        1 => x[1..] == *y,
        -1 => *x == y[1..],
        _ => false,
    }
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

/// How well search finds one category's targets: hit@1 and hit@3 for the whole typed text, and
/// the keystrokes until the person is the first row when the shortest prefixes are typed.
#[derive(Debug, Clone, Copy)]
pub struct Quality {
    pub targets: usize,
    pub hit1: usize,
    pub hit3: usize,
    /// Median over all targets of [`shortest_keystrokes`], `None` (never) counted as more than
    /// any number; `None` when that is the median.
    pub median_keys: Option<usize>,
    /// Targets never the first row, whatever prefixes are typed.
    pub never: usize,
}

impl Quality {
    pub fn rate(&self, n: usize) -> f64 {
        if self.targets == 0 { 1.0 } else { n as f64 / self.targets as f64 }
    }
}

/// The [`Quality`] of `search` (a query and a row count → the people found, best first) on the
/// targets of category `cat`.
pub fn quality(
    cat: Cat,
    people: &[Person],
    targets: &[Target],
    mut search: impl FnMut(&str, usize) -> Vec<usize>,
) -> Quality {
    let ts: Vec<&Target> = targets.iter().filter(|t| t.cat == cat).collect();
    let (mut hit1, mut hit3) = (0, 0);
    let mut keys: Vec<Option<usize>> = Vec::with_capacity(ts.len());
    for t in &ts {
        let pos = search(&t.text, 3).iter().position(|&i| same_person(cat, people, t.idx, i));
        hit1 += usize::from(pos == Some(0));
        hit3 += usize::from(pos.is_some());
        keys.push(shortest_keystrokes(&t.text, |q| {
            search(q, 1).first().is_some_and(|&i| same_person(cat, people, t.idx, i))
        }));
    }
    let never = keys.iter().filter(|k| k.is_none()).count();
    keys.sort_by_key(|k| k.unwrap_or(usize::MAX));
    let median_keys = if keys.is_empty() { None } else { keys[(keys.len() - 1) / 2] };
    Quality { targets: ts.len(), hit1, hit3, median_keys, never }
}

/// The fewest keystrokes (letters and spaces) that make `first(query)` true, typing the first
/// letters of the first one, two, … words of `text` in their order (`smag`, `sm g`, `smag gul`):
/// the volunteer types the shortest prefixes of each word that find the person. `None` if not
/// even the whole text does.
pub fn shortest_keystrokes(text: &str, mut first: impl FnMut(&str) -> bool) -> Option<usize> {
    let words: Vec<Vec<char>> = text.split(' ').filter(|w| !w.is_empty()).map(|w| w.chars().collect()).collect();
    // Every choice of prefix lengths, fewest keystrokes first.
    let mut choices: Vec<Vec<usize>> = Vec::new();
    let mut grow = vec![Vec::new()];
    for w in &words {
        let mut next = Vec::new();
        for lens in &grow {
            for l in 1..=w.len() {
                let mut v: Vec<usize> = lens.clone();
                v.push(l);
                next.push(v);
            }
        }
        choices.extend(next.iter().cloned());
        grow = next;
        if grow.len() > 4096 {
            break;
        }
    }
    let cost = |lens: &[usize]| lens.iter().sum::<usize>() + lens.len() - 1;
    choices.sort_by_key(|lens| (cost(lens), lens.clone()));
    for lens in choices {
        let query: Vec<String> = lens.iter().zip(&words).map(|(&l, w)| w[..l].iter().collect()).collect();
        if first(&query.join(" ")) {
            return Some(cost(&lens));
        }
    }
    None
}

/// Whether `found` would satisfy the volunteer looking for `target`: the person, or (for name
/// queries) a namesake whose name search cannot tell apart from theirs.
pub fn same_person(cat: Cat, people: &[Person], target: usize, found: usize) -> bool {
    if found == target {
        return true;
    }
    let (a, b) = (&people[target], &people[found]);
    let lower_eq = |x: &str, y: &str| x.to_lowercase() == y.to_lowercase();
    match cat {
        Cat::Code => false,
        Cat::Email => !a.email.is_empty() && lower_eq(&a.email, &b.email),
        // The same letters: the name itself, or the name in its other spelling.
        Cat::Exact | Cat::LatinExact => {
            (lower_eq(&a.family, &b.family) && lower_eq(&a.given, &b.given))
                || lower_eq(&format!("{} {}", a.family, a.given), &b.alt_spelling)
        }
        // Someone whose own surname is the Soviet form typed comes first by the rules.
        Cat::SurnameForm => {
            let typed = soviet_form(&a.family.to_lowercase()).unwrap_or_default();
            (fold(&a.family) == fold(&b.family) || fold(&typed) == fold(&b.family)) && fold(&a.given) == fold(&b.given)
        }
        _ => fold(&a.family) == fold(&b.family) && fold(&a.given) == fold(&b.given),
    }
}

fn spell(cat: Cat, p: &Person, list: &List, pick: &mut Pick) -> Option<String> {
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
        Cat::Exact => ((cyr || lat) && list.written_otherwise(&fam)).then(|| format!("{fam} {giv}")),
        Cat::Swap => {
            let fam = if cyr { translit(&fam, Scheme::Passport) } else { fam.clone() };
            let giv = if cyr { translit(&giv, Scheme::Passport) } else { giv.clone() };
            if !(cyr || lat) {
                return None;
            }
            Some(format!("{} {giv}", swap(&fam, pick)?))
        }
        Cat::ExactOverTypo => {
            let letters = fam.chars().count();
            ((cyr || lat) && letters >= 6 && giv.chars().count() >= 5 && list.namesake_one_letter_away(&fam, &giv))
                .then(|| format!("{} {giv}", typo(&fam, pick)))
        }
        Cat::Email => email_start(&p.email, list),
        Cat::Foreign => {
            let two = |s: &str, pick: &mut Pick| ascii_of_foreign(s, pick.below(2) == 0);
            let has = |s: &str| s.chars().any(|c| "đßæœþø".contains(c));
            (has(&fam) || has(&giv)).then(|| format!("{} {}", two(&fam, pick), two(&giv, pick)))
        }
        Cat::SurnameForm => {
            let soviet = soviet_form(&fam)?;
            Some(match scheme {
                Scheme::Passport => format!("{} {}", translit(&soviet, scheme), translit(&giv, scheme)),
                Scheme::Informal => format!("{} {}", russify(&soviet), russify(&giv)),
            })
        }
        Cat::LatinExact => (lat && !cyr && list.written_otherwise(&fam)).then(|| format!("{giv} {fam}")),
    }
}

/// The Soviet form of a traditional Kazakh surname, in Cyrillic or Latin: Жұмабайұлы → Жұмабаев,
/// Серікқызы → Серікова, Nurlanuly → Nurlanov. The suffix -ев after a vowel or й (which it
/// takes in), -ов after the others.
fn soviet_form(family: &str) -> Option<String> {
    let (stem, female) =
        [("ұлы", false), ("улы", false), ("uly", false), ("қызы", true), ("кызы", true), ("kyzy", true)]
            .iter()
            .find_map(|&(suffix, female)| family.strip_suffix(suffix).map(|stem| (stem, female)))?;
    if stem.chars().count() < 3 {
        return None;
    }
    let latin = stem.is_ascii();
    let (stem, soft) = match stem.strip_suffix(['й', 'y']) {
        Some(without) => (without, true),
        None => (stem, stem.ends_with(|c| "аәеиоөұүыіэюяaeiou".contains(c))),
    };
    let suffix = match (latin, soft) {
        (false, true) => "ев",
        (false, false) => "ов",
        (true, true) => "ev",
        (true, false) => "ov",
    };
    let feminine = if female { if latin { "a" } else { "а" } } else { "" };
    Some(format!("{stem}{suffix}{feminine}"))
}

/// An e-mail address as a volunteer types it from a confirmation e-mail: at least four
/// characters past the first dot of its local part (or the local part and `@`), and on until it
/// is no other address's start.
fn email_start(email: &str, list: &List) -> Option<String> {
    let email = email.to_lowercase();
    let (local, _) = email.split_once('@')?;
    let shortest = match local.find('.') {
        Some(dot) if dot > 0 => local[..dot].chars().count() + 5,
        _ => local.chars().count() + 1,
    };
    let chars: Vec<char> = email.chars().collect();
    (shortest.min(chars.len())..=chars.len())
        .map(|n| chars[..n].iter().collect::<String>())
        .find(|start| !list.other_email_starts(&email, start))
        .or(Some(email.clone()))
}

/// A Latin name with its letters that are written as two typed plain: Đ → dj (or d), ß → ss,
/// æ → ae, œ → oe, þ → th, ø → oe (or o); other marks left out.
fn ascii_of_foreign(s: &str, first: bool) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            'đ' => out.push_str(if first { "dj" } else { "d" }),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            'ø' => out.push_str(if first { "oe" } else { "o" }),
            c => out.push_str(&plain_latin(&c.to_string())),
        }
    }
    out
}

/// Two neighbouring letters swapped anywhere in a word of 5 or more letters (FOLDING.md §7), so
/// that search cannot fold it away; `None` if there is no such word.
fn swap(name: &str, pick: &mut Pick) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    // Places where two letters of a long enough word meet.
    let mut places = Vec::new();
    let mut start = 0;
    for end in (0..=chars.len()).filter(|&i| i == chars.len() || !chars[i].is_alphabetic()) {
        if end - start >= 5 {
            places.extend(start..end - 1);
        }
        start = end + 1;
    }
    if places.is_empty() {
        return None;
    }
    for _ in 0..32 {
        let at = places[pick.below(places.len())];
        let mut c = chars.clone();
        c.swap(at, at + 1);
        let t: String = c.into_iter().collect();
        if fold(&t) != fold(name) {
            return Some(t);
        }
    }
    None
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
