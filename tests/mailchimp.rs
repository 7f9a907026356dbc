//! Mailchimp: the campaigns report as Email spend, and an audience's members (both header layouts,
//! subscribed or unsubscribed) as leads of channel Email where no other export has the person, or
//! as marketing touches on the lead that does; no member's email in any output. Then the real
//! Mailchimp exports of `../shared/real-exports` (opt-in, as the real datasets are).

use crate::common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// tests/fixtures/mailchimp/campaigns, worked out by hand: January "2025-01 News" $0.26 and
/// "Winter Sale" $1.10 = 1.36; February "2025-02 News" 0.27; March "Spring Launch" $1,012.50 (sent
/// at 11:30 pm on the 31st: still March). "Spring Reminder" (April 1) states no cost ("n/a"): it
/// is a campaign of April that cost nothing.
#[test]
fn the_campaigns_report_is_email_spend_on_each_send_date() {
    let folder = fixture("mailchimp/campaigns");
    let out = build(&folder, &[]);
    assert_eq!(
        months_of(out.path()),
        ["2025-01", "2025-02", "2025-03", "2025-04"]
    );
    let spend = |month: &str| {
        let m = metrics(out.path(), month);
        (
            m["totals"]["spend"].clone(),
            channel(&m, "Email")["spend"].clone(),
        )
    };
    assert_eq!(spend("2025-01"), (json!(1.36), json!(1.36)));
    assert_eq!(spend("2025-02"), (json!(0.27), json!(0.27)));
    assert_eq!(spend("2025-03"), (json!(1012.5), json!(1012.5)));
    assert_eq!(spend("2025-04"), (json!(0.0), json!(0.0)));
    let january = metrics(out.path(), "2025-01");
    assert_eq!(campaign(&january, "Winter Sale")["spend"], json!(1.1));
    assert_eq!(campaign(&january, "2025-01 News")["spend"], json!(0.26));
    assert_eq!(january["currency"], "USD");
    let text = check_output(&folder);
    assert_lines(
        &text,
        &[
            "campaigns-report.csv: mailchimp-campaigns (spend)",
            "rows 5: 5 used, 0 duplicates, 0 rejected; dates 2025-01-07 to 2025-04-01",
            "note: 1 cost written n/a (no cost stated) was counted as 0",
        ],
    );
}

/// tests/fixtures/mailchimp/audience-alone, three audience files and nothing else (UTC), worked
/// out by hand:
/// - subscribed.csv (the `Email Address` layout): Ada opted in on 2025-01-10, Bob on 2025-02-02
///   (no OPTIN_TIME: his CONFIRM_TIME), Cy on 2025-02-28 at 23:30, Eve on 2025-01-31; Dee has
///   neither time and is rejected.
/// - older-list-subscribed.csv (the older `Email` layout, another list): Ada again (`ADA@...`,
///   opted in 2025-03-05, later: a duplicate of the first Ada, who keeps January) and Fay
///   (2025-03-15).
/// - unsubscribed.csv: Gus, opted in 2024-12-15, unsubscribed 2025-03-01: still a lead.
///
/// So leads of channel Email: December 2024 1 (Gus), January 2 (Ada, Eve), February 2 (Bob, Cy),
/// March 1 (Fay).
#[test]
fn an_audience_alone_gives_email_leads_by_month_of_opt_in() {
    let folder = fixture("mailchimp/audience-alone");
    let out = build(&folder, &[]);
    for (month, leads) in [
        ("2024-12", 1),
        ("2025-01", 2),
        ("2025-02", 2),
        ("2025-03", 1),
    ] {
        let m = metrics(out.path(), month);
        assert_eq!(m["totals"]["leads"], leads, "{month}");
        assert_eq!(channel_names(&m), ["Email"], "{month}");
        assert_eq!(channel(&m, "Email")["leads"], leads, "{month}");
    }
    let m = metrics(out.path(), "2025-03");
    let counts = |path: &str| {
        let i = input(&m, path);
        (
            i["source"].clone(),
            i["rows"].clone(),
            i["used"].clone(),
            i["duplicates"].clone(),
            i["rejected"].clone(),
        )
    };
    assert_eq!(
        counts("subscribed.csv"),
        (
            json!("mailchimp-audience"),
            json!(5),
            json!(4),
            json!(0),
            json!(1)
        )
    );
    assert_eq!(
        counts("older-list-subscribed.csv"),
        (
            json!("mailchimp-audience"),
            json!(2),
            json!(1),
            json!(1),
            json!(0)
        )
    );
    assert_eq!(
        counts("unsubscribed.csv"),
        (
            json!("mailchimp-audience"),
            json!(1),
            json!(1),
            json!(0),
            json!(0)
        )
    );
    let text = check_output(&folder);
    assert_lines(
        &text,
        &[
            "subscribed.csv: mailchimp-audience (lead)",
            "note: 4 subscribers matched no lead and became Email leads",
            "rejected: subscribed.csv:5: OPTIN_TIME (column 10) is empty",
            "older-list-subscribed.csv: mailchimp-audience (lead)",
            "rows 2: 1 used, 1 duplicate, 0 rejected; dates 2025-03-05 to 2025-03-15",
            "note: 1 subscriber matched no lead and became an Email lead",
            "rows 1: 1 used, 0 duplicates, 0 rejected; dates 2024-12-15 to 2024-12-15",
        ],
    );
}

