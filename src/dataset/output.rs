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

/// Writes the four tables of `source` through `target`.
pub(crate) fn write(source: Source<'_>, target: Target) -> Result<Written> {
    let tables = tables::tabulate_all(source);
    let schemas: Vec<_> = tables.iter().map(encoding::make_schema).collect();
    // Every file, in order: the summary, then (table, its partition's rows).
    let mut files = vec![SUMMARY.to_string()];
    let mut parts = vec![(usize::MAX, Vec::new())];
    for (t, table) in tables.iter().enumerate() {
        for (folder, rows) in table.partitions() {
            files.push(format!("{}/{folder}/part-0.parquet", table.name));
            parts.push((t, rows));
        }
    }
    let (bytes, warnings) = target.write(&files, |i| match &parts[i] {
        (usize::MAX, _) => Ok(summary::compose_summary(source.funnel, source.config).into_bytes()),
        (t, rows) => encoding::encode_rows(&tables[*t], &schemas[*t], rows),
    })?;
    Ok(Written {
        tables: tables
            .iter()
            .map(|t| (t.name, t.rows.len() as u64))
            .collect(),
        files: files.len() as u64,
        bytes,
        warnings,
    })
}
