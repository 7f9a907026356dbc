//! Ballista: the same queries on an Apache DataFusion Ballista cluster, through its client. The
//! scheduler plans each query and its executors run it; they read the dataset's files at the
//! path given here, so the dataset must be at that path on every executor (a shared folder).

use crate::base::error::{Error, Result};
use crate::engine::datafusion::{DataFusion, runtime};
use crate::engine::store::Place;
use ballista::prelude::{SessionConfigExt, SessionContextExt};
use datafusion::execution::SessionStateBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};

/// How `--engine` names a Ballista scheduler: `ballista://HOST:PORT` (port 50050 when left out).
pub(crate) const SCHEME: &str = "ballista://";

/// A session on the scheduler at `url` (`ballista://HOST:PORT`) with the dataset's tables.
///
/// Ballista's adaptive planner is turned off: in 55.0.0 it never finished a window over a join
/// (the SQL-to-opportunity span's percentile query: every earlier query of the sample data took
/// about a second, this one ran for 16 minutes with the scheduler busy and no task progressing),
/// where the static planner runs every query of the report.
pub(crate) fn open(url: &str, place: &Place) -> Result<DataFusion> {
    let runtime = runtime()?;
    let name = format!("Ballista at {url}");
    let config = SessionConfig::new_with_ballista().with_ballista_adaptive_query_planner(false);
    let state = SessionStateBuilder::new()
        .with_config(config)
        .with_default_features()
        .build();
    let ctx = runtime
        .block_on(SessionContext::remote_with_state(url, state))
        .map_err(|e| {
            Error::Usage(format!(
                "--engine {url}: {e}; name the scheduler as ballista://HOST:PORT"
            ))
        })?;
    DataFusion::with(place, runtime, ctx, &name)
}
