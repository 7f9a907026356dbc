//! Ad reports over a range of days, as Meta exports them: a row's spend spread evenly over its
//! days, the account's unnamed total row left out, and the day-first order read from the file's
//! end dates when its start dates fit both orders. Then the real Meta exports of
//! `../shared/real-exports` (opt-in, as the real datasets are).

use crate::common::*;
use serde_json::{Value, json};

/// tests/fixtures/meta-ranges (GBP), worked out by hand:
/// - line 2, blank names, 1,000.00 from 01/01 to 31/03: the account total, skipped;
/// - Ad 1: 310.00 over January's 31 days: all in January;
/// - Ad 2: 100.00 from 01/02/2025 to 28/02/2025: February. Its start fits both orders; the end
///   dates (31/01, 28/02, 31/03) are day-first, so the starts are too;
/// - Ad 3: 590.00 over the 90 days of the quarter = 5,900,000 ten-thousandths: 65,555 a day and
///   50 left, one more on each of the first 50 days. January 31 x 65,556 = 203.2236, February
///   19 x 65,556 + 9 x 65,555 = 183.5559, March 31 x 65,555 = 203.2205.
///
/// So January 513.2236 (513.22), February 283.5559 (283.56), March 203.2205 (203.22): 1,000.00
/// in all, the account total, which is not counted again.
#[test]
fn range_rows_are_spread_over_their_days_and_the_account_total_is_left_out() {
    let input = fixture("meta-ranges");
    let out = build(&input, &[]);
    let spend = |month: &str| metrics(out.path(), month)["totals"]["spend"].clone();
    assert_eq!(
        (spend("2025-01"), spend("2025-02"), spend("2025-03")),
        (json!(513.22), json!(283.56), json!(203.22))
    );
    let text = check_output(&input);
    assert_lines(
        &text,
        &[
            "rows 3: 3 used, 0 duplicates, 0 rejected; dates 2025-01-01 to 2025-03-31",
            "skipped: 1 report total row",
            "note: date read day-first (the file's other dates say so)",
            "note: 3 rows over a range of days were spread evenly over their days",
        ],
    );
}

/// A range that ends before it starts is refused, with the row's line.
#[test]
fn a_range_that_ends_before_it_starts_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("meta.csv"),
        "Campaign name,Amount spent (USD),Reporting starts,Reporting ends\n\
         A,10.00,2025-03-05,2025-03-01\nA,5.00,2025-03-02,2025-03-02\n",
    )
    .unwrap();
    let text = check_output(dir.path());
    assert!(
        text.contains("meta.csv:2: Reporting ends (column 4) is before Reporting starts (column 3); the range ends before it starts"),
        "{text}"
    );
}

/// A week's report whose range fits both orders (06/04/2025 .. 12/04/2025): the ad set's
/// schedule beside it (`Ends` 30/04/2025), a column no field reads, says day-first, so the week
/// is 6 to 12 April and its 70.00 all April's (month-first would spread it from June to December).
#[test]
fn a_range_report_takes_its_order_from_its_other_date_columns() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("meta-week.csv"),
        "Campaign name,Amount spent (GBP),Starts,Ends,Reporting starts,Reporting ends\n\
         A,70.00,09/05/2024,30/04/2025,06/04/2025,12/04/2025\n",
    )
    .unwrap();
    let out = build(dir.path(), &[]);
    assert_eq!(
        metrics(out.path(), "2025-04")["totals"]["spend"],
        json!(70.0)
    );
    assert!(!out.path().join("2025-06").exists(), "nothing in June");
}

/// tests/fixtures/google-ads-range: a Google Ads campaign report with no date column, its range
/// ("March 27, 2026 - April 23, 2026": 28 days, 5 in March) on the line before the header.
/// Brand 280.00 is 10.00 a day: March 50.00, April 230.00; Generic 28.00 is 1.00 a day: March
/// 5.00, April 23.00. The two `Total:` rows are left out. March 55.00, April 253.00.
#[test]
fn a_google_ads_report_over_a_range_is_spread_over_its_days() {
    let input = fixture("google-ads-range");
    let out = build(&input, &[]);
    let spend = |month: &str| metrics(out.path(), month)["totals"]["spend"].clone();
    assert_eq!(
        (spend("2026-03"), spend("2026-04")),
        (json!(55.0), json!(253.0))
    );
    let text = check_output(&input);
    assert_lines(
        &text,
        &[
            "campaign-report.csv: google-ads-report (spend)",
            "rows 2: 2 used, 0 duplicates, 0 rejected; dates 2026-03-27 to 2026-04-23",
            "note: every row covers 2026-03-27 to 2026-04-23, the report's date range before its header",
            "skipped: 2 report total rows",
        ],
    );
}

