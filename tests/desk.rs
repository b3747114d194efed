//! The desk driven through its public pieces: keys → actions → update → effects → store.

mod common;

use checkin::domain::{AttendanceStatus, Category, EntryPoint, FactKind};
use checkin::i18n::Lang;
use checkin::station::Clock;
use checkin::station::Station;
use checkin::store::{Store, StoreError};
use checkin::tui::action::Action;
use checkin::tui::app::{App, Banner, Effect, Lookup, Overlay, update};
use checkin::tui::desk::Desk;
use checkin::tui::keymap;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub fn desk(tmp: &tempfile::TempDir) -> Desk {
    let store = Store::open(tmp.path(), "desk-2").unwrap();
    store.set_program(&common::program()).unwrap();
    store.import(&common::people()).unwrap();
    let station = Station::new(store, Clock::frozen(common::morning()), "Aigerim").unwrap();
    Desk::new(station).unwrap()
}

fn type_text(desk: &mut Desk, app: &mut App, text: &str) {
    for c in text.chars() {
        desk.dispatch(app, Action::Type(c));
    }
}

fn status(desk: &Desk, code: &str) -> AttendanceStatus {
    desk.station.state().status(&EntryPoint::Venue(common::day1()), code)
}

#[test]
fn a_latin_query_finds_the_cyrillic_name_and_enter_checks_in_once() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::En);
    type_text(&mut desk, &mut app, "smagulova");
    assert_eq!(app.rows.first().map(|r| r.code.as_str()), Some("KZ-000001"));

    desk.dispatch(&mut app, Action::Submit);
    assert_eq!(app.banner, Some(Banner::CheckedIn { code: "KZ-000001".into() }));
    assert!(app.query.is_empty() && app.rows.is_empty(), "the box is ready for the next person");
    assert!(matches!(status(&desk, "KZ-000001"), AttendanceStatus::In { .. }));

    type_text(&mut desk, &mut app, "Смағұл");
    desk.dispatch(&mut app, Action::Submit);
    assert!(
        matches!(&app.banner, Some(Banner::Already { code, station, .. }) if code == "KZ-000001" && station == "desk-2")
    );
    assert_eq!(desk.station.folder().fact_count(), 1, "no second fact");
}

#[test]
fn a_scanned_code_wins_over_the_highlight_in_any_layout() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::Ru);
    // KZ-000003 typed by a scanner while the Russian layout is active.
    type_text(&mut desk, &mut app, "ЛЯ-000003");
    desk.dispatch(&mut app, Action::Submit);
    assert_eq!(app.banner, Some(Banner::CheckedIn { code: "KZ-000003".into() }));

    type_text(&mut desk, &mut app, "XX-404");
    desk.dispatch(&mut app, Action::Submit);
    assert_eq!(app.banner, Some(Banner::UnknownCode { typed: "XX-404".into() }));
    assert_eq!(desk.station.folder().fact_count(), 1);
}

#[test]
fn undo_asks_then_records_an_annulment() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::Kk);
    type_text(&mut desk, &mut app, "KZ-000004");
    desk.dispatch(&mut app, Action::Submit);
    assert!(matches!(status(&desk, "KZ-000004"), AttendanceStatus::In { .. }));

    desk.dispatch(&mut app, Action::Undo);
    assert!(matches!(&app.overlay, Some(Overlay::ConfirmUndo { code, .. }) if code == "KZ-000004"));
    desk.dispatch(&mut app, Action::Escape);
    assert!(app.overlay.is_none());
    assert!(matches!(status(&desk, "KZ-000004"), AttendanceStatus::In { .. }), "Esc keeps the check-in");

    desk.dispatch(&mut app, Action::Undo);
    desk.dispatch(&mut app, Action::ConfirmUndo);
    assert_eq!(app.banner, Some(Banner::Undone { code: "KZ-000004".into() }));
    assert_eq!(status(&desk, "KZ-000004"), AttendanceStatus::NotYet);
    let facts: Vec<_> = desk.station.folder().facts().map(Result::unwrap).collect();
    assert_eq!(facts.len(), 2, "an annul fact, never a delete");
    assert!(matches!(facts[1].kind, FactKind::Annulled { fact, .. } if fact == facts[0].id));

    // Nothing left to undo.
    desk.dispatch(&mut app, Action::Undo);
    assert!(matches!(app.banner, Some(Banner::Info(_))));
    assert!(app.overlay.is_none());
}

