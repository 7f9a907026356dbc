//! Tests of recognition: profiles tried on headers, as written and translated.

use super::*;
use crate::base::datetime::DateOrder;
use crate::input::formats::builtin;

fn header(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

fn all() -> Vec<&'static Profile> {
    builtin::profiles().iter().collect()
}

fn id_of(cells: &[&str]) -> String {
    match recognise(&all(), &header(cells)) {
        Recognition::Matched(m) => m.profile.id.clone(),
        Recognition::Unrecognised(m) => format!("unrecognised {m:?}"),
    }
}

#[test]
fn recognises_each_canonical_entity() {
    // Salesforce's report profile fits these names too (`close_date` is `Close Date`), but reads
    // fewer of them.
    assert_eq!(
        id_of(&[
            "opportunity_id",
            "lead_id",
            "created_at",
            "close_date",
            "stage",
            "is_won",
            "amount"
        ]),
        "canonical-opportunities"
    );
    assert_eq!(
        id_of(&["lead_id", "email", "created_at", "channel"]),
        "canonical-leads"
    );
    assert_eq!(
        id_of(&["opportunity_id", "lead_id", "created_at", "amount"]),
        "canonical-opportunities"
    );
    assert_eq!(id_of(&["date", "channel", "cost"]), "canonical-spend");
    assert_eq!(id_of(&["at", "email", "team", "kind"]), "canonical-touches");
    assert_eq!(
        id_of(&["\u{feff}Lead_ID ", "Created_At"]),
        "canonical-leads"
    );
}

#[test]
fn maps_columns_fallbacks_and_extras() {
    let Recognition::Matched(m) =
        recognise(&all(), &header(&["x", "created_at", "lead_id", "lead_id"]))
    else {
        panic!("not matched")
    };
    assert_eq!(m.map.get(Field::LeadId), &[2, 3]);
    assert_eq!(m.map.get(Field::CreatedAt), &[1]);
    assert!(!m.map.has(Field::Email));
    assert_eq!(m.ignored, vec!["x"]);
}

#[test]
fn captures_the_currency_in_a_header() {
    let h = header(&[
        "Reporting starts",
        "Reporting ends",
        "Campaign name",
        "Amount spent (EUR)",
        "Impressions",
    ]);
    let Recognition::Matched(m) = recognise(&all(), &h) else {
        panic!()
    };
    assert_eq!(m.profile.id, "meta-ads");
    assert_eq!(m.header_currency, Currency::parse("EUR"));
    assert_eq!(m.map.get(Field::Cost), &[3]);
}

#[test]
fn recognises_names_whatever_their_case_and_spacing() {
    let h = header(&[
        "Campaign_Name",
        "REPORTING STARTS",
        "Reporting\u{a0}Ends",
        "Amount Spent(USD)",
    ]);
    let Recognition::Matched(m) = recognise(&all(), &h) else {
        panic!()
    };
    assert_eq!(m.profile.id, "meta-ads");
    assert_eq!(m.map.get(Field::DateEnd), &[2]);
    assert_eq!(m.header_currency, Currency::parse("USD"));
    assert!(m.ignored.is_empty(), "{:?}", m.ignored);
    assert_eq!(m.profile.date_order, DateOrder::MonthFirst);
}

#[test]
fn recognises_localised_headers_and_reads_them_day_first() {
    let h = header(&[
        "Data de início (em UTC)",
        "Moeda",
        "Nome da campanha",
        "Total investido",
        "Impressões",
        "Cliques",
    ]);
    let Recognition::Matched(m) = recognise(&all(), &h) else {
        panic!()
    };
    assert_eq!(m.profile.id, "linkedin-ads");
    assert_eq!(m.profile.date_order, DateOrder::DayFirst);
    assert_eq!(m.map.get(Field::Currency), &[1]);
    assert_eq!(m.map.get(Field::Cost), &[3]);
    assert_eq!(m.map.get(Field::Clicks), &[5]);
    let h = header(&[
        "Início dos relatórios",
        "Valor usado (BRL)",
        "Nome da campanha",
    ]);
    let Recognition::Matched(m) = recognise(&all(), &h) else {
        panic!()
    };
    assert_eq!(m.profile.id, "meta-ads");
    assert_eq!(m.header_currency, Currency::parse("BRL"));
}

