//! A spend row: a day's cost of a channel or campaign.

use crate::input::formats::Field;
use crate::input::normalize::*;
use crate::model::{Labels, Origin, Spend};

/// A spend row. `--` (an ad platform's "nothing") costs 0.
pub fn spend(
    row: &Row,
    ctx: &RowContext,
    labels: &mut Labels,
    origin: Origin,
) -> Result<Spend, String> {
    let date = row
        .date(Field::Date, ctx.tz)?
        .ok_or_else(|| format!("{} is empty", row.column(Field::Date)))?;
    let (cost, written) = row
        .money(Field::Cost)?
        .ok_or_else(|| format!("{} is empty", row.column(Field::Cost)))?;
    Ok(Spend {
        origin,
        date,
        channel: labels.channel(row.text(Field::Channel)?, &ctx.channels),
        campaign: labels.campaign(row.text(Field::Campaign)?),
        cost,
        currency: row.currency(written)?,
        impressions: row.count(Field::Impressions)?,
        clicks: row.count(Field::Clicks)?,
    })
}
