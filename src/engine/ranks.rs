//! Ranks: quantiles without percentile functions (engines disagree on them). The engine numbers
//! each group's values in order and returns only those near each quantile's rank, with the
//! group's count; baton picks the two a quantile lies between and interpolates with its own
//! code (`analysis::ratio`), so medians agree with the in-memory engine to the last bit.

use crate::analysis::ratio;
use crate::base::error::Result;
use crate::engine::Engine;
use crate::engine::columns::{self, int, text};
use std::collections::BTreeMap;

/// One group's values near the quantiles' ranks, by rank (from 0), and how many it has.
#[derive(Debug, Default)]
pub(crate) struct Near {
    pub n: usize,
    at: BTreeMap<usize, i64>,
}

impl Near {
    /// Quantile `q` (one of those asked for) of the group's values, each made a number by
    /// `number`.
    pub(crate) fn quantile(&self, q: f64, number: impl Fn(i64) -> f64) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let (lo, hi) = ratio::ranks(self.n, q);
        let (low, high) = (self.at.get(&lo)?, self.at.get(&hi)?);
        Some(ratio::between(number(*low), number(*high), self.n, q))
    }
}

/// The SQL that returns, of `values` (columns `period` and an integer `v`), each month's count
/// `n` and the values whose rank is within two of each quantile's position `q * (n - 1)`: with
/// `q = a / b`, `|b * rank - a * (n - 1)| < 2 * b`, in integers. The windows partition by
/// `period` alone, a column of the table: a distributed engine (Ballista 55) refused a partition
/// on a constant, whose ordering its executors could not see.
fn sql(values: &str, quantiles: &[(i64, i64)]) -> String {
    let near: Vec<String> = quantiles
        .iter()
        .map(|(a, b)| {
            format!(
                "({b} * rank - {a} * (n - 1) > -{w} AND {b} * rank - {a} * (n - 1) < {w})",
                w = 2 * b
            )
        })
        .collect();
    format!(
        "WITH x AS ({values}),\n\
         r AS (SELECT period, v,\n\
                      ROW_NUMBER() OVER (PARTITION BY period ORDER BY v) - 1 AS rank,\n\
                      COUNT(*) OVER (PARTITION BY period) AS n\n\
               FROM x)\n\
         SELECT period, rank, n, v FROM r WHERE {}",
        near.join(" OR ")
    )
}

/// Each month of `values` (by `period`) with its values near `quantiles` (as fractions
/// `a / b`); `name` names the query in messages.
pub(crate) fn near(
    engine: &dyn Engine,
    name: &str,
    values: &str,
    quantiles: &[(i64, i64)],
) -> Result<BTreeMap<String, Near>> {
    let mut out: BTreeMap<String, Near> = BTreeMap::new();
    for batch in engine.run(&sql(values, quantiles))? {
        let period = columns::texts(name, &batch, "period")?;
        let rank = columns::ints(name, &batch, "rank")?;
        let n = columns::ints(name, &batch, "n")?;
        let v = columns::ints(name, &batch, "v")?;
        for row in 0..batch.num_rows() {
            let (Some(p), Some(r), Some(n), Some(v)) = (
                text(&period, row),
                int(&rank, row),
                int(&n, row),
                int(&v, row),
            ) else {
                return Err(columns::wrong(name, format!("row {row}: a null")));
            };
            let group = out.entry(p.to_string()).or_default();
            group.n = n as usize;
            group.at.insert(r as usize, v);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_from_the_values_near_their_ranks() {
        // 1..=10 and 0.75: position 6.75, between ranks 6 and 7 (values 7 and 8): 7.75.
        let near = Near {
            n: 10,
            at: [(6, 7), (7, 8)].into_iter().collect(),
        };
        assert_eq!(near.quantile(0.75, |v| v as f64), Some(7.75));
        // A rank the engine did not return gives no quantile rather than a wrong one.
        assert_eq!(near.quantile(0.5, |v| v as f64), None);
        assert_eq!(Near::default().quantile(0.5, |v| v as f64), None);
        // 10 values, 0.9 = 9/10: position 8.1; ranks 7 to 9 are within two of it.
        let text = sql("SELECT 1", &[(9, 10)]);
        assert!(text.contains("(10 * rank - 9 * (n - 1) > -20 AND 10 * rank - 9 * (n - 1) < 20)"));
    }
}
