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
        conversions: conversions(row, notes)?,
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
    let conversions = first.conversions.map(|v| spread(i128::from(v), n));
    out.extend((0..n).map(|i| Spend {
        date: date + chrono::Duration::days(i as i64),
        cost: Money(costs.share(i)),
        impressions: impressions.map(|s| s.share(i) as u64),
        clicks: clicks.map(|s| s.share(i) as u64),
        conversions: conversions.map(|s| s.share(i) as u32),
        ..first
    }));
    Ok(())
}

/// The note a file gets for each row whose `Results` are not conversions.
pub const OTHER_RESULTS_NOTE: &str = "rows whose Results are of a type that is not a lead or a conversion (link clicks, reach, views) claimed no conversions";

/// The note a file gets for each row whose `Results` say no result type.
pub const UNTYPED_RESULTS_NOTE: &str = "rows with Results but no Result Type (or Result indicator) claimed no conversions: export the Result Type column with them";

/// The conversions the ad platform claims for a row, in hundredths: the first of its conversion
/// columns, in the profile's order of preference, that holds a number other than 0 (LinkedIn's
/// `Leads` for Lead Gen Forms, else its `Conversions`), else 0; `None` when none holds a number
/// (`--` and blanks are none). A Meta `Results` column counts only where the row's result type
/// names a lead or a conversion (`is_conversion_result`).
fn conversions(row: &Row, notes: &mut Notes) -> Result<Option<u32>, String> {
    let columns = row.view.map.get(Field::Conversions);
    if columns.is_empty() {
        return Ok(None);
    }
    let mut claimed = None;
    for &i in columns {
        let text = match row.clean_field(i) {
            Some(t) => t,
            None => std::str::from_utf8(row.record.get(i).unwrap_or(b"")).map_err(|_| {
                format!(
                    "{} (column {}): not valid UTF-8; save the file as UTF-8",
                    row.view.header[i].trim(),
                    i + 1
                )
            })?,
        };
        let text = trim(text);
        if text.is_empty() || text == "--" || text == "-" {
            continue;
        }
        let hundredths = read_conversions(row, i, text)?;
        if hundredths > 0 && is_results_column(row, i) {
            let kind = row.text(Field::Kind)?;
            if kind.is_empty() {
                note(notes, UNTYPED_RESULTS_NOTE);
                continue;
            }
            if !is_conversion_result(kind) {
                note(notes, OTHER_RESULTS_NOTE);
                continue;
            }
        }
        if hundredths > 0 {
            return Ok(Some(hundredths));
        }
        claimed = Some(0);
    }
    Ok(claimed)
}

/// Whether column `i` is a Meta `Results` column, whose count is of the row's result type.
fn is_results_column(row: &Row, i: usize) -> bool {
    row.view.profile.id.starts_with("meta-ads")
        && crate::input::formats::header_key(&row.view.header[i]) == "results"
}

/// Words of a Meta result type (`Leads`, `Website leads`, `quoteReceived`, `Purchases`) or
/// result indicator (`actions:offsite_conversion.fb_pixel_lead`,
/// `actions:onsite_conversion.lead_grouped`) that make its results conversions. Clicks, reach,
/// impressions, views, engagement and conversations started are not (docs/sources.md).
const CONVERSION_RESULTS: &[&str] = &[
    "lead",
    "quote",
    "registration",
    "contact",
    "submit",
    "application",
    "schedule",
    "appointment",
    "purchase",
    "subscri",
    "trial",
    "conversions",
    "fb_pixel_custom",
    "offsite_conversion.custom",
];

/// Whether a Meta result type or indicator names a lead or a conversion (`CONVERSION_RESULTS`).
pub fn is_conversion_result(kind: &str) -> bool {
    let kind = kind.to_ascii_lowercase();
    CONVERSION_RESULTS.iter().any(|w| kind.contains(w))
}