#[test]
fn details_hide_notes_until_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path(), "desk-2").unwrap();
    let mut p = common::person("KZ-000009", "Омарова", "Асель", Category::Child);
    p.notes = "allergy: nuts".into();
    store.import(&[p]).unwrap();
    let mut desk = Desk::new(Station::new(store, Clock::frozen(common::morning()), "op").unwrap()).unwrap();
    let mut app = App::new(Lang::En);
    type_text(&mut desk, &mut app, "asel");
    desk.dispatch(&mut app, Action::Details);
    assert_eq!(app.overlay, Some(Overlay::Details { code: "KZ-000009".into(), show_notes: false }));
    desk.dispatch(&mut app, Action::ToggleNotes);
    assert_eq!(app.overlay, Some(Overlay::Details { code: "KZ-000009".into(), show_notes: true }));
    // Typing (or a scan) closes the details and goes to the search box.
    desk.dispatch(&mut app, Action::Type('o'));
    assert!(app.overlay.is_none());
    assert_eq!(app.query, "aselo");
}

#[test]
fn f3_after_a_check_in_opens_the_person_the_banner_is_about() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::En);
    type_text(&mut desk, &mut app, "KZ-000001");
    desk.dispatch(&mut app, Action::Submit);
    assert_eq!(app.banner, Some(Banner::CheckedIn { code: "KZ-000001".into() }));
    assert!(app.query.is_empty(), "the box is ready for the next person");
    let f3 = keymap::resolve(KeyEvent::new(KeyCode::F(3), KeyModifiers::NONE), &app).unwrap();
    desk.dispatch(&mut app, f3);
    assert_eq!(app.overlay, Some(Overlay::Details { code: "KZ-000001".into(), show_notes: false }));
    // Once something is typed, F3 is about the highlighted row again.
    desk.dispatch(&mut app, Action::Escape);
    type_text(&mut desk, &mut app, "müller");
    desk.dispatch(&mut app, Action::Details);
    assert_eq!(app.overlay, Some(Overlay::Details { code: "KZ-000003".into(), show_notes: false }));
}

// ---- pure update and keymap ----

struct World;

impl Lookup for World {
    fn status_today(&self, _: &str) -> AttendanceStatus {
        AttendanceStatus::NotYet
    }
    fn exact_code(&self, typed: &str) -> Option<String> {
        (typed == "KZ-1").then(|| "KZ-1".to_owned())
    }
    fn trailing_code(&self, typed: &str) -> Option<String> {
        (typed.len() > 4 && typed.ends_with("KZ-1")).then(|| "KZ-1".to_owned())
    }
    fn delegation_of(&self, _: &str) -> Option<String> {
        None
    }
    fn delegation_members(&self, _: &str) -> Vec<String> {
        Vec::new()
    }
}

#[test]
fn typing_asks_for_a_search_and_stale_answers_are_ignored() {
    let mut app = App::new(Lang::En);
    assert_eq!(update(&mut app, Action::Type('a'), &World), vec![Effect::Search { query: "a".into() }]);
    assert_eq!(update(&mut app, Action::Type('b'), &World), vec![Effect::Search { query: "ab".into() }]);
    update(&mut app, Action::Searched { query: "a".into(), rows: vec![] }, &World);
    assert_eq!(update(&mut app, Action::Backspace, &World), vec![Effect::Search { query: "a".into() }]);
    // Nothing highlighted and not a code: no check-in, a message, and a clean box.
    assert_eq!(update(&mut app, Action::Submit, &World), vec![Effect::Search { query: String::new() }]);
    assert!(matches!(app.banner, Some(Banner::UnknownCode { .. })));
    assert!(app.query.is_empty());
}

#[test]
fn a_complete_code_submits_directly_and_only_once() {
    let mut app = App::new(Lang::En);
    for c in "KZ-1".chars() {
        update(&mut app, Action::Type(c), &World);
    }
    assert_eq!(update(&mut app, Action::Submit, &World), vec![Effect::CheckIn { typed: "KZ-1".into() }]);
    assert_eq!(update(&mut app, Action::Submit, &World), vec![], "a second Enter before the answer does nothing");
}

