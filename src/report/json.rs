//! JSON: each month's `metrics.json`, the metrics and the inputs' ledgers (docs/metrics.md,
//! "metrics.json").

use crate::analysis::metrics::{Metrics, MonthMetrics, Unavailable};
use crate::funnel::currency::{ReportCurrency, Tally};
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
    /// Rows merged into another record of their source with the same email (another id).
    pub same_email: u64,
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
    currency_choice: CurrencyChoice,
}

/// How the report currency was chosen, and what other currencies came to (docs/metrics.md,
/// "Currency").
#[derive(Serialize)]
struct CurrencyChoice {
    /// `configured`, `most_rows` or `none_stated`.
    basis: &'static str,
    /// The same, in words: `most spend and revenue: EUR (12 rows), also USD (3 rows, no rate)`.
    statement: String,
    /// Every currency the rows state: rows with an amount, the amount in that currency, and the
    /// rate converting it (`null` for the report currency or when none is configured).
    stated: Vec<CurrencyRows>,
    /// The rows left out for want of a rate, with their amount in their own currency.
    left_out: Vec<CurrencyRows>,
    /// The line to add under `[exchange_rates]` for each currency left out.
    rates_to_add: Vec<String>,
}

#[derive(Serialize)]
struct CurrencyRows {
    currency: String,
    rows: u64,
    amount: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    rate: Option<Option<f64>>,
}

impl CurrencyChoice {
    fn of(c: &ReportCurrency) -> CurrencyChoice {
        let rows = |t: &Tally, rate: Option<Option<f64>>| CurrencyRows {
            currency: t.currency.to_string(),
            rows: t.rows,
            amount: t.amount.to_cents_f64(),
            rate,
        };
        let rate = |t: &Tally| {
            (t.currency != c.code)
                .then(|| c.rates.get(&t.currency))
                .flatten()
                .map(|r| r.0 as f64 / crate::base::money::Rate::SCALE as f64)
        };
        CurrencyChoice {
            basis: c.basis.name(),
            statement: c.how(),
            stated: c.stated.iter().map(|t| rows(t, Some(rate(t)))).collect(),
            left_out: c.left_out.iter().map(|t| rows(t, None)).collect(),
            rates_to_add: c.rates_to_add().collect(),
        }
    }
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
            same_email: l.same_email,
            rejected: l.rejected,
            blank_lines: l.blank,
            skipped_lines: l.skipped_total(),
            problem: l.problem.as_deref(),
        })
        .collect()
}

/// The `rejected_rows` entries: every file's first rejected rows.
fn reject_entries(ledgers: &[FileLedger]) -> Vec<RejectEntry<'_>> {
    ledgers
        .iter()
        .flat_map(|l| {
            l.rejects.iter().map(|r| RejectEntry {
                path: &l.rel,
                line: r.line,
                reason: &r.reason,
            })
        })
        .collect()
}

/// `metrics.json` for one month, pretty-printed with a trailing newline.
pub fn metrics_json(m: &MonthMetrics, all: &Metrics, ledgers: &[FileLedger]) -> String {
    let file = MonthFile {
        metrics: m,
        joins: &all.joins,
        unavailable: &all.unavailable,
        currency_choice: CurrencyChoice::of(&all.currency),
        inputs: input_entries(ledgers),
        rejected_rows: reject_entries(ledgers),
    };
    let mut s = serde_json::to_string_pretty(&file).expect("metrics serialize");
    s.push('\n');
    s
}

/// What every month's `metrics.json` says of the whole data rather than of its month: the
/// join counts, what is off, how the currency was chosen, the inputs' ledgers and rejected
/// rows; for `baton normalize`'s `funnel.json` (docs/dataset.md).
#[cfg(feature = "parquet")]
#[derive(Serialize)]
pub struct WholeData<'a> {
    pub joins: &'a JoinCounts,
    pub unavailable: &'a [Unavailable],
    currency_choice: CurrencyChoice,
    inputs: Vec<InputEntry<'a>>,
    rejected_rows: Vec<RejectEntry<'a>>,
}

#[cfg(feature = "parquet")]
impl<'a> WholeData<'a> {
    pub fn of(
        joins: &'a JoinCounts,
        unavailable: &'a [Unavailable],
        currency: &ReportCurrency,
        ledgers: &'a [FileLedger],
    ) -> WholeData<'a> {
        WholeData {
            joins,
            unavailable,
            currency_choice: CurrencyChoice::of(currency),
            inputs: input_entries(ledgers),
            rejected_rows: reject_entries(ledgers),
        }
    }
}
