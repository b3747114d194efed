//! Several windows on one data folder: the first owns it and shares it, the others work through
//! it. The owner here is a thread doing what the owning window's main loop does (answer guests
//! between key presses); the guests are real `DataFolder`s on the real socket.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use checkin::domain::{Category, EntryPoint, FactKind, Person, Session, SessionKind};
use checkin::station::Clock;
use checkin::station::Sharing;
use checkin::station::{CheckIn, Station};
use checkin::station::{Consent, DoorOutcome};
use checkin::store::share::DataFolder;
use checkin::store::{Store, StoreError};
use chrono::{DateTime, TimeZone, Utc};

const MC: &str = "mc-robotics";

fn at_the_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2016, 11, 21, 9, 0, 0).unwrap()
}

fn kid(i: usize) -> Person {
    let mut p = common::person(&format!("KZ-2000{i:02}"), "Бала", &format!("Бала{i}"), Category::Child);
    p.birth_year = Some(2006);
    p
}

/// A folder with a master class of `capacity` seats and 40 children, none signed up.
fn seeded(dir: &Path, capacity: u32) {
    let store = Store::open(dir, "setup").unwrap();
    let mut program = common::program();
    let t = |h: u32, m: u32| common::day1().and_hms_opt(h, m, 0).unwrap();
    program.sessions.push(Session {
        id: MC.into(),
        kind: SessionKind::MasterClass,
        title: checkin::domain::Localized { en: "Robotics".into(), ..Default::default() },
        room: "Lab".into(),
        start: t(15, 0),
        end: t(16, 30),
        capacity: Some(capacity),
        audience: None,
        host: String::new(),
    });
    store.set_program(&program).unwrap();
    let mut people: Vec<Person> = (0..40).map(kid).collect();
    people.extend(common::people());
    store.import(&people).unwrap();
}

/// The owning window, reduced to its main loop: it waits for input (none comes) until a guest's
/// request wakes it, answers through `Sharing` as the desk and `checkin scan` do, until closed.
struct Owner {
    closing: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Owner {
    fn open(dir: &Path, station: &str) -> Owner {
        let (dir, station) = (dir.to_owned(), station.to_owned());
        let closing = Arc::new(AtomicBool::new(false));
        let (ready, is_ready) = std::sync::mpsc::channel();
        let stop = closing.clone();
        let thread = std::thread::spawn(move || {
            let store = Store::open(&dir, &station).unwrap();
            let mut owner = Station::new(store, Clock::frozen(at_the_start()), &station).unwrap();
            let me = std::thread::current();
            let mut sharing = Sharing::start(&mut owner, Some(Arc::new(move || me.unpark())));
            ready.send(()).unwrap();
            while !stop.load(Ordering::SeqCst) {
                std::thread::park_timeout(Duration::from_millis(50));
                sharing.step(&mut owner, false);
            }
        });
        is_ready.recv().unwrap();
        Owner { closing, thread: Some(thread) }
    }

    fn close(mut self) {
        self.closing.store(true, Ordering::SeqCst);
        let thread = self.thread.take().unwrap();
        thread.thread().unpark();
        thread.join().unwrap();
    }
}

fn guest(dir: &Path, station: &str) -> Station {
    let folder = DataFolder::open(dir, station).unwrap();
    assert_eq!(folder.guest_of(), Some("door-a"), "{station} should have joined the owning window");
    Station::new(folder, Clock::frozen(at_the_start()), station).unwrap()
}

/// `checkin scan` on `dir` with `args` before the command, left running: the process, its input
/// and its verdict lines. It owns the folder once its first verdict has come.
struct RunningScan {
    process: std::process::Child,
    input: std::process::ChildStdin,
    verdicts: std::io::BufReader<std::process::ChildStdout>,
}

impl RunningScan {
    fn start(dir: &Path, args: &[&str]) -> RunningScan {
        use std::process::{Command, Stdio};
        let mut process = Command::new(env!("CARGO_BIN_EXE_checkin"))
            .arg("--data")
            .arg(dir)
            .args(args)
            .arg("scan")
            .env("CHECKIN_LANG", "en")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let input = process.stdin.take().unwrap();
        let verdicts = std::io::BufReader::new(process.stdout.take().unwrap());
        RunningScan { process, input, verdicts }
    }

