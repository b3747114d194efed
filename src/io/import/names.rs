//! Splitting a full name from one cell ("ФИО", "Аты-жөні", "Full name") into family, given and
//! patronymic.
//!
//! The rules, in order:
//!
//! 1. `Family, Given [Patronymic]`: a comma separates the family name.
//! 2. A separate `ұлы`/`улы`/`қызы`/`кызы`/`оглы`/`uly`/`kyzy`/… token joins the word before
//!    it ("Асқар ұлы" is one patronymic).
//! 3. Passport style: if exactly one token is in CAPITALS (and the others are not), it is the
//!    family name: "SMITH John", "John SMITH", "ИВАНОВ Иван Петрович".
//! 4. A patronymic (-ович/-евич/-ич/-овна/-евна/-ична/-ұлы/-улы/-қызы/-кызы, Latin
//!    -ovich/-evich/-ovna/-evna/-ichna/-uly/-kyzy/-qyzy, never the first token) fixes the order:
//!    last → "Family Given Patronymic"; in the middle → "Given Patronymic Family".
//! 5. Two tokens: "Family Given" as lists in Kazakhstan write them, unless only the second
//!    token looks like a surname (-ов/-ев/-ова/-ева/-ин/-ский/-ская/-енко/-ян/-ұлы/-қызы…,
//!    Latin -ov/-ev/-ova/-eva/-sky/-skaya/-enko/-yan/-uly/-kyzy…), as in "Марат Ахметов".
//!    A Latin-script name whose first token does not look like a surname is read in the Western
//!    order "Given Family" ("John Smith", "Anna Müller"): foreign guests fill English forms so.
//! 6. Three or more tokens with no patronymic: Cyrillic and other scripts read
//!    "Family Given Patronymic" for three tokens and "Family Given…" beyond; Latin names read
//!    "Given… Family", keeping lower-case particles with the family name ("Ludwig van Beethoven"
//!    → family "van Beethoven"), unless the first token looks like a surname.
//! 7. One token: the family name.
//!
//! A column whose header declares the order ([`NameOrder`]: «ФИО», «Фамилия имя», "Surname and
//! name" family first; «Имя фамилия», "Name and surname" given first) replaces rules 5–6 for
//! Latin names in a family-first column (no particle) and for every name in a given-first one.
//!
//! The text of each part is kept exactly as written (no case changes).

/// The order a full-name column's header declares its names in.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum NameOrder {
    /// «ФИО», «Фамилия имя», «Тегі, аты, әкесінің аты», "Surname and name": family first in
    /// every script ("Smith John" there is Mr Smith).
    FamilyFirst,
    /// «Имя фамилия», "Name and surname", "First name last name".
    GivenFirst,
    /// "Full name", «Аты-жөні», «Полное имя»: the rules below guess from the name itself.
    #[default]
    Undeclared,
}

/// The headers (as `headers::key` reduces them) that declare an order.
const FAMILY_FIRST_HEADERS: &[&str] = &[
    "фио",
    "фамилияимяотчество",
    "фамилияимя",
    "фамилияиимя",
    "тегиаты",
    "тегиатыакесинингаты",
    "surnameandname",
    "surnamename",
    "lastnamefirstname",
    "familynamegivenname",
];
const GIVEN_FIRST_HEADERS: &[&str] =
    &["имяфамилия", "имяифамилия", "nameandsurname", "namesurname", "firstandlastname", "firstnamelastname"];

