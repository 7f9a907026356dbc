//! Rows: the loop that reads a file's (or a piece's) records into a batch of canonical entities.

use crate::base::datetime::DateOrder;
use crate::input::formats::Field;
use crate::input::formats::view::FileView;
use crate::input::normalize::{self, Row, RowContext};
use crate::input::parse::records::Record;
use crate::model::Created;
use crate::model::ledger::FileLedger;
use crate::model::{
    Entity, Labels, Lead, Opportunity, Origin, Records, Spend, TextStore, Touch, Updates,
};
use std::io::Read;

/// Everything read from one file.
#[derive(Debug, Default)]
pub struct Batch {
    pub ledger: FileLedger,
    pub labels: Labels,
    pub leads: Vec<Lead>,
    /// The leads' `updated_at`.
    pub updates: Updates,
    pub opportunities: Vec<Opportunity>,
    pub spend: Vec<Spend>,
    pub touches: Vec<Touch>,
    /// Canonical fields this file has a column (or constant) for.
    pub fields: Vec<Field>,
    /// Touch rows refused because they name no lead.
    pub touches_unmatched: u64,
    /// The lead the last touch named by id.
    pub last_lead: crate::input::lookahead::LastLead,
    /// A touch or deal file left for the second round, when the leads are known.
    pub deferred: bool,
    /// That file names its leads by email and never by id: every row looks its lead up by
    /// email, so the email table is made with the lead keys (`LeadKeys::index`).
    pub by_email: bool,
    /// Its lead rows are a mailing list's members (`Profile::subscribers`).
    pub subscribers: bool,
    /// The texts of the leads or deals (a file holds one kind), written as they are read.
    pub texts: TextStore,
    /// The leads or deals before this one have their texts sealed.
    pub sealed: usize,
    /// The company keys and website domains of a deal file's rows, when only they are gathered
    /// (`RowContext::gather_companies`).
    pub companies: rustc_hash::FxHashSet<Box<str>>,
    /// Whether a row of that deal file has an email (then gathered too), or (a touch file left
    /// for the second round) whether the file has an email column: the lead emails must then
    /// be kept to look it up.
    pub emails: bool,
    /// A touch file left for the second round, with a lead id and an email column: its first
    /// rows that carry an email, to tell whether they will look their leads up by it.
    pub sample: Option<crate::input::read::sample::KeySample>,
}

impl Batch {
    /// Its labels, and its records to renumber into other labels (`Labels::take_in`), when it
    /// is merged into a larger batch or the dataset.
    pub fn parts(&mut self) -> (&Labels, Records<'_>) {
        (
            &self.labels,
            Records {
                leads: &mut self.leads,
                opportunities: &mut self.opportunities,
                spend: &mut self.spend,
                touches: &mut self.touches,
            },
        )
    }

    /// Seals the lead or deal texts written so far into a block (`model::TextStore`); done every
    /// block's worth of text and when a file or piece is read.
    pub fn seal_texts(&mut self) {
        let leads = self.leads.iter_mut().skip(self.sealed).map(|l| &mut l.text);
        let deals = self.opportunities.iter_mut().skip(self.sealed);
        self.texts.seal(leads.chain(deals.map(|o| &mut o.text)));
        self.sealed = self.leads.len().max(self.opportunities.len());
    }
}

/// What a run of rows leaves untaken at its end: the last full row (held back so that an unclosed
/// quote can refuse it) and the single-value rows after it (footers, unless more rows follow).
#[derive(Default)]
pub(crate) struct Tail {
    pub pending: Vec<Record>,
    pub held: Record,
    pub have_held: bool,
}

