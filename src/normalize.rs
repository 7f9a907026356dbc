//! Normalize: turn one CSV row into a canonical record (spec section 2), or a reason to reject it.

use crate::channel::ChannelMap;
use crate::datetime::{self, Instant};
use crate::identity;
use crate::model::{Labels, Lead, Opportunity, Origin, Spend, Team, Touch};
use crate::money::{self, Currency, Money};
use crate::profile::{ColumnMap, Field};
use chrono::NaiveDate;
use chrono_tz::Tz;
use std::collections::BTreeMap;

/// What every row is read with.
pub struct RowContext {
    pub tz: Tz,
    pub channels: ChannelMap,
}

/// Counts of things worth saying about a file that lose no row.
pub type Notes = BTreeMap<String, u64>;

fn note(notes: &mut Notes, text: &str) {
    match notes.get_mut(text) {
        Some(n) => *n += 1,
        None => {
            notes.insert(text.to_string(), 1);
        }
    }
}

/// One record seen through its file's column map.
pub struct Row<'r> {
    record: &'r csv::ByteRecord,
    map: &'r ColumnMap,
    header: &'r [String],
}

/// At most this many characters of a bad value are quoted back in a message.
const QUOTE_LIMIT: usize = 40;

fn quote(value: &str) -> String {
    let mut q: String = value.chars().take(QUOTE_LIMIT).collect();
    if value.chars().count() > QUOTE_LIMIT {
        q.push('…');
    }
    format!("{q:?}")
}

impl<'r> Row<'r> {
    pub fn new(record: &'r csv::ByteRecord, map: &'r ColumnMap, header: &'r [String]) -> Row<'r> {
        Row {
            record,
            map,
            header,
        }
    }

    /// "created_at (column 4)".
    fn column(&self, field: Field) -> String {
        match self.map.get(field) {
            Some(i) => format!(
                "{} (column {})",
                self.header[i].trim_start_matches('\u{feff}').trim(),
                i + 1
            ),
            None => field.name().to_string(),
        }
    }

    /// The trimmed text of `field`; empty when the file has no such column.
    fn text(&self, field: Field) -> Result<&'r str, String> {
        let Some(i) = self.map.get(field) else {
            return Ok("");
        };
        let bytes = self.record.get(i).unwrap_or(b"");
        std::str::from_utf8(bytes).map(str::trim).map_err(|e| {
            format!(
                "{}: not valid UTF-8 at byte {}; save the file as UTF-8",
                self.column(field),
                e.valid_up_to()
            )
        })
    }

    fn boxed(&self, field: Field) -> Result<Option<Box<str>>, String> {
        let t = self.text(field)?;
        Ok((!t.is_empty()).then(|| t.into()))
    }

    fn instant(&self, field: Field, tz: Tz) -> Result<Option<Instant>, String> {
        let t = self.text(field)?;
        if t.is_empty() {
            return Ok(None);
        }
        datetime::parse_instant(t, tz).map(Some).ok_or_else(|| {
            format!(
                "{}: cannot read {} as a date or time; use ISO 8601 such as 2024-03-01 or 2024-03-01T09:30:00Z",
                self.column(field),
                quote(t)
            )
        })
    }

    fn required_instant(&self, field: Field, tz: Tz) -> Result<Instant, String> {
        self.instant(field, tz)?
            .ok_or_else(|| format!("{} is empty", self.column(field)))
    }

    fn date(&self, field: Field, tz: Tz) -> Result<Option<NaiveDate>, String> {
        let t = self.text(field)?;
        if t.is_empty() {
            return Ok(None);
        }
        datetime::parse_date(t, tz).map(Some).ok_or_else(|| {
            format!(
                "{}: cannot read {} as a date; use ISO 8601 such as 2024-03-01",
                self.column(field),
                quote(t)
            )
        })
    }

    fn money(
        &self,
        field: Field,
        decimal: u8,
    ) -> Result<Option<(Money, Option<Currency>)>, String> {
        let t = self.text(field)?;
        if t.is_empty() {
            return Ok(None);
        }
        money::parse_money(t, Some(decimal))
            .map(Some)
            .map_err(|e| format!("{}: {} {e}", self.column(field), quote(t)))
    }