/// A conversions value in hundredths, read with the decimal mark of the file's costs.
fn read_conversions(row: &Row, i: usize, text: &str) -> Result<u32, String> {
    use crate::base::numeral::Numeral;
    let mark = row.view.numbers.marks[Field::Cost as usize];
    let column = || format!("{} (column {})", row.view.header[i].trim(), i + 1);
    let n = Numeral::read(text)
        .ok()
        .filter(|n| n.before.is_empty() && n.after.is_empty() && n.power == 0 && n.fits(mark))
        .ok_or_else(|| {
            format!(
                "{}: {} is not a number of conversions; write a number such as 12 or 12{}50",
                column(),
                row.quote(Field::Conversions, text),
                char::from(mark.byte())
            )
        })?;
    let units = n.units(mark, 2).unwrap_or(i128::MAX);
    if units < 0 {
        return Err(format!(
            "{}: {} conversions is below zero",
            column(),
            row.quote(Field::Conversions, text)
        ));
    }
    u32::try_from(units).map_err(|_| {
        format!(
            "{}: {} conversions is more than one row can claim (42,949,672.95)",
            column(),
            row.quote(Field::Conversions, text)
        )
    })
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

    /// The spend records of one row under `header`, as a built-in profile reads it, and the
    /// file's notes.
    fn records(header: &[&str], cells: &[&str]) -> (Result<Vec<Spend>, String>, Notes) {
        crate::input::normalize::tests::parse(header, cells, |row, labels, notes| {
            let mut out = Vec::new();
            let ctx = crate::input::normalize::tests::ctx();
            spend(row, &ctx, labels, notes, Origin::new(0, 2), &mut out).map(|()| out)
        })
    }

    /// The conversions of a one-day row, and the file's notes.
    fn claimed(header: &[&str], cells: &[&str]) -> (Result<Option<u32>, String>, Notes) {
        let (r, notes) = records(header, cells);
        (r.map(|v| v[0].conversions), notes)
    }

    #[test]
    fn google_conversions_are_read_to_the_hundredth() {
        let h = ["Day", "Campaign", "Cost", "Impr.", "Clicks", "Conversions"];
        let row = |c: &str| claimed(&h, &["2026-10-01", "Brand", "12.00", "10", "1", c]).0;
        assert_eq!(row("12.50"), Ok(Some(1250)));
        assert_eq!(row("1,204.5"), Ok(Some(120_450)));
        assert_eq!(row("3"), Ok(Some(300)));
        assert_eq!(row("0.00"), Ok(Some(0)));
        assert_eq!(row("--"), Ok(None));
        assert_eq!(row(""), Ok(None));
        let e = row("many").unwrap_err();
        assert!(
            e.contains("Conversions (column 6)") && e.contains("not a number of conversions"),
            "{e}"
        );
        assert!(row("-2").unwrap_err().contains("below zero"));
        // `All conv.` where `Conversions` is 0.
        let h = [
            "Day",
            "Campaign",
            "Cost",
            "Impr.",
            "Conversions",
            "All conv.",
        ];
        let row = |a: &str, b: &str| claimed(&h, &["2026-10-01", "Brand", "1", "10", a, b]).0;
        assert_eq!(row("2.00", "5.00"), Ok(Some(200)));
        assert_eq!(row("0.00", "5.00"), Ok(Some(500)));
        // A report without the column claims nothing.
        let h = ["Day", "Campaign", "Cost", "Impr."];
        assert_eq!(claimed(&h, &["2026-10-01", "Brand", "1", "10"]).0, Ok(None));
    }

    #[test]
    fn meta_results_count_only_when_their_type_is_a_lead_or_a_conversion() {
        let h = [
            "Reporting starts",
            "Reporting ends",
            "Campaign name",
            "Amount spent (USD)",
            "Result Type",
            "Results",
        ];
        let row = |kind: &str, n: &str| {
            claimed(
                &h,
                &["2026-10-01", "2026-10-01", "Retargeting", "5.00", kind, n],
            )
        };
        assert_eq!(row("Leads", "7").0, Ok(Some(700)));
        assert_eq!(row("quoteReceived", "3").0, Ok(Some(300)));
        assert_eq!(row("Website purchases", "2").0, Ok(Some(200)));
        let (r, notes) = row("Link clicks", "144");
        assert_eq!(r, Ok(None));
        assert_eq!(notes.get(OTHER_RESULTS_NOTE), Some(&1));
        let (r, notes) = row("", "5");
        assert_eq!(r, Ok(None));
        assert_eq!(notes.get(UNTYPED_RESULTS_NOTE), Some(&1));
        assert_eq!(row("Link clicks", "0").0, Ok(Some(0)));
        // A `Leads` column is the count itself, whatever the results are.
        let h = [
            "Reporting starts",
            "Reporting ends",
            "Campaign name",
            "Amount spent (USD)",
            "Result Type",
            "Results",
            "Leads",
        ];
        let cells = [
            "2026-10-01",
            "2026-10-01",
            "Retargeting",
            "5.00",
            "Link clicks",
            "90",
            "4",
        ];
        assert_eq!(claimed(&h, &cells).0, Ok(Some(400)));
    }

    #[test]
    fn conversions_over_a_range_are_spread_over_its_days() {
        // 10 leads over 3 days: 3.34, 3.33, 3.33.
        let h = [
            "Reporting starts",
            "Reporting ends",
            "Campaign name",
            "Amount spent (USD)",
            "Result indicator",
            "Results",
        ];
        let cells = [
            "2026-09-30",
            "2026-10-02",
            "Leads form",
            "30.00",
            "actions:offsite_conversion.fb_pixel_lead",
            "10",
        ];
        let (r, _) = records(&h, &cells);
        let c: Vec<Option<u32>> = r.unwrap().iter().map(|s| s.conversions).collect();
        assert_eq!(c, [Some(334), Some(333), Some(333)]);
    }

    #[test]
    fn linkedin_claims_its_leads_else_its_conversions() {
        let h = [
            "Start Date (in UTC)",
            "Campaign Name",
            "Total Spent",
            "Leads",
            "Conversions",
        ];
        let row = |l: &str, c: &str| claimed(&h, &["10/1/2026", "ABM", "100", l, c]).0;
        assert_eq!(row("4", "0"), Ok(Some(400)));
        assert_eq!(row("0", "7"), Ok(Some(700)));
        assert_eq!(row("0", "0"), Ok(Some(0)));
        assert_eq!(row("4", "7"), Ok(Some(400)));
    }

    #[test]
    fn result_types_that_are_conversions() {
        for yes in [
            "Leads",
            "Website leads",
            "On-Facebook leads",
            "quoteReceived",
            "Purchases",
            "Registrations completed",
            "actions:offsite_conversion.fb_pixel_lead",
            "actions:onsite_conversion.lead_grouped",
            "actions:offsite_conversion.fb_pixel_purchase",
            "actions:offsite_conversion.fb_pixel_custom",
            "Website conversions",
        ] {
            assert!(is_conversion_result(yes), "{yes}");
        }
        for no in [
            "Link clicks",
            "Reach",
            "ThruPlays",
            "Post engagement",
            "Landing page views",
            "Impressions",
            "actions:link_click",
            "actions:onsite_conversion.messaging_conversation_started_7d",
            "actions:offsite_conversion.fb_pixel_view_content",
        ] {
            assert!(!is_conversion_result(no), "{no}");
        }
    }

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