#[test]
fn a_profile_that_knows_the_names_as_written_comes_first() {
    let h = header(&[
        "Début des rapports",
        "Fin des rapports",
        "Montant dépensé (EUR)",
    ]);
    let Recognition::Matched(m) = recognise(&all(), &h) else {
        panic!()
    };
    assert_eq!(m.profile.id, "meta-ads-fr");
    assert_eq!(m.profile.decimal, Some(b','));
}

#[test]
fn a_range_whose_end_is_not_read_is_a_misfit_naming_it() {
    match recognise(
        &all(),
        &header(&["Reporting starts", "Reporting end", "Amount spent (USD)"]),
    ) {
        Recognition::Unrecognised(Some(m)) => {
            assert_eq!(m.profile, "meta-ads");
            assert!(
                m.missing[0].contains("\"Reporting end\" (column 2)"),
                "{m:?}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_closest_misfit_reads_the_most_cells() {
    // Salesforce's signature is there (`Opportunity ID`, `Stage`, `Close Date` are these
    // names keyed), but the canonical profile reads more of the header.
    let h = header(&[
        "opportunity_id",
        "created_at",
        "close_date",
        "stage",
        "amount",
    ]);
    match recognise(&all(), &h) {
        Recognition::Unrecognised(Some(m)) => {
            assert_eq!(m.profile, "canonical-opportunities");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn says_what_is_missing() {
    match recognise(&all(), &header(&["lead_id", "email"])) {
        Recognition::Unrecognised(Some(m)) => {
            assert_eq!(m.profile, "canonical-leads");
            assert_eq!(m.missing, vec!["\"created_at\""]);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        recognise(&all(), &header(&["a", "b"])),
        Recognition::Unrecognised(None)
    ));
}

/// docs/sources.md's inventory of every built-in profile, as the profiles are: the test below
/// keeps the page in step (and prints the section to paste when it is not).
fn inventory() -> String {
    let mut s = String::from(
        "## Columns each profile reads\n\n\
         Every built-in profile, in the order they are tried, as the code has it (a test keeps this\n\
         section in step with `src/input/formats/`). A file is recognised when its header (after any\n\
         preamble lines) has the names listed; then each field is read from the first of its names\n\
         the header has (the first non-empty one in a row, when several are). Names are compared whatever their case,\n\
         spacing, punctuation and accents, and localised names through the table above; `(*)`\n\
         stands for the currency in brackets (`Amount spent (EUR)`), `a | b` for either.\n",
    );
    for p in builtin::profiles() {
        s.push_str(&format!("\n### `{}` ({})\n\n", p.id, p.entity.name()));
        let signature: Vec<String> = p
            .signature
            .iter()
            .map(|alts| {
                alts.split('|')
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect();
        s.push_str(&format!("Recognised by: {}.", signature.join("; ")));
        if !p.constants.is_empty() {
            let c: Vec<String> = p
                .constants
                .iter()
                .map(|(f, v)| format!("{} `{v}`", f.name()))
                .collect();
            s.push_str(&format!(" When a row leaves it empty: {}.", c.join(", ")));
        }
        s.push_str("\n\n| field | header names |\n|---|---|\n");
        for (f, names) in &p.columns {
            let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            let needed = if p.required.contains(f) {
                " (required)"
            } else {
                ""
            };
            s.push_str(&format!(
                "| {}{needed} | {} |\n",
                f.name(),
                names.join(", ")
            ));
        }
    }
    s
}

#[test]
fn the_sources_page_lists_every_profile_as_it_is() {
    let page = include_str!("../../../docs/sources.md");
    let want = inventory();
    assert!(
        page.contains(&want),
        "docs/sources.md is out of step with the profiles; its last section should be:\n\n{want}"
    );
}
