//! Several currencies in one folder: the report currency chosen from every file whatever their
//! order, the other currencies converted with `[exchange_rates]` or left out with the lines to
//! add, and all of it stated on stderr, in `baton check`, on the page and in `metrics.json`.
//! Then real exports in GBP and INR together (opt-in, as the real datasets are).

use crate::common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// tests/fixtures/currency, worked out by hand. Rows with a non-zero amount, by currency:
/// - EUR 7: google-ads.csv (`Currency code` EUR) 100 + 200 + 300 + 400 = 1,000.00;
///   meta-ads.csv (`Amount spent (EUR)`) 500.00 over 1-10 October and 50.00 = 550.00; and
///   opportunities.csv's 006A5, 500 EUR, won on 2026-10-22;
/// - USD 3: opportunities.csv (`CurrencyIsoCode`, Salesforce Data Loader) 006A1 1,000 won,
///   006A2 2,000 open, 006A3 3,000 lost = 6,000 (006A4, USD with no amount, needs no rate);
/// - GBP 1: meta-ads-uk.csv (`Amount spent (GBP)`) 80.00 spread over 5-9 October.
///
/// So EUR, the currency of most rows, is the report's. Without rates, October 2026 has spend
/// 1,000 + 550 = 1,550 EUR; opportunities 006A4 (0) and 006A5 (500): pipeline 500, revenue won
/// 500; 4 rows left out: GBP 1 (£80) and USD 3 ($6,000).
const FIXTURE: &str = "currency";

const LEFT_OUT: &str = "baton: warning: 4 rows left out of the EUR report for want of exchange rates: GBP 1 row (£80), USD 3 rows ($6,000); add under [exchange_rates] in baton.toml: `GBP = <EUR per GBP>`, `USD = <EUR per USD>`";

const CHOSEN: &str =
    "most spend and revenue: EUR (7 rows), also USD (3 rows, no rate), GBP (1 row, no rate)";

/// Builds `input` with `extra` arguments; returns the report folder and stderr.
fn build_with_stderr(input: &Path, extra: &[&str]) -> (OutDir, String) {
    let out = out_dir();
    let today: &[&str] = if extra.contains(&"--today") {
        &[]
    } else {
        &["--today", "2026-11-23"]
    };
    let done = run(input, out.path(), &[today, extra].concat()).success();
    let stderr = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    (out, stderr)
}

/// The fixture copied to a temporary folder, with `config` as its baton.toml.
fn with_config(config: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    copy_dir(&fixture(FIXTURE), &input);
    std::fs::write(input.join("baton.toml"), config).unwrap();
    (dir, input)
}

fn totals(out: &Path) -> Value {
    let t = &metrics(out, "2026-10")["totals"];
    json!({
        "spend": t["spend"],
        "opportunities": t["opportunities"],
        "pipeline_created": t["pipeline_created"],
        "revenue_won": t["revenue_won"],
        "won": t["won"],
    })
}

#[test]
fn eur_spend_outweighs_usd_deals_and_the_usd_rows_are_left_out_with_the_line_to_add() {
    let (out, stderr) = build_with_stderr(&fixture(FIXTURE), &[]);
    let m = metrics(out.path(), "2026-10");
    assert_eq!(m["currency"], "EUR");
    assert_eq!(
        totals(out.path()),
        json!({"spend": 1550.0, "opportunities": 2, "pipeline_created": 500.0,
               "revenue_won": 500.0, "won": 1})
    );
    // One line for all that was left out; the files' own lines say which rows.
    assert_eq!(stderr.matches("left out").count(), 1, "{stderr}");
    assert!(stderr.lines().any(|l| l == LEFT_OUT), "{stderr}");
    assert_eq!(input(&m, "opportunities.csv")["rejected"], 3);
    assert_eq!(
        input(&m, "meta-ads-uk.csv")["rejected"],
        1,
        "a spread row once"
    );
    assert_eq!(input(&m, "meta-ads-uk.csv")["rows"], 1);
    assert_eq!(
        m["currency_choice"],
        json!({
            "basis": "most_rows",
            "statement": CHOSEN,
            "stated": [
                {"currency": "EUR", "rows": 7, "amount": 2050.0, "rate": null},
                {"currency": "USD", "rows": 3, "amount": 6000.0, "rate": null},
                {"currency": "GBP", "rows": 1, "amount": 80.0, "rate": null},
            ],
            "left_out": [
                {"currency": "GBP", "rows": 1, "amount": 80.0},
                {"currency": "USD", "rows": 3, "amount": 6000.0},
            ],
            "rates_to_add": ["GBP = <EUR per GBP>", "USD = <EUR per USD>"],
        })
    );
    let page = std::fs::read_to_string(out.path().join("2026-10/index.html")).unwrap();
    assert!(page.contains(&format!("Amounts in EUR: {CHOSEN}.")), "page");
    assert!(
        page.contains("4 rows left out of the EUR report for want of exchange rates: GBP 1 row (£80), USD 3 rows ($6,000)"),
        "page"
    );
}

