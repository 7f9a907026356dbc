//! Zone: instants (seconds since 1970, UTC) and the wall clock of a time zone.

use chrono::{Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

/// Seconds since the Unix epoch, UTC. Sub-second precision is dropped.
pub type Instant = i64;

/// The local calendar date of `instant` in `tz`.
pub fn local_date(instant: Instant, tz: Tz) -> NaiveDate {
    if tz == Tz::UTC {
        // Days since 0001-01-01 (day 1): the Unix epoch is day 719,163.
        let days = instant.div_euclid(86_400) + 719_163;
        if let Some(d) = i32::try_from(days)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
        {
            return d;
        }
    }
    tz.timestamp_opt(instant, 0)
        .single()
        .map(|t| t.date_naive())
        .unwrap_or(NaiveDate::MIN)
}

/// Reads a wall-clock time in `tz`. In a daylight-saving overlap the earlier instant wins;
/// in a gap the clock is moved forward by the gap.
pub fn local_to_instant(naive: NaiveDateTime, tz: Tz) -> Instant {
    // UTC, the default zone, has neither: its wall clock is the instant (and asking the zone
    // took a third of the time of reading a HubSpot export's times, which have no offset).
    if tz == Tz::UTC {
        return naive.and_utc().timestamp();
    }
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.timestamp(),
        LocalResult::Ambiguous(a, _) => a.timestamp(),
        LocalResult::None => match tz.from_local_datetime(&(naive + Duration::hours(1))) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.timestamp(),
            LocalResult::None => naive.and_utc().timestamp(),
        },
    }
}
