//! The four canonical entities of the funnel model (docs/input-format.md) and their labels.

pub(crate) mod channel;
mod funnel_lead;
pub(crate) mod keys;
pub(crate) mod ledger;
pub(crate) mod metric_keys;

use crate::base::datetime::{Instant, Stamp, When};
use crate::base::intern::{Interner, Sym};
use crate::base::money::{Currency, Money};
use chrono::NaiveDate;
use std::sync::Arc;

pub use funnel_lead::{Created, FunnelLead, LabelPairs};

/// Which canonical entity a file holds.
#[cfg_attr(feature = "parquet", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Entity {
    Lead,
    Opportunity,
    Spend,
    Touch,
}

impl Entity {
    pub fn name(self) -> &'static str {
        match self {
            Entity::Lead => "lead",
            Entity::Opportunity => "opportunity",
            Entity::Spend => "spend",
            Entity::Touch => "touch",
        }
    }
}

/// Where a record came from: the file's index in the sorted input list and the line (8 bytes;
/// a line past 4,294,967,295, which no export reaches, would read as that number).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    pub file: u32,
    pub line: u32,
}

impl Origin {
    pub fn new(file: u32, line: u64) -> Origin {
        Origin {
            file,
            line: u32::try_from(line).unwrap_or(u32::MAX),
        }
    }

    /// The same origin `lines` further down its file.
    pub fn moved(self, lines: u64) -> Origin {
        Origin::new(self.file, u64::from(self.line) + lines)
    }
}

/// A record's identifying texts: its id, normalised email, company key and a fourth key (a lead's
/// converted deal ids, a deal's website domain), side by side in a block of text that many
/// records share (`TextStore`), so that reading a lead allocates nothing of its own; 16 bytes
/// (the block is behind a thin pointer).
#[derive(Clone, Debug, Default)]
pub struct Texts {
    /// The block; `None` only while the store that holds it is still being filled.
    block: Option<Arc<Box<str>>>,
    /// Where the texts start in the block.
    at: u32,
    /// The lengths of the id, email, company key and fourth key (empty when absent); all `LONG`
    /// when one is longer than 254 bytes, and then the four lengths are written in the block
    /// before the texts (`LONG_HEADER`).
    lens: [u8; 4],
}

/// `Texts::lens` of texts whose lengths are written in the block.
const LONG: u8 = u8::MAX;

/// The lengths written before long texts: four of five decimal digits (text, as the block is).
const LONG_HEADER: usize = 20;

/// The most bytes one of a record's texts can hold.
pub const MAX_TEXT: usize = u16::MAX as usize;

impl Texts {
    /// The texts of one record in a block of their own (the company key written straight from
    /// `raw_company`; a company key already made passes unchanged).
    pub fn new(
        id: &str,
        email: Option<&str>,
        raw_company: &str,
        fourth: Option<&str>,
    ) -> Result<Texts, TooLong> {
        let mut store = TextStore::default();
        let mut t = store.push(id, email, raw_company, fourth)?;
        t.block = Some(Arc::new(store.text.as_str().into()));
        Ok(t)
    }

    /// Where text `part` lies (0 the id, 1 the email, 2 the company key, 3 the fourth key): its
    /// block, and its start and length there; for lookups that keep the place, not the record.
    pub fn place(&self, part: usize) -> (&str, usize, usize) {
        debug_assert!(
            self.block.is_some(),
            "texts read before their block was sealed"
        );
        let block: &str = self.block.as_deref().map_or("", |b| b);
        let at = self.at as usize;
        if self.lens[0] != LONG {
            let before: usize = self.lens[..part].iter().map(|&n| usize::from(n)).sum();
            return (block, at + before, usize::from(self.lens[part]));
        }
        let len = |i: usize| {
            block
                .get(at + 5 * i..at + 5 * i + 5)
                .and_then(|d| d.parse::<usize>().ok())
                .unwrap_or(0)
        };
        let before: usize = (0..part).map(len).sum();
        (block, at + LONG_HEADER + before, len(part))
    }

    /// Text `part` (see `place`), empty when absent.
    pub fn get(&self, part: usize) -> &str {
        let (block, start, len) = self.place(part);
        block.get(start..start + len).unwrap_or_default()
    }

