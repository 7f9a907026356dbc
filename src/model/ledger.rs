//! The ledger: where every row of every input file ended up (docs/metrics.md, "metrics.json").

use crate::model::Entity;
use std::collections::BTreeMap;

/// How many rejected rows each file keeps as examples for the report.
pub const REJECT_EXAMPLES: usize = 20;

/// One rejected row: its line and why.
#[cfg_attr(feature = "parquet", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reject {
    pub line: u64,
    pub reason: String,
}

/// One input file's account: `rows = used + duplicates + same_email + rejected`.
#[cfg_attr(feature = "parquet", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default)]
pub struct FileLedger {
    /// Path relative to the input folder.
    pub rel: String,
    /// The profile that recognised it, `unrecognised` or `unreadable`.
    pub source: String,
    pub entity: Option<Entity>,
    /// Data rows (the header and blank lines are not rows).
    pub rows: u64,
    pub duplicates: u64,
    /// Rows merged into another record of the same source that has the same email under
    /// another id: one person the CRM holds as two records (docs/metrics.md, "Duplicates").
    pub same_email: u64,
    pub rejected: u64,
    /// Lines that were empty or held only delimiters.
    pub blank: u64,
    /// The first rejected rows.
    pub rejects: Vec<Reject>,
    /// The header as read.
    pub header: Vec<String>,
    /// Header cells no field uses.
    pub ignored_columns: Vec<String>,
    /// A file-level problem: why nothing (or not everything) could be read.
    pub problem: Option<String>,
    /// Things worth knowing that lost no row ("3 emails were not addresses").
    pub notes: BTreeMap<String, u64>,
    /// Statements about the whole file ("read as Windows-1252 text").
    pub facts: Vec<String>,
    /// Statements about the whole file that its reader should check: how it was read when the
    /// file itself could not say (an amount column whose every value reads two ways).
    pub warnings: Vec<String>,
    /// Lines that are not data (preamble, footer, report totals), by kind.
    pub skipped: BTreeMap<String, u64>,
    /// The earliest and latest date of the rows used.
    pub first_date: Option<chrono::NaiveDate>,
    pub last_date: Option<chrono::NaiveDate>,
    /// The earliest and latest instant of the rows used, turned into dates when the file is done.
    pub first_instant: Option<i64>,
    pub last_instant: Option<i64>,
    /// Rows dated after the day of the run: used, but left out of the date span, so that one
    /// mistyped year cannot make a stale file look fresh.
    pub future: u64,
}

impl FileLedger {
    pub fn new(rel: &str) -> FileLedger {
        FileLedger {
            rel: rel.to_string(),
            source: "unrecognised".to_string(),
            ..FileLedger::default()
        }
    }

    /// Rows that reached the funnel.
    pub fn used(&self) -> u64 {
        self.rows - self.duplicates - self.same_email - self.rejected
    }

    /// Rejects the row at `line`.
    pub fn reject(&mut self, line: u64, reason: String) {
        self.rejected += 1;
        if self.rejects.len() < REJECT_EXAMPLES {
            self.rejects.push(Reject { line, reason });
        }
    }

    /// Counts `n` lines of a kind that is not data.
    pub fn skipped_lines(&mut self, kind: &str, n: u64) {
        if n > 0 {
            *self.skipped.entry(kind.to_string()).or_default() += n;
        }
    }

    /// `n` skipped lines of `kind` (a phrase in the plural, such as "footer lines after the
    /// data") in words: `1 footer line after the data`, `2 footer lines after the data`.
    pub fn skipped_phrase(kind: &str, n: u64) -> String {
        let one = kind
            .replacen(" lines", " line", 1)
            .replacen(" rows", " row", 1);
        crate::base::format::counted(n, &one, kind)
    }

    /// Lines skipped in all.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }

    /// Widens the date span to include `d`.
    pub fn span(&mut self, d: chrono::NaiveDate) {
        self.first_date = Some(self.first_date.map_or(d, |f| f.min(d)));
        self.last_date = Some(self.last_date.map_or(d, |l| l.max(d)));
    }

    /// Records a statement about the whole file, once.
    pub fn fact(&mut self, text: String) {
        if !self.facts.contains(&text) {
            self.facts.push(text);
        }
    }

    /// Records a warning about the whole file, once.
    pub fn warn(&mut self, text: String) {
        if !self.warnings.contains(&text) {
            self.warnings.push(text);
        }
    }

    /// Widens the span to include instant `t` (cheap; dated by `close_span`).
    pub fn span_instant(&mut self, t: i64) {
        self.first_instant = Some(self.first_instant.map_or(t, |f| f.min(t)));
        self.last_instant = Some(self.last_instant.map_or(t, |l| l.max(t)));
    }

    /// Widens the span to include instant `t`, unless it is at or past `horizon` (the start of
    /// the day after the run's): then counts it in `future`.
    pub fn span_instant_until(&mut self, t: i64, horizon: i64) {
        if t >= horizon {
            self.future += 1;
        } else {
            self.span_instant(t);
        }
    }

    /// Widens the span to include day `d`, unless it is after `today`: then counts it in
    /// `future`.
    pub fn span_until(&mut self, d: chrono::NaiveDate, today: chrono::NaiveDate) {
        if d > today {
            self.future += 1;
        } else {
            self.span(d);
        }
    }

    /// Turns the instant span into dates in `tz`.
    pub fn close_span(&mut self, tz: chrono_tz::Tz) {
        for t in [self.first_instant, self.last_instant]
            .into_iter()
            .flatten()
        {
            self.span(crate::base::datetime::local_date(t, tz));
        }
    }

    /// Counts one more occurrence of `note`.
    pub fn note(&mut self, note: &str) {
        *self.notes.entry(note.to_string()).or_default() += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_counts_and_caps_examples() {
        let mut f = FileLedger::new("a.csv");
        f.rows = 30;
        for i in 0..25 {
            f.reject(i + 2, "bad".into());
        }
        f.duplicates = 1;
        assert_eq!(f.rejected, 25);
        assert_eq!(f.rejects.len(), REJECT_EXAMPLES);
        assert_eq!(f.used(), 4);
    }
}
