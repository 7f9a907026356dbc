//! The executive summary judges the month: where the baton is dropped, which targets were missed,
//! the biggest change and its main driver, and the sources the figures lack.

use crate::common::*;
use baton::parts::count;
use serde_json::Value;
use std::path::Path;

/// The summary's sentences on the month page, as text (HTML entities left as written).
fn summary(out: &Path, month: &str) -> Vec<String> {
    let page = std::fs::read_to_string(out.join(month).join("index.html")).unwrap();
    let start = page.find("<div class=\"summary\">").expect("a summary") + 21;
    let end = start + page[start..].find("</div>").unwrap();
    page[start..end]
        .split("</p>")
        .map(|p| p.trim().trim_start_matches("<p>").to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn has(sentences: &[String], sentence: &str) {
    assert!(
        sentences.iter().any(|s| s == sentence),
        "{sentence:?} not in {sentences:#?}"
    );
}

/// tests/fixtures/summary, May 2025, by hand. Leads: P1-P3 (Paid Search, SQL in May), E1-E5
/// (Events, disqualified), X1 (Email, no MQL): 9 against the target of 10 and 4 in April
/// (+125%); MQLs 8. Won: O2 $3,000 and O3 $1,000 (both Paid Search) against April's O1 $1,000:
/// +300%, the largest change (pipeline $2,000 -> $4,000 +100%, SQLs 1 -> 3 +200%, MQLs 4 -> 8
/// +100%), all of it Paid Search's (+$3,000); $4,000 is 200% of the $2,000 target. Acceptance:
/// P1-P3 accepted, E1-E5 rejected: 3 / 8 = 37.5% in all, Events 0 of its 5. Dropped (no sales
/// touch nor SQL within 5 days): E1-E4, 3 of them Bob's (E1-E3), Ann's E4; E5 had a call. The
/// spend sheet stops on 2025-04-20, 38 days before the leads' newest row (2025-05-28): behind,
/// with no May rows (so CAC reads $0 and meets its target of $300).
#[test]
fn the_summary_judges_a_hand_made_month() {
    let out = build(&fixture("summary"), &["--today", "2025-06-10"]);
    let may = summary(out.path(), "2025-05");
    for sentence in [
        "Read with care: canonical-spend (spend) has no rows for May 2025 (its newest is from 2025-04-20); the figures that need it are incomplete (export it again).",
        "Revenue won $4,000 from 2 deals, 200.0% of the $2,000 target, up 300.0% on April.",
        "9 new leads, up 125.0% on April, and 8 MQLs.",
        "Missed target: leads 9 against 10 (2 of 3 met).",
        "The biggest change against April: revenue won up 300.0% ($1,000 to $4,000); Paid Search contributed most to it (+$3,000).",
        "The baton is dropped most at Events: 5 MQLs, 0.0% accepted by sales (37.5% across all channels).",
        "62.5% of MQLs waited more than 24 hours for a first sales touch; 4 were dropped, with no contact in 5 days, 3 of them Bob&#39;s, the most of any owner.",
    ] {
        has(&may, sentence);
    }
    // The data-quality warning comes first: the figures after it lack the spend.
    assert!(may[0].starts_with("Read with care:"), "{may:#?}");
    // April: the spend stops inside the month; no month before it to compare with; the three
    // dropped are A2 (Ann's), A3 and A4 (Bob's).
    let april = summary(out.path(), "2025-04");
    has(
        &april,
        "Read with care: canonical-spend (spend) stops on 2025-04-20; the figures that need it are incomplete (export it again).",
    );
    has(
        &april,
        "Missed targets: leads 4 against 10; revenue won $1,000 against $2,000 (1 of 3 met).",
    );
    assert!(!april.iter().any(|s| s.contains("biggest change")));
    assert!(april.iter().any(|s| s.contains(
        "3 were dropped, with no contact in 5 days, 2 of them Bob&#39;s, the most of any owner."
    )));
}

fn money_short(v: f64) -> String {
    // The sample's amounts are all between $10k and $1M.
    assert!((1e4..1e6).contains(&v.abs()), "{v}");
    let k = v.abs() / 1e3;
    if k >= 100.0 {
        format!("${k:.0}k")
    } else {
        format!("${k:.1}k")
    }
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(0.0)
}

/// The sample's October 2026: each judging sentence is there with the figures metrics.json holds
/// (worked out here from it, not copied from the page). The headline figures themselves were
/// checked against the CSVs with a short script: 370 leads (HubSpot contacts created in October,
/// and the Salesforce leads whose email HubSpot does not hold), 121 MQLs (the same, by their MQL
/// date), 12 deals won in October for $179,500 (Won = True, Close Date in October), September 8
/// for $109,350.
#[test]
fn the_summary_judges_the_sample_october() {
    let out = build(&sample(), &[]);
    let oct = metrics(out.path(), "2026-10");
    let sep = metrics(out.path(), "2026-09");
    assert_eq!(oct["totals"]["leads"], 370);
    assert_eq!(oct["totals"]["mqls"], 121);
    assert_eq!(oct["totals"]["won"], 12);
    assert_eq!(oct["totals"]["revenue_won"], 179_500.0);
    assert_eq!(sep["totals"]["revenue_won"], 109_350.0);
    let page = summary(out.path(), "2026-10");
    // The marketing-sourced share is over 12 won deals, fewer than 20: flagged on the page, and
    // the sentence says so.
    has(
        &page,
        "Marketing sourced 75.0% of the revenue won (over 12 won deals: read with care).",
    );

    // Targets: only leads missed (370 against 380); MQLs, revenue and CAC (lower is better) met.
    let targets = oct["targets"].as_array().unwrap();
    let missed: Vec<&Value> = targets
        .iter()
        .filter(|t| {
            let (a, t_) = (num(&t["actual"]), num(&t["target"]));
            if t["metric"] == "cac" { a > t_ } else { a < t_ }
        })
        .collect();
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0]["metric"], "leads");
    has(
        &page,
        &format!(
            "Missed target: leads {} against {} (3 of 4 met).",
            count(num(&missed[0]["actual"]) as u64),
            count(num(&missed[0]["target"]) as u64)
        ),
    );

    // The biggest change: revenue won, +64.2% (the tile's figure); its main driver the channel
    // whose revenue grew most from September.
    let revenue = |m: &Value, ch: &str| {
        m["by_channel"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["channel"] == ch)
            .map_or(0.0, |r| num(&r["revenue_won"]))
    };
    let (growth, driver) = channel_names(&oct)
        .into_iter()
        .map(|ch| (revenue(&oct, ch) - revenue(&sep, ch), ch.to_string()))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .unwrap();
    for key in [
        "leads",
        "mqls",
        "sqls",
        "opportunities",
        "pipeline_created",
        "spend",
    ] {
        let t = &oct["trends"][key];
        let change = (num(&t["value"]) - num(&t["previous"])) / num(&t["previous"]);
        assert!(change.abs() < 0.6415, "{key} changed more than revenue");
    }
    has(
        &page,
        &format!(
            "The biggest change against September: revenue won up 64.2% ({} to {}); {driver} contributed most to it (+{}).",
            money_short(109_350.0),
            money_short(179_500.0),
            money_short(growth)
        ),
    );

    // Where the baton is dropped: the channel with the lowest acceptance rate (of 5 MQLs or more).
    let sa = &oct["sales_acceptance"];
    let worst = sa["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["mqls"].as_u64().unwrap() >= 5 && c["acceptance_rate"].is_number())
        .min_by(|a, b| {
            num(&a["acceptance_rate"])
                .total_cmp(&num(&b["acceptance_rate"]))
                .then(b["mqls"].as_u64().cmp(&a["mqls"].as_u64()))
        })
        .unwrap();
    has(
        &page,
        &format!(
            "The baton is dropped most at {}: {} MQLs, {:.1}% accepted by sales ({:.1}% across all channels).",
            worst["channel"].as_str().unwrap(),
            worst["mqls"],
            num(&worst["acceptance_rate"]) * 100.0,
            num(&sa["acceptance_rate"]) * 100.0
        ),
    );
    assert!(
        page.iter()
            .any(|s| s.contains("at Events: 19 MQLs, 0.0% accepted"))
    );

    // The owner with the most dropped batons.
    let d = &oct["dropped_batons"];
    let owners = d["by_owner"].as_array().unwrap();
    let top = owners.iter().max_by_key(|o| o["count"].as_u64()).unwrap();
    assert_eq!(
        owners.iter().filter(|o| o["count"] == top["count"]).count(),
        1
    );
    assert!(
        page.iter().any(|s| s.contains(&format!(
            "; {} were dropped, with no contact in 14 days, {} of them {}&#39;s, the most of any owner.",
            d["count"],
            top["count"],
            top["name"].as_str().unwrap()
        ))),
        "{page:#?}"
    );

    // Every source of the sample runs to the end of October: nothing to read with care.
    assert!(!page.iter().any(|s| s.starts_with("Read with care")));
}

fn sample() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}
