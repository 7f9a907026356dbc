//! Assemble: merge the files' batches into one dataset in one currency, file order kept.

use crate::config::Config;
use crate::funnel::currency::{self, ReportCurrency};
use crate::input::formats::Field;
use crate::input::leadkeys::KeyRows;
use crate::input::rows::Batch;
use crate::model::ledger::FileLedger;
use crate::model::{Entity, Labels, Lead, Opportunity, Spend, Touch, Updates};
use std::collections::BTreeSet;

/// Every record of every file, with labels shared across files.
#[derive(Debug, Default)]
pub struct Dataset {
    pub ledgers: Vec<FileLedger>,
    pub labels: Labels,
    pub leads: Vec<Lead>,
    /// The lead rows' `updated_at`.
    pub updates: Updates,
    pub opportunities: Vec<Opportunity>,
    pub spend: Vec<Spend>,
    pub touches: Vec<Touch>,
    /// The report currency, how it was chosen, and what was left out for want of rates.
    pub currency: ReportCurrency,
    /// Which canonical fields some file of each entity provides.
    pub fields: BTreeSet<(Entity, Field)>,
    /// Which file each lead row came from.
    pub lead_files: LeadFiles,
    /// The lead rows of each lead id that touches name.
    pub id_rows: KeyRows,
    /// Touch rows refused because they name no lead.
    pub touches_unmatched: u64,
    /// Whether each file's lead rows are a mailing list's members (`Profile::subscribers`).
    pub subscribers: Vec<bool>,
}

/// Merges the batches; picks the report currency from all of them (`currency::choose`);
/// converts or rejects amounts in other currencies.
pub fn assemble(batches: Vec<Batch>, id_rows: KeyRows, config: &Config) -> Dataset {
    let mut d = Dataset {
        id_rows,
        currency: currency::choose(currency::stated(&batches), config),
        ..Dataset::default()
    };
    for mut b in batches {
        let (labels, records) = b.parts();
        d.labels.take_in(labels, records);
        if let Some(entity) = b.ledger.entity {
            d.fields.extend(b.fields.iter().map(|f| (entity, *f)));
        }
        // Each file's records are moved, not copied.
        d.lead_files
            .add(d.leads.len(), b.leads.len(), d.ledgers.len());
        d.updates.append(d.leads.len(), b.updates);
        append(&mut d.leads, b.leads);
        d.currency
            .convert(&mut b.opportunities, &mut b.spend, &mut b.ledger);
        append(&mut d.opportunities, b.opportunities);
        append(&mut d.spend, b.spend);
        append(&mut d.touches, b.touches);
        d.touches_unmatched += b.touches_unmatched;
        d.subscribers.push(b.subscribers);
        d.ledgers.push(b.ledger);
    }
    d
}

/// The file each lead row came from: lead rows are numbered across the files in file order,
/// and each file's come together, so a row's file is found among the files' first rows (a lead
/// keeps no line or file of its own).
#[derive(Debug, Default)]
pub struct LeadFiles {
    /// (first row, file index) of each file with leads, by first row.
    firsts: Vec<(u32, u32)>,
}

impl LeadFiles {
    /// Notes that file `file`'s `count` leads come next, from row `first` on.
    pub fn add(&mut self, first: usize, count: usize, file: usize) {
        if count > 0 {
            self.firsts.push((first as u32, file as u32));
        }
    }

    /// Each file with leads and its rows, `rows` lead rows in all.
    pub fn ranges(&self, rows: usize) -> impl Iterator<Item = (u32, std::ops::Range<u32>)> + '_ {
        let ends = self.firsts.iter().skip(1).map(|&(first, _)| first);
        self.firsts
            .iter()
            .zip(ends.chain([rows as u32]))
            .map(|(&(first, file), end)| (file, first..end))
    }

    /// The index of the file lead row `row` came from.
    pub fn file_of(&self, row: u32) -> u32 {
        let after = self.firsts.partition_point(|&(first, _)| first <= row);
        self.firsts
            .get(after.wrapping_sub(1))
            .map_or(0, |&(_, file)| file)
    }
}

/// Appends `more` to `all`, taking its buffer outright when `all` is empty.
fn append<T>(all: &mut Vec<T>, mut more: Vec<T>) {
    if all.is_empty() {
        *all = more;
    } else {
        all.append(&mut more);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_lead_row_finds_its_file() {
        // File 0 has 3 leads, file 1 none (a touch file, say), file 2 has 2, file 3 has 1.
        let mut files = LeadFiles::default();
        let mut rows = 0;
        for (file, count) in [3, 0, 2, 1].into_iter().enumerate() {
            files.add(rows, count, file);
            rows += count;
        }
        let found: Vec<u32> = (0..6).map(|r| files.file_of(r)).collect();
        assert_eq!(found, [0, 0, 0, 2, 2, 3]);
        let ranges: Vec<(u32, std::ops::Range<u32>)> = files.ranges(6).collect();
        assert_eq!(ranges, [(0, 0..3), (2, 3..5), (3, 5..6)]);
    }
}
