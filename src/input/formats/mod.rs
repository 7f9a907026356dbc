//! Formats: source profiles, a header signature that says which entity a file holds, where each field is,
//! and how its values are written. A profile is the unit a new export format adds (see
//! `builtin.rs` for the vendors baton knows, and `[[source]]` in `baton.toml` for the rest).

pub(crate) mod builtin;
pub(crate) mod custom;
pub(crate) mod glob;
mod key;
pub(crate) mod locale;
pub(crate) mod meaning;
mod range_end;
pub(crate) mod set;
pub(crate) mod sfid;
pub(crate) mod suggest;
pub(crate) mod vendor;
pub(crate) mod view;
pub(crate) mod zoho;

pub use key::header_key;

use crate::base::datetime::DateOrder;
use crate::base::money::Currency;
use crate::model::Entity;
pub use crate::model::keys::stage_key;

/// Declares the fields once: the enum, the list of all of them, and their canonical names.
macro_rules! fields {
    ($($variant:ident => $name:literal),* $(,)?) => {
        /// Every canonical field (docs/input-format.md), plus `updated_at`, `website`,
        /// `converted_opportunity_id` and `outcome` (open/won/lost), which joins and rules use,
        /// and a person's names, which identify a lead row that has no id or email.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Field {
            $($variant),*
        }

        /// Every field, in declaration order.
        pub const ALL_FIELDS: [Field; FIELD_COUNT] = [$(Field::$variant),*];

        impl Field {
            /// The canonical column name.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Field::$variant => $name),*
                }
            }
        }
    };
}

fields! {
    LeadId => "lead_id",
    Email => "email",
    Company => "company",
    CreatedAt => "created_at",
    Channel => "channel",
    Campaign => "campaign",
    Owner => "owner",
    MqlAt => "mql_at",
    SqlAt => "sql_at",
    CustomerAt => "customer_at",
    Status => "status",
    DisqualifiedReason => "disqualified_reason",
    ConvertedOpportunityId => "converted_opportunity_id",
    UpdatedAt => "updated_at",
    OpportunityId => "opportunity_id",
    CloseDate => "close_date",
    Stage => "stage",
    Outcome => "outcome",
    IsClosed => "is_closed",
    IsWon => "is_won",
    Amount => "amount",
    Currency => "currency",
    Website => "website",
    FirstName => "first_name",
    LastName => "last_name",
    FullName => "full_name",
    Date => "date",
    DateEnd => "date_end",
    Cost => "cost",
    Impressions => "impressions",
    Clicks => "clicks",
    Conversions => "conversions",
    At => "at",
    Team => "team",
    Kind => "kind",
}

/// How many fields there are.
pub const FIELD_COUNT: usize = Field::Kind as usize + 1;

impl Field {
    /// The field with this canonical name.
    pub fn from_name(name: &str) -> Option<Field> {
        ALL_FIELDS.iter().copied().find(|f| f.name() == name)
    }

    /// Whether values are dates or timestamps.
    pub fn is_temporal(self) -> bool {
        use Field::*;
        matches!(
            self,
            CreatedAt | MqlAt | SqlAt | CustomerAt | UpdatedAt | CloseDate | Date | DateEnd | At
        )
    }
}

/// Where each field sits in a file: one or more columns, the first non-empty one wins.
#[derive(Clone, Debug)]
pub struct ColumnMap {
    columns: Vec<Vec<usize>>,
    /// Each field's columns as one number, read on every row: `NO_COLUMN`, `MANY_COLUMNS`, or
    /// the one column.
    lone: [u16; FIELD_COUNT],
}

/// A field that no column holds, or several do (`ColumnMap::lone`).
pub const NO_COLUMN: u16 = u16::MAX;
pub const MANY_COLUMNS: u16 = u16::MAX - 1;

impl Default for ColumnMap {
    fn default() -> ColumnMap {
        ColumnMap::new()
    }
}

impl ColumnMap {
    fn new() -> ColumnMap {
        ColumnMap {
            columns: vec![Vec::new(); FIELD_COUNT],
            lone: [NO_COLUMN; FIELD_COUNT],
        }
    }

    /// Adds column `i` to `field`'s.
    fn add(&mut self, field: Field, i: usize) {
        let cols = &mut self.columns[field as usize];
        if !cols.contains(&i) {
            cols.push(i);
        }
        self.lone[field as usize] = match cols.as_slice() {
            [one] => u16::try_from(*one)
                .unwrap_or(MANY_COLUMNS)
                .min(MANY_COLUMNS),
            _ => MANY_COLUMNS,
        };
    }

