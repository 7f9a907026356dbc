//! Join: tie opportunities and touches to leads (docs/metrics.md, "Joins") and give every deal a channel.

use crate::base::datetime::Instant;
use crate::base::intern::Sym;
use crate::config::Config;
use crate::funnel::assemble::Dataset;
use crate::funnel::currency::ReportCurrency;
use crate::funnel::dedupe::{self, Renumbering};
use crate::input::formats::Field;
use crate::input::leadkeys::KeyRows;
use crate::model::channel;
use crate::model::keys::{self, split_ids};
use crate::model::ledger::FileLedger;
use crate::model::{Created, Entity, FunnelLead, Labels, Lead, Opportunity, Spend};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeSet;

/// How an opportunity found its lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinMethod {
    Id,
    Email,
    Account,
    /// No lead; the deal's own channel is used.
    OwnChannel,
    Unattributed,
}

/// What the analyses read of an opportunity once it is joined (its ids, texts and keys are
/// dropped: about 40 bytes instead of some 200 plus its strings).
#[derive(Clone, Copy, Debug)]
pub struct Terms {
    /// None when its export gave no creation date (`Opportunity::created_at`).
    pub created_at: Option<Instant>,
    pub close_date: Option<NaiveDate>,
    pub amount: crate::base::money::Money,
    pub owner: Sym,
    pub is_closed: bool,
    pub is_won: bool,
}

impl Terms {
    /// When it became a deal: its creation, else the start of its close date in UTC, else
    /// never (`Opportunity::dated_at`).
    pub fn dated_at(&self) -> Instant {
        self.created_at
            .or_else(|| {
                self.close_date
                    .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp())
            })
            .unwrap_or(Instant::MAX)
    }
}

/// An opportunity with its lead and attributed channel.
#[derive(Clone, Debug)]
pub struct Deal {
    pub opp: Terms,
    pub lead: Option<u32>,
    pub channel: Sym,
    pub campaign: Sym,
}

/// How many opportunities and touches each join method matched.
#[cfg_attr(feature = "parquet", derive(serde::Deserialize))]
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct JoinCounts {
    pub by_id: u64,
    pub by_email: u64,
    pub by_account: u64,
    pub own_channel: u64,
    pub unattributed: u64,
    pub touches_matched: u64,
    pub touches_unmatched: u64,
}

/// The joined funnel: what the metrics read.
#[derive(Debug)]
pub struct Funnel {
    pub leads: Vec<FunnelLead>,
    /// How the report names the leads (their texts are let go after the joins, unless shown).
    pub names: crate::funnel::names::Names,
    /// Each lead's first opportunity and first win.
    pub firsts: FirstDeals,
    pub deals: Vec<Deal>,
    pub spend: Vec<Spend>,
    /// Touches matched to a lead, grouped by lead, each lead's in time order
    /// (`by_lead::group_by_lead`).
    pub touches: Vec<crate::model::LeadTouch>,
    /// Where each lead's touches start in `touches` (one more number than there are leads).
    pub touch_starts: Vec<u32>,
    pub joins: JoinCounts,
    pub labels: Labels,
    pub currency: ReportCurrency,
    pub ledgers: Vec<FileLedger>,
    pub dataset_fields: BTreeSet<(crate::model::Entity, crate::input::formats::Field)>,
}

/// When each lead's first opportunity was created, and the close date of its first won one,
/// kept only for the leads that have a deal (20 bytes each, where two tables by lead took 13
/// bytes a lead: 13 MB at a million leads, a tenth of them with deals).
#[derive(Debug, Default)]
pub struct FirstDeals {
    /// (lead, first opportunity, first win), by lead.
    entries: Vec<(u32, crate::base::datetime::When, Option<NaiveDate>)>,
}

impl FirstDeals {
    /// From each deal's (lead, creation, close date if won), in any order.
    fn of(mut deals: Vec<(u32, Instant, Option<NaiveDate>)>) -> FirstDeals {
        deals.sort_unstable_by_key(|d| d.0);
        let mut entries: Vec<(u32, crate::base::datetime::When, Option<NaiveDate>)> = Vec::new();
        for run in deals.chunk_by(|a, b| a.0 == b.0) {
            let opportunity = run.iter().map(|d| d.1).min();
            let won = run.iter().filter_map(|d| d.2).min();
            entries.push((run[0].0, opportunity.into(), won));
        }
        FirstDeals { entries }
    }

