//! What the desk looks like, at 80×24 and 120×40, in Kazakh, Russian and English, with Kazakh,
//! CJK and very long names. Snapshots live in `tests/snapshots/`.

mod common;

use common::screen;

use checkin::domain::{Category, PhotoConsent, ResponsibleAdult};
use checkin::i18n::Lang;
use checkin::station::Clock;
use checkin::station::Station;
use checkin::store::Store;
use checkin::tui::action::Action;
use checkin::tui::app::App;
use checkin::tui::desk::Desk;
use checkin::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn desk(tmp: &tempfile::TempDir) -> Desk {
    let store = Store::open(tmp.path(), "desk-2").unwrap();
    store.set_program(&common::program()).unwrap();
    let mut people = common::people();
    let mut long = common::person("KZ-000010", "Әбдіқадыров-Сейітқасымов", "Нұрмұхаммед-Ғабдолла", Category::Child);
    long.patronymic = "Жұмабайұлы".into();
    long.alt_spelling = "ABDIKADYROV-SEITKASSYMOV NURMUKHAMMED-GABDOLLA".into();
    long.birth_year = Some(2004);
    long.photo_consent = PhotoConsent::No;
    long.notes = "asthma inhaler".into();
    long.delegation = "Маңғыстау облысы — 2".into();
    long.region = "Маңғыстау облысы".into();
    long.responsible_adults = vec![ResponsibleAdult {
        name: "Сейітова Гүлмира".into(),
        phone: "+7 701 555 0199".into(),
        relation: "chaperone".into(),
    }];
    people.push(long);
    let mut korean = common::person("KZ-000011", "김", "민준", Category::Press);
    korean.alt_spelling = "Kim Minjun".into();
    korean.country = "KR".into();
    people.push(korean);
    // Decomposed: e + U+0308 and a + U+0301, as some systems export them.
    let combining = common::person("KZ-000013", "Ахмета\u{301}ева", "Zoe\u{308} Ёлка", Category::Creative);
    people.push(combining);
    let mut ahm = common::person("KZ-000012", "Ахметова", "Айгерім", Category::Child);
    ahm.patronymic = "Серікқызы".into();
    ahm.birth_year = Some(2006);
    ahm.photo_consent = PhotoConsent::Yes;
    ahm.region = "Қарағанды облысы".into();
    people.push(ahm);
    store.import(&people).unwrap();
    Desk::new(Station::new(store, Clock::frozen(common::morning()), "Aigerim").unwrap()).unwrap()
}

fn typed(desk: &mut Desk, app: &mut App, text: &str) {
    for c in text.chars() {
        desk.dispatch(app, Action::Type(c));
    }
}

const LANGS: [(Lang, &str); 3] = [(Lang::Kk, "kk"), (Lang::Ru, "ru"), (Lang::En, "en")];

#[test]
fn results_and_confirmation_in_every_language_and_size() {
    for (lang, tag) in LANGS {
        for (w, h) in [(80, 24), (120, 40)] {
            let tmp = tempfile::tempdir().unwrap();
            let mut desk = desk(&tmp);
            let mut app = App::new(lang);
            typed(&mut desk, &mut app, "a");
            insta::assert_snapshot!(format!("results_{tag}_{w}x{h}"), screen(&desk, &app, w, h));

            app = App::new(lang);
            typed(&mut desk, &mut app, "KZ-000010");
            desk.dispatch(&mut app, Action::Submit);
            typed(&mut desk, &mut app, "abdik");
            insta::assert_snapshot!(format!("checked_in_minor_{tag}_{w}x{h}"), screen(&desk, &app, w, h));
        }
    }
}

#[test]
fn already_in_help_details_and_a_tiny_window() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::Ru);
    typed(&mut desk, &mut app, "KZ-000011");
    desk.dispatch(&mut app, Action::Submit);
    typed(&mut desk, &mut app, "kim");
    desk.dispatch(&mut app, Action::Submit);
    insta::assert_snapshot!("already_in_ru_80x24", screen(&desk, &app, 80, 24));

    let mut app = App::new(Lang::Kk);
    desk.dispatch(&mut app, Action::ToggleHelp);
    insta::assert_snapshot!("help_kk_80x24", screen(&desk, &app, 80, 24));

    let mut app = App::new(Lang::En);
    typed(&mut desk, &mut app, "Нұрмұх");
    desk.dispatch(&mut app, Action::Details);
    insta::assert_snapshot!("details_notes_hidden_en_80x24", screen(&desk, &app, 80, 24));

    insta::assert_snapshot!("too_small_en_60x20", screen(&desk, &App::new(Lang::En), 60, 20));
}

#[test]
fn a_click_selects_the_row_under_the_pointer() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::En);
    typed(&mut desk, &mut app, "a");
    assert!(app.rows.len() >= 3);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut layout = view::Layout::default();
    terminal.draw(|f| layout = view::draw(f, &app, &desk)).unwrap();
    // Rows start under the search box (3 lines) and the header (1 line). The first row, the
    // selected one, is two lines: a Latin `a` finds ABDIKADYROV (its letters as typed, in its
    // Latin spelling) first, and that person's delegation is shown under the name.
    assert_eq!(layout.row_at(20, 4), Some(0));
    assert_eq!(layout.row_at(20, 5), Some(0));
    assert_eq!(layout.row_at(20, 7), Some(2));
    assert_eq!(layout.row_at(20, 1), None, "the search box is not a row");
    let row = layout.row_at(20, 7).unwrap();
    desk.dispatch(&mut app, Action::Click(row));
    assert_eq!(app.selected, 2);
}

#[test]
fn delegation_and_walk_in_windows() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = desk(&tmp);
    let mut app = App::new(Lang::Kk);
    typed(&mut desk, &mut app, "Смағұл");
    desk.dispatch(&mut app, Action::OpenGroup);
    insta::assert_snapshot!("group_kk_80x24", screen(&desk, &app, 80, 24));

    let mut app = App::new(Lang::En);
    desk.dispatch(&mut app, Action::OpenWalkIn);
    typed(&mut desk, &mut app, "Lindström");
    desk.dispatch(&mut app, Action::Move(1));
    typed(&mut desk, &mut app, "Åsa");
    desk.dispatch(&mut app, Action::Submit);
    insta::assert_snapshot!("walk_in_en_80x24", screen(&desk, &app, 80, 24));
}

#[test]
fn the_status_bar_keeps_the_help_key_at_80_columns_in_every_language() {
    // A real event's numbers (four digits) and no programme: the longest status line there is.
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path(), "registration-desk-12").unwrap();
    let people: Vec<_> =
        (0..1200).map(|i| common::person(&format!("KZ-{i:06}"), "Иванова", "Мария", Category::Ngo)).collect();
    store.import(&people).unwrap();
    let desk = Desk::new(Station::new(store, Clock::frozen(common::morning()), "Aigerim").unwrap()).unwrap();
    for lang in Lang::ALL {
        let app = App::new(lang);
        let shown = screen(&desk, &app, 80, 24);
        let status =
            shown.lines().rev().find(|l| l.contains("F1")).unwrap_or_else(|| panic!("{lang:?}: no F1 in\n{shown}"));
        assert!(status.contains("1200"), "{lang:?}: the registered count is gone: {status}");
    }
}
