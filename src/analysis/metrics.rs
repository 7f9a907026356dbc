//! Metrics: every month's numbers as of its end (docs/metrics.md), in total, by channel and by campaign.

use crate::analysis::monthly::ByMonth;
pub use crate::analysis::numbers::{Numbers, Totals};
pub use crate::analysis::ratio::{median, rate, rate_f, round4};
use crate::base::datetime::{self, Month};
use crate::base::intern::Sym;
use crate::base::money::Money;
use crate::config::Config;
use crate::funnel::currency::ReportCurrency;
use crate::funnel::join::{Funnel, JoinCounts};
use crate::input::formats::Field;
use crate::model::Created;
use crate::model::Entity;
pub use crate::model::metric_keys::{NUMBER_KEYS, total_keys};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// A month's leads of one source: created, of those how many reached each stage by the month's
/// end, and MQLs and SQLs dated in it.
#[derive(Clone, Copy, Debug, Default)]
struct LeadCounts {
    leads: u64,
    cohort: [u64; 4],
    mqls: u64,
    sqls: u64,
}

/// Running sums for one month and one slice (all, a channel, a campaign).
#[derive(Clone, Debug, Default)]
pub(crate) struct SliceSums {
    pub leads: u64,
    pub mqls: u64,
    pub sqls: u64,
    pub opportunities: u64,
    pub pipeline: Money,
    pub won: u64,
    pub lost: u64,
    pub revenue: Money,
    pub marketing_revenue: Money,
    pub marketing_pipeline: Money,
    pub spend: Money,
    /// The sales cycle of each won deal, in days.
    pub cycle_days: Vec<i64>,
    /// Leads created this month that reached MQL, SQL, opportunity, won by the month's end.
    pub cohort: [u64; 4],
}

impl SliceSums {
    /// Adds `o` into `self` (for quarter- and year-to-date).
    fn merge(&mut self, o: &SliceSums) {
        self.leads += o.leads;
        self.mqls += o.mqls;
        self.sqls += o.sqls;
        self.opportunities += o.opportunities;
        self.pipeline += o.pipeline;
        self.won += o.won;
        self.lost += o.lost;
        self.revenue += o.revenue;
        self.marketing_revenue += o.marketing_revenue;
        self.marketing_pipeline += o.marketing_pipeline;
        self.spend += o.spend;
        self.cycle_days.extend_from_slice(&o.cycle_days);
        for (a, b) in self.cohort.iter_mut().zip(o.cohort) {
            *a += b;
        }
    }
}

#[derive(Default)]
pub(crate) struct MonthSums {
    total: SliceSums,
    /// (Hash maps: every row updates them; their rows are sorted by name when read.)
    channels: rustc_hash::FxHashMap<Sym, SliceSums>,
    campaigns: rustc_hash::FxHashMap<(Sym, Sym), SliceSums>,
}

impl MonthSums {
    /// The total, the channel's and (when there is one) the campaign's accumulators.
    pub(crate) fn slices(&mut self, channel: Sym, campaign: Sym, f: impl Fn(&mut SliceSums)) {
        f(&mut self.total);
        f(self.channels.entry(channel).or_default());
        if campaign != 0 {
            f(self.campaigns.entry((channel, campaign)).or_default());
        }
    }
}

/// Which metrics the inputs can support (docs/input-format.md: a missing column turns a metric off).
#[derive(Clone, Copy, Debug, Serialize, serde::Deserialize)]
pub struct Available {
    pub mql: bool,
    pub sql: bool,
    pub opportunities: bool,
    pub spend: bool,
}

/// A metric that is off, and why.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Unavailable {
    pub metric: String,
    pub reason: String,
}

impl Available {
    /// What the funnel's files can support.
    pub fn of(f: &Funnel) -> Available {
        let has = |e: Entity, field: Field| f.dataset_fields.contains(&(e, field));
        let has_entity = |e: Entity| f.ledgers.iter().any(|l| l.entity == Some(e));
        Available {
            mql: has(Entity::Lead, Field::MqlAt),
            sql: has(Entity::Lead, Field::SqlAt),
            opportunities: has_entity(Entity::Opportunity),
            spend: has_entity(Entity::Spend),
        }
    }

