//! Names: how a report lists the people it names, a keyed pseudonym (`P-` and 16 hex digits)
//! unless `show_people = true`.

use crate::base::secret::Key;
use crate::model::{FunnelLead, Lead, Texts};

/// A stable pseudonymous id for a person: `P-` and 16 hex digits of the lead id's keyed hash
/// (`secret::Key::code`), so that reports can list people without naming them, and no one
/// without the key can tell whose id it is.
#[cfg(test)]
pub fn pseudonym(key: &Key, lead_id: &str) -> String {
    write_pseudonym(key.code(lead_id))
}

/// `P-` and the code's 16 hex digits, written digit by digit: as `format!("P-{:016x}")` would,
/// several times faster.
fn write_pseudonym(code: u64) -> String {
    pseudonym_text(&pseudonym_bytes(code)).to_string()
}

/// The bytes of `write_pseudonym`, in a buffer of their own (no allocation, for writing out the
/// thousands a report lists).
fn pseudonym_bytes(code: u64) -> [u8; 18] {
    let mut id = *b"P-0000000000000000";
    for (i, b) in id[2..].iter_mut().enumerate() {
        *b = b"0123456789abcdef"[((code >> (60 - 4 * i)) & 0xf) as usize];
    }
    id
}

fn pseudonym_text(bytes: &[u8; 18]) -> &str {
    std::str::from_utf8(bytes).expect("ASCII")
}

/// People a report lists, gathered by the thousand (a dropped baton names each lead: over
/// 100,000 at 1M leads): a pseudonym is kept as its 64-bit code (8 bytes, no text of its own)
/// until it is written out; names (`show_people`) as text. One run lists people one way only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct People {
    codes: Vec<u64>,
    names: Vec<String>,
}

impl People {
    /// Adds lead `i`, as `names` names it.
    pub fn push(&mut self, names: &Names, i: usize) {
        match names {
            Names::Pseudonyms(codes) => self.codes.push(codes[i]),
            Names::Shown(texts) => self.names.push(listed_name(&texts[i])),
        }
    }

    /// Adds a person as listed already (a pseudonym or name read back from a dataset).
    #[cfg(feature = "datafusion")]
    pub fn push_listed(&mut self, listed: String) {
        self.names.push(listed);
    }

    /// Sorts them as their texts sort (a pseudonym's fixed-width lower-case hex digits sort as
    /// its code does).
    pub fn sort(&mut self) {
        self.codes.sort_unstable();
        self.names.sort();
    }
}

impl serde::Serialize for People {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.codes.len() + self.names.len()))?;
        for &c in &self.codes {
            seq.serialize_element(pseudonym_text(&pseudonym_bytes(c)))?;
        }
        for n in &self.names {
            seq.serialize_element(n)?;
        }
        seq.end()
    }
}

/// `list` turned by `f` into a list of what it gives, in place (in-place collect: `U` as aligned
/// as `T`, and not larger), and shrunk to fit.
fn in_place<T, U>(list: Vec<T>, f: impl FnMut(T) -> U) -> Vec<U> {
    let mut out: Vec<U> = list.into_iter().map(f).collect();
    out.shrink_to_fit();
    out
}

/// How a report names a person when it may (`show_people`): the email, else the lead id.
fn listed_name(texts: &Texts) -> String {
    texts.part(0).unwrap_or(texts.id()).to_string()
}

/// How a report names the leads it lists, kept past the joins: by default each lead's pseudonym
/// as its 64-bit code, in place of the lead's texts (8 bytes a lead where the texts took some
/// 50: the joins are the last to read them); with `show_people`, the texts themselves.
#[derive(Debug)]
pub enum Names {
    Pseudonyms(Vec<u64>),
    Shown(Vec<Texts>),
}