    /// The id (the first text, never absent).
    pub fn id(&self) -> &str {
        self.get(0)
    }

    /// Text `i + 1` (0: the email, 1: the company key, 2: the fourth key), if not empty.
    pub fn part(&self, i: usize) -> Option<&str> {
        Some(self.get(i + 1)).filter(|t| !t.is_empty())
    }
}

/// A record's text `part` (0 the id, 1 the email, 2 the company key, 3 the fourth key) is `len`
/// bytes long, more than `MAX_TEXT`.
#[derive(Debug, PartialEq, Eq)]
pub struct TooLong {
    pub part: usize,
    pub len: usize,
}

impl TooLong {
    /// What to tell the user, `column` naming where the text came from.
    pub fn describe(&self, column: &str) -> String {
        format!(
            "{column}: {} bytes long, more than baton keeps for an id, email or company ({MAX_TEXT}); a quote is probably not closed",
            self.len
        )
    }
}

/// Where a file's records write their texts while it is read: the texts go into one growing
/// text, which is sealed into a shared block every `BLOCK` bytes and when the file (or piece)
/// is done; every record written since the last seal then gets that block.
#[derive(Debug, Default)]
pub struct TextStore {
    text: String,
}

impl TextStore {
    /// About how much text one block holds.
    pub const BLOCK: usize = 1 << 20;

    /// Writes a record's texts; the result has no block until `seal` gives it one. Refuses a
    /// text longer than `MAX_TEXT` bytes.
    pub fn push(
        &mut self,
        id: &str,
        email: Option<&str>,
        raw_company: &str,
        fourth: Option<&str>,
    ) -> Result<Texts, TooLong> {
        self.push_where(id, email, raw_company, fourth, |_| true)
    }

    /// `push`, keeping the company key only if `keep` says so (else it is absent).
    pub fn push_where(
        &mut self,
        id: &str,
        email: Option<&str>,
        raw_company: &str,
        fourth: Option<&str>,
        keep: impl Fn(&str) -> bool,
    ) -> Result<Texts, TooLong> {
        let (email, fourth) = (email.unwrap_or(""), fourth.unwrap_or(""));
        let at = self.text.len();
        self.text.push_str(id);
        self.text.push_str(email);
        let company_at = self.text.len();
        crate::model::keys::push_company_key(raw_company, &mut self.text);
        // A key too long is refused whether it is kept or not.
        let written = self.text.len() - company_at;
        if written <= MAX_TEXT && !keep(&self.text[company_at..]) {
            self.text.truncate(company_at);
        }
        let company = self.text.len() - company_at;
        self.text.push_str(fourth);
        let lens = [id.len(), email.len(), company, fourth.len()];
        let too_long = lens.iter().position(|&n| n > MAX_TEXT).map(|part| TooLong {
            part,
            len: lens[part],
        });
        // Never reached while blocks are sealed every `BLOCK` bytes; a refusal instead of a wrong
        // offset if they were not.
        let too_far = (self.text.len() > u32::MAX as usize).then_some(TooLong {
            part: 0,
            len: self.text.len(),
        });
        if let Some(e) = too_long.or(too_far) {
            self.text.truncate(at);
            return Err(e);
        }
        let short = lens.map(|n| u8::try_from(n).ok().filter(|&n| n != LONG));
        if let [Some(a), Some(b), Some(c), Some(d)] = short {
            return Ok(Texts {
                block: None,
                at: at as u32,
                lens: [a, b, c, d],
            });
        }
        // A text of 255 bytes or more: the lengths go before the texts, in the block.
        let texts = self.text.split_off(at);
        for n in lens {
            self.text.push_str(&format!("{n:05}"));
        }
        self.text.push_str(&texts);
        Ok(Texts {
            block: None,
            at: at as u32,
            lens: [LONG; 4],
        })
    }

    /// Whether a block's worth of text is waiting to be sealed.
    pub fn is_full(&self) -> bool {
        self.text.len() >= Self::BLOCK
    }

    /// Seals the text written so far into a block and gives it to every one of `texts` that
    /// has none yet.
    pub fn seal<'a>(&mut self, texts: impl Iterator<Item = &'a mut Texts>) {
        if self.text.is_empty() {
            return;
        }
        let block: Arc<Box<str>> = Arc::new(self.text.as_str().into());
        self.text.clear();
        for t in texts.filter(|t| t.block.is_none()) {
            t.block = Some(Arc::clone(&block));
        }
    }
}

