//! The organisers' screens: on site now (F7) with check-out and the roll-call, the dashboard
//! (F9), and check-out from the desk (F10). Update tests against a real store, and insta
//! snapshots at 80×24 and 120×40 in Kazakh, Russian and English.

mod common;

use common::screen;

use checkin::domain::{AttendanceStatus, Category, EntryPoint, FactKind, PhotoConsent, ResponsibleAdult};
use checkin::i18n::Lang;
use checkin::station::Clock;
use checkin::station::Station;
use checkin::store::Store;
use checkin::sync::SyncStatus;
use checkin::tui::action::Action;
use checkin::tui::app::{App, Banner, Overlay, Screen};
use checkin::tui::checkout::{self, Notice};
use checkin::tui::dashboard;
use checkin::tui::desk::Desk;
use checkin::tui::keymap;
use checkin::tui::onsite;
use chrono::Duration;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const DELEGATION: &str = "Ақтөбе облысы — 1";

/// The organisers' passphrase of the folders below.
const PASSPHRASE: &str = "Астана 2016 балаға";

/// The shared people, plus a delegation (chaperone with a phone, two children, one with a
/// mother as responsible adult) and a long Kazakh name; `clock_minutes` after 09:00.
fn desk_at(tmp: &tempfile::TempDir, clock_minutes: i64) -> Desk {
    let dir = tmp.path().join("data");
    let store = Store::open(&dir, "exit-1").unwrap();
    store.set_program(&common::program()).unwrap();
    let mut people = common::people();
    let mut chaperone = common::person("KZ-000020", "Тоқаева", "Гаухар", Category::Chaperone);
    chaperone.patronymic = "Мұратқызы".into();
    chaperone.delegation = DELEGATION.into();
    chaperone.phone = "+7 747 854 79 70".into();
    chaperone.region = "Ақтөбе облысы".into();
    chaperone.country = "KZ".into();
    let mut asel = common::person("KZ-000021", "Омарова", "Асель", Category::Child);
    asel.delegation = DELEGATION.into();
    asel.region = "Ақтөбе облысы".into();
    asel.country = "KZ".into();
    asel.birth_year = Some(2006);
    asel.notes = "allergy: nuts".into();
    asel.responsible_adults = vec![ResponsibleAdult {
        name: "Омарова Сәуле".into(),
        phone: "+7 701 000 00 01".into(),
        relation: "mother".into(),
    }];
    let mut long = common::person("KZ-000022", "Әбдіқадыров-Сейітқасымов", "Нұрмұхаммед-Ғабдолла", Category::Child);
    long.delegation = DELEGATION.into();
    long.birth_year = Some(2004);
    long.photo_consent = PhotoConsent::No;
    people.extend([chaperone, asel, long]);
    store.import(&people).unwrap();
    store.set_organiser_passphrase(PASSPHRASE).unwrap();
    let clock = Clock::frozen(common::morning() + Duration::minutes(clock_minutes));
    Desk::new(Station::new(store, clock, "Dana").unwrap()).unwrap()
}

