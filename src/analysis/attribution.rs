//! Attribution from touches: first touch, last touch, linear, U-shaped (40/20/40) and W-shaped
//! (30/30/30 with 10 over the rest), over a lookback before each opportunity's creation.
//! Credit is split in exact money units, so each deal's credit adds up to its amount.

use crate::analysis::ratio::rate_f;
use crate::analysis::timeline::Timeline;
use crate::base::datetime::{Instant, Month};
use crate::base::intern::Sym;
use crate::base::money::Money;
use crate::model::Team;
use serde::Serialize;
use std::collections::BTreeMap;

/// The models, in the order reports show them.
pub const MODELS: [&str; 5] = [
    "first_touch",
    "last_touch",
    "linear",
    "u_shaped",
    "w_shaped",
];

/// One channel's credit under one model in one month.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ChannelCredit {
    pub channel: String,
    /// Credited revenue of deals won in the month.
    pub revenue: f64,
    /// Credited amount of opportunities created in the month.
    pub pipeline: f64,
    /// Credited number of deals won (fractions of deals).
    pub won: f64,
    pub spend: f64,
    /// `spend / won` under this model.
    pub cac: Option<f64>,
    /// `revenue / spend` under this model.
    pub roas: Option<f64>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CampaignCredit {
    pub channel: String,
    pub campaign: String,
    pub revenue: f64,
    pub pipeline: f64,
}

/// A month's attribution: credit per model, by channel and by campaign.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Attribution {
    pub by_channel: BTreeMap<&'static str, Vec<ChannelCredit>>,
    pub by_campaign: BTreeMap<&'static str, Vec<CampaignCredit>>,
    /// Channels in the top three by credited revenue under every model, in rank order (by the
    /// revenue credited under the five models together, the larger first).
    pub consistent_top: Vec<String>,
}

/// A touchpoint: when, and which channel and campaign it credits.
#[derive(Clone, Copy, Debug)]
struct Point {
    at: Instant,
    channel: Sym,
    campaign: Sym,
    /// The lead's own creation (its original source).
    creation: bool,
}

/// Integer weights for `n` touchpoints under `model`; `key` is the index of the lead-creation
/// touchpoint, the W-shaped model's middle key when it is neither first nor last.
#[cfg(test)]
pub fn weights(model: &str, n: usize, key: Option<usize>) -> Vec<i128> {
    let mut w = Vec::new();
    fill_weights(model, n, key, &mut w);
    w
}

/// [`weights`] into `w`, which keeps its memory from deal to deal.
fn fill_weights(model: &str, n: usize, key: Option<usize>, w: &mut Vec<i128>) {
    w.clear();
    w.resize(n, 0);
    if n == 0 {
        return;
    }
    match (model, n) {
        ("first_touch", _) => w[0] = 1,
        ("last_touch", _) => w[n - 1] = 1,
        (_, 1) => w[0] = 1,
        ("linear", _) | (_, 2) | ("w_shaped", 3) => w.iter_mut().for_each(|x| *x = 1),
        ("u_shaped", _) => {
            let middle = (n - 2) as i128;
            w.iter_mut().for_each(|x| *x = 20);
            w[0] = 40 * middle;
            w[n - 1] = 40 * middle;
        }
        ("w_shaped", _) => {
            let rest = (n - 3) as i128;
            let mid = key.filter(|&k| k > 0 && k < n - 1).unwrap_or(n / 2);
            w.iter_mut().for_each(|x| *x = 10);
            for k in [0, mid, n - 1] {
                w[k] = 30 * rest;
            }
        }
        _ => unreachable!("unknown model {model}"),
    }
}

/// Splits `amount` by `weights` exactly: shares rounded down, the remainder given one unit at a
/// time to the largest remainders (earliest first on ties).
#[cfg(test)]
pub fn split(amount: Money, weights: &[i128]) -> Vec<Money> {
    let mut shares = Vec::new();
    split_into(amount, weights, &mut shares, &mut Vec::new());
    shares
}

