//! End to end on `sample-data/`: the real binary, its metrics.json and its HTML.

use crate::common::{self, *};
use serde_json::Value;
use std::path::Path;

fn sample() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

#[test]
fn every_month_is_written_with_the_spec_shape() {
    let out = build(&sample(), &[]);
    let ms = months_of(out.path());
    assert_eq!(ms.first().map(String::as_str), Some("2025-01"));
    assert_eq!(ms.last().map(String::as_str), Some("2026-10"));
    assert_eq!(ms.len(), 22, "{ms:?}");
    for month in &ms {
        let m = metrics(out.path(), month);
        assert_eq!(m["period"], month.as_str());
        assert!(
            m["as_of"].as_str().unwrap().starts_with(month.as_str())
                || m["as_of"].as_str().unwrap() > month.as_str()
        );
        assert_eq!(m["currency"], "USD");
        for key in [
            "leads",
            "mqls",
            "sqls",
            "opportunities",
            "pipeline_created",
            "won",
            "lost",
            "revenue_won",
            "win_rate",
            "spend",
        ] {
            assert!(m["totals"].get(key).is_some(), "{month}: totals.{key}");
        }
        for row in m["by_channel"].as_array().unwrap() {
            for key in [
                "channel",
                "leads",
                "mqls",
                "sqls",
                "opportunities",
                "won",
                "revenue_won",
                "spend",
            ] {
                assert!(row.get(key).is_some(), "{month}: by_channel.{key}");
            }
        }
        let names = channel_names(&m);
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "{month}: by_channel sorted by name");
        for i in m["inputs"].as_array().unwrap() {
            for key in ["path", "source", "rows", "used", "duplicates", "rejected"] {
                assert!(i.get(key).is_some(), "{month}: inputs.{key}");
            }
        }
    }
}

/// Channel rows add up to the totals: counts exactly, money to the cent.
#[test]
fn channels_add_up_to_the_totals() {
    let out = build(&sample(), &[]);
    for month in months_of(out.path()) {
        let m = metrics(out.path(), &month);
        for key in ["leads", "mqls", "sqls", "opportunities", "won", "lost"] {
            let sum: u64 = m["by_channel"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r[key].as_u64().unwrap())
                .sum();
            assert_eq!(sum, m["totals"][key].as_u64().unwrap(), "{month} {key}");
        }
        for key in ["pipeline_created", "revenue_won", "spend"] {
            let sum: f64 = m["by_channel"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r[key].as_f64().unwrap())
                .sum();
            assert!(
                (sum - m["totals"][key].as_f64().unwrap()).abs()
                    < 0.005 * m["by_channel"].as_array().unwrap().len() as f64,
                "{month} {key}"
            );
        }
    }
}