/// A report over "All time" cannot be put into months: its rows are refused, with the export to
/// make instead, and its total row is counted apart.
#[test]
fn an_all_time_report_is_refused_with_the_export_to_make_instead() {
    let text = check_output(&fixture("google-ads-all-time"));
    assert_lines(
        &text,
        &[
            "rows 2: 0 used, 0 duplicates, 2 rejected",
            "problem: the report covers \"All time\", so which months its spend fell in is unknown; download it for a date range, best segmented by day (Segment > Time > Day) so that each row is one day's",
            "skipped: 1 report total row",
        ],
    );
    assert!(!text.contains("more rejected rows"), "{text}");
}

/// A Microsoft Advertising campaign report of totals, with no date and no range (as
/// `bing_09.csv` was saved): its rows are refused with the export to make instead, and its
/// "Search total" rows counted apart.
#[test]
fn a_microsoft_ads_report_without_dates_is_refused_with_the_export_to_make_instead() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bing.csv"),
        "Campaign ID,Status,Campaign,Budget,Spend,Clicks,Impr.\n\
         [1],Enabled,Search - Brand,15,484.12,361,28435\n\
         [2],Enabled,Search - Generic,10,3.12,28,79\n\
         Search total,-,-,-,487.25,389,28514\n",
    )
    .unwrap();
    let text = check_output(dir.path());
    assert_lines(
        &text,
        &[
            "bing.csv: microsoft-ads-report (spend)",
            "rows 2: 0 used, 0 duplicates, 2 rejected",
            "problem: the report has no date column and states no date range before its header, so which months its spend fell in is unknown; download it for a date range, best segmented by day (a Time period column, by day) so that each row is one day's",
            "skipped: 1 report total row",
        ],
    );
}

/// One real export alone in a folder, built; its months' spend.
fn spend_by_month(file: &str) -> Vec<(String, Value)> {
    let dir = real_alone(file).expect("checked by the caller");
    let out = build(dir.path(), &[]);
    let mut months: Vec<(String, Value)> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.len() == 7 && n.starts_with("20"))
        .map(|m| {
            let s = metrics(out.path(), &m)["totals"]["spend"].clone();
            (m, s)
        })
        .collect();
    months.sort_by(|a, b| a.0.cmp(&b.0));
    months
}

/// Meta, February 2025 by ad, gender and age, dates day-first: every row runs 01/02/2025 to
/// 28/02/2025, so its GBP 779.98 (the column's sum) is all February's.
#[test]
fn real_meta_month_report_is_all_in_its_month() {
    if real_exports().is_none() {
        return;
    }
    let months = spend_by_month("meta-ads/keith-feb-2025-ads-gender-age-ddmm.csv");
    assert_eq!(months, vec![("2025-02".to_string(), json!(779.98))]);
}

/// Meta, one week by ad (41 rows, 06/04/2025 to 12/04/2025, both fitting either order): the
/// ad sets' `Ends` dates (30/04/2025) make it day-first, so its GBP 231.34 (the column's sum) is
/// all April's.
#[test]
fn real_meta_week_report_reads_its_order_from_the_ad_set_dates() {
    if real_exports().is_none() {
        return;
    }
    let months = spend_by_month("meta-ads/keith-2025-w15-ads-ddmm.csv");
    assert_eq!(months, vec![("2025-04".to_string(), json!(231.34))]);
}

/// Google Ads campaign reports with their range before the header: GBP 1,164.10 (the two
/// campaigns' Cost, summed by hand) over 27 January to 23 February 2026, 5 of its 28 days in
/// January; INR 2,565.93 over 8 to 31 July 2025. The `Total:` rows are left out.
#[test]
fn real_google_ads_range_reports_are_spread_over_their_days() {
    if real_exports().is_none() {
        return;
    }
    let months = spend_by_month("google-ads/fruit-campaign-report-utf8-gbp.csv");
    assert_eq!(
        months,
        vec![
            ("2026-01".to_string(), json!(207.88)),
            ("2026-02".to_string(), json!(956.22))
        ]
    );
    let months = spend_by_month("google-ads/vishal-campaign-report-inr.csv");
    assert_eq!(months, vec![("2025-07".to_string(), json!(2565.93))]);
}