impl NameOrder {
    /// The order `header` declares; a bilingual header's parts must not disagree.
    pub(super) fn of_header(header: &str, key: impl Fn(&str) -> String) -> NameOrder {
        let of = |k: &str| {
            if FAMILY_FIRST_HEADERS.contains(&k) {
                NameOrder::FamilyFirst
            } else if GIVEN_FIRST_HEADERS.contains(&k) {
                NameOrder::GivenFirst
            } else {
                NameOrder::Undeclared
            }
        };
        let mut found = NameOrder::Undeclared;
        for part in std::iter::once(header).chain(header.split(['/', '|', '\\', '\n'])) {
            match (found, of(&key(part))) {
                (_, NameOrder::Undeclared) => {}
                (NameOrder::Undeclared, order) => found = order,
                (before, order) if before != order => return NameOrder::Undeclared,
                _ => {}
            }
        }
        found
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NameParts {
    pub family: String,
    pub given: String,
    pub patronymic: String,
}

const PATRONYMIC_WORDS: &[&str] = &[
    "ұлы", "улы", "қызы", "кызы", "гызы", "оглы", "uly", "uli", "ulu", "kyzy", "qyzy", "kizi", "qizi", "ogly", "oglu",
];

const PATRONYMIC_ENDINGS: &[&str] = &[
    "ович", "евич", "ич", "овна", "евна", "ична", "ұлы", "улы", "қызы", "кызы", "ovich", "evich", "ovna", "evna",
    "ichna", "uly", "kyzy", "qyzy",
];

const SURNAME_ENDINGS: &[&str] = &[
    "ов",
    "ев",
    "ёв",
    "ова",
    "ева",
    "ёва",
    "ин",
    "ын",
    "ына",
    "ский",
    "цкий",
    "ская",
    "цкая",
    "ской",
    "енко",
    "ук",
    "юк",
    "ян",
    "янц",
    "дзе",
    "швили",
    "ұлы",
    "улы",
    "қызы",
    "кызы",
    "ov",
    "ev",
    "ova",
    "eva",
    "sky",
    "skiy",
    "ski",
    "skaya",
    "enko",
    "yan",
    "dze",
    "shvili",
    "uly",
    "kyzy",
    "qyzy",
];

const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "do", "la", "le", "al", "el",
    "bin", "ibn", "ten", "ter", "zu",
];

/// Ends with `ending` with at least three letters before it ("Яков" and "Лев" are not surnames).
fn ends_with_stem(lower: &str, ending: &str) -> bool {
    lower.strip_suffix(ending).is_some_and(|stem| stem.chars().count() >= 3)
}

fn is_patronymic(token: &str) -> bool {
    let lower = token.to_lowercase();
    if let Some((_, last)) = lower.rsplit_once(' ') {
        return PATRONYMIC_WORDS.contains(&last);
    }
    PATRONYMIC_ENDINGS.iter().any(|e| ends_with_stem(&lower, e))
}

/// Common given names with a surname-like ending.
const GIVEN_NAMES_LIKE_SURNAMES: &[&str] =
    &["константин", "валентин", "вениамин", "мартин", "демьян", "лукьян", "емельян", "касьян", "севастьян"];

fn is_surname_like(token: &str) -> bool {
    let lower = token.to_lowercase();
    !GIVEN_NAMES_LIKE_SURNAMES.contains(&lower.as_str()) && SURNAME_ENDINGS.iter().any(|e| ends_with_stem(&lower, e))
}

fn is_caps(token: &str) -> bool {
    let mut letters = 0;
    for c in token.chars() {
        if c.is_lowercase() {
            return false;
        }
        letters += usize::from(c.is_uppercase());
    }
    letters >= 2
}

fn is_latin(name: &str) -> bool {
    name.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c))
}

fn tokens(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in s.split_whitespace() {
        let lower = t.to_lowercase();
        match out.last_mut() {
            Some(prev) if PATRONYMIC_WORDS.contains(&lower.as_str()) => {
                prev.push(' ');
                prev.push_str(t);
            }
            _ => out.push(t.to_owned()),
        }
    }
    out
}

fn join(ts: &[String]) -> String {
    ts.join(" ")
}

/// Given and patronymic from what is left once the family name is known.
fn given_and_patronymic(rest: &[String]) -> (String, String) {
    match rest {
        [] => (String::new(), String::new()),
        [g] => (g.clone(), String::new()),
        [g @ .., p] if is_patronymic(p) => (join(g), p.clone()),
        all => (join(all), String::new()),
    }
}

pub fn split_full_name(full: &str) -> NameParts {
    split_full_name_in(full, NameOrder::Undeclared)
}