    /// Each of the first `leads` leads' first opportunity and first win, in lead order.
    pub fn per_lead(
        &self,
        leads: usize,
    ) -> impl Iterator<Item = (Option<Instant>, Option<NaiveDate>)> + '_ {
        let mut next = self.entries.iter().peekable();
        (0..leads as u32).map(move |i| match next.next_if(|e| e.0 == i) {
            Some(&(_, opportunity, won)) => (opportunity.get(), won),
            None => (None, None),
        })
    }
}

/// Lookups from each join key to the leads that carry it.
/// (Lead ids and emails were looked up while the deals were read.)
struct LeadIndex<'a> {
    /// The lead rows of each lead id number, and the lead each row became.
    rows: &'a KeyRows,
    target: &'a Renumbering,
    by_converted: FxHashMap<&'a str, Cands>,
    by_company: FxHashMap<&'a str, Cands>,
    by_domain: FxHashMap<&'a str, Cands>,
}

/// The leads a key points to: almost always one, so it is kept inline.
#[derive(Clone, Debug)]
enum Cands {
    One(u32),
    Many(Vec<u32>),
}

impl Cands {
    fn as_slice(&self) -> &[u32] {
        match self {
            Cands::One(v) => std::slice::from_ref(v),
            Cands::Many(v) => v,
        }
    }
}

/// Adds `v` to the candidates under `key`, once.
fn add<'a>(map: &mut FxHashMap<&'a str, Cands>, key: &'a str, v: u32) {
    match map.get_mut(key) {
        None => {
            map.insert(key, Cands::One(v));
        }
        Some(Cands::One(x)) if *x != v => {
            *map.get_mut(key).expect("present") = Cands::Many(vec![*x, v])
        }
        Some(Cands::Many(xs)) if !xs.contains(&v) => xs.push(v),
        Some(_) => {}
    }
}

fn push_unique(list: &mut Vec<u32>, v: u32) {
    if !list.contains(&v) {
        list.push(v);
    }
}

impl<'a> LeadIndex<'a> {
    /// Indexes every original lead row (duplicates too, so their ids still resolve) by the lead
    /// it became part of.
    ///
    /// Company names and domains are indexed only when some opportunity names them (`wanted`):
    /// account matching never looks any other one up.
    fn new(
        leads: &'a [Lead],
        rows: &'a KeyRows,
        target: &'a Renumbering,
        free_mail: &(dyn Fn(&str) -> bool + Sync),
        wanted: &rustc_hash::FxHashSet<&str>,
        converted: bool,
    ) -> LeadIndex<'a> {
        // The converted-deal map and the account maps are built on both cores, each only when
        // some lead file has converted deal ids, or some deal names an account.
        let (by_converted, (by_domain, by_company)) = rayon::join(
            || {
                let mut by_converted = FxHashMap::default();
                if !converted {
                    return by_converted;
                }
                for (row, t) in leads.iter().zip(0..).map(|(l, r)| (l, target.get(r))) {
                    for c in row
                        .converted_opportunity_id()
                        .map(split_ids)
                        .into_iter()
                        .flatten()
                    {
                        add(&mut by_converted, c, t);
                    }
                }
                by_converted
            },
            || {
                let mut by_domain = FxHashMap::default();
                let mut by_company = FxHashMap::default();
                if wanted.is_empty() {
                    return (by_domain, by_company);
                }
                for (row, t) in leads.iter().zip(0..).map(|(l, r)| (l, target.get(r))) {
                    if let Some(e) = row.email() {
                        let domain = keys::email_domain(e);
                        if wanted.contains(domain) && !free_mail(domain) {
                            add(&mut by_domain, domain, t);
                        }
                    }
                    if let Some(c) = row.company().filter(|c| wanted.contains(c)) {
                        add(&mut by_company, c, t);
                    }
                }
                (by_domain, by_company)
            },
        );
        LeadIndex {
            rows,
            target,
            by_converted,
            by_company,
            by_domain,
        }
    }
}

/// The surviving leads, seen through the rows until the joins are done: lead `i` is row
/// `rows_of[i]` (no table of references, which would cost 8 bytes a lead).
struct Survivors<'a, L = Lead> {
    rows: &'a [L],
    rows_of: &'a Renumbering,
}

// By hand: a derive would ask `L: Copy`, where only the references are copied.
impl<L> Clone for Survivors<'_, L> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<L> Copy for Survivors<'_, L> {}

