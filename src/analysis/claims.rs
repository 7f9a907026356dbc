//! Claims: the conversions the ad platforms claim for each channel, campaign and month, beside the
//! leads the CRM recorded for them, and the gap (docs/metrics.md, "Platform claims").

use crate::base::datetime::{self, Month};
use crate::base::intern::{Interner, Sym};
use crate::funnel::join::Funnel;
use crate::model::Created;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::BTreeMap;

/// The platforms' claims against the CRM's leads in one month.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct PlatformClaims {
    /// Whether some ad export of the data (in any month) carries the platform's conversions;
    /// without one there is nothing to compare.
    pub available: bool,
    /// Every channel with a campaign whose spend rows this month carry conversions, by name.
    pub channels: Vec<ClaimChannel>,
    /// The channels' sums.
    pub total: Option<ClaimNumbers>,
}

/// One channel's claims: the sums of its campaigns, and each campaign.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ClaimChannel {
    pub channel: String,
    #[serde(flatten)]
    pub numbers: ClaimNumbers,
    pub campaigns: Vec<ClaimCampaign>,
}

/// One campaign's claims; `campaign` is `None` for the spend rows that name none (compared with
/// the channel's leads that name none).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ClaimCampaign {
    pub campaign: Option<String>,
    #[serde(flatten)]
    pub numbers: ClaimNumbers,
}

/// What a platform claims, what the CRM recorded, and how far apart they are.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq)]
pub struct ClaimNumbers {
    /// The conversions the platform reported (to the hundredth: Google counts fractions).
    pub platform_conversions: f64,
    /// Leads created in the month with the channel and campaign (case and spacing aside).
    pub crm_leads: u64,
    /// `platform_conversions - crm_leads`: above 0 the platform claims more than the CRM has.
    pub gap: f64,
    /// `platform_conversions / crm_leads`, to four decimals; `None` when the CRM has none.
    pub ratio: Option<f64>,
}

impl ClaimNumbers {
    fn of(hundredths: u64, crm_leads: u64) -> ClaimNumbers {
        let platform = hundredths as f64 / 100.0;
        ClaimNumbers {
            platform_conversions: platform,
            crm_leads,
            gap: (hundredths as i128 - i128::from(crm_leads) * 100) as f64 / 100.0,
            ratio: (crm_leads > 0).then(|| {
                (hundredths as f64 / crm_leads as f64 / 100.0 * 10_000.0).round() / 10_000.0
            }),
        }
    }
}

/// Each month's claims, and whether any spend row carries conversions at all (the months
/// without claims then say so with `PlatformClaims { available, .. }`).
pub fn compute(
    f: &Funnel,
    months_of: &datetime::Months,
) -> (BTreeMap<Month, PlatformClaims>, bool) {
    // The platforms' conversions by month, channel and campaign, in hundredths.
    let mut claimed: BTreeMap<(Month, Sym, Sym), u64> = BTreeMap::new();
    for s in &f.spend {
        if let Some(c) = s.conversions {
            *claimed
                .entry((Month::of(s.date), s.channel, s.campaign))
                .or_default() += u64::from(c);
        }
    }
    if claimed.is_empty() {
        return (BTreeMap::new(), false);
    }
    // Which lead sources (channel and campaign pairs) some claim names: one look a lead.
    let keys: FxHashSet<(Sym, Sym)> = claimed.keys().map(|(_, ch, ca)| (*ch, *ca)).collect();
    let wanted: Vec<bool> = (0..f.labels.sources.len())
        .map(|s| keys.contains(&f.labels.sources.get(s as Sym)))
        .collect();
    let mut leads: FxHashMap<(Month, Sym), u64> = FxHashMap::default();
    for l in &f.leads {
        if !wanted.get(l.source as usize).copied().unwrap_or(false) {
            continue;
        }
        if let Some(created) = l.created() {
            *leads
                .entry((months_of.month(created), l.source))
                .or_default() += 1;
        }
    }
    let mut crm: FxHashMap<(Month, Sym, Sym), u64> = FxHashMap::default();
    for ((month, source), n) in leads {
        let (ch, ca) = f.labels.sources.get(source);
        *crm.entry((month, ch, ca)).or_default() += n;
    }
    let crm = |key: &(Month, Sym, Sym)| crm.get(key).copied().unwrap_or(0);
    (
        finish(claimed, crm, &f.labels.channels, &f.labels.campaigns),
        true,
    )
}

/// Every month's claims from the platforms' conversions by month, channel and campaign (in
/// hundredths) and the CRM's leads of each (`crm`), the labels named by `channels` and
/// `campaigns`.
pub(crate) fn finish(
    claimed: BTreeMap<(Month, Sym, Sym), u64>,
    crm: impl Fn(&(Month, Sym, Sym)) -> u64,
    channels: &Interner,
    campaigns: &Interner,
) -> BTreeMap<Month, PlatformClaims> {
    // Rows by month, then channel and campaign by name.
    let mut by_month: BTreeMap<Month, BTreeMap<String, Vec<ClaimCampaign>>> = BTreeMap::new();
    let mut sums: BTreeMap<(Month, String), (u64, u64)> = BTreeMap::new();
    for (key, hundredths) in claimed {
        let (month, ch, ca) = key;
        let n = crm(&key);
        let channel = channels.name(ch).to_string();
        let sum = sums.entry((month, channel.clone())).or_default();
        sum.0 += hundredths;
        sum.1 += n;
        by_month
            .entry(month)
            .or_default()
            .entry(channel)
            .or_default()
            .push(ClaimCampaign {
                campaign: (ca != 0).then(|| campaigns.name(ca).to_string()),
                numbers: ClaimNumbers::of(hundredths, n),
            });
    }
    by_month
        .into_iter()
        .map(|(month, channels)| {
            let (mut all_claimed, mut all_leads) = (0, 0);
            let channels = channels
                .into_iter()
                .map(|(channel, mut campaigns)| {
                    campaigns.sort_by(|a, b| a.campaign.cmp(&b.campaign));
                    let (h, n) = sums[&(month, channel.clone())];
                    all_claimed += h;
                    all_leads += n;
                    ClaimChannel {
                        channel,
                        numbers: ClaimNumbers::of(h, n),
                        campaigns,
                    }
                })
                .collect();
            let claims = PlatformClaims {
                available: true,
                channels,
                total: Some(ClaimNumbers::of(all_claimed, all_leads)),
            };
            (month, claims)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_of_a_claim() {
        // 12.50 claimed against 10 leads: 2.5 more, 1.25 times.
        assert_eq!(
            ClaimNumbers::of(1250, 10),
            ClaimNumbers {
                platform_conversions: 12.5,
                crm_leads: 10,
                gap: 2.5,
                ratio: Some(1.25)
            }
        );
        // 3 claimed against 7 leads: 4 fewer, 0.4286 times.
        let n = ClaimNumbers::of(300, 7);
        assert_eq!((n.gap, n.ratio), (-4.0, Some(0.4286)));
        // Nothing in the CRM: no ratio.
        assert_eq!(ClaimNumbers::of(5, 0).ratio, None);
        assert_eq!(ClaimNumbers::of(5, 0).gap, 0.05);
    }
}