fn desk(tmp: &tempfile::TempDir) -> Desk {
    desk_at(tmp, 0)
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn press(desk: &mut Desk, app: &mut App, code: KeyCode) {
    if let Some(action) = keymap::resolve(key(code), app) {
        desk.dispatch(app, action);
    }
}

fn type_text(desk: &mut Desk, app: &mut App, text: &str) {
    for c in text.chars() {
        press(desk, app, KeyCode::Char(c));
    }
}

/// Checks these codes in at the desk, one by one.
fn arrive(desk: &mut Desk, app: &mut App, codes: &[&str]) {
    for code in codes {
        type_text(desk, app, code);
        press(desk, app, KeyCode::Enter);
    }
    app.banner = None;
}

fn status(desk: &Desk, code: &str) -> AttendanceStatus {
    desk.station.state().status(&EntryPoint::Venue(common::day1()), code)
}

fn check_outs(desk: &Desk) -> Vec<(String, Option<String>, Option<String>)> {
    desk.station
        .folder()
        .facts()
        .map(Result::unwrap)
        .filter_map(|f| match f.kind {
            FactKind::CheckedOut { code, collected_by, note, .. } => Some((code, collected_by, note)),
            _ => None,
        })
        .collect()
}

#[test]
fn f7_and_f9_switch_screens_and_esc_comes_back_to_the_desk() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::En);
    press(&mut desk, &mut app, KeyCode::F(7));
    assert_eq!(app.screen, Screen::OnSite);
    press(&mut desk, &mut app, KeyCode::F(9));
    assert_eq!(app.screen, Screen::Dashboard);
    press(&mut desk, &mut app, KeyCode::Tab);
    assert_eq!(app.dashboard.page, dashboard::Page::Who);
    press(&mut desk, &mut app, KeyCode::Char('r'));
    assert!(app.dashboard.show_names);
    press(&mut desk, &mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Desk);
    assert!(!app.dashboard.show_names, "names revealed once are hidden when the big screen comes back");
    // The Ctrl alternatives, and the same key again goes back.
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    assert_eq!(keymap::resolve(ctrl('d'), &app), Some(Action::Show(Screen::Dashboard)));
    assert_eq!(keymap::resolve(ctrl('t'), &app), Some(Action::Show(Screen::OnSite)));
    assert_eq!(keymap::resolve(ctrl('e'), &app), Some(Action::OpenHost { session: None }), "Ctrl+E is the host's");
    assert_eq!(keymap::resolve(ctrl('x'), &app), Some(Action::CheckOut(checkout::Msg::Begin)));
    press(&mut desk, &mut app, KeyCode::F(7));
    // The help opens on every screen; letters typed there do not leak into the desk's search.
    press(&mut desk, &mut app, KeyCode::F(1));
    press(&mut desk, &mut app, KeyCode::Char('a'));
    assert!(matches!(app.overlay, Some(Overlay::Help)) && app.query.is_empty());
    press(&mut desk, &mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    press(&mut desk, &mut app, KeyCode::F(7));
    assert_eq!(app.screen, Screen::Desk);
}

#[test]
fn an_adult_checks_out_with_one_key_and_can_come_back_in() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::En);
    arrive(&mut desk, &mut app, &["KZ-000003", "KZ-000021"]);
    press(&mut desk, &mut app, KeyCode::F(7));
    assert_eq!(app.onsite.rows, ["KZ-000021", "KZ-000003"], "the delegation first, then people on their own");
    type_text(&mut desk, &mut app, "muller");
    assert_eq!(app.onsite.rows, ["KZ-000003"], "the filter folds scripts and diacritics");
    press(&mut desk, &mut app, KeyCode::Enter);
    assert_eq!(
        app.banner,
        Some(Banner::Safeguarding(Notice::Out { code: "KZ-000003".into(), collected_by: None, overridden: false }))
    );
    assert!(matches!(status(&desk, "KZ-000003"), AttendanceStatus::Out { .. }));
    assert_eq!(app.onsite.rows, ["KZ-000021"], "the list is refreshed and the filter cleared");

    // Enter again on the desk: a new check-in.
    press(&mut desk, &mut app, KeyCode::Esc);
    press(&mut desk, &mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Desk);
    arrive(&mut desk, &mut app, &["KZ-000003"]);
    assert!(matches!(status(&desk, "KZ-000003"), AttendanceStatus::In { .. }));
}

