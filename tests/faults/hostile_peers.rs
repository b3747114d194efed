//! Whoever connects to a shared folder's socket is untrusted input: no message can crash the
//! window that owns the folder (defect 4), and no write gets past the rules every write
//! obeys (defect 6).

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

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
