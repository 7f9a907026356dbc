//! Normalize: turn one CSV row into a canonical record (docs/input-format.md), or a reason to reject it.

use crate::base::datetime::{self, Instant, Written};
use crate::base::money::{self, Currency, Money};
use crate::input::formats::view::FileView;
use crate::input::formats::{Field, MANY_COLUMNS, NO_COLUMN, stage_key};
use crate::input::parse::records::Record;
use crate::input::privacy;
use crate::model::channel::ChannelMap;
use crate::model::keys;
use crate::model::{MAX_TEXT, TooLong};
use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// What every row of a run is read with.
pub struct RowContext<'k> {
    pub tz: Tz,
    pub channels: ChannelMap,
    /// The lead rows that touches and deals are matched against; with none, every touch is
    /// refused and deals match by account only.
    pub leads: Option<&'k crate::input::leadkeys::LeadKeys<'k>>,
    /// Leave touch and deal files (which name leads) for a second round, once the leads are
    /// known.
    pub defer_linked: bool,
    /// Which company keys the leads keep.
    pub companies: Companies<'k>,
    /// Read only the deal files, and of their rows only the company keys and website domains
    /// (`Batch::companies`) and whether one has an email (`Batch::emails`): the round before
    /// the leads, so that they keep only the keys some deal carries, and their emails only as
    /// long as something is to look one up.
    pub gather_companies: bool,
    /// The day of the run: rows dated after it are counted apart (`FileLedger::future`).
    pub today: chrono::NaiveDate,
    /// The first instant after `today` in `tz`.
    pub horizon: i64,
    /// Whether messages may quote a person's data (`show_people`; `privacy::quote`).
    pub show_people: bool,
}

impl RowContext<'_> {
    /// Whether this pass passes a file by, knowing it by its header alone (`matched`): the
    /// deal-company round all but the deal files with a company, website or email column (a
    /// HubSpot deal export has none: reading its 87,000 rows at 1M to find none took
    /// 0.03-0.04 s), the first round touch and deal files.
    pub fn passes_by(&self, matched: &crate::input::formats::Matched) -> bool {
        use crate::model::Entity::{Opportunity, Touch};
        let entity = matched.profile.entity;
        let keyed = [Field::Company, Field::Website, Field::Email]
            .iter()
            .any(|&f| matched.gives(f));
        (self.gather_companies && (entity != Opportunity || !keyed))
            || (self.defer_linked && matches!(entity, Touch | Opportunity))
    }

    pub fn new(tz: Tz, channels: ChannelMap) -> RowContext<'static> {
        RowContext {
            tz,
            channels,
            leads: None,
            defer_linked: false,
            companies: Companies::All,
            gather_companies: false,
            today: chrono::NaiveDate::MAX,
            horizon: i64::MAX,
            show_people: false,
        }
    }

    /// This context, with rows dated after `today` counted apart.
    pub fn as_of(self, today: chrono::NaiveDate) -> Self {
        let horizon = today.succ_opt().map_or(i64::MAX, |d| {
            crate::base::datetime::local_to_instant(d.into(), self.tz)
        });
        RowContext {
            today,
            horizon,
            ..self
        }
    }
}

/// Which company keys the leads keep. Account matching (docs/metrics.md, "Joins") compares a lead's
/// company key with deals' company keys and nothing else, so one that no deal carries is never
/// looked at again; at a million leads they are some 12 MB of text.
///
/// A merged person keeps the company of its first row that has one, and a dropped key reads as
/// none there, so a later row's may take its place. That changes no join: account matching
/// looks up every lead row, duplicates too, each standing for the person it became part of, so
/// the merged row's company is always one the person's rows already offer.
#[derive(Clone, Copy, Debug)]
pub enum Companies<'k> {
    /// Every one.
    All,
    /// Only those in the set (the company keys of every deal row).
    Named(&'k rustc_hash::FxHashSet<Box<str>>),
}

impl Companies<'_> {
    /// The raw company to write a key from: none at all when no deal names a company (unless
    /// it is long enough that its key might be refused as too long, as it would be if kept).
    fn raw<'r>(&self, raw: &'r str) -> &'r str {
        match self {
            Companies::Named(set) if set.is_empty() && raw.len() <= MAX_TEXT / 3 => "",
            _ => raw,
        }
    }

    fn keeps(&self, key: &str) -> bool {
        match self {
            Companies::All => true,
            Companies::Named(set) => key.is_empty() || set.contains(key),
        }
    }
}

