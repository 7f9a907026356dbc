//! Time to stage: how long leads take from one stage to the next, over the transitions completed
//! in each month (docs/metrics.md).

use crate::analysis::monthly::ByMonth;
use crate::analysis::ratio::{quantile, round2};
use crate::analysis::timeline::Timeline;
use crate::base::datetime::{Instant, Month};
use serde::Serialize;
use std::collections::BTreeMap;

/// Median and 75th percentile, in days.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Span {
    pub count: u64,
    pub median_days: Option<f64>,
    pub p75_days: Option<f64>,
}

/// The four transitions of the funnel.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct TimeToStage {
    pub lead_to_mql: Span,
    pub mql_to_sql: Span,
    pub sql_to_opportunity: Span,
    pub opportunity_to_won: Span,
}

fn days(from: Instant, to: Instant) -> f64 {
    (to - from) as f64 / 86_400.0
}

fn span(mut v: Vec<f64>) -> Span {
    Span {
        count: v.len() as u64,
        median_days: quantile(&mut v, 0.5).map(round2),
        p75_days: quantile(&mut v, 0.75).map(round2),
    }
}

/// Every month's time to stage. A transition belongs to the month it completed in; one that goes
/// backwards in time (a stage date before the previous stage's) is bad data and left out.
/// SQL -> opportunity uses each opportunity and its lead's `sql_at`; opportunity -> won uses the
/// close date (end of day is not assumed: the date's midnight in the report's zone).
pub fn compute(t: &Timeline) -> BTreeMap<Month, TimeToStage> {
    let f = t.f;
    let mut acc: ByMonth<[Vec<f64>; 4]> = ByMonth::default();
    let mut push = |m: Month, k: usize, d: f64| {
        if d >= 0.0 {
            acc.entry(m)[k].push(d);
        }
    };
    for l in &f.leads {
        if let Some(mql) = l.mql_at.get() {
            if let Some(created) = l.created() {
                push(t.month(mql), 0, days(created, mql));
            }
            if let Some(sql) = l.sql_at.get() {
                push(t.month(sql), 1, days(mql, sql));
            }
        }
    }
    for d in &f.deals {
        let o = &d.opp;
        // A deal whose export gave no creation date has no time to either side of it.
        let Some(created_at) = o.created_at else {
            continue;
        };
        if let Some(sql) = d.lead.and_then(|l| f.leads[l as usize].sql_at.get()) {
            push(t.month(created_at), 2, days(sql, created_at));
        }
        if let (true, Some(close)) = (o.is_won, o.close_date) {
            let closed = crate::base::datetime::local_to_instant(
                close.and_time(chrono::NaiveTime::MIN),
                t.tz,
            );
            let created_day = crate::base::datetime::local_to_instant(
                crate::base::datetime::local_date(created_at, t.tz)
                    .and_time(chrono::NaiveTime::MIN),
                t.tz,
            );
            push(Month::of(close), 3, days(created_day, closed).round());
        }
    }
    acc.into_iter()
        .map(|(m, [a, b, c, d])| {
            (
                m,
                TimeToStage {
                    lead_to_mql: span(a),
                    mql_to_sql: span(b),
                    sql_to_opportunity: span(c),
                    opportunity_to_won: span(d),
                },
            )
        })
        .collect()
}
