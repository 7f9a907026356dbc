//! Parse: the dates and times exports write (ISO 8601, `A/B/YYYY` either way round, month
//! names, Excel serial days), read fast where the form is the common one.

use super::zone::{Instant, local_date, local_to_instant};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

/// How to read `A/B/YYYY`: month first (US) or day first (most of the world).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateOrder {
    #[default]
    MonthFirst,
    DayFirst,
}

impl DateOrder {
    pub fn name(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "month-first",
            DateOrder::DayFirst => "day-first",
        }
    }
}

/// What a column's `A/B/YYYY` values said about their order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OrderEvidence {
    /// Values whose first number is over 12: only day-first fits.
    pub day_first: u64,
    /// Values whose second number is over 12: only month-first fits.
    pub month_first: u64,
    /// Values that fit both orders.
    pub ambiguous: u64,
}

impl OrderEvidence {
    /// Both counts together (two pieces of one file).
    pub fn plus(self, o: OrderEvidence) -> OrderEvidence {
        OrderEvidence {
            day_first: self.day_first + o.day_first,
            month_first: self.month_first + o.month_first,
            ambiguous: self.ambiguous + o.ambiguous,
        }
    }

    /// The order the values demand, when they demand one and do not contradict each other.
    pub fn verdict(&self) -> Option<DateOrder> {
        match (self.day_first > 0, self.month_first > 0) {
            (true, false) => Some(DateOrder::DayFirst),
            (false, true) => Some(DateOrder::MonthFirst),
            _ => None,
        }
    }
}

/// A date and time as written, before the time zone is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Written {
    pub naive: NaiveDateTime,
    /// Seconds east of UTC, when the text gave an offset.
    pub offset: Option<i64>,
}

impl Written {
    /// The instant: the offset when given, else wall-clock time in `tz`.
    pub fn instant(self, tz: Tz) -> Instant {
        match self.offset {
            Some(o) => self.naive.and_utc().timestamp() - o,
            None => local_to_instant(self.naive, tz),
        }
    }

    /// The local calendar date in `tz`.
    pub fn date(self, tz: Tz) -> NaiveDate {
        match self.offset {
            Some(_) => local_date(self.instant(tz), tz),
            None => self.naive.date(),
        }
    }
}

/// Parses the date and time formats exports use:
/// ISO 8601 (`2024-03-01`, `2024-03-01T09:30:15.250+02:00`, `2024-03-01 09:30`), `2024-03` (the
/// first of the month), `YYYY.MM.DD` and `YYYY/MM/DD`, `DD.MM.YYYY` (always day first),
/// `A/B/YYYY` and `A-B-YYYY` (in `order`, two-digit years as 20YY), month names (`Jan 5, 2024`,
/// `5 January 2024`, `05-Jan-2024`), a time as `H:MM[:SS[.fff]]` with optional `AM`/`PM` and
/// offset (`Z`, `UTC`, `+02:00`, `+0200`), and Excel serial day numbers (`45352`, `45352.5`).
/// `A/B` values add to `evidence` so that a column's order can be checked once all is read.
pub fn parse_written(
    text: &str,
    order: DateOrder,
    evidence: &mut OrderEvidence,
) -> Option<Written> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(w) = parse_iso(t.as_bytes()) {
        return Some(w);
    }
    if let Some(w) = parse_serial(t) {
        return Some(w);
    }
    let (date_part, time_part) = split_time(t);
    let date = parse_date_part(date_part, order, evidence)?;
    let (time, offset) = match time_part {
        Some(tp) => parse_time_part(tp)?,
        None => (NaiveTime::MIN, None),
    };
    Some(Written {
        naive: date.and_time(time),
        offset,
    })
}

/// Parses an instant (see [`parse_written`]; `A/B` month first). A date alone is local midnight.
#[cfg(test)]
pub fn parse_instant(text: &str, tz: Tz) -> Option<Instant> {
    parse_written(text, DateOrder::MonthFirst, &mut OrderEvidence::default()).map(|w| w.instant(tz))
}

/// Parses a date; a timestamp gives its local date in `tz`.
#[cfg(test)]
pub fn parse_date(text: &str, tz: Tz) -> Option<NaiveDate> {
    parse_written(text, DateOrder::MonthFirst, &mut OrderEvidence::default()).map(|w| w.date(tz))
}

pub(super) fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + (d - b'0') as u32))
}

/// An ISO time's optional `:SS[.fff]` (the fraction dropped) at the start of `b`: the seconds
/// (0 when absent) and what follows them.
fn seconds(b: &[u8]) -> Option<(u32, &[u8])> {
    let [b':', s1, s2, rest @ ..] = b else {
        return Some((0, b));
    };
    let sec = digits(&[*s1, *s2])?;
    match rest {
        [b'.' | b',', frac @ ..] => {
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            (n > 0).then(|| (sec, &frac[n..]))
        }
        _ => Some((sec, rest)),
    }
}

