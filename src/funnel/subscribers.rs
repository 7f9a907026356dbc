//! Subscribers: a mailing list's members (`Profile::subscribers`, a Mailchimp audience) are leads
//! of their own only where no file of another profile has the person; a member whose email a
//! lead of another profile carries is a marketing touch on that lead, at the member's opt-in
//! (docs/metrics.md, "Leads").

use crate::base::datetime::Stamp;
use crate::funnel::dedupe::{LeadRows, Plan};
use crate::model::Created;
use crate::model::ledger::FileLedger;
use crate::model::{Labels, Lead, Team, Touch, TouchTags};

/// What `baton check` says of the members that became leads of their own.
pub const LEADS_NOTE: &str =
    "{subscriber|subscribers} matched no lead and became {an Email lead|Email leads}";

/// What it says of the members that became touches on another file's lead.
pub const TOUCHES_NOTE: &str = "{subscriber|subscribers} matched a lead of another export by email and became {a marketing touch|marketing touches} on it";

/// The members whose email a lead row of another profile carries, each with the first such row,
/// by member row, for `dedupe::plan_leads`. None when no file holds members (nothing is looked
/// at).
pub fn matched(rows: LeadRows) -> Vec<(u32, u32)> {
    if !rows.subscribers.contains(&true) {
        return Vec::new();
    }
    let member = |r: u32| rows.subscribers[rows.files.file_of(r) as usize];
    let mut out = Vec::new();
    for group in rows.keys.repeated_emails() {
        if let Some(&lead) = group.iter().find(|&&r| !member(r)) {
            out.extend(group.iter().filter(|&&r| member(r)).map(|&r| (r, lead)));
        }
    }
    out.sort_unstable();
    out
}

/// The members the plan sent to another file's lead, as marketing touches on it at their
/// creation (the opt-in; `Touch::lead` the member's row, found by email, which the join's
/// `target` takes to that lead). Counts in each member file's ledger the members that became
/// leads and those that became touches; a member whose opt-in a touch cannot hold (before 1970
/// or after 2106) is rejected.
pub fn settle(
    plan: &Plan,
    rows: LeadRows,
    labels: &Labels,
    ledgers: &mut [FileLedger],
) -> Vec<Touch> {
    let mut touches = Vec::with_capacity(plan.members.len());
    if !rows.subscribers.contains(&true) {
        return touches;
    }
    let mut members = plan.members.iter().copied().peekable();
    for (file, range) in rows.files.ranges(rows.leads.len()) {
        if !rows.subscribers[file as usize] {
            continue;
        }
        let (mut leads, mut touched, mut outside) = (0, 0, 0);
        for r in range {
            if members.next_if_eq(&r).is_some() {
                match touch(&rows.leads[r as usize], r, labels) {
                    Some(t) => {
                        touches.push(t);
                        touched += 1;
                    }
                    None => outside += 1,
                }
            } else if plan.is_survivor(r) {
                leads += 1;
            }
        }
        let ledger = &mut ledgers[file as usize];
        for (note, n) in [(LEADS_NOTE, leads), (TOUCHES_NOTE, touched)] {
            if n > 0 {
                *ledger.notes.entry(note.to_string()).or_default() += n;
            }
        }
        if outside > 0 {
            ledger.rejected += outside;
            ledger.fact(format!(
                "{} who match a lead of another export {} rejected: their opt-in is outside the years a touch can have (1970 to 2106)",
                crate::base::format::counted(outside, "subscriber", "subscribers"),
                if outside == 1 { "was" } else { "were" }
            ));
        }
    }
    touches
}

