//! Sending a PDF to a printer through the system's `lp` (CUPS), which every Linux and macOS
//! desk has: no driver or protocol of our own.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `lp` only hands the file to the spooler; one that has not answered by then never will (a
/// hung scheduler), and the desk must not wait on it.
const LP_TIMEOUT: Duration = Duration::from_secs(15);

/// Queues `pdf` on `printer` under `title`; the error says why not, in a line.
pub fn print_pdf(printer: &str, pdf: &Path, title: &str) -> Result<(), String> {
    let printer = printer.trim();
    if printer.is_empty() || printer.starts_with('-') {
        return Err(format!("{printer:?} is not a printer name"));
    }
    let mut child = Command::new("lp")
        .arg("-d")
        .arg(printer)
        .arg("-t")
        .arg(title)
        .arg(pdf)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                "lp is not installed (install CUPS: apt-get install cups-client)".to_owned()
            }
            _ => format!("cannot run lp: {e}"),
        })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < LP_TIMEOUT => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("lp did not answer within {} s", LP_TIMEOUT.as_secs()));
            }
            Err(e) => return Err(format!("lp: {e}")),
        }
    };
    if status.success() {
        return Ok(());
    }
    let mut said = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut stderr, &mut said);
    }
    let said = crate::text::sanitize::sanitize(&said);
    Err(if said.is_empty() { format!("lp failed ({status})") } else { format!("lp: {said}") })
}