/// tests/fixtures/mailchimp/audience-and-crm: CRM leads L1 (Ada, created 2025-02-01, Paid
/// Search) and L2 (Bob, 2025-01-05, Organic Search); the audience of the test above
/// (subscribed.csv); a sales call to Cy and one to someone no file has; Eve's deal, won for
/// 1,000 in March. Worked out by hand:
/// - Ada and Bob are CRM leads: their opt-ins are marketing touches on them, and their leads keep
///   the CRM's creation and channel (Ada's opt-in, January 10, comes before her lead).
/// - Cy and Eve match no CRM lead: Email leads, created at their opt-in; Dee is rejected.
/// - Cy's sales call finds her lead (by email); the other call matches no lead.
/// - Eve's deal joins her lead by email: its revenue is Email's.
///
/// So January: Bob (Organic Search) and Eve (Email); February: Ada (Paid Search) and Cy (Email);
/// March: 1 won, 1,000 for Email. Touches: 2 opt-ins and Cy's call matched, 1 unmatched.
#[test]
fn members_a_crm_has_are_touches_and_the_rest_leads() {
    let folder = fixture("mailchimp/audience-and-crm");
    let out = build(&folder, &[]);
    let leads = |month: &str| {
        let m = metrics(out.path(), month);
        let by_channel: Vec<(String, Value)> = m["by_channel"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["channel"].as_str().unwrap().to_string(),
                    c["leads"].clone(),
                )
            })
            .collect();
        (m["totals"]["leads"].clone(), by_channel)
    };
    let named = |pairs: &[(&str, i64)]| -> Vec<(String, Value)> {
        pairs
            .iter()
            .map(|(c, n)| (c.to_string(), json!(n)))
            .collect()
    };
    assert_eq!(
        leads("2025-01"),
        (json!(2), named(&[("Email", 1), ("Organic Search", 1)]))
    );
    assert_eq!(
        leads("2025-02"),
        (json!(2), named(&[("Email", 1), ("Paid Search", 1)]))
    );
    let march = metrics(out.path(), "2025-03");
    assert_eq!(march["totals"]["won"], 1);
    assert_eq!(channel(&march, "Email")["revenue_won"], json!(1000.0));
    assert_eq!(
        march["joins"],
        json!({"by_id": 0, "by_email": 1, "by_account": 0, "own_channel": 0,
               "unattributed": 0, "touches_matched": 3, "touches_unmatched": 1})
    );
    let audience = input(&march, "mailchimp/subscribed.csv");
    assert_eq!(
        (
            audience["used"].clone(),
            audience["duplicates"].clone(),
            audience["rejected"].clone()
        ),
        (json!(4), json!(0), json!(1))
    );
    let text = check_output(&folder);
    assert_lines(
        &text,
        &[
            "note: 2 subscribers matched a lead of another export by email and became marketing touches on it",
            "note: 2 subscribers matched no lead and became Email leads",
            "rows 2: 2 used, 0 duplicates, 0 rejected; dates 2025-01-05 to 2025-02-01",
        ],
    );
}

