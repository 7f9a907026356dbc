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

/// What kind of number a headline metric is: how it is shown and how its change is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Count,
    Money,
    /// A share of events (0.25 = 25%): changes are differences, in points.
    Share,
    /// A multiple (ROAS, 3.95×): changes are differences, in the same unit.
    Ratio,
    Days,
}

impl Kind {
    /// Whether a change is the difference (`Share`, `Ratio`) rather than relative (the rest).
    pub fn changes_by_difference(self) -> bool {
        matches!(self, Kind::Share | Kind::Ratio)
    }
}

/// A headline metric as people read it (the keys of `Totals`).
#[derive(Clone, Copy, Debug)]
pub struct Metric {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    /// Costs, losses and waits: less is better, so beating a target means staying under it.
    pub lower_is_better: bool,
}

const fn metric(key: &'static str, label: &'static str, kind: Kind, lower: bool) -> Metric {
    Metric {
        key,
        label,
        kind,
        lower_is_better: lower,
    }
}

/// Every headline metric, in the order of `Totals`.
pub const METRICS: [Metric; 17] = [
    metric("leads", "Leads", Kind::Count, false),
    metric("mqls", "MQLs", Kind::Count, false),
    metric("sqls", "SQLs", Kind::Count, false),
    metric("opportunities", "Opportunities", Kind::Count, false),
    metric("pipeline_created", "Pipeline created", Kind::Money, false),
    metric("won", "Deals won", Kind::Count, false),
    metric("lost", "Deals lost", Kind::Count, true),
    metric("revenue_won", "Revenue won", Kind::Money, false),
    metric("win_rate", "Win rate", Kind::Share, false),
    metric("avg_deal_size", "Average deal size", Kind::Money, false),
    metric(
        "sales_cycle_days_median",
        "Sales cycle (median days)",
        Kind::Days,
        true,
    ),
    metric("spend", "Marketing spend", Kind::Money, true),
    metric("cost_per_lead", "Cost per lead", Kind::Money, true),
    metric("cost_per_mql", "Cost per MQL", Kind::Money, true),
    metric("cac", "CAC", Kind::Money, true),
    metric("roas", "ROAS", Kind::Ratio, false),
    metric(
        "marketing_sourced_share",
        "Marketing-sourced revenue",
        Kind::Share,
        false,
    ),
];

/// The headline metric named `key`, if it is one.
pub fn describe(key: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_total_key_is_described_in_order() {
        let keys: Vec<&str> = METRICS.iter().map(|m| m.key).collect();
        let totals: Vec<&str> = crate::model::metric_keys::total_keys().collect();
        assert_eq!(keys, totals);
        assert!(describe("cac").unwrap().lower_is_better);
        assert!(!describe("revenue_won").unwrap().lower_is_better);
        assert!(describe("roas").unwrap().kind.changes_by_difference());
        assert!(!describe("leads").unwrap().kind.changes_by_difference());
    }
}
