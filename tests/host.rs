//! The host's screen and the desk's sign-up window, driven like a host: keys → actions →
//! update → effects → a real store.

mod host_fixture;

use checkin::domain::{AttendanceStatus, EntryPoint, FactKind};
use checkin::i18n::Lang;
use checkin::tui::action::Action;
use checkin::tui::app::{App, Overlay, Screen};
use checkin::tui::desk::Desk;
use checkin::tui::host::{Host, HostAction, HostBanner, Prompt};
use checkin::tui::keymap;
use checkin::tui::signup::SignUpAction;
use host_fixture::{MC, host_desk, type_text};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

fn host(app: &App) -> &Host {
    match &app.screen {
        Screen::Host(h) => h,
        other => panic!("not the host's screen: {other:?}"),
    }
}

fn at_class(desk: &mut Desk, lang: Lang) -> App {
    let mut app = App::new(lang);
    desk.dispatch(&mut app, Action::OpenHost { session: Some(MC.into()) });
    app
}

fn scan(desk: &mut Desk, app: &mut App, code: &str) {
    type_text(desk, app, code);
    desk.dispatch(app, Action::Host(HostAction::Submit));
}

fn status(desk: &Desk, code: &str) -> AttendanceStatus {
    desk.station.state().status(&EntryPoint::Session(MC.into()), code)
}

fn select(desk: &mut Desk, app: &mut App, code: &str) {
    let at = host(app).roster.view.rows.iter().position(|r| r.code == code).expect("on the roster");
    desk.dispatch(app, Action::Host(HostAction::MoveToEdge { last: false }));
    desk.dispatch(app, Action::Host(HostAction::Move(at as isize)));
}

#[test]
fn f4_opens_the_picker_running_now_first_and_enter_opens_the_roster() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = App::new(Lang::En);
    desk.dispatch(&mut app, Action::OpenHost { session: None });
    let ids: Vec<&str> = host(&app).picker.shown().iter().map(|s| s.session.id.as_str()).collect();
    assert_eq!(ids, [MC, "mc-robotics-1"], "running now first, the morning's class (over) last");
    let ships = &host(&app).picker.shown()[0].occupancy;
    assert_eq!((ships.signed_up, ships.free()), (2, Some(1)));

    // A filter by room (any case, any script folding) and by kind.
    type_text(&mut desk, &mut app, "шеберхан");
    assert_eq!(host(&app).picker.shown().len(), 1);
    desk.dispatch(&mut app, Action::Host(HostAction::Escape));
    for _ in 0..2 {
        desk.dispatch(&mut app, Action::Host(HostAction::NextKind));
    }
    assert!(host(&app).picker.shown().is_empty(), "no festival sessions in this programme");
    desk.dispatch(&mut app, Action::Host(HostAction::Escape));

    desk.dispatch(&mut app, Action::Host(HostAction::Submit));
    let h = host(&app);
    assert_eq!(h.session.as_deref(), Some(MC));
    let codes: Vec<&str> = h.roster.view.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes.len(), 2);
    // Esc with nothing open: back to the desk.
    desk.dispatch(&mut app, Action::Host(HostAction::Escape));
    assert_eq!(app.screen, Screen::Desk);
}

