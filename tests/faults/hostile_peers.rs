//! Whoever connects to a shared folder's socket is untrusted input: no message can crash the
//! window that owns the folder (defect 4), and no write gets past the rules every write
//! obeys (defect 6).

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use checkin::domain::admission::Refusal;
use checkin::domain::{EntryPoint, FactKind, Person};
use checkin::store::share::protocol::{self, Reply, Request};

use crate::common;
use crate::support::*;

/// `scan` as the folder's owner, sharing it, with its input and output at hand.
struct Owner {
    child: Child,
    input: std::process::ChildStdin,
    output: std::io::Lines<BufReader<std::process::ChildStdout>>,
}

impl Owner {
    fn start(dir: &std::path::Path) -> Owner {
        let mut child = checkin(dir).arg("scan").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap()).lines();
        let deadline = Instant::now() + Duration::from_secs(30);
        while !dir.join("checkin.sock").exists() {
            assert!(Instant::now() < deadline, "the owner never shared the folder");
            std::thread::sleep(Duration::from_millis(20));
        }
        Owner { child, input, output }
    }

    /// Scans `code` and returns the verdict line: the owner is alive and working.
    fn scan(&mut self, code: &str) -> String {
        writeln!(self.input, "{code}").unwrap();
        self.output.next().expect("the owner answers").unwrap()
    }

    fn quit(mut self) {
        drop(self.input);
        assert!(self.child.wait().unwrap().success());
    }
}

fn connect(dir: &std::path::Path) -> UnixStream {
    let stream = UnixStream::connect(dir.join("checkin.sock")).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream
}

/// Defect 4: a Hello whose station name claims 2^40 bytes killed the owner ("memory allocation
/// of 1099511627776 bytes failed"); so could a frame that claims a gigabyte and sends nothing.
#[test]
fn a_hello_claiming_a_huge_name_does_not_bring_the_owner_down() {
    let tmp = tempfile::tempdir().unwrap();
    folder_with_people(tmp.path(), 5);
    let mut owner = Owner::start(tmp.path());

    let mut hello = vec![checkin::store::codec::VALUE_FORMAT, 0, 1]; // Hello, protocol 1
    hello.push(253); // the station's length: a u64 follows
    hello.extend_from_slice(&(1u64 << 40).to_le_bytes());
    let mut stream = connect(tmp.path());
    stream.write_all(&(hello.len() as u32).to_be_bytes()).unwrap();
    stream.write_all(&hello).unwrap();
    let mut answer = Vec::new();
    let _ = std::io::Read::read_to_end(&mut stream, &mut answer);

    let mut claims_a_gigabyte = connect(tmp.path());
    claims_a_gigabyte.write_all(&(1u32 << 30).to_be_bytes()).unwrap();
    drop(claims_a_gigabyte);

    assert!(owner.scan("KZ-000001").starts_with("OK\tKZ-000001"), "the owner works on");
    owner.quit();
}

/// A client of the folder protocol that writes whatever it likes.
struct Hostile {
    stream: UnixStream,
    upto: u64,
}

impl Hostile {
    fn join(dir: &std::path::Path, station: &str) -> Result<Hostile, Reply> {
        let mut stream = connect(dir);
        let hello = Request::Hello { protocol: protocol::PROTOCOL, station: station.into() };
        protocol::send(&mut stream, &hello).unwrap();
        match protocol::receive::<Reply>(&mut stream).unwrap() {
            Reply::Welcome(w) => Ok(Hostile { stream, upto: w.upto }),
            other => Err(other),
        }
    }

    /// Appends `kinds` as `operator`, claiming to have seen everything: the owner's reply.
    fn append(&mut self, operator: &str, kinds: Vec<FactKind>) -> Reply {
        let request = Request::Append {
            since: self.upto,
            only_if_current: false,
            at: common::morning(),
            operator: operator.into(),
            kinds,
        };
        protocol::send(&mut self.stream, &request).unwrap();
        let reply = protocol::receive::<Reply>(&mut self.stream).unwrap();
        if let Reply::Facts { upto, .. } = &reply {
            self.upto = *upto;
        }
        reply
    }
}

fn written(reply: &Reply) -> bool {
    matches!(reply, Reply::Facts { .. })
}

