//! Suggest: guess a `[[source]]` block for a file no profile recognises, from its header.

use crate::input::formats::Field;
use std::fmt::Write as _;

/// Words that start a column of counts or rates about a field rather than the field itself
/// ("Leads (e-mail corporativo)", "Emails sent", "# of contacts").
const COUNT_WORDS: &[&str] = &[
    "leads", "contacts", "emails", "e-mails", "#", "number", "count", "total",
];

/// Guesses the field a header cell holds.
fn guess_field(cell: &str, spend_like: bool) -> Option<Field> {
    let k = cell.trim().to_lowercase();
    let has = |w: &str| k.contains(w);
    let counts = COUNT_WORDS.iter().any(|w| k.starts_with(w)) || has("rate") || has("%");
    Some(if (has("email") || has("e-mail")) && !counts {
        Field::Email
    } else if has("mql") {
        Field::MqlAt
    } else if has("sql") {
        Field::SqlAt
    } else if has("close") && (has("date") || has("time")) || has("won_date") || has("won date") {
        Field::CloseDate
    } else if has("opportunit") && has("id") || has("deal") && has("id") {
        Field::OpportunityId
    } else if (has("lead") || has("contact")) && has("id") {
        Field::LeadId
    } else if has("cost") || has("spend") || has("spent") || has("budget") {
        Field::Cost
    } else if has("annual") || has("employees") {
        // A company's size (Salesforce's AnnualRevenue), not a deal's amount.
        return None;
    } else if has("amount") || has("value") || has("revenue") {
        Field::Amount
    } else if has("created") || has("create date") || has("first_contact") || has("signup") {
        Field::CreatedAt
    } else if has("date") || k == "day" || k == "month" {
        if spend_like {
            Field::Date
        } else {
            Field::CreatedAt
        }
    } else if has("stage") {
        Field::Stage
    } else if has("status") {
        Field::Status
    } else if has("source") || has("channel") || has("origin") || has("medium") {
        Field::Channel
    } else if has("campaign") || has("program") {
        Field::Campaign
    } else if has("owner") || has("agent") || k.ends_with("rep") {
        Field::Owner
    } else if has("company") || has("account") || has("organi") {
        Field::Company
    } else if has("impression") {
        Field::Impressions
    } else if has("click") {
        Field::Clicks
    } else {
        return None;
    })
}

/// Whether a header names a budget (a plan) rather than a cost.
fn is_budget(cell: &str) -> bool {
    let k = cell.to_lowercase();
    k.contains("budget") && !(k.contains("cost") || k.contains("spen"))
}

/// Whether a header names planned money: a budget, a plan, a forecast.
fn is_plan(cell: &str) -> bool {
    let k = cell.to_lowercase();
    ["budget", "plan", "forecast", "target"]
        .iter()
        .any(|w| k.contains(w))
}

/// Whether a header is a sheet of money by month and channel or programme: an amount, a plain
/// date or month, no cost column, and nothing of a deal or a person (no id, email, stage,
/// status or close date). Such a sheet (a budget, a plan of programmes) is spend, not deals.
fn is_money_sheet(header: &[String]) -> bool {
    let guessed: Vec<Option<Field>> = header.iter().map(|h| guess_field(h, true)).collect();
    let any = |f: Field| guessed.contains(&Some(f));
    let of_deal_or_person = [
        Field::OpportunityId,
        Field::LeadId,
        Field::Email,
        Field::Stage,
        Field::Status,
        Field::CloseDate,
        Field::MqlAt,
        Field::SqlAt,
        Field::CreatedAt,
    ]
    .into_iter()
    .any(any);
    any(Field::Amount) && any(Field::Date) && !any(Field::Cost) && !of_deal_or_person
}

/// A name for the block of the file `rel`: its file name without the extension.
fn block_name(rel: &str) -> &str {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    file.rsplit_once('.').map_or(file, |(stem, _)| stem)
}

