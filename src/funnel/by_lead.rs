//! By lead: items grouped under their lead, in time order (a counting sort and an in-place
//! permutation), for the joins and the analytics that follow people.

use crate::base::permute::permute;
use crate::base::prefetch::prefetch;
use crate::model::LeadTouch;

/// Sorts each lead's entries by `key`, keeping the order of equal ones; stretches of 16,384
/// leads on every core.
fn sort_each<T: Send, K: Ord>(starts: &[u32], items: &mut [T], key: impl Fn(&T) -> K + Sync) {
    use rayon::prelude::*;
    const LEADS: usize = 1 << 14;
    let mut parts: Vec<(&[u32], &mut [T])> = Vec::new();
    let mut rest = items;
    let mut i = 0;
    while i + 1 < starts.len() {
        let j = (i + LEADS).min(starts.len() - 1);
        let (part, tail) = std::mem::take(&mut rest).split_at_mut((starts[j] - starts[i]) as usize);
        parts.push((&starts[i..=j], part));
        rest = tail;
        i = j;
    }
    parts.into_par_iter().for_each(|(starts, part)| {
        let base = starts[0];
        for w in starts.windows(2) {
            let own = &mut part[(w[0] - base) as usize..(w[1] - base) as usize];
            if own.len() > 1 {
                own.sort_by_key(&key);
            }
        }
    });
}

/// Groups `touches` by lead in place, each lead's in time order (touches at the same instant
/// kept in input order), and returns where each lead's touches start (`leads + 1` numbers, the
/// last one the count). Unless they come lead by lead already, it holds besides the touches a
/// 4-byte position a touch, and a count a lead for each core, while it works; the analyses then
/// read each lead's touches side by side in memory.
pub fn group_by_lead(touches: &mut [LeadTouch], leads: usize) -> Vec<u32> {
    let starts = match starts_in_lead_order(touches, leads) {
        Some(starts) => starts,
        None => {
            let (starts, mut dest) = destinations(touches, leads);
            permute(touches, &mut dest);
            starts
        }
    };
    sort_each(&starts, touches, |t| t.at);
    starts
}

/// Where each lead's touches start, when they come lead by lead already (a touch export sorted
/// by contact, as most are): then nothing moves, and the 4-byte position a touch and the counts
/// a core that placing them takes (some 20 MB at 3M touches) are not needed. `None` otherwise.
fn starts_in_lead_order(touches: &[LeadTouch], leads: usize) -> Option<Vec<u32>> {
    if !touches.windows(2).all(|w| w[0].lead <= w[1].lead) {
        return None;
    }
    let mut starts = vec![0u32; leads + 1];
    for t in touches {
        starts[t.lead as usize + 1] += 1;
    }
    for lead in 0..leads {
        starts[lead + 1] += starts[lead];
    }
    Some(starts)
}

/// Where each touch goes when they are laid out lead by lead, input order kept within a lead
/// (a counting sort), and where each lead's touches start (`leads + 1` numbers). The touches
/// are cut into one stretch a core (none shorter than `STRETCH`), and each stretch is counted,
/// then placed, on its own core: a lead's touches from an earlier stretch go first.
fn destinations(touches: &[LeadTouch], leads: usize) -> (Vec<u32>, Vec<u32>) {
    use rayon::prelude::*;
    let parts = rayon::current_num_threads().clamp(1, touches.len() / STRETCH + 1);
    let size = touches.len().div_ceil(parts).max(1);
    // Each stretch's count of each lead's touches.
    let mut counts: Vec<Vec<u32>> = touches
        .par_chunks(size)
        .map(|part| {
            let mut count = vec![0u32; leads];
            for (i, t) in part.iter().enumerate() {
                if let Some(next) = part.get(i + AHEAD) {
                    prefetch(count.as_ptr().wrapping_add(next.lead as usize).cast());
                }
                count[t.lead as usize] += 1;
            }
            count
        })
        .collect();
    // Each lead's start, and each stretch's first place for the lead (the counts become cursors).
    let mut starts = vec![0u32; leads + 1];
    let mut at = 0u32;
    for (lead, start) in starts.iter_mut().enumerate().take(leads) {
        *start = at;
        for count in &mut counts {
            let n = count[lead];
            count[lead] = at;
            at += n;
        }
    }
    starts[leads] = at;
    let mut dest = vec![0u32; touches.len()];
    dest.par_chunks_mut(size)
        .zip(touches.par_chunks(size))
        .zip(counts.par_iter_mut())
        .for_each(|((dest, part), cursor)| {
            for (i, (d, t)) in dest.iter_mut().zip(part).enumerate() {
                if let Some(next) = part.get(i + AHEAD) {
                    prefetch(cursor.as_ptr().wrapping_add(next.lead as usize).cast());
                }
                let at = &mut cursor[t.lead as usize];
                *d = *at;
                *at += 1;
            }
        });
    (starts, dest)
}

