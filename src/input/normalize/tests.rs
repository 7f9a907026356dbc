//! Unit tests of `input::normalize`.

use super::*;
use crate::base::datetime::When;
use crate::base::datetime::{DateOrder, OrderEvidence};
use crate::input::formats::{FIELD_COUNT, Profile};
use crate::input::lookahead::LastLead;
use crate::input::lookahead::same_bytes;
use crate::input::normalize::opportunity::stage_outcome;
use crate::model::{Labels, Lead, Opportunity, Origin, Spend, Team, TextStore};
use std::cell::Cell;

#[test]
fn texts_are_the_same_only_byte_for_byte() {
    for n in 0..24usize {
        let a: Vec<u8> = (0..n).map(|i| b'a' + i as u8).collect();
        assert!(same_bytes(&a, &a.clone()), "{n}");
        if n > 0 {
            assert!(!same_bytes(&a, &a[..n - 1]), "{n}: a shorter text");
        }
        for at in 0..n {
            let mut b = a.clone();
            b[at] ^= 0x20;
            assert!(!same_bytes(&a, &b), "{n} bytes, differing at {at}");
        }
    }
}
use crate::input::formats::builtin;
use crate::input::formats::{Recognition, recognise};

/// A spend row that covers one day: its one record.
fn one_spend(r: &Row, l: &mut Labels, notes: &mut Notes) -> Result<Spend, String> {
    let mut out = Vec::new();
    spend(r, &ctx(), l, notes, O, &mut out)?;
    assert_eq!(out.len(), 1, "one day, one record");
    Ok(out.remove(0))
}

pub(super) fn parse<T>(
    header: &[&str],
    cells: &[&str],
    f: impl FnOnce(&Row, &mut Labels, &mut Notes) -> Result<T, String>,
) -> (Result<T, String>, Notes) {
    let header: Vec<String> = header.iter().map(|s| s.to_string()).collect();
    let all: Vec<&Profile> = builtin::profiles().iter().collect();
    let Recognition::Matched(m) = recognise(&all, &header) else {
        panic!("header {header:?}")
    };
    let view = FileView {
        profile: m.profile,
        numbers: crate::input::marks::Numbers::new(m.profile, &m.map, header.len(), None),
        map: m.map,
        header: header.clone(),
        header_currency: m.header_currency,
        orders: [m.profile.date_order; FIELD_COUNT],
        hints: Vec::new(),
        range: None,
        evidence: (0..FIELD_COUNT)
            .map(|_| Cell::new(OrderEvidence::default()))
            .collect(),
        show_people: false,
    };
    let record = Record::from_fields(cells);
    let row = Row::new(&record, &view);
    let mut labels = Labels::default();
    let mut notes = Notes::new();
    let r = f(&row, &mut labels, &mut notes);
    (r, notes)
}

pub(super) fn ctx() -> RowContext<'static> {
    RowContext::new(chrono_tz::UTC, ChannelMap::new(&BTreeMap::new()))
}

const O: Origin = Origin { file: 0, line: 2 };

/// A deal row read and its texts sealed, as reading a file does.
fn read_deal(r: &Row, l: &mut Labels, n: &mut Notes) -> Result<Opportunity, String> {
    let mut store = TextStore::default();
    let mut deal = opportunity(r, &ctx(), l, n, O, &mut store)?;
    store.seal(std::iter::once(&mut deal.text));
    Ok(deal)
}

/// A lead row read and its texts sealed, as reading a file does.
fn read_lead(r: &Row, l: &mut Labels, n: &mut Notes) -> Result<Lead, String> {
    let mut store = TextStore::default();
    let (mut lead, _) = lead(r, &ctx(), l, n, &mut store, O)?;
    store.seal(std::iter::once(&mut lead.text));
    Ok(lead)
}

