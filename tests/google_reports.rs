//! Google Ads UI reports at every level (ad groups, ads, keywords, search terms, campaigns), by
//! day or over the range the report states: `Cost` read (never `Avg. cost`, `Avg. CPC`, `Cost /
//! conv.` or `Cost (Converted currency)` unless configured), segment rows summed, every `Total`
//! row left out and counted. Fixtures in tests/fixtures/google-reports, each worked out by hand.

use crate::common::*;
use serde_json::{Value, json};

/// google-reports/ad-group-by-day: an ad group report segmented by Day and Device (EUR), so a
/// campaign has several rows a day, each counted:
/// - Brand: 30 March Computers 10.00 + Mobile phones 5.00 = 15.00; 31 March Computers 20.00 +
///   Tablets `--` (0) = 20.00; March 35.00;
/// - Generic: 1 April Computers 7.50 + Tablets blank (0) = 7.50; 2 April `"1,000.00"`; April
///   1,007.50.
///
/// `Avg. CPC`, `Avg. cost` and `Cost / conv.` are not read. The six `Total` rows (two with the
/// day and device before `Total: Account`, one with the device before `Total: Ad groups`, then
/// `Total: Ad groups`, `Total: Account`, `Total: Search`) are left out: 1,042.50 in all.
#[test]
fn an_ad_group_report_by_day_sums_its_device_rows() {
    let input = fixture("google-reports/ad-group-by-day");
    let out = build(&input, &[]);
    let (march, april) = (
        metrics(out.path(), "2026-03"),
        metrics(out.path(), "2026-04"),
    );
    assert_eq!(march["currency"], json!("EUR"));
    assert_eq!(march["totals"]["spend"], json!(35.0));
    assert_eq!(april["totals"]["spend"], json!(1007.5));
    assert_eq!(campaign_spend(&march, "Brand"), json!(35.0));
    assert_eq!(campaign_spend(&april, "Generic"), json!(1007.5));
    assert_eq!(channel(&april, "Paid Search")["spend"], json!(1007.5));
    let text = check_output(&input);
    assert_lines(
        &text,
        &[
            "ad-group-report.csv: google-ads-ad-groups (spend)",
            "rows 7: 7 used, 0 duplicates, 0 rejected; dates 2026-03-30 to 2026-04-02",
            "skipped: 6 report total rows",
            "columns not used: Device, Ad group status, Ad group, Avg. CPC, Avg. cost, Cost / conv.",
            "note: an ad group report's rows hold only its ad groups' spend",
        ],
    );
    assert!(!text.contains("every row covers"), "{text}");
}

/// google-reports/keywords-range: a keyword report with no Campaign and no Day column, over
/// "March 28, 2026 - April 6, 2026": 10 days, 4 in March (28 to 31) and 6 in April. Its rows
/// are the account's (channel Google Ads, Paid Search; no campaign): the keyword `total` 10.00
/// (a keyword, not a total row: a match type follows it), `running shoes` 1,000.00, `[shoe
/// store]` `--` (0): 1,010.00, 101.00 a day. March 4 x 101 = 404.00, April 6 x 101 = 606.00.
/// The five `Total: ...` rows (the first after a `--` status) are left out, `Total: Account`'s
/// 2,500.00 with them.
#[test]
fn a_keyword_report_without_campaigns_is_the_accounts_spread_over_its_range() {
    let input = fixture("google-reports/keywords-range");
    let out = build(&input, &[]);
    let (march, april) = (
        metrics(out.path(), "2026-03"),
        metrics(out.path(), "2026-04"),
    );
    assert_eq!(march["totals"]["spend"], json!(404.0));
    assert_eq!(april["totals"]["spend"], json!(606.0));
    assert_eq!(channel(&april, "Paid Search")["spend"], json!(606.0));
    assert_eq!(april["by_campaign"], json!([]));
    let text = check_output(&input);
    assert_lines(
        &text,
        &[
            "search-keyword-report.csv: google-ads-keywords (spend)",
            "rows 3: 3 used, 0 duplicates, 0 rejected; dates 2026-03-28 to 2026-04-06",
            "note: every row covers 2026-03-28 to 2026-04-06, the report's date range before its header",
            "skipped: 5 report total rows",
            "note: 3 rows over a range of days were spread evenly over their days",
            "note: a keyword report's rows hold only its keywords' spend",
        ],
    );
}

