//! A spend row: the cost of a channel or campaign on a day, or over a range of days (an ad
//! report's `Reporting starts` .. `Reporting ends`), which is spread evenly over its days.

use crate::base::money::Money;
use crate::input::formats::Field;
use crate::input::normalize::*;
use crate::model::{Labels, Origin, Spend};

/// The longest range a spend row may cover: ten years of days.
const MAX_RANGE_DAYS: i64 = 3_653;

/// The note a file gets for each row spread over a range.
pub const SPREAD_NOTE: &str =
    "{row|rows} over a range of days {was|were} spread evenly over {its|their} days";

/// A spend row, pushed to `out` as one record a day of its range (one record for a row of one
/// day). `--` (an ad platform's "nothing") costs 0.
pub fn spend(
    row: &Row,
    ctx: &RowContext,
    labels: &mut Labels,
    notes: &mut Notes,
    origin: Origin,
    out: &mut Vec<Spend>,
) -> Result<(), String> {
    // The row's own dates, else the range its report states once (`FileView::range`).
    let (date, end) = match (row.date(Field::Date, ctx.tz)?, row.view.range) {
        (Some(d), _) => (d, row.date(Field::DateEnd, ctx.tz)?.unwrap_or(d)),
        (None, Some(range)) => range,
        (None, None) => return Err(format!("{} is empty", row.column(Field::Date))),
    };
    let days = (end - date).num_days() + 1;
    if days < 1 {
        return Err(format!(
            "{} is before {}; the range ends before it starts",
            row.column(Field::DateEnd),
            row.column(Field::Date)
        ));
    }
    if days > MAX_RANGE_DAYS {
        return Err(format!(
            "{} to {} spans more than ten years; export the report by month or by day instead",
            row.column(Field::Date),
            row.column(Field::DateEnd)
        ));
    }
    // Mailchimp's campaigns report writes `n/a` where it charged nothing for the campaign.
    let not_stated = row.text(Field::Cost)?.eq_ignore_ascii_case("n/a");
    let cost = if not_stated {
        note(
            notes,
            "{cost|costs} written n/a (no cost stated) {was|were} counted as 0",
        );
        Some((crate::base::money::Money::ZERO, None))
    } else {
        row.money(Field::Cost)?
    };
    let (cost, written) = match cost {
        Some(cost) => cost,
        // An ad platform leaves the spend of a row that showed an ad for nothing blank (Meta).
        None if row.count(Field::Impressions)?.is_some() || row.count(Field::Clicks)?.is_some() => {
            note(
                notes,
                "{row|rows} with impressions or clicks and a blank spend {was|were} counted as spending 0",
            );
            (crate::base::money::Money::ZERO, None)
        }
        None => return Err(format!("{} is empty", row.column(Field::Cost))),
    };
    let first = Spend {
        origin,
        date,
        channel: labels.channel(row.text(Field::Channel)?, &ctx.channels),
        campaign: labels.campaign(row.text(Field::Campaign)?),
        cost,
        currency: row.currency(written)?,
        impressions: row.count(Field::Impressions)?,
        clicks: row.count(Field::Clicks)?,
    };
    if days == 1 {
        out.push(first);
        return Ok(());
    }
    note(notes, SPREAD_NOTE);
    let n = days as u64;
    let costs = spread(cost.0, n);
    let impressions = first.impressions.map(|v| spread(i128::from(v), n));
    let clicks = first.clicks.map(|v| spread(i128::from(v), n));
    out.extend((0..n).map(|i| Spend {
        date: date + chrono::Duration::days(i as i64),
        cost: Money(costs.share(i)),
        impressions: impressions.map(|s| s.share(i) as u64),
        clicks: clicks.map(|s| s.share(i) as u64),
        ..first
    }));
    Ok(())
}

/// A whole split evenly over `n` days in its smallest units: each day gets the quotient, and the
/// first `remainder` days one unit more, so that the days add up to the whole exactly.
#[derive(Clone, Copy, Debug)]
struct Spread {
    each: i128,
    remainder: u64,
}

fn spread(whole: i128, n: u64) -> Spread {
    let n128 = i128::from(n);
    Spread {
        each: whole.div_euclid(n128),
        remainder: whole.rem_euclid(n128) as u64,
    }
}

impl Spread {
    /// Day `i`'s share.
    fn share(self, i: u64) -> i128 {
        self.each + i128::from(i < self.remainder)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spread_adds_up_to_the_whole_with_the_remainder_on_the_first_days() {
        for (whole, n) in [
            (7_799_800i128, 28u64),
            (10, 3),
            (-10, 3),
            (0, 5),
            (1, 366),
            (1_411_587_500, 366),
        ] {
            let s = spread(whole, n);
            let shares: Vec<i128> = (0..n).map(|i| s.share(i)).collect();
            assert_eq!(shares.iter().sum::<i128>(), whole, "{whole} over {n}");
            let (lo, hi) = (shares.iter().min().unwrap(), shares.iter().max().unwrap());
            assert!(hi - lo <= 1, "{whole} over {n}: {lo}..{hi}");
            assert!(
                shares.windows(2).all(|w| w[0] >= w[1]),
                "larger shares first"
            );
        }
        // 10 over 3 days: 4, 3, 3.
        let s = spread(10, 3);
        assert_eq!((s.share(0), s.share(1), s.share(2)), (4, 3, 3));
    }
}
