//! Rows: the channel, campaign and cohort tables, and the platform claims beside the CRM.

use crate::analysis::metrics::{MonthMetrics, Numbers};
use crate::base::format::{self, DASH};
use crate::report::context::cells::*;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct TableRow {
    pub(super) name: String,
    pub(super) sub: Option<String>,
    pub(super) cells: Vec<String>,
    /// Beside `cells`: the key of the rate a cell shows, for its small-number mark
    /// (`{{ flag(metric=r.rates[loop.index0]) }}`); empty for rows without rates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) rates: Vec<Option<String>>,
}

pub(super) const CHANNEL_COLUMNS: [&str; 11] = [
    "Leads",
    "MQLs",
    "SQLs",
    "Opps",
    "Pipeline",
    "Won",
    "Revenue",
    "Win rate",
    "Spend",
    "Cost / lead",
    "ROAS",
];

/// The index of the win rate among `number_cells`.
pub(super) const WIN_RATE_CELL: usize = 7;

/// A slice's cells under `CHANNEL_COLUMNS`. Cost per lead is a dash where no spend is
/// recorded (a channel nobody pays for has no cost per lead, rather than one of $0).
pub(super) fn number_cells(n: &Numbers, cur: &str) -> Vec<String> {
    let paid = n.spend.is_some_and(|s| s != 0.0);
    vec![
        format::count(n.leads),
        opt_count(n.mqls),
        opt_count(n.sqls),
        opt_count(n.opportunities),
        opt_money(n.pipeline_created, cur),
        opt_count(n.won),
        opt_money(n.revenue_won, cur),
        opt_pct(n.win_rate),
        opt_money(n.spend, cur),
        if paid {
            opt_money(n.cost_per_lead, cur)
        } else {
            DASH.to_string()
        },
        opt_ratio(n.roas),
    ]
}

/// The rate keys beside `number_cells`: the win rate's, under `prefix`.
pub(super) fn number_rates(prefix: String) -> Vec<Option<String>> {
    let mut rates = vec![None; CHANNEL_COLUMNS.len()];
    rates[WIN_RATE_CELL] = Some(format!("{prefix}.win_rate"));
    rates
}

/// The note under the channel table when some row has no spend recorded.
pub(super) fn no_spend(m: &MonthMetrics) -> bool {
    m.by_channel
        .iter()
        .map(|c| &c.numbers)
        .chain(m.by_campaign.iter().map(|c| &c.numbers))
        .any(|n| !n.spend.is_some_and(|s| s != 0.0))
}

pub(super) fn channel_rows(m: &MonthMetrics, cur: &str) -> Vec<TableRow> {
    let mut rows: Vec<TableRow> = m
        .by_channel
        .iter()
        .map(|c| TableRow {
            name: c.channel.clone(),
            sub: None,
            cells: number_cells(&c.numbers, cur),
            rates: number_rates(format!("by_channel.{}", c.channel)),
        })
        .collect();
    rows.push(TableRow {
        name: "Total".into(),
        sub: None,
        cells: number_cells(&m.totals.numbers, cur),
        rates: number_rates("totals".into()),
    });
    rows
}

pub(super) fn campaign_rows(m: &MonthMetrics, cur: &str) -> Vec<TableRow> {
    m.by_campaign
        .iter()
        .map(|c| TableRow {
            name: c.campaign.clone(),
            sub: Some(c.channel.clone()),
            cells: number_cells(&c.numbers, cur),
            rates: number_rates(format!("by_campaign.{}.{}", c.channel, c.campaign)),
        })
        .collect()
}

/// The ad platforms' claims against the CRM's leads, as the page shows them.
#[derive(Serialize)]
pub(super) struct Claims {
    /// Whether some ad export carries conversions (else the page says that none does).
    available: bool,
    rows: Vec<ClaimRow>,
}

#[derive(Serialize)]
pub(super) struct ClaimRow {
    name: String,
    /// The channel of a campaign's row; `None` on a channel's and the total's.
    channel: Option<String>,
    /// `campaign`, `channel` (a channel's campaigns together) or `total`.
    kind: &'static str,
    claimed: String,
    crm_leads: String,
    gap: String,
    ratio: String,
}

/// Each campaign's claims, each channel's after its campaigns when it has several, and the
/// total when there are several channels.
pub(super) fn claims(m: &MonthMetrics) -> Claims {
    use crate::analysis::claims::ClaimNumbers;
    let pc = &m.analytics.platform_claims;
    let row = |name: String, channel: Option<String>, kind, n: &ClaimNumbers| ClaimRow {
        name,
        channel,
        kind,
        claimed: conversions(n.platform_conversions),
        crm_leads: format::count(n.crm_leads),
        gap: match n.gap {
            g if g > 0.0 => format!("+{}", conversions(g)),
            g if g < 0.0 => format!("−{}", conversions(-g)),
            _ => "0".to_string(),
        },
        ratio: opt_ratio(n.ratio),
    };
    let mut rows = Vec::new();
    for c in &pc.channels {
        for k in &c.campaigns {
            let name = k.campaign.clone().unwrap_or_else(|| "(no campaign)".into());
            rows.push(row(name, Some(c.channel.clone()), "campaign", &k.numbers));
        }
        if c.campaigns.len() > 1 {
            rows.push(row(c.channel.clone(), None, "channel", &c.numbers));
        }
    }
    if let (Some(t), true) = (&pc.total, pc.channels.len() > 1) {
        rows.push(row("Total".into(), None, "total", t));
    }
    Claims {
        available: pc.available,
        rows,
    }
}

/// A count of conversions, to the hundredth where it has one: `1,204`, `12.5`, `0.25`.
pub(super) fn conversions(v: f64) -> String {
    let hundredths = (v * 100.0).round() as u64;
    let whole = format::count(hundredths / 100);
    match hundredths % 100 {
        0 => whole,
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

pub(super) fn cohort_rows(m: &MonthMetrics) -> Vec<TableRow> {
    let row = |name: &str, key: String, c: &crate::analysis::metrics::CohortRates| TableRow {
        name: name.to_string(),
        sub: None,
        cells: vec![
            format::count(c.leads),
            opt_pct(c.mql_rate),
            opt_pct(c.sql_rate),
            opt_pct(c.opportunity_rate),
            opt_pct(c.won_rate),
        ],
        rates: [
            None,
            Some("mql_rate"),
            Some("sql_rate"),
            Some("opportunity_rate"),
            Some("won_rate"),
        ]
        .into_iter()
        .map(|r| r.map(|r| format!("{key}.{r}")))
        .collect(),
    };
    let mut rows: Vec<TableRow> = m
        .cohort_by_channel
        .iter()
        .map(|c| {
            row(
                &c.channel,
                format!("cohort_by_channel.{}", c.channel),
                &c.cohort,
            )
        })
        .collect();
    rows.push(row("All leads", "cohort".into(), &m.cohort));
    rows
}