impl<'a, L> Survivors<'a, L> {
    fn len(&self) -> usize {
        self.rows_of.count()
    }

    fn get(&self, i: u32) -> &'a L {
        &self.rows[self.rows_of.get(i) as usize]
    }
}

/// A deal's lead, with the lead's channel and campaign.
#[derive(Clone, Copy)]
struct Found {
    lead: u32,
    channel: Sym,
    campaign: Sym,
}

/// Of several candidate leads, the earliest created at or before `at`, else the earliest.
fn pick<L: Created>(candidates: &[u32], leads: Survivors<L>, at: Instant) -> Option<u32> {
    // Leads are numbered in input order: the earlier row wins a tie.
    let key = |&&i: &&u32| (leads.get(i).creation_order(), i);
    candidates
        .iter()
        .filter(|&&i| leads.get(i).creation_order() <= at)
        .min_by_key(key)
        .or_else(|| candidates.iter().min_by_key(key))
        .copied()
}

/// The lead of a touch that named lead id number `k`: of the leads its rows became, the
/// earliest created at or before the touch.
fn lead_of_id<L: Created>(
    rows: &KeyRows,
    k: u32,
    target: &Renumbering,
    leads: Survivors<L>,
    at: Instant,
) -> u32 {
    let mut all = rows.rows(k).map(|r| target.get(r));
    let first = all.next().expect("an id number has a row");
    let mut cands = vec![];
    for t in all.filter(|&t| t != first) {
        if cands.is_empty() {
            cands.push(first);
        }
        push_unique(&mut cands, t);
    }
    if cands.is_empty() {
        first
    } else {
        pick(&cands, leads, at).unwrap_or(first)
    }
}

/// Dedupes, then joins opportunities and touches to leads.
pub fn join(data: Dataset, config: &Config, key: &crate::base::secret::Key) -> Funnel {
    let Dataset {
        mut ledgers,
        mut labels,
        leads: mut lead_rows,
        updates,
        lead_files,
        opportunities,
        spend,
        mut touches,
        currency,
        fields,
        id_rows,
        touches_unmatched,
        subscribers,
    } = data;
    let sources: Vec<String> = ledgers.iter().map(|l| l.source.clone()).collect();
    let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
    let lap = |step: &str| crate::base::timing::lap(&format!("join: {step}"));
    let rows = dedupe::LeadRows {
        leads: &lead_rows,
        updates: &updates,
        files: &lead_files,
        sources: &sources,
        keys: &id_rows,
        subscribers: &subscribers,
        count_records: config.count_records,
    };
    let members = crate::funnel::subscribers::matched(rows);
    let plan = dedupe::plan_leads(rows, &members, &mut ledgers);
    drop(members);
    touches.extend(crate::funnel::subscribers::settle(
        &plan,
        rows,
        &labels,
        &mut ledgers,
    ));
    drop(updates);
    lap("duplicate plan");
    dedupe::merge_in_place(&mut lead_rows, &plan, &mut labels, config);
    let opportunities = dedupe::dedupe_opportunities(opportunities, &sources, &mut ledgers);
    let free_mail = |d: &str| {
        keys::FREE_MAIL_DOMAINS.binary_search(&d).is_ok()
            || config.free_mail_domains.iter().any(|f| f == d)
    };
    lap("merges and opportunity duplicates");
    let wanted: rustc_hash::FxHashSet<&str> = opportunities
        .iter()
        .flat_map(|o| [o.company(), o.domain(), o.email().map(keys::email_domain)])
        .flatten()
        .collect();
    let converted = fields.contains(&(Entity::Lead, Field::ConvertedOpportunityId));
    let index = LeadIndex::new(
        &lead_rows,
        &id_rows,
        &plan.target,
        &free_mail,
        &wanted,
        converted,
    );
    lap("index");
    let leads = Survivors {
        rows: &lead_rows,
        rows_of: &plan.survivors,
    };
    // One after the other: side by side (rayon::join) took 0.02 s off at 1M leads but raised
    // the peak by 6 MiB, the deals' records meeting the touches' permutation.
    let joined = join_deals(opportunities, &index, leads, &free_mail, labels);
    lap("opportunities");
    // The deals were the last to read the leads' texts: the leads are compacted and named, and
    // their texts let go, before the touches' grouping adds its working lists.
    drop(index);
    let leads = dedupe::compact(lead_rows, &plan);
    lap("compact");
    let (leads, names) =
        crate::funnel::names::Names::take(leads, config.analytics.show_people, key);
    lap("names");
    let compacted = Renumbering::Same(leads.len());
    let survivors = Survivors {
        rows: &leads,
        rows_of: &compacted,
    };
    let (touches, touch_starts) = join_touches(touches, &plan.target, &id_rows, survivors);
    let JoinedDeals {
        deals,
        firsts,
        mut joins,
        labels,
    } = joined;
    joins.touches_matched = touches.len() as u64;
    joins.touches_unmatched = touches_unmatched;
    for l in &mut ledgers {
        l.rejects.sort_by_key(|r| r.line);
    }
    lap("touches");
    Funnel {
        leads,
        names,
        firsts,
        deals,
        spend,
        touches,
        touch_starts,
        joins,
        labels,
        currency,
        ledgers,
        dataset_fields: fields,
    }
}

