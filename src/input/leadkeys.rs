//! Lead keys: every lead row's id and email, so that touches and deals are matched while they
//! are read.
//!
//! The lead files are read first; a touch then keeps only which lead row it names (4 bytes), not
//! the id and email it named it by. Rows are numbered across all lead files in file order, as
//! `assemble` lays them out. The tables hold a row number and where its key lies (8 bytes a slot,
//! plus a 1-byte tag), the texts staying in the leads themselves; ids that are a prefix and a
//! number, with the numbers dense (`L00000001`, `L00000002`...), are found by their number in
//! an array of rows instead (4 bytes a number).

use crate::base::prefetch::prefetch;
use crate::model::Lead;
use rustc_hash::FxHashMap;
use std::hash::Hasher;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

mod filter;
pub use filter::EmailFilter;

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
    ids: KeyTable,
    /// The form of the ids kept in `ids` (or `numbered`) as numbers.
    shape: Option<Shape>,
    /// The ids of that form, when their numbers are dense enough: the first row of each
    /// number, instead of `ids`.
    numbered: Option<Numbered>,
    /// Made on the first lookup by email.
    emails: OnceLock<KeyTable>,
    /// Whether the leads' emails were let go (`index_grouped`).
    forgotten: bool,
    /// What stays of the emails let go, to tell that none has an email looked up.
    filter: Option<EmailFilter>,
    /// Set when an email was looked up, after the emails were let go, that a lead may have.
    missed: AtomicBool,
    rows: KeyRows,
}

/// How `LeadKeys` learns which rows share an email.
enum Emails {
    /// By grouping the emails itself; with a table to look them up when `table`.
    Group { table: bool },
    /// Grouped already (the emails are gone; the filter tells which might have been there).
    Grouped(FxHashMap<u32, Vec<u32>>, Option<EmailFilter>),
}

/// The lead rows of every file, numbered across them, read where they lie (no table of
/// references, which would cost 8 bytes a lead and one more memory read a lookup).
struct Rows<'a> {
    files: Vec<&'a [Lead]>,
    /// The number of each file's first row.
    firsts: Vec<u32>,
    /// The text blocks the rows' keys lie in, each with the first row of the run of rows that
    /// share it (a few dozen a million leads).
    blocks: Vec<(u32, &'a [u8])>,
    /// For every stretch of `1 << STRETCH_BITS` rows, the block of its first row: a row's
    /// block is searched for from there, among the few that begin in its stretch.
    stretches: Vec<u32>,
}

const STRETCH_BITS: u32 = 12;

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
            stretches: Vec::new(),
        };
        let mut last: Option<*const u8> = None;
        for (lead, row) in rows.iter() {
            let block = lead.text.place(0).0.as_bytes();
            if last != Some(block.as_ptr()) {
                last = Some(block.as_ptr());
                rows.blocks.push((row, block));
            }
            if row & ((1 << STRETCH_BITS) - 1) == 0 {
                rows.stretches.push(rows.blocks.len() as u32 - 1);
            }
        }
        rows
    }

    /// The text block of row `row`.
    fn block(&self, row: u32) -> &'a [u8] {
        let s = (row >> STRETCH_BITS) as usize;
        let from = self.stretches.get(s).map_or(0, |&b| b as usize);
        let to = self
            .stretches
            .get(s + 1)
            .map_or(self.blocks.len(), |&b| b as usize + 1);
        let within = &self.blocks[from..to];
        within[within
            .partition_point(|&(first, _)| first <= row)
            .saturating_sub(1)]
        .1
    }

    /// How many rows there are.
    fn len(&self) -> u32 {
        self.firsts.last().copied().unwrap_or(0) + self.files.last().map_or(0, |f| f.len() as u32)
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
        if place == FAR || code_of(e).is_some() {
            return self.get(row).text.get(part).as_bytes();
        }
        let (start, len) = ((place >> LEN_BITS) as usize, (place & LEN_MAX) as usize);
        self.block(row).get(start..start + len).unwrap_or_default()
    }
}

/// A table entry packs the row (low 32 bits) with, above it, either where its key lies in the
/// row's block (the start in 20 bits and the length in 11, or `FAR` when either does not fit),
/// or, for a lead id of the table's `Shape`, the id itself as a number (`CODED` set): comparing
/// such an id reads nothing but the entry, where a key's bytes are one more read from memory,
/// somewhere new for each touch of a file exported by date.
const LEN_BITS: u32 = 11;
const LEN_MAX: u32 = (1 << LEN_BITS) - 1;
const FAR: u32 = 0x7fff_ffff;
const CODED: u64 = 1 << 63;

