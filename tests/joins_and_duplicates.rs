//! The join methods of spec section 3, their precedence and the duplicate rules.

use crate::common::*;
use serde_json::json;

#[test]
fn each_join_method_in_order() {
    // See tests/fixtures/joins: OPP-1/OPP-2 match Initech by name (A1 is the earliest Initech lead
    // created before OPP-1; none was created before OPP-2, so the earliest overall, A1 again);
    // OPP-9 is B1's converted opportunity although its email is B2's (id beats email); OPP-4 has
    // B2's email and Initech's name (email beats account); OPP-5 and OPP-6 match Vandelay's domain
    // from an email and a website; OPP-7 has only a free-mail address and an unknown company
    // (unattributed); OPP-8 names a lead that does not exist and keeps its own channel.
    let out = build(&fixture("joins"), &[]);
    let m = metrics(out.path(), "2025-03");
    assert_eq!(
        m["joins"],
        json!({"by_id": 1, "by_email": 1, "by_account": 4, "own_channel": 1, "unattributed": 1,
               "touches_matched": 0, "touches_unmatched": 0})
    );
    let revenue = |c: &str| channel(&m, c)["revenue_won"].as_f64().unwrap();
    assert_eq!(revenue("Paid Search"), 300.0);
    assert_eq!(revenue("Referral"), 300.0);
    assert_eq!(revenue("Partner"), 400.0);
    assert_eq!(revenue("Direct"), 1100.0);
    assert_eq!(revenue("(unattributed)"), 700.0);
    assert_eq!(channel(&m, "Outbound")["lost"], 1);
    assert_eq!(m["totals"]["revenue_won"], 2800.0);
    // Everything but the unattributed 700 is marketing-sourced.
    assert_eq!(m["totals"]["marketing_sourced_share"], 0.75);
    assert!(
        m["by_channel"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["channel"] != "Email" || r["won"] == 0)
    );
}

#[test]
fn duplicates_within_a_source_and_across_sources() {
    // a-leads.csv: D1 twice (the first row has the later updated_at, so it is kept: Paid Search,
    // MQL Apr 5); D2 twice with no updated_at (the last row is kept: SQL Apr 21).
    // b-leads.csv: Z9 is D2 by email: D2 was created first and survives, with Z9's earlier SQL
    // (Apr 18), Z9's MQL, and Z9's marketing channel (D2's Outbound is not marketing).
    let out = build(&fixture("dupes"), &[]);
    let m = metrics(out.path(), "2025-04");
    let t = &m["totals"];
    assert_eq!(
        (t["leads"].clone(), t["mqls"].clone(), t["sqls"].clone()),
        (json!(3), json!(2), json!(1))
    );
    let ps = channel(&m, "Paid Search");
    assert_eq!(
        (ps["leads"].clone(), ps["mqls"].clone()),
        (json!(1), json!(1))
    );
    let social = channel(&m, "Paid Social");
    assert_eq!(
        (
            social["leads"].clone(),
            social["mqls"].clone(),
            social["sqls"].clone()
        ),
        (json!(2), json!(1), json!(1))
    );
    assert!(
        m["by_channel"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["channel"] != "Outbound" && r["channel"] != "Email")
    );
    let a = input(&m, "a-leads.csv");
    assert_eq!(
        (
            a["rows"].clone(),
            a["used"].clone(),
            a["duplicates"].clone()
        ),
        (json!(4), json!(2), json!(2))
    );
    let b = input(&m, "b-leads.csv");
    assert_eq!(
        (
            b["rows"].clone(),
            b["used"].clone(),
            b["duplicates"].clone(),
            b["same_email"].clone()
        ),
        (json!(2), json!(1), json!(0), json!(1))
    );
}

#[test]
fn a_person_is_found_by_the_company_of_any_of_its_rows() {
    // Pat has two rows: the earliest names Foo Ltd, which no deal carries (so its key is not
    // kept), the later one Acme, which the deal names. Account matching looks up every lead row,
    // duplicates too, so the deal finds Pat by the later row, whichever company the merged
    // person keeps; and with the first row's company empty, the same.
    let dir = tempfile::tempdir().unwrap();
    let deals = "opportunity_id,company,created_at,close_date,stage,amount\n\
                 O1,Acme,2025-03-10,2025-03-20,Closed Won,100\n";
    std::fs::write(dir.path().join("opportunities.csv"), deals).unwrap();
    for first in ["Foo Ltd", ""] {
        let leads = format!(
            "lead_id,email,company,created_at,channel\n\
             P1,pat@x.io,{first},2025-03-01,Paid Search\n\
             P2,pat@x.io,Acme,2025-03-02,Paid Search\n"
        );
        std::fs::write(dir.path().join("leads.csv"), leads).unwrap();
        let out = build(dir.path(), &[]);
        let m = metrics(out.path(), "2025-03");
        assert_eq!(m["joins"]["by_account"], 1, "{first:?}");
        // P1 and P2: two records of one source with one email.
        assert_eq!(input(&m, "leads.csv")["same_email"], 1);
        assert_eq!(channel(&m, "Paid Search")["revenue_won"], 100.0);
    }
}