#[test]
fn every_row_is_accounted_for() {
    let out = build(&sample(), &[]);
    let m = metrics(out.path(), "2026-10");
    let inputs = m["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 12);
    let mut total_rows = 0;
    for i in inputs {
        let n = |k: &str| i[k].as_u64().unwrap();
        assert_eq!(
            n("rows"),
            n("used") + n("duplicates") + n("same_email") + n("rejected"),
            "{i}"
        );
        assert_eq!(i["problem"], serde_json::Value::Null, "{i}");
        // Every non-empty line is the header, a row, or a counted preamble/footer/total line.
        let path = sample().join(i["path"].as_str().unwrap());
        let bytes = std::fs::read(&path).unwrap();
        let text = if bytes.starts_with(&[0xFF, 0xFE]) {
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        } else {
            String::from_utf8(bytes).unwrap()
        };
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count() as u64;
        assert_eq!(
            lines,
            1 + n("rows") + n("skipped_lines") + n("blank_lines"),
            "{}",
            i["path"]
        );
        total_rows += n("rows");
    }
    // The generator plants 6 bad rows; the page shows the same numbers as metrics.json.
    let rejected: u64 = inputs.iter().map(|i| i["rejected"].as_u64().unwrap()).sum();
    assert_eq!(rejected, 6);
    assert_eq!(m["rejected_rows"].as_array().unwrap().len(), 6);
    let html = std::fs::read_to_string(out.path().join("2026-10/index.html")).unwrap();
    assert!(html.contains("Data quality"));
    assert!(
        html.contains("hubspot/contacts-all-properties.csv:3730: Create Date (column 8): cannot read &quot;31/02/2025 10:00&quot; as a date"),
        "rejects are listed with file:line"
    );
    let total = baton::parts::count(total_rows);
    assert!(
        html.contains(&format!("<td>{total}</td>")),
        "total rows {total} on the page"
    );
}

#[test]
fn pages_link_together() {
    let out = build(&sample(), &[]);
    let index = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    let first = index
        .find("2026-10/index.html")
        .expect("newest month linked");
    let later = index
        .find("2025-01/index.html")
        .expect("oldest month linked");
    assert!(first < later, "newest first");
    let page = std::fs::read_to_string(out.path().join("2026-01/index.html")).unwrap();
    assert!(page.contains("href=\"../2025-12/index.html\""));
    assert!(page.contains("href=\"../2026-02/index.html\""));
    assert!(page.contains("<h1>January 2026</h1>"));
    assert!(page.contains("Northwind Analytics"));
    for section in [
        "Summary",
        "The last 13 months",
        "The funnel this month",
        "By channel",
        "how far they got",
        "Data quality",
    ] {
        assert!(page.contains(section), "{section}");
    }
    // The headline tiles compare with the previous month.
    assert!(page.contains("Changes are against December 2025;"));
    let m: Value = metrics(out.path(), "2026-01");
    let leads = m["totals"]["leads"].as_u64().unwrap();
    assert!(page.contains(&format!(
        "<span class=\"kpi-value\">{}</span>",
        baton::parts::count(leads)
    )));
}

#[test]
fn month_last_picks_the_last_complete_month() {
    let out = build(&sample(), &["--month", "last", "--today", "2026-11-01"]);
    assert_eq!(months_of(out.path()), vec!["2026-10"]);
    assert!(out.path().join("index.html").is_file());
    // latest/ holds the newest complete month, byte for byte, with its data files.
    for f in ["index.html", "metrics.json", "channels.csv", "owners.csv"] {
        assert_eq!(
            std::fs::read(out.path().join("latest").join(f)).unwrap(),
            std::fs::read(out.path().join("2026-10").join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn identical_runs_give_identical_bytes() {
    // Into two report folders, which share a pseudonym key only when the config sets one.
    let config = common::keyed_config(&sample());
    let a = build(&sample(), &["--config", config.arg()]);
    let b = build(&sample(), &["--config", config.arg()]);
    let files = |root: &Path| {
        let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(root).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let (fa, fb) = (files(a.path()), files(b.path()));
    // The index, per month a page, metrics.json and four CSV files, and latest/ (October).
    assert_eq!(fa.len(), 1 + 22 * 6 + 6);
    assert!(fa == fb, "outputs differ");
}

/// The summary sentence and the headline tile show the same change for revenue won: October 2026
/// (109,350 -> 179,500, +64.15%) once read 64.1% in the sentence and 64.2% on the tile.
#[test]
fn summary_and_tiles_agree_on_the_change() {
    let out = build(&sample(), &["--month", "2026-10"]);
    let page = std::fs::read_to_string(out.path().join("2026-10/index.html")).unwrap();
    assert!(page.contains("up 64.2% on September."), "summary");
    assert!(page.contains("▲ +64.2%</span>"), "tile");
    assert!(!page.contains("64.1%"));
}

/// The sample's touches carry campaigns across channels, so the five attribution models credit
/// channels differently, as they do in life (October 2026: first touch gives most to Paid Search,
/// whose ads open journeys, last touch to Events, whose webinars and trade show close them), and
/// the "on top under every model" list is in rank order: by the revenue credited under the five
/// models together.
#[test]
fn attribution_models_differ_and_the_top_is_ranked() {
    let out = build(&sample(), &[]);
    let shares = |m: &Value, model: &str| -> Vec<(String, f64)> {
        let rows = m["attribution"][model].as_array().unwrap();
        let total: f64 = rows.iter().map(|r| r["revenue"].as_f64().unwrap()).sum();
        rows.iter()
            .map(|r| {
                let s = r["revenue"].as_f64().unwrap() / total;
                (r["channel"].as_str().unwrap().to_string(), s)
            })
            .collect()
    };
    let top = |m: &Value, model: &str| {
        shares(m, model)
            .into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap()
            .0
    };
    let oct = metrics(out.path(), "2026-10");
    assert_eq!(top(&oct, "first_touch"), "Paid Search");
    assert_eq!(top(&oct, "last_touch"), "Events");
    let models = [
        "first_touch",
        "last_touch",
        "linear",
        "u_shaped",
        "w_shaped",
    ];
    let mut ranked_lists = 0;
    for month in months_of(out.path()) {
        let m = metrics(out.path(), &month);
        if m["totals"]["revenue_won"].as_f64().unwrap_or(0.0) == 0.0 {
            continue; // January 2025: nothing won, nothing to credit.
        }
        // Some pair of models credits some channel a share at least 5 points apart.
        let apart = models.iter().any(|a| {
            models.iter().any(|b| {
                shares(&m, a).iter().any(|(ch, s)| {
                    let other = shares(&m, b)
                        .into_iter()
                        .find(|(c, _)| c == ch)
                        .map_or(0.0, |x| x.1);
                    (s - other).abs() >= 0.05
                })
            })
        });
        assert!(apart, "{month}: the models agree");
        let list: Vec<&str> = m["attribution_consistent_top"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let credit = |ch: &str| -> f64 {
            models
                .iter()
                .flat_map(|model| m["attribution"][model].as_array().unwrap())
                .filter(|r| r["channel"] == ch)
                .map(|r| r["revenue"].as_f64().unwrap())
                .sum()
        };
        for pair in list.windows(2) {
            assert!(credit(pair[0]) >= credit(pair[1]), "{month}: {list:?}");
        }
        if list.len() > 1 {
            ranked_lists += 1;
        }
        let page = std::fs::read_to_string(out.path().join(&month).join("index.html")).unwrap();
        if !list.is_empty() {
            assert!(
                page.contains(&format!(
                    "On top under every model, in rank order: <strong>{}</strong>",
                    list.join(", ")
                )),
                "{month}"
            );
        }
    }
    assert!(
        ranked_lists >= 3,
        "too few months rank more than one channel"
    );
}
