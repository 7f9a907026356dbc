//! Canonical: `baton normalize`, the pipeline up to the joined funnel, written as the canonical
//! dataset (docs/dataset.md).

use crate::base::error::{Error, Result};
use crate::dataset;
use crate::model::ledger;
use chrono::NaiveDate;
use std::path::PathBuf;

/// Everything `baton normalize` is told.
#[derive(Clone, Debug)]
pub struct NormalizeOptions {
    pub input: PathBuf,
    /// The dataset folder (`--out`, which the command requires: asked for only once the binary
    /// is known to have the `parquet` feature, so that one without it says that first).
    pub out: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub tz: Option<String>,
    /// "Today", for counting rows dated after it apart. `None`: the clock.
    pub today: Option<NaiveDate>,
}

/// What a run wrote, for the summary on stderr.
#[derive(Debug)]
pub struct NormalizeOutcome {
    pub ledgers: Vec<ledger::FileLedger>,
    pub warnings: Vec<String>,
    /// Each table's name and rows.
    pub tables: Vec<(&'static str, u64)>,
    pub files: u64,
    pub bytes: u64,
}

/// Reads, joins and writes the dataset; exit code 2 at once in a binary built without the
/// `parquet` feature.
pub fn normalize(opts: &NormalizeOptions) -> Result<NormalizeOutcome> {
    if !dataset::SUPPORTED {
        return Err(dataset::unsupported());
    }
    let Some(out) = &opts.out else {
        return Err(Error::Usage(
            "normalize: name the dataset folder to write with --out DATASET".into(),
        ));
    };
    run(opts, out)
}

#[cfg(not(feature = "parquet"))]
fn run(_: &NormalizeOptions, _: &std::path::Path) -> Result<NormalizeOutcome> {
    Err(dataset::unsupported())
}

#[cfg(feature = "parquet")]
fn run(opts: &NormalizeOptions, out: &std::path::Path) -> Result<NormalizeOutcome> {
    use crate::app::{load, load_config, today};
    let (config, profiles) = load_config(opts.config.as_deref(), &opts.input, opts.tz.as_deref())?;
    // --out is checked before anything is read.
    let target = dataset::target::Target::open(out, &opts.input)?;
    let today = opts.today.unwrap_or_else(|| today(config.tz));
    let keyed = config.pseudonym_key.is_some();
    let (funnel, mut warnings) = load(&opts.input, &config, &profiles, Some(out), today)?;
    let source = dataset::tables::Source {
        funnel: &funnel,
        config: &config,
        keyed,
    };
    let written = dataset::output::write(source, target)?;
    warnings.extend(written.warnings);
    Ok(NormalizeOutcome {
        ledgers: funnel.ledgers,
        warnings,
        tables: written.tables,
        files: written.files,
        bytes: written.bytes,
    })
}
