//! Numerals: a number as written (its sign, digits and separators, the unit around it), read
//! without allocating, and what it says about its decimal mark.
//!
//! A separator is a decimal mark or groups thousands. Read with a decimal point, `,` groups; with
//! a decimal comma, `.` groups. A grouping is written right: the run before the first group
//! separator has one to three digits and does not start with 0, and every group after it has
//! three digits (two for all but the last in Indian `12,34,567`), all before the decimal mark.
//! So `1,234.56`, `12.5` and `4647.175` read only with a decimal point, `1.234,56` and `12,5`
//! only with a comma, and `1.234` or `100,000` both ways.

/// A decimal mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mark {
    /// `.`: `1,234.56`.
    Point,
    /// `,`: `1.234,56`.
    Comma,
}

impl Mark {
    /// The separator byte.
    pub fn byte(self) -> u8 {
        match self {
            Mark::Point => b'.',
            Mark::Comma => b',',
        }
    }

    /// The other mark.
    pub fn other(self) -> Mark {
        match self {
            Mark::Point => Mark::Comma,
            Mark::Comma => Mark::Point,
        }
    }

    /// The mark a separator byte is, if any.
    pub fn of(b: u8) -> Option<Mark> {
        match b {
            b'.' => Some(Mark::Point),
            b',' => Some(Mark::Comma),
            _ => None,
        }
    }

    /// "a decimal point", "a decimal comma".
    pub fn name(self) -> &'static str {
        match self {
            Mark::Point => "a decimal point",
            Mark::Comma => "a decimal comma",
        }
    }
}

/// What one written number says about its decimal mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// No separator (`1234`, `$5`): both marks read it alike.
    Plain,
    /// Only this mark reads it (`12.5`, `1,234.56`, `4647.175` for a point).
    Tells(Mark),
    /// Both marks read it, differently: one separator, this one, with three digits after it and
    /// one to three before (`1.234`, `12,500`).
    Either(Mark),
    /// Neither reads it (`1.2.3`, `1,23`).
    Neither,
}

/// The most runs of digits a number may have (separators plus one).
const MAX_RUNS: usize = 12;

/// A number as written: `-R$ 1.234,56`, `(1,234.56)`, `$1,117.10K`, `12,5 %`.
#[derive(Clone, Copy, Debug)]
pub struct Numeral<'a> {
    pub negative: bool,
    /// The unit written before and after the number, without signs, brackets and spaces: `$`,
    /// `R$`, `€`, `USD`, `%`; empty when none.
    pub before: &'a str,
    pub after: &'a str,
    /// The power of ten a `K` (3) or `M` (6) after the number multiplies it by.
    pub power: u32,
    /// The digits and separators (with any spaces or apostrophes grouping them).
    pub body: &'a str,
    /// The digits of each run and the separator before it (0 for the first run).
    runs: [(u8, u8); MAX_RUNS],
    count: usize,
    /// Whether the first run starts with 0 (so it cannot be a group: `0.125`).
    first_zero: bool,
}

/// Why a text is not a numeral.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotNumeral {
    Empty,
    NoDigits,
    /// Digits, but other text among them or too many separators.
    Malformed,
}

/// Whether `c` groups digits without being a separator: a space of any width or an apostrophe.
fn is_gap(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’')
}

fn is_sign(c: char) -> bool {
    matches!(c, '-' | '\u{2212}' | '+' | '(' | ')') || c.is_whitespace()
}

/// `s` without signs, brackets and spaces at its ends: byte by byte, unless a wider character
/// is left at an end (`−`, a no-break space; or just `€`).
fn strip(s: &str) -> &str {
    let b = s.as_bytes();
    let ascii = |c: u8| matches!(c, b' ' | b'\t' | b'-' | b'+' | b'(' | b')');
    let (mut a, mut z) = (0, b.len());
    while a < z && ascii(b[a]) {
        a += 1;
    }
    while z > a && ascii(b[z - 1]) {
        z -= 1;
    }
    let s = &s[a..z];
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(x), Some(y)) if *x >= 0x80 || *y >= 0x80 => s.trim_matches(is_sign),
        _ => s,
    }
}

