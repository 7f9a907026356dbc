//! A touch file's first rows, looked at before the leads are known: whether a row looks its lead
//! up by email, which decides whether the lead emails may go before the touches are read.

use crate::input::formats::{ColumnMap, Field};
use crate::model::Lead;
use rayon::prelude::*;
use rustc_hash::FxHashSet;

/// The rows of a touch file's first records (some 64 KiB) that carry an email: their lead id
/// (perhaps empty) and normalised email.
#[derive(Debug, Default)]
pub struct KeySample {
    rows: Vec<(Box<str>, Box<str>)>,
}

/// How many records after the header are looked at, at most.
const ROWS: usize = 1000;

impl KeySample {
    /// The sample of `records` (a touch file's first data records) as `map` reads them.
    pub fn of(mut next: impl FnMut() -> Option<csv::ByteRecord>, map: &ColumnMap) -> KeySample {
        let mut sample = KeySample::default();
        let field = |record: &csv::ByteRecord, f: Field| -> String {
            map.get(f)
                .iter()
                .filter_map(|&i| record.get(i))
                .map(|v| String::from_utf8_lossy(v).trim().to_string())
                .find(|v| !v.is_empty())
                .unwrap_or_default()
        };
        for _ in 0..ROWS {
            let Some(record) = next() else { break };
            if let Some(email) = crate::model::keys::email_key(&field(&record, Field::Email)) {
                let id = field(&record, Field::LeadId);
                sample.rows.push((id.into(), email.into()));
            }
        }
        sample
    }

    /// Whether a row looked at carries an email.
    pub fn carries_emails(&self) -> bool {
        !self.rows.is_empty()
    }
}

/// Whether a row of `samples` would find its lead by email among `leads` (each file's leads):
/// it has no lead id, or one that no lead has, and an email that a lead has. One pass over the
/// leads, on every core.
pub fn looks_up_emails(samples: &[&KeySample], leads: &[&[Lead]]) -> bool {
    let rows = || samples.iter().flat_map(|s| &s.rows);
    let ids: FxHashSet<&str> = rows()
        .map(|(id, _)| &**id)
        .filter(|id| !id.is_empty())
        .collect();
    let emails: FxHashSet<&str> = rows().map(|(_, email)| &**email).collect();
    if emails.is_empty() {
        return false;
    }
    let (found_ids, found_emails) = leads
        .par_iter()
        .flat_map(|file| file.par_chunks(1 << 16))
        .map(|chunk| {
            let mut found = (FxHashSet::default(), FxHashSet::default());
            for lead in chunk {
                if ids.contains(lead.lead_id()) {
                    found.0.insert(lead.lead_id());
                }
                if let Some(e) = lead.email().filter(|e| emails.contains(e)) {
                    found.1.insert(e);
                }
            }
            found
        })
        .reduce(Default::default, |mut a, b| {
            a.0.extend(b.0);
            a.1.extend(b.1);
            a
        });
    rows().any(|(id, email)| !found_ids.contains(&**id) && found_emails.contains(&**email))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(rows: &[[&str; 2]]) -> KeySample {
        let map = ColumnMap::of(&[(Field::LeadId, 0), (Field::Email, 1)]);
        let mut records = rows.iter().map(|r| csv::ByteRecord::from(r.to_vec()));
        KeySample::of(|| records.next(), &map)
    }

    #[test]
    fn rows_looking_up_their_lead_by_email_are_told() {
        let leads = [
            Lead::bare("L1", Some("a@x.co"), 2),
            Lead::bare("L2", Some("b@x.co"), 2),
        ];
        let files = [&leads[..]];
        let by_id = sample(&[["L1", "a@x.co"], ["L2", ""], ["L9", ""], ["", ""]]);
        assert!(
            !looks_up_emails(&[&by_id], &files),
            "L9 has no email to look up"
        );
        let unknown = sample(&[["L1", "a@x.co"], ["L9", "c@x.co"]]);
        assert!(
            !looks_up_emails(&[&unknown], &files),
            "no lead is L9, nor has its email"
        );
        let other = sample(&[["L1", "a@x.co"], ["L9", "B@x.co"]]);
        assert!(
            looks_up_emails(&[&by_id, &other], &files),
            "L9's email is L2's"
        );
        let unkeyed = sample(&[[" ", "a@x.co"]]);
        assert!(
            looks_up_emails(&[&unkeyed], &files),
            "no id, a lead's email"
        );
        assert!(!looks_up_emails(&[&sample(&[])], &files));
    }
}
