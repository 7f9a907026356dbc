//! An opportunity row: its stage read as open, won or lost, its amount, dates and lead.

use crate::base::money::Money;
use crate::input::formats::Field;
use crate::input::normalize::*;
use crate::model::keys;
use crate::model::{Labels, NO_ROW, Opportunity, Origin, TextStore, Texts};

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
    let own_id;
    let opportunity_id = match row.text(Field::OpportunityId)? {
        "" if !row.view.map.has(Field::OpportunityId) => {
            note(
                notes,
                "{deal|deals} without an id {was|were each} counted as a deal of {its|their} own (the export has no id column, so the same deal in two files counts twice)",
            );
            // A character no export writes keeps it apart from every real id.
            own_id = format!("\u{1}{}:{}", origin.file, origin.line);
            own_id.as_str()
        }
        "" => return Err(format!("{} is empty", row.column(Field::OpportunityId))),
        id => id,
    };
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
            note(
                notes,
                "{opportunity|opportunities} without amount {was|were} counted as 0",
            );
            (Money::ZERO, None)
        }
    };
    let created_at = if row.view.map.has(Field::CreatedAt) {
        Some(row.required_instant(Field::CreatedAt, tz)?)
    } else if close_date.is_some() {
        note(
            notes,
            "{deal|deals} without a creation date (the export has none) {counts|count} at {its|their} close only, not among new opportunities",
        );
        None
    } else {
        return Err(format!(
            "has no date: the export has no creation date column{}",
            if row.view.map.has(Field::CloseDate) {
                format!(" and {} is empty", row.column(Field::CloseDate))
            } else {
                " and no close date column".to_string()
            }
        ));
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
        created_at: created_at.into(),
        close_date,
        stage: labels.words.intern(stage),
        is_closed,
        is_won,
        amount,
        currency: row.currency(written)?,
        owner: labels
            .owners
            .intern(&privacy::label(row.text(Field::Owner)?, ctx.show_people)),
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

/// Adds the company key and website domain of a deal row to `companies`, as the deal will
/// carry them (`keys::push_company_key` of its company cell, `keys::domain_key` of its
/// website), and notes in `emails` whether it has an email, whatever else the row holds: a
/// row refused later only adds a key no lead needs.
pub fn gather_deal_keys(
    row: &Row,
    companies: &mut rustc_hash::FxHashSet<Box<str>>,
    emails: &mut bool,
) {
    if let Ok(raw) = row.text(Field::Company) {
        let mut key = String::new();
        crate::model::keys::push_company_key(raw, &mut key);
        if !key.is_empty() && !companies.contains(key.as_str()) {
            companies.insert(key.into_boxed_str());
        }
    }
    if let Some(domain) = row.text(Field::Website).ok().and_then(keys::domain_key) {
        companies.insert(domain);
    }
    *emails |= row
        .text(Field::Email)
        .is_ok_and(|e| keys::email_key(e).is_some());
}
