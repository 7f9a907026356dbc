//! The ad platforms' own conversions beside the CRM's leads (issue 25, item 8): read from Google
//! Ads' `Conversions` and Meta's `Results` of a lead type, spread over a row's range, and set
//! against the leads created in the month with the same channel and campaign. Then the real
//! Meta and Google exports of `../shared/real-exports` (opt-in).

use crate::common::*;
use serde_json::{Value, json};

/// One claims row of `platform_claims` as (platform, CRM, gap, ratio).
fn numbers(v: &Value) -> (Value, Value, Value, Value) {
    (
        v["platform_conversions"].clone(),
        v["crm_leads"].clone(),
        v["gap"].clone(),
        v["ratio"].clone(),
    )
}

/// The claims of `channel`'s `campaign` in a month's `platform_claims`.
fn campaign<'a>(claims: &'a Value, channel: &str, campaign: &str) -> &'a Value {
    let ch = claims["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["channel"] == channel)
        .unwrap_or_else(|| panic!("no channel {channel} in {claims}"));
    ch["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["campaign"] == campaign)
        .unwrap_or_else(|| panic!("no campaign {campaign} in {ch}"))
}

/// tests/fixtures/claims, worked out by hand (Google Ads and Meta Ads map to the channels Paid
/// Search and Paid Social, for the spend rows and the leads alike):
/// - google-ads-daily.csv, a daily report: Brand 2.50 on 1 October and 3.25 on the 15th
///   (October 5.75), 4.00 on 1 November and `--` (none) on the 2nd (November 4.00); Generic
///   0.00 and 1.00 (October 1.00).
/// - meta-ads.csv: Retargeting, 10 results of type Leads from 31 October to 2 November: 1,000
///   hundredths over 3 days, 334 / 333 / 333, so October 3.34 and November 6.66. Awareness's
///   144 results are link clicks: no claim, and the campaign is not listed.
/// - leads.csv: Brand created in October three times (`Brand`, ` brand `, `BRAND`: one
///   campaign), once in November; Generic once in October; Retargeting twice in October (as
///   `retargeting` too); Awareness, ABM (LinkedIn, no claims) and a Google lead without a
///   campaign are compared with nothing.
///
/// October: Brand 5.75 against 3 (gap +2.75, ratio 5.75 / 3 = 1.9167), Generic 1 against 1
/// (0, 1.0), Paid Search 6.75 against 4 (2.75, 1.6875); Retargeting 3.34 against 2 (1.34, 1.67);
/// total 10.09 against 6 (4.09, 1.6817). November: Brand 4 against 1 (3, 4.0), Retargeting 6.66
/// against 0 (6.66, no ratio), total 10.66 against 1 (9.66, 10.66).
#[test]
fn platform_conversions_stand_beside_the_crms_leads_per_campaign_and_month() {
    let input = fixture("claims");
    let out = build(&input, &[]);
    let oct = metrics(out.path(), "2026-10")["platform_claims"].clone();
    assert_eq!(oct["available"], json!(true));
    assert_eq!(
        numbers(campaign(&oct, "Paid Search", "Brand")),
        (json!(5.75), json!(3), json!(2.75), json!(1.9167))
    );
    assert_eq!(
        numbers(campaign(&oct, "Paid Search", "Generic")),
        (json!(1.0), json!(1), json!(0.0), json!(1.0))
    );
    assert_eq!(
        numbers(campaign(&oct, "Paid Social", "Retargeting")),
        (json!(3.34), json!(2), json!(1.34), json!(1.67))
    );
    let channels: Vec<&Value> = oct["channels"].as_array().unwrap().iter().collect();
    assert_eq!(channels.len(), 2, "{oct}");
    assert_eq!(
        numbers(channels[0]),
        (json!(6.75), json!(4), json!(2.75), json!(1.6875))
    );
    assert_eq!(channels[1]["campaigns"].as_array().unwrap().len(), 1);
    assert_eq!(
        numbers(&oct["total"]),
        (json!(10.09), json!(6), json!(4.09), json!(1.6817))
    );
    let nov = metrics(out.path(), "2026-11")["platform_claims"].clone();
    assert_eq!(
        numbers(campaign(&nov, "Paid Search", "Brand")),
        (json!(4.0), json!(1), json!(3.0), json!(4.0))
    );
    assert_eq!(
        numbers(campaign(&nov, "Paid Social", "Retargeting")),
        (json!(6.66), json!(0), json!(6.66), Value::Null)
    );
    assert_eq!(
        numbers(&nov["total"]),
        (json!(10.66), json!(1), json!(9.66), json!(10.66))
    );
    // The page: the section after the channels, each campaign with its figures.
    let page = std::fs::read_to_string(out.path().join("2026-10/index.html")).unwrap();
    let at = |s: &str| {
        page.find(s)
            .unwrap_or_else(|| panic!("{s:?} not on the page"))
    };
    assert!(at("id=\"h-channels\"") < at("id=\"h-claims\""));
    let claims = &page[at("id=\"h-claims\"")..];
    let claims = &claims[..claims.find("</section>").unwrap()];
    for row in [
        "<th scope=\"row\">Brand</th><td class=\"text\">Paid Search</td><td>5.75</td><td>3</td><td>+2.75</td><td>1.92×</td>",
        "<th scope=\"row\">Generic</th><td class=\"text\">Paid Search</td><td>1</td><td>1</td><td>0</td><td>1.00×</td>",
        "<th scope=\"row\">All Paid Search campaigns</th><td class=\"text\"></td><td>6.75</td><td>4</td><td>+2.75</td><td>1.69×</td>",
        "<th scope=\"row\">Retargeting</th><td class=\"text\">Paid Social</td><td>3.34</td><td>2</td><td>+1.34</td><td>1.67×</td>",
        "<th scope=\"row\">Total</th><td class=\"text\"></td><td>10.09</td><td>6</td><td>+4.09</td><td>1.68×</td>",
    ] {
        assert!(claims.contains(row), "{row} not in {claims}");
    }
    assert!(!claims.contains("Awareness"), "{claims}");
    let text = check_output(&input);
    assert_lines(
        &text,
        &[
            "note: 1 rows whose Results are of a type that is not a lead or a conversion (link clicks, reach, views) claimed no conversions",
        ],
    );
}

/// Without an ad export that carries conversions there is nothing to compare: `available` is
/// false, and the page says so in one line instead of the section.
#[test]
fn without_conversions_the_section_is_left_out_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("google.csv"),
        "Day,Campaign,Currency code,Cost,Impr.\n2026-10-01,Brand,USD,10.00,100\n",
    )
    .unwrap();
    std::fs::copy(fixture("claims/leads.csv"), dir.path().join("leads.csv")).unwrap();
    let out = build(dir.path(), &[]);
    let claims = metrics(out.path(), "2026-10")["platform_claims"].clone();
    assert_eq!(
        claims,
        json!({"available": false, "channels": [], "total": null})
    );
    let page = std::fs::read_to_string(out.path().join("2026-10/index.html")).unwrap();
    assert!(!page.contains("h-claims"));
    assert!(
        page.contains("own conversions: none of the ad exports carries them"),
        "no note"
    );
}