/// What `join_deals` gives.
struct JoinedDeals {
    deals: Vec<Deal>,
    firsts: FirstDeals,
    joins: JoinCounts,
    labels: Labels,
}

/// Each deal with its lead (found on every core), the channel and campaign it is credited to
/// (its lead's, else its own, else unattributed) and the count of each way it was joined; with
/// the first deal and win of each lead that has one, and the labels (which may gain the
/// unattributed channel).
fn join_deals(
    opportunities: Vec<Opportunity>,
    index: &LeadIndex,
    leads: Survivors,
    free_mail: &(dyn Fn(&str) -> bool + Sync),
    mut labels: Labels,
) -> JoinedDeals {
    use rayon::prelude::*;
    let mut joins = JoinCounts::default();
    let mut firsts = Vec::new();
    let none_channel = labels
        .channels
        .entries()
        .iter()
        .find(|e| e.2 == channel::NONE)
        .map(|e| e.0);
    let mut unattributed_sym = None;
    let matches: Vec<(Option<Found>, JoinMethod)> = opportunities
        .par_iter()
        .with_min_len(1024)
        .map(|opp| {
            let (lead, method) = match_opportunity(opp, index, leads, free_mail);
            let found = lead.map(|lead| {
                let (channel, campaign) = labels.source_of(leads.get(lead));
                Found {
                    lead,
                    channel,
                    campaign,
                }
            });
            (found, method)
        })
        .collect();
    // Each deal is made where its opportunity lay (in-place collect: `Deal` is the smaller, of
    // the same alignment), and the rest of that memory given back.
    let deal = |(opp, &(found, method)): (Opportunity, &(Option<Found>, JoinMethod))| {
        let lead = found.map(|f| f.lead);
        let (channel, campaign) = match found {
            Some(f) if Some(f.channel) != none_channel || opp.channel == 0 => {
                (f.channel, f.campaign)
            }
            _ if opp.channel != 0 => (opp.channel, opp.campaign),
            _ => (
                *unattributed_sym
                    .get_or_insert_with(|| labels.channels.intern(channel::UNATTRIBUTED)),
                opp.campaign,
            ),
        };
        let method = match (lead, method) {
            (None, _) if opp.channel != 0 => JoinMethod::OwnChannel,
            (None, _) => JoinMethod::Unattributed,
            (_, m) => m,
        };
        match method {
            JoinMethod::Id => joins.by_id += 1,
            JoinMethod::Email => joins.by_email += 1,
            JoinMethod::Account => joins.by_account += 1,
            JoinMethod::OwnChannel => joins.own_channel += 1,
            JoinMethod::Unattributed => joins.unattributed += 1,
        }
        if let Some(l) = lead {
            firsts.push((l, opp.dated_at(), opp.close_date.filter(|_| opp.is_won)));
        }
        Deal {
            opp: Terms {
                created_at: opp.created_at.get(),
                close_date: opp.close_date,
                amount: opp.amount,
                owner: opp.owner,
                is_closed: opp.is_closed,
                is_won: opp.is_won,
            },
            lead,
            channel,
            campaign,
        }
    };
    let mut deals: Vec<Deal> = opportunities.into_iter().zip(&matches).map(deal).collect();
    deals.shrink_to_fit();
    drop(matches);
    JoinedDeals {
        deals,
        firsts: FirstDeals::of(firsts),
        joins,
        labels,
    }
}

