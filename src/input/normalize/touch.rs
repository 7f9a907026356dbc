//! A touch row: an email, call, meeting or ad click of a team, tied to its lead as it is read.

use crate::base::datetime::{self};
use crate::input::formats::Field;
use crate::input::lookahead::LastLead;
use crate::input::normalize::*;
use crate::model::keys;
use crate::model::{Labels, Team, Touch, TouchTags};

/// A touch row. `team` is `marketing` or `sales`. Its lead is found by `lead_id`, else by
/// email, among the leads of `ctx`; a touch that names no lead is refused and counted in
/// `unmatched`.
pub fn touch(
    row: &Row,
    ctx: &RowContext,
    labels: &mut Labels,
    unmatched: &mut u64,
    last: &mut LastLead,
) -> Result<Touch, String> {
    let lead_id = row.text(Field::LeadId)?;
    let email_text = row.text(Field::Email)?;
    // Normalised only when it is needed: a touch found by its id never reads its email.
    let email = || keys::email_key(email_text);
    // Without an id, the email is the key: normalised once, here.
    let key_email = if lead_id.is_empty() { email() } else { None };
    if lead_id.is_empty() && key_email.is_none() {
        return Err(
            "has neither a lead_id nor a valid email, so it cannot be matched to a lead"
                .to_string(),
        );
    }
    let team_text = row.text(Field::Team)?;
    let team = match team_text {
        t if t.eq_ignore_ascii_case("marketing") => Team::Marketing,
        t if t.eq_ignore_ascii_case("sales") => Team::Sales,
        _ => {
            return Err(format!(
                "{}: {} must be marketing or sales",
                row.column(Field::Team),
                row.quote(Field::Team, team_text)
            ));
        }
    };
    let instant = row.required_instant(Field::At, ctx.tz)?;
    let at = datetime::Stamp::new(instant).ok_or_else(|| {
        format!(
            "{}: {} is outside the years a touch can have (1970 to 2106); correct the date",
            row.column(Field::At),
            chrono::DateTime::from_timestamp(instant, 0).map_or(instant.to_string(), |t| t
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string())
        )
    })?;
    // The kind is not kept (no metric uses it), but a touch whose kind cannot be read is refused.
    row.text(Field::Kind)?;
    let campaign = labels.campaign(row.text(Field::Campaign)?);
    let found = ctx.leads.and_then(|keys| {
        let by_id = (!lead_id.is_empty())
            .then(|| last.find(lead_id, || keys.id(lead_id)))
            .flatten();
        by_id.map(|k| (k, false)).or_else(|| {
            let later;
            let e: &str = match key_email.as_deref() {
                Some(e) => e,
                None => {
                    later = email()?;
                    &later
                }
            };
            last.find_email(e, || keys.email(e)).map(|r| (r, true))
        })
    });
    let Some((lead, by_email)) = found else {
        *unmatched += 1;
        let email = email();
        let named: Vec<String> = [
            (!lead_id.is_empty()).then_some((Field::LeadId, lead_id)),
            email.as_deref().map(|e| (Field::Email, e)),
        ]
        .into_iter()
        .flatten()
        .map(|(f, v)| format!("{} {}", row.column(f), row.quote(f, v)))
        .collect();
        return Err(format!(
            "touch matches no lead: no lead file has {}; add the export that holds this lead, or correct the touch",
            named.join(" or ")
        ));
    };
    let tags = TouchTags::new(team, campaign, by_email).ok_or_else(|| {
        format!(
            "{}: more campaigns than baton can number",
            row.column(Field::Campaign)
        )
    })?;
    Ok(Touch { at, lead, tags })
}