/// A person who entered the funnel (40 bytes). Where it came from is its row's number: lead rows
/// are numbered in file order, then line order (`assemble::LeadFiles` gives a row's file), so
/// no line is kept. Its `updated_at`, which only the duplicate rule reads, is kept beside the
/// leads (`Updates`); its `customer_at` is checked as it is read but not kept, as no metric
/// reads it (docs/metrics.md). Its five labels are two pairs (`Labels::of` reads them).
#[derive(Clone, Debug)]
pub struct Lead {
    /// The lead id, email, company key and converted deal ids (see the methods of that name).
    pub text: Texts,
    /// When it was created; none when its export has no creation date (an MQL report): such a
    /// lead counts in the stages it reached, never among the month's new leads.
    pub created_at: When,
    pub mql_at: When,
    pub sql_at: When,
    /// Its channel and campaign, as a pair (`Labels::sources`).
    pub source: Sym,
    /// Its owner and disposition (a pair of its status and disqualification reason), as a pair
    /// (`Labels::standings`).
    pub standing: Sym,
}

/// A lead's labels, as `Labels::of` reads them from its two pairs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeadLabels {
    pub channel: Sym,
    pub campaign: Sym,
    pub owner: Sym,
    /// Its status and disqualification reason (words).
    pub status: Sym,
    pub reason: Sym,
}

impl Lead {
    pub fn lead_id(&self) -> &str {
        self.text.id()
    }

    /// The normalised email.
    pub fn email(&self) -> Option<&str> {
        self.text.part(0)
    }

    /// The company as a join key (`keys::push_company_key`).
    pub fn company(&self) -> Option<&str> {
        self.text.part(1)
    }

    /// The deal ids a CRM says the lead became, as written.
    pub fn converted_opportunity_id(&self) -> Option<&str> {
        self.text.part(2)
    }

    /// Lets go of the emails of `leads` while keeping their other texts, once nothing is to look
    /// an email up (`input::read`): of each email only `@` and its domain stay, when `keep(domain)`
    /// (a domain a deal names, for the account join, which reads no more of it). The texts are
    /// written afresh into shared blocks, as when read, and each old block goes back when its
    /// last lead has moved on. A lead's texts that could not be written again (none can: they
    /// only get shorter) stay as they were.
    pub fn forget_emails(leads: &mut [Lead], keep: impl Fn(&str) -> bool) {
        let mut store = TextStore::default();
        let mut domain = String::new();
        let mut unsealed = 0;
        for i in 0..leads.len() {
            let lead = &leads[i];
            domain.clear();
            if let Some(d) = lead.email().map(keys::email_domain).filter(|d| keep(d)) {
                domain.push('@');
                domain.push_str(d);
            }
            let email = Some(domain.as_str()).filter(|d| !d.is_empty());
            let company = lead.company().unwrap_or("");
            if let Ok(text) = store.push(
                lead.lead_id(),
                email,
                company,
                lead.converted_opportunity_id(),
            ) {
                leads[i].text = text;
            }
            if store.is_full() {
                store.seal(leads[unsealed..=i].iter_mut().map(|l| &mut l.text));
                unsealed = i + 1;
            }
        }
        store.seal(leads[unsealed..].iter_mut().map(|l| &mut l.text));
    }

    /// For tests: a lead with only an id and an email, created at second `created` after 1970,
    /// in no stage and with no labels.
    #[cfg(test)]
    pub fn bare(id: &str, email: Option<&str>, created: u32) -> Lead {
        Lead {
            text: Texts::new(id, email, "", None).expect("a short text"),
            created_at: When::from(Some(i64::from(created))),
            mql_at: When::NONE,
            sql_at: When::NONE,
            source: 0,
            standing: 0,
        }
    }
}

/// The `updated_at` of lead rows, by row number. Rows are kept from the first that has one
/// on, so a lead file without the column costs nothing; rows past the end have none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Updates(Vec<When>);

