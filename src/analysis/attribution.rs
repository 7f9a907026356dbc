//! Attribution from touches: first touch, last touch, linear, U-shaped (40/20/40) and W-shaped
//! (30/30/30 with 10 over the rest), over a lookback before each opportunity's creation.
//! Credit is split in exact money units, so each deal's credit adds up to its amount.

pub(crate) mod credit;
pub(crate) mod split;

use crate::analysis::timeline::Timeline;
use crate::base::datetime::Month;
use crate::base::intern::Sym;
use crate::base::money::Money;
use crate::model::Created;
use crate::model::Team;
use credit::{Credit, NO_CHANNEL, Names, Point, campaign_channels};
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

/// Every month's attribution.
pub fn compute(t: &Timeline, lookback_days: i64) -> BTreeMap<Month, Attribution> {
    let f = t.f;
    let names = Names {
        channels: &f.labels.channels,
        campaigns: &f.labels.campaigns,
    };
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
    let campaigns = campaign_channels(leads.chain(spend_rows), &f.labels.channels);
    let mut spend: BTreeMap<(Month, Sym), Money> = BTreeMap::new();
    for s in &f.spend {
        *spend.entry((Month::of(s.date), s.channel)).or_default() += s.cost;
    }
    let mut credit = Credit::default();
    // Kept from deal to deal.
    let mut points: Vec<Point> = Vec::new();
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
                    points.push(Point {
                        at: touch.at.get(),
                        channel: touch_channel(&campaigns, campaign, lead_channel),
                        campaign,
                        creation: false,
                    });
                }
            }
            if points.is_empty() {
                // Nothing in the window: the lead's original source gets the credit.
                points.push(creation);
            }
        } else {
            points.push(Point {
                at: o.dated_at(),
                channel: d.channel,
                campaign: d.campaign,
                creation: true,
            });
        }
        // Pipeline counts in the month the deal was created; a deal of unknown creation in none.
        let created = o.created_at.map(|c| t.month(c));
        let won = o.close_date.filter(|_| o.is_won).map(Month::of);
        credit.add(&mut points, o.amount, created, won, names);
    }
    credit.finish(&spend, names)
}

/// A touch's channel: its campaign's (`campaigns`, from `campaign_channels`), else the lead's.
pub(crate) fn touch_channel(campaigns: &[Sym], campaign: Sym, lead_channel: Sym) -> Sym {
    match campaigns.get(campaign as usize) {
        Some(&ch) if campaign != 0 && ch != NO_CHANNEL => ch,
        _ => lead_channel,
    }
}

#[cfg(test)]
mod tests;
