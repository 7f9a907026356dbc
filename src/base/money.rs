//! Money: exact fixed-point amounts, parsed from the many ways exports write them.

use crate::base::numeral::{Mark, NotNumeral, Numeral, Shape};
use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub};

/// Units per currency unit: amounts keep four decimal places exactly.
pub const SCALE: i128 = 10_000;
/// The decimal places `SCALE` keeps.
const PLACES: u32 = 4;

/// An exact amount in ten-thousandths of the report currency. Never binary floating point.
#[cfg_attr(feature = "parquet", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub i128);

/// A three-letter currency code such as `USD`.
#[cfg_attr(
    feature = "parquet",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "String", try_from = "String")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency(pub [u8; 3]);

impl Currency {
    /// Reads a three-letter code (any case) or a well-known symbol.
    pub fn parse(text: &str) -> Option<Currency> {
        let t = text.trim();
        let code = match t {
            "$" | "US$" | "USD" => "USD",
            "€" => "EUR",
            "£" => "GBP",
            "R$" => "BRL",
            "¥" | "JP¥" => "JPY",
            "₹" => "INR",
            "C$" | "CA$" => "CAD",
            "A$" | "AU$" => "AUD",
            "zł" => "PLN",
            "kr" => "SEK",
            _ => t,
        };
        let b = code.as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_alphabetic) {
            Some(Currency([
                b[0].to_ascii_uppercase(),
                b[1].to_ascii_uppercase(),
                b[2].to_ascii_uppercase(),
            ]))
        } else {
            None
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

/// A code as text, for the dataset's `funnel.json`.
#[cfg(feature = "parquet")]
impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.as_str().to_string()
    }
}

/// A code read back from the dataset's `funnel.json`: exactly three ASCII letters.
#[cfg(feature = "parquet")]
impl TryFrom<String> for Currency {
    type Error = String;

    fn try_from(text: String) -> Result<Currency, String> {
        match text.as_bytes() {
            [a, b, c] if text.bytes().all(|x| x.is_ascii_uppercase()) => Ok(Currency([*a, *b, *c])),
            _ => Err(format!("{text:?} is not a currency code")),
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Money {
    pub const ZERO: Money = Money(0);

    /// Whole currency units.
    pub fn from_units(units: i64) -> Money {
        Money(units as i128 * SCALE)
    }

    /// Rounded to cents, half away from zero, as a number for JSON.
    pub fn to_cents_f64(self) -> f64 {
        self.to_cents() as f64 / 100.0
    }

    /// Rounded to whole cents, half away from zero.
    pub fn to_cents(self) -> i128 {
        round_div(self.0, SCALE / 100)
    }

    /// As a float, for ratios only (never summed back into money).
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }

    /// `self * rate`, rounded half away from zero to the scale.
    pub fn convert(self, rate: Rate) -> Money {
        Money(round_div(self.0 * rate.0, Rate::SCALE))
    }

    /// `self / count`, rounded half away from zero; `None` when `count` is zero.
    pub fn per(self, count: u64) -> Option<Money> {
        (count != 0).then(|| Money(round_div(self.0, count as i128)))
    }

    /// `self / other` as a float ratio; `None` when `other` is zero.
    pub fn ratio(self, other: Money) -> Option<f64> {
        (other.0 != 0).then(|| self.0 as f64 / other.0 as f64)
    }
}

fn round_div(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d.abs() {
        q + n.signum() * d.signum()
    } else {
        q
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0;
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}
impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// An exchange rate: units of the report currency per unit of another, to six decimals.
#[cfg_attr(feature = "parquet", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate(pub i128);

impl Rate {
    pub const SCALE: i128 = 1_000_000;

    pub fn parse(text: &str) -> Option<Rate> {
        let (m, _) = parse_money(text, Some(b'.')).ok()?;
        (m.0 > 0).then(|| Rate(m.0 * (Rate::SCALE / SCALE)))
    }
}

/// What a column's values said about its decimal mark, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MarkEvidence {
    /// Values only a decimal point reads.
    pub point: u64,
    /// Values only a decimal comma reads.
    pub comma: u64,
    /// Values both read, written with a `.` (`1.234`) and with a `,` (`1,234`).
    pub either_point: u64,
    pub either_comma: u64,
    /// The first currency written with a value.
    pub currency: Option<Currency>,
}

impl MarkEvidence {
    /// Counts one value's shape.
    #[inline]
    pub fn add(&mut self, shape: Shape) {
        match shape {
            Shape::Tells(Mark::Point) => self.point += 1,
            Shape::Tells(Mark::Comma) => self.comma += 1,
            Shape::Either(Mark::Point) => self.either_point += 1,
            Shape::Either(Mark::Comma) => self.either_comma += 1,
            Shape::Plain | Shape::Neither => {}
        }
    }

    /// Both counts together (two pieces of one file).
    pub fn plus(self, o: MarkEvidence) -> MarkEvidence {
        MarkEvidence {
            point: self.point + o.point,
            comma: self.comma + o.comma,
            either_point: self.either_point + o.either_point,
            either_comma: self.either_comma + o.either_comma,
            currency: self.currency.or(o.currency),
        }
    }

    /// Values that read both ways.
    pub fn either(&self) -> u64 {
        self.either_point + self.either_comma
    }

    /// Values that read one way only.
    pub fn told(&self) -> u64 {
        self.point + self.comma
    }

    /// The mark the values demand, when some demand one and none the other.
    pub fn verdict(&self) -> Option<Mark> {
        match (self.point > 0, self.comma > 0) {
            (true, false) => Some(Mark::Point),
            (false, true) => Some(Mark::Comma),
            _ => None,
        }
    }

    /// The mark more values demand than the other, when both are demanded (`None` on a tie).
    pub fn majority(&self) -> Option<Mark> {
        match self.point.cmp(&self.comma) {
            std::cmp::Ordering::Greater => Some(Mark::Point),
            std::cmp::Ordering::Less => Some(Mark::Comma),
            std::cmp::Ordering::Equal => None,
        }
    }

    /// The mark that reads the values that read both ways as grouped thousands (`1.234` as
    /// 1234): a comma when most of them are written with a `.`.
    pub fn grouping(&self) -> Mark {
        if self.either_point >= self.either_comma {
            Mark::Comma
        } else {
            Mark::Point
        }
    }
}

/// Why an amount could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum MoneyError {
    Empty,
    NoDigits,
    UnknownUnit(String),
    Malformed,
    /// It reads only with the other decimal mark than its column's.
    OtherMark(Mark),
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::Empty => f.write_str("is empty"),
            MoneyError::NoDigits => f.write_str("has no digits"),
            // The value is quoted before this (`privacy::quote`, which may hide it): not again.
            MoneyError::UnknownUnit(_) => f.write_str("has an unknown currency or unit"),
            MoneyError::Malformed => f.write_str("is not a number"),
            MoneyError::OtherMark(m) => write!(
                f,
                "is written with {}, unlike the other amounts of its column (read with {})",
                m.other().name(),
                m.name()
            ),
        }
    }
}

