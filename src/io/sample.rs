//! The sample event: the programme of «Балаға мейірімді Қазақстан» (Astana, 21–22 November 2016)
//! and a deterministic generator of its registrants, for demos, search tests and benchmarks.
//!
//! The same `(count, seed)` always gives the same people, byte for byte, on every machine: all
//! randomness comes from one [`ChaCha8Rng`] seeded with `seed`, drawn only through
//! [`RngCore::next_u32`] (no platform-dependent `usize` sampling), and nothing iterates a hash map.
//!
//! What the registrants look like (at `count = 1000`, which is the size of the real event):
//!
//! - ~45 % children aged 8–17, in regional delegations (every one of the 16 regions of 2016, several
//!   groups per region) of 8–15 children with 1–3 chaperones; every child lists the delegation's
//!   chaperones as responsible adults, about a third also a parent. Delegation members registered
//!   together, so their codes are consecutive.
//! - Kazakh names in Kazakh Cyrillic (Смағұлова Гүлнар Серікқызы) or Russian-mediated spelling
//!   (Смагулова Гульнар Сериковна); Russian, Korean, German, Ukrainian, Uzbek surnames of
//!   Kazakhstan; ~30 % carry the Latin passport spelling as `alt_spelling` (SMAGULOVA GULNAR).
//!   About 0.5 % of Cyrillic surnames start with a Latin look-alike letter, as pasted data does.
//! - Foreign guests from the 34 other participant countries with their own letters (see
//!   `nations.rs`), Chinese and Korean names in their scripts, staff of international
//!   organisations, and a few very long names.
//! - Sign-ups that respect each session's audience rule, capacity and time (no two overlapping
//!   sessions); once a session is full nobody else is signed up for it.
//!
//! [`people`] streams the registrants one by one (it keeps the registration order, a few bytes per
//! registrant, but no finished records); [`generate`] collects them.

mod nations;

use std::borrow::Borrow;
use std::collections::VecDeque;
use std::sync::LazyLock;

use chrono::NaiveDateTime;
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;

use crate::domain::program::ProgramError;
use crate::domain::{Category, Person, PhotoConsent, Program, ResponsibleAdult, SessionKind, Source};
use crate::io::fields::{WRITTEN_FIELDS, person_cells};
use crate::text::passport::passport_latin;
use nations::{Ascii, INTERNATIONAL_NGOS, INTERNATIONAL_ORGS, LONG_NAMES, NATIONS, Nation, RUSSIA, STAFF, Script};

/// The sample programme, `data/program.json`.
pub const PROGRAM_JSON: &str = include_str!("../../data/program.json");
const NAMES_JSON: &str = include_str!("../../data/names.json");
const REGIONS_JSON: &str = include_str!("../../data/regions-2016.json");

/// Why the embedded sample programme could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    #[error("data/program.json is not a valid programme: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("data/program.json breaks a programme rule: {0}")]
    Invalid(#[from] ProgramError),
}

/// The sample programme (two days, plenaries, 12 platforms, festival, master classes), validated.
pub fn sample_program() -> Result<Program, SampleError> {
    let program: Program = serde_json::from_str(PROGRAM_JSON)?;
    program.validate()?;
    Ok(program)
}

/// `count` registrants for `program`, the same for the same `(count, seed)`.
pub fn generate(count: usize, seed: u64, program: &Program) -> Vec<Person> {
    let mut out = Vec::with_capacity(count);
    out.extend(people(count, seed, program));
    out
}

/// The same registrants as [`generate`], one at a time.
pub fn people(count: usize, seed: u64, program: &Program) -> People {
    People::new(count, seed, program)
}

/// Writes a registrant table: UTF-8, the header of [`WRITTEN_FIELDS`], one row per person.
pub fn write_csv(people: &[Person], out: impl std::io::Write) -> std::io::Result<()> {
    write_csv_stream(people, out)
}

/// [`write_csv`] for any sequence of people, e.g. straight from [`people`] without collecting.
pub fn write_csv_stream<P: Borrow<Person>>(
    people: impl IntoIterator<Item = P>,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new().from_writer(out);
    w.write_record(WRITTEN_FIELDS.iter().map(|f| f.canonical()))?;
    for p in people {
        w.write_record(person_cells(p.borrow()))?;
    }
    w.flush()
}

// ---------------------------------------------------------------------------------------------
// Embedded name and region data.

#[derive(Deserialize)]
struct NamesFile {
    kz_male: Vec<KzGiven>,
    kz_female: Vec<KzGiven>,
    kz_surnames: Vec<RawSurname>,
    #[serde(rename = "other_surnames_in_KZ")]
    other_surnames: Vec<String>,
    ru_male: Vec<String>,
    ru_female: Vec<String>,
    ru_surnames: Vec<String>,
}

#[derive(Deserialize)]
struct KzGiven {
    kk: String,
    ru: String,
    lat_passport: String,
}

#[derive(Deserialize)]
struct RawSurname {
    m: Option<String>,
    f: Option<String>,
    m_ru: Option<String>,
    f_ru: Option<String>,
    kk: Option<String>,
    ru: Option<String>,
}

/// A Kazakh surname in both spellings and both genders.
struct Surname {
    m: String,
    f: String,
    m_ru: String,
    f_ru: String,
    lat_m: String,
    lat_f: String,
    /// For `Нұрланұлы` / `Ерланқызы`: the father's name the surname is made of. Such people have
    /// no separate patronymic.
    stem: Option<String>,
}

#[derive(Deserialize)]
struct Region {
    iso: String,
    kk: String,
    ru: String,
}

struct Data {
    kz_male: Vec<KzGiven>,
    kz_female: Vec<KzGiven>,
    kz_surnames: Vec<Surname>,
    other_surnames: Vec<RuSurname>,
    ru_male: Vec<RuGiven>,
    ru_female: Vec<RuGiven>,
    ru_surnames: Vec<RuSurname>,
    regions: Vec<RegionInfo>,
}

/// A Russian-pattern surname with its feminine form and passport spellings, worked out once.
struct RuSurname {
    m: String,
    f: String,
    lat_m: String,
    lat_f: String,
    /// Абдуллаев, Юсупов, …: goes with Muslim (Kazakh-list) given names.
    turkic: bool,
}

impl RuSurname {
    fn new(m: String, turkic_if_suffixed: bool) -> RuSurname {
        let f = ru_feminine(&m);
        let turkic = turkic_if_suffixed && (m.ends_with("ов") || m.ends_with("ев"));
        RuSurname { lat_m: passport_latin(&m, false), lat_f: passport_latin(&f, false), m, f, turkic }
    }

    fn form(&self, female: bool) -> (&str, &str) {
        if female { (&self.f, &self.lat_f) } else { (&self.m, &self.lat_m) }
    }
}

struct RuGiven {
    name: String,
    lat: String,
}

fn ru_given(names: Vec<String>) -> Vec<RuGiven> {
    names.into_iter().map(|name| RuGiven { lat: passport_latin(&name, false), name }).collect()
}

struct RegionInfo {
    kk: String,
    ru: String,
    profile: &'static RegionProfile,
}

/// What the generator assumes about a region (2016): how many delegations it sends relative to
/// the others, the share (‰) of Russian and of other non-Kazakh names, and its centre.
struct RegionProfile {
    iso: &'static str,
    weight: u32,
    russian: u32,
    other: u32,
    city_kk: &'static str,
    city_ru: &'static str,
}