    /// Scans `code` and returns the verdict line.
    fn scan(&mut self, code: &str) -> String {
        use std::io::{BufRead, Write};
        writeln!(self.input, "{code}").unwrap();
        let mut verdict = String::new();
        self.verdicts.read_line(&mut verdict).unwrap();
        verdict
    }

    /// Ends the input; the scan must finish cleanly.
    fn finish(self) {
        let RunningScan { mut process, input, .. } = self;
        drop(input);
        assert!(process.wait().unwrap().success());
    }
}

fn folder() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    (tmp, dir)
}

#[test]
fn a_guest_sees_the_folder_and_its_check_in_is_written_by_the_owner_durably() {
    let (_tmp, dir) = folder();
    seeded(&dir, 20);
    let owner = Owner::open(&dir, "door-a");
    let mut desk = guest(&dir, "desk-2");
    assert_eq!(desk.folder().people_count(), 40 + common::people().len());
    assert!(desk.program().is_some_and(|p| p.sessions.iter().any(|s| s.id == MC)));

    let venue = desk.venue_today();
    let CheckIn::Done(fact) = desk.check_in("kz-200001", &venue).unwrap() else { panic!("not checked in") };
    assert_eq!((fact.station.as_str(), fact.seq, fact.operator.as_str()), ("desk-2", 1, "desk-2"));
    assert!(matches!(desk.check_in("KZ-200001", &venue).unwrap(), CheckIn::Already { .. }));

    // A second guest sees it at once; a third window may not take a station name in use.
    let other = guest(&dir, "desk-3");
    assert!(other.state().check_in_decision(&venue, "KZ-200001").is_err());
    let err = DataFolder::open(&dir, "desk-3").err().expect("a second desk-3 is refused");
    assert!(err.to_string().contains("station \"desk-3\" is already open"), "{err}");
    let err = DataFolder::open(&dir, "door-a").err().expect("the owner's name is refused");
    assert!(err.to_string().contains("already open"), "{err}");

    // What only a folder to itself may do is refused with a plain message, nothing changed.
    let err = desk.folder().import(&[kid(99)]).unwrap_err();
    assert!(matches!(err, StoreError::Shared { .. }), "{err}");
    assert!(err.to_string().contains("open in another checkin window (station door-a"), "{err}");

    drop((desk, other));
    owner.close();
    // Written where it belongs: the folder has it after everyone closed.
    let store = Store::open(&dir, "later").unwrap();
    let facts: Vec<_> = store.facts().map(Result::unwrap).collect();
    assert_eq!(facts.len(), 1);
    assert_eq!(facts[0].id, fact.id);
}

#[test]
fn two_guests_racing_for_one_person_check_them_in_exactly_once() {
    let (_tmp, dir) = folder();
    seeded(&dir, 20);
    let owner = Owner::open(&dir, "door-a");
    let mut first = guest(&dir, "desk-2");
    let mut second = guest(&dir, "desk-3");
    let venue = first.venue_today();
    // The second desk decides on a view from before the first desk's check-in...
    assert!(second.state().check_in_decision(&venue, "KZ-200005").is_ok());
    assert!(matches!(first.check_in("KZ-200005", &venue).unwrap(), CheckIn::Done(_)));
    // ...and is told, not written twice.
    match second.check_in("KZ-200005", &venue).unwrap() {
        CheckIn::Already { station, .. } => assert_eq!(station, "desk-2"),
        other => panic!("expected already in, got {other:?}"),
    }
    let check_ins =
        second.folder().facts().map(Result::unwrap).filter(|f| matches!(f.kind, FactKind::CheckedIn { .. })).count();
    assert_eq!(check_ins, 1);
    drop((first, second));
    owner.close();
}

