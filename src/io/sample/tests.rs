use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::domain::SessionKind;
use crate::io::fields::parse_adults;

const COUNTRIES_JSON: &str = include_str!("../../../data/countries.json");
const REGISTRANTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/registrants.csv");

fn program() -> Program {
    sample_program().expect("the sample programme loads and validates")
}

fn csv_bytes(people: &[Person]) -> Vec<u8> {
    let mut out = Vec::new();
    write_csv(people, &mut out).expect("writing to a Vec cannot fail");
    out
}

fn countries() -> BTreeSet<String> {
    #[derive(Deserialize)]
    struct Country {
        iso2: String,
    }
    let list: Vec<Country> = serde_json::from_str(COUNTRIES_JSON).expect("data/countries.json parses");
    list.into_iter().map(|c| c.iso2).collect()
}

fn event() -> Vec<Person> {
    generate(1000, 2016, &program())
}

#[test]
fn program_json_is_valid() {
    let p: Program = serde_json::from_str(include_str!("../../../data/program.json")).expect("program.json parses");
    p.validate().expect("program.json validates");
    assert_eq!(p.utc_offset.to_string(), "+06:00");
    assert_eq!(p.days.len(), 2);
    assert_eq!(p.year(), 2016);
    let of_kind = |k: SessionKind| p.sessions.iter().filter(|s| s.kind == k).count();
    assert_eq!(of_kind(SessionKind::Platform), 12);
    assert_eq!(of_kind(SessionKind::Festival), 3);
    assert_eq!(of_kind(SessionKind::Plenary), 2);
    for i in 1..=12 {
        let s = p.session(&format!("platform-{i:02}")).expect("every platform is there");
        assert!(!s.title.kk.is_empty() && !s.title.ru.is_empty() && !s.title.en.is_empty());
    }
    let open = p.session("plenary-open").expect("opening plenary");
    let close = p.session("plenary-close").expect("closing plenary");
    assert!(open.day() < close.day());
    // Master-class capacities as the science town has them.
    for (prefix, seats) in [
        ("robotics", 20),
        ("3d", 16),
        ("ships", 12),
        ("planetarium", 30),
        ("music", 25),
        ("media", 15),
        ("technopark", 25),
    ] {
        let sessions: Vec<_> = p.sessions.iter().filter(|s| s.id.starts_with(&format!("mc-{prefix}-"))).collect();
        assert!(!sessions.is_empty(), "{prefix}");
        for s in &sessions {
            assert_eq!(s.capacity, Some(seats), "{}", s.id);
            let rule = s.audience.as_ref().expect("master classes have an audience rule");
            assert_eq!(rule.categories, vec![Category::Child]);
        }
    }
    // Rooms never host two sessions at once.
    for a in &p.sessions {
        for b in &p.sessions {
            if a.id < b.id && a.room == b.room {
                assert!(a.end <= b.start || b.end <= a.start, "{} and {} clash in {}", a.id, b.id, a.room);
            }
        }
    }
}

#[test]
fn embedded_data_is_consistent() {
    let d: &Data = &DATA;
    assert_eq!(d.regions.len(), 16);
    let known = countries();
    assert_eq!(known.len(), 35);
    for n in NATIONS.iter().chain([&RUSSIA]) {
        assert!(known.contains(n.iso), "{} is not a participant country", n.iso);
        assert!(!n.press.is_empty() && !n.phones.is_empty() && !n.mail.is_empty(), "{}", n.iso);
        assert!(!n.families.is_empty() || n.iso == "RU");
    }
    assert_eq!(NATIONS.len() + 1, known.len() - 1, "every foreign country has a name table");
    for (_, iso, _) in INTERNATIONAL_ORGS {
        assert!(known.contains(*iso), "{iso}");
    }
    for (iso, ..) in LONG_NAMES {
        assert!(NATIONS.iter().any(|n| n.iso == *iso), "{iso}");
    }
    for n in NATIONS.iter().chain(STAFF) {
        for (a, b) in n.families {
            assert_eq!(a.contains('|'), b.contains('|'), "{a} / {b}");
        }
    }
}