/// Counts of things worth saying about a file that lose no row.
pub type Notes = BTreeMap<String, u64>;

fn note(notes: &mut Notes, text: &str) {
    match notes.get_mut(text) {
        Some(n) => *n += 1,
        None => {
            notes.insert(text.to_string(), 1);
        }
    }
}

/// One record seen through its file's view.
pub struct Row<'r> {
    record: &'r Record,
    view: &'r FileView<'r>,
    /// The whole record as text, when it is valid UTF-8 without NUL bytes (checked once, so
    /// that its fields need no check of their own).
    clean: Option<&'r str>,
}

/// The longest value a field may hold, in bytes.
const MAX_FIELD: usize = 64 * 1024;

impl<'r> Row<'r> {
    pub fn new(record: &'r Record, view: &'r FileView<'r>) -> Row<'r> {
        let bytes = record.as_slice();
        let clean = record.plain_text().or_else(|| {
            std::str::from_utf8(bytes)
                .ok()
                .filter(|_| memchr::memchr(0, bytes).is_none())
        });
        Row {
            record,
            view,
            clean,
        }
    }

    /// Field `i` of a clean record.
    fn clean_field(&self, i: usize) -> Option<&'r str> {
        let all = self.clean?;
        all.get(self.record.range(i)?)
    }

    /// "created_at (column 4)": the column the value came from, as the file names it.
    fn column(&self, field: Field) -> String {
        let cols = self.view.map.get(field);
        let i = cols
            .iter()
            .copied()
            .find(|&i| {
                self.record
                    .get(i)
                    .is_some_and(|v| !v.trim_ascii().is_empty())
            })
            .or(cols.first().copied());
        match i {
            Some(i) => format!(
                "{} (column {})",
                self.view.header[i].trim_start_matches('\u{feff}').trim(),
                i + 1
            ),
            None => field.name().to_string(),
        }
    }

    /// `value`, read from `field`, as a message quotes it: hidden when it may be a person's data
    /// (`privacy::quote`).
    fn quote(&self, field: Field, value: &str) -> String {
        privacy::quote(value, privacy::Role::of(field), self.view.show_people)
    }