#[test]
fn a_minor_goes_only_to_an_authorised_adult_unless_an_organiser_overrides() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::Ru);
    arrive(&mut desk, &mut app, &["KZ-000021", "KZ-000022", "KZ-000020"]);

    // From the desk: F10 on the highlighted child opens the list of authorised adults.
    type_text(&mut desk, &mut app, "omarova");
    press(&mut desk, &mut app, KeyCode::F(10));
    let Some(Overlay::CheckOut(dialog)) = &app.overlay else { panic!("no check-out window: {:?}", app.banner) };
    let names: Vec<&str> = dialog.authorised.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Омарова Сәуле", "Тоқаева Гаухар Мұратқызы"]);
    assert!(check_outs(&desk).is_empty(), "nothing is written before someone is picked");

    // Nothing is chosen until the volunteer moves: Enter alone releases nobody.
    press(&mut desk, &mut app, KeyCode::Enter);
    assert!(matches!(&app.overlay, Some(Overlay::CheckOut(d)) if d.problem.is_some()));
    assert!(check_outs(&desk).is_empty());

    // Someone else, without a reason: the form stays open on the reason, nothing recorded, and
    // what is typed next goes into it (not into a search that could check a stranger in).
    press(&mut desk, &mut app, KeyCode::Up);
    press(&mut desk, &mut app, KeyCode::Enter);
    type_text(&mut desk, &mut app, "Петров Пётр");
    press(&mut desk, &mut app, KeyCode::Enter);
    let Some(Overlay::CheckOut(d)) = &app.overlay else { panic!("the form closed: {:?}", app.banner) };
    assert_eq!((d.other.as_ref().map(|o| o.focus), d.problem), (Some(1), Some(checkin::i18n::T::CheckOutNeedsReason)));
    type_text(&mut desk, &mut app, "x");
    let Some(Overlay::CheckOut(d)) = &app.overlay else { panic!("the form closed") };
    assert_eq!(d.other.as_ref().map(|o| o.reason.as_str()), Some("x"));
    // With a reason but no organiser: open on the organiser's field.
    press(&mut desk, &mut app, KeyCode::Enter);
    let Some(Overlay::CheckOut(d)) = &app.overlay else { panic!("the form closed") };
    assert_eq!(d.other.as_ref().map(|o| o.focus), Some(2));
    press(&mut desk, &mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    assert!(check_outs(&desk).is_empty());
    assert!(matches!(status(&desk, "KZ-000021"), AttendanceStatus::In { .. }));
    press(&mut desk, &mut app, KeyCode::Esc); // and the search box

    // The chaperone, picked from the list after checking ID.
    type_text(&mut desk, &mut app, "KZ-000021");
    press(&mut desk, &mut app, KeyCode::F(10));
    press(&mut desk, &mut app, KeyCode::Down);
    press(&mut desk, &mut app, KeyCode::Down);
    press(&mut desk, &mut app, KeyCode::Enter);
    assert_eq!(
        app.banner,
        Some(Banner::Safeguarding(Notice::Out {
            code: "KZ-000021".into(),
            collected_by: Some("Тоқаева Гаухар Мұратқызы".into()),
            overridden: false
        }))
    );
    assert_eq!(check_outs(&desk), [("KZ-000021".into(), Some("Тоқаева Гаухар Мұратқызы".into()), None)]);

    // From the on-site screen: the other child, to someone else with an organiser's reason.
    press(&mut desk, &mut app, KeyCode::F(7));
    type_text(&mut desk, &mut app, "Нұрмұх");
    press(&mut desk, &mut app, KeyCode::Enter);
    press(&mut desk, &mut app, KeyCode::Up);
    press(&mut desk, &mut app, KeyCode::Enter);
    type_text(&mut desk, &mut app, "Сейітова Гүлмира");
    press(&mut desk, &mut app, KeyCode::Tab);
    type_text(&mut desk, &mut app, "aunt, ID and call to the mother");
    press(&mut desk, &mut app, KeyCode::Tab);
    // A volunteer's own badge is no organiser's word: refused by the writer, the form stays.
    type_text(&mut desk, &mut app, "KZ-000003");
    press(&mut desk, &mut app, KeyCode::Enter);
    let Some(Overlay::CheckOut(d)) = &app.overlay else { panic!("the form closed: {:?}", app.banner) };
    assert_eq!(d.refused.as_deref(), Some("KZ-000003 is not an organiser's badge"));
    assert_eq!(check_outs(&desk).len(), 1, "nothing more recorded");
    type_text(&mut desk, &mut app, PASSPHRASE);
    let snapshot = screen(&desk, &app, 80, 24);
    assert!(!snapshot.contains("Астана 2016"), "the passphrase is never shown");
    insta::assert_snapshot!("checkout_override_ru_80x24", snapshot);
    press(&mut desk, &mut app, KeyCode::Enter);
    assert!(
        matches!(&app.banner, Some(Banner::Safeguarding(Notice::Out { overridden: true, .. }))),
        "{:?}",
        app.banner
    );
    let last = check_outs(&desk).pop().unwrap();
    assert_eq!(last.1.as_deref(), Some("Сейітова Гүлмира"));
    assert_eq!(
        last.2.as_deref(),
        Some("organiser override: [organiser: passphrase] aunt, ID and call to the mother"),
        "who vouched is recorded, never the passphrase"
    );
    let facts: Vec<_> = desk.station.folder().facts().map(Result::unwrap).collect();
    let fact = facts.last().unwrap();
    assert_eq!((fact.station.as_str(), fact.operator.as_str()), ("exit-1", "Dana"));
}

