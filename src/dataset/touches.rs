//! Touches: the `touches` table, one row a touch matched to a lead, partitioned by the local month
//! of the touch.

use crate::dataset::columns::{instant, int, label, local_month, text};
use crate::dataset::tables::{Source, Table};
use crate::model::Team;

/// The `touches` table.
pub(crate) fn tabulate(s: Source<'_>) -> Table<'_> {
    let f = s.funnel;
    let tz = s.config.tz;
    let touches = &f.touches;
    let mut order: Vec<u32> = (0..touches.len() as u32).collect();
    // By lead and time (the funnel's order), ties by team and campaign: the same whatever order
    // equal touches were read in.
    let key = |i: u32| {
        let t = &touches[i as usize];
        (
            t.lead,
            t.at.get(),
            t.tags.team() == Team::Sales,
            t.tags.campaign(),
        )
    };
    order.sort_by_key(|&i| key(i));
    let rows = order
        .into_iter()
        .map(|i| (Some(local_month(touches[i as usize].at.get(), tz)), i))
        .collect();
    let touch = move |i: u32| &touches[i as usize];
    let mut columns = vec![int("lead", move |i| Some(i64::from(touch(i).lead)))];
    columns.extend(instant(
        ["touched_at", "touched_month", "touched_day"],
        tz,
        move |i| Some(touch(i).at.get()),
    ));
    columns.extend([
        text("team", move |i| {
            Some(match touch(i).tags.team() {
                Team::Marketing => "marketing",
                Team::Sales => "sales",
            })
        }),
        text("campaign", move |i| {
            label(f.labels.campaigns.name(touch(i).tags.campaign()))
        }),
    ]);
    Table::new("touches", rows, columns)
}
