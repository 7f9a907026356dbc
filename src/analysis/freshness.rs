//! Freshness: how recent each source's rows are. A source is what one export job gives: every
//! file one profile reads (all the Google Ads files, all the HubSpot contacts files, all the
//! files of one `[[source]]` block). A source that stops weeks before the others makes the months
//! after it look wrong (no spend, so a cheaper CAC) without any error, so it is named.

use crate::base::{excerpt, format};
use crate::model::ledger::FileLedger;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;

/// A source further behind the newest of all sources than this many days is named as behind.
pub const LAG_DAYS: i64 = 31;

/// At most this many of a source's files are named in one message.
const FILES_NAMED: usize = 3;

/// One source: its files and the day its rows run to.
#[derive(Debug)]
pub struct Source<'a> {
    /// The profile and entity, as `check` names them: `google-ads (spend)`.
    pub name: String,
    pub files: Vec<&'a str>,
    /// The newest row's date (rows dated after the day of the run left out).
    pub newest: Option<NaiveDate>,
    /// The day its rows account for: the newest row's, or for a monthly sheet (every row on the
    /// first of a month) the end of that month, but never past the day of the run.
    pub through: Option<NaiveDate>,
}

impl Source<'_> {
    /// `google-ads (spend: ads/a.csv, ads/b.csv)`, file names escaped.
    fn named(&self) -> String {
        let shown: Vec<_> = self
            .files
            .iter()
            .take(FILES_NAMED)
            .map(|f| excerpt::escape(f))
            .collect();
        let mut s = format!(
            "{}: {}",
            self.name.strip_suffix(')').unwrap_or(&self.name),
            shown.join(", ")
        );
        if self.files.len() > FILES_NAMED {
            let _ = write!(s, " and {} more files", self.files.len() - FILES_NAMED);
        }
        s.push(')');
        s
    }
}

/// The sources of `ledgers`, in the order of their first file. Files not read (unrecognised,
/// unreadable, left out by `ignore`) belong to none.
pub fn sources(ledgers: &[FileLedger], today: NaiveDate) -> Vec<Source<'_>> {
    let mut out: Vec<(Source, bool)> = Vec::new();
    for l in ledgers {
        let Some(entity) = l.entity else { continue };
        if l.source == "ignored" {
            continue;
        }
        let id = l.source.trim_end_matches("+config");
        let name = format!("{} ({})", excerpt::escape(id), entity.name());
        let monthly = [l.first_date, l.last_date]
            .iter()
            .all(|d| d.is_none_or(|d| d.day() == 1));
        let i = match out.iter().position(|(s, _)| s.name == name) {
            Some(i) => i,
            None => {
                out.push((
                    Source {
                        name,
                        files: Vec::new(),
                        newest: None,
                        through: None,
                    },
                    true,
                ));
                out.len() - 1
            }
        };
        let (s, all_monthly) = &mut out[i];
        s.files.push(&l.rel);
        s.newest = s.newest.max(l.last_date);
        *all_monthly &= monthly;
    }
    out.into_iter()
        .map(|(mut s, monthly)| {
            s.through = s
                .newest
                .map(|d| if monthly { month_end(d).min(today) } else { d });
            s
        })
        .collect()
}

fn month_end(d: NaiveDate) -> NaiveDate {
    let next = if d.month() == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).unwrap_or(d)
}

/// For `--max-age days`: one line for each source older than that, or with no dated row.
pub fn stale(ledgers: &[FileLedger], today: NaiveDate, days: i64) -> Vec<String> {
    sources(ledgers, today)
        .iter()
        .filter(|s| s.through.is_none_or(|d| (today - d).num_days() > days))
        .map(|s| match s.newest {
            Some(d) => format!(
                "{}: the newest row is from {d}, {} before {today}",
                s.named(),
                format::counted((today - d).num_days().max(0) as u64, "day", "days")
            ),
            None => format!("{}: no dated row at all", s.named()),
        })
        .collect()
}

/// What a reader of the report should know about freshness, in plain words: each source far
/// behind the others (`LAG_DAYS`), and each file with rows dated after `today`.
pub fn warnings(ledgers: &[FileLedger], today: NaiveDate) -> Vec<String> {
    let sources = sources(ledgers, today);
    let mut out = Vec::new();
    if let Some(front) = sources.iter().filter_map(|s| s.through).max() {
        for s in &sources {
            let Some((newest, through)) = s.newest.zip(s.through) else {
                continue;
            };
            let behind = (front - through).num_days();
            if behind > LAG_DAYS {
                out.push(format!(
                    "{} is behind: its newest row is from {newest}, {} before the newest of the other sources ({front}). Figures after {newest} lack its rows; export it again.",
                    s.named(),
                    format::counted(behind.max(0) as u64, "day", "days")
                ));
            }
        }
    }
    for l in ledgers.iter().filter(|l| l.future > 0) {
        out.push(format!(
            "{} dated after {today} in {}: {}; check the dates in that export.",
            format::counted(l.future, "row", "rows"),
            excerpt::escape(&l.rel),
            if l.future == 1 {
                "it is used, but does not count as fresh"
            } else {
                "they are used, but do not count as fresh"
            }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entity;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn file(rel: &str, source: &str, entity: Entity, first: &str, last: &str) -> FileLedger {
        let mut l = FileLedger::new(rel);
        l.source = source.into();
        l.entity = Some(entity);
        l.span(day(first));
        l.span(day(last));
        l
    }

    #[test]
    fn a_source_is_every_file_of_one_profile() {
        let ledgers = [
            file(
                "a/g25.csv",
                "google-ads",
                Entity::Spend,
                "2025-01-01",
                "2025-12-31",
            ),
            file(
                "crm/l.csv",
                "sf-leads+config",
                Entity::Lead,
                "2025-01-03",
                "2026-10-30",
            ),
            file(
                "a/g26.csv",
                "google-ads",
                Entity::Spend,
                "2026-01-01",
                "2026-08-31",
            ),
            file(
                "b/plan.csv",
                "budget",
                Entity::Spend,
                "2025-01-01",
                "2026-10-01",
            ),
        ];
        let s = sources(&ledgers, day("2026-11-23"));
        let names: Vec<_> = s.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["google-ads (spend)", "sf-leads (lead)", "budget (spend)"]
        );
        assert_eq!(s[0].files, ["a/g25.csv", "a/g26.csv"]);
        assert_eq!(s[0].through, Some(day("2026-08-31")));
        // A monthly sheet accounts for the whole of its last month.
        assert_eq!(s[2].through, Some(day("2026-10-31")));
        let w = warnings(&ledgers, day("2026-11-23"));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("google-ads (spend: a/g25.csv, a/g26.csv) is behind: its newest row is from 2026-08-31, 61 days before"),
            "{}",
            w[0]
        );
        let st = stale(&ledgers, day("2026-11-23"), 30);
        assert_eq!(st.len(), 1, "{st:?}");
        assert!(st[0].contains("google-ads (spend"), "{st:?}");
        assert!(stale(&ledgers, day("2026-11-23"), 90).is_empty());
    }

    #[test]
    fn a_monthly_sheet_of_this_month_is_not_ahead_of_today() {
        let ledgers = [
            file(
                "plan.csv",
                "budget",
                Entity::Spend,
                "2026-01-01",
                "2026-11-01",
            ),
            file("l.csv", "leads", Entity::Lead, "2026-01-03", "2026-11-20"),
        ];
        let s = sources(&ledgers, day("2026-11-21"));
        assert_eq!(s[0].through, Some(day("2026-11-21")));
        assert!(warnings(&ledgers, day("2026-11-21")).is_empty());
    }
}