/// The same email under two ids of one source (a CRM holding one person as two records), worked
/// out by hand: leads.csv has L1 and L2 for a@x.example (created Mar 1 and Mar 5) and L3 for
/// b@x.example (Mar 2); a HubSpot contact 9 is b@x.example too (another source: a plain
/// duplicate). By default L2 is merged into L1 and counted apart from duplicates: March has 2
/// leads. With `count_records = true`, L1 and L2 stay two leads (and b's two rows, of two
/// sources, still one): 3.
#[test]
fn records_of_one_source_sharing_an_email_are_counted_apart() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("leads.csv"),
        "lead_id,email,created_at\nL1,a@x.example,2025-03-01\nL2,a@x.example,2025-03-05\n\
         L3,b@x.example,2025-03-02\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("contacts.csv"),
        "Record ID,Email,Create Date\n9,b@x.example,2025-03-03\n",
    )
    .unwrap();
    let out = build(dir.path(), &[]);
    let m = metrics(out.path(), "2025-03");
    assert_eq!(m["totals"]["leads"], json!(2));
    let leads = input(&m, "leads.csv");
    assert_eq!(
        (
            leads["used"].clone(),
            leads["duplicates"].clone(),
            leads["same_email"].clone()
        ),
        (json!(2), json!(0), json!(1))
    );
    assert_eq!(input(&m, "contacts.csv")["duplicates"], json!(1));
    let page = std::fs::read_to_string(out.path().join("2025-03/index.html")).unwrap();
    assert!(page.contains("Same email, other id"), "a column of its own");
    let check = baton().args(["check", "--input"]).arg(dir.path()).assert();
    let text = String::from_utf8_lossy(&check.get_output().stdout).into_owned();
    assert!(
        text.contains(
            "rows 3: 2 used, 0 duplicates, 1 record sharing an email with another of this source, 0 rejected"
        ),
        "{text}"
    );
    std::fs::write(dir.path().join("baton.toml"), "count_records = true\n").unwrap();
    let out = build(dir.path(), &[]);
    assert_eq!(metrics(out.path(), "2025-03")["totals"]["leads"], json!(3));
}

#[test]
fn the_joins_hold_when_the_lead_emails_are_let_go_before_the_touches() {
    // tests/fixtures/emails-let-go: no touch file has an email column and no deal an email, so
    // the lead emails go once their repeats are known, before the touches are read; of them
    // only the domains a deal names stay, for the account join.
    // L3 is L1 by email (case aside): one lead, L1 kept (created first), L3's touch its own.
    // O1's website is L1's domain (account); O2 names Hooli (account, L4); O3's website is a
    // free-mail domain, which says nothing (unattributed); O4 names L2 (id). L9 is no lead.
    let dir = fixture("emails-let-go");
    let out = build(&dir, &[]);
    let m = metrics(out.path(), "2025-03");
    assert_eq!(
        m["joins"],
        json!({"by_id": 1, "by_email": 0, "by_account": 2, "own_channel": 0, "unattributed": 1,
               "touches_matched": 2, "touches_unmatched": 1})
    );
    assert_eq!(m["totals"]["leads"], 4);
    assert_eq!(input(&m, "leads.csv")["same_email"], 1);
    let revenue = |c: &str| channel(&m, c)["revenue_won"].as_f64().unwrap();
    assert_eq!(revenue("Paid Search"), 500.0);
    assert_eq!(revenue("Email"), 300.0);
    assert_eq!(revenue("(unattributed)"), 100.0);
    // L5, an MQL no one from sales touched, is a dropped baton: listed by pseudonym, or by its
    // email when the reports show people (which keeps the emails).
    let listed = &m["dropped_batons"]["leads"];
    assert!(listed[0].as_str().unwrap().starts_with("P-"), "{listed}");
    let shown = tempfile::tempdir().unwrap();
    copy_dir(&dir, shown.path());
    std::fs::write(shown.path().join("baton.toml"), "show_people = true\n").unwrap();
    let out = build(shown.path(), &[]);
    let m = metrics(out.path(), "2025-03");
    assert_eq!(m["dropped_batons"]["leads"], json!(["dee@initech.com"]));
    assert_eq!(m["joins"]["by_account"], 2);
}