/// google-reports/search-terms: a search terms report for April 2026 (GBP) with `Cost
/// (Converted currency)` (EUR) beside `Cost`. `Cost` is read: `running total` 5.00 + `shoes
/// near me` 30.00 (both Search - Shoes) + `free shoes` 0.00 (Brand) = GBP 35.00, all April's;
/// the converted 40.60 is not, nor `Total: Other search terms` (12.00) or `Total: Account`
/// (47.00), which are among the four total rows left out.
#[test]
fn a_search_terms_report_reads_cost_not_the_converted_cost() {
    let input = fixture("google-reports/search-terms");
    let out = build(&input, &[]);
    let april = metrics(out.path(), "2026-04");
    assert_eq!(april["currency"], json!("GBP"));
    assert_eq!(april["totals"]["spend"], json!(35.0));
    assert_eq!(campaign_spend(&april, "Search - Shoes"), json!(35.0));
    let text = check_output(&input);
    assert_lines(
        &text,
        &[
            "search-terms-report.csv: google-ads-search-terms (spend)",
            "rows 3: 3 used, 0 duplicates, 0 rejected; dates 2026-04-01 to 2026-04-30",
            "skipped: 4 report total rows",
            "note: a search terms report's rows hold only the terms Google shows: the spend of \"Other search terms\"",
            "Cost (Converted currency)",
        ],
    );
}

/// The same report with the converted column chosen in baton.toml (docs/sources.md): `cost` is
/// `Cost (Converted currency)` and `currency` `Converted currency code`, so April is EUR 5.80 +
/// 34.80 + 0.00 = 40.60.
#[test]
fn the_converted_cost_is_read_when_configured() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        fixture("google-reports/search-terms/search-terms-report.csv"),
        input.join("search-terms-report.csv"),
    )
    .unwrap();
    std::fs::write(
        input.join("baton.toml"),
        "[[source]]\nprofile = \"google-ads-search-terms\"\n\
         columns = { cost = \"Cost (Converted currency)\", currency = \"Converted currency code\" }\n",
    )
    .unwrap();
    let out = build(&input, &[]);
    let april = metrics(out.path(), "2026-04");
    assert_eq!(april["currency"], json!("EUR"));
    assert_eq!(april["totals"]["spend"], json!(40.6));
    assert_lines(
        &check_output(&input),
        &["search-terms-report.csv: google-ads-search-terms+config (spend)"],
    );
}

/// google-reports/adwords-ad-report: an old AdWords ad report (UTF-16LE, tab-separated, no
/// currency column: USD by default) whose range is in its title line, "Ad report (Oct 25,
/// 2016-Nov 3, 2016)": 10 days, 7 in October (25 to 31) and 3 in November. Brand 10.00 is 1.00
/// a day: October 7.00, November 3.00; Generic `"1,000.00"` + 0.00 is 100.00 a day: October
/// 700.00, November 300.00. October 707.00, November 303.00. `Total - filtered`, `Total - all
/// experiments` and `Total` are left out.
#[test]
fn an_adwords_title_line_gives_the_range() {
    let input = fixture("google-reports/adwords-ad-report");
    let out = build(&input, &[]);
    let (oct, nov) = (
        metrics(out.path(), "2016-10"),
        metrics(out.path(), "2016-11"),
    );
    assert_eq!(oct["totals"]["spend"], json!(707.0));
    assert_eq!(nov["totals"]["spend"], json!(303.0));
    assert_eq!(campaign_spend(&oct, "Brand"), json!(7.0));
    assert_eq!(campaign_spend(&nov, "Generic"), json!(300.0));
    let text = check_output(&input);
    assert_lines(
        &text,
        &[
            "ad-report.csv: google-ads-ads (spend)",
            "rows 3: 3 used, 0 duplicates, 0 rejected; dates 2016-10-25 to 2016-11-03",
            "note: read as UTF-16LE text",
            "note: every row covers 2016-10-25 to 2016-11-03, the report's date range before its header",
            "skipped: 1 preamble line before the header",
            "skipped: 3 report total rows",
        ],
    );
}