    /// `field`'s column when it has exactly one below `MANY_COLUMNS`, else `NO_COLUMN` or
    /// `MANY_COLUMNS` (then `get` says which).
    #[inline]
    pub fn lone(&self, field: Field) -> u16 {
        self.lone[field as usize]
    }

    pub fn get(&self, field: Field) -> &[usize] {
        self.columns.get(field as usize).map_or(&[], Vec::as_slice)
    }

    pub fn has(&self, field: Field) -> bool {
        !self.get(field).is_empty()
    }

    /// The map of `pairs` (a field and its column), for tests.
    #[cfg(test)]
    pub fn of(pairs: &[(Field, usize)]) -> ColumnMap {
        let mut map = ColumnMap::new();
        for &(field, i) in pairs {
            map.add(field, i);
        }
        map
    }
}

/// Which stage or status values mean what, beyond the built-in rules.
#[derive(Clone, Debug, Default)]
pub struct StageMap {
    pub won: Vec<String>,
    pub lost: Vec<String>,
    pub mql: Vec<String>,
    pub sql: Vec<String>,
}

/// A recognisable kind of export.
#[derive(Clone, Debug)]
pub struct Profile {
    /// Stable id, shown in reports and `metrics.json` as `source`.
    pub id: String,
    pub entity: Entity,
    /// Lead rows of a mailing list's members (a Mailchimp audience): a lead only where no file of
    /// another profile has the person; one whose email another profile's lead carries is a
    /// marketing touch on that lead instead (`funnel::subscribers`).
    pub subscribers: bool,
    /// Header spellings of each field, in order of preference, compared as header keys (case,
    /// spacing, punctuation and accents aside: `header_key`), and through `locale`'s
    /// translations. A spelling ending in `(*)` matches any text in the brackets, which is taken
    /// as the currency (`Amount spent (USD)`).
    pub columns: Vec<(Field, Vec<String>)>,
    /// Fields every file of this profile must have a column (or a constant) for.
    pub required: Vec<Field>,
    /// At least one of these must be present too (empty: no such rule).
    pub any_of: Vec<Field>,
    /// Header cells (compared as `columns` are; `a|b` for alternatives) that must all be present for the profile
    /// to be considered: what tells this export from others with similar columns.
    pub signature: Vec<String>,
    /// The decimal separator its amounts use, when known.
    pub decimal: Option<u8>,
    /// How `A/B/YYYY` dates are read until the values say otherwise.
    pub date_order: DateOrder,
    /// A strftime format tried before the built-in date forms (from `baton.toml`).
    pub date_format: Option<String>,
    /// Timestamps without an offset are UTC rather than the configured zone.
    pub utc: bool,
    /// Values for fields the file lacks (or leaves empty), e.g. the channel of an ad platform.
    pub constants: Vec<(Field, String)>,
    pub stages: StageMap,
    /// Rows whose first cell starts with "Total" are report totals, not data.
    pub total_rows: bool,
    /// A row with no campaign name is the account's total (Meta puts one first), not data.
    pub unnamed_total: bool,
    /// The report's date range is a line before the header (Google Ads' "March 27, 2026 -
    /// April 23, 2026"), and each row covers all of it. The text says where the vendor's export
    /// is broken down by day, for the message when the range is missing or "All time".
    pub range_in_preamble: Option<&'static str>,
    /// Only files whose relative path matches (profiles from `baton.toml`).
    pub glob: Option<crate::input::formats::glob::PathGlob>,
}

impl Profile {
    /// A profile with the canonical column names of `entity` (docs/input-format.md).
    pub fn canonical(id: &str, entity: Entity) -> Profile {
        use Field::*;
        let (fields, required, any_of): (&[Field], &[Field], &[Field]) = match entity {
            Entity::Lead => (
                &[
                    LeadId,
                    Email,
                    Company,
                    CreatedAt,
                    Channel,
                    Campaign,
                    Owner,
                    MqlAt,
                    SqlAt,
                    CustomerAt,
                    Status,
                    DisqualifiedReason,
                    ConvertedOpportunityId,
                    UpdatedAt,
                ],
                &[LeadId, CreatedAt],
                &[],
            ),
            Entity::Opportunity => (
                &[
                    OpportunityId,
                    LeadId,
                    Email,
                    Company,
                    Website,
                    CreatedAt,
                    CloseDate,
                    Stage,
                    Outcome,
                    IsClosed,
                    IsWon,
                    Amount,
                    Currency,
                    Owner,
                    Channel,
                    Campaign,
                    UpdatedAt,
                ],
                &[OpportunityId, CreatedAt],
                &[LeadId, Email, Company, Website],
            ),
            Entity::Spend => (
                &[
                    Date,
                    DateEnd,
                    Channel,
                    Campaign,
                    Cost,
                    Currency,
                    Impressions,
                    Clicks,
                    Conversions,
                ],
                &[Date, Cost],
                &[],
            ),
            Entity::Touch => (
                &[At, LeadId, Email, Team, Kind, Campaign],
                &[At, Team],
                &[LeadId, Email],
            ),
        };
        Profile {
            id: id.to_string(),
            entity,
            subscribers: false,
            columns: fields
                .iter()
                .map(|f| (*f, vec![f.name().to_string()]))
                .collect(),
            required: required.to_vec(),
            any_of: any_of.to_vec(),
            signature: vec![required[0].name().to_string()],
            decimal: Some(b'.'),
            date_order: DateOrder::MonthFirst,
            date_format: None,
            utc: false,
            constants: Vec::new(),
            stages: StageMap::default(),
            total_rows: false,
            unnamed_total: false,
            range_in_preamble: None,
            glob: None,
        }
    }

