//! Number formatting for people: counts, money, percentages and changes.

/// What a missing (null) number shows as.
pub const DASH: &str = "—";

/// The mark after a rate computed over too few events (`*` marks immature cohorts).
pub const SMALL_MARK: &str = "†";

/// `1234567` -> `1,234,567`.
pub fn count(n: u64) -> String {
    group(&n.to_string())
}

/// A count and the word it counts, agreeing: `counted(1, "file", "files")` -> `1 file`,
/// `counted(1200, "file", "files")` -> `1,200 files`; works for verbs too (`1 was`, `2 were`).
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// A count and a phrase that agrees with it: each `{one|many}` in `phrase` becomes `one` when
/// `n` is 1, else `many`. `agree(1, "{row|rows} {was|were} spread")` -> `1 row was spread`.
pub fn agree(n: u64, phrase: &str) -> String {
    let mut out = count(n);
    out.push(' ');
    let mut rest = phrase;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let choice = &rest[open + 1..close];
        let (one, many) = choice.split_once('|').unwrap_or((choice, choice));
        out.push_str(if n == 1 { one } else { many });
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The symbol shown before amounts, or the code after them.
fn symbol(currency: &str) -> Option<&'static str> {
    match currency {
        "USD" => Some("$"),
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        "BRL" => Some("R$"),
        "JPY" => Some("¥"),
        "INR" => Some("₹"),
        _ => None,
    }
}

/// Cents below 1,000 when not whole (`$12.50`), whole units from 1,000 up (`$1,235`, `$48,210`);
/// negative amounts with a leading minus.
pub fn money(v: f64, currency: &str) -> String {
    let cents = (v * 100.0).round() as i128;
    let neg = cents < 0;
    let abs = cents.unsigned_abs();
    let units = abs / 100;
    let frac = abs % 100;
    let mut s = group(&units.to_string());
    if frac != 0 && units < 1_000 {
        s = format!("{s}.{frac:02}");
    } else if frac >= 50 && units >= 1_000 {
        s = group(&(units + 1).to_string());
    }
    let sign = if neg { "-" } else { "" };
    match symbol(currency) {
        Some(sym) => format!("{sign}{sym}{s}"),
        None => format!("{sign}{s} {currency}"),
    }
}

/// A compact amount for tiles: `$1.24M`, `$48.2k`, `$950`.
pub fn money_short(v: f64, currency: &str) -> String {
    let a = v.abs();
    let (scaled, suffix) = if a >= 1e9 {
        (v / 1e9, "B")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e4 {
        (v / 1e3, "k")
    } else {
        return money(v, currency);
    };
    let digits = if scaled.abs() >= 100.0 {
        0
    } else if scaled.abs() >= 10.0 {
        1
    } else {
        2
    };
    let num = format!("{scaled:.digits$}");
    match symbol(currency) {
        Some(sym) if v < 0.0 => format!("-{sym}{}{suffix}", num.trim_start_matches('-')),
        Some(sym) => format!("{sym}{num}{suffix}"),
        None => format!("{num}{suffix} {currency}"),
    }
}

/// `0.1234` -> `12.3%`.
pub fn percent(r: f64) -> String {
    format!("{:.1}%", r * 100.0)
}

/// A number with one decimal, dropping `.0`: `12`, `12.5`.
pub fn decimal(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// A multiple, with two decimals: `3.95×`, `0.00×`.
pub fn ratio(v: f64) -> String {
    format!("{v:.2}×")
}

/// A duration or other measure with exactly one decimal, so that a column lines up: `9.0`,
/// `5.6`, `52.0`.
pub fn tenths(v: f64) -> String {
    format!("{v:.1}")
}

/// Hours with one decimal: `9.0 h`, `5.6 h`.
pub fn hours(v: f64) -> String {
    format!("{v:.1} h")
}

/// How a change between two values is expressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Relative, for counts and amounts: `+12.0%`.
    Relative,
    /// The difference in percentage points, for shares: `+1.5 pts`.
    Points,
    /// The difference in the same unit, for multiples such as ROAS: `+2.17×`.
    Times,
}

/// A change as shown, and its direction once rounded as shown (0 when it shows as zero).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shift {
    pub text: String,
    pub sign: i8,
}