#[test]
fn someone_not_on_site_is_not_checked_out_and_the_roll_call_lands_next_to_the_data() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::En);
    type_text(&mut desk, &mut app, "KZ-000005");
    press(&mut desk, &mut app, KeyCode::F(10));
    assert_eq!(app.banner, Some(Banner::Safeguarding(Notice::NotIn { code: "KZ-000005".into() })));
    press(&mut desk, &mut app, KeyCode::Esc);

    arrive(&mut desk, &mut app, &["KZ-000021", "KZ-000020"]);
    press(&mut desk, &mut app, KeyCode::F(7));
    let ctrl_p = KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL);
    let action = keymap::resolve(ctrl_p, &app).unwrap();
    assert_eq!(action, Action::OnSite(onsite::Msg::WriteRollCall));
    desk.dispatch(&mut app, action);
    let Some(Banner::Safeguarding(Notice::RollCall { html, csv, people })) = app.banner.clone() else {
        panic!("{:?}", app.banner)
    };
    assert_eq!(people, 2);
    assert!(
        html.starts_with(tmp.path().to_str().unwrap()) && html.ends_with("rollcall-2016-11-21-0900.html"),
        "{html}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&html).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "children's names and phones: readable by the station's user only");
    }
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("+7 747 854 79 70") && page.contains(DELEGATION));
    assert!(!page.contains("allergy"), "notes never leave on a roll-call");
    assert!(std::fs::read(&csv).unwrap().starts_with(b"\xEF\xBB\xBF"));
}

#[test]
fn a_mistaken_check_out_is_undone_after_asking_and_stays_in_the_log() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::Kk);
    arrive(&mut desk, &mut app, &["KZ-000003"]);
    press(&mut desk, &mut app, KeyCode::F(7));
    press(&mut desk, &mut app, KeyCode::F(10));
    let out = check_outs(&desk);
    assert_eq!(out.len(), 1, "one key checked the highlighted adult out");
    let gone = out[0].0.clone();

    let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
    let undo = keymap::resolve(ctrl_z, &app).unwrap();
    desk.dispatch(&mut app, undo);
    assert!(matches!(&app.overlay, Some(Overlay::UndoCheckOut { code, .. }) if *code == gone));
    press(&mut desk, &mut app, KeyCode::Esc);
    assert!(matches!(status(&desk, &gone), AttendanceStatus::Out { .. }), "Esc keeps the check-out");

    // From the desk, F8 with nobody here to un-check-in offers the same undo.
    press(&mut desk, &mut app, KeyCode::Esc);
    press(&mut desk, &mut app, KeyCode::F(8));
    assert!(matches!(&app.overlay, Some(Overlay::UndoCheckOut { .. })), "{:?}", app.overlay);
    press(&mut desk, &mut app, KeyCode::Enter);
    assert_eq!(app.banner, Some(Banner::Safeguarding(Notice::OutUndone { code: gone.clone() })));
    assert!(matches!(status(&desk, &gone), AttendanceStatus::In { .. }), "on site again");
    let facts: Vec<_> = desk.station.folder().facts().map(Result::unwrap).collect();
    assert!(
        matches!(&facts.last().unwrap().kind, FactKind::Annulled { reason: Some(r), .. } if r.contains("check-out"))
    );
    assert_eq!(check_outs(&desk).len(), 1, "the check-out itself stays in the log");
    // Back in, so the next undo is that of their check-in, as before.
    press(&mut desk, &mut app, KeyCode::F(8));
    assert!(matches!(&app.overlay, Some(Overlay::ConfirmUndo { code, .. }) if *code == gone), "{:?}", app.overlay);
}

#[test]
fn the_status_bar_counts_who_is_on_site_on_every_screen() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::En);
    arrive(&mut desk, &mut app, &["KZ-000021", "KZ-000020", "KZ-000003"]);
    desk.dispatch(&mut app, Action::CheckOut(checkout::Msg::Begin));
    for target in [Screen::Desk, Screen::OnSite, Screen::Dashboard] {
        app.screen = target.clone();
        let shown = screen(&desk, &app, 120, 40);
        assert!(shown.contains("on site 3"), "{target:?}:\n{shown}");
    }
}