#[test]
fn lead_rows() {
    let h = ["lead_id", "email", "created_at", "channel"];
    let (l, notes) = parse(
        &h,
        &["", " Ann@X.io ", "2024-01-02", "paid_search"],
        read_lead,
    );
    assert_eq!(l.unwrap().lead_id(), "ann@x.io");
    assert_eq!(notes.len(), 1);
    let (l, _) = parse(&h, &["", "not-an-email", "2024-01-02", ""], |r, l, n| {
        read_lead(r, l, n)
    });
    assert!(l.unwrap_err().contains("lead_id (column 1) is empty"));
    let (l, _) = parse(&h, &["7", "", "31/02/2024", ""], |r, l, n| {
        read_lead(r, l, n)
    });
    let e = l.unwrap_err();
    assert!(
        e.starts_with("created_at (column 3): cannot read \"31/02/2024\""),
        "{e}"
    );
}

#[test]
fn leads_keep_only_the_company_keys_some_deal_carries() {
    let h = ["lead_id", "created_at", "company"];
    let named: rustc_hash::FxHashSet<Box<str>> = ["acmecorp".into()].into_iter().collect();
    let none = rustc_hash::FxHashSet::default();
    let company = |companies: Companies, raw: &str| {
        let read = |r: &Row, l: &mut Labels, n: &mut Notes| {
            let ctx = RowContext { companies, ..ctx() };
            let mut store = TextStore::default();
            let (mut lead, _) = lead(r, &ctx, l, n, &mut store, O)?;
            store.seal(std::iter::once(&mut lead.text));
            Ok::<_, String>((
                lead.lead_id().to_string(),
                lead.company().map(str::to_string),
            ))
        };
        parse(&h, &["L1", "2024-01-02", raw], read).0
    };
    let kept = |id: &str, c: &str| Ok((id.to_string(), Some(c.to_string())));
    assert_eq!(company(Companies::All, "Other Inc"), kept("L1", "otherinc"));
    assert_eq!(
        company(Companies::Named(&named), " Acme  Corp"),
        kept("L1", "acmecorp")
    );
    assert_eq!(
        company(Companies::Named(&named), "Other Inc"),
        Ok(("L1".into(), None))
    );
    assert_eq!(
        company(Companies::Named(&none), "Acme Corp"),
        Ok(("L1".into(), None))
    );
    // A non-ASCII name goes the long way round, to the same end.
    assert_eq!(
        company(Companies::Named(&none), "Ünïcode GmbH"),
        Ok(("L1".into(), None))
    );
    assert_eq!(
        company(Companies::All, "Ünïcode GmbH"),
        kept("L1", "ünïcodegmbh")
    );
    // A company too long to keep refuses the row whether or not it would be kept.
    let long = "C".repeat(65_536);
    for companies in [
        Companies::All,
        Companies::Named(&named),
        Companies::Named(&none),
    ] {
        let e = company(companies, &long).unwrap_err();
        assert!(e.starts_with("company (column 3): 65536 bytes long"), "{e}");
    }
}

#[test]
fn a_deal_rows_company_key_and_website_are_gathered_as_the_deal_will_carry_them() {
    let h = [
        "opportunity_id",
        "created_at",
        "company",
        "website",
        "email",
    ];
    let mut gathered = rustc_hash::FxHashSet::default();
    let mut emails = false;
    let rows = [
        [" Acme  Corp ", "https://www.acme.io/x", ""],
        ["", "", "not an address"],
        ["ACME CORP", "beta.com", ""],
        ["Beta", "no domain", ""],
    ];
    for [company, website, email] in rows {
        let _ = parse(
            &h,
            &["O1", "not a date", company, website, email],
            |r, _, _| {
                gather_deal_keys(r, &mut gathered, &mut emails);
                Ok::<(), String>(())
            },
        );
    }
    let mut keys: Vec<&str> = gathered.iter().map(|k| &**k).collect();
    keys.sort();
    assert_eq!(
        keys,
        ["acme.io", "acmecorp", "beta", "beta.com"],
        "whatever else the row holds"
    );
    assert!(!emails, "no row has an address");
    let _ = parse(&h, &["O2", "", "", "", " Ann@Acme.io "], |r, _, _| {
        gather_deal_keys(r, &mut gathered, &mut emails);
        Ok::<(), String>(())
    });
    assert!(emails);
}

