//! Tables: each month's tables as CSV files beside its page, safe to open in a spreadsheet.

use crate::analysis::metrics::{MonthMetrics, Numbers};
use crate::report::site::OutputFile;

/// The CSV files written for every month, linked from its page.
pub const FILES: [&str; 4] = [
    "channels.csv",
    "campaigns.csv",
    "owners.csv",
    "attribution.csv",
];

/// Neutralises formula injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return gets a leading `'`, so a spreadsheet shows it as text instead of running it.
pub fn safe_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

use crate::analysis::metrics::NUMBER_KEYS as NUMBER_HEADER;

fn number_cells(n: &Numbers) -> Vec<String> {
    vec![
        n.leads.to_string(),
        opt(n.mqls),
        opt(n.sqls),
        opt(n.opportunities),
        opt(n.pipeline_created),
        opt(n.won),
        opt(n.lost),
        opt(n.revenue_won),
        opt(n.win_rate),
        opt(n.avg_deal_size),
        opt(n.sales_cycle_days_median),
        opt(n.spend),
        opt(n.cost_per_lead),
        opt(n.cost_per_mql),
        opt(n.cac),
        opt(n.roas),
    ]
}

/// Writes rows as CSV text: text cells made safe, numbers as they are.
fn table(header: &[&str], rows: Vec<(Vec<String>, Vec<String>)>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header).expect("in-memory write");
    for (text, numbers) in rows {
        let record: Vec<String> = text.iter().map(|t| safe_cell(t)).chain(numbers).collect();
        w.write_record(&record).expect("in-memory write");
    }
    String::from_utf8(w.into_inner().expect("in-memory write")).expect("CSV of UTF-8 strings")
}

/// The last column of the channel, campaign and owner tables: `win_rate` when the row's win
/// rate is over too few events (flagged in `metrics.json`'s `small_numbers`), else empty.
const SMALL: &str = "small_number";

/// The month's CSV files.
pub fn month_tables(m: &MonthMetrics) -> Vec<OutputFile> {
    let dir = m.period.to_string();
    let with = |first: &[&str]| -> Vec<String> {
        first
            .iter()
            .chain(NUMBER_HEADER.iter())
            .chain([SMALL].iter())
            .map(|s| s.to_string())
            .collect()
    };
    let small = |prefix: String| -> String {
        let key = format!("{prefix}.win_rate");
        match crate::analysis::flags::find(&m.analytics.small_numbers, &key) {
            Some(_) => "win_rate".to_string(),
            None => String::new(),
        }
    };
    let with_small = |mut cells: Vec<String>, prefix: String| {
        cells.push(small(prefix));
        cells
    };
    let channels = table(
        &with(&["channel"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        m.by_channel
            .iter()
            .map(|c| {
                (
                    vec![c.channel.clone()],
                    with_small(
                        number_cells(&c.numbers),
                        format!("by_channel.{}", c.channel),
                    ),
                )
            })
            .collect(),
    );
    let campaigns = table(
        &with(&["channel", "campaign"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        m.by_campaign
            .iter()
            .map(|c| {
                (
                    vec![c.channel.clone(), c.campaign.clone()],
                    with_small(
                        number_cells(&c.numbers),
                        format!("by_campaign.{}.{}", c.channel, c.campaign),
                    ),
                )
            })
            .collect(),
    );
    let owners = table(
        &[
            "owner",
            "opportunities",
            "won",
            "lost",
            "win_rate",
            "revenue_won",
            "mqls",
            "speed_to_lead_median_hours",
            "dropped_batons",
            SMALL,
        ],
        m.analytics
            .owners
            .iter()
            .map(|o| {
                (
                    vec![o.owner.clone()],
                    vec![
                        o.opportunities.to_string(),
                        o.won.to_string(),
                        o.lost.to_string(),
                        opt(o.win_rate),
                        o.revenue_won.to_string(),
                        o.mqls.to_string(),
                        opt(o.speed_to_lead_median_hours),
                        o.dropped_batons.to_string(),
                        small(format!("owners.{}", o.owner)),
                    ],
                )
            })
            .collect(),
    );
    let attribution = table(
        &[
            "model", "channel", "revenue", "pipeline", "won", "spend", "cac", "roas",
        ],
        m.analytics
            .attribution
            .iter()
            .flat_map(|(model, rows)| {
                rows.iter().map(move |r| {
                    (
                        vec![model.to_string(), r.channel.clone()],
                        vec![
                            r.revenue.to_string(),
                            r.pipeline.to_string(),
                            r.won.to_string(),
                            r.spend.to_string(),
                            opt(r.cac),
                            opt(r.roas),
                        ],
                    )
                })
            })
            .collect(),
    );
    [channels, campaigns, owners, attribution]
        .into_iter()
        .zip(FILES)
        .map(|(body, name)| OutputFile {
            rel: format!("{dir}/{name}"),
            body,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for bad in ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1"] {
            assert!(safe_cell(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(safe_cell("Paid Search"), "Paid Search");
        assert_eq!(safe_cell(""), "");
        let t = table(
            &["name", "n"],
            vec![(vec!["=HYPERLINK(\"x\")".into()], vec!["-5".into()])],
        );
        assert_eq!(t, "name,n\r\n\"'=HYPERLINK(\"\"x\"\")\",-5\r\n");
    }
}
