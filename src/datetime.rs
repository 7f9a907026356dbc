//! Dates and instants: ISO 8601 parsing, time-zone conversion, calendar-month buckets.

use chrono::{Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use std::fmt;

/// Seconds since the Unix epoch, UTC. Sub-second precision is dropped.
pub type Instant = i64;

/// A calendar month, stored as `year * 12 + (month - 1)` so that months order and subtract.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Month(pub i32);

impl Month {
    /// The month that contains `date`.
    pub fn of(date: NaiveDate) -> Month {
        Month(date.year() * 12 + date.month0() as i32)
    }

    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Month> {
        let b = text.as_bytes();
        if b.len() != 7 || b[4] != b'-' {
            return None;
        }
        let year = digits(&b[0..4])? as i32;
        let month = digits(&b[5..7])?;
        if !(1..=12).contains(&month) {
            return None;
        }
        Some(Month(year * 12 + month as i32 - 1))
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1 to 12.
    pub fn number(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.number(), 1).expect("valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day() - Duration::days(1)
    }

    pub fn next(self) -> Month {
        Month(self.0 + 1)
    }

    pub fn prev(self) -> Month {
        Month(self.0 - 1)
    }

    /// The first instant of this month in `tz`.
    pub fn start(self, tz: Tz) -> Instant {
        local_to_instant(self.first_day().and_time(NaiveTime::MIN), tz)
    }

    /// "October 2026".
    pub fn label(self) -> String {
        self.first_day().format("%B %Y").to_string()
    }

    /// The report's as-of instant: the last nanosecond of the month, in `tz`, as RFC 3339.
    pub fn as_of(self, tz: Tz) -> String {
        let end = self.next().start(tz) - 1;
        let local = tz.timestamp_opt(end, 0).single().expect("instant in range");
        let offset = local.format("%:z").to_string();
        let offset = if offset == "+00:00" {
            "Z".to_string()
        } else {
            offset
        };
        format!("{}.999999999{}", local.format("%Y-%m-%dT%H:%M:%S"), offset)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.number())
    }
}

/// The local calendar date of `instant` in `tz`.
pub fn local_date(instant: Instant, tz: Tz) -> NaiveDate {
    tz.timestamp_opt(instant, 0)
        .single()
        .map(|t| t.date_naive())
        .unwrap_or(NaiveDate::MIN)
}

/// The local calendar month of `instant` in `tz`.
pub fn local_month(instant: Instant, tz: Tz) -> Month {
    Month::of(local_date(instant, tz))
}

/// Reads a wall-clock time in `tz`. In a daylight-saving overlap the earlier instant wins;
/// in a gap the clock is moved forward by the gap.
pub fn local_to_instant(naive: NaiveDateTime, tz: Tz) -> Instant {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.timestamp(),
        LocalResult::Ambiguous(a, _) => a.timestamp(),
        LocalResult::None => match tz.from_local_datetime(&(naive + Duration::hours(1))) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.timestamp(),
            LocalResult::None => naive.and_utc().timestamp(),
        },
    }
}

/// Parses an ISO 8601 date or timestamp: `2024-03-01`, `2024-03-01 09:30`,
/// `2024-03-01T09:30:15.250Z`, `2024-03-01T09:30:15+02:00`. Text without an offset is wall-clock
/// time in `tz`; a date alone is local midnight.
pub fn parse_instant(text: &str, tz: Tz) -> Option<Instant> {
    let b = text.trim().as_bytes();
    let date = parse_ymd(b)?;
    if b.len() == 10 {
        return Some(local_to_instant(date.and_time(NaiveTime::MIN), tz));
    }
    let (time, rest) = parse_hms(&b[11..]).filter(|_| matches!(b[10], b'T' | b't' | b' '))?;
    let naive = date.and_time(time);
    match parse_offset(rest)? {
        Some(offset_seconds) => Some(naive.and_utc().timestamp() - offset_seconds),
        None => Some(local_to_instant(naive, tz)),
    }
}

/// Parses a date (`2024-03-01`), or a timestamp whose local date in `tz` is taken.
pub fn parse_date(text: &str, tz: Tz) -> Option<NaiveDate> {
    let t = text.trim();
    if t.len() == 10 {
        return parse_ymd(t.as_bytes());
    }
    parse_instant(t, tz).map(|i| local_date(i, tz))
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + (d - b'0') as u32))
}

fn parse_ymd(b: &[u8]) -> Option<NaiveDate> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(
        digits(&b[0..4])? as i32,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    )
}

