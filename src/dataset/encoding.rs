//! Encoding: one partition of a table as the bytes of a Parquet file (Snappy, no time, path or
//! random value in its metadata: the same rows give the same bytes).

use crate::base::error::{Error, Result};
use crate::dataset::tables::Table;
use arrow_array::RecordBatch;
use arrow_schema::{Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::sync::Arc;

/// The Arrow schema of `table`: every column nullable.
pub(crate) fn make_schema(table: &Table) -> Arc<Schema> {
    Arc::new(Schema::new(
        table
            .columns
            .iter()
            .map(|c| Field::new(c.name, c.kind.clone(), true))
            .collect::<Vec<_>>(),
    ))
}

/// The Parquet file of `rows` of `table`.
pub(crate) fn encode_rows(table: &Table, schema: &Arc<Schema>, rows: &[u32]) -> Result<Vec<u8>> {
    let arrays = table.columns.iter().map(|c| (c.make)(rows)).collect();
    let fail = |e: String| Error::Data(format!("{}: cannot encode as Parquet: {e}", table.name));
    let batch =
        RecordBatch::try_new(Arc::clone(schema), arrays).map_err(|e| fail(e.to_string()))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("baton {}", env!("CARGO_PKG_VERSION")))
        .build();
    let mut writer = ArrowWriter::try_new(Vec::new(), Arc::clone(schema), Some(props))
        .map_err(|e| fail(e.to_string()))?;
    writer.write(&batch).map_err(|e| fail(e.to_string()))?;
    writer.into_inner().map_err(|e| fail(e.to_string()))
}