/// Parses one amount on its own: `1,234.56`, `$1,234.56`, `1.234,56 €`, `(1,234.56)`, `-12`,
/// `1234.56 USD`, `1 234,56`, `R$ 100.000`, `1'234.50`, `$115.00K`, `1.2M`. Returns the amount
/// and the currency written with it, if any.
///
/// The decimal mark is the one that reads the number (`numeral`: `12,5`, `1.234,56`, `4647.175`
/// tell theirs). When both read it (`1.234`), it is `decimal_hint` when given; otherwise the
/// separator groups thousands. A column of amounts is read with one mark for all (`read_money`).
pub fn parse_money(
    text: &str,
    decimal_hint: Option<u8>,
) -> Result<(Money, Option<Currency>), MoneyError> {
    let n = numeral(text)?;
    let mark = match n.shape() {
        Shape::Tells(m) => m,
        Shape::Either(sep) => decimal_hint.and_then(Mark::of).unwrap_or(sep.other()),
        Shape::Plain => Mark::Point,
        Shape::Neither => return Err(MoneyError::Malformed),
    };
    amount(&n, mark)
}

/// Reads an amount of a column read with `mark`, and counts what it says about the column's
/// mark in `evidence` (also a currency written with it). A value that reads only with the other
/// mark is refused (`MoneyError::OtherMark`): a column is never read two ways.
#[inline]
pub fn read_money(
    text: &str,
    mark: Mark,
    evidence: &mut MarkEvidence,
) -> Result<(Money, Option<Currency>), MoneyError> {
    let n = numeral(text)?;
    let shape = n.shape();
    evidence.add(shape);
    match shape {
        Shape::Tells(m) if m != mark => return Err(MoneyError::OtherMark(mark)),
        Shape::Neither => return Err(MoneyError::Malformed),
        _ => {}
    }
    let (money, currency) = amount(&n, mark)?;
    if evidence.currency.is_none() {
        evidence.currency = currency;
    }
    Ok((money, currency))
}