/// The fewest touches a core counts and places in `destinations`.
const STRETCH: usize = 1 << 16;

/// How many entries ahead a lead's count is asked of the cache.
const AHEAD: usize = 32;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Team;

    #[test]
    fn touches_counted_on_several_cores_group_as_a_stable_sort_would() {
        // Enough touches for several stretches, with many ties in time, on 1 to 4 cores.
        let mut next = crate::base::splitmix::numbers(0x9E37_79B9_7F4A_7C15);
        let leads = 5_000;
        let touches: Vec<LeadTouch> = (0..3 * STRETCH + 999)
            .map(|i| LeadTouch {
                at: crate::base::datetime::Stamp::new((next() % 40) as i64).unwrap(),
                lead: (next() % leads) as u32,
                tags: crate::model::TouchTags::new(Team::Sales, i as u32 % 1000, false).unwrap(),
            })
            .collect();
        let key = |t: &LeadTouch| (t.lead, t.at.get(), t.tags.campaign());
        let mut want = touches.clone();
        want.sort_by_key(|t| (t.lead, t.at.get()));
        for threads in 1..=4 {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut got = touches.clone();
            let starts = pool.install(|| group_by_lead(&mut got, leads as usize));
            assert!(got.iter().map(key).eq(want.iter().map(key)), "{threads}");
            assert_eq!(starts.len(), leads as usize + 1);
            for lead in 0..leads as usize {
                let own = &got[starts[lead] as usize..starts[lead + 1] as usize];
                assert!(own.iter().all(|t| t.lead as usize == lead), "{threads}");
            }
        }
    }

    #[test]
    fn touches_in_lead_order_already_group_as_the_others_do() {
        // Leads 0, 2 and 3 (lead 1 and 4 have none), each lead's touches out of time order, with
        // a tie at 5 kept in input order (campaigns 1 then 2); and the same touches shuffled.
        let touch = |lead: u32, at: i64, campaign: u32| LeadTouch {
            at: crate::base::datetime::Stamp::new(at).unwrap(),
            lead,
            tags: crate::model::TouchTags::new(Team::Sales, campaign, false).unwrap(),
        };
        let in_order = vec![
            touch(0, 9, 0),
            touch(0, 5, 1),
            touch(0, 5, 2),
            touch(2, 3, 3),
            touch(3, 8, 4),
            touch(3, 1, 5),
        ];
        let key = |t: &LeadTouch| (t.lead, t.at.get(), t.tags.campaign());
        let want = [
            (0, 5, 1),
            (0, 5, 2),
            (0, 9, 0),
            (2, 3, 3),
            (3, 1, 5),
            (3, 8, 4),
        ];
        assert!(starts_in_lead_order(&in_order, 5).is_some());
        let mut got = in_order.clone();
        let starts = group_by_lead(&mut got, 5);
        assert_eq!(got.iter().map(key).collect::<Vec<_>>(), want);
        assert_eq!(starts, [0, 3, 3, 4, 6, 6]);
        let mut shuffled = vec![
            in_order[3],
            in_order[0],
            in_order[5],
            in_order[1],
            in_order[4],
            in_order[2],
        ];
        assert!(starts_in_lead_order(&shuffled, 5).is_none());
        assert_eq!(group_by_lead(&mut shuffled, 5), starts);
        assert_eq!(shuffled.iter().map(key).collect::<Vec<_>>(), want);
    }

    #[test]
    fn touches_grouped_by_lead_in_time_order_ties_in_input_order() {
        let tags = |c| crate::model::TouchTags::new(Team::Sales, c, false).unwrap();
        let t = |lead, at, c| LeadTouch {
            at: crate::base::datetime::Stamp::new(at).unwrap(),
            lead,
            tags: tags(c),
        };
        let mut touches = vec![
            t(2, 50, 1),
            t(0, 30, 2),
            t(2, 10, 3),
            t(1, 5, 4),
            t(2, 50, 5),
            t(0, 20, 6),
            t(2, 40, 7),
        ];
        let starts = group_by_lead(&mut touches, 4);
        assert_eq!(starts, [0, 2, 3, 7, 7]);
        let seen: Vec<(u32, i64, u32)> = touches
            .iter()
            .map(|t| (t.lead, t.at.get(), t.tags.campaign()))
            .collect();
        assert_eq!(
            seen,
            [
                (0, 20, 6),
                (0, 30, 2),
                (1, 5, 4),
                (2, 10, 3),
                (2, 40, 7),
                (2, 50, 1),
                (2, 50, 5)
            ]
        );
    }
}
