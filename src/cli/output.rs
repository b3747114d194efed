//! Standard output for the commands. A reader that went away (`checkin import f.csv | head -1`)
//! is not a failure: the command still finishes its work, quietly. Any other write failure
//! (a full disk behind `> report.txt`) is reported like every other error.

use std::io::Write;

/// `println!` that returns an `io::Result` instead of panicking, and ignores a closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::output::write_line(format_args!($($arg)*))
    };
}
pub(crate) use outln;

pub fn write_line(args: std::fmt::Arguments) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    quiet_when_closed(out.write_fmt(args).and_then(|()| out.write_all(b"\n")))
}

/// A whole block of text, written at once.
pub fn write_all(text: &str) -> std::io::Result<()> {
    write_bytes(text.as_bytes())
}

/// Output built in memory first (a table, a JSON document), written at once.
pub fn write_bytes(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    quiet_when_closed(out.write_all(bytes).and_then(|()| out.flush()))
}

fn quiet_when_closed(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
