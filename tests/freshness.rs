//! Freshness by source: one export that stops while the others run on is named, with
//! `--max-age` (exit 1, report untouched) and without (a warning on stderr and on the page); rows
//! dated in the future are counted and do not make a stale source look fresh.

use crate::common::*;
use predicates::prelude::*;
use std::fs;

/// The sample data with September and October 2026 taken out of the Google Ads export.
fn google_ads_stopped_in_august() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, input) = sample_copy();
    let path = input.join("ads/google-ads-2026.csv");
    let text = fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text
        .split('\n')
        .filter(|l| !l.starts_with("2026-09") && !l.starts_with("2026-10"))
        .collect();
    assert!(
        kept.len() < text.split('\n').count() - 100,
        "rows taken out"
    );
    fs::write(&path, kept.join("\n")).unwrap();
    (dir, input)
}

#[test]
fn max_age_names_the_one_stale_source_and_leaves_the_report() {
    let (_dir, input) = google_ads_stopped_in_august();
    let out = out_dir();
    run(
        &input,
        out.path(),
        &["--today", "2026-11-23", "--max-age", "40"],
    )
    .code(1)
    .stderr(
        predicate::str::contains(
            "google-ads (spend: ads/google-ads-2025.csv, ads/google-ads-2026.csv): the newest row is from 2026-08-31, 84 days before 2026-11-23",
        )
        .and(predicate::str::contains("--max-age 40"))
        // The sources that are fresh are not named.
        .and(predicate::str::contains("hubspot").not()),
    );
    assert!(!out.path().join("index.html").exists(), "no report written");
    // The whole sample is fresh enough.
    run(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data"),
        out.path(),
        &["--today", "2026-11-23", "--max-age", "40"],
    )
    .success();
}

#[test]
fn a_default_build_warns_of_a_source_far_behind_the_others() {
    let (_dir, input) = google_ads_stopped_in_august();
    let out = out_dir();
    let said = "google-ads (spend: ads/google-ads-2025.csv, ads/google-ads-2026.csv) is behind: its newest row is from 2026-08-31, 61 days before the newest of the other sources (2026-10-31)";
    run(&input, out.path(), &["--today", "2026-11-23"])
        .success()
        .stderr(predicate::str::contains(format!("baton: warning: {said}")));
    let page = fs::read_to_string(out.path().join("2026-10/index.html")).unwrap();
    let quality = &page[page.find("id=\"h-quality\"").unwrap()..];
    assert!(quality.contains(said), "the data-quality section names it");
    // `check` says so too.
    baton()
        .args(["check", "--input"])
        .arg(&input)
        .assert()
        .success()
        .stderr(predicate::str::contains(said));
    // The sample as it is has no source behind.
    let whole = build(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data"),
        &[],
    );
    let page = fs::read_to_string(whole.path().join("2026-10/index.html")).unwrap();
    assert!(!page.contains("is behind"));
}

#[test]
fn rows_dated_after_today_are_counted_and_do_not_count_as_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    copy_dir(&fixture("handmade"), &input);
    let spend = input.join("ads/spend.csv");
    let mut text = fs::read_to_string(&spend).unwrap();
    text.push_str("2030-01-01,Google Ads,Brand,10\n");
    fs::write(&spend, text).unwrap();
    let out = out_dir();
    // The spend's newest row before today is still 2025-02-15: stale at 33 days.
    run(
        &input,
        out.path(),
        &["--today", "2025-03-20", "--max-age", "60"],
    )
    .success()
    .stderr(predicate::str::contains(
        "baton: warning: 1 row dated after 2025-03-20 in ads/spend.csv",
    ));
    let page = fs::read_to_string(out.path().join("2025-02/index.html")).unwrap();
    assert!(page.contains("1 row dated after 2025-03-20 in ads/spend.csv"));
    run(
        &input,
        out.path(),
        &["--today", "2025-03-20", "--max-age", "30"],
    )
    .code(1)
    .stderr(predicate::str::contains(
        "canonical-spend (spend: ads/spend.csv): the newest row is from 2025-02-15, 33 days before 2025-03-20",
    ));
    baton()
        .args(["check", "--input"])
        .arg(&input)
        .env("SOURCE_DATE_EPOCH", "1742428800") // 2025-03-20
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "dates 2025-01-03 to 2025-02-15\n  note: 1 row dated after today",
        ));
}
