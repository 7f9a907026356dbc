//! baton: from a folder of CSV exports to monthly sales-and-marketing alignment reports.
//!
//! The pipeline is one folder a stage, each using only the ones before it (docs/architecture.md):
//! `base` < `model` < `config` < `input` (discover, read, normalize) < `funnel` (assemble,
//! dedupe, join) < `analysis` (metrics and analytics) < `report` (pages, tables, JSON) <
//! `publish` (the report set swapped in whole) < `dataset` (the funnel as Parquet, for
//! `normalize`) < `engine` (the metrics as SQL over that dataset, feature `datafusion`) < `app`
//! (the commands). This facade is what the
//! binary, the benchmarks, the fuzz targets and the integration tests use.

mod analysis;
mod app;
mod base;
mod config;
mod dataset;
#[cfg(feature = "datafusion")]
mod engine;
mod funnel;
mod input;
mod model;
mod publish;
mod report;

pub use analysis::freshness::warnings as freshness_warnings;
pub use app::canonical::{NormalizeOptions, NormalizeOutcome, normalize};
pub use app::check::{Checked, check, summary_lines};
pub use app::{
    BuildOptions, BuildOutcome, MonthChoice, Source, build, build_with_progress, context,
    export_templates, init,
};
pub use base::datetime::Month;
pub use base::error::{EXIT_DATA, EXIT_OK, Error, Result};
pub use base::excerpt;

/// Pieces of the pipeline on their own, for the benchmarks, the fuzz targets, the example data
/// generators and the tests: not a stable interface.
#[doc(hidden)]
pub mod parts {
    pub use crate::analysis::metrics::NUMBER_KEYS;
    pub use crate::base::datetime::{DateOrder, OrderEvidence, parse_iso_instant, parse_written};
    pub use crate::base::format::{count, counted};
    pub use crate::base::money::parse_money;
    pub use crate::base::splitmix::SplitMix64;
    pub use crate::input::formats::set::ProfileSet;
    pub use crate::input::normalize::RowContext;
    pub use crate::input::read::{parse_records, read_bytes};
    pub use crate::input::rows::Batch;
    pub use crate::model::channel::ChannelMap;
}