/// Three arrivals over half an hour, one check-out, for the screens below.
fn busy_desk(tmp: &tempfile::TempDir, app: &mut App) -> Desk {
    let mut early = desk_at(tmp, 0);
    arrive(&mut early, app, &["KZ-000020", "KZ-000021", "KZ-000022"]);
    drop(early);
    let mut later = desk_at(tmp, 35);
    arrive(&mut later, app, &["KZ-000003", "KZ-000004", "KZ-000001"]);
    type_text(&mut later, app, "KZ-000004");
    press(&mut later, app, KeyCode::F(10));
    app.banner = None;
    later
}

#[test]
fn snapshots_of_the_on_site_screen_and_the_dashboard() {
    for (lang, tag) in [(Lang::Kk, "kk"), (Lang::En, "en"), (Lang::Ru, "ru")] {
        let tmp = tempfile::tempdir().unwrap();
        let mut app = App::new(lang);
        let mut desk = busy_desk(&tmp, &mut app);
        for (w, h) in [(80, 24), (120, 40)] {
            app.screen = Screen::Desk;
            press(&mut desk, &mut app, KeyCode::F(7));
            insta::assert_snapshot!(format!("onsite_{tag}_{w}x{h}"), screen(&desk, &app, w, h));
            press(&mut desk, &mut app, KeyCode::F(9));
            app.dashboard = Default::default();
            insta::assert_snapshot!(format!("dashboard_{tag}_{w}x{h}"), screen(&desk, &app, w, h));
            if tag != "ru" {
                press(&mut desk, &mut app, KeyCode::Tab);
                insta::assert_snapshot!(format!("dashboard_who_{tag}_{w}x{h}"), screen(&desk, &app, w, h));
                press(&mut desk, &mut app, KeyCode::Tab);
            }
        }
    }
    // Names only on request; never notes.
    let tmp = tempfile::tempdir().unwrap();
    let mut app = App::new(Lang::En);
    let mut desk = busy_desk(&tmp, &mut app);
    press(&mut desk, &mut app, KeyCode::F(9));
    let hidden = screen(&desk, &app, 120, 40);
    assert!(!hidden.contains("Омарова") && !hidden.contains("allergy"), "{hidden}");
    press(&mut desk, &mut app, KeyCode::Char('R'));
    let shown = screen(&desk, &app, 120, 40);
    assert!(shown.contains("Смағұлова") && !shown.contains("allergy"), "{shown}");
    insta::assert_snapshot!("dashboard_names_en_120x40", shown);

    // The check-out window for a minor, at both sizes.
    press(&mut desk, &mut app, KeyCode::Esc);
    press(&mut desk, &mut app, KeyCode::F(7));
    type_text(&mut desk, &mut app, "KZ-000021");
    press(&mut desk, &mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Some(Overlay::CheckOut(_))));
    insta::assert_snapshot!("checkout_list_en_80x24", screen(&desk, &app, 80, 24));
    insta::assert_snapshot!("checkout_list_en_120x40", screen(&desk, &app, 120, 40));
}

#[test]
fn a_badge_scanned_while_the_collector_list_is_open_releases_nobody_but_their_own_adult() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::En);
    arrive(&mut desk, &mut app, &["KZ-000021", "KZ-000022", "KZ-000020"]);
    press(&mut desk, &mut app, KeyCode::F(7));
    type_text(&mut desk, &mut app, "KZ-000021");
    press(&mut desk, &mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Some(Overlay::CheckOut(_))), "{:?}", app.banner);
    // The next child's badge arrives from the scanner: Asel is not released to anybody.
    type_text(&mut desk, &mut app, "KZ-000022");
    press(&mut desk, &mut app, KeyCode::Enter);
    assert!(check_outs(&desk).is_empty());
    assert!(matches!(&app.overlay, Some(Overlay::CheckOut(d)) if d.problem.is_some() && d.typed.is_empty()));
    // The chaperone's own badge selects her.
    type_text(&mut desk, &mut app, "kz-000020");
    press(&mut desk, &mut app, KeyCode::Enter);
    assert_eq!(check_outs(&desk), [("KZ-000021".into(), Some("Тоқаева Гаухар Мұратқызы".into()), None)]);
}