/// google-reports/totals: a campaign report by Day and Network (USD). Brand 1 May 10.00 (Google
/// search) + 2.00 (Search partners), 2 May 10.00 + `--` (Display Network); `Total Gym`, a
/// campaign, 3.00 on 2 May: May 25.00. Nine total rows are left out and counted: `Total:
/// Account` after a day, `Total: Campaigns` after a day and network, `Total: Campaigns`,
/// `Total: Account`, `Total: Search`, `Total - Search`, `Total – filtered` (an en dash), `Total
/// - all experiments` and a bare `Total`.
#[test]
fn every_total_row_variant_is_left_out_and_counted() {
    let input = fixture("google-reports/totals");
    let out = build(&input, &[]);
    let may = metrics(out.path(), "2026-05");
    assert_eq!(may["totals"]["spend"], json!(25.0));
    assert_eq!(campaign_spend(&may, "Brand"), json!(22.0));
    assert_eq!(campaign_spend(&may, "Total Gym"), json!(3.0));
    let text = check_output(&input);
    assert_lines(
        &text,
        &[
            "campaign-report.csv: google-ads (spend)",
            "rows 5: 5 used, 0 duplicates, 0 rejected; dates 2026-05-01 to 2026-05-02",
            "skipped: 9 report total rows",
        ],
    );
}

/// An ad group report without a Campaign column: its rows are the account's, under channel
/// Google Ads (Paid Search), no campaign. 31.00 over May's 31 days: all May's.
#[test]
fn an_ad_group_report_without_campaigns_is_still_google_ads_spend() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ad-groups.csv"),
        "Ad group report\n\"May 1, 2026 - May 31, 2026\"\n\
         Ad group status,Ad group,Currency code,Impr.,Cost\n\
         Enabled,Core,USD,10,31.00\n\
         Total: Account,,USD,10,31.00\n",
    )
    .unwrap();
    let out = build(dir.path(), &[]);
    let may = metrics(out.path(), "2026-05");
    assert_eq!(channel(&may, "Paid Search")["spend"], json!(31.0));
    assert_eq!(may["by_campaign"], json!([]));
    assert_lines(
        &check_output(dir.path()),
        &[
            "ad-groups.csv: google-ads-ad-groups (spend)",
            "rows 1: 1 used",
            "skipped: 1 report total row",
        ],
    );
}

/// The real ad group report (`All time`, UTF-16LE, `Currency code` twice): known as one, its 8
/// rows refused with the export to make, its 4 `Total:` rows apart.
#[test]
fn real_all_time_ad_group_report_is_recognised_and_explained() {
    let Some(dir) = real_alone("google-ads/vida-adgroup-report-alltime-utf16.csv") else {
        return;
    };
    assert_lines(
        &check_output(dir.path()),
        &[
            "google-ads-ad-groups (spend)",
            "rows 8: 0 used, 0 duplicates, 8 rejected",
            "problem: the report covers \"All time\"",
            "skipped: 4 report total rows",
        ],
    );
}

/// The spend of the `by_campaign` row named `campaign`.
fn campaign_spend(m: &Value, campaign: &str) -> Value {
    m["by_campaign"]
        .as_array()
        .expect("by_campaign")
        .iter()
        .find(|c| c["campaign"] == json!(campaign))
        .unwrap_or_else(|| panic!("no campaign {campaign:?} in {}", m["by_campaign"]))["spend"]
        .clone()
}
