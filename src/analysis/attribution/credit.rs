//! Credit: deals credited to their touchpoints under every model, one deal at a time from
//! whichever engine found its touchpoints, then each month's credit by channel and campaign.
//! Everything that could depend on how an engine numbers labels is ordered by name instead.

use super::split::{fill_weights, split_into};
use super::{Attribution, CampaignCredit, ChannelCredit, MODELS};
pub(crate) use crate::analysis::metrics::Names;
use crate::analysis::ratio::rate_f;
use crate::base::datetime::{Instant, Month};
use crate::base::intern::{Interner, Sym};
use crate::base::money::Money;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A touchpoint: when, and which channel and campaign it credits.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Point {
    pub at: Instant,
    pub channel: Sym,
    pub campaign: Sym,
    /// The lead's own creation (its original source).
    pub creation: bool,
}

/// Points in time order; at one instant the lead's creation first, then by channel and
/// campaign name (not by input order, which no engine keeps).
fn order(names: Names, a: &Point, b: &Point) -> Ordering {
    let (channel, campaign) = (names.channels, names.campaigns);
    (a.at, !a.creation)
        .cmp(&(b.at, !b.creation))
        .then_with(|| channel.name(a.channel).cmp(channel.name(b.channel)))
        .then_with(|| campaign.name(a.campaign).cmp(campaign.name(b.campaign)))
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
pub(crate) const NO_CHANNEL: Sym = Sym::MAX;

/// The channel each campaign belongs to, by campaign number, from the (campaign, channel) of
/// every lead and spend row, given with how many rows carry it: the channel most of its rows
/// carry, the first by name of those tied (`NO_CHANNEL` when no row carries the campaign).
pub(crate) fn campaign_channels(
    rows: impl Iterator<Item = ((Sym, Sym), u64)>,
    channels: &Interner,
) -> Vec<Sym> {
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
    let mut out = vec![NO_CHANNEL; size];
    // The most rows, then the first name: a total order, so the map's order does not matter.
    let mut best: Vec<Option<u64>> = vec![None; size];
    for ((c, ch), n) in votes {
        let (c, here) = (c as usize, Some(n));
        let wins = here > best[c] || (here == best[c] && channels.name(ch) < channels.name(out[c]));
        if wins {
            best[c] = here;
            out[c] = ch;
        }
    }
    out
}

/// Every deal's credit under the five models, by month, channel and campaign.
#[derive(Default)]
pub(crate) struct Credit {
    /// (month, channel, campaign) -> sums under each model, added in deal order (one lookup a
    /// touchpoint for all five models).
    acc: rustc_hash::FxHashMap<(Month, Sym, Sym), [Sums; 5]>,
    // Kept from deal to deal: each model's weights and shares.
    w: [Vec<i128>; 5],
    shares: [Vec<Money>; 5],
    order: Vec<(i128, usize)>,
}

impl Credit {
    /// Credits a deal of `amount` to its touchpoints `points` (in any order): its pipeline in
    /// the month it was `created`, its revenue and won count in the month it was `won`.
    pub(crate) fn add(
        &mut self,
        points: &mut [Point],
        amount: Money,
        created: Option<Month>,
        won: Option<Month>,
        names: Names,
    ) {
        points.sort_by(|a, b| order(names, a, b));
        let key = points.iter().position(|p| p.creation);
        let (w, shares) = (&mut self.w, &mut self.shares);
        let mut totals = [0i128; 5];
        for (mi, model) in MODELS.iter().enumerate() {
            fill_weights(model, points.len(), key, &mut w[mi]);
            totals[mi] = w[mi].iter().sum();
            split_into(amount, &w[mi], &mut shares[mi], &mut self.order);
        }
        for (k, p) in points.iter().enumerate() {
            if w.iter().all(|w| w[k] == 0) {
                continue;
            }
            if let Some(created) = created {
                let sums = self
                    .acc
                    .entry((created, p.channel, p.campaign))
                    .or_default();
                for mi in (0..MODELS.len()).filter(|&mi| w[mi][k] != 0) {
                    sums[mi].seen = true;
                    sums[mi].pipeline += shares[mi][k];
                }
            }
            if let Some(wm) = won {
                let sums = self.acc.entry((wm, p.channel, p.campaign)).or_default();
                for mi in (0..MODELS.len()).filter(|&mi| w[mi][k] != 0) {
                    let e = &mut sums[mi];
                    e.seen = true;
                    e.revenue += shares[mi][k];
                    e.won += w[mi][k] as f64 / totals[mi] as f64;
                }
            }
        }
    }

    /// Every month's attribution, with the spend of each month and channel.
    pub(crate) fn finish(
        self,
        spend: &BTreeMap<(Month, Sym), Money>,
        names: Names,
    ) -> BTreeMap<Month, Attribution> {
        let channel = |ch: Sym| names.channels.name(ch);
        let campaign = |ca: Sym| names.campaigns.name(ca);
        let mut out: BTreeMap<Month, Attribution> = BTreeMap::new();
        let mut by_channel: BTreeMap<(Month, usize, Sym), Sums> = BTreeMap::new();
        let mut acc: Vec<_> = self
            .acc
            .into_iter()
            .flat_map(|((m, ch, camp), sums)| {
                (0..MODELS.len())
                    .zip(sums)
                    .filter(|(_, s)| s.seen)
                    .map(move |(mi, s)| ((m, mi, ch, camp), s))
            })
            .collect();
        // By name, so that the channels' sums add their campaigns in the same order in every
        // engine.
        acc.sort_unstable_by(|((m, mi, ch, ca), _), ((n, ni, dh, da), _)| {
            (m, mi, channel(*ch), campaign(*ca)).cmp(&(n, ni, channel(*dh), campaign(*da)))
        });
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
                        channel: channel(*ch).to_string(),
                        campaign: campaign(*camp).to_string(),
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
                    channel: channel(ch).to_string(),
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
            rank(a);
        }
        out
    }
}

/// Sorts a month's rows by name and finds the channels on top under every model.
fn rank(a: &mut Attribution) {
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
