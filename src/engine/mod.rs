//! Engine: the metrics computed by a SQL engine over the canonical dataset that `normalize`
//! writes, instead of in memory (issue 27, docs/dataset.md): the definitions written once as
//! engine-neutral SQL (`queries`), their results added into the same sums the in-memory engine
//! adds up (`sums`) and finished by the same code (`analysis::metrics::finish`).
//!
//! It computes every section of every month's `metrics.json` with Apache DataFusion, in-process,
//! and finishes them with the in-memory engine's own code (`analysis::measure::fill`); with the
//! ledgers and currency `funnel.json` keeps (`summary`), `build --engine datafusion --dataset`
//! makes the same report as a build from the exports.

pub(crate) mod attribution;
#[cfg(feature = "ballista")]
pub(crate) mod ballista;
pub(crate) mod budget;
pub(crate) mod columns;
pub(crate) mod contact;
pub(crate) mod datafusion;
pub(crate) mod handoff;
pub(crate) mod queries;
pub(crate) mod ranks;
#[cfg(feature = "spark")]
pub(crate) mod spark;
pub(crate) mod stages;
pub(crate) mod store;
pub(crate) mod summary;
pub(crate) mod sums;

use crate::analysis::measure;
use crate::analysis::metrics::{self, Metrics, Names};
use crate::analysis::monthly::ByMonth;
use crate::base::datetime::Months;
use crate::base::error::{Error, Result};
use crate::base::intern::Interner;
use crate::config::Config;
use crate::model::ledger::FileLedger;
use arrow_array::RecordBatch;
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
        for part in queries::branches(sql) {
            all.extend(self.query(part)?);
        }
        Ok(all)
    }
}

/// The engines a SQL dataset can be computed by, besides `datafusion`: the scheme that names
/// one, its server, the Cargo feature that builds it in, and whether this baton has it.
const REMOTE: [(&str, &str, &str, bool); 2] = [
    (
        "ballista://",
        "Ballista scheduler",
        "ballista",
        cfg!(feature = "ballista"),
    ),
    (
        "sc://",
        "Spark Connect server",
        "spark",
        cfg!(feature = "spark"),
    ),
];

/// Refuses an engine this baton does not have, before anything is read: it has `datafusion`,
/// with the `ballista` feature `ballista://HOST:PORT`, with the `spark` feature `sc://HOST:PORT`.
fn known(name: &str) -> Result<()> {
    if name == "datafusion" {
        return Ok(());
    }
    for (scheme, server, feature, built) in REMOTE {
        let Some(address) = name.strip_prefix(scheme) else {
            continue;
        };
        if !built {
            return Err(Error::Usage(format!(
                "--engine {scheme}...: this baton was built without it; build it with `cargo build --release --features {feature}`"
            )));
        }
        if address.is_empty() {
            return Err(Error::Usage(format!(
                "--engine {scheme}HOST:PORT: name the {server}"
            )));
        }
        return Ok(());
    }
    Err(Error::Usage(format!(
        "unknown engine `{name}`: this baton knows `memory`, `datafusion`, `ballista://HOST:PORT` and `sc://HOST:PORT`"
    )))
}

/// The engine `name` names over the dataset at `place` (see `known`; `reachable` has refused
/// object storage to a cluster).
fn open(name: &str, place: &store::Place) -> Result<Box<dyn Engine>> {
    known(name)?;
    #[cfg(feature = "ballista")]
    if name.starts_with(ballista::SCHEME) {
        return Ok(Box::new(ballista::open(name, place)?));
    }
    #[cfg(feature = "spark")]
    if let (true, store::Place::Local(dataset)) = (name.starts_with(spark::SCHEME), place) {
        return Ok(Box::new(spark::open(name, dataset)?));
    }
    Ok(Box::new(datafusion::DataFusion::open(place)?))
}

/// Refuses a dataset in object storage to an engine other than `datafusion`: a cluster's
/// executors read the dataset themselves, with credentials baton cannot hand them.
fn reachable(engine: &str, place: &store::Place) -> Result<()> {
    match place {
        store::Place::Remote { url, .. } if engine != "datafusion" => Err(Error::Usage(format!(
            "--dataset {}: a dataset in object storage is read by --engine datafusion; a Ballista or Spark cluster reads one at a path all its machines share (docs/dataset.md)",
            store::shown(url)
        ))),
        _ => Ok(()),
    }
}

/// What an engine computed from a dataset: every month's metrics, and the inputs' ledgers as
/// `normalize` read them.
pub(crate) struct Computed {
    pub metrics: Metrics,
    pub ledgers: Vec<FileLedger>,
}

/// Every month's metrics from the dataset at `dataset`, computed by the engine `engine` (see
/// `open`) with the settings of `config`, whose time zone becomes the dataset's.
/// `check` sees the inputs' ledgers and the dataset's zone before any query runs (the freshness
/// gate and `--strict`), so that a refused build does not wait for the engine.
pub(crate) fn compute(
    engine: &str,
    dataset: &Path,
    config: &mut Config,
    check: &dyn Fn(&[FileLedger], chrono_tz::Tz) -> Result<()>,
) -> Result<Computed> {
    known(engine)?;
    let place = store::locate(dataset)?;
    reachable(engine, &place)?;
    let about = summary::read(&place)?;
    config.tz = about.tz;
    check(&about.ledgers, about.tz)?;
    let engine = open(engine, &place)?;
    let engine = engine.as_ref();
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
        &about.currency.code.to_string(),
    );
    let s = &config.analytics;
    let (stages, reach) = stages::stages(engine)?;
    let parts = measure::Parts {
        claims: contact::claims(engine)?,
        handoffs: handoff::handoffs(engine, config)?,
        stages,
        reach,
        contact: contact::over_contact(engine, s.max_touches_per_7_days, &Months::new(about.tz))?,
        attribution: attribution::attribution(engine, s.lookback_days)?,
        deals: handoff::owner_deals(engine)?,
    };
    measure::fill(&mut months, (&totals, about.available), parts, config);
    Ok(Computed {
        metrics: Metrics {
            months,
            unavailable: about.available.explain(),
            joins: about.joins,
            currency: about.currency,
            available: about.available,
            totals,
        },
        ledgers: about.ledgers,
    })
}