#[test]
fn key_releases_never_type_twice_and_quit_works_everywhere() {
    let app = App::new(Lang::En);
    let press = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
    let mut release = press;
    release.kind = KeyEventKind::Release;
    assert_eq!(keymap::resolve(press, &app), Some(Action::Type('a')));
    assert_eq!(keymap::resolve(release, &app), None);
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    assert_eq!(keymap::resolve(ctrl('c'), &app), Some(Action::Quit));
    assert_eq!(keymap::resolve(ctrl('q'), &app), Some(Action::Quit));
    let mut with_help = App::new(Lang::En);
    with_help.overlay = Some(Overlay::Help);
    assert_eq!(keymap::resolve(ctrl('q'), &with_help), Some(Action::Quit));
    assert_eq!(keymap::resolve(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE), &app), Some(Action::ToggleHelp));
    assert_eq!(keymap::resolve(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE), &app), Some(Action::ToggleHelp));
}

#[test]
fn the_language_cycles_kazakh_russian_english() {
    let mut app = App::new(Lang::Kk);
    update(&mut app, Action::NextLanguage, &World);
    assert_eq!(app.lang, Lang::Ru);
    update(&mut app, Action::NextLanguage, &World);
    assert_eq!(app.lang, Lang::En);
}

fn delegation_desk(tmp: &tempfile::TempDir) -> Desk {
    let store = Store::open(tmp.path(), "desk-2").unwrap();
    store.set_program(&common::program()).unwrap();
    let mut people = common::people();
    for (code, family, given, category) in [
        ("KZ-000101", "Омарова", "Асель", Category::Child),
        ("KZ-000102", "Серікұлы", "Нұрлан", Category::Child),
        ("KZ-000103", "Ким", "Виктория", Category::Child),
        ("KZ-000104", "Бекова", "Сәуле", Category::Chaperone),
    ] {
        let mut p = common::person(code, family, given, category);
        p.delegation = "Қарағанды облысы — 1".into();
        people.push(p);
    }
    store.import(&people).unwrap();
    Desk::new(Station::new(store, Clock::frozen(common::morning()), "Aigerim").unwrap()).unwrap()
}

#[test]
fn a_delegation_is_checked_in_at_once_minus_the_absent() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = delegation_desk(&tmp);
    let mut app = App::new(Lang::En);
    // One child came in earlier on their own.
    type_text(&mut desk, &mut app, "KZ-000103");
    desk.dispatch(&mut app, Action::Submit);

    type_text(&mut desk, &mut app, "omarova asel");
    desk.dispatch(&mut app, Action::OpenGroup);
    let Some(Overlay::Group(group)) = &app.overlay else { panic!("no group window: {:?}", app.banner) };
    assert_eq!(group.members.len(), 4);
    assert_eq!(group.members[0].code, "KZ-000104", "the chaperone comes first");
    assert!(group.members.iter().any(|m| m.code == "KZ-000103" && m.already_in && !m.ticked));

    // Nurlan is absent: untick him, check in the rest.
    let nurlan = group.members.iter().position(|m| m.code == "KZ-000102").unwrap();
    desk.dispatch(&mut app, Action::Move(nurlan as isize));
    desk.dispatch(&mut app, Action::ToggleTick);
    desk.dispatch(&mut app, Action::Submit);
    assert_eq!(
        app.banner,
        Some(Banner::GroupDone {
            delegation: "Қарағанды облысы — 1".into(), done: 2, already: 0, absent: 1
        })
    );
    assert!(matches!(status(&desk, "KZ-000101"), AttendanceStatus::In { .. }));
    assert!(matches!(status(&desk, "KZ-000104"), AttendanceStatus::In { .. }));
    assert_eq!(status(&desk, "KZ-000102"), AttendanceStatus::NotYet);
    assert_eq!(desk.station.folder().fact_count(), 3, "one fact per arrival, none for the absent or the already-in");
}

