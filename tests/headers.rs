//! Header names whatever their case, spacing, punctuation or typography; a date range whose end
//! column is not read refused, naming it; exports in German, French, Spanish and Portuguese; true
//! and false in those languages. Fixtures in tests/fixtures/headers, figures worked out by hand;
//! then the real Portuguese LinkedIn export of `../shared/real-exports` (opt-in).

use crate::common::*;
use serde_json::{Value, json};

/// tests/fixtures/headers/meta-range, Meta's older spellings (`Reporting Starts`, `Reporting
/// Ends`, `Amount Spent (USD)`), worked out by hand:
/// - Spring, 100.00 from 2024-01-01 to 2024-08-31: 244 days, 1,000,000 ten-thousandths = 4,098 a
///   day and 88 left, one more on each of the first 88 days (to 28 March). January 31 x 4,099 =
///   12.7069; February 29 x 4,099 = 11.8871; March 28 x 4,099 + 3 x 4,098 = 12.7066; April and
///   June 30 x 4,098 = 12.2940; May, July and August 31 x 4,098 = 12.7038. They sum to 100.0000.
/// - Flash, 5.00 on 2024-03-15: March.
///
/// So January 12.71, February 11.89, March 17.71 (12.7066 + 5), April 12.29, August 12.70; the
/// eight months, not all on 1 January.
#[test]
fn meta_older_spellings_read_the_range_and_spread_it() {
    let input = fixture("headers/meta-range");
    let out = build(&input, &[]);
    let spend = |month: &str| metrics(out.path(), month)["totals"]["spend"].clone();
    assert_eq!(
        [
            spend("2024-01"),
            spend("2024-02"),
            spend("2024-03"),
            spend("2024-04"),
            spend("2024-08")
        ],
        [
            json!(12.71),
            json!(11.89),
            json!(17.71),
            json!(12.29),
            json!(12.7)
        ]
    );
    assert_eq!(
        months_of(out.path()).len(),
        8,
        "{:?}",
        months_of(out.path())
    );
    let text = check_output(&input);
    assert_lines(
        &text,
        &[
            "meta-older-export.csv: meta-ads (spend)",
            "rows 2: 2 used, 0 duplicates, 0 rejected; dates 2024-01-01 to 2024-08-31",
            "note: 1 row over a range of days was spread evenly over its days",
        ],
    );
    assert!(!text.contains("columns not used"), "{text}");
}

/// The same header written with a non-breaking space, underscores, curly quotes, a doubled
/// space and a bracket without its space: every column read, the range spread as above.
#[test]
fn typographic_variants_of_header_names_are_the_same_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("meta.csv"),
        "Campaign_Name,\u{201c}Reporting Starts\u{201d},Reporting\u{a0}Ends,Amount  Spent(USD),IMPRESSIONS\n\
         Spring,2024-01-01,2024-08-31,100.00,24400\n",
    )
    .unwrap();
    let text = check_output(dir.path());
    assert_lines(
        &text,
        &[
            "meta.csv: meta-ads (spend)",
            "dates 2024-01-01 to 2024-08-31",
            "note: 1 row over a range of days was spread evenly over its days",
        ],
    );
    assert!(!text.contains("columns not used"), "{text}");
    let out = build(dir.path(), &[]);
    assert_eq!(
        metrics(out.path(), "2024-08")["totals"]["spend"],
        json!(12.7)
    );
}

