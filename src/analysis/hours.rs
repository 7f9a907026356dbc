//! Hours between two instants: on the calendar, or in working hours (days, opening times,
//! holidays, in a time zone), for speed to lead.

use crate::base::datetime::{Instant, local_to_instant};
use crate::config::analytics::BusinessHours;
use chrono::{Datelike, Duration, TimeZone};

/// Calendar hours from `from` to `to` (negative when `to` is earlier).
pub fn calendar_hours(from: Instant, to: Instant) -> f64 {
    (to - from) as f64 / 3600.0
}

/// Working hours from `from` to `to`: the time that falls on working days, outside holidays,
/// between opening and closing time, in the business-hours zone. Zero when `to <= from`.
pub fn business_hours(from: Instant, to: Instant, bh: &BusinessHours) -> f64 {
    if to <= from {
        return 0.0;
    }
    let first = bh
        .tz
        .timestamp_opt(from, 0)
        .single()
        .map(|t| t.date_naive());
    let last = bh.tz.timestamp_opt(to, 0).single().map(|t| t.date_naive());
    let (Some(mut day), Some(last)) = (first, last) else {
        return 0.0;
    };
    let mut seconds = 0i64;
    while day <= last {
        if bh.days.contains(&day.weekday()) && !bh.holidays.contains(&day) {
            let open = local_to_instant(day.and_time(bh.start), bh.tz);
            let close = local_to_instant(day.and_time(bh.end), bh.tz);
            let (a, b) = (open.max(from), close.min(to));
            if b > a {
                seconds += b - a;
            }
        }
        day += Duration::days(1);
    }
    seconds as f64 / 3600.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime, Weekday};

    fn ny(y: i32, m: u32, d: u32, h: u32, mi: u32) -> Instant {
        local_to_instant(
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, mi, 0)
                .unwrap(),
            chrono_tz::America::New_York,
        )
    }

    fn bh(holidays: &[NaiveDate]) -> BusinessHours {
        BusinessHours {
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            tz: chrono_tz::America::New_York,
            holidays: holidays.to_vec(),
        }
    }

    #[test]
    fn friday_evening_to_monday_morning_is_one_working_hour() {
        // Fri 2025-03-07 18:30 -> Mon 2025-03-10 10:00: only Monday 09:00-10:00 counts.
        assert_eq!(
            business_hours(ny(2025, 3, 7, 18, 30), ny(2025, 3, 10, 10, 0), &bh(&[])),
            1.0
        );
        // On the calendar: 63.5 wall-clock hours, less the hour daylight saving took on Sunday.
        assert_eq!(
            calendar_hours(ny(2025, 3, 7, 18, 30), ny(2025, 3, 10, 10, 0)),
            62.5
        );
    }

    #[test]
    fn holidays_and_partial_days() {
        // Wed 2025-12-24 16:00 -> Fri 2025-12-26 10:30 with Christmas closed: 1 h + 1.5 h.
        let xmas = NaiveDate::from_ymd_opt(2025, 12, 25).unwrap();
        assert_eq!(
            business_hours(
                ny(2025, 12, 24, 16, 0),
                ny(2025, 12, 26, 10, 30),
                &bh(&[xmas])
            ),
            2.5
        );
        // Without the holiday, Thursday adds 8 hours.
        assert_eq!(
            business_hours(ny(2025, 12, 24, 16, 0), ny(2025, 12, 26, 10, 30), &bh(&[])),
            10.5
        );
        // Same day, inside hours.
        assert_eq!(
            business_hours(ny(2025, 3, 4, 9, 30), ny(2025, 3, 4, 11, 0), &bh(&[])),
            1.5
        );
        // Reversed or equal: zero.
        assert_eq!(
            business_hours(ny(2025, 3, 4, 11, 0), ny(2025, 3, 4, 9, 0), &bh(&[])),
            0.0
        );
    }

    #[test]
    fn across_a_dst_change() {
        // Fri 2025-03-07 16:00 -> Mon 2025-03-10 09:30 (clocks changed on Sunday): 1 h + 0.5 h.
        assert_eq!(
            business_hours(ny(2025, 3, 7, 16, 0), ny(2025, 3, 10, 9, 30), &bh(&[])),
            1.5
        );
    }
}