/// No member's email (nor its address's domain) is in any file a build writes, nor in what
/// `build` and `check` print.
#[test]
fn no_member_email_reaches_any_output() {
    let people = [
        "ada@lovelace.example",
        "lovelace.example",
        "bob@builder.example",
        "cy@cyan.example",
        "dee@dee.example",
        "eve@evening.example",
        "fay@fay.example",
        "gus@gust.example",
        "nobody@nowhere.example",
    ];
    for folder in ["mailchimp/audience-alone", "mailchimp/audience-and-crm"] {
        let dir = fixture(folder);
        let out = out_dir();
        let built = run(&dir, out.path(), &["--today", "2026-11-23"]).success();
        let mut texts = vec![
            String::from_utf8_lossy(&built.get_output().stdout).into_owned(),
            String::from_utf8_lossy(&built.get_output().stderr).into_owned(),
            check_output(&dir),
        ];
        for file in files_under(out.path()) {
            texts.push(String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned());
        }
        assert!(texts.len() > 5, "{folder}: the build wrote its files");
        for text in &texts {
            let lower = text.to_lowercase();
            for p in people {
                assert!(!lower.contains(p), "{folder}: {p} in an output");
            }
        }
    }
}

/// The `by_campaign` row named `name`.
fn campaign<'a>(m: &'a Value, name: &str) -> &'a Value {
    m["by_campaign"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["campaign"] == name)
        .unwrap_or_else(|| panic!("no campaign {name} in {}", m["by_campaign"]))
}

/// Every file under `dir`, at any depth.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// The real Mailchimp exports, when `BATON_SHARED` names the shared folder.
fn real_mailchimp() -> Option<PathBuf> {
    real_exports().map(|p| p.join("mailchimp"))
}

/// A folder holding the real Mailchimp exports `files`, copied for the test.
fn real_folder(root: &Path, files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        std::fs::copy(root.join(f), dir.path().join(f)).unwrap();
    }
    dir
}

/// Each month's `totals[key]` of a build, by month.
fn by_month(out: &Path, key: &str) -> Vec<(String, Value)> {
    months_of(out)
        .into_iter()
        .map(|m| {
            let v = metrics(out, &m)["totals"][key].clone();
            (m, v)
        })
        .collect()
}

/// The real campaigns report: 96 campaigns, of which the 26 sent up to 2023-09-05 state a cost
/// (USD 11.65 in all, the column's sum) and the 70 after say "n/a" (no cost: 0, from 2023-11 to
/// 2025-11). Summed by month by hand from the `Send Date` and `Campaign Cost` columns.
#[test]
fn real_campaigns_report_is_email_spend_by_send_month() {
    let Some(root) = real_mailchimp() else {
        return;
    };
    let dir = real_folder(&root, &["jlm-campaigns-report.csv"]);
    let out = build(dir.path(), &[]);
    let want: Vec<(String, Value)> = [
        ("2021-06", 0.16),
        ("2021-08", 0.18),
        ("2022-03", 0.28),
        ("2022-05", 0.59),
        ("2022-07", 0.32),
        ("2022-09", 0.38),
        ("2022-10", 0.39),
        ("2022-12", 0.85),
        ("2023-01", 0.92),
        ("2023-02", 0.95),
        ("2023-03", 0.98),
        ("2023-04", 0.53),
        ("2023-05", 1.08),
        ("2023-06", 1.67),
        ("2023-07", 0.56),
        ("2023-08", 1.19),
        ("2023-09", 0.62),
    ]
    .iter()
    .map(|(m, s)| (m.to_string(), json!(s)))
    .collect();
    let spend = by_month(out.path(), "spend");
    assert_eq!(spend[..want.len()], want[..]);
    assert!(
        spend[want.len()..]
            .iter()
            .all(|(m, s)| m.as_str() > "2023-10" && *s == json!(0.0))
    );
    let text = check_output(dir.path());
    assert_lines(
        &text,
        &[
            "jlm-campaigns-report.csv: mailchimp-campaigns (spend)",
            "rows 96: 96 used, 0 duplicates, 0 rejected; dates 2021-06-29 to 2025-11-18",
            "note: 70 costs written n/a (no cost stated) were counted as 0",
        ],
    );
}

