//! Owners: per sales owner, their deals, win rate, revenue, and how they handle MQLs.

use crate::analysis::handoff::OwnerHandoff;
use crate::analysis::ratio::rate;
use crate::analysis::ratio::{quantile, round2};
use crate::analysis::timeline::Timeline;
use crate::base::datetime::Month;
use crate::base::money::Money;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct OwnerRow {
    pub owner: String,
    /// Opportunities they own created in the month.
    pub opportunities: u64,
    pub won: u64,
    pub lost: u64,
    pub win_rate: Option<f64>,
    pub revenue_won: f64,
    /// MQLs they own that arrived in the month.
    pub mqls: u64,
    pub speed_to_lead_median_hours: Option<f64>,
    pub dropped_batons: u64,
}

#[derive(Default)]
struct OwnerSums {
    opportunities: u64,
    won: u64,
    lost: u64,
    revenue: Money,
}

/// Per month and owner (by name): the deals created, won and lost, and the revenue won.
pub type OwnerDeals = BTreeMap<(Month, String), (u64, u64, u64, Money)>;

/// Deal counts per owner and month.
pub fn deals(t: &Timeline) -> OwnerDeals {
    let f = t.f;
    let mut acc: BTreeMap<(Month, String), OwnerSums> = BTreeMap::new();
    for d in &f.deals {
        let o = &d.opp;
        let name = f.labels.owners.name(o.owner);
        let owner = if name.is_empty() {
            "(no owner)".to_string()
        } else {
            name.to_string()
        };
        if let Some(created) = o.created_at {
            acc.entry((t.month(created), owner.clone()))
                .or_default()
                .opportunities += 1;
        }
        if let (true, Some(close)) = (o.is_closed, o.close_date) {
            let a = acc.entry((Month::of(close), owner)).or_default();
            if o.is_won {
                a.won += 1;
                a.revenue += o.amount;
            } else {
                a.lost += 1;
            }
        }
    }
    acc.into_iter()
        .map(|(k, a)| (k, (a.opportunities, a.won, a.lost, a.revenue)))
        .collect()
}

/// The owners table of `month`, sorted by name.
pub fn rows(
    month: Month,
    deals: &OwnerDeals,
    handoff: Option<&BTreeMap<String, OwnerHandoff>>,
) -> Vec<OwnerRow> {
    let mut out: BTreeMap<String, OwnerRow> = BTreeMap::new();
    for ((m, owner), (opps, won, lost, revenue)) in deals.range((month, String::new())..) {
        if *m != month {
            break;
        }
        out.insert(
            owner.clone(),
            OwnerRow {
                owner: owner.clone(),
                opportunities: *opps,
                won: *won,
                lost: *lost,
                win_rate: rate(*won, won + lost),
                revenue_won: revenue.to_cents_f64(),
                ..OwnerRow::default()
            },
        );
    }
    for (owner, h) in handoff.into_iter().flatten() {
        let row = out.entry(owner.clone()).or_insert_with(|| OwnerRow {
            owner: owner.clone(),
            ..OwnerRow::default()
        });
        row.mqls = h.mqls;
        row.dropped_batons = h.dropped;
        row.speed_to_lead_median_hours = quantile(&mut h.hours.clone(), 0.5).map(round2);
    }
    out.into_values().collect()
}