    /// The trimmed text of `field`: the first non-empty of its columns, else the profile's
    /// constant, else empty. Always inlined: called for nearly every field of every row, its
    /// call cost about a quarter of it (CPU time at 1M leads, seven alternate runs: median 1.81
    /// s before, 1.68 s inlined).
    #[inline(always)]
    fn text(&self, field: Field) -> Result<&'r str, String> {
        // Most fields have one column, holding clean text, or none: `text_of_any` in short.
        match self.view.map.lone(field) {
            NO_COLUMN => return Ok(self.constant(field)),
            MANY_COLUMNS => {}
            i => {
                if let Some(t) = self.clean_field(i.into()).filter(|t| t.len() <= MAX_FIELD) {
                    let t = trim(t);
                    return Ok(if t.is_empty() {
                        self.constant(field)
                    } else {
                        t
                    });
                }
            }
        }
        self.text_of_any(field)
    }

    /// `text` the long way: each column in turn, and why a value cannot be read.
    #[inline(never)]
    fn text_of_any(&self, field: Field) -> Result<&'r str, String> {
        for &i in self.view.map.get(field) {
            if let Some(t) = self.clean_field(i).filter(|t| t.len() <= MAX_FIELD) {
                let t = trim(t);
                if !t.is_empty() {
                    return Ok(t);
                }
                continue;
            }
            let bytes = self.record.get(i).unwrap_or(b"");
            if bytes.len() > MAX_FIELD {
                return Err(format!(
                    "{} (column {}): {} bytes long, more than a value can be ({MAX_FIELD}); a quote is probably not closed",
                    self.view.header[i].trim(),
                    i + 1,
                    bytes.len()
                ));
            }
            if bytes.contains(&0) {
                return Err(format!(
                    "{} (column {}): contains a NUL byte; the file is damaged or not text",
                    self.view.header[i].trim(),
                    i + 1
                ));
            }
            let t = std::str::from_utf8(bytes).map_err(|e| {
                format!(
                    "{} (column {}): not valid UTF-8 at byte {}; save the file as UTF-8",
                    self.view.header[i].trim(),
                    i + 1,
                    e.valid_up_to()
                )
            })?;
            let t = trim(t);
            if !t.is_empty() {
                return Ok(t);
            }
        }
        Ok(self.constant(field))
    }

    /// What an empty `field` reads as: the profile's constant for it, else empty.
    fn constant(&self, field: Field) -> &'r str {
        self.view.profile.constant(field).unwrap_or("")
    }

    fn written(&self, field: Field) -> Result<Option<Written>, String> {
        let t = self.text(field)?;
        self.written_text(field, t)
    }

    /// `written` of `t`, the text of `field`.
    fn written_text(&self, field: Field, t: &str) -> Result<Option<Written>, String> {
        if t.is_empty() {
            return Ok(None);
        }
        if let Some(fmt) = &self.view.profile.date_format {
            let naive = NaiveDateTime::parse_from_str(t, fmt).ok().or_else(|| {
                NaiveDate::parse_from_str(t, fmt)
                    .ok()
                    .map(|d| d.and_time(chrono::NaiveTime::MIN))
            });
            return naive
                .map(|n| {
                    Some(Written {
                        naive: n,
                        offset: None,
                    })
                })
                .ok_or_else(|| {
                    format!(
                        "{}: {} does not match date_format {:?}",
                        self.column(field),
                        self.quote(field, t),
                        fmt
                    )
                });
        }
        let cell = &self.view.evidence[field as usize];
        let mut ev = cell.get();
        let w = datetime::parse_written(t, self.view.orders[field as usize], &mut ev);
        cell.set(ev);
        w.map(Some).ok_or_else(|| {
            format!(
                "{}: cannot read {} as a date; use a form such as 2024-03-01, 2024-03-01T09:30:00Z or 3/1/2024",
                self.column(field),
                self.quote(field, t)
            )
        })
    }

    fn zone(&self, tz: Tz) -> Tz {
        if self.view.profile.utc { Tz::UTC } else { tz }
    }

    /// The instant `field` holds, if any. Always inlined, with `parse_iso_instant`: five
    /// timestamps a lead and one a touch.
    #[inline(always)]
    fn instant(&self, field: Field, tz: Tz) -> Result<Option<Instant>, String> {
        let t = self.text(field)?;
        // Most exports write UTC timestamps: those need neither the zone nor chrono.
        if self.view.profile.date_format.is_none()
            && let Some(i) = datetime::parse_iso_instant(t.as_bytes(), self.zone(tz) == Tz::UTC)
        {
            return Ok(Some(i));
        }
        Ok(self
            .written_text(field, t)?
            .map(|w| w.instant(self.zone(tz))))
    }

    fn required_instant(&self, field: Field, tz: Tz) -> Result<Instant, String> {
        self.instant(field, tz)?
            .ok_or_else(|| format!("{} is empty", self.column(field)))
    }

    fn date(&self, field: Field, tz: Tz) -> Result<Option<NaiveDate>, String> {
        Ok(self.written(field)?.map(|w| w.date(self.zone(tz))))
    }

    fn money(&self, field: Field) -> Result<Option<(Money, Option<Currency>)>, String> {
        let t = self.text(field)?;
        if t.is_empty() {
            return Ok(None);
        }
        if t == "--" || t == "-" {
            return Ok(Some((Money::ZERO, None)));
        }
        // Read with its column's mark, what it says about the mark counted (`input::marks`);
        // a row whose amount reads both ways also counts what its other numbers say.
        let numbers = &self.view.numbers;
        let cell = &numbers.evidence[field as usize];
        let mut ev = cell.get();
        let either = ev.either();
        let read = money::read_money(t, numbers.marks[field as usize], &mut ev);
        cell.set(ev);
        if ev.either() > either {
            numbers.weigh_others(self.record);
        }
        read.map(Some).map_err(|e| {
            let fix = match e {
                money::MoneyError::OtherMark(_) => "export the column with one decimal mark",
                _ => "write an amount such as 1234.56, $1,234.56 or 1.234,56 €",
            };
            format!(
                "{}: {} {e}; {fix}",
                self.column(field),
                self.quote(field, t)
            )
        })
    }

    /// The row's currency: its `currency` column, else a header's, else the amount's symbol.
    fn currency(&self, written: Option<Currency>) -> Result<Option<Currency>, String> {
        let t = self.text(Field::Currency)?;
        let stated = if t.is_empty() {
            self.view.header_currency
        } else {
            Some(Currency::parse(t).ok_or_else(|| {
                format!(
                    "{}: {} is not a currency code such as USD",
                    self.column(Field::Currency),
                    self.quote(Field::Currency, t)
                )
            })?)
        };
        match (stated, written) {
            (Some(s), Some(w)) if s != w => Err(format!(
                "{}: says {s} but the amount is written in {w}",
                self.column(Field::Currency)
            )),
            (s, w) => Ok(s.or(w)),
        }
    }

    fn flag(&self, field: Field) -> Result<Option<bool>, String> {
        let t = self.text(field)?;
        match t {
            "" => Ok(None),
            _ if is_one_of(t, TRUE) => Ok(Some(true)),
            _ if is_one_of(t, FALSE) => Ok(Some(false)),
            _ => Err(format!(
                "{}: {} is not true or false (write TRUE/FALSE, Yes/No or 1/0, or the German, French, Spanish or Portuguese words for them)",
                self.column(field),
                self.quote(field, t)
            )),
        }
    }

    fn count(&self, field: Field) -> Result<Option<u64>, String> {
        let t = self.text(field)?;
        if t.is_empty() || t == "--" {
            return Ok(None);
        }
        let digits: String = t
            .chars()
            .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '\u{202f}' | '\'' | '.'))
            .collect();
        digits.parse::<u64>().map(Some).map_err(|_| {
            format!(
                "{}: {} is not a whole number",
                self.column(field),
                self.quote(field, t)
            )
        })
    }

    /// Whether `value` is listed under the profile's stage map entry.
    fn stage_is(&self, list: &[String], value: &str) -> bool {
        !list.is_empty() && !value.is_empty() && list.contains(&stage_key(value))
    }
}

