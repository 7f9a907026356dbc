//! Tables: the four tables of the dataset, each a list of rows (a record's number in the funnel)
//! with the month partition it goes to, in the order it is written, and its columns.

use crate::base::datetime::Month;
use crate::config::Config;
use crate::dataset::columns::Column;
use crate::dataset::{deals, leads, spend, touches};
use crate::funnel::join::Funnel;

/// One table: its folder name, its rows by partition (none: `month=none`) in the order written,
/// and its columns.
pub(crate) struct Table<'a> {
    pub name: &'static str,
    pub rows: Vec<(Option<Month>, u32)>,
    pub columns: Vec<Column<'a>>,
}

impl Table<'_> {
    /// A table whose `rows` are in the order each partition is to hold them: sorted by month
    /// (stable: that order is kept within a month), the rows with no month last.
    pub fn new<'a>(
        name: &'static str,
        mut rows: Vec<(Option<Month>, u32)>,
        columns: Vec<Column<'a>>,
    ) -> Table<'a> {
        rows.sort_by_key(|r| r.0.map_or(i32::MAX, |m| m.0));
        Table {
            name,
            rows,
            columns,
        }
    }

    /// Each partition's folder (`month=YYYY-MM` or `month=none`) and its rows, in order, taking
    /// the rows out of the table. A table with no rows is one empty file in `month=none`, so
    /// that every table can be read.
    pub fn take_partitions(&mut self) -> Vec<(String, Vec<u32>)> {
        let rows = std::mem::take(&mut self.rows);
        if rows.is_empty() {
            return vec![("month=none".to_string(), Vec::new())];
        }
        rows.chunk_by(|a, b| a.0 == b.0)
            .map(|run| {
                let month = run[0]
                    .0
                    .map_or_else(|| "none".to_string(), |m| m.to_string());
                (format!("month={month}"), run.iter().map(|r| r.1).collect())
            })
            .collect()
    }
}

/// What the tables are made from.
#[derive(Clone, Copy)]
pub(crate) struct Source<'a> {
    pub funnel: &'a Funnel,
    pub config: &'a Config,
    /// The pseudonyms are stable (a `pseudonym_key` in baton.toml): each lead's is written.
    pub keyed: bool,
}

/// How each of the four tables is made, in the order they are written: one at a time, so that
/// only one table's row lists and helpers are held beside the funnel.
pub(crate) const TABULATE: [for<'a> fn(Source<'a>) -> Table<'a>; 4] = [
    leads::tabulate,
    deals::tabulate,
    spend::tabulate,
    touches::tabulate,
];