#[test]
fn a_person_without_a_delegation_gets_a_note_not_a_window() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = delegation_desk(&tmp);
    let mut app = App::new(Lang::En);
    type_text(&mut desk, &mut app, "müller");
    desk.dispatch(&mut app, Action::OpenGroup);
    assert!(app.overlay.is_none());
    assert!(matches!(app.banner, Some(Banner::Info(_))));
}

#[test]
fn a_walk_in_is_registered_checked_in_and_searchable_with_a_station_code() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::Ru);
    desk.dispatch(&mut app, Action::OpenWalkIn);
    desk.dispatch(&mut app, Action::Submit);
    assert!(matches!(&app.overlay, Some(Overlay::WalkIn(form)) if form.problem.is_some()), "an empty form is refused");
    type_text(&mut desk, &mut app, "Жұмабаев");
    desk.dispatch(&mut app, Action::Move(1));
    type_text(&mut desk, &mut app, "Нұрлан");
    desk.dispatch(&mut app, Action::Submit);
    let Some(Banner::WalkedIn { code }) = app.banner.clone() else { panic!("{:?}", app.banner) };
    assert!(code.starts_with("W-desk-2-"), "{code}");
    assert!(matches!(status(&desk, &code), AttendanceStatus::In { .. }));

    type_text(&mut desk, &mut app, "zhumabaev");
    assert_eq!(app.rows.first().map(|r| r.code.clone()), Some(code.clone()), "searchable at once");
    let facts: Vec<_> = desk.station.folder().facts().map(Result::unwrap).collect();
    assert!(matches!(&facts[0].kind, FactKind::WalkedIn { person } if person.code == code));
    assert_eq!(facts[0].operator, "Aigerim");

    // After a restart the walk-in is still known.
    drop(desk);
    let store = Store::open(tmp.path(), "desk-2").unwrap();
    assert_eq!(store.person(&code).unwrap().unwrap().family, "Жұмабаев");
}

#[test]
fn a_badge_scanned_while_a_name_is_half_typed_checks_that_badge_in() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::En);
    type_text(&mut desk, &mut app, "ivanova");
    // The scanner types KZ-000003 through the Russian layout, then Enter.
    type_text(&mut desk, &mut app, "ЛЯ-000003");
    desk.dispatch(&mut app, Action::Submit);
    assert_eq!(app.banner, Some(Banner::CheckedIn { code: "KZ-000003".into() }));
    assert!(matches!(status(&desk, "KZ-000003"), AttendanceStatus::In { .. }));
    assert_eq!(status(&desk, "KZ-000005"), AttendanceStatus::NotYet, "not the highlighted Иванова");
    assert!(app.query.is_empty());
}

#[test]
fn the_end_of_a_typed_name_is_not_taken_for_a_code() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = desk(&tmp);
    assert_eq!(desk.station.resolve_trailing_code("ivanova KZ-000003"), Some("KZ-000003"));
    assert_eq!(desk.station.resolve_trailing_code("ivanova"), None);
    assert_eq!(desk.station.resolve_trailing_code("KZ-000003"), None, "a whole code is exact_code's job");
}

/// The highlighted (matched) text of each screen line that shows `needle`, from the styles the
/// view drew (the snapshots keep only the text).
fn highlighted_lines(desk: &Desk, app: &App, width: u16, height: u16, needle: &str) -> Vec<(String, String)> {
    use ratatui::style::Modifier;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| {
            checkin::tui::view::draw(f, app, desk);
        })
        .unwrap();
    let buf = terminal.backend().buffer();
    let mut out = Vec::new();
    for y in 0..height {
        let (mut line, mut marked) = (String::new(), String::new());
        for x in 0..width {
            let cell = &buf[(x, y)];
            line.push_str(cell.symbol());
            if cell.modifier.contains(Modifier::UNDERLINED) && cell.modifier.contains(Modifier::BOLD) {
                marked.push_str(cell.symbol());
            }
        }
        if line.contains(needle) {
            out.push((line, marked));
        }
    }
    out
}

