//! The export formats baton knows: HubSpot, Salesforce, Google Ads, Meta, LinkedIn, Pipedrive,
//! Mailchimp and the canonical format. Each is a `Profile`; `docs/sources.md` lists them.

use crate::base::datetime::DateOrder;
use crate::input::formats::vendor::{vendor, with_constants};
use crate::input::formats::{Field, Field::*, Profile};
use crate::model::Entity;
use std::sync::OnceLock;

/// Header cells only Google Ads' UI downloads write so (Microsoft's reports say `Spend`, not
/// `Cost`): one of them, beside `Cost`, tells a Google Ads report from another sheet with a cost.
const GOOGLE_MARKS: &str = "impr.|currency code|avg. cpc|avg. cost|cost / conv.|interactions|interaction rate|avg. position|search impr. share|conv. rate";

/// Where a Google Ads report's fields are, at every level. `Cost` only: never `Avg. cost`,
/// `Avg. CPC`, `Cost / conv.` or `Cost (Converted currency)` (a manager account's currency,
/// read when a `[[source]]` maps `cost` to it: docs/sources.md).
const GOOGLE_COLUMNS: &[(Field, &[&str])] = &[
    (Date, &["day", "date"]),
    (Campaign, &["campaign"]),
    (Cost, &["cost"]),
    (Currency, &["currency code", "currency"]),
    (Impressions, &["impr.", "impressions"]),
    (Clicks, &["clicks"]),
    // The platform's own count (fractional: `12.50`); never `Conv. rate`, `Conv. value` or
    // `Conv. (Platform Comparable)`.
    (Conversions, GOOGLE_CONVERSIONS),
];

/// Google Ads' conversions: `Conversions`, else (where that is 0 or absent) `All conv.`.
const GOOGLE_CONVERSIONS: &[&str] = &["conversions", "all conv."];

/// Meta's conversions: its lead columns, else `Results` where the row's `Result Type` (or
/// `Result indicator`, both read as `kind`) names a lead or a conversion
/// (`normalize::spend::claims_conversions`).
const META_CONVERSIONS: &[&str] = &[
    "leads",
    "website leads",
    "on-facebook leads",
    "meta leads",
    "results",
];

/// What a Meta row's `Results` are (`META_CONVERSIONS`).
const META_RESULT_KIND: &[&str] = &["result type", "result indicator"];

/// Every Google Ads row is the channel's; a blank cost, like `--`, is nothing spent.
const GOOGLE_CONSTANTS: &[(Field, &str)] = &[(Channel, "Google Ads"), (Cost, "0")];

/// A Google Ads report below campaign level (search terms, keywords, ads, ad groups), known by
/// one of `level`'s columns (`a|b`). Its `Campaign` column, when it has one, names each row's
/// campaign; without one the rows are the account's (channel Google Ads, no campaign).
fn google(id: &str, level: &str) -> Profile {
    with_constants(
        vendor(
            id,
            Entity::Spend,
            &[level, "cost", GOOGLE_MARKS],
            GOOGLE_COLUMNS,
        ),
        GOOGLE_CONSTANTS,
    )
}

/// What a Google Ads report below campaign level leaves out of its rows (it is only in the
/// report's `Total` rows), for `baton check`; `None` for the campaign reports, which hold the
/// account's whole spend.
pub(crate) fn google_part(id: &str) -> Option<&'static str> {
    let what = match id {
        "google-ads-search-terms" => {
            "a search terms report's rows hold only the terms Google shows: the spend of \"Other search terms\" and of campaigns without search terms (Performance Max, Display, Video) is in its Total rows only"
        }
        "google-ads-keywords" => {
            "a keyword report's rows hold only its keywords' spend: campaigns without keywords (Performance Max, Shopping, Display, Video) are in its Total rows only"
        }
        "google-ads-ads" => {
            "an ad report's rows hold only its ads' spend: campaigns without ads of their own (Performance Max) are in its Total rows only"
        }
        "google-ads-ad-groups" => {
            "an ad group report's rows hold only its ad groups' spend: campaigns without ad groups (Performance Max) are in its Total rows only"
        }
        _ => return None,
    };
    Some(what)
}