impl Updates {
    /// Row `row`'s `updated_at` (none is not written down).
    pub fn set(&mut self, row: usize, t: When) {
        if t == When::NONE {
            return;
        }
        if self.0.len() <= row {
            self.0.resize(row + 1, When::NONE);
        }
        self.0[row] = t;
    }

    pub fn get(&self, row: usize) -> When {
        self.0.get(row).copied().unwrap_or(When::NONE)
    }

    /// Adds the rows of `other` after the first `rows` of these.
    pub fn append(&mut self, rows: usize, other: Updates) {
        if other.0.is_empty() {
            return;
        }
        self.0.resize(rows, When::NONE);
        self.0.extend(other.0);
    }
}

/// A deal that sales works.
#[derive(Clone, Debug)]
pub struct Opportunity {
    pub origin: Origin,
    /// The deal id, email, company key and website domain (see the methods of that name).
    pub text: Texts,
    /// When it was created; none when its export has no creation date (a bookings report),
    /// when it counts at its close only.
    pub created_at: When,
    pub close_date: Option<NaiveDate>,
    pub stage: Sym,
    pub is_closed: bool,
    pub is_won: bool,
    pub amount: Money,
    pub currency: Option<Currency>,
    pub owner: Sym,
    pub channel: Sym,
    pub campaign: Sym,
    pub updated_at: When,
    /// The first of the lead id numbers (`leadkeys`) of the ids in its `lead_id` field that some
    /// lead row carries (`NO_ROW`: none), and the others, which are rare (a field listing several
    /// ids): in the deal, not a list of its own (no allocation a deal). Read with `lead_keys()`.
    pub(crate) first_key: u32,
    // A boxed `Vec` on purpose: 8 bytes in every deal where a `Vec` or a boxed slice takes 16.
    #[allow(clippy::box_collection)]
    pub(crate) more_keys: Option<Box<Vec<u32>>>,
    /// The first lead row with the deal's email (`NO_ROW`: none; read it with `email_row()`).
    pub(crate) email_row: u32,
}

/// `Opportunity::email_row` of a deal whose email no lead carries (lead rows are numbered below
/// it: a row number is a `u32` index into the leads).
pub(crate) const NO_ROW: u32 = u32::MAX;

impl Opportunity {
    /// When it became a deal: its creation, else (an export without one) the start of its
    /// close date in UTC, else never.
    pub fn dated_at(&self) -> Instant {
        self.created_at
            .get()
            .or_else(|| {
                self.close_date
                    .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp())
            })
            .unwrap_or(Instant::MAX)
    }

    /// The first lead row with the deal's email, if some lead has it.
    pub fn email_row(&self) -> Option<u32> {
        (self.email_row != NO_ROW).then_some(self.email_row)
    }

    /// Notes the first lead row with the deal's email.
    pub fn set_email_row(&mut self, row: Option<u32>) {
        self.email_row = row.filter(|&r| r != NO_ROW).unwrap_or(NO_ROW);
    }

    /// The lead id numbers of the ids in its `lead_id` field that some lead row carries.
    pub fn lead_keys(&self) -> impl Iterator<Item = u32> + '_ {
        let first = (self.first_key != NO_ROW).then_some(self.first_key);
        first
            .into_iter()
            .chain(self.more_keys.iter().flat_map(|r| r.iter().copied()))
    }

    /// Notes the lead id numbers of its ids.
    pub fn set_lead_keys(&mut self, mut keys: impl Iterator<Item = u32>) {
        self.first_key = keys.next().unwrap_or(NO_ROW);
        let more: Vec<u32> = keys.collect();
        self.more_keys = (!more.is_empty()).then(|| Box::new(more));
    }

    pub fn opportunity_id(&self) -> &str {
        self.text.id()
    }

    /// The normalised email.
    pub fn email(&self) -> Option<&str> {
        self.text.part(0)
    }

    /// The company as a join key (`keys::push_company_key`).
    pub fn company(&self) -> Option<&str> {
        self.text.part(1)
    }

    /// The website as a join key (`keys::domain_key`).
    pub fn domain(&self) -> Option<&str> {
        self.text.part(2)
    }
}