#[test]
fn scanning_fills_the_class_refuses_the_next_offers_the_waitlist_and_a_cancel_calls_them() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = at_class(&mut desk, Lang::Ru);

    // Signed up: in at once.
    scan(&mut desk, &mut app, "KZ-100001");
    assert_eq!(host(&app).roster.banner, Some(HostBanner::Present { code: "KZ-100001".into(), walk_in: false }));
    // Not signed up, a seat free: one confirming key, in the Russian layout too.
    scan(&mut desk, &mut app, "ЛЯ-100003");
    assert_eq!(
        host(&app).roster.prompt,
        Some(Prompt::Door { code: "KZ-100003".into(), walk_in: true, released: None, warnings: vec![] })
    );
    desk.dispatch(&mut app, Action::Host(HostAction::Submit));
    assert_eq!(host(&app).roster.banner, Some(HostBanner::Present { code: "KZ-100003".into(), walk_in: true }));
    let summary = host(&app).roster.view.summary.clone().unwrap();
    assert!(summary.occupancy.is_full(), "{:?}", summary.occupancy);

    // Full: refused, the waitlist offered, nothing recorded until the host says so.
    let facts = desk.station.folder().fact_count();
    scan(&mut desk, &mut app, "KZ-100004");
    assert_eq!(host(&app).roster.prompt, Some(Prompt::Full { code: "KZ-100004".into(), waiting: 0 }));
    assert_eq!(desk.station.folder().fact_count(), facts);
    assert_eq!(status(&desk, "KZ-100004"), AttendanceStatus::NotYet);
    desk.dispatch(&mut app, Action::Host(HostAction::Submit));
    assert_eq!(host(&app).roster.banner, Some(HostBanner::Waitlisted { code: "KZ-100004".into(), position: 1 }));
    // The next is refused too, and Esc leaves them off the waitlist.
    scan(&mut desk, &mut app, "KZ-100005");
    desk.dispatch(&mut app, Action::Host(HostAction::Escape));
    assert_eq!(host(&app).roster.banner, Some(HostBanner::Refused { code: "KZ-100005".into() }));

    // The absent signed-up child cancels: the first on the waitlist is named to call.
    select(&mut desk, &mut app, "KZ-100002");
    desk.dispatch(&mut app, Action::Host(HostAction::Cancel));
    assert_eq!(host(&app).roster.prompt, Some(Prompt::Cancel { code: "KZ-100002".into() }));
    desk.dispatch(&mut app, Action::Host(HostAction::Submit));
    assert_eq!(host(&app).roster.banner, Some(HostBanner::Cancelled { code: "KZ-100002".into() }));
    let occupancy = host(&app).roster.view.summary.clone().unwrap().occupancy;
    assert_eq!(occupancy.offers(), ["KZ-100004"]);

    // They come: the seat offered is theirs.
    scan(&mut desk, &mut app, "KZ-100004");
    desk.dispatch(&mut app, Action::Host(HostAction::Submit));
    assert!(matches!(status(&desk, "KZ-100004"), AttendanceStatus::In { .. }));
    let occupancy = host(&app).roster.view.summary.clone().unwrap().occupancy;
    assert_eq!((occupancy.taken, occupancy.present, occupancy.waitlist.len()), (3, 3, 0));
    let last = desk.station.folder().facts().map(Result::unwrap).last().unwrap();
    assert_eq!((last.station.as_str(), last.operator.as_str()), ("ships-door", "Dana"));
}

#[test]
fn undoing_a_mark_asks_first_and_records_an_annulment() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = at_class(&mut desk, Lang::Kk);
    scan(&mut desk, &mut app, "KZ-100001");
    select(&mut desk, &mut app, "KZ-100001");
    desk.dispatch(&mut app, Action::Host(HostAction::Undo));
    assert!(matches!(host(&app).roster.prompt, Some(Prompt::Undo { .. })));
    desk.dispatch(&mut app, Action::Host(HostAction::Escape));
    assert!(matches!(status(&desk, "KZ-100001"), AttendanceStatus::In { .. }), "Esc keeps the mark");
    desk.dispatch(&mut app, Action::Host(HostAction::Undo));
    desk.dispatch(&mut app, Action::Host(HostAction::Submit));
    assert_eq!(host(&app).roster.banner, Some(HostBanner::Undone { code: "KZ-100001".into() }));
    assert_eq!(status(&desk, "KZ-100001"), AttendanceStatus::NotYet);
    // The mark and the venue check-in it brought (nobody had checked them in at a desk).
    let facts: Vec<_> = desk.station.folder().facts().map(Result::unwrap).collect();
    assert!(matches!(facts[2].kind, FactKind::Annulled { fact, .. } if fact == facts[0].id));
    assert!(matches!(facts[3].kind, FactKind::Annulled { fact, .. } if fact == facts[1].id));
    assert!(!desk.station.state().attendance(&desk.station.venue_today(), "KZ-100001").is_some_and(|a| a.is_in()));
    // Nobody else is marked: nothing to undo.
    select(&mut desk, &mut app, "KZ-100002");
    desk.dispatch(&mut app, Action::Host(HostAction::Undo));
    assert!(matches!(host(&app).roster.banner, Some(HostBanner::Info(_))));
}

