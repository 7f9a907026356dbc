//! Vendor exports as they come: each built-in profile on a file made from its documented header,
//! and the usual mixed stack (HubSpot + Salesforce + three ad platforms + a budget sheet) joined
//! into one funnel.

use crate::common::*;
use serde_json::json;

/// tests/fixtures/mixed-stack, March 2025 (UTC). Worked out by hand:
/// - leads: HubSpot 101 (Paid Search, MQL Mar 5, SQL Mar 10), 102 (Email, MQL Mar 14), 103
///   (Organic Search); Salesforce 00Q1 is 101's person (same email, created later: merged, a
///   duplicate), 00Q2 (Trade Show -> Events, MQL from the custom "MQL Date" field), 00Q3
///   (Purchased List -> Outbound). 5 leads, 3 MQLs, 1 SQL.
/// - deals: 0061 won $54,805 (00Q1's converted opportunity -> the merged lead, Paid Search kept
///   from HubSpot), 0062 lost $12,000 (account Delta -> 00Q2, Events), 0063 open $30,000 (no
///   lead: its own Lead Source, Partner Referral -> Partner).
/// - spend: Google Ads 1,204.50 + -- (0) + 95.50 = 1,300 (Paid Search); LinkedIn 250 + 300.25 and
///   Meta (EUR at 1.10) 1,234.56 + 100 -> 1,468.016 = 2,018.266 (Paid Social); budget sheet 2,500
///   (Events). Total 5,818.266.
#[test]
fn mixed_stack_joins_into_one_funnel() {
    let out = build(&fixture("mixed-stack"), &[]);
    let m = metrics(out.path(), "2025-03");
    let t = &m["totals"];
    assert_eq!(
        (t["leads"].clone(), t["mqls"].clone(), t["sqls"].clone()),
        (json!(5), json!(3), json!(1))
    );
    assert_eq!(
        (t["opportunities"].clone(), t["pipeline_created"].clone()),
        (json!(3), json!(96805.0))
    );
    assert_eq!(
        (
            t["won"].clone(),
            t["lost"].clone(),
            t["revenue_won"].clone()
        ),
        (json!(1), json!(1), json!(54805.0))
    );
    assert_eq!(t["spend"], 5818.27);
    assert_eq!(t["sales_cycle_days_median"], 16.0);
    assert_eq!(t["marketing_sourced_share"], 1.0);
    assert_eq!(
        channel_names(&m),
        vec![
            "Email",
            "Events",
            "Organic Search",
            "Outbound",
            "Paid Search",
            "Paid Social",
            "Partner"
        ]
    );
    let ps = channel(&m, "Paid Search");
    assert_eq!(
        (
            ps["leads"].clone(),
            ps["won"].clone(),
            ps["revenue_won"].clone(),
            ps["spend"].clone()
        ),
        (json!(1), json!(1), json!(54805.0), json!(1300.0))
    );
    assert_eq!(channel(&m, "Paid Social")["spend"], 2018.27);
    let ev = channel(&m, "Events");
    assert_eq!(
        (
            ev["leads"].clone(),
            ev["mqls"].clone(),
            ev["lost"].clone(),
            ev["spend"].clone()
        ),
        (json!(1), json!(1), json!(1), json!(2500.0))
    );
    assert_eq!(channel(&m, "Partner")["opportunities"], 1);
    assert_eq!(m["joins"]["by_id"], 1);
    assert_eq!(m["joins"]["by_account"], 1);
    assert_eq!(m["joins"]["own_channel"], 1);
    let sources: Vec<(&str, &str, u64, u64)> = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap(),
                i["source"].as_str().unwrap(),
                i["rows"].as_u64().unwrap(),
                i["skipped_lines"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        sources,
        vec![
            ("ads/google-ads.csv", "google-ads", 3, 4),
            ("ads/linkedin-campaigns.csv", "linkedin-ads", 2, 4),
            ("ads/meta-fr.csv", "meta-ads-fr", 2, 0),
            ("budget/events-budget.csv", "events-budget", 1, 0),
            (
                "hubspot/contacts-all-properties.csv",
                "hubspot-contacts",
                3,
                0
            ),
            (
                "salesforce/leads-report.csv",
                "salesforce-report-leads+config",
                3,
                5
            ),
            (
                "salesforce/opportunities-report.csv",
                "salesforce-report-opportunities",
                3,
                5
            ),
        ]
    );
    let sf = input(&m, "salesforce/leads-report.csv");
    assert_eq!(
        (
            sf["used"].clone(),
            sf["duplicates"].clone(),
            sf["rejected"].clone()
        ),
        (json!(2), json!(1), json!(0))
    );
}