    fn currency(&self, written: Option<Currency>) -> Result<Option<Currency>, String> {
        let t = self.text(Field::Currency)?;
        if t.is_empty() {
            return Ok(written);
        }
        let c = Currency::parse(t).ok_or_else(|| {
            format!(
                "{}: {} is not a currency code such as USD",
                self.column(Field::Currency),
                quote(t)
            )
        })?;
        match written {
            Some(w) if w != c => Err(format!(
                "{}: says {c} but the amount is written in {w}",
                self.column(Field::Currency)
            )),
            _ => Ok(Some(c)),
        }
    }

    fn flag(&self, field: Field) -> Result<Option<bool>, String> {
        let t = self.text(field)?;
        match t.to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "true" | "t" | "yes" | "y" | "1" => Ok(Some(true)),
            "false" | "f" | "no" | "n" | "0" => Ok(Some(false)),
            _ => Err(format!(
                "{}: {} is not true or false",
                self.column(field),
                quote(t)
            )),
        }
    }

    fn count(&self, field: Field) -> Result<Option<u64>, String> {
        let t = self.text(field)?;
        if t.is_empty() || t == "--" {
            return Ok(None);
        }
        let digits: String = t
            .chars()
            .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '\u{202f}' | '\''))
            .collect();
        digits
            .parse::<u64>()
            .map(Some)
            .map_err(|_| format!("{}: {} is not a whole number", self.column(field), quote(t)))
    }
}

/// Reads an email column: absent when empty, absent and noted when not an address.
fn email(row: &Row, notes: &mut Notes) -> Result<Option<Box<str>>, String> {
    let raw = row.text(Field::Email)?;
    let email = identity::normalize_email(raw);
    if email.is_none() && !raw.is_empty() {
        note(
            notes,
            "emails that are not addresses were treated as absent",
        );
    }
    Ok(email)
}

/// A lead row. `lead_id` falls back to the email when empty.
pub fn lead(
    row: &Row,
    ctx: &RowContext,
    labels: &mut Labels,
    notes: &mut Notes,
    origin: Origin,
) -> Result<Lead, String> {
    let email = email(row, notes)?;
    let lead_id: Box<str> = match (row.text(Field::LeadId)?, &email) {
        ("", Some(e)) => {
            note(
                notes,
                "leads without lead_id were identified by their email",
            );
            e.clone()
        }
        ("", None) => {
            return Err(format!(
                "{} is empty and there is no email to identify the lead",
                row.column(Field::LeadId)
            ));
        }
        (id, _) => id.into(),
    };
    let tz = ctx.tz;
    Ok(Lead {
        origin,
        lead_id,
        email,
        company: identity::company_key(row.text(Field::Company)?),
        created_at: row.required_instant(Field::CreatedAt, tz)?,
        channel: labels
            .channels
            .intern(&ctx.channels.channel(row.text(Field::Channel)?)),
        campaign: labels.campaigns.intern_campaign(row.text(Field::Campaign)?),
        owner: labels.owners.intern(row.text(Field::Owner)?),
        mql_at: row.instant(Field::MqlAt, tz)?,
        sql_at: row.instant(Field::SqlAt, tz)?,
        customer_at: row.instant(Field::CustomerAt, tz)?,
        status: labels.words.intern(row.text(Field::Status)?),
        disqualified_reason: labels.words.intern(row.text(Field::DisqualifiedReason)?),
        converted_opportunity_id: row.boxed(Field::ConvertedOpportunityId)?,
        updated_at: row.instant(Field::UpdatedAt, tz)?,
    })
}

/// What a stage name says about a deal: `Some((closed, won))` for won or lost stages.
pub fn stage_outcome(stage: &str) -> Option<(bool, bool)> {
    let key: String = stage
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if key.ends_with("won") {
        Some((true, true))
    } else if key.ends_with("lost") {
        Some((true, false))
    } else {
        None
    }
}