/// Money that marketing spent on one day.
#[derive(Clone, Debug)]
pub struct Spend {
    pub origin: Origin,
    pub date: NaiveDate,
    pub channel: Sym,
    pub campaign: Sym,
    pub cost: Money,
    pub currency: Option<Currency>,
    pub impressions: Option<u64>,
    pub clicks: Option<u64>,
    /// The conversions the ad platform claims for the day, in hundredths (Google counts
    /// fractions: `12.50` is 1250); `None` where the export has no such column.
    pub conversions: Option<u32>,
}

/// Which team made a touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Team {
    Marketing,
    Sales,
}

/// One contact between the company and a person, with the lead it names found while it was
/// read (the lead files are read first; see `leadkeys`), so that no id or email is kept; 12 bytes.
/// Its kind is read (and must be readable) but not kept: no metric uses it.
#[derive(Clone, Copy, Debug)]
pub struct Touch {
    pub at: Stamp,
    /// An id number of `leadkeys::KeyRows`, or (when `tags.by_email()`) the first lead row with
    /// the email.
    pub lead: u32,
    pub tags: TouchTags,
}

/// A touch after the join: when, which lead (its index among the leads), which team and
/// campaign (12 bytes; the ids and emails used to find the lead are dropped).
#[derive(Clone, Copy, Debug)]
pub struct LeadTouch {
    pub at: Stamp,
    pub lead: u32,
    pub tags: TouchTags,
}

/// A touch's team, campaign and whether its lead was found by email, in 32 bits: the team in the
/// top bit, how the lead was found in the next, the campaign below.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TouchTags(u32);

const SALES: u32 = 1 << 31;
const BY_EMAIL: u32 = 1 << 30;

/// The highest campaign number a touch can carry: over a billion, more campaigns than any
/// machine could hold the names of.
pub const MAX_TOUCH_CAMPAIGN: Sym = BY_EMAIL - 1;

impl TouchTags {
    /// The tags, or `None` for a campaign number above `MAX_TOUCH_CAMPAIGN`.
    pub fn new(team: Team, campaign: Sym, by_email: bool) -> Option<TouchTags> {
        (campaign <= MAX_TOUCH_CAMPAIGN).then(|| {
            let team = if team == Team::Sales { SALES } else { 0 };
            TouchTags(team | if by_email { BY_EMAIL } else { 0 } | campaign)
        })
    }

    pub fn team(self) -> Team {
        if self.0 & SALES != 0 {
            Team::Sales
        } else {
            Team::Marketing
        }
    }

    pub fn campaign(self) -> Sym {
        self.0 & MAX_TOUCH_CAMPAIGN
    }

    pub fn by_email(self) -> bool {
        self.0 & BY_EMAIL != 0
    }

    /// The same tags with campaign `c` (a campaign renumbered when labels are merged, which never
    /// gives more numbers than were read).
    pub fn with_campaign(self, c: Sym) -> TouchTags {
        TouchTags((self.0 & !MAX_TOUCH_CAMPAIGN) | (c & MAX_TOUCH_CAMPAIGN))
    }
}

/// Interned labels, one table per kind so that a campaign and an owner never share a name.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    pub channels: Interner,
    pub campaigns: Interner,
    pub owners: Interner,
    /// Stages, statuses and disqualification reasons.
    pub words: Interner,
    /// Leads' (status, disqualification reason) pairs of words.
    pub dispositions: crate::base::intern::Pairs,
    /// Leads' (channel, campaign) pairs.
    pub sources: crate::base::intern::Pairs,
    /// Leads' (owner, disposition) pairs.
    pub standings: crate::base::intern::Pairs,
    /// Raw source values already mapped, so that a file's rows skip the mapping.
    channel_cache: crate::base::intern::TextMap<Sym>,
    campaign_cache: crate::base::intern::TextMap<Sym>,
}

/// A batch's records, lent to `Labels::take_in` to be renumbered.
pub struct Records<'a> {
    pub leads: &'a mut [Lead],
    pub opportunities: &'a mut [Opportunity],
    pub spend: &'a mut [Spend],
    pub touches: &'a mut [Touch],
}

/// Maps one file's label syms onto the run's labels.
struct LabelMap {
    channels: Vec<Sym>,
    campaigns: Vec<Sym>,
    owners: Vec<Sym>,
    words: Vec<Sym>,
    sources: Vec<Sym>,
    standings: Vec<Sym>,
}

