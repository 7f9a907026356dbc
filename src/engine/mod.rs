//! Engine: the metrics computed by a SQL engine over the canonical dataset that `normalize`
//! writes, instead of in memory (issue 27, docs/dataset.md): the definitions written once as
//! engine-neutral SQL (`queries`), their results added into the same sums the in-memory engine
//! adds up (`sums`) and finished by the same code (`analysis::metrics::finish`).
//!
//! This slice computes the headline metrics (every month's totals, by channel, by campaign, the
//! month's cohort and who sourced the pipeline) with Apache DataFusion, in-process; the
//! analytics, Ballista and Spark Connect are still to come, so no command runs it yet: the
//! differential tests compare it with the in-memory engine.

pub(crate) mod datafusion;
pub(crate) mod queries;
pub(crate) mod summary;
pub(crate) mod sums;

use crate::analysis::metrics::{self, Names};
use crate::analysis::monthly::ByMonth;
use crate::base::error::Result;
use crate::base::intern::Interner;
use arrow_array::RecordBatch;
use std::collections::BTreeMap;
use std::path::Path;

/// A SQL engine with the dataset's four tables registered (`leads`, `opportunities`, `spend`,
/// `touches`): runs one query and returns its rows.
pub(crate) trait Engine {
    fn query(&self, sql: &str) -> Result<Vec<RecordBatch>>;
}

/// Every month's headline metrics from the dataset at `dataset`, computed by DataFusion: the
/// keys `period`, `totals`, `by_channel`, `by_campaign`, `cohort`, `cohort_by_channel` and
/// `sourced` of each month's `metrics.json`, by month.
pub fn headline_json(dataset: &Path) -> Result<BTreeMap<String, serde_json::Value>> {
    let about = summary::read(dataset)?;
    let engine = datafusion::DataFusion::open(dataset)?;
    let mut months = ByMonth::default();
    let mut names = [Interner::default(), Interner::default()];
    for q in queries::HEADLINE {
        let batches = engine.query(q.sql)?;
        sums::add(q.name, &batches, &mut months, &mut names)?;
    }
    let [channels, campaigns] = &names;
    let (months, _) = metrics::finish(
        months,
        Names {
            channels,
            campaigns,
        },
        about.available,
        about.tz,
        &about.currency,
    );
    let mut out = BTreeMap::new();
    for m in months {
        let v = serde_json::json!({
            "period": m.period.to_string(),
            "totals": m.totals,
            "by_channel": m.by_channel,
            "by_campaign": m.by_campaign,
            "cohort": m.cohort,
            "cohort_by_channel": m.cohort_by_channel,
            "sourced": m.sourced,
        });
        out.insert(m.period.to_string(), v);
    }
    Ok(out)
}