#[test]
fn an_adult_at_a_childrens_class_is_a_warning_overridden_with_one_key_and_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = at_class(&mut desk, Lang::En);
    // The chaperone, found by name on the list of all registrants.
    type_text(&mut desk, &mut app, "ahmetov marat");
    let rows = &host(&app).roster.view.rows;
    assert_eq!(rows.first().map(|r| (r.code.as_str(), r.occupant.is_none())), Some(("KZ-000002", true)));
    desk.dispatch(&mut app, Action::Host(HostAction::Submit));
    let Some(Prompt::Door { walk_in: true, warnings, .. }) = host(&app).roster.prompt.clone() else { panic!() };
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    desk.dispatch(&mut app, Action::Host(HostAction::Submit));
    let at_door = |f: &checkin::domain::Fact| {
        matches!(&f.kind, FactKind::CheckedIn { entry: checkin::domain::EntryPoint::Session(_), .. })
    };
    let fact = desk.station.folder().facts().map(Result::unwrap).filter(at_door).last().unwrap();
    let FactKind::CheckedIn { note: Some(note), .. } = &fact.kind else { panic!("{fact:?}") };
    assert_eq!(note, "override audience-category chaperone");
}

#[test]
fn the_desk_signs_a_child_up_and_puts_the_next_on_the_waitlist() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = App::new(Lang::En);
    type_text(&mut desk, &mut app, "KZ-100003");
    desk.dispatch(&mut app, Action::OpenSignUp);
    let Some(Overlay::SignUp(list)) = &app.overlay else { panic!("{:?}", app.overlay) };
    let ids: Vec<&str> = list.lines.iter().map(|l| l.summary.session.id.as_str()).collect();
    assert_eq!(ids, [MC], "sessions still to come or running, not the morning's");
    desk.dispatch(&mut app, Action::SignUp(SignUpAction::Submit));
    let Some(Overlay::SignUp(list)) = &app.overlay else { panic!() };
    assert!(list.lines[0].occupant.signed_up());
    assert_eq!(list.lines[0].summary.occupancy.free(), Some(0));
    desk.dispatch(&mut app, Action::SignUp(SignUpAction::Escape));
    assert!(app.overlay.is_none());

    // Full now: Enter offers the waitlist; Enter again joins it.
    desk.dispatch(&mut app, Action::ClearQuery);
    type_text(&mut desk, &mut app, "KZ-100005");
    desk.dispatch(&mut app, Action::OpenSignUp);
    desk.dispatch(&mut app, Action::SignUp(SignUpAction::Submit));
    let Some(Overlay::SignUp(list)) = &app.overlay else { panic!() };
    assert!(list.prompt.is_some());
    desk.dispatch(&mut app, Action::SignUp(SignUpAction::Submit));
    let Some(Overlay::SignUp(list)) = &app.overlay else { panic!() };
    assert!(list.lines[0].occupant.waiting());
    // And cancelling takes them off again, after asking.
    desk.dispatch(&mut app, Action::SignUp(SignUpAction::Cancel));
    desk.dispatch(&mut app, Action::SignUp(SignUpAction::Submit));
    let Some(Overlay::SignUp(list)) = &app.overlay else { panic!() };
    assert!(!list.lines[0].occupant.waiting() && !list.lines[0].occupant.signed_up());
}