#[test]
fn customer_at_is_checked_and_updated_at_comes_back_beside_the_lead() {
    let h = ["lead_id", "created_at", "customer_at", "updated_at"];
    let read = |r: &Row, l: &mut Labels, n: &mut Notes| {
        let mut store = TextStore::default();
        lead(r, &ctx(), l, n, &mut store, O).map(|(_, updated)| updated)
    };
    let (u, _) = parse(&h, &["L1", "2024-01-02", "2024-03-01", "2024-05-06"], read);
    assert_eq!(
        u.unwrap().get(),
        Some(1_714_953_600),
        "2024-05-06T00:00:00Z"
    );
    let (u, _) = parse(&h, &["L1", "2024-01-02", "", ""], read);
    assert_eq!(u.unwrap(), When::NONE);
    let (u, _) = parse(&h, &["L1", "2024-01-02", "soon", "2024-05-06"], read);
    let e = u.unwrap_err();
    assert!(
        e.starts_with("customer_at (column 3): cannot read \"soon\""),
        "{e}"
    );
}

#[test]
fn a_key_too_long_to_keep_names_its_column() {
    let h = ["lead_id", "created_at", "converted_opportunity_id"];
    let long = "O".repeat(65_536);
    let (l, _) = parse(&h, &["L1", "2024-01-02", &long], read_lead);
    assert_eq!(
        l.unwrap_err(),
        "converted_opportunity_id (column 3): 65536 bytes long, more than baton keeps for an id, email or company (65535); a quote is probably not closed"
    );
}

#[test]
fn opportunity_outcomes_follow_flags_then_stage() {
    let h = [
        "opportunity_id",
        "lead_id",
        "created_at",
        "close_date",
        "stage",
        "is_won",
        "amount",
    ];
    let run = |cells: &[&str]| parse(&h, cells, read_deal).0;
    let o = run(&[
        "o1",
        "l1",
        "2024-01-01",
        "2024-02-01",
        "Closed Won",
        "",
        "$1,200.50",
    ])
    .unwrap();
    assert!(o.is_won && o.is_closed);
    assert_eq!(o.amount, Money(12_005_000));
    assert_eq!(o.currency, Currency::parse("USD"));
    let o = run(&[
        "o1",
        "l1",
        "2024-01-01",
        "2024-02-01",
        "closedlost",
        "",
        "10",
    ])
    .unwrap();
    assert!(!o.is_won && o.is_closed);
    let o = run(&["o1", "l1", "2024-01-01", "", "Negotiation", "false", "10"]).unwrap();
    assert!(!o.is_won && !o.is_closed);
    let e = run(&["o1", "l1", "2024-01-01", "", "Won", "", "10"]).unwrap_err();
    assert!(e.contains("close date"), "{e}");
    let e = run(&["o1", "l1", "2024-01-01", "2024-02-01", "x", "maybe", "10"]).unwrap_err();
    assert!(e.contains("is_won (column 6)"), "{e}");
}