#[test]
fn a_stray_enter_on_the_on_site_screen_checks_nobody_out() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::Kk);
    arrive(&mut desk, &mut app, &["KZ-000002", "KZ-000003", "KZ-000005"]);
    press(&mut desk, &mut app, KeyCode::F(7));
    type_text(&mut desk, &mut app, "Иванова");
    press(&mut desk, &mut app, KeyCode::Enter);
    assert_eq!(check_outs(&desk).len(), 1, "the typed adult leaves with one key");
    // The filter is cleared for the next person; another Enter must not release the first row.
    press(&mut desk, &mut app, KeyCode::Enter);
    press(&mut desk, &mut app, KeyCode::Enter);
    assert_eq!(check_outs(&desk).len(), 1);
    assert!(matches!(app.banner, Some(Banner::Info(_))));
    // F10 is the explicit key for the highlighted row.
    press(&mut desk, &mut app, KeyCode::F(10));
    assert_eq!(check_outs(&desk).len(), 2);
}

#[test]
fn the_help_on_each_screen_lists_that_screens_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::En);
    press(&mut desk, &mut app, KeyCode::F(7));
    press(&mut desk, &mut app, KeyCode::F(1));
    let shown = screen(&desk, &app, 100, 30);
    assert!(shown.contains("write the roll-call") && shown.contains("Enter checks them out"), "{shown}");
    assert!(!shown.contains("check in the highlighted person"), "not the desk's help:\n{shown}");
    press(&mut desk, &mut app, KeyCode::Esc);
    press(&mut desk, &mut app, KeyCode::F(9));
    press(&mut desk, &mut app, KeyCode::F(1));
    let shown = screen(&desk, &app, 100, 30);
    assert!(shown.contains("Tab / ← →") && shown.contains("latest arrivals' names"), "{shown}");
}

#[test]
fn checking_out_the_last_chaperone_of_children_on_site_asks_first_and_records_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::En);
    arrive(&mut desk, &mut app, &["KZ-000021", "KZ-000022", "KZ-000020"]);
    type_text(&mut desk, &mut app, "KZ-000020");
    press(&mut desk, &mut app, KeyCode::F(10));
    let children = vec!["KZ-000021".to_owned(), "KZ-000022".to_owned()];
    assert_eq!(app.overlay, Some(Overlay::LastAdult(checkout::LastAdult::new("KZ-000020".into(), children))));
    assert!(check_outs(&desk).is_empty(), "nothing written while asking");
    for (lang, tag) in [(Lang::Kk, "kk"), (Lang::Ru, "ru"), (Lang::En, "en")] {
        app.lang = lang;
        insta::assert_snapshot!(format!("last_adult_{tag}_80x24"), screen(&desk, &app, 80, 24));
    }
    app.lang = Lang::En;

    // A volunteer's Enter is not enough; nor is a child's badge; Esc keeps the chaperone on site.
    press(&mut desk, &mut app, KeyCode::Enter);
    assert!(matches!(&app.overlay, Some(Overlay::LastAdult(q)) if q.problem.is_some()));
    type_text(&mut desk, &mut app, "KZ-000021");
    press(&mut desk, &mut app, KeyCode::Enter);
    assert!(
        matches!(&app.overlay, Some(Overlay::LastAdult(q)) if q.problem.as_deref() == Some("KZ-000021 is not an organiser's badge")),
        "{:?}",
        app.overlay
    );
    type_text(&mut desk, &mut app, "not the passphrase");
    press(&mut desk, &mut app, KeyCode::Enter);
    assert!(
        matches!(&app.overlay, Some(Overlay::LastAdult(q)) if q.problem.as_deref() == Some("that is not the organisers' passphrase"))
    );
    press(&mut desk, &mut app, KeyCode::Esc);
    assert_eq!(app.overlay, None);
    assert!(matches!(status(&desk, "KZ-000020"), AttendanceStatus::In { .. }));
    assert!(check_outs(&desk).is_empty());

    // Asked again, the organisers' passphrase and Enter check her out, and the fact says why.
    type_text(&mut desk, &mut app, "KZ-000020");
    press(&mut desk, &mut app, KeyCode::F(10));
    assert!(matches!(app.overlay, Some(Overlay::LastAdult(_))));
    type_text(&mut desk, &mut app, PASSPHRASE);
    press(&mut desk, &mut app, KeyCode::Enter);
    assert!(matches!(status(&desk, "KZ-000020"), AttendanceStatus::Out { .. }));
    assert_eq!(
        check_outs(&desk),
        [(
            "KZ-000020".to_owned(),
            None,
            Some("children left without an adult: [organiser: passphrase] organiser's decision at the desk".to_owned())
        )]
    );

    // The children are flagged on the on-site screen and the dashboard.
    press(&mut desk, &mut app, KeyCode::F(7));
    app.banner = None;
    for (lang, tag) in [(Lang::Kk, "kk"), (Lang::Ru, "ru"), (Lang::En, "en")] {
        app.lang = lang;
        insta::assert_snapshot!(format!("onsite_no_adult_{tag}_80x24"), screen(&desk, &app, 80, 24));
    }
    app.lang = Lang::En;
    assert!(screen(&desk, &app, 80, 24).contains("2 children with no adult on site"));
    press(&mut desk, &mut app, KeyCode::F(9));
    assert!(
        screen(&desk, &app, 120, 40).contains("2 children with no adult on site"),
        "{}",
        screen(&desk, &app, 120, 40)
    );
}

