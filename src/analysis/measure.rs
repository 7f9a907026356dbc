//! Measure: every month's metrics and analytics, the analyses run side by side on the cores.

use crate::analysis::analytics::*;
use crate::analysis::attribution::{self};
use crate::analysis::cohorts::{self};
use crate::analysis::contact::{self, OverContact};
use crate::analysis::handoff::{self, DroppedBatons, SalesAcceptance, SpeedToLead};
use crate::analysis::metrics::{self, Available, Metrics, MonthMetrics, SliceSums, rate_f};
use crate::analysis::owners::{self};
use crate::analysis::stages::{self, StageConversion, TimeToStage};
use crate::analysis::timeline::Timeline;
use crate::base::datetime::Month;
use crate::config::Config;
use crate::config::analytics::Settings;
use crate::funnel::join::Funnel;
use std::collections::BTreeMap;

fn change(cur: Option<f64>, before: Option<f64>, is_rate: bool) -> Option<f64> {
    let (c, b) = (cur?, before?);
    if is_rate {
        Some(((c - b) * 10_000.0).round() / 10_000.0)
    } else {
        rate_f(c - b, b.abs())
    }
}

/// The first month of the fiscal quarter and year that contain `m`.
pub fn fiscal_starts(m: Month, fiscal_year_start: u32) -> (Month, Month) {
    let offset = (m.number() as i32 - fiscal_year_start as i32).rem_euclid(12);
    (Month(m.0 - offset % 3), Month(m.0 - offset))
}

/// Every month's metrics and analytics: the headline metrics and the independent analyses run on
/// both cores, then each month is filled in.
pub fn measure(f: &Funnel, config: &Config) -> Metrics {
    let t = Timeline::new(f, config.tz);
    crate::base::timing::lap("analytics: per-lead timelines");
    let s = &config.analytics;
    // Seven independent passes, paired so that idle cores steal the rest: the headline metrics
    // and attribution take longest.
    let ((mut metrics, (handoffs, stages)), ((contact, attribution), (reach, deals))) = rayon::join(
        || {
            rayon::join(
                || crate::analysis::metrics::compute(f, config, &t.months),
                || rayon::join(|| handoff::compute(&t, config), || stages::compute(&t)),
            )
        },
        || {
            rayon::join(
                || {
                    rayon::join(
                        || contact::compute(&t, s.max_touches_per_7_days),
                        || attribution::compute(&t, s.lookback_days),
                    )
                },
                || rayon::join(|| cohorts::reach(&t), || owners::deals(&t)),
            )
        },
    );
    let claims = crate::analysis::claims::compute(f, &t.months);
    let parts = Parts {
        claims,
        handoffs,
        stages,
        reach,
        contact,
        attribution,
        deals,
    };
    let sums = (&metrics.totals, metrics.available);
    fill(&mut metrics.months, sums, parts, config);
    metrics
}

/// The analyses that do not need the monthly metrics, from either engine.
pub(crate) struct Parts {
    /// The platforms' claims by month, and whether any export carries them.
    pub claims: (
        BTreeMap<Month, crate::analysis::claims::PlatformClaims>,
        bool,
    ),
    pub handoffs: BTreeMap<Month, handoff::Handoff>,
    pub stages: BTreeMap<Month, (TimeToStage, StageConversion)>,
    pub reach: cohorts::StageReach,
    pub contact: BTreeMap<Month, OverContact>,
    pub attribution: BTreeMap<Month, attribution::Attribution>,
    pub deals: owners::OwnerDeals,
}

/// Every month's sums, for the quarter and year to date, and what the inputs carry.
pub(crate) type Sums<'a> = (&'a BTreeMap<Month, SliceSums>, Available);

