//! The report currency's choice, on hand-made rows: the same whatever the order, ties by code.

use super::*;
use crate::base::datetime::When;
use crate::model::{NO_ROW, Origin, Texts};
use chrono::NaiveDate;

fn cur(code: &str) -> Currency {
    Currency::parse(code).unwrap()
}

fn deal(line: u64, amount: i64, code: &str) -> Opportunity {
    Opportunity {
        origin: Origin::new(0, line),
        text: Texts::default(),
        created_at: Some(0).into(),
        close_date: None,
        stage: 0,
        is_closed: false,
        is_won: false,
        amount: Money::from_units(amount),
        currency: Currency::parse(code),
        owner: 0,
        channel: 0,
        campaign: 0,
        updated_at: When::NONE,
        first_key: NO_ROW,
        more_keys: None,
        email_row: NO_ROW,
    }
}

/// A spend row's `days` records, as a row over a range is spread (same line).
fn spend(line: u64, cost: i64, code: &str, days: i64) -> Vec<Spend> {
    (0..days)
        .map(|d| Spend {
            origin: Origin::new(0, line),
            date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(d),
            channel: 0,
            campaign: 0,
            cost: Money(Money::from_units(cost).0 / i128::from(days)),
            currency: Currency::parse(code),
            impressions: None,
            clicks: None,
            conversions: None,
        })
        .collect()
}

fn batch(deals: Vec<Opportunity>, spend: Vec<Spend>) -> Batch {
    Batch {
        opportunities: deals,
        spend,
        ..Batch::default()
    }
}

/// Three files: EUR spend (3 rows, one spread over 7 days), USD deals (2 rows, one of zero),
/// and a file of one GBP deal and one deal with no currency.
fn files() -> Vec<Batch> {
    let mut eur = spend(2, 700, "EUR", 7);
    eur.extend(spend(3, 50, "EUR", 1));
    eur.extend(spend(4, 60, "EUR", 1));
    vec![
        batch(Vec::new(), eur),
        batch(vec![deal(2, 1000, "USD"), deal(3, 0, "USD")], Vec::new()),
        batch(vec![deal(2, 900, "GBP"), deal(3, 5, "")], Vec::new()),
    ]
}

/// Every order of `n` items (Heap's algorithm), as lists of indices.
fn orders(n: usize) -> Vec<Vec<usize>> {
    fn go(k: usize, a: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if k <= 1 {
            out.push(a.clone());
            return;
        }
        for i in 0..k {
            go(k - 1, a, out);
            let j = if k.is_multiple_of(2) { i } else { 0 };
            a.swap(j, k - 1);
        }
    }
    let mut out = Vec::new();
    go(n, &mut (0..n).collect(), &mut out);
    out
}

fn in_order(order: &[usize]) -> Vec<Batch> {
    let mut all: Vec<Option<Batch>> = files().into_iter().map(Some).collect();
    order.iter().map(|&i| all[i].take().unwrap()).collect()
}

#[test]
fn rows_are_counted_once_a_row_and_only_with_money() {
    let s = choose(stated(&files()), &Config::default());
    let eur = Tally {
        currency: cur("EUR"),
        rows: 3,
        amount: Money::from_units(810),
    };
    let usd = Tally {
        currency: cur("USD"),
        rows: 1,
        amount: Money::from_units(1000),
    };
    let gbp = Tally {
        currency: cur("GBP"),
        rows: 1,
        amount: Money::from_units(900),
    };
    // Most rows first; GBP before USD at one row each.
    assert_eq!(s.stated, [eur, gbp, usd]);
    assert_eq!((s.code, s.basis), (cur("EUR"), Basis::MostRows));
    assert_eq!(
        s.how(),
        "most spend and revenue: EUR (3 rows), also GBP (1 row, no rate), USD (1 row, no rate)"
    );
}

#[test]
fn the_choice_is_the_same_in_every_file_order() {
    let first = choose(stated(&files()), &Config::default());
    let orders = orders(3);
    assert_eq!(orders.len(), 6);
    for order in orders {
        let mut batches = in_order(&order);
        let mut got = choose(stated(&batches), &Config::default());
        assert_eq!(got, first, "order {order:?}");
        for b in &mut batches {
            got.convert(&mut b.opportunities, &mut b.spend, &mut b.ledger);
        }
        let left: Vec<(Currency, u64, Money)> = got
            .left_out
            .iter()
            .map(|t| (t.currency, t.rows, t.amount))
            .collect();
        assert_eq!(
            left,
            [
                (cur("GBP"), 1, Money::from_units(900)),
                (cur("USD"), 1, Money::from_units(1000)),
            ],
            "order {order:?}"
        );
    }
}

