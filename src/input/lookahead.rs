//! Look-ahead: the lead lookups of touch rows readied before the rows are taken (cache
//! prefetches two rows ahead), and the last lead found, which touches exported lead by lead name
//! again. A speed device under `normalize::touch`; the answers are the same without it.

use crate::input::formats::Field;
use crate::input::formats::view::FileView;
use crate::input::parse::records::Record;

/// The lead id (and the email) the last touch named and the lead row each found: touches exported
/// lead by lead (each person's together) name the same lead several times in a row, and then find
/// it without a lookup, by id or by email alike.
#[derive(Debug, Default)]
pub struct LastLead {
    id: Last,
    email: Last,
}

/// One key the last touch named, and the lead row it found.
#[derive(Debug, Default)]
struct Last {
    key: Vec<u8>,
    row: Option<u32>,
}

impl Last {
    fn find(&mut self, key: &str, find: impl FnOnce() -> Option<u32>) -> Option<u32> {
        if !same_bytes(&self.key, key.as_bytes()) {
            self.row = find();
            self.key.clear();
            self.key.extend_from_slice(key.as_bytes());
        }
        self.row
    }
}

impl LastLead {
    /// The lead row of `id`: the last one's again, or `find`'s.
    pub(crate) fn find(&mut self, id: &str, find: impl FnOnce() -> Option<u32>) -> Option<u32> {
        self.id.find(id, find)
    }

    /// The first lead row with the normalised `email`: the last one's again, or `find`'s.
    pub(crate) fn find_email(
        &mut self,
        email: &str,
        find: impl FnOnce() -> Option<u32>,
    ) -> Option<u32> {
        self.email.find(email, find)
    }
}

/// Readies the lead lookups of the rows about to be taken, two rows ahead, so that their cache
/// misses overlap the work of reading the rows before them: asks for the table slot of `new`'s
/// lead id (the row just read), and for the key bytes of `mid`'s (the full row before it, to be
/// taken next but one), whose slot was asked for when it was read (`LeadKeys::prefetch_id`). An
/// id the row taken just before names too (`before`'s, the full row before `mid` when it is
/// still untaken, else `last`'s) needs neither. A file without a lead id column is readied by
/// its emails the same way. Hints only: a row whose id is in another column, or spaced
/// otherwise, is looked up all the same.
pub fn ready_lookups(
    keys: &crate::input::leadkeys::LeadKeys,
    view: &FileView,
    new: &Record,
    mid: Option<&Record>,
    before: Option<&Record>,
    last: &LastLead,
) {
    // A file without a lead id column names its leads by email (`LeadKeys::index` made the
    // email table for it).
    let (i, by_email) = match view.map.get(Field::LeadId).first() {
        Some(&i) => (i, false),
        None => match view.map.get(Field::Email).first() {
            Some(&i) => (i, true),
            None => return,
        },
    };
    fn key(r: &Record, i: usize) -> Option<&[u8]> {
        r.get(i).map(<[u8]>::trim_ascii)
    }
    let mid = mid.and_then(|r| key(r, i));
    let last = if by_email { &last.email } else { &last.id };
    let before = match before {
        Some(r) => key(r, i),
        None => Some(last.key.as_slice()),
    };
    let differs = |a: &[u8], b: Option<&[u8]>| b.is_none_or(|b| !same_bytes(a, b));
    if let Some(m) = mid.filter(|&m| differs(m, before)) {
        match by_email {
            true => keys.prefetch_email_key(m),
            false => keys.prefetch_id_key(m),
        }
    }
    if let Some(n) = key(new, i).filter(|&n| differs(n, mid)) {
        match by_email {
            true => keys.prefetch_email(n),
            false => keys.prefetch_id(n),
        }
    }
}

/// Whether two texts are the same: those of 8 to 16 bytes (most ids) compared as two words,
/// which a touch's lookup does a few times, without a call.
#[inline(always)]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if (8..=16).contains(&n) {
        let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("8"));
        return word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8);
    }
    a == b
}