#[test]
fn spelling_helpers() {
    assert_eq!(ru_mediated("Смағұлова Гүлнар"), "Смагулова Гулнар");
    assert_eq!(ru_patronymic("Серик", false), "Серикович");
    assert_eq!(ru_patronymic("Серик", true), "Сериковна");
    assert_eq!(ru_patronymic("Игорь", true), "Игоревна");
    assert_eq!(ru_patronymic("Евгений", false), "Евгеньевич");
    assert_eq!(ru_feminine("Фёдоров"), "Фёдорова");
    assert_eq!(ru_feminine("Цой"), "Цой");
    assert_eq!(ascii_fold("Müller", Ascii::German), "mueller");
    assert_eq!(ascii_fold("Müller", Ascii::Strip), "muller");
    assert_eq!(ascii_fold("Łukasz Wójcik", Ascii::Strip), "lukaszwojcik");
    assert_eq!(ascii_fold("İsmail Öztürk", Ascii::Strip), "ismailozturk");
    assert_eq!(ascii_fold("Məmmədova", Ascii::Strip), "mammadova");
    assert_eq!(ascii_fold("O'Neill", Ascii::Strip), "oneill");
    assert_eq!(ru_genitive("Карагандинская область"), "Карагандинской области");
    assert_eq!(ru_genitive("город Астана"), "города Астаны");
    assert_eq!(kk_genitive("Қарағанды облысы"), "Қарағанды облысының");
    // Every patronymic of names.json comes out of the rule.
    #[derive(Deserialize)]
    struct Patronymics {
        ru_male: Vec<String>,
        ru_patronymic_m: Vec<String>,
    }
    let p: Patronymics = serde_json::from_str(NAMES_JSON).expect("names.json parses");
    let made: BTreeSet<String> = p.ru_male.iter().map(|n| ru_patronymic(n, false)).collect();
    for expected in &p.ru_patronymic_m {
        assert!(made.contains(expected), "{expected}");
    }
}

#[test]
fn same_count_and_seed_give_identical_bytes() {
    let program = program();
    let a = csv_bytes(&generate(700, 42, &program));
    let b = csv_bytes(&generate(700, 42, &program));
    assert_eq!(a, b);
    assert_ne!(a, csv_bytes(&generate(700, 43, &program)));
    // Streaming gives the same as collecting.
    let mut streamed = Vec::new();
    write_csv_stream(people(700, 42, &program), &mut streamed).expect("write");
    assert_eq!(a, streamed);
    assert_eq!(people(700, 42, &program).len(), 700);
}

#[test]
fn registrants_csv_matches_the_generator() {
    let expected = csv_bytes(&event());
    if std::env::var_os("CHECKIN_BLESS").is_some() {
        std::fs::write(REGISTRANTS, &expected).expect("write data/registrants.csv");
    }
    let committed = std::fs::read(REGISTRANTS).expect("data/registrants.csv exists");
    assert!(
        committed == expected,
        "data/registrants.csv differs from generate(1000, 2016); \
         regenerate it with `CHECKIN_BLESS=1 cargo test --lib io::sample::tests::registrants`"
    );
}

#[test]
fn exact_counts_for_small_and_odd_sizes() {
    let program = program();
    for count in [0, 1, 2, 3, 5, 17, 99, 1001] {
        let people = generate(count, 1, &program);
        assert_eq!(people.len(), count);
        for p in &people {
            if p.category == Category::Child {
                assert!(!p.responsible_adults.is_empty(), "count {count}: {} has no adult", p.code);
            }
        }
    }
}

#[test]
fn proportions_at_the_real_size() {
    let people = event();
    assert_eq!(people.len(), 1000);
    let mut by: BTreeMap<Category, usize> = BTreeMap::new();
    for p in &people {
        *by.entry(p.category).or_default() += 1;
    }
    let share = |c: Category| by.get(&c).copied().unwrap_or(0) as f64 / 10.0;
    let near = |c: Category, pct: f64| {
        assert!((share(c) - pct).abs() <= 5.0, "{c:?}: {}% instead of ~{pct}%", share(c));
    };
    near(Category::Child, 45.0);
    near(Category::Chaperone, 9.0);
    near(Category::Ombudsman, 4.0);
    near(Category::InternationalOrg, 8.0);
    near(Category::StateBody, 9.0);
    near(Category::Ngo, 10.0);
    near(Category::Press, 5.0);
    for c in [Category::Creative, Category::Volunteer, Category::Organiser] {
        assert!(share(c) > 0.0, "{c:?}");
    }

    let children: Vec<&Person> = people.iter().filter(|p| p.category == Category::Child).collect();
    let kids = children.len() as f64;
    let pct = |n: usize| n as f64 * 100.0 / kids;
    let no_photo = pct(children.iter().filter(|p| p.photo_consent == PhotoConsent::No).count());
    let unknown = pct(children.iter().filter(|p| p.photo_consent == PhotoConsent::Unknown).count());
    assert!((no_photo - 10.0).abs() <= 5.0, "no photos: {no_photo}%");
    assert!(unknown > 0.0 && unknown <= 8.0, "unknown consent: {unknown}%");
    let notes = pct(children.iter().filter(|p| !p.notes.is_empty()).count());
    assert!((1.0..=6.0).contains(&notes), "notes: {notes}%");
    let parents =
        pct(children.iter().filter(|p| p.responsible_adults.iter().any(|a| a.relation != "chaperone")).count());
    assert!((parents - 35.0).abs() <= 5.0, "with a parent: {parents}%");
    for c in &children {
        let age = c.age_in(2016).expect("children have a birth year");
        assert!((8..=17).contains(&age), "{}: age {age}", c.code);
    }

    let kz: Vec<&Person> = people.iter().filter(|p| p.country == "KZ").collect();
    let alt = kz.iter().filter(|p| !p.alt_spelling.is_empty()).count() as f64 * 100.0 / kz.len() as f64;
    assert!((alt - 30.0).abs() <= 5.0, "KZ names with a Latin spelling: {alt}%");
    let kazakh_script = |p: &&&Person| p.full_name().chars().any(|c| "ӘәҒғҚқҢңӨөҰұҮүҺһІі".contains(c));
    assert!(kz.iter().filter(kazakh_script).count() > 150);
    assert!(kz.iter().any(|p| p.patronymic.ends_with("қызы")));
    assert!(kz.iter().any(|p| p.patronymic.ends_with("ұлы")));
    assert!(kz.iter().any(|p| p.patronymic.ends_with("овна")));
    assert!(kz.iter().any(|p| p.patronymic.ends_with("ович")));
    assert!(kz.iter().any(|p| p.alt_spelling.chars().all(|c| !c.is_lowercase())));
    assert!(kz.iter().any(|p| !p.alt_spelling.is_empty() && p.alt_spelling.chars().any(char::is_lowercase)));
}

