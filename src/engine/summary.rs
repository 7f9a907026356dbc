//! Summary: what an engine takes from the dataset's `funnel.json` (the time zone its months are
//! in, the report currency, which stages and entities the inputs carry).

use crate::analysis::metrics::Available;
use crate::base::error::{Error, Result};
use chrono_tz::Tz;
use std::path::Path;

/// What `funnel.json` says that the metrics need.
pub(crate) struct About {
    pub tz: Tz,
    pub currency: String,
    pub available: Available,
    /// What every month's `metrics.json` says of the whole data, as `funnel.json` holds it:
    /// `joins`, `unavailable`, `inputs`, `rejected_rows`, `currency_choice`.
    pub whole: serde_json::Map<String, serde_json::Value>,
}

/// The keys of `About::whole`, in the order `metrics.json` has them.
const WHOLE: [&str; 5] = [
    "joins",
    "unavailable",
    "inputs",
    "rejected_rows",
    "currency_choice",
];

/// Reads `DATASET/funnel.json`.
pub(crate) fn read(dataset: &Path) -> Result<About> {
    let path = dataset.join("funnel.json");
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, "read", e))?;
    let bad = |what: &str| {
        Error::Data(format!(
            "{}: {what}; is this a dataset `baton normalize` wrote? Write it again with `baton normalize`.",
            crate::base::excerpt::path(&path)
        ))
    };
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|_| bad("not JSON"))?;
    if v["format"] != "baton dataset 1" {
        return Err(bad("not a baton dataset of format 1"));
    }
    let tz = v["timezone"]
        .as_str()
        .and_then(|z| z.parse::<Tz>().ok())
        .ok_or_else(|| bad("no time zone"))?;
    let currency = v["currency"]
        .as_str()
        .ok_or_else(|| bad("no currency"))?
        .to_string();
    let available =
        serde_json::from_value(v["available"].clone()).map_err(|_| bad("no `available`"))?;
    let mut whole = serde_json::Map::new();
    for key in WHOLE {
        let v = v.get(key).ok_or_else(|| bad(&format!("no `{key}`")))?;
        whole.insert(key.to_string(), v.clone());
    }
    Ok(About {
        tz,
        currency,
        available,
        whole,
    })
}