/// [`split_full_name`] for a column whose header declares the order: after rules 1–4 (comma,
/// particle, capitals, patronymic), the declared order decides instead of rules 5–6.
pub fn split_full_name_in(full: &str, order: NameOrder) -> NameParts {
    let full = full.trim();
    if let Some((family, rest)) = full.split_once(',') {
        let family = family.trim();
        if !family.is_empty() && !rest.trim().is_empty() {
            let (given, patronymic) = given_and_patronymic(&tokens(rest));
            return NameParts { family: join(&tokens(family)), given, patronymic };
        }
    }
    let ts = tokens(full.trim_matches(','));
    let n = ts.len();
    let parts = |family: String, (given, patronymic): (String, String)| NameParts { family, given, patronymic };
    if n == 0 {
        return NameParts::default();
    }
    if n == 1 {
        return parts(ts[0].clone(), Default::default());
    }

    let caps: Vec<usize> = (0..n).filter(|&i| is_caps(&ts[i])).collect();
    if caps.len() == 1 {
        let i = caps[0];
        let rest: Vec<String> = ts.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, t)| t.clone()).collect();
        return parts(ts[i].clone(), given_and_patronymic(&rest));
    }

    // With two tokens a patronymic-looking word is more likely a surname ("Petrović").
    if n >= 3
        && let Some(p) = (1..n).rev().find(|&i| is_patronymic(&ts[i]))
    {
        return if p == n - 1 {
            parts(ts[0].clone(), (join(&ts[1..p]), ts[p].clone()))
        } else {
            parts(join(&ts[p + 1..]), (join(&ts[..p]), ts[p].clone()))
        };
    }

    let latin = is_latin(full);
    let particle = ts[1..].iter().any(|t| PARTICLES.contains(&t.as_str()));
    match order {
        // Cyrillic and other names are read family first anyway, with the surname endings as
        // evidence («Марат Ахметов»); a Latin name is read as the column says, unless a particle
        // shows the Western order ("Ludwig van Beethoven").
        NameOrder::FamilyFirst if latin && !particle => {
            return parts(ts[0].clone(), (join(&ts[1..]), String::new()));
        }
        NameOrder::GivenFirst => {
            let mut start = n - 1;
            while latin && start > 1 && PARTICLES.contains(&ts[start - 1].as_str()) {
                start -= 1;
            }
            return parts(join(&ts[start..]), (join(&ts[..start]), String::new()));
        }
        NameOrder::FamilyFirst | NameOrder::Undeclared => {}
    }
    if n == 2 {
        let (first, second) = (&ts[0], &ts[1]);
        let first_surname = is_surname_like(first);
        return if !first_surname && (latin || is_surname_like(second)) {
            parts(second.clone(), (first.clone(), String::new()))
        } else {
            parts(first.clone(), (second.clone(), String::new()))
        };
    }
    if latin && !is_surname_like(&ts[0]) {
        let mut start = n - 1;
        while start > 1 && PARTICLES.contains(&ts[start - 1].as_str()) {
            start -= 1;
        }
        return parts(join(&ts[start..]), (join(&ts[..start]), String::new()));
    }
    if n == 3 {
        return parts(ts[0].clone(), (ts[1].clone(), ts[2].clone()));
    }
    parts(ts[0].clone(), (join(&ts[1..]), String::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_order_wins_over_the_script_guess() {
        let key = |h: &str| super::super::headers::key(h);
        let family_first = NameOrder::of_header("Фамилия имя отчество / Тегі, аты, әкесінің аты", key);
        assert_eq!(family_first, NameOrder::FamilyFirst);
        assert_eq!(NameOrder::of_header("ФИО", key), NameOrder::FamilyFirst);
        assert_eq!(NameOrder::of_header("Имя и фамилия", key), NameOrder::GivenFirst);
        assert_eq!(NameOrder::of_header("Full name", key), NameOrder::Undeclared);
        assert_eq!(NameOrder::of_header("ФИО / Name and surname", key), NameOrder::Undeclared, "parts disagree");
        let split = |s: &str, o| {
            let p = split_full_name_in(s, o);
            (p.family, p.given, p.patronymic)
        };
        let t = |f: &str, g: &str, p: &str| (f.to_owned(), g.to_owned(), p.to_owned());
        assert_eq!(split("Smith John", NameOrder::FamilyFirst), t("Smith", "John", ""));
        assert_eq!(split("Nakamura Yuki", NameOrder::FamilyFirst), t("Nakamura", "Yuki", ""));
        assert_eq!(split("Müller Hans Peter", NameOrder::FamilyFirst), t("Müller", "Hans Peter", ""));
        assert_eq!(split("Ким Анна", NameOrder::FamilyFirst), t("Ким", "Анна", ""));
        assert_eq!(split("Марат Ахметов", NameOrder::FamilyFirst), t("Ахметов", "Марат", ""), "endings are evidence");
        assert_eq!(split("Ludwig van Beethoven", NameOrder::FamilyFirst), t("van Beethoven", "Ludwig", ""));
        assert_eq!(split("Тоқаева Гаухар Мұратқызы", NameOrder::FamilyFirst), t("Тоқаева", "Гаухар", "Мұратқызы"));
        assert_eq!(split("John SMITH", NameOrder::FamilyFirst), t("SMITH", "John", ""), "capitals still say it");
        assert_eq!(split("Марат Ахметов", NameOrder::GivenFirst), t("Ахметов", "Марат", ""));
        assert_eq!(split("Анна Ким", NameOrder::GivenFirst), t("Ким", "Анна", ""));
        assert_eq!(split("Ludwig van Beethoven", NameOrder::GivenFirst), t("van Beethoven", "Ludwig", ""));
        // Undeclared, a Latin two-token name reads the Western way, as before.
        assert_eq!(split("John Smith", NameOrder::Undeclared), t("Smith", "John", ""));
    }

    fn split(s: &str) -> (String, String, String) {
        let p = split_full_name(s);
        (p.family, p.given, p.patronymic)
    }

    fn t(f: &str, g: &str, p: &str) -> (String, String, String) {
        (f.into(), g.into(), p.into())
    }

    #[test]
    fn cyrillic_three_tokens() {
        assert_eq!(split("Иванов Иван Иванович"), t("Иванов", "Иван", "Иванович"));
        assert_eq!(split("Серікбаев Нұрлан Асқарұлы"), t("Серікбаев", "Нұрлан", "Асқарұлы"));
        assert_eq!(split("Омарова Айгүл Серікқызы"), t("Омарова", "Айгүл", "Серікқызы"));
        assert_eq!(split("Иван Иванович Петров"), t("Петров", "Иван", "Иванович"));
        assert_eq!(split("Ким Ольга Ли"), t("Ким", "Ольга", "Ли"), "no marker: Family Given Patronymic");
        assert_eq!(split("Мамедов Эльчин Ильхам оглы"), t("Мамедов", "Эльчин", "Ильхам оглы"));
        assert_eq!(split("Ленин Владимир Ильич"), t("Ленин", "Владимир", "Ильич"));
    }

    #[test]
    fn two_tokens() {
        assert_eq!(split("Ахметов Марат"), t("Ахметов", "Марат", ""));
        assert_eq!(split("Марат Ахметов"), t("Ахметов", "Марат", ""));
        assert_eq!(split("Марина Иванова"), t("Иванова", "Марина", ""));
        assert_eq!(split("Константин Пушкин"), t("Пушкин", "Константин", ""));
        assert_eq!(split("Серік Айгерім"), t("Серік", "Айгерім", ""), "suffixless surname, list order");
        assert_eq!(split("Нұрлан Асқарұлы"), t("Асқарұлы", "Нұрлан", ""));
        assert_eq!(split("Цой Виктор"), t("Цой", "Виктор", ""));
        assert_eq!(split("Лев Толстой"), t("Лев", "Толстой", ""), "no evidence: list order");
    }

    #[test]
    fn latin_names() {
        assert_eq!(split("John Smith"), t("Smith", "John", ""));
        assert_eq!(split("SMITH John"), t("SMITH", "John", ""));
        assert_eq!(split("Anna-Lena MÜLLER"), t("MÜLLER", "Anna-Lena", ""));
        assert_eq!(split("Serikbayev Nurlan"), t("Serikbayev", "Nurlan", ""));
        assert_eq!(split("Nurlan Serikbayev"), t("Serikbayev", "Nurlan", ""));
        assert_eq!(split("Martin Schulz"), t("Schulz", "Martin", ""));
        assert_eq!(split("Ludwig van Beethoven"), t("van Beethoven", "Ludwig", ""));
        assert_eq!(split("Mary Jane Watson"), t("Watson", "Mary Jane", ""));
        assert_eq!(split("Serikbayev Nurlan Askaruly"), t("Serikbayev", "Nurlan", "Askaruly"));
        assert_eq!(split("Nurlan Askarovich Serikbayev"), t("Serikbayev", "Nurlan", "Askarovich"));
    }

    #[test]
    fn commas_caps_and_odd_cases() {
        assert_eq!(split("Иванов, Иван Петрович"), t("Иванов", "Иван", "Петрович"));
        assert_eq!(split("Smith, John"), t("Smith", "John", ""));
        assert_eq!(split("ИВАНОВ Иван Петрович"), t("ИВАНОВ", "Иван", "Петрович"));
        assert_eq!(split("Иван ИВАНОВ"), t("ИВАНОВ", "Иван", ""));
        assert_eq!(split("李小龍"), t("李小龍", "", ""));
        assert_eq!(split("  "), t("", "", ""));
        assert_eq!(split("Асқар ұлы"), t("Асқар ұлы", "", ""));
    }
}
