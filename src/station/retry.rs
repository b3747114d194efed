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
        let mut attempt = 1;
        loop {
            match use_case(self) {
                Err(e) if e.is_stale() && attempt < DECIDE_ATTEMPTS => {
                    attempt += 1;
                    self.absorb_walk_ins();
                    // Windows that keep colliding (hosts scanning into one session at the same
                    // instant) are spread apart a little, so one of them is never always last.
                    let jitter = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.subsec_nanos());
                    std::thread::sleep(std::time::Duration::from_micros(u64::from(jitter % (500 * attempt))));
                }
                other => return other,
            }
        }
    }
}

/// A use case decided on a stale view is tried this many times before the volunteer is told
/// to try again (each retry follows another window's write, so more means a very busy folder).
const DECIDE_ATTEMPTS: u32 = 25;

/// Errors that can say "decided on an out-of-date view".
pub(crate) trait StaleAware {
    fn is_stale(&self) -> bool;
}

impl StaleAware for StoreError {
    fn is_stale(&self) -> bool {
        matches!(self, StoreError::Stale)
    }
}