#[test]
fn every_child_has_a_responsible_adult_with_a_phone() {
    let people = event();
    let by_name: BTreeMap<String, &Person> =
        people.iter().filter(|p| p.category == Category::Chaperone).map(|p| (p.full_name(), p)).collect();
    for c in people.iter().filter(|p| p.category == Category::Child) {
        assert!(c.responsible_adults.iter().any(|a| !a.phone.is_empty()), "{}", c.code);
        let chaperones: Vec<_> = c.responsible_adults.iter().filter(|a| a.relation == "chaperone").collect();
        assert!((1..=3).contains(&chaperones.len()), "{}", c.code);
        for a in chaperones {
            let ch = by_name.get(&a.name).unwrap_or_else(|| panic!("{}: chaperone {} is registered", c.code, a.name));
            assert_eq!(ch.delegation, c.delegation);
            assert_eq!(ch.phone, a.phone);
        }
        // What is written in the cell reads back the same.
        assert_eq!(parse_adults(&crate::io::fields::format_adults(&c.responsible_adults)), c.responsible_adults);
        assert!(!c.delegation.is_empty() && !c.region.is_empty());
    }
}

#[test]
fn delegations_cover_every_region() {
    let people = event();
    let d: &Data = &DATA;
    let regions: BTreeSet<&str> =
        people.iter().filter(|p| p.category == Category::Child).map(|p| p.region.as_str()).collect();
    assert_eq!(regions.len(), 16);
    for r in &d.regions {
        assert!(regions.contains(r.kk.as_str()), "{}", r.kk);
    }
    let delegations: BTreeSet<&str> = people.iter().map(|p| p.delegation.as_str()).filter(|d| !d.is_empty()).collect();
    assert!(delegations.len() > 16, "several groups per region: {delegations:?}");
    assert!(delegations.iter().any(|d| d.ends_with(" — 2")));
}

#[test]
fn codes_are_unique_and_sequential() {
    let people = generate(20_000, 3, &program());
    let codes: BTreeSet<&str> = people.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes.len(), people.len());
    assert_eq!(people[0].code, "KZ-000001");
    assert_eq!(people[122].code, "KZ-000123");
    assert_eq!(people.last().map(|p| p.code.as_str()), Some("KZ-020000"));
}

fn check_sign_ups(people: &[Person], program: &Program) -> BTreeMap<String, u32> {
    let mut taken: BTreeMap<String, u32> = BTreeMap::new();
    for p in people {
        let sessions: Vec<_> = p
            .sessions
            .iter()
            .map(|id| program.session(id).unwrap_or_else(|| panic!("{id} is in the programme")))
            .collect();
        for (i, a) in sessions.iter().enumerate() {
            *taken.entry(a.id.clone()).or_default() += 1;
            if let Some(rule) = &a.audience {
                assert!(rule.categories.is_empty() || rule.categories.contains(&p.category), "{} in {}", p.code, a.id);
                let age = p.age_in(program.year());
                if let (Some(lo), Some(age)) = (rule.min_age, age) {
                    assert!(age >= i32::from(lo), "{} ({age}) in {}", p.code, a.id);
                }
                if let (Some(hi), Some(age)) = (rule.max_age, age) {
                    assert!(age <= i32::from(hi), "{} ({age}) in {}", p.code, a.id);
                }
            }
            for b in &sessions[i + 1..] {
                assert!(a.end <= b.start || b.end <= a.start, "{}: {} and {} overlap", p.code, a.id, b.id);
            }
        }
    }
    for (id, n) in &taken {
        let cap = program.session(id).and_then(|s| s.capacity);
        assert!(cap.is_none_or(|c| *n <= c), "{id}: {n} signed up for {cap:?} seats");
    }
    taken
}