    /// The constant for `field`, if any.
    pub fn constant(&self, field: Field) -> Option<&str> {
        self.constants
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }
}

/// Whether header key `key` is `spelling` (a key too); a `name (*)` spelling takes any text in
/// the brackets.
fn spelling_matches(spelling: &str, key: &str) -> bool {
    match spelling.strip_suffix("(*)") {
        Some(prefix) => key
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.len() > 2 && rest.starts_with('(') && rest.ends_with(')')),
        None => spelling == key,
    }
}

/// The text in a header cell's last brackets (`Amount spent (USD)`: `USD`), as written.
fn bracketed(cell: &str) -> Option<&str> {
    let open = cell.rfind('(')?;
    let close = cell[open..].find(')')?;
    Some(cell[open + 1..open + close].trim())
}

/// A header cell's keys: its own, and the English names it stands for when it is a localised
/// one (`locale`).
struct CellKey {
    own: String,
    english: Vec<String>,
}

fn cell_keys(header: &[String]) -> Vec<CellKey> {
    header
        .iter()
        .map(|c| {
            let own = header_key(c);
            let english = locale::english(&own);
            CellKey { own, english }
        })
        .collect()
}

impl CellKey {
    /// Whether the cell is `spelling` (a key): `Some(false)` as written, `Some(true)` through
    /// a translation (when `translate`).
    fn is(&self, spelling: &str, translate: bool) -> Option<bool> {
        if spelling_matches(spelling, &self.own) {
            Some(false)
        } else if translate && self.english.iter().any(|e| spelling_matches(spelling, e)) {
            Some(true)
        } else {
            None
        }
    }
}

/// A header matched to a profile.
#[derive(Debug)]
pub struct Matched<'p> {
    pub profile: &'p Profile,
    pub map: ColumnMap,
    /// Header cells no field uses.
    pub ignored: Vec<String>,
    /// The currency named in a header cell (`Amount spent (EUR)`).
    pub header_currency: Option<Currency>,
    /// Header names that appear more than once.
    pub repeated: Vec<String>,
}

impl Matched<'_> {
    /// Whether the file gives `field`: a column of its header, or the profile's constant.
    pub fn gives(&self, field: Field) -> bool {
        self.map.has(field) || self.profile.constant(field).is_some()
    }
}

/// Why a profile does not fit a header.
#[derive(Debug, PartialEq, Eq)]
pub struct Misfit {
    pub profile: String,
    pub missing: Vec<String>,
    /// How many header cells the profile reads: of several misfits, the one that reads the most
    /// is the closest.
    pub reads: usize,
}

