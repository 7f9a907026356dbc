//! Deals: the `opportunities` table, one row a deal after dedupe with its lead and the channel
//! and campaign it is credited to, partitioned by the month it was created (else closed).

use crate::base::datetime::{Month, local_date};
use crate::dataset::columns::{
    cents, day, flag, instant, int, label, local_month, ten_thousandths, text,
};
use crate::dataset::tables::{Source, Table};

/// The `opportunities` table.
pub(crate) fn tabulate(s: Source<'_>) -> Table<'_> {
    let f = s.funnel;
    let tz = s.config.tz;
    let deals = &f.deals;
    let rows = deals
        .iter()
        .zip(0..)
        .map(|(d, i)| {
            let created = d.opp.created_at.map(|t| local_month(t, tz));
            (created.or(d.opp.close_date.map(Month::of)), i)
        })
        .collect();
    let deal = move |i: u32| &deals[i as usize];
    let currency = f.currency.code.to_string();
    let mut columns = vec![
        int("deal", |i| Some(i64::from(i))),
        int("lead", move |i| deal(i).lead.map(i64::from)),
    ];
    columns.extend(instant(
        ["created_at", "created_month", "created_day"],
        tz,
        move |i| deal(i).opp.created_at,
    ));
    columns.extend([
        day("close_date", move |i| deal(i).opp.close_date),
        text("close_month", move |i| {
            deal(i).opp.close_date.map(|d| Month::of(d).to_string())
        }),
        int("cycle_days", move |i| {
            let o = &deal(i).opp;
            Some((o.close_date? - local_date(o.created_at?, tz)).num_days())
        }),
        int("dated_at", move |i| {
            Some(deal(i).opp.dated_at()).filter(|&t| t != i64::MAX)
        }),
        int("amount_cents", move |i| cents(deal(i).opp.amount)),
        int("amount_e4", move |i| ten_thousandths(deal(i).opp.amount)),
        text("currency", move |_| Some(currency.clone())),
        flag("is_closed", move |i| Some(deal(i).opp.is_closed)),
        flag("is_won", move |i| Some(deal(i).opp.is_won)),
        text("owner", move |i| {
            label(f.labels.owners.name(deal(i).opp.owner))
        }),
        text("channel", move |i| {
            label(f.labels.channels.name(deal(i).channel))
        }),
        text("campaign", move |i| {
            label(f.labels.campaigns.name(deal(i).campaign))
        }),
        flag("marketing", move |i| {
            Some(
                s.config
                    .is_marketing_channel(f.labels.channels.name(deal(i).channel)),
            )
        }),
    ]);
    Table::new("opportunities", rows, columns)
}
