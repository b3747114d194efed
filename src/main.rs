use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A bug must never greet a volunteer with a backtrace: say what happened and where the
    // details are, then exit.
    std::panic::set_hook(Box::new(|info| {
        tracing::error!("panic: {info}");
        eprintln!("checkin: internal error: {info}\nThe data folder is safe: every acknowledged check-in is on disk.");
    }));
    checkin::cli::run(checkin::cli::Cli::parse())
}