impl<'a> Numeral<'a> {
    /// Reads `text` (trimmed or not) into its parts.
    pub fn read(text: &'a str) -> Result<Numeral<'a>, NotNumeral> {
        // Most values come trimmed, which their two ends show.
        let t = match (text.as_bytes().first(), text.as_bytes().last()) {
            (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => text,
            _ => text.trim(),
        };
        if t.is_empty() {
            return Err(NotNumeral::Empty);
        }
        let b = t.as_bytes();
        let Some(first) = b.iter().position(u8::is_ascii_digit) else {
            return Err(NotNumeral::NoDigits);
        };
        let last = b.iter().rposition(u8::is_ascii_digit).unwrap_or(first);
        // A separator just before the first digit (`.5`) or just after the last (`5.`) belongs
        // to the number.
        let start = if first > 0 && matches!(b[first - 1], b'.' | b',') {
            first - 1
        } else {
            first
        };
        let end = if last + 1 < b.len() && matches!(b[last + 1], b'.' | b',') {
            last + 2
        } else {
            last + 1
        };
        let body = &t[start..end];
        let mut runs = [(0u8, 0u8); MAX_RUNS];
        let mut count = 1;
        let mut first_zero = false;
        let bytes = body.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                c @ b'0'..=b'9' => {
                    if count == 1 && runs[0].1 == 0 {
                        first_zero = c == b'0';
                    }
                    let run = &mut runs[count - 1];
                    run.1 = run.1.saturating_add(1);
                }
                c @ (b'.' | b',') => {
                    if count == MAX_RUNS {
                        return Err(NotNumeral::Malformed);
                    }
                    runs[count] = (c, 0);
                    count += 1;
                }
                b' ' | b'\'' => {}
                0x80.. => {
                    // A wider space or a typographic apostrophe, grouping.
                    match body[i..].chars().next() {
                        Some(c) if is_gap(c) => i += c.len_utf8() - 1,
                        _ => return Err(NotNumeral::Malformed),
                    }
                }
                _ => return Err(NotNumeral::Malformed),
            }
            i += 1;
        }
        let (head, tail) = (&t[..start], &t[end..]);
        let (mut negative, mut before, mut after, mut power) = (false, head, tail, 0);
        // Most numbers have nothing around them.
        if !head.is_empty() || !tail.is_empty() {
            let minus =
                |s: &str| s.as_bytes().contains(&b'-') || (!s.is_ascii() && s.contains('\u{2212}'));
            negative = minus(head)
                || minus(tail)
                || (head.as_bytes().contains(&b'(') && tail.as_bytes().contains(&b')'));
            before = strip(head);
            (power, after) = multiplier(strip(tail));
        }
        Ok(Numeral {
            negative,
            before,
            after,
            power,
            body,
            runs,
            count,
            first_zero,
        })
    }

    /// What the number says about its decimal mark.
    pub fn shape(&self) -> Shape {
        if self.count == 1 {
            return Shape::Plain;
        }
        match (self.fits(Mark::Point), self.fits(Mark::Comma)) {
            (true, false) => Shape::Tells(Mark::Point),
            (false, true) => Shape::Tells(Mark::Comma),
            (true, true) => Mark::of(self.runs[1].0).map_or(Shape::Neither, Shape::Either),
            (false, false) => Shape::Neither,
        }
    }

    /// Whether the number reads with `mark` as its decimal mark.
    pub fn fits(&self, mark: Mark) -> bool {
        let runs = &self.runs[..self.count];
        let dec = mark.byte();
        // Group runs: those after a group separator, up to the decimal mark.
        let mut groups = 0;
        let mut seen_dec = false;
        for (i, &(sep, len)) in runs.iter().enumerate().skip(1) {
            if sep == dec {
                if seen_dec {
                    return false;
                }
                seen_dec = true;
            } else {
                if seen_dec {
                    return false;
                }
                groups += 1;
                let last_group = runs.get(i + 1).is_none_or(|&(next, _)| next == dec);
                let ok = if last_group {
                    len == 3
                } else {
                    len == 3 || len == 2
                };
                if !ok {
                    return false;
                }
            }
        }
        // The run before the first group: one to three digits, not starting with 0.
        groups == 0 || (matches!(runs[0].1, 1..=3) && !self.first_zero)
    }

    /// The number read with `mark` (which must fit, `fits`), in units of 10^-`places`, rounded
    /// half away from zero; `None` when it is 10^19 or more. No division: the digits are taken
    /// with as many decimals as the units have (after the multiplier), and the next one rounds;
    /// in 64 bits unless there are more than 19 of them.
    pub fn units(&self, mark: Mark, places: u32) -> Option<i128> {
        let dec = mark.byte();
        let keep = places + self.power;
        let mut acc: u64 = 0;
        let mut digits = 0u32;
        let mut decimals = 0u32;
        let mut in_frac = false;
        let mut round_up = false;
        for &c in self.body.as_bytes() {
            if c.is_ascii_digit() {
                if in_frac {
                    if decimals >= keep {
                        round_up |= decimals == keep && c >= b'5';
                        decimals += 1;
                        continue;
                    }
                    decimals += 1;
                } else if acc == 0 && c == b'0' {
                    continue;
                }
                if digits == 19 {
                    return self.wide_units(dec, keep);
                }
                acc = acc * 10 + u64::from(c - b'0');
                digits += 1;
            } else if c == dec {
                in_frac = true;
            }
        }
        let pad = keep - decimals.min(keep);
        if digits - decimals.min(keep) + self.power > 19 {
            return None;
        }
        let units = if digits + pad <= 19 {
            i128::from(acc * 10u64.pow(pad))
        } else {
            i128::from(acc) * 10i128.pow(pad)
        } + i128::from(round_up);
        Some(if self.negative { -units } else { units })
    }

