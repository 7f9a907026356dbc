//! Quality: the data-quality section, every file's account and the report's currency.

use crate::analysis::metrics::{Metrics, Unavailable};
use crate::base::excerpt;
use crate::base::format::{self};
use crate::model::ledger::FileLedger;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct InputView {
    path: String,
    source: String,
    rows: String,
    used: String,
    duplicates: String,
    same_email: String,
    rejected: String,
    problem: Option<String>,
    header: Option<String>,
    ignored: Option<String>,
    notes: Vec<String>,
}

#[derive(Serialize)]
pub struct Quality {
    inputs: Vec<InputView>,
    totals: InputView,
    /// Whether some file has records sharing an email with another of its source (a column
    /// of its own then).
    same_email: bool,
    /// Sources far behind the others, rows dated in the future (`freshness::warnings`).
    freshness: Vec<String>,
    /// Each source's name and the day its rows run to, for the summary (not shown as such).
    #[serde(skip)]
    pub(super) spans: Vec<(String, chrono::NaiveDate)>,
    rejects: Vec<String>,
    more_rejects: u64,
    joins: Vec<(String, String)>,
    unavailable: Vec<Unavailable>,
    /// The report currency and how it was chosen (`Amounts in EUR: configured.`).
    currency: String,
    /// The rows left out for want of exchange rates, and the rates to add, if any.
    left_out: Option<String>,
}

pub(super) fn input_view(l: &FileLedger) -> InputView {
    InputView {
        path: l.rel.clone(),
        source: l.source.clone(),
        rows: format::count(l.rows),
        used: format::count(l.used()),
        duplicates: format::count(l.duplicates),
        same_email: format::count(l.same_email),
        rejected: format::count(l.rejected),
        problem: l.problem.clone(),
        header: (l.entity.is_none() && !l.header.is_empty()).then(|| excerpt::cells(&l.header)),
        ignored: (!l.ignored_columns.is_empty()).then(|| excerpt::cells(&l.ignored_columns)),
        notes: l
            .warnings
            .iter()
            .chain(&l.facts)
            .cloned()
            .chain(
                l.skipped
                    .iter()
                    .map(|(kind, c)| format!("{} skipped", FileLedger::skipped_phrase(kind, *c))),
            )
            .chain(l.notes.iter().map(|(n, c)| format::agree(*c, n)))
            .collect(),
    }
}

pub fn quality(ledgers: &[FileLedger], metrics: &Metrics, today: chrono::NaiveDate) -> Quality {
    let mut total = FileLedger::new("All files");
    total.source = String::new();
    for l in ledgers {
        total.rows += l.rows;
        total.duplicates += l.duplicates;
        total.same_email += l.same_email;
        total.rejected += l.rejected;
    }
    let mut totals = input_view(&total);
    totals.header = None;
    let rejects: Vec<String> = ledgers
        .iter()
        .flat_map(|l| {
            l.rejects
                .iter()
                .map(move |r| format!("{}:{}: {}", l.rel, r.line, r.reason))
        })
        .take(50)
        .collect();
    let listed = rejects.len() as u64;
    let listable: u64 = ledgers
        .iter()
        .filter(|l| l.entity.is_some())
        .map(|l| l.rejected)
        .sum();
    let j = &metrics.joins;
    Quality {
        inputs: ledgers.iter().map(input_view).collect(),
        same_email: ledgers.iter().any(|l| l.same_email > 0),
        totals,
        freshness: crate::analysis::freshness::warnings(ledgers, today),
        spans: crate::analysis::freshness::sources(ledgers, today)
            .into_iter()
            .filter_map(|s| Some((s.name, s.through?)))
            .collect(),
        more_rejects: listable.saturating_sub(listed),
        rejects,
        joins: vec![
            (
                "Opportunities matched to a lead by id".into(),
                format::count(j.by_id),
            ),
            ("… by email".into(), format::count(j.by_email)),
            (
                "… by account (company or domain)".into(),
                format::count(j.by_account),
            ),
            (
                "Opportunities with no lead, credited to their own channel".into(),
                format::count(j.own_channel),
            ),
            (
                "Opportunities with no lead and no channel (unattributed)".into(),
                format::count(j.unattributed),
            ),
            (
                "Touches matched to a lead".into(),
                format::count(j.touches_matched),
            ),
            (
                "Touches that match no lead (not used)".into(),
                format::count(j.touches_unmatched),
            ),
        ],
        unavailable: metrics.unavailable.clone(),
        currency: metrics.currency.statement(),
        left_out: metrics.currency.left_out_line(),
    }
}
