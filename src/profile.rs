//! Source profiles: a header signature that says which entity a file holds and where each field is.
//!
//! A profile is the unit a new export format adds: its id, its entity, the header spelling of
//! each canonical field, the fields it cannot do without, and how its values are written.

use crate::model::Entity;

/// Every canonical field of spec section 1 (plus `updated_at`, `website`,
/// `converted_opportunity_id`, which the joins and duplicate rules use when present).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
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
    OpportunityId,
    CloseDate,
    Stage,
    IsClosed,
    IsWon,
    Amount,
    Currency,
    Website,
    Date,
    Cost,
    Impressions,
    Clicks,
    At,
    Team,
    Kind,
}

/// How many fields there are.
pub const FIELD_COUNT: usize = Field::Kind as usize + 1;

impl Field {
    /// The canonical column name.
    pub const fn name(self) -> &'static str {
        use Field::*;
        match self {
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
            IsClosed => "is_closed",
            IsWon => "is_won",
            Amount => "amount",
            Currency => "currency",
            Website => "website",
            Date => "date",
            Cost => "cost",
            Impressions => "impressions",
            Clicks => "clicks",
            At => "at",
            Team => "team",
            Kind => "kind",
        }
    }
}

/// Where each field sits in a file's records.
#[derive(Clone, Debug, Default)]
pub struct ColumnMap {
    columns: [Option<usize>; FIELD_COUNT],
}

impl ColumnMap {
    pub fn get(&self, field: Field) -> Option<usize> {
        self.columns[field as usize]
    }

    pub fn has(&self, field: Field) -> bool {
        self.get(field).is_some()
    }
}

/// A recognisable kind of export.
#[derive(Debug)]
pub struct Profile {
    /// Stable id, shown in reports and `metrics.json` as `source`.
    pub id: &'static str,
    pub entity: Entity,
    /// Header spelling of each field this profile reads.
    pub columns: &'static [(Field, &'static str)],
    /// Fields every file of this profile must have.
    pub required: &'static [Field],
    /// At least one of these must be present too (empty: no such rule).
    pub any_of: &'static [Field],
    /// The decimal separator its amounts use.
    pub decimal: u8,
}

macro_rules! canonical_columns {
    ($($f:ident),* $(,)?) => { &[$((Field::$f, Field::$f.name())),*] };
}

/// The canonical CSV format, one profile per entity (spec section 1).
pub static CANONICAL: &[Profile] = &[
    Profile {
        id: "canonical-opportunities",
        entity: Entity::Opportunity,
        columns: canonical_columns!(
            OpportunityId,
            LeadId,
            Email,
            Company,
            Website,
            CreatedAt,
            CloseDate,
            Stage,
            IsClosed,
            IsWon,
            Amount,
            Currency,
            Owner,
            Channel,
            Campaign,
            UpdatedAt
        ),
        required: &[Field::OpportunityId, Field::CreatedAt],
        any_of: &[Field::LeadId, Field::Email, Field::Company, Field::Website],
        decimal: b'.',
    },
    Profile {
        id: "canonical-touches",
        entity: Entity::Touch,
        columns: canonical_columns!(At, LeadId, Email, Team, Kind, Campaign),
        required: &[Field::At, Field::Team],
        any_of: &[Field::LeadId, Field::Email],
        decimal: b'.',
    },
    Profile {
        id: "canonical-spend",
        entity: Entity::Spend,
        columns: canonical_columns!(Date, Channel, Campaign, Cost, Currency, Impressions, Clicks),
        required: &[Field::Date, Field::Cost],
        any_of: &[],
        decimal: b'.',
    },
    Profile {
        id: "canonical-leads",
        entity: Entity::Lead,
        columns: canonical_columns!(
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
            UpdatedAt
        ),
        required: &[Field::LeadId, Field::CreatedAt],
        any_of: &[],
        decimal: b'.',
    },
];