    /// What is off, for the report.
    pub fn explain(&self) -> Vec<Unavailable> {
        let mut out = Vec::new();
        let mut off = |metric: &str, reason: &str| {
            out.push(Unavailable {
                metric: metric.into(),
                reason: reason.into(),
            })
        };
        if !self.mql {
            off("mqls, cost_per_mql", "no lead file has an mql_at column");
        }
        if !self.sql {
            off("sqls", "no lead file has an sql_at column");
        }
        if !self.opportunities {
            off(
                "opportunities, pipeline, won, lost, revenue, win rate, CAC, ROAS",
                "no opportunity file was found",
            );
        }
        if !self.spend {
            off(
                "spend, cost per lead, cost per MQL, CAC, ROAS",
                "no spend file was found",
            );
        }
        out
    }
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ChannelRow {
    pub channel: String,
    #[serde(flatten)]
    pub numbers: Numbers,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CampaignRow {
    pub channel: String,
    pub campaign: String,
    #[serde(flatten)]
    pub numbers: Numbers,
}

/// Leads created in the month and the share that reached each stage (or a later one) by its end.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CohortRates {
    pub leads: u64,
    pub reached_mql: u64,
    pub reached_sql: u64,
    pub reached_opportunity: u64,
    pub reached_won: u64,
    pub mql_rate: Option<f64>,
    pub sql_rate: Option<f64>,
    pub opportunity_rate: Option<f64>,
    pub won_rate: Option<f64>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ChannelCohort {
    pub channel: String,
    #[serde(flatten)]
    pub cohort: CohortRates,
}

/// One month's metrics, as written to `metrics.json` (less the inputs, which `report::json` adds).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MonthMetrics {
    #[serde(serialize_with = "serialize_month")]
    pub period: Month,
    pub as_of: String,
    pub currency: String,
    pub totals: Totals,
    pub by_channel: Vec<ChannelRow>,
    pub by_campaign: Vec<CampaignRow>,
    pub cohort: CohortRates,
    pub cohort_by_channel: Vec<ChannelCohort>,
    /// Pipeline and revenue split by who sourced them.
    pub sourced: Sourced,
    /// Speed to lead, attribution, cohorts, targets and the rest (see `analytics`).
    #[serde(flatten)]
    pub analytics: crate::analysis::analytics::Analytics,
}

/// Marketing- versus sales-sourced pipeline and revenue (by the deal's channel).
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Sourced {
    pub marketing_pipeline: Option<f64>,
    pub sales_pipeline: Option<f64>,
    pub marketing_revenue: Option<f64>,
    pub sales_revenue: Option<f64>,
}

fn serialize_month<S: serde::Serializer>(m: &Month, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(m)
}

/// Every month that has data, oldest first, with what is off.
#[derive(Debug)]
pub struct Metrics {
    pub months: Vec<MonthMetrics>,
    pub unavailable: Vec<Unavailable>,
    pub joins: JoinCounts,
    /// The report currency and how it was chosen (over all the data, not a month).
    pub currency: ReportCurrency,
    pub available: Available,
    pub(crate) totals: BTreeMap<Month, SliceSums>,
}

/// The totals of the months `from` to `to` of `months`, both included, ratios recomputed.
pub(crate) fn period_totals(
    months: &BTreeMap<Month, SliceSums>,
    avail: Available,
    from: Month,
    to: Month,
) -> Totals {
    let mut sum = SliceSums::default();
    for (_, a) in months.range(from..=to) {
        sum.merge(a);
    }
    totals(&mut sum, avail)
}

fn totals(a: &mut SliceSums, avail: Available) -> Totals {
    let share = (avail.opportunities && a.revenue.0 != 0)
        .then(|| round4(a.marketing_revenue.to_f64() / a.revenue.to_f64()));
    Totals {
        numbers: numbers(a, avail),
        marketing_sourced_share: share,
    }
}

/// Computes every month's metrics (`months_of`: the months of the config's zone).
pub fn compute(f: &Funnel, config: &Config, months_of: &datetime::Months) -> Metrics {
    let avail = Available::of(f);
    let months = add_up(f, config, months_of);
    let names = Names {
        channels: &f.labels.channels,
        campaigns: &f.labels.campaigns,
    };
    let (months, totals) = finish(
        months,
        names,
        avail,
        config.tz,
        &f.currency.code.to_string(),
    );
    Metrics {
        months,
        unavailable: avail.explain(),
        joins: f.joins.clone(),
        currency: f.currency.clone(),
        available: avail,
        totals,
    }
}

/// The names of the channels and campaigns the sums are keyed by.
#[derive(Clone, Copy)]
pub(crate) struct Names<'a> {
    pub channels: &'a crate::base::intern::Interner,
    pub campaigns: &'a crate::base::intern::Interner,
}