/// An opportunity row. `is_won`/`is_closed`, when empty or absent, follow the stage name
/// (`Closed Won`, `closedwon`, `Won`; `Closed Lost`, `Lost`). A won deal is closed.
pub fn opportunity(
    row: &Row,
    ctx: &RowContext,
    decimal: u8,
    labels: &mut Labels,
    notes: &mut Notes,
    origin: Origin,
) -> Result<Opportunity, String> {
    let opportunity_id = row
        .boxed(Field::OpportunityId)?
        .ok_or_else(|| format!("{} is empty", row.column(Field::OpportunityId)))?;
    let tz = ctx.tz;
    let stage = row.text(Field::Stage)?;
    let from_stage = stage_outcome(stage);
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
    let (amount, written) = match row.money(Field::Amount, decimal)? {
        Some(m) => m,
        None => {
            note(notes, "opportunities without amount were counted as 0");
            (Money::ZERO, None)
        }
    };
    let channel = row.text(Field::Channel)?;
    Ok(Opportunity {
        origin,
        opportunity_id,
        lead_id: row.boxed(Field::LeadId)?,
        email: email(row, notes)?,
        company: identity::company_key(row.text(Field::Company)?),
        domain: identity::domain_key(row.text(Field::Website)?),
        created_at: row.required_instant(Field::CreatedAt, tz)?,
        close_date,
        stage: labels.words.intern(stage),
        is_closed,
        is_won,
        amount,
        currency: row.currency(written)?,
        owner: labels.owners.intern(row.text(Field::Owner)?),
        channel: if channel.is_empty() {
            0
        } else {
            labels.channels.intern(&ctx.channels.channel(channel))
        },
        campaign: labels.campaigns.intern_campaign(row.text(Field::Campaign)?),
        updated_at: row.instant(Field::UpdatedAt, tz)?,
    })
}

/// A spend row.
pub fn spend(
    row: &Row,
    ctx: &RowContext,
    decimal: u8,
    labels: &mut Labels,
    origin: Origin,
) -> Result<Spend, String> {
    let date = row
        .date(Field::Date, ctx.tz)?
        .ok_or_else(|| format!("{} is empty", row.column(Field::Date)))?;
    let (cost, written) = row
        .money(Field::Cost, decimal)?
        .ok_or_else(|| format!("{} is empty", row.column(Field::Cost)))?;
    Ok(Spend {
        origin,
        date,
        channel: labels
            .channels
            .intern(&ctx.channels.channel(row.text(Field::Channel)?)),
        campaign: labels.campaigns.intern_campaign(row.text(Field::Campaign)?),
        cost,
        currency: row.currency(written)?,
        impressions: row.count(Field::Impressions)?,
        clicks: row.count(Field::Clicks)?,
    })
}

