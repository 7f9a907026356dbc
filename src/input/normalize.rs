//! Normalize: turn one CSV row into a canonical record (docs/input-format.md), or a reason to reject it.

use crate::base::datetime::{self, Instant, When, Written};
use crate::base::money::{self, Currency, Money};
use crate::input::formats::view::FileView;
use crate::input::formats::{Field, MANY_COLUMNS, NO_COLUMN, stage_key};
use crate::input::lookahead::LastLead;
use crate::input::parse::records::Record;
use crate::input::privacy;
use crate::model::channel::ChannelMap;
use crate::model::keys;
use crate::model::{
    Labels, Lead, LeadLabels, MAX_TEXT, NO_ROW, Opportunity, Origin, Spend, Team, TextStore, Texts,
    TooLong, Touch, TouchTags,
};
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
    /// Read only the deal files, and of their rows only the company keys (`Batch::companies`):
    /// the round before the leads, so that they keep only the keys some deal carries.
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
    /// deal-company round all but the deal files that name companies (a HubSpot deal export
    /// has no company column: reading its 87,000 rows at 1M to find none took 0.03-0.04 s), the
    /// first round touch and deal files.
    pub fn passes_by(&self, matched: &crate::input::formats::Matched) -> bool {
        use crate::model::Entity::{Opportunity, Touch};
        let entity = matched.profile.entity;
        (self.gather_companies && (entity != Opportunity || !matched.gives(Field::Company)))
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
        money::parse_money(t, self.view.profile.decimal)
            .map(Some)
            .map_err(|e| {
                format!(
                    "{}: {} {e}; write an amount such as 1234.56, $1,234.56 or 1.234,56 €",
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
            _ if is_one_of(t, &["true", "t", "yes", "y", "1", "x"]) => Ok(Some(true)),
            _ if is_one_of(t, &["false", "f", "no", "n", "0"]) => Ok(Some(false)),
            _ => Err(format!(
                "{}: {} is not true or false",
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

/// Whether `t` is one of `words`, ignoring ASCII case (without a lower-case copy).
fn is_one_of(t: &str, words: &[&str]) -> bool {
    words.iter().any(|w| t.eq_ignore_ascii_case(w))
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
            "emails that are not addresses were treated as absent",
        );
    }
    Ok(email)
}

/// A lead row, and its `updated_at`. `lead_id` falls back to the email when empty. A status
/// listed as MQL or SQL in the config's stage map stands for a missing stage date with the
/// creation date.
pub fn lead(
    row: &Row,
    ctx: &RowContext,
    labels: &mut Labels,
    notes: &mut Notes,
    texts: &mut TextStore,
) -> Result<(Lead, When), String> {
    let email = email(row, notes)?;
    let lead_id: &str = match (row.text(Field::LeadId)?, &email) {
        ("", Some(e)) => {
            note(notes, "leads without an id were identified by their email");
            e
        }
        ("", None) => {
            return Err(format!(
                "{} is empty and there is no email to identify the lead",
                row.column(Field::LeadId)
            ));
        }
        (id, _) => id,
    };
    let company = ctx.companies.raw(row.text(Field::Company)?);
    let converted = row.text(Field::ConvertedOpportunityId)?;
    let keep = |key: &str| ctx.companies.keeps(key);
    let text = texts
        .push_where(lead_id, email.as_deref(), company, Some(converted), keep)
        .map_err(|e| too_long(row, e, [Field::Company, Field::ConvertedOpportunityId]))?;
    let tz = ctx.tz;
    let created_at = row.required_instant(Field::CreatedAt, tz)?;
    let status = row.text(Field::Status)?;
    let stages = &row.view.profile.stages;
    let mut mql_at = row.instant(Field::MqlAt, tz)?;
    let mut sql_at = row.instant(Field::SqlAt, tz)?;
    if sql_at.is_none() && row.stage_is(&stages.sql, status) {
        sql_at = Some(created_at);
        note(
            notes,
            "SQL dates taken from the creation date (status listed as SQL in baton.toml)",
        );
    }
    if mql_at.is_none()
        && (row.stage_is(&stages.mql, status)
            || (sql_at.is_some() && row.stage_is(&stages.sql, status) && !stages.mql.is_empty()))
    {
        mql_at = Some(created_at);
        note(
            notes,
            "MQL dates taken from the creation date (status listed as MQL in baton.toml)",
        );
    }
    // In the order the fields were always read, so that a row with several faults is refused
    // for the same one, and labels are interned up to the same point.
    let channel = labels.channel(row.text(Field::Channel)?, &ctx.channels);
    let campaign = labels.campaign(row.text(Field::Campaign)?);
    let owner = labels.owners.intern(row.text(Field::Owner)?);
    // Checked like every timestamp, but no metric reads it (docs/metrics.md).
    row.instant(Field::CustomerAt, tz)?;
    let status = labels.words.intern(status);
    let reason = labels.words.intern(row.text(Field::DisqualifiedReason)?);
    let mut lead = Lead {
        text,
        created_at: datetime::At::new(created_at),
        mql_at: mql_at.into(),
        sql_at: sql_at.into(),
        source: 0,
        standing: 0,
    };
    let to = LeadLabels {
        channel,
        campaign,
        owner,
        status,
        reason,
    };
    labels.set(&mut lead, to);
    Ok((lead, row.instant(Field::UpdatedAt, tz)?.into()))
}

/// What a stage name says about a deal: `Some((closed, won))` for won or lost stages
/// (`Closed Won`, `closedwon`, `Won`; `Closed Lost`, `Lost`).
pub fn stage_outcome(stage: &str) -> Option<(bool, bool)> {
    // The last four letters, lower-cased: all that the endings below look at.
    let mut last = [0u8; 4];
    let mut n = 0;
    for c in stage
        .chars()
        .rev()
        .filter(char::is_ascii_alphabetic)
        .take(4)
    {
        n += 1;
        last[4 - n] = c.to_ascii_lowercase() as u8;
    }
    let key = &last[4 - n..];
    if key.ends_with(b"won") {
        Some((true, true))
    } else if key.ends_with(b"lost") {
        Some((true, false))
    } else {
        None
    }
}

/// An `outcome` value (`open`, `won`, `lost`): `(closed, won)`.
fn outcome_of(row: &Row) -> Result<Option<(bool, bool)>, String> {
    let t = row.text(Field::Outcome)?;
    match t {
        "" => Ok(None),
        _ if is_one_of(t, &["open", "deleted"]) => Ok(Some((false, false))),
        _ if is_one_of(t, &["won", "closed won"]) => Ok(Some((true, true))),
        _ if is_one_of(t, &["lost", "closed lost"]) => Ok(Some((true, false))),
        _ => Err(format!(
            "{}: {} is not open, won or lost",
            row.column(Field::Outcome),
            row.quote(Field::Outcome, t)
        )),
    }
}

/// An opportunity row. Whether it is closed and won comes from, in order: the `is_won` and
/// `is_closed` flags, an `outcome` column, the config's stage map, the stage name.
pub fn opportunity(
    row: &Row,
    ctx: &RowContext,
    labels: &mut Labels,
    notes: &mut Notes,
    origin: Origin,
    texts: &mut TextStore,
) -> Result<Opportunity, String> {
    let opportunity_id = row.text(Field::OpportunityId)?;
    if opportunity_id.is_empty() {
        return Err(format!("{} is empty", row.column(Field::OpportunityId)));
    }
    let tz = ctx.tz;
    let stage = row.text(Field::Stage)?;
    let stages = &row.view.profile.stages;
    let mapped = if row.stage_is(&stages.won, stage) {
        Some((true, true))
    } else if row.stage_is(&stages.lost, stage) {
        Some((true, false))
    } else {
        None
    };
    let from_stage = outcome_of(row)?.or(mapped).or_else(|| stage_outcome(stage));
    let is_won = row
        .flag(Field::IsWon)?
        .or(from_stage.map(|s| s.1))
        .unwrap_or(false);
    let is_closed = is_won
        || row
            .flag(Field::IsClosed)?
            .or(from_stage.map(|s| s.0))
            .unwrap_or(false);
    let close_date = row.date(Field::CloseDate, tz)?;
    if is_closed && close_date.is_none() {
        return Err(format!(
            "{} is empty but the deal is {}; a closed deal needs its close date",
            row.column(Field::CloseDate),
            if is_won { "won" } else { "lost" }
        ));
    }
    let (amount, written) = match row.money(Field::Amount)? {
        Some(m) => m,
        None => {
            note(notes, "opportunities without amount were counted as 0");
            (Money::ZERO, None)
        }
    };
    let channel = row.text(Field::Channel)?;
    let lead_id = row.text(Field::LeadId)?;
    let email = email(row, notes)?;
    let keys = ctx.leads;
    let lead_keys = keys
        .into_iter()
        .flat_map(|keys| keys::split_ids(lead_id).filter_map(|id| keys.id(id)));
    let email_row = keys.and_then(|keys| email.as_deref().and_then(|e| keys.email(e)));
    let company = row.text(Field::Company)?;
    let domain = keys::domain_key(row.text(Field::Website)?);
    let mut deal = Opportunity {
        origin,
        // Written last, once nothing can refuse the row.
        text: Texts::default(),
        created_at: row.required_instant(Field::CreatedAt, tz)?,
        close_date,
        stage: labels.words.intern(stage),
        is_closed,
        is_won,
        amount,
        currency: row.currency(written)?,
        owner: labels.owners.intern(row.text(Field::Owner)?),
        channel: if channel.is_empty() {
            0
        } else {
            labels.channel(channel, &ctx.channels)
        },
        campaign: labels.campaign(row.text(Field::Campaign)?),
        updated_at: row.instant(Field::UpdatedAt, tz)?.into(),
        first_key: NO_ROW,
        more_keys: None,
        email_row: NO_ROW,
    };
    deal.set_lead_keys(lead_keys);
    deal.set_email_row(email_row);
    deal.text = texts
        .push(opportunity_id, email.as_deref(), company, domain.as_deref())
        .map_err(|e| too_long(row, e, [Field::Company, Field::Website]))?;
    Ok(deal)
}

/// Adds the company key of a deal row to `companies`, as the deal will carry it
/// (`keys::push_company_key` of its company cell), whatever else the row holds: a row
/// refused later only adds a key no lead needs.
pub fn gather_company(row: &Row, companies: &mut rustc_hash::FxHashSet<Box<str>>) {
    if let Ok(raw) = row.text(Field::Company) {
        let mut key = String::new();
        crate::model::keys::push_company_key(raw, &mut key);
        if !key.is_empty() && !companies.contains(key.as_str()) {
            companies.insert(key.into_boxed_str());
        }
    }
}

/// A spend row. `--` (an ad platform's "nothing") costs 0.
pub fn spend(
    row: &Row,
    ctx: &RowContext,
    labels: &mut Labels,
    origin: Origin,
) -> Result<Spend, String> {
    let date = row
        .date(Field::Date, ctx.tz)?
        .ok_or_else(|| format!("{} is empty", row.column(Field::Date)))?;
    let (cost, written) = row
        .money(Field::Cost)?
        .ok_or_else(|| format!("{} is empty", row.column(Field::Cost)))?;
    Ok(Spend {
        origin,
        date,
        channel: labels.channel(row.text(Field::Channel)?, &ctx.channels),
        campaign: labels.campaign(row.text(Field::Campaign)?),
        cost,
        currency: row.currency(written)?,
        impressions: row.count(Field::Impressions)?,
        clicks: row.count(Field::Clicks)?,
    })
}

/// A touch row. `team` is `marketing` or `sales`. Its lead is found by `lead_id`, else by
/// email, among the leads of `ctx`; a touch that names no lead is refused and counted in
/// `unmatched`.
pub fn touch(
    row: &Row,
    ctx: &RowContext,
    labels: &mut Labels,
    unmatched: &mut u64,
    last: &mut LastLead,
) -> Result<Touch, String> {
    let lead_id = row.text(Field::LeadId)?;
    let email = keys::email_key(row.text(Field::Email)?);
    if lead_id.is_empty() && email.is_none() {
        return Err(
            "has neither a lead_id nor a valid email, so it cannot be matched to a lead"
                .to_string(),
        );
    }
    let team_text = row.text(Field::Team)?;
    let team = match team_text {
        t if t.eq_ignore_ascii_case("marketing") => Team::Marketing,
        t if t.eq_ignore_ascii_case("sales") => Team::Sales,
        _ => {
            return Err(format!(
                "{}: {} must be marketing or sales",
                row.column(Field::Team),
                row.quote(Field::Team, team_text)
            ));
        }
    };
    let instant = row.required_instant(Field::At, ctx.tz)?;
    let at = datetime::Stamp::new(instant).ok_or_else(|| {
        format!(
            "{}: {} is outside the years a touch can have (1970 to 2106); correct the date",
            row.column(Field::At),
            chrono::DateTime::from_timestamp(instant, 0).map_or(instant.to_string(), |t| t
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string())
        )
    })?;
    // The kind is not kept (no metric uses it), but a touch whose kind cannot be read is refused.
    row.text(Field::Kind)?;
    let campaign = labels.campaign(row.text(Field::Campaign)?);
    let found = ctx.leads.and_then(|keys| {
        let by_id = (!lead_id.is_empty())
            .then(|| last.find(lead_id, || keys.id(lead_id)))
            .flatten();
        by_id.map(|k| (k, false)).or_else(|| {
            email
                .as_deref()
                .and_then(|e| keys.email(e))
                .map(|r| (r, true))
        })
    });
    let Some((lead, by_email)) = found else {
        *unmatched += 1;
        let named: Vec<String> = [
            (!lead_id.is_empty()).then_some((Field::LeadId, lead_id)),
            email.as_deref().map(|e| (Field::Email, e)),
        ]
        .into_iter()
        .flatten()
        .map(|(f, v)| format!("{} {}", row.column(f), row.quote(f, v)))
        .collect();
        return Err(format!(
            "touch matches no lead: no lead file has {}; add the export that holds this lead, or correct the touch",
            named.join(" or ")
        ));
    };
    let tags = TouchTags::new(team, campaign, by_email).ok_or_else(|| {
        format!(
            "{}: more campaigns than baton can number",
            row.column(Field::Campaign)
        )
    })?;
    Ok(Touch { at, lead, tags })
}

#[cfg(test)]
mod tests;
