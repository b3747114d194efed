//! Cell values that need reading, not just cleaning: countries, birth dates, photo consent.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Deserialize;

use super::headers::key;
use crate::domain::PhotoConsent;
use crate::io::fields::parse_photo_consent;

/// Birth years outside this range are typing errors, not people.
pub const BIRTH_YEAR_MIN: u16 = 1900;
pub const BIRTH_YEAR_MAX: u16 = 2099;

/// The participant countries with their names in en / ru / kk (a copy of the event's list).
const COUNTRIES_JSON: &str = include_str!("../../../data/countries.json");

/// Every officially assigned ISO 3166-1 alpha-2 code (plus XK, Kosovo, in common use), so a
/// guest from a country outside the list can still be given as a two-letter code.
const ISO_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ \
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET \
FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR \
IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN \
MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY \
QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR \
TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK";

/// Other ways registration forms name the participant countries: official long names,
/// abbreviations, older names and ISO alpha-3 codes.
const COUNTRY_ALIASES: &[(&str, &[&str])] = &[
    (
        "KZ",
        &[
            "KAZ",
            "Republic of Kazakhstan",
            "Республика Казахстан",
            "РК",
            "Қазақстан Республикасы",
            "ҚР",
            "Kazakstan",
            "Qazaqstan",
        ],
    ),
    ("RU", &["RUS", "Russian Federation", "Российская Федерация", "РФ", "Ресей Федерациясы"]),
    ("BY", &["BLR", "Republic of Belarus", "Республика Беларусь", "Белоруссия", "Belorussia"]),
    ("KG", &["KGZ", "Kyrgyz Republic", "Кыргызская Республика", "Киргизия", "Kyrgyzia", "Qyrgyzstan"]),
    ("TJ", &["TJK", "Республика Таджикистан", "Tajikistan Republic"]),
    ("UZ", &["UZB", "Республика Узбекистан", "Republic of Uzbekistan"]),
    ("TM", &["TKM", "Turkmenia", "Туркмения"]),
    ("AZ", &["AZE", "Азербайджанская Республика", "Republic of Azerbaijan"]),
    ("AM", &["ARM", "Republic of Armenia", "Республика Армения"]),
    ("MD", &["MDA", "Moldavia", "Молдавия", "Republic of Moldova", "Республика Молдова"]),
    ("GE", &["GEO", "Sakartvelo"]),
    ("UA", &["UKR"]),
    ("MN", &["MNG", "Монголия"]),
    ("LT", &["LTU"]),
    ("LV", &["LVA"]),
    ("EE", &["EST"]),
    ("PL", &["POL"]),
    ("DE", &["DEU", "GER", "Deutschland", "ФРГ", "Federal Republic of Germany"]),
    ("FR", &["FRA"]),
    (
        "GB",
        &[
            "GBR",
            "UK",
            "U.K.",
            "Great Britain",
            "Britain",
            "England",
            "Scotland",
            "Wales",
            "Британия",
            "Англия",
            "Соединённое Королевство",
            "Ұлыбритания",
        ],
    ),
    ("SE", &["SWE"]),
    ("NO", &["NOR"]),
    ("FI", &["FIN"]),
    ("NL", &["NLD", "Holland", "The Netherlands", "Голландия"]),
    ("BE", &["BEL"]),
    ("AT", &["AUT"]),
    ("CH", &["CHE", "Schweiz", "Suisse"]),
    ("IT", &["ITA"]),
    ("ES", &["ESP"]),
    ("IE", &["IRL"]),
    ("RS", &["SRB"]),
    ("TR", &["TUR", "Türkiye", "Turkiye", "Турецкая Республика"]),
    ("CN", &["CHN", "People's Republic of China", "PRC", "КНР", "ҚХР"]),
    ("KR", &["KOR", "South Korea", "Korea", "Южная Корея", "Корея", "Оңтүстік Корея"]),
    (
        "US",
        &[
            "USA",
            "U.S.",
            "U.S.A.",
            "United States of America",
            "America",
            "Соединённые Штаты Америки",
            "Соединенные Штаты",
            "Америка",
            "Америка Құрама Штаттары",
        ],
    ),
];

#[derive(Deserialize)]
struct CountryEntry {
    iso2: String,
    en: String,
    ru: String,
    kk: String,
}

static COUNTRIES: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut table = HashMap::new();
    for code in ISO_ALPHA2.split_whitespace() {
        table.insert(key(code), code.to_owned());
    }
    // The embedded list is checked by a unit test; should it ever be broken, the importer
    // still works with codes and the aliases below.
    let entries: Vec<CountryEntry> = serde_json::from_str(COUNTRIES_JSON).unwrap_or_default();
    for e in entries {
        for name in [&e.en, &e.ru, &e.kk] {
            table.insert(key(name), e.iso2.to_uppercase());
        }
    }
    for (code, names) in COUNTRY_ALIASES {
        for name in *names {
            table.insert(key(name), (*code).to_owned());
        }
    }
    table
});

