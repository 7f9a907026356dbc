//! DataFusion: Apache DataFusion in-process, the dataset's tables registered as Parquet listing
//! tables (the month folders as the text column `month`), each query run on its own runtime.

use crate::base::error::{Error, Result};
use crate::engine::Engine;
use crate::engine::budget;
use crate::engine::store::Place;
use arrow_array::RecordBatch;
use datafusion::error::DataFusionError;
use datafusion::execution::disk_manager::DiskManagerBuilder;
use datafusion::execution::memory_pool::{FairSpillPool, TrackConsumersPool};
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use std::num::NonZeroUsize;
use std::sync::Arc;

/// The dataset's tables.
pub(crate) const TABLES: [&str; 4] = ["leads", "opportunities", "spend", "touches"];

/// The name of DataFusion in this process, for messages (a cluster is named by its address).
const IN_PROCESS: &str = "DataFusion";

/// What ran out when a query failed for want of resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shortage {
    /// The memory budget, even spilling.
    Memory,
    /// The disk space DataFusion allows spill files.
    SpillSpace,
}

/// How many spilled runs of a sort are merged at a time.
const MERGE_FAN_IN: usize = 16;

/// How many of the largest memory holders an error names when a reservation fails.
const NAMED_HOLDERS: NonZeroUsize = NonZeroUsize::new(5).unwrap();

/// A DataFusion session with the dataset's tables.
pub(crate) struct DataFusion {
    ctx: SessionContext,
    runtime: tokio::runtime::Runtime,
    /// What runs the queries, for messages: `DataFusion`, or a Ballista scheduler's address.
    name: String,
    /// Whether the queries run in this process (within `budget::limit`), not on a cluster.
    local: bool,
    /// Whether a query has spilled to disk (said once, with `BATON_TIMINGS`).
    spilled: std::cell::Cell<bool>,
    /// Whether joins are made by sorting, since a hash join outgrew the memory budget.
    merging: std::cell::Cell<bool>,
}

/// A runtime for DataFusion's async API (with its network and timers, for a cluster's client).
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Data(format!("cannot start DataFusion's runtime: {e}")))
}

impl DataFusion {
    /// A session over the dataset at `place`, in this process, its operators spilling to disk
    /// past the memory `budget::limit` gives.
    pub(crate) fn open(place: &Place) -> Result<DataFusion> {
        let mut env = RuntimeEnvBuilder::new();
        let mut config = SessionConfig::new();
        if let Some(bytes) = budget::limit()? {
            // What each sort keeps back for merging its spilled runs: DataFusion's 10 MiB, less
            // in a small budget, which two sorts on two cores would otherwise use up.
            let merge = &mut config.options_mut().execution.sort_spill_reservation_bytes;
            *merge = (*merge).min(bytes / 64).max(64 << 10);
            // Fair shares, so that one query's sorts and joins cannot starve each other; the
            // largest holders are named when a reservation fails.
            let pool = TrackConsumersPool::new(FairSpillPool::new(bytes), NAMED_HOLDERS);
            env = env.with_memory_pool(Arc::new(pool));
            // A sort's spilled runs merged at most this many at a time (in rounds), so that the
            // merge's reading of one batch a run stays within the budget too.
            let disk = DiskManagerBuilder::default().with_max_spill_merge_fan_in(MERGE_FAN_IN);
            env = env.with_disk_manager_builder(disk);
        }
        let env = env
            .build_arc()
            .map_err(|e| Error::Data(format!("cannot start DataFusion: {e}")))?;
        let ctx = SessionContext::new_with_config_rt(config, env);
        let mut session = DataFusion::with(place, runtime()?, ctx, IN_PROCESS)?;
        session.local = true;
        Ok(session)
    }