#[test]
fn a_child_let_in_while_none_of_their_adults_is_here_is_flagged_on_the_banner() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::En);
    type_text(&mut desk, &mut app, "KZ-000021");
    press(&mut desk, &mut app, KeyCode::Enter);
    assert_eq!(app.banner, Some(Banner::CheckedIn { code: "KZ-000021".into() }));
    for (lang, tag) in [(Lang::Kk, "kk"), (Lang::Ru, "ru"), (Lang::En, "en")] {
        app.lang = lang;
        insta::assert_snapshot!(format!("checked_in_no_adult_{tag}_80x24"), screen(&desk, &app, 80, 24));
    }
    app.lang = Lang::En;
    assert!(screen(&desk, &app, 80, 24).contains("no adult of theirs on site"));
    // With her chaperone here, no flag.
    arrive(&mut desk, &mut app, &["KZ-000020", "KZ-000022"]);
    app.banner = Some(Banner::CheckedIn { code: "KZ-000022".into() });
    assert!(!screen(&desk, &app, 80, 24).contains("no adult of theirs on site"));
}

#[test]
fn the_roll_call_page_its_sheets_and_the_dashboard_say_how_complete_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::En);
    arrive(&mut desk, &mut app, &["KZ-000021"]);
    // The folder's syncing window hears desk-2 but has not heard door-robotics for 20 minutes.
    let now = chrono::Utc::now();
    let hex = |b: u8| format!("{b:02x}").repeat(32);
    let mut status = SyncStatus { at: Some(now), key: Some([9; 32]), station: "exit-1".into(), ..Default::default() };
    status.members = vec![("exit-1".into(), hex(9)), ("desk-2".into(), hex(1)), ("door-robotics".into(), hex(2))];
    let desk2 = status.peer_mut(&[1; 32]);
    desk2.station = "desk-2".into();
    desk2.last_heard = Some(now - Duration::seconds(3));
    let door = status.peer_mut(&[2; 32]);
    door.station = "door-robotics".into();
    door.last_heard = Some(now - Duration::minutes(20));
    status.write(&tmp.path().join("data")).unwrap();
    // What the event loop does on every tick.
    app.network = desk.station.reach();
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&desk.station.offset()).format("%H:%M").to_string();
    let expected = format!(
        "as of {} — 2 of 3 stations heard within a minute; door-robotics last heard {}",
        local(now),
        local(now - Duration::minutes(20))
    );

    press(&mut desk, &mut app, KeyCode::F(7));
    let shown = screen(&desk, &app, 120, 40);
    assert!(shown.contains(&expected), "{shown}");
    app.lang = Lang::Ru;
    let shown = screen(&desk, &app, 120, 40);
    assert!(shown.contains("за последнюю минуту на связи 2 из 3 стоек; door-robotics: последняя связь в"), "{shown}");
    app.lang = Lang::Kk;
    assert!(screen(&desk, &app, 120, 40).contains("соңғы минутта 3 бекеттің 2 байланыста болды"));
    app.lang = Lang::En;
    press(&mut desk, &mut app, KeyCode::F(9));
    let dashboard = screen(&desk, &app, 120, 40);
    assert!(dashboard.contains(&expected), "the dashboard says it in the same words:\n{dashboard}");

    press(&mut desk, &mut app, KeyCode::Esc);
    press(&mut desk, &mut app, KeyCode::F(7));
    let ctrl_p = KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL);
    let action = keymap::resolve(ctrl_p, &app).unwrap();
    desk.dispatch(&mut app, action);
    let Some(Banner::Safeguarding(Notice::RollCall { html, csv, .. })) = app.banner.clone() else {
        panic!("{:?}", app.banner)
    };
    assert!(std::fs::read_to_string(&html).unwrap().contains(&expected));
    let sheet = std::fs::read_to_string(&csv).unwrap();
    let mut lines = sheet.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some(expected.as_str()), "the sheet starts with how complete it is");
    assert!(lines.next().unwrap().starts_with("delegation,"), "then the header");
    assert!(lines.next().unwrap().contains("KZ-000021"));

    let xlsx = tmp.path().join("onsite.xlsx");
    let written = desk.station.write_roll_call(&xlsx, checkin::station::Format::Xlsx, Lang::En, None).unwrap();
    assert_eq!(written, 1);
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range("on site").unwrap();
    assert_eq!(range.get_value((0, 0)).map(ToString::to_string), Some(expected.clone()));
    assert_eq!(range.get_value((1, 0)).map(ToString::to_string).as_deref(), Some("delegation"));
}