/// The name of a participant country (ISO alpha-2, any case) in `lang` ("kk", "ru" or "en");
/// `None` for a country outside the event's list.
pub fn country_name(iso2: &str, lang: &str) -> Option<&'static str> {
    static NAMES: LazyLock<Vec<CountryEntry>> =
        LazyLock::new(|| serde_json::from_str(COUNTRIES_JSON).unwrap_or_default());
    let e = NAMES.iter().find(|e| e.iso2.eq_ignore_ascii_case(iso2.trim()))?;
    Some(match lang {
        "kk" => &e.kk,
        "ru" => &e.ru,
        _ => &e.en,
    })
}

/// ISO alpha-2 for a country code or name (en / ru / kk, any case); `None` if unknown.
pub fn resolve_country(text: &str) -> Option<String> {
    let k = key(text);
    if k.is_empty() {
        return None;
    }
    COUNTRIES.get(&k).cloned()
}

/// The year of a birth year or birth date cell: `2005`, `12.03.2005`, `2005-03-12`,
/// `12/03/2005` (or `03/12/2005`: only the year is kept), `2005 г.`, `2005-03-12T00:00:00`.
/// `Ok(None)` for an empty cell; `Err` with the reason otherwise.
pub fn parse_birth_year(cell: &str) -> Result<Option<u16>, String> {
    Ok(parse_birth(cell)?.map(|(year, _)| year))
}

/// The year of a birth year or birth date cell, and the whole date when the cell gives one
/// that can be read only one way: `2005-03-12` and `12.03.2005` (day first, as in kk / ru), or
/// `12/03/2005` only when one of the first two numbers is over 12. A year alone, or `03/04/2005`,
/// gives the year only.
pub fn parse_birth(cell: &str) -> Result<Option<(u16, Option<NaiveDate>)>, String> {
    let mut t = cell.trim();
    if t.is_empty() {
        return Ok(None);
    }
    for suffix in ["г.", "г", "ж.", "ж", "жыл", "year"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest.trim_end();
            break;
        }
    }
    let date_part = t.split(['T', ' ']).next().unwrap_or_default();
    let hint = "write a year (2005) or a date (12.03.2005 or 2005-03-12)";
    let numbers: Vec<&str> = date_part.split(['.', '/', '-']).collect();
    if numbers.iter().any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || n.len() > 4) {
        return Err(format!("birth date «{cell}» is not a year or a date: {hint}"));
    }
    let num = |s: &str| s.parse::<u32>().unwrap_or(0);
    let day_first = date_part.contains('.');
    let (year, date) = match numbers.as_slice() {
        [y] if y.len() == 4 => (num(y), None),
        [y, m, d] if y.len() == 4 => {
            let Some(date) = NaiveDate::from_ymd_opt(num(y) as i32, num(m), num(d)) else {
                return Err(format!("birth date «{cell}» is not a real date"));
            };
            (num(y), Some(date))
        }
        [a, b, y] if y.len() == 4 && a.len() <= 2 && b.len() <= 2 => {
            let y32 = num(y) as i32;
            let dmy = NaiveDate::from_ymd_opt(y32, num(b), num(a));
            let mdy = NaiveDate::from_ymd_opt(y32, num(a), num(b));
            let date = match (dmy, mdy) {
                (None, None) => return Err(format!("birth date «{cell}» is not a real date")),
                (Some(d), _) if day_first => Some(d),
                (Some(d), None) | (None, Some(d)) => Some(d),
                // 03/04/2005: March or April? Only the year is certain.
                (Some(a), Some(b)) => (a == b).then_some(a),
            };
            (num(y), date)
        }
        _ => return Err(format!("birth date «{cell}» is not a year or a date: {hint}")),
    };
    match u16::try_from(year) {
        Ok(y) if (BIRTH_YEAR_MIN..=BIRTH_YEAR_MAX).contains(&y) => Ok(Some((y, date))),
        _ => Err(format!("birth year {year} is not plausible (expected {BIRTH_YEAR_MIN}–{BIRTH_YEAR_MAX})")),
    }
}

/// Which number comes first in a `a/b/yyyy` date, as far as one cell can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlashDate {
    /// `25/03/2005`: the first number is over 12.
    DayFirst,
    /// `03/25/2005` (Eventbrite, Google Forms in English).
    MonthFirst,
    /// `12/01/1998`: 12 January or 1 December; the two readings, day first then month first.
    Either(NaiveDate, NaiveDate),
}

