//! CRM reports as their authors save them: no record ids, no emails, a stage date instead of a
//! creation date (Salesforce and Marketo report exports), and Zoho CRM's Leads, Potentials and
//! Campaigns; deal exports without any date are refused with the columns to add.

use crate::common::*;
use serde_json::{Value, json};
use std::path::Path;

fn totals(out: &Path, month: &str, keys: &[&str]) -> Vec<Value> {
    let m = metrics(out, month);
    keys.iter().map(|k| m["totals"][*k].clone()).collect()
}

/// tests/fixtures/crm-reports: four Salesforce reports with `;` delimiters and no ids, worked
/// out by hand:
/// - Leads.csv: created Jan 5, Jan 20 and Feb 3 2023: 2 January leads, 1 February lead;
/// - MQLs.csv: Marketing Qualified Date Jan 25 and Feb 10: one MQL in each month, leads of
///   unknown creation, so no month's new leads;
/// - Pipeline_Opportunities.csv: reached pipeline Jan 24 (50,000) and Feb 2 (34,000): one
///   opportunity a month;
/// - Closed_Won_Bookings.csv: 27,001 won Feb 15, created when the report does not say: February's
///   revenue, no month's new opportunity, and no sales cycle.
#[test]
fn reports_without_ids_count_each_row_in_the_month_of_its_date() {
    let input = fixture("crm-reports");
    let out = build(&input, &[]);
    let keys = [
        "leads",
        "mqls",
        "opportunities",
        "pipeline_created",
        "won",
        "revenue_won",
    ];
    assert_eq!(
        totals(out.path(), "2023-01", &keys),
        [
            json!(2),
            json!(1),
            json!(1),
            json!(50000.0),
            json!(0),
            json!(0.0)
        ]
    );
    assert_eq!(
        totals(out.path(), "2023-02", &keys),
        [
            json!(1),
            json!(1),
            json!(1),
            json!(34000.0),
            json!(1),
            json!(27001.0)
        ]
    );
    let feb = metrics(out.path(), "2023-02");
    assert_eq!(feb["totals"]["sales_cycle_days_median"], Value::Null);
    assert_eq!(channel(&feb, "Content")["leads"], json!(1));
    let text = check_output(&input);
    assert_lines(
        &text,
        &[
            "Leads.csv: report-leads (lead)",
            "MQLs.csv: report-leads (lead)",
            "Pipeline_Opportunities.csv: report-opportunities (opportunity)",
            "Closed_Won_Bookings.csv: report-opportunities (opportunity)",
            "note: 2 leads without a creation date (the export has none) count in the months of their stages, not among new leads",
            "note: 3 rows without an id, an email, or a name and company were each counted as a lead of their own",
            "note: 1 deal without a creation date (the export has none) counts at its close only",
        ],
    );
}

/// tests/fixtures/zoho, worked out by hand: April 2021 has both leads (Apr 15, Apr 16), both
/// potentials (created Apr 20 and 21: 22,700 + 5,000 = 27,700 of pipeline), the Acme deal won
/// Apr 28 (22,700, 8 days after its creation) and joined to lead 1 by LEADID, so it is
/// Referral's (Employee Referral); the campaign's $2,000.00 spread over its 20 days, Apr 21 to
/// May 10: 1,000 in April and 1,000 in May (Conference -> Events).
#[test]
fn zoho_leads_potentials_and_campaigns_join_into_one_funnel() {
    let input = fixture("zoho");
    let out = build(&input, &[]);
    let keys = [
        "leads",
        "opportunities",
        "pipeline_created",
        "won",
        "revenue_won",
        "spend",
        "sales_cycle_days_median",
    ];
    assert_eq!(
        totals(out.path(), "2021-04", &keys),
        [
            json!(2),
            json!(2),
            json!(27700.0),
            json!(1),
            json!(22700.0),
            json!(1000.0),
            json!(8.0)
        ]
    );
    let april = metrics(out.path(), "2021-04");
    assert_eq!(channel(&april, "Referral")["revenue_won"], json!(22700.0));
    assert_eq!(channel(&april, "Events")["spend"], json!(1000.0));
    assert_eq!(
        metrics(out.path(), "2021-05")["totals"]["spend"],
        json!(1000.0)
    );
    let text = check_output(&input);
    assert_lines(
        &text,
        &[
            "Leads.csv: zoho-leads (lead)",
            "Potentials.csv: zoho-deals (opportunity)",
            "Campaigns.csv: zoho-campaigns (spend)",
        ],
    );
}