#[test]
fn hosts_in_several_windows_never_fill_a_session_past_its_capacity() {
    let (_tmp, dir) = folder();
    seeded(&dir, 7);
    let owner = Owner::open(&dir, "door-a");
    // Four hosts let children in at the same moment, 10 each, for 7 seats.
    let hosts: Vec<_> = (0..4)
        .map(|h| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut host = guest(&dir, &format!("door-{}", h + 2));
                let mut let_in = 0;
                for i in 0..10 {
                    let code = kid(h * 10 + i).code;
                    match host.door_check_in(&code, MC, &Consent { walk_in: true, ..Default::default() }).unwrap() {
                        DoorOutcome::Done { .. } => let_in += 1,
                        DoorOutcome::Full { .. } => {}
                        other => panic!("unexpected {other:?}"),
                    }
                }
                let_in
            })
        })
        .collect();
    let let_in: usize = hosts.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(let_in, 7, "exactly the seats there were");
    let check = guest(&dir, "organiser");
    let present = check
        .folder()
        .facts()
        .map(Result::unwrap)
        .filter(|f| matches!(&f.kind, FactKind::CheckedIn { entry: EntryPoint::Session(s), .. } if s == MC))
        .count();
    assert_eq!(present, 7);
    drop(check);
    owner.close();
}

#[test]
fn when_the_owner_closes_a_guest_takes_the_folder_over_and_nothing_is_lost() {
    let (_tmp, dir) = folder();
    seeded(&dir, 20);
    let owner = Owner::open(&dir, "door-a");
    let mut desk = guest(&dir, "desk-2");
    let venue = desk.venue_today();
    assert!(matches!(desk.check_in("KZ-200001", &venue).unwrap(), CheckIn::Done(_)));
    owner.close();

    // The next catch-up finds the owner gone and opens the folder itself.
    assert!(desk.catch_up().unwrap(), "took over");
    assert_eq!(desk.folder().guest_of(), None);
    assert!(desk.folder_mut().owned().is_some());
    assert!(matches!(desk.check_in("KZ-200001", &venue).unwrap(), CheckIn::Already { .. }));
    let CheckIn::Done(fact) = desk.check_in("KZ-200002", &venue).unwrap() else { panic!("not checked in") };
    assert_eq!((fact.station.as_str(), fact.seq), ("desk-2", 2), "its log continues where it was");
}

#[test]
fn a_folder_held_by_a_process_that_does_not_share_it_is_refused_as_before() {
    let (_tmp, dir) = folder();
    seeded(&dir, 20);
    // An import: it says, in the lock file, that it needs the folder to itself.
    let held = DataFolder::from(Store::open(&dir, "import").unwrap());
    held.must_own("importing registrants").unwrap();
    let err = DataFolder::open(&dir, "desk-2").err().expect("refused");
    assert!(err.to_string().contains("is open in another checkin (pid"), "{err}");
}

#[test]
fn a_long_running_scan_shares_its_folder_with_commands_started_after_it() {
    let (_tmp, dir) = folder();
    seeded(&dir, 20);
    let now = ["--now", "2016-11-21T09:05"];
    // A scanner at the door: `checkin scan` with its input still open.
    let mut door = RunningScan::start(&dir, &["--station", "door-1", now[0], now[1]]);
    let verdict = door.scan("KZ-200001");
    assert!(verdict.starts_with("OK\tKZ-200001"), "{verdict}");

    // Another desk's scanner joins through it and sees its check-in.
    let desk = common::run_checkin(&dir, &["--station", "desk-2", now[0], now[1]], &["scan"], "KZ-200001\nKZ-200002\n");
    let text = String::from_utf8_lossy(&desk.stdout);
    assert!(desk.status.success(), "{}", String::from_utf8_lossy(&desk.stderr));
    assert!(text.contains("ALREADY\tKZ-200001\tsince 2016-11-21 09:05 at door-1"), "{text}");
    assert!(text.contains("OK\tKZ-200002"), "{text}");

    // An import needs the folder to itself: refused plainly, nothing changed.
    let csv = dir.parent().unwrap().join("more.csv");
    std::fs::write(&csv, "code,family,given\nKZ-300001,Жаңа,Адам\n").unwrap();
    let import = common::run_checkin(&dir, &["--station", "office"], &["import", csv.to_str().unwrap()], "");
    assert_eq!(import.status.code(), Some(1));
    let err = String::from_utf8_lossy(&import.stderr);
    assert!(err.contains("importing registrants needs the data folder to itself"), "{err}");

    // The door's own scanner goes on, and sees the desk's check-in as already done.
    let verdict = door.scan("KZ-200002");
    assert!(verdict.starts_with("ALREADY\tKZ-200002"), "{verdict}");
    door.finish();
}