impl Labels {
    /// The channel of a raw source value, mapped through `map` once per distinct value.
    pub fn channel(&mut self, raw: &str, map: &crate::model::channel::ChannelMap) -> Sym {
        if let Some(s) = self.channel_cache.get(raw) {
            return s;
        }
        let s = self.channels.intern(&map.channel(raw));
        self.channel_cache.insert(raw, s);
        s
    }

    /// The campaign of a raw value, normalised once per distinct value.
    pub fn campaign(&mut self, raw: &str) -> Sym {
        if let Some(s) = self.campaign_cache.get(raw) {
            return s;
        }
        let s = self.campaigns.intern_campaign(raw);
        self.campaign_cache.insert(raw, s);
        s
    }

    /// A lead's labels.
    pub fn of(&self, l: &impl LabelPairs) -> LeadLabels {
        let (source, standing) = l.pairs();
        let (channel, campaign) = self.sources.get(source);
        let (owner, disposition) = self.standings.get(standing);
        let (status, reason) = self.dispositions.get(disposition);
        LeadLabels {
            channel,
            campaign,
            owner,
            status,
            reason,
        }
    }

    /// A lead's channel and campaign.
    pub fn source_of(&self, l: &impl LabelPairs) -> (Sym, Sym) {
        self.sources.get(l.pairs().0)
    }

    /// Gives lead `l` the labels `to`.
    pub fn set(&mut self, l: &mut Lead, to: LeadLabels) {
        let disposition = self.dispositions.intern((to.status, to.reason));
        l.source = self.sources.intern((to.channel, to.campaign));
        l.standing = self.standings.intern((to.owner, disposition));
    }

    /// Merges a batch's labels into these and renumbers the batch's records to match: the one
    /// merge of record batches, for a file's pieces (`input::chunk`) and for the files
    /// (`funnel::assemble`), which then append the records as each needs.
    pub fn take_in(&mut self, labels: &Labels, records: Records<'_>) {
        let map = self.absorb(labels);
        if map.is_identity() {
            return;
        }
        records.leads.iter_mut().for_each(|l| map.lead(l));
        records
            .opportunities
            .iter_mut()
            .for_each(|o| map.opportunity(o));
        records.spend.iter_mut().for_each(|s| map.spend(s));
        records.touches.iter_mut().for_each(|t| map.touch(t));
    }

    /// Merges `other` into `self` and returns the table that rewrites its syms.
    fn absorb(&mut self, other: &Labels) -> LabelMap {
        let words = self.words.absorb(&other.words);
        let channels = self.channels.absorb(&other.channels);
        let campaigns = self.campaigns.absorb(&other.campaigns);
        let owners = self.owners.absorb(&other.owners);
        let dispositions = self
            .dispositions
            .absorb(&other.dispositions, &words, &words);
        LabelMap {
            sources: self.sources.absorb(&other.sources, &channels, &campaigns),
            standings: self
                .standings
                .absorb(&other.standings, &owners, &dispositions),
            channels,
            campaigns,
            owners,
            words,
        }
    }
}

impl LabelMap {
    /// Whether every label keeps its number (the first file's, absorbed into none yet): its
    /// records need no rewriting.
    fn is_identity(&self) -> bool {
        [
            &self.channels,
            &self.campaigns,
            &self.owners,
            &self.words,
            &self.sources,
            &self.standings,
        ]
        .iter()
        .all(|m| m.iter().enumerate().all(|(i, &s)| s as usize == i))
    }

    fn lead(&self, l: &mut Lead) {
        l.source = self.sources[l.source as usize];
        l.standing = self.standings[l.standing as usize];
    }

    fn opportunity(&self, o: &mut Opportunity) {
        o.channel = self.channels[o.channel as usize];
        o.campaign = self.campaigns[o.campaign as usize];
        o.owner = self.owners[o.owner as usize];
        o.stage = self.words[o.stage as usize];
    }

    fn spend(&self, s: &mut Spend) {
        s.channel = self.channels[s.channel as usize];
        s.campaign = self.campaigns[s.campaign as usize];
    }

    fn touch(&self, t: &mut Touch) {
        t.tags = t
            .tags
            .with_campaign(self.campaigns[t.tags.campaign() as usize]);
    }
}

#[cfg(test)]
mod tests;
