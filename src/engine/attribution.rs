//! Attribution from an engine: the engine finds each deal's lead and the marketing touches in its
//! lookback window (a join, no ASOF join) and returns them deal by deal; baton weighs and splits
//! each deal with the in-memory engine's own `Credit`, one deal in memory at a time.

use crate::analysis::attribution::credit::{Credit, Names, Point, campaign_channels};
use crate::analysis::attribution::{Attribution, touch_channel};
use crate::base::datetime::{Instant, Month};
use crate::base::error::Result;
use crate::base::intern::{Interner, Sym};
use crate::base::money::Money;
use crate::engine::Engine;
use crate::engine::columns::{self, int, text};
use crate::engine::queries::{CAMPAIGN_VOTES, CHANNEL_SPEND, TOUCHPOINTS};
use arrow_array::{Int64Array, RecordBatch, StringArray};
use std::collections::BTreeMap;

/// One deal as its rows give it, and its touchpoints so far.
struct Deal {
    number: i64,
    amount: Money,
    created: Option<Month>,
    won: Option<Month>,
    points: Vec<Point>,
    /// Its lead's creation, when it has a lead: the point that credits the lead's source.
    creation: Option<(Point, bool)>,
}

/// The columns of a touchpoints batch.
struct Rows {
    deal: Int64Array,
    amount: Int64Array,
    created: StringArray,
    won: StringArray,
    dated_at: Int64Array,
    lead: Int64Array,
    deal_channel: StringArray,
    deal_campaign: StringArray,
    lead_created_at: Int64Array,
    lead_channel: StringArray,
    lead_campaign: StringArray,
    touched_at: Int64Array,
    touch_campaign: StringArray,
}

impl Rows {
    fn of(batch: &RecordBatch) -> Result<Rows> {
        let q = TOUCHPOINTS.name;
        let ints = |name: &str| columns::ints(q, batch, name);
        let texts = |name: &str| columns::texts(q, batch, name);
        Ok(Rows {
            deal: ints("deal")?,
            amount: ints("amount_e4")?,
            created: texts("created_month")?,
            won: texts("won_month")?,
            dated_at: ints("dated_at")?,
            lead: ints("lead")?,
            deal_channel: texts("deal_channel")?,
            deal_campaign: texts("deal_campaign")?,
            lead_created_at: ints("lead_created_at")?,
            lead_channel: texts("lead_channel")?,
            lead_campaign: texts("lead_campaign")?,
            touched_at: ints("touched_at")?,
            touch_campaign: texts("touch_campaign")?,
        })
    }
}

/// Labels by name while the rows come, by number for `Credit`.
#[derive(Default)]
struct Labels {
    channels: Interner,
    campaigns: Interner,
}

impl Labels {
    fn channel(&mut self, name: Option<&str>) -> Sym {
        self.channels.intern(name.unwrap_or(""))
    }

    fn campaign(&mut self, name: Option<&str>) -> Sym {
        self.campaigns.intern(name.unwrap_or(""))
    }

    fn names(&self) -> Names<'_> {
        Names {
            channels: &self.channels,
            campaigns: &self.campaigns,
        }
    }
}

/// Every month's attribution, with a lookback of `lookback_days` before each deal.
pub(crate) fn attribution(
    engine: &dyn Engine,
    lookback_days: i64,
) -> Result<BTreeMap<Month, Attribution>> {
    let mut labels = Labels::default();
    let mut votes = Vec::new();
    for batch in engine.run(CAMPAIGN_VOTES.sql)? {
        let q = CAMPAIGN_VOTES.name;
        let campaign = columns::texts(q, &batch, "campaign")?;
        let channel = columns::texts(q, &batch, "channel")?;
        let n = columns::ints(q, &batch, "n")?;
        for row in 0..batch.num_rows() {
            let ca = labels.campaign(text(&campaign, row));
            let ch = labels.channel(text(&channel, row));
            votes.push(((ca, ch), int(&n, row).unwrap_or(0) as u64));
        }
    }
    let campaigns = campaign_channels(votes.into_iter(), &labels.channels);
    let mut spend: BTreeMap<(Month, Sym), Money> = BTreeMap::new();
    for batch in engine.run(CHANNEL_SPEND.sql)? {
        let q = CHANNEL_SPEND.name;
        let period = columns::texts(q, &batch, "period")?;
        let channel = columns::texts(q, &batch, "channel")?;
        let cost = columns::ints(q, &batch, "spend_e4")?;
        for row in 0..batch.num_rows() {
            let key = (
                columns::month(q, &period, row)?,
                labels.channel(text(&channel, row)),
            );
            *spend.entry(key).or_default() += Money(i128::from(int(&cost, row).unwrap_or(0)));
        }
    }
    let lookback = lookback_days * 86_400;
    let sql = TOUCHPOINTS.sql.replace("{lookback}", &lookback.to_string());
    let mut credit = Credit::default();
    let mut deal: Option<Deal> = None;
    let month = |a: &StringArray, row: usize| text(a, row).and_then(Month::parse);
    for batch in engine.run(&sql)? {
        let r = Rows::of(&batch)?;
        for row in 0..batch.num_rows() {
            let number = int(&r.deal, row).unwrap_or(-1);
            if deal.as_ref().is_none_or(|d| d.number != number) {
                if let Some(done) = deal.take() {
                    add(&mut credit, done, labels.names());
                }
                let anchor = int(&r.dated_at, row).unwrap_or(Instant::MAX);
                let creation = match int(&r.lead, row) {
                    Some(_) => {
                        let created = int(&r.lead_created_at, row);
                        let at = created.unwrap_or(anchor);
                        let point = Point {
                            at,
                            channel: labels.channel(text(&r.lead_channel, row)),
                            campaign: labels.campaign(text(&r.lead_campaign, row)),
                            creation: true,
                        };
                        let from = anchor.saturating_sub(lookback);
                        Some((point, created.is_some() && at >= from && at <= anchor))
                    }
                    None => None,
                };
                let own = Point {
                    at: anchor,
                    channel: labels.channel(text(&r.deal_channel, row)),
                    campaign: labels.campaign(text(&r.deal_campaign, row)),
                    creation: true,
                };
                deal = Some(Deal {
                    number,
                    amount: Money(i128::from(int(&r.amount, row).unwrap_or(0))),
                    created: month(&r.created, row),
                    won: month(&r.won, row),
                    points: if creation.is_some() {
                        Vec::new()
                    } else {
                        vec![own]
                    },
                    creation,
                });
            }
            let Some(d) = deal.as_mut() else { continue };
            if let (Some((creation, _)), Some(at)) = (d.creation, int(&r.touched_at, row)) {
                let campaign = labels.campaign(text(&r.touch_campaign, row));
                d.points.push(Point {
                    at,
                    channel: touch_channel(&campaigns, campaign, creation.channel),
                    campaign,
                    creation: false,
                });
            }
        }
    }
    if let Some(done) = deal.take() {
        add(&mut credit, done, labels.names());
    }
    Ok(credit.finish(&spend, labels.names()))
}

/// Credits one deal: its lead's creation when it falls in the window, and its touches; with
/// neither, the lead's creation alone.
fn add(credit: &mut Credit, mut d: Deal, names: Names) {
    if let Some((creation, in_window)) = d.creation {
        if in_window {
            d.points.push(creation);
        }
        if d.points.is_empty() {
            d.points.push(creation);
        }
    }
    credit.add(&mut d.points, d.amount, d.created, d.won, names);
}