const fn rp(
    iso: &'static str,
    weight: u32,
    russian: u32,
    other: u32,
    city_kk: &'static str,
    city_ru: &'static str,
) -> RegionProfile {
    RegionProfile { iso, weight, russian, other, city_kk, city_ru }
}

const REGION_PROFILES: &[RegionProfile] = &[
    rp("KZ-AKM", 2, 300, 90, "Көкшетау", "Кокшетау"),
    rp("KZ-AKT", 2, 100, 60, "Ақтөбе", "Актобе"),
    rp("KZ-ALM", 4, 120, 150, "Талдықорған", "Талдыкорган"),
    rp("KZ-ATY", 2, 30, 30, "Атырау", "Атырау"),
    rp("KZ-VOS", 3, 350, 60, "Өскемен", "Усть-Каменогорск"),
    rp("KZ-ZHA", 3, 60, 100, "Тараз", "Тараз"),
    rp("KZ-ZAP", 2, 200, 60, "Орал", "Уральск"),
    rp("KZ-KAR", 3, 350, 120, "Қарағанды", "Караганда"),
    rp("KZ-KUS", 2, 380, 120, "Қостанай", "Костанай"),
    rp("KZ-KZY", 2, 20, 30, "Қызылорда", "Кызылорда"),
    rp("KZ-MAN", 2, 50, 40, "Ақтау", "Актау"),
    rp("KZ-PAV", 2, 350, 120, "Павлодар", "Павлодар"),
    rp("KZ-SEV", 1, 450, 120, "Петропавл", "Петропавловск"),
    rp("KZ-YUZ", 5, 40, 180, "Шымкент", "Шымкент"),
    rp("KZ-AST", 3, 180, 80, "Астана", "Астана"),
    rp("KZ-ALA", 4, 250, 120, "Алматы", "Алматы"),
];

impl Data {
    fn load() -> Result<Data, String> {
        let names: NamesFile = serde_json::from_str(NAMES_JSON).map_err(|e| format!("data/names.json: {e}"))?;
        let regions: Vec<Region> =
            serde_json::from_str(REGIONS_JSON).map_err(|e| format!("data/regions-2016.json: {e}"))?;
        let kz_surnames = names.kz_surnames.into_iter().map(Surname::from_raw).collect::<Result<Vec<_>, _>>()?;
        let regions = regions
            .into_iter()
            .map(|r| {
                let profile = REGION_PROFILES
                    .iter()
                    .find(|p| p.iso == r.iso)
                    .ok_or_else(|| format!("no generator profile for region {}", r.iso))?;
                Ok(RegionInfo { kk: r.kk, ru: r.ru, profile })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let data = Data {
            kz_male: names.kz_male,
            kz_female: names.kz_female,
            kz_surnames,
            other_surnames: names.other_surnames.into_iter().map(|s| RuSurname::new(s, true)).collect(),
            ru_male: ru_given(names.ru_male),
            ru_female: ru_given(names.ru_female),
            ru_surnames: names.ru_surnames.into_iter().map(|s| RuSurname::new(s, false)).collect(),
            regions,
        };
        let lists = [
            data.kz_male.is_empty(),
            data.kz_female.is_empty(),
            data.kz_surnames.is_empty(),
            data.other_surnames.is_empty(),
            data.ru_male.is_empty(),
            data.ru_female.is_empty(),
            data.ru_surnames.is_empty(),
            data.regions.is_empty(),
        ];
        if lists.contains(&true) {
            return Err("data/names.json or data/regions-2016.json has an empty list".into());
        }
        Ok(data)
    }
}

impl Surname {
    fn from_raw(raw: RawSurname) -> Result<Surname, String> {
        let mut s = Surname::spellings(raw)?;
        s.lat_m = passport_latin(&s.m_ru, true);
        s.lat_f = passport_latin(&s.f_ru, true);
        Ok(s)
    }

    fn spellings(raw: RawSurname) -> Result<Surname, String> {
        if let (Some(m), Some(f), Some(m_ru), Some(f_ru)) = (&raw.m, &raw.f, &raw.m_ru, &raw.f_ru) {
            return Ok(Surname {
                m: m.clone(),
                f: f.clone(),
                m_ru: m_ru.clone(),
                f_ru: f_ru.clone(),
                lat_m: String::new(),
                lat_f: String::new(),
                stem: None,
            });
        }
        let kk = raw.kk.ok_or("data/names.json: a Kazakh surname has neither m/f nor kk")?;
        if let Some(stem) = kk.strip_suffix("ұлы").or_else(|| kk.strip_suffix("қызы")) {
            let (m, f) = (format!("{stem}ұлы"), format!("{stem}қызы"));
            return Ok(Surname {
                m_ru: ru_mediated(&m),
                f_ru: ru_mediated(&f),
                m,
                f,
                lat_m: String::new(),
                lat_f: String::new(),
                stem: Some(stem.to_owned()),
            });
        }
        let ru = raw.ru.unwrap_or_else(|| ru_mediated(&kk));
        Ok(Surname {
            m: kk.clone(),
            f: kk,
            m_ru: ru.clone(),
            f_ru: ru,
            lat_m: String::new(),
            lat_f: String::new(),
            stem: None,
        })
    }
}

static DATA: LazyLock<Data> = LazyLock::new(|| {
    Data::load().unwrap_or_else(|e| panic!("embedded sample data is broken ({e}); the io::sample tests check it"))
});

// ---------------------------------------------------------------------------------------------
// Spelling helpers.

/// Kazakh Cyrillic as Russian-language documents write it: Смағұлова → Смагулова.
fn ru_mediated(kk: &str) -> String {
    kk.chars()
        .map(|c| match c {
            'ә' => 'а',
            'Ә' => 'А',
            'ғ' => 'г',
            'Ғ' => 'Г',
            'қ' => 'к',
            'Қ' => 'К',
            'ң' => 'н',
            'Ң' => 'Н',
            'ө' => 'о',
            'Ө' => 'О',
            'ұ' | 'ү' => 'у',
            'Ұ' | 'Ү' => 'У',
            'һ' => 'х',
            'Һ' => 'Х',
            'і' => 'и',
            'І' => 'И',
            c => c,
        })
        .collect()
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// A Russian patronymic from the father's name: Сергей → Сергеевич / Сергеевна, Серик → Серикович.
fn ru_patronymic(father: &str, female: bool) -> String {
    let male = match father {
        "Дмитрий" => "Дмитриевич".to_owned(),
        "Павел" => "Павлович".to_owned(),
        "Михаил" => "Михайлович".to_owned(),
        "Лев" => "Львович".to_owned(),
        _ => {
            if let Some(stem) = father.strip_suffix("ий") {
                format!("{stem}ьевич")
            } else if let Some(stem) = father.strip_suffix('й').or_else(|| father.strip_suffix('ь')) {
                format!("{stem}евич")
            } else {
                format!("{father}ович")
            }
        }
    };
    if female {
        let stem = male.strip_suffix("ич").unwrap_or(&male);
        format!("{stem}на")
    } else {
        male
    }
}

/// The feminine form of a Russian-pattern surname: Иванов → Иванова, Ким → Ким.
fn ru_feminine(surname: &str) -> String {
    if let Some(stem) = surname.strip_suffix("ский") {
        format!("{stem}ская")
    } else if ["ов", "ев", "ёв", "ин"].iter().any(|s| surname.ends_with(s)) {
        format!("{surname}а")
    } else {
        surname.to_owned()
    }
}

/// The form of a `"m|f"` table entry for a gender.
fn gendered(entry: &'static str, female: bool) -> &'static str {
    match entry.split_once('|') {
        Some((m, f)) => {
            if female {
                f
            } else {
                m
            }
        }
        None => entry,
    }
}

/// Lower-case ASCII for an e-mail address: Müller → mueller (German) or muller, Łukasz → lukasz.
fn ascii_fold(s: &str, style: Ascii) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = if c.is_ascii() { c.to_ascii_lowercase() } else { lower(c) };
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'ä' | 'ö' | 'ü' if style == Ascii::German => {
                out.push(match c {
                    'ä' => 'a',
                    'ö' => 'o',
                    _ => 'u',
                });
                out.push('e');
            }
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            'ł' => out.push('l'),
            'ø' => out.push('o'),
            'đ' => out.push('d'),
            'ı' => out.push('i'),
            'ə' => out.push('a'),
            c => unicode_normalization::char::decompose_canonical(c, |d| {
                if d.is_ascii_alphanumeric() {
                    out.push(d);
                }
            }),
        }
    }
    out
}

/// Cyrillic capitals that have a Latin twin, as they get swapped in pasted data.
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        _ => return None,
    })
}

