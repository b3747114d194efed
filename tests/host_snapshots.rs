//! What the host's screen and the desk's sign-up window look like, at 80×24 and 120×40, in
//! Kazakh, Russian and English. Snapshots live in `tests/snapshots/`.

mod host_fixture;

use checkin::i18n::Lang;
use checkin::tui::action::Action;
use checkin::tui::app::App;
use checkin::tui::desk::Desk;
use checkin::tui::host::HostAction;
use host_fixture::{MC, host_desk, screen, type_text};

fn scan(desk: &mut Desk, app: &mut App, code: &str) {
    type_text(desk, app, code);
    desk.dispatch(app, Action::Host(HostAction::Submit));
}

const LANGS: [(Lang, &str); 3] = [(Lang::Kk, "kk"), (Lang::Ru, "ru"), (Lang::En, "en")];
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[test]
fn the_session_picker_in_every_language_and_size() {
    for (lang, tag) in LANGS {
        for (w, h) in SIZES {
            let tmp = tempfile::tempdir().unwrap();
            let mut desk = host_desk(&tmp);
            let mut app = App::new(lang);
            desk.dispatch(&mut app, Action::OpenHost { session: None });
            insta::assert_snapshot!(format!("host_picker_{tag}_{w}x{h}"), screen(&desk, &app, w, h));
        }
    }
}

#[test]
fn the_roster_after_a_scan_in_every_language_and_size() {
    for (lang, tag) in LANGS {
        for (w, h) in SIZES {
            let tmp = tempfile::tempdir().unwrap();
            let mut desk = host_desk(&tmp);
            let mut app = App::new(lang);
            desk.dispatch(&mut app, Action::OpenHost { session: Some(MC.into()) });
            scan(&mut desk, &mut app, "KZ-100002");
            insta::assert_snapshot!(format!("host_present_{tag}_{w}x{h}"), screen(&desk, &app, w, h));
        }
    }
}

#[test]
fn walk_in_full_and_whom_to_call() {
    for (lang, tag) in [(Lang::En, "en"), (Lang::Ru, "ru")] {
        let tmp = tempfile::tempdir().unwrap();
        let mut desk = host_desk(&tmp);
        let mut app = App::new(lang);
        desk.dispatch(&mut app, Action::OpenHost { session: Some(MC.into()) });
        scan(&mut desk, &mut app, "KZ-100003");
        insta::assert_snapshot!(format!("host_walk_in_{tag}_80x24"), screen(&desk, &app, 80, 24));
        desk.dispatch(&mut app, Action::Host(HostAction::Submit));
        scan(&mut desk, &mut app, "KZ-100004");
        insta::assert_snapshot!(format!("host_full_{tag}_80x24"), screen(&desk, &app, 80, 24));
        desk.dispatch(&mut app, Action::Host(HostAction::Submit));
        // Омарова Асель (signed up, absent) cancels: the waiting child is to be called.
        desk.station.cancel("KZ-100001", MC).unwrap();
        desk.dispatch(&mut app, Action::Host(HostAction::Refresh));
        insta::assert_snapshot!(format!("host_call_{tag}_120x40"), screen(&desk, &app, 120, 40));
    }
}

#[test]
fn a_no_show_frees_the_seat_for_the_first_waiting() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = App::new(Lang::En);
    desk.dispatch(&mut app, Action::OpenHost { session: Some(MC.into()) });
    scan(&mut desk, &mut app, "KZ-100002");
    scan(&mut desk, &mut app, "KZ-100003");
    desk.dispatch(&mut app, Action::Host(HostAction::Submit));
    desk.station.join_waitlist("KZ-100005", MC, &checkin::station::Consent::default()).unwrap();
    // 15:10: Омарова Асель, signed up, has not come; a master class waits 10 minutes.
    desk.station.use_clock(checkin::station::Clock::frozen(host_fixture::class_time() + chrono::Duration::minutes(8)));
    desk.dispatch(&mut app, Action::Host(HostAction::Refresh));
    insta::assert_snapshot!("host_no_show_en_80x24", screen(&desk, &app, 80, 24));
    scan(&mut desk, &mut app, "KZ-100005");
    insta::assert_snapshot!("host_called_en_80x24", screen(&desk, &app, 80, 24));
}

#[test]
fn a_signed_up_no_show_arriving_late() {
    for (lang, tag) in [(Lang::En, "en"), (Lang::Ru, "ru")] {
        let tmp = tempfile::tempdir().unwrap();
        let mut desk = host_desk(&tmp);
        let mut app = App::new(lang);
        desk.dispatch(&mut app, Action::OpenHost { session: Some(MC.into()) });
        // 15:10: Омарова Асель's seat is released; she arrives at 15:12.
        desk.station
            .use_clock(checkin::station::Clock::frozen(host_fixture::class_time() + chrono::Duration::minutes(10)));
        scan(&mut desk, &mut app, "KZ-100001");
        insta::assert_snapshot!(format!("host_released_{tag}_80x24"), screen(&desk, &app, 80, 24));
        desk.dispatch(&mut app, Action::Host(HostAction::Submit));
        insta::assert_snapshot!(format!("host_released_in_{tag}_80x24"), screen(&desk, &app, 80, 24));
    }
}

#[test]
fn an_adult_at_a_childrens_class_gets_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = App::new(Lang::Kk);
    desk.dispatch(&mut app, Action::OpenHost { session: Some(MC.into()) });
    scan(&mut desk, &mut app, "KZ-000002");
    insta::assert_snapshot!("host_warning_kk_80x24", screen(&desk, &app, 80, 24));
    desk.dispatch(&mut app, Action::Host(HostAction::Escape));
    desk.dispatch(&mut app, Action::Host(HostAction::Help));
    insta::assert_snapshot!("host_help_kk_80x24", screen(&desk, &app, 80, 24));
}

#[test]
fn the_desks_sign_up_window() {
    for (lang, tag) in [(Lang::Kk, "kk"), (Lang::En, "en")] {
        let tmp = tempfile::tempdir().unwrap();
        let mut desk = host_desk(&tmp);
        let mut app = App::new(lang);
        type_text(&mut desk, &mut app, "Иванов Максим");
        desk.dispatch(&mut app, Action::OpenSignUp);
        insta::assert_snapshot!(format!("signup_{tag}_80x24"), screen(&desk, &app, 80, 24));
    }
}