/// Adds up every month's sums from the funnel's leads, deals and spend.
fn add_up(f: &Funnel, config: &Config, months_of: &datetime::Months) -> ByMonth<MonthSums> {
    let tz = config.tz;
    let mut months: ByMonth<MonthSums> = ByMonth::default();
    // The leads' counts by month and source (a channel and campaign pair), then spread over each
    // month's total, channel and campaign: one lookup a lead date instead of three.
    let mut counts: FxHashMap<(Month, Sym), LeadCounts> = FxHashMap::default();
    for (l, (first_opportunity, first_won)) in f.leads.iter().zip(f.firsts.per_lead(f.leads.len()))
    {
        // A lead whose export gave no creation date is no month's new lead, and in no cohort;
        // its stages still count in their months.
        if let Some(created_at) = l.created() {
            let created = months_of.month(created_at);
            let end = months_of.start(created.next());
            let won = first_won.is_some_and(|d| d <= created.last_day());
            let opp = won || first_opportunity.is_some_and(|t| t < end);
            let sql = opp || l.sql_at.get().is_some_and(|t| t < end);
            let mql = sql || l.mql_at.get().is_some_and(|t| t < end);
            let reached = [mql, sql, opp, won].map(u64::from);
            let c = counts.entry((created, l.source)).or_default();
            c.leads += 1;
            for (sum, r) in c.cohort.iter_mut().zip(reached) {
                *sum += r;
            }
        }
        if let Some(t) = l.mql_at.get() {
            counts
                .entry((months_of.month(t), l.source))
                .or_default()
                .mqls += 1;
        }
        if let Some(t) = l.sql_at.get() {
            counts
                .entry((months_of.month(t), l.source))
                .or_default()
                .sqls += 1;
        }
    }
    for ((month, source), c) in counts {
        let (channel, campaign) = f.labels.sources.get(source);
        months.entry(month).slices(channel, campaign, |a| {
            a.leads += c.leads;
            for (sum, r) in a.cohort.iter_mut().zip(c.cohort) {
                *sum += r;
            }
            a.mqls += c.mqls;
            a.sqls += c.sqls;
        });
    }
    for d in &f.deals {
        let o = &d.opp;
        let marketing = config.is_marketing_channel(f.labels.channels.name(d.channel));
        // A deal whose export gave no creation date is no month's new opportunity; its close
        // still counts.
        if let Some(created_at) = o.created_at {
            months
                .entry(months_of.month(created_at))
                .slices(d.channel, d.campaign, |a| {
                    a.opportunities += 1;
                    a.pipeline += o.amount;
                    if marketing {
                        a.marketing_pipeline += o.amount;
                    }
                });
        }
        let (true, Some(close)) = (o.is_closed, o.close_date) else {
            continue;
        };
        let cycle = o
            .created_at
            .map(|c| (close - datetime::local_date(c, tz)).num_days());
        months
            .entry(Month::of(close))
            .slices(d.channel, d.campaign, |a| {
                if o.is_won {
                    a.won += 1;
                    a.revenue += o.amount;
                    a.cycle_days.extend(cycle);
                    if marketing {
                        a.marketing_revenue += o.amount;
                    }
                } else {
                    a.lost += 1;
                }
            });
    }
    for s in &f.spend {
        months
            .entry(Month::of(s.date))
            .slices(s.channel, s.campaign, |a| a.spend += s.cost);
    }
    months
}

