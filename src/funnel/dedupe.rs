//! Duplicates (docs/metrics.md, "Duplicates"): one row per id per source, one lead per person.

use crate::base::datetime::Instant;
use crate::base::intern::Sym;
use crate::config::Config;
use crate::funnel::assemble::LeadFiles;
use crate::input::leadkeys::KeyRows;
use crate::model::Created;
use crate::model::ledger::FileLedger;
use crate::model::{Labels, Lead, Opportunity, Origin, Texts, Updates};
use rustc_hash::FxHashMap;

/// What the duplicate rules decided for the lead rows.
pub struct Plan {
    /// For every original row, the index of the lead it becomes part of.
    pub target: Renumbering,
    /// For every lead, the original row that survives (in input order).
    pub survivors: Renumbering,
    /// Survivors that absorb other rows of the same person, with the group, earliest first.
    merges: Vec<(usize, Vec<usize>)>,
    /// The rows of a mailing list's members that a lead of another profile already stands for,
    /// in order: each reaches that lead (`target`), as neither a lead nor a duplicate
    /// (`funnel::subscribers`).
    pub members: Vec<u32>,
}

/// Renumbering given from one list to another: the same numbers when no lead row was a duplicate (no
/// table kept, 4 bytes a lead saved twice over), else a table.
#[derive(Debug, PartialEq, Eq)]
pub enum Renumbering {
    /// Each of this many numbers is its own.
    Same(usize),
    Table(Vec<u32>),
}

impl Renumbering {
    /// The number given to `i`.
    pub fn get(&self, i: u32) -> u32 {
        match self {
            Renumbering::Same(_) => i,
            Renumbering::Table(t) => t[i as usize],
        }
    }

    /// Whether every number is its own.
    pub fn is_same(&self) -> bool {
        matches!(self, Renumbering::Same(_))
    }

    /// How many numbers are given.
    pub fn count(&self) -> usize {
        match self {
            Renumbering::Same(n) => *n,
            Renumbering::Table(t) => t.len(),
        }
    }

    /// The table, if there is one (for asking the cache for its entries ahead).
    pub fn table(&self) -> Option<&[u32]> {
        match self {
            Renumbering::Same(_) => None,
            Renumbering::Table(t) => Some(t),
        }
    }
}

/// Of rows with the same id in the same source, keeps the one with the latest `updated_at`, or
/// failing that the last row. Returns whether each row is kept. Each (source, id) is found by its
/// 64-bit hash, with the row that wins it so far (16 bytes a deal, where a map keyed by the texts
/// took some 90 at the moment the joins' memory peaks); a second key with the same hash, which
/// is rare, goes in a map of its own.
fn keep_latest<'a>(
    count: usize,
    row: impl Fn(usize) -> (&'a str, &'a str, Option<Instant>, Origin),
) -> Vec<bool> {
    use std::hash::Hasher;
    let hash = |source: &str, id: &str| {
        let mut h = rustc_hash::FxHasher::default();
        h.write(source.as_bytes());
        h.write_u8(0xff);
        h.write(id.as_bytes());
        h.finish()
    };
    keep_latest_hashed(count, row, hash)
}

/// `keep_latest` with the hash `hash` of a source and an id.
fn keep_latest_hashed<'a>(
    count: usize,
    row: impl Fn(usize) -> (&'a str, &'a str, Option<Instant>, Origin),
    hash: impl Fn(&str, &str) -> u64,
) -> Vec<bool> {
    let mut best: FxHashMap<u64, u32> =
        FxHashMap::with_capacity_and_hasher(count, Default::default());
    let mut others: FxHashMap<(&str, &str), u32> = FxHashMap::default();
    let later = |i: usize, b: u32| {
        let (.., updated, origin) = row(i);
        let (.., b_updated, b_origin) = row(b as usize);
        (updated, origin) >= (b_updated, b_origin)
    };
    for i in 0..count {
        let (source, id, ..) = row(i);
        let slot = match best.entry(hash(source, id)) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i as u32);
                continue;
            }
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
        };
        let (b_source, b_id, ..) = row(*slot as usize);
        let slot = if (b_source, b_id) == (source, id) {
            slot
        } else {
            others.entry((source, id)).or_insert(i as u32)
        };
        if later(i, *slot) {
            *slot = i as u32;
        }
    }
    let mut kept = vec![false; count];
    for &r in best.values().chain(others.values()) {
        kept[r as usize] = true;
    }
    kept
}

