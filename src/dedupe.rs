//! Duplicates (spec section 3.4): one row per id per source, one lead per person.

use crate::config::Config;
use crate::datetime::Instant;
use crate::ledger::FileLedger;
use crate::model::{Labels, Lead, Opportunity, Origin};
use std::collections::HashMap;

/// Leads after the duplicate rules, and where each original row went.
pub struct Deduped {
    /// The surviving leads, merged, in input order.
    pub leads: Vec<Lead>,
    /// For every original lead row, the index of the lead it became part of.
    pub target: Vec<u32>,
}

/// Of rows with the same id in the same source, keeps the one with the latest `updated_at`, or
/// failing that the last row. Returns which rows to keep.
fn keep_latest<'a>(
    rows: impl Iterator<Item = (&'a str, &'a str, Option<Instant>, Origin)>,
) -> (Vec<bool>, Vec<usize>) {
    let mut best: HashMap<(&str, &str), usize> = HashMap::new();
    let mut keys: Vec<(Option<Instant>, Origin)> = Vec::new();
    let mut winner_of = Vec::new();
    for (i, (source, id, updated, origin)) in rows.enumerate() {
        keys.push((updated, origin));
        let slot = best.entry((source, id)).or_insert(i);
        if keys[i] >= keys[*slot] {
            *slot = i;
        }
        winner_of.push((source, id));
    }
    let winners: Vec<usize> = winner_of.iter().map(|k| best[k]).collect();
    let keep = winners.iter().enumerate().map(|(i, w)| *w == i).collect();
    (keep, winners)
}

/// Applies the duplicate rules to leads: first by id within a source, then by email across all
/// sources (the same email is one person: earliest `created_at`, earliest stage dates, the
/// marketing channel kept). Counts each merged row as a duplicate in its file's ledger.
pub fn dedupe_leads(
    leads: Vec<Lead>,
    sources: &[&str],
    ledgers: &mut [FileLedger],
    labels: &Labels,
    config: &Config,
) -> Deduped {
    let (keep, winners) = keep_latest(leads.iter().map(|l| {
        (
            sources[l.origin.file as usize],
            &*l.lead_id,
            l.updated_at,
            l.origin,
        )
    }));
    let mut redirect: Vec<usize> = winners;
    // Group the kept rows by email; the earliest created is the survivor.
    let mut by_email: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, l) in leads.iter().enumerate() {
        if let (true, Some(e)) = (keep[i], &l.email) {
            by_email.entry(e).or_default().push(i);
        }
    }
    let mut merged_into: Vec<Option<usize>> = vec![None; leads.len()];
    let mut groups: Vec<Vec<usize>> = by_email.into_values().filter(|g| g.len() > 1).collect();
    groups.sort_unstable();
    let mut merges: Vec<(usize, Vec<usize>)> = Vec::new();
    for mut group in groups {
        group.sort_by_key(|&i| (leads[i].created_at, leads[i].origin));
        let survivor = group[0];
        for &m in &group[1..] {
            merged_into[m] = Some(survivor);
        }
        merges.push((survivor, group));
    }
    let mut leads = leads;
    for (survivor, group) in &merges {
        let merged = merge_person(group.iter().map(|&i| &leads[i]), labels, config);
        leads[*survivor] = merged;
    }
    for r in redirect.iter_mut() {
        *r = merged_into[*r].unwrap_or(*r);
    }
    let mut new_index = vec![u32::MAX; leads.len()];
    let mut survivors = Vec::new();
    for (i, l) in leads.into_iter().enumerate() {
        if redirect[i] == i {
            new_index[i] = survivors.len() as u32;
            survivors.push(l);
        } else {
            ledgers[l.origin.file as usize].duplicates += 1;
        }
    }
    let target = redirect.iter().map(|&r| new_index[r]).collect();
    Deduped {
        leads: survivors,
        target,
    }
}

/// One lead from several rows of the same person, earliest created first.
fn merge_person<'a>(
    mut rows: impl Iterator<Item = &'a Lead>,
    labels: &Labels,
    config: &Config,
) -> Lead {
    let first = rows.next().expect("a group has rows");
    let mut out = first.clone();
    let marketing = |l: &Lead| {
        let name = labels.channels.name(l.channel);
        name != crate::channel::NONE && config.is_marketing_channel(name)
    };
    let mut channel_fixed = marketing(first);
    for l in rows {
        out.mql_at = earliest(out.mql_at, l.mql_at);
        out.sql_at = earliest(out.sql_at, l.sql_at);
        out.customer_at = earliest(out.customer_at, l.customer_at);
        if !channel_fixed && marketing(l) {
            out.channel = l.channel;
            out.campaign = l.campaign;
            channel_fixed = true;
        }
        if out.company.is_none() {
            out.company = l.company.clone();
        }
        if out.converted_opportunity_id.is_none() {
            out.converted_opportunity_id = l.converted_opportunity_id.clone();
        }
        for (mine, theirs) in [
            (&mut out.owner, l.owner),
            (&mut out.status, l.status),
            (&mut out.disqualified_reason, l.disqualified_reason),
        ] {
            if *mine == 0 {
                *mine = theirs;
            }
        }
        if out.campaign == 0 && out.channel == l.channel {
            out.campaign = l.campaign;
        }
    }
    out
}

fn earliest(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// Keeps one opportunity per id per source (latest `updated_at`, else last row); counts the rest
/// as duplicates.
pub fn dedupe_opportunities(
    opps: Vec<Opportunity>,
    sources: &[&str],
    ledgers: &mut [FileLedger],
) -> Vec<Opportunity> {
    let (keep, _) = keep_latest(opps.iter().map(|o| {
        (
            sources[o.origin.file as usize],
            &*o.opportunity_id,
            o.updated_at,
            o.origin,
        )
    }));
    opps.into_iter()
        .zip(keep)
        .filter_map(|(o, k)| {
            if !k {
                ledgers[o.origin.file as usize].duplicates += 1;
            }
            k.then_some(o)
        })
        .collect()
}
