//! Cells: how one value of the context is written (a count, an amount, a share, or a dash).

use crate::base::format::{self, DASH};

pub(super) fn opt_count(v: Option<u64>) -> String {
    v.map_or(DASH.to_string(), format::count)
}

pub(super) fn opt_money(v: Option<f64>, cur: &str) -> String {
    v.map_or(DASH.to_string(), |x| format::money(x, cur))
}

pub(super) fn opt_pct(v: Option<f64>) -> String {
    v.map_or(DASH.to_string(), format::percent)
}

pub(super) fn opt_ratio(v: Option<f64>) -> String {
    v.map_or(DASH.to_string(), format::ratio)
}

/// `1 MQL` / `9 MQLs`.
pub(super) fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", format::count(n), if n == 1 { one } else { many })
}