/// `HH:MM[:SS[.fraction]]`, returning the time and what follows it.
fn parse_hms(b: &[u8]) -> Option<(NaiveTime, &[u8])> {
    if b.len() < 5 || b[2] != b':' {
        return None;
    }
    let (h, m) = (digits(&b[0..2])?, digits(&b[3..5])?);
    let mut rest = &b[5..];
    let mut s = 0;
    if rest.len() >= 3 && rest[0] == b':' {
        s = digits(&rest[1..3])?;
        rest = &rest[3..];
        if let Some(after) = rest.strip_prefix(b".").or_else(|| rest.strip_prefix(b",")) {
            let n = after.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            rest = &after[n..];
        }
    }
    Some((NaiveTime::from_hms_opt(h, m, s)?, rest))
}

/// The UTC offset in seconds (`Z`, `+02:00`, `+0200`, `+02`, ` UTC`), `Some(None)` when absent.
fn parse_offset(b: &[u8]) -> Option<Option<i64>> {
    let b = b.trim_ascii();
    match b {
        [] => Some(None),
        b"Z" | b"z" | b"UTC" | b"GMT" => Some(Some(0)),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (h, m) = match rest {
                [h1, h2] => (digits(&[*h1, *h2])?, 0),
                [h1, h2, m1, m2] => (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?),
                [h1, h2, b':', m1, m2] => (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let secs = (h * 3600 + m * 60) as i64;
            Some(Some(if *sign == b'-' { -secs } else { secs }))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::New_York, UTC};

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Instant {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, s)
            .unwrap()
            .and_utc()
            .timestamp()
    }

    #[test]
    fn parses_iso_forms() {
        assert_eq!(
            parse_instant("2024-03-01", UTC),
            Some(utc(2024, 3, 1, 0, 0, 0))
        );
        assert_eq!(
            parse_instant("2024-03-01 09:30", UTC),
            Some(utc(2024, 3, 1, 9, 30, 0))
        );
        assert_eq!(
            parse_instant("2024-03-01T09:30:15Z", UTC),
            Some(utc(2024, 3, 1, 9, 30, 15))
        );
        assert_eq!(
            parse_instant("2024-03-01T09:30:15.250+02:00", UTC),
            Some(utc(2024, 3, 1, 7, 30, 15))
        );
        assert_eq!(
            parse_instant("2024-03-01T09:30:15-0500", UTC),
            Some(utc(2024, 3, 1, 14, 30, 15))
        );
        assert_eq!(
            parse_instant(" 2024-03-01T09:30:15 UTC ", UTC),
            Some(utc(2024, 3, 1, 9, 30, 15))
        );
    }

    #[test]
    fn rejects_non_iso() {
        for bad in [
            "",
            "2024-3-1",
            "2024-02-30",
            "01/03/2024",
            "2024-03-01X09:30",
            "2024-03-01T25:00",
            "2024-03-01T09:30+2",
        ] {
            assert_eq!(parse_instant(bad, UTC), None, "{bad}");
        }
    }

    #[test]
    fn local_time_without_offset_uses_the_zone() {
        // 2024-01-31 22:00 in New York is 2024-02-01 03:00 UTC.
        let t = parse_instant("2024-01-31 22:00", New_York).unwrap();
        assert_eq!(t, utc(2024, 2, 1, 3, 0, 0));
        assert_eq!(local_month(t, New_York), Month::parse("2024-01").unwrap());
        assert_eq!(local_month(t, UTC), Month::parse("2024-02").unwrap());
    }

    #[test]
    fn dst_gap_and_overlap() {
        // 2024-03-10 02:30 does not exist in New York: moved to 03:30 EDT = 07:30 UTC.
        assert_eq!(
            parse_instant("2024-03-10 02:30", New_York),
            Some(utc(2024, 3, 10, 7, 30, 0))
        );
        // 2024-11-03 01:30 happens twice: the earlier (EDT, 05:30 UTC) wins.
        assert_eq!(
            parse_instant("2024-11-03 01:30", New_York),
            Some(utc(2024, 11, 3, 5, 30, 0))
        );
    }

    #[test]
    fn month_arithmetic_and_as_of() {
        let m = Month::parse("2026-10").unwrap();
        assert_eq!(m.to_string(), "2026-10");
        assert_eq!(m.next().to_string(), "2026-11");
        assert_eq!(
            Month::parse("2026-01").unwrap().prev().to_string(),
            "2025-12"
        );
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
        assert_eq!(m.as_of(UTC), "2026-10-31T23:59:59.999999999Z");
        assert_eq!(m.as_of(New_York), "2026-10-31T23:59:59.999999999-04:00");
        assert_eq!(m.label(), "October 2026");
        assert_eq!(Month::parse("2026-13"), None);
    }

    #[test]
    fn dates_from_timestamps_take_the_local_date() {
        assert_eq!(
            parse_date("2024-03-01T02:00:00Z", New_York),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(
            parse_date("2024-03-01", New_York),
            NaiveDate::from_ymd_opt(2024, 3, 1)
        );
    }
}
