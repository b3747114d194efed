//! The station's clock: real time, or real time shifted so the station runs on another date
//! (`--now` for rehearsals and tests, or the demo on the sample event's first day).
//!
//! The shift is fixed when the station starts, so the clock keeps ticking like a real one.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    shift: Duration,
    /// Frozen clocks never move: tests want identical times on every call.
    frozen: Option<DateTime<Utc>>,
}

impl Clock {
    pub fn real() -> Clock {
        Clock { shift: Duration::zero(), frozen: None }
    }

    /// A clock that reads `start` now and runs on from there.
    pub fn starting_at(start: DateTime<Utc>) -> Clock {
        Clock { shift: start - Utc::now(), frozen: None }
    }

    pub fn frozen(at: DateTime<Utc>) -> Clock {
        Clock { shift: Duration::zero(), frozen: Some(at) }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.frozen.unwrap_or_else(|| Utc::now() + self.shift)
    }

    pub fn is_shifted(&self) -> bool {
        self.frozen.is_some() || self.shift.num_seconds().abs() > 60
    }
}

/// Reads `--now`: RFC 3339 (`2016-11-21T09:00:00+06:00`), or a local `YYYY-MM-DDTHH:MM[:SS]`
/// (also with a space instead of `T`) taken in `offset`, the event's offset.
pub fn parse_time(text: &str, offset: FixedOffset) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            return offset
                .from_local_datetime(&local)
                .single()
                .map(|t| t.with_timezone(&Utc))
                .ok_or_else(|| format!("{text:?} does not exist in offset {offset}"));
        }
    }
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let local = day.and_hms_opt(9, 0, 0).unwrap_or_default();
        if let Some(t) = offset.from_local_datetime(&local).single() {
            return Ok(t.with_timezone(&Utc));
        }
    }
    Err(format!(
        "{text:?} is not a time: use 2016-11-21T09:00 (event's local time) or RFC 3339 like 2016-11-21T09:00:00+06:00"
    ))
}

/// The same wall-clock time of day as `now`, moved onto `day`, in `offset`.
pub fn same_time_on(day: NaiveDate, now: DateTime<Utc>, offset: FixedOffset) -> DateTime<Utc> {
    let local = now.with_timezone(&offset);
    let moved = day.and_time(local.time());
    offset.from_local_datetime(&moved).single().map_or(now, |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_local_and_rfc3339() {
        let astana = FixedOffset::east_opt(6 * 3600).unwrap();
        let want = Utc.with_ymd_and_hms(2016, 11, 21, 3, 0, 0).unwrap();
        assert_eq!(parse_time("2016-11-21T09:00", astana).unwrap(), want);
        assert_eq!(parse_time("2016-11-21 09:00:00", astana).unwrap(), want);
        assert_eq!(parse_time("2016-11-21T09:00:00+06:00", astana).unwrap(), want);
        assert_eq!(parse_time("2016-11-21T03:00:00Z", astana).unwrap(), want);
        assert!(parse_time("21.11.2016", astana).is_err());
        assert!(parse_time("", astana).is_err());
    }

    #[test]
    fn shifted_clock_keeps_running() {
        let start = Utc.with_ymd_and_hms(2016, 11, 21, 3, 0, 0).unwrap();
        let clock = Clock::starting_at(start);
        let now = clock.now();
        assert!(now >= start && now - start < Duration::seconds(5));
        assert!(clock.is_shifted());
        assert_eq!(Clock::frozen(start).now(), start);
    }
}
