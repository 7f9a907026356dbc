//! Engine: the metrics computed by a SQL engine over the canonical dataset that `normalize`
//! writes, instead of in memory (issue 27, docs/dataset.md): the definitions written once as
//! engine-neutral SQL (`queries`), their results added into the same sums the in-memory engine
//! adds up (`sums`) and finished by the same code (`analysis::metrics::finish`).
//!
//! So far this computes the headline metrics (every month's totals, by channel, by campaign, the
//! month's cohort, who sourced the pipeline) and the handoff (speed to lead, dropped batons,
//! sales acceptance, owners, handoff by channel) with Apache DataFusion, in-process; the other
//! analytics, Ballista and Spark Connect are still to come, so no command runs it yet: the
//! differential tests compare it with the in-memory engine.

pub(crate) mod columns;
pub(crate) mod datafusion;
pub(crate) mod handoff;
pub(crate) mod queries;
pub(crate) mod summary;
pub(crate) mod sums;

use crate::analysis::measure;
use crate::analysis::metrics::{self, Names};
use crate::analysis::monthly::ByMonth;
use crate::base::error::{Error, Result};
use crate::base::intern::Interner;
use crate::config::Config;
use arrow_array::RecordBatch;
use std::collections::BTreeMap;
use std::path::Path;

/// A SQL engine with the dataset's four tables registered (`leads`, `opportunities`, `spend`,
/// `touches`): runs one query and returns its rows.
pub(crate) trait Engine {
    fn query(&self, sql: &str) -> Result<Vec<RecordBatch>>;
}

/// The sections of each month's `metrics.json` that the engines compute so far.
pub const SECTIONS: [&str; 12] = [
    "period",
    "totals",
    "by_channel",
    "by_campaign",
    "cohort",
    "cohort_by_channel",
    "sourced",
    "speed_to_lead",
    "dropped_batons",
    "sales_acceptance",
    "owners",
    "channel_handoff",
];

/// Every month's metrics from the dataset at `dataset`, computed by DataFusion with the
/// configuration `build --config CONFIG --input INPUT` would read: the `SECTIONS` of each
/// month's `metrics.json`, by month.
pub fn metrics_json(
    dataset: &Path,
    config: Option<&Path>,
    input: &Path,
) -> Result<BTreeMap<String, serde_json::Value>> {
    let about = summary::read(dataset)?;
    let mut config = Config::load(config, input, None)?;
    config.tz = about.tz;
    let engine = datafusion::DataFusion::open(dataset)?;
    let mut months = ByMonth::default();
    let mut names = [Interner::default(), Interner::default()];
    for q in queries::HEADLINE {
        let batches = engine.query(q.sql)?;
        sums::add(q.name, &batches, &mut months, &mut names)?;
    }
    let [channels, campaigns] = &names;
    let (mut months, _) = metrics::finish(
        months,
        Names {
            channels,
            campaigns,
        },
        about.available,
        about.tz,
        &about.currency,
    );
    let mut handoffs = handoff::handoffs(&engine, &config)?;
    let deals = handoff::owner_deals(&engine)?;
    let mut out = BTreeMap::new();
    for m in &mut months {
        let mut a = std::mem::take(&mut m.analytics);
        let h = handoffs.remove(&m.period).unwrap_or_default();
        measure::fill_handoff(&mut a, m, h, &deals, &config.analytics);
        m.analytics = a;
        let all = serde_json::to_value(&*m).map_err(|e| Error::Data(e.to_string()))?;
        let sections: serde_json::Map<String, serde_json::Value> = SECTIONS
            .iter()
            .map(|k| (k.to_string(), all[k].clone()))
            .collect();
        out.insert(m.period.to_string(), sections.into());
    }
    Ok(out)
}
