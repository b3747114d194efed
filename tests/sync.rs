//! Stations on several machines, each a real `checkin sync` process with its own data folder,
//! linked over 127.0.0.1 with explicit peers and mDNS off.
//!
//! Links are cut with each station's block list (`--sync-block`), not with a UDP proxy: iroh
//! opens direct paths between the stations' own loopback sockets around any proxy (QUIC NAT
//! traversal), so only a cut inside the station is a real cut without root.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);

/// The English name of data/program.json.
const PROGRAMME_NAME: &str = "«Child-friendly Kazakhstan» international conference";

/// One station: a folder, a port, and its `checkin sync` process while it runs.
struct Node {
    name: String,
    dir: PathBuf,
    port: u16,
    block: PathBuf,
    child: Option<Child>,
    peers: Vec<u16>,
    /// The station's clock (`--now`), if not the real one.
    now: Option<String>,
}

impl Node {
    fn new(root: &Path, name: &str) -> Node {
        let dir = root.join(name);
        Node {
            name: name.into(),
            block: root.join(format!("{name}.block")),
            dir,
            port: free_port(),
            child: None,
            peers: Vec::new(),
            now: None,
        }
    }

    fn network_args(&self) -> Vec<String> {
        let mut args = vec!["--listen".into(), format!("127.0.0.1:{}", self.port), "--no-mdns".into()];
        for p in &self.peers {
            args.push("--peer".into());
            args.push(format!("127.0.0.1:{p}"));
        }
        args.push("--sync-block".into());
        args.push(self.block.display().to_string());
        args
    }

