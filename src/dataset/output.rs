//! Output: the funnel's tables, one Parquet file a table and month, put in place as one dataset.

use crate::base::error::Result;
use crate::dataset::tables::{self, Source};
use crate::dataset::{encoding, summary, target::Target};

/// The summary's file name.
const SUMMARY: &str = "funnel.json";

/// What a dataset holds, for the summary.
#[derive(Debug, Default)]
pub struct Written {
    /// Each table's name and rows.
    pub tables: Vec<(&'static str, u64)>,
    pub files: u64,
    pub bytes: u64,
    pub warnings: Vec<String>,
}

/// Writes the summary and then the four tables of `source` through `target`, one table at a
/// time: each is made, listed in the marker, written a month at a time and let go before the
/// next is made.
pub(crate) fn write(source: Source<'_>, target: Target) -> Result<Written> {
    let mut written = Written::default();
    let (bytes, warnings) = target.write(|out| {
        let summary = summary::compose_summary(source.funnel, source.config);
        out.announce(&[SUMMARY.to_string()])?;
        out.put(SUMMARY, summary.as_bytes())?;
        written.files += 1;
        for tabulate in tables::TABULATE {
            let mut table = tabulate(source);
            let schema = encoding::make_schema(&table);
            let rows = table.rows.len() as u64;
            let parts = table.take_partitions();
            let files: Vec<String> = parts
                .iter()
                .map(|(folder, _)| format!("{}/{folder}/part-0.parquet", table.name))
                .collect();
            out.announce(&files)?;
            for ((_, part), rel) in parts.iter().zip(&files) {
                out.put(rel, &encoding::encode_rows(&table, &schema, part)?)?;
            }
            written.tables.push((table.name, rows));
            written.files += files.len() as u64;
        }
        Ok(())
    })?;
    written.bytes = bytes;
    written.warnings = warnings;
    Ok(written)
}
