//! The export formats baton knows: HubSpot, Salesforce, Google Ads, Meta, LinkedIn, Pipedrive,
//! Mailchimp and the canonical format. Each is a `Profile`; `docs/sources.md` lists them.

use crate::base::datetime::DateOrder;
use crate::input::formats::vendor::{vendor, with_constants};
use crate::input::formats::{Field::*, Profile};
use crate::model::Entity;
use std::sync::OnceLock;

fn build() -> Vec<Profile> {
    let mut v = vec![
        vendor(
            "hubspot-deals",
            Entity::Opportunity,
            &["record id", "deal name", "deal stage"],
            &[
                (OpportunityId, &["record id"]),
                (Stage, &["deal stage"]),
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
                ],
            ),
            &[(Channel, "Google Ads")],
        ),
        with_constants(
            vendor(
                "google-ads-report",
                Entity::Spend,
                &["campaign", "cost", "currency code"],
                &[
                    (Campaign, &["campaign"]),
                    (Cost, &["cost"]),
                    (Currency, &["currency code", "currency"]),
                    (Impressions, &["impr.", "impressions"]),
                    (Clicks, &["clicks"]),
                ],
            ),
            &[(Channel, "Google Ads")],
        ),
        with_constants(
            vendor(
                "microsoft-ads-report",
                Entity::Spend,
                &["campaign id", "campaign", "spend", "impr."],
                &[
                    (Campaign, &["campaign"]),
                    (Cost, &["spend"]),
                    (Currency, &["currency code", "currency"]),
                    (Impressions, &["impr.", "impressions"]),
                    (Clicks, &["clicks"]),
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
            "google-ads"
            | "google-ads-report"
            | "microsoft-ads-report"
            | "linkedin-ads"
            | "meta-ads"
            | "meta-ads-fr" => p.total_rows = true,
            _ => {}
        }
        if p.id.starts_with("meta-ads") {
            p.unnamed_total = true;
        }
        match p.id.as_str() {
            "meta-ads-fr" => {
                p.decimal = Some(b',');
                p.date_order = DateOrder::DayFirst;
            }
            "mailchimp-audience" => p.utc = true,
            "google-ads-report" => p.range_in_preamble = Some("Segment > Time > Day"),
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
