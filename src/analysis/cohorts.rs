//! The cohort matrix: for the leads created in each month, the share that had reached MQL, SQL,
//! an opportunity and a won deal by the end of month 0, 1, 2, 3 after, and by the report's end.

use crate::analysis::monthly::ByMonth;
use crate::analysis::ratio::rate;
use crate::analysis::timeline::Timeline;
use crate::base::datetime::{self, Month};
use crate::model::Created;
use chrono::NaiveTime;
use serde::Serialize;

/// How many cohorts a month's matrix shows.
pub const ROWS: i32 = 12;
/// Month offsets with their own column; a last column is "by the report's end".
pub const OFFSETS: i32 = 4;

/// One cohort's row: per stage, shares by offset 0..3 and by the report's end (`null` where that
/// month is after the report).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CohortRow {
    pub cohort: String,
    pub leads: u64,
    /// Younger than the conversion window: its shares will still grow.
    pub immature: bool,
    pub mql: Vec<Option<f64>>,
    pub sql: Vec<Option<f64>>,
    pub opportunity: Vec<Option<f64>>,
    pub won: Vec<Option<f64>>,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct CohortMatrix {
    pub window_months: i32,
    pub rows: Vec<CohortRow>,
}

/// For each creation month and stage: how many leads reached the stage `d` months later.
pub struct StageReach {
    cohorts: ByMonth<MonthCohort>,
}

/// The leads created in one month, and by stage, how many reached it `d` months later (the
/// `d`th number; a stage reached before creation counts at 0).
#[derive(Default)]
struct MonthCohort {
    leads: u64,
    hist: [Vec<u64>; 4],
}

/// Adds `n` leads of cohort `c` that reached a stage in month `m` to its counts by months after.
fn add(hist: &mut Vec<u64>, c: Month, m: Month, n: u64) {
    let d = (m.0 - c.0).max(0) as usize;
    if d >= hist.len() {
        hist.resize(d + 1, 0);
    }
    hist[d] += n;
}

#[cfg(feature = "datafusion")]
impl StageReach {
    /// From counts an engine made: each cohort's leads, and how many of a cohort first reached
    /// a stage (0 MQL to 3 won) in a month (one before the cohort's counts as its own).
    pub(crate) fn from_counts(
        leads: impl IntoIterator<Item = (Month, u64)>,
        reached: impl IntoIterator<Item = (Month, usize, Month, u64)>,
    ) -> StageReach {
        let mut cohorts: ByMonth<MonthCohort> = ByMonth::default();
        for (c, n) in leads {
            cohorts.entry(c).leads += n;
        }
        for (c, stage, m, n) in reached {
            add(&mut cohorts.entry(c).hist[stage.min(3)], c, m, n);
        }
        StageReach { cohorts }
    }
}

/// Counts when each lead reached each stage (a later stage implies the earlier ones).
pub fn reach(t: &Timeline) -> StageReach {
    let f = t.f;
    let mut r = StageReach {
        cohorts: ByMonth::default(),
    };
    for (l, (first_opportunity, first_won)) in f.leads.iter().zip(f.firsts.per_lead(f.leads.len()))
    {
        // A lead whose export gave no creation date belongs to no cohort.
        let Some(created) = l.created() else {
            continue;
        };
        let c = t.month(created);
        let cohort = r.cohorts.entry(c);
        cohort.leads += 1;
        let won = first_won.map(|d| datetime::local_to_instant(d.and_time(NaiveTime::MIN), t.tz));
        let stages = [l.mql_at.get(), l.sql_at.get(), first_opportunity, won];
        let mut first: Option<i64> = None;
        let mut months = [None; 4];
        for s in (0..4).rev() {
            first = match (first, stages[s]) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            months[s] = first.map(|at| t.month(at));
        }
        for (s, m) in months.iter().enumerate() {
            if let Some(m) = m {
                add(&mut cohort.hist[s], c, *m, 1);
            }
        }
    }
    r
}

/// The matrix as of the end of `report`.
pub fn matrix(r: &StageReach, report: Month, window: i32) -> CohortMatrix {
    let mut rows = Vec::new();
    for k in (0..ROWS).rev() {
        let c = Month(report.0 - k);
        let Some(cohort) = r.cohorts.get(c) else {
            continue;
        };
        let leads = cohort.leads;
        let cells = |s: usize| -> Vec<Option<f64>> {
            let h = &cohort.hist[s];
            let by = |d: i32| h.iter().take((d + 1).max(0) as usize).sum::<u64>();
            let mut v: Vec<Option<f64>> = (0..OFFSETS)
                .map(|d| (c.0 + d <= report.0).then(|| rate(by(d), leads)).flatten())
                .collect();
            v.push(rate(by(report.0 - c.0), leads));
            v
        };
        rows.push(CohortRow {
            cohort: c.to_string(),
            leads,
            immature: report.0 - c.0 < window,
            mql: cells(0),
            sql: cells(1),
            opportunity: cells(2),
            won: cells(3),
        });
    }
    CohortMatrix {
        window_months: window,
        rows,
    }
}
