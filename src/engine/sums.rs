//! Sums: a query's result rows added into every month's sums, into its total, its channel and
//! its campaign, as `analysis::metrics` adds up the funnel's rows. Columns are read by name:
//! `period`, `channel` and `campaign` say where a row goes, every other column what it adds.

use crate::analysis::metrics::{MonthSums, SliceSums};
use crate::analysis::monthly::ByMonth;
use crate::base::error::Result;
use crate::base::intern::Interner;
use crate::base::money::Money;
use crate::engine::columns::{self, text};
use arrow_array::RecordBatch;

/// What one result row adds to a slice.
#[derive(Default)]
struct Adds {
    leads: u64,
    cohort: [u64; 4],
    mqls: u64,
    sqls: u64,
    opportunities: u64,
    pipeline: i64,
    marketing_pipeline: i64,
    won: u64,
    lost: u64,
    revenue: i64,
    marketing_revenue: i64,
    spend: i64,
    /// A won deal's sales cycle in days, which `won` deals had.
    cycle_days: Option<i64>,
}

impl Adds {
    /// Takes the value of column `name`; false for a column no sum has.
    fn take(&mut self, name: &str, v: Option<i64>) -> bool {
        let n = v.unwrap_or(0);
        let count = u64::try_from(n).unwrap_or(0);
        match name {
            "leads" => self.leads = count,
            "reached_mql" => self.cohort[0] = count,
            "reached_sql" => self.cohort[1] = count,
            "reached_opportunity" => self.cohort[2] = count,
            "reached_won" => self.cohort[3] = count,
            "mqls" => self.mqls = count,
            "sqls" => self.sqls = count,
            "opportunities" => self.opportunities = count,
            "pipeline_e4" => self.pipeline = n,
            "marketing_pipeline_e4" => self.marketing_pipeline = n,
            "won" => self.won = count,
            "lost" => self.lost = count,
            "revenue_e4" => self.revenue = n,
            "marketing_revenue_e4" => self.marketing_revenue = n,
            "spend_e4" => self.spend = n,
            "cycle_days" => self.cycle_days = v,
            _ => return false,
        }
        true
    }

    fn add_to(&self, a: &mut SliceSums) {
        a.leads += self.leads;
        for (sum, n) in a.cohort.iter_mut().zip(self.cohort) {
            *sum += n;
        }
        a.mqls += self.mqls;
        a.sqls += self.sqls;
        a.opportunities += self.opportunities;
        a.pipeline += Money(i128::from(self.pipeline));
        a.marketing_pipeline += Money(i128::from(self.marketing_pipeline));
        a.won += self.won;
        a.lost += self.lost;
        a.revenue += Money(i128::from(self.revenue));
        a.marketing_revenue += Money(i128::from(self.marketing_revenue));
        a.spend += Money(i128::from(self.spend));
        if let Some(days) = self.cycle_days {
            a.cycle_days
                .extend(std::iter::repeat_n(days, self.won as usize));
        }
    }
}

/// Adds the rows of query `query`'s result into `months`, interning channels and campaigns in
/// `names` (channels, campaigns; a null is the empty name, no campaign).
pub(crate) fn add(
    query: &str,
    batches: &[RecordBatch],
    months: &mut ByMonth<MonthSums>,
    names: &mut [Interner; 2],
) -> Result<()> {
    let wrong = |what: String| columns::wrong(query, what);
    for batch in batches {
        let period = columns::texts(query, batch, "period")?;
        let channel = columns::texts(query, batch, "channel")?;
        let campaign = columns::texts(query, batch, "campaign")?;
        let mut values = Vec::new();
        for field in batch.schema().fields() {
            let name = field.name();
            if !matches!(name.as_str(), "period" | "channel" | "campaign") {
                values.push((name.clone(), columns::ints(query, batch, name)?));
            }
        }
        for row in 0..batch.num_rows() {
            let month = columns::month(query, &period, row)?;
            let mut adds = Adds::default();
            for (name, ints) in &values {
                if !adds.take(name, columns::int(ints, row)) {
                    return Err(wrong(format!("unknown column {name}")));
                }
            }
            let ch = names[0].intern(text(&channel, row).unwrap_or(""));
            let ca = names[1].intern(text(&campaign, row).unwrap_or(""));
            months.entry(month).slices(ch, ca, |a| adds.add_to(a));
        }
    }
    Ok(())
}
