//! Deciding again: a use case decided on a view another window on the folder has overtaken is
//! run again from the top, on the state as it is now.

use super::Station;
use crate::store::StoreError;

impl Station {
    /// Runs a use case that decides on the state and then writes, again while another window
    /// on the folder wrote first ([`StoreError::Stale`]: the state is up to date by then).
    pub(crate) fn deciding<T, E: StaleAware>(
        &mut self,
        mut use_case: impl FnMut(&mut Self) -> Result<T, E>,
    ) -> Result<T, E> {
        let started = std::time::Instant::now();
        let mut attempt: u32 = 1;
        loop {
            match use_case(self) {
                Err(e) if e.is_stale() && started.elapsed() < DECIDE_FOR => {
                    attempt = attempt.saturating_add(1);
                    self.absorb_walk_ins();
                    // Windows that keep colliding (hosts scanning into one session at the same
                    // instant, scans sharing a folder whose owner just went away) are spread
                    // apart a little more each time, so one of them is never always last.
                    let jitter = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.subsec_nanos());
                    let spread = 500 * u64::from(attempt.min(100));
                    std::thread::sleep(std::time::Duration::from_micros(u64::from(jitter) % spread));
                }
                other => return other,
            }
        }
    }
}

/// How long a use case decided on a stale view is tried again before the volunteer is told to
/// try again. Each retry follows another window's write, so it takes a very busy folder (or
/// one whose owner just went away and is being taken over) to need more than a few; a scan of
/// a long input must not give up on it in a fraction of a second.
const DECIDE_FOR: std::time::Duration = std::time::Duration::from_secs(30);

/// Errors that can say "decided on an out-of-date view".
pub(crate) trait StaleAware {
    fn is_stale(&self) -> bool;
}

impl StaleAware for StoreError {
    fn is_stale(&self) -> bool {
        matches!(self, StoreError::Stale)
    }
}
