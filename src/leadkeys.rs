//! Lead keys: every lead row's id and email, so that touches and deals are matched while they
//! are read.
//!
//! The lead files are read first; a touch then keeps only which lead row it names (4 bytes), not
//! the id and email it named it by. Rows are numbered across all lead files in file order, as
//! `assemble` lays them out. The tables hold row numbers only (4 bytes a lead), the texts staying
//! in the leads themselves.

use crate::model::Lead;
use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use rustc_hash::FxHashMap;
use std::hash::Hasher;

/// The lead rows behind each key carried by several rows: by the first row with a lead id or an
/// email, every row with it, in input order. A lead id is numbered by its first row.
#[derive(Debug, Default)]
pub struct KeyRows {
    same_id: FxHashMap<u32, Vec<u32>>,
    same_email: FxHashMap<u32, Vec<u32>>,
}

impl KeyRows {
    /// The rows carrying the lead id first carried by row `k`, in input order.
    pub fn rows(&self, k: u32) -> impl Iterator<Item = u32> + '_ {
        let all = self.same_id.get(&k);
        let alone = all.is_none().then_some(k);
        all.into_iter().flatten().copied().chain(alone)
    }

    /// The rows of every id that more than one row carries.
    pub fn repeated_ids(&self) -> impl Iterator<Item = &[u32]> + '_ {
        self.same_id.values().map(Vec::as_slice)
    }

    /// The rows of every email that more than one row carries, in input order.
    pub fn repeated_emails(&self) -> impl Iterator<Item = &[u32]> + '_ {
        self.same_email.values().map(Vec::as_slice)
    }
}

/// Lookups from a lead id or a normalised email to the first lead row carrying it.
pub struct LeadKeys<'a> {
    leads: Rows<'a>,
    ids: HashTable<u32>,
    emails: HashTable<u32>,
    rows: KeyRows,
}

/// The lead rows of every file, numbered across them, read where they lie (no table of
/// references, which would cost 8 bytes a lead and one more memory read a lookup).
struct Rows<'a> {
    files: Vec<&'a [Lead]>,
    /// The number of each file's first row.
    firsts: Vec<u32>,
}

impl<'a> Rows<'a> {
    fn new(files: Vec<&'a [Lead]>) -> Rows<'a> {
        let firsts = files
            .iter()
            .scan(0u32, |n, f| {
                let first = *n;
                *n += f.len() as u32;
                Some(first)
            })
            .collect();
        Rows { files, firsts }
    }

    /// Lead row `r`.
    fn get(&self, r: u32) -> &'a Lead {
        let f = match self.files.len() {
            1 => 0,
            _ => self.firsts.partition_point(|&first| first <= r) - 1,
        };
        &self.files[f][(r - self.firsts[f]) as usize]
    }

    fn iter(&self) -> impl Iterator<Item = (&'a Lead, u32)> + '_ {
        self.files.iter().flat_map(|f| f.iter()).zip(0u32..)
    }
}

fn hash(text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

/// A table of the first row carrying each key of `leads`, and by that row every row carrying
/// it, for keys carried by several.
fn group(
    leads: &Rows,
    key: impl Fn(&Lead) -> Option<&str>,
) -> (HashTable<u32>, FxHashMap<u32, Vec<u32>>) {
    let n = leads.files.iter().map(|f| f.len()).sum();
    let mut table = HashTable::with_capacity(n);
    let mut repeated: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    let text = |r: &u32| key(leads.get(*r)).unwrap_or("");
    for (lead, row) in leads.iter() {
        let Some(k) = key(lead) else { continue };
        match table.entry(hash(k), |r| text(r) == k, |r| hash(text(r))) {
            Entry::Vacant(v) => {
                v.insert(row);
            }
            Entry::Occupied(o) => {
                let first = *o.get();
                repeated
                    .entry(first)
                    .or_insert_with(|| vec![first])
                    .push(row)
            }
        }
    }
    (table, repeated)
}

impl<'a> LeadKeys<'a> {
    /// Indexes the rows of `files` (each file's leads, in file order).
    pub fn new<I>(files: I) -> LeadKeys<'a>
    where
        I: IntoIterator<Item = &'a [Lead]>,
    {
        let leads = Rows::new(files.into_iter().collect());
        // The id table and the email table are built on both cores.
        let ((ids, same_id), (emails, same_email)) = rayon::join(
            || group(&leads, |l| Some(l.lead_id())),
            || group(&leads, Lead::email),
        );
        let rows = KeyRows {
            same_id,
            same_email,
        };
        LeadKeys {
            leads,
            ids,
            emails,
            rows,
        }
    }

    /// The first lead row carrying `id`, which numbers the id.
    pub fn id(&self, id: &str) -> Option<u32> {
        let leads = &self.leads;
        self.ids
            .find(hash(id), |&r| leads.get(r).lead_id() == id)
            .copied()
    }

    /// The first lead row with the normalised `email`.
    pub fn email(&self, email: &str) -> Option<u32> {
        let leads = &self.leads;
        self.emails
            .find(hash(email), |&r| leads.get(r).email() == Some(email))
            .copied()
    }

    /// The rows of each key, kept for the duplicate rules and the join once the lookups go.
    pub fn into_rows(self) -> KeyRows {
        self.rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datetime::When;
    use crate::model::Origin;

    fn lead(id: &str, email: Option<&str>) -> Lead {
        Lead {
            origin: Origin { file: 0, line: 2 },
            text: crate::model::Texts::new(id, email, "", None).unwrap(),
            created_at: 0,
            channel: 0,
            campaign: 0,
            owner: 0,
            mql_at: When::NONE,
            sql_at: When::NONE,
            customer_at: When::NONE,
            status: 0,
            disqualified_reason: 0,
            updated_at: When::NONE,
        }
    }

    #[test]
    fn numbers_rows_across_files_and_groups_repeats() {
        let a = [lead("L1", Some("a@x.co")), lead("L2", None)];
        let b = [lead("L1", Some("b@x.co")), lead("L3", Some("a@x.co"))];
        let keys = LeadKeys::new([&a[..], &b[..]]);
        assert_eq!(keys.id("L1"), Some(0));
        assert_eq!(keys.id("L3"), Some(3));
        assert_eq!(keys.id("L9"), None);
        assert_eq!(keys.email("a@x.co"), Some(0));
        assert_eq!(keys.email("b@x.co"), Some(2));
        assert_eq!(keys.email(""), None, "no email is not a key");
        let rows = keys.into_rows();
        assert_eq!(rows.rows(0).collect::<Vec<_>>(), [0, 2]);
        assert_eq!(rows.rows(1).collect::<Vec<_>>(), [1]);
        assert_eq!(rows.repeated_ids().collect::<Vec<_>>(), [&[0, 2][..]]);
        assert_eq!(rows.repeated_emails().collect::<Vec<_>>(), [&[0, 3][..]]);
    }
}