#[test]
fn sign_ups_respect_capacity_audience_and_time() {
    let program = program();
    let people = event();
    let taken = check_sign_ups(&people, &program);
    let children = people.iter().filter(|p| p.category == Category::Child);
    let without = children.clone().filter(|p| p.sessions.is_empty()).count();
    assert!(without * 10 < children.count(), "most children got a seat at the real size");
    for p in people.iter().filter(|p| p.category == Category::Ombudsman) {
        assert!((1..=2).contains(&p.sessions.len()), "{}", p.code);
        assert!(p.sessions.iter().all(|s| s.starts_with("platform-")));
    }
    assert!(taken.keys().any(|k| k.starts_with("fest-")));
    assert!(taken.keys().any(|k| k.starts_with("mc-")));
    // At a size no building holds, sessions fill up and the rest are left without.
    let big = generate(30_000, 9, &program);
    let taken = check_sign_ups(&big, &program);
    assert_eq!(taken.get("mc-robotics-1"), Some(&20));
    assert!(big.iter().filter(|p| p.category == Category::Child).any(|p| p.sessions.is_empty()));
}

#[test]
fn countries_are_the_35_and_all_come() {
    let known = countries();
    let people = event();
    let seen: BTreeSet<&str> = people.iter().map(|p| p.country.as_str()).collect();
    for c in &seen {
        assert!(known.contains(*c), "{c} is not one of the 35");
    }
    assert_eq!(seen.len(), 35, "{seen:?}");
    for p in generate(5000, 77, &program()) {
        assert!(known.contains(&p.country), "{}: {}", p.code, p.country);
    }
}

#[test]
fn names_have_diacritics_cjk_and_length() {
    let people = event();
    let all: Vec<String> = people.iter().map(|p| format!("{} {}", p.full_name(), p.alt_spelling)).collect();
    let has = |pred: &dyn Fn(char) -> bool| all.iter().any(|n| n.chars().any(pred));
    assert!(has(&|c| "üöäßłąęśźżńçğışøåéèêíóúñāēīūņļķģșțăđćčž".contains(c)), "Latin diacritics");
    assert!(has(&|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "hanzi");
    assert!(has(&|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)), "hangul");
    assert!(has(&|c| "әғқңөұүһі".contains(c)), "Kazakh letters");
    assert!(people.iter().any(|p| p.full_name().chars().count() >= 60), "a very long name");
    let mixed_script =
        |s: &str| s.chars().any(|c| c.is_ascii_alphabetic()) && s.chars().any(|c| ('а'..='я').contains(&c));
    assert!(people.iter().any(|p| mixed_script(&p.family)), "a Cyrillic surname with a pasted Latin look-alike");
    let foreign_cyrillic_alt = people
        .iter()
        .any(|p| p.country != "KZ" && p.family.is_ascii() && p.alt_spelling.chars().any(|c| ('а'..='я').contains(&c)));
    assert!(foreign_cyrillic_alt, "a foreign guest with a Cyrillic alt spelling");
    // Emails are lower-case ASCII; nobody's name breaks the responsible-adults cell.
    for p in &people {
        assert!(p.email.is_ascii() && p.email == p.email.to_lowercase(), "{}", p.email);
        assert!(p.email.is_empty() || p.email.contains('@'));
        for part in [&p.family, &p.given, &p.patronymic] {
            assert!(!part.contains(['/', ';']) && part.trim() == part.as_str(), "{}: {part:?}", p.code);
        }
        if p.country == "KZ" && !p.phone.is_empty() {
            assert!(p.phone.starts_with("+7 7") && p.phone.len() == "+7 701 234 56 78".len(), "{}", p.phone);
        }
    }
}

/// Run with `cargo test --release --lib io::sample -- --ignored --nocapture`.
#[test]
#[ignore = "timing, run in release"]
#[allow(clippy::print_stdout)] // an ignored timing run, read by whoever runs it
fn time_a_million() {
    let program = program();
    let start = std::time::Instant::now();
    let people = generate(1_000_000, 2016, &program);
    let generated = start.elapsed();
    let mut out = std::io::BufWriter::new(std::io::sink());
    write_csv(&people, &mut out).expect("write");
    let written = start.elapsed();
    let streamed_start = std::time::Instant::now();
    write_csv_stream(self::people(1_000_000, 2016, &program), std::io::sink()).expect("write");
    println!(
        "1M people: generate {generated:?}, + CSV {:?} (total {written:?}); streamed generate+CSV {:?}",
        written - generated,
        streamed_start.elapsed()
    );
}
