//! Marks: the decimal mark each money column is read with, decided from all its values and,
//! when every one of them reads both ways (`1.234`), from the rest of the file; and what the
//! report says about it (docs/sources.md, "How numbers are read").

use crate::base::datetime::DateOrder;
use crate::base::money::Currency;
use crate::base::money::MarkEvidence;
use crate::base::numeral::{Mark, Numeral, Shape};
use crate::input::formats::{ColumnMap, FIELD_COUNT, Field, Profile};
use crate::input::parse::records::Record;
use std::cell::Cell;

/// The fields read as amounts.
pub const MONEY_FIELDS: [Field; 2] = [Field::Amount, Field::Cost];

/// The slot of `Numbers::evidence` that the file's other numbers fill.
pub const OTHERS: usize = FIELD_COUNT;

/// A file's amounts as its rows read them: the mark each money column is read with, and what
/// the values said.
pub struct Numbers {
    /// The decimal mark each money field is read with.
    pub marks: [Mark; FIELD_COUNT],
    /// What each money field's values said; at `OTHERS`, what the file's other numbers said on
    /// the rows whose amount reads both ways.
    pub evidence: Vec<Cell<MarkEvidence>>,
    /// The columns no money field reads, and whether each holds whole numbers (impressions,
    /// clicks: a separator there groups thousands).
    others: Vec<(usize, bool)>,
}

impl Numbers {
    /// A file's numbers before any is read: money columns read with `marks` when a first reading
    /// showed which (`Readings`), else with the profile's mark, else a decimal point.
    pub fn new(
        profile: &Profile,
        map: &ColumnMap,
        width: usize,
        marks: Option<[Mark; FIELD_COUNT]>,
    ) -> Numbers {
        let money: Vec<usize> = MONEY_FIELDS
            .iter()
            .flat_map(|f| map.get(*f))
            .copied()
            .collect();
        let whole: Vec<usize> = [Field::Impressions, Field::Clicks]
            .iter()
            .flat_map(|f| map.get(*f))
            .copied()
            .collect();
        let others = if money.is_empty() {
            Vec::new()
        } else {
            (0..width)
                .filter(|c| !money.contains(c))
                .map(|c| (c, whole.contains(&c)))
                .collect()
        };
        Numbers {
            marks: marks.unwrap_or([first_mark(profile); FIELD_COUNT]),
            evidence: no_evidence(),
            others,
        }
    }

    /// The reading without its evidence, to start the pieces of a file from (on other threads).
    pub fn plan(&self) -> Plan {
        Plan {
            marks: self.marks,
            others: self.others.clone(),
        }
    }

    /// The evidence so far, to add to another reading's (`add`).
    pub fn counts(&self) -> Vec<MarkEvidence> {
        self.evidence.iter().map(Cell::get).collect()
    }

    /// Adds `counts` (another piece's) to this reading's evidence.
    pub fn add(&self, counts: &[MarkEvidence]) {
        for (cell, ev) in self.evidence.iter().zip(counts) {
            cell.set(cell.get().plus(*ev));
        }
    }

    /// Counts what the record's other numbers say about the file's mark: done on a row whose
    /// amount reads both ways, the only rows where they may be needed.
    #[inline(never)]
    pub fn weigh_others(&self, record: &Record) {
        let cell = &self.evidence[OTHERS];
        let mut ev = cell.get();
        for &(c, whole) in &self.others {
            let Some(text) = record.get(c).and_then(|b| std::str::from_utf8(b).ok()) else {
                continue;
            };
            let Ok(n) = Numeral::read(text) else {
                continue;
            };
            let unit = |u: &str| u.is_empty() || u == "%" || Currency::parse(u).is_some();
            if !unit(n.before) || !unit(n.after) {
                continue;
            }
            ev.add(match n.shape() {
                Shape::Either(sep) if whole => Shape::Tells(sep.other()),
                s => s,
            });
        }
        cell.set(ev);
    }
}

/// A file's reading of its numbers without the evidence (`Numbers::plan`).
#[derive(Clone, Debug)]
pub struct Plan {
    marks: [Mark; FIELD_COUNT],
    others: Vec<(usize, bool)>,
}

impl Plan {
    /// The reading, with no evidence yet.
    pub fn start(&self) -> Numbers {
        Numbers {
            marks: self.marks,
            evidence: no_evidence(),
            others: self.others.clone(),
        }
    }
}

fn no_evidence() -> Vec<Cell<MarkEvidence>> {
    (0..=OTHERS).map(|_| Cell::default()).collect()
}

/// The mark a file is first read with: its profile's, else a decimal point.
fn first_mark(profile: &Profile) -> Mark {
    profile.decimal.and_then(Mark::of).unwrap_or(Mark::Point)
}

/// Why a money column is read with its mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Some of its values read only with it, none only with the other.
    Values,
    /// Its values disagree, and more read only with it: the others are refused.
    Most,
    /// Every value with a separator reads both ways, and the profile (or `decimal` in
    /// baton.toml) names the mark.
    Stated,
    /// ... and the file's other numbers (other amounts, counts, columns no field reads) agree on
    /// it.
    OtherNumbers,
    /// ... and nothing above said; the currency written with the amounts is one that is written
    /// with it (R$: a comma).
    Currency(Currency),
    /// ... nor the currency; the file's dates are day-first (a comma) or month-first (a point).
    Dates(DateOrder),
    /// ... nor its dates: the separator is read as grouping thousands.
    Nothing,
}