#[test]
fn vendor_rows() {
    // Pipedrive: status decides; the close date is the won time, else the lost time.
    let h = [
        "Deal - ID",
        "Deal - Value",
        "Deal - Currency of value",
        "Deal - Status",
        "Deal - Deal created",
        "Deal - Won time",
        "Deal - Lost time",
    ];
    let (o, _) = parse(
        &h,
        &[
            "7",
            "1500",
            "EUR",
            "Lost",
            "2024-01-02 10:00:00",
            "",
            "2024-02-03 11:00:00",
        ],
        read_deal,
    );
    let o = o.unwrap();
    assert!(o.is_closed && !o.is_won);
    assert_eq!(o.close_date, NaiveDate::from_ymd_opt(2024, 2, 3));
    assert_eq!(o.currency, Currency::parse("EUR"));
    // Meta in French: comma decimals, currency in the header, channel constant.
    let h = [
        "Début des rapports",
        "Fin des rapports",
        "Nom de la campagne",
        "Montant dépensé (EUR)",
        "Impressions",
    ];
    let (s, _) = parse(
        &h,
        &["13/02/2024", "13/02/2024", "Promo", "1 234,56", "10 000"],
        one_spend,
    );
    let s = s.unwrap();
    assert_eq!(s.cost, Money(12_345_600));
    assert_eq!(s.currency, Currency::parse("EUR"));
    assert_eq!(s.date, NaiveDate::from_ymd_opt(2024, 2, 13).unwrap());
    assert_eq!(s.impressions, Some(10_000));
}

#[test]
fn stage_names_and_flags_read_without_allocating() {
    // The rule as first written: every letter lower-cased, then the ending.
    let reference = |stage: &str| {
        let key: String = stage
            .chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if key.ends_with("won") {
            Some((true, true))
        } else if key.ends_with("lost") {
            Some((true, false))
        } else {
            None
        }
    };
    for stage in [
        "Closed Won",
        "closedwon",
        "WON",
        "Closed Lost",
        "lost",
        "Open",
        "",
        "w",
        "on",
        "Won (Partner)",
        "Négociation perdue",
        "6 - Closed-Won",
        "Lost 🙁",
        "ost",
        "xlost",
    ] {
        assert_eq!(stage_outcome(stage), reference(stage), "{stage:?}");
    }
    for t in ["", " ", "a", " a ", "\u{a0}x\u{2003}", "x\t", "é", "a b"] {
        assert_eq!(trim(t), t.trim(), "{t:?}");
    }
    assert!(is_one_of("TRUE", &["true", "t"]));
    assert!(is_one_of("Closed Lost", &["lost", "closed lost"]));
    assert!(!is_one_of("a value longer than sixteen", &["true", "t"]));
    assert!(!is_one_of("", &["true", "t"]));
    for t in [
        "WAHR",
        "Ja",
        "VRAI",
        "Oui",
        "VERDADERO",
        "Sí",
        "SÍ",
        "si",
        "VERDADEIRO",
        "Sim",
        "x",
        "1",
    ] {
        assert!(is_one_of(t, TRUE) && !is_one_of(t, FALSE), "{t:?}");
    }
    for t in [
        "FALSCH", "Nein", "FAUX", "Non", "FALSO", "No", "Não", "NÃO", "nao", "0", "false",
    ] {
        assert!(is_one_of(t, FALSE) && !is_one_of(t, TRUE), "{t:?}");
    }
    assert!(!is_one_of("vielleicht", TRUE) && !is_one_of("Sì", FALSE));
}