/// A touch row. `team` is `marketing` or `sales`.
pub fn touch(
    row: &Row,
    ctx: &RowContext,
    labels: &mut Labels,
    origin: Origin,
) -> Result<Touch, String> {
    let lead_id = row.boxed(Field::LeadId)?;
    let email = identity::normalize_email(row.text(Field::Email)?);
    if lead_id.is_none() && email.is_none() {
        return Err(
            "has neither a lead_id nor a valid email, so it cannot be matched to a lead"
                .to_string(),
        );
    }
    let team_text = row.text(Field::Team)?;
    let team = match team_text.to_ascii_lowercase().as_str() {
        "marketing" => Team::Marketing,
        "sales" => Team::Sales,
        _ => {
            return Err(format!(
                "{}: {} must be marketing or sales",
                row.column(Field::Team),
                quote(team_text)
            ));
        }
    };
    Ok(Touch {
        origin,
        at: row.required_instant(Field::At, ctx.tz)?,
        lead_id,
        email,
        team,
        kind: labels.words.intern(row.text(Field::Kind)?),
        campaign: labels.campaigns.intern_campaign(row.text(Field::Campaign)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{Recognition, recognise};

    fn parse<T>(
        header: &[&str],
        cells: &[&str],
        f: impl Fn(&Row, &mut Labels, &mut Notes) -> Result<T, String>,
    ) -> (Result<T, String>, Notes) {
        let header: Vec<String> = header.iter().map(|s| s.to_string()).collect();
        let Recognition::Matched { map, .. } = recognise(&header) else {
            panic!("header")
        };
        let record = csv::ByteRecord::from(cells.to_vec());
        let row = Row::new(&record, &map, &header);
        let mut labels = Labels::default();
        let mut notes = Notes::new();
        let r = f(&row, &mut labels, &mut notes);
        (r, notes)
    }

    fn ctx() -> RowContext {
        RowContext {
            tz: chrono_tz::UTC,
            channels: ChannelMap::new(&BTreeMap::new()),
        }
    }

    const O: Origin = Origin { file: 0, line: 2 };

    #[test]
    fn lead_rows() {
        let h = ["lead_id", "email", "created_at", "channel"];
        let (l, notes) = parse(
            &h,
            &["", " Ann@X.io ", "2024-01-02", "paid_search"],
            |r, l, n| lead(r, &ctx(), l, n, O),
        );
        let l = l.unwrap();
        assert_eq!(&*l.lead_id, "ann@x.io");
        assert_eq!(notes.len(), 1);
        let (l, _) = parse(&h, &["", "not-an-email", "2024-01-02", ""], |r, l, n| {
            lead(r, &ctx(), l, n, O)
        });
        assert!(l.unwrap_err().contains("lead_id (column 1) is empty"));
        let (l, _) = parse(&h, &["7", "", "02/01/2024", ""], |r, l, n| {
            lead(r, &ctx(), l, n, O)
        });
        let e = l.unwrap_err();
        assert!(
            e.starts_with("created_at (column 3): cannot read \"02/01/2024\""),
            "{e}"
        );
    }

    #[test]
    fn opportunity_outcomes_follow_flags_then_stage() {
        let h = [
            "opportunity_id",
            "lead_id",
            "created_at",
            "close_date",
            "stage",
            "is_won",
            "amount",
        ];
        let run =
            |cells: &[&str]| parse(&h, cells, |r, l, n| opportunity(r, &ctx(), b'.', l, n, O)).0;
        let o = run(&[
            "o1",
            "l1",
            "2024-01-01",
            "2024-02-01",
            "Closed Won",
            "",
            "$1,200.50",
        ])
        .unwrap();
        assert!(o.is_won && o.is_closed);
        assert_eq!(o.amount, Money(12_005_000));
        assert_eq!(o.currency, Currency::parse("USD"));
        let o = run(&[
            "o1",
            "l1",
            "2024-01-01",
            "2024-02-01",
            "closedlost",
            "",
            "10",
        ])
        .unwrap();
        assert!(!o.is_won && o.is_closed);
        let o = run(&["o1", "l1", "2024-01-01", "", "Negotiation", "false", "10"]).unwrap();
        assert!(!o.is_won && !o.is_closed);
        let e = run(&["o1", "l1", "2024-01-01", "", "Won", "", "10"]).unwrap_err();
        assert!(e.contains("close date"), "{e}");
        let e = run(&["o1", "l1", "2024-01-01", "2024-02-01", "x", "maybe", "10"]).unwrap_err();
        assert!(e.contains("is_won (column 6)"), "{e}");
    }

    #[test]
    fn spend_and_touch_rows() {
        let (s, _) = parse(
            &["date", "channel", "cost", "clicks"],
            &["2024-01-05", "google ads", "1.234,50 €", "1,204"],
            |r, l, _| spend(r, &ctx(), b'.', l, O),
        );
        let s = s.unwrap();
        assert_eq!(s.cost, Money(12_345_000));
        assert_eq!(s.clicks, Some(1204));
        let (t, _) = parse(
            &["at", "email", "team"],
            &["2024-01-05T10:00:00Z", "a@b.co", "Sales"],
            |r, l, _| touch(r, &ctx(), l, O),
        );
        assert_eq!(t.unwrap().team, Team::Sales);
        let (t, _) = parse(
            &["at", "email", "team"],
            &["2024-01-05T10:00:00Z", "a@b.co", "support"],
            |r, l, _| touch(r, &ctx(), l, O),
        );
        assert!(t.unwrap_err().contains("must be marketing or sales"));
    }

    #[test]
    fn invalid_utf8_names_the_column() {
        let header: Vec<String> = ["lead_id", "created_at"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let Recognition::Matched { map, .. } = recognise(&header) else {
            panic!()
        };
        let record = csv::ByteRecord::from(vec![&b"a\xffb"[..], b"2024-01-01"]);
        let row = Row::new(&record, &map, &header);
        let e = lead(&row, &ctx(), &mut Labels::default(), &mut Notes::new(), O).unwrap_err();
        assert!(e.contains("lead_id (column 1): not valid UTF-8"), "{e}");
    }
}