/// The mark one money column is read with, and why.
#[derive(Clone, Copy, Debug)]
pub struct Decision {
    pub field: Field,
    pub mark: Mark,
    pub why: Why,
    evidence: MarkEvidence,
}

/// Decides the mark of each money column of a file from what its values said (`numbers`), and
/// for a column whose values all read both ways from the rest of the file: the profile's mark,
/// the file's other numbers, the currency (`header` or written), the order its dates told.
/// Columns without a separator in any value need no mark and are left out.
pub fn decide(
    numbers: &Numbers,
    profile: &Profile,
    header: Option<Currency>,
    dates: Option<DateOrder>,
) -> Vec<Decision> {
    let ev = |f: Field| numbers.evidence[f as usize].get();
    let fields = MONEY_FIELDS
        .into_iter()
        .filter(|f| ev(*f).told() + ev(*f).either() > 0);
    // What the file's other numbers say, for a column that cannot say itself.
    let others = |f: Field| {
        let mut told = MONEY_FIELDS
            .iter()
            .filter(|g| **g != f)
            .filter_map(|g| ev(*g).verdict())
            .chain(numbers.evidence[OTHERS].get().verdict());
        let first = told.next();
        first.filter(|m| told.all(|o| o == *m))
    };
    fields
        .map(|field| {
            let e = ev(field);
            let (mark, why) = if let Some(m) = e.verdict() {
                (m, Why::Values)
            } else if e.told() > 0 {
                let m = e.majority().unwrap_or(first_mark(profile));
                (m, Why::Most)
            } else if let Some(m) = profile.decimal.and_then(Mark::of) {
                (m, Why::Stated)
            } else if let Some(m) = others(field) {
                (m, Why::OtherNumbers)
            } else if let Some((m, c)) = header
                .or(e.currency)
                .and_then(|c| currency_mark(c).map(|m| (m, c)))
            {
                (m, Why::Currency(c))
            } else if let Some(o) = dates {
                let m = match o {
                    DateOrder::DayFirst => Mark::Comma,
                    DateOrder::MonthFirst => Mark::Point,
                };
                (m, Why::Dates(o))
            } else {
                (e.grouping(), Why::Nothing)
            };
            Decision {
                field,
                mark,
                why,
                evidence: e,
            }
        })
        .collect()
}

/// The decimal mark a currency's amounts are usually written with, when its countries agree
/// (the euro's do not).
fn currency_mark(c: Currency) -> Option<Mark> {
    const COMMA: [&str; 20] = [
        "BRL", "ARS", "CLP", "COP", "PYG", "UYU", "IDR", "VND", "TRY", "RUB", "UAH", "PLN", "CZK",
        "HUF", "RON", "BGN", "DKK", "NOK", "SEK", "ISK",
    ];
    const POINT: [&str; 20] = [
        "USD", "GBP", "INR", "JPY", "CNY", "AUD", "NZD", "MXN", "HKD", "SGD", "PHP", "THB", "MYR",
        "KRW", "ILS", "NGN", "KES", "PKR", "AED", "CHF",
    ];
    let code = c.as_str();
    if COMMA.contains(&code) {
        Some(Mark::Comma)
    } else if POINT.contains(&code) {
        Some(Mark::Point)
    } else {
        None
    }
}

impl Decision {
    /// What the report says about the decision, and whether it is a warning (the evidence is
    /// thin: a currency, the dates, or nothing); `None` when nothing needs saying (the values
    /// told, as most files' do).
    pub fn statement(&self) -> Option<(String, bool)> {
        let name = self.field.name();
        let e = &self.evidence;
        let because = match self.why {
            Why::Values => return None,
            Why::Most => {
                let most = if e.point == e.comma {
                    ""
                } else {
                    ", as most are,"
                };
                return Some((
                    format!(
                        "{name} mixes amounts written with a decimal point ({}) and with a decimal comma ({}); read with {}{most} and the others rejected",
                        e.point,
                        e.comma,
                        self.mark.name()
                    ),
                    false,
                ));
            }
            Why::Stated => "as its source's decimal mark is".to_string(),
            Why::OtherNumbers => "as the file's other numbers say".to_string(),
            Why::Currency(c) => format!("as its currency, {c}, suggests"),
            Why::Dates(o) => format!("as the file's {} dates suggest", o.name()),
            Why::Nothing => "as nothing else in the file says which".to_string(),
        };
        let warn = matches!(self.why, Why::Currency(_) | Why::Dates(_) | Why::Nothing);
        let (example, sep) = if e.either_point >= e.either_comma {
            ("1.234", Mark::Point)
        } else {
            ("1,234", Mark::Comma)
        };
        let reads = if self.mark == sep {
            "1 and 234 thousandths"
        } else {
            "1234"
        };
        Some((
            format!(
                "{name}: every amount with a separator reads both with a decimal point and with a decimal comma (like {example}); read with {} (so {example} is {reads}) {because}; if that is wrong, set decimal = \"{}\" in its [[source]] block of baton.toml",
                self.mark.name(),
                self.mark.other().byte() as char
            ),
            warn,
        ))
    }
}
