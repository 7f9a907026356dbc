//! View: one file as its rows are read, its profile, where each field is and how its dates and
//! amounts are written (and read: `Readings`).

use crate::base::datetime::{DateOrder, OrderEvidence};
use crate::base::money::Currency;
use crate::base::numeral::Mark;
use crate::input::formats::{ALL_FIELDS, ColumnMap, FIELD_COUNT, Field, Profile};
use std::cell::Cell;

/// One file as rows see it: its profile, where its fields are, and what its dates say.
pub struct FileView<'p> {
    pub profile: &'p Profile,
    pub map: ColumnMap,
    pub header: Vec<String>,
    /// The currency a header named (`Amount spent (EUR)`).
    pub header_currency: Option<Currency>,
    /// How each date column reads `A/B/YYYY`.
    pub orders: [DateOrder; FIELD_COUNT],
    /// What each date column's values said about their order; one slot more, at `HINTS`, for
    /// what the `hints` columns said.
    pub evidence: Vec<Cell<OrderEvidence>>,
    /// Columns no field reads whose dates still tell the file's day/month order: in a report over
    /// ranges of days (a `date_end`), every other column (Meta's ad-set `Starts` and `Ends`).
    pub hints: Vec<usize>,
    /// The days every row covers, when the report states them once before its header.
    pub range: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// Whether messages may quote a person's data (`show_people`; `privacy::quote`).
    pub show_people: bool,
    /// The decimal mark each money column is read with, and what its values say about it.
    pub numbers: crate::input::marks::Numbers,
}

/// How a file's columns are read once a first reading has judged all their values: each date
/// column's day/month order and each money column's decimal mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Readings {
    pub orders: [DateOrder; FIELD_COUNT],
    pub marks: [Mark; FIELD_COUNT],
    /// How many readings came before this one: a second may still find that the first did not
    /// see every value (a row refused for its start date never had its amount read), a third is
    /// the last.
    pub round: u8,
}

/// The slot of `FileView::evidence` that the `hints` columns fill.
pub const HINTS: usize = FIELD_COUNT;

/// Empty evidence for every date field and the hints.
pub fn no_evidence() -> Vec<Cell<OrderEvidence>> {
    (0..=HINTS)
        .map(|_| Cell::new(OrderEvidence::default()))
        .collect()
}

/// The `hints` of a file: in a report over ranges of days, the columns that no field reads.
pub fn hint_columns(map: &ColumnMap, width: usize) -> Vec<usize> {
    if map.get(Field::DateEnd).is_empty() {
        return Vec::new();
    }
    let used: Vec<usize> = ALL_FIELDS
        .iter()
        .flat_map(|f| map.get(*f))
        .copied()
        .collect();
    (0..width).filter(|c| !used.contains(c)).collect()
}
