//! Zoho CRM's exports: Leads, Potentials (Deals since 2019) and Campaigns, as its list views and
//! Zoho Analytics write them (`docs/sources.md`).

use crate::input::formats::vendor::vendor;
use crate::input::formats::{Field::*, Profile};
use crate::model::Entity;

pub(crate) fn profiles() -> Vec<Profile> {
    let leads = vendor(
        "zoho-leads",
        Entity::Lead,
        &[
            "leadid|lead id|record id",
            "lead source|lead status",
            "created time",
        ],
        &[
            (LeadId, &["leadid", "lead id", "record id"]),
            (Email, &["email"]),
            (Company, &["company"]),
            (CreatedAt, &["created time"]),
            (Channel, &["lead source"]),
            (Status, &["lead status"]),
            (Owner, &["lead owner"]),
            (UpdatedAt, &["modified time"]),
        ],
    );
    let mut deals = vendor(
        "zoho-deals",
        Entity::Opportunity,
        &["potential name|deal name", "closing date", "stage"],
        &[
            (
                OpportunityId,
                &[
                    "potentialid",
                    "dealid",
                    "record id",
                    "potential id",
                    "deal id",
                ],
            ),
            (CreatedAt, &["created time"]),
            (CloseDate, &["closing date"]),
            (Stage, &["stage"]),
            (Amount, &["amount"]),
            (Currency, &["currency"]),
            (Owner, &["potential owner", "deal owner"]),
            (Channel, &["lead source"]),
            (Campaign, &["campaign source"]),
            (LeadId, &["leadid", "lead id"]),
            (Company, &["account name"]),
            (Email, &["contact email", "email"]),
            (UpdatedAt, &["modified time"]),
        ],
    );
    // Zoho Analytics' Potentials table has no id of its own: each row is a deal.
    deals.required.retain(|f| *f != OpportunityId);
    let mut campaigns = vendor(
        "zoho-campaigns",
        Entity::Spend,
        &["campaign name", "actual cost", "start date"],
        &[
            (Date, &["start date"]),
            (DateEnd, &["end date"]),
            (Cost, &["actual cost"]),
            (Campaign, &["campaign name"]),
            (Channel, &["type"]),
            (Currency, &["currency"]),
        ],
    );
    campaigns.decimal = Some(b'.');
    // Deals first: a Potentials file names its lead (LEADID) and source too.
    vec![deals, leads, campaigns]
}