/// Reads rows until the end of `reader` (or its first error, which becomes the file's problem),
/// taking each into the batch; blank rows, report totals and possible footers are counted.
///
/// Rows are taken two full rows behind the reading, so that a touch's lead lookup is readied
/// two rows ahead (`lookahead::ready_lookups`); single-value rows wait between them, in file
/// order.
pub(crate) fn read_rows<R: Read>(
    reader: &mut crate::input::parse::records::FastRecords<R>,
    batch: &mut Batch,
    view: &FileView,
    ctx: &RowContext,
    index: u32,
) -> Tail {
    let width = view.header.len();
    let mut record = Record::new();
    // The two full rows read and not yet taken (`tail.held` the older, `early` the newer), and
    // the single values after each.
    let mut tail = Tail::default();
    let (mut early, mut have_early, mut after_early) = (Record::new(), false, Vec::new());
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = reader.line();
                batch.ledger.problem = Some(format!("stopped at line {line}: {e}"));
                break;
            }
        }
        // Whether the row is blank, or holds a single value (perhaps a footer): two are enough.
        let filled = record
            .iter()
            .filter(|f| !f.iter().all(u8::is_ascii_whitespace))
            .take(2)
            .count();
        if filled == 0 {
            batch.ledger.blank += 1;
            continue;
        }
        if view.profile.total_rows
            && (is_total_line(record.iter()) || is_unnamed_total(view, &record))
        {
            batch.ledger.skipped_lines("report total rows", 1);
            continue;
        }
        if filled == 1 && width > 2 {
            // Perhaps a footer ("Confidential Information", "Generated By"): decided at the end.
            match have_early {
                true => after_early.push(record.clone()),
                false => tail.pending.push(record.clone()),
            }
            continue;
        }
        if !view.hints.is_empty() {
            judge_hints(view, &record);
        }
        if let Some(keys) = ctx.leads {
            let held = tail.have_held.then_some(&tail.held);
            let (mid, before) = match have_early {
                true => (Some(&early), held),
                false => (held, None),
            };
            crate::input::lookahead::ready_lookups(
                keys,
                view,
                &record,
                mid,
                before,
                &batch.last_lead,
            );
        }
        if !tail.have_held {
            // Single values before the first full row are data.
            for p in std::mem::take(&mut tail.pending) {
                take_row(batch, view, &p, ctx, index);
            }
            std::mem::swap(&mut tail.held, &mut record);
            tail.have_held = true;
        } else if !have_early {
            std::mem::swap(&mut early, &mut record);
            have_early = true;
        } else {
            take_row(batch, view, &tail.held, ctx, index);
            for p in std::mem::replace(&mut tail.pending, std::mem::take(&mut after_early)) {
                take_row(batch, view, &p, ctx, index);
            }
            std::mem::swap(&mut tail.held, &mut early);
            std::mem::swap(&mut early, &mut record);
        }
    }
    // The last full row is held back, with the single values after it.
    if have_early {
        take_row(batch, view, &tail.held, ctx, index);
        for p in std::mem::replace(&mut tail.pending, after_early) {
            take_row(batch, view, &p, ctx, index);
        }
        tail.held = early;
    }
    tail
}

/// Normalises one data row into the batch, or rejects it.
pub(crate) fn take_row(
    batch: &mut Batch,
    view: &FileView,
    record: &Record,
    ctx: &RowContext,
    index: u32,
) {
    let width = view.header.len();
    let line = record.line();
    batch.ledger.rows += 1;
    if record.len() != width {
        batch.ledger.reject(
            line,
            format!(
                "has {} fields but the header has {width}; check the quoting on this line",
                record.len()
            ),
        );
        return;
    }
    let row = Row::new(record, view);
    if ctx.gather_companies {
        normalize::gather_deal_keys(&row, &mut batch.companies, &mut batch.emails);
        return;
    }
    let origin = Origin::new(index, line);
    let labels = &mut batch.labels;
    let notes = &mut batch.ledger.notes;
    let outcome = match view.profile.entity {
        Entity::Lead => {
            normalize::lead(&row, ctx, labels, notes, &mut batch.texts, origin).map(
                |(l, updated)| {
                    // A lead of unknown creation is dated by its first stage (normalize::lead
                    // refuses one with neither).
                    if let Some(t) = l.created().or(l.mql_at.get()).or(l.sql_at.get()) {
                        batch.ledger.span_instant_until(t, ctx.horizon);
                    }
                    batch.updates.set(batch.leads.len(), updated);
                    batch.leads.push(l);
                    if batch.texts.is_full() {
                        batch.seal_texts();
                    }
                },
            )
        }
        Entity::Opportunity => {
            normalize::opportunity(&row, ctx, labels, notes, origin, &mut batch.texts).map(|o| {
                batch.ledger.span_instant_until(o.dated_at(), ctx.horizon);
                batch.opportunities.push(o);
                if batch.texts.is_full() {
                    batch.seal_texts();
                }
            })
        }
        Entity::Spend => {
            let before = batch.spend.len();
            normalize::spend(&row, ctx, labels, notes, origin, &mut batch.spend).map(|()| {
                for s in &batch.spend[before..] {
                    batch.ledger.span_until(s.date, ctx.today);
                }
            })
        }
        Entity::Touch => {
            let (unmatched, last) = (&mut batch.touches_unmatched, &mut batch.last_lead);
            normalize::touch(&row, ctx, labels, unmatched, last).map(|t| {
                batch.ledger.span_instant_until(t.at.get(), ctx.horizon);
                batch.touches.push(t)
            })
        }
    };
    if let Err(reason) = outcome {
        batch.ledger.reject(line, reason);
    }
}

/// Adds what the file's `hints` columns say about its day/month order (`FileView::hints`).
fn judge_hints(view: &FileView, record: &Record) {
    let cell = &view.evidence[crate::input::formats::view::HINTS];
    let mut ev = cell.get();
    for &c in &view.hints {
        if let Some(text) = record.get(c).and_then(|b| std::str::from_utf8(b).ok())
            && text.contains('/')
        {
            let _ =
                crate::base::datetime::parse_written(text.trim(), DateOrder::MonthFirst, &mut ev);
        }
    }
    cell.set(ev);
}

/// An account's total, as Meta writes it: a row whose campaign name is blank (every real row
/// names its campaign).
fn is_unnamed_total(view: &FileView, record: &Record) -> bool {
    let columns = view.map.get(Field::Campaign);
    view.profile.unnamed_total
        && !columns.is_empty()
        && columns.iter().all(|&i| {
            record
                .get(i)
                .is_none_or(|f| f.iter().all(u8::is_ascii_whitespace))
        })
}