/// Defect 6: a client speaking the folder protocol wrote 40 sign-ups into a full master class,
/// released a child to an unauthorised "Stranger", checked one person in three times, checked in
/// an unknown code, and registered a walk-in whose name carried terminal escapes and U+202E.
/// The owner applies the rules and the text cleaning to every write, whoever sends it.
#[test]
fn the_owner_applies_the_rules_to_what_a_guest_writes() {
    let tmp = tempfile::tempdir().unwrap();
    folder_with_people(tmp.path(), 60);
    let mut owner = Owner::start(tmp.path());
    let mut guest = Hostile::join(tmp.path(), "desk-9").expect("welcomed");
    let venue = EntryPoint::Venue(common::day1());
    let check_in = |code: &str| FactKind::CheckedIn { code: code.into(), entry: venue.clone(), note: None };

    // The master class holds 20 (the common programme); 40 ask for a seat.
    let sign_ups = codes(60)[20..60]
        .iter()
        .map(|code| {
            guest.append(
                "op",
                vec![FactKind::SignedUp { code: code.clone(), session: "mc-robotics-1".into(), note: None }],
            )
        })
        .filter(written)
        .count();
    assert_eq!(sign_ups, 20, "a seat each while there are seats, then none");

    // KZ-000001 is a child (a third of the registrants are): in, then out with a stranger.
    assert!(written(&guest.append("op", vec![check_in("KZ-000001")])));
    let stranger = FactKind::CheckedOut {
        code: "KZ-000001".into(),
        day: common::day1(),
        collected_by: Some("Stranger".into()),
        note: None,
    };
    assert!(matches!(guest.append("op", vec![stranger]), Reply::NotAdmitted(Refusal::NotAuthorised { .. })));

    // Three check-ins of one person; a code nobody has.
    assert!(written(&guest.append("op", vec![check_in("KZ-000002")])));
    assert!(matches!(guest.append("op", vec![check_in("KZ-000002")]), Reply::NotAdmitted(Refusal::AlreadyIn { .. })));
    assert!(matches!(guest.append("op", vec![check_in("KZ-000002"), check_in("KZ-000003")]), Reply::NotAdmitted(_)));
    assert!(matches!(guest.append("op", vec![check_in("XX-999999")]), Reply::NotAdmitted(Refusal::UnknownCode(_))));
    let badge = |code: &str| FactKind::BadgePrinted { code: code.into(), printer: Some("lp\u{1b}[31m-office".into()) };
    assert!(matches!(guest.append("op", vec![badge("XX-999999")]), Reply::NotAdmitted(Refusal::UnknownCode(_))));
    assert!(written(&guest.append("op", vec![badge("KZ-000002")])));

    // A walk-in whose name would move the cursor and turn text around; an operator with ESC.
    let walk_in = Person {
        code: "W-desk-9-1".into(),
        family: "\u{1b}[2J\u{1b}[31mEvil\u{202e}reversed".into(),
        given: "Ann\u{1b}]0;title\u{7}a".into(),
        ..Default::default()
    };
    assert!(written(&guest.append("op", vec![FactKind::WalkedIn { person: Box::new(walk_in) }])));
    assert!(matches!(
        guest.append("op\u{1b}[31m", vec![check_in("KZ-000004")]),
        Reply::NotAdmitted(Refusal::BadName { .. })
    ));
    drop(guest);
    assert!(owner.scan("KZ-000005").starts_with("OK\tKZ-000005"), "the owner works on");
    owner.quit();

    let store = checkin::store::Store::open(tmp.path(), "desk-1").unwrap();
    let facts: Vec<_> = store.facts().map(Result::unwrap).collect();
    let count = |pred: &dyn Fn(&FactKind) -> bool| facts.iter().filter(|f| pred(&f.kind)).count();
    assert_eq!(count(&|k| matches!(k, FactKind::SignedUp { .. })), 20);
    assert_eq!(count(&|k| matches!(k, FactKind::CheckedOut { .. })), 0);
    assert_eq!(count(&|k| matches!(k, FactKind::CheckedIn { code, .. } if code == "KZ-000002")), 1);
    assert_eq!(count(&|k| matches!(k, FactKind::CheckedIn { code, .. } if code == "XX-999999")), 0);
    let walk_in = store.person("W-desk-9-1").unwrap().expect("the walk-in is registered");
    assert_eq!((walk_in.family.as_str(), walk_in.given.as_str()), ("Evilreversed", "Anna"));
    let printed = facts.iter().filter_map(|f| match &f.kind {
        FactKind::BadgePrinted { code, printer } => Some((code.as_str(), printer.as_deref())),
        _ => None,
    });
    assert_eq!(
        printed.collect::<Vec<_>>(),
        [("KZ-000002", Some("lp-office"))],
        "a known code, its printer name cleaned"
    );
}

/// Defect 11: station names took U+202E and other bidirectional controls, which then reached
/// `scan`, `report`, `search` and CSV exports.
#[test]
fn a_station_name_with_hidden_characters_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    folder_with_people(tmp.path(), 5);
    let owner = Owner::start(tmp.path());
    let refused = Hostile::join(tmp.path(), "desk\u{202e}-9").err().expect("not welcomed");
    assert!(matches!(refused, Reply::Refused(_)), "{refused:?}");
    owner.quit();
}