/// [`split`] into `shares`, with `order` to work in; both keep their memory from deal to deal.
fn split_into(
    amount: Money,
    weights: &[i128],
    shares: &mut Vec<Money>,
    order: &mut Vec<(i128, usize)>,
) {
    shares.clear();
    let total: i128 = weights.iter().sum();
    if total == 0 {
        shares.resize(weights.len(), Money::ZERO);
        return;
    }
    let sign = amount.0.signum();
    let a = amount.0.abs();
    // Each share and what its division leaves: in 64 bits when `a * total` fits there (weights
    // are not negative, so every `a * w` does too), which is nearly always and much faster.
    order.clear();
    match (u64::try_from(a), u64::try_from(total)) {
        (Ok(a64), Ok(t64)) if a64.checked_mul(t64).is_some() => {
            for (i, &w) in weights.iter().enumerate() {
                let part = a64 * w as u64;
                shares.push(Money((part / t64) as i128));
                order.push(((part % t64) as i128, i));
            }
        }
        _ => {
            for (i, &w) in weights.iter().enumerate() {
                shares.push(Money(a * w / total));
                order.push((a * w % total, i));
            }
        }
    }
    let mut left = a - shares.iter().map(|s| s.0).sum::<i128>();
    // The remainder goes one unit at a time to the largest remainders, earliest first on ties.
    order.sort_by_key(|&(rem, i)| (std::cmp::Reverse(rem), i));
    for &(_, i) in order.iter() {
        if left == 0 {
            break;
        }
        if weights[i] > 0 {
            shares[i].0 += 1;
            left -= 1;
        }
    }
    for s in shares.iter_mut() {
        s.0 *= sign;
    }
}

#[derive(Default, Clone)]
struct Sums {
    revenue: Money,
    pipeline: Money,
    won: f64,
    /// Whether any deal credited it (a row shows only then).
    seen: bool,
}

/// In `campaign_channels`, a campaign no lead or spend row carries.
const NO_CHANNEL: Sym = Sym::MAX;

/// The channel each campaign belongs to, by campaign number, from the (campaign, channel) of
/// every lead and spend row, given with how many rows carry it: the channel most of its rows
/// carry, the lowest numbered of those tied (`NO_CHANNEL` when no row carries the campaign).
fn campaign_channels(rows: impl Iterator<Item = ((Sym, Sym), u64)>) -> Vec<Sym> {
    // (campaign, channel) -> rows.
    let mut votes: rustc_hash::FxHashMap<(Sym, Sym), u64> = Default::default();
    for (pair, n) in rows.filter(|&((c, _), _)| c != 0) {
        *votes.entry(pair).or_default() += n;
    }
    let size = votes
        .keys()
        .map(|&(c, _)| c as usize + 1)
        .max()
        .unwrap_or(0);
    let mut channels = vec![NO_CHANNEL; size];
    // The most rows, then the lowest channel number: a total order, so the map's order does not
    // matter.
    let mut best: Vec<Option<(u64, std::cmp::Reverse<Sym>)>> = vec![None; size];
    for ((c, ch), n) in votes {
        let vote = Some((n, std::cmp::Reverse(ch)));
        if vote > best[c as usize] {
            best[c as usize] = vote;
            channels[c as usize] = ch;
        }
    }
    channels
}

