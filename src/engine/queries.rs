//! Queries: the metric definitions as engine-neutral SQL over the dataset's tables, one file a
//! query in `sql/`. They use a common subset that DataFusion, Spark and DuckDB read alike:
//! `WITH`, `SELECT`, `WHERE`, `GROUP BY`/`HAVING` on columns, `CASE`, `COALESCE`, inner and left
//! joins on equalities (and `>=` beside them), `COUNT(*)`, `COUNT(DISTINCT)`, `SUM`
//! and `MIN` of 64-bit integers and of text months (`YYYY-MM`, compared as text), integer
//! arithmetic, `ROW_NUMBER()` and `COUNT(*)` over windows (with an integer `RANGE` frame), and a
//! `VALUES` table; no division, no time-zone or date functions, no percentile functions (the
//! dataset has the local months and days precomputed; baton divides and interpolates). A
//! top-level `UNION ALL` is run one branch at a time (`Engine::run`); none is nested.
//!
//! Every query returns `period`, the month a row counts in; the headline queries then `channel`
//! and `campaign`, and counts and sums named as `sums` adds them.

/// The line that separates the branches of a top-level `UNION ALL`.
const UNION: &str = "\nUNION ALL\n";

/// The branches of `sql`'s top-level `UNION ALL` (a line of its own, not indented), in order;
/// `sql` itself when it has none.
pub(crate) fn branches(sql: &str) -> std::str::Split<'_, &'static str> {
    sql.split(UNION)
}

/// `branches` put back together as one `UNION ALL`.
pub(crate) fn unite(branches: impl Iterator<Item = String>) -> String {
    branches.collect::<Vec<_>>().join(UNION)
}

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

/// Every transition between stages with its length (`engine::stages`).
pub(crate) const SPANS: Query = query!("spans");

/// Each stage's entries of a month and how many went on (`engine::stages`).
pub(crate) const STEPS: Query = query!("steps");

/// When each cohort's leads reached each stage (`engine::stages`).
pub(crate) const REACH: Query = query!("reach");

/// The platforms' claims beside the CRM's leads (`engine::claims`).
pub(crate) const CLAIMS: Query = query!("claims");

/// People over the contact limit, with placeholders `{limit}` and `{months}`
/// (`engine::contact`).
pub(crate) const OVER_CONTACT: Query = query!("over_contact");

/// People both teams touched on one day (`engine::contact`).
pub(crate) const SAME_DAY: Query = query!("same_day");

/// The months with touches (`engine::contact`).
pub(crate) const TOUCH_MONTHS: Query = query!("touch_months");

/// How many rows carry each campaign with each channel (`engine::attribution`).
pub(crate) const CAMPAIGN_VOTES: Query = query!("campaign_votes");

/// The spend of each month and channel (`engine::attribution`).
pub(crate) const CHANNEL_SPEND: Query = query!("channel_spend");

/// Every deal's touchpoints, with a placeholder `{lookback}` (`engine::attribution`).
pub(crate) const TOUCHPOINTS: Query = query!("touchpoints");
