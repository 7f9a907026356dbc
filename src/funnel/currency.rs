//! Currency: the report currency, chosen from every file's money before any amount is converted,
//! and the amounts in other currencies converted with the configured rates or left out.

use crate::base::format;
use crate::base::money::{Currency, Money, Rate};
use crate::config::Config;
use crate::input::rows::Batch;
use crate::model::ledger::FileLedger;
use crate::model::{Opportunity, Spend};
use std::collections::BTreeMap;

/// The rows that state one currency, and their amount in it. A row counts when its amount is
/// not zero; a spend row spread over its days counts once.
#[cfg_attr(feature = "parquet", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    pub currency: Currency,
    pub rows: u64,
    pub amount: Money,
}

/// How the report currency was chosen.
#[cfg_attr(feature = "parquet", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Basis {
    /// `currency` in `baton.toml`.
    Configured,
    /// The currency most rows of spend and deals state (among those with no configured rate).
    MostRows,
    /// No row states a currency: USD.
    #[default]
    NoneStated,
}

impl Basis {
    /// The name in `metrics.json`.
    pub fn name(self) -> &'static str {
        match self {
            Basis::Configured => "configured",
            Basis::MostRows => "most_rows",
            Basis::NoneStated => "none_stated",
        }
    }
}

/// The report currency, how it was chosen, and what the other currencies came to.
#[cfg_attr(feature = "parquet", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportCurrency {
    pub code: Currency,
    pub basis: Basis,
    /// Every currency the rows state, most rows first, then by code.
    pub stated: Vec<Tally>,
    /// The configured rates (units of the report currency per unit of the other).
    pub rates: BTreeMap<Currency, Rate>,
    /// The rows left out for want of a rate, by code, with their amount in their own currency.
    pub left_out: Vec<Tally>,
}

impl Default for Currency {
    fn default() -> Self {
        Currency(*b"USD")
    }
}

/// The currencies the rows of all the batches state; the same whatever the batches' order.
pub fn stated(batches: &[Batch]) -> Vec<Tally> {
    let mut all = Vec::new();
    for b in batches {
        for o in &b.opportunities {
            add(&mut all, o.currency, 1, o.amount);
        }
        for row in spend_rows(&b.spend) {
            add(&mut all, row[0].currency, 1, row_cost(row));
        }
    }
    all
}

/// Picks the report currency from the currencies the rows state (in any order): the configured
/// one; else the one most rows state, leaving out those with a configured rate (a rate says its
/// currency is not the report's) unless all have one; ties go to the first code in alphabetical
/// order; else USD.
pub fn choose(mut stated: Vec<Tally>, config: &Config) -> ReportCurrency {
    stated.sort_by(|a, b| b.rows.cmp(&a.rows).then(a.currency.cmp(&b.currency)));
    let rated = |t: &&Tally| config.exchange_rates.contains_key(&t.currency);
    let unrated = stated.iter().find(|t| !rated(t));
    let (code, basis) = match (config.currency, unrated.or(stated.first())) {
        (Some(c), _) => (c, Basis::Configured),
        (None, Some(t)) => (t.currency, Basis::MostRows),
        (None, None) => (Currency::default(), Basis::NoneStated),
    };
    ReportCurrency {
        code,
        basis,
        stated,
        rates: config.exchange_rates.clone(),
        left_out: Vec::new(),
    }
}

impl ReportCurrency {
    /// Converts a file's deal amounts and spend costs into the report currency; rows in another
    /// currency with no configured rate are rejected in `ledger` (once a row) and counted in
    /// `left_out`. An amount of zero needs no rate.
    pub fn convert(
        &mut self,
        opportunities: &mut Vec<Opportunity>,
        spend: &mut Vec<Spend>,
        ledger: &mut FileLedger,
    ) {
        opportunities.retain_mut(|o| match self.rate(o.currency, o.amount) {
            Ok(rate) => {
                if let Some(r) = rate {
                    o.amount = o.amount.convert(r);
                }
                true
            }
            Err((c, reason)) => {
                ledger.reject(u64::from(o.origin.line), reason);
                add(&mut self.left_out, Some(c), 1, o.amount);
                false
            }
        });
        let mut dropped: Vec<u32> = Vec::new();
        for row in spend.chunk_by_mut(|a, b| a.origin.line == b.origin.line) {
            let cost = row_cost(row);
            match self.rate(row[0].currency, cost) {
                Ok(None) => {}
                Ok(Some(r)) => row.iter_mut().for_each(|s| s.cost = s.cost.convert(r)),
                Err((c, reason)) => {
                    ledger.reject(u64::from(row[0].origin.line), reason);
                    add(&mut self.left_out, Some(c), 1, cost);
                    dropped.push(row[0].origin.line);
                }
            }
        }
        if !dropped.is_empty() {
            dropped.sort_unstable();
            spend.retain(|s| dropped.binary_search(&s.origin.line).is_err());
        }
        self.left_out.sort_by_key(|t| t.currency);
    }