#[test]
fn a_joined_desk_says_whose_folder_it_uses_and_finds_walk_ins_registered_elsewhere() {
    use checkin::i18n::Lang;
    use checkin::tui::app::App;
    use checkin::tui::desk::Desk;
    let (_tmp, dir) = folder();
    seeded(&dir, 20);
    let owner = Owner::open(&dir, "door-a");
    let mut desk = Desk::new(guest(&dir, "desk-2")).unwrap();
    let mut app = App::new(Lang::En);
    let screen = common::screen(&desk, &app, 120, 40);
    assert!(screen.contains("folder of door-a"), "{screen}");

    // Another window registers a walk-in; this desk's next tick takes it in.
    let mut other = guest(&dir, "desk-3");
    let mut walk_in = common::person("KZ-D3-0001", "Жаңабаев", "Нұрлан", Category::Press);
    walk_in.organisation = "Walk-in Org".into();
    other.walk_in(walk_in).unwrap();
    let mut sharing = Sharing::default(); // a guest's: nothing to serve
    assert!(sharing.step(&mut desk.station, true), "the walk-in arrived");
    desk.absorb_walk_ins();
    for c in "zhanabaev".chars() {
        desk.dispatch(&mut app, checkin::tui::action::Action::Type(c));
    }
    assert_eq!(app.rows.first().map(|r| r.code.as_str()), Some("KZ-D3-0001"));
    // Scanning the new badge here checks them in (they were checked in at desk-3 already).
    assert!(matches!(
        desk.station.check_in("kz-d3-0001", &desk.station.venue_today()).unwrap(),
        CheckIn::Already { .. }
    ));
    drop((desk, other));
    owner.close();
}

#[test]
fn two_doors_racing_for_one_child_mark_them_present_once() {
    let (_tmp, dir) = folder();
    seeded(&dir, 20);
    let owner = Owner::open(&dir, "door-a");
    let mut first = guest(&dir, "door-b");
    let mut second = guest(&dir, "door-c");
    let consent = Consent { walk_in: true, ..Default::default() };
    let code = kid(3).code;
    assert!(matches!(first.door_check_in(&code, MC, &consent).unwrap(), DoorOutcome::Done { .. }));
    // The second door has not seen it yet, and decides again once it learns of it.
    match second.door_check_in(&code, MC, &consent).unwrap() {
        DoorOutcome::Already { station, .. } => assert_eq!(station, "door-b"),
        other => panic!("expected already present, got {other:?}"),
    }
    // Undoing the mark in both windows undoes it once.
    let mark = second
        .folder()
        .facts()
        .map(Result::unwrap)
        .find(|f| matches!(&f.kind, FactKind::CheckedIn { entry: EntryPoint::Session(_), .. }))
        .unwrap();
    assert!(first.annul(mark.id, None).unwrap());
    assert!(second.annul(mark.id, None).unwrap(), "undone already: nothing left to refuse");
    let annulments = second
        .folder()
        .facts()
        .map(Result::unwrap)
        .filter(|f| matches!(&f.kind, FactKind::Annulled { fact, .. } if *fact == mark.id))
        .count();
    assert_eq!(annulments, 1);
    drop((first, second));
    owner.close();
}