/// Days from 1970-01-01 to a valid date of the years 0000 to 9999 (Howard Hinnant's
/// `days_from_civil`, shifted an era on so that its arithmetic stays unsigned and 32-bit).
fn days_from_civil(y: u32, m: u32, d: u32) -> i64 {
    let y = y + 400 - u32::from(m <= 2);
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (i64::from(era) - 1) * 146_097 + i64::from(doe) - 719_468
}

/// The days of month `m` of year `y`.
fn month_days(y: u32, m: u32) -> u32 {
    match m {
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The hot path of the hot path: a timestamp that states its offset,
/// `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` then `Z` or `±HH:MM`, straight to its instant, as
/// `parse_iso` then [`Written::instant`] would give it (which any other text is left to). With
/// `local_is_utc` (the zone for times without an offset is UTC), a time without one too, as
/// HubSpot and Salesforce exports write them.
#[inline(always)]
pub fn parse_iso_instant(b: &[u8], local_is_utc: bool) -> Option<Instant> {
    let [
        y1,
        y2,
        y3,
        y4,
        b'-',
        m1,
        m2,
        b'-',
        d1,
        d2,
        b'T' | b't' | b' ',
        h1,
        h2,
        b':',
        n1,
        n2,
        rest @ ..,
    ] = b
    else {
        return None;
    };
    // Each digit's value, and whether all twelve are digits (one test instead of twelve).
    let v =
        [y1, y2, y3, y4, m1, m2, d1, d2, h1, h2, n1, n2].map(|c| u32::from(c.wrapping_sub(b'0')));
    if v.iter().any(|&x| x > 9) {
        return None;
    }
    let y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    let (m, d) = (v[4] * 10 + v[5], v[6] * 10 + v[7]);
    let (h, min) = (v[8] * 10 + v[9], v[10] * 10 + v[11]);
    if !(1..=12).contains(&m) || d == 0 || (d > 28 && d > month_days(y, m)) || h > 23 || min > 59 {
        return None;
    }
    let (sec, rest) = seconds(rest)?;
    if sec > 59 {
        return None;
    }
    let offset = match rest {
        b"Z" => 0,
        b"" if local_is_utc => 0,
        _ => parse_offset(rest)??,
    };
    let secs = (h * 3_600 + min * 60 + sec) as i64;
    Some(days_from_civil(y, m, d) * 86_400 + secs - offset)
}

/// The fast path for the most common form: `YYYY-MM-DD`, optionally followed by `T` or a space,
/// `HH:MM[:SS[.fff]]` and an offset. Anything else goes to the general parser.
fn parse_iso(b: &[u8]) -> Option<Written> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        digits(&b[0..4])? as i32,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    )?;
    if b.len() == 10 {
        return Some(Written {
            naive: date.and_time(NaiveTime::MIN),
            offset: None,
        });
    }
    if !matches!(b[10], b'T' | b't' | b' ') || b.len() < 16 || b[13] != b':' {
        return None;
    }
    let (h, m) = (digits(&b[11..13])?, digits(&b[14..16])?);
    let (sec, rest) = seconds(&b[16..])?;
    let offset = parse_offset(rest)?;
    Some(Written {
        naive: date.and_time(NaiveTime::from_hms_opt(h, m, sec)?),
        offset,
    })
}

/// Excel's serial day numbers: days since 1899-12-30, with a fraction for the time of day.
fn parse_serial(t: &str) -> Option<Written> {
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.len() != 5 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let days = digits(int.as_bytes())? as i64;
    let fraction: f64 = if frac.is_empty() {
        0.0
    } else {
        format!("0.{frac}").parse().ok()?
    };
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    let secs = (fraction * 86_400.0).round() as i64;
    Some(Written {
        naive: base + Duration::days(days) + Duration::seconds(secs),
        offset: None,
    })
}

