//! Lead keys: every lead row's id and email, so that touches are matched while they are read.
//!
//! The lead files are read first; a touch then keeps only which lead it names (4 bytes), not
//! the id and email it named it by. Rows are numbered across all lead files in file order, as
//! `assemble` lays them out.

use crate::model::Lead;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;

/// The lead rows behind each key: the rows of each lead id, by id number (almost always one),
/// and the rows that share an email with an earlier row.
#[derive(Debug, Default)]
pub struct KeyRows {
    first: Vec<u32>,
    more: FxHashMap<u32, Vec<u32>>,
    /// By the first row with an email: every row with it, when there are several.
    same_email: FxHashMap<u32, Vec<u32>>,
}

impl KeyRows {
    /// The rows carrying id number `k`, in input order.
    pub fn rows(&self, k: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::once(self.first[k as usize])
            .chain(self.more.get(&k).into_iter().flatten().copied())
    }

    /// The rows of every id that more than one row carries.
    pub fn repeated_ids(&self) -> impl Iterator<Item = Vec<u32>> + '_ {
        self.more.keys().map(|&k| self.rows(k).collect())
    }

    /// The rows of every email that more than one row carries, in input order.
    pub fn repeated_emails(&self) -> impl Iterator<Item = &[u32]> + '_ {
        self.same_email.values().map(Vec::as_slice)
    }
}

/// Lookups from a lead id or a normalised email to the lead rows.
pub struct LeadKeys<'a> {
    ids: FxHashMap<&'a str, u32>,
    emails: FxHashMap<&'a str, u32>,
    rows: KeyRows,
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
            rows: KeyRows {
                first: Vec::with_capacity(n),
                ..KeyRows::default()
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
                match keys.emails.entry(e) {
                    Entry::Vacant(v) => {
                        v.insert(row);
                    }
                    Entry::Occupied(o) => {
                        let first = *o.get();
                        let group = keys.rows.same_email.entry(first);
                        group.or_insert_with(|| vec![first]).push(row)
                    }
                }
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

    /// The rows of each key, kept for the duplicate rules and the join once the lookups go.
    pub fn into_rows(self) -> KeyRows {
        self.rows
    }
}
