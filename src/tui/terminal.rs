//! Owning the terminal: raw mode, the alternate screen and mouse reporting are switched on by
//! [`TerminalGuard::new`] and always switched off again — on return, on error, on panic (ratatui's
//! hook, chained before ours) and on SIGTERM (the event loop sees [`TerminalGuard::terminated`];
//! a watchdog ends the process if a dead terminal keeps the loop from seeing it). SIGHUP, when
//! the terminal itself has gone, ends the process at once.

use std::io::{self, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

pub struct TerminalGuard {
    pub terminal: DefaultTerminal,
    mouse: bool,
    terminated: Arc<AtomicBool>,
}

impl TerminalGuard {
    pub fn new() -> io::Result<TerminalGuard> {
        // try_init restores what it already changed if a later step fails, and installs a panic
        // hook that restores the terminal before the panic message is printed.
        let terminal = ratatui::try_init()?;
        let mut guard = TerminalGuard { terminal, mouse: false, terminated: Arc::new(AtomicBool::new(false)) };
        // Mouse reporting is a nicety; a terminal without it still works.
        guard.mouse = execute!(stdout(), EnableMouseCapture).is_ok();
        #[cfg(unix)]
        {
            signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&guard.terminated))?;
            // SIGHUP: the terminal is gone (window closed, SSH dropped). crossterm's reader spins
            // on a hung-up tty and never returns, which would keep the folder locked at full CPU,
            // so end at once: every acknowledged fact is on disk already, the lock is released
            // by the kernel, and there is no screen left to restore.
            // SAFETY: the action only calls `_exit`, which is async-signal-safe.
            let hang_up = || signal_hook::low_level::exit(129);
            #[allow(unsafe_code)]
            unsafe {
                signal_hook::low_level::register(signal_hook::consts::SIGHUP, hang_up)?
            };
        }
        watchdog(Arc::clone(&guard.terminated));
        Ok(guard)
    }

    /// True once SIGTERM arrived: the loop should end and let `Drop` restore.
    pub fn terminated(&self) -> bool {
        self.terminated.load(Ordering::Relaxed)
    }
}

/// How long the event loop has to end by itself after SIGTERM/SIGHUP.
const WATCHDOG_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// crossterm 0.29 keeps reading a terminal that has gone away (`read` returns 0 for ever) inside
/// `event::poll`, so the loop never sees the flag and the station spins, holding the data
/// folder's lock. Once SIGTERM or SIGHUP has arrived, the loop gets a moment to end normally
/// (restoring the terminal); then the process ends — every acknowledged fact is already on disk.
fn watchdog(terminated: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        while !terminated.load(Ordering::Relaxed) {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        std::thread::sleep(WATCHDOG_GRACE);
        tracing::warn!("the event loop did not end after a hang-up or SIGTERM; exiting");
        std::process::exit(0);
    });
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        if self.mouse {
            let _ = execute!(stdout(), DisableMouseCapture);
        }
        ratatui::restore();
    }
}