/// Splits `date time` at the first `H:MM`.
fn split_time(t: &str) -> (&str, Option<&str>) {
    let b = t.as_bytes();
    let Some(colon) = b.iter().position(|&c| c == b':') else {
        return (t, None);
    };
    let mut start = colon;
    while start > 0 && b[start - 1].is_ascii_digit() && colon - start < 2 {
        start -= 1;
    }
    if start == colon || start == 0 {
        return (t, None);
    }
    let date = t[..start].trim_end_matches([' ', 'T', 't', ',']);
    (date, Some(&t[start..]))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_name(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let pos = MONTHS.iter().position(|m| w.starts_with(m))?;
    // "sept" and full names are fine; "marching" is not a month.
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (full[pos].starts_with(&w) || w == "sept").then_some(pos as u32 + 1)
}

fn year_of(token: &str) -> Option<i32> {
    let y = digits(token.as_bytes())? as i32;
    match token.len() {
        4 => Some(y),
        2 => Some(2000 + y),
        _ => None,
    }
}

fn parse_date_part(d: &str, order: DateOrder, evidence: &mut OrderEvidence) -> Option<NaiveDate> {
    let d = d.trim();
    if d.bytes().any(|b| b.is_ascii_alphabetic()) {
        return parse_named_month(d);
    }
    let sep = d.bytes().find(|b| matches!(b, b'-' | b'/' | b'.'))?;
    let parts: Vec<&str> = d.split(sep as char).collect();
    match parts.as_slice() {
        [y, m] if y.len() == 4 && sep == b'-' => {
            NaiveDate::from_ymd_opt(year_of(y)?, digits(m.as_bytes())?, 1)
        }
        [y, m, day] if y.len() == 4 => {
            NaiveDate::from_ymd_opt(year_of(y)?, digits(m.as_bytes())?, digits(day.as_bytes())?)
        }
        [a, b, y] if a.len() <= 2 && b.len() <= 2 => {
            let (a, b, y) = (digits(a.as_bytes())?, digits(b.as_bytes())?, year_of(y)?);
            let (day, month) = if sep == b'.' {
                (a, b)
            } else {
                // Only a value that is a real date in one order and not the other is evidence.
                let as_day_first = NaiveDate::from_ymd_opt(y, b, a).is_some();
                let as_month_first = NaiveDate::from_ymd_opt(y, a, b).is_some();
                match (as_day_first, as_month_first) {
                    (true, false) => evidence.day_first += 1,
                    (false, true) => evidence.month_first += 1,
                    (true, true) => evidence.ambiguous += 1,
                    (false, false) => {}
                }
                match order {
                    DateOrder::MonthFirst => (b, a),
                    DateOrder::DayFirst => (a, b),
                }
            };
            NaiveDate::from_ymd_opt(y, month, day)
        }
        _ => None,
    }
}

/// `Jan 5, 2024`, `January 5 2024`, `5 Jan 2024`, `05-Jan-2024`, `Mon, Jan 5, 2024`.
fn parse_named_month(d: &str) -> Option<NaiveDate> {
    let tokens: Vec<&str> = d
        .split([' ', ',', '-', '/', '.'])
        .filter(|t| !t.is_empty())
        .collect();
    let mut month = None;
    let mut numbers = Vec::new();
    for tok in tokens {
        if tok.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push(tok);
        } else if let Some(m) = month_name(tok) {
            month = Some(m);
        } else if !matches!(
            tok.to_ascii_lowercase().get(..3),
            Some("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")
        ) {
            return None;
        }
    }
    let month = month?;
    let (day, year) = match numbers.as_slice() {
        [a, b] if b.len() == 4 => (digits(a.as_bytes())?, year_of(b)?),
        [a, b] if a.len() == 4 => (digits(b.as_bytes())?, year_of(a)?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `H:MM[:SS[.fff]] [AM|PM] [offset]`.
fn parse_time_part(t: &str) -> Option<(NaiveTime, Option<i64>)> {
    let b = t.as_bytes();
    let colon = b.iter().position(|&c| c == b':')?;
    let h = digits(&b[..colon])?;
    let m = digits(b.get(colon + 1..colon + 3)?)?;
    let mut rest = &t[colon + 3..];
    let mut s = 0;
    if let Some(after) = rest.strip_prefix(':') {
        s = digits(after.as_bytes().get(..2)?)?;
        rest = &after[2..];
        if let Some(frac) = rest.strip_prefix('.').or_else(|| rest.strip_prefix(',')) {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            rest = &frac[n..];
        }
    }
    let mut rest = rest.trim_start();
    let mut hour = h;
    for (marker, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if rest.len() >= marker.len()
            && rest.as_bytes()[..marker.len()].eq_ignore_ascii_case(marker.as_bytes())
        {
            if !(1..=12).contains(&h) {
                return None;
            }
            hour = match (pm, h) {
                (false, 12) => 0,
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, h) => h,
            };
            rest = &rest[marker.len()..];
            break;
        }
    }
    let offset = parse_offset(rest.as_bytes())?;
    Some((NaiveTime::from_hms_opt(hour, m, s)?, offset))
}

/// The UTC offset in seconds (`Z`, `+02:00`, `+0200`, `+02`, `UTC`), `Some(None)` when absent.
fn parse_offset(b: &[u8]) -> Option<Option<i64>> {
    let b = b.trim_ascii();
    match b {
        [] => Some(None),
        b"Z" | b"z" | b"UTC" | b"GMT" | b"utc" | b"gmt" => Some(Some(0)),
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
