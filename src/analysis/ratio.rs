//! Ratios, medians and quantiles: the rounding every metric shares (docs/metrics.md).

/// A ratio rounded to four decimals; `None` on a zero denominator.
pub fn rate(n: u64, d: u64) -> Option<f64> {
    (d != 0).then(|| round4(n as f64 / d as f64))
}

/// `n / d` for floats, rounded to four decimals; `None` when `d` is zero.
pub fn rate_f(n: f64, d: f64) -> Option<f64> {
    (d != 0.0).then(|| round4(n / d))
}

pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The median of `values` (the mean of the middle two for an even count); `None` when empty.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    })
}

/// The value at quantile `q` (0 to 1) with linear interpolation between closest ranks (the
/// common "type 7" definition: the median of an even count is the mean of the middle two).
pub fn quantile(values: &mut [f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let (lo, hi) = ranks(values.len(), q);
    // The lo-th and hi-th values in order, without sorting them all: the lo-th put in its
    // place, the hi-th (when it is the next one) the least of those after it.
    let (_, &mut low, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let high = if hi > lo {
        above.iter().copied().min_by(f64::total_cmp).unwrap_or(low)
    } else {
        low
    };
    Some(between(low, high, values.len(), q))
}

/// The ranks (from 0, in ascending order) of the values that quantile `q` of `n > 0` values lies
/// between: an engine that cannot interpolate returns those two, and `between` finishes.
pub fn ranks(n: usize, q: f64) -> (usize, usize) {
    let pos = q * (n - 1) as f64;
    (pos.floor() as usize, pos.ceil() as usize)
}

/// Quantile `q` of `n` values, from the values at its `ranks`.
pub fn between(low: f64, high: f64, n: usize, q: f64) -> f64 {
    let pos = q * (n - 1) as f64;
    low + (high - low) * (pos - pos.floor())
}

/// Rounded to two decimals, for hours and days.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles() {
        assert_eq!(quantile(&mut [], 0.5), None);
        assert_eq!(quantile(&mut [3.0], 0.9), Some(3.0));
        assert_eq!(quantile(&mut [4.0, 1.0, 3.0, 2.0], 0.5), Some(2.5));
        assert_eq!(quantile(&mut [1.0, 2.0, 3.0, 4.0, 5.0], 0.75), Some(4.0));
        // p90 of 1..=10: position 8.1 -> 9 + 0.1.
        let mut v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(round2(quantile(&mut v, 0.9).unwrap()), 9.1);
        assert_eq!(quantile(&mut [1.0, 1.0, 10.0, 10.0], 0.75), Some(10.0));
    }

    #[test]
    fn quantiles_match_sorting_every_value() {
        // Seeded values with many repeats, sizes 1 to 300, against the sorted ranks.
        let mut next = crate::base::splitmix::numbers(0x2545_F491_4F6C_DD1D);
        for n in 1..300 {
            let values: Vec<f64> = (0..n).map(|_| (next() % 50) as f64 / 4.0).collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            for q in [0.0, 0.25, 0.5, 0.75, 0.9, 1.0] {
                let pos = q * (n - 1) as f64;
                let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
                let want = sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64);
                assert_eq!(quantile(&mut values.clone(), q), Some(want), "{n} {q}");
            }
        }
    }
}