/// The lead rows as read, and what the duplicate rules look up about them.
#[derive(Clone, Copy)]
pub struct LeadRows<'a> {
    pub leads: &'a [Lead],
    /// Their `updated_at`.
    pub updates: &'a Updates,
    /// The file each row came from.
    pub files: &'a LeadFiles,
    /// Each file's source.
    pub sources: &'a [&'a str],
    /// The rows of each lead id and email.
    pub keys: &'a KeyRows,
    /// Whether each file's rows are a mailing list's members (`Profile::subscribers`).
    pub subscribers: &'a [bool],
    /// Two records of one source with one email stay two leads (`Config::count_records`).
    pub count_records: bool,
}

/// Of the rows carrying the same lead id, keeps per source the one with the latest `updated_at`,
/// or failing that the last row. Returns, per row, the row that wins its id; none when no id
/// repeats (each row wins its own).
fn latest_per_source(rows: LeadRows) -> Option<Vec<u32>> {
    let mut repeated = rows.keys.repeated_ids().peekable();
    repeated.peek()?;
    let mut winners: Vec<u32> = (0..rows.leads.len() as u32).collect();
    for ids in repeated {
        let mut group = ids.to_vec();
        let source = |r: u32| rows.sources[rows.files.file_of(r) as usize];
        // Rows are numbered in input order: the later row wins a tie.
        group.sort_by_key(|&r| (source(r), rows.updates.get(r as usize), r));
        for run in group.chunk_by(|&a, &b| source(a) == source(b)) {
            let best = *run.last().expect("a run has rows");
            for &r in run {
                winners[r as usize] = best;
            }
        }
    }
    Some(winners)
}

/// Decides the duplicate rules for leads: first by id within a source, then by email across all
/// sources (the same email is one person: earliest `created_at`, earliest stage dates, the
/// marketing channel kept). Counts each merged row as a duplicate in its file's ledger. A
/// mailing list's member that `matched` pairs with a lead row of another profile (by member
/// row; `subscribers::matched`) takes no part: it reaches that row's lead, and is counted by
/// `subscribers::settle`.
pub fn plan_leads(rows: LeadRows, matched: &[(u32, u32)], ledgers: &mut [FileLedger]) -> Plan {
    let LeadRows {
        leads,
        files,
        keys,
        sources,
        count_records,
        ..
    } = rows;
    let source = |r: usize| sources[files.file_of(r as u32) as usize];
    // Row numbers are kept as u32 (4 bytes a lead) while the plan is made, and only when a
    // rule moves a row: most exports repeat no id and no email, and then no table is made.
    let mut redirect = latest_per_source(rows);
    let n = leads.len();
    let identity = || (0..n as u32).collect::<Vec<u32>>();
    let members: Vec<u32> = matched.iter().map(|m| m.0).collect();
    let is_member = |r: usize| !members.is_empty() && members.binary_search(&(r as u32)).is_ok();
    // The rows that stay after the id rule, grouped by email where an email has several.
    let groups = keys.repeated_emails().filter_map(|rows| {
        let kept: Vec<usize> = rows
            .iter()
            .map(|&r| r as usize)
            .filter(|&r| redirect.as_ref().is_none_or(|t| t[r] as usize == r) && !is_member(r))
            .collect();
        (kept.len() > 1).then_some(kept)
    });
    // Each kept row, or the survivor of its email group (made at the first group).
    let mut into: Option<Vec<u32>> = None;
    let mut merges: Vec<(usize, Vec<usize>)> = Vec::new();
    // Rows merged into a person that another record of their own source is part of.
    let mut same_email: Vec<u32> = Vec::new();
    for mut group in groups {
        // A mailing list's members are not CRM records: one on two lists is a plain duplicate;
        // nor are the rows of a report without ids (`normalize::lead`'s own ids).
        let record = |r: usize| {
            !rows.subscribers[files.file_of(r as u32) as usize]
                && !leads[r].lead_id().starts_with('\u{1}')
        };
        let shared = |r: usize| {
            record(r)
                && group
                    .iter()
                    .any(|&o| o != r && record(o) && source(o) == source(r))
        };
        if group.iter().any(|&r| shared(r)) {
            if count_records {
                // Each record stays a lead of its own (and so does every other row of the email).
                continue;
            }
            same_email.extend(group.iter().filter(|&&r| shared(r)).map(|&r| r as u32));
        }
        group.sort_by_key(|&i| (leads[i].creation_order(), i));
        let survivor = group[0];
        let into = into.get_or_insert_with(identity);
        for &m in &group[1..] {
            into[m] = survivor as u32;
        }
        merges.push((survivor, group));
    }
    merges.sort_unstable();
    same_email.sort_unstable();
    // Each row's id winner, then that winner's survivor.
    if let Some(into) = into {
        let redirect = redirect.get_or_insert_with(identity);
        for r in redirect.iter_mut() {
            *r = into[*r as usize];
        }
    }
    if !matched.is_empty() {
        let redirect = redirect.get_or_insert_with(identity);
        // Each member reaches the lead its match became part of (a row the rules above leave in
        // place), and so does a row the id rule sent to the member.
        for &(member, lead) in matched {
            redirect[member as usize] = redirect[lead as usize];
        }
        for i in 0..redirect.len() {
            redirect[i] = redirect[redirect[i] as usize];
        }
    }
    let redirect = match redirect {
        Some(t) if !t.iter().enumerate().all(|(i, &r)| r as usize == i) => t,
        _ => {
            return Plan {
                target: Renumbering::Same(n),
                survivors: Renumbering::Same(n),
                merges,
                members,
            };
        }
    };
    let mut target = vec![u32::MAX; leads.len()];
    let mut survivors = Vec::with_capacity(leads.len());
    for i in 0..leads.len() {
        if redirect[i] as usize == i {
            target[i] = survivors.len() as u32;
            survivors.push(i as u32);
        } else if !is_member(i) {
            let ledger = &mut ledgers[files.file_of(i as u32) as usize];
            // A row merged by email (the email groups hold only the rows that won their ids)
            // into a person another record of its source is part of: counted apart from plain
            // duplicates.
            if same_email.binary_search(&(i as u32)).is_ok() {
                ledger.same_email += 1;
            } else {
                ledger.duplicates += 1;
            }
        }
    }
    for i in 0..leads.len() {
        target[i] = target[redirect[i] as usize];
    }
    Plan {
        target: Renumbering::Table(target),
        survivors: Renumbering::Table(survivors),
        merges,
        members,
    }
}

