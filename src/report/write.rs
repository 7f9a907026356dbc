//! Write: each month's `metrics.json`, and single files (configs, exported templates) written
//! through a temporary name and a rename, so a final path never holds a partly written file.
//! (Report sets are published whole by `publish`.)

use crate::analysis::metrics::{MonthMetrics, Unavailable};
use crate::base::error::{Error, Result};
use crate::funnel::join::JoinCounts;
use crate::model::ledger::FileLedger;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// One input file's line in `metrics.json` (docs/metrics.md, "metrics.json").
#[derive(Serialize)]
pub struct InputEntry<'a> {
    pub path: &'a str,
    pub source: &'a str,
    pub entity: Option<&'static str>,
    pub rows: u64,
    pub used: u64,
    pub duplicates: u64,
    pub rejected: u64,
    pub blank_lines: u64,
    /// Lines that are not data: preamble, footer, report totals.
    pub skipped_lines: u64,
    pub problem: Option<&'a str>,
}

#[derive(Serialize)]
struct RejectEntry<'a> {
    path: &'a str,
    line: u64,
    reason: &'a str,
}

/// The whole of one month's `metrics.json`.
#[derive(Serialize)]
struct MonthFile<'a> {
    #[serde(flatten)]
    metrics: &'a MonthMetrics,
    joins: &'a JoinCounts,
    unavailable: &'a [Unavailable],
    inputs: Vec<InputEntry<'a>>,
    rejected_rows: Vec<RejectEntry<'a>>,
}

/// The `inputs` entries for every file.
pub fn input_entries(ledgers: &[FileLedger]) -> Vec<InputEntry<'_>> {
    ledgers
        .iter()
        .map(|l| InputEntry {
            path: &l.rel,
            source: &l.source,
            entity: l.entity.map(|e| e.name()),
            rows: l.rows,
            used: l.used(),
            duplicates: l.duplicates,
            rejected: l.rejected,
            blank_lines: l.blank,
            skipped_lines: l.skipped_total(),
            problem: l.problem.as_deref(),
        })
        .collect()
}

/// `metrics.json` for one month, pretty-printed with a trailing newline.
pub fn metrics_json(
    m: &MonthMetrics,
    joins: &JoinCounts,
    unavailable: &[Unavailable],
    ledgers: &[FileLedger],
) -> String {
    let file = MonthFile {
        metrics: m,
        joins,
        unavailable,
        inputs: input_entries(ledgers),
        rejected_rows: ledgers
            .iter()
            .flat_map(|l| {
                l.rejects.iter().map(|r| RejectEntry {
                    path: &l.rel,
                    line: r.line,
                    reason: &r.reason,
                })
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&file).expect("metrics serialize");
    s.push('\n');
    s
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(dir, "cannot create the output folder", e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.baton-tmp-{}", std::process::id()));
    let result = (|| {
        // A new file (never an existing one, nor through a link planted at the name).
        let mut f = std::fs::File::options()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, "cannot write", e)
    })
}