    /// The session `ctx`, on `runtime`, with the dataset's tables registered; `name` says what
    /// runs its queries (a cluster's client: `open` marks its own session local).
    pub(crate) fn with(
        place: &Place,
        runtime: tokio::runtime::Runtime,
        ctx: SessionContext,
        name: &str,
    ) -> Result<DataFusion> {
        for table in TABLES {
            let url = place.table(&ctx, table)?;
            let options = ParquetReadOptions::default()
                .table_partition_cols(vec![("month".to_string(), arrow_schema::DataType::Utf8)]);
            runtime
                .block_on(ctx.register_parquet(table, &url, options))
                .map_err(|e| Error::Data(format!("{}/{table}: {e}", place.show())))?;
        }
        Ok(DataFusion {
            ctx,
            runtime,
            name: name.to_string(),
            local: false,
            spilled: std::cell::Cell::new(false),
            merging: std::cell::Cell::new(false),
        })
    }
}

impl DataFusion {
    /// Runs `sql` to its whole result.
    fn run(&self, sql: &str) -> std::result::Result<Vec<RecordBatch>, DataFusionError> {
        self.runtime
            .block_on(async { self.ctx.sql(sql).await?.collect().await })
    }

    /// From now on, joins by sorting both sides (which spills) instead of by a hash table of the
    /// smaller side (which must fit in memory).
    fn join_by_sorting(&self) -> std::result::Result<(), DataFusionError> {
        self.merging.set(true);
        crate::base::timing::lap(
            "DataFusion: joins by sorting from here, within the memory budget",
        );
        self.runtime.block_on(async {
            self.ctx
                .sql("SET datafusion.optimizer.prefer_hash_join = false")
                .await
                .map(drop)
        })
    }

    /// Says (once, with `BATON_TIMINGS`) that a query spilled: DataFusion makes its folder for
    /// spill files on the first one.
    fn note_spill(&self) {
        let env = self.ctx.runtime_env();
        if !env.disk_manager.temp_dir_paths().is_empty() && !self.spilled.replace(true) {
            crate::base::timing::lap("DataFusion: a query spilled to disk");
        }
    }

    /// `e` in baton's words: out of its memory even spilling, the setting that gives it more
    /// first (then DataFusion's account of what held what, in its own setting names); a cluster
    /// that is not there, what to check.
    fn explain(&self, e: DataFusionError) -> Error {
        if let (true, Some((shortage, why))) = (self.local, shortage(&e)) {
            let what = match shortage {
                Shortage::SpillSpace => {
                    "a query's spill files reached the 100 GiB DataFusion allows them"
                }
                Shortage::Memory => {
                    "a query needs more memory than DataFusion may use here, even spilling to disk"
                }
            };
            return Error::Data(format!(
                "{}: {what}; set {} higher (docs/dataset.md, \"Memory\"), or run on a machine with more memory. DataFusion said: {why}",
                self.name,
                budget::VARIABLE
            ));
        }
        let fix = if e.to_string().contains("ConnectError") {
            "; is the scheduler running at that address? Start it, or correct --engine"
        } else {
            ""
        };
        Error::Data(format!("{}: {e}{fix}", self.name))
    }
}

/// What ran out when `e` is a want of resources, and what DataFusion said (its spill-space
/// message names "disk space").
fn shortage(e: &DataFusionError) -> Option<(Shortage, &str)> {
    match e.find_root() {
        DataFusionError::ResourcesExhausted(why) if why.contains("disk space") => {
            Some((Shortage::SpillSpace, why))
        }
        DataFusionError::ResourcesExhausted(why) => Some((Shortage::Memory, why)),
        _ => None,
    }
}

impl Engine for DataFusion {
    fn query(&self, sql: &str) -> Result<Vec<RecordBatch>> {
        let mut result = self.run(sql);
        // Out of memory, most often for a hash join's table (which cannot spill): the query runs
        // once more joining by sorting, as every query after it does (slower where the tables
        // fit, but within the budget). Another operator out of memory fails the same way again,
        // at the cost of that second run.
        let memory =
            matches!(&result, Err(e) if matches!(shortage(e), Some((Shortage::Memory, _))));
        if memory && self.local && !self.merging.get() {
            self.join_by_sorting().map_err(|e| self.explain(e))?;
            result = self.run(sql);
        }
        self.note_spill();
        result.map_err(|e| self.explain(e))
    }
}