fn ru_genitive(region_ru: &str) -> String {
    if let Some(stem) = region_ru.strip_suffix("ая область") {
        format!("{stem}ой области")
    } else if region_ru == "город Астана" {
        "города Астаны".to_owned()
    } else if let Some(city) = region_ru.strip_prefix("город ") {
        format!("города {city}")
    } else {
        region_ru.to_owned()
    }
}

fn kk_genitive(region_kk: &str) -> String {
    if let Some(stem) = region_kk.strip_suffix("облысы") {
        format!("{stem}облысының")
    } else if let Some(stem) = region_kk.strip_suffix("қаласы") {
        format!("{stem}қаласының")
    } else {
        region_kk.to_owned()
    }
}

// ---------------------------------------------------------------------------------------------
// Randomness, portable: only `next_u32` of ChaCha8 is used.

struct Dice(ChaCha8Rng);

impl Dice {
    /// Uniform in `0..n` (`n > 0`, at most `u32::MAX`), by multiply-and-shift.
    fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0 && n <= u32::MAX as usize);
        ((u64::from(self.0.next_u32()) * n as u64) >> 32) as usize
    }

    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    fn permille(&mut self, p: u32) -> bool {
        (self.below(1000) as u32) < p
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// An index drawn with the given weights; `None` if they are all zero.
    fn weighted(&mut self, weights: impl Iterator<Item = u32> + Clone) -> Option<usize> {
        let total: u64 = weights.clone().map(u64::from).sum();
        if total == 0 {
            return None;
        }
        let mut x = (u64::from(self.0.next_u32()) * total) >> 32;
        for (i, w) in weights.enumerate() {
            let w = u64::from(w);
            if x < w {
                return Some(i);
            }
            x -= w;
        }
        None
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }

    /// A pattern with every `#` replaced by a random digit.
    fn digits(&mut self, pattern: &str) -> String {
        pattern.chars().map(|c| if c == '#' { char::from(b'0' + self.below(10) as u8) } else { c }).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Seats: sign-ups that respect audience, capacity and time.

struct Seat {
    id: String,
    start: NaiveDateTime,
    end: NaiveDateTime,
    /// Seats left; `None` = unlimited.
    left: Option<u32>,
    min_age: Option<u8>,
    max_age: Option<u8>,
    categories: Vec<Category>,
}

impl Seat {
    fn admits(&self, category: Category, age: Option<i32>) -> bool {
        if !self.categories.is_empty() && !self.categories.contains(&category) {
            return false;
        }
        match age {
            Some(a) => {
                self.min_age.is_none_or(|lo| a >= i32::from(lo)) && self.max_age.is_none_or(|hi| a <= i32::from(hi))
            }
            None => self.min_age.is_none() && self.max_age.is_none(),
        }
    }

    /// Weight of a draw: the seats left, so fuller sessions are picked less and full ones never.
    fn weight(&self) -> u32 {
        self.left.unwrap_or(200)
    }
}

struct Seats {
    all: Vec<Seat>,
    /// Festival directions and master classes (children).
    children: Vec<usize>,
    /// Thematic platforms (adults).
    adults: Vec<usize>,
}

impl Seats {
    fn new(program: &Program) -> Seats {
        let mut all = Vec::new();
        let (mut children, mut adults) = (Vec::new(), Vec::new());
        for s in &program.sessions {
            let rule = s.audience.clone().unwrap_or_default();
            let pool = match s.kind {
                SessionKind::Festival | SessionKind::MasterClass => &mut children,
                SessionKind::Platform => &mut adults,
                _ => continue,
            };
            pool.push(all.len());
            all.push(Seat {
                id: s.id.clone(),
                start: s.start,
                end: s.end,
                left: s.capacity,
                min_age: rule.min_age,
                max_age: rule.max_age,
                categories: rule.categories,
            });
        }
        Seats { all, children, adults }
    }

    /// Signs a person up for up to `want` sessions of a pool, never two at the same time, never
    /// beyond capacity. Returns the session ids in programme-time order.
    fn sign_up(
        &mut self,
        dice: &mut Dice,
        adults_pool: bool,
        category: Category,
        age: Option<i32>,
        want: usize,
    ) -> Vec<String> {
        if want == 0 {
            return Vec::new();
        }
        let pool = if adults_pool { &self.adults } else { &self.children };
        let mut candidates: Vec<usize> =
            pool.iter().copied().filter(|&i| self.all[i].weight() > 0 && self.all[i].admits(category, age)).collect();
        let mut chosen: Vec<usize> = Vec::with_capacity(want);
        while chosen.len() < want {
            let all = &self.all;
            let Some(k) = dice.weighted(candidates.iter().map(|&i| all[i].weight())) else { break };
            let i = candidates.swap_remove(k);
            let s = &self.all[i];
            if chosen.iter().all(|&j| s.end <= self.all[j].start || self.all[j].end <= s.start) {
                chosen.push(i);
            }
        }
        chosen.sort_by(|&a, &b| (self.all[a].start, &self.all[a].id).cmp(&(self.all[b].start, &self.all[b].id)));
        chosen
            .into_iter()
            .map(|i| {
                let s = &mut self.all[i];
                if let Some(left) = &mut s.left {
                    *left -= 1;
                }
                s.id.clone()
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Kazakhstani organisations, as (Kazakh, Russian) names.

type Org = (&'static str, &'static str);

const STATE_BODIES: &[Org] = &[
    ("ҚР Парламенті Мәжілісі", "Мажилис Парламента РК"),
    ("ҚР Парламенті Сенаты", "Сенат Парламента РК"),
    ("ҚР Білім және ғылым министрлігі", "Министерство образования и науки РК"),
    ("ҚР БҒМ Балалардың құқықтарын қорғау комитеті", "Комитет по охране прав детей МОН РК"),
    ("ҚР Денсаулық сақтау және әлеуметтік даму министрлігі", "Министерство здравоохранения и социального развития РК"),
    ("ҚР Ішкі істер министрлігі", "Министерство внутренних дел РК"),
    ("ҚР Бас прокуратурасы", "Генеральная прокуратура РК"),
    ("ҚР Жоғарғы Соты", "Верховный суд РК"),
    ("ҚР Әділет министрлігі", "Министерство юстиции РК"),
    ("ҚР Ақпарат және коммуникациялар министрлігі", "Министерство информации и коммуникаций РК"),
    ("ҚР Ұлттық экономика министрлігінің Статистика комитеті", "Комитет по статистике МНЭ РК"),
    (
        "ҚР Президенті жанындағы Әйелдер істері және отбасылық-демографиялық саясат жөніндегі ұлттық комиссия",
        "Национальная комиссия по делам женщин и семейно-демографической политике при Президенте РК",
    ),
];

const OMBUDSMAN_KZ: &[Org] = &[
    ("Бала құқықтары жөніндегі уәкіл аппараты", "Аппарат Уполномоченного по правам ребенка в РК"),
    ("ҚР Адам құқықтары жөніндегі уәкілі", "Уполномоченный по правам человека в РК"),
    ("Адам құқықтары жөніндегі ұлттық орталық", "Национальный центр по правам человека"),
];

const NGOS_KZ: &[Org] = &[
    ("«SOS Балалар ауылдары Қазақстан» қоғамдық қоры", "ОФ «SOS Детские деревни Казахстана»"),
    ("Қазақстан дағдарыс орталықтары одағы", "Союз кризисных центров Казахстана"),
    ("«Балалар құқығы үшін» қоғамдық бірлестігі", "ОО «За права детей»"),
    ("Мүгедек балалардың ата-аналары қауымдастығы", "Ассоциация родителей детей-инвалидов"),
    ("«Үміт» қайырымдылық қоры", "Благотворительный фонд «Умит»"),
    ("Қазақстан балалар қоры", "Детский фонд Казахстана"),
    ("«Ақ жүрек» балаларды қолдау орталығы", "Центр поддержки детей «Ак журек»"),
    (
        "Адам құқықтары және заңдылықты сақтау жөніндегі қазақстандық халықаралық бюро",
        "Казахстанское международное бюро по правам человека и соблюдению законности",
    ),
    ("«Ата-аналар одағы» қоғамдық бірлестігі", "ОО «Союз родителей»"),
];

const CREATIVE_KZ: &[Org] = &[
    ("Қазақстан Жазушылар одағы", "Союз писателей Казахстана"),
    ("Қазақстан Суретшілер одағы", "Союз художников Казахстана"),
    ("Қазақстан Композиторлар одағы", "Союз композиторов Казахстана"),
    ("«Астана Опера» театры", "Театр «Астана Опера»"),
    ("«Қазақфильм» киностудиясы", "Киностудия «Казахфильм»"),
    ("Қазақ ұлттық өнер университеті", "Казахский национальный университет искусств"),
    ("Ғ. Мүсірепов атындағы Балалар мен жасөспірімдер театры", "ТЮЗ им. Г. Мусрепова"),
];

const PRESS_KZ: &[Org] = &[
    ("«Хабар» агенттігі", "Агентство «Хабар»"),
    ("«Қазақстан» РТРК", "РТРК «Казахстан»"),
    ("«Егемен Қазақстан» газеті", "Газета «Егемен Казахстан»"),
    ("«Казахстанская правда» газеті", "Газета «Казахстанская правда»"),
    ("«Астана» телеарнасы", "Телеканал «Астана»"),
    ("ҚазАқпарат", "Казинформ"),
    ("Tengrinews.kz", "Tengrinews.kz"),
    ("Baq.kz", "Baq.kz"),
    ("«Балдырған» журналы", "Журнал «Балдырган»"),
    ("«Ұлан» газеті", "Газета «Улан»"),
];

const UNIVERSITIES: &[Org] = &[
    ("Л.Н. Гумилев атындағы Еуразия ұлттық университеті", "ЕНУ им. Л.Н. Гумилева"),
    ("Nazarbayev University", "Nazarbayev University"),
    ("Астана медицина университеті", "Медицинский университет Астана"),
    ("С. Сейфуллин атындағы Қазақ агротехникалық университеті", "КАТУ им. С. Сейфуллина"),
    ("Қазақ гуманитарлық заң университеті", "Казахский гуманитарно-юридический университет"),
    ("Астана қаласының еріктілер орталығы", "Волонтёрский центр г. Астаны"),
];

const ORGANISERS: &[Org] = &[
    ("Конференцияның ұйымдастыру комитеті", "Организационный комитет конференции"),
    ("Бала құқықтары жөніндегі уәкіл аппараты", "Аппарат Уполномоченного по правам ребенка в РК"),
    ("ҚР БҒМ Балалардың құқықтарын қорғау комитеті", "Комитет по охране прав детей МОН РК"),
    ("Астана қаласының Оқушылар сарайы", "Дворец школьников г. Астаны"),
];

/// International organisations in Kazakhstan: Kazakh, Russian, English name, mail domain.
const INTERNATIONAL_KZ: &[(&str, &str, &str, &str)] = &[
    ("Қазақстандағы ЮНИСЕФ", "ЮНИСЕФ в Казахстане", "UNICEF Kazakhstan", "unicef.org"),
    ("Қазақстандағы ЮНФПА", "ЮНФПА в Казахстане", "UNFPA Kazakhstan", "unfpa.org"),
    ("Қазақстандағы БҰҰДБ", "ПРООН в Казахстане", "UNDP Kazakhstan", "undp.org"),
    ("Қазақстандағы ХКҰ", "МОМ в Казахстане", "IOM Kazakhstan", "iom.int"),
    (
        "ЕҚЫҰ-ның Астанадағы бағдарламалар кеңсесі",
        "Офис программ ОБСЕ в Астане",
        "OSCE Programme Office in Astana",
        "osce.org",
    ),
    (
        "БҰҰ Босқындар ісі жөніндегі Жоғарғы комиссарының басқармасы",
        "УВКБ ООН в Центральной Азии",
        "UNHCR Central Asia",
        "unhcr.org",
    ),
    (
        "Еуропалық Одақтың Қазақстандағы өкілдігі",
        "Представительство ЕС в Казахстане",
        "Delegation of the European Union to Kazakhstan",
        "eeas.europa.eu",
    ),
];

/// Schools, with `{n}` for a number; the same index in both languages.
const SCHOOLS: &[Org] = &[
    ("№ {n} мектеп-гимназия", "Школа-гимназия № {n}"),
    ("№ {n} жалпы білім беретін мектеп", "Средняя школа № {n}"),
    ("№ {n} мектеп-лицей", "Школа-лицей № {n}"),
    ("Назарбаев Зияткерлік мектебі", "Назарбаев Интеллектуальная школа"),
    ("«Дарын» мамандандырылған мектеп-интернаты", "Специализированная школа-интернат «Дарын»"),
    ("Балалар шығармашылығы үйі", "Дом детского творчества"),
];

const KZ_MOBILE: &[&str] = &["700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"];
const KZ_MAIL: &[&str] = &["mail.ru", "mail.kz", "gmail.com", "inbox.ru", "yandex.kz", "bk.ru", "list.ru"];

const CHILD_NOTES: &[&str] = &[
    "allergy: nuts",
    "allergy: penicillin",
    "allergy: bee stings",
    "asthma inhaler",
    "wheelchair user",
    "diabetes: insulin",
    "epilepsy",
    "hearing impaired",
    "visually impaired",
    "lactose intolerance",
];
const ADULT_NOTES: &[&str] =
    &["wheelchair user", "needs a sign-language interpreter", "hearing impaired", "allergy: nuts", "visually impaired"];

/// Children's ages (8…17) and their relative frequency in the delegations.
const CHILD_AGE_WEIGHTS: [u32; 10] = [3, 4, 7, 9, 11, 12, 13, 14, 14, 13];

/// Individual (non-delegation) registrants per category, relative: at 1000 people these are
/// the numbers of people, beside ~450 children and ~90 chaperones.
const ADULT_MIX: [(Category, u32); 8] = [
    (Category::Ombudsman, 40),
    (Category::InternationalOrg, 80),
    (Category::StateBody, 90),
    (Category::Ngo, 100),
    (Category::Creative, 40),
    (Category::Press, 50),
    (Category::Volunteer, 45),
    (Category::Organiser, 15),
];

// ---------------------------------------------------------------------------------------------
// The generator.

#[derive(Clone, Copy)]
enum Unit {
    Delegation(u32),
    Person(Category),
}

struct Delegation {
    region: usize,
    name: String,
    children: u32,
    chaperones: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ethnic {
    Kazakh,
    Russian,
    Other,
}

/// A Kazakhstani name with everything derived from it.
struct LocalName {
    family: String,
    given: String,
    patronymic: String,
    lat_family: String,
    lat_given: String,
    /// Written in Kazakh Cyrillic (else Russian-mediated Cyrillic).
    kazakh_script: bool,
    /// "Family Given" of the father and of the mother, in the same spelling (children only).
    father: String,
    mother: String,
}

/// Registrants of the sample event, generated one at a time; see [`people`].
pub struct People {
    data: &'static Data,
    dice: Dice,
    year: i32,
    delegations: Vec<Delegation>,
    units: Vec<Unit>,
    next_unit: usize,
    pending: VecDeque<Person>,
    emitted: usize,
    count: usize,
    seats: Seats,
    /// Foreign countries not yet seen (indices into [`NATIONS`], `NATIONS.len()` = Russia), so
    /// that even a small event has guests from all 35 countries.
    unseen: Vec<usize>,
    foreign_seen: usize,
}

impl Iterator for People {
    type Item = Person;

    fn next(&mut self) -> Option<Person> {
        loop {
            if let Some(p) = self.pending.pop_front() {
                self.emitted += 1;
                return Some(p);
            }
            let unit = *self.units.get(self.next_unit)?;
            self.next_unit += 1;
            match unit {
                Unit::Person(category) => {
                    let p = self.individual(category);
                    self.pending.push_back(p);
                }
                Unit::Delegation(i) => self.delegation(i as usize),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.count - self.emitted;
        (left, Some(left))
    }
}

impl ExactSizeIterator for People {}

fn nation(index: usize) -> &'static Nation {
    NATIONS.get(index).unwrap_or(&RUSSIA)
}

impl People {
    fn new(count: usize, seed: u64, program: &Program) -> People {
        let data: &'static Data = &DATA;
        let mut dice = Dice(ChaCha8Rng::seed_from_u64(seed));
        let (delegations, units) = plan(&mut dice, data, count);
        let mut unseen: Vec<usize> = (0..=NATIONS.len()).collect();
        dice.shuffle(&mut unseen);
        People {
            data,
            dice,
            year: program.year(),
            delegations,
            units,
            next_unit: 0,
            pending: VecDeque::new(),
            emitted: 0,
            count,
            seats: Seats::new(program),
            unseen,
            foreign_seen: 0,
        }
    }

    fn code(&self) -> String {
        format!("KZ-{:06}", self.emitted + self.pending.len() + 1)
    }

    fn kz_phone(&mut self) -> String {
        let op = *self.dice.pick(KZ_MOBILE);
        self.dice.digits(&format!("+7 {op} ### ## ##"))
    }

    fn photo_consent(&mut self, no_permille: u32, unknown_permille: u32) -> PhotoConsent {
        let x = self.dice.below(1000) as u32;
        if x < no_permille {
            PhotoConsent::No
        } else if x < no_permille + unknown_permille {
            PhotoConsent::Unknown
        } else {
            PhotoConsent::Yes
        }
    }

    fn email(&mut self, given: &str, family: &str, style: Ascii, domain: &str, birth_year: Option<u16>) -> String {
        let g = ascii_fold(given, style);
        let f = ascii_fold(family, style);
        let g0 = g.chars().next().unwrap_or('x');
        // Work addresses never carry a birth year.
        let personal = KZ_MAIL.contains(&domain) || NATIONS.iter().chain([&RUSSIA]).any(|n| n.mail.contains(&domain));
        let local = match self.dice.below(if personal { 6 } else { 5 }) {
            0 | 1 => format!("{g0}.{f}"),
            2 => format!("{g}.{f}"),
            3 => format!("{f}.{g}"),
            4 => format!("{f}_{g0}"),
            _ => match birth_year {
                Some(y) => format!("{g}{f}{:02}", y % 100),
                None => format!("{g0}{f}"),
            },
        };
        format!("{local}@{domain}")
    }

    /// "SMAGULOVA GULNAR" or "Smagulova Gulnar".
    fn latin_alt(&mut self, family: &str, given: &str) -> String {
        let full = format!("{family} {given}");
        if self.dice.permille(500) { full.to_uppercase() } else { full }
    }

    fn ethnic(&mut self, russian: u32, other: u32) -> Ethnic {
        let x = self.dice.below(1000) as u32;
        if x < russian {
            Ethnic::Russian
        } else if x < russian + other {
            Ethnic::Other
        } else {
            Ethnic::Kazakh
        }
    }

    fn local_name(&mut self, female: bool, ethnic: Ethnic, kazakh_script_permille: u32) -> LocalName {
        let d = self.data;
        match ethnic {
            Ethnic::Kazakh => {
                let s = self.dice.pick(&d.kz_surnames);
                let kk = self.dice.permille(kazakh_script_permille);
                let g = self.dice.pick(if female { &d.kz_female } else { &d.kz_male });
                let father_given = self.dice.pick(&d.kz_male);
                let family = match (kk, female) {
                    (true, false) => &s.m,
                    (true, true) => &s.f,
                    (false, false) => &s.m_ru,
                    (false, true) => &s.f_ru,
                };
                let given = if kk { &g.kk } else { &g.ru };
                let patronymic = if s.stem.is_some() {
                    String::new()
                } else if kk {
                    if self.dice.permille(880) {
                        format!("{}{}", father_given.kk, if female { "қызы" } else { "ұлы" })
                    } else {
                        String::new()
                    }
                } else if self.dice.permille(900) {
                    ru_patronymic(&father_given.ru, female)
                } else {
                    String::new()
                };
                // The father: for a -ұлы/-қызы surname he is the man it is named after, with a
                // surname of his own; otherwise he shares the surname.
                let father = match &s.stem {
                    Some(stem) => {
                        let other = self.dice.pick(&d.kz_surnames);
                        let stem = if kk { stem.clone() } else { ru_mediated(stem) };
                        format!("{} {stem}", if kk { &other.m } else { &other.m_ru })
                    }
                    None => format!(
                        "{} {}",
                        if kk { &s.m } else { &s.m_ru },
                        if kk { &father_given.kk } else { &father_given.ru }
                    ),
                };
                let mother_s =
                    if self.dice.permille(750) && s.stem.is_none() { s } else { self.dice.pick(&d.kz_surnames) };
                let mother_g = self.dice.pick(&d.kz_female);
                let mother = format!(
                    "{} {}",
                    if kk { &mother_s.f } else { &mother_s.f_ru },
                    if kk { &mother_g.kk } else { &mother_g.ru }
                );
                LocalName {
                    lat_family: if female { s.lat_f.clone() } else { s.lat_m.clone() },
                    lat_given: g.lat_passport.clone(),
                    family: family.clone(),
                    given: given.clone(),
                    patronymic,
                    kazakh_script: kk,
                    father,
                    mother,
                }
            }
            Ethnic::Russian | Ethnic::Other => {
                let s = self.dice.pick(if ethnic == Ethnic::Russian { &d.ru_surnames } else { &d.other_surnames });
                let (family, lat_family) = s.form(female);
                let (given, lat_given, father_given) = if s.turkic {
                    let g = self.dice.pick(if female { &d.kz_female } else { &d.kz_male });
                    (&g.ru, &g.lat_passport, &self.dice.pick(&d.kz_male).ru)
                } else {
                    let g = self.dice.pick(if female { &d.ru_female } else { &d.ru_male });
                    (&g.name, &g.lat, &self.dice.pick(&d.ru_male).name)
                };
                let patronymic =
                    if self.dice.permille(950) { ru_patronymic(father_given, female) } else { String::new() };
                let mother_family = if self.dice.permille(800) { &s.f } else { &self.dice.pick(&d.ru_surnames).f };
                let mother_given =
                    if s.turkic { &self.dice.pick(&d.kz_female).ru } else { &self.dice.pick(&d.ru_female).name };
                LocalName {
                    family: family.to_owned(),
                    given: given.clone(),
                    patronymic,
                    lat_family: lat_family.to_owned(),
                    lat_given: lat_given.clone(),
                    kazakh_script: false,
                    father: format!("{} {father_given}", s.m),
                    mother: format!("{mother_family} {mother_given}"),
                }
            }
        }
    }

    /// Fills a person's name fields from a local name: Cyrillic, sometimes with the Latin passport
    /// spelling, rarely with a Latin look-alike letter pasted into the surname.
    fn put_local_name(&mut self, p: &mut Person, n: &LocalName) {
        p.family.clone_from(&n.family);
        p.given.clone_from(&n.given);
        p.patronymic.clone_from(&n.patronymic);
        if self.dice.permille(300) {
            p.alt_spelling = self.latin_alt(&n.lat_family, &n.lat_given);
        }
        if self.dice.permille(10) {
            let mut chars = p.family.chars();
            if let Some(l) = chars.next().and_then(latin_lookalike) {
                p.family = format!("{l}{}", chars.as_str());
            }
        }
    }

    fn school(&mut self, region: usize, kazakh: bool) -> String {
        let r = &self.data.regions[region];
        let (kk, ru) = *self.dice.pick(SCHOOLS);
        let n = self.dice.range(1, 90).to_string();
        if kazakh {
            format!("{}, {}", kk.replace("{n}", &n), r.profile.city_kk)
        } else {
            format!("{}, {}", ru.replace("{n}", &n), r.profile.city_ru)
        }
    }

    fn delegation(&mut self, index: usize) {
        let (region, children, chaperones) = {
            let d = &self.delegations[index];
            (d.region, d.children, d.chaperones)
        };
        let profile = self.data.regions[region].profile;
        let region_kk = self.data.regions[region].kk.clone();
        let region_ru = self.data.regions[region].ru.clone();
        let delegation = self.delegations[index].name.clone();
        let mut adults = Vec::with_capacity(chaperones as usize);
        for k in 0..chaperones {
            let female = self.dice.permille(750);
            let ethnic = self.ethnic(profile.russian, profile.other);
            let n = self.local_name(female, ethnic, 500);
            let mut p = Person {
                code: self.code(),
                category: Category::Chaperone,
                country: "KZ".into(),
                region: region_kk.clone(),
                delegation: delegation.clone(),
                birth_year: Some((self.year - self.dice.range(25, 60) as i32) as u16),
                source: Source::Imported,
                ..Person::default()
            };
            self.put_local_name(&mut p, &n);
            p.organisation = if k == 0 {
                if n.kazakh_script {
                    format!("{} білім басқармасы", kk_genitive(&region_kk))
                } else {
                    format!("Управление образования {}", ru_genitive(&region_ru))
                }
            } else {
                self.school(region, n.kazakh_script)
            };
            p.phone = self.kz_phone();
            if self.dice.permille(700) {
                let domain = *self.dice.pick(KZ_MAIL);
                p.email = self.email(&n.lat_given, &n.lat_family, Ascii::Strip, domain, p.birth_year);
            }
            p.photo_consent = self.photo_consent(30, 70);
            if self.dice.permille(200) {
                p.sessions = self.seats.sign_up(&mut self.dice, true, Category::Chaperone, None, 1);
            }
            adults.push(ResponsibleAdult { name: p.full_name(), phone: p.phone.clone(), relation: "chaperone".into() });
            self.pending.push_back(p);
        }
        for _ in 0..children {
            let age = 8 + self.dice.weighted(CHILD_AGE_WEIGHTS.iter().copied()).unwrap_or(6) as i32;
            let female = self.dice.permille(500);
            let ethnic = self.ethnic(profile.russian, profile.other);
            let n = self.local_name(female, ethnic, 600);
            let mut p = Person {
                code: self.code(),
                category: Category::Child,
                country: "KZ".into(),
                region: region_kk.clone(),
                delegation: delegation.clone(),
                birth_year: Some((self.year - age) as u16),
                source: Source::Imported,
                ..Person::default()
            };
            self.put_local_name(&mut p, &n);
            p.organisation = self.school(region, n.kazakh_script);
            p.responsible_adults = adults.clone();
            if self.dice.permille(350) {
                let (name, relation) =
                    if self.dice.permille(650) { (&n.mother, "mother") } else { (&n.father, "father") };
                let name = name.clone();
                let phone = self.kz_phone();
                p.responsible_adults.push(ResponsibleAdult { name, phone, relation: relation.into() });
            }
            if age >= 13 && self.dice.permille(300) {
                let domain = *self.dice.pick(&KZ_MAIL[..3]);
                p.email = self.email(&n.lat_given, &n.lat_family, Ascii::Strip, domain, p.birth_year);
            }
            if age >= 12 && self.dice.permille(400) {
                p.phone = self.kz_phone();
            }
            p.photo_consent = self.photo_consent(100, 40);
            if self.dice.permille(30) {
                p.notes = (*self.dice.pick(CHILD_NOTES)).to_owned();
            }
            let want = if self.dice.permille(550) { 1 } else { 2 };
            p.sessions = self.seats.sign_up(&mut self.dice, false, Category::Child, Some(age), want);
            self.pending.push_back(p);
        }
    }

    fn individual(&mut self, category: Category) -> Person {
        let kz_permille = match category {
            Category::Ombudsman => 150,
            Category::InternationalOrg => 500,
            Category::Ngo => 750,
            Category::Press => 850,
            _ => 1000,
        };
        let mut p = if self.dice.permille(kz_permille) { self.kz_adult(category) } else { self.foreign(category) };
        if self.dice.permille(10) {
            p.notes = (*self.dice.pick(ADULT_NOTES)).to_owned();
        }
        p.photo_consent = self.photo_consent(50, 100);
        let want = match category {
            Category::Ombudsman | Category::InternationalOrg | Category::StateBody | Category::Ngo => {
                if self.dice.permille(550) { 2 } else { 1 }
            }
            Category::Press | Category::Creative => 1,
            _ => 0,
        };
        p.sessions = self.seats.sign_up(&mut self.dice, true, category, None, want);
        p
    }

    /// A region index weighted towards the capital and Almaty for national bodies.
    fn home_region(&mut self, astana: u32, almaty: u32) -> usize {
        let data = self.data;
        let regions = &data.regions;
        let find = |iso: &str| regions.iter().position(|r| r.profile.iso == iso).unwrap_or(0);
        let x = self.dice.below(1000) as u32;
        if x < astana {
            find("KZ-AST")
        } else if x < astana + almaty {
            find("KZ-ALA")
        } else {
            self.dice.below(regions.len())
        }
    }

    fn kz_adult(&mut self, category: Category) -> Person {
        let region = match category {
            Category::StateBody => self.home_region(700, 0),
            Category::Ngo => self.home_region(350, 350),
            Category::Press => self.home_region(600, 250),
            Category::Creative => self.home_region(400, 500),
            Category::InternationalOrg => self.home_region(600, 400),
            _ => self.home_region(1000, 0),
        };
        let regional = self.data.regions[region].profile.iso != "KZ-AST";
        let (russian, other) = (220, 80);
        let female = self.dice.permille(if category == Category::Volunteer { 600 } else { 550 });
        let ethnic = self.ethnic(russian, other);
        let n = self.local_name(female, ethnic, 500);
        let birth_year = if category == Category::Volunteer {
            Some((self.year - self.dice.range(18, 24) as i32) as u16)
        } else if self.dice.permille(400) {
            Some((self.year - self.dice.range(24, 66) as i32) as u16)
        } else {
            None
        };
        let mut p = Person {
            code: self.code(),
            category,
            country: "KZ".into(),
            region: self.data.regions[region].kk.clone(),
            birth_year,
            source: Source::Imported,
            ..Person::default()
        };
        // Staff of international organisations (and a few NGO people) registered in Latin.
        let latin = match category {
            Category::InternationalOrg => self.dice.permille(500),
            Category::Ngo => self.dice.permille(40),
            _ => false,
        };
        if latin {
            p.family = n.lat_family.clone();
            p.given = n.lat_given.clone();
            p.alt_spelling = format!("{} {}", n.family, n.given);
        } else {
            self.put_local_name(&mut p, &n);
        }
        let kk = n.kazakh_script;
        let pick = |dice: &mut Dice, list: &[Org]| {
            let (a, b) = *dice.pick(list);
            if kk { a.to_owned() } else { b.to_owned() }
        };
        let mut domain = None;
        p.organisation = match category {
            Category::StateBody if regional && self.dice.permille(600) => {
                let r = &self.data.regions[region];
                match (kk, self.dice.permille(500)) {
                    (true, true) => format!("{} әкімдігі", kk_genitive(&r.kk)),
                    (true, false) => format!("{} білім басқармасы", kk_genitive(&r.kk)),
                    (false, true) => format!("Акимат {}", ru_genitive(&r.ru)),
                    (false, false) => format!("Управление образования {}", ru_genitive(&r.ru)),
                }
            }
            Category::StateBody => pick(&mut self.dice, STATE_BODIES),
            Category::Ombudsman => pick(&mut self.dice, OMBUDSMAN_KZ),
            Category::Ngo => pick(&mut self.dice, NGOS_KZ),
            Category::Creative => pick(&mut self.dice, CREATIVE_KZ),
            Category::Press => pick(&mut self.dice, PRESS_KZ),
            Category::Volunteer => pick(&mut self.dice, UNIVERSITIES),
            Category::Organiser => pick(&mut self.dice, ORGANISERS),
            Category::InternationalOrg => {
                let (okk, oru, oen, od) = *self.dice.pick(INTERNATIONAL_KZ);
                domain = Some(od);
                (if latin {
                    oen
                } else if kk {
                    okk
                } else {
                    oru
                })
                .to_owned()
            }
            _ => String::new(),
        };
        if self.dice.permille(900) {
            let domain = match domain {
                Some(d) if self.dice.permille(800) => d,
                _ => *self.dice.pick(KZ_MAIL),
            };
            p.email = self.email(&n.lat_given, &n.lat_family, Ascii::Strip, domain, p.birth_year);
        }
        if self.dice.permille(850) {
            p.phone = self.kz_phone();
        }
        p
    }

    /// The country of the next foreign guest: first every country once, then by weight.
    fn foreign_country(&mut self, ombudsman: bool) -> usize {
        let ok = |i: usize| !ombudsman || !nation(i).ombudsman.is_empty();
        if let Some(k) = self.unseen.iter().position(|&i| ok(i)) {
            return self.unseen.remove(k);
        }
        let weights = (0..=NATIONS.len()).map(|i| if ok(i) { nation(i).weight } else { 0 });
        self.dice.weighted(weights).unwrap_or(NATIONS.len())
    }

    fn foreign(&mut self, category: Category) -> Person {
        self.foreign_seen += 1;
        let mut p = Person { code: self.code(), category, source: Source::Imported, ..Person::default() };
        let mut mail_domain: Option<&'static str> = None;
        let female = self.dice.permille(550);
        // Every fiftieth foreign guest has a very long name (a layout test for every screen).
        let long = (self.foreign_seen % 50 == 17).then(|| LONG_NAMES[(self.foreign_seen / 50) % LONG_NAMES.len()]);
        // Staff of an international organisation whose nationality is not a participant country
        // are registered under the country of their office.
        let staff = long.is_none() && category == Category::InternationalOrg && self.dice.permille(150);
        let n: &'static Nation = if let Some((iso, ..)) = long {
            NATIONS.iter().find(|x| x.iso == iso).unwrap_or(&RUSSIA)
        } else if staff {
            let org = self.dice.pick(INTERNATIONAL_ORGS);
            p.organisation = org.0.to_owned();
            p.country = org.1.to_owned();
            mail_domain = Some(org.2);
            self.dice.pick(STAFF)
        } else {
            nation(self.foreign_country(category == Category::Ombudsman))
        };
        if !staff {
            p.country = n.iso.to_owned();
        }

        let (lat_family, lat_given, ascii);
        if let Some((_, family, given, cyr_family, cyr_given)) = long {
            p.family = family.to_owned();
            p.given = given.to_owned();
            if self.dice.permille(500) {
                p.alt_spelling = format!("{cyr_family} {cyr_given}");
            }
            (lat_family, lat_given, ascii) = (family.to_owned(), given.to_owned(), Ascii::Strip);
        } else if std::ptr::eq(n, &RUSSIA) {
            let d = self.data;
            let (family, lat_f) = self.dice.pick(&d.ru_surnames).form(female);
            let g = self.dice.pick(if female { &d.ru_female } else { &d.ru_male });
            p.family = family.to_owned();
            p.given = g.name.clone();
            if self.dice.permille(600) {
                let father = &self.dice.pick(&d.ru_male).name;
                p.patronymic = ru_patronymic(father, female);
            }
            lat_family = lat_f.to_owned();
            lat_given = g.lat.clone();
            ascii = Ascii::Strip;
            if self.dice.permille(700) {
                p.alt_spelling = self.latin_alt(&lat_family, &lat_given);
            }
        } else {
            let first = self.dice.pick(n.families);
            let (mut family, mut family_alt) =
                (gendered(first.0, female).to_owned(), gendered(first.1, female).to_owned());
            if n.double_surname && self.dice.permille(700) {
                let second = self.dice.pick(n.families);
                if second != first {
                    family = format!("{family} {}", gendered(second.0, female));
                    family_alt = format!("{family_alt} {}", gendered(second.1, female));
                }
            }
            let (given, given_alt) = *self.dice.pick(if female { n.female } else { n.male });
            let native_first = match n.script {
                Script::Latin => true,
                Script::Cyrillic => self.dice.permille(850),
                Script::Cjk => self.dice.permille(500),
            };
            let alt_permille = match n.script {
                Script::Latin => 300,
                Script::Cyrillic => 700,
                Script::Cjk => 1000,
            };
            let (registered, other) = if native_first {
                ((family.as_str(), given), (family_alt.as_str(), given_alt))
            } else {
                ((family_alt.as_str(), given_alt), (family.as_str(), given))
            };
            p.family = registered.0.to_owned();
            p.given = registered.1.to_owned();
            if !native_first || self.dice.permille(alt_permille) {
                // Hanzi, kanji and hangul full names are written without a space.
                p.alt_spelling = if n.script == Script::Cjk && !native_first {
                    format!("{}{}", other.0, other.1)
                } else {
                    format!("{} {}", other.0, other.1)
                };
            }
            (lat_family, lat_given) = match n.script {
                Script::Latin => (family, given.to_owned()),
                Script::Cyrillic | Script::Cjk => (family_alt, given_alt.to_owned()),
            };
            ascii = n.ascii;
        }

        let home = NATIONS.iter().chain(std::iter::once(&RUSSIA)).find(|x| x.iso == p.country).unwrap_or(n);
        if p.organisation.is_empty() {
            p.organisation = match category {
                Category::Ombudsman if !home.ombudsman.is_empty() => home.ombudsman.to_owned(),
                Category::Press if !home.press.is_empty() => (*self.dice.pick(home.press)).to_owned(),
                Category::InternationalOrg => {
                    let org = self.dice.pick(INTERNATIONAL_ORGS);
                    mail_domain = Some(org.2);
                    org.0.to_owned()
                }
                _ => (*self.dice.pick(INTERNATIONAL_NGOS)).to_owned(),
            };
        }
        if self.dice.permille(150) {
            p.birth_year = Some((self.year - self.dice.range(30, 66) as i32) as u16);
        }
        if self.dice.permille(900) {
            let domain = match mail_domain {
                Some(d) if self.dice.permille(700) => d,
                _ => *self.dice.pick(if n.mail.is_empty() { home.mail } else { n.mail }),
            };
            p.email = self.email(&lat_given, &lat_family, ascii, domain, p.birth_year);
        }
        if self.dice.permille(700) && !home.phones.is_empty() {
            let pattern = *self.dice.pick(home.phones);
            p.phone = self.dice.digits(pattern);
        }
        p
    }
}

/// Lays out the event: delegations (region, size, chaperones) and the order in which the
/// delegations and individual registrants registered.
fn plan(dice: &mut Dice, data: &Data, count: usize) -> (Vec<Delegation>, Vec<Unit>) {
    let target_children = (count * 45 + 50) / 100;
    let chaperones_for = |children: usize| children.div_ceil(6).clamp(1, 3);
    let mut sizes: Vec<usize> = Vec::new();
    let mut left = target_children;
    while left > 0 {
        let s = (dice.range(8, 15) as usize).min(left);
        sizes.push(s);
        left -= s;
    }
    // Tiny events: make the delegations fit.
    while sizes.iter().map(|&s| s + chaperones_for(s)).sum::<usize>() > count {
        match sizes.last_mut() {
            Some(s) if *s > 1 => *s -= 1,
            Some(_) => {
                sizes.pop();
            }
            None => break,
        }
    }

    // Every region once (in a random order), then more groups by weight.
    let mut order: Vec<usize> = (0..data.regions.len()).collect();
    dice.shuffle(&mut order);
    let regions: Vec<usize> = (0..sizes.len())
        .map(|g| match order.get(g) {
            Some(&r) => r,
            None => dice.weighted(data.regions.iter().map(|r| r.profile.weight)).unwrap_or(0),
        })
        .collect();
    let mut per_region = vec![0usize; data.regions.len()];
    for &r in &regions {
        per_region[r] += 1;
    }
    let mut numbered = vec![0usize; data.regions.len()];
    let delegations: Vec<Delegation> = sizes
        .iter()
        .zip(&regions)
        .map(|(&size, &r)| {
            numbered[r] += 1;
            let kk = &data.regions[r].kk;
            let name = if per_region[r] > 1 { format!("{kk} — {}", numbered[r]) } else { kk.clone() };
            Delegation { region: r, name, children: size as u32, chaperones: chaperones_for(size) as u32 }
        })
        .collect();

    let in_delegations: usize = delegations.iter().map(|d| (d.children + d.chaperones) as usize).sum();
    let individuals = count - in_delegations;
    let mut units: Vec<Unit> = (0..delegations.len() as u32).map(Unit::Delegation).collect();
    units.reserve(individuals);
    for (category, n) in apportion(individuals, &ADULT_MIX) {
        units.extend(std::iter::repeat_n(Unit::Person(category), n));
    }
    dice.shuffle(&mut units);
    (delegations, units)
}

/// Splits `total` by weight, largest remainders first (ties: table order).
fn apportion(total: usize, mix: &[(Category, u32)]) -> Vec<(Category, usize)> {
    let sum: usize = mix.iter().map(|&(_, w)| w as usize).sum();
    let mut out: Vec<(Category, usize, usize)> = mix
        .iter()
        .map(|&(c, w)| {
            let exact = total * w as usize;
            (c, exact / sum, exact % sum)
        })
        .collect();
    let mut rest = total - out.iter().map(|x| x.1).sum::<usize>();
    let mut by_remainder: Vec<usize> = (0..out.len()).collect();
    by_remainder.sort_by(|&a, &b| out[b].2.cmp(&out[a].2).then(a.cmp(&b)));
    for i in by_remainder {
        if rest == 0 {
            break;
        }
        out[i].1 += 1;
        rest -= 1;
    }
    out.into_iter().map(|(c, n, _)| (c, n)).collect()
}

#[cfg(test)]
mod tests;