#[test]
fn every_row_on_screen_has_its_matched_part_highlighted_also_after_scrolling() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path(), "desk-2").unwrap();
    store.set_program(&common::program()).unwrap();
    // More namesakes than the desk lists (50), so the list is full and scrolls.
    let people: Vec<_> =
        (0..60).map(|i| common::person(&format!("KZ-1{i:05}"), "Ахметова", "Дана", Category::Child)).collect();
    store.import(&people).unwrap();
    let mut desk = Desk::new(Station::new(store, Clock::frozen(common::morning()), "Aigerim").unwrap()).unwrap();
    let mut app = App::new(Lang::En);
    type_text(&mut desk, &mut app, "ахм");
    assert_eq!(app.rows.len(), 50);

    let lines = highlighted_lines(&desk, &app, 120, 40, "Ахметова Дана");
    assert!(lines.len() >= 30, "a 120x40 screen shows most of the list: {}", lines.len());
    for (line, marked) in &lines {
        assert_eq!(marked, "Ахм", "{line}");
    }
    assert!(app.rows[0].highlights().len() == 1, "shown rows carry their highlight");

    // The last row, scrolled into view on a small screen, is highlighted too.
    desk.dispatch(&mut app, Action::MoveToEdge { last: true });
    let lines = highlighted_lines(&desk, &app, 80, 24, "KZ-100049");
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].1, "Ахм", "{}", lines[0].0);
}

#[test]
fn the_desk_gets_the_people_the_station_read_and_walk_ins_since() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path(), "desk-2").unwrap();
    store.set_program(&common::program()).unwrap();
    store.import(&common::people()).unwrap();
    let mut station = Station::new(store, Clock::frozen(common::morning()), "Aigerim").unwrap();
    // Handed over once, then read again: the same people either way.
    let kept = station.take_people().unwrap().to_slice().into_owned();
    assert_eq!(kept, station.folder().people().unwrap());
    assert_eq!(station.take_people().unwrap().to_slice().into_owned(), kept);

    station.refresh().unwrap();
    station.walk_in(common::person("W-desk-2-1", "Нұрланова", "Ая", Category::Child)).unwrap();
    let desk = Desk::new(station).unwrap();
    assert_eq!(desk.registered(), kept.len() + 1, "a walk-in after the station read everyone is not lost");
    assert!(desk.person("W-desk-2-1").is_some());
}

#[test]
fn a_walk_in_with_what_its_fact_cannot_hold_is_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path(), "desk-2").unwrap();
    store.set_program(&common::program()).unwrap();
    let mut station = Station::new(store, Clock::frozen(common::morning()), "Aigerim").unwrap();
    let mut walk_in = common::person("W-desk-2-1", "Нұрланова", "Ая", Category::Child);
    walk_in.aliases = vec!["950101300123".into()];
    let err = station.walk_in(walk_in).unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)) && err.to_string().contains("W-desk-2-1"), "{err}");
    assert_eq!(station.folder().fact_count(), 0);
    assert!(station.resolve_code("W-desk-2-1").is_none());
}

#[test]
fn a_badge_scanned_while_undo_is_asked_keeps_the_check_in_and_checks_the_badge_in() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::Ru);
    type_text(&mut desk, &mut app, "KZ-000002");
    desk.dispatch(&mut app, Action::Submit);
    desk.dispatch(&mut app, Action::Undo);
    assert!(matches!(app.overlay, Some(Overlay::ConfirmUndo { .. })));
    // The scanner's next badge through the real keymap: letters never answer "undo?".
    for c in "KZ-000003".chars() {
        if let Some(action) = keymap::resolve(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), &app) {
            desk.dispatch(&mut app, action);
        }
    }
    let enter = keymap::resolve(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), &app).unwrap();
    desk.dispatch(&mut app, enter);
    assert!(matches!(status(&desk, "KZ-000002"), AttendanceStatus::In { .. }), "the first check-in stands");
    assert!(matches!(status(&desk, "KZ-000003"), AttendanceStatus::In { .. }), "the badge was checked in");
    assert!(!desk.station.folder().facts().map(Result::unwrap).any(|f| matches!(f.kind, FactKind::Annulled { .. })));
}

/// A world where one code's status is whatever the test says.
struct StatusIs(AttendanceStatus);

