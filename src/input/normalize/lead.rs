//! A lead row: its id or email, dates, stage, owner and source.

use crate::base::datetime::When;
use crate::input::formats::Field;
use crate::input::normalize::*;
use crate::model::{Labels, Lead, LeadLabels, Origin, TextStore};

/// A lead row, and its `updated_at`. `lead_id` falls back to the email when empty; in a file
/// with no id column and no email (a report of counts by campaign), each row is a lead of its
/// own. A status listed as MQL or SQL in the config's stage map stands for a missing stage date
/// with the creation date. A file without a creation column gives leads of unknown creation.
pub fn lead(
    row: &Row,
    ctx: &RowContext,
    labels: &mut Labels,
    notes: &mut Notes,
    texts: &mut TextStore,
    origin: Origin,
) -> Result<(Lead, When), String> {
    let mut email = email(row, notes)?;
    let own_id;
    let lead_id: &str = match (row.text(Field::LeadId)?, &email) {
        ("", Some(e)) => {
            note(
                notes,
                "{lead|leads} without an id {was|were} identified by {its|their} email",
            );
            e
        }
        ("", None) if !row.view.map.has(Field::LeadId) && !row.view.map.has(Field::Email) => {
            // A character no export writes keeps it apart from every real id.
            own_id = format!("\u{1}{}:{}", origin.file, origin.line);
            match person_key(row)? {
                Some(person) => {
                    note(
                        notes,
                        "{lead|leads} without an id or email {was|were} identified by name and company (the same name and company in two reports is one person)",
                    );
                    // The person's key stands where an email would: rows with the same one, in
                    // this file or another, are one person (funnel::dedupe).
                    email = Some(Cow::Owned(person));
                }
                None => note(
                    notes,
                    "{row|rows} without an id, an email, or a name and company {was|were each} counted as a lead of {its|their} own (such rows cannot be matched with other files)",
                ),
            }
            &own_id
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
    let created_at = if row.view.map.has(Field::CreatedAt) {
        Some(row.required_instant(Field::CreatedAt, tz)?)
    } else {
        None
    };
    let status = row.text(Field::Status)?;
    let stages = &row.view.profile.stages;
    let mut mql_at = row.instant(Field::MqlAt, tz)?;
    let mut sql_at = row.instant(Field::SqlAt, tz)?;
    if created_at.is_none() {
        note(
            notes,
            if mql_at.is_none() && sql_at.is_none() {
                "{lead|leads} without any date (the export has no creation date) {is|are} in no month's counts; {it attributes|they attribute} the deals {it matches|they match}"
            } else {
                "{lead|leads} without a creation date (the export has none) {counts|count} in the months of {its|their} stages, not among new leads"
            },
        );
    }
    if sql_at.is_none() && created_at.is_some() && row.stage_is(&stages.sql, status) {
        sql_at = created_at;
        note(
            notes,
            "{SQL date|SQL dates} taken from the creation date (status listed as SQL in baton.toml)",
        );
    }
    if mql_at.is_none()
        && created_at.is_some()
        && (row.stage_is(&stages.mql, status)
            || (sql_at.is_some() && row.stage_is(&stages.sql, status) && !stages.mql.is_empty()))
    {
        mql_at = created_at;
        note(
            notes,
            "{MQL date|MQL dates} taken from the creation date (status listed as MQL in baton.toml)",
        );
    }
    // In the order the fields were always read, so that a row with several faults is refused
    // for the same one, and labels are interned up to the same point.
    let channel = labels.channel(row.text(Field::Channel)?, &ctx.channels);
    let campaign = labels.campaign(row.text(Field::Campaign)?);
    let owner = labels
        .owners
        .intern(&privacy::label(row.text(Field::Owner)?, ctx.show_people));
    // Checked like every timestamp, but no metric reads it (docs/metrics.md).
    row.instant(Field::CustomerAt, tz)?;
    let status = labels.words.intern(status);
    let reason = labels.words.intern(row.text(Field::DisqualifiedReason)?);
    let mut lead = Lead {
        text,
        created_at: created_at.into(),
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

/// A person's key from their names and company, when the row has both: lower-case words with
/// single spaces, after a character no email has (so it never matches one, and no account is
/// matched by its "domain").
fn person_key(row: &Row) -> Result<Option<String>, String> {
    let (first, last) = (row.text(Field::FirstName)?, row.text(Field::LastName)?);
    let name = if first.is_empty() && last.is_empty() {
        row.text(Field::FullName)?.to_string()
    } else {
        format!("{first} {last}")
    };
    let mut company = String::new();
    crate::model::keys::push_company_key(row.text(Field::Company)?, &mut company);
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() || company.is_empty() {
        return Ok(None);
    }
    Ok(Some(format!("\u{2}{}|{company}", words.join(" "))))
}
