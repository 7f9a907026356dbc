//! Dataset: the joined funnel written as the canonical dataset (`baton normalize`): one Parquet
//! table per entity, partitioned by local month, swapped into place whole (docs/dataset.md).
//!
//! `tables` says which rows go where and in what order, and `leads`, `deals`, `spend` and
//! `touches` what each table's columns are (`columns`: the kinds they share); `encoding` turns a
//! month of a table into Parquet bytes; `target` checks `--out` and puts the new dataset in
//! place of the old one; `marker` is the file that proves a folder is a dataset baton wrote,
//! and removes one file by file; `summary` is `funnel.json`, what the tables cannot say row by
//! row; `output` runs them. Only `unsupported` is built without the
//! `parquet` feature.

#[cfg(feature = "parquet")]
pub(crate) mod columns;
#[cfg(feature = "parquet")]
pub(crate) mod deals;
#[cfg(feature = "parquet")]
pub(crate) mod encoding;
#[cfg(feature = "parquet")]
pub(crate) mod leads;
#[cfg(feature = "parquet")]
pub(crate) mod marker;
#[cfg(feature = "parquet")]
pub(crate) mod output;
#[cfg(feature = "parquet")]
pub(crate) mod spend;
#[cfg(feature = "parquet")]
pub(crate) mod summary;
#[cfg(feature = "parquet")]
pub(crate) mod tables;
#[cfg(feature = "parquet")]
pub(crate) mod target;
#[cfg(feature = "parquet")]
pub(crate) mod touches;

use crate::base::error::Error;

/// Whether this binary can write Parquet.
pub const SUPPORTED: bool = cfg!(feature = "parquet");

/// The error of a binary built without the `parquet` feature: one line, with the commands that
/// build one with it.
pub fn unsupported() -> Error {
    Error::Usage(
        "normalize: this baton was built without Parquet support; build it with `cargo install --path . --features parquet` or `cargo build --release --features parquet`".into(),
    )
}
