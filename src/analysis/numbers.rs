//! Numbers: the funnel figures of one slice (a month, a channel, a campaign, a period) as
//! `metrics.json` writes them (docs/metrics.md).

use serde::Serialize;

/// The headline numbers (docs/metrics.md) of one slice. `None` is JSON `null`: a zero denominator or a
/// metric the inputs cannot support.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Numbers {
    pub leads: u64,
    pub mqls: Option<u64>,
    pub sqls: Option<u64>,
    pub opportunities: Option<u64>,
    pub pipeline_created: Option<f64>,
    pub won: Option<u64>,
    pub lost: Option<u64>,
    pub revenue_won: Option<f64>,
    pub win_rate: Option<f64>,
    pub avg_deal_size: Option<f64>,
    pub sales_cycle_days_median: Option<f64>,
    pub spend: Option<f64>,
    pub cost_per_lead: Option<f64>,
    pub cost_per_mql: Option<f64>,
    pub cac: Option<f64>,
    pub roas: Option<f64>,
}

/// Totals add the share of revenue that is marketing-sourced.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Totals {
    #[serde(flatten)]
    pub numbers: Numbers,
    pub marketing_sourced_share: Option<f64>,
}
