//! Columns: a table's columns as the Arrow arrays of the rows of one partition, each made by a
//! function of the row's number, and the conversions every table shares (months, days, cents).

use crate::base::datetime::{Instant, Month, local_date};
use crate::base::money::Money;
use arrow_array::{ArrayRef, BooleanArray, Date32Array, Int64Array, StringArray};
use arrow_schema::DataType;
use chrono::NaiveDate;
use chrono_tz::Tz;
use std::sync::Arc;

/// Makes one column's array from the numbers of the rows it holds, in order.
type Make<'a> = Box<dyn Fn(&[u32]) -> ArrayRef + 'a>;

/// One column: its name, its Arrow type (every column may hold nulls) and how its values are
/// made.
pub(crate) struct Column<'a> {
    pub name: &'static str,
    pub kind: DataType,
    pub make: Make<'a>,
}

/// A 64-bit integer column.
pub(crate) fn int<'a>(name: &'static str, f: impl Fn(u32) -> Option<i64> + 'a) -> Column<'a> {
    Column {
        name,
        kind: DataType::Int64,
        make: Box::new(move |rows| Arc::new(rows.iter().map(|&i| f(i)).collect::<Int64Array>())),
    }
}

/// A text column.
pub(crate) fn text<'a, S: AsRef<str>>(
    name: &'static str,
    f: impl Fn(u32) -> Option<S> + 'a,
) -> Column<'a> {
    Column {
        name,
        kind: DataType::Utf8,
        make: Box::new(move |rows| Arc::new(rows.iter().map(|&i| f(i)).collect::<StringArray>())),
    }
}

/// A date column (days since 1970-01-01).
pub(crate) fn day<'a>(name: &'static str, f: impl Fn(u32) -> Option<NaiveDate> + 'a) -> Column<'a> {
    Column {
        name,
        kind: DataType::Date32,
        make: Box::new(move |rows| {
            Arc::new(
                rows.iter()
                    .map(|&i| f(i).map(days_since_1970))
                    .collect::<Date32Array>(),
            )
        }),
    }
}

/// A true-or-false column.
pub(crate) fn flag<'a>(name: &'static str, f: impl Fn(u32) -> Option<bool> + 'a) -> Column<'a> {
    Column {
        name,
        kind: DataType::Boolean,
        make: Box::new(move |rows| Arc::new(rows.iter().map(|&i| f(i)).collect::<BooleanArray>())),
    }
}

/// The three columns of an instant: `NAME_at` (seconds since 1970, UTC), and its local
/// `NAME_month` (YYYY-MM) and `NAME_day` in `tz`.
pub(crate) fn instant<'a>(
    names: [&'static str; 3],
    tz: Tz,
    f: impl Fn(u32) -> Option<Instant> + Copy + 'a,
) -> [Column<'a>; 3] {
    [
        int(names[0], f),
        text(names[1], move |i| {
            f(i).map(|t| month_text(local_month(t, tz)))
        }),
        day(names[2], move |i| f(i).map(|t| local_date(t, tz))),
    ]
}

/// The local month of an instant in `tz`.
pub(crate) fn local_month(t: Instant, tz: Tz) -> Month {
    Month::of(local_date(t, tz))
}

/// `YYYY-MM`.
pub(crate) fn month_text(m: Month) -> String {
    m.to_string()
}

fn days_since_1970(d: NaiveDate) -> i32 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date")).num_days() as i32
}

/// An amount in whole cents, half away from zero; none when it does not fit 64 bits.
pub(crate) fn cents(m: Money) -> Option<i64> {
    i64::try_from(m.to_cents()).ok()
}

/// An amount exactly as baton keeps it, in ten-thousandths; none when it does not fit 64 bits.
pub(crate) fn ten_thousandths(m: Money) -> Option<i64> {
    i64::try_from(m.0).ok()
}

/// A label's name, none for the empty label.
pub(crate) fn label(name: &str) -> Option<&str> {
    Some(name).filter(|n| !n.is_empty())
}