#[test]
fn keys_reach_the_host_screen_and_quit_works_there() {
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    let desk_app = App::new(Lang::En);
    assert_eq!(keymap::resolve(key(KeyCode::F(4)), &desk_app), Some(Action::OpenHost { session: None }));
    assert_eq!(keymap::resolve(ctrl('e'), &desk_app), Some(Action::OpenHost { session: None }));
    assert_eq!(keymap::resolve(key(KeyCode::F(12)), &desk_app), Some(Action::OpenSignUp));

    let mut app = App::new(Lang::En);
    app.screen = Screen::Host(Box::new(Host::at(MC.into())));
    assert_eq!(keymap::resolve(key(KeyCode::Esc), &app), Some(Action::Host(HostAction::Escape)));
    assert_eq!(keymap::resolve(key(KeyCode::Char('k')), &app), Some(Action::Host(HostAction::Type('k'))));
    assert_eq!(keymap::resolve(key(KeyCode::F(8)), &app), Some(Action::Host(HostAction::Undo)));
    assert_eq!(keymap::resolve(key(KeyCode::F(4)), &app), Some(Action::Host(HostAction::Picker)));
    assert_eq!(keymap::resolve(key(KeyCode::F(2)), &app), Some(Action::NextLanguage));
    assert_eq!(keymap::resolve(key(KeyCode::F(1)), &app), Some(Action::Host(HostAction::Help)));
    assert_eq!(keymap::resolve(ctrl('q'), &app), Some(Action::Quit));
    // F5 / F6 / Del have Ctrl alternatives (browser terminals keep F5 and F6).
    assert_eq!(keymap::resolve(key(KeyCode::F(5)), &app), Some(Action::Host(HostAction::SignUp)));
    assert_eq!(keymap::resolve(ctrl('p'), &app), Some(Action::Host(HostAction::SignUp)));
    assert_eq!(keymap::resolve(key(KeyCode::F(6)), &app), Some(Action::Host(HostAction::Waitlist)));
    assert_eq!(keymap::resolve(ctrl('l'), &app), Some(Action::Host(HostAction::Waitlist)));
    assert_eq!(keymap::resolve(key(KeyCode::Delete), &app), Some(Action::Host(HostAction::Cancel)));
    assert_eq!(keymap::resolve(ctrl('x'), &app), Some(Action::Host(HostAction::Cancel)));
    assert_eq!(keymap::resolve(ctrl('P'), &app), Some(Action::Host(HostAction::SignUp)), "with Caps Lock too");
    // Ctrl+D is the dashboard elsewhere: on the host's screen it no longer cancels a seat.
    assert_eq!(keymap::resolve(ctrl('d'), &app), None);
    let mut release = key(KeyCode::Char('k'));
    release.kind = KeyEventKind::Release;
    assert_eq!(keymap::resolve(release, &app), None);
    // With a question open only Enter says yes; letters are typing (a scanner, a name), never a yes.
    if let Screen::Host(h) = &mut app.screen {
        h.roster.prompt = Some(Prompt::Full { code: "KZ-1".into(), waiting: 0 });
    }
    assert_eq!(keymap::resolve(key(KeyCode::Enter), &app), Some(Action::Host(HostAction::Submit)));
    assert_eq!(keymap::resolve(key(KeyCode::Esc), &app), Some(Action::Host(HostAction::Escape)));
    assert_eq!(keymap::resolve(key(KeyCode::Char('ц')), &app), Some(Action::Host(HostAction::Type('ц'))));
    assert_eq!(keymap::resolve(key(KeyCode::Char('k')), &app), Some(Action::Host(HostAction::Type('k'))));
    // The list of keys closes on any key; a scan typed meanwhile goes to the box.
    if let Screen::Host(h) = &mut app.screen {
        h.help = true;
    }
    assert_eq!(keymap::resolve(key(KeyCode::Esc), &app), Some(Action::Host(HostAction::Help)));
    assert_eq!(keymap::resolve(key(KeyCode::Char('K')), &app), Some(Action::Host(HostAction::Type('K'))));
}

#[test]
fn enter_asks_for_the_door_once_and_a_confirmation_comes_with_consent() {
    use checkin::station::{Consent, DoorOutcome};
    use checkin::tui::app::Effect;
    use checkin::tui::host::{self, HostEffect, RosterRow};
    let mut app = App::new(Lang::En);
    let mut h = Host::at(MC.into());
    h.roster.view.rows = vec![RosterRow { code: "KZ-1".into(), occupant: None }];
    app.screen = Screen::Host(Box::new(h));
    let door = |highlighted: Option<&str>, consent| {
        vec![Effect::Host(HostEffect::Door {
            session: MC.into(),
            typed: String::new(),
            highlighted: highlighted.map(str::to_owned),
            consent,
        })]
    };
    assert_eq!(host::update(&mut app, HostAction::Submit), door(Some("KZ-1"), Consent::default()));
    assert_eq!(host::update(&mut app, HostAction::Submit), vec![], "a second Enter before the answer does nothing");

    let confirm = DoorOutcome::Confirm { code: "KZ-1".into(), walk_in: true, released: None, warnings: vec![] };
    host::update(&mut app, HostAction::DoorDone { typed: String::new(), outcome: confirm });
    assert!(matches!(host(&app).roster.prompt, Some(Prompt::Door { .. })));
    let effects = host::update(&mut app, HostAction::Submit);
    assert!(
        matches!(&effects[..], [Effect::Host(HostEffect::Door { typed, consent, .. })] if typed == "KZ-1" && consent.walk_in && consent.override_warnings),
        "{effects:?}"
    );
}

