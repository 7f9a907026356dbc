//! Spend: the `spend` table, one row a day of one channel's (and campaign's) spend, with the file
//! and line it came from, partitioned by the month of its day.

use crate::base::datetime::Month;
use crate::dataset::columns::{cents, day, int, label, ten_thousandths, text};
use crate::dataset::tables::{Source, Table};

/// The `spend` table.
pub(crate) fn tabulate(s: Source<'_>) -> Table<'_> {
    let f = s.funnel;
    let spend = &f.spend;
    let mut order: Vec<u32> = (0..spend.len() as u32).collect();
    // By day, then where each row was read (a row spread over days keeps its days' order).
    order.sort_by_key(|&i| {
        let r = &spend[i as usize];
        (r.date, r.origin)
    });
    let rows = order
        .into_iter()
        .map(|i| (Some(Month::of(spend[i as usize].date)), i))
        .collect();
    let row = move |i: u32| &spend[i as usize];
    let currency = f.currency.code.to_string();
    let count = |n: Option<u64>| n.and_then(|n| i64::try_from(n).ok());
    let columns = vec![
        day("date", move |i| Some(row(i).date)),
        text("date_month", move |i| {
            Some(Month::of(row(i).date).to_string())
        }),
        text("channel", move |i| {
            label(f.labels.channels.name(row(i).channel))
        }),
        text("campaign", move |i| {
            label(f.labels.campaigns.name(row(i).campaign))
        }),
        int("cost_cents", move |i| cents(row(i).cost)),
        int("cost_e4", move |i| ten_thousandths(row(i).cost)),
        text("currency", move |_| Some(currency.clone())),
        int("impressions", move |i| count(row(i).impressions)),
        int("clicks", move |i| count(row(i).clicks)),
        int("conversions_e2", move |i| row(i).conversions.map(i64::from)),
        text("source_file", move |i| {
            f.ledgers
                .get(row(i).origin.file as usize)
                .map(|l| l.rel.as_str())
        }),
        int("source_line", move |i| Some(i64::from(row(i).origin.line))),
    ];
    Table::new("spend", rows, columns)
}
