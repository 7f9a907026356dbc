//! `baton.toml` as written: one struct per section, with serde's defaults and unknown keys refused.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The file as written. Unknown keys are errors that name the key.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// Shown in the report's header.
    pub company: Option<String>,
    /// IANA zone for timestamps without an offset and for month buckets.
    pub timezone: Option<String>,
    /// The report currency (three letters).
    pub currency: Option<String>,
    /// Units of the report currency per unit of another currency.
    #[serde(default)]
    pub exchange_rates: BTreeMap<String, toml::Value>,
    /// Source value -> channel, on top of the built-in map.
    #[serde(default)]
    pub channels: BTreeMap<String, String>,
    /// Channels whose revenue is not marketing-sourced.
    pub non_marketing_channels: Option<Vec<String>>,
    /// More free-mail domains.
    #[serde(default)]
    pub free_mail_domains: Vec<String>,
    /// Count each CRM record as a lead even when two records of one source share an email.
    #[serde(default)]
    pub count_records: bool,
    /// Files to leave out (globs relative to the input folder).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Profiles for exports baton does not know, or changes to one it knows.
    #[serde(default)]
    pub source: Vec<SourceConfig>,
    /// Speed-to-lead SLA and the dropped-baton window.
    #[serde(default)]
    pub sla: SlaConfig,
    /// Working hours for speed to lead (optional: calendar hours without it).
    pub business_hours: Option<BusinessHoursConfig>,
    /// The over-contact limit.
    #[serde(default)]
    pub contact: ContactConfig,
    /// The attribution lookback.
    #[serde(default)]
    pub attribution: AttributionConfig,
    /// Small-number threshold, fiscal year start, cohort window.
    #[serde(default)]
    pub report: ReportConfig,
    /// Which lead statuses mean rejected or recycled.
    #[serde(default)]
    pub acceptance: AcceptanceConfig,
    /// Monthly targets: `metric = value`, and `[targets."YYYY-MM"]` tables for single months.
    #[serde(default)]
    pub targets: BTreeMap<String, toml::Value>,
    /// A folder of templates that replace the built-in ones file by file (relative to this file).
    pub templates_dir: Option<PathBuf>,
    /// Company look: accent colour and logo.
    #[serde(default)]
    pub branding: BrandingConfig,
    /// List people by email in dropped batons and over-contact, instead of pseudonymous ids.
    #[serde(default)]
    pub show_people: bool,
    /// The key of the people's pseudonyms (hex, 32 digits or more); without it, the key the
    /// output folder keeps.
    pub pseudonym_key: Option<String>,
}

/// `[branding]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandingConfig {
    /// A CSS hex colour, `#1f5fbf` or `#15b`.
    pub accent: Option<String>,
    /// A PNG, JPEG, GIF, WebP or SVG file, embedded in every page (relative to this file).
    pub logo: Option<PathBuf>,
}

/// A `[[source]]` block.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// Shown as the file's source; default the glob's file name without its extension
    /// (`budget/programs.csv` -> `programs`), or `<profile>+config`.
    pub name: Option<String>,
    /// Only files whose path (relative to the input folder) matches; a glob without `/` also
    /// matches the file name in any folder.
    pub glob: Option<String>,
    /// A built-in profile to start from (see docs/sources.md).
    pub profile: Option<String>,
    /// `lead`, `opportunity`, `spend` or `touch`, when not starting from a profile.
    pub entity: Option<String>,
    /// Canonical field -> header name (or a list of names, first non-empty wins).
    #[serde(default)]
    pub columns: BTreeMap<String, OneOrMany>,
    /// Canonical field -> a value for every row (`channel = "Events"`).
    #[serde(default)]
    pub constants: BTreeMap<String, String>,
    /// `day-first` or `month-first`, for dates like 03/04/2024.
    pub date_order: Option<String>,
    /// A strftime format such as `%d/%m/%Y %H:%M`, tried first.
    pub date_format: Option<String>,
    /// `.` or `,`.
    pub decimal: Option<String>,
    /// Timestamps without an offset are UTC, not the configured zone.
    pub utc: Option<bool>,
    /// Rows whose first cell starts with "Total" are report totals.
    pub total_rows: Option<bool>,
    /// Which stage or status values mean won, lost, MQL or SQL.
    #[serde(default)]
    pub stages: StagesConfig,
}

/// A header name, or several.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// `[source.stages]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StagesConfig {
    #[serde(default)]
    pub won: Vec<String>,
    #[serde(default)]
    pub lost: Vec<String>,
    #[serde(default)]
    pub mql: Vec<String>,
    #[serde(default)]
    pub sql: Vec<String>,
}

/// The settings a run uses, validated.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SlaConfig {
    /// Speed-to-lead target in hours.
    pub hours: f64,
    /// An MQL with no sales touch and no SQL this many days after `mql_at` is a dropped baton.
    pub dropped_after_days: i64,
}

impl Default for SlaConfig {
    fn default() -> Self {
        SlaConfig {
            hours: 24.0,
            dropped_after_days: 14,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessHoursConfig {
    /// Working days, `mon` to `sun`.
    #[serde(default = "weekdays")]
    pub days: Vec<String>,
    /// Opening time, `HH:MM`.
    #[serde(default = "nine")]
    pub start: String,
    /// Closing time, `HH:MM`.
    #[serde(default = "five")]
    pub end: String,
    /// The zone the hours are in; default the report's.
    pub timezone: Option<String>,
    /// Closed days, `YYYY-MM-DD`.
    #[serde(default)]
    pub holidays: Vec<String>,
}

fn weekdays() -> Vec<String> {
    ["mon", "tue", "wed", "thu", "fri"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}
fn nine() -> String {
    "09:00".into()
}
fn five() -> String {
    "17:00".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ContactConfig {
    /// More touches than this from both teams in any 7 days is over-contact.
    pub max_touches_per_7_days: u32,
}

impl Default for ContactConfig {
    fn default() -> Self {
        ContactConfig {
            max_touches_per_7_days: 8,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AttributionConfig {
    /// Touches up to this many days before an opportunity's creation get credit.
    pub lookback_days: i64,
}

impl Default for AttributionConfig {
    fn default() -> Self {
        AttributionConfig { lookback_days: 90 }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportConfig {
    /// A rate over fewer events than this is flagged as a small number.
    pub min_events: u64,
    /// The month (1-12) the fiscal year starts in.
    pub fiscal_year_start: u32,
    /// Cohorts younger than this many months are immature.
    pub cohort_window_months: i32,
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            min_events: 20,
            fiscal_year_start: 1,
            cohort_window_months: 3,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AcceptanceConfig {
    /// Lead statuses that mean sales rejected or disqualified the lead.
    pub rejected: Vec<String>,
    /// Lead statuses that mean the lead went back to nurture.
    pub recycled: Vec<String>,
}

impl Default for AcceptanceConfig {
    fn default() -> Self {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect();
        AcceptanceConfig {
            rejected: v(&["disqualified", "unqualified", "rejected", "junk", "bad fit"]),
            recycled: v(&["nurture", "recycled", "recycle", "back to nurture"]),
        }
    }
}