/// How `build_timed` saw the lead emails go.
#[derive(Debug, PartialEq)]
enum Emails {
    /// Before the touches were read.
    Early,
    /// After the touches were read (a first rows' lookup by email was foreseen).
    Late,
    /// Before, then the leads and touches were read again keeping them (a lookup by email came).
    Again,
}

/// Builds `input` with `BATON_TIMINGS=1`; returns March 2025's metrics and when the lead emails
/// went, as the timing lines tell.
fn build_timed(input: &std::path::Path) -> (serde_json::Value, Emails) {
    let out = out_dir();
    let run = baton()
        .env("BATON_TIMINGS", "1")
        .args(["build", "--today", "2026-11-23", "--input"])
        .arg(input)
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    let emails = match (
        stderr.contains("again, keeping the emails"),
        stderr.contains("read: emails let go"),
    ) {
        (false, false) => Emails::Early,
        (false, true) => Emails::Late,
        (true, true) => Emails::Again,
        (true, false) => panic!("read again, the emails never let go: {stderr}"),
    };
    (metrics(out.path(), "2025-03"), emails)
}

#[test]
fn touches_carrying_an_email_are_matched_as_before_whenever_the_emails_go() {
    // The touch file has an email column, but no deal has an email and no touch file names its
    // leads by email alone: the lead emails go before the touches are read unless its first rows
    // show a touch that finds its lead by email (no id, or an id no lead has, and a lead's
    // email). A filter of them then tells that no lead has an email a touch looks up; one that
    // a lead may have (any, when the first rows carry no email and no filter was kept) has the
    // leads and the touches read again, keeping the emails. The figures
    // are those of a build that kept them throughout (`show_people`) in every case.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("leads.csv"),
        "lead_id,email,created_at,channel,mql_at\n\
         L1,ann@vandelay.com,2025-03-01,Paid Search,2025-03-02\n\
         L2,bob@hooli.com,2025-03-02,Events,2025-03-03\n",
    )
    .unwrap();
    let header = "at,lead_id,email,team,kind,campaign\n";
    let by_id = "2025-03-02 10:00,L1,ann@vandelay.com,marketing,email,Spring\n\
                 2025-03-03 10:00,L2,,marketing,call,\n\
                 2025-03-04 10:00,X9,nobody@example.org,sales,call,\n";
    let by_email = "2025-03-05 10:00,X7,Bob@Hooli.com,sales,call,\n\
                    2025-03-06 10:00,,ann@vandelay.com,sales,call,\n";
    // More than the first rows looked at: 1,200 marketing emails to L1.
    let many: String = (0..1200)
        .map(|i| {
            format!(
                "2025-03-10 {:02}:{:02},L1,,marketing,email,\n",
                i / 60 % 24,
                i % 60
            )
        })
        .collect();
    let touches = dir.path().join("touches.csv");
    let kept = |text: &str| {
        let shown = tempfile::tempdir().unwrap();
        copy_dir(dir.path(), shown.path());
        std::fs::write(shown.path().join("touches.csv"), text).unwrap();
        std::fs::write(shown.path().join("baton.toml"), "show_people = true\n").unwrap();
        build_timed(shown.path()).0
    };
    let cases = [
        (format!("{header}{by_id}"), Emails::Early, 2),
        (format!("{header}{by_id}{by_email}"), Emails::Late, 4),
        (
            format!("{header}{by_id}{many}{by_email}"),
            Emails::Again,
            1204,
        ),
        // No email in the first rows: no filter is kept, and any email looked up after them
        // has the files read again, though no lead has it.
        (
            format!("{header}{many}2025-03-04 10:00,X9,nobody@example.org,sales,call,\n"),
            Emails::Again,
            1200,
        ),
    ];
    for (text, when, matched) in cases {
        std::fs::write(&touches, &text).unwrap();
        let (m, emails) = build_timed(dir.path());
        assert_eq!(emails, when, "{matched} matched");
        assert_eq!(m["joins"]["touches_matched"], matched);
        assert_eq!(m["joins"]["touches_unmatched"], 1);
        let kept = kept(&text);
        assert_eq!(m["joins"], kept["joins"]);
        assert_eq!(m["speed_to_lead"], kept["speed_to_lead"]);
        if text.contains(by_email) {
            // L1: MQL on 2 March at midnight, Ann's sales touch (found by email) 106 hours
            // later; L2: MQL on 3 March, Bob's (by email) 58 hours later.
            assert_eq!(
                m["speed_to_lead"]["median_hours"], 82.0,
                "{}",
                m["speed_to_lead"]
            );
        }
    }
}
