//! Month: calendar months, and the table that finds an instant's month in one time zone.

use super::parse::digits;
use super::zone::{Instant, local_date, local_to_instant};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;
use std::fmt;

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

/// The first instant of every month from `TABLE_FIRST` on in one zone, to find instants' months
/// by: a pass over millions of records holds one (`Timeline::months`) and looks months up in it.
#[derive(Debug)]
pub struct Months {
    tz: Tz,
    /// Empty when some month's start is not exactly where the local month begins: every month
    /// is then computed.
    starts: Vec<Instant>,
}

impl Months {
    pub fn new(tz: Tz) -> Months {
        Months {
            tz,
            starts: month_starts(tz),
        }
    }

    /// The local calendar month of `instant` (always inlined: the analyses ask it about four
    /// million times at 1M leads).
    #[inline(always)]
    pub fn month(&self, instant: Instant) -> Month {
        // The last month whose start is at or before the instant holds it: guessed from the
        // average month length, then moved by a month or two.
        let starts = &self.starts;
        match (starts.first(), starts.last()) {
            (Some(&first), Some(&last)) if instant >= first && instant < last => {
                let mut i = ((instant - first) / 2_629_746) as usize;
                i = i.min(starts.len() - 2);
                while starts[i] > instant {
                    i -= 1;
                }
                while starts[i + 1] <= instant {
                    i += 1;
                }
                Month(TABLE_FIRST.0 + i as i32)
            }
            _ => Month::of(local_date(instant, self.tz)),
        }
    }

    /// The first instant of `month`.
    pub fn start(&self, month: Month) -> Instant {
        usize::try_from(month.0 - TABLE_FIRST.0)
            .ok()
            .and_then(|i| self.starts.get(i).copied())
            .unwrap_or_else(|| month.start(self.tz))
    }
}

/// The months `Months` looks up in a table; it computes the others.
const TABLE_FIRST: Month = Month(1900 * 12);
const TABLE_MONTHS: i32 = 300 * 12;

/// The first instant of every month from `TABLE_FIRST` on, in `tz`; empty (no table, every
/// month computed) if in some month that instant is not exactly where the local month begins.
pub(super) fn month_starts(tz: Tz) -> Vec<Instant> {
    let slow = |t: Instant| Month::of(local_date(t, tz));
    let starts: Vec<Instant> = (0..TABLE_MONTHS)
        .map(|i| Month(TABLE_FIRST.0 + i).start(tz))
        .collect();
    let exact = starts.iter().zip(0..).all(|(&s, i)| {
        let m = Month(TABLE_FIRST.0 + i);
        slow(s) == m && slow(s - 1) == m.prev()
    });
    if exact { starts } else { Vec::new() }
}
