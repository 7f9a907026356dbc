//! Tiles: the headline tiles, the targets and the small-number marks of a month's page.

use crate::analysis::metrics::MonthMetrics;
use crate::analysis::numbers::{Kind, describe};
use crate::base::format::{self, DASH};
use crate::report::context::cells::*;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub(super) struct Kpi {
    key: &'static str,
    label: &'static str,
    value: String,
    change: Option<String>,
    /// `up`, `down` or `flat`.
    direction: Option<&'static str>,
    /// Whether the change is good news (costs going down are).
    good: Option<bool>,
    /// The change against the same month a year before, when the data reaches back that far.
    change_year: Option<String>,
}

pub(super) fn kpis(m: &MonthMetrics, prev: Option<&MonthMetrics>, cur: &str) -> Vec<Kpi> {
    let n = &m.totals.numbers;
    let p = prev.map(|p| &p.totals.numbers);
    let f = |v: Option<u64>| v.map(|x| x as f64);
    let short = |v: Option<f64>| v.map_or(DASH.into(), |v| format::money_short(v, cur));
    // (key, value as shown, value, the previous month's)
    let specs: [(&'static str, String, Option<f64>, Option<f64>); 12] = [
        (
            "leads",
            format::count(n.leads),
            Some(n.leads as f64),
            p.map(|p| p.leads as f64),
        ),
        (
            "mqls",
            opt_count(n.mqls),
            f(n.mqls),
            p.and_then(|p| f(p.mqls)),
        ),
        (
            "sqls",
            opt_count(n.sqls),
            f(n.sqls),
            p.and_then(|p| f(p.sqls)),
        ),
        (
            "opportunities",
            opt_count(n.opportunities),
            f(n.opportunities),
            p.and_then(|p| f(p.opportunities)),
        ),
        (
            "pipeline_created",
            short(n.pipeline_created),
            n.pipeline_created,
            p.and_then(|p| p.pipeline_created),
        ),
        ("won", opt_count(n.won), f(n.won), p.and_then(|p| f(p.won))),
        (
            "revenue_won",
            short(n.revenue_won),
            n.revenue_won,
            p.and_then(|p| p.revenue_won),
        ),
        (
            "win_rate",
            opt_pct(n.win_rate),
            n.win_rate,
            p.and_then(|p| p.win_rate),
        ),
        ("spend", short(n.spend), n.spend, p.and_then(|p| p.spend)),
        ("cac", opt_money(n.cac, cur), n.cac, p.and_then(|p| p.cac)),
        ("roas", opt_ratio(n.roas), n.roas, p.and_then(|p| p.roas)),
        (
            "marketing_sourced_share",
            opt_pct(m.totals.marketing_sourced_share),
            m.totals.marketing_sourced_share,
            prev.and_then(|p| p.totals.marketing_sourced_share),
        ),
    ];
    specs
        .into_iter()
        .map(|(key, value, c, pv)| {
            let d = describe(key).expect("a headline metric");
            let how = change_of(d.kind);
            let ch = format::shift(c, pv, how);
            let direction = ch.as_ref().map(|s| match s.sign {
                0 => "flat",
                1 => "up",
                _ => "down",
            });
            let good = ch
                .as_ref()
                .and_then(|s| (s.sign != 0).then_some((s.sign > 0) != d.lower_is_better));
            let year = m
                .analytics
                .trends
                .get(key)
                .and_then(|t| format::shift(t.value, t.year_ago, how));
            Kpi {
                key,
                label: d.label,
                value,
                change: ch.map(|s| s.text),
                direction,
                good,
                change_year: year.map(|s| s.text),
            }
        })
        .collect()
}

/// How a change of a metric of this kind is shown: the same rule as `trends` in
/// `metrics.json` (relative for counts and amounts, a difference for shares and ratios).
pub(super) fn change_of(kind: Kind) -> format::Change {
    match kind {
        Kind::Share => format::Change::Points,
        Kind::Ratio => format::Change::Times,
        Kind::Count | Kind::Money | Kind::Days => format::Change::Relative,
    }
}

/// A headline metric's value as the tables show it.
pub(super) fn metric_value(kind: Kind, v: Option<f64>, cur: &str) -> String {
    let Some(v) = v else {
        return DASH.to_string();
    };
    match kind {
        Kind::Count => format::count(v.max(0.0).round() as u64),
        Kind::Money => format::money(v, cur),
        Kind::Share => format::percent(v),
        Kind::Ratio => format::ratio(v),
        Kind::Days => format::tenths(v),
    }
}

/// One target as the page shows it.
#[derive(Serialize)]
pub(super) struct TargetView {
    key: String,
    label: String,
    target: String,
    actual: String,
    /// `beat by 24.3%`, `missed by 2.6%`, `on target`, or `—` without an actual value.
    outcome: String,
    /// Whether the target was met (for costs: whether the actual stayed at or under it).
    good: Option<bool>,
}

pub(super) fn target_views(m: &MonthMetrics, cur: &str) -> Vec<TargetView> {
    m.analytics
        .targets
        .iter()
        .map(|t| {
            let d = describe(&t.metric);
            let kind = d.map_or(Kind::Count, |d| d.kind);
            let lower = d.is_some_and(|d| d.lower_is_better);
            // How far past the target, in its favourable direction (negative: short of it).
            let past = t.actual.and_then(|a| {
                (t.target != 0.0).then(|| {
                    let r = a / t.target - 1.0;
                    if lower { -r } else { r }
                })
            });
            let shown = past.map(|p| (format::percent(p.abs()), p));
            let outcome = match &shown {
                None => DASH.to_string(),
                Some((pct, _)) if pct == "0.0%" => "on target".to_string(),
                Some((pct, p)) if *p > 0.0 => format!("beat by {pct}"),
                Some((pct, _)) => format!("missed by {pct}"),
            };
            TargetView {
                key: t.metric.clone(),
                label: d.map_or_else(|| t.metric.clone(), |d| d.label.to_string()),
                target: metric_value(kind, Some(t.target), cur),
                actual: metric_value(kind, t.actual, cur),
                good: shown.map(|(pct, p)| pct == "0.0%" || p > 0.0),
                outcome,
            }
        })
        .collect()
}

/// A flagged rate's mark: its place in `small_numbers`, and what it says on hover.
#[derive(Serialize)]
pub(super) struct FlagView {
    flag: usize,
    title: String,
}

/// The month's flagged rates: each rate's key in `small_numbers`, its place there and what its
/// mark says.
pub(super) fn flag_titles(m: &MonthMetrics) -> BTreeMap<&str, FlagView> {
    let a = &m.analytics;
    a.small_numbers
        .iter()
        .enumerate()
        .map(|(flag, s)| {
            // `of` is plural; one event is singular (`1 closed deal`).
            let of = if s.events == 1 {
                s.of.strip_suffix('s').unwrap_or(s.of)
            } else {
                s.of
            };
            let title = format!(
                "Over {} {of}, fewer than {}: read with care",
                format::count(s.events),
                a.min_events
            );
            (s.metric.as_str(), FlagView { flag, title })
        })
        .collect()
}
