//! The benchmark's generator writes one funnel two ways: canonical files, and the exports of
//! HubSpot (contacts, deals), Google Ads and Meta Ads (examples/shared/bigdata.rs). Built by the
//! real binary, the two must give the same monthly totals and by-channel figures, every row used.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeMap;

#[path = "../examples/shared/bigdata.rs"]
mod bigdata;

/// Every month's totals and by-channel figures of a report (every number `metrics.json` gives
/// for them), by (month, channel or "total").
fn figures(out: &std::path::Path) -> BTreeMap<(String, String), Vec<Value>> {
    let mut all = BTreeMap::new();
    for entry in std::fs::read_dir(out).unwrap() {
        let month = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !month.starts_with("20") {
            continue;
        }
        let m = metrics(out, &month);
        let pick = |row: &Value| {
            baton::parts::NUMBER_KEYS
                .iter()
                .map(|f| row[*f].clone())
                .collect::<Vec<_>>()
        };
        all.insert((month.clone(), "total".to_string()), pick(&m["totals"]));
        for row in m["by_channel"].as_array().unwrap() {
            let channel = row["channel"].as_str().unwrap().to_string();
            all.insert((month.clone(), channel), pick(row));
        }
    }
    all
}

#[test]
fn vendor_exports_of_a_funnel_give_the_canonical_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (canonical, vendor) = (dir.path().join("canonical"), dir.path().join("vendor"));
    for (folder, as_vendor) in [(&canonical, false), (&vendor, true)] {
        std::fs::create_dir_all(folder).unwrap();
        bigdata::write(folder, 3_000, as_vendor).unwrap();
    }
    let mut names: Vec<String> = std::fs::read_dir(&vendor)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "google-ads.csv",
            "hubspot-contacts.csv",
            "hubspot-deals.csv",
            "meta-ads.csv",
            "spend.csv",
            "touches.csv"
        ]
    );
    let (a, b) = (build(&canonical, &[]), build(&vendor, &[]));
    let (want, got) = (figures(a.path()), figures(b.path()));
    assert!(want.len() > 36 * 9, "every month, each with its channels");
    assert_eq!(want, got);
    // Every vendor row is used: none rejected, none a duplicate, no touch or deal unmatched.
    let m = metrics(b.path(), "2025-06");
    for input in m["inputs"].as_array().unwrap() {
        assert_eq!(input["rows"], input["used"], "{input}");
        let source = input["source"].as_str().unwrap();
        let file = input["path"].as_str().unwrap();
        let expected = match file {
            "google-ads.csv" => "google-ads",
            "hubspot-contacts.csv" => "hubspot-contacts",
            "hubspot-deals.csv" => "hubspot-deals",
            "meta-ads.csv" => "meta-ads",
            "spend.csv" => "canonical-spend",
            _ => "canonical-touches",
        };
        assert_eq!(source, expected, "{file}");
    }
    // The Google Ads report's preamble and its two total rows are set aside, not read as spend.
    let google = &m["inputs"].as_array().unwrap()[0];
    assert_eq!(
        (google["path"].as_str(), google["skipped_lines"].as_u64()),
        (Some("google-ads.csv"), Some(4))
    );
    assert_eq!(m["joins"]["touches_unmatched"], 0);
    assert_eq!(m["joins"]["unattributed"], 0);
}