/// How `cell`, a birth date, reads if it is written `a/b/yyyy`; `None` for any other form or a
/// date that reads one way only because both numbers agree (`03/03/2005`).
pub fn slash_date(cell: &str) -> Option<SlashDate> {
    let date_part = cell.trim().split(['T', ' ']).next()?;
    let numbers: Vec<u32> = date_part.split('/').map(|n| n.parse().ok()).collect::<Option<_>>()?;
    let [a, b, y] = numbers[..] else { return None };
    let y = i32::try_from(y).ok().filter(|y| *y >= 1000)?;
    match (NaiveDate::from_ymd_opt(y, b, a), NaiveDate::from_ymd_opt(y, a, b)) {
        (Some(dmy), Some(mdy)) if dmy != mdy => Some(SlashDate::Either(dmy, mdy)),
        (Some(_), None) => Some(SlashDate::DayFirst),
        (None, Some(_)) => Some(SlashDate::MonthFirst),
        _ => None,
    }
}

/// Photo consent as [`parse_photo_consent`] reads it, or from the first word of a longer
/// answer ("Да, согласен", "No, thank you"). `None` when neither says yes or no.
pub fn parse_consent(cell: &str) -> Option<PhotoConsent> {
    parse_photo_consent(cell).or_else(|| {
        let first = cell.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty())?;
        match parse_photo_consent(first)? {
            PhotoConsent::Unknown => None,
            known => Some(known),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_country_list_parses() {
        let entries: Vec<CountryEntry> = serde_json::from_str(COUNTRIES_JSON).unwrap();
        assert_eq!(entries.len(), 35);
        for e in &entries {
            assert!(ISO_ALPHA2.split_whitespace().any(|c| c == e.iso2), "{} is an ISO code", e.iso2);
        }
        assert_eq!(ISO_ALPHA2.split_whitespace().count(), 250);
    }

    #[test]
    fn countries_by_code_and_name() {
        for (text, code) in [
            ("kz", "KZ"),
            ("Kazakhstan", "KZ"),
            ("Казахстан", "KZ"),
            ("Қазақстан", "KZ"),
            ("ҚАЗАҚСТАН", "KZ"),
            ("Республика Казахстан", "KZ"),
            ("Ресей", "RU"),
            ("РФ", "RU"),
            ("Germany", "DE"),
            ("Германия", "DE"),
            ("UK", "GB"),
            ("USA", "US"),
            ("АҚШ", "US"),
            ("Корея Республикасы", "KR"),
            ("cz", "CZ"),
            ("Түркия", "TR"),
        ] {
            assert_eq!(resolve_country(text).as_deref(), Some(code), "{text}");
        }
        assert_eq!(resolve_country("Atlantis"), None);
        assert_eq!(resolve_country("XX"), None);
        assert_eq!(resolve_country(""), None);
    }

    #[test]
    fn birth_years() {
        for (cell, year) in [
            ("2005", 2005),
            ("12.03.2005", 2005),
            ("1.3.2005", 2005),
            ("2005-03-12", 2005),
            ("12/03/2005", 2005),
            ("03/25/2005", 2005),
            ("2005 г.", 2005),
            ("2005ж.", 2005),
            ("2005-03-12T00:00:00", 2005),
            ("12.03.2005 0:00", 2005),
        ] {
            assert_eq!(parse_birth_year(cell), Ok(Some(year)), "{cell}");
        }
        assert_eq!(parse_birth_year("  "), Ok(None));
        for bad in ["1850", "2999", "0205", "12.03.05", "31.02.2005", "2005-13-01", "вчера", "38412", "1.2.3.2005"]
        {
            assert!(parse_birth_year(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn birth_dates_kept_only_when_unambiguous() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(parse_birth("12.03.2005"), Ok(Some((2005, d(2005, 3, 12)))));
        assert_eq!(parse_birth("2005-03-12"), Ok(Some((2005, d(2005, 3, 12)))));
        assert_eq!(parse_birth("25/03/2005"), Ok(Some((2005, d(2005, 3, 25)))));
        assert_eq!(parse_birth("03/25/2005"), Ok(Some((2005, d(2005, 3, 25)))));
        assert_eq!(parse_birth("03/04/2005"), Ok(Some((2005, None))));
        assert_eq!(parse_birth("2005"), Ok(Some((2005, None))));
    }

    #[test]
    fn consent_answers() {
        assert_eq!(parse_consent("Да, согласен"), Some(PhotoConsent::Yes));
        assert_eq!(parse_consent("Жоқ"), Some(PhotoConsent::No));
        assert_eq!(parse_consent("no, thank you"), Some(PhotoConsent::No));
        assert_eq!(parse_consent(""), Some(PhotoConsent::Unknown));
        assert_eq!(parse_consent("maybe"), None);
    }
}