    /// Starts `checkin sync` on the folder and waits until it listens.
    fn start(&mut self) {
        let child = Command::new(env!("CARGO_BIN_EXE_checkin"))
            .arg("--data")
            .arg(&self.dir)
            .args(["--station", &self.name])
            .args(self.now.iter().flat_map(|now| ["--now", now.as_str()]))
            .args(self.network_args())
            .arg("sync")
            .env_remove("CHECKIN_DATA")
            .env("CHECKIN_LANG", "en")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        let status = self.dir.join("sync.json");
        wait_until(&format!("{} listens", self.name), || {
            std::fs::read_to_string(&status).is_ok_and(|s| s.contains(&format!("127.0.0.1:{}", self.port)))
        });
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
            let _ = std::fs::remove_file(self.dir.join("sync.json"));
        }
    }

    /// A command beside the running station (as a guest window of its folder).
    fn run(&self, args: &[&str], stdin: &str) -> Output {
        common::run_checkin(&self.dir, &["--station", &format!("{}-cli", self.name)], args, stdin)
    }

    fn scan(&self, code: &str, now: &str) -> String {
        let out = self.run(&["--now", now, "scan"], &format!("{code}\n"));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// How many facts the station holds.
    fn facts(&self) -> usize {
        let out = self.run(&["status"], "");
        let text = String::from_utf8_lossy(&out.stdout);
        text.lines()
            .find_map(|l| l.strip_prefix("facts:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no facts line in {text}"))
    }

    fn key(&self) -> String {
        let status = std::fs::read_to_string(self.dir.join("sync.json")).unwrap();
        let status: serde_json::Value = serde_json::from_str(&status).unwrap();
        status["key"].as_array().unwrap().iter().map(|b| format!("{:02x}", b.as_u64().unwrap())).collect()
    }

    /// Cuts (or heals, with an empty list) this station's links to `others`.
    fn cut_from(&self, others: &[&Node]) {
        let keys: Vec<String> = others.iter().map(|o| o.key()).collect();
        std::fs::write(&self.block, keys.join("\n")).unwrap();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A founder with the bundled programme and 40 sample people, running; `others` joined with
/// tickets and running, each dialling the founder.
fn event(root: &Path, others: &[&str]) -> Vec<Node> {
    event_with(root, others, &Path::new(env!("CARGO_MANIFEST_DIR")).join("data/program.json"), None)
}

/// [`event`] with another programme, the stations' clocks reading `now`.
fn event_with(root: &Path, others: &[&str], program: &Path, now: Option<&str>) -> Vec<Node> {
    let mut founder = Node::new(root, "desk-a");
    founder.now = now.map(str::to_owned);
    let program = program.to_path_buf();
    let people = root.join("people.csv");
    let run = |args: &[&str]| common::run_checkin(&founder.dir, &["--station", "desk-a"], args, "");
    assert!(run(&["program", program.to_str().unwrap()]).status.success());
    let sample = common::run_checkin(
        root,
        &[],
        &["sample", "--count", "40", "--seed", "7", "--out", people.to_str().unwrap()],
        "",
    );
    assert!(sample.status.success(), "{}", stderr(&sample));
    assert!(run(&["import", people.to_str().unwrap()]).status.success());
    founder.start();
    let mut nodes = vec![founder];
    for name in others {
        let mut node = Node::new(root, name);
        node.peers = vec![nodes[0].port];
        node.now = now.map(str::to_owned);
        let ticket = nodes[0].run(&["invite", "--name", name], "");
        assert!(ticket.status.success(), "{}", stderr(&ticket));
        let ticket = stdout(&ticket);
        let mut args: Vec<String> = node.network_args();
        args.extend(["join".into(), ticket.trim().into()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let joined = common::run_checkin(&node.dir, &[], &args, "");
        assert!(joined.status.success(), "{} could not join: {}", name, stderr(&joined));
        assert!(stdout(&joined).contains(&format!("as station {name}")), "{}", stdout(&joined));
        // Named by the programme, not by the founder's folder ("desk-a").
        assert!(
            stdout(&joined).starts_with(&format!("joined {PROGRAMME_NAME} as station {name}")),
            "{}",
            stdout(&joined)
        );
        node.start();
        nodes.push(node);
    }
    nodes
}

#[test]
fn a_check_in_at_one_station_is_already_in_at_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let nodes = event(tmp.path(), &["desk-b", "desk-c"]);
    let (a, b, c) = (&nodes[0], &nodes[1], &nodes[2]);
    // Joining brought the programme and the registrants.
    let status = stdout(&c.run(&["status"], ""));
    assert!(status.contains("40 registered") && status.contains("Child-friendly"), "{status}");
    // And it says which version of them it holds, and from whom.
    assert!(status.contains("(40 people) published by desk-a at") && status.contains(": held"), "{status}");

    assert!(a.scan("KZ-000001", "2016-11-21T09:00").starts_with("OK\t"));
    let facts = a.facts();
    wait_until("desk-b has desk-a's check-in", || b.facts() >= facts);
    let again = b.scan("KZ-000001", "2016-11-21T09:01");
    assert!(again.starts_with("ALREADY\tKZ-000001\tsince 2016-11-21 09:00 at desk-a-cli"), "{again}");
    // desk-c heard of it from desk-a, and of desk-b from desk-a too: it learnt desk-b's address.
    assert!(b.scan("KZ-000002", "2016-11-21T09:02").starts_with("OK\t"));
    let facts = b.facts();
    wait_until("desk-c has desk-b's check-in", || c.facts() >= facts);
    assert!(c.scan("KZ-000002", "2016-11-21T09:03").starts_with("ALREADY\t"));

    // The syncing window writes its picture of the links every few seconds: wait for one that
    // has reached desk-b.
    let list = || -> serde_json::Value { serde_json::from_str(&stdout(&a.run(&["stations", "--json"], ""))).unwrap() };
    wait_until("desk-a's picture has desk-b's address", || {
        list()["stations"].as_array().unwrap().iter().any(|s| s["name"] == "desk-b" && s["address"].is_string())
    });
    let listed = list();
    let names: Vec<&str> = listed["stations"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 3, "{listed}");
    for name in ["desk-a", "desk-b", "desk-c"] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    // Each with what the issue lists: endpoint id, the address it was reached at, last heard,
    // the highest sequence of its log held here, what it lacks of ours, clock offset, revoked.
    let row = |listed: &serde_json::Value, name: &str| {
        listed["stations"].as_array().unwrap().iter().find(|s| s["name"] == name).unwrap().clone()
    };
    let b_row = row(&listed, "desk-b");
    assert_eq!(b_row["endpoint_id"].as_str(), Some(b.key().as_str()), "{b_row}");
    assert_eq!(b_row["address"].as_str(), Some(format!("127.0.0.1:{}", b.port).as_str()), "{b_row}");
    assert!(b_row["last_heard"].is_string() && b_row["clock_offset_ms"].is_i64(), "{b_row}");
    assert_eq!(b_row["revoked"], false);
    assert_eq!(b_row["highest_seq_held"], 0, "desk-b wrote nothing itself (its window desk-b-cli did): {b_row}");
    let a_row = row(&listed, "desk-a");
    assert!(a_row["highest_seq_held"].as_u64().is_some_and(|n| n >= 2), "two invitations: {a_row}");
    assert_eq!(a_row["address"].as_str(), Some(format!("127.0.0.1:{}", a.port).as_str()), "where it listens");
    wait_until("desk-a has shared everything with desk-b", || {
        let listed: serde_json::Value = serde_json::from_str(&stdout(&a.run(&["stations", "--json"], ""))).unwrap();
        row(&listed, "desk-b")["not_shared"] == 0
    });

    // desk-c goes away and desk-a restarts: its last address is still listed, from the picture
    // desk-a's previous run left.
    let mut nodes = nodes;
    nodes[2].kill();
    let mut previous = nodes[0].child.take().unwrap();
    previous.kill().unwrap();
    previous.wait().unwrap();
    let restarted = chrono::Utc::now();
    nodes[0].start();
    let (a, c) = (&nodes[0], &nodes[2]);
    wait_until("the new run of desk-a wrote its picture", || {
        let status = std::fs::read_to_string(a.dir.join("sync.json")).unwrap_or_default();
        let status: serde_json::Value = serde_json::from_str(&status).unwrap_or_default();
        status["at"]
            .as_str()
            .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
            .is_some_and(|at| at > restarted)
    });
    let listed: serde_json::Value = serde_json::from_str(&stdout(&a.run(&["stations", "--json"], ""))).unwrap();
    let c_row = row(&listed, "desk-c");
    assert_eq!(c_row["connected"], false, "{c_row}");
    assert_eq!(c_row["address"].as_str(), Some(format!("127.0.0.1:{}", c.port).as_str()), "{c_row}");
    assert!(c_row["last_heard"].is_string(), "{c_row}");
}

#[test]
fn partitioned_stations_both_admit_a_person_and_agree_once_healed() {
    let tmp = tempfile::tempdir().unwrap();
    let nodes = event(tmp.path(), &["desk-b"]);
    let (a, b) = (&nodes[0], &nodes[1]);
    a.cut_from(&[b]);
    b.cut_from(&[a]);
    // The cut is seen: a station goes on alone.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(a.scan("KZ-000005", "2016-11-21T09:10").starts_with("OK\t"));
    assert!(b.scan("KZ-000005", "2016-11-21T09:12").starts_with("OK\t"), "apart, neither knows of the other's");
    for i in 10..20 {
        let (at, code) = if i % 2 == 0 { (a, format!("KZ-{:06}", i)) } else { (b, format!("KZ-{:06}", i)) };
        assert!(at.scan(&code, "2016-11-21T09:20").starts_with("OK\t"));
    }
    let (apart_a, apart_b) = (a.facts(), b.facts());
    // Each says what it holds that the other has not got: the report is not the whole truth.
    wait_until("desk-a's report says its facts are not shared", || {
        stdout(&a.run(&["report"], "")).contains("facts here not yet on another station")
    });
    std::fs::write(&a.block, "").unwrap();
    std::fs::write(&b.block, "").unwrap();
    wait_until("both hold everything", || a.facts() == b.facts() && a.facts() > apart_a.max(apart_b));

    // One arrival time for the person both admitted: the earlier one, at desk-a.
    let seen = b.scan("KZ-000005", "2016-11-21T09:30");
    assert!(seen.contains("since 2016-11-21 09:10 at desk-a-cli"), "{seen}");
    let report = |n: &Node| {
        let out = n.run(&["--now", "2016-11-21T10:00", "report", "--json"], "");
        serde_json::from_str::<serde_json::Value>(&stdout(&out)).unwrap()
    };
    let (ra, rb) = (report(a), report(b));
    assert_eq!(ra["arrived"], rb["arrived"]);
    assert_eq!(ra["arrived"].as_u64(), Some(11), "{ra}");
    // And the second admission is listed for the organisers, the same at both stations.
    let twice = serde_json::json!([{
        "code": "KZ-000005", "entry": "2016-11-21",
        "first_at": "09:10", "first_station": "desk-a-cli",
        "again_at": "09:12", "again_station": "desk-b-cli",
    }]);
    assert_eq!(ra["duplicates"], twice, "{ra}");
    assert_eq!(rb["duplicates"], twice);
    let text = stdout(&b.run(&["--now", "2016-11-21T10:00", "report"], ""));
    assert!(text.contains("admitted twice (by stations apart; the earlier admission counts)\n  KZ-000005      2016-11-21           09:10 desk-a-cli, again 09:12 desk-b-cli"), "{text}");
    // Healed, each report hears both stations and has nothing left to share.
    for node in [a, b] {
        wait_until(&format!("{} hears both and has shared all", node.name), || {
            let stations = &report(node)["network"]["stations"];
            stations["heard"] == 2 && stations["stations"] == 2 && stations["not_shared"] == 0
        });
        assert_eq!(report(node)["network"]["other_stations"], 1, "the other one");
    }
    let text = stdout(&a.run(&["report"], ""));
    assert!(text.contains("2 of 2 stations heard within a minute"), "{text}");
}

#[test]
fn a_station_killed_mid_stream_gets_every_acknowledged_check_in_after_its_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let mut nodes = event(tmp.path(), &["desk-b"]);
    let codes: String = (1..=30).map(|i| format!("KZ-{i:06}\n")).collect();
    // desk-b is killed while desk-a's scan is streaming facts to it.
    let scanning = {
        let dir = nodes[0].dir.clone();
        std::thread::spawn(move || {
            common::run_checkin(&dir, &["--station", "desk-a-cli"], &["--now", "2016-11-21T09:00", "scan"], &codes)
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    nodes[1].kill();
    let scanned = scanning.join().unwrap();
    let acknowledged = stdout(&scanned).lines().filter(|l| l.starts_with("OK\t")).count();
    assert_eq!(acknowledged, 30, "{}", stderr(&scanned));
    nodes[1].start();
    let (a, b) = (&nodes[0], &nodes[1]);
    wait_until("desk-b has all of desk-a's facts", || b.facts() >= a.facts());
    for i in [1, 15, 30] {
        assert!(b.scan(&format!("KZ-{i:06}"), "2016-11-21T09:05").starts_with("ALREADY\t"));
    }
}

#[test]
fn a_used_ticket_another_event_and_a_revoked_station_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let nodes = event(tmp.path(), &["desk-b"]);
    let a = &nodes[0];

    // A ticket is good once.
    let ticket = stdout(&a.run(&["invite", "--name", "desk-c"], ""));
    let join =
        |dir: &Path| common::run_checkin(dir, &["--listen", "127.0.0.1:0", "--no-mdns"], &["join", ticket.trim()], "");
    assert!(join(&tmp.path().join("c")).status.success());
    let twice = join(&tmp.path().join("c2"));
    assert!(!twice.status.success());
    assert!(stderr(&twice).contains("used already"), "{}", stderr(&twice));

    // A station of another event, told desk-a's key and address: refused, and told why (by
    // the event's name, its programme's).
    let mut stranger = Node::new(tmp.path(), "stranger");
    stranger.peers = vec![a.port];
    let program = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/program.json");
    assert!(common::run_checkin(&stranger.dir, &[], &["program", program.to_str().unwrap()], "").status.success());
    stranger.start();
    let a_key = a.key();
    stranger.kill();
    stranger.peers.clear();
    let mut args = stranger.network_args();
    args.extend(["--peer".into(), format!("{a_key}@127.0.0.1:{}", a.port)]);
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_checkin"))
        .arg("--data")
        .arg(&stranger.dir)
        .args(["--station", "stranger"])
        .args(&args)
        .arg("sync")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    stranger.child = Some(child);
    wait_until("the stranger is told it belongs to another event", || {
        std::fs::read_to_string(stranger.dir.join("sync.json")).is_ok_and(|s| s.contains("another event"))
    });
    let told = std::fs::read_to_string(stranger.dir.join("sync.json")).unwrap();
    assert!(told.contains(&format!("this station is of event {PROGRAMME_NAME}")), "{told}");
    let listed = stdout(&a.run(&["stations", "--json"], ""));
    assert!(!listed.contains("stranger"), "{listed}");

    // desk-b is revoked: desk-a no longer links with it, and says so.
    let revoked = a.run(&["stations", "--revoke", "desk-b"], "");
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    wait_until("desk-a drops desk-b", || {
        let listed = stdout(&a.run(&["stations", "--json"], ""));
        let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
        listed["stations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "desk-b" && s["role"] == "revoked" && s["connected"] == false)
    });
}

#[test]
fn two_laptops_writing_as_one_station_raise_an_alarm() {
    let tmp = tempfile::tempdir().unwrap();
    let mut nodes = event(tmp.path(), &["desk-b"]);
    nodes[1].kill();
    // desk-b's folder copied to a second laptop; both go on as desk-b.
    let mut copy = Node::new(tmp.path(), "desk-b");
    copy.dir = tmp.path().join("desk-b-copy");
    common::copy_dir(&nodes[1].dir, &copy.dir);
    assert!(nodes[1].scan("KZ-000001", "2016-11-21T09:00").starts_with("OK\t"));
    let copied = copy.run(&["--now", "2016-11-21T09:00", "scan"], "KZ-000002\n");
    assert!(stdout(&copied).starts_with("OK\t"), "{}", stderr(&copied));
    let a = &nodes[0];
    let merge_from = |node: &Node, name: &str| {
        let file = tmp.path().join(name);
        let out = node.run(&["export", "facts", "--out", file.to_str().unwrap()], "");
        assert!(out.status.success(), "{}", stderr(&out));
        a.run(&["merge", file.to_str().unwrap()], "")
    };
    // Carried on USB sticks, as a station offline all day would be.
    let first = merge_from(&nodes[1], "b.jsonl");
    assert!(first.status.success(), "{}", stderr(&first));
    let second = merge_from(&copy, "b-copy.jsonl");
    assert!(!second.status.success());
    assert!(stderr(&second).contains("ALARM"), "{}", stderr(&second));
    // The running station's status (written every 2 s) shows it to `stations` beside it.
    wait_until("stations shows the alarm", || {
        stdout(&a.run(&["stations"], "")).contains("ALARM: station desk-b-cli wrote two different facts")
    });
}

/// The master class of the tests of seats, with three seats.
const MC: &str = "mc-robotics-1";
const BEFORE_MC: &str = "2016-11-21T13:40";

/// The bundled programme with the robotics master class cut to three seats.
fn three_seat_program(root: &Path) -> PathBuf {
    let bundled = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/program.json")).unwrap();
    let mut program: serde_json::Value = serde_json::from_str(&bundled).unwrap();
    let session = program["sessions"].as_array_mut().unwrap().iter_mut().find(|s| s["id"] == MC).unwrap();
    session["capacity"] = 3.into();
    let path = root.join("program.json");
    std::fs::write(&path, serde_json::to_string(&program).unwrap()).unwrap();
    path
}

impl Node {
    /// `sessions --sign-up` beside the running station (as a window of its own, so that several
    /// may ask at once): its verdict line.
    fn sign_up(&self, code: &str, now: &str) -> String {
        let window = format!("{}-{code}", self.name);
        let args = ["--now", now, "sessions", "--sign-up", MC, code, "--override", "test"];
        let out = common::run_checkin(&self.dir, &["--station", &window], &args, "");
        stdout(&out) + &stderr(&out)
    }

    /// The master class as this station sees it: (signed up, waitlist, owner).
    fn seats(&self) -> (u64, u64, String) {
        let out = self.run(&["--now", BEFORE_MC, "sessions", "--json"], "");
        let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mc = list.as_array().unwrap().iter().find(|s| s["id"] == MC).unwrap().clone();
        (mc["signed_up"].as_u64().unwrap(), mc["waitlist"].as_u64().unwrap(), mc["owner"].as_str().unwrap_or("").into())
    }

    /// Who wrote each sign-up for the master class: (station, code).
    fn sign_ups(&self) -> Vec<(String, String)> {
        let file = self.dir.join("facts-out.jsonl");
        assert!(self.run(&["export", "facts", "--out", file.to_str().unwrap()], "").status.success());
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::remove_file(&file).unwrap();
        text.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|f| f["kind"]["signed_up"]["session"] == MC)
            .map(|f| (f["station"].as_str().unwrap().into(), f["kind"]["signed_up"]["code"].as_str().unwrap().into()))
            .collect()
    }
}

fn codes(root: &Path, n: usize) -> Vec<String> {
    let people = std::fs::read_to_string(root.join("people.csv")).unwrap();
    people.lines().skip(1).take(n).map(|l| l.split(',').next().unwrap().to_owned()).collect()
}

#[test]
fn three_stations_racing_for_the_last_seats_never_overfill_them_connected_or_apart() {
    let root = tempfile::tempdir().unwrap();
    let mut nodes = event_with(root.path(), &["door", "desk-b"], &three_seat_program(root.path()), Some(BEFORE_MC));
    let [a, door, b] = &mut nodes[..] else { unreachable!() };
    let (a, b) = (&*a, &*b);
    let p = codes(root.path(), 6);
    let agree = |nodes: [&Node; 3], what: &str, expected: (u64, u64, &str)| {
        wait_until(what, || nodes.iter().all(|n| n.seats() == (expected.0, expected.1, expected.2.to_owned())));
    };
    wait_until("every station holds the programme", || b.seats().2 == "desk-a" && door.seats().2 == "desk-a");

    // Connected: four people asked for at three stations at once; desk-a owns the seats.
    let verdicts: Vec<String> = std::thread::scope(|scope| {
        let asks = [(a, &p[0]), (door, &p[1]), (b, &p[2]), (b, &p[3])];
        let handles: Vec<_> =
            asks.into_iter().map(|(node, code)| scope.spawn(move || node.sign_up(code, BEFORE_MC))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let seated = verdicts.iter().filter(|v| v.starts_with("SIGNED-UP")).count();
    assert!(seated <= 3, "{verdicts:?}");
    agree([a, door, b], "the three seats are taken everywhere, one person waits", (3, 1, "desk-a"));
    let seated: Vec<String> = a
        .sign_ups()
        .into_iter()
        .map(|(station, code)| {
            assert_eq!(station, "desk-a", "only the owner gives seats");
            code
        })
        .collect();
    let waiting = p[..4].iter().find(|c| !seated.contains(c)).unwrap().clone();

    // The organiser hands the master class to its door.
    let handed = a.run(&["sessions", "--owner", MC, "door"], "");
    assert!(handed.status.success(), "{}", stderr(&handed));
    agree([a, door, b], "the handover reached every station", (3, 1, "door"));

    // The door goes away (its laptop is shut). Two seats are given up at desk-a; desk-a and
    // desk-b cannot give them, and ask the door offline instead.
    door.kill();
    // Until then the others' pictures of whom they hear still have the door.
    std::thread::sleep(Duration::from_secs(11));
    for code in &seated[..2] {
        let out = a.run(&["sessions", "--cancel", MC, code], "");
        assert!(stdout(&out).starts_with("CANCELLED"), "{}{}", stdout(&out), stderr(&out));
    }
    // ASKED-OFFLINE, or ASKED when a station's picture still has the door connected (a link to a
    // killed station lives until it times out): it waited for an answer, in vain.
    for (node, code, at) in [(b, &p[4], "2016-11-21T13:45"), (a, &p[5], "2016-11-21T13:46")] {
        let asked = node.sign_up(code, at);
        assert!(asked.starts_with("ASKED") && asked.contains("\tdoor decides; waitlisted"), "{asked}");
    }
    wait_until("desk-a and desk-b agree, with no seat given while the owner is away", || {
        a.seats() == (1, 3, "door".into()) && b.seats() == (1, 3, "door".into())
    });

    // The door is back: it gives the two free seats to what it was asked, the one left waiting
    // at the start first; the third ask waits.
    door.start();
    agree([a, door, b], "the door decided the asks once it was back", (3, 1, "door"));
    let given: Vec<(String, String)> = b.sign_ups().into_iter().filter(|(station, _)| station == "door").collect();
    assert_eq!(given.len(), 2, "{given:?}");
    assert_eq!(given[0].1, waiting, "the first to ask, before the door went away");
    assert!(given[1].1 == p[4] || given[1].1 == p[5], "{given:?}");
}
