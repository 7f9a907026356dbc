//! DataFusion: Apache DataFusion in-process, the dataset's tables registered as Parquet listing
//! tables (the month folders as the text column `month`), each query run on its own runtime.

use crate::base::error::{Error, Result};
use crate::engine::Engine;
use crate::engine::store::Place;
use arrow_array::RecordBatch;
use datafusion::prelude::{ParquetReadOptions, SessionContext};

/// The dataset's tables.
pub(crate) const TABLES: [&str; 4] = ["leads", "opportunities", "spend", "touches"];

/// A DataFusion session with the dataset's tables.
pub(crate) struct DataFusion {
    ctx: SessionContext,
    runtime: tokio::runtime::Runtime,
    /// What runs the queries, for messages: `DataFusion`, or a Ballista scheduler's address.
    name: String,
}

/// A runtime for DataFusion's async API (with its network and timers, for a cluster's client).
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Data(format!("cannot start DataFusion's runtime: {e}")))
}

impl DataFusion {
    /// A session over the dataset at `place`, in this process.
    pub(crate) fn open(place: &Place) -> Result<DataFusion> {
        DataFusion::with(place, runtime()?, SessionContext::new(), "DataFusion")
    }

    /// The session `ctx`, on `runtime`, with the dataset's tables registered; `name` says what
    /// runs its queries.
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
        })
    }
}

impl Engine for DataFusion {
    fn query(&self, sql: &str) -> Result<Vec<RecordBatch>> {
        self.runtime
            .block_on(async { self.ctx.sql(sql).await?.collect().await })
            .map_err(|e| {
                // A cluster that is not there: say what to check, after the transport's words.
                let fix = if e.to_string().contains("ConnectError") {
                    "; is the scheduler running at that address? Start it, or correct --engine"
                } else {
                    ""
                };
                Error::Data(format!("{}: {e}{fix}", self.name))
            })
    }
}
