//! A ship-modelling class with three seats, two children signed up, at 15:02 on the first day,
//! for the host's-screen tests. Names mix Kazakh, Russian, CJK and a very long one.
#![allow(dead_code)]

#[path = "../common/mod.rs"]
mod common;

pub use common::*;

use checkin::domain::{AudienceRule, Category, Localized, PhotoConsent, Program, Session, SessionKind};
use checkin::station::Clock;
use checkin::station::Station;
use checkin::store::Store;
use checkin::tui::action::Action;
use checkin::tui::app::App;
use checkin::tui::desk::Desk;
use chrono::{DateTime, TimeZone, Utc};

pub const MC: &str = "mc-ships-1";

/// 15:02 in Astana: the class began two minutes ago.
pub fn class_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2016, 11, 21, 9, 2, 0).unwrap()
}

pub fn host_program() -> Program {
    let mut p = program();
    let t = |h: u32, m: u32| day1().and_hms_opt(h, m, 0).unwrap();
    p.sessions.push(Session {
        id: MC.into(),
        kind: SessionKind::MasterClass,
        title: Localized {
            kk: "Судомоделдеу шеберлік сыныбы".into(),
            ru: "Мастер-класс по судомоделированию".into(),
            en: "Ship modelling master class".into(),
        },
        room: "Оқушылар сарайы, Балалар ғылыми қалашығы — Судомоделдеу шеберханасы".into(),
        start: t(15, 0),
        end: t(16, 30),
        capacity: Some(3),
        audience: Some(AudienceRule { min_age: Some(10), max_age: Some(16), categories: vec![Category::Child] }),
        host: String::new(),
    });
    p
}

fn kid(code: &str, family: &str, given: &str, birth_year: u16) -> checkin::domain::Person {
    let mut p = person(code, family, given, Category::Child);
    p.birth_year = Some(birth_year);
    p.photo_consent = PhotoConsent::Yes;
    p
}

pub fn host_desk(tmp: &tempfile::TempDir) -> Desk {
    let store = Store::open(tmp.path(), "ships-door").unwrap();
    store.set_program(&host_program()).unwrap();
    let mut asel = kid("KZ-100001", "Омарова", "Асель", 2005);
    asel.sessions = vec![MC.into()];
    let mut long = kid("KZ-100002", "Әбдіқадыров-Сейітқасымов", "Нұрмұхаммед-Ғабдолла", 2004);
    long.sessions = vec![MC.into()];
    long.photo_consent = PhotoConsent::No;
    long.notes = "asthma inhaler".into();
    let mut people = people();
    people.extend([
        asel,
        long,
        kid("KZ-100003", "Ким", "Виктория", 2006),
        kid("KZ-100004", "王", "小明", 2005),
        kid("KZ-100005", "Иванов", "Максим", 2003),
    ]);
    store.import(&people).unwrap();
    Desk::new(Station::new(store, Clock::frozen(class_time()), "Dana").unwrap()).unwrap()
}

pub fn type_text(desk: &mut Desk, app: &mut App, text: &str) {
    for c in text.chars() {
        desk.dispatch(app, Action::Type(c));
    }
}
