//! The real-world corpus of `../shared/real-exports` (opt-in through `BATON_SHARED`, which
//! `.ci/run` sets): every export read alone, as a user drops it in a folder, is recognised and
//! at least 95% of its rows used, or refused whole with the reason and the export to make
//! instead; figures worked out by hand for the CRM reports; and no email of any file in any
//! output. The files are never copied into this repository (most carry no licence).

use crate::common::*;
use serde_json::{Value, json};
use std::path::Path;

/// What a file alone must give.
enum Expect {
    /// Recognised by this profile, with at least 95% of its rows used.
    Read(&'static str),
    /// Recognised by this profile, and holding no data rows.
    NoRows(&'static str),
    /// Refused whole: shown as this source, with a problem that says this.
    Refused(&'static str, &'static str),
}
use Expect::*;

const CORPUS: &[(&str, Expect)] = &[
    (
        "google-ads/calpreserving-campaign-report-alltime.csv",
        Refused("google-ads-report", "\"All time\""),
    ),
    (
        "google-ads/clinic-campaign-report-eur.csv",
        Read("google-ads-report"),
    ),
    (
        "google-ads/fruit-campaign-report-utf16-gbp.csv",
        Read("google-ads-report"),
    ),
    (
        "google-ads/fruit-campaign-report-utf8-gbp.csv",
        Read("google-ads-report"),
    ),
    (
        "google-ads/vida-adgroup-report-alltime-utf16.csv",
        Refused("google-ads-ad-groups", "\"All time\""),
    ),
    (
        "google-ads/vishal-campaign-report-inr.csv",
        Read("google-ads-report"),
    ),
    (
        "hubspot/crm-dummy-all-customers-2025-04-08.csv",
        Read("hubspot-contacts"),
    ),
    (
        "hubspot/solarhub-all-deals-2025-11-28.csv",
        Refused("report-opportunities", "add Create Date and Close Date"),
    ),
    (
        "hubspot/stringer-all-deals-2023-04-03.csv",
        Read("hubspot-deals"),
    ),
    (
        "hubspot/stringer-all-deals-all-properties-2023-05-16.csv",
        Read("hubspot-deals"),
    ),
    (
        "linkedin-ads/jitterbit-latam-pt-utf16.csv",
        Read("linkedin-ads"),
    ),
    (
        "mailchimp/chameleon-subscribed-15d17415eb.csv",
        Read("mailchimp-audience"),
    ),
    (
        "mailchimp/jlm-campaigns-report.csv",
        Read("mailchimp-campaigns"),
    ),
    (
        "mailchimp/jlm-subscribed-email-audience.csv",
        Read("mailchimp-audience"),
    ),
    (
        "mailchimp/jlm-unsubscribed-email-audience.csv",
        Read("mailchimp-audience"),
    ),
    ("meta-ads/bluetea-adsets-daily-inr.csv", Read("meta-ads")),
    (
        "meta-ads/conlan-campaigns-sep-2024-nodata.csv",
        NoRows("meta-ads"),
    ),
    ("meta-ads/keith-2025-w15-ads-ddmm.csv", Read("meta-ads")),
    (
        "meta-ads/keith-feb-2025-ads-gender-age-ddmm.csv",
        Read("meta-ads"),
    ),
    (
        "meta-ads/keith-jan-2025-ads-gender-age-ddmm.csv",
        Read("meta-ads"),
    ),
    ("meta-ads/keith-lingerie-ads-2024-gbp.csv", Read("meta-ads")),
    (
        "meta-ads/keith-mar-2025-ads-gender-age-iso.csv",
        Read("meta-ads"),
    ),
    (
        "meta-ads/lemauricien-adsets-age-gender.csv",
        Refused(
            "unrecognised",
            "looks like meta-ads but lacks \"amount spent (currency)\"",
        ),
    ),
    (
        "microsoft-ads/jitterbit-bing-campaigns-sep.csv",
        Refused("microsoft-ads-report", "no date column"),
    ),
    (
        "salesforce/braze-Closed_Won_Bookings.csv",
        Read("report-opportunities"),
    ),
    ("salesforce/braze-Leads.csv", Read("report-leads")),
    ("salesforce/braze-MQLs.csv", Read("report-leads")),
    (
        "salesforce/braze-Pipeline_Opportunities.csv",
        Read("report-opportunities"),
    ),
    (
        "salesforce/braze-Spend.csv",
        Refused("unrecognised", "looks like report-spend but lacks \"date\""),
    ),
    (
        "salesforce/powerbi-Lead-excel.csv",
        Read("salesforce-dataloader-leads"),
    ),
    (
        "salesforce/powerbi-Opportunity-excel.csv",
        Read("salesforce-dataloader-opportunities"),
    ),
    (
        "salesforce/sfdc-workshop-Lead-dataloader.csv",
        Read("salesforce-dataloader-leads"),
    ),
    (
        "salesforce/sfdc-workshop-Opportunity-dataloader.csv",
        Read("salesforce-dataloader-opportunities"),
    ),
    (
        "zoho/zoho-crm-analytics-Campaigns.csv",
        Read("zoho-campaigns"),
    ),
    ("zoho/zoho-crm-analytics-Leads.csv", Read("zoho-leads")),
    ("zoho/zoho-crm-analytics-Potentials.csv", Read("zoho-deals")),
];

/// `baton check` of a folder: its output, and the numbers of its first file's rows line.
fn check_of(dir: &Path) -> String {
    let out = baton()
        .args(["check", "--input"])
        .arg(dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The number before `word` in `line` ("rows 2,262: 2,262 used").
fn number_before(line: &str, word: &str) -> u64 {
    let at = line
        .find(word)
        .unwrap_or_else(|| panic!("{word:?} in {line:?}"));
    let digits: String = line[..at]
        .trim_end()
        .rsplit(' ')
        .next()
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap()
}

#[test]
fn every_real_export_alone_is_read_or_refused_with_the_export_to_make() {
    let Some(root) = real_exports() else { return };
    let mut listed: Vec<String> = walkdir::WalkDir::new(&root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "csv"))
        .map(|e| {
            let rel = e.path().strip_prefix(&root).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    listed.sort();
    let expected: Vec<&str> = CORPUS.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        listed, expected,
        "every file of the corpus has its expectation"
    );
    let mut failures = Vec::new();
    for (file, expect) in CORPUS {
        let dir = real_alone(file).expect("opted in");
        let text = check_of(dir.path());
        let first = text.lines().next().unwrap_or("");
        let source = first.split_once(": ").map_or("", |(_, s)| s);
        let fine = match expect {
            Read(p) | NoRows(p) => {
                let rows_line = text.lines().nth(1).unwrap_or("");
                let ok_source = source == format!("{p} ({})", source_entity(source));
                let (rows, used) = if rows_line.trim_start().starts_with("rows ") {
                    (
                        number_before(rows_line, ":"),
                        number_before(rows_line, " used"),
                    )
                } else {
                    (u64::MAX, 0)
                };
                ok_source
                    && match expect {
                        NoRows(_) => rows == 0,
                        _ => rows > 0 && rows != u64::MAX && used * 100 >= rows * 95,
                    }
            }
            Refused(shown, says) => {
                source.starts_with(shown)
                    && text.contains("problem: ")
                    && text.contains(says)
                    && !text.contains(" used, ") | text.contains(": 0 used,")
            }
        };
        if !fine {
            failures.push(format!("{file}:\n{text}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The entity in brackets after a source (`report-leads (lead)`).
fn source_entity(source: &str) -> &str {
    source
        .rsplit_once('(')
        .map_or("", |(_, e)| e.trim_end_matches(')'))
}

/// A month's totals of the real file alone, by key.
fn totals_of(file: &str, month: &str, keys: &[&str]) -> Vec<Value> {
    let dir = real_alone(file).expect("checked by the caller");
    let out = build(dir.path(), &[]);
    let m = metrics(out.path(), month);
    keys.iter().map(|k| m["totals"][*k].clone()).collect()
}

/// Worked out from the files' columns by hand (and checked with a spreadsheet's COUNTIFS and
/// SUMIFS): braze-MQLs.csv has 118, 122 and 193 `Marketing Qualified Date`s in November 2022,
/// December 2022 and January 2023, and no creation date (so no new leads); braze-Leads.csv 296,
/// 1,294 and 672 `Created Date`s; braze-Closed_Won_Bookings.csv closes 27,842 + 288,653
/// (November), 515,000 + 27,245.67 (December, the second written `27245,67`, a decimal comma)
/// and 27,001 + 453,353 + 323,023 + 24,000 + 27,842 (January) = 855,219, with no creation date
/// (so no new opportunities).
#[test]
fn real_salesforce_reports_without_ids_give_their_stage_months() {
    if real_exports().is_none() {
        return;
    }
    let mqls = "salesforce/braze-MQLs.csv";
    let got: Vec<Vec<Value>> = ["2022-11", "2022-12", "2023-01"]
        .iter()
        .map(|m| totals_of(mqls, m, &["mqls", "leads"]))
        .collect();
    assert_eq!(
        got,
        [
            [json!(118), json!(0)],
            [json!(122), json!(0)],
            [json!(193), json!(0)]
        ]
    );
    let leads = "salesforce/braze-Leads.csv";
    let got: Vec<Value> = ["2022-11", "2022-12", "2023-01"]
        .iter()
        .map(|m| totals_of(leads, m, &["leads"])[0].clone())
        .collect();
    assert_eq!(got, [json!(296), json!(1294), json!(672)]);
    let won = "salesforce/braze-Closed_Won_Bookings.csv";
    let got: Vec<Vec<Value>> = ["2022-11", "2022-12", "2023-01"]
        .iter()
        .map(|m| totals_of(won, m, &["won", "revenue_won", "opportunities"]))
        .collect();
    assert_eq!(
        got,
        [
            [json!(2), json!(316495.0), json!(0)],
            [json!(2), json!(542245.67), json!(0)],
            [json!(5), json!(855219.0), json!(0)]
        ]
    );
}

/// Zoho CRM Analytics' sample, by hand: 27 leads `Created Time` in April 2021; 151 potentials
/// `Closed Won` with a `Closing Date` in April 2021, their `Amount`s summing to 8,660,200.
#[test]
fn real_zoho_leads_and_potentials_give_their_months() {
    if real_exports().is_none() {
        return;
    }
    assert_eq!(
        totals_of("zoho/zoho-crm-analytics-Leads.csv", "2021-04", &["leads"]),
        [json!(27)]
    );
    assert_eq!(
        totals_of(
            "zoho/zoho-crm-analytics-Potentials.csv",
            "2021-04",
            &["won", "revenue_won"]
        ),
        [json!(151), json!(8660200.0)]
    );
}

/// The addresses in a text: runs of address characters with an `@` and a dot after it.
fn emails_in(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "._%+-@".contains(c)))
        .filter(|t| {
            t.split_once('@')
                .is_some_and(|(a, d)| !a.is_empty() && d.contains('.') && !d.ends_with('.'))
        })
        .map(str::to_lowercase)
        .collect()
}

/// A file's text, UTF-16 or UTF-8.
fn text_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    if bytes.starts_with(&[0xff, 0xfe]) {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// All 36 files in one folder, built and checked: no email of any of them in any output file or
/// message.
#[test]
fn no_email_of_the_real_exports_reaches_any_output() {
    let Some(root) = real_exports() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut emails = std::collections::BTreeSet::new();
    for (file, _) in CORPUS {
        let from = root.join(file);
        emails.extend(emails_in(&text_of(&from)));
        std::fs::copy(&from, dir.path().join(file.replace('/', "-"))).unwrap();
    }
    assert!(
        emails.len() > 1000,
        "the corpus holds addresses to look for"
    );
    let out = out_dir();
    let run = baton()
        .args(["build", "--input"])
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let check = baton()
        .args(["check", "--input"])
        .arg(dir.path())
        .output()
        .unwrap();
    let mut texts = vec![
        String::from_utf8_lossy(&run.stdout).into_owned(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
        String::from_utf8_lossy(&check.stdout).into_owned(),
        String::from_utf8_lossy(&check.stderr).into_owned(),
    ];
    for e in walkdir::WalkDir::new(out.path()) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            texts.push(String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned());
        }
    }
    assert!(texts.len() > 10, "the build wrote its pages: {}", texts[1]);
    for t in &texts {
        let found: Vec<&String> = emails_in(t).iter().filter_map(|e| emails.get(e)).collect();
        assert!(
            found.is_empty(),
            "{} input emails in an output",
            found.len()
        );
    }
}

/// Each vendor's files together in one folder, as a user who exports everything drops them:
/// every file is recognised as it is alone, and of each file read, at least 95% of its rows are
/// used or are duplicates of another file's (the same deal in two HubSpot views, the same
/// subscriber on two lists). The folders mix currencies (GBP, EUR, INR and USD ad reports), so
/// the report is in USD with rates for the others (without them, the other currencies' rows are
/// left out, as tests/currency.rs shows).
#[test]
fn each_vendors_real_exports_read_together_as_alone() {
    let Some(root) = real_exports() else { return };
    let mut failures = Vec::new();
    for vendor in [
        "google-ads",
        "hubspot",
        "linkedin-ads",
        "mailchimp",
        "meta-ads",
    ]
    .into_iter()
    .chain(["microsoft-ads", "salesforce", "zoho"])
    {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("baton.toml"),
            "currency = \"USD\"\n[exchange_rates]\nGBP = 1.27\nEUR = 1.08\nINR = 0.012\nBRL = 0.18\n",
        )
        .unwrap();
        let files: Vec<&(&str, Expect)> = CORPUS
            .iter()
            .filter(|(f, _)| f.starts_with(&format!("{vendor}/")))
            .collect();
        for (file, _) in &files {
            let name = file.rsplit('/').next().unwrap();
            std::fs::copy(root.join(file), dir.path().join(name)).unwrap();
        }
        let text = check_of(dir.path());
        for (file, expect) in files {
            let name = file.rsplit('/').next().unwrap();
            let Some(at) = text.find(&format!("{name}: ")) else {
                failures.push(format!("{file} not listed:\n{text}"));
                continue;
            };
            let mut lines = text[at..].lines();
            let first = lines.next().unwrap_or("");
            let rows_line = lines.next().unwrap_or("");
            let fine = match expect {
                Read(p) => {
                    first.contains(&format!(": {p} ("))
                        && rows_line.trim_start().starts_with("rows ")
                        && {
                            let rows = number_before(rows_line, ":");
                            let used = number_before(rows_line, " used");
                            let dupes = number_before(rows_line, " duplicates");
                            (used + dupes) * 100 >= rows * 95
                        }
                }
                NoRows(p) => first.contains(&format!(": {p} (")),
                Refused(shown, _) => first.contains(&format!(": {shown}")),
            };
            if !fine {
                failures.push(format!(
                    "{file} with the other {vendor} files:\n{first}\n{rows_line}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
