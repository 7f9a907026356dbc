//! Assemble: merge the files' batches into one dataset in one currency, file order kept.

use crate::base::money::{Currency, Money};
use crate::config::Config;
use crate::input::formats::Field;
use crate::input::leadkeys::KeyRows;
use crate::input::rows::Batch;
use crate::model::ledger::FileLedger;
use crate::model::{Entity, Labels, Lead, Opportunity, Records, Spend, Touch, Updates};
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
    /// The report currency.
    pub currency: Currency,
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

impl Default for Currency {
    fn default() -> Self {
        Currency(*b"USD")
    }
}

/// Merges the batches; picks the report currency (the config's, else the first one a file
/// states, else USD); converts or rejects amounts in other currencies.
pub fn assemble(batches: Vec<Batch>, id_rows: KeyRows, config: &Config) -> Dataset {
    let mut d = Dataset {
        id_rows,
        ..Dataset::default()
    };
    let stated = batches.iter().find_map(|b| {
        b.opportunities
            .iter()
            .find_map(|o| o.currency)
            .or_else(|| b.spend.iter().find_map(|s| s.currency))
    });
    d.currency = config.currency.or(stated).unwrap_or_default();
    for mut b in batches {
        d.labels.take_in(
            &b.labels,
            Records {
                leads: &mut b.leads,
                opportunities: &mut b.opportunities,
                spend: &mut b.spend,
                touches: &mut b.touches,
            },
        );
        if let Some(entity) = b.ledger.entity {
            d.fields.extend(b.fields.iter().map(|f| (entity, *f)));
        }
        // Each file's records are moved, not copied.
        d.lead_files
            .add(d.leads.len(), b.leads.len(), d.ledgers.len());
        d.updates.append(d.leads.len(), b.updates);
        append(&mut d.leads, b.leads);
        let ledger = &mut b.ledger;
        b.opportunities.retain_mut(
            |o| match convert(o.amount, o.currency, d.currency, config) {
                Ok(amount) => {
                    o.amount = amount;
                    true
                }
                Err(reason) => {
                    ledger.reject(u64::from(o.origin.line), reason);
                    false
                }
            },
        );
        append(&mut d.opportunities, b.opportunities);
        b.spend
            .retain_mut(|s| match convert(s.cost, s.currency, d.currency, config) {
                Ok(cost) => {
                    s.cost = cost;
                    true
                }
                Err(reason) => {
                    ledger.reject(u64::from(s.origin.line), reason);
                    false
                }
            });
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

fn convert(
    amount: Money,
    from: Option<Currency>,
    to: Currency,
    config: &Config,
) -> Result<Money, String> {
    match from {
        None => Ok(amount),
        Some(c) if c == to => Ok(amount),
        Some(c) => config.exchange_rates.get(&c).map(|r| amount.convert(*r)).ok_or_else(|| {
            format!("amount is in {c} but the report is in {to}; add `{c} = <{to} per {c}>` under [exchange_rates] in baton.toml")
        }),
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