#[test]
fn windows_checking_in_different_people_at_full_speed_never_send_each_other_back() {
    let (_tmp, dir) = folder();
    seeded(&dir, 20);
    let owner = Owner::open(&dir, "door-a");
    // Three desks, each checking in its own people as fast as it can: every write is made on a
    // view another desk has just overtaken, and none of them may fail for it.
    let desks: Vec<_> = (0..3)
        .map(|d| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut desk = guest(&dir, &format!("desk-{}", d + 2));
                let venue = desk.venue_today();
                (0..13)
                    .filter(|i| matches!(desk.check_in(&kid(d * 13 + i).code, &venue).unwrap(), CheckIn::Done(_)))
                    .count()
            })
        })
        .collect();
    let done: usize = desks.into_iter().map(|d| d.join().unwrap()).sum();
    assert_eq!(done, 39);
    owner.close();
}

#[test]
fn a_second_window_without_a_station_name_gets_a_numbered_one() {
    let (_tmp, dir) = folder();
    seeded(&dir, 20);
    // The first window takes the machine's default name…
    let mut first = RunningScan::start(&dir, &[]);
    let verdict = first.scan("KZ-200001");
    assert!(verdict.starts_with("OK"), "{verdict}");
    // …and a command started beside it, also without --station, works under that name plus 2.
    let status = common::run_checkin(&dir, &[], &["status"], "");
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let station = text.lines().find_map(|l| l.strip_prefix("station:")).unwrap_or_default().trim().to_owned();
    assert!(station.contains("-2 (operator"), "{text}");
    first.finish();
}

#[test]
fn a_folder_whose_path_is_too_long_to_share_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp
        .path()
        .join("a-very-long-folder-name-for-the-registration-desk-of-the-conference-in-astana")
        .join("stations-data-2016-11-21");
    assert!(dir.as_os_str().len() > 108, "the test needs a path over the socket limit");
    seeded(&dir, 20);
    let owner = Owner::open(&dir, "door-a");
    let err = DataFolder::open(&dir, "desk-2").err().expect("cannot be joined");
    assert!(err.to_string().contains("is open in another checkin (pid"), "{err}");
    assert!(err.to_string().contains("use a shorter --data path"), "{err}");
    owner.close();
}

#[test]
fn a_guest_whose_owner_went_away_joins_whoever_took_the_folder_over() {
    let (_tmp, dir) = folder();
    seeded(&dir, 20);
    let owner = Owner::open(&dir, "door-a");
    let mut desk = guest(&dir, "desk-2");
    let venue = desk.venue_today();
    assert!(matches!(desk.check_in(&kid(1).code, &venue).unwrap(), CheckIn::Done(_)));
    owner.close();
    // Another window wins the race for the folder and is a moment late in sharing it (it is
    // still opening the desk): the guest's next check-in waits for it instead of failing.
    let (locked, is_locked) = std::sync::mpsc::channel();
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    let winner = {
        let dir = dir.clone();
        std::thread::spawn(move || {
            let store = Store::open(&dir, "door-b").unwrap();
            let mut station = Station::new(store, Clock::frozen(at_the_start()), "door-b").unwrap();
            locked.send(()).unwrap();
            std::thread::sleep(Duration::from_millis(300));
            let mut sharing = Sharing::start(&mut station, None);
            while stopped.try_recv().is_err() {
                sharing.step(&mut station, false);
                std::thread::sleep(Duration::from_millis(1));
            }
        })
    };
    is_locked.recv().unwrap();
    assert!(matches!(desk.check_in(&kid(2).code, &venue).unwrap(), CheckIn::Done(_)));
    assert_eq!(desk.folder().guest_of(), Some("door-b"));
    drop(desk);
    stop.send(()).unwrap();
    winner.join().unwrap();
}
