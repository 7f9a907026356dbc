//! Every section 4 metric on a small hand-made company, with the answer worked out by hand.
//!
//! The fixture `tests/fixtures/handmade` (UTC):
//! - leads.csv: L1 (Jan 5, Paid Search, MQL Jan 10, SQL Jan 20), L2 (bob@beta.io, Jan 15, MQL Feb 3),
//!   L3 (Jan 31 23:30Z, Outbound), L4 (Feb 1 00:00Z, Paid Search, MQL Feb 2, SQL Feb 5),
//!   L5 (Feb 10, Referral, Acme), L1 again (a duplicate), L6 (bad date: rejected).
//! - webinar-leads.csv: X9, Bob@Beta.io, created Jan 12 (Webinar -> Events), MQL Jan 25: the same
//!   person as L2, created earlier, so X9 survives with MQL = min(Jan 25, Feb 3) = Jan 25, and L2 is
//!   counted as a duplicate in leads.csv.
//! - opportunities.csv: O1 (lead L1, created Jan 25, won Feb 20, $10,000), O2 (email of L4, lost
//!   Feb 28, 5,000), O3 (company ACME -> L1, the earliest Acme lead created before Feb 12; open,
//!   2,500), O4 (no match, own channel Outbound, won Feb 27, 1,000), O5 (nothing to join, won Mar 2,
//!   3,000: unattributed).
//! - spend.csv: Jan: Google Ads 1,000 + Email 200; Feb: Google Ads 1,500.50 + Paid Social 300.
//! - touches.csv: 4 rows; one matches no lead, one has team "support": both rejected.

use crate::common::*;
use serde_json::json;

#[test]
fn january_totals() {
    let out = build(&fixture("handmade"), &[]);
    let m = metrics(out.path(), "2025-01");
    assert_eq!(m["period"], "2025-01");
    assert_eq!(m["as_of"], "2025-01-31T23:59:59.999999999Z");
    assert_eq!(m["currency"], "USD");
    let t = &m["totals"];
    // L1, X9, L3 (Jan 31 23:30 UTC is still January in UTC).
    assert_eq!(t["leads"], 3);
    // L1 (Jan 10) and X9/L2 merged (Jan 25).
    assert_eq!(t["mqls"], 2);
    assert_eq!(t["sqls"], 1);
    assert_eq!(t["opportunities"], 1);
    assert_eq!(t["pipeline_created"], 10000.0);
    assert_eq!(t["won"], 0);
    assert_eq!(t["lost"], 0);
    assert_eq!(t["revenue_won"], 0.0);
    // Zero denominators are null, never NaN.
    assert_eq!(t["win_rate"], json!(null));
    assert_eq!(t["avg_deal_size"], json!(null));
    assert_eq!(t["sales_cycle_days_median"], json!(null));
    assert_eq!(t["cac"], json!(null));
    assert_eq!(t["marketing_sourced_share"], json!(null));
    // 1,000 + 200.
    assert_eq!(t["spend"], 1200.0);
    assert_eq!(t["cost_per_lead"], 400.0);
    assert_eq!(t["cost_per_mql"], 600.0);
    assert_eq!(t["roas"], 0.0);
    // Cohort: of 3 leads, L1 and X9 reached MQL, L1 reached SQL and an opportunity (O1, Jan 25);
    // O1 was won only in February.
    let c = &m["cohort"];
    assert_eq!(
        (
            c["leads"].clone(),
            c["reached_mql"].clone(),
            c["reached_sql"].clone()
        ),
        (json!(3), json!(2), json!(1))
    );
    assert_eq!(
        (c["reached_opportunity"].clone(), c["reached_won"].clone()),
        (json!(1), json!(0))
    );
    assert_eq!(c["mql_rate"], 0.6667);
    assert_eq!(c["sql_rate"], 0.3333);
    assert_eq!(c["won_rate"], 0.0);
}