/// `text` as a one-line TOML string: quotes, backslashes and control characters escaped (as
/// are the marks that reorder text on screen), so that it is safe in a terminal too.
pub fn toml_string(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            '\r' => s.push_str("\\r"),
            c if crate::base::excerpt::is_unsafe(c) => {
                let _ = write!(s, "\\u{:04X}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// A glob that matches `rel` and nothing else: each character a glob gives a meaning to is put
/// in a class of its own (`[*]`).
pub fn literal_glob(rel: &str) -> String {
    let mut g = String::with_capacity(rel.len());
    for c in rel.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '{' | '}' | '\\') {
            g.push('[');
            g.push(c);
            g.push(']');
        } else {
            g.push(c);
        }
    }
    g
}

/// A `[[source]]` block for `rel` with `header`, as TOML text, with the guesses marked.
pub fn source_block(rel: &str, header: &[String]) -> String {
    let money_sheet = is_money_sheet(header);
    let spend_like = money_sheet
        || header
            .iter()
            .any(|h| matches!(guess_field(h, true), Some(Field::Cost)));
    let mut fields: Vec<(Field, &str)> = Vec::new();
    for h in header {
        match guess_field(h, spend_like) {
            // What was spent wins over what was planned: `Cost` over a `Budget` before it.
            Some(Field::Cost) if is_budget(h) => {}
            // A money sheet's amount is its spend.
            Some(Field::Amount)
                if money_sheet && !fields.iter().any(|(g, _)| *g == Field::Cost) =>
            {
                fields.push((Field::Cost, h.trim()));
            }
            Some(f) if !fields.iter().any(|(g, _)| *g == f) => fields.push((f, h.trim())),
            _ => {}
        }
    }
    if !fields.iter().any(|(g, _)| *g == Field::Cost)
        && let Some(b) = header.iter().find(|h| is_budget(h))
    {
        // A plan with no spend column: its budget is what it has.
        fields.push((Field::Cost, b.trim()));
    }
    let has = |f: Field| fields.iter().any(|(g, _)| *g == f);
    let entity = if has(Field::Cost) {
        "spend"
    } else if has(Field::OpportunityId)
        || has(Field::Stage)
        || has(Field::CloseDate)
        || has(Field::Amount) && !has(Field::Email) && !has(Field::LeadId)
    {
        "opportunity"
    } else {
        "lead"
    };
    let allowed = crate::input::formats::Profile::canonical(
        "",
        crate::input::formats::custom::entity_named(entity).expect("known entity"),
    );
    fields.retain(|(f, _)| allowed.columns.iter().any(|(g, _)| g == f));
    let has = |f: Field| fields.iter().any(|(g, _)| *g == f);
    let required: &[Field] = match entity {
        "spend" => &[Field::Date, Field::Cost],
        "opportunity" => &[Field::OpportunityId, Field::CreatedAt],
        _ => &[Field::LeadId, Field::CreatedAt],
    };
    let mut out = String::new();
    let cost = fields
        .iter()
        .find(|(g, _)| *g == Field::Cost)
        .map(|(_, h)| *h);
    if let Some(cost) = cost.filter(|_| money_sheet).or(cost.filter(|h| is_plan(h))) {
        out.push_str(&format!(
            "# This reads like a budget sheet ({} by month): baton books it as spend. If its\n# amounts are planned, not spent, leave it out instead: put ignore = [{}] at the top\n# of this file (before any [[source]]) and remove this block.\n",
            crate::base::excerpt::escape(cost),
            toml_string(&literal_glob(rel))
        ));
    }
    out.push_str(&format!(
        "[[source]]\nname = {}  # shown as the files' source\nglob = {}\nentity = {entity:?}  # lead, opportunity, spend or touch: guessed\n",
        toml_string(block_name(rel)),
        toml_string(&literal_glob(rel))
    ));
    out.push_str("# Column mapping guessed from the header: check each line.\n[source.columns]\n");
    for (f, h) in &fields {
        out.push_str(&format!("{} = {}\n", f.name(), toml_string(h)));
    }
    for f in required.iter().filter(|f| !has(**f)) {
        out.push_str(&format!(
            "# {} = \"...\"  # required: which column holds it?\n",
            f.name()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn picks_cost_over_budget_a_lead_file_despite_its_revenue_and_no_count_as_email() {
        // A Google Ads report: Budget comes first, Cost is what was spent.
        let b = source_block(
            "ads.csv",
            &h(&["Campaign", "Budget", "Day", "Cost", "Impr."]),
        );
        assert!(b.contains("cost = \"Cost\""), "{b}");
        assert!(!b.contains("\"Budget\""), "{b}");
        // A Salesforce lead export: AnnualRevenue is the company's, not a deal's amount.
        let b = source_block(
            "leads.csv",
            &h(&["Id", "Email", "Company", "AnnualRevenue", "CreatedDate"]),
        );
        assert!(b.contains("entity = \"lead\""), "{b}");
        assert!(!b.contains("AnnualRevenue"), "{b}");
        // A count of leads is not an email column.
        let b = source_block(
            "campaigns.csv",
            &h(&[
                "Campaign",
                "Leads (e-mail corporativo)",
                "Emails sent",
                "Spend",
                "Date",
            ]),
        );
        assert!(!b.contains("email ="), "{b}");
        assert!(b.contains("cost = \"Spend\""), "{b}");
    }

    #[test]
    fn a_sheet_of_amounts_by_month_is_spend_with_a_note_and_a_name() {
        // The sample's programmes sheet: no deal id, stage, close date or person.
        let b = source_block(
            "budget/programs.csv",
            &h(&["Month", "Program", "Channel", "Amount"]),
        );
        assert!(b.contains("entity = \"spend\""), "{b}");
        assert!(b.contains("cost = \"Amount\""), "{b}");
        assert!(b.contains("date = \"Month\""), "{b}");
        assert!(b.contains("campaign = \"Program\""), "{b}");
        assert!(b.contains("name = \"programs\""), "{b}");
        assert!(b.contains("reads like a budget sheet"), "{b}");
        assert!(b.contains("ignore = [\"budget/programs.csv\"]"), "{b}");
        toml::from_str::<toml::Value>(&b).expect("valid TOML");
        // Deals with an amount stay deals, without the note.
        let b = source_block(
            "deals.csv",
            &h(&["Deal ID", "Amount", "Stage", "Created Date"]),
        );
        assert!(b.contains("entity = \"opportunity\""), "{b}");
        assert!(!b.contains("budget"), "{b}");
        // Spend that was spent carries no note.
        let b = source_block("ads.csv", &h(&["Day", "Campaign", "Cost"]));
        assert!(!b.contains("budget sheet"), "{b}");
    }

    #[test]
    fn guesses_a_budget_sheet() {
        let b = source_block(
            "budget/plan.csv",
            &h(&["Month", "Event", "Budget", "Owner"]),
        );
        assert!(b.contains("glob = \"budget/plan.csv\""));
        assert!(b.contains("entity = \"spend\""));
        assert!(b.contains("date = \"Month\""));
        assert!(b.contains("cost = \"Budget\""));
        assert!(!b.contains("owner"), "spend has no owner field");
        let parsed: toml::Value = toml::from_str(&b).expect("valid TOML");
        assert!(parsed.get("source").is_some());
    }

    #[test]
    fn what_it_writes_is_toml_that_names_the_file_it_came_from() {
        for rel in [
            "a*b?.csv",
            "x[1]{2,3}!.csv",
            "back\\slash.csv",
            "dir/evil\n\u{1b}[31m.csv",
        ] {
            let header = h(&["Lead ID\u{1}", "Created \"at\"\n", "Email"]);
            let b = source_block(rel, &header);
            assert!(
                b.lines()
                    .all(|l| l.starts_with(['[', '#']) || l.contains(" = ")),
                "a value runs onto a line of its own: {b}"
            );
            assert!(!b.contains(['\u{1}', '\u{1b}']), "{b}");
            let parsed: toml::Value = toml::from_str(&b).unwrap_or_else(|e| panic!("{b}\n{e}"));
            let glob = parsed["source"][0]["glob"].as_str().unwrap();
            let g =
                crate::input::formats::glob::PathGlob::new(glob).unwrap_or_else(|e| panic!("{e}"));
            assert!(g.is_match(rel), "{glob} does not match {rel}");
            assert!(!g.is_match("other.csv"));
            let cols = &parsed["source"][0]["columns"];
            assert_eq!(cols["lead_id"].as_str(), Some("Lead ID\u{1}"));
        }
    }

    #[test]
    fn guesses_olist_files() {
        let b = source_block(
            "mql.csv",
            &h(&["mql_id", "first_contact_date", "landing_page_id", "origin"]),
        );
        assert!(b.contains("entity = \"lead\""));
        assert!(b.contains("created_at = \"first_contact_date\""));
        assert!(b.contains("channel = \"origin\""));
        assert!(b.contains("# lead_id = \"...\"  # required"));
    }
}