/// Every month's metrics from its sums (those `add_up` made, or an engine from its queries'
/// results), rows sorted by name; and each month's totals, for the periods to date.
pub(crate) fn finish(
    months: ByMonth<MonthSums>,
    names: Names,
    avail: Available,
    tz: chrono_tz::Tz,
    currency: &str,
) -> (Vec<MonthMetrics>, BTreeMap<Month, SliceSums>) {
    let name = |s: Sym| names.channels.name(s).to_string();
    let totals_acc: BTreeMap<Month, SliceSums> =
        months.iter().map(|(m, a)| (m, a.total.clone())).collect();
    let months = months
        .into_iter()
        .map(|(month, mut m)| {
            let mut by_channel: Vec<ChannelRow> = m
                .channels
                .iter_mut()
                .map(|(c, a)| ChannelRow {
                    channel: name(*c),
                    numbers: numbers(a, avail),
                })
                .collect();
            by_channel.sort_by(|a, b| a.channel.cmp(&b.channel));
            let mut by_campaign: Vec<CampaignRow> = m
                .campaigns
                .iter_mut()
                .map(|((c, k), a)| CampaignRow {
                    channel: name(*c),
                    campaign: names.campaigns.name(*k).to_string(),
                    numbers: numbers(a, avail),
                })
                .collect();
            by_campaign.sort_by(|a, b| (&a.channel, &a.campaign).cmp(&(&b.channel, &b.campaign)));
            let mut cohort_by_channel: Vec<ChannelCohort> = m
                .channels
                .iter()
                .filter(|(_, a)| a.leads > 0)
                .map(|(c, a)| ChannelCohort {
                    channel: name(*c),
                    cohort: cohort(a),
                })
                .collect();
            cohort_by_channel.sort_by(|a, b| a.channel.cmp(&b.channel));
            let t = &m.total;
            let on = |v: Money| avail.opportunities.then(|| v.to_cents_f64());
            let sourced = Sourced {
                marketing_pipeline: on(t.marketing_pipeline),
                sales_pipeline: on(t.pipeline - t.marketing_pipeline),
                marketing_revenue: on(t.marketing_revenue),
                sales_revenue: on(t.revenue - t.marketing_revenue),
            };
            MonthMetrics {
                period: month,
                as_of: month.as_of(tz),
                currency: currency.to_string(),
                cohort: cohort(&m.total),
                totals: totals(&mut m.total, avail),
                by_channel,
                by_campaign,
                cohort_by_channel,
                sourced,
                analytics: Default::default(),
            }
        })
        .collect();
    (months, totals_acc)
}

fn cohort(a: &SliceSums) -> CohortRates {
    let [mql, sql, opp, won] = a.cohort;
    CohortRates {
        leads: a.leads,
        reached_mql: mql,
        reached_sql: sql,
        reached_opportunity: opp,
        reached_won: won,
        mql_rate: rate(mql, a.leads),
        sql_rate: rate(sql, a.leads),
        opportunity_rate: rate(opp, a.leads),
        won_rate: rate(won, a.leads),
    }
}

fn numbers(a: &mut SliceSums, avail: Available) -> Numbers {
    let on = avail.opportunities;
    let opp = |v: u64| on.then_some(v);
    let opp_money = |v: Money| on.then(|| v.to_cents_f64());
    let spend_on = avail.spend;
    let money_ratio = |m: Money, n: u64| {
        if spend_on {
            m.per(n).map(Money::to_cents_f64)
        } else {
            None
        }
    };
    Numbers {
        leads: a.leads,
        mqls: avail.mql.then_some(a.mqls),
        sqls: avail.sql.then_some(a.sqls),
        opportunities: opp(a.opportunities),
        pipeline_created: opp_money(a.pipeline),
        won: opp(a.won),
        lost: opp(a.lost),
        revenue_won: opp_money(a.revenue),
        win_rate: rate(a.won, a.won + a.lost).filter(|_| avail.opportunities),
        avg_deal_size: a.revenue.per(a.won).map(Money::to_cents_f64),
        sales_cycle_days_median: median(&mut a.cycle_days),
        spend: spend_on.then(|| a.spend.to_cents_f64()),
        cost_per_lead: money_ratio(a.spend, a.leads),
        cost_per_mql: money_ratio(a.spend, a.mqls).filter(|_| avail.mql),
        cac: money_ratio(a.spend, a.won).filter(|_| avail.opportunities),
        roas: if spend_on && avail.opportunities {
            a.revenue.ratio(a.spend).map(round4)
        } else {
            None
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_rates() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5]), Some(5.0));
        assert_eq!(median(&mut [9, 1, 4]), Some(4.0));
        assert_eq!(median(&mut [1, 2, 4, 9]), Some(3.0));
        assert_eq!(rate(1, 3), Some(0.3333));
        assert_eq!(rate(0, 0), None);
    }
}