fn entry(row: u32, start: usize, len: usize) -> u64 {
    let fits = start < 1 << (31 - LEN_BITS) && len < LEN_MAX as usize;
    let place = if fits {
        (start as u32) << LEN_BITS | len as u32
    } else {
        FAR
    };
    u64::from(place) << 32 | u64::from(row)
}

/// The entry of row `row` whose id is the number `code` of the table's shape.
fn coded_entry(row: u32, code: u32) -> u64 {
    CODED | u64::from(code) << 32 | u64::from(row)
}

/// The number in a coded entry, if it is one.
fn code_of(e: u64) -> Option<u32> {
    (e & CODED != 0).then_some((e >> 32) as u32 & 0x7fff_ffff)
}

/// The form most lead ids of an export share: a fixed prefix of letters and signs, then a fixed
/// number of digits (`L00000001`, `CONT-004211`, `583920174`), taken from the first lead row's
/// id. An id of that form is kept in its table entry as the number its digits write (its
/// prefix and digit count being the table's); any other id is compared by its bytes as before.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shape {
    prefix: Box<[u8]>,
    digits: usize,
}

impl Shape {
    /// The shape of `id`, if it is a prefix of up to 16 bytes without digits, then 1 to 9
    /// digits (so that every number of that many digits fits in 31 bits).
    fn of(id: &[u8]) -> Option<Shape> {
        let digits = id.iter().rev().take_while(|b| b.is_ascii_digit()).count();
        let prefix = &id[..id.len() - digits];
        ((1..=9).contains(&digits) && prefix.len() <= 16 && !prefix.iter().any(u8::is_ascii_digit))
            .then(|| Shape {
                prefix: prefix.into(),
                digits,
            })
    }

    /// The number of `id`, if it has this shape: the same prefix, then exactly as many digits.
    /// (The prefix, of at most 16 bytes and often none, is compared byte by byte: as a slice
    /// compare it was a call to `memcmp` for each of the three lookups of a touch, 9% of a
    /// build whose ids have no prefix.)
    #[inline]
    fn code(&self, id: &[u8]) -> Option<u32> {
        if id.len() != self.prefix.len() + self.digits
            || !self.prefix.iter().zip(id).all(|(p, b)| p == b)
        {
            return None;
        }
        id[self.prefix.len()..].iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    }
}