#[test]
fn an_event_of_one_laptop_has_no_as_of_line_on_its_roll_call() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::En);
    arrive(&mut desk, &mut app, &["KZ-000021"]);
    let csv = tmp.path().join("onsite.csv");
    desk.station.write_roll_call(&csv, checkin::station::Format::Csv, Lang::En, None).unwrap();
    let sheet = std::fs::read_to_string(&csv).unwrap();
    assert!(sheet.trim_start_matches('\u{feff}').starts_with("delegation,"), "{sheet}");
}

#[test]
fn the_dashboard_lists_a_person_two_stations_apart_both_let_in() {
    let tmp = tempfile::tempdir().unwrap();
    let mut app = App::new(Lang::En);
    drop(desk(&tmp));
    // desk-b joins the event on another laptop, is cut off, and lets her in at 09:05.
    let t = common::morning();
    let mut here = Store::open(&tmp.path().join("data"), "exit-1").unwrap();
    let mut there = Store::open(&tmp.path().join("desk-b"), "desk-b").unwrap();
    there.import(&here.people().unwrap().to_vec()).unwrap();
    let ticket = [7; 32];
    here.record(t, "org", FactKind::Invited { station: "desk-b".into(), ticket, expires: t + Duration::hours(1) })
        .unwrap();
    here.record(t, "org", FactKind::Admitted { station: "desk-b".into(), key: there.station_key(), ticket }).unwrap();
    there.adopt_event(here.event().clone()).unwrap();
    let signed = |s: &Store| s.signed_facts().map(|r| r.unwrap().1).collect::<Vec<_>>();
    there.ingest(&signed(&here), "exit-1", t).unwrap();
    let venue = EntryPoint::Venue(common::day1());
    there
        .record(
            t + Duration::minutes(5),
            "op",
            FactKind::CheckedIn { code: "KZ-000021".into(), entry: venue, note: None },
        )
        .unwrap();
    drop(here);
    // Here, not knowing, the exit desk let her in at 09:00; then desk-b's facts arrive.
    let mut desk = desk(&tmp);
    arrive(&mut desk, &mut app, &["KZ-000021"]);
    drop(desk);
    let mut here = Store::open(&tmp.path().join("data"), "exit-1").unwrap();
    let got = here.ingest(&signed(&there), "desk-b", t).unwrap();
    assert!(got.refused.is_empty(), "{got:?}");
    drop((here, there));

    let mut desk = desk_at(&tmp, 30);
    press(&mut desk, &mut app, KeyCode::F(9));
    let shown = screen(&desk, &app, 120, 40);
    assert!(shown.contains("admitted twice: KZ-000021 — 09:00 exit-1, again 09:05 desk-b"), "{shown}");
    assert!(shown.contains("On site 1"), "counted once:\n{shown}");
}
