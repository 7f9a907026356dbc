//! Leads: the `leads` table, one row a lead after dedupe, partitioned by the month it was
//! created (else the month of its first stage).

use crate::base::datetime::Instant;
use crate::dataset::columns::{self, day, instant, int, label, local_month, text};
use crate::dataset::tables::{Source, Table};
use crate::model::Created;
use chrono::NaiveDate;
use std::rc::Rc;

/// The `leads` table.
pub(crate) fn tabulate(s: Source<'_>) -> Table<'_> {
    let f = s.funnel;
    let tz = s.config.tz;
    let leads = &f.leads;
    let shown = s.config.analytics.show_people;
    let firsts: Rc<Vec<(Option<Instant>, Option<NaiveDate>)>> =
        Rc::new(f.firsts.per_lead(leads.len()).collect());
    let rows = leads
        .iter()
        .zip(0..)
        .map(|(l, i)| {
            let first_stage = [l.mql_at.get(), l.sql_at.get()].into_iter().flatten().min();
            (l.created().or(first_stage).map(|t| local_month(t, tz)), i)
        })
        .collect();
    let lead = move |i: u32| &leads[i as usize];
    let labels = move |i: u32| f.labels.of(lead(i));
    // How the reports name the lead: the email or id when shown, else its pseudonym when the
    // key is configured (a key made for this run only would change every run).
    let person = s.keyed || shown;
    let (first_opportunity, first_won) = (Rc::clone(&firsts), firsts);
    let mut columns = vec![
        int("lead", |i| Some(i64::from(i))),
        text("lead_id", move |i| {
            f.names.shown(i as usize).map(crate::model::Texts::id)
        }),
        text("email", move |i| {
            f.names.shown(i as usize).and_then(|t| t.part(0))
        }),
        text("person", move |i| person.then(|| f.names.of(i as usize))),
    ];
    columns.extend(instant(
        ["created_at", "created_month", "created_day"],
        tz,
        move |i| lead(i).created(),
    ));
    columns.extend(instant(["mql_at", "mql_month", "mql_day"], tz, move |i| {
        lead(i).mql_at.get()
    }));
    columns.extend(instant(["sql_at", "sql_month", "sql_day"], tz, move |i| {
        lead(i).sql_at.get()
    }));
    columns.extend([
        text("channel", move |i| {
            label(f.labels.channels.name(labels(i).channel))
        }),
        text("campaign", move |i| {
            label(f.labels.campaigns.name(labels(i).campaign))
        }),
        text("owner", move |i| {
            label(f.labels.owners.name(labels(i).owner))
        }),
        text("status", move |i| {
            label(f.labels.words.name(labels(i).status))
        }),
        text("disqualification_reason", move |i| {
            label(f.labels.words.name(labels(i).reason))
        }),
        int("first_opportunity_at", {
            let firsts = Rc::clone(&first_opportunity);
            move |i| firsts[i as usize].0
        }),
        text("first_opportunity_month", move |i| {
            first_opportunity[i as usize]
                .0
                .map(|t| columns::month_text(local_month(t, tz)))
        }),
        day("first_won_date", {
            let firsts = Rc::clone(&first_won);
            move |i| firsts[i as usize].1
        }),
        text("first_won_month", move |i| {
            first_won[i as usize]
                .1
                .map(|d| columns::month_text(crate::base::datetime::Month::of(d)))
        }),
    ]);
    Table::new("leads", rows, columns)
}
