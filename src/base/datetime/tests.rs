//! Unit tests of `base::datetime`.

use super::month::month_starts;
use super::packed::{WHEN_MAX, WHEN_MIN};
use super::*;
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use chrono_tz::{America::New_York, UTC};

#[test]
fn the_offset_fast_path_takes_no_other_byte_for_a_digit_or_separator() {
    // Every byte value in each of the first sixteen places: the fast path reads the text as
    // the full parser does, or leaves it to it; it reads a text only if the byte is the one
    // that was there, or another digit where a digit was.
    for base in ["2024-02-29T23:59:59Z", "1999-12-31 00:00+01:00"] {
        for at in 0..16 {
            for byte in 0..=255u8 {
                let mut text = base.as_bytes().to_vec();
                text[at] = byte;
                let quick = parse_iso_instant(&text, false);
                let Ok(t) = std::str::from_utf8(&text) else {
                    assert_eq!(quick, None, "{text:?}");
                    continue;
                };
                let slow = parse_written(t, DateOrder::MonthFirst, &mut OrderEvidence::default())
                    .filter(|w| w.offset.is_some())
                    .map(|w| w.instant(UTC));
                if quick.is_some() {
                    assert_eq!(quick, slow, "{t}");
                    let was = base.as_bytes()[at];
                    let separator = [b'T', b't', b' '].contains(&was);
                    assert!(
                        byte == was
                            || (was.is_ascii_digit() && byte.is_ascii_digit())
                            || (separator && [b'T', b't', b' '].contains(&byte)),
                        "{t}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_offset_fast_path_agrees_with_the_full_parser() {
    let (mut fast, mut in_utc) = (0, 0);
    for y in [
        "0000", "0001", "0004", "0100", "1600", "1900", "1969", "1970", "2000", "2024", "2100",
        "9999", "20x4",
    ] {
        for m in 0..=13 {
            for d in [0, 1, 15, 28, 29, 30, 31, 32] {
                for time in [
                    "T00:00:00",
                    " 23:59:59",
                    "t12:30",
                    "T12:30:05.250",
                    "T24:00:00",
                    "T10:60:00",
                    "T10:00:60",
                    "T1:00:00",
                    "T10:00:00,5",
                    "T10:00:00.",
                ] {
                    for off in [
                        "Z", "z", " UTC", "+02:00", "-0530", "+14", "+24:00", "", "Q",
                    ] {
                        let text = format!("{y}-{m:02}-{d:02}{time}{off}");
                        let slow = parse_written(
                            &text,
                            DateOrder::MonthFirst,
                            &mut OrderEvidence::default(),
                        )
                        .filter(|w| w.offset.is_some())
                        .map(|w| w.instant(New_York));
                        let quick = parse_iso_instant(text.as_bytes(), false);
                        // Everything the fast path reads, it reads as the full parser
                        // does; the rest is left to the full parser.
                        if quick.is_some() {
                            fast += 1;
                            assert_eq!(quick, slow, "{text}");
                        }
                        // In UTC, times without an offset too.
                        let quick = parse_iso_instant(text.as_bytes(), true);
                        if quick.is_some() {
                            in_utc += 1;
                            let slow = parse_written(
                                &text,
                                DateOrder::MonthFirst,
                                &mut OrderEvidence::default(),
                            )
                            .map(|w| w.instant(UTC));
                            assert_eq!(quick, slow, "{text}");
                        }
                    }
                }
            }
        }
    }
    // Every valid one takes it: 785 dates (65 of the days above in each of the 12 numeric
    // years, one more in the 5 leap ones) × 5 valid times × 6 stated offsets.
    assert_eq!(fast, 785 * 5 * 6);
    // In UTC also the times without an offset.
    assert_eq!(in_utc, 785 * 5 * 7);
    assert_eq!(
        parse_iso_instant(b"2024-02-29T23:59:59.9+14:00", false),
        Some(1_709_251_199 - 14 * 3_600)
    );
    assert_eq!(parse_iso_instant(b"2023-02-29T10:00:00Z", false), None);
    assert_eq!(
        parse_iso_instant(b"2024-03-01T10:00:00", false),
        None,
        "local time needs the zone"
    );
    assert_eq!(
        parse_iso_instant(b"2024-03-01 10:00", true),
        Some(1_709_287_200),
        "a local time in UTC"
    );
}

#[test]
fn a_when_is_an_option_in_5_bytes() {
    assert_eq!(std::mem::size_of::<When>(), 5);
    // The first and last instants a date can give (years 0000 and 9999, zones ±14 h), and
    // the ends of the range.
    let (first, last) = (
        utc(0, 1, 1, 0, 0, 0) - 14 * 3600,
        utc(9999, 12, 31, 23, 59, 59) + 14 * 3600,
    );
    let times = [
        None,
        Some(WHEN_MIN),
        Some(first),
        Some(-86_400),
        Some(-1),
        Some(0),
        Some(1),
        Some(1_700_000_000),
        Some(last),
        Some(WHEN_MAX),
    ];
    for t in times {
        assert_eq!(When::from(t).get(), t);
    }
    // Ordered as the options are, none first.
    for a in times {
        for b in times {
            assert_eq!(When::from(a).cmp(&When::from(b)), a.cmp(&b), "{a:?} {b:?}");
        }
    }
}

#[test]
fn month_and_date_lookups_agree_with_chrono() {
    let zones = [
        "UTC",
        "America/New_York",
        "Asia/Tokyo",
        "America/Santiago",
        "America/Havana",
        "Australia/Lord_Howe",
        "Pacific/Kiritimati",
        "Asia/Kathmandu",
    ];
    for name in zones {
        let tz: Tz = name.parse().unwrap();
        let slow = |t: Instant| {
            let d = tz.timestamp_opt(t, 0).single().unwrap().date_naive();
            (d, Month::of(d))
        };
        // Every month start of 1960-2060 and the seconds around it, and a spread of others.
        let mut instants = Vec::new();
        for m in (1960 * 12..2060 * 12).map(Month) {
            let s = m.start(tz);
            instants.extend([s - 3601, s - 1, s, s + 1, s + 3600]);
        }
        let mut next = crate::base::splitmix::numbers(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            instants.push((next() % 4_000_000_000) as i64 - 1_000_000_000);
        }
        // The table's months and starts are the computed ones.
        let table = Months::new(tz);
        for m in (1960 * 12..2060 * 12).map(Month) {
            assert_eq!(table.start(m), m.start(tz), "{name} {m}");
        }
        for t in instants {
            assert_eq!((local_date(t, tz), table.month(t)), slow(t), "{name} {t}");
        }
    }
    for tz in [
        UTC,
        New_York,
        chrono_tz::Asia::Tokyo,
        chrono_tz::Europe::Berlin,
    ] {
        assert!(
            !month_starts(tz).is_empty(),
            "{tz} months come from the table"
        );
    }
}

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
fn rejects_what_is_not_a_date() {
    for bad in [
        "",
        "2024-02-30",
        "2024-03-01X09:30",
        "2024-03-01T25:00",
        "2024-03-01T09:30+2",
        "next tuesday",
        "13/13/2024",
        "2024",
        "1.5",
        "31/02/2025",
    ] {
        assert_eq!(parse_instant(bad, UTC), None, "{bad}");
    }
}

fn written(text: &str, order: DateOrder) -> Option<NaiveDateTime> {
    parse_written(text, order, &mut OrderEvidence::default()).map(|w| w.naive)
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(y, mo, d)
        .unwrap()
        .and_hms_opt(h, mi, 0)
}

#[test]
fn parses_export_formats() {
    use DateOrder::*;
    assert_eq!(written("4/5/2023", MonthFirst), at(2023, 4, 5, 0, 0));
    assert_eq!(written("4/5/2023", DayFirst), at(2023, 5, 4, 0, 0));
    assert_eq!(
        written("4/5/2023 2:21 PM", MonthFirst),
        at(2023, 4, 5, 14, 21)
    );
    assert_eq!(written("4/5/23 12:05 am", MonthFirst), at(2023, 4, 5, 0, 5));
    assert_eq!(written("13.02.2024", MonthFirst), at(2024, 2, 13, 0, 0));
    assert_eq!(
        written("2018.02.26 19:58", MonthFirst),
        at(2018, 2, 26, 19, 58)
    );
    assert_eq!(written("2024/03/01", DayFirst), at(2024, 3, 1, 0, 0));
    assert_eq!(written("2025-09", MonthFirst), at(2025, 9, 1, 0, 0));
    assert_eq!(written("Jan 5, 2024", MonthFirst), at(2024, 1, 5, 0, 0));
    assert_eq!(
        written("5 January 2024 09:30", MonthFirst),
        at(2024, 1, 5, 9, 30)
    );
    assert_eq!(written("05-Jan-2024", MonthFirst), at(2024, 1, 5, 0, 0));
    assert_eq!(written("45352", MonthFirst), at(2024, 3, 1, 0, 0));
    assert_eq!(written("45352.5", MonthFirst), at(2024, 3, 1, 12, 0));
    assert_eq!(
        written("2024-03-01T09:30:00", MonthFirst),
        at(2024, 3, 1, 9, 30)
    );
    assert_eq!(written("13:00 PM", MonthFirst), None);
}

#[test]
fn evidence_decides_the_order() {
    let mut ev = OrderEvidence::default();
    for v in ["01/02/2024", "13/02/2024", "05/06/2024", "31/02/2024"] {
        parse_written(v, DateOrder::MonthFirst, &mut ev);
    }
    assert_eq!(
        ev,
        OrderEvidence {
            day_first: 1,
            month_first: 0,
            ambiguous: 2
        }
    );
    assert_eq!(ev.verdict(), Some(DateOrder::DayFirst));
    let mut ev = OrderEvidence::default();
    parse_written("02/01/2024", DateOrder::DayFirst, &mut ev);
    assert_eq!(ev.verdict(), None);
    assert_eq!(ev.ambiguous, 1);
}

#[test]
fn local_time_without_offset_uses_the_zone() {
    // 2024-01-31 22:00 in New York is 2024-02-01 03:00 UTC.
    let t = parse_instant("2024-01-31 22:00", New_York).unwrap();
    assert_eq!(t, utc(2024, 2, 1, 3, 0, 0));
    let month = |tz| Months::new(tz).month(t);
    assert_eq!(month(New_York), Month::parse("2024-01").unwrap());
    assert_eq!(month(UTC), Month::parse("2024-02").unwrap());
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

#[test]
fn stamps_hold_1970_to_2106_in_4_bytes_and_order_as_instants() {
    assert_eq!(std::mem::size_of::<Stamp>(), 4);
    let (first, last) = (utc(1970, 1, 1, 0, 0, 0), utc(2106, 2, 7, 6, 28, 15));
    for t in [first, 1, 1_709_285_415, last] {
        assert_eq!(Stamp::new(t).map(Stamp::get), Some(t));
    }
    assert_eq!(Stamp::new(first - 1), None);
    assert_eq!(Stamp::new(last + 1), None);
    assert!(Stamp::new(5).unwrap() < Stamp::new(6).unwrap());
    assert!(Stamp::new(last).unwrap() > Stamp::new(first).unwrap());
}