/// The real Microsoft Advertising export (campaign totals of a September, no dates anywhere):
/// recognised, its 2 campaign rows refused with the export to make, its 3 "... total" rows apart.
#[test]
fn real_microsoft_ads_totals_report_is_recognised_and_explained() {
    let Some(root) = real_exports() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let name = "jitterbit-bing-campaigns-sep.csv";
    std::fs::copy(root.join("microsoft-ads").join(name), dir.path().join(name)).unwrap();
    let text = check_output(dir.path());
    assert_lines(
        &text,
        &[
            "microsoft-ads-report (spend)",
            "rows 2: 0 used, 0 duplicates, 2 rejected",
            "skipped: 3 report total rows",
        ],
    );
}

/// Meta, the year 2024 by ad: its first row is the account total (GBP 141,158.75, no names),
/// left out; the ad rows run 2024-01-01 to 2024-12-31 and are spread over the year's 366 days,
/// so every month has spend, 31-day months more than 30-day ones, and the months add up to the
/// 674 ad rows with an amount: GBP 137,392.04 (summed with Python's `decimal`; the account total
/// is not added again, and the months' rounding to cents moves the sum by at most 6 pence).
#[test]
fn real_meta_year_report_is_spread_over_the_year_without_its_total_row() {
    if real_exports().is_none() {
        return;
    }
    let months = spend_by_month("meta-ads/keith-lingerie-ads-2024-gbp.csv");
    let names: Vec<&str> = months.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(names.len(), 12, "{names:?}");
    assert!(names.iter().all(|m| m.starts_with("2024-")), "{names:?}");
    let spend: Vec<f64> = months.iter().map(|(_, s)| s.as_f64().unwrap()).collect();
    let total: f64 = spend.iter().sum();
    assert!((total - 137_392.04).abs() < 0.065, "{total}");
    // A day's share is the same all year: January (31 days) / April (30 days) = 31 / 30.
    let ratio = spend[0] / spend[3];
    assert!((ratio - 31.0 / 30.0).abs() < 1e-4, "{ratio}");
}

/// A Meta row that showed an ad for nothing leaves `Amount spent` blank: with impressions, it is
/// spending 0 (used, and said); with nothing at all, it is rejected.
#[test]
fn a_blank_spend_with_impressions_is_nothing_spent() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("meta.csv"),
        "Campaign name,Amount spent (GBP),Impressions,Reporting starts,Reporting ends\n\
         A,10.00,100,2025-03-01,2025-03-01\nA,,5,2025-03-02,2025-03-02\nA,,,2025-03-03,2025-03-03\n",
    )
    .unwrap();
    let text = check_output(dir.path());
    assert_lines(
        &text,
        &[
            "rows 3: 2 used, 0 duplicates, 1 rejected",
            "note: 1 row with impressions or clicks and a blank spend was counted as spending 0",
            "meta.csv:4: Amount spent (GBP) (column 2) is empty",
        ],
    );
    let out = build(dir.path(), &[]);
    assert_eq!(
        metrics(out.path(), "2025-03")["totals"]["spend"],
        json!(10.0)
    );
}

/// Microsoft Advertising's report downloads state their range on a `Report Time:` line before
/// the header: a campaign's 300.00 over 9/1/2023 - 9/30/2023 (30 days, 10.00 a day) is all
/// September's. Segmented by day (`Time period`), each row is its day's: 5.00 on 8/31/2023 is
/// August's, 7.00 on 9/1/2023 September's.
#[test]
fn microsoft_reports_take_their_range_or_their_days() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bing.csv"),
        "\"Report Name: Campaigns\"\n\"Report Time: 9/1/2023 - 9/30/2023\"\n\
         \"Time Zone: (GMT-03:00) Brasilia\"\n\n\
         Campaign ID,Status,Campaign,Budget,Spend,Impr.,Clicks\n\
         [436534626],Enabled,Search,15,300.00,28435,361\n",
    )
    .unwrap();
    let out = build(dir.path(), &[]);
    assert_eq!(
        metrics(out.path(), "2023-09")["totals"]["spend"],
        json!(300.0)
    );
    let daily = tempfile::tempdir().unwrap();
    std::fs::write(
        daily.path().join("bing-daily.csv"),
        "Time period,Campaign ID,Campaign,Spend,Impr.,Clicks\n\
         8/31/2023,[1],Search,5.00,10,1\n9/1/2023,[1],Search,7.00,12,2\n",
    )
    .unwrap();
    let out = build(daily.path(), &[]);
    let spend = |m: &str| metrics(out.path(), m)["totals"]["spend"].clone();
    assert_eq!(
        (spend("2023-08"), spend("2023-09")),
        (json!(5.0), json!(7.0))
    );
}