/// A key's hash: FxHash, its bits then mixed (murmur3's finaliser), since the table takes a
/// home from the top bits and a tag from the low ones.
fn hash(text: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(text);
    let mut h = h.finish();
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A slot's tag: seven bits of the hash, with the top bit set (0 marks an empty slot).
fn tag(h: u64) -> u8 {
    h as u8 | 0x80
}

/// One kind of key (the ids, or the emails) of every lead row: an open-addressing table with
/// linear probing, laid out once from the keys sorted by hash and then only read, by every
/// core. Being ours, its slots can be fetched ahead of a lookup (`prefetch`), which hashbrown's
/// cannot: with touches in date order every lookup misses the cache twice (the slot, then the
/// key's bytes), and reading the next row's slot early hides most of that wait.
struct KeyTable {
    /// How many slots are homes: a hash's home is where it falls among them, as a fraction of
    /// 2^64 (so homes follow the order of the hashes, which `lay_out` relies on).
    homes: u64,
    /// Each slot's tag (`tag`), 0 when empty.
    tags: Vec<u8>,
    /// Each slot's entry (`entry`).
    slots: Vec<u64>,
    /// How many keys were laid out.
    keys: usize,
}

impl KeyTable {
    /// An empty table with room for `n` keys, 80% full when they are all in (70% took 2 MB more
    /// at 1M leads and looked up no faster, in either order of the touches). (Not a power of
    /// two of homes: rounding up to one left the table anywhere from 35% to 70% full, 18 MB
    /// instead of 13 MB at a million leads.)
    fn with_room(n: usize) -> KeyTable {
        let homes = (n + n / 4 + 1).max(2);
        KeyTable {
            homes: homes as u64,
            tags: vec![0; homes],
            slots: vec![0; homes],
            keys: 0,
        }
    }

    /// Whether no key was laid out (every id found by number).
    fn is_empty(&self) -> bool {
        self.keys == 0
    }

    fn home(&self, h: u64) -> usize {
        ((u128::from(h) * u128::from(self.homes)) >> 64) as usize
    }

    /// Lays out `keyed` ((hash, entry), sorted by hash): each key goes to the first
    /// slot from its home that is past the last one taken, so that every slot between a key's
    /// home and its own is full and a lookup can stop at the first empty one. Keys whose homes
    /// are at the end run on past it, into slots added there.
    fn lay_out(&mut self, keyed: impl Iterator<Item = (u64, u64)>) {
        let mut next = 0;
        for (h, e) in keyed {
            let at = self.home(h).max(next);
            if at < self.tags.len() {
                self.tags[at] = tag(h);
                self.slots[at] = e;
            } else {
                self.tags.push(tag(h));
                self.slots.push(e);
            }
            next = at + 1;
            self.keys += 1;
        }
    }

    /// The entry of `key` (hash `h`), `same` telling whether an entry's key is it.
    fn find(&self, h: u64, same: impl Fn(u64) -> bool) -> Option<u64> {
        let want = tag(h);
        let mut at = self.home(h);
        loop {
            match *self.tags.get(at)? {
                0 => return None,
                t if t == want && same(self.slots[at]) => return Some(self.slots[at]),
                _ => at += 1,
            }
        }
    }

    /// Asks the cache for the home slot of `h` (its tag and entry).
    fn prefetch_home(&self, h: u64) {
        let at = self.home(h);
        if let (Some(t), Some(e)) = (self.tags.get(at), self.slots.get(at)) {
            prefetch(t as *const u8);
            prefetch((e as *const u64).cast());
        }
    }
}

/// Which keys `group` takes, and how its table holds them.
#[derive(Clone, Copy)]
enum Keys<'s> {
    /// Every key, by its text (the emails; ids of no common shape).
    Texts,
    /// Every key, those of the shape by their number (`coded_entry`).
    Coded(&'s Shape),
    /// Only the keys not of the shape: `number_ids` places the others.
    Unnumbered(&'s Shape),
}

/// Whether `group` sorts on one core (the other busy with other keys) or on every core.
#[derive(Clone, Copy, PartialEq)]
enum Cores {
    One,
    Every,
}

/// The first row carrying each key (text `part`: 0 the id, 1 the email) of `leads`, ready to
/// lay out as a table, and by that row every row carrying it, for keys carried by several. The
/// keys are sorted by hash (and row), so a key's rows come together, its first row first.
fn group(
    leads: &Rows,
    part: usize,
    keys: Keys,
    cores: Cores,
) -> (FirstRows, FxHashMap<u32, Vec<u32>>) {
    use rayon::slice::ParallelSliceMut;
    // (hash, entry): 16 bytes a key while the table is made.
    let mut keyed: Vec<(u64, u64)> = leads
        .iter()
        .filter_map(|(lead, row)| {
            let (block, start, len) = lead.text.place(part);
            let k = block.as_bytes().get(start..start + len).unwrap_or_default();
            let e = match keys {
                Keys::Texts => entry(row, start, len),
                Keys::Coded(shape) => match shape.code(k) {
                    Some(code) => coded_entry(row, code),
                    None => entry(row, start, len),
                },
                Keys::Unnumbered(shape) => match shape.code(k) {
                    // Found by number instead (`number_ids`).
                    Some(_) => return None,
                    None => entry(row, start, len),
                },
            };
            (part == 0 || !k.is_empty()).then(|| (hash(k), e))
        })
        .collect();
    if cores == Cores::Every {
        keyed.par_sort_unstable_by_key(|&(h, e)| (h, e as u32));
    } else {
        keyed.sort_unstable_by_key(|&(h, e)| (h, e as u32));
    }
    let mut repeated: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    // The keys' first rows are moved to the front of `keyed` as they are found.
    let mut firsts = 0;
    // The first rows of the keys in a run of one hash (nearly always one key), with their keys.
    let mut run: Vec<(u32, &[u8])> = Vec::new();
    for i in 0..keyed.len() {
        let (h, e) = keyed[i];
        if i == 0 || keyed[i - 1].0 != h {
            run.clear();
        }
        let lone = run.is_empty() && keyed.get(i + 1).is_none_or(|n| n.0 != h);
        if !lone {
            let k = leads.key(e, part);
            if let Some(&(first, _)) = run.iter().find(|(_, key)| *key == k) {
                repeated
                    .entry(first)
                    .or_insert_with(|| vec![first])
                    .push(e as u32);
                continue;
            }
            run.push((e as u32, k));
        }
        keyed[firsts] = (h, e);
        firsts += 1;
    }
    keyed.truncate(firsts);
    (FirstRows(keyed), repeated)
}

/// The first row of each id of the table's shape, by its number: one read from memory a
/// lookup, no hash, where the table takes two (a tag, then an entry).
struct Numbered {
    /// The least number.
    low: u32,
    /// The first row of each number from `low`, or `NONE`.
    rows: Vec<u32>,
}

impl Numbered {
    const NONE: u32 = u32::MAX;

    fn slot(&self, code: u32) -> Option<&u32> {
        self.rows.get(code.checked_sub(self.low)? as usize)
    }

    fn row(&self, code: u32) -> Option<u32> {
        self.slot(code).copied().filter(|&r| r != Numbered::NONE)
    }
}

/// The ids of `leads`: those of `shape` by number when their numbers are dense (`Numbered`),
/// the rest in a table; and by each id's first row, every row carrying it.
fn index_ids(
    leads: &Rows,
    shape: Option<&Shape>,
    may_be_dense: bool,
    cores: Cores,
) -> (Option<Numbered>, KeyTable, FxHashMap<u32, Vec<u32>>) {
    let dense = shape
        .filter(|_| may_be_dense)
        .and_then(|s| Some((s, dense_numbers(leads, s)?)));
    let Some((shape, mut numbered)) = dense else {
        let keys = shape.map_or(Keys::Texts, Keys::Coded);
        let (firsts, same) = group(leads, 0, keys, cores);
        return (None, firsts.into_table(), same);
    };
    let mut same = FxHashMap::default();
    let table = if number_ids(leads, shape, &mut numbered, &mut same) {
        let (firsts, more) = group(leads, 0, Keys::Unnumbered(shape), cores);
        same.extend(more);
        firsts.into_table()
    } else {
        KeyTable::with_room(0)
    };
    (Some(numbered), table, same)
}

/// Whether the ids of `shape` may be dense (`dense_numbers`): false when those of about a
/// thousand rows spread evenly already span more than twice as many numbers as there are rows,
/// which all of them then do too. Sparse numbers are so told apart without a pass over every
/// row.
fn may_be_dense(leads: &Rows, shape: &Shape) -> bool {
    let n = leads.len();
    let (mut low, mut high) = (u32::MAX, 0);
    for r in (0..n).step_by((n as usize / 1024).max(1)) {
        if let Some(c) = shape.code(leads.get(r).lead_id().as_bytes()) {
            (low, high) = (low.min(c), high.max(c));
        }
    }
    high.checked_sub(low)
        .is_none_or(|span| (span as usize) < 2 * n as usize)
}

/// An empty array for the ids of `shape` if their numbers are dense: at least half of those
/// from the least to the greatest for each row carrying one (so that it takes at most 8 bytes
/// a row, where the table takes 11 a key); `None` otherwise.
fn dense_numbers(leads: &Rows, shape: &Shape) -> Option<Numbered> {
    let (mut low, mut high, mut rows) = (u32::MAX, 0, 0usize);
    for (lead, _) in leads.iter() {
        if let Some(c) = shape.code(lead.lead_id().as_bytes()) {
            (low, high, rows) = (low.min(c), high.max(c), rows + 1);
        }
    }
    let span = high.checked_sub(low)? as usize + 1;
    (span <= 2 * rows).then(|| Numbered {
        low,
        rows: vec![Numbered::NONE; span],
    })
}

/// Puts the first row of each id of `shape` in `numbered`, and the rows after it, by that row,
/// in `same`, in row order: no hash and no sort. Whether any id is of another form.
fn number_ids(
    leads: &Rows,
    shape: &Shape,
    numbered: &mut Numbered,
    same: &mut FxHashMap<u32, Vec<u32>>,
) -> bool {
    let mut others = false;
    for (lead, row) in leads.iter() {
        let Some(code) = shape.code(lead.lead_id().as_bytes()) else {
            others = true;
            continue;
        };
        let first = &mut numbered.rows[(code - numbered.low) as usize];
        if *first == Numbered::NONE {
            *first = row;
        } else {
            same.entry(*first).or_insert_with(|| vec![*first]).push(row);
        }
    }
    others
}

/// The (hash, entry) of the first row of each key, sorted by hash: what a table is laid out
/// from.
struct FirstRows(Vec<(u64, u64)>);

impl FirstRows {
    fn into_table(self) -> KeyTable {
        let mut table = KeyTable::with_room(self.0.len());
        table.lay_out(self.0.into_iter());
        table
    }
}

impl<'a> LeadKeys<'a> {
    /// Indexes the rows of `files` (each file's leads, in file order); the email table is made
    /// when the first email is looked up.
    pub fn new<I>(files: I) -> LeadKeys<'a>
    where
        I: IntoIterator<Item = &'a [Lead]>,
    {
        LeadKeys::index(files, false)
    }

    /// Indexes the rows of `files`, making the email table now when `emails` (a file names its
    /// leads by email alone): from the grouping of the emails that finds their repeats, on the
    /// cores of this step, where made at the first lookup it would sort them a second time on
    /// one core while the other waits for it.
    pub fn index<I>(files: I, emails: bool) -> LeadKeys<'a>
    where
        I: IntoIterator<Item = &'a [Lead]>,
    {
        LeadKeys::make(files, Emails::Group { table: emails })
    }

    /// Indexes the ids of `files`, whose emails were grouped already (`group_emails`) and are
    /// then let go (`Lead::forget_emails`): no email can be looked up. An email looked up is
    /// not found; unless `filter` (made by `filter_emails` before they went) tells that no lead
    /// had it, `missed_email` then says so, and the lookups must be made again with the emails.
    pub fn index_grouped<I>(
        files: I,
        same_email: FxHashMap<u32, Vec<u32>>,
        filter: Option<EmailFilter>,
    ) -> LeadKeys<'a>
    where
        I: IntoIterator<Item = &'a [Lead]>,
    {
        LeadKeys::make(files, Emails::Grouped(same_email, filter))
    }

    /// A filter of the emails of `files`, for `index_grouped`.
    pub fn filter_emails<'b, I>(files: I) -> EmailFilter
    where
        I: IntoIterator<Item = &'b [Lead]> + Clone,
    {
        let emails = || files.clone().into_iter().flatten().filter_map(Lead::email);
        EmailFilter::of(emails().count(), emails().map(|e| hash(e.as_bytes())))
    }

    /// Whether an email was looked up, after the emails were let go, that a lead may have had:
    /// a lookup then found nothing where it may have found a lead.
    pub fn missed_email(&self) -> bool {
        self.missed.load(Ordering::Relaxed)
    }

    /// The rows of every email that more than one row of `files` carries, by its first row (the
    /// `KeyRows` of `index`), on every core.
    pub fn group_emails<'b, I>(files: I) -> FxHashMap<u32, Vec<u32>>
    where
        I: IntoIterator<Item = &'b [Lead]>,
    {
        group(
            &Rows::new(files.into_iter().collect()),
            1,
            Keys::Texts,
            Cores::Every,
        )
        .1
    }

    fn make<I>(files: I, emails: Emails) -> LeadKeys<'a>
    where
        I: IntoIterator<Item = &'a [Lead]>,
    {
        let leads = Rows::new(files.into_iter().collect());
        let shape = leads
            .iter()
            .next()
            .and_then(|(lead, _)| Shape::of(lead.lead_id().as_bytes()));
        // The ids and the emails are grouped on both cores. The emails get a table now only
        // when `emails`: most touch and deal files name leads by id, and an email table would
        // be a sixteenth of the peak memory; else the first email looked up makes it.
        // When the ids may be numbered, which leaves a core free early, the emails are sorted
        // on every core.
        let dense = shape.as_ref().is_some_and(|s| may_be_dense(&leads, s));
        let (forgotten, filter, emails) = match emails {
            Emails::Grouped(same, filter) => (true, filter, Emails::Grouped(same, None)),
            group => (false, None, group),
        };
        // The ids alone (the emails grouped already) are sorted on every core.
        let id_cores = if forgotten { Cores::Every } else { Cores::One };
        let ((numbered, ids, same_id), (email_table, same_email)) = rayon::join(
            || index_ids(&leads, shape.as_ref(), dense, id_cores),
            || match emails {
                Emails::Group { table } => {
                    let cores = if dense { Cores::Every } else { Cores::One };
                    let (firsts, same) = group(&leads, 1, Keys::Texts, cores);
                    (table.then(|| firsts.into_table()), same)
                }
                Emails::Grouped(same, _) => (None, same),
            },
        );
        let rows = KeyRows {
            same_id,
            same_email,
        };
        LeadKeys {
            leads,
            ids,
            shape,
            numbered,
            emails: email_table.map_or_else(OnceLock::new, OnceLock::from),
            forgotten,
            filter,
            missed: AtomicBool::new(false),
            rows,
        }
    }

    fn find(&self, table: &KeyTable, part: usize, key: &str) -> Option<u32> {
        let key = key.as_bytes();
        // A coded entry is the id of the table's shape with that number, and no other key.
        let code = self
            .shape
            .as_ref()
            .filter(|_| part == 0)
            .and_then(|s| s.code(key));
        table
            .find(hash(key), |e| match code_of(e) {
                Some(c) => code == Some(c),
                None => self.leads.key(e, part) == key,
            })
            .map(|e| e as u32)
    }

    /// The number of `id` when it is found by number (`Numbered`).
    #[inline]
    fn numbered(&self, id: &[u8]) -> Option<(&Numbered, u32)> {
        let numbered = self.numbered.as_ref()?;
        Some((numbered, self.shape.as_ref()?.code(id)?))
    }

    /// Readies the lookup of `id` a row ahead: asks the cache for its slot.
    pub fn prefetch_id(&self, id: &[u8]) {
        match self.numbered(id) {
            Some((numbered, code)) => {
                if let Some(slot) = numbered.slot(code) {
                    prefetch((slot as *const u32).cast());
                }
            }
            None => self.ids.prefetch_home(hash(id)),
        }
    }

    /// Readies the lookup of `id` once its slot is in the cache: asks for the key bytes the
    /// lookup will compare.
    pub fn prefetch_id_key(&self, id: &[u8]) {
        // The first entry whose tag matches: the one whose key the lookup compares first.
        // An id of the table's shape is in its entry or found by number: nothing more to read;
        // nor when every id is found by number.
        if self.ids.is_empty() || self.shape.as_ref().is_some_and(|s| s.code(id).is_some()) {
            return;
        }
        if let Some(e) = self
            .ids
            .find(hash(id), |_| true)
            .filter(|&e| code_of(e).is_none())
        {
            prefetch(self.leads.key(e, 0).as_ptr());
        }
    }

    /// Readies the lookup of `email` a row ahead, as `prefetch_id` does, when the email table
    /// is made (`index`) and `email` is normalised already (most are).
    pub fn prefetch_email(&self, email: &[u8]) {
        if let Some(table) = self.emails.get() {
            table.prefetch_home(hash(email));
        }
    }

    /// Readies the lookup of `email` once its slot is in the cache, as `prefetch_id_key` does.
    pub fn prefetch_email_key(&self, email: &[u8]) {
        if let Some(e) = self
            .emails
            .get()
            .and_then(|table| table.find(hash(email), |_| true))
        {
            prefetch(self.leads.key(e, 1).as_ptr());
        }
    }

    /// The first lead row carrying `id`, which numbers the id.
    pub fn id(&self, id: &str) -> Option<u32> {
        match self.numbered(id.as_bytes()) {
            Some((numbered, code)) => numbered.row(code),
            None => self.find(&self.ids, 0, id),
        }
    }

    /// The first lead row with the normalised `email`; none once the emails were let go
    /// (`index_grouped`), noting it when a lead may have had it (`missed_email`).
    pub fn email(&self, email: &str) -> Option<u32> {
        if email.is_empty() {
            return None;
        }
        if self.forgotten {
            if self
                .filter
                .as_ref()
                .is_none_or(|f| f.may_hold(hash(email.as_bytes())))
            {
                self.missed.store(true, Ordering::Relaxed);
            }
            return None;
        }
        let table = self.emails.get_or_init(|| {
            group(&self.leads, 1, Keys::Texts, Cores::One)
                .0
                .into_table()
        });
        self.find(table, 1, email)
    }

    /// The rows of each key, kept for the duplicate rules and the join once the lookups go.
    pub fn into_rows(self) -> KeyRows {
        self.rows
    }
}

#[cfg(test)]
mod tests;