/// tests/fixtures/headers/meta-half: `Reporting starts` read, `Reporting end` (singular) not a
/// name baton reads. Reading the start alone would book the eight months on 1 January: the file
/// is refused instead, naming the column and the name to give it.
#[test]
fn a_range_whose_end_is_not_read_is_refused_naming_the_column() {
    let text = check_output(&fixture("headers/meta-half"));
    assert_lines(
        &text,
        &[
            "meta-half-read.csv: unrecognised",
            "problem: header not recognised: it looks like meta-ads but lacks the end of its date range: \"Reporting end\" (column 3) looks like the end of \"Reporting starts\" but is not read as one; name the column \"reporting ends\", or map it with columns.date_end in a [[source]] block of baton.toml",
        ],
    );
    // A profile that reads no end date says so, and what to export instead.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("linkedin.csv"),
        "Start Date (in UTC),End Date (in UTC),Campaign Name,Currency,Total Spent\n\
         9/1/2023,9/30/2023,A,USD,300.00\n",
    )
    .unwrap();
    let text = check_output(dir.path());
    assert_lines(
        &text,
        &[
            "linkedin.csv: unrecognised",
            "\"End Date (in UTC)\" (column 2) looks like the end of \"Start Date (in UTC)\" but is not read as one; linkedin-ads reads no end date, so each row would be booked on its first day: export the report by day, or map the column with columns.date_end in a [[source]] block with profile = \"linkedin-ads\"",
        ],
    );
    // Meta's ad-set schedule (`Ends`) beside a report with both range columns is not its end.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("meta.csv"),
        "Campaign name,Ends,Reporting starts,Reporting ends,Amount spent (USD)\n\
         A,Ongoing,2024-01-01,2024-01-31,31.00\n",
    )
    .unwrap();
    assert_lines(
        &check_output(dir.path()),
        &["meta.csv: meta-ads (spend)", "rows 1: 1 used"],
    );
}

/// tests/fixtures/headers/linkedin-pt: a Portuguese LinkedIn export in the real one's shape
/// (UTF-16, tab-separated, `Data de início (em UTC)`, `Moeda`, `Total investido`), BRL:
/// - Campanha A "1.234,56" and Campanha B "10,50" on 01/09/2023: September 1,245.06;
/// - Campanha A "99,94" on 01/10/2023: October.
///
/// Every start date fits both orders; a Portuguese header reads them day-first (month-first
/// would put all of it in January).
#[test]
fn a_portuguese_linkedin_export_is_read_day_first_with_comma_decimals() {
    let input = fixture("headers/linkedin-pt");
    let out = build(&input, &[]);
    let sep = metrics(out.path(), "2023-09");
    assert_eq!(sep["currency"], json!("BRL"));
    assert_eq!(sep["totals"]["spend"], json!(1245.06));
    assert_eq!(campaign_spend(&sep, "Campanha A"), json!(1234.56));
    assert_eq!(campaign_spend(&sep, "Campanha B"), json!(10.5));
    assert_eq!(
        metrics(out.path(), "2023-10")["totals"]["spend"],
        json!(99.94)
    );
    assert_eq!(months_of(out.path()), ["2023-09", "2023-10"]);
    assert_lines(
        &check_output(&input),
        &[
            "linkedin-campanhas-utf16.csv: linkedin-ads (spend)",
            "rows 3: 3 used, 0 duplicates, 0 rejected; dates 2023-09-01 to 2023-10-01",
            "read as day-first",
        ],
    );
}

/// tests/fixtures/headers/salesforce-de: a German Salesforce opportunity report (`;`,
/// `Opportunity-ID`, `Phase`, `Betrag`, `Betrag Währung`, `Geschlossen` WAHR/FALSCH,
/// `Erstelldatum`, `Schlusstermin` as 01.02.2024):
/// - three created in February: 1,500.00 + 2,000.00 + 3,000.50 = 6,500.50 EUR;
/// - in March, 0061 won (1,500.00) and 0062 lost; 0063 is open.
#[test]
fn a_german_salesforce_report_is_read() {
    let input = fixture("headers/salesforce-de");
    let out = build(&input, &[]);
    let feb = metrics(out.path(), "2024-02");
    assert_eq!(feb["currency"], json!("EUR"));
    assert_eq!(
        (
            &feb["totals"]["opportunities"],
            &feb["totals"]["pipeline_created"]
        ),
        (&json!(3), &json!(6500.5))
    );
    let mar = &metrics(out.path(), "2024-03")["totals"];
    assert_eq!(
        (&mar["won"], &mar["lost"], &mar["revenue_won"]),
        (&json!(1), &json!(1), &json!(1500.0))
    );
    assert_lines(
        &check_output(&input),
        &[
            "opportunities-bericht.csv: salesforce-report-opportunities (opportunity)",
            "rows 3: 3 used, 0 duplicates, 0 rejected",
        ],
    );
}