#[test]
fn january_by_channel() {
    let out = build(&fixture("handmade"), &[]);
    let m = metrics(out.path(), "2025-01");
    let names = channel_names(&m);
    // Sorted by name; Google Ads spend is Paid Search; Webinar is Events.
    assert_eq!(names, vec!["Email", "Events", "Outbound", "Paid Search"]);
    let ps = channel(&m, "Paid Search");
    assert_eq!(
        (
            ps["leads"].clone(),
            ps["mqls"].clone(),
            ps["opportunities"].clone()
        ),
        (json!(1), json!(1), json!(1))
    );
    assert_eq!(ps["spend"], 1000.0);
    assert_eq!(ps["cost_per_lead"], 1000.0);
    let email = channel(&m, "Email");
    assert_eq!(email["leads"], 0);
    assert_eq!(email["spend"], 200.0);
    assert_eq!(email["cost_per_lead"], json!(null));
    assert_eq!(channel(&m, "Events")["mqls"], 1);
    let camp: Vec<(String, String)> = m["by_campaign"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["channel"].as_str().unwrap().into(),
                r["campaign"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        camp,
        vec![
            ("Email".into(), "Newsletter".into()),
            ("Events".into(), "Q1 Webinar".into()),
            ("Paid Search".into(), "Brand".into())
        ]
    );
}

#[test]
fn february_totals() {
    let out = build(&fixture("handmade"), &[]);
    let t = &metrics(out.path(), "2025-02")["totals"];
    // L4 (Feb 1 00:00 UTC) and L5.
    assert_eq!(t["leads"], 2);
    assert_eq!(t["mqls"], 1);
    assert_eq!(t["sqls"], 1);
    // O2, O3, O4, O5: 5,000 + 2,500 + 1,000 + 3,000.
    assert_eq!(t["opportunities"], 4);
    assert_eq!(t["pipeline_created"], 11500.0);
    // O1 (Feb 20) and O4 (Feb 27) won, O2 lost.
    assert_eq!(t["won"], 2);
    assert_eq!(t["lost"], 1);
    assert_eq!(t["revenue_won"], 11000.0);
    assert_eq!(t["win_rate"], 0.6667);
    assert_eq!(t["avg_deal_size"], 5500.0);
    // O1: Jan 25 -> Feb 20 = 26 days; O4: Feb 14 -> Feb 27 = 13 days; median 19.5.
    assert_eq!(t["sales_cycle_days_median"], 19.5);
    // 1,500.50 + 300.
    assert_eq!(t["spend"], 1800.5);
    assert_eq!(t["cost_per_lead"], 900.25);
    assert_eq!(t["cost_per_mql"], 1800.5);
    assert_eq!(t["cac"], 900.25);
    // 11,000 / 1,800.50 = 6.10941...
    assert_eq!(t["roas"], 6.1094);
    // O1 is Paid Search (marketing), O4 Outbound (not): 10,000 / 11,000.
    assert_eq!(t["marketing_sourced_share"], 0.9091);
}

#[test]
fn february_channels_follow_the_joined_lead() {
    let out = build(&fixture("handmade"), &[]);
    let m = metrics(out.path(), "2025-02");
    let ps = channel(&m, "Paid Search");
    // O2 (via L4's email) and O3 (via Acme -> L1) were created in February; O1 won; O2 lost.
    assert_eq!(ps["opportunities"], 2);
    assert_eq!(ps["pipeline_created"], 7500.0);
    assert_eq!(ps["won"], 1);
    assert_eq!(ps["lost"], 1);
    assert_eq!(ps["win_rate"], 0.5);
    assert_eq!(ps["revenue_won"], 10000.0);
    assert_eq!(ps["sales_cycle_days_median"], 26.0);
    let ob = channel(&m, "Outbound");
    assert_eq!(ob["won"], 1);
    assert_eq!(ob["revenue_won"], 1000.0);
    let un = channel(&m, "(unattributed)");
    assert_eq!(un["opportunities"], 1);
    assert_eq!(channel(&m, "Paid Social")["spend"], 300.0);
}

#[test]
fn march_unattributed_revenue_is_not_marketing_sourced() {
    let out = build(&fixture("handmade"), &[]);
    let t = &metrics(out.path(), "2025-03")["totals"];
    assert_eq!(t["leads"], 0);
    assert_eq!(t["won"], 1);
    assert_eq!(t["revenue_won"], 3000.0);
    assert_eq!(t["marketing_sourced_share"], 0.0);
    // Feb 15 -> Mar 2.
    assert_eq!(t["sales_cycle_days_median"], 15.0);
    assert_eq!(t["spend"], 0.0);
    assert_eq!(t["cost_per_lead"], json!(null));
    assert_eq!(t["cac"], 0.0);
    assert_eq!(t["roas"], json!(null));
}

#[test]
fn joins_and_ledger() {
    let out = build(&fixture("handmade"), &[]);
    let m = metrics(out.path(), "2025-02");
    assert_eq!(
        m["joins"],
        json!({"by_id": 1, "by_email": 1, "by_account": 1, "own_channel": 1, "unattributed": 1,
               "touches_matched": 2, "touches_unmatched": 1})
    );
    let leads = input(&m, "crm/leads.csv");
    assert_eq!(leads["source"], "canonical-leads");
    // 7 rows: L1 once too often is a duplicate; L2, merged into X9 of the same file by email,
    // a record sharing an email with another of its source; L6 is rejected.
    assert_eq!(
        (leads["rows"].clone(), leads["used"].clone()),
        (json!(7), json!(4))
    );
    assert_eq!(
        (
            leads["duplicates"].clone(),
            leads["same_email"].clone(),
            leads["rejected"].clone()
        ),
        (json!(1), json!(1), json!(1))
    );
    let touches = input(&m, "crm/touches.csv");
    assert_eq!(
        (
            touches["rows"].clone(),
            touches["used"].clone(),
            touches["rejected"].clone()
        ),
        (json!(4), json!(2), json!(2))
    );
    for i in m["inputs"].as_array().unwrap() {
        let n = |k: &str| i[k].as_u64().unwrap();
        assert_eq!(
            n("rows"),
            n("used") + n("duplicates") + n("same_email") + n("rejected"),
            "{i}"
        );
    }
    let rejected: Vec<String> = m["rejected_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{}:{}", r["path"].as_str().unwrap(), r["line"]))
        .collect();
    assert_eq!(
        rejected,
        vec!["crm/leads.csv:8", "crm/touches.csv:4", "crm/touches.csv:5"]
    );
}

#[test]
fn months_follow_the_time_zone() {
    // New York: L4 (Feb 1 00:00 UTC) is Jan 31 19:00 local, so January has 4 leads.
    let out = build(&fixture("handmade"), &["--tz", "America/New_York"]);
    assert_eq!(metrics(out.path(), "2025-01")["totals"]["leads"], 4);
    assert_eq!(metrics(out.path(), "2025-02")["totals"]["leads"], 1);
    assert_eq!(
        metrics(out.path(), "2025-01")["as_of"],
        "2025-01-31T23:59:59.999999999-05:00"
    );
    // Tokyo: L3 (Jan 31 23:30 UTC) is Feb 1 08:30 local.
    let out = build(&fixture("handmade"), &["--tz", "Asia/Tokyo"]);
    assert_eq!(metrics(out.path(), "2025-01")["totals"]["leads"], 2);
    assert_eq!(metrics(out.path(), "2025-02")["totals"]["leads"], 3);
}
