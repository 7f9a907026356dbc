//! Acceptance on the public datasets in `../shared/realdata` (read each SOURCE.md there).
//! Opt-in: these run when BATON_SHARED names the shared folder, as `.ci/run` does when it exists;
//! without it each test says so and passes. The expected numbers are counted here straight from
//! the CSV files, independently of baton.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    match std::env::var_os("BATON_SHARED") {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            eprintln!("skipped: set BATON_SHARED to the shared/ folder to run the real-data tests");
            None
        }
    }
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
        .join("baton.toml")
        .display()
        .to_string()
}

/// Rows of a CSV as maps from header to value.
fn rows(path: &Path, delimiter: u8) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_path(path)
        .unwrap();
    let header: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn olist_counts_match_the_files() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("realdata/olist-marketing-funnel");
    let out = build(&dir, &["--config", &example("olist")]);
    let mut leads: BTreeMap<String, u64> = BTreeMap::new();
    for r in rows(
        &dir.join("olist_marketing_qualified_leads_dataset.csv"),
        b',',
    ) {
        *leads
            .entry(r["first_contact_date"][..7].to_string())
            .or_default() += 1;
    }
    let mut won: BTreeMap<String, u64> = BTreeMap::new();
    for r in rows(&dir.join("olist_closed_deals_dataset.csv"), b',') {
        *won.entry(r["won_date"][..7].to_string()).or_default() += 1;
    }
    assert_eq!(leads.values().sum::<u64>(), 8000);
    assert_eq!(won.values().sum::<u64>(), 842);
    for month in months_of(out.path()) {
        let m = metrics(out.path(), &month);
        let t = &m["totals"];
        let expect_leads = leads.get(&month).copied().unwrap_or(0);
        assert_eq!(t["leads"].as_u64(), Some(expect_leads), "{month} leads");
        assert_eq!(
            t["mqls"].as_u64(),
            Some(expect_leads),
            "{month}: every Olist lead is an MQL"
        );
        assert_eq!(
            t["won"].as_u64(),
            Some(won.get(&month).copied().unwrap_or(0)),
            "{month} won"
        );
        assert_eq!(m["joins"]["by_id"], 842, "every closed deal names its MQL");
        for i in m["inputs"].as_array().unwrap() {
            assert_eq!(i["rejected"], 0, "{i}");
            assert_eq!(i["duplicates"], 0, "{i}");
        }
    }
}

#[test]
fn olist_european_resave_gives_the_same_report() {
    let Some(shared) = shared() else { return };
    let a = build(
        &shared.join("realdata/olist-marketing-funnel"),
        &["--config", &example("olist")],
    );
    let b = build(
        &shared.join("realdata/olist-marketing-funnel-excel-eu"),
        &["--config", &example("olist")],
    );
    let months = months_of(a.path());
    assert_eq!(months, months_of(b.path()));
    assert_eq!(months.len(), 18);
    for month in &months {
        let (x, y): (Value, Value) = (metrics(a.path(), month), metrics(b.path(), month));
        assert_eq!(x["totals"], y["totals"], "{month}");
        assert_eq!(x["cohort"], y["cohort"], "{month}");
        // The re-save turned 60 empty origins into "Direct Traffic" (see its SOURCE.md check in
        // docs/real-data.md); every other channel is identical.
        let other = |m: &Value| -> Vec<Value> {
            m["by_channel"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["channel"] != "(none)" && r["channel"] != "Direct")
                .cloned()
                .collect()
        };
        assert_eq!(other(&x), other(&y), "{month}");
    }
    let sellers = input(&metrics(b.path(), "2018-01"), "olist_sellers_dataset.csv").clone();
    assert_eq!(sellers["source"], "ignored");
}

#[test]
fn maven_pipeline_counts_match_the_file() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("realdata/maven-crm-sales-opportunities");
    let out = build(&dir, &["--config", &example("maven-crm")]);
    let mut created: BTreeMap<String, u64> = BTreeMap::new();
    let mut won: BTreeMap<String, (u64, i64)> = BTreeMap::new();
    let mut lost: BTreeMap<String, u64> = BTreeMap::new();
    let mut prospecting = 0;
    for r in rows(&dir.join("sales_pipeline.csv"), b',') {
        if r["engage_date"].is_empty() {
            prospecting += 1;
            continue;
        }
        *created
            .entry(r["engage_date"][..7].to_string())
            .or_default() += 1;
        match r["deal_stage"].as_str() {
            "Won" => {
                let e = won.entry(r["close_date"][..7].to_string()).or_default();
                e.0 += 1;
                e.1 += r["close_value"].parse::<i64>().unwrap();
            }
            "Lost" => *lost.entry(r["close_date"][..7].to_string()).or_default() += 1,
            _ => {}
        }
    }
    assert_eq!(prospecting, 500);
    for month in months_of(out.path()) {
        let m = metrics(out.path(), &month);
        let t = &m["totals"];
        assert_eq!(
            t["opportunities"].as_u64(),
            Some(created.get(&month).copied().unwrap_or(0)),
            "{month}"
        );
        let (w, revenue) = won.get(&month).copied().unwrap_or((0, 0));
        assert_eq!(t["won"].as_u64(), Some(w), "{month}");
        assert_eq!(t["revenue_won"].as_f64(), Some(revenue as f64), "{month}");
        assert_eq!(
            t["lost"].as_u64(),
            Some(lost.get(&month).copied().unwrap_or(0)),
            "{month}"
        );
        let p = input(&m, "sales_pipeline.csv");
        assert_eq!(
            (p["rows"].as_u64(), p["rejected"].as_u64()),
            (Some(8800), Some(500))
        );
    }
}