/// `t` without surrounding white space; most values have none, which two bytes show.
fn trim(t: &str) -> &str {
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => t,
        _ => t.trim(),
    }
}

/// The words a true flag is written as: English, German (`WAHR`, `Ja`), French (`VRAI`, `Oui`),
/// Spanish (`VERDADERO`, `Sí`) and Portuguese (`VERDADEIRO`, `Sim`), as spreadsheets and CRMs
/// write them in those languages; and `x`, a ticked box.
const TRUE: &[&str] = &[
    "true",
    "t",
    "yes",
    "y",
    "1",
    "x",
    "wahr",
    "ja",
    "vrai",
    "oui",
    "verdadero",
    "sí",
    "si",
    "verdadeiro",
    "sim",
];

/// The words a false flag is written as, in the same languages (`FALSCH`, `Nein`, `FAUX`, `Non`,
/// `FALSO`, `No`, `Não`).
const FALSE: &[&str] = &[
    "false", "f", "no", "n", "0", "falsch", "nein", "faux", "non", "falso", "não", "nao",
];

/// Whether `t` is one of `words` (lower case), ignoring case (without a lower-case copy).
fn is_one_of(t: &str, words: &[&str]) -> bool {
    if t.is_ascii() {
        words.iter().any(|w| t.eq_ignore_ascii_case(w))
    } else {
        words
            .iter()
            .any(|w| t.chars().flat_map(char::to_lowercase).eq(w.chars()))
    }
}

/// Says which column held a record's text that is too long to keep: the id, the email, then
/// the two `more` fields in the order the record keeps them.
fn too_long(row: &Row, e: TooLong, more: [Field; 2]) -> String {
    let id = match row.view.profile.entity {
        crate::model::Entity::Opportunity => Field::OpportunityId,
        _ => Field::LeadId,
    };
    let fields = [id, Field::Email, more[0], more[1]];
    e.describe(&row.column(fields[e.part.min(3)]))
}

/// Reads an email column: absent when empty, absent and noted when not an address.
fn email<'r>(row: &Row<'r>, notes: &mut Notes) -> Result<Option<Cow<'r, str>>, String> {
    let raw = row.text(Field::Email)?;
    let email = keys::email_key(raw);
    if email.is_none() && !raw.is_empty() {
        note(
            notes,
            "{email that is|emails that are} not {an address was|addresses were} treated as absent",
        );
    }
    Ok(email)
}

mod lead;
mod opportunity;
mod spend;
mod touch;

pub use lead::lead;
pub use opportunity::{gather_deal_keys, opportunity};
pub use spend::spend;
pub use touch::touch;

#[cfg(test)]
mod tests;