/// Tries `profile` on a header's keys, through their translations when `translate`: `None`
/// when its signature is absent, `Err` when the signature is there but required columns are not
/// (or a column that looks like the end of its date range is not read).
fn try_keys<'p>(
    profile: &'p Profile,
    header: &[String],
    cells: &[CellKey],
    translate: bool,
) -> Option<Result<Matched<'p>, Misfit>> {
    let has = |alts: &str| {
        alts.split('|').any(|a| {
            let a = header_key(a);
            cells.iter().any(|c| c.is(&a, translate).is_some())
        })
    };
    if !profile.signature.iter().all(|s| has(s)) {
        return None;
    }
    let mut map = ColumnMap::new();
    let mut used = vec![false; cells.len()];
    let mut header_currency = None;
    let mut translated = false;
    for (field, spellings) in &profile.columns {
        for spelling in spellings {
            let spelling = header_key(spelling);
            for (i, cell) in cells.iter().enumerate() {
                let Some(through) = cell.is(&spelling, translate) else {
                    continue;
                };
                map.add(*field, i);
                used[i] = true;
                translated |= through;
                if spelling.ends_with("(*)") {
                    header_currency =
                        header_currency.or_else(|| bracketed(&header[i]).and_then(Currency::parse));
                }
            }
        }
    }
    let covered = |f: &Field| map.has(*f) || profile.constant(*f).is_some();
    let mut missing: Vec<String> = profile
        .required
        .iter()
        .filter(|f| !covered(f))
        .map(|f| describe(profile, *f))
        .collect();
    if !profile.any_of.is_empty() && !profile.any_of.iter().any(covered) {
        let names: Vec<String> = profile
            .any_of
            .iter()
            .map(|f| describe(profile, *f))
            .collect();
        missing.push(format!("one of {}", names.join(", ")));
    }
    let keys: Vec<&str> = cells.iter().map(|c| c.own.as_str()).collect();
    if missing.is_empty()
        && let Some(end) = range_end::unread(profile, header, &keys, &map, &used)
    {
        missing.push(end);
    }
    if !missing.is_empty() {
        return Some(Err(Misfit {
            profile: profile.id.clone(),
            missing,
            reads: used.iter().filter(|u| **u).count(),
        }));
    }
    let ignored = header
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(h, _)| h.clone())
        .collect();
    let mut repeated: Vec<String> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        if !k.is_empty() && keys[..i].contains(k) && !repeated.iter().any(|r| header_key(r) == *k) {
            repeated.push(header[i].trim().to_string());
        }
    }
    Some(Ok(Matched {
        // A header known through translations is German, French, Spanish or Portuguese.
        profile: if translated {
            locale::day_first(profile)
        } else {
            profile
        },
        map,
        ignored,
        header_currency,
        repeated,
    }))
}

/// How a field is spelled in a profile's files, for messages.
fn describe(profile: &Profile, field: Field) -> String {
    profile
        .columns
        .iter()
        .find(|(f, _)| *f == field)
        .and_then(|(_, s)| s.first())
        .map_or_else(
            || field.name().to_string(),
            |s| format!("{:?}", s.replace("(*)", "(currency)")),
        )
}

/// The outcome of matching a header against a list of profiles.
#[derive(Debug)]
pub enum Recognition<'p> {
    Matched(Matched<'p>),
    /// No profile fits; the closest misfit (the first of those that read the most cells) says
    /// how to fix the file.
    Unrecognised(Option<Misfit>),
}

/// The first profile in `profiles` that fits `header`. A profile that knows the header as
/// written comes before one that knows it through translations (`meta-ads-fr` before
/// `meta-ads` for a French Meta export).
pub fn recognise<'p>(profiles: &[&'p Profile], header: &[String]) -> Recognition<'p> {
    let cells = cell_keys(header);
    let localised = cells.iter().any(|c| !c.english.is_empty());
    if localised {
        for &p in profiles {
            if let Some(Ok(m)) = try_keys(p, header, &cells, false) {
                return Recognition::Matched(m);
            }
        }
    }
    let mut closest: Option<Misfit> = None;
    for &p in profiles {
        match try_keys(p, header, &cells, localised) {
            Some(Ok(m)) => return prefer_canonical(m, profiles, header, &cells),
            Some(Err(misfit)) if closest.as_ref().is_none_or(|c| misfit.reads > c.reads) => {
                closest = Some(misfit);
            }
            _ => {}
        }
    }
    Recognition::Unrecognised(closest)
}

/// A file in baton's own format whose names a built-in vendor profile also fits (with `_` read
/// as a space, `opportunity_id`, `stage`, `close_date` are Salesforce's `Opportunity ID`, `Stage`,
/// `Close Date`): the canonical profile wins when it reads more of the header, and when it
/// reads more but lacks a column, the file is unrecognised for the canonical reason.
fn prefer_canonical<'p>(
    m: Matched<'p>,
    profiles: &[&'p Profile],
    header: &[String],
    cells: &[CellKey],
) -> Recognition<'p> {
    let built_in = builtin::find(&m.profile.id).is_some_and(|b| std::ptr::eq(b, m.profile));
    if !built_in || m.profile.id.starts_with("canonical-") {
        return Recognition::Matched(m);
    }
    let reads = header.len() - m.ignored.len();
    for p in profiles
        .iter()
        .filter(|p| p.id.starts_with("canonical-") && p.entity == m.profile.entity)
    {
        match try_keys(p, header, cells, false) {
            Some(Ok(c)) if header.len() - c.ignored.len() > reads => {
                return Recognition::Matched(c);
            }
            Some(Err(misfit)) if misfit.reads > reads => {
                return Recognition::Unrecognised(Some(misfit));
            }
            _ => {}
        }
    }
    Recognition::Matched(m)
}

#[cfg(test)]
mod tests;