impl Names {
    /// The names of `leads`, pseudonyms made with `key` unless `shown`, and the leads as the
    /// analyses read them, without their texts. Each list is made in place, in the leads' memory,
    /// and shrunk before the next is made, so that no step holds more than the leads did: each
    /// lead and its pseudonym's code (32 bytes), then the codes apart (8), then the leads (24).
    pub fn take(leads: Vec<Lead>, shown: bool, key: &Key) -> (Vec<FunnelLead>, Names) {
        if shown {
            let texts = leads.iter().map(|l| l.text.clone()).collect();
            return (in_place(leads, FunnelLead::from), Names::Shown(texts));
        }
        let coded = in_place(leads, |l| {
            let code = key.code(l.lead_id());
            (FunnelLead::from(l), code)
        });
        let codes = coded.iter().map(|&(_, c)| c).collect();
        (in_place(coded, |(l, _)| l), Names::Pseudonyms(codes))
    }

    /// The texts of lead `i` (its id, email...), when the reports show people.
    #[cfg(feature = "parquet")]
    pub fn shown(&self, i: usize) -> Option<&Texts> {
        match self {
            Names::Pseudonyms(_) => None,
            Names::Shown(texts) => texts.get(i),
        }
    }

    /// How lead `i` is listed.
    pub fn of(&self, i: usize) -> String {
        match self {
            Names::Pseudonyms(codes) => write_pseudonym(codes[i]),
            Names::Shown(texts) => listed_name(&texts[i]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: &str) -> Key {
        Key::from_hex(&byte.repeat(16)).unwrap()
    }

    #[test]
    fn pseudonyms_are_stable_distinct_and_keyed() {
        let k = key("01");
        assert_eq!(pseudonym(&k, "00Q1"), pseudonym(&k, "00Q1"));
        assert_ne!(pseudonym(&k, "00Q1"), pseudonym(&k, "00Q2"));
        assert_ne!(pseudonym(&k, "00Q1"), pseudonym(&key("02"), "00Q1"));
        let p = pseudonym(&k, "x");
        assert!(p.starts_with("P-") && p.len() == 18, "{p}");
        // The code's 16 lower-case hex digits, as `format!` writes them.
        for code in [0, 1, 0xdead_beef, u64::MAX, k.code("00Q1")] {
            assert_eq!(write_pseudonym(code), format!("P-{code:016x}"));
        }
        assert_eq!(pseudonym(&k, "00Q1"), format!("P-{:016x}", k.code("00Q1")));
    }

    #[test]
    fn people_are_listed_as_their_texts_sort() {
        // 2,000 leads: the pseudonyms, kept as codes, come out as the sorted texts would.
        let leads: Vec<Lead> = (0..2000)
            .map(|i| Lead::bare(&format!("L{i}"), Some(&format!("p{i}@x.co")), 2))
            .collect();
        let k = key("5a");
        let mut want: Vec<String> = leads.iter().map(|l| pseudonym(&k, l.lead_id())).collect();
        let ((bare, codes), (kept, shown)) = (
            Names::take(leads.clone(), false, &k),
            Names::take(leads.clone(), true, &k),
        );
        // The pseudonyms' codes are kept, the texts let go; the leads' dates and labels stay.
        assert!(matches!(codes, Names::Pseudonyms(_)));
        assert!(matches!(shown, Names::Shown(_)));
        assert_eq!(bare, kept);
        assert_eq!(bare.len(), 2000);
        assert_eq!(bare[7], FunnelLead::from(leads[7].clone()));
        assert_eq!(codes.of(7), want[7]);
        assert_eq!(shown.of(7), "p7@x.co");
        let (mut coded, mut named) = (People::default(), People::default());
        for i in 0..leads.len() {
            coded.push(&codes, i);
            named.push(&shown, i);
        }
        coded.sort();
        named.sort();
        let texts = |p: &People| -> Vec<String> {
            serde_json::from_value(serde_json::to_value(p).unwrap()).unwrap()
        };
        want.sort();
        assert_eq!(texts(&coded), want);
        let mut want: Vec<String> = (0..2000).map(|i| format!("p{i}@x.co")).collect();
        want.sort();
        assert_eq!(texts(&named), want);
    }
}