/// tests/fixtures/headers/hubspot-fr: a French HubSpot deals export (`ID de fiche
/// d'informations`, `Phase de la transaction`, `Montant` "2 000,50", `Date de création`,
/// `Date de fermeture`), every date fitting both orders and read day-first:
/// - created 1 to 3 February: 1,500.00 + 2,000.50 + 700.00 = 4,200.50;
/// - closed 5 and 6 March: one won (1,500.00), one lost.
#[test]
fn a_french_hubspot_deals_export_is_read_day_first() {
    let input = fixture("headers/hubspot-fr");
    let out = build(&input, &[]);
    let feb = &metrics(out.path(), "2024-02")["totals"];
    assert_eq!(
        (&feb["opportunities"], &feb["pipeline_created"]),
        (&json!(3), &json!(4200.5))
    );
    let mar = &metrics(out.path(), "2024-03")["totals"];
    assert_eq!(
        (&mar["won"], &mar["lost"], &mar["revenue_won"]),
        (&json!(1), &json!(1), &json!(1500.0))
    );
    assert_lines(
        &check_output(&input),
        &[
            "transactions.csv: hubspot-deals (opportunity)",
            "rows 3: 3 used, 0 duplicates, 0 rejected; dates 2024-02-01 to 2024-02-03",
        ],
    );
}

/// tests/fixtures/headers/flags: `is_closed`/`is_won` written WAHR/FALSCH, VRAI/FAUX,
/// VERDADERO/FALSO, VERDADEIRO/FALSO, Ja/Nein, Sí/No, SIM/NÃO, Oui/Non, Yes/No, 1/0,
/// true/false and blank. Won: o1, o3, o5, o8, o10 (5 x 100.00); lost: o2, o4, o6, o7, o9, o11;
/// open: o12 (blank) and o13 (Nein/Non); o14 ("vielleicht") rejected with the reason.
#[test]
fn true_and_false_in_five_languages() {
    let input = fixture("headers/flags");
    let out = build(&input, &[]);
    let jan = &metrics(out.path(), "2024-01")["totals"];
    assert_eq!(
        (
            &jan["opportunities"],
            &jan["won"],
            &jan["lost"],
            &jan["revenue_won"]
        ),
        (&json!(13), &json!(5), &json!(6), &json!(500.0))
    );
    assert_lines(
        &check_output(&input),
        &[
            "rows 14: 13 used, 0 duplicates, 1 rejected",
            "opportunities.csv:15: is_closed (column 6): \"vielleicht\" is not true or false",
        ],
    );
}

/// The real Portuguese LinkedIn export (UTF-16, tab-separated, five campaign rows on
/// 01/09/2023, USD in `Moeda`): recognised, every row used, on 1 September 2023 (its other
/// dates, 22/05/2023 and 25/05/2023, are day-first too). Total investido summed by hand:
/// 454.06 + 453.91 + 452.48 + 356.70 + 200.00 = 1,917.15.
#[test]
fn real_portuguese_linkedin_export_is_read() {
    let Some(dir) = real_alone("linkedin-ads/jitterbit-latam-pt-utf16.csv") else {
        return;
    };
    assert_lines(
        &check_output(dir.path()),
        &[
            "jitterbit-latam-pt-utf16.csv: linkedin-ads (spend)",
            "rows 5: 5 used, 0 duplicates, 0 rejected; dates 2023-09-01 to 2023-09-01",
        ],
    );
    let out = build(dir.path(), &[]);
    assert_eq!(months_of(out.path()), ["2023-09"]);
    let sep = metrics(out.path(), "2023-09");
    assert_eq!(sep["currency"], json!("USD"));
    assert_eq!(sep["totals"]["spend"], json!(1917.15));
    assert_eq!(
        campaign_spend(&sep, "[RCK] Conversa - Stephanie"),
        json!(454.06)
    );
    assert_eq!(
        campaign_spend(&sep, "[RCK] Conversa Geral - Marcelo"),
        json!(356.7)
    );
}

/// The spend of the `by_campaign` row named `campaign`.
fn campaign_spend(m: &Value, campaign: &str) -> Value {
    m["by_campaign"]
        .as_array()
        .expect("by_campaign")
        .iter()
        .find(|c| c["campaign"] == json!(campaign))
        .unwrap_or_else(|| panic!("no campaign {campaign:?}"))["spend"]
        .clone()
}