fn build() -> Vec<Profile> {
    let mut v = vec![
        vendor(
            "hubspot-deals",
            Entity::Opportunity,
            &["record id", "deal name", "deal stage"],
            &[
                (OpportunityId, &["record id"]),
                (Stage, &["deal stage"]),
                // HubSpot's own flags, where the view has them: a pipeline's custom closed stage
                // ("Closed: abandoned") says nothing by its name.
                (IsClosed, &["is deal closed?", "is closed"]),
                (IsWon, &["is closed won", "is deal closed won?"]),
                (Amount, &["amount", "amount in company currency"]),
                (Currency, &["deal currency code", "currency"]),
                (Owner, &["deal owner"]),
                (CloseDate, &["close date"]),
                (CreatedAt, &["create date"]),
                (
                    Company,
                    &[
                        "associated company",
                        "associated company (primary)",
                        "company name",
                    ],
                ),
                (
                    LeadId,
                    &[
                        "associated contact ids",
                        "associated contact",
                        "associated contacts",
                    ],
                ),
                (Email, &["associated contact email", "contact email"]),
                (
                    Channel,
                    &[
                        "original source type",
                        "original traffic source",
                        "original source",
                    ],
                ),
                (Campaign, &["campaign", "hubspot campaign"]),
                (UpdatedAt, &["last modified date"]),
            ],
        ),
        vendor(
            "hubspot-contacts",
            Entity::Lead,
            &["record id", "email", "create date"],
            &[
                (LeadId, &["record id"]),
                (Email, &["email"]),
                (
                    Company,
                    &[
                        "company name",
                        "associated company",
                        "associated company (primary)",
                    ],
                ),
                (CreatedAt, &["create date"]),
                (
                    Channel,
                    &[
                        "original source",
                        "original traffic source",
                        "latest source",
                    ],
                ),
                (
                    Campaign,
                    &[
                        "original source drill-down 2",
                        "campaign",
                        "hubspot campaign",
                    ],
                ),
                (Owner, &["contact owner", "hubspot owner"]),
                (
                    MqlAt,
                    &[
                        "became a marketing qualified lead date",
                        "date entered \"marketing qualified lead (lifecycle stage pipeline)\"",
                    ],
                ),
                (
                    SqlAt,
                    &[
                        "became a sales qualified lead date",
                        "date entered \"sales qualified lead (lifecycle stage pipeline)\"",
                    ],
                ),
                (CustomerAt, &["became a customer date"]),
                (Status, &["lifecycle stage", "lead status"]),
                (
                    ConvertedOpportunityId,
                    &["associated deal ids", "associated deal", "associated deals"],
                ),
                (UpdatedAt, &["last modified date"]),
            ],
        ),
        vendor(
            "salesforce-report-opportunities",
            Entity::Opportunity,
            &["opportunity id", "stage", "close date"],
            &[
                (OpportunityId, &["opportunity id"]),
                (Company, &["account name"]),
                (Stage, &["stage"]),
                (Amount, &["amount"]),
                (Currency, &["amount currency", "opportunity currency"]),
                (IsWon, &["won"]),
                (IsClosed, &["closed"]),
                (CreatedAt, &["created date"]),
                (CloseDate, &["close date"]),
                (Channel, &["lead source"]),
                (Campaign, &["primary campaign source", "campaign name"]),
                (Owner, &["opportunity owner"]),
                (Email, &["contact: email", "contact email", "email"]),
                (UpdatedAt, &["last modified date"]),
            ],
        ),
        vendor(
            "salesforce-report-leads",
            Entity::Lead,
            &["lead id", "created date"],
            &[
                (LeadId, &["lead id"]),
                (Email, &["email"]),
                (Company, &["company / account", "company"]),
                (CreatedAt, &["created date"]),
                (Channel, &["lead source"]),
                (Campaign, &["campaign name", "primary campaign source"]),
                (Owner, &["lead owner"]),
                (Status, &["lead status"]),
                (
                    ConvertedOpportunityId,
                    &[
                        "converted opportunity id",
                        "converted opportunity: opportunity id",
                    ],
                ),
                (UpdatedAt, &["last modified date"]),
            ],
        ),
        vendor(
            "salesforce-dataloader-opportunities",
            Entity::Opportunity,
            &["id", "stagename", "iswon"],
            &[
                (OpportunityId, &["id"]),
                (Company, &["accountid", "account.name"]),
                (Stage, &["stagename"]),
                (Amount, &["amount"]),
                (Currency, &["currencyisocode"]),
                (IsWon, &["iswon"]),
                (IsClosed, &["isclosed"]),
                (CloseDate, &["closedate"]),
                (CreatedAt, &["createddate"]),
                (Channel, &["leadsource"]),
                (Campaign, &["campaignid"]),
                (Owner, &["ownerid"]),
                (UpdatedAt, &["lastmodifieddate", "systemmodstamp"]),
            ],
        ),
        vendor(
            "salesforce-dataloader-leads",
            Entity::Lead,
            &[
                "id",
                "isconverted|convertedopportunityid|convertedcontactid",
            ],
            &[
                (LeadId, &["id"]),
                (Email, &["email"]),
                (Company, &["company"]),
                (CreatedAt, &["createddate"]),
                (Channel, &["leadsource"]),
                (Status, &["status"]),
                (Owner, &["ownerid"]),
                (ConvertedOpportunityId, &["convertedopportunityid"]),
                (UpdatedAt, &["lastmodifieddate", "systemmodstamp"]),
            ],
        ),
        // Google Ads UI downloads, the most detailed level first: a search terms report also
        // names its keywords and ad groups, a keyword report its ad groups.
        google("google-ads-search-terms", "search term|search terms"),
        google(
            "google-ads-keywords",
            "keyword|search keyword|keyword status|search keyword status|keyword state",
        ),
        google("google-ads-ads", "ad|ad status|ad state|ad type|ad id"),
        google(
            "google-ads-ad-groups",
            "ad group|ad group status|ad group state|ad group id",
        ),
        with_constants(
            vendor(
                "google-ads",
                Entity::Spend,
                &[
                    "campaign",
                    "cost",
                    "day|date",
                    "impr.|campaign id|currency code",
                ],
                &[
                    (Date, &["day", "date"]),
                    (Campaign, &["campaign"]),
                    (Cost, &["cost"]),
                    (Currency, &["currency code", "currency"]),
                    (Impressions, &["impr.", "impressions"]),
                    (Clicks, &["clicks"]),
                    (Conversions, GOOGLE_CONVERSIONS),
                ],
            ),
            GOOGLE_CONSTANTS,
        ),
        with_constants(
            vendor(
                "google-ads-report",
                Entity::Spend,
                &["campaign", "cost", GOOGLE_MARKS],
                GOOGLE_COLUMNS,
            ),
            GOOGLE_CONSTANTS,
        ),
        with_constants(
            vendor(
                "microsoft-ads-report",
                Entity::Spend,
                &["campaign id", "campaign", "spend", "impr."],
                &[
                    // Segmented by day, each row is its day's; else the range of its
                    // `Report Time:` line.
                    (Date, &["time period", "gregorian date", "day", "date"]),
                    (Campaign, &["campaign"]),
                    (Cost, &["spend"]),
                    (Currency, &["currency code", "currency"]),
                    (Impressions, &["impr.", "impressions"]),
                    (Clicks, &["clicks"]),
                    (Conversions, &["conversions", "conv."]),
                ],
            ),
            &[(Channel, "Microsoft Ads")],
        ),
        with_constants(
            vendor(
                "meta-ads",
                Entity::Spend,
                // Known by its range column alone, so that an export without its spend column
                // is refused for that column (not left unrecognised).
                &["reporting starts"],
                &[
                    (Date, &["reporting starts"]),
                    (DateEnd, &["reporting ends"]),
                    (Campaign, &["campaign name"]),
                    (Cost, &["amount spent (*)"]),
                    (Currency, &["currency"]),
                    (Impressions, &["impressions"]),
                    (Clicks, &["link clicks", "clicks (all)"]),
                    (Conversions, META_CONVERSIONS),
                    (Kind, META_RESULT_KIND),
                ],
            ),
            &[(Channel, "Meta Ads")],
        ),
        with_constants(
            vendor(
                "meta-ads-fr",
                Entity::Spend,
                &["début des rapports", "montant dépensé (*)"],
                &[
                    (Date, &["début des rapports"]),
                    (DateEnd, &["fin des rapports"]),
                    (Campaign, &["nom de la campagne"]),
                    (Cost, &["montant dépensé (*)"]),
                    (Currency, &["devise"]),
                    (Impressions, &["impressions"]),
                    (Clicks, &["clics sur un lien", "clics (tous)"]),
                ],
            ),
            &[(Channel, "Meta Ads")],
        ),
        with_constants(
            vendor(
                "linkedin-ads",
                Entity::Spend,
                &["start date (in utc)", "total spent"],
                &[
                    (Date, &["start date (in utc)"]),
                    (Campaign, &["campaign name"]),
                    (Cost, &["total spent"]),
                    (Currency, &["currency"]),
                    (Impressions, &["impressions"]),
                    (Clicks, &["clicks"]),
                    // Lead Gen Form leads, else the conversions its tag counts (Portuguese
                    // `Conversões`).
                    (Conversions, &["leads", "conversions", "conversões"]),
                ],
            ),
            &[(Channel, "LinkedIn Ads")],
        ),
        vendor(
            "pipedrive-deals",
            Entity::Opportunity,
            &["deal - id", "deal - status"],
            &[
                (OpportunityId, &["deal - id"]),
                (Owner, &["deal - owner"]),
                (Amount, &["deal - value"]),
                (Currency, &["deal - currency of value", "deal - currency"]),
                (Stage, &["deal - stage"]),
                (Outcome, &["deal - status"]),
                (
                    CreatedAt,
                    &["deal - deal created", "deal - add time", "deal - created"],
                ),
                (
                    CloseDate,
                    &[
                        "deal - won time",
                        "deal - lost time",
                        "deal - close time",
                        "deal - expected close date",
                    ],
                ),
                (Email, &["person - email", "deal - contact person email"]),
                (Company, &["organization - name", "deal - organization"]),
                (
                    Channel,
                    &[
                        "deal - source",
                        "deal - lead source",
                        "deal - source channel",
                    ],
                ),
                (UpdatedAt, &["deal - update time"]),
            ],
        ),
        // Mailchimp: an audience's members (subscribed, unsubscribed or cleaned; the `Email
        // Address` layout and the older `Email` one) and the campaigns report.
        subscribers(with_constants(
            vendor(
                "mailchimp-audience",
                Entity::Lead,
                &["email address|email", "optin_time"],
                &[
                    (Email, &["email address", "email"]),
                    (CreatedAt, &["optin_time", "confirm_time"]),
                    (LeadId, &["euid", "leid"]),
                    (Company, &["company"]),
                    (UpdatedAt, &["last_changed"]),
                ],
            ),
            &[(Channel, "Email")],
        )),
        with_constants(
            vendor(
                "mailchimp-campaigns",
                Entity::Spend,
                &["title", "send date", "campaign cost"],
                &[
                    (Date, &["send date"]),
                    (Campaign, &["title"]),
                    (Cost, &["campaign cost"]),
                ],
            ),
            &[(Channel, "Email")],
        ),
        Profile::canonical("canonical-opportunities", Entity::Opportunity),
        Profile::canonical("canonical-touches", Entity::Touch),
        Profile::canonical("canonical-spend", Entity::Spend),
        Profile::canonical("canonical-leads", Entity::Lead),
    ];
    // Other vendors' files before the canonical format; reports known by their columns' meaning
    // last, when no exact header fits.
    let canonical = v
        .iter()
        .position(|p| p.id.starts_with("canonical-"))
        .unwrap_or(v.len());
    v.splice(
        canonical..canonical,
        crate::input::formats::zoho::profiles(),
    );
    v.extend(crate::input::formats::meaning::profiles());
    for p in &mut v {
        crate::input::formats::meaning::add_spellings_by_meaning(p);
        match p.id.as_str() {
            "microsoft-ads-report" | "linkedin-ads" | "meta-ads" | "meta-ads-fr" => {
                p.total_rows = true
            }
            _ => {}
        }
        if p.id.starts_with("meta-ads") {
            p.unnamed_total = true;
        }
        if p.id.starts_with("google-ads") {
            p.total_rows = true;
            if p.id != "google-ads" {
                // By day when the report has a `Day` column, else over the range it states.
                p.range_in_preamble = Some("Segment > Time > Day");
            }
        }
        match p.id.as_str() {
            "meta-ads-fr" => {
                p.decimal = Some(b',');
                p.date_order = DateOrder::DayFirst;
            }
            "mailchimp-audience" => p.utc = true,
            "microsoft-ads-report" => p.range_in_preamble = Some("a Time period column, by day"),
            _ => {}
        }
        if p.range_in_preamble.is_some() {
            // No date column: the report's range, before its header, dates every row.
            p.required.retain(|f| *f != Date);
        }
        if !p.id.starts_with("canonical-") {
            // A vendor's lead or deal export without its creation date is still that vendor's
            // (normalize::lead and ::opportunity say what such rows cannot give).
            p.required.retain(|f| *f != CreatedAt);
        }
    }
    v
}

/// A mailing list's members as leads (`Profile::subscribers`): a member without an id is known
/// by the email.
fn subscribers(mut p: Profile) -> Profile {
    p.subscribers = true;
    p.required.retain(|f| *f != LeadId);
    p
}

/// The built-in profiles, most specific first.
pub fn profiles() -> &'static [Profile] {
    static PROFILES: OnceLock<Vec<Profile>> = OnceLock::new();
    PROFILES.get_or_init(build)
}

/// The built-in profile with this id.
pub fn find(id: &str) -> Option<&'static Profile> {
    profiles().iter().find(|p| p.id == id)
}