#[test]
fn check_states_the_currency_and_how_it_was_chosen() {
    let done = baton()
        .args(["check", "--input"])
        .arg(fixture(FIXTURE))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&done.get_output().stdout).into_owned();
    assert!(
        stdout.contains(&format!("\nAmounts in EUR: {CHOSEN}.\n")),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    assert!(stderr.lines().any(|l| l == LEFT_OUT), "{stderr}");
}

/// With `USD = 0.9` and `GBP = "1.15"`: USD deals 900, 1,800, 2,700; GBP 80 x 1.15 = 92.
/// Spend 1,550 + 92 = 1,642; pipeline 900 + 1,800 + 2,700 + 0 + 500 = 5,900; revenue won
/// 900 (006A1) + 500 (006A5) = 1,400; nothing left out.
#[test]
fn with_rates_the_other_currencies_are_converted() {
    let (_dir, input) = with_config("[exchange_rates]\nUSD = 0.9\nGBP = \"1.15\"\n");
    let (out, stderr) = build_with_stderr(&input, &[]);
    assert_eq!(
        totals(out.path()),
        json!({"spend": 1642.0, "opportunities": 5, "pipeline_created": 5900.0,
               "revenue_won": 1400.0, "won": 2})
    );
    assert!(!stderr.contains("left out"), "{stderr}");
    let m = metrics(out.path(), "2026-10");
    assert_eq!(
        m["currency_choice"]["statement"],
        "most spend and revenue: EUR (7 rows), also USD (3 rows at 0.9 EUR per USD), GBP (1 row at 1.15 EUR per GBP)"
    );
    assert_eq!(m["currency_choice"]["stated"][1]["rate"], 0.9);
    assert_eq!(m["currency_choice"]["left_out"], json!([]));
}

/// A rate names a currency that is not the report's: with a rate for EUR only, USD is the
/// report currency although EUR has more rows. EUR 2,050 x 1.1 = 2,255 (spend 1,100 + 605 =
/// 1,705; 006A5 550); the GBP row is left out.
#[test]
fn a_currency_with_a_rate_is_not_chosen() {
    let (_dir, input) = with_config("[exchange_rates]\nEUR = 1.1\n");
    let (out, stderr) = build_with_stderr(&input, &[]);
    let m = metrics(out.path(), "2026-10");
    assert_eq!(m["currency"], "USD");
    assert_eq!(
        totals(out.path()),
        json!({"spend": 1705.0, "opportunities": 5, "pipeline_created": 6550.0,
               "revenue_won": 1550.0, "won": 2})
    );
    assert!(
        stderr.contains("1 row left out of the USD report for want of exchange rates: GBP 1 row (£80); add under [exchange_rates] in baton.toml: `GBP = <USD per GBP>`"),
        "{stderr}"
    );
}

