//! End to end in a real terminal: the release-style binary in tmux, typed at like a volunteer.
//! Waits on what the screen shows, never on fixed sleeps. Skipped (with a note) where tmux is
//! missing, except in CI, where its absence is a failure (`.ci/run` installs it).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn available() -> bool {
        Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success())
    }

    fn start(name: &str, command: &str) -> Tmux {
        let tmux = Tmux { socket: format!("checkin-e2e-{}-{name}", std::process::id()) };
        let ok = tmux.run(&["new-session", "-d", "-x", "100", "-y", "30", command]);
        assert!(ok, "tmux could not start");
        tmux
    }

    fn run(&self, args: &[&str]) -> bool {
        Command::new("tmux")
            .args(["-u", "-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env("LANG", "C.UTF-8")
            .status()
            .is_ok_and(|s| s.success())
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux").args(["-u", "-L", &self.socket, "capture-pane", "-p"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Literal text, as a keyboard (or a scanner) would type it.
    fn type_text(&self, text: &str) {
        assert!(self.run(&["send-keys", "-l", text]));
    }

    fn key(&self, key: &str) {
        assert!(self.run(&["send-keys", key]));
    }

    /// The pane runs `sh -c "checkin …; echo EXITED"`: the shell's child is checkin itself.
    fn station_pid(&self) -> String {
        let out = Command::new("tmux").args(["-L", &self.socket, "list-panes", "-F", "#{pane_pid}"]).output().unwrap();
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let out = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
        let station = String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().to_owned();
        assert!(!station.is_empty(), "no checkin process under the pane's shell {shell}");
        station
    }

    /// The screen once it shows `what` and has stopped changing: a capture can fall in the middle
    /// of a redraw (the title of a new banner already there, its lines still the old banner's).
    fn wait_for(&self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(what) {
                std::thread::sleep(Duration::from_millis(30));
                let again = self.screen();
                if again == screen {
                    return screen;
                }
                continue;
            }
            assert!(Instant::now() < deadline, "waited 20 s for {what:?}; the screen shows:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

fn station_command(data: &Path) -> String {
    command_at(data, "desk-1", "2016-11-21T09:05", "")
}

/// The station as `station` with its clock from `now`, plus `extra` arguments.
fn command_at(data: &Path, station: &str, now: &str, extra: &str) -> String {
    format!(
        "{} --data {} --station {station} --operator e2e --lang en --now {now} {extra}; echo EXITED:$?; sleep 30",
        env!("CARGO_BIN_EXE_checkin"),
        data.display()
    )
}

#[test]
fn a_volunteer_checks_people_in_and_the_state_survives_a_restart() {
    if !Tmux::available() {
        assert!(std::env::var_os("CI").is_none(), "tmux is missing in CI: .ci/run should have installed it");
        eprintln!("skipped: tmux is not installed (apt-get install tmux)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");

    let tmux = Tmux::start("first", &station_command(&data));
    tmux.wait_for("DEMO");
    tmux.wait_for("arrived 0 of 1000");

    // A Latin query finds the Cyrillic name.
    tmux.type_text("baizhanov dark");
    tmux.wait_for("Байжанов Дархан");
    tmux.key("Enter");
    let screen = tmux.wait_for("CHECKED IN");
    assert!(screen.contains("KZ-000001"), "{screen}");
    tmux.wait_for("arrived 1 of 1000");

    // The same person again: a warning with the first time and station, no second check-in.
    tmux.type_text("KZ-000001");
    tmux.key("Enter");
    let screen = tmux.wait_for("ALREADY IN");
    assert!(screen.contains("since 09:05 at desk-1"), "{screen}");
    assert!(screen.contains("arrived 1 of 1000"), "{screen}");

    // A badge scanned while the Russian layout is active types ЛЯ-000002 for KZ-000002.
    tmux.type_text("ЛЯ-000002");
    tmux.key("Enter");
    let screen = tmux.wait_for("arrived 2 of 1000");
    assert!(screen.contains("CHECKED IN") && screen.contains("KZ-000002"), "{screen}");

    tmux.key("C-q");
    tmux.wait_for("EXITED:0");
    drop(tmux);

    // Restart: the state is still there.
    let tmux = Tmux::start("second", &station_command(&data));
    tmux.wait_for("arrived 2 of 1000");
    tmux.type_text("kz-000002");
    tmux.key("Enter");
    tmux.wait_for("ALREADY IN");
    tmux.key("C-c");
    tmux.wait_for("EXITED:0");
}

#[test]
fn a_child_is_released_only_to_their_chaperone_and_the_numbers_follow() {
    if !Tmux::available() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let tmux = Tmux::start("checkout", &station_command(&data));
    tmux.wait_for("DEMO");

    // Иванов Максим (KZ-000019), a child of the delegation «Алматы облысы — 5», comes in.
    tmux.type_text("KZ-000019");
    tmux.key("Enter");
    tmux.wait_for("CHECKED IN");
    tmux.wait_for("on site 1");

    // Someone not authorised tries to take him: refused, and he stays on site.
    tmux.type_text("KZ-000019");
    tmux.key("F10");
    tmux.wait_for("Check out a minor: who is collecting?");
    tmux.wait_for("Тоқаева Гаухар Мұратқызы (chaperone)");
    // Nothing is pre-selected; Up from there is the last row, "someone else".
    tmux.key("Up");
    tmux.key("Enter");
    tmux.wait_for("Collector's name");
    tmux.type_text("Petrov Petr");
    tmux.key("Enter");
    // No reason, no organiser: the form stays open on the missing reason, nothing is written.
    let screen = tmux.wait_for("Type the reason for the override.");
    assert!(screen.contains("on site 1"), "{screen}");
    tmux.key("Escape");
    tmux.wait_for("Find a person");

    // At the exit, from the on-site list: his chaperone collects him after an ID check.
    tmux.key("F7");
    tmux.wait_for("On site now: 1 person, 1 minor");
    tmux.wait_for("Алматы облысы — 5 (1 of ");
    tmux.type_text("KZ-000019");
    tmux.key("Enter");
    tmux.wait_for("Check the adult's ID");
    tmux.key("Down");
    tmux.key("Enter");
    let screen = tmux.wait_for("CHECKED OUT");
    assert!(screen.contains("collected by Тоқаева Гаухар Мұратқызы"), "{screen}");
    tmux.wait_for("on site 0");

    // The dashboard and the report agree.
    tmux.key("F9");
    let screen = tmux.wait_for("Arrived 1 / 1000");
    assert!(screen.contains("On site 0") && screen.contains("Left 1") && screen.contains("Children 1/450"), "{screen}");
    tmux.key("Escape");
    tmux.wait_for("Find a person");
    tmux.key("C-q");
    tmux.wait_for("EXITED:0");
    drop(tmux);

    let out = Command::new(env!("CARGO_BIN_EXE_checkin"))
        .args(["--data", data.to_str().unwrap(), "--now", "2016-11-21T09:30", "report", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let numbers = (report["arrived"].as_u64(), report["on_site"].as_u64(), report["left"].as_u64());
    assert_eq!(numbers, (Some(1), Some(0), Some(1)));
    assert_eq!(report["children"]["arrived"], 1);
    assert_eq!(report["desks"][0]["check_outs"], 1, "{report}");
}

#[test]
fn a_tiny_window_asks_to_be_enlarged_and_recovers() {
    if !Tmux::available() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let tmux = Tmux::start("tiny", &station_command(&tmp.path().join("data")));
    tmux.wait_for("DEMO");
    assert!(tmux.run(&["resize-window", "-x", "60", "-y", "20"]));
    tmux.wait_for("Please enlarge the window");
    // Keys typed while the window is too small are not lost.
    tmux.type_text("KZ-00000");
    assert!(tmux.run(&["resize-window", "-x", "100", "-y", "30"]));
    tmux.type_text("1");
    tmux.key("Enter");
    tmux.wait_for("CHECKED IN");
    tmux.key("C-q");
    tmux.wait_for("EXITED:0");
}

#[test]
fn sigterm_restores_the_terminal_and_exits_cleanly() {
    if !Tmux::available() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data-sigterm");
    let tmux = Tmux::start("term", &station_command(&data));
    tmux.wait_for("DEMO");
    let station = tmux.station_pid();
    assert!(Command::new("kill").args(["-TERM", &station]).status().unwrap().success());
    let screen = tmux.wait_for("EXITED:0");
    // Back on the normal screen: the desk's frame is gone.
    assert!(!screen.contains("Find a person"), "{screen}");
}

#[test]
fn a_host_fills_a_master_class_refuses_the_next_and_calls_them_when_a_seat_frees() {
    if !Tmux::available() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let command = command_at(&tmp.path().join("data"), "robotics-door", "2016-11-21T14:05", "--session mc-robotics-1");
    let tmux = Tmux::start("host", &command);
    // Straight onto the roster: 13 children signed up for 20 seats.
    tmux.wait_for("Robotics master class");
    tmux.wait_for("signed up 13 · capacity 20 · 7 seats left");

    // A signed-up child is in at once.
    tmux.type_text("KZ-000096");
    tmux.key("Enter");
    tmux.wait_for("PRESENT");
    tmux.wait_for("present 1 ·");

    // Seven children not signed up take the free seats, one confirming key each.
    let walk_ins = ["KZ-000019", "KZ-000021", "KZ-000022", "KZ-000023", "KZ-000025", "KZ-000026", "KZ-000035"];
    for (i, code) in walk_ins.iter().enumerate() {
        tmux.type_text(code);
        tmux.key("Enter");
        tmux.wait_for("let in as a walk-in?");
        tmux.key("Enter");
        tmux.wait_for(&format!("walk-ins {} ·", i + 1));
    }
    let screen = tmux.wait_for("walk-ins 7 · FULL");
    assert!(screen.contains("present 8 ·"), "{screen}");

    // The next one is refused clearly and offered the waitlist.
    tmux.type_text("KZ-000036");
    tmux.key("Enter");
    let screen = tmux.wait_for("No seats left: taken 20/20");
    assert!(screen.contains("Enter: add to the waitlist"), "{screen}");
    tmux.key("Enter");
    // She is signed up for the festival running at the same time: the waitlist warns, as a
    // sign-up does, and Enter goes ahead.
    let screen = tmux.wait_for("Overlaps a session they are signed up for");
    assert!(screen.contains("Enter: join the waitlist anyway"), "{screen}");
    tmux.key("Enter");
    tmux.wait_for("ON THE WAITLIST, NUMBER 1");
    tmux.wait_for("waitlist 1");

    // A signed-up child who has not come cancels: the seat is offered to the first waiting.
    tmux.type_text("KZ-000143");
    tmux.wait_for("KZ-000143");
    tmux.key("DC");
    tmux.wait_for("Cancel the seat?");
    tmux.key("Enter");
    tmux.wait_for("SEAT CANCELLED");
    let screen = tmux.wait_for("(KZ-000036) — a seat is free for them");
    assert!(screen.contains("Call: Қалиева Ұлжан Болатқызы"), "{screen}");

    // Esc returns to the desk; Ctrl+Q quits.
    tmux.key("Escape");
    tmux.wait_for("Find a person");
    tmux.key("C-q");
    tmux.wait_for("EXITED:0");
}

#[test]
fn a_station_whose_terminal_goes_away_ends_and_frees_the_data_folder() {
    if !Tmux::available() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data-hangup");
    let tmux = Tmux::start("hangup", &station_command(&data));
    tmux.wait_for("DEMO");
    let station = tmux.station_pid();
    // The terminal disappears (an SSH connection dropped, a window closed).
    drop(tmux);
    let deadline = Instant::now() + Duration::from_secs(20);
    while Path::new(&format!("/proc/{station}")).exists() {
        if Instant::now() > deadline {
            // Do not leave it spinning on a shared machine.
            let _ = Command::new("kill").args(["-KILL", &station]).status();
            panic!("checkin {station} still ran 20 s after its terminal went away");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // The folder can be opened again.
    let out = Command::new(env!("CARGO_BIN_EXE_checkin"))
        .args(["--data", data.to_str().unwrap(), "status"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn two_hosts_at_one_door_share_the_seats_and_the_second_carries_on_when_the_first_closes() {
    if !Tmux::available() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let at = |station: &str| command_at(&data, station, "2016-11-21T14:05", "--session mc-robotics-1");
    // The first window owns the folder (it loads the demo); the second joins it.
    let a = Tmux::start("door-a", &at("robotics-door-a"));
    a.wait_for("signed up 13 · capacity 20 · 7 seats left");
    let b = Tmux::start("door-b", &at("robotics-door-b"));
    b.wait_for("signed up 13 · capacity 20 · 7 seats left");

    let let_in = |host: &Tmux, code: &str| {
        host.type_text(code);
        host.key("Enter");
        host.wait_for("let in as a walk-in?");
        host.key("Enter");
        host.wait_for("LET IN");
    };
    // Six walk-ins at either door; each door sees the other's within a tick.
    for (i, code) in ["KZ-000019", "KZ-000021", "KZ-000022", "KZ-000023", "KZ-000025", "KZ-000026"].iter().enumerate() {
        let_in(if i % 2 == 0 { &a } else { &b }, code);
    }
    a.wait_for("walk-ins 6 ·");
    b.wait_for("walk-ins 6 ·");
    b.wait_for("1 seat left");

    // The last seat: door B asks its question, door A fills the seat meanwhile.
    b.type_text("KZ-000035");
    b.key("Enter");
    b.wait_for("let in as a walk-in?");
    let_in(&a, "KZ-000036");
    a.wait_for("FULL");
    // B's yes was decided on a seat that is gone: refused, not squeezed in.
    b.key("Enter");
    b.wait_for("No seats left: taken 20/20");

    // The owning window closes; the other takes the folder over and keeps the count.
    a.key("Escape");
    a.wait_for("Find a person");
    a.key("C-q");
    a.wait_for("EXITED:0");
    b.key("Escape");
    b.type_text("KZ-000037");
    b.key("Enter");
    b.wait_for("No seats left: taken 20/20");
    let report = Command::new(env!("CARGO_BIN_EXE_checkin"))
        .args([
            "--data",
            data.to_str().unwrap(),
            "--station",
            "organiser",
            "--now",
            "2016-11-21T14:06",
            "sessions",
            "--json",
        ])
        .output()
        .unwrap();
    // A command joins the window that now owns the folder, and sees every seat taken once.
    assert!(report.status.success(), "{}", String::from_utf8_lossy(&report.stderr));
    let sessions: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let robotics = sessions.as_array().unwrap().iter().find(|s| s["id"] == "mc-robotics-1").unwrap();
    assert_eq!((robotics["walk_ins"].as_u64(), robotics["seats_left"].as_u64()), (Some(7), Some(0)), "{robotics}");
    b.key("Escape");
    b.key("C-q");
    b.wait_for("EXITED:0");
}

#[test]
fn a_walk_ins_badge_goes_to_the_printer_right_after_registration_and_a_reprint_says_so() {
    if !Tmux::available() {
        assert!(std::env::var_os("CI").is_none(), "tmux is missing in CI: .ci/run should have installed it");
        eprintln!("skipped: tmux is not installed (apt-get install tmux)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    // A stand-in for CUPS' lp: keeps its arguments and the file it was given.
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let lp = bin.join("lp");
    let script = format!(
        "#!/bin/sh\necho \"$@\" >> {dir}/lp-args\nfor f; do :; done\ncp \"$f\" {dir}/printed.pdf\n",
        dir = tmp.path().display()
    );
    std::fs::write(&lp, script).unwrap();
    #[cfg(unix)]
    std::fs::set_permissions(&lp, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let command = format!(
        "PATH={}:$PATH {}",
        bin.display(),
        command_at(&data, "desk-1", "2016-11-21T09:05", "--printer badge-printer")
    );
    let tmux = Tmux::start("badge", &command);
    tmux.wait_for("DEMO");

    tmux.key("F6");
    tmux.wait_for("Family name");
    tmux.type_text("Сейітқали");
    tmux.key("Tab");
    tmux.type_text("Әмина");
    tmux.key("Enter");
    let screen = tmux.wait_for("F11 / Ctrl+B prints the badge");
    assert!(screen.contains("WALK-IN REGISTERED"), "{screen}");
    let code = screen.split_whitespace().find(|w| w.starts_with("W-desk-1-")).unwrap().to_owned();

    tmux.key("F11");
    let screen = tmux.wait_for("BADGE PRINTED");
    assert!(screen.contains("sent to printer badge-printer") && screen.contains("Сейітқали Әмина"), "{screen}");
    let args = std::fs::read_to_string(tmp.path().join("lp-args")).unwrap();
    assert!(args.starts_with("-d badge-printer -t badge W-desk-1-"), "{args}");
    let printed = tmp.path().join("printed.pdf");
    assert!(std::fs::read(&printed).unwrap().starts_with(b"%PDF-"));
    if Command::new("zbarimg").arg("--version").output().is_ok() {
        let png = tmp.path().join("printed");
        let rendered =
            Command::new("pdftoppm").args(["-r", "150", "-png", "-singlefile"]).arg(&printed).arg(&png).status();
        assert!(rendered.unwrap().success());
        let out = Command::new("zbarimg").args(["-q", "--raw"]).arg(png.with_extension("png")).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), code, "the badge's QR code is the walk-in's code");
    }

    // Ctrl+B (for browser terminals, which keep F11) on the same person: a reprint, counted.
    tmux.type_text("seiitkali");
    tmux.wait_for(&code);
    tmux.key("C-b");
    let screen = tmux.wait_for("BADGE REPRINTED");
    assert!(screen.contains("printed 2 times, first 09:05 at desk-1"), "{screen}");
    tmux.key("C-q");
    tmux.wait_for("EXITED:0");
    drop(tmux);

    let facts = tmp.path().join("facts.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_checkin"))
        .args(["--data", data.to_str().unwrap(), "export", "facts", "--out", facts.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let log = std::fs::read_to_string(&facts).unwrap();
    let prints = log.lines().filter(|l| l.contains("badge_printed") && l.contains(&code)).count();
    assert_eq!(prints, 2, "{log}");
}

/// A free UDP port on 127.0.0.1 (iroh's QUIC).
fn free_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `checkin` on `data` with `args`, English, its output.
fn checkin(data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_checkin"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("CHECKIN_DATA")
        .env("CHECKIN_LANG", "en")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// Ends the founder's `checkin sync` when the test ends, however it ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_walk_in_registered_at_one_laptop_is_found_and_already_in_at_another() {
    if !Tmux::available() {
        assert!(std::env::var_os("CI").is_none(), "tmux is missing in CI: .ci/run should have installed it");
        eprintln!("skipped: tmux is not installed (apt-get install tmux)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (tmp.path().join("desk-a"), tmp.path().join("desk-b"), tmp.path().join("desk-c"));
    let (port_a, port_b, port_c) = (free_port(), free_port(), free_port());
    let net = |port: u16| {
        vec!["--listen".to_owned(), format!("127.0.0.1:{port}"), "--no-mdns".to_owned(), "--peer".to_owned()]
            .into_iter()
            .chain([format!("127.0.0.1:{port_a}")])
            .collect::<Vec<String>>()
    };

    // The organisers' laptop: programme, 40 registrants, and `checkin sync`.
    let program = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/program.json");
    let people = tmp.path().join("people.csv");
    let ok = |out: std::process::Output| {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    ok(checkin(&a, &["--station", "desk-a", "program", program.to_str().unwrap()]));
    ok(checkin(tmp.path(), &["sample", "--count", "40", "--seed", "7", "--out", people.to_str().unwrap()]));
    ok(checkin(&a, &["--station", "desk-a", "import", people.to_str().unwrap()]));
    let founder = Command::new(env!("CARGO_BIN_EXE_checkin"))
        .arg("--data")
        .arg(&a)
        .args(["--station", "desk-a", "--listen", &format!("127.0.0.1:{port_a}"), "--no-mdns", "sync"])
        .env_remove("CHECKIN_DATA")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let _founder = Child(founder);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(a.join("sync.json")).is_ok_and(|s| s.contains(&format!("127.0.0.1:{port_a}"))) {
        assert!(Instant::now() < deadline, "desk-a never listened");
        std::thread::sleep(Duration::from_millis(100));
    }

    // Two laptops join with tickets, then run the desk in a terminal each.
    let mut desks = Vec::new();
    for (dir, name, port, now) in
        [(&b, "desk-b", port_b, "2016-11-21T09:05"), (&c, "desk-c", port_c, "2016-11-21T09:10")]
    {
        let ticket = ok(checkin(&a, &["--station", "desk-a-cli", "invite", "--name", name]));
        let mut args: Vec<String> = net(port);
        args.extend(["join".to_owned(), ticket.trim().to_owned()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(checkin(dir, &args));
        let tmux = Tmux::start(name, &command_at(dir, name, now, &net(port).join(" ")));
        tmux.wait_for("arrived 0 of 40");
        desks.push(tmux);
    }
    let (desk_b, desk_c) = (&desks[0], &desks[1]);

    // A walk-in at desk-b: registered and checked in, in one write.
    desk_b.key("F6");
    desk_b.wait_for("Family name");
    desk_b.type_text("Сейітқали");
    desk_b.key("Tab");
    desk_b.type_text("Әмина");
    desk_b.key("Enter");
    let screen = desk_b.wait_for("WALK-IN REGISTERED");
    let code = screen.split_whitespace().find(|w| w.starts_with("W-desk-b-")).unwrap().to_owned();

    // desk-c hears of it through desk-a: search finds her, and she is in already.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ok(checkin(&c, &["--station", "desk-c-cli", "search", "seiitkali"])).contains(&code) {
        assert!(Instant::now() < deadline, "desk-c never heard of {code}");
        std::thread::sleep(Duration::from_millis(200));
    }
    desk_c.type_text("seiitkali");
    desk_c.wait_for(&code);
    desk_c.key("Enter");
    let screen = desk_c.wait_for("ALREADY IN");
    assert!(screen.contains("since 09:05 at desk-b"), "{screen}");
    desk_c.wait_for("arrived 1 of 41");

    // Someone on the list, new at desk-c: checked in (OK), and then already in at desk-b.
    desk_c.type_text("KZ-000003");
    desk_c.key("Enter");
    let screen = desk_c.wait_for("CHECKED IN");
    assert!(screen.contains("KZ-000003"), "{screen}");
    desk_c.wait_for("arrived 2 of 41");
    desk_b.wait_for("arrived 2 of 41");
    desk_b.type_text("KZ-000003");
    desk_b.key("Enter");
    let screen = desk_b.wait_for("ALREADY IN");
    assert!(screen.contains("at desk-c"), "{screen}");

    for desk in &desks {
        desk.key("C-q");
        desk.wait_for("EXITED:0");
    }
}
