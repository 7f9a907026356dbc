//! Engine: the metrics computed by a SQL engine over the canonical dataset that `normalize`
//! writes, instead of in memory (issue 27, docs/dataset.md): the definitions written once as
//! engine-neutral SQL (`queries`), their results added into the same sums the in-memory engine
//! adds up (`sums`) and finished by the same code (`analysis::metrics::finish`).
//!
//! It computes every section of every month's `metrics.json` with Apache DataFusion, in-process,
//! and finishes them with the in-memory engine's own code (`analysis::measure::fill`). No command
//! runs it yet (the report pages, Ballista and Spark Connect are still to come): the differential
//! tests compare it with the in-memory engine.

pub(crate) mod attribution;
pub(crate) mod columns;
pub(crate) mod contact;
pub(crate) mod datafusion;
pub(crate) mod handoff;
pub(crate) mod queries;
pub(crate) mod ranks;
pub(crate) mod stages;
pub(crate) mod summary;
pub(crate) mod sums;

use crate::analysis::measure;
use crate::analysis::metrics::{self, Names};
use crate::analysis::monthly::ByMonth;
use crate::base::datetime::Months;
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

    /// Runs `sql`, a top-level `UNION ALL` (a line of its own, not indented) as one query a
    /// branch, their rows one after the other: Ballista 55 returned such a union with rows
    /// twice or none, and every engine runs plain queries alike.
    fn run(&self, sql: &str) -> Result<Vec<RecordBatch>> {
        let mut all = Vec::new();
        for part in sql.split("\nUNION ALL\n") {
            all.extend(self.query(part)?);
        }
        Ok(all)
    }
}

/// The engine `name` names over the dataset at `dataset`: only `datafusion` so far.
fn open(name: &str, dataset: &Path) -> Result<datafusion::DataFusion> {
    if name == "datafusion" {
        return datafusion::DataFusion::open(dataset);
    }
    Err(Error::Usage(format!(
        "unknown engine `{name}`: this baton knows `datafusion`"
    )))
}

/// Every month's metrics from the dataset at `dataset`, computed by the engine `engine` (see
/// `open`) with the configuration `build --config CONFIG --input INPUT` would read: each month's
/// `metrics.json`, by month.
pub fn metrics_json(
    engine: &str,
    dataset: &Path,
    config: Option<&Path>,
    input: &Path,
) -> Result<BTreeMap<String, serde_json::Value>> {
    let about = summary::read(dataset)?;
    let mut config = Config::load(config, input, None)?;
    config.tz = about.tz;
    let engine = open(engine, dataset)?;
    let mut months = ByMonth::default();
    let mut names = [Interner::default(), Interner::default()];
    for q in queries::HEADLINE {
        let batches = engine.run(q.sql)?;
        sums::add(q.name, &batches, &mut months, &mut names)?;
    }
    let [channels, campaigns] = &names;
    let (mut months, totals) = metrics::finish(
        months,
        Names {
            channels,
            campaigns,
        },
        about.available,
        about.tz,
        &about.currency,
    );
    let s = &config.analytics;
    let (stages, reach) = stages::stages(&engine)?;
    let parts = measure::Parts {
        claims: contact::claims(&engine)?,
        handoffs: handoff::handoffs(&engine, &config)?,
        stages,
        reach,
        contact: contact::over_contact(&engine, s.max_touches_per_7_days, &Months::new(about.tz))?,
        attribution: attribution::attribution(&engine, s.lookback_days)?,
        deals: handoff::owner_deals(&engine)?,
    };
    measure::fill(&mut months, (&totals, about.available), parts, &config);
    let mut out = BTreeMap::new();
    for m in &months {
        let mut all = serde_json::to_value(m).map_err(|e| Error::Data(e.to_string()))?;
        if let Some(all) = all.as_object_mut() {
            all.extend(about.whole.clone());
        }
        out.insert(m.period.to_string(), all);
    }
    Ok(out)
}
