//! Stages: time to stage, stage conversion and the cohort matrix's counts from an engine. The
//! engine counts the transitions and steps by month and returns the lengths near each median
//! and 75th percentile (`ranks`); baton makes days of them and rounds as in memory.

use crate::analysis::cohorts::StageReach;
use crate::analysis::ratio::{rate, round2};
use crate::analysis::stages::{Span, StageConversion, Step, TimeToStage};
use crate::base::datetime::Month;
use crate::base::error::Result;
use crate::engine::Engine;
use crate::engine::columns::{self, int, text};
use crate::engine::queries::{self, REACH, SPANS, STEPS};
use crate::engine::ranks;
use std::collections::BTreeMap;

/// Each month's time to stage and stage conversion.
pub(crate) type Stages = BTreeMap<Month, (TimeToStage, StageConversion)>;

/// Runs `sql` and calls `each` with every row's month and the integer columns `names`.
fn rows<const N: usize>(
    engine: &dyn Engine,
    name: &str,
    sql: &str,
    names: [&str; N],
    mut each: impl FnMut(Month, [i64; N]),
) -> Result<()> {
    for batch in engine.run(sql)? {
        let period = columns::texts(name, &batch, "period")?;
        let ints = names
            .iter()
            .map(|c| columns::ints(name, &batch, c))
            .collect::<Result<Vec<_>>>()?;
        for row in 0..batch.num_rows() {
            let month = columns::month(name, &period, row)?;
            each(
                month,
                std::array::from_fn(|i| int(&ints[i], row).unwrap_or(0)),
            );
        }
    }
    Ok(())
}

/// Every month's time to stage and stage conversion, and the cohorts' stage reach.
pub(crate) fn stages(engine: &dyn Engine) -> Result<(Stages, StageReach)> {
    let mut out = Stages::new();
    let mut cohort_leads = Vec::new();
    rows(
        engine,
        STEPS.name,
        STEPS.sql,
        ["step", "entered", "reached"],
        |m, [k, from, reached]| {
            let conversion = &mut out.entry(m).or_default().1;
            let (from, reached) = (from as u64, reached as u64);
            let step = Step {
                from,
                reached,
                rate: rate(reached, from),
            };
            match k {
                0 => {
                    cohort_leads.push((m, from));
                    conversion.lead_to_mql = step;
                }
                1 => conversion.mql_to_sql = step,
                2 => conversion.sql_to_opportunity = step,
                3 => conversion.opportunity_to_won = step,
                _ => conversion.opportunities_from_sql = reached,
            }
        },
    )?;
    // Each transition (a branch of `spans`, one span each) counted and ranked on its own.
    let wrap = |around: &dyn Fn(&str) -> String| -> String {
        queries::unite(queries::branches(SPANS.sql).map(around))
    };
    let counts = wrap(&|spans| {
        format!(
            "SELECT period, span, SUM(CASE WHEN v >= 0 THEN 1 ELSE 0 END) AS measured,\n\
                    SUM(CASE WHEN v < 0 THEN 1 ELSE 0 END) AS backwards,\n\
                    SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END) AS no_earlier_date\n\
             FROM ({spans}\n) s GROUP BY period, span"
        )
    });
    let mut near = BTreeMap::new();
    // The branches of `spans` are spans 0 to 3, in order.
    for (span, spans) in queries::branches(SPANS.sql).enumerate() {
        let values = format!("SELECT period, v FROM ({spans}\n) s WHERE v >= 0");
        for (period, group) in ranks::near(engine, SPANS.name, &values, &[(1, 2), (3, 4)])? {
            near.insert((period, span as i64), group);
        }
    }
    let names = ["span", "measured", "backwards", "no_earlier_date"];
    rows(
        engine,
        SPANS.name,
        &counts,
        names,
        |m, [k, n, back, none]| {
            let group = near.get(&(m.to_string(), k));
            // Spans 0 to 2 are in seconds, 3 in whole days.
            let days = |v: i64| {
                if k == 3 {
                    v as f64
                } else {
                    v as f64 / 86_400.0
                }
            };
            let at = |q: f64| group.and_then(|g| g.quantile(q, days)).map(round2);
            let span = Span {
                count: n as u64,
                median_days: at(0.5),
                p75_days: at(0.75),
                reached: (n + back + none) as u64,
                backwards: back as u64,
                no_earlier_date: none as u64,
            };
            let time = &mut out.entry(m).or_default().0;
            match k {
                0 => time.lead_to_mql = span,
                1 => time.mql_to_sql = span,
                2 => time.sql_to_opportunity = span,
                _ => time.opportunity_to_won = span,
            }
        },
    )?;
    let mut reached = Vec::new();
    for batch in engine.run(REACH.sql)? {
        let q = REACH.name;
        let period = columns::texts(q, &batch, "period")?;
        let months = ["r0", "r1", "r2", "r3"]
            .iter()
            .map(|c| columns::texts(q, &batch, c))
            .collect::<Result<Vec<_>>>()?;
        let leads = columns::ints(q, &batch, "leads")?;
        for row in 0..batch.num_rows() {
            let c = columns::month(q, &period, row)?;
            let n = int(&leads, row).unwrap_or(0) as u64;
            for (stage, m) in months.iter().enumerate() {
                if let Some(m) = text(m, row).and_then(Month::parse) {
                    reached.push((c, stage, m, n));
                }
            }
        }
    }
    Ok((out, StageReach::from_counts(cohort_leads, reached)))
}