/// The change from `prev` to `cur`, expressed `how`; `None` when there is nothing to compare
/// with (a missing value, or a relative change from zero).
pub fn shift(cur: Option<f64>, prev: Option<f64>, how: Change) -> Option<Shift> {
    let (c, p) = (cur?, prev?);
    let (d, shown, unit) = match how {
        Change::Relative if p == 0.0 => return None,
        Change::Relative => {
            let d = (c - p) / p.abs() * 100.0;
            (d, format!("{:.1}", d.abs()), "%")
        }
        Change::Points => {
            let d = (c - p) * 100.0;
            (d, format!("{:.1}", d.abs()), " pts")
        }
        Change::Times => {
            let d = c - p;
            (d, format!("{:.2}", d.abs()), "×")
        }
    };
    let zero = shown.chars().all(|ch| ch == '0' || ch == '.');
    let sign = match () {
        _ if zero => 0,
        _ if d > 0.0 => 1,
        _ => -1,
    };
    let plus = if sign < 0 { "−" } else { "+" };
    Some(Shift {
        text: format!("{plus}{shown}{unit}"),
        sign,
    })
}

/// The change from `prev` to `cur`: relative for amounts and counts (`+12.0%`), in points for
/// rates (`+1.5 pts`). `None` when there is nothing to compare with.
pub fn change(cur: Option<f64>, prev: Option<f64>, is_rate: bool) -> Option<(String, f64)> {
    let (c, p) = (cur?, prev?);
    if is_rate {
        let d = (c - p) * 100.0;
        return Some((
            format!("{}{:.1} pts", if d >= 0.0 { "+" } else { "−" }, d.abs()),
            d,
        ));
    }
    if p == 0.0 {
        return None;
    }
    let d = (c - p) / p.abs() * 100.0;
    Some((
        format!("{}{:.1}%", if d >= 0.0 { "+" } else { "−" }, d.abs()),
        d,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_words() {
        assert_eq!(counted(1, "file", "files"), "1 file");
        assert_eq!(counted(0, "file", "files"), "0 files");
        assert_eq!(counted(1200, "was", "were"), "1,200 were");
        let note = "{row|rows} over a range {was|were each} spread";
        assert_eq!(agree(1, note), "1 row over a range was spread");
        assert_eq!(agree(3, note), "3 rows over a range were each spread");
        assert_eq!(agree(2, "rows {unclosed"), "2 rows {unclosed");
    }

    #[test]
    fn formats() {
        assert_eq!(count(0), "0");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(money(234.5, "USD"), "$234.50");
        assert_eq!(money(1234.5, "USD"), "$1,235");
        assert_eq!(money(1234.49, "USD"), "$1,234");
        assert_eq!(money(48210.4, "USD"), "$48,210");
        assert_eq!(money(48210.5, "USD"), "$48,211");
        assert_eq!(money(-12.0, "EUR"), "-€12");
        assert_eq!(money(5.0, "CHF"), "5 CHF");
        assert_eq!(money_short(1_240_000.0, "USD"), "$1.24M");
        assert_eq!(money_short(48_210.0, "USD"), "$48.2k");
        assert_eq!(money_short(950.0, "USD"), "$950");
        assert_eq!(percent(0.1234), "12.3%");
        assert_eq!(decimal(12.0), "12");
        assert_eq!(decimal(12.5), "12.5");
        assert_eq!(change(Some(110.0), Some(100.0), false).unwrap().0, "+10.0%");
        assert_eq!(change(Some(90.0), Some(100.0), false).unwrap().0, "−10.0%");
        assert_eq!(change(Some(0.30), Some(0.25), true).unwrap().0, "+5.0 pts");
        assert_eq!(change(Some(1.0), Some(0.0), false), None);
        assert_eq!(change(None, Some(1.0), false), None);
        assert_eq!(ratio(0.0), "0.00×");
        assert_eq!(ratio(3.9525), "3.95×");
        assert_eq!(hours(9.0), "9.0 h");
        assert_eq!(hours(5.64), "5.6 h");
        assert_eq!(tenths(52.0), "52.0");
    }

    #[test]
    fn shifts_are_signed_as_shown() {
        let s = |c, p, how| shift(Some(c), Some(p), how).unwrap();
        assert_eq!(s(3.9525, 1.7778, Change::Times).text, "+2.17×");
        assert_eq!(
            s(1.0, 1.5, Change::Times),
            Shift {
                text: "−0.50×".into(),
                sign: -1
            }
        );
        assert_eq!(s(110.0, 100.0, Change::Relative).text, "+10.0%");
        assert_eq!(s(0.30, 0.25, Change::Points).text, "+5.0 pts");
        assert_eq!(
            s(0.3640, 0.3636, Change::Points),
            Shift {
                text: "+0.0 pts".into(),
                sign: 0
            }
        );
        assert_eq!(s(0.3634, 0.3636, Change::Points).sign, 0);
        assert_eq!(s(0.3630, 0.3636, Change::Points).text, "−0.1 pts");
        assert_eq!(shift(Some(1.0), Some(0.0), Change::Relative), None);
        assert_eq!(
            shift(Some(1.0), Some(0.0), Change::Times).unwrap().text,
            "+1.00×"
        );
    }
}