/// tests/fixtures/vendors, April 2025: one file per remaining built-in profile.
#[test]
fn every_vendor_profile_reads_its_export() {
    let out = build(&fixture("vendors"), &[]);
    let m = metrics(out.path(), "2025-04");
    let source = |p: &str| input(&m, p)["source"].as_str().unwrap().to_string();
    assert_eq!(
        source("hubspot-contacts-default-view.csv"),
        "hubspot-contacts"
    );
    assert_eq!(source("hubspot-deals.csv"), "hubspot-deals");
    assert_eq!(
        source("salesforce-dataloader-leads.csv"),
        "salesforce-dataloader-leads"
    );
    assert_eq!(
        source("salesforce-dataloader-opportunities.csv"),
        "salesforce-dataloader-opportunities"
    );
    assert_eq!(source("meta-ads-en.csv"), "meta-ads");
    assert_eq!(source("pipedrive-deals.csv"), "pipedrive-deals");
    assert_eq!(source("mailchimp-subscribed.csv"), "mailchimp-audience");
    assert_eq!(source("google-ads-utf16.csv"), "google-ads");
    assert_eq!(source("excel-leads-1252.csv"), "canonical-leads");
    for i in m["inputs"].as_array().unwrap() {
        assert_eq!(i["problem"], json!(null), "{i}");
    }
    let t = &m["totals"];
    // HubSpot 201, 202; Data Loader 2; the Excel sheet's 2 (13/04 makes the column day-first,
    // so 02/04/2025 is April 2 too); the Mailchimp subscriber whom no other file has (opted in
    // on April 1).
    assert_eq!(t["leads"], 7);
    // No lead file here has MQL or SQL dates: those metrics are off, not zero.
    assert_eq!(t["mqls"], json!(null));
    assert!(
        m["unavailable"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["metric"].as_str().unwrap().starts_with("mqls"))
    );
    // Won: HubSpot 7001 (4,200, via contact 201), Data Loader 9,000 (via the lead's converted id),
    // Pipedrive 31 (2,500, its won time). Lost: HubSpot 7003 (a "Closed Lost" label), Pipedrive 32.
    assert_eq!(
        (
            t["won"].clone(),
            t["lost"].clone(),
            t["revenue_won"].clone()
        ),
        (json!(3), json!(2), json!(15700.0))
    );
    // Open: 7002 (qualifiedtobuy), Pipedrive 33. Pipeline: 4,200+1,500+800+9,000+2,500+700+300.
    assert_eq!(
        (t["opportunities"].clone(), t["pipeline_created"].clone()),
        (json!(7), json!(19000.0))
    );
    // Google Ads (UTF-16, tab-separated, total row skipped) 1,010; Meta 120.40 + 99.60.
    assert_eq!(t["spend"], 1230.0);
    assert_eq!(channel(&m, "Paid Search")["spend"], 1010.0);
    assert_eq!(channel(&m, "Paid Social")["spend"], 220.0);
    assert_eq!(channel(&m, "Partner")["revenue_won"], 9000.0);
    // Mailchimp: one subscriber is a known contact, a touch on it; the other a lead of its own.
    assert_eq!(m["joins"]["touches_matched"], 1);
    assert_eq!(m["joins"]["touches_unmatched"], 0);
    assert_eq!(channel(&m, "Email")["leads"], 1);
    let page = std::fs::read_to_string(out.path().join("2025-04/index.html")).unwrap();
    assert!(page.contains("read as Windows-1252 text"));
    assert!(page.contains("created_at read day-first (its values say so)"));
    assert!(page.contains("read as UTF-16LE text"));
    // The Excel sheet's own channel value is kept as written.
    assert_eq!(channel(&m, "Salon")["leads"], 2);
}
