//! The names of the funnel numbers, as `metrics.json`, the CSV tables and `[targets]` spell them.

/// The keys of `analysis::metrics::Numbers`, in order (for CSV headers and checks).
pub const NUMBER_KEYS: [&str; 16] = [
    "leads",
    "mqls",
    "sqls",
    "opportunities",
    "pipeline_created",
    "won",
    "lost",
    "revenue_won",
    "win_rate",
    "avg_deal_size",
    "sales_cycle_days_median",
    "spend",
    "cost_per_lead",
    "cost_per_mql",
    "cac",
    "roas",
];

/// The keys of `analysis::metrics::Totals`: the numbers and the marketing-sourced share (what targets and trends name).
pub fn total_keys() -> impl Iterator<Item = &'static str> {
    NUMBER_KEYS.into_iter().chain(["marketing_sourced_share"])
}
