//! JSON: each month's `metrics.json`, the metrics and the inputs' ledgers (docs/metrics.md,
//! "metrics.json").

use crate::analysis::metrics::{MonthMetrics, Unavailable};
use crate::funnel::join::JoinCounts;
use crate::model::ledger::FileLedger;
use serde::Serialize;

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
