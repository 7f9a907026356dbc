//! Queries: the metric definitions as engine-neutral SQL over the dataset's tables, one file a
//! query in `sql/`. They use a common subset every engine reads alike: `SELECT`, `WHERE`,
//! `GROUP BY` on columns or a repeated expression, `CASE`, `COUNT(*)`, `SUM` of 64-bit integers,
//! text months compared as text; no division, no time-zone or date functions, no percentiles
//! (the dataset has the local months and days precomputed; baton divides and interpolates).
//!
//! Every query returns `period` (the month, `YYYY-MM`), `channel` and `campaign`, then counts and
//! sums named as `sums` adds them.

/// One query: its name (for messages) and its text.
pub(crate) struct Query {
    pub name: &'static str,
    pub sql: &'static str,
}

/// A query of `sql/`, by its file name.
macro_rules! query {
    ($name:literal) => {
        Query {
            name: $name,
            sql: include_str!(concat!("sql/", $name, ".sql")),
        }
    };
}

/// The headline metrics: leads and their cohort, MQLs, SQLs, deals created and closed, spend.
pub(crate) const HEADLINE: [Query; 6] = [
    query!("leads_created"),
    query!("mqls"),
    query!("sqls"),
    query!("deals_created"),
    query!("deals_closed"),
    query!("spend"),
];

/// Every MQL with its first sales touch (`engine::handoff`).
pub(crate) const HANDOFF: Query = query!("handoff");

/// The deals by owner (`engine::handoff`).
pub(crate) const OWNER_DEALS: [Query; 2] =
    [query!("owner_deals_created"), query!("owner_deals_closed")];
