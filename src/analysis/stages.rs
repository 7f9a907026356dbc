//! Stages: how long leads take from one stage to the next, over the transitions completed in each
//! month, and how many of each stage's entries of a month went on to the next stage by its end
//! (docs/metrics.md).

use crate::analysis::monthly::ByMonth;
use crate::analysis::ratio::{quantile, rate, round2};
use crate::analysis::timeline::Timeline;
use crate::base::datetime::{Instant, Month, local_date, local_to_instant};
use crate::model::Created;
use chrono::NaiveTime;
use serde::Serialize;
use std::collections::BTreeMap;

/// Median and 75th percentile, in days, and what was left out of them.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Span {
    /// Transitions measured.
    pub count: u64,
    pub median_days: Option<f64>,
    pub p75_days: Option<f64>,
    /// Everything that reached the later stage in the month: `count + backwards +
    /// no_earlier_date`.
    pub reached: u64,
    /// Left out: the later stage is dated before the earlier one (bad data).
    pub backwards: u64,
    /// Left out: no date for the earlier stage (no creation date; an SQL that was never an MQL;
    /// an opportunity with no lead or whose lead has no SQL date).
    pub no_earlier_date: u64,
}

/// The four transitions of the funnel.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct TimeToStage {
    pub lead_to_mql: Span,
    pub mql_to_sql: Span,
    pub sql_to_opportunity: Span,
    pub opportunity_to_won: Span,
}

/// Of a stage's entries in the month (`from`), those that reached the next stage by the month's
/// end: a share that cannot exceed 1.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Step {
    pub from: u64,
    pub reached: u64,
    pub rate: Option<f64>,
}

/// The month's funnel as conversions: each stage's entries of the month followed to the month's
/// end.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct StageConversion {
    /// Leads created in the month that reached MQL (or a later stage) by its end: the cohort's
    /// `reached_mql`.
    pub lead_to_mql: Step,
    /// MQLs of the month with an SQL date by its end: sales acceptance's `accepted`.
    pub mql_to_sql: Step,
    /// SQLs of the month whose lead had an opportunity created by its end.
    pub sql_to_opportunity: Step,
    /// Opportunities created in the month that were won with a close date in it.
    pub opportunity_to_won: Step,
    /// Of the opportunities created in the month, those whose lead had an SQL date by its end.
    pub opportunities_from_sql: u64,
}

fn days(from: Instant, to: Instant) -> f64 {
    (to - from) as f64 / 86_400.0
}

/// One transition's sums: the days measured, and the counts left out.
#[derive(Default)]
struct SpanSums {
    days: Vec<f64>,
    backwards: u64,
    no_earlier_date: u64,
}

impl SpanSums {
    /// A transition completed: `d` days, or none when the earlier stage has no date.
    fn push(&mut self, d: Option<f64>) {
        match d {
            Some(d) if d >= 0.0 => self.days.push(d),
            Some(_) => self.backwards += 1,
            None => self.no_earlier_date += 1,
        }
    }

    fn span(mut self) -> Span {
        Span {
            count: self.days.len() as u64,
            median_days: quantile(&mut self.days, 0.5).map(round2),
            p75_days: quantile(&mut self.days, 0.75).map(round2),
            reached: self.days.len() as u64 + self.backwards + self.no_earlier_date,
            backwards: self.backwards,
            no_earlier_date: self.no_earlier_date,
        }
    }
}

/// A month's sums: the four transitions, then the four steps' (from, reached), then the
/// opportunities from an SQL.
#[derive(Default)]
struct MonthSums {
    spans: [SpanSums; 4],
    steps: [(u64, u64); 4],
    opportunities_from_sql: u64,
}

fn step((from, reached): (u64, u64)) -> Step {
    Step {
        from,
        reached,
        rate: rate(reached, from),
    }
}

/// Every month's time to stage and stage conversion. A transition belongs to the month it
/// completed in; one that goes backwards in time (a stage date before the previous stage's) is
/// bad data, left out and counted. SQL -> opportunity uses each opportunity and its lead's
/// `sql_at`; opportunity -> won uses the close date (end of day is not assumed: the date's
/// midnight in the report's zone).
pub fn compute(t: &Timeline) -> BTreeMap<Month, (TimeToStage, StageConversion)> {
    let f = t.f;
    let mut acc: ByMonth<MonthSums> = ByMonth::default();
    // The last instant of a month.
    let end = |m: Month| t.months.start(m.next()) - 1;
    for (l, (first_opportunity, first_won)) in f.leads.iter().zip(f.firsts.per_lead(f.leads.len()))
    {
        let (mql, sql) = (l.mql_at.get(), l.sql_at.get());
        if let Some(created) = l.created() {
            // As the cohort counts it: MQL or a later stage by the month's end.
            let c = t.month(created);
            let as_of = end(c);
            let reached = first_won.is_some_and(|d| d <= c.last_day())
                || [first_opportunity, sql, mql]
                    .iter()
                    .any(|s| s.is_some_and(|s| s <= as_of));
            let s = &mut acc.entry(c).steps[0];
            s.0 += 1;
            s.1 += u64::from(reached);
        }
        if let Some(mql) = mql {
            let m = t.month(mql);
            let sums = acc.entry(m);
            sums.spans[0].push(l.created().map(|c| days(c, mql)));
            sums.steps[1].0 += 1;
            sums.steps[1].1 += u64::from(sql.is_some_and(|q| q <= end(m)));
        }
        if let Some(sql) = sql {
            let m = t.month(sql);
            let sums = acc.entry(m);
            sums.spans[1].push(mql.map(|q| days(q, sql)));
            sums.steps[2].0 += 1;
            sums.steps[2].1 += u64::from(first_opportunity.is_some_and(|o| o <= end(m)));
        }
    }
    for d in &f.deals {
        let o = &d.opp;
        let lead_sql = d.lead.and_then(|l| f.leads[l as usize].sql_at.get());
        // A deal whose export gave no creation date is no month's opportunity.
        if let Some(created_at) = o.created_at {
            let m = t.month(created_at);
            let sums = acc.entry(m);
            sums.spans[2].push(lead_sql.map(|q| days(q, created_at)));
            sums.steps[3].0 += 1;
            let won_in_month = o.is_closed && o.is_won && o.close_date.map(Month::of) == Some(m);
            sums.steps[3].1 += u64::from(won_in_month);
            sums.opportunities_from_sql += u64::from(lead_sql.is_some_and(|q| q <= end(m)));
        }
        if let (true, true, Some(close)) = (o.is_closed, o.is_won, o.close_date) {
            let cycle = o.created_at.map(|created_at| {
                let closed = local_to_instant(close.and_time(NaiveTime::MIN), t.tz);
                let created_day =
                    local_to_instant(local_date(created_at, t.tz).and_time(NaiveTime::MIN), t.tz);
                days(created_day, closed).round()
            });
            acc.entry(Month::of(close)).spans[3].push(cycle);
        }
    }
    acc.into_iter()
        .map(|(m, sums)| {
            let MonthSums {
                spans: [a, b, c, d],
                steps,
                opportunities_from_sql,
            } = sums;
            let time = TimeToStage {
                lead_to_mql: a.span(),
                mql_to_sql: b.span(),
                sql_to_opportunity: c.span(),
                opportunity_to_won: d.span(),
            };
            let conversion = StageConversion {
                lead_to_mql: step(steps[0]),
                mql_to_sql: step(steps[1]),
                sql_to_opportunity: step(steps[2]),
                opportunity_to_won: step(steps[3]),
                opportunities_from_sql,
            };
            (m, (time, conversion))
        })
        .collect()
}