/// A conversions value that is not a number rejects its row, naming the column.
#[test]
fn a_conversions_value_that_is_not_a_number_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("google.csv"),
        "Day,Campaign,Currency code,Cost,Impr.,Conversions\n2026-10-01,Brand,USD,10.00,100,lots\n2026-10-02,Brand,USD,10.00,100,1.5\n",
    )
    .unwrap();
    let text = check_output(dir.path());
    assert!(
        text.contains(
            "google.csv:2: Conversions (column 6): \"lots\" is not a number of conversions"
        ),
        "{text}"
    );
}

/// Meta, January 2025 by ad, gender and age: 15 rows of result type `quoteReceived` (46 in
/// campaign LDN|02.04|…|QUOTE|ALL - WARM) and 7 of `Meta leads` (11 in LDN|09.01|…|LEADS|ALL -
/// CROWDF) claim 57 conversions, all January's (the rows run 01/01 to 31/01); the 18 rows of
/// `Link clicks` claim none. The CRM has no leads beside them.
#[test]
fn real_meta_results_of_lead_types_are_claimed() {
    let Some(dir) = real_alone("meta-ads/keith-jan-2025-ads-gender-age-ddmm.csv") else {
        return;
    };
    let out = build(dir.path(), &[]);
    let claims = metrics(out.path(), "2025-01")["platform_claims"].clone();
    assert_eq!(
        numbers(&claims["total"]),
        (json!(57.0), json!(0), json!(57.0), Value::Null)
    );
    assert_eq!(
        numbers(campaign(
            &claims,
            "Paid Social",
            "LDN|02.04|MID|RTG|QUOTE|ALL - WARM"
        )),
        (json!(46.0), json!(0), json!(46.0), Value::Null)
    );
    assert_lines(
        &check_output(dir.path()),
        &["note: 18 rows whose Results are of a type that is not a lead or a conversion"],
    );
}

/// Google Ads, 27 January to 23 February 2026 (28 days, 5 in January): Fruit-Veg-Boxes 49.00
/// conversions, 175 hundredths a day: January 8.75, February 40.25; Office Fruit 25.00, 89 a
/// day and 8 left for the first 8 days: January 5 x 90 = 4.50, February 3 x 90 + 20 x 89 =
/// 20.50.
#[test]
fn real_google_conversions_are_spread_over_the_reports_range() {
    let Some(dir) = real_alone("google-ads/fruit-campaign-report-utf8-gbp.csv") else {
        return;
    };
    let out = build(dir.path(), &[]);
    let jan = metrics(out.path(), "2026-01")["platform_claims"].clone();
    let feb = metrics(out.path(), "2026-02")["platform_claims"].clone();
    let claimed =
        |m: &Value, c: &str| campaign(m, "Paid Search", c)["platform_conversions"].clone();
    assert_eq!(
        (
            claimed(&jan, "Fruit-Veg-Boxes-Shopping-SMP"),
            claimed(&feb, "Fruit-Veg-Boxes-Shopping-SMP")
        ),
        (json!(8.75), json!(40.25))
    );
    assert_eq!(
        (
            claimed(&jan, "Office Fruit Campaign"),
            claimed(&feb, "Office Fruit Campaign")
        ),
        (json!(4.5), json!(20.5))
    );
}