/// Fills every month's analytics from the parts (`sums` for the quarter and year to date).
pub(crate) fn fill(months: &mut [MonthMetrics], sums: Sums, parts: Parts, config: &Config) {
    let Parts {
        claims: (mut claims, claims_available),
        mut handoffs,
        mut stages,
        reach,
        mut contact,
        mut attribution,
        deals,
    } = parts;
    let s = &config.analytics;
    // Each month's headline metrics by name, serialised once for the trends and targets.
    let by_period: BTreeMap<Month, serde_json::Value> = months
        .iter()
        .map(|m| {
            (
                m.period,
                serde_json::to_value(&m.totals).unwrap_or_default(),
            )
        })
        .collect();
    let value = |month: Month, metric: &str| by_period.get(&month)?.get(metric)?.as_f64();
    let mut extra: Vec<Analytics> = Vec::with_capacity(months.len());
    for m in months.iter() {
        let month = m.period;
        let (time_to_stage, stage_conversion) = stages.remove(&month).unwrap_or_default();
        let mut a = Analytics {
            time_to_stage,
            stage_conversion,
            over_contact: contact.remove(&month).unwrap_or(OverContact {
                limit: s.max_touches_per_7_days,
                ..Default::default()
            }),
            cohorts: cohorts::matrix(&reach, month, s.cohort_window_months),
            attribution_lookback_days: s.lookback_days,
            ..Analytics::default()
        };
        if let Some(at) = attribution.remove(&month) {
            a.attribution = at.by_channel;
            a.attribution_campaigns = at.by_campaign;
            a.attribution_consistent_top = at.consistent_top;
        }
        for metric in crate::analysis::metrics::total_keys() {
            // Shares and ratios change by a difference, the rest relatively.
            let is_rate = crate::analysis::numbers::describe(metric)
                .is_some_and(|d| d.kind.changes_by_difference());
            let v = value(month, metric);
            let prev = value(month.prev(), metric);
            let year = value(Month(month.0 - 12), metric);
            a.trends.insert(
                metric,
                Trend {
                    value: v,
                    previous: prev,
                    year_ago: year,
                    change: change(v, prev, is_rate),
                    change_year: change(v, year, is_rate),
                    kind: if is_rate { "difference" } else { "relative" },
                },
            );
            if let Some(target) = s.target(month, metric) {
                a.targets.push(Target {
                    metric: metric.to_string(),
                    target,
                    actual: v,
                    attainment: v.and_then(|v| rate_f(v, target)),
                });
            }
        }
        let (q, y) = fiscal_starts(month, s.fiscal_year_start);
        let period = |from: Month| Period {
            from: from.to_string(),
            to: month.to_string(),
            totals: metrics::period_totals(sums.0, sums.1, from, month),
        };
        a.to_date = Some(ToDate {
            fiscal_year_start: s.fiscal_year_start,
            quarter: period(q),
            year: period(y),
        });
        a.platform_claims =
            claims
                .remove(&month)
                .unwrap_or_else(|| crate::analysis::claims::PlatformClaims {
                    available: claims_available,
                    ..Default::default()
                });
        let h = handoffs.remove(&month).unwrap_or_default();
        fill_handoff(&mut a, m, h, &deals, s);
        a.min_events = s.min_events;
        a.small_numbers = crate::analysis::flags::small_numbers(m, &a, s.min_events);
        extra.push(a);
    }
    for (m, a) in months.iter_mut().zip(extra) {
        m.analytics = a;
    }
}

/// Fills the sections of `a` that the month's handoff gives: speed to lead, dropped batons,
/// sales acceptance, the owners (with their deals) and the handoff by channel.
pub(crate) fn fill_handoff(
    a: &mut Analytics,
    m: &MonthMetrics,
    h: handoff::Handoff,
    deals: &owners::OwnerDeals,
    s: &Settings,
) {
    a.owners = owners::rows(m.period, deals, Some(&h.owners));
    a.speed_to_lead = if h.speed.mqls == 0 {
        SpeedToLead {
            sla_hours: s.sla_hours,
            hours: handoff::hours_kind(s),
            ..h.speed
        }
    } else {
        h.speed
    };
    a.dropped_batons = DroppedBatons {
        window_days: s.dropped_after_days,
        ..h.dropped
    };
    a.sales_acceptance = h.acceptance;
    a.channel_handoff = channel_handoff(m, &a.sales_acceptance);
}

fn channel_handoff(m: &MonthMetrics, acc: &SalesAcceptance) -> Vec<ChannelHandoff> {
    m.by_channel
        .iter()
        .filter(|c| {
            c.numbers.mqls.unwrap_or(0) > 0 || acc.by_channel.iter().any(|a| a.channel == c.channel)
        })
        .map(|c| ChannelHandoff {
            channel: c.channel.clone(),
            mqls: c.numbers.mqls,
            acceptance_rate: acc
                .by_channel
                .iter()
                .find(|a| a.channel == c.channel)
                .and_then(|a| a.acceptance_rate),
            revenue_per_mql: match (c.numbers.revenue_won, c.numbers.mqls) {
                (Some(r), Some(n)) if n > 0 => Some((r / n as f64 * 100.0).round() / 100.0),
                _ => None,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_quarters_and_years() {
        let m = |s: &str| Month::parse(s).unwrap();
        assert_eq!(fiscal_starts(m("2026-05"), 1), (m("2026-04"), m("2026-01")));
        assert_eq!(fiscal_starts(m("2026-01"), 1), (m("2026-01"), m("2026-01")));
        // A fiscal year starting in April: May is in Q1 (Apr-Jun) of the year from April.
        assert_eq!(fiscal_starts(m("2026-05"), 4), (m("2026-04"), m("2026-04")));
        // February with an April year: Q4 (Jan-Mar), year from April 2025.
        assert_eq!(fiscal_starts(m("2026-02"), 4), (m("2026-01"), m("2025-04")));
        assert_eq!(fiscal_starts(m("2026-12"), 2), (m("2026-11"), m("2026-02")));
    }

    #[test]
    fn changes() {
        assert_eq!(change(Some(110.0), Some(100.0), false), Some(0.1));
        assert_eq!(change(Some(1.0), Some(0.0), false), None);
        assert_eq!(change(Some(0.30), Some(0.25), true), Some(0.05));
        assert_eq!(change(None, Some(1.0), true), None);
    }
}
