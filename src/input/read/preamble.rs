//! Preamble: the date range an ad report states before its header, on a line of its own
//! (`March 27, 2026 - April 23, 2026`, `27 January 2026 - 23 February 2026`) or in an AdWords
//! title (`Ad report (Oct 25, 2016-Oct 31, 2016)`).

use crate::base::datetime::{DateOrder, OrderEvidence, parse_written};
use chrono::NaiveDate;

/// The date range a report states on a line before its header. A report over "All time", or
/// with no range, cannot be put into months: the problem says which export to make instead
/// (`by_day` says where the vendor's export is broken down by day). `order` reads numeric dates
/// (`3/27/2026`) until they say otherwise.
pub(super) fn range(
    preamble: &[csv::ByteRecord],
    by_day: &str,
    order: DateOrder,
) -> Result<(NaiveDate, NaiveDate), String> {
    let instead = format!(
        "download it for a date range, best segmented by day ({by_day}) so that each row is one day's"
    );
    for record in preamble {
        let cells: Vec<String> = record
            .iter()
            .map(|c| String::from_utf8_lossy(c).trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        // A line split at its commas (an unquoted `Campaign report (Jan 1, 2017-Jan 31, 2017)`)
        // is whole again.
        let line = cells.join(", ");
        let text = in_title(&line).or_else(|| labelled(&line)).unwrap_or(&line);
        if text.eq_ignore_ascii_case("all time") {
            return Err(format!(
                "the report covers \"All time\", so which months its spend fell in is unknown; {instead}"
            ));
        }
        if let Some((from, to)) = dates_either_side(text, order) {
            if to < from {
                return Err(format!("its date range {line:?} ends before it starts"));
            }
            return Ok((from, to));
        }
    }
    Err(format!(
        "the report has no date column and states no date range before its header, so which months its spend fell in is unknown; {instead}"
    ))
}

/// The range after a label, as Microsoft Advertising's report downloads state it: `Report Time:
/// 9/1/2023 - 9/30/2023` gives `9/1/2023 - 9/30/2023`.
fn labelled(line: &str) -> Option<&str> {
    let (label, rest) = line.split_once(':')?;
    let label = label.trim().to_ascii_lowercase();
    matches!(
        label.as_str(),
        "report time" | "date range" | "time period" | "reporting period"
    )
    .then(|| rest.trim())
}

/// The text in a title's closing brackets: `Ad report (Oct 25, 2016-Oct 31, 2016)` gives
/// `Oct 25, 2016-Oct 31, 2016`.
fn in_title(line: &str) -> Option<&str> {
    let inner = line.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    Some(inner[open + 1..].trim())
}

/// `from - to`: two dates either side of a dash (` - `, `-`, ` – `), at the first dash where
/// both sides read as dates (`2016-10-25-2016-10-31` too). Numeric dates are read in `order`,
/// else in the other when the values demand it (`27/03/2026 - 23/04/2026`).
fn dates_either_side(text: &str, order: DateOrder) -> Option<(NaiveDate, NaiveDate)> {
    let other = match order {
        DateOrder::MonthFirst => DateOrder::DayFirst,
        DateOrder::DayFirst => DateOrder::MonthFirst,
    };
    let dashes = text
        .char_indices()
        .filter(|(_, c)| matches!(c, '-' | '\u{2013}' | '\u{2014}'));
    for (at, dash) in dashes {
        let (a, b) = (&text[..at], &text[at + dash.len_utf8()..]);
        for o in [order, other] {
            if let (Some(from), Some(to)) = (date_in(a, o), date_in(b, o)) {
                return Some((from, to));
            }
        }
    }
    None
}

/// The date `text` holds when read in `order`, unless its numbers show the other order. A bare
/// number (which could be a spreadsheet's day number) is no date here.
fn date_in(text: &str, order: DateOrder) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() || text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut ev = OrderEvidence::default();
    let date = parse_written(text, order, &mut ev)?.date(chrono_tz::Tz::UTC);
    let against = match order {
        DateOrder::MonthFirst => ev.day_first,
        DateOrder::DayFirst => ev.month_first,
    };
    (against == 0).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Vec<csv::ByteRecord> {
        vec![csv::ByteRecord::from(vec!["Campaign report"]), {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            r.byte_records().next().unwrap().unwrap()
        }]
    }

    fn read(text: &str) -> Result<(NaiveDate, NaiveDate), String> {
        range(&line(text), "by day", DateOrder::MonthFirst)
    }

    fn days(a: (i32, u32, u32), b: (i32, u32, u32)) -> Result<(NaiveDate, NaiveDate), String> {
        Ok((
            NaiveDate::from_ymd_opt(a.0, a.1, a.2).unwrap(),
            NaiveDate::from_ymd_opt(b.0, b.1, b.2).unwrap(),
        ))
    }

    #[test]
    fn ranges_are_read_as_google_ads_and_adwords_write_them() {
        let march = days((2026, 3, 27), (2026, 4, 23));
        assert_eq!(read("\"March 27, 2026 - April 23, 2026\""), march);
        assert_eq!(
            read("27 January 2026 - 23 February 2026"),
            days((2026, 1, 27), (2026, 2, 23))
        );
        assert_eq!(read("3/27/2026 - 4/23/2026"), march);
        assert_eq!(read("27/03/2026 - 23/04/2026"), march);
        assert_eq!(read("27.03.2026 \u{2013} 23.04.2026"), march);
        assert_eq!(read("2026-03-27 - 2026-04-23"), march);
        assert_eq!(read("2026-03-27-2026-04-23"), march);
        // AdWords titles, quoted or split at their commas.
        let oct = days((2016, 10, 25), (2016, 10, 31));
        assert_eq!(read("\"Ad report (Oct 25, 2016-Oct 31, 2016)\""), oct);
        assert_eq!(read("Ad report (Oct 25, 2016-Oct 31, 2016)"), oct);
        assert_eq!(
            read("\"Campaign report (Jan 1, 2017-Jan 31, 2017)\""),
            days((2017, 1, 1), (2017, 1, 31))
        );
    }

    #[test]
    fn microsoft_report_time_lines_give_the_range() {
        assert_eq!(
            read("\"Report Time: 9/1/2023 - 9/30/2023\"\n"),
            days((2023, 9, 1), (2023, 9, 30))
        );
        assert_eq!(
            read("Report Time: 1/4/2024 - 1/31/2024\n").map(|(a, _)| a),
            Ok(NaiveDate::from_ymd_opt(2024, 1, 4).unwrap())
        );
    }

    #[test]
    fn all_time_no_range_and_backward_ranges_are_refused() {
        assert!(read("All time").unwrap_err().contains("\"All time\""));
        assert!(
            read("\"Ad report (All time)\"")
                .unwrap_err()
                .contains("\"All time\"")
        );
        assert!(
            read("Account - Brand")
                .unwrap_err()
                .contains("states no date range")
        );
        assert!(
            read("2016 - 2017")
                .unwrap_err()
                .contains("states no date range")
        );
        assert!(
            read("April 23, 2026 - March 27, 2026")
                .unwrap_err()
                .contains("ends before it starts")
        );
    }
}
