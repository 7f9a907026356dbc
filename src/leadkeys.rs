//! Lead keys: every lead row's id and email, so that touches are matched while they are read.
//!
//! The lead files are read first; a touch then keeps only which lead it names (4 bytes), not
//! the id and email it named it by. Rows are numbered across all lead files in file order, as
//! `assemble` lays them out.

use crate::model::Lead;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;

/// The lead rows that carry each lead id, by id number (almost always one row).
#[derive(Debug, Default)]
pub struct IdRows {
    first: Vec<u32>,
    more: FxHashMap<u32, Vec<u32>>,
}

impl IdRows {
    /// The rows carrying id number `k`, in input order.
    pub fn rows(&self, k: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::once(self.first[k as usize])
            .chain(self.more.get(&k).into_iter().flatten().copied())
    }
}

/// Lookups from a lead id or a normalised email to the lead rows.
pub struct LeadKeys<'a> {
    ids: FxHashMap<&'a str, u32>,
    emails: FxHashMap<&'a str, u32>,
    rows: IdRows,
}

impl<'a> LeadKeys<'a> {
    /// Indexes the rows of `files` (each file's leads, in file order).
    pub fn new<I>(files: I) -> LeadKeys<'a>
    where
        I: IntoIterator<Item = &'a [Lead]> + Clone,
    {
        let n: usize = files.clone().into_iter().map(<[Lead]>::len).sum();
        let mut keys = LeadKeys {
            ids: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            emails: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            rows: IdRows {
                first: Vec::with_capacity(n),
                more: FxHashMap::default(),
            },
        };
        let rows = files.into_iter().flatten().zip(0u32..);
        for (lead, row) in rows {
            match keys.ids.entry(&lead.lead_id) {
                Entry::Vacant(v) => {
                    v.insert(keys.rows.first.len() as u32);
                    keys.rows.first.push(row);
                }
                Entry::Occupied(o) => keys.rows.more.entry(*o.get()).or_default().push(row),
            }
            if let Some(e) = &lead.email {
                keys.emails.entry(e).or_insert(row);
            }
        }
        keys
    }

    /// The id number of `id`, when some lead row carries it.
    pub fn id(&self, id: &str) -> Option<u32> {
        self.ids.get(id).copied()
    }

    /// The first lead row with the normalised `email`.
    pub fn email(&self, email: &str) -> Option<u32> {
        self.emails.get(email).copied()
    }

    /// The rows of each id number, kept for the join once the lookups are dropped.
    pub fn into_rows(self) -> IdRows {
        self.rows
    }
}