/// Every month's attribution.
pub fn compute(t: &Timeline, lookback_days: i64) -> BTreeMap<Month, Attribution> {
    let f = t.f;
    let lookback = lookback_days * 86_400;
    // The leads counted by their (channel, campaign) pair: no hashing a lead.
    let mut sources = vec![0u64; f.labels.sources.len()];
    for l in &f.leads {
        sources[l.source as usize] += 1;
    }
    let leads = sources.iter().enumerate().map(|(s, &n)| {
        let (channel, campaign) = f.labels.sources.get(s as Sym);
        ((campaign, channel), n)
    });
    let spend_rows = f.spend.iter().map(|s| ((s.campaign, s.channel), 1));
    let campaigns = campaign_channels(leads.chain(spend_rows));
    // (month, channel, campaign) -> sums under each model, added in deal order (one lookup a
    // touchpoint for all five models), then read in key order.
    let mut acc: rustc_hash::FxHashMap<(Month, Sym, Sym), [Sums; 5]> = Default::default();
    let mut spend: BTreeMap<(Month, Sym), Money> = BTreeMap::new();
    for s in &f.spend {
        *spend.entry((Month::of(s.date), s.channel)).or_default() += s.cost;
    }
    // Kept from deal to deal: the touchpoints, and each model's weights and shares.
    let mut points: Vec<Point> = Vec::new();
    let mut w: [Vec<i128>; 5] = Default::default();
    let mut shares: [Vec<Money>; 5] = Default::default();
    let mut order = Vec::new();
    for d in &f.deals {
        let o = &d.opp;
        points.clear();
        if let Some(li) = d.lead {
            let lead = &f.leads[li as usize];
            let (lead_channel, lead_campaign) = f.labels.source_of(lead);
            let anchor = o.dated_at();
            let from = anchor.saturating_sub(lookback);
            // A lead of unknown creation is placed at the deal's creation when nothing else is.
            let created_at = lead.created().unwrap_or(anchor);
            let creation = Point {
                at: created_at,
                channel: lead_channel,
                campaign: lead_campaign,
                creation: true,
            };
            if lead.created().is_some() && created_at >= from && created_at <= anchor {
                points.push(creation);
            }
            for touch in t.touches_of(li as usize) {
                if touch.tags.team() == Team::Marketing
                    && touch.at.get() >= from
                    && touch.at.get() <= anchor
                {
                    let campaign = touch.tags.campaign();
                    let channel = match campaigns.get(campaign as usize) {
                        Some(&ch) if campaign != 0 && ch != NO_CHANNEL => ch,
                        _ => lead_channel,
                    };
                    points.push(Point {
                        at: touch.at.get(),
                        channel,
                        campaign,
                        creation: false,
                    });
                }
            }
            if points.is_empty() {
                // Nothing in the window: the lead's original source gets the credit.
                points.push(creation);
            }
            points.sort_by_key(|p| (p.at, !p.creation));
        } else {
            points.push(Point {
                at: o.dated_at(),
                channel: d.channel,
                campaign: d.campaign,
                creation: true,
            });
        }
        let key = points.iter().position(|p| p.creation);
        // Pipeline counts in the month the deal was created; a deal of unknown creation in none.
        let created = o.created_at.map(|c| t.month(c));
        let won_month = o.close_date.filter(|_| o.is_won).map(Month::of);
        let mut totals = [0i128; 5];
        for (mi, model) in MODELS.iter().enumerate() {
            fill_weights(model, points.len(), key, &mut w[mi]);
            totals[mi] = w[mi].iter().sum();
            split_into(o.amount, &w[mi], &mut shares[mi], &mut order);
        }
        for (k, p) in points.iter().enumerate() {
            if w.iter().all(|w| w[k] == 0) {
                continue;
            }
            if let Some(created) = created {
                let sums = acc.entry((created, p.channel, p.campaign)).or_default();
                for mi in (0..MODELS.len()).filter(|&mi| w[mi][k] != 0) {
                    sums[mi].seen = true;
                    sums[mi].pipeline += shares[mi][k];
                }
            }
            if let Some(wm) = won_month {
                let sums = acc.entry((wm, p.channel, p.campaign)).or_default();
                for mi in (0..MODELS.len()).filter(|&mi| w[mi][k] != 0) {
                    let e = &mut sums[mi];
                    e.seen = true;
                    e.revenue += shares[mi][k];
                    e.won += w[mi][k] as f64 / totals[mi] as f64;
                }
            }
        }
    }
    let mut out: BTreeMap<Month, Attribution> = BTreeMap::new();
    let mut by_channel: BTreeMap<(Month, usize, Sym), Sums> = BTreeMap::new();
    let mut acc: Vec<_> = acc
        .into_iter()
        .flat_map(|((m, ch, camp), sums)| {
            (0..MODELS.len())
                .zip(sums)
                .filter(|(_, s)| s.seen)
                .map(move |(mi, s)| ((m, mi, ch, camp), s))
        })
        .collect();
    acc.sort_unstable_by_key(|(k, _)| *k);
    for ((m, mi, ch, camp), s) in &acc {
        let e = by_channel.entry((*m, *mi, *ch)).or_default();
        e.revenue += s.revenue;
        e.pipeline += s.pipeline;
        e.won += s.won;
        if *camp != 0 {
            out.entry(*m)
                .or_default()
                .by_campaign
                .entry(MODELS[*mi])
                .or_default()
                .push(CampaignCredit {
                    channel: f.labels.channels.name(*ch).to_string(),
                    campaign: f.labels.campaigns.name(*camp).to_string(),
                    revenue: s.revenue.to_cents_f64(),
                    pipeline: s.pipeline.to_cents_f64(),
                });
        }
    }
    // Channels with spend but no credit still show, with their cost.
    for (m, ch) in spend.keys() {
        for mi in 0..MODELS.len() {
            by_channel.entry((*m, mi, *ch)).or_default();
        }
    }
    for ((m, mi, ch), s) in by_channel {
        let cost = spend.get(&(m, ch)).copied().unwrap_or_default();
        let won = (s.won * 10_000.0).round() / 10_000.0;
        out.entry(m)
            .or_default()
            .by_channel
            .entry(MODELS[mi])
            .or_default()
            .push(ChannelCredit {
                channel: f.labels.channels.name(ch).to_string(),
                revenue: s.revenue.to_cents_f64(),
                pipeline: s.pipeline.to_cents_f64(),
                won,
                spend: cost.to_cents_f64(),
                cac: (won > 0.0 && spend.contains_key(&(m, ch)))
                    .then(|| (cost.to_f64() / won * 100.0).round() / 100.0),
                roas: rate_f(s.revenue.to_f64(), cost.to_f64()),
            });
    }
    for a in out.values_mut() {
        for rows in a.by_channel.values_mut() {
            rows.sort_by(|x, y| x.channel.cmp(&y.channel));
        }
        for rows in a.by_campaign.values_mut() {
            rows.sort_by(|x, y| (&x.channel, &x.campaign).cmp(&(&y.channel, &y.campaign)));
        }
        let top = |rows: &Vec<ChannelCredit>| -> Vec<String> {
            let mut r: Vec<&ChannelCredit> = rows.iter().filter(|c| c.revenue > 0.0).collect();
            r.sort_by(|x, y| {
                y.revenue
                    .total_cmp(&x.revenue)
                    .then(x.channel.cmp(&y.channel))
            });
            r.into_iter().take(3).map(|c| c.channel.clone()).collect()
        };
        let tops: Vec<Vec<String>> = MODELS
            .iter()
            .map(|m| a.by_channel.get(m).map(top).unwrap_or_default())
            .collect();
        a.consistent_top = tops[0]
            .iter()
            .filter(|c| tops.iter().all(|t| t.contains(c)))
            .cloned()
            .collect();
        // In rank order: by the revenue credited under all five models together (their mean),
        // the larger first, then by name.
        let credit = |channel: &str| -> f64 {
            a.by_channel
                .values()
                .flatten()
                .filter(|c| c.channel == channel)
                .map(|c| c.revenue)
                .sum()
        };
        let mut ranked: Vec<(f64, String)> = std::mem::take(&mut a.consistent_top)
            .into_iter()
            .map(|c| (credit(&c), c))
            .collect();
        ranked.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        a.consistent_top = ranked.into_iter().map(|(_, c)| c).collect();
    }
    out
}

#[cfg(test)]
mod tests;
