//! Summary: what an engine takes from the dataset's `funnel.json` (the time zone its months are
//! in, the report currency, which stages and entities the inputs carry, the joins and the inputs'
//! ledgers), so that the pages come out as a build from the exports would make them.

use crate::analysis::metrics::Available;
use crate::base::error::{Error, Result};
use crate::engine::store::Place;
use crate::funnel::currency::ReportCurrency;
use crate::funnel::join::JoinCounts;
use crate::model::ledger::FileLedger;
use chrono_tz::Tz;
use serde::Deserialize;

/// What `funnel.json` says that the metrics and pages need.
pub(crate) struct About {
    pub tz: Tz,
    pub available: Available,
    pub joins: JoinCounts,
    pub currency: ReportCurrency,
    pub ledgers: Vec<FileLedger>,
}

/// The keys of `funnel.json` read here (it holds more, for people and other tools).
#[derive(Deserialize)]
struct FunnelFile {
    timezone: String,
    available: Available,
    joins: JoinCounts,
    report_currency: ReportCurrency,
    ledgers: Vec<FileLedger>,
}

/// Reads `DATASET/funnel.json`.
pub(crate) fn read(place: &Place) -> Result<About> {
    let text = place.read("funnel.json")?;
    let bad = |what: &str| {
        Error::Data(format!(
            "{}/funnel.json: {what}; is this a dataset `baton normalize` wrote? Write it again with `baton normalize`.",
            place.show()
        ))
    };
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|_| bad("not JSON"))?;
    if v["format"] != "baton dataset 1" {
        return Err(bad("not a baton dataset of format 1"));
    }
    let file: FunnelFile = serde_json::from_value(v).map_err(|e| bad(&format!("{e}")))?;
    let tz = file
        .timezone
        .parse::<Tz>()
        .map_err(|_| bad("no time zone"))?;
    Ok(About {
        tz,
        available: file.available,
        joins: file.joins,
        currency: file.report_currency,
        ledgers: file.ledgers,
    })
}