/// The real audience in the older `Email` layout, alone: its 1,261 members, every one with an
/// OPTIN_TIME, are Email leads by month of it (counted by hand from the column).
#[test]
fn real_older_layout_audience_alone_gives_leads() {
    let Some(root) = real_mailchimp() else {
        return;
    };
    let dir = real_folder(&root, &["chameleon-subscribed-15d17415eb.csv"]);
    let out = build(dir.path(), &[]);
    let want: Vec<(String, Value)> = [
        ("2017-11", 829),
        ("2017-12", 52),
        ("2018-01", 100),
        ("2018-02", 96),
        ("2018-03", 24),
        ("2018-04", 36),
        ("2018-07", 18),
        ("2018-08", 25),
        ("2018-10", 3),
        ("2019-02", 76),
        ("2019-03", 2),
    ]
    .iter()
    .map(|(m, n)| (m.to_string(), json!(n)))
    .collect();
    let got: Vec<(String, Value)> = by_month(out.path(), "leads")
        .into_iter()
        .filter(|(_, n)| n != &json!(0))
        .collect();
    assert_eq!(got, want);
    assert_lines(
        &check_output(dir.path()),
        &[
            "rows 1,261: 1,261 used, 0 duplicates, 0 rejected; dates 2017-11-16 to 2019-03-11",
            "note: 1,261 subscribers matched no lead and became Email leads",
        ],
    );
}

/// The real subscribed and unsubscribed audience of one list with its campaigns report: the 629
/// subscribed members less the 3 with neither OPTIN_TIME nor CONFIRM_TIME (lines 90, 167, 249)
/// and the 2 unsubscribed ones are 628 Email leads, counted by hand by month of OPTIN_TIME (else
/// CONFIRM_TIME): e.g. July 2021 1 subscribed + 1 unsubscribed, June 2023 5 (with 1.67 of
/// spend: 0.334, written 0.33, a lead), March 2024 45, March 2025 26 + 1.
#[test]
fn real_subscribed_and_unsubscribed_audience_give_leads_by_opt_in_month() {
    let Some(root) = real_mailchimp() else {
        return;
    };
    let dir = real_folder(
        &root,
        &[
            "jlm-subscribed-email-audience.csv",
            "jlm-unsubscribed-email-audience.csv",
            "jlm-campaigns-report.csv",
        ],
    );
    let out = build(dir.path(), &[]);
    let leads = by_month(out.path(), "leads");
    let total: i64 = leads.iter().map(|(_, n)| n.as_i64().unwrap()).sum();
    assert_eq!(total, 628);
    let of = |month: &str| {
        leads
            .iter()
            .find(|(m, _)| m == month)
            .map(|(_, n)| n.clone())
            .unwrap()
    };
    assert_eq!(
        (of("2021-07"), of("2023-06"), of("2024-03"), of("2025-03")),
        (json!(2), json!(5), json!(45), json!(27))
    );
    let june = metrics(out.path(), "2023-06");
    assert_eq!(
        (
            june["totals"]["spend"].clone(),
            channel(&june, "Email")["leads"].clone(),
            june["totals"]["cost_per_lead"].clone()
        ),
        (json!(1.67), json!(5), json!(0.33))
    );
    assert_lines(
        &check_output(dir.path()),
        &[
            "rows 629: 626 used, 0 duplicates, 3 rejected",
            "note: 626 subscribers matched no lead and became Email leads",
            "rejected: jlm-subscribed-email-audience.csv:90: OPTIN_TIME (column 10) is empty",
            "rejected: jlm-subscribed-email-audience.csv:167: OPTIN_TIME (column 10) is empty",
            "rejected: jlm-subscribed-email-audience.csv:249: OPTIN_TIME (column 10) is empty",
            "rows 2: 2 used, 0 duplicates, 0 rejected; dates 2021-07-25 to 2025-03-03",
            "note: 2 subscribers matched no lead and became Email leads",
        ],
    );
}