impl Lookup for StatusIs {
    fn status_today(&self, _: &str) -> AttendanceStatus {
        self.0.clone()
    }
    fn exact_code(&self, _: &str) -> Option<String> {
        None
    }
    fn trailing_code(&self, _: &str) -> Option<String> {
        None
    }
    fn delegation_of(&self, _: &str) -> Option<String> {
        None
    }
    fn delegation_members(&self, _: &str) -> Vec<String> {
        Vec::new()
    }
}

#[test]
fn a_check_in_undone_in_another_window_does_not_stay_confirmed() {
    let mut app = App::new(Lang::En);
    app.banner = Some(Banner::CheckedIn { code: "KZ-1".into() });
    let still_in = AttendanceStatus::In { since: common::morning(), station: "desk-1".into(), fact: uuid::Uuid::nil() };
    update(&mut app, Action::OthersWrote, &StatusIs(still_in));
    assert_eq!(app.banner, Some(Banner::CheckedIn { code: "KZ-1".into() }), "still true: kept");
    update(&mut app, Action::OthersWrote, &StatusIs(AttendanceStatus::NotYet));
    assert_eq!(app.banner, Some(Banner::Undone { code: "KZ-1".into() }));
}

/// One rule for "this is a registration code": the search marks a first row as the code
/// exactly when Enter (and `checkin scan`) would check that code in directly. Codes that fold
/// alike (`KH-12` and `H-12`: `kh` is `h` to the search) stay two codes.
#[test]
fn the_search_marks_as_the_code_exactly_what_enter_checks_in() {
    use checkin::search::{SearchIndex, Tier};
    let tmp = tempfile::tempdir().unwrap();
    let mut people = common::people();
    for code in ["KH-12", "H-12", "W-7", "V-7", "Q-5"] {
        people.push(common::person(code, "Сейітов", "Нұрлан", Category::Ngo));
    }
    let store = Store::open(tmp.path(), "desk-2").unwrap();
    store.import(&people).unwrap();
    let station = Station::new(store, Clock::frozen(common::morning()), "Aigerim").unwrap();
    let index = SearchIndex::build(&people);
    let typed = [
        "KZ-000001",
        "kz-000001",
        " kz - 000001 ",
        "KZ000001",
        "ЛЯ-000001",
        "ЛЯөқққққ„",
        "ＫＺ－０００００１",
        "KH-12",
        "H-12",
        "kh12",
        "W-7",
        "V-7",
        "K-5",
        "q-5",
        "000001",
        "Смағұлова",
    ];
    for t in typed {
        let marked: Vec<String> =
            index.search(t, 10).into_iter().filter(|h| h.tier == Tier::Code).map(|h| h.code).collect();
        let resolved: Vec<String> = station.resolve_code(t).map(str::to_owned).into_iter().collect();
        assert_eq!(marked, resolved, "{t:?}");
    }
    // Other spellings of a code are still found at the top, one tier lower (`kh12` folds like
    // `h12`, so it finds both of those people).
    for (t, code) in
        [("KZ000001", "KZ-000001"), ("ＫＺ－０００００１", "KZ-000001"), ("kh12", "KH-12"), ("kh12", "H-12")]
    {
        let top: Vec<String> = index.search(t, 2).into_iter().map(|h| h.code).collect();
        assert!(top.iter().any(|c| c == code), "{t:?}: {top:?}");
    }
}

/// A desk whose data folder is a folder of `tmp`, so the badges folder next to it is `tmp`'s too.
fn desk_in_subfolder(tmp: &tempfile::TempDir) -> Desk {
    let store = Store::open(&tmp.path().join("data"), "desk-2").unwrap();
    store.set_program(&common::program()).unwrap();
    store.import(&common::people()).unwrap();
    let station = Station::new(store, Clock::frozen(common::morning()), "Aigerim").unwrap();
    Desk::new(station).unwrap()
}

fn badge_pdfs(tmp: &tempfile::TempDir) -> Vec<std::path::PathBuf> {
    let dir = tmp.path().join("badges");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).map_or_else(|_| Vec::new(), |d| d.map(|e| e.unwrap().path()).collect());
    files.sort();
    files
}