impl Plan {
    /// Whether row `r` is the row its lead keeps (not one merged into another, nor a member that
    /// reaches a lead as a touch).
    pub fn is_survivor(&self, r: u32) -> bool {
        self.survivors.get(self.target.get(r)) == r
    }
}

/// Merges each person's rows into the surviving row, in place.
pub fn merge_in_place(leads: &mut [Lead], plan: &Plan, labels: &mut Labels, config: &Config) {
    for (survivor, group) in &plan.merges {
        let merged = merge_person(group.iter().map(|&i| &leads[i]), labels, config);
        leads[*survivor] = merged;
    }
}

/// The surviving leads, in input order.
pub fn compact(leads: Vec<Lead>, plan: &Plan) -> Vec<Lead> {
    let Renumbering::Table(survivors) = &plan.survivors else {
        return leads; // No row was a duplicate: every one survives, in order.
    };
    let mut keep = vec![false; leads.len()];
    for &s in survivors {
        keep[s as usize] = true;
    }
    leads
        .into_iter()
        .zip(keep)
        .filter_map(|(l, k)| k.then_some(l))
        .collect()
}

/// One lead from several rows of the same person, earliest created first.
fn merge_person<'a>(
    mut rows: impl Iterator<Item = &'a Lead>,
    labels: &mut Labels,
    config: &Config,
) -> Lead {
    let first = rows.next().expect("a group has rows");
    let mut out = first.clone();
    let marketing = |ch: Sym| {
        let name = labels.channels.name(ch);
        name != crate::model::channel::NONE && config.is_marketing_channel(name)
    };
    let mut to = labels.of(first);
    let mut channel_fixed = marketing(to.channel);
    let (mut company, mut converted) = (first.company(), first.converted_opportunity_id());
    for l in rows {
        out.mql_at = earliest(out.mql_at.get(), l.mql_at.get()).into();
        out.sql_at = earliest(out.sql_at.get(), l.sql_at.get()).into();
        let theirs = labels.of(l);
        if !channel_fixed && marketing(theirs.channel) {
            to.channel = theirs.channel;
            to.campaign = theirs.campaign;
            channel_fixed = true;
        }
        company = company.or(l.company());
        converted = converted.or(l.converted_opportunity_id());
        for (mine, theirs) in [
            (&mut to.owner, theirs.owner),
            (&mut to.status, theirs.status),
            (&mut to.reason, theirs.reason),
        ] {
            if *mine == 0 {
                *mine = theirs;
            }
        }
        if to.campaign == 0 && to.channel == theirs.channel {
            to.campaign = theirs.campaign;
        }
    }
    labels.set(&mut out, to);
    // Every text here is one a row already holds, so it fits; were it not, the first row's stay.
    if let Ok(text) = Texts::new(
        first.lead_id(),
        first.email(),
        company.unwrap_or(""),
        converted,
    ) {
        out.text = text;
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
    let kept = keep_latest(opps.len(), |i| {
        let o = &opps[i];
        (
            sources[o.origin.file as usize],
            o.opportunity_id(),
            o.updated_at.get(),
            o.origin,
        )
    });
    if kept.iter().all(|&k| k) {
        return opps; // No deal was a duplicate.
    }
    opps.into_iter()
        .zip(kept)
        .filter_map(|(o, k)| {
            if !k {
                ledgers[o.origin.file as usize].duplicates += 1;
            }
            k.then_some(o)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_row_of_each_source_and_id_wins() {
        let at = |line| Origin { file: 0, line };
        // Per (source, id): the latest updated_at, ties to the later row; no date loses.
        let rows = [
            ("crm", "A", Some(5), at(2)),
            ("crm", "A", Some(3), at(3)),
            ("crm", "B", None, at(4)),
            ("ads", "A", None, at(5)),
            ("crm", "A", Some(5), at(6)),
            ("crm", "B", Some(1), at(7)),
            ("crm", "B", None, at(8)),
        ];
        // Rows 4 (crm A), 5 (ads A) and 3 (crm B) win.
        let kept = keep_latest(rows.len(), |i| rows[i]);
        assert_eq!(kept, [false, false, false, true, true, true, false]);
        // The same when every key has the same hash (all but the first in the second map).
        let collide = keep_latest_hashed(rows.len(), |i| rows[i], |_, _| 7);
        assert_eq!(collide, kept);
    }

    /// A lead of one file, created at second `created`.
    fn lead(id: &str, email: &str, created: u32) -> Lead {
        Lead::bare(id, Some(email), created)
    }

    /// The plan of `leads`, all from one file of source `crm`, and how many rows were merged
    /// (duplicates, and records sharing an email).
    fn plan_of(leads: &[Lead]) -> (Plan, u64) {
        let keys = crate::input::leadkeys::LeadKeys::new([leads]).into_rows();
        let mut ledgers = vec![FileLedger::new("leads.csv")];
        let mut files = LeadFiles::default();
        files.add(0, leads.len(), 0);
        let rows = LeadRows {
            leads,
            updates: &Updates::default(),
            files: &files,
            sources: &["crm"],
            keys: &keys,
            subscribers: &[false],
            count_records: false,
        };
        let plan = plan_leads(rows, &[], &mut ledgers);
        (plan, ledgers[0].duplicates + ledgers[0].same_email)
    }

    #[test]
    fn rows_keep_their_numbers_when_none_is_a_duplicate() {
        let leads = [lead("L1", "a@x.co", 2), lead("L2", "b@x.co", 3)];
        let (plan, duplicates) = plan_of(&leads);
        assert_eq!(duplicates, 0);
        assert_eq!(plan.target, Renumbering::Same(2), "no table is kept");
        assert_eq!(plan.survivors, Renumbering::Same(2));
        assert_eq!((plan.target.get(1), plan.survivors.get(1)), (1, 1));
        assert_eq!(compact(leads.to_vec(), &plan).len(), 2);
    }

    #[test]
    fn rows_are_renumbered_when_some_are_duplicates() {
        // Row 1 repeats row 0's id (the later row wins), row 3 row 2's email (the earlier one
        // survives): leads 0 (row 1) and 1 (row 2).
        let leads = [
            lead("L1", "a@x.co", 2),
            lead("L1", "a@x.co", 3),
            lead("L2", "b@x.co", 4),
            lead("L3", "b@x.co", 5),
        ];
        let (plan, duplicates) = plan_of(&leads);
        assert_eq!(duplicates, 2);
        assert_eq!(plan.target, Renumbering::Table(vec![0, 0, 1, 1]));
        assert_eq!(plan.survivors, Renumbering::Table(vec![1, 2]));
        assert_eq!(plan.target.count(), 4);
        let kept: Vec<String> = compact(leads.to_vec(), &plan)
            .iter()
            .map(|l| l.lead_id().to_string())
            .collect();
        assert_eq!(kept, ["L1", "L2"]);
    }
}
