//! Fixtures shared by the integration tests: a small programme and a handful of people whose
//! names exercise Kazakh, Russian, Latin-with-diacritics and CJK spellings.
#![allow(dead_code)]

use checkin::domain::{Category, Localized, Person, Program, ResponsibleAdult, Session, SessionKind};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub fn day1() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 11, 21).unwrap()
}

/// 09:00 in Astana on the first day.
pub fn morning() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2016, 11, 21, 3, 0, 0).unwrap()
}

pub fn program() -> Program {
    let t = |h: u32| day1().and_hms_opt(h, 0, 0).unwrap();
    Program {
        name: Localized {
            kk: "Балаға мейірімді Қазақстан".into(),
            ru: "Казахстан, дружественный к детям".into(),
            en: "Child-friendly Kazakhstan".into(),
        },
        venue: Localized::default(),
        utc_offset: "+06:00".parse().unwrap(),
        days: vec![day1(), day1().succ_opt().unwrap()],
        sessions: vec![Session {
            id: "mc-robotics-1".into(),
            kind: SessionKind::MasterClass,
            title: Localized {
                kk: "Робототехника".into(), ru: "Робототехника".into(), en: "Robotics".into()
            },
            room: "Science town 1".into(),
            start: t(11),
            end: t(13),
            capacity: Some(20),
            audience: None,
            host: String::new(),
        }],
    }
}

pub fn person(code: &str, family: &str, given: &str, category: Category) -> Person {
    Person { code: code.into(), family: family.into(), given: given.into(), category, ..Default::default() }
}

pub fn people() -> Vec<Person> {
    let mut child = person("KZ-000001", "Смағұлова", "Гүлнар", Category::Child);
    child.patronymic = "Серікқызы".into();
    child.birth_year = Some(2005);
    child.delegation = "Қарағанды облысы".into();
    child.responsible_adults = vec![ResponsibleAdult {
        name: "Ахметов Марат".into(),
        phone: "+7 701 555 0101".into(),
        relation: "chaperone".into(),
    }];
    child.sessions = vec!["mc-robotics-1".into()];
    vec![
        child,
        person("KZ-000002", "Ахметов", "Марат", Category::Chaperone),
        person("KZ-000003", "Müller", "Jürgen", Category::InternationalOrg),
        person("KZ-000004", "王", "芳", Category::Press),
        person("KZ-000005", "Иванова", "Наталья", Category::StateBody),
    ]
}

/// Runs the real binary on `data` with `global` options, then `args`, feeding it `stdin`; the
/// interface language is English unless `global` says otherwise. Fails the test on a panic.
pub fn run_checkin(data: &Path, global: &[&str], args: &[&str], stdin: &str) -> Output {
    run_checkin_env(data, global, args, stdin, &[])
}

/// As [`run_checkin`], with these environment variables set for the child.
pub fn run_checkin_env(data: &Path, global: &[&str], args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_checkin"))
        .arg("--data")
        .arg(data)
        .args(global)
        .args(args)
        .env_remove("CHECKIN_DATA")
        .env_remove("CHECKIN_ORGANISER_PASSPHRASE")
        .envs(env.iter().copied())
        .env("CHECKIN_LANG", "en")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "a panic reached the user: {stderr}");
    out
}

/// The whole screen as text, drawn at `width`×`height` exactly as the terminal would show it.
pub fn screen(desk: &checkin::tui::desk::Desk, app: &checkin::tui::app::App, width: u16, height: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| {
            checkin::tui::view::draw(f, app, desk);
        })
        .unwrap();
    terminal.backend().to_string()
}

/// A copy of the folder `from` at `to`, as someone copying a data folder would make it.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
