//! Handoff: speed to lead, dropped batons, sales acceptance and the owners table from an engine.
//! The engine reduces the touches to one row per MQL (its first sales touch after it became one)
//! and the deals to sums by owner; baton measures the waits (working hours need the time zone and
//! the calendar) and adds them up with the in-memory engine's own `Tally`.

use crate::analysis::handoff::{Handoff, Labels, Mql, Tally};
use crate::analysis::owners::OwnerDeals;
use crate::base::datetime::Month;
use crate::base::error::Result;
use crate::base::intern::Interner;
use crate::base::money::Money;
use crate::config::Config;
use crate::engine::Engine;
use crate::engine::columns::{self, int, text};
use crate::engine::queries::{HANDOFF, OWNER_DEALS};
use std::collections::BTreeMap;

/// Every month's handoff, from one row per MQL.
pub(crate) fn handoffs(engine: &dyn Engine, config: &Config) -> Result<BTreeMap<Month, Handoff>> {
    let q = HANDOFF.name;
    let mut tally = Tally::new(config);
    let (mut owners, mut channels, mut words) = Default::default();
    let intern = |names: &mut Interner, v: Option<&str>| names.intern(v.unwrap_or(""));
    for batch in engine.run(HANDOFF.sql)? {
        let mql_at = columns::ints(q, &batch, "mql_at")?;
        let first_sales = columns::ints(q, &batch, "first_sales_at")?;
        let sql_at = columns::ints(q, &batch, "sql_at")?;
        let owner = columns::texts(q, &batch, "owner")?;
        let channel = columns::texts(q, &batch, "channel")?;
        let status = columns::texts(q, &batch, "status")?;
        let reason = columns::texts(q, &batch, "disqualification_reason")?;
        let person = columns::texts(q, &batch, "person")?;
        for row in 0..batch.num_rows() {
            let Some(at) = int(&mql_at, row) else {
                return Err(columns::wrong(q, format!("row {row}: no mql_at")));
            };
            let mql = Mql {
                at,
                first_sales: int(&first_sales, row),
                sql_at: int(&sql_at, row),
                owner: intern(&mut owners, text(&owner, row)),
                channel: intern(&mut channels, text(&channel, row)),
                status: intern(&mut words, text(&status, row)),
                reason: intern(&mut words, text(&reason, row)),
            };
            tally.add(&mql, &words, |people| {
                // A dataset written without `pseudonym_key` or `show_people` lists no one.
                if let Some(p) = text(&person, row) {
                    people.push_listed(p.to_string());
                }
            });
        }
    }
    Ok(tally.finish(Labels {
        owners: &owners,
        channels: &channels,
        words: &words,
    }))
}

/// Every month's deals by owner: created, won, lost and revenue won.
pub(crate) fn owner_deals(engine: &dyn Engine) -> Result<OwnerDeals> {
    let mut out = OwnerDeals::new();
    for query in OWNER_DEALS {
        let q = query.name;
        for batch in engine.run(query.sql)? {
            let period = columns::texts(q, &batch, "period")?;
            let owner = columns::texts(q, &batch, "owner")?;
            let counts: Vec<Option<_>> = ["opportunities", "won", "lost", "revenue_e4"]
                .iter()
                .map(|c| columns::ints(q, &batch, c).ok())
                .collect();
            for row in 0..batch.num_rows() {
                let month = columns::month(q, &period, row)?;
                let name = text(&owner, row).unwrap_or("(no owner)").to_string();
                let sums = out.entry((month, name)).or_default();
                let n = |i: usize| counts[i].as_ref().and_then(|c| int(c, row)).unwrap_or(0);
                sums.0 += n(0) as u64;
                sums.1 += n(1) as u64;
                sums.2 += n(2) as u64;
                sums.3 += Money(i128::from(n(3)));
            }
        }
    }
    Ok(out)
}
