//! View: one file as its rows are read, its profile, where each field is and how its dates and
//! amounts are written.

use crate::base::datetime::{DateOrder, OrderEvidence};
use crate::base::money::Currency;
use crate::input::formats::{ColumnMap, FIELD_COUNT, Profile};
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
    /// What each date column's values said about their order.
    pub evidence: Vec<Cell<OrderEvidence>>,
    /// Whether messages may quote a person's data (`show_people`; `privacy::quote`).
    pub show_people: bool,
}