#[test]
fn a_tie_goes_to_the_first_code_whatever_the_order() {
    let t = |code: &str| Tally {
        currency: cur(code),
        rows: 4,
        amount: Money::from_units(1),
    };
    for order in orders(3) {
        let all = [t("USD"), t("EUR"), t("GBP")];
        let list: Vec<Tally> = order.iter().map(|&i| all[i]).collect();
        assert_eq!(choose(list, &Config::default()).code, cur("EUR"));
    }
}

#[test]
fn the_configured_currency_wins() {
    let config = Config {
        currency: Currency::parse("USD"),
        ..Config::default()
    };
    let s = choose(stated(&files()), &config);
    assert_eq!((s.code, s.basis), (cur("USD"), Basis::Configured));
    assert_eq!(
        s.how(),
        "configured; the files also state EUR (3 rows, no rate), GBP (1 row, no rate)"
    );
}

#[test]
fn a_currency_with_a_rate_is_not_the_report_currency() {
    // Rates for EUR and GBP are units of some other currency per EUR and per GBP: USD, the
    // only one without, is the report's though EUR has more rows.
    let mut config = Config::default();
    config
        .exchange_rates
        .insert(cur("EUR"), Rate::parse("1.08").unwrap());
    config
        .exchange_rates
        .insert(cur("GBP"), Rate::parse("1.27").unwrap());
    let s = choose(stated(&files()), &config);
    assert_eq!((s.code, s.basis), (cur("USD"), Basis::MostRows));
    assert_eq!(
        s.how(),
        "most spend and revenue among the currencies with no rate under [exchange_rates]: \
         USD (1 row), also EUR (3 rows at 1.08 USD per EUR), GBP (1 row at 1.27 USD per GBP)"
    );
}

#[test]
fn when_every_currency_has_a_rate_most_rows_decide_and_say_so() {
    let mut config = Config::default();
    for code in ["EUR", "GBP", "USD"] {
        config
            .exchange_rates
            .insert(cur(code), Rate::parse("2").unwrap());
    }
    let s = choose(stated(&files()), &config);
    assert_eq!(s.code, cur("EUR"));
    assert!(
        s.how().ends_with(
            "every currency stated has a rate, so EUR's is not used; set `currency` to the report currency"
        ),
        "{}",
        s.how()
    );
}

#[test]
fn no_currency_stated_is_usd_by_default() {
    let s = choose(
        stated(&[batch(vec![deal(2, 5, "")], Vec::new())]),
        &Config::default(),
    );
    assert_eq!((s.code, s.basis), (cur("USD"), Basis::NoneStated));
    assert_eq!(
        s.statement(),
        "Amounts in USD: no file states a currency; USD by default."
    );
}

#[test]
fn rows_convert_at_their_rate_and_a_spread_row_is_rejected_once() {
    let mut config = Config::default();
    config
        .exchange_rates
        .insert(cur("USD"), Rate::parse("0.9").unwrap());
    let mut files = files();
    let mut s = choose(stated(&files), &config);
    assert_eq!(s.code, cur("EUR"));
    for b in &mut files {
        s.convert(&mut b.opportunities, &mut b.spend, &mut b.ledger);
    }
    // 1000 USD at 0.9 EUR per USD; the zero-amount USD deal needs no rate; GBP has none.
    let amounts: Vec<Money> = files[1].opportunities.iter().map(|o| o.amount).collect();
    assert_eq!(amounts, [Money::from_units(900), Money::ZERO]);
    assert_eq!(files[2].ledger.rejected, 1);
    assert_eq!(
        files[2].opportunities.len(),
        1,
        "the deal with no currency stays"
    );
    assert_eq!(
        s.left_out_line().unwrap(),
        "1 row left out of the EUR report for want of exchange rates: GBP 1 row (£900); \
         add under [exchange_rates] in baton.toml: `GBP = <EUR per GBP>`"
    );

    // A spend row over 7 days in GBP with no rate: one rejected row, all its days dropped.
    let mut gbp = batch(Vec::new(), spend(5, 70, "GBP", 7));
    gbp.spend.extend(spend(6, 10, "EUR", 1));
    s.convert(&mut gbp.opportunities, &mut gbp.spend, &mut gbp.ledger);
    assert_eq!(gbp.ledger.rejected, 1);
    assert_eq!(gbp.ledger.rejects[0].line, 5);
    assert_eq!(gbp.spend.len(), 1);
    assert_eq!(s.left_out[0].rows, 2);
    assert_eq!(s.left_out[0].amount, Money::from_units(970));
}

#[test]
fn rates_are_written_as_given() {
    assert_eq!(rate_text(Rate::parse("0.92").unwrap()), "0.92");
    assert_eq!(rate_text(Rate::parse("150").unwrap()), "150");
    assert_eq!(rate_text(Rate::parse("1.270500").unwrap()), "1.2705");
}