/// A header cell as a comparison key: BOM, surrounding space and case removed.
pub fn header_key(cell: &str) -> String {
    cell.trim_start_matches('\u{feff}').trim().to_lowercase()
}

/// The outcome of matching a header against the profiles (one per file, so size does not matter).
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Recognition {
    Matched {
        profile: &'static Profile,
        map: ColumnMap,
        /// Header cells no field uses.
        ignored: Vec<String>,
        /// Header cells that repeat a field already mapped (the first one is used).
        repeated: Vec<String>,
    },
    Unrecognised {
        /// The closest profile and the fields it lacks, to say how to fix the file.
        closest: Option<(&'static Profile, Vec<&'static str>)>,
    },
}

/// Finds the first profile whose required fields are all in `header`.
pub fn recognise(header: &[String]) -> Recognition {
    let keys: Vec<String> = header.iter().map(|c| header_key(c)).collect();
    let mut closest: Option<(&'static Profile, Vec<&'static str>, usize)> = None;
    for profile in CANONICAL {
        let mut map = ColumnMap::default();
        let mut repeated = Vec::new();
        let mut ignored = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            match profile
                .columns
                .iter()
                .find(|(_, name)| name.eq_ignore_ascii_case(key))
            {
                Some((field, _)) if map.has(*field) => repeated.push(header[i].clone()),
                Some((field, _)) => map.columns[*field as usize] = Some(i),
                None => ignored.push(header[i].clone()),
            }
        }
        let mut missing: Vec<&'static str> = profile
            .required
            .iter()
            .filter(|f| !map.has(**f))
            .map(|f| f.name())
            .collect();
        if !profile.any_of.is_empty() && !profile.any_of.iter().any(|f| map.has(*f)) {
            missing.push("one of lead_id, email, company or website");
        }
        if missing.is_empty() {
            return Recognition::Matched {
                profile,
                map,
                ignored,
                repeated,
            };
        }
        let found = profile.required.len() - missing.len().min(profile.required.len());
        if found > 0 && closest.as_ref().is_none_or(|c| found > c.2) {
            closest = Some((profile, missing, found));
        }
    }
    Recognition::Unrecognised {
        closest: closest.map(|(p, m, _)| (p, m)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognises_each_canonical_entity() {
        let cases = [
            (
                vec!["lead_id", "email", "created_at", "channel"],
                "canonical-leads",
            ),
            (
                vec!["opportunity_id", "lead_id", "created_at", "amount"],
                "canonical-opportunities",
            ),
            (vec!["date", "channel", "cost"], "canonical-spend"),
            (vec!["at", "email", "team", "kind"], "canonical-touches"),
            (vec!["\u{feff}Lead_ID ", "Created_At"], "canonical-leads"),
        ];
        for (cells, id) in cases {
            match recognise(&header(&cells)) {
                Recognition::Matched { profile, .. } => assert_eq!(profile.id, id, "{cells:?}"),
                other => panic!("{cells:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn maps_columns_and_reports_extras() {
        let Recognition::Matched {
            map,
            ignored,
            repeated,
            ..
        } = recognise(&header(&["x", "created_at", "lead_id", "lead_id"]))
        else {
            panic!("not matched")
        };
        assert_eq!(map.get(Field::LeadId), Some(2));
        assert_eq!(map.get(Field::CreatedAt), Some(1));
        assert_eq!(map.get(Field::Email), None);
        assert_eq!(ignored, vec!["x"]);
        assert_eq!(repeated, vec!["lead_id"]);
    }

    #[test]
    fn says_what_is_missing() {
        match recognise(&header(&["lead_id", "email"])) {
            Recognition::Unrecognised {
                closest: Some((p, missing)),
            } => {
                assert_eq!(p.id, "canonical-leads");
                assert_eq!(missing, vec!["created_at"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            recognise(&header(&["a", "b"])),
            Recognition::Unrecognised { closest: None }
        ));
    }
}
