//! The alignment analytics on a hand-made April 2025 (tests/fixtures/alignment), every answer
//! worked out by hand. Zone America/New_York; working hours Mon-Fri 09:00-17:00, Good Friday
//! (Apr 18) closed; SLA 8 working hours; dropped after 5 days; over 3 touches in 7 days is
//! over-contact; 30-day attribution lookback; small numbers under 3 events; fiscal year from
//! February; targets leads 4 (5 in April) and revenue 1,000.

use crate::common::*;
use serde_json::{Value, json};

fn april() -> Value {
    let out = build(&fixture("alignment"), &[]);
    metrics(out.path(), "2025-04")
}

#[test]
fn speed_to_lead_in_working_hours_across_a_weekend_and_a_holiday() {
    let s = &april()["speed_to_lead"];
    // A: MQL Fri Apr 4 16:00, call Mon Apr 7 10:30 -> 1 h Friday + 1.5 h Monday = 2.5 h.
    // B: MQL Thu Apr 17 15:00, Good Friday closed, email Mon Apr 21 11:00 -> 2 h + 2 h = 4 h.
    // C: MQL Mon Apr 7 09:30, never answered; past the SLA by month end: judged, not answered.
    // D: MQL Mon Apr 28 10:00, call Tue 16:00 -> 7 h + 7 h = 14 h.
    assert_eq!(s["mqls"], 4);
    assert_eq!(s["responded"], 3);
    assert_eq!(s["pending"], 0);
    assert_eq!(s["hours"], "working");
    // Median of 2.5, 4, 14; p90 at rank 1.8: 4 + 0.8 x 10 = 12.
    assert_eq!(s["median_hours"], 4.0);
    assert_eq!(s["p90_hours"], 12.0);
    // Within 8 h: A and B, of 4 judged.
    assert_eq!(s["within_sla_share"], 0.5);
    let counts: Vec<u64> = s["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .collect();
    // Buckets break at the 8-hour SLA and hold their upper bound (B's 4 h is in "1–4 h");
    // working hours stay in hours; C is not answered; none is not yet due.
    assert_eq!(counts, vec![0, 2, 0, 1, 0, 0, 1, 0]);
    assert_eq!(s["distribution"][3]["label"], "8–24 h");
}

#[test]
fn dropped_batons_and_sales_acceptance() {
    let m = april();
    let d = &m["dropped_batons"];
    // C had nothing from sales in 5 days; D's window (to May 3) had not passed by April 30.
    assert_eq!(
        (d["count"].clone(), d["pending"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(d["by_owner"], json!([{"name": "Bob", "count": 1}]));
    assert_eq!(d["by_channel"], json!([{"name": "Events", "count": 1}]));
    assert_eq!(d["leads"].as_array().unwrap().len(), 1);
    assert!(
        d["leads"][0].as_str().unwrap().starts_with("P-"),
        "pseudonymous, not a name"
    );
    let a = &m["sales_acceptance"];
    // A reached SQL; B disqualified (No budget); C back to nurture; D undecided.
    assert_eq!(
        (
            a["accepted"].clone(),
            a["rejected"].clone(),
            a["recycled"].clone(),
            a["pending"].clone()
        ),
        (json!(1), json!(1), json!(1), json!(1))
    );
    assert_eq!(a["acceptance_rate"], 0.5);
    assert_eq!(a["reasons"], json!([{"name": "No budget", "count": 1}]));
    let email = a["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["channel"] == "Email")
        .unwrap();
    assert_eq!(email["acceptance_rate"], 0.0);
}

#[test]
fn time_to_stage_medians_and_p75() {
    let t = &april()["time_to_stage"];
    // Lead -> MQL: A 3.2917, C 3.9375, D 7.9167, B 15.2083 days: median 5.9271, p75 at rank
    // 2.25: 7.9167 + 0.25 x 7.2917 = 9.7396.
    assert_eq!(
        t["lead_to_mql"],
        json!({"count": 4, "median_days": 5.93, "p75_days": 9.74, "reached": 4, "backwards": 0,
               "no_earlier_date": 0})
    );
    // MQL -> SQL: A, Apr 4 16:00 -> Apr 10 10:00 = 5.75 days.
    assert_eq!(
        t["mql_to_sql"],
        json!({"count": 1, "median_days": 5.75, "p75_days": 5.75, "reached": 1, "backwards": 0,
               "no_earlier_date": 0})
    );
    // SQL -> opportunity: A -> O1 (Apr 14) 3.5833; E (SQL Mar 25 10:00) -> O2 (Apr 5) 10.5833;
    // O3 (C, never an SQL) reached the stage with no SQL date to measure from.
    assert_eq!(
        t["sql_to_opportunity"],
        json!({"count": 2, "median_days": 7.08, "p75_days": 8.83, "reached": 3, "backwards": 0,
               "no_earlier_date": 1})
    );
    // Opportunity -> won: O1, Apr 14 -> Apr 30.
    assert_eq!(
        t["opportunity_to_won"],
        json!({"count": 1, "median_days": 16.0, "p75_days": 16.0, "reached": 1, "backwards": 0,
               "no_earlier_date": 0})
    );
}

fn credit(m: &Value, model: &str, channel: &str) -> (f64, f64) {
    m["attribution"][model]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["channel"] == channel)
        .map_or((0.0, 0.0), |r| {
            (
                r["revenue"].as_f64().unwrap(),
                r["pipeline"].as_f64().unwrap(),
            )
        })
}

#[test]
fn attribution_models_side_by_side() {
    let m = april();
    // O1 ($1,000, won Apr 30, created Apr 14): a Brand email on Mar 25 (before the lead existed;
    // Brand is a Paid Search campaign), A's creation on Apr 1 (Paid Search), a Spring Webinar ad
    // click on Apr 3 (an Events campaign). The sales call does not count.
    assert_eq!(credit(&m, "first_touch", "Paid Search"), (1000.0, 1000.0));
    assert_eq!(credit(&m, "last_touch", "Events").0, 1000.0);
    assert_eq!(credit(&m, "last_touch", "Paid Search").0, 0.0);
    assert_eq!(credit(&m, "linear", "Paid Search").0, 666.67);
    assert_eq!(credit(&m, "linear", "Events").0, 333.33);
    assert_eq!(credit(&m, "u_shaped", "Paid Search").0, 600.0);
    assert_eq!(credit(&m, "u_shaped", "Events").0, 400.0);
    // Three touches: W-shaped gives a third each.
    assert_eq!(credit(&m, "w_shaped", "Paid Search").0, 666.67);
    // O3 ($300): C's creation is its only touch: 100% to Events under every model, U and W too.
    // O2 ($500): five Referral touchpoints (creation and four marketing touches).
    for model in [
        "first_touch",
        "last_touch",
        "linear",
        "u_shaped",
        "w_shaped",
    ] {
        assert_eq!(credit(&m, model, "Referral").1, 500.0, "{model}");
        let rows = m["attribution"][model].as_array().unwrap();
        let revenue: f64 = rows.iter().map(|r| r["revenue"].as_f64().unwrap()).sum();
        let pipeline: f64 = rows.iter().map(|r| r["pipeline"].as_f64().unwrap()).sum();
        assert!(
            (revenue - 1000.0).abs() < 1e-9,
            "{model}: credit sums to the deal"
        );
        assert!(
            (pipeline - 1800.0).abs() < 1e-9,
            "{model}: pipeline sums to the deals"
        );
    }
    assert_eq!(credit(&m, "first_touch", "Events").1, 300.0);
    // No spend in this fixture: CAC and ROAS have no denominator.
    let ps = m["attribution"]["linear"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["channel"] == "Paid Search")
        .unwrap();
    assert_eq!(
        (ps["cac"].clone(), ps["roas"].clone(), ps["won"].clone()),
        (json!(null), json!(null), json!(0.6667))
    );
    // No channel is in the top three by revenue under every model (first and last disagree).
    assert_eq!(m["attribution_consistent_top"], json!([]));
    assert_eq!(m["attribution_lookback_days"], 30);
}

#[test]
fn cohorts_targets_trends_and_to_date() {
    let m = april();
    let rows = m["cohorts"]["rows"].as_array().unwrap();
    // March: E reached MQL and SQL in March, an opportunity (O2) in April, never won.
    assert_eq!(rows[0]["cohort"], "2025-03");
    assert_eq!(rows[0]["immature"], true);
    assert_eq!(rows[0]["opportunity"], json!([0.0, 1.0, null, null, 1.0]));
    assert_eq!(rows[0]["won"], json!([0.0, 0.0, null, null, 0.0]));
    // April: 4 leads; A and C reached an opportunity (so SQL too), A won.
    assert_eq!(rows[1]["sql"], json!([0.5, null, null, null, 0.5]));
    assert_eq!(rows[1]["won"], json!([0.25, null, null, null, 0.25]));
    assert_eq!(
        m["targets"],
        json!([{"metric": "leads", "target": 5.0, "actual": 4.0, "attainment": 0.8},
               {"metric": "revenue_won", "target": 1000.0, "actual": 1000.0, "attainment": 1.0}])
    );
    assert_eq!(
        m["trends"]["leads"],
        json!({"value": 4.0, "previous": 1.0, "year_ago": null, "change": 3.0, "change_year": null, "kind": "relative"})
    );
    assert_eq!(m["trends"]["win_rate"]["kind"], "difference");
    // Fiscal year from February: April is the third month of Q1 (Feb-Apr) and of the year.
    let q = &m["to_date"]["quarter"];
    assert_eq!(
        (q["from"].clone(), q["to"].clone()),
        (json!("2025-02"), json!("2025-04"))
    );
    assert_eq!(
        (
            q["totals"]["leads"].clone(),
            q["totals"]["revenue_won"].clone()
        ),
        (json!(5), json!(1000.0))
    );
    assert_eq!(
        m["sourced"],
        json!({"marketing_pipeline": 1800.0, "sales_pipeline": 0.0, "marketing_revenue": 1000.0, "sales_revenue": 0.0})
    );
}

#[test]
fn owners_over_contact_and_small_numbers() {
    let m = april();
    assert_eq!(
        m["owners"],
        json!([
            {"owner": "Ann", "opportunities": 1, "won": 1, "lost": 0, "win_rate": 1.0, "revenue_won": 1000.0, "mqls": 2, "speed_to_lead_median_hours": 3.25, "dropped_batons": 0},
            {"owner": "Bob", "opportunities": 2, "won": 0, "lost": 1, "win_rate": 0.0, "revenue_won": 0.0, "mqls": 2, "speed_to_lead_median_hours": 14.0, "dropped_batons": 1}
        ])
    );
    // E: five touches Apr 1-4 (over the limit of 3), marketing and sales both on Apr 3.
    let c = &m["over_contact"];
    assert_eq!(
        (c["over_limit"].clone(), c["both_teams_same_day"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(c["people"][0][1], 5);
    let flagged: Vec<&str> = m["small_numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["metric"].as_str().unwrap())
        .collect();
    assert!(flagged.contains(&"totals.win_rate"), "2 closed deals < 3");
    assert!(flagged.contains(&"sales_acceptance.acceptance_rate"));
    assert!(!flagged.contains(&"cohort.mql_rate"), "4 leads is enough");
    assert!(
        flagged.contains(&"owners.Ann.win_rate"),
        "1 closed deal < 3"
    );
    assert!(
        !flagged.contains(&"speed_to_lead.within_sla_share"),
        "4 judged MQLs"
    );
}

#[test]
fn the_page_shows_the_analytics_and_flags_small_numbers() {
    let out = build(&fixture("alignment"), &[]);
    let page = std::fs::read_to_string(out.path().join("2025-04/index.html")).unwrap();
    // Targets against their target, the handoff in working hours, owners with a small-number
    // mark.
    assert!(
        page.contains(
            "<th scope=\"row\">Leads</th><td>5</td><td>4</td><td class=\"bad\">missed by 20.0%</td>"
        ),
        "target row"
    );
    assert!(page.contains("measured in working hours"));
    assert!(
        page.contains("<span class=\"kpi-value\">4.0 h</span>"),
        "median wait"
    );
    assert!(page.contains("<th scope=\"row\">Ann</th>"));
    let m = metrics(out.path(), "2025-04");
    let n = m["small_numbers"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["metric"] == "owners.Ann.win_rate")
        .unwrap();
    assert!(page.contains(&format!(
        "<sup class=\"small-n\" data-flag=\"{n}\" title=\"Over 1 closed deal, fewer than 3: read with care\">†</sup>"
    )));
    assert!(page.contains("immature"));
    assert!(page.contains("Glossary"));
}

#[test]
fn people_are_pseudonymous_unless_the_config_says_otherwise() {
    let m = april();
    let id = m["dropped_batons"]["leads"][0]
        .as_str()
        .unwrap()
        .to_string();
    assert!(id.starts_with("P-") && !id.contains('@'));
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "leads.csv",
        "opportunities.csv",
        "touches.csv",
        "baton.toml",
    ] {
        std::fs::copy(fixture("alignment").join(f), dir.path().join(f)).unwrap();
    }
    let toml = std::fs::read_to_string(dir.path().join("baton.toml")).unwrap();
    std::fs::write(
        dir.path().join("baton.toml"),
        format!("show_people = true\n{toml}"),
    )
    .unwrap();
    let out = build(dir.path(), &[]);
    let m = metrics(out.path(), "2025-04");
    assert_eq!(m["dropped_batons"]["leads"], json!(["c@gamma.com"]));
    assert_eq!(m["over_contact"]["people"][0][0], "e@epsilon.com");
}

#[test]
fn over_contact_counts_the_windows_that_end_as_a_month_starts() {
    // tests/fixtures/over-contact: over 3 touches in 7 days, Paris time; E (created in February,
    // no touches) makes February a month of the report.
    // A: four touches Jan 29 to Jan 31 23:30: over in January, and in the 7 days ending as
    //    February starts (all four inside), so in February too.
    // B: four touches Jan 20-23: over in January only (none in the week before February).
    // C: three touches Jan 26-28 and one at 2025-01-31T23:30Z, which is Feb 1 00:30 in Paris:
    //    the window ending at it holds all four, in February; January's windows hold three.
    // D: four touches Jan 26-29, one Feb 3 10:00: over in January; in February only by the
    //    window ending as it starts (four), since the one ending Feb 3 10:00 holds Jan 28,
    //    Jan 29 and Feb 3 (Jan 27 10:00 is exactly 168 hours before: outside).
    // F: four touches Feb 10, 12, 14 and 17 at 10:00: never over, since Feb 10 10:00 is exactly
    //    168 hours before the last (outside), so no window holds more than three.
    let out = build(&fixture("over-contact"), &[]);
    let (jan, feb) = (
        metrics(out.path(), "2025-01"),
        metrics(out.path(), "2025-02"),
    );
    assert_eq!(jan["over_contact"]["over_limit"], 3, "A, B, D");
    assert_eq!(feb["over_contact"]["over_limit"], 3, "A, C, D");
    let most: Vec<u64> = feb["over_contact"]["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[1].as_u64().unwrap())
        .collect();
    assert_eq!(most, [4, 4, 4]);
    assert_eq!(jan["over_contact"]["both_teams_same_day"], 0);
    // No MQLs here: speed to lead still says what it counts in (no [business_hours]).
    assert_eq!(jan["speed_to_lead"]["mqls"], 0);
    assert_eq!(jan["speed_to_lead"]["hours"], "calendar");
}

#[test]
fn attribution_counts_touches_at_both_ends_of_the_lookback() {
    // tests/fixtures/attribution-window: deal O1 (3,000, created 2025-03-01 00:00 UTC, won
    // 2025-03-20) on lead L1 (created 2025-01-01, Organic Search, outside the window), 30 days
    // of lookback. Touches: 2025-01-29 23:59:59 (one second before the window: left out),
    // 2025-01-30 00:00 "Winter" (the window's first instant: in), 2025-03-01 00:00 "Spring" (the
    // deal's creation: in). Spend says Winter is Paid Social and Spring is Email. So two
    // touchpoints: first touch Paid Social, last touch Email, linear half each.
    let out = build(&fixture("attribution-window"), &[]);
    let m = metrics(out.path(), "2025-03");
    let revenue = |model: &str, channel: &str| {
        m["attribution"][model]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["channel"] == channel)
            .map(|r| (r["revenue"].as_f64().unwrap(), r["won"].as_f64().unwrap()))
    };
    assert_eq!(revenue("first_touch", "Paid Social"), Some((3000.0, 1.0)));
    assert_eq!(
        revenue("first_touch", "Email"),
        Some((0.0, 0.0)),
        "its spend only"
    );
    assert_eq!(revenue("last_touch", "Email"), Some((3000.0, 1.0)));
    assert_eq!(revenue("last_touch", "Paid Social"), None);
    assert_eq!(revenue("linear", "Paid Social"), Some((1500.0, 0.5)));
    assert_eq!(revenue("linear", "Email"), Some((1500.0, 0.5)));
    assert_eq!(
        revenue("linear", "Organic Search"),
        None,
        "the lead's creation is outside"
    );
}