    /// `units` for a number with more than 19 digits to keep, in 128 bits.
    #[cold]
    fn wide_units(&self, dec: u8, keep: u32) -> Option<i128> {
        let (mut acc, mut whole, mut decimals, mut in_frac) = (0i128, 0u32, 0u32, false);
        let mut round_up = false;
        for &c in self.body.as_bytes() {
            if c.is_ascii_digit() {
                if in_frac {
                    if decimals >= keep {
                        round_up |= decimals == keep && c >= b'5';
                        decimals += 1;
                        continue;
                    }
                    decimals += 1;
                } else {
                    whole += u32::from(acc != 0 || c != b'0');
                    if whole + self.power > 19 {
                        return None;
                    }
                }
                acc = acc * 10 + i128::from(c - b'0');
            } else if c == dec {
                in_frac = true;
            }
        }
        let units = acc * 10i128.pow(keep - decimals.min(keep)) + i128::from(round_up);
        Some(if self.negative { -units } else { units })
    }
}

/// A `K` (thousand) or `M` (million) at the start of the unit after a number, when no letter
/// follows it (`1.2M`, `$115.00K`, `5k €`, `2.5M USD`); `kr` and `MXN` are units.
fn multiplier(after: &str) -> (u32, &str) {
    let power = match after.as_bytes().first() {
        Some(b'K' | b'k') => 3,
        Some(b'M' | b'm') => 6,
        _ => return (0, after),
    };
    let rest = &after[1..];
    if rest.starts_with(char::is_alphabetic) {
        (0, after)
    } else {
        (power, rest.trim_start())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(t: &str) -> Shape {
        Numeral::read(t).map_or(Shape::Neither, |n| n.shape())
    }

    #[test]
    fn shapes_tell_the_mark_or_not() {
        use Mark::{Comma, Point};
        for (t, s) in [
            ("1234", Shape::Plain),
            ("$5", Shape::Plain),
            ("12.5", Shape::Tells(Point)),
            ("177865.6", Shape::Tells(Point)),
            ("4647.175", Shape::Tells(Point)),
            ("27675.675", Shape::Tells(Point)),
            ("0.125", Shape::Tells(Point)),
            (".125", Shape::Tells(Point)),
            ("1,234.56", Shape::Tells(Point)),
            ("1,234,567", Shape::Tells(Point)),
            ("12,34,567.00", Shape::Tells(Point)),
            ("$115.00K", Shape::Tells(Point)),
            ("12,5", Shape::Tells(Comma)),
            ("146536,25", Shape::Tells(Comma)),
            ("1.234,56 €", Shape::Tells(Comma)),
            ("1.234.567", Shape::Tells(Comma)),
            ("1 234,567", Shape::Tells(Comma)),
            ("1.234", Shape::Either(Point)),
            ("R$ 100.000", Shape::Either(Point)),
            ("12,500", Shape::Either(Comma)),
            ("-999.999", Shape::Either(Point)),
            ("1.2.3", Shape::Neither),
            ("1,23,4", Shape::Neither),
            ("1.234,5.6", Shape::Neither),
        ] {
            assert_eq!(shape(t), s, "{t}");
        }
    }

    #[test]
    fn units_and_signs_are_found_around_the_number() {
        let n = Numeral::read("-R$ 1.234,56").unwrap();
        assert!(n.negative);
        assert_eq!((n.before, n.after, n.body), ("R$", "", "1.234,56"));
        let n = Numeral::read("(1,234.56 €)").unwrap();
        assert!(n.negative);
        assert_eq!((n.before, n.after), ("", "€"));
        let n = Numeral::read("$1,117.10K").unwrap();
        assert_eq!((n.before, n.after, n.power), ("$", "", 3));
        let n = Numeral::read("5 kr").unwrap();
        assert_eq!((n.after, n.power), ("kr", 0));
        let n = Numeral::read("12 MXN").unwrap();
        assert_eq!((n.after, n.power), ("MXN", 0));
        let n = Numeral::read("2.5M USD").unwrap();
        assert_eq!((n.after, n.power), ("USD", 6));
        assert_eq!(Numeral::read("1a2").unwrap_err(), NotNumeral::Malformed);
        assert_eq!(Numeral::read("abc").unwrap_err(), NotNumeral::NoDigits);
        assert_eq!(Numeral::read("  ").unwrap_err(), NotNumeral::Empty);
    }
}