/// The touches, each now naming its lead (found by its row while read: here each row becomes its
/// lead, on every core and in place, unless no lead row was a duplicate and no id is carried by
/// several rows, when each row already is its lead), grouped by lead; and where each lead's
/// touches start.
fn join_touches(
    mut touches: Vec<crate::model::Touch>,
    target: &Renumbering,
    id_rows: &KeyRows,
    leads: Survivors<FunnelLead>,
) -> (Vec<crate::model::LeadTouch>, Vec<u32>) {
    use rayon::prelude::*;
    if !target.is_same() || id_rows.repeated_ids().next().is_some() {
        touches.par_chunks_mut(1 << 12).for_each(|chunk| {
            for i in 0..chunk.len() {
                // Touches by date name their leads in no order: the entry of the touch a few
                // places on (its row's, unless its id is carried by several rows) is asked for
                // ahead.
                if let (Some(next), Some(table)) = (chunk.get(i + 32), target.table()) {
                    crate::base::prefetch::prefetch(
                        table.as_ptr().wrapping_add(next.lead as usize).cast(),
                    );
                }
                let t = &mut chunk[i];
                t.lead = if t.tags.by_email() {
                    target.get(t.lead)
                } else {
                    lead_of_id(id_rows, t.lead, target, leads, t.at.get())
                }
            }
        });
    }
    // Each touch is retyped where it lies (a joined touch takes the room of the touch it was).
    let mut matched: Vec<crate::model::LeadTouch> = touches
        .into_iter()
        .map(|t| crate::model::LeadTouch {
            at: t.at,
            lead: t.lead,
            tags: t.tags,
        })
        .collect();
    let starts = crate::funnel::by_lead::group_by_lead(&mut matched, leads.len());
    (matched, starts)
}

/// Explicit id, then email, then account (company name or domain); first match wins.
fn match_opportunity(
    opp: &Opportunity,
    ix: &LeadIndex,
    leads: Survivors,
    free_mail: &dyn Fn(&str) -> bool,
) -> (Option<u32>, JoinMethod) {
    let mut ids: Vec<u32> = ix
        .by_converted
        .get(opp.opportunity_id())
        .map(|c| c.as_slice().to_vec())
        .unwrap_or_default();
    for k in opp.lead_keys() {
        for r in ix.rows.rows(k) {
            push_unique(&mut ids, ix.target.get(r));
        }
    }
    if let Some(l) = pick(&ids, leads, opp.dated_at()) {
        return (Some(l), JoinMethod::Id);
    }
    if let Some(r) = opp.email_row() {
        return (Some(ix.target.get(r)), JoinMethod::Email);
    }
    let mut account: Vec<u32> = opp
        .company()
        .and_then(|c| ix.by_company.get(c))
        .map(|c| c.as_slice().to_vec())
        .unwrap_or_default();
    let email_domain = opp
        .email()
        .map(keys::email_domain)
        .filter(|d| !free_mail(d));
    for domain in [opp.domain(), email_domain].into_iter().flatten() {
        for &l in ix.by_domain.get(domain).map(Cands::as_slice).unwrap_or(&[]) {
            push_unique(&mut account, l);
        }
    }
    match pick(&account, leads, opp.dated_at()) {
        Some(l) => (Some(l), JoinMethod::Account),
        None => (None, JoinMethod::Unattributed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deals_are_made_where_their_opportunities_lay() {
        // In-place collect needs the same alignment and no larger a size (`join_deals`).
        assert!(std::mem::size_of::<Deal>() <= std::mem::size_of::<Opportunity>());
        assert_eq!(
            std::mem::align_of::<Deal>(),
            std::mem::align_of::<Opportunity>()
        );
    }

    #[test]
    fn firsts_are_the_earliest_deal_and_win_of_each_lead() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d);
        // Lead 1: three deals, created at 300 (won on the 25th), 200 (not won) and 400 (won on
        // the 20th): its first opportunity is at 200, its first win the 20th. Lead 3: one open
        // deal. Leads 0 and 2 have none.
        let firsts = FirstDeals::of(vec![
            (3, 500, None),
            (1, 300, day(25)),
            (1, 200, None),
            (1, 400, day(20)),
        ]);
        let all: Vec<_> = firsts.per_lead(5).collect();
        assert_eq!(
            all,
            [
                (None, None),
                (Some(200), day(20)),
                (None, None),
                (Some(500), None),
                (None, None),
            ]
        );
    }
}