#[test]
fn spend_and_touch_rows() {
    let (s, _) = parse(
        &["date", "channel", "cost", "clicks"],
        &["2024-01-05", "google ads", "1,234.50 €", "1,204"],
        one_spend,
    );
    let s = s.unwrap();
    assert_eq!(s.cost, Money(12_345_000));
    assert_eq!(s.clicks, Some(1204));
    let (l, _) = parse(
        &["lead_id", "email", "created_at"],
        &["L1", "a@b.co", "2024-01-01"],
        read_lead,
    );
    let leads = [l.unwrap()];
    let keys = crate::input::leadkeys::LeadKeys::new([&leads[..]]);
    let known = RowContext {
        leads: Some(&keys),
        ..ctx()
    };
    let (t, _) = parse(
        &["at", "email", "team"],
        &["2024-01-05T10:00:00Z", "A@b.co", "Sales"],
        |r, l, _| touch(r, &known, l, &mut 0, &mut LastLead::default()),
    );
    let t = t.unwrap();
    assert_eq!(
        (t.tags.team(), t.lead, t.tags.by_email()),
        (Team::Sales, 0, true)
    );
    let (t, _) = parse(
        &["at", "lead_id", "email", "team"],
        &["2024-01-05T10:00:00Z", "L1", "x@y.co", "marketing"],
        |r, l, _| touch(r, &known, l, &mut 0, &mut LastLead::default()),
    );
    assert!(!t.unwrap().tags.by_email(), "the id comes first");
    let (t, _) = parse(
        &["at", "lead_id", "email", "team"],
        &["2024-01-05T10:00:00Z", "L9", "x@y.co", "marketing"],
        |r, l, _| touch(r, &known, l, &mut 0, &mut LastLead::default()),
    );
    assert_eq!(
        t.unwrap_err(),
        "touch matches no lead: no lead file has lead_id (column 2) \"L9\" or email (column 3) (an email address, hidden; set show_people = true to see it); add the export that holds this lead, or correct the touch"
    );
    let (t, _) = parse(
        &["at", "email", "team"],
        &["2024-01-05T10:00:00Z", "a@b.co", "support"],
        |r, l, _| touch(r, &known, l, &mut 0, &mut LastLead::default()),
    );
    assert!(t.unwrap_err().contains("must be marketing or sales"));
    // Rows naming the lead of the row before find it again without a lookup, a lead that is
    // not there as well.
    let mut last = LastLead::default();
    for (id, want) in [
        ("L1", Some(0)),
        ("L1", Some(0)),
        ("L9", None),
        ("L9", None),
        ("L1", Some(0)),
    ] {
        let (t, _) = parse(
            &["at", "lead_id", "team"],
            &["2024-01-05T10:00:00Z", id, "sales"],
            |r, l, _| touch(r, &known, l, &mut 0, &mut last),
        );
        assert_eq!(t.ok().map(|t| t.lead), want, "{id}");
    }
    // A touch is dated between 1970 and 2106 (`datetime::Stamp`), else refused.
    for (at, ok) in [
        ("1970-01-01T00:00:00Z", true),
        ("2106-02-07T06:28:15Z", true),
        ("1969-12-31T23:59:59Z", false),
        ("2106-02-07T06:28:16Z", false),
        ("0202-05-01", false),
    ] {
        let (t, _) = parse(
            &["at", "lead_id", "team"],
            &[at, "L1", "sales"],
            |r, l, _| touch(r, &known, l, &mut 0, &mut LastLead::default()),
        );
        match t {
            Ok(t) => assert!(ok, "{at} taken as {}", t.at.get()),
            Err(e) => {
                assert!(!ok, "{at}: {e}");
                if at.len() == 20 {
                    assert!(e.contains(&format!(" {at} is outside")), "{e}");
                }
                assert!(
                        e.starts_with("at (column 1): ")
                            && e.ends_with(
                                " is outside the years a touch can have (1970 to 2106); correct the date"
                            ),
                        "{e}"
                    );
            }
        }
    }
}

#[test]
fn invalid_utf8_names_the_column() {
    let header: Vec<String> = ["lead_id", "created_at"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let all: Vec<&Profile> = builtin::profiles().iter().collect();
    let Recognition::Matched(m) = recognise(&all, &header) else {
        panic!()
    };
    let view = FileView {
        profile: m.profile,
        numbers: crate::input::marks::Numbers::new(m.profile, &m.map, header.len(), None),
        map: m.map,
        header: header.clone(),
        header_currency: None,
        orders: [DateOrder::MonthFirst; FIELD_COUNT],
        hints: Vec::new(),
        range: None,
        evidence: (0..FIELD_COUNT)
            .map(|_| Cell::new(OrderEvidence::default()))
            .collect(),
        show_people: false,
    };
    let record = Record::from_fields([&b"a\xffb"[..], b"2024-01-01"]);
    let row = Row::new(&record, &view);
    let e = read_lead(&row, &mut Labels::default(), &mut Notes::new()).unwrap_err();
    assert!(e.contains("lead_id (column 1): not valid UTF-8"), "{e}");
}