#[test]
fn a_click_selects_the_roster_row_under_the_pointer() {
    use ratatui::{Terminal, backend::TestBackend};
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = at_class(&mut desk, Lang::En);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut layout = checkin::tui::view::Layout::default();
    terminal.draw(|f| layout = checkin::tui::view::draw(f, &app, &desk)).unwrap();
    // Counts (rows 0-3), search box (4-6), the roster's header (7): the second person is on row 9.
    let row = layout.row_at(20, 9).expect("a row under the pointer");
    assert_eq!(row, 1);
    desk.dispatch(&mut app, Action::Click(row));
    assert_eq!(host(&app).roster.selected, 1);
    assert_eq!(layout.row_at(20, 3), None, "the counts are not a row");
}

/// Keys as the terminal sends them: through the keymap, then update and its effects.
fn press(desk: &mut Desk, app: &mut App, code: KeyCode) {
    if let Some(action) = keymap::resolve(KeyEvent::new(code, KeyModifiers::NONE), app) {
        desk.dispatch(app, action);
    }
}

/// A scanner: the code's characters, then Enter.
fn scan_keys(desk: &mut Desk, app: &mut App, code: &str) {
    for c in code.chars() {
        press(desk, app, KeyCode::Char(c));
    }
    press(desk, app, KeyCode::Enter);
}

fn checked_in_here(desk: &Desk, code: &str) -> usize {
    desk.station
        .folder()
        .facts()
        .map(Result::unwrap)
        .filter(|f| matches!(&f.kind, FactKind::CheckedIn { code: c, .. } if c == code))
        .count()
}

#[test]
fn the_next_scan_answers_no_to_an_open_warning_and_is_itself_processed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = at_class(&mut desk, Lang::En);
    // The chaperone at a children's class: a warning, waiting for the host.
    scan_keys(&mut desk, &mut app, "KZ-000002");
    assert!(matches!(&host(&app).roster.prompt, Some(Prompt::Door { code, .. }) if code == "KZ-000002"));
    let facts = desk.station.folder().fact_count();

    // The scanner's next badge: its first character closes the question as a no…
    press(&mut desk, &mut app, KeyCode::Char('K'));
    assert_eq!(host(&app).roster.prompt, None);
    assert_eq!(host(&app).roster.banner, Some(HostBanner::NotLetIn { code: "KZ-000002".into() }));
    assert_eq!(host(&app).roster.query, "K", "the character starts the next search, it is not dropped");
    // …and the rest of it, with its Enter, lets the signed-up child in.
    for c in "Z-100001".chars() {
        press(&mut desk, &mut app, KeyCode::Char(c));
    }
    press(&mut desk, &mut app, KeyCode::Enter);
    assert_eq!(host(&app).roster.banner, Some(HostBanner::Present { code: "KZ-100001".into(), walk_in: false }));
    assert!(matches!(status(&desk, "KZ-100001"), AttendanceStatus::In { .. }));
    assert_eq!(status(&desk, "KZ-000002"), AttendanceStatus::NotYet, "the chaperone was not let in");
    assert_eq!(checked_in_here(&desk, "KZ-000002"), 0, "no override recorded");
    // The child's door mark, and the venue check-in it brings (no desk had checked them in).
    assert_eq!(desk.station.folder().fact_count(), facts + 2, "only the child's check-in");

    // A scan that opens another question keeps saying the one before was not let in.
    scan_keys(&mut desk, &mut app, "KZ-000002");
    scan_keys(&mut desk, &mut app, "KZ-100003");
    assert!(matches!(&host(&app).roster.prompt, Some(Prompt::Door { code, walk_in: true, .. }) if code == "KZ-100003"));
    assert_eq!(host(&app).roster.banner, Some(HostBanner::NotLetIn { code: "KZ-000002".into() }));
    assert_eq!(status(&desk, "KZ-000002"), AttendanceStatus::NotYet);
}

