//! Permute: move items to their places in place, in cache-sized runs on every core (a speed
//! device under `funnel::by_lead`).

use crate::base::prefetch::prefetch;

/// Positions moved as one run when permuting: 16,384 touches and their places (256 KB) stay in
/// a core's cache while each is moved along its cycle.
const RUN_BITS: u32 = 14;

/// At most this many buckets are dealt into at once: each has a write cursor in the items and
/// in their places, and many more cursors than that outrun the cache and the address
/// translation buffers (millions of touches by date).
const FAN_BITS: u32 = 6;

/// Moves each `items[i]` to `dest[i]` (`dest` a permutation), in place. Following each cycle of
/// the permutation through the whole slice would miss the cache at every step once the slice
/// outgrows it, each step waiting on the last (touches exported by date). So the items are
/// dealt by where they go into at most `1 << FAN_BITS` buckets of consecutive places (a write
/// cursor a bucket, so every write lands beside the last one to that bucket), each bucket in
/// turn (on every core) until the buckets are runs of `1 << RUN_BITS` places, and then each run
/// is permuted in its own cache-sized stretch.
pub(crate) fn permute<T: Send>(items: &mut [T], dest: &mut [u32]) {
    deal(items, dest, 0);
}

/// `permute` of the places `base..base + items.len()`, which `dest` holds.
fn deal<T: Send>(items: &mut [T], dest: &mut [u32], base: usize) {
    use rayon::prelude::*;
    let n = items.len();
    let run = 1usize << RUN_BITS;
    if n <= run {
        for i in 0..n {
            while dest[i] as usize - base != i {
                let j = dest[i] as usize - base;
                items.swap(i, j);
                dest.swap(i, j);
            }
        }
        return;
    }
    // Buckets of 2^bits places: a run, or as large as keeps them at most 2^FAN_BITS.
    let log = usize::BITS - (n - 1).leading_zeros();
    let bits = RUN_BITS.max(log.saturating_sub(FAN_BITS));
    let size = 1usize << bits;
    let buckets = n.div_ceil(size);
    let mut next: Vec<usize> = (0..buckets).map(|b| b * size).collect();
    for b in 0..buckets {
        let end = ((b + 1) * size).min(n);
        while next[b] < end {
            let i = next[b];
            let to = (dest[i] as usize - base) >> bits;
            if to == b {
                next[b] += 1;
            } else {
                let j = next[to];
                next[to] += 1;
                // Each bucket's cursor moves forward one place at a time: the lines a few
                // places ahead are asked for now, so that the next write there finds them.
                prefetch(items.as_ptr().wrapping_add(j + 16).cast());
                prefetch(dest.as_ptr().wrapping_add(j + 64).cast());
                items.swap(i, j);
                dest.swap(i, j);
            }
        }
    }
    items
        .par_chunks_mut(size)
        .zip(dest.par_chunks_mut(size))
        .enumerate()
        .for_each(|(b, (items, dest))| deal(items, dest, base + b * size));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutes_across_runs_in_place() {
        // Sizes of one run, of several, and past `1 << (RUN_BITS + FAN_BITS)`, which deals in
        // two rounds.
        let two_rounds = (1 << (RUN_BITS + FAN_BITS)) * 2 + 777;
        for n in [
            0,
            1,
            5,
            1 << RUN_BITS,
            3 * (1 << RUN_BITS) + 123,
            two_rounds,
        ] {
            // A scattering permutation: 7,919 is prime and divides none of the sizes.
            let to: Vec<u32> = (0..n)
                .map(|i| ((i * 7919 + 11) % n.max(1)) as u32)
                .collect();
            let mut items: Vec<usize> = (0..n).collect();
            let mut dest = to.clone();
            permute(&mut items, &mut dest);
            for (i, &d) in to.iter().enumerate() {
                assert_eq!(items[d as usize], i, "size {n}");
            }
            assert!(dest.iter().enumerate().all(|(i, &d)| d as usize == i));
        }
    }
}
