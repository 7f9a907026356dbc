//! Contact: over-contact and the platforms' claims from an engine. The engine counts the touches
//! in every 7-day window and keeps only the people over the limit; baton supplies the first
//! instant of each month (local midnight, which needs the time zone) and lists the people.

use crate::analysis::claims::{self, PlatformClaims};
use crate::analysis::contact::{self, OverContact};
use crate::base::datetime::{Month, Months};
use crate::base::error::Result;
use crate::base::intern::{Interner, Sym};
use crate::engine::Engine;
use crate::engine::columns::{self, int, text};
use crate::engine::queries::{CLAIMS, OVER_CONTACT, SAME_DAY, TOUCH_MONTHS};
use std::collections::{BTreeMap, BTreeSet};

/// Every month's over-contact, with `limit` touches in 7 days allowed.
pub(crate) fn over_contact(
    engine: &dyn Engine,
    limit: u32,
    months_of: &Months,
) -> Result<BTreeMap<Month, OverContact>> {
    // Per month: people over the limit, those listed by name, and people both teams touched.
    let mut over: BTreeMap<Month, (u64, Vec<(String, u64)>)> = BTreeMap::new();
    let mut both: BTreeMap<Month, u64> = BTreeMap::new();
    let mut with_touches = BTreeSet::new();
    for batch in engine.run(TOUCH_MONTHS.sql)? {
        let period = columns::texts(TOUCH_MONTHS.name, &batch, "period")?;
        for row in 0..batch.num_rows() {
            with_touches.insert(columns::month(TOUCH_MONTHS.name, &period, row)?);
        }
    }
    if !with_touches.is_empty() {
        let starts: Vec<String> = with_touches
            .iter()
            .map(|m| format!("('{m}', '{}', {})", m.next(), months_of.start(m.next())))
            .collect();
        let sql = OVER_CONTACT
            .sql
            .replace("{months}", &starts.join(", "))
            .replace("{limit}", &limit.to_string());
        let q = OVER_CONTACT.name;
        // Each person's most touches in a month, over the windows at touches and at its start.
        let mut most: BTreeMap<(Month, i64), (Option<String>, u64)> = BTreeMap::new();
        for batch in engine.run(&sql)? {
            let period = columns::texts(q, &batch, "period")?;
            let lead = columns::ints(q, &batch, "lead")?;
            let person = columns::texts(q, &batch, "person")?;
            let n = columns::ints(q, &batch, "n")?;
            for row in 0..batch.num_rows() {
                let key = (
                    columns::month(q, &period, row)?,
                    int(&lead, row).unwrap_or(-1),
                );
                let e = most.entry(key).or_default();
                e.0 = text(&person, row).map(str::to_string);
                e.1 = e.1.max(int(&n, row).unwrap_or(0) as u64);
            }
        }
        for ((month, _), (person, n)) in most {
            let m = over.entry(month).or_default();
            m.0 += 1;
            // A dataset written without `pseudonym_key` or `show_people` names no one.
            if let Some(p) = person {
                m.1.push((p, n));
            }
        }
    }
    for batch in engine.run(SAME_DAY.sql)? {
        let period = columns::texts(SAME_DAY.name, &batch, "period")?;
        let n = columns::ints(SAME_DAY.name, &batch, "both_teams")?;
        for row in 0..batch.num_rows() {
            let m = columns::month(SAME_DAY.name, &period, row)?;
            *both.entry(m).or_default() += int(&n, row).unwrap_or(0) as u64;
        }
    }
    let months: BTreeSet<Month> = over.keys().chain(both.keys()).copied().collect();
    Ok(months
        .into_iter()
        .map(|m| {
            let (count, listed) = over.remove(&m).unwrap_or_default();
            let b = both.get(&m).copied().unwrap_or(0);
            (m, contact::month(limit, count, b, listed))
        })
        .collect())
}

/// Every month's platform claims, and whether any spend row carries conversions.
pub(crate) fn claims(engine: &dyn Engine) -> Result<(BTreeMap<Month, PlatformClaims>, bool)> {
    let (mut channels, mut campaigns) = (Interner::default(), Interner::default());
    let mut claimed: BTreeMap<(Month, Sym, Sym), u64> = BTreeMap::new();
    let mut crm: BTreeMap<(Month, Sym, Sym), u64> = BTreeMap::new();
    let q = CLAIMS.name;
    for batch in engine.run(CLAIMS.sql)? {
        let period = columns::texts(q, &batch, "period")?;
        let channel = columns::texts(q, &batch, "channel")?;
        let campaign = columns::texts(q, &batch, "campaign")?;
        let hundredths = columns::ints(q, &batch, "claimed_e2")?;
        let leads = columns::ints(q, &batch, "leads")?;
        for row in 0..batch.num_rows() {
            let key = (
                columns::month(q, &period, row)?,
                channels.intern(text(&channel, row).unwrap_or("")),
                campaigns.intern(text(&campaign, row).unwrap_or("")),
            );
            *claimed.entry(key).or_default() += int(&hundredths, row).unwrap_or(0) as u64;
            *crm.entry(key).or_default() += int(&leads, row).unwrap_or(0) as u64;
        }
    }
    if claimed.is_empty() {
        return Ok((BTreeMap::new(), false));
    }
    let crm = |key: &(Month, Sym, Sym)| crm.get(key).copied().unwrap_or(0);
    Ok((claims::finish(claimed, crm, &channels, &campaigns), true))
}