#[test]
fn no_letter_confirms_a_question_in_any_layout() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = at_class(&mut desk, Lang::Ru);
    for letter in ['y', 'Y', 'д', 'Д', 'и', 'И', 'w', 'W', 'ц', 'Ц', 'n', 'н'] {
        // A walk-in question (a child not signed up), then a letter.
        scan_keys(&mut desk, &mut app, "KZ-100003");
        assert!(matches!(host(&app).roster.prompt, Some(Prompt::Door { .. })), "{letter}");
        let facts = desk.station.folder().fact_count();
        press(&mut desk, &mut app, KeyCode::Char(letter));
        assert_eq!(host(&app).roster.prompt, None, "{letter}");
        assert_eq!(host(&app).roster.banner, Some(HostBanner::NotLetIn { code: "KZ-100003".into() }), "{letter}");
        assert_eq!(host(&app).roster.query, letter.to_string());
        assert_eq!(desk.station.folder().fact_count(), facts, "{letter} recorded something");
        assert_eq!(status(&desk, "KZ-100003"), AttendanceStatus::NotYet, "{letter}");
        press(&mut desk, &mut app, KeyCode::Esc);
        assert_eq!(host(&app).roster.query, "");
    }

    // Full: a letter does not join the waitlist either (W used to).
    scan_keys(&mut desk, &mut app, "KZ-100003");
    press(&mut desk, &mut app, KeyCode::Enter);
    scan_keys(&mut desk, &mut app, "KZ-100004");
    assert!(matches!(host(&app).roster.prompt, Some(Prompt::Full { .. })));
    let facts = desk.station.folder().fact_count();
    press(&mut desk, &mut app, KeyCode::Char('ц'));
    assert_eq!(host(&app).roster.prompt, None);
    assert_eq!(host(&app).roster.banner, Some(HostBanner::Refused { code: "KZ-100004".into() }));
    assert_eq!(desk.station.folder().fact_count(), facts);
    assert!(host(&app).roster.view.summary.as_ref().unwrap().occupancy.waitlist.is_empty());
}

#[test]
fn enter_alone_confirms_and_esc_says_not_let_in() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = at_class(&mut desk, Lang::Kk);
    scan_keys(&mut desk, &mut app, "KZ-000002");
    press(&mut desk, &mut app, KeyCode::Esc);
    assert_eq!(host(&app).roster.prompt, None);
    assert_eq!(host(&app).roster.banner, Some(HostBanner::NotLetIn { code: "KZ-000002".into() }));
    assert_eq!(checked_in_here(&desk, "KZ-000002"), 0);

    scan_keys(&mut desk, &mut app, "KZ-000002");
    press(&mut desk, &mut app, KeyCode::Enter);
    assert_eq!(host(&app).roster.banner, Some(HostBanner::Present { code: "KZ-000002".into(), walk_in: true }));
    let at_door = |f: &checkin::domain::Fact| {
        matches!(&f.kind, FactKind::CheckedIn { entry: checkin::domain::EntryPoint::Session(_), .. })
    };
    let fact = desk.station.folder().facts().map(Result::unwrap).filter(at_door).last().unwrap();
    let FactKind::CheckedIn { code, note: Some(note), .. } = &fact.kind else { panic!("{fact:?}") };
    assert_eq!((code.as_str(), note.as_str()), ("KZ-000002", "override audience-category chaperone"));

    // The chaperone took the last seat. The full question: Enter alone joins the waitlist.
    scan_keys(&mut desk, &mut app, "KZ-100004");
    assert!(matches!(host(&app).roster.prompt, Some(Prompt::Full { .. })));
    press(&mut desk, &mut app, KeyCode::Enter);
    assert_eq!(host(&app).roster.banner, Some(HostBanner::Waitlisted { code: "KZ-100004".into(), position: 1 }));
}

#[test]
fn a_signed_up_no_show_arriving_late_is_greeted_as_signed_up_not_as_a_walk_in() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = at_class(&mut desk, Lang::En);
    // 15:10: Омарова Асель, signed up, has not come; a master class waits 10 minutes.
    desk.station.use_clock(checkin::station::Clock::frozen(host_fixture::class_time() + chrono::Duration::minutes(8)));
    desk.dispatch(&mut app, Action::Host(HostAction::Refresh));
    scan_keys(&mut desk, &mut app, "KZ-100001");
    let released = host_fixture::day1().and_hms_opt(15, 10, 0);
    assert_eq!(
        host(&app).roster.prompt,
        Some(Prompt::Door { code: "KZ-100001".into(), walk_in: false, released, warnings: vec![] })
    );
    press(&mut desk, &mut app, KeyCode::Enter);
    // The banner and the roster agree: present, signed up.
    assert_eq!(host(&app).roster.banner, Some(HostBanner::Present { code: "KZ-100001".into(), walk_in: false }));
    let row = host(&app).roster.view.rows.iter().find(|r| r.code == "KZ-100001").unwrap();
    let o = row.occupant.as_ref().unwrap();
    assert!(o.signed_up() && o.present.is_some() && !o.walked_in());
    assert_eq!(host(&app).roster.view.summary.as_ref().unwrap().occupancy.walk_ins, 0);
}