    /// The rate an amount in `from` is converted at (`None`: kept as it is), or the currency
    /// and the reason to reject it.
    fn rate(
        &self,
        from: Option<Currency>,
        amount: Money,
    ) -> Result<Option<Rate>, (Currency, String)> {
        let to = self.code;
        match from {
            None => Ok(None),
            Some(c) if c == to || amount == Money::ZERO => Ok(None),
            Some(c) => self.rates.get(&c).map(|r| Some(*r)).ok_or_else(|| {
                (c, format!("amount is in {c} but the report is in {to}; add `{c} = <{to} per {c}>` under [exchange_rates] in baton.toml"))
            }),
        }
    }

    /// How the currency was chosen, after the code: `configured`, or `most spend and revenue:
    /// EUR (12 rows), also USD (3 rows at 0.92 EUR per USD)`.
    pub fn how(&self) -> String {
        let others: Vec<String> = self
            .stated
            .iter()
            .filter(|t| t.currency != self.code)
            .map(|t| self.other(t))
            .collect();
        match self.basis {
            Basis::Configured if others.is_empty() => "configured".to_string(),
            Basis::Configured => format!("configured; the files also state {}", others.join(", ")),
            Basis::NoneStated => format!("no file states a currency; {} by default", self.code),
            Basis::MostRows => {
                let mine = self.stated.iter().find(|t| t.currency == self.code);
                let most = self.stated.first().map(|t| t.currency) == Some(self.code);
                let mut s = if most {
                    "most spend and revenue: ".to_string()
                } else {
                    "most spend and revenue among the currencies with no rate under [exchange_rates]: "
                        .to_string()
                };
                if let Some(t) = mine {
                    s.push_str(&format!("{} ({})", t.currency, rows(t.rows)));
                }
                if !others.is_empty() {
                    s.push_str(&format!(", also {}", others.join(", ")));
                }
                if self.rates.contains_key(&self.code) {
                    s.push_str(&format!(
                        "; every currency stated has a rate, so {}'s is not used; set `currency` to the report currency",
                        self.code
                    ));
                }
                s
            }
        }
    }

    /// `USD (3 rows at 0.92 EUR per USD)`, or `USD (3 rows, no rate)`.
    fn other(&self, t: &Tally) -> String {
        match self.rates.get(&t.currency) {
            Some(r) => format!(
                "{} ({} at {} {} per {})",
                t.currency,
                rows(t.rows),
                rate_text(*r),
                self.code,
                t.currency
            ),
            None => format!("{} ({}, no rate)", t.currency, rows(t.rows)),
        }
    }

    /// The sentence that states the report currency: `Amounts in EUR, configured.`
    pub fn statement(&self) -> String {
        format!("Amounts in {}: {}.", self.code, self.how())
    }

    /// The line to add under `[exchange_rates]` for each currency left out: `USD = <EUR per USD>`.
    pub fn rates_to_add(&self) -> impl Iterator<Item = String> + '_ {
        self.left_out
            .iter()
            .map(|t| format!("{c} = <{to} per {c}>", c = t.currency, to = self.code))
    }

    /// One line on what was left out for want of rates, with the lines to add; `None` when
    /// nothing was.
    pub fn left_out_line(&self) -> Option<String> {
        if self.left_out.is_empty() {
            return None;
        }
        let total: u64 = self.left_out.iter().map(|t| t.rows).sum();
        let each: Vec<String> = self
            .left_out
            .iter()
            .map(|t| {
                format!(
                    "{} {} ({})",
                    t.currency,
                    rows(t.rows),
                    format::money(t.amount.to_f64(), t.currency.as_str())
                )
            })
            .collect();
        let add: Vec<String> = self.rates_to_add().map(|l| format!("`{l}`")).collect();
        Some(format!(
            "{} left out of the {} report for want of exchange rates: {}; add under [exchange_rates] in baton.toml: {}",
            rows(total),
            self.code,
            each.join(", "),
            add.join(", ")
        ))
    }
}

/// A spend file's rows: the days a row is spread over come together, with its line.
fn spend_rows(spend: &[Spend]) -> impl Iterator<Item = &[Spend]> {
    spend.chunk_by(|a, b| a.origin.line == b.origin.line)
}

/// A spend row's cost, over all its days.
fn row_cost(row: &[Spend]) -> Money {
    row.iter().map(|s| s.cost).sum()
}

/// Counts `n` rows of `amount` in `currency`, when it states one and the amount is not zero.
fn add(all: &mut Vec<Tally>, currency: Option<Currency>, n: u64, amount: Money) {
    let Some(c) = currency else { return };
    if amount == Money::ZERO {
        return;
    }
    match all.iter_mut().find(|t| t.currency == c) {
        Some(t) => {
            t.rows += n;
            t.amount += amount;
        }
        None => all.push(Tally {
            currency: c,
            rows: n,
            amount,
        }),
    }
}

/// `1 row`, `1,204 rows`.
fn rows(n: u64) -> String {
    format::counted(n, "row", "rows")
}

/// A rate as written: `0.92`, `1.2705`, `150`.
fn rate_text(r: Rate) -> String {
    let whole = r.0 / Rate::SCALE;
    let frac = r.0 % Rate::SCALE;
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:06}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests;