fn numeral(text: &str) -> Result<Numeral<'_>, MoneyError> {
    Numeral::read(text).map_err(|e| match e {
        NotNumeral::Empty => MoneyError::Empty,
        NotNumeral::NoDigits => MoneyError::NoDigits,
        NotNumeral::Malformed => MoneyError::Malformed,
    })
}

/// `n` read with `mark`, which fits it (its shape is not `Neither`, nor tells the other mark),
/// and its currency.
fn amount(n: &Numeral, mark: Mark) -> Result<(Money, Option<Currency>), MoneyError> {
    let currency = currency(n).map_err(|()| {
        let unit = match (n.before, n.after) {
            (a, "") | ("", a) => a.to_string(),
            (a, b) => format!("{a} {b}"),
        };
        MoneyError::UnknownUnit(unit)
    })?;
    let units = n.units(mark, PLACES).ok_or(MoneyError::Malformed)?;
    Ok((Money(units), currency))
}

/// The currency written with a number: `Ok(None)` when none, `Err` when its unit is not one
/// (or the units before and after it disagree).
fn currency(n: &Numeral) -> Result<Option<Currency>, ()> {
    let read = |u: &str| {
        if u.is_empty() {
            Ok(None)
        } else {
            Currency::parse(u).map(Some).ok_or(())
        }
    };
    match (read(n.before)?, read(n.after)?) {
        (Some(a), Some(b)) if a != b => Err(()),
        (a, b) => Ok(a.or(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> i128 {
        parse_money(text, None).unwrap().0.0
    }

    #[test]
    fn parses_the_spec_forms() {
        assert_eq!(units("1,234.56"), 12_345_600);
        assert_eq!(units("$1,234.56"), 12_345_600);
        assert_eq!(units("1.234,56 €"), 12_345_600);
        assert_eq!(units("(1,234.56)"), -12_345_600);
        assert_eq!(units("1234.56 USD"), 12_345_600);
        assert_eq!(units("1 234,56"), 12_345_600);
        assert_eq!(units("1\u{a0}234,56"), 12_345_600);
        assert_eq!(units("R$ 100.000"), 1_000_000_000);
        assert_eq!(units("1'234.50"), 12_345_000);
        assert_eq!(units("-12"), -120_000);
        assert_eq!(units("0.125"), 1_250);
        assert_eq!(units("1.234.567"), 12_345_670_000);
        assert_eq!(units("12,5"), 125_000);
    }

    /// The amount forms of issue 24, each read on its own.
    #[test]
    fn parses_the_forms_exports_write() {
        let money = |t: &str| parse_money(t, None).unwrap();
        let usd = Currency::parse("USD");
        for (text, expected, currency) in [
            ("146536,25", 1_465_362_500, None),
            ("R$ 100.000", 1_000_000_000, Currency::parse("BRL")),
            ("$115.00K", 1_150_000_000, usd),
            ("$1,117.10K", 11_171_000_000, usd),
            ("1.2M", 12_000_000_000, None),
            ("1.234,56 €", 12_345_600, Currency::parse("EUR")),
            ("(1,234.56)", -12_345_600, None),
            ("1234.56 USD", 12_345_600, usd),
            ("-12,50", -125_000, None),
            ("$0.16", 1_600, usd),
            ("0.16 $", 1_600, usd),
            ("-$12.50", -125_000, usd),
            ("$-12.50", -125_000, usd),
            ("12.50-", -125_000, None),
            ("€ 1.234,56", 12_345_600, Currency::parse("EUR")),
            ("4647.175", 46_471_750, None),
            ("27675.675", 276_756_750, None),
            ("12,34,567.00", 1_234_567 * SCALE, None),
            ("5k €", 50_000_000, Currency::parse("EUR")),
            ("2.5M USD", 25_000_000_000, usd),
            ("100 kr", 1_000_000, Currency::parse("SEK")),
            ("1.23456789K", 12_345_679, None),
        ] {
            assert_eq!(money(text), (Money(expected), currency), "{text}");
        }
    }

    #[test]
    fn a_column_reads_every_value_with_its_mark() {
        let mut ev = MarkEvidence::default();
        let read = |t: &str, m: Mark, ev: &mut MarkEvidence| read_money(t, m, ev).map(|r| r.0.0);
        assert_eq!(read("1.234", Mark::Point, &mut ev), Ok(12_340));
        assert_eq!(read("1.234", Mark::Comma, &mut ev), Ok(12_340_000));
        assert_eq!(read("1,234", Mark::Point, &mut ev), Ok(12_340_000));
        assert_eq!(read("12,5", Mark::Comma, &mut ev), Ok(125_000));
        assert_eq!(
            read("12,5", Mark::Point, &mut ev),
            Err(MoneyError::OtherMark(Mark::Point))
        );
        assert_eq!(
            read("4647.175", Mark::Comma, &mut ev),
            Err(MoneyError::OtherMark(Mark::Comma))
        );
        assert_eq!(read("R$ 100.000", Mark::Comma, &mut ev), Ok(1_000_000_000));
        assert_eq!(
            (ev.point, ev.comma, ev.either_point, ev.either_comma),
            (1, 2, 3, 1)
        );
        assert_eq!(ev.currency, Currency::parse("BRL"));
        assert_eq!(
            MoneyError::OtherMark(Mark::Point).to_string(),
            "is written with a decimal comma, unlike the other amounts of its column (read with a decimal point)"
        );
    }

    #[test]
    fn currencies_are_recognised() {
        assert_eq!(parse_money("$5", None).unwrap().1, Currency::parse("USD"));
        assert_eq!(parse_money("5 €", None).unwrap().1, Currency::parse("EUR"));
        assert_eq!(parse_money("R$ 5", None).unwrap().1, Currency::parse("BRL"));
        assert_eq!(
            parse_money("5 gbp", None).unwrap().1,
            Currency::parse("GBP")
        );
        assert_eq!(parse_money("5", None).unwrap().1, None);
    }

    #[test]
    fn hint_decides_a_lone_separator() {
        assert_eq!(parse_money("1.234", Some(b'.')).unwrap().0, Money(12_340));
        assert_eq!(parse_money("1,234", Some(b',')).unwrap().0, Money(12_340));
        assert_eq!(
            parse_money("1,234", Some(b'.')).unwrap().0,
            Money(12_340_000)
        );
    }

    #[test]
    fn long_numbers_are_exact_or_refused() {
        assert_eq!(
            units("1234567890123456789"),
            1_234_567_890_123_456_789 * SCALE
        );
        assert_eq!(units("123456789012345.12345"), 1_234_567_890_123_451_235);
        assert_eq!(units("0.000000000000000000000049"), 0);
        assert_eq!(units("1.99999"), 20_000);
        assert_eq!(
            units("9999999999999.9999M"),
            9_999_999_999_999_999_900 * SCALE
        );
        assert_eq!(
            parse_money("12345678901234567890", None),
            Err(MoneyError::Malformed)
        );
        assert_eq!(
            parse_money("12345678901234.5M", None),
            Err(MoneyError::Malformed)
        );
    }

    #[test]
    fn rounds_beyond_four_decimals() {
        assert_eq!(units("0.00005"), 1);
        assert_eq!(units("0.00004"), 0);
        assert_eq!(units("-0.00005"), -1);
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(parse_money("", None), Err(MoneyError::Empty));
        assert_eq!(
            parse_money("12 abcd", None),
            Err(MoneyError::UnknownUnit("abcd".into()))
        );
        assert_eq!(parse_money("TBD", None), Err(MoneyError::NoDigits));
        assert_eq!(parse_money("--", None), Err(MoneyError::NoDigits));
        assert_eq!(parse_money("1.2.3,4,5", None), Err(MoneyError::Malformed));
        assert!(parse_money("99999999999999999999999999", None).is_err());
    }

    #[test]
    fn exact_arithmetic() {
        let tenth = parse_money("0.1", None).unwrap().0;
        let sum: Money = std::iter::repeat_n(tenth, 10).sum();
        assert_eq!(sum, Money::from_units(1));
        assert_eq!(Money(12_345).to_cents_f64(), 1.23);
        assert_eq!(Money(12_350).to_cents_f64(), 1.24);
        assert_eq!(Money(-12_350).to_cents_f64(), -1.24);
        assert_eq!(Money::from_units(10).per(3), Some(Money(33_333)));
        assert_eq!(Money::from_units(10).per(0), None);
        let rate = Rate::parse("1.08").unwrap();
        assert_eq!(Money::from_units(100).convert(rate), Money::from_units(108));
    }

    #[test]
    fn evidence_gives_a_verdict_only_when_unanimous() {
        let mut e = MarkEvidence::default();
        e.add(Shape::Either(Mark::Point));
        assert_eq!(e.verdict(), None);
        assert_eq!(e.grouping(), Mark::Comma);
        e.add(Shape::Tells(Mark::Point));
        assert_eq!(e.verdict(), Some(Mark::Point));
        e.add(Shape::Tells(Mark::Comma));
        e.add(Shape::Tells(Mark::Comma));
        assert_eq!(e.verdict(), None);
        assert_eq!(e.majority(), Some(Mark::Comma));
    }
}
