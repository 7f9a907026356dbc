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
use std::sync::OnceLock;

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
    ids: HashTable<u64>,
    /// Made on the first lookup by email.
    emails: OnceLock<HashTable<u64>>,
    rows: KeyRows,
}

/// The lead rows of every file, numbered across them, read where they lie (no table of
/// references, which would cost 8 bytes a lead and one more memory read a lookup).
struct Rows<'a> {
    files: Vec<&'a [Lead]>,
    /// The number of each file's first row.
    firsts: Vec<u32>,
    /// The text blocks the rows' keys lie in, each with the first row of the run of rows that
    /// share it (a few dozen a million leads: the search stays in the cache).
    blocks: Vec<(u32, &'a [u8])>,
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
        let mut rows = Rows {
            files,
            firsts,
            blocks: Vec::new(),
        };
        let mut last: Option<*const u8> = None;
        for (lead, row) in rows.iter() {
            let block = lead.text.place(0).0.as_bytes();
            if last != Some(block.as_ptr()) {
                last = Some(block.as_ptr());
                rows.blocks.push((row, block));
            }
        }
        rows
    }

    /// Lead row `r`.
    fn get(&self, r: u32) -> &'a Lead {
        let f = match self.files.len() {
            1 => 0,
            _ => self.firsts.partition_point(|&first| first <= r) - 1,
        };
        &self.files[f][(r - self.firsts[f]) as usize]
    }

    fn iter(&self) -> impl Iterator<Item = (&'a Lead, u32)> + 'a {
        let files = self.files.clone();
        files.into_iter().flat_map(|f| f.iter()).zip(0u32..)
    }

    /// The key (text `part` of a row) behind table entry `e`: read from its block by the place
    /// the entry keeps, without reading the lead, unless the place did not fit.
    fn key(&self, e: u64, part: usize) -> &'a [u8] {
        let row = e as u32;
        let place = (e >> 32) as u32;
        if place == FAR {
            return self.get(row).text.get(part).as_bytes();
        }
        let b = self.blocks.partition_point(|&(first, _)| first <= row) - 1;
        let (start, len) = ((place >> LEN_BITS) as usize, (place & LEN_MAX) as usize);
        self.blocks[b].1.get(start..start + len).unwrap_or_default()
    }
}

/// A table entry packs the row (low 32 bits) with where its key lies in the row's block: the
/// start in 21 bits and the length in 11, or `FAR` when either does not fit.
const LEN_BITS: u32 = 11;
const LEN_MAX: u32 = (1 << LEN_BITS) - 1;
const FAR: u32 = u32::MAX;

fn entry(row: u32, start: usize, len: usize) -> u64 {
    let fits = start < 1 << (32 - LEN_BITS) && len < LEN_MAX as usize;
    let place = if fits {
        (start as u32) << LEN_BITS | len as u32
    } else {
        FAR
    };
    u64::from(place) << 32 | u64::from(row)
}

fn hash(text: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(text);
    h.finish()
}

/// A table of the first row carrying each key (text `part`: 0 the id, 1 the email) of `leads`,
/// and by that row every row carrying it, for keys carried by several.
fn group(leads: &Rows, part: usize) -> (HashTable<u64>, FxHashMap<u32, Vec<u32>>) {
    let n = leads.files.iter().map(|f| f.len()).sum();
    let mut table = HashTable::with_capacity(n);
    let mut repeated: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for (lead, row) in leads.iter() {
        let (block, start, len) = lead.text.place(part);
        let k = block.as_bytes().get(start..start + len).unwrap_or_default();
        if k.is_empty() && part != 0 {
            continue;
        }
        match table.entry(
            hash(k),
            |&e| leads.key(e, part) == k,
            |&e| hash(leads.key(e, part)),
        ) {
            Entry::Vacant(v) => {
                v.insert(entry(row, start, len));
            }
            Entry::Occupied(o) => {
                let first = *o.get() as u32;
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
        // The ids and the emails are grouped on both cores. The email table goes: most touch
        // and deal files name leads by id, and it would be a sixteenth of the peak memory; the
        // first email looked up makes it again.
        let ((ids, same_id), (_, same_email)) =
            rayon::join(|| group(&leads, 0), || group(&leads, 1));
        let rows = KeyRows {
            same_id,
            same_email,
        };
        LeadKeys {
            leads,
            ids,
            emails: OnceLock::new(),
            rows,
        }
    }

    fn find(&self, table: &HashTable<u64>, part: usize, key: &str) -> Option<u32> {
        let key = key.as_bytes();
        table
            .find(hash(key), |&e| self.leads.key(e, part) == key)
            .map(|&e| e as u32)
    }

    /// The first lead row carrying `id`, which numbers the id.
    pub fn id(&self, id: &str) -> Option<u32> {
        self.find(&self.ids, 0, id)
    }

    /// The first lead row with the normalised `email`.
    pub fn email(&self, email: &str) -> Option<u32> {
        if email.is_empty() {
            return None;
        }
        let table = self.emails.get_or_init(|| group(&self.leads, 1).0);
        self.find(table, 1, email)
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

    #[test]
    fn keys_too_long_to_place_are_read_through_the_lead() {
        let long = "L".repeat(3000);
        let a = [lead(&long, Some("a@x.co")), lead("L2", None)];
        let keys = LeadKeys::new([&a[..]]);
        assert_eq!(keys.id(&long), Some(0));
        assert_eq!(keys.id(&long[1..]), None);
        assert_eq!(keys.id("L2"), Some(1));
    }
}
