use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Every file the station creates holds, or sits next to, children's personal data: readable
    // by this user only, whatever the umask of the shell that started it.
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    // A bug must never greet a volunteer with a backtrace: say what happened and where the
    // details are, then exit.
    std::panic::set_hook(Box::new(|info| {
        tracing::error!("panic: {info}");
        if checkin::store::panic_is_caught() {
            return; // sled's, while closing on a failing disk: handled, and logged above
        }
        eprintln!("checkin: internal error: {info}\nThe data folder is safe: every acknowledged check-in is on disk.");
    }));
    checkin::cli::run(checkin::cli::Cli::parse())
}