#[test]
fn the_badge_key_prints_the_highlighted_person_and_a_reprint_is_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk_in_subfolder(&tmp);
    let mut app = App::new(Lang::En);
    let f11 = KeyEvent::new(KeyCode::F(11), KeyModifiers::NONE);
    let ctrl_b = KeyEvent::new(KeyCode::Char('b'), KeyModifiers::CONTROL);
    assert_eq!(keymap::resolve(f11, &app), Some(Action::PrintBadge));
    assert_eq!(keymap::resolve(ctrl_b, &app), Some(Action::PrintBadge));

    desk.dispatch(&mut app, Action::PrintBadge);
    assert_eq!(app.banner, Some(Banner::Info(checkin::i18n::T::BadgeNobody)), "nobody highlighted, nobody printed");
    assert!(badge_pdfs(&tmp).is_empty());

    type_text(&mut desk, &mut app, "muller");
    desk.dispatch(&mut app, Action::PrintBadge);
    let Some(Banner::BadgePrinted { code, path, printer: None }) = app.banner.clone() else {
        panic!("{:?}", app.banner)
    };
    assert_eq!(code, "KZ-000003");
    assert!(std::path::Path::new(&path).starts_with(tmp.path().join("badges")), "{path}");
    let pdf = std::fs::read(&path).unwrap();
    assert!(pdf.starts_with(b"%PDF-") && pdf.ends_with(b"%%EOF\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let folder = std::fs::metadata(tmp.path().join("badges")).unwrap();
        assert_eq!(folder.permissions().mode() & 0o777, 0o700);
    }
    let screen = common::screen(&desk, &app, 100, 30);
    assert!(screen.contains("BADGE PRINTED") && !screen.contains("REPRINTED"), "{screen}");

    desk.dispatch(&mut app, Action::PrintBadge);
    let screen = common::screen(&desk, &app, 100, 30);
    assert!(
        screen.contains("BADGE REPRINTED") && screen.contains("printed 2 times, first 09:00 at desk-2"),
        "{screen}"
    );
    let prints = desk.station.state().badge_prints("KZ-000003");
    assert_eq!(prints.len(), 2);
    let facts: Vec<_> = desk.station.folder().facts().map(Result::unwrap).collect();
    assert!(facts.iter().all(|f| f.operator == "Aigerim" && f.station == "desk-2"));
    assert!(matches!(&facts[0].kind, FactKind::BadgePrinted { code, printer: None } if code == "KZ-000003"));
}

#[test]
fn after_registering_a_walk_in_the_badge_key_prints_theirs() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk_in_subfolder(&tmp);
    let mut app = App::new(Lang::Kk);
    desk.dispatch(&mut app, Action::OpenWalkIn);
    type_text(&mut desk, &mut app, "Сейітқали");
    desk.dispatch(&mut app, Action::Move(1));
    type_text(&mut desk, &mut app, "Әмина");
    desk.dispatch(&mut app, Action::Submit);
    let Some(Banner::WalkedIn { code }) = app.banner.clone() else { panic!("{:?}", app.banner) };
    assert!(common::screen(&desk, &app, 100, 30).contains("F11 / Ctrl+B"), "the banner says how to print the badge");

    desk.dispatch(&mut app, Action::PrintBadge);
    assert!(
        matches!(&app.banner, Some(Banner::BadgePrinted { code: printed, .. }) if *printed == code),
        "{:?}",
        app.banner
    );
    assert_eq!(desk.station.state().badge_prints(&code).len(), 1);
    assert_eq!(badge_pdfs(&tmp).len(), 1);
}

#[test]
fn a_badge_the_printer_refused_is_not_recorded_and_its_pdf_is_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk_in_subfolder(&tmp);
    // Whether lp is missing here or knows no such printer, it fails.
    desk.badges.printer = Some("no-such-printer-for-checkin-tests".into());
    let mut app = App::new(Lang::En);
    type_text(&mut desk, &mut app, "muller");
    desk.dispatch(&mut app, Action::PrintBadge);
    let Some(Banner::Failed { message }) = app.banner.clone() else { panic!("{:?}", app.banner) };
    assert!(message.contains("written, not printed"), "{message}");
    assert!(desk.station.state().badge_prints("KZ-000003").is_empty());
    assert_eq!(badge_pdfs(&tmp).len(), 1, "the PDF is there to print by hand");
}