/// Member row `r` as a marketing touch at its creation, on the lead its email finds.
fn touch(member: &Lead, r: u32, labels: &Labels) -> Option<Touch> {
    let at = Stamp::new(member.created()?)?;
    let (_, campaign) = labels.source_of(member);
    let tags = TouchTags::new(Team::Marketing, campaign, true)?;
    Some(Touch { at, lead: r, tags })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funnel::assemble::LeadFiles;
    use crate::funnel::dedupe::{self, Renumbering};
    use crate::model::Updates;

    #[test]
    fn members_known_elsewhere_become_touches_and_the_rest_leads() {
        // File 0, a CRM: rows 0 (a@, created at 10) and 1 (b@, 20). File 1, an audience: rows 2
        // (a@, 5: the CRM has her, a touch at 5 on lead 0), 3 (c@, 7) and 4 (d@, 8). File 2,
        // another audience: row 5 (c@, 3: the same person as row 3, opted in earlier, so it
        // survives and row 3 is its duplicate). Leads: rows 0, 1, 4, 5.
        let crm = [
            Lead::bare("L1", Some("a@x.co"), 10),
            Lead::bare("L2", Some("b@x.co"), 20),
        ];
        let list = [
            Lead::bare("m1", Some("a@x.co"), 5),
            Lead::bare("m2", Some("c@x.co"), 7),
            Lead::bare("m3", Some("d@x.co"), 8),
        ];
        let other = [Lead::bare("n1", Some("c@x.co"), 3)];
        let leads: Vec<Lead> = crm.iter().chain(&list).chain(&other).cloned().collect();
        let keys =
            crate::input::leadkeys::LeadKeys::new([&crm[..], &list[..], &other[..]]).into_rows();
        let mut files = LeadFiles::default();
        for (file, (first, count)) in [(0, 2), (2, 3), (5, 1)].into_iter().enumerate() {
            files.add(first, count, file);
        }
        let rows = LeadRows {
            leads: &leads,
            updates: &Updates::default(),
            files: &files,
            sources: &["crm", "mailchimp-audience", "mailchimp-audience"],
            keys: &keys,
            subscribers: &[false, true, true],
            count_records: false,
        };
        let members = matched(rows);
        assert_eq!(members, [(2, 0)]);
        let mut ledgers: Vec<FileLedger> = ["crm.csv", "list.csv", "other.csv"]
            .map(FileLedger::new)
            .into();
        let plan = dedupe::plan_leads(rows, &members, &mut ledgers);
        assert_eq!(plan.target, Renumbering::Table(vec![0, 1, 0, 3, 2, 3]));
        assert_eq!(plan.survivors, Renumbering::Table(vec![0, 1, 4, 5]));
        let touches = settle(&plan, rows, &Labels::default(), &mut ledgers);
        let seen: Vec<(u32, i64, bool)> = touches
            .iter()
            .map(|t| (t.lead, t.at.get(), t.tags.by_email()))
            .collect();
        assert_eq!(seen, [(2, 5, true)]);
        assert_eq!(touches[0].tags.team(), Team::Marketing);
        let counts: Vec<(u64, Option<&u64>, Option<&u64>)> = ledgers
            .iter()
            .map(|l| {
                (
                    l.duplicates,
                    l.notes.get(LEADS_NOTE),
                    l.notes.get(TOUCHES_NOTE),
                )
            })
            .collect();
        assert_eq!(
            counts,
            [
                (0, None, None),
                (1, Some(&1), Some(&1)),
                (0, Some(&1), None)
            ]
        );
    }

    #[test]
    fn nothing_is_looked_at_without_a_mailing_list() {
        let crm = [
            Lead::bare("L1", Some("a@x.co"), 10),
            Lead::bare("L2", Some("a@x.co"), 20),
        ];
        let keys = crate::input::leadkeys::LeadKeys::new([&crm[..]]).into_rows();
        let mut files = LeadFiles::default();
        files.add(0, 2, 0);
        let rows = LeadRows {
            leads: &crm,
            updates: &Updates::default(),
            files: &files,
            sources: &["crm"],
            keys: &keys,
            subscribers: &[false],
            count_records: false,
        };
        assert!(matched(rows).is_empty());
        let mut ledgers = vec![FileLedger::new("crm.csv")];
        let plan = dedupe::plan_leads(rows, &[], &mut ledgers);
        assert!(settle(&plan, rows, &Labels::default(), &mut ledgers).is_empty());
        assert!(ledgers[0].notes.is_empty());
    }
}