#[test]
fn the_configured_currency_wins() {
    let (_dir, input) = with_config("currency = \"USD\"\n");
    let (out, stderr) = build_with_stderr(&input, &[]);
    let m = metrics(out.path(), "2026-10");
    assert_eq!(m["currency"], "USD");
    assert_eq!(m["currency_choice"]["basis"], "configured");
    assert_eq!(
        m["currency_choice"]["statement"],
        "configured; the files also state EUR (7 rows, no rate), GBP (1 row, no rate)"
    );
    assert_eq!(
        totals(out.path()),
        json!({"spend": 0.0, "opportunities": 4, "pipeline_created": 6000.0,
               "revenue_won": 1000.0, "won": 1})
    );
    assert!(
        stderr.contains("baton: warning: 8 rows left out of the USD report for want of exchange rates: EUR 7 rows (€2,050), GBP 1 row (£80); add under [exchange_rates] in baton.toml: `EUR = <USD per EUR>`, `GBP = <USD per GBP>`"),
        "{stderr}"
    );
}

/// The same files under names that read the deals first: the same currency and figures (only
/// the file names in `inputs` and `rejected_rows` differ), and the same line on stderr.
#[test]
fn the_order_of_the_files_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for (from, to) in [
        ("opportunities.csv", "1-opportunities.csv"),
        ("meta-ads-uk.csv", "2-meta-ads-uk.csv"),
        ("meta-ads.csv", "3-meta-ads.csv"),
        ("google-ads.csv", "4-google-ads.csv"),
    ] {
        std::fs::copy(fixture(FIXTURE).join(from), input.join(to)).unwrap();
    }
    let (a, a_err) = build_with_stderr(&fixture(FIXTURE), &[]);
    let (b, b_err) = build_with_stderr(&input, &[]);
    let without_files = |out: &Path| {
        let mut m = metrics(out, "2026-10");
        let o = m.as_object_mut().unwrap();
        o.remove("inputs");
        o.remove("rejected_rows");
        serde_json::to_string_pretty(&m).unwrap()
    };
    assert_eq!(without_files(a.path()), without_files(b.path()));
    let left = |s: &str| {
        s.lines()
            .find(|l| l.contains("left out"))
            .map(str::to_string)
    };
    assert_eq!(left(&a_err), left(&b_err));
    assert_eq!(left(&b_err).as_deref(), Some(LEFT_OUT));
}

/// Real exports: a Google Ads campaign report in GBP (`Currency code`, 2 rows over a range) and
/// one in INR, and a Meta daily ad-set export in INR (`Amount spent (INR)`). INR, on most rows,
/// is the report's; the two GBP rows, each spread over 28 days, are left out once each, in
/// either file order.
#[test]
fn real_gbp_and_inr_exports_report_in_inr_whatever_the_order() {
    let Some(real) = real_exports() else { return };
    let files = [
        "google-ads/fruit-campaign-report-utf8-gbp.csv",
        "google-ads/vishal-campaign-report-inr.csv",
        "meta-ads/bluetea-adsets-daily-inr.csv",
    ];
    let mut seen = Vec::new();
    for names in [["a", "b", "c"], ["c", "b", "a"]] {
        let dir = tempfile::tempdir().unwrap();
        for (file, name) in files.iter().zip(names) {
            std::fs::copy(real.join(file), dir.path().join(format!("{name}.csv"))).unwrap();
        }
        let (out, stderr) = build_with_stderr(dir.path(), &["--today", "2026-03-01"]);
        let m = metrics(out.path(), "2026-01");
        assert_eq!(m["currency"], "INR");
        assert_eq!(m["currency_choice"]["left_out"][0]["currency"], "GBP");
        assert_eq!(m["currency_choice"]["left_out"][0]["rows"], 2);
        let line = stderr
            .lines()
            .find(|l| l.contains("left out"))
            .unwrap_or_else(|| panic!("{stderr}"))
            .to_string();
        assert!(
            line.starts_with("baton: warning: 2 rows left out of the INR report"),
            "{line}"
        );
        seen.push((m["currency_choice"].clone(), line));
    }
    assert_eq!(seen[0], seen[1]);
}
