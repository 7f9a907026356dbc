//! Money: exact fixed-point amounts, parsed from the many ways exports write them.

use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub};

/// Units per currency unit: amounts keep four decimal places exactly.
pub const SCALE: i128 = 10_000;

/// An exact amount in ten-thousandths of the report currency. Never binary floating point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub i128);

/// A three-letter currency code such as `USD`.
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
        let cents = round_div(self.0, SCALE / 100);
        cents as f64 / 100.0
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate(pub i128);

impl Rate {
    pub const SCALE: i128 = 1_000_000;

    pub fn parse(text: &str) -> Option<Rate> {
        let (m, _) = parse_money(text, Some(b'.')).ok()?;
        (m.0 > 0).then(|| Rate(m.0 * (Rate::SCALE / SCALE)))
    }
}

/// Why an amount could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum MoneyError {
    Empty,
    NoDigits,
    UnknownUnit(String),
    Malformed,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::Empty => f.write_str("is empty"),
            MoneyError::NoDigits => f.write_str("has no digits"),
            // The value is quoted before this (`privacy::quote`, which may hide it): not again.
            MoneyError::UnknownUnit(_) => f.write_str("has an unknown currency or unit"),
            MoneyError::Malformed => f.write_str("is not a number"),
        }
    }
}

/// Parses `1,234.56`, `$1,234.56`, `1.234,56 €`, `(1,234.56)`, `-12`, `1234.56 USD`, `1 234,56`,
/// `R$ 100.000`, `1'234.50`. Returns the amount and the currency written with it, if any.
///
/// The decimal separator: when both `,` and `.` appear, the last one is decimal. When one of them
/// appears more than once, it groups thousands. A single one is the `decimal_hint` when it matches;
/// otherwise it groups thousands when exactly three digits follow it and the integer part is not
/// zero, and is decimal in every other case. Digits beyond the fourth decimal are rounded half away
/// from zero.
pub fn parse_money(
    text: &str,
    decimal_hint: Option<u8>,
) -> Result<(Money, Option<Currency>), MoneyError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(MoneyError::Empty);
    }
    let mut negative = false;
    let mut number = String::with_capacity(t.len());
    let mut unit = String::new();
    let mut open_paren = false;
    for c in t.chars() {
        match c {
            '0'..='9' | '.' | ',' => number.push(c),
            '-' | '\u{2212}' => negative = true,
            '(' => open_paren = true,
            ')' if open_paren => negative = true,
            '+' => {}
            ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’' => {
                // Grouping inside the number, or the gap before a unit.
            }
            _ => unit.push(c),
        }
    }
    let currency = if unit.is_empty() {
        None
    } else {
        Some(Currency::parse(&unit).ok_or(MoneyError::UnknownUnit(unit))?)
    };
    if !number.bytes().any(|b| b.is_ascii_digit()) {
        return Err(MoneyError::NoDigits);
    }
    let decimal = decimal_separator(number.as_bytes(), decimal_hint);
    let mut int_part: i128 = 0;
    let mut frac: i128 = 0;
    let mut frac_digits = 0u32;
    let mut round_up = false;
    let mut in_frac = false;
    for b in number.bytes() {
        if Some(b) == decimal {
            if in_frac {
                return Err(MoneyError::Malformed);
            }
            in_frac = true;
        } else if b.is_ascii_digit() {
            let d = (b - b'0') as i128;
            if in_frac {
                if frac_digits < 4 {
                    frac = frac * 10 + d;
                    frac_digits += 1;
                } else if frac_digits == 4 {
                    round_up = d >= 5;
                    frac_digits += 1;
                }
            } else {
                int_part = int_part
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(d))
                    .ok_or(MoneyError::Malformed)?;
                if int_part > 1_000_000_000_000_000_000 {
                    return Err(MoneyError::Malformed);
                }
            }
        } else if in_frac {
            return Err(MoneyError::Malformed);
        }
    }
    while frac_digits < 4 {
        frac *= 10;
        frac_digits += 1;
    }
    let mut units = int_part * SCALE + frac + i128::from(round_up);
    if negative {
        units = -units;
    }
    Ok((Money(units), currency))
}

fn decimal_separator(num: &[u8], hint: Option<u8>) -> Option<u8> {
    let commas = num.iter().filter(|&&b| b == b',').count();
    let dots = num.iter().filter(|&&b| b == b'.').count();
    match (commas, dots) {
        (0, 0) => None,
        (c, d) if c > 0 && d > 0 => num.iter().rev().find(|&&b| b == b',' || b == b'.').copied(),
        (c, 0) if c > 1 => None,
        (0, d) if d > 1 => None,
        _ => {
            let sep = if commas == 1 { b',' } else { b'.' };
            if hint == Some(sep) {
                return Some(sep);
            }
            let pos = num.iter().position(|&b| b == sep).unwrap_or(0);
            let after = num.len() - pos - 1;
            let int_is_zero = num[..pos].iter().all(|&b| b == b'0');
            if after == 3 && !int_is_zero {
                None
            } else {
                Some(sep)
            }
        }
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
}
