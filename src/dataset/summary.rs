//! Summary: `funnel.json`, what the tables cannot say row by row and every `metrics.json` says
//! of the whole data (time zone, currency, joins, what is off, the inputs' ledgers), and what `build --engine`
//! needs to make the pages from the dataset alone.

use crate::analysis::metrics::Available;
use crate::config::Config;
use crate::funnel::currency::ReportCurrency;
use crate::funnel::join::Funnel;
use crate::model::ledger::FileLedger;
use crate::report::json::WholeData;
use serde::Serialize;

/// The file's fields, in order.
#[derive(Serialize)]
struct FunnelFile<'a> {
    format: &'static str,
    timezone: &'a str,
    currency: String,
    /// Which stages and entities the inputs carry (the numbers that are off are null).
    available: Available,
    #[serde(flatten)]
    whole: WholeData<'a>,
    /// What `build --engine` needs to make the pages as a build from the exports would: the
    /// report currency whole and every input file's ledger whole.
    report_currency: &'a ReportCurrency,
    ledgers: &'a [FileLedger],
}

/// `funnel.json`, pretty-printed with a trailing newline.
pub(crate) fn compose_summary(f: &Funnel, config: &Config) -> String {
    let available = Available::of(f);
    let unavailable = available.explain();
    let file = FunnelFile {
        format: "baton dataset 1",
        timezone: config.tz.name(),
        currency: f.currency.code.to_string(),
        available,
        whole: WholeData::of(&f.joins, &unavailable, &f.currency, &f.ledgers),
        report_currency: &f.currency,
        ledgers: &f.ledgers,
    };
    let mut s = serde_json::to_string_pretty(&file).expect("the summary serializes");
    s.push('\n');
    s
}