#[test]
fn an_overlap_warning_on_joining_the_waitlist_asks_and_enter_joins_it_anyway() {
    use checkin::domain::seats::Warning;
    use checkin::station::{Consent, SeatOutcome};
    use checkin::tui::app::Effect;
    use checkin::tui::host::{HostEffect, SeatOp, SeatRequest};
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = at_class(&mut desk, Lang::En);
    let request =
        SeatRequest { session: MC.into(), code: "KZ-100004".into(), op: SeatOp::Waitlist, consent: Consent::default() };
    let warnings = vec![Warning::Overlap { session: "mc-robotics-1".into() }];
    let outcome = Ok(SeatOutcome::Warn(warnings.clone()));
    desk.dispatch(&mut app, Action::SeatDone { request, outcome });
    assert_eq!(
        host(&app).roster.prompt,
        Some(Prompt::SignUp { code: "KZ-100004".into(), op: SeatOp::Waitlist, warnings })
    );
    // Enter: the waitlist again (not a sign-up), now with the override.
    let effects = checkin::tui::host::update(&mut app, HostAction::Submit);
    assert!(
        matches!(&effects[..], [Effect::Host(HostEffect::Seat(SeatRequest { op: SeatOp::Waitlist, consent, code, .. }))]
            if consent.override_warnings && code == "KZ-100004"),
        "{effects:?}"
    );
}

#[test]
fn a_badge_scanned_into_the_desks_sign_up_window_signs_nobody_up() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = App::new(Lang::Ru);
    type_text(&mut desk, &mut app, "KZ-100003");
    desk.dispatch(&mut app, Action::OpenSignUp);
    assert!(matches!(app.overlay, Some(Overlay::SignUp(_))));
    let facts = desk.station.folder().fact_count();
    // The next badge arrives through the keymap: the window closes, its Enter checks the badge in.
    for c in "KZ-100004".chars() {
        press(&mut desk, &mut app, KeyCode::Char(c));
    }
    assert!(app.overlay.is_none());
    press(&mut desk, &mut app, KeyCode::Enter);
    let kinds: Vec<FactKind> = desk.station.folder().facts().map(Result::unwrap).skip(facts).map(|f| f.kind).collect();
    assert!(
        matches!(kinds.as_slice(), [FactKind::CheckedIn { code, entry: EntryPoint::Venue(_), .. }] if code == "KZ-100004"),
        "{kinds:?}"
    );
}

#[test]
fn a_walk_in_question_whose_seat_another_door_took_says_full_not_zero_seats_left() {
    use checkin::station::Consent;
    use ratatui::{Terminal, backend::TestBackend};
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = host_desk(&tmp);
    let mut app = at_class(&mut desk, Lang::En);
    let screen = |app: &App, desk: &Desk| {
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal
            .draw(|f| {
                checkin::tui::view::draw(f, app, desk);
            })
            .unwrap();
        let buffer = terminal.backend().buffer().clone();
        buffer.content().iter().map(|c| c.symbol()).collect::<String>()
    };
    scan(&mut desk, &mut app, "KZ-100003");
    assert!(matches!(&host(&app).roster.prompt, Some(Prompt::Door { walk_in: true, .. })));
    assert!(screen(&app, &desk).contains("1 seat left"), "{}", screen(&app, &desk));

    // Another door lets someone else take the last seat while the question is open.
    let consent = Consent { walk_in: true, override_warnings: true, reason: None };
    desk.station.door_check_in("KZ-100004", MC, &consent).unwrap();
    desk.dispatch(&mut app, Action::Host(HostAction::Refresh));
    let shown = screen(&app, &desk);
    assert!(matches!(&host(&app).roster.prompt, Some(Prompt::Door { walk_in: true, .. })), "still asked");
    assert!(shown.contains("No seats left"), "{shown}");
    assert!(!shown.contains("0 seats left"), "{shown}");
}