/// A report's total line. Its label (`Total`, `Total: Account`, `Total: Campaigns`, `Total -
/// filtered`, `Total - all experiments`, Google; `Search total`, Microsoft) is in one of its
/// first three cells that say something (blank and `--` cells say nothing): after the segment
/// values of a segmented report (`Computers,Total: Account`). A label that starts `Total:` or
/// `Total -` is one wherever it is; a bare `Total`, `Totals` or `... total` only when figures
/// follow it (`Total, --, --, 5990`: no text between), lest a search term or keyword such as
/// `total` or `running total` be taken for one.
pub(crate) fn is_total_line<'a>(cells: impl IntoIterator<Item = &'a [u8]>) -> bool {
    let mut cells = cells
        .into_iter()
        .map(<[u8]>::trim_ascii)
        .filter(|c| !is_nothing(c))
        .peekable();
    for _ in 0..3 {
        let Some(cell) = cells.next() else {
            return false;
        };
        match total_label(cell) {
            Label::Sure => return true,
            Label::Bare if cells.peek().is_none_or(|next| is_figure(next)) => {
                return true;
            }
            _ => {}
        }
    }
    false
}

/// What a cell says as a total's label.
enum Label {
    None,
    /// `Total: ...`, `Total - ...`.
    Sure,
    /// `Total`, `Totals`, `Search total`: a label only before the figures.
    Bare,
}

fn total_label(cell: &[u8]) -> Label {
    let starts = cell.len() >= 5 && cell[..5].eq_ignore_ascii_case(b"total");
    if starts {
        let rest = match &cell[5..] {
            [b's' | b'S', rest @ ..] => rest,
            rest => rest,
        };
        return match rest.trim_ascii_start() {
            [] => Label::Bare,
            [b':' | b'-', ..] => Label::Sure,
            // An en or em dash (`Total – filtered`).
            [0xe2, 0x80, 0x93 | 0x94, ..] => Label::Sure,
            _ => Label::None,
        };
    }
    let ends = cell.len() > 6 && cell[cell.len() - 6..].eq_ignore_ascii_case(b" total");
    if ends { Label::Bare } else { Label::None }
}

/// A blank cell, or one that says there is no value (`--`, `-`).
fn is_nothing(cell: &[u8]) -> bool {
    cell.iter().all(|b| *b == b'-')
}

/// Whether a cell holds a figure (`1,445.94`, `"9,380"`, `2.81%`, `$12`) or a currency code
/// (`USD`): what follows a total's label, where a data row has text (a match type, a status).
fn is_figure(cell: &[u8]) -> bool {
    let code = cell.len() == 3 && cell.iter().all(u8::is_ascii_uppercase);
    code || cell
        .iter()
        .find(|b| !matches!(b, b'$' | b'-' | b'+' | b'(' | b'"'))
        .is_some_and(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::is_total_line;

    fn total(line: &str) -> bool {
        let sep = if line.contains('\t') { '\t' } else { ',' };
        is_total_line(line.split(sep).map(str::as_bytes))
    }

    #[test]
    fn every_total_row_variant_is_one() {
        for line in [
            "Total: Account,,,,,GBP,,,,867",
            "Total: Campaigns, --, --, --, --,GBP, --,, --,867",
            "Total: Search,,,,,,,,Search,INR,0.18",
            "Total - Search,,,,12.00",
            "Total - filtered\t --\t --\t5990\t65136\t9.20%\t0.24\t1,445.94",
            "Total - all experiments\t --\t --\t0\t0",
            "Total\t --\t --\t --\t5990\t65136",
            "Totals,,,500.00",
            "Total \u{2013} filtered,,,12",
            " --\t\tTotal: All but removed keywords\t --\t --\t14",
            "\t\tTotal: Keywords in your account\t\t\t19",
            "Computers,Total: Account,,,,USD,,,\"258,366\"",
            ",Total: Filtered keywords,,,,USD,,,\"43,665\"",
            "Mobile phones,Total: Search,,,,USD,,,\"5,386\"",
            "2026-03-01,Total: Account,,,,USD,,,12",
            "Search total,-,-,-,-,487.25,-,-",
            "Performance Max total,-,-,-,-,0,-",
            "Total,,,,USD,12.00",
        ] {
            assert!(total(line), "{line:?} is a total row");
        }
    }

    #[test]
    fn data_rows_that_say_total_are_not_totals() {
        for line in [
            "total cost of solar panels,Exact match (close variant),None,G_S_NB,Solar Cost,1,0,0,USD,0.00",
            "total,Broad match,None,Brand,Core,3,USD,1.00",
            "running total,Phrase match,None,Brand,Core,3,USD,1.00",
            "Enabled,total,Broad match,Brand,Core,Eligible,USD,1.00",
            "Enabled,Total Gym - Brand,10.00, --,Daily,USD,12.00",
            "Enabled,Totally Awesome,10.00,Daily,USD,12.00",
            "Enabled,Brand,10.00,Daily,USD,12.00",
            "2026-03-01,Computers,Brand,USD,12.00",
            ",,,",
        ] {
            assert!(!total(line), "{line:?} is a data row");
        }
    }
}
