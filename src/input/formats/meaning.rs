//! Reports known by what their columns mean rather than by a vendor's exact header: a CRM report
//! of leads or deals saved with the columns its author picked (often no record id, no email), and
//! the stage-date columns companies add to any lead export (`MQL Date`, `Became an SQL`).

use crate::input::formats::vendor::vendor;
use crate::input::formats::{Field::*, Profile};
use crate::model::Entity;

/// Header spellings of the date a lead became marketing-qualified.
pub(crate) const MQL_DATES: &[&str] = &[
    "marketing qualified date",
    "marketing qualified lead date",
    "mql date",
    "mql_date",
    "date became mql",
    "date became an mql",
    "became an mql",
    "became mql",
    "became mql date",
    "mql timestamp",
];

/// Header spellings of the date a lead became sales-qualified.
pub(crate) const SQL_DATES: &[&str] = &[
    "sales qualified date",
    "sales qualified lead date",
    "sql date",
    "sql_date",
    "date became sql",
    "date became an sql",
    "became an sql",
    "became sql",
    "became sql date",
    "sql timestamp",
];

/// Header spellings of a lead's or deal's creation.
const CREATED: &[&str] = &[
    "created date",
    "create date",
    "created time",
    "created on",
    "date created",
    "creation date",
    "lead created date",
    "created",
];

/// Columns that say a file is about people in a marketing funnel (besides a stage date).
const LEAD_EVIDENCE: &[&str] = &[
    "utm_medium",
    "utm_source",
    "utm_campaign",
    "lead source",
    "lead status",
    "lead owner",
    "lead id",
    "email",
    "email address",
];

/// Columns that say a file is about deals (besides an amount).
const DEAL_EVIDENCE: &[&str] = &[
    "stage",
    "stage name",
    "close date",
    "closing date",
    "reached pipeline opportunity date",
    "opportunity name",
    "opportunity owner",
    "deal name",
];

/// The profiles: deal reports first (a deal report often has a creation date and a source too).
pub(crate) fn profiles() -> Vec<Profile> {
    let deal_amount = [
        "amount",
        "pipeline amount",
        "closed won bookings amount",
        "bookings amount",
        "booking amount",
        "opportunity amount",
        "deal amount",
        "deal value",
    ];
    let mut deals = vendor(
        "report-opportunities",
        Entity::Opportunity,
        &[&deal_amount.join("|"), &DEAL_EVIDENCE.join("|")],
        &[
            (
                OpportunityId,
                &["opportunity id", "deal id", "record id", "id"],
            ),
            (
                CreatedAt,
                &[
                    "opportunity created date",
                    "reached pipeline opportunity date",
                    "pipeline date",
                    "created date",
                    "create date",
                    "created time",
                    "date created",
                ],
            ),
            (CloseDate, &["close date", "closing date", "closed date"]),
            (Stage, &["stage", "stage name", "deal stage"]),
            (Amount, &deal_amount),
            (
                Currency,
                &[
                    "amount currency",
                    "opportunity currency",
                    "currency",
                    "currencyisocode",
                ],
            ),
            (IsWon, &["won", "is won"]),
            (IsClosed, &["closed", "is closed"]),
            (
                Company,
                &["account name", "company", "company name", "account"],
            ),
            (Email, &["contact email", "email"]),
            (Channel, &["utm_medium", "lead source", "source"]),
            (
                Campaign,
                &["utm_campaign", "primary campaign source", "campaign"],
            ),
            (Owner, &["opportunity owner", "deal owner", "owner"]),
        ],
    );
    // Neither an id nor a creation date is needed: a pipeline or bookings report has rows
    // enough to count (normalize::opportunity says what each lacks).
    deals.required.clear();
    let first_date: Vec<&str> = CREATED
        .iter()
        .chain(MQL_DATES)
        .chain(SQL_DATES)
        .copied()
        .collect();
    let evidence: Vec<&str> = LEAD_EVIDENCE
        .iter()
        .chain(MQL_DATES)
        .chain(SQL_DATES)
        .copied()
        .collect();
    let mut leads = vendor(
        "report-leads",
        Entity::Lead,
        &[&first_date.join("|"), &evidence.join("|")],
        &[
            (LeadId, &["lead id", "contact id", "record id", "id"]),
            (Email, &["email", "email address", "e-mail"]),
            (
                Company,
                &[
                    "company / account",
                    "company",
                    "company name",
                    "account name",
                ],
            ),
            (CreatedAt, CREATED),
            (
                Channel,
                &["utm_medium", "lead source", "original source", "source"],
            ),
            (Campaign, &["utm_campaign", "campaign", "campaign name"]),
            (Owner, &["lead owner", "contact owner", "owner"]),
            (Status, &["lead status", "status"]),
            (MqlAt, MQL_DATES),
            (SqlAt, SQL_DATES),
            (
                ConvertedOpportunityId,
                &[
                    "converted opportunity id",
                    "converted opportunity: opportunity id",
                ],
            ),
        ],
    );
    leads.required.clear();
    // Spend by channel without dates is refused for the date it lacks (with what to export).
    let spend = vendor(
        "report-spend",
        Entity::Spend,
        &["channel|campaign|campaign name", "spend|cost|amount spent"],
        &[
            (Date, &["date", "day", "month"]),
            (Channel, &["channel"]),
            (Campaign, &["campaign", "campaign name"]),
            (Cost, &["spend", "cost", "amount spent"]),
            (Currency, &["currency"]),
        ],
    );
    vec![deals, leads, spend]
}

/// Header spellings of a person's names.
const FIRST_NAMES: &[&str] = &["first name", "firstname", "given name"];
const LAST_NAMES: &[&str] = &["last name", "lastname", "surname", "family name"];
const FULL_NAMES: &[&str] = &["full name", "name", "lead name", "contact name"];

/// Adds the stage-date and name spellings by meaning to a lead profile's own, after them.
pub(crate) fn add_spellings_by_meaning(p: &mut Profile) {
    if p.entity != Entity::Lead {
        return;
    }
    for (field, names) in [
        (MqlAt, MQL_DATES),
        (SqlAt, SQL_DATES),
        (FirstName, FIRST_NAMES),
        (LastName, LAST_NAMES),
        (FullName, FULL_NAMES),
    ] {
        let at = match p.columns.iter().position(|(f, _)| *f == field) {
            Some(at) => at,
            None => {
                p.columns.push((field, Vec::new()));
                p.columns.len() - 1
            }
        };
        let spellings = &mut p.columns[at].1;
        for n in names {
            if !spellings.iter().any(|s| s == n) {
                spellings.push(n.to_string());
            }
        }
    }
}
