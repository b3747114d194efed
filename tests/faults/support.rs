//! What the fault tests share: the binary under test, folders with people in them, a small disk
//! that fills up (a tmpfs), and strace to kill a process or fail a system call at a chosen point.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use checkin::store::Store;

/// The binary under test: this build's, or `CHECKIN_TEST_BIN` (to check that a test fails on an
/// older build, as RELIABILITY.md describes).
pub fn binary() -> PathBuf {
    std::env::var_os("CHECKIN_TEST_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_checkin")), PathBuf::from)
}

/// `checkin --data DIR --station desk-1 --now <first morning>` with English messages, ready for
/// more arguments.
pub fn checkin(data: &Path) -> Command {
    checkin_as(data, "desk-1")
}

/// [`checkin`] as another station.
pub fn checkin_as(data: &Path, station: &str) -> Command {
    let mut command = Command::new(binary());
    command
        .arg("--data")
        .arg(data)
        .args(["--station", station, "--now", "2016-11-21T09:00"])
        .env_remove("CHECKIN_DATA")
        .env("CHECKIN_LANG", "en")
        .stdin(Stdio::null());
    command
}

/// Runs `command` with `stdin` fed to it, and returns what it said.
pub fn run(command: &mut Command, stdin: &str) -> Output {
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    // A process that gave up early closes its input: that is for the test to judge, not a panic.
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    child.wait_with_output().unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What a volunteer must never see on the screen: a panic or an abort's message.
pub fn assert_no_crash(out: &Output) {
    let stderr = text(&out.stderr);
    for sign in ["panicked", "internal error", "memory allocation", "RUST_BACKTRACE", "tracing-subscriber"] {
        assert!(!stderr.contains(sign), "{sign:?} reached the screen: {stderr}");
    }
    assert!(out.status.code().is_some(), "killed by a signal: {:?}; {stderr}", out.status);
}

pub fn codes(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("KZ-{i:06}")).collect()
}

/// A closed folder at `dir` with the common programme and `n` registrants (a third of them
/// children), made by the binary under test: an older build can open it too.
pub fn folder_with_people(dir: &Path, n: usize) {
    let files = tempfile::tempdir().unwrap();
    let program = files.path().join("program.json");
    std::fs::write(&program, serde_json::to_string(&super::common::program()).unwrap()).unwrap();
    let registrants = files.path().join("registrants.csv");
    let mut csv = String::from("code,family_name,given_name,category,birth_year\n");
    for (i, code) in codes(n).iter().enumerate() {
        let category = if i % 3 == 0 { "child" } else { "volunteer" };
        csv.push_str(&format!("{code},Омарова{i},Асель,{category},2005\n"));
    }
    std::fs::write(&registrants, csv).unwrap();
    for (command, file) in [("program", &program), ("import", &registrants)] {
        let out = run(checkin(dir).arg(command).arg(file), "");
        assert!(out.status.success(), "{command}: {}", text(&out.stderr));
    }
}

/// The codes `scan` printed a verdict for, by verdict.
pub fn verdicts(stdout: &[u8], verdict: &str) -> Vec<String> {
    let prefix = format!("{verdict}\t");
    text(stdout)
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .collect()
}

/// The codes checked in at the venue today, as the folder says once opened again.
pub fn checked_in(dir: &Path) -> Vec<String> {
    let store = Store::open(dir, "desk-1").unwrap();
    let venue = checkin::domain::EntryPoint::Venue(super::common::day1());
    let mut codes: Vec<String> = store
        .facts()
        .map(Result::unwrap)
        .filter_map(|f| match f.kind {
            checkin::domain::FactKind::CheckedIn { code, entry, .. } if entry == venue => Some(code),
            _ => None,
        })
        .collect();
    codes.sort();
    codes
}

/// A small disk for `test`, if this process may mount one (CI runs as root); says so when not.
pub fn small_disk(test: &str, size_kib: u64) -> Option<SmallDisk> {
    let disk = rustix::process::geteuid().is_root().then(|| SmallDisk::mount(size_kib)).flatten();
    if disk.is_none() {
        eprintln!("{test}: skipped, it needs root to mount a small tmpfs (CI runs as root)");
    }
    disk
}

/// Whether strace is installed and may trace (CI installs it); says so when not.
pub fn has_strace(test: &str) -> bool {
    let traces = Command::new("strace")
        .args(["-o", "/dev/null", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !traces {
        eprintln!("{test}: skipped, it needs strace, allowed to trace (apt-get install strace; CI installs it)");
    }
    traces
}

/// `strace` options first, then the command: runs `command` under strace.
pub fn under_strace(options: &[&str], command: &Command) -> Command {
    let mut traced = Command::new("strace");
    traced.args(["-f", "-qq"]).args(options).arg(command.get_program()).args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => traced.env(key, value),
            None => traced.env_remove(key),
        };
    }
    traced
}

/// A small filesystem of its own that fills up, unmounted however the test ends.
pub struct SmallDisk {
    _holder: tempfile::TempDir,
    pub path: PathBuf,
}

impl SmallDisk {
    fn mount(size_kib: u64) -> Option<SmallDisk> {
        let holder = tempfile::tempdir().unwrap();
        let path = holder.path().join("disk");
        std::fs::create_dir(&path).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size_kib}k,mode=0700"), "tmpfs"])
            .arg(&path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(SmallDisk { _holder: holder, path })
    }

    pub fn free_kib(&self) -> u64 {
        let stat = rustix::fs::statvfs(&self.path).unwrap();
        stat.f_bavail * stat.f_frsize / 1024
    }

    /// Fills the disk until `leave_kib` are free.
    pub fn fill_leaving(&self, leave_kib: u64) {
        let fill = self.free_kib().saturating_sub(leave_kib);
        std::fs::write(self.path.join("filler"), vec![0u8; (fill * 1024) as usize]).unwrap();
    }

    pub fn free_again(&self) {
        std::fs::remove_file(self.path.join("filler")).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // Lazily: a process of a failed test may still hold a file on it.
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}