/// A HubSpot view of deals with only `Record ID, Deal Name, Amount` is known as deals, and
/// refused whole for the dates it lacks, saying which columns to add.
#[test]
fn a_deal_export_without_dates_is_refused_with_the_columns_to_add() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("all-deals.csv"),
        "\"Record ID\",\"Deal Name\",\"Amount\"\n\"1891\",\"345 Example Street\",\"45362.12\"\n",
    )
    .unwrap();
    let text = check_output(dir.path());
    assert_lines(
        &text,
        &[
            "all-deals.csv: report-opportunities (opportunity)",
            "rows 1: 0 used, 0 duplicates, 1 rejected",
            "deals without dates: the export has no creation or close date column",
            "in HubSpot: Edit columns, add Create Date and Close Date",
        ],
    );
}

/// Stage dates known by their meaning in any lead export: a HubSpot contacts export with a
/// custom `MQL Date` and `Date became SQL`, and a Salesforce extract without `CreatedDate`.
#[test]
fn stage_date_columns_are_known_by_their_meaning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("contacts.csv"),
        "Record ID,Email,Create Date,MQL Date,Date became SQL,Original Source\n\
         1,a@x.example,2025-03-01,2025-03-04,2025-03-09,Paid Search\n\
         2,b@y.example,2025-03-02,2025-04-01,,Paid Search\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("Lead.csv"),
        "Id,LastName,Company,Email,LeadSource,Status,IsConverted,ConvertedDate,ConvertedOpportunityId\n\
         00Q1,Boxer,Farmers,c@farm.example,Web,Open,FALSE,,\n",
    )
    .unwrap();
    let out = build(dir.path(), &[]);
    assert_eq!(
        totals(out.path(), "2025-03", &["leads", "mqls", "sqls"]),
        [json!(2), json!(1), json!(1)]
    );
    assert_eq!(metrics(out.path(), "2025-04")["totals"]["mqls"], json!(1));
    let text = check_output(dir.path());
    assert_lines(
        &text,
        &[
            "Lead.csv: salesforce-dataloader-leads (lead)",
            "note: 1 lead without any date (the export has no creation date) is in no month's counts",
        ],
    );
}

/// Two reports without ids or emails name the same people: a leads report (`First Name`, `Last
/// Name`, `Company`, `Created Date`) and an MQL report (`Name`, `Company`, `Marketing Qualified
/// Date`). Bertha Boxer of Farmers Coop is one person in both: created Jan 5, MQL Jan 25, one
/// duplicate. Ann Lee of Acme (created Jan 9) never became an MQL; Ann Lee of Beta (no such
/// lead) is an MQL of unknown creation. So January: 2 leads, 2 MQLs.
#[test]
fn reports_without_ids_match_people_by_name_and_company() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("leads.csv"),
        "First Name,Last Name,Company,Created Date,UTM_Medium\n\
         Bertha,Boxer,Farmers Coop,1/5/2023,paid-search\n\
         Ann,Lee,Acme,1/9/2023,paid-social\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("mqls.csv"),
        "Name,Company,Marketing Qualified Date,UTM_Medium\n\
         bertha  BOXER,Farmers  Coop,1/25/2023,paid-search\n\
         Ann Lee,Beta,1/26/2023,paid-search\n",
    )
    .unwrap();
    let out = build(dir.path(), &[]);
    assert_eq!(
        totals(out.path(), "2023-01", &["leads", "mqls"]),
        [json!(2), json!(2)]
    );
    let text = check_output(dir.path());
    assert_lines(
        &text,
        &[
            "mqls.csv: report-leads (lead)\n  rows 2: 1 used, 1 duplicate, 0 rejected",
            "note: 2 leads without an id or email were identified by name and company",
        ],
    );
}

/// HubSpot's `Is Deal Closed?` and `Is Closed Won` flags decide where a pipeline's own stage
/// names say nothing, worked out by hand: D1 `Closed: abandoned` flagged closed and not won is
/// lost in March; D2 `Signed` flagged closed won is won (500); D3 `Closed: abandoned` not
/// flagged closed stays open.
#[test]
fn hubspot_closed_flags_decide_custom_stages() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("deals.csv"),
        "Record ID,Deal Name,Deal Stage,Is Deal Closed?,Is Closed Won,Amount,Create Date,Close Date\n\
         1,D1,Closed: abandoned,true,false,100,2025-03-01,2025-03-10\n\
         2,D2,Signed,true,true,500,2025-03-02,2025-03-12\n\
         3,D3,Closed: abandoned,false,false,50,2025-03-03,2025-03-15\n",
    )
    .unwrap();
    let out = build(dir.path(), &[]);
    assert_eq!(
        totals(
            out.path(),
            "2025-03",
            &["opportunities", "won", "lost", "revenue_won"]
        ),
        [json!(3), json!(1), json!(1), json!(500.0)]
    );
}
